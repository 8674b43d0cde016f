use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t", shcema = "x")]
struct Msg {
    #[netlink(atr = "T_U32")]
    u32: Option<u32>,
}

fn main() {}
