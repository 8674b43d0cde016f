//! Traffic control: qdiscs, classes, filters and actions, read and changed through structs
//! derived from the bundled `tc` schema (`schemas/tc.toml`), with their statistics and events.
//!
//! tc speaks rtnetlink, so its operations run on the rtnetlink handles: the methods below
//! ([`Handle::qdiscs`](crate::rtnl::Handle::qdiscs), `classes`, `filters`, `add_qdisc`, ...)
//! are generated for both [`rtnl::Handle`](crate::rtnl::Handle) and (feature `tokio`)
//! [`rtnl::AsyncHandle`](crate::rtnl::AsyncHandle) from one list of operations.
//!
//! ```no_run
//! use netlink_runtime::rtnl::Handle;
//! use netlink_runtime::tc::{HtbOptions, Options, TcFilter, TcHandle, TcSpec};
//! # fn main() -> Result<(), netlink_runtime::Error> {
//! let mut h = Handle::new()?;
//! let dev = h.link_index("eth0")?;
//! let root = TcSpec::qdisc(dev, TcHandle::ROOT, "htb")
//!     .handle(TcHandle::new(1, 0))
//!     .options(Options::Htb(HtbOptions::qdisc(0x20, 10)));
//! h.add_qdisc(&root)?;
//! let class = TcSpec::class(dev, TcHandle::new(1, 0), TcHandle::new(1, 0x10), "htb")
//!     .options(Options::Htb(HtbOptions::class(1_250_000, 2_500_000, 1600, 1600)));
//! h.add_class(&class)?;
//! for c in h.classes(&TcFilter::dev(dev))? {
//!     println!("{} parent {} {:?}", c.handle, c.parent, c.kind);
//! }
//! // Statistics of every class, streamed with no allocation per class:
//! h.for_each_class_stats(dev, |s| {
//!     println!("{} {} bytes", s.handle, s.bytes());
//!     Ok(())
//! })?;
//! # Ok(()) }
//! ```
//!
//! Reads come in a borrowed form ([`TcRef`], [`TcStatsRef`]: decoded in place from the receive
//! buffer) and an owned one ([`TcObject`], [`TcStats`]).

mod handle;
mod options;

pub use handle::TcHandle;
pub use options::{
    ActOptions, Action, BpfOptions, CakeOptions, CsumOptions, FlowerOptions, FqCodelOptions,
    FqOptions, GactOptions, HtbOptions, MatchallOptions, MirredOptions, NatOptions, NetemOptions,
    Options, PeditOptions, PoliceOptions, SkbeditOptions, Stats2, TbfOptions, U32Key, U32Options,
    U32Selector, VlanOptions, XStats,
};

use netlink_derive::Netlink;

use crate::codec::{Bitfield32, FromMessage, ToMessage};
use crate::op::{Ack, Dump, DumpOwned, Outgoing, Request};
use crate::schemas::netlink::{NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REPLACE};
use crate::schemas::tc::*;
use crate::{Error, Message, MessageBuilder};

/// The multicast group of tc changes (`RTNLGRP_TC`), for [`crate::rtnl::Events`].
pub const TC_GROUPS: &[u32] = &[RTNLGRP_TC];

/// Which kind of tc object a message or operation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum TcKind {
    /// A qdisc (`RTM_*QDISC`).
    Qdisc,
    /// A class (`RTM_*TCLASS`).
    Class,
    /// A filter (`RTM_*TFILTER`).
    Filter,
}

impl TcKind {
    fn new_type(self) -> u16 {
        match self {
            TcKind::Qdisc => RTM_NEWQDISC,
            TcKind::Class => RTM_NEWTCLASS,
            TcKind::Filter => RTM_NEWTFILTER,
        }
    }
    fn del_type(self) -> u16 {
        match self {
            TcKind::Qdisc => RTM_DELQDISC,
            TcKind::Class => RTM_DELTCLASS,
            TcKind::Filter => RTM_DELTFILTER,
        }
    }
    fn get_type(self) -> u16 {
        match self {
            TcKind::Qdisc => RTM_GETQDISC,
            TcKind::Class => RTM_GETTCLASS,
            TcKind::Filter => RTM_GETTFILTER,
        }
    }
    /// The kind of a `RTM_NEW*` / `RTM_DEL*` message type, and whether it is a deletion.
    pub fn of_message(kind: u16) -> Option<(TcKind, bool)> {
        Some(match kind {
            RTM_NEWQDISC => (TcKind::Qdisc, false),
            RTM_DELQDISC => (TcKind::Qdisc, true),
            RTM_NEWTCLASS => (TcKind::Class, false),
            RTM_DELTCLASS => (TcKind::Class, true),
            RTM_NEWTFILTER => (TcKind::Filter, false),
            RTM_DELTFILTER => (TcKind::Filter, true),
            _ => return None,
        })
    }
    fn name(self) -> &'static str {
        match self {
            TcKind::Qdisc => "qdisc",
            TcKind::Class => "class",
            TcKind::Filter => "filter",
        }
    }
}

/// A qdisc, class or filter as the kernel sends it, borrowed from the receive buffer (the
/// options and statistics are decoded only for the fields asked for here; unknown kinds keep
/// their raw options).
#[derive(Netlink, Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", message = "qdisc")]
pub struct TcRef<'a> {
    /// `tcm_family` (`AF_UNSPEC`).
    #[netlink(header = "tcm_family")]
    pub family: u8,
    /// `tcm_ifindex`.
    #[netlink(header = "tcm_ifindex")]
    pub ifindex: i32,
    /// `tcm_handle`.
    #[netlink(header = "tcm_handle")]
    pub handle: u32,
    /// `tcm_parent`.
    #[netlink(header = "tcm_parent")]
    pub parent: u32,
    /// `tcm_info`: a qdisc's reference count; a class's leaf qdisc handle; a filter's priority
    /// (high 16 bits) and protocol (low 16 bits, network order).
    #[netlink(header = "tcm_info")]
    pub info: u32,
    /// `TCA_KIND`.
    pub kind: Option<&'a str>,
    /// `TCA_OPTIONS` by kind.
    pub options: Option<Options>,
    /// `TCA_STATS2`.
    pub stats2: Option<Stats2>,
    /// `TCA_STATS` (legacy).
    pub stats: Option<tc_stats>,
    /// `TCA_XSTATS` by kind.
    pub xstats: Option<XStats>,
    /// `TCA_RATE`: the rate estimator's parameters.
    pub rate: Option<gnet_estimator>,
    /// `TCA_CHAIN` (filters).
    pub chain: Option<u32>,
    /// `TCA_HW_OFFLOAD`.
    pub hw_offload: Option<u8>,
    /// `TCA_INGRESS_BLOCK`.
    pub ingress_block: Option<u32>,
    /// `TCA_EGRESS_BLOCK`.
    pub egress_block: Option<u32>,
    /// `TCA_EXT_WARN_MSG`.
    pub ext_warn_msg: Option<&'a str>,
}

