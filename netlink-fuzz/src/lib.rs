//! The bodies of the fuzz targets: one plain function per target, taking the fuzzer's bytes.
//!
//! `../fuzz/fuzz_targets/NAME.rs` hands its input to [`NAME`](TARGETS) under cargo-fuzz
//! (`scripts/fuzz.sh`); `tests/corpus.rs` runs every function over the committed corpus
//! (`../fuzz/corpus/NAME/`), the hostile inputs of `mknetlinkdefs/tests/data/hostile/` and a few
//! deterministic mutations of each, so an ordinary `cargo test` on stable exercises the same
//! code on every CI run.
//!
//! A target fails by panicking: on a panic inside the code under test, and on the few
//! properties checked here that must hold for any input (a message or attribute yielded lies
//! inside its buffer; a merged schema document is still TOML and merging it again changes
//! nothing).
//!
//! | target | input | code under test |
//! | --- | --- | --- |
//! | `messages` | a datagram | [`Messages`], [`MsgHeader`], [`Message::attrs`], [`GenlHeader`], nested [`Attrs`] |
//! | `attrs` | an attribute list | [`Attrs`] and every typed accessor of [`Attr`] |
//! | `rtnl` | a datagram | `rtnl::{LinkRef, AddressRef, RouteRef, NeighbourRef, RuleRef, NexthopRef}::from_message`, their owned forms, `Event::from_message` |
//! | `families` | a datagram | the families' dump operations, notification decoders and reply types (`ethtool`, `mptcp`, `netdev`, `nlctrl`, `tcp_metrics`), each reply encoded again and compared; [`genl::Family`] |
//! | `netfilter` | a datagram | conntrack, nf_tables and ipset: dump operations, conntrack events, every message type (encoded again and compared), `ipset::join` |
//! | `tc` | a datagram | `tc::{TcRef, TcStatsRef, ActionMsg, TcEvent}` (every option, statistics and xstats sub-message by kind), `TcObject` of each kind, `ipdump::tc`'s `tc -j` views with and without statistics, serde; actions encoded again and compared |
//! | `ipdump_json` | datagrams | every `ipdump::json` view of every rtnetlink object, dumps through the streamed array, `monitor` events; the output must be valid JSON |
//! | `decode_tree` | byte 0: protocol and direction; then a datagram | `mknetlinkdefs decode`'s schema-driven tree, text and JSON output |
//! | `decode_strace` | an strace log | the strace reader, then the tree and output |
//! | `decode_hex` | plain hex | the hex reader, then the tree and output |
//! | `decode_pcap` | a pcap file | the pcap reader, then the tree and output |
//! | `c_frontend` | a C header | the preprocessor, expressions, declarations, layout, the generator |
//! | `schema` | a schema file | the loader and validator; a valid schema then decodes sample messages |
//! | `update` | header text, a NUL byte, a schema document | `update`'s merge (and its idempotence) |
//! | `ynl` | a YNL spec, optionally a NUL byte and a schema document | `import-ynl`'s reader and importer (errors name a line; the result loads; importing again changes nothing) |

use std::fmt::Debug;
use std::sync::OnceLock;

use mknetlinkdefs::decode::{self, render, Decoder, Direction, Item, SchemaSet};
use netlink_runtime::codec::FromMessage;
use netlink_runtime::genl::{self, GenlHeader};
use netlink_runtime::rtnl::{
    Address, AddressRef, Event, Link, LinkRef, Neighbour, NeighbourRef, Nexthop, NexthopRef, Route,
    RouteRef, Rule, RuleRef,
};
use netlink_runtime::{Attr, Attrs, Message, MessageBuilder, Messages, MsgHeader};

mod families;
mod ipdump_json;
mod netfilter;
mod tc;
mod ynl;

pub use families::families;
pub use ipdump_json::ipdump_json;
pub use netfilter::netfilter;
pub use tc::tc;
pub use ynl::ynl;

