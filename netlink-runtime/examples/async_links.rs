//! Lists the links of the current network namespace with the async rtnetlink handle, one line
//! per link: name, index, MTU, operational state and MAC address.
//!
//!     cargo run -p netlink-runtime --features tokio --example async_links
//!
//! Output (one line per link, in the kernel's order):
//!
//!     lo index 1 mtu 65536 state UNKNOWN mac 00:00:00:00:00:00
//!     eth0 index 2 mtu 1500 state UP mac 52:54:00:12:34:56

use netlink_runtime::rtnl::AsyncHandle;

/// RFC 2863 operational states by `IFLA_OPERSTATE` value (`IF_OPER_*` of linux/if.h, as the
/// rtnetlink schema's `IFLA_OPERSTATE` documents them), spelt as `ip` prints them.
const OPERSTATES: [&str; 7] = [
    "UNKNOWN",
    "NOTPRESENT",
    "DOWN",
    "LOWERLAYERDOWN",
    "TESTING",
    "DORMANT",
    "UP",
];

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), netlink_runtime::Error> {
    let h = AsyncHandle::new()?;
    for l in h.links().await? {
        let mtu = l.mtu.map_or("-".to_owned(), |m| m.to_string());
        let state = OPERSTATES
            .get(usize::from(l.operstate))
            .copied()
            .unwrap_or("UNKNOWN");
        let mac = match &l.address {
            Some(a) => a
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<Vec<_>>()
                .join(":"),
            None => "-".to_owned(),
        };
        println!(
            "{} index {} mtu {mtu} state {state} mac {mac}",
            l.name, l.index
        );
    }
    Ok(())
}
