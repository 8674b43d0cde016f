//! Neighbours (`RTM_*NEIGH`, `ndmsg` + `NDA_*`): ARP and NDP entries, and the bridge
//! forwarding database (`AF_BRIDGE` neighbours: a MAC address on a bridge port or a vxlan
//! device, `bridge fdb`); read, add, replace, delete.

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{family_of, Error, AF_BRIDGE, AF_UNSPEC, CREATE_EXCL, CREATE_REPLACE};
use crate::codec::ToMessage;
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::{nda_cacheinfo, RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH};

pub use crate::schemas::rtnetlink::{NtfFlags as NeighbourFlags, NudState as NeighbourState};

/// A neighbour (or an FDB entry) as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "neigh")]
#[non_exhaustive]
pub struct NeighbourRef<'a> {
    /// `ndm_family` (`AF_BRIDGE` for FDB entries).
    #[netlink(header = "ndm_family")]
    pub family: u8,
    /// `ndm_ifindex`.
    #[netlink(header = "ndm_ifindex")]
    pub ifindex: u32,
    /// `ndm_state`.
    #[netlink(header = "ndm_state")]
    pub state: NeighbourState,
    /// `ndm_flags`.
    #[netlink(header = "ndm_flags")]
    pub flags: NeighbourFlags,
    /// `ndm_type`.
    #[netlink(header = "ndm_type")]
    pub kind: u8,
    /// `NDA_DST`: the protocol address (an FDB entry of a vxlan device: the remote).
    pub dst: Option<IpAddr>,
    /// `NDA_LLADDR`.
    pub lladdr: Option<&'a [u8]>,
    /// `NDA_CACHEINFO`.
    pub cacheinfo: Option<nda_cacheinfo>,
    /// `NDA_PROBES`.
    pub probes: Option<u32>,
    /// `NDA_VLAN` (FDB).
    pub vlan: Option<u16>,
    /// `NDA_PORT`: UDP port of the remote (vxlan FDB).
    pub port: Option<u16>,
    /// `NDA_VNI` (vxlan FDB).
    pub vni: Option<u32>,
    /// `NDA_IFINDEX`: the remote's outgoing device (vxlan FDB).
    #[netlink(attr = "NDA_IFINDEX")]
    pub via_ifindex: Option<u32>,
    /// `NDA_MASTER`: the bridge of a port's FDB entry.
    pub master: Option<u32>,
    /// `NDA_LINK_NETNSID`.
    pub link_netnsid: Option<i32>,
    /// `NDA_SRC_VNI` (vxlan FDB).
    pub src_vni: Option<u32>,
    /// `NDA_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `NDA_NH_ID`.
    pub nh_id: Option<u32>,
    /// `NDA_FLAGS_EXT`: NTF_EXT_* flags.
    pub flags_ext: Option<u32>,
}

/// A neighbour entry, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    ifindex: u32,
    state: NeighbourState,
    family: u8,
    flags: NeighbourFlags,
    dst: Option<IpAddr>,
    lladdr: Option<Box<[u8]>>,
}

impl Neighbour {
    /// `AF_INET` / `AF_INET6` (`AF_BRIDGE` for FDB entries; see [`FdbEntry`]).
    pub fn family(&self) -> u8 {
        self.family
    }
    /// Interface index.
    pub fn ifindex(&self) -> u32 {
        self.ifindex
    }
    /// Protocol address.
    pub fn dst(&self) -> Option<IpAddr> {
        self.dst
    }
    /// Link-layer address.
    pub fn lladdr(&self) -> Option<&[u8]> {
        self.lladdr.as_deref()
    }
    /// State (`PERMANENT`, `REACHABLE`, `STALE`, ...).
    pub fn state(&self) -> NeighbourState {
        self.state
    }
    /// Flags (`ROUTER`, `PROXY`, `EXT_LEARNED`, ...).
    pub fn flags(&self) -> NeighbourFlags {
        self.flags
    }
}

impl From<&NeighbourRef<'_>> for Neighbour {
    fn from(n: &NeighbourRef<'_>) -> Neighbour {
        Neighbour {
            ifindex: n.ifindex,
            state: n.state,
            family: n.family,
            flags: n.flags,
            dst: n.dst,
            lladdr: n.lladdr.map(Box::from),
        }
    }
}

