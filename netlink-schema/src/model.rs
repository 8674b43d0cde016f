//! The serde types of a schema file.

use std::fmt;
use std::str::FromStr;

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_spanned::Spanned;

/// A whole schema file.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Schema {
    /// Where the schema comes from and which family it describes.
    #[serde(default)]
    pub schema: SchemaInfo,
    /// Every enumerator and every integer object-like `#define` of the headers.
    #[serde(default)]
    pub constants: IndexMap<String, ConstValue>,
    /// Constants no header of the schema defines (address families from libc, a protocol's
    /// state names), written by people; `update` keeps them. Names must not repeat a
    /// `[constants]` name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub user_constants: IndexMap<String, Spanned<ConstValue>>,
    /// C enums, by tag name (or by the common prefix of an anonymous enum, lower-cased).
    #[serde(default)]
    pub enums: IndexMap<String, Spanned<Enum>>,
    /// C structs with the compiler's layout.
    #[serde(default)]
    pub structs: IndexMap<String, Spanned<Record>>,
    /// C unions with the compiler's layout.
    #[serde(default)]
    pub unions: IndexMap<String, Spanned<Record>>,
    /// Netlink attribute spaces.
    #[serde(default)]
    pub attribute_sets: IndexMap<String, Spanned<AttributeSet>>,
    /// Payloads chosen by the value of another attribute (YNL's sub-message).
    #[serde(default)]
    pub sub_messages: IndexMap<String, Spanned<SubMessage>>,
    /// Which message types carry which fixed header and attribute set (written by people).
    #[serde(default)]
    pub messages: IndexMap<String, Spanned<Message>>,
    /// The Rust type `schema!` gives constants, by exact name or by `PREFIX*` (written by
    /// people; the longest match wins, an exact name over any prefix). Constants no entry
    /// matches are typed by their use (attribute ids and message types `u16`) or their value.
    #[serde(default)]
    pub constant_types: IndexMap<String, Spanned<ConstType>>,
    /// Multicast groups of the family, by their YNL name.
    #[serde(default)]
    pub multicast_groups: IndexMap<String, Spanned<MulticastGroup>>,
    /// The file and text this schema was parsed from (set by [`Schema::load`]).
    #[serde(skip)]
    pub source: Option<crate::load::Source>,
}

/// The `[schema]` table.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SchemaInfo {
    /// Short name (`rtnetlink`, `genetlink`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Netlink protocol by name (`route`, `generic`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Generic netlink family name, resolved through nlctrl at run time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Headers the schema was generated from, written as in an `#include`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
    /// Headers read before `headers` for definitions those use without including them (as a
    /// C program includes linux/netlink.h before linux/netfilter/nfnetlink.h, whose
    /// `NFNL_MSG_BATCH_BEGIN` is `NLMSG_MIN_TYPE`); nothing they define is written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_headers: Vec<String>,
    /// Include directories searched (default `/usr/include`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include_dirs: Vec<String>,
    /// Enums that look like attribute spaces but are not: no attribute set is made for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_attribute_sets: Vec<String>,
    /// Enums that are attribute spaces although the headers give too few signs of it (no
    /// `*_UNSPEC`/`*_NONE` zero, no `__*_MAX` sentinel, no `*_MAX` define): an attribute set is
    /// made for each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribute_sets: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// The value of a constant. TOML integers are signed 64-bit; unsigned values above `i64::MAX`
/// (such as `~0ULL`) are written as a hexadecimal string `"0xffffffffffffffff"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstValue {
    /// A value that fits in `i64`.
    Int(i64),
    /// An unsigned value above `i64::MAX`.
    BigUnsigned(u64),
}

impl ConstValue {
    /// The value as an `i128`, wide enough for both variants.
    pub fn as_i128(self) -> i128 {
        match self {
            ConstValue::Int(v) => v as i128,
            ConstValue::BigUnsigned(v) => v as i128,
        }
    }

    /// Builds the canonical representation of `v`, or `None` if it fits neither form.
    pub fn from_i128(v: i128) -> Option<Self> {
        if let Ok(i) = i64::try_from(v) {
            Some(ConstValue::Int(i))
        } else {
            u64::try_from(v).ok().map(ConstValue::BigUnsigned)
        }
    }
}

