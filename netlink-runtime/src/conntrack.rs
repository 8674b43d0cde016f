//! Connection tracking over nfnetlink (ctnetlink): dumps with kernel-side filters (family,
//! mark/mask, zone, status), get one entry, create, update, delete, flush, typed events, and
//! statistics, all through structs derived from `schemas/conntrack.toml`.
//!
//! ```no_run
//! use netlink_runtime::conntrack::{ConntrackFilter, ConntrackSpec, Tuple};
//! use netlink_runtime::nfnl::Handle;
//! # fn main() -> Result<(), netlink_runtime::Error> {
//! let mut h = Handle::new()?;
//! for e in h.conntrack_list(&ConntrackFilter::ipv4().mark(0x10, 0xff))? {
//!     println!("{:?} -> {:?} timeout {:?}", e.orig_src(), e.orig_dst(), e.timeout);
//! }
//! let t = Tuple::tcp("10.0.0.1".parse()?, "10.0.0.2".parse()?, 40000, 80);
//! h.conntrack_create(&ConntrackSpec::new(t).timeout(120).tcp_state(3))?;
//! # Ok(()) }
//! ```
//!
//! The entries' tuples and protocol state are nests ([`Tuple`], [`ProtoInfo`]); ports, marks,
//! ids and counters are big-endian on the wire and host-order here.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use crate::codec::{FromMessage, ToMessage};
use crate::error::Error;
use crate::message::Message;
use crate::nfnl;
use crate::op::{Dump, DumpOwned, Notifications, Outgoing, Request};
use crate::request::Reply;
use crate::schemas::conntrack::*;
use crate::schemas::netlink::{NLM_F_CREATE, NLM_F_EXCL};
use crate::MessageBuilder;

/// IPv4 as `nfgen_family` holds it: ctnetlink's L3 protocol is netfilter's `NFPROTO_IPV4`
/// (linux/netfilter.h numbers it as `AF_INET`).
pub const AF_INET: u8 = NFPROTO_IPV4;
/// IPv6 as `nfgen_family` holds it (`NFPROTO_IPV6`).
pub const AF_INET6: u8 = NFPROTO_IPV6;
/// Both families (`NFPROTO_UNSPEC`).
pub const AF_UNSPEC: u8 = NFPROTO_UNSPEC;

/// The IP protocols of tuples (`CTA_PROTO_NUM`), from linux/in.h.
pub use crate::schemas::conntrack::{
    IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP,
};

/// The addresses of a tuple (`CTA_TUPLE_IP`): one family's pair is present.
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_ip")]
pub struct TupleIp {
    /// `CTA_IP_V4_SRC`.
    pub v4_src: Option<Ipv4Addr>,
    /// `CTA_IP_V4_DST`.
    pub v4_dst: Option<Ipv4Addr>,
    /// `CTA_IP_V6_SRC`.
    pub v6_src: Option<Ipv6Addr>,
    /// `CTA_IP_V6_DST`.
    pub v6_dst: Option<Ipv6Addr>,
}

/// The layer-4 part of a tuple (`CTA_TUPLE_PROTO`): ports, or ICMP type, code and id.
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_proto")]
pub struct TupleProto {
    /// `CTA_PROTO_NUM`: IPPROTO_*.
    pub num: Option<u8>,
    /// `CTA_PROTO_SRC_PORT`.
    pub src_port: Option<u16>,
    /// `CTA_PROTO_DST_PORT`.
    pub dst_port: Option<u16>,
    /// `CTA_PROTO_ICMP_ID`.
    pub icmp_id: Option<u16>,
    /// `CTA_PROTO_ICMP_TYPE`.
    pub icmp_type: Option<u8>,
    /// `CTA_PROTO_ICMP_CODE`.
    pub icmp_code: Option<u8>,
    /// `CTA_PROTO_ICMPV6_ID`.
    pub icmpv6_id: Option<u16>,
    /// `CTA_PROTO_ICMPV6_TYPE`.
    pub icmpv6_type: Option<u8>,
    /// `CTA_PROTO_ICMPV6_CODE`.
    pub icmpv6_code: Option<u8>,
}

/// A conntrack tuple (`CTA_TUPLE_ORIG`, `_REPLY`, `_MASTER`): addresses, layer-4 protocol and
/// ports (or ICMP type/code/id), and the direction's zone.
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_tuple")]
pub struct Tuple {
    /// `CTA_TUPLE_IP`.
    pub ip: Option<TupleIp>,
    /// `CTA_TUPLE_PROTO`.
    pub proto: Option<TupleProto>,
    /// `CTA_TUPLE_ZONE`: the zone of this direction (directional zones).
    pub zone: Option<u16>,
}

