//! Feature `serde` for tc and netfilter: qdiscs, classes, conntrack entries, nf_tables objects
//! and ipsets made with the tools in a private namespace, read with our API and serialised.
//! The schema's own structs (`tc_htb_opt`, ...) serialise through `schema!(.., serde)`: a map of
//! their members.
#![cfg(all(feature = "serde", feature = "tc", feature = "netfilter"))]

mod common;

use netlink_runtime::conntrack::ConntrackFilter;
use netlink_runtime::nfnl;
use netlink_runtime::rtnl::Handle;
use netlink_runtime::schemas::nftables::NFPROTO_UNSPEC;
use netlink_runtime::tc::TcFilter;
use netlink_tests::{ip, private_netns, run};
use serde::Serialize;
use serde_json::Value;

fn to_json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serialise")
}

fn tool(cmd: &str, args: &str) {
    run(cmd, &args.split_whitespace().collect::<Vec<_>>());
}

#[test]
fn tc_objects_serialise() {
    if !private_netns("tc_objects_serialise") {
        return;
    }
    ip("link add v0 type veth peer name v1");
    ip("link set v0 up");
    tool("tc", "qdisc add dev v0 root handle 1: htb default 10");
    tool(
        "tc",
        "class add dev v0 parent 1: classid 1:10 htb rate 1mbit ceil 2mbit prio 3",
    );
    let mut h = Handle::new().unwrap();
    let v0 = h.link_index("v0").unwrap();

    let classes = h.classes(&TcFilter::dev(v0)).unwrap();
    let class = classes
        .iter()
        .map(to_json)
        .find(|c| c["handle"] == "1:10")
        .unwrap_or_else(|| panic!("no class 1:10 in {}", to_json(&classes)));
    assert_eq!(class["kind"], "htb", "{class}");
    // A class at the top of an htb tree has the root for parent (`tc class show`: "root").
    assert_eq!(class["parent"], "root", "{class}");
    // The schema's struct `tc_htb_opt`, as a map of its members: 1mbit is 125000 bytes/s.
    let parms = &class["options"]["Htb"]["parms"];
    assert_eq!(parms["prio"], 3, "{class}");
    assert_eq!(parms["rate"]["rate"], 125_000, "{class}");
    assert_eq!(parms["ceil"]["rate"], 250_000, "{class}");
    assert!(class["stats"].is_object(), "{class}");

    let qdiscs = h.qdiscs(&TcFilter::dev(v0)).unwrap();
    let root = qdiscs
        .iter()
        .map(to_json)
        .find(|q| q["handle"] == "1:")
        .unwrap_or_else(|| panic!("no qdisc 1: in {}", to_json(&qdiscs)));
    assert_eq!(root["parent"], "root", "{root}");
    assert_eq!(root["options"]["Htb"]["init"]["defcls"], 0x10, "{root}");
}

#[test]
fn netfilter_objects_serialise() {
    if !private_netns("netfilter_objects_serialise") {
        return;
    }
    tool(
        "conntrack",
        "-I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1000 --dport 80 --state ESTABLISHED -t 100 -m 7",
    );
    tool("nft", "add table inet t0");
    tool(
        "nft",
        "add chain inet t0 c0 { type filter hook input priority 0 ; }",
    );
    tool("nft", "add rule inet t0 c0 tcp dport 22 counter accept");
    tool("ipset", "create s0 hash:ip timeout 60 comment");
    tool("ipset", "add s0 192.0.2.7 comment web");

    let mut h = nfnl::Handle::new().unwrap();
    let entries = h.conntrack_list(&ConntrackFilter::all()).unwrap();
    assert_eq!(entries.len(), 1);
    let e = to_json(&entries[0]);
    assert_eq!(e["mark"], 7, "{e}");
    let orig = &e["tuple_orig"];
    assert_eq!(orig["ip"]["v4_src"], "10.0.0.1", "{e}");
    assert_eq!(orig["ip"]["v4_dst"], "10.0.0.2", "{e}");
    assert_eq!(orig["proto"]["dst_port"], 80, "{e}");

    let ruleset = to_json(&h.nft_ruleset(NFPROTO_UNSPEC).unwrap());
    let text = ruleset.to_string();
    for want in ["\"t0\"", "\"c0\"", "\"counter\"", "\"cmp\""] {
        assert!(text.contains(want), "{want} not in {text}");
    }

    let sets = h.ipset_list().unwrap();
    let s0 = sets
        .iter()
        .map(to_json)
        .find(|s| s["name"] == "s0")
        .unwrap_or_else(|| panic!("no set s0 in {}", to_json(&sets)));
    let members = s0.to_string();
    assert!(members.contains("192.0.2.7"), "{members}");
    assert!(members.contains("\"web\""), "{members}");
}
