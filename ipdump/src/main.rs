//! `ipdump`: print links, addresses, routes, neighbours, rules or nexthops as `ip -j` does,
//! qdiscs, classes, filters and actions as `tc -j` does, or follow changes with `monitor`
//! (one JSON object per line); the nf_tables ruleset as `nft -j` does, conntrack entries and
//! ipsets as their tools' XML, in JSON.
//!
//! Dumps stream: each message is decoded into a borrowed struct and its JSON written to a
//! buffered stdout before the next is read; `--count` writes nothing per object.

use std::io::{BufWriter, ErrorKind, Write};
use std::os::fd::AsFd;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, ValueEnum};
use ipdump::json::{self, DumpOptions, LinkNames, Object, Style};
use ipdump::names;
use netlink_runtime::rtnl::{
    Error, Events, Handle, NeighbourState, TableFilter, AF_INET, AF_INET6, ALL_GROUPS,
};
use netlink_runtime::tc as ipdump_tc;

/// Dump the kernel's network objects as `ip -j` prints them, through lazy netlink parsers.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    /// What to print.
    #[arg(value_enum)]
    object: What,
    /// What `route get` and `netns list` take: `route get ADDR [from ADDR] [iif DEV]
    /// [oif DEV] [vrf NAME] [mark N] [uid N] [tos TOS] [ipproto PROTO] [sport N] [dport N]
    /// [fibmatch]`,
    /// `netns [list | list-id]`.
    #[arg(value_name = "ARGS", trailing_var_arg = true)]
    args: Vec<String>,
    /// Only IPv4.
    #[arg(short = '4', conflicts_with = "ipv6")]
    ipv4: bool,
    /// Only IPv6.
    #[arg(short = '6')]
    ipv6: bool,
    /// Routes of this table (a number, `main`, `local`, `default`, or `all`).
    #[arg(long, value_name = "ID|all", value_parser = parse_table)]
    table: Option<TableFilter>,
    /// Only objects of this device.
    #[arg(long, value_name = "NAME")]
    dev: Option<String>,
    /// Print only the number of objects.
    #[arg(short, long)]
    count: bool,
    /// Indent the JSON as `ip -j -p` does.
    #[arg(short, long)]
    pretty: bool,
    /// Statistics: link counters (`ip -s link`; twice for the error counters), route cache
    /// use counts, FDB ages (`bridge -s fdb`), qdisc, class, filter and action counters
    /// (`tc -s`).
    #[arg(short = 's', long = "stats", action = clap::ArgAction::Count)]
    stats: u8,
    /// FDB entries of this bridge (`bridge fdb show br NAME`).
    #[arg(long, value_name = "NAME")]
    br: Option<String>,
    /// FDB entries of this VLAN (`bridge fdb show vlan VID`).
    #[arg(long, value_name = "VID")]
    vlan: Option<u16>,
    /// FDB entries in this state: `permanent`, `static`, `reachable` (or `dynamic`), `stale`,
    /// or a number; may be given more than once (`bridge fdb show state ...`).
    #[arg(long, value_name = "STATE", value_parser = parse_fdb_state)]
    state: Vec<NeighbourState>,
    /// Filters of this parent (`1:`, `ffff:`, `root`, `ingress`, `egress`).
    #[arg(long, value_name = "HANDLE")]
    parent: Option<String>,
    /// Actions of this kind (`ipdump action --kind mirred`).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Work in the network namespace `ip netns` calls NAME.
    #[arg(short, long, value_name = "NAME")]
    netns: Option<String>,
    // Options that change what an object prints (`-s` for link statistics, `-d` for more
    // details) go here and into `DumpOptions`, read by the object's dump in `json::dump`.
}

/// The objects `ipdump` prints.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    /// Links (`ip -j -d link show`).
    #[value(alias = "l")]
    Link,
    /// Addresses (`ip -j addr show`).
    #[value(alias = "a", alias = "address")]
    Addr,
    /// Routes (`ip -j route show`).
    #[value(alias = "r")]
    Route,
    /// Neighbours (`ip -j neigh show`).
    #[value(alias = "n", alias = "neighbour", alias = "neighbor")]
    Neigh,
    /// Policy routing rules (`ip -j rule show`).
    #[value(alias = "ru")]
    Rule,
    /// Nexthop objects (`ip -j nexthop show`).
    #[value(alias = "nh")]
    Nexthop,
    /// The bridge forwarding database (`bridge -j fdb show [dev PORT]`).
    Fdb,
    /// Named network namespaces with their ids (`ip -j netns list`).
    Netns,
    /// qdiscs (`tc -j qdisc show`).
    Qdisc,
    /// Classes of `--dev` (`tc -j class show dev D`).
    Class,
    /// Filters of `--dev` [and `--parent`] (`tc -j filter show dev D [parent P]`).
    Filter,
    /// Standalone actions of `--kind` (`tc -j actions list action K`).
    Action,
    /// Follow changes (`ip -j monitor`, and tc's), one JSON object per event.
    Monitor,
    /// The nf_tables ruleset (`nft -j list ruleset`, rules with the kernel's expressions).
    Nft,
    /// Connection tracking entries (`conntrack -L -o xml`, as JSON).
    #[value(alias = "ct")]
    Conntrack,
    /// ipsets and their members (`ipset list -o xml`, as JSON).
    Ipset,
}

