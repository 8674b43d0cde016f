//! `schema!("rtnetlink")`, the planning half: what Rust item each of the schema's constants,
//! enums and records becomes (the integer type of a constant, the variant names of an enum,
//! whether a record gets typed fields or stays bytes). `emit::items` writes them.

use std::collections::HashSet;
use std::path::PathBuf;

use netlink_schema::{ConstValue, DisplayHint, Field, FieldType, Record, ScalarType, Schema};

/// What `schema!` was given: the schema, and whether to implement `serde::Serialize`.
pub struct SchemaArgs {
    pub name: syn::LitStr,
    pub serde: Option<SerdeImpls>,
}

/// `serde` or `serde = "FEATURE"`: `Serialize` impls, behind the calling crate's `FEATURE`.
#[derive(Clone)]
pub struct SerdeImpls {
    pub feature: Option<String>,
}

impl syn::parse::Parse for SchemaArgs {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        let name: syn::LitStr = input.parse()?;
        let mut serde = None;
        while input.parse::<Option<syn::Token![,]>>()?.is_some() {
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse()?;
            if key != "serde" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown schema! option `{key}`: the options are `serde` and `serde = \"FEATURE\"`"),
                ));
            }
            let feature = if input.parse::<Option<syn::Token![=]>>()?.is_some() {
                Some(input.parse::<syn::LitStr>()?.value())
            } else {
                None
            };
            serde = Some(SerdeImpls { feature });
        }
        Ok(SchemaArgs { name, serde })
    }
}

/// Every item `schema!` writes for one schema.
pub struct ItemsPlan {
    /// The schema file, when it is a file.
    pub schema_file: Option<PathBuf>,
    pub constants: Vec<Constant>,
    pub enums: Vec<EnumPlan>,
    pub records: Vec<RecordPlan>,
    /// `Serialize` impls for the enums and records.
    pub serde: Option<SerdeImpls>,
}

/// `pub const NAME: TYPE = VALUE;`
pub struct Constant {
    pub name: String,
    pub value: ConstInt,
}