impl Tuple {
    /// A tuple of protocol `proto` between `src` and `dst` (both of one family).
    pub fn new(src: IpAddr, dst: IpAddr, proto: u8) -> Tuple {
        let ip = match (src, dst) {
            (IpAddr::V4(s), IpAddr::V4(d)) => TupleIp {
                v4_src: Some(s),
                v4_dst: Some(d),
                ..TupleIp::default()
            },
            (s, d) => TupleIp {
                v6_src: Some(v6(s)),
                v6_dst: Some(v6(d)),
                ..TupleIp::default()
            },
        };
        Tuple {
            ip: Some(ip),
            proto: Some(TupleProto {
                num: Some(proto),
                ..TupleProto::default()
            }),
            zone: None,
        }
    }

    /// A TCP tuple.
    pub fn tcp(src: IpAddr, dst: IpAddr, sport: u16, dport: u16) -> Tuple {
        Tuple::new(src, dst, IPPROTO_TCP).ports(sport, dport)
    }

    /// A UDP tuple.
    pub fn udp(src: IpAddr, dst: IpAddr, sport: u16, dport: u16) -> Tuple {
        Tuple::new(src, dst, IPPROTO_UDP).ports(sport, dport)
    }

    /// An ICMP (IPv4) or ICMPv6 (IPv6) tuple with `type`, `code` and `id`.
    pub fn icmp(src: IpAddr, dst: IpAddr, kind: u8, code: u8, id: u16) -> Tuple {
        let mut t;
        if src.is_ipv4() {
            t = Tuple::new(src, dst, IPPROTO_ICMP);
            if let Some(p) = t.proto.as_mut() {
                p.icmp_type = Some(kind);
                p.icmp_code = Some(code);
                p.icmp_id = Some(id);
            }
        } else {
            t = Tuple::new(src, dst, IPPROTO_ICMPV6);
            if let Some(p) = t.proto.as_mut() {
                p.icmpv6_type = Some(kind);
                p.icmpv6_code = Some(code);
                p.icmpv6_id = Some(id);
            }
        }
        t
    }

    /// With source and destination ports.
    pub fn ports(mut self, sport: u16, dport: u16) -> Tuple {
        let p = self.proto.get_or_insert_with(TupleProto::default);
        p.src_port = Some(sport);
        p.dst_port = Some(dport);
        self
    }

    /// The source address.
    pub fn src(&self) -> Option<IpAddr> {
        let ip = self.ip.as_ref()?;
        ip.v4_src.map(IpAddr::V4).or(ip.v6_src.map(IpAddr::V6))
    }

    /// The destination address.
    pub fn dst(&self) -> Option<IpAddr> {
        let ip = self.ip.as_ref()?;
        ip.v4_dst.map(IpAddr::V4).or(ip.v6_dst.map(IpAddr::V6))
    }

    /// The layer-4 protocol number.
    pub fn protocol(&self) -> Option<u8> {
        self.proto.as_ref().and_then(|p| p.num)
    }

    /// The source port (TCP, UDP, SCTP, ...).
    pub fn src_port(&self) -> Option<u16> {
        self.proto.as_ref().and_then(|p| p.src_port)
    }

    /// The destination port.
    pub fn dst_port(&self) -> Option<u16> {
        self.proto.as_ref().and_then(|p| p.dst_port)
    }

