//! Helpers of ipdump's tests: our JSON for an object (the bytes `ipdump` prints) compared with
//! `ip -j` on the keys each object promises.
#![allow(dead_code, unused_imports)]

use ipdump::json::{self, DumpOptions, Object, Style};
use netlink_runtime::rtnl::{Handle, TableFilter};
use serde_json::Value;

pub use netlink_tests::{ip, ip_all, ip_json, private_netns, project};

/// Our JSON for `object` with `opts`, parsed (the same bytes `ipdump` prints).
pub fn our_json(h: &mut Handle, object: Object, opts: &DumpOptions) -> Value {
    let mut out = Vec::new();
    json::print(h, object, opts, &mut out).expect("dump");
    serde_json::from_slice(&out)
        .unwrap_or_else(|e| panic!("our JSON: {e}: {}", String::from_utf8_lossy(&out)))
}

/// Keys compared per object.
pub const LINK_KEYS: &[&str] = &[
    "ifindex",
    "ifname",
    "link",
    "flags",
    "mtu",
    "qdisc",
    "master",
    "operstate",
    "linkmode",
    "group",
    "txqlen",
    "link_type",
    "address",
    "broadcast",
    "linkinfo.info_kind",
    "linkinfo.info_slave_kind",
];
/// Keys of `ip -j addr` compared (addr_info entries are projected separately).
pub const ADDR_LINK_KEYS: &[&str] = &[
    "ifindex",
    "ifname",
    "flags",
    "mtu",
    "operstate",
    "link_type",
];
/// Keys of one `addr_info` entry.
pub const ADDR_INFO_KEYS: &[&str] = &[
    "family",
    "local",
    "address",
    "prefixlen",
    "scope",
    "broadcast",
    "label",
    "nodad",
    "dynamic",
    "valid_life_time",
    "preferred_life_time",
];
/// Keys of a route.
pub const ROUTE_KEYS: &[&str] = &[
    "type", "dst", "src", "gateway", "dev", "table", "protocol", "scope", "prefsrc", "metric",
    "flags", "metrics", "pref", "nexthops", "nhid", "tos", "encap", "id", "ttl", "hoplimit", "tc",
    "key", "csum", "mode", "segs", "action", "nh4", "nh6", "srh", "oif", "vrftable", "stats64",
];
/// Keys of a neighbour.
pub const NEIGH_KEYS: &[&str] = &["dst", "dev", "lladdr", "router", "state"];

/// `ip -j addr` projected: link keys plus projected addr_info.
pub fn project_addr(v: &Value) -> Value {
    let links = project(v, ADDR_LINK_KEYS);
    let mut out = links.as_array().unwrap().clone();
    for (i, o) in v.as_array().unwrap().iter().enumerate() {
        let infos = project(&o["addr_info"], ADDR_INFO_KEYS);
        out[i]["addr_info"] = infos;
    }
    Value::Array(out)
}

/// Compare our output for `object` with `ip -j ip_args`, projected onto `keys` (None: every
/// key ip prints). Panics with both sides on a difference.
pub fn compare(
    h: &mut Handle,
    object: Object,
    opts: &DumpOptions,
    ip_args: &str,
    keys: Option<&[&str]>,
) -> usize {
    let ours = our_json(h, object, opts);
    let theirs = ip_json(ip_args);
    let (a, b) = match (object, keys) {
        (Object::Addr, _) => (project_addr(&ours), project_addr(&theirs)),
        (_, Some(k)) => (project(&ours, k), project(&theirs, k)),
        (_, None) => (ours.clone(), theirs.clone()),
    };
    let (aa, ba) = (a.as_array().unwrap(), b.as_array().unwrap());
    for (i, (x, y)) in aa.iter().zip(ba).enumerate() {
        assert_eq!(
            x, y,
            "{object:?} {ip_args}: object {i} differs\nours: {x}\n  ip: {y}"
        );
    }
    assert_eq!(
        aa.len(),
        ba.len(),
        "{object:?} {ip_args}: count differs\nours: {a}\n  ip: {b}"
    );
    // --count agrees.
    let mut cnt = Vec::new();
    let copts = DumpOptions {
        count: true,
        ..opts.clone()
    };
    json::print(h, object, &copts, &mut cnt).unwrap();
    let n: usize = String::from_utf8(cnt).unwrap().trim().parse().unwrap();
    if object != Object::Addr {
        assert_eq!(n, aa.len(), "{object:?} --count");
    }
    aa.len()
}

/// `DumpOptions` shorthand.
pub fn opts(family: u8, table: Option<&str>, dev: Option<&str>) -> DumpOptions {
    use ipdump::names;
    DumpOptions {
        family,
        table: table.map(|t| {
            if t == "all" {
                TableFilter::All
            } else {
                TableFilter::Id(names::table_id(t).unwrap())
            }
        }),
        dev: dev.map(str::to_owned),
        ..DumpOptions::default()
    }
}

/// Our bytes for `object` with `opts` in both layouts against `ip -j ip_args` and
/// `ip -j -p ip_args`, byte for byte (key order, value formats, indentation). Panics with both
/// sides on a difference.
pub fn compare_bytes(h: &mut Handle, object: Object, opts: &DumpOptions, ip_args: &str) {
    for (style, flags) in [(Style::Compact, "-j"), (Style::Pretty, "-j -p")] {
        let mut ours = Vec::new();
        let o = DumpOptions {
            style,
            ..opts.clone()
        };
        json::print(h, object, &o, &mut ours).expect("dump");
        let ours = String::from_utf8(ours).unwrap();
        let theirs = ip(&format!("{flags} {ip_args}"));
        assert_eq!(
            ours, theirs,
            "{object:?} vs ip {flags} {ip_args}\nours:\n{ours}\n  ip:\n{theirs}"
        );
    }
}
