//! `TCA_OPTIONS` by kind (qdiscs, classes, filters), `TCA_ACT_OPTIONS` by action kind, and
//! `TCA_XSTATS` by kind: enums derived from the schema's sub-messages, one variant per kind,
//! each a struct derived from the kind's attribute set (or its C struct).

use netlink_derive::Netlink;

use crate::codec::Bitfield32;
use crate::schemas::tc::*;

/// `TCA_OPTIONS`, chosen by `TCA_KIND` (sub-message `tc-options`). Kinds without options
/// (`mq`, `ingress`, `clsact`, `noqueue`) and kinds this enum does not model land in
/// [`Options::Other`] with their raw payload.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", sub_message = "tc-options")]
#[non_exhaustive]
pub enum Options {
    /// htb qdisc and class.
    #[netlink(format = "htb")]
    Htb(HtbOptions),
    /// tbf.
    #[netlink(format = "tbf")]
    Tbf(TbfOptions),
    /// pfifo: limit in packets.
    #[netlink(format = "pfifo")]
    Pfifo(tc_fifo_qopt),
    /// bfifo: limit in bytes.
    #[netlink(format = "bfifo")]
    Bfifo(tc_fifo_qopt),
    /// pfifo_head_drop.
    #[netlink(format = "pfifo_head_drop")]
    PfifoHeadDrop(tc_fifo_qopt),
    /// pfifo_fast: bands and priomap.
    #[netlink(format = "pfifo_fast")]
    PfifoFast(tc_prio_qopt),
    /// prio.
    #[netlink(format = "prio")]
    Prio(tc_prio_qopt),
    /// sfq (the kernel dumps the v1 struct; `tc` sends the shorter v0 one, read zero-filled).
    #[netlink(format = "sfq")]
    Sfq(tc_sfq_qopt_v1),
    /// fq_codel.
    #[netlink(format = "fq_codel")]
    FqCodel(FqCodelOptions),
    /// fq.
    #[netlink(format = "fq")]
    Fq(FqOptions),
    /// netem: `tc_netem_qopt` followed by attributes.
    #[netlink(format = "netem")]
    Netem(NetemOptions),
    /// cake.
    #[netlink(format = "cake")]
    Cake(CakeOptions),
    /// u32 filter.
    #[netlink(format = "u32")]
    U32(U32Options),
    /// matchall filter.
    #[netlink(format = "matchall")]
    Matchall(MatchallOptions),
    /// bpf filter.
    #[netlink(format = "bpf")]
    Bpf(BpfOptions),
    /// flower filter (the common keys).
    #[netlink(format = "flower")]
    Flower(FlowerOptions),
    /// Any other kind, or a kind without options: the raw payload.
    Other(Vec<u8>),
}

/// htb (`TCA_HTB_*`): the qdisc carries `init` (+ `direct_qlen`, `offload`), a class `parms`
/// (+ `rate64` / `ceil64` above 32 bits, and the rate tables on requests).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_htb")]
pub struct HtbOptions {
    /// Class parameters: rate, ceil, buffer, cbuffer, quantum, level, prio.
    pub parms: Option<tc_htb_opt>,
    /// Qdisc parameters: version, r2q, default class, direct packets.
    pub init: Option<tc_htb_glob>,
    /// Ceil rate table (requests; 256 u32).
    pub ctab: Option<Vec<u8>>,
    /// Rate table (requests; 256 u32).
    pub rtab: Option<Vec<u8>>,
    /// Direct queue length.
    pub direct_qlen: Option<u32>,
    /// Rate in bytes/s when above 32 bits.
    pub rate64: Option<u64>,
    /// Ceil in bytes/s when above 32 bits.
    pub ceil64: Option<u64>,
    /// Hardware offload.
    pub offload: bool,
}

