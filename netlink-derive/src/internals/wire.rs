//! The schema's value types as the runtime's `wire::*` markers, and the well-known Rust types
//! each of them decodes into (so a mismatch is reported in words, on the user's field).

use netlink_schema::{AttrType, Attribute, ByteOrder, DisplayHint};

/// The `wire::*` marker for an annotated value type.
pub fn marker_for(attr: &Attribute) -> Result<&'static str, String> {
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
        AttrType::S16 if be => "bes16",
        AttrType::S32 if be => "bes32",
        AttrType::S64 if be => "bes64",
        AttrType::S16 => "s16",
        AttrType::S32 => "s32",
        AttrType::S64 => "s64",
        // The kernel's variable-width integers (nla_put_uint) are host-order only: a
        // big-endian one would be read wrong, so it is refused rather than misread.
        AttrType::Uint | AttrType::Sint if be => {
            return Err(format!(
                "is `{}` with byte-order big-endian in the schema: variable-width integers are host-order only",
                attr.ty
            ))
        }
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
pub fn accepted(marker: &str) -> &'static [&'static str] {
    match marker {
        "u8" => &["u8"],
        "u16" | "be16" => &["u16"],
        "u32" => &["u32"],
        "u64" | "be64" => &["u64"],
        "s8" => &["i8"],
        "s16" | "bes16" => &["i16"],
        "s32" | "bes32" => &["i32"],
        "s64" | "bes64" => &["i64"],
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
pub fn describe(attr: &Attribute) -> String {
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
