//! The netlink socket: opening it, its options, sending, and receiving
//! datagrams into one reusable buffer.
//!
//! Receive path, and why it looks like this:
//! - One `Vec<u8>` receive buffer per socket (32 KiB by default), reused for
//!   every datagram, so a dump of any size runs in bounded memory. The kernel
//!   sizes dump datagrams after the buffer size we pass to `recvmsg` (capped
//!   near 32 KiB), so 32 KiB normally fits every datagram.
//! - Before each receive we `MSG_PEEK | MSG_TRUNC` with an empty buffer to
//!   learn the datagram's size without copying it; a datagram that would not
//!   fit grows the buffer (up to a cap) instead of being silently truncated.
//! - `recvmsg` returns the sender's address: anything whose source port id is
//!   not 0 came from another user-space socket, not the kernel, and is dropped
//!   and counted ([`Socket::foreign_dropped`]).
//! - `NETLINK_PKTINFO` is on, so each datagram says which multicast group it
//!   was sent to (0 for unicast). That is what separates events from replies,
//!   also for groups above 31 where `sockaddr_nl.nl_groups` cannot say.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::str::FromStr;
use std::time::Duration;

use rustix::net::netlink::SocketAddrNetlink;
use rustix::net::{AddressFamily, SendFlags, SocketFlags, SocketType};

use crate::error::Error;
use crate::genl::Family;
use crate::message::{header_at, Message, MsgHeader};
use crate::schemas::netlink::*;

/// A netlink protocol (the third argument of `socket(AF_NETLINK, ...)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Protocol(i32);

const PROTOCOL_NAMES: &[(&str, i32)] = &[
    ("route", NETLINK_ROUTE),
    ("usersock", NETLINK_USERSOCK),
    ("firewall", NETLINK_FIREWALL),
    ("sock_diag", NETLINK_SOCK_DIAG),
    ("nflog", NETLINK_NFLOG),
    ("xfrm", NETLINK_XFRM),
    ("selinux", NETLINK_SELINUX),
    ("iscsi", NETLINK_ISCSI),
    ("audit", NETLINK_AUDIT),
    ("fib_lookup", NETLINK_FIB_LOOKUP),
    ("connector", NETLINK_CONNECTOR),
    ("netfilter", NETLINK_NETFILTER),
    ("ip6_fw", NETLINK_IP6_FW),
    ("dnrtmsg", NETLINK_DNRTMSG),
    ("kobject_uevent", NETLINK_KOBJECT_UEVENT),
    ("generic", NETLINK_GENERIC),
    ("scsitransport", NETLINK_SCSITRANSPORT),
    ("ecryptfs", NETLINK_ECRYPTFS),
    ("rdma", NETLINK_RDMA),
    ("crypto", NETLINK_CRYPTO),
    ("smc", NETLINK_SMC),
];

impl Protocol {
    /// `NETLINK_ROUTE` (rtnetlink).
    pub const ROUTE: Protocol = Protocol(NETLINK_ROUTE);
    /// `NETLINK_GENERIC` (generic netlink).
    pub const GENERIC: Protocol = Protocol(NETLINK_GENERIC);
    /// `NETLINK_NETFILTER` (nfnetlink).
    pub const NETFILTER: Protocol = Protocol(NETLINK_NETFILTER);
    /// `NETLINK_SOCK_DIAG` (inet_diag and friends).
    pub const SOCK_DIAG: Protocol = Protocol(NETLINK_SOCK_DIAG);
    /// `NETLINK_XFRM`.
    pub const XFRM: Protocol = Protocol(NETLINK_XFRM);
    /// `NETLINK_AUDIT`.
    pub const AUDIT: Protocol = Protocol(NETLINK_AUDIT);
    /// `NETLINK_USERSOCK` (reserved for user-space protocols).
    pub const USERSOCK: Protocol = Protocol(NETLINK_USERSOCK);
    /// `NETLINK_KOBJECT_UEVENT`.
    pub const KOBJECT_UEVENT: Protocol = Protocol(NETLINK_KOBJECT_UEVENT);
    /// `NETLINK_CONNECTOR`.
    pub const CONNECTOR: Protocol = Protocol(NETLINK_CONNECTOR);

