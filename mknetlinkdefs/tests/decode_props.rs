//! Property tests: whatever text or bytes go into the strace, hex and pcap readers and the
//! decoder, nothing panics, and every problem names where it is.

use mknetlinkdefs::decode::{self, render, Decoder, Item, SchemaSet};
use proptest::prelude::*;

/// Netlink-shaped bytes: plausible headers and attribute headers with random lengths, types
/// and payloads, so the decoder goes deep instead of failing at the first length.
fn netlinkish() -> impl Strategy<Value = Vec<u8>> {
    let attr = (
        0u16..80,
        prop::collection::vec(any::<u8>(), 0..24),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(|(kind, payload, nested, lie)| {
            let len = (4 + payload.len()) as u16 + if lie == 0 { 7 } else { 0 };
            let kind = if nested { kind | 0x8000 } else { kind };
            let mut v = len.to_ne_bytes().to_vec();
            v.extend_from_slice(&kind.to_ne_bytes());
            v.extend(payload);
            while v.len() % 4 != 0 {
                v.push(0);
            }
            v
        });
    let msg = (
        prop::sample::select(vec![
            2u16, 3, 16, 18, 20, 24, 28, 48, 68, 88, 104, 16, 17, 28, 1000,
        ]),
        any::<u16>(),
        prop::collection::vec(attr, 0..6),
        prop::collection::vec(any::<u8>(), 0..20),
        0u8..6,
    )
        .prop_map(|(kind, flags, attrs, fixed, lie)| {
            let mut payload = fixed;
            for a in attrs {
                payload.extend(a);
            }
            let len = 16 + payload.len() as u32 + if lie == 0 { 9 } else { 0 };
            let mut v = len.to_ne_bytes().to_vec();
            v.extend_from_slice(&kind.to_ne_bytes());
            v.extend_from_slice(&flags.to_ne_bytes());
            v.extend_from_slice(&[0; 8]);
            v.extend(payload);
            while v.len() % 4 != 0 {
                v.push(0);
            }
            v
        });
    prop::collection::vec(msg, 1..4).prop_map(|m| m.concat())
}

/// The bundled schemas, parsed once (parsing them per case would dominate the run time).
fn schemas() -> &'static SchemaSet {
    static SET: std::sync::OnceLock<SchemaSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| SchemaSet::bundled().0)
}

fn decode_all(items: &[Item]) {
    let mut d = Decoder::new(schemas());
    for i in items {
        if let Item::Datagram(dg) = i {
            let out = d.decode_datagram(dg);
            let mut sink = Vec::new();
            render::text_datagram(&mut sink, "f", dg, &out).unwrap();
            let _ = render::json_datagram("f", dg, &out);
            for p in out.problems(dg) {
                assert!(p.message.contains("offset"), "{}", p.message);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn readers_take_any_text(text in ".{0,400}") {
        decode_all(&decode::strace::read(&text, Some(0)));
        decode_all(&decode::hex::read(&text));
        decode_all(&decode::read_input(text.as_bytes(), Some(16)));
    }

    #[test]
    fn strace_shaped_text(lines in prop::collection::vec(prop_oneof![
        Just("1 socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 3".to_owned()),
        Just("1 socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC) = 3".to_owned()),
        Just("1 sendmsg(3, {msg_iov=[]}, 0) = 20".to_owned()),
        Just("1 recvmsg(3,  <unfinished ...>".to_owned()),
        Just("1 <... recvmsg resumed>{}, 0) = 20".to_owned()),
        Just(" * 20 bytes in buffer 0".to_owned()),
        Just("1 close(3) = 0".to_owned()),
        "[0-9a-f ]{0,60}".prop_map(|h| format!(" | 00000  {h}  ................ |")),
        "[0-9a-f]{5}".prop_map(|o| format!(" | {o}  14 00 00 00 10 00 05 00  00 00 00 00 00 00 00 00  ................ |")),
        ".{0,80}",
    ], 0..30)) {
        let text = lines.join("\n");
        decode_all(&decode::strace::read(&text, None));
    }

    #[test]
    fn any_bytes_into_pcap_and_decoder(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        decode_all(&decode::pcap::read(&bytes));
        let mut with_magic = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                  0xff, 0xff, 0, 0, 253, 0, 0, 0];
        with_magic.extend(&bytes);
        decode_all(&decode::pcap::read(&with_magic));
        let mut d = Decoder::new(schemas());
        for proto in [None, Some(0), Some(16), Some(4)] {
            let _ = d.decode_bytes(&bytes, proto, None);
        }
    }

    #[test]
    fn netlink_shaped_bytes(bytes in netlinkish(), fam in 16u16..40) {
        let mut d = Decoder::new(schemas());
        d.add_family_arg(&format!("mptcp_pm={fam}")).unwrap();
        for proto in [Some(0), Some(16)] {
            for dir in [Some(decode::Direction::Request), Some(decode::Direction::Reply)] {
                let out = d.decode_bytes(&bytes, proto, dir);
                let dg = decode::Datagram { bytes: bytes.clone(), protocol: proto, ..Default::default() };
                let mut sink = Vec::new();
                render::text_datagram(&mut sink, "f", &dg, &out).unwrap();
            }
        }
    }
}
