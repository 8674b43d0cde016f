//! nf_tables over nfnetlink: tables, chains, rules with their expressions decoded, sets and
//! their elements, objects (counters, quotas), the ruleset generation, and changes made in one
//! atomic [`crate::nfnl::Transaction`] whose report names the member that failed.
//!
//! ```no_run
//! use netlink_runtime::nfnl::Handle;
//! use netlink_runtime::nftables::*;
//! use netlink_runtime::schemas::nftables::*;
//! # fn main() -> Result<(), netlink_runtime::Error> {
//! let mut h = Handle::new()?;
//! let mut tx = NftBatch::new();
//! tx.add_table(&TableSpec::new(NFPROTO_INET, "filter"));
//! tx.add_chain(&ChainSpec::base(NFPROTO_INET, "filter", "input", "filter", NF_INET_LOCAL_IN, 0));
//! tx.add_rule(&RuleSpec::new(NFPROTO_INET, "filter", "input")
//!     .expr(Expr::meta_load(NFT_META_L4PROTO, NFT_REG_1))
//!     .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &[6]))
//!     .expr(Expr::counter())
//!     .expr(Expr::verdict(NF_ACCEPT)));
//! h.nft_commit(&tx)?; // all or nothing; the error names the member that failed
//! for r in h.nft_rules(&RuleFilter::all())? {
//!     println!("{} {}: {:?}", r.table, r.chain, r.exprs().iter().map(|e| &e.name).collect::<Vec<_>>());
//! }
//! # Ok(()) }
//! ```
//!
//! Changes made by anyone arrive as typed [`Event`]s through [`subscribe`] (or the async
//! handle's `subscribe(EVENT_GROUPS, EventDecoder)`).
//!
//! Numbers in nf_tables messages are big-endian on the wire; here they are host-order. Values
//! compared with packet data (`cmp`, `immediate`, set keys) are bytes in the packet's order.

use netlink_derive::Netlink;

use crate::codec::{FromMessage, ToMessage};
use crate::error::Error;
use crate::message::Message;
use crate::nfnl::{self, Commit, Transaction, TransactionReport};
use crate::op::{Dump, DumpOwned, Outgoing, Request};
use crate::request::Reply;
use crate::schemas::netlink::{NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE};
use crate::schemas::nftables::*;
use crate::MessageBuilder;

fn nft_type(msg: u16) -> u16 {
    nfnl::msg_type(NFNL_SUBSYS_NFTABLES, msg)
}

/// The bit of `ct state` (what [`Expr::ct_load`] of `NFT_CT_STATE` loads) for the conntrack
/// info `ctinfo`: `IP_CT_ESTABLISHED`, `IP_CT_RELATED`, `IP_CT_NEW` (`NF_CT_STATE_BIT`, a
/// function-like macro of linux/netfilter/nf_conntrack_common.h, so no schema constant);
/// `NF_CT_STATE_INVALID_BIT` and `NF_CT_STATE_UNTRACKED_BIT` are the other two.
pub const fn ct_state_bit(ctinfo: u32) -> u32 {
    1 << (ctinfo % IP_CT_IS_REPLY + 1)
}

/// A table (`NFT_MSG_NEWTABLE`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", message = "table")]
pub struct Table {
    /// `nfgen_family`: NFPROTO_*.
    #[netlink(header = "nfgen_family")]
    pub family: u8,
    /// `NFTA_TABLE_NAME`.
    pub name: String,
    /// `NFTA_TABLE_FLAGS`: NFT_TABLE_F_*.
    pub flags: Option<u32>,
    /// `NFTA_TABLE_USE`: how many chains, sets and objects it holds.
    #[netlink(attr = "NFTA_TABLE_USE")]
    pub use_count: Option<u32>,
    /// `NFTA_TABLE_HANDLE`.
    pub handle: Option<u64>,
    /// `NFTA_TABLE_USERDATA`.
    pub userdata: Option<Vec<u8>>,
}

/// A base chain's hook (`NFTA_CHAIN_HOOK`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_hook")]
pub struct Hook {
    /// `NFTA_HOOK_HOOKNUM`: NF_INET_* or NF_NETDEV_*.
    pub hooknum: Option<u32>,
    /// `NFTA_HOOK_PRIORITY`: lower runs first.
    pub priority: Option<i32>,
    /// `NFTA_HOOK_DEV`: the device of a netdev chain.
    pub dev: Option<String>,
}

impl Hook {
    /// The hook and priority of a base chain.
    pub fn new(hooknum: u32, priority: i32) -> Hook {
        Hook {
            hooknum: Some(hooknum),
            priority: Some(priority),
            dev: None,
        }
    }
}

/// Packet and byte counts (`NFTA_CHAIN_COUNTERS`, the `counter` expression and counter
/// objects).
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_counter")]
pub struct Counter {
    /// `NFTA_COUNTER_BYTES`.
    pub bytes: Option<u64>,
    /// `NFTA_COUNTER_PACKETS`.
    pub packets: Option<u64>,
}

/// A chain (`NFT_MSG_NEWCHAIN`); a base chain has a hook, a type and a policy.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", message = "chain")]
pub struct Chain {
    /// `nfgen_family`.
    #[netlink(header = "nfgen_family")]
    pub family: u8,
    /// `NFTA_CHAIN_TABLE`.
    pub table: String,
    /// `NFTA_CHAIN_NAME`.
    pub name: String,
    /// `NFTA_CHAIN_HANDLE`.
    pub handle: Option<u64>,
    /// `NFTA_CHAIN_HOOK`.
    pub hook: Option<Hook>,
    /// `NFTA_CHAIN_POLICY`: NF_DROP or NF_ACCEPT.
    pub policy: Option<u32>,
    /// `NFTA_CHAIN_USE`: rules and jumps referring to it.
    #[netlink(attr = "NFTA_CHAIN_USE")]
    pub use_count: Option<u32>,
    /// `NFTA_CHAIN_TYPE`: filter, nat or route.
    #[netlink(attr = "NFTA_CHAIN_TYPE")]
    pub kind: Option<String>,
    /// `NFTA_CHAIN_COUNTERS`.
    pub counters: Option<Counter>,
    /// `NFTA_CHAIN_FLAGS`: NFT_CHAIN_*.
    pub flags: Option<u32>,
    /// `NFTA_CHAIN_USERDATA` (nft keeps comments here).
    pub userdata: Option<Vec<u8>>,
}

/// A value or a verdict (`NFTA_DATA_*`: `cmp` and `immediate` data, set keys and map data).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_data")]
pub struct Data {
    /// `NFTA_DATA_VALUE`: bytes in the packet's order.
    pub value: Option<Vec<u8>>,
    /// `NFTA_DATA_VERDICT`.
    pub verdict: Option<Verdict>,
}

impl Data {
    /// A value.
    pub fn value(bytes: &[u8]) -> Data {
        Data {
            value: Some(bytes.to_vec()),
            verdict: None,
        }
    }
}

/// A verdict (`NFTA_DATA_VERDICT`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_verdict")]
pub struct Verdict {
    /// `NFTA_VERDICT_CODE`: NF_DROP, NF_ACCEPT, NFT_JUMP, NFT_GOTO, NFT_RETURN, ...
    pub code: Option<i32>,
    /// `NFTA_VERDICT_CHAIN`: the target of a jump or goto.
    pub chain: Option<String>,
}

/// `payload`: load from (or write to) packet data (`NFTA_PAYLOAD_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_payload")]
pub struct Payload {
    /// `NFTA_PAYLOAD_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_PAYLOAD_BASE`.
    pub base: Option<u32>,
    /// `NFTA_PAYLOAD_OFFSET`.
    pub offset: Option<u32>,
    /// `NFTA_PAYLOAD_LEN`.
    pub len: Option<u32>,
    /// `NFTA_PAYLOAD_SREG`.
    pub sreg: Option<u32>,
    /// `NFTA_PAYLOAD_CSUM_TYPE`.
    pub csum_type: Option<u32>,
    /// `NFTA_PAYLOAD_CSUM_OFFSET`.
    pub csum_offset: Option<u32>,
    /// `NFTA_PAYLOAD_CSUM_FLAGS`.
    pub csum_flags: Option<u32>,
}