    /// The tuple the other direction has, as the kernel computes it without NAT: addresses
    /// and ports swapped, an ICMP echo request answered by a reply.
    pub fn inverted(&self) -> Tuple {
        let ip = self.ip.map(|ip| TupleIp {
            v4_src: ip.v4_dst,
            v4_dst: ip.v4_src,
            v6_src: ip.v6_dst,
            v6_dst: ip.v6_src,
        });
        let proto = self.proto.map(|p| TupleProto {
            src_port: p.dst_port,
            dst_port: p.src_port,
            // The kernel's invmap for the query types a tuple can carry: each request and
            // its reply.
            icmp_type: p.icmp_type.map(|t| match t {
                ICMP_ECHO => ICMP_ECHOREPLY,
                ICMP_ECHOREPLY => ICMP_ECHO,
                ICMP_TIMESTAMP => ICMP_TIMESTAMPREPLY,
                ICMP_TIMESTAMPREPLY => ICMP_TIMESTAMP,
                ICMP_INFO_REQUEST => ICMP_INFO_REPLY,
                ICMP_INFO_REPLY => ICMP_INFO_REQUEST,
                ICMP_ADDRESS => ICMP_ADDRESSREPLY,
                ICMP_ADDRESSREPLY => ICMP_ADDRESS,
                t => t,
            }),
            icmpv6_type: p.icmpv6_type.map(|t| match t {
                ICMPV6_ECHO_REQUEST => ICMPV6_ECHO_REPLY,
                ICMPV6_ECHO_REPLY => ICMPV6_ECHO_REQUEST,
                t => t,
            }),
            ..p
        });
        Tuple {
            ip,
            proto,
            zone: self.zone,
        }
    }
}

fn v6(a: IpAddr) -> Ipv6Addr {
    match a {
        IpAddr::V6(a) => a,
        IpAddr::V4(a) => a.to_ipv6_mapped(),
    }
}

/// TCP state of an entry (`CTA_PROTOINFO_TCP`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_protoinfo_tcp")]
pub struct ProtoInfoTcp {
    /// `CTA_PROTOINFO_TCP_STATE`: TCP_CONNTRACK_*.
    pub state: Option<u8>,
    /// `CTA_PROTOINFO_TCP_WSCALE_ORIGINAL`.
    pub wscale_original: Option<u8>,
    /// `CTA_PROTOINFO_TCP_WSCALE_REPLY`.
    pub wscale_reply: Option<u8>,
    /// `CTA_PROTOINFO_TCP_FLAGS_ORIGINAL`: IP_CT_TCP_FLAG_* and the mask of those that
    /// matter.
    pub flags_original: Option<nf_ct_tcp_flags>,
    /// `CTA_PROTOINFO_TCP_FLAGS_REPLY`.
    pub flags_reply: Option<nf_ct_tcp_flags>,
}

/// SCTP state of an entry (`CTA_PROTOINFO_SCTP`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_protoinfo_sctp")]
pub struct ProtoInfoSctp {
    /// `CTA_PROTOINFO_SCTP_STATE`.
    pub state: Option<u8>,
    /// `CTA_PROTOINFO_SCTP_VTAG_ORIGINAL`.
    pub vtag_original: Option<u32>,
    /// `CTA_PROTOINFO_SCTP_VTAG_REPLY`.
    pub vtag_reply: Option<u32>,
}

/// Protocol state (`CTA_PROTOINFO`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_protoinfo")]
pub struct ProtoInfo {
    /// `CTA_PROTOINFO_TCP`.
    pub tcp: Option<ProtoInfoTcp>,
    /// `CTA_PROTOINFO_SCTP`.
    pub sctp: Option<ProtoInfoSctp>,
}

/// Packet and byte counters of one direction (`CTA_COUNTERS_ORIG` / `_REPLY`), present when
/// accounting is on (`net.netfilter.nf_conntrack_acct`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_counters")]
pub struct Counters {
    /// `CTA_COUNTERS_PACKETS`.
    pub packets: Option<u64>,
    /// `CTA_COUNTERS_BYTES`.
    pub bytes: Option<u64>,
}

/// Start and stop times (`CTA_TIMESTAMP`), with `net.netfilter.nf_conntrack_timestamp` on.
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_timestamp")]
pub struct Timestamp {
    /// `CTA_TIMESTAMP_START`: nanoseconds since the epoch.
    pub start: Option<u64>,
    /// `CTA_TIMESTAMP_STOP`.
    pub stop: Option<u64>,
}

/// The helper of an entry (`CTA_HELP`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_help")]
pub struct Helper {
    /// `CTA_HELP_NAME`.
    pub name: Option<String>,
}

/// The security context of an entry (`CTA_SECCTX`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_secctx")]
pub struct SecCtx {
    /// `CTA_SECCTX_NAME`.
    pub name: Option<String>,
}

/// Sequence number adjustment of one direction (`CTA_SEQ_ADJ_ORIG` / `_REPLY`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", attributes = "cta_seqadj")]
pub struct SeqAdj {
    /// `CTA_SEQADJ_CORRECTION_POS`.
    pub correction_pos: Option<u32>,
    /// `CTA_SEQADJ_OFFSET_BEFORE`.
    pub offset_before: Option<u32>,
    /// `CTA_SEQADJ_OFFSET_AFTER`.
    pub offset_after: Option<u32>,
}

