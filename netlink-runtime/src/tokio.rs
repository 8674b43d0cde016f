//! Async netlink on tokio: the shareable [`Connection`] (a pool of sockets that runs the
//! operations of [`crate::op`] for any number of tasks at once; its docs describe the design
//! and what it guarantees: fairness, cancellation, timeouts, namespaces), owned-item dump
//! streams ([`DumpStream`], [`RetryingDumpStream`]), event streams ([`Subscription`]), and
//! the single-owner [`AsyncSocket`] underneath.
//!
//! Every decision (reply matching, event queueing, dump termination, discarding the replies
//! of abandoned calls) is made by the same state machines the blocking [`Socket`] uses; this
//! module only replaces "block in `recvmsg`" with "await readiness, then `recvmsg`". The
//! high-level async handles (`rtnl::AsyncHandle`, the `families` ones) are thin wrappers of a
//! `Connection`.
//!
//! ```no_run
//! use futures::StreamExt;
//! use netlink_runtime::rtnl::{LinkDump, RouteDump, RouteFilter};
//! use netlink_runtime::tokio::Connection;
//! use netlink_runtime::Protocol;
//! # async fn example() -> Result<(), netlink_runtime::Error> {
//! let conn = Connection::builder(Protocol::ROUTE)
//!     .timeout(std::time::Duration::from_secs(5))
//!     .build()?;
//! let links = conn.collect(&LinkDump).await?; // Vec<rtnl::Link>
//! let mut routes = conn.dump(RouteDump { filter: RouteFilter::main() }).await?.retrying(3);
//! while let Some(r) = routes.next().await {
//!     println!("{:?}", r?);
//! }
//! # let _ = links; Ok(()) }
//! ```

use std::io;

use tokio::io::unix::AsyncFd;

use crate::builder::AsRequest;
use crate::error::Error;
use crate::genl::{family_from_reply, get_family_request, Family};
use crate::message::Message;
use crate::multicast::EventStep;
use crate::request::{DumpState, DumpStep, Reply};
use crate::socket::{Datagram, Protocol, Socket, SocketBuilder};

/// An async netlink socket. Create it inside a tokio runtime.
#[derive(Debug)]
pub struct AsyncSocket {
    inner: AsyncFd<Socket>,
}

impl AsyncSocket {
    /// Wrap an open socket (switched to non-blocking).
    pub fn new(sock: Socket) -> Result<AsyncSocket, Error> {
        sock.set_nonblocking(true)?;
        // `register` panics without a reactor; report that as an error.
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::Io(io::Error::other(
                "AsyncSocket must be created inside a tokio runtime",
            )));
        }
        // SAFETY: `Socket` owns its descriptor (an `OwnedFd` that is never
        // replaced or closed before the `Socket` is dropped), so
        // `as_raw_fd()` returns the same open descriptor for the whole life
        // of the `AsyncFd`.
        let inner = unsafe { AsyncFd::register(sock) }.map_err(|e| Error::Io(e.into()))?;
        Ok(AsyncSocket { inner })
    }

    /// Open a socket for `protocol` with default options.
    pub fn open(protocol: Protocol) -> Result<AsyncSocket, Error> {
        Self::from_builder(Socket::builder(protocol))
    }

    /// Open a socket configured by `builder`.
    pub fn from_builder(builder: SocketBuilder) -> Result<AsyncSocket, Error> {
        Self::new(builder.nonblocking(true).open()?)
    }

    /// The underlying socket (counters, port id, ...).
    pub fn get_ref(&self) -> &Socket {
        self.inner.get_ref()
    }

    /// The underlying socket, mutably.
    pub fn get_mut(&mut self) -> &mut Socket {
        self.inner.get_mut()
    }

    /// Unwrap into the (non-blocking) socket.
    pub fn into_inner(self) -> Socket {
        self.inner.into_inner()
    }

    /// Receive one datagram once the descriptor is readable.
    async fn recv(&mut self) -> Result<Datagram, Error> {
        loop {
            let mut guard = self.inner.readable_mut().await?;
            let r = guard.try_io(|fd| match fd.get_mut().recv_datagram(true) {
                Err(Error::WouldBlock) => Err(io::ErrorKind::WouldBlock.into()),
                other => Ok(other),
            });
            match r {
                Ok(Ok(r)) => return r,
                Ok(Err(e)) => return Err(e.into()),
                Err(_would_block) => continue,
            }
        }
    }

    /// See [`Socket::request`].
    pub async fn request<R: AsRequest + ?Sized>(&mut self, req: &mut R) -> Result<Reply, Error> {
        let mut st = self.get_mut().begin_request(req)?;
        while !st.is_complete() {
            // After an overrun, the answer is either queued already or lost:
            // poll without waiting (see `Socket::request`).
            let r = if st.poll_only() {
                self.get_mut().recv_datagram(true)
            } else {
                self.recv().await
            };
            self.get_mut().request_on_recv(&mut st, r)?;
        }
        st.finish()
    }

    /// See [`Socket::dump`]; read with [`AsyncDump::next`].
    pub async fn dump<R: AsRequest + ?Sized>(
        &mut self,
        req: &mut R,
    ) -> Result<AsyncDump<'_>, Error> {
        self.drain_abandoned().await?;
        let st = self.get_mut().begin_dump(req)?;
        Ok(AsyncDump { sock: self, st })
    }

    /// Reads the rest of an abandoned dump (if any) so that a new one can start. Cancel-safe:
    /// dropped half-way, the next call goes on where this one stopped.
    async fn drain_abandoned(&mut self) -> Result<(), Error> {
        while self.get_ref().abandoned_dump.is_some() {
            let r = self.recv().await;
            self.get_mut().drain_on_recv(r)?;
        }
        Ok(())
    }

    /// Join a multicast group; see [`Socket::join_group`].
    pub fn join_group(&self, group: u32) -> Result<(), Error> {
        self.get_ref().join_group(group)
    }

    /// Leave a multicast group.
    pub fn leave_group(&self, group: u32) -> Result<(), Error> {
        self.get_ref().leave_group(group)
    }

    /// Wait for the next event; see [`Socket::next_event`].
    pub async fn next_event(&mut self) -> Result<Message<'_>, Error> {
        loop {
            let step = self.get_mut().event_step()?;
            if matches!(step, EventStep::NeedRecv) {
                let r = self.recv().await;
                self.get_mut().event_on_recv(r)?;
                continue;
            }
            return Ok(self.get_ref().event_message(step));
        }
    }

    /// The next event if one is available without waiting; see
    /// [`Socket::try_next_event`].
    pub fn try_next_event(&mut self) -> Result<Option<Message<'_>>, Error> {
        self.get_mut().try_next_event()
    }

    /// Resolve a generic-netlink family (cached); see [`Socket::resolve_family`].
    pub async fn resolve_family(&mut self, name: &str) -> Result<&Family, Error> {
        if !self.get_ref().families.contains_key(name) {
            let r = self.request(&mut get_family_request(name)).await;
            let fam = family_from_reply(name, r)?;
            self.get_mut().families.insert(name.to_owned(), fam);
        }
        self.get_ref()
            .families
            .get(name)
            .ok_or_else(|| Error::FamilyNotFound(name.to_owned()))
    }
}

