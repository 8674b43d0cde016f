//! Build, then parse, equal: every value type and container the derive supports, against the
//! hand-written schema `tests/schemas/test.toml`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;
use netlink_runtime::codec::{
    Bitfield32, CEnum, DecodeErrorKind, FromAttrs, FromMessage, Lazy, MacAddr, Record, ToAttrs,
    ToMessage, ValueError,
};
use netlink_runtime::{Attr, Attrs, Message, MessageBuilder};

mod t {
    netlink_derive::schema!("example");
}

#[derive(Netlink, Debug, Clone, PartialEq, Default)]
#[netlink(schema = "example", attributes = "inner")]
struct Inner {
    a: Option<u32>,
    b: Option<String>,
}

#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "example", header = "thop", attributes = "inner")]
struct Hop {
    #[netlink(header = "flags")]
    flags: u8,
    #[netlink(header = "ifindex")]
    ifindex: i32,
    a: Option<u32>,
}

#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "example", sub_message = "t-data")]
enum Data<'a> {
    #[netlink(format = "a")]
    A(Inner),
    #[netlink(format = "s")]
    S(t::tstats),
    Other(&'a [u8]),
}

#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "example", message = "t")]
struct All<'a> {
    #[netlink(header = "t_family")]
    family: u8,
    #[netlink(header = "t_port")]
    port: u16,
    #[netlink(header = "t_index")]
    index: i32,
    u8: Option<u8>,
    u16: Option<u16>,
    u32: u32,
    u64: Option<u64>,
    s8: Option<i8>,
    s16: Option<i16>,
    s32: Option<i32>,
    s64: Option<i64>,
    uint: Option<u64>,
    sint: Option<i64>,
    be16: Option<u16>,
    be32: Option<Ipv4Addr>,
    str: Option<&'a str>,
    bin: Option<&'a [u8]>,
    flag: bool,
    v4: Option<Ipv4Addr>,
    v6: Option<Ipv6Addr>,
    ip: Option<IpAddr>,
    mac: Option<MacAddr>,
    stats: Option<t::tstats>,
    bits: Option<Bitfield32>,
    color: Option<t::Color>,
    nest: Option<Inner>,
    list: Vec<Inner>,
    multi: Vec<u32>,
    raw: Option<&'a [u8]>,
    hops: Vec<Hop>,
    u32s: Vec<u32>,
    kind: Option<&'a str>,
    data: Option<Data<'a>>,
}

fn sample<'a>() -> All<'a> {
    All {
        family: 10,
        port: 0x1234,
        index: -7,
        u8: Some(0xab),
        u16: Some(0xbeef),
        u32: 0xdead_beef,
        u64: Some(u64::MAX - 1),
        s8: Some(-8),
        s16: Some(-16),
        s32: Some(-32),
        s64: Some(i64::MIN),
        uint: Some(1 << 40),
        sint: Some(-5),
        be16: Some(443),
        be32: Some(Ipv4Addr::new(10, 1, 2, 3)),
        str: Some("veth0"),
        bin: Some(&[1, 2, 3]),
        flag: true,
        v4: Some(Ipv4Addr::new(192, 0, 2, 1)),
        v6: Some("2001:db8::1".parse().unwrap()),
        ip: Some("fe80::1".parse().unwrap()),
        mac: Some(MacAddr([2, 0, 0, 0, 0, 1])),
        stats: Some(t::tstats {
            packets: 1_000_000_000_000,
            bytes: 77,
        }),
        bits: Some(Bitfield32 {
            value: 5,
            selector: 7,
        }),
        color: Some(t::Color::Blue),
        nest: Some(Inner {
            a: Some(1),
            b: Some("x".into()),
        }),
        list: vec![
            Inner {
                a: Some(2),
                b: None,
            },
            Inner {
                a: None,
                b: Some("y".into()),
            },
        ],
        multi: vec![3, 4, 5],
        raw: Some(&[9, 9]),
        hops: vec![
            Hop {
                flags: 1,
                ifindex: 3,
                a: Some(100),
            },
            Hop {
                flags: 0,
                ifindex: 4,
                a: None,
            },
        ],
        u32s: vec![10, 20],
        kind: Some("a"),
        data: Some(Data::A(Inner {
            a: Some(42),
            b: None,
        })),
    }
}

