//! `ipdump nft`, `ipdump conntrack` and `ipdump ipset` against the tools, on the same state in
//! a private namespace: tables, chains, sets, maps, elements, objects and rules compared with
//! `nft -j list ruleset`, every rule's expressions (formatted as libnftnl prints them) with
//! `nft --debug=netlink list ruleset`; conntrack entries with `conntrack -L -o xml` and ipsets
//! with `ipset list -o xml`, both read with `netlink_tests::xml_to_json`.

use std::process::Command;

use ipdump::json::Style;
use ipdump::netfilter::{conntrack, ipset, nft};
use netlink_runtime::conntrack::ConntrackFilter;
use netlink_runtime::nfnl::Handle;
use netlink_runtime::schemas::nftables::NFPROTO_UNSPEC;
use netlink_tests::{private_netns, run, sh, xml_to_json, NamedNetns};
use serde_json::{json, Value};

/// Several tables and families, base and regular chains (with a comment), named sets with
/// intervals, timeouts, comments and concatenations, maps, objects, and rules using more than
/// twenty kinds of expression.
const RULESET: &str = r#"
table inet filter {
    counter c_web { packets 5 bytes 300 }
    quota q_big { over 100 mbytes }
    quota q_small { 10 kbytes used 1 kbytes }
    set allowed {
        type ipv4_addr
        flags interval
        elements = { 10.0.0.0/8, 192.168.1.1, 172.16.0.0-172.16.0.9 }
    }
    set ports {
        type inet_service
        elements = { 22, 80, 443 }
    }
    map dispatch {
        type ipv4_addr : verdict
        elements = { 10.1.1.1 : jump web, 10.1.1.2 : drop }
    }
    chain input {
        type filter hook input priority 0; policy drop;
        ct state established,related accept
        iifname "lo" accept
        tcp dport 22 counter accept
        ip saddr @allowed tcp dport @ports accept
        ip saddr vmap @dispatch
        tcp dport 1000-2000 limit rate 10/second log prefix "many: " drop
        meta mark & 0x0000ff00 == 0x00001100 counter name "c_web"
        udp dport 53 quota name "q_big" reject
        tcp dport 25 accept comment "mail"
        jump web
    }
    chain web {
        ip daddr 10.9.9.9 tcp sport != 80 return
        meta l4proto icmp reject with icmp type host-unreachable
    }
}
table ip nat {
    chain post {
        type nat hook postrouting priority 100; policy accept;
        ip saddr 10.0.0.0/8 oifname "eth0" snat to 192.0.2.1
        ip saddr 10.1.0.0/16 masquerade
    }
    chain pre {
        type nat hook prerouting priority -100; policy accept;
        tcp dport 80 dnat to 10.0.0.1:8080
        tcp dport 81 redirect to :8081
        tcp dport 82 dnat to 10.0.0.1-10.0.0.9:80-90
    }
}
table ip6 t6 {
    chain forw {
        type filter hook forward priority -10; policy accept;
        ip6 nexthdr tcp counter
        ip6 daddr ::1 tcp dport 80 accept
    }
}
table ip extra {
    limit lim1 { rate 400/minute burst 5 packets }
    limit lim2 { rate over 1 mbytes/second burst 100 kbytes }
    set withtimeout {
        type ipv4_addr
        flags timeout
        timeout 1h
        gc-interval 10s
        size 1000
        elements = { 10.0.0.1 timeout 30s comment "one", 10.0.0.2 }
    }
    set cc {
        type ipv4_addr . inet_service
        elements = { 10.0.0.1 . 22, 10.0.0.2 . 80 }
    }
    set macs { type ether_addr; elements = { 02:00:00:00:00:01, 0a:bc:de:f0:00:02 } }
    set marks { type mark; elements = { 0x10, 7, 0x100 } }
    set names { type ifname; elements = { "eth0", "lo" } }
    set protos { type inet_proto; elements = { tcp, 17 } }
    set six { type ipv6_addr; flags interval; elements = { 2001:db8::/32, ::1 } }
    map pm { type inet_service : ipv4_addr; elements = { 80 : 10.0.0.1, 443 : 10.0.0.2 } }
    set dyn { type ipv4_addr; flags dynamic,timeout; timeout 1m; }
    chain c1 {
        ct mark set 5
        meta mark set 0x10
        quota 100 mbytes
        tcp flags syn counter
        ip saddr != 10.0.0.0-10.0.0.5 drop
        numgen inc mod 2 vmap { 0 : accept, 1 : drop }
        jhash ip saddr mod 4 seed 0x1 == 2 accept
        fib daddr type local accept
        tcp option maxseg size 1400 accept
        ct count over 5 drop
        add @dyn { ip saddr }
        notrack
        ct state new limit rate over 1 mbytes/second drop
        ct direction original ct zone 3 accept
        rt classid 4 accept
        tcp dport 80 meta mark set 1 goto c2
        log group 2 snaplen 10 queue-threshold 3
        log level debug flags all
    }
    chain c2 {}
}
"#;

