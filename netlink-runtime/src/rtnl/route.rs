//! Routes (`RTM_*ROUTE`, `rtmsg` + `RTA_*`): dumps filtered by the kernel (family, table,
//! output device, protocol, type), streaming or into a `Vec`; add, replace and delete with
//! gateway, device, metric, table, protocol, scope, multipath with weights and metrics.

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{family_of, Error, AF_UNSPEC, CREATE_EXCL, CREATE_REPLACE};
use crate::codec::{FromMessage, Lazy, ToMessage};
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::{
    RTM_DELROUTE, RTM_GETROUTE, RTM_NEWROUTE, RTN_UNICAST, RTPROT_STATIC, RT_SCOPE_LINK,
    RT_SCOPE_UNIVERSE, RT_TABLE_MAIN,
};
use crate::Message;

pub use crate::schemas::rtnetlink::RTM_F_CLONED;

/// A route as the kernel sends it, borrowed from the receive buffer. Metrics stay undecoded
/// until asked for; `multipath` allocates only for multipath routes.
#[derive(Netlink, Debug, Clone)]
#[netlink(schema = "rtnetlink", message = "route")]
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
    /// `rtm_protocol`: RTPROT_*.
    #[netlink(header = "rtm_protocol")]
    pub protocol: u8,
    /// `rtm_scope`: RT_SCOPE_*.
    #[netlink(header = "rtm_scope")]
    pub scope: u8,
    /// `rtm_type`: RTN_*.
    #[netlink(header = "rtm_type")]
    pub kind: u8,
    /// `rtm_flags`: RTM_F_* and RTNH_F_*.
    #[netlink(header = "rtm_flags")]
    pub flags: u32,
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
    pub multipath: Vec<NextHopRaw>,
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
}

impl RouteRef<'_> {
    /// The routing table id (`RTA_TABLE`, else `rtm_table`).
    #[inline]
    pub fn table(&self) -> u32 {
        self.table_attr.unwrap_or(u32::from(self.rtm_table))
    }
}

/// One `rtnexthop` of `RTA_MULTIPATH`, with its own attributes.
#[derive(Netlink, Debug, Clone, Copy, PartialEq, Eq)]
#[netlink(schema = "rtnetlink", header = "rtnexthop", attributes = "rta")]
pub struct NextHopRaw {
    /// `rtnh_flags`: RTNH_F_*.
    #[netlink(header = "rtnh_flags")]
    pub flags: u8,
    /// `rtnh_hops`: weight - 1.
    #[netlink(header = "rtnh_hops")]
    pub hops: u8,
    /// `rtnh_ifindex`.
    #[netlink(header = "rtnh_ifindex")]
    pub ifindex: i32,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
}

/// `RTA_METRICS` (`RTAX_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "rtnetlink", attributes = "rtax")]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NextHop {
    /// Gateway.
    pub gateway: Option<IpAddr>,
    /// Output device index.
    pub oif: u32,
    /// Weight (1..=256).
    pub weight: u16,
    /// RTNH_F_* flags.
    pub flags: u8,
}

impl From<&NextHopRaw> for NextHop {
    fn from(n: &NextHopRaw) -> NextHop {
        NextHop {
            gateway: n.gateway,
            oif: n.ifindex as u32,
            weight: u16::from(n.hops) + 1,
            flags: n.flags,
        }
    }
}

/// A route, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Route {
    /// `AF_INET` or `AF_INET6`.
    pub family: u8,
    /// Destination (`None`: default route).
    pub dst: Option<IpAddr>,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Source prefix.
    pub src: Option<IpAddr>,
    /// Source prefix length.
    pub src_len: u8,
    /// TOS.
    pub tos: u8,
    /// Gateway.
    pub gateway: Option<IpAddr>,
    /// Output device.
    pub oif: Option<u32>,
    /// Input device.
    pub iif: Option<u32>,
    /// Table id.
    pub table: u32,
    /// RTPROT_*.
    pub protocol: u8,
    /// RT_SCOPE_*.
    pub scope: u8,
    /// RTN_* type.
    pub kind: u8,
    /// Metric (`RTA_PRIORITY`).
    pub priority: Option<u32>,
    /// Preferred source.
    pub prefsrc: Option<IpAddr>,
    /// Metrics.
    pub metrics: Option<Metrics>,
    /// Next hops of a multipath route.
    pub multipath: Vec<NextHop>,
    /// RTM_F_* / RTNH_F_* flags.
    pub flags: u32,
    /// IPv6 router preference.
    pub pref: Option<u8>,
    /// Nexthop object id.
    pub nh_id: Option<u32>,
    /// Firewall mark.
    pub mark: Option<u32>,
}

