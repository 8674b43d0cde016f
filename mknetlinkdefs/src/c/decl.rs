//! Declarations: typedefs, enums, structs and unions, read from the preprocessed tokens.
//!
//! Only what determines constants and layouts is modelled; function declarations and
//! definitions, initialisers and unknown attributes are read past. A declaration that cannot be
//! read becomes a diagnostic and is skipped; a record with a member that cannot be laid out is
//! remembered as broken so that nothing built on it is emitted with a wrong layout.

use std::collections::HashMap;
use std::rc::Rc;

use super::expr::{evaluate, IntType, IntegerClass, Mode, TypeInfo, Value};
use super::layout::{layout, MemberIn, RecordIn};
use super::lex::{any_token, balanced, fail, identifier, punct, Kind, Loc, TResult, Token, Tokens};
use super::preprocess::{spell, Diagnostic, PRAGMA_PACK};
use super::{Field, RecordKind};

type PErr<'a> = nom::Err<nom::error::Error<Tokens<'a>>>;

/// Scalar (arithmetic) types: the schema model's list, so a type name means one thing in
/// the headers, the schema files and the generated Rust.
pub use netlink_schema::ScalarType as Scalar;

/// How a cast to a scalar type converts integers.
trait IntegerConversion {
    /// `None` for floating types, pointers and 128-bit ones.
    fn integer(self, long_long: bool) -> Option<IntegerClass>;
}

impl IntegerConversion for Scalar {
    fn integer(self, long_long: bool) -> Option<IntegerClass> {
        use Scalar::*;
        let signed = matches!(self, S8 | S16 | S32 | S64 | Char);
        match self {
            F32 | F64 | F128 | S128 | U128 | Ptr => None,
            _ => Some(IntegerClass {
                size: self.size() as u8,
                signed,
                long_long,
                boolean: self == Bool,
            }),
        }
    }
}

/// A C type, as far as layout needs it.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `void`
    Void,
    /// An arithmetic type; the flag tells `long long` from `long` (only the type of cast results
    /// depends on it).
    Scalar(Scalar, bool),
    /// A struct or union: index into [`Declarations::records`].
    Record(usize),
    /// An enum: index into [`Declarations::enums`].
    Enum(usize),
    /// Any pointer.
    Pointer,
    /// An array; `None` for `[]`.
    Array(Box<Ty>, Option<u64>),
    /// A function type (only pointers to it can be members).
    Function,
    /// A type this parser does not model (reported if something needs its layout).
    Unsupported(Rc<str>),
}

/// A type with the alignment a typedef's `aligned` attribute gave it.
#[derive(Clone, Debug, PartialEq)]
pub struct QType {
    /// The type.
    pub ty: Ty,
    /// Alignment set by `aligned(N)` on a typedef.
    pub align: Option<u64>,
}

impl QType {
    fn plain(ty: Ty) -> QType {
        QType { ty, align: None }
    }
}

/// A struct or union being read or read.
#[derive(Clone, Debug)]
pub struct RecordDef {
    /// struct or union
    pub kind: RecordKind,
    /// The tag, if any.
    pub tag: Option<String>,
    /// The first typedef name given to an untagged record.
    pub typedef_name: Option<String>,
    /// Name made up for an untagged record used as a named member.
    pub synthesized: Option<String>,
    /// The body has been read.
    pub complete: bool,
    /// Why the layout is unknown, if it is.
    pub error: Option<String>,
    /// `sizeof`
    pub size: u64,
    /// `_Alignof`
    pub align: u64,
    /// Members with absolute offsets; anonymous members flattened.
    pub fields: Vec<Field>,
    /// `__attribute__((packed))`
    pub packed: bool,
    /// Where the `struct`/`union` keyword of the definition was written.
    pub origin: Loc,
    /// Used as an anonymous member: its fields live in the parent.
    pub flattened: bool,
    /// The record this one is flattened into, or is the type of a named member of: untagged
    /// records are named after it.
    pub parent: Option<usize>,
}

impl RecordDef {
    /// The name used in schema files: tag, else typedef name, else synthesized name.
    pub fn name(&self) -> Option<&str> {
        self.tag
            .as_deref()
            .or(self.typedef_name.as_deref())
            .or(self.synthesized.as_deref())
    }

    /// How C code names this type (`struct x`, or a typedef name); `None` if it has no name.
    pub fn c_spelling(&self) -> Option<String> {
        let kw = match self.kind {
            RecordKind::Struct => "struct",
            RecordKind::Union => "union",
        };
        match (&self.tag, &self.typedef_name) {
            (Some(t), _) => Some(format!("{kw} {t}")),
            (None, Some(t)) => Some(t.clone()),
            _ => None,
        }
    }
}

/// An enum type.
#[derive(Clone, Debug)]
pub struct EnumInfo {
    /// The tag.
    pub tag: Option<String>,
    /// The first typedef name given to an untagged enum.
    pub typedef_name: Option<String>,
    /// Enumerators with their values.
    pub members: Vec<(String, Value)>,
    /// The body has been read.
    pub complete: bool,
    /// The compatible integer type.
    pub scalar: Scalar,
    /// Where the `enum` keyword of the definition was written.
    pub origin: Loc,
}

/// Attributes that change layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Attrs {
    align: Option<u64>,
    packed: bool,
    /// `mode(...)`: the integer size in bytes the type is changed to.
    mode: Option<u8>,
}

