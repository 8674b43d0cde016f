//! Schema-driven decoding of netlink messages into a value tree.
//!
//! Messages are walked with `netlink-runtime`'s bounds-checked [`Messages`] and [`Attrs`]
//! iterators. The message definition is chosen by `nlmsg_type` among the `[messages.*].types`
//! of the schemas whose `[schema] protocol` matches; for generic netlink by the family (its id
//! resolved from an nlctrl `CTRL_CMD_NEWFAMILY` seen earlier in the input, from `--family`, or
//! nlctrl's fixed id 16) and `genlmsghdr.cmd` among `[messages.*].commands`. `NLMSG_ERROR`,
//! `NLMSG_DONE`, `NLMSG_NOOP` and `NLMSG_OVERRUN` are decoded as the netlink control messages.
//!
//! Every value follows its annotation: integers (with byte order and enum names), strings,
//! `ip`/`ipv4`/`ipv6`/`mac`/`hex`/`uuid` display hints, flags, C structs field by field, nests,
//! indexed arrays, nest-type-value nests, bitfield32, sub-messages chosen by their selector, and
//! record lists (`length-field`, such as `RTA_MULTIPATH`). What the schema does not know is kept
//! as bytes. A malformed length is an error node plus a [`Problem`] naming the
//! offset; decoding goes on with the next attribute list, message or buffer.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use netlink_runtime::attr::{align4, Attr, Attrs};
use netlink_runtime::message::{MessageErrorKind, Messages};
use netlink_schema::{
    AttrType, Attribute, AttributeSet, ByteOrder, DisplayHint, Field, FieldType, Record,
    ScalarType, Schema,
};

use super::names::{self, RequestKind};
use super::{Datagram, Direction, Problem, SchemaSet};

/// Deepest nesting decoded; deeper attributes are shown as bytes (hostile input must not
/// exhaust the stack).
const MAX_DEPTH: usize = 24;

/// Nodes one message may build: [`NODES_PER_BYTE`] per byte of the message, plus this. Real
/// schemas need about one node per byte (more only for structs of bitfields); a schema whose
/// structs overlap and nest (three fields of one struct at the same offset, each again three
/// fields, ...) would build exponentially many, so past the limit the rest of the message is
/// not decoded and the problem is reported with the message's line and offset.
pub const NODES_BASE: usize = 256;
/// See [`NODES_BASE`].
pub const NODES_PER_BYTE: usize = 8;

/// One named value of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Attribute or field name (`IFA_LOCAL`, `ifa_index`, `[0]` for array elements).
    pub name: String,
    /// The attribute type number, for attributes.
    pub id: Option<u16>,
    /// Offset of the attribute (or field) in the buffer.
    pub offset: Option<usize>,
    /// What was used to decode it: a struct name, `sub-message veth`, ...
    pub note: Option<String>,
    /// The value.
    pub value: Value,
}

impl Node {
    fn new(name: impl Into<String>, value: Value) -> Node {
        Node {
            name: name.into(),
            id: None,
            offset: None,
            note: None,
            value,
        }
    }

    fn with_note(mut self, note: impl Into<String>) -> Node {
        self.note = Some(note.into());
        self
    }

    /// Finds a direct child by name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        match &self.value {
            Value::Children(c) => c.iter().find(|n| n.name == name),
            _ => None,
        }
    }
}

/// A decoded value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// No payload (a flag, padding).
    Empty,
    /// An unsigned integer.
    Unsigned(u64),
    /// A signed integer.
    Signed(i64),
    /// An integer with a name: an enum member, a set of flags, an errno.
    Named {
        /// The number.
        value: i128,
        /// Its name(s), `A|B` for flags.
        name: String,
    },
    /// A string attribute or `char` array.
    String(String),
    /// Text shown as it is: a formatted address or number.
    Text(String),
    /// Raw bytes, shown as hex.
    Bytes(Vec<u8>),
    /// A nest, struct, array or sub-message.
    Children(Vec<Node>),
    /// Malformed: why, and the bytes.
    Error {
        /// What was wrong.
        reason: String,
        /// The bytes concerned.
        bytes: Vec<u8>,
    },
}

/// One decoded netlink message.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedMessage {
    /// Offset of its `nlmsghdr` in the buffer.
    pub offset: usize,
    /// `nlmsg_len`.
    pub len: u32,
    /// `nlmsg_type`.
    pub kind: u16,
    /// The type's name (`RTM_NEWLINK`, `NLMSG_ERROR`) or, for generic netlink, the family.
    pub type_name: Option<String>,
    /// Generic netlink: the command's name.
    pub command: Option<String>,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// Names of the flags.
    pub flag_names: Vec<String>,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// `nlmsg_pid`.
    pub port: u32,
    /// The payload: fixed header(s) then attributes.
    pub body: Vec<Node>,
}

/// Every message of a buffer, and what was wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DecodedDatagram {
    /// The messages, in order.
    pub messages: Vec<DecodedMessage>,
    /// Problems: offset in the buffer and message.
    pub errors: Vec<(usize, String)>,
    /// Zero bytes after the last message (offset, length): iproute2 sends its whole request
    /// buffer, and the kernel stops at a zero `nlmsg_len` without complaint, so this is no
    /// problem.
    pub zero_padding: Option<(usize, usize)>,
}

impl DecodedDatagram {
    /// The problems, located in the input with the datagram's rows.
    pub fn problems(&self, d: &Datagram) -> Vec<Problem> {
        self.errors
            .iter()
            .map(|(off, message)| Problem {
                origin: d.origin_of(*off),
                message: message.clone(),
            })
            .collect()
    }
}

/// The decoder: schemas, plus the generic netlink families learnt so far.
pub struct Decoder<'s> {
    set: &'s SchemaSet,
    /// Generic netlink family ids to names.
    families: HashMap<u16, String>,
    /// `--family NAME`: for generic messages of an unknown family id.
    default_family: Option<String>,
    /// Protocol -> message type -> the definitions that use it, in schema order (a request
    /// and its reply may share a type).
    types: HashMap<u32, HashMap<u16, Vec<TypeUse>>>,
}

/// A message definition that uses a message type: (schema index, definition, type name).
type TypeUse = (usize, String, String);

/// Where in the buffer a message being decoded is, and the errors met.
struct Ctx<'a> {
    schema: Option<&'a Schema>,
    /// Offset of the message's `nlmsghdr` in the buffer.
    msg: usize,
    errors: Vec<(usize, String)>,
    /// Nodes the message may still build ([`NODES_BASE`]).
    nodes_left: usize,
    /// The limit, for the message; 0 once it was hit.
    nodes_max: usize,
}

impl<'a> Ctx<'a> {
    fn new(msg: usize, len: usize) -> Ctx<'a> {
        let max = NODES_BASE.saturating_add(len.saturating_mul(NODES_PER_BYTE));
        Ctx {
            schema: None,
            msg,
            errors: Vec::new(),
            nodes_left: max,
            nodes_max: max,
        }
    }

    /// Takes `n` nodes from the message's budget; false once it has run out (reported once,
    /// at `abs`): the caller builds nothing more.
    fn take_nodes(&mut self, n: usize, abs: usize) -> bool {
        if self.nodes_max == 0 {
            return false;
        }
        if n > self.nodes_left {
            let max = self.nodes_max;
            // Reported once: nothing more is built for this message.
            self.nodes_max = 0;
            self.error(
                abs,
                format!(
                    "decoding would build more than {max} nodes ({NODES_PER_BYTE} per byte of \
                     the message, plus {NODES_BASE}): the schema's structs overlap and nest too \
                     much; the rest of the message is not decoded"
                ),
            );
            return false;
        }
        self.nodes_left -= n;
        true
    }

    fn error(&mut self, abs: usize, what: String) -> String {
        let msg = format!("message at offset {}: {what}", self.msg);
        self.errors.push((abs, msg));
        what
    }
}

fn attr_error_text(kind: netlink_runtime::AttrErrorKind, rel: usize, within: &str) -> String {
    use netlink_runtime::AttrErrorKind as K;
    let place = format!("attribute at offset {rel}{within}");
    match kind {
        K::TruncatedHeader { available } => {
            format!("{place}: truncated header ({available} bytes left, need 4)")
        }
        K::LengthTooSmall { len, .. } => format!("{place}: length {len} below the 4-byte header"),
        K::LengthPastEnd { len, available, .. } => {
            format!("{place}: length {len} past the end of its container ({available} bytes left)")
        }
        other => format!("{place}: {other:?}"),
    }
}

