//! A YNL spec as typed data: what `Documentation/netlink/specs/*.yaml` says, with the values
//! YNL leaves implicit (attribute ids, enum values, operation ids) filled in the way the
//! kernel's `nlspec.py` fills them, and every name checked to resolve.

use super::yaml::{self, Node, Pos, Value, YamlError};

/// The YNL protocol flavour (`protocol:`), which decides which keys a spec may use and how its
/// names become C names (see [`super::names`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `genetlink` (the default): names follow the family name alone.
    Genetlink,
    /// `genetlink-c`: adds `name-prefix`, `enum-name`, `attr-cnt-name`, `c-*-name` overrides.
    GenetlinkC,
    /// `genetlink-legacy`: adds structs, fixed headers, `nest-type-value`, directional ids.
    GenetlinkLegacy,
    /// `netlink-raw`: classic netlink (`protonum`), sub-messages, numbered multicast groups.
    NetlinkRaw,
}

impl Protocol {
    /// The name as written in a spec.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Genetlink => "genetlink",
            Protocol::GenetlinkC => "genetlink-c",
            Protocol::GenetlinkLegacy => "genetlink-legacy",
            Protocol::NetlinkRaw => "netlink-raw",
        }
    }

    /// Whether the flavour allows the genetlink-c naming keys (`name-prefix`, `enum-name`, ...).
    pub fn has_c_names(self) -> bool {
        self != Protocol::Genetlink
    }
}

/// A length or limit: a number or the name of a `const` definition (YNL `len-or-define`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Len {
    /// A number.
    Int(u64),
    /// A constant's name, possibly `NAME - 1`.
    Name(String),
}

/// One `definitions` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// `doc`.
    pub doc: Option<String>,
    /// `header`: a header that already defines it.
    pub header: Option<String>,
    /// `enum-name`: `None` if absent, `Some(None)` if empty (an anonymous C enum).
    pub enum_name: Option<Option<String>>,
    /// `name-prefix`.
    pub name_prefix: Option<String>,
    /// What it defines.
    pub kind: DefKind,
}

/// What a [`Definition`] defines.
#[derive(Debug, Clone, PartialEq)]
pub enum DefKind {
    /// `const`: an integer (or text) value.
    Const(Option<i64>),
    /// `enum` or `flags`.
    Enum {
        /// `type: flags`: entry values are bit numbers, the C values `1 << value`.
        flags: bool,
        /// Entries with their raw values.
        entries: Vec<EnumEntry>,
    },
    /// `struct`.
    Struct(Vec<Member>),
}

/// One entry of an enum or flags definition.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumEntry {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// Raw value (for flags: the bit number).
    pub value: i64,
    /// `doc`.
    pub doc: Option<String>,
}

/// One member of a struct definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// `type`.
    pub ty: String,
    /// `len` (binary, string and pad members).
    pub len: Option<Len>,
    /// `byte-order`.
    pub byte_order: Option<String>,
    /// `struct` (a nested struct member).
    pub struct_name: Option<String>,
}

/// Length checks of an attribute (`checks`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecChecks {
    /// `min-len`.
    pub min_len: Option<Len>,
    /// `max-len`.
    pub max_len: Option<Len>,
    /// `exact-len`.
    pub exact_len: Option<Len>,
}

/// One attribute of a set.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// The attribute id (explicit `value`, else the previous id + 1, from 1).
    pub value: i64,
    /// `type` (for a subset: the parent's unless overridden); `array-nest` reads as
    /// `indexed-array` with `sub-type: nest`.
    pub ty: String,
    /// `name-prefix` of this attribute alone (genetlink-c).
    pub name_prefix: Option<String>,
    /// `nested-attributes`.
    pub nested: Option<String>,
    /// `multi-attr`.
    pub multi_attr: bool,
    /// `byte-order`.
    pub byte_order: Option<String>,
    /// `display-hint`.
    pub display_hint: Option<String>,
    /// `enum`.
    pub enum_name: Option<String>,
    /// `enum-as-flags`.
    pub enum_as_flags: bool,
    /// `struct`.
    pub struct_name: Option<String>,
    /// `sub-type`.
    pub sub_type: Option<String>,
    /// `sub-message`.
    pub sub_message: Option<String>,
    /// `selector`.
    pub selector: Option<String>,
    /// `checks` (lengths only).
    pub checks: SpecChecks,
    /// `doc`.
    pub doc: Option<String>,
}

/// One `attribute-sets` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrSet {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// `name-prefix`.
    pub name_prefix: Option<String>,
    /// `enum-name`.
    pub enum_name: Option<Option<String>>,
    /// `subset-of`.
    pub subset_of: Option<String>,
    /// `attr-cnt-name`.
    pub attr_cnt_name: Option<String>,
    /// `attr-max-name`.
    pub attr_max_name: Option<String>,
    /// `header`.
    pub header: Option<String>,
    /// `doc`.
    pub doc: Option<String>,
    /// Attributes, in spec order.
    pub attributes: Vec<Attr>,
}

impl AttrSet {
    /// Looks an attribute up by spec name.
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// One format of a sub-message.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    /// Where it is.
    pub pos: Pos,
    /// The selector value that picks it.
    pub value: String,
    /// `fixed-header`.
    pub fixed_header: Option<String>,
    /// `attribute-set`.
    pub attribute_set: Option<String>,
}

