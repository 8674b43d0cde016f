//! Building netlink requests: `nlmsghdr`, the family's fixed C header, and
//! attributes, written straight into one `Vec<u8>`.
//!
//! Appending methods return `&mut Self` so requests read as a chain. Input
//! that cannot be encoded (an attribute longer than the 16-bit `nla_len`, a
//! message longer than `u32`) does not panic: the first such problem is kept
//! and reported by [`MessageBuilder::finish`] / [`MessageBuilder::as_bytes`]
//! and by the socket when the message is sent.

use crate::attr::align4;
use crate::consts::{GENL_HDRLEN, NLA_F_NESTED, NLA_HDRLEN, NLMSG_HDRLEN};
use crate::message::MsgHeader;

/// A request that cannot be encoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// An attribute (or nest) is longer than `nla_len` can express.
    #[error("attribute type {kind} at offset {offset}: length {len} exceeds 65535")]
    AttrTooLong {
        /// Attribute type.
        kind: u16,
        /// Offset of the attribute header in the message.
        offset: usize,
        /// Its length including the header.
        len: usize,
    },
    /// The message is longer than `nlmsg_len` can express.
    #[error("message length {len} exceeds u32::MAX")]
    MessageTooLong {
        /// Message length.
        len: usize,
    },
    /// `end_nest` was given a token for a nest that is not open in this builder.
    #[error("end_nest: nest at offset {offset} is not open in this builder")]
    BadNest {
        /// Offset recorded in the token.
        offset: usize,
    },
    /// Bytes handed over as a request are not a whole number of messages.
    #[error("request bytes: {0}")]
    Malformed(#[from] crate::message::MessageError),
}

/// Token for an open nested attribute; pass it back to
/// [`MessageBuilder::end_nest`]. Nests close in LIFO order.
#[derive(Debug)]
#[must_use = "a nest must be closed with end_nest"]
pub struct Nest {
    start: usize,
    kind: u16,
}

/// Builds one netlink message.
#[derive(Clone, Debug)]
pub struct MessageBuilder {
    buf: Vec<u8>,
    error: Option<BuildError>,
}

impl MessageBuilder {
    /// Start a message of type `kind` with `nlmsg_flags` `flags` (the socket
    /// adds `NLM_F_REQUEST`, sequence number and port id when it sends).
    #[inline]
    pub fn new(kind: u16, flags: u16) -> Self {
        Self::with_capacity(kind, flags, 256)
    }

    /// Like [`MessageBuilder::new`] with room for `cap` bytes before growing.
    #[inline]
    pub fn with_capacity(kind: u16, flags: u16, cap: usize) -> Self {
        let mut buf = Vec::with_capacity(cap.max(NLMSG_HDRLEN));
        let hdr = MsgHeader {
            len: NLMSG_HDRLEN as u32,
            kind,
            flags,
            seq: 0,
            pid: 0,
        };
        buf.extend_from_slice(&hdr.to_bytes());
        MessageBuilder { buf, error: None }
    }

    /// Start a generic-netlink message: `nlmsghdr` of type `family_id`
    /// followed by `genlmsghdr { cmd, version }`.
    #[inline]
    pub fn new_genl(family_id: u16, flags: u16, cmd: u8, version: u8) -> Self {
        let mut b = Self::new(family_id, flags);
        b.push_header_bytes(&[cmd, version, 0, 0][..GENL_HDRLEN]);
        b
    }

    #[inline(always)]
    fn sync_len(&mut self) {
        let len = self.buf.len();
        match u32::try_from(len) {
            Ok(l) => {
                if let Some(h) = self.buf.first_chunk_mut::<4>() {
                    *h = l.to_ne_bytes();
                }
            }
            Err(_) => self.set_error(BuildError::MessageTooLong { len }),
        }
    }

    #[cold]
    fn set_error(&mut self, e: BuildError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    #[inline(always)]
    fn pad(&mut self) {
        let n = align4(self.buf.len()) - self.buf.len();
        self.buf.extend_from_slice(&[0u8; 3][..n]);
    }

    /// Append the family's fixed C header (e.g. 16 bytes of `ifinfomsg`),
    /// padded to 4 bytes.
    #[inline]
    pub fn push_header_bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self.pad();
        self.sync_len();
        self
    }

    /// Append one attribute with a raw payload, padded to 4 bytes.
    #[inline]
    pub fn attr(&mut self, kind: u16, payload: &[u8]) -> &mut Self {
        self.attr_parts(kind, &[payload])
    }

