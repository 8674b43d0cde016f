//! What `#[derive(Netlink)]` generates code against: value codecs chosen by the schema's
//! annotated type, the traits a derived struct implements, lazy handles and decode errors.
//!
//! The derive picks a *wire type* marker (one zero-sized type per annotated value type, in
//! [`wire`]) for each field and calls `<Marker as Decode<'a, FieldType>>::decode`. Which Rust
//! types a wire type decodes into is therefore a list of trait impls, visible in one place here,
//! and a Rust type that does not fit the annotation is a compile error that names both.
//! Users extend it by implementing [`Decode`] / [`Encode`] for their own types.

use std::fmt;
use std::marker::PhantomData;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::attr::{align4, Attr, AttrError, AttrErrorKind, Attrs};
use crate::builder::MessageBuilder;
use crate::message::Message;

/// Why one attribute value could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// The payload has the wrong size for the annotated type.
    Size {
        /// Sizes the type accepts, e.g. `"4"` or `"4 or 16"`.
        expected: &'static str,
        /// Payload size found.
        actual: usize,
    },
    /// A string is not valid UTF-8.
    Utf8,
    /// The value does not fit the Rust type.
    Range {
        /// The value on the wire.
        value: i128,
    },
    /// An error inside a nested attribute set.
    Nested(Box<DecodeError>),
    /// A sub-message whose selector names no format the type knows (and it has no fallback).
    UnknownFormat,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::Size { expected, actual } => {
                write!(f, "payload of {actual} bytes, expected {expected}")
            }
            ValueError::Utf8 => f.write_str("string is not valid UTF-8"),
            ValueError::Range { value } => write!(f, "value {value} does not fit the field type"),
            ValueError::Nested(e) => write!(f, "in nest: {e}"),
            ValueError::UnknownFormat => {
                f.write_str("the selector names no format this type knows")
            }
        }
    }
}

/// What went wrong while decoding a message into a derived struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// An attribute header or length is malformed.
    Malformed(AttrErrorKind),
    /// An attribute's value does not decode as its annotated type.
    Value(ValueError),
    /// A required attribute (a plain, non-`Option` field) is absent.
    Missing,
    /// The fixed header is shorter than the schema's struct.
    HeaderTooShort {
        /// Bytes the header needs.
        need: usize,
        /// Bytes the message has.
        have: usize,
    },
}

/// A decode error naming the attribute set, the attribute and its offset in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Attribute set (schema name).
    pub set: &'static str,
    /// Attribute C name (empty when the attribute could not even be framed).
    pub attr: &'static str,
    /// Offset of the attribute header from the start of the message.
    pub offset: usize,
    /// What was wrong.
    pub kind: DecodeErrorKind,
}

impl DecodeError {
    /// A value error on attribute `attr` of `set`.
    #[cold]
    pub fn value(set: &'static str, attr: &'static str, a: &Attr<'_>, e: ValueError) -> Self {
        DecodeError {
            set,
            attr,
            offset: a.offset(),
            kind: DecodeErrorKind::Value(e),
        }
    }

    /// A framing error found while walking `set`; `names` maps the set's attribute types to
    /// their C names, so the error names the attribute whose length is wrong.
    #[cold]
    pub fn malformed(set: &'static str, names: &[(u16, &'static str)], e: AttrError) -> Self {
        let attr = e
            .kind
            .attr_kind()
            .and_then(|k| names.iter().find(|(id, _)| *id == k))
            .map_or("", |(_, n)| *n);
        DecodeError {
            set,
            attr,
            offset: e.offset,
            kind: DecodeErrorKind::Malformed(e.kind),
        }
    }

    /// A required attribute is absent.
    #[cold]
    pub fn missing(set: &'static str, attr: &'static str) -> Self {
        DecodeError {
            set,
            attr,
            offset: 0,
            kind: DecodeErrorKind::Missing,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DecodeErrorKind::Missing => {
                write!(
                    f,
                    "required attribute {} of set {} is absent",
                    self.attr, self.set
                )
            }
            DecodeErrorKind::HeaderTooShort { need, have } => write!(
                f,
                "fixed header of set {}: {have} bytes, need {need}",
                self.set
            ),
            DecodeErrorKind::Malformed(k) => {
                let e = AttrError {
                    offset: self.offset,
                    kind: *k,
                };
                if self.attr.is_empty() {
                    write!(f, "set {}: {e}", self.set)
                } else {
                    write!(f, "set {}, {}: {e}", self.set, self.attr)
                }
            }
            DecodeErrorKind::Value(v) => write!(
                f,
                "attribute {} of set {} at offset {}: {v}",
                self.attr, self.set, self.offset
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes the payload of an attribute whose wire type is `Self` into a `T`.
#[diagnostic::on_unimplemented(
    message = "the schema's value type `{Self}` cannot be decoded into `{T}`",
    label = "this Rust type does not fit the attribute's annotated value type",
    note = "see netlink_runtime::codec::wire for the Rust types each value type accepts"
)]
pub trait Decode<'a, T> {
    /// Decodes `attr`'s payload.
    fn decode(attr: Attr<'a>) -> Result<T, ValueError>;
}

/// Encodes a `T` as the payload of an attribute whose wire type is `Self`.
#[diagnostic::on_unimplemented(
    message = "the schema's value type `{Self}` cannot be encoded from `{T}`",
    label = "this Rust type does not fit the attribute's annotated value type"
)]
pub trait Encode<T: ?Sized> {
    /// Appends attribute `kind` holding `v`.
    fn encode(v: &T, kind: u16, b: &mut MessageBuilder);
}

