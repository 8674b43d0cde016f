use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "bad_type.toml", attributes = "x")]
struct Msg {
    a: Option<u32>,
}

fn main() {}
