//! Error types: one [`enum@Error`] for everything the crate can fail with (a socket call, the
//! kernel, a malformed message, a decode against a schema, a high-level API's own checks), so a
//! caller can `?` across the core, `rtnl` and every family; and [`KernelError`] for an
//! `NLMSG_ERROR`/`NLMSG_DONE` carrying a negative errno plus the extended-ACK details.

use std::{fmt, io};

use crate::attr::{AttrError, Attrs};
use crate::builder::BuildError;
use crate::message::{Message, MessageError, MsgHeader};
use crate::schemas::netlink::{
    NLMSGERR_ATTR_MISS_NEST, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS,
    NLMSG_HDRLEN, NLM_F_ACK_TLVS, NLM_F_CAPPED,
};

/// Everything a netlink operation can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A system call on the socket failed.
    #[error("netlink socket: {0}")]
    Io(#[from] io::Error),
    /// The kernel answered with an error.
    #[error(transparent)]
    Kernel(#[from] KernelError),
    /// A received message was malformed.
    #[error(transparent)]
    Message(#[from] MessageError),
    /// A received attribute was malformed.
    #[error(transparent)]
    Attr(#[from] AttrError),
    /// The request could not be encoded.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The kernel flagged the dump with `NLM_F_DUMP_INTR`: the data changed
    /// while it was being dumped, so what was delivered may be inconsistent.
    #[error(
        "dump interrupted by a concurrent change (NLM_F_DUMP_INTR) after {attempts} attempt(s)"
    )]
    DumpInterrupted {
        /// How many times the dump was tried.
        attempts: u32,
    },
    /// The socket's receive queue overflowed (`ENOBUFS`): multicast events
    /// were lost. The socket still works; re-dump to resynchronise.
    #[error("netlink receive queue overrun (ENOBUFS): events were lost, re-dump to resync")]
    Overrun,
    /// A receive timed out (`SO_RCVTIMEO` set through the socket options) or
    /// a non-blocking receive found nothing.
    #[error("netlink receive timed out / would block")]
    WouldBlock,
    /// A datagram larger than the receive buffer's cap arrived; it was
    /// discarded.
    #[error(
        "netlink datagram of {size} bytes exceeds the receive buffer cap of {cap} bytes; discarded"
    )]
    DatagramTooLarge {
        /// Size of the datagram.
        size: usize,
        /// The configured cap.
        cap: usize,
    },
    /// A reply of the wrong shape (e.g. an `NLMSG_ERROR` too short to hold
    /// its errno).
    #[error("malformed reply at offset {offset}: {what}")]
    MalformedReply {
        /// Offset in the datagram.
        offset: usize,
        /// What was wrong.
        what: &'static str,
    },
    /// No generic-netlink family of that name is registered.
    #[error("generic netlink family {0:?} not found")]
    FamilyNotFound(String),
    /// A protocol name that [`crate::socket::Protocol::from_name`] does not know.
    #[error("unknown netlink protocol name {0:?}")]
    UnknownProtocol(String),
    /// A network namespace could not be opened or entered.
    #[error("network namespace {what}: {source}")]
    Netns {
        /// The namespace as named by the caller.
        what: String,
        /// The underlying error.
        source: io::Error,
    },
    /// A message from the kernel did not decode as its schema says (names the attribute set,
    /// the attribute and its offset).
    #[error("decoding a kernel message: {0}")]
    Decode(#[from] crate::codec::DecodeError),
    /// An object named by the caller (a link, a multicast group, ...) does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request is not valid (e.g. a prefix length too long for its address).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// The kernel acknowledged a request without the reply message it should have sent.
    #[error("no {0} reply from the kernel")]
    NoReply(&'static str),
    /// Some objects of a dump could not be read; every other object was delivered (see
    /// [`crate::op`]: a malformed object never stops a dump, and is never dropped silently).
    #[error("{}", ObjectErrors::describe(failed, *count, *delivered))]
    Objects {
        /// The first [`ObjectErrors::KEPT`] failures, in dump order.
        failed: Vec<ObjectError>,
        /// How many objects failed in all.
        count: u64,
        /// How many objects were delivered.
        delivered: u64,
    },
    /// An async call did not finish within the connection's timeout.
    #[error("netlink call timed out after {0:?}")]
    Timeout(std::time::Duration),
    /// A transaction (an nfnetlink batch) was not applied: names the member that failed.
    #[error(transparent)]
    Transaction(Box<TransactionError>),
}

/// Why a transaction was not applied: the member the kernel refused (or the batch as a whole),
/// with the kernel's error and extended-ACK text. The kernel applies a transaction entirely or
/// not at all, so nothing of it took effect.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransactionError {
    /// Index of the first failed member (0 = the first message after the batch's begin), or
    /// `None` when the kernel refused the batch as a whole (its begin message: a stale
    /// generation id, a failed commit) or did not answer it.
    pub member: Option<usize>,
    /// What that member does, as the caller described it (`add rule inet filter input`), or
    /// `"the batch"`.
    pub what: String,
    /// The kernel's error; `None` when the kernel sent no answer at all (it refused the batch
    /// before reading it).
    pub error: Option<KernelError>,
    /// How many members failed in all (the kernel checks every member of a batch).
    pub failed: usize,
    /// How many members the transaction had.
    pub members: usize,
}

