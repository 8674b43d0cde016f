//! The import itself: a spec's annotations written into a schema document, checked against
//! what the headers put there.
//!
//! Spec items are found in the schema by their C names ([`super::names`]): a spec attribute set
//! maps to the schema set holding most of its attributes' C names; when none does (nfnetlink's
//! specs give no `name-prefix` and their headers predate YNL), to the set whose `prefix` plus
//! the upper-cased spec name gives attributes of the same ids ("suffix matching"). Enums map to
//! the `[enums]` entry holding their entries' C names, structs by name, operations to message
//! type constants by name or, failing that, by value within the enum that holds the most of them.
//!
//! What a person wrote wins: a key already in the schema is never changed unless `overwrite`
//! is set; a differing value is listed as a [`Kind::Conflict`]. Importing twice changes
//! nothing. Where the schema has no headers (it was written by hand, as netdev.toml), the spec
//! alone supplies ids and constants.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use netlink_schema::{AttrType, Attribute, FieldType, Record, Schema};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::names::c_lower;
use super::names::c_upper;
use super::spec::{Attr, AttrSet, DefKind, Definition, Len, Op, OpMsg, Protocol, Spec};
use super::yaml::Pos;

/// How to import.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Replace annotations that differ from the spec instead of listing them as conflicts.
    pub overwrite: bool,
}

impl Options {
    /// Options that replace differing annotations (`--overwrite`).
    pub fn overwrite() -> Self {
        Options { overwrite: true }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// The spec and the header give one attribute (or enum entry, operation, group) different ids.
    IdMismatch,
    /// A struct whose spec members disagree with the compiler's layout.
    StructLayout,
    /// A type the spec gives that the header contradicts (a struct of another size, ...).
    TypeMismatch,
    /// A hand annotation that differs from the spec (kept unless `--overwrite`).
    Conflict,
    /// A hand annotation that differs from the spec and says so (`differs-from-spec`).
    Acknowledged,
    /// An annotation replaced by the spec's (`--overwrite`).
    Overwritten,
    /// In the spec, not in the header (a newer kernel).
    SpecOnly,
    /// In the header, not in the spec.
    HeaderOnly,
    /// The schema knows more than the spec (a struct, enum, nest the spec does not name).
    SchemaExtra,
    /// Something the import could not map (and left alone).
    Unmapped,
    /// The schema has no headers: ids and constants come from the spec alone.
    SpecIds,
}

impl Kind {
    /// Whether `--check` counts it: the schema and the spec disagree.
    pub fn disagrees(self) -> bool {
        matches!(
            self,
            Kind::IdMismatch | Kind::StructLayout | Kind::TypeMismatch | Kind::Conflict
        )
    }

    /// The word printed before the finding.
    pub fn label(self) -> &'static str {
        match self {
            Kind::IdMismatch => "id-mismatch",
            Kind::StructLayout => "struct-layout",
            Kind::TypeMismatch => "type-mismatch",
            Kind::Conflict => "conflict",
            Kind::Acknowledged => "differs-from-spec",
            Kind::Overwritten => "overwritten",
            Kind::SpecOnly => "spec-only",
            Kind::HeaderOnly => "header-only",
            Kind::SchemaExtra => "schema-extra",
            Kind::Unmapped => "unmapped",
            Kind::SpecIds => "spec-ids",
        }
    }
}

/// One thing the import noticed, with the line of each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind.
    pub kind: Kind,
    /// Line in the spec (0: none).
    pub spec_line: usize,
    /// The spec item (`link-attrs.wireless`).
    pub spec_item: String,
    /// Line in the schema (0: none).
    pub schema_line: usize,
    /// The schema item (`ifla.IFLA_WIRELESS`).
    pub schema_item: String,
    /// What.
    pub message: String,
}

/// A finding with the file names it refers to, for printing.
pub struct Located<'a> {
    finding: &'a Finding,
    spec: &'a str,
    schema: &'a str,
}

impl Finding {
    /// Displays the finding as `kind: spec:line: item; schema:line: item: message`.
    pub fn located<'a>(&'a self, spec: &'a str, schema: &'a str) -> Located<'a> {
        Located {
            finding: self,
            spec,
            schema,
        }
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.finding;
        write!(f, "{}: ", x.kind.label())?;
        if !x.spec_item.is_empty() {
            write!(f, "{}:{}: {}", self.spec, x.spec_line, x.spec_item)?;
        }
        if !x.schema_item.is_empty() {
            if !x.spec_item.is_empty() {
                f.write_str("; ")?;
            }
            if x.schema_line > 0 {
                write!(f, "{}:{}: ", self.schema, x.schema_line)?;
            } else {
                write!(f, "{}: ", self.schema)?;
            }
            f.write_str(&x.schema_item)?;
        }
        write!(f, ": {}", x.message)
    }
}

/// Counts of an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Attributes in the schema after the import.
    pub attributes: usize,
    /// Of those, annotated (type other than `"?"`).
    pub annotated: usize,
    /// Attributes whose type this import filled in (was `"?"` or new).
    pub typed_now: usize,
    /// Keys added or replaced on attributes.
    pub keys_written: usize,
    /// Spec attributes found in the schema.
    pub matched: usize,
    /// Spec attributes with a type the schema still has as `"?"` (0 after a clean import).
    pub spec_typed_left: usize,
    /// `[messages]` entries written or completed.
    pub messages: usize,
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The new schema text.
    pub text: String,
    /// Whether it differs from the input.
    pub changed: bool,
    /// What was noticed, in spec order.
    pub findings: Vec<Finding>,
    /// Counts.
    pub stats: Stats,
    /// Warnings of the spec reader (keys of another flavour, unknown keys) as `line:col: text`.
    pub spec_warnings: Vec<String>,
    /// Whether the schema records no headers (the spec alone supplied ids).
    pub spec_only: bool,
}

impl Imported {
    /// Whether `--check` fails: the import would change the file, or a finding disagrees.
    pub fn disagrees(&self) -> bool {
        self.changed || self.findings.iter().any(|f| f.kind.disagrees())
    }
}

/// Why an import could not run.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The spec is not valid YAML or not a valid spec.
    #[error("{path}:{line}:{column}: {message}")]
    Spec {
        /// The spec file as named by the caller.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What.
        message: String,
    },
    /// The schema is not a valid schema file.
    #[error("{0}")]
    Schema(String),
}

/// Reads spec text into a [`Spec`]: the pure "spec text -> result" step a fuzz target calls.
pub fn parse_spec(text: &str, path: &str) -> Result<Spec, ImportError> {
    Spec::parse(text).map_err(|e| ImportError::Spec {
        path: path.to_owned(),
        line: e.pos.line,
        column: e.pos.column,
        message: e.message,
    })
}

/// Imports spec text into schema text. Pure: no file is read or written; `spec_path` and
/// `schema_path` only name the inputs in messages.
pub fn import(
    spec_text: &str,
    spec_path: &str,
    schema_text: &str,
    schema_path: &str,
    options: &Options,
) -> Result<Imported, ImportError> {
    let spec = parse_spec(spec_text, spec_path)?;
    import_spec(&spec, schema_text, schema_path, options)
}

/// Imports a parsed spec into schema text (see [`import`]).
pub fn import_spec(
    spec: &Spec,
    schema_text: &str,
    schema_path: &str,
    options: &Options,
) -> Result<Imported, ImportError> {
    let schema = Schema::parse(schema_text.to_owned(), schema_path)
        .map_err(|e| ImportError::Schema(e.to_string()))?;
    let doc = crate::schema_file::parse_document(schema_text, std::path::Path::new(schema_path))
        .map_err(|e| ImportError::Schema(e.to_string()))?;
    let mut imp = Importer {
        spec,
        schema: &schema,
        doc,
        options,
        findings: Vec::new(),
        stats: Stats::default(),
        spec_only: schema.schema.headers.is_empty(),
        set_map: HashMap::new(),
        suffix_sets: HashSet::new(),
        suffix_mode: false,
        enum_map: HashMap::new(),
        enum_entries: HashMap::new(),
        sub_map: HashMap::new(),
        new_constants: BTreeMap::new(),
        created_sets: HashMap::new(),
        matched_attrs: HashSet::new(),
    };
    imp.run();
    let text = imp.doc.to_string();
    let mut stats = imp.stats;
    if let Ok(after) = Schema::parse(text.clone(), schema_path) {
        stats.attributes = 0;
        stats.annotated = 0;
        for set in after.attribute_sets.values() {
            for a in set.get_ref().attributes.values() {
                stats.attributes += 1;
                if a.get_ref().ty != AttrType::Unannotated {
                    stats.annotated += 1;
                }
            }
        }
    }
    Ok(Imported {
        changed: text != schema_text,
        text,
        findings: imp.findings,
        stats,
        spec_warnings: spec.warnings.iter().map(|w| w.to_string()).collect(),
        spec_only: imp.spec_only,
    })
}