/// A fuzz target: its name (that of `fuzz/fuzz_targets/NAME.rs` and `fuzz/corpus/NAME/`) and
/// its body.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The target's name.
    pub name: &'static str,
    /// The body: panics on a bug.
    pub run: fn(&[u8]),
}

/// Every target, in the order `scripts/fuzz.sh` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "messages",
        run: messages,
    },
    Target {
        name: "attrs",
        run: attrs,
    },
    Target {
        name: "rtnl",
        run: rtnl,
    },
    Target {
        name: "families",
        run: families,
    },
    Target {
        name: "netfilter",
        run: netfilter,
    },
    Target {
        name: "tc",
        run: tc,
    },
    Target {
        name: "ipdump_json",
        run: ipdump_json,
    },
    Target {
        name: "decode_tree",
        run: decode_tree,
    },
    Target {
        name: "decode_strace",
        run: decode_strace,
    },
    Target {
        name: "decode_hex",
        run: decode_hex,
    },
    Target {
        name: "decode_pcap",
        run: decode_pcap,
    },
    Target {
        name: "c_frontend",
        run: c_frontend,
    },
    Target {
        name: "schema",
        run: schema,
    },
    Target {
        name: "update",
        run: update,
    },
    Target {
        name: "ynl",
        run: ynl,
    },
];