impl Attrs {
    fn merge(&mut self, o: Attrs) {
        self.packed |= o.packed;
        self.mode = o.mode.or(self.mode);
        self.align = match (self.align, o.align) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// The declaration specifiers of one declaration.
#[derive(Clone, Debug)]
struct Specs {
    typedef: bool,
    ty: QType,
    attrs: Attrs,
}

/// How a declarator derives a type from the specifiers, outermost first.
#[derive(Clone, Debug)]
enum Derived {
    Pointer,
    Array(Option<u64>),
    Function,
}

/// A declarator: the declared name and its derivations.
#[derive(Clone, Debug, Default)]
struct Declarator {
    name: Option<(String, Loc)>,
    derived: Vec<Derived>,
    attrs: Attrs,
    /// A problem found inside (e.g. an array size that is not constant); kept so the
    /// declaration can still be skipped cleanly.
    error: Option<String>,
}

impl Declarator {
    fn apply(&self, base: QType) -> QType {
        let mut q = base;
        for d in self.derived.iter().rev() {
            q = QType::plain(match d {
                Derived::Pointer => Ty::Pointer,
                Derived::Array(n) => {
                    // An array keeps the alignment of its (possibly over-aligned) elements.
                    q = QType {
                        ty: Ty::Array(Box::new(q.ty.clone()), *n),
                        align: q.align,
                    };
                    continue;
                }
                Derived::Function => Ty::Function,
            });
        }
        q
    }

    fn is_function(&self) -> bool {
        matches!(self.derived.first(), Some(Derived::Function))
    }
}

/// One member of a record body before layout.
struct MemberDecl {
    name: Option<String>,
    ty: QType,
    bits: Option<u32>,
    attrs: Attrs,
}

/// Everything declared so far.
#[derive(Default)]
pub struct Declarations {
    /// Structs and unions, in the order first mentioned.
    pub records: Vec<RecordDef>,
    /// Enums, in the order first mentioned.
    pub enums: Vec<EnumInfo>,
    /// Enumerators with their values and where they were written, in order.
    pub enumerators: Vec<(String, Value, Loc)>,
    /// Problems met.
    pub diagnostics: Vec<Diagnostic>,
    typedefs: HashMap<String, QType>,
    tags: HashMap<String, usize>,
    enum_tags: HashMap<String, usize>,
    enumerator_values: HashMap<String, Value>,
    /// The reason for the latest failure, used in the diagnostic of the skipped declaration.
    last_error: Option<(Loc, String)>,
    /// Nesting of declarators and specifiers being read (bounded: reading is recursive).
    depth: usize,
    /// `#pragma pack` in force, and the values saved by `pack(push)`.
    pack: Option<u64>,
    pack_stack: Vec<Option<u64>>,
}

/// Starts the placeholder name of an untagged record in a field type until it is named.
const ANON_MARK: char = '\u{1}';

/// Deepest nesting of records and declarators read.
const MAX_NESTING: usize = 128;

/// Keywords that begin or continue declaration specifiers but are not types.
const IGNORED_SPECIFIERS: &[&str] = &[
    "extern",
    "static",
    "auto",
    "register",
    "inline",
    "__inline",
    "__inline__",
    "_Noreturn",
    "_Thread_local",
    "__thread",
    "__extension__",
    "const",
    "__const",
    "__const__",
    "volatile",
    "__volatile",
    "__volatile__",
    "restrict",
    "__restrict",
    "__restrict__",
];

/// Type-specifier keywords combined by counting (C11 6.7.2p2).
const TYPE_KEYWORDS: &[&str] = &[
    "void",
    "char",
    "short",
    "int",
    "long",
    "signed",
    "__signed",
    "__signed__",
    "unsigned",
    "_Bool",
    "float",
    "double",
    "__int128",
    "_Complex",
    "__complex__",
    "_Float16",
    "_Float32",
    "_Float64",
    "_Float128",
    "_Float32x",
    "_Float64x",
    "__float128",
    "__float80",
    "__bf16",
];

fn is_attribute_keyword(t: &Token) -> bool {
    matches!(&*t.text, "__attribute__" | "__attribute")
}

impl Declarations {
    /// Declarations with gcc's builtin typedefs.
    pub fn new() -> Declarations {
        let mut d = Declarations::default();
        let mut td = |n: &str, ty: Ty| {
            d.typedefs.insert(n.to_string(), QType::plain(ty));
        };
        td("__int128_t", Ty::Scalar(Scalar::S128, false));
        td("__uint128_t", Ty::Scalar(Scalar::U128, false));
        td(
            "__builtin_va_list",
            Ty::Unsupported(Rc::from("__builtin_va_list")),
        );
        d
    }

    /// Reads a whole translation unit.
    pub fn translation_unit(&mut self, tokens: &[Token]) {
        let mut i = Tokens(tokens);
        while !i.0.is_empty() {
            self.last_error = None;
            match self.external_declaration(i) {
                Ok((rest, ())) if rest.0.len() < i.0.len() => i = rest,
                _ => {
                    let rest = self.recover(i);
                    let skipped = i.until(rest);
                    let (loc, why) = self.last_error.clone().unwrap_or_else(|| {
                        (
                            i.first().map(|t| t.loc).unwrap_or_default(),
                            "cannot parse declaration".into(),
                        )
                    });
                    let mut text = spell(skipped);
                    if text.len() > 400 {
                        let cut = (0..=400)
                            .rev()
                            .find(|n| text.is_char_boundary(*n))
                            .unwrap_or(0);
                        text.truncate(cut);
                        text.push_str(" ...");
                    }
                    self.diagnostics.push(Diagnostic {
                        loc: skipped.first().map(|t| t.loc).unwrap_or(loc),
                        text,
                        message: format!("declaration skipped: {why}"),
                    });
                    i = rest;
                }
            }
        }
    }

    /// Skips past the declaration starting at `i`: to the next `;` outside brackets, or past a
    /// closing `}` that ends a function body.
    fn recover<'a>(&self, i: Tokens<'a>) -> Tokens<'a> {
        let mut depth = 0usize;
        for (n, t) in i.0.iter().enumerate() {
            let rest = || Tokens(i.0.get(n + 1..).unwrap_or(&[]));
            if t.is("(") || t.is("[") || t.is("{") {
                depth += 1;
            } else if t.is(")") || t.is("]") || t.is("}") {
                depth = depth.saturating_sub(1);
                if depth == 0 && t.is("}") {
                    let next = i.0.get(n + 1);
                    match next {
                        Some(s) if s.is(";") => {
                            return Tokens(i.0.get(n + 2..).unwrap_or(&[]));
                        }
                        Some(s) if self.starts_declaration(s) => return rest(),
                        None => return rest(),
                        _ => {}
                    }
                }
            } else if t.is(";") && depth == 0 {
                return rest();
            }
        }
        Tokens(&[])
    }

    fn starts_declaration(&self, t: &Token) -> bool {
        t.kind == Kind::Ident
            && (IGNORED_SPECIFIERS.contains(&&*t.text)
                || TYPE_KEYWORDS.contains(&&*t.text)
                || matches!(&*t.text, "typedef" | "struct" | "union" | "enum")
                || self.typedefs.contains_key(&*t.text))
    }