impl fmt::Display for ConstValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstValue::Int(v) => write!(f, "{v}"),
            ConstValue::BigUnsigned(v) => write!(f, "{v:#x}"),
        }
    }
}

impl Serialize for ConstValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ConstValue::Int(v) => s.serialize_i64(*v),
            ConstValue::BigUnsigned(v) => s.serialize_str(&format!("{v:#x}")),
        }
    }
}

impl<'de> Deserialize<'de> for ConstValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Int(v) => Ok(ConstValue::Int(v)),
            Raw::Text(t) => {
                let parsed = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                    Some(hex) => u64::from_str_radix(hex, 16),
                    None => t.parse::<u64>(),
                };
                parsed
                    .map(|v| ConstValue::from_i128(v as i128).unwrap_or(ConstValue::BigUnsigned(v)))
                    .map_err(|_| {
                        serde::de::Error::custom(format!(
                            "constant value {t:?} is neither an integer nor a hexadecimal string"
                        ))
                    })
            }
        }
    }
}

/// The Rust type of a constant, as written in `[constant-types]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConstType {
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `usize` (lengths and alignments used for slicing).
    Usize,
}

impl ConstType {
    /// The type's name in Rust.
    pub fn rust_name(self) -> &'static str {
        match self {
            ConstType::U8 => "u8",
            ConstType::U16 => "u16",
            ConstType::U32 => "u32",
            ConstType::U64 => "u64",
            ConstType::I8 => "i8",
            ConstType::I16 => "i16",
            ConstType::I32 => "i32",
            ConstType::I64 => "i64",
            ConstType::Usize => "usize",
        }
    }

    /// Width in bits (`usize` counts as 64: the toolkit targets 64-bit Linux).
    pub fn bits(self) -> u32 {
        match self {
            ConstType::U8 | ConstType::I8 => 8,
            ConstType::U16 | ConstType::I16 => 16,
            ConstType::U32 | ConstType::I32 => 32,
            ConstType::U64 | ConstType::I64 | ConstType::Usize => 64,
        }
    }

    /// Whether the type is signed.
    pub fn signed(self) -> bool {
        matches!(
            self,
            ConstType::I8 | ConstType::I16 | ConstType::I32 | ConstType::I64
        )
    }

    /// `value` converted to this type as C converts an `int` constant expression assigned to
    /// a member of that type: a signed type takes values in its range; an unsigned type takes
    /// `0..2^N` and also negative values down to `-2^N`, taken modulo `2^N` (a mask written
    /// `~(A | B)` in a header is a negative `int`). `None` when the value does not fit.
    pub fn convert(self, value: i128) -> Option<i128> {
        let bits = self.bits();
        let span = 1i128 << bits;
        if self.signed() {
            let half = span / 2;
            (-half..half).contains(&value).then_some(value)
        } else if (0..span).contains(&value) {
            Some(value)
        } else if (-span..0).contains(&value) {
            Some(value.rem_euclid(span))
        } else {
            None
        }
    }
}

impl Schema {
    /// The `[constant-types]` entry for constant `name`: its exact name, else the longest
    /// `PREFIX*` pattern it starts with.
    pub fn constant_type(&self, name: &str) -> Option<ConstType> {
        if let Some(t) = self.constant_types.get(name) {
            return Some(*t.get_ref());
        }
        self.constant_types
            .iter()
            .filter_map(|(pattern, t)| {
                let prefix = pattern.strip_suffix('*')?;
                name.starts_with(prefix)
                    .then_some((prefix.len(), *t.get_ref()))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, t)| t)
    }
}

/// A C enum: its member names, in declaration order. Their values are in `[constants]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Enum {
    /// Member names; each is a key of `[constants]`.
    pub values: Vec<String>,
    /// The header that defines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The values are bits of a mask (a YNL `flags` definition): a value is shown as the names
    /// of the bits it holds, not by equality.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flags: bool,
    /// How people name the members (the generated type's `Display` / `FromStr`): the member
    /// name after the enum's common prefix, lower-cased by default (`RTPROT_STATIC` ->
    /// `static`), or kept upper-case (`IFF_LOWER_UP` -> `LOWER_UP`, as iproute2 prints link
    /// flags, operational states and neighbour states). Written by people; `update` keeps it.
    #[serde(default, skip_serializing_if = "NameCase::is_lower")]
    pub name_case: NameCase,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// The letter case of an enum's member names for people (see [`Enum::name_case`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameCase {
    /// `static`, `link`, `unicast`.
    #[default]
    Lower,
    /// `LOWER_UP`, `PERMANENT`.
    Upper,
}

