//! Routes as `ip -j route show` prints them.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::value::{ByteNames, CHex, Dev, Flags, Ip, List, Prefix, Text};
use super::{Fields, LinkNames};
use crate::names;
use netlink_runtime::codec::CEnum;
use netlink_runtime::rtnl::{
    EncapType, RouteEncap, RouteFlags, RouteTable, Seg6LocalCounters, AF_INET, AF_INET6,
};
use netlink_runtime::rtnl::{
    Metrics, NextHopRaw, RouteFilter, RouteProtocol, RouteRef, RouteScope, RouteType, TableFilter,
};
use netlink_runtime::schemas::rtnetlink::{
    rta_cacheinfo, Rtax, TUNNEL_CSUM, TUNNEL_KEY, TUNNEL_SEQ,
};
use std::net::{IpAddr, Ipv6Addr};

/// The names of `rtm_protocol`, `rtm_scope` and `rtm_type` as JSON, made once.
static PROTOCOLS: ByteNames =
    ByteNames::new(|p| names::protocol(RouteProtocol::from_raw(i64::from(p))));
static SCOPES: ByteNames = ByteNames::new(|s| names::scope(RouteScope::from_raw(i64::from(s))));
static TYPES: ByteNames = ByteNames::new(|t| names::route_type(RouteType::from_raw(i64::from(t))));

/// Which keys `ip route show` leaves out, by its filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteForm {
    /// Name the table (other than main): `ip route show table all` does, a single-table
    /// listing does not.
    pub show_table: bool,
    /// Name the output device: not when listing `dev X`.
    pub show_dev: bool,
    /// `-s`: the cache's use counts.
    pub stats: bool,
}

impl RouteForm {
    /// The form for a dump with `filter`.
    pub fn for_filter(filter: &RouteFilter) -> RouteForm {
        RouteForm {
            show_table: filter.table == TableFilter::All,
            show_dev: filter.oif.is_none(),
            stats: false,
        }
    }

    /// Every key (events: `ip monitor` names table and device).
    pub const FULL: RouteForm = RouteForm {
        show_table: true,
        show_dev: true,
        stats: false,
    };
}

/// One route as `ip -j route show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct RouteJson<'v, 'a> {
    /// The route.
    pub route: &'v RouteRef<'a>,
    /// Device names.
    pub names: &'v LinkNames,
    /// Keys left out by the listing's filters.
    pub form: RouteForm,
}

super::serialize_by_fields!(RouteJson<'_, '_>);

