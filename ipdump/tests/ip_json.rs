//! `ipdump`'s JSON against `ip -j`: a scene made with `ip` (veths, a bridge with ports, vxlan,
//! macvlan, macvtap, IPv4 and IPv6 addresses, routes in several tables, multipath, metrics,
//! neighbours, rules, nexthops and a group), every object printed and compared with `ip -j`,
//! and `monitor`'s events. Each test runs in a private namespace.

mod common;

use std::time::{Duration, Instant};

use common::*;
use ipdump::json::{self, DumpOptions, LinkNames, Object, Style};
use netlink_runtime::rtnl::{Events, Handle, AF_INET, AF_INET6, ALL_GROUPS};

const SCENE: &str = "
    link set lo up
    link add v0 type veth peer name v1
    link add v2 type veth peer name v3
    link add br0 type bridge
    link set v1 master br0
    link set v3 master br0
    link set v0 up
    link set v1 up
    link set v2 up
    link set v3 up
    link set br0 up
    link add vx0 type vxlan id 42 dstport 4789 dev v0
    link add mv0 link v0 type macvlan mode bridge
    link add mvt0 link v2 type macvtap mode bridge
    addr add 192.0.2.1/24 brd 192.0.2.255 dev v0
    addr add 10.1.1.1/32 peer 10.1.1.2 dev v0 label v0:x
    addr add 2001:db8::1/64 dev v0 nodad
    addr add 198.18.0.1/16 dev br0
    route add 198.51.100.0/24 via 192.0.2.2 metric 10
    route add 10.10.0.0/16 tos 0x10 dev v0
    route add 10.11.0.0/16 tos 0x28 via 192.0.2.2
    route add 10.12.0.0/16 tos 0x10 encap ip id 7 dst 192.0.2.8 ttl 3 dev v0
    route add 10.13.0.0/16 encap ip dst 192.0.2.9 key csum via 192.0.2.2
    route add 10.14.0.0/16 encap ip6 id 2 dst 2001:db8::7 hoplimit 9 tc 3 dev v0
    route add 10.15.0.0/16 encap seg6 mode encap segs 2001:db8::a,2001:db8::b dev v0
    -6 route add 2001:db8:71::/48 encap seg6 mode inline segs 2001:db8::a,2001:db8::b dev v0
    -6 route add 2001:db8:72::/48 encap seg6 mode l2encap.red segs 2001:db8::c dev v0
    -6 route add 2001:db8:a1::/48 encap seg6local action End.X nh6 2001:db8::5 dev v0
    -6 route add 2001:db8:a2::/48 encap seg6local action End.DT6 table 100 dev v0
    -6 route add 2001:db8:a3::/48 encap seg6local action End.DX4 nh4 192.0.2.7 dev v0
    -6 route add 2001:db8:a4::/48 encap seg6local action End.B6 srh segs 2001:db8::1,2001:db8::2 dev v0
    -6 route add 2001:db8:a5::/48 encap seg6local action End.DX2 oif v0 dev v0
    -6 route add 2001:db8:a6::/48 encap seg6local action End count dev v0
    route add 203.0.113.0/24 table 100 proto bird dev v0 mtu 1400 advmss 1300
    route add 10.9.0.0/16 nexthop via 192.0.2.2 weight 2 nexthop via 192.0.2.3 weight 1
    route add 10.8.0.0/16 dev v0 mtu lock 1300 initcwnd 10 congctl cubic
    route add 10.4.0.0/16 via 192.0.2.2 table 1000 proto static
    -6 route add 2001:db8:5::/48 via 2001:db8::2 metric 5
    -6 route add 2001:db8:6::/48 nexthop via 2001:db8::2 weight 3 nexthop via 2001:db8::3
    route add blackhole 10.7.0.0/16
    route add unreachable 10.6.0.0/16 table 200
    neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0
    neigh add 192.0.2.10 lladdr 02:00:00:00:00:0a dev v0 nud reachable
    -6 neigh add 2001:db8::9 lladdr 02:00:00:00:00:0b dev v0 router
    nexthop add id 1 via 192.0.2.2 dev v0
    nexthop add id 2 via 192.0.2.3 dev v0
    nexthop add id 4 dev v0
    nexthop add id 3 blackhole
    nexthop add id 10 group 1/2,3
    route add 10.5.0.0/16 nhid 10
    rule add from 10.0.0.0/8 table 100 prio 100
    rule add fwmark 0x10/0xff table 200
    rule add not to 1.2.3.0/24 iif v9 prohibit
    -6 rule add from 2001:db8::/32 table 100
";

