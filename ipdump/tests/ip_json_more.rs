//! `ipdump -s link`, `ipdump route get`, `ipdump fdb` and `ipdump netns list` against the
//! tools users trust (`ip -s -j link`, `ip -j route get`, `bridge -j fdb show`,
//! `ip -j netns list`), each in a private namespace.

mod common;

use std::net::UdpSocket;

use common::*;
use ipdump::json::{self, DumpOptions, Object, Style};
use netlink_runtime::rtnl::{Handle, NetnsTarget, NsidSet, RouteGet, RouteTable};
use netlink_tests::{run, NamedNetns};
use serde_json::Value;

/// No IPv6 on links made from here on: its neighbour discovery and multicast reports would
/// change counters and multicast FDB entries while a test compares two dumps.
fn without_ipv6() {
    for k in ["all", "default"] {
        let path = format!("net.ipv6.conf.{k}.disable_ipv6=1");
        run("sysctl", &["-q", "-w", &path]);
    }
}

/// Some traffic the counters will show: UDP over loopback and over a veth (all inside the
/// test's namespace).
fn traffic(to: &str) {
    let s = UdpSocket::bind("0.0.0.0:0").unwrap();
    for _ in 0..3 {
        s.send_to(b"counted", (to, 9)).unwrap();
        s.send_to(b"counted", ("127.0.0.1", 9)).unwrap();
    }
}

/// `ours` and `theirs` taken until our output is the same before and after the tool's (the
/// counters did not move meanwhile), then returned.
fn stable(mut ours: impl FnMut() -> String, theirs: impl Fn() -> String) -> (String, String) {
    for _ in 0..5 {
        let before = ours();
        let t = theirs();
        if ours() == before {
            return (before, t);
        }
    }
    panic!("the counters kept changing");
}

fn our_bytes(h: &mut Handle, object: Object, opts: &DumpOptions) -> String {
    let mut out = Vec::new();
    json::print(h, object, opts, &mut out).expect("dump");
    String::from_utf8(out).unwrap()
}

fn parse(what: &str, s: &str) -> Value {
    if s.trim().is_empty() {
        return Value::Array(vec![]);
    }
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{what}: {e}: {s}"))
}

#[test]
fn link_stats_match_ip_s_j_link() {
    if !private_netns("link_stats_match_ip_s_j_link") {
        return;
    }
    without_ipv6();
    ip_all(
        "
        link set lo up
        link add v0 type veth peer name v1
        link set v0 up
        link set v1 up
        addr add 192.0.2.1/24 dev v0
        addr add 192.0.2.2/24 dev v1
        neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0
        ",
    );
    traffic("192.0.2.9");
    let mut h = Handle::new().unwrap();
    let mut keys: Vec<&str> = LINK_KEYS.to_vec();
    keys.push("stats64");
    for (level, args) in [(1, "-s -d link show"), (2, "-s -s -d link show")] {
        let opts = DumpOptions {
            stats: level,
            ..DumpOptions::default()
        };
        let (ours, theirs) = stable(
            || our_bytes(&mut h, Object::Link, &opts),
            || ip(&format!("-j {args}")),
        );
        let (ours, theirs) = (parse("ours", &ours), parse(args, &theirs));
        assert_eq!(project(&ours, &keys), project(&theirs, &keys), "{args}");
        // The scene's traffic is there: a compare of zeros would prove little.
        let v0 = ours
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["ifname"] == "v0")
            .unwrap();
        assert!(
            v0["stats64"]["tx"]["packets"].as_u64().unwrap() >= 3,
            "{v0}"
        );
        assert_eq!(v0["stats64"]["rx"].get("crc_errors").is_some(), level > 1);
    }
    // `ip -s addr` prints the counters after each link's addresses; byte for byte.
    for (style, flags) in [(Style::Compact, "-j"), (Style::Pretty, "-j -p")] {
        let opts = DumpOptions {
            stats: 1,
            style,
            ..DumpOptions::default()
        };
        let (ours, theirs) = stable(
            || our_bytes(&mut h, Object::Addr, &opts),
            || ip(&format!("{flags} -s addr show")),
        );
        assert_eq!(ours, theirs, "ip {flags} -s addr show");
    }
}

/// One `ip route get` through `ipdump`'s path, both layouts, byte for byte.
fn compare_get(h: &mut Handle, get: &RouteGet, ip_args: &str) {
    for (style, flags) in [(Style::Compact, "-j"), (Style::Pretty, "-j -p")] {
        let opts = DumpOptions {
            style,
            ..DumpOptions::default()
        };
        let mut ours = Vec::new();
        json::route_get(h, get, &opts, &mut ours).expect("route get");
        let ours = String::from_utf8(ours).unwrap();
        let theirs = ip(&format!("{flags} route get {ip_args}"));
        assert_eq!(
            ours, theirs,
            "ip {flags} route get {ip_args}\nours:\n{ours}\n  ip:\n{theirs}"
        );
    }
}

