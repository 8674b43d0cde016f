//! Writing generated items into a schema document, keeping what people wrote.
//!
//! `generate` merges into an empty document and `update` into the existing file: one code path.
//! The generated part of a schema is `[constants]` and every enum, struct, union and attribute
//! set that carries a `header` key (the generator writes it; hand-written items have none).
//! Inside a generated attribute set only the `id` of an attribute is the generator's: its `type`
//! and every other key, and all comments, are the annotator's and survive. Inside a struct, a
//! member's layout keys are the generator's and its `display-hint`, `family`, `doc` are people's.
//!
//! An attribute set that names its `enum`, generated or hand-written, follows that enum: new
//! members are added as `"?"`, ids are refreshed, members gone are removed (a hand-written set
//! keeps its own `prefix` and stays without `header`). `[user-constants]` is people's; a name
//! the headers come to define is reported there.

use std::fmt;

use netlink_schema::{ConstValue, Record};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use crate::c::RecordKind;
use crate::generated::{GenEnum, GenRecord, GenSet, Generated};

/// The keys of a struct member the generator writes.
const MEMBER_KEYS: [&str; 6] = netlink_schema::Field::GENERATED_KEYS;

/// One difference between the document and the headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new item.
    Added(String),
    /// An item the headers no longer have.
    Removed(String),
    /// An item whose generated value changed.
    Changed(String),
    /// Not a change: something in the document that merging cannot settle (a hand-written
    /// set naming an enum the headers do not have). The document is left as it is, and every
    /// merge reports it again until people fix it.
    Unsettled(String),
}

impl Change {
    /// Whether the merge changed the document (every variant but [`Change::Unsettled`]).
    pub fn changes_document(&self) -> bool {
        !matches!(self, Change::Unsettled(_))
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Added(s) => write!(f, "+ {s}"),
            Change::Removed(s) => write!(f, "- {s}"),
            Change::Changed(s) => write!(f, "~ {s}"),
            Change::Unsettled(s) => write!(f, "! {s}"),
        }
    }
}

/// Merges `gen` into `doc`; returns what changed.
pub fn merge(doc: &mut DocumentMut, gen: &Generated) -> Vec<Change> {
    let mut changes = Vec::new();
    merge_constants(doc, gen, &mut changes);
    merge_enums(doc, &gen.enums, &mut changes);
    let (structs, unions): (Vec<_>, Vec<_>) = gen
        .records
        .iter()
        .partition(|r| r.kind == RecordKind::Struct);
    merge_records(doc, "structs", &structs, &mut changes);
    merge_records(doc, "unions", &unions, &mut changes);
    merge_sets(doc, gen, &mut changes);
    changes
}

/// The table at `doc[key]`, created (implicit, so no empty `[key]` header is printed) if absent.
fn section<'d>(doc: &'d mut DocumentMut, key: &str) -> &'d mut Table {
    let item = doc.entry(key).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    if !item.is_table() {
        *item = Item::Table(Table::new());
    }
    item.as_table_mut().expect("just made a table")
}

fn const_item(v: ConstValue) -> Value {
    match v {
        ConstValue::Int(i) => Value::from(i),
        ConstValue::BigUnsigned(u) => Value::from(format!("{u:#x}")),
    }
}

fn parse_const(item: &Item) -> Option<ConstValue> {
    match item.as_value()? {
        Value::Integer(i) => Some(ConstValue::Int(*i.value())),
        Value::String(s) => {
            let s = s.value();
            let hex = s.strip_prefix("0x")?;
            u64::from_str_radix(hex, 16)
                .ok()
                .map(ConstValue::BigUnsigned)
        }
        _ => None,
    }
}

/// The value of `item` as written, without comments.
fn item_text(item: &Item) -> String {
    item.as_value().map_or_else(String::new, |v| {
        let mut v = v.clone();
        v.decor_mut().clear();
        v.to_string()
    })
}

/// Replaces the value of `item` keeping its comments (the value's decor).
fn set_value_keep_decor(item: &mut Item, mut new: Value) {
    if let Some(old) = item.as_value() {
        *new.decor_mut() = old.decor().clone();
    }
    *item = Item::Value(new);
}