/// A conntrack entry as the kernel sends it (`IPCTNL_MSG_CT_NEW`), and the request that makes,
/// changes, finds or deletes one. Nothing in it allocates unless the entry has labels, a
/// helper or a security context.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", message = "conntrack")]
pub struct Entry {
    /// `nfgen_family`: `AF_INET` or `AF_INET6`.
    #[netlink(header = "nfgen_family")]
    pub family: u8,
    /// `CTA_TUPLE_ORIG`.
    pub tuple_orig: Option<Tuple>,
    /// `CTA_TUPLE_REPLY`.
    pub tuple_reply: Option<Tuple>,
    /// `CTA_TUPLE_MASTER`: the entry this one was expected by.
    pub tuple_master: Option<Tuple>,
    /// `CTA_STATUS`: IPS_* bits.
    pub status: Option<u32>,
    /// `CTA_PROTOINFO`.
    pub protoinfo: Option<ProtoInfo>,
    /// `CTA_HELP`.
    pub help: Option<Helper>,
    /// `CTA_TIMEOUT`: seconds left.
    pub timeout: Option<u32>,
    /// `CTA_MARK`.
    pub mark: Option<u32>,
    /// `CTA_MARK_MASK` (requests: which mark bits a filter or change concerns).
    pub mark_mask: Option<u32>,
    /// `CTA_COUNTERS_ORIG`.
    pub counters_orig: Option<Counters>,
    /// `CTA_COUNTERS_REPLY`.
    pub counters_reply: Option<Counters>,
    /// `CTA_USE`: reference count.
    #[netlink(attr = "CTA_USE")]
    pub use_count: Option<u32>,
    /// `CTA_ID`.
    pub id: Option<u32>,
    /// `CTA_ZONE`.
    pub zone: Option<u16>,
    /// `CTA_SECCTX`.
    pub secctx: Option<SecCtx>,
    /// `CTA_TIMESTAMP`.
    pub timestamp: Option<Timestamp>,
    /// `CTA_LABELS`: the connlabel bit map (bit `n` is label `n`).
    pub labels: Option<Vec<u8>>,
    /// `CTA_LABELS_MASK` (requests: which label bits a change concerns).
    pub labels_mask: Option<Vec<u8>>,
    /// `CTA_STATUS_MASK` (dump filters: which status bits must match).
    pub status_mask: Option<u32>,
    /// `CTA_SEQ_ADJ_ORIG`.
    pub seq_adj_orig: Option<SeqAdj>,
    /// `CTA_SEQ_ADJ_REPLY`.
    pub seq_adj_reply: Option<SeqAdj>,
}

impl Entry {
    /// The original direction's source address.
    pub fn orig_src(&self) -> Option<IpAddr> {
        self.tuple_orig.as_ref().and_then(Tuple::src)
    }
    /// The original direction's destination address.
    pub fn orig_dst(&self) -> Option<IpAddr> {
        self.tuple_orig.as_ref().and_then(Tuple::dst)
    }
    /// The layer-4 protocol.
    pub fn protocol(&self) -> Option<u8> {
        self.tuple_orig.as_ref().and_then(Tuple::protocol)
    }
    /// The TCP state (TCP_CONNTRACK_*), for TCP entries.
    pub fn tcp_state(&self) -> Option<u8> {
        self.protoinfo
            .as_ref()
            .and_then(|p| p.tcp.as_ref())
            .and_then(|t| t.state)
    }
    /// Whether status bit `bit` (an `IPS_*` value) is set.
    pub fn has_status(&self, bit: u32) -> bool {
        self.status.unwrap_or(0) & bit != 0
    }
    /// The labels set, as bit numbers.
    pub fn label_bits(&self) -> Vec<u32> {
        bits(self.labels.as_deref().unwrap_or(&[]))
    }
}

/// The bit numbers set in a connlabel map (bit `n` of byte `n / 8`, as the kernel's bitmap of
/// unsigned longs lays it out on a little-endian machine).
pub fn bits(map: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, b) in map.iter().enumerate() {
        for j in 0..8 {
            if b & (1 << j) != 0 {
                out.push((i * 8 + j) as u32);
            }
        }
    }
    out
}

