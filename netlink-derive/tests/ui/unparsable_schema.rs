use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "bad_syntax.toml", message = "t")]
struct Msg {
    u32: Option<u32>,
}

fn main() {}
