//! Code emission: turns the plans of [`crate::internals`] into Rust items. Nothing here reads
//! the schema or reports a problem in the user's code; every decision was made by the plan.
//!
//! - [`derive_struct`]: `FromMessage`/`ToMessage` (a message) or `FromAttrs`/`ToAttrs` (a nest),
//!   with [`parser`] and [`builder`] for the two directions;
//! - [`sub_message`]: `SubMessage` for an enum;
//! - [`items`]: the constants, enums and structs of `schema!`.

pub mod builder;
pub mod items;
pub mod parser;
pub mod sub_message;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Lifetime, Type};

use crate::internals::plan::{NameCheck, NameTrait, Plan, Stub, Target};

/// `ty` with every lifetime made `'static`, for a constant item (which has no lifetimes).
fn static_lifetimes(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                if let Some(TokenTree::Ident(_)) = iter.peek() {
                    iter.next();
                    out.extend(quote!('static));
                } else {
                    out.push(TokenTree::Punct(p));
                }
            }
            TokenTree::Group(g) => {
                let mut ng = proc_macro2::Group::new(g.delimiter(), static_lifetimes(g.stream()));
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// `const _: () = assert!(str_eq(<T as Trait>::NAME, "want"), "...");` on the field's type: a
/// field whose type was generated or derived for another schema item does not compile.
fn name_check(value_ty: &Type, c: &NameCheck) -> TokenStream {
    let ty = static_lifetimes(quote!(#value_ty));
    let tr = match c.trait_name {
        NameTrait::Record => quote!(::netlink_runtime::codec::Record),
        NameTrait::FromAttrs => quote!(::netlink_runtime::codec::FromAttrs<'static>),
        NameTrait::FromMessage => quote!(::netlink_runtime::codec::FromMessage<'static>),
        NameTrait::CEnum => quote!(::netlink_runtime::codec::CEnum),
        NameTrait::SubMessage => quote!(::netlink_runtime::codec::SubMessage<'static>),
    };
    let constant = syn::Ident::new(c.constant, Span::call_site());
    let (want, message) = (&c.want, &c.message);
    // The type's own name (`tstats` of `t::tstats`): a span cannot cover the whole path here.
    let span = match value_ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(|| value_ty.span(), |s| s.ident.span()),
        _ => value_ty.span(),
    };
    quote_spanned! {span=>
        const _: () = ::core::assert!(
            ::netlink_runtime::codec::str_eq(<#ty as #tr>::#constant, #want),
            #message,
        );
    }
}

/// `const _: &[u8] = include_bytes!(FILE);`: the user crate rebuilds when its schema changes.
pub fn rebuild(file: Option<&std::path::Path>) -> Option<TokenStream> {
    file.map(|p| {
        let p = p.display().to_string();
        quote!(
            const _: &[u8] = include_bytes!(#p);
        )
    })
}

/// The trait impls of a derived struct.
pub fn derive_struct(plan: &Plan<'_>) -> TokenStream {
    let ident = plan.ident;
    let de: Lifetime = plan
        .lifetime
        .cloned()
        .unwrap_or_else(|| Lifetime::new("'__nl", Span::call_site()));
    let (self_ty, impl_de) = if plan.lifetime.is_none() {
        (quote!(#ident), quote!(<#de>))
    } else {
        (quote!(#ident<#de>), quote!(<#de>))
    };
    let plans = &plan.fields;
    let rebuild = rebuild(plan.schema_file.as_deref());
    let set_lit = plan.set.as_str();
    let decode = parser::decode_attrs(plans, set_lit, &plan.set_names, &de);
    let encode = builder::encode_fields(plans);
    let build_struct = parser::build_struct_expr(plans, set_lit);
    let checks: Vec<TokenStream> = plans
        .iter()
        .flat_map(|p| p.checks.iter().map(|c| name_check(p.value_ty, c)))
        .collect();

    let body = match &plan.target {
        Target::Set => quote! {
            impl #impl_de ::netlink_runtime::codec::FromAttrs<#de> for #self_ty {
                const SET: &'static str = #set_lit;
                #[inline]
                fn from_attrs(
                    __attrs: ::netlink_runtime::Attrs<#de>,
                ) -> ::core::result::Result<Self, ::netlink_runtime::codec::DecodeError> {
                    #decode
                    ::core::result::Result::Ok(#build_struct)
                }
            }
            impl #impl_de ::netlink_runtime::codec::ToAttrs for #self_ty {
                fn to_attrs(&self, __b: &mut ::netlink_runtime::MessageBuilder) {
                    #encode
                }
            }
        },
        Target::Message { name, header, genl } => {
            let genl_len: usize = if *genl { 4 } else { 0 };
            let (hdr_name, hdr_size) = header
                .as_ref()
                .map_or(("", 0), |h| (h.c_name.as_str(), h.size));
            let header_len = genl_len + hdr_size;
            let read_header = parser::read_header_fields(plans, hdr_size, genl_len, set_lit);
            let write_header = builder::write_header_fields(plans, hdr_size);
            let check_header = quote! {
                const { assert!(
                    ::netlink_runtime::codec::str_eq(<__H as ::netlink_runtime::codec::Record>::C_NAME, #hdr_name),
                    concat!("the filter's header type must be the schema's `", #hdr_name, "`"),
                ) };
            };
            let doc_if = format!(
                "Decodes `payload` (after `nlmsghdr`) unless `keep`, shown the fixed header \
                 (`{hdr_name}`) first, says no: a dump can drop messages before their attributes \
                 are looked at. Message definition: `{name}`."
            );
            quote! {
                impl #impl_de ::netlink_runtime::codec::FromMessage<#de> for #self_ty {
                    const HEADER_LEN: usize = #header_len;
                    const HEADER: &'static str = #hdr_name;
                    const SET: &'static str = #set_lit;
                    #[inline]
                    fn from_payload(
                        __payload: &#de [u8],
                    ) -> ::core::result::Result<Self, ::netlink_runtime::codec::DecodeError> {
                        #read_header
                        let __attrs = ::netlink_runtime::codec::attrs_after(__payload, #header_len);
                        #decode
                        ::core::result::Result::Ok(#build_struct)
                    }
                }
                impl #impl_de #self_ty {
                    #[doc = #doc_if]
                    #[inline]
                    pub fn from_payload_if<__H: ::netlink_runtime::codec::Record>(
                        __payload: &#de [u8],
                        keep: impl ::core::ops::FnOnce(&__H) -> bool,
                    ) -> ::core::result::Result<::core::option::Option<Self>, ::netlink_runtime::codec::DecodeError> {
                        #check_header
                        let __fixed = __payload.get(#genl_len..).unwrap_or_default();
                        if !keep(&<__H as ::netlink_runtime::codec::Record>::read(__fixed)) {
                            return ::core::result::Result::Ok(::core::option::Option::None);
                        }
                        <Self as ::netlink_runtime::codec::FromMessage<#de>>::from_payload(__payload)
                            .map(::core::option::Option::Some)
                    }
                    /// [`Self::from_payload_if`] on a received message.
                    #[inline]
                    pub fn from_message_if<__H: ::netlink_runtime::codec::Record>(
                        msg: &::netlink_runtime::Message<#de>,
                        keep: impl ::core::ops::FnOnce(&__H) -> bool,
                    ) -> ::core::result::Result<::core::option::Option<Self>, ::netlink_runtime::codec::DecodeError> {
                        Self::from_payload_if(msg.payload(), keep)
                    }
                }
                impl #impl_de ::netlink_runtime::codec::ToMessage for #self_ty {
                    fn write_payload(&self, __b: &mut ::netlink_runtime::MessageBuilder) {
                        #write_header
                        #encode
                    }
                }
            }
        }
    };
    quote! {
        #[allow(clippy::all, unused_variables, unused_mut, unused_assignments)]
        const _: () = {
            #rebuild
            #(#checks)*
            #body
        };
    }
}

/// Impls standing in for those of a derive that failed, so the user's code that uses them
/// compiles past the real error (no "no function named `from_message`" after it). Their bodies
/// never run: the crate does not compile.
pub fn stub(s: &Stub<'_>) -> TokenStream {
    let ident = s.ident;
    let de: Lifetime = s
        .lifetime
        .cloned()
        .unwrap_or_else(|| Lifetime::new("'__nl", Span::call_site()));
    let self_ty = if s.lifetime.is_none() {
        quote!(#ident)
    } else {
        quote!(#ident<#de>)
    };
    let never = quote!(::core::unreachable!(
        "netlink-derive reported an error for this type at compile time"
    ));
    let mut out = TokenStream::new();
    if s.message {
        out.extend(quote! {
            impl<#de> ::netlink_runtime::codec::FromMessage<#de> for #self_ty {
                const HEADER_LEN: usize = 0;
                const HEADER: &'static str = "";
                const SET: &'static str = "";
                fn from_payload(
                    __payload: &#de [u8],
                ) -> ::core::result::Result<Self, ::netlink_runtime::codec::DecodeError> {
                    #never
                }
            }
            impl<#de> #self_ty {
                /// Stands in for the method a failed derive would have made.
                pub fn from_payload_if<__H: ::netlink_runtime::codec::Record>(
                    __payload: &#de [u8],
                    keep: impl ::core::ops::FnOnce(&__H) -> bool,
                ) -> ::core::result::Result<::core::option::Option<Self>, ::netlink_runtime::codec::DecodeError> {
                    #never
                }
                /// Stands in for the method a failed derive would have made.
                pub fn from_message_if<__H: ::netlink_runtime::codec::Record>(
                    msg: &::netlink_runtime::Message<#de>,
                    keep: impl ::core::ops::FnOnce(&__H) -> bool,
                ) -> ::core::result::Result<::core::option::Option<Self>, ::netlink_runtime::codec::DecodeError> {
                    #never
                }
            }
            impl<#de> ::netlink_runtime::codec::ToMessage for #self_ty {
                fn write_payload(&self, __b: &mut ::netlink_runtime::MessageBuilder) {
                    #never
                }
            }
        });
    }
    if s.set {
        out.extend(quote! {
            impl<#de> ::netlink_runtime::codec::FromAttrs<#de> for #self_ty {
                const SET: &'static str = "";
                fn from_attrs(
                    __attrs: ::netlink_runtime::Attrs<#de>,
                ) -> ::core::result::Result<Self, ::netlink_runtime::codec::DecodeError> {
                    #never
                }
            }
            impl<#de> ::netlink_runtime::codec::ToAttrs for #self_ty {
                fn to_attrs(&self, __b: &mut ::netlink_runtime::MessageBuilder) {
                    #never
                }
            }
        });
    }
    if s.sub_message {
        out.extend(quote! {
            impl<#de> ::netlink_runtime::codec::SubMessage<#de> for #self_ty {
                const NAME: &'static str = "";
                fn decode(
                    __selector: ::core::option::Option<::netlink_runtime::Attr<#de>>,
                    __data: ::netlink_runtime::Attr<#de>,
                ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ValueError> {
                    #never
                }
                fn encode(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
                    #never
                }
                fn encode_selector(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
                    #never
                }
            }
        });
    }
    quote! {
        #[allow(clippy::all, unused_variables, unreachable_code, dead_code)]
        const _: () = { #out };
    }
}