impl<'s> Decoder<'s> {
    /// A decoder over `set`; knows nlctrl's fixed family id (16).
    pub fn new(set: &'s SchemaSet) -> Decoder<'s> {
        let mut types: HashMap<u32, HashMap<u16, Vec<TypeUse>>> = HashMap::new();
        for (i, schema) in set.schemas.iter().enumerate() {
            let Some(proto) = schema
                .schema
                .protocol
                .as_deref()
                .and_then(names::parse_protocol)
            else {
                continue;
            };
            if proto == names::GENERIC {
                continue;
            }
            let map = types.entry(proto).or_default();
            for (mname, m) in &schema.messages {
                for t in &m.get_ref().types {
                    let Some(v) = schema.constant(t).map(|c| c.as_i128()) else {
                        continue;
                    };
                    if let Ok(v) = u16::try_from(v) {
                        map.entry(v)
                            .or_default()
                            .push((i, mname.clone(), t.clone()));
                    }
                }
            }
        }
        let mut families = HashMap::new();
        families.insert(16, "nlctrl".to_owned());
        Decoder {
            set,
            families,
            default_family: None,
            types,
        }
    }

    /// `--family NAME=ID` (a family id) or `--family NAME` (the family of every generic
    /// message whose id is not otherwise known).
    pub fn add_family_arg(&mut self, arg: &str) -> Result<(), String> {
        let (name, id) = match arg.split_once('=') {
            Some((n, id)) => {
                let id = names::parse_int(id.trim())
                    .and_then(|v| u16::try_from(v).ok())
                    .ok_or_else(|| format!("--family {arg}: {id:?} is not a family id"))?;
                (n.trim(), Some(id))
            }
            None => (arg.trim(), None),
        };
        if self.set.for_family(name).is_none() {
            let known: Vec<&str> = self
                .set
                .schemas
                .iter()
                .filter_map(|s| s.schema.family.as_deref())
                .collect();
            return Err(format!(
                "--family {arg}: no schema for family {name:?} (known: {}; add one with --schema)",
                known.join(", ")
            ));
        }
        match id {
            Some(id) => {
                self.families.insert(id, name.to_owned());
            }
            None => self.default_family = Some(name.to_owned()),
        }
        Ok(())
    }

    /// The generic netlink families known so far (id, name).
    pub fn families(&self) -> Vec<(u16, String)> {
        let mut v: Vec<_> = self.families.iter().map(|(k, v)| (*k, v.clone())).collect();
        v.sort();
        v
    }

    /// Decodes every message of a buffer.
    pub fn decode_datagram(&mut self, d: &Datagram) -> DecodedDatagram {
        self.decode_bytes(&d.bytes, d.protocol, d.direction)
    }

    /// Decodes every message of `buf`, of protocol `proto`, going `dir`.
    pub fn decode_bytes(
        &mut self,
        buf: &[u8],
        proto: Option<u32>,
        dir: Option<Direction>,
    ) -> DecodedDatagram {
        let mut out = DecodedDatagram::default();
        for m in Messages::new(buf) {
            match m {
                Ok(m) => {
                    let mut ctx = Ctx::new(m.offset(), m.payload().len() + 16);
                    let h = m.header();
                    let body = self.body(&mut ctx, proto, dir, h.kind, h.flags, m.payload(), 0);
                    out.errors.append(&mut ctx.errors);
                    out.messages.push(DecodedMessage {
                        offset: m.offset(),
                        len: h.len,
                        kind: h.kind,
                        type_name: body.type_name,
                        command: body.command,
                        flags: h.flags,
                        flag_names: names::nlmsg_flags(h.flags, body.request_kind),
                        seq: h.seq,
                        port: h.pid,
                        body: body.nodes,
                    });
                }
                Err(e) => {
                    let o = e.offset;
                    let total = buf.len();
                    let rest = buf.get(o..).unwrap_or(&[]);
                    if !rest.is_empty() && rest.iter().all(|&b| b == 0) {
                        out.zero_padding = Some((o, rest.len()));
                        continue;
                    }
                    let what = match e.kind {
                        MessageErrorKind::TruncatedHeader { available } => format!(
                            "message at offset {o}: truncated header ({available} bytes left of \
                             the {total}-byte buffer, a header needs 16)"
                        ),
                        MessageErrorKind::LengthTooSmall { len } => {
                            format!("message at offset {o}: length {len} below the 16-byte header")
                        }
                        MessageErrorKind::LengthPastEnd { len, available } => format!(
                            "message at offset {o}: length {len} past the end of the buffer \
                             ({total} bytes, {available} left)"
                        ),
                        MessageErrorKind::ShortPayload { needed, available } => format!(
                            "message at offset {o}: payload {available} bytes, needs {needed}"
                        ),
                    };
                    out.errors.push((o, what));
                }
            }
        }
        out
    }

    /// Decodes a message's payload (also used for the request inside an `NLMSG_ERROR`).
    #[allow(clippy::too_many_arguments)]
    fn body(
        &mut self,
        ctx: &mut Ctx<'s>,
        proto: Option<u32>,
        dir: Option<Direction>,
        kind: u16,
        flags: u16,
        payload: &[u8],
        depth: usize,
    ) -> Body {
        let payload_abs = ctx.msg + 16;
        let mut body = Body::default();
        let request = flags & 0x01 != 0;
        match kind {
            1 => body.type_name = Some("NLMSG_NOOP".into()),
            2 => {
                body.type_name = Some("NLMSG_ERROR".into());
                body.request_kind = RequestKind::Ack;
                body.nodes = self.error_body(ctx, proto, flags, payload, depth);
            }
            3 => {
                body.type_name = Some("NLMSG_DONE".into());
                body.request_kind = RequestKind::Ack;
                if let Some(b) = payload.first_chunk::<4>() {
                    body.nodes.push(errno_node(i32::from_ne_bytes(*b)));
                    if flags & 0x200 != 0 {
                        let (schema, set) = self.ext_ack_set(proto);
                        ctx.schema = schema;
                        let mut nodes = attrs(
                            ctx,
                            set,
                            payload.get(4..).unwrap_or(&[]),
                            payload_abs + 4,
                            1,
                        );
                        body.nodes.append(&mut nodes);
                    }
                } else if !payload.is_empty() {
                    body.nodes
                        .push(Node::new("payload", Value::Bytes(payload.to_vec())));
                }
            }
            4 => {
                body.type_name = Some("NLMSG_OVERRUN".into());
                body.nodes
                    .push(Node::new("payload", Value::Bytes(payload.to_vec())));
            }
            k if k < 16 => {
                body.nodes
                    .push(Node::new("payload", Value::Bytes(payload.to_vec())));
            }
            _ if proto == Some(names::GENERIC) => {
                self.generic(ctx, dir, kind, payload, &mut body);
            }
            _ => {
                let found = proto
                    .and_then(|p| self.types.get(&p))
                    .and_then(|m| m.get(&kind))
                    .and_then(|c| self.pick_classic(c, dir, payload));
                match found {
                    Some((si, mname, tname)) => {
                        let schema = &self.set.schemas[si];
                        ctx.schema = Some(schema);
                        let def = schema.message(&mname);
                        body.request_kind = if request {
                            request_kind(def, &tname, flags)
                        } else {
                            RequestKind::Other
                        };
                        body.type_name = Some(tname);
                        let header = def.and_then(|d| d.header.clone());
                        let set = def.and_then(|d| d.attributes.clone());
                        body.nodes =
                            fixed_and_attrs(ctx, header.as_deref(), set.as_deref(), payload, 16);
                    }
                    None => {
                        body.nodes
                            .push(Node::new("payload", Value::Bytes(payload.to_vec())));
                    }
                }
            }
        }
        body
    }

    /// Among the definitions that share a message type (a classic protocol's request and
    /// reply: `SOCK_DIAG_BY_FAMILY` carries `inet_diag_req_v2` out and `inet_diag_msg` back),
    /// the one whose `direction` is the buffer's, then one whose header and attributes fit
    /// the payload, then the first.
    fn pick_classic(
        &self,
        candidates: &[TypeUse],
        dir: Option<Direction>,
        payload: &[u8],
    ) -> Option<TypeUse> {
        let def = |c: &TypeUse| self.set.schemas[c.0].message(&c.1);
        let direction = |c: &TypeUse| {
            def(c).and_then(|d| d.direction).map(|d| match d {
                netlink_schema::Direction::Request => Direction::Request,
                netlink_schema::Direction::Reply => Direction::Reply,
            })
        };
        let fits_payload = |c: &TypeUse| {
            let schema = &self.set.schemas[c.0];
            let Some(d) = def(c) else { return false };
            let size = d
                .header
                .as_deref()
                .and_then(|h| schema.record(h))
                .map_or(0, |r| r.size as usize);
            let set = d
                .attributes
                .as_deref()
                .and_then(|n| schema.attribute_set(n));
            match (payload.get(align4(size)..), set) {
                (None, _) => payload.len() >= size,
                (Some([]), _) => true,
                (Some(rest), Some(set)) => fits(set, rest),
                (Some(_), None) => false,
            }
        };
        let suits: Vec<&TypeUse> = candidates
            .iter()
            .filter(|c| dir.is_none() || direction(c).is_none_or(|d| Some(d) == dir))
            .collect();
        let pool = if suits.is_empty() {
            candidates.iter().collect()
        } else {
            suits
        };
        pool.iter()
            .find(|c| dir.is_some() && direction(c) == dir && fits_payload(c))
            .or_else(|| pool.iter().find(|c| fits_payload(c)))
            .or(pool.first())
            .map(|c| (*c).clone())
    }

    /// `struct nlmsgerr` (error, the request's header, the rest of the request unless
    /// `NLM_F_CAPPED`) and the extended-ACK attributes (`NLM_F_ACK_TLVS`).
    fn error_body(
        &mut self,
        ctx: &mut Ctx<'s>,
        proto: Option<u32>,
        flags: u16,
        payload: &[u8],
        depth: usize,
    ) -> Vec<Node> {
        let mut nodes = Vec::new();
        let payload_abs = ctx.msg + 16;
        let Some(e) = payload.first_chunk::<4>() else {
            let what = ctx.error(
                payload_abs,
                format!("NLMSG_ERROR payload is {} bytes, needs 4", payload.len()),
            );
            nodes.push(Node::new(
                "error",
                Value::Error {
                    reason: what,
                    bytes: payload.to_vec(),
                },
            ));
            return nodes;
        };
        nodes.push(errno_node(i32::from_ne_bytes(*e)));
        let capped = flags & 0x100 != 0;
        let inner = payload.get(4..).unwrap_or(&[]);
        let mut tlv_start = 4 + 16;
        if let Some(h) = netlink_runtime::MsgHeader::parse(inner) {
            let mut children = vec![
                Node::new("nlmsg_len", Value::Unsigned(h.len.into())),
                Node::new("nlmsg_type", Value::Unsigned(h.kind.into())),
                Node::new(
                    "nlmsg_flags",
                    Value::Named {
                        value: h.flags.into(),
                        name: String::new(),
                    },
                ),
                Node::new("nlmsg_seq", Value::Unsigned(h.seq.into())),
                Node::new("nlmsg_pid", Value::Unsigned(h.pid.into())),
            ];
            let req_len = (h.len as usize).max(16);
            let rest = if capped {
                &[][..]
            } else {
                inner
                    .get(16..req_len)
                    .unwrap_or(inner.get(16..).unwrap_or(&[]))
            };
            if !capped {
                tlv_start = 4 + align4(req_len);
            }
            // The request is decoded as if it started at the offset of the echoed header.
            let saved_msg = ctx.msg;
            let saved_schema = ctx.schema;
            ctx.msg = payload_abs + 4;
            let errors_before = ctx.errors.len();
            let mut inner_body = if depth < 2 {
                self.body(
                    ctx,
                    proto,
                    Some(Direction::Request),
                    h.kind,
                    h.flags,
                    rest,
                    depth + 1,
                )
            } else {
                Body::default()
            };
            if capped {
                // Only the header was echoed: the type's name is all there is to decode.
                ctx.errors.truncate(errors_before);
                inner_body.nodes.clear();
            }
            ctx.msg = saved_msg;
            ctx.schema = saved_schema;
            if let Some(t) = &inner_body.type_name {
                children[1].value = Value::Named {
                    value: h.kind.into(),
                    name: match &inner_body.command {
                        Some(c) => format!("{t} {c}"),
                        None => t.clone(),
                    },
                };
            }
            children[2].value = Value::Named {
                value: h.flags.into(),
                name: names::nlmsg_flags(h.flags, inner_body.request_kind).join("|"),
            };
            children.extend(inner_body.nodes);
            nodes.push(Node::new("msg", Value::Children(children)).with_note("request"));
        } else if !inner.is_empty() {
            nodes.push(Node::new("msg", Value::Bytes(inner.to_vec())));
        }
        if flags & 0x200 != 0 {
            if let Some(tlvs) = payload.get(tlv_start..) {
                let (schema, set) = self.ext_ack_set(proto);
                ctx.schema = schema;
                let mut tlv_nodes = attrs(ctx, set, tlvs, payload_abs + tlv_start, 1);
                // NLMSGERR_ATTR_OFFS (and MISS_NEST) point into the echoed request: name the
                // attribute found there.
                for n in &mut tlv_nodes {
                    let (Some(2 | 6), Value::Unsigned(off)) = (n.id, &n.value) else {
                        continue;
                    };
                    let target = usize::try_from(*off)
                        .map_or(usize::MAX, |o| o.saturating_add(payload_abs + 4));
                    if let Some(name) = nodes.iter().find_map(|m| node_at(m, target)) {
                        n.note = Some(format!("points at {name}"));
                    }
                }
                nodes.extend(tlv_nodes);
            }
        }
        nodes
    }

    /// The extended-ACK attribute set (`nlmsgerr_attr`), preferably from a schema of `proto`.
    fn ext_ack_set(&self, proto: Option<u32>) -> (Option<&'s Schema>, Option<&'s AttributeSet>) {
        let set: &'s SchemaSet = self.set;
        let has = |s: &&Schema| s.attribute_set("nlmsgerr_attr").is_some();
        let schema = set
            .schemas
            .iter()
            .filter(|s| s.schema.protocol.as_deref().and_then(names::parse_protocol) == proto)
            .find(has)
            .or_else(|| set.schemas.iter().find(has));
        (
            schema,
            schema.and_then(|s| s.attribute_set("nlmsgerr_attr")),
        )
    }

    /// A generic netlink message: `genlmsghdr`, the family's message by command, and learning
    /// family ids from nlctrl's `CTRL_CMD_NEWFAMILY`.
    fn generic(
        &mut self,
        ctx: &mut Ctx<'s>,
        dir: Option<Direction>,
        kind: u16,
        payload: &[u8],
        body: &mut Body,
    ) {
        let family = self
            .families
            .get(&kind)
            .cloned()
            .or_else(|| self.default_family.clone());
        body.type_name = Some(
            family
                .clone()
                .unwrap_or_else(|| format!("genl family {kind}")),
        );
        let Some(g) = payload.first_chunk::<4>() else {
            let what = ctx.error(
                ctx.msg + 16,
                format!(
                    "generic netlink payload is {} bytes, genlmsghdr needs 4",
                    payload.len()
                ),
            );
            body.nodes.push(Node::new(
                "genlmsghdr",
                Value::Error {
                    reason: what,
                    bytes: payload.to_vec(),
                },
            ));
            return;
        };
        let (cmd, version, reserved) = (g[0], g[1], u16::from_ne_bytes([g[2], g[3]]));
        let schema = family.as_deref().and_then(|f| self.set.for_family(f));
        ctx.schema = schema;
        // The message definitions whose commands have this number.
        let mut found: Option<(String, &Schema, String)> = None;
        if let Some(s) = schema {
            let mut candidates = Vec::new();
            for (mname, m) in &s.messages {
                for c in &m.get_ref().commands {
                    if s.constant(c).map(|v| v.as_i128()) == Some(cmd.into()) {
                        candidates.push((mname.clone(), c.clone()));
                    }
                }
            }
            // Several definitions may share a number (ethtool's GET and GET_REPLY, mptcp's
            // commands and events): prefer one whose attribute set fits the payload, then one
            // whose name suits the direction, then the first in the schema.
            let is_reply_name = |c: &str| c.contains("REPLY") || c.contains("NTF");
            let rest = payload.get(4..).unwrap_or(&[]);
            let fits_payload = |m: &str| {
                let def = s.message(m);
                let skip = def
                    .and_then(|d| d.header.as_deref())
                    .and_then(|h| s.record(h))
                    .map_or(0, |r| pad4(usize::try_from(r.size).unwrap_or(usize::MAX)));
                let set = def
                    .and_then(|d| d.attributes.as_deref())
                    .and_then(|n| s.attribute_set(n));
                match (set, rest.get(skip..)) {
                    (_, Some([])) => true,
                    (Some(set), Some(attrs)) => fits(set, attrs),
                    _ => false,
                }
            };
            let suits = |c: &str| match dir {
                Some(Direction::Reply) => is_reply_name(c),
                Some(Direction::Request) => !is_reply_name(c),
                None => true,
            };
            let fitting: Vec<&(String, String)> = candidates
                .iter()
                .filter(|(m, _)| candidates.len() == 1 || fits_payload(m))
                .collect();
            let pick = fitting
                .iter()
                .find(|(_, c)| suits(c))
                .or(fitting.first())
                .copied()
                .or_else(|| candidates.iter().find(|(_, c)| suits(c)))
                .or(candidates.first())
                .cloned();
            if let Some((m, c)) = pick {
                found = Some((m, s, c));
            }
        }
        let cmd_value = match &found {
            Some((_, _, c)) => Value::Named {
                value: cmd.into(),
                name: c.clone(),
            },
            None => Value::Unsigned(cmd.into()),
        };
        let hdr_abs = ctx.msg + 16;
        let mut g_node = Node::new(
            "genlmsghdr",
            Value::Children(vec![
                Node::new("cmd", cmd_value),
                Node::new("version", Value::Unsigned(version.into())),
                Node::new("reserved", Value::Unsigned(reserved.into())),
            ]),
        );
        g_node.offset = Some(hdr_abs);
        body.nodes.push(g_node);
        let rest = &payload[4..];
        match found {
            Some((mname, s, cname)) => {
                body.request_kind = request_kind(s.message(&mname), &cname, 0);
                body.command = Some(cname.clone());
                let def = s.message(&mname);
                let header = def.and_then(|d| d.header.clone());
                let set = def.and_then(|d| d.attributes.clone());
                let mut nodes = fixed_and_attrs(ctx, header.as_deref(), set.as_deref(), rest, 20);
                if family.as_deref() == Some("nlctrl") {
                    self.learn_family(s, &cname, rest);
                }
                body.nodes.append(&mut nodes);
            }
            None => {
                if !rest.is_empty() {
                    body.nodes
                        .push(Node::new("payload", Value::Bytes(rest.to_vec())));
                }
            }
        }
    }

    /// Remembers `CTRL_ATTR_FAMILY_ID` -> `CTRL_ATTR_FAMILY_NAME` from a `CTRL_CMD_NEWFAMILY`.
    fn learn_family(&mut self, s: &Schema, cmd: &str, attrs_buf: &[u8]) {
        if cmd != "CTRL_CMD_NEWFAMILY" {
            return;
        }
        let id_of = |name: &str, default: u16| {
            s.constant(name)
                .and_then(|v| u16::try_from(v.as_i128()).ok())
                .unwrap_or(default)
        };
        let (id_attr, name_attr) = (
            id_of("CTRL_ATTR_FAMILY_ID", 1),
            id_of("CTRL_ATTR_FAMILY_NAME", 2),
        );
        let mut id = None;
        let mut name = None;
        for a in Attrs::new(attrs_buf).map_while(Result::ok) {
            if a.kind() == id_attr {
                id = a.as_u16().ok();
            } else if a.kind() == name_attr {
                name = a.as_str().ok().map(str::to_owned);
            }
        }
        if let (Some(id), Some(name)) = (id, name) {
            self.families.insert(id, name);
        }
    }
}

/// What [`Decoder::body`] found.
#[derive(Default)]
struct Body {
    type_name: Option<String>,
    command: Option<String>,
    request_kind: RequestKind,
    nodes: Vec<Node>,
}

/// The name of the attribute whose header is at `offset`, under `n`.
/// The kind of request a message is, for naming its upper flag bits: the definition's
/// `request-kind`, else its type or command name (`RTM_GETLINK`), else, for a request with
/// `NLM_F_ROOT | NLM_F_MATCH` together (which mean nothing together on a `NEW` or `DEL`), a
/// dump.
fn request_kind(def: Option<&netlink_schema::Message>, name: &str, flags: u16) -> RequestKind {
    if let Some(k) = def.and_then(|d| d.request_kind) {
        return match k {
            netlink_schema::RequestKind::Get => RequestKind::Get,
            netlink_schema::RequestKind::New => RequestKind::New,
            netlink_schema::RequestKind::Del => RequestKind::Del,
        };
    }
    match RequestKind::from_name(name) {
        RequestKind::Other if flags & 0x300 == 0x300 => RequestKind::Get,
        k => k,
    }
}

fn node_at(n: &Node, offset: usize) -> Option<String> {
    if n.id.is_some() && n.offset == Some(offset) {
        return Some(n.name.clone());
    }
    match &n.value {
        Value::Children(c) => c.iter().find_map(|c| node_at(c, offset)),
        _ => None,
    }
}

fn errno_node(e: i32) -> Node {
    let name = if e == 0 {
        "ACK".to_owned()
    } else {
        match names::errno_name(-(e as i64)) {
            Some(n) => format!("-{n}"),
            None => String::new(),
        }
    };
    Node::new(
        "error",
        if name.is_empty() {
            Value::Signed(e.into())
        } else {
            Value::Named {
                value: e.into(),
                name,
            }
        },
    )
}

/// A fixed C struct (optional) then attributes of `set` (optional), as in a message payload
/// that starts at byte `start` of the message.
fn fixed_and_attrs(
    ctx: &mut Ctx<'_>,
    header: Option<&str>,
    set: Option<&str>,
    payload: &[u8],
    start: usize,
) -> Vec<Node> {
    let mut nodes = Vec::new();
    let abs = ctx.msg + start;
    let mut skip = 0;
    if let Some(h) = header {
        match ctx.schema.and_then(|s| s.record(h)) {
            Some(rec) => {
                let size = usize::try_from(rec.size).unwrap_or(usize::MAX);
                let fixed = payload.get(..size).unwrap_or(payload);
                let mut node = Node::new(h, record(ctx, rec, fixed, abs, 0)).with_note("struct");
                node.offset = Some(abs);
                nodes.push(node);
                skip = pad4(size);
            }
            None => {
                nodes.push(Node::new(h, Value::Bytes(payload.to_vec())).with_note("unknown struct"))
            }
        }
    }
    let rest = payload.get(skip..).unwrap_or(&[]);
    let set_def = set.and_then(|n| ctx.schema.and_then(|s| s.attribute_set(n)));
    if set.is_some() || !rest.is_empty() {
        nodes.extend(attrs(ctx, set_def, rest, abs + skip, 1));
    }
    nodes
}

/// Decodes the attributes of `buf` (at `abs` in the buffer) with `set`.
fn attrs(
    ctx: &mut Ctx<'_>,
    set: Option<&AttributeSet>,
    buf: &[u8],
    abs: usize,
    depth: usize,
) -> Vec<Node> {
    let mut all: Vec<Attr<'_>> = Vec::new();
    let mut bad = None;
    for a in Attrs::with_base(buf, abs) {
        match a {
            Ok(a) => all.push(a),
            Err(e) => bad = Some(e),
        }
    }
    let mut nodes = Vec::with_capacity(all.len() + 1);
    for a in &all {
        if !ctx.take_nodes(1, a.offset()) {
            return nodes;
        }
        let def = set.and_then(|s| {
            s.attributes
                .iter()
                .find(|(_, d)| d.get_ref().id == a.kind())
                .map(|(n, d)| (n.as_str(), d.get_ref()))
        });
        let (name, value, note) = match def {
            Some((name, d)) => {
                let (v, note) = if depth > MAX_DEPTH {
                    (
                        Value::Bytes(a.payload().to_vec()),
                        Some("too deep".to_owned()),
                    )
                } else {
                    attr_value(ctx, set, d, a, &all, depth)
                };
                (name.to_owned(), v, note)
            }
            None => (
                format!("unknown({})", a.kind()),
                Value::Bytes(a.payload().to_vec()),
                None,
            ),
        };
        nodes.push(Node {
            name,
            id: Some(a.kind()),
            offset: Some(a.offset()),
            note,
            value,
        });
    }
    if let Some(e) = bad {
        let rel = e.offset.wrapping_sub(ctx.msg);
        let within = match depth {
            1 => String::new(),
            _ => format!(" (nesting level {depth})"),
        };
        let what = attr_error_text(e.kind, rel, &within);
        let what = ctx.error(e.offset, what);
        let start = e.offset.saturating_sub(abs);
        nodes.push(Node {
            name: "malformed".into(),
            id: None,
            offset: Some(e.offset),
            note: None,
            value: Value::Error {
                reason: what,
                bytes: buf.get(start..).unwrap_or(&[]).to_vec(),
            },
        });
    }
    nodes
}

/// Decodes one attribute by its definition; returns the value and a note.
fn attr_value(
    ctx: &mut Ctx<'_>,
    set: Option<&AttributeSet>,
    d: &Attribute,
    a: &Attr<'_>,
    siblings: &[Attr<'_>],
    depth: usize,
) -> (Value, Option<String>) {
    let p = a.payload();
    let abs = a.offset() + 4;
    match &d.ty {
        AttrType::Flag if p.is_empty() => (Value::Empty, None),
        AttrType::Pad if p.iter().all(|&b| b == 0) => (Value::Empty, Some("pad".into())),
        AttrType::String => (Value::String(c_string(p)), None),
        AttrType::Binary => binary(ctx, d, p, abs, depth),
        AttrType::Nest => {
            let s = nested_set(ctx, d);
            (Value::Children(attrs(ctx, s, p, abs, depth + 1)), None)
        }
        AttrType::IndexedArray => {
            let s = nested_set(ctx, d);
            let sub = d.sub_type.clone().unwrap_or(AttrType::Binary);
            let mut items = Vec::new();
            let inner = attrs(ctx, None, p, abs, depth + 1);
            for (n, el) in inner
                .into_iter()
                .zip(Attrs::with_base(p, abs).map_while(Result::ok))
            {
                let value = match &sub {
                    AttrType::Nest => {
                        Value::Children(attrs(ctx, s, el.payload(), el.offset() + 4, depth + 2))
                    }
                    AttrType::Binary => binary(ctx, d, el.payload(), el.offset() + 4, depth + 1).0,
                    AttrType::String => Value::String(c_string(el.payload())),
                    t => scalar(ctx, t, d, el.payload(), el.is_net_byteorder()),
                };
                items.push(Node {
                    name: format!("[{}]", el.kind()),
                    value,
                    ..n
                });
            }
            (Value::Children(items), None)
        }
        AttrType::NestTypeValue => {
            let s = nested_set(ctx, d);
            (type_value(ctx, s, p, abs, depth), None)
        }
        AttrType::Bitfield32 => match p.first_chunk::<8>() {
            Some(b) if p.len() == 8 => {
                let value = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
                let selector = u32::from_ne_bytes([b[4], b[5], b[6], b[7]]);
                (
                    Value::Children(vec![
                        Node::new("value", Value::Text(format!("{value:#x}"))),
                        Node::new("selector", Value::Text(format!("{selector:#x}"))),
                    ]),
                    None,
                )
            }
            _ => (bad_size(ctx, a, 8), None),
        },
        AttrType::SubMessage => sub_message(ctx, set, d, p, abs, siblings, depth),
        AttrType::Unannotated => (Value::Bytes(p.to_vec()), Some("unannotated".into())),
        AttrType::Unused | AttrType::Unknown(_) | AttrType::Flag | AttrType::Pad => {
            (Value::Bytes(p.to_vec()), None)
        }
        t => {
            let v = scalar(ctx, t, d, p, a.is_net_byteorder());
            if let Value::Error { reason, .. } = &v {
                let rel = a.offset().wrapping_sub(ctx.msg);
                ctx.error(a.offset(), format!("attribute at offset {rel}: {reason}"));
            }
            (v, None)
        }
    }
}

/// The attribute set `d` nests, in the context's schema.
fn nested_set<'a>(ctx: &Ctx<'a>, d: &Attribute) -> Option<&'a AttributeSet> {
    d.nested_attributes
        .as_deref()
        .and_then(|n| ctx.schema.and_then(|s| s.attribute_set(n)))
}

