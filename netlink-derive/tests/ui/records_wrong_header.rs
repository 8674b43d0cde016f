// T_HOPS is a list of `thop` records followed by `inner` attributes: an element type derived
// with another header does not fit.
use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", header = "tstats", attributes = "inner")]
struct NotAHop {
    #[netlink(header = "bytes")]
    bytes: u32,
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    hops: Vec<NotAHop>,
}

fn main() {}