/// `cmp`: compare a register with data (`NFTA_CMP_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_cmp")]
pub struct Cmp {
    /// `NFTA_CMP_SREG`.
    pub sreg: Option<u32>,
    /// `NFTA_CMP_OP`.
    pub op: Option<u32>,
    /// `NFTA_CMP_DATA`.
    pub data: Option<Data>,
}

/// `meta`: load (or set) packet meta data (`NFTA_META_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_meta")]
pub struct Meta {
    /// `NFTA_META_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_META_KEY`.
    pub key: Option<u32>,
    /// `NFTA_META_SREG`.
    pub sreg: Option<u32>,
}

/// `immediate`: load data or a verdict into a register (`NFTA_IMMEDIATE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_immediate")]
pub struct Immediate {
    /// `NFTA_IMMEDIATE_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_IMMEDIATE_DATA`.
    pub data: Option<Data>,
}

/// `lookup`: look a register up in a set (`NFTA_LOOKUP_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_lookup")]
pub struct Lookup {
    /// `NFTA_LOOKUP_SET`.
    pub set: Option<String>,
    /// `NFTA_LOOKUP_SREG`.
    pub sreg: Option<u32>,
    /// `NFTA_LOOKUP_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_LOOKUP_SET_ID`.
    pub set_id: Option<u32>,
    /// `NFTA_LOOKUP_FLAGS`.
    pub flags: Option<u32>,
}

/// `bitwise`: mask and xor, or shift (`NFTA_BITWISE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_bitwise")]
pub struct Bitwise {
    /// `NFTA_BITWISE_SREG`.
    pub sreg: Option<u32>,
    /// `NFTA_BITWISE_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_BITWISE_LEN`.
    pub len: Option<u32>,
    /// `NFTA_BITWISE_MASK`.
    pub mask: Option<Data>,
    /// `NFTA_BITWISE_XOR`.
    pub xor: Option<Data>,
    /// `NFTA_BITWISE_OP`.
    pub op: Option<u32>,
    /// `NFTA_BITWISE_DATA`.
    pub data: Option<Data>,
}

/// `ct`: load (or set) conntrack data (`NFTA_CT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_ct")]
pub struct Ct {
    /// `NFTA_CT_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_CT_KEY`.
    pub key: Option<u32>,
    /// `NFTA_CT_DIRECTION`.
    pub direction: Option<u8>,
    /// `NFTA_CT_SREG`.
    pub sreg: Option<u32>,
}

/// `nat`: source or destination NAT (`NFTA_NAT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_nat")]
pub struct Nat {
    /// `NFTA_NAT_TYPE`.
    #[netlink(attr = "NFTA_NAT_TYPE")]
    pub kind: Option<u32>,
    /// `NFTA_NAT_FAMILY`.
    pub family: Option<u32>,
    /// `NFTA_NAT_REG_ADDR_MIN`.
    pub reg_addr_min: Option<u32>,
    /// `NFTA_NAT_REG_ADDR_MAX`.
    pub reg_addr_max: Option<u32>,
    /// `NFTA_NAT_REG_PROTO_MIN`.
    pub reg_proto_min: Option<u32>,
    /// `NFTA_NAT_REG_PROTO_MAX`.
    pub reg_proto_max: Option<u32>,
    /// `NFTA_NAT_FLAGS`.
    pub flags: Option<u32>,
}

/// `log` (`NFTA_LOG_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_log")]
pub struct Log {
    /// `NFTA_LOG_GROUP`.
    pub group: Option<u16>,
    /// `NFTA_LOG_PREFIX`.
    pub prefix: Option<String>,
    /// `NFTA_LOG_SNAPLEN`.
    pub snaplen: Option<u32>,
    /// `NFTA_LOG_QTHRESHOLD`.
    pub qthreshold: Option<u16>,
    /// `NFTA_LOG_LEVEL`.
    pub level: Option<u32>,
    /// `NFTA_LOG_FLAGS`.
    pub flags: Option<u32>,
}

/// `limit` (`NFTA_LIMIT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_limit")]
pub struct Limit {
    /// `NFTA_LIMIT_RATE`.
    pub rate: Option<u64>,
    /// `NFTA_LIMIT_UNIT`.
    pub unit: Option<u64>,
    /// `NFTA_LIMIT_BURST`.
    pub burst: Option<u32>,
    /// `NFTA_LIMIT_TYPE`.
    #[netlink(attr = "NFTA_LIMIT_TYPE")]
    pub kind: Option<u32>,
    /// `NFTA_LIMIT_FLAGS`.
    pub flags: Option<u32>,
}

/// `reject` (`NFTA_REJECT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_reject")]
pub struct Reject {
    /// `NFTA_REJECT_TYPE`.
    #[netlink(attr = "NFTA_REJECT_TYPE")]
    pub kind: Option<u32>,
    /// `NFTA_REJECT_ICMP_CODE`.
    pub icmp_code: Option<u8>,
}

/// `range` (`NFTA_RANGE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_range")]
pub struct Range {
    /// `NFTA_RANGE_SREG`.
    pub sreg: Option<u32>,
    /// `NFTA_RANGE_OP`.
    pub op: Option<u32>,
    /// `NFTA_RANGE_FROM_DATA`.
    pub from_data: Option<Data>,
    /// `NFTA_RANGE_TO_DATA`.
    pub to_data: Option<Data>,
}

/// `quota` (`NFTA_QUOTA_*`), also the data of quota objects.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_quota")]
pub struct Quota {
    /// `NFTA_QUOTA_BYTES`.
    pub bytes: Option<u64>,
    /// `NFTA_QUOTA_FLAGS`.
    pub flags: Option<u32>,
    /// `NFTA_QUOTA_CONSUMED`.
    pub consumed: Option<u64>,
}

/// `masq` (`NFTA_MASQ_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_masq")]
pub struct Masq {
    /// `NFTA_MASQ_FLAGS`.
    pub flags: Option<u32>,
    /// `NFTA_MASQ_REG_PROTO_MIN`.
    pub reg_proto_min: Option<u32>,
    /// `NFTA_MASQ_REG_PROTO_MAX`.
    pub reg_proto_max: Option<u32>,
}

/// `redir` (`NFTA_REDIR_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_redir")]
pub struct Redir {
    /// `NFTA_REDIR_REG_PROTO_MIN`.
    pub reg_proto_min: Option<u32>,
    /// `NFTA_REDIR_REG_PROTO_MAX`.
    pub reg_proto_max: Option<u32>,
    /// `NFTA_REDIR_FLAGS`.
    pub flags: Option<u32>,
}

/// `objref` (`NFTA_OBJREF_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_objref")]
pub struct Objref {
    /// `NFTA_OBJREF_IMM_TYPE`.
    pub imm_type: Option<u32>,
    /// `NFTA_OBJREF_IMM_NAME`.
    pub imm_name: Option<String>,
    /// `NFTA_OBJREF_SET_SREG`.
    pub set_sreg: Option<u32>,
    /// `NFTA_OBJREF_SET_NAME`.
    pub set_name: Option<String>,
    /// `NFTA_OBJREF_SET_ID`.
    pub set_id: Option<u32>,
}

