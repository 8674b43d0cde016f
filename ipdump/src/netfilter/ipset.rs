//! ipsets as `ipset list -o xml` lists them (ipset 7.17), as JSON by the rule of [`super`]:
//!
//! ```text
//! {"ipsets":{"ipset":[{"name":"a","type":"hash:ip","revision":6,
//!   "header":{"family":"inet","hashsize":1024,"maxelem":65536,"timeout":300,"counters":true,
//!             "bucketsize":12,"initval":"0xa4c06682","memsize":465,"references":0,"numentries":1},
//!   "members":{"member":[{"elem":"10.0.0.1","timeout":99,"packets":5,"bytes":100,"comment":"\"hi\""}]}}]}}
//! ```
//!
//! The header's keys are the type's options in the tool's order (`hash:*`: family, hashsize,
//! maxelem, netmask, timeout, counters, comment, skbinfo, bucketsize, initval; `bitmap:*`:
//! range, netmask, timeout, counters, comment, skbinfo; `list:set`: size, timeout, counters,
//! comment, skbinfo), then memsize, references, numentries. A member's `elem` is written as the
//! tool writes it for the set's type (`10.0.0.0/24`, `10.0.0.1,tcp:80`, `1.1.1.1,icmp:echo-request`,
//! `10.0.0.1,02:00:00:00:00:01`), then timeout, nomatch, packets, bytes, comment (in quotes, as
//! the tool prints it), skbmark, skbprio, skbqueue. Protocols other than TCP, UDP, SCTP,
//! UDP-Lite, ICMP and ICMPv6 are named from `/etc/protocols`, as the tool's C library does.

use std::io::Write;
use std::net::IpAddr;

use serde::ser::SerializeMap;

use super::Wrapped;
use crate::json::value::{List, Text};
use crate::json::{Fields, Style};
use netlink_runtime::ipset::{Addr, Header, ListDump, Member, SetMsg, FAMILY_INET, FAMILY_INET6};
use netlink_runtime::nfnl::Handle;
use netlink_runtime::schemas::conntrack::{IPPROTO_ICMP, IPPROTO_ICMPV6};
use netlink_runtime::schemas::ipset::*;
use netlink_runtime::Error;

/// One set as one `<ipset>` of `ipset list -o xml`.
#[derive(Debug, Clone, Copy)]
pub struct IpsetJson<'v> {
    /// The set's name.
    pub name: &'v str,
    /// Its type (`hash:ip`, ...).
    pub kind: &'v str,
    /// The type's revision.
    pub revision: u8,
    /// `IPSET_ATTR_FAMILY` (NFPROTO_IPV4 or NFPROTO_IPV6; 0 for types without one).
    pub family: u8,
    /// Its header.
    pub header: &'v Header,
    /// Its members (`None`: the header only, as `ipset list -t`).
    pub members: Option<&'v [Member]>,
}

crate::serialize_by_fields!(IpsetJson<'_>);

impl Fields for IpsetJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("name", self.name)?;
        m.serialize_entry("type", self.kind)?;
        m.serialize_entry("revision", &self.revision)?;
        m.serialize_entry("header", &HeaderJson(self))?;
        if let Some(members) = self.members {
            let kind = self.kind;
            let items = || {
                members
                    .iter()
                    .map(move |member| MemberJson { member, kind })
            };
            m.serialize_entry("members", &Members(List(items)))?;
        }
        Ok(())
    }
}

struct Members<F>(List<F>);

impl<F, I> serde::Serialize for Members<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("member", &self.0)?;
        m.end()
    }
}

/// What a set's type name says its members hold.
fn class(kind: &str) -> &str {
    kind.split(':').next().unwrap_or("")
}

struct HeaderJson<'v>(&'v IpsetJson<'v>);