/// tbf (`TCA_TBF_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_tbf")]
pub struct TbfOptions {
    /// rate, peakrate, limit, buffer (ticks), mtu.
    pub parms: Option<tc_tbf_qopt>,
    /// Rate table (requests).
    pub rtab: Option<Vec<u8>>,
    /// Peak rate table (requests).
    pub ptab: Option<Vec<u8>>,
    /// Rate in bytes/s when above 32 bits.
    pub rate64: Option<u64>,
    /// Peak rate when above 32 bits.
    pub prate64: Option<u64>,
    /// Burst in bytes.
    pub burst: Option<u32>,
    /// Peak burst in bytes.
    pub pburst: Option<u32>,
}

/// fq_codel (`TCA_FQ_CODEL_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_fq_codel")]
pub struct FqCodelOptions {
    /// Target delay (µs).
    pub target: Option<u32>,
    /// Limit (packets).
    pub limit: Option<u32>,
    /// Interval (µs).
    pub interval: Option<u32>,
    /// ECN marking.
    pub ecn: Option<u32>,
    /// Number of flows.
    pub flows: Option<u32>,
    /// Quantum (bytes).
    pub quantum: Option<u32>,
    /// CE threshold (µs).
    pub ce_threshold: Option<u32>,
    /// Drop batch size.
    pub drop_batch_size: Option<u32>,
    /// Memory limit (bytes).
    pub memory_limit: Option<u32>,
}

/// fq (`TCA_FQ_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_fq")]
pub struct FqOptions {
    /// Limit (packets).
    pub plimit: Option<u32>,
    /// Per-flow limit.
    pub flow_plimit: Option<u32>,
    /// Quantum.
    pub quantum: Option<u32>,
    /// Initial quantum.
    pub initial_quantum: Option<u32>,
    /// Pacing on or off.
    pub rate_enable: Option<u32>,
    /// Maximum flow rate.
    pub flow_max_rate: Option<u32>,
    /// log2 of the number of buckets.
    pub buckets_log: Option<u32>,
    /// Flow refill delay.
    pub flow_refill_delay: Option<u32>,
    /// Orphan mask.
    pub orphan_mask: Option<u32>,
    /// Low rate threshold.
    pub low_rate_threshold: Option<u32>,
    /// CE threshold.
    pub ce_threshold: Option<u32>,
    /// Timer slack.
    pub timer_slack: Option<u32>,
    /// Horizon.
    pub horizon: Option<u32>,
    /// Horizon drop.
    pub horizon_drop: Option<u8>,
}

/// netem: `tc_netem_qopt` (latency, limit, loss, gap, duplicate, jitter) then `TCA_NETEM_*`.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", header = "tc_netem_qopt", attributes = "tca_netem")]
pub struct NetemOptions {
    /// Latency (ticks; see `latency64`).
    #[netlink(header = "latency")]
    pub latency: u32,
    /// Queue limit (packets).
    #[netlink(header = "limit")]
    pub limit: u32,
    /// Random loss (0..=u32::MAX).
    #[netlink(header = "loss")]
    pub loss: u32,
    /// Re-ordering gap.
    #[netlink(header = "gap")]
    pub gap: u32,
    /// Random duplication.
    #[netlink(header = "duplicate")]
    pub duplicate: u32,
    /// Jitter (ticks).
    #[netlink(header = "jitter")]
    pub jitter: u32,
    /// Correlations.
    pub corr: Option<tc_netem_corr>,
    /// Re-ordering.
    pub reorder: Option<tc_netem_reorder>,
    /// Corruption.
    pub corrupt: Option<tc_netem_corrupt>,
    /// Rate.
    pub rate: Option<tc_netem_rate>,
    /// ECN instead of drops.
    pub ecn: Option<u32>,
    /// Rate above 32 bits.
    pub rate64: Option<u64>,
    /// Latency in ns.
    pub latency64: Option<i64>,
    /// Jitter in ns.
    pub jitter64: Option<i64>,
    /// Slotting.
    pub slot: Option<tc_netem_slot>,
}