impl Fields for RouteJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let (r, names, form) = (self.route, self.names, self.form);
        if r.kind() != RouteType::Unicast {
            m.serialize_entry("type", TYPES.get(r.rtm_type))?;
        }
        match (&r.dst, r.dst_len) {
            (Some(d), l) => m.serialize_entry("dst", &Prefix(d, l))?,
            (None, 0) => m.serialize_entry("dst", "default")?,
            // `ip` prints this odd form, trailing space included.
            (None, l) => m.serialize_entry("dst", &Text(format_args!("0/{l} ")))?,
        }
        match (&r.src, r.src_len) {
            (Some(s), l) => m.serialize_entry("from", &Prefix(s, l))?,
            (None, 0) => {}
            (None, l) => m.serialize_entry("src", &Text(format_args!("0/{l}")))?,
        }
        if let Some(id) = r.nh_id {
            m.serialize_entry("nhid", &id)?;
        }
        // An encapsulation that does not decode is left out, as `ip` leaves it out.
        if let (Some(ty), Ok(Some(encap))) = (r.encap_type, r.encap()) {
            encap_fields(m, ty, &encap, names, form.stats)?;
        }
        if r.tos != 0 {
            m.serialize_entry("tos", &names::dsfield(r.tos))?;
        }
        if let Some(g) = &r.gateway {
            m.serialize_entry("gateway", &Ip(g))?;
        }
        if let Some(oif) = r.oif.filter(|_| form.show_dev) {
            m.serialize_entry("dev", &Dev(names, oif))?;
        }
        let table = r.table();
        if form.show_table && table != RouteTable::UNSPEC && table != RouteTable::MAIN {
            m.serialize_entry("table", &names::table(table))?;
        }
        // A cached clone (`ip route get` of IPv4) has no protocol or scope of its own.
        let cloned = r.flags.contains(RouteFlags::CLONED);
        if !cloned && r.protocol() != RouteProtocol::Boot {
            m.serialize_entry("protocol", PROTOCOLS.get(r.rtm_protocol))?;
        }
        if !cloned && r.scope() != RouteScope::Universe {
            m.serialize_entry("scope", SCOPES.get(r.rtm_scope))?;
        }
        if let Some(p) = &r.prefsrc {
            m.serialize_entry("prefsrc", &Ip(p))?;
        }
        if let Some(metric) = r.priority {
            m.serialize_entry("metric", &metric)?;
        }
        m.serialize_entry(
            "flags",
            &Flags {
                bits: r.flags.bits(),
                names: names::ROUTE_FLAGS,
            },
        )?;
        if let Some(mark) = r.mark.filter(|&m| m != 0) {
            m.serialize_entry("mark", &mark)?;
        }
        if let Some(flow) = r.flow {
            m.serialize_entry("flow", &FlowJson(flow))?;
        }
        if let Some(uid) = r.uid {
            m.serialize_entry("uid", &uid)?;
        }
        if r.family == AF_INET && cloned {
            m.serialize_entry("cache", &List(|| names::cache_flags(r.flags.bits())))?;
        }
        if let Some(ci) = r
            .cacheinfo
            .filter(|_| r.family == AF_INET || r.family == AF_INET6)
        {
            cache_info(m, &ci, form.stats)?;
        }
        // An RTA_METRICS nest that does not decode is left out, as `ip` leaves out what it
        // cannot parse.
        if let Some(Ok(metrics)) = r.metrics.map(|l| l.get()) {
            m.serialize_entry("metrics", &[MetricsJson(&metrics)])?;
        }
        if let Some(iif) = r.iif {
            m.serialize_entry("iif", &Dev(names, iif))?;
        }
        if let Some(p) = r.pref {
            match names::pref(p) {
                Some(n) => m.serialize_entry("pref", n)?,
                None => m.serialize_entry("pref", &p)?,
            }
        }
        if !r.multipath.is_empty() {
            let hops = || r.multipath.iter().map(|nh| NextHopJson { nh, names });
            m.serialize_entry("nexthops", &List(hops))?;
        }
        Ok(())
    }
}