fn build(v: &impl ToMessage) -> Vec<u8> {
    v.to_message(t::T_MSG_NEW, 0).finish().expect("encodes")
}

#[test]
fn every_value_type_round_trips() {
    let orig = sample();
    let bytes = build(&orig);
    let msg = Message::parse(&bytes).unwrap();
    assert_eq!(msg.kind(), t::T_MSG_NEW);
    let back = All::from_message(&msg).unwrap();
    assert_eq!(back, orig);
}

#[test]
fn absent_optionals_are_omitted_and_read_back_as_none() {
    let mut orig = sample();
    orig.u8 = None;
    orig.flag = false;
    orig.nest = None;
    orig.list.clear();
    orig.multi.clear();
    orig.hops.clear();
    orig.data = None;
    orig.kind = None;
    let bytes = build(&orig);
    let back = All::from_message(&Message::parse(&bytes).unwrap()).unwrap();
    assert_eq!(back, orig);
    // The builder wrote nothing for them: compare with the full message's length.
    assert!(bytes.len() < build(&sample()).len());
}

#[test]
fn wire_bytes_are_what_the_kernel_expects() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct Small {
        #[netlink(header = "t_port")]
        port: u16,
        be16: Option<u16>,
        flag: bool,
        str: Option<String>,
    }
    let bytes = build(&Small {
        port: 0x0102,
        be16: Some(0x0304),
        flag: true,
        str: Some("ab".into()),
    });
    // nlmsghdr (16) + tmsg (12) + be16 (4+2 -> 8) + flag (4) + "ab\0" (4+3 -> 8)
    assert_eq!(bytes.len(), 16 + 12 + 8 + 4 + 8);
    assert_eq!(&bytes[16 + 2..16 + 4], &[1, 2], "header be16 is big-endian");
    assert_eq!(
        &bytes[28..34],
        &[6, 0, 11, 0, 3, 4],
        "attr be16: len 6, type 11, big-endian"
    );
    assert_eq!(&bytes[36..40], &[4, 0, 15, 0], "flag: zero-length payload");
    assert_eq!(
        &bytes[40..47],
        &[7, 0, 13, 0, b'a', b'b', 0],
        "string is NUL-terminated"
    );
}

#[test]
fn nests_carry_nla_f_nested() {
    let orig = sample();
    let bytes = build(&orig);
    let msg = Message::parse(&bytes).unwrap();
    let nest = msg
        .attrs(12)
        .unwrap()
        .map(Result::unwrap)
        .find(|a| a.kind() == t::T_NEST)
        .unwrap();
    assert!(nest.is_nested());
    let hops = msg
        .attrs(12)
        .unwrap()
        .map(Result::unwrap)
        .find(|a| a.kind() == t::T_HOPS)
        .unwrap();
    assert!(!hops.is_nested(), "a record list is not a nest");
    // Each record's length member covers its struct and attributes: 8 + (4 + 4).
    assert_eq!(
        u16::from_ne_bytes([hops.payload()[0], hops.payload()[1]]),
        16
    );
}

#[test]
fn unknown_attributes_are_skipped_or_collected() {
    #[derive(Netlink, Debug)]
    #[netlink(schema = "example", message = "t")]
    struct Few<'a> {
        u32: u32,
        #[netlink(rest)]
        rest: Vec<Attr<'a>>,
    }
    let mut b = MessageBuilder::new(t::T_MSG_NEW, 0);
    b.push_header_bytes(&[0; 12]);
    b.attr_u32(t::T_U32, 5);
    b.attr_u32(999, 6); // an attribute from a newer kernel
    b.attr_u8(t::T_U8, 1);
    let bytes = b.finish().unwrap();
    let few = Few::from_message(&Message::parse(&bytes).unwrap()).unwrap();
    assert_eq!(few.u32, 5);
    let kinds: Vec<u16> = few.rest.iter().map(|a| a.kind()).collect();
    assert_eq!(kinds, [999, t::T_U8]);
    // Writing it back keeps the collected attributes.
    let again = few.to_message(t::T_MSG_NEW, 0).finish().unwrap();
    assert_eq!(again, bytes);
}

