//! `nfbench SCENE [N] [ROUNDS]`: netfilter dumps against the receive-only limit of the same
//! dump, in a private network namespace (made by `unshare` on this thread; nftables, conntrack
//! and ipset state is per namespace, and nothing is sent). Needs root.
//!
//! Scenes (built with our API before the clock starts):
//! - `conntrack [N=100000]`: N UDP entries between documentation addresses;
//! - `nft-rules [N=10000]`: one chain of table `ip nfbench` holding N rules
//!   (`ip saddr A tcp dport P counter accept`: 8 expressions each);
//! - `nft-set [N=100000]`: one `ipv4_addr` set of that table holding N elements;
//! - `ipset [N=100000]`: one `hash:ip` set holding N members.
//!
//! Each scene's cases: the receive-only limit (the same dump request, every datagram received
//! and every message framed, nothing decoded), our API, and the peers: the tool (`conntrack
//! -L`, `nft -j list ruleset`, `ipset list`) and pyroute2 when `import pyroute2` works (its
//! interpreter start-up is measured alone in a row of its own). One warm-up round, then ROUNDS
//! (default 5) rounds over the cases in an order rotated each round; medians of wall and CPU
//! time (user + system: ours around the dump only, the peers' whole process, whose peak RSS
//! is given too).

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::Duration;

use netlink_bench::clock::{fmt_dur, median, pyroute2_available, tv, wait4, Measured, Timer};
use netlink_runtime::codec::FromMessage;
use netlink_runtime::conntrack::{ConntrackDump, ConntrackFilter, ConntrackSpec, Tuple};
use netlink_runtime::ipset::{self, ListDump, Member};
use netlink_runtime::nfnl::{Handle, MemberAcks};
use netlink_runtime::nftables::*;
use netlink_runtime::op::Dump;
use netlink_runtime::schemas::nftables::*;
use netlink_runtime::Error;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// One of our cases: runs the dump and returns the number of items it saw.
type OurCase = Box<dyn FnMut(&mut Handle) -> Res<u64>>;

/// What one case measures.
enum Run {
    /// Ours, in this process.
    Ours(OurCase),
    /// A peer's command (stdout to /dev/null), or a script printing `items=N` when it
    /// counts.
    Peer { argv: Vec<String>, counts: bool },
}

struct Case {
    label: String,
    run: Run,
}

#[derive(Default)]
struct Sample {
    m: Measured,
    items: Option<u64>,
    rss_kib: Option<u64>,
}

/// The receive-only limit of dump `op`: its request sent, every message framed and counted,
/// nothing decoded.
fn limit<D: Dump + 'static>(op: D) -> Run {
    Run::Ours(Box::new(move |h: &mut Handle| {
        let mut req = op.request()?;
        let mut n = 0u64;
        h.socket().dump_each(&mut req, |_m| -> Result<(), Error> {
            n += 1;
            Ok(())
        })?;
        Ok(n)
    }))
}

fn peer(argv: &[&str]) -> Run {
    Run::Peer {
        argv: argv.iter().map(|s| (*s).to_owned()).collect(),
        counts: false,
    }
}

/// A pyroute2 script (written to a temporary file) that prints `items=N`.
fn python(scene: &str, script: &str) -> Res<Run> {
    let path = std::env::temp_dir().join(format!("nfbench-{scene}-{}.py", std::process::id()));
    std::fs::write(&path, script)?;
    Ok(Run::Peer {
        argv: vec!["python3".into(), path.display().to_string()],
        counts: true,
    })
}

/// A child started before the scene is built, which runs the peers' commands and reports
/// their times and peak RSS. A program's `ru_maxrss` starts from the peak of the memory it was
/// spawned from (the kernel carries it over `exec`), so commands spawned by this process, which
/// holds the scene's replies, would all report at least its peak; the spawner stays small.
struct Spawner {
    child: std::process::Child,
    input: std::process::ChildStdin,
    output: std::io::BufReader<std::process::ChildStdout>,
}

impl Spawner {
    fn start() -> Res<Spawner> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("__spawn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let input = child.stdin.take().ok_or("spawner stdin")?;
        let output = std::io::BufReader::new(child.stdout.take().ok_or("spawner stdout")?);
        Ok(Spawner {
            child,
            input,
            output,
        })
    }

