//! Changing: a scene made with `rtnl::Handle` (veth, bridge with ports, vxlan, macvlan,
//! macvtap, addresses, routes with gateway / device / metric / table / protocol / scope,
//! multipath with weights, metrics, neighbours, rules, nexthops and a group) read back with
//! `ip -j`, then changed and deleted and read back again; with `rtnl::Handle` and with its async
//! twin `rtnl::AsyncHandle` (each test is written once, see `common::twin`). Each test runs in a
//! private namespace.

mod common;
use common::rtnl as util;
use common::twin::twins;

use std::net::IpAddr;

use netlink_runtime::rtnl::{
    AddrSpec, Handle, LinkChange, LinkSpec, MacvlanMode, Metrics, NeighSpec, NeighbourFlags,
    NeighbourState, NexthopSpec, RouteProtocol, RouteScope, RouteSpec, RouteType, RuleAction,
    RuleSpec,
};
use netlink_runtime::rtnl::{AF_INET, AF_INET6};
use serde_json::{json, Value};
use util::*;

fn ipa(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn find<'a>(v: &'a Value, key: &str, val: &str) -> &'a Value {
    v.as_array()
        .unwrap()
        .iter()
        .find(|o| o[key] == val)
        .unwrap_or_else(|| panic!("no {key}={val} in {v}"))
}

twins! {
blocking {
    pub type H = Handle;
    pub fn open() -> H {
        Handle::new().unwrap()
    }
}
tokio {
    pub type H = netlink_runtime::rtnl::AsyncHandle;
    pub fn open() -> H {
        H::new().unwrap()
    }
}

helper fn scene(h: &mut H) -> (u32, u32, u32) {
    let lo = io!(h.link_index("lo")).unwrap();
    io!(h.change_link(&LinkChange::index(lo).up())).unwrap();
    io!(h.add_link(&LinkSpec::veth("v0", "v1"))).unwrap();
    io!(h.add_link(&LinkSpec::veth("v2", "v3").mtu(1400))).unwrap();
    io!(h.add_link(&LinkSpec::bridge("br0"))).unwrap();
    let (v0, v1, v2, v3, br) = (
        io!(h.link_index("v0")).unwrap(),
        io!(h.link_index("v1")).unwrap(),
        io!(h.link_index("v2")).unwrap(),
        io!(h.link_index("v3")).unwrap(),
        io!(h.link_index("br0")).unwrap(),
    );
    io!(h.change_link(&LinkChange::index(v1).master(br).up()))
        .unwrap();
    io!(h.change_link(&LinkChange::index(v3).master(br).up()))
        .unwrap();
    for i in [v0, v2, br] {
        io!(h.change_link(&LinkChange::index(i).up())).unwrap();
    }
    io!(h.add_link(&LinkSpec::vxlan("vx0", 42, 4789, Some(v0))))
        .unwrap();
    io!(h.add_link(&LinkSpec::macvlan("mv0", v0, MacvlanMode::Bridge))).unwrap();
    io!(h.add_link(&LinkSpec::macvtap("mvt0", v2, MacvlanMode::Bridge))).unwrap();
    io!(h.add_address(
        &AddrSpec::new(v0, ipa("192.0.2.1"), 24).broadcast("192.0.2.255".parse().unwrap()),
    ))
    .unwrap();
    io!(h.add_address(
        &AddrSpec::new(v0, ipa("10.1.1.1"), 32)
            .peer(ipa("10.1.1.2"))
            .label("v0:x"),
    ))
    .unwrap();
    io!(h.add_address(&AddrSpec::new(v0, ipa("2001:db8::1"), 64).nodad()))
        .unwrap();
    io!(h.add_address(&AddrSpec::new(br, ipa("198.18.0.1"), 16)))
        .unwrap();
    (v0, v2, br)
}

test fn links_created_and_changed_read_back_with_ip() {
    let mut h = open();
    let (v0, _v2, br) = io!(scene(&mut h));
    let j = ip_json("-d link show");
    for (name, kind) in [
        ("v0", "veth"),
        ("v1", "veth"),
        ("v3", "veth"),
        ("br0", "bridge"),
        ("vx0", "vxlan"),
        ("mv0", "macvlan"),
        ("mvt0", "macvtap"),
    ] {
        assert_eq!(
            find(&j, "ifname", name)["linkinfo"]["info_kind"],
            kind,
            "{name}"
        );
    }
    assert_eq!(find(&j, "ifname", "v1")["master"], "br0");
    assert_eq!(find(&j, "ifname", "v3")["master"], "br0");
    assert_eq!(find(&j, "ifname", "v1")["link"], "v0");
    assert_eq!(find(&j, "ifname", "v2")["mtu"], 1400);
    assert_eq!(find(&j, "ifname", "vx0")["linkinfo"]["info_data"]["id"], 42);
    assert_eq!(
        find(&j, "ifname", "vx0")["linkinfo"]["info_data"]["port"],
        4789
    );
    assert_eq!(
        find(&j, "ifname", "vx0")["linkinfo"]["info_data"]["link"],
        "v0"
    );
    assert_eq!(
        find(&j, "ifname", "mv0")["linkinfo"]["info_data"]["mode"],
        "bridge"
    );
    assert_eq!(find(&j, "ifname", "mv0")["link"], "v0");
    assert!(find(&j, "ifname", "v0")["flags"]
        .as_array()
        .unwrap()
        .contains(&json!("UP")));

    // Change: down, mtu, name, address, master off.
    io!(h.change_link(
        &LinkChange::index(v0)
            .down()
            .mtu(1280)
            .rename("up0")
            .address(&[2, 0, 0, 0, 0, 0x42]),
    ))
    .unwrap();
    let l = &ip_json("link show dev up0")[0];
    assert_eq!(l["mtu"], 1280);
    assert_eq!(l["address"], "02:00:00:00:00:42");
    assert!(!l["flags"].as_array().unwrap().contains(&json!("UP")));
    let v1 = io!(h.link_index("v1")).unwrap();
    io!(h.change_link(&LinkChange::index(v1).nomaster())).unwrap();
    assert!(ip_json("link show dev v1")[0].get("master").is_none());
    io!(h.change_link(&LinkChange::index(v1).master(br))).unwrap();
    assert_eq!(ip_json("link show dev v1")[0]["master"], "br0");

    // vlan: the request is built; this kernel has no 8021q module, so the kernel says so.
    match io!(h.add_link(&LinkSpec::vlan("vl0", br, 10))) {
        Ok(()) => assert_eq!(
            ip_json("-d link show dev vl0")[0]["linkinfo"]["info_data"]["id"],
            10
        ),
        Err(e) => {
            assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}");
            assert!(
                e.kernel_message()
                    .unwrap_or("")
                    .contains("Unknown device type"),
                "{e}"
            );
        }
    }
    // Extended ACK text surfaces.
    let e = io!(h.add_link(&LinkSpec::bridge("br0"))).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST));

    // Delete: the veth peer goes with it.
    let up0 = io!(h.link_index("up0")).unwrap();
    io!(h.del_link(up0)).unwrap();
    let names: Vec<String> = ip_json("link show")
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !names.contains(&"up0".to_owned()) && !names.contains(&"v1".to_owned()),
        "{names:?}"
    );
}