/// Decodes `m` as `T` and, when that works, checks that `T`'s encoder (`build`: the value in a
/// new message) writes a message that decodes to the same value: a derived decoder and encoder
/// must agree on every attribute's place and length.
pub(crate) fn roundtrip<T>(m: &Message<'_>, build: impl FnOnce(&T) -> MessageBuilder) -> Option<T>
where
    T: for<'a> FromMessage<'a> + PartialEq + Debug,
{
    let v = T::from_message(m).ok()?;
    // Too long to encode again (an attribute over 64 KiB once padded): nothing to compare.
    let Ok(bytes) = build(&v).finish() else {
        return Some(v);
    };
    match T::from_payload(&bytes[16..]) {
        Ok(w) => assert_eq!(w, v, "decode(encode(x)) != x\nencoded: {bytes:02x?}"),
        Err(e) => panic!("{v:?} encodes to a message it cannot read back: {e}\n{bytes:02x?}"),
    }
    Some(v)
}

/// Deepest nesting walked by [`walk`] (the runtime itself has no depth limit: nesting is the
/// caller's choice).
const MAX_WALK_DEPTH: usize = 32;

/// Walks `attrs` (whose buffer starts at offset `base` and is `len` bytes), every typed
/// accessor of every attribute and, as nests, their payloads.
fn walk(attrs: Attrs<'_>, base: usize, len: usize, depth: usize) {
    for a in attrs {
        let Ok(a) = a else { break };
        let end = a.offset() + 4 + a.payload().len();
        assert!(
            a.offset() >= base && end <= base + len,
            "attribute at {} ({} bytes) outside its buffer {base}..{}",
            a.offset(),
            a.payload().len(),
            base + len
        );
        accessors(&a);
        if depth < MAX_WALK_DEPTH {
            walk(a.nested(), a.offset() + 4, a.payload().len(), depth + 1);
        }
    }
}

fn accessors(a: &Attr<'_>) {
    let _ = (a.kind(), a.flags(), a.is_nested(), a.is_net_byteorder());
    let _ = (a.as_u8(), a.as_u16(), a.as_u32(), a.as_u64());
    let _ = (a.as_i8(), a.as_i16(), a.as_i32(), a.as_i64());
    let _ = (a.as_be16(), a.as_be32(), a.as_be64(), a.as_uint());
    let _ = a.as_str();
}

/// Every message of a datagram: header, fixed headers of every plausible size, attributes.
pub fn messages(data: &[u8]) {
    let mut count = 0usize;
    for m in Messages::new(data) {
        let Ok(m) = m else { break };
        count += 1;
        let h = m.header();
        assert_eq!(MsgHeader::parse(&h.to_bytes()), Some(h));
        let start = m.offset() + 16;
        assert!(
            start + m.payload().len() <= data.len(),
            "message at {} past the end",
            m.offset()
        );
        let _ = (m.kind(), m.flags(), m.seq(), m.pid());
        // Attribute offsets count from the start of the message.
        let after = |fixed: usize| {
            let skip = netlink_runtime::attr::align4(fixed);
            (16 + skip, m.payload().len().saturating_sub(skip))
        };
        for fixed in [0, 4, 8, 12, 16, 20, 28] {
            let _ = m.fixed_header(fixed);
            if let Ok(a) = m.attrs(fixed) {
                let (base, len) = after(fixed);
                walk(a, base, len, 0);
            }
        }
        let _ = GenlHeader::parse(&m);
        if let Ok(a) = genl::genl_attrs(&m, 0) {
            let (base, len) = after(4);
            walk(a, base, len, 0);
        }
    }
    assert!(
        count <= data.len() / 16,
        "{count} messages in {} bytes",
        data.len()
    );
}

/// An attribute list, and `find` for the types it holds.
pub fn attrs(data: &[u8]) {
    walk(Attrs::new(data), 0, data.len(), 0);
    for a in Attrs::new(data).take(8) {
        let Ok(a) = a else { break };
        let _ = Attrs::new(data).find(a.kind());
    }
}

/// Every rtnetlink parser the runtime ships, on every message (whatever its type: a parser
/// must cope with any payload), and their owned forms.
pub fn rtnl(data: &[u8]) {
    for m in Messages::new(data) {
        let Ok(m) = m else { break };
        rtnl_message(&m);
    }
}

fn rtnl_message(m: &Message<'_>) {
    if let Ok(l) = LinkRef::from_message(m) {
        let _ = Link::try_from(&l);
    }
    if let Ok(a) = AddressRef::from_message(m) {
        let _ = Address::from(&a);
    }
    if let Ok(r) = RouteRef::from_message(m) {
        let _ = Route::try_from(&r);
    }
    if let Ok(n) = NeighbourRef::from_message(m) {
        let _ = Neighbour::from(&n);
    }
    if let Ok(r) = RuleRef::from_message(m) {
        let _ = Rule::from(&r);
    }
    if let Ok(n) = NexthopRef::from_message(m) {
        let _ = Nexthop::try_from(&n);
    }
    let _ = Event::from_message(m);
}

/// The bundled schemas, loaded once per process.
fn bundled() -> &'static SchemaSet {
    static SET: OnceLock<SchemaSet> = OnceLock::new();
    SET.get_or_init(|| SchemaSet::bundled().0)
}

/// Decodes and renders (text and JSON) what a reader produced, as `mknetlinkdefs decode` does.
fn decode_items(set: &SchemaSet, items: Vec<Item>, protocol: Option<u32>) {
    let mut decoder = Decoder::new(set);
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Datagram(mut d) => {
                if d.protocol.is_none() {
                    d.protocol = protocol;
                }
                let decoded = decoder.decode_datagram(&d);
                for p in decoded.problems(&d) {
                    let _ = render::locate("fuzz", &p);
                }
                let _ = render::text_datagram(&mut out, "fuzz", &d, &decoded);
                let _ = render::json_datagram("fuzz", &d, &decoded).to_string();
            }
            Item::Problem(p) | Item::Note(p) => {
                let _ = render::locate("fuzz", &p);
                let _ = render::json_problem("fuzz", &p);
            }
        }
        out.clear();
    }
}

/// Protocols `decode_tree` picks from with its first byte: route, generic, netfilter,
/// sock_diag, and one nothing describes.
const PROTOCOLS: [u32; 5] = [0, 16, 12, 4, 31];