/// A neighbour or FDB request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "neigh")]
pub(crate) struct NeighMsg {
    #[netlink(header = "ndm_family")]
    family: u8,
    #[netlink(header = "ndm_ifindex")]
    ifindex: u32,
    #[netlink(header = "ndm_state")]
    state: NeighbourState,
    #[netlink(header = "ndm_flags")]
    flags: NeighbourFlags,
    dst: Option<IpAddr>,
    lladdr: Option<Vec<u8>>,
    vlan: Option<u16>,
    port: Option<u16>,
    vni: Option<u32>,
    #[netlink(attr = "NDA_IFINDEX")]
    via_ifindex: Option<u32>,
    master: Option<u32>,
    src_vni: Option<u32>,
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
                ifindex,
                state: NeighbourState::PERMANENT,
                dst: Some(dst),
                lladdr: Some(lladdr.to_vec()),
                ..NeighMsg::default()
            },
        }
    }
    /// State (e.g. `NeighbourState::REACHABLE`).
    pub fn state(mut self, state: NeighbourState) -> Self {
        self.msg.state = state;
        self
    }
    /// Flags (`NeighbourFlags::ROUTER`, ...).
    pub fn flags(mut self, flags: NeighbourFlags) -> Self {
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

impl NeighDump {
    /// The entries of `family`.
    pub fn new(family: u8) -> NeighDump {
        NeighDump { family }
    }
}

impl NeighDump {
    /// Whether `n` belongs to this dump: an AF_UNSPEC dump also returns the bridge FDB, which
    /// is [`FdbDump`]'s.
    fn wanted(&self, n: &NeighbourRef<'_>) -> bool {
        n.family != AF_BRIDGE || self.family == AF_BRIDGE
    }
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
    crate::op::decode_kept!(NeighbourRef, RTM_NEWNEIGH, wanted);
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

/// A bridge forwarding database entry, owned: a MAC address reachable through a bridge port
/// (or a vxlan device: then through a remote), as `bridge fdb show` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdbEntry {
    mac: [u8; 6],
    ifindex: u32,
    state: NeighbourState,
    flags: NeighbourFlags,
    vlan: Option<u16>,
    master: Option<u32>,
    dst: Option<IpAddr>,
    port: Option<u16>,
    vni: Option<u32>,
    src_vni: Option<u32>,
    via_ifindex: Option<u32>,
    nh_id: Option<u32>,
}

impl FdbEntry {
    /// The MAC address.
    pub fn mac(&self) -> [u8; 6] {
        self.mac
    }
    /// The port (or the vxlan device) the address is behind.
    pub fn ifindex(&self) -> u32 {
        self.ifindex
    }
    /// State: `PERMANENT` for `permanent`, `NOARP` for `static`, `REACHABLE` for learnt
    /// entries.
    pub fn state(&self) -> NeighbourState {
        self.state
    }
    /// Flags: `SELF` (the device's own table), `MASTER` (the bridge's), `EXT_LEARNED`,
    /// `OFFLOADED`, `STICKY`, ...
    pub fn flags(&self) -> NeighbourFlags {
        self.flags
    }
    /// VLAN.
    pub fn vlan(&self) -> Option<u16> {
        self.vlan
    }
    /// The bridge.
    pub fn master(&self) -> Option<u32> {
        self.master
    }
    /// The remote (vxlan).
    pub fn dst(&self) -> Option<IpAddr> {
        self.dst
    }
    /// The remote's UDP port (vxlan).
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    /// VNI (vxlan).
    pub fn vni(&self) -> Option<u32> {
        self.vni
    }
    /// Source VNI (vxlan).
    pub fn src_vni(&self) -> Option<u32> {
        self.src_vni
    }
    /// Outgoing device towards the remote (vxlan `via`).
    pub fn via_ifindex(&self) -> Option<u32> {
        self.via_ifindex
    }
    /// Nexthop group of the remote.
    pub fn nh_id(&self) -> Option<u32> {
        self.nh_id
    }
}

impl TryFrom<&NeighbourRef<'_>> for FdbEntry {
    type Error = Error;
    fn try_from(n: &NeighbourRef<'_>) -> Result<FdbEntry, Error> {
        let mac = match n.lladdr {
            Some(l) => <[u8; 6]>::try_from(l).map_err(|_| {
                Error::Invalid(format!(
                    "FDB entry on ifindex {}: NDA_LLADDR of {} bytes, expected 6",
                    n.ifindex,
                    l.len()
                ))
            })?,
            None => {
                return Err(Error::Invalid(format!(
                    "FDB entry on ifindex {} without NDA_LLADDR",
                    n.ifindex
                )))
            }
        };
        Ok(FdbEntry {
            mac,
            ifindex: n.ifindex,
            state: n.state,
            flags: n.flags,
            vlan: n.vlan,
            master: n.master,
            dst: n.dst,
            port: n.port,
            vni: n.vni,
            src_vni: n.src_vni,
            via_ifindex: n.via_ifindex,
            nh_id: n.nh_id,
        })
    }
}