    /// Append one attribute whose payload is the concatenation of `parts`
    /// (e.g. a string and its NUL) without an intermediate copy.
    #[inline]
    pub fn attr_parts(&mut self, kind: u16, parts: &[&[u8]]) -> &mut Self {
        let plen: usize = parts.iter().map(|p| p.len()).sum();
        let len = NLA_HDRLEN + plen;
        let Ok(len16) = u16::try_from(len) else {
            let offset = self.buf.len();
            self.set_error(BuildError::AttrTooLong { kind, offset, len });
            return self;
        };
        self.buf.reserve(align4(len));
        self.buf.extend_from_slice(&len16.to_ne_bytes());
        self.buf.extend_from_slice(&kind.to_ne_bytes());
        for p in parts {
            self.buf.extend_from_slice(p);
        }
        self.pad();
        self.sync_len();
        self
    }

    /// `u8` attribute.
    #[inline]
    pub fn attr_u8(&mut self, kind: u16, v: u8) -> &mut Self {
        self.attr(kind, &[v])
    }
    /// Native-endian `u16` attribute.
    #[inline]
    pub fn attr_u16(&mut self, kind: u16, v: u16) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }
    /// Native-endian `u32` attribute.
    #[inline]
    pub fn attr_u32(&mut self, kind: u16, v: u32) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }
    /// Native-endian `u64` attribute.
    #[inline]
    pub fn attr_u64(&mut self, kind: u16, v: u64) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }
    /// `i8` attribute.
    #[inline]
    pub fn attr_i8(&mut self, kind: u16, v: i8) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }
    /// Native-endian `i16` attribute.
    #[inline]
    pub fn attr_i16(&mut self, kind: u16, v: i16) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }
    /// Native-endian `i32` attribute.
    #[inline]
    pub fn attr_i32(&mut self, kind: u16, v: i32) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }
    /// Native-endian `i64` attribute.
    #[inline]
    pub fn attr_i64(&mut self, kind: u16, v: i64) -> &mut Self {
        self.attr(kind, &v.to_ne_bytes())
    }
    /// Big-endian `u16` attribute (ports and the like). Does not set
    /// `NLA_F_NET_BYTEORDER`; or it into `kind` where the family wants it.
    #[inline]
    pub fn attr_be16(&mut self, kind: u16, v: u16) -> &mut Self {
        self.attr(kind, &v.to_be_bytes())
    }
    /// Big-endian `u32` attribute.
    #[inline]
    pub fn attr_be32(&mut self, kind: u16, v: u32) -> &mut Self {
        self.attr(kind, &v.to_be_bytes())
    }
    /// Big-endian `u64` attribute.
    #[inline]
    pub fn attr_be64(&mut self, kind: u16, v: u64) -> &mut Self {
        self.attr(kind, &v.to_be_bytes())
    }
    /// String attribute, NUL-terminated as the kernel's `NLA_NUL_STRING` /
    /// `NLA_STRING` policies expect.
    #[inline]
    pub fn attr_str(&mut self, kind: u16, s: &str) -> &mut Self {
        self.attr_parts(kind, &[s.as_bytes(), &[0]])
    }
    /// Flag attribute: present with a zero-length payload.
    #[inline]
    pub fn attr_flag(&mut self, kind: u16) -> &mut Self {
        self.attr(kind, &[])
    }

    /// Open a nested attribute of type `kind`; attributes appended until the
    /// matching [`MessageBuilder::end_nest`] go inside it.
    #[inline]
    pub fn begin_nest(&mut self, kind: u16) -> Nest {
        let start = self.buf.len();
        self.buf.extend_from_slice(&[0, 0]);
        self.buf
            .extend_from_slice(&(kind | NLA_F_NESTED).to_ne_bytes());
        self.sync_len();
        Nest { start, kind }
    }

    /// Close a nest: patch its length and keep `NLA_F_NESTED` set.
    #[inline]
    pub fn end_nest(&mut self, nest: Nest) -> &mut Self {
        let len = self.buf.len().wrapping_sub(nest.start);
        let Some(hdr) = self
            .buf
            .get_mut(nest.start..)
            .and_then(|s| s.first_chunk_mut::<2>())
        else {
            self.set_error(BuildError::BadNest { offset: nest.start });
            return self;
        };
        match u16::try_from(len) {
            Ok(l) => *hdr = l.to_ne_bytes(),
            Err(_) => self.set_error(BuildError::AttrTooLong {
                kind: nest.kind,
                offset: nest.start,
                len,
            }),
        }
        self
    }

    /// Set `nlmsg_flags`.
    #[inline]
    pub fn set_flags(&mut self, flags: u16) -> &mut Self {
        if let Some(f) = self.buf.get_mut(6..8) {
            f.copy_from_slice(&flags.to_ne_bytes());
        }
        self
    }

    /// Current message length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Always false: a message has at least its header.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The encoded message, or the first encoding error.
    #[inline]
    pub fn as_bytes(&self) -> Result<&[u8], BuildError> {
        match &self.error {
            None => Ok(&self.buf),
            Some(e) => Err(e.clone()),
        }
    }

    /// The encoded message, mutably (the socket patches seq/pid in place).
    #[inline]
    pub fn as_bytes_mut(&mut self) -> Result<&mut [u8], BuildError> {
        match &self.error {
            None => Ok(&mut self.buf),
            Some(e) => Err(e.clone()),
        }
    }

    /// Take the encoded message.
    #[inline]
    pub fn finish(self) -> Result<Vec<u8>, BuildError> {
        match self.error {
            None => Ok(self.buf),
            Some(e) => Err(e),
        }
    }
}

