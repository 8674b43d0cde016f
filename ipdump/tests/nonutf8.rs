//! A link whose name is not UTF-8 (Linux allows any bytes but `/`, `:` and whitespace; issue
//! 14's first finding: ipdump used to fail on every object and `monitor` exited). Every object
//! is listed, with the name as `ip -j` prints it but valid JSON: the bytes that are not UTF-8
//! become U+FFFD (JSON text is UTF-8, RFC 8259; `ip` writes the raw bytes, which JSON readers
//! refuse). Compared with `ip -j` read the same lossy way; `monitor` reports the link and
//! carries on.

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{our_json, private_netns, project, project_addr, LINK_KEYS, NEIGH_KEYS, ROUTE_KEYS};
use ipdump::json::{self, DumpOptions, LinkNames, Object, Style};
use netlink_runtime::rtnl::{Events, Handle, ALL_GROUPS};
use serde_json::Value;

/// The link's name: `b`, the byte 0xff, `ad`.
const NAME: &[u8] = b"b\xffad";
/// What ipdump prints for it.
const SHOWN: &str = "b\u{fffd}ad";

/// `ip ARGS` where `@` stands for the non-UTF-8 name; panics when ip fails.
fn ip_raw(args: &str) -> Vec<u8> {
    let argv: Vec<&OsStr> = args
        .split_whitespace()
        .map(|a| match a {
            "@" => OsStr::from_bytes(NAME),
            "@rule" => OsStr::from_bytes(b"x\xff"),
            a => OsStr::new(a),
        })
        .collect();
    let out = Command::new("ip").args(&argv).output().expect("run ip");
    assert!(
        out.status.success(),
        "ip {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `ip -j ARGS` read as ipdump prints names: invalid bytes as U+FFFD.
fn ip_json_lossy(args: &str) -> Value {
    let out = ip_raw(&format!("-j {args}"));
    serde_json::from_str(&String::from_utf8_lossy(&out)).expect("ip -j output")
}

#[test]
fn a_link_named_with_bytes_that_are_not_utf8_is_listed_by_every_object() {
    if !private_netns("a_link_named_with_bytes_that_are_not_utf8_is_listed_by_every_object") {
        return;
    }
    for cmd in [
        "link add @ type veth peer name p0",
        "link set @ up",
        "link set p0 up",
        "addr add 192.0.2.1/24 dev @",
        "route add 198.51.100.0/24 via 192.0.2.2 dev @",
        "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev @",
        "nexthop add id 1 via 192.0.2.2 dev @",
        "rule add iif @rule table 100 prio 100",
    ] {
        ip_raw(cmd);
    }
    let mut h = Handle::new().unwrap();
    let cases: [(Object, &str, &[&str]); 6] = [
        (Object::Link, "-d link show", LINK_KEYS),
        (Object::Addr, "addr show", &[]),
        (Object::Route, "route show", ROUTE_KEYS),
        (Object::Neigh, "neigh show", NEIGH_KEYS),
        (
            Object::Nexthop,
            "nexthop show",
            &["id", "gateway", "dev", "scope"],
        ),
        (
            Object::Rule,
            "rule show",
            &["priority", "src", "iif", "table"],
        ),
    ];
    for (object, ip_args, keys) in cases {
        let ours = our_json(&mut h, object, &DumpOptions::default());
        let theirs = ip_json_lossy(ip_args);
        let (a, b) = match object {
            Object::Addr => (project_addr(&ours), project_addr(&theirs)),
            _ => (project(&ours, keys), project(&theirs, keys)),
        };
        assert_eq!(a, b, "{object:?}: ours against ip -j {ip_args}");
        let text = ours.to_string();
        let want = if object == Object::Rule {
            "x\u{fffd}"
        } else {
            SHOWN
        };
        assert!(text.contains(want), "{object:?}: {want:?} not in {text}");
    }
}

#[test]
fn monitor_reports_a_link_named_with_bytes_that_are_not_utf8_and_carries_on() {
    if !private_netns("monitor_reports_a_link_named_with_bytes_that_are_not_utf8_and_carries_on") {
        return;
    }
    let mut h = Handle::new().unwrap();
    let mut ev = Events::subscribe(ALL_GROUPS).unwrap();
    let mut names = LinkNames::load(&mut h).unwrap();
    ip_raw("link add @ type veth peer name p0");
    ip_raw("addr add 192.0.2.1/24 dev @");
    // A later change: monitor must still be running to see it.
    ip_raw("link add br9 type bridge");
    let mut lines: Vec<Value> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    let seen = |lines: &[Value]| lines.iter().any(|o| o["ifname"] == "br9");
    while Instant::now() < deadline && !seen(&lines) {
        let mut out = Vec::new();
        if let Some(r) = ev
            .next_raw_timeout(Duration::from_millis(200), |m| {
                json::write_event(&mut out, Style::Compact, m, &mut names)
            })
            .unwrap()
        {
            r.expect("an event written");
        }
        if !out.is_empty() {
            let line = String::from_utf8(out).expect("monitor writes UTF-8");
            lines.push(serde_json::from_str(&line).unwrap());
        }
    }
    assert!(
        lines
            .iter()
            .any(|o| o["event"] == "newlink" && o["ifname"] == SHOWN),
        "no newlink for the name in {lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|o| o["event"] == "newaddr" && o.to_string().contains(SHOWN)),
        "no newaddr on the link in {lines:?}"
    );
    assert!(seen(&lines), "monitor stopped: {lines:?}");
}
