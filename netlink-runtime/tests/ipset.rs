//! ipset against the kernel and `ipset`, in private network namespaces (sets are per
//! namespace): sets made with `ipset` compared with `ipset list -o xml`; our changes checked
//! with `ipset test`.
#![cfg(feature = "ipset")]

mod common;

use netlink_runtime::ipset::*;
use netlink_runtime::nfnl::Handle;
use serde_json::Value;

fn ipset(args: &str) -> String {
    let argv: Vec<&str> = args.split_whitespace().collect();
    netlink_tests::run("ipset", &argv)
}

/// `ipset test` succeeds (exit 0) when the member is in the set.
fn ipset_test(set: &str, member: &str) -> bool {
    std::process::Command::new("ipset")
        .args(["test", set, member])
        .output()
        .unwrap()
        .status
        .success()
}

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null | Value::Bool(_) => vec![],
        one => vec![one.clone()],
    }
}

#[test]
fn sets_made_by_the_tool_read_back_as_it_lists_them() {
    if !common::private_netns("sets_made_by_the_tool_read_back_as_it_lists_them") {
        return;
    }
    ipset("create hip hash:ip timeout 300 counters comment");
    ipset("add hip 192.0.2.1 timeout 100 packets 5 bytes 500 comment first");
    ipset("add hip 192.0.2.2");
    ipset("create hnet hash:net family inet6");
    ipset("add hnet 2001:db8::/32");
    ipset("add hnet 2001:db8:1::1");
    ipset("create hport hash:ip,port");
    ipset("add hport 10.0.0.1,tcp:80");
    ipset("add hport 10.0.0.1,udp:53");
    ipset("create bport bitmap:port range 1000-2000");
    ipset("add bport 1022");
    let mut h = Handle::new().unwrap();
    let ours = h.ipset_list().unwrap();
    let xml = netlink_tests::xml_to_json(&ipset("list -o xml"));
    let theirs = as_list(&xml["ipsets"]["ipset"]);
    assert_eq!(ours.len(), 4);
    assert_eq!(theirs.len(), 4);
    for t in &theirs {
        let s = ours.iter().find(|s| s.name == t["name"]).unwrap();
        assert_eq!(s.kind, t["type"].as_str().unwrap());
        assert_eq!(Some(u64::from(s.revision)), t["revision"].as_u64());
        let hd = &t["header"];
        let fam = if s.family == FAMILY_INET6 {
            "inet6"
        } else {
            "inet"
        };
        if hd.get("family").is_some() {
            assert_eq!(hd["family"], fam);
        }
        let n = |x: Option<Net<u32>>| x.map(|v| u64::from(v.0));
        assert_eq!(n(s.header.hashsize), hd["hashsize"].as_u64());
        assert_eq!(n(s.header.maxelem), hd["maxelem"].as_u64());
        assert_eq!(n(s.header.timeout), hd["timeout"].as_u64());
        assert_eq!(n(s.header.references), hd["references"].as_u64());
        assert_eq!(n(s.header.elements), hd["numentries"].as_u64());
        assert_eq!(n(s.header.memsize), hd["memsize"].as_u64());
        let flags = s.header.cadt_flags.map_or(0, |f| f.0);
        assert_eq!(
            flags & netlink_runtime::schemas::ipset::IPSET_FLAG_WITH_COUNTERS != 0,
            hd["counters"] == true
        );
        assert_eq!(
            flags & netlink_runtime::schemas::ipset::IPSET_FLAG_WITH_COMMENT != 0,
            hd["comment"] == true
        );
        if s.kind == "bitmap:port" {
            assert_eq!(hd["range"], "1000-2000");
            assert_eq!(
                (s.header.port.unwrap().0, s.header.port_to.unwrap().0),
                (1000, 2000)
            );
        }
        let mut elems: Vec<String> = s.members.iter().map(|m| m.elem(&s.kind)).collect();
        let mut want: Vec<String> = as_list(&t["members"]["member"])
            .iter()
            .map(|m| match &m["elem"] {
                Value::String(e) => e.clone(),
                v => v.to_string(),
            })
            .collect();
        elems.sort();
        want.sort();
        assert_eq!(elems, want, "set {}", s.name);
        for m in as_list(&t["members"]["member"]) {
            let e = match &m["elem"] {
                Value::String(e) => e.clone(),
                v => v.to_string(),
            };
            let ours = s.members.iter().find(|x| x.elem(&s.kind) == e).unwrap();
            if let Some(t) = m["timeout"].as_i64() {
                assert!((i64::from(ours.timeout.unwrap().0) - t).abs() <= 2);
            }
            assert_eq!(ours.packets.map(|p| p.0), m["packets"].as_u64());
            assert_eq!(ours.bytes.map(|p| p.0), m["bytes"].as_u64());
            let comment = m["comment"]
                .as_str()
                .map(|c| c.trim_matches('"').to_owned());
            assert_eq!(ours.comment, comment);
        }
    }
}

