//! High-level rtnetlink: links, addresses, routes, neighbours, rules and nexthops, read and
//! changed through structs derived with `#[derive(Netlink)]` on the bundled rtnetlink schema
//! (no hand-written attribute walking), plus typed multicast events; blocking ([`Handle`]) and
//! async ([`AsyncHandle`], feature `tokio`).
//!
//! ```no_run
//! use netlink_runtime::rtnl::{Handle, RouteFilter, RouteSpec};
//! # fn main() -> Result<(), netlink_runtime::Error> {
//! let mut h = Handle::new()?;
//! for link in h.links()? {
//!     println!("{} {}", link.index(), link.name());
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
//! ([`Link`], [`Address`], [`Route`], [`Neighbour`], [`Rule`], [`Nexthop`]) returned in `Vec`s
//! or streamed.
//!
//! Each read and change is an operation (see [`crate::op`]): a value that knows its request and
//! how to read the answer (`RouteDump`, `LinkGet`, `op::Ack` of a spec's message, ...). Both
//! handles run the same operations; the method lists of both are written once
//! (`operations!`), so a new operation serves blocking and async callers alike.

mod addr;
mod events;
mod kinds;
mod link;
mod neigh;
mod nexthop;
mod nsid;
mod route;
mod rule;
#[cfg(feature = "serde")]
mod serde_impls;
mod table;

pub use addr::{AddrDump, AddrSpec, Address, AddressFlags, AddressRef};
pub use events::{Event, EventDecoder, Events, ALL_GROUPS};
pub use kinds::{
    BondData, BondMode, BondSlaveData, BridgeData, BridgePortData, GeneveData, GeneveDf, GreData,
    Ip6tnlData, IptunData, IpvlanData, IpvlanMode, LinkData, LinkSlaveData, MacvlanData,
    MacvlanMode, MulticastRouter, NetkitData, TunData, TunnelEncap, VethData, VethPeer, VlanData,
    VlanQos, VrfData, VrfPortData, VtiData, VxlanData, VxlanDf,
};
pub use link::{
    altname_op, del_link_op, Link, LinkChange, LinkDump, LinkFlags, LinkGet, LinkId, LinkIndex,
    LinkInfoRef, LinkInfoReq, LinkMode, LinkMsg, LinkRef, LinkRequest, LinkSpec, LinkStats,
    LinkStats64, LinkStatsRef, LinkType, NetnsTarget, OperState, PropListRef, PropListReq,
    StatsDump, StatsGet,
};
pub use neigh::{
    FdbDump, FdbEntry, FdbSpec, NeighDump, NeighSpec, Neighbour, NeighbourFlags, NeighbourRef,
    NeighbourState,
};
pub use nexthop::{del_nexthop_op, Nexthop, NexthopDump, NexthopRef, NexthopSpec, NhGroupMember};
pub use nsid::{NsidDump, NsidGet, NsidSet};
pub use route::{
    EncapType, Ip6Encap, IpEncap, Metrics, NextHop, NextHopFlags, NextHopRaw, Route, RouteDump,
    RouteEncap, RouteFilter, RouteFlags, RouteGet, RouteMsg, RouteProtocol, RouteRef, RouteScope,
    RouteSpec, RouteType, Seg6Encap, Seg6LocalAction, Seg6LocalCounters, Seg6LocalEncap, Seg6Mode,
    TableFilter, RTM_F_CLONED,
};
pub use rule::{Rule, RuleAction, RuleDump, RuleRef, RuleSpec, FIB_RULE_INVERT};
pub use table::RouteTable;

use crate::netns::NetnsRef;
use crate::op::{Dump, DumpOwned, Request};
use crate::{Protocol, Socket};

/// The error of every rtnetlink operation: the crate's one [`crate::Error`] (socket, kernel
/// with its extended-ACK text, decode, not found, invalid request).
pub use crate::Error;

// Address families: no uapi header under linux/ defines them (they come from the C library's
// <sys/socket.h>), so they are taken from `libc`, converted once to the type `rtm_family`,
// `ifa_family` and `ndm_family` have.
/// `AF_UNSPEC`.
pub const AF_UNSPEC: u8 = libc::AF_UNSPEC as u8;
/// `AF_INET`.
pub const AF_INET: u8 = libc::AF_INET as u8;
/// `AF_INET6`.
pub const AF_INET6: u8 = libc::AF_INET6 as u8;
/// `AF_BRIDGE`.
pub const AF_BRIDGE: u8 = libc::AF_BRIDGE as u8;

