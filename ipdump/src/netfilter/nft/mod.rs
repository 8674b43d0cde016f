//! The nf_tables ruleset as `nft -j list ruleset` lists it (nftables 1.0.6), except rules,
//! whose `expr` are the kernel's expressions ([`expr`]) rather than the statements nft
//! rebuilds from them:
//!
//! ```text
//! {"nftables":[
//!   {"table":{"family":"inet","name":"filter","handle":1}},
//!   {"counter":{"family":"inet","name":"c","table":"filter","handle":3,"packets":5,"bytes":300}},
//!   {"set":{"family":"inet","name":"allowed","table":"filter","type":"ipv4_addr","handle":5,
//!           "flags":["interval"],"elem":[{"prefix":{"addr":"10.0.0.0","len":8}},"192.168.1.1"]}},
//!   {"chain":{"family":"inet","table":"filter","name":"input","handle":1,"type":"filter",
//!             "hook":"input","prio":0,"policy":"drop"}},
//!   {"rule":{"family":"inet","table":"filter","chain":"input","handle":8,
//!            "expr":[{"ct":{"dreg":1,"key":"state"}}, ...]}}]}
//! ```
//!
//! Per table, in the kernel's order: the table, its objects (counters, quotas, limits), its
//! named sets and maps with their elements, its chains, then the rules of each chain. Keys and
//! values are nft's: chain hooks and policies by name, set key types by nft's type names
//! (a concatenation as a list), elements as nft writes values of the set's type (addresses,
//! ports, marks, interface names, protocols by name, verdicts as `{"accept":null}`; types this
//! module does not read as a hex number `"0x..."`), intervals as `prefix` or `range`, elements
//! with a timeout, expiry or comment as `{"elem":{"val":...,"timeout":...}}`, sorted as nft
//! sorts them. What nft adds and ipdump leaves out: the `metainfo` object (nft's version) and
//! flowtables; anonymous sets are left out as nft leaves them out.

use std::io::Write;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::Wrapped;
use crate::json::value::List;
use crate::json::{Fields, Style};
use netlink_runtime::nfnl::Handle;
use netlink_runtime::nftables::{
    Chain, Data, ObjData, Object, Rule, RuleFilter, Set, SetElem, Table,
};
use netlink_runtime::schemas::nftables::*;
use netlink_runtime::Error;

pub mod expr;
pub mod types;

use expr::ExprJson;
use types::{Datatype, Kind, Value, VerdictValue};

/// nft's family names (`NFPROTO_*`).
pub fn family_name(f: u8) -> Option<&'static str> {
    Some(match f {
        NFPROTO_INET => "inet",
        NFPROTO_IPV4 => "ip",
        NFPROTO_IPV6 => "ip6",
        NFPROTO_ARP => "arp",
        NFPROTO_BRIDGE => "bridge",
        NFPROTO_NETDEV => "netdev",
        _ => return None,
    })
}

fn family(f: u8) -> &'static str {
    family_name(f).unwrap_or("unknown")
}

/// A hook's name in a family (nft's `hooknum2str`).
pub fn hook_name(family: u8, hook: u32) -> &'static str {
    match family {
        NFPROTO_NETDEV => match hook {
            NF_NETDEV_INGRESS => "ingress",
            NF_NETDEV_EGRESS => "egress",
            _ => "unknown",
        },
        // NF_ARP_IN, NF_ARP_OUT, NF_ARP_FORWARD (linux/netfilter_arp.h, not a schema header).
        NFPROTO_ARP => match hook {
            0 => "input",
            1 => "output",
            2 => "forward",
            _ => "unknown",
        },
        _ => match hook {
            NF_INET_PRE_ROUTING => "prerouting",
            NF_INET_LOCAL_IN => "input",
            NF_INET_FORWARD => "forward",
            NF_INET_LOCAL_OUT => "output",
            NF_INET_POST_ROUTING => "postrouting",
            NF_INET_INGRESS => "ingress",
            _ => "unknown",
        },
    }
}

