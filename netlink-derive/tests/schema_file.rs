//! A schema given by path (relative to this crate's Cargo.toml) works like a bundled one.

use netlink_derive::Netlink;
use netlink_runtime::codec::{FromMessage, ToMessage};
use netlink_runtime::Message;

#[derive(Netlink, Debug, PartialEq)]
#[netlink(schema = "../schemas/example.toml", message = "t")]
struct ByPath<'a> {
    #[netlink(header = "t_index")]
    index: i32,
    str: Option<&'a str>,
}

#[test]
fn schema_by_path() {
    let v = ByPath {
        index: 3,
        str: Some("x"),
    };
    let bytes = v.to_message(100, 0).finish().unwrap();
    assert_eq!(
        ByPath::from_message(&Message::parse(&bytes).unwrap()).unwrap(),
        v
    );
}
