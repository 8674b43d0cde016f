use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    #[netlink(rest)]
    others: Vec<u32>,
}

fn main() {}
