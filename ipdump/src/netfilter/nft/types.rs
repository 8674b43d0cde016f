//! nft's user-space data types (`NFTA_SET_KEY_TYPE`, `NFTA_SET_DATA_TYPE`: numbers the kernel
//! keeps for nft without reading them), and set keys and data written as `nft -j` writes
//! values of those types. These are nft's facts, not the kernel's, so they live here with the
//! presentation.

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::expr::verdict_name;
use crate::json::value::Mac;
use netlink_runtime::nftables::Verdict;

/// How nft reads a type's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A link-layer address.
    Lladdr,
    /// A big-endian number (ports, ether types).
    BigEndian,
    /// A host-order number (marks, interface indexes, ids).
    Host,
    /// An IP protocol number, named from `/etc/protocols`.
    Proto,
    /// A NUL-padded string (interface names).
    Text,
    /// A verdict (map data).
    Verdict,
    /// A type this module does not read: written as a hex number.
    Other,
}

/// One of nft's data types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datatype {
    /// nft's number (`TYPE_*`).
    pub id: u32,
    /// Its name (`ipv4_addr`).
    pub name: &'static str,
    /// Bytes a value takes in a key (0: the whole key, for integers and strings of any size).
    pub len: usize,
    /// How the bytes are read.
    pub kind: Kind,
}

macro_rules! types {
    ($($id:literal $name:literal $len:literal $kind:ident),* $(,)?) => {
        /// nft's data types, by number (nftables' `enum datatypes`).
        pub const DATATYPES: &[Datatype] = &[
            $(Datatype { id: $id, name: $name, len: $len, kind: Kind::$kind }),*
        ];
    };
}

types! {
    1 "verdict" 4 Verdict,
    2 "nf_proto" 1 Host,
    3 "bitmask" 0 Other,
    4 "integer" 0 Host,
    5 "string" 0 Text,
    6 "ll_addr" 0 Lladdr,
    7 "ipv4_addr" 4 Ipv4,
    8 "ipv6_addr" 16 Ipv6,
    9 "ether_addr" 6 Lladdr,
    10 "ether_type" 2 Other,
    11 "arp_op" 2 Other,
    12 "inet_proto" 1 Proto,
    13 "inet_service" 2 BigEndian,
    14 "icmp_type" 1 Other,
    15 "tcp_flag" 1 Other,
    16 "dccp_pkttype" 1 Other,
    17 "mh_type" 1 Other,
    18 "time" 8 Other,
    19 "mark" 4 Host,
    20 "iface_index" 4 Host,
    21 "iface_type" 2 Other,
    22 "realm" 4 Other,
    23 "classid" 4 Other,
    24 "uid" 4 Host,
    25 "gid" 4 Host,
    26 "ct_state" 4 Other,
    27 "ct_dir" 1 Other,
    28 "ct_status" 4 Other,
    29 "icmpv6_type" 1 Other,
    30 "ct_label" 16 Other,
    31 "pkt_type" 1 Other,
    32 "icmp_code" 1 Other,
    33 "icmpv6_code" 1 Other,
    34 "icmpx_code" 1 Other,
    35 "devgroup" 4 Other,
    36 "dscp" 1 Other,
    37 "ecn" 1 Other,
    38 "fib_addrtype" 4 Other,
    39 "boolean" 1 Other,
    40 "ct_event" 4 Other,
    41 "ifname" 16 Text,
    42 "igmp_type" 1 Other,
    43 "time" 8 Other,
    44 "hour" 4 Other,
    45 "day" 1 Other,
    46 "cgroupsv2" 8 Other,
}

/// nft packs a concatenation's types into one number, 6 bits each, the first field highest.
const TYPE_BITS: u32 = 6;

/// The kernel's number for a verdict map's data (`NFT_DATA_VERDICT`).
pub const DATA_VERDICT: u32 = 0xffff_ff00;

