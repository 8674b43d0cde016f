//! Links (`RTM_*LINK`, `ifinfomsg` + `IFLA_*`): reading (with statistics, carrier,
//! promiscuity, queue and offload limits, alternative names, the kind's data), creating every
//! kind [`LinkData`] models, changing and deleting by index or by name, moving to another
//! namespace; alternative names (`RTM_NEWLINKPROP` / `RTM_DELLINKPROP`).

use netlink_derive::Netlink;

use super::kinds::{LinkData, LinkSlaveData, NetkitData, VethData, VethPeer};
use super::{Error, AF_UNSPEC, CREATE_EXCL};
use crate::attr::Attr;
use crate::codec::{FromMessage, Lazy, ToMessage};
use crate::name::{Name, NameBuf};
use crate::netns::Netns;
use crate::op::{Ack, Dump, DumpOwned, Outgoing, Request};
use crate::schemas::rtnetlink::{
    RTM_DELLINK, RTM_DELLINKPROP, RTM_GETLINK, RTM_NEWLINK, RTM_NEWLINKPROP,
};
use crate::Message;

pub use crate::schemas::rtnetlink::{
    rtnl_link_stats64 as LinkStats64, Arphrd as LinkType, IfLinkMode as LinkMode,
    IfOper as OperState, NetDeviceFlags as LinkFlags,
};

/// A link as the kernel sends it, borrowed from the receive buffer. Statistics stay undecoded
/// until asked for ([`Lazy`]); the kind's data is kept raw ([`LinkInfoRef::data`] decodes it).
#[derive(Netlink, Debug, Clone)]
#[netlink(schema = "rtnetlink", message = "link")]
#[non_exhaustive]
pub struct LinkRef<'a> {
    /// `ifi_family`.
    #[netlink(header = "ifi_family")]
    pub family: u8,
    /// `ifi_type`: the hardware type.
    #[netlink(header = "ifi_type")]
    pub link_type: LinkType,
    /// `ifi_index`.
    #[netlink(header = "ifi_index")]
    pub index: u32,
    /// `ifi_flags`.
    #[netlink(header = "ifi_flags")]
    pub flags: LinkFlags,
    /// `IFLA_IFNAME` (bytes: Linux allows names that are not UTF-8).
    pub ifname: Option<Name<'a>>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_MIN_MTU`.
    pub min_mtu: Option<u32>,
    /// `IFLA_MAX_MTU`.
    pub max_mtu: Option<u32>,
    /// `IFLA_MASTER`: index of the master (bridge, bond, vrf) device.
    pub master: Option<u32>,
    /// `IFLA_LINK`: index of the parent / peer device.
    pub link: Option<u32>,
    /// `IFLA_LINK_NETNSID`: the parent lives in another namespace (its id as seen from here).
    pub link_netnsid: Option<i32>,
    /// `IFLA_OPERSTATE`: RFC 2863 state.
    pub operstate: Option<OperState>,
    /// `IFLA_LINKMODE`.
    pub linkmode: Option<LinkMode>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_QDISC`.
    pub qdisc: Option<&'a str>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_ADDRESS`: link-layer address (any length).
    pub address: Option<&'a [u8]>,
    /// `IFLA_BROADCAST`.
    pub broadcast: Option<&'a [u8]>,
    /// `IFLA_PERM_ADDRESS`: the hardware's own address.
    pub perm_address: Option<&'a [u8]>,
    /// `IFLA_CARRIER`: 1 with carrier.
    pub carrier: Option<u8>,
    /// `IFLA_CARRIER_CHANGES`.
    pub carrier_changes: Option<u32>,
    /// `IFLA_CARRIER_UP_COUNT`.
    pub carrier_up_count: Option<u32>,
    /// `IFLA_CARRIER_DOWN_COUNT`.
    pub carrier_down_count: Option<u32>,
    /// `IFLA_PROTO_DOWN`.
    pub proto_down: Option<u8>,
    /// `IFLA_PROMISCUITY`: promiscuous mode count.
    pub promiscuity: Option<u32>,
    /// `IFLA_ALLMULTI`: all-multicast count.
    pub allmulti: Option<u32>,
    /// `IFLA_NUM_TX_QUEUES`.
    pub num_tx_queues: Option<u32>,
    /// `IFLA_NUM_RX_QUEUES`.
    pub num_rx_queues: Option<u32>,
    /// `IFLA_GSO_MAX_SIZE`.
    pub gso_max_size: Option<u32>,
    /// `IFLA_GSO_MAX_SEGS`.
    pub gso_max_segs: Option<u32>,
    /// `IFLA_GRO_MAX_SIZE`.
    pub gro_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SIZE`.
    pub tso_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SEGS`.
    pub tso_max_segs: Option<u32>,
    /// `IFLA_IFALIAS`.
    pub ifalias: Option<Name<'a>>,
    /// `IFLA_PARENT_DEV_NAME`: the parent device (`0000:00:03.0`), for hardware links.
    pub parent_dev_name: Option<Name<'a>>,
    /// `IFLA_PARENT_DEV_BUS_NAME`: its bus (`pci`).
    pub parent_dev_bus_name: Option<Name<'a>>,
    /// `IFLA_STATS64`, decoded on demand.
    pub stats64: Option<Lazy<'a, LinkStats64>>,
    /// `IFLA_PROP_LIST`: the alternative names.
    pub prop_list: Option<PropListRef<'a>>,
    /// `IFLA_LINKINFO`: the kind and its data.
    pub linkinfo: Option<LinkInfoRef<'a>>,
}

impl<'a> LinkRef<'a> {
    /// The alternative names (`IFLA_ALT_IFNAME`s).
    pub fn altnames(&self) -> &[Name<'a>] {
        self.prop_list
            .as_ref()
            .map(|p| p.alt_ifname.as_slice())
            .unwrap_or_default()
    }

    /// The kind (`IFLA_INFO_KIND`), if the link has one.
    pub fn kind(&self) -> Option<&'a str> {
        self.linkinfo.as_ref().and_then(|i| i.kind)
    }
}

/// `IFLA_PROP_LIST` as read.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "ifla")]
pub struct PropListRef<'a> {
    /// `IFLA_ALT_IFNAME`s.
    pub alt_ifname: Vec<Name<'a>>,
}