fn merge_constants(doc: &mut DocumentMut, gen: &Generated, changes: &mut Vec<Change>) {
    let table = section(doc, "constants");
    table.set_implicit(false);
    let mut last_header: Option<&str> = None;
    for c in &gen.constants {
        match table.get_mut(&c.name) {
            Some(item) => {
                let old = parse_const(item);
                if old != Some(c.value) {
                    let was = old.map_or_else(|| item_text(item), |v| v.to_string());
                    set_value_keep_decor(item, const_item(c.value));
                    changes.push(Change::Changed(format!(
                        "constant {} = {} (was {was})",
                        c.name, c.value
                    )));
                }
            }
            None => {
                table.insert(&c.name, Item::Value(const_item(c.value)));
                if last_header != Some(c.header.as_str()) {
                    if let Some(mut key) = table.key_mut(&c.name) {
                        key.leaf_decor_mut()
                            .set_prefix(format!("\n# {}\n", c.header));
                    }
                }
                changes.push(Change::Added(format!("constant {} = {}", c.name, c.value)));
            }
        }
        last_header = Some(&c.header);
    }
    let stale: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| !gen.constants.iter().any(|c| c.name == *k))
        .collect();
    for k in stale {
        table.remove(&k);
        changes.push(Change::Removed(format!("constant {k}")));
    }
    // A user constant the headers now define: the headers' value wins; an equal one is moved.
    let Some(user) = doc
        .get_mut("user-constants")
        .and_then(Item::as_table_like_mut)
    else {
        return;
    };
    for c in &gen.constants {
        let Some(item) = user.get(&c.name) else {
            continue;
        };
        match parse_const(item) {
            Some(v) if v == c.value => {
                user.remove(&c.name);
                changes.push(Change::Removed(format!(
                    "user constant {} (the headers define it now, = {})",
                    c.name, c.value
                )));
            }
            other => changes.push(Change::Changed(format!(
                "user constant {} = {} but the headers define {} = {}: remove it from [user-constants]",
                c.name,
                other.map_or_else(|| item_text(item), |v| v.to_string()),
                c.name,
                c.value
            ))),
        }
    }
}

/// Names of the generated (header-carrying) tables in `section` that `keep` does not list.
fn stale_generated(table: &Table, keep: impl Fn(&str) -> bool) -> Vec<String> {
    table
        .iter()
        .filter(|(k, item)| !keep(k) && item.get("header").is_some())
        .map(|(k, _)| k.to_owned())
        .collect()
}

fn string_array(values: &[String], multiline: bool) -> Array {
    let mut a: Array = values.iter().map(String::as_str).collect();
    if multiline {
        for v in a.iter_mut() {
            v.decor_mut().set_prefix("\n  ");
        }
        a.set_trailing("\n");
        a.set_trailing_comma(true);
    }
    a
}