/// A connlabel map (16 bytes, the kernel's size) with `labels` set.
pub fn label_map(labels: &[u32]) -> Result<Vec<u8>, Error> {
    let mut map = vec![0u8; 16];
    for &l in labels {
        let byte = map
            .get_mut(l as usize / 8)
            .ok_or_else(|| Error::Invalid(format!("connlabel {l} is above 127")))?;
        *byte |= 1 << (l % 8);
    }
    Ok(map)
}

fn ct_type(msg: u16) -> u16 {
    nfnl::msg_type(NFNL_SUBSYS_CTNETLINK, msg)
}

/// Kernel-side filters of a conntrack dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ConntrackFilter {
    /// `AF_INET`, `AF_INET6`, or `AF_UNSPEC` for both.
    pub family: u8,
    /// Only entries whose mark, masked, equals this (mark, mask).
    pub mark: Option<(u32, u32)>,
    /// Only entries of this zone (0, the default zone, cannot be a filter).
    pub zone: Option<u16>,
    /// Only entries whose status, masked, equals this (status, mask).
    pub status: Option<(u32, u32)>,
}

impl ConntrackFilter {
    /// Every entry.
    pub fn all() -> ConntrackFilter {
        ConntrackFilter::default()
    }
    /// IPv4 entries.
    pub fn ipv4() -> ConntrackFilter {
        ConntrackFilter {
            family: AF_INET,
            ..ConntrackFilter::default()
        }
    }
    /// IPv6 entries.
    pub fn ipv6() -> ConntrackFilter {
        ConntrackFilter {
            family: AF_INET6,
            ..ConntrackFilter::default()
        }
    }
    /// Only entries with `mark & mask == value & mask`.
    pub fn mark(mut self, value: u32, mask: u32) -> Self {
        self.mark = Some((value, mask));
        self
    }
    /// Only entries of `zone`.
    pub fn zone(mut self, zone: u16) -> Self {
        self.zone = Some(zone);
        self
    }
    /// Only entries with `status & mask == value & mask` (IPS_* bits).
    pub fn status(mut self, value: u32, mask: u32) -> Self {
        self.status = Some((value, mask));
        self
    }

    /// The dump request carrying the filter.
    pub fn request(&self) -> Entry {
        Entry {
            family: self.family,
            mark: self.mark.map(|m| m.0),
            mark_mask: self.mark.map(|m| m.1),
            zone: self.zone,
            status: self.status.map(|s| s.0),
            status_mask: self.status.map(|s| s.1),
            ..Entry::default()
        }
    }

    /// Whether an entry passes the filter (the kernel applied it already; this covers kernels
    /// that ignore a filter attribute).
    pub fn matches(&self, e: &Entry) -> bool {
        (self.family == AF_UNSPEC || self.family == e.family)
            && self
                .mark
                .is_none_or(|(v, m)| e.mark.unwrap_or(0) & m == v & m)
            && self.zone.is_none_or(|z| e.zone.unwrap_or(0) == z)
            && self
                .status
                .is_none_or(|(v, m)| e.status.unwrap_or(0) & m == v & m)
    }
}

/// The entries passing a filter.
#[derive(Debug, Clone, Default)]
pub struct ConntrackDump {
    /// The filter.
    pub filter: ConntrackFilter,
}

impl Dump for ConntrackDump {
    type Item<'a> = Entry;
    fn request(&self) -> Result<MessageBuilder, Error> {
        Ok(self
            .filter
            .request()
            .to_message(ct_type(IPCTNL_MSG_CT_GET), 0))
    }
    #[inline]
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<Entry>, Error> {
        if msg.kind() != ct_type(IPCTNL_MSG_CT_NEW) {
            return Ok(None);
        }
        let e = Entry::from_message(msg)?;
        Ok(self.filter.matches(&e).then_some(e))
    }
}

impl DumpOwned for ConntrackDump {
    type Owned = Entry;
    fn to_owned(&self, e: &Entry) -> Result<Entry, Error> {
        Ok(e.clone())
    }
    fn take_owned(&self, e: Entry) -> Result<Entry, Error> {
        Ok(e)
    }
}

/// Finds one entry by its original tuple (in a zone).
#[derive(Debug, Clone)]
pub struct ConntrackGet {
    /// The entry's original-direction tuple.
    pub tuple: Tuple,
    /// Its zone.
    pub zone: Option<u16>,
}