fn parse_table(s: &str) -> Result<TableFilter, String> {
    if s == "all" {
        return Ok(TableFilter::All);
    }
    names::table_id(s)
        .map(TableFilter::Id)
        .ok_or_else(|| "expected a table number, main, local, default or all".to_owned())
}

fn parse_fdb_state(s: &str) -> Result<NeighbourState, String> {
    names::fdb_state(s).ok_or_else(|| {
        "expected permanent, static, reachable, dynamic, stale, all or a number".to_owned()
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `ipdump route | head`: the reader is gone; stop quietly.
        Err(Error::Io(e)) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ipdump: {e}");
            ExitCode::FAILURE
        }
    }
}

/// clap's message, with the usage line where clap leaves it out (an invalid value), exit 2;
/// `--help` and `--version` go to stdout with status 0.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind as K;
    if matches!(e.kind(), K::DisplayHelp | K::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let msg = e.render().to_string();
    eprint!("{msg}");
    if !msg.contains("Usage:") {
        eprintln!("\n{}", Cli::command().render_usage());
    }
    ExitCode::from(2)
}

fn run(cli: &Cli) -> Result<(), Error> {
    let opts = DumpOptions {
        family: match (cli.ipv4, cli.ipv6) {
            (true, _) => AF_INET,
            (_, true) => AF_INET6,
            _ => DumpOptions::default().family,
        },
        table: cli.table,
        dev: cli.dev.clone(),
        count: cli.count,
        style: if cli.pretty {
            Style::Pretty
        } else {
            Style::Compact
        },
        stats: cli.stats,
        bridge: cli.br.clone(),
        vlan: cli.vlan,
        states: cli.state.iter().copied().reduce(|a, b| a | b),
    };
    match (cli.object, cli.args.first().map(String::as_str)) {
        (What::Route, Some("get")) | (What::Netns, _) => {}
        (_, Some(a)) => {
            return Err(Error::Invalid(format!(
                "unexpected argument {a:?} (only `route get ADDR ...` and `netns list` take any)"
            )))
        }
        _ => {}
    }
    if matches!(cli.object, What::Nft | What::Conntrack | What::Ipset) {
        return netfilter(cli, opts);
    }
    let mut h = match &cli.netns {
        Some(n) => Handle::in_netns(n)?,
        None => Handle::new()?,
    };
    // Straight to fd 1 (a duplicate), not through `Stdout`'s line buffer, which would search
    // every 64 KiB block for a newline.
    let stdout = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    let mut w = BufWriter::with_capacity(1 << 16, stdout);
    if let Some(what) = tc_object(cli.object) {
        return tc(cli, &mut h, what, &mut w);
    }
    let object = match cli.object {
        What::Monitor => return monitor(&mut h, cli.netns.as_deref(), opts.style, &mut w),
        What::Qdisc | What::Class | What::Filter | What::Action => unreachable!("handled above"),
        What::Link => Object::Link,
        What::Addr => Object::Addr,
        What::Route => Object::Route,
        What::Neigh => Object::Neigh,
        What::Rule => Object::Rule,
        What::Nexthop => Object::Nexthop,
        What::Fdb => Object::Fdb,
        What::Netns => {
            match cli.args.as_slice() {
                [] => json::netns_list(&mut h, &opts, &mut w)?,
                [l] if l == "list" || l == "show" => json::netns_list(&mut h, &opts, &mut w)?,
                [l] if l == "list-id" => json::netns_list_id(&mut h, &opts, &mut w)?,
                other => {
                    return Err(Error::Invalid(format!(
                        "netns: only `list` and `list-id` are supported, not {other:?}"
                    )))
                }
            };
            w.flush()?;
            return Ok(());
        }
        What::Nft | What::Conntrack | What::Ipset => unreachable!("handled above"),
    };
    if object == Object::Route && !cli.args.is_empty() {
        let get = ipdump::args::route_get(&mut h, cli.args.get(1..).unwrap_or_default())?;
        json::route_get(&mut h, &get, &opts, &mut w)?;
    } else {
        json::print(&mut h, object, &opts, &mut w)?;
    }
    w.flush()?;
    Ok(())
}