    fn error<'a, O>(&mut self, i: Tokens<'a>, message: impl Into<String>) -> TResult<'a, O> {
        if self.last_error.is_none() {
            let loc = i.first().map(|t| t.loc).unwrap_or_default();
            self.last_error = Some((loc, message.into()));
        }
        fail(i)
    }

    /// Records why parsing failed at `i` and returns the nom error for it.
    fn fail_at<'a>(&mut self, i: Tokens<'a>, message: impl Into<String>) -> PErr<'a> {
        if self.last_error.is_none() {
            let loc = i.first().map(|t| t.loc).unwrap_or_default();
            self.last_error = Some((loc, message.into()));
        }
        nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Verify))
    }

    /// external-declaration: declaration | function-definition | `;` | static_assert | asm
    fn external_declaration<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, ()> {
        if let Ok((r, _)) = punct(";")(i) {
            return Ok((r, ()));
        }
        if i.first().is_some_and(|t| &*t.text == PRAGMA_PACK) {
            return self.pragma_pack(i);
        }
        for kw in ["_Static_assert", "static_assert", "__asm__", "asm", "__asm"] {
            if let Ok((r, _)) = punct(kw)(i) {
                let (r, _) = balanced("(", ")")(r)?;
                let (r, _) = punct(";")(r)?;
                return Ok((r, ()));
            }
        }
        self.declaration(i)
    }

    /// `#pragma pack(N)`, `pack()`, `pack(push[, N])`, `pack(pop)`, as gcc reads them.
    fn pragma_pack<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, ()> {
        let (r, _) = any_token(i)?;
        let Ok((r, args)) = balanced("(", ")")(r) else {
            return self.error(r, "bad #pragma pack");
        };
        let mut push = false;
        let mut value: Option<u64> = None;
        for part in args.0.split(|t| t.is(",")) {
            match part {
                [] => {}
                [t] if t.is("push") => push = true,
                [t] if t.is("pop") => {
                    self.pack = self.pack_stack.pop().unwrap_or(None);
                    return Ok((r, ()));
                }
                [t] if t.kind == Kind::Ident => {} // a push/pop label
                toks => match self.const_u64(Tokens(toks)) {
                    Some(n) if n == 0 || n.is_power_of_two() => value = Some(n),
                    _ => return self.error(i, "bad #pragma pack value"),
                },
            }
        }
        if push {
            self.pack_stack.push(self.pack);
            if value.is_some() {
                self.pack = value.filter(|n| *n > 0);
            }
        } else {
            self.pack = value.filter(|n| *n > 0);
        }
        Ok((r, ()))
    }

    /// declaration: declaration-specifiers init-declarator-list? `;`, or a function definition.
    fn declaration<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, ()> {
        let (mut r, specs) = self.declaration_specifiers(i)?;
        if let Ok((r2, _)) = punct(";")(r) {
            return Ok((r2, ()));
        }
        loop {
            let (r2, d) = self.declarator(r, false)?;
            let (r2, more) = self.attribute_specifiers(r2)?;
            let mut attrs = specs.attrs;
            attrs.merge(d.attrs);
            attrs.merge(more);
            if d.is_function() && punct("{")(r2).is_ok() {
                // A function definition: the body is not needed.
                let (r3, _) = balanced("{", "}")(r2)?;
                return Ok((r3, ()));
            }
            let mut r3 = r2;
            // `= initializer`: skipped up to the next `,` or `;` outside brackets.
            if let Ok((after_eq, _)) = punct("=")(r3) {
                r3 = skip_initializer(after_eq);
            }
            if specs.typedef {
                if let Some(e) = &d.error {
                    let e = e.clone();
                    return self.error(r, e);
                }
                if let Some((name, _)) = &d.name {
                    let mut q = d.apply(apply_mode(specs.ty.clone(), attrs.mode));
                    if let Some(a) = attrs.align {
                        q.align = Some(a);
                    }
                    self.define_typedef(name, q);
                }
            }
            if let Ok((r4, _)) = punct(",")(r3) {
                r = r4;
                continue;
            }
            let (r4, _) = match punct(";")(r3) {
                Ok(v) => v,
                Err(_) => return self.error(r3, "expected `;`"),
            };
            return Ok((r4, ()));
        }
    }

    fn define_typedef(&mut self, name: &str, mut q: QType) {
        // The kernel's byte-order types are plain integers to C; their names carry the order.
        let special = match (name, &q.ty) {
            ("__be16", Ty::Scalar(Scalar::U16, _)) => Some(Scalar::Be16),
            ("__be32", Ty::Scalar(Scalar::U32, _)) => Some(Scalar::Be32),
            ("__be64", Ty::Scalar(Scalar::U64, _)) => Some(Scalar::Be64),
            ("__le16", Ty::Scalar(Scalar::U16, _)) => Some(Scalar::Le16),
            ("__le32", Ty::Scalar(Scalar::U32, _)) => Some(Scalar::Le32),
            ("__le64", Ty::Scalar(Scalar::U64, _)) => Some(Scalar::Le64),
            _ => None,
        };
        if let (Some(s), Ty::Scalar(_, ll)) = (special, &q.ty) {
            q.ty = Ty::Scalar(s, *ll);
        }
        if let Ty::Enum(idx) = q.ty {
            if let Some(e) = self.enums.get_mut(idx) {
                if e.tag.is_none() && e.typedef_name.is_none() {
                    e.typedef_name = Some(name.to_string());
                }
            }
        }
        if let Ty::Record(idx) = q.ty {
            if let Some(rec) = self.records.get_mut(idx) {
                if rec.tag.is_none() && rec.typedef_name.is_none() && rec.synthesized.is_none() {
                    rec.typedef_name = Some(name.to_string());
                }
            }
        }
        self.typedefs.insert(name.to_string(), q);
    }

    /// attribute-specifier*: `__attribute__((...))`, `_Alignas(...)`, `__asm__("...")`.
    /// What follows `struct`, `union` or `enum` before the body: attributes, an optional tag,
    /// and attributes again (`struct __attribute__((packed)) tag __aligned(4) { ... }`).
    fn tag_head<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, (Attrs, Option<String>)> {
        let (r, mut attrs) = self.attribute_specifiers(i)?;
        let (r, tag) = match identifier(r) {
            Ok((r2, t)) => (r2, Some(t.text.to_string())),
            Err(_) => (r, None),
        };
        let (r, after_tag) = self.attribute_specifiers(r)?;
        attrs.merge(after_tag);
        Ok((r, (attrs, tag)))
    }

    fn attribute_specifiers<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, Attrs> {
        let mut attrs = Attrs::default();
        let mut i = i;
        loop {
            if let Some(t) = i.first() {
                if is_attribute_keyword(t) {
                    let (r, _) = any_token(i)?;
                    let (r, inner) = balanced("(", ")")(r)?;
                    let a = self.attribute_list(inner)?;
                    attrs.merge(a);
                    i = r;
                    continue;
                }
                if t.is("_Alignas") {
                    let (r, _) = any_token(i)?;
                    let (r, inner) = balanced("(", ")")(r)?;
                    let a = match self.type_name_info(inner) {
                        Some((rest, ty)) if rest.0.is_empty() => Some(ty.align),
                        _ => self.const_u64(inner),
                    };
                    match a {
                        // C11 6.7.5p6: an alignment of zero has no effect.
                        Some(0) => {}
                        Some(a) => attrs.merge(Attrs {
                            align: Some(a),
                            ..Attrs::default()
                        }),
                        None => return self.error(i, "_Alignas argument is not constant"),
                    }
                    i = r;
                    continue;
                }
                if matches!(&*t.text, "__asm__" | "__asm" | "asm") {
                    let (r, _) = any_token(i)?;
                    let (r, _) = balanced("(", ")")(r)?;
                    i = r;
                    continue;
                }
            }
            return Ok((i, attrs));
        }
    }

    /// The inside of `__attribute__(( ... ))`: a comma-separated list of attributes, of which
    /// `aligned` and `packed` matter.
    fn attribute_list<'a>(&mut self, inner: Tokens<'a>) -> Result<Attrs, PErr<'a>> {
        let (rest, list) = balanced("(", ")")(inner)?;
        if !rest.0.is_empty() {
            return Err(self.fail_at(rest, "bad attribute"));
        }
        let mut attrs = Attrs::default();
        let mut i = list;
        while let Some(t) = i.first() {
            if t.is(",") {
                i = Tokens(i.0.get(1..).unwrap_or(&[]));
                continue;
            }
            let (r, name) = any_token(i)?;
            let (r, args) = match balanced("(", ")")(r) {
                Ok((r, a)) => (r, Some(a)),
                Err(_) => (r, None),
            };
            match name.text.trim_matches('_') {
                "packed" => attrs.packed = true,
                "aligned" => {
                    let a = match args {
                        // `aligned` alone means the largest alignment of the target.
                        None => Ok(16),
                        Some(a) => evaluate(a.0, self, Mode::C).map(|v| v.as_i128()),
                    };
                    match a {
                        // gcc warns and ignores the attribute.
                        Ok(0) => self.diagnostics.push(Diagnostic {
                            loc: name.loc,
                            text: spell(i.until(r)),
                            message: "requested alignment 0 is not a positive power of 2; \
                                      ignored, as gcc does"
                                .into(),
                        }),
                        Ok(a) => match u64::try_from(a) {
                            Ok(a) => attrs.merge(Attrs {
                                align: Some(a),
                                ..Attrs::default()
                            }),
                            Err(_) => {
                                return Err(self.fail_at(
                                    i,
                                    format!("requested alignment {a} is not a positive power of 2"),
                                ))
                            }
                        },
                        Err(e) => {
                            return Err(
                                self.fail_at(i, format!("aligned() argument is not constant: {e}"))
                            )
                        }
                    }
                }
                "mode" => {
                    let size =
                        args.and_then(|a| a.first())
                            .and_then(|m| match m.text.trim_matches('_') {
                                "QI" | "byte" => Some(1),
                                "HI" => Some(2),
                                "SI" => Some(4),
                                "DI" | "word" | "pointer" => Some(8),
                                "TI" => Some(16),
                                _ => None,
                            });
                    match size {
                        Some(s) => attrs.mode = Some(s),
                        None => return Err(self.fail_at(i, "unsupported mode attribute")),
                    }
                }
                "vector_size" => {
                    return Err(
                        self.fail_at(i, format!("attribute `{}` is not supported", name.text))
                    )
                }
                _ => {}
            }
            i = r;
        }
        Ok(attrs)
    }

    /// The value of a constant expression that must be a non-negative integer.
    fn const_u64(&self, toks: Tokens<'_>) -> Option<u64> {
        match evaluate(toks.0, self, Mode::C) {
            Ok(v) if v.as_i128() >= 0 => u64::try_from(v.as_i128()).ok(),
            _ => None,
        }
    }

    /// declaration-specifiers (also specifier-qualifier-list: storage classes are accepted and
    /// ignored there).
    fn declaration_specifiers<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, Specs> {
        if self.depth >= MAX_NESTING {
            return self.error(i, "declaration nested too deeply");
        }
        self.depth += 1;
        let r = self.declaration_specifiers_inner(i);
        self.depth -= 1;
        r
    }

    fn declaration_specifiers_inner<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, Specs> {
        let start = i;
        let mut i = i;
        let mut typedef = false;
        let mut attrs = Attrs::default();
        let mut keywords: Vec<&str> = Vec::new();
        let mut ty: Option<QType> = None;
        while let Some(t) = i.first() {
            let text = &*t.text;
            if t.kind != Kind::Ident {
                break;
            }
            if text == "typedef" {
                typedef = true;
            } else if IGNORED_SPECIFIERS.contains(&text) {
            } else if text == "_Atomic" && punct("(")(Tokens(i.0.get(1..).unwrap_or(&[]))).is_ok() {
                return self.error(i, "_Atomic(type) is not supported");
            } else if text == "_Atomic" {
            } else if is_attribute_keyword(t) || text == "_Alignas" {
                let (r, a) = self.attribute_specifiers(i)?;
                attrs.merge(a);
                i = r;
                continue;
            } else if TYPE_KEYWORDS.contains(&text) {
                keywords.push(
                    TYPE_KEYWORDS
                        .iter()
                        .find(|k| **k == text)
                        .copied()
                        .unwrap_or(""),
                );
            } else if matches!(text, "struct" | "union") && ty.is_none() && keywords.is_empty() {
                let (r, q) = self.struct_or_union_specifier(i)?;
                ty = Some(q);
                i = r;
                continue;
            } else if text == "enum" && ty.is_none() && keywords.is_empty() {
                let (r, q) = self.enum_specifier(i)?;
                ty = Some(q);
                i = r;
                continue;
            } else if matches!(text, "typeof" | "__typeof__" | "__typeof") {
                return self.error(i, "typeof is not supported");
            } else if ty.is_none() && keywords.is_empty() && self.typedefs.contains_key(text) {
                ty = self.typedefs.get(text).cloned();
            } else {
                break;
            }
            i = Tokens(i.0.get(1..).unwrap_or(&[]));
        }
        let ty = match ty {
            Some(q) => q,
            None if keywords.is_empty() => {
                if i.0.len() == start.0.len() {
                    return self.error(i, "expected a type");
                }
                // `unsigned`-less implicit int: old style, e.g. `static x;`.
                QType::plain(Ty::Scalar(Scalar::S32, false))
            }
            None => match type_from_keywords(&keywords) {
                Some(t) => QType::plain(t),
                None => {
                    return self.error(start, format!("unsupported type `{}`", keywords.join(" ")))
                }
            },
        };
        Ok((i, Specs { typedef, ty, attrs }))
    }

    /// struct-or-union-specifier: (`struct`|`union`) attributes? tag? (`{` members `}`)? attributes?
    fn struct_or_union_specifier<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, QType> {
        let (r, kw) = any_token(i)?;
        let kind = if kw.is("union") {
            RecordKind::Union
        } else {
            RecordKind::Struct
        };
        let (r, (mut attrs, tag)) = self.tag_head(r)?;
        let Ok((after_body, body)) = balanced("{", "}")(r) else {
            // A reference to a tag, or a forward declaration.
            let Some(tag) = tag else {
                return self.error(r, "struct without tag or body");
            };
            let idx = match self.tags.get(&tag) {
                Some(idx) => *idx,
                None => self.new_record(kind, Some(tag), kw.loc),
            };
            return Ok((r, QType::plain(Ty::Record(idx))));
        };
        let (rest, a3) = self.attribute_specifiers(after_body)?;
        attrs.merge(a3);
        let idx = match tag.as_ref().and_then(|t| self.tags.get(t).copied()) {
            Some(idx) if self.records.get(idx).is_some_and(|r| !r.complete) => idx,
            Some(first) => {
                // gcc: "redefinition of 'struct X'". The first definition stays what the tag
                // means; this body is read (it may define other things) as an untagged record.
                let line = self.records.get(first).map_or(0, |r| r.origin.line);
                let what = format!("{} {}", kw.text, tag.as_deref().unwrap_or_default());
                self.redefinition(kw.loc, &what, line);
                self.new_record(kind, None, kw.loc)
            }
            None => self.new_record(kind, tag.clone(), kw.loc),
        };
        if let Some(rec) = self.records.get_mut(idx) {
            rec.origin = kw.loc;
            rec.kind = kind;
        }
        let members = self.struct_declaration_list(body, idx);
        self.finish_record(idx, members, attrs);
        Ok((rest, QType::plain(Ty::Record(idx))))
    }

    fn new_record(&mut self, kind: RecordKind, tag: Option<String>, loc: Loc) -> usize {
        let idx = self.records.len();
        if let Some(t) = &tag {
            self.tags.insert(t.clone(), idx);
        }
        self.records.push(RecordDef {
            kind,
            tag,
            typedef_name: None,
            synthesized: None,
            complete: false,
            error: None,
            size: 0,
            align: 1,
            fields: Vec::new(),
            packed: false,
            origin: loc,
            flattened: false,
            parent: None,
        });
        idx
    }

    /// struct-declaration-list; a member that cannot be read makes the record's layout unknown.
    fn struct_declaration_list(
        &mut self,
        body: Tokens<'_>,
        idx: usize,
    ) -> Result<Vec<MemberDecl>, String> {
        let mut members = Vec::new();
        let mut i = body;
        let mut error = None;
        while !i.0.is_empty() {
            self.last_error = None;
            match self.struct_declaration(i, &mut members) {
                Ok((r, ())) if r.0.len() < i.0.len() => i = r,
                _ => {
                    let (loc, why) = self.last_error.clone().unwrap_or_else(|| {
                        (
                            i.first().map(|t| t.loc).unwrap_or_default(),
                            "cannot parse member".into(),
                        )
                    });
                    let rest = self.recover(i);
                    let name = self
                        .records
                        .get(idx)
                        .and_then(|r| r.name().map(str::to_string))
                        .unwrap_or_else(|| "<anonymous>".into());
                    self.diagnostics.push(Diagnostic {
                        loc,
                        text: spell(i.until(rest)),
                        message: format!("member of `{name}` skipped, record not laid out: {why}"),
                    });
                    error.get_or_insert(why);
                    i = rest;
                }
            }
        }
        match error {
            Some(e) => Err(e),
            None => Ok(members),
        }
    }

    /// struct-declaration: specifier-qualifier-list struct-declarator-list? `;`
    fn struct_declaration<'a>(
        &mut self,
        i: Tokens<'a>,
        out: &mut Vec<MemberDecl>,
    ) -> TResult<'a, ()> {
        if let Ok((r, _)) = punct(";")(i) {
            return Ok((r, ()));
        }
        if i.first().is_some_and(|t| &*t.text == PRAGMA_PACK) {
            return self.pragma_pack(i);
        }
        for kw in ["_Static_assert", "static_assert"] {
            if let Ok((r, _)) = punct(kw)(i) {
                let (r, _) = balanced("(", ")")(r)?;
                let (r, _) = punct(";")(r)?;
                return Ok((r, ()));
            }
        }
        let (mut r, specs) = self.declaration_specifiers(i)?;
        if let Ok((r2, _)) = punct(";")(r) {
            // An anonymous struct or union member (C11 6.7.2.1p13): an untagged definition
            // right here; a tag or a typedef name alone declares nothing (gcc without
            // -fms-extensions).
            let defined_here = i.until(r).iter().any(|t| t.is("{"));
            if let Ty::Record(idx) = specs.ty.ty {
                if defined_here && self.records.get(idx).is_some_and(|rec| rec.tag.is_none()) {
                    out.push(MemberDecl {
                        name: None,
                        ty: specs.ty,
                        bits: None,
                        attrs: specs.attrs,
                    });
                }
            }
            return Ok((r2, ()));
        }
        loop {
            let (r2, d) = if punct(":")(r).is_ok() {
                (r, Declarator::default())
            } else {
                self.declarator(r, false)?
            };
            if let Some(e) = &d.error {
                let e = e.clone();
                return self.error(r, e);
            }
            let (mut r2, a) = self.attribute_specifiers(r2)?;
            let mut bits = None;
            if let Ok((r3, _)) = punct(":")(r2) {
                let end =
                    r3.0.iter()
                        .position(|t| t.is(",") || t.is(";") || is_attribute_keyword(t))
                        .unwrap_or(r3.0.len());
                let width_toks = Tokens(r3.0.get(..end).unwrap_or(&[]));
                let w = match evaluate(width_toks.0, self, Mode::C) {
                    Ok(v) if (0..=128).contains(&v.as_i128()) => v.as_i128() as u32,
                    Ok(_) => return self.error(r3, "bad bitfield width"),
                    Err(e) => return self.error(r3, format!("bitfield width: {e}")),
                };
                bits = Some(w);
                r2 = Tokens(r3.0.get(end..).unwrap_or(&[]));
            }
            let (r2, a2) = self.attribute_specifiers(r2)?;
            let mut attrs = specs.attrs;
            attrs.merge(d.attrs);
            attrs.merge(a);
            attrs.merge(a2);
            out.push(MemberDecl {
                name: d.name.as_ref().map(|(n, _)| n.clone()),
                ty: d.apply(apply_mode(specs.ty.clone(), attrs.mode)),
                bits,
                attrs,
            });
            if let Ok((r3, _)) = punct(",")(r2) {
                r = r3;
                continue;
            }
            return match punct(";")(r2) {
                Ok((r3, _)) => Ok((r3, ())),
                Err(_) => self.error(r2, "expected `;` after member"),
            };
        }
    }

    /// Computes the layout and the field list of record `idx`.
    fn finish_record(
        &mut self,
        idx: usize,
        members: Result<Vec<MemberDecl>, String>,
        attrs: Attrs,
    ) {
        let Some(kind) = self.records.get(idx).map(|r| r.kind) else {
            return;
        };
        let result = members.and_then(|ms| self.lay_out(idx, kind, &ms, attrs));
        if let Some(rec) = self.records.get_mut(idx) {
            rec.complete = true;
            rec.packed = attrs.packed;
            match result {
                Ok((size, align, fields)) => {
                    rec.size = size;
                    rec.align = align;
                    rec.fields = fields;
                }
                Err(e) => rec.error = Some(e),
            }
        }
    }

    fn lay_out(
        &mut self,
        idx: usize,
        kind: RecordKind,
        members: &[MemberDecl],
        attrs: Attrs,
    ) -> Result<(u64, u64, Vec<Field>), String> {
        let mut ins = Vec::with_capacity(members.len());
        for (n, m) in members.iter().enumerate() {
            let (size, align) = match (&m.ty.ty, n + 1 == members.len()) {
                // A flexible array member: no size, the alignment of its elements.
                (Ty::Array(elem, None), true) => {
                    let (_, a) = self.size_align(&QType::plain((**elem).clone()))?;
                    (0, m.ty.align.unwrap_or(a))
                }
                _ => self.size_align(&m.ty)?,
            };
            ins.push(MemberIn {
                size,
                align,
                user_align: m.attrs.align,
                bit_width: m.bits,
                named: m.name.is_some(),
                packed: m.attrs.packed,
            });
        }
        let record = RecordIn {
            union: kind == RecordKind::Union,
            packed: attrs.packed,
            align: attrs.align,
            // gcc lays a record out when its body ends, with the pack in force then.
            max_align: self.pack,
        };
        let out = layout(record, &ins).map_err(|e| e.0)?;
        let mut fields = Vec::new();
        for (m, bit) in members.iter().zip(out.bit_offsets.iter()) {
            let offset = bit / 8;
            match &m.name {
                None => {
                    // Anonymous struct/union member: its fields belong to the parent.
                    let Ty::Record(sub) = m.ty.ty else {
                        continue;
                    };
                    if let Some(rec) = self.records.get_mut(sub) {
                        rec.flattened = true;
                        rec.parent = Some(idx);
                        for f in &rec.fields {
                            let mut f = f.clone();
                            f.offset = f.offset.saturating_add(offset);
                            f.bits = f.bits.map(|(b, w)| {
                                (b.saturating_add(u32::try_from(*bit).unwrap_or(u32::MAX)), w)
                            });
                            fields.push(f);
                        }
                    }
                }
                Some(name) => {
                    if m.bits == Some(0) {
                        continue;
                    }
                    let (ty, count) = self.type_string(&m.ty.ty, idx)?;
                    fields.push(Field {
                        name: name.clone(),
                        ty,
                        offset,
                        count,
                        bits: m.bits.map(|w| (u32::try_from(*bit).unwrap_or(u32::MAX), w)),
                    });
                }
            }
        }
        Ok((out.size, out.align, fields))
    }

    /// The canonical type name and element count of a member type.
    fn type_string(&mut self, ty: &Ty, parent: usize) -> Result<(String, Option<u64>), String> {
        match ty {
            Ty::Array(elem, n) => {
                let (s, inner) = self.type_string(elem, parent)?;
                let count = match (n, inner) {
                    (None, _) => 0,
                    (Some(n), None) => *n,
                    (Some(n), Some(m)) => n.checked_mul(m).ok_or("array too large")?,
                };
                Ok((s, Some(count)))
            }
            Ty::Scalar(s, _) => Ok((s.name().to_string(), None)),
            Ty::Pointer | Ty::Function => Ok(("ptr".into(), None)),
            Ty::Enum(e) => Ok((
                self.enums
                    .get(*e)
                    .map_or(Scalar::U32, |e| e.scalar)
                    .name()
                    .to_string(),
                None,
            )),
            Ty::Record(r) => {
                let Some(rec) = self.records.get_mut(*r) else {
                    return Err("unknown record".into());
                };
                let kw = match rec.kind {
                    RecordKind::Struct => "struct",
                    RecordKind::Union => "union",
                };
                match rec.name() {
                    Some(name) => Ok((format!("{kw} {name}"), None)),
                    None => {
                        // Named once the parent's own name is known (it may be untagged too, or
                        // get a typedef name later): see `name_anonymous_records`.
                        rec.parent.get_or_insert(parent);
                        Ok((format!("{kw} {ANON_MARK}{r}"), None))
                    }
                }
            }
            Ty::Void => Err("member of type void".into()),
            Ty::Unsupported(n) => Err(format!("type `{n}` is not supported")),
        }
    }

    /// Gives every untagged record used as the type of a named member the name
    /// `PARENT__anonN` (PARENT: the nearest named enclosing record, N counting in source order)
    /// and puts those names into the field types that refer to them.
    pub fn name_anonymous_records(&mut self) {
        let mut counters: HashMap<String, usize> = HashMap::new();
        // Enclosing records begin first, so they come first and are named first.
        for idx in 0..self.records.len() {
            let Some(rec) = self.records.get(idx) else {
                continue;
            };
            if rec.name().is_some() || rec.flattened {
                continue;
            }
            let mut p = rec.parent;
            let mut base = None;
            let mut steps = 0;
            while let Some(pi) = p {
                let Some(pr) = self.records.get(pi) else {
                    break;
                };
                if let Some(n) = pr.name() {
                    base = Some(n.to_string());
                    break;
                }
                p = pr.parent;
                steps += 1;
                if steps > self.records.len() {
                    break;
                }
            }
            let Some(base) = base else { continue };
            let n = counters.entry(base.clone()).or_insert(0);
            *n += 1;
            let name = format!("{base}__anon{n}");
            if let Some(rec) = self.records.get_mut(idx) {
                rec.synthesized = Some(name);
            }
        }
        let names: Vec<Option<String>> = self
            .records
            .iter()
            .map(|r| r.name().map(str::to_string))
            .collect();
        for rec in &mut self.records {
            for f in &mut rec.fields {
                if let Some((kw, rest)) = f.ty.split_once(' ') {
                    if let Some(num) = rest.strip_prefix(ANON_MARK) {
                        let name = num
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| names.get(i).cloned().flatten());
                        if let Some(name) = name {
                            f.ty = format!("{kw} {name}");
                        }
                    }
                }
            }
        }
    }

    /// `sizeof` and `_Alignof` of a type.
    pub fn size_align(&self, q: &QType) -> Result<(u64, u64), String> {
        let (size, align) = match &q.ty {
            Ty::Scalar(s, _) => (s.size(), s.size()),
            Ty::Pointer => (8, 8),
            Ty::Record(idx) => {
                let rec = self.records.get(*idx).ok_or("unknown record")?;
                let name = rec.name().unwrap_or("<anonymous>");
                if !rec.complete {
                    return Err(format!("incomplete type `{name}`"));
                }
                if let Some(e) = &rec.error {
                    return Err(format!("layout of `{name}` unknown: {e}"));
                }
                (rec.size, rec.align)
            }
            Ty::Enum(idx) => {
                let s = self
                    .enums
                    .get(*idx)
                    .map_or(Scalar::U32, |e| e.scalar)
                    .size();
                (s, s)
            }
            Ty::Array(elem, n) => {
                let (s, a) = self.size_align(&QType::plain((**elem).clone()))?;
                let n = n.ok_or("array of unknown size")?;
                (s.checked_mul(n).ok_or("array too large")?, a)
            }
            Ty::Void => return Err("void has no size".into()),
            Ty::Function => return Err("a function has no size".into()),
            Ty::Unsupported(n) => return Err(format!("type `{n}` is not supported")),
        };
        Ok((size, q.align.unwrap_or(align)))
    }

    /// enum-specifier: `enum` attributes? tag? (`{` enumerator-list `}`)? attributes?
    fn enum_specifier<'a>(&mut self, i: Tokens<'a>) -> TResult<'a, QType> {
        let (r, kw) = any_token(i)?;
        let (r, (mut attrs, tag)) = self.tag_head(r)?;
        let Ok((after, body)) = balanced("{", "}")(r) else {
            let Some(tag) = tag else {
                return self.error(r, "enum without tag or body");
            };
            let idx = match self.enum_tags.get(&tag) {
                Some(idx) => *idx,
                None => self.new_enum(Some(tag), kw.loc),
            };
            return Ok((r, QType::plain(Ty::Enum(idx))));
        };
        let (rest, a3) = self.attribute_specifiers(after)?;
        attrs.merge(a3);
        let first = tag.as_ref().and_then(|t| self.enum_tags.get(t).copied());
        let first = first.filter(|&e| self.enums.get(e).is_some_and(|e| e.complete));
        let idx = match first {
            Some(first) => {
                // gcc: "redeclaration of 'enum X'"; the first definition stays.
                let line = self.enums.get(first).map_or(0, |e| e.origin.line);
                let what = format!("enum {}", tag.as_deref().unwrap_or_default());
                self.redefinition(kw.loc, &what, line);
                self.new_enum(None, kw.loc)
            }
            None => self.new_enum(tag, kw.loc),
        };
        self.enumerator_list(body, idx, attrs.packed)?;
        Ok((rest, QType::plain(Ty::Enum(idx))))
    }

    /// gcc's "redefinition of 'struct X'" (or union, enum): a warning, the first definition
    /// kept.
    fn redefinition(&mut self, loc: Loc, what: &str, first_line: u32) {
        self.diagnostics.push(Diagnostic {
            loc,
            text: String::new(),
            message: format!(
                "redefinition of `{what}` (first defined on line {first_line}); left out"
            ),
        });
    }

    fn new_enum(&mut self, tag: Option<String>, loc: Loc) -> usize {
        let idx = self.enums.len();
        if let Some(t) = &tag {
            self.enum_tags.insert(t.clone(), idx);
        }
        self.enums.push(EnumInfo {
            tag,
            typedef_name: None,
            members: Vec::new(),
            complete: false,
            scalar: Scalar::U32,
            origin: loc,
        });
        idx
    }

    /// enumerator-list: enumerator (`,` enumerator)* `,`?
    /// enumerator: identifier attributes? (`=` constant-expression)?
    fn enumerator_list<'a>(
        &mut self,
        body: Tokens<'a>,
        idx: usize,
        packed: bool,
    ) -> Result<(), PErr<'a>> {
        let mut i = body;
        // The value and type of the next implicit enumerator (gcc: the previous one plus one,
        // in the type of the previous one's value), and whether computing it overflowed.
        let mut next: Option<(i128, IntType, Option<IntType>)> = Some((0, IntType::Int, None));
        let mut members: Vec<(String, i128, Loc, Value)> = Vec::new();
        while !i.0.is_empty() {
            let (r, name) = match identifier(i) {
                Ok(v) => v,
                Err(_) => return Err(self.fail_at(i, "expected an enumerator")),
            };
            let (r, _) = self.attribute_specifiers(r)?;
            let end = r.0.iter().position(|t| t.is(",")).unwrap_or(r.0.len());
            let (value, r) = if let Ok((r2, _)) = punct("=")(r) {
                let end = r2.0.iter().position(|t| t.is(",")).unwrap_or(r2.0.len());
                // A comma inside parentheses does not end the value.
                let end = comma_outside_parens(r2.0).unwrap_or(end.max(r2.0.len()));
                let expr = r2.0.get(..end).unwrap_or(&[]);
                let v = match evaluate(expr, self, Mode::C) {
                    Ok(v) => {
                        if let Some(o) = v.overflow() {
                            self.diagnostics.push(Diagnostic {
                                loc: name.loc,
                                text: spell(expr),
                                message: format!("value of enumerator `{}`: {o}", name.text),
                            });
                        }
                        Some((v.as_i128(), v.ty))
                    }
                    Err(e) => {
                        self.diagnostics.push(Diagnostic {
                            loc: name.loc,
                            text: spell(expr),
                            message: format!("value of enumerator `{}`: {e}", name.text),
                        });
                        None
                    }
                };
                (v, Tokens(r2.0.get(end..).unwrap_or(&[])))
            } else {
                if let Some((v, _, Some(ty))) = next {
                    self.diagnostics.push(Diagnostic {
                        loc: name.loc,
                        text: String::new(),
                        message: format!(
                            "overflow in enumeration values: `{}` is the previous value plus \
                             one, {v}, which {} cannot hold (gcc rejects this enum)",
                            name.text,
                            ty.c_name()
                        ),
                    });
                }
                (
                    next.map(|(v, ty, _)| (v, ty)),
                    Tokens(r.0.get(end..).unwrap_or(&[])),
                )
            };
            // gcc's rule: the next implicit value overflows when this one is the largest of
            // its type (it is reported once; the values after it are counted on in a type wide
            // enough).
            next = value.map(|(v, ty)| {
                let (_, max) = ty.range();
                let wider = if v < max {
                    ty
                } else if v < i128::from(i64::MAX) {
                    IntType::Long
                } else {
                    IntType::ULong
                };
                (v + 1, wider, (v == max).then_some(ty))
            });
            let value = match value {
                Some((v, _)) if i64::try_from(v).is_err() && u64::try_from(v).is_err() => {
                    self.diagnostics.push(Diagnostic {
                        loc: name.loc,
                        text: String::new(),
                        message: format!(
                            "enumerator `{}` = {v} exceeds the range of the largest integer \
                             type; left out",
                            name.text
                        ),
                    });
                    None
                }
                v => v,
            };
            let value = value.map(|(v, _)| v);
            // C allows one declaration of an enumerator (gcc: "redeclaration of enumerator");
            // the first one stays, so the value a name has does not depend on which is read.
            let first = self.enumerator_values.contains_key(&*name.text).then(|| {
                members
                    .iter()
                    .find(|m| m.0 == *name.text)
                    .map(|m| m.2)
                    .or_else(|| {
                        let earlier = self.enumerators.iter().find(|e| e.0 == *name.text);
                        earlier.map(|e| e.2)
                    })
            });
            if let Some(first) = first {
                let at = first.map_or(String::new(), |l| {
                    format!(" (first declared on line {})", l.line)
                });
                self.diagnostics.push(Diagnostic {
                    loc: name.loc,
                    text: String::new(),
                    message: format!("redeclaration of enumerator `{}`{at}; left out", name.text),
                });
            } else if let Some(v) = value {
                let typed = if i32::try_from(v).is_ok() {
                    Value::int(v as i64)
                } else if v < 0 {
                    Value::new(IntType::Long, v as u64)
                } else {
                    Value::new(IntType::ULong, v as u64)
                };
                // Later enumerators may refer to this one before the enum is finished.
                self.enumerator_values.insert(name.text.to_string(), typed);
                members.push((name.text.to_string(), v, name.loc, typed));
            }
            i = match punct(",")(r) {
                Ok((r2, _)) => r2,
                Err(_) if r.0.is_empty() => r,
                Err(_) => return Err(self.fail_at(r, "expected `,` in enum")),
            };
        }
        // The enum's compatible type (gcc: unsigned int if no value is negative, int
        // otherwise, 64-bit types if 32 bits are not enough; the smallest type if packed).
        let min = members.iter().map(|m| m.1).min().unwrap_or(0);
        let max = members.iter().map(|m| m.1).max().unwrap_or(0);
        if min < 0 && max > i128::from(i64::MAX) {
            // No type holds every value: gcc warns and makes the enum `long`, so the large
            // values wrap to negative ones.
            if let Some((name, v, loc, _)) = members.iter().find(|m| m.1 == max) {
                self.diagnostics.push(Diagnostic {
                    loc: *loc,
                    text: String::new(),
                    message: format!(
                        "enumeration values exceed range of largest integer: with a negative \
                         member the enum is `long`, so `{name}` = {v} becomes {} (as in gcc)",
                        *v as u64 as i64
                    ),
                });
            }
        }
        let scalar = enum_scalar(min, max, packed);
        let enum_type = match scalar {
            Scalar::S64 => IntType::Long,
            Scalar::U64 => IntType::ULong,
            s if s.size() < 4 || s == Scalar::S32 => IntType::Int,
            _ => IntType::UInt,
        };
        let mut done = Vec::new();
        for (name, v, loc, _) in members {
            // Enumeration constants are int when the value fits, else of the enum's type.
            let value = if i32::try_from(v).is_ok() {
                Value::int(v as i64)
            } else {
                Value::new(enum_type, v as u64)
            };
            self.enumerator_values.insert(name.clone(), value);
            self.enumerators.push((name.clone(), value, loc));
            done.push((name, value));
        }
        if let Some(e) = self.enums.get_mut(idx) {
            e.members = done;
            e.complete = true;
            e.scalar = scalar;
        }
        Ok(())
    }

    /// declarator: pointer* direct-declarator; `abstract` allows the name to be missing.
    fn declarator<'a>(&mut self, i: Tokens<'a>, abstract_ok: bool) -> TResult<'a, Declarator> {
        if self.depth >= MAX_NESTING {
            return self.error(i, "declarator nested too deeply");
        }
        self.depth += 1;
        let r = self.declarator_inner(i, abstract_ok);
        self.depth -= 1;
        r
    }

    fn declarator_inner<'a>(
        &mut self,
        i: Tokens<'a>,
        abstract_ok: bool,
    ) -> TResult<'a, Declarator> {
        let mut d = Declarator::default();
        let mut i = i;
        let mut pointers = 0usize;
        loop {
            if let Ok((r, _)) = punct("*")(i) {
                pointers += 1;
                i = r;
                continue;
            }
            if let Some(t) = i.first() {
                if IGNORED_SPECIFIERS.contains(&&*t.text) || t.is("_Atomic") {
                    i = Tokens(i.0.get(1..).unwrap_or(&[]));
                    continue;
                }
                if is_attribute_keyword(t) {
                    let (r, a) = self.attribute_specifiers(i)?;
                    d.attrs.merge(a);
                    i = r;
                    continue;
                }
            }
            break;
        }
        // direct-declarator: identifier | `(` declarator `)`, then suffixes.
        let mut inner: Option<Tokens<'a>> = None;
        if let Some(t) = i.first() {
            if t.kind == Kind::Ident
                && !self.typedefs.contains_key(&*t.text)
                && !is_attribute_keyword(t)
            {
                d.name = Some((t.text.to_string(), t.loc));
                i = Tokens(i.0.get(1..).unwrap_or(&[]));
            } else if t.is("(") && self.nested_declarator_follows(i) {
                let (r, group) = balanced("(", ")")(i)?;
                inner = Some(group);
                i = r;
            } else if t.kind == Kind::Ident && !abstract_ok {
                // A typedef name redeclared as a member or variable name.
                d.name = Some((t.text.to_string(), t.loc));
                i = Tokens(i.0.get(1..).unwrap_or(&[]));
            }
        }
        if d.name.is_none() && inner.is_none() && !abstract_ok && pointers == 0 {
            // e.g. `int;` is handled by the caller; anything else is not a declarator.
            if !i.first().is_some_and(|t| t.is("[") || t.is("(")) {
                return self.error(i, "expected a declarator");
            }
        }
        let mut suffixes = Vec::new();
        loop {
            if let Ok((r, size)) = balanced("[", "]")(i) {
                let toks: Vec<Token> = size
                    .0
                    .iter()
                    .filter(|t| !matches!(&*t.text, "static" | "const" | "volatile" | "restrict"))
                    .cloned()
                    .collect();
                let n = if toks.is_empty() {
                    None
                } else {
                    match evaluate(&toks, self, Mode::C) {
                        Ok(v) if v.as_i128() >= 0 => Some(v.as_i128() as u64),
                        Ok(_) => {
                            d.error.get_or_insert_with(|| "negative array size".into());
                            Some(0)
                        }
                        Err(e) => {
                            d.error.get_or_insert_with(|| format!("array size: {e}"));
                            Some(0)
                        }
                    }
                };
                suffixes.push(Derived::Array(n));
                i = r;
                continue;
            }
            if let Ok((r, _)) = balanced("(", ")")(i) {
                suffixes.push(Derived::Function);
                i = r;
                continue;
            }
            break;
        }
        // Type derivations read from the name outwards: inner declarator first, then the
        // suffixes, then the pointers (C11 6.7.6).
        let mut derived = Vec::new();
        if let Some(group) = inner {
            let (rest, sub) = self.declarator(group, abstract_ok)?;
            if !rest.0.is_empty() {
                return self.error(rest, "unexpected tokens in declarator");
            }
            d.name = sub.name;
            d.attrs.merge(sub.attrs);
            if let Some(e) = sub.error {
                d.error.get_or_insert(e);
            }
            derived.extend(sub.derived);
        }
        derived.extend(suffixes);
        derived.extend(std::iter::repeat_n(Derived::Pointer, pointers));
        d.derived = derived;
        Ok((i, d))
    }

    /// After `(` in a declarator: a nested declarator (`(*f)(...)`, `(name)`) rather than a
    /// parameter list.
    fn nested_declarator_follows(&self, i: Tokens<'_>) -> bool {
        match i.0.get(1) {
            Some(t) if t.is("*") || t.is("(") || t.is("[") || is_attribute_keyword(t) => true,
            Some(t) if t.kind == Kind::Ident => {
                !self.typedefs.contains_key(&*t.text)
                    && !TYPE_KEYWORDS.contains(&&*t.text)
                    && !IGNORED_SPECIFIERS.contains(&&*t.text)
                    && !matches!(&*t.text, "struct" | "union" | "enum")
            }
            _ => false,
        }
    }

    /// type-name (for casts, `sizeof`, `_Alignof`): read without defining anything.
    fn type_name_info<'a>(&self, i: Tokens<'a>) -> Option<(Tokens<'a>, TypeInfo)> {
        let (r, q) = self.type_name(i)?;
        let (size, align) = self.size_align(&q).ok()?;
        let integer = match q.ty {
            Ty::Scalar(s, ll) => s.integer(ll),
            Ty::Enum(idx) => self.enums.get(idx).and_then(|e| e.scalar.integer(false)),
            _ => None,
        };
        Some((
            r,
            TypeInfo {
                size,
                align,
                integer,
            },
        ))
    }

    /// specifier-qualifier-list abstract-declarator?, for type names that refer to known types
    /// only (a cast to a newly defined struct is not an integer constant anyway).
    fn type_name<'a>(&self, i: Tokens<'a>) -> Option<(Tokens<'a>, QType)> {
        let mut i = i;
        let mut keywords: Vec<&str> = Vec::new();
        let mut ty: Option<QType> = None;
        while let Some(t) = i.first() {
            let text = &*t.text;
            if t.kind != Kind::Ident {
                break;
            }
            if IGNORED_SPECIFIERS.contains(&text) {
            } else if TYPE_KEYWORDS.contains(&text) {
                keywords.push(
                    TYPE_KEYWORDS
                        .iter()
                        .find(|k| **k == text)
                        .copied()
                        .unwrap_or(""),
                );
            } else if matches!(text, "typeof" | "__typeof__" | "__typeof") && ty.is_none() {
                // `typeof(type-name)` or `typeof(expression)` (the kernel's __ALIGN_KERNEL).
                let (r, inner) = balanced("(", ")")(Tokens(i.0.get(1..).unwrap_or(&[]))).ok()?;
                ty = Some(match self.type_name(inner) {
                    Some((rest, q)) if rest.0.is_empty() => q,
                    _ => QType::plain(int_type_ty(evaluate(inner.0, self, Mode::C).ok()?.ty)),
                });
                i = r;
                continue;
            } else if matches!(text, "struct" | "union" | "enum") && ty.is_none() {
                let tag = i.0.get(1).filter(|t| t.kind == Kind::Ident)?;
                ty = Some(QType::plain(if text == "enum" {
                    Ty::Enum(*self.enum_tags.get(&*tag.text)?)
                } else {
                    Ty::Record(*self.tags.get(&*tag.text)?)
                }));
                i = Tokens(i.0.get(2..).unwrap_or(&[]));
                continue;
            } else if ty.is_none() && keywords.is_empty() && self.typedefs.contains_key(text) {
                ty = self.typedefs.get(text).cloned();
            } else {
                break;
            }
            i = Tokens(i.0.get(1..).unwrap_or(&[]));
        }
        let mut q = match ty {
            Some(q) => q,
            None => QType::plain(type_from_keywords(&keywords)?),
        };
        // abstract-declarator: pointers and array suffixes.
        while let Ok((r, _)) = punct("*")(i) {
            q = QType::plain(Ty::Pointer);
            i = r;
            while i
                .first()
                .is_some_and(|t| IGNORED_SPECIFIERS.contains(&&*t.text))
            {
                i = Tokens(i.0.get(1..).unwrap_or(&[]));
            }
        }
        let mut dims = Vec::new();
        while let Ok((r, size)) = balanced("[", "]")(i) {
            let v = evaluate(size.0, self, Mode::C).ok()?;
            dims.push(u64::try_from(v.as_i128()).ok()?);
            i = r;
        }
        for n in dims.into_iter().rev() {
            q = QType {
                ty: Ty::Array(Box::new(q.ty), Some(n)),
                align: q.align,
            };
        }
        Some((i, q))
    }
}

