//! Zero-copy walking of netlink attributes (`struct nlattr` TLVs).
//!
//! This is the hot path: a 1M-route dump walks tens of millions of attributes.
//! The iterator is a slice plus an offset; each step reads one 4-byte header,
//! checks the length against what is left with `get(..)` (no panicking index),
//! and advances by the 4-byte-aligned length. Nothing allocates; errors are
//! built on a `#[cold]` path so the common path stays branch-light.

use std::fmt;

use crate::schemas::netlink::{NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK};

/// Round `len` up to the netlink 4-byte alignment (`NLA_ALIGN`/`NLMSG_ALIGN`).
#[inline(always)]
pub const fn align4(len: usize) -> usize {
    // Saturating so that an absurd length cannot overflow (it then fails the
    // following bounds check instead).
    len.saturating_add(3) & !3
}

/// One attribute borrowed from a buffer: type (with `NLA_TYPE_MASK` applied),
/// flag bits, payload and the offset of its header.
#[derive(Clone, Copy)]
pub struct Attr<'a> {
    // The header's type field as sent, flags included, masked when read. A whole word, not a
    // `u16`: the derived parsers' loops copy each `Attr` through the stack and read this
    // word back with one 64-bit load, which the CPU cannot forward from a narrower store (a
    // stall of ~10 cycles per attribute, a third of the cost of a route's decode, when it was
    // two `u16`s). `Attr` is 32 bytes either way.
    raw_type: usize,
    payload: &'a [u8],
    offset: usize,
}

impl fmt::Debug for Attr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attr")
            .field("kind", &self.kind())
            .field("flags", &self.flags())
            .field("payload", &self.payload)
            .field("offset", &self.offset)
            .finish()
    }
}

impl<'a> Attr<'a> {
    /// Build an attribute by hand (tests, synthetic data). `kind` is masked
    /// with `NLA_TYPE_MASK`; the flag bits of `kind` are kept as flags.
    #[inline]
    pub fn from_parts(kind: u16, payload: &'a [u8], offset: usize) -> Self {
        Attr {
            raw_type: usize::from(kind),
            payload,
            offset,
        }
    }

    /// The attribute type with `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` removed.
    #[inline(always)]
    pub fn kind(&self) -> u16 {
        self.raw_type as u16 & NLA_TYPE_MASK
    }

    /// The raw flag bits (`NLA_F_NESTED | NLA_F_NET_BYTEORDER`) of the type field.
    #[inline(always)]
    pub fn flags(&self) -> u16 {
        self.raw_type as u16 & !NLA_TYPE_MASK
    }

    /// Whether the sender set `NLA_F_NESTED`. Many older kernel attributes are
    /// nested without this flag, so a parser that knows the schema should not
    /// require it.
    #[inline(always)]
    pub fn is_nested(&self) -> bool {
        self.flags() & NLA_F_NESTED != 0
    }

    /// Whether the sender set `NLA_F_NET_BYTEORDER` (payload is big-endian).
    #[inline(always)]
    pub fn is_net_byteorder(&self) -> bool {
        self.flags() & NLA_F_NET_BYTEORDER != 0
    }

