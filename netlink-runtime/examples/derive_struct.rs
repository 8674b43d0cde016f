//! Your own lazy parser: derive a struct with only the route fields you want from the bundled
//! rtnetlink schema, and stream the kernel's routes through it (nothing is allocated per route;
//! attributes the struct does not name are skipped by length).
//!
//! ```text
//! cargo run -p netlink-runtime --example derive_struct
//! ```

use std::net::IpAddr;

use netlink_derive::Netlink;
use netlink_runtime::codec::{FromMessage, ToMessage};
use netlink_runtime::schemas::netlink::NLM_F_DUMP;
use netlink_runtime::schemas::rtnetlink::{RTM_GETROUTE, RTM_NEWROUTE, RT_TABLE_MAIN};
use netlink_runtime::{Protocol, Socket};

/// The four fields we care about.
#[derive(Netlink, Debug)]
#[netlink(schema = "rtnetlink", message = "route")]
struct MyRoute {
    #[netlink(header = "rtm_dst_len")]
    dst_len: u8,
    dst: Option<IpAddr>, // RTA_DST
    oif: Option<u32>,    // RTA_OIF
    table: Option<u32>,  // RTA_TABLE
}

/// The dump request: an `rtmsg` and an `RTA_TABLE` filter the kernel applies.
#[derive(Netlink, Default)]
#[netlink(schema = "rtnetlink", message = "route")]
struct TableFilter {
    table: Option<u32>,
}

fn main() -> Result<(), netlink_runtime::Error> {
    let mut sock = Socket::open(Protocol::ROUTE)?;
    let mut req = TableFilter {
        table: Some(RT_TABLE_MAIN),
    }
    .to_message(RTM_GETROUTE, NLM_F_DUMP);
    let mut dump = sock.dump(&mut req)?;
    let mut n = 0;
    while let Some(msg) = dump.next()? {
        if msg.kind() != RTM_NEWROUTE {
            continue;
        }
        let r = MyRoute::from_message(&msg)?;
        let dst = r
            .dst
            .map(|d| d.to_string())
            .unwrap_or_else(|| "default".into());
        println!("{dst}/{} oif {:?} table {:?}", r.dst_len, r.oif, r.table);
        n += 1;
    }
    println!("{n} routes in the main table");
    Ok(())
}
