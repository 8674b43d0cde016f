//! C header front-end: reads Linux uapi headers (without running a compiler) and reports the
//! integer constants, enums and struct/union layouts they define, as gcc sees them on x86_64.
//!
//! Stages, one module each: [`lex`] (tokens), [`preprocess`] (directives and macros), [`expr`]
//! (integer constant expressions), [`decl`] (declarations), [`layout`] (record layout).

pub mod decl;
pub mod expr;
pub mod layout;
pub mod lex;
pub mod preprocess;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use decl::Declarations;
use expr::{evaluate, ExprError, Mode, Value};
use lex::{Kind, Loc};
use preprocess::{IncludeError, Preprocessor};

/// Where an item was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The header, as found on disk.
    pub file: PathBuf,
    /// 1-based line.
    pub line: u32,
}

/// An integer constant with its C signedness (the type after integer promotion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CValue {
    /// Of a signed type (`int`, `long`, ...).
    Signed(i64),
    /// Of an unsigned type (`unsigned int`, `unsigned long`, ...).
    Unsigned(u64),
}

impl CValue {
    fn from_value(v: Value) -> CValue {
        if v.ty.signed() {
            CValue::Signed(v.as_i64())
        } else {
            CValue::Unsigned(v.as_u64())
        }
    }
}

impl std::fmt::Display for CValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CValue::Signed(v) => write!(f, "{v}"),
            CValue::Unsigned(v) => write!(f, "{v}"),
        }
    }
}

/// An enumerator or an object-like macro with an integer constant value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constant {
    /// The name.
    pub name: String,
    /// The value.
    pub value: CValue,
    /// Where it was defined.
    pub origin: Origin,
}

/// An enum type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumDef {
    /// The tag: `enum rt_scope_t` -> `Some("rt_scope_t")`; for an untagged enum the typedef
    /// name it was given, if any (`typedef enum {...} foo_t;` -> `Some("foo_t")`); else `None`.
    pub name: Option<String>,
    /// Enumerators in order, with their values.
    pub members: Vec<(String, CValue)>,
    /// Where the `enum` keyword was written.
    pub origin: Origin,
}

/// struct or union.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// `struct`
    Struct,
    /// `union`
    Union,
}

/// A struct or union with its layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// struct or union.
    pub kind: RecordKind,
    /// The tag; for an untagged record the typedef name, or `outer__anonN` for one that is the
    /// type of a named member of `outer`.
    pub name: String,
    /// How C names the type (`struct nlmsghdr`, `foo_t`); `None` for synthesized names.
    pub c_spelling: Option<String>,
    /// `sizeof`
    pub size: u64,
    /// `_Alignof`
    pub align: u64,
    /// Members in order; members of anonymous struct/union members are flattened in.
    pub fields: Vec<Field>,
    /// `__attribute__((packed))` on the record.
    pub packed: bool,
    /// Where the `struct`/`union` keyword was written.
    pub origin: Origin,
}

/// A member of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Member name.
    pub name: String,
    /// Canonical type: `u8`...`s64`, `be16`..., `char`, `bool`, `f32`, `f64`, `ptr`,
    /// `struct NAME`, `union NAME` (the element type, for arrays).
    pub ty: String,
    /// Byte offset from the start of the record (`offsetof`).
    pub offset: u64,
    /// For arrays, the total number of elements (0 for a flexible array).
    pub count: Option<u64>,
    /// For bitfields: bit offset from the start of the record, and width.
    pub bits: Option<(u32, u32)>,
}

/// Something in the headers that was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// File, as found on disk.
    pub file: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// The source text skipped.
    pub text: String,
    /// Why.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )?;
        if !self.text.is_empty() {
            write!(f, ": `{}`", self.text)?;
        }
        Ok(())
    }
}

/// Everything defined in the named headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderItems {
    /// Enumerators and integer object-like macros, in source order.
    pub constants: Vec<Constant>,
    /// Enums, in source order.
    pub enums: Vec<EnumDef>,
    /// Structs and unions, in source order.
    pub records: Vec<Record>,
    /// Identifiers in the sizes of `struct nla_policy` arrays (`foo_policy[FOO_MAX + 1]` with
    /// `#define FOO_MAX (__FOO_MAX - 1)` gives `__FOO_MAX`): a sign that their enum is an
    /// attribute space. Uapi headers rarely have one; kernel-side headers do.
    pub policy_sizes: Vec<String>,
    /// What was skipped, in the named headers and in the headers they include.
    pub warnings: Vec<Warning>,
}

