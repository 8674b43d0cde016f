//! The JSON of single objects, without a kernel: a route request built with the high-level API,
//! decoded by the read struct and printed in `ip -j`'s formats; and iproute2's names.

use std::net::IpAddr;

use ipdump::json::{self, LinkNames, RouteForm, RouteJson, Style};
use ipdump::names;
use netlink_runtime::codec::{CEnum, FromMessage};
use netlink_runtime::rtnl::*;
use netlink_runtime::schemas::rtnetlink::RTM_NEWROUTE;

fn ipa(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn parse<'a, T: FromMessage<'a>>(bytes: &'a [u8]) -> T {
    let msg = netlink_runtime::Messages::new(bytes)
        .next()
        .unwrap()
        .unwrap();
    T::from_message(&msg).unwrap()
}

#[test]
fn route_json_matches_ip_formats() {
    let spec = RouteSpec::parse("198.51.100.0/24")
        .unwrap()
        .gateway(ipa("192.0.2.2"))
        .dev(3)
        .metric(10)
        .table(100);
    let bytes = spec.to_request(RTM_NEWROUTE, 0).finish().unwrap();
    let r: RouteRef<'_> = parse(&bytes);
    let mut names = LinkNames::default();
    names.update(3, Some("v0"));
    let mut out = Vec::new();
    let view = RouteJson {
        route: &r,
        names: &names,
        form: RouteForm::FULL,
    };
    json::to_writer(&mut out, Style::Compact, &view).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"{"dst":"198.51.100.0/24","gateway":"192.0.2.2","dev":"v0","table":"100","protocol":"static","metric":10,"flags":[]}"#
    );
    // iproute2's names: the schema's, and the differences ipdump keeps.
    assert_eq!(names::scope(RouteScope::Link), "link");
    assert_eq!(names::scope(RouteScope::Universe), "global");
    assert_eq!(names::scope(RouteScope::from_raw(7)), "7");
    assert_eq!(names::table(RouteTable::MAIN), "main");
    assert_eq!(names::table(RouteTable(252)), "252");
    assert_eq!(names::table(RouteTable(1000)), "1000");
    assert_eq!(names::table_id("local"), Some(RouteTable::LOCAL));
    assert_eq!(names::table_id("compat"), None);
    assert_eq!(names::table_id("252"), Some(RouteTable(252)));
    assert_eq!(names::table_id("42"), Some(RouteTable(42)));
    assert_eq!(names::protocol(RouteProtocol::Bgp), "bgp");
    assert_eq!(names::protocol(RouteProtocol::Mrouted), "17");
    assert_eq!(names::protocol(RouteProtocol::from_raw(250)), "250");
    assert_eq!(names::route_type(RouteType::Unspec), "none");
    assert_eq!(names::route_type(RouteType::Blackhole), "blackhole");
    assert_eq!(names::link_type(LinkType::Loopback), "loopback");
    assert_eq!(names::link_type(LinkType::Netrom), "netrom");
    assert_eq!(names::link_type(LinkType::Ipgre), "gre");
    assert_eq!(names::link_type(LinkType::from_raw(513)), "hdlc");
    assert_eq!(names::link_type(LinkType::from_raw(790)), "fcfb3");
    assert_eq!(names::link_type(LinkType::Rawip), "[519]");
    assert_eq!(names::link_type(LinkType::from_raw(4000)), "[4000]");
    assert_eq!(names::addr_flag(AddressFlags::MCAUTOJOIN), "autojoin");
    assert_eq!(names::addr_flag(AddressFlags::NODAD), "nodad");
    assert_eq!(names::link_flag(LinkFlags::LOWER_UP), "LOWER_UP");
}
