use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg<'a> {
    strr: Option<&'a str>,
}

fn main() {}
