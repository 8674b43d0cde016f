//! The offload features of a device as `ethtool -k DEV` lists them (generic netlink family
//! ethtool), then turn one off. Runs in a private network namespace of its own on a veth it
//! makes there (needs root).
//!
//! ```text
//! sudo cargo run -p netlink-runtime --features ethtool --example ethtool_features
//! ```

use netlink_runtime::families::ethtool::Ethtool;
use netlink_runtime::rtnl::{Handle, LinkSpec};

fn main() -> Result<(), netlink_runtime::Error> {
    netlink_runtime::netns::unshare_current_thread()?;
    Handle::new()?.add_link(&LinkSpec::veth("v0", "v1"))?;
    let mut eth = Ethtool::new()?;
    eth.set_features("v0", [("rx-checksum", false)])?;
    for f in eth
        .feature_states("v0")?
        .iter()
        .filter(|f| !f.name.is_empty())
    {
        let fixed = if f.fixed { " [fixed]" } else { "" };
        println!("{}: {}{fixed}", f.name, if f.active { "on" } else { "off" });
    }
    Ok(())
}
