#[allow(missing_docs)]
pub const COLOR_BLUE: u32 = 7;
#[allow(missing_docs)]
pub const COLOR_GREEN: u32 = 1;
#[allow(missing_docs)]
pub const COLOR_RED: u32 = 0;
#[allow(missing_docs)]
pub const PERM_EXEC: u32 = 4;
#[allow(missing_docs)]
pub const PERM_READ: u32 = 1;
#[allow(missing_docs)]
pub const PERM_WRITE: u32 = 2;
#[allow(missing_docs)]
pub const SHAPE_ROUND: u32 = 0;
#[allow(missing_docs)]
pub const SHAPE_SQUARE: u32 = 1;
#[allow(missing_docs)]
pub const T_CMD_GET: u8 = 1;
#[allow(missing_docs)]
pub const T_MSG_ADDR: u16 = 104;
#[allow(missing_docs)]
pub const T_MSG_GET: u16 = 102;
#[allow(missing_docs)]
pub const T_MSG_NEW: u16 = 100;
#[allow(missing_docs)]
pub const AF_INET: u32 = 2;
#[allow(missing_docs)]
pub const AF_INET6: u32 = 10;
#[allow(missing_docs)]
pub const IN_A: u16 = 1;
#[allow(missing_docs)]
pub const IN_B: u16 = 2;
#[allow(missing_docs)]
pub const IN_C: u16 = 3;
#[allow(missing_docs)]
pub const T_ADDR6: u16 = 34;
#[allow(missing_docs)]
pub const T_BE16: u16 = 11;
#[allow(missing_docs)]
pub const T_BE32: u16 = 12;
#[allow(missing_docs)]
pub const T_BIN: u16 = 14;
#[allow(missing_docs)]
pub const T_BITS: u16 = 21;
#[allow(missing_docs)]
pub const T_COLOR: u16 = 22;
#[allow(missing_docs)]
pub const T_DATA: u16 = 31;
#[allow(missing_docs)]
pub const T_FLAG: u16 = 15;
#[allow(missing_docs)]
pub const T_HOPS: u16 = 28;
#[allow(missing_docs)]
pub const T_IP: u16 = 18;
#[allow(missing_docs)]
pub const T_KIND: u16 = 30;
#[allow(missing_docs)]
pub const T_LIST: u16 = 24;
#[allow(missing_docs)]
pub const T_MAC: u16 = 19;
#[allow(missing_docs)]
pub const T_MULTI: u16 = 25;
#[allow(missing_docs)]
pub const T_NEST: u16 = 23;
#[allow(missing_docs)]
pub const T_PAD: u16 = 27;
#[allow(missing_docs)]
pub const T_RAW: u16 = 26;
#[allow(missing_docs)]
pub const T_S16: u16 = 6;
#[allow(missing_docs)]
pub const T_S32: u16 = 7;
#[allow(missing_docs)]
pub const T_S64: u16 = 8;
#[allow(missing_docs)]
pub const T_S8: u16 = 5;
#[allow(missing_docs)]
pub const T_SHAPE: u16 = 32;
#[allow(missing_docs)]
pub const T_SINT: u16 = 10;
#[allow(missing_docs)]
pub const T_STATS: u16 = 20;
#[allow(missing_docs)]
pub const T_STR: u16 = 13;
#[allow(missing_docs)]
pub const T_TBITS: u16 = 33;
#[allow(missing_docs)]
pub const T_U16: u16 = 2;
#[allow(missing_docs)]
pub const T_U32: u16 = 3;
#[allow(missing_docs)]
pub const T_U32S: u16 = 29;
#[allow(missing_docs)]
pub const T_U64: u16 = 4;
#[allow(missing_docs)]
pub const T_U8: u16 = 1;
#[allow(missing_docs)]
pub const T_UINT: u16 = 9;
#[allow(missing_docs)]
pub const T_UNSPEC: u16 = 0;
#[allow(missing_docs)]
pub const T_V4: u16 = 16;
#[allow(missing_docs)]
pub const T_V6: u16 = 17;
///C enum `color`; values the schema does not know are kept in `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Color {
    ///`COLOR_RED`
    Red,
    ///`COLOR_GREEN`
    Green,
    ///`COLOR_BLUE`
    Blue,
    /// A value this schema does not name (newer kernel).
    Unknown(i64),
}
impl ::netlink_runtime::codec::CEnum for Color {
    const C_NAME: &'static str = "color";
    #[inline]
    fn from_raw(v: i64) -> Self {
        match v {
            0i64 => Self::Red,
            1i64 => Self::Green,
            7i64 => Self::Blue,
            other => Self::Unknown(other),
        }
    }
    #[inline]
    fn to_raw(self) -> i64 {
        match self {
            Self::Red => 0i64,
            Self::Green => 1i64,
            Self::Blue => 7i64,
            Self::Unknown(v) => v,
        }
    }
}
impl Color {
    /// Every member with its name, in declaration order.
    pub const NAMES: &'static [(Self, &'static str)] = &[
        (Self::Red, "red"),
        (Self::Green, "green"),
        (Self::Blue, "blue"),
    ];
    /// The name of this value (`None` for a value the schema does not name).
    pub fn name(self) -> ::core::option::Option<&'static str> {
        match self {
            Self::Red => ::core::option::Option::Some("red"),
            Self::Green => ::core::option::Option::Some("green"),
            Self::Blue => ::core::option::Option::Some("blue"),
            Self::Unknown(_) => ::core::option::Option::None,
        }
    }
}
impl ::core::default::Default for Color {
    /// The member 0, or `Unknown(0)`.
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::CEnum>::from_raw(0)
    }
}
impl ::core::fmt::Display for Color {
    /// The member's name, or the number of a value the schema does not name.
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        match self.name() {
            ::core::option::Option::Some(n) => f.write_str(n),
            ::core::option::Option::None => {
                ::core::write!(
                    f, "{}", < Self as ::netlink_runtime::codec::CEnum > ::to_raw(* self)
                )
            }
        }
    }
}
impl ::core::str::FromStr for Color {
    type Err = ::netlink_runtime::codec::ParseEnumError;
    /// A member's name in any letter case, or a number (decimal or `0x` hex).
    fn from_str(
        s: &str,
    ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ParseEnumError> {
        for (v, n) in Self::NAMES {
            if n.eq_ignore_ascii_case(s) {
                return ::core::result::Result::Ok(*v);
            }
        }
        match ::netlink_runtime::codec::parse_enum_number(s) {
            ::core::option::Option::Some(v) => {
                ::core::result::Result::Ok(
                    <Self as ::netlink_runtime::codec::CEnum>::from_raw(v),
                )
            }
            ::core::option::Option::None => {
                ::core::result::Result::Err(::netlink_runtime::codec::ParseEnumError {
                    type_name: "Color",
                    input: s.into(),
                    expected: Self::NAMES.iter().map(|(_, n)| *n).collect(),
                })
            }
        }
    }
}
///C flags `perm`: a set of its bits (bits the schema does not name are kept).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Perm(pub u8);
impl Perm {
    ///`PERM_READ`
    pub const READ: Self = Self(1);
    ///`PERM_WRITE`
    pub const WRITE: Self = Self(2);
    ///`PERM_EXEC`
    pub const EXEC: Self = Self(4);
    /// Every named bit with its name, in declaration order.
    pub const NAMES: &'static [(Self, &'static str)] = &[
        (Self::READ, "READ"),
        (Self::WRITE, "WRITE"),
        (Self::EXEC, "EXEC"),
    ];
    /// No bit set.
    pub const fn empty() -> Self {
        Self(0)
    }
    /// The bits.
    pub const fn bits(self) -> u8 {
        self.0
    }
    /// Whether no bit is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }
    /// Whether any bit of `other` is set.
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
    /// The names of the named bits that are set, in declaration order.
    pub fn names(self) -> impl ::core::iter::Iterator<Item = &'static str> {
        Self::NAMES
            .iter()
            .filter(move |(f, _)| f.0 != 0 && self.contains(*f))
            .map(|(_, n)| *n)
    }
    /// The bits no name covers.
    pub fn unnamed(self) -> u8 {
        Self::NAMES.iter().fold(self.0, |rest, (f, _)| rest & !f.0)
    }
}
impl ::core::ops::BitOr for Perm {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}
impl ::core::ops::BitOrAssign for Perm {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}
impl ::core::ops::BitAnd for Perm {
    type Output = Self;
    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}