/// `nft`, `conntrack`, `ipset`: over a `NETLINK_NETFILTER` socket.
fn netfilter(cli: &Cli, opts: DumpOptions) -> Result<(), Error> {
    use ipdump::netfilter::{conntrack, ipset, nft};
    use netlink_runtime::conntrack::ConntrackFilter;
    use netlink_runtime::nfnl;
    use netlink_runtime::schemas::nftables::{NFPROTO_IPV4, NFPROTO_IPV6, NFPROTO_UNSPEC};

    let mut h = match &cli.netns {
        Some(n) => nfnl::Handle::in_netns(n)?,
        None => nfnl::Handle::new()?,
    };
    let stdout = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    let mut w = BufWriter::with_capacity(1 << 16, stdout);
    match cli.object {
        What::Nft => {
            let family = match opts.family {
                AF_INET => NFPROTO_IPV4,
                AF_INET6 => NFPROTO_IPV6,
                _ => NFPROTO_UNSPEC,
            };
            nft::print(&mut h, family, opts.style, opts.count, &mut w)?
        }
        What::Conntrack => {
            let filter = ConntrackFilter {
                family: opts.family,
                ..ConntrackFilter::default()
            };
            let labels = conntrack::LabelMap::load();
            conntrack::print(&mut h, &filter, &labels, opts.style, opts.count, &mut w)?
        }
        _ => ipset::print(&mut h, None, false, opts.style, opts.count, &mut w)?,
    };
    w.flush()?;
    Ok(())
}

fn monitor(
    h: &mut Handle,
    netns: Option<&str>,
    style: Style,
    w: &mut impl Write,
) -> Result<(), Error> {
    let groups: Vec<u32> = ALL_GROUPS
        .iter()
        .chain(ipdump_tc::TC_GROUPS)
        .copied()
        .collect();
    let mut ev = match netns {
        Some(n) => Events::in_netns(n, &groups)?,
        None => Events::subscribe(&groups)?,
    };
    let mut names = LinkNames::load(h)?;
    let mut devs = ipdump::tc::Devices::load(h)?;
    loop {
        let mut links_changed = false;
        ev.next_raw(|m| -> Result<(), Error> {
            if ipdump_tc::TcEvent::is_tc_message(m.kind()) {
                if let Some(e) = ipdump_tc::TcEvent::from_message(m)? {
                    ipdump::tc::write_event(w, &e, &devs)?;
                }
                return Ok(());
            }
            use netlink_runtime::schemas::rtnetlink::{RTM_DELLINK, RTM_NEWLINK};
            links_changed = m.kind() == RTM_NEWLINK || m.kind() == RTM_DELLINK;
            json::write_event(w, style, m, &mut names)
        })??;
        if links_changed {
            devs = ipdump::tc::Devices::load(h)?;
        }
        w.flush()?;
    }
}

/// The tc object a subcommand prints.
fn tc_object(w: What) -> Option<Option<netlink_runtime::tc::TcKind>> {
    use netlink_runtime::tc::TcKind;
    match w {
        What::Qdisc => Some(Some(TcKind::Qdisc)),
        What::Class => Some(Some(TcKind::Class)),
        What::Filter => Some(Some(TcKind::Filter)),
        What::Action => Some(None),
        _ => None,
    }
}

/// `ipdump qdisc|class|filter|action`.
fn tc(
    cli: &Cli,
    h: &mut Handle,
    what: Option<netlink_runtime::tc::TcKind>,
    w: &mut impl Write,
) -> Result<(), Error> {
    use netlink_runtime::tc::{TcHandle, TcKind};
    let mut o = ipdump::tc::TcOptions::default();
    o.stats = cli.stats > 0;
    if let Some(d) = &cli.dev {
        o.dev = Some(h.link_index(d)?);
    }
    if let Some(p) = &cli.parent {
        o.parent = Some(TcHandle::parse_filter_parent(p)?);
    }
    if cli.count {
        let n = match what {
            Some(k) => {
                let mut filter = match o.dev {
                    Some(d) => netlink_runtime::tc::TcFilter::dev(d),
                    None => netlink_runtime::tc::TcFilter::all(),
                };
                if let Some(p) = o.parent {
                    filter = filter.parent(p);
                }
                let mut n = 0u64;
                h.for_each_tc(k, &filter, |_| {
                    n += 1;
                    Ok(())
                })?;
                n
            }
            None => {
                let kind = cli.kind.as_deref().unwrap_or("");
                h.actions(kind)?.iter().map(|b| b.tab.len() as u64).sum()
            }
        };
        writeln!(w, "{n}")?;
        w.flush()?;
        return Ok(());
    }
    match what {
        Some(k @ (TcKind::Class | TcKind::Filter)) if o.dev.is_none() => {
            Err(Error::Invalid(format!(
                "{} needs --dev",
                if k == TcKind::Class {
                    "class"
                } else {
                    "filter"
                }
            )))
        }
        Some(k) => ipdump::tc::print(h, k, &o, w),
        None => {
            let kind = cli
                .kind
                .as_deref()
                .ok_or_else(|| Error::Invalid("action needs --kind (mirred, gact, ...)".into()))?;
            ipdump::tc::print_actions(h, kind, &o, w)
        }
    }?;
    w.flush()?;
    Ok(())
}