fn bad_size(ctx: &mut Ctx<'_>, a: &Attr<'_>, expected: usize) -> Value {
    let rel = a.offset().wrapping_sub(ctx.msg);
    let reason = format!(
        "payload is {} bytes, expected {expected}",
        a.payload().len()
    );
    ctx.error(a.offset(), format!("attribute at offset {rel}: {reason}"));
    Value::Error {
        reason,
        bytes: a.payload().to_vec(),
    }
}

/// Text up to the first NUL, invalid UTF-8 replaced.
fn c_string(p: &[u8]) -> String {
    let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
    String::from_utf8_lossy(&p[..end]).into_owned()
}

/// An integer attribute of type `t` (with `d`'s byte order, enum and display hint).
fn scalar(ctx: &Ctx<'_>, t: &AttrType, d: &Attribute, p: &[u8], net: bool) -> Value {
    let size_ok = match t {
        AttrType::Uint | AttrType::Sint => matches!(p.len(), 4 | 8),
        t => t.int_size() == Some(p.len()),
    };
    if !size_ok {
        let expected = match t {
            AttrType::Uint | AttrType::Sint => "4 or 8".to_owned(),
            t => t.int_size().map_or("?".into(), |s| s.to_string()),
        };
        return Value::Error {
            reason: format!(
                "{} payload is {} bytes, expected {expected}",
                t.name(),
                p.len()
            ),
            bytes: p.to_vec(),
        };
    }
    if d.display_hint == Some(DisplayHint::Ipv4) && p.len() == 4 {
        return Value::Text(Ipv4Addr::new(p[0], p[1], p[2], p[3]).to_string());
    }
    let big = net || d.byte_order == Some(ByteOrder::BigEndian);
    let mut raw = 0u64;
    if big {
        for &b in p {
            raw = raw << 8 | u64::from(b);
        }
    } else {
        for &b in p.iter().rev() {
            raw = raw << 8 | u64::from(b);
        }
    }
    let signed = matches!(
        t,
        AttrType::S8 | AttrType::S16 | AttrType::S32 | AttrType::S64 | AttrType::Sint
    );
    let bits = p.len() * 8;
    let sval = if bits < 64 {
        ((raw << (64 - bits)) as i64) >> (64 - bits)
    } else {
        raw as i64
    };
    if d.display_hint == Some(DisplayHint::Hex) {
        return Value::Text(format!("{raw:#x}"));
    }
    let number: i128 = if signed { sval.into() } else { raw.into() };
    if let Some(e) = &d.c_enum {
        if let Some(name) = ctx.schema.and_then(|s| enum_name(s, e, number)) {
            return Value::Named {
                value: number,
                name,
            };
        }
    }
    if signed {
        Value::Signed(sval)
    } else {
        Value::Unsigned(raw)
    }
}

