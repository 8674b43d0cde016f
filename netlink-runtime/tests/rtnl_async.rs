//! What only the shared async handle has to prove, against the kernel in private namespaces
//! (the twins of the blocking tests are in `rtnl_read.rs`, `rtnl_change.rs`,
//! `rtnl_events.rs` and `families_*.rs`): many tasks on one handle, cancellation (a request
//! dropped between send and ACK, dumps dropped half-way), events in order and an overrun,
//! fairness (a slow dump reader does not stall other tasks' requests), timeouts, the
//! stream-level retry on `NLM_F_DUMP_INTR`.
#![cfg(feature = "tokio")]

mod common;

use std::collections::BTreeSet;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use netlink_runtime::op::{Outgoing, Request};
use netlink_runtime::rtnl::{AsyncHandle, Event, LinkChange, LinkSpec, RouteFilter, RouteSpec};
use netlink_runtime::schemas::netlink::{NLM_F_CREATE, NLM_F_EXCL};
use netlink_runtime::schemas::rtnetlink::{RTM_NEWROUTE, RTNLGRP_IPV4_ROUTE};
use netlink_runtime::tokio::{Connection, ConnectionBuilder, RetryItem};
use netlink_runtime::{Batch, Error, Protocol, Reply, Socket};
use serde_json::Value;

/// A multi-thread runtime: its worker threads are in the host namespace, so the handle must
/// open every socket of its pool in the test thread's namespace anyway.
fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Routes in `table` as `ip -j route show table all` lists them: (table, dst) pairs.
fn ip_routes_in_tables(tables: std::ops::Range<u32>) -> BTreeSet<(u32, String)> {
    let v = common::rtnl::ip_json("route show table all");
    v.as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            let t = match &r["table"] {
                Value::String(s) => s.parse().ok()?,
                Value::Number(n) => n.as_u64()? as u32,
                _ => return None,
            };
            tables
                .contains(&t)
                .then(|| (t, r["dst"].as_str().unwrap().to_owned()))
        })
        .collect()
}

/// Many route adds in batches, as one operation (each message ACKed).
struct Adds(Batch);

impl Request for Adds {
    type Output = ();
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(self.0.clone().into())
    }
    fn finish(&self, _: Reply) -> Result<(), Error> {
        Ok(())
    }
}

/// `n` /32 routes from 198.18.0.0 out of `oif` in `table`, added in batches of 250.
async fn add_routes(h: &AsyncHandle, n: u32, oif: u32, table: u32) {
    let base = u32::from(Ipv4Addr::new(198, 18, 0, 0));
    let mut batch = Batch::new();
    for i in 0..n {
        let dst = IpAddr::V4(Ipv4Addr::from(base + i));
        let spec = RouteSpec::new(dst, 32).dev(oif).table(table);
        batch
            .push(&spec.to_request(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL))
            .unwrap();
        if batch.len() == 250 || i + 1 == n {
            h.run(&Adds(batch.clone())).await.unwrap();
            batch.clear();
        }
    }
}

/// A veth pair `a`/`b`, both up; the index of `a`.
async fn veth_up(h: &AsyncHandle, a: &str, b: &str) -> u32 {
    h.add_link(&LinkSpec::veth(a, b)).await.unwrap();
    for n in [a, b] {
        h.change_link(&LinkChange::name(n).up()).await.unwrap();
    }
    h.link_index(a).await.unwrap()
}

/// Fails the test if `f` does not finish within `secs` seconds (instead of hanging).
async fn within<T>(secs: u64, what: &str, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {secs} s"))
}

