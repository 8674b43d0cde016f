//! Zero-copy walking of netlink messages (`struct nlmsghdr` + payload) in a
//! received datagram.
//!
//! A datagram holds one or more messages, each `NLMSG_ALIGN`ed. The iterator
//! checks every length against what is left, so a lying `nlmsg_len` is an
//! error naming its offset instead of an out-of-bounds read.

use std::fmt;

use crate::attr::{align4, AttrError, Attrs};
use crate::schemas::netlink::NLMSG_HDRLEN;

/// The fixed 16-byte `struct nlmsghdr`, host byte order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MsgHeader {
    /// `nlmsg_len`: header plus payload, without trailing padding.
    pub len: u32,
    /// `nlmsg_type`.
    pub kind: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// `nlmsg_pid`: the port id the message is addressed to or came from.
    pub pid: u32,
}

impl MsgHeader {
    /// Decode the header from the first 16 bytes of `buf`, if there are 16.
    #[inline(always)]
    pub fn parse(buf: &[u8]) -> Option<MsgHeader> {
        let b = buf.first_chunk::<NLMSG_HDRLEN>()?;
        Some(MsgHeader {
            len: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            kind: u16::from_ne_bytes([b[4], b[5]]),
            flags: u16::from_ne_bytes([b[6], b[7]]),
            seq: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
            pid: u32::from_ne_bytes([b[12], b[13], b[14], b[15]]),
        })
    }

    /// Encode as the 16 bytes the kernel expects.
    #[inline]
    pub fn to_bytes(&self) -> [u8; NLMSG_HDRLEN] {
        let mut b = [0u8; NLMSG_HDRLEN];
        b[0..4].copy_from_slice(&self.len.to_ne_bytes());
        b[4..6].copy_from_slice(&self.kind.to_ne_bytes());
        b[6..8].copy_from_slice(&self.flags.to_ne_bytes());
        b[8..12].copy_from_slice(&self.seq.to_ne_bytes());
        b[12..16].copy_from_slice(&self.pid.to_ne_bytes());
        b
    }
}

/// One message borrowed from a receive buffer.
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    header: MsgHeader,
    payload: &'a [u8],
    offset: usize,
}

impl<'a> Message<'a> {
    /// Assemble a message from its parts (used by the socket layer, which has
    /// already validated the lengths).
    #[inline]
    pub(crate) fn from_parts(header: MsgHeader, payload: &'a [u8], offset: usize) -> Self {
        Message {
            header,
            payload,
            offset,
        }
    }

    /// Parse the single message at the start of `buf` (e.g. one built with
    /// [`crate::builder::MessageBuilder`]).
    pub fn parse(buf: &'a [u8]) -> Result<Message<'a>, MessageError> {
        match Messages::new(buf).next() {
            Some(r) => r,
            None => Err(MessageError {
                offset: 0,
                kind: MessageErrorKind::TruncatedHeader { available: 0 },
            }),
        }
    }

    /// The decoded `nlmsghdr`.
    #[inline(always)]
    pub fn header(&self) -> MsgHeader {
        self.header
    }
    /// `nlmsg_type`.
    #[inline(always)]
    pub fn kind(&self) -> u16 {
        self.header.kind
    }
    /// `nlmsg_flags`.
    #[inline(always)]
    pub fn flags(&self) -> u16 {
        self.header.flags
    }
    /// `nlmsg_seq`.
    #[inline(always)]
    pub fn seq(&self) -> u32 {
        self.header.seq
    }
    /// `nlmsg_pid`.
    #[inline(always)]
    pub fn pid(&self) -> u32 {
        self.header.pid
    }
    /// The bytes after the 16-byte header, up to `nlmsg_len`.
    #[inline(always)]
    pub fn payload(&self) -> &'a [u8] {
        self.payload
    }
    /// Offset of this message's header within the datagram it came from.
    #[inline(always)]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The fixed family header (e.g. `ifinfomsg`, 16 bytes) at the start of
    /// the payload, or an error if the payload is shorter than `len`.
    #[inline]
    pub fn fixed_header(&self, len: usize) -> Result<&'a [u8], MessageError> {
        self.payload.get(..len).ok_or(MessageError {
            offset: self.offset,
            kind: MessageErrorKind::ShortPayload {
                needed: len,
                available: self.payload.len(),
            },
        })
    }

    /// The attributes after a fixed family header of `fixed_len` bytes
    /// (aligned up to 4). Attribute offsets are relative to the start of this
    /// message's `nlmsghdr`, the same base the kernel uses for
    /// `NLMSGERR_ATTR_OFFS`.
    #[inline]
    pub fn attrs(&self, fixed_len: usize) -> Result<Attrs<'a>, MessageError> {
        let skip = align4(fixed_len);
        match self.payload.get(skip..) {
            Some(rest) => Ok(Attrs::with_base(rest, NLMSG_HDRLEN + skip)),
            // A payload that ends inside the padding of the fixed header has
            // no attributes; one shorter than the header itself is an error.
            None if self.payload.len() >= fixed_len => Ok(Attrs::with_base(&[], 0)),
            None => Err(MessageError {
                offset: self.offset,
                kind: MessageErrorKind::ShortPayload {
                    needed: fixed_len,
                    available: self.payload.len(),
                },
            }),
        }
    }
}

/// Iterator over the messages of a datagram. Yields `Err` once for malformed
/// input, then `None`.
#[derive(Clone, Debug)]
pub struct Messages<'a> {
    buf: &'a [u8],
    offset: usize,
}