#[test]
fn required_attribute_absent_is_a_clear_error() {
    let mut b = MessageBuilder::new(t::T_MSG_NEW, 0);
    b.push_header_bytes(&[0; 12]);
    let bytes = b.finish().unwrap();
    let err = All::from_message(&Message::parse(&bytes).unwrap()).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::Missing);
    assert_eq!(
        err.to_string(),
        "required attribute T_U32 of set t is absent"
    );
}

#[test]
fn wrong_size_names_set_attribute_and_offset() {
    let mut b = MessageBuilder::new(t::T_MSG_NEW, 0);
    b.push_header_bytes(&[0; 12]);
    b.attr_u32(t::T_U32, 1);
    b.attr(t::T_IP, &[1, 2, 3]);
    let bytes = b.finish().unwrap();
    let err = All::from_message(&Message::parse(&bytes).unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "attribute T_IP of set t at offset 36: payload of 3 bytes, expected 4 or 16"
    );
}

#[test]
fn malformed_length_is_an_error_not_a_panic() {
    let mut bytes = build(&sample());
    // Make the first attribute claim more bytes than the message has.
    bytes[28] = 0xff;
    bytes[29] = 0x7f;
    let err = All::from_payload(&bytes[16..]).unwrap_err();
    assert!(matches!(err.kind, DecodeErrorKind::Malformed(_)), "{err}");
    // The set, the attribute (its header was readable) and the offset are named.
    assert_eq!(err.attr, "T_U8");
    assert_eq!(
        err.to_string(),
        "set t, T_U8: attribute type 1 at offset 28: length 32767 runs past the end (380 bytes left)"
    );
}

#[test]
fn lazy_fields_decode_on_demand() {
    #[derive(Netlink)]
    #[netlink(schema = "example", message = "t")]
    struct L<'a> {
        nest: Option<Lazy<'a, Inner>>,
        ip: Lazy<'a, IpAddr>,
    }
    let mut b = MessageBuilder::new(t::T_MSG_NEW, 0);
    b.push_header_bytes(&[0; 12]);
    b.attr(t::T_IP, &[1, 2, 3]); // malformed, but only an error when asked for
    let n = b.begin_nest(t::T_NEST);
    b.attr_u32(1, 77);
    b.end_nest(n);
    let bytes = b.finish().unwrap();
    let l = L::from_message(&Message::parse(&bytes).unwrap()).unwrap();
    assert_eq!(l.nest.unwrap().get().unwrap().a, Some(77));
    assert!(l.ip.get().is_err());
    let again = l.to_message(t::T_MSG_NEW, 0).finish().unwrap();
    assert_eq!(
        again.len(),
        bytes.len(),
        "lazy fields are written back unchanged"
    );
}

#[test]
fn owned_and_borrowed_forms() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct Owned {
        str: String,
        bin: Vec<u8>,
        mac: [u8; 6],
        #[netlink(attr = "T_COLOR")]
        c: u8,
        #[netlink(skip)]
        note: u32,
    }
    let o = Owned {
        str: "hello".into(),
        bin: vec![1, 2],
        mac: [1, 2, 3, 4, 5, 6],
        c: 7,
        note: 0,
    };
    let bytes = build(&o);
    assert_eq!(
        Owned::from_message(&Message::parse(&bytes).unwrap()).unwrap(),
        o
    );
}

#[test]
fn uint_and_sint_take_four_or_eight_bytes() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct U {
        uint: u64,
        sint: i64,
        #[netlink(attr = "T_UINT")]
        small: u32,
    }
    let u = U {
        uint: 7,
        sint: -1,
        small: 7,
    };
    let bytes = build(&u);
    // 4-byte encodings when the values fit, as the kernel's nla_put_uint does.
    assert_eq!(bytes.len(), 16 + 12 + 8 + 8 + 8);
    assert_eq!(
        U::from_message(&Message::parse(&bytes).unwrap()).unwrap(),
        u
    );
    let big = U {
        uint: 1 << 33,
        sint: -(1 << 33),
        small: 0,
    };
    let bytes = build(&big);
    let err = U::from_message(&Message::parse(&bytes).unwrap()).unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::Value(ValueError::Range { value: 1 << 33 })
    );
}