/// A filter's priority and protocol from `tcm_info`.
fn prio_protocol(info: u32) -> (u16, u16) {
    ((info >> 16) as u16, u16::from_be((info & 0xffff) as u16))
}

/// A qdisc, class or filter, owned.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TcObject {
    /// Which kind of object.
    pub what: TcKind,
    /// Device index.
    pub ifindex: u32,
    /// Handle (a qdisc's `MAJ:0`, a class id, a filter handle).
    pub handle: TcHandle,
    /// Parent.
    pub parent: TcHandle,
    /// `tcm_info` as sent (see [`TcRef::info`]).
    pub info: u32,
    /// `TCA_KIND` (htb, pfifo, u32, ...).
    pub kind: String,
    /// Options by kind.
    pub options: Option<Options>,
    /// Statistics (`TCA_STATS2`, else the legacy `TCA_STATS`).
    pub stats: Option<TcStats>,
    /// The kind's statistics.
    pub xstats: Option<XStats>,
    /// Filter chain.
    pub chain: Option<u32>,
    /// `TCA_HW_OFFLOAD`.
    pub hw_offload: bool,
    /// Ingress block.
    pub ingress_block: Option<u32>,
    /// Egress block.
    pub egress_block: Option<u32>,
}

impl TcObject {
    /// From a borrowed object of kind `what`.
    pub fn from_ref(what: TcKind, r: &TcRef<'_>) -> TcObject {
        TcObject {
            what,
            ifindex: r.ifindex as u32,
            handle: TcHandle(r.handle),
            parent: TcHandle(r.parent),
            info: r.info,
            kind: r.kind.unwrap_or_default().to_owned(),
            options: r.options.clone(),
            stats: (r.stats2.is_some() || r.stats.is_some())
                .then(|| TcStats::from_parts(r.stats2.as_ref(), r.stats.as_ref())),
            xstats: r.xstats.clone(),
            chain: r.chain,
            hw_offload: r.hw_offload.unwrap_or(0) != 0,
            ingress_block: r.ingress_block,
            egress_block: r.egress_block,
        }
    }
    /// A filter's priority (`pref`).
    pub fn prio(&self) -> u16 {
        prio_protocol(self.info).0
    }
    /// A filter's protocol (`ETH_P_*`, host order).
    pub fn protocol(&self) -> u16 {
        prio_protocol(self.info).1
    }
    /// A class's leaf qdisc handle (`tcm_info`), if it has one.
    pub fn leaf(&self) -> Option<TcHandle> {
        (self.what == TcKind::Class && self.info != 0).then_some(TcHandle(self.info))
    }
}

/// The statistics of a qdisc or class (or filter), borrowed: what a shaping box polls.
/// Decoded in place, with no allocation.
#[derive(Netlink, Debug, Clone, Copy)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "tc", message = "tclass")]
pub struct TcStatsRef<'a> {
    /// `tcm_ifindex`.
    #[netlink(header = "tcm_ifindex")]
    pub ifindex: i32,
    /// `tcm_handle`.
    #[netlink(header = "tcm_handle")]
    pub handle: u32,
    /// `tcm_parent`.
    #[netlink(header = "tcm_parent")]
    pub parent: u32,
    /// `TCA_KIND`.
    pub kind: Option<&'a str>,
    /// `TCA_STATS2`.
    pub stats2: Option<Stats2>,
    /// `TCA_STATS` (legacy).
    pub stats: Option<tc_stats>,
}

impl TcStatsRef<'_> {
    fn stats(&self) -> TcStats {
        TcStats::from_parts(self.stats2.as_ref(), self.stats.as_ref())
    }
    /// Bytes sent.
    pub fn bytes(&self) -> u64 {
        self.stats().bytes
    }
    /// Packets sent.
    pub fn packets(&self) -> u64 {
        self.stats().packets
    }
    /// Drops.
    pub fn drops(&self) -> u32 {
        self.stats().drops
    }
    /// Overlimits.
    pub fn overlimits(&self) -> u32 {
        self.stats().overlimits
    }
    /// Estimated rate (bytes/s; 0 without an estimator).
    pub fn rate(&self) -> u64 {
        self.stats().bps
    }
    /// The owned form.
    pub fn to_stats(&self) -> TcStats {
        self.stats()
    }
}

/// Statistics, owned (`Copy`): `TCA_STATS2`'s basic, queue and rate estimator, or the legacy
/// `TCA_STATS` when that is all the kernel sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TcStats {
    /// Bytes.
    pub bytes: u64,
    /// Packets (`TCA_STATS_PKT64` when present).
    pub packets: u64,
    /// Drops.
    pub drops: u32,
    /// Overlimits.
    pub overlimits: u32,
    /// Requeues.
    pub requeues: u32,
    /// Backlog (bytes).
    pub backlog: u32,
    /// Queue length (packets).
    pub qlen: u32,
    /// Estimated rate, bytes/s.
    pub bps: u64,
    /// Estimated rate, packets/s.
    pub pps: u64,
    /// Whether a rate estimator reported (`TCA_STATS_RATE_EST*`, or non-zero legacy rates).
    pub has_rate: bool,
    /// Whether the queue counters were sent (`TCA_STATS_QUEUE`).
    pub has_queue: bool,
}

