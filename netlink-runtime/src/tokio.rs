//! The same requests, dumps and events on an async socket
//! (`tokio::io::unix::AsyncFd` over the non-blocking descriptor).
//!
//! Every decision (reply matching, event queueing, dump termination) is made
//! by the same state machines the blocking [`Socket`] uses; this module only
//! replaces "block in `recvmsg`" with "await readiness, then `recvmsg`".

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
        while self.get_ref().abandoned_dump.is_some() {
            let r = self.recv().await;
            self.get_mut().drain_on_recv(r)?;
        }
        let st = self.get_mut().begin_dump(req)?;
        Ok(AsyncDump { sock: self, st })
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
        if !self.st.ended() {
            self.sock.get_mut().abandoned_dump = Some(self.st.seq());
        }
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
}

// ---------------------------------------------------------------------------------------------
// The shareable async driver.

use std::collections::HashMap;
use std::os::fd::{AsFd, OwnedFd};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::netns::NetnsRef;
use crate::op::{Dump, DumpOwned, Notifications, Request, DUMP_ATTEMPTS};

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
/// dump is in flight and its replies are matched by sequence number and port id as on the
/// blocking [`Socket`]; no reply can reach another task. A pool rather than one shared socket
/// because the kernel runs at most one dump per socket (a second one is refused with `EBUSY`),
/// and because a dump is flow-controlled by its reader: the kernel fills a socket's queue only
/// as it is read, so a task that reads its dump slowly holds back only its own socket.
///
/// - **Fairness**: dumps may hold at most `max_sockets - 1` sockets, so one socket is always
///   left for requests: a slow consumer of a dump never delays another task's request (not
///   even by one datagram); requests wait only for other requests, each of which holds its
///   socket for one send and the receive of its answer.
/// - **Cancellation**: dropping a call's future or a [`DumpStream`] half-way gives the socket
///   back. A request's late ACK and the rest of a dump are recognised by sequence number and
///   discarded on the socket's next use ([`Connection::stale_dropped`] counts them); before that
///   socket runs another dump, the kernel's abandoned one is drained to its end.
/// - **Timeout**: [`ConnectionBuilder::timeout`] bounds every call ([`Error::Timeout`]);
///   cancellation safety makes the timeout harmless to the connection.
/// - **Namespaces**: the namespace is fixed when the connection is made (the caller's, or the
///   one given to [`ConnectionBuilder::netns`]); sockets opened later, from whatever worker
///   thread, are opened in it.
#[derive(Clone, Debug)]
pub struct Connection {
    shared: Arc<Shared>,
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
    /// Dumps hold at most `max - 1` sockets.
    dumps: Arc<Semaphore>,
    families: Mutex<HashMap<String, Family>>,
    timeout: Option<Duration>,
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
    /// Start with the socket settings of `builder` (receive buffer, options...).
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
            NetnsRef::Fd(fd) => OwnedFdOrName::Fd(crate::netns::open(NetnsRef::Fd(fd))?),
        });
        Ok(self)
    }

    /// At most `n` sockets (at least 2: one is kept for requests while dumps run).
    pub fn max_sockets(mut self, n: usize) -> Self {
        self.max_sockets = n.max(2);
        self
    }

    /// Every call fails with [`Error::Timeout`] if it takes longer than `t`.
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
            dumps: Arc::new(Semaphore::new(self.max_sockets - 1)),
            families: Mutex::new(HashMap::new()),
            timeout: self.timeout,
        };
        let first = shared.open_socket()?;
        lock(&shared.idle).push(first);
        Ok(Connection {
            shared: Arc::new(shared),
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
        AsyncSocket::new(sock)
    }
}

/// A socket taken from the pool; back into it on drop.
#[derive(Debug)]
struct Pooled {
    sock: Option<AsyncSocket>,
    shared: Arc<Shared>,
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

