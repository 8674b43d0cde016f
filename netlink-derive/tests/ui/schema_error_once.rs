// One broken schema is one error, however many items use it.
use netlink_derive::Netlink;
use netlink_runtime::codec::FromAttrs;

#[derive(Netlink)]
#[netlink(schema = "bad_type.toml", attributes = "x")]
struct First {
    a: Option<u32>,
}

#[derive(Netlink)]
#[netlink(schema = "bad_type.toml", attributes = "x")]
struct Second {
    a: Option<u32>,
}

#[derive(Netlink)]
#[netlink(schema = "bad_type.toml", sub_message = "s")]
enum Third {
    Raw(Vec<u8>),
}

fn main() {
    let _ = First::from_attrs(netlink_runtime::Attrs::new(&[]));
    let _ = Second::from_attrs(netlink_runtime::Attrs::new(&[]));
}