/// A struct derived for an attribute set: decoded from the attributes of a nest or message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a nest: it must derive Netlink with `attributes = \"...\"`",
    label = "this type is not a struct derived for the nested attribute set"
)]
pub trait FromAttrs<'a>: Sized {
    /// The attribute set's schema name.
    const SET: &'static str;
    /// Decodes from an attribute iterator (one pass; unnamed attributes skipped by length).
    fn from_attrs(attrs: Attrs<'a>) -> Result<Self, DecodeError>;
}

/// A struct derived for an attribute set: written as attributes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written as a nest: it must derive Netlink with `attributes = \"...\"`"
)]
pub trait ToAttrs {
    /// Appends the attributes of `self` (absent `Option`s omitted).
    fn to_attrs(&self, b: &mut MessageBuilder);
}

/// A struct derived for a message: fixed header plus attributes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a fixed header and attributes: it must derive Netlink with `message = \"...\"` or `header = \"...\", attributes = \"...\"`",
    label = "this type is not a struct derived for a message or record"
)]
pub trait FromMessage<'a>: Sized {
    /// Bytes of fixed header (genetlink header included) before the attributes, 4-aligned.
    const HEADER_LEN: usize;
    /// The fixed header's C struct name (`""` when there is none): lets the derive check that a
    /// field holding such a record is derived for the struct the schema names.
    const HEADER: &'static str;
    /// The attribute set's schema name (`""` when there is none).
    const SET: &'static str;
    /// Decodes a message payload (the bytes after `nlmsghdr`).
    fn from_payload(payload: &'a [u8]) -> Result<Self, DecodeError>;
    /// Decodes a received message.
    #[inline]
    fn from_message(msg: &Message<'a>) -> Result<Self, DecodeError> {
        Self::from_payload(msg.payload())
    }
}

/// A struct derived for a message: written as a request.
pub trait ToMessage {
    /// Appends the fixed header and the attributes of `self` to a builder that holds only an
    /// `nlmsghdr` (and, for generic netlink, a `genlmsghdr`).
    fn write_payload(&self, b: &mut MessageBuilder);
    /// A new message of type `kind` with `flags`, holding `self`.
    fn to_message(&self, kind: u16, flags: u16) -> MessageBuilder {
        let mut b = MessageBuilder::new(kind, flags);
        self.write_payload(&mut b);
        b
    }
}

/// A C struct generated from a schema, with the compiler's layout, read and written field by
/// field (no `unsafe`, no alignment requirement on the buffer).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a C struct generated from the schema (netlink_derive::schema!)",
    label = "the attribute holds a C struct: use the type `schema!` generates for it"
)]
pub trait Record: Sized + Copy {
    /// The C name (`rta_cacheinfo`).
    const C_NAME: &'static str;
    /// `sizeof` in C.
    const SIZE: usize;
    /// Reads a struct from `bytes`. A shorter buffer (older kernel) reads as zero-filled, extra
    /// bytes (newer kernel) are ignored.
    fn read(bytes: &[u8]) -> Self;
    /// Reads a struct whose `display-hint = "ip"` members take their address family from the
    /// struct that embeds it (`inet_diag_sockid` in `inet_diag_msg`): `family` is that member's
    /// value. Structs without such members ignore it; [`Record::read`] reads such addresses
    /// as IPv6 (all 16 bytes, nothing lost).
    #[inline(always)]
    fn read_with_family(bytes: &[u8], family: Option<i64>) -> Self {
        let _ = family;
        Self::read(bytes)
    }
    /// Writes the struct's `SIZE` bytes (padding zeroed) into `out[..SIZE]`; `out` must be at
    /// least `SIZE` long.
    fn write(&self, out: &mut [u8]);
    /// The struct as its `SIZE` bytes.
    fn to_bytes(&self) -> Vec<u8> {
        let mut v = vec![0; Self::SIZE];
        self.write(&mut v);
        v
    }
}

/// A C enum generated from a schema: a Rust enum that keeps unknown values.
#[diagnostic::on_unimplemented(
    message = "the attribute's annotated integer type cannot be decoded into `{Self}`",
    label = "use the integer type of the annotation (or a C enum generated by `schema!`)",
    note = "see netlink_runtime::codec::wire for the Rust types each value type accepts"
)]
pub trait CEnum: Copy {
    /// The schema's name of the C enum (`rt_scope_t`): lets the derive check that a field of an
    /// attribute annotated `enum = "..."` has the enum generated for it.
    const C_NAME: &'static str;
    /// From the integer on the wire.
    fn from_raw(v: i64) -> Self;
    /// To the integer on the wire.
    fn to_raw(self) -> i64;
}

/// A name that is not one of a generated enum's members (nor a number): the error of the
/// `FromStr` that `schema!` generates for every enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    /// The enum's Rust name.
    pub type_name: &'static str,
    /// What was given.
    pub input: String,
    /// The names it accepts.
    pub expected: Vec<&'static str>,
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a {} (expected ", self.input, self.type_name)?;
        for (i, n) in self.expected.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(n)?;
        }
        f.write_str(", or a number)")
    }
}