    /// Runs `argv` and returns its sample.
    fn run(&mut self, label: &str, argv: &[String], counts: bool) -> Res<Sample> {
        use std::io::{BufRead as _, Write as _};
        writeln!(self.input, "{}\t{}", u8::from(counts), argv.join("\t"))?;
        self.input.flush()?;
        let mut line = String::new();
        self.output.read_line(&mut line)?;
        let f: Vec<&str> = line.split_whitespace().collect();
        let [status, wall, cpu, rss, items] = f[..] else {
            return Err(format!("{label}: the spawner answered {line:?}").into());
        };
        if status != "0" {
            return Err(format!("{label} exited with status {status}").into());
        }
        Ok(Sample {
            m: Measured {
                wall: Duration::from_nanos(wall.parse()?),
                cpu: Duration::from_nanos(cpu.parse()?),
            },
            items: items.parse().ok(),
            rss_kib: Some(rss.parse()?),
        })
    }
}

impl Drop for Spawner {
    fn drop(&mut self) {
        // Its stdin closes with it: the loop ends.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The spawner's loop (`nfbench __spawn`): one command per line (`COUNTS\tARGV...`), one
/// answer per line (`STATUS WALL_NS CPU_NS MAXRSS_KIB ITEMS|-`).
fn spawner_loop() -> Res<()> {
    use std::io::{BufRead as _, Write as _};
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mut parts = line.split('\t');
        let counts = parts.next() == Some("1");
        let argv: Vec<&str> = parts.collect();
        let t = Timer::start();
        let mut child = Command::new(argv[0])
            .args(&argv[1..])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .stdout(if counts {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .spawn()?;
        let mut text = String::new();
        if let Some(mut so) = child.stdout.take() {
            so.read_to_string(&mut text)?;
        }
        let (status, ru) = wait4(child.id() as libc::pid_t)?;
        let wall = t.elapsed().wall;
        let items = text
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix("items="))
            .unwrap_or("-");
        writeln!(
            out,
            "{status} {} {} {} {items}",
            wall.as_nanos(),
            (tv(ru.ru_utime) + tv(ru.ru_stime)).as_nanos(),
            ru.ru_maxrss
        )?;
        out.flush()?;
    }
    Ok(())
}

fn measure_once(h: &mut Handle, sp: &mut Spawner, case: &mut Case) -> Res<Sample> {
    match &mut case.run {
        Run::Ours(f) => {
            let t = Timer::start();
            let n = f(h)?;
            Ok(Sample {
                m: t.elapsed(),
                items: Some(n),
                rss_kib: None,
            })
        }
        Run::Peer { argv, counts } => sp.run(&case.label, argv, *counts),
    }
}

/// One warm-up round, then `rounds` rounds in a rotating order; a Markdown table of medians
/// with ratios to the first case (the limit).
fn measure(
    h: &mut Handle,
    sp: &mut Spawner,
    cases: &mut [Case],
    rounds: usize,
    n: u64,
) -> Res<String> {
    let mut samples: Vec<Vec<Sample>> = cases.iter().map(|_| Vec::new()).collect();
    for round in 0..=rounds {
        for k in 0..cases.len() {
            let i = (k + round) % cases.len();
            let s = measure_once(h, sp, &mut cases[i])?;
            if round > 0 {
                samples[i].push(s);
            }
        }
    }
    let rows: Vec<_> = samples
        .iter()
        .map(|s| {
            let wall = median(s.iter().map(|x| x.m.wall).collect());
            let cpu = median(s.iter().map(|x| x.m.cpu).collect());
            let best = s.iter().map(|x| x.m.cpu).min().unwrap_or_default();
            let items = s.iter().filter_map(|x| x.items).max();
            let rss = s.iter().filter_map(|x| x.rss_kib).max();
            (wall, cpu, best, items, rss)
        })
        .collect();
    let (lw, lc, lb, _, _) = rows[0];
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    let mut t = String::from(
        "| case | wall | x limit | CPU | CPU ns / item | x limit CPU | best CPU x limit | items seen | peak RSS |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (c, &(wall, cpu, best, items, rss)) in cases.iter().zip(&rows) {
        t.push_str(&format!(
            "| {} | {} | {:.3} | {} | {:.0} | {:.3} | {:.3} | {} | {} |\n",
            c.label,
            fmt_dur(wall),
            ratio(wall, lw),
            fmt_dur(cpu),
            cpu.as_nanos() as f64 / n as f64,
            ratio(cpu, lc),
            ratio(best, lb),
            items.map_or("-".into(), |i| i.to_string()),
            rss.map_or("-".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0)),
        ));
    }
    Ok(t)
}

fn ours(label: &str, f: impl FnMut(&mut Handle) -> Res<u64> + 'static) -> Case {
    Case {
        label: label.to_owned(),
        run: Run::Ours(Box::new(f)),
    }
}

fn case(label: &str, run: Run) -> Case {
    Case {
        label: label.to_owned(),
        run,
    }
}

/// The pyroute2 rows of a scene: the script, and the interpreter with pyroute2 imported and
/// nothing else (its start-up, for scale).
fn pyroute2_cases(scene: &str, label: &str, script: &str) -> Res<Vec<Case>> {
    if !pyroute2_available() {
        eprintln!("pyroute2 not importable: its rows are left out");
        return Ok(Vec::new());
    }
    Ok(vec![
        case(label, python(scene, script)?),
        case(
            "pyroute2: python3 -c 'import pyroute2' (start-up alone)",
            peer(&["python3", "-c", "import pyroute2"]),
        ),
    ])
}

/// What a program that polls connection marks reads: the derive decodes these attributes only
/// and skips the others by their length (the tuples, protoinfo and counters are not entered).
#[derive(netlink_derive::Netlink, Debug)]
#[netlink(schema = "conntrack", message = "conntrack")]
struct CtMark {
    id: Option<u32>,
    mark: Option<u32>,
    status: Option<u32>,
    timeout: Option<u32>,
}

fn conntrack_scene(h: &mut Handle, n: u32) -> Res<Vec<Case>> {
    // The table must hold them all.
    std::fs::write(
        "/proc/sys/net/netfilter/nf_conntrack_max",
        format!("{}", n * 2),
    )
    .ok();
    for i in 0..n {
        let src = std::net::Ipv4Addr::from(0xc633_0000 | (i >> 16)); // 198.51.x.x
        let t = Tuple::udp(src.into(), "203.0.113.1".parse()?, (i & 0xffff) as u16, 53);
        h.conntrack_create(&ConntrackSpec::new(t).timeout(3600).mark(i))?;
    }
    let mut v = vec![
        case(
            "receive-only limit",
            limit(ConntrackDump {
                filter: ConntrackFilter::all(),
            }),
        ),
        ours("derived Entry (for_each_conntrack)", |h| {
            let (mut n, mut sum) = (0u64, 0u64);
            h.for_each_conntrack(&ConntrackFilter::all(), |e| {
                n += 1;
                sum += u64::from(e.mark.unwrap_or(0))
                    + u64::from(e.tuple_orig.and_then(|t| t.src_port()).unwrap_or(0));
                Ok(())
            })?;
            assert!(sum > 0);
            Ok(n)
        }),
        ours("derived CtMark {id, mark, status, timeout}", |h| {
            let mut req = ConntrackDump {
                filter: ConntrackFilter::all(),
            }
            .request()?;
            let (mut n, mut sum) = (0u64, 0u64);
            h.socket().dump_each(&mut req, |m| -> Result<(), Error> {
                let c = CtMark::from_message(&m)?;
                n += 1;
                sum += u64::from(c.mark.unwrap_or(0)) + u64::from(c.id.is_some());
                Ok(())
            })?;
            assert!(sum > 0);
            Ok(n)
        }),
        ours("Vec<Entry> (conntrack_list)", |h| {
            Ok(h.conntrack_list(&ConntrackFilter::all())?.len() as u64)
        }),
        case("conntrack -L > /dev/null", peer(&["conntrack", "-L"])),
    ];
    v.extend(pyroute2_cases(
        "conntrack",
        "pyroute2 Conntrack().dump_entries()",
        "from pyroute2 import Conntrack\nn = 0\nfor e in Conntrack().dump_entries():\n    n += 1\nprint('items=%d' % n)\n",
    )?);
    Ok(v)
}

const TABLE: &str = "nfbench";

fn nft_table(h: &mut Handle) -> Res<()> {
    let mut tx = NftBatch::new();
    tx.add_table(&TableSpec::new(NFPROTO_IPV4, TABLE));
    h.nft_commit(&tx)?;
    Ok(())
}

/// Commits `members` through `add`, `per_tx` at a time, each transaction asking only for
/// errors (and the last member's ACK).
fn commit_in_chunks(
    h: &mut Handle,
    members: u32,
    per_tx: u32,
    mut add: impl FnMut(&mut NftBatch, u32),
) -> Res<()> {
    let mut i = 0;
    while i < members {
        let mut tx = NftBatch::new();
        for k in i..members.min(i + per_tx) {
            add(&mut tx, k);
        }
        let tx = NftBatch::from_transaction(tx.transaction().clone().acks(MemberAcks::ErrorsOnly));
        h.nft_commit(&tx)?;
        i += per_tx;
    }
    Ok(())
}

fn nft_rules_scene(h: &mut Handle, n: u32) -> Res<Vec<Case>> {
    nft_table(h)?;
    let mut tx = NftBatch::new();
    tx.add_chain(&ChainSpec::base(
        NFPROTO_IPV4,
        TABLE,
        "input",
        "filter",
        NF_INET_LOCAL_IN,
        0,
    ));
    h.nft_commit(&tx)?;
    // ip saddr 10.x.y.z tcp dport P counter accept
    commit_in_chunks(h, n, 1000, |tx, i| {
        let addr = (0x0a00_0000u32 | i).to_be_bytes();
        let port = (1024 + (i % 60000) as u16).to_be_bytes();
        tx.add_rule(
            &RuleSpec::new(NFPROTO_IPV4, TABLE, "input")
                .expr(Expr::payload_load(
                    NFT_PAYLOAD_NETWORK_HEADER,
                    12,
                    4,
                    NFT_REG_1,
                ))
                .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &addr))
                .expr(Expr::meta_load(NFT_META_L4PROTO, NFT_REG_1))
                .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &[6]))
                .expr(Expr::payload_load(
                    NFT_PAYLOAD_TRANSPORT_HEADER,
                    2,
                    2,
                    NFT_REG_1,
                ))
                .expr(Expr::cmp(NFT_REG_1, NFT_CMP_EQ, &port))
                .expr(Expr::counter())
                .expr(Expr::verdict(NF_ACCEPT)),
        );
    })?;
    let filter = RuleFilter::chain(NFPROTO_IPV4, TABLE, "input");
    let (f1, f2) = (filter.clone(), filter.clone());
    let mut v = vec![
        case("receive-only limit", limit(rules_op(&filter))),
        ours(
            "derived Rule with its expressions (for_each_nft_rule)",
            move |h| {
                let (mut n, mut exprs) = (0u64, 0usize);
                h.for_each_nft_rule(&f1, |r| {
                    n += 1;
                    exprs += r.exprs().len();
                    Ok(())
                })?;
                assert_eq!(exprs as u64, n * 8);
                Ok(n)
            },
        ),
        ours("Vec<Rule> (nft_rules)", move |h| {
            Ok(h.nft_rules(&f2)?.len() as u64)
        }),
        case(
            "nft -j list ruleset > /dev/null",
            peer(&["nft", "-j", "list", "ruleset"]),
        ),
        case(
            "nft list ruleset > /dev/null",
            peer(&["nft", "list", "ruleset"]),
        ),
    ];
    v.extend(pyroute2_cases(
        "nft-rules",
        "pyroute2 NFTables().get_rules()",
        "from pyroute2.nftables.main import NFTables\nn = 0\nfor r in NFTables(nfgen_family=2).get_rules():\n    n += len(r.get_attr('NFTA_RULE_EXPRESSIONS')) > 0\nprint('items=%d' % n)\n",
    )?);
    Ok(v)
}

