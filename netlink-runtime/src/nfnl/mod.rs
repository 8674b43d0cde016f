//! nfnetlink (`NETLINK_NETFILTER`), the protocol of netfilter's subsystems: connection tracking
//! (feature `conntrack`), nf_tables (`nftables`) and ipset (`ipset`).
//!
//! - Every message starts with `nfgenmsg` (family, version, `res_id`) and its type carries the
//!   subsystem in its high byte: [`msg_type`]`(NFNL_SUBSYS_NFTABLES, NFT_MSG_NEWTABLE)`.
//! - Changes to nf_tables are made in a [`Transaction`]: a batch framed by
//!   `NFNL_MSG_BATCH_BEGIN` / `NFNL_MSG_BATCH_END` (the subsystem in `res_id`) that the kernel
//!   applies entirely or not at all. It is an [`op::Request`] whose output,
//!   [`TransactionReport`], maps every answer (ACK, or error with its extended-ACK text) back to
//!   the member that caused it; [`TransactionReport::check`] names the first failed member.
//! - Multicast groups are the schema's `NFNLGRP_*`; [`Subscription`] reads them as typed
//!   events (the async one is `tokio::Subscription`).
//! - [`Handle`] (blocking) and [`AsyncHandle`] (feature `tokio`) run the operations of every
//!   netfilter subsystem enabled; their method lists are written once per subsystem
//!   (`conntrack_*`, `nft_*`, `ipset_*`).

use std::time::Duration;

use crate::builder::{Batch, MessageBuilder};
use crate::codec::Record as _;
use crate::error::{Error, KernelError, TransactionError};
use crate::netns::NetnsRef;
use crate::op::{self, Dump, DumpOwned, Notifications, Outgoing, Request};
use crate::request::{Answer, Reply};
use crate::schemas::netlink::NLM_F_ACK;
use crate::schemas::nfnetlink::{
    nfgenmsg, NFNETLINK_V0, NFNL_BATCH_GENID, NFNL_SUBSYS_NONE, NFPROTO_UNSPEC,
};
use crate::{Message, Protocol, Socket};

/// The first and last message of a batch (schema `nfnetlink`: nfnetlink.h defines them as
/// `NLMSG_MIN_TYPE` and `NLMSG_MIN_TYPE+1`, read with linux/netlink.h as context).
pub use crate::schemas::nfnetlink::{NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END};

/// The message type of subsystem `subsys`'s message `msg` (`NFNL_SUBSYS_ID << 8 | msg`).
#[inline]
pub const fn msg_type(subsys: u16, msg: u16) -> u16 {
    (subsys << 8) | (msg & 0xff)
}

/// The subsystem of a message type (`NFNL_SUBSYS_ID`).
#[inline]
pub const fn subsystem(kind: u16) -> u16 {
    kind >> 8
}

/// The subsystem's own message number of a message type (`NFNL_MSG_TYPE`).
#[inline]
pub const fn command(kind: u16) -> u16 {
    kind & 0xff
}

/// A message of subsystem `subsys` with an `nfgenmsg` header (version `NFNETLINK_V0`).
pub fn message(subsys: u16, msg: u16, flags: u16, family: u8, res_id: u16) -> MessageBuilder {
    let mut b = MessageBuilder::new(msg_type(subsys, msg), flags);
    b.push_header(&nfgenmsg {
        nfgen_family: family,
        version: NFNETLINK_V0,
        res_id,
    });
    b
}

/// The `nfgenmsg` of a received message (zero-filled if the message is too short).
pub fn header(msg: &Message<'_>) -> nfgenmsg {
    nfgenmsg::read(msg.payload())
}

/// Whether the kernel should acknowledge every member of a [`Transaction`] or only report
/// errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum MemberAcks {
    /// Every member asks for an ACK (`NLM_F_ACK`), so each one's answer is known. The
    /// socket's receive queue is grown to hold them all (about 1 KiB each).
    #[default]
    Each,
    /// Only the last member asks for an ACK, the others answer only when they fail: for
    /// transactions of many thousands of members. The last ACK proves the kernel read the
    /// whole batch; members without an answer did not fail.
    ErrorsOnly,
}