/// One `sub-messages` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct SubMessage {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// Formats.
    pub formats: Vec<Format>,
}

/// The request or reply of an operation mode.
#[derive(Debug, Clone, PartialEq)]
pub struct OpMsg {
    /// Where it is.
    pub pos: Pos,
    /// Explicit `value` (directional ids).
    pub value: Option<i64>,
    /// Attribute names with their positions.
    pub attributes: Vec<(String, Pos)>,
}

/// `do` or `dump` of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Mode {
    /// `request`.
    pub request: Option<OpMsg>,
    /// `reply`.
    pub reply: Option<OpMsg>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// `doc`.
    pub doc: Option<String>,
    /// `attribute-set` (for a `notify`: that of the operation it names).
    pub attribute_set: Option<String>,
    /// `fixed-header` (or the operations' default).
    pub fixed_header: Option<String>,
    /// `do`.
    pub do_: Option<Mode>,
    /// `dump`.
    pub dump: Option<Mode>,
    /// `notify`: the operation whose reply this notification shares.
    pub notify: Option<String>,
    /// `event`: the attributes of a notification.
    pub event: Option<OpMsg>,
    /// `mcgrp`.
    pub mcgrp: Option<String>,
    /// Id of messages to the kernel (`None` if the operation sends none).
    pub req_value: Option<i64>,
    /// Id of messages from the kernel (`None` if it gets none).
    pub rsp_value: Option<i64>,
}

impl Op {
    /// Whether this is a notification (`notify` or `event`).
    pub fn is_async(&self) -> bool {
        self.notify.is_some() || self.event.is_some()
    }
}

/// `operations`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operations {
    /// `enum-model: directional` (else unified).
    pub directional: bool,
    /// `name-prefix`.
    pub name_prefix: Option<String>,
    /// `async-prefix`.
    pub async_prefix: Option<String>,
    /// The operations.
    pub list: Vec<Op>,
}

/// One multicast group.
#[derive(Debug, Clone, PartialEq)]
pub struct McastGroup {
    /// Where it is.
    pub pos: Pos,
    /// Spec name.
    pub name: String,
    /// `value` (netlink-raw).
    pub value: Option<i64>,
    /// `c-define-name`.
    pub c_define_name: Option<String>,
}

/// A whole spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// `name`.
    pub name: String,
    /// `protocol`.
    pub protocol: Protocol,
    /// `uapi-header`.
    pub uapi_header: Option<String>,
    /// `protonum` (netlink-raw).
    pub protonum: Option<i64>,
    /// `doc`.
    pub doc: Option<String>,
    /// `definitions`.
    pub definitions: Vec<Definition>,
    /// `attribute-sets`.
    pub attribute_sets: Vec<AttrSet>,
    /// `sub-messages`.
    pub sub_messages: Vec<SubMessage>,
    /// `operations`.
    pub operations: Operations,
    /// `mcast-groups`.
    pub mcast_groups: Vec<McastGroup>,
    /// Keys the flavour does not allow or this reader does not know (the import goes on).
    pub warnings: Vec<YamlError>,
}

impl Spec {
    /// Looks a definition up by spec name.
    pub fn definition(&self, name: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.name == name)
    }

    /// Looks an attribute set up by spec name.
    pub fn set(&self, name: &str) -> Option<&AttrSet> {
        self.attribute_sets.iter().find(|s| s.name == name)
    }

    /// Looks an operation up by spec name.
    pub fn op(&self, name: &str) -> Option<&Op> {
        self.operations.list.iter().find(|o| o.name == name)
    }

    /// The value of a `const` definition.
    pub fn const_value(&self, name: &str) -> Option<i64> {
        match self.definition(name)?.kind {
            DefKind::Const(v) => v,
            _ => None,
        }
    }

    /// A length resolved through the spec's `const` definitions.
    pub fn len_value(&self, len: &Len) -> Option<u64> {
        match len {
            Len::Int(v) => Some(*v),
            Len::Name(n) => {
                let (name, minus) = match n.strip_suffix(" - 1") {
                    Some(base) => (base.trim(), 1),
                    None => (n.as_str(), 0),
                };
                let v = self.const_value(name)?;
                u64::try_from(v).ok()?.checked_sub(minus)
            }
        }
    }
}

/// Attribute types of the YNL meta-schemas.
pub const ATTR_TYPES: [&str; 20] = [
    "unused",
    "pad",
    "flag",
    "binary",
    "bitfield32",
    "uint",
    "sint",
    "u8",
    "u16",
    "u32",
    "u64",
    "s8",
    "s16",
    "s32",
    "s64",
    "string",
    "nest",
    "indexed-array",
    "nest-type-value",
    "sub-message",
];

const MEMBER_TYPES: [&str; 11] = [
    "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "string", "binary", "pad",
];

/// Reads the fields of one mapping: unknown keys become warnings, required ones errors.
struct Fields<'a> {
    node: &'a Node,
    what: String,
    known: &'static [&'static str],
}

