//! Link kinds: what `IFLA_INFO_DATA` (chosen by `IFLA_INFO_KIND`) and `IFLA_INFO_SLAVE_DATA`
//! (chosen by `IFLA_INFO_SLAVE_KIND`) hold, one derived struct per attribute set of the schema's
//! `linkinfo-data` / `linkinfo-slave-data` sub-messages. The same structs build requests
//! ([`LinkSpec`](super::LinkSpec)) and read links back ([`Link::data`](super::Link::data)).
//!
//! Kinds with no data of their own (`dummy`, `ifb`, `wireguard`, `nlmon`, ...) are created with
//! [`LinkSpec::plain`](super::LinkSpec::plain). `tun`/`tap` devices are read here, but the
//! kernel creates them only through `/dev/net/tun` (its netlink `newlink` answers
//! `EOPNOTSUPP`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use crate::attr::Attr;
use crate::codec::SubMessage;
use crate::schemas::rtnetlink::{
    ifla_bridge_id, ifla_vlan_flags, ifla_vlan_qos_mapping, ifla_vxlan_port_range,
};

pub use crate::schemas::rtnetlink::{
    BondMode, IflaGeneveDf as GeneveDf, IflaVxlanDf as VxlanDf, IpvlanMode, MacvlanMode,
    MdbRtrType as MulticastRouter, TunnelEncapTypes as TunnelEncap,
};

/// `IFLA_INFO_DATA` by kind. `Other` keeps the attributes of a kind this enum does not model
/// (raw, exactly as they came).
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", sub_message = "linkinfo-data")]
#[non_exhaustive]
pub enum LinkData {
    /// veth.
    #[netlink(format = "veth")]
    Veth(VethData),
    /// bridge.
    #[netlink(format = "bridge")]
    Bridge(BridgeData),
    /// vxlan.
    #[netlink(format = "vxlan")]
    Vxlan(VxlanData),
    /// macvlan.
    #[netlink(format = "macvlan")]
    Macvlan(MacvlanData),
    /// macvtap.
    #[netlink(format = "macvtap")]
    Macvtap(MacvlanData),
    /// 802.1Q / 802.1ad vlan.
    #[netlink(format = "vlan")]
    Vlan(VlanData),
    /// bond.
    #[netlink(format = "bond")]
    Bond(BondData),
    /// vrf.
    #[netlink(format = "vrf")]
    Vrf(VrfData),
    /// ipvlan.
    #[netlink(format = "ipvlan")]
    Ipvlan(IpvlanData),
    /// ipvtap.
    #[netlink(format = "ipvtap")]
    Ipvtap(IpvlanData),
    /// GRE over IPv4 (layer 3).
    #[netlink(format = "gre")]
    Gre(GreData),
    /// GRE over IPv4 carrying Ethernet.
    #[netlink(format = "gretap")]
    Gretap(GreData),
    /// ERSPAN over IPv4.
    #[netlink(format = "erspan")]
    Erspan(GreData),
    /// GRE over IPv6 (layer 3).
    #[netlink(format = "ip6gre")]
    Ip6gre(GreData),
    /// GRE over IPv6 carrying Ethernet.
    #[netlink(format = "ip6gretap")]
    Ip6gretap(GreData),
    /// IPv4 in IPv4.
    #[netlink(format = "ipip")]
    Ipip(IptunData),
    /// IPv6 in IPv4.
    #[netlink(format = "sit")]
    Sit(IptunData),
    /// IPv4/IPv6 in IPv6.
    #[netlink(format = "ip6tnl")]
    Ip6tnl(Ip6tnlData),
    /// geneve.
    #[netlink(format = "geneve")]
    Geneve(GeneveData),
    /// vti (IPv4).
    #[netlink(format = "vti")]
    Vti(VtiData),
    /// vti6 (IPv6).
    #[netlink(format = "vti6")]
    Vti6(VtiData),
    /// netkit (kernel 6.7 and later).
    #[netlink(format = "netkit")]
    Netkit(NetkitData),
    /// tun / tap (read only: the kernel creates them through `/dev/net/tun`).
    #[netlink(format = "tun")]
    Tun(TunData),
    /// Any other kind: its attributes, raw.
    Other(Vec<u8>),
}

