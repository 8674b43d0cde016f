use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", attributes = "inner")]
struct Inner {
    a: Option<u32>,
}

#[derive(Netlink)]
#[netlink(schema = "example", sub_message = "t-data")]
enum Data {
    #[netlink(format = "aa")]
    A(Inner),
}

fn main() {}
