//! Arbitrary and mutated bytes into generated parsers: `Ok` or `Err`, never a panic.

use netlink_derive::Netlink;
use netlink_runtime::codec::{FromAttrs, FromMessage, Lazy, MacAddr, ToMessage};
use netlink_runtime::{Attr, Attrs};
use proptest::prelude::*;
use std::net::IpAddr;

mod t {
    netlink_derive::schema!("example");
}

#[derive(Netlink, Debug)]
#[netlink(schema = "example", attributes = "inner")]
struct Inner<'a> {
    a: Option<u32>,
    b: Option<&'a str>,
    c: Option<Lazy<'a, Inner<'a>>>,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "example", header = "thop", attributes = "inner")]
struct Hop<'a> {
    #[netlink(header = "ifindex")]
    ifindex: i32,
    b: Option<&'a str>,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "example", message = "t")]
struct Everything<'a> {
    #[netlink(header = "t_index")]
    index: i32,
    u32: Option<u32>,
    uint: Option<u64>,
    sint: Option<i64>,
    str: Option<&'a str>,
    ip: Option<IpAddr>,
    mac: Option<MacAddr>,
    stats: Option<t::tstats>,
    color: Option<t::Color>,
    nest: Option<Inner<'a>>,
    list: Vec<Inner<'a>>,
    u32s: Vec<u32>,
    hops: Vec<Hop<'a>>,
    flag: bool,
    #[netlink(rest)]
    rest: Vec<Attr<'a>>,
}

fn valid_message() -> Vec<u8> {
    let mut b = netlink_runtime::MessageBuilder::new(100, 0);
    b.push_header_bytes(&[0; 12]);
    b.attr_u32(t::T_U32, 1)
        .attr_str(t::T_STR, "abc")
        .attr(t::T_IP, &[1, 2, 3, 4]);
    let n = b.begin_nest(t::T_NEST);
    b.attr_u32(1, 2);
    let inner = b.begin_nest(3);
    b.attr_str(2, "deep");
    b.end_nest(inner);
    b.end_nest(n);
    let l = b.begin_nest(t::T_LIST);
    let e = b.begin_nest(1);
    b.attr_u32(1, 5);
    b.end_nest(e);
    b.end_nest(l);
    b.attr(t::T_HOPS, &[12, 0, 0, 0, 1, 0, 0, 0, 4, 0, 2, 0]);
    b.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(m) = Everything::from_payload(&bytes) {
            if let Some(n) = &m.nest { if let Some(c) = &n.c { let _ = c.get(); } }
            let _ = m.to_message(100, 0).finish();
        }
        let _ = Inner::from_attrs(Attrs::new(&bytes));
    }

    #[test]
    fn mutated_messages_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = valid_message();
        for (i, v) in flips {
            let i = i.index(bytes.len());
            bytes[i] = v;
        }
        let end = 16 + cut.index(bytes.len() - 16);
        let payload = &bytes[16..end];
        if let Ok(m) = Everything::from_payload(payload) {
            if let Some(n) = &m.nest { if let Some(c) = &n.c { let _ = c.get(); } }
        }
    }
}

#[test]
fn the_valid_message_parses() {
    let bytes = valid_message();
    let m = Everything::from_payload(&bytes[16..]).unwrap();
    assert_eq!(m.u32, Some(1));
    assert_eq!(m.str, Some("abc"));
    let n = m.nest.unwrap();
    assert_eq!(n.c.unwrap().get().unwrap().b, Some("deep"));
    assert_eq!(m.list[0].a, Some(5));
    assert_eq!(m.hops[0].ifindex, 1);
    assert_eq!(m.hops[0].b, Some(""));
}
