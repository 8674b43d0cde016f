//! `ipdump qdisc|class|filter|action` against `tc -j` / `tc -s -j` (iproute2 6.1) on a scene
//! built with `tc`: qdisc and filter JSON compared value by value; classes (which tc 6.1 prints
//! as text even with `-j`) compared with the text; u32's repeated `match` keys (which a JSON
//! reader collapses to the last) against our `match` array. Each test runs in a private
//! namespace.

use ipdump::tc::{self as itc, TcOptions};
use netlink_runtime::rtnl::Handle;
use netlink_runtime::tc::{TcHandle, TcKind};
use netlink_tests::{ip, private_netns, run};
use serde_json::Value;

fn tc(args: &str) -> String {
    run("tc", &args.split_whitespace().collect::<Vec<_>>())
}

fn tc_json(args: &str) -> Value {
    serde_json::from_str(&tc(&format!("-j {args}"))).unwrap()
}

fn scene() {
    ip("link add v0 type veth peer name v1");
    ip("link add v2 numtxqueues 2 type veth peer name v3");
    // The links stay down: no traffic moves the counters between our dump and tc's.
    for l in [
        "qdisc add dev v0 root handle 1: htb default 20 r2q 10",
        "class add dev v0 parent 1: classid 1:1 htb rate 100mbit ceil 100mbit burst 15k",
        "class add dev v0 parent 1:1 classid 1:10 htb rate 10mbit ceil 50mbit prio 1 quantum 1500",
        "class add dev v0 parent 1:1 classid 1:20 htb rate 20mbit ceil 80mbit cburst 3000",
        "qdisc add dev v0 parent 1:10 handle 10: pfifo limit 100",
        "qdisc add dev v0 parent 1:20 handle 20: tbf rate 1mbit burst 32kbit latency 400ms",
        "qdisc add dev v2 root handle 2: mq",
        "qdisc add dev v1 clsact",
        "filter add dev v0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.1/32 match ip sport 80 0xffff flowid 1:10 action mirred egress mirror dev v1",
        "filter add dev v1 ingress protocol all prio 3 u32 match u32 0 0 action mirred egress redirect dev v0",
    ] {
        tc(l);
    }
}

fn ours(h: &mut Handle, what: TcKind, o: &TcOptions) -> Value {
    let mut out = Vec::new();
    itc::print(h, what, o, &mut out).unwrap();
    serde_json::from_slice(&out)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out)))
}

/// Our `match` arrays collapsed to their last element, as a JSON reader reads tc's output.
fn collapse_match(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(a)) = m.get("match") {
                let last = a.last().cloned().unwrap_or(Value::Null);
                m.insert("match".into(), last);
            }
            m.values_mut().for_each(collapse_match);
        }
        Value::Array(a) => a.iter_mut().for_each(collapse_match),
        _ => {}
    }
}

/// An action's ages (`installed`, `last_used`, ...) are seconds since the kernel's clock-tick
/// timestamps, read at two different moments by the two programs: the keys must agree, their
/// values may differ by the time between the two dumps.
fn zero_ages(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for key in ["installed", "last_used", "first_used", "expires"] {
                if let Some(age) = m.get_mut(key) {
                    *age = Value::from(0);
                }
            }
            m.values_mut().for_each(zero_ages);
        }
        Value::Array(a) => a.iter_mut().for_each(zero_ages),
        _ => {}
    }
}

#[test]
fn qdiscs_filters_actions_print_like_tc_j() {
    if !private_netns("qdiscs_filters_actions_print_like_tc_j") {
        return;
    }
    scene();
    // An age is printed when its tick count is not 0: let a tick pass after the actions are
    // made, so that both programs see one (USER_HZ is 100).
    std::thread::sleep(std::time::Duration::from_millis(30));
    let mut h = Handle::new().unwrap();
    let v0 = h.link_index("v0").unwrap();
    let v1 = h.link_index("v1").unwrap();

    assert_eq!(
        ours(&mut h, TcKind::Qdisc, &TcOptions::default()),
        tc_json("qdisc show")
    );
    let mut o = TcOptions::default();
    o.stats = true;
    o.dev = Some(v0);
    assert_eq!(
        ours(&mut h, TcKind::Qdisc, &o),
        tc_json("-s qdisc show dev v0")
    );

    for (dev, parent, args) in [
        (
            v0,
            Some(TcHandle::new(1, 0)),
            "filter show dev v0 parent 1:",
        ),
        (
            v1,
            Some(TcHandle::CLSACT_INGRESS),
            "filter show dev v1 ingress",
        ),
    ] {
        for stats in [false, true] {
            let mut o = TcOptions::default();
            o.dev = Some(dev);
            o.parent = parent;
            o.stats = stats;
            let mut mine = ours(&mut h, TcKind::Filter, &o);
            let text = tc(&format!("{} -j {args}", if stats { "-s" } else { "" }));
            // Every one of tc's repeated match keys is one element of our array, in order.
            let keys: Vec<String> = mine
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["options"]["match"].as_array())
                .flatten()
                .map(|m| {
                    format!(
                        "\"match\":{{\"value\":{},\"mask\":{},\"offmask\":{},\"off\":{}}}",
                        m["value"], m["mask"], m["offmask"], m["off"]
                    )
                })
                .collect();
            let mut at = 0;
            for k in &keys {
                let found = text[at..]
                    .find(k.as_str())
                    .unwrap_or_else(|| panic!("{k} not in {text}"));
                at += found + k.len();
            }
            collapse_match(&mut mine);
            let mut theirs: Value = serde_json::from_str(&text).unwrap();
            zero_ages(&mut mine);
            zero_ages(&mut theirs);
            assert_eq!(mine, theirs, "{args} (stats {stats})");
        }
    }

    let mut out = Vec::new();
    itc::print_actions(&mut h, "mirred", &TcOptions::default(), &mut out).unwrap();
    let mine: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(mine, tc_json("actions list action mirred"));
}