impl TcStats {
    /// From `TCA_STATS2` (preferred) or `TCA_STATS`.
    pub fn from_parts(s2: Option<&Stats2>, legacy: Option<&tc_stats>) -> TcStats {
        let mut out = TcStats::default();
        if let Some(s) = s2 {
            if let Some(b) = s.basic {
                out.bytes = b.bytes;
                out.packets = s.pkt64.unwrap_or(u64::from(b.packets));
            }
            if let Some(q) = s.queue {
                out.drops = q.drops;
                out.overlimits = q.overlimits;
                out.requeues = q.requeues;
                out.backlog = q.backlog;
                out.qlen = q.qlen;
                out.has_queue = true;
            }
            if let Some(r) = s.rate_est64 {
                out.bps = r.bps;
                out.pps = r.pps;
                out.has_rate = true;
            } else if let Some(r) = s.rate_est {
                out.bps = u64::from(r.bps);
                out.pps = u64::from(r.pps);
                out.has_rate = true;
            }
        } else if let Some(l) = legacy {
            out.bytes = l.bytes;
            out.packets = u64::from(l.packets);
            out.drops = l.drops;
            out.overlimits = l.overlimits;
            out.backlog = l.backlog;
            out.qlen = l.qlen;
            out.bps = u64::from(l.bps);
            out.pps = u64::from(l.pps);
            out.has_rate = l.bps != 0 || l.pps != 0;
        }
        out
    }
}

/// The statistics of one qdisc or class, owned, with its identity.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TcStatsEntry {
    /// Device.
    pub ifindex: u32,
    /// Handle.
    pub handle: TcHandle,
    /// Parent.
    pub parent: TcHandle,
    /// Kind.
    pub kind: String,
    /// Counters.
    pub stats: TcStats,
}

/// A tc request message (`tcmsg` + `TCA_*`): what a spec builds and a dump filter sends.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "tc", message = "qdisc")]
pub struct TcMsg {
    /// `tcm_family`.
    #[netlink(header = "tcm_family")]
    pub family: u8,
    /// `tcm_ifindex`.
    #[netlink(header = "tcm_ifindex")]
    pub ifindex: i32,
    /// `tcm_handle`.
    #[netlink(header = "tcm_handle")]
    pub handle: u32,
    /// `tcm_parent`.
    #[netlink(header = "tcm_parent")]
    pub parent: u32,
    /// `tcm_info`.
    #[netlink(header = "tcm_info")]
    pub info: u32,
    /// `TCA_KIND`.
    pub kind: Option<String>,
    /// `TCA_OPTIONS`.
    pub options: Option<Options>,
    /// `TCA_RATE`: a rate estimator.
    pub rate: Option<gnet_estimator>,
    /// `TCA_CHAIN`.
    pub chain: Option<u32>,
    /// `TCA_INGRESS_BLOCK`.
    pub ingress_block: Option<u32>,
    /// `TCA_EGRESS_BLOCK`.
    pub egress_block: Option<u32>,
    /// `TCA_DUMP_INVISIBLE` (qdisc dumps: include invisible qdiscs).
    pub dump_invisible: bool,
    /// `TCA_DUMP_FLAGS` (filter dumps: `TCA_DUMP_FLAGS_TERSE`).
    pub dump_flags: Option<Bitfield32>,
}

/// Kernel-side filters of a qdisc, class or filter dump (applied again on our side, for
/// kernels or objects the kernel does not filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TcFilter {
    /// Device (required for class and filter dumps).
    pub ifindex: Option<u32>,
    /// Parent (filters: the qdisc or class they hang off; 0 = the root qdisc).
    pub parent: Option<TcHandle>,
    /// Handle.
    pub handle: Option<TcHandle>,
    /// Kind (`TCA_KIND`).
    pub kind: Option<String>,
    /// Filter priority.
    pub prio: Option<u16>,
    /// Filter protocol (`ETH_P_*`, host order).
    pub protocol: Option<u16>,
    /// Include invisible qdiscs (`TCA_DUMP_INVISIBLE`).
    pub invisible: bool,
}

impl TcFilter {
    /// Everything (qdiscs of every device).
    pub fn all() -> TcFilter {
        TcFilter::default()
    }
    /// Objects of device `ifindex`.
    pub fn dev(ifindex: u32) -> TcFilter {
        TcFilter {
            ifindex: Some(ifindex),
            ..TcFilter::default()
        }
    }
    /// Only children of `parent` (for filters: attached to `parent`).
    pub fn parent(mut self, parent: TcHandle) -> Self {
        self.parent = Some(parent);
        self
    }
    /// Only the object with this handle.
    pub fn handle(mut self, handle: TcHandle) -> Self {
        self.handle = Some(handle);
        self
    }
    /// Only objects of this kind.
    pub fn kind(mut self, kind: &str) -> Self {
        self.kind = Some(kind.to_owned());
        self
    }
    /// Only filters of this priority.
    pub fn prio(mut self, prio: u16) -> Self {
        self.prio = Some(prio);
        self
    }
    /// Only filters of this protocol.
    pub fn protocol(mut self, protocol: u16) -> Self {
        self.protocol = Some(protocol);
        self
    }

    fn request(&self, what: TcKind) -> TcMsg {
        let info = match what {
            TcKind::Filter => {
                (u32::from(self.prio.unwrap_or(0)) << 16)
                    | u32::from(self.protocol.unwrap_or(0).to_be())
            }
            _ => 0,
        };
        TcMsg {
            ifindex: self.ifindex.unwrap_or(0) as i32,
            // A qdisc or class dump is not filtered by handle or parent in the kernel; a
            // filter dump takes the parent.
            handle: match what {
                TcKind::Filter => self.handle.map_or(0, TcHandle::raw),
                _ => 0,
            },
            parent: match what {
                TcKind::Filter => self.parent.map_or(0, TcHandle::raw),
                _ => 0,
            },
            info,
            dump_invisible: self.invisible,
            ..TcMsg::default()
        }
    }

    /// Whether an object passes the filter.
    pub fn matches(
        &self,
        what: TcKind,
        ifindex: i32,
        handle: u32,
        parent: u32,
        info: u32,
        kind: Option<&str>,
    ) -> bool {
        let (prio, proto) = prio_protocol(info);
        self.ifindex.is_none_or(|i| i as i32 == ifindex)
            && self.handle.is_none_or(|h| h.raw() == handle)
            && (what == TcKind::Filter || self.parent.is_none_or(|p| p.raw() == parent))
            && self.kind.as_deref().is_none_or(|k| Some(k) == kind)
            && (what != TcKind::Filter || self.prio.is_none_or(|p| p == prio))
            && (what != TcKind::Filter || self.protocol.is_none_or(|p| p == proto))
    }
}

/// A dump of qdiscs, classes or filters passing a filter.
#[derive(Debug, Clone)]
pub struct TcDump {
    /// What to dump.
    pub what: TcKind,
    /// The filter.
    pub filter: TcFilter,
}

impl TcDump {
    fn check(&self) -> Result<(), Error> {
        if self.what != TcKind::Qdisc && self.filter.ifindex.is_none() {
            return Err(Error::Invalid(format!(
                "a {} dump needs a device (TcFilter::dev)",
                self.what.name()
            )));
        }
        Ok(())
    }
}