/// The member of C enum `e` with value `v`, or the `A|B` of flag members that make it up.
fn enum_name(s: &Schema, e: &str, v: i128) -> Option<String> {
    let members = &s.enums.get(e)?.get_ref().values;
    let value_of = |n: &String| s.constant(n).map(|c| c.as_i128());
    if let Some(n) = members.iter().find(|n| value_of(n) == Some(v)) {
        return Some(n.clone());
    }
    let flags: Vec<(&String, i128)> = members
        .iter()
        .filter_map(|n| value_of(n).map(|x| (n, x)))
        .filter(|(n, x)| *x > 0 && x.count_ones() == 1 && !n.starts_with("__"))
        .collect();
    if v <= 0 || flags.len() < 2 {
        return None;
    }
    let mut rest = v;
    let mut parts = Vec::new();
    for (n, x) in &flags {
        if rest & x != 0 {
            parts.push(n.as_str());
            rest &= !x;
        }
    }
    (rest == 0).then(|| parts.join("|"))
}

/// A `binary` attribute: a struct (maybe followed by attributes, maybe a record list), an
/// address by display hint, or bytes.
fn binary(
    ctx: &mut Ctx<'_>,
    d: &Attribute,
    p: &[u8],
    abs: usize,
    depth: usize,
) -> (Value, Option<String>) {
    if let Some(sname) = &d.c_struct {
        let Some(rec) = ctx.schema.and_then(|s| s.record(sname)) else {
            return (
                Value::Bytes(p.to_vec()),
                Some(format!("unknown struct {sname}")),
            );
        };
        let nested = d
            .nested_attributes
            .as_deref()
            .and_then(|n| ctx.schema.and_then(|s| s.attribute_set(n)));
        if let Some(lf) = &d.length_field {
            return (
                record_list(ctx, rec, sname, lf, nested, p, abs, depth),
                Some(format!("list of {sname}")),
            );
        }
        if d.nested_attributes.is_some() {
            let size = usize::try_from(rec.size).unwrap_or(usize::MAX);
            let v = record(ctx, rec, p.get(..size).unwrap_or(p), abs, depth);
            let skip = pad4(size);
            let mut children = vec![Node::new(sname.as_str(), v).with_note("struct")];
            children.extend(attrs(
                ctx,
                nested,
                p.get(skip..).unwrap_or(&[]),
                abs.saturating_add(skip),
                depth + 1,
            ));
            return (Value::Children(children), None);
        }
        let v = record(ctx, rec, p, abs, depth);
        return (v, Some(format!("struct {sname}")));
    }
    match d.display_hint {
        Some(DisplayHint::Ip | DisplayHint::Ipv4 | DisplayHint::Ipv6) => match address(p) {
            Some(t) => (Value::Text(t), None),
            None => (Value::Bytes(p.to_vec()), None),
        },
        Some(DisplayHint::Mac) => (Value::Text(mac(p)), None),
        Some(DisplayHint::Uuid) if p.len() == 16 => {
            let h: String = p.iter().map(|b| format!("{b:02x}")).collect();
            let u = format!(
                "{}-{}-{}-{}-{}",
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            );
            (Value::Text(u), None)
        }
        _ => (Value::Bytes(p.to_vec()), None),
    }
}

