//! Watch link, address and route changes for a while: subscribe to the rtnetlink groups, make
//! a few changes from another thread, and print each event as it arrives; stop when nothing
//! happened for a second. Runs in a private network namespace of its own (needs root).
//!
//! ```text
//! sudo cargo run -p netlink-runtime --example events
//! ```

use std::time::Duration;

use netlink_runtime::rtnl::{AddrSpec, Event, Events, Handle, LinkSpec, ALL_GROUPS};

fn main() -> Result<(), netlink_runtime::Error> {
    netlink_runtime::netns::unshare_current_thread()?;
    let mut events = Events::subscribe(ALL_GROUPS)?;
    let mut h = Handle::new()?;
    h.add_link(&LinkSpec::bridge("br0").up())?;
    let br = h.link_index("br0")?;
    h.add_address(&AddrSpec::new(br, "192.0.2.1".parse()?, 24))?;
    h.del_link(br)?;
    while let Some(ev) = events.next_timeout(Duration::from_secs(1))? {
        match ev {
            Event::NewLink(l) => println!("new link {} {}", l.index(), l.name()),
            Event::DelLink(l) => println!("deleted link {} {}", l.index(), l.name()),
            Event::NewAddr(a) => println!("new address {:?}/{}", a.local(), a.prefixlen()),
            Event::DelAddr(a) => println!("deleted address {:?}/{}", a.local(), a.prefixlen()),
            Event::NewRoute(r) => println!(
                "new route {:?}/{} table {}",
                r.dst(),
                r.dst_len(),
                r.table()
            ),
            Event::DelRoute(r) => {
                println!(
                    "deleted route {:?}/{} table {}",
                    r.dst(),
                    r.dst_len(),
                    r.table()
                )
            }
            other => println!("{other:?}"),
        }
    }
    Ok(())
}
