//! Connection tracking against the kernel and `conntrack` (conntrack-tools), in private network
//! namespaces (the conntrack table is per namespace).
#![cfg(feature = "conntrack")]

mod common;

use std::net::IpAddr;
use std::time::Duration;

use netlink_runtime::conntrack::*;
use netlink_runtime::nfnl::Handle;
use netlink_runtime::schemas::conntrack::{IPS_ASSURED, IPS_SEEN_REPLY, TCP_CONNTRACK_ESTABLISHED};
use serde_json::Value;

fn conntrack(args: &str) -> String {
    let argv: Vec<&str> = args.split_whitespace().collect();
    netlink_tests::run("conntrack", &argv)
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// The flows of `conntrack -L -o xml`, as JSON (see `netlink_tests::xml_to_json`).
fn tool_flows(extra: &str) -> Vec<Value> {
    let xml = conntrack(&format!("-L -o xml {extra}"));
    let v = netlink_tests::xml_to_json(&xml);
    match &v["conntrack"]["flow"] {
        Value::Array(a) => a.clone(),
        Value::Null | Value::Bool(_) => vec![],
        one => vec![one.clone()],
    }
}

fn meta<'a>(flow: &'a Value, dir: &str) -> &'a Value {
    flow["meta"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["direction"] == dir)
        .unwrap()
}

/// One direction of a tool flow, as (src, dst, protonum, sport, dport).
fn tool_tuple(flow: &Value, dir: &str) -> (String, String, u64, Option<u64>, Option<u64>) {
    let m = meta(flow, dir);
    (
        m["layer3"]["src"].as_str().unwrap().to_owned(),
        m["layer3"]["dst"].as_str().unwrap().to_owned(),
        m["layer4"]["protonum"].as_u64().unwrap(),
        m["layer4"]["sport"].as_u64(),
        m["layer4"]["dport"].as_u64(),
    )
}

fn our_tuple(t: &Tuple) -> (String, String, u64, Option<u64>, Option<u64>) {
    (
        t.src().unwrap().to_string(),
        t.dst().unwrap().to_string(),
        u64::from(t.protocol().unwrap()),
        t.src_port().map(u64::from),
        t.dst_port().map(u64::from),
    )
}