/// An IPv4 or IPv6 address by length.
fn address(p: &[u8]) -> Option<String> {
    match p.len() {
        4 => Some(Ipv4Addr::new(p[0], p[1], p[2], p[3]).to_string()),
        16 => {
            let mut b = [0u8; 16];
            b.copy_from_slice(p);
            Some(Ipv6Addr::from(b).to_string())
        }
        _ => None,
    }
}

fn mac(p: &[u8]) -> String {
    p.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Records of `struct sname` whose `lf` member holds the record's length, each followed by
/// attributes of `nested` (`RTA_MULTIPATH`).
#[allow(clippy::too_many_arguments)]
fn record_list(
    ctx: &mut Ctx<'_>,
    rec: &Record,
    sname: &str,
    lf: &str,
    nested: Option<&AttributeSet>,
    p: &[u8],
    abs: usize,
    depth: usize,
) -> Value {
    let size = usize::try_from(rec.size).unwrap_or(usize::MAX);
    let field = rec.fields.iter().find(|f| f.name == lf);
    let mut items = Vec::new();
    let mut pos = 0usize;
    let mut i = 0;
    while pos < p.len() {
        if !ctx.take_nodes(1, abs + pos) {
            break;
        }
        let rest = &p[pos..];
        let len = field.and_then(|f| {
            let off = usize::try_from(f.offset).ok()?;
            match f.field_type() {
                Some(FieldType::Scalar(ScalarType::U16)) => rest
                    .get(off..off.checked_add(2)?)
                    .map(|b| u16::from_ne_bytes([b[0], b[1]]) as usize),
                Some(FieldType::Scalar(ScalarType::U32)) => rest
                    .get(off..off.checked_add(4)?)
                    .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as usize),
                Some(FieldType::Scalar(ScalarType::U8)) => rest.get(off).map(|&b| b as usize),
                _ => None,
            }
        });
        let bad = match len {
            _ if rest.len() < size => Some(format!(
                "{sname} record at offset {}: {} bytes left, the struct needs {size}",
                abs + pos - ctx.msg,
                rest.len()
            )),
            None => Some(format!("{sname}: no length member {lf}")),
            Some(l) if l < size || l > rest.len() => Some(format!(
                "{sname} record at offset {}: length {l} outside {size}..={}",
                abs + pos - ctx.msg,
                rest.len()
            )),
            Some(_) => None,
        };
        if let Some(what) = bad {
            let what = ctx.error(abs + pos, what);
            items.push(Node::new(
                "malformed",
                Value::Error {
                    reason: what,
                    bytes: rest.to_vec(),
                },
            ));
            break;
        }
        let len = len.unwrap_or(size);
        let r = &rest[..len];
        let mut children =
            vec![Node::new(sname, record(ctx, rec, r, abs + pos, depth)).with_note("struct")];
        let skip = pad4(size);
        children.extend(attrs(
            ctx,
            nested,
            r.get(skip..).unwrap_or(&[]),
            abs + pos + skip,
            depth + 1,
        ));
        let mut node = Node::new(format!("[{i}]"), Value::Children(children));
        node.offset = Some(abs + pos);
        items.push(node);
        i += 1;
        pos += align4(len);
    }
    Value::Children(items)
}

