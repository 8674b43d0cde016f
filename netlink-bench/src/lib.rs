//! What the benchmarks decode, shared by the `nlbench` binary and the criterion bench
//! (`benches/parse.rs`): derived structs for routes (4 fields, and every `RTA_*` the schema
//! annotates), neighbours and links, plus the reader of a recorded dump file.
//!
//! Recorded dump format (`nlbench record`): the raw datagrams the kernel sent for one dump, each
//! as a native-endian `u32` length followed by that many bytes.

use std::net::IpAddr;

pub mod clock;

use netlink_derive::Netlink;
use netlink_runtime::codec::{Lazy, MacAddr, Record};
use netlink_runtime::schemas::rtnetlink as rt;
use netlink_runtime::{Message, Messages};

/// The 4-field route: what a routing daemon typically reads.
#[derive(Netlink, Debug, Clone, Copy, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", message = "route")]
pub struct Route4 {
    /// Prefix length (`rtm_dst_len`).
    #[netlink(header = "rtm_dst_len")]
    pub dst_len: u8,
    /// `RTA_DST`.
    pub dst: Option<IpAddr>,
    /// `RTA_OIF`, the output device.
    pub oif: Option<u32>,
    /// `RTA_TABLE`.
    pub table: Option<u32>,
}

/// The route dump of one family read into [`Route4`]s, as an operation (see
/// `netlink_runtime::op`): what the blocking (`Socket::for_each`, `Socket::dump_iter`) and the
/// async (`Connection::for_each`, `Connection::dump`) drivers run in the benchmarks.
#[derive(Debug, Clone, Copy)]
pub struct Route4Dump {
    /// `AF_INET` or `AF_INET6`.
    pub family: u8,
}

impl netlink_runtime::op::Dump for Route4Dump {
    type Item<'a> = Route4;
    fn request(&self) -> Result<netlink_runtime::MessageBuilder, netlink_runtime::Error> {
        let mut b = netlink_runtime::MessageBuilder::new(rt::RTM_GETROUTE, 0);
        b.push_header_bytes(&[self.family, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        Ok(b)
    }
    #[inline]
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<Route4>, netlink_runtime::Error> {
        use netlink_runtime::codec::FromMessage;
        if msg.kind() != rt::RTM_NEWROUTE {
            return Ok(None);
        }
        Ok(Some(Route4::from_message(msg)?))
    }
}

impl netlink_runtime::op::DumpOwned for Route4Dump {
    type Owned = Route4;
    #[inline]
    fn to_owned(&self, r: &Route4) -> Result<Route4, netlink_runtime::Error> {
        Ok(*r)
    }
}

/// `RTA_METRICS`: every `RTAX_*`.
#[derive(Netlink, Debug, Clone, PartialEq, Default)]
#[netlink(schema = "rtnetlink", attributes = "rtax")]
#[allow(missing_docs)]
pub struct Metrics<'a> {
    pub lock: Option<u32>,
    pub mtu: Option<u32>,
    pub window: Option<u32>,
    pub rtt: Option<u32>,
    pub rttvar: Option<u32>,
    pub ssthresh: Option<u32>,
    pub cwnd: Option<u32>,
    pub advmss: Option<u32>,
    pub reordering: Option<u32>,
    pub hoplimit: Option<u32>,
    pub initcwnd: Option<u32>,
    pub features: Option<u32>,
    pub rto_min: Option<u32>,
    pub initrwnd: Option<u32>,
    pub quickack: Option<u32>,
    pub cc_algo: Option<&'a str>,
}

/// `LWTUNNEL_ENCAP_IP` (the `lwtunnel_ip` set).
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "lwtunnel_ip")]
#[allow(missing_docs)]
pub struct EncapIp {
    pub id: Option<u64>,
    pub dst: Option<std::net::Ipv4Addr>,
    pub src: Option<std::net::Ipv4Addr>,
    pub ttl: Option<u8>,
    pub tos: Option<u8>,
    pub flags: Option<u16>,
}

/// `LWTUNNEL_ENCAP_IP6` (the `lwtunnel_ip6` set).
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "lwtunnel_ip6")]
#[allow(missing_docs)]
pub struct EncapIp6 {
    pub id: Option<u64>,
    pub dst: Option<std::net::Ipv6Addr>,
    pub src: Option<std::net::Ipv6Addr>,
    pub hoplimit: Option<u8>,
    pub tc: Option<u8>,
    pub flags: Option<u16>,
}

/// `RTA_ENCAP`, chosen by `RTA_ENCAP_TYPE`.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", sub_message = "rta-encap")]
#[allow(missing_docs)]
pub enum Encap<'a> {
    #[netlink(format = "LWTUNNEL_ENCAP_IP")]
    Ip(EncapIp),
    #[netlink(format = "LWTUNNEL_ENCAP_IP6")]
    Ip6(EncapIp6),
    /// Formats the schema does not describe (MPLS, SEG6, ...): the raw nest.
    Other(&'a [u8]),
}