/// A constant's Rust integer type, with its value in range.
#[derive(Clone, Copy)]
pub enum ConstInt {
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    I32(i32),
    I64(i64),
    /// The type `[constant-types]` gives it (its name in Rust), with the value converted as C
    /// would (the validator checked that it fits).
    Typed(&'static str, i128),
}

/// A Rust type for a C enum: a Rust enum of its values, or a set of bits for a `flags` enum.
pub struct EnumPlan {
    /// The schema's key (`rt_scope_t`).
    pub key: String,
    /// The Rust type name (`RtScopeT`).
    pub type_name: String,
    /// One per member, in declaration order.
    pub variants: Vec<Variant>,
    /// `Some(integer type)` for a `flags = true` enum: a newtype over that integer (the
    /// members' `[constant-types]` type, else the smallest unsigned type that holds them) with
    /// one associated constant per bit.
    pub flags: Option<&'static str>,
}

/// One member of a C enum.
pub struct Variant {
    /// The Rust name: a variant (`Universe`), or for flags an associated constant (`LOWER_UP`).
    pub rust: String,
    pub value: i64,
    /// The C name (`RT_SCOPE_UNIVERSE`).
    pub c_name: String,
    /// The name people use (`universe`): the C name after the enum's common prefix, in the
    /// schema's `name-case`; what `Display` writes and `FromStr` reads.
    pub name: String,
}

/// A struct or union of the schema.
pub struct RecordPlan {
    /// The C name, also the Rust type name.
    pub name: String,
    /// `struct` or `union`.
    pub kind: &'static str,
    /// `sizeof`.
    pub size: usize,
    /// The header that defines it, for docs.
    pub header: String,
    pub layout: Layout,
    /// Its `ip` members take the family from the record that embeds it (the first of these
    /// member names the embedding record has).
    pub outer_family: Option<Vec<String>>,
}

/// How a record is held in Rust.
pub enum Layout {
    /// Plain fields, read and written member by member.
    Typed {
        /// The Rust struct has the compiler's layout (`repr(C)`): no member is an address
        /// type (`IpAddr`...) and plain fields reproduce every offset.
        repr_c: bool,
        /// `repr(C, packed)`.
        packed: bool,
        members: Vec<Member>,
    },
    /// The bytes, with accessors (unions, bitfields, layouts plain fields cannot reproduce).
    Bytes { accessors: Vec<Member> },
}

/// One member of a record, as Rust holds it.
pub struct Member {
    pub name: String,
    pub offset: usize,
    pub storage: Storage,
    /// For an array: element count and the size of one element.
    pub array: Option<(usize, usize)>,
    /// An address (`display-hint`): the member, array or not, is one `Ipv4Addr`, `Ipv6Addr`,
    /// `IpAddr` or `MacAddr`.
    pub addr: Option<Addr>,
    /// A bitfield: offset of its first bit from the record's start, width, signedness.
    pub bits: Option<(usize, u32, bool)>,
    /// For a record member whose `ip` members take the family from outside: where this record
    /// finds it.
    pub family: Option<Family>,
}

/// What address a hinted member holds.
#[derive(Clone, Copy)]
pub enum Addr {
    /// 4 bytes: `Ipv4Addr`.
    V4,
    /// 16 bytes: `Ipv6Addr`.
    V6,
    /// 16 bytes, IPv4 in the first 4 when the family says `AF_INET`: `IpAddr`.
    Ip {
        /// Where the family is.
        family: Family,
        /// The value of `AF_INET` in the schema.
        af_inet: i64,
    },
    /// 6 bytes: `MacAddr`.
    Mac,
}

/// Where an address family is read from.
#[derive(Clone, Copy)]
pub enum Family {
    /// A scalar member of the same record: offset, size, Rust integer type.
    Member {
        offset: usize,
        size: usize,
        rust: &'static str,
    },
    /// The record that embeds this one passes it (`Record::read_with_family`).
    Outer,
}

/// The Rust type of a member (of one element, for arrays).
pub enum Storage {
    /// An integer (or float) read in host order, or from network order when `big_endian`.
    Scalar {
        rust: &'static str,
        size: usize,
        big_endian: bool,
    },
    /// A struct or union of the schema, by name.
    Record(String),
}

/// Plans every item of `schema`.
pub fn plan(schema: &Schema, schema_file: Option<PathBuf>) -> ItemsPlan {
    ItemsPlan {
        schema_file,
        constants: constants(schema),
        enums: enums(schema),
        records: records(schema),
        serde: None,
    }
}

fn constants(schema: &Schema) -> Vec<Constant> {
    // Attribute ids and message types are u16 on the wire; so are nlmsg flags.
    let mut u16_names: HashSet<&str> = HashSet::new();
    for set in schema.attribute_sets.values() {
        u16_names.extend(set.get_ref().attributes.keys().map(String::as_str));
    }
    for m in schema.messages.values() {
        u16_names.extend(m.get_ref().types.iter().map(String::as_str));
    }
    let mut u8_names: HashSet<&str> = HashSet::new();
    for m in schema.messages.values() {
        u8_names.extend(m.get_ref().commands.iter().map(String::as_str));
    }
    let user = schema
        .user_constants
        .iter()
        .map(|(name, value)| (name, value.get_ref()));
    let mut out: Vec<Constant> = schema
        .constants
        .iter()
        .chain(user)
        .map(|(name, value)| {
            let v = value.as_i128();
            if let Some(t) = schema.constant_type(name) {
                return Constant {
                    name: name.clone(),
                    value: ConstInt::Typed(t.rust_name(), t.convert(v).unwrap_or_default()),
                };
            }
            let value = if u8_names.contains(name.as_str()) && (0..=255).contains(&v) {
                ConstInt::U8(v as u8)
            } else if (u16_names.contains(name.as_str()) || name.starts_with("NLM_F_"))
                && (0..=0xffff).contains(&v)
            {
                ConstInt::U16(v as u16)
            } else if (0..=i128::from(u32::MAX)).contains(&v) {
                ConstInt::U32(v as u32)
            } else if let ConstValue::BigUnsigned(u) = value {
                ConstInt::U64(*u)
            } else if (i128::from(i32::MIN)..0).contains(&v) {
                ConstInt::I32(v as i32)
            } else if v > 0 {
                ConstInt::U64(v as u64)
            } else {
                ConstInt::I64(v as i64)
            };
            Constant {
                name: name.clone(),
                value,
            }
        })
        .collect();
    // Attribute ids of hand-written sets that `[constants]` does not list.
    let mut extra: HashSet<&str> = HashSet::new();
    for (name, a) in schema
        .attribute_sets
        .values()
        .flat_map(|set| set.get_ref().attributes.iter())
    {
        if schema.constant(name).is_some() || !extra.insert(name.as_str()) {
            continue;
        }
        out.push(Constant {
            name: name.clone(),
            value: ConstInt::U16(a.get_ref().id),
        });
    }
    out
}

/// `RT_SCOPE_UNIVERSE` with prefix `RT_SCOPE_` -> `Universe`.
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert(0, 'V');
    }
    out
}

