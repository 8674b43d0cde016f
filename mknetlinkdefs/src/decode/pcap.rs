//! Reading a pcap file captured on an `nlmon` device.
//!
//! Classic pcap (either byte order, micro- or nanosecond time stamps). Each packet of link type
//! 253 (`LINKTYPE_NETLINK`) starts with a 16-byte cooked header:
//!
//! ```text
//! 0  packet type (big-endian u16; the spec says unused, libpcap stores the skb's pkt_type)
//! 2  ARPHRD_ type (big-endian u16, SLL_HATYPE_NETLINK = 824)
//! 4  unused (10 bytes: address length and address)
//! 14 protocol (big-endian u16): the netlink protocol, NETLINK_ROUTE = 0, ...
//! 16 the netlink messages
//! ```
//!
//! Link type 113 (`LINKTYPE_LINUX_SLL`) with ARPHRD type 824 has the same layout. The packet
//! type gives the direction: nlmon marks messages to the kernel `PACKET_KERNEL` (7) and to user
//! space `PACKET_USER` (6); `PACKET_OUTGOING` (4) and `PACKET_HOST` (0) are read the same way.

use super::{Datagram, Direction, Item, Origin, Problem};

/// `LINKTYPE_NETLINK`.
pub const LINKTYPE_NETLINK: u32 = 253;
/// `LINKTYPE_LINUX_SLL`.
pub const LINKTYPE_LINUX_SLL: u32 = 113;
/// The `sll_hatype` an nlmon device writes into the cooked header: the pcap format's
/// LINKTYPE_LINUX_SLL documents it as the device's ARPHRD_ type, ARPHRD_NETLINK (824) for nlmon.
pub const SLL_HATYPE_NETLINK: u16 = 824;

const MAGICS: [[u8; 4]; 4] = [
    [0xd4, 0xc3, 0xb2, 0xa1], // little-endian, microseconds
    [0x4d, 0x3c, 0xb2, 0xa1], // little-endian, nanoseconds
    [0xa1, 0xb2, 0xc3, 0xd4], // big-endian, microseconds
    [0xa1, 0xb2, 0x3c, 0x4d], // big-endian, nanoseconds
];

const PCAPNG: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

/// Whether the input starts with a pcap (or pcapng) magic number.
pub fn is_pcap(input: &[u8]) -> bool {
    input
        .first_chunk::<4>()
        .is_some_and(|m| MAGICS.contains(m) || *m == PCAPNG)
}

fn problem(origin: Option<Origin>, message: String) -> Item {
    Item::Problem(Problem { origin, message })
}

/// Reads a pcap file; every packet becomes a datagram, every malformed one a problem.
pub fn read(input: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    let Some(magic) = input.first_chunk::<4>() else {
        items.push(problem(
            None,
            "pcap: file shorter than its magic number".into(),
        ));
        return items;
    };
    if *magic == PCAPNG {
        items.push(problem(
            None,
            "pcapng is not supported: convert with `editcap -F pcap IN OUT` or capture with \
             `tcpdump -w` (classic pcap)"
                .into(),
        ));
        return items;
    }
    let big = magic[0] == 0xa1;
    let u32_at = |b: &[u8], at: usize| -> Option<u32> {
        let c = b.get(at..at + 4)?;
        let a = [c[0], c[1], c[2], c[3]];
        Some(if big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    };
    let Some(linktype) = u32_at(input, 20) else {
        items.push(problem(
            None,
            "pcap: truncated file header (24 bytes needed)".into(),
        ));
        return items;
    };
    // The upper bits of the link-type field hold FCS information.
    let linktype = linktype & 0x0fff_ffff;
    if linktype != LINKTYPE_NETLINK && linktype != LINKTYPE_LINUX_SLL {
        items.push(problem(
            None,
            format!(
                "pcap: link type {linktype} is not netlink (expected {LINKTYPE_NETLINK}, from an \
                 nlmon device)"
            ),
        ));
        return items;
    }
    let mut pos = 24usize;
    let mut n = 0usize;
    while pos < input.len() {
        n += 1;
        let origin = Some(Origin::Packet(n));
        let (Some(incl), Some(orig)) = (u32_at(input, pos + 8), u32_at(input, pos + 12)) else {
            items.push(problem(
                origin,
                format!(
                    "pcap: truncated packet header at file offset {pos} ({} bytes left)",
                    input.len() - pos
                ),
            ));
            break;
        };
        let start = pos + 16;
        let Some(data) = start
            .checked_add(incl as usize)
            .and_then(|end| input.get(start..end))
        else {
            items.push(problem(
                origin,
                format!(
                    "pcap: packet at file offset {pos}: length {incl} past the end of the file \
                     ({} bytes left)",
                    input.len() - start.min(input.len())
                ),
            ));
            break;
        };
        pos = start + incl as usize;
        if orig > incl {
            items.push(problem(
                origin.clone(),
                format!("pcap: packet truncated by the capture ({incl} of {orig} bytes)"),
            ));
        }
        let Some(cooked) = data.first_chunk::<16>() else {
            items.push(problem(
                origin,
                format!("pcap: packet of {incl} bytes is shorter than the 16-byte cooked header"),
            ));
            continue;
        };
        let pkttype = u16::from_be_bytes([cooked[0], cooked[1]]);
        let hatype = u16::from_be_bytes([cooked[2], cooked[3]]);
        let protocol = u16::from_be_bytes([cooked[14], cooked[15]]);
        if hatype != SLL_HATYPE_NETLINK {
            items.push(problem(
                origin,
                format!("pcap: ARPHRD type {hatype} is not ARPHRD_NETLINK ({SLL_HATYPE_NETLINK})"),
            ));
            continue;
        }
        let direction = match pkttype {
            7 | 4 => Some(Direction::Request),
            6 | 0 => Some(Direction::Reply),
            _ => None,
        };
        items.push(Item::Datagram(Datagram {
            bytes: data[16..].to_vec(),
            origin,
            rows: Vec::new(),
            protocol: Some(u32::from(protocol)),
            direction,
            ..Datagram::default()
        }));
    }
    items
}
