//! The `netfilter` target: nfnetlink's reply types (conntrack, nf_tables, ipset) through the
//! public paths a program reads them by: each subsystem's dump operations
//! ([`Dump::decode`](netlink_runtime::op::Dump::decode)), the conntrack event decoder ([`Notifications::decode`]), and every derived
//! message type on every message whatever its type (a parser must cope with any payload).
//!
//! A message that decodes is written back with its own encoder and read again: the derived
//! encoders and decoders must agree (same value back), which catches an attribute read from
//! one place and written to another, or a length the encoder gets wrong.

use std::fmt::Debug;

use netlink_runtime::codec::{FromMessage, ToMessage};
use netlink_runtime::conntrack::{self, ConntrackDump, ConntrackFilter, CpuStatsDump, Entry};
use netlink_runtime::ipset::{self, AdtMsg, ListDump, SetMsg};
use netlink_runtime::nftables::{self, Object, RuleFilter};
use netlink_runtime::op::{DumpOwned, Notifications};
use netlink_runtime::{nfnl, Message, Messages};

/// Decodes `m` as `T` and checks that `T`'s encoder writes it back (see [`crate::roundtrip`]).
fn roundtrip<T>(m: &Message<'_>) -> Option<T>
where
    T: for<'a> FromMessage<'a> + ToMessage + PartialEq + Debug,
{
    crate::roundtrip(m, |v: &T| v.to_message(m.kind(), 0))
}

/// Runs a dump operation's decoder on `m`, and its owned form on what it yields.
fn dump<D: DumpOwned>(op: &D, m: &Message<'_>) {
    if let Ok(Some(item)) = op.decode(m) {
        let _ = op.to_owned(&item);
    }
}

/// The conntrack filters a dump may be run with: none, and one of each kind.
fn filters() -> [ConntrackFilter; 4] {
    [
        ConntrackFilter::all(),
        ConntrackFilter::ipv4().mark(1, 0xff),
        ConntrackFilter::ipv6().zone(1),
        ConntrackFilter::all().status(8, 8),
    ]
}

/// Every nfnetlink parser the runtime ships, on every message of a datagram.
pub fn netfilter(data: &[u8]) {
    let mut sets = Vec::new();
    for m in Messages::new(data) {
        let Ok(m) = m else { break };
        let h = nfnl::header(&m);
        let _ = (h.nfgen_family, h.version, h.res_id);
        let _ = (nfnl::subsystem(m.kind()), nfnl::command(m.kind()));
        conntrack_message(&m);
        nftables_message(&m);
        if let Some(s) = ipset_message(&m) {
            sets.push(s);
        }
    }
    // A list dump's messages joined into sets, as `ipset_list` does.
    for s in ipset::join(sets) {
        for member in &s.members {
            let _ = member.elem(&s.kind);
        }
    }
}

fn conntrack_message(m: &Message<'_>) {
    for f in filters() {
        dump(&ConntrackDump { filter: f }, m);
    }
    dump(&CpuStatsDump, m);
    if let Ok(Some(e)) = conntrack::EventDecoder.decode(m) {
        let _ = e.kind;
    }
    if let Some(e) = roundtrip::<Entry>(m) {
        let _ = (e.orig_src(), e.orig_dst(), e.protocol(), e.tcp_state());
        let _ = (e.has_status(8), e.label_bits());
        for t in [&e.tuple_orig, &e.tuple_reply, &e.tuple_master]
            .into_iter()
            .flatten()
        {
            let _ = (t.src(), t.dst(), t.protocol(), t.src_port(), t.dst_port());
            let _ = t.inverted();
        }
        for f in filters() {
            let _ = f.matches(&e);
        }
    }
    let _ = roundtrip::<conntrack::CpuStats>(m);
    let _ = roundtrip::<conntrack::TableStats>(m);
}

fn nftables_message(m: &Message<'_>) {
    dump(&nftables::tables_op(0), m);
    dump(&nftables::chains_op(0), m);
    dump(&nftables::sets_op(0), m);
    dump(&nftables::objects_op(0), m);
    dump(&nftables::rules_op(&RuleFilter::all()), m);
    dump(&nftables::elements_op(0, "t", "s"), m);
    let _ = roundtrip::<nftables::Table>(m);
    if let Some(c) = roundtrip::<nftables::Chain>(m) {
        let _ = c.hook.as_ref().map(|h| h.priority);
    }
    if let Some(r) = roundtrip::<nftables::Rule>(m) {
        for e in r.exprs() {
            if let Some(nftables::ExprData::Immediate(i)) = &e.data {
                let _ = i.data.as_ref().and_then(|d| d.verdict.as_ref()?.code);
            }
        }
    }
    let _ = roundtrip::<nftables::Set>(m);
    if let Some(s) = roundtrip::<nftables::SetElements>(m) {
        for e in s.elements.iter().flat_map(|l| &l.elem) {
            let _ = (e.key_bytes(), e.is_interval_end());
        }
    }
    if let Some(o) = roundtrip::<nftables::ObjMsg>(m) {
        let _ = Object::try_from(o);
    }
    let _ = roundtrip::<nftables::Generation>(m);
}

fn ipset_message(m: &Message<'_>) -> Option<SetMsg> {
    dump(&ListDump::default(), m);
    dump(
        &ListDump {
            name: Some("s".into()),
        },
        m,
    );
    if let Some(a) = roundtrip::<AdtMsg>(m) {
        if let Some(member) = &a.data {
            let _ = (member.elem("hash:net"), member.elem("hash:ip,port"));
            let _ = member.ip.as_ref().map(|a| a.get());
        }
    }
    roundtrip::<SetMsg>(m)
}