/// `IFLA_LINKINFO` as read: the kind, the master's kind (for ports), and their data raw.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", attributes = "ifla_info")]
pub struct LinkInfoRef<'a> {
    /// `IFLA_INFO_KIND` (veth, bridge, vxlan, ...).
    pub kind: Option<&'a str>,
    /// `IFLA_INFO_DATA`, raw (see [`LinkInfoRef::data`]).
    #[netlink(attr = "IFLA_INFO_DATA")]
    pub data_raw: Option<Attr<'a>>,
    /// `IFLA_INFO_SLAVE_KIND` (bridge for a bridge port).
    pub slave_kind: Option<&'a str>,
    /// `IFLA_INFO_SLAVE_DATA`, raw (see [`LinkInfoRef::slave_data`]).
    #[netlink(attr = "IFLA_INFO_SLAVE_DATA")]
    pub slave_data_raw: Option<Attr<'a>>,
}

impl LinkInfoRef<'_> {
    /// The kind's data, decoded by its kind (`Other` for a kind [`LinkData`] does not model).
    pub fn data(&self) -> Result<Option<LinkData>, Error> {
        match self.data_raw {
            Some(raw) => LinkData::decode_for(self.kind.unwrap_or(""), raw).map(Some),
            None => Ok(None),
        }
    }

    /// The port's data, decoded by the master's kind (`IFLA_INFO_SLAVE_KIND`; a request
    /// written by `ip` names it in `IFLA_INFO_KIND` as `bridge_slave`, `bond_slave`).
    pub fn slave_data(&self) -> Result<Option<LinkSlaveData>, Error> {
        let Some(raw) = self.slave_data_raw else {
            return Ok(None);
        };
        let master = self
            .slave_kind
            .or_else(|| self.kind.and_then(|k| k.strip_suffix("_slave")))
            .unwrap_or("");
        LinkSlaveData::decode_for(master, raw).map(Some)
    }
}

/// A link, owned: the common attributes inline, statistics and the kind's data boxed.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    index: u32,
    flags: LinkFlags,
    link_type: u16,
    family: u8,
    operstate: u8,
    linkmode: Option<u8>,
    name: NameBuf,
    mtu: Option<u32>,
    master: Option<u32>,
    link: Option<u32>,
    link_netnsid: Option<i32>,
    txqlen: Option<u32>,
    group: Option<u32>,
    qdisc: Option<Box<str>>,
    address: Option<Box<[u8]>>,
    broadcast: Option<Box<[u8]>>,
    kind: Option<Box<str>>,
    slave_kind: Option<Box<str>>,
    details: Option<Box<LinkDetails>>,
}

/// The parts of a link most callers do not read, kept out of line.
#[derive(Debug, Clone, PartialEq, Default)]
struct LinkDetails {
    min_mtu: Option<u32>,
    max_mtu: Option<u32>,
    perm_address: Option<Vec<u8>>,
    carrier: Option<u8>,
    carrier_changes: Option<u32>,
    promiscuity: Option<u32>,
    allmulti: Option<u32>,
    num_tx_queues: Option<u32>,
    num_rx_queues: Option<u32>,
    gso_max_size: Option<u32>,
    gso_max_segs: Option<u32>,
    gro_max_size: Option<u32>,
    tso_max_size: Option<u32>,
    tso_max_segs: Option<u32>,
    ifalias: Option<NameBuf>,
    parent_dev_name: Option<NameBuf>,
    parent_dev_bus_name: Option<NameBuf>,
    altnames: Vec<NameBuf>,
    stats64: Option<LinkStats64>,
    data: Option<LinkData>,
    slave_data: Option<LinkSlaveData>,
}

impl Link {
    /// A link with only an index and a name (the rest absent): for tests and for callers that
    /// build their own tables.
    pub fn new(index: u32, name: impl Into<NameBuf>) -> Link {
        Link {
            index,
            flags: LinkFlags::empty(),
            link_type: 0,
            family: AF_UNSPEC,
            operstate: 0,
            linkmode: None,
            name: name.into(),
            mtu: None,
            master: None,
            link: None,
            link_netnsid: None,
            txqlen: None,
            group: None,
            qdisc: None,
            address: None,
            broadcast: None,
            kind: None,
            slave_kind: None,
            details: None,
        }
    }

