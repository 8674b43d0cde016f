use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", attributes = "inner")]
struct Inner {
    a: Option<u32>,
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    list: Option<Inner>,
}

fn main() {}