impl NameCase {
    fn is_lower(&self) -> bool {
        *self == NameCase::Lower
    }

    /// `name` in this case.
    pub fn apply(self, name: &str) -> String {
        match self {
            NameCase::Lower => name.to_ascii_lowercase(),
            NameCase::Upper => name.to_ascii_uppercase(),
        }
    }
}

/// A C struct or union with the compiler's layout.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Record {
    /// `sizeof`.
    pub size: u64,
    /// `_Alignof`.
    pub align: u64,
    /// Members in declaration order; members of anonymous inner structs and unions are
    /// flattened with their absolute offsets.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// The header that defines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// `["layout"]` when the kernel's YNL spec describes this record otherwise: the schema
    /// follows the compiler (`schemas/KERNEL-VS-YNL.md` says how they differ). Written by people;
    /// `update` keeps it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differs_from_spec: Vec<String>,
}

/// One member of a [`Record`].
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Field {
    /// Member name.
    pub name: String,
    /// A scalar ([`ScalarType`]) or `struct NAME` / `union NAME`.
    #[serde(rename = "type")]
    pub ty: String,
    /// Byte offset (`offsetof`); for a bitfield, the byte holding its first bit.
    pub offset: u64,
    /// Element count of an array member (product of all dimensions; 0 for a flexible array).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Width of a bitfield, in bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bits: Option<u32>,
    /// Offset of a bitfield's first bit from the start of the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bit_offset: Option<u32>,
    /// Written by people (kept by `update`): how the member is shown and which Rust type holds
    /// it: `ipv4` (4 bytes), `ipv6` (16 bytes), `ip` (16 bytes, IPv4 in the first 4 when
    /// `family` says `AF_INET`), `mac` (6 bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_hint: Option<DisplayHint>,
    /// Written by people, with `display-hint = "ip"`: the member holding the address family
    /// (`AF_INET` or `AF_INET6` from the schema's constants), in this record or, for a record
    /// embedded in others (`inet_diag_sockid`), in each record that embeds it. A list when the
    /// embedding records name it differently (`["idiag_family", "sdiag_family"]`): each record
    /// uses the first it has.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "one_or_many",
        serialize_with = "one_or_many_out"
    )]
    pub family: Vec<String>,
    /// Free text, written by people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

impl Field {
    /// The keys of a member that the generator writes; every other key belongs to people.
    pub const GENERATED_KEYS: [&'static str; 6] =
        ["name", "type", "offset", "count", "bits", "bit-offset"];

    /// The member with only the keys the generator writes.
    pub fn layout_only(&self) -> Field {
        Field {
            display_hint: None,
            family: Vec::new(),
            doc: None,
            ..self.clone()
        }
    }
}

/// `"x"` or `["x", "y"]`.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

fn one_or_many_out<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
    match v {
        [one] => s.serialize_str(one),
        many => many.serialize(s),
    }
}

/// Scalar member types of C records, as written in [`Field::ty`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    /// `__u8`, `unsigned char`.
    U8,
    /// `__u16`.
    U16,
    /// `__u32`, `unsigned int`.
    U32,
    /// `__u64`, `unsigned long` (LP64).
    U64,
    /// `__s8`, `signed char`.
    S8,
    /// `__s16`, `short`.
    S16,
    /// `__s32`, `int`.
    S32,
    /// `__s64`, `long`.
    S64,
    /// `__be16`.
    Be16,
    /// `__be32`.
    Be32,
    /// `__be64`.
    Be64,
    /// `__le16`.
    Le16,
    /// `__le32`.
    Le32,
    /// `__le64`.
    Le64,
    /// Plain `char`.
    Char,
    /// `_Bool`.
    Bool,
    /// `float`.
    F32,
    /// `double`.
    F64,
    /// Any pointer.
    Ptr,
    /// `long double`, `_Float128`.
    F128,
    /// `__int128`.
    S128,
    /// `unsigned __int128`.
    U128,
}

