//! `nlbench`: dump benchmarks against the running kernel, in a private network namespace.
//!
//! ```text
//! nlbench run [--routes N] [--routes6 N] [--neigh N] [--links N] [--requests N] [--rounds R]
//!             [--ipdump PATH] [--record FILE] [--markdown FILE]
//! nlbench record --routes N -o FILE
//! nlbench parse FILE {walk|route4|full|full-lazy|npr} [PASSES]
//! ```
//!
//! `parse` runs one parser over a recorded dump from memory, for profilers
//! (`valgrind --tool=callgrind nlbench parse FILE route4 1`).
//!
//! `run` creates the namespace `nlbench-<pid>`, fills it (IPv4 /32 routes on an ifb device,
//! IPv6 /64 routes, permanent IPv4 neighbours on a veth, veth pairs), then times every case in
//! its own child process (`nlbench __case ...`, entered into the namespace before `exec`), so
//! the peak RSS reported is that case's own. Rounds go round-robin over the cases; medians are
//! reported. The namespace is deleted at the end (also on error). Nothing is sent on any link.
//! Needs root.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use netlink_bench::clock::{fmt_dur, median, pyroute2_available, tv, wait4, Measured, Timer};
use netlink_bench::{fold_route4, fold_route_full, Link, Neigh, Route4, Route4Dump, RouteFull};
use netlink_packet_core::Parseable;
use netlink_runtime::codec::FromMessage;
use netlink_runtime::netns::{self, NetnsRef};
use netlink_runtime::rtnl::{AF_INET, AF_INET6};
use netlink_runtime::schemas::netlink::*;
use netlink_runtime::schemas::rtnetlink::*;
use netlink_runtime::{Batch, Error, MessageBuilder, Protocol, Socket};

mod tc;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// `rtm_table` of the main table (254 fits the header's byte).
const MAIN_TABLE: u8 = RT_TABLE_MAIN as u8;
const NDMSG_LEN: usize = <ndmsg as netlink_runtime::codec::Record>::SIZE;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("record") => record_cmd(&args[1..]),
        Some("__case") => child_case(&args[1..]),
        Some("parse") => parse_cmd(&args[1..]),
        _ => {
            eprintln!(
                "usage: nlbench run [--routes N] [--routes6 N] [--neigh N] [--links N] [--requests N] [--rounds R] \
                 [--ipdump PATH]... [--external-only] [--record FILE] [--markdown FILE]\n       nlbench record --routes N -o FILE\n       nlbench parse FILE {{walk|route4|full|full-lazy|npr}} [PASSES]\n\
                 (see BENCHMARKS.md; needs root)"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = r {
        eprintln!("nlbench: {e}");
        std::process::exit(1);
    }
}

// ----------------------------------------------------------------------------------------------
// What is dumped, and the cases.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Route4,
    Route6,
    Neigh,
    Link,
    /// Small requests from many tasks at once (not a dump).
    Requests,
    /// tc classes with statistics (`--tc-classes`).
    TcClass,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::Route4 => "route4",
            Family::Route6 => "route6",
            Family::Neigh => "neigh",
            Family::Link => "link",
            Family::Requests => "requests",
            Family::TcClass => "tcclass",
        }
    }
    fn parse(s: &str) -> Option<Family> {
        [
            Family::Route4,
            Family::Route6,
            Family::Neigh,
            Family::Link,
            Family::Requests,
            Family::TcClass,
        ]
        .into_iter()
        .find(|f| f.name() == s)
    }
    fn fixed_len(self) -> usize {
        match self {
            Family::Route4 | Family::Route6 => <rtmsg as netlink_runtime::codec::Record>::SIZE,
            Family::Neigh => NDMSG_LEN,
            Family::Link | Family::Requests => <ifinfomsg as netlink_runtime::codec::Record>::SIZE,
            Family::TcClass => <tcmsg as netlink_runtime::codec::Record>::SIZE,
        }
    }
    fn request(self) -> MessageBuilder {
        match self {
            Family::Route4 | Family::Route6 => {
                let af = if self == Family::Route4 {
                    AF_INET
                } else {
                    AF_INET6
                };
                let mut b = MessageBuilder::new(RTM_GETROUTE, 0);
                b.push_header_bytes(&[af, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                b
            }
            Family::Neigh => {
                let mut b = MessageBuilder::new(RTM_GETNEIGH, 0);
                b.push_header_bytes(&[AF_INET, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                b
            }
            Family::Link | Family::Requests | Family::TcClass => {
                let mut b = MessageBuilder::new(RTM_GETLINK, 0);
                b.push_header_bytes(&[0u8; <ifinfomsg as netlink_runtime::codec::Record>::SIZE]);
                b
            }
        }
    }
    fn data_kind(self) -> u16 {
        match self {
            Family::Route4 | Family::Route6 => RTM_NEWROUTE,
            Family::Neigh => RTM_NEWNEIGH,
            Family::Link | Family::Requests => RTM_NEWLINK,
            Family::TcClass => netlink_runtime::schemas::tc::RTM_NEWTCLASS,
        }
    }
    /// The iproute2 command that prints the same dump as JSON.
    fn ip_args(self) -> &'static [&'static str] {
        match self {
            Family::Route4 => &["-j", "route", "show", "table", "all"],
            Family::Route6 => &["-6", "-j", "route", "show", "table", "all"],
            Family::Neigh => &["-4", "-j", "neigh"],
            Family::Link => &["-j", "link"],
            Family::Requests => &[],
            Family::TcClass => &["-s", "-j", "class", "show", "dev", tc::DEV],
        }
    }
    fn ipdump_obj(self) -> &'static [&'static str] {
        match self {
            Family::Route4 => &["-4", "--table", "all", "route"],
            Family::Route6 => &["-6", "--table", "all", "route"],
            Family::Neigh => &["-4", "neigh"],
            Family::Link => &["link"],
            Family::Requests => &[],
            Family::TcClass => &["-s", "class", "--dev", tc::DEV],
        }
    }
}

/// One measured case.
#[derive(Clone, Debug)]
enum Case {
    /// In-process: `nlbench __case FAMILY NAME`.
    Ours(&'static str, &'static str),
    /// An external command (argv), output to /dev/null.
    External(String, Vec<String>),
}

impl Case {
    fn label(&self) -> String {
        match self {
            Case::Ours(name, _) => (*name).to_owned(),
            Case::External(l, _) => l.clone(),
        }
    }
    fn desc(&self) -> String {
        match self {
            Case::Ours(_, d) => (*d).to_owned(),
            Case::External(_, argv) => format!("`{}` > /dev/null", argv.join(" ")),
        }
    }
}

/// In-process cases per family: (name, description).
fn our_cases(f: Family) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![
        ("(a) raw", "receive, walk message headers only"),
        ("attr-walk", "raw + walk every attribute header"),
    ];
    match f {
        Family::Route4 | Family::Route6 => {
            v.push(("(b) derive 4-field", "Route4 {dst, dst_len, oif, table}"));
            v.push((
                "(b) tokio 4-field",
                "same on AsyncSocket, current-thread runtime",
            ));
            v.push((
                "(b) op Socket::for_each",
                "Route4Dump op on the blocking driver (borrowed items)",
            ));
            v.push((
                "(b) op Connection::for_each",
                "same op on the shared async Connection, current-thread runtime",
            ));
            v.push((
                "(b) op DumpIter owned",
                "same op, blocking Iterator of owned Route4",
            ));
            v.push((
                "(b) op DumpStream owned",
                "same op, async Stream of owned Route4 (Connection::dump)",
            ));
            v.push(("(c) derive full", "RouteFull: header + every RTA_*"));
            v.push(("collect 4-field Vec", "Vec<Route4> of the whole dump"));
            v.push((
                "(d) rtnl for_each_route",
                "Handle::for_each_route, borrowed RouteRef",
            ));
            v.push(("(d) rtnl routes() Vec", "Handle::routes: Vec<Route>, owned"));
            v.push((
                "(f) netlink-packet-route",
                "RouteMessage::parse per message",
            ));
            v.push(("(f) npr collect Vec", "Vec<RouteMessage> of the whole dump"));
        }
        Family::Neigh => {
            v.push(("(b) derive", "Neigh {ifindex, state, dst, lladdr}"));
            v.push(("(b) tokio", "same on AsyncSocket"));
            v.push((
                "(d) rtnl neighbours() Vec",
                "Handle::neighbours: Vec<Neighbour>, owned",
            ));
            v.push((
                "(f) netlink-packet-route",
                "NeighbourMessage::parse per message",
            ));
            v.push((
                "(f) npr collect Vec",
                "Vec<NeighbourMessage> of the whole dump",
            ));
        }
        Family::Link => {
            v.push((
                "(b) derive",
                "Link {index, flags, ifname, mtu, address, operstate}",
            ));
            v.push(("(b) tokio", "same on AsyncSocket"));
            v.push(("(d) rtnl links() Vec", "Handle::links: Vec<Link>, owned"));
            v.push(("(f) netlink-packet-route", "LinkMessage::parse per message"));
            v.push(("(f) npr collect Vec", "Vec<LinkMessage> of the whole dump"));
        }
        Family::TcClass => return tc::cases(),
        Family::Requests => {
            return vec![
                (
                    "blocking, handle per thread",
                    "100 threads, each its own rtnl::Handle",
                ),
                (
                    "async shared handle, 2 workers",
                    "100 tasks on one AsyncHandle, multi-thread runtime (2 workers)",
                ),
                (
                    "async shared handle, 1 thread",
                    "100 tasks on one AsyncHandle, current-thread runtime",
                ),
                (
                    "blocking, one handle, sequential",
                    "one thread, one Handle, one request after the other",
                ),
            ]
        }
    }
    v
}

