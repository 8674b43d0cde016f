//! nf_tables against the kernel and `nft`, in private network namespaces (the ruleset is per
//! namespace): rulesets made with `nft -f` read with our API and compared with `nft -j list
//! ruleset` and `nft --debug=netlink list ruleset`; transactions made with our API read back
//! with `nft -j`; a transaction with one bad member applies nothing and names it; changes
//! made with `nft` arrive as typed ruleset events.
#![cfg(feature = "nftables")]

mod common;

use netlink_runtime::nfnl::{Handle, MemberAcks};
use netlink_runtime::nftables::*;
use netlink_runtime::schemas::nftables::*;
use netlink_runtime::{Answer, Error};
use serde_json::Value;
use std::time::Duration;

/// Several tables and families, base and regular chains, named sets with intervals, a map,
/// objects, and rules using more than ten kinds of expression.
const RULESET: &str = r#"
table inet filter {
    counter c_web { packets 5 bytes 300 }
    quota q_big { over 100 mbytes }
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
}
table ip6 t6 {
    chain forw {
        type filter hook forward priority -10; policy accept;
        ip6 nexthdr tcp counter
    }
}
"#;

fn nft(args: &[&str]) -> String {
    netlink_tests::run("nft", args)
}

fn nft_file(text: &str) {
    let path = std::env::temp_dir().join(format!(
        "nft-{}-{:?}.nft",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new("nft")
        .arg("-f")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "nft -f: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The objects of `nft -j list ruleset` of one kind (`table`, `chain`, `rule`, `set`, ...).
fn nft_json(kind: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(&nft(&["-j", "list", "ruleset"])).unwrap();
    v["nftables"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o.get(kind).cloned())
        .collect()
}

fn fam(f: u8) -> &'static str {
    match f {
        NFPROTO_INET => "inet",
        NFPROTO_IPV4 => "ip",
        NFPROTO_IPV6 => "ip6",
        _ => "?",
    }
}

/// `nft --debug=netlink list ruleset`: for each rule ("family table chain handle"), the names
/// of its expressions (the first word in each `[ ... ]` line).
fn debug_netlink() -> Vec<(String, Vec<String>)> {
    let out = nft(&["--debug=netlink", "list", "ruleset"]);
    let mut rules = Vec::new();
    let mut cur: Option<(String, Vec<String>)> = None;
    for line in out.lines() {
        let l = line.trim();
        if let Some(inner) = l.strip_prefix("[ ") {
            if let Some(c) = cur.as_mut() {
                c.1.push(inner.split_whitespace().next().unwrap().to_owned());
            }
        } else if is_rule_head(l) {
            rules.extend(cur.take());
            // "family table chain handle [position]"
            let head: Vec<&str> = l.split_whitespace().take(4).collect();
            cur = Some((head.join(" "), Vec::new()));
        } else if !l.is_empty() {
            rules.extend(cur.take());
        }
    }
    rules.extend(cur);
    rules.retain(|(_, e)| !e.is_empty());
    rules
}

fn is_rule_head(l: &str) -> bool {
    let w: Vec<&str> = l.split_whitespace().collect();
    (4..=5).contains(&w.len())
        && ["inet", "ip", "ip6", "arp", "bridge", "netdev"].contains(&w[0])
        && w[3..].iter().all(|x| x.parse::<u64>().is_ok())
}

#[test]
fn ruleset_made_by_nft_reads_back_as_nft_lists_it() {
    if !common::private_netns("ruleset_made_by_nft_reads_back_as_nft_lists_it") {
        return;
    }
    nft_file(RULESET);
    let mut h = Handle::new().unwrap();
    let rs = h.nft_ruleset(NFPROTO_UNSPEC).unwrap();

    // Tables.
    let mut ours: Vec<_> = rs
        .tables
        .iter()
        .map(|t| (fam(t.family).to_owned(), t.name.clone(), t.handle.unwrap()))
        .collect();
    let mut theirs: Vec<_> = nft_json("table")
        .iter()
        .map(|t| {
            (
                t["family"].as_str().unwrap().to_owned(),
                t["name"].as_str().unwrap().to_owned(),
                t["handle"].as_u64().unwrap(),
            )
        })
        .collect();
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    assert_eq!(ours.len(), 3);

    // Chains: base chains with type, hook, priority, policy; regular chains without.
    let hooks = ["prerouting", "input", "forward", "output", "postrouting"];
    for c in nft_json("chain") {
        let ours = rs
            .chains
            .iter()
            .find(|o| o.name == c["name"] && o.table == c["table"] && fam(o.family) == c["family"])
            .unwrap_or_else(|| panic!("chain {c}"));
        assert_eq!(Some(ours.handle.unwrap()), c["handle"].as_u64());
        match &ours.hook {
            Some(hk) => {
                assert_eq!(Some(ours.kind.as_deref().unwrap()), c["type"].as_str());
                assert_eq!(
                    Some(hooks[hk.hooknum.unwrap() as usize]),
                    c["hook"].as_str()
                );
                assert_eq!(hk.priority.map(i64::from), c["prio"].as_i64());
                let policy = if ours.policy == Some(0) {
                    "drop"
                } else {
                    "accept"
                };
                assert_eq!(Some(policy), c["policy"].as_str());
            }
            None => assert!(c.get("hook").is_none(), "{c}"),
        }
    }
    assert_eq!(rs.chains.len(), 4);

    // Rules: the same handles in the same chains, in order.
    let theirs: Vec<_> = nft_json("rule")
        .iter()
        .map(|r| {
            (
                r["family"].as_str().unwrap().to_owned(),
                r["table"].as_str().unwrap().to_owned(),
                r["chain"].as_str().unwrap().to_owned(),
                r["handle"].as_u64().unwrap(),
            )
        })
        .collect();
    let ours: Vec<_> = rs
        .rules
        .iter()
        .map(|r| {
            (
                fam(r.family).to_owned(),
                r.table.clone(),
                r.chain.clone(),
                r.handle.unwrap(),
            )
        })
        .collect();
    assert_eq!(ours, theirs);

    // Expressions: the kernel-level expressions nft prints with --debug=netlink, by name.
    let dbg = debug_netlink();
    assert_eq!(dbg.len(), rs.rules.len(), "{dbg:?}");
    let mut kinds = std::collections::BTreeSet::new();
    for (r, (head, names)) in rs.rules.iter().zip(&dbg) {
        let want = format!(
            "{} {} {} {}",
            fam(r.family),
            r.table,
            r.chain,
            r.handle.unwrap()
        );
        assert_eq!(head, &want);
        let ours: Vec<_> = r.exprs().iter().map(|e| e.name.clone()).collect();
        assert_eq!(&ours, names, "rule {want}");
        for e in r.exprs() {
            assert!(
                !matches!(e.data, Some(ExprData::Other(_))),
                "expression {} of rule {want} is decoded",
                e.name
            );
            kinds.insert(e.name.clone());
        }
    }
    assert!(kinds.len() >= 10, "{kinds:?}");

    // A few values, decoded: `tcp dport 22` is payload 2 bytes at transport header + 2
    // compared with 0x0016; the base chain's drop policy; the log prefix.
    let ssh = rs
        .rules
        .iter()
        .find(|r| r.exprs().iter().any(|e| matches!(&e.data, Some(ExprData::Cmp(c)) if c.data.as_ref().and_then(|d| d.value.as_deref()) == Some(&[0, 22]))))
        .expect("the ssh rule");
    let Some(ExprData::Payload(p)) = &ssh.exprs()[2].data else {
        panic!("{:?}", ssh.exprs()[2])
    };
    assert_eq!(
        (p.base, p.offset, p.len),
        (Some(NFT_PAYLOAD_TRANSPORT_HEADER), Some(2), Some(2))
    );
    let logged = rs
        .rules
        .iter()
        .flat_map(|r| r.exprs())
        .find_map(|e| match &e.data {
            Some(ExprData::Log(l)) => l.prefix.clone(),
            _ => None,
        });
    assert_eq!(logged.as_deref(), Some("many: "));

    // Sets and maps, with their elements (intervals as start and end elements).
    for s in nft_json("set").iter().chain(nft_json("map").iter()) {
        let i = rs
            .sets
            .iter()
            .position(|o| o.name == s["name"] && o.table == s["table"])
            .unwrap_or_else(|| panic!("set {s}"));
        assert_eq!(Some(rs.sets[i].handle.unwrap()), s["handle"].as_u64());
        let elems = &rs.elements[i];
        let theirs = s["elem"].as_array().map_or(0, Vec::len);
        let starts = elems.iter().filter(|e| !e.is_interval_end()).count();
        let interval = rs.sets[i].flags.unwrap_or(0) & NFT_SET_INTERVAL != 0;
        if interval {
            // The kernel holds an open interval (0.0.0.0 up to the first range) too.
            assert!(starts >= theirs, "{} {starts} vs {theirs}", rs.sets[i].name);
        } else {
            assert_eq!(starts, theirs, "{}", rs.sets[i].name);
        }
    }
    let ports = rs.sets.iter().position(|s| s.name == "ports").unwrap();
    let mut keys: Vec<_> = rs.elements[ports]
        .iter()
        .map(|e| e.key_bytes().to_vec())
        .collect();
    keys.sort();
    assert_eq!(keys, vec![vec![0, 22], vec![0, 80], vec![1, 187]]);
    let map = rs.sets.iter().position(|s| s.name == "dispatch").unwrap();
    let verdicts: Vec<_> = rs.elements[map]
        .iter()
        .map(|e| {
            e.data
                .as_ref()
                .unwrap()
                .verdict
                .as_ref()
                .unwrap()
                .code
                .unwrap()
        })
        .collect();
    assert!(
        verdicts.contains(&NF_DROP) && verdicts.contains(&NFT_JUMP),
        "{verdicts:?}"
    );

    // Objects.
    for o in nft_json("counter") {
        let ours = rs.objects.iter().find(|x| x.name == o["name"]).unwrap();
        let ObjData::Counter(c) = &ours.data else {
            panic!("{ours:?}")
        };
        assert_eq!(c.packets, o["packets"].as_u64());
        assert_eq!(c.bytes, o["bytes"].as_u64());
    }
    let q = rs.objects.iter().find(|x| x.name == "q_big").unwrap();
    let ObjData::Quota(q) = &q.data else {
        panic!("{q:?}")
    };
    assert_eq!(q.bytes, Some(100 * 1024 * 1024));
    assert_eq!(nft_json("quota")[0]["bytes"].as_u64(), q.bytes);

    // The generation moves with every transaction.
    let g1 = h.nft_generation().unwrap().id.unwrap();
    nft(&["add", "table", "ip", "more"]);
    assert_eq!(h.nft_generation().unwrap().id.unwrap(), g1 + 1);
}

fn our_batch() -> NftBatch {
    let mut tx = NftBatch::new();
    tx.add_table(&TableSpec::new(NFPROTO_INET, "ours"));
    tx.add_chain(
        &ChainSpec::base(NFPROTO_INET, "ours", "in", "filter", NF_INET_LOCAL_IN, -5)
            .policy(NF_ACCEPT),
    );
    tx.add_chain(&ChainSpec::new(NFPROTO_INET, "ours", "side"));
    // inet_service (13), 2 bytes.
    tx.add_set(&SetSpec::new(NFPROTO_INET, "ours", "svc", 13, 2, 0));
    tx.add_elements(
        NFPROTO_INET,
        "ours",
        "svc",
        vec![SetElem::key(&[0, 22]), SetElem::key(&[0, 80])],
    );
    tx.add_rule(
        &RuleSpec::new(NFPROTO_INET, "ours", "in")
            .expr(Expr::meta_load(NFT_META_L4PROTO, NFT_REG_1))
            .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &[6]))
            .expr(Expr::payload_load(
                NFT_PAYLOAD_TRANSPORT_HEADER,
                2,
                2,
                NFT_REG_1,
            ))
            .expr(Expr::lookup("svc", NFT_REG_1))
            .expr(Expr::counter())
            .expr(Expr::verdict(NF_ACCEPT)),
    );
    tx.add_rule(
        &RuleSpec::new(NFPROTO_INET, "ours", "in")
            .expr(Expr::log("ours: "))
            .expr(Expr::verdict_to(NFT_JUMP, Some("side"))),
    );
    tx
}

