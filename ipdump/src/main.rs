//! `ipdump`: print links, addresses, routes, neighbours, rules or nexthops as `ip -j` does,
//! or follow changes with `monitor` (one JSON object per line); the nf_tables ruleset as
//! `nft -j` does, conntrack entries and ipsets as their tools' XML, in JSON.
//!
//! Dumps stream: each message is decoded into a borrowed struct and its JSON written to a
//! buffered stdout before the next is read; `--count` writes nothing per object.

use std::io::{BufWriter, ErrorKind, Write};
use std::os::fd::AsFd;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, ValueEnum};
use ipdump::json::{self, DumpOptions, LinkNames, Object, Style};
use ipdump::names;
use netlink_runtime::rtnl::{Error, Events, Handle, TableFilter, AF_INET, AF_INET6, ALL_GROUPS};

/// Dump the kernel's network objects as `ip -j` prints them, through lazy netlink parsers.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    /// What to print.
    #[arg(value_enum)]
    object: What,
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
    /// Follow changes (`ip -j monitor`), one JSON object per event.
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
    };
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
    let object = match cli.object {
        What::Monitor => return monitor(&mut h, cli.netns.as_deref(), opts.style, &mut w),
        What::Link => Object::Link,
        What::Addr => Object::Addr,
        What::Route => Object::Route,
        What::Neigh => Object::Neigh,
        What::Rule => Object::Rule,
        What::Nexthop => Object::Nexthop,
        What::Nft | What::Conntrack | What::Ipset => unreachable!("handled above"),
    };
    json::print(&mut h, object, &opts, &mut w)?;
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
    let mut ev = match netns {
        Some(n) => Events::in_netns(n, ALL_GROUPS)?,
        None => Events::subscribe(ALL_GROUPS)?,
    };
    let mut names = LinkNames::load(h)?;
    loop {
        ev.next_raw(|m| json::write_event(w, style, m, &mut names))??;
        w.flush()?;
    }
}
