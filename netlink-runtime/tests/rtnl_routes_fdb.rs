//! Routes and the bridge FDB against the kernel: `ip route get` with its selectors, deleting
//! exactly the route named, multipath with per-hop encapsulation, FDB entries compared with
//! `bridge -j fdb show`; names that are not UTF-8 (links, rules, events); a dump in which
//! one object fails to decode delivers the others and reports the failure. Each test runs in a
//! private namespace.

mod common;
use common::rtnl as util;

use std::net::IpAddr;

use netlink_runtime::codec::FromMessage;
use netlink_runtime::op::Dump;
use netlink_runtime::rtnl::*;
use netlink_runtime::{Error, Message, MessageBuilder};
use serde_json::Value;
use util::*;

fn ipa(s: &str) -> IpAddr {
    s.parse().unwrap()
}

const SCENE: &str = "
    link set lo up
    link add v0 type veth peer name v1
    link set v0 up
    link set v1 up
    addr add 192.0.2.1/24 dev v0
    route add 198.51.100.0/24 via 192.0.2.2
    route add 203.0.113.0/24 via 192.0.2.3 table 100
    rule add fwmark 7 table 100 prio 100
";

#[test]
fn route_get_answers_as_ip_route_get() {
    if !private_netns("route_get_answers_as_ip_route_get") {
        return;
    }
    ip_all(SCENE);
    let mut h = Handle::new().unwrap();
    let v0 = h.link_index("v0").unwrap();
    let cases: [(RouteGet, &str); 4] = [
        (RouteGet::new(ipa("198.51.100.7")), "198.51.100.7"),
        (
            RouteGet::new(ipa("203.0.113.9")).mark(7).uid(1000),
            "203.0.113.9 mark 7 uid 1000",
        ),
        (
            RouteGet::new(ipa("192.0.2.7"))
                .from(ipa("192.0.2.1"))
                .oif(v0),
            "192.0.2.7 from 192.0.2.1 oif v0",
        ),
        (
            RouteGet::new(ipa("198.51.100.7")).fibmatch(),
            "198.51.100.7 fibmatch",
        ),
    ];
    for (get, args) in cases {
        let r = h.route_get(&get).unwrap();
        let j = &ip_json(&format!("route get {args}"))[0];
        let dst = match j["dst"].as_str().unwrap() {
            d if d.contains('/') => d.split('/').next().unwrap().to_owned(),
            d => d.to_owned(),
        };
        assert_eq!(r.dst(), Some(ipa(&dst)), "{args}");
        assert_eq!(
            r.gateway().map(|g| g.to_string()),
            j["gateway"].as_str().map(str::to_owned),
            "{args}"
        );
        assert_eq!(r.oif(), Some(v0), "{args}");
        assert_eq!(
            r.prefsrc().map(|g| g.to_string()),
            j["prefsrc"].as_str().map(str::to_owned),
            "{args}"
        );
        assert_eq!(r.uid().map(u64::from), j["uid"].as_u64(), "{args}");
        assert_eq!(r.mark().map(u64::from), j["mark"].as_u64(), "{args}");
    }
    // The fwmark rule sends marked packets to table 100.
    let r = h
        .route_get(&RouteGet::new(ipa("203.0.113.9")).mark(7).lookup_table())
        .unwrap();
    assert_eq!(r.table(), 100);
    // No route: the kernel's answer, as an error.
    let e = h.route_get(&RouteGet::new(ipa("203.0.113.9"))).unwrap_err();
    assert_eq!(e.errno(), Some(libc::ENETUNREACH), "{e}");
}