fn item_strings(item: Option<&Item>) -> Option<Vec<String>> {
    item?
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn merge_enums(doc: &mut DocumentMut, enums: &[GenEnum], changes: &mut Vec<Change>) {
    let table = section(doc, "enums");
    for e in enums {
        let multiline = e.values.len() > 4;
        match table.get_mut(&e.key).and_then(Item::as_table_mut) {
            Some(t) => {
                if item_strings(t.get("values")) != Some(e.values.clone()) {
                    t.insert(
                        "values",
                        Item::Value(string_array(&e.values, multiline).into()),
                    );
                    changes.push(Change::Changed(format!("enum {}", e.key)));
                }
                t.insert("header", Item::Value(e.header.as_str().into()));
            }
            None => {
                let mut t = Table::new();
                t.insert("header", Item::Value(e.header.as_str().into()));
                t.insert(
                    "values",
                    Item::Value(string_array(&e.values, multiline).into()),
                );
                table.insert(&e.key, Item::Table(t));
                changes.push(Change::Added(format!("enum {}", e.key)));
            }
        }
    }
    for k in stale_generated(table, |k| enums.iter().any(|e| e.key == k)) {
        table.remove(&k);
        changes.push(Change::Removed(format!("enum {k}")));
    }
}

fn field_value(f: &netlink_schema::Field) -> Value {
    let mut t = InlineTable::new();
    t.insert("name", f.name.as_str().into());
    t.insert("type", f.ty.as_str().into());
    t.insert("offset", (f.offset as i64).into());
    if let Some(c) = f.count {
        t.insert("count", (c as i64).into());
    }
    if let Some(b) = f.bits {
        t.insert("bits", i64::from(b).into());
    }
    if let Some(b) = f.bit_offset {
        t.insert("bit-offset", i64::from(b).into());
    }
    Value::InlineTable(t)
}

fn record_fields(r: &Record) -> Array {
    let mut a: Array = r.fields.iter().map(field_value).collect();
    for v in a.iter_mut() {
        v.decor_mut().set_prefix("\n  ");
    }
    if !r.fields.is_empty() {
        a.set_trailing("\n");
        a.set_trailing_comma(true);
    }
    a
}

/// The layout written in an existing table, if it reads as one. Only the generator's keys of
/// each member are read: a people's key the model does not know (a misspelt `offset`, say) or
/// cannot read stays in the file as an annotation, and must not make every later merge see
/// the layout as changed.
fn table_record(t: &Table) -> Option<Record> {
    let mut copy = Table::new();
    for key in ["size", "align", "header"] {
        if let Some(item) = t.get(key) {
            copy.insert(key, item.clone());
        }
    }
    if let Some(fields) = t.get("fields") {
        let fields = fields.as_array()?;
        let mut layout = Array::new();
        for v in fields.iter() {
            let mut member = v.as_inline_table()?.clone();
            member.retain(|k, _| MEMBER_KEYS.contains(&k));
            layout.push(member);
        }
        copy.insert("fields", Item::Value(layout.into()));
    }
    toml::from_str(&copy.to_string()).ok()
}

/// A member's keys that people wrote (`display-hint`, `family`, `doc`, ...), by member name.
fn member_annotations(t: &Table) -> Vec<(String, InlineTable)> {
    let Some(fields) = t.get("fields").and_then(Item::as_array) else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|v| {
            let f = v.as_inline_table()?;
            let name = f.get("name")?.as_str()?.to_owned();
            let mut kept = InlineTable::new();
            for (k, v) in f.iter().filter(|(k, _)| !MEMBER_KEYS.contains(k)) {
                kept.insert(k, v.clone());
            }
            (!kept.is_empty()).then_some((name, kept))
        })
        .collect()
}

/// The generated `fields` array with the people's keys of each member put back.
fn fields_with_annotations(rec: &Record, kept: &[(String, InlineTable)]) -> Array {
    let mut a = record_fields(rec);
    for v in a.iter_mut() {
        let Some(f) = v.as_inline_table_mut() else {
            continue;
        };
        let name = f.get("name").and_then(|n| n.as_str()).map(str::to_owned);
        if let Some((_, extra)) = kept.iter().find(|(n, _)| Some(n) == name.as_ref()) {
            for (k, v) in extra.iter() {
                f.insert(k, v.clone());
            }
        }
    }
    a
}

fn merge_records(
    doc: &mut DocumentMut,
    kind: &str,
    records: &[&GenRecord],
    changes: &mut Vec<Change>,
) {
    let singular = kind.trim_end_matches('s');
    let table = section(doc, kind);
    for r in records {
        let rec = &r.record;
        let header = rec.header.clone().unwrap_or_default();
        match table.get_mut(&r.name).and_then(Item::as_table_mut) {
            Some(t) => {
                let written = table_record(t).map(|mut w| {
                    w.fields = w
                        .fields
                        .iter()
                        .map(netlink_schema::Field::layout_only)
                        .collect();
                    w
                });
                if written.as_ref() != Some(rec) {
                    let kept = member_annotations(t);
                    for (member, extra) in &kept {
                        if !rec.fields.iter().any(|f| f.name == *member) {
                            changes.push(Change::Removed(format!(
                                "{singular} {}.{member} and its annotation {}",
                                r.name, extra
                            )));
                        }
                    }
                    t.insert("header", Item::Value(header.as_str().into()));
                    t.insert("size", Item::Value((rec.size as i64).into()));
                    t.insert("align", Item::Value((rec.align as i64).into()));
                    t.insert(
                        "fields",
                        Item::Value(fields_with_annotations(rec, &kept).into()),
                    );
                    changes.push(Change::Changed(format!(
                        "{singular} {} (size {})",
                        r.name, rec.size
                    )));
                }
            }
            None => {
                let mut t = Table::new();
                t.insert("header", Item::Value(header.as_str().into()));
                t.insert("size", Item::Value((rec.size as i64).into()));
                t.insert("align", Item::Value((rec.align as i64).into()));
                t.insert("fields", Item::Value(record_fields(rec).into()));
                table.insert(&r.name, Item::Table(t));
                changes.push(Change::Added(format!("{singular} {}", r.name)));
            }
        }
    }
    for k in stale_generated(table, |k| records.iter().any(|r| r.name == k)) {
        table.remove(&k);
        changes.push(Change::Removed(format!("{singular} {k}")));
    }
}