crate::serialize_by_fields!(HeaderJson<'_>);

impl Fields for HeaderJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let s = self.0;
        let h = s.header;
        let flags = h.cadt_flags.map_or(0, |f| f.0);
        let ext = |m: &mut M| -> Result<(), M::Error> {
            if let Some(t) = h.timeout {
                m.serialize_entry("timeout", &t.0)?;
            }
            for (bit, key) in [
                (IPSET_FLAG_WITH_COUNTERS, "counters"),
                (IPSET_FLAG_WITH_COMMENT, "comment"),
                (IPSET_FLAG_WITH_SKBINFO, "skbinfo"),
            ] {
                if flags & bit != 0 {
                    m.serialize_entry(key, &super::PRESENT)?;
                }
            }
            Ok(())
        };
        match class(s.kind) {
            "hash" => {
                m.serialize_entry("family", family_name(s.family))?;
                if let Some(v) = h.hashsize {
                    m.serialize_entry("hashsize", &v.0)?;
                }
                if let Some(v) = h.maxelem {
                    m.serialize_entry("maxelem", &v.0)?;
                }
                if let Some(v) = h.netmask {
                    m.serialize_entry("netmask", &v)?;
                }
                if let Some(v) = h.markmask {
                    m.serialize_entry("markmask", &Text(format_args!("{:#010x}", v.0)))?;
                }
                ext(m)?;
                if flags & IPSET_FLAG_WITH_FORCEADD != 0 {
                    m.serialize_entry("forceadd", &super::PRESENT)?;
                }
                if let Some(v) = h.bucketsize {
                    m.serialize_entry("bucketsize", &v)?;
                }
                if let Some(v) = h.initval {
                    m.serialize_entry("initval", &Text(format_args!("{:#010x}", v.0)))?;
                }
            }
            "bitmap" => {
                let from = h.ip.as_ref().and_then(Addr::get);
                let to = h.ip_to.as_ref().and_then(Addr::get);
                match (from, to, h.port, h.port_to) {
                    (Some(a), Some(b), _, _) => {
                        m.serialize_entry("range", &Text(format_args!("{a}-{b}")))?
                    }
                    (_, _, Some(a), Some(b)) => {
                        m.serialize_entry("range", &Text(format_args!("{}-{}", a.0, b.0)))?
                    }
                    _ => {}
                }
                if let Some(v) = h.netmask {
                    m.serialize_entry("netmask", &v)?;
                }
                ext(m)?;
            }
            _ => {
                if let Some(v) = h.size {
                    m.serialize_entry("size", &v.0)?;
                }
                ext(m)?;
            }
        }
        if let Some(v) = h.memsize {
            m.serialize_entry("memsize", &v.0)?;
        }
        if let Some(v) = h.references {
            m.serialize_entry("references", &v.0)?;
        }
        if let Some(v) = h.elements {
            m.serialize_entry("numentries", &v.0)?;
        }
        Ok(())
    }
}

/// `inet` / `inet6` (`IPSET_ATTR_FAMILY`), as the tool names them.
pub fn family_name(f: u8) -> &'static str {
    match f {
        FAMILY_INET => "inet",
        FAMILY_INET6 => "inet6",
        _ => "unspec",
    }
}

/// One member as one `<member>`.
#[derive(Debug, Clone, Copy)]
pub struct MemberJson<'v> {
    /// The member.
    pub member: &'v Member,
    /// The set's type (how `elem` is written).
    pub kind: &'v str,
}

crate::serialize_by_fields!(MemberJson<'_>);

impl Fields for MemberJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let e = self.member;
        // Text that is a decimal number is a number (bitmap:port's members), by the rule the
        // tool's XML is read with.
        let elem = Elem(self).to_string();
        match elem.parse::<u64>() {
            Ok(n) if elem == n.to_string() => m.serialize_entry("elem", &n)?,
            _ => m.serialize_entry("elem", &elem)?,
        }
        if let Some(t) = e.timeout {
            m.serialize_entry("timeout", &t.0)?;
        }
        if e.cadt_flags.is_some_and(|f| f.0 & IPSET_FLAG_NOMATCH != 0) {
            m.serialize_entry("nomatch", &super::PRESENT)?;
        }
        if let Some(p) = e.packets {
            m.serialize_entry("packets", &p.0)?;
        }
        if let Some(b) = e.bytes {
            m.serialize_entry("bytes", &b.0)?;
        }
        if let Some(c) = &e.comment {
            m.serialize_entry("comment", &Text(format_args!("\"{c}\"")))?;
        }
        if let Some(v) = e.skbmark {
            let (mark, mask) = ((v.0 >> 32) as u32, v.0 as u32);
            if mask == u32::MAX {
                m.serialize_entry("skbmark", &Text(format_args!("{mark:#x}")))?;
            } else {
                m.serialize_entry("skbmark", &Text(format_args!("{mark:#x}/{mask:#x}")))?;
            }
        }
        if let Some(v) = e.skbprio {
            let (major, minor) = (v.0 >> 16, v.0 & 0xffff);
            m.serialize_entry("skbprio", &Text(format_args!("{major:x}:{minor:x}")))?;
        }
        if let Some(v) = e.skbqueue {
            m.serialize_entry("skbqueue", &v.0)?;
        }
        Ok(())
    }
}