/// A transaction: messages of one subsystem that the kernel applies entirely or not at all
/// (nf_tables' way of changing a ruleset; ipset and ctnetlink do not take batches).
///
/// ```no_run
/// # #[cfg(feature = "nftables")] {
/// use netlink_runtime::nfnl::{self, Handle, Transaction};
/// use netlink_runtime::schemas::nftables::{NFNL_SUBSYS_NFTABLES, NFT_MSG_NEWTABLE, NFPROTO_INET};
/// # fn main() -> Result<(), netlink_runtime::Error> {
/// let mut tx = Transaction::new(NFNL_SUBSYS_NFTABLES);
/// let mut table = nfnl::message(NFNL_SUBSYS_NFTABLES, NFT_MSG_NEWTABLE, 0, NFPROTO_INET, 0);
/// table.attr_str(netlink_runtime::schemas::nftables::NFTA_TABLE_NAME, "filter");
/// tx.push("add table inet filter", table);
/// let mut h = Handle::new()?;
/// let report = h.run(&tx)?; // every member's answer
/// report.check()?; // or the first failed member, named
/// # Ok(()) }
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Transaction {
    subsys: u16,
    genid: Option<u32>,
    acks: MemberAcks,
    members: Vec<(String, MessageBuilder)>,
}

impl Transaction {
    /// An empty transaction of subsystem `subsys` (`NFNL_SUBSYS_NFTABLES`).
    pub fn new(subsys: u16) -> Transaction {
        Transaction {
            subsys,
            genid: None,
            acks: MemberAcks::Each,
            members: Vec::new(),
        }
    }

    /// Adds a member: `what` describes it in reports and errors (`add rule inet filter
    /// input`).
    pub fn push(&mut self, what: impl Into<String>, msg: MessageBuilder) -> &mut Self {
        self.members.push((what.into(), msg));
        self
    }

    /// Applies the transaction only if the ruleset is still at generation `genid` (the
    /// kernel refuses it with `ERESTART` otherwise): for read-modify-write without races.
    pub fn genid(mut self, genid: u32) -> Self {
        self.genid = Some(genid);
        self
    }

    /// Which members ask for an ACK (see [`MemberAcks`]).
    pub fn acks(mut self, acks: MemberAcks) -> Self {
        self.acks = acks;
        self
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the transaction has no member.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members' descriptions, in order.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(w, _)| w.as_str())
    }

    /// The batch as sent: begin, members (with `NLM_F_ACK` as [`MemberAcks`] says), end.
    pub fn batch(&self) -> Result<Batch, Error> {
        let mut batch = Batch::transaction();
        // The batch messages belong to no subsystem (NFNL_SUBSYS_NONE): their type is the bare
        // number; the subsystem they frame is in res_id.
        let mut begin = message(
            NFNL_SUBSYS_NONE,
            NFNL_MSG_BATCH_BEGIN,
            0,
            NFPROTO_UNSPEC,
            self.subsys,
        );
        if let Some(g) = self.genid {
            begin.attr_be32(NFNL_BATCH_GENID, g);
        }
        batch.push(&begin)?;
        let last = self.members.len().saturating_sub(1);
        for (i, (_, m)) in self.members.iter().enumerate() {
            let ack = self.acks == MemberAcks::Each || i == last;
            if ack {
                let mut m = m.clone();
                m.set_flags(m.flags() | NLM_F_ACK);
                batch.push(&m)?;
            } else {
                batch.push(m)?;
            }
        }
        let end = message(
            NFNL_SUBSYS_NONE,
            NFNL_MSG_BATCH_END,
            0,
            NFPROTO_UNSPEC,
            self.subsys,
        );
        batch.push(&end)?;
        Ok(batch)
    }
}

/// What the kernel answered to one member of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemberResult {
    /// The member's description.
    pub what: String,
    /// Its answer: an ACK, an error, or nothing (a member that asked only for errors and did
    /// not fail, or every member when the kernel refused the batch before reading it).
    pub answer: Answer,
}

/// Every answer of a transaction, member by member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransactionReport {
    /// One result per member, in order.
    pub members: Vec<MemberResult>,
    /// The error the kernel sent for the batch as a whole (to its begin message): a stale
    /// generation id (`ERESTART`), a failed commit, no memory.
    pub batch_error: Option<KernelError>,
    acks: MemberAcks,
}

impl TransactionReport {
    /// Whether the kernel applied the transaction: no member and not the batch failed, and
    /// the answers prove it read the whole batch (every ACK, or the last member's).
    pub fn committed(&self) -> bool {
        if self.batch_error.is_some() || self.failures().next().is_some() {
            return false;
        }
        match self.acks {
            MemberAcks::Each => self
                .members
                .iter()
                .all(|m| matches!(m.answer, Answer::Ack(_))),
            MemberAcks::ErrorsOnly => self
                .members
                .last()
                .is_none_or(|m| matches!(m.answer, Answer::Ack(_))),
        }
    }

