//! The builder half of a derived struct: the fixed header written member by member, then every
//! field's attributes.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::Ident;

use crate::internals::plan::{FieldPlan, HeaderAddr, HeaderMember, Source};
use crate::internals::rust_type::Shape;

pub fn write_header_fields(plans: &[FieldPlan<'_>], hdr_size: usize) -> TokenStream {
    if hdr_size == 0 {
        return TokenStream::new();
    }
    let mut out = quote!(let mut __h = [0u8; #hdr_size];);
    for p in plans {
        let Source::Header { offset, member } = &p.source else {
            continue;
        };
        let ident = p.ident;
        out.extend(match member {
            HeaderMember::Scalar {
                big_endian,
                c_enum,
                prim,
                ..
            } => {
                let prim = Ident::new(prim, Span::call_site());
                let value = if *c_enum {
                    quote!((::netlink_runtime::codec::CEnum::to_raw(self.#ident) as #prim))
                } else {
                    quote!(self.#ident)
                };
                let bytes = to_bytes(value, *big_endian);
                quote!(::netlink_runtime::codec::put_at(&mut __h, #offset, &#bytes);)
            }
            HeaderMember::Array {
                size, big_endian, ..
            } => {
                let bytes = to_bytes(quote!(__v), *big_endian);
                quote! {
                    for (__i, __v) in self.#ident.iter().enumerate() {
                        ::netlink_runtime::codec::put_at(&mut __h, #offset + __i * #size, &#bytes);
                    }
                }
            }
            HeaderMember::Record { .. } => quote! {
                if let ::core::option::Option::Some(__o) = __h.get_mut(#offset..) {
                    ::netlink_runtime::codec::Record::write(&self.#ident, __o);
                }
            },
            HeaderMember::Addr(a) => {
                let bytes = match a {
                    HeaderAddr::V4 | HeaderAddr::V6 => quote!(self.#ident.octets()),
                    HeaderAddr::Mac => quote!(self.#ident.0),
                    HeaderAddr::Ip { .. } => {
                        quote!(::netlink_runtime::codec::ip_bytes(&self.#ident))
                    }
                };
                quote!(::netlink_runtime::codec::put_at(&mut __h, #offset, &#bytes);)
            }
        });
    }
    out.extend(quote!(__b.push_header_bytes(&__h);));
    out
}

/// `value.to_be_bytes()` or `value.to_ne_bytes()`.
fn to_bytes(value: TokenStream, big_endian: bool) -> TokenStream {
    if big_endian {
        quote!(#value.to_be_bytes())
    } else {
        quote!(#value.to_ne_bytes())
    }
}

pub fn encode_fields(plans: &[FieldPlan<'_>]) -> TokenStream {
    let mut out = TokenStream::new();
    for p in plans {
        let ident = p.ident;
        let vt = p.value_ty;
        let Source::Attr {
            id,
            marker,
            element,
            shape,
            lazy,
            records,
            sub_message,
            ..
        } = &p.source
        else {
            if let Source::Rest = p.source {
                out.extend(quote! {
                    for __a in &self.#ident {
                        __b.attr(__a.kind() | __a.flags(), __a.payload());
                    }
                });
            }
            continue;
        };
        let enc = |m: &str| {
            let m = Ident::new(m, Span::call_site());
            quote_spanned!(vt.span()=> <::netlink_runtime::codec::wire::#m as ::netlink_runtime::codec::Encode<#vt>>::encode)
        };
        let one = |v: TokenStream| {
            if let Some((sel, by_field)) = sub_message {
                let selector = (!by_field).then(|| {
                    quote!(::netlink_runtime::codec::SubMessage::encode_selector(#v, #sel, __b);)
                });
                quote!(#selector ::netlink_runtime::codec::SubMessage::encode(#v, #id, __b);)
            } else if *lazy {
                quote!(::netlink_runtime::codec::encode_lazy(#v, #id, __b);)
            } else {
                let e = enc(marker);
                quote_spanned!(vt.span()=> #e(#v, #id, __b);)
            }
        };
        out.extend(match (shape, element, records) {
            (_, _, Some((off, size))) => quote! {
                if !self.#ident.is_empty() {
                    ::netlink_runtime::codec::encode_records(&self.#ident, #id, #off, #size, __b);
                }
            },
            (Shape::Repeated, Some(elem), _) => {
                let e = enc(elem);
                quote! {
                    if !self.#ident.is_empty() {
                        let __n = __b.begin_nest(#id);
                        for (__i, __v) in self.#ident.iter().enumerate() {
                            #e(__v, (__i + 1) as u16, __b);
                        }
                        __b.end_nest(__n);
                    }
                }
            }
            (Shape::Repeated, None, _) => {
                let w = one(quote!(__v));
                quote!(for __v in &self.#ident { #w })
            }
            (Shape::Optional, _, _) => {
                let w = one(quote!(__v));
                quote!(if let ::core::option::Option::Some(__v) = &self.#ident { #w })
            }
            (Shape::Required, _, _) => one(quote!(&self.#ident)),
        });
    }
    out
}
