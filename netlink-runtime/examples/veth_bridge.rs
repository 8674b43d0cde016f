//! Create a veth pair and a bridge, put one end of the veth into the bridge, bring everything
//! up, and show the result. Runs in a private network namespace of its own (needs root), so it
//! never touches this machine's links.
//!
//! ```text
//! sudo cargo run -p netlink-runtime --example veth_bridge
//! ```

use netlink_runtime::rtnl::{Handle, LinkChange, LinkSpec};

fn main() -> Result<(), netlink_runtime::Error> {
    netlink_runtime::netns::unshare_current_thread()?;
    let mut h = Handle::new()?;
    h.add_link(&LinkSpec::bridge("br0"))?;
    h.add_link(&LinkSpec::veth("veth0", "veth1").mtu(1400))?;
    let br = h.link_index("br0")?;
    h.change_link(&LinkChange::name("veth1").master(br).up())?;
    h.change_link(&LinkChange::name("veth0").up())?;
    h.change_link(&LinkChange::name("br0").up())?;
    for l in h.links()? {
        let master = l
            .master()
            .map(|m| format!(" master {m}"))
            .unwrap_or_default();
        println!(
            "{} {} kind {} mtu {}{master}",
            l.index(),
            l.name(),
            l.kind().unwrap_or("-"),
            l.mtu().unwrap_or(0)
        );
    }
    Ok(())
}
