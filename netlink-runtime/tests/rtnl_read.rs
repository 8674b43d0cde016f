//! Reading: a scene made with `ip` (veths, a bridge with ports, vxlan, macvlan, macvtap, IPv4
//! and IPv6 addresses, routes in several tables, multipath, metrics, neighbours, rules,
//! nexthops and a group) read with `rtnl::Handle` and with its async twin `rtnl::AsyncHandle`
//! (each test is written once, see `common::twin`), compared with `ip -j` field by field.
//! Each test runs in a private namespace. (`ipdump/tests` compares the JSON it prints.)

mod common;
use common::rtnl as util;
use common::twin::twins;

use std::net::IpAddr;

use netlink_runtime::rtnl::{Handle, NeighbourState, RouteFilter, RouteProtocol, RouteTable};
use netlink_runtime::rtnl::{AF_INET, AF_INET6, AF_UNSPEC};
use util::*;

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

twins! {
blocking {
    pub type H = Handle;
    pub fn open() -> H {
        Handle::new().unwrap()
    }
    pub fn open_in(name: &str) -> H {
        Handle::in_netns(name).unwrap()
    }
    /// A raw socket for a hand-made dump request.
    pub fn raw(h: &mut H) -> &mut netlink_runtime::Socket {
        h.socket()
    }
}
tokio {
    pub type H = netlink_runtime::rtnl::AsyncHandle;
    pub fn open() -> H {
        H::new().unwrap()
    }
    pub fn open_in(name: &str) -> H {
        H::in_netns(name).unwrap()
    }
    /// A raw socket for a hand-made dump request (in the handle's namespace).
    pub fn raw(h: &mut H) -> netlink_runtime::tokio::AsyncSocket {
        h.connection().open_socket().unwrap()
    }
}

test fn typed_reads_of_an_ip_made_scene() {
    ip_all(SCENE);
    let mut h = open();

    // Links: all, by name, by index.
    let links = io!(h.links()).unwrap();
    assert_eq!(links.len(), 9);
    let br = io!(h.link_by_name("br0")).unwrap();
    assert_eq!(br.kind(), Some("bridge"));
    assert_eq!(io!(h.link_by_index(br.index())).unwrap(), br);
    let v1 = io!(h.link_by_name("v1")).unwrap();
    assert_eq!(v1.master(), Some(br.index()));
    assert_eq!(v1.slave_kind(), Some("bridge"));
    for (name, kind) in [
        ("vx0", "vxlan"),
        ("mv0", "macvlan"),
        ("mvt0", "macvtap"),
        ("v0", "veth"),
    ] {
        assert_eq!(
            io!(h.link_by_name(name)).unwrap().kind(),
            Some(kind),
            "{name}"
        );
    }
    let e = io!(h.link_by_name("nope0")).unwrap_err();
    assert!(
        matches!(e, netlink_runtime::rtnl::Error::NotFound(_)),
        "{e}"
    );
    let v0 = io!(h.link_by_name("v0")).unwrap();
    assert!(v0.is_up());

    // Addresses.
    let addrs = io!(h.addresses()).unwrap();
    let a = addrs
        .iter()
        .find(|a| a.local() == Some("192.0.2.1".parse().unwrap()))
        .unwrap();
    assert_eq!((a.index(), a.prefixlen()), (v0.index(), 24));
    assert_eq!(a.broadcast(), Some("192.0.2.255".parse().unwrap()));
    assert_eq!(a.label().unwrap(), "v0");
    let p = addrs
        .iter()
        .find(|a| a.local() == Some("10.1.1.1".parse().unwrap()))
        .unwrap();
    assert_eq!(p.address(), Some("10.1.1.2".parse().unwrap()));
    assert_eq!(p.label().unwrap(), "v0:x");
    assert!(addrs
        .iter()
        .any(|a| a.family() == AF_INET6 && a.local() == Some("2001:db8::1".parse().unwrap())));

    // Routes: kernel-side filters.
    let t100 = io!(h.routes(&RouteFilter::main().table(100))).unwrap();
    assert_eq!(t100.len(), 1, "{t100:?}");
    let r = &t100[0];
    assert_eq!(r.dst(), Some("203.0.113.0".parse().unwrap()));
    assert_eq!(
        (r.dst_len(), r.table(), r.protocol()),
        (24, RouteTable(100), RouteProtocol::Bird)
    );
    let m = r.metrics().unwrap();
    assert_eq!((m.mtu, m.advmss, m.window), (Some(1400), Some(1300), None));
    let t1000 = io!(h.routes(&RouteFilter::all_tables().table(1000))).unwrap();
    assert_eq!(t1000.len(), 1);
    assert_eq!(t1000[0].gateway(), Some("192.0.2.2".parse().unwrap()));
    let kernel4 = io!(h
        .routes(
            &RouteFilter::all_tables()
                .family(AF_INET)
                .protocol(RouteProtocol::Kernel),
        ))
        .unwrap();
    assert!(!kernel4.is_empty());
    assert!(kernel4
        .iter()
        .all(|r| r.protocol() == RouteProtocol::Kernel && r.family() == AF_INET));
    let on_br = io!(h.routes(&RouteFilter::all_tables().oif(br.index()))).unwrap();
    assert!(!on_br.is_empty());
    assert!(on_br.iter().all(|r| r.oif() == Some(br.index())));
    let main4 = io!(h.routes(&RouteFilter::main().family(AF_INET))).unwrap();
    let mp = main4
        .iter()
        .find(|r| r.dst() == Some("10.9.0.0".parse().unwrap()))
        .unwrap();
    let gws: Vec<(Option<IpAddr>, u16)> =
        mp.multipath().iter().map(|n| (n.gateway, n.weight)).collect();
    assert_eq!(
        gws,
        [
            (Some("192.0.2.2".parse().unwrap()), 2),
            (Some("192.0.2.3".parse().unwrap()), 1)
        ]
    );
    let nh = main4
        .iter()
        .find(|r| r.dst() == Some("10.5.0.0".parse().unwrap()))
        .unwrap();
    assert_eq!(nh.nh_id(), Some(10));
    let main6 = io!(h.routes(&RouteFilter::main().family(AF_INET6))).unwrap();
    let mp6 = main6
        .iter()
        .find(|r| r.dst() == Some("2001:db8:6::".parse().unwrap()))
        .unwrap();
    assert_eq!(mp6.multipath().len(), 2);
    assert_eq!(mp6.multipath()[0].weight, 3);
    // The kernel itself filters (strict checking): the raw dump carries only table 100 routes
    // and is flagged NLM_F_DUMP_FILTERED.
    let mut req = netlink_runtime::codec::ToMessage::to_message(
        &RouteFilter::all_tables().table(100).request(),
        netlink_runtime::schemas::rtnetlink::RTM_GETROUTE,
        0,
    );
    let mut rs = raw(&mut h);
    let mut d = io!(rs.dump(&mut req)).unwrap();
    let mut raw = 0;
    while let Some(m) = io!(d.next()).unwrap() {
        use netlink_runtime::codec::FromMessage;
        let r = netlink_runtime::rtnl::RouteRef::from_message(&m).unwrap();
        assert_eq!(r.table(), 100);
        assert_ne!(
            m.flags() & netlink_runtime::schemas::netlink::NLM_F_DUMP_FILTERED,
            0
        );
        raw += 1;
    }
    drop(d);
    assert_eq!(raw, 1);
    // Streaming form agrees with the Vec form.
    let mut n = 0;
    io!(h.for_each_route(&RouteFilter::all_tables(), |_| {
        n += 1;
        Ok(())
    }))
    .unwrap();
    assert_eq!(n, io!(h.routes(&RouteFilter::all_tables())).unwrap().len());

    // Neighbours.
    let ns = io!(h.neighbours()).unwrap();
    let perm = ns
        .iter()
        .find(|n| n.dst() == Some("192.0.2.9".parse().unwrap()))
        .unwrap();
    assert_eq!(perm.state(), NeighbourState::PERMANENT);
    assert_eq!(perm.lladdr(), Some(&[2, 0, 0, 0, 0, 9][..]));
    let reach = ns
        .iter()
        .find(|n| n.dst() == Some("192.0.2.10".parse().unwrap()))
        .unwrap();
    assert_eq!(reach.state(), NeighbourState::REACHABLE);

    // Rules.
    let rules = io!(h.rules(AF_INET)).unwrap();
    let r = rules.iter().find(|r| r.priority() == Some(100)).unwrap();
    assert_eq!(
        (r.src(), r.src_len(), r.table()),
        (Some("10.0.0.0".parse().unwrap()), 8, RouteTable(100))
    );
    assert!(rules
        .iter()
        .any(|r| r.fwmark() == Some(0x10) && r.fwmask() == Some(0xff) && r.table() == 200));
    assert_eq!(io!(h.rules(AF_INET6)).unwrap().len(), 3);
    assert!(io!(h.rules(AF_UNSPEC)).unwrap().len() >= 9);

    // Nexthops.
    let nhs = io!(h.nexthops()).unwrap();
    let g = nhs.iter().find(|n| n.id() == 10).unwrap();
    let members: Vec<(u32, u16)> = g.group().iter().map(|m| (m.id, m.weight)).collect();
    assert_eq!(
        members,
        [(1, 1), (2, 3)],
        "group 1/2,3: id 1 weight 1, id 2 weight 3"
    );
    assert!(nhs.iter().find(|n| n.id() == 3).unwrap().blackhole());
    assert_eq!(
        nhs.iter().find(|n| n.id() == 1).unwrap().oif(),
        Some(v0.index())
    );

    // The owned streams of every object agree with the Vec forms.
    let names = |v: &[netlink_runtime::rtnl::Link]| -> Vec<(u32, String)> {
        v.iter().map(|l| (l.index(), l.name().to_string())).collect()
    };
    let streamed = io!(drain(io!(h.link_stream()).unwrap()));
    assert_eq!(names(&streamed), names(&links));
    let streamed = io!(drain(io!(h.address_stream(AF_UNSPEC)).unwrap()));
    let key = |a: &netlink_runtime::rtnl::Address| (a.index(), a.local(), a.prefixlen());
    assert_eq!(
        streamed.iter().map(key).collect::<Vec<_>>(),
        addrs.iter().map(key).collect::<Vec<_>>()
    );
    let v6 = io!(drain(io!(h.address_stream(AF_INET6)).unwrap()));
    assert!(!v6.is_empty() && v6.iter().all(|a| a.family() == AF_INET6));
    let all_routes = io!(h.routes(&RouteFilter::all_tables())).unwrap();
    let streamed = io!(drain(io!(h.route_stream(&RouteFilter::all_tables())).unwrap()));
    assert_eq!(streamed, all_routes);
    let streamed = io!(drain(io!(h.route_stream(&RouteFilter::main().table(100))).unwrap()));
    assert_eq!(streamed, t100);
    let streamed = io!(drain(io!(h.neighbour_stream(AF_UNSPEC)).unwrap()));
    let dst = |n: &netlink_runtime::rtnl::Neighbour| n.dst();
    assert_eq!(
        streamed.iter().map(dst).collect::<Vec<_>>(),
        ns.iter().map(dst).collect::<Vec<_>>()
    );
    let streamed = io!(drain(io!(h.rule_stream(AF_INET)).unwrap()));
    assert_eq!(streamed, rules);
    let streamed = io!(drain(io!(h.nexthop_stream()).unwrap()));
    assert_eq!(streamed, nhs);
}

test fn handle_in_named_netns() {
    // Unique per call: the blocking and the async twin of this test run at the same time.
    let ns = netlink_tests::NamedNetns::create("rtnl-read");
    let name = ns.0.clone();
    ip(&format!("-n {name} link add nsbr0 type bridge"));
    let mut h = open_in(&name);
    let names: Vec<String> = io!(h.links())
        .unwrap()
        .iter()
        .map(|l| l.name().to_string())
        .collect();
    assert_eq!(names, ["lo", "nsbr0"]);
    let theirs: Vec<String> = ip_json(&format!("-n {name} link show"))
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, theirs);
}
}
