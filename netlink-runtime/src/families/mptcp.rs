//! The MPTCP path manager (`mptcp_pm`): limits and endpoints (what `ip mptcp limits` and
//! `ip mptcp endpoint` show and change), through structs derived on `schemas/mptcp.toml`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use super::{Error, GenlConn};
use crate::codec::FromMessage;
use crate::schemas::mptcp as m;
use crate::Socket;

/// The path manager's limits (`MPTCP_PM_CMD_GET_LIMITS` reply, `SET_LIMITS` request).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "mptcp", message = "pm")]
pub struct Limits {
    /// `MPTCP_PM_ATTR_RCV_ADD_ADDRS`: ADD_ADDRs accepted per connection (`add_addr_accepted`).
    pub rcv_add_addrs: Option<u32>,
    /// `MPTCP_PM_ATTR_SUBFLOWS`: subflows per connection.
    pub subflows: Option<u32>,
}

/// An endpoint (`MPTCP_PM_ADDR_ATTR_*`).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "mptcp", attributes = "mptcp_pm_addr_attr")]
pub struct Endpoint {
    /// `MPTCP_PM_ADDR_ATTR_FAMILY`: `AF_INET` or `AF_INET6`.
    pub family: Option<u16>,
    /// `MPTCP_PM_ADDR_ATTR_ID`.
    pub id: Option<u8>,
    /// `MPTCP_PM_ADDR_ATTR_ADDR4`.
    pub addr4: Option<Ipv4Addr>,
    /// `MPTCP_PM_ADDR_ATTR_ADDR6`.
    pub addr6: Option<Ipv6Addr>,
    /// `MPTCP_PM_ADDR_ATTR_PORT`.
    pub port: Option<u16>,
    /// `MPTCP_PM_ADDR_ATTR_FLAGS`: `MPTCP_PM_ADDR_FLAG_*`.
    pub flags: Option<u32>,
    /// `MPTCP_PM_ADDR_ATTR_IF_IDX`.
    pub if_idx: Option<i32>,
}

impl Endpoint {
    /// An endpoint for `addr` with `flags` (`MPTCP_PM_ADDR_FLAG_*`); the kernel picks the id.
    pub fn new(addr: IpAddr, flags: u32) -> Endpoint {
        let (family, addr4, addr6) = match addr {
            IpAddr::V4(a) => (libc::AF_INET, Some(a), None),
            IpAddr::V6(a) => (libc::AF_INET6, None, Some(a)),
        };
        Endpoint {
            family: u16::try_from(family).ok(),
            addr4,
            addr6,
            flags: Some(flags),
            ..Endpoint::default()
        }
    }

    /// The endpoint's address.
    pub fn addr(&self) -> Option<IpAddr> {
        self.addr4.map(IpAddr::V4).or(self.addr6.map(IpAddr::V6))
    }

    /// The flags as `ip mptcp endpoint` names them (`signal`, `subflow`, `backup`, ...).
    pub fn flag_names(&self) -> Vec<&'static str> {
        const NAMES: [(u32, &str); 5] = [
            (m::MPTCP_PM_ADDR_FLAG_SIGNAL, "signal"),
            (m::MPTCP_PM_ADDR_FLAG_SUBFLOW, "subflow"),
            (m::MPTCP_PM_ADDR_FLAG_BACKUP, "backup"),
            (m::MPTCP_PM_ADDR_FLAG_FULLMESH, "fullmesh"),
            (m::MPTCP_PM_ADDR_FLAG_IMPLICIT, "implicit"),
        ];
        let f = self.flags.unwrap_or(0);
        NAMES
            .iter()
            .filter(|(bit, _)| f & bit != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

/// A path-manager message carrying one endpoint.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "mptcp", message = "pm")]
struct AddrMsg {
    addr: Option<Endpoint>,
}

/// A connection to the MPTCP path manager family (`mptcp_pm`).
#[derive(Debug)]
pub struct Mptcp {
    conn: GenlConn,
}

impl Mptcp {
    /// Open a generic netlink socket in the calling thread's namespace and resolve
    /// `mptcp_pm`.
    pub fn new() -> Result<Mptcp, Error> {
        Ok(Mptcp {
            conn: GenlConn::open("mptcp_pm")?,
        })
    }

    /// Use an already open `NETLINK_GENERIC` socket.
    pub fn from_socket(sock: Socket) -> Result<Mptcp, Error> {
        Ok(Mptcp {
            conn: GenlConn::from_socket(sock, "mptcp_pm")?,
        })
    }

    /// The limits of the namespace (`MPTCP_PM_CMD_GET_LIMITS`).
    pub fn limits(&mut self) -> Result<Limits, Error> {
        self.conn.request_one(
            m::MPTCP_PM_CMD_GET_LIMITS,
            &Limits::default(),
            m::MPTCP_PM_CMD_GET_LIMITS,
            "MPTCP_PM_CMD_GET_LIMITS",
            |msg| Ok(Limits::from_message(msg)?),
        )
    }

    /// Change the limits (`MPTCP_PM_CMD_SET_LIMITS`; `None` leaves one alone).
    pub fn set_limits(&mut self, limits: &Limits) -> Result<(), Error> {
        self.conn
            .request(m::MPTCP_PM_CMD_SET_LIMITS, 0, limits, 0, |_| Ok(()))?;
        Ok(())
    }

    /// Every endpoint of the namespace (`MPTCP_PM_CMD_GET_ADDR` dump).
    pub fn endpoints(&mut self) -> Result<Vec<Endpoint>, Error> {
        let mut out = Vec::new();
        self.conn.dump(
            m::MPTCP_PM_CMD_GET_ADDR,
            &AddrMsg::default(),
            m::MPTCP_PM_CMD_GET_ADDR,
            |msg| {
                out.extend(AddrMsg::from_message(msg)?.addr);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// Add an endpoint (`MPTCP_PM_CMD_ADD_ADDR`), like `ip mptcp endpoint add`.
    pub fn add_endpoint(&mut self, ep: &Endpoint) -> Result<(), Error> {
        let req = AddrMsg { addr: Some(*ep) };
        self.conn
            .request(m::MPTCP_PM_CMD_ADD_ADDR, 0, &req, 0, |_| Ok(()))?;
        Ok(())
    }

    /// Remove the endpoint with id `id` (`MPTCP_PM_CMD_DEL_ADDR`).
    pub fn delete_endpoint(&mut self, id: u8) -> Result<(), Error> {
        let req = AddrMsg {
            addr: Some(Endpoint {
                id: Some(id),
                ..Endpoint::default()
            }),
        };
        self.conn
            .request(m::MPTCP_PM_CMD_DEL_ADDR, 0, &req, 0, |_| Ok(()))?;
        Ok(())
    }

    /// Remove every endpoint (`MPTCP_PM_CMD_FLUSH_ADDRS`).
    pub fn flush_endpoints(&mut self) -> Result<(), Error> {
        self.conn.request(
            m::MPTCP_PM_CMD_FLUSH_ADDRS,
            0,
            &AddrMsg::default(),
            0,
            |_| Ok(()),
        )?;
        Ok(())
    }
}
