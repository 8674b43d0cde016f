use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t", attributes = "inner")]
struct Msg {
    u32: Option<u32>,
}

fn main() {}