/// `exthdr` (`NFTA_EXTHDR_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_exthdr")]
pub struct Exthdr {
    /// `NFTA_EXTHDR_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_EXTHDR_TYPE`.
    #[netlink(attr = "NFTA_EXTHDR_TYPE")]
    pub kind: Option<u8>,
    /// `NFTA_EXTHDR_OFFSET`.
    pub offset: Option<u32>,
    /// `NFTA_EXTHDR_LEN`.
    pub len: Option<u32>,
    /// `NFTA_EXTHDR_FLAGS`.
    pub flags: Option<u32>,
    /// `NFTA_EXTHDR_OP`.
    pub op: Option<u32>,
    /// `NFTA_EXTHDR_SREG`.
    pub sreg: Option<u32>,
}

/// `fib` (`NFTA_FIB_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_fib")]
pub struct Fib {
    /// `NFTA_FIB_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_FIB_RESULT`.
    pub result: Option<u32>,
    /// `NFTA_FIB_FLAGS`.
    pub flags: Option<u32>,
}

/// `byteorder` (`NFTA_BYTEORDER_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_byteorder")]
pub struct Byteorder {
    /// `NFTA_BYTEORDER_SREG`.
    pub sreg: Option<u32>,
    /// `NFTA_BYTEORDER_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_BYTEORDER_OP`.
    pub op: Option<u32>,
    /// `NFTA_BYTEORDER_LEN`.
    pub len: Option<u32>,
    /// `NFTA_BYTEORDER_SIZE`.
    pub size: Option<u32>,
}

/// `dynset` (`NFTA_DYNSET_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_dynset")]
pub struct Dynset {
    /// `NFTA_DYNSET_SET_NAME`.
    pub set_name: Option<String>,
    /// `NFTA_DYNSET_SET_ID`.
    pub set_id: Option<u32>,
    /// `NFTA_DYNSET_OP`.
    pub op: Option<u32>,
    /// `NFTA_DYNSET_SREG_KEY`.
    pub sreg_key: Option<u32>,
    /// `NFTA_DYNSET_SREG_DATA`.
    pub sreg_data: Option<u32>,
    /// `NFTA_DYNSET_TIMEOUT`.
    pub timeout: Option<u64>,
    /// `NFTA_DYNSET_FLAGS`.
    pub flags: Option<u32>,
}

/// `numgen` (`NFTA_NG_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_ng")]
pub struct Numgen {
    /// `NFTA_NG_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_NG_MODULUS`.
    pub modulus: Option<u32>,
    /// `NFTA_NG_TYPE`.
    #[netlink(attr = "NFTA_NG_TYPE")]
    pub kind: Option<u32>,
    /// `NFTA_NG_OFFSET`.
    pub offset: Option<u32>,
}

/// `queue` (`NFTA_QUEUE_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_queue")]
pub struct Queue {
    /// `NFTA_QUEUE_NUM`.
    pub num: Option<u16>,
    /// `NFTA_QUEUE_TOTAL`.
    pub total: Option<u16>,
    /// `NFTA_QUEUE_FLAGS`.
    pub flags: Option<u16>,
    /// `NFTA_QUEUE_SREG_QNUM`.
    pub sreg_qnum: Option<u32>,
}

/// `connlimit` (`NFTA_CONNLIMIT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_connlimit")]
pub struct Connlimit {
    /// `NFTA_CONNLIMIT_COUNT`.
    pub count: Option<u32>,
    /// `NFTA_CONNLIMIT_FLAGS`.
    pub flags: Option<u32>,
}

/// `rt` (`NFTA_RT_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_rt")]
pub struct Rt {
    /// `NFTA_RT_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_RT_KEY`.
    pub key: Option<u32>,
}

/// `socket` (`NFTA_SOCKET_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_socket")]
pub struct Socket {
    /// `NFTA_SOCKET_KEY`.
    pub key: Option<u32>,
    /// `NFTA_SOCKET_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_SOCKET_LEVEL`.
    pub level: Option<u32>,
}

/// `hash` (`NFTA_HASH_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_hash")]
pub struct Hash {
    /// `NFTA_HASH_SREG`.
    pub sreg: Option<u32>,
    /// `NFTA_HASH_DREG`.
    pub dreg: Option<u32>,
    /// `NFTA_HASH_LEN`.
    pub len: Option<u32>,
    /// `NFTA_HASH_MODULUS`.
    pub modulus: Option<u32>,
    /// `NFTA_HASH_SEED`.
    pub seed: Option<u32>,
    /// `NFTA_HASH_OFFSET`.
    pub offset: Option<u32>,
    /// `NFTA_HASH_TYPE`.
    #[netlink(attr = "NFTA_HASH_TYPE")]
    pub kind: Option<u32>,
}

/// An expression's data, chosen by its name (`NFTA_EXPR_DATA` by `NFTA_EXPR_NAME`).
#[derive(Netlink, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", sub_message = "expr-data")]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum ExprData {
    #[netlink(format = "payload")]
    Payload(Payload),
    #[netlink(format = "cmp")]
    Cmp(Cmp),
    #[netlink(format = "meta")]
    Meta(Meta),
    #[netlink(format = "immediate")]
    Immediate(Immediate),
    #[netlink(format = "counter")]
    Counter(Counter),
    #[netlink(format = "lookup")]
    Lookup(Lookup),
    #[netlink(format = "bitwise")]
    Bitwise(Bitwise),
    #[netlink(format = "ct")]
    Ct(Ct),
    #[netlink(format = "nat")]
    Nat(Nat),
    #[netlink(format = "log")]
    Log(Log),
    #[netlink(format = "limit")]
    Limit(Limit),
    #[netlink(format = "reject")]
    Reject(Reject),
    #[netlink(format = "range")]
    Range(Range),
    #[netlink(format = "quota")]
    Quota(Quota),
    #[netlink(format = "masq")]
    Masq(Masq),
    #[netlink(format = "redir")]
    Redir(Redir),
    #[netlink(format = "objref")]
    Objref(Objref),
    #[netlink(format = "exthdr")]
    Exthdr(Exthdr),
    #[netlink(format = "fib")]
    Fib(Fib),
    #[netlink(format = "byteorder")]
    Byteorder(Byteorder),
    #[netlink(format = "dynset")]
    Dynset(Dynset),
    #[netlink(format = "numgen")]
    Numgen(Numgen),
    #[netlink(format = "queue")]
    Queue(Queue),
    #[netlink(format = "connlimit")]
    Connlimit(Connlimit),
    #[netlink(format = "rt")]
    Rt(Rt),
    #[netlink(format = "socket")]
    Socket(Socket),
    #[netlink(format = "hash")]
    Hash(Hash),
    /// An expression this module does not model (its raw nest).
    Other(Vec<u8>),
}

/// One expression of a rule (`NFTA_LIST_ELEM` of `NFTA_RULE_EXPRESSIONS`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_expr")]
pub struct Expr {
    /// `NFTA_EXPR_NAME`: the expression's module (`payload`, `cmp`, `counter`, ...).
    pub name: String,
    /// `NFTA_EXPR_DATA` (absent for expressions without attributes, such as `notrack`).
    pub data: Option<ExprData>,
}

fn reg_data(data: &[u8]) -> Data {
    Data::value(data)
}

