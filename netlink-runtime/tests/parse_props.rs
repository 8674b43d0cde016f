//! Property tests: arbitrary bytes never make the message or attribute
//! iterators panic, and everything they yield lies inside the buffer.

use netlink_runtime::attr::Attrs;
use netlink_runtime::message::Messages;
use proptest::prelude::*;

fn within(buf: &[u8], part: &[u8]) -> bool {
    let b = buf.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    p >= b && p + part.len() <= b + buf.len()
}

fn walk_attrs(buf: &[u8], attrs: Attrs<'_>, base: usize, depth: u32) -> usize {
    let mut n = 0;
    for a in attrs {
        match a {
            Ok(a) => {
                n += 1;
                assert!(within(buf, a.payload()));
                assert!(a.offset() >= base);
                assert!(a.offset() + 4 + a.payload().len() <= base + buf.len());
                if depth < 4 {
                    n += walk_attrs(buf, a.nested(), base, depth + 1);
                }
            }
            Err(e) => {
                assert!(e.offset >= base && e.offset <= base + buf.len());
                let _ = e.to_string();
            }
        }
    }
    n
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn attrs_never_panic(buf in proptest::collection::vec(any::<u8>(), 0..512), base in 0usize..1000) {
        walk_attrs(&buf, Attrs::with_base(&buf, base), base, 0);
        // After an error the iterator is exhausted.
        let mut it = Attrs::new(&buf);
        while let Some(r) = it.next() {
            if r.is_err() {
                prop_assert!(it.next().is_none());
                break;
            }
        }
    }

    #[test]
    fn attrs_extreme_base_never_panics(buf in proptest::collection::vec(any::<u8>(), 0..128)) {
        for a in Attrs::with_base(&buf, usize::MAX - 8).flatten() {
            for n in a.nested().flatten() {
                let _ = n.offset();
            }
        }
    }

    #[test]
    fn messages_never_panic(buf in proptest::collection::vec(any::<u8>(), 0..1024)) {
        for m in Messages::new(&buf) {
            match m {
                Ok(m) => {
                    prop_assert!(within(&buf, m.payload()));
                    prop_assert!(m.offset() + 16 + m.payload().len() <= buf.len());
                    prop_assert_eq!(m.header().len as usize, 16 + m.payload().len());
                    let _ = m.attrs(usize::MAX);
                    let _ = m.fixed_header(usize::MAX);
                    for fixed in [0usize, 4, 8, 12, 16] {
                        if let Ok(attrs) = m.attrs(fixed) {
                            // Offsets are relative to the message start.
                            for a in attrs.flatten() {
                                prop_assert!(a.offset() + 4 + a.payload().len() <= 16 + m.payload().len());
                                prop_assert!(within(&buf, a.payload()));
                            }
                        }
                    }
                }
                Err(e) => {
                    prop_assert!(e.offset <= buf.len());
                }
            }
        }
    }

    /// Well-formed input built with the builder parses back exactly.
    #[test]
    fn builder_roundtrip(items in proptest::collection::vec((1u16..0x3fff, proptest::collection::vec(any::<u8>(), 0..40)), 0..20)) {
        let mut b = netlink_runtime::MessageBuilder::new(100, 0);
        b.push_header_bytes(&[1, 2, 3]);
        for (k, p) in &items {
            b.attr(*k, p);
        }
        let bytes = b.finish().unwrap();
        let m = netlink_runtime::Message::parse(&bytes).unwrap();
        let got: Vec<(u16, Vec<u8>)> = m.attrs(3).unwrap().map(|a| { let a = a.unwrap(); (a.kind(), a.payload().to_vec()) }).collect();
        prop_assert_eq!(got, items);
    }
}