/// An async dump in progress; see [`crate::request::Dump`].
#[derive(Debug)]
pub struct AsyncDump<'s> {
    sock: &'s mut AsyncSocket,
    st: DumpState,
}

impl Drop for AsyncDump<'_> {
    fn drop(&mut self) {
        self.sock.get_mut().abandon_dump(&mut self.st);
    }
}

impl AsyncDump<'_> {
    /// The next message, borrowed from the receive buffer until the next call.
    pub async fn next(&mut self) -> Result<Option<Message<'_>>, Error> {
        loop {
            match self.sock.get_mut().dump_step(&mut self.st)? {
                DumpStep::Deliver(pos, len) => {
                    return Ok(Some(self.sock.get_ref().message_at(pos, len)))
                }
                DumpStep::Finished => return Ok(None),
                DumpStep::NeedRecv => {
                    let r = self.sock.recv().await;
                    self.sock.get_mut().dump_on_recv(&mut self.st, r)?;
                }
            }
        }
    }

    /// Whether a message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.st.interrupted
    }

    /// Advances over what is already received, without waiting (the hot loop of
    /// `Connection::for_each`: no future per message).
    #[inline]
    fn step(&mut self) -> Result<DumpStep, Error> {
        self.sock.get_mut().dump_step(&mut self.st)
    }

    /// Receives the next datagram of the dump.
    async fn fill(&mut self) -> Result<(), Error> {
        let r = self.sock.recv().await;
        self.sock.get_mut().dump_on_recv(&mut self.st, r)
    }
}

// ---------------------------------------------------------------------------------------------
// The shareable async driver.

use std::collections::HashMap;
use std::future::Future;
use std::os::fd::{AsFd, OwnedFd};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{ObjectError, ObjectErrors};
use crate::netns::NetnsRef;
use crate::op::{Dump, DumpFold, DumpOwned, Notifications, Request, DUMP_ATTEMPTS};

/// How many sockets a [`Connection`] opens at most by default.
pub const DEFAULT_MAX_SOCKETS: usize = 8;