/// One value of nft's user data (`NFTA_*_USERDATA`: type, length, value records).
pub fn udata(raw: Option<&[u8]>, kind: u8) -> Option<&[u8]> {
    let mut b = raw?;
    while let [t, len, rest @ ..] = b {
        let len = usize::from(*len);
        let value = rest.get(..len)?;
        if *t == kind {
            return Some(value);
        }
        b = rest.get(len..)?;
    }
    None
}

/// A NUL-terminated user-data string (comments).
fn udata_str(raw: Option<&[u8]>, kind: u8) -> Option<String> {
    let v = udata(raw, kind)?;
    let end = v.iter().position(|&c| c == 0).unwrap_or(v.len());
    Some(String::from_utf8_lossy(&v[..end]).into_owned())
}

/// nft's user-data record types (libnftnl's `NFTNL_UDATA_*`).
mod udata_kind {
    pub const TABLE_COMMENT: u8 = 0;
    pub const CHAIN_COMMENT: u8 = 0;
    pub const RULE_COMMENT: u8 = 0;
    pub const SET_KEYBYTEORDER: u8 = 0;
    pub const SET_DATABYTEORDER: u8 = 1;
    pub const SET_COMMENT: u8 = 7;
    pub const SET_ELEM_COMMENT: u8 = 0;
    pub const OBJ_COMMENT: u8 = 0;
    /// nft's `BYTEORDER_BIG_ENDIAN`.
    pub const BIG_ENDIAN: u32 = 2;
}

/// `{"table": {...}}`.
pub struct TableJson<'v>(pub &'v Table);

impl Serialize for TableJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        tagged(s, "table", &TableFields(self.0))
    }
}

struct TableFields<'v>(&'v Table);

crate::serialize_by_fields!(TableFields<'_>);

impl Fields for TableFields<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let t = self.0;
        m.serialize_entry("family", family(t.family))?;
        m.serialize_entry("name", &t.name)?;
        m.serialize_entry("handle", &t.handle.unwrap_or(0))?;
        let flags = t.flags.unwrap_or(0);
        let names: Vec<&str> = [
            (NFT_TABLE_F_DORMANT, "dormant"),
            (NFT_TABLE_F_OWNER, "owner"),
        ]
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect();
        // nft 1.0.6 writes one flag as a string, several as a list.
        match names.as_slice() {
            [] => {}
            [one] => m.serialize_entry("flags", one)?,
            many => m.serialize_entry("flags", many)?,
        }
        if let Some(c) = udata_str(t.userdata.as_deref(), udata_kind::TABLE_COMMENT) {
            m.serialize_entry("comment", &c)?;
        }
        Ok(())
    }
}

/// `{KEY: value}`: nft's objects are one-key objects naming their kind.
fn tagged<S: Serializer, T: Serialize + ?Sized>(s: S, key: &str, v: &T) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry(key, v)?;
    m.end()
}

/// `{"chain": {...}}`.
pub struct ChainJson<'v>(pub &'v Chain);

impl Serialize for ChainJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        tagged(s, "chain", &ChainFields(self.0))
    }
}

struct ChainFields<'v>(&'v Chain);

crate::serialize_by_fields!(ChainFields<'_>);

impl Fields for ChainFields<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let c = self.0;
        m.serialize_entry("family", family(c.family))?;
        m.serialize_entry("table", &c.table)?;
        m.serialize_entry("name", &c.name)?;
        m.serialize_entry("handle", &c.handle.unwrap_or(0))?;
        if let Some(comment) = udata_str(c.userdata.as_deref(), udata_kind::CHAIN_COMMENT) {
            m.serialize_entry("comment", &comment)?;
        }
        if let Some(hook) = &c.hook {
            if let Some(dev) = &hook.dev {
                m.serialize_entry("dev", dev)?;
            }
            if let Some(kind) = &c.kind {
                m.serialize_entry("type", kind)?;
                m.serialize_entry("hook", hook_name(c.family, hook.hooknum.unwrap_or(0)))?;
                m.serialize_entry("prio", &hook.priority.unwrap_or(0))?;
                // NF_DROP is 0 and NF_ACCEPT 1: the kernel's u32 and the verdict's i32 agree.
                let policy = match c.policy.map(i64::from) {
                    Some(p) if p == i64::from(NF_DROP) => "drop",
                    _ => "accept",
                };
                m.serialize_entry("policy", policy)?;
            }
        }
        Ok(())
    }
}