impl<'a> Fields<'a> {
    fn new(
        node: &'a Node,
        what: impl Into<String>,
        known: &'static [&'static str],
    ) -> Result<Self, YamlError> {
        let what = what.into();
        node.map(&what)?;
        Ok(Fields { node, what, known })
    }

    fn unknown(&self, warnings: &mut Vec<YamlError>) {
        if let Value::Map(m) = &self.node.value {
            for (k, v) in m {
                if !self.known.contains(&k.as_str()) {
                    warnings.push(v.error(format!("{}: unknown key `{k}` (ignored)", self.what)));
                }
            }
        }
    }

    fn opt(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }

    fn req(&self, key: &str) -> Result<&'a Node, YamlError> {
        self.node
            .get(key)
            .ok_or_else(|| self.node.error(format!("{} needs `{key}`", self.what)))
    }

    fn string(&self, key: &str) -> Result<Option<String>, YamlError> {
        self.opt(key)
            .map(|n| n.string(&format!("{}: {key}", self.what)))
            .transpose()
    }

    fn req_string(&self, key: &str) -> Result<String, YamlError> {
        self.req(key)?.string(&format!("{}: {key}", self.what))
    }

    fn int(&self, key: &str) -> Result<Option<i64>, YamlError> {
        self.opt(key)
            .map(|n| n.int(&format!("{}: {key}", self.what)))
            .transpose()
    }

    fn bool(&self, key: &str) -> Result<bool, YamlError> {
        Ok(self
            .opt(key)
            .map(|n| n.bool(&format!("{}: {key}", self.what)))
            .transpose()?
            .unwrap_or(false))
    }

    fn doc(&self) -> Result<Option<String>, YamlError> {
        Ok(self
            .string("doc")?
            .map(|d| squash(&d))
            .filter(|d| !d.is_empty()))
    }

    /// `enum-name`: absent, empty (`~`), or a name.
    fn enum_name(&self) -> Result<Option<Option<String>>, YamlError> {
        match self.opt("enum-name") {
            None => Ok(None),
            Some(n) if n.is_null() => Ok(Some(None)),
            Some(n) => {
                let s = n.string(&format!("{}: enum-name", self.what))?;
                Ok(Some((!s.is_empty()).then_some(s)))
            }
        }
    }

    fn len(&self, key: &str) -> Result<Option<Len>, YamlError> {
        let Some(n) = self.opt(key) else {
            return Ok(None);
        };
        match &n.value {
            Value::Int(i) => u64::try_from(*i)
                .map(|v| Some(Len::Int(v)))
                .map_err(|_| n.error(format!("{}: {key} must not be negative", self.what))),
            Value::Str(s) => Ok(Some(Len::Name(s.clone()))),
            _ => Err(n.error(format!(
                "{}: {key} must be a number or a constant's name, not {}",
                self.what,
                n.kind()
            ))),
        }
    }
}