impl Dump for TcDump {
    type Item<'a> = TcRef<'a>;
    fn request(&self) -> Result<MessageBuilder, Error> {
        self.check()?;
        Ok(self
            .filter
            .request(self.what)
            .to_message(self.what.get_type(), 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<TcRef<'a>>, Error> {
        if msg.kind() != self.what.new_type() {
            return Ok(None);
        }
        let r = TcRef::from_message(msg)?;
        Ok(self
            .filter
            .matches(self.what, r.ifindex, r.handle, r.parent, r.info, r.kind)
            .then_some(r))
    }
}

impl DumpOwned for TcDump {
    type Owned = TcObject;
    fn to_owned(&self, r: &TcRef<'_>) -> Result<TcObject, Error> {
        Ok(TcObject::from_ref(self.what, r))
    }
}

/// The statistics of the qdiscs or classes of a device (no allocation per object).
#[derive(Debug, Clone)]
pub struct TcStatsDump {
    /// Qdiscs or classes.
    pub what: TcKind,
    /// Device.
    pub ifindex: u32,
}

impl Dump for TcStatsDump {
    type Item<'a> = TcStatsRef<'a>;
    fn request(&self) -> Result<MessageBuilder, Error> {
        Ok(TcFilter::dev(self.ifindex)
            .request(self.what)
            .to_message(self.what.get_type(), 0))
    }
    #[inline]
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<TcStatsRef<'a>>, Error> {
        if msg.kind() != self.what.new_type() {
            return Ok(None);
        }
        let s = TcStatsRef::from_message(msg)?;
        Ok((s.ifindex as u32 == self.ifindex).then_some(s))
    }
}

impl DumpOwned for TcStatsDump {
    type Owned = TcStatsEntry;
    fn to_owned(&self, s: &TcStatsRef<'_>) -> Result<TcStatsEntry, Error> {
        Ok(TcStatsEntry {
            ifindex: s.ifindex as u32,
            handle: TcHandle(s.handle),
            parent: TcHandle(s.parent),
            kind: s.kind.unwrap_or_default().to_owned(),
            stats: s.to_stats(),
        })
    }
}

/// One qdisc, class or filter by its identity (`RTM_GET*` answered by the object).
#[derive(Debug, Clone)]
pub struct TcGet {
    what: TcKind,
    msg: TcMsg,
}

impl TcGet {
    /// The qdisc with `handle` on device `ifindex`.
    pub fn qdisc(ifindex: u32, handle: TcHandle) -> TcGet {
        TcGet {
            what: TcKind::Qdisc,
            msg: TcMsg {
                ifindex: ifindex as i32,
                handle: handle.raw(),
                ..TcMsg::default()
            },
        }
    }
    /// The class `classid` on device `ifindex`.
    pub fn class(ifindex: u32, classid: TcHandle) -> TcGet {
        TcGet {
            what: TcKind::Class,
            msg: TcMsg {
                ifindex: ifindex as i32,
                handle: classid.raw(),
                ..TcMsg::default()
            },
        }
    }
    /// The filter `handle` of `kind` with `prio` and `protocol` under `parent`.
    pub fn filter(
        ifindex: u32,
        parent: TcHandle,
        prio: u16,
        protocol: u16,
        kind: &str,
        handle: u32,
    ) -> TcGet {
        TcGet {
            what: TcKind::Filter,
            msg: TcMsg {
                ifindex: ifindex as i32,
                parent: parent.raw(),
                handle,
                info: (u32::from(prio) << 16) | u32::from(protocol.to_be()),
                kind: Some(kind.to_owned()),
                ..TcMsg::default()
            },
        }
    }
}

impl Request for TcGet {
    type Output = TcObject;
    fn request(&self) -> Result<Outgoing, Error> {
        Ok(self.msg.to_message(self.what.get_type(), NLM_F_ECHO).into())
    }
    fn finish(&self, reply: crate::Reply) -> Result<TcObject, Error> {
        for m in reply.messages() {
            let m = m?;
            if m.kind() == self.what.new_type() {
                return Ok(TcObject::from_ref(self.what, &TcRef::from_message(&m)?));
            }
        }
        Err(Error::NotFound(format!(
            "{} {} on device {}",
            self.what.name(),
            TcHandle(self.msg.handle),
            self.msg.ifindex
        )))
    }
}

/// A qdisc, class or filter to add, change, replace or delete.
#[derive(Debug, Clone)]
pub struct TcSpec {
    what: TcKind,
    msg: TcMsg,
}

impl TcSpec {
    /// A qdisc of `kind` on device `ifindex` under `parent` ([`TcHandle::ROOT`],
    /// [`TcHandle::INGRESS`], [`TcHandle::CLSACT`] or a class). An ingress or clsact qdisc
    /// gets the handle `ffff:`.
    pub fn qdisc(ifindex: u32, parent: TcHandle, kind: &str) -> TcSpec {
        let handle = if parent == TcHandle::INGRESS {
            TcHandle::INGRESS_QDISC
        } else {
            TcHandle::UNSPEC
        };
        TcSpec {
            what: TcKind::Qdisc,
            msg: TcMsg {
                ifindex: ifindex as i32,
                parent: parent.raw(),
                handle: handle.raw(),
                kind: Some(kind.to_owned()),
                ..TcMsg::default()
            },
        }
    }
    /// A class `classid` of `kind` under `parent` (the qdisc `MAJ:` or a class).
    pub fn class(ifindex: u32, parent: TcHandle, classid: TcHandle, kind: &str) -> TcSpec {
        TcSpec {
            what: TcKind::Class,
            msg: TcMsg {
                ifindex: ifindex as i32,
                parent: parent.raw(),
                handle: classid.raw(),
                kind: Some(kind.to_owned()),
                ..TcMsg::default()
            },
        }
    }
    /// A filter of `kind` under `parent` with priority `prio` and protocol `protocol`
    /// (`ETH_P_*`, host order; `ETH_P_ALL` = 3).
    pub fn filter(ifindex: u32, parent: TcHandle, kind: &str, prio: u16, protocol: u16) -> TcSpec {
        TcSpec {
            what: TcKind::Filter,
            msg: TcMsg {
                ifindex: ifindex as i32,
                parent: parent.raw(),
                info: (u32::from(prio) << 16) | u32::from(protocol.to_be()),
                kind: Some(kind.to_owned()),
                ..TcMsg::default()
            },
        }
    }
    /// The object's handle (a qdisc's `MAJ:`, a filter's handle).
    pub fn handle(mut self, handle: TcHandle) -> Self {
        self.msg.handle = handle.raw();
        self
    }
    /// Options by kind.
    pub fn options(mut self, options: Options) -> Self {
        self.msg.options = Some(options);
        self
    }
    /// A filter's chain.
    pub fn chain(mut self, chain: u32) -> Self {
        self.msg.chain = Some(chain);
        self
    }
    /// A rate estimator (`interval` as log2 of 250 ms steps, `ewma_log`).
    pub fn estimator(mut self, interval: i8, ewma_log: u8) -> Self {
        self.msg.rate = Some(gnet_estimator { interval, ewma_log });
        self
    }
    /// The request message.
    pub fn message(&self) -> &TcMsg {
        &self.msg
    }
    /// The request as message type `kind` with `flags` (for batching or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> MessageBuilder {
        self.msg.to_message(kind, flags)
    }
    /// Adds the object (fails if it exists).
    pub fn add_op(&self) -> Ack {
        Ack(self
            .msg
            .to_message(self.what.new_type(), NLM_F_CREATE | NLM_F_EXCL))
    }
    /// Changes an existing object (fails if it does not exist).
    pub fn change_op(&self) -> Ack {
        Ack(self.msg.to_message(self.what.new_type(), 0))
    }
    /// Adds the object or replaces the one there.
    pub fn replace_op(&self) -> Ack {
        Ack(self
            .msg
            .to_message(self.what.new_type(), NLM_F_CREATE | NLM_F_REPLACE))
    }
    /// Deletes the object (options are not sent).
    pub fn del_op(&self) -> Ack {
        let m = TcMsg {
            options: None,
            ..self.msg.clone()
        };
        Ack(m.to_message(self.what.del_type(), 0))
    }
}