/// A member's `elem` text: its parts as the set's type lists them, joined by commas.
struct Elem<'v>(&'v MemberJson<'v>);

impl std::fmt::Display for Elem<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (e, kind) = (self.0.member, self.0.kind);
        let (class, parts) = kind.split_once(':').unwrap_or((kind, ""));
        let mut ips = [(&e.ip, e.cidr), (&e.ip2, e.cidr2)].into_iter();
        for (i, part) in parts.split(',').enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match part {
                "ip" | "net" => {
                    let (addr, cidr) = ips.next().unwrap_or((&None, None));
                    let a = addr.as_ref().and_then(Addr::get);
                    if let Some(a) = a {
                        write!(f, "{}", IpText(&a))?;
                        if let Some(c) = cidr.filter(|&c| part == "net" && c != host_len(&a)) {
                            write!(f, "/{c}")?;
                        }
                    }
                }
                "port" => {
                    let port = e.port.map_or(0, |p| p.0);
                    if class == "bitmap" {
                        write!(f, "{port}")?;
                    } else {
                        // A port without a protocol is TCP's, as the tool writes it.
                        let proto = e.proto.filter(|&p| p != 0).unwrap_or(6);
                        proto_port(f, proto, port)?;
                    }
                }
                "mac" => {
                    if let Some(mac) = &e.ether {
                        write!(f, "{}", MacText(mac))?;
                    }
                }
                "iface" => {
                    if e.cadt_flags.is_some_and(|x| x.0 & IPSET_FLAG_PHYSDEV != 0) {
                        f.write_str("physdev:")?;
                    }
                    f.write_str(e.iface.as_deref().unwrap_or(""))?;
                }
                "mark" => write!(f, "{:#010x}", e.mark.map_or(0, |m| m.0))?,
                // list:set
                "set" => f.write_str(e.name.as_deref().unwrap_or(""))?,
                _ => {}
            }
        }
        Ok(())
    }
}

struct IpText<'a>(&'a IpAddr);

impl std::fmt::Display for IpText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

struct MacText<'a>(&'a [u8; 6]);

impl std::fmt::Display for MacText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

fn host_len(a: &IpAddr) -> u8 {
    if a.is_ipv4() {
        32
    } else {
        128
    }
}

/// `tcp:80`, `icmp:echo-request` (ICMP types and codes by the tool's names), `gre:0`.
fn proto_port(f: &mut std::fmt::Formatter<'_>, proto: u8, port: u16) -> std::fmt::Result {
    let (kind, code) = ((port >> 8) as u8, port as u8);
    match proto {
        IPPROTO_ICMP => match ICMP.iter().find(|n| n.1 == kind && n.2 == code) {
            Some(n) => write!(f, "icmp:{}", n.0),
            None => write!(f, "icmp:{kind}/{code}"),
        },
        IPPROTO_ICMPV6 => match ICMPV6.iter().find(|n| n.1 == kind && n.2 == code) {
            Some(n) => write!(f, "icmpv6:{}", n.0),
            None => write!(f, "icmpv6:{kind}/{code}"),
        },
        _ => match super::protocol_name(proto) {
            Some(name) => write!(f, "{name}:{port}"),
            None => write!(f, "{proto}:{port}"),
        },
    }
}