impl Expr {
    fn of(name: &str, data: ExprData) -> Expr {
        Expr {
            name: name.to_owned(),
            data: Some(data),
        }
    }
    /// `payload load LEN @ BASE + OFFSET => reg DREG`.
    pub fn payload_load(base: u32, offset: u32, len: u32, dreg: u32) -> Expr {
        Expr::of(
            "payload",
            ExprData::Payload(Payload {
                dreg: Some(dreg),
                base: Some(base),
                offset: Some(offset),
                len: Some(len),
                ..Payload::default()
            }),
        )
    }
    /// `cmp OP reg SREG DATA` (`NFT_CMP_*`; data in the packet's byte order).
    pub fn cmp(sreg: u32, op: u32, data: &[u8]) -> Expr {
        Expr::of(
            "cmp",
            ExprData::Cmp(Cmp {
                sreg: Some(sreg),
                op: Some(op),
                data: Some(reg_data(data)),
            }),
        )
    }
    /// `meta load KEY => reg DREG` (`NFT_META_*`).
    pub fn meta_load(key: u32, dreg: u32) -> Expr {
        Expr::of(
            "meta",
            ExprData::Meta(Meta {
                dreg: Some(dreg),
                key: Some(key),
                sreg: None,
            }),
        )
    }
    /// `ct load KEY => reg DREG` (`NFT_CT_*`).
    pub fn ct_load(key: u32, dreg: u32) -> Expr {
        Expr::of(
            "ct",
            ExprData::Ct(Ct {
                dreg: Some(dreg),
                key: Some(key),
                ..Ct::default()
            }),
        )
    }
    /// `ct set KEY with reg SREG` (`NFT_CT_MARK`, ...).
    pub fn ct_set(key: u32, sreg: u32) -> Expr {
        Expr::of(
            "ct",
            ExprData::Ct(Ct {
                key: Some(key),
                sreg: Some(sreg),
                ..Ct::default()
            }),
        )
    }
    /// `immediate reg DREG DATA`: a value into a register (bytes in the packet's order; the
    /// operand of a `nat`, `ct set` or `meta set`).
    pub fn immediate(dreg: u32, data: &[u8]) -> Expr {
        Expr::of(
            "immediate",
            ExprData::Immediate(Immediate {
                dreg: Some(dreg),
                data: Some(Data::value(data)),
            }),
        )
    }
    /// `bitwise reg DREG = (reg SREG & MASK) ^ XOR`; `mask` and `xor` have the register
    /// value's length (the kernel refuses other lengths).
    pub fn bitwise(sreg: u32, dreg: u32, mask: &[u8], xor: &[u8]) -> Expr {
        Expr::of(
            "bitwise",
            ExprData::Bitwise(Bitwise {
                sreg: Some(sreg),
                dreg: Some(dreg),
                len: Some(mask.len() as u32),
                mask: Some(Data::value(mask)),
                xor: Some(Data::value(xor)),
                ..Bitwise::default()
            }),
        )
    }
    /// `nat snat|dnat FAMILY` (`NFT_NAT_SNAT` or `NFT_NAT_DNAT`, `NFPROTO_IPV4` or
    /// `NFPROTO_IPV6`) to the address range in registers `addr` (min, max) and the port range
    /// in registers `proto` (min, max), loaded by [`Expr::immediate`] before it. The kernel
    /// sets the range flags (`NF_NAT_RANGE_MAP_IPS`, `_PROTO_SPECIFIED`) from the registers
    /// given. Only in chains of type `nat`: `snat` in postrouting and input, `dnat` in
    /// prerouting and output.
    pub fn nat(kind: u32, family: u8, addr: Option<(u32, u32)>, proto: Option<(u32, u32)>) -> Expr {
        Expr::of(
            "nat",
            ExprData::Nat(Nat {
                kind: Some(kind),
                family: Some(u32::from(family)),
                reg_addr_min: addr.map(|a| a.0),
                reg_addr_max: addr.map(|a| a.1),
                reg_proto_min: proto.map(|p| p.0),
                reg_proto_max: proto.map(|p| p.1),
                flags: None,
            }),
        )
    }
    /// `limit rate RATE/UNIT burst BURST`: `kind` is `NFT_LIMIT_PKTS` (packets) or
    /// `NFT_LIMIT_PKT_BYTES` (bytes), `unit` seconds (1 for `/second`, 60 for `/minute`),
    /// `flags` `NFT_LIMIT_F_INV` for `rate over` (matches above the rate).
    pub fn limit(kind: u32, rate: u64, unit: u64, burst: u32, flags: u32) -> Expr {
        Expr::of(
            "limit",
            ExprData::Limit(Limit {
                rate: Some(rate),
                unit: Some(unit),
                burst: Some(burst),
                kind: Some(kind),
                flags: Some(flags),
            }),
        )
    }
    /// A counter.
    pub fn counter() -> Expr {
        Expr::of(
            "counter",
            ExprData::Counter(Counter {
                bytes: Some(0),
                packets: Some(0),
            }),
        )
    }
    /// `lookup reg SREG set NAME`.
    pub fn lookup(set: &str, sreg: u32) -> Expr {
        Expr::of(
            "lookup",
            ExprData::Lookup(Lookup {
                set: Some(set.to_owned()),
                sreg: Some(sreg),
                ..Lookup::default()
            }),
        )
    }
    /// `immediate reg 0 VERDICT` (NF_ACCEPT, NF_DROP, NFT_RETURN, NFT_CONTINUE).
    pub fn verdict(code: i32) -> Expr {
        Expr::verdict_to(code, None)
    }
    /// `immediate reg 0 jump -> CHAIN` / `goto -> CHAIN` (NFT_JUMP, NFT_GOTO).
    pub fn verdict_to(code: i32, chain: Option<&str>) -> Expr {
        Expr::of(
            "immediate",
            ExprData::Immediate(Immediate {
                dreg: Some(NFT_REG_VERDICT),
                data: Some(Data {
                    value: None,
                    verdict: Some(Verdict {
                        code: Some(code),
                        chain: chain.map(str::to_owned),
                    }),
                }),
            }),
        )
    }
    /// `log prefix PREFIX`.
    pub fn log(prefix: &str) -> Expr {
        Expr::of(
            "log",
            ExprData::Log(Log {
                prefix: Some(prefix.to_owned()),
                ..Log::default()
            }),
        )
    }
    /// An expression given by name and data.
    pub fn new(name: &str, data: Option<ExprData>) -> Expr {
        Expr {
            name: name.to_owned(),
            data,
        }
    }
}

/// A list of expressions (`NFTA_RULE_EXPRESSIONS`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_expr_list")]
pub struct ExprList {
    /// `NFTA_LIST_ELEM`s.
    pub elem: Vec<Expr>,
}

/// A rule (`NFT_MSG_NEWRULE`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", message = "rule")]
pub struct Rule {
    /// `nfgen_family`.
    #[netlink(header = "nfgen_family")]
    pub family: u8,
    /// `NFTA_RULE_TABLE`.
    pub table: String,
    /// `NFTA_RULE_CHAIN`.
    pub chain: String,
    /// `NFTA_RULE_HANDLE`.
    pub handle: Option<u64>,
    /// `NFTA_RULE_EXPRESSIONS`.
    pub expressions: Option<ExprList>,
    /// `NFTA_RULE_POSITION` (requests: the rule to add after, or to replace).
    pub position: Option<u64>,
    /// `NFTA_RULE_USERDATA` (nft keeps comments here).
    pub userdata: Option<Vec<u8>>,
}

impl Rule {
    /// The expressions.
    pub fn exprs(&self) -> &[Expr] {
        self.expressions.as_ref().map_or(&[], |l| &l.elem)
    }
}

/// The field lengths of a concatenated set key (`NFTA_SET_FIELD_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_set_field")]
pub struct SetField {
    /// `NFTA_SET_FIELD_LEN`.
    pub len: Option<u32>,
}

/// `NFTA_SET_DESC_CONCAT`.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_set_field_list")]
pub struct SetFieldList {
    /// The fields.
    pub elem: Vec<SetField>,
}

/// `NFTA_SET_DESC`.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_set_desc")]
pub struct SetDesc {
    /// `NFTA_SET_DESC_SIZE`: the expected number of elements.
    pub size: Option<u32>,
    /// `NFTA_SET_DESC_CONCAT`.
    pub concat: Option<SetFieldList>,
}

