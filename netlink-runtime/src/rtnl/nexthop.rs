//! Nexthop objects and groups (`RTM_*NEXTHOP`, `nhmsg` + `NHA_*`): read, add, replace,
//! delete.
//!
//! `NHA_GROUP` is an array of `struct nexthop_grp`; the schema annotates it as one record
//! (`struct = "nexthop_grp"`), so it is taken raw and cut into records with the schema's
//! generated `nexthop_grp::read`. A length that is not a whole number of records is an error
//! naming the attribute and its offset (never a member silently dropped).

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{Error, RouteProtocol, RouteScope, CREATE_EXCL, CREATE_REPLACE};
use crate::attr::Attr;
use crate::codec::{CEnum, DecodeError, FromMessage, Record, ToMessage, ValueError};
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::{nexthop_grp, RTM_DELNEXTHOP, RTM_GETNEXTHOP, RTM_NEWNEXTHOP};
use crate::Message;

/// A nexthop as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "nexthop")]
#[non_exhaustive]
pub struct NexthopRef<'a> {
    /// `nh_family`.
    #[netlink(header = "nh_family")]
    pub family: u8,
    /// `nh_scope`.
    #[netlink(header = "nh_scope")]
    pub scope: RouteScope,
    /// `nh_protocol`.
    #[netlink(header = "nh_protocol")]
    pub protocol: RouteProtocol,
    /// `nh_flags`: RTNH_F_*.
    #[netlink(header = "nh_flags")]
    pub flags: u32,
    /// `NHA_ID`.
    pub id: Option<u32>,
    /// `NHA_GROUP`: raw array of `nexthop_grp` (see [`NexthopRef::group`]).
    #[netlink(attr = "NHA_GROUP")]
    pub group_raw: Option<Attr<'a>>,
    /// `NHA_GROUP_TYPE`.
    pub group_type: Option<u16>,
    /// `NHA_BLACKHOLE`.
    pub blackhole: bool,
    /// `NHA_OIF`.
    pub oif: Option<u32>,
    /// `NHA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `NHA_FDB`.
    pub fdb: bool,
}

/// One member of a nexthop group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NhGroupMember {
    /// Nexthop id.
    pub id: u32,
    /// Weight (1..=256).
    pub weight: u16,
}

impl NexthopRef<'_> {
    /// Whether this is a group.
    pub fn is_group(&self) -> bool {
        self.group_raw.is_some()
    }

    /// The group members (none if this is not a group). A `NHA_GROUP` whose length is not a
    /// whole number of `nexthop_grp` records is an error naming it and its offset.
    pub fn group(&self) -> Result<impl Iterator<Item = NhGroupMember> + '_, Error> {
        let size = <nexthop_grp as Record>::SIZE;
        let raw = match &self.group_raw {
            Some(a) if a.payload().len() % size != 0 => {
                return Err(Error::Decode(DecodeError::value(
                    "nha",
                    "NHA_GROUP",
                    a,
                    ValueError::Size {
                        expected: "a multiple of 8 (struct nexthop_grp)",
                        actual: a.payload().len(),
                    },
                )))
            }
            Some(a) => a.payload(),
            None => &[],
        };
        Ok(raw.chunks_exact(size).map(|c| {
            let g = nexthop_grp::read(c);
            NhGroupMember {
                id: g.id,
                weight: u16::from(g.weight) + 1,
            }
        }))
    }
}

/// A nexthop, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nexthop {
    id: u32,
    flags: u32,
    family: u8,
    scope: u8,
    protocol: u8,
    blackhole: bool,
    fdb: bool,
    gateway: Option<IpAddr>,
    oif: Option<u32>,
    group: Vec<NhGroupMember>,
    group_type: Option<u16>,
}

impl Nexthop {
    /// Id.
    pub fn id(&self) -> u32 {
        self.id
    }
    /// `AF_INET` / `AF_INET6` (`AF_UNSPEC` for groups and some blackholes).
    pub fn family(&self) -> u8 {
        self.family
    }
    /// Gateway.
    pub fn gateway(&self) -> Option<IpAddr> {
        self.gateway
    }
    /// Output device.
    pub fn oif(&self) -> Option<u32> {
        self.oif
    }
    /// Blackhole.
    pub fn blackhole(&self) -> bool {
        self.blackhole
    }
    /// Group members (empty if this is not a group).
    pub fn group(&self) -> &[NhGroupMember] {
        &self.group
    }
    /// `NEXTHOP_GRP_TYPE_*` of a group.
    pub fn group_type(&self) -> Option<u16> {
        self.group_type
    }
    /// Scope.
    pub fn scope(&self) -> RouteScope {
        RouteScope::from_raw(i64::from(self.scope))
    }
    /// Who added it.
    pub fn protocol(&self) -> RouteProtocol {
        RouteProtocol::from_raw(i64::from(self.protocol))
    }
    /// RTNH_F_* flags.
    pub fn flags(&self) -> u32 {
        self.flags
    }
    /// FDB nexthop.
    pub fn fdb(&self) -> bool {
        self.fdb
    }
}

impl TryFrom<&NexthopRef<'_>> for Nexthop {
    type Error = Error;
    fn try_from(n: &NexthopRef<'_>) -> Result<Nexthop, Error> {
        Ok(Nexthop {
            id: n.id.unwrap_or(0),
            flags: n.flags,
            family: n.family,
            scope: n.scope.to_raw() as u8,
            protocol: n.protocol.to_raw() as u8,
            blackhole: n.blackhole,
            fdb: n.fdb,
            gateway: n.gateway,
            oif: n.oif,
            group: n.group()?.collect(),
            group_type: n.group_type,
        })
    }
}