#[test]
fn route_get_matches_ip_j_route_get() {
    if !private_netns("route_get_matches_ip_j_route_get") {
        return;
    }
    ip_all(
        "
        link set lo up
        link add v0 type veth peer name v1
        link set v0 up
        link set v1 up
        addr add 192.0.2.1/24 dev v0
        addr add 198.51.100.1/24 dev v1
        -6 addr add 2001:db8::1/64 dev v0 nodad
        route add 10.0.0.0/8 via 192.0.2.2
        route add 10.9.0.0/16 via 192.0.2.3 table 100
        rule add fwmark 7 table 100
        rule add tos 0x10 table 100
        rule add ipproto tcp dport 80 table 100
        -6 route add 2001:db8:5::/48 via 2001:db8::2 metric 5
        ",
    );
    let mut h = Handle::new().unwrap();
    let v0 = h.link_index("v0").unwrap();
    let v1 = h.link_index("v1").unwrap();
    let a = |s: &str| s.parse().unwrap();
    let cases: Vec<(RouteGet, String)> = vec![
        (
            RouteGet::new(a("10.1.2.3")).lookup_table(),
            "10.1.2.3".into(),
        ),
        (
            RouteGet::new(a("127.0.0.1")).lookup_table(),
            "127.0.0.1".into(),
        ),
        (
            RouteGet::new(a("192.0.2.255")).lookup_table(),
            "192.0.2.255".into(),
        ),
        (
            RouteGet::new(a("10.1.2.3"))
                .lookup_table()
                .from(a("192.0.2.1"))
                .uid(100),
            "10.1.2.3 from 192.0.2.1 uid 100".into(),
        ),
        // The rule sends marked packets to table 100.
        (
            RouteGet::new(a("10.9.1.1")).lookup_table().mark(7),
            "10.9.1.1 mark 7".into(),
        ),
        (
            RouteGet::new(a("198.51.100.7")).lookup_table().oif(v1),
            "198.51.100.7 oif v1".into(),
        ),
        (
            RouteGet::new(a("192.0.2.1"))
                .lookup_table()
                .from(a("192.0.2.9"))
                .iif(v0),
            "192.0.2.1 from 192.0.2.9 iif v0".into(),
        ),
        (
            RouteGet::new(a("10.1.2.3")).lookup_table().fibmatch(),
            "fibmatch 10.1.2.3".into(),
        ),
        (RouteGet::new(a("2001:db8:5::7")), "2001:db8:5::7".into()),
        (RouteGet::new(a("2001:db8::5")), "2001:db8::5".into()),
    ];
    for (get, args) in &cases {
        compare_get(&mut h, get, args);
    }
    // The same arguments as `ipdump route get` reads them. The rules send TOS 0x10 and TCP to
    // port 80 to table 100; without them the lookup ends in the main table.
    for args in [
        "10.1.2.3 from 192.0.2.1 uid 100",
        "10.9.1.1 mark 7",
        "10.9.1.1 tos 0x10",
        "10.9.1.1 tos 10",
        "10.9.1.1 ipproto tcp dport 80",
        "10.9.1.1 ipproto tcp sport 1000 dport 80",
        "10.9.1.1 ipproto 6 dport 81",
        "10.9.1.1 ipproto udp dport 80",
        "to 10.9.1.1 dsfield AF11",
    ] {
        let argv: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        let get = ipdump::args::route_get(&mut h, &argv).expect(args);
        compare_get(&mut h, &get, args);
    }
    let mut table_of = |args: &str| {
        let argv: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        let get = ipdump::args::route_get(&mut h, &argv).unwrap();
        h.route_get(&get).unwrap().table()
    };
    assert_eq!(table_of("10.9.1.1 ipproto tcp dport 80"), 100);
    assert_eq!(table_of("10.9.1.1 tos 0x10"), 100);
    assert_eq!(table_of("10.9.1.1 ipproto udp dport 80"), RouteTable::MAIN);
    for (bad, why) in [
        ("10.9.1.1 ipproto bogus", "is not an IP protocol"),
        ("10.9.1.1 tos zz", "is not a TOS value"),
        ("10.9.1.1 ipproto tcp dport 70000", "is not a port"),
        // (This kernel has no VRF devices: only the refusal can be checked.)
        ("10.9.1.1 vrf v0", "\"v0\" is not a VRF"),
    ] {
        let argv: Vec<String> = bad.split_whitespace().map(str::to_owned).collect();
        let e = ipdump::args::route_get(&mut h, &argv).unwrap_err();
        assert!(e.to_string().contains(why), "{bad}: {e}");
    }
    // No route: an error naming why, as `ip` fails.
    let mut out = Vec::new();
    let e = json::route_get(
        &mut h,
        &RouteGet::new(a("203.0.113.1")).lookup_table(),
        &DumpOptions::default(),
        &mut out,
    )
    .unwrap_err();
    assert!(e.to_string().contains("unreachable"), "{e}");
    let failed = std::process::Command::new("ip")
        .args(["route", "get", "203.0.113.1"])
        .output()
        .unwrap();
    assert!(!failed.status.success());
}