/// A shareable async netlink connection for one protocol: `Clone + Send + Sync`, so any number
/// of tasks issue requests and dumps on it at once.
///
/// # Design: a small pool of sockets
///
/// A `Connection` keeps a pool of sockets (at most [`ConnectionBuilder::max_sockets`], default
/// [`DEFAULT_MAX_SOCKETS`], opened on demand and kept open). Every call takes an idle socket for
/// its whole duration and gives it back at the end, so on each socket exactly one request or
/// dump is in flight, and its replies are matched by sequence number and port id by the same
/// state machines as on the blocking [`Socket`]: no reply can reach another task, and there is
/// no background task, no channel and no copy per message (the zero-copy
/// [`Connection::for_each`] reads the receive buffer in place, like the blocking driver).
///
/// Why a pool rather than one socket shared by every task: the kernel runs at most one dump per
/// socket (a second one is refused with `EBUSY`), and a dump is flow-controlled by its reader:
/// the kernel produces the next datagram of a dump only when its reader has read the previous
/// one. One shared socket would make every task wait for the slowest dump reader, or need
/// unbounded buffering of dump data in user space. With a socket per call, a task that reads
/// its dump slowly holds back only its own socket, and memory stays bounded by one receive
/// buffer per socket.
///
/// What the design guarantees:
///
/// - **Replies are never mixed up or lost**: one call per socket at a time, replies matched by
///   sequence number and port id; replies to abandoned calls are recognised and dropped.
/// - **Fairness**: dumps hold at most `max_sockets - 1` sockets, so one socket is always left
///   for requests: a slow consumer of a dump never delays another task's request; requests wait
///   only for other requests, each of which holds its socket for one `send` and the answer the
///   kernel has queued by the time `send` returns. Calls prefer a socket with no abandoned dump
///   to drain; when the only idle socket still carries the tail of one, a request reads at most
///   the one datagram the kernel had queued before its ACK. A task holding `max_sockets - 1`
///   [`DumpStream`]s makes further dumps wait until one is dropped (or the timeout strikes).
///   With `max_sockets(1)` there is one socket for everything: a dump then holds back every
///   other call until it is read to the end or dropped.
/// - **Cancellation**: every call is cancel-safe. Dropping a call's future or a [`DumpStream`]
///   half-way gives the socket back to the pool. A request's late ACK and the rest of a dump
///   are recognised by sequence number and discarded on the socket's next use (counted by
///   [`Connection::stale_dropped`]); when the end of a dropped dump was already received,
///   nothing is left behind; otherwise the kernel's dump is drained to its end before that
///   socket starts another dump (requests on it go on meanwhile).
/// - **Timeout**: [`ConnectionBuilder::timeout`] (or [`Connection::with_timeout`], which shares
///   the pool) bounds every call with [`Error::Timeout`]: `run`, `for_each`, `collect` and
///   `fold` (all their attempts together), `resolve_family`, and `dump` (starting it, and each
///   wait of the stream for the kernel's next datagram). Cancellation safety makes a timeout
///   harmless to the connection, so `tokio::time::timeout` around any call works as well.
///   Subscriptions are not timed: silence is normal for events.
/// - **Namespaces**: the namespace is fixed when the connection is made (the caller's thread's,
///   or the one given to [`ConnectionBuilder::netns`]); every socket of the pool is opened in
///   it, whatever worker thread opens it (directly when that thread is in it already, else from
///   a short-lived helper thread, see [`crate::netns`]; at most `max_sockets` times, since
///   sockets stay open).
///
/// A connection's sockets are registered with the tokio runtime of the task that opens them:
/// use a connection within one runtime.
#[derive(Clone, Debug)]
pub struct Connection {
    shared: Arc<Shared>,
    timeout: Option<Duration>,
}

#[derive(Debug)]
struct Shared {
    builder: SocketBuilder,
    /// The namespace every socket is opened in.
    netns: OwnedFd,
    /// `(st_dev, st_ino)` of that namespace, to open directly when the thread is already in it.
    netns_id: (u64, u64),
    idle: Mutex<Vec<AsyncSocket>>,
    /// One permit per socket in use.
    sockets: Arc<Semaphore>,
    /// Dumps hold at most `max - 1` sockets (1 when the pool has a single socket).
    dumps: Arc<Semaphore>,
    max_sockets: usize,
    families: Mutex<HashMap<String, Family>>,
    /// Stale replies dropped by sockets, added when a socket goes back to the pool.
    stale: AtomicU64,
    /// Sockets opened so far.
    opened: AtomicU64,
}

/// Configures a [`Connection`].
#[derive(Debug, Clone)]
pub struct ConnectionBuilder {
    builder: SocketBuilder,
    netns: Option<OwnedFdOrName>,
    max_sockets: usize,
    timeout: Option<Duration>,
}

#[derive(Debug)]
enum OwnedFdOrName {
    Fd(OwnedFd),
    Name(String),
    Path(std::path::PathBuf),
}

impl Clone for OwnedFdOrName {
    fn clone(&self) -> Self {
        match self {
            OwnedFdOrName::Fd(fd) => match fd.try_clone() {
                Ok(fd) => OwnedFdOrName::Fd(fd),
                // Cloning a descriptor fails only when the process is out of descriptors; the
                // path of the thread's view of it is the next best thing.
                Err(_) => OwnedFdOrName::Path(
                    format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(fd)).into(),
                ),
            },
            OwnedFdOrName::Name(n) => OwnedFdOrName::Name(n.clone()),
            OwnedFdOrName::Path(p) => OwnedFdOrName::Path(p.clone()),
        }
    }
}