/// A stateful object: `{"counter": {...}}`, `{"quota": {...}}`, `{"limit": {...}}`; other
/// kinds as `{"object": {..., "type": N}}` (nft's own keys for them are not written).
pub struct ObjectJson<'v>(pub &'v Object);

impl Serialize for ObjectJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let key = match &self.0.data {
            ObjData::Counter(_) => "counter",
            ObjData::Quota(_) => "quota",
            ObjData::Limit(_) => "limit",
            _ => "object",
        };
        tagged(s, key, &ObjectFields(self.0))
    }
}

struct ObjectFields<'v>(&'v Object);

crate::serialize_by_fields!(ObjectFields<'_>);

/// nft's units of a byte rate: the largest of bytes, kbytes, mbytes that divides it.
fn byte_unit(v: u64) -> (u64, &'static str) {
    let mut v = v;
    for unit in ["bytes", "kbytes"] {
        if v == 0 || v % 1024 != 0 {
            return (v, unit);
        }
        v /= 1024;
    }
    (v, "mbytes")
}

/// nft's name of a limit's time unit (seconds).
fn time_unit(secs: u64) -> &'static str {
    match secs {
        1 => "second",
        60 => "minute",
        3600 => "hour",
        86400 => "day",
        604800 => "week",
        _ => "error",
    }
}

impl Fields for ObjectFields<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let o = self.0;
        m.serialize_entry("family", family(o.family))?;
        m.serialize_entry("name", &o.name)?;
        m.serialize_entry("table", &o.table)?;
        m.serialize_entry("handle", &o.handle.unwrap_or(0))?;
        if let Some(c) = udata_str(o.userdata.as_deref(), udata_kind::OBJ_COMMENT) {
            m.serialize_entry("comment", &c)?;
        }
        match &o.data {
            ObjData::Counter(c) => {
                m.serialize_entry("packets", &c.packets.unwrap_or(0))?;
                m.serialize_entry("bytes", &c.bytes.unwrap_or(0))?;
            }
            ObjData::Quota(q) => {
                m.serialize_entry("bytes", &q.bytes.unwrap_or(0))?;
                m.serialize_entry("used", &q.consumed.unwrap_or(0))?;
                m.serialize_entry("inv", &(q.flags.unwrap_or(0) & NFT_QUOTA_F_INV != 0))?;
            }
            ObjData::Limit(l) => {
                let bytes = l.kind == Some(NFT_LIMIT_PKT_BYTES);
                let (rate, rate_unit) = if bytes {
                    byte_unit(l.rate.unwrap_or(0))
                } else {
                    (l.rate.unwrap_or(0), "")
                };
                let burst = u64::from(l.burst.unwrap_or(0));
                let (burst, burst_unit) = if bytes { byte_unit(burst) } else { (burst, "") };
                m.serialize_entry("rate", &rate)?;
                m.serialize_entry("per", time_unit(l.unit.unwrap_or(0)))?;
                if l.flags.unwrap_or(0) & NFT_LIMIT_F_INV != 0 {
                    m.serialize_entry("inv", &true)?;
                }
                if bytes {
                    m.serialize_entry("rate_unit", rate_unit)?;
                }
                if burst != 0 {
                    m.serialize_entry("burst", &burst)?;
                    if bytes {
                        m.serialize_entry("burst_unit", burst_unit)?;
                    }
                }
            }
            ObjData::Other(raw) => {
                m.serialize_entry("type", &o.kind)?;
                m.serialize_entry("data", &super::Hex(raw))?;
            }
            _ => {}
        }
        Ok(())
    }
}

/// A named set or map with its elements: `{"set": {...}}` or `{"map": {...}}`.
pub struct SetJson<'v> {
    /// The set.
    pub set: &'v Set,
    /// Its elements, as the kernel sent them (sorted and joined into intervals here).
    pub elements: &'v [SetElem],
}

