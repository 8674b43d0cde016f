//! Nexthop objects and groups (`RTM_*NEXTHOP`, `nhmsg` + `NHA_*`): read, add, replace,
//! delete.
//!
//! `NHA_GROUP` is an array of `struct nexthop_grp`; the schema annotates it as one record
//! (`struct = "nexthop_grp"`), so it is taken raw and cut into records with the schema's
//! generated `nexthop_grp::read`.

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{Error, CREATE_EXCL, CREATE_REPLACE};
use crate::codec::{FromMessage, Record, ToMessage};
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::{nexthop_grp, RTM_DELNEXTHOP, RTM_GETNEXTHOP, RTM_NEWNEXTHOP};
use crate::Message;

/// A nexthop as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "nexthop")]
pub struct NexthopRef<'a> {
    /// `nh_family`.
    #[netlink(header = "nh_family")]
    pub family: u8,
    /// `nh_scope`.
    #[netlink(header = "nh_scope")]
    pub scope: u8,
    /// `nh_protocol`.
    #[netlink(header = "nh_protocol")]
    pub protocol: u8,
    /// `nh_flags`: RTNH_F_*.
    #[netlink(header = "nh_flags")]
    pub flags: u32,
    /// `NHA_ID`.
    pub id: Option<u32>,
    /// `NHA_GROUP`: raw array of `nexthop_grp` (see [`NexthopRef::group`]).
    #[netlink(attr = "NHA_GROUP")]
    pub group_raw: Option<&'a [u8]>,
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
    /// The group members, if this is a group.
    pub fn group(&self) -> impl Iterator<Item = NhGroupMember> + '_ {
        self.group_raw
            .unwrap_or_default()
            .chunks_exact(<nexthop_grp as Record>::SIZE)
            .map(|c| {
                let g = nexthop_grp::read(c);
                NhGroupMember {
                    id: g.id,
                    weight: u16::from(g.weight) + 1,
                }
            })
    }
}

/// A nexthop, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Nexthop {
    /// Id.
    pub id: u32,
    /// `AF_INET` / `AF_INET6` (`AF_UNSPEC` for groups and blackholes).
    pub family: u8,
    /// Gateway.
    pub gateway: Option<IpAddr>,
    /// Output device.
    pub oif: Option<u32>,
    /// Blackhole.
    pub blackhole: bool,
    /// Group members.
    pub group: Vec<NhGroupMember>,
    /// Scope.
    pub scope: u8,
    /// Protocol.
    pub protocol: u8,
    /// RTNH_F_* flags.
    pub flags: u32,
    /// FDB nexthop.
    pub fdb: bool,
}

impl From<&NexthopRef<'_>> for Nexthop {
    fn from(n: &NexthopRef<'_>) -> Nexthop {
        Nexthop {
            id: n.id.unwrap_or(0),
            family: n.family,
            gateway: n.gateway,
            oif: n.oif,
            blackhole: n.blackhole,
            group: n.group().collect(),
            scope: n.scope,
            protocol: n.protocol,
            flags: n.flags,
            fdb: n.fdb,
        }
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
    /// Protocol RTPROT_* (default unspecified, as `ip nexthop` leaves it).
    pub fn protocol(mut self, p: u8) -> Self {
        self.msg.protocol = p;
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
        Ok(Nexthop::from(n))
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