impl std::error::Error for ParseEnumError {}

/// Parses a number as `FromStr` of a generated enum accepts it: decimal, or hex after `0x`.
pub fn parse_enum_number(s: &str) -> Option<i64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => i64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

/// Copies `bytes` into a zero-filled array of `N`: how fixed headers and structs tolerate a
/// kernel that sends fewer or more bytes than this schema's struct.
#[inline(always)]
pub fn padded<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    let n = bytes.len().min(N);
    if let (Some(dst), Some(src)) = (out.get_mut(..n), bytes.get(..n)) {
        dst.copy_from_slice(src);
    }
    out
}

/// An attribute kept undecoded until asked: `get` decodes it with the annotated type.
pub struct Lazy<'a, T> {
    attr: Attr<'a>,
    decode: fn(Attr<'a>) -> Result<T, ValueError>,
    set: &'static str,
    name: &'static str,
    _t: PhantomData<T>,
}

impl<'a, T> Clone for Lazy<'a, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<'a, T> Copy for Lazy<'a, T> {}

impl<'a, T> fmt::Debug for Lazy<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lazy({} {} bytes)", self.name, self.attr.payload().len())
    }
}

impl<'a, T> Lazy<'a, T> {
    /// Wraps `attr`; used by generated code.
    #[inline(always)]
    pub fn new(
        attr: Attr<'a>,
        decode: fn(Attr<'a>) -> Result<T, ValueError>,
        set: &'static str,
        name: &'static str,
    ) -> Self {
        Lazy {
            attr,
            decode,
            set,
            name,
            _t: PhantomData,
        }
    }

    /// Decodes the value now.
    pub fn get(&self) -> Result<T, DecodeError> {
        (self.decode)(self.attr).map_err(|e| DecodeError::value(self.set, self.name, &self.attr, e))
    }

    /// The undecoded attribute.
    pub fn attr(&self) -> Attr<'a> {
        self.attr
    }
}

/// A link-layer (MAC) address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MacAddr(pub [u8; 6]);

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

/// `struct nla_bitfield32`: which bits are set (`value`) among the bits that matter (`selector`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bitfield32 {
    /// Bit values.
    pub value: u32,
    /// Bits that are valid in `value`.
    pub selector: u32,
}