/// Errors that stop parsing.
#[derive(Debug, thiserror::Error)]
pub enum CError {
    /// A header given on the command line is in none of the include directories.
    #[error("header <{header}> not found in {}", dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", "))]
    HeaderNotFound {
        /// The header as written (`linux/rtnetlink.h`).
        header: String,
        /// The directories searched (the given ones, then the system ones).
        dirs: Vec<PathBuf>,
    },
    /// An include directory does not exist.
    #[error("include directory {} does not exist", .0.display())]
    IncludeDirMissing(PathBuf),
    /// A header could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A limit on the work of the preprocessor was hit (see [`preprocess`]'s documentation):
    /// the headers are hostile or broken, and nothing is generated from them.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Limit {
        /// The file where it was hit.
        file: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// Which limit, and what was being done.
        message: String,
    },
}

/// The error for the limit `pp` hit, if it hit one.
fn limit_error(pp: &Preprocessor) -> Option<CError> {
    let d = pp.fatal.as_ref()?;
    Some(CError::Limit {
        file: pp
            .path(d.loc.file)
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        line: d.loc.line,
        column: d.loc.column,
        message: d.message.clone(),
    })
}

/// Where gcc installs its own headers (`stddef.h`, ...): the newest version found.
fn gcc_include_dir() -> Option<PathBuf> {
    let base = Path::new("/usr/lib/gcc/x86_64-linux-gnu");
    let mut best: Option<(Vec<u32>, PathBuf)> = None;
    for e in std::fs::read_dir(base).ok()?.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let version: Vec<u32> = name.split('.').filter_map(|p| p.parse().ok()).collect();
        let dir = e.path().join("include");
        if !version.is_empty() && dir.is_dir() && best.as_ref().is_none_or(|(v, _)| version > *v) {
            best = Some((version, dir));
        }
    }
    best.map(|(_, d)| d)
}

/// The search path: the given directories, then the system ones gcc would use.
fn search_path(include_dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = include_dirs.to_vec();
    let system = [
        Some(PathBuf::from("/usr/include/x86_64-linux-gnu")),
        gcc_include_dir(),
        Some(PathBuf::from("/usr/include")),
    ];
    for d in system.into_iter().flatten() {
        if d.is_dir() && !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    dirs
}

/// Reads `headers` (written as in `#include <...>`) as one translation unit and returns what
/// they define. Included headers are followed, but only items defined in the named headers
/// are returned.
pub fn parse_headers(include_dirs: &[PathBuf], headers: &[String]) -> Result<HeaderItems, CError> {
    parse_headers_in_context(include_dirs, &[], headers)
}

/// [`parse_headers`] after `context`: headers read first, in the same translation unit, for
/// the definitions `headers` use without including them; nothing of theirs is returned
/// (unless a named header defines it too).
pub fn parse_headers_in_context(
    include_dirs: &[PathBuf],
    context: &[String],
    headers: &[String],
) -> Result<HeaderItems, CError> {
    for d in include_dirs {
        if !d.is_dir() {
            return Err(CError::IncludeDirMissing(d.clone()));
        }
    }
    let search = search_path(include_dirs);
    let mut pp = Preprocessor::new(search.clone());
    let mut named: Vec<u32> = Vec::new();
    let all = context
        .iter()
        .map(|h| (h, false))
        .chain(headers.iter().map(|h| (h, true)));
    for (h, is_named) in all {
        match pp.include_named(h) {
            Ok(id) if is_named => named.push(id),
            Ok(_) => {}
            Err(IncludeError::NotFound) => {
                return Err(CError::HeaderNotFound {
                    header: h.clone(),
                    dirs: search,
                })
            }
            Err(IncludeError::Io(path, source)) => return Err(CError::Unreadable { path, source }),
        }
        if let Some(e) = limit_error(&pp) {
            return Err(e);
        }
    }
    finish(pp, &named)
}

/// Parses `text` as a header named `name` (for tests and for snippets): no file system access
/// except for `#include`s it contains, searched in `include_dirs`. Fails only when a limit of
/// the preprocessor is hit.
pub fn parse_text(include_dirs: &[PathBuf], name: &str, text: &str) -> Result<HeaderItems, CError> {
    let mut pp = Preprocessor::new(search_path(include_dirs));
    let id = pp.process_text(name, text);
    if let Some(e) = limit_error(&pp) {
        return Err(e);
    }
    finish(pp, &[id])
}

/// Reads the declarations of the preprocessed text and picks out what the `named` files define.
fn finish(mut pp: Preprocessor, named: &[u32]) -> Result<HeaderItems, CError> {
    let tokens = std::mem::take(&mut pp.output);
    let mut decls = Declarations::new();
    decls.translation_unit(&tokens);
    let mut items = collect(&mut pp, &mut decls, named);
    items.policy_sizes = policy_sizes(&tokens, named);
    drop(tokens);
    match limit_error(&pp) {
        Some(e) => Err(e),
        None => Ok(items),
    }
}

/// Whether tokens that begin a macro's expansion show it is no integer constant: a brace or a
/// string first, two literals in a row (`1 1`), or a comma outside parentheses (C11 6.6p3: a
/// list, such as an initializer's).
fn cannot_start_a_constant(start: &[lex::Token]) -> bool {
    let literal = |t: &lex::Token| matches!(t.kind, Kind::Number | Kind::Char | Kind::Str);
    let listed = || {
        let mut depth = 0usize;
        start.iter().any(|t| {
            if t.is("(") {
                depth += 1;
            } else if t.is(")") {
                depth = depth.saturating_sub(1);
            }
            depth == 0 && t.is(",")
        })
    };
    match start {
        [first, ..] if first.is("{") || first.kind == Kind::Str => true,
        [a, b, ..] if literal(a) && literal(b) => true,
        _ => listed(),
    }
}

/// The identifiers inside `[...]` after `nla_policy NAME` in the named files (after macro
/// expansion, so a `FOO_MAX` define shows as the enumerators it is made of).
fn policy_sizes(tokens: &[lex::Token], named: &[u32]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is("nla_policy") || !named.contains(&t.loc.file) {
            continue;
        }
        let rest = &tokens[i + 1..];
        let (Some(name), Some(open)) = (rest.first(), rest.get(1)) else {
            continue;
        };
        if name.kind != Kind::Ident || !open.is("[") {
            continue;
        }
        for t in rest[2..].iter().take_while(|t| !t.is("]")) {
            if t.kind == Kind::Ident && !out.iter().any(|o: &String| **o == *t.text) {
                out.push(t.text.to_string());
            }
        }
    }
    out
}