#[test]
fn entries_made_by_the_tool_read_back_as_it_lists_them() {
    if !common::private_netns("entries_made_by_the_tool_read_back_as_it_lists_them") {
        return;
    }
    conntrack("-I -p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1000 --dport 80 --state ESTABLISHED -t 100 -u ASSURED -m 7 -w 3");
    conntrack("-I -p udp -s 10.0.0.1 -d 10.0.0.3 --sport 53 --dport 5353 -t 50 -m 0x17");
    conntrack("-I -p icmp -s 10.0.0.1 -d 10.0.0.4 --icmp-type 8 --icmp-code 0 --icmp-id 42 -t 30");
    conntrack(
        "-I -p tcp -s 2001:db8::1 -d 2001:db8::2 --sport 1 --dport 2 --state SYN_SENT -t 60 -m 7",
    );
    conntrack("-I -p icmpv6 -s 2001:db8::1 -d 2001:db8::2 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 7 -t 60");

    let mut h = Handle::new().unwrap();
    let ours = h.conntrack_list(&ConntrackFilter::all()).unwrap();
    let flows = tool_flows("");
    assert_eq!(ours.len(), 5);
    assert_eq!(flows.len(), 5);
    for e in &ours {
        let id = u64::from(e.id.unwrap());
        let f = flows
            .iter()
            .find(|f| meta(f, "independent")["id"] == id)
            .unwrap_or_else(|| panic!("no tool flow with id {id}"));
        assert_eq!(
            our_tuple(e.tuple_orig.as_ref().unwrap()),
            tool_tuple(f, "original")
        );
        assert_eq!(
            our_tuple(e.tuple_reply.as_ref().unwrap()),
            tool_tuple(f, "reply")
        );
        let ind = meta(f, "independent");
        assert_eq!(Some(u64::from(e.mark.unwrap())), ind["mark"].as_u64());
        assert_eq!(e.zone.map(u64::from), ind["zone"].as_u64());
        assert_eq!(e.use_count.map(u64::from), ind["use"].as_u64());
        let t = i64::from(e.timeout.unwrap());
        assert!(
            (t - ind["timeout"].as_i64().unwrap()).abs() <= 2,
            "timeout {t} vs {ind}"
        );
        assert_eq!(e.has_status(IPS_ASSURED), ind["assured"] == true);
        assert_eq!(!e.has_status(IPS_SEEN_REPLY), ind["unreplied"] == true);
        let state = ["NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED"];
        assert_eq!(
            e.tcp_state().map(|s| state[usize::from(s)]),
            ind["state"].as_str()
        );
    }
    // ICMP: the tool prints no type/code/id in XML; check them against what was made.
    let icmp = ours
        .iter()
        .find(|e| e.protocol() == Some(IPPROTO_ICMP))
        .unwrap();
    let p = icmp.tuple_orig.unwrap().proto.unwrap();
    assert_eq!(
        (p.icmp_type, p.icmp_code, p.icmp_id),
        (Some(8), Some(0), Some(42))
    );
    let r = icmp.tuple_reply.unwrap().proto.unwrap();
    assert_eq!(r.icmp_type, Some(0), "echo reply in the reply direction");
    let icmp6 = ours
        .iter()
        .find(|e| e.protocol() == Some(IPPROTO_ICMPV6))
        .unwrap();
    assert_eq!(icmp6.tuple_orig.unwrap().proto.unwrap().icmpv6_id, Some(7));

    // Kernel-side filters: family, mark/mask, zone; and the tool's own filters agree.
    let v6 = h.conntrack_list(&ConntrackFilter::ipv6()).unwrap();
    assert_eq!(v6.len(), tool_flows("-f ipv6").len());
    assert!(v6.iter().all(|e| e.family == AF_INET6) && v6.len() == 2);
    let marked = h
        .conntrack_list(&ConntrackFilter::all().mark(7, 0xff))
        .unwrap();
    assert_eq!(marked.len(), 2);
    let masked = h
        .conntrack_list(&ConntrackFilter::all().mark(0x7, 0x0f))
        .unwrap();
    assert_eq!(masked.len(), 3, "0x17 & 0xf == 7");
    let zoned = h.conntrack_list(&ConntrackFilter::all().zone(3)).unwrap();
    assert_eq!(zoned.len(), 1);
    assert_eq!(zoned[0].orig_dst(), Some(ip("10.0.0.2")));

    // Get one entry by its tuple (and zone).
    let t = Tuple::udp(ip("10.0.0.1"), ip("10.0.0.3"), 53, 5353);
    let got = h.conntrack_get(&t, None).unwrap();
    assert_eq!(got.mark, Some(0x17));
    let tcp = Tuple::tcp(ip("10.0.0.1"), ip("10.0.0.2"), 1000, 80);
    assert!(
        matches!(
            h.conntrack_get(&tcp, None),
            Err(netlink_runtime::Error::NotFound(_))
        ),
        "the TCP entry is in zone 3"
    );
    assert_eq!(h.conntrack_get(&tcp, Some(3)).unwrap().zone, Some(3));

    // Statistics.
    let stats = h.conntrack_table_stats().unwrap();
    assert_eq!(stats.entries, Some(5));
    assert!(stats.max_entries.unwrap() > 0);
    let cpus = h.conntrack_cpu_stats().unwrap();
    assert!(!cpus.is_empty());
    assert!(cpus.windows(2).all(|w| w[0].cpu < w[1].cpu));
}

#[test]
fn labels_set_by_the_tool() {
    if !common::private_netns("labels_set_by_the_tool") {
        return;
    }
    // Labels need a label map (/etc/xtables/connlabel.conf, which the tool reads) and the
    // kernel's label extension, which a rule using `ct label` turns on. Both are arranged in
    // a private mount namespace over a copy of /etc; the host's /etc is not touched.
    let dir = std::env::temp_dir().join(format!("nf-labels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display();
    let out = netlink_tests::sh(&format!(
        "unshare -m sh -c 'mount -t tmpfs t {d} && cp -a /etc/. {d}/ && mkdir -p {d}/xtables \
         && printf \"1 blue\\n70 red\\n\" > {d}/xtables/connlabel.conf \
         && cp {d}/xtables/connlabel.conf {d}/connlabel.conf && mount --bind {d} /etc \
         && nft add table ip t && nft add chain ip t c && nft add rule ip t c ct label set blue \
         && conntrack -I -p tcp -s 10.0.0.9 -d 10.0.0.2 --sport 1 --dport 2 --state ESTABLISHED -t 100 \
            --label-add blue --label-add red 2>/dev/null && conntrack -L -o labels 2>/dev/null'"
    ));
    let _ = std::fs::remove_dir(&dir);
    assert!(out.contains("labels=blue,red"), "{out}");
    let mut h = Handle::new().unwrap();
    let e = h.conntrack_list(&ConntrackFilter::all()).unwrap();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].label_bits(), vec![1, 70]);
}