/// A C struct or union laid out as the schema says; fields past the end of `p` are left out
/// (and noted), bytes past the struct are kept as `(trailing)`.
fn record(ctx: &mut Ctx<'_>, rec: &Record, p: &[u8], abs: usize, depth: usize) -> Value {
    record_in(ctx, rec, p, abs, depth, None)
}

/// The value of the first of `names` that is a scalar member of `rec`, read from `p`.
fn member_value(rec: &Record, names: &[String], p: &[u8]) -> Option<i64> {
    let f = names.iter().find_map(|n| {
        rec.fields
            .iter()
            .find(|f| f.name == *n && f.count.is_none())
    })?;
    let Some(FieldType::Scalar(t)) = f.field_type() else {
        return None;
    };
    let off = usize::try_from(f.offset).ok()?;
    let b = p.get(off..off.checked_add(t.size() as usize)?)?;
    let mut raw = [0u8; 8];
    raw[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
    i64::try_from(u64::from_le_bytes(raw)).ok()
}

/// A member shown by its `display-hint` (`ipv4`, `ipv6`, `mac`, `ip` by its family member,
/// from this record or, as `family`, from the one embedding it).
fn hinted(ctx: &Ctx<'_>, rec: &Record, f: &Field, p: &[u8], family: Option<i64>) -> Option<Value> {
    let off = usize::try_from(f.offset).ok()?;
    let b = p.get(off..off.checked_add(usize::try_from(f.byte_size()?).ok()?)?)?;
    Some(Value::Text(match (f.display_hint?, b.len()) {
        (DisplayHint::Ipv4, 4) | (DisplayHint::Ipv6, 16) => address(b)?,
        (DisplayHint::Mac, 6) => mac(b),
        (DisplayHint::Ip, 16) => {
            let fam = member_value(rec, &f.family, p).or(family);
            let af_inet = ctx
                .schema
                .and_then(|s| s.constant("AF_INET"))
                .map(|v| v.as_i128());
            if fam.is_some() && fam.map(i128::from) == af_inet {
                address(&b[..4])?
            } else {
                address(b)?
            }
        }
        _ => return None,
    }))
}

/// The family a record embedded in `rec` needs for its `ip` members (those naming a member it
/// does not have), read from `rec`, else the one `rec` was given.
fn family_for(inner: &Record, rec: &Record, p: &[u8], family: Option<i64>) -> Option<i64> {
    let wanted = inner.fields.iter().find(|m| {
        m.display_hint == Some(DisplayHint::Ip)
            && !m.family.is_empty()
            && !inner.fields.iter().any(|o| m.family.contains(&o.name))
    })?;
    member_value(rec, &wanted.family, p).or(family)
}

fn record_in(
    ctx: &mut Ctx<'_>,
    rec: &Record,
    p: &[u8],
    abs: usize,
    depth: usize,
    family: Option<i64>,
) -> Value {
    let mut fields = Vec::new();
    let size = usize::try_from(rec.size).unwrap_or(usize::MAX);
    for f in &rec.fields {
        // Offsets and counts come from the schema: any arithmetic on them is checked, and a
        // field whose bytes are not all in `p` is left out.
        let off = usize::try_from(f.offset).unwrap_or(usize::MAX);
        let count = usize::try_from(f.count.unwrap_or(1)).unwrap_or(usize::MAX);
        let at = abs.saturating_add(off);
        if f.count == Some(0) {
            continue;
        }
        let bytes = |w: usize, n: usize| {
            let end = w.checked_mul(n).and_then(|len| off.checked_add(len))?;
            p.get(off..end)
        };
        if let Some(value) = hinted(ctx, rec, f, p, family) {
            if !ctx.take_nodes(1, at) {
                break;
            }
            let mut node = Node::new(f.name.as_str(), value);
            node.offset = Some(at);
            fields.push(node);
            continue;
        }
        let value = match f.field_type() {
            Some(FieldType::Scalar(t)) => {
                let w = t.size() as usize;
                if let (Some(bits), Some(bit_off)) = (f.bits, f.bit_offset) {
                    if !ctx.take_nodes(1, at) {
                        break;
                    }
                    bitfield(p, bit_off as usize, bits)
                } else if f.count.is_some() {
                    let Some(b) = bytes(w, count) else {
                        continue;
                    };
                    let elements = match t {
                        ScalarType::Char | ScalarType::U8 | ScalarType::S8 => 1,
                        _ => count,
                    };
                    if !ctx.take_nodes(elements.saturating_add(1), at) {
                        break;
                    }
                    match t {
                        ScalarType::Char => Value::String(c_string(b)),
                        ScalarType::U8 | ScalarType::S8 => Value::Bytes(b.to_vec()),
                        _ => Value::Children(
                            b.chunks(w)
                                .enumerate()
                                .map(|(i, c)| Node::new(format!("[{i}]"), field_scalar(t, c, "")))
                                .collect(),
                        ),
                    }
                } else {
                    let Some(b) = bytes(w, 1) else {
                        continue;
                    };
                    if !ctx.take_nodes(1, at) {
                        break;
                    }
                    field_scalar(t, b, &f.name)
                }
            }
            Some(FieldType::Struct(n)) | Some(FieldType::Union(n)) => {
                let Some(inner) = ctx.schema.and_then(|s| s.record(n)) else {
                    continue;
                };
                let w = usize::try_from(inner.size).unwrap_or(usize::MAX);
                let Some(b) = bytes(w, count) else {
                    continue;
                };
                let elements = if f.count.is_some() { count } else { 0 };
                if !ctx.take_nodes(elements.saturating_add(1), at) {
                    break;
                }
                let is_union = matches!(f.field_type(), Some(FieldType::Union(_)));
                let one = |ctx: &mut Ctx<'_>, c: &[u8], at: usize| -> Value {
                    if n == "in6_addr" || n == "in_addr" {
                        address(c).map_or(Value::Bytes(c.to_vec()), Value::Text)
                    } else if is_union || depth > MAX_DEPTH {
                        Value::Bytes(c.to_vec())
                    } else {
                        let fam = family_for(inner, rec, p, family);
                        record_in(ctx, inner, c, at, depth + 1, fam)
                    }
                };
                if f.count.is_some() {
                    let mut items = Vec::new();
                    for (i, c) in b.chunks(w.max(1)).enumerate() {
                        let v = one(ctx, c, at.saturating_add(i.saturating_mul(w)));
                        items.push(Node::new(format!("[{i}]"), v));
                    }
                    Value::Children(items)
                } else {
                    one(ctx, b, at)
                }
            }
            None => continue,
        };
        let mut node = Node::new(f.name.as_str(), value);
        node.offset = Some(at);
        fields.push(node);
    }
    if p.len() < size {
        fields.push(Node::new(
            "(short)",
            Value::Text(format!("{} of {size} bytes", p.len())),
        ));
    } else if let Some(rest) = p.get(size..).filter(|r| !r.is_empty()) {
        fields.push(Node::new("(trailing)", Value::Bytes(rest.to_vec())));
    }
    Value::Children(fields)
}

