//! Lists the links of the current network namespace with the async rtnetlink handle, one line
//! per link: name, index, MTU, operational state and MAC address.
//!
//!     cargo run -p netlink-runtime --features tokio --example async_links
//!
//! Output (one line per link, in the kernel's order):
//!
//!     lo index 1 mtu 65536 state UNKNOWN mac 00:00:00:00:00:00
//!     eth0 index 2 mtu 1500 state UP mac 52:54:00:12:34:56

use netlink_runtime::rtnl::AsyncHandle;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), netlink_runtime::Error> {
    let h = AsyncHandle::new()?;
    for l in h.links().await? {
        let mtu = l.mtu().map_or("-".to_owned(), |m| m.to_string());
        // The operational state by its name (`UP`, `DOWN`, `UNKNOWN`, ...).
        let state = l.operstate();
        let mac = match l.address() {
            Some(a) => a
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(":"),
            None => "-".to_owned(),
        };
        println!(
            "{} index {} mtu {mtu} state {state} mac {mac}",
            l.name(),
            l.index()
        );
    }
    Ok(())
}
