//! `schema!`'s items in Rust: typed constants, Rust enums for the C enums (keeping unknown
//! values), and `#[repr(C)]` structs with the compiler's layout (or their bytes).

use std::collections::HashSet;

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use crate::internals::items::{
    ConstInt, Constant, EnumPlan, ItemsPlan, Layout, Member, RecordPlan, Storage,
};

/// Every item of a schema.
pub fn items(plan: &ItemsPlan) -> TokenStream {
    let rebuild = super::rebuild(plan.schema_file.as_deref());
    let consts = plan.constants.iter().map(constant);
    let enums = plan.enums.iter().map(c_enum);
    let records = plan.records.iter().map(record);
    quote! {
        #rebuild
        #(#consts)*
        #(#enums)*
        #(#records)*
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
    let ty = format_ident!("{}", e.type_name);
    let variants: Vec<(Ident, i64, &str)> = e
        .variants
        .iter()
        .map(|(v, val, c)| (format_ident!("{}", v), *val, c.as_str()))
        .collect();
    let decl = variants.iter().map(|(v, _, c)| {
        let doc = format!("`{c}`");
        quote!(#[doc = #doc] #v,)
    });
    let mut seen_values: HashSet<i64> = HashSet::new();
    let from = variants
        .iter()
        .filter(|(_, val, _)| seen_values.insert(*val))
        .map(|(v, val, _)| quote!(#val => Self::#v,));
    let to = variants.iter().map(|(v, val, _)| quote!(Self::#v => #val,));
    let doc = format!(
        "C enum `{}`; values the schema does not know are kept in `Unknown`.",
        e.key
    );
    quote! {
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

/// Reads one element from `__b` at `elem_off`.
fn read_expr(s: &Storage, elem_off: TokenStream) -> TokenStream {
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
            quote!(<#id as ::netlink_runtime::codec::Record>::read(__b.get(#elem_off..).unwrap_or_default()))
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

fn record(r: &RecordPlan) -> TokenStream {
    let id = ident(&r.name);
    let size = r.size;
    let c_name = r.name.as_str();
    let kind = r.kind;
    let header = r.header.as_str();
    match &r.layout {
        Layout::Typed { packed, members } => {
            let repr = if *packed {
                quote!(#[repr(C, packed)])
            } else {
                quote!(#[repr(C)])
            };
            let mut decl = Vec::new();
            let mut reads = Vec::new();
            let mut writes = Vec::new();
            let mut checks = Vec::new();
            for m in members {
                let fid = ident(&m.name);
                let base = storage_type(&m.storage);
                let off = m.offset;
                match m.array {
                    Some((n, elem)) => {
                        decl.push(quote!(#[allow(missing_docs)] pub #fid: [#base; #n],));
                        let read = read_expr(&m.storage, quote!(#off + __i * #elem));
                        reads.push(quote!(#fid: ::core::array::from_fn(|__i| #read),));
                        let write = write_stmt(&m.storage, quote!(__v), quote!(#off + __i * #elem));
                        writes.push(quote! {
                            let __arr = self.#fid;
                            for (__i, __v) in __arr.into_iter().enumerate() { #write }
                        });
                    }
                    None => {
                        decl.push(quote!(#[allow(missing_docs)] pub #fid: #base,));
                        let read = read_expr(&m.storage, quote!(#off));
                        reads.push(quote!(#fid: #read,));
                        writes.push(write_stmt(&m.storage, quote!({ self.#fid }), quote!(#off)));
                    }
                }
                if !packed {
                    checks.push(quote!(assert!(::core::mem::offset_of!(#id, #fid) == #off);));
                }
            }
            let doc = format!("`{kind} {c_name}` from {header}: {size} bytes, C layout.");
            quote! {
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
            }
        }
        Layout::Bytes { accessors } => {
            let accessors = accessors.iter().map(accessor);
            let doc = format!("`{kind} {c_name}` from {header}: {size} bytes, kept as bytes (its layout needs a union, bitfields or packing).");
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

/// A getter on a record kept as bytes.
fn accessor(m: &Member) -> TokenStream {
    let fid = ident(&m.name);
    let ty = storage_type(&m.storage);
    let off = m.offset;
    let read = read_expr(&m.storage, quote!(#off));
    let doc = format!("Member `{}` at offset {}.", m.name, m.offset);
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #fid(&self) -> #ty { let __b = self.bytes; #read }
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