impl<'a> Messages<'a> {
    /// Walk the messages in `buf` (one received datagram).
    #[inline]
    pub fn new(buf: &'a [u8]) -> Self {
        Messages { buf, offset: 0 }
    }

    /// Stop iterating and return the error (built out of line).
    #[inline(always)]
    fn fail(&mut self, kind: MessageErrorKind) -> Option<Result<Message<'a>, MessageError>> {
        self.buf = &[];
        Some(Err(cold_error(self.offset, kind)))
    }
}

#[cold]
#[inline(never)]
fn cold_error(offset: usize, kind: MessageErrorKind) -> MessageError {
    MessageError { offset, kind }
}

impl<'a> Iterator for Messages<'a> {
    type Item = Result<Message<'a>, MessageError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.buf.is_empty() {
            return None;
        }
        let Some(header) = MsgHeader::parse(self.buf) else {
            let available = self.buf.len();
            return self.fail(MessageErrorKind::TruncatedHeader { available });
        };
        let len = header.len as usize;
        let Some(payload) = self.buf.get(NLMSG_HDRLEN..len) else {
            let available = self.buf.len();
            return self.fail(if len < NLMSG_HDRLEN {
                MessageErrorKind::LengthTooSmall { len }
            } else {
                MessageErrorKind::LengthPastEnd { len, available }
            });
        };
        let msg = Message {
            header,
            payload,
            offset: self.offset,
        };
        let step = align4(len);
        self.buf = self.buf.get(step..).unwrap_or(&[]);
        self.offset += step;
        Some(Ok(msg))
    }
}

impl std::iter::FusedIterator for Messages<'_> {}

/// Check the message header at `pos` of `buf` and return it with the
/// message's length and the aligned step to the next message.
#[inline]
pub(crate) fn header_at(buf: &[u8], pos: usize) -> Result<(MsgHeader, usize, usize), MessageError> {
    let rest = buf.get(pos..).unwrap_or(&[]);
    let fail = |kind| MessageError { offset: pos, kind };
    let header = MsgHeader::parse(rest).ok_or(fail(MessageErrorKind::TruncatedHeader {
        available: rest.len(),
    }))?;
    let len = header.len as usize;
    if len < NLMSG_HDRLEN {
        return Err(fail(MessageErrorKind::LengthTooSmall { len }));
    }
    if len > rest.len() {
        return Err(fail(MessageErrorKind::LengthPastEnd {
            len,
            available: rest.len(),
        }));
    }
    Ok((header, len, align4(len).min(rest.len())))
}

/// What was wrong with a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageErrorKind {
    /// Fewer than 16 bytes left where a `nlmsghdr` should start.
    TruncatedHeader {
        /// Bytes that were left.
        available: usize,
    },
    /// `nlmsg_len` below the 16-byte header.
    LengthTooSmall {
        /// The length field.
        len: usize,
    },
    /// `nlmsg_len` runs past the end of the datagram.
    LengthPastEnd {
        /// The length field.
        len: usize,
        /// Bytes left from the message's start.
        available: usize,
    },
    /// The payload is shorter than the fixed header it must carry.
    ShortPayload {
        /// Bytes needed.
        needed: usize,
        /// Bytes present.
        available: usize,
    },
}

/// A malformed message, with the offset of its header in the datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageError {
    /// Offset of the offending `nlmsghdr` in the datagram.
    pub offset: usize,
    /// What was wrong.
    pub kind: MessageErrorKind,
}

impl std::error::Error for MessageError {}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = self.offset;
        match self.kind {
            MessageErrorKind::TruncatedHeader { available } => write!(
                f,
                "netlink message at offset {o}: truncated header ({available} bytes left, need 16)"
            ),
            MessageErrorKind::LengthTooSmall { len } => write!(
                f,
                "netlink message at offset {o}: length {len} is below the 16-byte header"
            ),
            MessageErrorKind::LengthPastEnd { len, available } => write!(
                f,
                "netlink message at offset {o}: length {len} runs past the end ({available} bytes left)"
            ),
            MessageErrorKind::ShortPayload { needed, available } => write!(
                f,
                "netlink message at offset {o}: payload has {available} bytes, needs {needed}"
            ),
        }
    }
}

/// Either kind of parse error, for code that walks messages and attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// A malformed message.
    #[error(transparent)]
    Message(#[from] MessageError),
    /// A malformed attribute.
    #[error(transparent)]
    Attr(#[from] AttrError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_and_reports() {
        let mut buf = Vec::new();
        buf.extend_from_slice(
            &MsgHeader {
                len: 21,
                kind: 16,
                flags: 2,
                seq: 7,
                pid: 9,
            }
            .to_bytes(),
        );
        buf.extend_from_slice(&[1, 2, 3, 4, 5, 0, 0, 0]);
        buf.extend_from_slice(
            &MsgHeader {
                len: 100,
                ..Default::default()
            }
            .to_bytes(),
        );
        let mut it = Messages::new(&buf);
        let m = it.next().unwrap().unwrap();
        assert_eq!(m.payload(), &[1, 2, 3, 4, 5]);
        assert_eq!((m.kind(), m.flags(), m.seq(), m.pid()), (16, 2, 7, 9));
        let e = it.next().unwrap().unwrap_err();
        assert_eq!(e.offset, 24);
        assert!(e.to_string().contains("offset 24"));
        assert!(it.next().is_none());
    }
}