fn enums(schema: &Schema) -> Vec<EnumPlan> {
    let mut out = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (key, e) in &schema.enums {
        let members: Vec<(&str, i64)> = e
            .get_ref()
            .values
            .iter()
            .filter(|n| !n.starts_with("__"))
            .filter_map(|n| {
                let v = schema.constant(n)?.as_i128();
                i64::try_from(v).ok().map(|v| (n.as_str(), v))
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let mut type_name = camel(key);
        while !taken.insert(type_name.clone()) {
            type_name.push('_');
        }
        let names: Vec<&str> = members.iter().map(|(n, _)| *n).collect();
        let cut = if names.len() > 1 {
            netlink_schema::common_prefix(names.iter().copied()).len()
        } else {
            0
        };
        let case = e.get_ref().name_case;
        let flags = e.get_ref().flags.then(|| flag_repr(schema, &members));
        let mut used: HashSet<String> = HashSet::new();
        let mut variants = Vec::new();
        for (n, v) in &members {
            let short = n.get(cut..).filter(|s| !s.is_empty()).unwrap_or(n);
            let mut rust = if flags.is_some() {
                short.to_ascii_uppercase()
            } else {
                camel(short)
            };
            // `Unknown` is the catch-all variant; `Self` cannot be an identifier (NTF_SELF).
            if flags.is_none() && (rust == "Unknown" || rust == "Self") {
                rust.push('_');
            }
            if rust.starts_with(|c: char| c.is_ascii_digit()) {
                rust.insert(0, if flags.is_some() { '_' } else { 'V' });
            }
            while !used.insert(rust.clone()) {
                rust.push('_');
            }
            variants.push(Variant {
                rust,
                value: *v,
                c_name: (*n).to_owned(),
                name: case.apply(short),
            });
        }
        out.push(EnumPlan {
            key: key.clone(),
            type_name,
            variants,
            flags,
        });
    }
    out
}

/// The integer type of a flags enum: its members' `[constant-types]` type when they agree on
/// an unsigned one, else the smallest unsigned type that holds every member.
fn flag_repr(schema: &Schema, members: &[(&str, i64)]) -> &'static str {
    let declared: HashSet<&'static str> = members
        .iter()
        .filter_map(|(n, _)| schema.constant_type(n).map(|t| t.rust_name()))
        .collect();
    let max = members.iter().map(|(_, v)| *v).max().unwrap_or(0);
    match declared.iter().next() {
        Some(t) if declared.len() == 1 && !t.starts_with('i') => t,
        _ if max <= i64::from(u8::MAX) => "u8",
        _ if max <= i64::from(u16::MAX) => "u16",
        _ if max <= i64::from(u32::MAX) => "u32",
        _ => "u64",
    }
}

/// Rust storage for a scalar member: integers by width (big-endian members hold host-order
/// values once read), `char` and `_Bool` as bytes, pointers as `u64`.
pub fn scalar_rust(s: ScalarType) -> (&'static str, bool) {
    use ScalarType as S;
    match s {
        S::U8 | S::Char | S::Bool => ("u8", false),
        S::U16 | S::Le16 => ("u16", false),
        S::U32 | S::Le32 => ("u32", false),
        S::U64 | S::Le64 | S::Ptr => ("u64", false),
        S::S8 => ("i8", false),
        S::S16 => ("i16", false),
        S::S32 => ("i32", false),
        S::S64 => ("i64", false),
        S::Be16 => ("u16", true),
        S::Be32 => ("u32", true),
        S::Be64 => ("u64", true),
        S::F32 => ("f32", false),
        S::F64 => ("f64", false),
        S::S128 => ("i128", false),
        // Rust has no stable 128-bit float: the raw bits.
        S::U128 | S::F128 => ("u128", false),
    }
}

/// Size and alignment a member has in Rust's `repr(C)` with the type [`storage`] gives.
fn rust_size_align(schema: &Schema, f: &Field, typed: &HashSet<String>) -> Option<(u64, u64)> {
    let (size, align) = match f.field_type()? {
        FieldType::Scalar(s) => (s.size(), s.size()),
        FieldType::Struct(n) | FieldType::Union(n) => {
            if !typed.contains(n) {
                return None;
            }
            let r = schema.record(n)?;
            (r.size, r.align)
        }
    };
    Some((size * f.count.unwrap_or(1), align))
}

/// Whether `repr(C)` (or `repr(C, packed)`) with plain fields reproduces the schema's layout.
fn plain_layout_matches(schema: &Schema, r: &Record, typed: &HashSet<String>) -> Option<bool> {
    if r.fields.iter().any(|f| f.bits.is_some()) {
        return Some(false);
    }
    let natural_align = r
        .fields
        .iter()
        .map(|f| rust_size_align(schema, f, typed).map(|(_, a)| a))
        .try_fold(1u64, |acc, a| a.map(|a| acc.max(a)))?;
    let packed = r.align == 1 && natural_align > 1;
    let mut off = 0u64;
    let mut align = 1u64;
    for f in &r.fields {
        let (size, a) = rust_size_align(schema, f, typed)?;
        let a = if packed { 1 } else { a };
        off = off.div_ceil(a) * a;
        if off != f.offset {
            return Some(false);
        }
        off += size;
        align = align.max(a);
    }
    let size = off.div_ceil(align) * align;
    Some(size == r.size && (align == r.align || packed))
}

/// How Rust holds one member, if it can.
fn storage(f: &Field) -> Option<Storage> {
    Some(match f.field_type()? {
        FieldType::Scalar(s) => {
            let (rust, big_endian) = scalar_rust(s);
            Storage::Scalar {
                rust,
                size: s.size() as usize,
                big_endian,
            }
        }
        FieldType::Struct(n) | FieldType::Union(n) => Storage::Record(n.to_owned()),
    })
}

/// Whether a member's display hint makes it an address.
fn is_address(f: &Field) -> bool {
    matches!(
        f.display_hint,
        Some(DisplayHint::Ipv4 | DisplayHint::Ipv6 | DisplayHint::Ip | DisplayHint::Mac)
    ) && f.bits.is_none()
}

/// The first member of a record that a `family = "..."` names, as a family source.
fn family_member(r: &Record, names: &[String]) -> Option<Family> {
    let f = names
        .iter()
        .find_map(|n| r.fields.iter().find(|f| f.name == *n && f.count.is_none()))?;
    match storage(f)? {
        Storage::Scalar { rust, size, .. } if f.bits.is_none() => Some(Family::Member {
            offset: f.offset as usize,
            size,
            rust,
        }),
        _ => None,
    }
}

/// The family member a record's `ip` members name that the record itself lacks: the record
/// that embeds it must pass it.
pub fn outer_family(r: &Record) -> Option<Vec<String>> {
    r.fields.iter().find_map(|f| {
        (f.display_hint == Some(DisplayHint::Ip)
            && !f.family.is_empty()
            && family_member(r, &f.family).is_none())
        .then(|| f.family.clone())
    })
}

/// The address a hinted member becomes, if its size fits the hint (the validator reports
/// those that do not).
fn address(schema: &Schema, r: &Record, f: &Field) -> Option<Addr> {
    if !is_address(f) {
        return None;
    }
    Some(match (f.display_hint?, f.byte_size()?) {
        (DisplayHint::Ipv4, 4) => Addr::V4,
        (DisplayHint::Ipv6, 16) => Addr::V6,
        (DisplayHint::Mac, 6) => Addr::Mac,
        (DisplayHint::Ip, 16) => {
            if f.family.is_empty() {
                return None;
            }
            let af_inet = i64::try_from(schema.constant("AF_INET")?.as_i128()).ok()?;
            Addr::Ip {
                family: family_member(r, &f.family).unwrap_or(Family::Outer),
                af_inet,
            }
        }
        _ => return None,
    })
}

/// One member as Rust holds it, in a record that has typed fields or in the accessors of one
/// kept as bytes.
fn member(schema: &Schema, r: &Record, f: &Field, typed: &HashSet<String>) -> Option<Member> {
    let storage = storage(f)?;
    if let Storage::Record(n) = &storage {
        if !typed.contains(n) {
            return None;
        }
    }
    let addr = address(schema, r, f);
    let array = match (f.count, addr) {
        (Some(n), None) => {
            let n = n as usize;
            let elem = if n == 0 {
                0
            } else {
                rust_size_align(schema, f, typed).map_or(0, |(s, _)| s as usize / n)
            };
            Some((n, elem))
        }
        _ => None,
    };
    let bits = match (f.bits, f.bit_offset, &storage) {
        (Some(w), Some(o), Storage::Scalar { rust, .. }) => {
            Some((o as usize, w, rust.starts_with('i')))
        }
        (Some(_), _, _) => return None,
        _ => None,
    };
    let family = match &storage {
        Storage::Record(n) => schema
            .record(n)
            .and_then(outer_family)
            .map(|fam| family_member(r, &fam).unwrap_or(Family::Outer)),
        Storage::Scalar { .. } => None,
    };
    Some(Member {
        name: f.name.clone(),
        offset: f.offset as usize,
        storage,
        array,
        addr,
        bits,
        family,
    })
}

fn records(schema: &Schema) -> Vec<RecordPlan> {
    // Decide, to a fixed point, which records get typed fields: structs whose members all have
    // a Rust type at offsets plain fields reproduce (nested records typed themselves). Those
    // with no address member, nesting only such records, have the C layout in Rust too.
    let all: Vec<(&String, &Record, bool)> = schema
        .structs
        .iter()
        .map(|(n, r)| (n, r.get_ref(), false))
        .chain(schema.unions.iter().map(|(n, r)| (n, r.get_ref(), true)))
        .collect();
    let mut typed: HashSet<String> = HashSet::new();
    let mut repr_c: HashSet<String> = HashSet::new();
    loop {
        let before = typed.len();
        for (name, r, is_union) in &all {
            if *is_union
                || typed.contains(*name)
                || plain_layout_matches(schema, r, &typed) != Some(true)
            {
                continue;
            }
            typed.insert((*name).clone());
            let plain = !r.fields.iter().any(is_address)
                && r.fields.iter().all(|f| match f.field_type() {
                    Some(FieldType::Struct(n) | FieldType::Union(n)) => repr_c.contains(n),
                    _ => true,
                });
            if plain {
                repr_c.insert((*name).clone());
            }
        }
        if typed.len() == before {
            break;
        }
    }

    let mut out = Vec::new();
    for (name, r, is_union) in all {
        let layout = if typed.contains(name) {
            let packed = r.align == 1
                && r.fields.iter().any(|f| {
                    f.field_type()
                        .is_some_and(|t| matches!(t, FieldType::Scalar(s) if s.size() > 1))
                });
            let members = r
                .fields
                .iter()
                .filter_map(|f| member(schema, r, f, &typed))
                .collect();
            Layout::Typed {
                repr_c: repr_c.contains(name),
                packed,
                members,
            }
        } else {
            // Unions, bitfields and layouts Rust cannot express with plain fields: the bytes,
            // with an accessor per member (scalar, bitfield, array, address, typed record).
            let accessors = r
                .fields
                .iter()
                .filter_map(|f| member(schema, r, f, &typed))
                .collect();
            Layout::Bytes { accessors }
        };
        out.push(RecordPlan {
            name: name.clone(),
            kind: if is_union { "union" } else { "struct" },
            size: r.size as usize,
            header: r.header.as_deref().unwrap_or("the schema").to_owned(),
            layout,
            outer_family: outer_family(r),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("UNIVERSE"), "Universe");
        assert_eq!(camel("IFLA_INFO_KIND"), "IflaInfoKind");
        assert_eq!(camel("6RD"), "V6rd");
    }
}