    /// The payload after the 4-byte header, without trailing padding.
    #[inline(always)]
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// Offset of this attribute's header from the start of the message (or of
    /// whatever buffer the iterator's base offset was given for).
    #[inline(always)]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Iterate the payload as attributes; offsets continue from this one's.
    #[inline]
    pub fn nested(&self) -> Attrs<'a> {
        Attrs::with_base(self.payload, self.offset.wrapping_add(NLA_HDRLEN))
    }

    #[cold]
    #[inline(never)]
    fn bad_size(&self, expected: usize) -> AttrError {
        AttrError {
            offset: self.offset,
            kind: AttrErrorKind::BadPayloadSize {
                kind: self.kind(),
                expected,
                actual: self.payload.len(),
            },
        }
    }

    #[inline(always)]
    fn fixed<const N: usize>(&self) -> Result<[u8; N], AttrError> {
        match self.payload.first_chunk::<N>() {
            Some(b) if self.payload.len() == N => Ok(*b),
            _ => Err(self.bad_size(N)),
        }
    }

    /// Payload as a native-endian `u8` (exact size required).
    #[inline]
    pub fn as_u8(&self) -> Result<u8, AttrError> {
        self.fixed::<1>().map(|b| b[0])
    }
    /// Payload as a native-endian `u16` (exact size required).
    #[inline]
    pub fn as_u16(&self) -> Result<u16, AttrError> {
        self.fixed().map(u16::from_ne_bytes)
    }
    /// Payload as a native-endian `u32` (exact size required).
    #[inline]
    pub fn as_u32(&self) -> Result<u32, AttrError> {
        self.fixed().map(u32::from_ne_bytes)
    }
    /// Payload as a native-endian `u64` (exact size required).
    #[inline]
    pub fn as_u64(&self) -> Result<u64, AttrError> {
        self.fixed().map(u64::from_ne_bytes)
    }
    /// Payload as `i8`.
    #[inline]
    pub fn as_i8(&self) -> Result<i8, AttrError> {
        self.fixed::<1>().map(|b| b[0] as i8)
    }
    /// Payload as a native-endian `i16`.
    #[inline]
    pub fn as_i16(&self) -> Result<i16, AttrError> {
        self.fixed().map(i16::from_ne_bytes)
    }
    /// Payload as a native-endian `i32`.
    #[inline]
    pub fn as_i32(&self) -> Result<i32, AttrError> {
        self.fixed().map(i32::from_ne_bytes)
    }
    /// Payload as a native-endian `i64`.
    #[inline]
    pub fn as_i64(&self) -> Result<i64, AttrError> {
        self.fixed().map(i64::from_ne_bytes)
    }
    /// Payload as a big-endian (network order) `u16`.
    #[inline]
    pub fn as_be16(&self) -> Result<u16, AttrError> {
        self.fixed().map(u16::from_be_bytes)
    }
    /// Payload as a big-endian (network order) `u32`.
    #[inline]
    pub fn as_be32(&self) -> Result<u32, AttrError> {
        self.fixed().map(u32::from_be_bytes)
    }
    /// Payload as a big-endian (network order) `u64`.
    #[inline]
    pub fn as_be64(&self) -> Result<u64, AttrError> {
        self.fixed().map(u64::from_be_bytes)
    }

    /// YNL `uint`: a u32 or u64 payload, whichever size the kernel chose.
    #[inline]
    pub fn as_uint(&self) -> Result<u64, AttrError> {
        match self.payload.len() {
            4 => self.as_u32().map(u64::from),
            8 => self.as_u64(),
            _ => Err(self.bad_size(8)),
        }
    }

    /// Payload as a string: up to the first NUL (the kernel NUL-terminates
    /// `string` attributes), which must be valid UTF-8.
    #[inline]
    pub fn as_str(&self) -> Result<&'a str, AttrError> {
        let p = self.payload;
        let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
        let bytes = p.get(..end).unwrap_or(p);
        std::str::from_utf8(bytes).map_err(|_| AttrError {
            offset: self.offset,
            kind: AttrErrorKind::InvalidUtf8 { kind: self.kind() },
        })
    }
}

/// Iterator over the attributes in a buffer.
///
/// Yields `Err` once for malformed input, then `None`.
#[derive(Clone, Debug)]
pub struct Attrs<'a> {
    /// Bytes not yet walked.
    buf: &'a [u8],
    /// Offset of `buf[0]` relative to the caller's chosen base.
    offset: usize,
}

impl<'a> Attrs<'a> {
    /// Walk `buf`, reporting offsets relative to its start.
    #[inline]
    pub fn new(buf: &'a [u8]) -> Self {
        Attrs { buf, offset: 0 }
    }

