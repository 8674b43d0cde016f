//! Links (`RTM_*LINK`, `ifinfomsg` + `IFLA_*`): reading, creating (veth, bridge, vxlan,
//! macvlan, macvtap, vlan, and any kind without data), changing and deleting.

use std::net::Ipv4Addr;

use netlink_derive::Netlink;

use super::AF_UNSPEC;
use super::{Error, CREATE_EXCL};
use crate::codec::{FromMessage, ToMessage};
use crate::op::{Ack, Dump, DumpOwned, Outgoing, Request};
use crate::schemas::rtnetlink::{RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK};
use crate::Message;

/// `IFF_UP` (linux/if.h is not among the schema's headers yet; libc has it).
const IFF_UP: u32 = libc::IFF_UP as u32;

/// A link as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone)]
#[netlink(schema = "rtnetlink", message = "link")]
pub struct LinkRef<'a> {
    /// `ifi_family`.
    #[netlink(header = "ifi_family")]
    pub family: u8,
    /// `ifi_type`: the ARPHRD_* hardware type.
    #[netlink(header = "ifi_type")]
    pub link_type: u16,
    /// `ifi_index`.
    #[netlink(header = "ifi_index")]
    pub index: i32,
    /// `ifi_flags`: IFF_* flags.
    #[netlink(header = "ifi_flags")]
    pub flags: u32,
    /// `IFLA_IFNAME`.
    pub ifname: Option<&'a str>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_MASTER`: index of the master (bridge) device.
    pub master: Option<u32>,
    /// `IFLA_LINK`: index of the parent / peer device.
    pub link: Option<u32>,
    /// `IFLA_LINK_NETNSID`: the parent lives in another namespace.
    pub link_netnsid: Option<i32>,
    /// `IFLA_OPERSTATE`: RFC 2863 state.
    pub operstate: Option<u8>,
    /// `IFLA_LINKMODE`.
    pub linkmode: Option<u8>,
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
    /// `IFLA_LINKINFO`: the kind.
    pub linkinfo: Option<LinkInfoRef<'a>>,
}

/// `IFLA_LINKINFO` as read: the link kind and, for ports, the master's kind.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", attributes = "ifla_info")]
pub struct LinkInfoRef<'a> {
    /// `IFLA_INFO_KIND` (veth, bridge, vxlan, ...).
    pub kind: Option<&'a str>,
    /// `IFLA_INFO_SLAVE_KIND` (bridge for a bridge port).
    pub slave_kind: Option<&'a str>,
}

/// A link, owned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Link {
    /// Interface index.
    pub index: u32,
    /// Name.
    pub name: String,
    /// IFF_* flags.
    pub flags: u32,
    /// ARPHRD_* hardware type.
    pub link_type: u16,
    /// MTU.
    pub mtu: Option<u32>,
    /// Master device index.
    pub master: Option<u32>,
    /// Parent / peer index.
    pub link: Option<u32>,
    /// Namespace id of the parent, when it is elsewhere.
    pub link_netnsid: Option<i32>,
    /// RFC 2863 operational state.
    pub operstate: u8,
    /// Link mode.
    pub linkmode: Option<u8>,
    /// Transmit queue length.
    pub txqlen: Option<u32>,
    /// Queueing discipline.
    pub qdisc: Option<String>,
    /// Device group.
    pub group: Option<u32>,
    /// Link-layer address.
    pub address: Option<Vec<u8>>,
    /// Link-layer broadcast address.
    pub broadcast: Option<Vec<u8>>,
    /// Link kind (`IFLA_INFO_KIND`).
    pub kind: Option<String>,
    /// Master's kind (`IFLA_INFO_SLAVE_KIND`).
    pub slave_kind: Option<String>,
}

impl Link {
    /// Whether `IFF_UP` is set.
    pub fn is_up(&self) -> bool {
        self.flags & IFF_UP != 0
    }
}

