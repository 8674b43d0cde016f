//! `mknetlinkdefs decode`: netlink traffic made readable with the schemas.
//!
//! The input is read by one of three readers, each turning its format into [`Datagram`]s (the
//! bytes of one `sendmsg`/`recvmsg`, or one captured packet) and [`Problem`]s, in input order:
//! - [`strace`]: the log of `strace -f -e trace=network -e read=all -e write=all`, whose hex
//!   dumps hold the buffers, with the protocol taken from each socket's `socket()` line and the
//!   direction from the syscall;
//! - [`hex`]: plain hex digits (whitespace ignored), one buffer;
//! - [`pcap`]: a pcap file from an `nlmon` device (`LINKTYPE_NETLINK`).
//!
//! [`tree`] then decodes every message of every datagram with the schemas (bundled ones, see
//! [`schemas`], plus any given on the command line) into a value tree, and [`render`] prints
//! that tree as indented text or JSON. Malformed input never stops the run: each problem is
//! reported with its line (or packet) and byte offset, and decoding goes on with the next
//! message or buffer.

pub mod hex;
pub mod names;
pub mod pcap;
pub mod render;
pub mod schemas;
pub mod strace;
pub mod tree;

use std::fmt;
use std::io::Write;
use std::path::PathBuf;

pub use schemas::SchemaSet;
pub use tree::Decoder;

/// Which way a buffer went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Sent to the kernel (`sendmsg`, `sendto`, `write`).
    Request,
    /// Received from the kernel (`recvmsg`, `recvfrom`, `read`).
    Reply,
}

impl Direction {
    /// `request` or `reply`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Reply => "reply",
        }
    }
}

/// Where in the input something was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A 1-based line of a text input.
    Line(usize),
    /// A 1-based packet number of a pcap file.
    Packet(usize),
}

/// One buffer as the kernel saw it: the bytes of a syscall or a captured packet.
#[derive(Clone, Debug, Default)]
pub struct Datagram {
    /// The bytes, possibly holding several netlink messages.
    pub bytes: Vec<u8>,
    /// Where the buffer starts in the input.
    pub origin: Option<Origin>,
    /// For text inputs: `(byte offset, line)` of each dump row, ascending, so an offset inside
    /// the buffer can be named by its line.
    pub rows: Vec<(usize, usize)>,
    /// The netlink protocol (`NETLINK_*` number), if the input tells.
    pub protocol: Option<u32>,
    /// Request or reply, if the input tells.
    pub direction: Option<Direction>,
    /// The traced process (strace `-f`).
    pub pid: Option<u32>,
    /// The socket's file descriptor (strace).
    pub fd: Option<i32>,
    /// The syscall that carried the buffer (strace).
    pub syscall: Option<String>,
}

impl Datagram {
    /// The origin of byte `offset` of the buffer: the line of its dump row for text inputs.
    pub fn origin_of(&self, offset: usize) -> Option<Origin> {
        match (&self.origin, self.rows.is_empty()) {
            (Some(Origin::Line(_)), false) => {
                let i = self.rows.partition_point(|&(o, _)| o <= offset);
                let row = self.rows.get(i.saturating_sub(1)).or(self.rows.first());
                row.map(|&(_, line)| Origin::Line(line))
            }
            _ => self.origin.clone(),
        }
    }
}

/// Something wrong with the input, reported and skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub origin: Option<Origin>,
    /// What.
    pub message: String,
}

/// What a reader yields, in input order.
#[derive(Clone, Debug)]
pub enum Item {
    /// A buffer to decode.
    Datagram(Datagram),
    /// A malformed piece of input (an error: the run exits 1).
    Problem(Problem),
    /// Something skipped on purpose, worth a line on stderr (not an error).
    Note(Problem),
}

/// The input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An strace log.
    Strace,
    /// Plain hex.
    Hex,
    /// A pcap file.
    Pcap,
}

/// Guesses the format of an input: pcap by its magic number, an strace log by a syscall or
/// hex-dump line, otherwise plain hex.
pub fn detect(input: &[u8]) -> Format {
    if pcap::is_pcap(input) {
        return Format::Pcap;
    }
    let text = String::from_utf8_lossy(input);
    if text.lines().take(10_000).any(strace::looks_like_strace) {
        Format::Strace
    } else {
        Format::Hex
    }
}

/// Reads an input of any format into items.
pub fn read_input(input: &[u8], protocol: Option<u32>) -> Vec<Item> {
    match detect(input) {
        Format::Pcap => pcap::read(input),
        Format::Strace => strace::read(&String::from_utf8_lossy(input), protocol),
        Format::Hex => hex::read(&String::from_utf8_lossy(input)),
    }
}