#[test]
fn enums_keep_unknown_values() {
    assert_eq!(t::Color::from_raw(1), t::Color::Green);
    assert_eq!(t::Color::from_raw(99), t::Color::Unknown(99));
    assert_eq!(t::Color::Unknown(99).to_raw(), 99);
    assert_eq!(t::Color::Blue.to_raw(), i64::from(t::COLOR_BLUE));
}

#[test]
fn flag_enums_are_sets_of_bits_with_names() {
    let rw = t::Perm::READ | t::Perm::WRITE;
    assert_eq!(rw.bits(), 3);
    assert!(rw.contains(t::Perm::READ) && !rw.contains(t::Perm::EXEC));
    assert_eq!(rw.to_string(), "READ,WRITE");
    assert_eq!(format!("{rw:?}"), "Perm(READ,WRITE)");
    // Bits without a name are kept and shown as a number.
    let odd = t::Perm(0x15);
    assert_eq!(
        (odd.unnamed(), odd.to_string()),
        (0x10, "READ,EXEC,0x10".into())
    );
    assert_eq!("exec|read".parse::<t::Perm>(), Ok(t::Perm(5)));
    assert_eq!("READ,0x10".parse::<t::Perm>(), Ok(t::Perm(0x11)));
    assert!("READ,FLY".parse::<t::Perm>().is_err());
    assert_eq!(t::Perm::default(), t::Perm::empty());
    assert_eq!((rw - t::Perm::READ), t::Perm::WRITE);
    assert_eq!(<t::Perm as CEnum>::from_raw(4), t::Perm::EXEC);
}

#[test]
fn enums_have_names_for_people() {
    // The member name after the common prefix, lower-cased (the schema's default case).
    assert_eq!(t::Color::Green.to_string(), "green");
    assert_eq!(t::Color::Unknown(99).to_string(), "99");
    assert_eq!(t::Color::Blue.name(), Some("blue"));
    assert_eq!(t::Color::Unknown(7).name(), None);
    assert_eq!(
        t::Color::NAMES,
        &[
            (t::Color::Red, "red"),
            (t::Color::Green, "green"),
            (t::Color::Blue, "blue")
        ]
    );
    // Any case, numbers (decimal, hex), and an error listing the names.
    assert_eq!("GREEN".parse::<t::Color>(), Ok(t::Color::Green));
    assert_eq!("7".parse::<t::Color>(), Ok(t::Color::Blue));
    assert_eq!("0x63".parse::<t::Color>(), Ok(t::Color::Unknown(99)));
    let e = "purple".parse::<t::Color>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "\"purple\" is not a Color (expected red, green, blue, or a number)"
    );
    assert_eq!(t::Color::default(), t::Color::Red);
}

#[test]
fn records_tolerate_short_and_long_payloads() {
    let s = t::tstats::read(&[1, 0, 0, 0, 0, 0, 0, 0, 2, 0]);
    assert_eq!((s.packets, s.bytes), (1, 2), "shorter: zero-filled");
    let mut long = t::tstats {
        packets: 5,
        bytes: 6,
    }
    .to_bytes();
    long.extend_from_slice(&[0xff; 8]);
    let s = t::tstats::read(&long);
    assert_eq!((s.packets, s.bytes), (5, 6), "longer: extra ignored");
    assert_eq!(
        <t::tstats as Record>::SIZE,
        std::mem::size_of::<t::tstats>()
    );
}

#[test]
fn sub_message_selects_by_kind_with_fallback() {
    let mut m = sample();
    m.kind = Some("s");
    m.data = Some(Data::S(t::tstats {
        packets: 3,
        bytes: 4,
    }));
    let bytes = build(&m);
    assert_eq!(
        All::from_message(&Message::parse(&bytes).unwrap()).unwrap(),
        m
    );

    m.kind = Some("zzz");
    m.data = Some(Data::Other(&[1, 2, 3, 4]));
    let bytes = build(&m);
    assert_eq!(
        All::from_message(&Message::parse(&bytes).unwrap()).unwrap(),
        m
    );
}

