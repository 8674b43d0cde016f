//! Routes with a table, a metric and several next hops (ECMP with weights), read back from the
//! kernel. Runs in a private network namespace of its own (needs root).
//!
//! ```text
//! sudo cargo run -p netlink-runtime --example routes
//! ```

use netlink_runtime::rtnl::{AddrSpec, Handle, LinkSpec, RouteFilter, RouteSpec, RouteTable};

fn main() -> Result<(), netlink_runtime::Error> {
    netlink_runtime::netns::unshare_current_thread()?;
    let mut h = Handle::new()?;
    h.add_link(&LinkSpec::veth("v0", "v1").up())?;
    let v0 = h.link_index("v0")?;
    h.add_address(&AddrSpec::new(v0, "192.0.2.1".parse()?, 24))?;
    // Via a gateway, with a metric, in the main table.
    h.add_route(
        &RouteSpec::parse("198.51.100.0/24")?
            .gateway("192.0.2.2".parse()?)
            .metric(100),
    )?;
    // Directly out of a device, in table 100.
    h.add_route(&RouteSpec::parse("203.0.113.0/24")?.dev(v0).table(100))?;
    // Two next hops, weights 3 and 1.
    h.add_route(
        &RouteSpec::parse("10.20.0.0/16")?
            .nexthop(Some("192.0.2.2".parse()?), v0, 3)
            .nexthop(Some("192.0.2.3".parse()?), v0, 1),
    )?;
    for r in h.routes(&RouteFilter::all_tables())? {
        let Some(dst) = r.dst() else { continue };
        if r.table() == RouteTable::LOCAL {
            continue; // the local table's host routes
        }
        print!("{dst}/{} table {}", r.dst_len(), r.table());
        if let Some(gw) = r.gateway() {
            print!(" via {gw}");
        }
        if let Some(m) = r.priority() {
            print!(" metric {m}");
        }
        for nh in r.multipath() {
            print!(
                " nexthop via {} weight {}",
                nh.gateway.map(|g| g.to_string()).unwrap_or_default(),
                nh.weight
            );
        }
        println!();
    }
    Ok(())
}
