//! `schema!("rtnetlink")`: a schema's own items in Rust: typed constants, Rust enums for the C
//! enums (keeping unknown values), and `#[repr(C)]` structs with the compiler's layout.

use std::collections::{HashMap, HashSet};

use netlink_schema::{ConstValue, Field, FieldType, Record, ScalarType, Schema};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Ident, LitStr};

use crate::schemas;

pub fn expand(input: LitStr) -> syn::Result<TokenStream> {
    let loaded = schemas::load(&input.value(), input.span())?;
    let schema = &*loaded.schema;
    let rebuild = loaded.file.as_ref().map(|p| {
        let p = p.display().to_string();
        quote!(
            const _: &[u8] = include_bytes!(#p);
        )
    });
    let consts = constants(schema);
    let enums = enums(schema);
    let records = records(schema);
    Ok(quote! {
        #rebuild
        #consts
        #enums
        #records
    })
}

/// A Rust identifier for a C name (raw for keywords, `_`-suffixed where raw is not allowed).
pub fn ident(name: &str) -> Ident {
    if syn::parse_str::<Ident>(name).is_ok() {
        Ident::new(name, Span::call_site())
    } else if matches!(name, "self" | "Self" | "super" | "crate" | "_") {
        format_ident!("{}_", name)
    } else {
        Ident::new_raw(name, Span::call_site())
    }
}

fn constants(schema: &Schema) -> TokenStream {
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
    let items = schema.constants.iter().map(|(name, value)| {
        let id = ident(name);
        let v = value.as_i128();
        if let Some(t) = schema.constant_type(name) {
            // The validator checked that the value fits.
            let v = t.convert(v).unwrap_or_default();
            let ty = format_ident!("{}", t.rust_name());
            let lit = proc_macro2::Literal::i128_unsuffixed(v);
            return quote! {
                #[allow(missing_docs)]
                pub const #id: #ty = #lit;
            };
        }
        let (ty, lit) = if u8_names.contains(name.as_str()) && (0..=255).contains(&v) {
            (quote!(u8), proc_macro2::Literal::u8_unsuffixed(v as u8))
        } else if (u16_names.contains(name.as_str()) || name.starts_with("NLM_F_"))
            && (0..=0xffff).contains(&v)
        {
            (quote!(u16), proc_macro2::Literal::u16_unsuffixed(v as u16))
        } else if (0..=i128::from(u32::MAX)).contains(&v) {
            (quote!(u32), proc_macro2::Literal::u32_unsuffixed(v as u32))
        } else if let ConstValue::BigUnsigned(u) = value {
            (quote!(u64), proc_macro2::Literal::u64_unsuffixed(*u))
        } else if (i128::from(i32::MIN)..0).contains(&v) {
            (quote!(i32), proc_macro2::Literal::i32_unsuffixed(v as i32))
        } else if v > 0 {
            (quote!(u64), proc_macro2::Literal::u64_unsuffixed(v as u64))
        } else {
            (quote!(i64), proc_macro2::Literal::i64_unsuffixed(v as i64))
        };
        quote! {
            #[allow(missing_docs)]
            pub const #id: #ty = #lit;
        }
    });
    // Attribute ids of hand-written sets that `[constants]` does not list.
    let mut extra: HashSet<&str> = HashSet::new();
    let ids = schema
        .attribute_sets
        .values()
        .flat_map(|set| set.get_ref().attributes.iter())
        .filter_map(|(name, a)| {
            if schema.constants.contains_key(name) || !extra.insert(name.as_str()) {
                return None;
            }
            let id = ident(name);
            let v = proc_macro2::Literal::u16_unsuffixed(a.get_ref().id);
            Some(quote!(#[allow(missing_docs)] pub const #id: u16 = #v;))
        });
    let ids: Vec<TokenStream> = ids.collect();
    quote!(#(#items)* #(#ids)*)
}

/// `RT_SCOPE_UNIVERSE` with prefix `RT_SCOPE_` -> `Universe`.
fn camel(name: &str) -> String {
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

fn enums(schema: &Schema) -> TokenStream {
    let mut out = TokenStream::new();
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
        let ty = format_ident!("{}", type_name);
        let names: Vec<&str> = members.iter().map(|(n, _)| *n).collect();
        let cut = if names.len() > 1 {
            netlink_schema::common_prefix(names.iter().copied()).len()
        } else {
            0
        };
        if e.get_ref().flags {
            out.extend(flag_set(schema, key, &ty, &members, cut));
            continue;
        }
        let mut used: HashSet<String> = HashSet::new();
        let mut variants = Vec::new();
        for (n, v) in &members {
            let mut vn = camel(&n[cut..]);
            // `Unknown` is the catch-all variant; `Self` cannot be an identifier (NTF_SELF).
            if vn == "Unknown" || vn == "Self" {
                vn.push('_');
            }
            if vn.starts_with(|c: char| c.is_ascii_digit()) {
                vn.insert(0, 'V');
            }
            while !used.insert(vn.clone()) {
                vn.push('_');
            }
            variants.push((format_ident!("{}", vn), *v, *n));
        }
        let decl = variants.iter().map(|(v, _, c)| {
            let doc = format!("`{c}`");
            quote!(#[doc = #doc] #v,)
        });
        let mut seen_values: HashMap<i64, ()> = HashMap::new();
        let from = variants
            .iter()
            .filter(|(_, val, _)| seen_values.insert(*val, ()).is_none())
            .map(|(v, val, _)| quote!(#val => Self::#v,));
        let to = variants.iter().map(|(v, val, _)| quote!(Self::#v => #val,));
        let names = enum_names(&ty, e.get_ref().name_case, &variants, cut);
        let doc = format!("C enum `{key}`; values the schema does not know are kept in `Unknown`.");
        out.extend(names);
        out.extend(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum #ty {
                #(#decl)*
                /// A value this schema does not name (newer kernel).
                Unknown(i64),
            }
            impl ::netlink_runtime::codec::CEnum for #ty {
                #[inline]
                fn from_raw(v: i64) -> Self {
                    match v { #(#from)* other => Self::Unknown(other) }
                }
                #[inline]
                fn to_raw(self) -> i64 {
                    match self { #(#to)* Self::Unknown(v) => v }
                }
            }
        });
    }
    out
}

/// The names people use for an enum's members, as `NAMES`, `name()`, `Display` and `FromStr`
/// (and `Default`, the member 0 or `Unknown(0)`): each C name after the enum's common prefix
/// (`cut` bytes), in the schema's letter case (`RTPROT_STATIC` -> `static`, `IFF_LOWER_UP` ->
/// `LOWER_UP`). `FromStr` takes a name in any case, or a number (decimal or `0x` hex).
fn enum_names(
    ty: &Ident,
    case: netlink_schema::NameCase,
    variants: &[(Ident, i64, &str)],
    cut: usize,
) -> TokenStream {
    let named: Vec<(&Ident, String)> = variants
        .iter()
        .map(|(v, _, c)| {
            let short = c.get(cut..).filter(|s| !s.is_empty()).unwrap_or(c);
            (v, case.apply(short))
        })
        .collect();
    let table = named.iter().map(|(v, n)| quote!((Self::#v, #n),));
    let arms = named.iter().map(|(v, n)| quote!(Self::#v => ::core::option::Option::Some(#n),));
    let type_name = ty.to_string();
    quote! {
        impl #ty {
            /// Every member with its name, in declaration order.
            pub const NAMES: &'static [(Self, &'static str)] = &[#(#table)*];
            /// The name of this value (`None` for a value the schema does not name).
            pub fn name(self) -> ::core::option::Option<&'static str> {
                match self {
                    #(#arms)*
                    Self::Unknown(_) => ::core::option::Option::None,
                }
            }
        }
        impl ::core::default::Default for #ty {
            fn default() -> Self {
                <Self as ::netlink_runtime::codec::CEnum>::from_raw(0)
            }
        }
        impl ::core::fmt::Display for #ty {
            /// The member's name, or the number of a value the schema does not name.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    ::core::option::Option::Some(n) => f.write_str(n),
                    ::core::option::Option::None => ::core::write!(
                        f,
                        "{}",
                        <Self as ::netlink_runtime::codec::CEnum>::to_raw(*self)
                    ),
                }
            }
        }
        impl ::core::str::FromStr for #ty {
            type Err = ::netlink_runtime::codec::ParseEnumError;
            fn from_str(s: &str) -> ::core::result::Result<Self, ::netlink_runtime::codec::ParseEnumError> {
                for (v, n) in Self::NAMES {
                    if n.eq_ignore_ascii_case(s) {
                        return ::core::result::Result::Ok(*v);
                    }
                }
                match ::netlink_runtime::codec::parse_enum_number(s) {
                    ::core::option::Option::Some(v) => ::core::result::Result::Ok(
                        <Self as ::netlink_runtime::codec::CEnum>::from_raw(v),
                    ),
                    ::core::option::Option::None => {
                        ::core::result::Result::Err(::netlink_runtime::codec::ParseEnumError {
                            type_name: #type_name,
                            input: s.into(),
                            expected: Self::NAMES.iter().map(|(_, n)| *n).collect(),
                        })
                    }
                }
            }
        }
    }
}

/// A `flags = true` enum as a set of its bits: a newtype over the members' integer type (their
/// `[constant-types]` type, else the smallest unsigned type that holds them) with one
/// associated constant per member (`IFF_LOWER_UP` -> `NetDeviceFlags::LOWER_UP`), set
/// operations, and the names of the bits as `Display` (comma-separated, in declaration order,
/// bits the schema does not name as one hex number) and `FromStr` (names in any case or
/// numbers, separated by `,` or `|`). Bits the schema does not know are kept.
fn flag_set(
    schema: &Schema,
    key: &str,
    ty: &Ident,
    members: &[(&str, i64)],
    cut: usize,
) -> TokenStream {
    let declared: HashSet<&'static str> = members
        .iter()
        .filter_map(|(n, _)| schema.constant_type(n).map(|t| t.rust_name()))
        .collect();
    let max = members.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let repr = match declared.iter().next() {
        Some(t) if declared.len() == 1 && !t.starts_with('i') => *t,
        _ if max <= i64::from(u8::MAX) => "u8",
        _ if max <= i64::from(u16::MAX) => "u16",
        _ if max <= i64::from(u32::MAX) => "u32",
        _ => "u64",
    };
    let repr = format_ident!("{}", repr);
    let case = schemas_name_case(schema, key);
    let mut used: HashSet<String> = HashSet::new();
    let mut consts = Vec::new();
    let mut table = Vec::new();
    for (n, v) in members {
        let short = n.get(cut..).filter(|s| !s.is_empty()).unwrap_or(n);
        let mut cn = short.to_ascii_uppercase();
        if cn.starts_with(|c: char| c.is_ascii_digit()) {
            cn.insert(0, '_');
        }
        while !used.insert(cn.clone()) {
            cn.push('_');
        }
        let c = format_ident!("{}", cn);
        let doc = format!("`{n}`");
        let lit = proc_macro2::Literal::u64_unsuffixed(*v as u64);
        consts.push(quote!(#[doc = #doc] pub const #c: Self = Self(#lit);));
        let name = case.apply(short);
        table.push(quote!((Self::#c, #name),));
    }
    let doc = format!(
        "C flags `{key}`: a set of its bits (bits the schema does not name are kept)."
    );
    let type_name = ty.to_string();
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
        pub struct #ty(pub #repr);
        impl #ty {
            #(#consts)*
            /// Every named bit with its name, in declaration order.
            pub const NAMES: &'static [(Self, &'static str)] = &[#(#table)*];
            /// No bit set.
            pub const fn empty() -> Self {
                Self(0)
            }
            /// The bits.
            pub const fn bits(self) -> #repr {
                self.0
            }
            /// Whether no bit is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }
            /// Whether every bit of `other` is set.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }
            /// Whether any bit of `other` is set.
            pub const fn intersects(self, other: Self) -> bool {
                self.0 & other.0 != 0
            }
            /// The names of the named bits that are set, in declaration order.
            pub fn names(self) -> impl ::core::iter::Iterator<Item = &'static str> {
                Self::NAMES
                    .iter()
                    .filter(move |(f, _)| f.0 != 0 && self.contains(*f))
                    .map(|(_, n)| *n)
            }
            /// The bits no name covers.
            pub fn unnamed(self) -> #repr {
                Self::NAMES.iter().fold(self.0, |rest, (f, _)| rest & !f.0)
            }
        }
        impl ::core::ops::BitOr for #ty {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                Self(self.0 | rhs.0)
            }
        }
        impl ::core::ops::BitOrAssign for #ty {
            fn bitor_assign(&mut self, rhs: Self) {
                self.0 |= rhs.0;
            }
        }
        impl ::core::ops::BitAnd for #ty {
            type Output = Self;
            fn bitand(self, rhs: Self) -> Self {
                Self(self.0 & rhs.0)
            }
        }
        impl ::core::ops::Sub for #ty {
            type Output = Self;
            /// The bits of `self` that are not in `rhs`.
            fn sub(self, rhs: Self) -> Self {
                Self(self.0 & !rhs.0)
            }
        }
        impl ::netlink_runtime::codec::CEnum for #ty {
            #[inline]
            fn from_raw(v: i64) -> Self {
                Self(v as #repr)
            }
            #[inline]
            fn to_raw(self) -> i64 {
                self.0 as i64
            }
        }
        impl ::core::fmt::Display for #ty {
            /// The names of the bits, comma-separated (bits without a name: one hex number).
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut first = true;
                for n in self.names() {
                    if !first {
                        f.write_str(",")?;
                    }
                    first = false;
                    f.write_str(n)?;
                }
                let rest = self.unnamed();
                if rest != 0 {
                    if !first {
                        f.write_str(",")?;
                    }
                    ::core::write!(f, "{:#x}", rest)?;
                }
                ::core::result::Result::Ok(())
            }
        }
        impl ::core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{}({})", #type_name, self)
            }
        }
        impl ::core::str::FromStr for #ty {
            type Err = ::netlink_runtime::codec::ParseEnumError;
            fn from_str(
                s: &str,
            ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ParseEnumError> {
                let mut out = Self(0);
                for part in s.split(|c| c == ',' || c == '|').map(str::trim).filter(|p| !p.is_empty()) {
                    if let ::core::option::Option::Some((v, _)) =
                        Self::NAMES.iter().find(|(_, n)| n.eq_ignore_ascii_case(part))
                    {
                        out.0 |= v.0;
                        continue;
                    }
                    match ::netlink_runtime::codec::parse_enum_number(part) {
                        ::core::option::Option::Some(v) => out.0 |= v as #repr,
                        ::core::option::Option::None => {
                            return ::core::result::Result::Err(
                                ::netlink_runtime::codec::ParseEnumError {
                                    type_name: #type_name,
                                    input: part.into(),
                                    expected: Self::NAMES.iter().map(|(_, n)| *n).collect(),
                                },
                            )
                        }
                    }
                }
                ::core::result::Result::Ok(out)
            }
        }
    }
}