/// Options of `mknetlinkdefs decode`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The input file; standard input when `None`.
    pub file: Option<PathBuf>,
    /// `--protocol`: for buffers whose protocol the input does not tell.
    pub protocol: Option<String>,
    /// `--family NAME=ID` or `--family NAME`.
    pub families: Vec<String>,
    /// `--schema FILE`: extra schemas, preferred over the bundled ones.
    pub schemas: Vec<PathBuf>,
    /// `--json`.
    pub json: bool,
}

/// A fatal error: nothing could be decoded.
#[derive(Debug)]
pub struct Fatal(pub String);

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a run found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Buffers decoded.
    pub datagrams: usize,
    /// Netlink messages decoded.
    pub messages: usize,
    /// Problems reported (malformed input).
    pub problems: usize,
}

/// The largest input `decode` reads (a capture of a 100,000-route dump is about 50 MB as an
/// strace log).
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// Reads an input of at most [`MAX_INPUT_BYTES`].
fn read_limited(input: impl std::io::Read, name: &str) -> Result<Vec<u8>, Fatal> {
    let mut v = Vec::new();
    std::io::Read::read_to_end(&mut input.take(MAX_INPUT_BYTES + 1), &mut v)
        .map_err(|e| Fatal(format!("{name}: cannot read: {e}")))?;
    if v.len() as u64 > MAX_INPUT_BYTES {
        return Err(Fatal(format!(
            "{name}: not read: larger than {} MiB, the most decode reads",
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(v)
}

/// Runs `decode`: reads the input, decodes it, writes the tree (or JSON) to `out` and problems
/// to `err` as `error: FILE:LINE: ...`.
pub fn run(opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<Summary, Fatal> {
    let (mut set, warnings) = SchemaSet::bundled();
    for w in warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    for path in &opts.schemas {
        set.add_file(path).map_err(Fatal)?;
    }
    let protocol = match &opts.protocol {
        Some(p) => Some(
            names::parse_protocol(p)
                .ok_or_else(|| Fatal(netlink_schema::protocols::unknown_protocol(p)))?,
        ),
        None => None,
    };
    let mut decoder = Decoder::new(&set);
    for f in &opts.families {
        decoder.add_family_arg(f).map_err(Fatal)?;
    }
    let (input, name) = match &opts.file {
        Some(path) => {
            let name = path.display().to_string();
            let file = std::fs::File::open(path)
                .map_err(|e| Fatal(format!("{name}: cannot read: {e}")))?;
            (read_limited(file, &name)?, name)
        }
        None => (
            read_limited(std::io::stdin(), "<stdin>")?,
            "<stdin>".to_owned(),
        ),
    };
    let format = detect(&input);
    let items = read_input(&input, protocol);
    let assumed = match (format, protocol) {
        (Format::Hex, None) => {
            let _ = writeln!(err, "note: plain hex without --protocol: decoded as route");
            Some(0)
        }
        (_, p) => p,
    };
    let mut summary = Summary::default();
    let mut json = Vec::new();
    let io = |e: std::io::Error| Fatal(format!("cannot write output: {e}"));
    for item in items {
        match item {
            Item::Datagram(mut d) => {
                if d.protocol.is_none() {
                    d.protocol = assumed;
                }
                let decoded = decoder.decode_datagram(&d);
                summary.datagrams += 1;
                summary.messages += decoded.messages.len();
                for p in decoded.problems(&d) {
                    summary.problems += 1;
                    writeln!(err, "error: {}", render::locate(&name, &p)).map_err(io)?;
                }
                if opts.json {
                    json.push(render::json_datagram(&name, &d, &decoded));
                } else {
                    render::text_datagram(out, &name, &d, &decoded).map_err(io)?;
                }
            }
            Item::Problem(p) => {
                summary.problems += 1;
                writeln!(err, "error: {}", render::locate(&name, &p)).map_err(io)?;
                if opts.json {
                    json.push(render::json_problem(&name, &p));
                }
            }
            Item::Note(p) => {
                writeln!(err, "note: {}", render::locate(&name, &p)).map_err(io)?;
            }
        }
    }
    if summary.datagrams == 0 && summary.problems == 0 && format == Format::Strace {
        let _ = writeln!(
            err,
            "note: {name}: no netlink buffers found (strace needs -e read=all -e write=all \
             to dump them)"
        );
    }
    if opts.json {
        let text = serde_json::to_string_pretty(&serde_json::Value::Array(json))
            .map_err(|e| Fatal(format!("cannot write JSON: {e}")))?;
        writeln!(out, "{text}").map_err(io)?;
    }
    Ok(summary)
}
