//! Reading the log of `strace -f -e trace=network -e read=all -e write=all -o FILE CMD`.
//!
//! strace's own decoding of netlink on the syscall line is incomplete (and truncated by `-s`),
//! so only its hex dumps are used:
//!
//! ```text
//! 16694 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 4
//! 16694 sendmsg(4, {msg_name={...}, msg_iov=[{iov_base=[...], iov_len=48}], ...}, 0) = 48
//!  * 48 bytes in buffer 0
//!  | 00000  30 00 00 00 12 00 01 00  2a 55 04 6b 00 00 00 00  0.......*U.k.... |
//! ```
//!
//! - a `socket()` line gives the protocol of its descriptor (per process; `close()` forgets it,
//!   `dup()` copies it, other descriptor-making calls such as `openat()` mark it as no socket);
//! - the syscall gives the direction: `sendmsg`/`sendto`/`send`/`write`/`writev` are requests,
//!   `recvmsg`/`recvfrom`/`recv`/`read`/`readv` replies;
//! - the dump rows that follow a completed call are its buffer; `sendmsg`/`recvmsg` print one
//!   block (` * N bytes in buffer K`) per iovec, and the blocks are joined into one datagram;
//! - `-f` prefixes lines with a pid (`1234 ` or `[pid  1234] `), `-t`/`-tt`/`-ttt`/`-r` with a
//!   time: both are skipped; `<unfinished ...>` / `<... recvmsg resumed>` pairs are joined;
//! - calls with `MSG_PEEK` are skipped (the data comes again with the next read).

use std::collections::HashMap;

use super::names;
use super::{Datagram, Direction, Item, Origin, Problem};

/// Whether a line looks like strace output: a syscall line or a hex-dump row.
pub fn looks_like_strace(line: &str) -> bool {
    let rest = strip_prefixes(line);
    if parse_row(rest).is_some() || parse_block_marker(rest).is_some() {
        return true;
    }
    match syscall_name(rest) {
        Some((name, after)) => {
            after.contains(") = ")
                || after.contains("<unfinished ...>")
                || rest.starts_with("<... ")
                || SYSCALLS_SEEN_IN_LOGS.contains(&name)
        }
        None => false,
    }
}

const SYSCALLS_SEEN_IN_LOGS: &[&str] = &["socket", "sendmsg", "recvmsg", "sendto", "recvfrom"];

/// Removes a `-f` pid prefix (`1234 `, `[pid  1234] `) and a `-t`/`-tt`/`-ttt`/`-r` time.
fn strip_prefixes(line: &str) -> &str {
    strip_pid(line).1
}

/// Splits off the pid prefix (and any time stamps); returns the pid and the rest.
fn strip_pid(line: &str) -> (Option<u32>, &str) {
    let mut rest = line;
    let mut pid = None;
    if let Some(r) = rest.strip_prefix("[pid") {
        let r = r.trim_start();
        let end = r.find(']').unwrap_or(0);
        pid = r.get(..end).and_then(|p| p.trim().parse().ok());
        rest = r.get(end + 1..).unwrap_or("").trim_start();
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest.as_bytes().get(digits) == Some(&b' ') {
            let after = rest[digits..].trim_start();
            // A bare number followed by a syscall, `<...`, `+++` or `---` is a pid; a time
            // stamp (`-ttt`: `1700000000.123456`) has a dot and is handled below.
            pid = rest[..digits].parse().ok();
            rest = after;
        }
    }
    // Time stamps: `12:34:56`, `12:34:56.123456`, `1700000000.123456`, `0.000123`.
    loop {
        let tok_len = rest.find(' ').unwrap_or(0);
        let tok = &rest[..tok_len];
        let is_time = !tok.is_empty()
            && tok
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
            && (tok.contains(':') || tok.contains('.'));
        if !is_time {
            break;
        }
        rest = rest[tok_len..].trim_start();
    }
    (pid, rest)
}

/// A syscall line's name and what follows the `(`; also `<... NAME resumed>`.
fn syscall_name(rest: &str) -> Option<(&str, &str)> {
    if let Some(r) = rest.strip_prefix("<... ") {
        let end = r.find(" resumed>")?;
        return Some((&r[..end], &r[end + " resumed>".len()..]));
    }
    let open = rest.find('(')?;
    let name = &rest[..open];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    if name.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    Some((name, &rest[open + 1..]))
}

