//! The parser half of a derived struct: the fixed header read member by member, then one pass
//! over the attributes with a `match` on their type.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Ident, Lifetime};

use crate::internals::plan::{field_name, FieldPlan, HeaderAddr, HeaderMember, Source};
use crate::internals::rust_type::Shape;

pub(super) fn local(ident: &Ident) -> Ident {
    format_ident!("__f_{}", field_name(ident))
}

/// Header fields: read from a zero-padded copy of the fixed header.
pub fn read_header_fields(
    plans: &[FieldPlan<'_>],
    hdr_size: usize,
    genl_len: usize,
    set: &str,
) -> TokenStream {
    let total = genl_len + hdr_size;
    let mut out = quote! {
        if __payload.len() < #total {
            return ::core::result::Result::Err(::netlink_runtime::codec::DecodeError {
                set: #set,
                attr: "",
                offset: 16,
                kind: ::netlink_runtime::codec::DecodeErrorKind::HeaderTooShort { need: #total, have: __payload.len() },
            });
        }
    };
    if hdr_size == 0 {
        return out;
    }
    out.extend(quote! {
        let __h: [u8; #hdr_size] = ::netlink_runtime::codec::padded(__payload.get(#genl_len..).unwrap_or_default());
    });
    for p in plans {
        let Source::Header { offset, member } = &p.source else {
            continue;
        };
        let l = local(p.ident);
        let ty = p.ty;
        out.extend(match member {
            HeaderMember::Scalar {
                size,
                big_endian,
                c_enum,
                prim,
            } => {
                let read = read_int(prim, *size, *big_endian, quote!(#offset));
                if *c_enum {
                    quote_spanned!(ty.span()=> let #l: #ty = <#ty as ::netlink_runtime::codec::CEnum>::from_raw(#read as i64);)
                } else {
                    quote!(let #l = #read;)
                }
            }
            HeaderMember::Array {
                prim,
                size,
                big_endian,
                ..
            } => {
                let read = read_int(prim, *size, *big_endian, quote!(#offset + __i * #size));
                quote!(let #l: #ty = ::core::array::from_fn(|__i| #read);)
            }
            HeaderMember::Record { family } => {
                let bytes = quote!(__h.get(#offset..).unwrap_or_default());
                match family {
                    Some((o, size, prim)) => {
                        let fam = read_int(prim, *size, false, quote!(#o));
                        quote_spanned!(ty.span()=> let #l: #ty = <#ty as ::netlink_runtime::codec::Record>::read_with_family(
                            #bytes, ::core::option::Option::Some(#fam as i64));)
                    }
                    None => {
                        quote_spanned!(ty.span()=> let #l: #ty = <#ty as ::netlink_runtime::codec::Record>::read(#bytes);)
                    }
                }
            }
            HeaderMember::Addr(a) => {
                let read = match a {
                    HeaderAddr::V4 => quote!(::core::net::Ipv4Addr::from(
                        ::netlink_runtime::codec::array_at::<4>(&__h, #offset)
                    )),
                    HeaderAddr::V6 => quote!(::core::net::Ipv6Addr::from(
                        ::netlink_runtime::codec::array_at::<16>(&__h, #offset)
                    )),
                    HeaderAddr::Mac => quote!(::netlink_runtime::codec::MacAddr(
                        ::netlink_runtime::codec::array_at::<6>(&__h, #offset)
                    )),
                    HeaderAddr::Ip {
                        family: (o, size, prim),
                        af_inet,
                    } => {
                        let fam = read_int(prim, *size, false, quote!(#o));
                        quote!(::netlink_runtime::codec::ip_by_family(
                            ::netlink_runtime::codec::array_at::<16>(&__h, #offset),
                            #fam as i64 == #af_inet,
                        ))
                    }
                };
                quote!(let #l: #ty = #read;)
            }
        });
    }
    out
}

/// An integer of the fixed header read from `__h` at `offset`.
fn read_int(prim: &str, size: usize, big_endian: bool, offset: TokenStream) -> TokenStream {
    let prim = Ident::new(prim, Span::call_site());
    let from = if big_endian {
        quote!(from_be_bytes)
    } else {
        quote!(from_ne_bytes)
    };
    quote!(#prim::#from(::netlink_runtime::codec::array_at::<#size>(&__h, #offset)))
}

/// The attribute loop: one pass, a `match` on the type, unnamed attributes skipped by length.
/// Several fields may use one attribute (and a sub-message needs its selector even when no
/// field names it), so actions are grouped by attribute id, one arm each.
/// Whether the struct can be built before the attribute loop and filled in place: every
/// attribute field has an empty value to start from (no required attribute). Filling `__out`
/// directly spares a local per field and the move of the whole struct at the end, which is
/// most of the cost of a struct that declares many fields.
pub fn builds_in_place(plans: &[FieldPlan<'_>]) -> bool {
    !plans.iter().any(|p| {
        matches!(
            p.source,
            Source::Attr {
                shape: Shape::Required,
                flag: false,
                ..
            }
        )
    })
}

pub fn decode_attrs(
    plans: &[FieldPlan<'_>],
    set: &str,
    set_names: &[(u16, String)],
    de: &Lifetime,
) -> TokenStream {
    let in_place = builds_in_place(plans);
    // For error messages only (the cold path): the set's attribute names by type.
    let names = set_names.iter().map(|(id, n)| quote!((#id, #n)));
    let names = quote!(const __NAMES: &[(u16, &str)] = &[#(#names),*];);
    // Where a field's value starts: a local, or a field of the struct literal built up front.
    let mut inits: Vec<TokenStream> = Vec::new();
    let mut declare = |locals: &mut TokenStream, ident: &Ident, l: &Ident, init: TokenStream| {
        if in_place {
            inits.push(quote!(#ident: #init));
        } else {
            locals.extend(quote!(let mut #l = #init;));
        }
    };
    let mut locals = TokenStream::new();
    let mut after = TokenStream::new();
    let mut arms: Vec<(u16, TokenStream)> = Vec::new();
    let mut act = |id: u16, t: TokenStream| match arms.iter_mut().find(|(i, _)| *i == id) {
        Some((_, body)) => body.extend(t),
        None => arms.push((id, t)),
    };
    let mut rest = None;
    let mut selectors: Vec<u16> = Vec::new();
    for p in plans {
        let l = local(p.ident);
        let field = p.ident;
        let tgt = if in_place {
            quote!(__out.#field)
        } else {
            quote!(#l)
        };
        let Source::Attr {
            c_name,
            id,
            marker,
            element,
            shape,
            lazy,
            flag,
            records,
            sub_message,
        } = &p.source
        else {
            match p.source {
                Source::Rest => {
                    declare(&mut locals, field, &l, quote!(::std::vec::Vec::new()));
                    rest = Some(tgt);
                }
                Source::Header { .. } if in_place => declare(&mut locals, field, &l, quote!(#l)),
                Source::Skip if in_place => declare(
                    &mut locals,
                    field,
                    &l,
                    quote!(::core::default::Default::default()),
                ),
                _ => {}
            }
            continue;
        };
        let vt = p.value_ty;
        let id = *id;
        let err = quote!(|e| ::netlink_runtime::codec::DecodeError::value(#set, #c_name, &__a, e));
        // Every token of the call carries the field type's span, so a type that does not fit
        // the annotation is reported on the user's field.
        let de_here = Lifetime::new(&de.to_string(), vt.span());
        let dec = |m: &str| {
            let m = Ident::new(m, Span::call_site());
            quote_spanned!(vt.span()=> <::netlink_runtime::codec::wire::#m as ::netlink_runtime::codec::Decode<#de_here, #vt>>::decode)
        };
        if let Some((sel, _)) = sub_message {
            let data = format_ident!("__sm_{}", field_name(p.ident));
            let sel_local = format_ident!("__sel_{}", sel);
            if !selectors.contains(sel) {
                selectors.push(*sel);
                locals.extend(quote!(let mut #sel_local: ::core::option::Option<::netlink_runtime::Attr<#de>> = ::core::option::Option::None;));
                act(
                    *sel,
                    quote!(#sel_local = ::core::option::Option::Some(__a);),
                );
            }
            locals.extend(quote!(let mut #data: ::core::option::Option<::netlink_runtime::Attr<#de>> = ::core::option::Option::None;));
            act(id, quote!(#data = ::core::option::Option::Some(__a);));
            declare(&mut locals, field, &l, quote!(::core::option::Option::None));
            after.extend(quote_spanned! {vt.span()=>
                #tgt = match #data {
                    ::core::option::Option::Some(__a) => ::core::option::Option::Some(
                        <#vt as ::netlink_runtime::codec::SubMessage<#de>>::decode(#sel_local, __a).map_err(#err)?,
                    ),
                    ::core::option::Option::None => ::core::option::Option::None,
                };
            });
            continue;
        }
        if let Some((off, size)) = records {
            declare(&mut locals, field, &l, quote!(::std::vec::Vec::new()));
            act(
                id,
                quote!(::netlink_runtime::codec::decode_records::<#vt>(__a, #off, #size, &mut #tgt).map_err(#err)?;),
            );
            continue;
        }
        let value = if *lazy {
            let d = dec(marker);
            quote!(::netlink_runtime::codec::Lazy::new(__a, #d, #set, #c_name))
        } else {
            let d = dec(marker);
            quote_spanned!(vt.span()=> #d(__a).map_err(#err)?)
        };
        match (shape, element) {
            (Shape::Repeated, Some(elem)) => {
                let d = dec(elem);
                declare(&mut locals, field, &l, quote!(::std::vec::Vec::new()));
                act(
                    id,
                    quote! {
                        for __e in __a.nested() {
                            let __e = __e.map_err(|e| ::netlink_runtime::codec::DecodeError::malformed(#set, __NAMES, e))?;
                            #tgt.push(#d(__e).map_err(|e| ::netlink_runtime::codec::DecodeError::value(#set, #c_name, &__e, e))?);
                        }
                    },
                );
            }
            (Shape::Repeated, None) => {
                declare(&mut locals, field, &l, quote!(::std::vec::Vec::new()));
                act(id, quote!(#tgt.push(#value);));
            }
            _ if *flag => {
                declare(&mut locals, field, &l, quote!(false));
                act(id, quote!(#tgt = true;));
            }
            _ => {
                declare(&mut locals, field, &l, quote!(::core::option::Option::None));
                act(id, quote!(#tgt = ::core::option::Option::Some(#value);));
            }
        }
    }
    let arms = arms.into_iter().map(|(id, body)| quote!(#id => { #body }));
    let fallback = match rest {
        Some(t) => quote!(_ => #t.push(__a),),
        None => quote!(_ => {}),
    };
    let out = in_place.then(|| quote!(let mut __out = Self { #(#inits),* };));
    quote! {
        #names
        #locals
        #out
        for __a in __attrs {
            let __a = __a.map_err(|e| ::netlink_runtime::codec::DecodeError::malformed(#set, __NAMES, e))?;
            match __a.kind() {
                #(#arms)*
                #fallback
            }
        }
        #after
    }
}

pub fn build_struct_expr(plans: &[FieldPlan<'_>], set: &str) -> TokenStream {
    if builds_in_place(plans) {
        return quote!(__out);
    }
    let fields = plans.iter().map(|p| {
        let ident = p.ident;
        let l = local(ident);
        match &p.source {
            Source::Skip => quote!(#ident: ::core::default::Default::default()),
            Source::Attr {
                c_name,
                shape: Shape::Required,
                flag: false,
                ..
            } => quote! {
                #ident: match #l {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => return ::core::result::Result::Err(
                        ::netlink_runtime::codec::DecodeError::missing(#set, #c_name)),
                }
            },
            _ => quote!(#ident: #l),
        }
    });
    quote!(Self { #(#fields),* })
}