/// libipset's ICMP names (name, type, code); the first name of a pair is printed.
const ICMP: &[(&str, u8, u8)] = &[
    ("echo-reply", 0, 0),
    ("network-unreachable", 3, 0),
    ("host-unreachable", 3, 1),
    ("protocol-unreachable", 3, 2),
    ("port-unreachable", 3, 3),
    ("fragmentation-needed", 3, 4),
    ("source-route-failed", 3, 5),
    ("network-unknown", 3, 6),
    ("host-unknown", 3, 7),
    ("network-prohibited", 3, 9),
    ("host-prohibited", 3, 10),
    ("TOS-network-unreachable", 3, 11),
    ("TOS-host-unreachable", 3, 12),
    ("communication-prohibited", 3, 13),
    ("host-precedence-violation", 3, 14),
    ("precedence-cutoff", 3, 15),
    ("source-quench", 4, 0),
    ("network-redirect", 5, 0),
    ("host-redirect", 5, 1),
    ("TOS-network-redirect", 5, 2),
    ("TOS-host-redirect", 5, 3),
    ("echo-request", 8, 0),
    ("router-advertisement", 9, 0),
    ("router-solicitation", 10, 0),
    ("ttl-zero-during-transit", 11, 0),
    ("ttl-zero-during-reassembly", 11, 1),
    ("ip-header-bad", 12, 0),
    ("required-option-missing", 12, 1),
    ("timestamp-request", 13, 0),
    ("timestamp-reply", 14, 0),
    ("address-mask-request", 17, 0),
    ("address-mask-reply", 18, 0),
];

/// libipset's ICMPv6 names.
const ICMPV6: &[(&str, u8, u8)] = &[
    ("no-route", 1, 0),
    ("communication-prohibited", 1, 1),
    ("address-unreachable", 1, 3),
    ("port-unreachable", 1, 4),
    ("packet-too-big", 2, 0),
    ("ttl-zero-during-transit", 3, 0),
    ("ttl-zero-during-reassembly", 3, 1),
    ("bad-header", 4, 0),
    ("unknown-header-type", 4, 1),
    ("unknown-option", 4, 2),
    ("echo-request", 128, 0),
    ("echo-reply", 129, 0),
    ("router-solicitation", 133, 0),
    ("router-advertisement", 134, 0),
    ("neighbour-solicitation", 135, 0),
    ("neighbour-advertisement", 136, 0),
    ("redirect", 137, 0),
];

/// The set being gathered from a list dump: the header's message, then its members' messages.
#[derive(Default)]
struct Gathered {
    name: String,
    kind: String,
    revision: u8,
    family: u8,
    header: Header,
    members: Vec<Member>,
}

impl Gathered {
    fn view(&self, terse: bool) -> IpsetJson<'_> {
        IpsetJson {
            name: &self.name,
            kind: &self.kind,
            revision: self.revision,
            family: self.family,
            header: &self.header,
            members: (!terse).then_some(&self.members[..]),
        }
    }
}

/// Lists every set (or one, `name`) and writes them as `ipset list -o xml` does (`terse`: the
/// headers only, as `ipset list -t`), or only their number with `count`. A set's members are
/// kept until its last message has come; the sets are written one by one. Returns the number
/// of sets.
pub fn print<W: Write>(
    h: &mut Handle,
    name: Option<&str>,
    terse: bool,
    style: Style,
    count: bool,
    w: &mut W,
) -> Result<u64, Error> {
    let mut out = Wrapped::new(w, style, count, &["ipsets", "ipset"])?;
    let mut cur: Option<Gathered> = None;
    let op = ListDump {
        name: name.map(str::to_owned),
    };
    h.for_each(&op, |msg: SetMsg| {
        let set_name = msg.setname.unwrap_or_default();
        if cur.as_ref().is_some_and(|c| c.name != set_name) {
            if let Some(done) = cur.take() {
                out.push(&done.view(terse))?;
            }
        }
        let c = cur.get_or_insert_with(|| Gathered {
            name: set_name,
            ..Gathered::default()
        });
        if let Some(t) = msg.typename {
            c.kind = t;
        }
        if let Some(r) = msg.revision {
            c.revision = r;
        }
        if let Some(f) = msg.family {
            c.family = f;
        }
        if let Some(hd) = msg.data {
            c.header = hd;
        }
        if let Some(a) = msg.adt {
            if !terse {
                c.members.extend(a.data);
            }
        }
        Ok::<(), Error>(())
    })?;
    if let Some(done) = cur.take() {
        out.push(&done.view(terse))?;
    }
    Ok(out.finish()?)
}