impl HtbOptions {
    /// The root qdisc's options: default class minor `default`, rate-to-quantum `r2q`.
    pub fn qdisc(default: u32, r2q: u32) -> HtbOptions {
        HtbOptions {
            init: Some(tc_htb_glob {
                version: 3,
                rate2quantum: r2q,
                defcls: default,
                ..tc_htb_glob::default()
            }),
            ..HtbOptions::default()
        }
    }
    /// A class: `rate` and `ceil` in bytes/s, `burst` and `cburst` in bytes (turned into the
    /// kernel's time units as `tc` does, with the rate tables it sends).
    pub fn class(rate: u64, ceil: u64, burst: u32, cburst: u32) -> HtbOptions {
        let mut o = HtbOptions {
            parms: Some(tc_htb_opt::default()),
            ..HtbOptions::default()
        };
        o.set_rates(rate, ceil, burst, cburst);
        o
    }
    fn set_rates(&mut self, rate: u64, ceil: u64, burst: u32, cburst: u32) {
        let p = self.parms.get_or_insert_with(tc_htb_opt::default);
        p.rate.rate = rate.min(u64::from(u32::MAX)) as u32;
        p.ceil.rate = ceil.min(u64::from(u32::MAX)) as u32;
        p.buffer = rates::xmit_time(rate, burst);
        p.cbuffer = rates::xmit_time(ceil, cburst);
        let (cell, tab) = rates::table(rate, p.rate.mpu, 1500);
        p.rate.cell_log = cell;
        p.rate.linklayer = TC_LINKLAYER_ETHERNET;
        self.rtab = Some(tab);
        let (cell, tab) = rates::table(ceil, p.ceil.mpu, 1500);
        p.ceil.cell_log = cell;
        p.ceil.linklayer = TC_LINKLAYER_ETHERNET;
        self.ctab = Some(tab);
        self.rate64 = (rate > u64::from(u32::MAX)).then_some(rate);
        self.ceil64 = (ceil > u64::from(u32::MAX)).then_some(ceil);
    }
    /// Priority (0..=7).
    pub fn prio(mut self, prio: u32) -> Self {
        self.parms.get_or_insert_with(tc_htb_opt::default).prio = prio;
        self
    }
    /// Quantum in bytes.
    pub fn quantum(mut self, quantum: u32) -> Self {
        self.parms.get_or_insert_with(tc_htb_opt::default).quantum = quantum;
        self
    }
    /// Hardware offload (qdisc).
    pub fn offload(mut self, on: bool) -> Self {
        self.offload = on;
        self
    }
    /// Direct queue length (qdisc).
    pub fn direct_qlen(mut self, qlen: u32) -> Self {
        self.direct_qlen = Some(qlen);
        self
    }
    /// Rate in bytes/s (`rate64` when above 32 bits).
    pub fn rate(&self) -> Option<u64> {
        self.rate64.or(self.parms.map(|p| u64::from(p.rate.rate)))
    }
    /// Ceil in bytes/s.
    pub fn ceil(&self) -> Option<u64> {
        self.ceil64.or(self.parms.map(|p| u64::from(p.ceil.rate)))
    }
    /// Burst in bytes (from the kernel's buffer time at the rate, as `tc` prints it).
    pub fn burst(&self) -> Option<u32> {
        let p = self.parms?;
        Some(rates::xmit_size(self.rate()?, p.buffer))
    }
    /// Ceil burst in bytes.
    pub fn cburst(&self) -> Option<u32> {
        let p = self.parms?;
        Some(rates::xmit_size(self.ceil()?, p.cbuffer))
    }
}