/// Wire type markers: one per annotated value type. Each lists, by its `Decode`/`Encode` impls,
/// the Rust types a field of that value type may have.
pub mod wire {
    macro_rules! markers {
        ($($(#[$m:meta])* $name:ident),* $(,)?) => {$(
            $(#[$m])*
            #[derive(Debug, Clone, Copy)]
            #[allow(non_camel_case_types)]
            pub struct $name;
        )*};
    }
    markers! {
        /// `u8`: `u8` or a C enum.
        u8,
        /// `u16`: `u16` or a C enum.
        u16,
        /// `u32`: `u32` or a C enum.
        u32,
        /// `u64`: `u64`.
        u64,
        /// `s8`: `i8`.
        s8,
        /// `s16`: `i16`.
        s16,
        /// `s32`: `i32` or a C enum.
        s32,
        /// `s64`: `i64`.
        s64,
        /// `u16` with `byte-order = "big-endian"`: `u16`.
        be16,
        /// `u32` with `byte-order = "big-endian"`: `u32` or `Ipv4Addr`.
        be32,
        /// `u64` with `byte-order = "big-endian"`: `u64`.
        be64,
        /// `s16` with `byte-order = "big-endian"`: `i16`.
        bes16,
        /// `s32` with `byte-order = "big-endian"`: `i32` or a C enum.
        bes32,
        /// `s64` with `byte-order = "big-endian"`: `i64`.
        bes64,
        /// `uint`: 4 or 8 bytes; `u64`, or `u32` when the value fits.
        uint,
        /// `sint`: 4 or 8 bytes; `i64`, or `i32` when the value fits.
        sint,
        /// `string`: `&str` (borrowed, trailing NULs removed) or `String`.
        string,
        /// `binary`: `&[u8]` or `Vec<u8>`.
        binary,
        /// `binary` with `display-hint = "ipv4"`: `Ipv4Addr` or `IpAddr`.
        ipv4,
        /// `binary` with `display-hint = "ipv6"`: `Ipv6Addr` or `IpAddr`.
        ipv6,
        /// `binary` with `display-hint = "ip"`: `IpAddr`, chosen by length (4 or 16).
        ip,
        /// `binary` with `display-hint = "mac"`: `MacAddr`, `[u8; 6]`, or `&[u8]` for other lengths.
        mac,
        /// `bitfield32`: `Bitfield32`.
        bitfield32,
        /// `binary` with `struct = "..."`: the schema's generated struct type.
        record,
        /// `nest`: a struct derived for the nested attribute set.
        nest,
        /// `flag`: presence, as `bool`.
        flag,
        /// `binary` with `struct` and `nested-attributes`: a C struct followed by attributes
        /// (`VETH_INFO_PEER`: an `ifinfomsg` and the peer's `IFLA_*`), as a struct derived with
        /// `header = "..."` and `attributes = "..."`.
        headed,
    }
}

#[cold]
#[inline(never)]
fn size_err(expected: &'static str, actual: usize) -> ValueError {
    ValueError::Size { expected, actual }
}

macro_rules! fixed_int {
    ($marker:ident, $t:ty, $n:literal, $from:ident, $to:ident) => {
        impl<'a> Decode<'a, $t> for wire::$marker {
            #[inline(always)]
            fn decode(attr: Attr<'a>) -> Result<$t, ValueError> {
                let p = attr.payload();
                match p.first_chunk::<$n>() {
                    Some(b) if p.len() == $n => Ok(<$t>::$from(*b)),
                    _ => Err(size_err(stringify!($n), p.len())),
                }
            }
        }
        impl Encode<$t> for wire::$marker {
            #[inline(always)]
            fn encode(v: &$t, kind: u16, b: &mut MessageBuilder) {
                b.attr(kind, &v.$to());
            }
        }
    };
}

fixed_int!(u8, u8, 1, from_ne_bytes, to_ne_bytes);
fixed_int!(u16, u16, 2, from_ne_bytes, to_ne_bytes);
fixed_int!(u32, u32, 4, from_ne_bytes, to_ne_bytes);
fixed_int!(u64, u64, 8, from_ne_bytes, to_ne_bytes);
fixed_int!(s8, i8, 1, from_ne_bytes, to_ne_bytes);
fixed_int!(s16, i16, 2, from_ne_bytes, to_ne_bytes);
fixed_int!(s32, i32, 4, from_ne_bytes, to_ne_bytes);
fixed_int!(s64, i64, 8, from_ne_bytes, to_ne_bytes);
fixed_int!(be16, u16, 2, from_be_bytes, to_be_bytes);
fixed_int!(be32, u32, 4, from_be_bytes, to_be_bytes);
fixed_int!(be64, u64, 8, from_be_bytes, to_be_bytes);
fixed_int!(bes16, i16, 2, from_be_bytes, to_be_bytes);
fixed_int!(bes32, i32, 4, from_be_bytes, to_be_bytes);
fixed_int!(bes64, i64, 8, from_be_bytes, to_be_bytes);

macro_rules! enum_int {
    ($marker:ident, $t:ty) => {
        impl<'a, E: CEnum> Decode<'a, E> for wire::$marker {
            #[inline(always)]
            fn decode(attr: Attr<'a>) -> Result<E, ValueError> {
                <wire::$marker as Decode<'a, $t>>::decode(attr).map(|v| E::from_raw(v as i64))
            }
        }
        impl<E: CEnum> Encode<E> for wire::$marker {
            #[inline(always)]
            fn encode(v: &E, kind: u16, b: &mut MessageBuilder) {
                <wire::$marker as Encode<$t>>::encode(&(v.to_raw() as $t), kind, b)
            }
        }
    };
}
enum_int!(u8, u8);
enum_int!(u16, u16);
enum_int!(u32, u32);
enum_int!(s32, i32);
enum_int!(bes32, i32);

impl<'a> Decode<'a, Ipv4Addr> for wire::be32 {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Ipv4Addr, ValueError> {
        <wire::ipv4 as Decode<'a, Ipv4Addr>>::decode(attr)
    }
}
impl Encode<Ipv4Addr> for wire::be32 {
    #[inline]
    fn encode(v: &Ipv4Addr, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, &v.octets());
    }
}

impl<'a> Decode<'a, u64> for wire::uint {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<u64, ValueError> {
        let p = attr.payload();
        if let (Some(b), 4) = (p.first_chunk::<4>(), p.len()) {
            Ok(u64::from(u32::from_ne_bytes(*b)))
        } else if let (Some(b), 8) = (p.first_chunk::<8>(), p.len()) {
            Ok(u64::from_ne_bytes(*b))
        } else {
            Err(size_err("4 or 8", p.len()))
        }
    }
}
impl<'a> Decode<'a, u32> for wire::uint {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<u32, ValueError> {
        let v = <wire::uint as Decode<'a, u64>>::decode(attr)?;
        u32::try_from(v).map_err(|_| ValueError::Range { value: v.into() })
    }
}
impl Encode<u64> for wire::uint {
    #[inline]
    fn encode(v: &u64, kind: u16, b: &mut MessageBuilder) {
        // The kernel's own rule (nla_put_uint): 4 bytes when the value fits.
        match u32::try_from(*v) {
            Ok(small) => b.attr(kind, &small.to_ne_bytes()),
            Err(_) => b.attr(kind, &v.to_ne_bytes()),
        };
    }
}
impl Encode<u32> for wire::uint {
    #[inline]
    fn encode(v: &u32, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, &v.to_ne_bytes());
    }
}
impl<'a> Decode<'a, i64> for wire::sint {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<i64, ValueError> {
        let p = attr.payload();
        if let (Some(b), 4) = (p.first_chunk::<4>(), p.len()) {
            Ok(i64::from(i32::from_ne_bytes(*b)))
        } else if let (Some(b), 8) = (p.first_chunk::<8>(), p.len()) {
            Ok(i64::from_ne_bytes(*b))
        } else {
            Err(size_err("4 or 8", p.len()))
        }
    }
}
impl<'a> Decode<'a, i32> for wire::sint {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<i32, ValueError> {
        let v = <wire::sint as Decode<'a, i64>>::decode(attr)?;
        i32::try_from(v).map_err(|_| ValueError::Range { value: v.into() })
    }
}
impl Encode<i64> for wire::sint {
    #[inline]
    fn encode(v: &i64, kind: u16, b: &mut MessageBuilder) {
        match i32::try_from(*v) {
            Ok(small) => b.attr(kind, &small.to_ne_bytes()),
            Err(_) => b.attr(kind, &v.to_ne_bytes()),
        };
    }
}
impl Encode<i32> for wire::sint {
    #[inline]
    fn encode(v: &i32, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, &v.to_ne_bytes());
    }
}