#[test]
fn fdb_matches_bridge_j_fdb_show() {
    if !private_netns("fdb_matches_bridge_j_fdb_show") {
        return;
    }
    without_ipv6();
    ip_all(
        "
        link add br0 type bridge
        link add v0 type veth peer name v1
        link add v2 type veth peer name v3
        link set v0 master br0
        link set v2 master br0
        link set br0 up
        link set v0 up
        link set v1 up
        link set v2 up
        link add vx0 type vxlan id 42 dstport 4789 local 192.0.2.1
        ",
    );
    for cmd in [
        "fdb add 02:00:00:00:00:01 dev v0 master static",
        "fdb add 02:00:00:00:00:02 dev v2 master",
        "fdb add 02:00:00:00:00:03 dev v0 self permanent",
        "fdb append 00:00:00:00:00:00 dev vx0 dst 192.0.2.7",
        "fdb add 02:00:00:00:00:04 dev vx0 dst 192.0.2.8 vni 100 port 4790",
    ] {
        let argv: Vec<&str> = cmd.split_whitespace().collect();
        run("bridge", &argv);
    }
    let mut h = Handle::new().unwrap();
    for (dev, args) in [(None, "fdb show"), (Some("v0"), "fdb show dev v0")] {
        for (style, flags) in [(Style::Compact, "-j"), (Style::Pretty, "-j -p")] {
            let opts = DumpOptions {
                style,
                dev: dev.map(str::to_owned),
                ..DumpOptions::default()
            };
            let ours = our_bytes(&mut h, Object::Fdb, &opts);
            let mut argv: Vec<&str> = flags.split_whitespace().collect();
            argv.extend(args.split_whitespace());
            let theirs = run("bridge", &argv);
            assert_eq!(
                ours, theirs,
                "bridge {flags} {args}\nours:\n{ours}\n  bridge:\n{theirs}"
            );
        }
    }
    // `br`, `vlan` and `state` filters, as `bridge` reads them. (This kernel has no VLAN
    // filtering on bridges, so no entry has a VLAN: `vlan 1` lists none.)
    let filtered = |bridge: Option<&str>, vlan: Option<u16>, states: &[&str]| DumpOptions {
        bridge: bridge.map(str::to_owned),
        vlan,
        states: states
            .iter()
            .map(|s| ipdump::names::fdb_state(s).unwrap())
            .reduce(|a, b| a | b),
        ..DumpOptions::default()
    };
    for (opts, args, at_least) in [
        (filtered(Some("br0"), None, &[]), "fdb show br br0", 5),
        (
            filtered(None, None, &["static"]),
            "fdb show state static",
            1,
        ),
        (
            filtered(None, None, &["permanent"]),
            "fdb show state permanent",
            3,
        ),
        (
            filtered(Some("br0"), None, &["static", "permanent"]),
            "fdb show br br0 state static state permanent",
            3,
        ),
        // Nothing is learnt here (no traffic): none.
        (
            filtered(None, None, &["dynamic"]),
            "fdb show state dynamic",
            0,
        ),
        (filtered(None, None, &["0x40"]), "fdb show state 0x40", 1),
        (filtered(None, Some(1), &[]), "fdb show vlan 1", 0),
    ] {
        let ours = our_bytes(&mut h, Object::Fdb, &opts);
        let mut argv = vec!["-j"];
        argv.extend(args.split_whitespace());
        let theirs = run("bridge", &argv);
        assert_eq!(
            ours, theirs,
            "bridge -j {args}\nours:\n{ours}\n  bridge:\n{theirs}"
        );
        let n = parse("ours", &ours).as_array().unwrap().len();
        assert!(n >= at_least, "bridge -j {args}: {n} entries: {ours}");
    }
    // The scene's entries are there, with what `bridge` prints of them.
    let all = parse(
        "ours",
        &our_bytes(&mut h, Object::Fdb, &DumpOptions::default()),
    );
    let find = |mac: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .find(|e| e["mac"] == mac)
            .cloned()
            .unwrap_or_else(|| panic!("no {mac} in {all}"))
    };
    assert_eq!(find("02:00:00:00:00:01")["state"], "static");
    assert_eq!(find("02:00:00:00:00:01")["master"], "br0");
    assert_eq!(
        find("02:00:00:00:00:03")["flags"],
        serde_json::json!(["self"])
    );
    assert_eq!(find("02:00:00:00:00:04")["vni"], 100);
    assert_eq!(find("02:00:00:00:00:04")["port"], 4790);
    // `-s` adds the ages of the bridge's own entries.
    let stats = DumpOptions {
        stats: 1,
        dev: Some("v0".into()),
        ..DumpOptions::default()
    };
    let with_ages = parse("ours -s", &our_bytes(&mut h, Object::Fdb, &stats));
    let master = with_ages
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["mac"] == "02:00:00:00:00:01")
        .unwrap();
    assert!(
        master["used"].is_u64() && master["updated"].is_u64(),
        "{master}"
    );
    let count = DumpOptions {
        count: true,
        ..DumpOptions::default()
    };
    let n: usize = our_bytes(&mut h, Object::Fdb, &count)
        .trim()
        .parse()
        .unwrap();
    assert_eq!(n, all.as_array().unwrap().len());
}

