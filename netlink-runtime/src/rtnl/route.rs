//! Routes (`RTM_*ROUTE`, `rtmsg` + `RTA_*`): dumps filtered by the kernel (family, table,
//! output device, protocol, type), streaming or into a `Vec` of compact owned routes; add,
//! replace and delete (matching exactly what the caller names) with gateway, device, metric,
//! table, protocol, scope, metrics, multipath with weights and per-hop encapsulation;
//! `ip route get`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use super::{family_of, Error, RouteTable, AF_INET6, AF_UNSPEC, CREATE_EXCL, CREATE_REPLACE};
use crate::attr::Attr;
use crate::codec::{CEnum, FromMessage, Lazy, Record, SubMessage, ToMessage};
use crate::op::{Ack, Dump, DumpOwned, Outgoing, Request};
use crate::schemas::rtnetlink::{
    ipv6_sr_hdr, rta_cacheinfo, seg6_iptunnel_encap, RTA_ENCAP_TYPE, RTM_DELROUTE, RTM_GETROUTE,
    RTM_NEWROUTE,
};
use crate::Message;

pub use crate::schemas::rtnetlink::{
    LwtunnelEncapTypes as EncapType, RtScopeT as RouteScope, RtmFlags as RouteFlags,
    Rtn as RouteType, RtnhFlags as NextHopFlags, Rtprot as RouteProtocol,
    Seg6IptunMode as Seg6Mode, Seg6LocalAction, RTM_F_CLONED,
};

/// A route as the kernel sends it, borrowed from the receive buffer. Metrics stay undecoded
/// until asked for; `multipath` allocates only for multipath routes.
#[derive(Netlink, Debug, Clone)]
#[netlink(schema = "rtnetlink", message = "route")]
#[non_exhaustive]
pub struct RouteRef<'a> {
    /// `rtm_family`.
    #[netlink(header = "rtm_family")]
    pub family: u8,
    /// `rtm_dst_len`.
    #[netlink(header = "rtm_dst_len")]
    pub dst_len: u8,
    /// `rtm_src_len`.
    #[netlink(header = "rtm_src_len")]
    pub src_len: u8,
    /// `rtm_tos`.
    #[netlink(header = "rtm_tos")]
    pub tos: u8,
    /// `rtm_table` (ids below 256 only; see [`RouteRef::table`]).
    #[netlink(header = "rtm_table")]
    pub rtm_table: u8,
    /// `rtm_protocol`, raw (see [`RouteRef::protocol`]: typed on demand, so a dump that
    /// does not look at it pays nothing).
    #[netlink(header = "rtm_protocol")]
    pub rtm_protocol: u8,
    /// `rtm_scope`, raw (see [`RouteRef::scope`]).
    #[netlink(header = "rtm_scope")]
    pub rtm_scope: u8,
    /// `rtm_type`, raw (see [`RouteRef::kind`]).
    #[netlink(header = "rtm_type")]
    pub rtm_type: u8,
    /// `rtm_flags`: `RTM_F_*`, and in the low byte the `RTNH_F_*` of a single-path route
    /// (see [`RouteRef::next_hop_flags`]).
    #[netlink(header = "rtm_flags")]
    pub flags: RouteFlags,
    /// `RTA_DST`.
    pub dst: Option<IpAddr>,
    /// `RTA_SRC`.
    pub src: Option<IpAddr>,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_OIF`.
    pub oif: Option<u32>,
    /// `RTA_IIF`.
    pub iif: Option<u32>,
    /// `RTA_PRIORITY`: the metric.
    pub priority: Option<u32>,
    /// `RTA_PREFSRC`.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_TABLE`.
    #[netlink(attr = "RTA_TABLE")]
    pub table_attr: Option<u32>,
    /// `RTA_METRICS`, decoded on demand.
    pub metrics: Option<Lazy<'a, Metrics>>,
    /// `RTA_MULTIPATH`.
    pub multipath: Vec<NextHopRaw<'a>>,
    /// `RTA_PREF`: IPv6 router preference.
    pub pref: Option<u8>,
    /// `RTA_MARK`.
    pub mark: Option<u32>,
    /// `RTA_EXPIRES`.
    pub expires: Option<u32>,
    /// `RTA_NH_ID`.
    pub nh_id: Option<u32>,
    /// `RTA_FLOW`.
    pub flow: Option<u32>,
    /// `RTA_UID` (`ip route get ... uid`).
    pub uid: Option<u32>,
    /// `RTA_CACHEINFO`.
    pub cacheinfo: Option<rta_cacheinfo>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<EncapType>,
    /// `RTA_ENCAP`, raw (see [`RouteRef::encap`]).
    #[netlink(attr = "RTA_ENCAP")]
    pub encap_raw: Option<Attr<'a>>,
}

impl RouteRef<'_> {
    /// The routing table (`RTA_TABLE`, else `rtm_table`).
    #[inline]
    pub fn table(&self) -> RouteTable {
        RouteTable(self.table_attr.unwrap_or(u32::from(self.rtm_table)))
    }

    /// Who installed the route (`rtm_protocol`).
    #[inline]
    pub fn protocol(&self) -> RouteProtocol {
        RouteProtocol::from_raw(i64::from(self.rtm_protocol))
    }

    /// The route's scope (`rtm_scope`).
    #[inline]
    pub fn scope(&self) -> RouteScope {
        RouteScope::from_raw(i64::from(self.rtm_scope))
    }

    /// The route's type (`rtm_type`: unicast, local, blackhole, ...).
    #[inline]
    pub fn kind(&self) -> RouteType {
        RouteType::from_raw(i64::from(self.rtm_type))
    }

    /// The lightweight-tunnel encapsulation (`RTA_ENCAP` by `RTA_ENCAP_TYPE`).
    pub fn encap(&self) -> Result<Option<RouteEncap>, Error> {
        decode_encap(self.encap_type, self.encap_raw)
    }

    /// The next-hop flags of a single-path route (the low byte of `rtm_flags`: dead, onlink,
    /// linkdown, ...).
    #[inline]
    pub fn next_hop_flags(&self) -> NextHopFlags {
        next_hop_flags(self.flags)
    }
}

/// The kernel gives a single-path route's `RTNH_F_*` in the low byte of `rtm_flags`.
fn next_hop_flags(flags: RouteFlags) -> NextHopFlags {
    NextHopFlags(flags.bits().to_le_bytes()[0])
}

fn decode_encap(ty: Option<EncapType>, raw: Option<Attr<'_>>) -> Result<Option<RouteEncap>, Error> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let sel = ty.map(|t| (t.to_raw() as u16).to_ne_bytes());
    let sel = sel.as_ref().map(|b| Attr::from_parts(RTA_ENCAP_TYPE, b, 0));
    RouteEncap::decode(sel, raw).map(Some).map_err(|e| {
        Error::Decode(crate::codec::DecodeError::value(
            "rta",
            "RTA_ENCAP",
            &raw,
            e,
        ))
    })
}