    /// A protocol by number (any value; the kernel decides if it exists).
    pub const fn from_number(n: i32) -> Protocol {
        Protocol(n)
    }

    /// The protocol number.
    pub const fn number(self) -> i32 {
        self.0
    }

    /// A protocol by its lowercase name without the `NETLINK_` prefix
    /// (`"route"`, `"generic"`, `"netfilter"`, `"sock_diag"`, ...); the
    /// `NETLINK_` spelling and any case are accepted too.
    pub fn from_name(name: &str) -> Result<Protocol, Error> {
        let lower = name.to_ascii_lowercase();
        let short = lower.strip_prefix("netlink_").unwrap_or(&lower);
        let short = if short == "inet_diag" {
            "sock_diag"
        } else {
            short
        };
        PROTOCOL_NAMES
            .iter()
            .find(|(n, _)| *n == short)
            .map(|&(_, v)| Protocol(v))
            .ok_or_else(|| Error::UnknownProtocol(name.to_owned()))
    }

    /// The short name, if this is a known protocol.
    pub fn name(self) -> Option<&'static str> {
        PROTOCOL_NAMES
            .iter()
            .find(|(_, v)| *v == self.0)
            .map(|(n, _)| *n)
    }
}

impl FromStr for Protocol {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.parse::<i32>() {
            Ok(n) => Ok(Protocol(n)),
            Err(_) => Protocol::from_name(s),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "netlink protocol {}", self.0),
        }
    }
}

/// Socket settings; see [`SocketBuilder`] for what each one is for.
#[derive(Clone, Debug)]
pub struct SocketOptions {
    /// `NETLINK_EXT_ACK`: the kernel explains errors (default on).
    pub ext_ack: bool,
    /// `NETLINK_GET_STRICT_CHK`: the kernel validates dump requests strictly
    /// and honours their filters (default on).
    pub strict_check: bool,
    /// `NETLINK_CAP_ACK`: ACKs carry only the request's header, not its whole
    /// payload (default on).
    pub cap_ack: bool,
    /// Kernel-side receive queue, `SO_RCVBUF` (`SO_RCVBUFFORCE` as root).
    pub so_rcvbuf: usize,
    /// Initial size of the user-space receive buffer.
    pub recv_buffer: usize,
    /// The receive buffer never grows past this.
    pub max_recv_buffer: usize,
    /// `SO_RCVTIMEO`; `None` blocks forever.
    pub recv_timeout: Option<Duration>,
    /// Bytes of multicast datagrams kept while waiting for a reply before
    /// further ones are dropped (and [`Error::Overrun`] reported).
    pub event_queue_limit: usize,
    /// Open the socket with `O_NONBLOCK` (needed by the async socket).
    pub nonblocking: bool,
}

impl Default for SocketOptions {
    fn default() -> Self {
        SocketOptions {
            ext_ack: true,
            strict_check: true,
            cap_ack: true,
            so_rcvbuf: 1 << 20,
            recv_buffer: 32 * 1024,
            max_recv_buffer: 1 << 20,
            recv_timeout: None,
            event_queue_limit: 4 << 20,
            nonblocking: false,
        }
    }
}

/// Configures and opens a [`Socket`].
#[derive(Clone, Debug)]
pub struct SocketBuilder {
    protocol: Protocol,
    opts: SocketOptions,
}

