//! `#[derive(Netlink)]` on an enum: a sub-message, one variant per payload format, chosen by
//! the value of the selector attribute (YNL's sub-message: IFLA_INFO_DATA by IFLA_INFO_KIND).

use netlink_schema::{AttrType, Schema};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned as _;
use syn::{DataEnum, DeriveInput, Fields, Lifetime};

use crate::options::{self, Errors};
use crate::schemas;

/// How the selector's value is written on the wire.
enum Selector {
    Text,
    Int(usize),
}

pub fn expand(input: &DeriveInput, data: &DataEnum) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let opts = options::container(&input.attrs, &mut errors);
    let (Some(schema_opt), Some(sub)) = (&opts.schema, &opts.sub_message) else {
        errors.push(
            input.ident.span(),
            "an enum deriving Netlink is a sub-message: give #[netlink(schema = \"...\", sub_message = \"...\")]",
        );
        return errors.finish().map(|()| TokenStream::new());
    };
    let loaded = schemas::load(&schema_opt.value, schema_opt.span)?;
    let schema: &Schema = &loaded.schema;
    let Some(formats) = schema
        .sub_messages
        .get(&sub.value)
        .map(|s| &s.get_ref().formats)
    else {
        let hint = netlink_schema::did_you_mean(
            &sub.value,
            schema.sub_messages.keys().map(String::as_str),
        )
        .map(|c| format!(", did you mean `{c}`?"))
        .unwrap_or_default();
        return Err(syn::Error::new(
            sub.span,
            format!("unknown sub-message `{}`{hint}", sub.value),
        ));
    };
    // The selector's type comes from the attribute that uses this sub-message.
    let selector = schema
        .attribute_sets
        .values()
        .flat_map(|s| {
            let set = s.get_ref();
            set.attributes.values().filter_map(move |a| {
                let a = a.get_ref();
                (a.sub_message.as_deref() == Some(sub.value.as_str()))
                    .then(|| a.selector.as_deref().and_then(|sel| set.get(sel)))
                    .flatten()
            })
        })
        .next()
        .map(|sel| match sel.ty {
            AttrType::String => Selector::Text,
            ref t => Selector::Int(t.int_size().unwrap_or(4)),
        })
        .unwrap_or(Selector::Text);

    let lifetimes: Vec<&Lifetime> = input.generics.lifetimes().map(|l| &l.lifetime).collect();
    let de: Lifetime = lifetimes
        .first()
        .map(|l| (*l).clone())
        .unwrap_or_else(|| Lifetime::new("'__nl", Span::call_site()));
    let ident = &input.ident;
    let self_ty = if lifetimes.is_empty() {
        quote!(#ident)
    } else {
        quote!(#ident<#de>)
    };

    let mut decode_arms = Vec::new();
    let mut encode_arms = Vec::new();
    let mut selector_arms = Vec::new();
    let mut fallback = None;
    for v in &data.variants {
        let fo = options::field(&v.attrs, &mut errors);
        let vname = &v.ident;
        let ty = match &v.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => &f.unnamed[0].ty,
            _ => {
                errors.push(v.span(), "each variant holds one value: `Name(Type)`");
                continue;
            }
        };
        let Some(format) = &fo.format else {
            if fallback.is_some() {
                errors.push(v.span(), "only one variant may lack #[netlink(format = \"...\")] (the fallback for unknown formats)");
            }
            fallback = Some(vname.clone());
            decode_arms.push(quote!(return ::core::result::Result::Ok(Self::#vname(
                <::netlink_runtime::codec::wire::binary as ::netlink_runtime::codec::Decode<#de, #ty>>::decode(__data)?
            ));));
            encode_arms.push(quote!(Self::#vname(v) => <::netlink_runtime::codec::wire::binary as ::netlink_runtime::codec::Encode<#ty>>::encode(v, kind, b),));
            selector_arms.push(quote!(Self::#vname(_) => {}));
            continue;
        };
        let Some(f) = formats.get(&format.value) else {
            let hint =
                netlink_schema::did_you_mean(&format.value, formats.keys().map(String::as_str))
                    .map(|c| format!(", did you mean `{c}`?"))
                    .unwrap_or_default();
            errors.push(
                format.span,
                format!(
                    "sub-message `{}` has no format `{}`{hint}",
                    sub.value, format.value
                ),
            );
            continue;
        };
        let decode = match (&f.header, &f.attributes) {
            (Some(_), Some(_)) => {
                quote!(<#ty as ::netlink_runtime::codec::FromMessage<#de>>::from_payload(__data.payload())
                .map_err(|e| ::netlink_runtime::codec::ValueError::Nested(::std::boxed::Box::new(e)))?)
            }
            (Some(_), None) => {
                quote!(<::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Decode<#de, #ty>>::decode(__data)?)
            }
            _ => {
                quote!(<::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Decode<#de, #ty>>::decode(__data)?)
            }
        };
        let encode = match (&f.header, &f.attributes) {
            (Some(_), Some(_)) => quote!({
                let __n = b.begin_nest(kind);
                ::netlink_runtime::codec::ToMessage::write_payload(v, b);
                b.end_nest(__n);
            }),
            (Some(_), None) => {
                quote!(<::netlink_runtime::codec::wire::record as ::netlink_runtime::codec::Encode<#ty>>::encode(v, kind, b))
            }
            _ => {
                quote!(<::netlink_runtime::codec::wire::nest as ::netlink_runtime::codec::Encode<#ty>>::encode(v, kind, b))
            }
        };
        encode_arms.push(quote!(Self::#vname(v) => #encode,));
        match selector {
            Selector::Text => {
                let text = format.value.as_bytes();
                let lit = syn::LitByteStr::new(text, Span::call_site());
                let s = &format.value;
                decode_arms.push(quote!(if __sel == #lit { return ::core::result::Result::Ok(Self::#vname(#decode)); }));
                selector_arms.push(quote!(Self::#vname(_) => { b.attr_str(kind, #s); }));
            }
            Selector::Int(size) => {
                let value = schema
                    .constant(&format.value)
                    .map(|c| c.as_i128())
                    .or_else(|| format.value.parse::<i128>().ok());
                let Some(value) = value.and_then(|v| u64::try_from(v).ok()) else {
                    errors.push(
                        format.span,
                        format!(
                            "format `{}` is neither a constant of the schema nor a number",
                            format.value
                        ),
                    );
                    continue;
                };
                decode_arms.push(quote!(if __num == ::core::option::Option::Some(#value) { return ::core::result::Result::Ok(Self::#vname(#decode)); }));
                let bytes = match size {
                    1 => quote!(&[#value as u8]),
                    2 => quote!(&(#value as u16).to_ne_bytes()),
                    8 => quote!(&(#value as u64).to_ne_bytes()),
                    _ => quote!(&(#value as u32).to_ne_bytes()),
                };
                selector_arms.push(quote!(Self::#vname(_) => { b.attr(kind, #bytes); }));
            }
        }
    }
    errors.finish()?;
    let prelude = match selector {
        Selector::Text => quote!(let __sel = ::netlink_runtime::codec::selector_str(__selector);),
        Selector::Int(_) => quote!(let __num = ::netlink_runtime::codec::selector_int(__selector);),
    };
    let no_match = if fallback.is_some() {
        quote!()
    } else {
        quote!(::core::result::Result::Err(
            ::netlink_runtime::codec::ValueError::UnknownFormat
        ))
    };
    let rebuild = loaded.file.as_ref().map(|p| {
        let p = p.display().to_string();
        quote!(
            const _: &[u8] = include_bytes!(#p);
        )
    });
    // A fallback arm is pushed in variant order; keep it last so known formats win.
    let (fallback_arms, format_arms): (Vec<_>, Vec<_>) = decode_arms
        .into_iter()
        .partition(|t| t.to_string().starts_with("return"));
    Ok(quote! {
        #[allow(clippy::all, unused_variables, unreachable_code)]
        const _: () = {
            #rebuild
            impl<#de> ::netlink_runtime::codec::SubMessage<#de> for #self_ty {
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
    })
}
