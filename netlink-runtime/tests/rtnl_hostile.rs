//! Hostile kernel data (issue 14, findings 1 and 2): names that are not UTF-8 are kept as bytes,
//! and a malformed part of an object is an error for that object, never dropped silently. The
//! inputs are in `tests/data/hostile/` (hex, `#` comments).

use netlink_runtime::codec::FromMessage;
use netlink_runtime::rtnl::*;
use netlink_runtime::Message;

/// The bytes of a hex test file (whitespace and `#` comments ignored).
fn hex_file(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/hostile/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let digits: String = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn route_with_undecodable_metrics_is_an_error_naming_them() {
    let bytes = hex_file("route_bad_metrics.hex");
    let msg = Message::parse(&bytes).unwrap();
    // The borrowed form keeps the metrics lazy: the route itself reads.
    let r = RouteRef::from_message(&msg).unwrap();
    assert_eq!(r.dst, Some("10.0.0.0".parse().unwrap()));
    let err = r.metrics.unwrap().get().unwrap_err();
    assert_eq!((err.set, err.attr, err.offset), ("rta", "RTA_METRICS", 52));
    // The owned form cannot drop them: it fails, and says where.
    let err = Route::try_from(&r).unwrap_err().to_string();
    assert!(
        err.contains("RTA_METRICS") && err.contains("RTAX_MTU"),
        "{err}"
    );
}

#[test]
fn trailing_partial_nexthop_grp_is_an_error() {
    let bytes = hex_file("nexthop_partial_group.hex");
    let msg = Message::parse(&bytes).unwrap();
    let n = NexthopRef::from_message(&msg).unwrap();
    assert!(n.is_group());
    let err = n.group().err().expect("a 12-byte NHA_GROUP is an error");
    let text = err.to_string();
    assert!(
        text.contains("NHA_GROUP") && text.contains("12 bytes") && text.contains("offset 32"),
        "{text}"
    );
    assert!(Nexthop::try_from(&n).is_err());
    // The same message as an event: an error for that event.
    assert!(Event::from_message(&msg).is_err());
}
