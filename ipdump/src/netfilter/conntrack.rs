//! Connection tracking entries as `conntrack -L -o xml,labels` lists them (conntrack-tools
//! 1.4.7, libnetfilter_conntrack 1.0.9), as JSON by the rule of [`super`]:
//!
//! ```text
//! {"conntrack":{"flow":[{"meta":[
//!   {"direction":"original","layer3":{"protonum":2,"protoname":"ipv4","src":"10.0.0.1","dst":"10.0.0.2"},
//!    "layer4":{"protonum":6,"protoname":"tcp","sport":1000,"dport":80}},
//!   {"direction":"reply", ...},
//!   {"direction":"independent","state":"ESTABLISHED","timeout":99,"mark":0,"use":1,"id":96375059,"assured":true}]}]}}
//! ```
//!
//! The keys, their order and their values are the tool's: per direction `layer3` and `layer4`
//! (ports for TCP, UDP, UDP-Lite, SCTP and DCCP; GRE keys as `srckey`/`dstkey`; nothing for
//! ICMP), the direction's `zone` and `counters` (with `net.netfilter.nf_conntrack_acct`); then
//! `state`, `timeout`, `mark`, `secmark`, `secctx`, `zone`, `use`, `id`, `assured` and
//! `unreplied` (from the status bits), `deltatime` (seconds since the start, with
//! `net.netfilter.nf_conntrack_timestamp`); the `helper` after the metas.
//!
//! Connlabels, after `mark`: the tool prints them (asked with `-o xml,labels`) by the names of
//! its label map (`/etc/xtables/connlabel.conf`), and none without one; ipdump reads the same map
//! ([`LabelMap::load`]) and prints the same names, `"labels":{"label":["blue","red"]}`, and
//! without a map the bit numbers, `"labels":{"label":[1,70]}`, rather than nothing.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::ser::SerializeMap;
use serde::Serialize;

use super::Wrapped;
use crate::json::value::{Ip, List, Text};
use crate::json::Fields;
use crate::json::Style;
use netlink_runtime::conntrack::{ConntrackFilter, Counters, Entry, Tuple, AF_INET, AF_INET6};
use netlink_runtime::nfnl::Handle;
use netlink_runtime::schemas::conntrack::*;
use netlink_runtime::Error;

/// Dumps the entries passing `filter` and writes them as `conntrack -L -o xml` lists them (or
/// only their number with `count`). Returns the number of entries.
pub fn print<W: Write>(
    h: &mut Handle,
    filter: &ConntrackFilter,
    labels: &LabelMap,
    style: Style,
    count: bool,
    w: &mut W,
) -> Result<u64, Error> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut out = Wrapped::new(w, style, count, &["conntrack", "flow"])?;
    h.for_each_conntrack(filter, |entry| {
        out.push(&FlowJson {
            entry,
            now: Some(now),
            labels,
        })?;
        Ok(())
    })?;
    Ok(out.finish()?)
}

/// The IP protocol names libnetfilter_conntrack prints (others are `unknown`).
pub fn proto_name(p: u8) -> &'static str {
    match p {
        IPPROTO_TCP => "tcp",
        IPPROTO_UDP => "udp",
        IPPROTO_UDPLITE => "udplite",
        IPPROTO_ICMP => "icmp",
        IPPROTO_ICMPV6 => "icmpv6",
        IPPROTO_SCTP => "sctp",
        IPPROTO_GRE => "gre",
        IPPROTO_DCCP => "dccp",
        _ => "unknown",
    }
}

/// The layer-3 names (`nfgen_family`).
pub fn l3_name(f: u8) -> &'static str {
    match f {
        AF_INET => "ipv4",
        AF_INET6 => "ipv6",
        _ => "unknown",
    }
}

/// A TCP state (`TCP_CONNTRACK_*`) as the tool prints it (out of range: `NONE`, as it does).
pub fn tcp_state(s: u8) -> &'static str {
    match s {
        TCP_CONNTRACK_SYN_SENT => "SYN_SENT",
        TCP_CONNTRACK_SYN_RECV => "SYN_RECV",
        TCP_CONNTRACK_ESTABLISHED => "ESTABLISHED",
        TCP_CONNTRACK_FIN_WAIT => "FIN_WAIT",
        TCP_CONNTRACK_CLOSE_WAIT => "CLOSE_WAIT",
        TCP_CONNTRACK_LAST_ACK => "LAST_ACK",
        TCP_CONNTRACK_TIME_WAIT => "TIME_WAIT",
        TCP_CONNTRACK_CLOSE => "CLOSE",
        TCP_CONNTRACK_SYN_SENT2 => "SYN_SENT2",
        _ => "NONE",
    }
}

