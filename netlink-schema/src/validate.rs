//! Consistency checks of a schema: every name a schema uses must name something that exists,
//! and every C layout must be one a compiler could have produced (fields inside their record,
//! widths that fit their types, no record containing itself), so that whatever reads data
//! with the schema can trust offsets and sizes.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use serde_spanned::Spanned;

use crate::model::{AttrType, Attribute, FieldType, Record, ScalarType, Schema};
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

/// The largest size of a C object on LP64 (`PTRDIFF_MAX`; gcc rejects larger types).
pub const MAX_OBJECT_SIZE: u64 = i64::MAX as u64;

/// A record: whether it is a union, and its name.
type Key<'s> = (bool, &'s str);

/// One step of the search for records containing themselves: a record, the records it holds
/// (with the field holding each), and the next of them to visit.
type Frame<'s> = (Key<'s>, Vec<(Key<'s>, &'s str)>, usize);

/// The records `key` holds by value, with the field holding each, in field order.
fn contained<'s>(schema: &'s Schema, (union, name): Key<'s>) -> Vec<(Key<'s>, &'s str)> {
    let table = if union {
        &schema.unions
    } else {
        &schema.structs
    };
    let Some(rec) = table.get(name) else {
        return Vec::new();
    };
    rec.get_ref()
        .fields
        .iter()
        .filter_map(|f| match f.field_type()? {
            FieldType::Struct(s) if schema.structs.contains_key(s) => {
                Some(((false, s), f.name.as_str()))
            }
            FieldType::Union(u) if schema.unions.contains_key(u) => {
                Some(((true, u), f.name.as_str()))
            }
            _ => None,
        })
        .collect()
}

/// Whether a scalar is an integer (a bitfield's type must be one).
fn is_integer(t: ScalarType) -> bool {
    !matches!(
        t,
        ScalarType::F32 | ScalarType::F64 | ScalarType::F128 | ScalarType::Ptr
    )
}