/// `IFLA_INFO_SLAVE_DATA` by the master's kind: a port's options.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "rtnetlink", sub_message = "linkinfo-slave-data")]
#[non_exhaustive]
pub enum LinkSlaveData {
    /// A bridge port.
    #[netlink(format = "bridge")]
    Bridge(BridgePortData),
    /// A bond member.
    #[netlink(format = "bond")]
    Bond(BondSlaveData),
    /// A vrf member.
    #[netlink(format = "vrf")]
    Vrf(VrfPortData),
    /// Any other master kind: raw attributes.
    Other(Vec<u8>),
}

fn decode_error(attr: &'static str, a: &Attr<'_>, e: crate::codec::ValueError) -> crate::Error {
    crate::Error::Decode(crate::codec::DecodeError::value("ifla_info", attr, a, e))
}

impl LinkData {
    /// Decodes an `IFLA_INFO_DATA` attribute of a link of kind `kind`.
    pub fn decode_for(kind: &str, data: Attr<'_>) -> Result<LinkData, crate::Error> {
        let sel = Attr::from_parts(
            crate::schemas::rtnetlink::IFLA_INFO_KIND,
            kind.as_bytes(),
            0,
        );
        LinkData::decode(Some(sel), data).map_err(|e| decode_error("IFLA_INFO_DATA", &data, e))
    }
}

impl LinkSlaveData {
    /// Decodes an `IFLA_INFO_SLAVE_DATA` attribute of a port whose master is of kind
    /// `master_kind`.
    pub fn decode_for(master_kind: &str, data: Attr<'_>) -> Result<LinkSlaveData, crate::Error> {
        let sel = Attr::from_parts(
            crate::schemas::rtnetlink::IFLA_INFO_SLAVE_KIND,
            master_kind.as_bytes(),
            0,
        );
        LinkSlaveData::decode(Some(sel), data)
            .map_err(|e| decode_error("IFLA_INFO_SLAVE_DATA", &data, e))
    }
}

/// veth (`VETH_INFO_*`): the peer, sent when the pair is created (a dump does not carry it).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "veth_info")]
#[non_exhaustive]
pub struct VethData {
    /// `VETH_INFO_PEER`: the peer's `ifinfomsg` and attributes.
    pub peer: Option<VethPeer>,
}