/// Whitespace (line breaks of `doc: |` blocks) collapsed to single spaces.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Spec {
    /// Parses and checks spec text. Errors carry the line of the offending item.
    pub fn parse(text: &str) -> Result<Spec, YamlError> {
        let root = yaml::parse(text)?;
        let mut warnings = Vec::new();
        let top = Fields::new(
            &root,
            "the spec",
            &[
                "name",
                "doc",
                "protocol",
                "protonum",
                "uapi-header",
                "c-family-name",
                "c-version-name",
                "max-by-define",
                "cmd-max-name",
                "cmd-cnt-name",
                "kernel-policy",
                "version",
                "definitions",
                "attribute-sets",
                "sub-messages",
                "operations",
                "mcast-groups",
                "kernel-family",
                "license",
            ],
        )?;
        top.unknown(&mut warnings);
        let name = top.req_string("name")?;
        if name.is_empty() {
            return Err(top.req("name")?.error("the family name is empty"));
        }
        let protocol = match top.string("protocol")?.as_deref() {
            None | Some("genetlink") => Protocol::Genetlink,
            Some("genetlink-c") => Protocol::GenetlinkC,
            Some("genetlink-legacy") => Protocol::GenetlinkLegacy,
            Some("netlink-raw") => Protocol::NetlinkRaw,
            Some(other) => {
                return Err(top.req("protocol")?.error(format!(
                    "unknown protocol `{other}` (genetlink, genetlink-c, genetlink-legacy, netlink-raw)"
                )))
            }
        };
        let flavour_only = |key: &str,
                            allowed: bool,
                            node: &Node,
                            warnings: &mut Vec<YamlError>| {
            if !allowed {
                warnings.push(node.error(format!(
                    "`{key}` is not part of protocol {} (honoured as the kernel's C generator does)",
                    protocol.name()
                )));
            }
        };
        let legacy = matches!(protocol, Protocol::GenetlinkLegacy | Protocol::NetlinkRaw);
        let raw = protocol == Protocol::NetlinkRaw;
        for key in ["c-family-name", "c-version-name"] {
            if let Some(n) = top.opt(key) {
                flavour_only(key, protocol.has_c_names(), n, &mut warnings);
            }
        }
        if let Some(n) = top.opt("protonum") {
            flavour_only("protonum", raw, n, &mut warnings);
        }

        let mut definitions = Vec::new();
        if let Some(defs) = top.opt("definitions") {
            for d in defs.seq("definitions")? {
                definitions.push(parse_definition(d, protocol, &mut warnings)?);
            }
        }
        for (i, d) in definitions.iter().enumerate() {
            if definitions[..i].iter().any(|e| e.name == d.name) {
                return Err(YamlError {
                    pos: d.pos,
                    message: format!("definition `{}` is defined twice", d.name),
                });
            }
        }

        let mut attribute_sets: Vec<AttrSet> = Vec::new();
        for s in top.req("attribute-sets")?.seq("attribute-sets")? {
            let set = parse_set(s, protocol, &attribute_sets, &mut warnings)?;
            if attribute_sets.iter().any(|o| o.name == set.name) {
                return Err(YamlError {
                    pos: set.pos,
                    message: format!("attribute set `{}` is defined twice", set.name),
                });
            }
            attribute_sets.push(set);
        }

        let mut sub_messages = Vec::new();
        if let Some(subs) = top.opt("sub-messages") {
            flavour_only("sub-messages", raw, subs, &mut warnings);
            for s in subs.seq("sub-messages")? {
                sub_messages.push(parse_sub_message(s, &mut warnings)?);
            }
        }

        let operations = parse_operations(top.req("operations")?, &mut warnings)?;
        if operations.directional && !legacy {
            warnings.push(top.req("operations")?.error(format!(
                "`enum-model: directional` is not part of protocol {}",
                protocol.name()
            )));
        }

        let mut mcast_groups = Vec::new();
        if let Some(m) = top.opt("mcast-groups") {
            let f = Fields::new(m, "mcast-groups", &["list"])?;
            f.unknown(&mut warnings);
            for g in f.req("list")?.seq("mcast-groups: list")? {
                let gf = Fields::new(
                    g,
                    "a multicast group",
                    &["name", "c-define-name", "flags", "value"],
                )?;
                gf.unknown(&mut warnings);
                let value = gf.int("value")?;
                if let Some(n) = gf.opt("value") {
                    flavour_only("value", raw, n, &mut warnings);
                }
                if let Some(n) = gf.opt("c-define-name") {
                    flavour_only("c-define-name", protocol.has_c_names(), n, &mut warnings);
                }
                mcast_groups.push(McastGroup {
                    pos: g.pos,
                    name: gf.req_string("name")?,
                    value,
                    c_define_name: gf.string("c-define-name")?,
                });
            }
        }

        let mut spec = Spec {
            name,
            protocol,
            uapi_header: top.string("uapi-header")?,
            protonum: top.int("protonum")?,
            doc: top.doc()?,
            definitions,
            attribute_sets,
            sub_messages,
            operations,
            mcast_groups,
            warnings,
        };
        spec.check_references()?;
        Ok(spec)
    }

    /// Every name a spec uses must resolve: nested sets, enums, structs, sub-messages,
    /// selectors, operation sets and attributes, multicast groups.
    fn check_references(&mut self) -> Result<(), YamlError> {
        self.drop_unknown_op_attributes();
        let err = |pos: Pos, message: String| Err(YamlError { pos, message });
        for d in &self.definitions {
            if let DefKind::Struct(members) = &d.kind {
                for m in members {
                    if let Some(s) = &m.struct_name {
                        if !matches!(
                            self.definition(s).map(|d| &d.kind),
                            Some(DefKind::Struct(_))
                        ) {
                            return err(
                                m.pos,
                                format!(
                                    "struct member {}: `{s}` is not a struct definition",
                                    m.name
                                ),
                            );
                        }
                    }
                }
            }
        }
        for set in &self.attribute_sets {
            for a in &set.attributes {
                let what = format!("{}.{}", set.name, a.name);
                if let Some(n) = &a.nested {
                    if self.set(n).is_none() {
                        return err(
                            a.pos,
                            format!("{what}: nested-attributes `{n}` is not an attribute set"),
                        );
                    }
                }
                if let Some(e) = &a.enum_name {
                    if !matches!(
                        self.definition(e).map(|d| &d.kind),
                        Some(DefKind::Enum { .. })
                    ) {
                        return err(
                            a.pos,
                            format!("{what}: enum `{e}` is not an enum or flags definition"),
                        );
                    }
                }
                if let Some(s) = &a.struct_name {
                    if !matches!(
                        self.definition(s).map(|d| &d.kind),
                        Some(DefKind::Struct(_))
                    ) {
                        return err(
                            a.pos,
                            format!("{what}: struct `{s}` is not a struct definition"),
                        );
                    }
                }
                if let Some(m) = &a.sub_message {
                    if !self.sub_messages.iter().any(|s| s.name == *m) {
                        return err(a.pos, format!("{what}: sub-message `{m}` is not defined"));
                    }
                }
                if let Some(sel) = &a.selector {
                    // `selector` names a sibling, or (newer specs) an attribute of the parent.
                    if sel.is_empty() {
                        return err(a.pos, format!("{what}: empty selector"));
                    }
                }
                if a.ty == "nest" && a.nested.is_none() {
                    return err(a.pos, format!("{what}: a nest needs nested-attributes"));
                }
                if a.ty == "sub-message" && (a.sub_message.is_none() || a.selector.is_none()) {
                    return err(
                        a.pos,
                        format!("{what}: a sub-message needs sub-message and selector"),
                    );
                }
            }
        }
        for s in &self.sub_messages {
            for f in &s.formats {
                if let Some(a) = &f.attribute_set {
                    if self.set(a).is_none() {
                        return err(
                            f.pos,
                            format!(
                                "sub-message {} format {}: attribute-set `{a}` is not defined",
                                s.name, f.value
                            ),
                        );
                    }
                }
                if let Some(h) = &f.fixed_header {
                    if !matches!(
                        self.definition(h).map(|d| &d.kind),
                        Some(DefKind::Struct(_))
                    ) {
                        return err(f.pos, format!("sub-message {} format {}: fixed-header `{h}` is not a struct definition", s.name, f.value));
                    }
                }
            }
        }
        for op in &self.operations.list {
            if let Some(n) = &op.notify {
                if self.op(n).is_none() {
                    return err(
                        op.pos,
                        format!("operation {}: notify `{n}` is not an operation", op.name),
                    );
                }
            }
            let set_name = op.attribute_set.clone().or_else(|| {
                op.notify
                    .as_ref()
                    .and_then(|n| self.op(n)?.attribute_set.clone())
            });
            if let Some(h) = &op.fixed_header {
                if !matches!(
                    self.definition(h).map(|d| &d.kind),
                    Some(DefKind::Struct(_))
                ) {
                    return err(
                        op.pos,
                        format!(
                            "operation {}: fixed-header `{h}` is not a struct definition",
                            op.name
                        ),
                    );
                }
            }
            let set = match &set_name {
                Some(n) => match self.set(n) {
                    Some(s) => Some(s),
                    None => {
                        return err(
                            op.pos,
                            format!("operation {}: attribute-set `{n}` is not defined", op.name),
                        )
                    }
                },
                None => None,
            };
            if set.is_none() && op.messages().any(|m| !m.attributes.is_empty()) {
                return err(
                    op.pos,
                    format!(
                        "operation {} lists attributes but has no attribute-set",
                        op.name
                    ),
                );
            }
            if let Some(g) = &op.mcgrp {
                if !self.mcast_groups.iter().any(|m| m.name == *g) {
                    return err(
                        op.pos,
                        format!(
                            "operation {}: mcgrp `{g}` is not a multicast group",
                            op.name
                        ),
                    );
                }
            }
        }
        Ok(())
    }
}