    /// Interface index.
    pub fn index(&self) -> u32 {
        self.index
    }
    /// Name (bytes; `Display` is lossy).
    pub fn name(&self) -> Name<'_> {
        self.name.as_name()
    }
    /// Flags (`UP`, `LOWER_UP`, `PROMISC`, ...).
    pub fn flags(&self) -> LinkFlags {
        self.flags
    }
    /// Whether `IFF_UP` is set.
    pub fn is_up(&self) -> bool {
        self.flags.contains(LinkFlags::UP)
    }
    /// Hardware type.
    pub fn link_type(&self) -> LinkType {
        crate::codec::CEnum::from_raw(i64::from(self.link_type))
    }
    /// `ifi_family` (`AF_UNSPEC`, or `AF_BRIDGE` for bridge port messages).
    pub fn family(&self) -> u8 {
        self.family
    }
    /// RFC 2863 operational state.
    pub fn operstate(&self) -> OperState {
        crate::codec::CEnum::from_raw(i64::from(self.operstate))
    }
    /// Link mode.
    pub fn linkmode(&self) -> Option<LinkMode> {
        self.linkmode
            .map(|m| crate::codec::CEnum::from_raw(i64::from(m)))
    }
    /// MTU.
    pub fn mtu(&self) -> Option<u32> {
        self.mtu
    }
    /// Master device index.
    pub fn master(&self) -> Option<u32> {
        self.master
    }
    /// Parent / peer index (`IFLA_LINK`).
    pub fn link(&self) -> Option<u32> {
        self.link
    }
    /// Namespace id of the parent, when it is elsewhere.
    pub fn link_netnsid(&self) -> Option<i32> {
        self.link_netnsid
    }
    /// Transmit queue length.
    pub fn txqlen(&self) -> Option<u32> {
        self.txqlen
    }
    /// Device group.
    pub fn group(&self) -> Option<u32> {
        self.group
    }
    /// Queueing discipline.
    pub fn qdisc(&self) -> Option<&str> {
        self.qdisc.as_deref()
    }
    /// Link-layer address.
    pub fn address(&self) -> Option<&[u8]> {
        self.address.as_deref()
    }
    /// Link-layer broadcast address.
    pub fn broadcast(&self) -> Option<&[u8]> {
        self.broadcast.as_deref()
    }
    /// Link kind (`IFLA_INFO_KIND`).
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }
    /// Master's kind (`IFLA_INFO_SLAVE_KIND`).
    pub fn slave_kind(&self) -> Option<&str> {
        self.slave_kind.as_deref()
    }

    fn details(&self) -> Option<&LinkDetails> {
        self.details.as_deref()
    }

    /// Smallest MTU the device accepts.
    pub fn min_mtu(&self) -> Option<u32> {
        self.details()?.min_mtu
    }
    /// Largest MTU the device accepts.
    pub fn max_mtu(&self) -> Option<u32> {
        self.details()?.max_mtu
    }
    /// The hardware's own address.
    pub fn perm_address(&self) -> Option<&[u8]> {
        self.details()?.perm_address.as_deref()
    }
    /// Whether the device has carrier.
    pub fn carrier(&self) -> Option<bool> {
        self.details()?.carrier.map(|c| c != 0)
    }
    /// How often the carrier changed.
    pub fn carrier_changes(&self) -> Option<u32> {
        self.details()?.carrier_changes
    }
    /// Promiscuous mode count (0: not promiscuous).
    pub fn promiscuity(&self) -> Option<u32> {
        self.details()?.promiscuity
    }
    /// All-multicast count.
    pub fn allmulti(&self) -> Option<u32> {
        self.details()?.allmulti
    }
    /// Transmit queues.
    pub fn num_tx_queues(&self) -> Option<u32> {
        self.details()?.num_tx_queues
    }
    /// Receive queues.
    pub fn num_rx_queues(&self) -> Option<u32> {
        self.details()?.num_rx_queues
    }
    /// GSO size limit.
    pub fn gso_max_size(&self) -> Option<u32> {
        self.details()?.gso_max_size
    }
    /// GSO segment limit.
    pub fn gso_max_segs(&self) -> Option<u32> {
        self.details()?.gso_max_segs
    }
    /// GRO size limit.
    pub fn gro_max_size(&self) -> Option<u32> {
        self.details()?.gro_max_size
    }
    /// TSO size limit.
    pub fn tso_max_size(&self) -> Option<u32> {
        self.details()?.tso_max_size
    }
    /// TSO segment limit.
    pub fn tso_max_segs(&self) -> Option<u32> {
        self.details()?.tso_max_segs
    }
    /// Alias (`ip link set DEV alias TEXT`).
    pub fn ifalias(&self) -> Option<Name<'_>> {
        self.details()?.ifalias.as_ref().map(NameBuf::as_name)
    }
    /// Parent device and its bus (`0000:00:03.0`, `pci`).
    pub fn parent_dev(&self) -> Option<(Name<'_>, Option<Name<'_>>)> {
        let d = self.details()?;
        Some((
            d.parent_dev_name.as_ref()?.as_name(),
            d.parent_dev_bus_name.as_ref().map(NameBuf::as_name),
        ))
    }
    /// Alternative names.
    pub fn altnames(&self) -> impl Iterator<Item = Name<'_>> {
        self.details()
            .map(|d| d.altnames.as_slice())
            .unwrap_or_default()
            .iter()
            .map(NameBuf::as_name)
    }
    /// `IFLA_STATS64`.
    pub fn stats64(&self) -> Option<&LinkStats64> {
        self.details()?.stats64.as_ref()
    }
    /// The kind's data (bridge options, vxlan VNI, ...).
    pub fn data(&self) -> Option<&LinkData> {
        self.details()?.data.as_ref()
    }
    /// The port's data (bridge port options, bond member state, ...).
    pub fn slave_data(&self) -> Option<&LinkSlaveData> {
        self.details()?.slave_data.as_ref()
    }
}

impl TryFrom<&LinkRef<'_>> for Link {
    type Error = Error;
    fn try_from(l: &LinkRef<'_>) -> Result<Link, Error> {
        let info = l.linkinfo.as_ref();
        let details = LinkDetails {
            min_mtu: l.min_mtu,
            max_mtu: l.max_mtu,
            perm_address: l.perm_address.map(<[u8]>::to_vec),
            carrier: l.carrier,
            carrier_changes: l.carrier_changes,
            promiscuity: l.promiscuity,
            allmulti: l.allmulti,
            num_tx_queues: l.num_tx_queues,
            num_rx_queues: l.num_rx_queues,
            gso_max_size: l.gso_max_size,
            gso_max_segs: l.gso_max_segs,
            gro_max_size: l.gro_max_size,
            tso_max_size: l.tso_max_size,
            tso_max_segs: l.tso_max_segs,
            ifalias: l.ifalias.map(NameBuf::from),
            parent_dev_name: l.parent_dev_name.map(NameBuf::from),
            parent_dev_bus_name: l.parent_dev_bus_name.map(NameBuf::from),
            altnames: l.altnames().iter().map(|n| NameBuf::from(*n)).collect(),
            stats64: l.stats64.map(|s| s.get()).transpose()?,
            data: info.map(LinkInfoRef::data).transpose()?.flatten(),
            slave_data: info.map(LinkInfoRef::slave_data).transpose()?.flatten(),
        };
        Ok(Link {
            index: l.index,
            flags: l.flags,
            link_type: crate::codec::CEnum::to_raw(l.link_type) as u16,
            family: l.family,
            operstate: l
                .operstate
                .map_or(0, |s| crate::codec::CEnum::to_raw(s) as u8),
            linkmode: l.linkmode.map(|m| crate::codec::CEnum::to_raw(m) as u8),
            name: l.ifname.map(NameBuf::from).unwrap_or_default(),
            mtu: l.mtu,
            master: l.master,
            link: l.link,
            link_netnsid: l.link_netnsid,
            txqlen: l.txqlen,
            group: l.group,
            qdisc: l.qdisc.map(Box::from),
            address: l.address.map(Box::from),
            broadcast: l.broadcast.map(Box::from),
            kind: info.and_then(|i| i.kind).map(Box::from),
            slave_kind: info.and_then(|i| i.slave_kind).map(Box::from),
            details: (details != LinkDetails::default()).then(|| Box::new(details)),
        })
    }
}