/// Picks out the items defined in the `named` files.
fn collect(pp: &mut Preprocessor, decls: &mut Declarations, named: &[u32]) -> HeaderItems {
    let rank: HashMap<u32, usize> = named.iter().enumerate().map(|(n, f)| (*f, n)).collect();
    let order = |l: &Loc| {
        (
            rank.get(&l.file).copied().unwrap_or(usize::MAX),
            l.line,
            l.column,
        )
    };
    let files: Vec<PathBuf> = pp.files.iter().map(|f| f.path.clone()).collect();
    let origin = |l: &Loc| Origin {
        file: files.get(l.file as usize).cloned().unwrap_or_default(),
        line: l.line,
    };
    decls.name_anonymous_records();
    let mut items = HeaderItems::default();
    let mut warnings: Vec<(Loc, String, String)> = Vec::new();

    let mut constants: Vec<(Loc, Constant)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (name, value, loc) in &decls.enumerators {
        if rank.contains_key(&loc.file) && seen.insert(name.clone()) {
            constants.push((
                *loc,
                Constant {
                    name: name.clone(),
                    value: CValue::from_value(*value),
                    origin: origin(loc),
                },
            ));
        }
    }
    let defines = pp.defines.clone();
    for (name, loc) in &defines {
        if !rank.contains_key(&loc.file) {
            continue;
        }
        // Only the definition in force at the end counts: that is what C code sees.
        let Some(m) = pp.macros.get(name).cloned() else {
            continue;
        };
        if m.loc != *loc || m.params.is_some() {
            continue;
        }
        let invocation = lex::Token {
            kind: Kind::Ident,
            text: name.clone(),
            loc: *loc,
            bol: false,
            space: false,
            hide: None,
        };
        // Only an expansion an expression can have is worth making (and the work of the
        // expansions is bounded for the whole translation unit, so no macro gets a fresh budget).
        let expanded = match pp.expand_text_within(vec![invocation], expr::MAX_TOKENS) {
            Ok(e) => e,
            Err(_) if pp.fatal.is_some() => break,
            // An initializer list or a string is not worth a warning.
            Err(start) if cannot_start_a_constant(&start) => continue,
            Err(_) => {
                warnings.push((
                    *loc,
                    String::new(),
                    format!(
                        "macro `{name}` not evaluated: it expands to more than the {} tokens an \
                     expression may have",
                        expr::MAX_TOKENS
                    ),
                ));
                continue;
            }
        };
        match evaluate(&expanded, decls, Mode::C) {
            Ok(v) => {
                if let Some(o) = v.overflow() {
                    warnings.push((
                        *loc,
                        preprocess::spell(&m.body),
                        format!("macro `{name}`: {o}"),
                    ));
                }
                // A macro named like an enumerator (`#define RTM_NEWLINK RTM_NEWLINK`, or
                // `#define __X_MAX (__X_MAX - 1)`) is what the name means to C code after it.
                if !seen.insert(name.to_string()) {
                    constants.retain(|(_, c)| c.name != **name);
                }
                constants.push((
                    *loc,
                    Constant {
                        name: name.to_string(),
                        value: CValue::from_value(v),
                        origin: origin(loc),
                    },
                ));
            }
            // An integer constant expression whose value C leaves undefined.
            Err(ExprError::Undefined(why)) => warnings.push((
                *loc,
                preprocess::spell(&m.body),
                format!("macro `{name}` not a constant: {why}"),
            )),
            // Strings, types, empty and other non-constant macros are simply not constants.
            Err(ExprError::NotConstant(_)) => {}
        }
    }
    constants.sort_by_key(|(l, _)| order(l));
    items.constants = constants.into_iter().map(|(_, c)| c).collect();

    let mut enums: Vec<(Loc, EnumDef)> = decls
        .enums
        .iter()
        .filter(|e| e.complete && rank.contains_key(&e.origin.file))
        .map(|e| {
            (
                e.origin,
                EnumDef {
                    name: e.tag.clone().or_else(|| e.typedef_name.clone()),
                    members: e
                        .members
                        .iter()
                        .map(|(n, v)| (n.clone(), CValue::from_value(*v)))
                        .collect(),
                    origin: origin(&e.origin),
                },
            )
        })
        .collect();
    enums.sort_by_key(|(l, _)| order(l));
    items.enums = enums.into_iter().map(|(_, e)| e).collect();

    // The named headers' records, then, transitively, every record they refer to from an
    // included header (`struct in6_addr` in a bridge struct): a schema must be self-contained.
    let mut records: Vec<(Loc, Record)> = Vec::new();
    let mut emitted: HashSet<String> = HashSet::new();
    let emit = |r: &decl::RecordDef, name: &str, records: &mut Vec<(Loc, Record)>| {
        records.push((
            r.origin,
            Record {
                kind: r.kind,
                name: name.to_string(),
                c_spelling: r.c_spelling(),
                size: r.size,
                align: r.align,
                fields: r.fields.clone(),
                packed: r.packed,
                origin: origin(&r.origin),
            },
        ));
    };
    for r in &decls.records {
        if !r.complete || r.flattened || !rank.contains_key(&r.origin.file) {
            continue;
        }
        let Some(name) = r.name() else { continue };
        if let Some(e) = &r.error {
            warnings.push((
                r.origin,
                String::new(),
                format!("`{name}` not emitted: {e}"),
            ));
            continue;
        }
        emitted.insert(name.to_owned());
        emit(r, name, &mut records);
    }
    loop {
        let wanted: Vec<String> = records
            .iter()
            .flat_map(|(_, rec)| &rec.fields)
            .filter_map(|f| {
                f.ty.strip_prefix("struct ")
                    .or_else(|| f.ty.strip_prefix("union "))
            })
            .filter(|n| !emitted.contains(*n))
            .map(str::to_owned)
            .collect();
        let mut added = false;
        for n in wanted {
            let found = decls.records.iter().find(|r| {
                r.complete && !r.flattened && r.error.is_none() && r.name() == Some(n.as_str())
            });
            if let Some(r) = found {
                if emitted.insert(n.clone()) {
                    emit(r, &n, &mut records);
                    added = true;
                }
            }
        }
        if !added {
            break;
        }
    }
    records.sort_by_key(|(l, _)| order(l));
    items.records = records.into_iter().map(|(_, r)| r).collect();

    let diags = pp.diagnostics.iter().chain(decls.diagnostics.iter());
    let mut all: Vec<(Loc, String, String)> = diags
        .map(|d| (d.loc, d.text.clone(), d.message.clone()))
        .collect();
    all.extend(warnings);
    items.warnings = all
        .into_iter()
        .map(|(loc, text, message)| Warning {
            file: files.get(loc.file as usize).cloned().unwrap_or_default(),
            line: loc.line,
            column: loc.column,
            text,
            message,
        })
        .collect();
    items
}