struct Importer<'a> {
    spec: &'a Spec,
    schema: &'a Schema,
    doc: DocumentMut,
    options: &'a Options,
    findings: Vec<Finding>,
    stats: Stats,
    spec_only: bool,
    /// Spec set name -> schema set key.
    set_map: HashMap<String, String>,
    /// Spec sets mapped by suffix (their C names are the schema prefix + the spec name).
    suffix_sets: HashSet<String>,
    /// No spec attribute has its rule-made C name in the schema: match by suffix.
    suffix_mode: bool,
    /// Spec enum name -> schema enum key.
    enum_map: HashMap<String, String>,
    /// Spec enum name -> (entry name -> the schema constant it is), for the entries the
    /// schema has: what a sub-message format chosen by an integer selector is called.
    enum_entries: HashMap<String, HashMap<String, String>>,
    /// Spec sub-message name -> schema sub-message key.
    sub_map: HashMap<String, String>,
    /// Constants the spec supplies (schemas without headers).
    new_constants: BTreeMap<String, i64>,
    /// Sets made by this import: key -> (prefix, attribute names).
    created_sets: HashMap<String, String>,
    /// (schema set, attribute) pairs some spec attribute maps to.
    matched_attrs: HashSet<(String, String)>,
}

/// The schema line of a spanned item.
fn line_of<T>(schema: &Schema, s: &toml::Spanned<T>) -> usize {
    schema
        .source
        .as_ref()
        .map_or(0, |src| src.line_of(s.span().start))
}

/// An attribute's annotation as the importer writes it: ordered keys.
type Annotation = Vec<(&'static str, Value)>;

fn str_array(items: &[String]) -> Value {
    let mut a: Array = items.iter().map(String::as_str).collect();
    if items.len() > 4 {
        for v in a.iter_mut() {
            v.decor_mut().set_prefix("\n  ");
        }
        a.set_trailing("\n");
        a.set_trailing_comma(true);
    }
    Value::Array(a)
}

/// The value as written, without decor.
fn bare(v: &Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    match &mut v {
        Value::Array(a) => {
            for item in a.iter_mut() {
                item.decor_mut().clear();
            }
            a.set_trailing("");
            a.set_trailing_comma(false);
        }
        Value::InlineTable(t) => {
            t.fmt();
        }
        _ => {}
    }
    v.to_string().trim().to_owned()
}

/// Whether two values mean the same.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => bare(a) == bare(b),
    }
}

/// Whether a sub-message format of the schema (`old`) differs from the spec's (`want`) only in
/// keys its `differs-from-spec` names.
fn format_differs_acknowledged(old: &Value, want: &Value) -> bool {
    let (Some(old), Some(want)) = (old.as_inline_table(), want.as_inline_table()) else {
        return false;
    };
    let acknowledged: Vec<&str> = old
        .get("differs-from-spec")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if acknowledged.is_empty() {
        return false;
    }
    let keys = old
        .iter()
        .map(|(k, _)| k)
        .chain(want.iter().map(|(k, _)| k));
    keys.filter(|k| *k != "differs-from-spec").all(|k| {
        acknowledged.contains(&k)
            || match (old.get(k), want.get(k)) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            }
    })
}

const NESTS: [&str; 3] = ["nest", "indexed-array", "nest-type-value"];