/// cake (`TCA_CAKE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_cake")]
pub struct CakeOptions {
    /// Shaper rate (bytes/s).
    pub base_rate64: Option<u64>,
    /// Diffserv mode.
    pub diffserv_mode: Option<u32>,
    /// ATM compensation.
    pub atm: Option<u32>,
    /// Flow isolation mode.
    pub flow_mode: Option<u32>,
    /// Overhead (bytes).
    pub overhead: Option<u32>,
    /// RTT (µs).
    pub rtt: Option<u32>,
    /// Target (µs).
    pub target: Option<u32>,
    /// Autorate.
    pub autorate: Option<u32>,
    /// Memory limit.
    pub memory: Option<u32>,
    /// NAT lookups.
    pub nat: Option<u32>,
    /// Raw overhead.
    pub raw: Option<u32>,
    /// Wash DSCP.
    pub wash: Option<u32>,
    /// MPU.
    pub mpu: Option<u32>,
    /// Ingress mode.
    pub ingress: Option<u32>,
    /// ACK filter.
    pub ack_filter: Option<u32>,
    /// Split GSO.
    pub split_gso: Option<u32>,
    /// Firewall mark mask.
    pub fwmark: Option<u32>,
}

/// u32 filter (`TCA_U32_*`). The selector (`tc_u32_sel` and its keys) is kept as bytes; read
/// it with [`U32Options::selector`].
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_u32")]
pub struct U32Options {
    /// Class the filter sends matches to (`flowid` / `classid`).
    pub classid: Option<u32>,
    /// Hash table and bucket the key lives in.
    pub hash: Option<u32>,
    /// Hash table to continue in.
    pub link: Option<u32>,
    /// Hash table divisor (a hash table's own entry).
    pub divisor: Option<u32>,
    /// `struct tc_u32_sel` followed by its `nkeys` `struct tc_u32_key`.
    pub sel: Option<Vec<u8>>,
    /// Policer.
    pub police: Option<PoliceOptions>,
    /// Actions, in order.
    pub act: Vec<Action>,
    /// Input device.
    pub indev: Option<String>,
    /// Hit counters: `struct tc_u32_pcnt` then one u64 per key.
    pub pcnt: Option<Vec<u8>>,
    /// Firewall mark match.
    pub mark: Option<tc_u32_mark>,
    /// TCA_CLS_FLAGS_*.
    pub flags: Option<u32>,
}

/// One u32 key: 32 bits of the packet at `off` (plus the next header offset when `offmask`)
/// compared under `mask`. `val` and `mask` are in host order (the wire holds them big-endian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct U32Key {
    /// Value.
    pub val: u32,
    /// Mask.
    pub mask: u32,
    /// Offset in bytes.
    pub off: i32,
    /// Offset mask (non-zero: relative to the next header).
    pub offmask: i32,
}

/// A u32 selector: `tc_u32_sel`'s fields and its keys.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct U32Selector {
    /// The fixed part (flags `TC_U32_*`, offsets, hash mask; `nkeys` as sent).
    pub sel: tc_u32_sel,
    /// The keys.
    pub keys: Vec<U32Key>,
}

impl U32Selector {
    /// Reads `TCA_U32_SEL`'s payload; an error names what is short.
    pub fn parse(bytes: &[u8]) -> Result<U32Selector, crate::Error> {
        use crate::codec::Record;
        if bytes.len() < tc_u32_sel::SIZE {
            return Err(crate::Error::Invalid(format!(
                "TCA_U32_SEL: {} bytes, shorter than struct tc_u32_sel ({})",
                bytes.len(),
                tc_u32_sel::SIZE
            )));
        }
        let sel = tc_u32_sel::read(bytes);
        let n = usize::from(sel.nkeys);
        let need = tc_u32_sel::SIZE + n * tc_u32_key::SIZE;
        if bytes.len() < need {
            return Err(crate::Error::Invalid(format!(
                "TCA_U32_SEL: {} keys need {need} bytes, the attribute has {}",
                n,
                bytes.len()
            )));
        }
        let keys = (0..n)
            .map(|i| {
                let at = tc_u32_sel::SIZE + i * tc_u32_key::SIZE;
                let k = tc_u32_key::read(&bytes[at..at + tc_u32_key::SIZE]);
                U32Key {
                    val: k.val,
                    mask: k.mask,
                    off: k.off,
                    offmask: k.offmask,
                }
            })
            .collect();
        Ok(U32Selector { sel, keys })
    }

