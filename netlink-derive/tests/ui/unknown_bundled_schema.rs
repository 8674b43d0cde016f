use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "rtnetlnk", message = "route")]
struct Msg {
    oif: Option<u32>,
}

fn main() {}
