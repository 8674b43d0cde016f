//! What the kernel says when it refuses a request: the errno and its extended-ACK text
//! (`NETLINK_EXT_ACK`), as `ip` prints them. Runs in a private network namespace of its own
//! (needs root).
//!
//! ```text
//! sudo cargo run -p netlink-runtime --example kernel_error
//! ```

use netlink_runtime::rtnl::{Handle, LinkSpec, RouteSpec};

fn main() -> Result<(), netlink_runtime::Error> {
    netlink_runtime::netns::unshare_current_thread()?;
    let mut h = Handle::new()?;
    h.add_link(&LinkSpec::bridge("br0"))?;
    // The name is taken.
    let e = h.add_link(&LinkSpec::bridge("br0")).unwrap_err();
    println!("add br0 again: errno {:?}: {e}", e.errno());
    // A gateway that is not reachable from any link.
    let br = h.link_index("br0")?;
    let e = h
        .add_route(
            &RouteSpec::parse("198.51.100.0/24")?
                .gateway("203.0.113.1".parse()?)
                .dev(br),
        )
        .unwrap_err();
    println!(
        "route via an unreachable gateway: errno {:?}, kernel says {:?}",
        e.errno(),
        e.kernel_message()
    );
    Ok(())
}
