use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    #[netlink(header = "t_family")]
    family: u32,
}

fn main() {}
