//! The tcp_metrics family: the kernel's cache of per-destination TCP metrics (what
//! `ip tcp_metrics` shows), dumped and flushed through structs derived on
//! `schemas/tcp_metrics.toml`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use super::{FamilyId, GenlDump};
use crate::op::Ack;
use crate::schemas::tcp_metrics as t;

/// The metric values of an entry (`TCP_METRICS_ATTR_VALS`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tcp_metrics", attributes = "tcp_metrics_vals")]
pub struct Values {
    /// RTT in ms, 3 bits fractional.
    pub rtt: Option<u32>,
    /// RTT variance in ms, 2 bits fractional.
    pub rttvar: Option<u32>,
    /// Slow-start threshold.
    pub ssthresh: Option<u32>,
    /// Congestion window.
    pub cwnd: Option<u32>,
    /// Reordering.
    pub reordering: Option<u32>,
    /// RTT in µs, 3 bits fractional.
    pub rtt_us: Option<u32>,
    /// RTT variance in µs, 2 bits fractional.
    pub rttvar_us: Option<u32>,
}

/// One cached entry (`TCP_METRICS_CMD_GET` reply).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tcp_metrics", message = "metrics")]
pub struct Entry {
    /// `TCP_METRICS_ATTR_ADDR_IPV4`.
    pub addr_ipv4: Option<Ipv4Addr>,
    /// `TCP_METRICS_ATTR_ADDR_IPV6`.
    pub addr_ipv6: Option<Ipv6Addr>,
    /// `TCP_METRICS_ATTR_SADDR_IPV4`.
    pub saddr_ipv4: Option<Ipv4Addr>,
    /// `TCP_METRICS_ATTR_SADDR_IPV6`.
    pub saddr_ipv6: Option<Ipv6Addr>,
    /// `TCP_METRICS_ATTR_AGE`: ms since the entry was updated.
    pub age: Option<u64>,
    /// `TCP_METRICS_ATTR_VALS`.
    pub vals: Option<Values>,
    /// `TCP_METRICS_ATTR_FOPEN_MSS`.
    pub fopen_mss: Option<u16>,
}

impl Entry {
    /// The destination address.
    pub fn destination(&self) -> Option<IpAddr> {
        self.addr_ipv4
            .map(IpAddr::V4)
            .or(self.addr_ipv6.map(IpAddr::V6))
    }

    /// The source address.
    pub fn source(&self) -> Option<IpAddr> {
        self.saddr_ipv4
            .map(IpAddr::V4)
            .or(self.saddr_ipv6.map(IpAddr::V6))
    }
}

/// `TCP_METRICS_CMD_GET` / `_DEL` request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "tcp_metrics", message = "metrics")]
struct Req {
    addr_ipv4: Option<Ipv4Addr>,
    addr_ipv6: Option<Ipv6Addr>,
}

super::genl_op! {
    /// `TCP_METRICS_CMD_GET` as a dump: every cached entry of the namespace.
    pub struct MetricsDump(dump GenlDump<Entry>);
}

impl MetricsDump {
    /// Every entry.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        MetricsDump(GenlDump::new(
            family,
            t::TCP_METRICS_CMD_GET,
            &Req::default(),
            t::TCP_METRICS_CMD_GET,
        ))
    }
}

super::genl_op! {
    /// `TCP_METRICS_CMD_DEL`: remove the entries of one destination, or every entry (needs
    /// `CAP_NET_ADMIN`).
    pub struct MetricsDel(request Ack);
}

impl MetricsDel {
    /// Remove the entries for destination `addr`.
    pub fn new(family: impl Into<FamilyId>, addr: IpAddr) -> Self {
        let req = match addr {
            IpAddr::V4(a) => Req {
                addr_ipv4: Some(a),
                addr_ipv6: None,
            },
            IpAddr::V6(a) => Req {
                addr_ipv4: None,
                addr_ipv6: Some(a),
            },
        };
        MetricsDel(Ack(family.into().message(t::TCP_METRICS_CMD_DEL, 0, &req)))
    }

    /// Remove every entry (`TCP_METRICS_CMD_DEL` without an address).
    pub fn all(family: impl Into<FamilyId>) -> Self {
        MetricsDel(Ack(family.into().message(
            t::TCP_METRICS_CMD_DEL,
            0,
            &Req::default(),
        )))
    }
}

super::family_handles! {
    family: "tcp_metrics";
    example: "netlink_runtime::families::tcp_metrics::*", request: "MetricsDel::all(h.family_id())", dump: "MetricsDump::new(h.family_id())";
    /// A blocking connection to the tcp_metrics family: one socket, the family resolved when it
    /// is made. Its methods run the operations of this module (the same ones
    /// [`AsyncTcpMetrics`] runs).
    ///
    /// ```no_run
    /// use netlink_runtime::families::tcp_metrics::TcpMetrics;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut tm = TcpMetrics::new()?;
    /// for e in tm.entries()? {
    ///     println!("{:?} {:?}", e.destination(), e.vals);
    /// }
    /// # Ok(()) }
    /// ```
    blocking: TcpMetrics;
    /// An async connection to the tcp_metrics family for tokio services: `Clone + Send +
    /// Sync`, shared by any number of tasks, the family resolved once when it is made.
    ///
    /// ```no_run
    /// use netlink_runtime::families::tcp_metrics::AsyncTcpMetrics;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let tm = AsyncTcpMetrics::new().await?;
    /// println!("{} entries", tm.entries().await?.len());
    /// # Ok(()) }
    /// ```
    async: AsyncTcpMetrics;
}

crate::op::handle_methods! {
    handles: TcpMetrics, AsyncTcpMetrics;
    example: "netlink_runtime::families::tcp_metrics::*", "let mut h = TcpMetrics::new()?;", "let h = AsyncTcpMetrics::new().await?;";
    context: fam = family_id;

    /// Every cached entry of the namespace (a dump).
    #[example = "h.entries()"]
    pub fn entries() -> Vec<Entry> = collect(MetricsDump::new(fam));

    /// Every cached entry, as a stream read as the kernel sends it.
    #[example = "h.entry_stream()"]
    pub fn entry_stream() -> stream<MetricsDump> = MetricsDump::new(fam);

    /// Remove the entries for destination `addr` (needs `CAP_NET_ADMIN`).
    #[example = r#"h.delete("192.0.2.1".parse()?)"#]
    pub fn delete(addr: IpAddr) -> () = run(MetricsDel::new(fam, addr));

    /// Remove every entry (needs `CAP_NET_ADMIN`).
    #[example = "h.flush()"]
    pub fn flush() -> () = run(MetricsDel::all(fam));
}