#[test]
fn sub_message_writes_its_selector_when_no_field_does() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct OnlyData<'a> {
        data: Option<Data<'a>>,
    }
    let v = OnlyData {
        data: Some(Data::A(Inner {
            a: Some(1),
            b: None,
        })),
    };
    let bytes = build(&v);
    let msg = Message::parse(&bytes).unwrap();
    let kind = msg
        .attrs(12)
        .unwrap()
        .map(Result::unwrap)
        .find(|a| a.kind() == t::T_KIND)
        .expect("selector written");
    assert_eq!(kind.payload(), b"a\0");
    assert_eq!(OnlyData::from_message(&msg).unwrap(), v);
}

#[test]
fn filter_hook_drops_messages_before_attributes() {
    let bytes = build(&sample());
    let msg = Message::parse(&bytes).unwrap();
    let kept = All::from_message_if(&msg, |h: &t::tmsg| h.t_family == 10).unwrap();
    assert!(kept.is_some());
    // A message with a corrupt attribute area is dropped without looking at it.
    let mut broken = bytes.clone();
    broken[28] = 0xff;
    let msg = Message::parse(&broken).unwrap();
    let dropped = All::from_message_if(&msg, |h: &t::tmsg| h.t_family == 2).unwrap();
    assert!(dropped.is_none());
}

#[test]
fn attribute_set_structs_work_standalone() {
    let inner = Inner {
        a: Some(9),
        b: Some("z".into()),
    };
    let mut b = MessageBuilder::new(1, 0);
    inner.to_attrs(&mut b);
    let bytes = b.finish().unwrap();
    let back = Inner::from_attrs(Attrs::new(&bytes[16..])).unwrap();
    assert_eq!(back, inner);
}

#[test]
fn generic_netlink_messages_skip_genlmsghdr() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "tgenl")]
    struct G {
        a: u32,
    }
    assert_eq!(<G as FromMessage>::HEADER_LEN, 4);
    let mut b = MessageBuilder::new_genl(0x20, 0, t::T_CMD_GET, 1);
    G { a: 3 }.write_payload(&mut b);
    let bytes = b.finish().unwrap();
    assert_eq!(
        G::from_message(&Message::parse(&bytes).unwrap()).unwrap(),
        G { a: 3 }
    );
}

/// A fixed header with a struct member (`taddr`, whose `ip` members take their family from
/// the header's `a_family`), arrays and addresses: filled field by field, read back, and the
/// bytes are where the C layout puts them.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "example", message = "ta")]
struct AddrMsg {
    #[netlink(header = "a_family")]
    family: u8,
    #[netlink(header = "a_pad")]
    pad: [u8; 2],
    #[netlink(header = "id")]
    id: t::taddr,
    #[netlink(header = "a_v4")]
    v4: Ipv4Addr,
    #[netlink(header = "a_mac")]
    mac: MacAddr,
    #[netlink(header = "a_port")]
    port: u16,
    a: Option<u32>,
}

fn addr_msg(family: u8, src: IpAddr, dst: IpAddr) -> AddrMsg {
    AddrMsg {
        family,
        pad: [7, 8],
        id: t::taddr {
            sport: 443,
            dport: 51000,
            src,
            dst,
            ifindex: 3,
            cookie: [0x1122_3344, 0x5566_7788],
        },
        v4: Ipv4Addr::new(192, 0, 2, 9),
        mac: MacAddr([2, 0, 0, 0, 0, 0x42]),
        port: 0x1234,
        a: Some(5),
    }
}