impl Request for ConntrackGet {
    type Output = Entry;
    fn request(&self) -> Result<Outgoing, Error> {
        let req = Entry {
            family: tuple_family(&self.tuple)?,
            tuple_orig: Some(self.tuple),
            zone: self.zone,
            ..Entry::default()
        };
        Ok(req.to_message(ct_type(IPCTNL_MSG_CT_GET), 0).into())
    }
    fn finish(&self, reply: Reply) -> Result<Entry, Error> {
        let msg = reply
            .messages()
            .find_map(Result::ok)
            .ok_or(Error::NoReply("conntrack entry"))?;
        Ok(Entry::from_message(&msg)?)
    }
    fn on_error(&self, e: Error) -> Result<Entry, Error> {
        match e.errno() {
            Some(libc::ENOENT) => Err(Error::NotFound(format!(
                "conntrack entry {:?} -> {:?}",
                self.tuple.src(),
                self.tuple.dst()
            ))),
            _ => Err(e),
        }
    }
}

fn tuple_family(t: &Tuple) -> Result<u8, Error> {
    match t.src() {
        Some(IpAddr::V4(_)) => Ok(AF_INET),
        Some(IpAddr::V6(_)) => Ok(AF_INET6),
        None => Err(Error::Invalid(
            "a conntrack tuple needs its source and destination addresses".into(),
        )),
    }
}

/// An entry to create, update or delete.
#[derive(Debug, Clone)]
pub struct ConntrackSpec {
    entry: Entry,
}

impl ConntrackSpec {
    /// An entry with original tuple `orig`; its reply tuple is `orig` inverted unless
    /// [`ConntrackSpec::reply`] sets one (for NAT).
    pub fn new(orig: Tuple) -> ConntrackSpec {
        ConntrackSpec {
            entry: Entry {
                family: tuple_family(&orig).unwrap_or(AF_UNSPEC),
                tuple_orig: Some(orig),
                ..Entry::default()
            },
        }
    }
    /// The reply tuple.
    pub fn reply(mut self, t: Tuple) -> Self {
        self.entry.tuple_reply = Some(t);
        self
    }
    /// Timeout in seconds (required to create).
    pub fn timeout(mut self, secs: u32) -> Self {
        self.entry.timeout = Some(secs);
        self
    }
    /// Status bits (IPS_ASSURED, IPS_SEEN_REPLY, ...).
    pub fn status(mut self, bits: u32) -> Self {
        self.entry.status = Some(bits);
        self
    }
    /// The mark.
    pub fn mark(mut self, mark: u32) -> Self {
        self.entry.mark = Some(mark);
        self
    }
    /// The zone.
    pub fn zone(mut self, zone: u16) -> Self {
        self.entry.zone = Some(zone);
        self
    }
    /// The TCP state (TCP_CONNTRACK_*).
    pub fn tcp_state(mut self, state: u8) -> Self {
        self.entry.protoinfo = Some(ProtoInfo {
            tcp: Some(ProtoInfoTcp {
                state: Some(state),
                ..ProtoInfoTcp::default()
            }),
            sctp: None,
        });
        self
    }
    /// Connlabels (bit numbers below 128).
    pub fn labels(mut self, labels: &[u32]) -> Result<Self, Error> {
        self.entry.labels = Some(label_map(labels)?);
        Ok(self)
    }
    /// The request as an [`Entry`].
    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    fn with_reply(&self) -> Entry {
        let mut e = self.entry.clone();
        if e.tuple_reply.is_none() {
            e.tuple_reply = e.tuple_orig.map(|t| t.inverted());
        }
        e
    }

    /// The operation that creates the entry (fails with `EEXIST` if it exists).
    pub fn create_op(&self) -> crate::op::Ack {
        let mut e = self.with_reply();
        // An entry the kernel inserts is confirmed, and it refuses (EBUSY) a status that would
        // clear IPS_CONFIRMED: given status bits always include it.
        if let Some(s) = e.status.as_mut() {
            *s |= IPS_CONFIRMED;
        }
        crate::op::Ack(e.to_message(ct_type(IPCTNL_MSG_CT_NEW), NLM_F_CREATE | NLM_F_EXCL))
    }

    /// The operation that changes an existing entry (timeout, status, mark, labels, TCP
    /// state); fails with `ENOENT` if there is none.
    pub fn update_op(&self) -> crate::op::Ack {
        let mut e = self.entry.clone();
        e.tuple_reply = None;
        crate::op::Ack(e.to_message(ct_type(IPCTNL_MSG_CT_NEW), 0))
    }