/// `NLM_F_CREATE | NLM_F_EXCL`: create, fail if it exists.
pub(crate) const CREATE_EXCL: u16 =
    crate::schemas::netlink::NLM_F_CREATE | crate::schemas::netlink::NLM_F_EXCL;
/// `NLM_F_CREATE | NLM_F_REPLACE`: create or replace.
pub(crate) const CREATE_REPLACE: u16 =
    crate::schemas::netlink::NLM_F_CREATE | crate::schemas::netlink::NLM_F_REPLACE;

/// A blocking rtnetlink connection: one [`Socket`] (strict checking and extended ACKs on), in
/// the caller's network namespace or in another one. Its methods run the operations of this
/// module (the same ones [`AsyncHandle`] runs).
#[derive(Debug)]
pub struct Handle {
    sock: Socket,
}

impl Handle {
    /// Open an rtnetlink socket in the calling thread's network namespace.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let h = netlink_runtime::rtnl::Handle::new()?;
    /// # let _ = h; Ok(()) }
    /// ```
    pub fn new() -> Result<Handle, Error> {
        Ok(Handle {
            sock: Socket::open(Protocol::ROUTE)?,
        })
    }

    /// Open an rtnetlink socket in the network namespace `ip netns` calls `name`
    /// (`/run/netns/NAME`); the calling thread stays where it is.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut h = netlink_runtime::rtnl::Handle::in_netns("blue")?;
    /// println!("{} links in blue", h.links()?.len());
    /// # Ok(()) }
    /// ```
    pub fn in_netns(name: &str) -> Result<Handle, Error> {
        Handle::in_netns_ref(NetnsRef::Name(name))
    }

    /// Open an rtnetlink socket in namespace `ns` (name, path or fd).
    ///
    /// ```no_run
    /// use netlink_runtime::netns::NetnsRef;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let h = netlink_runtime::rtnl::Handle::in_netns_ref(NetnsRef::Path("/proc/1/ns/net".as_ref()))?;
    /// # let _ = h; Ok(()) }
    /// ```
    pub fn in_netns_ref(ns: NetnsRef<'_>) -> Result<Handle, Error> {
        Ok(Handle {
            sock: Socket::builder(Protocol::ROUTE).open_in_netns(ns)?,
        })
    }

    /// Wrap an already open `NETLINK_ROUTE` socket (a receive timeout, a bigger buffer...).
    ///
    /// ```no_run
    /// use netlink_runtime::{rtnl::Handle, Protocol, Socket};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let sock = Socket::builder(Protocol::ROUTE).recv_buffer(1 << 16).open()?;
    /// let h = Handle::from_socket(sock);
    /// # let _ = h; Ok(()) }
    /// ```
    pub fn from_socket(sock: Socket) -> Handle {
        Handle { sock }
    }

    /// The underlying socket.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut h = netlink_runtime::rtnl::Handle::new()?;
    /// println!("{} stale replies dropped", h.socket().stale_dropped());
    /// # Ok(()) }
    /// ```
    pub fn socket(&mut self) -> &mut Socket {
        &mut self.sock
    }

    /// Run any request operation (see [`crate::op`]).
    ///
    /// ```no_run
    /// use netlink_runtime::rtnl::{Handle, LinkGet};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut h = Handle::new()?;
    /// let lo = h.run(&LinkGet::name("lo"))?;
    /// # let _ = lo; Ok(()) }
    /// ```
    pub fn run<R: Request + ?Sized>(&mut self, op: &R) -> Result<R::Output, Error> {
        self.sock.run(op)
    }

    /// Run any dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
    ///
    /// ```no_run
    /// use netlink_runtime::rtnl::{Handle, RouteDump, RouteFilter};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut h = Handle::new()?;
    /// let routes = h.collect(&RouteDump { filter: RouteFilter::main() })?;
    /// # let _ = routes; Ok(()) }
    /// ```
    pub fn collect<D: DumpOwned + ?Sized>(&mut self, op: &D) -> Result<Vec<D::Owned>, Error> {
        self.sock.collect(op)
    }

    /// Run any dump operation, calling `f` with each borrowed item.
    ///
    /// ```no_run
    /// use netlink_runtime::rtnl::{Handle, LinkDump, OperState};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut h = Handle::new()?;
    /// let mut up = 0;
    /// h.for_each(&LinkDump, |l| -> Result<(), netlink_runtime::Error> {
    ///     up += usize::from(l.operstate == Some(OperState::Up));
    ///     Ok(())
    /// })?;
    /// # Ok(()) }
    /// ```
    pub fn for_each<D, E, F>(&mut self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        self.sock.for_each(op, f)
    }

