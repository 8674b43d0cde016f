//! `#[derive(Netlink)]` on an enum, the planning half: a sub-message, one variant per payload
//! format, chosen by the value of the selector attribute (YNL's sub-message: IFLA_INFO_DATA by
//! IFLA_INFO_KIND). Checks every variant against the schema's formats.

use std::path::PathBuf;

use netlink_schema::{AttrType, ByteOrder, Schema};
use syn::spanned::Spanned as _;
use syn::{DataEnum, DeriveInput, Fields, Ident, Lifetime, Type};

use super::attr;
use super::ctxt::Errors;
use super::plan::{Failure, Stub};
use crate::schemas;

/// How the selector's value is written on the wire.
pub enum Selector {
    /// A string (`"veth"`).
    Text,
    /// An integer of `size` bytes, in network order when the schema says `big-endian`.
    Int { size: usize, big_endian: bool },
}

/// An enum checked against its `[sub-messages]` entry.
pub struct SubMessagePlan<'a> {
    pub ident: &'a Ident,
    /// Its lifetime parameter, if any.
    pub lifetime: Option<&'a Lifetime>,
    /// The schema file, when it is a file.
    pub schema_file: Option<PathBuf>,
    /// The `[sub-messages]` entry.
    pub name: String,
    pub selector: Selector,
    /// In declaration order.
    pub variants: Vec<Variant<'a>>,
}

/// One variant: `Name(Type)`.
pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    /// `None` for the fallback variant (unknown formats, kept as bytes).
    pub format: Option<Format>,
}

/// A known format of the sub-message.
pub struct Format {
    pub payload: Payload,
    /// The selector value that chooses it.
    pub select: SelectValue,
}

/// What the payload of a format holds.
pub enum Payload {
    /// A fixed header followed by attributes (a derived message).
    Headed,
    /// A C struct.
    Record,
    /// Attributes (a derived nest).
    Nest,
}

/// A selector value.
pub enum SelectValue {
    /// A string selector (`"veth"`).
    Text(String),
    /// An integer selector of `size` bytes.
    Int { value: u64, size: usize },
}

impl SubMessagePlan<'_> {
    /// Whether a variant takes the formats the schema does not list.
    pub fn has_fallback(&self) -> bool {
        self.variants.iter().any(|v| v.format.is_none())
    }
}

/// Reads and checks the enum.
pub fn plan<'a>(
    input: &'a DeriveInput,
    data: &'a DataEnum,
) -> Result<SubMessagePlan<'a>, Failure<'a>> {
    let mut errors = Errors::default();
    let opts = attr::container(&input.attrs, &mut errors);
    let stub = Stub::new(input).map(|s| Stub {
        sub_message: true,
        ..s
    });
    let fail = |e: syn::Error| Failure {
        error: Some(e),
        stub,
    };
    let (Some(schema_opt), Some(sub)) = (&opts.schema, &opts.sub_message) else {
        errors.push(
            input.ident.span(),
            "an enum deriving Netlink is a sub-message: give #[netlink(schema = \"...\", sub_message = \"...\")]",
        );
        return Err(fail(errors.fail(input.ident.span())));
    };
    let site = format!("{:?} {}", schema_opt.span, input.ident);
    let loaded = match schemas::load_reporting_once(&schema_opt.value, schema_opt.span, &site) {
        Ok(l) => l,
        Err(Some(e)) => return Err(fail(e)),
        Err(None) => return Err(Failure { error: None, stub }),
    };
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
        return Err(fail(syn::Error::new(
            sub.span,
            format!("unknown sub-message `{}`{hint}", sub.value),
        )));
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
            ref t => Selector::Int {
                size: t.int_size().unwrap_or(4),
                big_endian: sel.byte_order == Some(ByteOrder::BigEndian),
            },
        })
        .unwrap_or(Selector::Text);

    let mut variants = Vec::new();
    let mut fallback_seen = false;
    for v in &data.variants {
        let fo = attr::field(&v.attrs, &mut errors);
        let ty = match &v.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => &f.unnamed[0].ty,
            _ => {
                errors.push(v.span(), "each variant holds one value: `Name(Type)`");
                continue;
            }
        };
        let Some(format) = &fo.format else {
            if fallback_seen {
                errors.push(v.span(), "only one variant may lack #[netlink(format = \"...\")] (the fallback for unknown formats)");
            }
            fallback_seen = true;
            variants.push(Variant {
                ident: &v.ident,
                ty,
                format: None,
            });
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
        let payload = match (&f.header, &f.attributes) {
            (Some(_), Some(_)) => Payload::Headed,
            (Some(_), None) => Payload::Record,
            _ => Payload::Nest,
        };
        let select = match selector {
            Selector::Text => SelectValue::Text(format.value.clone()),
            Selector::Int { size, .. } => {
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
                SelectValue::Int { value, size }
            }
        };
        variants.push(Variant {
            ident: &v.ident,
            ty,
            format: Some(Format { payload, select }),
        });
    }
    if let Err(e) = errors.finish() {
        return Err(fail(e));
    }
    Ok(SubMessagePlan {
        ident: &input.ident,
        lifetime: input.generics.lifetimes().map(|l| &l.lifetime).next(),
        schema_file: loaded.file.clone(),
        name: sub.value.clone(),
        selector,
        variants,
    })
}