/// A set or map (`NFT_MSG_NEWSET`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", message = "set")]
pub struct Set {
    /// `nfgen_family`.
    #[netlink(header = "nfgen_family")]
    pub family: u8,
    /// `NFTA_SET_TABLE`.
    pub table: String,
    /// `NFTA_SET_NAME`.
    pub name: String,
    /// `NFTA_SET_FLAGS`: NFT_SET_* (interval, map, timeout, constant, anonymous, ...).
    pub flags: Option<u32>,
    /// `NFTA_SET_KEY_TYPE`: user space's type id (nft: ipv4_addr is 7, inet_service 13, ...).
    pub key_type: Option<u32>,
    /// `NFTA_SET_KEY_LEN`.
    pub key_len: Option<u32>,
    /// `NFTA_SET_DATA_TYPE`: maps.
    pub data_type: Option<u32>,
    /// `NFTA_SET_DATA_LEN`.
    pub data_len: Option<u32>,
    /// `NFTA_SET_POLICY`.
    pub policy: Option<u32>,
    /// `NFTA_SET_DESC`.
    pub desc: Option<SetDesc>,
    /// `NFTA_SET_ID`: names the set inside a transaction before it has a handle.
    pub id: Option<u32>,
    /// `NFTA_SET_TIMEOUT`: milliseconds.
    pub timeout: Option<u64>,
    /// `NFTA_SET_GC_INTERVAL`: milliseconds.
    pub gc_interval: Option<u32>,
    /// `NFTA_SET_USERDATA`.
    pub userdata: Option<Vec<u8>>,
    /// `NFTA_SET_OBJ_TYPE`: object maps.
    pub obj_type: Option<u32>,
    /// `NFTA_SET_HANDLE`.
    pub handle: Option<u64>,
}

/// An element of a set or map (`NFTA_SET_ELEM_*`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_set_elem")]
pub struct SetElem {
    /// `NFTA_SET_ELEM_KEY`.
    pub key: Option<Data>,
    /// `NFTA_SET_ELEM_DATA`: the value of a map element.
    pub data: Option<Data>,
    /// `NFTA_SET_ELEM_FLAGS`: NFT_SET_ELEM_INTERVAL_END, NFT_SET_ELEM_CATCHALL.
    pub flags: Option<u32>,
    /// `NFTA_SET_ELEM_TIMEOUT`: milliseconds.
    pub timeout: Option<u64>,
    /// `NFTA_SET_ELEM_EXPIRATION`: milliseconds left.
    pub expiration: Option<u64>,
    /// `NFTA_SET_ELEM_USERDATA`.
    pub userdata: Option<Vec<u8>>,
    /// `NFTA_SET_ELEM_OBJREF`: the object of an object map element.
    pub objref: Option<String>,
    /// `NFTA_SET_ELEM_KEY_END`: the end of a range (concatenated interval sets).
    pub key_end: Option<Data>,
}

impl SetElem {
    /// An element with key `key` (bytes in the packet's order).
    pub fn key(key: &[u8]) -> SetElem {
        SetElem {
            key: Some(Data::value(key)),
            ..SetElem::default()
        }
    }
    /// The key's bytes.
    pub fn key_bytes(&self) -> &[u8] {
        self.key
            .as_ref()
            .and_then(|d| d.value.as_deref())
            .unwrap_or(&[])
    }
    /// Whether this element ends an interval.
    pub fn is_interval_end(&self) -> bool {
        self.flags.unwrap_or(0) & NFT_SET_ELEM_INTERVAL_END != 0
    }
}

/// `NFTA_SET_ELEM_LIST_ELEMENTS`.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", attributes = "nfta_set_elem_items")]
pub struct SetElemItems {
    /// The elements.
    pub elem: Vec<SetElem>,
}

/// Elements of one set (`NFT_MSG_NEWSETELEM`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", message = "setelem")]
pub struct SetElements {
    /// `nfgen_family`.
    #[netlink(header = "nfgen_family")]
    pub family: u8,
    /// `NFTA_SET_ELEM_LIST_TABLE`.
    pub table: String,
    /// `NFTA_SET_ELEM_LIST_SET`.
    pub set: String,
    /// `NFTA_SET_ELEM_LIST_ELEMENTS`.
    pub elements: Option<SetElemItems>,
    /// `NFTA_SET_ELEM_LIST_SET_ID`: a set made in the same transaction.
    pub set_id: Option<u32>,
}

/// A stateful object as the kernel sends it (`NFT_MSG_NEWOBJ`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", message = "obj")]
pub struct ObjMsg {
    /// `nfgen_family`.
    #[netlink(header = "nfgen_family")]
    pub family: u8,
    /// `NFTA_OBJ_TABLE`.
    pub table: String,
    /// `NFTA_OBJ_NAME`.
    pub name: String,
    /// `NFTA_OBJ_TYPE`: NFT_OBJECT_*.
    #[netlink(attr = "NFTA_OBJ_TYPE")]
    pub kind: u32,
    /// `NFTA_OBJ_DATA`, by `NFTA_OBJ_TYPE` (schema sub-message `obj-data`).
    pub data: Option<ObjData>,
    /// `NFTA_OBJ_USE`.
    #[netlink(attr = "NFTA_OBJ_USE")]
    pub use_count: Option<u32>,
    /// `NFTA_OBJ_HANDLE`.
    pub handle: Option<u64>,
    /// `NFTA_OBJ_USERDATA` (nft keeps comments here).
    pub userdata: Option<Vec<u8>>,
}

/// A stateful object's data, chosen by its type (`NFTA_OBJ_DATA` by the big-endian
/// `NFTA_OBJ_TYPE`).
#[derive(Netlink, Debug, Clone, PartialEq, Eq)]
#[netlink(schema = "nftables", sub_message = "obj-data")]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum ObjData {
    /// `NFT_OBJECT_COUNTER`.
    #[netlink(format = "NFT_OBJECT_COUNTER")]
    Counter(Counter),
    /// `NFT_OBJECT_QUOTA`.
    #[netlink(format = "NFT_OBJECT_QUOTA")]
    Quota(Quota),
    /// `NFT_OBJECT_LIMIT`.
    #[netlink(format = "NFT_OBJECT_LIMIT")]
    Limit(Limit),
    /// Another type (the object's `kind` says which): its raw attributes.
    Other(Vec<u8>),
}

/// A stateful object: counter, quota, limit, ...
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Object {
    /// NFPROTO_*.
    pub family: u8,
    /// Its table.
    pub table: String,
    /// Its name.
    pub name: String,
    /// Its type: NFT_OBJECT_*.
    pub kind: u32,
    /// Its handle.
    pub handle: Option<u64>,
    /// Its user data (nft: the comment).
    pub userdata: Option<Vec<u8>>,
    /// Its data.
    pub data: ObjData,
}

impl TryFrom<ObjMsg> for Object {
    type Error = Error;
    fn try_from(m: ObjMsg) -> Result<Object, Error> {
        Ok(Object {
            family: m.family,
            table: m.table,
            name: m.name,
            kind: m.kind,
            handle: m.handle,
            userdata: m.userdata,
            data: m.data.unwrap_or(ObjData::Other(Vec::new())),
        })
    }
}

/// The ruleset generation (`NFT_MSG_NEWGEN`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "nftables", message = "gen")]
pub struct Generation {
    /// `NFTA_GEN_ID`.
    pub id: Option<u32>,
    /// `NFTA_GEN_PROC_PID`: the process that made the last change.
    pub proc_pid: Option<u32>,
    /// `NFTA_GEN_PROC_NAME`.
    pub proc_name: Option<String>,
}

/// A dump of one kind of nf_tables object (`NFT_MSG_GET*` with `NLM_F_DUMP`), of every
/// family or one.
#[derive(Debug, Clone)]
pub struct NftDump<T> {
    family: u8,
    get: u16,
    new: u16,
    filter: Option<MessageBuilder>,
    _t: std::marker::PhantomData<fn() -> T>,
}