/// One `rtnexthop` of `RTA_MULTIPATH`, with its own attributes, as read.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", header = "rtnexthop", attributes = "rta")]
#[non_exhaustive]
pub struct NextHopRaw<'a> {
    /// `rtnh_flags`.
    #[netlink(header = "rtnh_flags")]
    pub flags: NextHopFlags,
    /// `rtnh_hops`: weight - 1.
    #[netlink(header = "rtnh_hops")]
    pub hops: u8,
    /// `rtnh_ifindex`.
    #[netlink(header = "rtnh_ifindex")]
    pub ifindex: u32,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<EncapType>,
    /// `RTA_ENCAP`, raw.
    #[netlink(attr = "RTA_ENCAP")]
    pub encap_raw: Option<Attr<'a>>,
}

impl NextHopRaw<'_> {
    /// The weight (1..=256).
    pub fn weight(&self) -> u16 {
        u16::from(self.hops) + 1
    }
    /// This hop's encapsulation.
    pub fn encap(&self) -> Result<Option<RouteEncap>, Error> {
        decode_encap(self.encap_type, self.encap_raw)
    }
}

/// One `rtnexthop` of a request.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", header = "rtnexthop", attributes = "rta")]
struct NextHopReq {
    #[netlink(header = "rtnh_flags")]
    flags: NextHopFlags,
    #[netlink(header = "rtnh_hops")]
    hops: u8,
    #[netlink(header = "rtnh_ifindex")]
    ifindex: u32,
    gateway: Option<IpAddr>,
    encap_type: Option<EncapType>,
    encap: Option<RouteEncap>,
}

/// Lightweight-tunnel encapsulation of a route or a next hop (`RTA_ENCAP`, chosen by
/// `RTA_ENCAP_TYPE`).
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", sub_message = "rta-encap")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum RouteEncap {
    /// IPv4 tunnel metadata (`encap ip`), for devices in metadata mode.
    #[netlink(format = "LWTUNNEL_ENCAP_IP")]
    Ip(IpEncap),
    /// IPv6 tunnel metadata (`encap ip6`).
    #[netlink(format = "LWTUNNEL_ENCAP_IP6")]
    Ip6(Ip6Encap),
    /// IPv6 segment routing (`encap seg6`).
    #[netlink(format = "LWTUNNEL_ENCAP_SEG6")]
    Seg6(Seg6Encap),
    /// An IPv6 segment routing function of this node (`encap seg6local`).
    #[netlink(format = "LWTUNNEL_ENCAP_SEG6_LOCAL")]
    Seg6Local(Seg6LocalEncap),
    /// Another encapsulation (MPLS, BPF, ...): its attributes, raw.
    Other(Vec<u8>),
}

impl RouteEncap {
    /// The `RTA_ENCAP_TYPE` of this encapsulation (`None` for `Other`, whose type the caller
    /// knows).
    pub fn encap_type(&self) -> Option<EncapType> {
        match self {
            RouteEncap::Ip(_) => Some(EncapType::Ip),
            RouteEncap::Ip6(_) => Some(EncapType::Ip6),
            RouteEncap::Seg6(_) => Some(EncapType::Seg6),
            RouteEncap::Seg6Local(_) => Some(EncapType::Seg6Local),
            RouteEncap::Other(_) => None,
        }
    }
}

/// `encap ip` (`LWTUNNEL_IP_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", attributes = "lwtunnel_ip")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct IpEncap {
    /// Tunnel id (VNI, key).
    pub id: Option<u64>,
    /// Outer destination.
    pub dst: Option<Ipv4Addr>,
    /// Outer source.
    pub src: Option<Ipv4Addr>,
    /// Outer TTL.
    pub ttl: Option<u8>,
    /// Outer TOS.
    pub tos: Option<u8>,
    /// `TUNNEL_*` flags.
    pub flags: Option<u16>,
}

impl IpEncap {
    /// Tunnel `id` to `dst`.
    pub fn new(id: u64, dst: Ipv4Addr) -> IpEncap {
        IpEncap {
            id: Some(id),
            dst: Some(dst),
            ..IpEncap::default()
        }
    }
}

/// `encap ip6` (`LWTUNNEL_IP6_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", attributes = "lwtunnel_ip6")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Ip6Encap {
    /// Tunnel id.
    pub id: Option<u64>,
    /// Outer destination.
    pub dst: Option<Ipv6Addr>,
    /// Outer source.
    pub src: Option<Ipv6Addr>,
    /// Outer hop limit.
    pub hoplimit: Option<u8>,
    /// Outer traffic class.
    pub tc: Option<u8>,
    /// `TUNNEL_*` flags.
    pub flags: Option<u16>,
}

/// `encap seg6` (`SEG6_IPTUNNEL_*`): a segment routing header to insert or to encapsulate in.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", attributes = "seg6_iptunnel")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Seg6Encap {
    /// `SEG6_IPTUNNEL_SRH`, raw: `struct seg6_iptunnel_encap` (the mode), then the
    /// `struct ipv6_sr_hdr` with its segments (see [`Seg6Encap::mode`],
    /// [`Seg6Encap::header`], [`Seg6Encap::segments`]).
    pub srh: Option<Vec<u8>>,
}

impl Seg6Encap {
    /// `SEG6_IPTUN_MODE_*`: insert the header (`inline`) or encapsulate (`encap`, ...).
    pub fn mode(&self) -> Option<Seg6Mode> {
        let srh = self.srh.as_deref()?;
        (srh.len() >= seg6_iptunnel_encap::SIZE)
            .then(|| Seg6Mode::from_raw(i64::from(seg6_iptunnel_encap::read(srh).mode())))
    }
    /// The segment routing header's fixed part.
    pub fn header(&self) -> Option<ipv6_sr_hdr> {
        let hdr = self.srh.as_deref()?.get(seg6_iptunnel_encap::SIZE..)?;
        (hdr.len() >= ipv6_sr_hdr::SIZE).then(|| ipv6_sr_hdr::read(hdr))
    }
    /// The segments in the header's order (`segments[0]`, the last to visit, first; as many
    /// as `first_segment` + 1 and the header's length hold).
    pub fn segments(&self) -> Vec<Ipv6Addr> {
        let srh = self.srh.as_deref().unwrap_or_default();
        srh_segments(srh.get(seg6_iptunnel_encap::SIZE..).unwrap_or_default())
    }
}