impl SocketBuilder {
    /// Start with the defaults for `protocol`.
    pub fn new(protocol: Protocol) -> Self {
        SocketBuilder {
            protocol,
            opts: SocketOptions::default(),
        }
    }
    /// Turn `NETLINK_EXT_ACK` on or off.
    pub fn ext_ack(mut self, on: bool) -> Self {
        self.opts.ext_ack = on;
        self
    }
    /// Turn `NETLINK_GET_STRICT_CHK` on or off.
    pub fn strict_check(mut self, on: bool) -> Self {
        self.opts.strict_check = on;
        self
    }
    /// Turn `NETLINK_CAP_ACK` on or off.
    pub fn cap_ack(mut self, on: bool) -> Self {
        self.opts.cap_ack = on;
        self
    }
    /// Kernel receive queue size (`SO_RCVBUF`/`SO_RCVBUFFORCE`).
    pub fn so_rcvbuf(mut self, bytes: usize) -> Self {
        self.opts.so_rcvbuf = bytes;
        self
    }
    /// Initial user-space receive buffer (at least 4 KiB is used).
    pub fn recv_buffer(mut self, bytes: usize) -> Self {
        self.opts.recv_buffer = bytes;
        self
    }
    /// Cap for the user-space receive buffer.
    pub fn max_recv_buffer(mut self, bytes: usize) -> Self {
        self.opts.max_recv_buffer = bytes;
        self
    }
    /// `SO_RCVTIMEO`; a receive that times out is [`Error::WouldBlock`].
    pub fn recv_timeout(mut self, t: Option<Duration>) -> Self {
        self.opts.recv_timeout = t;
        self
    }
    /// Bytes of events queued while a request waits (see [`SocketOptions`]).
    pub fn event_queue_limit(mut self, bytes: usize) -> Self {
        self.opts.event_queue_limit = bytes;
        self
    }
    /// Open non-blocking.
    pub fn nonblocking(mut self, on: bool) -> Self {
        self.opts.nonblocking = on;
        self
    }
    /// The protocol the socket will speak.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }
    /// The options as set so far.
    pub fn options(&self) -> &SocketOptions {
        &self.opts
    }

    /// Open the socket in the calling thread's network namespace.
    pub fn open(self) -> Result<Socket, Error> {
        let fd = raw_socket(self.protocol, self.opts.nonblocking)?;
        Socket::setup(fd, self.protocol, self.opts)
    }

    /// Open the socket inside another network namespace, leaving the calling
    /// thread where it is (see [`crate::netns`]).
    pub fn open_in_netns(self, ns: crate::netns::NetnsRef<'_>) -> Result<Socket, Error> {
        let proto = self.protocol;
        let nb = self.opts.nonblocking;
        let fd = crate::netns::run_in_netns(ns, move || raw_socket(proto, nb))??;
        Socket::setup(fd, self.protocol, self.opts)
    }
}

fn raw_socket(protocol: Protocol, nonblocking: bool) -> Result<OwnedFd, Error> {
    let mut flags = SocketFlags::CLOEXEC;
    if nonblocking {
        flags |= SocketFlags::NONBLOCK;
    }
    // NETLINK_ROUTE is protocol 0, which rustix spells as `None`.
    let proto = std::num::NonZeroU32::new(protocol.0 as u32).map(rustix::net::Protocol::from_raw);
    Ok(rustix::net::socket_with(
        AddressFamily::NETLINK,
        SocketType::RAW,
        flags,
        proto,
    )?)
}

/// Set an integer `SOL_NETLINK` option. rustix has no wrapper for these.
pub(crate) fn set_netlink_opt(fd: BorrowedFd<'_>, opt: i32, val: u32) -> io::Result<()> {
    // SAFETY: `fd` is a valid open descriptor for the duration of the call
    // (borrowed), and we pass a pointer to a live `u32` with its exact size;
    // the kernel only reads `optlen` bytes from it.
    let r = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_NETLINK,
            opt,
            (&val as *const u32).cast(),
            std::mem::size_of::<u32>() as libc::socklen_t,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// What one `recvmsg` told us about a datagram now in the receive buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Datagram {
    /// Bytes of the datagram in `buf`.
    pub len: usize,
    /// Source port id (0 = the kernel).
    pub src_pid: u32,
    /// Multicast group it was sent to (0 = unicast).
    pub group: u32,
}

/// `recvmsg` that also returns the source port id and the `NETLINK_PKTINFO`
/// group. rustix's `recvmsg` drops control messages it does not know, and
/// `nl_pktinfo` is one of them, so this goes through libc.
fn sys_recvmsg(fd: BorrowedFd<'_>, buf: &mut [u8], flags: i32) -> io::Result<Datagram> {
    // Room for one cmsghdr + nl_pktinfo with slack; the kernel writes the
    // header byte-wise (put_cmsg), and we parse it byte-wise below, so a
    // byte array's alignment is enough.
    let mut control = [0u8; 64];
    // SAFETY: sockaddr_nl is plain integers; all-zero is a valid value.
    let mut addr: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast(),
        iov_len: buf.len(),
    };
    // SAFETY: an all-zero msghdr is a valid value (null pointers, zero lengths).
    let mut mh: libc::msghdr = unsafe { std::mem::zeroed() };
    mh.msg_name = (&mut addr as *mut libc::sockaddr_nl).cast();
    mh.msg_namelen = std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
    mh.msg_iov = &mut iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control.as_mut_ptr().cast();
    mh.msg_controllen = control.len() as _;
    let n = loop {
        // SAFETY: every pointer in `mh` points at a live local (`addr`,
        // `iov`, `control`) or at `buf`, with the lengths set to their real
        // sizes; they all outlive the call, and the kernel writes at most
        // those lengths.
        let n = unsafe { libc::recvmsg(fd.as_raw_fd(), &mut mh, flags) };
        if n >= 0 {
            break n as usize;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    };
    let clen = (mh.msg_controllen as usize).min(control.len());
    Ok(Datagram {
        len: n,
        src_pid: addr.nl_pid,
        group: pktinfo_group(control.get(..clen).unwrap_or(&[])),
    })
}

