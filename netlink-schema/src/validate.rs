//! Consistency checks of a schema: every name a schema uses must name something that exists.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use serde_spanned::Spanned;

use crate::model::{AttrType, Attribute, FieldType, Record, Schema};
use crate::suggest::did_you_mean;

/// One problem found by [`Schema::validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The schema file (empty when the schema was not loaded from a file).
    pub file: PathBuf,
    /// 1-based line of the offending item (0 when unknown).
    pub line: usize,
    /// Dotted path of the item, e.g. `attribute-sets.rta.RTA_DST`.
    pub item: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.item,
            self.message
        )
    }
}

/// Collects diagnostics, turning spans into lines.
struct Checker<'a> {
    schema: &'a Schema,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report<T>(&mut self, at: &Spanned<T>, item: String, message: String) {
        let (file, line) = match &self.schema.source {
            Some(src) => (src.path.clone(), src.line_of(at.span().start)),
            None => (PathBuf::new(), 0),
        };
        self.out.push(Diagnostic {
            file,
            line,
            item,
            message,
        });
    }

    fn hint<'n>(name: &str, candidates: impl IntoIterator<Item = &'n str>) -> String {
        did_you_mean(name, candidates)
            .map(|c| format!(", did you mean `{c}`?"))
            .unwrap_or_default()
    }

    fn check_records(&mut self, kind: &str, records: &indexmap::IndexMap<String, Spanned<Record>>) {
        for (name, rec) in records {
            for k in &rec.get_ref().differs_from_spec {
                if k != "layout" {
                    self.report(
                        rec,
                        format!("{kind}.{name}"),
                        format!("differs-from-spec: unknown key `{k}` (a record can differ in `layout`)"),
                    );
                }
            }
            for field in &rec.get_ref().fields {
                let item = format!("{kind}.{name}.{}", field.name);
                match field.field_type() {
                    None => {
                        let hint = Self::hint(
                            &field.ty,
                            crate::model::ScalarType::ALL.iter().map(|t| t.name()),
                        );
                        self.report(
                            rec,
                            item,
                            format!("unknown field type `{}`{hint}", field.ty),
                        );
                    }
                    Some(FieldType::Struct(s)) if !self.schema.structs.contains_key(s) => {
                        self.report(
                            rec,
                            item,
                            format!("struct `{s}` is not defined in [structs]"),
                        );
                    }
                    Some(FieldType::Union(u)) if !self.schema.unions.contains_key(u) => {
                        self.report(rec, item, format!("union `{u}` is not defined in [unions]"));
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn check_attribute(&mut self, set: &str, name: &str, spanned: &Spanned<Attribute>) {
        let attr = spanned.get_ref();
        let item = format!("attribute-sets.{set}.{name}");
        let schema = self.schema;
        self.check_spec_keys(&item, spanned);
        if let AttrType::Unknown(t) = &attr.ty {
            let hint = Self::hint(t, AttrType::NAMES);
            self.report(spanned, item.clone(), format!("unknown type `{t}`{hint}"));
        }
        if let Some(AttrType::Unknown(t)) = &attr.sub_type {
            let hint = Self::hint(t, AttrType::NAMES);
            self.report(
                spanned,
                item.clone(),
                format!("unknown sub-type `{t}`{hint}"),
            );
        }
        match (&attr.ty, &attr.nested_attributes) {
            (AttrType::Nest, None) => self.report(
                spanned,
                item.clone(),
                "a `nest` needs `nested-attributes` naming its attribute set".into(),
            ),
            (_, Some(nested)) if !schema.attribute_sets.contains_key(nested) => {
                let hint = Self::hint(nested, schema.attribute_sets.keys().map(String::as_str));
                self.report(
                    spanned,
                    item.clone(),
                    format!("nested-attributes `{nested}` is not an attribute set{hint}"),
                );
            }
            _ => {}
        }
        if let Some(s) = &attr.c_struct {
            if schema.record(s).is_none() {
                let hint = Self::hint(s, schema.structs.keys().map(String::as_str));
                self.report(
                    spanned,
                    item.clone(),
                    format!("struct `{s}` does not exist{hint}"),
                );
            }
        }
        if let Some(lf) = &attr.length_field {
            let rec = attr.c_struct.as_deref().and_then(|s| schema.record(s));
            match rec {
                None => self.report(
                    spanned,
                    item.clone(),
                    "`length-field` needs `struct` naming the record that holds it".into(),
                ),
                Some(r) if !r.fields.iter().any(|f| f.name == *lf) => self.report(
                    spanned,
                    item.clone(),
                    format!(
                        "length-field `{lf}` is not a member of struct `{}`",
                        attr.c_struct.as_deref().unwrap_or_default()
                    ),
                ),
                Some(_) => {}
            }
        }
        if let Some(e) = &attr.c_enum {
            if !schema.enums.contains_key(e) {
                let hint = Self::hint(e, schema.enums.keys().map(String::as_str));
                self.report(
                    spanned,
                    item.clone(),
                    format!("enum `{e}` does not exist{hint}"),
                );
            }
        }
        if attr.ty == AttrType::SubMessage {
            match &attr.sub_message {
                None => self.report(
                    spanned,
                    item.clone(),
                    "a `sub-message` needs `sub-message` naming a [sub-messages] entry".into(),
                ),
                Some(m) if !schema.sub_messages.contains_key(m) => {
                    self.report(
                        spanned,
                        item.clone(),
                        format!("sub-message `{m}` does not exist"),
                    );
                }
                Some(_) => {}
            }
            let set_attrs = schema
                .attribute_sets
                .get(set)
                .map(|s| &s.get_ref().attributes);
            match &attr.selector {
                None => self.report(
                    spanned,
                    item.clone(),
                    "a `sub-message` needs `selector` naming the sibling attribute that selects it"
                        .into(),
                ),
                Some(sel) if !set_attrs.is_some_and(|a| a.contains_key(sel)) => {
                    self.report(
                        spanned,
                        item.clone(),
                        format!("selector `{sel}` is not an attribute of set `{set}`"),
                    );
                }
                Some(_) => {}
            }
        }
        if let Some(v) = schema.constants.get(name) {
            if v.as_i128() != i128::from(attr.id) {
                self.report(
                    spanned,
                    item,
                    format!("id {} but [constants] says {name} = {v}", attr.id),
                );
            }
        }
    }
}

impl Checker<'_> {
    /// Every `[constant-types]` entry names constants that exist (`[constants]` or
    /// `[user-constants]`), and every constant it types fits the type.
    fn check_constant_types(&mut self) {
        let schema = self.schema;
        let names = || schema.constants.keys().chain(schema.user_constants.keys());
        for (pattern, ty) in &schema.constant_types {
            let item = format!("constant-types.{pattern}");
            let matches: Vec<&String> = match pattern.strip_suffix('*') {
                Some(prefix) => names()
                    .filter(|n| {
                        n.starts_with(prefix) && schema.constant_type(n) == Some(*ty.get_ref())
                    })
                    .collect(),
                None => names().filter(|n| *n == pattern).collect(),
            };
            if matches.is_empty()
                && !names().any(|n| match pattern.strip_suffix('*') {
                    Some(prefix) => n.starts_with(prefix),
                    None => n == pattern,
                })
            {
                let hint = Checker::hint(pattern, names().map(String::as_str));
                self.report(ty, item, format!("matches no constant{hint}"));
                continue;
            }
            for name in matches {
                let Some(v) = schema.constant(name) else {
                    continue;
                };
                if ty.get_ref().convert(v.as_i128()).is_none() {
                    self.report(
                        ty,
                        item.clone(),
                        format!("{name} = {v} does not fit {}", ty.get_ref().rust_name()),
                    );
                }
            }
        }
    }

    /// The `[schema]` table: a known protocol; `attribute-sets` and `not-attribute-sets` do not
    /// name one enum twice.
    fn check_schema_table(&mut self) {
        let info = &self.schema.schema;
        if let Some(p) = &info.protocol {
            if crate::protocols::parse_protocol(p).is_none() {
                self.out.push(Diagnostic {
                    file: self.file(),
                    line: self.line_of_text("protocol"),
                    item: "schema.protocol".into(),
                    message: crate::protocols::unknown_protocol(p),
                });
            }
        }
        for name in &info.attribute_sets {
            if info.not_attribute_sets.contains(name) {
                self.out.push(Diagnostic {
                    file: self.file(),
                    line: self.line_of_text(&format!("\"{name}\"")),
                    item: "schema.attribute-sets".into(),
                    message: format!("`{name}` is in both attribute-sets and not-attribute-sets"),
                });
            }
        }
    }

    /// `display-hint` and `family` on struct members: the hint must fit the member's size, the
    /// family member must exist (in the record, or in every record embedding it) and the schema
    /// must name `AF_INET` and `AF_INET6`.
    fn check_member_hints(&mut self) {
        use crate::model::DisplayHint as H;
        let schema = self.schema;
        for (kind, records) in [("structs", &schema.structs), ("unions", &schema.unions)] {
            for (name, rec) in records {
                for f in &rec.get_ref().fields {
                    let item = format!("{kind}.{name}.{}", f.name);
                    let Some(hint) = f.display_hint else {
                        if !f.family.is_empty() {
                            self.report(
                                rec,
                                item,
                                "`family` goes with display-hint = \"ip\"".into(),
                            );
                        }
                        continue;
                    };
                    let bytes = f.byte_size();
                    let fits = match hint {
                        H::Ipv4 => bytes == Some(4),
                        H::Ipv6 => bytes == Some(16),
                        H::Ip => bytes == Some(16),
                        H::Mac => bytes == Some(6),
                        H::Hex | H::Uuid => true,
                    };
                    let scalar_or_array =
                        matches!(f.field_type(), Some(FieldType::Scalar(_))) && f.bits.is_none();
                    if !fits || !scalar_or_array {
                        self.report(
                            rec,
                            item.clone(),
                            format!(
                                "display-hint `{}` does not fit member `{}` ({}{}): ipv4 takes 4 bytes, ipv6 and ip 16, mac 6",
                                hint.name(),
                                f.name,
                                f.ty,
                                f.count.map(|c| format!("[{c}]")).unwrap_or_default()
                            ),
                        );
                    }
                    if hint == H::Ip {
                        if f.family.is_empty() {
                            self.report(
                                rec,
                                item,
                                "display-hint `ip` on 16 bytes needs `family`: the member that holds AF_INET or AF_INET6".into(),
                            );
                            continue;
                        }
                        for af in ["AF_INET", "AF_INET6"] {
                            if schema.constant(af).is_none() {
                                self.report(
                                    rec,
                                    item.clone(),
                                    format!("`family` needs the constant {af}: add it to [user-constants]"),
                                );
                            }
                        }
                        let has = |r: &Record| r.fields.iter().any(|m| f.family.contains(&m.name));
                        let r = rec.get_ref();
                        if !has(r) {
                            let outer: Vec<&str> = schema.embedders(name).collect();
                            let missing: Vec<&str> = outer
                                .iter()
                                .copied()
                                .filter(|o| schema.record(o).is_none_or(|r| !has(r)))
                                .collect();
                            if outer.is_empty() || !missing.is_empty() {
                                let fam = f.family.join("` or `");
                                let hint = Self::hint(
                                    &f.family[0],
                                    r.fields.iter().map(|m| m.name.as_str()),
                                );
                                let where_ = if outer.is_empty() {
                                    format!("`{name}`")
                                } else {
                                    format!("`{name}` nor in {}", missing.join(", "))
                                };
                                self.report(
                                    rec,
                                    item,
                                    format!("family member `{fam}` is neither in {where_}{hint}"),
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    fn file(&self) -> PathBuf {
        self.schema
            .source
            .as_ref()
            .map(|s| s.path.clone())
            .unwrap_or_default()
    }

    /// The line of the first occurrence of `needle` in the file (0 when unknown).
    fn line_of_text(&self, needle: &str) -> usize {
        self.schema
            .source
            .as_ref()
            .map_or(0, |s| s.text.find(needle).map_or(0, |o| s.line_of(o)))
    }
}

impl Schema {
    /// Checks that every name the schema uses exists: attribute types, nested attribute sets,
    /// struct, enum and sub-message references, message headers, sets and type constants; and
    /// that no attribute set uses one id twice. Returns every problem found (empty when valid).
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut c = Checker {
            schema: self,
            out: Vec::new(),
        };
        c.check_records("structs", &self.structs);
        c.check_records("unions", &self.unions);
        c.check_constant_types();

        for (name, e) in &self.enums {
            for v in &e.get_ref().values {
                if self.constant(v).is_none() {
                    c.report(
                        e,
                        format!("enums.{name}"),
                        format!("value `{v}` is not in [constants] or [user-constants]"),
                    );
                }
            }
        }
        for (name, v) in &self.user_constants {
            if let Some(header) = self.constants.get(name) {
                c.report(
                    v,
                    format!("user-constants.{name}"),
                    format!(
                        "also in [constants] (= {header}, from the headers): remove it from [user-constants]"
                    ),
                );
            }
        }
        c.check_schema_table();
        c.check_member_hints();

        for (set_name, set) in &self.attribute_sets {
            let mut seen: HashMap<u16, &str> = HashMap::new();
            for (attr_name, attr) in &set.get_ref().attributes {
                c.check_attribute(set_name, attr_name, attr);
                if let Some(first) = seen.insert(attr.get_ref().id, attr_name) {
                    c.report(
                        attr,
                        format!("attribute-sets.{set_name}.{attr_name}"),
                        format!(
                            "duplicate attribute id {} (also used by {first})",
                            attr.get_ref().id
                        ),
                    );
                }
            }
        }

        for (name, sub) in &self.sub_messages {
            for (value, format) in &sub.get_ref().formats {
                let item = format!("sub-messages.{name}.{value}");
                if let Some(h) = &format.header {
                    if self.record(h).is_none() {
                        c.report(
                            sub,
                            item.clone(),
                            format!("header struct `{h}` does not exist"),
                        );
                    }
                }
                if let Some(a) = &format.attributes {
                    if !self.attribute_sets.contains_key(a) {
                        c.report(sub, item, format!("attribute set `{a}` does not exist"));
                    }
                }
            }
        }

        for (name, msg) in &self.messages {
            let m = msg.get_ref();
            let item = format!("messages.{name}");
            if let Some(h) = &m.header {
                if self.record(h).is_none() {
                    let hint = Checker::hint(h, self.structs.keys().map(String::as_str));
                    c.report(
                        msg,
                        item.clone(),
                        format!("header struct `{h}` does not exist{hint}"),
                    );
                }
            }
            if let Some(a) = &m.attributes {
                if !self.attribute_sets.contains_key(a) {
                    let hint = Checker::hint(a, self.attribute_sets.keys().map(String::as_str));
                    c.report(
                        msg,
                        item.clone(),
                        format!("attribute set `{a}` does not exist{hint}"),
                    );
                }
            }
            for t in m.types.iter().chain(&m.commands) {
                if self.constant(t).is_none() {
                    let hint = Checker::hint(t, self.constants.keys().map(String::as_str));
                    c.report(
                        msg,
                        item.clone(),
                        format!("message type `{t}` is not in [constants]{hint}"),
                    );
                }
            }
            if m.types.is_empty() && m.commands.is_empty() {
                c.report(
                    msg,
                    item.clone(),
                    "a message needs `types` or `commands`".into(),
                );
            }
            c.check_operation(name, msg);
        }
        for (name, group) in &self.multicast_groups {
            let g = group.get_ref();
            let item = format!("multicast-groups.{name}");
            match &g.constant {
                Some(k) if !self.constants.contains_key(k) => {
                    let hint = Checker::hint(k, self.constants.keys().map(String::as_str));
                    c.report(group, item, format!("constant `{k}` is not in [constants]{hint}"));
                }
                None if g.name.is_none() => c.report(
                    group,
                    item,
                    "a multicast group needs `constant` (classic netlink) or `name` (generic netlink)"
                        .into(),
                ),
                _ => {}
            }
        }
        c.out
    }
}

/// Keys an attribute annotation may list in `differs-from-spec`.
const SPEC_KEYS: [&str; 13] = [
    "type",
    "nested-attributes",
    "struct",
    "byte-order",
    "display-hint",
    "enum",
    "multi-attr",
    "sub-message",
    "selector",
    "sub-type",
    "checks",
    "id",
    "absent",
];

impl Checker<'_> {
    /// The keys `import-ynl` writes on a message: `do`, `dump`, `event`, `notify`, `mcgrp`,
    /// `subsystem`.
    fn check_operation(&mut self, name: &str, msg: &Spanned<crate::model::Message>) {
        let schema = self.schema;
        let m = msg.get_ref();
        let item = format!("messages.{name}");
        let set = m
            .attributes
            .as_deref()
            .and_then(|a| schema.attribute_set(a));
        let mut parts = Vec::new();
        for (mode, modes) in [("do", &m.do_), ("dump", &m.dump)] {
            if let Some(modes) = modes {
                parts.extend(modes.request.iter().map(|r| (format!("{mode}.request"), r)));
                parts.extend(modes.reply.iter().map(|r| (format!("{mode}.reply"), r)));
            }
        }
        parts.extend(m.event.iter().map(|e| ("event".to_owned(), e)));
        for (part, om) in parts {
            if let Some(t) = &om.ty {
                if !schema.constants.contains_key(t) {
                    let hint = Self::hint(t, schema.constants.keys().map(String::as_str));
                    self.report(
                        msg,
                        item.clone(),
                        format!("{part}: type `{t}` is not in [constants]{hint}"),
                    );
                }
            }
            for a in &om.attributes {
                match set {
                    Some(s) if s.attributes.contains_key(a) => {}
                    Some(s) => {
                        let hint = Self::hint(a, s.attributes.keys().map(String::as_str));
                        self.report(
                            msg,
                            item.clone(),
                            format!(
                                "{part}: attribute `{a}` is not in set `{}`{hint}",
                                m.attributes.as_deref().unwrap_or_default()
                            ),
                        );
                    }
                    None => {
                        self.report(
                            msg,
                            item.clone(),
                            format!(
                                "{part}: lists attributes but the message has no `attributes` set"
                            ),
                        );
                        break;
                    }
                }
            }
        }
        if let Some(n) = &m.notify {
            if !schema.messages.contains_key(n) {
                self.report(
                    msg,
                    item.clone(),
                    format!("notify `{n}` is not a [messages] entry"),
                );
            }
        }
        if let Some(g) = &m.mcgrp {
            if !schema.multicast_groups.contains_key(g) {
                let hint = Self::hint(g, schema.multicast_groups.keys().map(String::as_str));
                self.report(
                    msg,
                    item.clone(),
                    format!("mcgrp `{g}` is not a [multicast-groups] entry{hint}"),
                );
            }
        }
        if let Some(s) = &m.subsystem {
            if !schema.constants.contains_key(s) {
                self.report(msg, item, format!("subsystem `{s}` is not in [constants]"));
            }
        }
    }

    /// `checks` and `differs-from-spec` of one attribute.
    fn check_spec_keys(&mut self, item: &str, spanned: &Spanned<Attribute>) {
        let attr = spanned.get_ref();
        for k in &attr.differs_from_spec {
            if !SPEC_KEYS.contains(&k.as_str()) {
                let hint = Self::hint(k, SPEC_KEYS);
                self.report(
                    spanned,
                    item.to_owned(),
                    format!("differs-from-spec: unknown key `{k}`{hint}"),
                );
            }
        }
        if let Some(ch) = &attr.checks {
            if let (Some(lo), Some(hi)) = (ch.min_len, ch.max_len) {
                if lo > hi {
                    self.report(
                        spanned,
                        item.to_owned(),
                        format!("checks: min-len {lo} is above max-len {hi}"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Schema;

    fn diags(text: &str) -> Vec<String> {
        Schema::parse(text.to_owned(), "t.toml")
            .expect("parses")
            .validate()
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    const BASE: &str = r#"
[constants]
RTM_NEWROUTE = 24
RTA_DST = 1
RTA_OIF = 4

[structs.rtmsg]
size = 12
align = 4
fields = [{ name = "rtm_family", type = "u8", offset = 0 }]
"#;

    #[test]
    fn valid_schema_has_no_diagnostics() {
        let text = format!(
            "{BASE}
[attribute-sets.rta]
prefix = \"RTA_\"
[attribute-sets.rta.attributes]
RTA_DST = {{ id = 1, type = \"binary\", display-hint = \"ip\" }}
RTA_OIF = {{ id = 4, type = \"?\" }}

[messages.route]
types = [\"RTM_NEWROUTE\"]
header = \"rtmsg\"
attributes = \"rta\"
"
        );
        assert_eq!(diags(&text), Vec::<String>::new());
    }

    #[test]
    fn unknown_type_names_line_and_hint() {
        let text = format!(
            "{BASE}
[attribute-sets.rta]
prefix = \"RTA_\"
[attribute-sets.rta.attributes]
RTA_DST = {{ id = 1, type = \"u23\" }}
"
        );
        let d = diags(&text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0],
            "t.toml:15: attribute-sets.rta.RTA_DST: unknown type `u23`, did you mean `u32`?"
        );
    }

    #[test]
    fn missing_nest_struct_and_duplicates() {
        let text = format!(
            "{BASE}
[attribute-sets.rta]
prefix = \"RTA_\"
[attribute-sets.rta.attributes]
RTA_DST = {{ id = 1, type = \"nest\", nested-attributes = \"metrix\" }}
RTA_OIF = {{ id = 4, type = \"binary\", struct = \"rta_cacheinfo\" }}
RTA_X = {{ id = 4, type = \"nest\" }}
"
        );
        let d = diags(&text).join("\n");
        assert!(d.contains("t.toml:15: attribute-sets.rta.RTA_DST: nested-attributes `metrix` is not an attribute set"), "{d}");
        assert!(
            d.contains(
                "t.toml:16: attribute-sets.rta.RTA_OIF: struct `rta_cacheinfo` does not exist"
            ),
            "{d}"
        );
        assert!(d.contains("t.toml:17: attribute-sets.rta.RTA_X: duplicate attribute id 4 (also used by RTA_OIF)"), "{d}");
        assert!(
            d.contains("RTA_X: a `nest` needs `nested-attributes`"),
            "{d}"
        );
    }

    #[test]
    fn message_with_missing_header_and_set() {
        let text = format!(
            "{BASE}
[messages.route]
types = [\"RTM_NEWROUTE\", \"RTM_NEWRUOTE\"]
header = \"rtmgs\"
attributes = \"rta\"
"
        );
        let d = diags(&text).join("\n");
        assert!(d.contains("t.toml:12: messages.route: header struct `rtmgs` does not exist, did you mean `rtmsg`?"), "{d}");
        assert!(
            d.contains("messages.route: attribute set `rta` does not exist"),
            "{d}"
        );
        assert!(
            d.contains(
                "message type `RTM_NEWRUOTE` is not in [constants], did you mean `RTM_NEWROUTE`?"
            ),
            "{d}"
        );
    }

    #[test]
    fn id_disagreeing_with_constants() {
        let text = format!(
            "{BASE}
[attribute-sets.rta]
prefix = \"RTA_\"
[attribute-sets.rta.attributes]
RTA_DST = {{ id = 2, type = \"u32\" }}
"
        );
        assert_eq!(
            diags(&text),
            ["t.toml:15: attribute-sets.rta.RTA_DST: id 2 but [constants] says RTA_DST = 1"]
        );
    }

    #[test]
    fn user_constants_and_member_hints() {
        let text = r#"
[schema]
protocol = "sock_diag"
attribute-sets = ["x"]
not-attribute-sets = ["x"]

[constants]
A = 1

[user-constants]
A = 1
AF_INET = 2

[enums.state]
values = ["AF_INET", "NOPE"]

[structs.id]
size = 36
align = 4
fields = [
  { name = "src", type = "be32", offset = 0, count = 4, display-hint = "ip", family = "fam" },
  { name = "mac", type = "u8", offset = 16, count = 4, display-hint = "mac" },
  { name = "v4", type = "be32", offset = 20, display-hint = "ipv4" },
  { name = "v6", type = "u8", offset = 20, count = 16, display-hint = "ipv6" },
]

[structs.msg]
size = 40
align = 4
fields = [
  { name = "family", type = "u8", offset = 0 },
  { name = "id", type = "struct id", offset = 4 },
]
"#;
        let d = diags(text).join("\n");
        for want in [
            "user-constants.A: also in [constants] (= 1, from the headers)",
            "enums.state: value `NOPE` is not in [constants] or [user-constants]",
            "schema.attribute-sets: `x` is in both attribute-sets and not-attribute-sets",
            "structs.id.mac: display-hint `mac` does not fit member `mac` (u8[4])",
            "structs.id.src: `family` needs the constant AF_INET6: add it to [user-constants]",
            "structs.id.src: family member `fam` is neither in `id` nor in msg",
        ] {
            assert!(d.contains(want), "missing `{want}` in:\n{d}");
        }
        assert!(
            !d.contains("AF_INET:"),
            "a user constant is a constant: {d}"
        );
        assert!(
            !d.contains("structs.id.v4") && !d.contains("structs.id.v6"),
            "{d}"
        );
        let fixed = text
            .replace("A = 1\nAF_INET = 2", "AF_INET = 2\nAF_INET6 = 10")
            .replace(", \"NOPE\"", "")
            .replace("not-attribute-sets = [\"x\"]\n", "")
            .replace(
                "count = 4, display-hint = \"mac\"",
                "count = 6, display-hint = \"mac\"",
            )
            .replace("family = \"fam\"", "family = \"family\"");
        assert_eq!(diags(&fixed), Vec::<String>::new());
    }

    #[test]
    fn struct_field_types_are_checked() {
        let text = "[structs.a]\nsize = 4\nalign = 4\nfields = [{ name = \"x\", type = \"struct b\", offset = 0 }, { name = \"y\", type = \"u33\", offset = 0 }]\n";
        let d = diags(text).join("\n");
        assert!(
            d.contains("t.toml:1: structs.a.x: struct `b` is not defined in [structs]"),
            "{d}"
        );
        assert!(
            d.contains("structs.a.y: unknown field type `u33`, did you mean `u32`?"),
            "{d}"
        );
    }

    #[test]
    fn syntax_and_shape_errors_name_line() {
        let err = Schema::parse("[constants]\nA = 1\nB = \n".into(), "bad.toml").unwrap_err();
        assert!(err.to_string().starts_with("bad.toml:3:"), "{err}");
        let err =
            Schema::parse("[structs.a]\nsize = 4\nalgin = 4\n".into(), "bad.toml").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("bad.toml:3:") && msg.contains("algin"),
            "{msg}"
        );
    }

    #[test]
    fn big_unsigned_constants_round_trip() {
        let s = Schema::parse(
            "[constants]\nA = \"0xffffffffffffffff\"\nB = -1\n".into(),
            "c.toml",
        )
        .unwrap();
        assert_eq!(
            s.constant("A"),
            Some(crate::ConstValue::BigUnsigned(u64::MAX))
        );
        assert_eq!(s.constant("B"), Some(crate::ConstValue::Int(-1)));
        let out = toml::to_string(&s).unwrap();
        assert!(out.contains("A = \"0xffffffffffffffff\""), "{out}");
    }
}