/// The segments of a segment routing header (`struct ipv6_sr_hdr` and what follows it) in the
/// header's order: as many as `first_segment` + 1 and the header's length hold.
fn srh_segments(srh: &[u8]) -> Vec<Ipv6Addr> {
    if srh.len() < ipv6_sr_hdr::SIZE {
        return Vec::new();
    }
    let h = ipv6_sr_hdr::read(srh);
    // `hdrlen` counts 8-byte units after the first 8: the segments and TLVs.
    let end = (ipv6_sr_hdr::SIZE + usize::from(h.hdrlen()) * 8).min(srh.len());
    srh[ipv6_sr_hdr::SIZE..end]
        .chunks_exact(16)
        .take(usize::from(h.first_segment()) + 1)
        .map(|c| Ipv6Addr::from(<[u8; 16]>::try_from(c).expect("16-byte chunk")))
        .collect()
}

/// `encap seg6local` (`SEG6_LOCAL_*`): what this node does with packets to the route's
/// destination, a segment of a segment routing path.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", attributes = "seg6_local")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Seg6LocalEncap {
    /// The function (`End`, `End.X`, `End.DT6`, ...).
    pub action: Option<Seg6LocalAction>,
    /// `SEG6_LOCAL_SRH`, raw: the header a binding segment inserts (see
    /// [`Seg6LocalEncap::segments`]).
    pub srh: Option<Vec<u8>>,
    /// The table to look the next segment up in (`End.T`, `End.DT6`).
    pub table: Option<u32>,
    /// IPv4 next hop (`End.DX4`).
    pub nh4: Option<Ipv4Addr>,
    /// IPv6 next hop (`End.X`, `End.DX6`).
    pub nh6: Option<Ipv6Addr>,
    /// Input device.
    pub iif: Option<u32>,
    /// Output device (`End.DX2`).
    pub oif: Option<u32>,
    /// The VRF table to decapsulate into (`End.DT4`, `End.DT6`, `End.DT46`).
    pub vrftable: Option<u32>,
    /// Packet, byte and error counts (`count`).
    pub counters: Option<Seg6LocalCounters>,
}

impl Seg6LocalEncap {
    /// The segments of [`Seg6LocalEncap::srh`], in the header's order.
    pub fn segments(&self) -> Vec<Ipv6Addr> {
        srh_segments(self.srh.as_deref().unwrap_or_default())
    }
}

/// `SEG6_LOCAL_COUNTERS` (`SEG6_LOCAL_CNT_*`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", attributes = "seg6_local_cnt")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Seg6LocalCounters {
    /// Packets.
    pub packets: Option<u64>,
    /// Bytes.
    pub bytes: Option<u64>,
    /// Errors.
    pub errors: Option<u64>,
}

/// `RTA_METRICS` (`RTAX_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "rtnetlink", attributes = "rtax")]
#[non_exhaustive]
pub struct Metrics {
    /// Bit mask of locked metrics (1 << RTAX_*).
    pub lock: Option<u32>,
    /// Path MTU.
    pub mtu: Option<u32>,
    /// TCP window clamp.
    pub window: Option<u32>,
    /// RTT (ms * 8).
    pub rtt: Option<u32>,
    /// RTT variance (ms * 4).
    pub rttvar: Option<u32>,
    /// Slow-start threshold.
    pub ssthresh: Option<u32>,
    /// Congestion window clamp.
    pub cwnd: Option<u32>,
    /// Advertised MSS.
    pub advmss: Option<u32>,
    /// Reordering.
    pub reordering: Option<u32>,
    /// Hop limit.
    pub hoplimit: Option<u32>,
    /// Initial congestion window.
    pub initcwnd: Option<u32>,
    /// RTAX_FEATURE_* flags.
    pub features: Option<u32>,
    /// Minimum RTO (ms).
    pub rto_min: Option<u32>,
    /// Initial receive window.
    pub initrwnd: Option<u32>,
    /// Quick ACK.
    pub quickack: Option<u32>,
    /// Congestion control algorithm.
    pub cc_algo: Option<String>,
    /// TCP fast open without cookie.
    pub fastopen_no_cookie: Option<u32>,
}

/// A next hop of a multipath route, owned.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct NextHop {
    /// Gateway.
    pub gateway: Option<IpAddr>,
    /// Output device index.
    pub oif: u32,
    /// Weight (1..=256).
    pub weight: u16,
    /// Flags (`NextHopFlags::ONLINK`, ...).
    pub flags: NextHopFlags,
    /// This hop's encapsulation.
    pub encap: Option<RouteEncap>,
}

impl NextHop {
    /// A hop out of `oif` via `gateway` with `weight` (1..=256).
    pub fn new(gateway: Option<IpAddr>, oif: u32, weight: u16) -> NextHop {
        NextHop {
            gateway,
            oif,
            weight: weight.clamp(1, 256),
            flags: NextHopFlags::empty(),
            encap: None,
        }
    }
    /// With an encapsulation (`nexthop encap ip id 5 dst 10.0.0.1 dev vx0`).
    pub fn encap(mut self, encap: RouteEncap) -> NextHop {
        self.encap = Some(encap);
        self
    }
}

impl TryFrom<&NextHopRaw<'_>> for NextHop {
    type Error = Error;
    fn try_from(n: &NextHopRaw<'_>) -> Result<NextHop, Error> {
        Ok(NextHop {
            gateway: n.gateway,
            oif: n.ifindex,
            weight: n.weight(),
            flags: n.flags,
            encap: n.encap()?,
        })
    }
}

// Presence bits of the inline parts of a `Route`.
const HAS_DST: u8 = 1;
const HAS_GATEWAY: u8 = 1 << 1;
const HAS_PREFSRC: u8 = 1 << 2;
const HAS_SRC: u8 = 1 << 3;
const HAS_OIF: u8 = 1 << 4;
const HAS_PRIORITY: u8 = 1 << 5;

/// A route, owned and compact: 48 bytes inline. IPv4 addresses (destination, gateway,
/// preferred source, source) share one 16-byte array; an IPv6 route keeps its destination
/// there and its other addresses out of line, with the parts few routes have (input device,
/// metrics, next hops, encapsulation, mark, cache info...). A full table of plain routes
/// allocates nothing per route.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    addrs: [u8; 16],
    oif: u32,
    priority: u32,
    table: RouteTable,
    flags: RouteFlags,
    family: u8,
    dst_len: u8,
    src_len: u8,
    tos: u8,
    protocol: u8,
    scope: u8,
    kind: u8,
    present: u8,
    extra: Option<Box<RouteExtra>>,
}