/// Tasks (or threads) of the concurrent-requests cases.
const REQUEST_TASKS: u64 = 100;

/// Runs `total` small requests (`RTM_GETLINK` of `lo`, answered by one message) as the case
/// says: (requests, time, checksum). Sockets are opened and the runtime started before the
/// clock starts.
fn requests_case(case: &str, total: u64) -> Res<(u64, Measured, u64)> {
    use netlink_runtime::rtnl::{AsyncHandle, Handle};
    let per = total / REQUEST_TASKS;
    match case {
        "blocking, handle per thread" => {
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(REQUEST_TASKS as usize + 1));
            let mut threads = Vec::new();
            for _ in 0..REQUEST_TASKS {
                let mut h = Handle::new()?;
                let b = barrier.clone();
                threads.push(std::thread::spawn(move || -> Result<u64, Error> {
                    b.wait();
                    let mut acc = 0u64;
                    for _ in 0..per {
                        acc += u64::from(h.link_by_index(1)?.mtu().unwrap_or(0) > 0);
                    }
                    Ok(acc)
                }));
            }
            let t = Timer::start();
            barrier.wait();
            let mut acc = 0;
            for th in threads {
                acc += th.join().map_err(|_| "request thread panicked")??;
            }
            Ok((per * REQUEST_TASKS, t.elapsed(), acc))
        }
        "blocking, one handle, sequential" => {
            let mut h = Handle::new()?;
            let t = Timer::start();
            let mut acc = 0u64;
            for _ in 0..per * REQUEST_TASKS {
                acc += u64::from(h.link_by_index(1)?.mtu().unwrap_or(0) > 0);
            }
            Ok((per * REQUEST_TASKS, t.elapsed(), acc))
        }
        "async shared handle, 2 workers" | "async shared handle, 1 thread" => {
            let rt = if case.ends_with("2 workers") {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_io()
                    .build()?
            } else {
                tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .build()?
            };
            rt.block_on(async {
                let h = AsyncHandle::new()?;
                // Open the pool's sockets before the clock starts.
                let warm: Vec<_> = (0..16)
                    .map(|_| {
                        let h = h.clone();
                        tokio::spawn(async move { h.link_by_index(1).await.map(drop) })
                    })
                    .collect();
                for w in warm {
                    w.await??;
                }
                let t = Timer::start();
                let tasks: Vec<_> = (0..REQUEST_TASKS)
                    .map(|_| {
                        let h = h.clone();
                        tokio::spawn(async move {
                            let mut acc = 0u64;
                            for _ in 0..per {
                                acc += u64::from(h.link_by_index(1).await?.mtu().unwrap_or(0) > 0);
                            }
                            Ok::<u64, Error>(acc)
                        })
                    })
                    .collect();
                let mut acc = 0;
                for task in tasks {
                    acc += task.await??;
                }
                Ok((per * REQUEST_TASKS, t.elapsed(), acc))
            })
        }
        other => Err(format!("unknown case {other:?} for requests").into()),
    }
}

// ----------------------------------------------------------------------------------------------
// The child: run one case once, print what it measured.