/// An SCTP state (the kernel's `SCTP_CONNTRACK_*` order; no uapi header of the schema has it).
pub fn sctp_state(s: u8) -> &'static str {
    const NAMES: [&str; 10] = [
        "NONE",
        "CLOSED",
        "COOKIE_WAIT",
        "COOKIE_ECHOED",
        "ESTABLISHED",
        "SHUTDOWN_SENT",
        "SHUTDOWN_RECD",
        "SHUTDOWN_ACK_SENT",
        "HEARTBEAT_SENT",
        "HEARTBEAT_ACKED",
    ];
    NAMES.get(usize::from(s)).copied().unwrap_or("NONE")
}

/// Connlabel names by bit, as libnetfilter_conntrack reads them: lines of `BIT NAME`, `#`
/// comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelMap(Vec<(u32, String)>);

impl LabelMap {
    /// The files the tool reads, in order.
    pub const PATHS: &'static [&'static str] =
        &["/etc/xtables/connlabel.conf", "/etc/connlabel.conf"];

    /// The map of the first of [`LabelMap::PATHS`] that can be read (empty without one).
    pub fn load() -> LabelMap {
        Self::PATHS
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok())
            .map(|t| LabelMap::parse(&t))
            .unwrap_or_default()
    }

    /// A map from the text of a connlabel.conf (lines that do not parse are skipped).
    pub fn parse(text: &str) -> LabelMap {
        let labels = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter_map(|l| {
                let (bit, name) = l.split_once(char::is_whitespace)?;
                Some((bit.parse().ok()?, name.trim().to_owned()))
            })
            .collect();
        LabelMap(labels)
    }

    /// Whether the map names no label.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The name of bit `bit`.
    pub fn name(&self, bit: u32) -> Option<&str> {
        self.0
            .iter()
            .find(|(b, _)| *b == bit)
            .map(|(_, n)| n.as_str())
    }
}

/// One entry as one `<flow>` of `conntrack -L -o xml`.
#[derive(Debug, Clone, Copy)]
pub struct FlowJson<'v> {
    /// The entry.
    pub entry: &'v Entry,
    /// Seconds since the epoch, for `deltatime` (`None`: the clock now).
    pub now: Option<u64>,
    /// Connlabel names.
    pub labels: &'v LabelMap,
}

crate::serialize_by_fields!(FlowJson<'_>);

impl Fields for FlowJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let e = self.entry;
        let metas = || {
            let orig = e.tuple_orig.as_ref().map(|t| Meta::Tuple {
                dir: "original",
                tuple: t,
                family: e.family,
                counters: e.counters_orig.as_ref(),
            });
            let reply = e.tuple_reply.as_ref().map(|t| Meta::Tuple {
                dir: "reply",
                tuple: t,
                family: e.family,
                // The tool prints a direction's counters when the original's are there.
                counters: e
                    .counters_reply
                    .as_ref()
                    .filter(|_| e.counters_orig.is_some()),
            });
            let indep = has_independent(e).then_some(Meta::Independent(*self));
            orig.into_iter().chain(reply).chain(indep)
        };
        m.serialize_entry("meta", &List(metas))?;
        if let Some(name) = e.help.as_ref().and_then(|h| h.name.as_deref()) {
            m.serialize_entry("helper", name)?;
        }
        Ok(())
    }
}

fn has_independent(e: &Entry) -> bool {
    e.tcp_state().is_some()
        || e.protoinfo
            .as_ref()
            .is_some_and(|p| p.sctp.and_then(|s| s.state).is_some())
        || e.timeout.is_some()
        || e.mark.is_some()
        || e.zone.is_some()
        || e.use_count.is_some()
        || e.status.is_some()
        || e.id.is_some()
        || e.labels.is_some()
        || e.timestamp.is_some()
}

enum Meta<'v> {
    Tuple {
        dir: &'static str,
        tuple: &'v Tuple,
        family: u8,
        counters: Option<&'v Counters>,
    },
    Independent(FlowJson<'v>),
}

crate::serialize_by_fields!(Meta<'_>);

impl Fields for Meta<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        match self {
            Meta::Tuple {
                dir,
                tuple,
                family,
                counters,
            } => {
                m.serialize_entry("direction", dir)?;
                m.serialize_entry("layer3", &Layer3(tuple, *family))?;
                m.serialize_entry("layer4", &Layer4(tuple))?;
                if let Some(z) = tuple.zone {
                    m.serialize_entry("zone", &z)?;
                }
                if let Some(c) = counters {
                    m.serialize_entry("counters", &CountersJson(c))?;
                }
                Ok(())
            }
            Meta::Independent(flow) => independent(flow, m),
        }
    }
}