/// The parts of a route few routes have.
#[derive(Debug, Clone, PartialEq, Default)]
struct RouteExtra {
    // IPv6 gateway, preferred source and source (IPv4 ones are inline).
    gateway: Option<IpAddr>,
    prefsrc: Option<IpAddr>,
    src: Option<IpAddr>,
    iif: Option<u32>,
    metrics: Option<Metrics>,
    multipath: Vec<NextHop>,
    pref: Option<u8>,
    nh_id: Option<u32>,
    mark: Option<u32>,
    expires: Option<u32>,
    flow: Option<u32>,
    uid: Option<u32>,
    encap: Option<RouteEncap>,
    cacheinfo: Option<rta_cacheinfo>,
}

impl Route {
    fn bit(&self, b: u8) -> bool {
        self.present & b != 0
    }
    fn v4_at(&self, at: usize) -> IpAddr {
        let mut a = [0u8; 4];
        a.copy_from_slice(&self.addrs[at..at + 4]);
        IpAddr::V4(Ipv4Addr::from(a))
    }
    fn extra(&self) -> Option<&RouteExtra> {
        self.extra.as_deref()
    }

    /// `AF_INET` or `AF_INET6`.
    pub fn family(&self) -> u8 {
        self.family
    }
    /// Destination (`None`: the default route).
    pub fn dst(&self) -> Option<IpAddr> {
        if !self.bit(HAS_DST) {
            return None;
        }
        Some(match self.family {
            AF_INET6 => IpAddr::V6(Ipv6Addr::from(self.addrs)),
            _ => self.v4_at(0),
        })
    }
    /// Destination prefix length.
    pub fn dst_len(&self) -> u8 {
        self.dst_len
    }
    /// Gateway.
    pub fn gateway(&self) -> Option<IpAddr> {
        match self.bit(HAS_GATEWAY) {
            true => Some(self.v4_at(4)),
            false => self.extra()?.gateway,
        }
    }
    /// Preferred source address.
    pub fn prefsrc(&self) -> Option<IpAddr> {
        match self.bit(HAS_PREFSRC) {
            true => Some(self.v4_at(8)),
            false => self.extra()?.prefsrc,
        }
    }
    /// Source prefix (`from`, policy routing by source).
    pub fn src(&self) -> Option<IpAddr> {
        match self.bit(HAS_SRC) {
            true => Some(self.v4_at(12)),
            false => self.extra()?.src,
        }
    }
    /// Source prefix length.
    pub fn src_len(&self) -> u8 {
        self.src_len
    }
    /// TOS.
    pub fn tos(&self) -> u8 {
        self.tos
    }
    /// Output device.
    pub fn oif(&self) -> Option<u32> {
        self.bit(HAS_OIF).then_some(self.oif)
    }
    /// Metric (`RTA_PRIORITY`).
    pub fn priority(&self) -> Option<u32> {
        self.bit(HAS_PRIORITY).then_some(self.priority)
    }
    /// The routing table.
    pub fn table(&self) -> RouteTable {
        self.table
    }
    /// Who installed it.
    pub fn protocol(&self) -> RouteProtocol {
        RouteProtocol::from_raw(i64::from(self.protocol))
    }
    /// Scope.
    pub fn scope(&self) -> RouteScope {
        RouteScope::from_raw(i64::from(self.scope))
    }
    /// Route type (unicast, local, blackhole, ...).
    pub fn kind(&self) -> RouteType {
        RouteType::from_raw(i64::from(self.kind))
    }
    /// RTM_F_* / RTNH_F_* flags.
    pub fn flags(&self) -> RouteFlags {
        self.flags
    }
    /// The next-hop flags of a single-path route (the low byte of `rtm_flags`: dead, onlink,
    /// linkdown, ...).
    pub fn next_hop_flags(&self) -> NextHopFlags {
        next_hop_flags(self.flags)
    }
    /// Input device (`RTA_IIF`).
    pub fn iif(&self) -> Option<u32> {
        self.extra()?.iif
    }
    /// Metrics.
    pub fn metrics(&self) -> Option<&Metrics> {
        self.extra()?.metrics.as_ref()
    }
    /// Next hops of a multipath route.
    pub fn multipath(&self) -> &[NextHop] {
        self.extra()
            .map(|e| e.multipath.as_slice())
            .unwrap_or_default()
    }
    /// IPv6 router preference.
    pub fn pref(&self) -> Option<u8> {
        self.extra()?.pref
    }
    /// Nexthop object id.
    pub fn nh_id(&self) -> Option<u32> {
        self.extra()?.nh_id
    }
    /// Firewall mark (`RTA_MARK`, route lookups).
    pub fn mark(&self) -> Option<u32> {
        self.extra()?.mark
    }
    /// Seconds until it expires.
    pub fn expires(&self) -> Option<u32> {
        self.extra()?.expires
    }
    /// Realms (`RTA_FLOW`).
    pub fn flow(&self) -> Option<u32> {
        self.extra()?.flow
    }
    /// UID of a route lookup (`RTA_UID`).
    pub fn uid(&self) -> Option<u32> {
        self.extra()?.uid
    }
    /// Encapsulation.
    pub fn encap(&self) -> Option<&RouteEncap> {
        self.extra()?.encap.as_ref()
    }
    /// Cache information (lookups, cached routes).
    pub fn cacheinfo(&self) -> Option<&rta_cacheinfo> {
        self.extra()?.cacheinfo.as_ref()
    }
}

impl TryFrom<&RouteRef<'_>> for Route {
    type Error = Error;
    #[inline]
    fn try_from(r: &RouteRef<'_>) -> Result<Route, Error> {
        // Everything is gathered in registers and written once, at the end: a `Route` built
        // field by field on the stack (the addresses byte by byte) was read back with wide
        // loads the CPU cannot forward from the narrow stores (a stall per route).
        let mut present = 0;
        if r.oif.is_some() {
            present |= HAS_OIF;
        }
        if r.priority.is_some() {
            present |= HAS_PRIORITY;
        }
        // The four IPv4 addresses of an IPv4 route, packed as the 16 bytes of `addrs` (in
        // memory order: `to_le_bytes` below undoes `from_le_bytes`); an IPv6 destination
        // fills all 16; any other address goes out of line.
        let v4_route = r.family != AF_INET6;
        let mut packed: u128 = 0;
        let mut out_of_line = false;
        match r.dst {
            Some(IpAddr::V4(a)) => {
                packed = u128::from(u32::from_le_bytes(a.octets()));
                present |= HAS_DST;
            }
            Some(IpAddr::V6(a)) => {
                packed = u128::from_le_bytes(a.octets());
                present |= HAS_DST;
            }
            None => {}
        }
        for (addr, at, bit) in [
            (&r.gateway, 4, HAS_GATEWAY),
            (&r.prefsrc, 8, HAS_PREFSRC),
            (&r.src, 12, HAS_SRC),
        ] {
            match addr {
                Some(IpAddr::V4(a)) if v4_route => {
                    packed |= u128::from(u32::from_le_bytes(a.octets())) << (8 * at);
                    present |= bit;
                }
                Some(_) => out_of_line = true,
                None => {}
            }
        }
        // The common case (a plain route) stops here, without touching the rare parts.
        let rare = out_of_line
            || r.iif.is_some()
            || r.metrics.is_some()
            || !r.multipath.is_empty()
            || r.pref.is_some()
            || r.nh_id.is_some()
            || r.mark.is_some()
            || r.expires.is_some()
            || r.flow.is_some()
            || r.uid.is_some()
            || r.encap_raw.is_some()
            || r.cacheinfo.is_some();
        let extra = match rare {
            true => Some(Box::new(Route::extra_of(r, present)?)),
            false => None,
        };
        Ok(Route {
            addrs: packed.to_le_bytes(),
            oif: r.oif.unwrap_or(0),
            priority: r.priority.unwrap_or(0),
            table: r.table(),
            flags: r.flags,
            family: r.family,
            dst_len: r.dst_len,
            src_len: r.src_len,
            tos: r.tos,
            protocol: r.rtm_protocol,
            scope: r.rtm_scope,
            kind: r.rtm_type,
            present,
            extra,
        })
    }
}