fn nft_set_scene(h: &mut Handle, n: u32) -> Res<Vec<Case>> {
    nft_table(h)?;
    // ipv4_addr (nft's type 7), 4 bytes.
    let mut tx = NftBatch::new();
    tx.add_set(&SetSpec::new(NFPROTO_IPV4, TABLE, "addrs", 7, 4, 0).size(n));
    h.nft_commit(&tx)?;
    const PER_MSG: u32 = 1000;
    commit_in_chunks(h, n.div_ceil(PER_MSG), 10, |tx, m| {
        let elems = (m * PER_MSG..n.min((m + 1) * PER_MSG))
            .map(|i| SetElem::key(&(0x0a00_0000u32 | i).to_be_bytes()))
            .collect();
        tx.add_elements(NFPROTO_IPV4, TABLE, "addrs", elems);
    })?;
    let op = || elements_op(NFPROTO_IPV4, TABLE, "addrs");
    let mut v = vec![
        case("receive-only limit (messages)", limit(op())),
        ours(
            "derived SetElem with its key (for_each on elements_op)",
            move |h| {
                let (mut n, mut sum) = (0u64, 0u64);
                h.for_each(&op(), |m| -> Result<(), Error> {
                    for e in m.elements.iter().flat_map(|l| &l.elem) {
                        n += 1;
                        sum += u64::from(e.key_bytes().last().copied().unwrap_or(0));
                    }
                    Ok(())
                })?;
                assert!(sum > 0);
                Ok(n)
            },
        ),
        ours("Vec<SetElements> (nft_set_elements)", |h| {
            let msgs = h.nft_set_elements(NFPROTO_IPV4, TABLE, "addrs")?;
            Ok(msgs
                .iter()
                .map(|m| m.elements.as_ref().map_or(0, |l| l.elem.len()) as u64)
                .sum())
        }),
        case(
            "nft -j list ruleset > /dev/null",
            peer(&["nft", "-j", "list", "ruleset"]),
        ),
        case(
            "nft list ruleset > /dev/null",
            peer(&["nft", "list", "ruleset"]),
        ),
    ];
    v.extend(pyroute2_cases(
        "nft-set",
        "pyroute2 NFTables GETSETELEM dump",
        // NFTables.set_elems('get') reads only the first message of the dump: the dump is
        // asked for directly and every message counted.
        "from pyroute2.nftables.main import NFTables\n\
         from pyroute2.netlink.nfnetlink.nftsocket import nft_set_elem_list_msg, NFT_MSG_GETSETELEM\n\
         nft = NFTables(nfgen_family=2)\n\
         msg = nft_set_elem_list_msg()\n\
         msg['attrs'] = [['NFTA_SET_ELEM_LIST_TABLE', 'nfbench'], ['NFTA_SET_ELEM_LIST_SET', 'addrs']]\n\
         n = 0\n\
         for m in nft.request_get(msg, NFT_MSG_GETSETELEM):\n    \
             for e in m.get_attr('NFTA_SET_ELEM_LIST_ELEMENTS'):\n        \
                 n += e.get_attr('NFTA_SET_ELEM_KEY').get_attr('NFTA_DATA_VALUE') is not None\n\
         print('items=%d' % n)\n",
    )?);
    Ok(v)
}