/// Find `nl_pktinfo.group` in raw control-message bytes.
fn pktinfo_group(mut c: &[u8]) -> u32 {
    const W: usize = std::mem::size_of::<usize>();
    let hdr = std::mem::size_of::<libc::cmsghdr>();
    let align = |n: usize| (n + W - 1) & !(W - 1);
    while c.len() >= hdr {
        let mut lenb = [0u8; W];
        lenb.copy_from_slice(c.get(..W).unwrap_or(&[0; W]));
        let len = usize::from_ne_bytes(lenb);
        let level = c
            .get(W..W + 4)
            .map_or(0, |b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
        let kind = c
            .get(W + 4..W + 8)
            .map_or(0, |b| i32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
        if len < hdr {
            break;
        }
        if level == libc::SOL_NETLINK && kind == NETLINK_PKTINFO {
            if let Some(b) = c.get(align(hdr)..align(hdr) + 4) {
                return u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
            }
        }
        c = c.get(align(len)..).unwrap_or(&[]);
    }
    0
}

/// A netlink socket with its receive buffer, sequence counter, event queue
/// and generic-netlink family cache.
///
/// One `Socket` may be used for requests, dumps and multicast events at the
/// same time: multicast datagrams that arrive while a request or dump waits
/// for its reply are copied into a bounded queue and handed out later by
/// [`Socket::next_event`], in arrival order. Replies are matched by sequence
/// number and port id; late replies to earlier requests are dropped and
/// counted ([`Socket::stale_dropped`]).
pub struct Socket {
    pub(crate) fd: OwnedFd,
    protocol: Protocol,
    port_id: u32,
    next_seq: u32,
    pub(crate) buf: Vec<u8>,
    max_buf: usize,
    high_water: usize,
    /// Unconsumed event messages in `buf[ev_pos..ev_end]`.
    pub(crate) ev_pos: usize,
    pub(crate) ev_end: usize,
    /// Multicast datagrams received while a reply was awaited.
    pub(crate) events: VecDeque<Vec<u8>>,
    pub(crate) ev_qpos: usize,
    queued_bytes: usize,
    event_queue_limit: usize,
    pub(crate) overrun_pending: bool,
    foreign_dropped: u64,
    pub(crate) stale_dropped: u64,
    /// The sequence number of a dump whose reader went away before its end: the kernel is
    /// still producing it (one dump at a time per socket), so its rest is drained before the
    /// next dump starts.
    pub(crate) abandoned_dump: Option<u32>,
    pub(crate) families: HashMap<String, Family>,
    /// The `SO_RCVBUF` asked for at opening: the room a transaction's answers are added to.
    so_rcvbuf: usize,
}

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Socket")
            .field("fd", &self.fd.as_raw_fd())
            .field("protocol", &self.protocol)
            .field("port_id", &self.port_id)
            .field("recv_buffer", &self.buf.len())
            .finish_non_exhaustive()
    }
}

impl Socket {
    /// Open a socket for `protocol` with the default options.
    pub fn open(protocol: Protocol) -> Result<Socket, Error> {
        SocketBuilder::new(protocol).open()
    }

    /// Configure a socket before opening it.
    pub fn builder(protocol: Protocol) -> SocketBuilder {
        SocketBuilder::new(protocol)
    }

