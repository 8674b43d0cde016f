// A derive that fails still gives the trait impls: the code that uses them reports nothing
// more than the real errors.
use netlink_derive::Netlink;
use netlink_runtime::codec::{FromMessage, ToMessage};

#[derive(Netlink)]
#[netlink(schema = "example", attributes = "inner")]
struct Inner {
    zz: Option<u32>,
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    u3: Option<u32>,
    nest: Option<Inner>,
}

fn main() {
    let bytes = Msg { u3: None, nest: None }.to_message(100, 0).finish().unwrap();
    let msg = netlink_runtime::Message::parse(&bytes).unwrap();
    let _ = Msg::from_message(&msg);
    let _ = Msg::from_message_if(&msg, |_: &netlink_runtime::schemas::rtnetlink::rtmsg| true);
}