/// `struct x` or `union x`.
fn describe((union, name): (bool, &str)) -> String {
    format!("{} `{name}`", if union { "union" } else { "struct" })
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

    /// The layout of each record: a power-of-two alignment, a size that is a multiple of it
    /// and within what a C object can have, every field inside the record with arithmetic that
    /// does not overflow, and bitfields no wider than their type.
    fn check_layouts(&mut self, kind: &str, records: &indexmap::IndexMap<String, Spanned<Record>>) {
        for (name, spanned) in records {
            let rec = spanned.get_ref();
            let item = format!("{kind}.{name}");
            if rec.align == 0 || !rec.align.is_power_of_two() {
                self.report(
                    spanned,
                    item.clone(),
                    format!("align {} is not a power of two", rec.align),
                );
            } else if rec.size % rec.align != 0 {
                self.report(
                    spanned,
                    item.clone(),
                    format!(
                        "size {} is not a multiple of align {} (C pads a record to its alignment)",
                        rec.size, rec.align
                    ),
                );
            }
            if rec.size > MAX_OBJECT_SIZE {
                self.report(
                    spanned,
                    item.clone(),
                    format!(
                        "size {} is larger than any C object can be ({MAX_OBJECT_SIZE})",
                        rec.size
                    ),
                );
            }
            for f in &rec.fields {
                if let Some(problem) = self.field_layout(rec, f) {
                    self.report(spanned, format!("{item}.{}", f.name), problem);
                }
            }
        }
    }

    /// What is wrong with the place of field `f` in `rec`, if anything.
    fn field_layout(&self, rec: &Record, f: &crate::model::Field) -> Option<String> {
        let elem = match f.field_type()? {
            FieldType::Scalar(t) => t.size(),
            FieldType::Struct(s) => self.schema.structs.get(s)?.get_ref().size,
            FieldType::Union(u) => self.schema.unions.get(u)?.get_ref().size,
        };
        let record_bits = u128::from(rec.size) * 8;
        match (f.bits, f.bit_offset) {
            (Some(bits), Some(bit_offset)) => {
                let integer = matches!(f.field_type(), Some(FieldType::Scalar(t)) if is_integer(t));
                if !integer || f.count.is_some() {
                    return Some(format!(
                        "a bitfield must be of a plain integer type, not {}{}",
                        f.ty,
                        if f.count.is_some() { " array" } else { "" }
                    ));
                }
                if u64::from(bits) > elem * 8 {
                    return Some(format!(
                        "bitfield of {bits} bits is wider than its type {} ({} bits)",
                        f.ty,
                        elem * 8
                    ));
                }
                if u128::from(bit_offset) + u128::from(bits) > record_bits {
                    return Some(format!(
                        "bitfield bits {bit_offset}..{} end past the record ({record_bits} bits)",
                        u64::from(bit_offset) + u64::from(bits)
                    ));
                }
                if u64::from(bit_offset) / 8 != f.offset {
                    return Some(format!(
                        "offset {} is not the byte of the bitfield's first bit ({})",
                        f.offset,
                        bit_offset / 8
                    ));
                }
                return None;
            }
            (Some(_), None) => return Some("`bits` without `bit-offset`".into()),
            (None, Some(_)) => return Some("`bit-offset` without `bits`".into()),
            (None, None) => {}
        }
        let count = f.count.unwrap_or(1);
        let end = elem
            .checked_mul(count)
            .and_then(|len| f.offset.checked_add(len));
        match end {
            None => Some(format!(
                "offset {} + {count} x {elem} bytes does not fit in 64 bits",
                f.offset
            )),
            Some(end) if end > rec.size => Some(format!(
                "field ends at byte {end}, past the end of the record ({} bytes)",
                rec.size
            )),
            Some(_) => None,
        }
    }

    /// Records that contain themselves, directly or through other records: no C compiler lays
    /// those out, and reading one would never end.
    fn check_recursion(&mut self) {
        let schema = self.schema;
        let contains = |key| contained(schema, key);
        let all: Vec<Key<'_>> = schema
            .structs
            .keys()
            .map(|k| (false, k.as_str()))
            .chain(schema.unions.keys().map(|k| (true, k.as_str())))
            .collect();
        // Iterative depth-first search (a long chain of records must not exhaust the stack):
        // 1 = on the current path, 2 = done.
        let mut state: HashMap<Key<'_>, u8> = HashMap::new();
        for &root in &all {
            if state.contains_key(&root) {
                continue;
            }
            // (record, its contained records, next index), and the field taken to get there.
            let mut path: Vec<Frame<'_>> = vec![(root, contains(root), 0)];
            state.insert(root, 1);
            while let Some((key, children, next)) = path.last_mut() {
                let Some(&(child, field)) = children.get(*next) else {
                    state.insert(*key, 2);
                    path.pop();
                    continue;
                };
                *next += 1;
                let key = *key;
                match state.get(&child) {
                    Some(1) => {
                        let start = path.iter().position(|(k, _, _)| *k == child).unwrap_or(0);
                        let mut chain: Vec<String> = path
                            .get(start..)
                            .unwrap_or_default()
                            .iter()
                            .map(|(k, _, _)| describe(*k))
                            .collect();
                        chain.push(describe(child));
                        let (union, name) = key;
                        let kind = if union { "unions" } else { "structs" };
                        let table = if union {
                            &schema.unions
                        } else {
                            &schema.structs
                        };
                        if let Some(spanned) = table.get(name) {
                            let message = if chain.len() == 2 {
                                format!("{} contains itself", describe(child))
                            } else {
                                format!(
                                    "{} contains itself: {}",
                                    describe(child),
                                    chain.join(" -> ")
                                )
                            };
                            self.report(spanned, format!("{kind}.{name}.{field}"), message);
                        }
                    }
                    Some(_) => {}
                    None => {
                        state.insert(child, 1);
                        path.push((child, contains(child), 0));
                    }
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
                Some(r) => match r.fields.iter().find(|f| f.name == *lf) {
                    None => self.report(
                        spanned,
                        item.clone(),
                        format!(
                            "length-field `{lf}` is not a member of struct `{}`",
                            attr.c_struct.as_deref().unwrap_or_default()
                        ),
                    ),
                    Some(f) => {
                        let fits = matches!(
                            f.field_type(),
                            Some(FieldType::Scalar(
                                ScalarType::U8 | ScalarType::U16 | ScalarType::U32
                            ))
                        ) && f.count.is_none()
                            && f.bits.is_none();
                        if !fits {
                            self.report(
                                spanned,
                                item.clone(),
                                format!(
                                    "length-field `{lf}` is {}{}; a record's length must be a \
                                     u8, u16 or u32 member",
                                    f.ty,
                                    if f.count.is_some() {
                                        " array"
                                    } else if f.bits.is_some() {
                                        " bitfield"
                                    } else {
                                        ""
                                    }
                                ),
                            );
                        }
                    }
                },
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
        c.check_layouts("structs", &self.structs);
        c.check_layouts("unions", &self.unions);
        c.check_recursion();

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
    fn impossible_layouts_are_rejected() {
        let text = r#"
[structs.zero_align]
size = 4
align = 0
fields = [{ name = "x", type = "u32", offset = 0 }]
[structs.odd_align]
size = 6
align = 3
[structs.unpadded]
size = 6
align = 4
[structs.short]
size = 4
align = 4
fields = [{ name = "x", type = "u32", offset = 0 }, { name = "y", type = "u16", offset = 4 }]
[structs.array_past_end]
size = 8
align = 4
fields = [{ name = "a", type = "u32", offset = 0, count = 3 }, { name = "f", type = "u32", offset = 8, count = 0 }]
[structs.huge]
size = 18446744073709551615
align = 1
[structs.count_overflow]
size = 8
align = 8
fields = [{ name = "x", type = "u64", offset = 0, count = 4611686018427387904 }]
[structs.offset_overflow]
size = 8
align = 4
fields = [{ name = "x", type = "u64", offset = 18446744073709551615 }]
[structs.bits]
size = 4
align = 4
fields = [
  { name = "wide", type = "u8", offset = 0, bits = 9, bit-offset = 0 },
  { name = "past", type = "u32", offset = 3, bits = 9, bit-offset = 24 },
  { name = "float", type = "f32", offset = 0, bits = 3, bit-offset = 0 },
  { name = "half", type = "u32", offset = 0, bits = 3 },
  { name = "ok", type = "u32", offset = 1, bits = 8, bit-offset = 8 },
]
[structs.inner]
size = 12
align = 4
fields = [{ name = "s", type = "struct short", offset = 4 }]
[structs.outer]
size = 12
align = 4
fields = [{ name = "i", type = "struct inner", offset = 4 }]
"#;
        let d = diags(text);
        let expect = [
            "t.toml:2: structs.zero_align: align 0 is not a power of two",
            "t.toml:6: structs.odd_align: align 3 is not a power of two",
            "t.toml:9: structs.unpadded: size 6 is not a multiple of align 4",
            "t.toml:12: structs.short.y: field ends at byte 6, past the end of the record (4 bytes)",
            "t.toml:16: structs.array_past_end.a: field ends at byte 12, past the end of the record (8 bytes)",
            "t.toml:20: structs.huge: size 18446744073709551615 is larger than any C object can be",
            "t.toml:23: structs.count_overflow.x: offset 0 + 4611686018427387904 x 8 bytes does not fit in 64 bits",
            "t.toml:27: structs.offset_overflow.x: offset 18446744073709551615 + 1 x 8 bytes does not fit in 64 bits",
            "t.toml:31: structs.bits.wide: bitfield of 9 bits is wider than its type u8 (8 bits)",
            "t.toml:31: structs.bits.past: bitfield bits 24..33 end past the record (32 bits)",
            "t.toml:31: structs.bits.float: a bitfield must be of a plain integer type, not f32",
            "t.toml:31: structs.bits.half: `bits` without `bit-offset`",
            "t.toml:45: structs.outer.i: field ends at byte 16, past the end of the record (12 bytes)",
        ];
        for e in expect {
            assert!(
                d.iter().any(|x| x.starts_with(e)),
                "missing {e:?} in {d:#?}"
            );
        }
        assert_eq!(d.len(), expect.len(), "{d:#?}");
    }

    #[test]
    fn records_containing_themselves_are_rejected() {
        let text = r#"
[structs.me]
size = 4
align = 4
fields = [{ name = "x", type = "struct me", offset = 0 }]
[structs.a]
size = 4
align = 4
fields = [{ name = "to_b", type = "union b", offset = 0 }]
[unions.b]
size = 4
align = 4
fields = [{ name = "to_c", type = "struct c", offset = 0 }]
[structs.c]
size = 4
align = 4
fields = [{ name = "n", type = "u32", offset = 0 }, { name = "to_a", type = "struct a", offset = 0, count = 0 }]
[structs.fine]
size = 8
align = 4
fields = [{ name = "c1", type = "struct c", offset = 0 }, { name = "c2", type = "struct c", offset = 4 }]
"#;
        assert_eq!(
            diags(text),
            [
                "t.toml:14: structs.c.to_a: struct `a` contains itself: struct `a` -> union `b` -> struct `c` -> struct `a`",
                "t.toml:2: structs.me.x: struct `me` contains itself",
            ]
        );
        // A chain far longer than the stack could recurse through is fine.
        let mut long = String::new();
        for n in 0..30_000 {
            long.push_str(&format!(
                "[structs.s{n}]\nsize = 4\nalign = 4\nfields = [{{ name = \"x\", type = \"struct s{}\", offset = 0 }}]\n",
                n + 1
            ));
        }
        long.push_str("[structs.s30000]\nsize = 4\nalign = 4\n");
        assert_eq!(diags(&long), Vec::<String>::new());
    }

    #[test]
    fn length_field_must_be_a_small_unsigned_member() {
        let text = format!(
            "{BASE}
[structs.hop]
size = 16
align = 8
fields = [{{ name = \"len\", type = \"u64\", offset = 0 }}, {{ name = \"l16\", type = \"u16\", offset = 8 }}]
[attribute-sets.rta]
prefix = \"RTA_\"
[attribute-sets.rta.attributes]
RTA_DST = {{ id = 1, type = \"binary\", struct = \"hop\", length-field = \"len\" }}
RTA_OIF = {{ id = 4, type = \"binary\", struct = \"hop\", length-field = \"l16\" }}
"
        );
        assert_eq!(
            diags(&text),
            ["t.toml:19: attribute-sets.rta.RTA_DST: length-field `len` is u64; a record's length must be a u8, u16 or u32 member"]
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