impl std::error::Error for TransactionError {}

impl fmt::Display for TransactionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.member {
            Some(i) => write!(
                f,
                "transaction member {} of {} ({})",
                i + 1,
                self.members,
                self.what
            )?,
            None => write!(f, "transaction of {} members ({})", self.members, self.what)?,
        }
        match &self.error {
            Some(e) => write!(f, " failed: {e}")?,
            None => f.write_str(" got no answer from the kernel")?,
        }
        if self.failed > 1 {
            write!(f, " ({} members failed)", self.failed)?;
        }
        f.write_str("; nothing was applied")
    }
}

/// One object of a dump that could not be read: where it was and why.
#[derive(Debug)]
#[non_exhaustive]
pub struct ObjectError {
    /// Its position among the messages of the dump (0-based).
    pub index: u64,
    /// Its `nlmsg_type`.
    pub kind: u16,
    /// Why it could not be read.
    pub error: Box<Error>,
}

impl ObjectError {
    /// The failure of message `index` (of type `kind`) of a dump.
    pub fn new(index: u64, kind: u16, error: Error) -> ObjectError {
        ObjectError {
            index,
            kind,
            error: Box::new(error),
        }
    }
}

impl fmt::Display for ObjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "message {} of the dump (type {}): {}",
            self.index, self.kind, self.error
        )
    }
}

impl std::error::Error for ObjectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.error)
    }
}

/// The failures of one dump, gathered by the drivers into [`Error::Objects`].
#[derive(Debug, Default)]
pub struct ObjectErrors {
    failed: Vec<ObjectError>,
    count: u64,
}

impl ObjectErrors {
    /// How many failures [`Error::Objects`] keeps (the count covers the rest).
    pub const KEPT: usize = 16;

    /// Records one failure.
    pub fn push(&mut self, e: ObjectError) {
        self.count += 1;
        if self.failed.len() < Self::KEPT {
            self.failed.push(e);
        }
    }

    /// `Ok(())` when nothing failed, else [`Error::Objects`].
    pub fn into_result(self, delivered: u64) -> Result<(), Error> {
        if self.count == 0 {
            return Ok(());
        }
        Err(Error::Objects {
            failed: self.failed,
            count: self.count,
            delivered,
        })
    }

    fn describe(failed: &[ObjectError], count: u64, delivered: u64) -> String {
        let mut s =
            format!("{count} object(s) of the dump could not be read ({delivered} delivered)");
        for e in failed {
            s.push_str("; ");
            s.push_str(&e.to_string());
        }
        if count > failed.len() as u64 {
            s.push_str(&format!("; and {} more", count - failed.len() as u64));
        }
        s
    }
}

impl From<std::net::AddrParseError> for Error {
    fn from(e: std::net::AddrParseError) -> Self {
        Error::Invalid(e.to_string())
    }
}

impl Error {
    /// The errno if this is a kernel error or an I/O error.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Kernel(k) => Some(k.errno),
            Error::Transaction(t) => t.error.as_ref().map(|k| k.errno),
            Error::Io(e) => e.raw_os_error(),
            Error::Netns { source, .. } => source.raw_os_error(),
            _ => None,
        }
    }

    /// The kernel error, if this is one.
    pub fn as_kernel(&self) -> Option<&KernelError> {
        match self {
            Error::Kernel(k) => Some(k),
            Error::Transaction(t) => t.error.as_ref(),
            _ => None,
        }
    }

    /// The kernel's extended-ACK message, if the kernel explained the error.
    pub fn kernel_message(&self) -> Option<&str> {
        self.as_kernel().and_then(|k| k.message.as_deref())
    }
}

