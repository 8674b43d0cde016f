//! High-level APIs for generic netlink families: [`nlctrl`] (families, their operations,
//! multicast groups and attribute policies), [`ethtool`] (link info, link modes, link state,
//! features, rings, channels, and the `monitor` multicast group), [`netdev`] (device dump and
//! `mgmt` notifications), [`tcp_metrics`] (the TCP metrics cache) and [`mptcp`] (the MPTCP
//! path manager's limits and endpoints).
//!
//! Every message sent or received goes through a struct derived with `#[derive(Netlink)]` on
//! the family's bundled schema (`schemas/genetlink.toml`, `ethtool.toml`, `netdev.toml`,
//! `tcp_metrics.toml`, `mptcp.toml`); nothing walks attributes by hand except the two
//! type-value levels of nlctrl's policy dump, whose leaves are derived structs again. A
//! family's id and version come from nlctrl at run time ([`Socket::resolve_family`]), never
//! from a constant.
//!
//! Each request, dump and notification of a family is an operation (see [`crate::op`]) built
//! with the family's resolved id and version ([`FamilyId`]): `ethtool::LinkInfoGet`,
//! `netdev::DevDump`, `ethtool::MonitorDecoder`, ... Each family has a blocking handle
//! (`Ethtool`, over one [`Socket`]) and an async one (`AsyncEthtool`, `Clone + Send + Sync`,
//! over a shared [`crate::tokio::Connection`], feature `tokio`; the family is resolved once,
//! when the handle is made); the methods of both are written once, from one list of operations
//! per family. Several async handles may share one generic-netlink `Connection`
//! (`AsyncEthtool::from_connection`). Multicast groups are joined by name.
//!
//! ```no_run
//! use netlink_runtime::families::{ethtool::Ethtool, nlctrl::Nlctrl};
//! # fn main() -> Result<(), netlink_runtime::families::Error> {
//! let mut ctrl = Nlctrl::new()?;
//! for f in ctrl.families()? {
//!     println!("{} id {} ops {}", f.name, f.id, f.ops.len());
//! }
//! let mut eth = Ethtool::new()?;
//! let modes = eth.link_modes("eth0")?;
//! println!("speed {:?} duplex {:?}", modes.speed_mbps(), modes.duplex_name());
//! # Ok(()) }
//! ```
//!
//! The same on tokio, one handle shared by every task:
//!
//! ```no_run
//! # #[cfg(feature = "tokio")]
//! # async fn example() -> Result<(), netlink_runtime::Error> {
//! use netlink_runtime::families::ethtool::AsyncEthtool;
//! let eth = AsyncEthtool::new().await?;
//! let modes = eth.link_modes("eth0").await?;
//! println!("speed {:?}", modes.speed_mbps());
//! # Ok(()) }
//! ```

#[cfg(feature = "ethtool")]
pub mod ethtool;
#[cfg(feature = "mptcp")]
pub mod mptcp;
#[cfg(feature = "netdev")]
pub mod netdev;
#[cfg(feature = "nlctrl")]
pub mod nlctrl;
#[cfg(feature = "tcp_metrics")]
pub mod tcp_metrics;

use std::marker::PhantomData;

use crate::codec::{FromMessage, ToMessage};
pub use crate::genl::FamilyId;
use crate::genl::{Family, GenlHeader};
use crate::op::{Dump, DumpFold, DumpOwned, Notifications, Outgoing, Request};
use crate::{Message, MessageBuilder, Protocol, Reply, Socket};

/// The error of every family operation: the crate's one [`crate::Error`] (an unregistered
/// family is [`crate::Error::FamilyNotFound`], a device that does not implement an ethtool
/// operation a kernel error with `errno()` `EOPNOTSUPP`).
pub use crate::Error;

/// A generic netlink socket with one resolved family: the machinery the family modules share,
/// usable directly for commands they do not wrap.
#[derive(Debug)]
pub struct GenlConn {
    sock: Socket,
    family: Family,
}

