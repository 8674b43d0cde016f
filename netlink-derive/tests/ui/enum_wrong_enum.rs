// T_COLOR is `enum = "color"`: another enum `schema!` generated does not fit.
use netlink_derive::Netlink;

mod t {
    netlink_derive::schema!("example");
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    color: Option<t::Shape>,
}

fn main() {}
