//! Rough cost check for the dump hot path: in a private namespace, add N
//! IPv4 routes, then time (a) a dump that only counts messages and (b) a
//! dump that also walks every attribute. Needs root.
//!
//! `cargo run --release -p netlink-runtime --example route_dump_bench -- 100000`

use std::time::Instant;

use netlink_runtime::builder::{Batch, MessageBuilder};
use netlink_runtime::consts::*;
use netlink_runtime::{netns, Error, Protocol, Socket};

fn main() -> Result<(), Error> {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    if !netns::is_root() {
        eprintln!("needs root");
        return Ok(());
    }
    netns::unshare_current_thread()?;
    let mut s = Socket::open(Protocol::ROUTE)?;
    // ifb needs no peer and can be brought up.
    let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    b.push_header_bytes(&[0u8; 16]);
    b.attr_str(IFLA_IFNAME, "bench0");
    let li = b.begin_nest(IFLA_LINKINFO);
    b.attr_str(IFLA_INFO_KIND, "ifb");
    b.end_nest(li);
    s.request(&mut b)?;
    let mut idx = 0i32;
    s.dump_each(&mut get_links(), |m| {
        for a in m.attrs(16)? {
            let a = a?;
            if a.kind() == IFLA_IFNAME && a.as_str()? == "bench0" {
                idx = i32::from_ne_bytes(m.payload()[4..8].try_into().unwrap_or([0; 4]));
            }
        }
        Ok::<_, Error>(())
    })?;
    let mut up = MessageBuilder::new(RTM_NEWLINK, 0);
    let mut ifi = [0u8; 16];
    ifi[4..8].copy_from_slice(&idx.to_ne_bytes());
    ifi[8..12].copy_from_slice(&IFF_UP.to_ne_bytes());
    ifi[12..16].copy_from_slice(&IFF_UP.to_ne_bytes());
    up.push_header_bytes(&ifi);
    s.request(&mut up)?;

    let t = Instant::now();
    let mut batch = Batch::new();
    for i in 0..n {
        let dst = (10u32 << 24) + i;
        let mut r = MessageBuilder::new(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
        r.push_header_bytes(&[
            AF_INET,
            32,
            0,
            0,
            RT_TABLE_MAIN,
            RTPROT_STATIC,
            RT_SCOPE_LINK,
            RTN_UNICAST,
            0,
            0,
            0,
            0,
        ]);
        r.attr(RTA_DST, &dst.to_be_bytes());
        r.attr_u32(RTA_OIF, idx as u32);
        batch.push(&r)?;
        if batch.len() == 250 {
            s.request(&mut batch)?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        s.request(&mut batch)?;
    }
    println!("added {n} routes in {:?}", t.elapsed());

    for round in 0..3 {
        let t = Instant::now();
        let mut msgs = 0u64;
        let mut d = s.dump(&mut get_routes())?;
        while let Some(_m) = d.next()? {
            msgs += 1;
        }
        let count_only = t.elapsed();

        let t = Instant::now();
        let mut attrs = 0u64;
        let mut sum = 0u64;
        let mut d = s.dump(&mut get_routes())?;
        while let Some(m) = d.next()? {
            for a in m.attrs(RTMSG_LEN)? {
                let a = a?;
                attrs += 1;
                if a.kind() == RTA_DST {
                    sum = sum.wrapping_add(a.payload().len() as u64);
                }
            }
        }
        let walk = t.elapsed();
        println!(
            "round {round}: {msgs} msgs, count-only {count_only:?}, walk {attrs} attrs {walk:?} (+{:.1}%) [{sum}]",
            (walk.as_secs_f64() / count_only.as_secs_f64() - 1.0) * 100.0
        );
    }
    Ok(())
}

fn get_links() -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_GETLINK, 0);
    b.push_header_bytes(&[0u8; 16]);
    b
}

fn get_routes() -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_GETROUTE, 0);
    b.push_header_bytes(&[AF_INET, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    b
}
