use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "no/such/schema.toml", message = "t")]
struct Msg {
    u32: Option<u32>,
}

fn main() {}