impl Spec {
    /// Operation attribute lists that name an attribute the set lacks: a warning (the kernel's
    /// own tools do not check them, and nftables.yaml has one), and the name is dropped.
    fn drop_unknown_op_attributes(&mut self) {
        let mut warnings = Vec::new();
        let sets = &self.attribute_sets;
        let ops: Vec<(usize, Option<String>)> = self
            .operations
            .list
            .iter()
            .enumerate()
            .map(|(i, op)| {
                let set = op.attribute_set.clone().or_else(|| {
                    let n = op.notify.as_ref()?;
                    self.operations
                        .list
                        .iter()
                        .find(|o| o.name == *n)?
                        .attribute_set
                        .clone()
                });
                (i, set)
            })
            .collect();
        for (i, set_name) in ops {
            let Some(set) = set_name.and_then(|n| sets.iter().find(|s| s.name == n)) else {
                continue;
            };
            let op = &mut self.operations.list[i];
            let name = op.name.clone();
            let msgs = [&mut op.do_, &mut op.dump]
                .into_iter()
                .flatten()
                .flat_map(|m| m.request.iter_mut().chain(m.reply.iter_mut()))
                .chain(op.event.iter_mut());
            for msg in msgs {
                msg.attributes.retain(|(a, pos)| {
                    let ok = set.attr(a).is_some();
                    if !ok {
                        warnings.push(YamlError {
                            pos: *pos,
                            message: format!(
                                "operation {name}: attribute `{a}` is not in set {} (left out)",
                                set.name
                            ),
                        });
                    }
                    ok
                });
            }
        }
        self.warnings.extend(warnings);
    }
}

impl Op {
    /// The request and reply messages of `do` and `dump`, and the event.
    pub fn messages(&self) -> impl Iterator<Item = &OpMsg> {
        [&self.do_, &self.dump]
            .into_iter()
            .flatten()
            .flat_map(|m| m.request.iter().chain(m.reply.iter()))
            .chain(self.event.iter())
    }
}