impl ScalarType {
    /// Every scalar, for listing in error messages.
    pub const ALL: [ScalarType; 22] = [
        ScalarType::U8,
        ScalarType::U16,
        ScalarType::U32,
        ScalarType::U64,
        ScalarType::S8,
        ScalarType::S16,
        ScalarType::S32,
        ScalarType::S64,
        ScalarType::Be16,
        ScalarType::Be32,
        ScalarType::Be64,
        ScalarType::Le16,
        ScalarType::Le32,
        ScalarType::Le64,
        ScalarType::Char,
        ScalarType::Bool,
        ScalarType::F32,
        ScalarType::F64,
        ScalarType::Ptr,
        ScalarType::F128,
        ScalarType::S128,
        ScalarType::U128,
    ];

    /// The name written in schema files.
    pub fn name(self) -> &'static str {
        match self {
            ScalarType::U8 => "u8",
            ScalarType::U16 => "u16",
            ScalarType::U32 => "u32",
            ScalarType::U64 => "u64",
            ScalarType::S8 => "s8",
            ScalarType::S16 => "s16",
            ScalarType::S32 => "s32",
            ScalarType::S64 => "s64",
            ScalarType::Be16 => "be16",
            ScalarType::Be32 => "be32",
            ScalarType::Be64 => "be64",
            ScalarType::Le16 => "le16",
            ScalarType::Le32 => "le32",
            ScalarType::Le64 => "le64",
            ScalarType::Char => "char",
            ScalarType::Bool => "bool",
            ScalarType::F32 => "f32",
            ScalarType::F64 => "f64",
            ScalarType::Ptr => "ptr",
            ScalarType::F128 => "f128",
            ScalarType::S128 => "s128",
            ScalarType::U128 => "u128",
        }
    }

    /// Size in bytes (x86_64 LP64), equal to the alignment for every scalar.
    pub fn size(self) -> u64 {
        match self {
            ScalarType::U8 | ScalarType::S8 | ScalarType::Char | ScalarType::Bool => 1,
            ScalarType::U16 | ScalarType::S16 | ScalarType::Be16 | ScalarType::Le16 => 2,
            ScalarType::U32
            | ScalarType::S32
            | ScalarType::Be32
            | ScalarType::Le32
            | ScalarType::F32 => 4,
            ScalarType::U64
            | ScalarType::S64
            | ScalarType::Be64
            | ScalarType::Le64
            | ScalarType::F64
            | ScalarType::Ptr => 8,
            ScalarType::F128 | ScalarType::S128 | ScalarType::U128 => 16,
        }
    }
}

impl FromStr for ScalarType {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        ScalarType::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or(())
    }
}

/// What a [`Field::ty`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType<'a> {
    /// A scalar.
    Scalar(ScalarType),
    /// `struct NAME`.
    Struct(&'a str),
    /// `union NAME`.
    Union(&'a str),
}

impl Field {
    /// Bytes the member takes (all elements of an array); `None` for a bitfield or an unknown
    /// or record type.
    pub fn byte_size(&self) -> Option<u64> {
        match self.field_type()? {
            FieldType::Scalar(s) if self.bits.is_none() => {
                s.size().checked_mul(self.count.unwrap_or(1))
            }
            _ => None,
        }
    }

    /// Parses [`Field::ty`]; `None` if it names nothing known.
    pub fn field_type(&self) -> Option<FieldType<'_>> {
        if let Some(name) = self.ty.strip_prefix("struct ") {
            Some(FieldType::Struct(name))
        } else if let Some(name) = self.ty.strip_prefix("union ") {
            Some(FieldType::Union(name))
        } else {
            self.ty.parse().ok().map(FieldType::Scalar)
        }
    }
}

/// A netlink attribute space.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct AttributeSet {
    /// Common prefix of the attribute names (`RTA_`); a Rust field `oif` maps to `RTA_OIF`.
    pub prefix: String,
    /// The C enum the set was generated from, if any.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub c_enum: Option<String>,
    /// The header that defines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Attributes by their C name.
    #[serde(default)]
    pub attributes: IndexMap<String, Spanned<Attribute>>,
}