impl ::core::ops::Sub for Perm {
    type Output = Self;
    /// The bits of `self` that are not in `rhs`.
    fn sub(self, rhs: Self) -> Self {
        Self(self.0 & !rhs.0)
    }
}
impl ::netlink_runtime::codec::CEnum for Perm {
    const C_NAME: &'static str = "perm";
    #[inline]
    fn from_raw(v: i64) -> Self {
        Self(v as u8)
    }
    #[inline]
    fn to_raw(self) -> i64 {
        self.0 as i64
    }
}
impl ::core::fmt::Display for Perm {
    /// The names of the bits, comma-separated (bits without a name: one hex number).
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let mut first = true;
        for n in self.names() {
            if !first {
                f.write_str(",")?;
            }
            first = false;
            f.write_str(n)?;
        }
        let rest = self.unnamed();
        if rest != 0 {
            if !first {
                f.write_str(",")?;
            }
            ::core::write!(f, "{:#x}", rest)?;
        }
        ::core::result::Result::Ok(())
    }
}
impl ::core::fmt::Debug for Perm {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        ::core::write!(f, "{}({})", "Perm", self)
    }
}
impl ::core::str::FromStr for Perm {
    type Err = ::netlink_runtime::codec::ParseEnumError;
    /// Names in any letter case or numbers, separated by `,` or `|`.
    fn from_str(
        s: &str,
    ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ParseEnumError> {
        let mut out = Self(0);
        for part in s
            .split(|c| c == ',' || c == '|')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            if let ::core::option::Option::Some((v, _)) = Self::NAMES
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(part))
            {
                out.0 |= v.0;
                continue;
            }
            match ::netlink_runtime::codec::parse_enum_number(part) {
                ::core::option::Option::Some(v) => out.0 |= v as u8,
                ::core::option::Option::None => {
                    return ::core::result::Result::Err(::netlink_runtime::codec::ParseEnumError {
                        type_name: "Perm",
                        input: part.into(),
                        expected: Self::NAMES.iter().map(|(_, n)| *n).collect(),
                    });
                }
            }
        }
        ::core::result::Result::Ok(out)
    }
}
///C enum `shape`; values the schema does not know are kept in `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    ///`SHAPE_ROUND`
    Round,
    ///`SHAPE_SQUARE`
    Square,
    /// A value this schema does not name (newer kernel).
    Unknown(i64),
}
impl ::netlink_runtime::codec::CEnum for Shape {
    const C_NAME: &'static str = "shape";
    #[inline]
    fn from_raw(v: i64) -> Self {
        match v {
            0i64 => Self::Round,
            1i64 => Self::Square,
            other => Self::Unknown(other),
        }
    }
    #[inline]
    fn to_raw(self) -> i64 {
        match self {
            Self::Round => 0i64,
            Self::Square => 1i64,
            Self::Unknown(v) => v,
        }
    }
}
impl Shape {
    /// Every member with its name, in declaration order.
    pub const NAMES: &'static [(Self, &'static str)] = &[
        (Self::Round, "round"),
        (Self::Square, "square"),
    ];
    /// The name of this value (`None` for a value the schema does not name).
    pub fn name(self) -> ::core::option::Option<&'static str> {
        match self {
            Self::Round => ::core::option::Option::Some("round"),
            Self::Square => ::core::option::Option::Some("square"),
            Self::Unknown(_) => ::core::option::Option::None,
        }
    }
}
impl ::core::default::Default for Shape {
    /// The member 0, or `Unknown(0)`.
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::CEnum>::from_raw(0)
    }
}
impl ::core::fmt::Display for Shape {
    /// The member's name, or the number of a value the schema does not name.
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        match self.name() {
            ::core::option::Option::Some(n) => f.write_str(n),
            ::core::option::Option::None => {
                ::core::write!(
                    f, "{}", < Self as ::netlink_runtime::codec::CEnum > ::to_raw(* self)
                )
            }
        }
    }
}
impl ::core::str::FromStr for Shape {
    type Err = ::netlink_runtime::codec::ParseEnumError;
    /// A member's name in any letter case, or a number (decimal or `0x` hex).
    fn from_str(
        s: &str,
    ) -> ::core::result::Result<Self, ::netlink_runtime::codec::ParseEnumError> {
        for (v, n) in Self::NAMES {
            if n.eq_ignore_ascii_case(s) {
                return ::core::result::Result::Ok(*v);
            }
        }
        match ::netlink_runtime::codec::parse_enum_number(s) {
            ::core::option::Option::Some(v) => {
                ::core::result::Result::Ok(
                    <Self as ::netlink_runtime::codec::CEnum>::from_raw(v),
                )
            }
            ::core::option::Option::None => {
                ::core::result::Result::Err(::netlink_runtime::codec::ParseEnumError {
                    type_name: "Shape",
                    input: s.into(),
                    expected: Self::NAMES.iter().map(|(_, n)| *n).collect(),
                })
            }
        }
    }
}
///`struct t6` from the schema: 20 bytes, read and written member by member (its addresses are Rust address types, so its memory layout is not C's).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct t6 {
    #[allow(missing_docs)]
    pub addr: ::core::net::Ipv6Addr,
    #[allow(missing_docs)]
    pub plen: u32,
}
impl ::core::default::Default for t6 {
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::Record>::read(&[])
    }
}
impl ::netlink_runtime::codec::Record for t6 {
    const C_NAME: &'static str = "t6";
    const SIZE: usize = 20usize;
    #[inline]
    fn read(bytes: &[u8]) -> Self {
        let __b: [u8; 20usize] = ::netlink_runtime::codec::padded(bytes);
        Self {
            addr: ::core::net::Ipv6Addr::from(
                ::netlink_runtime::codec::array_at::<16>(&__b, 0usize),
            ),
            plen: u32::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<4usize>(&__b, 16usize),
            ),
        }
    }
    #[inline]
    fn write(&self, out: &mut [u8]) {
        ::netlink_runtime::codec::put_at(out, 0usize, &{ self.addr }.octets());
        ::netlink_runtime::codec::put_at(out, 16usize, &{ self.plen }.to_ne_bytes());
    }
}
///`struct taddr` from the schema: 48 bytes, read and written member by member (its addresses are Rust address types, so its memory layout is not C's).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct taddr {
    #[allow(missing_docs)]
    pub sport: u16,
    #[allow(missing_docs)]
    pub dport: u16,
    #[allow(missing_docs)]
    pub src: ::core::net::IpAddr,
    #[allow(missing_docs)]
    pub dst: ::core::net::IpAddr,
    #[allow(missing_docs)]
    pub ifindex: u32,
    #[allow(missing_docs)]
    pub cookie: [u32; 2usize],
}
impl ::core::default::Default for taddr {
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::Record>::read(&[])
    }
}
impl ::netlink_runtime::codec::Record for taddr {
    const C_NAME: &'static str = "taddr";
    const SIZE: usize = 48usize;
    #[inline]
    fn read(bytes: &[u8]) -> Self {
        Self::read_with_family(bytes, ::core::option::Option::None)
    }
    #[inline]
    fn read_with_family(bytes: &[u8], __family: ::core::option::Option<i64>) -> Self {
        let __b: [u8; 48usize] = ::netlink_runtime::codec::padded(bytes);
        Self {
            sport: u16::from_be_bytes(
                ::netlink_runtime::codec::array_at::<2usize>(&__b, 0usize),
            ),
            dport: u16::from_be_bytes(
                ::netlink_runtime::codec::array_at::<2usize>(&__b, 2usize),
            ),
            src: ::netlink_runtime::codec::ip_by_family(
                ::netlink_runtime::codec::array_at::<16>(&__b, 4usize),
                __family == ::core::option::Option::Some(2i64),
            ),
            dst: ::netlink_runtime::codec::ip_by_family(
                ::netlink_runtime::codec::array_at::<16>(&__b, 20usize),
                __family == ::core::option::Option::Some(2i64),
            ),
            ifindex: u32::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<4usize>(&__b, 36usize),
            ),
            cookie: ::core::array::from_fn(|__i| u32::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<
                    4usize,
                >(&__b, 40usize + __i * 4usize),
            )),
        }
    }
    #[inline]
    fn write(&self, out: &mut [u8]) {
        ::netlink_runtime::codec::put_at(out, 0usize, &{ self.sport }.to_be_bytes());
        ::netlink_runtime::codec::put_at(out, 2usize, &{ self.dport }.to_be_bytes());
        ::netlink_runtime::codec::put_at(
            out,
            4usize,
            &::netlink_runtime::codec::ip_bytes(&{ self.src }),
        );
        ::netlink_runtime::codec::put_at(
            out,
            20usize,
            &::netlink_runtime::codec::ip_bytes(&{ self.dst }),
        );
        ::netlink_runtime::codec::put_at(out, 36usize, &{ self.ifindex }.to_ne_bytes());
        let __arr = self.cookie;
        for (__i, __v) in __arr.into_iter().enumerate() {
            ::netlink_runtime::codec::put_at(
                out,
                40usize + __i * 4usize,
                &__v.to_ne_bytes(),
            );
        }
    }
}
///`struct tamsg` from the schema: 64 bytes, read and written member by member (its addresses are Rust address types, so its memory layout is not C's).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tamsg {
    #[allow(missing_docs)]
    pub a_family: u8,
    #[allow(missing_docs)]
    pub a_state: u8,
    #[allow(missing_docs)]
    pub a_pad: [u8; 2usize],
    #[allow(missing_docs)]
    pub id: taddr,
    #[allow(missing_docs)]
    pub a_v4: ::core::net::Ipv4Addr,
    #[allow(missing_docs)]
    pub a_mac: ::netlink_runtime::codec::MacAddr,
    #[allow(missing_docs)]
    pub a_port: u16,
}
impl ::core::default::Default for tamsg {
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::Record>::read(&[])
    }
}
impl ::netlink_runtime::codec::Record for tamsg {
    const C_NAME: &'static str = "tamsg";
    const SIZE: usize = 64usize;
    #[inline]
    fn read(bytes: &[u8]) -> Self {
        let __b: [u8; 64usize] = ::netlink_runtime::codec::padded(bytes);
        Self {
            a_family: u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__b, 0usize),
            ),
            a_state: u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__b, 1usize),
            ),
            a_pad: ::core::array::from_fn(|__i| u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__b, 2usize + __i * 1usize),
            )),
            id: <taddr as ::netlink_runtime::codec::Record>::read_with_family(
                __b.get(4usize..).unwrap_or_default(),
                ::core::option::Option::Some(
                    u8::from_ne_bytes(
                        ::netlink_runtime::codec::array_at::<1usize>(&__b, 0usize),
                    ) as i64,
                ),
            ),
            a_v4: ::core::net::Ipv4Addr::from(
                ::netlink_runtime::codec::array_at::<4>(&__b, 52usize),
            ),
            a_mac: ::netlink_runtime::codec::MacAddr(
                ::netlink_runtime::codec::array_at::<6>(&__b, 56usize),
            ),
            a_port: u16::from_be_bytes(
                ::netlink_runtime::codec::array_at::<2usize>(&__b, 62usize),
            ),
        }
    }
    #[inline]
    fn write(&self, out: &mut [u8]) {
        ::netlink_runtime::codec::put_at(out, 0usize, &{ self.a_family }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 1usize, &{ self.a_state }.to_ne_bytes());
        let __arr = self.a_pad;
        for (__i, __v) in __arr.into_iter().enumerate() {
            ::netlink_runtime::codec::put_at(
                out,
                2usize + __i * 1usize,
                &__v.to_ne_bytes(),
            );
        }
        if let ::core::option::Option::Some(o) = out.get_mut(4usize..) {
            ::netlink_runtime::codec::Record::write(&{ self.id }, o);
        }
        ::netlink_runtime::codec::put_at(out, 52usize, &{ self.a_v4 }.octets());
        ::netlink_runtime::codec::put_at(out, 56usize, &{ self.a_mac }.0);
        ::netlink_runtime::codec::put_at(out, 62usize, &{ self.a_port }.to_be_bytes());
    }
}
///`struct tbits` from the schema: 8 bytes, kept as bytes (its layout needs a union, bitfields or packing); a getter and a `set_` method per member.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct tbits {
    /// The C object's bytes.
    pub bytes: [u8; 8usize],
}
impl ::core::default::Default for tbits {
    fn default() -> Self {
        Self { bytes: [0; 8usize] }
    }
}
#[allow(non_snake_case)]
impl tbits {
    ///Member `lo` (bitfield of 4 bits at bit 0).
    #[inline]
    pub fn lo(&self) -> u32 {
        let __b = self.bytes;
        ::netlink_runtime::codec::bits_at(&__b, 0usize, 4u32) as u32
    }
    ///Sets member `lo` (bitfield of 4 bits at bit 0).
    #[inline]
    pub fn set_lo(&mut self, v: u32) {
        let out = &mut self.bytes[..];
        ::netlink_runtime::codec::put_bits(out, 0usize, 4u32, v as u64);
    }
    ///Member `hi` (bitfield of 12 bits at bit 4).
    #[inline]
    pub fn hi(&self) -> u32 {
        let __b = self.bytes;
        ::netlink_runtime::codec::bits_at(&__b, 4usize, 12u32) as u32
    }
    ///Sets member `hi` (bitfield of 12 bits at bit 4).
    #[inline]
    pub fn set_hi(&mut self, v: u32) {
        let out = &mut self.bytes[..];
        ::netlink_runtime::codec::put_bits(out, 4usize, 12u32, v as u64);
    }
    ///Member `neg` (bitfield of 3 bits at bit 16).
    #[inline]
    pub fn neg(&self) -> i32 {
        let __b = self.bytes;
        ::netlink_runtime::codec::signed_bits_at(&__b, 16usize, 3u32) as i32
    }
    ///Sets member `neg` (bitfield of 3 bits at bit 16).
    #[inline]
    pub fn set_neg(&mut self, v: i32) {
        let out = &mut self.bytes[..];
        ::netlink_runtime::codec::put_bits(out, 16usize, 3u32, v as u64);
    }
    ///Member `arr` (array of 2 at offset 4).
    #[inline]
    pub fn arr(&self) -> [u8; 2usize] {
        let __b = self.bytes;
        ::core::array::from_fn(|__i| u8::from_ne_bytes(
            ::netlink_runtime::codec::array_at::<1usize>(&__b, 4usize + __i * 1usize),
        ))
    }
    ///Sets member `arr` (array of 2 at offset 4).
    #[inline]
    pub fn set_arr(&mut self, v: [u8; 2usize]) {
        let out = &mut self.bytes[..];
        let __arr = v;
        for (__i, __v) in __arr.into_iter().enumerate() {
            ::netlink_runtime::codec::put_at(
                out,
                4usize + __i * 1usize,
                &__v.to_ne_bytes(),
            );
        }
    }
    ///Member `tail` (at offset 6).
    #[inline]
    pub fn tail(&self) -> u16 {
        let __b = self.bytes;
        u16::from_ne_bytes(::netlink_runtime::codec::array_at::<2usize>(&__b, 6usize))
    }
    ///Sets member `tail` (at offset 6).
    #[inline]
    pub fn set_tail(&mut self, v: u16) {
        let out = &mut self.bytes[..];
        ::netlink_runtime::codec::put_at(out, 6usize, &v.to_ne_bytes());
    }
}
impl ::netlink_runtime::codec::Record for tbits {
    const C_NAME: &'static str = "tbits";
    const SIZE: usize = 8usize;
    #[inline]
    fn read(bytes: &[u8]) -> Self {
        Self {
            bytes: ::netlink_runtime::codec::padded(bytes),
        }
    }
    #[inline]
    fn write(&self, out: &mut [u8]) {
        ::netlink_runtime::codec::put_at(out, 0, &self.bytes);
    }
}
///`struct thop` from the schema: 8 bytes, C layout.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct thop {
    #[allow(missing_docs)]
    pub len: u16,
    #[allow(missing_docs)]
    pub flags: u8,
    #[allow(missing_docs)]
    pub hops: u8,
    #[allow(missing_docs)]
    pub ifindex: i32,
}
const _: () = {
    assert!(::core::mem::size_of:: < thop > () == 8usize);
    assert!(::core::mem::offset_of!(thop, len) == 0usize);
    assert!(::core::mem::offset_of!(thop, flags) == 2usize);
    assert!(::core::mem::offset_of!(thop, hops) == 3usize);
    assert!(::core::mem::offset_of!(thop, ifindex) == 4usize);
};
impl ::core::default::Default for thop {
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::Record>::read(&[])
    }
}
impl ::netlink_runtime::codec::Record for thop {
    const C_NAME: &'static str = "thop";
    const SIZE: usize = 8usize;
    #[inline]
    fn read(bytes: &[u8]) -> Self {
        let __b: [u8; 8usize] = ::netlink_runtime::codec::padded(bytes);
        Self {
            len: u16::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<2usize>(&__b, 0usize),
            ),
            flags: u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__b, 2usize),
            ),
            hops: u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__b, 3usize),
            ),
            ifindex: i32::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<4usize>(&__b, 4usize),
            ),
        }
    }
    #[inline]
    fn write(&self, out: &mut [u8]) {
        ::netlink_runtime::codec::put_at(out, 0usize, &{ self.len }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 2usize, &{ self.flags }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 3usize, &{ self.hops }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 4usize, &{ self.ifindex }.to_ne_bytes());
    }
}
///`struct tmsg` from the schema: 12 bytes, C layout.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tmsg {
    #[allow(missing_docs)]
    pub t_family: u8,
    #[allow(missing_docs)]
    pub t_pad: u8,
    #[allow(missing_docs)]
    pub t_port: u16,
    #[allow(missing_docs)]
    pub t_index: i32,
    #[allow(missing_docs)]
    pub t_flags: u32,
}
const _: () = {
    assert!(::core::mem::size_of:: < tmsg > () == 12usize);
    assert!(::core::mem::offset_of!(tmsg, t_family) == 0usize);
    assert!(::core::mem::offset_of!(tmsg, t_pad) == 1usize);
    assert!(::core::mem::offset_of!(tmsg, t_port) == 2usize);
    assert!(::core::mem::offset_of!(tmsg, t_index) == 4usize);
    assert!(::core::mem::offset_of!(tmsg, t_flags) == 8usize);
};
impl ::core::default::Default for tmsg {
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::Record>::read(&[])
    }
}
impl ::netlink_runtime::codec::Record for tmsg {
    const C_NAME: &'static str = "tmsg";
    const SIZE: usize = 12usize;
    #[inline]
    fn read(bytes: &[u8]) -> Self {
        let __b: [u8; 12usize] = ::netlink_runtime::codec::padded(bytes);
        Self {
            t_family: u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__b, 0usize),
            ),
            t_pad: u8::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<1usize>(&__b, 1usize),
            ),
            t_port: u16::from_be_bytes(
                ::netlink_runtime::codec::array_at::<2usize>(&__b, 2usize),
            ),
            t_index: i32::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<4usize>(&__b, 4usize),
            ),
            t_flags: u32::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<4usize>(&__b, 8usize),
            ),
        }
    }
    #[inline]
    fn write(&self, out: &mut [u8]) {
        ::netlink_runtime::codec::put_at(out, 0usize, &{ self.t_family }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 1usize, &{ self.t_pad }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 2usize, &{ self.t_port }.to_be_bytes());
        ::netlink_runtime::codec::put_at(out, 4usize, &{ self.t_index }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 8usize, &{ self.t_flags }.to_ne_bytes());
    }
}
///`struct tstats` from the schema: 16 bytes, C layout.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tstats {
    #[allow(missing_docs)]
    pub packets: u64,
    #[allow(missing_docs)]
    pub bytes: u32,
}
const _: () = {
    assert!(::core::mem::size_of:: < tstats > () == 16usize);
    assert!(::core::mem::offset_of!(tstats, packets) == 0usize);
    assert!(::core::mem::offset_of!(tstats, bytes) == 8usize);
};
impl ::core::default::Default for tstats {
    fn default() -> Self {
        <Self as ::netlink_runtime::codec::Record>::read(&[])
    }
}
impl ::netlink_runtime::codec::Record for tstats {
    const C_NAME: &'static str = "tstats";
    const SIZE: usize = 16usize;
    #[inline]
    fn read(bytes: &[u8]) -> Self {
        let __b: [u8; 16usize] = ::netlink_runtime::codec::padded(bytes);
        Self {
            packets: u64::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<8usize>(&__b, 0usize),
            ),
            bytes: u32::from_ne_bytes(
                ::netlink_runtime::codec::array_at::<4usize>(&__b, 8usize),
            ),
        }
    }
    #[inline]
    fn write(&self, out: &mut [u8]) {
        ::netlink_runtime::codec::put_at(out, 0usize, &{ self.packets }.to_ne_bytes());
        ::netlink_runtime::codec::put_at(out, 8usize, &{ self.bytes }.to_ne_bytes());
    }
}