impl Route {
    #[cold]
    #[inline(never)]
    fn extra_of(r: &RouteRef<'_>, inline: u8) -> Result<RouteExtra, Error> {
        let not_inline = |a: Option<IpAddr>, bit: u8| a.filter(|_| inline & bit == 0);
        Ok(RouteExtra {
            gateway: not_inline(r.gateway, HAS_GATEWAY),
            prefsrc: not_inline(r.prefsrc, HAS_PREFSRC),
            src: not_inline(r.src, HAS_SRC),
            iif: r.iif,
            metrics: r.metrics.map(|m| m.get()).transpose()?,
            multipath: r
                .multipath
                .iter()
                .map(NextHop::try_from)
                .collect::<Result<_, _>>()?,
            pref: r.pref,
            nh_id: r.nh_id,
            mark: r.mark,
            expires: r.expires,
            flow: r.flow,
            uid: r.uid,
            encap: r.encap()?,
            cacheinfo: r.cacheinfo,
        })
    }
}

/// A route request (`RTM_NEWROUTE` / `RTM_DELROUTE` / `RTM_GETROUTE`).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "route")]
#[non_exhaustive]
pub struct RouteMsg {
    /// `rtm_family`.
    #[netlink(header = "rtm_family")]
    pub family: u8,
    /// `rtm_dst_len`.
    #[netlink(header = "rtm_dst_len")]
    pub dst_len: u8,
    /// `rtm_src_len`.
    #[netlink(header = "rtm_src_len")]
    pub src_len: u8,
    /// `rtm_tos`.
    #[netlink(header = "rtm_tos")]
    pub tos: u8,
    /// `rtm_table` (`RT_TABLE_UNSPEC` when the id is in `RTA_TABLE`).
    #[netlink(header = "rtm_table")]
    pub rtm_table: u8,
    /// `rtm_protocol` (0: any, on delete and in dump filters).
    #[netlink(header = "rtm_protocol")]
    pub protocol: u8,
    /// `rtm_scope` (`RT_SCOPE_NOWHERE`: any, on delete).
    #[netlink(header = "rtm_scope")]
    pub scope: u8,
    /// `rtm_type` (0: any).
    #[netlink(header = "rtm_type")]
    pub kind: u8,
    /// `rtm_flags`.
    #[netlink(header = "rtm_flags")]
    pub flags: RouteFlags,
    /// `RTA_DST`.
    pub dst: Option<IpAddr>,
    /// `RTA_SRC`.
    pub src: Option<IpAddr>,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_OIF`.
    pub oif: Option<u32>,
    /// `RTA_IIF`.
    pub iif: Option<u32>,
    /// `RTA_PRIORITY`.
    pub priority: Option<u32>,
    /// `RTA_PREFSRC`.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_TABLE`.
    #[netlink(attr = "RTA_TABLE")]
    pub table: Option<u32>,
    /// `RTA_METRICS`.
    pub metrics: Option<Metrics>,
    /// `RTA_MULTIPATH`.
    multipath: Vec<NextHopReq>,
    /// `RTA_PREF`.
    pub pref: Option<u8>,
    /// `RTA_MARK`.
    pub mark: Option<u32>,
    /// `RTA_UID`.
    pub uid: Option<u32>,
    /// `RTA_NH_ID`.
    pub nh_id: Option<u32>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<EncapType>,
    /// `RTA_ENCAP`.
    pub encap: Option<RouteEncap>,
    /// `RTA_IP_PROTO` (route lookups: the packet's IP protocol).
    pub ip_proto: Option<u8>,
    /// `RTA_SPORT` (route lookups: the packet's source port).
    pub sport: Option<u16>,
    /// `RTA_DPORT` (route lookups: the packet's destination port).
    pub dport: Option<u16>,
}

/// Which tables a dump covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableFilter {
    /// Every table.
    All,
    /// One table.
    Id(RouteTable),
}

/// Kernel-side filters of a route dump (honoured under `NETLINK_GET_STRICT_CHK`). Build with
/// [`RouteFilter::main`] or [`RouteFilter::all_tables`], then refine.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteFilter {
    /// `AF_INET`, `AF_INET6` or `AF_UNSPEC` (both).
    pub family: u8,
    /// Table.
    pub table: TableFilter,
    /// Output device index.
    pub oif: Option<u32>,
    /// Only routes of this protocol.
    pub protocol: Option<RouteProtocol>,
    /// Only routes of this type.
    pub kind: Option<RouteType>,
}

impl Default for RouteFilter {
    fn default() -> Self {
        RouteFilter::main()
    }
}

impl RouteFilter {
    /// Both families, the main table.
    pub fn main() -> Self {
        RouteFilter {
            family: AF_UNSPEC,
            table: TableFilter::Id(RouteTable::MAIN),
            oif: None,
            protocol: None,
            kind: None,
        }
    }
    /// Both families, every table.
    pub fn all_tables() -> Self {
        RouteFilter {
            table: TableFilter::All,
            ..RouteFilter::main()
        }
    }
    /// Only this family (`AF_INET` / `AF_INET6`).
    pub fn family(mut self, family: u8) -> Self {
        self.family = family;
        self
    }
    /// Only this table (a [`RouteTable`] or its id).
    pub fn table(mut self, table: impl Into<RouteTable>) -> Self {
        self.table = TableFilter::Id(table.into());
        self
    }
    /// These tables.
    pub fn tables(mut self, table: TableFilter) -> Self {
        self.table = table;
        self
    }
    /// Only routes out of this device.
    pub fn oif(mut self, oif: u32) -> Self {
        self.oif = Some(oif);
        self
    }
    /// Only routes of this protocol.
    pub fn protocol(mut self, protocol: RouteProtocol) -> Self {
        self.protocol = Some(protocol);
        self
    }
    /// Only routes of this type.
    pub fn kind(mut self, kind: RouteType) -> Self {
        self.kind = Some(kind);
        self
    }

