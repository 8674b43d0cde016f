// T_DATA is sub-message `t-data`: an enum derived for another sub-message does not fit.
use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", attributes = "inner")]
struct Inner {
    a: Option<u32>,
}

#[derive(Netlink)]
#[netlink(schema = "example", sub_message = "t-other")]
enum Other {
    #[netlink(format = "x")]
    X(Inner),
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    data: Option<Other>,
}

fn main() {}
