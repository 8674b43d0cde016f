// T_NEST is a nest of set `inner`: a struct derived for another set does not fit.
use netlink_derive::Netlink;

#[derive(Netlink)]
#[netlink(schema = "example", attributes = "t")]
struct Outer {
    u32: Option<u32>,
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    nest: Option<Outer>,
}

fn main() {}