impl super::expr::Env for Declarations {
    fn enumerator(&self, name: &str) -> Option<Value> {
        self.enumerator_values.get(name).copied()
    }

    fn type_name<'a>(&self, i: Tokens<'a>) -> Option<(Tokens<'a>, TypeInfo)> {
        self.type_name_info(i)
    }

    fn offset_of(&self, ty: Tokens<'_>, designator: Tokens<'_>) -> Option<u64> {
        let (rest, q) = self.type_name(ty)?;
        if !rest.0.is_empty() {
            return None;
        }
        let Ty::Record(mut rec) = q.ty else {
            return None;
        };
        let mut offset = 0u64;
        let mut i = designator;
        let mut current: Option<&Field> = None;
        // member-designator: identifier (`.` identifier | `[` constant-expression `]`)*
        loop {
            if let Ok((r, name)) = identifier(i) {
                let record = self.records.get(rec)?;
                if record.error.is_some() || !record.complete {
                    return None;
                }
                let f = record.fields.iter().find(|f| *f.name == *name.text)?;
                if f.bits.is_some() {
                    return None;
                }
                offset = offset.checked_add(f.offset)?;
                current = Some(f);
                i = r;
            } else if let Ok((r, index)) = balanced("[", "]")(i) {
                let f = current?;
                f.count?;
                let n = u64::try_from(evaluate(index.0, self, Mode::C).ok()?.as_i128()).ok()?;
                offset = offset.checked_add(n.checked_mul(self.type_size_by_name(&f.ty)?)?)?;
                i = r;
                continue;
            } else {
                return None;
            }
            match punct(".")(i) {
                Ok((r, _)) => {
                    let f = current?;
                    rec = self.record_by_type_string(&f.ty)?;
                    i = r;
                }
                Err(_) if i.0.is_empty() => return Some(offset),
                Err(_) if i.first().is_some_and(|t| t.is("[")) => {}
                Err(_) => return None,
            }
        }
    }
}

