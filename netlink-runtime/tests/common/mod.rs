//! Shared helpers for the kernel integration tests: a private network
//! namespace per test, hand-built rtnetlink requests, and small parsers.
#![allow(dead_code)]

pub mod rtnl;
pub mod twin;

use std::net::{Ipv4Addr, Ipv6Addr};

use netlink_runtime::builder::MessageBuilder;
use netlink_runtime::message::Message;
use netlink_runtime::rtnl::{AF_INET, AF_INET6, AF_UNSPEC};
use netlink_runtime::schemas::netlink::*;
use netlink_runtime::schemas::rtnetlink::*;

#[allow(unused_imports)] // used by some test targets, not all
pub use netlink_tests::{private_netns, NamedNetns};

/// Run `ip ARGS` (in this thread's namespace) and return stdout.
pub fn ip(args: &[&str]) -> String {
    netlink_tests::run("ip", args)
}

/// `struct ifinfomsg`.
pub fn ifinfomsg(family: u8, index: i32, flags: u32, change: u32) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[0] = family;
    b[4..8].copy_from_slice(&index.to_ne_bytes());
    b[8..12].copy_from_slice(&flags.to_ne_bytes());
    b[12..16].copy_from_slice(&change.to_ne_bytes());
    b
}

/// `struct ifaddrmsg`.
pub fn ifaddrmsg(family: u8, prefixlen: u8, flags: u8, scope: u8, index: u32) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[0] = family;
    b[1] = prefixlen;
    b[2] = flags;
    b[3] = scope;
    b[4..8].copy_from_slice(&index.to_ne_bytes());
    b
}

/// `struct rtmsg`.
pub fn rtmsg(family: u8, dst_len: u8, table: u32, protocol: u8, scope: u8, kind: u8) -> [u8; 12] {
    let table = u8::try_from(table).expect("rtm_table holds ids below 256");
    [
        family, dst_len, 0, 0, table, protocol, scope, kind, 0, 0, 0, 0,
    ]
}

/// RTM_NEWLINK creating a veth pair `name` <-> `peer`.
pub fn new_veth(name: &str, peer: &str) -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    b.push_header_bytes(&ifinfomsg(AF_UNSPEC, 0, 0, 0));
    b.attr_str(IFLA_IFNAME, name);
    let li = b.begin_nest(IFLA_LINKINFO);
    b.attr_str(IFLA_INFO_KIND, "veth");
    let data = b.begin_nest(IFLA_INFO_DATA);
    let p = b.begin_nest(VETH_INFO_PEER);
    b.push_header_bytes(&ifinfomsg(AF_UNSPEC, 0, 0, 0));
    b.attr_str(IFLA_IFNAME, peer);
    b.end_nest(p);
    b.end_nest(data);
    b.end_nest(li);
    b
}

/// RTM_NEWLINK creating a link of a kind without data (bridge, ifb, ...).
pub fn new_link(name: &str, kind: &str) -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    b.push_header_bytes(&ifinfomsg(AF_UNSPEC, 0, 0, 0));
    b.attr_str(IFLA_IFNAME, name);
    let li = b.begin_nest(IFLA_LINKINFO);
    b.attr_str(IFLA_INFO_KIND, kind);
    b.end_nest(li);
    b
}

/// RTM_NEWLINK setting a link up (by index).
pub fn set_up(index: i32) -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_NEWLINK, 0);
    b.push_header_bytes(&ifinfomsg(AF_UNSPEC, index, IFF_UP, IFF_UP));
    b
}

/// RTM_NEWLINK setting the MTU of a link (by index).
pub fn set_mtu(index: i32, mtu: u32) -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_NEWLINK, 0);
    b.push_header_bytes(&ifinfomsg(AF_UNSPEC, index, 0, 0));
    b.attr_u32(IFLA_MTU, mtu);
    b
}

/// RTM_GETLINK dump request.
pub fn get_links() -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_GETLINK, 0);
    b.push_header_bytes(&ifinfomsg(AF_UNSPEC, 0, 0, 0));
    b
}

/// RTM_NEWADDR.
pub fn new_addr4(index: u32, addr: Ipv4Addr, plen: u8) -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    b.push_header_bytes(&ifaddrmsg(AF_INET, plen, 0, RT_SCOPE_UNIVERSE, index));
    b.attr(IFA_LOCAL, &addr.octets());
    b.attr(IFA_ADDRESS, &addr.octets());
    b
}

/// RTM_NEWADDR (IPv6, no DAD so it is usable at once).
pub fn new_addr6(index: u32, addr: Ipv6Addr, plen: u8) -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    b.push_header_bytes(&ifaddrmsg(
        AF_INET6,
        plen,
        IFA_F_NODAD as u8,
        RT_SCOPE_UNIVERSE,
        index,
    ));
    b.attr(IFA_ADDRESS, &addr.octets());
    b
}

