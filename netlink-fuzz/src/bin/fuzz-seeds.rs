//! Turns strace logs of real tools into the seed corpora of the fuzz targets
//! (`scripts/fuzz-seeds.sh` makes the logs in a private network namespace, then runs this).
//!
//! ```text
//! fuzz-seeds CORPUS_DIR LOG...
//! ```
//!
//! For every log: the log itself if it is small (`decode_strace`); every buffer the log holds as raw bytes,
//! route buffers for `rtnl` (those holding tc messages for `tc` too), generic ones for `families`, netfilter ones for `netfilter`, all
//! for `messages` and `decode_tree` (with its protocol byte); the route buffers the kernel sent
//! joined into one input (`ipdump_json`: a link dump and an address dump together are what
//! `ip addr` reads); the attribute list of each message (`attrs`); the first buffers as plain
//! hex (`decode_hex`) and as an nlmon pcap (`decode_pcap`). Files are named by a hash of their
//! content, so running it again adds nothing twice.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use mknetlinkdefs::decode::{self, Direction, Item};
use netlink_runtime::schemas::tc::{RTM_GETACTION, RTM_NEWACTION};
use netlink_runtime::tc::TcEvent;
use netlink_runtime::Messages;

/// Largest buffer kept as a seed: seeds stay small, the fuzzer grows them.
const MAX_SEED: usize = 2048;
/// Largest log kept as a `decode_strace` seed (a dump of links with their statistics is 50 KB
/// of hex; the buffers of such logs are still seeds of the other targets).
const MAX_LOG: usize = 16 << 10;
/// Largest `ipdump_json` input: whole messages of a log's replies up to this size.
const MAX_SCENE: usize = 4096;
/// Buffers of one log written as hex and pcap seeds.
const PER_LOG: usize = 4;

fn write(dir: &Path, target: &str, data: &[u8]) {
    let d = dir.join(target);
    std::fs::create_dir_all(&d).expect("create corpus dir");
    let mut h = DefaultHasher::new();
    data.hash(&mut h);
    std::fs::write(d.join(format!("{:016x}", h.finish())), data).expect("write seed");
}

/// `decode_tree`'s first byte for a protocol and direction (see `netlink_fuzz::decode_tree`).
fn tree_selector(protocol: u32, direction: Option<Direction>) -> u8 {
    let p = match protocol {
        0 => 0u8,
        16 => 1,
        12 => 2,
        4 => 3,
        _ => 4,
    };
    let d = match direction {
        Some(Direction::Request) => 0u8,
        Some(Direction::Reply) => 1,
        None => 2,
    };
    p + 8 * d
}

/// A classic pcap of nlmon packets: the `LINKTYPE_NETLINK` (253) cooked header carries the
/// protocol.
fn pcap(buffers: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&4u16.to_le_bytes());
    v.extend_from_slice(&0i32.to_le_bytes());
    v.extend_from_slice(&0u32.to_le_bytes());
    v.extend_from_slice(&65535u32.to_le_bytes());
    v.extend_from_slice(&253u32.to_le_bytes());
    for (n, (proto, bytes)) in buffers.iter().enumerate() {
        // Linux cooked header (SLL): packet type 4 (outgoing) for even, 0 (to us) for odd.
        let mut pkt = Vec::new();
        pkt.extend_from_slice(&(if n % 2 == 0 { 4u16 } else { 0 }).to_be_bytes());
        pkt.extend_from_slice(&824u16.to_be_bytes()); // ARPHRD_NETLINK
        pkt.extend_from_slice(&0u16.to_be_bytes());
        pkt.extend_from_slice(&[0; 8]);
        pkt.extend_from_slice(&(*proto as u16).to_be_bytes());
        pkt.extend_from_slice(bytes);
        v.extend_from_slice(&(n as u32).to_le_bytes());
        v.extend_from_slice(&0u32.to_le_bytes());
        v.extend_from_slice(&(pkt.len() as u32).to_le_bytes());
        v.extend_from_slice(&(pkt.len() as u32).to_le_bytes());
        v.extend_from_slice(&pkt);
    }
    v
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::new();
    for row in bytes.chunks(16) {
        let line: Vec<String> = row.iter().map(|b| format!("{b:02x}")).collect();
        s.push_str(&line.join(" "));
        s.push('\n');
    }
    s
}

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let Some(dir) = args.next() else {
        eprintln!("usage: fuzz-seeds CORPUS_DIR LOG...");
        std::process::exit(2);
    };
    for log in args {
        let text = std::fs::read_to_string(&log).expect("read log");
        if text.len() <= MAX_LOG {
            write(&dir, "decode_strace", text.as_bytes());
        }
        let mut kept: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut scene: Vec<u8> = Vec::new();
        for item in decode::strace::read(&text, None) {
            let Item::Datagram(d) = item else { continue };
            let proto = d.protocol.unwrap_or(0);
            let bytes = &d.bytes[..d.bytes.len().min(MAX_SEED)];
            write(&dir, "messages", bytes);
            match proto {
                0 if Messages::new(bytes).map_while(Result::ok).any(|m| {
                    TcEvent::is_tc_message(m.kind())
                        || (RTM_NEWACTION..=RTM_GETACTION).contains(&m.kind())
                }) =>
                {
                    write(&dir, "rtnl", bytes);
                    write(&dir, "tc", bytes);
                }
                0 => write(&dir, "rtnl", bytes),
                16 => write(&dir, "families", bytes),
                12 => write(&dir, "netfilter", bytes),
                _ => {}
            }
            if proto == 0 && d.direction == Some(Direction::Reply) {
                for m in Messages::new(&d.bytes).map_while(Result::ok) {
                    let whole = &d.bytes[m.offset()..m.offset() + 16 + m.payload().len()];
                    if scene.len() + whole.len() <= MAX_SCENE {
                        scene.extend_from_slice(whole);
                        // Messages stay 4-aligned, as in a datagram.
                        scene.resize(scene.len().next_multiple_of(4), 0);
                    }
                }
            }
            let mut tree = vec![tree_selector(proto, d.direction)];
            tree.extend_from_slice(bytes);
            write(&dir, "decode_tree", &tree);
            for m in Messages::new(bytes).map_while(Result::ok) {
                // The attributes after the fixed header: 4 bytes for generic netlink, the
                // largest rtnetlink header (ifinfomsg) otherwise.
                let skip = if proto == 16 { 4 } else { 16 };
                if let Some(a) = m.payload().get(skip..).filter(|a| !a.is_empty()) {
                    write(&dir, "attrs", a);
                }
            }
            if kept.len() < PER_LOG {
                kept.push((proto, bytes.to_vec()));
            }
        }
        for (_, b) in kept.iter().take(2) {
            write(&dir, "decode_hex", hex(b).as_bytes());
        }
        if !kept.is_empty() {
            write(&dir, "decode_pcap", &pcap(&kept));
        }
        if !scene.is_empty() {
            write(&dir, "ipdump_json", &scene);
        }
        println!("{}: {} buffers", log.display(), kept.len());
    }
}