    /// The dump request carrying the filter: `rtmsg` family / protocol / type and the
    /// `RTA_TABLE` / `RTA_OIF` attributes.
    pub fn request(&self) -> RouteMsg {
        RouteMsg {
            family: self.family,
            protocol: self.protocol.map_or(0, |p| p.to_raw() as u8),
            kind: self.kind.map_or(0, |k| k.to_raw() as u8),
            table: match self.table {
                TableFilter::All => None,
                TableFilter::Id(t) => Some(t.id()),
            },
            oif: self.oif,
            ..RouteMsg::default()
        }
    }

    /// Whether a route passes the filter (the kernel already applied it; this also drops
    /// cached clones and covers kernels that ignore a filter).
    #[inline]
    pub fn matches(&self, r: &RouteRef<'_>) -> bool {
        !r.flags.contains(RouteFlags::CLONED)
            && (self.family == AF_UNSPEC || self.family == r.family)
            && match self.table {
                TableFilter::All => true,
                TableFilter::Id(t) => r.table() == t,
            }
            && self
                .oif
                .is_none_or(|o| r.oif == Some(o) || r.multipath.iter().any(|n| n.ifindex == o))
            && self
                .protocol
                .is_none_or(|p| p.to_raw() == i64::from(r.rtm_protocol))
            && self
                .kind
                .is_none_or(|k| k.to_raw() == i64::from(r.rtm_type))
    }
}

/// A route to add, replace or delete. What the caller does not name stays unset: adding
/// fills in `ip route add`'s defaults (protocol boot... here static, scope universe or link,
/// type unicast, main table), deleting matches any value of what was not named, so
/// `RouteSpec::parse("10.0.0.0/8")?.protocol(RouteProtocol::Static)` deletes only the static
/// route.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    msg: RouteMsg,
    protocol: Option<RouteProtocol>,
    scope: Option<RouteScope>,
    kind: Option<RouteType>,
    table: Option<RouteTable>,
}

impl RouteSpec {
    /// The request `Handle` would send to add the route, as message type `kind` with `flags`
    /// (for batching with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.for_add(), kind, flags)
    }

    /// A route to `dst/len`.
    pub fn new(dst: IpAddr, len: u8) -> RouteSpec {
        RouteSpec {
            msg: RouteMsg {
                family: family_of(&dst),
                dst_len: len,
                dst: (len > 0).then_some(dst),
                ..RouteMsg::default()
            },
            protocol: None,
            scope: None,
            kind: None,
            table: None,
        }
    }

    /// From `"addr/len"`, `"addr"` or `"default"` / `"default6"`.
    pub fn parse(s: &str) -> Result<RouteSpec, Error> {
        match s {
            "default" => Ok(RouteSpec::new(IpAddr::from([0, 0, 0, 0]), 0)),
            "default6" => Ok(RouteSpec::new(IpAddr::from([0u16; 8]), 0)),
            _ => {
                let (a, l) = super::parse_prefix(s)?;
                Ok(RouteSpec::new(a, l))
            }
        }
    }

    /// Via gateway.
    pub fn gateway(mut self, gw: IpAddr) -> Self {
        self.msg.gateway = Some(gw);
        self
    }
    /// Out of device `oif`.
    pub fn dev(mut self, oif: u32) -> Self {
        self.msg.oif = Some(oif);
        self
    }
    /// The metric (`RTA_PRIORITY`).
    pub fn metric(mut self, metric: u32) -> Self {
        self.msg.priority = Some(metric);
        self
    }
    /// In table `table` (a [`RouteTable`] or its id; default: main).
    pub fn table(mut self, table: impl Into<RouteTable>) -> Self {
        self.table = Some(table.into());
        self
    }
    /// With protocol (default on add: static).
    pub fn protocol(mut self, protocol: RouteProtocol) -> Self {
        self.protocol = Some(protocol);
        self
    }
    /// With scope (default on add: universe, or link for a route that only names a device).
    pub fn scope(mut self, scope: RouteScope) -> Self {
        self.scope = Some(scope);
        self
    }
    /// Of type (unicast, blackhole, unreachable, prohibit, local...; default on add:
    /// unicast).
    pub fn kind(mut self, kind: RouteType) -> Self {
        self.kind = Some(kind);
        self
    }
    /// TOS.
    pub fn tos(mut self, tos: u8) -> Self {
        self.msg.tos = tos;
        self
    }
    /// Source prefix (`from`).
    pub fn src(mut self, src: IpAddr, len: u8) -> Self {
        self.msg.src = Some(src);
        self.msg.src_len = len;
        self
    }
    /// Preferred source address.
    pub fn prefsrc(mut self, src: IpAddr) -> Self {
        self.msg.prefsrc = Some(src);
        self
    }
    /// Metrics (mtu, advmss, window, ...).
    pub fn metrics(mut self, m: Metrics) -> Self {
        self.msg.metrics = Some(m);
        self
    }
    /// IPv6 router preference.
    pub fn pref(mut self, pref: u8) -> Self {
        self.msg.pref = Some(pref);
        self
    }
    /// Encapsulation of a single-path route.
    pub fn encap(mut self, encap: RouteEncap) -> Self {
        self.msg.encap_type = encap.encap_type();
        self.msg.encap = Some(encap);
        self
    }
    /// Add a next hop with `weight` (1..=256); makes the route multipath.
    pub fn nexthop(self, gateway: Option<IpAddr>, oif: u32, weight: u16) -> Self {
        self.hop(NextHop::new(gateway, oif, weight))
    }
    /// Add a next hop (with its own encapsulation, flags); makes the route multipath.
    pub fn hop(mut self, hop: NextHop) -> Self {
        self.msg.multipath.push(NextHopReq {
            flags: hop.flags,
            hops: hop.weight.clamp(1, 256).saturating_sub(1) as u8,
            ifindex: hop.oif,
            gateway: hop.gateway,
            encap_type: hop.encap.as_ref().and_then(RouteEncap::encap_type),
            encap: hop.encap,
        });
        self
    }
    /// Use nexthop object `id`.
    pub fn nh_id(mut self, id: u32) -> Self {
        self.msg.nh_id = Some(id);
        self
    }

    fn with_table(mut m: RouteMsg, table: RouteTable) -> RouteMsg {
        // Ids below 256 fit rtm_table, as `ip` sends them; larger ones go in RTA_TABLE.
        match u8::try_from(table.id()) {
            Ok(id) => {
                m.rtm_table = id;
                m.table = None;
            }
            Err(_) => {
                m.rtm_table = 0;
                m.table = Some(table.id());
            }
        }
        m
    }

    /// The message that adds the route: unset parts get `ip route add`'s defaults.
    fn for_add(&self) -> RouteMsg {
        let mut m = Self::with_table(self.msg.clone(), self.table.unwrap_or(RouteTable::MAIN));
        m.protocol = self.protocol.unwrap_or(RouteProtocol::Static).to_raw() as u8;
        m.kind = self.kind.unwrap_or(RouteType::Unicast).to_raw() as u8;
        let only_dev = m.gateway.is_none()
            && m.multipath.is_empty()
            && m.nh_id.is_none()
            && m.kind == RouteType::Unicast.to_raw() as u8
            && m.oif.is_some();
        let default_scope = if only_dev {
            RouteScope::Link
        } else {
            RouteScope::Universe
        };
        m.scope = self.scope.unwrap_or(default_scope).to_raw() as u8;
        m
    }

    /// The message that deletes the route: what the caller did not name matches anything
    /// (protocol 0, scope `RT_SCOPE_NOWHERE`, type 0; the main table unless named).
    fn for_del(&self) -> RouteMsg {
        let mut m = Self::with_table(self.msg.clone(), self.table.unwrap_or(RouteTable::MAIN));
        m.protocol = self.protocol.map_or(0, |p| p.to_raw() as u8);
        m.kind = self.kind.map_or(0, |k| k.to_raw() as u8);
        m.scope = self.scope.unwrap_or(RouteScope::Nowhere).to_raw() as u8;
        m
    }

    /// The operation that adds this route (fails if it exists).
    pub fn add_op(&self) -> Ack {
        Ack(self.for_add().to_message(RTM_NEWROUTE, CREATE_EXCL))
    }
    /// The operation that adds or replaces this route.
    pub fn replace_op(&self) -> Ack {
        Ack(self.for_add().to_message(RTM_NEWROUTE, CREATE_REPLACE))
    }
    /// The operation that deletes this route: destination, table, and whatever else the spec
    /// names must match.
    pub fn del_op(&self) -> Ack {
        Ack(self.for_del().to_message(RTM_DELROUTE, 0))
    }
}