    /// The payload of `TCA_U32_SEL` (`nkeys` set from the keys).
    pub fn to_bytes(&self) -> Vec<u8> {
        use crate::codec::Record;
        let mut sel = self.sel;
        sel.nkeys = self.keys.len().min(usize::from(u8::MAX)) as u8;
        let mut out = sel.to_bytes();
        for k in self.keys.iter().take(usize::from(u8::MAX)) {
            let key = tc_u32_key {
                val: k.val,
                mask: k.mask,
                off: k.off,
                offmask: k.offmask,
            };
            out.extend_from_slice(&key.to_bytes());
        }
        out
    }
}

impl U32Options {
    /// The selector and its keys, if the filter has one (a hash table entry has none).
    pub fn selector(&self) -> Result<Option<U32Selector>, crate::Error> {
        self.sel.as_deref().map(U32Selector::parse).transpose()
    }
}

/// matchall filter (`TCA_MATCHALL_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_matchall")]
pub struct MatchallOptions {
    /// Class id.
    pub classid: Option<u32>,
    /// Actions.
    pub act: Vec<Action>,
    /// TCA_CLS_FLAGS_*.
    pub flags: Option<u32>,
}

/// bpf filter (`TCA_BPF_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_bpf")]
pub struct BpfOptions {
    /// Actions.
    pub act: Vec<Action>,
    /// Class id.
    pub classid: Option<u32>,
    /// Number of classic BPF instructions.
    pub ops_len: Option<u16>,
    /// Classic BPF instructions.
    pub ops: Option<Vec<u8>>,
    /// eBPF program fd (requests).
    pub fd: Option<u32>,
    /// Program name.
    pub name: Option<String>,
    /// TCA_BPF_FLAG_*.
    pub flags: Option<u32>,
    /// Generic classifier flags.
    pub flags_gen: Option<u32>,
    /// Program tag.
    pub tag: Option<Vec<u8>>,
    /// Program id.
    pub id: Option<u32>,
}

/// flower filter (`TCA_FLOWER_*`): the common keys. Keys not listed are skipped when read.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_flower")]
pub struct FlowerOptions {
    /// Class id.
    pub classid: Option<u32>,
    /// Input device.
    pub indev: Option<String>,
    /// Actions.
    pub act: Vec<Action>,
    /// Destination MAC.
    pub key_eth_dst: Option<Vec<u8>>,
    /// Destination MAC mask.
    pub key_eth_dst_mask: Option<Vec<u8>>,
    /// Source MAC.
    pub key_eth_src: Option<Vec<u8>>,
    /// Source MAC mask.
    pub key_eth_src_mask: Option<Vec<u8>>,
    /// Ether type (network order on the wire).
    pub key_eth_type: Option<u16>,
    /// IP protocol.
    pub key_ip_proto: Option<u8>,
    /// IPv4 source.
    pub key_ipv4_src: Option<std::net::Ipv4Addr>,
    /// IPv4 source mask.
    pub key_ipv4_src_mask: Option<std::net::Ipv4Addr>,
    /// IPv4 destination.
    pub key_ipv4_dst: Option<std::net::Ipv4Addr>,
    /// IPv4 destination mask.
    pub key_ipv4_dst_mask: Option<std::net::Ipv4Addr>,
    /// TCP source port.
    pub key_tcp_src: Option<u16>,
    /// TCP destination port.
    pub key_tcp_dst: Option<u16>,
    /// UDP source port.
    pub key_udp_src: Option<u16>,
    /// UDP destination port.
    pub key_udp_dst: Option<u16>,
    /// TCA_CLS_FLAGS_*.
    pub flags: Option<u32>,
    /// VLAN id.
    pub key_vlan_id: Option<u16>,
}

