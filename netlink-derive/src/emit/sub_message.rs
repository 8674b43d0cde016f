//! `SubMessage` for a derived enum: the selector's value picks the variant when decoding, and
//! each variant writes its payload (and, when no field of the parent maps it, the selector).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Lifetime;

use crate::internals::sub_message::{Payload, SelectValue, Selector, SubMessagePlan};

/// The trait impl of a derived enum.
pub fn derive_enum(plan: &SubMessagePlan<'_>) -> TokenStream {
    let de: Lifetime = plan
        .lifetime
        .cloned()
        .unwrap_or_else(|| Lifetime::new("'__nl", Span::call_site()));
    let ident = plan.ident;
    let self_ty = if plan.lifetime.is_none() {
        quote!(#ident)
    } else {
        quote!(#ident<#de>)
    };

    // A fallback arm comes last, so known formats win whatever the variant order.
    let mut format_arms = Vec::new();
    let mut fallback_arms = Vec::new();
    let mut encode_arms = Vec::new();
    let mut selector_arms = Vec::new();
    for v in &plan.variants {
        let vname = v.ident;
        let ty = v.ty;
        let Some(format) = &v.format else {
            fallback_arms.push(quote!(return ::core::result::Result::Ok(Self::#vname(
                <::netlink_runtime::codec::wire::binary as ::netlink_runtime::codec::Decode<#de, #ty>>::decode(__data)?
            ));));
            encode_arms.push(quote!(Self::#vname(v) => <::netlink_runtime::codec::wire::binary as ::netlink_runtime::codec::Encode<#ty>>::encode(v, kind, b),));
            selector_arms.push(quote!(Self::#vname(_) => {}));
            continue;
        };
        let decode = match format.payload {
            Payload::Headed => {
                quote!(<#ty as ::netlink_runtime::codec::FromMessage<#de>>::from_payload(__data.payload())
                .map_err(|e| ::netlink_runtime::codec::ValueError::Nested(::std::boxed::Box::new(e)))?)
            }
            Payload::Record => {
                quote!(<::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Decode<#de, #ty>>::decode(__data)?)
            }
            Payload::Nest => {
                quote!(<::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Decode<#de, #ty>>::decode(__data)?)
            }
        };
        let encode = match format.payload {
            Payload::Headed => quote!({
                let __n = b.begin_nest(kind);
                ::netlink_runtime::codec::ToMessage::write_payload(v, b);
                b.end_nest(__n);
            }),
            Payload::Record => {
                quote!(<::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Encode<#ty>>::encode(v, kind, b))
            }
            Payload::Nest => {
                quote!(<::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Encode<#ty>>::encode(v, kind, b))
            }
        };
        encode_arms.push(quote!(Self::#vname(v) => #encode,));
        match &format.select {
            SelectValue::Int { value, size } => {
                format_arms.push(quote!(if __num == ::core::option::Option::Some(#value) { return ::core::result::Result::Ok(Self::#vname(#decode)); }));
                let big_endian = matches!(
                    plan.selector,
                    Selector::Int {
                        big_endian: true,
                        ..
                    }
                );
                let to = if big_endian {
                    quote!(to_be_bytes)
                } else {
                    quote!(to_ne_bytes)
                };
                let bytes = match size {
                    1 => quote!(&[#value as u8]),
                    2 => quote!(&(#value as u16).#to()),
                    8 => quote!(&(#value as u64).#to()),
                    _ => quote!(&(#value as u32).#to()),
                };
                selector_arms.push(quote!(Self::#vname(_) => { b.attr(kind, #bytes); }));
            }
            SelectValue::Text(s) => {
                let lit = syn::LitByteStr::new(s.as_bytes(), Span::call_site());
                format_arms.push(quote!(if __sel == #lit { return ::core::result::Result::Ok(Self::#vname(#decode)); }));
                selector_arms.push(quote!(Self::#vname(_) => { b.attr_str(kind, #s); }));
            }
        }
    }
    let prelude = match plan.selector {
        Selector::Text => quote!(let __sel = ::netlink_runtime::codec::selector_str(__selector);),
        Selector::Int {
            big_endian: false, ..
        } => quote!(let __num = ::netlink_runtime::codec::selector_int(__selector);),
        Selector::Int {
            big_endian: true, ..
        } => quote!(let __num = ::netlink_runtime::codec::selector_int_be(__selector);),
    };
    let no_match = if plan.has_fallback() {
        quote!()
    } else {
        quote!(::core::result::Result::Err(
            ::netlink_runtime::codec::ValueError::UnknownFormat
        ))
    };
    let rebuild = super::rebuild(plan.schema_file.as_deref());
    let name = plan.name.as_str();
    quote! {
        #[allow(clippy::all, unused_variables, unreachable_code)]
        const _: () = {
            #rebuild
            impl<#de> ::netlink_runtime::codec::SubMessage<#de> for #self_ty {
                const NAME: &'static str = #name;
                fn decode(
                    __selector: ::core::option::Option<::netlink_runtime::Attr<#de>>,
                    __data: ::netlink_runtime::Attr<#de>,
                ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ValueError> {
                    #prelude
                    #(#format_arms)*
                    #(#fallback_arms)*
                    #no_match
                }
                fn encode(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
                    match self { #(#encode_arms)* }
                }
                fn encode_selector(&self, kind: u16, b: &mut ::netlink_runtime::MessageBuilder) {
                    match self { #(#selector_arms)* }
                }
            }
        };
    }
}