fn ipset_scene(h: &mut Handle, n: u32) -> Res<Vec<Case>> {
    h.ipset_create(&ipset::SetSpec::new("nfbench", "hash:ip").maxelem(n * 2))?;
    for i in 0..n {
        let a = std::net::Ipv4Addr::from(0x0a00_0000u32 | i);
        h.ipset_add("nfbench", &Member::ip(a.into()))?;
    }
    let op = || ListDump {
        name: Some("nfbench".into()),
    };
    let mut v = vec![
        case("receive-only limit (messages)", limit(op())),
        ours("derived Member (for_each on ListDump)", move |h| {
            let (mut n, mut sum) = (0u64, 0u64);
            h.for_each(&op(), |m| -> Result<(), Error> {
                for e in m.adt.iter().flat_map(|l| &l.data) {
                    n += 1;
                    sum +=
                        e.ip.and_then(|a| a.ipv4)
                            .map_or(0, |a| u64::from(a.0.octets()[3]));
                }
                Ok(())
            })?;
            assert!(sum > 0);
            Ok(n)
        }),
        ours("IpSet, joined (ipset_get)", |h| {
            Ok(h.ipset_get("nfbench")?.members.len() as u64)
        }),
        case("ipset list > /dev/null", peer(&["ipset", "list"])),
    ];
    v.extend(pyroute2_cases(
        "ipset",
        "pyroute2 IPSet().list('nfbench')",
        "from pyroute2.ipset import IPSet\nn = 0\nfor m in IPSet().list('nfbench'):\n    adt = m.get_attr('IPSET_ATTR_ADT')\n    if adt is not None:\n        n += len(adt.get_attrs('IPSET_ATTR_DATA'))\nprint('items=%d' % n)\n",
    )?);
    Ok(v)
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("__spawn") {
        return spawner_loop();
    }
    let scene = args.first().map(String::as_str).unwrap_or("");
    let default_n = match scene {
        "conntrack" | "nft-set" | "ipset" => 100_000,
        "nft-rules" => 10_000,
        _ => {
            eprintln!(
                "usage: nfbench conntrack|nft-rules|nft-set|ipset [N] [ROUNDS]   (needs root)"
            );
            std::process::exit(2);
        }
    };
    let n: u32 = args.get(1).map_or(Ok(default_n), |s| s.parse())?;
    let rounds: usize = args.get(2).map_or(Ok(5), |s| s.parse())?;
    netlink_runtime::netns::unshare_current_thread()?;
    // Started in the new namespace (it inherits this thread's) while this process is small.
    let mut sp = Spawner::start()?;
    let mut h = Handle::new()?;
    let t = Timer::start();
    let mut cases = match scene {
        "conntrack" => conntrack_scene(&mut h, n)?,
        "nft-rules" => nft_rules_scene(&mut h, n)?,
        "nft-set" => nft_set_scene(&mut h, n)?,
        _ => ipset_scene(&mut h, n)?,
    };
    let built = t.elapsed();
    let load_before = load();
    let table = measure(&mut h, &mut sp, &mut cases, rounds, u64::from(n))?;
    println!(
        "#### {scene}: {n} items (built with our API in {}), {rounds} rounds, load average {load_before} before and {} after\n",
        fmt_dur(built.wall),
        load()
    );
    print!("{table}");
    Ok(())
}
