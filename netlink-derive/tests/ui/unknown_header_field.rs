use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    #[netlink(header = "t_famliy")]
    family: u8,
}

fn main() {}