/// The schema-driven decoder on one datagram; byte 0 chooses protocol and direction.
pub fn decode_tree(data: &[u8]) {
    let Some((&sel, buf)) = data.split_first() else {
        return;
    };
    let protocol = PROTOCOLS[usize::from(sel) % PROTOCOLS.len()];
    let direction = match sel / 8 % 3 {
        0 => Some(Direction::Request),
        1 => Some(Direction::Reply),
        _ => None,
    };
    let d = decode::Datagram {
        bytes: buf.to_vec(),
        protocol: Some(protocol),
        direction,
        ..decode::Datagram::default()
    };
    // Twice through one decoder: the second pass knows the families the first one learnt.
    let mut decoder = Decoder::new(bundled());
    for _ in 0..2 {
        let decoded = decoder.decode_datagram(&d);
        let mut out = Vec::new();
        let _ = render::text_datagram(&mut out, "fuzz", &d, &decoded);
        let _ = render::json_datagram("fuzz", &d, &decoded).to_string();
    }
}

/// The strace reader and everything after it.
pub fn decode_strace(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    decode_items(bundled(), decode::strace::read(&text, None), Some(0));
}

/// The hex reader and everything after it.
pub fn decode_hex(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    decode_items(bundled(), decode::hex::read(&text), Some(0));
}

/// The pcap reader and everything after it.
pub fn decode_pcap(data: &[u8]) {
    decode_items(bundled(), decode::pcap::read(data), None);
}

/// Whether a header could make the preprocessor read a file that never ends or blocks
/// (`/proc/kmsg` is a regular file that blocks when empty): such inputs are left out, as a
/// real header has no business including them.
fn names_special_files(text: &str) -> bool {
    ["/proc", "/sys", "/dev"].iter().any(|p| text.contains(p))
}

/// The C front-end and the generator, then the schema document they make.
pub fn c_frontend(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if names_special_files(&text) {
        return;
    }
    let Ok(items) = mknetlinkdefs::c::parse_text(&[], "fuzz.h", &text) else {
        return;
    };
    for w in &items.warnings {
        let _ = w.to_string();
    }
    let generated = mknetlinkdefs::generated::from_header_items(&items, &[], &Default::default());
    let mut doc = toml_edit::DocumentMut::new();
    mknetlinkdefs::merge::merge(&mut doc, &generated);
    let written = doc.to_string();
    // What the generator writes is a schema the loader reads.
    let loaded = netlink_schema::Schema::parse(written.clone(), "generated.toml");
    assert!(
        loaded.is_ok(),
        "generated schema does not load: {loaded:?}\n{written}"
    );
    if let Ok(s) = loaded {
        let _ = s.validate();
    }
}

/// Messages a valid fuzzed schema decodes: an rtnetlink dump reply (a link and an address),
/// an error with an echoed request and extended ACK, a generic netlink message.
const SAMPLES: &[&[u8]] = &[
    &[
        0x20, 0, 0, 0, 0x10, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, // RTM_NEWLINK, 32 bytes
        0, 0, 1, 0, 1, 0, 0, 0, 0x49, 0, 1, 0, 0, 0, 0, 0, // ifinfomsg
        0x1c, 0, 0, 0, 0x14, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, // RTM_NEWADDR, 28 bytes
        2, 8, 0x80, 0xfe, 1, 0, 0, 0, 8, 0, 2, 0, 127, 0, 0, 1, // ifaddrmsg, IFA_LOCAL
    ],
    &[
        0x34, 0, 0, 0, 2, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, // NLMSG_ERROR with NLM_F_ACK_TLVS
        0xed, 0xff, 0xff, 0xff, 0x14, 0, 0, 0, 0x18, 0, 5, 6, 1, 0, 0,
        0, // -19, request header
        0, 0, 0, 0, 2, 0x18, 0, 0, 0xc, 0, 1, 0, b'b', b'a', b'd',
        0, // ..., NLMSGERR_ATTR_MSG
        8, 0, 2, 0, 0x10, 0, 0, 0, // NLMSGERR_ATTR_OFFS
    ],
    &[
        0x1c, 0, 0, 0, 0x10, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, // nlctrl, 28 bytes
        3, 2, 0, 0, 0xb, 0, 2, 0, b'e', b't', b'h', b't', b'o', b'o', b'l', 0,
    ],
];

