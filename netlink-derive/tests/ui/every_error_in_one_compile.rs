use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    #[netlink(header = "t_famly")]
    family: u8,
    #[netlink(header = "t_index")]
    index: u64,
    u3: Option<u32>,
    raw: Option<u32>,
    flag: Option<u8>,
}

fn main() {}
