//! Operations, defined once and run by two drivers.
//!
//! An operation is plain data plus functions, with no I/O (sans-I/O): the request it sends,
//! built through derived structs, and the way its replies are read. [`Request`] is answered by
//! an ACK (and maybe reply messages before it); [`Dump`] by a stream of messages. The blocking
//! driver is [`Socket`] ([`Socket::run`], [`Socket::for_each`], [`Socket::collect`]); the async
//! driver is `tokio::Connection` (feature `tokio`), with the same three calls. The high-level
//! APIs (`rtnl`, the families) are written as operations, so every read and change they offer
//! exists once and serves both the blocking and the async handles; only the I/O differs.
//!
//! # A malformed object never stops a dump, and is never dropped silently
//!
//! [`Dump::decode`] reads one message; when it fails (an attribute whose length lies, a value
//! of the wrong size, a conversion to the owned form that fails), that object is reported and
//! the dump goes on with the next message. The drivers expose it three ways:
//! - `for_each_result`: the callback gets `Result<Item, ObjectError>` for every object, in
//!   order ([`crate::ObjectError`] names its position in the dump, its message type and the
//!   decode error, which names the attribute set, the attribute and its offset);
//! - `for_each`: the callback gets the good items; once the dump has ended, the call returns
//!   [`Error::Objects`] listing the failures (the first [`ObjectErrors::KEPT`] and a count);
//! - `collect`: the whole dump is read, then either every item (`Ok(Vec)`) or
//!   [`Error::Objects`]; the owned `Stream` of the async driver yields `Err` in place of the
//!   object and goes on.
//!
//! Errors of the dump itself (the socket, a kernel error, a datagram whose framing is broken,
//! `NLM_F_DUMP_INTR`) still end it.
//!
//! A new operation is a type implementing one of the traits:
//!
//! ```no_run
//! use netlink_runtime::op::{Dump, Request};
//! use netlink_runtime::{Error, Message, MessageBuilder, Protocol, Reply, Socket};
//! use netlink_runtime::schemas::rtnetlink::{ifinfomsg, RTM_GETLINK, RTM_NEWLINK};
//!
//! /// Count the links (a dump whose items are the messages' interface indexes).
//! struct LinkIndexes;
//! impl Dump for LinkIndexes {
//!     type Item<'a> = i32;
//!     fn request(&self) -> Result<MessageBuilder, Error> {
//!         let mut m = MessageBuilder::new(RTM_GETLINK, 0);
//!         m.push_header(&ifinfomsg::default());
//!         Ok(m)
//!     }
//!     fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<i32>, Error> {
//!         if msg.kind() != RTM_NEWLINK {
//!             return Ok(None);
//!         }
//!         let h: ifinfomsg = netlink_runtime::codec::Record::read(msg.payload());
//!         Ok(Some(h.ifi_index))
//!     }
//! }
//!
//! # fn main() -> Result<(), Error> {
//! let mut sock = Socket::open(Protocol::ROUTE)?;
//! let mut n = 0;
//! sock.for_each(&LinkIndexes, |_index| -> Result<(), Error> {
//!     n += 1;
//!     Ok(())
//! })?;
//! # Ok(()) }
//! ```

use crate::builder::{AsRequest, Batch, BuildError, MessageBuilder};
use crate::error::{Error, ObjectError, ObjectErrors};
use crate::message::Message;
use crate::request::{DumpState, DumpStep, Reply};
use crate::socket::Socket;

/// What a request sends: one message, or a batch of messages sent in one datagram (each gets its
/// own sequence number and ACK).
#[derive(Debug, Clone)]
pub enum Outgoing {
    /// One message.
    Message(MessageBuilder),
    /// Several messages.
    Batch(Batch),
}

impl From<MessageBuilder> for Outgoing {
    fn from(m: MessageBuilder) -> Self {
        Outgoing::Message(m)
    }
}

impl From<Batch> for Outgoing {
    fn from(b: Batch) -> Self {
        Outgoing::Batch(b)
    }
}

