// T_STATS is `struct = "tstats"`: another struct `schema!` generated does not fit.
use netlink_derive::Netlink;

mod t {
    netlink_derive::schema!("example");
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "t")]
struct Msg {
    stats: Option<t::thop>,
}

fn main() {}