fn independent<M: SerializeMap>(flow: &FlowJson<'_>, m: &mut M) -> Result<(), M::Error> {
    let e = flow.entry;
    m.serialize_entry("direction", "independent")?;
    if let Some(s) = e.tcp_state() {
        m.serialize_entry("state", tcp_state(s))?;
    }
    if let Some(s) = e.protoinfo.and_then(|p| p.sctp).and_then(|s| s.state) {
        m.serialize_entry("state", sctp_state(s))?;
    }
    if let Some(t) = e.timeout {
        m.serialize_entry("timeout", &t)?;
    }
    if let Some(mark) = e.mark {
        m.serialize_entry("mark", &mark)?;
    }
    if e.labels.is_some() {
        m.serialize_entry("labels", &Labels(e, flow.labels))?;
    }
    if let Some(c) = e.secctx.as_ref().and_then(|s| s.name.as_deref()) {
        m.serialize_entry("secctx", c)?;
    }
    if let Some(z) = e.zone {
        m.serialize_entry("zone", &z)?;
    }
    if let Some(u) = e.use_count {
        m.serialize_entry("use", &u)?;
    }
    if let Some(id) = e.id {
        m.serialize_entry("id", &id)?;
    }
    if let Some(status) = e.status {
        if status & IPS_ASSURED != 0 {
            m.serialize_entry("assured", &super::PRESENT)?;
        }
        if status & IPS_SEEN_REPLY == 0 {
            m.serialize_entry("unreplied", &super::PRESENT)?;
        }
    }
    if let Some(start) = e.timestamp.and_then(|t| t.start) {
        const NS: u64 = 1_000_000_000;
        let delta = match e.timestamp.and_then(|t| t.stop) {
            Some(stop) => stop.saturating_sub(start) / NS,
            None => {
                let now = flow.now.unwrap_or_else(|| {
                    SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs())
                });
                now.saturating_sub(start / NS)
            }
        };
        m.serialize_entry("deltatime", &delta)?;
    }
    Ok(())
}

struct Layer3<'v>(&'v Tuple, u8);

crate::serialize_by_fields!(Layer3<'_>);

impl Fields for Layer3<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let (t, family) = (self.0, self.1);
        m.serialize_entry("protonum", &family)?;
        m.serialize_entry("protoname", l3_name(family))?;
        // The tool prints the element even when the tuple lacks the address (empty text).
        match t.src() {
            Some(a) => m.serialize_entry("src", &Ip(&a))?,
            None => m.serialize_entry("src", &super::PRESENT)?,
        }
        match t.dst() {
            Some(a) => m.serialize_entry("dst", &Ip(&a))?,
            None => m.serialize_entry("dst", &super::PRESENT)?,
        }
        Ok(())
    }
}

struct Layer4<'v>(&'v Tuple);

crate::serialize_by_fields!(Layer4<'_>);

impl Fields for Layer4<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let t = self.0;
        let p = t.protocol().unwrap_or(0);
        m.serialize_entry("protonum", &p)?;
        m.serialize_entry("protoname", proto_name(p))?;
        let (sport, dport) = (t.src_port().unwrap_or(0), t.dst_port().unwrap_or(0));
        match p {
            IPPROTO_TCP | IPPROTO_UDP | IPPROTO_UDPLITE | IPPROTO_SCTP | IPPROTO_DCCP => {
                m.serialize_entry("sport", &sport)?;
                m.serialize_entry("dport", &dport)?;
            }
            IPPROTO_GRE => {
                m.serialize_entry("srckey", &Text(format_args!("{sport:#x}")))?;
                m.serialize_entry("dstkey", &Text(format_args!("{dport:#x}")))?;
            }
            _ => {}
        }
        Ok(())
    }
}

struct CountersJson<'v>(&'v Counters);

crate::serialize_by_fields!(CountersJson<'_>);

impl Fields for CountersJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("packets", &self.0.packets.unwrap_or(0))?;
        m.serialize_entry("bytes", &self.0.bytes.unwrap_or(0))
    }
}

struct Labels<'v>(&'v Entry, &'v LabelMap);

impl Serialize for Labels<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (bits, map) = (self.0.label_bits(), self.1);
        let mut m = s.serialize_map(Some(1))?;
        if map.is_empty() {
            m.serialize_entry("label", &bits)?;
        } else {
            let names = || bits.iter().filter_map(|&b| map.name(b));
            m.serialize_entry("label", &List(names))?;
        }
        m.end()
    }
}
