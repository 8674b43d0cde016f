//! High-level rtnetlink: links, addresses, routes, neighbours, rules and nexthops, read and
//! changed through structs derived with `#[derive(Netlink)]` on the bundled rtnetlink schema
//! (no hand-written attribute walking), plus typed multicast events and `ip -j` compatible JSON.
//!
//! ```no_run
//! use netlink_runtime::rtnl::{Handle, RouteFilter, RouteSpec};
//! # fn main() -> Result<(), netlink_runtime::rtnl::Error> {
//! let mut h = Handle::new()?;
//! for link in h.links()? {
//!     println!("{} {}", link.index, link.name);
//! }
//! // Stream a big table without allocating per route:
//! let mut n = 0;
//! h.for_each_route(&RouteFilter::all_tables(), |r| {
//!     n += usize::from(r.dst.is_some());
//!     Ok(())
//! })?;
//! h.add_route(&RouteSpec::parse("10.0.0.0/8")?.dev(1))?;
//! # Ok(()) }
//! ```
//!
//! Every read has a borrowed form (`*Ref<'a>`, decoded straight from the receive buffer by
//! the derived parser, used by the `for_each_*` callbacks) and an owned, `Clone` form
//! ([`Link`], [`Address`], [`Route`], [`Neighbour`], [`Rule`], [`Nexthop`]) returned in `Vec`s.

mod addr;
mod events;
pub mod json;
mod link;
pub mod names;
mod neigh;
mod nexthop;
mod route;
mod rule;

pub use addr::{AddrSpec, Address, AddressRef};
pub use events::{Event, Events, ALL_GROUPS};
pub use link::{
    Link, LinkChange, LinkData, LinkInfoRef, LinkInfoReq, LinkMsg, LinkRef, LinkSpec, MacvlanData,
    VethData, VethPeer, VlanData, VxlanData,
};
pub use neigh::{NeighSpec, Neighbour, NeighbourRef, NUD_PERMANENT, NUD_REACHABLE, NUD_STALE};
pub use nexthop::{Nexthop, NexthopRef, NexthopSpec, NhGroupMember};
pub use route::{
    Metrics, NextHop, NextHopRaw, Route, RouteFilter, RouteMsg, RouteRef, RouteSpec, TableFilter,
    RTM_F_CLONED,
};
pub use rule::{Rule, RuleRef, RuleSpec, FIB_RULE_INVERT};

use crate::codec::{DecodeError, ToMessage};
use crate::netns::NetnsRef;
use crate::{Message, MessageBuilder, Protocol, Reply, Socket};

/// Why a high-level rtnetlink operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The socket or the kernel failed; a kernel error carries the extended-ACK text
    /// (see [`Error::kernel_message`]).
    #[error(transparent)]
    Netlink(#[from] crate::Error),
    /// A message from the kernel did not decode as its schema says.
    #[error("decoding a kernel message: {0}")]
    Decode(#[from] DecodeError),
    /// A link (or other object) named by the caller does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request is not valid (e.g. a prefix length too long for its address).
    #[error("invalid request: {0}")]
    Invalid(String),
}

impl Error {
    /// The kernel's extended-ACK message, if the kernel explained the error.
    pub fn kernel_message(&self) -> Option<&str> {
        match self {
            Error::Netlink(e) => e.kernel_message(),
            _ => None,
        }
    }

    /// The errno of a kernel or I/O error.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Netlink(e) => e.errno(),
            _ => None,
        }
    }
}

