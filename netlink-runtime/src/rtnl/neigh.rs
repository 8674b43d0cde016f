//! Neighbours (`RTM_*NEIGH`, `ndmsg` + `NDA_*`): ARP and NDP entries; read, add, replace,
//! delete.

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{family_of, Error, Handle, CREATE_EXCL, CREATE_REPLACE};
use crate::codec::{FromMessage, ToMessage};
use crate::consts::{RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH};

/// `NUD_PERMANENT` (the schema's constant, as the `u16` of `ndm_state`).
pub const NUD_PERMANENT: u16 = crate::schemas::rtnetlink::NUD_PERMANENT as u16;
/// `NUD_REACHABLE`.
pub const NUD_REACHABLE: u16 = crate::schemas::rtnetlink::NUD_REACHABLE as u16;
/// `NUD_STALE`.
pub const NUD_STALE: u16 = crate::schemas::rtnetlink::NUD_STALE as u16;

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

impl Handle {
    /// Stream every ARP / NDP entry (of `family`, or 0 for both) through `f`.
    pub fn for_each_neighbour<F>(&mut self, family: u8, mut f: F) -> Result<(), Error>
    where
        F: FnMut(&NeighbourRef<'_>) -> Result<(), Error>,
    {
        let req = NeighMsg {
            family,
            ..NeighMsg::default()
        }
        .to_message(RTM_GETNEIGH, 0);
        self.dump_msgs(req, |m| {
            if m.kind() == RTM_NEWNEIGH {
                f(&NeighbourRef::from_message(&m)?)?;
            }
            Ok(())
        })
    }

    /// Every ARP / NDP entry.
    pub fn neighbours(&mut self) -> Result<Vec<Neighbour>, Error> {
        self.collect_retry(|h, out| {
            h.for_each_neighbour(0, |n| {
                out.push(Neighbour::from(n));
                Ok(())
            })
        })
    }

    /// Add a neighbour entry.
    pub fn add_neighbour(&mut self, spec: &NeighSpec) -> Result<(), Error> {
        self.send(&spec.msg, RTM_NEWNEIGH, CREATE_EXCL).map(drop)
    }

    /// Add or replace a neighbour entry.
    pub fn replace_neighbour(&mut self, spec: &NeighSpec) -> Result<(), Error> {
        self.send(&spec.msg, RTM_NEWNEIGH, CREATE_REPLACE).map(drop)
    }

    /// Delete a neighbour entry.
    pub fn del_neighbour(&mut self, spec: &NeighSpec) -> Result<(), Error> {
        self.send(&spec.msg, RTM_DELNEIGH, 0).map(drop)
    }
}