impl AsRequest for Outgoing {
    fn request_bytes(&mut self) -> Result<&mut [u8], BuildError> {
        match self {
            Outgoing::Message(m) => m.request_bytes(),
            Outgoing::Batch(b) => b.request_bytes(),
        }
    }
    fn answers(&self) -> crate::builder::Answers {
        match self {
            Outgoing::Message(m) => m.answers(),
            Outgoing::Batch(b) => b.answers(),
        }
    }
}

/// A request answered by an ACK: create, change or delete an object, or a `GET` of one object.
///
/// The driver adds `NLM_F_REQUEST | NLM_F_ACK`, the sequence number(s) and the port id, sends,
/// and collects the messages the kernel answers with before the ACK ([`Reply`]).
pub trait Request {
    /// What the caller gets back.
    type Output;
    /// The message(s) to send.
    fn request(&self) -> Result<Outgoing, Error>;
    /// Reads the kernel's answer (an empty [`Reply`] for a plain ACK).
    fn finish(&self, reply: Reply) -> Result<Self::Output, Error>;
    /// What a failed request becomes; by default the error itself. An operation may map a
    /// kernel error to its own meaning (`ENODEV` on a lookup by name is
    /// [`Error::NotFound`]).
    fn on_error(&self, error: Error) -> Result<Self::Output, Error> {
        Err(error)
    }
}

/// A dump: a request with `NLM_F_DUMP` answered by a stream of messages, each read into an item
/// borrowed from the receive buffer.
pub trait Dump {
    /// One item of the dump, borrowed from the receive buffer.
    type Item<'a>;
    /// The dump request (the driver adds `NLM_F_DUMP`). Kernel-side filters go here.
    fn request(&self) -> Result<MessageBuilder, Error>;
    /// Reads one message: `Ok(None)` skips it (another message type, or an object the kernel
    /// did not filter out that the operation's filter rejects).
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<Self::Item<'a>>, Error>;
    /// Reads one message and lends its item to `f` (`Ok(None)` skips it, as with
    /// [`Dump::decode`]). By default `decode`, then `f` on the result; a dump whose items are
    /// large overrides it to lend the item where the parser built it: each move of a
    /// `RouteRef` (336 bytes) is a `memcpy` per route.
    #[inline]
    fn decode_with<'a, R>(
        &self,
        msg: &Message<'a>,
        f: impl FnOnce(&Self::Item<'a>) -> R,
    ) -> Result<Option<R>, Error> {
        Ok(self.decode(msg)?.map(|item| f(&item)))
    }
}

/// `Dump::decode` and `Dump::decode_with` (in an `impl Dump`) for a dump of one message type
/// `$kind` whose items are `$item`s parsed in place, each kept when `self.$keep(&item)` says so
/// (every one without `$keep`): `decode_kept!(NeighbourRef, RTM_NEWNEIGH, wanted);`.
#[cfg(feature = "rtnl")]
macro_rules! decode_kept {
    ($item:ident, $kind:expr) => {
        $crate::op::decode_kept!(@impl $item, $kind, |_this, _item| true);
    };
    ($item:ident, $kind:expr, $keep:ident) => {
        $crate::op::decode_kept!(@impl $item, $kind, |this, item| this.$keep(item));
    };
    (@impl $item:ident, $kind:expr, |$this:ident, $it:ident| $keep:expr) => {
        #[inline]
        fn decode<'a>(
            &self,
            msg: &$crate::Message<'a>,
        ) -> Result<Option<$item<'a>>, $crate::Error> {
            let $this = self;
            $crate::op::parse_kept(msg, $kind, |$it: &$item<'a>| $keep)
        }
        #[inline]
        fn decode_with<'a, R>(
            &self,
            msg: &$crate::Message<'a>,
            f: impl FnOnce(&$item<'a>) -> R,
        ) -> Result<Option<R>, $crate::Error> {
            let $this = self;
            $crate::op::lend_kept(msg, $kind, |$it: &$item<'a>| $keep, f)
        }
    };
}
#[cfg(feature = "rtnl")]
pub(crate) use decode_kept;