#[test]
fn netns_list_matches_ip_j_netns_list() {
    if !private_netns("netns_list_matches_ip_j_netns_list") {
        return;
    }
    // Named namespaces are machine-wide: compare only ours (other tests make theirs).
    let prefix = format!("ipdump-list-{}", std::process::id());
    let a = NamedNetns::create(&prefix);
    let b = NamedNetns::create(&prefix);
    let c_name = format!("{prefix}-api");
    netlink_runtime::netns::add_named(&c_name).unwrap();
    let c = NamedNetns(c_name);
    // Ids as this namespace sees them: one set by `ip`, one by the kernel when a link's peer
    // went there, one none.
    ip(&format!("netns set {} 7", a.0));
    ip(&format!("link add va type veth peer name vb netns {}", b.0));
    let mine = |v: &Value| -> Value {
        let kept = v
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["name"].as_str().is_some_and(|n| n.starts_with(&prefix)))
            .cloned()
            .collect();
        Value::Array(kept)
    };
    let mut h = Handle::new().unwrap();
    let mut out = Vec::new();
    json::netns_list(&mut h, &DumpOptions::default(), &mut out).unwrap();
    let ours = mine(&parse("ours", std::str::from_utf8(&out).unwrap()));
    let theirs = mine(&ip_json("netns list"));
    assert_eq!(ours, theirs);
    let arr = ours.as_array().unwrap();
    assert_eq!(arr.len(), 3, "{ours}");
    let of = |n: &str| arr.iter().find(|o| o["name"] == n).unwrap().clone();
    assert_eq!(of(&a.0)["id"], 7);
    assert!(of(&b.0)["id"].is_i64(), "{ours}");
    assert!(of(&c.0).get("id").is_none(), "{ours}");

    // `netns list-id`: the ids assigned in this (private) namespace, byte for byte, both
    // layouts. A namespace that has an id but no name (a process's, here `unshare`'s) is
    // listed by its id alone.
    let mut unnamed = std::process::Command::new("unshare")
        .args(["--net", "sleep", "30"])
        .spawn()
        .unwrap();
    // Until `unshare` has its own namespace (at most 5 s).
    let ns_of = |pid: String| std::fs::read_link(format!("/proc/{pid}/ns/net")).ok();
    for _ in 0..500 {
        if ns_of(unnamed.id().to_string()) != ns_of("self".into()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let by_pid = NsidSet::new(NetnsTarget::Pid(unnamed.id()), 9).unwrap();
    h.set_netns_id(&by_pid).unwrap();
    for (style, flags) in [(Style::Compact, "-j"), (Style::Pretty, "-j -p")] {
        let opts = DumpOptions {
            style,
            ..DumpOptions::default()
        };
        let mut out = Vec::new();
        json::netns_list_id(&mut h, &opts, &mut out).unwrap();
        let ours = String::from_utf8(out).unwrap();
        let theirs = netlink_tests::ip(&format!("{flags} netns list-id"));
        assert_eq!(ours, theirs, "ip {flags} netns list-id");
    }
    let mut out = Vec::new();
    json::netns_list_id(&mut h, &DumpOptions::default(), &mut out).unwrap();
    let ids = parse("ours", std::str::from_utf8(&out).unwrap());
    let ids = ids.as_array().unwrap();
    assert!(
        ids.iter()
            .any(|o| o["nsid"] == 7 && o["name"] == a.0.as_str()),
        "{ids:?}"
    );
    assert!(
        ids.iter()
            .any(|o| o["nsid"] == 9 && o.get("name").is_none()),
        "{ids:?}"
    );
    let _ = unnamed.kill();
    let _ = unnamed.wait();
}