/// One hex-dump row: its offset and bytes. The row is ` | OFFSET  HEX... ASCII |`; the hex area
/// is the 49 columns after the offset and two spaces, so the ASCII column is never read as hex.
fn parse_row(rest: &str) -> Option<Result<(usize, Vec<u8>), String>> {
    let r = rest.trim_start().strip_prefix("| ")?;
    let off_len = r.bytes().take_while(u8::is_ascii_hexdigit).count();
    if off_len < 5 {
        return None;
    }
    let offset = usize::from_str_radix(&r[..off_len], 16).ok()?;
    let after = r.get(off_len..)?;
    let area = after.strip_prefix("  ")?;
    let area: String = area.chars().take(49).collect();
    let mut bytes = Vec::with_capacity(16);
    for tok in area.split_whitespace() {
        let ok = tok.len() == 2 && tok.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            return Some(Err(format!("hex dump row: {tok:?} is not a hex byte")));
        }
        bytes.push(u8::from_str_radix(tok, 16).unwrap_or(0));
        if bytes.len() > 16 {
            return Some(Err("hex dump row has more than 16 bytes".to_owned()));
        }
    }
    if bytes.is_empty() {
        return Some(Err("hex dump row without bytes".to_owned()));
    }
    Some(Ok((offset, bytes)))
}

/// ` * 48 bytes in buffer 0`: the size of the next dump block.
fn parse_block_marker(rest: &str) -> Option<usize> {
    let r = rest.trim_start().strip_prefix("* ")?;
    let (n, tail) = r.split_once(' ')?;
    if !tail.starts_with("bytes in buffer") {
        return None;
    }
    n.parse().ok()
}