/// The peer end of a veth pair (also netkit's `IFLA_NETKIT_PEER_INFO`): an `ifinfomsg` and
/// the few attributes a peer is created with.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", header = "ifinfomsg", attributes = "ifla")]
#[non_exhaustive]
pub struct VethPeer {
    /// `ifi_index` of the peer (0: the kernel chooses).
    #[netlink(header = "ifi_index")]
    pub index: u32,
    /// `IFLA_IFNAME`.
    pub ifname: Option<crate::NameBuf>,
    /// `IFLA_ADDRESS`.
    pub address: Option<Vec<u8>>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_NET_NS_FD`: create the peer in this namespace.
    pub net_ns_fd: Option<u32>,
    /// `IFLA_NET_NS_PID`: create the peer in the namespace of this process.
    pub net_ns_pid: Option<u32>,
}

/// bridge (`IFLA_BR_*`): the options `ip link add type bridge` sets and a dump reports.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_br")]
#[non_exhaustive]
pub struct BridgeData {
    /// Forward delay (centiseconds, `clock_t`).
    pub forward_delay: Option<u32>,
    /// Hello time (centiseconds).
    pub hello_time: Option<u32>,
    /// Max age (centiseconds).
    pub max_age: Option<u32>,
    /// FDB ageing time (centiseconds).
    pub ageing_time: Option<u32>,
    /// STP state (0 off, 1 kernel STP, 2 user STP).
    pub stp_state: Option<u32>,
    /// Bridge priority.
    pub priority: Option<u16>,
    /// VLAN filtering on (1) / off (0).
    pub vlan_filtering: Option<u8>,
    /// VLAN protocol (`ETH_P_8021Q` / `ETH_P_8021AD`, host order).
    pub vlan_protocol: Option<u16>,
    /// Group forward mask.
    pub group_fwd_mask: Option<u16>,
    /// Root bridge id.
    pub root_id: Option<ifla_bridge_id>,
    /// This bridge's id.
    pub bridge_id: Option<ifla_bridge_id>,
    /// Root port.
    pub root_port: Option<u16>,
    /// Root path cost.
    pub root_path_cost: Option<u32>,
    /// Group address.
    pub group_addr: Option<Vec<u8>>,
    /// Multicast router mode.
    pub mcast_router: Option<MulticastRouter>,
    /// Multicast snooping on/off.
    pub mcast_snooping: Option<u8>,
    /// Multicast querier on/off.
    pub mcast_querier: Option<u8>,
    /// Default PVID.
    pub vlan_default_pvid: Option<u16>,
    /// Per-VLAN statistics on/off.
    pub vlan_stats_enabled: Option<u8>,
    /// Multicast statistics on/off.
    pub mcast_stats_enabled: Option<u8>,
    /// IGMP version.
    pub mcast_igmp_version: Option<u8>,
    /// MLD version.
    pub mcast_mld_version: Option<u8>,
    /// Call iptables on bridged IPv4 traffic.
    pub nf_call_iptables: Option<u8>,
    /// Call ip6tables on bridged IPv6 traffic.
    pub nf_call_ip6tables: Option<u8>,
    /// Call arptables on bridged ARP traffic.
    pub nf_call_arptables: Option<u8>,
}

/// A bridge port's options (`IFLA_BRPORT_*`), as `ip link set DEV type bridge_slave` sets them
/// and a dump reports them for ports.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_brport")]
#[non_exhaustive]
pub struct BridgePortData {
    /// STP port state (`BR_STATE_*`: 0 disabled, 1 listening, 2 learning, 3 forwarding, 4
    /// blocking).
    pub state: Option<u8>,
    /// Port priority.
    pub priority: Option<u16>,
    /// Path cost.
    pub cost: Option<u32>,
    /// Hairpin mode.
    pub mode: Option<u8>,
    /// BPDU guard.
    pub guard: Option<u8>,
    /// Root port protection.
    pub protect: Option<u8>,
    /// Multicast fast leave.
    pub fast_leave: Option<u8>,
    /// Learn source addresses.
    pub learning: Option<u8>,
    /// Flood unknown unicast.
    pub unicast_flood: Option<u8>,
    /// Proxy ARP.
    pub proxyarp: Option<u8>,
    /// Flood unknown multicast.
    pub mcast_flood: Option<u8>,
    /// Multicast to unicast.
    pub mcast_to_ucast: Option<u8>,
    /// Flood broadcast.
    pub bcast_flood: Option<u8>,
    /// Neighbour (ARP/ND) suppression.
    pub neigh_suppress: Option<u8>,
    /// Isolated port.
    pub isolated: Option<u8>,
    /// Port number.
    pub no: Option<u16>,
    /// Port id.
    pub id: Option<u16>,
    /// Multicast router mode of the port.
    pub multicast_router: Option<MulticastRouter>,
    /// Locked port (802.1X).
    pub locked: Option<u8>,
    /// Backup port index.
    pub backup_port: Option<u32>,
}

/// vxlan (`IFLA_VXLAN_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vxlan")]
#[non_exhaustive]
pub struct VxlanData {
    /// VNI.
    pub id: Option<u32>,
    /// Multicast group or remote (IPv4).
    pub group: Option<Ipv4Addr>,
    /// Multicast group or remote (IPv6).
    pub group6: Option<Ipv6Addr>,
    /// Underlay device.
    pub link: Option<u32>,
    /// Local address (IPv4).
    pub local: Option<Ipv4Addr>,
    /// Local address (IPv6).
    pub local6: Option<Ipv6Addr>,
    /// TTL.
    pub ttl: Option<u8>,
    /// TOS.
    pub tos: Option<u8>,
    /// Learning on (1) or off (0).
    pub learning: Option<u8>,
    /// FDB ageing (seconds).
    pub ageing: Option<u32>,
    /// FDB size limit.
    pub limit: Option<u32>,
    /// UDP source port range.
    pub port_range: Option<ifla_vxlan_port_range>,
    /// ARP proxy.
    pub proxy: Option<u8>,
    /// L2 miss notifications.
    pub l2miss: Option<u8>,
    /// L3 miss notifications.
    pub l3miss: Option<u8>,
    /// UDP destination port.
    pub port: Option<u16>,
    /// UDP checksum (IPv4).
    pub udp_csum: Option<u8>,
    /// Collect metadata (external control plane).
    pub collect_metadata: Option<u8>,
    /// Don't-fragment setting.
    pub df: Option<VxlanDf>,
    /// Group Based Policy extension.
    pub gbp: bool,
    /// Inherit TTL from the inner packet.
    pub ttl_inherit: bool,
}

/// macvlan / macvtap (`IFLA_MACVLAN_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_macvlan")]
#[non_exhaustive]
pub struct MacvlanData {
    /// Mode.
    pub mode: Option<MacvlanMode>,
    /// `MACVLAN_FLAG_*`.
    pub flags: Option<u16>,
    /// Broadcast queue length.
    pub bc_queue_len: Option<u32>,
}

/// vlan (`IFLA_VLAN_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vlan")]
#[non_exhaustive]
pub struct VlanData {
    /// VLAN id.
    pub id: Option<u16>,
    /// `VLAN_FLAG_*` and the mask of the flags to change.
    pub flags: Option<ifla_vlan_flags>,
    /// Egress priority map (skb priority -> 802.1p).
    pub egress_qos: Option<VlanQos>,
    /// Ingress priority map (802.1p -> skb priority).
    pub ingress_qos: Option<VlanQos>,
    /// `ETH_P_8021Q` (0x8100) or `ETH_P_8021AD` (0x88a8), host order.
    pub protocol: Option<u16>,
}

/// A vlan QoS map (`IFLA_VLAN_QOS_MAPPING`s).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vlan_qos")]
#[non_exhaustive]
pub struct VlanQos {
    /// `from -> to` pairs.
    pub mapping: Vec<ifla_vlan_qos_mapping>,
}

/// bond (`IFLA_BOND_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_bond")]
#[non_exhaustive]
pub struct BondData {
    /// Mode.
    pub mode: Option<BondMode>,
    /// Active member (index).
    pub active_slave: Option<u32>,
    /// MII monitoring interval (ms).
    pub miimon: Option<u32>,
    /// Up delay (ms).
    pub updelay: Option<u32>,
    /// Down delay (ms).
    pub downdelay: Option<u32>,
    /// Use carrier state for link monitoring.
    pub use_carrier: Option<u8>,
    /// ARP monitoring interval (ms).
    pub arp_interval: Option<u32>,
    /// ARP monitoring targets.
    pub arp_ip_target: Vec<Ipv4Addr>,
    /// ARP validation.
    pub arp_validate: Option<u32>,
    /// Primary member (index).
    pub primary: Option<u32>,
    /// Primary reselection policy.
    pub primary_reselect: Option<u8>,
    /// Fail-over MAC policy.
    pub fail_over_mac: Option<u8>,
    /// Transmit hash policy.
    pub xmit_hash_policy: Option<u8>,
    /// Minimum number of links up.
    pub min_links: Option<u32>,
    /// LACP rate (0 slow, 1 fast).
    pub ad_lacp_rate: Option<u8>,
    /// Aggregator selection.
    pub ad_select: Option<u8>,
    /// LACP actor system priority.
    pub ad_actor_sys_prio: Option<u16>,
    /// LACP user port key.
    pub ad_user_port_key: Option<u16>,
    /// LACP actor system MAC.
    pub ad_actor_system: Option<Vec<u8>>,
    /// Missed ARP/NS replies before a member is down.
    pub missed_max: Option<u8>,
}

/// A bond member's state (`IFLA_BOND_SLAVE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_bond_slave")]
#[non_exhaustive]
pub struct BondSlaveData {
    /// 0 active, 1 backup.
    pub state: Option<u8>,
    /// MII status (0 up).
    pub mii_status: Option<u8>,
    /// Link failures.
    pub link_failure_count: Option<u32>,
    /// Permanent hardware address.
    pub perm_hwaddr: Option<Vec<u8>>,
    /// Queue id.
    pub queue_id: Option<u16>,
    /// 802.3ad aggregator id.
    pub ad_aggregator_id: Option<u16>,
    /// Member priority.
    pub prio: Option<i32>,
}

/// vrf (`IFLA_VRF_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vrf")]
#[non_exhaustive]
pub struct VrfData {
    /// The routing table of the VRF.
    pub table: Option<u32>,
}

/// A vrf member (`IFLA_VRF_PORT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vrf_port")]
#[non_exhaustive]
pub struct VrfPortData {
    /// The VRF's table.
    pub table: Option<u32>,
}

/// ipvlan / ipvtap (`IFLA_IPVLAN_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_ipvlan")]
#[non_exhaustive]
pub struct IpvlanData {
    /// Mode (l2, l3, l3s).
    pub mode: Option<IpvlanMode>,
    /// `IPVLAN_F_PRIVATE`, `IPVLAN_F_VEPA` (0: bridge).
    pub flags: Option<u16>,
}

/// gre, gretap, erspan, ip6gre, ip6gretap, ip6erspan (`IFLA_GRE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_gre")]
#[non_exhaustive]
pub struct GreData {
    /// Underlay device.
    pub link: Option<u32>,
    /// Receive GRE flags: the `GRE_KEY`, `GRE_SEQ`, `GRE_CSUM` constants as they are.
    pub iflags: Option<u16>,
    /// Send GRE flags.
    pub oflags: Option<u16>,
    /// Receive key.
    pub ikey: Option<u32>,
    /// Send key.
    pub okey: Option<u32>,
    /// Local endpoint.
    pub local: Option<IpAddr>,
    /// Remote endpoint.
    pub remote: Option<IpAddr>,
    /// TTL (0: inherit).
    pub ttl: Option<u8>,
    /// TOS.
    pub tos: Option<u8>,
    /// Path MTU discovery.
    pub pmtudisc: Option<u8>,
    /// Encapsulation limit (IPv6).
    pub encap_limit: Option<u8>,
    /// Flow label (IPv6).
    pub flowinfo: Option<u32>,
    /// `IP6_TNL_F_*` (IPv6).
    pub flags: Option<u32>,
    /// Outer encapsulation (FOU / GUE).
    pub encap_type: Option<TunnelEncap>,
    /// `TUNNEL_ENCAP_FLAG_*`.
    pub encap_flags: Option<u16>,
    /// Outer UDP source port (FOU / GUE).
    pub encap_sport: Option<u16>,
    /// Outer UDP destination port (FOU / GUE).
    pub encap_dport: Option<u16>,
    /// Metadata mode (external control plane).
    pub collect_metadata: bool,
    /// Ignore the DF bit.
    pub ignore_df: Option<u8>,
    /// Firewall mark of the outer packets.
    pub fwmark: Option<u32>,
    /// ERSPAN index.
    pub erspan_index: Option<u32>,
    /// ERSPAN version.
    pub erspan_ver: Option<u8>,
}

/// ipip and sit (`IFLA_IPTUN_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_iptun")]
#[non_exhaustive]
pub struct IptunData {
    /// Underlay device.
    pub link: Option<u32>,
    /// Local endpoint.
    pub local: Option<IpAddr>,
    /// Remote endpoint.
    pub remote: Option<IpAddr>,
    /// TTL (0: inherit).
    pub ttl: Option<u8>,
    /// TOS.
    pub tos: Option<u8>,
    /// sit: `SIT_ISATAP`.
    pub flags: Option<u16>,
    /// Inner protocol (`IPPROTO_IPIP`, `IPPROTO_IPV6`, 0 any).
    pub proto: Option<u8>,
    /// Path MTU discovery.
    pub pmtudisc: Option<u8>,
    /// 6rd prefix.
    #[netlink(attr = "IFLA_IPTUN_6RD_PREFIX")]
    pub sixrd_prefix: Option<Ipv6Addr>,
    /// 6rd prefix length.
    #[netlink(attr = "IFLA_IPTUN_6RD_PREFIXLEN")]
    pub sixrd_prefixlen: Option<u16>,
    /// Outer encapsulation (FOU / GUE).
    pub encap_type: Option<TunnelEncap>,
    /// `TUNNEL_ENCAP_FLAG_*`.
    pub encap_flags: Option<u16>,
    /// Outer UDP source port (FOU / GUE).
    pub encap_sport: Option<u16>,
    /// Outer UDP destination port (FOU / GUE).
    pub encap_dport: Option<u16>,
    /// Metadata mode.
    pub collect_metadata: bool,
    /// Firewall mark of the outer packets.
    pub fwmark: Option<u32>,
}

/// ip6tnl (`IFLA_IPTUN_*` with ip6tnl's types).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_ip6tnl")]
#[non_exhaustive]
pub struct Ip6tnlData {
    /// Underlay device.
    pub link: Option<u32>,
    /// Local endpoint.
    pub local: Option<Ipv6Addr>,
    /// Remote endpoint.
    pub remote: Option<Ipv6Addr>,
    /// Hop limit.
    pub ttl: Option<u8>,
    /// Encapsulation limit.
    pub encap_limit: Option<u8>,
    /// Flow label.
    pub flowinfo: Option<u32>,
    /// `IP6_TNL_F_*`.
    pub flags: Option<u32>,
    /// Inner protocol (`IPPROTO_IPIP`, `IPPROTO_IPV6`, 0 any).
    pub proto: Option<u8>,
    /// Outer encapsulation (FOU / GUE).
    pub encap_type: Option<TunnelEncap>,
    /// `TUNNEL_ENCAP_FLAG_*`.
    pub encap_flags: Option<u16>,
    /// Outer UDP source port (FOU / GUE).
    pub encap_sport: Option<u16>,
    /// Outer UDP destination port (FOU / GUE).
    pub encap_dport: Option<u16>,
    /// Metadata mode.
    pub collect_metadata: bool,
    /// Firewall mark of the outer packets.
    pub fwmark: Option<u32>,
}

/// geneve (`IFLA_GENEVE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_geneve")]
#[non_exhaustive]
pub struct GeneveData {
    /// VNI.
    pub id: Option<u32>,
    /// Remote (IPv4).
    pub remote: Option<Ipv4Addr>,
    /// Remote (IPv6).
    pub remote6: Option<Ipv6Addr>,
    /// TTL.
    pub ttl: Option<u8>,
    /// TOS.
    pub tos: Option<u8>,
    /// UDP destination port.
    pub port: Option<u16>,
    /// Metadata mode.
    pub collect_metadata: bool,
    /// UDP checksum.
    pub udp_csum: Option<u8>,
    /// Flow label.
    pub label: Option<u32>,
    /// Inherit TTL.
    pub ttl_inherit: Option<u8>,
    /// Don't-fragment setting.
    pub df: Option<GeneveDf>,
}

/// tun / tap (`IFLA_TUN_*`), as the kernel reports them.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_tun")]
#[non_exhaustive]
pub struct TunData {
    /// Owner uid.
    pub owner: Option<u32>,
    /// Owner gid.
    pub group: Option<u32>,
    /// `IFF_TUN` (1) or `IFF_TAP` (2).
    #[netlink(attr = "IFLA_TUN_TYPE")]
    pub tun_type: Option<u8>,
    /// Packet information header.
    pub pi: Option<u8>,
    /// virtio-net header.
    pub vnet_hdr: Option<u8>,
    /// Persistent.
    pub persist: Option<u8>,
    /// Multi-queue.
    pub multi_queue: Option<u8>,
    /// Queues.
    pub num_queues: Option<u32>,
    /// Disabled queues.
    pub num_disabled_queues: Option<u32>,
}

/// vti / vti6 (`IFLA_VTI_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_vti")]
#[non_exhaustive]
pub struct VtiData {
    /// Underlay device.
    pub link: Option<u32>,
    /// Receive key.
    pub ikey: Option<u32>,
    /// Send key.
    pub okey: Option<u32>,
    /// Local endpoint.
    pub local: Option<IpAddr>,
    /// Remote endpoint.
    pub remote: Option<IpAddr>,
    /// Firewall mark.
    pub fwmark: Option<u32>,
}

/// netkit (`IFLA_NETKIT_*`; kernel 6.7 and later).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "rtnetlink", attributes = "ifla_netkit")]
#[non_exhaustive]
pub struct NetkitData {
    /// `IFLA_NETKIT_PEER_INFO`: the peer's `ifinfomsg` and attributes.
    pub peer_info: Option<VethPeer>,
    /// Whether this end is the primary (read back).
    pub primary: Option<u8>,
    /// Default action of this end (`NETKIT_PASS` 0, `NETKIT_DROP` 2).
    pub policy: Option<u32>,
    /// Default action of the peer.
    pub peer_policy: Option<u32>,
    /// `NETKIT_L2` 0 or `NETKIT_L3` 1.
    pub mode: Option<u32>,
    /// Scrubbing of this end (`NETKIT_SCRUB_NONE` 0, `NETKIT_SCRUB_DEFAULT` 1).
    pub scrub: Option<u32>,
    /// Scrubbing of the peer.
    pub peer_scrub: Option<u32>,
    /// Needed headroom.
    pub headroom: Option<u16>,
    /// Needed tailroom.
    pub tailroom: Option<u16>,
}
