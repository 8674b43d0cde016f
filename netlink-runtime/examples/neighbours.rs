//! Add permanent ARP and NDP entries, then list the neighbour table. Runs in a private network
//! namespace of its own (needs root).
//!
//! ```text
//! sudo cargo run -p netlink-runtime --example neighbours
//! ```

use netlink_runtime::rtnl::{Handle, LinkSpec, NeighSpec};

fn main() -> Result<(), netlink_runtime::Error> {
    netlink_runtime::netns::unshare_current_thread()?;
    let mut h = Handle::new()?;
    h.add_link(&LinkSpec::veth("v0", "v1").up())?;
    let v0 = h.link_index("v0")?;
    h.add_neighbour(&NeighSpec::new(
        v0,
        "192.0.2.9".parse()?,
        &[2, 0, 0, 0, 0, 9],
    ))?;
    h.add_neighbour(&NeighSpec::new(
        v0,
        "2001:db8::9".parse()?,
        &[2, 0, 0, 0, 0, 10],
    ))?;
    for n in h.neighbours()? {
        let (Some(dst), Some(mac)) = (n.dst(), n.lladdr()) else {
            continue;
        };
        let mac: Vec<String> = mac.iter().map(|b| format!("{b:02x}")).collect();
        // The state's name as iproute2 prints it (`PERMANENT`, `REACHABLE`, ...).
        println!("{dst} lladdr {} {}", mac.join(":"), n.state());
    }
    Ok(())
}
