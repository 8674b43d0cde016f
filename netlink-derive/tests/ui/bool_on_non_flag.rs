use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    u8: bool,
}

fn main() {}