/// The text of a string attribute: everything before the first NUL.
#[inline(always)]
fn c_str(p: &[u8]) -> &[u8] {
    match p.iter().position(|&c| c == 0) {
        Some(n) => p.get(..n).unwrap_or(p),
        None => p,
    }
}

impl<'a> Decode<'a, &'a str> for wire::string {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<&'a str, ValueError> {
        std::str::from_utf8(c_str(attr.payload())).map_err(|_| ValueError::Utf8)
    }
}
impl<'a> Decode<'a, String> for wire::string {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<String, ValueError> {
        <wire::string as Decode<'a, &'a str>>::decode(attr).map(str::to_owned)
    }
}
impl Encode<&str> for wire::string {
    #[inline]
    fn encode(v: &&str, kind: u16, b: &mut MessageBuilder) {
        b.attr_str(kind, v);
    }
}
impl Encode<String> for wire::string {
    #[inline]
    fn encode(v: &String, kind: u16, b: &mut MessageBuilder) {
        b.attr_str(kind, v);
    }
}

impl<'a> Decode<'a, crate::name::Name<'a>> for wire::string {
    /// Any bytes (names need not be UTF-8): never fails.
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<crate::name::Name<'a>, ValueError> {
        Ok(crate::name::Name::new(c_str(attr.payload())))
    }
}
impl<'a> Decode<'a, crate::name::NameBuf> for wire::string {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<crate::name::NameBuf, ValueError> {
        Ok(crate::name::NameBuf::from(c_str(attr.payload())))
    }
}
impl Encode<crate::name::Name<'_>> for wire::string {
    #[inline]
    fn encode(v: &crate::name::Name<'_>, kind: u16, b: &mut MessageBuilder) {
        b.attr_parts(kind, &[v.as_bytes(), &[0]]);
    }
}
impl Encode<crate::name::NameBuf> for wire::string {
    #[inline]
    fn encode(v: &crate::name::NameBuf, kind: u16, b: &mut MessageBuilder) {
        b.attr_parts(kind, &[v.as_bytes(), &[0]]);
    }
}

impl<'a> Decode<'a, &'a [u8]> for wire::binary {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<&'a [u8], ValueError> {
        Ok(attr.payload())
    }
}
impl<'a> Decode<'a, Vec<u8>> for wire::binary {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Vec<u8>, ValueError> {
        Ok(attr.payload().to_vec())
    }
}
impl<'a> Decode<'a, Attr<'a>> for wire::binary {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<Attr<'a>, ValueError> {
        Ok(attr)
    }
}
impl Encode<&[u8]> for wire::binary {
    #[inline]
    fn encode(v: &&[u8], kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, v);
    }
}
impl Encode<Vec<u8>> for wire::binary {
    #[inline]
    fn encode(v: &Vec<u8>, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, v);
    }
}
impl Encode<Attr<'_>> for wire::binary {
    #[inline]
    fn encode(v: &Attr<'_>, kind: u16, b: &mut MessageBuilder) {
        // Keep the nested / byte-order flags the attribute arrived with.
        b.attr(kind | v.flags(), v.payload());
    }
}

impl<'a> Decode<'a, Ipv4Addr> for wire::ipv4 {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<Ipv4Addr, ValueError> {
        let p = attr.payload();
        match p.first_chunk::<4>() {
            Some(b) if p.len() == 4 => Ok(Ipv4Addr::from(*b)),
            _ => Err(size_err("4", p.len())),
        }
    }
}
impl<'a> Decode<'a, Ipv6Addr> for wire::ipv6 {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<Ipv6Addr, ValueError> {
        let p = attr.payload();
        match p.first_chunk::<16>() {
            Some(b) if p.len() == 16 => Ok(Ipv6Addr::from(*b)),
            _ => Err(size_err("16", p.len())),
        }
    }
}
impl<'a> Decode<'a, IpAddr> for wire::ip {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<IpAddr, ValueError> {
        let p = attr.payload();
        if let (Some(b), 4) = (p.first_chunk::<4>(), p.len()) {
            Ok(IpAddr::from(*b))
        } else if let (Some(b), 16) = (p.first_chunk::<16>(), p.len()) {
            Ok(IpAddr::from(*b))
        } else {
            Err(size_err("4 or 16", p.len()))
        }
    }
}
impl<'a> Decode<'a, IpAddr> for wire::ipv4 {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<IpAddr, ValueError> {
        <wire::ipv4 as Decode<'a, Ipv4Addr>>::decode(attr).map(IpAddr::V4)
    }
}
impl<'a> Decode<'a, IpAddr> for wire::ipv6 {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<IpAddr, ValueError> {
        <wire::ipv6 as Decode<'a, Ipv6Addr>>::decode(attr).map(IpAddr::V6)
    }
}
fn put_ip(v: &IpAddr, kind: u16, b: &mut MessageBuilder) {
    match v {
        IpAddr::V4(a) => b.attr(kind, &a.octets()),
        IpAddr::V6(a) => b.attr(kind, &a.octets()),
    };
}
impl Encode<IpAddr> for wire::ip {
    #[inline]
    fn encode(v: &IpAddr, kind: u16, b: &mut MessageBuilder) {
        put_ip(v, kind, b)
    }
}
impl Encode<IpAddr> for wire::ipv4 {
    #[inline]
    fn encode(v: &IpAddr, kind: u16, b: &mut MessageBuilder) {
        put_ip(v, kind, b)
    }
}
impl Encode<IpAddr> for wire::ipv6 {
    #[inline]
    fn encode(v: &IpAddr, kind: u16, b: &mut MessageBuilder) {
        put_ip(v, kind, b)
    }
}
impl Encode<Ipv4Addr> for wire::ipv4 {
    #[inline]
    fn encode(v: &Ipv4Addr, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, &v.octets());
    }
}
impl Encode<Ipv6Addr> for wire::ipv6 {
    #[inline]
    fn encode(v: &Ipv6Addr, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, &v.octets());
    }
}