#[test]
fn fifty_tasks_issue_a_thousand_requests_on_one_handle() {
    if !common::private_netns("fifty_tasks_issue_a_thousand_requests_on_one_handle") {
        return;
    }
    let rt = multi_thread();
    let h = rt.block_on(async { AsyncHandle::new() }).unwrap();
    let links: Vec<(u32, String)> = rt.block_on(async {
        let mut links = Vec::new();
        for k in 0..10 {
            let (a, b) = (format!("ma{k}"), format!("mb{k}"));
            veth_up(&h, &a, &b).await;
            for n in [a, b] {
                links.push((h.link_index(&n).await.unwrap(), n));
            }
        }
        links
    });
    let oif = links[0].0;
    let links = Arc::new(links);
    let barrier = Arc::new(tokio::sync::Barrier::new(50));
    rt.block_on(async {
        let mut tasks = Vec::new();
        for t in 0..50u32 {
            let (h, links, barrier) = (h.clone(), links.clone(), barrier.clone());
            tasks.push(tokio::spawn(async move {
                barrier.wait().await; // all 50 start together
                let table = 1000 + t;
                let mut done = 0;
                // 20 requests per task: 10 route adds, 9 link reads, 1 add that must fail.
                for i in 0..20u32 {
                    if i % 2 == 0 {
                        let dst = format!("10.{t}.{i}.0/24");
                        h.add_route(&RouteSpec::parse(&dst).unwrap().dev(oif).table(table))
                            .await
                            .unwrap();
                    } else if i < 19 {
                        // Each task reads its own links: the reply must be this task's.
                        let (index, name) = &links[((t + i) % 20) as usize];
                        let l = h.link_by_index(*index).await.unwrap();
                        assert_eq!(
                            (l.name().to_string(), l.index()),
                            (name.clone(), *index),
                            "task {t}"
                        );
                    } else {
                        let dup = format!("10.{t}.0.0/24");
                        let e = h
                            .add_route(&RouteSpec::parse(&dup).unwrap().dev(oif).table(table))
                            .await
                            .unwrap_err();
                        assert_eq!(e.errno(), Some(libc::EEXIST), "task {t}: {e}");
                    }
                    done += 1;
                }
                done
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += within(60, "50 tasks", t).await.unwrap();
        }
        assert_eq!(total, 1000);
    });
    // The kernel's state is what was asked: 10 routes in each of the 50 tables, nothing else.
    let want: BTreeSet<(u32, String)> = (0..50u32)
        .flat_map(|t| {
            (0..20u32)
                .step_by(2)
                .map(move |i| (1000 + t, format!("10.{t}.{i}.0/24")))
        })
        .collect();
    assert_eq!(ip_routes_in_tables(1000..1050), want);
    let conn = h.connection();
    assert!(conn.opened_sockets() as usize <= conn.max_sockets());
    assert_eq!(conn.idle_sockets() as u64, conn.opened_sockets());
}

#[test]
fn dropped_calls_leave_the_one_socket_usable() {
    if !common::private_netns("dropped_calls_leave_the_one_socket_usable") {
        return;
    }
    common::rtnl::ip("link set lo up");
    let rt = common::twin::runtime();
    rt.block_on(async {
        // One socket for everything: every call after a dropped one runs where the dropped
        // one left its replies.
        let conn = Connection::builder(Protocol::ROUTE)
            .max_sockets(1)
            .build()
            .unwrap();
        let h = AsyncHandle::from_connection(conn);

        // A request dropped after its send, before its ACK (the first poll sends, then waits
        // for the reactor): the kernel has done it, its ACK is left on the socket.
        let lo = 1;
        {
            let spec = RouteSpec::parse("192.0.2.0/24").unwrap().dev(lo);
            let fut = h.add_route(&spec);
            let mut fut = std::pin::pin!(fut);
            assert!(futures::poll!(fut.as_mut()).is_pending());
        }
        assert!(common::rtnl::ip("route show").contains("192.0.2.0/24"));
        let l = h.link_by_name("lo").await.unwrap();
        assert_eq!(l.index(), lo);
        assert_eq!(
            h.connection().stale_dropped(),
            1,
            "the dropped request's ACK"
        );

        // A big dump dropped after its first message: the kernel is still dumping.
        let v = veth_up(&h, "da0", "db0").await;
        add_routes(&h, 3000, v, 100).await;
        let mut s = h
            .route_stream(&RouteFilter::main().table(100))
            .await
            .unwrap();
        assert!(s.next().await.unwrap().is_ok());
        drop(s);
        let before = h.connection().stale_dropped();
        // A request on the same socket: the right answer, the dump's tail counted as stale.
        assert_eq!(h.link_by_name("da0").await.unwrap().index(), v);
        assert!(h.connection().stale_dropped() > before);
        // A new dump on it: the old one is drained first, the new one is whole.
        let routes = within(10, "dump after a dropped dump", async {
            h.routes(&RouteFilter::main().table(100)).await.unwrap()
        })
        .await;
        assert_eq!(routes.len(), 3000);

        // Small dumps dropped after their first item, then another dump: whether the kernel
        // sent the end with the data (the rule and nexthop dumps, generic netlink dumps) or
        // after it (links), the next dump must not wait for a rest that will never come.
        common::rtnl::ip("rule add from 10.9.9.0/24 table 9 prio 9");
        common::rtnl::ip("nexthop add id 7 blackhole");
        common::rtnl::ip("nexthop add id 8 blackhole");
        for _ in 0..2 {
            let mut s = h.link_stream().await.unwrap();
            assert!(s.next().await.unwrap().is_ok());
            drop(s);
            let links = within(5, "dump after a dropped link dump", h.links()).await;
            assert_eq!(links.unwrap().len(), 3); // lo, da0, db0
            let mut s = h.rule_stream(netlink_runtime::rtnl::AF_INET).await.unwrap();
            assert!(s.next().await.unwrap().is_ok());
            drop(s);
            let rules = within(
                5,
                "dump after a dropped rule dump",
                h.rules(netlink_runtime::rtnl::AF_INET),
            );
            assert_eq!(rules.await.unwrap().len(), 4); // local, 9, main, default
            let mut s = h.nexthop_stream().await.unwrap();
            assert!(s.next().await.unwrap().is_ok());
            drop(s);
            let nhs = within(5, "dump after a dropped nexthop dump", h.nexthops()).await;
            assert_eq!(nhs.unwrap().len(), 2);
        }
        let genl = Connection::builder(Protocol::GENERIC)
            .max_sockets(1)
            .build()
            .unwrap();
        let nd = netlink_runtime::families::netdev::AsyncNetdev::from_connection(genl)
            .await
            .unwrap();
        for _ in 0..2 {
            let mut s = nd.device_stream().await.unwrap();
            assert!(s.next().await.unwrap().is_ok());
            drop(s);
            let devs = within(5, "dump after a dropped netdev dump", nd.devices()).await;
            assert_eq!(devs.unwrap().len(), 3);
        }
        // A zero-copy dump stopped by its callback, then another call.
        let mut n = 0;
        let r = h
            .for_each_route(&RouteFilter::main().table(100), |_| {
                n += 1;
                Err(Error::Invalid("enough".into()))
            })
            .await;
        assert!(matches!(r, Err(Error::Invalid(_))), "{r:?}");
        assert_eq!(n, 1);
        let t100 = RouteFilter::main().table(100);
        let all = within(10, "dump after a stopped dump", h.routes(&t100)).await;
        assert_eq!(all.unwrap().len(), 3000);
        assert_eq!(h.connection().opened_sockets(), 1);
    });
}

#[test]
fn events_arrive_in_order_and_an_overrun_is_reported_then_the_stream_goes_on() {
    if !common::private_netns("events_arrive_in_order_and_an_overrun_is_reported") {
        return;
    }
    common::rtnl::ip("link set lo up");
    let rt = common::twin::runtime();
    rt.block_on(async {
        let h = AsyncHandle::new().unwrap();
        let v = veth_up(&h, "ev0", "ev1").await;

        // Changes made with `ip` arrive typed and in the order they were made.
        let mut ev = h.events(&[RTNLGRP_IPV4_ROUTE]).unwrap();
        let mut batch = String::new();
        for i in 0..30 {
            batch.push_str(&format!("route add 10.77.{i}.0/24 dev ev0 table 77\n"));
        }
        for i in [3, 1, 2] {
            batch.push_str(&format!("route del 10.77.{i}.0/24 table 77\n"));
        }
        let path = std::env::temp_dir().join(format!("nl-events-{}.batch", std::process::id()));
        std::fs::write(&path, batch).unwrap();
        common::rtnl::ip(&format!("-batch {}", path.display()));
        let _ = std::fs::remove_file(&path);
        let mut seen = Vec::new();
        while seen.len() < 33 {
            let e = within(5, "route events", ev.next()).await.unwrap().unwrap();
            match e {
                Event::NewRoute(r) if r.table() == 77 => seen.push(("add", r.dst().unwrap())),
                Event::DelRoute(r) if r.table() == 77 => seen.push(("del", r.dst().unwrap())),
                _ => {}
            }
        }
        let want: Vec<(&str, IpAddr)> = (0..30)
            .map(|i| ("add", IpAddr::V4(Ipv4Addr::new(10, 77, i, 0))))
            .chain([3, 1, 2].map(|i| ("del", IpAddr::V4(Ipv4Addr::new(10, 77, i, 0)))))
            .collect();
        assert_eq!(seen, want);

        // Overrun: a tiny receive queue and many changes while nobody reads.
        let small = ConnectionBuilder::new(Socket::builder(Protocol::ROUTE).so_rcvbuf(4096))
            .build()
            .unwrap();
        let small = AsyncHandle::from_connection(small);
        let mut ev = small.events(&[RTNLGRP_IPV4_ROUTE]).unwrap();
        add_routes(&h, 2000, v, 88).await;
        let mut overrun_at = None;
        let mut n = 0;
        // The queue holds a handful of events, then ENOBUFS; then the stream goes on.
        while overrun_at.is_none() && n < 3000 {
            match within(5, "events before the overrun", ev.next())
                .await
                .unwrap()
            {
                Err(Error::Overrun) => overrun_at = Some(n),
                Ok(_) => n += 1,
                Err(e) => panic!("{e}"),
            }
        }
        let at = overrun_at.expect("an overrun after 2000 changes into a 4 KiB queue");
        assert!(at < 2000, "{at} events before the overrun");
        // Read what the queue still holds (the reader catches up, as a resync would)...
        while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(200), ev.next()).await {
            assert!(
                matches!(e, Ok(Event::NewRoute(_)) | Err(Error::Overrun)),
                "{e:?}"
            );
        }
        // ...then later changes arrive again.
        common::rtnl::ip("route add 203.0.113.0/24 dev ev0 table 99");
        match within(5, "the event after the overrun", ev.next())
            .await
            .unwrap()
        {
            Ok(Event::NewRoute(r)) if r.table() == 99 => {
                assert_eq!(r.dst(), Some("203.0.113.0".parse().unwrap()));
            }
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn a_slow_dump_reader_does_not_stall_other_tasks() {
    if !common::private_netns("a_slow_dump_reader_does_not_stall_other_tasks") {
        return;
    }
    let rt = multi_thread();
    rt.block_on(async {
        // Two sockets: one for the dump, one left for requests.
        let conn = Connection::builder(Protocol::ROUTE)
            .max_sockets(2)
            .build()
            .unwrap();
        let h = AsyncHandle::from_connection(conn);
        let v = veth_up(&h, "fa0", "fb0").await;
        add_routes(&h, 5000, v, 200).await;

        // A dump read once and then left unread: the kernel has filled one datagram of it and
        // waits for the reader.
        let mut held = h
            .route_stream(&RouteFilter::main().table(200))
            .await
            .unwrap();
        let first = held.next().await.unwrap().unwrap();

        // Meanwhile 20 tasks run 50 requests each to completion.
        let mut tasks = Vec::new();
        for t in 0..20u32 {
            let h = h.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..25u32 {
                    let dst = format!("10.{t}.{i}.0/24");
                    h.add_route(&RouteSpec::parse(&dst).unwrap().dev(v).table(300 + t))
                        .await
                        .unwrap();
                    assert_eq!(h.link_by_index(v).await.unwrap().name(), "fa0");
                }
            }));
        }
        for t in tasks {
            within(20, "requests while a dump is held", t)
                .await
                .unwrap();
        }
        // A second dump waits for the dump socket (documented), but does not block requests.
        let short = h.with_timeout(Some(Duration::from_millis(300)));
        let e = short.links().await.unwrap_err();
        assert!(matches!(e, Error::Timeout(_)), "{e}");
        assert_eq!(short.link_index("fa0").await.unwrap(), v);

        // The held dump is intact when its reader comes back.
        let mut n = 1;
        let mut dsts = BTreeSet::from([first.dst()]);
        while let Some(r) = held.next().await {
            dsts.insert(r.unwrap().dst());
            n += 1;
        }
        assert_eq!((n, dsts.len()), (5000, 5000));
        assert_eq!(ip_routes_in_tables(300..320).len(), 500);
    });
}

#[test]
fn every_call_times_out_and_the_handle_stays_usable() {
    if !common::private_netns("every_call_times_out_and_the_handle_stays_usable") {
        return;
    }
    let rt = common::twin::runtime();
    rt.block_on(async {
        let t = Duration::from_millis(200);
        let conn = Connection::builder(Protocol::ROUTE)
            .max_sockets(1)
            .timeout(t)
            .build()
            .unwrap();
        let h = AsyncHandle::from_connection(conn);
        let v = veth_up(&h, "ta0", "tb0").await;
        add_routes(&h, 1000, v, 50).await;
        // Hold the only socket with a dump: every other call must time out, not hang.
        let mut held = h
            .route_stream(&RouteFilter::main().table(50))
            .await
            .unwrap();
        assert!(held.next().await.unwrap().is_ok());
        let timed_out = |r: Result<(), Error>, what: &str| match r {
            Err(Error::Timeout(d)) => assert_eq!(d, t, "{what}"),
            other => panic!("{what}: {other:?}"),
        };
        timed_out(h.link_by_name("lo").await.map(drop), "run");
        timed_out(h.links().await.map(drop), "collect");
        timed_out(h.for_each_link(|_| Ok(())).await, "for_each");
        timed_out(h.route_stream(&RouteFilter::main()).await.map(drop), "dump");
        timed_out(
            h.connection().resolve_family("nlctrl").await.map(drop),
            "resolve_family",
        );
        drop(held);
        // Nothing of the timed-out calls is left behind.
        assert_eq!(h.link_by_name("ta0").await.unwrap().index(), v);
        assert_eq!(
            h.routes(&RouteFilter::main().table(50))
                .await
                .unwrap()
                .len(),
            1000
        );
        // `with_timeout(None)` shares the pool without the timeout.
        let patient = h.with_timeout(None);
        assert_eq!(patient.connection().timeout(), None);
        assert_eq!(patient.links().await.unwrap().len(), 3);
    });
}

#[test]
fn retrying_stream_starts_over_on_dump_intr() {
    if !common::private_netns("retrying_stream_starts_over_on_dump_intr") {
        return;
    }
    let rt = common::twin::runtime();
    rt.block_on(async {
        // A small receive buffer makes the link dump span many datagrams.
        let conn = ConnectionBuilder::new(Socket::builder(Protocol::ROUTE).recv_buffer(4096))
            .build()
            .unwrap();
        let h = AsyncHandle::from_connection(conn);
        let other = AsyncHandle::new().unwrap();
        for i in 0..150 {
            other
                .add_link(&LinkSpec::bridge(format!("rb{i}")))
                .await
                .unwrap();
        }
        // Attempt 1 sees the link list change under it (NLM_F_DUMP_INTR, reported after the
        // data); the retrying stream says so and starts over; attempt 2 is whole.
        let mut s = h.link_stream().await.unwrap().retrying(3);
        let mut attempt = 1;
        let mut names = Vec::new();
        let mut changed = false;
        while let Some(item) = within(10, "retrying stream", s.next()).await {
            match item.unwrap() {
                RetryItem::Item(l) => {
                    names.push(l.name().to_string());
                    if !changed {
                        other.add_link(&LinkSpec::bridge("rbchange")).await.unwrap();
                        changed = true;
                    }
                }
                RetryItem::Restarted { attempt: a } => {
                    attempt = a;
                    names.clear();
                }
            }
        }
        assert_eq!(attempt, 2);
        assert_eq!(names.len(), 152); // lo, 150 bridges, the one added during attempt 1
        assert!(names.iter().any(|n| n == "rbchange"));

        // Without the retry, the interruption is a typed error after the data; `restart`
        // starts over on the same socket.
        let mut s = h.link_stream().await.unwrap();
        let mut n = 0;
        let mut last = None;
        while let Some(item) = s.next().await {
            match item {
                Ok(_) => {
                    if n == 0 {
                        other
                            .add_link(&LinkSpec::bridge("rbchange2"))
                            .await
                            .unwrap();
                    }
                    n += 1;
                }
                Err(e) => last = Some(e),
            }
        }
        assert!(
            matches!(last, Some(Error::DumpInterrupted { attempts: 1 })),
            "{last:?}"
        );
        assert!(n >= 152);
        s.restart().await.unwrap();
        let mut again = 0;
        while let Some(item) = s.next().await {
            item.unwrap();
            again += 1;
        }
        assert_eq!(again, 153);
    });
}

/// The operations this round added, on the async handle: kinds, namespaces, statistics,
/// route get, the FDB, a failing object in a dump.
#[test]
fn new_operations_on_the_async_handle() {
    if !common::private_netns("new_operations_on_the_async_handle") {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use netlink_runtime::rtnl::*;
        let h = AsyncHandle::new().unwrap();
        h.add_link(&LinkSpec::bridge("abr0").up()).await.unwrap();
        h.add_link(&LinkSpec::veth("ax0", "ax1")).await.unwrap();
        let br = h.link_index("abr0").await.unwrap();
        h.change_link(&LinkChange::name("ax0").master(br).up())
            .await
            .unwrap();
        h.add_altnames("ax0", &["async-uplink"]).await.unwrap();
        assert_eq!(
            h.link("async-uplink").await.unwrap().name(),
            "ax0",
            "by alternative name"
        );
        let ax0 = h.link_index("ax0").await.unwrap();
        // (No VLAN: a bridge without VLAN filtering refuses FDB entries with one.)
        h.add_fdb(&FdbSpec::new(ax0, [2, 0, 0, 0, 0, 7]).static_())
            .await
            .unwrap();
        let fdb = h.fdb(&FdbDump::port(ax0)).await.unwrap();
        assert!(fdb
            .iter()
            .any(|e| e.mac() == [2, 0, 0, 0, 0, 7] && e.state() == NeighbourState::NOARP));
        h.change_link(&LinkChange::name("lo").up()).await.unwrap();
        let r = h
            .route_get(&RouteGet::new("127.0.0.1".parse().unwrap()))
            .await
            .unwrap();
        assert_eq!(r.kind(), RouteType::Local);
        let s = h.link_stats().await.unwrap();
        assert_eq!(s.len(), 4);
        h.del_link("ax0").await.unwrap();
        assert!(matches!(h.link("ax1").await, Err(Error::NotFound(_))));
    });
}
