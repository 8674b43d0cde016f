//! The tcp_metrics family: the kernel's cache of per-destination TCP metrics (what
//! `ip tcp_metrics` shows), dumped and flushed through structs derived on
//! `schemas/tcp_metrics.toml`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use super::{Error, GenlConn};
use crate::codec::FromMessage;
use crate::schemas::tcp_metrics as t;
use crate::Socket;

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

/// A connection to the tcp_metrics family.
#[derive(Debug)]
pub struct TcpMetrics {
    conn: GenlConn,
}

impl TcpMetrics {
    /// Open a generic netlink socket in the calling thread's namespace and resolve
    /// `tcp_metrics`.
    pub fn new() -> Result<TcpMetrics, Error> {
        Ok(TcpMetrics {
            conn: GenlConn::open("tcp_metrics")?,
        })
    }

    /// Use an already open `NETLINK_GENERIC` socket.
    pub fn from_socket(sock: Socket) -> Result<TcpMetrics, Error> {
        Ok(TcpMetrics {
            conn: GenlConn::from_socket(sock, "tcp_metrics")?,
        })
    }

    /// Every cached entry of the namespace (a dump).
    pub fn entries(&mut self) -> Result<Vec<Entry>, Error> {
        let mut out = Vec::new();
        self.conn.dump(
            t::TCP_METRICS_CMD_GET,
            &Req::default(),
            t::TCP_METRICS_CMD_GET,
            |m| {
                out.push(Entry::from_message(m)?);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// Remove the entries for destination `addr` (needs `CAP_NET_ADMIN`).
    pub fn delete(&mut self, addr: IpAddr) -> Result<(), Error> {
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
        self.conn
            .request(t::TCP_METRICS_CMD_DEL, 0, &req, 0, |_| Ok(()))?;
        Ok(())
    }

    /// Remove every entry (`TCP_METRICS_CMD_DEL` without an address; needs `CAP_NET_ADMIN`).
    pub fn flush(&mut self) -> Result<(), Error> {
        self.conn
            .request(t::TCP_METRICS_CMD_DEL, 0, &Req::default(), 0, |_| Ok(()))?;
        Ok(())
    }
}