impl ConnectionBuilder {
    /// Start with the socket settings of `builder` (receive buffer, `SO_RCVBUF`, options...);
    /// every socket of the pool, and every subscription socket, is opened with them.
    pub fn new(builder: SocketBuilder) -> Self {
        ConnectionBuilder {
            builder,
            netns: None,
            max_sockets: DEFAULT_MAX_SOCKETS,
            timeout: None,
        }
    }

    /// Open the sockets in namespace `ns` (name, path or fd) instead of the caller's.
    pub fn netns(mut self, ns: NetnsRef<'_>) -> Result<Self, Error> {
        self.netns = Some(match ns {
            NetnsRef::Name(n) => OwnedFdOrName::Name(n.to_owned()),
            NetnsRef::Path(p) => OwnedFdOrName::Path(p.to_owned()),
            // An fd or a pid names the namespace now: keep it open.
            other => OwnedFdOrName::Fd(crate::netns::open(other)?),
        });
        Ok(self)
    }

    /// At most `n` sockets (at least 1). With 2 or more, dumps use at most `n - 1` of them so
    /// that requests always find one; with 1, dumps and requests take turns on one socket.
    pub fn max_sockets(mut self, n: usize) -> Self {
        self.max_sockets = n.max(1);
        self
    }

    /// Every call fails with [`Error::Timeout`] if it takes longer than `t` (see
    /// [`Connection`] for what each call's timeout covers).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Make the connection (opens its first socket, so a failure shows at once). Call it
    /// inside a tokio runtime.
    pub fn build(self) -> Result<Connection, Error> {
        let netns = match &self.netns {
            None => crate::netns::current_thread_netns().map_err(|source| Error::Netns {
                what: "of the calling thread".into(),
                source,
            })?,
            Some(OwnedFdOrName::Fd(fd)) => crate::netns::open(NetnsRef::Fd(fd.as_fd()))?,
            Some(OwnedFdOrName::Name(n)) => crate::netns::open(NetnsRef::Name(n))?,
            Some(OwnedFdOrName::Path(p)) => crate::netns::open(NetnsRef::Path(p))?,
        };
        let netns_id = ns_id(&netns)?;
        let shared = Shared {
            builder: self.builder.nonblocking(true),
            netns,
            netns_id,
            idle: Mutex::new(Vec::new()),
            sockets: Arc::new(Semaphore::new(self.max_sockets)),
            dumps: Arc::new(Semaphore::new((self.max_sockets - 1).max(1))),
            max_sockets: self.max_sockets,
            families: Mutex::new(HashMap::new()),
            stale: AtomicU64::new(0),
            opened: AtomicU64::new(0),
        };
        let first = shared.open_socket()?;
        lock(&shared.idle).push(first);
        Ok(Connection {
            shared: Arc::new(shared),
            timeout: self.timeout,
        })
    }
}

fn ns_id(fd: &OwnedFd) -> Result<(u64, u64), Error> {
    let st = rustix::fs::fstat(fd)?;
    Ok((st.st_dev, st.st_ino))
}

/// A poisoned lock only means another task panicked while holding it; the data (a list of idle
/// sockets, a cache) is still consistent.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    fn open_socket(&self) -> Result<AsyncSocket, Error> {
        let here = crate::netns::current_thread_netns()
            .ok()
            .and_then(|fd| ns_id(&fd).ok());
        let sock = if here == Some(self.netns_id) {
            self.builder.clone().open()?
        } else {
            self.builder
                .clone()
                .open_in_netns(NetnsRef::Fd(self.netns.as_fd()))?
        };
        self.opened.fetch_add(1, Ordering::Relaxed);
        AsyncSocket::new(sock)
    }
}

/// A socket taken from the pool; back into it on drop.
#[derive(Debug)]
struct Pooled {
    sock: Option<AsyncSocket>,
    shared: Arc<Shared>,
    /// The socket's stale count when it was taken.
    stale_at_take: u64,
    _permit: OwnedSemaphorePermit,
    _dump_permit: Option<OwnedSemaphorePermit>,
}

impl Pooled {
    fn get(&mut self) -> &mut AsyncSocket {
        self.sock
            .as_mut()
            .expect("a pooled socket is present until drop")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(s) = self.sock.take() {
            let stale = s.get_ref().stale_dropped() - self.stale_at_take;
            self.shared.stale.fetch_add(stale, Ordering::Relaxed);
            lock(&self.shared.idle).push(s);
        }
    }
}

impl Connection {
    /// A connection for `protocol` in the calling thread's namespace, with the default socket
    /// settings.
    pub fn new(protocol: Protocol) -> Result<Connection, Error> {
        Connection::builder(protocol).build()
    }