impl From<&Route> for RouteSpec {
    /// The spec that names exactly this route (to delete or replace what was read).
    fn from(r: &Route) -> RouteSpec {
        let dst = r.dst().unwrap_or(match r.family {
            AF_INET6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            _ => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        });
        let mut s = RouteSpec::new(dst, r.dst_len)
            .table(r.table)
            .protocol(r.protocol())
            .scope(r.scope())
            .kind(r.kind())
            .tos(r.tos);
        if let Some(src) = r.src() {
            s = s.src(src, r.src_len);
        }
        if let Some(g) = r.gateway() {
            s = s.gateway(g);
        }
        if let Some(o) = r.oif() {
            s = s.dev(o);
        }
        if let Some(p) = r.priority() {
            s = s.metric(p);
        }
        if let Some(id) = r.nh_id() {
            s = s.nh_id(id);
        }
        for h in r.multipath() {
            s = s.hop(h.clone());
        }
        s
    }
}

/// The routes passing a filter: a dump with the filter's kernel-side part in the request and
/// its remaining checks on our side.
#[derive(Debug, Clone)]
pub struct RouteDump {
    /// The filter.
    pub filter: RouteFilter,
}

impl RouteDump {
    /// The routes passing `filter`.
    pub fn new(filter: RouteFilter) -> RouteDump {
        RouteDump { filter }
    }
}

impl RouteDump {
    /// Whether `r` passes the filter.
    #[inline]
    fn wanted(&self, r: &RouteRef<'_>) -> bool {
        self.filter.matches(r)
    }
}

impl Dump for RouteDump {
    type Item<'a> = RouteRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(self.filter.request().to_message(RTM_GETROUTE, 0))
    }
    crate::op::decode_kept!(RouteRef, RTM_NEWROUTE, wanted);
}

impl DumpOwned for RouteDump {
    type Owned = Route;
    #[inline]
    fn to_owned(&self, r: &RouteRef<'_>) -> Result<Route, Error> {
        Route::try_from(r)
    }
    #[inline]
    fn decode_owned(&self, msg: &Message<'_>) -> Result<Option<Route>, Error> {
        if msg.kind() != RTM_NEWROUTE {
            return Ok(None);
        }
        // Read where the parser left it, by reference: the 384-byte `RouteRef` is not moved
        // out of the `Result` (each move is a memcpy, a fifth of the cost of a route).
        let parsed = RouteRef::from_message(msg);
        let r = match &parsed {
            Ok(r) => r,
            Err(e) => return Err(e.clone().into()),
        };
        if !self.wanted(r) {
            return Ok(None);
        }
        Route::try_from(r).map(Some)
    }
}

/// `ip route get`: the route the kernel would use for a packet to `dst` (from a source, in
/// on a device, out of a device, with a mark or a uid). The answer is one [`Route`] (with
/// `RTA_UID`, `RTA_CACHEINFO` and the preferred source the lookup chose).
#[derive(Debug, Clone)]
pub struct RouteGet {
    msg: RouteMsg,
}

impl RouteGet {
    /// The route to `dst`.
    pub fn new(dst: IpAddr) -> RouteGet {
        RouteGet {
            msg: RouteMsg {
                family: family_of(&dst),
                dst_len: if dst.is_ipv4() { 32 } else { 128 },
                dst: Some(dst),
                ..RouteMsg::default()
            },
        }
    }
    /// For packets from `src` (`from ADDR`).
    pub fn from(mut self, src: IpAddr) -> Self {
        self.msg.src_len = if src.is_ipv4() { 32 } else { 128 };
        self.msg.src = Some(src);
        self
    }
    /// For packets coming in on device `iif` (`iif DEV`; needs `from`).
    pub fn iif(mut self, iif: u32) -> Self {
        self.msg.iif = Some(iif);
        self
    }
    /// For packets going out of device `oif` (`oif DEV`).
    pub fn oif(mut self, oif: u32) -> Self {
        self.msg.oif = Some(oif);
        self
    }
    /// With firewall mark `mark`.
    pub fn mark(mut self, mark: u32) -> Self {
        self.msg.mark = Some(mark);
        self
    }
    /// For sockets of user `uid`.
    pub fn uid(mut self, uid: u32) -> Self {
        self.msg.uid = Some(uid);
        self
    }
    /// With TOS.
    pub fn tos(mut self, tos: u8) -> Self {
        self.msg.tos = tos;
        self
    }
    /// For packets of IP protocol `proto` (`ipproto`: TCP, UDP, ICMP or ICMPv6, which rules
    /// with `ipproto` / `sport` / `dport` match on).
    pub fn ip_proto(mut self, proto: u8) -> Self {
        self.msg.ip_proto = Some(proto);
        self
    }
    /// For packets from source port `port` (`sport`; needs `ip_proto`).
    pub fn sport(mut self, port: u16) -> Self {
        self.msg.sport = Some(port);
        self
    }
    /// For packets to destination port `port` (`dport`; needs `ip_proto`).
    pub fn dport(mut self, port: u16) -> Self {
        self.msg.dport = Some(port);
        self
    }
    /// Report the table the lookup used (`RTM_F_LOOKUP_TABLE`; otherwise the kernel answers
    /// with the main table's id).
    pub fn lookup_table(mut self) -> Self {
        self.msg.flags |= RouteFlags::LOOKUP_TABLE;
        self
    }
    /// Answer with the matching FIB entry instead of the resolved route (`fibmatch`).
    pub fn fibmatch(mut self) -> Self {
        self.msg.flags |= RouteFlags::FIB_MATCH;
        self
    }
}