    /// Walk `buf`, reporting offsets as `base_offset + position in buf`
    /// (e.g. the payload's offset within its message, so offsets match the
    /// kernel's `NLMSGERR_ATTR_OFFS`).
    #[inline]
    pub fn with_base(buf: &'a [u8], base_offset: usize) -> Self {
        Attrs {
            buf,
            offset: base_offset,
        }
    }

    /// The bytes not yet walked.
    #[inline]
    pub fn remaining(&self) -> &'a [u8] {
        self.buf
    }

    /// Find the first attribute of type `kind` (skipping the rest by length).
    #[inline]
    pub fn find(self, kind: u16) -> Result<Option<Attr<'a>>, AttrError> {
        for a in self {
            let a = a?;
            if a.kind() == kind {
                return Ok(Some(a));
            }
        }
        Ok(None)
    }

    /// Stop iterating and return the error. The error itself is built out of
    /// line ([`cold_error`]) so the iterator state stays in registers.
    #[inline(always)]
    fn fail(&mut self, kind: AttrErrorKind) -> Option<Result<Attr<'a>, AttrError>> {
        self.buf = &[];
        Some(Err(cold_error(self.offset, kind)))
    }
}

#[cold]
#[inline(never)]
fn cold_error(offset: usize, kind: AttrErrorKind) -> AttrError {
    AttrError { offset, kind }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>, AttrError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.buf.is_empty() {
            return None;
        }
        let Some(hdr) = self.buf.first_chunk::<NLA_HDRLEN>() else {
            let available = self.buf.len();
            return self.fail(AttrErrorKind::TruncatedHeader { available });
        };
        let len = u16::from_ne_bytes([hdr[0], hdr[1]]) as usize;
        let raw_kind = u16::from_ne_bytes([hdr[2], hdr[3]]);
        // `get` fails both for len < 4 (start > end) and len past the end.
        let Some(payload) = self.buf.get(NLA_HDRLEN..len) else {
            let available = self.buf.len();
            let kind = raw_kind & NLA_TYPE_MASK;
            return self.fail(if len < NLA_HDRLEN {
                AttrErrorKind::LengthTooSmall { len, kind }
            } else {
                AttrErrorKind::LengthPastEnd {
                    len,
                    available,
                    kind,
                }
            });
        };
        let attr = Attr {
            raw_type: usize::from(raw_kind),
            payload,
            offset: self.offset,
        };
        let step = align4(len);
        // The last attribute may legally lack its trailing padding.
        self.buf = self.buf.get(step..).unwrap_or(&[]);
        // Wrapping: the base offset is caller-chosen and must not be able to
        // cause an overflow panic in debug builds.
        self.offset = self.offset.wrapping_add(step);
        Some(Ok(attr))
    }
}

impl std::iter::FusedIterator for Attrs<'_> {}

/// What was wrong with an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrErrorKind {
    /// Fewer than 4 bytes left where an attribute header should start.
    TruncatedHeader {
        /// Bytes that were left.
        available: usize,
    },
    /// `nla_len` below the 4-byte header size.
    LengthTooSmall {
        /// The length field.
        len: usize,
        /// Attribute type (its header was readable).
        kind: u16,
    },
    /// `nla_len` runs past the end of the enclosing buffer.
    LengthPastEnd {
        /// The length field.
        len: usize,
        /// Bytes that were left from the attribute's start.
        available: usize,
        /// Attribute type (its header was readable).
        kind: u16,
    },
    /// A fixed-size accessor found a payload of the wrong size.
    BadPayloadSize {
        /// Attribute type.
        kind: u16,
        /// Size the accessor needs.
        expected: usize,
        /// Size found.
        actual: usize,
    },
    /// A string attribute is not valid UTF-8.
    InvalidUtf8 {
        /// Attribute type.
        kind: u16,
    },
}