impl GenlConn {
    /// Open a `NETLINK_GENERIC` socket in the calling thread's network namespace and resolve
    /// `family` through nlctrl.
    pub fn open(family: &str) -> Result<GenlConn, Error> {
        GenlConn::from_socket(Socket::open(Protocol::GENERIC)?, family)
    }

    /// Use an already open `NETLINK_GENERIC` socket (e.g. one opened in another namespace, or
    /// with a receive timeout) and resolve `family` on it.
    pub fn from_socket(mut sock: Socket, family: &str) -> Result<GenlConn, Error> {
        let family = sock.resolve_family(family)?.clone();
        Ok(GenlConn { sock, family })
    }

    /// Open a `NETLINK_GENERIC` socket in namespace `ns` (name, path or fd; the calling thread
    /// stays where it is) and resolve `family` there.
    pub fn in_netns(ns: crate::netns::NetnsRef<'_>, family: &str) -> Result<GenlConn, Error> {
        GenlConn::from_socket(
            Socket::builder(Protocol::GENERIC).open_in_netns(ns)?,
            family,
        )
    }

    /// The family as nlctrl described it (id, version, multicast groups).
    pub fn family(&self) -> &Family {
        &self.family
    }

    /// The family's id and version, what its operations are built with.
    pub fn family_id(&self) -> FamilyId {
        self.family.family_id()
    }

    /// Run a request operation (see [`crate::op`]).
    pub fn run<R: Request + ?Sized>(&mut self, op: &R) -> Result<R::Output, Error> {
        self.sock.run(op)
    }

    /// Run a dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
    pub fn collect<D: DumpOwned + ?Sized>(&mut self, op: &D) -> Result<Vec<D::Owned>, Error> {
        self.sock.collect(op)
    }

    /// Run a dump operation into one value, retried on `NLM_F_DUMP_INTR`.
    pub fn fold<D: DumpFold + ?Sized>(&mut self, op: &D) -> Result<D::Output, Error> {
        self.sock.fold(op)
    }

    /// Run a dump operation, calling `f` with each item.
    pub fn for_each<D, E, F>(&mut self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        self.sock.for_each(op, f)
    }

