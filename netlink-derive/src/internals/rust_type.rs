//! What a field's Rust type says about how it is filled: optional, repeated, lazy, raw.

use syn::{GenericArgument, PathArguments, Type};

/// How many occurrences a field takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// Plain `T`: required.
    Required,
    /// `Option<T>`.
    Optional,
    /// `Vec<T>` (not `Vec<u8>`): every occurrence, or the elements of an indexed array.
    Repeated,
}

/// A field type taken apart.
pub struct FieldType<'t> {
    pub shape: Shape,
    /// `Lazy<'a, T>`: decode on first access.
    pub lazy: bool,
    /// The value type (`T` inside the containers above).
    pub value: &'t Type,
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

/// The single type argument of `Name<T>` (lifetimes skipped), if `ty` is `Name<..>`.
fn generic_arg<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let seg = last_segment(ty)?;
    if seg.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// Whether `ty` is the primitive or simple path `name` (`u8`, `bool`, `str`).
pub fn is_named(ty: &Type, name: &str) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == name && s.arguments.is_empty())
}

/// `&[u8]`, `Vec<u8>` or `Attr<'a>`: the raw attribute, whatever its annotated type.
pub fn is_raw(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => matches!(&*r.elem, Type::Slice(s) if is_named(&s.elem, "u8")),
        _ => generic_arg(ty, "Vec").is_some_and(|t| is_named(t, "u8")) || is_attr(ty),
    }
}

/// `Attr<'a>`: one raw attribute.
pub fn is_attr(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Attr")
}

/// Takes a field type apart.
pub fn analyse(ty: &Type) -> FieldType<'_> {
    let (shape, inner) = if let Some(t) = generic_arg(ty, "Option") {
        (Shape::Optional, t)
    } else if let Some(t) = generic_arg(ty, "Vec").filter(|t| !is_named(t, "u8")) {
        (Shape::Repeated, t)
    } else {
        (Shape::Required, ty)
    };
    match generic_arg(inner, "Lazy") {
        Some(t) => FieldType {
            shape,
            lazy: true,
            value: t,
        },
        None => FieldType {
            shape,
            lazy: false,
            value: inner,
        },
    }
}

/// The primitive integer a Rust type names, if any: (`u8`, 1, unsigned).
pub fn primitive_int(ty: &Type) -> Option<(&'static str, usize)> {
    const INTS: [(&str, usize); 8] = [
        ("u8", 1),
        ("u16", 2),
        ("u32", 4),
        ("u64", 8),
        ("i8", 1),
        ("i16", 2),
        ("i32", 4),
        ("i64", 8),
    ];
    INTS.into_iter().find(|(n, _)| is_named(ty, n))
}

/// A short name for the well-known value types (`u32`, `&str`, `IpAddr`, `[u8; 6]`, ...), so
/// the macro can say precisely which of them fit an annotation; `None` for other types (user
/// structs and enums), which the trait system checks instead.
pub fn well_known(ty: &Type) -> Option<String> {
    const NAMES: [&str; 17] = [
        "u8",
        "u16",
        "u32",
        "u64",
        "i8",
        "i16",
        "i32",
        "i64",
        "bool",
        "String",
        "IpAddr",
        "Ipv4Addr",
        "Ipv6Addr",
        "MacAddr",
        "Bitfield32",
        "f32",
        "f64",
    ];
    match ty {
        Type::Reference(r) if is_named(&r.elem, "str") => Some("&str".into()),
        Type::Array(a) if is_named(&a.elem, "u8") => {
            let len = &a.len;
            Some(format!("[u8; {}]", quote::quote!(#len)))
        }
        _ => NAMES
            .iter()
            .find(|n| is_named(ty, n))
            .map(|n| (*n).to_owned()),
    }
}