    /// [`Handle::for_each`] with each item lent by reference where the parser built it (see
    /// [`Socket::for_each_ref`](crate::Socket::for_each_ref)).
    pub fn for_each_ref<D, E, F>(&mut self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(&D::Item<'_>) -> Result<(), E>,
    {
        self.sock.for_each_ref(op, f)
    }

    /// Start any dump operation as an [`Iterator`] of owned items.
    ///
    /// ```no_run
    /// use netlink_runtime::rtnl::{Handle, LinkDump};
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut h = Handle::new()?;
    /// for l in h.stream(LinkDump)? {
    ///     println!("{}", l?.name());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream<D: DumpOwned>(&mut self, op: D) -> Result<crate::op::DumpIter<'_, D>, Error> {
        self.sock.dump_iter(op)
    }

    /// Run any dump operation, calling `f` with each object as it arrives: `Err` for one that
    /// could not be decoded, and the dump goes on (see [`Socket::for_each_result`]).
    pub fn for_each_result<D, E, F>(&mut self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(Result<D::Item<'_>, crate::error::ObjectError>) -> Result<(), E>,
    {
        self.sock.for_each_result(op, f)
    }
}

/// An async rtnetlink handle for tokio services: `Clone + Send + Sync`, shared by any number of
/// tasks (a pool of sockets, see [`crate::tokio::Connection`] for the design and its
/// guarantees: fairness, cancellation, timeouts, namespaces). Its methods run the same
/// operations as [`Handle`]'s.
///
/// ```no_run
/// use netlink_runtime::rtnl::{AsyncHandle, RouteFilter};
/// # async fn example() -> Result<(), netlink_runtime::Error> {
/// let h = AsyncHandle::new()?;
/// let tasks: Vec<_> = (1..=4)
///     .map(|i| {
///         let h = h.clone(); // the same pool
///         tokio::spawn(async move { h.link_by_index(i).await })
///     })
///     .collect();
/// for t in tasks {
///     println!("{:?}", t.await.map(|l| l.map(|l| l.name().to_string())));
/// }
/// println!("{} routes", h.routes(&RouteFilter::main()).await?.len());
/// # Ok(()) }
/// ```
#[cfg(feature = "tokio")]
#[derive(Debug, Clone)]
pub struct AsyncHandle {
    conn: crate::tokio::Connection,
}

#[cfg(feature = "tokio")]
impl AsyncHandle {
    /// A handle in the calling thread's network namespace. Call it inside a tokio runtime.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = netlink_runtime::rtnl::AsyncHandle::new()?;
    /// # let _ = h; Ok(()) }
    /// ```
    pub fn new() -> Result<AsyncHandle, Error> {
        Ok(AsyncHandle {
            conn: crate::tokio::Connection::new(Protocol::ROUTE)?,
        })
    }

    /// A handle in the namespace `ip netns` calls `name`: every socket of its pool is opened
    /// there, whatever worker thread opens it.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = netlink_runtime::rtnl::AsyncHandle::in_netns("blue")?;
    /// println!("{} links in blue", h.links().await?.len());
    /// # Ok(()) }
    /// ```
    pub fn in_netns(name: &str) -> Result<AsyncHandle, Error> {
        AsyncHandle::in_netns_ref(NetnsRef::Name(name))
    }

    /// A handle in namespace `ns` (name, path or fd).
    ///
    /// ```no_run
    /// use netlink_runtime::netns::NetnsRef;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = netlink_runtime::rtnl::AsyncHandle::in_netns_ref(NetnsRef::Path("/proc/1/ns/net".as_ref()))?;
    /// # let _ = h; Ok(()) }
    /// ```
    pub fn in_netns_ref(ns: NetnsRef<'_>) -> Result<AsyncHandle, Error> {
        Ok(AsyncHandle {
            conn: crate::tokio::Connection::in_netns(Protocol::ROUTE, ns)?,
        })
    }

    /// A handle over a connection configured by the caller (pool size, timeout, socket
    /// options); it must speak `NETLINK_ROUTE`.
    ///
    /// ```no_run
    /// use netlink_runtime::{rtnl::AsyncHandle, tokio::Connection, Protocol};
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let conn = Connection::builder(Protocol::ROUTE)
    ///     .max_sockets(4)
    ///     .timeout(std::time::Duration::from_secs(2))
    ///     .build()?;
    /// let h = AsyncHandle::from_connection(conn);
    /// # let _ = h; Ok(()) }
    /// ```
    pub fn from_connection(conn: crate::tokio::Connection) -> AsyncHandle {
        AsyncHandle { conn }
    }

    /// The connection (counters, raw requests).
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = netlink_runtime::rtnl::AsyncHandle::new()?;
    /// println!("{} stale replies dropped", h.connection().stale_dropped());
    /// # Ok(()) }
    /// ```
    pub fn connection(&self) -> &crate::tokio::Connection {
        &self.conn
    }

    /// Run any request operation (see [`crate::op`]).
    ///
    /// ```no_run
    /// use netlink_runtime::rtnl::{AsyncHandle, LinkGet};
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = AsyncHandle::new()?;
    /// let lo = h.run(&LinkGet::name("lo")).await?;
    /// # let _ = lo; Ok(()) }
    /// ```
    pub async fn run<R: Request + Sync + ?Sized>(&self, op: &R) -> Result<R::Output, Error> {
        self.conn.run(op).await
    }

    /// Run any dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
    ///
    /// ```no_run
    /// use netlink_runtime::rtnl::{AsyncHandle, RouteDump, RouteFilter};
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = AsyncHandle::new()?;
    /// let routes = h.collect(&RouteDump { filter: RouteFilter::main() }).await?;
    /// # let _ = routes; Ok(()) }
    /// ```
    pub async fn collect<D: DumpOwned + Sync + ?Sized>(
        &self,
        op: &D,
    ) -> Result<Vec<D::Owned>, Error> {
        self.conn.collect(op).await
    }

    /// Run any dump operation, calling `f` with each borrowed item (zero-copy).
    ///
    /// ```no_run
    /// use netlink_runtime::rtnl::{AsyncHandle, LinkDump, OperState};
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = AsyncHandle::new()?;
    /// let mut up = 0;
    /// h.for_each(&LinkDump, |l| -> Result<(), netlink_runtime::Error> {
    ///     up += usize::from(l.operstate == Some(OperState::Up));
    ///     Ok(())
    /// })
    /// .await?;
    /// # Ok(()) }
    /// ```
    pub async fn for_each<D, E, F>(&self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + Sync + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        self.conn.for_each(op, f).await
    }

    /// A handle on the same pool whose calls time out after `timeout` (`None`: never).
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = netlink_runtime::rtnl::AsyncHandle::new()?;
    /// let quick = h.with_timeout(Some(std::time::Duration::from_millis(100)));
    /// let lo = quick.link_by_name("lo").await?;
    /// # let _ = lo; Ok(()) }
    /// ```
    pub fn with_timeout(&self, timeout: Option<std::time::Duration>) -> AsyncHandle {
        AsyncHandle {
            conn: self.conn.with_timeout(timeout),
        }
    }

    /// Run any dump operation, calling `f` with each object as it arrives (`Err` for one that
    /// could not be decoded; the dump goes on).
    pub async fn for_each_result<D, E, F>(&self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + Sync + ?Sized,
        E: From<Error>,
        F: FnMut(Result<D::Item<'_>, crate::error::ObjectError>) -> Result<(), E>,
    {
        self.conn.for_each_result(op, f).await
    }

    /// Start any dump operation as a `Stream` of owned items.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use netlink_runtime::rtnl::{AsyncHandle, LinkDump};
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let h = AsyncHandle::new()?;
    /// let mut links = h.stream(LinkDump).await?;
    /// while let Some(l) = links.next().await {
    ///     println!("{}", l?.name());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn stream<D: DumpOwned + Unpin>(
        &self,
        op: D,
    ) -> Result<crate::tokio::DumpStream<D>, Error> {
        self.conn.dump(op).await
    }
}

/// Defines the high-level methods of both handles from one list: each entry is a method name,
/// its parameters, its result and the operation it runs (`run` for a request, `collect` for a
/// dump into a `Vec`, `-> stream<OpType> = op;` for a dump of
/// owned items, `|ItemRef| = op;` for a dump streamed through a callback), with its docs and
/// one example call on a handle `h`. The blocking [`Handle`] gets
/// `fn name(&mut self, ..) -> Result<T, Error>` and the async [`AsyncHandle`]
/// `async fn name(&self, ..) -> Result<T, Error>`, each with the example written for it. The
/// machinery is the crate's `op::handle_methods!`, shared with the generic families.
macro_rules! operations {
    ($($entry:tt)*) => {
        crate::op::handle_methods! {
            handles: crate::rtnl::Handle, crate::rtnl::AsyncHandle;
            example: "netlink_runtime::rtnl::*", "let mut h = Handle::new()?;", "let h = AsyncHandle::new()?;";
            $($entry)*
        }
    };
}
pub(crate) use operations;

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
        std::net::IpAddr::V4(_) => AF_INET,
        std::net::IpAddr::V6(_) => AF_INET6,
    }
}