impl TbfOptions {
    /// tbf: `rate` bytes/s, `burst` bytes, `limit` bytes of queue.
    pub fn new(rate: u64, burst: u32, limit: u32) -> TbfOptions {
        let mut p = tc_tbf_qopt::default();
        p.rate.rate = rate.min(u64::from(u32::MAX)) as u32;
        p.rate.linklayer = TC_LINKLAYER_ETHERNET;
        let (cell, tab) = rates::table(rate, 0, 2047);
        p.rate.cell_log = cell;
        p.limit = limit;
        p.buffer = rates::xmit_time(rate, burst);
        TbfOptions {
            parms: Some(p),
            rtab: Some(tab),
            rate64: (rate > u64::from(u32::MAX)).then_some(rate),
            burst: Some(burst),
            ..TbfOptions::default()
        }
    }
    /// Rate in bytes/s.
    pub fn rate(&self) -> Option<u64> {
        self.rate64.or(self.parms.map(|p| u64::from(p.rate.rate)))
    }
    /// Burst in bytes (from the buffer time).
    pub fn burst(&self) -> Option<u32> {
        let p = self.parms?;
        Some(rates::xmit_size(self.rate()?, p.buffer))
    }
    /// The latency in µs `tc` prints (`lat`): the time `limit` bytes take at the rate, less
    /// the bucket's buffer time (the larger of the two with a peak rate); `None` below zero.
    pub fn latency_us(&self) -> Option<u64> {
        let p = self.parms?;
        let rate = self.rate()?;
        if rate == 0 {
            return None;
        }
        let lat =
            1e6 * (f64::from(p.limit) / rate as f64) - f64::from(rates::ticks_to_us(p.buffer));
        let prate = self.prate64.unwrap_or(u64::from(p.peakrate.rate));
        let lat = if prate != 0 {
            let lat2 =
                1e6 * (f64::from(p.limit) / prate as f64) - f64::from(rates::ticks_to_us(p.mtu));
            lat.max(lat2)
        } else {
            lat
        };
        (lat >= 0.0).then_some(lat as u64)
    }
}

/// The kernel's packet-scheduler clock, as `tc` converts with it (`/proc/net/psched`).
pub mod rates {
    use std::sync::OnceLock;

    /// Ticks per microsecond and the clock factor (`/proc/net/psched`; 1.0 and 1000 when it
    /// cannot be read).
    fn clock() -> (f64, f64) {
        static CLOCK: OnceLock<(f64, f64)> = OnceLock::new();
        *CLOCK.get_or_init(|| {
            let text = std::fs::read_to_string("/proc/net/psched").unwrap_or_default();
            let v: Vec<u32> = text
                .split_whitespace()
                .filter_map(|w| u32::from_str_radix(w, 16).ok())
                .collect();
            match v.as_slice() {
                [t2us, us2t, clock_res, ..] if *us2t != 0 => {
                    let clock_factor = f64::from(*clock_res) / 1_000_000.0;
                    let tick_in_usec = f64::from(*t2us) / f64::from(*us2t) * clock_factor;
                    (tick_in_usec, clock_factor)
                }
                _ => (1.0, 1.0),
            }
        })
    }

    /// Ticks to send `size` bytes at `rate` bytes/s. Whole microseconds first, then whole
    /// ticks, as iproute2 6.1 converts (later versions keep fractions; the kernel stores what
    /// it is sent either way).
    pub fn xmit_time(rate: u64, size: u32) -> u32 {
        if rate == 0 {
            return 0;
        }
        let us = (1_000_000.0 * f64::from(size) / rate as f64).min(f64::from(u32::MAX)) as u32;
        (f64::from(us) * clock().0).min(f64::from(u32::MAX)) as u32
    }

    /// Whole microseconds in `ticks`.
    pub fn ticks_to_us(ticks: u32) -> u32 {
        (f64::from(ticks) / clock().0) as u32
    }

    /// Bytes sent in `ticks` at `rate` bytes/s (whole microseconds, as iproute2 6.1 prints
    /// `burst`).
    pub fn xmit_size(rate: u64, ticks: u32) -> u32 {
        let us = ticks_to_us(ticks);
        (rate as f64 * f64::from(us) / 1_000_000.0).min(f64::from(u32::MAX)) as u32
    }

    /// A rate table (256 u32 transmit times by cell) for `rate`, and its cell log, for packets
    /// up to `mtu` bytes, as the kernel expects with `TCA_HTB_RTAB` / `TCA_TBF_RTAB`.
    pub fn table(rate: u64, mpu: u16, mtu: u32) -> (u8, Vec<u8>) {
        let mut cell_log = 0u8;
        while (mtu >> cell_log) > 255 {
            cell_log += 1;
        }
        let mut out = Vec::with_capacity(1024);
        for i in 0..256u32 {
            let size = ((i + 1) << cell_log).max(u32::from(mpu));
            out.extend_from_slice(&xmit_time(rate, size).to_ne_bytes());
        }
        (cell_log, out)
    }
}

/// `tcamsg` + `TCA_ROOT_*`: a standalone action request or dump message.
#[derive(Netlink, Debug, Clone, Default, PartialEq)]
#[netlink(schema = "tc", message = "action")]
pub struct ActionMsg {
    /// `tca_family`.
    #[netlink(header = "tca_family")]
    pub family: u8,
    /// `TCA_ROOT_TAB`: the actions.
    pub tab: Vec<Action>,
    /// `TCA_ROOT_FLAGS`.
    pub flags: Option<Bitfield32>,
    /// `TCA_ROOT_COUNT`: actions in this message.
    pub count: Option<u32>,
    /// `TCA_ROOT_TIME_DELTA`.
    pub time_delta: Option<u32>,
}

/// Standalone actions of one kind (`tc actions list action KIND`): one item per dump message,
/// holding that message's actions (the order `tc` prints is their position in the message).
#[derive(Debug, Clone)]
pub struct ActionDump {
    /// Action kind (mirred, gact, ...): the kernel dumps one kind at a time.
    pub kind: String,
}