/// The type a fresh attribute gets: the generator only knows the unused zero slot
/// (`*_UNSPEC`, `*_NONE`, `*_UNUSED` = 0) and `*_PAD`.
fn initial_type(prefix: &str, name: &str, id: u16) -> &'static str {
    let zero_slot = ["_UNSPEC", "_NONE", "_UNUSED"]
        .iter()
        .any(|w| name.ends_with(w));
    match name.strip_prefix(prefix) {
        Some("UNSPEC") => "unused",
        _ if id == 0 && zero_slot => "unused",
        Some("PAD") => "pad",
        _ => "?",
    }
}

fn new_attribute(id: u16, ty: &str) -> Item {
    let mut t = InlineTable::new();
    t.insert("id", i64::from(id).into());
    t.insert("type", ty.into());
    Item::Value(Value::InlineTable(t))
}

/// The set tables of the document that name an enum: (set key, enum key, hand-written).
fn sets_naming_enums(table: &Table) -> Vec<(String, String, bool)> {
    table
        .iter()
        .filter_map(|(k, item)| {
            let e = item.get("enum")?.as_str()?;
            Some((k.to_owned(), e.to_owned(), item.get("header").is_none()))
        })
        .collect()
}

/// Where the generated set `s` goes: the set that names its enum (whatever its key), else the
/// table of its own key (unless that one names another enum), else a fresh key.
fn target_key(table: &Table, naming: &[(String, String, bool)], s: &GenSet) -> String {
    let claimed: Vec<&String> = naming
        .iter()
        .filter(|(_, e, _)| *e == s.c_enum)
        .map(|(k, _, _)| k)
        .collect();
    if let Some(k) = claimed.iter().find(|k| ***k == s.key).or(claimed.first()) {
        return (*k).clone();
    }
    let names_other = |k: &str| naming.iter().any(|(key, e, _)| key == k && *e != s.c_enum);
    if !names_other(&s.key) {
        return s.key.clone();
    }
    let taken = |k: &str| table.contains_key(k) || naming.iter().any(|(key, _, _)| key == k);
    let base = format!("{}_{}", s.key, s.c_enum);
    [s.c_enum.clone(), base.clone()]
        .into_iter()
        .chain((2..).map(|n| format!("{base}_{n}")))
        .find(|k| !taken(k))
        .expect("an unbounded run of keys has a free one")
}