    /// Start a dump operation as an [`Iterator`] of owned items.
    pub fn stream<D: DumpOwned>(&mut self, op: D) -> Result<crate::op::DumpIter<'_, D>, Error> {
        self.sock.dump_iter(op)
    }

    /// Wait for the next notification `decoder` models, on the groups joined so far (see
    /// [`Socket::next_notification`]; a receive timeout on the socket ends the wait with
    /// [`crate::Error::WouldBlock`]).
    pub fn next_notification<N: Notifications + ?Sized>(
        &mut self,
        decoder: &N,
    ) -> Result<N::Event, Error> {
        self.sock.next_notification(decoder)
    }

    /// The underlying socket.
    pub fn socket(&mut self) -> &mut Socket {
        &mut self.sock
    }

    /// A request for command `cmd` of this family holding `body` (a struct derived for one of
    /// the family's messages).
    pub fn message<T: ToMessage + ?Sized>(&self, cmd: u8, flags: u16, body: &T) -> MessageBuilder {
        self.family_id().message(cmd, flags, body)
    }

    /// The command of a message of this family, or `None` for any other message.
    pub fn command_of(&self, msg: &Message<'_>) -> Option<u8> {
        self.family_id().command_of(msg)
    }

    /// Send `body` as command `cmd` (a "do"), wait for the ACK, and decode every reply message
    /// of command `reply_cmd` with `decode`.
    pub fn request<T, R, F>(
        &mut self,
        cmd: u8,
        flags: u16,
        body: &T,
        reply_cmd: u8,
        mut decode: F,
    ) -> Result<Vec<R>, Error>
    where
        T: ToMessage + ?Sized,
        F: FnMut(&Message<'_>) -> Result<R, Error>,
    {
        let mut req = self.message(cmd, flags, body);
        let reply = self.sock.request(&mut req)?;
        let mut out = Vec::new();
        for m in reply.messages() {
            let m = m?;
            if self.command_of(&m) == Some(reply_cmd) {
                out.push(decode(&m)?);
            }
        }
        Ok(out)
    }

    /// Like [`GenlConn::request`], for exactly one reply message ([`Error::NoReply`] naming
    /// `what` when the kernel sent none).
    pub fn request_one<T, R, F>(
        &mut self,
        cmd: u8,
        body: &T,
        reply_cmd: u8,
        what: &'static str,
        decode: F,
    ) -> Result<R, Error>
    where
        T: ToMessage + ?Sized,
        F: FnMut(&Message<'_>) -> Result<R, Error>,
    {
        self.request(cmd, 0, body, reply_cmd, decode)?
            .into_iter()
            .next()
            .ok_or(Error::NoReply(what))
    }

    /// Send `body` as command `cmd` with `NLM_F_DUMP` and call `f` for each message of
    /// command `reply_cmd` (borrowed from the receive buffer: memory stays bounded whatever
    /// the size of the dump).
    pub fn dump<T, F>(&mut self, cmd: u8, body: &T, reply_cmd: u8, mut f: F) -> Result<(), Error>
    where
        T: ToMessage + ?Sized,
        F: FnMut(&Message<'_>) -> Result<(), Error>,
    {
        let mut req = self.message(cmd, 0, body);
        let id = self.family.id;
        let mut d = self.sock.dump(&mut req)?;
        while let Some(m) = d.next()? {
            let ours = m.kind() == id && GenlHeader::parse(&m).is_ok_and(|h| h.cmd == reply_cmd);
            if ours {
                f(&m)?;
            }
        }
        Ok(())
    }

    /// Wait for the next multicast event of this family and hand it to `f` with its command;
    /// events of other families are skipped, and so are those for which `f` returns
    /// `Ok(None)`. A receive timeout on the socket ends the wait with
    /// [`crate::Error::WouldBlock`].
    pub fn next_event<R, F>(&mut self, mut f: F) -> Result<R, Error>
    where
        F: FnMut(u8, &Message<'_>) -> Result<Option<R>, Error>,
    {
        let id = self.family.id;
        loop {
            let m = self.sock.next_event()?;
            if m.kind() != id {
                continue;
            }
            let Ok(h) = GenlHeader::parse(&m) else {
                continue;
            };
            if let Some(r) = f(h.cmd, &m)? {
                return Ok(r);
            }
        }
    }

    /// Join the family's multicast group called `name` (its id resolved through nlctrl) and
    /// return the id.
    pub fn join_group(&mut self, name: &str) -> Result<u32, Error> {
        let id = self.family.require_group(name)?;
        self.sock.join_group(id)?;
        Ok(id)
    }
}

/// The async counterpart of [`GenlConn`]: a shared generic-netlink
/// [`Connection`](crate::tokio::Connection) with one resolved family. `Clone + Send + Sync`;
/// cloning shares the pool.
#[cfg(feature = "tokio")]
#[derive(Debug, Clone)]
pub struct AsyncGenlConn {
    conn: crate::tokio::Connection,
    family: std::sync::Arc<Family>,
}

#[cfg(feature = "tokio")]
impl AsyncGenlConn {
    /// A new generic-netlink connection in the calling thread's namespace, with `family`
    /// resolved through nlctrl. Call it inside a tokio runtime.
    pub async fn open(family: &str) -> Result<AsyncGenlConn, Error> {
        AsyncGenlConn::from_connection(crate::tokio::Connection::new(Protocol::GENERIC)?, family)
            .await
    }

    /// Use `conn` (a `NETLINK_GENERIC` connection, maybe shared with other families' handles,
    /// in another namespace, with a timeout...) and resolve `family` on it (cached by the
    /// connection).
    pub async fn from_connection(
        conn: crate::tokio::Connection,
        family: &str,
    ) -> Result<AsyncGenlConn, Error> {
        if conn.protocol() != Protocol::GENERIC {
            return Err(Error::Invalid(format!(
                "generic netlink family {family:?} needs a NETLINK_GENERIC connection, not {}",
                conn.protocol()
            )));
        }
        let family = std::sync::Arc::new(conn.resolve_family(family).await?);
        Ok(AsyncGenlConn { conn, family })
    }

    /// The connection.
    pub fn connection(&self) -> &crate::tokio::Connection {
        &self.conn
    }

    /// The family as nlctrl described it.
    pub fn family(&self) -> &Family {
        &self.family
    }

    /// The family's id and version, what its operations are built with.
    pub fn family_id(&self) -> FamilyId {
        self.family.family_id()
    }

    /// The same connection and family, with another timeout for calls made through the result.
    pub fn with_timeout(&self, timeout: Option<std::time::Duration>) -> AsyncGenlConn {
        AsyncGenlConn {
            conn: self.conn.with_timeout(timeout),
            family: self.family.clone(),
        }
    }

    /// Run a request operation.
    pub async fn run<R: Request + Sync + ?Sized>(&self, op: &R) -> Result<R::Output, Error> {
        self.conn.run(op).await
    }

    /// Run a dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
    pub async fn collect<D: DumpOwned + Sync + ?Sized>(
        &self,
        op: &D,
    ) -> Result<Vec<D::Owned>, Error> {
        self.conn.collect(op).await
    }

    /// Run a dump operation into one value, retried on `NLM_F_DUMP_INTR`.
    pub async fn fold<D: DumpFold + Sync + ?Sized>(&self, op: &D) -> Result<D::Output, Error> {
        self.conn.fold(op).await
    }

    /// Run a dump operation, calling `f` with each item.
    pub async fn for_each<D, E, F>(&self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + Sync + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        self.conn.for_each(op, f).await
    }

    /// Start a dump operation as a `Stream` of owned items.
    pub async fn stream<D: DumpOwned + Unpin>(
        &self,
        op: D,
    ) -> Result<crate::tokio::DumpStream<D>, Error> {
        self.conn.dump(op).await
    }

    /// A subscription to the family's multicast group called `group` (joined by name), its
    /// notifications read by `decoder`: a `Stream` of typed events.
    pub fn subscribe<N: Notifications>(
        &self,
        group: &str,
        decoder: N,
    ) -> Result<crate::tokio::Subscription<N>, Error> {
        let id = self.family.require_group(group)?;
        self.conn.subscribe(&[id], decoder)
    }
}

/// A "do" of a generic family answered by one message of command `reply`, decoded as `T` (a
/// struct derived for the reply): the shape of most `*_GET` requests. Named operations wrap it
/// (`ethtool::LinkInfoGet`, ...).
pub struct GenlDo<T> {
    msg: MessageBuilder,
    fam: FamilyId,
    reply: u8,
    what: &'static str,
    out: PhantomData<fn() -> T>,
}

impl<T> GenlDo<T> {
    /// Command `cmd` of `family` holding `body`, answered by command `reply` (`what` names it
    /// in [`Error::NoReply`]).
    pub fn new<B: ToMessage + ?Sized>(
        family: impl Into<FamilyId>,
        cmd: u8,
        body: &B,
        reply: u8,
        what: &'static str,
    ) -> Self {
        let fam = family.into();
        GenlDo {
            msg: fam.message(cmd, 0, body),
            fam,
            reply,
            what,
            out: PhantomData,
        }
    }

    /// The replies of command `reply` in `r`, decoded.
    fn replies<'r>(&self, r: &'r Reply) -> impl Iterator<Item = Result<T, Error>> + 'r
    where
        T: FromMessage<'r>,
    {
        let (fam, reply) = (self.fam, self.reply);
        r.messages().filter_map(move |m| match m {
            Ok(m) if fam.command_of(&m) == Some(reply) => {
                Some(T::from_message(&m).map_err(Error::from))
            }
            Ok(_) => None,
            Err(e) => Some(Err(e.into())),
        })
    }
}

impl<T> Clone for GenlDo<T> {
    fn clone(&self) -> Self {
        GenlDo {
            msg: self.msg.clone(),
            fam: self.fam,
            reply: self.reply,
            what: self.what,
            out: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for GenlDo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GenlDo")
            .field("family", &self.fam)
            .field("reply", &self.what)
            .finish_non_exhaustive()
    }
}

impl<T: for<'a> FromMessage<'a>> Request for GenlDo<T> {
    type Output = T;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(self.msg.clone().into())
    }
    fn finish(&self, reply: Reply) -> Result<T, Error> {
        self.replies(&reply)
            .next()
            .unwrap_or(Err(Error::NoReply(self.what)))
    }
}

/// A "do" whose reply message is optional (`*_SET` commands that answer only when something
/// differs from the request): `Ok(None)` for a plain ACK.
#[derive(Debug, Clone)]
pub struct GenlDoMaybe<T>(pub GenlDo<T>);

impl<T: for<'a> FromMessage<'a>> Request for GenlDoMaybe<T> {
    type Output = Option<T>;
    fn request(&self) -> Result<Outgoing, Error> {
        self.0.request()
    }
    fn finish(&self, reply: Reply) -> Result<Option<T>, Error> {
        self.0.replies(&reply).next().transpose()
    }
}

/// A dump of command `cmd` of a generic family, each message of command `reply` decoded as
/// `T` (an owned derived struct). Named operations wrap it (`netdev::DevDump`, ...).
pub struct GenlDump<T> {
    msg: MessageBuilder,
    fam: FamilyId,
    reply: u8,
    out: PhantomData<fn() -> T>,
}

impl<T> GenlDump<T> {
    /// Command `cmd` of `family` holding `body` (its filters), with `NLM_F_DUMP`; messages of
    /// command `reply` are the items.
    pub fn new<B: ToMessage + ?Sized>(
        family: impl Into<FamilyId>,
        cmd: u8,
        body: &B,
        reply: u8,
    ) -> Self {
        let fam = family.into();
        GenlDump {
            msg: fam.message(cmd, 0, body),
            fam,
            reply,
            out: PhantomData,
        }
    }
}

impl<T> Clone for GenlDump<T> {
    fn clone(&self) -> Self {
        GenlDump {
            msg: self.msg.clone(),
            fam: self.fam,
            reply: self.reply,
            out: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for GenlDump<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GenlDump")
            .field("family", &self.fam)
            .field("reply", &self.reply)
            .finish_non_exhaustive()
    }
}

impl<T: for<'a> FromMessage<'a>> Dump for GenlDump<T> {
    type Item<'a> = T;
    fn request(&self) -> Result<MessageBuilder, Error> {
        Ok(self.msg.clone())
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<T>, Error> {
        if self.fam.command_of(msg) != Some(self.reply) {
            return Ok(None);
        }
        Ok(Some(T::from_message(msg)?))
    }
}

impl<T: for<'a> FromMessage<'a> + Clone + Send + 'static> DumpOwned for GenlDump<T> {
    type Owned = T;
    fn to_owned(&self, item: &T) -> Result<T, Error> {
        Ok(item.clone())
    }
}

/// Declares a named family operation that behaves as the generic one it wraps (`GenlDo<T>`,
/// `GenlDump<T>`, `op::Ack`): `pub struct Name(request Inner);` or `(dump Inner)`. Its
/// constructor is written beside it.
macro_rules! genl_op {
    ($(#[$m:meta])* pub struct $name:ident(request $inner:ty);) => {
        $(#[$m])*
        #[derive(Debug, Clone)]
        pub struct $name($inner);
        impl crate::op::Request for $name {
            type Output = <$inner as crate::op::Request>::Output;
            fn request(&self) -> Result<crate::op::Outgoing, crate::Error> {
                self.0.request()
            }
            fn finish(&self, reply: crate::Reply) -> Result<Self::Output, crate::Error> {
                self.0.finish(reply)
            }
            fn on_error(&self, e: crate::Error) -> Result<Self::Output, crate::Error> {
                self.0.on_error(e)
            }
        }
    };
    ($(#[$m:meta])* pub struct $name:ident(dump $inner:ty);) => {
        $(#[$m])*
        #[derive(Debug, Clone)]
        pub struct $name($inner);
        impl crate::op::Dump for $name {
            type Item<'a> = <$inner as crate::op::Dump>::Item<'a>;
            fn request(&self) -> Result<crate::MessageBuilder, crate::Error> {
                self.0.request()
            }
            fn decode<'a>(
                &self,
                msg: &crate::Message<'a>,
            ) -> Result<Option<Self::Item<'a>>, crate::Error> {
                self.0.decode(msg)
            }
        }
        impl crate::op::DumpOwned for $name {
            type Owned = <$inner as crate::op::DumpOwned>::Owned;
            fn to_owned(&self, item: &Self::Item<'_>) -> Result<Self::Owned, crate::Error> {
                crate::op::DumpOwned::to_owned(&self.0, item)
            }
        }
    };
}
pub(crate) use genl_op;

/// Defines a family's two handles: the blocking one over a [`GenlConn`] and the async one over
/// an [`AsyncGenlConn`], with their constructors and drivers (each with a doc example, written
/// from the family's module path, one request operation and one dump operation); their
/// high-level methods come from the family's `op::handle_methods!` list.
macro_rules! family_handles {
    (
        family: $fname:literal;
        example: $use:literal, request: $req:literal, dump: $dump:literal;
        $(#[doc = $bdoc:literal])* blocking: $b:ident;
        $(#[doc = $adoc:literal])* async: $a:ident;
    ) => {
        crate::families::family_handles!(@emit $fname, $use, $req, $dump,
            concat!("# #[allow(unused_imports)] use ", $use, ";"),
            concat!("let mut h = ", stringify!($b), "::new()?;"),
            concat!("let h = ", stringify!($a), "::new().await?;"),
            [$($bdoc)*] $b [$($adoc)*] $a);
    };
    (@emit $fname:literal, $use:literal, $req:literal, $dump:literal, $imp:expr, $newb:expr, $newa:expr,
        [$($bdoc:literal)*] $b:ident [$($adoc:literal)*] $a:ident
    ) => {
        $(#[doc = $bdoc])*
        #[derive(Debug)]
        pub struct $b {
            conn: crate::families::GenlConn,
        }

        impl $b {
            #[doc = concat!("Open a generic netlink socket in the calling thread's namespace and resolve `", $fname, "`.")]
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            /// # let _ = h; Ok(()) }
            /// ```
            pub fn new() -> Result<$b, crate::Error> {
                Ok($b {
                    conn: crate::families::GenlConn::open($fname)?,
                })
            }

            #[doc = concat!("Open a socket in the namespace `ip netns` calls `name` and resolve `", $fname, "` there (the calling thread stays where it is).")]
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = concat!("let h = ", stringify!($b), "::in_netns(\"blue\")?;")]
            /// # let _ = h; Ok(()) }
            /// ```
            pub fn in_netns(name: &str) -> Result<$b, crate::Error> {
                Ok($b {
                    conn: crate::families::GenlConn::in_netns(crate::netns::NetnsRef::Name(name), $fname)?,
                })
            }

            /// Use an already open `NETLINK_GENERIC` socket (another namespace, a receive
            /// timeout...).
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            /// use netlink_runtime::{Protocol, Socket};
            /// let sock = Socket::builder(Protocol::GENERIC)
            ///     .recv_timeout(Some(std::time::Duration::from_secs(1)))
            ///     .open()?;
            #[doc = concat!("let h = ", stringify!($b), "::from_socket(sock)?;")]
            /// # let _ = h; Ok(()) }
            /// ```
            pub fn from_socket(sock: crate::Socket) -> Result<$b, crate::Error> {
                Ok($b {
                    conn: crate::families::GenlConn::from_socket(sock, $fname)?,
                })
            }

            /// The connection (socket and resolved family), e.g. for raw commands.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            /// println!("port id {}", h.conn().socket().port_id());
            /// # Ok(()) }
            /// ```
            pub fn conn(&mut self) -> &mut crate::families::GenlConn {
                &mut self.conn
            }

            /// The family as nlctrl described it (id, version, multicast groups).
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            /// println!("{:?}", h.resolved_family().groups);
            /// # Ok(()) }
            /// ```
            pub fn resolved_family(&self) -> &crate::genl::Family {
                self.conn.family()
            }

            /// The family's id and version, what its operations are built with.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            /// println!("id {} version {}", h.family_id().id, h.family_id().version);
            /// # Ok(()) }
            /// ```
            pub fn family_id(&self) -> crate::genl::FamilyId {
                self.conn.family_id()
            }

            /// Run any request operation (see [`crate::op`]).
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            #[doc = concat!("let out = h.run(&", $req, ")?;")]
            /// # let _ = out; Ok(()) }
            /// ```
            pub fn run<R: crate::op::Request + ?Sized>(&mut self, op: &R) -> Result<R::Output, crate::Error> {
                self.conn.run(op)
            }

            /// Run any dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            #[doc = concat!("let all = h.collect(&", $dump, ")?;")]
            /// # let _ = all; Ok(()) }
            /// ```
            pub fn collect<D: crate::op::DumpOwned + ?Sized>(&mut self, op: &D) -> Result<Vec<D::Owned>, crate::Error> {
                self.conn.collect(op)
            }

            /// Run any dump operation, calling `f` with each item.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            /// let mut n = 0;
            #[doc = concat!("h.for_each(&", $dump, ", |_| -> Result<(), netlink_runtime::Error> { n += 1; Ok(()) })?;")]
            /// # Ok(()) }
            /// ```
            pub fn for_each<D, E, F>(&mut self, op: &D, f: F) -> Result<(), E>
            where
                D: crate::op::Dump + ?Sized,
                E: From<crate::Error>,
                F: FnMut(D::Item<'_>) -> Result<(), E>,
            {
                self.conn.for_each(op, f)
            }

            /// Start any dump operation as an [`Iterator`] of owned items.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # fn main() -> Result<(), netlink_runtime::Error> {
            #[doc = $newb]
            #[doc = concat!("for item in h.stream(", $dump, ")? {")]
            ///     let _ = item?;
            /// }
            /// # Ok(()) }
            /// ```
            pub fn stream<D: crate::op::DumpOwned>(&mut self, op: D) -> Result<crate::op::DumpIter<'_, D>, crate::Error> {
                self.conn.stream(op)
            }
        }

        $(#[doc = $adoc])*
        #[cfg(feature = "tokio")]
        #[derive(Debug, Clone)]
        pub struct $a {
            conn: crate::families::AsyncGenlConn,
        }

        #[cfg(feature = "tokio")]
        impl $a {
            #[doc = concat!("A handle in the calling thread's namespace, `", $fname, "` resolved once. Call it inside a tokio runtime.")]
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            /// # let _ = h; Ok(()) }
            /// ```
            pub async fn new() -> Result<$a, crate::Error> {
                Ok($a {
                    conn: crate::families::AsyncGenlConn::open($fname).await?,
                })
            }

            /// A handle in the namespace `ip netns` calls `name`.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = concat!("let h = ", stringify!($a), "::in_netns(\"blue\").await?;")]
            /// # let _ = h; Ok(()) }
            /// ```
            pub async fn in_netns(name: &str) -> Result<$a, crate::Error> {
                let conn = crate::tokio::Connection::in_netns(crate::Protocol::GENERIC, crate::netns::NetnsRef::Name(name))?;
                $a::from_connection(conn).await
            }

            /// A handle over a `NETLINK_GENERIC` connection configured by the caller (pool
            /// size, timeout, socket options, namespace), possibly shared with other families'
            /// handles.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            /// use netlink_runtime::{tokio::Connection, Protocol};
            /// let conn = Connection::builder(Protocol::GENERIC)
            ///     .timeout(std::time::Duration::from_secs(2))
            ///     .build()?;
            #[doc = concat!("let h = ", stringify!($a), "::from_connection(conn.clone()).await?;")]
            /// # let _ = h; Ok(()) }
            /// ```
            pub async fn from_connection(conn: crate::tokio::Connection) -> Result<$a, crate::Error> {
                Ok($a {
                    conn: crate::families::AsyncGenlConn::from_connection(conn, $fname).await?,
                })
            }

            /// The connection and the resolved family.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            /// println!("{}", h.conn().family().name);
            /// # Ok(()) }
            /// ```
            pub fn conn(&self) -> &crate::families::AsyncGenlConn {
                &self.conn
            }

            /// The shared connection (counters, raw requests).
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            /// println!("{} stale replies dropped", h.connection().stale_dropped());
            /// # Ok(()) }
            /// ```
            pub fn connection(&self) -> &crate::tokio::Connection {
                self.conn.connection()
            }

            /// The family as nlctrl described it (id, version, multicast groups).
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            /// println!("{:?}", h.resolved_family().groups);
            /// # Ok(()) }
            /// ```
            pub fn resolved_family(&self) -> &crate::genl::Family {
                self.conn.family()
            }

            /// The family's id and version, what its operations are built with.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            /// println!("id {}", h.family_id().id);
            /// # Ok(()) }
            /// ```
            pub fn family_id(&self) -> crate::genl::FamilyId {
                self.conn.family_id()
            }

            /// A handle on the same pool whose calls time out after `timeout` (`None`: never).
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            /// let quick = h.with_timeout(Some(std::time::Duration::from_millis(100)));
            #[doc = concat!("let out = quick.run(&", $req, ").await?;")]
            /// # let _ = out; Ok(()) }
            /// ```
            pub fn with_timeout(&self, timeout: Option<std::time::Duration>) -> $a {
                $a {
                    conn: self.conn.with_timeout(timeout),
                }
            }

            /// Run any request operation (see [`crate::op`]).
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            #[doc = concat!("let out = h.run(&", $req, ").await?;")]
            /// # let _ = out; Ok(()) }
            /// ```
            pub async fn run<R: crate::op::Request + Sync + ?Sized>(&self, op: &R) -> Result<R::Output, crate::Error> {
                self.conn.run(op).await
            }

            /// Run any dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            #[doc = concat!("let all = h.collect(&", $dump, ").await?;")]
            /// # let _ = all; Ok(()) }
            /// ```
            pub async fn collect<D: crate::op::DumpOwned + Sync + ?Sized>(&self, op: &D) -> Result<Vec<D::Owned>, crate::Error> {
                self.conn.collect(op).await
            }

            /// Run any dump operation, calling `f` with each item.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            #[doc = $newa]
            /// let mut n = 0;
            #[doc = concat!("h.for_each(&", $dump, ", |_| -> Result<(), netlink_runtime::Error> { n += 1; Ok(()) }).await?;")]
            /// # Ok(()) }
            /// ```
            pub async fn for_each<D, E, F>(&self, op: &D, f: F) -> Result<(), E>
            where
                D: crate::op::Dump + Sync + ?Sized,
                E: From<crate::Error>,
                F: FnMut(D::Item<'_>) -> Result<(), E>,
            {
                self.conn.for_each(op, f).await
            }

            /// Start any dump operation as a `Stream` of owned items.
            ///
            /// ```no_run
            #[doc = $imp]
            /// # async fn example() -> Result<(), netlink_runtime::Error> {
            /// use futures::StreamExt;
            #[doc = $newa]
            #[doc = concat!("let mut s = h.stream(", $dump, ").await?;")]
            /// while let Some(item) = s.next().await {
            ///     let _ = item?;
            /// }
            /// # Ok(()) }
            /// ```
            pub async fn stream<D: crate::op::DumpOwned + Unpin>(&self, op: D) -> Result<crate::tokio::DumpStream<D>, crate::Error> {
                self.conn.stream(op).await
            }
        }
    };
}
pub(crate) use family_handles;
