//! `#[derive(Netlink)]` on a struct: check the fields against the schema (every problem reported
//! with a span on the user's code), then generate a one-pass lazy parser and a builder.

use netlink_schema::{AttrType, Attribute, AttributeSet, ByteOrder, DisplayHint, Record, Schema};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, Ident, Lifetime, Type};

use crate::options::{self, ContainerOpts, Errors, FieldOpts};
use crate::rust_type::{self, Shape};
use crate::schemas;

/// Where a field's value comes from.
enum Source {
    /// A member of the fixed header.
    Header {
        offset: usize,
        size: usize,
        big_endian: bool,
        /// The Rust type is a C enum (not a primitive integer).
        c_enum: bool,
        /// Primitive type the header member is read as (`u8`, `i32`, ...).
        prim: Ident,
    },
    /// An attribute.
    Attr {
        c_name: String,
        id: u16,
        /// The `wire::*` marker of its value type.
        marker: Ident,
        /// For an indexed array: the marker of each element.
        element: Option<Ident>,
        shape: Shape,
        lazy: bool,
        /// `bool` on a `flag`.
        flag: bool,
        /// A list of records: offset and size of the length member in each record's struct.
        records: Option<(usize, usize)>,
        /// A sub-message: the selector attribute's id, and whether a field of the struct maps it.
        sub_message: Option<(u16, bool)>,
    },
    /// Every attribute no other field names.
    Rest,
    /// Not on the wire.
    Skip,
}

struct FieldPlan<'f> {
    ident: &'f Ident,
    ty: &'f Type,
    value_ty: &'f Type,
    source: Source,
}

