//! The `families` target: the generic netlink families' reply types, read the ways a program
//! reads them since the families run as operations: each family's dump operations
//! ([`Dump::decode`], the policy dump's [`DumpFold`]), the notification decoders
//! ([`Notifications::decode`]: ethtool's monitor, netdev's device events), and every derived
//! reply type on every message whatever its type. The operations are built with the message's
//! own type as the family id, so their command checks pass and the decoders run.
//!
//! A reply that decodes is written back with its own encoder and read again (see
//! [`crate::roundtrip`]).

use std::fmt::Debug;

use netlink_runtime::codec::{FromMessage, ToMessage};
use netlink_runtime::families::{ethtool, mptcp, netdev, nlctrl, tcp_metrics};
use netlink_runtime::genl::{self, FamilyId, GenlHeader};
use netlink_runtime::op::{Dump, DumpFold, DumpOwned, Notifications};
use netlink_runtime::{Message, Messages};

/// Decodes `m` as `T` and checks that `T`'s encoder writes it back in a message of the same
/// family and command.
fn roundtrip<T>(m: &Message<'_>, fam: FamilyId, cmd: u8) -> Option<T>
where
    T: for<'a> FromMessage<'a> + ToMessage + PartialEq + Debug,
{
    crate::roundtrip(m, |v: &T| fam.message(cmd, 0, v))
}

/// Runs a dump operation's decoder on `m`, and its owned form on what it yields.
fn dump<D: DumpOwned>(op: &D, m: &Message<'_>) {
    if let Ok(Some(item)) = op.decode(m) {
        let _ = op.to_owned(&item);
    }
}

/// Every generic netlink family's reply types the runtime ships, on every message.
pub fn families(data: &[u8]) {
    // The policy dump folds every message of the datagram into one policy, as it does for a
    // dump's messages.
    let mut policy: Option<(nlctrl::PolicyDump, nlctrl::FamilyPolicy)> = None;
    for m in Messages::new(data) {
        let Ok(m) = m else { break };
        let (fam, cmd) = match GenlHeader::parse(&m) {
            Ok(h) => (
                FamilyId {
                    id: m.kind(),
                    version: h.version,
                },
                h.cmd,
            ),
            Err(_) => (
                FamilyId {
                    id: m.kind(),
                    version: 1,
                },
                0,
            ),
        };
        let _ = genl::Family::from_message(&m);
        operations(&m, fam, &mut policy);
        replies(&m, fam, cmd);
    }
    if let Some((_, p)) = policy {
        for (op, pols) in &p.ops {
            let _ = (op, pols.do_policy, pols.dump_policy);
        }
        for attrs in p.policies.values() {
            for a in attrs.values() {
                let _ = a.type_name();
            }
        }
    }
}

/// The families' dump operations and notification decoders.
fn operations(
    m: &Message<'_>,
    fam: FamilyId,
    policy: &mut Option<(nlctrl::PolicyDump, nlctrl::FamilyPolicy)>,
) {
    dump(&nlctrl::FamiliesDump::new(fam), m);
    let (op, acc) = policy.get_or_insert_with(|| {
        let op = nlctrl::PolicyDump::new(fam, "fuzz");
        let acc = op.init();
        (op, acc)
    });
    if let Ok(Some(p)) = op.decode(m) {
        let _ = op.fold(acc, p);
    }
    dump(&ethtool::LinkInfoDump::new(fam), m);
    dump(&netdev::DevDump::new(fam), m);
    dump(&tcp_metrics::MetricsDump::new(fam), m);
    dump(&mptcp::EndpointDump::new(fam), m);
    if let Ok(Some(n)) = ethtool::MonitorDecoder::new(fam).decode(m) {
        let _ = format!("{n:?}");
    }
    if let Ok(Some(e)) = netdev::DevEvents::new(fam).decode(m) {
        let _ = format!("{e:?}");
    }
}

/// Every derived reply type, whatever the message's command, and its accessors.
fn replies(m: &Message<'_>, fam: FamilyId, cmd: u8) {
    if let Some(f) = roundtrip::<nlctrl::FamilyInfo>(m, fam, cmd) {
        for op in &f.ops {
            let _ = (op.can_do(), op.can_dump(), op.has_policy());
        }
        let _ = f.group("config");
    }
    let _ = nlctrl::PolicyMsg::from_message(m);
    if let Some(i) = roundtrip::<ethtool::LinkInfo>(m, fam, cmd) {
        let _ = (i.port_name(), i.transceiver_name());
    }
    if let Some(l) = roundtrip::<ethtool::LinkModes>(m, fam, cmd) {
        let _ = (l.speed_mbps(), l.duplex_name(), l.autoneg_on());
        let _ = (l.supported(), l.advertised());
    }
    let _ = roundtrip::<ethtool::LinkState>(m, fam, cmd);
    if let Some(f) = roundtrip::<ethtool::Features>(m, fam, cmd) {
        let names: Vec<String> = (0..64).map(|i| format!("f{i}")).collect();
        let _ = f.states(&names);
    }
    let _ = roundtrip::<ethtool::Rings>(m, fam, cmd);
    let _ = roundtrip::<ethtool::Channels>(m, fam, cmd);
    let _ = roundtrip::<ethtool::Strset>(m, fam, cmd);
    let _ = roundtrip::<mptcp::Limits>(m, fam, cmd);
    if let Some(d) = roundtrip::<netdev::DevInfo>(m, fam, cmd) {
        let _ = d.xdp_feature_names();
    }
    if let Some(e) = roundtrip::<tcp_metrics::Entry>(m, fam, cmd) {
        let _ = (e.destination(), e.source());
    }
}