#[test]
fn header_struct_members_arrays_and_addresses() {
    let v6 = addr_msg(
        t::AF_INET6 as u8,
        "2001:db8::1".parse().unwrap(),
        "fe80::2".parse().unwrap(),
    );
    let bytes = v6.to_message(t::T_MSG_ADDR, 0).finish().unwrap();
    let p = &bytes[16..];
    assert_eq!(p[0], 10);
    assert_eq!(&p[2..4], &[7, 8]);
    assert_eq!(&p[4..6], &443u16.to_be_bytes(), "sport in network order");
    let src: Ipv6Addr = "2001:db8::1".parse().unwrap();
    assert_eq!(&p[8..24], &src.octets());
    assert_eq!(&p[40..44], &3u32.to_ne_bytes());
    assert_eq!(&p[44..48], &0x1122_3344u32.to_ne_bytes());
    assert_eq!(&p[52..56], &[192, 0, 2, 9]);
    assert_eq!(&p[56..62], &[2, 0, 0, 0, 0, 0x42]);
    assert_eq!(&p[62..64], &0x1234u16.to_be_bytes());
    let back = AddrMsg::from_message(&Message::parse(&bytes).unwrap()).unwrap();
    assert_eq!(back, v6);

    // AF_INET: the address is the first 4 of the 16 bytes, read back as IPv4.
    let v4 = addr_msg(
        t::AF_INET as u8,
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)),
    );
    let bytes = v4.to_message(t::T_MSG_ADDR, 0).finish().unwrap();
    assert_eq!(
        &bytes[16 + 8..16 + 24],
        &[10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    let back = AddrMsg::from_message(&Message::parse(&bytes).unwrap()).unwrap();
    assert_eq!(back.id.src, IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)));
    assert_eq!(back, v4);

    // The whole header as schema!'s struct reads the same, the family from its own member.
    let h = <t::tamsg as Record>::read(&bytes[16..]);
    assert_eq!(h.id.dst, IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)));
    assert_eq!((h.a_v4, h.a_mac, h.a_port), (v4.v4, v4.mac, 0x1234));
    assert_eq!(h.to_bytes(), bytes[16..16 + 64].to_vec());
    // The address block alone has no family: its addresses read as the 16 bytes (IPv6).
    let id = <t::taddr as Record>::read(&bytes[16 + 4..]);
    assert_eq!(id.src, IpAddr::V6("a00:1::".parse().unwrap()));
    let id = <t::taddr as Record>::read_with_family(&bytes[16 + 4..], Some(2));
    assert_eq!(id, v4.id);
}

#[test]
fn bitfield_and_array_accessors_of_structs_kept_as_bytes() {
    let mut b = t::tbits::default();
    b.set_lo(0xf);
    b.set_hi(0xabc);
    b.set_neg(-3);
    b.set_arr([1, 2]);
    b.set_tail(0xbeef);
    // lo in bits 0..4, hi in bits 4..16, neg in bits 16..19 (two's complement 0b101).
    let word = u32::from_le_bytes(b.bytes[..4].try_into().unwrap());
    assert_eq!(word, 0xf | (0xabc << 4) | (0b101 << 16));
    assert_eq!(&b.bytes[4..], &[1, 2, 0xef, 0xbe]);
    assert_eq!(
        (b.lo(), b.hi(), b.neg(), b.arr(), b.tail()),
        (0xf, 0xabc, -3, [1, 2], 0xbeef)
    );
    // Setting one field leaves its neighbours alone; values wider than the field are cut.
    b.set_lo(0x13);
    assert_eq!((b.lo(), b.hi(), b.neg()), (3, 0xabc, -3));
    // As an attribute: T_TBITS holds the struct's bytes.
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct Bits {
        u32: u32,
        tbits: Option<t::tbits>,
    }
    let v = Bits {
        u32: 1,
        tbits: Some(b),
    };
    let bytes = build(&v);
    assert_eq!(
        Bits::from_message(&Message::parse(&bytes).unwrap()).unwrap(),
        v
    );
}

#[test]
fn an_address_member_reads_as_ipv6addr() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct WithAddr {
        u32: u32,
        addr6: Option<t::t6>,
    }
    let addr: Ipv6Addr = "2001:db8::42".parse().unwrap();
    let v = WithAddr {
        u32: 1,
        addr6: Some(t::t6 { addr, plen: 64 }),
    };
    let bytes = build(&v);
    let msg = Message::parse(&bytes).unwrap();
    let a = msg
        .attrs(12)
        .unwrap()
        .map(Result::unwrap)
        .find(|a| a.kind() == t::T_ADDR6)
        .expect("T_ADDR6 written");
    assert_eq!(
        &a.payload()[..16],
        &addr.octets(),
        "the 16 bytes in network order"
    );
    assert_eq!(&a.payload()[16..], &64u32.to_ne_bytes());
    assert_eq!(WithAddr::from_message(&msg).unwrap(), v);
}