/// [`Dump::decode`] for a dump of one message type `kind` whose items are parsed by
/// `T::from_message` and kept when `keep` says so.
#[cfg(feature = "rtnl")]
#[inline]
pub(crate) fn parse_kept<'a, T: crate::codec::FromMessage<'a>>(
    msg: &Message<'a>,
    kind: u16,
    keep: impl FnOnce(&T) -> bool,
) -> Result<Option<T>, Error> {
    if msg.kind() != kind {
        return Ok(None);
    }
    match T::from_message(msg) {
        Ok(t) if keep(&t) => Ok(Some(t)),
        Ok(_) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// [`Dump::decode_with`] for the same dump as [`parse_kept`]: the item is lent to `f` where
/// the parser built it, not moved out of the parser's `Result`.
#[cfg(feature = "rtnl")]
#[inline]
pub(crate) fn lend_kept<'a, T: crate::codec::FromMessage<'a>, R>(
    msg: &Message<'a>,
    kind: u16,
    keep: impl FnOnce(&T) -> bool,
    f: impl FnOnce(&T) -> R,
) -> Result<Option<R>, Error> {
    if msg.kind() != kind {
        return Ok(None);
    }
    match &T::from_message(msg) {
        Ok(t) if keep(t) => Ok(Some(f(t))),
        Ok(_) => Ok(None),
        Err(e) => Err(e.clone().into()),
    }
}

/// A dump whose items have an owned form, for `Vec`s and owned streams.
pub trait DumpOwned: Dump {
    /// The owned form of an item.
    type Owned: Send + 'static;
    /// Converts a borrowed item.
    fn to_owned(&self, item: &Self::Item<'_>) -> Result<Self::Owned, Error>;
    /// Converts an item the driver is done with. By default [`DumpOwned::to_owned`]; a dump
    /// whose items are already owned moves them instead of cloning every one.
    fn take_owned(&self, item: Self::Item<'_>) -> Result<Self::Owned, Error> {
        self.to_owned(&item)
    }
    /// Reads one message straight into the owned form (`Ok(None)` skips it), as `collect`
    /// and owned streams do: by default [`Dump::decode`] then [`DumpOwned::take_owned`], in
    /// one place so that the borrowed item is built where it is used, not moved.
    #[inline]
    fn decode_owned(&self, msg: &Message<'_>) -> Result<Option<Self::Owned>, Error> {
        match self.decode(msg)? {
            Some(item) => self.take_owned(item).map(Some),
            None => Ok(None),
        }
    }
}

/// A dump read into one value rather than a `Vec` (a table keyed by something, a total): the
/// drivers' `fold` starts from [`DumpFold::init`] and adds every item, starting over while the
/// kernel flags the dump `NLM_F_DUMP_INTR`, as `collect` does.
pub trait DumpFold: Dump {
    /// The value the dump is read into.
    type Output;
    /// The value before the first item.
    fn init(&self) -> Self::Output;
    /// Adds one item.
    fn fold(&self, acc: &mut Self::Output, item: Self::Item<'_>) -> Result<(), Error>;
}

/// How the multicast notifications of a protocol or family are read into typed events, shared
/// by the blocking subscription ([`Socket::next_notification`]) and the async one
/// (`tokio::Subscription`, a `Stream`).
pub trait Notifications {
    /// One event.
    type Event: Send + 'static;
    /// Reads one notification message: `Ok(None)` skips a message the subscription does not
    /// model.
    fn decode(&self, msg: &Message<'_>) -> Result<Option<Self::Event>, Error>;
}

/// How many times [`Socket::collect`] (and the async `collect`) start a dump over when the
/// kernel flags it `NLM_F_DUMP_INTR` (the data changed under the dump), so that a returned
/// `Vec` is consistent.
pub const DUMP_ATTEMPTS: u32 = 3;

impl Socket {
    /// Runs a request: sends it, waits for the ACK(s), reads the answer.
    pub fn run<R: Request + ?Sized>(&mut self, op: &R) -> Result<R::Output, Error> {
        let mut out = op.request()?;
        match self.request(&mut out) {
            Ok(reply) => op.finish(reply),
            Err(e) => op.on_error(e),
        }
    }

    /// Runs a dump, calling `f` with each item (borrowed from the receive buffer; nothing is
    /// allocated per message by the driver). An `Err` from `f` stops early and is returned;
    /// the rest of the dump is discarded by sequence number later.
    ///
    /// An object that does not decode does not stop the dump: every other object is delivered,
    /// and the call then returns [`Error::Objects`] naming each failure (position, message type,
    /// the attribute and offset that were wrong). Use [`Socket::for_each_result`] to see each
    /// failure where it occurs instead. After the data, a dump the kernel flagged
    /// `NLM_F_DUMP_INTR` ends with [`Error::DumpInterrupted`].
    pub fn for_each<D, E, F>(&mut self, op: &D, mut f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        let mut failed = ObjectErrors::default();
        let mut delivered = 0u64;
        self.for_each_indexed(op, |index, kind, item| match item {
            Ok(Some(item)) => {
                delivered += 1;
                f(item)
            }
            Ok(None) => Ok(()),
            Err(e) => {
                failed.push(ObjectError::new(index, kind, e));
                Ok(())
            }
        })?;
        failed.into_result(delivered).map_err(E::from)
    }

    /// [`Socket::for_each`], lending each item to `f` (through [`Dump::decode_with`]): no
    /// move of the item between the parser and `f`. The handles' `for_each_*` methods, which
    /// give `&Item`, use it.
    pub fn for_each_ref<D, E, F>(&mut self, op: &D, mut f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(&D::Item<'_>) -> Result<(), E>,
    {
        let mut failed = ObjectErrors::default();
        let mut delivered = 0u64;
        let mut req = op.request()?;
        let mut dump = self.dump(&mut req)?;
        let mut index = 0u64;
        while let Some(msg) = dump.next()? {
            match op.decode_with(&msg, &mut f) {
                Ok(Some(r)) => {
                    delivered += 1;
                    r?
                }
                Ok(None) => {}
                Err(e) => failed.push(ObjectError::new(index, msg.kind(), e)),
            }
            index += 1;
        }
        failed.into_result(delivered).map_err(E::from)
    }

    /// Runs a dump, calling `f` with each object as it arrives: `Ok(item)`, or `Err` for an
    /// object that could not be decoded (the dump goes on with the next one). Errors of the
    /// dump itself (socket, kernel, framing, `NLM_F_DUMP_INTR`) are the call's result.
    pub fn for_each_result<D, E, F>(&mut self, op: &D, mut f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(Result<D::Item<'_>, ObjectError>) -> Result<(), E>,
    {
        self.for_each_indexed(op, |index, kind, item| match item {
            Ok(Some(item)) => f(Ok(item)),
            Ok(None) => Ok(()),
            Err(e) => f(Err(ObjectError::new(index, kind, e))),
        })
    }

    /// The dump loop: `f` gets each message's position and type with what
    /// [`Dump::decode`] made of it, as it was returned: an item can be a few hundred bytes
    /// (`RouteRef` is 336), and each re-wrapping on the way to the user's closure (into
    /// another `Result`, through `map_err`) would be a `memcpy` per object.
    fn for_each_indexed<D, E, F>(&mut self, op: &D, mut f: F) -> Result<(), E>
    where
        D: Dump + ?Sized,
        E: From<Error>,
        F: FnMut(u64, u16, Result<Option<D::Item<'_>>, Error>) -> Result<(), E>,
    {
        let mut req = op.request()?;
        let mut dump = self.dump(&mut req)?;
        let mut index = 0u64;
        while let Some(msg) = dump.next()? {
            f(index, msg.kind(), op.decode(&msg))?;
            index += 1;
        }
        Ok(())
    }

    /// One attempt of `collect`: every owned item into `out`, every failure into `failed`.
    fn collect_into<D: DumpOwned + ?Sized>(
        &mut self,
        op: &D,
        out: &mut Vec<D::Owned>,
        failed: &mut ObjectErrors,
    ) -> Result<(), Error> {
        let mut req = op.request()?;
        let mut dump = self.dump(&mut req)?;
        let mut index = 0u64;
        while let Some(msg) = dump.next()? {
            match op.decode_owned(&msg) {
                Ok(Some(o)) => out.push(o),
                Ok(None) => {}
                Err(e) => failed.push(ObjectError::new(index, msg.kind(), e)),
            }
            index += 1;
        }
        Ok(())
    }

    /// Runs a dump into a `Vec` of owned items, starting over (up to [`DUMP_ATTEMPTS`] in all)
    /// while the kernel flags it `NLM_F_DUMP_INTR`. Objects that do not decode (or convert)
    /// are reported together as [`Error::Objects`] once the whole dump has been read.
    pub fn collect<D: DumpOwned + ?Sized>(&mut self, op: &D) -> Result<Vec<D::Owned>, Error> {
        retry_interrupted(|| {
            let mut out = Vec::new();
            let mut failed = ObjectErrors::default();
            self.collect_into(op, &mut out, &mut failed)?;
            let n = out.len() as u64;
            failed.into_result(n).map(|()| out)
        })
    }

    /// Runs a dump into one value ([`DumpFold`]), starting over (up to [`DUMP_ATTEMPTS`] in
    /// all) while the kernel flags it `NLM_F_DUMP_INTR`.
    pub fn fold<D: DumpFold + ?Sized>(&mut self, op: &D) -> Result<D::Output, Error> {
        retry_interrupted(|| {
            let mut acc = op.init();
            self.for_each(op, |item| op.fold(&mut acc, item))?;
            Ok(acc)
        })
    }

    /// Starts a dump read as an [`Iterator`] of owned items ([`DumpIter`]): the blocking
    /// counterpart of the async `DumpStream`.
    pub fn dump_iter<D: DumpOwned>(&mut self, op: D) -> Result<DumpIter<'_, D>, Error> {
        self.drain_abandoned()?;
        let st = self.begin_dump(&mut op.request()?)?;
        Ok(DumpIter {
            sock: self,
            st,
            op,
            finished: false,
        })
    }
}

/// Runs `attempt` again while it fails with [`Error::DumpInterrupted`], up to
/// [`DUMP_ATTEMPTS`] times in all; the last failure reports how many attempts were made.
pub(crate) fn retry_interrupted<T>(
    mut attempt: impl FnMut() -> Result<T, Error>,
) -> Result<T, Error> {
    let mut n = 1;
    loop {
        match attempt() {
            Err(Error::DumpInterrupted { .. }) if n < DUMP_ATTEMPTS => n += 1,
            Err(Error::DumpInterrupted { .. }) => {
                return Err(Error::DumpInterrupted { attempts: n })
            }
            r => return r,
        }
    }
}

/// A dump in progress on a blocking socket, read as an [`Iterator`] of owned items (made by
/// [`Socket::dump_iter`]). Memory stays bounded by the receive buffer; the kernel produces the
/// dump as it is read. A message that does not decode is an `Err` item and the dump goes on;
/// after the last item, a dump the kernel flagged `NLM_F_DUMP_INTR` yields
/// `Err(Error::DumpInterrupted)` once (see [`DumpIter::restart`] to start over). Dropping it
/// before the end is fine: the rest of the dump is discarded by sequence number.
#[derive(Debug)]
pub struct DumpIter<'s, D> {
    sock: &'s mut Socket,
    st: DumpState,
    op: D,
    finished: bool,
}

impl<D> Drop for DumpIter<'_, D> {
    fn drop(&mut self) {
        self.sock.abandon_dump(&mut self.st);
    }
}

impl<D: DumpOwned> DumpIter<'_, D> {
    /// Whether a message so far carried `NLM_F_DUMP_INTR`.
    pub fn interrupted(&self) -> bool {
        self.st.interrupted
    }

    /// Starts the dump over on the same socket (after the end, typically after
    /// `Err(Error::DumpInterrupted)`: discard what the interrupted attempt gave, then read on).
    /// Before the end, the rest of the current dump is read and discarded first.
    pub fn restart(&mut self) -> Result<(), Error> {
        self.sock.abandon_dump(&mut self.st);
        self.sock.drain_abandoned()?;
        self.st = self.sock.begin_dump(&mut self.op.request()?)?;
        self.finished = false;
        Ok(())
    }
}

impl<D: DumpOwned> Iterator for DumpIter<'_, D> {
    type Item = Result<D::Owned, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        loop {
            let step = match self.sock.dump_step(&mut self.st) {
                Ok(step) => step,
                Err(e) => {
                    self.finished = true;
                    return Some(Err(e));
                }
            };
            match step {
                DumpStep::Deliver(pos, len) => {
                    let msg = self.sock.message_at(pos, len);
                    match self.op.decode_owned(&msg) {
                        Ok(Some(item)) => return Some(Ok(item)),
                        Ok(None) => continue,
                        Err(e) => return Some(Err(e)),
                    }
                }
                DumpStep::Finished => {
                    self.finished = true;
                    return None;
                }
                DumpStep::NeedRecv => {
                    let r = self.sock.recv_datagram(false);
                    if let Err(e) = self.sock.dump_on_recv(&mut self.st, r) {
                        self.finished = true;
                        return Some(Err(e));
                    }
                }
            }
        }
    }
}

impl Socket {
    /// Waits for the next notification `n` models (see [`Socket::next_event`]): after lost
    /// events (receive queue overrun) this returns [`Error::Overrun`] once and then goes on;
    /// re-dump to resynchronise.
    pub fn next_notification<N: Notifications + ?Sized>(
        &mut self,
        n: &N,
    ) -> Result<N::Event, Error> {
        loop {
            let msg = self.next_event()?;
            if let Some(e) = n.decode(&msg)? {
                return Ok(e);
            }
        }
    }
}

/// A request that sends `msg` and expects a plain ACK: the shape of most create, change and
/// delete operations.
#[derive(Debug, Clone)]
pub struct Ack(pub MessageBuilder);

impl Request for Ack {
    type Output = ();
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(self.0.clone().into())
    }
    fn finish(&self, _reply: Reply) -> Result<(), Error> {
        Ok(())
    }
}

/// Defines the high-level methods of a blocking handle and its async twin from one list of
/// operations (used by `rtnl`, each generic family and the netfilter subsystems; a new
/// subsystem uses it the same way):
///
/// ```text
/// crate::op::handle_methods! {
///     handles: BlockingType, AsyncType;
///     example: "use path::*", "let mut h = BlockingType::new()?;", "let h = AsyncType::new().await?;";
///     context: fam = family;            // optional: `let fam = self.family();` in every body
///     entries...
/// }
/// ```
///
/// Each entry has doc comments, optional `#[setup = ".."]` lines and one
/// `#[example = "h.call(..)"]`, from which the blocking and the async doc examples are
/// written. Entry forms:
///
/// - `pub fn name<'l>(args) -> T = run(op);`: a request (`collect(op)` for a dump into a
///   `Vec`, `fold(op)` for a [`DumpFold`]; any driver method the handles have);
/// - `pub fn for_each_x(args) |ItemRef| = op;`: a dump streamed through a callback
///   `FnMut(&ItemRef) -> Result<(), Error>` (items decoded from the receive buffer; a borrowed
///   item type's lifetime is elided: `|RouteRef|`);
/// - `pub fn x_stream(args) -> stream<OpType> = op;`: a dump of owned items, a [`DumpIter`]
///   on the blocking handle and a `tokio::DumpStream` on the async one.
///
/// The blocking method takes `&mut self`, the async one `&self` (the async handle is shared by
/// many tasks); both return `Result<_, crate::Error>`. The handles provide the drivers:
/// `run`, `collect`, `fold`, `for_each` and `stream`.
#[allow(unused_macros)] // a build with no high-level module (only the core) has no handles
macro_rules! handle_methods {
    (
        handles: $blocking:path, $asynch:path;
        example: $use:literal, $new_blocking:literal, $new_async:literal;
        context: $ctx:ident = $getter:ident;
        $($entry:tt)*
    ) => {
        crate::op::handle_methods!(@blocking [$blocking, $use, $new_blocking, ($ctx = $getter)] [] $($entry)*);
        #[cfg(feature = "tokio")]
        crate::op::handle_methods!(@async [$asynch, $use, $new_async, ($ctx = $getter)] [] $($entry)*);
    };
    (
        handles: $blocking:path, $asynch:path;
        example: $use:literal, $new_blocking:literal, $new_async:literal;
        $($entry:tt)*
    ) => {
        crate::op::handle_methods!(@blocking [$blocking, $use, $new_blocking, ()] [] $($entry)*);
        #[cfg(feature = "tokio")]
        crate::op::handle_methods!(@async [$asynch, $use, $new_async, ()] [] $($entry)*);
    };

    // `let ctx = self.getter();`, or nothing.
    (@ctx $this:ident ()) => {};
    (@ctx $this:ident ($ctx:ident = $getter:ident)) => {
        let $ctx = $this.$getter();
    };

    // ---- blocking ----
    (@blocking [$($h:tt)*] [$($done:tt)*]
        $(#[doc = $doc:literal])*
        $(#[setup = $setup:literal])*
        #[example = $call:literal]
        pub fn $name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),* $(,)?) -> stream<$opty:ty> = $op:expr;
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@blocking_emit [$($h)*] [$($done)*] [$($doc)*] [$($setup)*]
            [concat!("for item in ", $call, "? {"), "    let item = item?;", "}"]
            [$name $(<$($lt),+>)? ($($arg: $ty),*) -> crate::op::DumpIter<'_, $opty>]
            [stream($op)]
            $($rest)*);
    };
    (@blocking [$($h:tt)*] [$($done:tt)*]
        $(#[doc = $doc:literal])*
        $(#[setup = $setup:literal])*
        #[example = $call:literal]
        pub fn $name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),* $(,)?) -> $out:ty = $driver:ident($op:expr);
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@blocking_emit [$($h)*] [$($done)*] [$($doc)*] [$($setup)*]
            [concat!("let out = ", $call, "?;"), "# let _ = out;"]
            [$name $(<$($lt),+>)? ($($arg: $ty),*) -> $out]
            [$driver(&$op)]
            $($rest)*);
    };
    (@blocking [$b:path, $use:literal, $new:literal, ($($ctx:tt)*)] [$($done:tt)*]
        $(#[doc = $doc:literal])*
        $(#[setup = $setup:literal])*
        #[example = $call:literal]
        pub fn $name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),* $(,)?) |$item:ty| = $op:expr;
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@blocking [$b, $use, $new, ($($ctx)*)] [$($done)*
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = "```no_run"]
            #[doc = concat!("# #[allow(unused_imports)] use ", $use, ";")]
            #[doc = "# fn main() -> Result<(), netlink_runtime::Error> {"]
            #[doc = $new]
            $(#[doc = $setup])*
            #[doc = concat!($call, "?;")]
            #[doc = "# Ok(()) }"]
            #[doc = "```"]
            pub fn $name<$($($lt,)+)? F>(&mut self, $($arg: $ty,)* f: F) -> Result<(), crate::Error>
            where
                F: FnMut(&$item) -> Result<(), crate::Error>,
            {
                crate::op::handle_methods!(@ctx self ($($ctx)*));
                self.for_each_ref(&$op, f)
            }
        ] $($rest)*);
    };
    (@blocking_emit [$b:path, $use:literal, $new:literal, ($($ctx:tt)*)] [$($done:tt)*] [$($doc:literal)*] [$($setup:literal)*]
        [$($ex:expr),*]
        [$name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),*) -> $out:ty]
        [$driver:ident($($op:tt)*)]
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@blocking [$b, $use, $new, ($($ctx)*)] [$($done)*
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = "```no_run"]
            #[doc = concat!("# #[allow(unused_imports)] use ", $use, ";")]
            #[doc = "# fn main() -> Result<(), netlink_runtime::Error> {"]
            #[doc = $new]
            $(#[doc = $setup])*
            $(#[doc = $ex])*
            #[doc = "# Ok(()) }"]
            #[doc = "```"]
            pub fn $name $(<$($lt),+>)? (&mut self, $($arg: $ty),*) -> Result<$out, crate::Error> {
                crate::op::handle_methods!(@ctx self ($($ctx)*));
                self.$driver($($op)*)
            }
        ] $($rest)*);
    };
    (@blocking [$b:path, $($x:tt)*] [$($done:tt)*]) => {
        impl $b {
            $($done)*
        }
    };

    // ---- async ----
    (@async [$($h:tt)*] [$($done:tt)*]
        $(#[doc = $doc:literal])*
        $(#[setup = $setup:literal])*
        #[example = $call:literal]
        pub fn $name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),* $(,)?) -> stream<$opty:ty> = $op:expr;
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@async_emit [$($h)*] [$($done)*] [$($doc)*] [$($setup)*]
            ["use futures::StreamExt;", concat!("let mut s = ", $call, ".await?;"),
             "while let Some(item) = s.next().await {", "    let item = item?;", "}"]
            [$name $(<$($lt),+>)? ($($arg: $ty),*) -> crate::tokio::DumpStream<$opty>]
            [stream($op)]
            $($rest)*);
    };
    (@async [$($h:tt)*] [$($done:tt)*]
        $(#[doc = $doc:literal])*
        $(#[setup = $setup:literal])*
        #[example = $call:literal]
        pub fn $name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),* $(,)?) -> $out:ty = $driver:ident($op:expr);
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@async_emit [$($h)*] [$($done)*] [$($doc)*] [$($setup)*]
            [concat!("let out = ", $call, ".await?;"), "# let _ = out;"]
            [$name $(<$($lt),+>)? ($($arg: $ty),*) -> $out]
            [$driver(&$op)]
            $($rest)*);
    };
    (@async [$a:path, $use:literal, $new:literal, ($($ctx:tt)*)] [$($done:tt)*]
        $(#[doc = $doc:literal])*
        $(#[setup = $setup:literal])*
        #[example = $call:literal]
        pub fn $name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),* $(,)?) |$item:ty| = $op:expr;
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@async [$a, $use, $new, ($($ctx)*)] [$($done)*
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = "```no_run"]
            #[doc = concat!("# #[allow(unused_imports)] use ", $use, ";")]
            #[doc = "# async fn example() -> Result<(), netlink_runtime::Error> {"]
            #[doc = $new]
            $(#[doc = $setup])*
            #[doc = concat!($call, ".await?;")]
            #[doc = "# Ok(()) }"]
            #[doc = "```"]
            pub async fn $name<$($($lt,)+)? F>(&self, $($arg: $ty,)* mut f: F) -> Result<(), crate::Error>
            where
                F: FnMut(&$item) -> Result<(), crate::Error>,
            {
                crate::op::handle_methods!(@ctx self ($($ctx)*));
                self.for_each(&$op, |item| f(&item)).await
            }
        ] $($rest)*);
    };
    (@async_emit [$a:path, $use:literal, $new:literal, ($($ctx:tt)*)] [$($done:tt)*] [$($doc:literal)*] [$($setup:literal)*]
        [$($ex:expr),*]
        [$name:ident $(<$($lt:lifetime),+>)? ($($arg:ident : $ty:ty),*) -> $out:ty]
        [$driver:ident($($op:tt)*)]
        $($rest:tt)*
    ) => {
        crate::op::handle_methods!(@async [$a, $use, $new, ($($ctx)*)] [$($done)*
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = "```no_run"]
            #[doc = concat!("# #[allow(unused_imports)] use ", $use, ";")]
            #[doc = "# async fn example() -> Result<(), netlink_runtime::Error> {"]
            #[doc = $new]
            $(#[doc = $setup])*
            $(#[doc = $ex])*
            #[doc = "# Ok(()) }"]
            #[doc = "```"]
            pub async fn $name $(<$($lt),+>)? (&self, $($arg: $ty),*) -> Result<$out, crate::Error> {
                crate::op::handle_methods!(@ctx self ($($ctx)*));
                self.$driver($($op)*).await
            }
        ] $($rest)*);
    };
    (@async [$a:path, $($x:tt)*] [$($done:tt)*]) => {
        impl $a {
            $($done)*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use handle_methods;