fn child_case(args: &[String]) -> Res<()> {
    let fam = args
        .first()
        .and_then(|s| Family::parse(s))
        .ok_or("__case: family")?;
    let case = args.get(1).ok_or("__case: case")?;
    let (items, m, check) = run_case(fam, case)?;
    let hwm = vm_hwm_kib();
    println!(
        "items={items} ns={} cpu_ns={} hwm_kib={hwm} check={check}",
        m.wall.as_nanos(),
        m.cpu.as_nanos()
    );
    Ok(())
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn open_sock() -> Result<Socket, Error> {
    Socket::open(Protocol::ROUTE)
}

/// Runs `case` once in this process (already in the namespace): (items, time, checksum).
fn run_case(fam: Family, case: &str) -> Res<(u64, Measured, u64)> {
    if fam == Family::TcClass {
        return tc::run_case(case);
    }
    if fam == Family::Requests {
        let total = std::env::var("NLBENCH_REQUESTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20_000);
        return requests_case(case, total);
    }
    let kind = fam.data_kind();
    let fixed = fam.fixed_len();
    let mut sock = open_sock()?;
    let mut req = fam.request();
    let mut n = 0u64;
    let mut acc = 0u64;
    let t = Timer::start();
    match case {
        "(a) raw" => {
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                n += u64::from(m.kind() == kind);
            }
        }
        "attr-walk" => {
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                n += u64::from(m.kind() == kind);
                for a in m.attrs(fixed)? {
                    acc = acc.wrapping_add(u64::from(a?.kind()));
                }
            }
        }
        "(b) derive 4-field" => {
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                let r = Route4::from_message(&m)?;
                acc = fold_route4(acc, &r);
                n += 1;
            }
        }
        "(c) derive full" => {
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                let r = RouteFull::from_message(&m)?;
                acc = fold_route_full(acc, &r);
                n += 1;
            }
        }
        "collect 4-field Vec" => {
            let mut v: Vec<Route4> = Vec::new();
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                v.push(Route4::from_message(&m)?);
            }
            n = v.len() as u64;
            acc = v.iter().fold(0, fold_route4);
        }
        "(b) derive" if fam == Family::Neigh => {
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                let x = Neigh::from_message(&m)?;
                acc = acc
                    .wrapping_add(x.dst.map_or(0, |a| a.is_ipv4() as u64))
                    .wrapping_add(x.lladdr.map_or(0, |m| u64::from(m.0[5])));
                n += 1;
            }
        }
        "(b) derive" if fam == Family::Link => {
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                let x = Link::from_message(&m)?;
                acc = acc
                    .wrapping_add(x.ifname.map_or(0, |s| s.len() as u64))
                    .wrapping_add(u64::from(x.mtu.unwrap_or(0)));
                n += 1;
            }
        }
        "(b) op Socket::for_each" => {
            let op = Route4Dump {
                family: route_family(fam),
            };
            sock.for_each(&op, |r| -> Result<(), Error> {
                acc = fold_route4(acc, &r);
                n += 1;
                Ok(())
            })?;
        }
        "(b) op DumpIter owned" => {
            let op = Route4Dump {
                family: route_family(fam),
            };
            for r in sock.dump_iter(op)? {
                acc = fold_route4(acc, &r?);
                n += 1;
            }
        }
        "(b) op Connection::for_each" | "(b) op DumpStream owned" => {
            drop(sock);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()?;
            let op = Route4Dump {
                family: route_family(fam),
            };
            return rt.block_on(async {
                let conn = netlink_runtime::tokio::Connection::new(Protocol::ROUTE)?;
                let t = Timer::start();
                if case == "(b) op Connection::for_each" {
                    conn.for_each(&op, |r| -> Result<(), Error> {
                        acc = fold_route4(acc, &r);
                        n += 1;
                        Ok(())
                    })
                    .await?;
                } else {
                    use futures::StreamExt;
                    let mut s = conn.dump(op).await?;
                    while let Some(r) = s.next().await {
                        acc = fold_route4(acc, &r?);
                        n += 1;
                    }
                }
                Ok((n, t.elapsed(), acc))
            });
        }
        "(b) tokio 4-field" | "(b) tokio" => {
            drop(sock);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()?;
            let t = Timer::start();
            let (n, acc) = rt.block_on(tokio_case(fam))?;
            return Ok((n, t.elapsed(), acc));
        }
        "(f) netlink-packet-route" => {
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                let p = m.payload();
                acc = acc.wrapping_add(match fam {
                    Family::Route4 | Family::Route6 => {
                        use netlink_packet_route::route::{RouteMessage, RouteMessageBuffer};
                        let r = RouteMessage::parse(&RouteMessageBuffer::new(&p))?;
                        r.attributes.len() as u64
                    }
                    Family::Neigh => {
                        use netlink_packet_route::neighbour::{
                            NeighbourMessage, NeighbourMessageBuffer,
                        };
                        let r = NeighbourMessage::parse(&NeighbourMessageBuffer::new(&p))?;
                        r.attributes.len() as u64
                    }
                    Family::Link | Family::Requests | Family::TcClass => {
                        use netlink_packet_route::link::{LinkMessage, LinkMessageBuffer};
                        let r = LinkMessage::parse(&LinkMessageBuffer::new(&p))?;
                        r.attributes.len() as u64
                    }
                });
                n += 1;
            }
        }
        "(d) rtnl for_each_route" => {
            drop(sock);
            let mut h = netlink_runtime::rtnl::Handle::new()?;
            let filter = rtnl_filter(fam);
            let t = Timer::start();
            h.for_each_route(&filter, |r| {
                n += 1;
                acc = acc
                    .wrapping_add(u64::from(r.dst_len))
                    .wrapping_add(u64::from(r.oif.unwrap_or(0)) + u64::from(r.table()));
                Ok(())
            })?;
            return Ok((n, t.elapsed(), acc));
        }
        "(d) rtnl routes() Vec" => {
            drop(sock);
            let mut h = netlink_runtime::rtnl::Handle::new()?;
            let filter = rtnl_filter(fam);
            let t = Timer::start();
            let v = h.routes(&filter)?;
            n = v.len() as u64;
            acc = v.iter().map(|r| u64::from(r.dst_len())).sum();
            return Ok((n, t.elapsed(), acc));
        }
        "(d) rtnl neighbours() Vec" | "(d) rtnl links() Vec" => {
            drop(sock);
            let mut h = netlink_runtime::rtnl::Handle::new()?;
            let t = Timer::start();
            if fam == Family::Neigh {
                let v = h.neighbours()?;
                n = v.len() as u64;
                acc = v.iter().map(|r| u64::from(r.ifindex())).sum();
            } else {
                let v = h.links()?;
                n = v.len() as u64;
                acc = v.iter().map(|l| u64::from(l.index())).sum();
            }
            return Ok((n, t.elapsed(), acc));
        }
        "(f) npr collect Vec" => {
            use netlink_packet_route::link::{LinkMessage, LinkMessageBuffer};
            use netlink_packet_route::neighbour::{NeighbourMessage, NeighbourMessageBuffer};
            use netlink_packet_route::route::{RouteMessage, RouteMessageBuffer};
            let (mut routes, mut neighbours, mut links) = (Vec::new(), Vec::new(), Vec::new());
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                let p = m.payload();
                match fam {
                    Family::Neigh => {
                        neighbours.push(NeighbourMessage::parse(&NeighbourMessageBuffer::new(&p))?)
                    }
                    Family::Link => links.push(LinkMessage::parse(&LinkMessageBuffer::new(&p))?),
                    _ => routes.push(RouteMessage::parse(&RouteMessageBuffer::new(&p))?),
                }
            }
            n = (routes.len() + neighbours.len() + links.len()) as u64;
            acc = routes
                .iter()
                .map(|r| r.attributes.len() as u64)
                .sum::<u64>()
                + neighbours
                    .iter()
                    .map(|r| r.attributes.len() as u64)
                    .sum::<u64>()
                + links.iter().map(|r| r.attributes.len() as u64).sum::<u64>();
        }
        other => return Err(format!("unknown case {other:?} for {}", fam.name()).into()),
    }
    Ok((n, t.elapsed(), acc))
}