    async fn acquire(&self, dump: bool) -> Result<Pooled, Error> {
        let closed = || Error::Io(io::Error::other("connection closed"));
        let dump_permit = match dump {
            true => Some(
                self.shared
                    .dumps
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|_| closed())?,
            ),
            false => None,
        };
        let permit = self
            .shared
            .sockets
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| closed())?;
        let idle = {
            let mut idle = lock(&self.shared.idle);
            // A dump prefers a socket with no abandoned dump to drain.
            let pick = match dump {
                true => idle
                    .iter()
                    .rposition(|s| s.get_ref().abandoned_dump.is_none())
                    .or(idle.len().checked_sub(1)),
                false => idle.len().checked_sub(1),
            };
            pick.map(|i| idle.swap_remove(i))
        };
        let sock = match idle {
            Some(s) => s,
            None => self.shared.open_socket()?,
        };
        Ok(Pooled {
            sock: Some(sock),
            shared: self.shared.clone(),
            _permit: permit,
            _dump_permit: dump_permit,
        })
    }

    async fn timed<T>(
        &self,
        f: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match self.shared.timeout {
            Some(t) => tokio::time::timeout(t, f)
                .await
                .unwrap_or(Err(Error::Timeout(t))),
            None => f.await,
        }
    }

    /// Runs a request (see [`Socket::run`]).
    pub async fn run<R: Request + ?Sized>(&self, op: &R) -> Result<R::Output, Error> {
        self.timed(async {
            let mut s = self.acquire(false).await?;
            let mut out = op.request()?;
            match s.get().request(&mut out).await {
                Ok(reply) => op.finish(reply),
                Err(e) => op.on_error(e),
            }
        })
        .await
    }

    /// Runs a dump, calling `f` with each item borrowed from the receive buffer (see
    /// [`Socket::for_each`]): the zero-copy form, as fast as the blocking one.
    pub async fn for_each<D, E, F>(&self, op: &D, mut f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        let run = async {
            let mut s = self.acquire(true).await?;
            let mut req = op.request()?;
            let mut dump = s.get().dump(&mut req).await?;
            while let Some(msg) = dump.next().await? {
                if let Some(item) = op.decode(&msg)? {
                    f(item)?;
                }
            }
            Ok::<(), E>(())
        };
        match self.shared.timeout {
            Some(t) => tokio::time::timeout(t, run)
                .await
                .unwrap_or_else(|_| Err(Error::Timeout(t).into())),
            None => run.await,
        }
    }

    /// Runs a dump into a `Vec` of owned items, starting over while the kernel flags it
    /// `NLM_F_DUMP_INTR` (see [`Socket::collect`]).
    pub async fn collect<D: DumpOwned + ?Sized>(&self, op: &D) -> Result<Vec<D::Owned>, Error> {
        let mut attempt = 1;
        loop {
            let mut out = Vec::new();
            let r = self
                .for_each(op, |item| -> Result<(), Error> {
                    out.push(op.to_owned(&item)?);
                    Ok(())
                })
                .await;
            match r {
                Ok(()) => return Ok(out),
                Err(Error::DumpInterrupted { .. }) if attempt < DUMP_ATTEMPTS => attempt += 1,
                Err(Error::DumpInterrupted { .. }) => {
                    return Err(Error::DumpInterrupted { attempts: attempt })
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Starts a dump read as a [`futures_core::Stream`] of owned items ([`DumpStream`]).
    pub async fn dump<D: DumpOwned + Unpin>(&self, op: D) -> Result<DumpStream<D>, Error> {
        let mut s = self.acquire(true).await?;
        let sock = s.get();
        while sock.get_ref().abandoned_dump.is_some() {
            let r = sock.recv().await;
            sock.get_mut().drain_on_recv(r)?;
        }
        let mut req = op.request()?;
        let st = sock.get_mut().begin_dump(&mut req)?;
        Ok(DumpStream {
            sock: s,
            st,
            op,
            finished: false,
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
    /// request's ACK, the rest of a dropped dump), over the idle sockets.
    pub fn stale_dropped(&self) -> u64 {
        lock(&self.shared.idle)
            .iter()
            .map(|s| s.get_ref().stale_dropped())
            .sum()
    }

    /// Sockets open in the pool and idle now.
    pub fn idle_sockets(&self) -> usize {
        lock(&self.shared.idle).len()
    }

    /// A new socket in the connection's namespace, outside the pool (e.g. to join multicast
    /// groups for a subscription).
    pub fn open_socket(&self) -> Result<AsyncSocket, Error> {
        self.shared.open_socket()
    }
}

/// A dump in progress, read as a [`futures_core::Stream`] of owned items. The kernel produces
/// the dump as it is read, so an unread stream holds back only its own socket. Dropping it
/// before the end gives the socket back to the pool; the rest of the dump is discarded by
/// sequence number. After the last item, a dump the kernel flagged `NLM_F_DUMP_INTR` yields
/// `Err(Error::DumpInterrupted)`.
#[derive(Debug)]
pub struct DumpStream<D> {
    sock: Pooled,
    st: DumpState,
    op: D,
    finished: bool,
}

impl<D> Drop for DumpStream<D> {
    fn drop(&mut self) {
        if !self.st.ended() {
            self.sock.get().get_mut().abandoned_dump = Some(self.st.seq());
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
                    match this.op.decode(&msg) {
                        Ok(Some(item)) => return Poll::Ready(Some(this.op.to_owned(&item))),
                        Ok(None) => continue,
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    }
                }
                DumpStep::Finished => {
                    this.finished = true;
                    return Poll::Ready(None);
                }
                DumpStep::NeedRecv => match sock.poll_recv(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(r) => {
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