    /// Configure a connection for `protocol`.
    pub fn builder(protocol: Protocol) -> ConnectionBuilder {
        ConnectionBuilder::new(Socket::builder(protocol))
    }

    /// A connection for `protocol` in namespace `ns`.
    pub fn in_netns(protocol: Protocol, ns: NetnsRef<'_>) -> Result<Connection, Error> {
        Connection::builder(protocol).netns(ns)?.build()
    }

    /// The same pool with another timeout for the calls made through the returned handle
    /// (`None`: no timeout).
    pub fn with_timeout(&self, timeout: Option<Duration>) -> Connection {
        Connection {
            shared: self.shared.clone(),
            timeout,
        }
    }

    /// The timeout of this handle's calls.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The protocol the connection speaks.
    pub fn protocol(&self) -> Protocol {
        self.shared.builder.protocol()
    }

    async fn acquire(&self, dump: bool) -> Result<Pooled, Error> {
        // The semaphores are never closed; a closed one would mean the pool is gone.
        let closed = |_| Error::Io(io::Error::other("netlink connection closed"));
        let dump_permit = match dump {
            true => Some(
                self.shared
                    .dumps
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(closed)?,
            ),
            false => None,
        };
        let permit = self
            .shared
            .sockets
            .clone()
            .acquire_owned()
            .await
            .map_err(closed)?;
        let idle = {
            let mut idle = lock(&self.shared.idle);
            // Prefer a socket with no abandoned dump to drain (see the fairness note).
            let pick = idle
                .iter()
                .rposition(|s| s.get_ref().abandoned_dump.is_none())
                .or(idle.len().checked_sub(1));
            pick.map(|i| idle.swap_remove(i))
        };
        let sock = match idle {
            Some(s) => s,
            None => self.shared.open_socket()?,
        };
        Ok(Pooled {
            stale_at_take: sock.get_ref().stale_dropped(),
            sock: Some(sock),
            shared: self.shared.clone(),
            _permit: permit,
            _dump_permit: dump_permit,
        })
    }

    async fn timed<T, E: From<Error>>(
        &self,
        f: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        match self.timeout {
            Some(t) => tokio::time::timeout(t, f)
                .await
                .unwrap_or_else(|_| Err(Error::Timeout(t).into())),
            None => f.await,
        }
    }

    /// Runs a request (see [`Socket::run`]).
    pub async fn run<R: Request + ?Sized>(&self, op: &R) -> Result<R::Output, Error> {
        self.timed(async {
            let mut out = op.request()?;
            let mut s = self.acquire(false).await?;
            let r = s.get().request(&mut out).await;
            drop(s);
            match r {
                Ok(reply) => op.finish(reply),
                Err(e) => op.on_error(e),
            }
        })
        .await
    }

    /// Runs a dump, calling `f` with each item borrowed from the receive buffer (see
    /// [`Socket::for_each`]): the zero-copy form, as fast as the blocking one. An object that
    /// does not decode does not stop the dump; the failures are returned together at the end
    /// as [`Error::Objects`].
    pub async fn for_each<D, E, F>(&self, op: &D, mut f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        let mut failed = ObjectErrors::default();
        let mut delivered = 0u64;
        self.timed(self.for_each_once(op, &mut |index, kind, item| match item {
            Ok(item) => {
                delivered += 1;
                f(item)
            }
            Err(e) => {
                failed.push(ObjectError::new(index, kind, e));
                Ok(())
            }
        }))
        .await?;
        failed.into_result(delivered).map_err(E::from)
    }