fn nft_file(text: &str) {
    let path = std::env::temp_dir().join(format!(
        "ipdump-nft-{}-{:?}.nft",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, text).unwrap();
    let out = Command::new("nft").arg("-f").arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "nft -f: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn hex_bytes(h: &str) -> Vec<u8> {
    (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// Data as libnftnl prints it: 32-bit words of the bytes, host order, `0x%08x` each.
fn words(data: &Value) -> String {
    let bytes = hex_bytes(data["value"].as_str().expect("a data value"));
    bytes
        .chunks(4)
        .map(|c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            format!("0x{:08x}", u32::from_le_bytes(w))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A data nest as libnftnl prints it: words, or the verdict (`jump -> web`).
fn data_text(d: &Value) -> String {
    match d.get("verdict") {
        Some(v) => match v.get("chain") {
            Some(c) => format!("{} -> {}", v["code"].as_str().unwrap(), c.as_str().unwrap()),
            None => v["code"].as_str().unwrap().to_owned(),
        },
        None => words(d),
    }
}

/// One of our expressions formatted as `nft --debug=netlink` (libnftnl 1.2.4) prints the
/// kernel's, from our JSON only: if our keys or values were wrong, the text would differ.
fn libnftnl(e: &Value) -> String {
    let (name, a) = e.as_object().unwrap().iter().next().unwrap();
    let s = |k: &str| a[k].as_str().unwrap_or_else(|| panic!("{name}.{k} in {e}"));
    let n = |k: &str| a[k].as_u64().unwrap_or_else(|| panic!("{name}.{k} in {e}"));
    let has = |k: &str| a.get(k).is_some();
    match name.as_str() {
        "payload" => format!(
            "payload load {}b @ {} header + {} => reg {}",
            n("len"),
            s("base"),
            n("offset"),
            n("dreg")
        ),
        "cmp" => format!("cmp {} reg {} {}", s("op"), n("sreg"), words(&a["data"])),
        "range" => format!(
            "range {} reg {} {} {}",
            s("op"),
            n("sreg"),
            words(&a["from_data"]),
            words(&a["to_data"])
        ),
        "meta" | "ct" | "rt" if has("dreg") => {
            let dir = match a.get("direction") {
                Some(d) => format!(" , dir {}", d.as_str().unwrap()),
                None => String::new(),
            };
            format!("{name} load {} => reg {}{dir}", s("key"), n("dreg"))
        }
        "meta" | "ct" => format!("{name} set {} with reg {}", s("key"), n("sreg")),
        "immediate" => format!("immediate reg {} {}", n("dreg"), data_text(&a["data"])),
        "counter" => format!("counter pkts {} bytes {}", n("packets"), n("bytes")),
        "lookup" => {
            let dreg = if has("dreg") {
                format!(" dreg {}", n("dreg"))
            } else {
                String::new()
            };
            format!(
                "lookup reg {} set {}{dreg} 0x{:x}",
                n("sreg"),
                s("set"),
                n("flags")
            )
        }
        "bitwise" => format!(
            "bitwise reg {} = ( reg {} & {} ) ^ {}",
            n("dreg"),
            n("sreg"),
            words(&a["mask"]),
            words(&a["xor"])
        ),
        "numgen" => format!(
            "numgen reg {} = {} mod {}",
            n("dreg"),
            s("type"),
            n("modulus")
        ),
        "hash" => format!(
            "hash reg {} = {}(reg {}, {}, 0x{:x}) % mod {}",
            n("dreg"),
            s("type"),
            n("sreg"),
            n("len"),
            n("seed"),
            n("modulus")
        ),
        "fib" => {
            let flags = n("flags");
            let f: Vec<&str> = [
                (1, "saddr"),
                (2, "daddr"),
                (4, "mark"),
                (8, "iif"),
                (16, "oif"),
            ]
            .iter()
            .filter(|(b, _)| flags & b != 0)
            .map(|(_, w)| *w)
            .collect();
            format!("fib {} {} => reg {}", f.join(" "), s("result"), n("dreg"))
        }
        "exthdr" => format!(
            "exthdr load {} {}b @ {} + {} => reg {}",
            s("op"),
            n("len"),
            n("type"),
            n("offset"),
            n("dreg")
        ),
        "dynset" => format!(
            "dynset {} reg_key {} set {} timeout {}ms",
            s("op"),
            n("sreg_key"),
            s("set_name"),
            n("timeout")
        ),
        "connlimit" => format!("connlimit count {} flags {}", n("count"), n("flags")),
        "notrack" => "notrack".to_owned(),
        "limit" => {
            let unit = match n("unit") {
                1 => "second",
                60 => "minute",
                3600 => "hour",
                86400 => "day",
                _ => "week",
            };
            format!(
                "limit rate {}/{unit} burst {} type {} flags 0x{:x}",
                n("rate"),
                n("burst"),
                s("type"),
                n("flags")
            )
        }
        "log" => {
            let mut t = String::from("log");
            if has("group") {
                t += &format!(
                    " group {} snaplen {} qthreshold {}",
                    n("group"),
                    n("snaplen"),
                    n("qthreshold")
                );
            }
            if has("prefix") {
                t += &format!(" prefix {}", s("prefix"));
            }
            if has("level") {
                t += &format!(" level {}", n("level"));
            }
            if has("flags") {
                let flags = n("flags");
                for (b, w) in [
                    (1, "tcpseq"),
                    (2, "tcpopt"),
                    (4, "ipopt"),
                    (8, "uid"),
                    (32, "macdecode"),
                ] {
                    if flags & b != 0 {
                        t += " ";
                        t += w;
                    }
                }
            }
            t
        }
        "objref" => format!("objref type {} name {}", n("imm_type"), s("imm_name")),
        "reject" => format!("reject type {} code {}", n("type"), n("icmp_code")),
        "nat" => {
            let mut t = format!(
                "nat {} {} addr_min reg {} addr_max reg {}",
                s("type"),
                s("family"),
                n("reg_addr_min"),
                n("reg_addr_max")
            );
            if has("reg_proto_min") {
                t += &format!(
                    " proto_min reg {} proto_max reg {}",
                    n("reg_proto_min"),
                    n("reg_proto_max")
                );
            }
            t + &format!(" flags 0x{:x}", n("flags"))
        }
        "masq" | "redir" => {
            let mut t = name.clone();
            if has("reg_proto_min") {
                t += &format!(
                    " proto_min reg {} proto_max reg {}",
                    n("reg_proto_min"),
                    n("reg_proto_max")
                );
            }
            if has("flags") {
                t += &format!(" flags 0x{:x}", n("flags"));
            }
            t
        }
        "quota" => format!(
            "quota bytes {} consumed {} flags {}",
            n("bytes"),
            n("consumed"),
            n("flags")
        ),
        other => panic!("no libnftnl format for {other} in this test: {e}"),
    }
}

/// `nft --debug=netlink list ruleset`: each rule's head (`family table chain handle`) and its
/// expression lines (inside `[ ]`, whitespace collapsed).
fn debug_netlink() -> Vec<(String, Vec<String>)> {
    let out = run("nft", &["--debug=netlink", "list", "ruleset"]);
    let mut rules = Vec::new();
    let mut cur: Option<(String, Vec<String>)> = None;
    for line in out.lines() {
        let l = line.trim();
        if let Some(inner) = l.strip_prefix("[ ").and_then(|x| x.strip_suffix(" ]")) {
            if let Some(c) = cur.as_mut() {
                c.1.push(inner.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            continue;
        }
        rules.extend(cur.take());
        let w: Vec<&str> = l.split_whitespace().collect();
        let head = (4..=5).contains(&w.len())
            && ["inet", "ip", "ip6", "arp", "bridge", "netdev"].contains(&w[0])
            && w[3..].iter().all(|x| x.parse::<u64>().is_ok());
        if head {
            cur = Some((w[..4].join(" "), Vec::new()));
        }
    }
    rules.extend(cur);
    rules
}

/// Drops a key from every object in `v` (recursively), returning what was dropped.
fn take_key(v: &mut Value, key: &str, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.remove(key) {
                out.push(x);
            }
            for x in m.values_mut() {
                take_key(x, key, out);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| take_key(x, key, out)),
        _ => {}
    }
}

/// Compares two JSON trees except for clock-driven counters under `keys` (timeouts counting
/// down, seconds since start), which may be one apart: the tool ran a moment later.
fn assert_same_but_clock(mut ours: Value, mut theirs: Value, keys: &[&str], what: &str) {
    for k in keys {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        take_key(&mut ours, k, &mut a);
        take_key(&mut theirs, k, &mut b);
        assert_eq!(a.len(), b.len(), "{what}: number of {k:?}");
        for (x, y) in a.iter().zip(&b) {
            let (x, y) = (x.as_i64().unwrap(), y.as_i64().unwrap());
            assert!((x - y).abs() <= 1, "{what}: {k} {x} vs {y}");
        }
    }
    assert_eq!(
        ours,
        theirs,
        "{what}:\nours:   {}\ntheirs: {}",
        serde_json::to_string(&ours).unwrap(),
        serde_json::to_string(&theirs).unwrap()
    );
}

#[test]
fn ipdump_nft_matches_nft_json_and_the_kernels_expressions() {
    if !private_netns("ipdump_nft_matches_nft_json_and_the_kernels_expressions") {
        return;
    }
    nft_file(RULESET);
    let mut h = Handle::new().unwrap();
    let mut out = Vec::new();
    let n = nft::print(&mut h, NFPROTO_UNSPEC, Style::Compact, false, &mut out).unwrap();
    let ours: Value = serde_json::from_slice(&out).unwrap();
    let ours = ours["nftables"].as_array().unwrap().clone();
    assert_eq!(n as usize, ours.len());

    let theirs: Value = serde_json::from_str(&run("nft", &["-j", "list", "ruleset"])).unwrap();
    let theirs: Vec<Value> = theirs["nftables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o.get("metainfo").is_none())
        .cloned()
        .collect();
    assert_eq!(ours.len(), theirs.len());

    let mut rules = Vec::new();
    for (a, b) in ours.iter().zip(&theirs) {
        let (mut a, mut b) = (a.clone(), b.clone());
        if let Some(r) = a.get_mut("rule") {
            rules.push(r.clone());
            // Our expressions are the kernel's; nft's are its statements: compared below.
            r.as_object_mut().unwrap().remove("expr");
            b["rule"].as_object_mut().unwrap().remove("expr");
        }
        // nft 1.0.6 writes a table's flags from freed memory (here the name of a limit
        // object); newer nft writes the flag's name, as ipdump does.
        if a["table"]["flags"] == "dormant" {
            assert!(b["table"]["flags"].is_string(), "{b}");
            b["table"]["flags"] = json!("dormant");
        }
        // nft 1.0.6 leaves "dynamic" out of a set's flags in JSON (its text output and newer
        // nft print it).
        if let Some(f) = a["set"]["flags"].as_array() {
            if f.contains(&json!("dynamic"))
                && !b["set"]["flags"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("dynamic"))
            {
                let f: Vec<Value> = f.iter().filter(|x| *x != "dynamic").cloned().collect();
                a["set"]["flags"] = Value::Array(f);
            }
        }
        assert_same_but_clock(a, b, &["expires"], "nft object");
    }
    let kinds: std::collections::BTreeSet<&str> = ours
        .iter()
        .filter_map(|o| o.as_object()?.keys().next().map(String::as_str))
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["chain", "counter", "limit", "map", "quota", "rule", "set", "table"]
    );

    // Every rule's expressions against the kernel's, as nft --debug=netlink prints them.
    let dbg = debug_netlink();
    assert_eq!(dbg.len(), rules.len());
    let mut names = std::collections::BTreeSet::new();
    for (r, (head, lines)) in rules.iter().zip(&dbg) {
        let want = format!(
            "{} {} {} {}",
            r["family"].as_str().unwrap(),
            r["table"].as_str().unwrap(),
            r["chain"].as_str().unwrap(),
            r["handle"]
        );
        assert_eq!(head, &want);
        let text: Vec<String> = r["expr"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                names.insert(e.as_object().unwrap().keys().next().unwrap().clone());
                libnftnl(e).split_whitespace().collect::<Vec<_>>().join(" ")
            })
            .collect();
        assert_eq!(&text, lines, "rule {want}");
    }
    assert!(names.len() >= 25, "{names:?}");
}

/// The tool's XML as JSON, with the repeating elements always arrays (ipdump's shape).
fn as_lists(mut v: Value, path: &[&str], list: &str) -> Value {
    let mut node = &mut v;
    for p in path {
        node = &mut node[*p];
    }
    // An empty container element is `true` in the generic rule.
    if node.is_boolean() {
        *node = json!({ list: [] });
    }
    let x = &mut node[list];
    if x.is_null() {
        *x = json!([]);
    } else if !x.is_array() {
        *x = Value::Array(vec![x.take()]);
    }
    v
}

/// The connlabel names of the conntrack test (the tool's label map).
const LABELS: &str = "1 blue\n70 red\n";

#[test]
fn ipdump_conntrack_matches_conntrack_xml() {
    if !private_netns("ipdump_conntrack_matches_conntrack_xml") {
        return;
    }
    // Counters and timestamps on (per namespace): the entries carry them. The tool reads
    // label names from /etc/xtables/connlabel.conf, and the kernel keeps labels once a rule
    // uses `ct label`: both arranged in a private mount namespace over a copy of /etc (the
    // host's is not touched), where the entries are made and listed (nft reads the map from
    // /etc/connlabel.conf).
    let entries = [
        "-p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1000 --dport 80 --state ESTABLISHED -t 100 -m 5 -u ASSURED",
        "-p tcp -s 10.0.0.1 -d 10.0.0.2 --sport 1001 --dport 80 --state SYN_SENT -t 120 -w 4",
        "-p udp -s 2001:db8::1 -d 2001:db8::2 --sport 53 --dport 53 -t 50 -w 7 -m 9",
        "-p udp -s 10.0.0.5 -d 10.0.0.6 --sport 5000 --dport 6000 -t 60 -u SEEN_REPLY",
        "-p icmp -s 10.0.0.1 -d 10.0.0.3 --icmp-type 8 --icmp-code 0 --icmp-id 77 -t 30",
        "-p icmpv6 -s 2001:db8::1 -d 2001:db8::3 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 5 -t 30",
        "-p tcp -s 10.0.0.9 -d 10.0.0.8 --sport 7 --dport 8 --state CLOSE -t 10 -m 1 --label-add blue --label-add red",
    ];
    let dir = std::env::temp_dir().join(format!("ipdump-ct-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display();
    let inserts: String = entries
        .iter()
        .map(|e| format!(" && conntrack -I {e} 2>/dev/null"))
        .collect();
    let out = sh(&format!(
        "sysctl -qw net.netfilter.nf_conntrack_acct=1 net.netfilter.nf_conntrack_timestamp=1 \
         && unshare -m sh -c 'mount -t tmpfs t {d} && cp -a /etc/. {d}/ && mkdir -p {d}/xtables \
         && printf \"{labels}\" > {d}/xtables/connlabel.conf \
         && cp {d}/xtables/connlabel.conf {d}/connlabel.conf && mount --bind {d} /etc \
         && nft add table ip t && nft add chain ip t c && nft add rule ip t c ct label set blue \
         {inserts} && conntrack -L -o xml,labels 2>/dev/null && echo SPLIT \
         && conntrack -L -o xml,labels -f ipv6 2>/dev/null && sysctl net.netfilter.nf_conntrack_timestamp'",
        labels = LABELS.replace('\n', "\\n"),
    ));
    let _ = std::fs::remove_dir(&dir);
    let (all, v6) = out.split_once("SPLIT").unwrap();
    let map = conntrack::LabelMap::parse(LABELS);
    let mut h = Handle::new().unwrap();
    for (filter, xml) in [(ConntrackFilter::all(), all), (ConntrackFilter::ipv6(), v6)] {
        let mut out = Vec::new();
        let n = conntrack::print(&mut h, &filter, &map, Style::Compact, false, &mut out).unwrap();
        let ours: Value = serde_json::from_slice(&out).unwrap();
        let theirs = as_lists(xml_to_json(xml), &["conntrack"], "flow");
        assert_eq!(
            n as usize,
            theirs["conntrack"]["flow"].as_array().unwrap().len()
        );
        assert!(n >= 2, "{n} entries");
        assert_same_but_clock(ours, theirs, &["timeout", "deltatime"], "conntrack");
    }
    assert!(
        all.contains("<label>blue</label><label>red</label>"),
        "{all}"
    );
    assert!(
        all.contains("<counters>") && all.contains("<deltatime>"),
        "{all}"
    );

    // Without a label map the tool prints no labels; ipdump prints their bits.
    let mut out = Vec::new();
    let empty = conntrack::LabelMap::default();
    conntrack::print(
        &mut h,
        &ConntrackFilter::ipv4().mark(1, 0xff),
        &empty,
        Style::Compact,
        false,
        &mut out,
    )
    .unwrap();
    let ours: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        ours["conntrack"]["flow"][0]["meta"][2]["labels"],
        json!({"label": [1, 70]})
    );
}

#[test]
fn ipdump_ipset_matches_ipset_xml() {
    if !private_netns("ipdump_ipset_matches_ipset_xml") {
        return;
    }
    sh(r#"
        ipset create a hash:ip timeout 300 counters comment
        ipset add a 10.0.0.1 timeout 100 comment "hi there" packets 5 bytes 100
        ipset add a 10.0.0.2
        ipset create b hash:net family inet6
        ipset add b 2001:db8::/32
        ipset add b 2001:db8:1::1
        ipset create c hash:ip,port
        ipset add c 10.0.0.1,tcp:80
        ipset add c 10.0.0.1,udp:53
        ipset add c 10.0.0.1,icmp:echo-request
        ipset add c 10.0.0.1,sctp:5
        ipset create d bitmap:port range 1000-2000
        ipset add d 1500
        ipset create e hash:net
        ipset create f list:set
        ipset add f a
        ipset create g hash:ip netmask 24 timeout 10 counters skbinfo hashsize 64 maxelem 100
        ipset add g 10.0.0.1 skbmark 0x10/0xff skbprio 1:2 skbqueue 3
        ipset create h bitmap:ip range 10.0.0.0/24 timeout 5 counters
        ipset add h 10.0.0.5
        ipset create i hash:net,iface
        ipset add i 10.0.0.0/8,eth0
        ipset add i 10.1.0.0/16,lo nomatch
        ipset create k bitmap:ip,mac range 10.0.0.0/28
        ipset add k 10.0.0.1,0a:bc:de:f0:00:01
        ipset create m hash:ip,port,ip
        ipset add m 1.1.1.1,udp:53,2.2.2.2
    "#);
    let mut h = Handle::new().unwrap();
    for terse in [false, true] {
        let mut out = Vec::new();
        let n = ipset::print(&mut h, None, terse, Style::Compact, false, &mut out).unwrap();
        let ours: Value = serde_json::from_slice(&out).unwrap();
        let args: &[&str] = if terse {
            &["list", "-o", "xml", "-t"]
        } else {
            &["list", "-o", "xml"]
        };
        let mut theirs = as_lists(xml_to_json(&run("ipset", args)), &["ipsets"], "ipset");
        for set in theirs["ipsets"]["ipset"].as_array_mut().unwrap() {
            if !terse {
                *set = as_lists(set.take(), &["members"], "member");
            }
        }
        assert_eq!(n, 11);
        assert_same_but_clock(ours, theirs, &["timeout"], "ipset");
    }
}

#[test]
fn the_binary_prints_netfilter_objects_in_a_named_namespace() {
    if !netlink_runtime::netns::is_root() {
        eprintln!("SKIPPED (needs root)");
        return;
    }
    let ns = NamedNetns::create("ipdump-nf");
    let inns = |cmd: &str| sh(&format!("ip netns exec {} {cmd}", ns.0));
    inns("nft add table inet t");
    inns("ipset create s hash:ip");
    inns("conntrack -I -p udp -s 10.0.0.1 -d 10.0.0.2 --sport 1 --dport 2 -t 30");
    let bin = env!("CARGO_BIN_EXE_ipdump");
    for (what, key) in [
        ("nft", "nftables"),
        ("conntrack", "conntrack"),
        ("ipset", "ipsets"),
    ] {
        let out = Command::new(bin)
            .args(["-n", &ns.0, what])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v.get(key).is_some(), "{v}");
        let out = Command::new(bin)
            .args(["-n", &ns.0, "--count", what])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "1\n",
            "{what} --count"
        );
    }
    let out = Command::new(bin)
        .args(["-p", "-n", &ns.0, "nft"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("{\n    \"nftables\": [ {"), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["nftables"][0]["table"]["name"], "t");
}