/// What the struct is derived for.
enum Target<'s> {
    Message {
        name: String,
        header: Option<(&'s str, &'s Record)>,
        genl: bool,
        set: Option<(&'s str, &'s AttributeSet)>,
    },
    Set {
        name: &'s str,
        set: &'s AttributeSet,
    },
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let opts = options::container(&input.attrs, &mut errors);
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "#[derive(Netlink)] works on structs with named fields",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new(
            input.ident.span(),
            "#[derive(Netlink)] needs named fields",
        ));
    };
    let Some(schema_opt) = &opts.schema else {
        errors.push(
            input.ident.span(),
            "missing #[netlink(schema = \"...\")]: a bundled schema name (rtnetlink) or a .toml path relative to Cargo.toml",
        );
        return errors.finish().map(|()| TokenStream::new());
    };
    let loaded = match schemas::load(&schema_opt.value, schema_opt.span) {
        Ok(l) => l,
        Err(e) => {
            errors.add(e);
            errors.finish()?;
            return Ok(TokenStream::new());
        }
    };
    let schema: &Schema = &loaded.schema;
    let target = match resolve_target(schema, &opts, input.ident.span(), &mut errors) {
        Some(t) => t,
        None => {
            errors.finish()?;
            return Ok(TokenStream::new());
        }
    };

    let (set_name, set) = match &target {
        Target::Message { set, .. } => (set.map(|s| s.0), set.map(|s| s.1)),
        Target::Set { name, set } => (Some(*name), Some(*set)),
    };
    let header = match &target {
        Target::Message { header, .. } => *header,
        Target::Set { .. } => None,
    };
    let prefix = opts
        .prefix
        .as_ref()
        .map(|p| p.value.clone())
        .or_else(|| set.map(|s| s.prefix.clone()))
        .unwrap_or_default();

    let mut plans = Vec::new();
    let mut rest_seen = false;
    for f in &fields.named {
        let Some(ident) = &f.ident else { continue };
        let fo = options::field(&f.attrs, &mut errors);
        if fo.rest.is_some() {
            if rest_seen {
                errors.push(f.span(), "only one #[netlink(rest)] field is allowed");
            }
            rest_seen = true;
        }
        if let Some(source) = plan_field(
            schema,
            ident,
            &f.ty,
            &fo,
            header,
            set_name.zip(set),
            &prefix,
            &mut errors,
        ) {
            let value_ty = rust_type::analyse(&f.ty).value;
            plans.push(FieldPlan {
                ident,
                ty: &f.ty,
                value_ty,
                source,
            });
        }
    }
    errors.finish()?;
    let mapped: Vec<u16> = plans
        .iter()
        .filter_map(|p| match &p.source {
            Source::Attr {
                id,
                sub_message: None,
                ..
            } => Some(*id),
            _ => None,
        })
        .collect();
    for p in &mut plans {
        if let Source::Attr {
            sub_message: Some((sel, by_field)),
            ..
        } = &mut p.source
        {
            *by_field = mapped.contains(sel);
        }
    }

    let lifetimes: Vec<&Lifetime> = input.generics.lifetimes().map(|l| &l.lifetime).collect();
    if input.generics.type_params().next().is_some() || lifetimes.len() > 1 {
        return Err(syn::Error::new(
            input.generics.span(),
            "#[derive(Netlink)] supports at most one lifetime parameter (the receive buffer's) and no type parameters",
        ));
    }
    let ident = &input.ident;
    let de: Lifetime = lifetimes
        .first()
        .map(|l| (*l).clone())
        .unwrap_or_else(|| Lifetime::new("'__nl", Span::call_site()));
    let (self_ty, impl_de) = if lifetimes.is_empty() {
        (quote!(#ident), quote!(<#de>))
    } else {
        (quote!(#ident<#de>), quote!(<#de>))
    };

    let rebuild = loaded.file.as_ref().map(|p| {
        let p = p.display().to_string();
        quote!(
            const _: &[u8] = include_bytes!(#p);
        )
    });
    let set_lit = set_name.unwrap_or("");
    let decode = decode_attrs(&plans, set_lit, set, &de);
    let encode = encode_fields(&plans);
    let build_struct = build_struct_expr(&plans, set_lit);

    let body = match &target {
        Target::Set { .. } => quote! {
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
        Target::Message {
            name, header, genl, ..
        } => {
            let genl_len: usize = if *genl { 4 } else { 0 };
            let (hdr_name, hdr_size) = header.map_or(("", 0), |(n, r)| (n, r.size as usize));
            let header_len = genl_len + hdr_size;
            let read_header = read_header_fields(&plans, hdr_size, genl_len, set_lit);
            let write_header = write_header_fields(&plans, hdr_size);
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
    Ok(quote! {
        #[allow(clippy::all, unused_variables, unused_mut, unused_assignments)]
        const _: () = {
            #rebuild
            #body
        };
    })
}

fn resolve_target<'s>(
    schema: &'s Schema,
    opts: &ContainerOpts,
    span: Span,
    errors: &mut Errors,
) -> Option<Target<'s>> {
    if let (None, Some(h), Some(a)) = (&opts.message, &opts.header, &opts.attributes) {
        let Some(record) = schema.record(&h.value) else {
            errors.push(
                h.span,
                format!("unknown struct `{}` in the schema", h.value),
            );
            return None;
        };
        let Some((name, set)) = schema.attribute_sets.get_key_value(&a.value) else {
            errors.push(
                a.span,
                format!("unknown attribute set `{}` in the schema", a.value),
            );
            return None;
        };
        return Some(Target::Message {
            name: format!("{} + {}", h.value, a.value),
            header: Some((record_name(schema, &h.value), record)),
            genl: false,
            set: Some((name.as_str(), set.get_ref())),
        });
    }
    match (&opts.message, &opts.attributes) {
        (Some(m), None) => {
            let Some(msg) = schema.message(&m.value) else {
                let hint = netlink_schema::did_you_mean(
                    &m.value,
                    schema.messages.keys().map(String::as_str),
                )
                .map(|c| format!(", did you mean `{c}`?"))
                .unwrap_or_default();
                errors.push(
                    m.span,
                    format!("unknown message `{}` in the schema{hint}", m.value),
                );
                return None;
            };
            let header = msg
                .header
                .as_deref()
                .and_then(|h| schema.record(h).map(|r| (h, r)));
            let set = msg
                .attributes
                .as_deref()
                .and_then(|s| schema.attribute_set(s).map(|a| (s, a)));
            Some(Target::Message {
                name: m.value.clone(),
                header,
                genl: !msg.commands.is_empty(),
                set,
            })
        }
        (None, Some(a)) => match schema.attribute_sets.get_key_value(&a.value) {
            Some((name, set)) => Some(Target::Set {
                name: name.as_str(),
                set: set.get_ref(),
            }),
            None => {
                let hint = netlink_schema::did_you_mean(
                    &a.value,
                    schema.attribute_sets.keys().map(String::as_str),
                )
                .map(|c| format!(", did you mean `{c}`?"))
                .unwrap_or_default();
                errors.push(
                    a.span,
                    format!("unknown attribute set `{}` in the schema{hint}", a.value),
                );
                None
            }
        },
        (Some(m), Some(_)) => {
            errors.push(m.span, "give either `message` or `attributes`, not both");
            None
        }
        (None, None) => {
            errors.push(
                span,
                "missing #[netlink(message = \"...\")] (a [messages] entry) or #[netlink(attributes = \"...\")] (an attribute set)",
            );
            None
        }
    }
}

/// The schema's own copy of a record name (borrowed from the schema, not from the options).
fn record_name<'s>(schema: &'s Schema, name: &str) -> &'s str {
    schema
        .structs
        .get_key_value(name)
        .or_else(|| schema.unions.get_key_value(name))
        .map_or("", |(k, _)| k.as_str())
}

fn field_name(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").unwrap_or(&s).to_owned()
}

#[allow(clippy::too_many_arguments)]
fn plan_field(
    schema: &Schema,
    ident: &Ident,
    ty: &Type,
    fo: &FieldOpts,
    header: Option<(&str, &Record)>,
    set: Option<(&str, &AttributeSet)>,
    prefix: &str,
    errors: &mut Errors,
) -> Option<Source> {
    if fo.skip.is_some() {
        return Some(Source::Skip);
    }
    if let Some(span) = fo.rest {
        let ft = rust_type::analyse(ty);
        if ft.shape != Shape::Repeated || !rust_type::is_attr(ft.value) {
            errors.push(span, "a #[netlink(rest)] field must be `Vec<Attr<'a>>`");
            return None;
        }
        return Some(Source::Rest);
    }
    if let Some(h) = &fo.header {
        return plan_header(ident, ty, h, header, errors);
    }
    let Some((set_name, set)) = set else {
        errors.push(
            ident.span(),
            "this message has no attribute set; mark header fields with #[netlink(header = \"...\")]",
        );
        return None;
    };
    let (c_name, span) = match (&fo.attr, &fo.rename) {
        (Some(a), _) => (a.value.clone(), a.span),
        (None, Some(r)) => (format!("{prefix}{}", r.value), r.span),
        (None, None) => (
            format!("{prefix}{}", field_name(ident).to_ascii_uppercase()),
            ident.span(),
        ),
    };
    let Some(attr) = set.get(&c_name) else {
        let hint = netlink_schema::did_you_mean(&c_name, set.attributes.keys().map(String::as_str))
            .map(|c| format!(", did you mean {c}?"))
            .unwrap_or_default();
        errors.push(
            span,
            format!("unknown attribute {c_name} in set {set_name}{hint}"),
        );
        return None;
    };
    plan_attr(schema, set_name, &c_name, attr, ty, errors)
}

fn plan_header(
    ident: &Ident,
    ty: &Type,
    h: &options::Spanned,
    header: Option<(&str, &Record)>,
    errors: &mut Errors,
) -> Option<Source> {
    let Some((hname, record)) = header else {
        errors.push(h.span, "this message has no fixed header");
        return None;
    };
    let Some(field) = record.fields.iter().find(|f| f.name == h.value) else {
        let hint =
            netlink_schema::did_you_mean(&h.value, record.fields.iter().map(|f| f.name.as_str()))
                .map(|c| format!(", did you mean `{c}`?"))
                .unwrap_or_default();
        errors.push(
            h.span,
            format!("unknown header field `{}` in struct {hname}{hint}", h.value),
        );
        return None;
    };
    let scalar = match field.field_type() {
        Some(netlink_schema::FieldType::Scalar(s))
            if field.count.is_none() && field.bits.is_none() =>
        {
            s
        }
        _ => {
            errors.push(
                h.span,
                format!(
                    "header field `{}` is `{}`{}: only scalar members can be mapped to a field",
                    field.name,
                    field.ty,
                    field.count.map(|c| format!("[{c}]")).unwrap_or_default()
                ),
            );
            return None;
        }
    };
    use netlink_schema::ScalarType as S;
    let (prim, big_endian) = match scalar {
        S::U8 | S::Char | S::Bool => ("u8", false),
        S::U16 | S::Le16 => ("u16", false),
        S::U32 | S::Le32 => ("u32", false),
        S::U64 | S::Le64 => ("u64", false),
        S::S8 => ("i8", false),
        S::S16 => ("i16", false),
        S::S32 => ("i32", false),
        S::S64 => ("i64", false),
        S::Be16 => ("u16", true),
        S::Be32 => ("u32", true),
        S::Be64 => ("u64", true),
        S::S128 => ("i128", false),
        S::U128 => ("u128", false),
        S::F32 | S::F64 | S::F128 | S::Ptr => {
            errors.push(
                h.span,
                format!(
                    "header field `{}` has type {} which cannot be mapped",
                    field.name, field.ty
                ),
            );
            return None;
        }
    };
    let mut prim = prim;
    let c_enum = match rust_type::primitive_int(ty) {
        Some((p, _)) if p == prim => false,
        // The other signedness of the same width reads the member's bits as the field's type:
        // `ifi_index` is a C `int`, but an interface index is never negative, and the runtime
        // reads it as `u32` everywhere.
        Some((p, size)) if size as u64 == scalar.size() && !big_endian => {
            prim = p;
            false
        }
        Some((p, _)) => {
            errors.push(
                ty.span(),
                format!(
                    "header field `{}` is `{}` in the schema: this field must be `{prim}` (or `{}`, or a C enum type), not `{p}`",
                    field.name,
                    field.ty,
                    other_sign(prim)
                ),
            );
            return None;
        }
        None => true,
    };
    let _ = ident;
    Some(Source::Header {
        offset: field.offset as usize,
        size: scalar.size() as usize,
        big_endian,
        c_enum,
        prim: Ident::new(prim, Span::call_site()),
    })
}

/// `u32` for `i32` and so on: the integer of the same width and the other signedness.
fn other_sign(prim: &str) -> String {
    match prim.strip_prefix('u') {
        Some(bits) => format!("i{bits}"),
        None => format!("u{}", prim.trim_start_matches('i')),
    }
}

/// The `wire::*` marker for an annotated value type.
fn marker_for(attr: &Attribute) -> Result<&'static str, String> {
    let be = attr.byte_order == Some(ByteOrder::BigEndian);
    Ok(match &attr.ty {
        AttrType::U8 => "u8",
        AttrType::U16 if be => "be16",
        AttrType::U32 if be => "be32",
        AttrType::U64 if be => "be64",
        AttrType::U16 => "u16",
        AttrType::U32 => "u32",
        AttrType::U64 => "u64",
        AttrType::S8 => "s8",
        AttrType::S16 => "s16",
        AttrType::S32 => "s32",
        AttrType::S64 => "s64",
        AttrType::Uint => "uint",
        AttrType::Sint => "sint",
        AttrType::String => "string",
        AttrType::Flag => "flag",
        AttrType::Nest | AttrType::NestTypeValue => "nest",
        AttrType::Bitfield32 => "bitfield32",
        AttrType::Binary
            if attr.c_struct.is_some()
                && attr.nested_attributes.is_some()
                && attr.length_field.is_none() =>
        {
            "headed"
        }
        AttrType::Binary if attr.c_struct.is_some() => "record",
        AttrType::Binary => match attr.display_hint {
            Some(DisplayHint::Ipv4) => "ipv4",
            Some(DisplayHint::Ipv6) => "ipv6",
            Some(DisplayHint::Ip) => "ip",
            Some(DisplayHint::Mac) => "mac",
            _ => "binary",
        },
        AttrType::IndexedArray => "nest",
        AttrType::SubMessage => "binary",
        AttrType::Unused | AttrType::Pad => {
            return Err(format!(
                "is `{}` in the schema: it carries no value",
                attr.ty
            ))
        }
        AttrType::Unannotated => return Err("unannotated".into()),
        AttrType::Unknown(t) => return Err(format!("has unknown type `{t}` in the schema")),
    })
}

/// The well-known Rust types each wire type decodes into (see `netlink_runtime::codec::wire`);
/// user-defined types (C enums, records, derived nests) are left to the trait system.
fn accepted(marker: &str) -> &'static [&'static str] {
    match marker {
        "u8" => &["u8"],
        "u16" | "be16" => &["u16"],
        "u32" => &["u32"],
        "u64" | "be64" => &["u64"],
        "s8" => &["i8"],
        "s16" => &["i16"],
        "s32" => &["i32"],
        "s64" => &["i64"],
        "be32" => &["u32", "Ipv4Addr"],
        "uint" => &["u64", "u32"],
        "sint" => &["i64", "i32"],
        "string" => &["&str", "String"],
        "ipv4" => &["Ipv4Addr", "IpAddr"],
        "ipv6" => &["Ipv6Addr", "IpAddr"],
        "ip" => &["IpAddr"],
        "mac" => &["MacAddr", "[u8; 6]"],
        "bitfield32" => &["Bitfield32"],
        "flag" => &["bool"],
        _ => &[],
    }
}

/// The annotation in words: `u32`, `binary (display-hint ip)`, `u16 (big-endian)`.
fn describe(attr: &Attribute) -> String {
    let mut s = attr.ty.to_string();
    if attr.byte_order == Some(ByteOrder::BigEndian) {
        s.push_str(" (big-endian)");
    }
    if let Some(h) = attr.display_hint {
        s.push_str(&format!(
            " (display-hint {})",
            format!("{h:?}").to_ascii_lowercase()
        ));
    }
    s
}

fn plan_attr(
    schema: &Schema,
    set_name: &str,
    c_name: &str,
    attr: &Attribute,
    ty: &Type,
    errors: &mut Errors,
) -> Option<Source> {
    let ft = rust_type::analyse(ty);
    let raw = rust_type::is_raw(ft.value);
    let is_bool = rust_type::is_named(ft.value, "bool");
    let schema_file = schema
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "the schema".into());
    let marker = if raw {
        "binary"
    } else {
        match marker_for(attr) {
            Ok(m) => m,
            Err(e) if e == "unannotated" => {
                errors.push(
                    ty.span(),
                    format!(
                        "attribute {c_name} in set {set_name} is not annotated (type = \"?\" in {schema_file}): \
                         give it a value type there (u32, string, nest, ...), or use `&'a [u8]` for the raw payload"
                    ),
                );
                return None;
            }
            Err(e) => {
                errors.push(
                    ty.span(),
                    format!("attribute {c_name} in set {set_name} {e}"),
                );
                return None;
            }
        }
    };
    let flag = attr.ty == AttrType::Flag && !raw;
    if flag && !(is_bool && ft.shape == Shape::Required && !ft.lazy) {
        errors.push(
            ty.span(),
            format!("attribute {c_name} is a flag: its field must be `bool`"),
        );
        return None;
    }
    if is_bool && !flag {
        errors.push(
            ty.span(),
            format!(
                "`bool` fits only flag attributes; {c_name} is `{}` in the schema",
                attr.ty
            ),
        );
        return None;
    }
    let element = if attr.ty == AttrType::IndexedArray && !raw {
        if ft.shape != Shape::Repeated {
            errors.push(
                ty.span(),
                format!("attribute {c_name} is an indexed-array: its field must be a `Vec<_>`"),
            );
            return None;
        }
        let sub = attr.sub_type.clone().unwrap_or(AttrType::Nest);
        let elem_attr = Attribute {
            ty: sub,
            ..attr.clone()
        };
        match marker_for(&elem_attr) {
            Ok(m) => Some(Ident::new(m, Span::call_site())),
            Err(e) => {
                errors.push(ty.span(), format!("elements of {c_name} {e}"));
                return None;
            }
        }
    } else {
        None
    };
    if let (false, Some(found)) = (raw, rust_type::well_known(ft.value)) {
        let checked = element
            .as_ref()
            .map_or(marker.to_owned(), |e| e.to_string());
        let fits = accepted(&checked);
        if !fits.contains(&found.as_str()) && checked != "flag" {
            let what = match checked.as_str() {
                "nest" => format!(
                    "a nest of set {}: use a struct deriving Netlink with attributes = \"{}\"",
                    attr.nested_attributes.as_deref().unwrap_or("?"),
                    attr.nested_attributes.as_deref().unwrap_or("?")
                ),
                "record" => format!(
                    "a `{}` struct: use the type netlink_derive::schema! generates for it",
                    attr.c_struct.as_deref().unwrap_or("?")
                ),
                _ => format!(
                    "`{}` in the schema: use {}",
                    describe(attr),
                    fits.iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            errors.push(
                ty.span(),
                format!("attribute {c_name} is {what}, not `{found}`"),
            );
            return None;
        }
    }
    let records = match (&attr.length_field, &attr.c_struct) {
        (Some(lf), Some(st)) if !raw => {
            let member = schema
                .record(st)
                .and_then(|r| r.fields.iter().find(|f| f.name == *lf));
            let size = member.and_then(|m| match m.field_type() {
                Some(netlink_schema::FieldType::Scalar(s)) => Some(s.size() as usize),
                _ => None,
            });
            match (member, size) {
                (Some(m), Some(size)) if ft.shape == Shape::Repeated && !ft.lazy => {
                    Some((m.offset as usize, size))
                }
                _ => {
                    errors.push(
                        ty.span(),
                        format!("attribute {c_name} is a list of `{st}` records: its field must be `Vec<T>` with T derived with header = \"{st}\""),
                    );
                    return None;
                }
            }
        }
        _ => None,
    };
    let sub_message = if attr.ty == AttrType::SubMessage && !raw {
        let selector = attr.selector.as_deref().unwrap_or_default();
        let set = schema.attribute_sets.values().find(|s| {
            s.get_ref()
                .attributes
                .get(c_name)
                .is_some_and(|a| a.get_ref().id == attr.id)
        });
        let Some(sel) = set.and_then(|s| s.get_ref().get(selector)) else {
            errors.push(
                ty.span(),
                format!("attribute {c_name}: selector `{selector}` not found in its set"),
            );
            return None;
        };
        if ft.shape == Shape::Repeated || ft.lazy {
            errors.push(ty.span(), format!("attribute {c_name} is a sub-message: use `Option<T>` or `T` with T an enum deriving Netlink"));
            return None;
        }
        Some((sel.id, false))
    } else {
        None
    };
    Some(Source::Attr {
        c_name: c_name.to_owned(),
        id: attr.id,
        marker: Ident::new(marker, Span::call_site()),
        element,
        shape: ft.shape,
        lazy: ft.lazy,
        flag,
        records,
        sub_message,
    })
}

fn local(ident: &Ident) -> Ident {
    format_ident!("__f_{}", field_name(ident))
}

/// Header fields: read from a zero-padded copy of the fixed header.
fn read_header_fields(
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
        if let Source::Header {
            offset,
            size,
            big_endian,
            c_enum,
            prim,
            ..
        } = &p.source
        {
            let l = local(p.ident);
            let from = if *big_endian {
                quote!(from_be_bytes)
            } else {
                quote!(from_ne_bytes)
            };
            let read =
                quote!(#prim::#from(::netlink_runtime::codec::array_at::<#size>(&__h, #offset)));
            let ty = p.ty;
            out.extend(if *c_enum {
                quote_spanned!(ty.span()=> let #l: #ty = <#ty as ::netlink_runtime::codec::CEnum>::from_raw(#read as i64);)
            } else {
                quote!(let #l = #read;)
            });
        }
    }
    out
}

fn write_header_fields(plans: &[FieldPlan<'_>], hdr_size: usize) -> TokenStream {
    if hdr_size == 0 {
        return TokenStream::new();
    }
    let mut out = quote!(let mut __h = [0u8; #hdr_size];);
    for p in plans {
        if let Source::Header {
            offset,
            big_endian,
            c_enum,
            prim,
            ..
        } = &p.source
        {
            let ident = p.ident;
            let value = if *c_enum {
                quote!((::netlink_runtime::codec::CEnum::to_raw(self.#ident) as #prim))
            } else {
                quote!(self.#ident)
            };
            let bytes = if *big_endian {
                quote!(#value.to_be_bytes())
            } else {
                quote!(#value.to_ne_bytes())
            };
            out.extend(quote!(::netlink_runtime::codec::put_at(&mut __h, #offset, &#bytes);));
        }
    }
    out.extend(quote!(__b.push_header_bytes(&__h);));
    out
}

/// The attribute loop: one pass, a `match` on the type, unnamed attributes skipped by length.
/// Several fields may use one attribute (and a sub-message needs its selector even when no
/// field names it), so actions are grouped by attribute id, one arm each.
/// Whether the struct can be built before the attribute loop and filled in place: every
/// attribute field has an empty value to start from (no required attribute). Filling `__out`
/// directly spares a local per field and the move of the whole struct at the end, which is
/// most of the cost of a struct that declares many fields.
fn builds_in_place(plans: &[FieldPlan<'_>]) -> bool {
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

fn decode_attrs(
    plans: &[FieldPlan<'_>],
    set: &str,
    set_attrs: Option<&AttributeSet>,
    de: &Lifetime,
) -> TokenStream {
    let in_place = builds_in_place(plans);
    // For error messages only (the cold path): the set's attribute names by type.
    let names = set_attrs
        .into_iter()
        .flat_map(|s| s.attributes.iter())
        .map(|(n, a)| {
            let id = a.get_ref().id;
            quote!((#id, #n))
        });
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
        let dec = |m: &Ident| quote_spanned!(vt.span()=> <::netlink_runtime::codec::wire::#m as ::netlink_runtime::codec::Decode<#de_here, #vt>>::decode);
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

fn build_struct_expr(plans: &[FieldPlan<'_>], set: &str) -> TokenStream {
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

fn encode_fields(plans: &[FieldPlan<'_>]) -> TokenStream {
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
        let enc = |m: &Ident| quote_spanned!(vt.span()=> <::netlink_runtime::codec::wire::#m as ::netlink_runtime::codec::Encode<#vt>>::encode);
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

#[cfg(test)]
mod tests {
    #[test]
    fn field_names_strip_raw_prefix() {
        let id: syn::Ident = syn::parse_str("r#type").unwrap();
        assert_eq!(super::field_name(&id), "type");
    }
}