    /// Runs a dump, calling `f` with each object as it arrives, `Err` for one that could not
    /// be decoded (see [`Socket::for_each_result`]).
    pub async fn for_each_result<D, E, F>(&self, op: &D, mut f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(Result<D::Item<'_>, ObjectError>) -> Result<(), E>,
    {
        self.timed(self.for_each_once(op, &mut |index, kind, item| {
            f(item.map_err(|e| ObjectError::new(index, kind, e)))
        }))
        .await
    }

    /// The dump loop: `f` gets each message's position in the dump and type with its decoded
    /// item (or why it could not be decoded).
    async fn for_each_once<D, E, F>(&self, op: &D, f: &mut F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(u64, u16, Result<D::Item<'_>, Error>) -> Result<(), E>,
    {
        let mut req = op.request()?;
        let mut s = self.acquire(true).await?;
        let mut dump = s.get().dump(&mut req).await?;
        let mut index = 0u64;
        loop {
            match dump.step()? {
                DumpStep::Deliver(pos, len) => {
                    let msg = dump.sock.get_ref().message_at(pos, len);
                    match op.decode(&msg) {
                        Ok(Some(item)) => f(index, msg.kind(), Ok(item))?,
                        Ok(None) => {}
                        Err(e) => f(index, msg.kind(), Err(e))?,
                    }
                    index += 1;
                }
                DumpStep::Finished => return Ok(()),
                DumpStep::NeedRecv => dump.fill().await?,
            }
        }
    }

    /// One attempt of `collect`: every owned item into `out`, every failure into `failed`
    /// (read with [`DumpOwned::decode_owned`]).
    async fn collect_once<D: DumpOwned + ?Sized>(
        &self,
        op: &D,
        out: &mut Vec<D::Owned>,
        failed: &mut ObjectErrors,
    ) -> Result<(), Error> {
        let mut req = op.request()?;
        let mut s = self.acquire(true).await?;
        let mut dump = s.get().dump(&mut req).await?;
        let mut index = 0u64;
        loop {
            match dump.step()? {
                DumpStep::Deliver(pos, len) => {
                    let msg = dump.sock.get_ref().message_at(pos, len);
                    match op.decode_owned(&msg) {
                        Ok(Some(o)) => out.push(o),
                        Ok(None) => {}
                        Err(e) => failed.push(ObjectError::new(index, msg.kind(), e)),
                    }
                    index += 1;
                }
                DumpStep::Finished => return Ok(()),
                DumpStep::NeedRecv => dump.fill().await?,
            }
        }
    }

    /// Runs a dump into a `Vec` of owned items, starting over while the kernel flags it
    /// `NLM_F_DUMP_INTR` (see [`Socket::collect`]); objects that do not decode are reported
    /// together as [`Error::Objects`] once the whole dump has been read.
    pub async fn collect<D: DumpOwned + ?Sized>(&self, op: &D) -> Result<Vec<D::Owned>, Error> {
        self.timed(async {
            let mut attempt = 1;
            loop {
                let mut out = Vec::new();
                let mut failed = ObjectErrors::default();
                let r = self.collect_once(op, &mut out, &mut failed).await;
                match r {
                    Err(Error::DumpInterrupted { .. }) if attempt < DUMP_ATTEMPTS => attempt += 1,
                    Err(Error::DumpInterrupted { .. }) => {
                        return Err(Error::DumpInterrupted { attempts: attempt })
                    }
                    r => {
                        r?;
                        let n = out.len() as u64;
                        return failed.into_result(n).map(|()| out);
                    }
                }
            }
        })
        .await
    }

    /// Runs a dump into one value ([`DumpFold`]), starting over while the kernel flags it
    /// `NLM_F_DUMP_INTR` (see [`Socket::fold`]); objects that do not decode are reported
    /// together as [`Error::Objects`] once the whole dump has been read.
    pub async fn fold<D: DumpFold + ?Sized>(&self, op: &D) -> Result<D::Output, Error> {
        self.timed(async {
            let mut attempt = 1;
            loop {
                let mut acc = op.init();
                let mut failed = ObjectErrors::default();
                let mut delivered = 0u64;
                let r = self
                    .for_each_once(op, &mut |index, kind, item| match item {
                        Ok(item) => {
                            delivered += 1;
                            op.fold(&mut acc, item)
                        }
                        Err(e) => {
                            failed.push(ObjectError::new(index, kind, e));
                            Ok(())
                        }
                    })
                    .await;
                match r {
                    Err(Error::DumpInterrupted { .. }) if attempt < DUMP_ATTEMPTS => attempt += 1,
                    Err(Error::DumpInterrupted { .. }) => {
                        return Err(Error::DumpInterrupted { attempts: attempt })
                    }
                    r => {
                        r?;
                        return failed.into_result(delivered).map(|()| acc);
                    }
                }
            }
        })
        .await
    }

    /// Starts a dump read as a [`futures_core::Stream`] of owned items ([`DumpStream`]).
    pub async fn dump<D: DumpOwned + Unpin>(&self, op: D) -> Result<DumpStream<D>, Error> {
        let (sock, st) = self
            .timed(async {
                let mut req = op.request()?;
                let mut s = self.acquire(true).await?;
                s.get().drain_abandoned().await?;
                let st = s.get().get_mut().begin_dump(&mut req)?;
                Ok::<_, Error>((s, st))
            })
            .await?;
        Ok(DumpStream {
            sock,
            st,
            op,
            finished: false,
            timeout: self.timeout,
            sleep: None,
            waiting: false,
        })
    }

    /// Resolves a generic-netlink family by name, cached for the connection's life.
    pub async fn resolve_family(&self, name: &str) -> Result<Family, Error> {
        if let Some(f) = lock(&self.shared.families).get(name) {
            return Ok(f.clone());
        }
        let f = self.run(&crate::genl::GetFamily(name)).await?;
        lock(&self.shared.families).insert(name.to_owned(), f.clone());
        Ok(f)
    }

    /// Replies dropped so far because they answered an earlier, abandoned call (a cancelled
    /// request's ACK, the rest of a dropped dump), counted when a socket goes back to the pool.
    pub fn stale_dropped(&self) -> u64 {
        self.shared.stale.load(Ordering::Relaxed)
    }

    /// Sockets open in the pool and idle now.
    pub fn idle_sockets(&self) -> usize {
        lock(&self.shared.idle).len()
    }

    /// Sockets the pool has opened so far (subscriptions included).
    pub fn opened_sockets(&self) -> u64 {
        self.shared.opened.load(Ordering::Relaxed)
    }

    /// The most sockets the pool opens.
    pub fn max_sockets(&self) -> usize {
        self.shared.max_sockets
    }

    /// A new socket in the connection's namespace with its settings, outside the pool (e.g. to
    /// join multicast groups for a subscription).
    pub fn open_socket(&self) -> Result<AsyncSocket, Error> {
        self.shared.open_socket()
    }

    /// A subscription to the multicast `groups` on a socket of its own (see
    /// [`Subscription`]), its events read with `decoder`.
    pub fn subscribe<N: Notifications>(
        &self,
        groups: &[u32],
        decoder: N,
    ) -> Result<Subscription<N>, Error> {
        let sock = self.open_socket()?;
        for &g in groups {
            sock.join_group(g)?;
        }
        Ok(Subscription::new(sock, decoder))
    }
}

/// A dump in progress, read as a [`futures_core::Stream`] of owned items. The kernel produces
/// the dump as it is read, so an unread stream holds back only its own socket. A message that
/// does not decode is an `Err` item and the dump goes on. After the last item, a dump the
/// kernel flagged `NLM_F_DUMP_INTR` yields `Err(Error::DumpInterrupted)` once: start over with
/// [`DumpStream::restart`], or let [`DumpStream::retrying`] do it. Dropping the stream before
/// the end gives the socket back to the pool; the rest of the dump is discarded by sequence
/// number.
#[derive(Debug)]
pub struct DumpStream<D> {
    sock: Pooled,
    st: DumpState,
    op: D,
    finished: bool,
    timeout: Option<Duration>,
    /// The deadline of the current wait for the kernel (armed when a wait starts).
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    waiting: bool,
}

impl<D> Drop for DumpStream<D> {
    fn drop(&mut self) {
        self.sock.get().get_mut().abandon_dump(&mut self.st);
    }
}

impl<D: DumpOwned + Unpin> DumpStream<D> {
    /// Whether a message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.st.interrupted
    }

    /// The dump operation.
    pub fn op(&self) -> &D {
        &self.op
    }

    /// Starts the dump over on the same socket: after `Err(Error::DumpInterrupted)` (discard
    /// what the interrupted attempt gave, then read on), or at any time (the rest of the
    /// current dump is read and discarded first).
    pub async fn restart(&mut self) -> Result<(), Error> {
        let sock = self.sock.get();
        sock.get_mut().abandon_dump(&mut self.st);
        sock.drain_abandoned().await?;
        self.restart_ended()
    }

    /// Restarts a dump whose end was read (nothing to drain).
    fn restart_ended(&mut self) -> Result<(), Error> {
        let mut req = self.op.request()?;
        self.st = self.sock.get().get_mut().begin_dump(&mut req)?;
        self.finished = false;
        Ok(())
    }

    /// The stream with the stream-level retry: when the kernel flags the dump
    /// `NLM_F_DUMP_INTR`, it yields [`RetryItem::Restarted`] (drop what the attempt gave) and
    /// starts over, up to `max_attempts` in all; after the last one it yields
    /// `Err(Error::DumpInterrupted)` with the attempt count.
    pub fn retrying(self, max_attempts: u32) -> RetryingDumpStream<D> {
        RetryingDumpStream {
            inner: self,
            attempt: 1,
            max: max_attempts.max(1),
        }
    }
}

impl AsyncSocket {
    /// Polls for one datagram (the poll form of `recv`, for hand-written streams).
    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<Datagram, Error>> {
        loop {
            let mut guard = match self.inner.poll_read_ready_mut(cx) {
                Poll::Ready(Ok(g)) => g,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e.into())),
                Poll::Pending => return Poll::Pending,
            };
            let r = guard.try_io(|fd| match fd.get_mut().recv_datagram(true) {
                Err(Error::WouldBlock) => Err(io::ErrorKind::WouldBlock.into()),
                other => Ok(other),
            });
            match r {
                Ok(Ok(r)) => return Poll::Ready(r),
                Ok(Err(e)) => return Poll::Ready(Err(e.into())),
                Err(_would_block) => continue,
            }
        }
    }
}

impl<D: DumpOwned + Unpin> futures_core::Stream for DumpStream<D> {
    type Item = Result<D::Owned, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        loop {
            let sock = this.sock.get();
            let step = match sock.get_mut().dump_step(&mut this.st) {
                Ok(step) => step,
                Err(e) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(e)));
                }
            };
            match step {
                DumpStep::Deliver(pos, len) => {
                    let msg = sock.get_ref().message_at(pos, len);
                    match this.op.decode_owned(&msg) {
                        Ok(Some(item)) => return Poll::Ready(Some(Ok(item))),
                        Ok(None) => continue,
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    }
                }
                DumpStep::Finished => {
                    this.finished = true;
                    return Poll::Ready(None);
                }
                DumpStep::NeedRecv => match sock.poll_recv(cx) {
                    Poll::Pending => {
                        let Some(t) = this.timeout else {
                            return Poll::Pending;
                        };
                        let deadline = tokio::time::Instant::now() + t;
                        let sleep = this
                            .sleep
                            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                        if !this.waiting {
                            sleep.as_mut().reset(deadline);
                            this.waiting = true;
                        }
                        if sleep.as_mut().poll(cx).is_ready() {
                            this.waiting = false;
                            this.finished = true;
                            return Poll::Ready(Some(Err(Error::Timeout(t))));
                        }
                        return Poll::Pending;
                    }
                    Poll::Ready(r) => {
                        this.waiting = false;
                        if let Err(e) = sock.get_mut().dump_on_recv(&mut this.st, r) {
                            this.finished = true;
                            return Poll::Ready(Some(Err(e)));
                        }
                    }
                },
            }
        }
    }
}