/// The type with nft's number `id` (unknown: an integer-like type named by its number).
pub fn datatype(id: u32) -> Datatype {
    if id == DATA_VERDICT {
        return DATATYPES[0];
    }
    DATATYPES
        .iter()
        .copied()
        .find(|t| t.id == id)
        .unwrap_or(Datatype {
            id,
            name: "invalid",
            len: 0,
            kind: Kind::Other,
        })
}

/// The field types of a key type: one, or a concatenation's, first field first.
pub fn fields(id: u32) -> Vec<Datatype> {
    if id == DATA_VERDICT || id < (1 << TYPE_BITS) {
        return vec![datatype(id)];
    }
    let mut out = Vec::new();
    let mut v = id;
    while v != 0 {
        out.push(datatype(v & ((1 << TYPE_BITS) - 1)));
        v >>= TYPE_BITS;
    }
    out.reverse();
    out
}

/// How one value of a type is written.
#[derive(Debug, Clone, Copy)]
pub struct Value<'a> {
    /// Its type.
    pub ty: Datatype,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// A host-order integer type read big-endian (the set's user data says so for `typeof`
    /// keys of packet fields).
    pub big_endian: bool,
}

impl Value<'_> {
    fn number(&self) -> u128 {
        let b = self.bytes;
        let mut v: u128 = 0;
        let big = self.big_endian || self.ty.kind == Kind::BigEndian;
        if big {
            for &x in b.iter().take(16) {
                v = (v << 8) | u128::from(x);
            }
        } else {
            for &x in b.iter().take(16).rev() {
                v = (v << 8) | u128::from(x);
            }
        }
        v
    }

    /// The key to sort elements as nft does: the value as a number in its type's byte order.
    pub fn sort_key(&self) -> Vec<u8> {
        let big = self.big_endian
            || matches!(
                self.ty.kind,
                Kind::BigEndian | Kind::Ipv4 | Kind::Ipv6 | Kind::Lladdr | Kind::Other
            );
        if big {
            self.bytes.to_vec()
        } else {
            self.bytes.iter().rev().copied().collect()
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.bytes;
        match self.ty.kind {
            Kind::Ipv4 if b.len() == 4 => s.collect_str(&Ipv4Addr::new(b[0], b[1], b[2], b[3])),
            Kind::Ipv6 if b.len() == 16 => {
                let mut a = [0u8; 16];
                a.copy_from_slice(b);
                s.collect_str(&Ipv6Addr::from(a))
            }
            Kind::Lladdr => Mac(b).serialize(s),
            Kind::BigEndian | Kind::Host if b.len() <= 8 => s.serialize_u64(self.number() as u64),
            Kind::Proto => match b.first().and_then(|&p| crate::netfilter::protocol_name(p)) {
                Some(n) => s.serialize_str(&n),
                None => s.serialize_u64(self.number() as u64),
            },
            Kind::Text => {
                let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
                s.serialize_str(&String::from_utf8_lossy(&b[..end]))
            }
            _ => {
                let mut t = String::from("0x");
                let big = self.sort_key();
                for x in &big {
                    let _ = write!(t, "{x:02x}");
                }
                s.serialize_str(&t)
            }
        }
    }
}

/// A verdict as `nft -j` writes one: `{"accept": null}`, `{"jump": {"target": "web"}}`.
pub struct VerdictValue<'v>(pub &'v Verdict);

impl Serialize for VerdictValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let code = self.0.code.unwrap_or(0);
        let mut m = s.serialize_map(Some(1))?;
        let name = verdict_name(code).unwrap_or("unknown");
        match &self.0.chain {
            Some(c) => {
                let mut target = std::collections::BTreeMap::new();
                target.insert("target", c.as_str());
                m.serialize_entry(name, &target)?;
            }
            None => m.serialize_entry(name, &())?,
        }
        m.end()
    }
}

/// Compares two sort keys of one set as numbers.
pub fn cmp_keys(a: &[Vec<u8>], b: &[Vec<u8>]) -> Ordering {
    a.cmp(b)
}