impl From<&LinkRef<'_>> for Link {
    fn from(l: &LinkRef<'_>) -> Link {
        Link {
            index: l.index as u32,
            name: l.ifname.unwrap_or_default().to_owned(),
            flags: l.flags,
            link_type: l.link_type,
            mtu: l.mtu,
            master: l.master,
            link: l.link,
            link_netnsid: l.link_netnsid,
            operstate: l.operstate.unwrap_or(0),
            linkmode: l.linkmode,
            txqlen: l.txqlen,
            qdisc: l.qdisc.map(str::to_owned),
            group: l.group,
            address: l.address.map(<[u8]>::to_vec),
            broadcast: l.broadcast.map(<[u8]>::to_vec),
            kind: l.linkinfo.and_then(|i| i.kind).map(str::to_owned),
            slave_kind: l.linkinfo.and_then(|i| i.slave_kind).map(str::to_owned),
        }
    }
}

/// A link request (`RTM_NEWLINK` / `RTM_SETLINK` / `RTM_DELLINK` / `RTM_GETLINK`).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "link")]
pub struct LinkMsg {
    /// `ifi_family`.
    #[netlink(header = "ifi_family")]
    pub family: u8,
    /// `ifi_index` (0 to create, or to name the link by `IFLA_IFNAME`).
    #[netlink(header = "ifi_index")]
    pub index: i32,
    /// `ifi_flags`.
    #[netlink(header = "ifi_flags")]
    pub flags: u32,
    /// `ifi_change`: which flags to change.
    #[netlink(header = "ifi_change")]
    pub change: u32,
    /// `IFLA_IFNAME`.
    pub ifname: Option<String>,
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
    /// `IFLA_NET_NS_FD`: move the link to this namespace.
    pub net_ns_fd: Option<u32>,
    /// `IFLA_EXT_MASK` (dump requests).
    pub ext_mask: Option<u32>,
    /// `IFLA_LINKINFO`.
    pub linkinfo: Option<LinkInfoReq>,
}

/// `IFLA_LINKINFO` of a request: kind and kind-specific data.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "ifla_info")]
pub struct LinkInfoReq {
    /// `IFLA_INFO_KIND`.
    pub kind: Option<String>,
    /// `IFLA_INFO_DATA`, chosen by the kind.
    pub data: Option<LinkData>,
}

/// `IFLA_INFO_DATA` by kind.
#[derive(Netlink, Debug, Clone)]
#[netlink(schema = "rtnetlink", sub_message = "linkinfo-data")]
pub enum LinkData {
    /// veth: the peer.
    #[netlink(format = "veth")]
    Veth(VethData),
    /// vxlan.
    #[netlink(format = "vxlan")]
    Vxlan(VxlanData),
    /// macvlan.
    #[netlink(format = "macvlan")]
    Macvlan(MacvlanData),
    /// macvtap.
    #[netlink(format = "macvtap")]
    Macvtap(MacvlanData),
    /// vlan.
    #[netlink(format = "vlan")]
    Vlan(VlanData),
    /// Any other kind: raw attributes.
    Other(Vec<u8>),
}

/// veth data (`VETH_INFO_*`).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "veth_info")]
pub struct VethData {
    /// `VETH_INFO_PEER`: the peer's `ifinfomsg` and attributes.
    pub peer: Option<VethPeer>,
}

/// The peer end of a veth pair.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", header = "ifinfomsg", attributes = "ifla")]
pub struct VethPeer {
    /// `ifi_index` of the peer (0: the kernel chooses).
    #[netlink(header = "ifi_index")]
    pub index: i32,
    /// `IFLA_IFNAME`.
    pub ifname: Option<String>,
    /// `IFLA_NET_NS_FD`: create the peer in this namespace.
    pub net_ns_fd: Option<u32>,
}

/// vxlan data (`IFLA_VXLAN_*`).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vxlan")]
pub struct VxlanData {
    /// VNI.
    pub id: Option<u32>,
    /// Multicast group or remote (IPv4).
    pub group: Option<Ipv4Addr>,
    /// Local address (IPv4).
    pub local: Option<Ipv4Addr>,
    /// Underlay device.
    pub link: Option<u32>,
    /// UDP destination port.
    pub port: Option<u16>,
    /// TTL.
    pub ttl: Option<u8>,
    /// Learning on (1) or off (0).
    pub learning: Option<u8>,
}