/// The bridge forwarding database (`bridge fdb show`): every `AF_BRIDGE` neighbour, or those
/// of one bridge (`br BRIDGE`) or one port (`brport PORT` / `dev PORT`), filtered by the
/// kernel.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct FdbDump {
    /// Only the entries of this bridge and its ports (`NDA_MASTER`).
    pub bridge: Option<u32>,
    /// Only the entries of this port (`ndm_ifindex`).
    pub port: Option<u32>,
    /// Only the entries of this VLAN (`NDA_VLAN`; `bridge fdb show vlan VID`).
    pub vlan: Option<u16>,
    /// Only the entries in one of these states (`bridge fdb show state ...`: `PERMANENT`,
    /// `NOARP` for static entries, `REACHABLE` for learnt ones, `STALE`).
    pub states: Option<NeighbourState>,
}

impl FdbDump {
    /// Every entry.
    pub fn all() -> FdbDump {
        FdbDump::default()
    }
    /// The entries of bridge `index`.
    pub fn bridge(index: u32) -> FdbDump {
        FdbDump {
            bridge: Some(index),
            ..FdbDump::default()
        }
    }
    /// The entries of port `index`.
    pub fn port(index: u32) -> FdbDump {
        FdbDump {
            port: Some(index),
            ..FdbDump::default()
        }
    }
    /// Only the entries of VLAN `vid`.
    pub fn vlan(mut self, vid: u16) -> FdbDump {
        self.vlan = Some(vid);
        self
    }
    /// Only the entries in one of `states` (several may be or-ed together).
    pub fn states(mut self, states: NeighbourState) -> FdbDump {
        self.states = Some(states);
        self
    }
}

impl FdbDump {
    /// Whether `n` is an FDB entry of the port, VLAN and states asked for. The kernel
    /// filters by bridge (`NDA_MASTER` in the request): the bridge's own entries and all of
    /// its ports', those the bridge learnt and the ports' own (`self`), as `bridge fdb show
    /// br BR` lists them.
    fn wanted(&self, n: &NeighbourRef<'_>) -> bool {
        n.family == AF_BRIDGE
            && self.port.is_none_or(|p| p == n.ifindex)
            && self.vlan.is_none_or(|v| n.vlan == Some(v))
            && self.states.is_none_or(|s| n.state.intersects(s))
    }
}

impl Dump for FdbDump {
    type Item<'a> = NeighbourRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(NeighMsg {
            family: AF_BRIDGE,
            ifindex: self.port.unwrap_or(0),
            master: self.bridge,
            ..NeighMsg::default()
        }
        .to_message(RTM_GETNEIGH, 0))
    }
    crate::op::decode_kept!(NeighbourRef, RTM_NEWNEIGH, wanted);
}

impl DumpOwned for FdbDump {
    type Owned = FdbEntry;
    fn to_owned(&self, n: &NeighbourRef<'_>) -> Result<FdbEntry, Error> {
        FdbEntry::try_from(n)
    }
}

/// An FDB entry to add, replace or delete (`bridge fdb add MAC dev PORT ...`). By default it
/// goes to the bridge's table (`master`) as `static` entries do; [`FdbSpec::self_`] puts it in
/// the device's own table (vxlan remotes, hardware).
#[derive(Debug, Clone)]
pub struct FdbSpec {
    msg: NeighMsg,
}