/// `RTA_ENCAP` as `ip` prints it, in the route's own object: `"encap"` names the type, then
/// the tunnel's keys as the kernel sent them (`dst` a second time: `ip` writes the outer
/// destination under the route's own key). Types other than `ip`, `ip6`, `seg6` and `seg6local`
/// print their name only.
fn encap_fields<M: SerializeMap>(
    m: &mut M,
    ty: EncapType,
    encap: &RouteEncap,
    names: &LinkNames,
    stats: bool,
) -> Result<(), M::Error> {
    m.serialize_entry("encap", &names::encap_type(ty))?;
    match encap {
        RouteEncap::Ip(e) => tunnel_fields(
            m,
            e.id,
            e.src.map(IpAddr::V4),
            e.dst.map(IpAddr::V4),
            [("ttl", e.ttl), ("tos", e.tos)],
            e.flags,
        ),
        RouteEncap::Ip6(e) => tunnel_fields(
            m,
            e.id,
            e.src.map(IpAddr::V6),
            e.dst.map(IpAddr::V6),
            [("hoplimit", e.hoplimit), ("tc", e.tc)],
            e.flags,
        ),
        RouteEncap::Seg6(e) => {
            if let Some(mode) = e.mode() {
                m.serialize_entry("mode", &names::seg6_mode(mode))?;
            }
            // The header keeps the segments last to first; `ip` lists them in travel order.
            m.serialize_entry("segs", &Segments(&e.segments()))
        }
        RouteEncap::Seg6Local(e) => {
            if let Some(a) = e.action {
                m.serialize_entry("action", &names::seg6local_action(a))?;
            }
            if e.srh.is_some() {
                m.serialize_entry("srh", &SrhJson(e.segments()))?;
            }
            if let Some(t) = e.table {
                m.serialize_entry("table", &names::table(RouteTable(t)))?;
            }
            if let Some(t) = e.vrftable {
                m.serialize_entry("vrftable", &names::table(RouteTable(t)))?;
            }
            if let Some(a) = e.nh4 {
                m.serialize_entry("nh4", &Ip(&IpAddr::V4(a)))?;
            }
            if let Some(a) = e.nh6 {
                m.serialize_entry("nh6", &Ip(&IpAddr::V6(a)))?;
            }
            if let Some(i) = e.iif {
                m.serialize_entry("iif", &Dev(names, i))?;
            }
            if let Some(i) = e.oif {
                m.serialize_entry("oif", &Dev(names, i))?;
            }
            if let Some(c) = e.counters.filter(|_| stats) {
                m.serialize_entry("stats64", &CountersJson(c))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// An `ip` / `ip6` tunnel's keys, in `ip`'s order: id, outer source and destination, the two
/// header fields (`ttl` and `tos`, or `hoplimit` and `tc`), then the `TUNNEL_*` flags.
fn tunnel_fields<M: SerializeMap>(
    m: &mut M,
    id: Option<u64>,
    src: Option<IpAddr>,
    dst: Option<IpAddr>,
    header: [(&str, Option<u8>); 2],
    flags: Option<u16>,
) -> Result<(), M::Error> {
    if let Some(id) = id {
        m.serialize_entry("id", &id)?;
    }
    if let Some(src) = &src {
        m.serialize_entry("src", &Ip(src))?;
    }
    if let Some(dst) = &dst {
        m.serialize_entry("dst", &Ip(dst))?;
    }
    for (key, v) in header {
        if let Some(v) = v {
            m.serialize_entry(key, &v)?;
        }
    }
    // `flags` is decoded from big-endian; the header's `TUNNEL_*` are `__cpu_to_be16(bit)`,
    // which the schema holds as a little-endian compiler computes them: swapped.
    let flags = flags.unwrap_or(0);
    for (be, name) in [
        (TUNNEL_KEY, "key"),
        (TUNNEL_CSUM, "csum"),
        (TUNNEL_SEQ, "seq"),
    ] {
        if flags & (be as u16).swap_bytes() != 0 {
            m.serialize_entry(name, &true)?;
        }
    }
    Ok(())
}

/// A segment routing header's segments as `ip` lists them: in travel order (the header keeps
/// them last to first).
struct Segments<'a>(&'a [Ipv6Addr]);

impl Serialize for Segments<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let segs: Vec<IpAddr> = self.0.iter().rev().map(|a| IpAddr::V6(*a)).collect();
        List(|| segs.iter().map(Ip)).serialize(s)
    }
}

/// A seg6local binding segment's header: `{"segs": [...]}`.
struct SrhJson(Vec<Ipv6Addr>);

super::serialize_by_fields!(SrhJson);

impl Fields for SrhJson {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("segs", &Segments(&self.0))
    }
}

/// A seg6local route's counters with `-s`: `{"packets": .., "bytes": .., "errors": ..}`.
struct CountersJson(Seg6LocalCounters);

super::serialize_by_fields!(CountersJson);

impl Fields for CountersJson {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let c = &self.0;
        m.serialize_entry("packets", &c.packets.unwrap_or(0))?;
        m.serialize_entry("bytes", &c.bytes.unwrap_or(0))?;
        m.serialize_entry("errors", &c.errors.unwrap_or(0))
    }
}