/// `AF_INET` or `AF_INET6` for a route family.
fn route_family(fam: Family) -> u8 {
    if fam == Family::Route6 {
        AF_INET6
    } else {
        AF_INET
    }
}

/// Every table of the family, like the raw dump.
fn rtnl_filter(fam: Family) -> netlink_runtime::rtnl::RouteFilter {
    let af = if fam == Family::Route6 {
        AF_INET6
    } else {
        AF_INET
    };
    netlink_runtime::rtnl::RouteFilter::all_tables().family(af)
}

async fn tokio_case(fam: Family) -> Res<(u64, u64)> {
    let mut sock = netlink_runtime::tokio::AsyncSocket::open(Protocol::ROUTE)?;
    let mut req = fam.request();
    let mut d = sock.dump(&mut req).await?;
    let (mut n, mut acc) = (0u64, 0u64);
    while let Some(m) = d.next().await? {
        match fam {
            Family::Route4 | Family::Route6 => {
                acc = fold_route4(acc, &Route4::from_message(&m)?);
            }
            Family::Neigh => {
                let x = Neigh::from_message(&m)?;
                acc = acc.wrapping_add(x.lladdr.map_or(0, |m| u64::from(m.0[5])));
            }
            Family::Link | Family::Requests | Family::TcClass => {
                let x = Link::from_message(&m)?;
                acc = acc.wrapping_add(x.ifname.map_or(0, |s| s.len() as u64));
            }
        }
        n += 1;
    }
    Ok((n, acc))
}

// ----------------------------------------------------------------------------------------------
// The namespace and filling it.

/// A private namespace, deleted on drop.
struct Netns {
    name: String,
    fd: OwnedFd,
    /// Neighbour gc thresholds to restore (the neighbour table is shared by all namespaces).
    gc_saved: Vec<(String, String)>,
}

impl Netns {
    fn create() -> Res<Netns> {
        Netns::create_named(format!("nlbench-{}", std::process::id()))
    }

    fn create_named(name: String) -> Res<Netns> {
        sh(Command::new("ip").args(["netns", "add", &name]))?;
        let fd = match netns::open(NetnsRef::Name(&name)) {
            Ok(fd) => fd,
            Err(e) => {
                let _ = Command::new("ip").args(["netns", "del", &name]).status();
                return Err(e.into());
            }
        };
        Ok(Netns {
            name,
            fd,
            gc_saved: Vec::new(),
        })
    }

    fn ip(&self, args: &[&str]) -> Res<()> {
        sh(Command::new("ip").arg("-n").arg(&self.name).args(args))
    }

    fn socket(&self) -> Res<Socket> {
        Ok(Socket::builder(Protocol::ROUTE)
            .so_rcvbuf(32 << 20)
            .open_in_netns(NetnsRef::Name(&self.name))?)
    }