#[test]
fn our_transaction_reads_back_with_nft() {
    if !common::private_netns("our_transaction_reads_back_with_nft") {
        return;
    }
    let mut h = Handle::new().unwrap();
    let report = h.nft_commit(&our_batch()).unwrap();
    assert!(report.committed());
    assert_eq!(report.members.len(), 7);
    assert!(report
        .members
        .iter()
        .all(|m| matches!(m.answer, Answer::Ack(_))));

    let chains = nft_json("chain");
    let base = chains.iter().find(|c| c["name"] == "in").unwrap();
    assert_eq!(base["hook"], "input");
    assert_eq!(base["prio"], -5);
    assert_eq!(base["policy"], "accept");
    assert!(chains
        .iter()
        .any(|c| c["name"] == "side" && c.get("hook").is_none()));
    let set = &nft_json("set")[0];
    assert_eq!(set["name"], "svc");
    assert_eq!(set["type"], "inet_service");
    assert_eq!(set["elem"], serde_json::json!([22, 80]));
    let rules = nft_json("rule");
    assert_eq!(rules.len(), 2);
    // nft rebuilds statements from our expressions as it does from its own.
    let text = nft(&["list", "chain", "inet", "ours", "in"]);
    assert!(
        text.contains("tcp dport @svc counter packets 0 bytes 0 accept"),
        "{text}"
    );
    assert!(text.contains("log prefix \"ours: \" jump side"), "{text}");

    // Delete what we made, in one transaction too.
    let mut del = NftBatch::new();
    del.delete_table(NFPROTO_INET, "ours");
    h.nft_commit(&del).unwrap();
    assert!(nft_json("table").is_empty());

    // The async handle runs the same operations.
    #[cfg(feature = "tokio")]
    {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let h = netlink_runtime::nfnl::AsyncHandle::new().unwrap();
            h.nft_commit(&our_batch()).await.unwrap();
            let rules = h
                .nft_rules(&RuleFilter::chain(NFPROTO_INET, "ours", "in"))
                .await
                .unwrap();
            assert_eq!(rules.len(), 2);
            assert_eq!(rules[0].exprs().len(), 6);
        });
    }
}