impl Declarations {
    /// The record a field type string (`struct NAME`) names.
    fn record_by_type_string(&self, ty: &str) -> Option<usize> {
        let name = ty
            .strip_prefix("struct ")
            .or_else(|| ty.strip_prefix("union "))?;
        if let Some(num) = name.strip_prefix(ANON_MARK) {
            return num.parse().ok();
        }
        self.records
            .iter()
            .rposition(|r| r.name() == Some(name) && r.complete)
    }

    /// Size of a field's element type from its type string.
    fn type_size_by_name(&self, ty: &str) -> Option<u64> {
        if let Some(idx) = self.record_by_type_string(ty) {
            return self.records.get(idx).map(|r| r.size);
        }
        use Scalar::*;
        [
            U8, U16, U32, U64, S8, S16, S32, S64, Be16, Be32, Be64, Le16, Le32, Le64, Char, Bool,
            F32, F64, F128, S128, U128,
        ]
        .iter()
        .find(|s| s.name() == ty)
        .map(|s| s.size())
        .or((ty == "ptr").then_some(8))
    }
}

/// Index of the first `,` outside parentheses.
fn comma_outside_parens(toks: &[Token]) -> Option<usize> {
    let mut depth = 0usize;
    for (n, t) in toks.iter().enumerate() {
        if t.is("(") || t.is("[") || t.is("{") {
            depth += 1;
        } else if t.is(")") || t.is("]") || t.is("}") {
            depth = depth.saturating_sub(1);
        } else if t.is(",") && depth == 0 {
            return Some(n);
        }
    }
    None
}