/// Splits a syscall's arguments at top-level commas (outside brackets, braces and quotes).
fn split_args(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut in_str = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in args.char_indices() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' | '(' => depth += 1,
            ']' | '}' => depth -= 1,
            ')' => {
                if depth == 0 {
                    out.push(args[start..i].trim());
                    return out;
                }
                depth -= 1;
            }
            ',' if depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// The return value after the last `) = `.
fn return_value(line: &str) -> Option<i64> {
    let (_, ret) = line.rsplit_once(") = ")?;
    let tok = ret.split_whitespace().next()?;
    names::parse_int(tok)
}

/// What a descriptor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FdKind {
    Netlink(u32),
    Other,
}

/// A completed call whose dump rows are being collected.
struct Pending {
    pid: Option<u32>,
    fd: Option<i32>,
    syscall: Option<String>,
    line: usize,
    protocol: Option<u32>,
    direction: Option<Direction>,
    /// Decode it (a netlink socket, or `--protocol` given); otherwise rows are skipped.
    wanted: bool,
    bytes: Vec<u8>,
    rows: Vec<(usize, usize)>,
    /// Start of the current block within `bytes`, its declared size and its marker's line.
    block_start: usize,
    block_size: Option<(usize, usize)>,
}

impl Pending {
    fn orphan(line: usize, protocol: Option<u32>) -> Pending {
        Pending {
            pid: None,
            fd: None,
            syscall: None,
            line,
            protocol,
            direction: None,
            wanted: true,
            bytes: Vec::new(),
            rows: Vec::new(),
            block_start: 0,
            block_size: None,
        }
    }

    fn end_block(&mut self, items: &mut Vec<Item>) {
        if let Some((size, line)) = self.block_size.take() {
            let got = self.bytes.len() - self.block_start;
            if got != size && self.wanted {
                items.push(Item::Problem(Problem {
                    origin: Some(Origin::Line(line)),
                    message: format!("dump block announces {size} bytes but holds {got}"),
                }));
            }
        }
        self.block_start = self.bytes.len();
    }

    fn finish(mut self, items: &mut Vec<Item>) {
        self.end_block(items);
        if !self.wanted || self.bytes.is_empty() {
            return;
        }
        items.push(Item::Datagram(Datagram {
            bytes: self.bytes,
            origin: Some(Origin::Line(self.line)),
            rows: self.rows,
            protocol: self.protocol,
            direction: self.direction,
            pid: self.pid,
            fd: self.fd,
            syscall: self.syscall,
        }));
    }
}

fn direction_of(name: &str) -> Option<Direction> {
    match name {
        "sendmsg" | "sendto" | "send" | "write" | "writev" | "sendmmsg" | "pwrite64" => {
            Some(Direction::Request)
        }
        "recvmsg" | "recvfrom" | "recv" | "read" | "readv" | "recvmmsg" | "pread64" => {
            Some(Direction::Reply)
        }
        _ => None,
    }
}

/// The reader's state: descriptors per process and calls left unfinished.
struct Reader {
    protocol: Option<u32>,
    fds: HashMap<(Option<u32>, i32), FdKind>,
    /// The last kind given to each descriptor number in any process (children of `-f` inherit
    /// their parent's descriptors).
    fds_any: HashMap<i32, FdKind>,
    unfinished: HashMap<Option<u32>, (String, String)>,
    warned_unknown: std::collections::HashSet<(Option<u32>, i32)>,
    items: Vec<Item>,
    pending: Option<Pending>,
}

impl Reader {
    fn kind_of(&self, pid: Option<u32>, fd: i32) -> Option<FdKind> {
        self.fds
            .get(&(pid, fd))
            .or_else(|| self.fds_any.get(&fd))
            .copied()
    }

    fn set_fd(&mut self, pid: Option<u32>, fd: i32, kind: FdKind) {
        self.fds.insert((pid, fd), kind);
        self.fds_any.insert(fd, kind);
    }

    fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            p.finish(&mut self.items);
        }
    }

    /// A complete syscall line (`name`, its text after `(`).
    fn syscall(&mut self, pid: Option<u32>, name: &str, args_text: &str, line: usize) {
        let args = split_args(args_text);
        let ret = return_value(args_text);
        let fd_arg = args.first().and_then(|a| names::parse_int(a));
        match name {
            "socket" => {
                if let Some(fd) = ret.filter(|&r| r >= 0) {
                    let netlink = args
                        .first()
                        .is_some_and(|a| a.contains("AF_NETLINK") || *a == "16");
                    let proto = args
                        .get(2)
                        .map(|a| a.split("/*").next().unwrap_or(a).trim())
                        .and_then(names::parse_protocol);
                    let kind = match (netlink, proto) {
                        (true, Some(p)) => FdKind::Netlink(p),
                        _ => FdKind::Other,
                    };
                    self.set_fd(pid, fd as i32, kind);
                }
                return;
            }
            "close" => {
                if let Some(fd) = fd_arg {
                    self.fds.remove(&(pid, fd as i32));
                    self.fds_any.remove(&(fd as i32));
                }
                return;
            }
            "dup" | "dup2" | "dup3" | "fcntl" | "fcntl64" => {
                if let (Some(new), Some(old)) = (ret.filter(|&r| r >= 0), fd_arg) {
                    if name != "fcntl" && name != "fcntl64" || args_text.contains("F_DUPFD") {
                        let kind = self.kind_of(pid, old as i32).unwrap_or(FdKind::Other);
                        self.set_fd(pid, new as i32, kind);
                    }
                }
                return;
            }
            "open" | "openat" | "openat2" | "creat" | "accept" | "accept4" | "eventfd"
            | "eventfd2" | "signalfd" | "signalfd4" | "timerfd_create" | "epoll_create"
            | "epoll_create1" | "memfd_create" | "inotify_init" | "inotify_init1"
            | "pidfd_open" | "userfaultfd" => {
                if let Some(fd) = ret.filter(|&r| r >= 0) {
                    self.set_fd(pid, fd as i32, FdKind::Other);
                }
                return;
            }
            _ => {}
        }
        let Some(direction) = direction_of(name) else {
            return;
        };
        let Some(fd) = fd_arg.and_then(|f| i32::try_from(f).ok()) else {
            return;
        };
        let flags_arg = match name {
            "recvmsg" => args.get(2),
            "recvfrom" | "recv" => args.get(3),
            _ => None,
        };
        let peek = flags_arg.is_some_and(|f| f.contains("MSG_PEEK"));
        let (wanted, protocol) = match self.kind_of(pid, fd) {
            Some(FdKind::Netlink(p)) => (!peek, Some(p)),
            Some(FdKind::Other) => (false, None),
            None if fd <= 2 => (false, None),
            None => match self.protocol {
                Some(p) => (!peek, Some(p)),
                None => {
                    if self.warned_unknown.insert((pid, fd)) {
                        self.items.push(Item::Note(Problem {
                            origin: Some(Origin::Line(line)),
                            message: format!(
                                "{name} on fd {fd}: no socket() line for it, buffers skipped \
                                 (pass --protocol to decode them)"
                            ),
                        }));
                    }
                    (false, None)
                }
            },
        };
        self.pending = Some(Pending {
            pid,
            fd: Some(fd),
            syscall: Some(name.to_owned()),
            line,
            protocol,
            direction: Some(direction),
            wanted,
            bytes: Vec::new(),
            rows: Vec::new(),
            block_start: 0,
            block_size: None,
        });
    }

    fn line(&mut self, raw: &str, line: usize) {
        let (pid, rest) = strip_pid(raw);
        if let Some(size) = parse_block_marker(rest) {
            let protocol = self.protocol;
            let p = self
                .pending
                .get_or_insert_with(|| Pending::orphan(line, protocol));
            p.end_block(&mut self.items);
            p.block_size = Some((size, line));
            return;
        }
        if let Some(row) = parse_row(rest) {
            let protocol = self.protocol;
            let p = self
                .pending
                .get_or_insert_with(|| Pending::orphan(line, protocol));
            match row {
                Ok((offset, bytes)) => {
                    let expected = p.bytes.len() - p.block_start;
                    if offset != expected && p.wanted {
                        self.items.push(Item::Problem(Problem {
                            origin: Some(Origin::Line(line)),
                            message: format!(
                                "hex dump row at offset {offset}, expected offset {expected} \
                                 (rows missing or out of order)"
                            ),
                        }));
                    }
                    p.rows.push((p.bytes.len(), line));
                    p.bytes.extend_from_slice(&bytes);
                }
                Err(e) => {
                    if p.wanted {
                        self.items.push(Item::Problem(Problem {
                            origin: Some(Origin::Line(line)),
                            message: e,
                        }));
                    }
                }
            }
            return;
        }
        // Any other line ends the dump of the call before it.
        self.flush();
        let Some((name, after)) = syscall_name(rest) else {
            return;
        };
        if rest.starts_with("<... ") {
            // Without its start the call's descriptor is unknown: its dump is skipped.
            if let Some((uname, head)) = self.unfinished.remove(&pid) {
                let joined = format!("{head}{after}");
                self.syscall(pid, &uname, &joined, line);
            } else if direction_of(name).is_some() {
                let mut skip = Pending::orphan(line, None);
                skip.wanted = false;
                self.pending = Some(skip);
            }
            return;
        }
        if let Some(head) = after.strip_suffix("<unfinished ...>") {
            self.unfinished
                .insert(pid, (name.to_owned(), head.trim_end().to_owned()));
            return;
        }
        self.syscall(pid, name, after, line);
    }
}