/// `n` rounded up to the 4-byte netlink alignment, saturating (sizes come from schemas).
fn pad4(n: usize) -> usize {
    n.checked_add(3).map_or(usize::MAX, |v| v & !3)
}

fn bitfield(p: &[u8], bit_off: usize, bits: u32) -> Value {
    let first = bit_off / 8;
    let mut raw = 0u64;
    for (i, b) in p.iter().skip(first).take(8).enumerate() {
        raw |= u64::from(*b) << (8 * i);
    }
    let shifted = raw >> (bit_off % 8);
    let mask = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    Value::Unsigned(shifted & mask)
}

/// One scalar member of a struct; `name` picks a presentation (`*_family` by address family,
/// `*flags*` in hex).
fn field_scalar(t: ScalarType, b: &[u8], name: &str) -> Value {
    let le = |b: &[u8]| b.iter().rev().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
    let be = |b: &[u8]| b.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
    let sign = |v: u64, bytes: usize| -> i64 {
        let bits = bytes * 8;
        if bits >= 64 {
            v as i64
        } else {
            ((v << (64 - bits)) as i64) >> (64 - bits)
        }
    };
    let v = match t {
        ScalarType::Be16 | ScalarType::Be32 | ScalarType::Be64 => Value::Unsigned(be(b)),
        ScalarType::S8 | ScalarType::S16 | ScalarType::S32 | ScalarType::S64 => {
            Value::Signed(sign(le(b), b.len()))
        }
        ScalarType::F32 => Value::Text(f32::from_bits(le(b) as u32).to_string()),
        ScalarType::F64 => Value::Text(f64::from_bits(le(b)).to_string()),
        ScalarType::Ptr => Value::Text(format!("{:#x}", le(b))),
        _ => Value::Unsigned(le(b)),
    };
    if let Value::Unsigned(u) = v {
        if name == "family" || name.ends_with("_family") {
            if let Some(af) = names::address_family(u) {
                return Value::Named {
                    value: u.into(),
                    name: af.to_owned(),
                };
            }
        }
        if name.contains("flags") || name.ends_with("_change") {
            return Value::Text(format!("{u:#x}"));
        }
    }
    v
}

/// Whether `buf` is wholly attributes of `set` with plausible sizes.
fn fits(set: &AttributeSet, buf: &[u8]) -> bool {
    let mut any = false;
    for a in Attrs::new(buf) {
        let Ok(a) = a else { return false };
        any = true;
        let Some(d) = set
            .attributes
            .values()
            .map(|d| d.get_ref())
            .find(|d| d.id == a.kind())
        else {
            return false;
        };
        let n = a.payload().len();
        let ok = match &d.ty {
            AttrType::Uint | AttrType::Sint => n == 4 || n == 8,
            AttrType::Flag => n == 0,
            t => t.int_size().is_none_or(|s| s == n),
        };
        if !ok {
            return false;
        }
    }
    any
}

/// Whether `buf` is `levels` levels of type-value nests around attributes of `set`.
fn fits_levels(set: &AttributeSet, buf: &[u8], levels: usize) -> bool {
    if levels == 0 {
        return fits(set, buf);
    }
    let mut any = false;
    for a in Attrs::new(buf) {
        let Ok(a) = a else { return false };
        any = true;
        if !fits_levels(set, a.payload(), levels - 1) {
            return false;
        }
    }
    any
}