#[test]
fn a_bad_member_applies_nothing_and_is_named() {
    if !common::private_netns("a_bad_member_applies_nothing_and_is_named") {
        return;
    }
    nft(&["add", "table", "ip", "keep"]);
    let before = nft(&["list", "ruleset"]);
    let mut h = Handle::new().unwrap();
    for acks in [MemberAcks::Each, MemberAcks::ErrorsOnly] {
        let mut tx = our_batch();
        // A jump to a chain that does not exist.
        tx.add_rule(
            &RuleSpec::new(NFPROTO_INET, "ours", "in")
                .expr(Expr::verdict_to(NFT_JUMP, Some("nowhere"))),
        );
        tx.add_rule(&RuleSpec::new(NFPROTO_INET, "ours", "in").expr(Expr::counter()));
        let tx = NftBatch::from_transaction(tx.transaction().clone().acks(acks));
        let report = h.nft_transact(&tx).unwrap();
        assert!(!report.committed());
        let failures: Vec<_> = report.failures().map(|(i, _, e)| (i, e.errno)).collect();
        assert_eq!(failures, vec![(7, libc::ENOENT)], "{acks:?}: {report:?}");
        if acks == MemberAcks::Each {
            assert!(
                matches!(report.members[8].answer, Answer::Ack(_)),
                "every member is checked"
            );
        }
        let err = h.nft_commit(&tx).unwrap_err();
        let Error::Transaction(t) = &err else {
            panic!("{err}")
        };
        assert_eq!(t.member, Some(7));
        assert!(t.what.starts_with("add rule inet ours in"), "{}", t.what);
        let text = err.to_string();
        assert!(
            text.contains("member 8 of 9") && text.contains("nothing was applied"),
            "{text}"
        );
        assert_eq!(
            nft(&["list", "ruleset"]),
            before,
            "the ruleset is unchanged"
        );
    }

    // A stale generation id: the batch as a whole is refused.
    let g = h.nft_generation().unwrap().id.unwrap();
    nft(&["add", "table", "ip", "other"]);
    let tx = our_batch().genid(g);
    let report = h.nft_transact(&tx).unwrap();
    assert_eq!(
        report.batch_error.as_ref().map(|e| e.errno),
        Some(libc::ERESTART)
    );
    let err = h.nft_commit(&tx).unwrap_err();
    let Error::Transaction(t) = &err else {
        panic!("{err}")
    };
    assert_eq!(t.member, None);
    assert!(nft_json("table").iter().all(|t| t["name"] != "ours"));
    // With the current generation it applies.
    let g = h.nft_generation().unwrap().id.unwrap();
    h.nft_commit(&our_batch().genid(g)).unwrap();
}

