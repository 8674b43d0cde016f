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

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Lifetime;

use crate::internals::plan::{Plan, Target};

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
            #body
        };
    }
}
