//! Events: changes made with `ip` arrive as typed `rtnl::Event`s, in order, on the blocking
//! `rtnl::Events` and on the async stream of `rtnl::AsyncHandle::events` (each test written
//! once, see `common::twin`).

mod common;
use common::rtnl as util;
use common::twin::twins;

use std::time::{Duration, Instant};

use netlink_runtime::rtnl::{Event, Events, Handle, LinkChange, ALL_GROUPS};
use netlink_runtime::rtnl::{RouteTable, AF_INET, AF_INET6};
use util::*;

twins! {
blocking {
    pub type H = Handle;
    pub fn subscribe_all() -> Events {
        Events::subscribe_all().unwrap()
    }
    pub fn subscribe_in(name: &str) -> Events {
        Events::in_netns(name, ALL_GROUPS).unwrap()
    }
    pub fn open_in(name: &str) -> H {
        Handle::in_netns(name).unwrap()
    }
    /// Collect events until `pred` matched one (or time runs out).
    pub fn wait_for(ev: &mut Events, what: &str, mut pred: impl FnMut(&Event) -> bool) -> Event {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            match ev.next_timeout(Duration::from_millis(200)).unwrap() {
                Some(e) if pred(&e) => return e,
                Some(e) => seen.push(e),
                None => {}
            }
        }
        panic!("no {what} event; saw {seen:#?}");
    }
}
tokio {
    use futures::StreamExt;
    use netlink_runtime::rtnl::{AsyncHandle, EventDecoder};
    use netlink_runtime::tokio::Subscription;
    pub type H = AsyncHandle;
    pub fn subscribe_all() -> Subscription<EventDecoder> {
        AsyncHandle::new().unwrap().events(ALL_GROUPS).unwrap()
    }
    pub fn subscribe_in(name: &str) -> Subscription<EventDecoder> {
        AsyncHandle::in_netns(name).unwrap().events(ALL_GROUPS).unwrap()
    }
    pub fn open_in(name: &str) -> H {
        AsyncHandle::in_netns(name).unwrap()
    }
    /// Collect events from the stream until `pred` matched one (or time runs out).
    pub async fn wait_for(
        ev: &mut Subscription<EventDecoder>,
        what: &str,
        mut pred: impl FnMut(&Event) -> bool,
    ) -> Event {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        while let Ok(next) = tokio::time::timeout_at(deadline, ev.next()).await {
            match next.expect("the event stream does not end").unwrap() {
                e if pred(&e) => return e,
                e => seen.push(e),
            }
        }
        panic!("no {what} event; saw {seen:#?}");
    }
}

test fn ip_changes_arrive_as_typed_events() {
    let mut ev = subscribe_all();
    ip("link set lo up");
    ip("link add br9 type bridge");
    let br = match io!(wait_for(
        &mut ev,
        "NewLink br9",
        |e| matches!(e, Event::NewLink(l) if l.name() == "br9"),
    )) {
        Event::NewLink(l) => l,
        _ => unreachable!(),
    };
    assert_eq!(br.kind(), Some("bridge"));
    ip("link set br9 up");
    ip("addr add 192.0.2.7/24 dev br9");
    let a = io!(wait_for(&mut ev, "NewAddr", |e| matches!(e, Event::NewAddr(_))));
    let Event::NewAddr(a) = a else { unreachable!() };
    assert_eq!((a.index(), a.prefixlen()), (br.index(), 24));
    assert_eq!(a.local(), Some("192.0.2.7".parse().unwrap()));
    ip("-6 addr add 2001:db8::7/64 dev br9 nodad");
    io!(wait_for(
        &mut ev,
        "NewAddr v6",
        |e| matches!(e, Event::NewAddr(a) if a.family() == AF_INET6 && a.prefixlen() == 64),
    ));
    ip("route add 198.51.100.0/24 via 192.0.2.1 table 100 proto static");
    let Event::NewRoute(r) = io!(wait_for(
        &mut ev,
        "NewRoute",
        |e| matches!(e, Event::NewRoute(r) if r.table() == 100),
    )) else {
        unreachable!()
    };
    assert_eq!(r.dst(), Some("198.51.100.0".parse().unwrap()));
    assert_eq!(r.gateway(), Some("192.0.2.1".parse().unwrap()));
    ip("-6 route add 2001:db8:1::/48 dev br9");
    io!(wait_for(
        &mut ev,
        "NewRoute v6",
        |e| matches!(e, Event::NewRoute(r) if r.family() == AF_INET6 && r.dst_len() == 48),
    ));
    ip("neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev br9");
    let Event::NewNeigh(n) = io!(wait_for(&mut ev, "NewNeigh", |e| matches!(e, Event::NewNeigh(_))))
    else {
        unreachable!()
    };
    assert_eq!(n.lladdr(), Some(&[2, 0, 0, 0, 0, 9][..]));
    ip("rule add from 10.0.0.0/8 table 100 prio 100");
    let Event::NewRule(ru) = io!(wait_for(&mut ev, "NewRule", |e| matches!(e, Event::NewRule(_))))
    else {
        unreachable!()
    };
    assert_eq!(
        (ru.family(), ru.priority(), ru.table()),
        (AF_INET, Some(100), RouteTable(100))
    );
    ip("-6 rule add from 2001:db8::/32 table 100 prio 100");
    io!(wait_for(
        &mut ev,
        "NewRule v6",
        |e| matches!(e, Event::NewRule(r) if r.family() == AF_INET6),
    ));
    ip("nexthop add id 5 via 192.0.2.1 dev br9");
    io!(wait_for(
        &mut ev,
        "NewNexthop",
        |e| matches!(e, Event::NewNexthop(n) if n.id() == 5),
    ));
    ip("route del 198.51.100.0/24 table 100");
    io!(wait_for(
        &mut ev,
        "DelRoute",
        |e| matches!(e, Event::DelRoute(r) if r.table() == 100),
    ));
    ip("neigh del 192.0.2.9 dev br9");
    io!(wait_for(&mut ev, "DelNeigh", |e| matches!(e, Event::DelNeigh(_))));
    ip("rule del prio 100");
    io!(wait_for(&mut ev, "DelRule", |e| matches!(e, Event::DelRule(_))));
    ip("addr del 192.0.2.7/24 dev br9");
    io!(wait_for(&mut ev, "DelAddr", |e| matches!(e, Event::DelAddr(_))));
    ip("link del br9");
    io!(wait_for(
        &mut ev,
        "DelLink",
        |e| matches!(e, Event::DelLink(l) if l.name() == "br9"),
    ));
}

test fn events_in_a_named_netns() {
    // Unique per call: the blocking and the async twin of this test run at the same time.
    let ns = netlink_tests::NamedNetns::create("rtnl-ev");
    let name = ns.0.clone();
    let mut ev = subscribe_in(&name);
    ip(&format!("-n {name} link add nsbr1 type bridge"));
    io!(wait_for(
        &mut ev,
        "NewLink in netns",
        |e| matches!(e, Event::NewLink(l) if l.name() == "nsbr1"),
    ));
    // Our own changes in that namespace, through a Handle opened there.
    let mut h = open_in(&name);
    let i = io!(h.link_index("nsbr1")).unwrap();
    io!(h.change_link(&LinkChange::index(i).mtu(1300))).unwrap();
    io!(wait_for(
        &mut ev,
        "NewLink mtu",
        |e| matches!(e, Event::NewLink(l) if l.mtu() == Some(1300)),
    ));
    assert_eq!(
        ip_json(&format!("-n {name} link show nsbr1"))[0]["mtu"],
        1300
    );
}
}