impl Serialize for SetJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let key = if self.set.flags.unwrap_or(0) & (NFT_SET_MAP | NFT_SET_OBJECT) != 0 {
            "map"
        } else {
            "set"
        };
        tagged(s, key, &SetFields(self))
    }
}

struct SetFields<'v>(&'v SetJson<'v>);

crate::serialize_by_fields!(SetFields<'_>);

/// Names of nft's object types (`NFT_OBJECT_*`), for object maps.
fn object_type(t: u32) -> &'static str {
    match t {
        NFT_OBJECT_COUNTER => "counter",
        NFT_OBJECT_QUOTA => "quota",
        NFT_OBJECT_CT_HELPER => "ct helper",
        NFT_OBJECT_LIMIT => "limit",
        NFT_OBJECT_CT_TIMEOUT => "ct timeout",
        NFT_OBJECT_SECMARK => "secmark",
        NFT_OBJECT_CT_EXPECT => "ct expectation",
        NFT_OBJECT_SYNPROXY => "synproxy",
        _ => "unknown",
    }
}

/// A key type (`"ipv4_addr"`, or a concatenation's list).
struct TypeName(Vec<Datatype>);

impl Serialize for TypeName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => s.serialize_str(one.name),
            many => s.collect_seq(many.iter().map(|t| t.name)),
        }
    }
}

impl Fields for SetFields<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let set = self.0.set;
        let flags = set.flags.unwrap_or(0);
        m.serialize_entry("family", family(set.family))?;
        m.serialize_entry("name", &set.name)?;
        m.serialize_entry("table", &set.table)?;
        m.serialize_entry("type", &TypeName(types::fields(set.key_type.unwrap_or(0))))?;
        m.serialize_entry("handle", &set.handle.unwrap_or(0))?;
        if let Some(c) = udata_str(set.userdata.as_deref(), udata_kind::SET_COMMENT) {
            m.serialize_entry("comment", &c)?;
        }
        if flags & NFT_SET_OBJECT != 0 {
            m.serialize_entry("map", object_type(set.obj_type.unwrap_or(0)))?;
        } else if flags & NFT_SET_MAP != 0 {
            m.serialize_entry("map", &TypeName(types::fields(set.data_type.unwrap_or(0))))?;
        }
        if flags & NFT_SET_CONSTANT == 0 {
            if set.policy == Some(NFT_SET_POL_MEMORY) {
                m.serialize_entry("policy", "memory")?;
            }
            if let Some(size) = set.desc.as_ref().and_then(|d| d.size) {
                m.serialize_entry("size", &size)?;
            }
        }
        let names: Vec<&str> = [
            (NFT_SET_CONSTANT, "constant"),
            (NFT_SET_INTERVAL, "interval"),
            (NFT_SET_TIMEOUT, "timeout"),
            (NFT_SET_EVAL, "dynamic"),
        ]
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect();
        if !names.is_empty() {
            m.serialize_entry("flags", &names)?;
        }
        if let Some(t) = set.timeout.filter(|&t| t != 0) {
            m.serialize_entry("timeout", &(t / 1000))?;
        }
        if let Some(g) = set.gc_interval.filter(|&g| g != 0) {
            m.serialize_entry("gc-interval", &(g / 1000))?;
        }
        let layout = Layout::of(set);
        let elems = elements(&layout, self.0.elements);
        if !elems.is_empty() {
            m.serialize_entry("elem", &List(|| elems.iter()))?;
        }
        Ok(())
    }
}

/// How a set's keys and data read.
struct Layout {
    key: Vec<Datatype>,
    key_big_endian: bool,
    field_lens: Vec<usize>,
    data: Option<Datatype>,
    data_big_endian: bool,
    interval: bool,
    objmap: bool,
    timeout: Option<u64>,
}