/// One `rtnexthop` record of `RTA_MULTIPATH` with its own attributes.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", header = "rtnexthop", attributes = "rta")]
#[allow(missing_docs)]
pub struct NextHop<'a> {
    #[netlink(header = "rtnh_flags")]
    pub flags: u8,
    #[netlink(header = "rtnh_hops")]
    pub hops: u8,
    #[netlink(header = "rtnh_ifindex")]
    pub ifindex: i32,
    pub gateway: Option<IpAddr>,
    pub via: Option<&'a [u8]>,
    pub newdst: Option<&'a [u8]>,
    pub flow: Option<u32>,
    pub encap_type: Option<u16>,
    pub encap: Option<Encap<'a>>,
}

/// A route with the whole fixed header and every `RTA_*` attribute the schema annotates
/// (`RTA_PAD` aside), each with the Rust type its annotation calls for.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", message = "route")]
#[allow(missing_docs)]
pub struct RouteFull<'a> {
    #[netlink(header = "rtm_family")]
    pub family: u8,
    #[netlink(header = "rtm_dst_len")]
    pub dst_len: u8,
    #[netlink(header = "rtm_src_len")]
    pub src_len: u8,
    #[netlink(header = "rtm_tos")]
    pub tos: u8,
    #[netlink(header = "rtm_table")]
    pub rtm_table: u8,
    #[netlink(header = "rtm_protocol")]
    pub protocol: u8,
    #[netlink(header = "rtm_scope")]
    pub scope: u8,
    #[netlink(header = "rtm_type")]
    pub kind: u8,
    #[netlink(header = "rtm_flags")]
    pub flags: u32,
    pub dst: Option<IpAddr>,
    pub src: Option<IpAddr>,
    pub iif: Option<u32>,
    pub oif: Option<u32>,
    pub gateway: Option<IpAddr>,
    pub priority: Option<u32>,
    pub prefsrc: Option<IpAddr>,
    pub metrics: Option<Metrics<'a>>,
    pub multipath: Vec<NextHop<'a>>,
    pub protoinfo: Option<&'a [u8]>,
    pub flow: Option<u32>,
    pub cacheinfo: Option<rt::rta_cacheinfo>,
    pub session: Option<rt::rta_session>,
    pub mp_algo: Option<u32>,
    pub table: Option<u32>,
    pub mark: Option<u32>,
    pub mfc_stats: Option<rt::rta_mfc_stats>,
    /// `struct rtvia` ends in a flexible array: the raw payload (family, then address).
    pub via: Option<&'a [u8]>,
    pub newdst: Option<&'a [u8]>,
    pub pref: Option<u8>,
    pub encap_type: Option<u16>,
    pub encap: Option<Encap<'a>>,
    pub expires: Option<u32>,
    pub uid: Option<u32>,
    pub ttl_propagate: Option<u8>,
    pub ip_proto: Option<u8>,
    pub sport: Option<u16>,
    pub dport: Option<u16>,
    pub nh_id: Option<u32>,
}

/// [`RouteFull`] with the rarely present, bulky parts left undecoded until asked for: metrics
/// as a [`Lazy`] handle, multipath records and the encap nest as raw payloads. Same wire
/// coverage, a much smaller struct (see BENCHMARKS.md, "What the profiles show").
#[derive(Netlink, Debug, Clone)]
#[netlink(schema = "rtnetlink", message = "route")]
#[allow(missing_docs)]
pub struct RouteFullLazy<'a> {
    #[netlink(header = "rtm_family")]
    pub family: u8,
    #[netlink(header = "rtm_dst_len")]
    pub dst_len: u8,
    #[netlink(header = "rtm_src_len")]
    pub src_len: u8,
    #[netlink(header = "rtm_tos")]
    pub tos: u8,
    #[netlink(header = "rtm_table")]
    pub rtm_table: u8,
    #[netlink(header = "rtm_protocol")]
    pub protocol: u8,
    #[netlink(header = "rtm_scope")]
    pub scope: u8,
    #[netlink(header = "rtm_type")]
    pub kind: u8,
    #[netlink(header = "rtm_flags")]
    pub flags: u32,
    pub dst: Option<IpAddr>,
    pub src: Option<IpAddr>,
    pub iif: Option<u32>,
    pub oif: Option<u32>,
    pub gateway: Option<IpAddr>,
    pub priority: Option<u32>,
    pub prefsrc: Option<IpAddr>,
    pub metrics: Option<Lazy<'a, Metrics<'a>>>,
    pub multipath: Option<&'a [u8]>,
    pub protoinfo: Option<&'a [u8]>,
    pub flow: Option<u32>,
    pub cacheinfo: Option<rt::rta_cacheinfo>,
    pub session: Option<&'a [u8]>,
    pub mp_algo: Option<u32>,
    pub table: Option<u32>,
    pub mark: Option<u32>,
    pub mfc_stats: Option<&'a [u8]>,
    pub via: Option<&'a [u8]>,
    pub newdst: Option<&'a [u8]>,
    pub pref: Option<u8>,
    pub encap_type: Option<u16>,
    pub encap: Option<&'a [u8]>,
    pub expires: Option<u32>,
    pub uid: Option<u32>,
    pub ttl_propagate: Option<u8>,
    pub ip_proto: Option<u8>,
    pub sport: Option<u16>,
    pub dport: Option<u16>,
    pub nh_id: Option<u32>,
}

