//! The MPTCP path manager (`mptcp_pm`): limits and endpoints (what `ip mptcp limits` and
//! `ip mptcp endpoint` show and change), through structs derived on `schemas/mptcp.toml`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use super::{Error, FamilyId, GenlDo};
use crate::codec::FromMessage;
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::mptcp as m;

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

super::genl_op! {
    /// `MPTCP_PM_CMD_GET_LIMITS`: the limits of the namespace.
    pub struct LimitsGet(request GenlDo<Limits>);
}

impl LimitsGet {
    /// The limits.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        LimitsGet(GenlDo::new(
            family,
            m::MPTCP_PM_CMD_GET_LIMITS,
            &Limits::default(),
            m::MPTCP_PM_CMD_GET_LIMITS,
            "MPTCP_PM_CMD_GET_LIMITS",
        ))
    }
}

super::genl_op! {
    /// `MPTCP_PM_CMD_SET_LIMITS`: change the limits (`None` leaves one alone).
    pub struct LimitsSet(request Ack);
}

impl LimitsSet {
    /// Set `limits`.
    pub fn new(family: impl Into<FamilyId>, limits: &Limits) -> Self {
        LimitsSet(Ack(family.into().message(
            m::MPTCP_PM_CMD_SET_LIMITS,
            0,
            limits,
        )))
    }
}

/// `MPTCP_PM_CMD_GET_ADDR` as a dump: every endpoint of the namespace.
#[derive(Debug, Clone)]
pub struct EndpointDump {
    msg: crate::MessageBuilder,
    fam: FamilyId,
}

impl EndpointDump {
    /// Every endpoint.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        let fam = family.into();
        EndpointDump {
            msg: fam.message(m::MPTCP_PM_CMD_GET_ADDR, 0, &AddrMsg::default()),
            fam,
        }
    }
}

impl Dump for EndpointDump {
    type Item<'a> = Endpoint;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(self.msg.clone())
    }
    fn decode<'a>(&self, msg: &crate::Message<'a>) -> Result<Option<Endpoint>, Error> {
        if self.fam.command_of(msg) != Some(m::MPTCP_PM_CMD_GET_ADDR) {
            return Ok(None);
        }
        Ok(AddrMsg::from_message(msg)?.addr)
    }
}

impl DumpOwned for EndpointDump {
    type Owned = Endpoint;
    fn to_owned(&self, ep: &Endpoint) -> Result<Endpoint, Error> {
        Ok(*ep)
    }
}

super::genl_op! {
    /// `MPTCP_PM_CMD_ADD_ADDR`, `_DEL_ADDR` or `_FLUSH_ADDRS`: add, remove or flush endpoints,
    /// like `ip mptcp endpoint add / delete / flush`.
    pub struct EndpointChange(request Ack);
}

impl EndpointChange {
    /// Add `ep`.
    pub fn add(family: impl Into<FamilyId>, ep: &Endpoint) -> Self {
        let req = AddrMsg { addr: Some(*ep) };
        EndpointChange(Ack(family.into().message(
            m::MPTCP_PM_CMD_ADD_ADDR,
            0,
            &req,
        )))
    }
    /// Remove the endpoint with id `id`.
    pub fn delete(family: impl Into<FamilyId>, id: u8) -> Self {
        let req = AddrMsg {
            addr: Some(Endpoint {
                id: Some(id),
                ..Endpoint::default()
            }),
        };
        EndpointChange(Ack(family.into().message(
            m::MPTCP_PM_CMD_DEL_ADDR,
            0,
            &req,
        )))
    }
    /// Remove every endpoint.
    pub fn flush(family: impl Into<FamilyId>) -> Self {
        EndpointChange(Ack(family.into().message(
            m::MPTCP_PM_CMD_FLUSH_ADDRS,
            0,
            &AddrMsg::default(),
        )))
    }
}

super::family_handles! {
    family: "mptcp_pm";
    example: "netlink_runtime::families::mptcp::*", request: "LimitsGet::new(h.family_id())", dump: "EndpointDump::new(h.family_id())";
    /// A blocking connection to the MPTCP path manager family (`mptcp_pm`): one socket, the
    /// family resolved when it is made. Its methods run the operations of this module (the
    /// same ones [`AsyncMptcp`] runs).
    ///
    /// ```no_run
    /// use netlink_runtime::families::mptcp::Mptcp;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut pm = Mptcp::new()?;
    /// println!("{:?} {:?}", pm.limits()?, pm.endpoints()?);
    /// # Ok(()) }
    /// ```
    blocking: Mptcp;
    /// An async connection to the MPTCP path manager for tokio services: `Clone + Send +
    /// Sync`, shared by any number of tasks, the family resolved once when it is made.
    ///
    /// ```no_run
    /// use netlink_runtime::families::mptcp::AsyncMptcp;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let pm = AsyncMptcp::new().await?;
    /// println!("{:?}", pm.limits().await?);
    /// # Ok(()) }
    /// ```
    async: AsyncMptcp;
}

crate::op::handle_methods! {
    handles: Mptcp, AsyncMptcp;
    example: "netlink_runtime::families::mptcp::*", "let mut h = Mptcp::new()?;", "let h = AsyncMptcp::new().await?;";
    context: fam = family_id;

    /// The limits of the namespace (`MPTCP_PM_CMD_GET_LIMITS`).
    #[example = "h.limits()"]
    pub fn limits() -> Limits = run(LimitsGet::new(fam));

    /// Change the limits (`MPTCP_PM_CMD_SET_LIMITS`; `None` leaves one alone).
    #[example = "h.set_limits(&Limits { rcv_add_addrs: Some(2), subflows: Some(2) })"]
    pub fn set_limits(limits: &Limits) -> () = run(LimitsSet::new(fam, limits));

    /// Every endpoint of the namespace (`MPTCP_PM_CMD_GET_ADDR` dump).
    #[example = "h.endpoints()"]
    pub fn endpoints() -> Vec<Endpoint> = collect(EndpointDump::new(fam));

    /// Every endpoint, as a stream read as the kernel sends it.
    #[example = "h.endpoint_stream()"]
    pub fn endpoint_stream() -> stream<EndpointDump> = EndpointDump::new(fam);

    /// Add an endpoint (`MPTCP_PM_CMD_ADD_ADDR`), like `ip mptcp endpoint add`.
    #[example = r#"h.add_endpoint(&Endpoint::new("192.0.2.1".parse()?, 1))"#]
    pub fn add_endpoint(ep: &Endpoint) -> () = run(EndpointChange::add(fam, ep));

    /// Remove the endpoint with id `id` (`MPTCP_PM_CMD_DEL_ADDR`).
    #[example = "h.delete_endpoint(1)"]
    pub fn delete_endpoint(id: u8) -> () = run(EndpointChange::delete(fam, id));

    /// Remove every endpoint (`MPTCP_PM_CMD_FLUSH_ADDRS`).
    #[example = "h.flush_endpoints()"]
    pub fn flush_endpoints() -> () = run(EndpointChange::flush(fam));
}