#[test]
fn delete_matches_exactly_what_is_named() {
    if !private_netns("delete_matches_exactly_what_is_named") {
        return;
    }
    ip_all(SCENE);
    let mut h = Handle::new().unwrap();
    // Two routes to one prefix, by different protocols and metrics.
    ip("route add 10.0.0.0/8 via 192.0.2.2 proto bird metric 10");
    ip("route add 10.0.0.0/8 via 192.0.2.3 proto static metric 20");
    let only_static = RouteSpec::parse("10.0.0.0/8")
        .unwrap()
        .protocol(RouteProtocol::Static);
    h.del_route(&only_static).unwrap();
    let left = ip_json("route show 10.0.0.0/8");
    assert_eq!(left.as_array().unwrap().len(), 1, "{left}");
    assert_eq!(left[0]["protocol"], "bird");
    // Naming it again: nothing static is left to delete.
    let e = h.del_route(&only_static).unwrap_err();
    assert_eq!(e.errno(), Some(libc::ESRCH), "{e}");
    // A route read back names itself: deleting it deletes that one.
    let r = h
        .routes(&RouteFilter::main().family(AF_INET))
        .unwrap()
        .into_iter()
        .find(|r| r.dst() == Some(ipa("10.0.0.0")))
        .unwrap();
    assert_eq!(r.protocol(), RouteProtocol::Bird);
    h.del_route(&RouteSpec::from(&r)).unwrap();
    assert!(ip_json("route show 10.0.0.0/8")
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn multipath_with_per_hop_encapsulation() {
    if !private_netns("multipath_with_per_hop_encapsulation") {
        return;
    }
    ip_all(SCENE);
    let mut h = Handle::new().unwrap();
    let mut vx = VxlanData::default();
    vx.collect_metadata = Some(1);
    vx.port = Some(4789);
    h.add_link(&LinkSpec::new("vx0", "vxlan", Some(LinkData::Vxlan(vx))).up())
        .unwrap();
    let vx0 = h.link_index("vx0").unwrap();
    let v0 = h.link_index("v0").unwrap();
    let tun = IpEncap::new(7, "10.0.0.2".parse().unwrap());
    h.add_route(
        &RouteSpec::parse("10.2.0.0/16")
            .unwrap()
            .hop(NextHop::new(None, vx0, 2).encap(RouteEncap::Ip(tun.clone())))
            .nexthop(Some(ipa("192.0.2.2")), v0, 1),
    )
    .unwrap();
    h.add_route(
        &RouteSpec::parse("10.3.0.0/16")
            .unwrap()
            .dev(vx0)
            .encap(RouteEncap::Ip(IpEncap::new(9, "10.0.0.9".parse().unwrap()))),
    )
    .unwrap();
    let j = ip_json("-d route show 10.2.0.0/16");
    let hops = j[0]["nexthops"].as_array().unwrap();
    assert_eq!(
        (
            hops[0]["encap"].clone(),
            hops[0]["id"].clone(),
            hops[0]["dst"].clone()
        ),
        ("ip".into(), 7.into(), "10.0.0.2".into())
    );
    let routes = h.routes(&RouteFilter::main().family(AF_INET)).unwrap();
    let r = routes
        .iter()
        .find(|r| r.dst() == Some(ipa("10.2.0.0")))
        .unwrap();
    let hops = r.multipath();
    assert_eq!(hops.len(), 2);
    // The kernel answers with every field of the metadata (zeros for those not given).
    match &hops[0].encap {
        Some(RouteEncap::Ip(e)) => assert_eq!((e.id, e.dst, e.ttl), (tun.id, tun.dst, Some(0))),
        other => panic!("{other:?}"),
    }
    assert_eq!((hops[0].oif, hops[0].weight), (vx0, 2));
    assert_eq!(hops[1].encap, None);
    let r = routes
        .iter()
        .find(|r| r.dst() == Some(ipa("10.3.0.0")))
        .unwrap();
    match r.encap() {
        Some(RouteEncap::Ip(e)) => {
            assert_eq!((e.id, e.dst), (Some(9), Some("10.0.0.9".parse().unwrap())))
        }
        other => panic!("{other:?}"),
    }
}

/// `bridge -j fdb show` keys by MAC and device.
fn fdb_json() -> Vec<Value> {
    let out = netlink_tests::run("bridge", &["-j", "fdb", "show"]);
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn fdb_entries_as_bridge_fdb_shows_them() {
    if !private_netns("fdb_entries_as_bridge_fdb_shows_them") {
        return;
    }
    // No IPv6 here: its multicast entries would come and go between the two listings.
    for f in ["all", "default"] {
        std::fs::write(format!("/proc/sys/net/ipv6/conf/{f}/disable_ipv6"), "1").unwrap();
    }
    let mut h = Handle::new().unwrap();
    h.add_link(&LinkSpec::bridge("br0").up()).unwrap();
    h.add_link(&LinkSpec::veth("v0", "v1")).unwrap();
    let br = h.link_index("br0").unwrap();
    let v0 = h.link_index("v0").unwrap();
    h.change_link(&LinkChange::name("v0").master(br).up())
        .unwrap();
    let mut vx = VxlanData::default();
    vx.id = Some(10);
    vx.port = Some(4789);
    vx.learning = Some(0);
    h.add_link(&LinkSpec::new("vx0", "vxlan", Some(LinkData::Vxlan(vx))))
        .unwrap();
    let vx0 = h.link_index("vx0").unwrap();

    let mac1 = [2, 0, 0, 0, 0, 1];
    h.add_fdb(&FdbSpec::new(v0, mac1).static_()).unwrap();
    h.add_fdb(&FdbSpec::new(v0, [2, 0, 0, 0, 0, 2])).unwrap();
    h.add_fdb(&FdbSpec::new(v0, [2, 0, 0, 0, 0, 3]).self_())
        .unwrap();
    h.append_fdb(&FdbSpec::new(vx0, [0; 6]).self_().dst(ipa("192.0.2.9")))
        .unwrap();
    h.add_fdb(
        &FdbSpec::new(vx0, [2, 0, 0, 0, 0, 4])
            .self_()
            .dst(ipa("192.0.2.10"))
            .vni(20)
            .port(4790),
    )
    .unwrap();
    // Every entry bridge lists, we list: same MAC, device, master, remote, vni, port, state.
    let ours = h.fdb(&FdbDump::all()).unwrap();
    let theirs = fdb_json();
    assert_eq!(ours.len(), theirs.len(), "{ours:?}\n{theirs:?}");
    let names: std::collections::HashMap<u32, String> = h
        .links()
        .unwrap()
        .iter()
        .map(|l| (l.index(), l.name().to_string()))
        .collect();
    for e in &ours {
        let mac: Vec<String> = e.mac().iter().map(|b| format!("{b:02x}")).collect();
        let mac = mac.join(":");
        let dev = &names[&e.ifindex()];
        let j = theirs
            .iter()
            .find(|j| {
                j["mac"] == mac.as_str()
                    && j["ifname"] == dev.as_str()
                    && j["dst"].as_str().map(str::to_owned) == e.dst().map(|d| d.to_string())
            })
            .unwrap_or_else(|| panic!("{mac} dev {dev} not listed by bridge: {theirs:?}"));
        assert_eq!(
            j["master"].as_str(),
            e.master().map(|m| names[&m].as_str()),
            "{j}"
        );
        assert_eq!(j["vni"].as_u64(), e.vni().map(u64::from), "{j}");
        assert_eq!(j["port"].as_u64(), e.port().map(u64::from), "{j}");
        let self_flag = j["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("self"));
        assert_eq!(self_flag, e.flags().contains(NeighbourFlags::SELF), "{j}");
        let state = match e.state() {
            NeighbourState::NOARP => "static",
            NeighbourState::PERMANENT => "permanent",
            _ => "",
        };
        if !state.is_empty() {
            assert_eq!(j["state"], state, "{j}");
        }
    }
    // Filtered by the kernel: one port, one bridge.
    let port = h.fdb(&FdbDump::port(vx0)).unwrap();
    assert_eq!(port.len(), 2);
    assert!(port.iter().all(|e| e.ifindex() == vx0));
    let on_br = h.fdb(&FdbDump::bridge(br)).unwrap();
    assert!(on_br.iter().any(|e| e.mac() == mac1));
    assert!(on_br.iter().all(|e| e.ifindex() != vx0));
    // Delete what was read.
    let e = ours.iter().find(|e| e.mac() == mac1).unwrap();
    h.del_fdb(&FdbSpec::from(e)).unwrap();
    assert!(!fdb_json().iter().any(|j| j["mac"] == "02:00:00:00:00:01"));
}

#[test]
fn names_that_are_not_utf8_read_back_from_the_kernel() {
    if !private_netns("names_that_are_not_utf8_read_back_from_the_kernel") {
        return;
    }
    let mut events =
        Events::subscribe(&[netlink_runtime::schemas::rtnetlink::RTNLGRP_LINK]).unwrap();
    let mut h = Handle::new().unwrap();
    let name: &[u8] = b"b\xffad";
    h.add_link(&LinkSpec::veth(name, "p0")).unwrap();
    ip("rule add iif x\u{ff} table 100 pref 200");
    // `ip` wrote the rule's name as UTF-8 (x, U+00FF); add one with the raw byte ourselves.
    h.add_rule(
        &RuleSpec::lookup(AF_INET, 101)
            .priority(201)
            .iif(&b"x\xff"[..]),
    )
    .unwrap();
    let links = h.links().unwrap();
    let l = links.iter().find(|l| l.name().as_bytes() == name).unwrap();
    assert_eq!(l.name().to_string(), "b\u{FFFD}ad");
    // Named back to the kernel exactly.
    assert_eq!(h.link(l.name()).unwrap().index(), l.index());
    let mut seen = false;
    h.for_each_link(|r| {
        seen |= r.ifname.unwrap().as_bytes() == name;
        Ok(())
    })
    .unwrap();
    assert!(seen);
    let rules = h.rules(AF_INET).unwrap();
    let r = rules.iter().find(|r| r.priority() == Some(201)).unwrap();
    assert_eq!(r.iifname().unwrap().as_bytes(), b"x\xff");
    let r = rules.iter().find(|r| r.priority() == Some(200)).unwrap();
    assert_eq!(r.iifname().unwrap(), "x\u{ff}");
    // The event of its creation decodes too.
    let mut found = false;
    while let Some(ev) = events
        .next_timeout(std::time::Duration::from_millis(500))
        .unwrap()
    {
        if let Event::NewLink(l) = ev {
            found |= l.name().as_bytes() == name;
        }
    }
    assert!(found);
}

/// Link dump whose decoder refuses the link called `lo` (standing in for a malformed object:
/// the kernel itself sends none).
struct LinksExceptLo;

impl Dump for LinksExceptLo {
    type Item<'a> = LinkRef<'a>;
    fn request(&self) -> Result<MessageBuilder, Error> {
        LinkDump.request()
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<LinkRef<'a>>, Error> {
        let l = LinkRef::from_message(msg)?;
        if l.ifname.is_some_and(|n| n == "lo") {
            return Err(Error::Invalid("lo is refused by this test".into()));
        }
        Ok(Some(l))
    }
}

#[test]
fn a_failing_object_does_not_stop_the_dump() {
    if !private_netns("a_failing_object_does_not_stop_the_dump") {
        return;
    }
    let mut h = Handle::new().unwrap();
    h.add_link(&LinkSpec::veth("v0", "v1")).unwrap();
    // for_each: every other link delivered, then the failure reported.
    let mut names = Vec::new();
    let e = h
        .for_each(&LinksExceptLo, |l| -> Result<(), Error> {
            names.push(l.ifname.unwrap().to_string());
            Ok(())
        })
        .unwrap_err();
    names.sort();
    assert_eq!(names, ["v0", "v1"]);
    match &e {
        Error::Objects {
            failed,
            count,
            delivered,
        } => {
            assert_eq!((*count, *delivered, failed.len()), (1, 2, 1));
            assert_eq!(
                failed[0].kind,
                netlink_runtime::schemas::rtnetlink::RTM_NEWLINK
            );
            assert!(failed[0].error.to_string().contains("lo is refused"));
        }
        other => panic!("{other}"),
    }
    assert!(e
        .to_string()
        .contains("1 object(s) of the dump could not be read (2 delivered)"));
    // for_each_result: each object where it comes.
    let (mut ok, mut bad) = (0, 0);
    h.for_each_result(&LinksExceptLo, |r| -> Result<(), Error> {
        match r {
            Ok(_) => ok += 1,
            Err(_) => bad += 1,
        }
        Ok(())
    })
    .unwrap();
    assert_eq!((ok, bad), (2, 1));
    // The socket is in a clean state afterwards.
    assert_eq!(h.links().unwrap().len(), 3);
}