test fn addresses_routes_neighbours_rules_nexthops_read_back_with_ip() {
    let mut h = open();
    let (v0, v2, br) = io!(scene(&mut h));

    // Addresses.
    let j = ip_json("addr show dev v0");
    let infos = j[0]["addr_info"].as_array().unwrap();
    let a = infos.iter().find(|a| a["local"] == "192.0.2.1").unwrap();
    assert_eq!(
        (a["prefixlen"].clone(), a["broadcast"].clone()),
        (json!(24), json!("192.0.2.255"))
    );
    assert_eq!(a["label"], "v0");
    let p = infos.iter().find(|a| a["local"] == "10.1.1.1").unwrap();
    assert_eq!(
        (p["address"].clone(), p["label"].clone()),
        (json!("10.1.1.2"), json!("v0:x"))
    );
    let a6 = infos.iter().find(|a| a["local"] == "2001:db8::1").unwrap();
    assert_eq!(a6["nodad"], true);
    // Without `.nodad()` the kernel is told nothing more: the address goes through duplicate
    // address detection (v0 has carrier: its peer is up), so it starts tentative.
    io!(h.add_address(&AddrSpec::new(v0, ipa("2001:db8::7"), 64))).unwrap();
    let j = ip_json("-6 addr show dev v0");
    let a6 = j[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["local"] == "2001:db8::7")
        .unwrap();
    assert_eq!(
        (a6["nodad"].clone(), a6["tentative"].clone()),
        (json!(null), json!(true)),
        "{a6}"
    );
    io!(h.replace_address(&AddrSpec::new(br, ipa("198.18.0.1"), 16).lifetimes(3000, 2000)))
        .unwrap();
    let b = &ip_json("-4 addr show dev br0")[0]["addr_info"][0];
    assert_eq!(b["valid_life_time"], 3000);
    assert_eq!(b["dynamic"], true);
    io!(h.del_address(&AddrSpec::new(br, ipa("198.18.0.1"), 16)))
        .unwrap();
    assert!(ip_json("-4 addr show dev br0")
        .as_array()
        .unwrap()
        .is_empty());

    // Routes.
    let gw = ipa("192.0.2.2");
    io!(h.add_route(
        &RouteSpec::parse("198.51.100.0/24")
            .unwrap()
            .gateway(gw)
            .metric(10),
    ))
    .unwrap();
    let mut metrics = Metrics::default();
    metrics.mtu = Some(1400);
    metrics.advmss = Some(1300);
    io!(h.add_route(
        &RouteSpec::parse("203.0.113.0/24")
            .unwrap()
            .dev(v0)
            .table(100)
            .protocol(RouteProtocol::Bird)
            .metrics(metrics.clone()),
    ))
    .unwrap();
    io!(h.add_route(
        &RouteSpec::parse("10.4.0.0/16")
            .unwrap()
            .gateway(gw)
            .table(1000),
    ))
    .unwrap();
    io!(h.add_route(
        &RouteSpec::parse("10.9.0.0/16")
            .unwrap()
            .nexthop(Some(gw), v0, 2)
            .nexthop(Some(ipa("192.0.2.3")), v0, 1),
    ))
    .unwrap();
    io!(h.add_route(
        &RouteSpec::parse("2001:db8:6::/48")
            .unwrap()
            .nexthop(Some(ipa("2001:db8::2")), v0, 3)
            .nexthop(Some(ipa("2001:db8::3")), v0, 1),
    ))
    .unwrap();
    io!(h.add_route(
        &RouteSpec::parse("2001:db8:5::/48")
            .unwrap()
            .gateway(ipa("2001:db8::2"))
            .metric(5),
    ))
    .unwrap();
    io!(h.add_route(
        &RouteSpec::parse("10.8.0.0/16")
            .unwrap()
            .dev(v0)
            .scope(RouteScope::Link),
    ))
    .unwrap();
    io!(h.add_route(&RouteSpec::parse("10.7.0.0/16").unwrap().kind(RouteType::Blackhole)))
        .unwrap();

    let r = find(&ip_json("route show"), "dst", "198.51.100.0/24").clone();
    assert_eq!(
        (r["gateway"].clone(), r["dev"].clone(), r["metric"].clone()),
        (json!("192.0.2.2"), json!("v0"), json!(10))
    );
    assert_eq!(r["protocol"], "static");
    let r = &ip_json("route show table 100")[0];
    assert_eq!(r["dst"], "203.0.113.0/24");
    assert_eq!(r["protocol"], "bird");
    assert_eq!(r["scope"], "link");
    assert_eq!(r["metrics"], json!([{"mtu": 1400, "advmss": 1300}]));
    assert_eq!(ip_json("route show table 1000")[0]["gateway"], "192.0.2.2");
    let mp = find(&ip_json("route show"), "dst", "10.9.0.0/16").clone();
    assert_eq!(
        mp["nexthops"],
        json!([
            {"gateway": "192.0.2.2", "dev": "v0", "weight": 2, "flags": []},
            {"gateway": "192.0.2.3", "dev": "v0", "weight": 1, "flags": []}
        ])
    );
    let mp6 = find(&ip_json("-6 route show"), "dst", "2001:db8:6::/48").clone();
    assert_eq!(mp6["nexthops"][0]["weight"], 3);
    assert_eq!(
        find(&ip_json("route show"), "dst", "10.7.0.0/16")["type"],
        "blackhole"
    );
    assert_eq!(
        find(&ip_json("route show"), "dst", "10.8.0.0/16")["scope"],
        "link"
    );

    // Replace changes the gateway; delete removes.
    io!(h.replace_route(
        &RouteSpec::parse("198.51.100.0/24")
            .unwrap()
            .gateway(ipa("192.0.2.3"))
            .metric(10),
    ))
    .unwrap();
    assert_eq!(
        find(&ip_json("route show"), "dst", "198.51.100.0/24")["gateway"],
        "192.0.2.3"
    );
    io!(h.del_route(&RouteSpec::parse("198.51.100.0/24").unwrap().metric(10)))
        .unwrap();
    io!(h.del_route(&RouteSpec::parse("10.4.0.0/16").unwrap().table(1000)))
        .unwrap();
    assert!(ip_json("route show table 1000")
        .as_array()
        .unwrap()
        .is_empty());
    assert!(!ip("route show").contains("198.51.100.0"));
    let e = io!(h.del_route(&RouteSpec::parse("198.51.100.0/24").unwrap())).unwrap_err();
    assert_eq!(e.errno(), Some(libc::ESRCH), "{e}");

    // Neighbours.
    let mac = [2, 0, 0, 0, 0, 9];
    io!(h.add_neighbour(&NeighSpec::new(v0, ipa("192.0.2.9"), &mac)))
        .unwrap();
    io!(h.add_neighbour(
        &NeighSpec::new(v0, ipa("192.0.2.10"), &[2, 0, 0, 0, 0, 10]).state(NeighbourState::REACHABLE),
    ))
    .unwrap();
    io!(h.add_neighbour(&NeighSpec::new(v0, ipa("2001:db8::9"), &[2, 0, 0, 0, 0, 11]).flags(NeighbourFlags::ROUTER)))
        .unwrap();
    let n = ip_json("neigh show");
    let p = find(&n, "dst", "192.0.2.9");
    assert_eq!(
        (p["lladdr"].clone(), p["state"].clone()),
        (json!("02:00:00:00:00:09"), json!(["PERMANENT"]))
    );
    assert_eq!(find(&n, "dst", "192.0.2.10")["state"], json!(["REACHABLE"]));
    assert!(find(&n, "dst", "2001:db8::9").get("router").is_some());
    io!(h.del_neighbour(&NeighSpec::new(v0, ipa("192.0.2.9"), &mac)))
        .unwrap();
    assert!(!ip("neigh show").contains("192.0.2.9 "));

    // Nexthops and a group, and a route using it.
    io!(h.add_nexthop(&NexthopSpec::via(1, Some(gw), v0))).unwrap();
    io!(h.add_nexthop(&NexthopSpec::via(2, Some(ipa("192.0.2.3")), v0)))
        .unwrap();
    io!(h.add_nexthop(&NexthopSpec::via(4, None, v2))).unwrap();
    io!(h.add_nexthop(&NexthopSpec::blackhole(3))).unwrap();
    io!(h.add_nexthop(&NexthopSpec::group(10, &[(1, 1), (2, 3)])))
        .unwrap();
    io!(h.add_route(&RouteSpec::parse("10.5.0.0/16").unwrap().nh_id(10)))
        .unwrap();
    let nh = ip_json("nexthop show");
    let g = nh
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == 10)
        .unwrap();
    assert_eq!(g["group"], json!([{"id": 1}, {"id": 2, "weight": 3}]));
    let one = nh
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == 1)
        .unwrap();
    assert_eq!(
        (one["gateway"].clone(), one["dev"].clone()),
        (json!("192.0.2.2"), json!("v0"))
    );
    assert_eq!(
        find(&ip_json("route show"), "dst", "10.5.0.0/16")["nhid"],
        10
    );
    io!(h.replace_nexthop(&NexthopSpec::group(10, &[(1, 5), (2, 1)])))
        .unwrap();
    let nh = ip_json("nexthop show id 10");
    assert_eq!(nh[0]["group"], json!([{"id": 1, "weight": 5}, {"id": 2}]));

    // Rules.
    io!(h.add_rule(
        &RuleSpec::lookup(AF_INET, 100)
            .from(ipa("10.0.0.0"), 8)
            .priority(100),
    ))
    .unwrap();
    io!(h.add_rule(
        &RuleSpec::lookup(AF_INET, 200)
            .fwmark(0x10, Some(0xff))
            .priority(99),
    ))
    .unwrap();
    io!(h.add_rule(
        &RuleSpec::lookup(AF_INET, 0)
            .to(ipa("1.2.3.0"), 24)
            .iif("v9")
            .invert()
            .action(RuleAction::Prohibit)
            .priority(98),
    ))
    .unwrap();
    io!(h.add_rule(
        &RuleSpec::lookup(AF_INET6, 100)
            .from(ipa("2001:db8::"), 32)
            .priority(100),
    ))
    .unwrap();
    let rules = ip_json("rule show");
    let r = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["priority"] == 100)
        .unwrap();
    assert_eq!(
        (r["src"].clone(), r["srclen"].clone(), r["table"].clone()),
        (json!("10.0.0.0"), json!(8), json!("100"))
    );
    let r = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["priority"] == 99)
        .unwrap();
    assert_eq!(
        (r["fwmark"].clone(), r["fwmask"].clone()),
        (json!("0x10"), json!("0xff"))
    );
    let r = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["priority"] == 98)
        .unwrap();
    assert_eq!(
        (r["action"].clone(), r["iif"].clone(), r["not"].clone()),
        (json!("prohibit"), json!("v9"), json!(null))
    );
    assert!(r.get("not").is_some());
    assert_eq!(ip_json("-6 rule show").as_array().unwrap().len(), 3);

    io!(h.del_rule(
        &RuleSpec::lookup(AF_INET, 100)
            .from(ipa("10.0.0.0"), 8)
            .priority(100),
    ))
    .unwrap();
    assert!(!ip_json("rule show")
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["priority"] == 100));
    io!(h.del_route(&RouteSpec::parse("10.5.0.0/16").unwrap()))
        .unwrap();
    io!(h.del_nexthop(10)).unwrap();
    assert!(!ip_json("nexthop show")
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == 10));
}
}