impl AttributeSet {
    /// Looks an attribute up by its full C name.
    pub fn get(&self, name: &str) -> Option<&Attribute> {
        self.attributes.get(name).map(|a| a.get_ref())
    }
}

/// One attribute of an [`AttributeSet`].
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Attribute {
    /// The attribute type number (`nla_type` without flags).
    pub id: u16,
    /// The value type (YNL vocabulary); `"?"` until a person annotates it.
    #[serde(rename = "type")]
    pub ty: AttrType,
    /// For `nest` and `indexed-array` of nests: the attribute set inside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested_attributes: Option<String>,
    /// For `binary`: the C struct the payload holds.
    #[serde(default, rename = "struct", skip_serializing_if = "Option::is_none")]
    pub c_struct: Option<String>,
    /// Byte order of an integer (`big-endian` for network order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_order: Option<ByteOrder>,
    /// How to show or parse the value: `ipv4`, `ipv6`, `ip` (either, by length), `mac`, `hex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_hint: Option<DisplayHint>,
    /// For integers: the C enum (a key of `[enums]`) the value belongs to.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub c_enum: Option<String>,
    /// The attribute may appear several times in one message.
    #[serde(default, skip_serializing_if = "is_false")]
    pub multi_attr: bool,
    /// For `sub-message`: the `[sub-messages]` entry that lists the payload formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_message: Option<String>,
    /// For `sub-message`: the sibling attribute whose value selects the format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    /// For `binary` with `struct`: the payload is a list of records, each that struct followed by
    /// attributes of `nested-attributes`, and this member of the struct holds the record's whole
    /// length (`RTA_MULTIPATH`: `rtnexthop.rtnh_len`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_field: Option<String>,
    /// For `indexed-array`: the type of each element; for `binary`: an array of that scalar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<AttrType>,
    /// Length limits the kernel enforces on input (YNL `checks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<Checks>,
    /// Keys of this annotation that deliberately differ from the kernel's YNL spec (the kernel's
    /// behaviour wins over its spec; `schemas/KERNEL-VS-YNL.md` says why). `import-ynl --check`
    /// does not count these differences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differs_from_spec: Vec<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// Length checks of an attribute's payload (YNL `checks`: `min-len`, `max-len`, `exact-len`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Checks {
    /// Shortest payload the kernel accepts, in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u64>,
    /// Longest payload (for a string: without the NUL) the kernel accepts, in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u64>,
    /// The only payload length the kernel accepts, in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact_len: Option<u64>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Attribute value types, in the kernel's YNL vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum AttrType {
    /// `"?"`: not annotated yet.
    #[default]
    Unannotated,
    /// `unused`: the `*_UNSPEC` slot.
    Unused,
    /// `pad`: alignment padding attribute.
    Pad,
    /// `flag`: present or absent, zero-length payload.
    Flag,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `s8`.
    S8,
    /// `s16`.
    S16,
    /// `s32`.
    S32,
    /// `s64`.
    S64,
    /// `uint`: 4 or 8 bytes on the wire.
    Uint,
    /// `sint`: 4 or 8 bytes on the wire.
    Sint,
    /// `string`: NUL-terminated text.
    String,
    /// `binary`: raw bytes (optionally a C struct or an address by display hint).
    Binary,
    /// `nest`: nested attribute set.
    Nest,
    /// `indexed-array`: a nest whose attributes are array elements keyed by index.
    IndexedArray,
    /// `nest-type-value`: a nest whose attribute types carry values.
    NestTypeValue,
    /// `bitfield32`: `struct nla_bitfield32` (value, selector).
    Bitfield32,
    /// `sub-message`: payload format chosen by a sibling attribute.
    SubMessage,
    /// A name that is none of the above (reported by the validator).
    Unknown(String),
}

