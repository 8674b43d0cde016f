use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(message = "t")]
struct Msg {
    u32: Option<u32>,
}

fn main() {}
