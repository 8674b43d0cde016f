//! `ipdump`: print links, addresses, routes, neighbours, rules or nexthops as `ip -j` does,
//! or follow changes with `monitor` (one JSON object per line).
//!
//! Routes stream: each message is decoded with a derived struct and written to a buffered
//! stdout before the next is read; `--count` writes nothing per route.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ipdump::json::{self, DumpOptions, LinkNames, Object};
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
    #[arg(long, value_name = "ID|all")]
    table: Option<String>,
    /// Only objects of this device.
    #[arg(long, value_name = "NAME")]
    dev: Option<String>,
    /// Print only the number of objects.
    #[arg(short, long)]
    count: bool,
    /// Work in the network namespace `ip netns` calls NAME.
    #[arg(short, long, value_name = "NAME")]
    netns: Option<String>,
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
    /// Follow changes (`ip -j monitor`), one JSON object per line.
    Monitor,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ipdump: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<(), Error> {
    let mut opts = DumpOptions::default();
    if cli.ipv4 {
        opts.family = AF_INET;
    }
    if cli.ipv6 {
        opts.family = AF_INET6;
    }
    if let Some(t) = &cli.table {
        opts.table = Some(match t.as_str() {
            "all" => TableFilter::All,
            _ => TableFilter::Id(
                names::table_id(t).ok_or_else(|| Error::Invalid(format!("bad table {t:?}")))?,
            ),
        });
    }
    opts.dev = cli.dev.clone();
    opts.count = cli.count;
    let mut h = match &cli.netns {
        Some(n) => Handle::in_netns(n)?,
        None => Handle::new()?,
    };
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
    let object = match cli.object {
        What::Monitor => return monitor(&mut h, cli.netns.as_deref(), &mut w),
        What::Link => Object::Link,
        What::Addr => Object::Addr,
        What::Route => Object::Route,
        What::Neigh => Object::Neigh,
        What::Rule => Object::Rule,
        What::Nexthop => Object::Nexthop,
    };
    json::print(&mut h, object, &opts, &mut w)?;
    w.flush()?;
    Ok(())
}

fn monitor(h: &mut Handle, netns: Option<&str>, w: &mut impl Write) -> Result<(), Error> {
    let mut ev = match netns {
        Some(n) => Events::in_netns(n, ALL_GROUPS)?,
        None => Events::subscribe(ALL_GROUPS)?,
    };
    let mut names = LinkNames::load(h)?;
    loop {
        ev.next_raw(|m| json::write_event(w, m, &mut names))??;
        w.flush()?;
    }
}