/// An initializer: up to the next `,` or `;` outside brackets.
fn skip_initializer(i: Tokens<'_>) -> Tokens<'_> {
    let mut depth = 0usize;
    for (n, t) in i.0.iter().enumerate() {
        if t.is("(") || t.is("[") || t.is("{") {
            depth += 1;
        } else if t.is(")") || t.is("]") || t.is("}") {
            depth = depth.saturating_sub(1);
        } else if (t.is(",") || t.is(";")) && depth == 0 {
            return Tokens(i.0.get(n..).unwrap_or(&[]));
        }
    }
    Tokens(&[])
}

/// `__attribute__((mode(...)))`: the integer type of the same signedness and the given size.
fn apply_mode(q: QType, mode: Option<u8>) -> QType {
    let Some(size) = mode else { return q };
    let Ty::Scalar(s, _) = q.ty else { return q };
    let signed = matches!(
        s,
        Scalar::S8 | Scalar::S16 | Scalar::S32 | Scalar::S64 | Scalar::S128 | Scalar::Char
    );
    let scalar = match (size, signed) {
        (1, true) => Scalar::S8,
        (1, false) => Scalar::U8,
        (2, true) => Scalar::S16,
        (2, false) => Scalar::U16,
        (4, true) => Scalar::S32,
        (4, false) => Scalar::U32,
        (8, true) => Scalar::S64,
        (8, false) => Scalar::U64,
        (_, true) => Scalar::S128,
        (_, false) => Scalar::U128,
    };
    QType::plain(Ty::Scalar(scalar, false))
}

/// The integer type of a value, as a type (for `typeof(expr)`).
fn int_type_ty(t: IntType) -> Ty {
    match t {
        IntType::Int => Ty::Scalar(Scalar::S32, false),
        IntType::UInt => Ty::Scalar(Scalar::U32, false),
        IntType::Long => Ty::Scalar(Scalar::S64, false),
        IntType::ULong => Ty::Scalar(Scalar::U64, false),
        IntType::LongLong => Ty::Scalar(Scalar::S64, true),
        IntType::ULongLong => Ty::Scalar(Scalar::U64, true),
    }
}

/// The type named by a combination of type-specifier keywords (C11 6.7.2p2).
fn type_from_keywords(k: &[&str]) -> Option<Ty> {
    let count = |w: &str| k.iter().filter(|x| **x == w).count();
    let unsigned = count("unsigned") > 0;
    let signed = count("signed") + count("__signed") + count("__signed__") > 0;
    let longs = count("long");
    if count("_Complex") + count("__complex__") > 0 {
        return Some(Ty::Unsupported(Rc::from("_Complex")));
    }
    let s = if count("void") > 0 {
        return Some(Ty::Void);
    } else if count("_Bool") > 0 {
        Scalar::Bool
    } else if count("char") > 0 {
        match (signed, unsigned) {
            (_, true) => Scalar::U8,
            (true, _) => Scalar::S8,
            _ => Scalar::Char,
        }
    } else if count("float") + count("_Float32") > 0 {
        Scalar::F32
    } else if count("double") > 0 && longs > 0 {
        Scalar::F128
    } else if count("double") + count("_Float64") + count("_Float32x") > 0 {
        Scalar::F64
    } else if count("_Float128") + count("__float128") + count("_Float64x") + count("__float80") > 0
    {
        Scalar::F128
    } else if count("_Float16") + count("__bf16") > 0 {
        return Some(Ty::Unsupported(Rc::from("_Float16")));
    } else if count("__int128") > 0 {
        if unsigned {
            Scalar::U128
        } else {
            Scalar::S128
        }
    } else if count("short") > 0 {
        if unsigned {
            Scalar::U16
        } else {
            Scalar::S16
        }
    } else if longs > 0 {
        return Some(Ty::Scalar(
            if unsigned { Scalar::U64 } else { Scalar::S64 },
            longs >= 2,
        ));
    } else if unsigned {
        Scalar::U32
    } else {
        Scalar::S32
    };
    Some(Ty::Scalar(s, false))
}

/// The integer type gcc gives an enum with values in `min..=max`.
fn enum_scalar(min: i128, max: i128, packed: bool) -> Scalar {
    if packed {
        let candidates: &[(Scalar, i128, i128)] = &[
            (Scalar::U8, 0, 255),
            (Scalar::S8, -128, 127),
            (Scalar::U16, 0, 65535),
            (Scalar::S16, -32768, 32767),
        ];
        if min >= 0 {
            for (s, lo, hi) in candidates.iter().filter(|c| c.1 == 0) {
                if min >= *lo && max <= *hi {
                    return *s;
                }
            }
        } else {
            for (s, lo, hi) in candidates.iter().filter(|c| c.1 < 0) {
                if min >= *lo && max <= *hi {
                    return *s;
                }
            }
        }
    }
    if min >= 0 {
        if max <= i128::from(u32::MAX) {
            Scalar::U32
        } else {
            Scalar::U64
        }
    } else if min >= i128::from(i32::MIN) && max <= i128::from(i32::MAX) {
        Scalar::S32
    } else {
        Scalar::S64
    }
}