impl<T> NftDump<T> {
    fn new(family: u8, get: u16, new: u16) -> Self {
        NftDump {
            family,
            get,
            new,
            filter: None,
            _t: std::marker::PhantomData,
        }
    }
}

/// The tables of `family` (`NFPROTO_UNSPEC`: all).
pub fn tables_op(family: u8) -> NftDump<Table> {
    NftDump::new(family, NFT_MSG_GETTABLE, NFT_MSG_NEWTABLE)
}
/// The chains of `family`.
pub fn chains_op(family: u8) -> NftDump<Chain> {
    NftDump::new(family, NFT_MSG_GETCHAIN, NFT_MSG_NEWCHAIN)
}
/// The sets of `family`.
pub fn sets_op(family: u8) -> NftDump<Set> {
    NftDump::new(family, NFT_MSG_GETSET, NFT_MSG_NEWSET)
}
/// The objects of `family`.
pub fn objects_op(family: u8) -> NftDump<ObjMsg> {
    NftDump::new(family, NFT_MSG_GETOBJ, NFT_MSG_NEWOBJ)
}

/// Which rules a dump returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFilter {
    /// NFPROTO_* (`NFPROTO_UNSPEC`: all).
    pub family: u8,
    /// Only this table (the kernel filters by it).
    pub table: Option<String>,
    /// Only this chain of that table.
    pub chain: Option<String>,
}

impl RuleFilter {
    /// Every rule.
    pub fn all() -> RuleFilter {
        RuleFilter::default()
    }
    /// The rules of one chain.
    pub fn chain(family: u8, table: &str, chain: &str) -> RuleFilter {
        RuleFilter {
            family,
            table: Some(table.to_owned()),
            chain: Some(chain.to_owned()),
        }
    }
}

/// The rules passing a filter.
pub fn rules_op(f: &RuleFilter) -> NftDump<Rule> {
    let mut d = NftDump::new(f.family, NFT_MSG_GETRULE, NFT_MSG_NEWRULE);
    if f.table.is_some() {
        let req = Rule {
            family: f.family,
            table: f.table.clone().unwrap_or_default(),
            chain: f.chain.clone().unwrap_or_default(),
            ..Rule::default()
        };
        let mut m = req.to_message(nft_type(NFT_MSG_GETRULE), 0);
        if f.chain.is_none() {
            // An empty chain name would match no chain: send the table alone.
            m = nfnl::message(NFNL_SUBSYS_NFTABLES, NFT_MSG_GETRULE, 0, f.family, 0);
            m.attr_str(NFTA_RULE_TABLE, f.table.as_deref().unwrap_or_default());
        }
        d.filter = Some(m);
    }
    d
}

/// The elements of set `set` of `table` (a dump the kernel makes per set).
pub fn elements_op(family: u8, table: &str, set: &str) -> NftDump<SetElements> {
    let mut d = NftDump::new(family, NFT_MSG_GETSETELEM, NFT_MSG_NEWSETELEM);
    let req = SetElements {
        family,
        table: table.to_owned(),
        set: set.to_owned(),
        ..SetElements::default()
    };
    d.filter = Some(req.to_message(nft_type(NFT_MSG_GETSETELEM), 0));
    d
}

impl<T: for<'a> FromMessage<'a>> Dump for NftDump<T> {
    type Item<'a> = T;
    fn request(&self) -> Result<MessageBuilder, Error> {
        Ok(match &self.filter {
            Some(m) => m.clone(),
            None => nfnl::message(NFNL_SUBSYS_NFTABLES, self.get, 0, self.family, 0),
        })
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<T>, Error> {
        if msg.kind() != nft_type(self.new) {
            return Ok(None);
        }
        Ok(Some(T::from_message(msg)?))
    }
}

impl<T: for<'a> FromMessage<'a> + Clone + Send + 'static> DumpOwned for NftDump<T> {
    type Owned = T;
    fn to_owned(&self, t: &T) -> Result<T, Error> {
        Ok(t.clone())
    }
    fn take_owned(&self, t: T) -> Result<T, Error> {
        Ok(t)
    }
}

/// Reads the ruleset generation (`NFT_MSG_GETGEN`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GenerationGet;

impl Request for GenerationGet {
    type Output = Generation;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(nfnl::message(NFNL_SUBSYS_NFTABLES, NFT_MSG_GETGEN, 0, NFPROTO_UNSPEC, 0).into())
    }
    fn finish(&self, reply: Reply) -> Result<Generation, Error> {
        let msg = reply
            .messages()
            .find_map(Result::ok)
            .ok_or(Error::NoReply("ruleset generation"))?;
        Ok(Generation::from_message(&msg)?)
    }
}

/// A table to add or delete.
#[derive(Debug, Clone)]
pub struct TableSpec {
    table: Table,
}

impl TableSpec {
    /// Table `name` of `family` (NFPROTO_INET, NFPROTO_IPV4, ...).
    pub fn new(family: u8, name: &str) -> TableSpec {
        TableSpec {
            table: Table {
                family,
                name: name.to_owned(),
                ..Table::default()
            },
        }
    }
    /// With NFT_TABLE_F_* flags (dormant).
    pub fn flags(mut self, flags: u32) -> Self {
        self.table.flags = Some(flags);
        self
    }
}

/// A chain to add or delete.
#[derive(Debug, Clone)]
pub struct ChainSpec {
    chain: Chain,
}

impl ChainSpec {
    /// A regular chain (reached by jumps).
    pub fn new(family: u8, table: &str, name: &str) -> ChainSpec {
        ChainSpec {
            chain: Chain {
                family,
                table: table.to_owned(),
                name: name.to_owned(),
                ..Chain::default()
            },
        }
    }
    /// A base chain of `kind` (filter, nat, route) on hook `hooknum` (NF_INET_*) with
    /// `priority`, policy accept.
    pub fn base(
        family: u8,
        table: &str,
        name: &str,
        kind: &str,
        hooknum: u32,
        priority: i32,
    ) -> ChainSpec {
        let mut c = ChainSpec::new(family, table, name);
        c.chain.hook = Some(Hook::new(hooknum, priority));
        c.chain.kind = Some(kind.to_owned());
        c
    }
    /// The policy of a base chain (NF_ACCEPT or NF_DROP; the kernel keeps it unsigned, and
    /// refuses anything else).
    pub fn policy(mut self, policy: i32) -> Self {
        self.chain.policy = Some(u32::from_ne_bytes(policy.to_ne_bytes()));
        self
    }
}

/// A rule to add, replace or delete.
#[derive(Debug, Clone)]
pub struct RuleSpec {
    rule: Rule,
}

impl RuleSpec {
    /// A rule appended to `chain` of `table`.
    pub fn new(family: u8, table: &str, chain: &str) -> RuleSpec {
        RuleSpec {
            rule: Rule {
                family,
                table: table.to_owned(),
                chain: chain.to_owned(),
                ..Rule::default()
            },
        }
    }
    /// Appends an expression.
    pub fn expr(mut self, e: Expr) -> Self {
        self.rule
            .expressions
            .get_or_insert_with(ExprList::default)
            .elem
            .push(e);
        self
    }
    /// The rule with handle `handle` (to replace or delete it).
    pub fn handle(mut self, handle: u64) -> Self {
        self.rule.handle = Some(handle);
        self
    }
    /// Where it goes: after the rule with handle `position`.
    pub fn position(mut self, position: u64) -> Self {
        self.rule.position = Some(position);
        self
    }
}

/// A set to add or delete.
#[derive(Debug, Clone)]
pub struct SetSpec {
    set: Set,
}

