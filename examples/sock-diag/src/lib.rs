//! A crate outside the bundled schemas, as a downstream user writes one: `sock_diag.toml` was
//! made with
//!
//! ```text
//! mknetlinkdefs generate --name sock_diag --protocol sock_diag \
//!     linux/sock_diag.h linux/inet_diag.h -o sock_diag.toml
//! ```
//!
//! then annotated by hand (attribute types, `[user-constants]` for the address families and
//! TCP states no uapi header has, the `display-hint` of the socket id's addresses, the
//! `[messages]`), and is kept up to date in CI with `mknetlinkdefs update --check` and
//! `mknetlinkdefs check --strict`.
//!
//! [`sockets`] dumps the kernel's TCP or UDP sockets of one address family through the
//! structs derived here; the `sock-diag` binary prints them as `ss -Htan` / `ss -Huan` do.

use std::net::IpAddr;

use netlink_derive::Netlink;
use netlink_runtime::codec::{DecodeError, FromMessage, ToMessage};
use netlink_runtime::{Error, Socket};

/// Why a dump failed.
#[derive(Debug)]
pub enum DiagError {
    /// The socket or the kernel said no.
    Netlink(Error),
    /// A reply did not decode with the schema.
    Decode(DecodeError),
}

impl std::fmt::Display for DiagError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiagError::Netlink(e) => write!(f, "{e}"),
            DiagError::Decode(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DiagError {}

impl From<Error> for DiagError {
    fn from(e: Error) -> Self {
        DiagError::Netlink(e)
    }
}

impl From<DecodeError> for DiagError {
    fn from(e: DecodeError) -> Self {
        DiagError::Decode(e)
    }
}

/// The schema's items: constants (`SOCK_DIAG_BY_FAMILY`, `AF_INET`...), enums (`TcpState`),
/// and structs (`inet_diag_sockid` with its addresses as `IpAddr`).
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod sd {
    netlink_derive::schema!("sock_diag.toml");
}

/// A dump request: `struct inet_diag_req_v2`, filled field by field (its socket id too).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "sock_diag.toml", message = "inet-diag-req")]
pub struct DumpRequest {
    /// `AF_INET` or `AF_INET6`.
    #[netlink(header = "sdiag_family")]
    pub family: u8,
    /// `IPPROTO_TCP`, `IPPROTO_UDP`, ...
    #[netlink(header = "sdiag_protocol")]
    pub protocol: u8,
    /// Extensions to add to each reply (bit `INET_DIAG_x - 1`).
    #[netlink(header = "idiag_ext")]
    pub ext: u8,
    /// The states to dump, one bit per `TcpState`.
    #[netlink(header = "idiag_states")]
    pub states: u32,
    /// Which sockets (all zero: every one).
    #[netlink(header = "id")]
    pub id: sd::inet_diag_sockid,
}

/// One socket of the reply: `struct inet_diag_msg` and the attributes asked for.
#[derive(Netlink, Debug, Clone)]
#[netlink(schema = "sock_diag.toml", message = "inet-diag-msg")]
pub struct SocketInfo<'a> {
    /// `AF_INET` or `AF_INET6`.
    #[netlink(header = "idiag_family")]
    pub family: u8,
    /// TCP state (UDP uses `Close` for unconnected and `Established` for connected sockets).
    #[netlink(header = "idiag_state")]
    pub state: sd::TcpState,
    /// Bytes not yet read (for a listener: connections waiting for `accept`).
    #[netlink(header = "idiag_rqueue")]
    pub recv_q: u32,
    /// Bytes not yet acknowledged (for a listener: its backlog).
    #[netlink(header = "idiag_wqueue")]
    pub send_q: u32,
    /// Ports, addresses (read as `IpAddr` by `idiag_family`), interface, cookie.
    #[netlink(header = "id")]
    pub id: sd::inet_diag_sockid,
    /// Owner.
    #[netlink(header = "idiag_uid")]
    pub uid: u32,
    /// Inode of the socket.
    #[netlink(header = "idiag_inode")]
    pub inode: u32,
    /// `INET_DIAG_CONG`: the congestion control algorithm (TCP, when asked for).
    pub cong: Option<&'a str>,
    /// `INET_DIAG_SHUTDOWN`.
    pub shutdown: Option<u8>,
    /// `INET_DIAG_MEMINFO` (when asked for).
    pub meminfo: Option<sd::inet_diag_meminfo>,
}

/// Every state of the TCP state machine, as `ss -a` asks for them.
pub const ALL_STATES: u32 = (1 << (sd::TCP_NEW_SYN_RECV + 1)) - 1;

/// A socket as `ss` shows it, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The state.
    pub state: sd::TcpState,
    /// Receive queue.
    pub recv_q: u32,
    /// Send queue.
    pub send_q: u32,
    /// Local address and port.
    pub local: (IpAddr, u16),
    /// Peer address and port.
    pub peer: (IpAddr, u16),
    /// Inode.
    pub inode: u32,
}

/// Dumps the sockets of `family` (`AF_INET`, `AF_INET6`) and `protocol` (`IPPROTO_TCP`,
/// `IPPROTO_UDP`) in the caller's network namespace.
pub fn sockets(sock: &mut Socket, family: u8, protocol: u8) -> Result<Vec<Row>, DiagError> {
    let mut req = DumpRequest {
        family,
        protocol,
        states: ALL_STATES,
        ext: 1 << (sd::INET_DIAG_SHUTDOWN - 1),
        ..DumpRequest::default()
    }
    .to_message(sd::SOCK_DIAG_BY_FAMILY, 0);
    let mut rows = Vec::new();
    let mut dump = sock.dump(&mut req)?;
    while let Some(msg) = dump.next()? {
        let s = SocketInfo::from_message(&msg)?;
        rows.push(Row {
            state: s.state,
            recv_q: s.recv_q,
            send_q: s.send_q,
            local: (s.id.idiag_src, s.id.idiag_sport),
            peer: (s.id.idiag_dst, s.id.idiag_dport),
            inode: s.inode,
        });
    }
    Ok(rows)
}

/// The state as `ss` names it (UDP: `UNCONN` for unconnected).
pub fn state_name(s: sd::TcpState) -> &'static str {
    use sd::TcpState as S;
    match s {
        S::Established => "ESTAB",
        S::SynSent => "SYN-SENT",
        S::SynRecv | S::NewSynRecv => "SYN-RECV",
        S::FinWait1 => "FIN-WAIT-1",
        S::FinWait2 => "FIN-WAIT-2",
        S::TimeWait => "TIME-WAIT",
        S::Close => "UNCONN",
        S::CloseWait => "CLOSE-WAIT",
        S::LastAck => "LAST-ACK",
        S::Listen => "LISTEN",
        S::Closing => "CLOSING",
        S::Unknown(_) => "UNKNOWN",
    }
}

/// `addr:port` as `ss -n` prints it: IPv6 in brackets, port 0 as `*`.
pub fn endpoint((addr, port): (IpAddr, u16)) -> String {
    let port = if port == 0 {
        "*".to_owned()
    } else {
        port.to_string()
    };
    match addr {
        IpAddr::V4(a) => format!("{a}:{port}"),
        IpAddr::V6(a) => format!("[{a}]:{port}"),
    }
}

/// A row as `ss -H -n` prints it, columns separated by single spaces.
pub fn ss_line(r: &Row) -> String {
    format!(
        "{} {} {} {} {}",
        state_name(r.state),
        r.recv_q,
        r.send_q,
        endpoint(r.local),
        endpoint(r.peer)
    )
}