impl From<rustix::io::Errno> for Error {
    fn from(e: rustix::io::Errno) -> Self {
        Error::Io(e.into())
    }
}

/// An error reported by the kernel, with the extended ACK when it sent one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelError {
    /// Positive errno value (e.g. `libc::EEXIST`).
    pub errno: i32,
    /// `NLMSGERR_ATTR_MSG`: the human-readable reason.
    pub message: Option<String>,
    /// `NLMSGERR_ATTR_OFFS`: byte offset of the offending attribute from the
    /// start of the request's `nlmsghdr`.
    pub bad_attr_offset: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_TYPE`: type of a required attribute that was missing.
    pub missing_attr_type: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_NEST`: offset of the nest that lacked it.
    pub missing_nest_offset: Option<u32>,
    /// Header of the request the kernel echoed (absent for `NLMSG_DONE`).
    pub request: Option<MsgHeader>,
}

impl KernelError {
    /// The errno as an [`io::Error`].
    pub fn io_error(&self) -> io::Error {
        io::Error::from_raw_os_error(self.errno)
    }
}

impl std::error::Error for KernelError {}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The system's text for the errno without io::Error's " (os error N)" suffix, so the
        // number is printed once.
        let text = self.io_error().to_string();
        let text = text
            .strip_suffix(&format!(" (os error {})", self.errno))
            .unwrap_or(&text);
        write!(f, "kernel error: {text} (errno {})", self.errno)?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(o) = self.bad_attr_offset {
            write!(f, " [offending attribute at request offset {o}]")?;
        }
        if let Some(t) = self.missing_attr_type {
            write!(f, " [missing attribute type {t}]")?;
        }
        if let Some(o) = self.missing_nest_offset {
            write!(f, " [in nest at request offset {o}]")?;
        }
        Ok(())
    }
}

/// Decoded `NLMSG_ERROR` or `NLMSG_DONE` status.
#[derive(Debug)]
pub(crate) struct Status {
    pub err: Option<KernelError>,
    /// `NLMSGERR_ATTR_MSG` sent with a successful ACK (a warning).
    pub warning: Option<String>,
}

/// Decode the status in an `NLMSG_ERROR` (with echoed request header) or
/// `NLMSG_DONE` (errno only) message, including extended-ACK TLVs.
pub(crate) fn parse_status(msg: &Message<'_>, is_done: bool) -> Result<Status, Error> {
    let p = msg.payload();
    let Some(code) = p.first_chunk::<4>() else {
        if is_done {
            // A DONE without the errno word ends the dump successfully.
            return Ok(Status {
                err: None,
                warning: None,
            });
        }
        return Err(Error::MalformedReply {
            offset: msg.offset(),
            what: "NLMSG_ERROR shorter than its errno",
        });
    };
    let errno = i32::from_ne_bytes(*code).wrapping_neg();
    let mut tlv_start = 4;
    let mut request = None;
    if !is_done {
        request = p.get(4..).and_then(MsgHeader::parse);
        tlv_start = match request {
            Some(h) if msg.flags() & NLM_F_CAPPED == 0 => {
                4 + crate::attr::align4((h.len as usize).max(NLMSG_HDRLEN))
            }
            _ => 4 + NLMSG_HDRLEN,
        };
    }
    let mut e = KernelError {
        errno,
        message: None,
        bad_attr_offset: None,
        missing_attr_type: None,
        missing_nest_offset: None,
        request,
    };
    if msg.flags() & NLM_F_ACK_TLVS != 0 {
        if let Some(tlvs) = p.get(tlv_start..) {
            // Extended-ACK details are best-effort: a malformed TLV area must
            // not hide the errno itself.
            for a in Attrs::with_base(tlvs, NLMSG_HDRLEN + tlv_start).flatten() {
                match a.kind() {
                    NLMSGERR_ATTR_MSG => e.message = a.as_str().ok().map(str::to_owned),
                    NLMSGERR_ATTR_OFFS => e.bad_attr_offset = a.as_u32().ok(),
                    NLMSGERR_ATTR_MISS_TYPE => e.missing_attr_type = a.as_u32().ok(),
                    NLMSGERR_ATTR_MISS_NEST => e.missing_nest_offset = a.as_u32().ok(),
                    _ => {}
                }
            }
        }
    }
    if errno == 0 {
        Ok(Status {
            warning: e.message,
            err: None,
        })
    } else {
        Ok(Status {
            err: Some(e),
            warning: None,
        })
    }
}