/// `RTA_CACHEINFO` as `ip` prints it: an expiry in seconds, an error, with `-s` the use
/// counts, the IP id and timestamps; zeros left out.
fn cache_info<M: SerializeMap>(m: &mut M, ci: &rta_cacheinfo, stats: bool) -> Result<(), M::Error> {
    let hz = clock_ticks();
    if ci.rta_expires != 0 {
        m.serialize_entry("expires", &(ci.rta_expires / hz as i32))?;
    }
    if ci.rta_error != 0 {
        m.serialize_entry("error", &ci.rta_error)?;
    }
    if stats {
        if ci.rta_clntref != 0 {
            m.serialize_entry("users", &ci.rta_clntref)?;
        }
        if ci.rta_used != 0 {
            m.serialize_entry("used", &ci.rta_used)?;
        }
        if ci.rta_lastuse != 0 {
            m.serialize_entry("age", &(ci.rta_lastuse / hz))?;
        }
    }
    if ci.rta_id != 0 {
        m.serialize_entry("ipid", &CHex(u64::from(ci.rta_id)))?;
    }
    if ci.rta_ts != 0 || ci.rta_tsage != 0 {
        m.serialize_entry("ts", &CHex(u64::from(ci.rta_ts)))?;
        m.serialize_entry("tsage", &ci.rta_tsage)?;
    }
    Ok(())
}

/// `USER_HZ`, the unit of the kernel's route and neighbour ages (`sysconf(_SC_CLK_TCK)`).
pub(super) fn clock_ticks() -> u32 {
    u32::try_from(rustix::param::clock_ticks_per_second())
        .unwrap_or(100)
        .max(1)
}

/// `RTA_FLOW`: the realms, `{"from": ..., "to": ...}` (`from` only when set).
struct FlowJson(u32);

super::serialize_by_fields!(FlowJson);

impl Fields for FlowJson {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let (from, to) = (self.0 >> 16, self.0 & 0xffff);
        if from != 0 {
            m.serialize_entry("from", &names::realm(from))?;
        }
        m.serialize_entry("to", &names::realm(to))
    }
}

/// `RTA_METRICS` as the one object of `ip`'s `"metrics"` array.
struct MetricsJson<'v>(&'v Metrics);

super::serialize_by_fields!(MetricsJson<'_>);

impl Fields for MetricsJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let x = self.0;
        // `ip` prints rtt and rttvar in ms (the kernel keeps them scaled by 8 and 4) and
        // leaves out the "no limit" hop limit.
        // The keys are the schema's `RTAX_*` names, which are iproute2's.
        let vals = [
            (Rtax::Mtu, x.mtu),
            (Rtax::Window, x.window),
            (Rtax::Rtt, x.rtt.map(|v| v / 8)),
            (Rtax::Rttvar, x.rttvar.map(|v| v / 4)),
            (Rtax::Ssthresh, x.ssthresh),
            (Rtax::Cwnd, x.cwnd),
            (Rtax::Advmss, x.advmss),
            (Rtax::Reordering, x.reordering),
            (Rtax::Hoplimit, x.hoplimit.filter(|&h| h != u32::MAX)),
            (Rtax::Initcwnd, x.initcwnd),
            (Rtax::Features, x.features),
            (Rtax::RtoMin, x.rto_min),
            (Rtax::Initrwnd, x.initrwnd),
            (Rtax::Quickack, x.quickack),
        ];
        for (key, v) in vals {
            if let (Some(key), Some(v)) = (key.name(), v) {
                m.serialize_entry(key, &v)?;
            }
        }
        if let Some(cc) = &x.cc_algo {
            m.serialize_entry("congestion", cc)?;
        }
        if let Some(v) = x.fastopen_no_cookie {
            m.serialize_entry("fastopen_no_cookie", &v)?;
        }
        Ok(())
    }
}

/// One next hop of a multipath route (`"nexthops"`).
struct NextHopJson<'v, 'a> {
    nh: &'v NextHopRaw<'a>,
    names: &'v LinkNames,
}

super::serialize_by_fields!(NextHopJson<'_, '_>);

impl Fields for NextHopJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let nh = self.nh;
        if let Some(g) = &nh.gateway {
            m.serialize_entry("gateway", &Ip(g))?;
        }
        m.serialize_entry("dev", &Dev(self.names, nh.ifindex))?;
        m.serialize_entry("weight", &nh.weight())?;
        m.serialize_entry(
            "flags",
            &Flags {
                bits: u32::from(nh.flags.bits()),
                names: names::ROUTE_FLAGS,
            },
        )?;
        Ok(())
    }
}