/// Events until the `n`-th generation event (each `nft` command is one transaction, ended by
/// one), failing after 2 s of silence.
fn events_until_generations(
    sub: &mut netlink_runtime::nfnl::Subscription<EventDecoder>,
    n: usize,
) -> Vec<Event> {
    let mut out = Vec::new();
    let mut gens = 0;
    while gens < n {
        let ev = sub
            .next_timeout(Duration::from_secs(2))
            .unwrap()
            .unwrap_or_else(|| panic!("no event after {out:#?}"));
        gens += usize::from(matches!(ev, Event::Generation(_)));
        out.push(ev);
    }
    out
}

#[test]
fn changes_made_with_nft_arrive_as_typed_events() {
    if !common::private_netns("changes_made_with_nft_arrive_as_typed_events") {
        return;
    }
    let mut sub = subscribe().unwrap();
    let mut h = Handle::new().unwrap();
    let g0 = h.nft_generation().unwrap().id.unwrap();
    nft_file(
        "table inet ev {
            set s { type ipv4_addr; }
            chain c { type filter hook input priority -5; policy accept; }
        }",
    );
    nft(&[
        "add", "rule", "inet", "ev", "c", "tcp", "dport", "22", "counter", "accept",
    ]);
    nft(&["add", "element", "inet", "ev", "s", "{", "10.0.0.1", "}"]);
    let evs = events_until_generations(&mut sub, 3);

    // The first transaction: the table first (nft orders its set and chain itself), then its
    // generation.
    let first = evs
        .iter()
        .position(|e| matches!(e, Event::Generation(_)))
        .unwrap();
    let Event::Table(Change::New, t) = &evs[0] else {
        panic!("{evs:#?}")
    };
    assert_eq!((t.family, t.name.as_str()), (NFPROTO_INET, "ev"));
    assert_eq!(first, 3, "table, set, chain: {evs:#?}");
    let s = evs[..first]
        .iter()
        .find_map(|e| match e {
            Event::Set(Change::New, s) => Some(s),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (s.name.as_str(), s.key_type, s.key_len),
        ("s", Some(7), Some(4))
    );
    let c = evs[..first]
        .iter()
        .find_map(|e| match e {
            Event::Chain(Change::New, c) => Some(c),
            _ => None,
        })
        .unwrap();
    let hook = c.hook.as_ref().unwrap();
    assert_eq!((c.name.as_str(), c.kind.as_deref()), ("c", Some("filter")));
    assert_eq!(
        (hook.hooknum, hook.priority),
        (Some(NF_INET_LOCAL_IN), Some(-5))
    );
    let Event::Generation(g1) = &evs[first] else {
        unreachable!()
    };
    assert_eq!(g1.id, Some(g0 + 1));
    assert_eq!(g1.proc_name.as_deref(), Some("nft"));
    let rest = &evs[first + 1..];

    // The rule with its expressions, as `nft --debug=netlink` lists them.
    let [Event::Rule(Change::New, r), Event::Generation(g2), Event::Elements(Change::New, e), Event::Generation(g3)] =
        rest
    else {
        panic!("{rest:#?}")
    };
    let names: Vec<_> = r.exprs().iter().map(|e| e.name.as_str()).collect();
    let (_, debug) = debug_netlink().into_iter().next().unwrap();
    assert_eq!(names, debug, "the event's rule is the rule nft lists");
    assert_eq!((r.table.as_str(), r.chain.as_str()), ("ev", "c"));
    let handle = r.handle.unwrap();
    assert_eq!(
        e.elements.as_ref().unwrap().elem[0].key_bytes(),
        [10, 0, 0, 1]
    );
    assert_eq!((g2.id, g3.id), (Some(g0 + 2), Some(g0 + 3)));

    // Deleting: the rule by its handle, then the table with everything in it (what it held
    // is reported before the table itself).
    nft(&[
        "delete",
        "rule",
        "inet",
        "ev",
        "c",
        "handle",
        &handle.to_string(),
    ]);
    nft(&["delete", "table", "inet", "ev"]);
    let evs = events_until_generations(&mut sub, 2);
    let Event::Rule(Change::Delete, r) = &evs[0] else {
        panic!("{evs:#?}")
    };
    assert_eq!(r.handle, Some(handle));
    assert!(matches!(evs[1], Event::Generation(_)));
    let dels: Vec<_> = evs[2..]
        .iter()
        .map(|e| match e {
            Event::Table(Change::Delete, t) => format!("table {}", t.name),
            Event::Chain(Change::Delete, c) => format!("chain {}", c.name),
            Event::Set(Change::Delete, s) => format!("set {}", s.name),
            Event::Generation(_) => "generation".into(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(dels.last().map(String::as_str), Some("generation"));
    assert_eq!(dels[dels.len() - 2], "table ev", "{dels:?}");
    assert!(
        dels.contains(&"chain c".into()) && dels.contains(&"set s".into()),
        "{dels:?}"
    );
}

/// The async subscription reads the same events through the same decoder.
#[cfg(feature = "tokio")]
#[test]
fn async_subscription_reads_the_same_events() {
    if !common::private_netns("async_subscription_reads_the_same_events") {
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
        nft(&["add", "table", "ip", "a"]);
        let ev = tokio::time::timeout(Duration::from_secs(2), events.next())
            .await
            .expect("an event")
            .unwrap()
            .unwrap();
        let Event::Table(Change::New, t) = ev else {
            panic!("{ev:?}")
        };
        assert_eq!((t.family, t.name.as_str()), (NFPROTO_IPV4, "a"));
        let ev = events.next().await.unwrap().unwrap();
        assert!(matches!(ev, Event::Generation(_)), "{ev:?}");
    });
}

/// NAT, ct and limit rules as nft makes them: the oracle for the same rules made with our
/// API (chains and rules in the same order, so the handles agree).
const NAT_CT_LIMIT: &str = "table ip natx {
    chain postr {
        type nat hook postrouting priority 100; policy accept;
        ip saddr 10.0.0.0/8 meta l4proto tcp snat to 192.0.2.1:1000-2000
    }
    chain prer {
        type nat hook prerouting priority -100; policy accept;
        ip daddr 10.9.0.0/16 dnat to 192.0.2.9
    }
    chain fw {
        type filter hook forward priority 0; policy accept;
        ct state established,related accept
        limit rate 10/second burst 5 packets accept
        ct mark set 42
        limit rate over 1 mbytes/second drop
    }
}
";

/// `nft -j list ruleset` and `nft --debug=netlink list ruleset` of `text` loaded with
/// `nft -f` in a fresh namespace of its own.
fn listed_by_nft_in_a_fresh_netns(text: &str) -> (Value, String) {
    let path = std::env::temp_dir().join(format!("nft-ref-{}.nft", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let script = format!(
        "nft -f {} && nft -j list ruleset && echo @@@ && nft --debug=netlink list ruleset",
        path.display()
    );
    let out = netlink_tests::run("unshare", &["-n", "sh", "-c", &script]);
    let _ = std::fs::remove_file(&path);
    let (json, debug) = out.split_once("@@@\n").unwrap();
    (serde_json::from_str(json).unwrap(), debug.to_owned())
}

fn nat_ct_limit_batch() -> NftBatch {
    let f = NFPROTO_IPV4;
    let mut tx = NftBatch::new();
    tx.add_table(&TableSpec::new(f, "natx"));
    tx.add_chain(
        &ChainSpec::base(f, "natx", "postr", "nat", NF_INET_POST_ROUTING, 100).policy(NF_ACCEPT),
    );
    tx.add_chain(
        &ChainSpec::base(f, "natx", "prer", "nat", NF_INET_PRE_ROUTING, -100).policy(NF_ACCEPT),
    );
    tx.add_chain(&ChainSpec::base(f, "natx", "fw", "filter", NF_INET_FORWARD, 0).policy(NF_ACCEPT));
    // ip saddr 10.0.0.0/8 meta l4proto tcp snat to 192.0.2.1:1000-2000
    tx.add_rule(
        &RuleSpec::new(f, "natx", "postr")
            .expr(Expr::payload_load(
                NFT_PAYLOAD_NETWORK_HEADER,
                12,
                1,
                NFT_REG_1,
            ))
            .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &[10]))
            .expr(Expr::meta_load(NFT_META_L4PROTO, NFT_REG_1))
            .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &[6]))
            .expr(Expr::immediate(NFT_REG_1, &[192, 0, 2, 1]))
            .expr(Expr::immediate(NFT_REG_2, &1000u16.to_be_bytes()))
            .expr(Expr::immediate(NFT_REG_3, &2000u16.to_be_bytes()))
            .expr(Expr::nat(
                NFT_NAT_SNAT,
                f,
                Some((NFT_REG_1, NFT_REG_1)),
                Some((NFT_REG_2, NFT_REG_3)),
            )),
    );
    // ip daddr 10.9.0.0/16 dnat to 192.0.2.9
    tx.add_rule(
        &RuleSpec::new(f, "natx", "prer")
            .expr(Expr::payload_load(
                NFT_PAYLOAD_NETWORK_HEADER,
                16,
                2,
                NFT_REG_1,
            ))
            .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &[10, 9]))
            .expr(Expr::immediate(NFT_REG_1, &[192, 0, 2, 9]))
            .expr(Expr::nat(
                NFT_NAT_DNAT,
                f,
                Some((NFT_REG_1, NFT_REG_1)),
                None,
            )),
    );
    // ct state established,related accept (the state is a host-order bit mask)
    let est_rel = (ct_state_bit(IP_CT_ESTABLISHED) | ct_state_bit(IP_CT_RELATED)).to_ne_bytes();
    tx.add_rule(
        &RuleSpec::new(f, "natx", "fw")
            .expr(Expr::ct_load(NFT_CT_STATE, NFT_REG_1))
            .expr(Expr::bitwise(NFT_REG_1, NFT_REG_1, &est_rel, &[0; 4]))
            .expr(Expr::cmp(NFT_REG_1, NFT_CMP_NEQ, &[0; 4]))
            .expr(Expr::verdict(NF_ACCEPT)),
    );
    // limit rate 10/second burst 5 packets accept
    tx.add_rule(
        &RuleSpec::new(f, "natx", "fw")
            .expr(Expr::limit(NFT_LIMIT_PKTS, 10, 1, 5, 0))
            .expr(Expr::verdict(NF_ACCEPT)),
    );
    // ct mark set 42
    tx.add_rule(
        &RuleSpec::new(f, "natx", "fw")
            .expr(Expr::immediate(NFT_REG_1, &42u32.to_ne_bytes()))
            .expr(Expr::ct_set(NFT_CT_MARK, NFT_REG_1)),
    );
    // limit rate over 1 mbytes/second drop
    tx.add_rule(
        &RuleSpec::new(f, "natx", "fw")
            .expr(Expr::limit(
                NFT_LIMIT_PKT_BYTES,
                1 << 20,
                1,
                0,
                NFT_LIMIT_F_INV,
            ))
            .expr(Expr::verdict(NF_DROP)),
    );
    tx
}