impl FdbSpec {
    /// `mac` behind port (or vxlan device) `ifindex`: permanent, in the master's table.
    pub fn new(ifindex: u32, mac: [u8; 6]) -> FdbSpec {
        FdbSpec {
            msg: NeighMsg {
                family: AF_BRIDGE,
                ifindex,
                state: NeighbourState::PERMANENT,
                flags: NeighbourFlags::MASTER,
                lladdr: Some(mac.to_vec()),
                ..NeighMsg::default()
            },
        }
    }
    /// In the device's own table (`self`) instead of the master's.
    pub fn self_(mut self) -> Self {
        self.msg.flags = (self.msg.flags - NeighbourFlags::MASTER) | NeighbourFlags::SELF;
        self
    }
    /// In both the device's and the master's table.
    pub fn self_and_master(mut self) -> Self {
        self.msg.flags |= NeighbourFlags::SELF | NeighbourFlags::MASTER;
        self
    }
    /// `static` (`NUD_NOARP`) instead of `permanent`.
    pub fn static_(mut self) -> Self {
        self.msg.state = NeighbourState::NOARP;
        self
    }
    /// State.
    pub fn state(mut self, state: NeighbourState) -> Self {
        self.msg.state = state;
        self
    }
    /// More flags (`STICKY`, `EXT_LEARNED`, ...).
    pub fn flags(mut self, flags: NeighbourFlags) -> Self {
        self.msg.flags |= flags;
        self
    }
    /// On VLAN `vlan`.
    pub fn vlan(mut self, vlan: u16) -> Self {
        self.msg.vlan = Some(vlan);
        self
    }
    /// The bridge (`NDA_MASTER`).
    pub fn master(mut self, bridge: u32) -> Self {
        self.msg.master = Some(bridge);
        self
    }
    /// The remote (vxlan: `dst IP`).
    pub fn dst(mut self, dst: IpAddr) -> Self {
        self.msg.dst = Some(dst);
        self
    }
    /// The remote's UDP port (vxlan).
    pub fn port(mut self, port: u16) -> Self {
        self.msg.port = Some(port);
        self
    }
    /// VNI (vxlan).
    pub fn vni(mut self, vni: u32) -> Self {
        self.msg.vni = Some(vni);
        self
    }
    /// Source VNI (vxlan).
    pub fn src_vni(mut self, vni: u32) -> Self {
        self.msg.src_vni = Some(vni);
        self
    }
    /// Outgoing device towards the remote (vxlan `via`).
    pub fn via(mut self, ifindex: u32) -> Self {
        self.msg.via_ifindex = Some(ifindex);
        self
    }
    /// The request `Handle` would send, as message type `kind` with `flags`.
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        self.msg.to_message(kind, flags)
    }
    /// The operation that adds this entry (fails if it exists).
    pub fn add_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWNEIGH, CREATE_EXCL))
    }
    /// The operation that adds or replaces this entry.
    pub fn replace_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWNEIGH, CREATE_REPLACE))
    }
    /// The operation that appends a remote to an all-zeros entry of a vxlan device
    /// (`bridge fdb append`: several remotes for flooding).
    pub fn append_op(&self) -> Ack {
        Ack(self.msg.to_message(
            RTM_NEWNEIGH,
            crate::schemas::netlink::NLM_F_CREATE | crate::schemas::netlink::NLM_F_APPEND,
        ))
    }
    /// The operation that deletes this entry.
    pub fn del_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_DELNEIGH, 0))
    }
}

impl From<&FdbEntry> for FdbSpec {
    /// The spec naming exactly this entry (to delete what was read).
    fn from(e: &FdbEntry) -> FdbSpec {
        FdbSpec {
            msg: NeighMsg {
                family: AF_BRIDGE,
                ifindex: e.ifindex,
                state: e.state,
                flags: e.flags & (NeighbourFlags::SELF | NeighbourFlags::MASTER),
                lladdr: Some(e.mac.to_vec()),
                vlan: e.vlan,
                master: e.master,
                dst: e.dst,
                port: e.port,
                vni: e.vni,
                src_vni: e.src_vni,
                via_ifindex: e.via_ifindex,
            },
        }
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

    /// Stream the bridge FDB entries `dump` selects through `f`.
    #[example = r#"h.for_each_fdb(&FdbDump::all(), |e| { println!("{:?} {}", e.lladdr, e.ifindex); Ok(()) })"#]
    pub fn for_each_fdb(dump: &FdbDump) |NeighbourRef| = *dump;

    /// The bridge FDB entries `dump` selects (`bridge fdb show`).
    #[example = "h.fdb(&FdbDump::all())"]
    pub fn fdb(dump: &FdbDump) -> Vec<FdbEntry> = collect(*dump);

    /// Add an FDB entry (`bridge fdb add`).
    #[example = "h.add_fdb(&FdbSpec::new(3, [2, 0, 0, 0, 0, 1]).vlan(10))"]
    pub fn add_fdb(spec: &FdbSpec) -> () = run(spec.add_op());

    /// Add or replace an FDB entry (`bridge fdb replace`).
    #[example = "h.replace_fdb(&FdbSpec::new(3, [2, 0, 0, 0, 0, 1]))"]
    pub fn replace_fdb(spec: &FdbSpec) -> () = run(spec.replace_op());

    /// Append a remote to a vxlan device's entry (`bridge fdb append`).
    #[example = r#"h.append_fdb(&FdbSpec::new(4, [0; 6]).self_().dst("192.0.2.9".parse()?))"#]
    pub fn append_fdb(spec: &FdbSpec) -> () = run(spec.append_op());

    /// Delete an FDB entry (`bridge fdb del`).
    #[example = "h.del_fdb(&FdbSpec::new(3, [2, 0, 0, 0, 0, 1]))"]
    pub fn del_fdb(spec: &FdbSpec) -> () = run(spec.del_op());
}
