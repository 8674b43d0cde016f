//! Add IPv4 and IPv6 addresses to a link, list them, delete one. Runs in a private network
//! namespace of its own (needs root).
//!
//! ```text
//! sudo cargo run -p netlink-runtime --example addresses
//! ```

use netlink_runtime::rtnl::{AddrSpec, Handle, LinkSpec};

fn main() -> Result<(), netlink_runtime::Error> {
    netlink_runtime::netns::unshare_current_thread()?;
    let mut h = Handle::new()?;
    h.add_link(&LinkSpec::veth("v0", "v1").up())?;
    let v0 = h.link_index("v0")?;
    h.add_address(&AddrSpec::new(v0, "192.0.2.1".parse()?, 24))?;
    h.add_address(&AddrSpec::new(v0, "198.51.100.7".parse()?, 32).label("v0:svc"))?;
    h.add_address(&AddrSpec::new(v0, "2001:db8::1".parse()?, 64))?;
    h.del_address(&AddrSpec::new(v0, "198.51.100.7".parse()?, 32))?;
    for a in h.addresses()?.iter().filter(|a| a.index() == v0) {
        if let Some(local) = a.local() {
            println!("{local}/{} dev v0 scope {}", a.prefixlen(), a.scope());
        }
    }
    Ok(())
}