/// One action (`TCA_ACT_*`): kind, options by kind, index, statistics.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_act")]
pub struct Action {
    /// `TCA_ACT_KIND` (mirred, gact, police, ...).
    pub kind: Option<String>,
    /// `TCA_ACT_OPTIONS` by kind.
    pub options: Option<ActOptions>,
    /// Index (0: the kernel picks one).
    pub index: Option<u32>,
    /// Statistics.
    pub stats: Option<Stats2>,
    /// Cookie.
    pub cookie: Option<Vec<u8>>,
    /// TCA_ACT_FLAGS_*.
    pub flags: Option<Bitfield32>,
    /// Requested hardware statistics types.
    pub hw_stats: Option<Bitfield32>,
    /// Hardware statistics types in use.
    pub used_hw_stats: Option<Bitfield32>,
    /// Number of hardware instances.
    pub in_hw_count: Option<u32>,
}

/// `TCA_ACT_OPTIONS`, chosen by `TCA_ACT_KIND` (sub-message `tc-act-options`).
#[derive(Netlink, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", sub_message = "tc-act-options")]
#[non_exhaustive]
pub enum ActOptions {
    /// mirred: mirror or redirect to a device.
    #[netlink(format = "mirred")]
    Mirred(MirredOptions),
    /// gact: pass, drop, ... with an optional random choice.
    #[netlink(format = "gact")]
    Gact(GactOptions),
    /// police.
    #[netlink(format = "police")]
    Police(PoliceOptions),
    /// skbedit.
    #[netlink(format = "skbedit")]
    Skbedit(SkbeditOptions),
    /// pedit: `tc_pedit_sel` and keys as bytes.
    #[netlink(format = "pedit")]
    Pedit(PeditOptions),
    /// vlan.
    #[netlink(format = "vlan")]
    Vlan(VlanOptions),
    /// nat.
    #[netlink(format = "nat")]
    Nat(NatOptions),
    /// csum.
    #[netlink(format = "csum")]
    Csum(CsumOptions),
    /// Any other kind: the raw payload.
    Other(Vec<u8>),
}

/// mirred (`TCA_MIRRED_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_mirred")]
pub struct MirredOptions {
    /// Install / last-use times (jiffies).
    pub tm: Option<tcf_t>,
    /// index, action (TC_ACT_*), refcnt, bindcnt, eaction (TCA_*_REDIR / TCA_*_MIRROR), ifindex.
    pub parms: Option<tc_mirred>,
}

/// gact (`TCA_GACT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_gact")]
pub struct GactOptions {
    /// Times.
    pub tm: Option<tcf_t>,
    /// index, action, refcnt, bindcnt.
    pub parms: Option<tc_gact>,
    /// Random choice.
    pub prob: Option<tc_gact_p>,
}

/// police (`TCA_POLICE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_police")]
pub struct PoliceOptions {
    /// Rate, burst, mtu, action.
    pub tbf: Option<tc_police>,
    /// Rate table.
    pub rate: Option<Vec<u8>>,
    /// Peak rate table.
    pub peakrate: Option<Vec<u8>>,
    /// Average rate.
    pub avrate: Option<u32>,
    /// Result.
    pub result: Option<u32>,
    /// Times.
    pub tm: Option<tcf_t>,
    /// Rate above 32 bits.
    pub rate64: Option<u64>,
    /// Peak rate above 32 bits.
    pub peakrate64: Option<u64>,
    /// Packet rate.
    pub pktrate64: Option<u64>,
    /// Packet burst.
    pub pktburst64: Option<u64>,
}

