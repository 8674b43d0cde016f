//! `schema!`'s items in Rust: typed constants, Rust enums for the C enums (keeping unknown
//! values), and `#[repr(C)]` structs with the compiler's layout (or their bytes).

use std::collections::HashSet;

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use crate::internals::items::{
    Addr, ConstInt, Constant, EnumPlan, Family, ItemsPlan, Layout, Member, RecordPlan, Storage,
};

/// Every item of a schema.
pub fn items(plan: &ItemsPlan) -> TokenStream {
    let rebuild = super::rebuild(plan.schema_file.as_deref());
    let consts = plan.constants.iter().map(constant);
    let enums = plan.enums.iter().map(c_enum);
    let records = plan.records.iter().map(record);
    let serde = plan.serde.as_ref().map(|s| {
        let cfg = s.feature.as_ref().map(|f| quote!(#[cfg(feature = #f)]));
        let impls = plan
            .enums
            .iter()
            .map(serialize_enum)
            .chain(plan.records.iter().map(serialize_record));
        quote! {
            #cfg
            const _: () = {
                #(#impls)*
            };
        }
    });
    quote! {
        #rebuild
        #(#consts)*
        #(#enums)*
        #(#records)*
        #serde
    }
}

/// `Serialize` for an enum: the member's name (a value the schema does not name: its number);
/// for a flag set, the names of its bits (bits without a name: one hex string).
fn serialize_enum(e: &EnumPlan) -> TokenStream {
    let ty = format_ident!("{}", e.type_name);
    let body = if e.flags.is_some() {
        quote! {
            let rest = self.unnamed();
            s.collect_seq(
                self.names()
                    .map(::std::borrow::Cow::Borrowed)
                    .chain((rest != 0).then(|| ::std::borrow::Cow::Owned(::std::format!("{:#x}", rest)))),
            )
        }
    } else {
        quote! {
            match self.name() {
                ::core::option::Option::Some(n) => s.serialize_str(n),
                ::core::option::Option::None => {
                    s.serialize_i64(<Self as ::netlink_runtime::codec::CEnum>::to_raw(*self))
                }
            }
        }
    };
    quote! {
        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// `Serialize` for a record: a struct of its members, addresses as text.
fn serialize_record(r: &RecordPlan) -> TokenStream {
    let id = ident(&r.name);
    let c_name = r.name.as_str();
    let (members, by_getter) = match &r.layout {
        Layout::Typed { members, .. } => (members, false),
        Layout::Bytes { accessors } => (accessors, true),
    };
    let n = members.len();
    let fields = members.iter().map(|m| {
        let fid = ident(&m.name);
        let key = m.name.as_str();
        let value = if by_getter {
            quote!(self.#fid())
        } else {
            quote!({ self.#fid })
        };
        let value = if m.addr.is_some() {
            quote!(&::std::string::ToString::to_string(&#value))
        } else if m.array.is_some() {
            quote!(&#value[..])
        } else {
            quote!(&#value)
        };
        quote!(::serde::ser::SerializeStruct::serialize_field(&mut st, #key, #value)?;)
    });
    quote! {
        impl ::serde::Serialize for #id {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct(#c_name, #n)?;
                #(#fields)*
                ::serde::ser::SerializeStruct::end(st)
            }
        }
    }
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

fn constant(c: &Constant) -> TokenStream {
    let id = ident(&c.name);
    let (ty, lit) = match c.value {
        ConstInt::U8(v) => (quote!(u8), Literal::u8_unsuffixed(v)),
        ConstInt::U16(v) => (quote!(u16), Literal::u16_unsuffixed(v)),
        ConstInt::U32(v) => (quote!(u32), Literal::u32_unsuffixed(v)),
        ConstInt::U64(v) => (quote!(u64), Literal::u64_unsuffixed(v)),
        ConstInt::I32(v) => (quote!(i32), Literal::i32_unsuffixed(v)),
        ConstInt::I64(v) => (quote!(i64), Literal::i64_unsuffixed(v)),
        ConstInt::Typed(t, v) => {
            let t = Ident::new(t, Span::call_site());
            (quote!(#t), Literal::i128_unsuffixed(v))
        }
    };
    quote! {
        #[allow(missing_docs)]
        pub const #id: #ty = #lit;
    }
}

fn c_enum(e: &EnumPlan) -> TokenStream {
    if let Some(repr) = e.flags {
        return flag_set(e, repr);
    }
    let ty = format_ident!("{}", e.type_name);
    let key = e.key.as_str();
    let variant = |v: &crate::internals::items::Variant| format_ident!("{}", v.rust);
    let decl = e.variants.iter().map(|v| {
        let doc = format!("`{}`", v.c_name);
        let id = variant(v);
        quote!(#[doc = #doc] #id,)
    });
    let mut seen_values: HashSet<i64> = HashSet::new();
    let from = e
        .variants
        .iter()
        .filter(|v| seen_values.insert(v.value))
        .map(|v| {
            let (id, val) = (variant(v), v.value);
            quote!(#val => Self::#id,)
        });
    let to = e.variants.iter().map(|v| {
        let (id, val) = (variant(v), v.value);
        quote!(Self::#id => #val,)
    });
    let table = e.variants.iter().map(|v| {
        let (id, n) = (variant(v), v.name.as_str());
        quote!((Self::#id, #n),)
    });
    let arms = e.variants.iter().map(|v| {
        let (id, n) = (variant(v), v.name.as_str());
        quote!(Self::#id => ::core::option::Option::Some(#n),)
    });
    let doc = format!("C enum `{key}`; values the schema does not know are kept in `Unknown`.");
    let type_name = e.type_name.as_str();
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #ty {
            #(#decl)*
            /// A value this schema does not name (newer kernel).
            Unknown(i64),
        }
        impl ::netlink_runtime::codec::CEnum for #ty {
            const C_NAME: &'static str = #key;
            #[inline]
            fn from_raw(v: i64) -> Self {
                match v { #(#from)* other => Self::Unknown(other) }
            }
            #[inline]
            fn to_raw(self) -> i64 {
                match self { #(#to)* Self::Unknown(v) => v }
            }
        }
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
            /// The member 0, or `Unknown(0)`.
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
            /// A member's name in any letter case, or a number (decimal or `0x` hex).
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

/// A `flags = true` enum as a set of its bits: a newtype over `repr` with one associated
/// constant per member (`IFF_LOWER_UP` -> `NetDeviceFlags::LOWER_UP`), set operations, and the
/// names of the bits as `Display` (comma-separated, in declaration order, bits the schema does
/// not name as one hex number) and `FromStr` (names in any case or numbers, separated by `,` or
/// `|`). Bits the schema does not know are kept.
fn flag_set(e: &EnumPlan, repr: &str) -> TokenStream {
    let ty = format_ident!("{}", e.type_name);
    let repr = format_ident!("{}", repr);
    let key = e.key.as_str();
    let consts = e.variants.iter().map(|v| {
        let c = format_ident!("{}", v.rust);
        let doc = format!("`{}`", v.c_name);
        let lit = Literal::u64_unsuffixed(v.value as u64);
        quote!(#[doc = #doc] pub const #c: Self = Self(#lit);)
    });
    let table = e.variants.iter().map(|v| {
        let (c, n) = (format_ident!("{}", v.rust), v.name.as_str());
        quote!((Self::#c, #n),)
    });
    let doc =
        format!("C flags `{key}`: a set of its bits (bits the schema does not name are kept).");
    let type_name = e.type_name.as_str();
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
            const C_NAME: &'static str = #key;
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
            /// Names in any letter case or numbers, separated by `,` or `|`.
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

/// The Rust type of one element of a member.
fn storage_type(s: &Storage) -> TokenStream {
    match s {
        Storage::Scalar { rust, .. } => {
            let t = Ident::new(rust, Span::call_site());
            quote!(#t)
        }
        Storage::Record(n) => {
            let id = ident(n);
            quote!(#id)
        }
    }
}

/// The Rust type of a whole member: an address, an array or one element.
fn member_type(m: &Member) -> TokenStream {
    match (m.addr, m.array) {
        (Some(Addr::V4), _) => quote!(::core::net::Ipv4Addr),
        (Some(Addr::V6), _) => quote!(::core::net::Ipv6Addr),
        (Some(Addr::Ip { .. }), _) => quote!(::core::net::IpAddr),
        (Some(Addr::Mac), _) => quote!(::netlink_runtime::codec::MacAddr),
        (None, Some((n, _))) => {
            let base = storage_type(&m.storage);
            quote!([#base; #n])
        }
        (None, None) => storage_type(&m.storage),
    }
}

/// The family value (`Option<i64>`) at `family`, read from `__b` or passed in as `__family`.
fn family_expr(family: Family) -> TokenStream {
    match family {
        Family::Member { offset, size, rust } => {
            let ty = Ident::new(rust, Span::call_site());
            quote!(::core::option::Option::Some(
                #ty::from_ne_bytes(::netlink_runtime::codec::array_at::<#size>(&__b, #offset)) as i64
            ))
        }
        Family::Outer => quote!(__family),
    }
}

/// Reads one element from `__b` at `elem_off`.
fn read_expr(s: &Storage, family: Option<Family>, elem_off: TokenStream) -> TokenStream {
    match s {
        Storage::Scalar {
            rust,
            size,
            big_endian,
        } => {
            let ty = Ident::new(rust, Span::call_site());
            let from = if *big_endian {
                quote!(from_be_bytes)
            } else {
                quote!(from_ne_bytes)
            };
            quote!(#ty::#from(::netlink_runtime::codec::array_at::<#size>(&__b, #elem_off)))
        }
        Storage::Record(n) => {
            let id = ident(n);
            match family {
                Some(f) => {
                    let fam = family_expr(f);
                    quote!(<#id as ::netlink_runtime::codec::Record>::read_with_family(
                        __b.get(#elem_off..).unwrap_or_default(), #fam))
                }
                None => {
                    quote!(<#id as ::netlink_runtime::codec::Record>::read(__b.get(#elem_off..).unwrap_or_default()))
                }
            }
        }
    }
}

/// Writes one element `value` into `out` at `elem_off`.
fn write_stmt(s: &Storage, value: TokenStream, elem_off: TokenStream) -> TokenStream {
    match s {
        Storage::Scalar { big_endian, .. } => {
            let to = if *big_endian {
                quote!(to_be_bytes)
            } else {
                quote!(to_ne_bytes)
            };
            quote!(::netlink_runtime::codec::put_at(out, #elem_off, &#value.#to());)
        }
        Storage::Record(_) => quote! {
            if let ::core::option::Option::Some(o) = out.get_mut(#elem_off..) {
                ::netlink_runtime::codec::Record::write(&#value, o);
            }
        },
    }
}

/// Reads a whole member from `__b`.
fn read_member(m: &Member) -> TokenStream {
    let off = m.offset;
    if let Some(a) = m.addr {
        return match a {
            Addr::V4 => {
                quote!(::core::net::Ipv4Addr::from(::netlink_runtime::codec::array_at::<4>(&__b, #off)))
            }
            Addr::V6 => {
                quote!(::core::net::Ipv6Addr::from(::netlink_runtime::codec::array_at::<16>(&__b, #off)))
            }
            Addr::Mac => {
                quote!(::netlink_runtime::codec::MacAddr(::netlink_runtime::codec::array_at::<6>(&__b, #off)))
            }
            Addr::Ip { family, af_inet } => {
                let fam = family_expr(family);
                quote!(::netlink_runtime::codec::ip_by_family(
                    ::netlink_runtime::codec::array_at::<16>(&__b, #off),
                    #fam == ::core::option::Option::Some(#af_inet),
                ))
            }
        };
    }
    if let Some((bit_off, width, signed)) = m.bits {
        let ty = storage_type(&m.storage);
        return if signed {
            quote!(::netlink_runtime::codec::signed_bits_at(&__b, #bit_off, #width) as #ty)
        } else {
            quote!(::netlink_runtime::codec::bits_at(&__b, #bit_off, #width) as #ty)
        };
    }
    match m.array {
        Some((_, elem)) => {
            let read = read_expr(&m.storage, m.family, quote!(#off + __i * #elem));
            quote!(::core::array::from_fn(|__i| #read))
        }
        None => read_expr(&m.storage, m.family, quote!(#off)),
    }
}

/// Writes a whole member `value` (an expression of the member's type) into `out`.
fn write_member(m: &Member, value: TokenStream) -> TokenStream {
    let off = m.offset;
    if let Some(a) = m.addr {
        let bytes = match a {
            Addr::V4 | Addr::V6 => quote!(#value.octets()),
            Addr::Mac => quote!(#value.0),
            Addr::Ip { .. } => quote!(::netlink_runtime::codec::ip_bytes(&#value)),
        };
        return quote!(::netlink_runtime::codec::put_at(out, #off, &#bytes););
    }
    if let Some((bit_off, width, _)) = m.bits {
        return quote!(::netlink_runtime::codec::put_bits(out, #bit_off, #width, #value as u64););
    }
    match m.array {
        Some((_, elem)) => {
            let write = write_stmt(&m.storage, quote!(__v), quote!(#off + __i * #elem));
            quote! {
                let __arr = #value;
                for (__i, __v) in __arr.into_iter().enumerate() { #write }
            }
        }
        None => write_stmt(&m.storage, value, quote!(#off)),
    }
}

fn record(r: &RecordPlan) -> TokenStream {
    let id = ident(&r.name);
    let size = r.size;
    let c_name = r.name.as_str();
    let kind = r.kind;
    let header = r.header.as_str();
    // `read` with the family a record embedding this one passes, for `ip` members.
    let (read_fn, read_sig) = if r.outer_family.is_some() {
        (
            quote! {
                #[inline]
                fn read(bytes: &[u8]) -> Self {
                    Self::read_with_family(bytes, ::core::option::Option::None)
                }
            },
            quote!(fn read_with_family(bytes: &[u8], __family: ::core::option::Option<i64>) -> Self),
        )
    } else {
        (TokenStream::new(), quote!(fn read(bytes: &[u8]) -> Self))
    };
    match &r.layout {
        Layout::Typed {
            repr_c,
            packed,
            members,
        } => {
            let repr = match (repr_c, packed) {
                (false, _) => TokenStream::new(),
                (true, true) => quote!(#[repr(C, packed)]),
                (true, false) => quote!(#[repr(C)]),
            };
            let mut decl = Vec::new();
            let mut reads = Vec::new();
            let mut writes = Vec::new();
            let mut checks = Vec::new();
            for m in members {
                let fid = ident(&m.name);
                let ty = member_type(m);
                let off = m.offset;
                decl.push(quote!(#[allow(missing_docs)] pub #fid: #ty,));
                let read = read_member(m);
                reads.push(quote!(#fid: #read,));
                let value = if m.array.is_some() {
                    quote!(self.#fid)
                } else {
                    quote!({ self.#fid })
                };
                writes.push(write_member(m, value));
                if *repr_c && !packed {
                    checks.push(quote!(assert!(::core::mem::offset_of!(#id, #fid) == #off);));
                }
            }
            let (doc, layout_checks) = if *repr_c {
                (
                    format!("`{kind} {c_name}` from {header}: {size} bytes, C layout."),
                    quote! {
                        const _: () = {
                            assert!(::core::mem::size_of::<#id>() == #size);
                            #(#checks)*
                        };
                    },
                )
            } else {
                (
                    format!(
                        "`{kind} {c_name}` from {header}: {size} bytes, read and written member by \
                         member (its addresses are Rust address types, so its memory layout is not C's)."
                    ),
                    TokenStream::new(),
                )
            };
            quote! {
                #[doc = #doc]
                #[allow(non_camel_case_types)]
                #repr
                #[derive(Debug, Clone, Copy, PartialEq)]
                pub struct #id { #(#decl)* }
                #layout_checks
                impl ::core::default::Default for #id {
                    fn default() -> Self {
                        <Self as ::netlink_runtime::codec::Record>::read(&[])
                    }
                }
                impl ::netlink_runtime::codec::Record for #id {
                    const C_NAME: &'static str = #c_name;
                    const SIZE: usize = #size;
                    #read_fn
                    #[inline]
                    #read_sig {
                        let __b: [u8; #size] = ::netlink_runtime::codec::padded(bytes);
                        Self { #(#reads)* }
                    }
                    #[inline]
                    fn write(&self, out: &mut [u8]) {
                        #(#writes)*
                    }
                }
            }
        }
        Layout::Bytes { accessors } => {
            let accessors = accessors.iter().map(accessor);
            let doc = format!("`{kind} {c_name}` from {header}: {size} bytes, kept as bytes (its layout needs a union, bitfields or packing); a getter and a `set_` method per member.");
            quote! {
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
            }
        }
    }
}

/// A getter and a setter on a record kept as bytes.
fn accessor(m: &Member) -> TokenStream {
    let fid = ident(&m.name);
    let set = format_ident!("set_{}", m.name);
    let ty = member_type(m);
    // Without the embedding record, an `ip` member that takes the family from outside reads
    // as IPv6 (all 16 bytes).
    let read = read_member(m);
    let write = write_member(m, quote!(v));
    let what = match (m.bits, m.array, m.addr) {
        (Some((o, w, _)), _, _) => format!("bitfield of {w} bits at bit {o}"),
        (_, Some((n, _)), None) => format!("array of {n} at offset {}", m.offset),
        _ => format!("at offset {}", m.offset),
    };
    let doc = format!("Member `{}` ({what}).", m.name);
    let set_doc = format!("Sets member `{}` ({what}).", m.name);
    let outer = matches!(
        m.addr,
        Some(Addr::Ip {
            family: Family::Outer,
            ..
        })
    ) || matches!(m.family, Some(Family::Outer));
    let family = outer
        .then(|| quote!(let __family: ::core::option::Option<i64> = ::core::option::Option::None;));
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #fid(&self) -> #ty {
            let __b = self.bytes;
            #family
            #read
        }
        #[doc = #set_doc]
        #[inline]
        pub fn #set(&mut self, v: #ty) {
            let out = &mut self.bytes[..];
            #write
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("rtm_family").to_string(), "rtm_family");
    }
}