impl Layout {
    fn of(set: &Set) -> Layout {
        let flags = set.flags.unwrap_or(0);
        let key = types::fields(set.key_type.unwrap_or(0));
        let order = |kind| {
            udata(set.userdata.as_deref(), kind)
                .and_then(|v| v.try_into().ok())
                .map(u32::from_ne_bytes)
                == Some(udata_kind::BIG_ENDIAN)
        };
        let concat: Vec<usize> = set
            .desc
            .as_ref()
            .and_then(|d| d.concat.as_ref())
            .map(|l| l.elem.iter().map(|f| f.len.unwrap_or(0) as usize).collect())
            .unwrap_or_default();
        let key_len = set.key_len.unwrap_or(0) as usize;
        let field_lens = if concat.len() == key.len() {
            concat
        } else if key.len() == 1 {
            vec![key_len]
        } else {
            key.iter().map(|t| t.len).collect()
        };
        Layout {
            key,
            key_big_endian: order(udata_kind::SET_KEYBYTEORDER),
            field_lens,
            data: (flags & NFT_SET_MAP != 0).then(|| types::datatype(set.data_type.unwrap_or(0))),
            data_big_endian: order(udata_kind::SET_DATABYTEORDER),
            interval: flags & NFT_SET_INTERVAL != 0,
            objmap: flags & NFT_SET_OBJECT != 0,
            timeout: set.timeout,
        }
    }

    /// The key's fields: (type, bytes); each field of a concatenation takes a multiple of 4.
    fn split<'a>(&self, key: &'a [u8]) -> Vec<(Datatype, &'a [u8])> {
        if self.key.len() == 1 {
            return vec![(self.key[0], key)];
        }
        let mut out = Vec::new();
        let mut off = 0;
        for (t, &len) in self.key.iter().zip(&self.field_lens) {
            let bytes = key.get(off..off + len).unwrap_or(&[]);
            out.push((*t, bytes));
            off += len.div_ceil(4) * 4;
        }
        out
    }

    fn value<'a>(&self, t: Datatype, bytes: &'a [u8]) -> Value<'a> {
        Value {
            ty: t,
            bytes,
            big_endian: self.key_big_endian && t.kind == Kind::Host,
        }
    }

    fn sort_key(&self, key: &[u8]) -> Vec<Vec<u8>> {
        self.split(key)
            .into_iter()
            .map(|(t, b)| self.value(t, b).sort_key())
            .collect()
    }
}

/// One entry of a set's `elem` list.
enum ElemJson<'v> {
    /// A value (a concatenation's fields).
    Key(&'v Layout, Vec<u8>),
    /// An interval `[start, last]` (both in the key's own byte order).
    Interval(&'v Layout, Vec<u8>, Vec<u8>),
    /// An element with extras: `{"elem": {"val": ..., "timeout": ..., ...}}`.
    Extra(Box<ElemJson<'v>>, &'v SetElem),
    /// A map element: `[key, data]`.
    Mapped(Box<ElemJson<'v>>, &'v SetElem),
}

impl Serialize for ElemJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ElemJson::Key(l, key) => {
                let fields = l.split(key);
                if fields.len() == 1 {
                    return l.value(fields[0].0, fields[0].1).serialize(s);
                }
                let vals: Vec<Value<'_>> = fields.iter().map(|(t, b)| l.value(*t, b)).collect();
                tagged(s, "concat", &vals)
            }
            ElemJson::Interval(l, start, last) => {
                let t = l.key[0];
                let (a, b) = (l.value(t, start), l.value(t, last));
                if let Some(len) = prefix_len(l, start, last) {
                    let mut p = std::collections::BTreeMap::new();
                    p.insert("addr", PrefixPart::Addr(a));
                    p.insert("len", PrefixPart::Len(len));
                    return tagged(s, "prefix", &p);
                }
                tagged(s, "range", &[a, b])
            }
            ElemJson::Extra(inner, e) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("elem", &Extras(inner, e))?;
                m.end()
            }
            ElemJson::Mapped(inner, e) => {
                let l = match &**inner {
                    ElemJson::Key(l, _) | ElemJson::Interval(l, _, _) => *l,
                    ElemJson::Extra(i, _) | ElemJson::Mapped(i, _) => match &**i {
                        ElemJson::Key(l, _) | ElemJson::Interval(l, _, _) => *l,
                        _ => return Err(serde::ser::Error::custom("nested element")),
                    },
                };
                (&**inner, MapData(l, e)).serialize(s)
            }
        }
    }
}

enum PrefixPart<'a> {
    Addr(Value<'a>),
    Len(u32),
}