#[test]
fn ipdump_matches_ip_json_on_every_object() {
    if !private_netns("ipdump_matches_ip_json_on_every_object") {
        return;
    }
    ip_all(SCENE);
    let mut h = Handle::new().unwrap();
    let n = compare(
        &mut h,
        Object::Link,
        &opts(0, None, None),
        "-d link show",
        Some(LINK_KEYS),
    );
    assert_eq!(n, 9);
    compare(
        &mut h,
        Object::Addr,
        &opts(0, None, None),
        "addr show",
        None,
    );
    compare(
        &mut h,
        Object::Addr,
        &opts(AF_INET6, None, Some("v0")),
        "-6 addr show dev v0",
        None,
    );
    compare(
        &mut h,
        Object::Addr,
        &opts(AF_INET6, None, None),
        "-6 addr show",
        None,
    );
    compare(
        &mut h,
        Object::Addr,
        &opts(AF_INET, None, None),
        "-4 addr show",
        None,
    );
    let k = Some(ROUTE_KEYS);
    let n = compare(&mut h, Object::Route, &opts(0, None, None), "route show", k);
    assert!(n >= 7, "{n}");
    compare(
        &mut h,
        Object::Route,
        &opts(AF_INET6, None, None),
        "-6 route show",
        k,
    );
    let all = compare(
        &mut h,
        Object::Route,
        &opts(0, Some("all"), None),
        "route show table all",
        k,
    );
    assert!(all > n);
    compare(
        &mut h,
        Object::Route,
        &opts(AF_INET, Some("all"), None),
        "-4 route show table all",
        k,
    );
    compare(
        &mut h,
        Object::Route,
        &opts(0, Some("100"), None),
        "route show table 100",
        k,
    );
    compare(
        &mut h,
        Object::Route,
        &opts(0, Some("1000"), None),
        "route show table 1000",
        k,
    );
    compare(
        &mut h,
        Object::Route,
        &opts(0, Some("local"), None),
        "route show table local",
        k,
    );
    compare(
        &mut h,
        Object::Route,
        &opts(0, None, Some("v0")),
        "route show dev v0",
        k,
    );
    compare(
        &mut h,
        Object::Neigh,
        &opts(0, None, None),
        "neigh show",
        Some(NEIGH_KEYS),
    );
    compare(
        &mut h,
        Object::Neigh,
        &opts(AF_INET6, None, Some("v0")),
        "-6 neigh show dev v0",
        Some(NEIGH_KEYS),
    );
    compare(
        &mut h,
        Object::Rule,
        &opts(0, None, None),
        "rule show",
        None,
    );
    compare(
        &mut h,
        Object::Rule,
        &opts(AF_INET6, None, None),
        "-6 rule show",
        None,
    );
    let nh = compare(
        &mut h,
        Object::Nexthop,
        &opts(0, None, None),
        "nexthop show",
        None,
    );
    assert_eq!(nh, 5);
}

/// Where we print every key `ip` prints, the bytes are `ip`'s, in both layouts (`-j`, `-j -p`):
/// key order, value formats, indentation.
#[test]
fn ipdump_prints_ip_json_byte_for_byte() {
    if !private_netns("ipdump_prints_ip_json_byte_for_byte") {
        return;
    }
    ip_all(SCENE);
    let mut h = Handle::new().unwrap();
    let cases: &[(Object, DumpOptions, &str)] = &[
        (Object::Addr, opts(0, None, None), "addr show"),
        (
            Object::Addr,
            opts(AF_INET6, None, Some("v0")),
            "-6 addr show dev v0",
        ),
        (Object::Addr, opts(AF_INET, None, None), "-4 addr show"),
        (Object::Route, opts(0, None, None), "route show"),
        (Object::Route, opts(AF_INET6, None, None), "-6 route show"),
        // With `-s`: a seg6local route's counters.
        (
            Object::Route,
            DumpOptions {
                stats: 1,
                ..opts(AF_INET6, None, None)
            },
            "-s -6 route show",
        ),
        (
            Object::Route,
            opts(0, Some("all"), None),
            "route show table all",
        ),
        (
            Object::Route,
            opts(0, Some("100"), None),
            "route show table 100",
        ),
        (
            Object::Route,
            opts(0, None, Some("v0")),
            "route show dev v0",
        ),
        (Object::Neigh, opts(0, None, None), "neigh show"),
        (Object::Rule, opts(0, None, None), "rule show"),
        (Object::Rule, opts(AF_INET6, None, None), "-6 rule show"),
        (Object::Nexthop, opts(0, None, None), "nexthop show"),
    ];
    for (object, o, args) in cases {
        compare_bytes(&mut h, *object, o, args);
    }
}

#[test]
fn monitor_prints_one_json_object_per_event() {
    if !private_netns("monitor_prints_one_json_object_per_event") {
        return;
    }
    let mut h = Handle::new().unwrap();
    let mut ev = Events::subscribe(ALL_GROUPS).unwrap();
    let mut names = LinkNames::load(&mut h).unwrap();
    ip("link add br8 type bridge");
    ip("link set br8 up");
    ip("addr add 192.0.2.8/24 dev br8");
    ip("route add 203.0.113.0/24 via 192.0.2.1");
    ip("link set br8 mtu 1400");
    // Print every event as `ipdump monitor` does until the route and the MTU change showed up.
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    let done = |lines: &[String]| {
        lines.iter().any(|l| l.contains("203.0.113.0/24"))
            && lines.iter().any(|l| l.contains("\"mtu\":1400"))
    };
    while Instant::now() < deadline && !done(&lines) {
        let mut out = Vec::new();
        let r = ev
            .next_raw_timeout(Duration::from_millis(200), |m| {
                json::write_event(&mut out, Style::Compact, m, &mut names)
            })
            .unwrap();
        if let Some(r) = r {
            r.unwrap();
        }
        if !out.is_empty() {
            lines.push(String::from_utf8(out).unwrap());
        }
    }
    let objs: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| {
            assert!(l.ends_with('\n') && l.matches('\n').count() == 1, "{l:?}");
            serde_json::from_str(l).unwrap()
        })
        .collect();
    let route = objs.iter().find(|o| o["event"] == "newroute").unwrap();
    let route = objs
        .iter()
        .find(|o| o["event"] == "newroute" && o["dst"] == "203.0.113.0/24")
        .unwrap_or(route);
    assert_eq!(route["dst"], "203.0.113.0/24");
    assert_eq!(route["gateway"], "192.0.2.1");
    assert_eq!(route["dev"], "br8");
    let link = objs
        .iter()
        .find(|o| o["event"] == "newlink" && o["mtu"] == 1400)
        .unwrap();
    assert_eq!(
        (link["ifname"].clone(), link["mtu"].clone()),
        ("br8".into(), 1400.into())
    );
}