/// RTM_NEWROUTE in the main table to `dst/plen` out of `oif`, optional gateway.
pub fn new_route(family: u8, dst: &[u8], plen: u8, oif: u32, gw: Option<&[u8]>) -> MessageBuilder {
    let mut b = MessageBuilder::new(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    let scope = if gw.is_some() {
        RT_SCOPE_UNIVERSE
    } else {
        RT_SCOPE_LINK
    };
    b.push_header_bytes(&rtmsg(
        family,
        plen,
        RT_TABLE_MAIN,
        RTPROT_STATIC,
        scope,
        RTN_UNICAST,
    ));
    b.attr(RTA_DST, dst);
    b.attr_u32(RTA_OIF, oif);
    if let Some(g) = gw {
        b.attr(RTA_GATEWAY, g);
    }
    b
}

/// Dump request for addresses or routes of `family`.
pub fn get_dump(kind: u16, family: u8) -> MessageBuilder {
    let mut b = MessageBuilder::new(kind, 0);
    match kind {
        RTM_GETADDR => {
            b.push_header_bytes(&ifaddrmsg(family, 0, 0, 0, 0));
        }
        RTM_GETROUTE => {
            b.push_header_bytes(&rtmsg(family, 0, 0, 0, 0, 0));
        }
        _ => {
            b.push_header_bytes(&ifinfomsg(family, 0, 0, 0));
        }
    }
    b
}

/// A link as read from an RTM_NEWLINK message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub index: i32,
    pub flags: u32,
    pub name: String,
    pub kind: Option<String>,
    pub mtu: Option<u32>,
}

pub fn parse_link(m: &Message<'_>) -> Link {
    let hdr = m.fixed_header(16).expect("ifinfomsg");
    let index = i32::from_ne_bytes(hdr[4..8].try_into().unwrap());
    let flags = u32::from_ne_bytes(hdr[8..12].try_into().unwrap());
    let mut l = Link {
        index,
        flags,
        name: String::new(),
        kind: None,
        mtu: None,
    };
    for a in m.attrs(16).unwrap() {
        let a = a.expect("attr");
        match a.kind() {
            IFLA_IFNAME => l.name = a.as_str().unwrap().to_owned(),
            IFLA_MTU => l.mtu = Some(a.as_u32().unwrap()),
            IFLA_LINKINFO => {
                for i in a.nested() {
                    let i = i.unwrap();
                    if i.kind() == IFLA_INFO_KIND {
                        l.kind = Some(i.as_str().unwrap().to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    l
}

/// All links via a dump on `sock`.
pub fn dump_links(sock: &mut netlink_runtime::Socket) -> Vec<Link> {
    let mut out = Vec::new();
    let mut d = sock.dump(&mut get_links()).unwrap();
    while let Some(m) = d.next().unwrap() {
        assert_eq!(m.kind(), RTM_NEWLINK);
        out.push(parse_link(&m));
    }
    out
}

pub fn link_index(sock: &mut netlink_runtime::Socket, name: &str) -> i32 {
    dump_links(sock)
        .into_iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("link {name} not found"))
        .index
}

/// An address as read from an RTM_NEWADDR message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addr {
    pub family: u8,
    pub prefixlen: u8,
    pub index: u32,
    pub address: Vec<u8>,
}

pub fn parse_addr(m: &Message<'_>) -> Addr {
    let h = m.fixed_header(8).unwrap();
    let mut a = Addr {
        family: h[0],
        prefixlen: h[1],
        index: u32::from_ne_bytes(h[4..8].try_into().unwrap()),
        address: Vec::new(),
    };
    for at in m.attrs(8).unwrap() {
        let at = at.unwrap();
        if at.kind() == IFA_ADDRESS {
            a.address = at.payload().to_vec();
        }
    }
    a
}

/// A route as read from an RTM_NEWROUTE message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub family: u8,
    pub dst_len: u8,
    pub table: u32,
    pub protocol: u8,
    pub dst: Vec<u8>,
    pub oif: Option<u32>,
    pub gateway: Option<Vec<u8>>,
}

pub fn parse_route(m: &Message<'_>) -> Route {
    let h = m.fixed_header(12).unwrap();
    let mut r = Route {
        family: h[0],
        dst_len: h[1],
        table: h[4] as u32,
        protocol: h[5],
        dst: Vec::new(),
        oif: None,
        gateway: None,
    };
    for a in m.attrs(12).unwrap() {
        let a = a.unwrap();
        match a.kind() {
            RTA_DST => r.dst = a.payload().to_vec(),
            RTA_OIF => r.oif = Some(a.as_u32().unwrap()),
            RTA_GATEWAY => r.gateway = Some(a.payload().to_vec()),
            RTA_TABLE => r.table = a.as_u32().unwrap(),
            _ => {}
        }
    }
    r
}