fn schemas_name_case(schema: &Schema, key: &str) -> netlink_schema::NameCase {
    schema
        .enums
        .get(key)
        .map(|e| e.get_ref().name_case)
        .unwrap_or_default()
}

/// Rust storage for a scalar member: integers by width (big-endian members hold host-order
/// values once read), `char` and `_Bool` as bytes, pointers as `u64`.
fn scalar_rust(s: ScalarType) -> (TokenStream, bool) {
    use ScalarType as S;
    match s {
        S::U8 | S::Char | S::Bool => (quote!(u8), false),
        S::U16 | S::Le16 => (quote!(u16), false),
        S::U32 | S::Le32 => (quote!(u32), false),
        S::U64 | S::Le64 | S::Ptr => (quote!(u64), false),
        S::S8 => (quote!(i8), false),
        S::S16 => (quote!(i16), false),
        S::S32 => (quote!(i32), false),
        S::S64 => (quote!(i64), false),
        S::Be16 => (quote!(u16), true),
        S::Be32 => (quote!(u32), true),
        S::Be64 => (quote!(u64), true),
        S::F32 => (quote!(f32), false),
        S::F64 => (quote!(f64), false),
        S::S128 => (quote!(i128), false),
        // Rust has no stable 128-bit float: the raw bits.
        S::U128 | S::F128 => (quote!(u128), false),
    }
}