/// tc's text units back to numbers: `10Mbit` (bytes/s), `1600b` (bytes).
fn text_num(s: &str) -> u64 {
    let (num, unit): (String, String) = s.chars().partition(|c| c.is_ascii_digit() || *c == '.');
    let n: f64 = num.parse().unwrap();
    let scale = match unit.as_str() {
        "bit" => 0.125,
        "Kbit" => 125.0,
        "Mbit" => 125_000.0,
        "Gbit" => 125_000_000.0,
        "b" => 1.0,
        "Kb" => 1024.0,
        "Mb" => 1_048_576.0,
        u => panic!("unit {u}"),
    };
    (n * scale).round() as u64
}

#[test]
fn classes_print_later_iproute2_keys_matching_tc_text() {
    if !private_netns("classes_print_later_iproute2_keys_matching_tc_text") {
        return;
    }
    scene();
    let mut h = Handle::new().unwrap();
    let mut o = TcOptions::default();
    o.dev = Some(h.link_index("v0").unwrap());
    o.stats = true;
    let mine = ours(&mut h, TcKind::Class, &o);
    let text = tc("-s class show dev v0");
    let paras: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(
        mine.as_array().unwrap().len(),
        paras.len(),
        "{mine}\n{text}"
    );
    for c in mine.as_array().unwrap() {
        let para = paras
            .iter()
            .find(|p| p.split_whitespace().nth(2) == c["handle"].as_str())
            .unwrap_or_else(|| panic!("{c} not in {text}"));
        let w: Vec<&str> = para.split_whitespace().collect();
        let word = |k: &str| w.iter().position(|x| *x == k).map(|i| w[i + 1]);
        assert_eq!(w[1], c["class"]);
        match c.get("parent") {
            Some(p) => assert_eq!(word("parent"), p.as_str()),
            None => assert_eq!(c["root"], true),
        }
        if let Some(leaf) = c["leaf"].as_str() {
            let hex = leaf.trim_start_matches("0x");
            assert_eq!(word("leaf"), Some(format!("{hex}:").as_str()));
        }
        if c["class"] != "htb" {
            continue;
        }
        for k in ["prio"] {
            if let Some(v) = c.get(k) {
                assert_eq!(
                    word(k).map(|x| x.parse::<u64>().unwrap()),
                    v.as_u64(),
                    "{k} {c}"
                );
            }
        }
        for k in ["rate", "ceil", "burst", "cburst"] {
            assert_eq!(word(k).map(text_num), c[k].as_u64(), "{k}: {c} vs {para}");
        }
        let s = &c["stats"];
        let sent = format!(
            "Sent {} bytes {} pkt (dropped {}, overlimits {} requeues {})",
            s["bytes"], s["packets"], s["drops"], s["overlimits"], s["requeues"]
        );
        assert!(para.contains(&sent), "{sent} / {para}");
        assert!(
            para.contains(&format!("backlog {}b {}p", s["backlog"], s["qlen"])),
            "{para}"
        );
        assert!(
            para.contains(&format!(
                "lended: {} borrowed: {} giants: {}",
                s["lended"], s["borrowed"], s["giants"]
            )),
            "{para}"
        );
        assert!(
            para.contains(&format!(
                "tokens: {} ctokens: {}",
                s["tokens"], s["ctokens"]
            )),
            "{para}"
        );
    }
}

#[test]
fn monitor_prints_tc_events() {
    if !private_netns("monitor_prints_tc_events") {
        return;
    }
    ip("link add v0 type veth peer name v1");
    let mut h = Handle::new().unwrap();
    let devs = itc::Devices::load(&mut h).unwrap();
    let mut ev = netlink_runtime::rtnl::Events::subscribe(netlink_runtime::tc::TC_GROUPS).unwrap();
    tc("qdisc add dev v0 root handle 1: htb default 10");
    tc("class add dev v0 parent 1: classid 1:10 htb rate 1mbit");
    tc("qdisc del dev v0 root");
    let mut lines = String::new();
    let mut seen = Vec::new();
    while seen.len() < 3 {
        let e = ev
            .next_timeout(std::time::Duration::from_secs(5))
            .unwrap()
            .expect("an event");
        let netlink_runtime::rtnl::Event::Tc(e) = e else {
            continue;
        };
        let mut out = Vec::new();
        itc::write_event(&mut out, &e, &devs).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        lines.push_str(&String::from_utf8_lossy(&out));
        seen.push((
            v["event"].as_str().unwrap().to_owned(),
            v.get("kind")
                .or(v.get("class"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        ));
    }
    assert_eq!(
        seen[0],
        ("newqdisc".to_owned(), Some("htb".to_owned())),
        "{lines}"
    );
    assert_eq!(
        seen[1],
        ("newtclass".to_owned(), Some("htb".to_owned())),
        "{lines}"
    );
    assert!(
        seen[2..]
            .iter()
            .any(|(e, _)| e == "delqdisc" || e == "deltclass"),
        "{lines}"
    );
}
