// Header member `id` is `struct taddr`: another generated struct does not fit.
use netlink_derive::Netlink;

mod t {
    netlink_derive::schema!("example");
}

#[derive(Netlink)]
#[netlink(schema = "example", message = "ta")]
struct Msg {
    #[netlink(header = "id")]
    id: t::tstats,
}

fn main() {}