impl Request for RouteGet {
    type Output = Route;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(self.msg.to_message(RTM_GETROUTE, 0).into())
    }
    fn finish(&self, reply: crate::Reply) -> Result<Route, Error> {
        for m in reply.messages() {
            let m = m?;
            if m.kind() == RTM_NEWROUTE {
                return Route::try_from(&RouteRef::from_message(&m)?);
            }
        }
        Err(Error::NoReply("RTM_NEWROUTE"))
    }
}

super::operations! {
    /// Stream the routes passing `filter` through `f`, each decoded in place from the receive
    /// buffer (no allocation per route, except for multipath next hops).
    #[setup = "let mut n = 0;"]
    #[example = "h.for_each_route(&RouteFilter::all_tables(), |r| { n += usize::from(r.gateway.is_some()); Ok(()) })"]
    pub fn for_each_route(filter: &RouteFilter) |RouteRef| = RouteDump { filter: filter.clone() };

    /// The routes passing `filter`, owned (compact: 48 bytes each for plain routes).
    #[example = "h.routes(&RouteFilter::main())"]
    pub fn routes(filter: &RouteFilter) -> Vec<Route> = collect(RouteDump { filter: filter.clone() });

    /// The routes passing `filter` as owned routes read as the kernel sends them (memory stays
    /// bounded by the receive buffer, whatever the size of the table).
    #[example = "h.route_stream(&RouteFilter::main())"]
    pub fn route_stream(filter: &RouteFilter) -> stream<RouteDump> = RouteDump { filter: filter.clone() };

    /// Add a route (fails if it exists).
    #[example = r#"h.add_route(&RouteSpec::parse("10.1.0.0/16")?.dev(1))"#]
    pub fn add_route(spec: &RouteSpec) -> () = run(spec.add_op());

    /// Add or replace a route.
    #[example = r#"h.replace_route(&RouteSpec::parse("10.1.0.0/16")?.dev(1).metric(10))"#]
    pub fn replace_route(spec: &RouteSpec) -> () = run(spec.replace_op());

    /// Delete a route: its destination and table, and whatever else the spec names, must
    /// match (`.protocol(RouteProtocol::Static)` deletes only a static route).
    #[example = r#"h.del_route(&RouteSpec::parse("10.1.0.0/16")?)"#]
    pub fn del_route(spec: &RouteSpec) -> () = run(spec.del_op());

    /// The route the kernel would use (`ip route get`).
    #[example = r#"h.route_get(&RouteGet::new("192.0.2.1".parse()?).mark(7))"#]
    pub fn route_get(get: &RouteGet) -> Route = run(get.clone());
}

#[cfg(test)]
mod tests {
    /// Every address of a route comes back from the owned form, inline (an IPv4 route's four)
    /// or out of line (an IPv6 route's gateway and sources).
    #[test]
    fn owned_route_keeps_every_address() {
        use super::{Route, RouteMsg, RouteRef, AF_INET6, RTM_NEWROUTE};
        use crate::codec::{FromMessage, ToMessage};
        use crate::rtnl::AF_INET;
        use std::net::IpAddr;
        let ip = |s: &str| -> IpAddr { s.parse().unwrap() };
        let owned = |msg: RouteMsg| -> Route {
            let bytes = msg.to_message(RTM_NEWROUTE, 0).finish().unwrap();
            let m = crate::Message::parse(&bytes).unwrap();
            Route::try_from(&RouteRef::from_message(&m).unwrap()).unwrap()
        };
        let v4 = owned(RouteMsg {
            family: AF_INET,
            dst_len: 24,
            src_len: 16,
            dst: Some(ip("10.1.2.0")),
            gateway: Some(ip("192.0.2.1")),
            prefsrc: Some(ip("192.0.2.9")),
            src: Some(ip("10.7.0.0")),
            oif: Some(3),
            ..RouteMsg::default()
        });
        assert_eq!(
            (v4.dst(), v4.gateway(), v4.prefsrc(), v4.src(), v4.oif()),
            (
                Some(ip("10.1.2.0")),
                Some(ip("192.0.2.1")),
                Some(ip("192.0.2.9")),
                Some(ip("10.7.0.0")),
                Some(3)
            )
        );
        assert!(v4.extra.is_none(), "an IPv4 route's addresses are inline");
        let v6 = owned(RouteMsg {
            family: AF_INET6,
            dst_len: 64,
            dst: Some(ip("2001:db8:1::")),
            gateway: Some(ip("fe80::1")),
            prefsrc: Some(ip("2001:db8::9")),
            ..RouteMsg::default()
        });
        assert_eq!(
            (v6.dst(), v6.gateway(), v6.prefsrc(), v6.src(), v6.oif()),
            (
                Some(ip("2001:db8:1::")),
                Some(ip("fe80::1")),
                Some(ip("2001:db8::9")),
                None,
                None
            )
        );
        let bare = owned(RouteMsg {
            family: AF_INET,
            ..RouteMsg::default()
        });
        assert_eq!((bare.dst(), bare.gateway(), bare.oif()), (None, None, None));
    }

    /// The owned objects keep their common case inline and small, the rare parts behind one
    /// box (`Route`'s `RouteExtra`, `Link`'s `LinkDetails`): a dump collected into a `Vec`
    /// costs these bytes per object plus what the object's own strings need.
    #[test]
    fn owned_objects_are_compact() {
        use std::mem::size_of;
        assert_eq!(size_of::<super::Route>(), 48);
        assert_eq!(size_of::<crate::rtnl::Neighbour>(), 48);
        assert_eq!(size_of::<crate::rtnl::Address>(), 88);
        assert_eq!(size_of::<crate::rtnl::Link>(), 168);
    }
}