impl From<std::net::AddrParseError> for Error {
    fn from(e: std::net::AddrParseError) -> Self {
        Error::Invalid(e.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Netlink(crate::Error::Io(e))
    }
}

/// `NLM_F_CREATE | NLM_F_EXCL`: create, fail if it exists.
pub(crate) const CREATE_EXCL: u16 = crate::consts::NLM_F_CREATE | crate::consts::NLM_F_EXCL;
/// `NLM_F_CREATE | NLM_F_REPLACE`: create or replace.
pub(crate) const CREATE_REPLACE: u16 = crate::consts::NLM_F_CREATE | crate::consts::NLM_F_REPLACE;

/// An rtnetlink connection: one [`Socket`] (strict checking and extended ACKs on), in the
/// caller's network namespace or in a named one.
#[derive(Debug)]
pub struct Handle {
    sock: Socket,
}

impl Handle {
    /// Open an rtnetlink socket in the calling thread's network namespace.
    pub fn new() -> Result<Handle, Error> {
        Ok(Handle {
            sock: Socket::open(Protocol::ROUTE)?,
        })
    }

    /// Open an rtnetlink socket in the network namespace `ip netns` calls `name`
    /// (`/run/netns/NAME`); the calling thread stays where it is.
    pub fn in_netns(name: &str) -> Result<Handle, Error> {
        Handle::in_netns_ref(NetnsRef::Name(name))
    }

    /// Open an rtnetlink socket in namespace `ns` (name, path or fd).
    pub fn in_netns_ref(ns: NetnsRef<'_>) -> Result<Handle, Error> {
        Ok(Handle {
            sock: Socket::builder(Protocol::ROUTE).open_in_netns(ns)?,
        })
    }

    /// Wrap an already open `NETLINK_ROUTE` socket.
    pub fn from_socket(sock: Socket) -> Handle {
        Handle { sock }
    }

    /// The underlying socket.
    pub fn socket(&mut self) -> &mut Socket {
        &mut self.sock
    }

    /// Send a derived message as a request and wait for the ACK.
    pub(crate) fn send<T: ToMessage>(
        &mut self,
        msg: &T,
        kind: u16,
        flags: u16,
    ) -> Result<Reply, Error> {
        let mut b = msg.to_message(kind, flags);
        Ok(self.sock.request(&mut b)?)
    }

    /// Run a collecting dump, starting over (up to 3 times in all) when the kernel flags it
    /// `NLM_F_DUMP_INTR` (the data changed under the dump), so a returned `Vec` is consistent.
    pub(crate) fn collect_retry<T, F>(&mut self, mut run: F) -> Result<Vec<T>, Error>
    where
        F: FnMut(&mut Handle, &mut Vec<T>) -> Result<(), Error>,
    {
        let mut attempt = 1;
        loop {
            let mut out = Vec::new();
            match run(self, &mut out) {
                Err(Error::Netlink(crate::Error::DumpInterrupted { .. })) if attempt < 3 => {
                    attempt += 1;
                }
                Err(Error::Netlink(crate::Error::DumpInterrupted { .. })) => {
                    return Err(crate::Error::DumpInterrupted { attempts: attempt }.into());
                }
                r => return r.map(|()| out),
            }
        }
    }

    /// Dump with request `req`, calling `f` for each message (borrowed from the receive buffer).
    pub(crate) fn dump_msgs<F>(&mut self, mut req: MessageBuilder, f: F) -> Result<(), Error>
    where
        F: FnMut(Message<'_>) -> Result<(), Error>,
    {
        self.sock.dump_each(&mut req, f)
    }
}

/// Parses `"addr/len"` or `"addr"` (full-length prefix).
pub fn parse_prefix(s: &str) -> Result<(std::net::IpAddr, u8), Error> {
    let (a, l) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (s, None),
    };
    let addr: std::net::IpAddr = a.parse()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let len = match l {
        Some(l) => l
            .parse::<u8>()
            .map_err(|_| Error::Invalid(format!("bad prefix length in {s:?}")))?,
        None => max,
    };
    if len > max {
        return Err(Error::Invalid(format!("prefix length too long in {s:?}")));
    }
    Ok((addr, len))
}

/// Address family number of an address (`AF_INET` or `AF_INET6`).
pub(crate) fn family_of(a: &std::net::IpAddr) -> u8 {
    match a {
        std::net::IpAddr::V4(_) => crate::consts::AF_INET,
        std::net::IpAddr::V6(_) => crate::consts::AF_INET6,
    }
}