    /// The failed members: (index, result, error).
    pub fn failures(&self) -> impl Iterator<Item = (usize, &MemberResult, &KernelError)> {
        self.members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.answer.error().map(|e| (i, m, e)))
    }

    /// `Ok(self)` when the transaction was applied; otherwise an [`Error::Transaction`]
    /// naming the first failed member (or the batch) with the kernel's error.
    pub fn check(self) -> Result<TransactionReport, Error> {
        if self.committed() {
            return Ok(self);
        }
        let failed = self.failures().count();
        let members = self.members.len();
        let err = if let Some((i, m, e)) = self.failures().next() {
            TransactionError {
                member: Some(i),
                what: m.what.clone(),
                error: Some(e.clone()),
                failed,
                members,
            }
        } else {
            TransactionError {
                member: None,
                what: "the batch".into(),
                error: self.batch_error.clone(),
                failed,
                members,
            }
        };
        Err(Error::Transaction(Box::new(err)))
    }
}

impl Request for Transaction {
    type Output = TransactionReport;
    fn request(&self) -> Result<Outgoing, Error> {
        if self.members.is_empty() {
            return Err(Error::Invalid(
                "a transaction needs at least one member".into(),
            ));
        }
        Ok(self.batch()?.into())
    }
    fn finish(&self, reply: Reply) -> Result<TransactionReport, Error> {
        let answers = reply.answers();
        let n = self.members.len();
        let batch_error = answers.first().and_then(|a| a.error().cloned());
        let members = self
            .members
            .iter()
            .enumerate()
            .map(|(i, (what, _))| MemberResult {
                what: what.clone(),
                answer: answers.get(i + 1).cloned().unwrap_or_default(),
            })
            .collect::<Vec<_>>();
        debug_assert!(answers.is_empty() || answers.len() == n + 2);
        Ok(TransactionReport {
            members,
            batch_error,
            acks: self.acks,
        })
    }
}

/// A transaction that must be applied: its output is the report of a committed transaction,
/// its error names the member that failed ([`TransactionReport::check`]).
#[derive(Debug, Clone)]
pub struct Commit<'t>(pub &'t Transaction);

impl Request for Commit<'_> {
    type Output = TransactionReport;
    fn request(&self) -> Result<Outgoing, Error> {
        self.0.request()
    }
    fn finish(&self, reply: Reply) -> Result<TransactionReport, Error> {
        self.0.finish(reply)?.check()
    }
}

/// A blocking nfnetlink connection: one `NETLINK_NETFILTER` socket, in the caller's network
/// namespace or another one. Its methods (`conntrack_*`, `nft_*`, `ipset_*`, one list per
/// subsystem feature) run the same operations as [`AsyncHandle`]'s.
#[derive(Debug)]
pub struct Handle {
    sock: Socket,
}

impl Handle {
    /// Opens a socket in the calling thread's network namespace.
    pub fn new() -> Result<Handle, Error> {
        Ok(Handle {
            sock: Socket::open(Protocol::NETFILTER)?,
        })
    }

    /// Opens a socket in the namespace `ip netns` calls `name`.
    pub fn in_netns(name: &str) -> Result<Handle, Error> {
        Handle::in_netns_ref(NetnsRef::Name(name))
    }

    /// Opens a socket in namespace `ns` (name, path or fd).
    pub fn in_netns_ref(ns: NetnsRef<'_>) -> Result<Handle, Error> {
        Ok(Handle {
            sock: Socket::builder(Protocol::NETFILTER).open_in_netns(ns)?,
        })
    }

    /// Wraps an open `NETLINK_NETFILTER` socket.
    pub fn from_socket(sock: Socket) -> Handle {
        Handle { sock }
    }

    /// The underlying socket.
    pub fn socket(&mut self) -> &mut Socket {
        &mut self.sock
    }

    /// Runs any request operation (see [`crate::op`]).
    pub fn run<R: Request + ?Sized>(&mut self, op: &R) -> Result<R::Output, Error> {
        self.sock.run(op)
    }

    /// Runs any dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
    pub fn collect<D: DumpOwned + ?Sized>(&mut self, op: &D) -> Result<Vec<D::Owned>, Error> {
        self.sock.collect(op)
    }

    /// Runs any dump operation, calling `f` with each item.
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
}

/// An async nfnetlink handle for tokio services: `Clone + Send + Sync`, shared by any number of
/// tasks (a pool of sockets, see [`crate::tokio::Connection`]). Its methods run the same
/// operations as [`Handle`]'s.
#[cfg(feature = "tokio")]
#[derive(Debug, Clone)]
pub struct AsyncHandle {
    conn: crate::tokio::Connection,
}