impl<'a> Decode<'a, MacAddr> for wire::mac {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<MacAddr, ValueError> {
        <wire::mac as Decode<'a, [u8; 6]>>::decode(attr).map(MacAddr)
    }
}
impl<'a> Decode<'a, [u8; 6]> for wire::mac {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<[u8; 6], ValueError> {
        let p = attr.payload();
        match p.first_chunk::<6>() {
            Some(b) if p.len() == 6 => Ok(*b),
            _ => Err(size_err("6", p.len())),
        }
    }
}
impl<'a> Decode<'a, &'a [u8]> for wire::mac {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<&'a [u8], ValueError> {
        Ok(attr.payload())
    }
}
impl Encode<MacAddr> for wire::mac {
    #[inline]
    fn encode(v: &MacAddr, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, &v.0);
    }
}
impl Encode<[u8; 6]> for wire::mac {
    #[inline]
    fn encode(v: &[u8; 6], kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, v);
    }
}
impl Encode<&[u8]> for wire::mac {
    #[inline]
    fn encode(v: &&[u8], kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, v);
    }
}

impl<'a> Decode<'a, Bitfield32> for wire::bitfield32 {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<Bitfield32, ValueError> {
        let p = attr.payload();
        match p.first_chunk::<8>() {
            Some(b) if p.len() == 8 => {
                let [a0, a1, a2, a3, b0, b1, b2, b3] = *b;
                Ok(Bitfield32 {
                    value: u32::from_ne_bytes([a0, a1, a2, a3]),
                    selector: u32::from_ne_bytes([b0, b1, b2, b3]),
                })
            }
            _ => Err(size_err("8", p.len())),
        }
    }
}
impl Encode<Bitfield32> for wire::bitfield32 {
    #[inline]
    fn encode(v: &Bitfield32, kind: u16, b: &mut MessageBuilder) {
        let mut p = [0u8; 8];
        p[..4].copy_from_slice(&v.value.to_ne_bytes());
        p[4..].copy_from_slice(&v.selector.to_ne_bytes());
        b.attr(kind, &p);
    }
}

impl<'a, R: Record> Decode<'a, R> for wire::record {
    #[inline(always)]
    fn decode(attr: Attr<'a>) -> Result<R, ValueError> {
        Ok(R::read(attr.payload()))
    }
}
impl<R: Record> Encode<R> for wire::record {
    #[inline]
    fn encode(v: &R, kind: u16, b: &mut MessageBuilder) {
        b.attr(kind, &v.to_bytes());
    }
}

impl<'a, T: FromAttrs<'a>> Decode<'a, T> for wire::nest {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<T, ValueError> {
        T::from_attrs(attr.nested()).map_err(|e| ValueError::Nested(Box::new(e)))
    }
}
impl<T: ToAttrs> Encode<T> for wire::nest {
    #[inline]
    fn encode(v: &T, kind: u16, b: &mut MessageBuilder) {
        let nest = b.begin_nest(kind);
        v.to_attrs(b);
        b.end_nest(nest);
    }
}

impl<'a, T: FromMessage<'a>> Decode<'a, T> for wire::headed {
    #[inline]
    fn decode(attr: Attr<'a>) -> Result<T, ValueError> {
        T::from_payload(attr.payload()).map_err(|e| ValueError::Nested(Box::new(e)))
    }
}
impl<T: ToMessage> Encode<T> for wire::headed {
    fn encode(v: &T, kind: u16, b: &mut MessageBuilder) {
        let start = b.len();
        let nest = b.begin_nest(kind);
        v.write_payload(b);
        b.end_nest(nest);
        // Not a nest of attributes: no NLA_F_NESTED (strict kernels reject it here).
        if let Ok(bytes) = b.as_bytes_mut() {
            put_at(bytes, start + 2, &kind.to_ne_bytes());
        }
    }
}

impl<'a> Decode<'a, bool> for wire::flag {
    #[inline(always)]
    fn decode(_attr: Attr<'a>) -> Result<bool, ValueError> {
        Ok(true)
    }
}
impl Encode<bool> for wire::flag {
    #[inline]
    fn encode(v: &bool, kind: u16, b: &mut MessageBuilder) {
        if *v {
            b.attr_flag(kind);
        }
    }
}