impl Importer<'_> {
    fn note(
        &mut self,
        kind: Kind,
        spec: (Pos, String),
        schema: (usize, String),
        message: impl Into<String>,
    ) {
        self.findings.push(Finding {
            kind,
            spec_line: spec.0.line,
            spec_item: spec.1,
            schema_line: schema.0,
            schema_item: schema.1,
            message: message.into(),
        });
    }

    fn run(&mut self) {
        if self.spec_only {
            self.note(
                Kind::SpecIds,
                (Pos::default(), String::new()),
                (0, "[schema]".into()),
                format!(
                    "the schema lists no headers ({} is not among them): attribute ids, commands \
                     and enum values come from the spec alone",
                    self.spec.header()
                ),
            );
        }
        self.map_sets();
        self.import_enums();
        self.check_structs();
        self.map_sub_messages();
        self.import_attributes();
        self.report_header_only();
        self.import_sub_messages();
        self.import_groups();
        self.spec_op_constants();
        self.import_operations();
        self.write_constants();
    }

    // ---------------------------------------------------------------------------------------
    // Attribute sets.

    /// The schema set and attribute a spec attribute maps to.
    fn schema_attr_name(&self, set: &AttrSet, attr: &Attr) -> Option<(String, String)> {
        let real = self.real_set(set);
        let key = self.set_map.get(&real.name)?;
        let name = if self.suffix_sets.contains(&real.name) {
            match self.schema.attribute_set(key) {
                Some(s) => suffix_name(s, &attr.name, None)
                    .unwrap_or_else(|| format!("{}{}", s.prefix, c_upper(&attr.name))),
                None => format!("{}{}", self.set_prefix_of(key)?, c_upper(&attr.name)),
            }
        } else {
            self.spec.attr_c_name(real, &attr.name)
        };
        // An alias the generator left out (`IFLA_TARGET_NETNSID = IFLA_IF_NETNSID`): the
        // attribute that has its value.
        if let Some(s) = self.schema.attribute_set(key) {
            if !s.attributes.contains_key(&name) {
                let v = self.schema.constant(&name).map(|c| c.as_i128());
                if let Some((n, _)) = s.attributes.iter().find(|(_, a)| {
                    Some(i128::from(a.get_ref().id)) == v && v == Some(i128::from(attr.value))
                }) {
                    return Some((key.clone(), n.clone()));
                }
            }
        }
        Some((key.clone(), name))
    }

    fn set_prefix_of(&self, key: &str) -> Option<String> {
        self.schema
            .attribute_set(key)
            .map(|s| s.prefix.clone())
            .or_else(|| self.created_sets.get(key).cloned())
    }

    fn real_set<'s>(&'s self, set: &'s AttrSet) -> &'s AttrSet {
        let mut s = set;
        for _ in 0..16 {
            match s.subset_of.as_deref().and_then(|p| self.spec.set(p)) {
                Some(p) if p.name != s.name => s = p,
                _ => break,
            }
        }
        s
    }

    fn map_sets(&mut self) {
        let spec = self.spec;
        let schema = self.schema;
        // Suffix matching is for families whose headers predate their spec: not one attribute
        // of the spec has its rule-made C name in the schema.
        let rule_works = spec.attribute_sets.iter().any(|set| {
            let real = self.real_set(set);
            set.attributes.iter().any(|a| {
                let c = spec.attr_c_name(real, &a.name);
                schema.constants.contains_key(&c)
                    || schema
                        .attribute_sets
                        .values()
                        .any(|s| s.get_ref().attributes.contains_key(&c))
            })
        });
        self.suffix_mode = !rule_works && !self.spec_only;
        let mut unmapped = Vec::new();
        for set in spec.attribute_sets.iter().filter(|s| s.subset_of.is_none()) {
            if set.attributes.is_empty() {
                continue;
            }
            // By C name: the schema set holding most of them (ties: the one with the prefix).
            let prefix = spec.set_prefix(set);
            let mut best: Option<(usize, bool, &str)> = None;
            for (key, s) in &schema.attribute_sets {
                let s = s.get_ref();
                let hits = set
                    .attributes
                    .iter()
                    .filter(|a| s.attributes.contains_key(&spec.attr_c_name(set, &a.name)))
                    .count();
                let pfx = s.prefix == prefix;
                if hits > 0 && best.is_none_or(|(h, p, _)| (hits, pfx) > (h, p)) {
                    best = Some((hits, pfx, key));
                }
            }
            if let Some((_, _, key)) = best {
                self.set_map.insert(set.name.clone(), key.to_owned());
                continue;
            }
            unmapped.push(set);
        }
        for set in unmapped {
            // By suffix: prefix + SPEC_NAME (nfnetlink's NFTA_*, CTA_*).
            if !self.suffix_mode || set.name_prefix.is_some() {
                self.create_set(set);
                continue;
            }
            let mut best: Option<(usize, usize, &str)> = None;
            for (key, s) in &schema.attribute_sets {
                let s = s.get_ref();
                let hits = set
                    .attributes
                    .iter()
                    .filter(|a| suffix_name(s, &a.name, None).is_some())
                    .count();
                let size = s.attributes.len();
                if enough(hits, set.attributes.len())
                    && best.is_none_or(|(h, sz, _)| hits > h || (hits == h && size < sz))
                {
                    best = Some((hits, size, key));
                }
            }
            if let Some((_, _, key)) = best {
                self.set_map.insert(set.name.clone(), key.to_owned());
                self.suffix_sets.insert(set.name.clone());
                continue;
            }
            self.create_set(set);
        }
        for set in spec.attribute_sets.iter().filter(|s| s.subset_of.is_some()) {
            let real = self.real_set(set).name.clone();
            if let Some(k) = self.set_map.get(&real).cloned() {
                self.set_map.insert(set.name.clone(), k);
                if self.suffix_sets.contains(&real) {
                    self.suffix_sets.insert(set.name.clone());
                }
            }
        }
    }

    /// Makes a hand-written set (no `header` key) for a spec set the headers do not have as
    /// a set: when the schema has no headers, or when `[constants]` holds its attributes (an
    /// enum the generator did not recognise as an attribute space).
    fn create_set(&mut self, set: &AttrSet) {
        let spec = self.spec;
        let mut prefix = spec.set_prefix(set);
        let by_rule = set.attributes.iter().any(|a| {
            self.schema
                .constants
                .contains_key(&spec.attr_c_name(set, &a.name))
        });
        let mut by_suffix = false;
        if !by_rule && set.name_prefix.is_none() && self.suffix_mode {
            // An enum the generator did not take for a set, in a header that predates the
            // spec: the prefix that gives most attributes their id.
            if let Some(p) = self.suffix_prefix(
                set.attributes
                    .iter()
                    .map(|a| (c_upper(&a.name), i128::from(a.value))),
            ) {
                prefix = p;
                by_suffix = true;
            }
        }
        let mut attrs: Vec<(String, i64, bool)> = Vec::new();
        let mut confirmed = 0;
        for a in &set.attributes {
            let name = if by_suffix {
                format!("{prefix}{}", c_upper(&a.name))
            } else {
                spec.attr_c_name(set, &a.name)
            };
            match self.schema.constant(&name) {
                Some(v) if v.as_i128() == i128::from(a.value) => {
                    confirmed += 1;
                    attrs.push((name, a.value, true));
                }
                Some(v) => {
                    self.note(
                        Kind::IdMismatch,
                        (a.pos, format!("{}.{}", set.name, a.name)),
                        (0, format!("[constants] {name}")),
                        format!("the spec gives id {}, the header {v}", a.value),
                    );
                }
                None => attrs.push((name, a.value, false)),
            }
        }
        if !self.spec_only && confirmed == 0 {
            self.note(
                Kind::SpecOnly,
                (set.pos, set.name.clone()),
                (0, String::new()),
                format!(
                    "no attribute of the set ({prefix}*) is in the schema's headers: set not imported"
                ),
            );
            return;
        }
        let base = c_lower(prefix.trim_end_matches('_'));
        let mut key = base.clone();
        let mut n = 2;
        while self.schema.attribute_sets.contains_key(&key) || self.created_sets.contains_key(&key)
        {
            key = format!("{base}_{n}");
            n += 1;
        }
        let mut t = Table::new();
        t.insert("prefix", Item::Value(prefix.as_str().into()));
        let doc = match &set.doc {
            Some(d) => d.clone(),
            None if self.spec_only => format!("attribute set {} of the {} YNL spec", set.name, spec.name),
            None => format!(
                "attribute set {} of the {} YNL spec (the headers' enum is not recognised as an attribute space)",
                set.name, spec.name
            ),
        };
        t.insert("doc", Item::Value(doc.as_str().into()));
        let mut at = Table::new();
        for (name, id, have) in &attrs {
            if !have && !self.spec_only {
                let a = set.attributes.iter().find(|a| {
                    spec.attr_c_name(set, &a.name) == *name
                        || format!("{prefix}{}", c_upper(&a.name)) == *name
                });
                if let Some(a) = a {
                    self.note(
                        Kind::SpecOnly,
                        (a.pos, format!("{}.{}", set.name, a.name)),
                        (0, String::new()),
                        format!("{name} (id {id}) is not in the schema's headers"),
                    );
                }
                continue;
            }
            let mut it = InlineTable::new();
            it.insert("id", (*id).into());
            it.insert("type", "?".into());
            at.insert(name, Item::Value(Value::InlineTable(it)));
        }
        t.insert("attributes", Item::Table(at));
        let sets = section(&mut self.doc, "attribute-sets");
        sets.insert(&key, Item::Table(t));
        self.created_sets.insert(key.clone(), prefix);
        self.set_map.insert(set.name.clone(), key.clone());
        if by_suffix {
            self.suffix_sets.insert(set.name.clone());
        }
        self.note(
            Kind::SpecIds,
            (set.pos, set.name.clone()),
            (0, format!("attribute-sets.{key}")),
            "set created from the spec (ids from the spec)",
        );
    }

    /// The existing annotation of a schema attribute in the document, if any.
    fn doc_attr(&mut self, set_key: &str, attr: &str) -> Option<&mut InlineTable> {
        self.doc
            .get_mut("attribute-sets")?
            .get_mut(set_key)?
            .get_mut("attributes")?
            .get_mut(attr)?
            .as_inline_table_mut()
    }

    fn import_attributes(&mut self) {
        let spec = self.spec;
        // Sets first, their subsets after (a subset only adds what its parent left out).
        let order: Vec<&AttrSet> = spec
            .attribute_sets
            .iter()
            .filter(|s| s.subset_of.is_none())
            .chain(spec.attribute_sets.iter().filter(|s| s.subset_of.is_some()))
            .collect();
        for set in order {
            for attr in &set.attributes {
                self.import_attribute(set, attr);
            }
        }
    }

    fn import_attribute(&mut self, set: &AttrSet, attr: &Attr) {
        let spec_item = format!("{}.{}", set.name, attr.name);
        let Some((key, name)) = self.schema_attr_name(set, attr) else {
            return;
        };
        let schema = self.schema;
        let existing = schema
            .attribute_set(&key)
            .and_then(|s| s.attributes.get(&name));
        let created = self.created_sets.contains_key(&key);
        let line = existing.map_or(0, |e| line_of(schema, e));
        let schema_item = format!("{key}.{name}");
        match existing {
            Some(e) if i64::from(e.get_ref().id) != attr.value => {
                let acknowledged = e.get_ref().differs_from_spec.iter().any(|k| k == "id");
                self.note(
                    if acknowledged {
                        Kind::Acknowledged
                    } else {
                        Kind::IdMismatch
                    },
                    (attr.pos, spec_item),
                    (line, schema_item),
                    format!(
                        "the spec gives id {}, the schema {} (not annotated)",
                        attr.value,
                        e.get_ref().id
                    ),
                );
                return;
            }
            Some(_) => {}
            None if created => {}
            None => {
                if self.add_spec_attribute(&key, &name, attr) {
                    return self.import_attribute(set, attr);
                }
                if set.subset_of.is_none() {
                    self.note(
                        Kind::SpecOnly,
                        (attr.pos, spec_item),
                        (0, format!("{key}.{name}")),
                        format!("id {} is not in the schema's headers", attr.value),
                    );
                }
                return;
            }
        }
        if self.doc_attr(&key, &name).is_none() {
            return;
        }
        if set.subset_of.is_none() {
            self.stats.matched += 1;
        }
        self.matched_attrs.insert((key.clone(), name.clone()));
        let unannotated = self
            .doc_attr(&key, &name)
            .and_then(|t| t.get("type").and_then(Value::as_str).map(|t| t == "?"))
            .unwrap_or(true);
        let want = self.annotation(set, attr, (line, &schema_item), unannotated);
        let acknowledged: Vec<String> = existing
            .map(|e| e.get_ref().differs_from_spec.clone())
            .unwrap_or_default();
        self.apply(
            &key,
            &name,
            want,
            &acknowledged,
            (attr.pos, &spec_item),
            (line, &schema_item),
        );
        if let Some(e) = existing {
            self.report_extra(
                e.get_ref(),
                attr,
                (attr.pos, &spec_item),
                (line, &schema_item),
            );
        }
        let now = self
            .doc_attr(&key, &name)
            .and_then(|t| t.get("type").and_then(|v| v.as_str()).map(str::to_owned));
        if now.as_deref() == Some("?") && set.subset_of.is_none() {
            self.stats.spec_typed_left += 1;
        }
    }

    /// Adds an attribute the spec has to a hand-written set: when the schema has no headers,
    /// or `[constants]` confirms its id.
    fn add_spec_attribute(&mut self, key: &str, name: &str, attr: &Attr) -> bool {
        let generated = self
            .schema
            .attribute_sets
            .get(key)
            .is_some_and(|s| s.get_ref().header.is_some());
        if generated {
            return false;
        }
        let confirmed = self
            .schema
            .constant(name)
            .is_some_and(|v| v.as_i128() == i128::from(attr.value));
        if !(self.spec_only || confirmed) {
            return false;
        }
        let Some(attrs) = self
            .doc
            .get_mut("attribute-sets")
            .and_then(|s| s.get_mut(key))
            .and_then(|s| s.get_mut("attributes"))
            .and_then(Item::as_table_like_mut)
        else {
            return false;
        };
        if attrs.contains_key(name) {
            return false;
        }
        let mut it = InlineTable::new();
        it.insert("id", attr.value.into());
        it.insert("type", "?".into());
        attrs.insert(name, Item::Value(Value::InlineTable(it)));
        self.created_sets.entry(key.to_owned()).or_insert_with(|| {
            self.schema
                .attribute_set(key)
                .map(|s| s.prefix.clone())
                .unwrap_or_default()
        });
        true
    }

    /// What the spec says about an attribute, in schema keys (references mapped).
    fn annotation(
        &mut self,
        set: &AttrSet,
        attr: &Attr,
        at: (usize, &str),
        unannotated: bool,
    ) -> Annotation {
        let spec = self.spec;
        let spec_item = format!("{}.{}", set.name, attr.name);
        let mut out: Annotation = Vec::new();
        let mut ty_ok = true;
        let mut deps: Annotation = Vec::new();
        if let Some(n) = &attr.nested {
            match self.set_map.get(n) {
                Some(k) => deps.push(("nested-attributes", k.as_str().into())),
                None => {
                    self.note(
                        Kind::Unmapped,
                        (attr.pos, spec_item.clone()),
                        (at.0, at.1.to_owned()),
                        format!("nested-attributes {n} is not in the schema"),
                    );
                    if NESTS.contains(&attr.ty.as_str()) {
                        ty_ok = false;
                    }
                }
            }
        }
        if let Some(s) = &attr.struct_name {
            let c = spec.struct_c_name(s);
            if let Some(rec) = self.schema.record(&c) {
                deps.push(("struct", c.as_str().into()));
                // The payload the spec expects against the struct the header declares.
                let spec_size = spec
                    .definition(s)
                    .and_then(|d| spec_layout(spec, d, 0))
                    .map(|l| l.size);
                let acknowledged = rec.differs_from_spec.iter().any(|k| k == "layout");
                if let (Some(n), false) = (spec_size, acknowledged) {
                    if n != rec.size {
                        self.note(
                            Kind::TypeMismatch,
                            (attr.pos, spec_item.clone()),
                            (at.0, at.1.to_owned()),
                            format!(
                                "a struct {s} of {n} bytes in the spec, struct {c} of {} in the header",
                                rec.size
                            ),
                        );
                    }
                }
            } else {
                self.note(
                    Kind::Unmapped,
                    (attr.pos, spec_item.clone()),
                    (at.0, at.1.to_owned()),
                    format!("struct {c} is not in the schema"),
                );
            }
        }
        if let Some(m) = &attr.sub_message {
            let sel = attr.selector.as_deref().and_then(|sel| {
                let real = self.real_set(set);
                real.attr(sel).and_then(|a| self.schema_attr_name(real, a))
            });
            match (self.sub_map.get(m), sel) {
                (Some(k), Some((_, sel))) => {
                    deps.push(("sub-message", k.as_str().into()));
                    deps.push(("selector", sel.as_str().into()));
                }
                _ => {
                    self.note(
                        Kind::Unmapped,
                        (attr.pos, spec_item.clone()),
                        (at.0, at.1.to_owned()),
                        format!(
                            "sub-message {m} with selector {} cannot be mapped",
                            attr.selector.as_deref().unwrap_or("?")
                        ),
                    );
                    ty_ok = false;
                }
            }
        }
        if ty_ok {
            out.push(("type", attr.ty.as_str().into()));
            out.extend(deps);
            if let Some(st) = &attr.sub_type {
                out.push(("sub-type", st.as_str().into()));
            }
        } else if unannotated {
            // What the payload holds is not in this schema: raw bytes, and said so.
            let what = match (&attr.nested, &attr.sub_message) {
                (_, Some(m)) => format!(
                    "sub-message {m} (selector {})",
                    attr.selector.as_deref().unwrap_or("?")
                ),
                (Some(n), None) => format!("{} of set {n}", attr.ty),
                (None, None) => attr.ty.clone(),
            };
            out.push(("type", "binary".into()));
            out.push(("differs-from-spec", str_array(&["type".to_owned()])));
            let doc = format!(
                "the spec says {what}, which this schema cannot hold: kept as bytes{}",
                attr.doc
                    .as_deref()
                    .map(|d| format!("; {d}"))
                    .unwrap_or_default()
            );
            out.push(("doc", doc.as_str().into()));
        }
        if attr.multi_attr {
            out.push(("multi-attr", true.into()));
        }
        if let Some(b) = &attr.byte_order {
            out.push(("byte-order", b.as_str().into()));
        }
        if let Some(h) = &attr.display_hint {
            match h.as_str() {
                "ipv4" | "ipv6" | "mac" | "hex" | "uuid" => {
                    out.push(("display-hint", h.as_str().into()))
                }
                "ipv4-or-v6" => out.push(("display-hint", "ip".into())),
                other => self.note(
                    Kind::Unmapped,
                    (attr.pos, spec_item.clone()),
                    (at.0, at.1.to_owned()),
                    format!("display-hint {other} has no schema equivalent"),
                ),
            }
        }
        if let Some(e) = &attr.enum_name {
            match self.enum_map.get(e) {
                Some(k) => out.push(("enum", k.as_str().into())),
                None => self.note(
                    Kind::Unmapped,
                    (attr.pos, spec_item.clone()),
                    (at.0, at.1.to_owned()),
                    format!("enum {e} is not in the schema"),
                ),
            }
        }
        let mut checks = InlineTable::new();
        for (k, l) in [
            ("min-len", &attr.checks.min_len),
            ("max-len", &attr.checks.max_len),
            ("exact-len", &attr.checks.exact_len),
        ] {
            if let Some(l) = l {
                match self.len_value(l) {
                    Some(v) => {
                        checks.insert(k, i64::try_from(v).unwrap_or(i64::MAX).into());
                    }
                    None => self.note(
                        Kind::Unmapped,
                        (attr.pos, spec_item.clone()),
                        (at.0, at.1.to_owned()),
                        format!("checks {k}: cannot resolve {l:?}"),
                    ),
                }
            }
        }
        if !checks.is_empty() {
            out.push(("checks", Value::InlineTable(checks)));
        }
        if let Some(d) = &attr.doc {
            if !out.iter().any(|(k, _)| *k == "doc") {
                out.push(("doc", d.as_str().into()));
            }
        }
        out
    }

    /// A length through the spec's consts, then the schema's constants.
    fn len_value(&self, l: &Len) -> Option<u64> {
        self.spec.len_value(l).or_else(|| match l {
            Len::Name(n) => {
                let (name, minus) = match n.strip_suffix(" - 1") {
                    Some(b) => (b.trim(), 1),
                    None => (n.as_str(), 0),
                };
                let v = self.schema.constant(&c_upper(name))?.as_i128();
                u64::try_from(v).ok()?.checked_sub(minus)
            }
            Len::Int(v) => Some(*v),
        })
    }

    /// Writes `want` into the attribute's inline table, people first.
    fn apply(
        &mut self,
        key: &str,
        name: &str,
        want: Annotation,
        acknowledged: &[String],
        spec_at: (Pos, &str),
        schema_at: (usize, &str),
    ) {
        let overwrite = self.options.overwrite;
        let mut notes: Vec<(Kind, String)> = Vec::new();
        let mut written = 0;
        let mut typed_now = false;
        {
            let Some(t) = self.doc_attr(key, name) else {
                return;
            };
            let mut type_kept = false;
            for (k, v) in want {
                if type_kept && k != "doc" {
                    continue;
                }
                let old = t.get(k).cloned();
                let unannotated = k == "type" && old.as_ref().and_then(Value::as_str) == Some("?");
                match old {
                    // A key the schema leaves out on purpose (`differs-from-spec` names it:
                    // the spec's big-endian GRE flags, say).
                    None if !overwrite && acknowledged.iter().any(|a| a == k) => {
                        notes.push((
                            Kind::Acknowledged,
                            format!("{k}: the spec says {}, the schema leaves it out", bare(&v)),
                        ));
                    }
                    None => {
                        if k == "type" {
                            typed_now = true;
                        }
                        t.insert(k, v);
                        written += 1;
                    }
                    Some(_) if unannotated => {
                        typed_now = true;
                        set_keep_decor(t, k, v);
                        written += 1;
                    }
                    Some(old) if same(&old, &v) => {}
                    Some(_) if k == "doc" => {}
                    // The generator's `*_UNSPEC` / `*_PAD` slots: a spec that types them
                    // otherwise (`binary`) describes no payload the kernel sends.
                    Some(old)
                        if k == "type"
                            && matches!(old.as_str(), Some("unused" | "pad"))
                            && !overwrite =>
                    {
                        notes.push((
                            Kind::SchemaExtra,
                            format!("type: the spec says {}, the schema keeps {} (a slot without payload)", bare(&v), bare(&old)),
                        ));
                        type_kept = true;
                    }
                    Some(old) if overwrite => {
                        notes.push((
                            Kind::Overwritten,
                            format!("{k}: {} replaced by {}", bare(&old), bare(&v)),
                        ));
                        set_keep_decor(t, k, v);
                        written += 1;
                    }
                    Some(old) => {
                        let kind = if acknowledged.iter().any(|a| a == k) {
                            Kind::Acknowledged
                        } else {
                            Kind::Conflict
                        };
                        notes.push((
                            kind,
                            format!(
                                "{k}: the spec says {}, the schema {} (kept)",
                                bare(&v),
                                bare(&old)
                            ),
                        ));
                        if k == "type" {
                            type_kept = true;
                        }
                    }
                }
            }
        }
        if written > 0 {
            if let Some(t) = self.doc_attr(key, name) {
                tidy(t);
            }
        }
        self.stats.keys_written += written;
        if typed_now {
            self.stats.typed_now += 1;
        }
        for (kind, message) in notes {
            self.note(
                kind,
                (spec_at.0, spec_at.1.to_owned()),
                (schema_at.0, schema_at.1.to_owned()),
                message,
            );
        }
    }

    /// Keys a hand annotation has that the spec does not give.
    fn report_extra(
        &mut self,
        have: &Attribute,
        attr: &Attr,
        spec_at: (Pos, &str),
        schema_at: (usize, &str),
    ) {
        let mut extra = Vec::new();
        if have.c_struct.is_some() && attr.struct_name.is_none() {
            extra.push(format!(
                "struct {}",
                have.c_struct.as_deref().unwrap_or_default()
            ));
        }
        if have.nested_attributes.is_some() && attr.nested.is_none() {
            extra.push(format!(
                "nested-attributes {}",
                have.nested_attributes.as_deref().unwrap_or_default()
            ));
        }
        if have.c_enum.is_some() && attr.enum_name.is_none() {
            extra.push(format!(
                "enum {}",
                have.c_enum.as_deref().unwrap_or_default()
            ));
        }
        if have.display_hint.is_some() && attr.display_hint.is_none() {
            extra.push("display-hint".into());
        }
        if have.byte_order.is_some() && attr.byte_order.is_none() {
            extra.push("byte-order".into());
        }
        if have.multi_attr && !attr.multi_attr {
            extra.push("multi-attr".into());
        }
        if have.length_field.is_some() {
            extra.push("length-field".into());
        }
        if have.sub_message.is_some() && attr.sub_message.is_none() {
            extra.push("sub-message".into());
        }
        if !extra.is_empty() {
            self.note(
                Kind::SchemaExtra,
                (spec_at.0, spec_at.1.to_owned()),
                (schema_at.0, schema_at.1.to_owned()),
                format!(
                    "the schema also has {}, the spec does not",
                    extra.join(", ")
                ),
            );
        }
    }

    fn report_header_only(&mut self) {
        let schema = self.schema;
        let mut keys: Vec<&String> = self.set_map.values().collect();
        keys.sort();
        keys.dedup();
        let mut notes = Vec::new();
        for key in keys {
            let Some(set) = schema.attribute_sets.get(key.as_str()) else {
                continue;
            };
            for (name, a) in &set.get_ref().attributes {
                let ty = &a.get_ref().ty;
                if matches!(ty, AttrType::Unused | AttrType::Pad)
                    || self.matched_attrs.contains(&(key.clone(), name.clone()))
                {
                    continue;
                }
                notes.push((line_of(schema, a), format!("{key}.{name}"), a.get_ref().id));
            }
        }
        for (line, item, id) in notes {
            self.note(
                Kind::HeaderOnly,
                (Pos::default(), String::new()),
                (line, item),
                format!("id {id} is not in the spec"),
            );
        }
    }

    // ---------------------------------------------------------------------------------------
    // Enums and structs.

    fn import_enums(&mut self) {
        let spec = self.spec;
        for def in &spec.definitions {
            let DefKind::Enum { flags, entries } = &def.kind else {
                continue;
            };
            let want_of = |v: i64| if *flags { 1i128 << v } else { i128::from(v) };
            // C names by the flavour's rule; when the header predates the spec (nlctrl's
            // GENL_*, nfnetlink's NFT_*), by the prefix that gives most entries their value.
            let mut names: Vec<String> = entries
                .iter()
                .map(|e| spec.enum_entry_c_name(def, &e.name))
                .collect();
            let by_rule = names
                .iter()
                .filter(|n| self.schema.constants.contains_key(n.as_str()))
                .count();
            if by_rule * 2 < entries.len() && !self.spec_only {
                if let Some(prefix) =
                    self.suffix_prefix(entries.iter().map(|e| (c_upper(&e.name), want_of(e.value))))
                {
                    names = entries
                        .iter()
                        .map(|e| format!("{prefix}{}", c_upper(&e.name)))
                        .collect();
                }
            }
            let mut present = Vec::new();
            let mut missing = Vec::new();
            for (e, c) in entries.iter().zip(names) {
                let want = want_of(e.value);
                match self.schema.constant(&c) {
                    Some(v) if v.as_i128() == want => {
                        self.enum_entries
                            .entry(def.name.clone())
                            .or_default()
                            .insert(e.name.clone(), c.clone());
                        present.push(c)
                    }
                    Some(v) => {
                        self.note(
                            Kind::IdMismatch,
                            (e.pos, format!("{}.{}", def.name, e.name)),
                            (0, format!("[constants] {c}")),
                            format!("the spec gives {want}, the header {v}"),
                        );
                        present.push(c);
                    }
                    None if self.spec_only => {
                        if let Ok(w) = i64::try_from(want) {
                            self.new_constants.insert(c.clone(), w);
                            present.push(c);
                        }
                    }
                    None => missing.push((e, c, want)),
                }
            }
            if present.is_empty() {
                if def.header.is_none() {
                    self.note(
                        Kind::SpecOnly,
                        (
                            def.pos,
                            format!("{} {}", if *flags { "flags" } else { "enum" }, def.name),
                        ),
                        (0, String::new()),
                        format!(
                            "none of its {} entries ({}*) is in the schema's headers",
                            entries.len(),
                            spec.enum_prefix(def)
                        ),
                    );
                }
                continue;
            }
            for (e, c, want) in missing {
                self.note(
                    Kind::SpecOnly,
                    (e.pos, format!("{}.{}", def.name, e.name)),
                    (0, String::new()),
                    format!("{c} = {want} is not in the schema's headers"),
                );
            }
            if present.is_empty() {
                continue;
            }
            // The [enums] entry holding most of them (ties: the one named like the C tag).
            let tag = spec.enum_c_tag(def);
            let mut best: Option<(usize, bool, &str)> = None;
            for (key, en) in &self.schema.enums {
                let hits = present
                    .iter()
                    .filter(|c| en.get_ref().values.contains(c))
                    .count();
                let named = tag.as_deref() == Some(key.as_str());
                if hits > 0 && best.is_none_or(|(h, n, _)| (hits, named) > (h, n)) {
                    best = Some((hits, named, key));
                }
            }
            let key = match best {
                Some((_, _, k)) => k.to_owned(),
                None => self.create_enum(def, &present, *flags),
            };
            if *flags {
                self.set_enum_flag(&key);
            }
            self.enum_map.insert(def.name.clone(), key);
        }
    }

    /// The prefix `P` for which most `P + suffix` constants exist with the given values.
    fn suffix_prefix(&self, entries: impl Iterator<Item = (String, i128)>) -> Option<String> {
        let entries: Vec<(String, i128)> = entries.collect();
        let mut hits: HashMap<&str, usize> = HashMap::new();
        for (name, v) in &self.schema.constants {
            for (suffix, want) in &entries {
                if v.as_i128() == *want
                    && name.len() > suffix.len()
                    && name.ends_with(suffix.as_str())
                {
                    let prefix = &name[..name.len() - suffix.len()];
                    if prefix.ends_with('_') {
                        *hits.entry(prefix).or_default() += 1;
                    }
                }
            }
        }
        let (prefix, n) = hits.into_iter().max_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| b.0.len().cmp(&a.0.len()))
                .then_with(|| b.0.cmp(a.0))
        })?;
        enough(n, entries.len()).then(|| prefix.to_owned())
    }

    fn create_enum(&mut self, def: &Definition, values: &[String], flags: bool) -> String {
        let base = self
            .spec
            .enum_c_tag(def)
            .unwrap_or_else(|| c_lower(&def.name));
        let mut key = base.clone();
        let mut n = 2;
        while self.schema.enums.contains_key(&key) {
            key = format!("{base}_{n}");
            n += 1;
        }
        let enums = section(&mut self.doc, "enums");
        if enums.get(&key).is_none() {
            let mut t = Table::new();
            t.insert("values", Item::Value(str_array(values)));
            if flags {
                t.insert("flags", Item::Value(true.into()));
            }
            let doc = def.doc.clone().unwrap_or_else(|| {
                format!(
                    "{} {} of the {} YNL spec ({})",
                    if flags { "flags" } else { "enum" },
                    def.name,
                    self.spec.name,
                    if self.spec_only {
                        "values from the spec"
                    } else {
                        "the header defines them as constants"
                    }
                )
            });
            t.insert("doc", Item::Value(doc.as_str().into()));
            enums.insert(&key, Item::Table(t));
        }
        key
    }

    fn set_enum_flag(&mut self, key: &str) {
        let already = self
            .schema
            .enums
            .get(key)
            .is_some_and(|e| e.get_ref().flags);
        if already {
            return;
        }
        if let Some(t) = self
            .doc
            .get_mut("enums")
            .and_then(|e| e.get_mut(key))
            .and_then(Item::as_table_like_mut)
        {
            if t.get("flags").is_none() {
                t.insert("flags", Item::Value(true.into()));
            }
        }
    }

    /// Compares every spec struct with the compiler's layout in the schema.
    fn check_structs(&mut self) {
        let spec = self.spec;
        for def in &spec.definitions {
            let DefKind::Struct(_) = &def.kind else {
                continue;
            };
            let c = spec.struct_c_name(&def.name);
            let Some(rec) = self.schema.structs.get(&c) else {
                if def.header.is_none() || self.spec_only {
                    self.note(
                        Kind::SpecOnly,
                        (def.pos, format!("struct {}", def.name)),
                        (0, String::new()),
                        format!("struct {c} is not in the schema's headers"),
                    );
                }
                continue;
            };
            let line = line_of(self.schema, rec);
            let Some(layout) = spec_layout(spec, def, 0) else {
                self.note(
                    Kind::Unmapped,
                    (def.pos, format!("struct {}", def.name)),
                    (line, format!("structs.{c}")),
                    "the spec's layout cannot be computed (a length names an unknown constant)",
                );
                continue;
            };
            let kind = if rec
                .get_ref()
                .differs_from_spec
                .iter()
                .any(|k| k == "layout")
            {
                Kind::Acknowledged
            } else {
                Kind::StructLayout
            };
            for problem in compare_layout(self.schema, rec.get_ref(), &layout) {
                let pos = layout
                    .members
                    .iter()
                    .find(|m| problem.starts_with(&format!("member {} ", m.name)))
                    .map_or(def.pos, |m| m.pos);
                self.note(
                    kind,
                    (pos, format!("struct {}", def.name)),
                    (line, format!("structs.{c}")),
                    problem,
                );
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Sub-messages.

    /// Names the schema's sub-message for each spec one: the one an attribute that uses it
    /// already names, else the spec's name.
    fn map_sub_messages(&mut self) {
        let spec = self.spec;
        for sm in &spec.sub_messages {
            let mut name = None;
            for set in &spec.attribute_sets {
                for a in set
                    .attributes
                    .iter()
                    .filter(|a| a.sub_message.as_ref() == Some(&sm.name))
                {
                    if let Some((key, attr)) = self.schema_attr_name(set, a) {
                        if let Some(existing) = self
                            .schema
                            .attribute_set(&key)
                            .and_then(|s| s.get(&attr))
                            .and_then(|x| x.sub_message.clone())
                        {
                            name = Some(existing);
                        }
                    }
                }
            }
            self.sub_map
                .insert(sm.name.clone(), name.unwrap_or_else(|| sm.name.clone()));
        }
    }

    /// The schema's name of a format: the spec's value, or, when the sub-message's selector
    /// is an integer attribute with an enum (nftables' `NFTA_OBJ_DATA` by `NFTA_OBJ_TYPE`),
    /// the constant of that enum entry (`counter` is `NFT_OBJECT_COUNTER`), which is how the
    /// derive matches an integer selector.
    fn format_name(&self, sub_message: &str, value: &str) -> String {
        let selector_enum = self.spec.attribute_sets.iter().find_map(|set| {
            let user = set
                .attributes
                .iter()
                .find(|a| a.sub_message.as_deref() == Some(sub_message))?;
            let sel = set.attr(user.selector.as_deref()?)?;
            let integer = matches!(
                sel.ty.as_str(),
                "u8" | "u16" | "u32" | "u64" | "uint" | "s8" | "s16" | "s32" | "s64" | "sint"
            );
            integer.then_some(sel.enum_name.as_deref()?)
        });
        selector_enum
            .and_then(|e| self.enum_entries.get(e)?.get(value))
            .cloned()
            .unwrap_or_else(|| value.to_owned())
    }

    fn import_sub_messages(&mut self) {
        let spec = self.spec;
        for sm in &spec.sub_messages {
            let key = self
                .sub_map
                .get(&sm.name)
                .cloned()
                .unwrap_or_else(|| sm.name.clone());
            let line = self
                .schema
                .sub_messages
                .get(&key)
                .map_or(0, |s| line_of(self.schema, s));
            let mut formats: Vec<(String, InlineTable, Pos)> = Vec::new();
            for f in &sm.formats {
                let mut t = InlineTable::new();
                if let Some(h) = &f.fixed_header {
                    let c = spec.struct_c_name(h);
                    if self.schema.record(&c).is_some() {
                        t.insert("header", c.as_str().into());
                    } else {
                        self.note(
                            Kind::Unmapped,
                            (f.pos, format!("{}.{}", sm.name, f.value)),
                            (line, format!("sub-messages.{key}")),
                            format!("fixed-header {c} is not in the schema: format not imported"),
                        );
                        continue;
                    }
                }
                if let Some(a) = &f.attribute_set {
                    match self.set_map.get(a) {
                        Some(k) => {
                            t.insert("attributes", k.as_str().into());
                        }
                        None => {
                            self.note(
                                Kind::Unmapped,
                                (f.pos, format!("{}.{}", sm.name, f.value)),
                                (line, format!("sub-messages.{key}")),
                                format!(
                                    "attribute set {a} is not in the schema: format not imported"
                                ),
                            );
                            continue;
                        }
                    }
                }
                formats.push((self.format_name(&sm.name, &f.value), t, f.pos));
            }
            if formats.is_empty() {
                continue;
            }
            let overwrite = self.options.overwrite;
            let subs = section(&mut self.doc, "sub-messages");
            if subs.get(&key).is_none() {
                let mut t = Table::new();
                let mut ft = Table::new();
                ft.set_dotted(true);
                t.insert("formats", Item::Table(ft));
                subs.insert(&key, Item::Table(t));
            }
            let Some(ft) = subs
                .get_mut(&key)
                .and_then(|s| s.get_mut("formats"))
                .and_then(Item::as_table_like_mut)
            else {
                continue;
            };
            let mut notes = Vec::new();
            for (value, want, pos) in formats {
                match ft.get(&value).and_then(Item::as_value).cloned() {
                    None => {
                        ft.insert(&value, Item::Value(Value::InlineTable(want)));
                    }
                    Some(old) if same(&old, &Value::InlineTable(want.clone())) => {}
                    Some(old)
                        if old
                            .as_inline_table()
                            .is_some_and(|t| t.contains_key("differs-from-spec")) =>
                    {
                        notes.push((
                            Kind::Acknowledged,
                            pos,
                            value.clone(),
                            format!(
                                "the spec says {}, the schema {} (marked)",
                                bare(&Value::InlineTable(want)),
                                bare(&old)
                            ),
                        ));
                    }
                    Some(old) => {
                        let w = Value::InlineTable(want);
                        if !overwrite && format_differs_acknowledged(&old, &w) {
                            notes.push((
                                Kind::Acknowledged,
                                pos,
                                value.clone(),
                                format!(
                                    "the spec says {}, the schema {} (differs-from-spec)",
                                    bare(&w),
                                    bare(&old)
                                ),
                            ));
                        } else if overwrite {
                            notes.push((
                                Kind::Overwritten,
                                pos,
                                value.clone(),
                                format!("{} replaced by {}", bare(&old), bare(&w)),
                            ));
                            ft.insert(&value, Item::Value(w));
                        } else {
                            notes.push((
                                Kind::Conflict,
                                pos,
                                value.clone(),
                                format!(
                                    "the spec says {}, the schema {} (kept)",
                                    bare(&w),
                                    bare(&old)
                                ),
                            ));
                        }
                    }
                }
            }
            for (kind, pos, value, message) in notes {
                self.note(
                    kind,
                    (pos, format!("{}.{value}", sm.name)),
                    (line, format!("sub-messages.{key}.{value}")),
                    message,
                );
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Multicast groups.

    fn import_groups(&mut self) {
        let spec = self.spec;
        for g in &spec.mcast_groups {
            let mut t = InlineTable::new();
            if spec.protocol == Protocol::NetlinkRaw {
                let c = spec.mcgrp_c_name(g);
                match (self.schema.constant(&c), g.value) {
                    (Some(v), Some(w)) if v.as_i128() != i128::from(w) => {
                        self.note(
                            Kind::IdMismatch,
                            (g.pos, format!("mcast-groups.{}", g.name)),
                            (0, format!("[constants] {c}")),
                            format!("the spec gives {w}, the header {v}"),
                        );
                        continue;
                    }
                    (Some(_), _) => {}
                    (None, Some(w)) if self.spec_only => {
                        self.new_constants.insert(c.clone(), w);
                    }
                    (None, _) => {
                        self.note(
                            Kind::SpecOnly,
                            (g.pos, format!("mcast-groups.{}", g.name)),
                            (0, String::new()),
                            format!("{c} is not in the schema's headers"),
                        );
                        continue;
                    }
                }
                t.insert("constant", c.as_str().into());
            } else {
                t.insert("name", g.name.as_str().into());
            }
            let groups = section(&mut self.doc, "multicast-groups");
            match groups.get(&g.name).and_then(Item::as_value).cloned() {
                None => {
                    groups.insert(&g.name, Item::Value(Value::InlineTable(t)));
                }
                Some(old) => {
                    let w = Value::InlineTable(t);
                    if !same(&old, &w) {
                        let line = self
                            .schema
                            .multicast_groups
                            .get(&g.name)
                            .map_or(0, |x| line_of(self.schema, x));
                        self.note(
                            Kind::Conflict,
                            (g.pos, format!("mcast-groups.{}", g.name)),
                            (line, format!("multicast-groups.{}", g.name)),
                            format!(
                                "the spec says {}, the schema {} (kept)",
                                bare(&w),
                                bare(&old)
                            ),
                        );
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Operations.

    /// The constant naming message id `value` of `op` (`reply`: a message from the kernel).
    fn type_constant(&self, op: &Op, value: i64, reply: bool) -> Option<String> {
        let spec = self.spec;
        let name = spec.op_c_name(op);
        let low = if self.nfnetlink() {
            value & 0xff
        } else {
            value
        };
        let is = |n: &str| {
            self.schema
                .constant(n)
                .is_some_and(|v| v.as_i128() == i128::from(low))
        };
        let mut preferred = Vec::new();
        if reply {
            preferred.push(format!("{name}_REPLY"));
        }
        preferred.push(name.clone());
        if let Some(n) = preferred.iter().find(|n| is(n)) {
            return Some(n.clone());
        }
        if let Some(n) = self.new_constants.get(&name) {
            if *n == low {
                return Some(name);
            }
        }
        // nfnetlink: the one `*_MSG_<OP>` constant with the value, for messages of no
        // subsystem's enum (`batch-begin` is `NFNL_MSG_BATCH_BEGIN`, not the nf_tables message
        // that shares its number).
        if self.nfnetlink() {
            let suffix = format!("_MSG_{}", c_upper(&op.name));
            let mut by_suffix = self
                .schema
                .constants
                .keys()
                .filter(|n| n.ends_with(&suffix) && is(n));
            if let (Some(n), None) = (by_suffix.next(), by_suffix.next()) {
                return Some(n.clone());
            }
        }
        // The enum holding the op's own name, or the one matching most of the spec's
        // operations by suffix (nfnetlink).
        let usable =
            |n: &&String| !n.starts_with("__") && !n.ends_with("_MAX") && !n.ends_with("_BASE");
        let home = self
            .schema
            .enums
            .values()
            .find(|e| e.get_ref().values.iter().any(|v| preferred.contains(v)))
            .or_else(|| self.op_enum());
        home.and_then(|e| {
            let vals = &e.get_ref().values;
            vals.iter()
                .filter(usable)
                .filter(|n| is(n))
                .find(|n| reply && n.ends_with("_REPLY"))
                .or_else(|| vals.iter().filter(usable).find(|n| is(n)))
                .cloned()
        })
    }

    /// The enum of message types that matches most operations by name suffix and value.
    fn op_enum(&self) -> Option<&toml::Spanned<netlink_schema::Enum>> {
        let spec = self.spec;
        let mut best: Option<(usize, &toml::Spanned<netlink_schema::Enum>)> = None;
        for e in self.schema.enums.values() {
            let hits = spec
                .operations
                .list
                .iter()
                .filter(|op| {
                    let Some(v) = op.req_value.or(op.rsp_value) else {
                        return false;
                    };
                    let v = if self.nfnetlink() { v & 0xff } else { v };
                    let suffix = format!("_{}", c_upper(&op.name));
                    e.get_ref().values.iter().any(|n| {
                        n.ends_with(&suffix)
                            && self
                                .schema
                                .constant(n)
                                .is_some_and(|c| c.as_i128() == i128::from(v))
                    })
                })
                .count();
            if hits > 0 && best.is_none_or(|(h, _)| hits > h) {
                best = Some((hits, e));
            }
        }
        best.map(|(_, e)| e)
    }

    fn nfnetlink(&self) -> bool {
        self.spec.protocol == Protocol::NetlinkRaw && self.spec.protonum == Some(12)
    }

    fn op_message(
        &mut self,
        op: &Op,
        msg: &OpMsg,
        value: Option<i64>,
        reply: bool,
        set_key: Option<&str>,
    ) -> Option<InlineTable> {
        let spec = self.spec;
        let mut t = InlineTable::new();
        if let Some(v) = value {
            match self.type_constant(op, v, reply) {
                Some(c) => {
                    t.insert("type", c.as_str().into());
                }
                None => {
                    self.note(
                        Kind::SpecOnly,
                        (msg.pos, format!("operation {}", op.name)),
                        (0, String::new()),
                        format!("no constant for message id {v:#x} in the schema"),
                    );
                    return None;
                }
            }
        }
        let set = op
            .attribute_set
            .as_deref()
            .or_else(|| {
                op.notify
                    .as_deref()
                    .and_then(|n| spec.op(n)?.attribute_set.as_deref())
            })
            .and_then(|s| spec.set(s));
        let mut names = Vec::new();
        if let (Some(set), Some(key)) = (set, set_key) {
            for (a, pos) in &msg.attributes {
                let Some(sa) = set.attr(a) else { continue };
                match self.schema_attr_name(set, sa) {
                    Some((k, n)) if k == key && self.attr_exists(&k, &n) => {
                        if !names.contains(&n) {
                            names.push(n);
                        }
                    }
                    _ => self.note(
                        Kind::SpecOnly,
                        (*pos, format!("operation {}", op.name)),
                        (0, String::new()),
                        format!(
                            "attribute {a} is not in the schema's set {key}: left out of the list"
                        ),
                    ),
                }
            }
        }
        let mut arr: Array = names.iter().map(String::as_str).collect();
        if names.len() > 4 {
            for v in arr.iter_mut() {
                v.decor_mut().set_prefix("\n  ");
            }
            arr.set_trailing("\n");
            arr.set_trailing_comma(true);
        }
        t.insert("attributes", Value::Array(arr));
        Some(t)
    }

    fn attr_exists(&self, key: &str, name: &str) -> bool {
        self.doc
            .get("attribute-sets")
            .and_then(|s| s.get(key))
            .and_then(|s| s.get("attributes"))
            .and_then(|a| a.get(name))
            .is_some()
    }

    fn import_operations(&mut self) {
        let spec = self.spec;
        let genl = spec.protocol != Protocol::NetlinkRaw;
        for op in &spec.operations.list {
            if op.do_.is_none() && op.dump.is_none() && !op.is_async() {
                continue;
            }
            let item = format!("operation {}", op.name);
            let set_name = op.attribute_set.clone().or_else(|| {
                op.notify
                    .as_deref()
                    .and_then(|n| spec.op(n)?.attribute_set.clone())
            });
            let set_key = match &set_name {
                Some(s) => {
                    match self.set_map.get(s) {
                        Some(k) => Some(k.clone()),
                        None => {
                            self.note(
                            Kind::Unmapped,
                            (op.pos, item.clone()),
                            (0, String::new()),
                            format!("attribute set {s} is not in the schema: operation not imported"),
                        );
                            continue;
                        }
                    }
                }
                None => None,
            };
            let header = match &op.fixed_header {
                Some(h) => {
                    let c = spec.struct_c_name(h);
                    if self.schema.record(&c).is_none() {
                        self.note(
                            Kind::Unmapped,
                            (op.pos, item.clone()),
                            (0, String::new()),
                            format!(
                                "fixed header {c} is not in the schema: operation not imported"
                            ),
                        );
                        continue;
                    }
                    Some(c)
                }
                None => None,
            };
            let subsystem = if self.nfnetlink() {
                let v = op.req_value.or(op.rsp_value).unwrap_or(0) >> 8;
                let sub =
                    self.schema.constants.iter().find(|(n, c)| {
                        n.starts_with("NFNL_SUBSYS_") && c.as_i128() == i128::from(v)
                    });
                match sub {
                    Some((n, _)) => Some(n.clone()),
                    None => {
                        self.note(
                            Kind::Unmapped,
                            (op.pos, item.clone()),
                            (0, String::new()),
                            format!(
                                "nfnetlink subsystem {v} has no NFNL_SUBSYS_* constant (add linux/netfilter/nfnetlink.h to the headers): operation not imported"
                            ),
                        );
                        continue;
                    }
                }
            } else {
                None
            };
            let mut types: Vec<String> = Vec::new();
            let mut modes: Vec<(&'static str, InlineTable, InlineTable)> = Vec::new();
            let mut ok = true;
            for (mode_name, mode) in [("do", &op.do_), ("dump", &op.dump)] {
                let Some(mode) = mode else { continue };
                let mut req = InlineTable::new();
                let mut rep = InlineTable::new();
                if let Some(m) = &mode.request {
                    match self.op_message(op, m, op.req_value, false, set_key.as_deref()) {
                        Some(t) => req = t,
                        None => ok = false,
                    }
                }
                if let Some(m) = &mode.reply {
                    match self.op_message(op, m, op.rsp_value, true, set_key.as_deref()) {
                        Some(t) => rep = t,
                        None => ok = false,
                    }
                }
                for t in [&req, &rep] {
                    if let Some(ty) = t.get("type").and_then(Value::as_str) {
                        if !types.iter().any(|x| x == ty) {
                            types.push(ty.to_owned());
                        }
                    }
                }
                modes.push((mode_name, req, rep));
            }
            let mut event = None;
            if let Some(e) = &op.event {
                match self.op_message(op, e, op.rsp_value, true, set_key.as_deref()) {
                    Some(t) => {
                        if let Some(ty) = t.get("type").and_then(Value::as_str) {
                            types.push(ty.to_owned());
                        }
                        event = Some(t);
                    }
                    None => ok = false,
                }
            }
            if op.notify.is_some() {
                if let Some(v) = op.rsp_value {
                    match self.type_constant(op, v, true) {
                        Some(c) => types.push(c),
                        None => ok = false,
                    }
                }
            }
            if !ok || types.is_empty() {
                self.note(
                    Kind::Unmapped,
                    (op.pos, item.clone()),
                    (0, String::new()),
                    "its message ids are not all in the schema: operation not imported",
                );
                continue;
            }
            // The table, in the order a person reads it.
            let mut want: Vec<(&'static str, Item)> = Vec::new();
            want.push((
                if genl { "commands" } else { "types" },
                Item::Value(str_array(&types)),
            ));
            if let Some(h) = &header {
                want.push(("header", Item::Value(h.as_str().into())));
            }
            if let Some(k) = &set_key {
                want.push(("attributes", Item::Value(k.as_str().into())));
            }
            if let Some(s) = &subsystem {
                want.push(("subsystem", Item::Value(s.as_str().into())));
            }
            if let Some(d) = &op.doc {
                want.push(("doc", Item::Value(d.as_str().into())));
            }
            for (mode_name, req, rep) in modes {
                let mut mt = Table::new();
                mt.set_dotted(true);
                for (part, t) in [("request", req), ("reply", rep)] {
                    if t.is_empty() {
                        continue;
                    }
                    let mut pt = Table::new();
                    pt.set_dotted(true);
                    for (k, v) in t.iter() {
                        pt.insert(k, Item::Value(v.clone()));
                    }
                    mt.insert(part, Item::Table(pt));
                }
                want.push((mode_name, Item::Table(mt)));
            }
            if let Some(n) = &op.notify {
                want.push(("notify", Item::Value(n.as_str().into())));
            }
            if let Some(e) = event {
                let mut et = Table::new();
                et.set_dotted(true);
                for (k, v) in e.iter() {
                    et.insert(k, Item::Value(v.clone()));
                }
                want.push(("event", Item::Table(et)));
            }
            if let Some(g) = &op.mcgrp {
                if self
                    .doc
                    .get("multicast-groups")
                    .and_then(|m| m.get(g))
                    .is_some()
                {
                    want.push(("mcgrp", Item::Value(g.as_str().into())));
                }
            }
            self.merge_message(op, want);
        }
    }

    fn merge_message(&mut self, op: &Op, want: Vec<(&'static str, Item)>) {
        let key = op.name.clone();
        let line = self
            .schema
            .messages
            .get(&key)
            .map_or(0, |m| line_of(self.schema, m));
        let existing = self.schema.messages.contains_key(&key);
        let overwrite = self.options.overwrite;
        let msgs = section(&mut self.doc, "messages");
        if msgs.get(&key).is_none() {
            msgs.insert(&key, Item::Table(Table::new()));
        }
        let Some(t) = msgs.get_mut(&key).and_then(Item::as_table_mut) else {
            return;
        };
        let mut notes = Vec::new();
        let mut wrote = false;
        for (k, v) in want {
            // Which message types a hand-written entry lists is the person's choice.
            if existing && (k == "types" || k == "commands") {
                continue;
            }
            match t.get(k) {
                None => {
                    t.insert(k, v);
                    wrote = true;
                }
                Some(old) if item_text(old) == item_text(&v) || k == "doc" => {}
                Some(old) => {
                    let (o, n) = (item_text(old), item_text(&v));
                    if overwrite {
                        notes.push((Kind::Overwritten, format!("{k}: {o} replaced by {n}")));
                        t.insert(k, v);
                        wrote = true;
                    } else {
                        notes.push((
                            Kind::Conflict,
                            format!("{k}: the spec says {n}, the schema {o} (kept)"),
                        ));
                    }
                }
            }
        }
        if wrote {
            self.stats.messages += 1;
        }
        for (kind, message) in notes {
            self.note(
                kind,
                (op.pos, format!("operation {}", op.name)),
                (line, format!("messages.{key}")),
                message,
            );
        }
    }

    /// Command constants from the spec, for a schema without headers.
    fn spec_op_constants(&mut self) {
        let spec = self.spec;
        if !self.spec_only {
            return;
        }
        for op in &spec.operations.list {
            let name = spec.op_c_name(op);
            let v = if op.is_async() {
                op.rsp_value
            } else {
                op.req_value
            };
            if let (Some(v), None) = (v, self.schema.constant(&name)) {
                self.new_constants.entry(name).or_insert(v);
            }
        }
    }

    /// Constants the spec supplied, for a schema without headers.
    fn write_constants(&mut self) {
        if !self.spec_only {
            return;
        }
        let spec = self.spec;
        let consts = section(&mut self.doc, "constants");
        consts.set_implicit(false);
        let mut first = true;
        for (name, v) in std::mem::take(&mut self.new_constants) {
            if consts.contains_key(&name) {
                continue;
            }
            consts.insert(&name, Item::Value(v.into()));
            if first {
                if let Some(mut k) = consts.key_mut(&name) {
                    k.leaf_decor_mut()
                        .set_prefix(format!("\n# from the {} YNL spec\n", spec.name));
                }
                first = false;
            }
        }
    }
}

/// The attribute of `set` a spec name stands for when the header predates the spec: the
/// set's prefix plus the upper-cased name, or an attribute whose name ends with it (the spec's
/// `ip-v4-src` for `CTA_IP_V4_SRC` in set `CTA_IP_`); with `id`, only one of that id.
fn suffix_name(
    set: &netlink_schema::AttributeSet,
    spec_name: &str,
    id: Option<i64>,
) -> Option<String> {
    let upper = c_upper(spec_name);
    let exact = format!("{}{upper}", set.prefix);
    let id_ok = |a: &Attribute| id.is_none_or(|i| i64::from(a.id) == i);
    if set.get(&exact).is_some_and(id_ok) {
        return Some(exact);
    }
    // `nat-port-min` for `CTA_PROTONAT_PORT_MIN`: drop leading words, keeping two.
    let words: Vec<&str> = upper.split('_').collect();
    let keep = words.len().min(2);
    (0..=words.len() - keep).find_map(|skip| {
        let tail = format!("_{}", words[skip..].join("_"));
        set.attributes
            .iter()
            .find(|(n, a)| n.ends_with(&tail) && id_ok(a.get_ref()))
            .map(|(n, _)| n.clone())
    })
}

/// Whether `hits` of `n` names found by suffix are enough to trust the match: most of them,
/// and at least two unless there is only one.
fn enough(hits: usize, n: usize) -> bool {
    hits > 0 && hits * 2 >= n && (hits >= 2 || n == 1)
}

/// Text of an item for comparison (values without decor; tables as TOML).
fn item_text(item: &Item) -> String {
    match item {
        Item::Value(v) => bare(v),
        Item::Table(t) => {
            let mut parts = Vec::new();
            for (k, v) in t.iter() {
                parts.push(format!("{k}={}", item_text(v)));
            }
            parts.join(",")
        }
        _ => item.to_string(),
    }
}

/// One space around every key and value of an inline table that was written to, as the
/// generator writes them (`{ id = 1, type = "u32" }`); comments inside are kept.
fn tidy(t: &mut InlineTable) {
    let n = t.len();
    for (i, (mut k, v)) in t.iter_mut().enumerate() {
        let keep = |d: Option<&str>| d.is_some_and(|s| s.contains('#'));
        if !keep(k.leaf_decor().prefix().and_then(|p| p.as_str())) {
            k.leaf_decor_mut().set_prefix(" ");
        }
        k.leaf_decor_mut().set_suffix(" ");
        v.decor_mut().set_prefix(" ");
        if !keep(v.decor().suffix().and_then(|p| p.as_str())) {
            v.decor_mut().set_suffix(if i + 1 == n { " " } else { "" });
        }
    }
}

fn set_keep_decor(t: &mut InlineTable, key: &str, mut v: Value) {
    if let Some(old) = t.get(key) {
        *v.decor_mut() = old.decor().clone();
    }
    t.insert(key, v);
}

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

// -------------------------------------------------------------------------------------------
// Struct layouts.

/// A member laid out as a C compiler would (natural alignment, x86_64).
#[derive(Debug)]
struct LaidMember {
    pos: Pos,
    name: String,
    offset: u64,
    size: u64,
    /// A `pad` member, or one named like padding.
    pad: bool,
}

#[derive(Debug)]
struct Layout {
    size: u64,
    align: u64,
    members: Vec<LaidMember>,
}

fn spec_layout(spec: &Spec, def: &Definition, depth: usize) -> Option<Layout> {
    let DefKind::Struct(members) = &def.kind else {
        return None;
    };
    if depth > 8 {
        return None;
    }
    let mut off = 0u64;
    let mut align = 1u64;
    let mut out = Vec::new();
    for m in members {
        let (size, a) = match m.ty.as_str() {
            "u8" | "s8" => (1, 1),
            "u16" | "s16" => (2, 2),
            "u32" | "s32" => (4, 4),
            "u64" | "s64" => (8, 8),
            _ => match &m.struct_name {
                Some(s) => {
                    let inner = spec_layout(spec, spec.definition(s)?, depth + 1)?;
                    (inner.size, inner.align)
                }
                None => (spec.len_value(m.len.as_ref()?)?, 1),
            },
        };
        off = off.div_ceil(a) * a;
        out.push(LaidMember {
            pos: m.pos,
            name: c_lower(&m.name),
            offset: off,
            size,
            pad: m.ty == "pad" || m.name.contains("pad"),
        });
        off = off.checked_add(size)?;
        align = align.max(a);
    }
    Some(Layout {
        size: off.div_ceil(align) * align,
        align,
        members: out,
    })
}

fn field_size(schema: &Schema, f: &netlink_schema::Field) -> Option<u64> {
    let one = match f.field_type()? {
        FieldType::Scalar(s) => s.size(),
        FieldType::Struct(n) | FieldType::Union(n) => schema.record(n)?.size,
    };
    Some(one * f.count.unwrap_or(1).max(1))
}

/// Differences between the spec's layout and the compiler's, in words.
fn compare_layout(schema: &Schema, rec: &Record, spec: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    for m in &spec.members {
        // Classic headers prefix member names (`ndm_confirmed` for the spec's `confirmed`):
        // a member is found by name, by suffix, or at its offset with its size.
        let suffix = format!("_{}", m.name);
        let found = rec
            .fields
            .iter()
            .find(|f| f.name == m.name)
            .or_else(|| rec.fields.iter().find(|f| f.name.ends_with(&suffix)));
        if m.pad && found.is_none() {
            // Padding: only a real header member inside it is a difference.
            let end = m.offset + m.size;
            if let Some(f) = rec
                .fields
                .iter()
                .find(|f| f.offset >= m.offset && f.offset < end && !f.name.contains("pad"))
            {
                out.push(format!(
                    "padding {} (offset {}, {} bytes) covers member {} of the header",
                    m.name, m.offset, m.size, f.name
                ));
            }
            continue;
        }
        match found {
            None => {
                let at = rec
                    .fields
                    .iter()
                    .find(|f| f.offset == m.offset && f.bits.is_none());
                match at {
                    Some(f) if field_size(schema, f) == Some(m.size) => {}
                    Some(f) => out.push(format!(
                        "member {} (offset {}, {} bytes) is {} ({} bytes) in the header",
                        m.name,
                        m.offset,
                        m.size,
                        f.name,
                        field_size(schema, f).unwrap_or(0)
                    )),
                    None => out.push(format!(
                        "member {} (offset {}, {} bytes) is not in the header",
                        m.name, m.offset, m.size
                    )),
                }
            }
            Some(f) => {
                if f.offset != m.offset {
                    out.push(format!(
                        "member {} at offset {} in the spec, {} in the header",
                        m.name, m.offset, f.offset
                    ));
                }
                if f.bits.is_none() {
                    if let Some(sz) = field_size(schema, f) {
                        if sz != m.size && f.count != Some(0) {
                            out.push(format!(
                                "member {} is {} bytes in the spec, {sz} in the header",
                                m.name, m.size
                            ));
                        }
                    }
                }
            }
        }
    }
    if rec.size != spec.size {
        out.push(format!(
            "size {} in the spec, {} in the header",
            spec.size, rec.size
        ));
    }
    out
}