impl Serialize for PrefixPart<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PrefixPart::Addr(v) => v.serialize(s),
            PrefixPart::Len(l) => s.serialize_u32(*l),
        }
    }
}

struct Extras<'a, 'v>(&'a ElemJson<'v>, &'v SetElem);

impl Serialize for Extras<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (inner, e) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("val", inner)?;
        if let Some(t) = e.timeout.filter(|&t| t != 0) {
            m.serialize_entry("timeout", &(t / 1000))?;
        }
        if let Some(x) = e.expiration.filter(|&x| x != 0) {
            m.serialize_entry("expires", &(x / 1000))?;
        }
        if let Some(c) = udata_str(e.userdata.as_deref(), udata_kind::SET_ELEM_COMMENT) {
            m.serialize_entry("comment", &c)?;
        }
        m.end()
    }
}

struct MapData<'v>(&'v Layout, &'v SetElem);

impl Serialize for MapData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (l, e) = (self.0, self.1);
        if l.objmap {
            return s.serialize_str(e.objref.as_deref().unwrap_or(""));
        }
        match &e.data {
            Some(Data {
                verdict: Some(v), ..
            }) => VerdictValue(v).serialize(s),
            Some(Data { value: Some(b), .. }) => {
                let t = l.data.unwrap_or(types::DATATYPES[0]);
                Value {
                    ty: t,
                    bytes: b,
                    big_endian: l.data_big_endian && t.kind == Kind::Host,
                }
                .serialize(s)
            }
            _ => s.serialize_unit(),
        }
    }
}

/// The prefix length when `[start, last]` is one prefix of an address type.
fn prefix_len(l: &Layout, start: &[u8], last: &[u8]) -> Option<u32> {
    if !matches!(l.key[0].kind, Kind::Ipv4 | Kind::Ipv6) || start.len() != last.len() {
        return None;
    }
    let n = start.len();
    let bit = |v: &[u8], pos: usize| v[n - 1 - pos / 8] & (1 << (pos % 8)) != 0;
    // Host bits: the low run where start has 0 and last has 1; above it they must agree.
    let mut host = 0;
    while host < n * 8 && !bit(start, host) && bit(last, host) {
        host += 1;
    }
    if host == 0 || (host..n * 8).any(|p| bit(start, p) != bit(last, p)) {
        return None;
    }
    Some((n * 8 - host) as u32)
}

/// `v - 1` in place (big-endian, wrapping).
fn decrement(v: &mut [u8]) {
    for b in v.iter_mut().rev() {
        let (r, borrow) = b.overflowing_sub(1);
        *b = r;
        if !borrow {
            return;
        }
    }
}

/// The elements as nft lists them: sorted by value, interval sets joined into prefixes and
/// ranges (the kernel keeps each interval as a start and an end element one past it).
fn elements<'a>(layout: &'a Layout, elements: &'a [SetElem]) -> Vec<ElemJson<'a>> {
    let mut elems: Vec<&SetElem> = elements.iter().collect();
    elems.sort_by_cached_key(|e| layout.sort_key(e.key_bytes()));
    let wrap = |inner: ElemJson<'a>, e: &'a SetElem| {
        let extra = e
            .timeout
            .is_some_and(|t| t != 0 && Some(t) != layout.timeout)
            || e.expiration.is_some_and(|x| x != 0)
            || udata(e.userdata.as_deref(), udata_kind::SET_ELEM_COMMENT).is_some();
        let inner = if extra {
            ElemJson::Extra(Box::new(inner), e)
        } else {
            inner
        };
        if layout.data.is_some() || layout.objmap {
            ElemJson::Mapped(Box::new(inner), e)
        } else {
            inner
        }
    };
    let mut out = Vec::new();
    if !layout.interval || layout.key.len() > 1 {
        for e in elems {
            if e.is_interval_end() {
                continue;
            }
            let inner = match e.key_end.as_ref().and_then(|d| d.value.as_deref()) {
                Some(end) if layout.key.len() == 1 => {
                    ElemJson::Interval(layout, e.key_bytes().to_vec(), end.to_vec())
                }
                _ => ElemJson::Key(layout, e.key_bytes().to_vec()),
            };
            out.push(wrap(inner, e));
        }
        return out;
    }
    // Interval sets of one field: a start, then (unless it runs to the top) its end + 1.
    let host = layout.key[0].kind == Kind::Host && !layout.key_big_endian;
    let be = |b: &[u8]| -> Vec<u8> {
        if host {
            b.iter().rev().copied().collect()
        } else {
            b.to_vec()
        }
    };
    let native = |b: Vec<u8>| -> Vec<u8> {
        if host {
            b.into_iter().rev().collect()
        } else {
            b
        }
    };
    let mut i = 0;
    while i < elems.len() {
        let e = elems[i];
        i += 1;
        if e.is_interval_end() {
            continue;
        }
        let start = e.key_bytes().to_vec();
        let last = match elems.get(i) {
            Some(end) if end.is_interval_end() => {
                i += 1;
                let mut v = be(end.key_bytes());
                decrement(&mut v);
                native(v)
            }
            _ => native(vec![0xff; start.len()]),
        };
        let inner = if start == last {
            ElemJson::Key(layout, start)
        } else {
            ElemJson::Interval(layout, start, last)
        };
        out.push(wrap(inner, e));
    }
    out
}