impl SetSpec {
    /// Set `name` of `table` with keys of `key_len` bytes of user-space type `key_type`, and
    /// NFT_SET_* `flags`.
    pub fn new(
        family: u8,
        table: &str,
        name: &str,
        key_type: u32,
        key_len: u32,
        flags: u32,
    ) -> SetSpec {
        SetSpec {
            set: Set {
                family,
                table: table.to_owned(),
                name: name.to_owned(),
                key_type: Some(key_type),
                key_len: Some(key_len),
                flags: Some(flags),
                ..Set::default()
            },
        }
    }
    /// The id that names the set inside its transaction.
    pub fn id(mut self, id: u32) -> Self {
        self.set.id = Some(id);
        self
    }
    /// The number of elements it is expected to hold (`NFTA_SET_DESC_SIZE`: the kernel sizes
    /// its hash table for them).
    pub fn size(mut self, n: u32) -> Self {
        self.set.desc.get_or_insert_with(SetDesc::default).size = Some(n);
        self
    }
}

/// The changes of one nf_tables transaction, each named for reports and errors.
#[derive(Debug, Clone)]
pub struct NftBatch {
    tx: Transaction,
    next_set_id: u32,
}

impl Default for NftBatch {
    fn default() -> Self {
        NftBatch::new()
    }
}

fn family_name(f: u8) -> &'static str {
    match f {
        NFPROTO_INET => "inet",
        NFPROTO_IPV4 => "ip",
        NFPROTO_IPV6 => "ip6",
        NFPROTO_ARP => "arp",
        NFPROTO_BRIDGE => "bridge",
        NFPROTO_NETDEV => "netdev",
        _ => "unspec",
    }
}

impl NftBatch {
    /// An empty batch.
    pub fn new() -> NftBatch {
        NftBatch {
            tx: Transaction::new(NFNL_SUBSYS_NFTABLES),
            next_set_id: 1,
        }
    }
    /// A batch of the members of `tx` (an nf_tables transaction).
    pub fn from_transaction(tx: Transaction) -> NftBatch {
        NftBatch {
            tx,
            next_set_id: 1 << 16,
        }
    }
    /// Applies the batch only at ruleset generation `genid` (see [`GenerationGet`]).
    pub fn genid(mut self, genid: u32) -> Self {
        self.tx = self.tx.genid(genid);
        self
    }
    /// The transaction.
    pub fn transaction(&self) -> &Transaction {
        &self.tx
    }
    /// Adds a raw member.
    pub fn push(&mut self, what: impl Into<String>, msg: MessageBuilder) -> &mut Self {
        self.tx.push(what, msg);
        self
    }
    /// Adds a table (fails if it exists).
    pub fn add_table(&mut self, t: &TableSpec) -> &mut Self {
        let what = format!("add table {} {}", family_name(t.table.family), t.table.name);
        self.push(
            what,
            t.table
                .to_message(nft_type(NFT_MSG_NEWTABLE), NLM_F_CREATE | NLM_F_EXCL),
        )
    }
    /// Deletes a table and everything in it.
    pub fn delete_table(&mut self, family: u8, name: &str) -> &mut Self {
        let t = Table {
            family,
            name: name.to_owned(),
            ..Table::default()
        };
        let what = format!("delete table {} {name}", family_name(family));
        self.push(what, t.to_message(nft_type(NFT_MSG_DELTABLE), 0))
    }
    /// Adds a chain (fails if it exists).
    pub fn add_chain(&mut self, c: &ChainSpec) -> &mut Self {
        let what = format!(
            "add chain {} {} {}",
            family_name(c.chain.family),
            c.chain.table,
            c.chain.name
        );
        self.push(
            what,
            c.chain
                .to_message(nft_type(NFT_MSG_NEWCHAIN), NLM_F_CREATE | NLM_F_EXCL),
        )
    }
    /// Deletes an empty chain.
    pub fn delete_chain(&mut self, family: u8, table: &str, name: &str) -> &mut Self {
        let c = Chain {
            family,
            table: table.to_owned(),
            name: name.to_owned(),
            ..Chain::default()
        };
        let what = format!("delete chain {} {table} {name}", family_name(family));
        self.push(what, c.to_message(nft_type(NFT_MSG_DELCHAIN), 0))
    }
    /// Appends a rule to its chain (after `position` if the spec has one).
    pub fn add_rule(&mut self, r: &RuleSpec) -> &mut Self {
        let n = self.tx.len();
        let what = format!(
            "add rule {} {} {} (member {})",
            family_name(r.rule.family),
            r.rule.table,
            r.rule.chain,
            n + 1
        );
        self.push(
            what,
            r.rule
                .to_message(nft_type(NFT_MSG_NEWRULE), NLM_F_CREATE | NLM_F_APPEND),
        )
    }
    /// Replaces the rule with the spec's handle.
    pub fn replace_rule(&mut self, r: &RuleSpec) -> &mut Self {
        let what = format!(
            "replace rule {} {} {} handle {}",
            family_name(r.rule.family),
            r.rule.table,
            r.rule.chain,
            r.rule.handle.unwrap_or(0)
        );
        self.push(
            what,
            r.rule.to_message(nft_type(NFT_MSG_NEWRULE), NLM_F_REPLACE),
        )
    }
    /// Deletes the rule with `handle`.
    pub fn delete_rule(&mut self, family: u8, table: &str, chain: &str, handle: u64) -> &mut Self {
        let r = Rule {
            family,
            table: table.to_owned(),
            chain: chain.to_owned(),
            handle: Some(handle),
            ..Rule::default()
        };
        let what = format!(
            "delete rule {} {table} {chain} handle {handle}",
            family_name(family)
        );
        self.push(what, r.to_message(nft_type(NFT_MSG_DELRULE), 0))
    }
    /// Adds a set (an id to name it in this transaction is given when it has none).
    pub fn add_set(&mut self, s: &SetSpec) -> &mut Self {
        let mut set = s.set.clone();
        if set.id.is_none() {
            set.id = Some(self.next_set_id);
            self.next_set_id += 1;
        }
        let what = format!(
            "add set {} {} {}",
            family_name(set.family),
            set.table,
            set.name
        );
        self.push(
            what,
            set.to_message(nft_type(NFT_MSG_NEWSET), NLM_F_CREATE | NLM_F_EXCL),
        )
    }
    /// Deletes a set.
    pub fn delete_set(&mut self, family: u8, table: &str, name: &str) -> &mut Self {
        let s = Set {
            family,
            table: table.to_owned(),
            name: name.to_owned(),
            ..Set::default()
        };
        let what = format!("delete set {} {table} {name}", family_name(family));
        self.push(what, s.to_message(nft_type(NFT_MSG_DELSET), 0))
    }
    /// Adds elements to a set.
    pub fn add_elements(
        &mut self,
        family: u8,
        table: &str,
        set: &str,
        elems: Vec<SetElem>,
    ) -> &mut Self {
        let what = format!(
            "add {} elements to set {} {table} {set}",
            elems.len(),
            family_name(family)
        );
        let m = SetElements {
            family,
            table: table.to_owned(),
            set: set.to_owned(),
            elements: Some(SetElemItems { elem: elems }),
            set_id: None,
        };
        self.push(
            what,
            m.to_message(nft_type(NFT_MSG_NEWSETELEM), NLM_F_CREATE),
        )
    }
    /// Deletes elements of a set.
    pub fn delete_elements(
        &mut self,
        family: u8,
        table: &str,
        set: &str,
        elems: Vec<SetElem>,
    ) -> &mut Self {
        let what = format!(
            "delete {} elements of set {} {table} {set}",
            elems.len(),
            family_name(family)
        );
        let m = SetElements {
            family,
            table: table.to_owned(),
            set: set.to_owned(),
            elements: Some(SetElemItems { elem: elems }),
            set_id: None,
        };
        self.push(what, m.to_message(nft_type(NFT_MSG_DELSETELEM), 0))
    }
}