/// An item of a [`RetryingDumpStream`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryItem<T> {
    /// An item of the current attempt.
    Item(T),
    /// The kernel flagged the previous attempt `NLM_F_DUMP_INTR`: what it gave may be
    /// inconsistent; drop it, the dump starts over with attempt `attempt`.
    Restarted {
        /// The attempt that starts now (2, 3, ...).
        attempt: u32,
    },
}

/// A [`DumpStream`] that starts over when the kernel flags the dump `NLM_F_DUMP_INTR` (made by
/// [`DumpStream::retrying`]).
#[derive(Debug)]
pub struct RetryingDumpStream<D> {
    inner: DumpStream<D>,
    attempt: u32,
    max: u32,
}

impl<D: DumpOwned + Unpin> futures_core::Stream for RetryingDumpStream<D> {
    type Item = Result<RetryItem<D::Owned>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(item))) => Poll::Ready(Some(Ok(RetryItem::Item(item)))),
            // `DumpInterrupted` comes with the dump's end, so the socket is free at once.
            Poll::Ready(Some(Err(Error::DumpInterrupted { .. }))) if this.attempt < this.max => {
                this.attempt += 1;
                Poll::Ready(Some(this.inner.restart_ended().map(|()| {
                    RetryItem::Restarted {
                        attempt: this.attempt,
                    }
                })))
            }
            Poll::Ready(Some(Err(Error::DumpInterrupted { .. }))) => {
                Poll::Ready(Some(Err(Error::DumpInterrupted {
                    attempts: this.attempt,
                })))
            }
            other => other.map(|o| o.map(|r| r.map(RetryItem::Item))),
        }
    }
}