    /// The operation that deletes the entry (found by its original tuple and zone).
    pub fn delete_op(&self) -> crate::op::Ack {
        let e = Entry {
            family: self.entry.family,
            tuple_orig: self.entry.tuple_orig,
            zone: self.entry.zone,
            ..Entry::default()
        };
        crate::op::Ack(e.to_message(ct_type(IPCTNL_MSG_CT_DELETE), 0))
    }
}

/// The operation that deletes every entry of the table.
///
/// A flush request may carry a family in `nfgen_family` (`conntrack -F -f ipv4` sends one),
/// but the kernel (6.18) empties the whole table whatever it says, so this operation offers no
/// family: delete the entries of one family one by one from a filtered dump instead.
pub fn flush_op() -> crate::op::Ack {
    crate::op::Ack(Entry::default().to_message(ct_type(IPCTNL_MSG_CT_DELETE), 0))
}

/// Per-CPU statistics (`IPCTNL_MSG_CT_GET_STATS_CPU`, one message per CPU).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", message = "conntrack-stats-cpu")]
pub struct CpuStats {
    /// `res_id`: the CPU.
    #[netlink(header = "res_id")]
    pub cpu: u16,
    /// `CTA_STATS_FOUND`.
    pub found: Option<u32>,
    /// `CTA_STATS_INVALID`.
    pub invalid: Option<u32>,
    /// `CTA_STATS_INSERT`.
    pub insert: Option<u32>,
    /// `CTA_STATS_INSERT_FAILED`.
    pub insert_failed: Option<u32>,
    /// `CTA_STATS_DROP`.
    pub drop: Option<u32>,
    /// `CTA_STATS_EARLY_DROP`.
    pub early_drop: Option<u32>,
    /// `CTA_STATS_ERROR`.
    pub error: Option<u32>,
    /// `CTA_STATS_SEARCH_RESTART`.
    pub search_restart: Option<u32>,
    /// `CTA_STATS_CLASH_RESOLVE`.
    pub clash_resolve: Option<u32>,
    /// `CTA_STATS_CHAIN_TOOLONG`.
    pub chain_toolong: Option<u32>,
}

/// The per-CPU statistics dump.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuStatsDump;

impl Dump for CpuStatsDump {
    type Item<'a> = CpuStats;
    fn request(&self) -> Result<MessageBuilder, Error> {
        Ok(nfnl::message(
            NFNL_SUBSYS_CTNETLINK,
            IPCTNL_MSG_CT_GET_STATS_CPU,
            0,
            AF_UNSPEC,
            0,
        ))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<CpuStats>, Error> {
        if msg.kind() != ct_type(IPCTNL_MSG_CT_GET_STATS_CPU) {
            return Ok(None);
        }
        Ok(Some(CpuStats::from_message(msg)?))
    }
}

impl DumpOwned for CpuStatsDump {
    type Owned = CpuStats;
    fn to_owned(&self, s: &CpuStats) -> Result<CpuStats, Error> {
        Ok(*s)
    }
}

/// The table's size (`IPCTNL_MSG_CT_GET_STATS`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "conntrack", message = "conntrack-stats")]
pub struct TableStats {
    /// `CTA_STATS_GLOBAL_ENTRIES`: entries now.
    pub entries: Option<u32>,
    /// `CTA_STATS_GLOBAL_MAX_ENTRIES`: `nf_conntrack_max`.
    pub max_entries: Option<u32>,
}

/// Reads the table's size.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableStatsGet;

impl Request for TableStatsGet {
    type Output = TableStats;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(nfnl::message(
            NFNL_SUBSYS_CTNETLINK,
            IPCTNL_MSG_CT_GET_STATS,
            0,
            AF_UNSPEC,
            0,
        )
        .into())
    }
    fn finish(&self, reply: Reply) -> Result<TableStats, Error> {
        let msg = reply
            .messages()
            .find_map(Result::ok)
            .ok_or(Error::NoReply("conntrack table statistics"))?;
        Ok(TableStats::from_message(&msg)?)
    }
}

/// What happened to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum EventKind {
    /// A new entry (`IPCTNL_MSG_CT_NEW` with `NLM_F_CREATE`).
    New,
    /// A changed entry (`IPCTNL_MSG_CT_NEW` without it).
    Update,
    /// A deleted or expired entry (`IPCTNL_MSG_CT_DELETE`).
    Destroy,
}