impl AttrErrorKind {
    /// The attribute type, when the error happened after its header was read.
    pub fn attr_kind(&self) -> Option<u16> {
        match *self {
            AttrErrorKind::TruncatedHeader { .. } => None,
            AttrErrorKind::LengthTooSmall { kind, .. }
            | AttrErrorKind::LengthPastEnd { kind, .. }
            | AttrErrorKind::BadPayloadSize { kind, .. }
            | AttrErrorKind::InvalidUtf8 { kind } => Some(kind),
        }
    }
}

/// A malformed attribute, with the offset of its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttrError {
    /// Offset of the offending attribute header (same base as [`Attr::offset`]).
    pub offset: usize,
    /// What was wrong.
    pub kind: AttrErrorKind,
}

impl std::error::Error for AttrError {}

impl fmt::Display for AttrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = self.offset;
        match self.kind {
            AttrErrorKind::TruncatedHeader { available } => write!(
                f,
                "attribute at offset {o}: truncated header ({available} bytes left, need 4)"
            ),
            AttrErrorKind::LengthTooSmall { len, kind } => write!(
                f,
                "attribute type {kind} at offset {o}: length {len} is below the 4-byte header"
            ),
            AttrErrorKind::LengthPastEnd {
                len,
                available,
                kind,
            } => write!(
                f,
                "attribute type {kind} at offset {o}: length {len} runs past the end ({available} bytes left)"
            ),
            AttrErrorKind::BadPayloadSize {
                kind,
                expected,
                actual,
            } => write!(
                f,
                "attribute type {kind} at offset {o}: payload is {actual} bytes, expected {expected}"
            ),
            AttrErrorKind::InvalidUtf8 { kind } => write!(
                f,
                "attribute type {kind} at offset {o}: string is not valid UTF-8"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nla(kind: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
        v.extend_from_slice(&kind.to_ne_bytes());
        v.extend_from_slice(payload);
        while v.len() & 3 != 0 {
            v.push(0);
        }
        v
    }

    #[test]
    fn walks_and_masks() {
        let mut buf = nla(3, b"eth0\0");
        buf.extend(nla(NLA_F_NESTED | 18, &nla(1, b"veth\0")));
        buf.extend(nla(NLA_F_NET_BYTEORDER | 7, &[0, 80]));
        let v: Vec<_> = Attrs::with_base(&buf, 32).map(Result::unwrap).collect();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].kind(), 3);
        assert_eq!(v[0].offset(), 32);
        assert_eq!(v[0].as_str().unwrap(), "eth0");
        assert_eq!(v[1].kind(), 18);
        assert!(v[1].is_nested());
        assert_eq!(v[1].offset(), 32 + 12);
        let inner: Vec<_> = v[1].nested().map(Result::unwrap).collect();
        assert_eq!(inner[0].offset(), 32 + 16);
        assert_eq!(inner[0].as_str().unwrap(), "veth");
        assert!(v[2].is_net_byteorder());
        assert_eq!(v[2].as_be16().unwrap(), 80);
    }

    #[test]
    fn errors_name_offset() {
        let mut buf = nla(1, &[1, 2, 3, 4]);
        buf.extend_from_slice(&[40, 0, 2, 0, 0, 0]);
        let mut it = Attrs::new(&buf);
        assert!(it.next().unwrap().is_ok());
        let e = it.next().unwrap().unwrap_err();
        assert_eq!(e.offset, 8);
        assert!(e.to_string().contains("offset 8"));
        assert!(it.next().is_none());
        let e = Attrs::new(&[2, 0, 1, 0]).next().unwrap().unwrap_err();
        assert!(matches!(
            e.kind,
            AttrErrorKind::LengthTooSmall { len: 2, .. }
        ));
        let e = Attrs::new(&[8, 0]).next().unwrap().unwrap_err();
        assert_eq!(e.kind, AttrErrorKind::TruncatedHeader { available: 2 });
    }

    #[test]
    fn unpadded_last() {
        let buf = [5u8, 0, 1, 0, 9];
        let a: Vec<_> = Attrs::new(&buf).collect();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].unwrap().payload(), &[9]);
    }
}
