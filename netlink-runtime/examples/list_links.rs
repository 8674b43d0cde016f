//! List the links of this network namespace: index, name, MTU, state and MAC address, as
//! `ip -br link` shows them.
//!
//! ```text
//! cargo run -p netlink-runtime --example list_links
//! ```

use netlink_runtime::rtnl::Handle;

fn main() -> Result<(), netlink_runtime::Error> {
    let mut h = Handle::new()?;
    for link in h.links()? {
        let mac = link
            .address()
            .map(|a| {
                a.iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<Vec<_>>()
                    .join(":")
            })
            .unwrap_or_default();
        let state = if link.is_up() { "UP" } else { "DOWN" };
        println!(
            "{:>3} {:<16} mtu {:<5} {:<4} {}",
            link.index(),
            link.name(),
            link.mtu().unwrap_or(0),
            state,
            mac
        );
    }
    Ok(())
}