/// A nest-type-value attribute: one or two levels of nests whose types are indexes, around
/// attributes of `set` (the depth is found by which one parses as `set`).
fn type_value(
    ctx: &mut Ctx<'_>,
    set: Option<&AttributeSet>,
    p: &[u8],
    abs: usize,
    depth: usize,
) -> Value {
    let levels = set
        .and_then(|s| (1..=2).find(|&l| fits_levels(s, p, l)))
        .unwrap_or(1);
    fn level(
        ctx: &mut Ctx<'_>,
        set: Option<&AttributeSet>,
        p: &[u8],
        abs: usize,
        left: usize,
        depth: usize,
    ) -> Vec<Node> {
        if left == 0 || depth > MAX_DEPTH {
            return attrs(ctx, set, p, abs, depth + 1);
        }
        let mut out = Vec::new();
        let inner = attrs(ctx, None, p, abs, depth + 1);
        for (n, a) in inner
            .into_iter()
            .zip(Attrs::with_base(p, abs).map_while(Result::ok))
        {
            let children = level(ctx, set, a.payload(), a.offset() + 4, left - 1, depth + 1);
            out.push(Node {
                name: format!("[{}]", a.kind()),
                value: Value::Children(children),
                ..n
            });
        }
        out
    }
    Value::Children(level(ctx, set, p, abs, levels, depth))
}

/// A sub-message: the format chosen by the selector sibling's value.
fn sub_message(
    ctx: &mut Ctx<'_>,
    set: Option<&AttributeSet>,
    d: &Attribute,
    p: &[u8],
    abs: usize,
    siblings: &[Attr<'_>],
    depth: usize,
) -> (Value, Option<String>) {
    let schema = ctx.schema;
    let sm = d
        .sub_message
        .as_deref()
        .and_then(|n| schema.and_then(|s| s.sub_messages.get(n)))
        .map(|s| s.get_ref());
    let sel_def = d
        .selector
        .as_deref()
        .and_then(|n| set.and_then(|s| s.get(n)));
    let (Some(sm), Some(sel_def), Some(schema)) = (sm, sel_def, schema) else {
        return (
            Value::Bytes(p.to_vec()),
            Some("sub-message without format".into()),
        );
    };
    let Some(sel) = siblings.iter().find(|a| a.kind() == sel_def.id) else {
        return (
            Value::Bytes(p.to_vec()),
            Some(format!(
                "no {} to choose the format",
                d.selector.as_deref().unwrap_or("?")
            )),
        );
    };
    let key = if sel_def.ty == AttrType::String {
        let s = c_string(sel.payload());
        sm.formats
            .get_key_value(s.as_str())
            .map(|(k, f)| (k.clone(), f))
            .ok_or(s)
    } else {
        let v = match scalar(
            ctx,
            &sel_def.ty,
            sel_def,
            sel.payload(),
            sel.is_net_byteorder(),
        ) {
            Value::Unsigned(u) => Some(i128::from(u)),
            Value::Signed(s) => Some(i128::from(s)),
            Value::Named { value, .. } => Some(value),
            _ => None,
        };
        match v {
            Some(v) => sm
                .formats
                .iter()
                .find(|(k, _)| {
                    schema.constant(k).map(|c| c.as_i128()) == Some(v)
                        || k.parse::<i128>().ok() == Some(v)
                })
                .map(|(k, f)| (k.clone(), f))
                .ok_or(v.to_string()),
            None => Err("?".to_owned()),
        }
    };
    let (k, format) = match key {
        Ok(x) => x,
        Err(sel_text) => {
            return (
                Value::Bytes(p.to_vec()),
                Some(format!("no format for {sel_text}")),
            )
        }
    };
    let nodes = {
        let header = format.header.as_deref();
        let mut nodes = Vec::new();
        let mut skip = 0;
        if let Some(h) = header {
            if let Some(rec) = schema.record(h) {
                nodes.push(Node::new(h, record(ctx, rec, p, abs, depth)).with_note("struct"));
                skip = pad4(usize::try_from(rec.size).unwrap_or(usize::MAX));
            }
        }
        let inner_set = format
            .attributes
            .as_deref()
            .and_then(|n| schema.attribute_set(n));
        nodes.extend(attrs(
            ctx,
            inner_set,
            p.get(skip..).unwrap_or(&[]),
            abs + skip,
            depth + 1,
        ));
        nodes
    };
    (Value::Children(nodes), Some(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nla(kind: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
        v.extend_from_slice(&kind.to_ne_bytes());
        v.extend_from_slice(payload);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }

    fn msg(kind: u16, flags: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&((16 + payload.len()) as u32).to_ne_bytes());
        v.extend_from_slice(&kind.to_ne_bytes());
        v.extend_from_slice(&flags.to_ne_bytes());
        v.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
        v.extend_from_slice(payload);
        v
    }

    #[test]
    fn link_with_linkinfo() {
        let (set, _) = SchemaSet::bundled();
        let mut d = Decoder::new(&set);
        let mut p = vec![0u8; 16];
        p.extend(nla(3, b"br0\0"));
        let mut info = nla(1, b"bridge\0");
        info.extend(nla(2, &nla(8, &[0x00, 0x81])));
        p.extend(nla(18, &info));
        let buf = msg(16, 0x605, &p);
        let out = d.decode_bytes(&buf, Some(0), Some(Direction::Request));
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let m = &out.messages[0];
        assert_eq!(m.type_name.as_deref(), Some("RTM_NEWLINK"));
        assert_eq!(m.body[1].name, "IFLA_IFNAME");
        assert_eq!(m.body[1].value, Value::String("br0".into()));
        let info = &m.body[2];
        let data = info.child("IFLA_INFO_DATA").unwrap();
        assert_eq!(data.note.as_deref(), Some("bridge"));
        assert_eq!(
            data.child("IFLA_BR_VLAN_PROTOCOL").unwrap().value,
            Value::Unsigned(0x81)
        );
    }

    #[test]
    fn error_with_echoed_request_and_offset() {
        let (set, _) = SchemaSet::bundled();
        let mut d = Decoder::new(&set);
        // The request: RTM_NEWROUTE with RTA_DST and RTA_GATEWAY (at offset 36).
        let mut req = vec![2u8, 16, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0];
        req.extend(nla(1, &[10, 40, 0, 0]));
        req.extend(nla(5, &[192, 0, 2, 1]));
        let req = msg(24, 0x605, &req);
        let mut p = (-101i32).to_ne_bytes().to_vec();
        p.extend(&req);
        p.extend(nla(1, b"Nexthop has invalid gateway\0"));
        p.extend(nla(2, &36u32.to_ne_bytes()));
        let buf = msg(2, 0x200, &p);
        let out = d.decode_bytes(&buf, Some(0), Some(Direction::Reply));
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let m = &out.messages[0];
        assert_eq!(m.flag_names, ["NLM_F_ACK_TLVS"]);
        assert_eq!(
            m.body[0].value,
            Value::Named {
                value: -101,
                name: "-ENETUNREACH".into()
            }
        );
        let echoed = &m.body[1];
        assert_eq!(
            echoed.child("RTA_GATEWAY").unwrap().value,
            Value::Text("192.0.2.1".into())
        );
        assert_eq!(
            m.body[2].value,
            Value::String("Nexthop has invalid gateway".into())
        );
        assert_eq!(m.body[3].name, "NLMSGERR_ATTR_OFFS");
        assert_eq!(m.body[3].note.as_deref(), Some("points at RTA_GATEWAY"));
    }

    #[test]
    fn multipath_and_errors() {
        let (set, _) = SchemaSet::bundled();
        let mut d = Decoder::new(&set);
        let mut p = vec![2u8, 24, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0];
        let mut hop = vec![16u8, 0, 0, 0, 2, 0, 0, 0];
        hop.extend(nla(5, &[10, 0, 0, 1]));
        p.extend(nla(9, &hop));
        p.extend_from_slice(&[40, 0, 1, 0]);
        let buf = msg(24, 0x5, &p);
        let out = d.decode_bytes(&buf, Some(0), Some(Direction::Request));
        let m = &out.messages[0];
        let mp = &m.body[1];
        assert_eq!(mp.name, "RTA_MULTIPATH");
        let hop0 = mp.child("[0]").unwrap();
        assert_eq!(
            hop0.child("RTA_GATEWAY").unwrap().value,
            Value::Text("10.0.0.1".into())
        );
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert!(
            out.errors[0].1.contains("attribute at offset 48"),
            "{:?}",
            out.errors
        );
    }
}