impl Dump for ActionDump {
    type Item<'a> = ActionMsg;
    fn request(&self) -> Result<MessageBuilder, Error> {
        let msg = ActionMsg {
            tab: vec![Action {
                kind: Some(self.kind.clone()),
                ..Action::default()
            }],
            flags: Some(Bitfield32 {
                value: TCA_ACT_FLAG_LARGE_DUMP_ON,
                selector: TCA_ACT_FLAG_LARGE_DUMP_ON,
            }),
            ..ActionMsg::default()
        };
        Ok(msg.to_message(RTM_GETACTION, 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<ActionMsg>, Error> {
        // The kernel answers an action dump with messages of the request's type.
        if msg.kind() != RTM_GETACTION && msg.kind() != RTM_NEWACTION {
            return Ok(None);
        }
        Ok(Some(ActionMsg::from_message(msg)?))
    }
}

impl DumpOwned for ActionDump {
    type Owned = ActionMsg;
    fn to_owned(&self, m: &ActionMsg) -> Result<ActionMsg, Error> {
        Ok(m.clone())
    }
}

/// One standalone action by kind and index (`tc actions get action KIND index N`).
#[derive(Debug, Clone)]
pub struct ActionGet {
    /// Kind.
    pub kind: String,
    /// Index.
    pub index: u32,
}

impl Request for ActionGet {
    type Output = Action;
    fn request(&self) -> Result<Outgoing, Error> {
        let msg = ActionMsg {
            tab: vec![Action {
                kind: Some(self.kind.clone()),
                index: Some(self.index),
                ..Action::default()
            }],
            ..ActionMsg::default()
        };
        Ok(msg.to_message(RTM_GETACTION, NLM_F_ECHO).into())
    }
    fn finish(&self, reply: crate::Reply) -> Result<Action, Error> {
        for m in reply.messages() {
            let m = m?;
            if m.kind() == RTM_NEWACTION || m.kind() == RTM_GETACTION {
                if let Some(a) = ActionMsg::from_message(&m)?.tab.into_iter().next() {
                    return Ok(a);
                }
            }
        }
        Err(Error::NotFound(format!(
            "action {} index {}",
            self.kind, self.index
        )))
    }
    fn on_error(&self, e: Error) -> Result<Action, Error> {
        match e.errno() {
            Some(libc::ENOENT) => Err(Error::NotFound(format!(
                "action {} index {}",
                self.kind, self.index
            ))),
            _ => Err(e),
        }
    }
}

/// Standalone actions to add, replace or delete (`tc actions add|replace|delete`).
#[derive(Debug, Clone)]
pub struct ActionSpec {
    actions: Vec<Action>,
}

impl ActionSpec {
    /// The actions, in order.
    pub fn new(actions: Vec<Action>) -> ActionSpec {
        ActionSpec { actions }
    }
    /// Adds them (fails if an index is taken).
    pub fn add_op(&self) -> Ack {
        Ack(self
            .msg()
            .to_message(RTM_NEWACTION, NLM_F_CREATE | NLM_F_EXCL))
    }
    /// Adds or replaces them.
    pub fn replace_op(&self) -> Ack {
        Ack(self
            .msg()
            .to_message(RTM_NEWACTION, NLM_F_CREATE | NLM_F_REPLACE))
    }
    /// Deletes them (by kind and index).
    pub fn del_op(&self) -> Ack {
        let tab = self
            .actions
            .iter()
            .map(|a| Action {
                kind: a.kind.clone(),
                index: a.index,
                ..Action::default()
            })
            .collect();
        Ack(ActionMsg {
            tab,
            ..ActionMsg::default()
        }
        .to_message(RTM_DELACTION, 0))
    }
    fn msg(&self) -> ActionMsg {
        ActionMsg {
            tab: self.actions.clone(),
            ..ActionMsg::default()
        }
    }
}

impl Action {
    /// A mirred action: `egress` or ingress, `redirect` or mirror, to device `ifindex`;
    /// `action` is the control verdict (`TC_ACT_PIPE` for a mirror, `TC_ACT_STOLEN` for a
    /// redirect, as `tc` chooses).
    pub fn mirred(egress: bool, redirect: bool, ifindex: u32) -> Action {
        let eaction = match (egress, redirect) {
            (true, true) => TCA_EGRESS_REDIR,
            (true, false) => TCA_EGRESS_MIRROR,
            (false, true) => TCA_INGRESS_REDIR,
            (false, false) => TCA_INGRESS_MIRROR,
        };
        let action = if redirect { TC_ACT_STOLEN } else { TC_ACT_PIPE };
        Action {
            kind: Some("mirred".into()),
            options: Some(ActOptions::Mirred(MirredOptions {
                tm: None,
                parms: Some(tc_mirred {
                    action,
                    eaction,
                    ifindex,
                    ..tc_mirred::default()
                }),
            })),
            ..Action::default()
        }
    }
    /// With index `index` (0: the kernel chooses).
    pub fn with_index(mut self, index: u32) -> Action {
        self.index = Some(index);
        if let Some(ActOptions::Mirred(MirredOptions { parms: Some(p), .. })) = &mut self.options {
            p.index = index;
        }
        self
    }
}

/// One tc change the kernel announced on `RTNLGRP_TC`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum TcEvent {
    /// A qdisc, class or filter was added or changed.
    New(TcObject),
    /// A qdisc, class or filter was removed.
    Del(TcObject),
    /// Standalone actions were added or changed.
    NewAction(Vec<Action>),
    /// Standalone actions were removed.
    DelAction(Vec<Action>),
}

impl TcEvent {
    /// Whether `kind` is a tc notification's message type.
    pub fn is_tc_message(kind: u16) -> bool {
        TcKind::of_message(kind).is_some() || kind == RTM_NEWACTION || kind == RTM_DELACTION
    }
    /// Decodes a tc notification (`None` for other message types).
    pub fn from_message(m: &Message<'_>) -> Result<Option<TcEvent>, Error> {
        if let Some((what, del)) = TcKind::of_message(m.kind()) {
            let o = TcObject::from_ref(what, &TcRef::from_message(m)?);
            return Ok(Some(if del {
                TcEvent::Del(o)
            } else {
                TcEvent::New(o)
            }));
        }
        Ok(match m.kind() {
            RTM_NEWACTION => Some(TcEvent::NewAction(ActionMsg::from_message(m)?.tab)),
            RTM_DELACTION => Some(TcEvent::DelAction(ActionMsg::from_message(m)?.tab)),
            _ => None,
        })
    }
}

crate::rtnl::operations! {
    /// The qdiscs passing `filter` (every device's with [`TcFilter::all`]).
    #[example = "h.qdiscs(&netlink_runtime::tc::TcFilter::all())"]
    pub fn qdiscs(filter: &TcFilter) -> Vec<TcObject> = collect(TcDump { what: TcKind::Qdisc, filter: filter.clone() });

    /// The classes passing `filter` (which names a device).
    #[example = "h.classes(&netlink_runtime::tc::TcFilter::dev(2))"]
    pub fn classes(filter: &TcFilter) -> Vec<TcObject> = collect(TcDump { what: TcKind::Class, filter: filter.clone() });

    /// The filters passing `filter` (which names a device; its parent selects the qdisc, 0
    /// the root qdisc).
    #[example = "h.filters(&netlink_runtime::tc::TcFilter::dev(2))"]
    pub fn filters(filter: &TcFilter) -> Vec<TcObject> = collect(TcDump { what: TcKind::Filter, filter: filter.clone() });

    /// Stream qdiscs, classes or filters through `f`, decoded in place.
    #[setup = "let mut n = 0;"]
    #[example = "h.for_each_tc(netlink_runtime::tc::TcKind::Class, &netlink_runtime::tc::TcFilter::dev(2), |_| { n += 1; Ok(()) })"]
    pub fn for_each_tc(what: crate::tc::TcKind, filter: &TcFilter) |TcRef| = TcDump { what, filter: filter.clone() };

    /// Stream the statistics of every class of device `ifindex` through `f`, with no
    /// allocation per class.
    #[setup = "let mut bytes = 0;"]
    #[example = "h.for_each_class_stats(2, |s| { bytes += s.bytes(); Ok(()) })"]
    pub fn for_each_class_stats(ifindex: u32) |TcStatsRef| = TcStatsDump { what: TcKind::Class, ifindex };

    /// The statistics of every class of device `ifindex`, owned.
    #[example = "h.class_stats(2)"]
    pub fn class_stats(ifindex: u32) -> Vec<TcStatsEntry> = collect(TcStatsDump { what: TcKind::Class, ifindex });

    /// One qdisc, class or filter (see [`TcGet`]).
    #[example = "h.tc_get(&netlink_runtime::tc::TcGet::qdisc(2, netlink_runtime::tc::TcHandle::new(1, 0)))"]
    pub fn tc_get(get: &TcGet) -> TcObject = run(get.clone());

    /// Add a qdisc (fails if one is there).
    #[example = r#"h.add_qdisc(&netlink_runtime::tc::TcSpec::qdisc(2, netlink_runtime::tc::TcHandle::INGRESS, "ingress"))"#]
    pub fn add_qdisc(spec: &TcSpec) -> () = run(spec.add_op());

    /// Change a qdisc's options.
    #[example = r#"h.change_qdisc(&netlink_runtime::tc::TcSpec::qdisc(2, netlink_runtime::tc::TcHandle::ROOT, "pfifo"))"#]
    pub fn change_qdisc(spec: &TcSpec) -> () = run(spec.change_op());

    /// Add or replace a qdisc.
    #[example = r#"h.replace_qdisc(&netlink_runtime::tc::TcSpec::qdisc(2, netlink_runtime::tc::TcHandle::ROOT, "pfifo"))"#]
    pub fn replace_qdisc(spec: &TcSpec) -> () = run(spec.replace_op());

    /// Delete a qdisc.
    #[example = r#"h.del_qdisc(&netlink_runtime::tc::TcSpec::qdisc(2, netlink_runtime::tc::TcHandle::ROOT, "pfifo"))"#]
    pub fn del_qdisc(spec: &TcSpec) -> () = run(spec.del_op());

    /// Add a class.
    #[example = r#"h.add_class(&netlink_runtime::tc::TcSpec::class(2, netlink_runtime::tc::TcHandle::new(1, 0), netlink_runtime::tc::TcHandle::new(1, 1), "htb"))"#]
    pub fn add_class(spec: &TcSpec) -> () = run(spec.add_op());

    /// Change a class.
    #[example = r#"h.change_class(&netlink_runtime::tc::TcSpec::class(2, netlink_runtime::tc::TcHandle::new(1, 0), netlink_runtime::tc::TcHandle::new(1, 1), "htb"))"#]
    pub fn change_class(spec: &TcSpec) -> () = run(spec.change_op());

    /// Add or replace a class.
    #[example = r#"h.replace_class(&netlink_runtime::tc::TcSpec::class(2, netlink_runtime::tc::TcHandle::new(1, 0), netlink_runtime::tc::TcHandle::new(1, 1), "htb"))"#]
    pub fn replace_class(spec: &TcSpec) -> () = run(spec.replace_op());

    /// Delete a class.
    #[example = r#"h.del_class(&netlink_runtime::tc::TcSpec::class(2, netlink_runtime::tc::TcHandle::new(1, 0), netlink_runtime::tc::TcHandle::new(1, 1), "htb"))"#]
    pub fn del_class(spec: &TcSpec) -> () = run(spec.del_op());

    /// Add a filter.
    #[example = r#"h.add_filter(&netlink_runtime::tc::TcSpec::filter(2, netlink_runtime::tc::TcHandle::new(1, 0), "u32", 1, 0x0800))"#]
    pub fn add_filter(spec: &TcSpec) -> () = run(spec.add_op());

    /// Change a filter.
    #[example = r#"h.change_filter(&netlink_runtime::tc::TcSpec::filter(2, netlink_runtime::tc::TcHandle::new(1, 0), "u32", 1, 0x0800))"#]
    pub fn change_filter(spec: &TcSpec) -> () = run(spec.change_op());

    /// Add or replace a filter.
    #[example = r#"h.replace_filter(&netlink_runtime::tc::TcSpec::filter(2, netlink_runtime::tc::TcHandle::new(1, 0), "u32", 1, 0x0800))"#]
    pub fn replace_filter(spec: &TcSpec) -> () = run(spec.replace_op());

    /// Delete a filter (with priority and protocol and no handle: every filter of them).
    #[example = r#"h.del_filter(&netlink_runtime::tc::TcSpec::filter(2, netlink_runtime::tc::TcHandle::new(1, 0), "u32", 1, 0x0800))"#]
    pub fn del_filter(spec: &TcSpec) -> () = run(spec.del_op());

    /// The standalone actions of one kind, one entry per dump message.
    #[example = r#"h.actions("mirred")"#]
    pub fn actions(kind: &str) -> Vec<ActionMsg> = collect(ActionDump { kind: kind.to_owned() });

    /// One standalone action by kind and index.
    #[example = r#"h.action("mirred", 1)"#]
    pub fn action(kind: &str, index: u32) -> Action = run(ActionGet { kind: kind.to_owned(), index });

    /// Add standalone actions.
    #[example = r#"h.add_actions(&netlink_runtime::tc::ActionSpec::new(vec![netlink_runtime::tc::Action::mirred(true, false, 2)]))"#]
    pub fn add_actions(spec: &ActionSpec) -> () = run(spec.add_op());

    /// Add or replace standalone actions.
    #[example = r#"h.replace_actions(&netlink_runtime::tc::ActionSpec::new(vec![netlink_runtime::tc::Action::mirred(true, false, 2).with_index(1)]))"#]
    pub fn replace_actions(spec: &ActionSpec) -> () = run(spec.replace_op());

    /// Delete standalone actions (by kind and index).
    #[example = r#"h.del_actions(&netlink_runtime::tc::ActionSpec::new(vec![netlink_runtime::tc::Action::mirred(true, false, 2).with_index(1)]))"#]
    pub fn del_actions(spec: &ActionSpec) -> () = run(spec.del_op());
}
