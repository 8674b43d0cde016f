//! `ipdump`: print links, addresses, routes, neighbours, rules or nexthops as `ip -j` does,
//! or follow changes with `monitor` (one JSON object per line).
//!
//! ```text
//! ipdump [--netns NAME] [-4|-6] [--table ID|all] [--dev NAME] [--count] OBJECT
//! ipdump [--netns NAME] monitor
//! OBJECT: link | addr | route | neigh | rule | nexthop
//! ```
//!
//! `cargo run --release -p netlink-runtime --example ipdump -- route --table all`
//!
//! Routes stream: each message is decoded with a derived struct and written to a buffered
//! stdout before the next is read; `--count` writes nothing per route.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use netlink_runtime::consts::{AF_INET, AF_INET6};
use netlink_runtime::rtnl::json::{self, DumpOptions, LinkNames, Object};
use netlink_runtime::rtnl::{names, Error, Events, Handle, TableFilter, ALL_GROUPS};

const USAGE: &str = "usage: ipdump [--netns NAME] [-4|-6] [--table ID|all] [--dev NAME] [--count] \
                     {link|addr|route|neigh|rule|nexthop}\n       ipdump [--netns NAME] monitor";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ipdump: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Error> {
    let mut opts = DumpOptions::default();
    let mut netns: Option<String> = None;
    let mut object: Option<String> = None;
    let mut args = std::env::args().skip(1);
    let value = |args: &mut dyn Iterator<Item = String>, flag: &str| {
        args.next()
            .ok_or_else(|| Error::Invalid(format!("{flag} needs a value\n{USAGE}")))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "-4" => opts.family = AF_INET,
            "-6" => opts.family = AF_INET6,
            "--netns" | "-n" => netns = Some(value(&mut args, &a)?),
            "--table" | "table" => {
                let t = value(&mut args, &a)?;
                opts.table = Some(if t == "all" {
                    TableFilter::All
                } else {
                    TableFilter::Id(
                        names::table_id(&t)
                            .ok_or_else(|| Error::Invalid(format!("bad table {t:?}")))?,
                    )
                });
            }
            "--dev" | "dev" => opts.dev = Some(value(&mut args, &a)?),
            "--count" | "-c" => opts.count = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ if object.is_none() && !a.starts_with('-') => object = Some(a),
            _ => {
                return Err(Error::Invalid(format!(
                    "unexpected argument {a:?}\n{USAGE}"
                )))
            }
        }
    }
    let object = object.ok_or_else(|| Error::Invalid(USAGE.to_owned()))?;
    let mut h = match &netns {
        Some(n) => Handle::in_netns(n)?,
        None => Handle::new()?,
    };
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
    if object == "monitor" {
        return monitor(&mut h, netns.as_deref(), &mut w);
    }
    let object: Object = object.parse()?;
    json::print(&mut h, object, &opts, &mut w)?;
    w.flush()
        .map_err(|e| Error::Netlink(netlink_runtime::Error::Io(e)))?;
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
        w.flush()
            .map_err(|e| Error::Netlink(netlink_runtime::Error::Io(e)))?;
    }
}