/// Several messages sent in one `send` (one datagram); the socket gives each
/// its own sequence number and waits for every ACK.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    buf: Vec<u8>,
    count: usize,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Append a finished message. Messages are already 4-byte padded.
    pub fn push(&mut self, msg: &MessageBuilder) -> Result<&mut Self, BuildError> {
        self.buf.extend_from_slice(msg.as_bytes()?);
        self.count += 1;
        Ok(self)
    }

    /// Number of messages.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no message was pushed.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Total bytes.
    pub fn byte_len(&self) -> usize {
        self.buf.len()
    }

    /// Remove all messages, keeping the allocation.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.count = 0;
    }

    /// The concatenated messages.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }
}

/// Something the socket can send as a request: one or more encoded
/// messages, mutable so the socket can stamp sequence numbers in place.
pub trait AsRequest {
    /// The encoded message(s), or why they could not be encoded.
    fn request_bytes(&mut self) -> Result<&mut [u8], BuildError>;
}

impl AsRequest for MessageBuilder {
    fn request_bytes(&mut self) -> Result<&mut [u8], BuildError> {
        self.as_bytes_mut()
    }
}

impl AsRequest for Batch {
    fn request_bytes(&mut self) -> Result<&mut [u8], BuildError> {
        Ok(&mut self.buf)
    }
}

impl AsRequest for Vec<u8> {
    fn request_bytes(&mut self) -> Result<&mut [u8], BuildError> {
        Ok(self)
    }
}

impl AsRequest for [u8] {
    fn request_bytes(&mut self) -> Result<&mut [u8], BuildError> {
        Ok(self)
    }
}

impl<T: AsRequest + ?Sized> AsRequest for &mut T {
    fn request_bytes(&mut self) -> Result<&mut [u8], BuildError> {
        (**self).request_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Message;

    #[test]
    fn builds_nests_and_pads() {
        let mut b = MessageBuilder::new(16, 0x405);
        b.push_header_bytes(&[0u8; 16]);
        b.attr_str(3, "veth0");
        let n = b.begin_nest(18);
        b.attr_str(1, "veth");
        b.attr_flag(9);
        b.end_nest(n);
        b.attr_u8(7, 1);
        let bytes = b.as_bytes().unwrap();
        assert_eq!(bytes.len() % 4, 0);
        let m = Message::parse(bytes).unwrap();
        assert_eq!(m.header().len as usize, bytes.len());
        let attrs: Vec<_> = m.attrs(16).unwrap().map(Result::unwrap).collect();
        assert_eq!(attrs[0].as_str().unwrap(), "veth0");
        assert_eq!(attrs[0].payload(), b"veth0\0");
        assert!(attrs[1].is_nested());
        assert_eq!(attrs[1].kind(), 18);
        let inner: Vec<_> = attrs[1].nested().map(Result::unwrap).collect();
        assert_eq!(inner.len(), 2);
        assert_eq!(inner[1].payload().len(), 0);
        assert_eq!(attrs[2].as_u8().unwrap(), 1);
        assert_eq!(attrs[0].offset(), 32);
    }

    #[test]
    fn too_long_is_error_not_panic() {
        let mut b = MessageBuilder::new(16, 0);
        b.attr(1, &vec![0u8; 70000]);
        assert!(matches!(b.as_bytes(), Err(BuildError::AttrTooLong { .. })));
    }
}