/// A nexthop request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "nexthop")]
pub(crate) struct NexthopMsg {
    #[netlink(header = "nh_family")]
    family: u8,
    #[netlink(header = "nh_protocol")]
    protocol: u8,
    #[netlink(header = "nh_flags")]
    flags: u32,
    id: Option<u32>,
    #[netlink(attr = "NHA_GROUP")]
    group: Option<Vec<u8>>,
    blackhole: bool,
    oif: Option<u32>,
    gateway: Option<IpAddr>,
}

/// A nexthop or nexthop group to add, replace or delete.
#[derive(Debug, Clone)]
pub struct NexthopSpec {
    msg: NexthopMsg,
}

impl NexthopSpec {
    /// The request `Handle` would send, as message type `kind` with `flags` (for batching
    /// with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.msg, kind, flags)
    }
    /// Nexthop `id` via `gateway` (may be `None`) out of `oif`.
    pub fn via(id: u32, gateway: Option<IpAddr>, oif: u32) -> NexthopSpec {
        NexthopSpec {
            msg: NexthopMsg {
                family: match gateway {
                    Some(g) => super::family_of(&g),
                    None => super::AF_INET,
                },
                id: Some(id),
                oif: Some(oif),
                gateway,
                ..NexthopMsg::default()
            },
        }
    }
    /// A blackhole nexthop `id` (IPv4; the kernel wants a family, and needs `lo` up).
    pub fn blackhole(id: u32) -> NexthopSpec {
        NexthopSpec {
            msg: NexthopMsg {
                family: super::AF_INET,
                id: Some(id),
                blackhole: true,
                ..NexthopMsg::default()
            },
        }
    }
    /// A group `id` of `(member id, weight 1..=256)`.
    pub fn group(id: u32, members: &[(u32, u16)]) -> NexthopSpec {
        let mut raw = Vec::with_capacity(members.len() * <nexthop_grp as Record>::SIZE);
        for &(mid, w) in members {
            let g = nexthop_grp {
                id: mid,
                weight: w.clamp(1, 256).saturating_sub(1) as u8,
                resvd1: 0,
                resvd2: 0,
            };
            raw.extend_from_slice(&g.to_bytes());
        }
        NexthopSpec {
            msg: NexthopMsg {
                id: Some(id),
                group: Some(raw),
                ..NexthopMsg::default()
            },
        }
    }
    /// Who adds it (default unspecified, as `ip nexthop` leaves it).
    pub fn protocol(mut self, p: RouteProtocol) -> Self {
        self.msg.protocol = p.to_raw() as u8;
        self
    }
}

/// Every nexthop object and group.
#[derive(Debug, Clone, Copy, Default)]
pub struct NexthopDump;

impl Dump for NexthopDump {
    type Item<'a> = NexthopRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(NexthopMsg::default().to_message(RTM_GETNEXTHOP, 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<NexthopRef<'a>>, Error> {
        if msg.kind() != RTM_NEWNEXTHOP {
            return Ok(None);
        }
        Ok(Some(NexthopRef::from_message(msg)?))
    }
}

impl DumpOwned for NexthopDump {
    type Owned = Nexthop;
    fn to_owned(&self, n: &NexthopRef<'_>) -> Result<Nexthop, Error> {
        Nexthop::try_from(n)
    }
}

impl NexthopSpec {
    /// The operation that adds this nexthop or group.
    pub fn add_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWNEXTHOP, CREATE_EXCL))
    }
    /// The operation that adds or replaces this nexthop or group.
    pub fn replace_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWNEXTHOP, CREATE_REPLACE))
    }
}

/// The operation that deletes nexthop `id`.
pub fn del_nexthop_op(id: u32) -> Ack {
    Ack(NexthopMsg {
        id: Some(id),
        ..NexthopMsg::default()
    }
    .to_message(RTM_DELNEXTHOP, 0))
}

super::operations! {
    /// Stream every nexthop through `f`.
    #[example = r#"h.for_each_nexthop(|n| { println!("{:?}", n.id); Ok(()) })"#]
    pub fn for_each_nexthop() |NexthopRef| = NexthopDump;

    /// Every nexthop and group.
    #[example = "h.nexthops()"]
    pub fn nexthops() -> Vec<Nexthop> = collect(NexthopDump);

    /// Every nexthop and group, as owned nexthops read as the kernel sends them.
    #[example = "h.nexthop_stream()"]
    pub fn nexthop_stream() -> stream<NexthopDump> = NexthopDump;

    /// Add a nexthop or group.
    #[example = r#"h.add_nexthop(&NexthopSpec::via(1, Some("192.0.2.2".parse()?), 2))"#]
    pub fn add_nexthop(spec: &NexthopSpec) -> () = run(spec.add_op());

    /// Add or replace a nexthop or group.
    #[example = r#"h.replace_nexthop(&NexthopSpec::group(10, &[(1, 1), (2, 3)]))"#]
    pub fn replace_nexthop(spec: &NexthopSpec) -> () = run(spec.replace_op());

    /// Delete nexthop `id`.
    #[example = "h.del_nexthop(10)"]
    pub fn del_nexthop(id: u32) -> () = run(del_nexthop_op(id));
}
