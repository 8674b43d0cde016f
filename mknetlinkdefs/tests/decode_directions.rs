//! Classic protocols where a request and its reply share a message type (`SOCK_DIAG_BY_FAMILY`
//! carries `inet_diag_req_v2` out, `inet_diag_msg` back): told apart by direction, and their
//! `nlmsg_flags` named by the kind of request, from a schema written for the test.

use mknetlinkdefs::decode::{Decoder, Direction, SchemaSet};
use netlink_runtime::MessageBuilder;
use netlink_schema::Schema;

const SCHEMA: &str = r#"
[schema]
name = "diagish"
protocol = "sock_diag"

[constants]
DIAG_BY_FAMILY = 20
DIAG_GET_THING = 22
REQ_NONE = 0
REQ_BYTECODE = 1
MSG_NONE = 0
MSG_NAME = 1

[structs.diag_req]
size = 8
align = 4
fields = [
  { name = "family", type = "u8", offset = 0 },
  { name = "protocol", type = "u8", offset = 1 },
  { name = "pad", type = "u16", offset = 2 },
  { name = "states", type = "u32", offset = 4 },
]

[structs.diag_msg]
size = 12
align = 4
fields = [
  { name = "family", type = "u8", offset = 0 },
  { name = "state", type = "u8", offset = 1 },
  { name = "pad", type = "u16", offset = 2 },
  { name = "inode", type = "u32", offset = 4 },
  { name = "uid", type = "u32", offset = 8 },
]

[attribute-sets.req]
prefix = "REQ_"
[attribute-sets.req.attributes]
REQ_NONE = { id = 0, type = "unused" }
REQ_BYTECODE = { id = 1, type = "binary" }

[attribute-sets.msg]
prefix = "MSG_"
[attribute-sets.msg.attributes]
MSG_NONE = { id = 0, type = "unused" }
MSG_NAME = { id = 1, type = "string" }

[messages.diag-request]
types = ["DIAG_BY_FAMILY"]
direction = "request"
header = "diag_req"
attributes = "req"

[messages.diag-reply]
types = ["DIAG_BY_FAMILY"]
direction = "reply"
header = "diag_msg"
attributes = "msg"

# A type whose name says nothing of its kind, marked by hand.
[messages.thing]
types = ["DIAG_GET_THING"]
request-kind = "new"
attributes = "msg"
"#;

fn set() -> SchemaSet {
    let schema = Schema::parse(SCHEMA.to_owned(), "diagish.toml").expect("parses");
    assert!(schema.validate().is_empty(), "{:?}", schema.validate());
    let mut set = SchemaSet::empty();
    set.add(schema);
    set
}

fn header_name(d: &mknetlinkdefs::decode::tree::DecodedMessage) -> String {
    d.body.first().map(|n| n.name.clone()).unwrap_or_default()
}

#[test]
fn request_and_reply_of_one_type_by_direction() {
    let set = set();
    let mut decoder = Decoder::new(&set);
    // A dump request: NLM_F_REQUEST | NLM_F_ROOT | NLM_F_MATCH.
    let mut b = MessageBuilder::new(20, 0x301);
    b.push_header_bytes(&[2, 6, 0, 0, 0xff, 0xff, 0xff, 0xff]);
    let req = b.finish().unwrap();
    let out = decoder.decode_bytes(&req, Some(4), Some(Direction::Request));
    let m = &out.messages[0];
    assert_eq!(m.type_name.as_deref(), Some("DIAG_BY_FAMILY"));
    assert_eq!(header_name(m), "diag_req");
    assert_eq!(m.flag_names, ["NLM_F_REQUEST", "NLM_F_DUMP"]);

    // The reply: same type, the other layout.
    let mut b = MessageBuilder::new(20, 0x2);
    b.push_header_bytes(&[2, 10, 0, 0, 7, 0, 0, 0, 0xe8, 3, 0, 0]);
    b.attr_str(1, "x");
    let reply = b.finish().unwrap();
    let out = decoder.decode_bytes(&reply, Some(4), Some(Direction::Reply));
    let m = &out.messages[0];
    assert_eq!(header_name(m), "diag_msg");
    let inode = m.body[0].child("inode").expect("inode member");
    assert_eq!(format!("{:?}", inode.value), "Unsigned(7)");
    assert_eq!(m.flag_names, ["NLM_F_MULTI"]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);

    // Without a direction (plain hex): the definition whose layout fits the payload.
    let out = decoder.decode_bytes(&reply, Some(4), None);
    assert_eq!(header_name(&out.messages[0]), "diag_msg");
    let out = decoder.decode_bytes(&req, Some(4), None);
    assert_eq!(header_name(&out.messages[0]), "diag_req");
}

#[test]
fn flags_named_by_request_kind() {
    let set = set();
    let mut decoder = Decoder::new(&set);
    // `request-kind = "new"`: 0x600 is NLM_F_CREATE | NLM_F_EXCL, not a number.
    let req = MessageBuilder::new(22, 0x605).finish().unwrap();
    let out = decoder.decode_bytes(&req, Some(4), Some(Direction::Request));
    assert_eq!(
        out.messages[0].flag_names,
        ["NLM_F_REQUEST", "NLM_F_ACK", "NLM_F_EXCL", "NLM_F_CREATE"]
    );
}