fn parse_definition(
    d: &Node,
    protocol: Protocol,
    warnings: &mut Vec<YamlError>,
) -> Result<Definition, YamlError> {
    let f = Fields::new(
        d,
        "a definition",
        &[
            "name",
            "type",
            "doc",
            "header",
            "value",
            "value-start",
            "entries",
            "render-max",
            "enum-name",
            "name-prefix",
            "enum-cnt-name",
            "members",
        ],
    )?;
    f.unknown(warnings);
    let name = f.req_string("name")?;
    let f = Fields {
        what: format!("definition {name}"),
        ..f
    };
    for key in ["enum-name", "name-prefix", "enum-cnt-name"] {
        if let (Some(n), false) = (f.opt(key), protocol.has_c_names()) {
            warnings.push(n.error(format!(
                "`{key}` is not part of protocol {} (honoured as the kernel's C generator does)",
                protocol.name()
            )));
        }
    }
    let ty = f.req_string("type")?;
    let kind = match ty.as_str() {
        "const" => DefKind::Const(match f.opt("value").map(|n| &n.value) {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }),
        "enum" | "flags" => {
            let flags = ty == "flags";
            let start = f.int("value-start")?.unwrap_or(0);
            let mut entries: Vec<EnumEntry> = Vec::new();
            for e in f
                .req("entries")?
                .seq(&format!("definition {name}: entries"))?
            {
                let (ename, explicit, doc) = match &e.value {
                    Value::Map(_) => {
                        let ef = Fields::new(
                            e,
                            format!("an entry of {name}"),
                            &["name", "value", "doc"],
                        )?;
                        ef.unknown(warnings);
                        (ef.req_string("name")?, ef.int("value")?, ef.doc()?)
                    }
                    _ => (e.string(&format!("an entry of {name}"))?, None, None),
                };
                let value = match (explicit, entries.last()) {
                    (Some(v), _) => v,
                    (None, Some(prev)) => prev
                        .value
                        .checked_add(1)
                        .ok_or_else(|| e.error("enum value overflows"))?,
                    (None, None) => start,
                };
                if flags && !(0..64).contains(&value) {
                    return Err(e.error(format!("flag {ename}: bit {value} is outside 0..63")));
                }
                if entries.iter().any(|o| o.name == ename) {
                    return Err(
                        e.error(format!("definition {name}: entry `{ename}` appears twice"))
                    );
                }
                entries.push(EnumEntry {
                    pos: e.pos,
                    name: ename,
                    value,
                    doc,
                });
            }
            DefKind::Enum { flags, entries }
        }
        "struct" => {
            let mut members = Vec::new();
            for m in f
                .opt("members")
                .map(|n| n.seq(&format!("definition {name}: members")))
                .transpose()?
                .unwrap_or_default()
            {
                let mf = Fields::new(
                    m,
                    format!("a member of {name}"),
                    &[
                        "name",
                        "type",
                        "len",
                        "byte-order",
                        "doc",
                        "enum",
                        "enum-as-flags",
                        "display-hint",
                        "struct",
                    ],
                )?;
                mf.unknown(warnings);
                let mty = mf.req_string("type")?;
                if !MEMBER_TYPES.contains(&mty.as_str()) {
                    return Err(mf.req("type")?.error(format!(
                        "struct {name} member: unknown type `{mty}` ({})",
                        MEMBER_TYPES.join(", ")
                    )));
                }
                members.push(Member {
                    pos: m.pos,
                    name: mf.req_string("name")?,
                    ty: mty,
                    len: mf.len("len")?,
                    byte_order: byte_order(&mf)?,
                    struct_name: mf.string("struct")?,
                });
            }
            DefKind::Struct(members)
        }
        other => {
            return Err(f.req("type")?.error(format!(
                "definition {name}: unknown type `{other}` (const, enum, flags, struct)"
            )))
        }
    };
    Ok(Definition {
        pos: d.pos,
        doc: f.doc()?,
        header: f.string("header")?,
        enum_name: f.enum_name()?,
        name_prefix: f.string("name-prefix")?,
        name,
        kind,
    })
}

fn byte_order(f: &Fields<'_>) -> Result<Option<String>, YamlError> {
    let b = f.string("byte-order")?;
    if let Some(v) = &b {
        if v != "big-endian" && v != "little-endian" {
            return Err(f.req("byte-order")?.error(format!(
                "{}: byte-order `{v}` is neither big-endian nor little-endian",
                f.what
            )));
        }
    }
    Ok(b)
}

const ATTR_KEYS: &[&str] = &[
    "name",
    "type",
    "doc",
    "value",
    "type-value",
    "byte-order",
    "multi-attr",
    "nested-attributes",
    "enum",
    "enum-as-flags",
    "checks",
    "sub-type",
    "display-hint",
    "name-prefix",
    "struct",
    "sub-message",
    "selector",
    "len",
];