#[test]
fn our_changes_checked_with_ipset_test() {
    if !common::private_netns("our_changes_checked_with_ipset_test") {
        return;
    }
    let mut h = Handle::new().unwrap();
    h.ipset_create(
        &SetSpec::new("ours", "hash:ip")
            .timeout(600)
            .counters()
            .comments(),
    )
    .unwrap();
    h.ipset_create(&SetSpec::new("nets", "hash:net")).unwrap();
    h.ipset_create(&SetSpec::new("svc", "hash:ip,port"))
        .unwrap();
    h.ipset_create(&SetSpec::new("ports", "bitmap:port").ports(8000, 8100))
        .unwrap();
    let a = "198.51.100.7".parse().unwrap();
    h.ipset_add("ours", &Member::ip(a).timeout(60).comment("from us"))
        .unwrap();
    h.ipset_add("nets", &Member::net("10.20.0.0".parse().unwrap(), 16))
        .unwrap();
    h.ipset_add("svc", &Member::ip_port(a, 6, 443)).unwrap();
    h.ipset_add("ports", &Member::port(8080)).unwrap();
    assert!(ipset_test("ours", "198.51.100.7"));
    assert!(ipset_test("nets", "10.20.3.4"));
    assert!(ipset_test("svc", "198.51.100.7,tcp:443"));
    assert!(!ipset_test("svc", "198.51.100.7,udp:443"));
    assert!(ipset_test("ports", "8080"));
    let listed = ipset("list ours");
    assert!(listed.contains("comment \"from us\""), "{listed}");
    // Our test agrees with theirs.
    assert!(h
        .ipset_test("nets", &Member::ip("10.20.9.9".parse().unwrap()))
        .unwrap());
    assert!(!h
        .ipset_test("nets", &Member::ip("10.21.0.1".parse().unwrap()))
        .unwrap());
    // Adding twice: the kernel's ipset error, explained.
    let e = h.ipset_add("ours", &Member::ip(a)).unwrap_err();
    assert!(e.to_string().contains("already in the set"), "{e}");
    // Out of a bitmap's range: a type-specific error, explained.
    let e = h.ipset_add("ports", &Member::port(9000)).unwrap_err();
    assert!(e.kernel_message().is_some(), "{e}");

    h.ipset_del("ours", &Member::ip(a)).unwrap();
    assert!(!ipset_test("ours", "198.51.100.7"));
    h.ipset_flush("nets").unwrap();
    assert!(!ipset_test("nets", "10.20.3.4"));
    h.ipset_destroy("nets").unwrap();
    assert!(!ipset("list -n").contains("nets"));
    let e = h.ipset_get("nets").unwrap_err();
    assert!(
        e.errno().is_some() || matches!(e, netlink_runtime::Error::NotFound(_)),
        "{e}"
    );
}