/// skbedit (`TCA_SKBEDIT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_skbedit")]
pub struct SkbeditOptions {
    /// Times.
    pub tm: Option<tcf_t>,
    /// index, action, ...
    pub parms: Option<tc_skbedit>,
    /// skb priority.
    pub priority: Option<u32>,
    /// Queue mapping.
    pub queue_mapping: Option<u16>,
    /// Mark.
    pub mark: Option<u32>,
    /// Packet type.
    pub ptype: Option<u16>,
    /// Mark mask.
    pub mask: Option<u32>,
    /// Flags.
    pub flags: Option<u64>,
}

/// pedit (`TCA_PEDIT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_pedit")]
pub struct PeditOptions {
    /// Times.
    pub tm: Option<tcf_t>,
    /// `tc_pedit_sel` and its keys.
    pub parms: Option<Vec<u8>>,
    /// The same, extended form.
    pub parms_ex: Option<Vec<u8>>,
    /// Extended keys (nest).
    pub keys_ex: Option<Vec<u8>>,
}

/// vlan (`TCA_VLAN_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_vlan")]
pub struct VlanOptions {
    /// Times.
    pub tm: Option<tcf_t>,
    /// index, action, v_action (TCA_VLAN_ACT_*).
    pub parms: Option<tc_vlan>,
    /// VLAN id to push.
    pub push_vlan_id: Option<u16>,
    /// VLAN protocol to push (network order on the wire).
    pub push_vlan_protocol: Option<u16>,
    /// Priority to push.
    pub push_vlan_priority: Option<u8>,
}

/// nat (`TCA_NAT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_nat")]
pub struct NatOptions {
    /// old_addr, new_addr, mask, flags.
    pub parms: Option<tc_nat>,
    /// Times.
    pub tm: Option<tcf_t>,
}

/// csum (`TCA_CSUM_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_csum")]
pub struct CsumOptions {
    /// index, action, update_flags.
    pub parms: Option<tc_csum>,
    /// Times.
    pub tm: Option<tcf_t>,
}

/// `TCA_STATS2` / `TCA_ACT_STATS` (`TCA_STATS_*`): basic counters, rate estimator, queue.
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", attributes = "tca_stats")]
pub struct Stats2 {
    /// Bytes and packets (packets also in `pkt64` when above 32 bits).
    pub basic: Option<gnet_stats_basic>,
    /// Rate estimator (32-bit).
    pub rate_est: Option<gnet_stats_rate_est>,
    /// Queue: qlen, backlog, drops, requeues, overlimits.
    pub queue: Option<gnet_stats_queue>,
    /// Rate estimator (64-bit).
    pub rate_est64: Option<gnet_stats_rate_est64>,
    /// Hardware bytes and packets.
    pub basic_hw: Option<gnet_stats_basic>,
    /// Packets, 64-bit.
    pub pkt64: Option<u64>,
}

/// `TCA_XSTATS`: the kind's own statistics (sub-message `tc-xstats`).
#[derive(Netlink, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", sub_message = "tc-xstats")]
#[non_exhaustive]
pub enum XStats {
    /// htb class: lends, borrows, giants, tokens, ctokens.
    #[netlink(format = "htb")]
    Htb(tc_htb_xstats),
    /// fq_codel qdisc or class.
    #[netlink(format = "fq_codel")]
    FqCodel(tc_fq_codel_xstats),
    /// fq qdisc.
    #[netlink(format = "fq")]
    Fq(tc_fq_qd_stats),
    /// sfq class.
    #[netlink(format = "sfq")]
    Sfq(tc_sfq_xstats),
    /// codel.
    #[netlink(format = "codel")]
    Codel(tc_codel_xstats),
    /// Any other kind: raw bytes.
    Other(Vec<u8>),
}