/// Writes a lazily held attribute back unchanged (it was never decoded).
pub fn encode_lazy<T>(v: &Lazy<'_, T>, kind: u16, b: &mut MessageBuilder) {
    b.attr(kind | v.attr().flags(), v.attr().payload());
}

/// The attributes after a fixed header of `header_len` bytes (aligned to 4), with offsets
/// counted from the start of the message (the `nlmsghdr` is 16 bytes).
#[inline(always)]
pub fn attrs_after(payload: &[u8], header_len: usize) -> Attrs<'_> {
    let start = align4(header_len);
    Attrs::with_base(payload.get(start..).unwrap_or_default(), 16 + start)
}

/// `N` bytes of `buf` from `offset`, zero-filled past its end (used for fixed-header members,
/// whose offsets the schema fixes at compile time).
#[inline(always)]
pub fn array_at<const N: usize>(buf: &[u8], offset: usize) -> [u8; N] {
    padded(buf.get(offset..).unwrap_or_default())
}

/// Copies `bytes` into `buf` at `offset`, as far as `buf` reaches.
#[inline(always)]
pub fn put_at(buf: &mut [u8], offset: usize, bytes: &[u8]) {
    if let Some(dst) = buf.get_mut(offset..) {
        let n = dst.len().min(bytes.len());
        if let (Some(d), Some(s)) = (dst.get_mut(..n), bytes.get(..n)) {
            d.copy_from_slice(s);
        }
    }
}

/// An address member of a C struct (`display-hint = "ip"`): IPv4 in the first 4 bytes when
/// `v4` (its family member says `AF_INET`), else IPv6.
#[inline]
pub fn ip_by_family(bytes: [u8; 16], v4: bool) -> IpAddr {
    if v4 {
        let [a, b, c, d, ..] = bytes;
        IpAddr::V4(Ipv4Addr::new(a, b, c, d))
    } else {
        IpAddr::V6(Ipv6Addr::from(bytes))
    }
}

/// The 16 bytes of an address member: IPv4 in the first 4, the rest zero (as the kernel fills
/// `inet_diag_sockid`).
#[inline]
pub fn ip_bytes(addr: &IpAddr) -> [u8; 16] {
    match addr {
        IpAddr::V4(a) => padded(&a.octets()),
        IpAddr::V6(a) => a.octets(),
    }
}

/// A bitfield member: `bits` bits from bit `bit_offset` of `buf` (x86_64 allocates them from
/// the least significant bit of little-endian storage units), zero-extended.
#[inline]
pub fn bits_at(buf: &[u8], bit_offset: usize, bits: u32) -> u64 {
    let window = u128::from_le_bytes(array_at::<16>(buf, bit_offset / 8));
    let mask = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    ((window >> (bit_offset % 8)) as u64) & mask
}

/// A signed bitfield member: as [`bits_at`], sign-extended from its top bit.
#[inline]
pub fn signed_bits_at(buf: &[u8], bit_offset: usize, bits: u32) -> i64 {
    let v = bits_at(buf, bit_offset, bits);
    let shift = 64 - bits.clamp(1, 64);
    ((v << shift) as i64) >> shift
}

/// Writes `value` (its low `bits` bits) into the bitfield at `bit_offset`, leaving every
/// other bit of `buf` as it was.
#[inline]
pub fn put_bits(buf: &mut [u8], bit_offset: usize, bits: u32, value: u64) {
    let start = bit_offset / 8;
    let shift = bit_offset % 8;
    let mut window = u128::from_le_bytes(array_at::<16>(buf, start));
    let mask: u128 = if bits >= 64 {
        u128::from(u64::MAX)
    } else {
        (1u128 << bits) - 1
    };
    window = (window & !(mask << shift)) | ((u128::from(value) & mask) << shift);
    let len = (shift + bits as usize).div_ceil(8);
    put_at(buf, start, &window.to_le_bytes()[..len.min(16)]);
}

/// String equality usable in `const` context (checks a filter's header type at compile time).
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Reads the length member (`size` 1, 2 or 4 bytes at `offset`) of a record.
#[inline(always)]
fn record_len(rec: &[u8], offset: usize, size: usize) -> usize {
    match size {
        1 => usize::from(array_at::<1>(rec, offset)[0]),
        2 => usize::from(u16::from_ne_bytes(array_at::<2>(rec, offset))),
        _ => u32::from_ne_bytes(array_at::<4>(rec, offset)) as usize,
    }
}

/// Decodes a list of records (a C struct whose member at `len_offset` holds the record's whole
/// length, followed by attributes), such as `RTA_MULTIPATH`'s `rtnexthop`s, appending to `out`.
pub fn decode_records<'a, T: FromMessage<'a>>(
    attr: Attr<'a>,
    len_offset: usize,
    len_size: usize,
    out: &mut Vec<T>,
) -> Result<(), ValueError> {
    let mut rest = attr.payload();
    while !rest.is_empty() {
        let len = record_len(rest, len_offset, len_size);
        let Some(rec) = rest.get(..len).filter(|_| len >= T::HEADER_LEN && len > 0) else {
            return Err(ValueError::Size {
                expected: "a record length within the attribute",
                actual: len,
            });
        };
        out.push(T::from_payload(rec).map_err(|e| ValueError::Nested(Box::new(e)))?);
        rest = rest.get(align4(len)..).unwrap_or_default();
    }
    Ok(())
}

