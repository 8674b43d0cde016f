//! Neighbours (`RTM_*NEIGH`, `ndmsg` + `NDA_*`): ARP and NDP entries; read, add, replace,
//! delete.

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{family_of, Error, AF_UNSPEC, CREATE_EXCL, CREATE_REPLACE};
use crate::codec::{FromMessage, ToMessage};
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::{RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH};
use crate::Message;

pub use crate::schemas::rtnetlink::{NUD_PERMANENT, NUD_REACHABLE, NUD_STALE};

/// A neighbour as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "neigh")]
pub struct NeighbourRef<'a> {
    /// `ndm_family`.
    #[netlink(header = "ndm_family")]
    pub family: u8,
    /// `ndm_ifindex`.
    #[netlink(header = "ndm_ifindex")]
    pub ifindex: i32,
    /// `ndm_state`: NUD_*.
    #[netlink(header = "ndm_state")]
    pub state: u16,
    /// `ndm_flags`: NTF_*.
    #[netlink(header = "ndm_flags")]
    pub flags: u8,
    /// `ndm_type`.
    #[netlink(header = "ndm_type")]
    pub kind: u8,
    /// `NDA_DST`.
    pub dst: Option<IpAddr>,
    /// `NDA_LLADDR`.
    pub lladdr: Option<&'a [u8]>,
    /// `NDA_PROBES`.
    pub probes: Option<u32>,
    /// `NDA_PROTOCOL`.
    pub protocol: Option<u8>,
}

/// A neighbour entry, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Neighbour {
    /// `AF_INET` / `AF_INET6`.
    pub family: u8,
    /// Interface index.
    pub ifindex: u32,
    /// Protocol address.
    pub dst: Option<IpAddr>,
    /// Link-layer address.
    pub lladdr: Option<Vec<u8>>,
    /// NUD_* state.
    pub state: u16,
    /// NTF_* flags.
    pub flags: u8,
}

impl From<&NeighbourRef<'_>> for Neighbour {
    fn from(n: &NeighbourRef<'_>) -> Neighbour {
        Neighbour {
            family: n.family,
            ifindex: n.ifindex as u32,
            dst: n.dst,
            lladdr: n.lladdr.map(<[u8]>::to_vec),
            state: n.state,
            flags: n.flags,
        }
    }
}

/// A neighbour request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "neigh")]
pub(crate) struct NeighMsg {
    #[netlink(header = "ndm_family")]
    family: u8,
    #[netlink(header = "ndm_ifindex")]
    ifindex: i32,
    #[netlink(header = "ndm_state")]
    state: u16,
    #[netlink(header = "ndm_flags")]
    flags: u8,
    dst: Option<IpAddr>,
    lladdr: Option<Vec<u8>>,
}

/// A neighbour to add, replace or delete.
#[derive(Debug, Clone)]
pub struct NeighSpec {
    msg: NeighMsg,
}

impl NeighSpec {
    /// The request `Handle` would send, as message type `kind` with `flags` (for batching
    /// with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.msg, kind, flags)
    }
    /// `dst` on link `ifindex` with link-layer address `lladdr`, state permanent.
    pub fn new(ifindex: u32, dst: IpAddr, lladdr: &[u8]) -> NeighSpec {
        NeighSpec {
            msg: NeighMsg {
                family: family_of(&dst),
                ifindex: ifindex as i32,
                state: NUD_PERMANENT,
                dst: Some(dst),
                lladdr: Some(lladdr.to_vec()),
                ..NeighMsg::default()
            },
        }
    }
    /// NUD_* state (e.g. [`NUD_REACHABLE`]).
    pub fn state(mut self, state: u16) -> Self {
        self.msg.state = state;
        self
    }
    /// NTF_* flags (`NTF_ROUTER`, ...).
    pub fn flags(mut self, flags: u8) -> Self {
        self.msg.flags = flags;
        self
    }
}

/// The ARP / NDP entries of one family (`AF_UNSPEC`: both).
#[derive(Debug, Clone, Copy, Default)]
pub struct NeighDump {
    /// `AF_INET`, `AF_INET6` or `AF_UNSPEC`.
    pub family: u8,
}

impl Dump for NeighDump {
    type Item<'a> = NeighbourRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(NeighMsg {
            family: self.family,
            ..NeighMsg::default()
        }
        .to_message(RTM_GETNEIGH, 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<NeighbourRef<'a>>, Error> {
        if msg.kind() != RTM_NEWNEIGH {
            return Ok(None);
        }
        Ok(Some(NeighbourRef::from_message(msg)?))
    }
}

impl DumpOwned for NeighDump {
    type Owned = Neighbour;
    fn to_owned(&self, n: &NeighbourRef<'_>) -> Result<Neighbour, Error> {
        Ok(Neighbour::from(n))
    }
}

impl NeighSpec {
    /// The operation that adds this entry.
    pub fn add_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWNEIGH, CREATE_EXCL))
    }
    /// The operation that adds or replaces this entry.
    pub fn replace_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWNEIGH, CREATE_REPLACE))
    }
    /// The operation that deletes this entry.
    pub fn del_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_DELNEIGH, 0))
    }
}

super::operations! {
    /// Stream every ARP / NDP entry (of `family`, or `AF_UNSPEC` for both) through `f`.
    #[example = r#"h.for_each_neighbour(AF_UNSPEC, |n| { println!("{:?} {:?}", n.dst, n.lladdr); Ok(()) })"#]
    pub fn for_each_neighbour(family: u8) |NeighbourRef| = NeighDump { family };

    /// Every ARP / NDP entry.
    #[example = "h.neighbours()"]
    pub fn neighbours() -> Vec<Neighbour> = collect(NeighDump { family: AF_UNSPEC });

    /// The neighbour entries of `family` (`AF_UNSPEC` for both), as owned entries read as the
    /// kernel sends them.
    #[example = "h.neighbour_stream(AF_INET)"]
    pub fn neighbour_stream(family: u8) -> stream<NeighDump> = NeighDump { family };

    /// Add a neighbour entry.
    #[example = r#"h.add_neighbour(&NeighSpec::new(1, "192.0.2.9".parse()?, &[2, 0, 0, 0, 0, 9]))"#]
    pub fn add_neighbour(spec: &NeighSpec) -> () = run(spec.add_op());

    /// Add or replace a neighbour entry.
    #[example = r#"h.replace_neighbour(&NeighSpec::new(1, "192.0.2.9".parse()?, &[2, 0, 0, 0, 0, 9]))"#]
    pub fn replace_neighbour(spec: &NeighSpec) -> () = run(spec.replace_op());

    /// Delete a neighbour entry.
    #[example = r#"h.del_neighbour(&NeighSpec::new(1, "192.0.2.9".parse()?, &[2, 0, 0, 0, 0, 9]))"#]
    pub fn del_neighbour(spec: &NeighSpec) -> () = run(spec.del_op());
}