/// macvlan / macvtap data (`IFLA_MACVLAN_*`).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "ifla_macvlan")]
pub struct MacvlanData {
    /// `MACVLAN_MODE_*` (private 1, vepa 2, bridge 4, passthru 8, source 16).
    pub mode: Option<u32>,
}

/// vlan data (`IFLA_VLAN_*`).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vlan")]
pub struct VlanData {
    /// VLAN id.
    pub id: Option<u16>,
    /// `ETH_P_8021Q` (0x8100) or `ETH_P_8021AD` (0x88a8).
    pub protocol: Option<u16>,
}

/// What to create: a name, a kind and its data. Build with the constructors, then refine.
#[derive(Debug, Clone)]
pub struct LinkSpec {
    msg: LinkMsg,
}

impl LinkSpec {
    /// The request `Handle` would send, as message type `kind` with `flags` (for batching
    /// with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.msg, kind, flags)
    }
    fn kind(name: &str, kind: &str, data: Option<LinkData>) -> LinkSpec {
        LinkSpec {
            msg: LinkMsg {
                ifname: Some(name.to_owned()),
                linkinfo: Some(LinkInfoReq {
                    kind: Some(kind.to_owned()),
                    data,
                }),
                ..LinkMsg::default()
            },
        }
    }

    /// A veth pair `name` <-> `peer`.
    pub fn veth(name: &str, peer: &str) -> LinkSpec {
        LinkSpec::kind(
            name,
            "veth",
            Some(LinkData::Veth(VethData {
                peer: Some(VethPeer {
                    index: 0,
                    ifname: Some(peer.to_owned()),
                    net_ns_fd: None,
                }),
            })),
        )
    }

    /// A bridge.
    pub fn bridge(name: &str) -> LinkSpec {
        LinkSpec::kind(name, "bridge", None)
    }

    /// A link of a kind that needs no data (`ifb`, `bridge`, `dummy`, ...).
    pub fn plain(name: &str, kind: &str) -> LinkSpec {
        LinkSpec::kind(name, kind, None)
    }

    /// A vxlan with VNI `vni` on UDP port `port`, optionally bound to a device.
    pub fn vxlan(name: &str, vni: u32, port: u16, dev: Option<u32>) -> LinkSpec {
        LinkSpec::kind(
            name,
            "vxlan",
            Some(LinkData::Vxlan(VxlanData {
                id: Some(vni),
                port: Some(port),
                link: dev,
                ..VxlanData::default()
            })),
        )
    }

    /// A macvlan on `parent` in `mode` (`MACVLAN_MODE_*`; bridge is 4).
    pub fn macvlan(name: &str, parent: u32, mode: u32) -> LinkSpec {
        let mut s = LinkSpec::kind(
            name,
            "macvlan",
            Some(LinkData::Macvlan(MacvlanData { mode: Some(mode) })),
        );
        s.msg.link = Some(parent);
        s
    }

    /// A macvtap on `parent` in `mode`.
    pub fn macvtap(name: &str, parent: u32, mode: u32) -> LinkSpec {
        let mut s = LinkSpec::kind(
            name,
            "macvtap",
            Some(LinkData::Macvtap(MacvlanData { mode: Some(mode) })),
        );
        s.msg.link = Some(parent);
        s
    }

    /// An 802.1Q vlan `id` on `parent` (needs the 8021q module).
    pub fn vlan(name: &str, parent: u32, id: u16) -> LinkSpec {
        let mut s = LinkSpec::kind(
            name,
            "vlan",
            Some(LinkData::Vlan(VlanData {
                id: Some(id),
                protocol: None,
            })),
        );
        s.msg.link = Some(parent);
        s
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

    /// Create the link up.
    pub fn up(mut self) -> Self {
        self.msg.flags |= IFF_UP;
        self.msg.change |= IFF_UP;
        self
    }

    /// The request message (for batching or inspection).
    pub fn message(&self) -> &LinkMsg {
        &self.msg
    }
}

/// A change of one link, named by index or by name: chain setters, then run it with
/// [`Handle::change_link`](super::Handle::change_link) (or its async twin).
#[derive(Debug, Clone)]
pub struct LinkChange {
    msg: LinkMsg,
}

