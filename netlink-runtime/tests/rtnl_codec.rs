//! Without a kernel: every request the high-level API builds decodes back, through the derived
//! read structs, into what was asked for; and every struct the API relies on is derived from the
//! bundled schema (an unannotated attribute in any of them is a compile error, so this file
//! compiling is the check that the schema annotates everything the API uses).

use std::net::IpAddr;

use netlink_runtime::codec::{FromAttrs, FromMessage};
use netlink_runtime::rtnl::*;
use netlink_runtime::schemas::rtnetlink as rt;
use netlink_runtime::schemas::rtnetlink::{
    IFA_F_NODAD, RTM_DELROUTE, RTM_GETROUTE, RTM_NEWADDR, RTM_NEWLINK, RTM_NEWNEIGH, RTM_NEWROUTE,
};
use netlink_runtime::Message;

fn ipa(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// The derived structs of the API, by the schema item each one is checked against.
#[test]
fn every_api_struct_is_derived_from_the_schema() {
    // Messages: fixed header length from the schema's struct.
    assert_eq!(<LinkRef<'_> as FromMessage<'_>>::HEADER_LEN, 16);
    assert_eq!(<LinkMsg as FromMessage<'_>>::HEADER_LEN, 16);
    assert_eq!(<AddressRef<'_> as FromMessage<'_>>::HEADER_LEN, 8);
    assert_eq!(<RouteRef<'_> as FromMessage<'_>>::HEADER_LEN, 12);
    assert_eq!(<RouteMsg as FromMessage<'_>>::HEADER_LEN, 12);
    assert_eq!(<NeighbourRef<'_> as FromMessage<'_>>::HEADER_LEN, 12);
    assert_eq!(<RuleRef<'_> as FromMessage<'_>>::HEADER_LEN, 12);
    assert_eq!(<NexthopRef<'_> as FromMessage<'_>>::HEADER_LEN, 8);
    // Headed records and nests.
    assert_eq!(<NextHopRaw<'_> as FromMessage<'_>>::HEADER_LEN, 8);
    assert_eq!(<VethPeer as FromMessage<'_>>::HEADER_LEN, 16);
    assert_eq!(<Metrics as FromAttrs<'_>>::SET, "rtax");
    assert_eq!(<LinkInfoRef<'_> as FromAttrs<'_>>::SET, "ifla_info");
    assert_eq!(<LinkInfoReq as FromAttrs<'_>>::SET, "ifla_info");
    assert_eq!(<VethData as FromAttrs<'_>>::SET, "veth_info");
    assert_eq!(<VxlanData as FromAttrs<'_>>::SET, "ifla_vxlan");
    assert_eq!(<MacvlanData as FromAttrs<'_>>::SET, "ifla_macvlan");
    assert_eq!(<VlanData as FromAttrs<'_>>::SET, "ifla_vlan");
    assert_eq!(<BridgeData as FromAttrs<'_>>::SET, "ifla_br");
    assert_eq!(<BridgePortData as FromAttrs<'_>>::SET, "ifla_brport");
    assert_eq!(<BondData as FromAttrs<'_>>::SET, "ifla_bond");
    assert_eq!(<BondSlaveData as FromAttrs<'_>>::SET, "ifla_bond_slave");
    assert_eq!(<VrfData as FromAttrs<'_>>::SET, "ifla_vrf");
    assert_eq!(<IpvlanData as FromAttrs<'_>>::SET, "ifla_ipvlan");
    assert_eq!(<GreData as FromAttrs<'_>>::SET, "ifla_gre");
    assert_eq!(<IptunData as FromAttrs<'_>>::SET, "ifla_iptun");
    assert_eq!(<Ip6tnlData as FromAttrs<'_>>::SET, "ifla_ip6tnl");
    assert_eq!(<VtiData as FromAttrs<'_>>::SET, "ifla_vti");
    assert_eq!(<GeneveData as FromAttrs<'_>>::SET, "ifla_geneve");
    assert_eq!(<TunData as FromAttrs<'_>>::SET, "ifla_tun");
    assert_eq!(<NetkitData as FromAttrs<'_>>::SET, "ifla_netkit");
    assert_eq!(<IpEncap as FromAttrs<'_>>::SET, "lwtunnel_ip");
    assert_eq!(<LinkStatsRef<'_> as FromMessage<'_>>::HEADER_LEN, 12);
}

fn parse<'a, T: FromMessage<'a>>(bytes: &'a [u8]) -> T {
    T::from_message(&Message::parse(bytes).unwrap()).unwrap()
}

#[test]
fn route_request_decodes_back() {
    // Schema-derived data structs grow with the kernel (`#[non_exhaustive]`): start from the
    // default and set fields.
    let mut metrics = Metrics::default();
    metrics.mtu = Some(1400);
    metrics.cc_algo = Some("cubic".into());
    let spec = RouteSpec::parse("10.9.0.0/16")
        .unwrap()
        .table(1000)
        .protocol(RouteProtocol::Bird)
        .metric(7)
        .metrics(metrics)
        .nexthop(Some(ipa("192.0.2.2")), 3, 2)
        .hop(
            NextHop::new(None, 4, 256)
                .encap(RouteEncap::Ip(IpEncap::new(7, "10.0.0.2".parse().unwrap()))),
        );
    let bytes = spec.to_request(RTM_NEWROUTE, 0).finish().unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!(
        (r.family, r.dst_len, r.table(), r.priority),
        (AF_INET, 16, RouteTable(1000), Some(7))
    );
    assert_eq!(r.dst, Some(ipa("10.9.0.0")));
    assert_eq!(r.protocol(), RouteProtocol::Bird);
    let m = r.metrics.unwrap().get().unwrap();
    assert_eq!((m.mtu, m.cc_algo.as_deref()), (Some(1400), Some("cubic")));
    let owned = Route::try_from(&r).unwrap();
    let hops = owned.multipath();
    assert_eq!(hops.len(), 2);
    assert_eq!(
        (hops[0].gateway, hops[0].oif, hops[0].weight, &hops[0].encap),
        (Some(ipa("192.0.2.2")), 3, 2, &None)
    );
    assert_eq!(
        (hops[1].gateway, hops[1].oif, hops[1].weight),
        (None, 4, 256)
    );
    assert_eq!(
        hops[1].encap,
        Some(RouteEncap::Ip(IpEncap::new(7, "10.0.0.2".parse().unwrap())))
    );
    assert_eq!(owned.metrics().and_then(|m| m.mtu), Some(1400));
    // A device-only route gets scope link; the default route has no RTA_DST.
    let bytes = RouteSpec::parse("default")
        .unwrap()
        .dev(2)
        .to_request(RTM_NEWROUTE, 0)
        .finish()
        .unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!(
        (r.dst, r.dst_len, r.scope(), r.oif),
        (None, 0, RouteScope::Link, Some(2))
    );
    // Dump filters: RTA_TABLE and RTA_OIF in the request.
    let f = RouteFilter::all_tables()
        .table(100)
        .oif(5)
        .protocol(RouteProtocol::Static);
    let bytes = netlink_runtime::codec::ToMessage::to_message(&f.request(), RTM_GETROUTE, 0)
        .finish()
        .unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!(
        (r.table_attr, r.oif, r.protocol()),
        (Some(100), Some(5), RouteProtocol::Static)
    );
    assert_eq!(
        (r.dst_len, r.scope(), r.tos),
        (0, RouteScope::Universe, 0),
        "strict dumps want these zero"
    );
}

#[test]
fn route_delete_matches_exactly_what_is_named() {
    let del = |spec: RouteSpec| -> (RouteProtocol, RouteScope, RouteType, RouteTable) {
        let ack = spec.del_op();
        let bytes = ack.0.finish().unwrap();
        let m = Message::parse(&bytes).unwrap();
        assert_eq!(m.kind(), RTM_DELROUTE);
        let r = RouteRef::from_message(&m).unwrap();
        (r.protocol(), r.scope(), r.kind(), r.table())
    };
    // Nothing named: any protocol, scope and type (as `ip route del`), main table.
    assert_eq!(
        del(RouteSpec::parse("10.0.0.0/8").unwrap()),
        (
            RouteProtocol::Unspec,
            RouteScope::Nowhere,
            RouteType::Unspec,
            RouteTable::MAIN
        )
    );
    // Only the static one.
    assert_eq!(
        del(RouteSpec::parse("10.0.0.0/8")
            .unwrap()
            .protocol(RouteProtocol::Static))
        .0,
        RouteProtocol::Static
    );
    assert_eq!(
        del(RouteSpec::parse("10.0.0.0/8")
            .unwrap()
            .kind(RouteType::Blackhole)
            .table(1000)),
        (
            RouteProtocol::Unspec,
            RouteScope::Nowhere,
            RouteType::Blackhole,
            RouteTable(1000)
        )
    );
    // Adding fills in the defaults.
    let bytes = RouteSpec::parse("10.0.0.0/8")
        .unwrap()
        .gateway(ipa("192.0.2.1"))
        .to_request(RTM_NEWROUTE, 0)
        .finish()
        .unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!(
        (r.protocol(), r.scope(), r.kind()),
        (
            RouteProtocol::Static,
            RouteScope::Universe,
            RouteType::Unicast
        )
    );
    // A route read back names itself exactly.
    let route = Route::try_from(&r).unwrap();
    let again = RouteSpec::from(&route).del_op().0.finish().unwrap();
    let r2: RouteRef<'_> = parse(&again);
    assert_eq!(
        (r2.dst, r2.gateway, r2.protocol(), r2.scope(), r2.kind()),
        (
            r.dst,
            r.gateway,
            RouteProtocol::Static,
            RouteScope::Universe,
            RouteType::Unicast
        )
    );
}

#[test]
fn owned_routes_keep_every_address_inline_or_out_of_line() {
    for (dst, len, gw, src, pref) in [
        ("10.1.0.0", 16, "10.0.0.1", "10.2.0.0", "10.0.0.9"),
        ("2001:db8:1::", 48, "fe80::1", "2001:db8:2::", "2001:db8::9"),
    ] {
        let bytes = RouteSpec::new(ipa(dst), len)
            .gateway(ipa(gw))
            .src(ipa(src), 16)
            .prefsrc(ipa(pref))
            .dev(3)
            .metric(5)
            .to_request(RTM_NEWROUTE, 0)
            .finish()
            .unwrap();
        let r = Route::try_from(&parse::<RouteRef<'_>>(&bytes)).unwrap();
        assert_eq!(r.dst(), Some(ipa(dst)));
        assert_eq!(r.gateway(), Some(ipa(gw)));
        assert_eq!(r.src(), Some(ipa(src)));
        assert_eq!(r.prefsrc(), Some(ipa(pref)));
        assert_eq!(
            (r.oif(), r.priority(), r.table()),
            (Some(3), Some(5), RouteTable::MAIN)
        );
    }
}

#[test]
fn route_get_request_carries_the_selectors() {
    let get = RouteGet::new(ipa("192.0.2.7"))
        .from(ipa("192.0.2.1"))
        .iif(4)
        .oif(5)
        .mark(9)
        .uid(1000)
        .fibmatch();
    let out = netlink_runtime::op::Request::request(&get).unwrap();
    let netlink_runtime::op::Outgoing::Message(m) = out else {
        panic!("one message")
    };
    let bytes = m.finish().unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!(
        (r.dst, r.dst_len, r.src, r.src_len),
        (Some(ipa("192.0.2.7")), 32, Some(ipa("192.0.2.1")), 32)
    );
    assert_eq!(
        (r.iif, r.oif, r.mark, r.uid),
        (Some(4), Some(5), Some(9), Some(1000))
    );
    assert_eq!(r.flags, RouteFlags::FIB_MATCH);
}

#[test]
fn link_requests_decode_back() {
    let bytes = LinkSpec::veth("a0", "b0")
        .mtu(1400)
        .to_request(RTM_NEWLINK, 0)
        .finish()
        .unwrap();
    let l: LinkRef<'_> = parse(&bytes);
    assert_eq!(l.ifname.unwrap(), "a0");
    assert_eq!(l.mtu, Some(1400));
    assert_eq!(l.kind(), Some("veth"));
    match l.linkinfo.unwrap().data().unwrap().unwrap() {
        LinkData::Veth(v) => assert_eq!(v.peer.unwrap().ifname.unwrap(), "b0"),
        other => panic!("{other:?}"),
    }
    for (spec, kind) in [
        (LinkSpec::vxlan("vx", 42, 4789, Some(3)), "vxlan"),
        (LinkSpec::macvlan("mv", 3, MacvlanMode::Bridge), "macvlan"),
        (LinkSpec::macvtap("mt", 3, MacvlanMode::Bridge), "macvtap"),
        (LinkSpec::vlan("vl", 3, 10), "vlan"),
        (LinkSpec::bridge("br"), "bridge"),
        (LinkSpec::vrf("vrf0", 10), "vrf"),
        (LinkSpec::bond("bond0", BondMode::Activebackup), "bond"),
    ] {
        let bytes = spec.to_request(RTM_NEWLINK, 0).finish().unwrap();
        let l: LinkRef<'_> = parse(&bytes);
        let info = l.linkinfo.unwrap();
        assert_eq!(info.kind, Some(kind));
        match (kind, info.data().unwrap()) {
            ("vxlan", Some(LinkData::Vxlan(v))) => {
                assert_eq!((v.id, v.port, v.link), (Some(42), Some(4789), Some(3)))
            }
            ("macvlan", Some(LinkData::Macvlan(d))) | ("macvtap", Some(LinkData::Macvtap(d))) => {
                assert_eq!(d.mode, Some(MacvlanMode::Bridge));
                assert_eq!(l.link, Some(3));
            }
            ("vlan", Some(LinkData::Vlan(d))) => assert_eq!(d.id, Some(10)),
            ("vrf", Some(LinkData::Vrf(d))) => assert_eq!(d.table, Some(10)),
            ("bond", Some(LinkData::Bond(d))) => assert_eq!(d.mode, Some(BondMode::Activebackup)),
            ("bridge", None) => {}
            (k, d) => panic!("{k}: {d:?}"),
        }
    }
}

#[test]
fn names_that_are_not_utf8_survive_both_ways() {
    let name: &[u8] = b"b\xffad";
    let bytes = LinkSpec::veth(name, "p0")
        .to_request(RTM_NEWLINK, 0)
        .finish()
        .unwrap();
    let l: LinkRef<'_> = parse(&bytes);
    assert_eq!(l.ifname.unwrap().as_bytes(), name);
    assert_eq!(l.ifname.unwrap().to_string(), "b\u{FFFD}ad");
    let bytes = RuleSpec::lookup(AF_INET, 100)
        .iif(&b"x\xff"[..])
        .to_request(rt::RTM_NEWRULE, 0)
        .finish()
        .unwrap();
    let r: RuleRef<'_> = parse(&bytes);
    assert_eq!(r.iifname.unwrap().as_bytes(), b"x\xff");
    assert_eq!(Rule::from(&r).iifname().unwrap().as_bytes(), b"x\xff");
}

#[test]
fn address_neighbour_rule_nexthop_requests_decode_back() {
    let bytes = AddrSpec::new(3, ipa("192.0.2.1"), 24)
        .broadcast("192.0.2.255".parse().unwrap())
        .label("v0:1")
        .to_request(RTM_NEWADDR, 0)
        .finish()
        .unwrap();
    let a: AddressRef<'_> = parse(&bytes);
    assert_eq!((a.index, a.prefixlen), (3, 24));
    assert_eq!(a.label.unwrap(), "v0:1");
    assert_eq!(
        (a.local, a.address),
        (Some(ipa("192.0.2.1")), Some(ipa("192.0.2.1")))
    );
    // IPv6: no IFA_F_NODAD unless asked for.
    let bytes = AddrSpec::new(3, ipa("2001:db8::1"), 64)
        .to_request(RTM_NEWADDR, 0)
        .finish()
        .unwrap();
    let a: AddressRef<'_> = parse(&bytes);
    assert_eq!(
        (a.local, a.flags_ext, a.flags()),
        (None, None, AddressFlags::empty())
    );
    let bytes = AddrSpec::new(3, ipa("2001:db8::1"), 64)
        .nodad()
        .to_request(RTM_NEWADDR, 0)
        .finish()
        .unwrap();
    let a: AddressRef<'_> = parse(&bytes);
    assert_eq!(a.flags(), AddressFlags::NODAD);
    assert_eq!(a.flags().bits(), IFA_F_NODAD);

    let bytes = NeighSpec::new(3, ipa("192.0.2.9"), &[2, 0, 0, 0, 0, 9])
        .to_request(RTM_NEWNEIGH, 0)
        .finish()
        .unwrap();
    let n: NeighbourRef<'_> = parse(&bytes);
    assert_eq!(
        (n.ifindex, n.state, n.dst),
        (3, NeighbourState::PERMANENT, Some(ipa("192.0.2.9")))
    );
    assert_eq!(n.lladdr, Some(&[2, 0, 0, 0, 0, 9][..]));

    let bytes = RuleSpec::lookup(AF_INET, 1000)
        .from(ipa("10.0.0.0"), 8)
        .fwmark(1, Some(0xff))
        .priority(5)
        .invert()
        .to_request(rt::RTM_NEWRULE, 0)
        .finish()
        .unwrap();
    let r: RuleRef<'_> = parse(&bytes);
    assert_eq!(
        (r.table(), r.src_len, r.priority),
        (RouteTable(1000), 8, Some(5))
    );
    assert_eq!(
        (r.fwmark, r.fwmask, r.flags),
        (Some(1), Some(0xff), FIB_RULE_INVERT)
    );

    let bytes = NexthopSpec::group(10, &[(1, 1), (2, 3)])
        .to_request(rt::RTM_NEWNEXTHOP, 0)
        .finish()
        .unwrap();
    let n: NexthopRef<'_> = parse(&bytes);
    let g: Vec<NhGroupMember> = n.group().unwrap().collect();
    assert_eq!(
        g,
        [
            NhGroupMember { id: 1, weight: 1 },
            NhGroupMember { id: 2, weight: 3 }
        ]
    );
}

#[test]
fn fdb_requests_decode_back() {
    let bytes = FdbSpec::new(3, [2, 0, 0, 0, 0, 1])
        .vlan(10)
        .master(2)
        .static_()
        .to_request(RTM_NEWNEIGH, 0)
        .finish()
        .unwrap();
    let n: NeighbourRef<'_> = parse(&bytes);
    assert_eq!(
        (n.family, n.ifindex, n.vlan, n.master, n.state, n.flags),
        (
            AF_BRIDGE,
            3,
            Some(10),
            Some(2),
            NeighbourState::NOARP,
            NeighbourFlags::MASTER
        )
    );
    let e = FdbEntry::try_from(&n).unwrap();
    assert_eq!(e.mac(), [2, 0, 0, 0, 0, 1]);
    let bytes = FdbSpec::new(4, [0; 6])
        .self_()
        .dst(ipa("192.0.2.9"))
        .vni(20)
        .port(4790)
        .to_request(RTM_NEWNEIGH, 0)
        .finish()
        .unwrap();
    let n: NeighbourRef<'_> = parse(&bytes);
    assert_eq!(
        (n.flags, n.dst, n.vni, n.port),
        (
            NeighbourFlags::SELF,
            Some(ipa("192.0.2.9")),
            Some(20),
            Some(4790)
        )
    );
}