/// Writes a list of records (see [`decode_records`]) as attribute `kind`, patching each record's
/// length member.
pub fn encode_records<T: ToMessage>(
    items: &[T],
    kind: u16,
    len_offset: usize,
    len_size: usize,
    b: &mut MessageBuilder,
) {
    let start = b.len();
    let nest = b.begin_nest(kind);
    for item in items {
        let rec_start = b.len();
        item.write_payload(b);
        let len = (b.len() - rec_start) as u32;
        if let Ok(bytes) = b.as_bytes_mut() {
            let dst = bytes.get_mut(rec_start..).unwrap_or_default();
            put_at(dst, len_offset, &len.to_ne_bytes()[..len_size.min(4)]);
        }
    }
    b.end_nest(nest);
    // A record list is not a nest of attributes: clear NLA_F_NESTED, which strict kernels
    // reject on attributes whose policy is not nested.
    if let Ok(bytes) = b.as_bytes_mut() {
        put_at(bytes, start + 2, &kind.to_ne_bytes());
    }
}

/// A payload whose format is chosen by the value of a sibling attribute (YNL's sub-message),
/// implemented by `#[derive(Netlink)]` on an enum.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a sub-message: it must be an enum deriving Netlink with `sub_message = \"...\"`"
)]
pub trait SubMessage<'a>: Sized {
    /// The `[sub-messages]` entry it was derived for.
    const NAME: &'static str;
    /// Decodes `data` given the `selector` attribute (`None` if the message had none).
    fn decode(selector: Option<Attr<'a>>, data: Attr<'a>) -> Result<Self, ValueError>;
    /// Writes the payload as attribute `kind`.
    fn encode(&self, kind: u16, b: &mut MessageBuilder);
    /// Writes the selector attribute (`kind`) that names this variant, if the variant has one.
    fn encode_selector(&self, kind: u16, b: &mut MessageBuilder);
}

/// The text of a string selector (before the first NUL).
#[inline]
pub fn selector_str<'a>(selector: Option<Attr<'a>>) -> &'a [u8] {
    let p = selector.map(|a| a.payload()).unwrap_or_default();
    match p.iter().position(|&c| c == 0) {
        Some(n) => p.get(..n).unwrap_or(p),
        None => p,
    }
}

/// The value of an integer selector of 1, 2, 4 or 8 bytes (native order).
#[inline]
pub fn selector_int(selector: Option<Attr<'_>>) -> Option<u64> {
    let p = selector?.payload();
    Some(match p.len() {
        1 => u64::from(p[0]),
        2 => u64::from(u16::from_ne_bytes(array_at::<2>(p, 0))),
        4 => u64::from(u32::from_ne_bytes(array_at::<4>(p, 0))),
        8 => u64::from_ne_bytes(array_at::<8>(p, 0)),
        _ => return None,
    })
}

/// The value of an integer selector the schema declares big-endian (an EtherType), read in
/// network order.
pub fn selector_int_be(selector: Option<Attr<'_>>) -> Option<u64> {
    let p = selector?.payload();
    Some(match p.len() {
        1 => u64::from(p[0]),
        2 => u64::from(u16::from_be_bytes(array_at::<2>(p, 0))),
        4 => u64::from(u32::from_be_bytes(array_at::<4>(p, 0))),
        8 => u64::from_be_bytes(array_at::<8>(p, 0)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitfields_read_and_write_across_bytes_and_widths() {
        let mut b = [0u8; 16];
        put_bits(&mut b, 5, 7, 0x7f);
        assert_eq!(u16::from_le_bytes([b[0], b[1]]), 0x7f << 5);
        assert_eq!(bits_at(&b, 5, 7), 0x7f);
        put_bits(&mut b, 60, 64, u64::MAX);
        assert_eq!(bits_at(&b, 60, 64), u64::MAX);
        assert_eq!(bits_at(&b, 5, 7), 0x7f, "neighbours untouched");
        put_bits(&mut b, 60, 64, 0);
        assert_eq!(bits_at(&b, 60, 64), 0);
        put_bits(&mut b, 20, 3, (-2i64) as u64);
        assert_eq!(signed_bits_at(&b, 20, 3), -2);
        assert_eq!(bits_at(&b, 20, 3), 0b110);
        // Past the end of the buffer: zero, and nothing written.
        assert_eq!(bits_at(&b, 200, 8), 0);
        put_bits(&mut b, 200, 8, 0xff);
    }

    #[test]
    fn ip_members_by_family() {
        let v4 = IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3));
        let bytes = ip_bytes(&v4);
        assert_eq!(&bytes[..4], &[10, 1, 2, 3]);
        assert!(bytes[4..].iter().all(|&b| b == 0));
        assert_eq!(ip_by_family(bytes, true), v4);
        assert_eq!(
            ip_by_family(bytes, false),
            IpAddr::V6("a01:203::".parse().unwrap())
        );
        let v6: IpAddr = "2001:db8::7".parse().unwrap();
        assert_eq!(ip_by_family(ip_bytes(&v6), false), v6);
    }
}