#[test]
fn our_changes_seen_by_the_tool() {
    if !common::private_netns("our_changes_seen_by_the_tool") {
        return;
    }
    let mut h = Handle::new().unwrap();
    let udp = Tuple::udp(ip("192.0.2.1"), ip("192.0.2.2"), 4000, 53);
    h.conntrack_create(&ConntrackSpec::new(udp).timeout(120).mark(5))
        .unwrap();
    let tcp = Tuple::tcp(ip("2001:db8::5"), ip("2001:db8::6"), 40000, 443);
    h.conntrack_create(
        &ConntrackSpec::new(tcp)
            .timeout(300)
            .tcp_state(TCP_CONNTRACK_ESTABLISHED)
            .status(IPS_ASSURED | IPS_SEEN_REPLY)
            .zone(9),
    )
    .unwrap();
    let listed = conntrack("-L");
    assert!(
        listed.contains("src=192.0.2.1 dst=192.0.2.2 sport=4000 dport=53"),
        "{listed}"
    );
    assert!(listed.contains("mark=5"), "{listed}");
    let six = conntrack("-L -f ipv6 -w 9");
    assert!(
        six.contains("ESTABLISHED src=2001:db8::5") && six.contains("[ASSURED]"),
        "{six}"
    );
    // Creating it again fails: the entry exists.
    let again = h.conntrack_create(&ConntrackSpec::new(udp).timeout(120));
    assert_eq!(again.unwrap_err().errno(), Some(libc::EEXIST));

    h.conntrack_update(&ConntrackSpec::new(udp).mark(0x42))
        .unwrap();
    assert!(conntrack("-L -m 0x42").contains("sport=4000 "));

    h.conntrack_delete(&ConntrackSpec::new(udp)).unwrap();
    assert!(!conntrack("-L").contains("sport=4000 "));
    let missing = h.conntrack_delete(&ConntrackSpec::new(udp));
    assert_eq!(missing.unwrap_err().errno(), Some(libc::ENOENT));

    conntrack("-I -p udp -s 10.1.0.1 -d 10.1.0.2 --sport 1 --dport 2 -t 50");
    assert_eq!(h.conntrack_list(&ConntrackFilter::all()).unwrap().len(), 2);
    h.conntrack_flush().unwrap();
    assert_eq!(conntrack("-L").trim(), "");
    assert!(h
        .conntrack_list(&ConntrackFilter::all())
        .unwrap()
        .is_empty());
}

#[test]
fn events_for_the_tools_changes() {
    if !common::private_netns("events_for_the_tools_changes") {
        return;
    }
    let mut sub = subscribe(EVENT_GROUPS).unwrap();
    conntrack("-I -p udp -s 10.2.0.1 -d 10.2.0.2 --sport 7 --dport 8 -t 50");
    conntrack("-U -s 10.2.0.1 -p udp -m 9");
    conntrack("-D -s 10.2.0.1 -p udp");
    let mut kinds = Vec::new();
    while let Some(ev) = sub.next_timeout(Duration::from_secs(2)).unwrap() {
        assert_eq!(ev.entry.orig_src(), Some(ip("10.2.0.1")));
        kinds.push((ev.kind, ev.entry.mark));
        if ev.kind == EventKind::Destroy {
            break;
        }
    }
    assert_eq!(
        kinds,
        vec![
            (EventKind::New, Some(0)),
            (EventKind::Update, Some(9)),
            (EventKind::Destroy, Some(9))
        ]
    );
}

#[cfg(feature = "tokio")]
#[test]
fn async_handle_runs_the_same_operations() {
    if !common::private_netns("async_handle_runs_the_same_operations") {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use futures::StreamExt;
        let h = netlink_runtime::nfnl::AsyncHandle::new().unwrap();
        let mut events = h.subscribe(EVENT_GROUPS, EventDecoder).unwrap();
        let t = Tuple::udp(ip("10.3.0.1"), ip("10.3.0.2"), 1, 2);
        h.conntrack_create(&ConntrackSpec::new(t).timeout(60))
            .await
            .unwrap();
        let ev = events.next().await.unwrap().unwrap();
        assert_eq!(ev.kind, EventKind::New);
        let all = h.conntrack_list(&ConntrackFilter::ipv4()).await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(h.conntrack_get(&t, None).await.unwrap().id, all[0].id);
    });
}