/// A neighbour: what `ip neigh` prints.
#[derive(Netlink, Debug, Clone, Copy, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", message = "neigh")]
#[allow(missing_docs)]
pub struct Neigh {
    #[netlink(header = "ndm_ifindex")]
    pub ifindex: i32,
    #[netlink(header = "ndm_state")]
    pub state: u16,
    pub dst: Option<IpAddr>,
    pub lladdr: Option<MacAddr>,
}

/// A link: index, name, MTU, MAC address and operational state.
#[derive(Netlink, Debug, Clone, Copy, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", message = "link")]
#[allow(missing_docs)]
pub struct Link<'a> {
    #[netlink(header = "ifi_index")]
    pub index: i32,
    #[netlink(header = "ifi_flags")]
    pub flags: u32,
    pub ifname: Option<&'a str>,
    pub mtu: Option<u32>,
    pub address: Option<MacAddr>,
    pub operstate: Option<u8>,
}

/// A cheap fold of a decoded [`Route4`], so the optimiser cannot drop the decode.
#[inline]
pub fn fold_route4(acc: u64, r: &Route4) -> u64 {
    let d = match r.dst {
        Some(IpAddr::V4(a)) => u64::from(u32::from(a)),
        Some(IpAddr::V6(a)) => u128::from(a) as u64,
        None => 0,
    };
    acc.wrapping_mul(31)
        .wrapping_add(d ^ u64::from(r.dst_len))
        .wrapping_add(u64::from(r.oif.unwrap_or(0)) + u64::from(r.table.unwrap_or(0)))
}

/// A cheap fold of a decoded [`RouteFull`].
#[inline]
pub fn fold_route_full(acc: u64, r: &RouteFull<'_>) -> u64 {
    let d = match r.dst {
        Some(IpAddr::V4(a)) => u64::from(u32::from(a)),
        Some(IpAddr::V6(a)) => u128::from(a) as u64,
        None => 0,
    };
    let ci = r.cacheinfo.map_or(0, |c| u64::from(c.rta_used));
    acc.wrapping_mul(31)
        .wrapping_add(d ^ u64::from(r.dst_len))
        .wrapping_add(u64::from(r.oif.unwrap_or(0)) + u64::from(r.table.unwrap_or(0)))
        .wrapping_add(ci + r.multipath.len() as u64 + u64::from(r.priority.unwrap_or(0)))
        .wrapping_add(
            r.metrics
                .as_ref()
                .map_or(0, |m| u64::from(m.mtu.unwrap_or(1))),
        )
}

/// The datagrams of a recorded dump file, in order.
pub fn datagrams(file: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(lenb) = file.get(pos..pos + 4) {
        let len = u32::from_ne_bytes([lenb[0], lenb[1], lenb[2], lenb[3]]) as usize;
        match file.get(pos + 4..pos + 4 + len) {
            Some(d) => out.push(d),
            None => break,
        }
        pos += 4 + len;
    }
    out
}

/// Calls `f` for every route message (`RTM_NEWROUTE`) of the recorded datagrams.
#[inline]
pub fn for_each_route_message<'a>(dgs: &[&'a [u8]], mut f: impl FnMut(&Message<'a>)) {
    for d in dgs {
        for m in Messages::new(d) {
            let Ok(m) = m else { break };
            if m.kind() == rt::RTM_NEWROUTE {
                f(&m);
            }
        }
    }
}

/// Size check used by the unit test: the schema's `rta_cacheinfo` is the C one.
pub const CACHEINFO_SIZE: usize = <rt::rta_cacheinfo as Record>::SIZE;

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_runtime::codec::{FromMessage, ToMessage};

    #[test]
    fn route4_round_trips_and_full_reads_it() {
        let r = Route4 {
            dst_len: 24,
            dst: Some("10.1.2.0".parse().unwrap()),
            oif: Some(3),
            table: Some(254),
        };
        let bytes = r.to_message(rt::RTM_NEWROUTE, 0).finish().unwrap();
        let m = Message::parse(&bytes).unwrap();
        assert_eq!(Route4::from_message(&m).unwrap(), r);
        let full = RouteFull::from_message(&m).unwrap();
        assert_eq!((full.dst, full.oif, full.table), (r.dst, r.oif, r.table));
        assert_eq!(CACHEINFO_SIZE, 32);
    }

    #[test]
    fn datagram_file_framing() {
        let mut f = Vec::new();
        for d in [&b"abcd"[..], b"efghijkl"] {
            f.extend_from_slice(&(d.len() as u32).to_ne_bytes());
            f.extend_from_slice(d);
        }
        f.extend_from_slice(&[9, 0]); // truncated tail is ignored
        assert_eq!(datagrams(&f), vec![&b"abcd"[..], b"efghijkl"]);
    }
}