impl AttrType {
    /// Every known type name, for "did you mean" hints and docs.
    pub const NAMES: [&'static str; 21] = [
        "?",
        "unused",
        "pad",
        "flag",
        "u8",
        "u16",
        "u32",
        "u64",
        "s8",
        "s16",
        "s32",
        "s64",
        "uint",
        "sint",
        "string",
        "binary",
        "nest",
        "indexed-array",
        "nest-type-value",
        "bitfield32",
        "sub-message",
    ];

    /// The name written in schema files.
    pub fn name(&self) -> &str {
        match self {
            AttrType::Unannotated => "?",
            AttrType::Unused => "unused",
            AttrType::Pad => "pad",
            AttrType::Flag => "flag",
            AttrType::U8 => "u8",
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
            AttrType::Binary => "binary",
            AttrType::Nest => "nest",
            AttrType::IndexedArray => "indexed-array",
            AttrType::NestTypeValue => "nest-type-value",
            AttrType::Bitfield32 => "bitfield32",
            AttrType::SubMessage => "sub-message",
            AttrType::Unknown(s) => s,
        }
    }

    /// Parses a type name; never fails (unknown names become [`AttrType::Unknown`]).
    pub fn parse(s: &str) -> Self {
        match s {
            "?" => AttrType::Unannotated,
            "unused" => AttrType::Unused,
            "pad" => AttrType::Pad,
            "flag" => AttrType::Flag,
            "u8" => AttrType::U8,
            "u16" => AttrType::U16,
            "u32" => AttrType::U32,
            "u64" => AttrType::U64,
            "s8" => AttrType::S8,
            "s16" => AttrType::S16,
            "s32" => AttrType::S32,
            "s64" => AttrType::S64,
            "uint" => AttrType::Uint,
            "sint" => AttrType::Sint,
            "string" => AttrType::String,
            "binary" => AttrType::Binary,
            "nest" => AttrType::Nest,
            "indexed-array" => AttrType::IndexedArray,
            "nest-type-value" => AttrType::NestTypeValue,
            "bitfield32" => AttrType::Bitfield32,
            "sub-message" => AttrType::SubMessage,
            other => AttrType::Unknown(other.to_owned()),
        }
    }

    /// Size in bytes of a fixed-size integer type.
    pub fn int_size(&self) -> Option<usize> {
        match self {
            AttrType::U8 | AttrType::S8 => Some(1),
            AttrType::U16 | AttrType::S16 => Some(2),
            AttrType::U32 | AttrType::S32 => Some(4),
            AttrType::U64 | AttrType::S64 => Some(8),
            _ => None,
        }
    }
}

impl fmt::Display for AttrType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for AttrType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for AttrType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| AttrType::parse(&s))
    }
}

/// Byte order of an integer attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ByteOrder {
    /// Host order (the default).
    LittleEndian,
    /// Network order.
    BigEndian,
}

/// How a value is shown and which Rust types fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisplayHint {
    /// 4-byte IPv4 address.
    Ipv4,
    /// 16-byte IPv6 address.
    Ipv6,
    /// Either, chosen by payload length.
    Ip,
    /// Link-layer address.
    Mac,
    /// Hex bytes.
    Hex,
    /// A UUID.
    Uuid,
}

impl DisplayHint {
    /// The name written in schema files.
    pub fn name(self) -> &'static str {
        match self {
            DisplayHint::Ipv4 => "ipv4",
            DisplayHint::Ipv6 => "ipv6",
            DisplayHint::Ip => "ip",
            DisplayHint::Mac => "mac",
            DisplayHint::Hex => "hex",
            DisplayHint::Uuid => "uuid",
        }
    }
}

/// Payload formats chosen by the value of a selector attribute.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SubMessage {
    /// Selector value (a string such as `"veth"`, or a constant name such as
    /// `"LWTUNNEL_ENCAP_MPLS"` for an integer selector) to format.
    pub formats: IndexMap<String, SubMessageFormat>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// One format of a [`SubMessage`].
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SubMessageFormat {
    /// A fixed C struct at the start of the payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The attribute set that follows (after the header, if any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
    /// Keys of this format that deliberately differ from the kernel's YNL spec (`attributes`:
    /// the kernel sends other types than the spec's set says; `schemas/KERNEL-VS-YNL.md` says
    /// why). `import-ynl --check` does not count these differences. Written by people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differs_from_spec: Vec<String>,
}