/// `{"rule": {...}}` with the kernel's expressions.
pub struct RuleJson<'v>(pub &'v Rule);

impl Serialize for RuleJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        tagged(s, "rule", &RuleFields(self.0))
    }
}

struct RuleFields<'v>(&'v Rule);

crate::serialize_by_fields!(RuleFields<'_>);

impl Fields for RuleFields<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let r = self.0;
        m.serialize_entry("family", family(r.family))?;
        m.serialize_entry("table", &r.table)?;
        m.serialize_entry("chain", &r.chain)?;
        m.serialize_entry("handle", &r.handle.unwrap_or(0))?;
        if let Some(c) = udata_str(r.userdata.as_deref(), udata_kind::RULE_COMMENT) {
            m.serialize_entry("comment", &c)?;
        }
        m.serialize_entry("expr", &List(|| r.exprs().iter().map(ExprJson)))?;
        Ok(())
    }
}

/// Dumps the ruleset of `family` (`NFPROTO_UNSPEC`: every family) and writes it as
/// `nft -j list ruleset` does, with kernel-level rule expressions (or only the number of
/// objects with `count`). Tables, chains, sets and objects are read first (small); each set's
/// elements are read and sorted when the set is written; rules stream, one dump per table.
/// Returns the number of objects written.
pub fn print<W: Write>(
    h: &mut Handle,
    family: u8,
    style: Style,
    count: bool,
    w: &mut W,
) -> Result<u64, Error> {
    let tables = h.nft_tables(family)?;
    let chains = h.nft_chains(family)?;
    let sets = h.nft_sets(family)?;
    let objects = h
        .nft_objects(family)?
        .into_iter()
        .map(Object::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Wrapped::new(w, style, count, &["nftables"])?;
    for t in &tables {
        let mine = |f: u8, table: &str| f == t.family && table == t.name;
        out.push(&TableJson(t))?;
        for o in objects.iter().filter(|o| mine(o.family, &o.table)) {
            out.push(&ObjectJson(o))?;
        }
        for s in sets.iter().filter(|s| mine(s.family, &s.table)) {
            if s.flags.unwrap_or(0) & NFT_SET_ANONYMOUS != 0 {
                continue;
            }
            let mut elements = Vec::new();
            if !out.count_only() {
                for m in h.nft_set_elements(s.family, &s.table, &s.name)? {
                    elements.extend(m.elements.map(|e| e.elem).unwrap_or_default());
                }
            }
            out.push(&SetJson {
                set: s,
                elements: &elements,
            })?;
        }
        for c in chains.iter().filter(|c| mine(c.family, &c.table)) {
            out.push(&ChainJson(c))?;
        }
        let filter = RuleFilter {
            family: t.family,
            table: Some(t.name.clone()),
            chain: None,
        };
        h.for_each_nft_rule(&filter, |r| {
            out.push(&RuleJson(r))?;
            Ok(())
        })?;
    }
    Ok(out.finish()?)
}