/// A subscription to multicast groups, read as a [`futures_core::Stream`] of typed events
/// (decoded by the same [`Notifications`] the blocking subscription uses). Buffering is
/// bounded: the kernel's receive queue (`SO_RCVBUF`) and the socket's event queue limit. When
/// the kernel dropped events because the queue was full, the stream yields
/// `Err(Error::Overrun)` once and then goes on with the events that follow: re-dump to
/// resynchronise.
#[derive(Debug)]
pub struct Subscription<N> {
    sock: AsyncSocket,
    decoder: N,
}

impl<N: Notifications> Subscription<N> {
    /// Reads the events of the groups `sock` joined (or joins later) with `decoder`.
    pub fn new(sock: AsyncSocket, decoder: N) -> Self {
        Subscription { sock, decoder }
    }

    /// Join one more group.
    pub fn join_group(&self, group: u32) -> Result<(), Error> {
        self.sock.join_group(group)
    }

    /// Leave a group.
    pub fn leave_group(&self, group: u32) -> Result<(), Error> {
        self.sock.leave_group(group)
    }

    /// The decoder.
    pub fn decoder(&self) -> &N {
        &self.decoder
    }

    /// The socket (counters, port id).
    pub fn socket(&self) -> &AsyncSocket {
        &self.sock
    }
}

impl<N: Notifications + Unpin> futures_core::Stream for Subscription<N> {
    type Item = Result<N::Event, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            let step = match this.sock.get_mut().event_step() {
                Ok(step) => step,
                Err(e) => return Poll::Ready(Some(Err(e))),
            };
            if matches!(step, EventStep::NeedRecv) {
                match this.sock.poll_recv(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(r) => {
                        if let Err(e) = this.sock.get_mut().event_on_recv(r) {
                            return Poll::Ready(Some(Err(e)));
                        }
                    }
                }
                continue;
            }
            let msg = this.sock.get_ref().event_message(step);
            match this.decoder.decode(&msg) {
                Ok(Some(ev)) => return Poll::Ready(Some(Ok(ev))),
                Ok(None) => continue,
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
    }
}