/// Which message types carry which fixed header and attribute set.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Message {
    /// Message type constants (`RTM_NEWROUTE`, ...) of a classic netlink protocol.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Generic netlink commands (`CTRL_CMD_GETFAMILY`, ...), after `genlmsghdr`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commands: Vec<String>,
    /// The fixed C struct after `nlmsghdr` (after `genlmsghdr` for generic netlink).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The attribute set of the payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<String>,
    /// nfnetlink: the `NFNL_SUBSYS_*` constant; the message type on the wire is
    /// `subsystem << 8 | type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsystem: Option<String>,
    /// The operation's synchronous form (YNL `do`): its request and reply.
    #[serde(default, rename = "do", skip_serializing_if = "Option::is_none")]
    pub do_: Option<OperationModes>,
    /// The operation's dump form: its request and the replies of the dump.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dump: Option<OperationModes>,
    /// A notification that carries what the reply of this other `[messages]` entry carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<String>,
    /// A notification with its own list of attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<OperationMessage>,
    /// The `[multicast-groups]` entry notifications of this message are sent to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcgrp: Option<String>,
    /// Which way this definition's messages go, when a request and its reply share the message
    /// types but not their layout (`SOCK_DIAG_BY_FAMILY`: `inet_diag_req_v2` out,
    /// `inet_diag_msg` back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// What kind of request the types are, which names the upper `nlmsg_flags` bits, when their
    /// names do not say (`GET`, `NEW`, `DEL` in `RTM_GETLINK`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_kind: Option<RequestKind>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// The request and reply of one form (`do` or `dump`) of an operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct OperationModes {
    /// What the caller sends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<OperationMessage>,
    /// What the kernel answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<OperationMessage>,
}

/// One message of an operation: its type and the attributes it may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct OperationMessage {
    /// The message type constant (classic netlink) or command constant (generic netlink).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Attributes of the message's attribute set it may carry, by C name.
    #[serde(default)]
    pub attributes: Vec<String>,
}

/// A multicast group (YNL `mcast-groups`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct MulticastGroup {
    /// Classic netlink: the constant holding the group number (`RTNLGRP_LINK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
    /// Generic netlink: the group name nlctrl lists (its id is resolved at run time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// Which way a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// To the kernel.
    Request,
    /// From the kernel.
    Reply,
}

/// Kinds of request, each giving the upper `nlmsg_flags` bits their own names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    /// `NLM_F_ROOT`, `NLM_F_MATCH` (together `NLM_F_DUMP`), `NLM_F_ATOMIC`.
    Get,
    /// `NLM_F_REPLACE`, `NLM_F_EXCL`, `NLM_F_CREATE`, `NLM_F_APPEND`.
    New,
    /// `NLM_F_NONREC`, `NLM_F_BULK`.
    Del,
}

impl Schema {
    /// Looks a struct or union up by name.
    pub fn record(&self, name: &str) -> Option<&Record> {
        self.structs
            .get(name)
            .or_else(|| self.unions.get(name))
            .map(|r| r.get_ref())
    }

    /// The records (structs and unions) that have a member of type `struct NAME` or
    /// `union NAME`.
    pub fn embedders<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.structs
            .iter()
            .chain(&self.unions)
            .filter(move |(_, r)| {
                r.get_ref().fields.iter().any(|f| {
                    matches!(f.field_type(), Some(FieldType::Struct(n) | FieldType::Union(n)) if n == name)
                })
            })
            .map(|(n, _)| n.as_str())
    }

    /// Looks an attribute set up by name.
    pub fn attribute_set(&self, name: &str) -> Option<&AttributeSet> {
        self.attribute_sets.get(name).map(|s| s.get_ref())
    }

    /// Looks a message definition up by name.
    pub fn message(&self, name: &str) -> Option<&Message> {
        self.messages.get(name).map(|m| m.get_ref())
    }

    /// Looks a constant up by name: `[constants]`, then `[user-constants]`.
    pub fn constant(&self, name: &str) -> Option<ConstValue> {
        self.constants
            .get(name)
            .copied()
            .or_else(|| self.user_constants.get(name).map(|v| *v.get_ref()))
    }
}
