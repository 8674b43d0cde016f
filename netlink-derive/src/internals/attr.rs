//! Reading `#[netlink(...)]` attributes, every error collected with its span.

use proc_macro2::Span;
use syn::{Attribute, LitStr};

use super::ctxt::Errors;

/// A string argument and where the user wrote it.
#[derive(Clone)]
pub struct Spanned {
    pub value: String,
    pub span: Span,
}

/// Options on the struct (or enum) itself.
#[derive(Default)]
pub struct ContainerOpts {
    /// `schema = "rtnetlink"` or `schema = "path/to/file.toml"`.
    pub schema: Option<Spanned>,
    /// `message = "route"`: a `[messages.route]` definition.
    pub message: Option<Spanned>,
    /// `attributes = "rtax"`: an attribute set (for nests).
    pub attributes: Option<Spanned>,
    /// `prefix = "RTA_"`: overrides the set's prefix when deriving names from field names.
    pub prefix: Option<Spanned>,
    /// `sub_message = "linkinfo-data"` (on an enum).
    pub sub_message: Option<Spanned>,
    /// `header = "rtnexthop"` with `attributes`: a record of a record list.
    pub header: Option<Spanned>,
}

/// Options on one field.
#[derive(Default)]
pub struct FieldOpts {
    /// `header = "rtm_dst_len"`.
    pub header: Option<Spanned>,
    /// `attr = "RTA_DST"`.
    pub attr: Option<Spanned>,
    /// `rename = "DST"`: the name after the set's prefix.
    pub rename: Option<Spanned>,
    /// `rest`: collects the attributes no other field names.
    pub rest: Option<Span>,
    /// `skip`: not on the wire; `Default` when parsing.
    pub skip: Option<Span>,
    /// `format = "veth"` on an enum variant of a sub-message.
    pub format: Option<Spanned>,
}

fn string(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Spanned> {
    let lit: LitStr = meta.value()?.parse()?;
    Ok(Spanned {
        value: lit.value(),
        span: lit.span(),
    })
}

fn set_once(slot: &mut Option<Spanned>, v: Spanned, name: &str, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(v.span, format!("`{name}` given twice"));
    }
    *slot = Some(v);
}

/// Parses every `#[netlink(...)]` on a struct or enum.
pub fn container(attrs: &[Attribute], errors: &mut Errors) -> ContainerOpts {
    let mut o = ContainerOpts::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("netlink")) {
        let r = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            let slot = match key.as_str() {
                "schema" => &mut o.schema,
                "message" => &mut o.message,
                "attributes" => &mut o.attributes,
                "prefix" => &mut o.prefix,
                "sub_message" => &mut o.sub_message,
                "header" => &mut o.header,
                _ => {
                    return Err(meta.error(format!(
                        "unknown netlink option `{key}`; expected one of schema, message, attributes, header, prefix, sub_message"
                    )))
                }
            };
            let v = string(&meta)?;
            set_once(slot, v, &key, errors);
            Ok(())
        });
        if let Err(e) = r {
            errors.add(e);
        }
    }
    o
}

/// Parses every `#[netlink(...)]` on a field or variant.
pub fn field(attrs: &[Attribute], errors: &mut Errors) -> FieldOpts {
    let mut o = FieldOpts::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("netlink")) {
        let r = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            match key.as_str() {
                "rest" => o.rest = Some(meta.path.get_ident().map_or(Span::call_site(), |i| i.span())),
                "skip" => o.skip = Some(meta.path.get_ident().map_or(Span::call_site(), |i| i.span())),
                "header" | "attr" | "rename" | "format" => {
                    let v = string(&meta)?;
                    let slot = match key.as_str() {
                        "header" => &mut o.header,
                        "attr" => &mut o.attr,
                        "rename" => &mut o.rename,
                        _ => &mut o.format,
                    };
                    set_once(slot, v, &key, errors);
                }
                _ => {
                    return Err(meta.error(format!(
                        "unknown netlink field option `{key}`; expected one of header, attr, rename, rest, skip"
                    )))
                }
            }
            Ok(())
        });
        if let Err(e) = r {
            errors.add(e);
        }
    }
    o
}
