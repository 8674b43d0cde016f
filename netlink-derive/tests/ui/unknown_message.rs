use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "tt")]
struct Msg {
    u32: Option<u32>,
}

fn main() {}