fn merge_sets(doc: &mut DocumentMut, gen: &Generated, changes: &mut Vec<Change>) {
    let table = section(doc, "attribute-sets");
    let mut naming = sets_naming_enums(table);
    let mut merged: Vec<String> = Vec::new();
    // Where two enums' sets come out with one key, the enum of that very name takes it; the
    // other goes last and finds a fresh key.
    let mut order: Vec<&GenSet> = gen.attribute_sets.iter().collect();
    order.sort_by_key(|s| {
        s.c_enum != s.key
            && gen
                .attribute_sets
                .iter()
                .any(|o| o.key == s.key && o.c_enum == o.key)
    });
    for s in order {
        let key = target_key(table, &naming, s);
        let hand_written = naming.iter().any(|(k, _, hand)| *k == key && *hand);
        refresh_set(table, &key, s, hand_written, changes);
        // The set now names this enum: a later generated set with the same key (two enums
        // whose names make one key) must look elsewhere, as it will on the next merge.
        if !hand_written {
            naming.retain(|(k, _, _)| *k != key);
            naming.push((key.clone(), s.c_enum.clone(), false));
        }
        merged.push(key);
    }
    // Hand-written sets that name an enum the generator did not take for an attribute space:
    // naming it is marking it.
    for (key, e, hand_written) in &naming {
        if merged.contains(key) || !hand_written {
            continue;
        }
        match gen.enums.iter().find(|g| g.key == *e) {
            Some(en) => {
                let prefix = table
                    .get(key)
                    .and_then(|t| t.get("prefix"))
                    .and_then(Item::as_str)
                    .map_or_else(|| en.prefix.clone(), str::to_owned);
                let s = GenSet {
                    key: key.clone(),
                    prefix,
                    c_enum: en.key.clone(),
                    header: en.header.clone(),
                    attributes: en.attributes.clone(),
                };
                refresh_set(table, key, &s, true, changes);
                merged.push(key.clone());
            }
            None if !gen.enums.is_empty() => changes.push(Change::Unsettled(format!(
                "attribute set {key} names enum {e}, which the headers do not have"
            ))),
            None => {}
        }
    }
    for k in stale_generated(table, |k| merged.iter().any(|m| m == k)) {
        table.remove(&k);
        changes.push(Change::Removed(format!("attribute set {k}")));
    }
}

/// Brings set `key` in line with `s`: ids, new attributes as `"?"`, attributes gone removed.
/// A hand-written set keeps its own `prefix` and gets no `header`.
fn refresh_set(
    table: &mut Table,
    key: &str,
    s: &GenSet,
    hand_written: bool,
    changes: &mut Vec<Change>,
) {
    let set = match table.get_mut(key).and_then(Item::as_table_mut) {
        Some(t) => t,
        None => {
            let t = Table::new();
            table.insert(key, Item::Table(t));
            changes.push(Change::Added(format!(
                "attribute set {key} ({} attributes)",
                s.attributes.len()
            )));
            table
                .get_mut(key)
                .and_then(Item::as_table_mut)
                .expect("just inserted")
        }
    };
    if !hand_written {
        for (k, value) in [
            ("prefix", &s.prefix),
            ("enum", &s.c_enum),
            ("header", &s.header),
        ] {
            if set.get(k).and_then(Item::as_str) != Some(value.as_str()) {
                set.insert(k, Item::Value(value.as_str().into()));
            }
        }
    }
    let prefix = set
        .get("prefix")
        .and_then(Item::as_str)
        .unwrap_or(&s.prefix)
        .to_owned();
    let attrs = set
        .entry("attributes")
        .or_insert_with(|| Item::Table(Table::new()));
    let Some(attrs) = attrs.as_table_like_mut() else {
        return;
    };
    for (name, id) in &s.attributes {
        match attrs.get_mut(name) {
            Some(item) => {
                let Some(entry) = item.as_table_like_mut() else {
                    continue;
                };
                let old = entry.get("id").and_then(Item::as_integer);
                if old != Some(i64::from(*id)) {
                    match entry.get_mut("id") {
                        Some(slot) => set_value_keep_decor(slot, i64::from(*id).into()),
                        None => {
                            entry.insert("id", Item::Value(i64::from(*id).into()));
                        }
                    }
                    changes.push(Change::Changed(format!(
                        "attribute {key}.{name} id {id} (was {})",
                        old.map_or("none".into(), |o| o.to_string())
                    )));
                }
            }
            None => {
                attrs.insert(name, new_attribute(*id, initial_type(&prefix, name, *id)));
                changes.push(Change::Added(format!("attribute {key}.{name} = {id}")));
            }
        }
    }
    let stale: Vec<String> = attrs
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| !s.attributes.iter().any(|(n, _)| n == k))
        .collect();
    for k in stale {
        let ty = attrs
            .get(&k)
            .and_then(|i| i.get("type"))
            .and_then(Item::as_str)
            .unwrap_or("?")
            .to_owned();
        attrs.remove(&k);
        changes.push(Change::Removed(format!("attribute {key}.{k} (type {ty})")));
    }
}