#[cfg(feature = "tokio")]
impl AsyncHandle {
    /// A handle in the calling thread's network namespace. Call it inside a tokio runtime.
    pub fn new() -> Result<AsyncHandle, Error> {
        Ok(AsyncHandle {
            conn: crate::tokio::Connection::new(Protocol::NETFILTER)?,
        })
    }

    /// A handle in namespace `ns` (name, path or fd).
    pub fn in_netns_ref(ns: NetnsRef<'_>) -> Result<AsyncHandle, Error> {
        Ok(AsyncHandle {
            conn: crate::tokio::Connection::in_netns(Protocol::NETFILTER, ns)?,
        })
    }

    /// A handle over a connection configured by the caller; it must speak
    /// `NETLINK_NETFILTER`.
    pub fn from_connection(conn: crate::tokio::Connection) -> AsyncHandle {
        AsyncHandle { conn }
    }

    /// The connection.
    pub fn connection(&self) -> &crate::tokio::Connection {
        &self.conn
    }

    /// Runs any request operation.
    pub async fn run<R: Request + Sync + ?Sized>(&self, op: &R) -> Result<R::Output, Error> {
        self.conn.run(op).await
    }

    /// Runs any dump operation into owned items, retried on `NLM_F_DUMP_INTR`.
    pub async fn collect<D: DumpOwned + Sync + ?Sized>(
        &self,
        op: &D,
    ) -> Result<Vec<D::Owned>, Error> {
        self.conn.collect(op).await
    }

    /// Runs any dump operation, calling `f` with each item.
    pub async fn for_each<D, E, F>(&self, op: &D, f: F) -> Result<(), E>
    where
        D: Dump + Sync + ?Sized,
        E: From<Error>,
        F: FnMut(D::Item<'_>) -> Result<(), E>,
    {
        self.conn.for_each(op, f).await
    }

    /// Starts any dump operation as a `Stream` of owned items.
    pub async fn stream<D: DumpOwned + Unpin>(
        &self,
        op: D,
    ) -> Result<crate::tokio::DumpStream<D>, Error> {
        self.conn.dump(op).await
    }

    /// A subscription to multicast `groups` (`NFNLGRP_*`), read as a `Stream` of the events
    /// `decoder` makes of them.
    pub fn subscribe<N: Notifications>(
        &self,
        groups: &[u32],
        decoder: N,
    ) -> Result<crate::tokio::Subscription<N>, Error> {
        let sock = self.conn.open_socket()?;
        for &g in groups {
            sock.join_group(g)?;
        }
        Ok(crate::tokio::Subscription::new(sock, decoder))
    }
}

/// A blocking subscription to nfnetlink multicast groups (`NFNLGRP_*`), read as typed events
/// by a [`Notifications`] decoder (the same one the async `tokio::Subscription` uses).
#[derive(Debug)]
pub struct Subscription<N> {
    sock: Socket,
    decoder: N,
}

impl<N: Notifications> Subscription<N> {
    /// Joins `groups` on a new socket in the calling thread's namespace.
    pub fn new(groups: &[u32], decoder: N) -> Result<Self, Error> {
        Self::with_socket(Socket::open(Protocol::NETFILTER)?, groups, decoder)
    }

    /// Joins `groups` on `sock`.
    pub fn with_socket(sock: Socket, groups: &[u32], decoder: N) -> Result<Self, Error> {
        for &g in groups {
            sock.join_group(g)?;
        }
        Ok(Subscription { sock, decoder })
    }

    /// The next event (waits). After lost events this is [`Error::Overrun`] once, then the
    /// events go on: re-dump to resynchronise.
    pub fn next_event(&mut self) -> Result<N::Event, Error> {
        self.sock.set_recv_timeout(None)?;
        self.sock.next_notification(&self.decoder)
    }

    /// The next event, or `None` when none came within `timeout`.
    pub fn next_timeout(&mut self, timeout: Duration) -> Result<Option<N::Event>, Error> {
        self.sock.set_recv_timeout(Some(timeout))?;
        let r = self.sock.next_notification(&self.decoder);
        self.sock.set_recv_timeout(None)?;
        match r {
            Ok(e) => Ok(Some(e)),
            Err(Error::WouldBlock) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The socket (counters, port id).
    pub fn socket(&mut self) -> &mut Socket {
        &mut self.sock
    }
}

#[allow(unused_imports)]
pub(crate) use op::handle_methods;
