use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    raw: Option<u32>,
}

fn main() {}