/// A conntrack event.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The entry (a destroy event carries its last counters).
    pub entry: Entry,
}

/// The groups of new, update and destroy events.
pub const EVENT_GROUPS: &[u32] = &[
    NFNLGRP_CONNTRACK_NEW,
    NFNLGRP_CONNTRACK_UPDATE,
    NFNLGRP_CONNTRACK_DESTROY,
];

/// Reads conntrack events (for `nfnl::Subscription` and the async `tokio::Subscription`).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventDecoder;

impl Notifications for EventDecoder {
    type Event = Event;
    fn decode(&self, msg: &Message<'_>) -> Result<Option<Event>, Error> {
        let kind = if msg.kind() == ct_type(IPCTNL_MSG_CT_NEW) {
            if msg.flags() & NLM_F_CREATE != 0 {
                EventKind::New
            } else {
                EventKind::Update
            }
        } else if msg.kind() == ct_type(IPCTNL_MSG_CT_DELETE) {
            EventKind::Destroy
        } else {
            return Ok(None);
        };
        Ok(Some(Event {
            kind,
            entry: Entry::from_message(msg)?,
        }))
    }
}

/// A blocking subscription to conntrack events (`groups`: some of [`EVENT_GROUPS`]).
pub fn subscribe(groups: &[u32]) -> Result<nfnl::Subscription<EventDecoder>, Error> {
    nfnl::Subscription::new(groups, EventDecoder)
}

nfnl::handle_methods! {
    handles: crate::nfnl::Handle, crate::nfnl::AsyncHandle;
    example: "netlink_runtime::{conntrack::*, nfnl::*}", "let mut h = Handle::new()?;", "let h = AsyncHandle::new()?;";

    /// Stream the conntrack entries passing `filter` through `f`.
    #[setup = "let mut n = 0;"]
    #[example = "h.for_each_conntrack(&ConntrackFilter::all(), |e| { n += usize::from(e.mark.is_some()); Ok(()) })"]
    pub fn for_each_conntrack(filter: &ConntrackFilter) |Entry| = ConntrackDump { filter: *filter };

    /// The conntrack entries passing `filter` (family, mark/mask, zone, status, applied by the
    /// kernel).
    #[example = "h.conntrack_list(&ConntrackFilter::ipv4().zone(3))"]
    pub fn conntrack_list(filter: &ConntrackFilter) -> Vec<Entry> = collect(ConntrackDump { filter: *filter });

    /// The entry with original tuple `tuple` in `zone` (`Error::NotFound` if there is
    /// none).
    #[example = r#"h.conntrack_get(&Tuple::udp("10.0.0.1".parse()?, "10.0.0.2".parse()?, 53, 53), None)"#]
    pub fn conntrack_get(tuple: &Tuple, zone: Option<u16>) -> Entry = run(ConntrackGet { tuple: *tuple, zone });

    /// Create an entry (fails if it exists).
    #[example = r#"h.conntrack_create(&ConntrackSpec::new(Tuple::udp("10.0.0.1".parse()?, "10.0.0.2".parse()?, 53, 53)).timeout(30))"#]
    pub fn conntrack_create(spec: &ConntrackSpec) -> () = run(spec.create_op());

    /// Change an existing entry (timeout, status, mark, labels, TCP state).
    #[example = r#"h.conntrack_update(&ConntrackSpec::new(Tuple::udp("10.0.0.1".parse()?, "10.0.0.2".parse()?, 53, 53)).mark(1))"#]
    pub fn conntrack_update(spec: &ConntrackSpec) -> () = run(spec.update_op());

    /// Delete an entry (by its original tuple and zone).
    #[example = r#"h.conntrack_delete(&ConntrackSpec::new(Tuple::udp("10.0.0.1".parse()?, "10.0.0.2".parse()?, 53, 53)))"#]
    pub fn conntrack_delete(spec: &ConntrackSpec) -> () = run(spec.delete_op());

    /// Delete every entry of the table.
    #[example = "h.conntrack_flush()"]
    pub fn conntrack_flush() -> () = run(flush_op());

    /// Per-CPU statistics.
    #[example = "h.conntrack_cpu_stats()"]
    pub fn conntrack_cpu_stats() -> Vec<CpuStats> = collect(CpuStatsDump);

    /// The number of entries and the table's limit.
    #[example = "h.conntrack_table_stats()"]
    pub fn conntrack_table_stats() -> TableStats = run(TableStatsGet);
}
