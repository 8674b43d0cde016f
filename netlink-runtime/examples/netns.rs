//! Work in another network namespace without moving the program: open an rtnetlink handle in
//! the namespace `ip netns` calls NAME and list its links.
//!
//! ```text
//! sudo ip netns add demo
//! sudo cargo run -p netlink-runtime --example netns -- demo
//! ```

use netlink_runtime::rtnl::Handle;

fn main() -> Result<(), netlink_runtime::Error> {
    let Some(name) = std::env::args().nth(1) else {
        eprintln!("usage: netns NAME");
        std::process::exit(2);
    };
    let mut h = Handle::in_netns(&name)?;
    for l in h.links()? {
        println!("{name}: {} {}", l.index(), l.name());
    }
    Ok(())
}