#[test]
fn nat_ct_and_limit_rules_made_by_us_list_as_nft_made_them() {
    if !common::private_netns("nat_ct_and_limit_rules_made_by_us_list_as_nft_made_them") {
        return;
    }
    let (want_json, want_debug) = listed_by_nft_in_a_fresh_netns(NAT_CT_LIMIT);
    let mut h = Handle::new().unwrap();
    h.nft_commit(&nat_ct_limit_batch()).unwrap();
    let got: Value = serde_json::from_str(&nft(&["-j", "list", "ruleset"])).unwrap();
    assert_eq!(got, want_json, "nft -j lists our rules as its own");
    let got_debug = nft(&["--debug=netlink", "list", "ruleset"]);
    assert_eq!(
        got_debug, want_debug,
        "the kernel holds the same expressions"
    );
    // What that says, spelled out.
    for line in [
        "[ nat snat ip addr_min reg 1 addr_max reg 1 proto_min reg 2 proto_max reg 3 flags 0x3 ]",
        "[ nat dnat ip addr_min reg 1 addr_max reg 1 flags 0x1 ]",
        "[ ct load state => reg 1 ]",
        "[ ct set mark with reg 1 ]",
        "[ limit rate 10/second burst 5 type packets flags 0x0 ]",
        "[ limit rate 1048576/second burst 0 type bytes flags 0x1 ]",
    ] {
        assert!(got_debug.contains(line), "{line} in {got_debug}");
    }
    // Read back with our API: the same expressions.
    let rules = h
        .nft_rules(&RuleFilter::chain(NFPROTO_IPV4, "natx", "postr"))
        .unwrap();
    let Some(ExprData::Nat(nat)) = &rules[0].exprs()[7].data else {
        panic!("{:?}", rules[0])
    };
    assert_eq!(nat.kind, Some(NFT_NAT_SNAT));
    assert_eq!(
        nat.flags,
        Some(NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED)
    );

    // A transaction with one bad NAT rule (dnat in a postrouting chain) applies nothing and
    // names that rule.
    let before = nft(&["list", "ruleset"]);
    let mut tx = NftBatch::new();
    tx.add_chain(&ChainSpec::new(NFPROTO_IPV4, "natx", "extra"));
    tx.add_rule(
        &RuleSpec::new(NFPROTO_IPV4, "natx", "fw")
            .expr(Expr::limit(NFT_LIMIT_PKTS, 1, 60, 1, 0))
            .expr(Expr::counter()),
    );
    tx.add_rule(
        &RuleSpec::new(NFPROTO_IPV4, "natx", "postr")
            .expr(Expr::immediate(NFT_REG_1, &[192, 0, 2, 7]))
            .expr(Expr::nat(
                NFT_NAT_DNAT,
                NFPROTO_IPV4,
                Some((NFT_REG_1, NFT_REG_1)),
                None,
            )),
    );
    let err = h.nft_commit(&tx).unwrap_err();
    let Error::Transaction(t) = &err else {
        panic!("{err}")
    };
    assert_eq!(t.member, Some(2), "{err}");
    assert!(t.what.starts_with("add rule ip natx postr"), "{}", t.what);
    assert_eq!(t.error.as_ref().map(|e| e.errno), Some(libc::EOPNOTSUPP));
    assert_eq!(
        nft(&["list", "ruleset"]),
        before,
        "the ruleset is unchanged"
    );
}