impl LinkChange {
    /// A change of link `index`.
    pub fn index(index: u32) -> LinkChange {
        LinkChange {
            msg: LinkMsg {
                index: index as i32,
                ..LinkMsg::default()
            },
        }
    }
    /// A change of the link called `name` (the kernel finds it by `IFLA_IFNAME`; a rename
    /// needs [`LinkChange::index`]).
    pub fn name(name: &str) -> LinkChange {
        LinkChange {
            msg: LinkMsg {
                ifname: Some(name.to_owned()),
                ..LinkMsg::default()
            },
        }
    }
    /// Set `IFF_UP`.
    pub fn up(mut self) -> Self {
        self.msg.flags |= IFF_UP;
        self.msg.change |= IFF_UP;
        self
    }
    /// Clear `IFF_UP`.
    pub fn down(mut self) -> Self {
        self.msg.flags &= !IFF_UP;
        self.msg.change |= IFF_UP;
        self
    }
    /// Set the MTU.
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.msg.mtu = Some(mtu);
        self
    }
    /// Rename (of a change made by index).
    pub fn rename(mut self, name: &str) -> Self {
        self.msg.ifname = Some(name.to_owned());
        self
    }
    /// Enslave to `master` (a bridge's index).
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
    /// The operation that sends the change.
    pub fn op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWLINK, 0))
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
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<LinkRef<'a>>, Error> {
        if msg.kind() != RTM_NEWLINK {
            return Ok(None);
        }
        Ok(Some(LinkRef::from_message(msg)?))
    }
}

impl DumpOwned for LinkDump {
    type Owned = Link;
    fn to_owned(&self, l: &LinkRef<'_>) -> Result<Link, Error> {
        Ok(Link::from(l))
    }
}

/// One link, looked up by index or name (`RTM_GETLINK` without `NLM_F_DUMP`); a missing link
/// is [`Error::NotFound`].
#[derive(Debug, Clone)]
pub struct LinkGet {
    msg: LinkMsg,
    what: String,
}

impl LinkGet {
    /// The link with index `index`.
    pub fn index(index: u32) -> LinkGet {
        LinkGet {
            msg: LinkMsg {
                index: index as i32,
                ..LinkMsg::default()
            },
            what: format!("link index {index}"),
        }
    }
    /// The link called `name`.
    pub fn name(name: &str) -> LinkGet {
        LinkGet {
            msg: LinkMsg {
                ifname: Some(name.to_owned()),
                ..LinkMsg::default()
            },
            what: format!("link {name:?}"),
        }
    }
}

impl Request for LinkGet {
    type Output = Link;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(self.msg.to_request(RTM_GETLINK).into())
    }
    fn finish(&self, reply: crate::Reply) -> Result<Link, Error> {
        for m in reply.messages() {
            let m = m?;
            if m.kind() == RTM_NEWLINK {
                return Ok(Link::from(&LinkRef::from_message(&m)?));
            }
        }
        Err(Error::NotFound(self.what.clone()))
    }
    fn on_error(&self, e: Error) -> Result<Link, Error> {
        match e.errno() {
            Some(libc::ENODEV) => Err(Error::NotFound(self.what.clone())),
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

impl LinkSpec {
    /// The operation that creates this link.
    pub fn add_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWLINK, CREATE_EXCL))
    }
}

/// The operation that deletes link `index` (a veth's peer goes with it).
pub fn del_link_op(index: u32) -> Ack {
    Ack(LinkMsg {
        index: index as i32,
        ..LinkMsg::default()
    }
    .to_request(RTM_DELLINK))
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

    /// Change a link (up/down, MTU, name, master, address, queue length).
    #[example = r#"h.change_link(&LinkChange::name("v0").up().mtu(1400))"#]
    pub fn change_link(change: &LinkChange) -> () = run(change.op());

    /// Delete link `index` (a veth's peer goes with it).
    #[example = "h.del_link(7)"]
    pub fn del_link(index: u32) -> () = run(del_link_op(index));
}

impl LinkMsg {
    /// This message as a request of type `kind` (no flags).
    pub fn to_request(&self, kind: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(self, kind, 0)
    }
}
