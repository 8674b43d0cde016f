use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", attributes = "iner")]
struct Nest {
    a: Option<u32>,
}

fn main() {}