    /// A command that enters the namespace between fork and exec.
    fn command(&self, prog: &Path) -> Command {
        let mut c = Command::new(prog);
        let fd = self.fd.as_raw_fd();
        // SAFETY: between fork and exec we only call setns(2), which is async-signal-safe, on a
        // descriptor the parent keeps open for the child's whole life.
        unsafe {
            c.pre_exec(move || {
                if libc::setns(fd, libc::CLONE_NEWNET) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        c
    }

    fn set_sysctl(&mut self, key: &str, val: &str) -> Res<()> {
        let path = format!("/proc/sys/{}", key.replace('.', "/"));
        let old = netns::run_in_netns(NetnsRef::Name(&self.name), || {
            let old = std::fs::read_to_string(&path)?;
            std::fs::write(&path, val)?;
            Ok::<_, std::io::Error>(old)
        })??;
        self.gc_saved.push((path, old.trim().to_owned()));
        Ok(())
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        for (path, old) in self.gc_saved.iter().rev() {
            let _ = netns::run_in_netns(NetnsRef::Name(&self.name), || std::fs::write(path, old));
        }
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}

fn sh(c: &mut Command) -> Res<()> {
    let st = c.status()?;
    if !st.success() {
        return Err(format!("{c:?} failed: {st}").into());
    }
    Ok(())
}

fn ifindex(sock: &mut Socket, name: &str) -> Res<u32> {
    let mut found = None;
    let mut d = sock.dump(&mut Family::Link.request())?;
    while let Some(m) = d.next()? {
        let l = Link::from_message(&m)?;
        if l.ifname == Some(name) {
            found = Some(l.index as u32);
        }
    }
    found.ok_or_else(|| format!("no link {name}").into())
}

/// Sends `msgs` in batches of `per` (each message ACKed).
fn send_batched(
    sock: &mut Socket,
    count: u32,
    per: usize,
    mut make: impl FnMut(u32) -> MessageBuilder,
) -> Res<()> {
    let mut batch = Batch::new();
    for i in 0..count {
        batch.push(&make(i))?;
        if batch.len() == per {
            sock.request(&mut batch)?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        sock.request(&mut batch)?;
    }
    Ok(())
}

fn add_routes4(ns: &Netns, sock: &mut Socket, n: u32, oif: u32) -> Res<()> {
    send_batched(sock, n, 1000, |i| {
        // 10.0.0.0/8, /32 each: private, inside our namespace only, and never used to send.
        let dst = (10u32 << 24) + i;
        let mut r = MessageBuilder::new(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
        r.push_header_bytes(&[
            AF_INET,
            32,
            0,
            0,
            MAIN_TABLE,
            RTPROT_STATIC,
            RT_SCOPE_LINK,
            RTN_UNICAST,
            0,
            0,
            0,
            0,
        ]);
        r.attr(RTA_DST, &dst.to_be_bytes());
        r.attr_u32(RTA_OIF, oif);
        r
    })?;
    let _ = ns;
    Ok(())
}

fn add_routes6(sock: &mut Socket, n: u32, oif: u32) -> Res<()> {
    send_batched(sock, n, 1000, |i| {
        // 2001:db8::/32 (documentation prefix), /64 each.
        let mut dst = [0u8; 16];
        dst[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
        dst[4..8].copy_from_slice(&i.to_be_bytes());
        let mut r = MessageBuilder::new(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
        r.push_header_bytes(&[
            AF_INET6,
            64,
            0,
            0,
            MAIN_TABLE,
            RTPROT_STATIC,
            RT_SCOPE_UNIVERSE,
            RTN_UNICAST,
            0,
            0,
            0,
            0,
        ]);
        r.attr(RTA_DST, &dst);
        r.attr_u32(RTA_OIF, oif);
        r
    })
}

fn add_neighbours(sock: &mut Socket, n: u32, ifindex: u32) -> Res<()> {
    send_batched(sock, n, 1000, |i| {
        // 100.64.0.0/10, permanent entries with made-up locally administered MACs.
        let dst = (100u32 << 24) + (64 << 16) + i;
        let mut r = MessageBuilder::new(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL);
        let mut nd = [0u8; NDMSG_LEN];
        nd[0] = AF_INET;
        nd[4..8].copy_from_slice(&ifindex.to_ne_bytes());
        nd[8..10].copy_from_slice(&NUD_PERMANENT.to_ne_bytes());
        r.push_header_bytes(&nd);
        r.attr(NDA_DST, &dst.to_be_bytes());
        let b = i.to_be_bytes();
        r.attr(NDA_LLADDR, &[0x02, 0x00, b[0], b[1], b[2], b[3]]);
        r
    })
}

fn add_veth_pairs(ns: &Netns, n: u32) -> Res<()> {
    let mut script = String::new();
    for i in 0..n {
        let _ = writeln!(script, "link add nlbA{i} type veth peer name nlbB{i}");
    }
    let mut c = Command::new("ip")
        .args(["-n", &ns.name, "-batch", "-"])
        .stdin(Stdio::piped())
        .spawn()?;
    c.stdin
        .take()
        .ok_or("stdin")?
        .write_all(script.as_bytes())?;
    let st = c.wait()?;
    if !st.success() {
        return Err(format!("ip -batch (veth pairs) failed: {st}").into());
    }
    Ok(())
}

// ----------------------------------------------------------------------------------------------
// Measuring.

#[derive(Clone, Debug, Default)]
struct Sample {
    items: u64,
    /// Wall time of the dump as the case measured it (ours), or spawn to exit (external).
    dump: Duration,
    /// CPU time (user + system) of the dump (ours) or of the whole process (external).
    cpu: Duration,
    /// Peak RSS in KiB: the child's own VmHWM (ours) or wait4's ru_maxrss (external).
    rss_kib: u64,
}

fn spawn_measure(ns: &Netns, case: &Case, fam: Family, me: &Path) -> Res<Sample> {
    let mut cmd = match case {
        Case::Ours(name, _) => {
            let mut c = ns.command(me);
            c.args(["__case", fam.name(), name]);
            c.stdout(Stdio::piped());
            c
        }
        Case::External(_, argv) => {
            let mut c = ns.command(Path::new(&argv[0]));
            c.args(&argv[1..]);
            c.stdout(Stdio::null());
            c
        }
    };
    cmd.stdin(Stdio::null());
    let t = Instant::now();
    let mut child = cmd.spawn()?;
    let mut out = String::new();
    if let Some(mut so) = child.stdout.take() {
        so.read_to_string(&mut out)?;
    }
    let (status, ru) = wait4(child.id() as libc::pid_t)?;
    let wall = t.elapsed();
    if status != 0 {
        return Err(format!(
            "{} ({}) exited with status {status:#x}",
            case.label(),
            fam.name()
        )
        .into());
    }
    let mut s = Sample {
        dump: wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        rss_kib: ru.ru_maxrss as u64,
        items: 0,
    };
    for kv in out.split_whitespace() {
        match kv.split_once('=') {
            Some(("items", v)) => s.items = v.parse()?,
            Some(("ns", v)) => s.dump = Duration::from_nanos(v.parse()?),
            Some(("cpu_ns", v)) => s.cpu = Duration::from_nanos(v.parse()?),
            Some(("hwm_kib", v)) => s.rss_kib = v.parse()?,
            _ => {}
        }
    }
    Ok(s)
}

struct Row {
    label: String,
    desc: String,
    items: u64,
    dump: Duration,
    cpu: Duration,
    cpu_min: Duration,
    rss_kib: u64,
}

/// Times `cases` round-robin, in a rotating order, for `rounds` rounds (after one warm-up
/// round) and returns rows.
fn measure(ns: &Netns, fam: Family, cases: &[Case], rounds: usize, me: &Path) -> Res<Vec<Row>> {
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); cases.len()];
    for round in 0..=rounds {
        // Rotate the order each round so no case always runs right after the same one (an
        // external command with a big output, say).
        for k in 0..cases.len() {
            let i = (k + round) % cases.len();
            let c = &cases[i];
            let s = spawn_measure(ns, c, fam, me)?;
            if round > 0 {
                samples[i].push(s);
            }
        }
        eprint!(".");
    }
    eprintln!();
    Ok(cases
        .iter()
        .zip(samples)
        .map(|(c, s)| Row {
            label: c.label(),
            desc: c.desc(),
            items: s.iter().map(|x| x.items).max().unwrap_or(0),
            dump: median(s.iter().map(|x| x.dump).collect()),
            cpu: median(s.iter().map(|x| x.cpu).collect()),
            cpu_min: s.iter().map(|x| x.cpu).min().unwrap_or_default(),
            rss_kib: s.iter().map(|x| x.rss_kib).max().unwrap_or(0),
        })
        .collect())
}

fn table(title: &str, n: u64, rows: &[Row], notes: &str) -> String {
    let base = rows.first().map_or((1.0, 1.0, 1.0), |r| {
        (
            r.dump.as_secs_f64(),
            r.cpu.as_secs_f64().max(1e-9),
            r.cpu_min.as_secs_f64().max(1e-9),
        )
    });
    let mut s = format!(
        "\n#### {title}\n\n| case | what | wall | x (a) wall | CPU | CPU ns / item | x (a) CPU | best CPU x (a) | peak RSS |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    );
    for r in rows {
        let t = r.dump.as_secs_f64();
        let c = r.cpu.as_secs_f64();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.3} | {} | {:.0} | {:.3} | {:.3} | {:.1} MiB |",
            r.label,
            r.desc,
            fmt_dur(r.dump),
            t / base.0,
            fmt_dur(r.cpu),
            c * 1e9 / n.max(1) as f64,
            c / base.1,
            r.cpu_min.as_secs_f64() / base.2,
            r.rss_kib as f64 / 1024.0
        );
    }
    let counts: Vec<String> = rows
        .iter()
        .filter(|r| r.items > 0)
        .map(|r| format!("{}={}", r.label, r.items))
        .collect();
    let _ = writeln!(s, "\nitems seen: {}{notes}", counts.join(", "));
    s
}

/// The concurrent-requests table: requests per second, against the blocking handle per thread
/// (the first row).
fn request_table(title: &str, rows: &[Row]) -> String {
    let rate = |r: &Row| r.items as f64 / r.dump.as_secs_f64().max(1e-9);
    let base = rows.first().map_or(1.0, rate);
    let mut s = format!(
        "\n#### {title}\n\n| case | what | wall | requests/s | x per-thread handles | CPU | CPU µs / request | peak RSS |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.0} | {:.2} | {} | {:.2} | {:.1} MiB |",
            r.label,
            r.desc,
            fmt_dur(r.dump),
            rate(r),
            rate(r) / base,
            fmt_dur(r.cpu),
            r.cpu.as_secs_f64() * 1e6 / r.items.max(1) as f64,
            r.rss_kib as f64 / 1024.0
        );
    }
    s
}

/// `ipdump` (JSON) against `ip -j` in the same run, as ratios (the figure the issue's target is
/// stated in), for the notes under a table.
fn ipdump_vs_ip(rows: &[Row]) -> String {
    let Some(ip) = rows.iter().find(|r| r.label.starts_with("(e) ip ")) else {
        return String::new();
    };
    let mut s = String::new();
    for r in rows.iter().filter(|r| r.label.ends_with("(JSON)")) {
        let _ = write!(
            s,
            "\n{} / ip -j: CPU {:.3} (best {:.3}), wall {:.3}, peak RSS {:.1} / {:.1} MiB",
            r.label.trim_start_matches("(e) "),
            r.cpu.as_secs_f64() / ip.cpu.as_secs_f64().max(1e-9),
            r.cpu_min.as_secs_f64() / ip.cpu_min.as_secs_f64().max(1e-9),
            r.dump.as_secs_f64() / ip.dump.as_secs_f64().max(1e-9),
            r.rss_kib as f64 / 1024.0,
            ip.rss_kib as f64 / 1024.0,
        );
    }
    s
}

// ----------------------------------------------------------------------------------------------
// `run` and `record`.

struct Opts {
    routes: u32,
    routes6: u32,
    neigh: u32,
    links: u32,
    tc_classes: u32,
    tc_filters: u32,
    requests: u32,
    rounds: usize,
    /// `ipdump` binaries (the first is the one measured; more, such as an older build, are
    /// measured beside it in the same rounds).
    ipdump: Vec<PathBuf>,
    /// Only (a) and the external commands (the quick way to compare ipdump with `ip -j`).
    external_only: bool,
    record: Option<PathBuf>,
    markdown: Option<PathBuf>,
}

fn parse_opts(args: &[String]) -> Res<Opts> {
    let mut o = Opts {
        routes: 0,
        routes6: 0,
        neigh: 0,
        links: 0,
        tc_classes: 0,
        tc_filters: 0,
        requests: 0,
        rounds: 5,
        ipdump: Vec::new(),
        external_only: false,
        record: None,
        markdown: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--routes" => o.routes = val()?.parse()?,
            "--routes6" => o.routes6 = val()?.parse()?,
            "--neigh" => o.neigh = val()?.parse()?,
            "--links" => o.links = val()?.parse()?,
            "--tc-classes" => o.tc_classes = val()?.parse()?,
            "--tc-filters" => o.tc_filters = val()?.parse()?,
            "--requests" => o.requests = val()?.parse()?,
            "--rounds" => o.rounds = val()?.parse()?,
            "--ipdump" => o.ipdump.push(val()?.into()),
            "--external-only" => o.external_only = true,
            "--record" | "-o" => o.record = Some(val()?.into()),
            "--markdown" => o.markdown = Some(val()?.into()),
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    Ok(o)
}

fn need_root() -> Res<()> {
    if !netns::is_root() {
        return Err("needs root (it builds a private network namespace)".into());
    }
    Ok(())
}

fn external_cases(fam: Family, ipdump: &[PathBuf]) -> Vec<Case> {
    let mut v = Vec::new();
    for (i, p) in ipdump.iter().enumerate() {
        // A second binary (an older build) gets its number in the label.
        let tag = if i == 0 {
            String::new()
        } else {
            format!(" #{}", i + 1)
        };
        let p = p.display().to_string();
        let mut count = vec![p.clone(), "--count".to_owned()];
        count.extend(fam.ipdump_obj().iter().map(|s| (*s).to_owned()));
        v.push(Case::External(
            format!("(e) ipdump{tag} --count {}", fam.ipdump_obj().join(" ")),
            count,
        ));
        let mut json = vec![p];
        json.extend(fam.ipdump_obj().iter().map(|s| (*s).to_owned()));
        v.push(Case::External(
            format!("(e) ipdump{tag} {} (JSON)", fam.ipdump_obj().join(" ")),
            json,
        ));
    }
    let tool = if fam == Family::TcClass { "tc" } else { "ip" };
    let mut ip = vec![format!("/usr/sbin/{tool}")];
    ip.extend(fam.ip_args().iter().map(|s| (*s).to_owned()));
    v.push(Case::External(
        format!("(e) {tool} {}", fam.ip_args().join(" ")),
        ip,
    ));
    if fam == Family::TcClass && pyroute2_available() {
        let script =
            std::env::temp_dir().join(format!("nlbench-pyroute2-{}.py", std::process::id()));
        if std::fs::write(&script, tc::PYROUTE2).is_ok() {
            v.push(Case::External(
                "(f) pyroute2 get_classes".to_owned(),
                vec![
                    "/usr/bin/env".into(),
                    "python3".into(),
                    script.display().to_string(),
                ],
            ));
        }
    }
    v
}

fn run(args: &[String]) -> Res<()> {
    need_root()?;
    let o = parse_opts(args)?;
    let me = std::env::current_exe()?;
    let mut ns = Netns::create()?;
    eprintln!("namespace {}", ns.name);
    let mut out = String::new();
    let mut sock = ns.socket()?;
    ns.ip(&["link", "set", "lo", "up"])?;

    let mut jobs: Vec<(Family, u32, String)> = Vec::new();
    if o.routes > 0 || o.routes6 > 0 {
        ns.ip(&["link", "add", "nlb0", "type", "ifb"])?;
        ns.ip(&["link", "set", "nlb0", "up"])?;
        let oif = ifindex(&mut sock, "nlb0")?;
        if o.routes > 0 {
            let t = Instant::now();
            add_routes4(&ns, &mut sock, o.routes, oif)?;
            let note = format!("built in {:.1} s", t.elapsed().as_secs_f64());
            eprintln!("{} IPv4 routes {note}", o.routes);
            jobs.push((Family::Route4, o.routes, note));
        }
        if o.routes6 > 0 {
            let t = Instant::now();
            add_routes6(&mut sock, o.routes6, oif)?;
            let note = format!("built in {:.1} s", t.elapsed().as_secs_f64());
            eprintln!("{} IPv6 routes {note}", o.routes6);
            jobs.push((Family::Route6, o.routes6, note));
        }
    }
    if o.neigh > 0 {
        // The gc thresholds belong to the neighbour table, which only the initial namespace
        // exposes (there is no neigh/default in other namespaces): raise them where the
        // namespace has them, never on the host. Permanent entries are not garbage-collected
        // nor counted against gc_thresh3 on current kernels, so 100k of them fit either way.
        let hi = (o.neigh.saturating_mul(2)).max(1024).to_string();
        let mut gc_note = String::new();
        for (k, v) in [
            ("1", o.neigh.to_string()),
            ("2", hi.clone()),
            ("3", hi.clone()),
        ] {
            if let Err(e) = ns.set_sysctl(&format!("net.ipv4.neigh.default.gc_thresh{k}"), &v) {
                gc_note = format!(", gc_thresh not settable in the namespace ({e}): left alone");
            }
        }
        ns.ip(&[
            "link", "add", "nlv0", "type", "veth", "peer", "name", "nlv1",
        ])?;
        ns.ip(&["link", "set", "nlv0", "up"])?;
        ns.ip(&["link", "set", "nlv1", "up"])?;
        let idx = ifindex(&mut sock, "nlv0")?;
        let t = Instant::now();
        add_neighbours(&mut sock, o.neigh, idx)?;
        let note = format!("built in {:.1} s{gc_note}", t.elapsed().as_secs_f64());
        eprintln!("{} neighbours {note}", o.neigh);
        jobs.push((Family::Neigh, o.neigh, note));
    }
    // The links get a namespace of their own: `ip` and `ipdump` dump the links to print device
    // names, and 20k links would weigh on the route and neighbour cases.
    let mut links_ns = None;
    if o.links > 0 {
        let lns = Netns::create_named(format!("nlbench-{}-links", std::process::id()))?;
        lns.ip(&["link", "set", "lo", "up"])?;
        let t = Instant::now();
        add_veth_pairs(&lns, o.links)?;
        let mut n = 0u32;
        let mut lsock = lns.socket()?;
        let mut d = lsock.dump(&mut Family::Link.request())?;
        while d.next()?.is_some() {
            n += 1;
        }
        links_ns = Some(lns);
        let note = format!(
            "{} veth pairs, {n} links in all, built in {:.1} s",
            o.links,
            t.elapsed().as_secs_f64()
        );
        eprintln!("{note}");
        jobs.push((Family::Link, n, note));
    }
    // tc: one ifb device in a namespace of its own (the class dump is per device anyway, and
    // 20k filters would weigh on nothing else).
    let mut tc_ns = None;
    if o.tc_classes > 0 {
        let tns = Netns::create_named(format!("nlbench-{}-tc", std::process::id()))?;
        tns.ip(&["link", "add", tc::DEV, "type", "ifb"])?;
        let t = Instant::now();
        netns::run_in_netns(NetnsRef::Name(&tns.name), || {
            tc::build(o.tc_classes, o.tc_filters).map_err(|e| e.to_string())
        })?
        .map_err(|e| format!("building the tc scene: {e}"))?;
        let note = format!(
            "{} htb classes with pfifo leaves and {} u32 filters on one ifb device, built with our API in {:.1} s",
            o.tc_classes,
            o.tc_filters,
            t.elapsed().as_secs_f64()
        );
        eprintln!("{note}");
        jobs.push((Family::TcClass, o.tc_classes + 1, note));
        tc_ns = Some(tns);
    }
    drop(sock);
    if o.requests > 0 {
        // The children read the count from the environment (the case protocol passes names).
        std::env::set_var("NLBENCH_REQUESTS", o.requests.to_string());
        let note = format!(
            "{} requests in all, {REQUEST_TASKS} tasks or threads",
            o.requests
        );
        jobs.push((Family::Requests, o.requests, note));
    }

    if let Some(path) = &o.record {
        let n = record_dump(&ns, path)?;
        eprintln!(
            "recorded the IPv4 route dump ({n} bytes) to {}",
            path.display()
        );
    }

    for (fam, n, note) in jobs {
        let mut cases: Vec<Case> = our_cases(fam)
            .into_iter()
            .filter(|(name, _)| !o.external_only || *name == "(a) raw")
            .map(|(a, b)| Case::Ours(a, b))
            .collect();
        if fam != Family::Requests {
            cases.extend(external_cases(fam, &o.ipdump));
        }
        eprint!(
            "measuring {} ({} cases x {} rounds)",
            fam.name(),
            cases.len(),
            o.rounds
        );
        let in_ns = match (&links_ns, &tc_ns, fam) {
            (Some(l), _, Family::Link) => l,
            (_, Some(t), Family::TcClass) => t,
            _ => &ns,
        };
        let rows = measure(in_ns, fam, &cases, o.rounds, &me)?;
        let title = match fam {
            Family::Route4 => format!("IPv4 routes: {n} /32 routes on one ifb device ({note})"),
            Family::Route6 => format!("IPv6 routes: {n} /64 routes on one ifb device ({note})"),
            Family::Neigh => {
                format!("Neighbours: {n} permanent IPv4 neighbours on a veth ({note})")
            }
            Family::Link => format!("Links: {note}"),
            Family::TcClass => format!("tc classes with statistics: {n} classes ({note})"),
            Family::Requests => {
                format!("Concurrent small requests (RTM_GETLINK of lo, one reply each): {note}")
            }
        };
        let row = |l: &str| rows.iter().find(|r| r.label.starts_with(l));
        let notes = match (
            fam,
            row("poll"),
            row("parse-only ClassStat"),
            row("parse-only walk"),
            row("(a) raw"),
        ) {
            (Family::TcClass, Some(p), Some(pc), Some(pw), Some(a)) => {
                let per = |r: &Row| r.cpu.as_secs_f64() * 1e9 / r.items.max(1) as f64;
                let extra = (per(pc) - per(pw)).max(0.0);
                let raw = a.cpu.as_secs_f64() * 1e9 / a.items.max(1) as f64;
                format!(
                    "\n\npolling: {} CPU per poll of {n} classes (median of the runs of {} polls, 30 ms apart)\n\nparse-only: ClassStat {:.0} ns per class, header walk {:.0} ns: decoding adds {:.0} ns per class to the {:.0} ns the raw dump costs, {:.3} x (a)",
                    fmt_dur(p.cpu / tc::POLLS as u32),
                    tc::POLLS,
                    per(pc),
                    per(pw),
                    extra,
                    raw,
                    (raw + extra) / raw
                )
            }
            _ => String::new(),
        };
        let t = if fam == Family::Requests {
            request_table(&title, &rows)
        } else {
            table(
                &title,
                u64::from(n),
                &rows,
                &format!("{}{notes}", ipdump_vs_ip(&rows)),
            )
        };
        print!("{t}");
        std::io::stdout().flush()?;
        out.push_str(&t);
    }
    if let Some(md) = &o.markdown {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(md)?;
        f.write_all(out.as_bytes())?;
    }
    Ok(())
}

/// Writes the raw datagrams of one IPv4 route dump (u32 length + bytes each) to `path`.
fn record_dump(ns: &Netns, path: &Path) -> Res<usize> {
    let sock = ns.socket()?;
    let mut req = Family::Route4.request();
    let bytes = req.as_bytes_mut()?;
    // Stamp by hand: flags, seq 1, our port id.
    let flags = NLM_F_REQUEST | NLM_F_DUMP;
    bytes[6..8].copy_from_slice(&flags.to_ne_bytes());
    bytes[8..12].copy_from_slice(&1u32.to_ne_bytes());
    bytes[12..16].copy_from_slice(&sock.port_id().to_ne_bytes());
    sock.send_raw(bytes)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        // SAFETY: `buf` is live and writable for its whole length.
        let r = unsafe { libc::recv(sock.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if r < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e.into());
        }
        let d = &buf[..r as usize];
        out.extend_from_slice(&(d.len() as u32).to_ne_bytes());
        out.extend_from_slice(d);
        let mut done = false;
        for m in netlink_runtime::Messages::new(d) {
            let m = m?;
            done |= m.kind() == NLMSG_DONE || m.kind() == NLMSG_ERROR;
        }
        if done {
            break;
        }
    }
    std::fs::write(path, &out)?;
    Ok(out.len())
}

fn record_cmd(args: &[String]) -> Res<()> {
    need_root()?;
    let o = parse_opts(args)?;
    let path = o.record.ok_or("record: -o FILE")?;
    let n = if o.routes == 0 { 1_000_000 } else { o.routes };
    let ns = Netns::create()?;
    let mut sock = ns.socket()?;
    ns.ip(&["link", "add", "nlb0", "type", "ifb"])?;
    ns.ip(&["link", "set", "nlb0", "up"])?;
    let oif = ifindex(&mut sock, "nlb0")?;
    add_routes4(&ns, &mut sock, n, oif)?;
    drop(sock);
    let bytes = record_dump(&ns, &path)?;
    eprintln!("recorded {n} routes ({bytes} bytes) to {}", path.display());
    Ok(())
}

fn parse_cmd(args: &[String]) -> Res<()> {
    let file = std::fs::read(args.first().ok_or("parse: FILE")?)?;
    let which = args.get(1).map(String::as_str).unwrap_or("route4");
    let passes: u32 = args.get(2).map_or(Ok(1), |s| s.parse())?;
    let dgs = netlink_bench::datagrams(&file);
    let t = Instant::now();
    let (mut n, mut acc) = (0u64, 0u64);
    // "rtnl-owned": the owned collect of `Handle::routes` from memory (a Vec per pass).
    let mut owned: Vec<netlink_runtime::rtnl::Route> = Vec::new();
    for _ in 0..passes {
        owned = Vec::new();
        netlink_bench::for_each_route_message(&dgs, |m| {
            n += 1;
            acc = match which {
                "rtnl-ref" => netlink_runtime::rtnl::RouteRef::from_message(m).map_or(acc, |r| {
                    acc.wrapping_add(u64::from(r.dst_len) + u64::from(r.oif.unwrap_or(0)))
                        .wrapping_add(u64::from(r.table()))
                }),
                "rtnl-convert" => netlink_runtime::rtnl::RouteRef::from_message(m)
                    .map_err(netlink_runtime::Error::from)
                    .and_then(|r| netlink_runtime::rtnl::Route::try_from(&r))
                    .map_or(acc, |r| {
                        acc.wrapping_add(u64::from(r.dst_len()) + u64::from(r.table()))
                    }),
                "rtnl-owned" => {
                    use netlink_runtime::op::DumpOwned;
                    let op = netlink_runtime::rtnl::RouteDump::new(
                        netlink_runtime::rtnl::RouteFilter::all_tables(),
                    );
                    match op.decode_owned(m) {
                        Ok(Some(r)) => {
                            owned.push(r);
                            acc.wrapping_add(1)
                        }
                        _ => acc,
                    }
                }
                "walk" => acc.wrapping_add(m.payload().len() as u64),
                "full" => RouteFull::from_message(m).map_or(acc, |r| fold_route_full(acc, &r)),
                "full-lazy" => netlink_bench::RouteFullLazy::from_message(m).map_or(acc, |r| {
                    acc.wrapping_add(u64::from(r.dst_len) + u64::from(r.oif.unwrap_or(0)))
                        .wrapping_add(r.cacheinfo.map_or(0, |c| u64::from(c.rta_used)))
                        .wrapping_add(u64::from(r.table.unwrap_or(0)))
                }),
                "npr" => {
                    use netlink_packet_route::route::{RouteMessage, RouteMessageBuffer};
                    let p = m.payload();
                    RouteMessage::parse(&RouteMessageBuffer::new(&p))
                        .map_or(acc, |r| acc.wrapping_add(r.attributes.len() as u64))
                }
                _ => Route4::from_message(m).map_or(acc, |r| fold_route4(acc, &r)),
            };
        });
    }
    let e = t.elapsed();
    acc = acc.wrapping_add(owned.len() as u64);
    println!(
        "{which}: {n} messages in {e:?}, {:.1} ns/message [{acc}]",
        e.as_secs_f64() * 1e9 / n.max(1) as f64
    );
    Ok(())
}