/// Reads an strace log. `protocol` (`--protocol`) is used for descriptors without a
/// `socket()` line and for dump rows that follow no syscall.
pub fn read(text: &str, protocol: Option<u32>) -> Vec<Item> {
    let mut r = Reader {
        protocol,
        fds: HashMap::new(),
        fds_any: HashMap::new(),
        unfinished: HashMap::new(),
        warned_unknown: Default::default(),
        items: Vec::new(),
        pending: None,
    };
    for (i, line) in text.lines().enumerate() {
        r.line(line, i + 1);
    }
    r.flush();
    r.items
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
16694 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3
16694 sendto(3, [{nlmsg_len=20, nlmsg_type=0x12 /* NLMSG_??? */}, \"\"], 20, 0, NULL, 0) = 20
 | 00000  14 00 00 00 12 00 01 03  01 00 00 00 00 00 00 00  ................ |
 | 00010  11 00 00 00                                       ....             |
16694 recvmsg(3, {msg_iov=[{iov_base=NULL, iov_len=0}]}, MSG_PEEK|MSG_TRUNC) = 20
16694 recvmsg(3,  <unfinished ...>
16695 +++ exited with 0 +++
16694 <... recvmsg resumed>{msg_iov=[{iov_base=[{nlmsg_len=20}], iov_len=32768}]}, 0) = 20
 * 20 bytes in buffer 0
 | 00000  14 00 00 00 03 00 02 00  01 00 00 00 36 41 00 00  ............6A.. |
 | 00010  00 00 00 00                                       ....             |
";

    #[test]
    fn reads_requests_and_replies() {
        let items = read(LOG, None);
        let d: Vec<&Datagram> = items
            .iter()
            .filter_map(|i| match i {
                Item::Datagram(d) => Some(d),
                _ => None,
            })
            .collect();
        assert_eq!(d.len(), 2, "{items:?}");
        assert_eq!(d[0].direction, Some(Direction::Request));
        assert_eq!(d[0].protocol, Some(0));
        assert_eq!(d[0].bytes.len(), 20);
        assert_eq!(d[0].origin, Some(Origin::Line(2)));
        assert_eq!(d[0].origin_of(17), Some(Origin::Line(4)));
        assert_eq!(d[1].direction, Some(Direction::Reply));
        assert_eq!(d[1].syscall.as_deref(), Some("recvmsg"));
        assert_eq!(d[1].bytes[4], 3);
        assert_eq!(d[1].pid, Some(16694));
    }

    fn datagrams(items: &[Item]) -> Vec<&Datagram> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Datagram(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn iovec_blocks_reads_dups_and_other_descriptors() {
        let log = "\
[pid  7] socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC) = 5
[pid  7] sendmsg(5, {msg_iov=[{iov_base=..., iov_len=4}, {iov_base=..., iov_len=4}]}, 0) = 8
 * 4 bytes in buffer 0
 | 00000  08 00 00 00                                       ....             |
 * 4 bytes in buffer 1
 | 00000  10 00 00 00                                       ....             |
[pid  7] dup2(5, 9) = 9
[pid  7] read(9, \"\\x14\"..., 4) = 4
 | 00000  01 02 03 04                                       ....             |
[pid  7] openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY) = 5
[pid  7] read(5, \"127\"..., 3) = 3
 | 00000  31 32 37                                          127              |
[pid  7] write(1, \"x\", 1) = 1
 | 00000  78                                                x                |
";
        let items = read(log, None);
        let d = datagrams(&items);
        assert_eq!(d.len(), 2, "{items:?}");
        assert_eq!(d[0].bytes, [8, 0, 0, 0, 16, 0, 0, 0]);
        assert_eq!(d[0].protocol, Some(16));
        assert_eq!(d[0].pid, Some(7));
        assert_eq!(d[0].origin_of(4), Some(Origin::Line(6)));
        assert_eq!(d[1].syscall.as_deref(), Some("read"));
        assert_eq!(d[1].direction, Some(Direction::Reply));
        assert_eq!(d[1].fd, Some(9));
        assert!(
            !items.iter().any(|i| matches!(i, Item::Problem(_))),
            "{items:?}"
        );
    }

    #[test]
    fn short_block_and_unknown_descriptor() {
        let log = "\
1 sendto(4, \"\", 8, 0, NULL, 0) = 8
 | 00000  08 00 00 00 00 00 00 00                           ........         |
1 socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 3
1 recvmsg(3, {}, 0) = 8
 * 8 bytes in buffer 0
 | 00000  08 00 00 00                                       ....             |
";
        let items = read(log, None);
        assert!(matches!(&items[0], Item::Note(p) if p.message.contains("fd 4")));
        assert!(
            matches!(&items[1], Item::Problem(p) if p.origin == Some(Origin::Line(5))
                && p.message.contains("announces 8 bytes but holds 4")),
            "{items:?}"
        );
        assert_eq!(datagrams(&items).len(), 1);
        // With --protocol the unknown descriptor's buffer is decoded too.
        assert_eq!(datagrams(&read(log, Some(0))).len(), 2);
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            strip_pid("[pid  12] 10:00:00.5 sendmsg(3"),
            (Some(12), "sendmsg(3")
        );
        assert_eq!(strip_pid("1700000000.123 socket("), (None, "socket("));
        assert!(looks_like_strace(" | 00000  14 00  ................ |"));
        assert_eq!(
            split_args("3, {a=[1, 2], b=\"x,)\"}, MSG_PEEK) = 5"),
            ["3", "{a=[1, 2], b=\"x,)\"}", "MSG_PEEK"]
        );
    }
}