/// The schema loader and validator; a schema without problems then decodes a few sample
/// messages (an rtnetlink dump, an error with extended ACK, a generic netlink message).
pub fn schema(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(s) = netlink_schema::Schema::parse(text, "fuzz.toml") else {
        return;
    };
    let problems = s.validate();
    for p in &problems {
        let _ = p.to_string();
    }
    if !problems.is_empty() {
        return;
    }
    let protocol = s
        .schema
        .protocol
        .as_deref()
        .and_then(decode::names::parse_protocol);
    let mut set = SchemaSet::empty();
    set.add(s);
    let mut decoder = Decoder::new(&set);
    for (n, bytes) in SAMPLES.iter().enumerate() {
        let d = decode::Datagram {
            bytes: bytes.to_vec(),
            protocol: protocol.or(Some(if n == 2 { 16 } else { 0 })),
            direction: Some(Direction::Reply),
            ..decode::Datagram::default()
        };
        let decoded = decoder.decode_datagram(&d);
        let _ = render::json_datagram("fuzz", &d, &decoded).to_string();
    }
}

/// The header `update` uses when its input has no header part.
const UPDATE_HEADER: &str = "
#define NLA_MAX 3
enum { X_UNSPEC, X_NAME, X_VALUE, X_NEST, __X_MAX };
#define X_MAX (__X_MAX - 1)
struct x_msg { unsigned char family; unsigned short flags; unsigned int index; };
union x_u { int i; char c[8]; };
enum x_kind { XK_A = 1, XK_B = 2, XK_C = 4 };
";

/// `update`'s merge: the input is header text, a NUL byte, then the schema document (without
/// a NUL byte: a fixed header and the whole input as the document). Merging must leave a
/// document that is still TOML, and merging the same headers into it again must change
/// nothing.
pub fn update(data: &[u8]) {
    let (header, doc) = match data.iter().position(|&b| b == 0) {
        Some(n) => (
            String::from_utf8_lossy(&data[..n]).into_owned(),
            String::from_utf8_lossy(&data[n + 1..]).into_owned(),
        ),
        None => (
            UPDATE_HEADER.to_owned(),
            String::from_utf8_lossy(data).into_owned(),
        ),
    };
    if names_special_files(&header) {
        return;
    }
    let Ok(items) = mknetlinkdefs::c::parse_text(&[], "fuzz.h", &header) else {
        return;
    };
    let generated = mknetlinkdefs::generated::from_header_items(&items, &[], &Default::default());
    let path = std::path::Path::new("fuzz.toml");
    let Ok(mut doc) = mknetlinkdefs::schema_file::parse_document(&doc, path) else {
        return;
    };
    for c in mknetlinkdefs::merge::merge(&mut doc, &generated) {
        let _ = c.to_string();
    }
    let once = doc.to_string();
    let reparsed = mknetlinkdefs::schema_file::parse_document(&once, path);
    let mut again = match reparsed {
        Ok(d) => d,
        Err(e) => panic!("merged document is not TOML: {e}\n{once}"),
    };
    // What the merge cannot settle is reported every time; it changes nothing.
    let changes: Vec<_> = mknetlinkdefs::merge::merge(&mut again, &generated)
        .into_iter()
        .filter(mknetlinkdefs::merge::Change::changes_document)
        .collect();
    assert!(
        changes.is_empty(),
        "merging again changed {changes:?}\nfirst:\n{once}\nsecond:\n{again}"
    );
}