fn parse_set(
    s: &Node,
    protocol: Protocol,
    earlier: &[AttrSet],
    warnings: &mut Vec<YamlError>,
) -> Result<AttrSet, YamlError> {
    let f = Fields::new(
        s,
        "an attribute set",
        &[
            "name",
            "name-prefix",
            "enum-name",
            "doc",
            "subset-of",
            "attr-cnt-name",
            "attr-max-name",
            "header",
            "attributes",
        ],
    )?;
    f.unknown(warnings);
    let name = f.req_string("name")?;
    let f = Fields {
        what: format!("attribute set {name}"),
        ..f
    };
    for key in ["name-prefix", "enum-name", "attr-cnt-name", "attr-max-name"] {
        if let (Some(n), false) = (f.opt(key), protocol.has_c_names()) {
            warnings.push(n.error(format!(
                "`{key}` is not part of protocol {} (honoured as the kernel's C generator does)",
                protocol.name()
            )));
        }
    }
    let subset_of = f.string("subset-of")?;
    let parent = match &subset_of {
        Some(p) => Some(earlier.iter().find(|e| e.name == *p).ok_or_else(|| {
            s.error(format!(
                "attribute set {name}: subset-of `{p}` is not an attribute set defined before it"
            ))
        })?),
        None => None,
    };
    if parent.is_some() && f.opt("name-prefix").is_some() {
        return Err(s.error(format!(
            "attribute set {name}: a subset takes its parent's name-prefix"
        )));
    }
    let mut attributes: Vec<Attr> = Vec::new();
    let mut next = 1i64;
    for a in f
        .req("attributes")?
        .seq(&format!("attribute set {name}: attributes"))?
    {
        let af = Fields::new(a, format!("an attribute of {name}"), ATTR_KEYS)?;
        af.unknown(warnings);
        let aname = af.req_string("name")?;
        let what = format!("{name}.{aname}");
        let af = Fields {
            what: what.clone(),
            ..af
        };
        let base = match parent {
            Some(p) => Some(p.attr(&aname).ok_or_else(|| {
                a.error(format!(
                    "{what}: the parent set {} has no attribute `{aname}`",
                    p.name
                ))
            })?),
            None => None,
        };
        let value = match (base, af.int("value")?) {
            (Some(b), _) => b.value,
            (None, Some(v)) => v,
            (None, None) => next,
        };
        if !(0..=0x3fff).contains(&value) {
            return Err(a.error(format!("{what}: attribute id {value} is outside 0..16383")));
        }
        next = value + 1;
        let ty = match (af.string("type")?, base) {
            (Some(t), _) => t,
            (None, Some(b)) => b.ty.clone(),
            (None, None) => return Err(a.error(format!("{what} needs `type`"))),
        };
        let (ty, mut sub_type) = match ty.as_str() {
            "array-nest" => ("indexed-array".to_owned(), Some("nest".to_owned())),
            t if ATTR_TYPES.contains(&t) => (ty, None),
            t => {
                return Err(af.req("type")?.error(format!(
                    "{what}: unknown type `{t}`{}",
                    crate_hint(t, &ATTR_TYPES)
                )))
            }
        };
        if let Some(st) = af.string("sub-type")? {
            if !ATTR_TYPES.contains(&st.as_str()) {
                return Err(af
                    .req("sub-type")?
                    .error(format!("{what}: unknown sub-type `{st}`")));
            }
            sub_type = Some(st);
        }
        let pick = |own: Option<String>, inherited: Option<&Option<String>>| {
            own.or_else(|| inherited.cloned().flatten())
        };
        let checks = match af.opt("checks") {
            Some(c) => {
                let cf = Fields::new(
                    c,
                    format!("{what}: checks"),
                    &[
                        "flags-mask",
                        "min",
                        "max",
                        "min-len",
                        "max-len",
                        "exact-len",
                        "unterminated-ok",
                    ],
                )?;
                cf.unknown(warnings);
                SpecChecks {
                    min_len: cf.len("min-len")?,
                    max_len: cf.len("max-len")?,
                    exact_len: cf.len("exact-len")?,
                }
            }
            None => base.map(|b| b.checks.clone()).unwrap_or_default(),
        };
        if let Some(n) = af.opt("name-prefix") {
            if !protocol.has_c_names() {
                warnings.push(n.error(format!(
                    "`name-prefix` is not part of protocol {} (honoured as the kernel's C generator does)",
                    protocol.name()
                )));
            }
        }
        let attr = Attr {
            pos: a.pos,
            value,
            nested: pick(af.string("nested-attributes")?, base.map(|b| &b.nested)),
            multi_attr: af.bool("multi-attr")? || base.is_some_and(|b| b.multi_attr),
            byte_order: byte_order(&af)?.or_else(|| base.and_then(|b| b.byte_order.clone())),
            display_hint: pick(af.string("display-hint")?, base.map(|b| &b.display_hint)),
            enum_name: pick(af.string("enum")?, base.map(|b| &b.enum_name)),
            enum_as_flags: af.bool("enum-as-flags")? || base.is_some_and(|b| b.enum_as_flags),
            struct_name: pick(af.string("struct")?, base.map(|b| &b.struct_name)),
            sub_type: sub_type.or_else(|| base.and_then(|b| b.sub_type.clone())),
            sub_message: pick(af.string("sub-message")?, base.map(|b| &b.sub_message)),
            selector: pick(af.string("selector")?, base.map(|b| &b.selector)),
            name_prefix: pick(af.string("name-prefix")?, base.map(|b| &b.name_prefix)),
            checks,
            doc: af.doc()?.or_else(|| base.and_then(|b| b.doc.clone())),
            ty,
            name: aname,
        };
        // A repeated name replaces the earlier entry, as the kernel's Python tools read it.
        if let Some(i) = attributes.iter().position(|o| o.name == attr.name) {
            warnings.push(a.error(format!(
                "{what} appears twice in the set (the later one is used)"
            )));
            attributes[i] = attr;
        } else {
            attributes.push(attr);
        }
    }
    Ok(AttrSet {
        pos: s.pos,
        name_prefix: f.string("name-prefix")?,
        enum_name: f.enum_name()?,
        attr_cnt_name: f.string("attr-cnt-name")?,
        attr_max_name: f.string("attr-max-name")?,
        header: f.string("header")?,
        doc: f.doc()?,
        subset_of,
        attributes,
        name,
    })
}

fn crate_hint(name: &str, candidates: &[&str]) -> String {
    netlink_schema::did_you_mean(name, candidates.iter().copied())
        .map(|c| format!(", did you mean `{c}`?"))
        .unwrap_or_default()
}

fn parse_sub_message(s: &Node, warnings: &mut Vec<YamlError>) -> Result<SubMessage, YamlError> {
    let f = Fields::new(s, "a sub-message", &["name", "formats"])?;
    f.unknown(warnings);
    let name = f.req_string("name")?;
    let mut formats = Vec::new();
    for fm in f
        .req("formats")?
        .seq(&format!("sub-message {name}: formats"))?
    {
        let ff = Fields::new(
            fm,
            format!("a format of {name}"),
            &["value", "fixed-header", "attribute-set"],
        )?;
        ff.unknown(warnings);
        formats.push(Format {
            pos: fm.pos,
            value: ff.req_string("value")?,
            fixed_header: ff.string("fixed-header")?,
            attribute_set: ff.string("attribute-set")?,
        });
    }
    Ok(SubMessage {
        pos: s.pos,
        name,
        formats,
    })
}