    fn setup(fd: OwnedFd, protocol: Protocol, opts: SocketOptions) -> Result<Socket, Error> {
        let ignore_noproto = |r: io::Result<()>| match r {
            Err(e) if e.raw_os_error() == Some(libc::ENOPROTOOPT) => Ok(()),
            r => r,
        };
        // Root may exceed net.core.rmem_max; others get what the sysctl allows.
        if crate::netns::is_root() {
            rustix::net::sockopt::set_socket_recv_buffer_size_force(&fd, opts.so_rcvbuf)?;
        } else {
            rustix::net::sockopt::set_socket_recv_buffer_size(&fd, opts.so_rcvbuf)?;
        }
        ignore_noproto(set_netlink_opt(
            fd.as_fd(),
            NETLINK_EXT_ACK,
            opts.ext_ack as u32,
        ))?;
        ignore_noproto(set_netlink_opt(
            fd.as_fd(),
            NETLINK_GET_STRICT_CHK,
            opts.strict_check as u32,
        ))?;
        ignore_noproto(set_netlink_opt(
            fd.as_fd(),
            NETLINK_CAP_ACK,
            opts.cap_ack as u32,
        ))?;
        set_netlink_opt(fd.as_fd(), NETLINK_PKTINFO, 1)?;
        if let Some(t) = opts.recv_timeout {
            rustix::net::sockopt::set_socket_timeout(
                &fd,
                rustix::net::sockopt::Timeout::Recv,
                Some(t),
            )?;
        }
        // Port id 0 asks the kernel to assign one, so sockets never collide.
        rustix::net::bind(&fd, &SocketAddrNetlink::new(0, 0))?;
        let addr = rustix::net::getsockname(&fd)?;
        let port_id = SocketAddrNetlink::try_from(addr)
            .map_err(|_| Error::Io(io::Error::other("getsockname: not a netlink address")))?
            .pid();
        let size = opts.recv_buffer.max(4096);
        Ok(Socket {
            fd,
            protocol,
            port_id,
            next_seq: 1,
            buf: vec![0u8; size],
            max_buf: opts.max_recv_buffer.max(size),
            high_water: size,
            ev_pos: 0,
            ev_end: 0,
            events: VecDeque::new(),
            ev_qpos: 0,
            queued_bytes: 0,
            event_queue_limit: opts.event_queue_limit,
            overrun_pending: false,
            foreign_dropped: 0,
            stale_dropped: 0,
            abandoned_dump: None,
            families: HashMap::new(),
            so_rcvbuf: opts.so_rcvbuf,
        })
    }

    /// The receive queue size asked for when the socket was opened.
    pub(crate) fn default_rcvbuf(&self) -> usize {
        self.so_rcvbuf
    }

    /// The protocol this socket speaks.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The kernel-assigned port id (`nl_pid`).
    pub fn port_id(&self) -> u32 {
        self.port_id
    }

    /// Datagrams dropped because their sender was not the kernel (source
    /// port id not 0): another process cannot inject replies or events.
    pub fn foreign_dropped(&self) -> u64 {
        self.foreign_dropped
    }

    /// Messages dropped because they answered an earlier request (wrong
    /// sequence number or port id), e.g. the rest of an abandoned dump.
    pub fn stale_dropped(&self) -> u64 {
        self.stale_dropped
    }

    /// Current size of the receive buffer.
    pub fn recv_buffer_len(&self) -> usize {
        self.buf.len()
    }

    /// Largest size the receive buffer ever had (it never exceeds the cap).
    pub fn recv_buffer_high_water(&self) -> usize {
        self.high_water
    }

    /// The cap on the receive buffer.
    pub fn recv_buffer_cap(&self) -> usize {
        self.max_buf
    }

    /// Sets `SO_RCVTIMEO`: a blocking receive that waits longer ends with
    /// [`Error::WouldBlock`]; `None` waits forever.
    pub fn set_recv_timeout(&self, timeout: Option<Duration>) -> Result<(), Error> {
        rustix::net::sockopt::set_socket_timeout(
            &self.fd,
            rustix::net::sockopt::Timeout::Recv,
            timeout,
        )?;
        Ok(())
    }

    /// Switch `O_NONBLOCK` on or off.
    pub fn set_nonblocking(&self, on: bool) -> Result<(), Error> {
        rustix::io::ioctl_fionbio(&self.fd, on)?;
        Ok(())
    }

