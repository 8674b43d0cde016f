//! The `tc` target: traffic control's parsers over kernel bytes, through the paths a program
//! and `ipdump` read them by. Each message, whatever its type, is decoded as a qdisc, class or
//! filter (`TcRef`, then the owned `TcObject` of each kind), as the statistics a shaping box
//! polls (`TcStatsRef`), as a standalone-action message (`ActionMsg`, encoded again and
//! compared) and as a tc event; every object that decodes is written as `ipdump` writes it
//! (`tc -j`, with and without `-s`) and through `serde`.
//!
//! What is checked, beyond "no panic": writing an object that decoded never fails and gives
//! valid JSON; the action message's encoder writes back what its decoder read.

use ipdump::tc::{self as view, Devices, Json, TcOptions};
use netlink_runtime::codec::{FromMessage, ToMessage};
use netlink_runtime::tc::{ActionMsg, TcEvent, TcKind, TcObject, TcRef, TcStatsRef};
use netlink_runtime::{Message, Messages};

/// Traffic control's parsers, `ipdump`'s tc views and the serde forms.
pub fn tc(data: &[u8]) {
    let devs = Devices::default();
    for m in Messages::new(data) {
        let Ok(m) = m else { break };
        tc_message(&m, &devs);
    }
}

/// Parses `out` as JSON: what a view wrote must be valid.
fn valid_json(what: &str, out: &[u8]) {
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(out) {
        panic!("{what}: not JSON ({e}): {}", String::from_utf8_lossy(out));
    }
}

fn tc_message(m: &Message<'_>, devs: &Devices) {
    if let Ok(r) = TcRef::from_message(m) {
        for what in [TcKind::Qdisc, TcKind::Class, TcKind::Filter] {
            let obj = TcObject::from_ref(what, &r);
            for stats in [false, true] {
                let mut opts = TcOptions::default();
                opts.stats = stats;
                let mut out = Vec::new();
                let mut j = Json::new(&mut out);
                let written = match what {
                    TcKind::Qdisc => view::write_qdisc(&mut j, &obj, devs, &opts),
                    TcKind::Class => view::write_class(&mut j, &obj, devs, &opts),
                    _ => view::write_filter(&mut j, &obj, devs, &opts),
                };
                written.expect("writing to a Vec");
                valid_json(&format!("{what:?}"), &out);
            }
            let json = serde_json::to_vec(&obj).expect("serde of a TcObject");
            valid_json("TcObject (serde)", &json);
        }
    }
    if let Ok(s) = TcStatsRef::from_message(m) {
        let _ = (s.handle, s.parent);
    }
    if let Some(a) = crate::roundtrip(m, |v: &ActionMsg| v.to_message(m.kind(), 0)) {
        let json = serde_json::to_vec(&a.tab).expect("serde of actions");
        valid_json("actions (serde)", &json);
    }
    if let Ok(Some(ev)) = TcEvent::from_message(m) {
        let mut out = Vec::new();
        view::write_event(&mut out, &ev, devs).expect("writing to a Vec");
        for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            valid_json("tc event", line);
        }
    }
}