fn parse_op_msg(n: &Node, what: &str, warnings: &mut Vec<YamlError>) -> Result<OpMsg, YamlError> {
    let f = Fields::new(n, what, &["attributes", "value"])?;
    f.unknown(warnings);
    let mut attributes = Vec::new();
    if let Some(a) = f.opt("attributes") {
        for item in a.seq(&format!("{what}: attributes"))? {
            attributes.push((item.string(&format!("{what}: an attribute"))?, item.pos));
        }
    }
    let value = f.int("value")?;
    if value.is_some_and(|v| !(0..=0xffff).contains(&v)) {
        return Err(f
            .req("value")?
            .error(format!("{what}: message id outside 0..65535")));
    }
    Ok(OpMsg {
        pos: n.pos,
        value,
        attributes,
    })
}

fn parse_mode(n: &Node, what: &str, warnings: &mut Vec<YamlError>) -> Result<Mode, YamlError> {
    let f = Fields::new(n, what, &["request", "reply", "pre", "post"])?;
    f.unknown(warnings);
    Ok(Mode {
        request: f
            .opt("request")
            .map(|r| parse_op_msg(r, &format!("{what}.request"), warnings))
            .transpose()?,
        reply: f
            .opt("reply")
            .map(|r| parse_op_msg(r, &format!("{what}.reply"), warnings))
            .transpose()?,
    })
}

fn parse_operations(n: &Node, warnings: &mut Vec<YamlError>) -> Result<Operations, YamlError> {
    let f = Fields::new(
        n,
        "operations",
        &[
            "enum-model",
            "name-prefix",
            "enum-name",
            "async-prefix",
            "async-enum",
            "fixed-header",
            "list",
        ],
    )?;
    f.unknown(warnings);
    let directional = match f.string("enum-model")?.as_deref() {
        None | Some("unified") => false,
        Some("directional") => true,
        Some(other) => {
            return Err(f.req("enum-model")?.error(format!(
                "unknown enum-model `{other}` (unified, directional)"
            )))
        }
    };
    let default_header = f.string("fixed-header")?;
    let mut list: Vec<Op> = Vec::new();
    let (mut req, mut rsp): (Option<i64>, Option<i64>) = (Some(1), Some(1));
    for o in f.req("list")?.seq("operations: list")? {
        let of = Fields::new(
            o,
            "an operation",
            &[
                "name",
                "doc",
                "value",
                "attribute-set",
                "flags",
                "dont-validate",
                "config-cond",
                "fixed-header",
                "do",
                "dump",
                "notify",
                "event",
                "mcgrp",
            ],
        )?;
        of.unknown(warnings);
        let name = of.req_string("name")?;
        let what = format!("operation {name}");
        let do_ = of
            .opt("do")
            .map(|m| parse_mode(m, &format!("{what}: do"), warnings))
            .transpose()?;
        let dump = of
            .opt("dump")
            .map(|m| parse_mode(m, &format!("{what}: dump"), warnings))
            .transpose()?;
        let event = of
            .opt("event")
            .map(|m| parse_op_msg(m, &format!("{what}: event"), warnings))
            .transpose()?;
        let notify = of.string("notify")?;
        let explicit = of.int("value")?;
        if explicit.is_some_and(|v| !(0..=0xffff).contains(&v)) {
            return Err(of
                .req("value")?
                .error(format!("{what}: value outside 0..65535")));
        }
        let is_async = notify.is_some() || event.is_some();
        let (req_value, rsp_value) = if !directional {
            // Unified: one id per operation, counting from 1.
            let v = explicit
                .or(req)
                .ok_or_else(|| o.error(format!("{what}: cannot number it")))?;
            req = Some(v + 1);
            rsp = req;
            (Some(v), Some(v))
        } else if is_async {
            let r = explicit
                .or(rsp)
                .ok_or_else(|| o.error(format!("{what}: cannot number it")))?;
            rsp = Some(r + 1);
            (None, Some(r))
        } else if let Some(mode) = do_.as_ref().or(dump.as_ref()) {
            let q = mode.request.as_ref().and_then(|m| m.value).or(req);
            let r = mode.reply.as_ref().and_then(|m| m.value).or(rsp);
            let q = q.ok_or_else(|| o.error(format!("{what}: cannot number its request")))?;
            let r = r.ok_or_else(|| o.error(format!("{what}: cannot number its reply")))?;
            req = Some(q + 1);
            let has_reply = mode.reply.is_some();
            rsp = Some(if has_reply { r + 1 } else { r });
            (Some(q), has_reply.then_some(r))
        } else {
            return Err(o.error(format!(
                "{what}: a directional operation needs do, dump, notify or event"
            )));
        };
        if list.iter().any(|p| p.name == name) {
            return Err(o.error(format!("{what} is defined twice")));
        }
        list.push(Op {
            pos: o.pos,
            doc: of.doc()?,
            attribute_set: of.string("attribute-set")?,
            fixed_header: of
                .string("fixed-header")?
                .or_else(|| default_header.clone()),
            mcgrp: of.string("mcgrp")?,
            do_,
            dump,
            notify,
            event,
            req_value,
            rsp_value,
            name,
        });
    }
    Ok(Operations {
        directional,
        name_prefix: f.string("name-prefix")?,
        async_prefix: f.string("async-prefix")?,
        list,
    })
}