    /// Reserve `count` consecutive sequence numbers (never 0, never wrapping
    /// inside a batch, so "in range" is a simple subtraction).
    pub(crate) fn alloc_seqs(&mut self, count: u32) -> u32 {
        if self.next_seq.checked_add(count).is_none() || self.next_seq == 0 {
            self.next_seq = 1;
        }
        let first = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(count);
        first
    }

    /// Stamp every message in `bytes` with `NLM_F_REQUEST | extra_flags`, a
    /// fresh sequence number and our port id; returns (first seq, count,
    /// whether any message asked for `NLM_F_ECHO`).
    pub(crate) fn stamp(
        &mut self,
        bytes: &mut [u8],
        extra_flags: u16,
    ) -> Result<(u32, u32, bool), Error> {
        let mut count = 0u32;
        let mut pos = 0;
        while pos < bytes.len() {
            let (_, _, step) = header_at(bytes, pos)?;
            pos += step;
            count += 1;
        }
        if count == 0 {
            return Err(Error::Build(crate::builder::BuildError::Malformed(
                crate::message::MessageError {
                    offset: 0,
                    kind: crate::message::MessageErrorKind::TruncatedHeader { available: 0 },
                },
            )));
        }
        let first = self.alloc_seqs(count);
        let mut pos = 0;
        let mut seq = first;
        let mut echo = false;
        while pos < bytes.len() {
            let (mut h, _, step) = header_at(bytes, pos)?;
            echo |= h.flags & NLM_F_ECHO != 0;
            h.flags |= NLM_F_REQUEST | extra_flags;
            h.seq = seq;
            h.pid = self.port_id;
            if let Some(dst) = bytes.get_mut(pos..pos + 16) {
                dst.copy_from_slice(&h.to_bytes());
            }
            seq = seq.wrapping_add(1);
            pos += step;
        }
        Ok((first, count, echo))
    }