/// Size and alignment a member has in Rust's `repr(C)` with the type [`member_type`] gives.
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

fn member_type(f: &Field) -> Option<(TokenStream, bool)> {
    let (base, be) = match f.field_type()? {
        FieldType::Scalar(s) => scalar_rust(s),
        FieldType::Struct(n) | FieldType::Union(n) => {
            let id = ident(n);
            (quote!(#id), false)
        }
    };
    Some(match f.count {
        Some(n) => {
            let n = n as usize;
            (quote!([#base; #n]), be)
        }
        None => (base, be),
    })
}

fn read_expr(f: &Field, be: bool, elem_off: TokenStream) -> TokenStream {
    match f.field_type() {
        Some(FieldType::Scalar(s)) => {
            let (ty, _) = scalar_rust(s);
            let size = s.size() as usize;
            let from = if be {
                quote!(from_be_bytes)
            } else {
                quote!(from_ne_bytes)
            };
            quote!(#ty::#from(::netlink_runtime::codec::array_at::<#size>(&__b, #elem_off)))
        }
        Some(FieldType::Struct(n)) | Some(FieldType::Union(n)) => {
            let id = ident(n);
            quote!(<#id as ::netlink_runtime::codec::Record>::read(__b.get(#elem_off..).unwrap_or_default()))
        }
        None => quote!(::core::default::Default::default()),
    }
}

fn write_stmt(f: &Field, be: bool, value: TokenStream, elem_off: TokenStream) -> TokenStream {
    match f.field_type() {
        Some(FieldType::Scalar(_)) => {
            let to = if be {
                quote!(to_be_bytes)
            } else {
                quote!(to_ne_bytes)
            };
            quote!(::netlink_runtime::codec::put_at(out, #elem_off, &#value.#to());)
        }
        _ => quote! {
            if let ::core::option::Option::Some(o) = out.get_mut(#elem_off..) {
                ::netlink_runtime::codec::Record::write(&#value, o);
            }
        },
    }
}

fn records(schema: &Schema) -> TokenStream {
    // Decide, to a fixed point, which records get typed fields: those whose members all have a
    // Rust type that reproduces the C layout (nested records must be typed themselves).
    let all: Vec<(&String, &Record, bool)> = schema
        .structs
        .iter()
        .map(|(n, r)| (n, r.get_ref(), false))
        .chain(schema.unions.iter().map(|(n, r)| (n, r.get_ref(), true)))
        .collect();
    let mut typed: HashSet<String> = HashSet::new();
    loop {
        let before = typed.len();
        for (name, r, is_union) in &all {
            if !is_union
                && !typed.contains(*name)
                && plain_layout_matches(schema, r, &typed) == Some(true)
            {
                typed.insert((*name).clone());
            }
        }
        if typed.len() == before {
            break;
        }
    }

    let mut out = TokenStream::new();
    for (name, r, is_union) in all {
        let id = ident(name);
        let size = r.size as usize;
        let c_name = name.as_str();
        let kind = if is_union { "union" } else { "struct" };
        let header = r.header.as_deref().unwrap_or("the schema");
        if typed.contains(name) {
            let packed = r.align == 1
                && r.fields.iter().any(|f| {
                    f.field_type()
                        .is_some_and(|t| matches!(t, FieldType::Scalar(s) if s.size() > 1))
                });
            let repr = if packed {
                quote!(#[repr(C, packed)])
            } else {
                quote!(#[repr(C)])
            };
            let mut decl = Vec::new();
            let mut reads = Vec::new();
            let mut writes = Vec::new();
            let mut checks = Vec::new();
            for f in &r.fields {
                let fid = ident(&f.name);
                let Some((ty, be)) = member_type(f) else {
                    continue;
                };
                let off = f.offset as usize;
                decl.push(quote!(#[allow(missing_docs)] pub #fid: #ty,));
                match f.count {
                    Some(n) => {
                        let n = n as usize;
                        let elem = if n == 0 {
                            0
                        } else {
                            rust_size_align(schema, f, &typed).map_or(0, |(s, _)| s as usize / n)
                        };
                        let read = read_expr(f, be, quote!(#off + __i * #elem));
                        reads.push(quote!(#fid: ::core::array::from_fn(|__i| #read),));
                        let write = write_stmt(f, be, quote!(__v), quote!(#off + __i * #elem));
                        writes.push(quote! {
                            let __arr = self.#fid;
                            for (__i, __v) in __arr.into_iter().enumerate() { #write }
                        });
                    }
                    None => {
                        let read = read_expr(f, be, quote!(#off));
                        reads.push(quote!(#fid: #read,));
                        let write = write_stmt(f, be, quote!({ self.#fid }), quote!(#off));
                        writes.push(write);
                    }
                }
                if !packed {
                    checks.push(quote!(assert!(::core::mem::offset_of!(#id, #fid) == #off);));
                }
            }
            let doc = format!("`{kind} {c_name}` from {header}: {size} bytes, C layout.");
            out.extend(quote! {
                #[doc = #doc]
                #[allow(non_camel_case_types)]
                #repr
                #[derive(Debug, Clone, Copy, PartialEq)]
                pub struct #id { #(#decl)* }
                const _: () = {
                    assert!(::core::mem::size_of::<#id>() == #size);
                    #(#checks)*
                };
                impl ::core::default::Default for #id {
                    fn default() -> Self {
                        <Self as ::netlink_runtime::codec::Record>::read(&[])
                    }
                }
                impl ::netlink_runtime::codec::Record for #id {
                    const C_NAME: &'static str = #c_name;
                    const SIZE: usize = #size;
                    #[inline]
                    fn read(bytes: &[u8]) -> Self {
                        let __b: [u8; #size] = ::netlink_runtime::codec::padded(bytes);
                        Self { #(#reads)* }
                    }
                    #[inline]
                    fn write(&self, out: &mut [u8]) {
                        #(#writes)*
                    }
                }
            });
        } else {
            // Unions, bitfields and layouts Rust cannot express with plain fields: the bytes,
            // with an accessor per scalar member.
            let accessors = r
                .fields
                .iter()
                .filter(|f| f.bits.is_none() && f.count.is_none())
                .filter_map(|f| {
                    let Some(FieldType::Scalar(s)) = f.field_type() else {
                        return None;
                    };
                    let (ty, be) = scalar_rust(s);
                    let fid = ident(&f.name);
                    let read = read_expr(f, be, {
                        let off = f.offset as usize;
                        quote!(#off)
                    });
                    let doc = format!("Member `{}` at offset {}.", f.name, f.offset);
                    Some(quote! {
                        #[doc = #doc]
                        #[inline]
                        pub fn #fid(&self) -> #ty { let __b = self.bytes; #read }
                    })
                });
            let doc = format!("`{kind} {c_name}` from {header}: {size} bytes, kept as bytes (its layout needs a union, bitfields or packing).");
            out.extend(quote! {
                #[doc = #doc]
                #[allow(non_camel_case_types)]
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub struct #id {
                    /// The C object's bytes.
                    pub bytes: [u8; #size],
                }
                impl ::core::default::Default for #id {
                    fn default() -> Self { Self { bytes: [0; #size] } }
                }
                #[allow(non_snake_case)]
                impl #id { #(#accessors)* }
                impl ::netlink_runtime::codec::Record for #id {
                    const C_NAME: &'static str = #c_name;
                    const SIZE: usize = #size;
                    #[inline]
                    fn read(bytes: &[u8]) -> Self {
                        Self { bytes: ::netlink_runtime::codec::padded(bytes) }
                    }
                    #[inline]
                    fn write(&self, out: &mut [u8]) {
                        ::netlink_runtime::codec::put_at(out, 0, &self.bytes);
                    }
                }
            });
        }
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

    #[test]
    fn keyword_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("rtm_family").to_string(), "rtm_family");
    }
}