/// A link request (`RTM_NEWLINK` / `RTM_SETLINK` / `RTM_DELLINK` / `RTM_GETLINK`).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "link")]
#[non_exhaustive]
pub struct LinkMsg {
    /// `ifi_family`.
    #[netlink(header = "ifi_family")]
    pub family: u8,
    /// `ifi_index` (0 to create, or to name the link by `IFLA_IFNAME`).
    #[netlink(header = "ifi_index")]
    pub index: u32,
    /// `ifi_flags`.
    #[netlink(header = "ifi_flags")]
    pub flags: LinkFlags,
    /// `ifi_change`: which flags to change.
    #[netlink(header = "ifi_change")]
    pub change: LinkFlags,
    /// `IFLA_IFNAME`.
    pub ifname: Option<NameBuf>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_MASTER` (0 removes the master).
    pub master: Option<u32>,
    /// `IFLA_LINK`: parent device.
    pub link: Option<u32>,
    /// `IFLA_ADDRESS`.
    pub address: Option<Vec<u8>>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_IFALIAS`.
    pub ifalias: Option<NameBuf>,
    /// `IFLA_NET_NS_FD`: move the link to this namespace.
    pub net_ns_fd: Option<u32>,
    /// `IFLA_NET_NS_PID`: move the link to the namespace of this process.
    pub net_ns_pid: Option<u32>,
    /// `IFLA_EXT_MASK` (dump requests).
    pub ext_mask: Option<u32>,
    /// `IFLA_NUM_TX_QUEUES`.
    pub num_tx_queues: Option<u32>,
    /// `IFLA_NUM_RX_QUEUES`.
    pub num_rx_queues: Option<u32>,
    /// `IFLA_GSO_MAX_SIZE`.
    pub gso_max_size: Option<u32>,
    /// `IFLA_GSO_MAX_SEGS`.
    pub gso_max_segs: Option<u32>,
    /// `IFLA_GRO_MAX_SIZE`.
    pub gro_max_size: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_CARRIER` (drivers that allow it: 0 or 1).
    pub carrier: Option<u8>,
    /// `IFLA_PROTO_DOWN`.
    pub proto_down: Option<u8>,
    /// `IFLA_LINKINFO`.
    pub linkinfo: Option<LinkInfoReq>,
    /// `IFLA_PROP_LIST` (alternative names, `RTM_NEWLINKPROP` / `RTM_DELLINKPROP`).
    pub prop_list: Option<PropListReq>,
}

/// `IFLA_LINKINFO` of a request: kind and kind-specific data, or the master's kind and the
/// port's data.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "ifla_info")]
#[non_exhaustive]
pub struct LinkInfoReq {
    /// `IFLA_INFO_KIND`.
    pub kind: Option<String>,
    /// `IFLA_INFO_DATA`, chosen by the kind.
    pub data: Option<LinkData>,
    /// `IFLA_INFO_SLAVE_KIND`.
    pub slave_kind: Option<String>,
    /// `IFLA_INFO_SLAVE_DATA`, chosen by the master's kind.
    pub slave_data: Option<LinkSlaveData>,
}

/// `IFLA_PROP_LIST` of a request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "ifla")]
#[non_exhaustive]
pub struct PropListReq {
    /// `IFLA_ALT_IFNAME`s.
    pub alt_ifname: Vec<NameBuf>,
}

/// The namespace a request sends a link (or a veth/netkit peer) to: an open namespace (kept
/// open while the spec lives) or a process.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum NetnsTarget {
    /// An open namespace: `IFLA_NET_NS_FD`.
    Netns(Netns),
    /// The namespace of a process: `IFLA_NET_NS_PID`.
    Pid(u32),
}

impl From<Netns> for NetnsTarget {
    fn from(n: Netns) -> Self {
        NetnsTarget::Netns(n)
    }
}

impl From<&Netns> for NetnsTarget {
    fn from(n: &Netns) -> Self {
        NetnsTarget::Netns(n.clone())
    }
}

impl NetnsTarget {
    fn fd_and_pid(&self) -> (Option<u32>, Option<u32>) {
        match self {
            NetnsTarget::Netns(n) => (Some(n.raw_fd()), None),
            NetnsTarget::Pid(p) => (None, Some(*p)),
        }
    }
}

/// What to create: a name, a kind and its data. Build with the constructors, then refine.
#[derive(Debug, Clone)]
pub struct LinkSpec {
    msg: LinkMsg,
    /// Namespaces the request names by fd, kept open until it is sent.
    keep: Vec<Netns>,
}

impl LinkSpec {
    /// The request `Handle` would send, as message type `kind` with `flags` (for batching
    /// with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.msg, kind, flags)
    }

    /// A link `name` of kind `kind` with `data` (`None`: the kind's defaults).
    pub fn new(name: impl Into<NameBuf>, kind: &str, data: Option<LinkData>) -> LinkSpec {
        LinkSpec {
            msg: LinkMsg {
                ifname: Some(name.into()),
                linkinfo: Some(LinkInfoReq {
                    kind: Some(kind.to_owned()),
                    data,
                    ..LinkInfoReq::default()
                }),
                ..LinkMsg::default()
            },
            keep: Vec::new(),
        }
    }

    /// A link of a kind that needs no data (`ifb`, `bridge`, `dummy`, `wireguard`, ...).
    pub fn plain(name: impl Into<NameBuf>, kind: &str) -> LinkSpec {
        LinkSpec::new(name, kind, None)
    }

    /// A veth pair `name` <-> `peer` (both here; see [`LinkSpec::peer_netns`]).
    pub fn veth(name: impl Into<NameBuf>, peer: impl Into<NameBuf>) -> LinkSpec {
        let peer = VethPeer {
            ifname: Some(peer.into()),
            ..VethPeer::default()
        };
        LinkSpec::new(
            name,
            "veth",
            Some(LinkData::Veth(VethData { peer: Some(peer) })),
        )
    }

    /// A netkit pair `name` <-> `peer` (kernel 6.7 and later); refine the policies and mode
    /// with [`LinkSpec::with_data`].
    pub fn netkit(name: impl Into<NameBuf>, peer: impl Into<NameBuf>) -> LinkSpec {
        let peer = VethPeer {
            ifname: Some(peer.into()),
            ..VethPeer::default()
        };
        LinkSpec::new(
            name,
            "netkit",
            Some(LinkData::Netkit(NetkitData {
                peer_info: Some(peer),
                ..NetkitData::default()
            })),
        )
    }

    /// A bridge (options: [`LinkSpec::with_data`] with a [`LinkData::Bridge`]).
    pub fn bridge(name: impl Into<NameBuf>) -> LinkSpec {
        LinkSpec::plain(name, "bridge")
    }

    /// A vxlan with VNI `vni` on UDP port `port`, optionally bound to a device.
    pub fn vxlan(name: impl Into<NameBuf>, vni: u32, port: u16, dev: Option<u32>) -> LinkSpec {
        LinkSpec::new(
            name,
            "vxlan",
            Some(LinkData::Vxlan(super::kinds::VxlanData {
                id: Some(vni),
                port: Some(port),
                link: dev,
                ..Default::default()
            })),
        )
    }

    /// A macvlan on `parent` in `mode`.
    pub fn macvlan(name: impl Into<NameBuf>, parent: u32, mode: super::MacvlanMode) -> LinkSpec {
        let data = super::kinds::MacvlanData {
            mode: Some(mode),
            ..Default::default()
        };
        LinkSpec::new(name, "macvlan", Some(LinkData::Macvlan(data))).parent(parent)
    }

    /// A macvtap on `parent` in `mode`.
    pub fn macvtap(name: impl Into<NameBuf>, parent: u32, mode: super::MacvlanMode) -> LinkSpec {
        let data = super::kinds::MacvlanData {
            mode: Some(mode),
            ..Default::default()
        };
        LinkSpec::new(name, "macvtap", Some(LinkData::Macvtap(data))).parent(parent)
    }

    /// An 802.1Q vlan `id` on `parent` (needs the 8021q module).
    pub fn vlan(name: impl Into<NameBuf>, parent: u32, id: u16) -> LinkSpec {
        let data = super::kinds::VlanData {
            id: Some(id),
            ..Default::default()
        };
        LinkSpec::new(name, "vlan", Some(LinkData::Vlan(data))).parent(parent)
    }

    /// A VRF bound to routing table `table`.
    pub fn vrf(name: impl Into<NameBuf>, table: u32) -> LinkSpec {
        let data = super::kinds::VrfData { table: Some(table) };
        LinkSpec::new(name, "vrf", Some(LinkData::Vrf(data)))
    }

    /// A bond in `mode` (refine with [`LinkSpec::with_data`]).
    pub fn bond(name: impl Into<NameBuf>, mode: super::BondMode) -> LinkSpec {
        let data = super::kinds::BondData {
            mode: Some(mode),
            ..Default::default()
        };
        LinkSpec::new(name, "bond", Some(LinkData::Bond(data)))
    }

    /// Replace the kind's data (keeps the kind).
    pub fn with_data(mut self, data: LinkData) -> Self {
        self.info().data = Some(data);
        self
    }

    fn info(&mut self) -> &mut LinkInfoReq {
        self.msg.linkinfo.get_or_insert_with(LinkInfoReq::default)
    }

    /// The parent device (`IFLA_LINK`): vlan, macvlan, ipvlan, tunnels bound to a device.
    pub fn parent(mut self, index: u32) -> Self {
        self.msg.link = Some(index);
        self
    }

    /// Set the MTU at creation.
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.msg.mtu = Some(mtu);
        self
    }

    /// Enslave to `master` at creation.
    pub fn master(mut self, master: u32) -> Self {
        self.msg.master = Some(master);
        self
    }

    /// Set the link-layer address at creation.
    pub fn address(mut self, mac: &[u8]) -> Self {
        self.msg.address = Some(mac.to_vec());
        self
    }

    /// Set the transmit queue length at creation.
    pub fn txqlen(mut self, n: u32) -> Self {
        self.msg.txqlen = Some(n);
        self
    }

    /// Transmit and receive queue counts at creation.
    pub fn queues(mut self, tx: u32, rx: u32) -> Self {
        self.msg.num_tx_queues = Some(tx);
        self.msg.num_rx_queues = Some(rx);
        self
    }

    /// Create the link up.
    pub fn up(mut self) -> Self {
        self.msg.flags |= LinkFlags::UP;
        self.msg.change |= LinkFlags::UP;
        self
    }

    /// Create the link in another namespace (`ip link add ... netns NS`).
    pub fn netns(mut self, target: impl Into<NetnsTarget>) -> Self {
        let target = target.into();
        (self.msg.net_ns_fd, self.msg.net_ns_pid) = target.fd_and_pid();
        if let NetnsTarget::Netns(n) = target {
            self.keep.push(n);
        }
        self
    }

    /// A veth's (or netkit's) peer is born in another namespace
    /// (`ip link add A type veth peer name B netns NS`).
    pub fn peer_netns(mut self, target: impl Into<NetnsTarget>) -> Self {
        let target = target.into();
        let (fd, pid) = target.fd_and_pid();
        let peer = match self.info().data.as_mut() {
            Some(LinkData::Veth(v)) => v.peer.get_or_insert_with(VethPeer::default),
            Some(LinkData::Netkit(n)) => n.peer_info.get_or_insert_with(VethPeer::default),
            _ => return self,
        };
        peer.net_ns_fd = fd;
        peer.net_ns_pid = pid;
        if let NetnsTarget::Netns(n) = target {
            self.keep.push(n);
        }
        self
    }

    /// The request message (for batching or inspection).
    pub fn message(&self) -> &LinkMsg {
        &self.msg
    }

    /// The operation that creates this link.
    pub fn add_op(&self) -> LinkRequest {
        LinkRequest {
            ack: Ack(self.msg.to_message(RTM_NEWLINK, CREATE_EXCL)),
            _keep: self.keep.clone(),
            invalid: None,
        }
    }
}

/// A link request that names namespaces by fd: it keeps them open until it has run.
#[derive(Debug, Clone)]
pub struct LinkRequest {
    ack: Ack,
    _keep: Vec<Netns>,
    invalid: Option<&'static str>,
}

impl Request for LinkRequest {
    type Output = ();
    fn request(&self) -> Result<Outgoing, Error> {
        if let Some(why) = self.invalid {
            return Err(Error::Invalid(why.into()));
        }
        self.ack.request()
    }
    fn finish(&self, reply: crate::Reply) -> Result<(), Error> {
        self.ack.finish(reply)
    }
}

/// Which link a change or a lookup names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkId {
    /// By interface index.
    Index(u32),
    /// By name (the kernel looks it up by `IFLA_IFNAME`; also an alternative name).
    Name(NameBuf),
}

impl From<u32> for LinkId {
    fn from(i: u32) -> Self {
        LinkId::Index(i)
    }
}

impl From<&str> for LinkId {
    fn from(n: &str) -> Self {
        LinkId::Name(n.into())
    }
}

impl From<Name<'_>> for LinkId {
    fn from(n: Name<'_>) -> Self {
        LinkId::Name(n.into())
    }
}

impl From<NameBuf> for LinkId {
    fn from(n: NameBuf) -> Self {
        LinkId::Name(n)
    }
}

impl From<&Link> for LinkId {
    fn from(l: &Link) -> Self {
        LinkId::Index(l.index)
    }
}

impl std::fmt::Display for LinkId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkId::Index(i) => write!(f, "link index {i}"),
            LinkId::Name(n) => write!(f, "link {n:?}"),
        }
    }
}

impl LinkId {
    fn msg(&self) -> LinkMsg {
        match self {
            LinkId::Index(i) => LinkMsg {
                index: *i,
                ..LinkMsg::default()
            },
            LinkId::Name(n) => LinkMsg {
                ifname: Some(n.clone()),
                ..LinkMsg::default()
            },
        }
    }
}

/// A change of one link, named by index or by name: chain setters, then run it with
/// [`Handle::change_link`](super::Handle::change_link) (or its async twin).
#[derive(Debug, Clone)]
pub struct LinkChange {
    msg: LinkMsg,
    by_name: bool,
    keep: Vec<Netns>,
    invalid: Option<&'static str>,
}

impl LinkChange {
    /// A change of the link `id` names (an index, a name, a [`Link`]).
    pub fn new(id: impl Into<LinkId>) -> LinkChange {
        let id = id.into();
        LinkChange {
            by_name: matches!(id, LinkId::Name(_)),
            msg: id.msg(),
            keep: Vec::new(),
            invalid: None,
        }
    }
    /// A change of link `index`.
    pub fn index(index: u32) -> LinkChange {
        LinkChange::new(LinkId::Index(index))
    }
    /// A change of the link called `name` (a rename needs [`LinkChange::index`]).
    pub fn name(name: impl Into<NameBuf>) -> LinkChange {
        LinkChange::new(LinkId::Name(name.into()))
    }
    /// Set (`on`) or clear the flags `bits` (`ifi_flags` and `ifi_change`).
    pub fn flag(mut self, bits: LinkFlags, on: bool) -> Self {
        if on {
            self.msg.flags |= bits;
        } else {
            self.msg.flags = self.msg.flags - bits;
        }
        self.msg.change |= bits;
        self
    }
    /// Set `IFF_UP`.
    pub fn up(self) -> Self {
        self.flag(LinkFlags::UP, true)
    }
    /// Clear `IFF_UP`.
    pub fn down(self) -> Self {
        self.flag(LinkFlags::UP, false)
    }
    /// Promiscuous mode on or off (`IFF_PROMISC`).
    pub fn promisc(self, on: bool) -> Self {
        self.flag(LinkFlags::PROMISC, on)
    }
    /// All-multicast mode on or off (`IFF_ALLMULTI`).
    pub fn allmulti(self, on: bool) -> Self {
        self.flag(LinkFlags::ALLMULTI, on)
    }
    /// ARP on or off (`IFF_NOARP` cleared or set).
    pub fn arp(self, on: bool) -> Self {
        self.flag(LinkFlags::NOARP, !on)
    }
    /// Set the MTU.
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.msg.mtu = Some(mtu);
        self
    }
    /// Rename. The kernel finds a link by index or by `IFLA_IFNAME`, so a rename must name
    /// the link by index: on a change made by name, running it is [`Error::Invalid`].
    pub fn rename(mut self, name: impl Into<NameBuf>) -> Self {
        if self.by_name {
            self.invalid = Some("a rename names the link by index (IFLA_IFNAME is the new name)");
        } else {
            self.msg.ifname = Some(name.into());
        }
        self
    }
    /// Enslave to `master` (a bridge's, bond's or vrf's index).
    pub fn master(mut self, master: u32) -> Self {
        self.msg.master = Some(master);
        self
    }
    /// Release from its master.
    pub fn nomaster(mut self) -> Self {
        self.msg.master = Some(0);
        self
    }
    /// Set the link-layer address.
    pub fn address(mut self, mac: &[u8]) -> Self {
        self.msg.address = Some(mac.to_vec());
        self
    }
    /// Set the transmit queue length.
    pub fn txqlen(mut self, n: u32) -> Self {
        self.msg.txqlen = Some(n);
        self
    }
    /// Set the alias.
    pub fn alias(mut self, alias: impl Into<NameBuf>) -> Self {
        self.msg.ifalias = Some(alias.into());
        self
    }
    /// Set the device group.
    pub fn group(mut self, group: u32) -> Self {
        self.msg.group = Some(group);
        self
    }
    /// GSO limits (size in bytes, segments).
    pub fn gso_max(mut self, size: u32, segs: u32) -> Self {
        self.msg.gso_max_size = Some(size);
        self.msg.gso_max_segs = Some(segs);
        self
    }
    /// GRO size limit.
    pub fn gro_max_size(mut self, size: u32) -> Self {
        self.msg.gro_max_size = Some(size);
        self
    }
    /// Carrier on or off (drivers that allow it, such as veth's peer-less ends or dummy).
    pub fn carrier(mut self, on: bool) -> Self {
        self.msg.carrier = Some(u8::from(on));
        self
    }
    /// Change the kind's options (the kind must be the link's).
    pub fn data(mut self, kind: &str, data: LinkData) -> Self {
        let info = self.msg.linkinfo.get_or_insert_with(LinkInfoReq::default);
        info.kind = Some(kind.to_owned());
        info.data = Some(data);
        self
    }
    /// Change the port's options under its master (`ip link set DEV type bridge_slave ...`):
    /// `master_kind` is the master's kind (`bridge`, `bond`). Sent as `ip` sends it: the kind
    /// `MASTER_slave` and `IFLA_INFO_SLAVE_DATA`.
    pub fn port(mut self, master_kind: &str, data: LinkSlaveData) -> Self {
        let info = self.msg.linkinfo.get_or_insert_with(LinkInfoReq::default);
        info.kind = Some(format!("{master_kind}_slave"));
        info.slave_data = Some(data);
        self
    }
    /// Move the link to another namespace (`ip link set DEV netns NS`). It is gone from this
    /// one once the request succeeds.
    pub fn netns(mut self, target: impl Into<NetnsTarget>) -> Self {
        let target = target.into();
        (self.msg.net_ns_fd, self.msg.net_ns_pid) = target.fd_and_pid();
        if let NetnsTarget::Netns(n) = target {
            self.keep.push(n);
        }
        self
    }
    /// The request message.
    pub fn message(&self) -> &LinkMsg {
        &self.msg
    }
    /// The operation that sends the change.
    pub fn op(&self) -> LinkRequest {
        LinkRequest {
            ack: Ack(self.msg.to_message(RTM_NEWLINK, 0)),
            _keep: self.keep.clone(),
            invalid: self.invalid,
        }
    }
}

/// Every link: a dump of `RTM_NEWLINK` messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkDump;

impl Dump for LinkDump {
    type Item<'a> = LinkRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(LinkMsg {
            family: AF_UNSPEC,
            ..LinkMsg::default()
        }
        .to_request(RTM_GETLINK))
    }
    crate::op::decode_kept!(LinkRef, RTM_NEWLINK);
}

impl DumpOwned for LinkDump {
    type Owned = Link;
    fn to_owned(&self, l: &LinkRef<'_>) -> Result<Link, Error> {
        Link::try_from(l)
    }
}

/// One link, looked up by index or name (`RTM_GETLINK` without `NLM_F_DUMP`); a missing link
/// is [`Error::NotFound`].
#[derive(Debug, Clone)]
pub struct LinkGet {
    id: LinkId,
}

impl LinkGet {
    /// The link `id` names.
    pub fn new(id: impl Into<LinkId>) -> LinkGet {
        LinkGet { id: id.into() }
    }
    /// The link with index `index`.
    pub fn index(index: u32) -> LinkGet {
        LinkGet::new(LinkId::Index(index))
    }
    /// The link called `name`.
    pub fn name(name: impl Into<NameBuf>) -> LinkGet {
        LinkGet::new(LinkId::Name(name.into()))
    }
}

impl Request for LinkGet {
    type Output = Link;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(self.id.msg().to_request(RTM_GETLINK).into())
    }
    fn finish(&self, reply: crate::Reply) -> Result<Link, Error> {
        for m in reply.messages() {
            let m = m?;
            if m.kind() == RTM_NEWLINK {
                return Link::try_from(&LinkRef::from_message(&m)?);
            }
        }
        Err(Error::NotFound(self.id.to_string()))
    }
    fn on_error(&self, e: Error) -> Result<Link, Error> {
        match e.errno() {
            Some(libc::ENODEV) => Err(Error::NotFound(self.id.to_string())),
            _ => Err(e),
        }
    }
}

/// The index of the link called `name`.
#[derive(Debug, Clone)]
pub struct LinkIndex(pub LinkGet);

impl Request for LinkIndex {
    type Output = u32;
    fn request(&self) -> Result<Outgoing, Error> {
        self.0.request()
    }
    fn finish(&self, reply: crate::Reply) -> Result<u32, Error> {
        self.0.finish(reply).map(|l| l.index)
    }
    fn on_error(&self, e: Error) -> Result<u32, Error> {
        self.0.on_error(e).map(|l| l.index)
    }
}

/// The operation that deletes the link `id` names (a veth's peer goes with it).
pub fn del_link_op(id: impl Into<LinkId>) -> Ack {
    Ack(id.into().msg().to_request(RTM_DELLINK))
}

/// The operation that adds (`add` true) or removes alternative names of a link
/// (`RTM_NEWLINKPROP` / `RTM_DELLINKPROP`, `ip link property add|del dev DEV altname NAME`).
pub fn altname_op(link: impl Into<LinkId>, names: &[&str], add: bool) -> Ack {
    let mut msg = link.into().msg();
    msg.prop_list = Some(PropListReq {
        alt_ifname: names.iter().map(|n| NameBuf::from(*n)).collect(),
    });
    let (kind, flags) = if add {
        (RTM_NEWLINKPROP, CREATE_EXCL)
    } else {
        (RTM_DELLINKPROP, 0)
    };
    Ack(msg.to_message(kind, flags))
}

super::operations! {
    /// Stream every link through `f`, decoded in place.
    #[example = r#"h.for_each_link(|l| { println!("{} {:?}", l.index, l.ifname); Ok(()) })"#]
    pub fn for_each_link() |LinkRef| = LinkDump;

    /// Every link.
    #[example = "h.links()"]
    pub fn links() -> Vec<Link> = collect(LinkDump);

    /// Every link, as owned links read as the kernel sends them.
    #[example = "h.link_stream()"]
    pub fn link_stream() -> stream<LinkDump> = LinkDump;

    /// The link `id` names: an index, a name, or a [`LinkId`] ([`Error::NotFound`] if there is
    /// none).
    #[example = r#"h.link("lo")"#]
    pub fn link(id: impl Into<LinkId>) -> Link = run(LinkGet::new(id));

    /// The link called `name` ([`Error::NotFound`] if there is none).
    #[example = r#"h.link_by_name("lo")"#]
    pub fn link_by_name(name: &str) -> Link = run(LinkGet::name(name));

    /// The link with index `index` ([`Error::NotFound`] if there is none).
    #[example = "h.link_by_index(1)"]
    pub fn link_by_index(index: u32) -> Link = run(LinkGet::index(index));

    /// The index of the link called `name`.
    #[example = r#"h.link_index("lo")"#]
    pub fn link_index(name: &str) -> u32 = run(LinkIndex(LinkGet::name(name)));

    /// Create a link.
    #[example = r#"h.add_link(&LinkSpec::veth("v0", "v1"))"#]
    pub fn add_link(spec: &LinkSpec) -> () = run(spec.add_op());

    /// Change a link (up/down, MTU, name, master, address, queue length, kind options, port
    /// options, namespace).
    #[example = r#"h.change_link(&LinkChange::name("v0").up().mtu(1400))"#]
    pub fn change_link(change: &LinkChange) -> () = run(change.op());

    /// Delete the link `id` names, by index or by name (a veth's peer goes with it).
    #[example = r#"h.del_link("v0")"#]
    pub fn del_link(id: impl Into<LinkId>) -> () = run(del_link_op(id));

    /// Add alternative names to a link (`ip link property add dev DEV altname NAME`).
    #[example = r#"h.add_altnames("v0", &["uplink"])"#]
    pub fn add_altnames(link: impl Into<LinkId>, names: &[&str]) -> () = run(altname_op(link, names, true));

    /// Remove alternative names of a link.
    #[example = r#"h.del_altnames("v0", &["uplink"])"#]
    pub fn del_altnames(link: impl Into<LinkId>, names: &[&str]) -> () = run(altname_op(link, names, false));
}

impl LinkMsg {
    /// This message as a request of type `kind` (no flags).
    pub fn to_request(&self, kind: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(self, kind, 0)
    }
}

/// Per-link statistics as `RTM_GETSTATS` answers them (`if_stats_msg` + `IFLA_STATS_*`),
/// borrowed.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "stats")]
#[non_exhaustive]
pub struct LinkStatsRef<'a> {
    /// `ifindex`.
    #[netlink(header = "ifindex")]
    pub ifindex: u32,
    /// `filter_mask`: which groups the answer carries.
    #[netlink(header = "filter_mask")]
    pub filter_mask: u32,
    /// `IFLA_STATS_LINK_64`.
    #[netlink(attr = "IFLA_STATS_LINK_64")]
    pub link64: Option<Lazy<'a, LinkStats64>>,
}

/// Per-link statistics, owned.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LinkStats {
    /// Interface index.
    pub ifindex: u32,
    /// The 64-bit counters (`IFLA_STATS_LINK_64`).
    pub link64: Option<LinkStats64>,
}

impl TryFrom<&LinkStatsRef<'_>> for LinkStats {
    type Error = Error;
    fn try_from(s: &LinkStatsRef<'_>) -> Result<LinkStats, Error> {
        Ok(LinkStats {
            ifindex: s.ifindex,
            link64: s.link64.map(|l| l.get()).transpose()?,
        })
    }
}

/// The `if_stats_msg` of a statistics request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "stats")]
struct StatsMsg {
    #[netlink(header = "family")]
    family: u8,
    #[netlink(header = "ifindex")]
    ifindex: u32,
    #[netlink(header = "filter_mask")]
    filter_mask: u32,
}

/// `IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64)`: ask for the 64-bit link counters.
fn link64_filter() -> u32 {
    1 << (u32::from(crate::schemas::rtnetlink::IFLA_STATS_LINK_64) - 1)
}

/// `RTM_GETSTATS` of every link (`ip -s link` reads `IFLA_STATS64` from the link dump
/// instead; this is the dedicated statistics dump, `ip stats show`).
#[derive(Debug, Clone, Copy, Default)]
pub struct StatsDump;

impl Dump for StatsDump {
    type Item<'a> = LinkStatsRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(StatsMsg {
            filter_mask: link64_filter(),
            ..StatsMsg::default()
        }
        .to_message(crate::schemas::rtnetlink::RTM_GETSTATS, 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<LinkStatsRef<'a>>, Error> {
        if msg.kind() != crate::schemas::rtnetlink::RTM_NEWSTATS {
            return Ok(None);
        }
        Ok(Some(LinkStatsRef::from_message(msg)?))
    }
}

impl DumpOwned for StatsDump {
    type Owned = LinkStats;
    fn to_owned(&self, s: &LinkStatsRef<'_>) -> Result<LinkStats, Error> {
        LinkStats::try_from(s)
    }
}

/// `RTM_GETSTATS` of one link.
#[derive(Debug, Clone, Copy)]
pub struct StatsGet(pub u32);

impl Request for StatsGet {
    type Output = LinkStats;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(StatsMsg {
            ifindex: self.0,
            filter_mask: link64_filter(),
            ..StatsMsg::default()
        }
        .to_message(crate::schemas::rtnetlink::RTM_GETSTATS, 0)
        .into())
    }
    fn finish(&self, reply: crate::Reply) -> Result<LinkStats, Error> {
        for m in reply.messages() {
            let m = m?;
            if m.kind() == crate::schemas::rtnetlink::RTM_NEWSTATS {
                return LinkStats::try_from(&LinkStatsRef::from_message(&m)?);
            }
        }
        Err(Error::NoReply("RTM_NEWSTATS"))
    }
    fn on_error(&self, e: Error) -> Result<LinkStats, Error> {
        match e.errno() {
            Some(libc::ENODEV) => Err(Error::NotFound(format!("link index {}", self.0))),
            _ => Err(e),
        }
    }
}

super::operations! {
    /// The 64-bit counters of every link (`RTM_GETSTATS` dump).
    #[example = "h.link_stats()"]
    pub fn link_stats() -> Vec<LinkStats> = collect(StatsDump);

    /// The 64-bit counters of link `index` (`RTM_GETSTATS`).
    #[example = "h.link_stats_of(1)"]
    pub fn link_stats_of(index: u32) -> LinkStats = run(StatsGet(index));
}
