//! Without a kernel: every request the high-level API builds decodes back, through the derived
//! read structs, into what was asked for; and every struct the API relies on is derived from the
//! bundled schema (an unannotated attribute in any of them is a compile error, so this file
//! compiling is the check that the schema annotates everything the API uses).

use std::net::IpAddr;

use netlink_runtime::codec::{FromAttrs, FromMessage};
use netlink_runtime::rtnl::*;
use netlink_runtime::schemas::rtnetlink as rt;
use netlink_runtime::schemas::rtnetlink::{
    IFA_F_NODAD, RTM_GETROUTE, RTM_NEWADDR, RTM_NEWLINK, RTM_NEWNEIGH, RTM_NEWROUTE, RT_SCOPE_LINK,
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
    assert_eq!(<NextHopRaw as FromMessage<'_>>::HEADER_LEN, 8);
    assert_eq!(<VethPeer as FromMessage<'_>>::HEADER_LEN, 16);
    assert_eq!(<Metrics as FromAttrs<'_>>::SET, "rtax");
    assert_eq!(<LinkInfoRef<'_> as FromAttrs<'_>>::SET, "ifla_info");
    assert_eq!(<LinkInfoReq as FromAttrs<'_>>::SET, "ifla_info");
    assert_eq!(<VethData as FromAttrs<'_>>::SET, "veth_info");
    assert_eq!(<VxlanData as FromAttrs<'_>>::SET, "ifla_vxlan");
    assert_eq!(<MacvlanData as FromAttrs<'_>>::SET, "ifla_macvlan");
    assert_eq!(<VlanData as FromAttrs<'_>>::SET, "ifla_vlan");
}

fn parse<'a, T: FromMessage<'a>>(bytes: &'a [u8]) -> T {
    T::from_message(&Message::parse(bytes).unwrap()).unwrap()
}

#[test]
fn route_request_decodes_back() {
    let spec = RouteSpec::parse("10.9.0.0/16")
        .unwrap()
        .table(1000)
        .protocol(rt::RTPROT_BIRD)
        .metric(7)
        .metrics(Metrics {
            mtu: Some(1400),
            cc_algo: Some("cubic".into()),
            ..Metrics::default()
        })
        .nexthop(Some(ipa("192.0.2.2")), 3, 2)
        .nexthop(None, 4, 256);
    let bytes = spec.to_request(RTM_NEWROUTE, 0).finish().unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!(
        (r.family, r.dst_len, r.table(), r.priority),
        (AF_INET, 16, 1000, Some(7))
    );
    assert_eq!(r.dst, Some(ipa("10.9.0.0")));
    assert_eq!(r.protocol, 12);
    let m = r.metrics.unwrap().get().unwrap();
    assert_eq!((m.mtu, m.cc_algo.as_deref()), (Some(1400), Some("cubic")));
    let hops: Vec<NextHop> = r.multipath.iter().map(NextHop::from).collect();
    assert_eq!(
        hops,
        [
            NextHop {
                gateway: Some(ipa("192.0.2.2")),
                oif: 3,
                weight: 2,
                flags: 0
            },
            NextHop {
                gateway: None,
                oif: 4,
                weight: 256,
                flags: 0
            }
        ]
    );
    // A device-only route gets scope link; the default route has no RTA_DST.
    let bytes = RouteSpec::parse("default")
        .unwrap()
        .dev(2)
        .to_request(RTM_NEWROUTE, 0)
        .finish()
        .unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!(
        (r.dst, r.dst_len, r.scope, r.oif),
        (None, 0, RT_SCOPE_LINK, Some(2))
    );
    // Dump filters: RTA_TABLE and RTA_OIF in the request.
    let f = RouteFilter::all_tables().table(100).oif(5).protocol(4);
    let bytes = netlink_runtime::codec::ToMessage::to_message(&f.request(), RTM_GETROUTE, 0)
        .finish()
        .unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    assert_eq!((r.table_attr, r.oif, r.protocol), (Some(100), Some(5), 4));
    assert_eq!(
        (r.dst_len, r.scope, r.tos),
        (0, 0, 0),
        "strict dumps want these zero"
    );
}

#[test]
fn link_requests_decode_back() {
    let bytes = LinkSpec::veth("a0", "b0")
        .mtu(1400)
        .to_request(RTM_NEWLINK, 0)
        .finish()
        .unwrap();
    let l: LinkRef<'_> = parse(&bytes);
    assert_eq!((l.ifname, l.mtu), (Some("a0"), Some(1400)));
    assert_eq!(l.linkinfo.unwrap().kind, Some("veth"));
    let m: LinkMsg = parse(&bytes);
    match m.linkinfo.unwrap().data.unwrap() {
        LinkData::Veth(v) => assert_eq!(v.peer.unwrap().ifname.as_deref(), Some("b0")),
        other => panic!("{other:?}"),
    }
    for (spec, kind) in [
        (LinkSpec::vxlan("vx", 42, 4789, Some(3)), "vxlan"),
        (LinkSpec::macvlan("mv", 3, 4), "macvlan"),
        (LinkSpec::macvtap("mt", 3, 4), "macvtap"),
        (LinkSpec::vlan("vl", 3, 10), "vlan"),
        (LinkSpec::bridge("br"), "bridge"),
    ] {
        let bytes = spec.to_request(RTM_NEWLINK, 0).finish().unwrap();
        let m: LinkMsg = parse(&bytes);
        let info = m.linkinfo.unwrap();
        assert_eq!(info.kind.as_deref(), Some(kind));
        match (kind, info.data) {
            ("vxlan", Some(LinkData::Vxlan(v))) => {
                assert_eq!((v.id, v.port, v.link), (Some(42), Some(4789), Some(3)))
            }
            ("macvlan", Some(LinkData::Macvlan(d))) | ("macvtap", Some(LinkData::Macvtap(d))) => {
                assert_eq!(d.mode, Some(4))
            }
            ("vlan", Some(LinkData::Vlan(d))) => assert_eq!(d.id, Some(10)),
            ("bridge", None) => {}
            (k, d) => panic!("{k}: {d:?}"),
        }
    }
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
    assert_eq!((a.index, a.prefixlen, a.label), (3, 24, Some("v0:1")));
    assert_eq!(
        (a.local, a.address),
        (Some(ipa("192.0.2.1")), Some(ipa("192.0.2.1")))
    );
    let bytes = AddrSpec::new(3, ipa("2001:db8::1"), 64)
        .to_request(RTM_NEWADDR, 0)
        .finish()
        .unwrap();
    let a: AddressRef<'_> = parse(&bytes);
    assert_eq!((a.local, a.flags()), (None, IFA_F_NODAD));

    let bytes = NeighSpec::new(3, ipa("192.0.2.9"), &[2, 0, 0, 0, 0, 9])
        .to_request(RTM_NEWNEIGH, 0)
        .finish()
        .unwrap();
    let n: NeighbourRef<'_> = parse(&bytes);
    assert_eq!(
        (n.ifindex, n.state, n.dst),
        (3, NUD_PERMANENT, Some(ipa("192.0.2.9")))
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
    assert_eq!((r.table(), r.src_len, r.priority), (1000, 8, Some(5)));
    assert_eq!(
        (r.fwmark, r.fwmask, r.flags),
        (Some(1), Some(0xff), FIB_RULE_INVERT)
    );

    let bytes = NexthopSpec::group(10, &[(1, 1), (2, 3)])
        .to_request(rt::RTM_NEWNEXTHOP, 0)
        .finish()
        .unwrap();
    let n: NexthopRef<'_> = parse(&bytes);
    let g: Vec<NhGroupMember> = n.group().collect();
    assert_eq!(
        g,
        [
            NhGroupMember { id: 1, weight: 1 },
            NhGroupMember { id: 2, weight: 3 }
        ]
    );
}
