//! `#[derive(Netlink)]` on a struct, the planning half: read the user's struct, check every
//! field against the schema and say what it maps to. Every problem is reported with a span on
//! the user's code; `emit::derive_struct` turns the plan into a parser and a builder.

use std::path::PathBuf;

use netlink_schema::{AttrType, Attribute, AttributeSet, Record, Schema};
use proc_macro2::Span;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, Ident, Lifetime, Type};

use super::attr::{self, ContainerOpts, FieldOpts};
use super::ctxt::Errors;
use super::rust_type::{self, Shape};
use super::wire;
use crate::schemas;

/// A struct checked against the schema: everything code emission needs, nothing it must look up.
pub struct Plan<'a> {
    /// The struct's name.
    pub ident: &'a Ident,
    /// Its lifetime parameter (the receive buffer's), if any.
    pub lifetime: Option<&'a Lifetime>,
    /// The schema file, when it is a file (the user crate rebuilds when it changes).
    pub schema_file: Option<PathBuf>,
    /// What the struct is derived for.
    pub target: Target,
    /// The attribute set's name (`""` for a message without one).
    pub set: String,
    /// The set's attributes (id, C name), for error messages.
    pub set_names: Vec<(u16, String)>,
    /// One entry per field, in declaration order.
    pub fields: Vec<FieldPlan<'a>>,
}

/// What the struct is derived for.
pub enum Target {
    /// A `[messages]` entry (or a record of a record list: `header` + `attributes`).
    Message {
        /// The definition's name, for docs.
        name: String,
        /// The fixed header.
        header: Option<Header>,
        /// Generic netlink: a `genlmsghdr` precedes the fixed header.
        genl: bool,
    },
    /// An attribute set (a nest).
    Set,
}

/// A message's fixed header.
pub struct Header {
    /// The C struct's name.
    pub c_name: String,
    /// `sizeof`.
    pub size: usize,
}

/// One field of the user's struct and where its value comes from.
pub struct FieldPlan<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    /// The value type inside `Option`/`Vec`/`Lazy`.
    pub value_ty: &'a Type,
    pub source: Source,
}

/// Where a field's value comes from.
pub enum Source {
    /// A member of the fixed header.
    Header {
        offset: usize,
        size: usize,
        big_endian: bool,
        /// The Rust type is a C enum (not a primitive integer).
        c_enum: bool,
        /// Primitive type the header member is read as (`u8`, `i32`, ...).
        prim: &'static str,
    },
    /// An attribute.
    Attr {
        c_name: String,
        id: u16,
        /// The `wire::*` marker of its value type.
        marker: &'static str,
        /// For an indexed array: the marker of each element.
        element: Option<&'static str>,
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

/// The schema's items a struct is derived against, borrowed from the schema.
enum Resolved<'s> {
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

/// Reads and checks the struct; all problems at once, or the plan.
pub fn plan(input: &DeriveInput) -> syn::Result<Plan<'_>> {
    let mut errors = Errors::default();
    let opts = attr::container(&input.attrs, &mut errors);
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
        return Err(errors.fail(input.ident.span()));
    };
    let loaded = match schemas::load(&schema_opt.value, schema_opt.span) {
        Ok(l) => l,
        Err(e) => {
            errors.add(e);
            return Err(errors.fail(schema_opt.span));
        }
    };
    let schema: &Schema = &loaded.schema;
    let Some(resolved) = resolve_target(schema, &opts, input.ident.span(), &mut errors) else {
        return Err(errors.fail(input.ident.span()));
    };

    let (set_name, set) = match &resolved {
        Resolved::Message { set, .. } => (set.map(|s| s.0), set.map(|s| s.1)),
        Resolved::Set { name, set } => (Some(*name), Some(*set)),
    };
    let header = match &resolved {
        Resolved::Message { header, .. } => *header,
        Resolved::Set { .. } => None,
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
        let fo = attr::field(&f.attrs, &mut errors);
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
    let target = match resolved {
        Resolved::Message {
            name, header, genl, ..
        } => Target::Message {
            name,
            header: header.map(|(n, r)| Header {
                c_name: n.to_owned(),
                size: r.size as usize,
            }),
            genl,
        },
        Resolved::Set { .. } => Target::Set,
    };
    Ok(Plan {
        ident: &input.ident,
        lifetime: lifetimes.first().copied(),
        schema_file: loaded.file.clone(),
        target,
        set: set_name.unwrap_or("").to_owned(),
        set_names: set
            .into_iter()
            .flat_map(|s| s.attributes.iter())
            .map(|(n, a)| (a.get_ref().id, n.clone()))
            .collect(),
        fields: plans,
    })
}

fn resolve_target<'s>(
    schema: &'s Schema,
    opts: &ContainerOpts,
    span: Span,
    errors: &mut Errors,
) -> Option<Resolved<'s>> {
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
        return Some(Resolved::Message {
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
            Some(Resolved::Message {
                name: m.value.clone(),
                header,
                genl: !msg.commands.is_empty(),
                set,
            })
        }
        (None, Some(a)) => match schema.attribute_sets.get_key_value(&a.value) {
            Some((name, set)) => Some(Resolved::Set {
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

/// The field's name as the user wrote it, without `r#`.
pub fn field_name(ident: &Ident) -> String {
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
        return plan_header(ty, h, header, errors);
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
    ty: &Type,
    h: &attr::Spanned,
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
    let c_enum = match rust_type::primitive_int(ty) {
        Some((p, _)) if p == prim => false,
        Some((p, _)) => {
            errors.push(
                ty.span(),
                format!(
                    "header field `{}` is `{}` in the schema: this field must be `{prim}` (or a C enum type), not `{p}`",
                    field.name, field.ty
                ),
            );
            return None;
        }
        None => true,
    };
    Some(Source::Header {
        offset: field.offset as usize,
        size: scalar.size() as usize,
        big_endian,
        c_enum,
        prim,
    })
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
        match wire::marker_for(attr) {
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
        match wire::marker_for(&elem_attr) {
            Ok(m) => Some(m),
            Err(e) => {
                errors.push(ty.span(), format!("elements of {c_name} {e}"));
                return None;
            }
        }
    } else {
        None
    };
    if let (false, Some(found)) = (raw, rust_type::well_known(ft.value)) {
        let checked = element.unwrap_or(marker);
        let fits = wire::accepted(checked);
        if !fits.contains(&found.as_str()) && checked != "flag" {
            let what = match checked {
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
                    wire::describe(attr),
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
        marker,
        element,
        shape: ft.shape,
        lazy: ft.lazy,
        flag,
        records,
        sub_message,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_names_strip_raw_prefix() {
        let id: syn::Ident = syn::parse_str("r#type").unwrap();
        assert_eq!(super::field_name(&id), "type");
    }
}