/// Whether an event adds (or replaces) an object or deletes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Change {
    /// `NFT_MSG_NEW*`: added, or changed (a replaced rule, a renamed chain).
    New,
    /// `NFT_MSG_DEL*`: deleted (the kernel also reports `destroy` commands so).
    Delete,
}

/// A change to the ruleset (multicast group `NFNLGRP_NFTABLES`). The kernel sends the events
/// of a transaction when it commits it, in the transaction's order, then
/// [`Event::Generation`]; deleting a table reports what it held before the table itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Event {
    /// A table.
    Table(Change, Table),
    /// A chain.
    Chain(Change, Chain),
    /// A rule, with its expressions.
    Rule(Change, Rule),
    /// A set or map.
    Set(Change, Set),
    /// Elements added to or deleted from a set.
    Elements(Change, SetElements),
    /// A stateful object.
    Object(Change, Object),
    /// A transaction was committed (`NFT_MSG_NEWGEN`): the ruleset's new generation and the
    /// process that made it; it follows the transaction's other events.
    Generation(Generation),
    /// An nf_tables message this module does not model (flowtables, traces): its
    /// `NFT_MSG_*` number.
    Other(u16),
}

/// The multicast groups of ruleset events.
pub const EVENT_GROUPS: &[u32] = &[NFNLGRP_NFTABLES];

/// Reads ruleset events (for `nfnl::Subscription` and the async `tokio::Subscription`).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventDecoder;

impl crate::op::Notifications for EventDecoder {
    type Event = Event;
    fn decode(&self, msg: &Message<'_>) -> Result<Option<Event>, Error> {
        if nfnl::subsystem(msg.kind()) != NFNL_SUBSYS_NFTABLES {
            return Ok(None);
        }
        let cmd = nfnl::command(msg.kind());
        let change = |new: u16| {
            if cmd == new {
                Change::New
            } else {
                Change::Delete
            }
        };
        Ok(Some(match cmd {
            NFT_MSG_NEWTABLE | NFT_MSG_DELTABLE => {
                Event::Table(change(NFT_MSG_NEWTABLE), Table::from_message(msg)?)
            }
            NFT_MSG_NEWCHAIN | NFT_MSG_DELCHAIN => {
                Event::Chain(change(NFT_MSG_NEWCHAIN), Chain::from_message(msg)?)
            }
            NFT_MSG_NEWRULE | NFT_MSG_DELRULE => {
                Event::Rule(change(NFT_MSG_NEWRULE), Rule::from_message(msg)?)
            }
            NFT_MSG_NEWSET | NFT_MSG_DELSET => {
                Event::Set(change(NFT_MSG_NEWSET), Set::from_message(msg)?)
            }
            NFT_MSG_NEWSETELEM | NFT_MSG_DELSETELEM => {
                Event::Elements(change(NFT_MSG_NEWSETELEM), SetElements::from_message(msg)?)
            }
            NFT_MSG_NEWOBJ | NFT_MSG_DELOBJ => Event::Object(
                change(NFT_MSG_NEWOBJ),
                Object::try_from(ObjMsg::from_message(msg)?)?,
            ),
            NFT_MSG_NEWGEN => Event::Generation(Generation::from_message(msg)?),
            other => Event::Other(other),
        }))
    }
}

/// A blocking subscription to ruleset events, in the calling thread's namespace (the async one:
/// `AsyncHandle::subscribe(EVENT_GROUPS, EventDecoder)`).
pub fn subscribe() -> Result<nfnl::Subscription<EventDecoder>, Error> {
    nfnl::Subscription::new(EVENT_GROUPS, EventDecoder)
}

/// A whole ruleset, read with one dump per kind (elements per set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Ruleset {
    /// The tables.
    pub tables: Vec<Table>,
    /// The chains.
    pub chains: Vec<Chain>,
    /// The rules, in chain order.
    pub rules: Vec<Rule>,
    /// The sets and maps (anonymous ones included).
    pub sets: Vec<Set>,
    /// The elements of each set, in `sets` order.
    pub elements: Vec<Vec<SetElem>>,
    /// The stateful objects.
    pub objects: Vec<Object>,
}

impl crate::nfnl::Handle {
    /// The whole ruleset of `family` (`NFPROTO_UNSPEC`: every family).
    pub fn nft_ruleset(&mut self, family: u8) -> Result<Ruleset, Error> {
        let tables = self.collect(&tables_op(family))?;
        let chains = self.collect(&chains_op(family))?;
        let rules = self.collect(&rules_op(&RuleFilter {
            family,
            ..RuleFilter::default()
        }))?;
        let sets = self.collect(&sets_op(family))?;
        let mut elements = Vec::with_capacity(sets.len());
        for s in &sets {
            let mut all = Vec::new();
            for m in self.collect(&elements_op(s.family, &s.table, &s.name))? {
                all.extend(m.elements.map(|e| e.elem).unwrap_or_default());
            }
            elements.push(all);
        }
        let objects = self
            .collect(&objects_op(family))?
            .into_iter()
            .map(Object::try_from)
            .collect::<Result<_, _>>()?;
        Ok(Ruleset {
            tables,
            chains,
            rules,
            sets,
            elements,
            objects,
        })
    }
}

nfnl::handle_methods! {
    handles: crate::nfnl::Handle, crate::nfnl::AsyncHandle;
    example: "netlink_runtime::{nftables::*, nfnl::*, schemas::nftables::*}", "let mut h = Handle::new()?;", "let h = AsyncHandle::new()?;";

    /// The tables of `family` (`NFPROTO_UNSPEC`: all).
    #[example = "h.nft_tables(NFPROTO_UNSPEC)"]
    pub fn nft_tables(family: u8) -> Vec<Table> = collect(tables_op(family));

    /// The chains of `family`.
    #[example = "h.nft_chains(NFPROTO_INET)"]
    pub fn nft_chains(family: u8) -> Vec<Chain> = collect(chains_op(family));

    /// The rules passing `filter`, with their expressions.
    #[example = r#"h.nft_rules(&RuleFilter::chain(NFPROTO_INET, "filter", "input"))"#]
    pub fn nft_rules(filter: &RuleFilter) -> Vec<Rule> = collect(rules_op(filter));

    /// Stream the rules passing `filter` through `f`.
    #[setup = "let mut n = 0;"]
    #[example = "h.for_each_nft_rule(&RuleFilter::all(), |r| { n += r.exprs().len(); Ok(()) })"]
    pub fn for_each_nft_rule(filter: &RuleFilter) |Rule| = rules_op(filter);

    /// The sets and maps of `family`.
    #[example = "h.nft_sets(NFPROTO_UNSPEC)"]
    pub fn nft_sets(family: u8) -> Vec<Set> = collect(sets_op(family));

    /// The elements of a set (one message per batch of elements the kernel sends).
    #[example = r#"h.nft_set_elements(NFPROTO_INET, "filter", "allowed")"#]
    pub fn nft_set_elements(family: u8, table: &str, set: &str) -> Vec<SetElements> = collect(elements_op(family, table, set));

    /// The stateful objects of `family`, raw (see [`Object`] for their data by type).
    #[example = "h.nft_objects(NFPROTO_UNSPEC)"]
    pub fn nft_objects(family: u8) -> Vec<ObjMsg> = collect(objects_op(family));

    /// The ruleset generation.
    #[example = "h.nft_generation()"]
    pub fn nft_generation() -> Generation = run(GenerationGet);

    /// Sends a batch as one transaction: every member's answer, applied or not.
    #[example = "h.nft_transact(&NftBatch::new())"]
    pub fn nft_transact(batch: &NftBatch) -> TransactionReport = run(batch.transaction().clone());

    /// Applies a batch as one transaction; the error names the member that failed (nothing
    /// is applied then).
    #[example = "h.nft_commit(&NftBatch::new())"]
    pub fn nft_commit(batch: &NftBatch) -> TransactionReport = run(Commit(batch.transaction()));
}