    /// Send raw bytes to the kernel (no stamping). Most callers want
    /// [`Socket::request`] or [`Socket::dump`].
    pub fn send_raw(&self, bytes: &[u8]) -> Result<(), Error> {
        loop {
            match rustix::net::send(&self.fd, bytes, SendFlags::empty()) {
                Ok(_) => return Ok(()),
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Receive one datagram into the receive buffer, sizing it first with
    /// `MSG_PEEK | MSG_TRUNC`.
    pub(crate) fn recv_datagram(&mut self, dontwait: bool) -> Result<Datagram, Error> {
        let flags = if dontwait { libc::MSG_DONTWAIT } else { 0 };
        let size = sys_recvmsg(
            self.fd.as_fd(),
            &mut [],
            flags | libc::MSG_PEEK | libc::MSG_TRUNC,
        )
        .map_err(map_recv_err)?
        .len;
        if size > self.buf.len() {
            if size > self.max_buf {
                // Consume and discard it so the socket keeps working.
                let _ = sys_recvmsg(self.fd.as_fd(), &mut [], flags);
                return Err(Error::DatagramTooLarge {
                    size,
                    cap: self.max_buf,
                });
            }
            self.buf.resize(size, 0);
            self.high_water = self.high_water.max(size);
        }
        let dg = sys_recvmsg(self.fd.as_fd(), &mut self.buf, flags).map_err(map_recv_err)?;
        Ok(Datagram {
            len: dg.len.min(self.buf.len()),
            ..dg
        })
    }

    /// Classify a received datagram: `Some(dg)` if it is a unicast datagram
    /// from the kernel (a reply); foreign datagrams are counted and multicast
    /// ones queued as events.
    ///
    /// `echo_seqs` is `Some((first, count))` while a request with
    /// `NLM_F_ECHO` waits: the kernel sends the echo by re-using the skb it
    /// just multicast (`nlmsg_notify`), so the echo arrives tagged with the
    /// group although it is a unicast to us. It is recognised by carrying our
    /// port id and one of our sequence numbers. (Without `NLM_F_ECHO` the
    /// kernel's multicast copy of a notification caused by our request also
    /// carries our seq/port, and it *is* an event, so this exception applies
    /// only to echo requests; the kernel excludes the requester from the
    /// multicast in that case.)
    pub(crate) fn filter_reply(
        &mut self,
        dg: Datagram,
        echo_seqs: Option<(u32, u32)>,
    ) -> Option<Datagram> {
        let is_echo = |buf: &[u8]| match (echo_seqs, MsgHeader::parse(buf)) {
            (Some((first, count)), Some(h)) => {
                h.pid == self.port_id && h.seq.wrapping_sub(first) < count
            }
            _ => false,
        };
        if dg.src_pid != 0 {
            self.foreign_dropped += 1;
            None
        } else if dg.group != 0 && !is_echo(&self.buf) {
            self.queue_event(dg.len);
            None
        } else {
            Some(dg)
        }
    }

    /// Count a message that answers an earlier request; the end of an abandoned dump clears
    /// its mark.
    pub(crate) fn drop_stale(&mut self, h: &MsgHeader) {
        self.stale_dropped += 1;
        if self.abandoned_dump == Some(h.seq) && matches!(h.kind, NLMSG_DONE | NLMSG_ERROR) {
            self.abandoned_dump = None;
        }
    }

    /// Count every message of the unicast datagram in `buf[..len]` as stale (no request is
    /// waiting for it).
    pub(crate) fn drop_stale_datagram(&mut self, len: usize) {
        let mut pos = 0;
        while pos < len {
            let Ok((h, _, step)) = header_at(self.buf.get(..len).unwrap_or(&[]), pos) else {
                self.stale_dropped += 1;
                return;
            };
            self.drop_stale(&h);
            pos += step;
        }
    }

    /// Count a foreign datagram (used by the event path).
    pub(crate) fn count_foreign(&mut self) {
        self.foreign_dropped += 1;
    }

    /// Copy the multicast datagram in `buf[..len]` to the event queue.
    fn queue_event(&mut self, len: usize) {
        if self.queued_bytes + len > self.event_queue_limit {
            self.overrun_pending = true;
            return;
        }
        if let Some(d) = self.buf.get(..len) {
            self.events.push_back(d.to_vec());
            self.queued_bytes += len;
        }
    }

    /// Before a request overwrites the buffer, save event messages that the
    /// event reader has not consumed yet.
    pub(crate) fn stash_event_remainder(&mut self) {
        if self.ev_pos < self.ev_end {
            if let Some(d) = self.buf.get(self.ev_pos..self.ev_end) {
                self.queued_bytes += d.len();
                self.events.push_back(d.to_vec());
            }
        }
        self.ev_pos = 0;
        self.ev_end = 0;
    }

    /// Pop the front of the event queue.
    pub(crate) fn pop_event(&mut self) {
        if let Some(d) = self.events.pop_front() {
            self.queued_bytes = self.queued_bytes.saturating_sub(d.len());
        }
        self.ev_qpos = 0;
    }

    /// The message at `pos` (length `len`, already validated) in the buffer.
    #[inline]
    pub(crate) fn message_at(&self, pos: usize, len: usize) -> Message<'_> {
        message_in(&self.buf, pos, len)
    }
}

/// The already-validated message at `pos` with length `len` in `buf`.
#[inline]
pub(crate) fn message_in(buf: &[u8], pos: usize, len: usize) -> Message<'_> {
    let header = buf
        .get(pos..)
        .and_then(MsgHeader::parse)
        .unwrap_or_default();
    let payload = buf.get(pos + 16..pos + len).unwrap_or(&[]);
    Message::from_parts(header, payload, pos)
}

fn map_recv_err(e: io::Error) -> Error {
    match e.raw_os_error() {
        Some(libc::ENOBUFS) => Error::Overrun,
        Some(libc::EAGAIN) => Error::WouldBlock,
        _ => Error::Io(e),
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_names() {
        assert_eq!(Protocol::from_name("route").unwrap(), Protocol::ROUTE);
        assert_eq!(
            Protocol::from_name("NETLINK_GENERIC").unwrap(),
            Protocol::GENERIC
        );
        assert_eq!(
            "sock_diag".parse::<Protocol>().unwrap(),
            Protocol::SOCK_DIAG
        );
        assert_eq!("12".parse::<Protocol>().unwrap(), Protocol::NETFILTER);
        assert!(Protocol::from_name("nope").is_err());
        assert_eq!(Protocol::NETFILTER.name(), Some("netfilter"));
    }
}
