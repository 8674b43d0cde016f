#[allow(missing_docs)]
pub const COLOR_BLUE: u32 = 7;
#[allow(missing_docs)]
pub const COLOR_GREEN: u32 = 1;
#[allow(missing_docs)]
pub const COLOR_RED: u32 = 0;
#[allow(missing_docs)]
pub const T_CMD_GET: u8 = 1;
#[allow(missing_docs)]
pub const T_MSG_GET: u16 = 102;
#[allow(missing_docs)]
pub const T_MSG_NEW: u16 = 100;
#[allow(missing_docs)]
pub const IN_A: u16 = 1;
#[allow(missing_docs)]
pub const IN_B: u16 = 2;
#[allow(missing_docs)]
pub const IN_C: u16 = 3;
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
pub const T_SINT: u16 = 10;
#[allow(missing_docs)]
pub const T_STATS: u16 = 20;
#[allow(missing_docs)]
pub const T_STR: u16 = 13;
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