/// `s16`/`s32`/`s64` with `byte-order = "big-endian"` go on the wire in network order, and
/// negative values come back negative (nf_tables' hook priorities and verdict codes).
#[test]
fn signed_big_endian_integers_are_in_network_order() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct Signed {
        bes16: Option<i16>,
        bes32: Option<i32>,
        bes64: Option<i64>,
    }
    let v = Signed {
        bes16: Some(-2),
        bes32: Some(-300),
        bes64: Some(-70_000_000_000),
    };
    let bytes = build(&v);
    let msg = Message::parse(&bytes).unwrap();
    let payload = |kind: u16| {
        msg.attrs(12)
            .unwrap()
            .map(Result::unwrap)
            .find(|a| a.kind() == kind)
            .map(|a| a.payload().to_vec())
    };
    assert_eq!(payload(t::T_BES16), Some((-2i16).to_be_bytes().to_vec()));
    assert_eq!(payload(t::T_BES32), Some((-300i32).to_be_bytes().to_vec()));
    assert_eq!(
        payload(t::T_BES64),
        Some((-70_000_000_000i64).to_be_bytes().to_vec())
    );
    // The kernel's bytes (built by hand) read as the values they stand for.
    let mut b = MessageBuilder::new(t::T_MSG_NEW, 0);
    b.push_header_bytes(&[0; 12]);
    b.attr(t::T_BES16, &(-2i16).to_be_bytes());
    b.attr(t::T_BES32, &(-300i32).to_be_bytes());
    b.attr(t::T_BES64, &(-70_000_000_000i64).to_be_bytes());
    let kernel = b.finish().unwrap();
    assert_eq!(
        Signed::from_message(&Message::parse(&kernel).unwrap()).unwrap(),
        v
    );
}

#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "example", sub_message = "t-proto")]
enum ProtoData {
    #[netlink(format = "TP_IPV4")]
    V4(Inner),
    #[netlink(format = "TP_IPV6")]
    V6(t::tstats),
}

/// An integer selector declared big-endian (`T_PROTO`, an EtherType) is read and written in
/// network order: 0x0800 picks the IPv4 format, 0x86dd the IPv6 one.
#[test]
fn big_endian_integer_selector_picks_the_format() {
    #[derive(Netlink, Debug, PartialEq)]
    #[netlink(schema = "example", message = "t")]
    struct ByProto {
        pdata: Option<ProtoData>,
    }
    // As the kernel sends it: the selector's bytes in network order, then the payload.
    let mut b = MessageBuilder::new(t::T_MSG_NEW, 0);
    b.push_header_bytes(&[0; 12]);
    b.attr(t::T_PROTO, &[0x08, 0x00]);
    let n = b.begin_nest(t::T_PDATA);
    b.attr(t::IN_A, &7u32.to_ne_bytes());
    b.end_nest(n);
    let kernel = b.finish().unwrap();
    let got = ByProto::from_message(&Message::parse(&kernel).unwrap()).unwrap();
    assert_eq!(
        got.pdata,
        Some(ProtoData::V4(Inner {
            a: Some(7),
            b: None
        }))
    );

    // Written by us: the selector goes out in network order.
    let v = ByProto {
        pdata: Some(ProtoData::V6(t::tstats {
            packets: 1,
            bytes: 2,
        })),
    };
    let bytes = build(&v);
    let msg = Message::parse(&bytes).unwrap();
    let sel = msg
        .attrs(12)
        .unwrap()
        .map(Result::unwrap)
        .find(|a| a.kind() == t::T_PROTO)
        .expect("selector written");
    assert_eq!(sel.payload(), &[0x86, 0xdd]);
    assert_eq!(ByProto::from_message(&msg).unwrap(), v);
}

/// A header member read as the integer of the same width and the other signedness (`int
/// ifi_index` as `u32`): the same bits, both ways.
#[derive(Netlink, Debug, Clone, PartialEq)]
#[netlink(schema = "example", message = "t")]
struct UnsignedIndex {
    #[netlink(header = "t_index")]
    index: u32,
}

#[test]
fn header_member_reads_with_the_other_signedness() {
    let signed = All {
        index: -2,
        ..sample()
    };
    let bytes = build(&signed);
    let u = UnsignedIndex::from_message(&Message::parse(&bytes).unwrap()).unwrap();
    assert_eq!(u.index, 0xffff_fffe);
    let bytes = build(&UnsignedIndex { index: 0xffff_fffd });
    let header: t::tmsg =
        netlink_runtime::codec::Record::read(Message::parse(&bytes).unwrap().payload());
    assert_eq!(header.t_index, -3);
}