impl TryFrom<&RouteRef<'_>> for Route {
    type Error = Error;
    fn try_from(r: &RouteRef<'_>) -> Result<Route, Error> {
        Ok(Route {
            family: r.family,
            dst: r.dst,
            dst_len: r.dst_len,
            src: r.src,
            src_len: r.src_len,
            tos: r.tos,
            gateway: r.gateway,
            oif: r.oif,
            iif: r.iif,
            table: r.table(),
            protocol: r.protocol,
            scope: r.scope,
            kind: r.kind,
            priority: r.priority,
            prefsrc: r.prefsrc,
            metrics: r.metrics.map(|m| m.get()).transpose()?,
            multipath: r.multipath.iter().map(NextHop::from).collect(),
            flags: r.flags,
            pref: r.pref,
            nh_id: r.nh_id,
            mark: r.mark,
        })
    }
}

/// A route request (`RTM_NEWROUTE` / `RTM_DELROUTE` / `RTM_GETROUTE` dump filter).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "route")]
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
    /// `rtm_protocol`.
    #[netlink(header = "rtm_protocol")]
    pub protocol: u8,
    /// `rtm_scope`.
    #[netlink(header = "rtm_scope")]
    pub scope: u8,
    /// `rtm_type`.
    #[netlink(header = "rtm_type")]
    pub kind: u8,
    /// `rtm_flags`.
    #[netlink(header = "rtm_flags")]
    pub flags: u32,
    /// `RTA_DST`.
    pub dst: Option<IpAddr>,
    /// `RTA_SRC`.
    pub src: Option<IpAddr>,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_OIF`.
    pub oif: Option<u32>,
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
    pub multipath: Vec<NextHopRaw>,
    /// `RTA_NH_ID`.
    pub nh_id: Option<u32>,
}

/// Which tables a dump covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFilter {
    /// Every table.
    All,
    /// One table id.
    Id(u32),
}

/// Kernel-side filters of a route dump (honoured under `NETLINK_GET_STRICT_CHK`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteFilter {
    /// `AF_INET`, `AF_INET6` or `AF_UNSPEC` (both).
    pub family: u8,
    /// Table.
    pub table: TableFilter,
    /// Output device index.
    pub oif: Option<u32>,
    /// RTPROT_* (0: any).
    pub protocol: u8,
    /// RTN_* (0: any).
    pub kind: u8,
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
            table: TableFilter::Id(RT_TABLE_MAIN),
            oif: None,
            protocol: 0,
            kind: 0,
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
    /// Only this table.
    pub fn table(mut self, table: u32) -> Self {
        self.table = TableFilter::Id(table);
        self
    }
    /// Only routes out of this device.
    pub fn oif(mut self, oif: u32) -> Self {
        self.oif = Some(oif);
        self
    }
    /// Only routes of this protocol.
    pub fn protocol(mut self, protocol: u8) -> Self {
        self.protocol = protocol;
        self
    }
    /// Only routes of this type.
    pub fn kind(mut self, kind: u8) -> Self {
        self.kind = kind;
        self
    }

    /// The dump request carrying the filter: `rtmsg` family / protocol / type and the
    /// `RTA_TABLE` / `RTA_OIF` attributes.
    pub fn request(&self) -> RouteMsg {
        RouteMsg {
            family: self.family,
            protocol: self.protocol,
            kind: self.kind,
            table: match self.table {
                TableFilter::All => None,
                TableFilter::Id(t) => Some(t),
            },
            oif: self.oif,
            ..RouteMsg::default()
        }
    }

    /// Whether a route passes the filter (the kernel already applied it; this also drops
    /// cached clones and covers kernels that ignore a filter).
    #[inline]
    pub fn matches(&self, r: &RouteRef<'_>) -> bool {
        (r.flags & RTM_F_CLONED == 0)
            && (self.family == AF_UNSPEC || self.family == r.family)
            && match self.table {
                TableFilter::All => true,
                TableFilter::Id(t) => r.table() == t,
            }
            && self.oif.is_none_or(|o| {
                r.oif == Some(o) || r.multipath.iter().any(|n| n.ifindex as u32 == o)
            })
            && (self.protocol == 0 || self.protocol == r.protocol)
            && (self.kind == 0 || self.kind == r.kind)
    }
}

/// A route to add, replace or delete.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    msg: RouteMsg,
}

impl RouteSpec {
    /// The request `Handle` would send, as message type `kind` with `flags` (for batching
    /// with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.finished(), kind, flags)
    }
    /// A unicast route to `dst/len` in the main table, protocol static, scope universe (link
    /// when it only names a device, at [`add_route`](super::Handle::add_route) time).
    pub fn new(dst: IpAddr, len: u8) -> RouteSpec {
        RouteSpec {
            msg: RouteMsg {
                family: family_of(&dst),
                dst_len: len,
                protocol: RTPROT_STATIC,
                scope: RT_SCOPE_UNIVERSE,
                kind: RTN_UNICAST,
                dst: (len > 0).then_some(dst),
                ..RouteMsg::default()
            },
        }
        .table(RT_TABLE_MAIN)
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
    /// In table `table`.
    pub fn table(mut self, table: u32) -> Self {
        if table < 256 {
            self.msg.rtm_table = table as u8;
            self.msg.table = None;
        } else {
            self.msg.rtm_table = 0;
            self.msg.table = Some(table);
        }
        self
    }
    /// With protocol `RTPROT_*`.
    pub fn protocol(mut self, protocol: u8) -> Self {
        self.msg.protocol = protocol;
        self
    }
    /// With scope `RT_SCOPE_*`.
    pub fn scope(mut self, scope: u8) -> Self {
        self.msg.scope = scope;
        self
    }
    /// Of type `RTN_*` (unicast, blackhole, unreachable, prohibit, local...).
    pub fn kind(mut self, kind: u8) -> Self {
        self.msg.kind = kind;
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
    /// Add a next hop with `weight` (1..=256); makes the route multipath.
    pub fn nexthop(mut self, gateway: Option<IpAddr>, oif: u32, weight: u16) -> Self {
        self.msg.multipath.push(NextHopRaw {
            flags: 0,
            hops: weight.clamp(1, 256).saturating_sub(1) as u8,
            ifindex: oif as i32,
            gateway,
        });
        self
    }
    /// Use nexthop object `id`.
    pub fn nh_id(mut self, id: u32) -> Self {
        self.msg.nh_id = Some(id);
        self
    }
    /// The request message.
    pub fn message(&self) -> &RouteMsg {
        &self.msg
    }

    fn finished(&self) -> RouteMsg {
        let mut m = self.msg.clone();
        if m.gateway.is_none()
            && m.multipath.is_empty()
            && m.nh_id.is_none()
            && m.scope == RT_SCOPE_UNIVERSE
            && m.kind == RTN_UNICAST
            && m.oif.is_some()
        {
            m.scope = RT_SCOPE_LINK;
        }
        m
    }
}

/// The routes passing a filter: a dump with the filter's kernel-side part in the request and
/// its remaining checks on our side.
#[derive(Debug, Clone)]
pub struct RouteDump {
    /// The filter.
    pub filter: RouteFilter,
}

impl Dump for RouteDump {
    type Item<'a> = RouteRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(self.filter.request().to_message(RTM_GETROUTE, 0))
    }
    #[inline]
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<RouteRef<'a>>, Error> {
        if msg.kind() != RTM_NEWROUTE {
            return Ok(None);
        }
        let r = RouteRef::from_message(msg)?;
        Ok(self.filter.matches(&r).then_some(r))
    }
}

impl DumpOwned for RouteDump {
    type Owned = Route;
    fn to_owned(&self, r: &RouteRef<'_>) -> Result<Route, Error> {
        Route::try_from(r)
    }
}

impl RouteSpec {
    /// The operation that adds this route (fails if it exists).
    pub fn add_op(&self) -> Ack {
        Ack(self.finished().to_message(RTM_NEWROUTE, CREATE_EXCL))
    }
    /// The operation that adds or replaces this route.
    pub fn replace_op(&self) -> Ack {
        Ack(self.finished().to_message(RTM_NEWROUTE, CREATE_REPLACE))
    }
    /// The operation that deletes this route (matched by destination, table, and whatever
    /// else the spec sets).
    pub fn del_op(&self) -> Ack {
        let mut m = self.msg.clone();
        // Let the kernel match any protocol / scope unless the caller set them.
        if m.protocol == RTPROT_STATIC {
            m.protocol = 0;
        }
        m.scope = crate::schemas::rtnetlink::RT_SCOPE_NOWHERE;
        Ack(m.to_message(RTM_DELROUTE, 0))
    }
}

super::operations! {
    /// Stream the routes passing `filter` through `f`, each decoded in place from the receive
    /// buffer (no allocation per route, except for multipath next hops).
    #[setup = "let mut n = 0;"]
    #[example = "h.for_each_route(&RouteFilter::all_tables(), |r| { n += usize::from(r.gateway.is_some()); Ok(()) })"]
    pub fn for_each_route(filter: &RouteFilter) |RouteRef| = RouteDump { filter: filter.clone() };

    /// The routes passing `filter`.
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

    /// Delete a route (matched by destination, table, and whatever else the spec sets).
    #[example = r#"h.del_route(&RouteSpec::parse("10.1.0.0/16")?)"#]
    pub fn del_route(spec: &RouteSpec) -> () = run(spec.del_op());
}
