// Header members that are arrays or addresses take `[T; N]` or the address type.
use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "ta")]
struct Msg {
    #[netlink(header = "a_pad")]
    pad: [u8; 3],
    #[netlink(header = "a_v4")]
    v4: std::net::Ipv6Addr,
}

fn main() {}
