//! The MPTCP path manager through `families::mptcp` against the running kernel, in a private
//! namespace (skipped without root), compared with `ip mptcp`; with the blocking `Mptcp` and the
//! async `AsyncMptcp` (each test written once, see `common::twin`).

mod common;
use common::twin::twins;

use std::net::{IpAddr, Ipv4Addr};
use std::process::Command;

use common::{link_index, set_up};
use netlink_runtime::families::mptcp::{Endpoint, Limits, Mptcp};
use netlink_runtime::schemas::mptcp::{MPTCP_PM_ADDR_FLAG_BACKUP, MPTCP_PM_ADDR_FLAG_SIGNAL};
use netlink_runtime::{Protocol, Socket};

/// `ip mptcp ARGS` output, or `None` when iproute2 cannot run it.
fn ip_mptcp(args: &[&str]) -> Option<String> {
    let out = Command::new("ip").arg("mptcp").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

twins! {
blocking {
    pub fn mptcp() -> Result<Mptcp, netlink_runtime::Error> {
        Mptcp::new()
    }
}
tokio {
    pub async fn mptcp() -> Result<netlink_runtime::families::mptcp::AsyncMptcp, netlink_runtime::Error> {
        netlink_runtime::families::mptcp::AsyncMptcp::new().await
    }
}

test fn limits_and_endpoints_match_ip_mptcp() {
    let mut rt = Socket::open(Protocol::ROUTE).unwrap();
    let lo = link_index(&mut rt, "lo");
    rt.request(&mut set_up(lo)).unwrap();
    let mut pm = io!(mptcp()).unwrap();

    let want = Limits {
        rcv_add_addrs: Some(3),
        subflows: Some(4),
    };
    io!(pm.set_limits(&want)).unwrap();
    assert_eq!(io!(pm.limits()).unwrap(), want);

    let addr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
    io!(pm.add_endpoint(&Endpoint::new(
        addr,
        MPTCP_PM_ADDR_FLAG_SIGNAL | MPTCP_PM_ADDR_FLAG_BACKUP,
    )))
    .unwrap();
    let eps = io!(pm.endpoints()).unwrap();
    assert_eq!(io!(drain(io!(pm.endpoint_stream()).unwrap())), eps);
    assert_eq!(eps.len(), 1, "{eps:?}");
    let ep = eps[0];
    assert_eq!(ep.addr(), Some(addr));
    assert_eq!(ep.flag_names(), ["signal", "backup"]);
    let id = ep.id.expect("the kernel assigns an id");

    match (
        ip_mptcp(&["limits", "show"]),
        ip_mptcp(&["endpoint", "show"]),
    ) {
        (Some(limits), Some(endpoints)) => {
            let words: Vec<&str> = limits.split_whitespace().collect();
            assert_eq!(
                words,
                ["add_addr_accepted", "3", "subflows", "4"],
                "{limits}"
            );
            let line = endpoints.lines().next().unwrap_or_default();
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(words.first(), Some(&"127.0.0.2"), "{endpoints}");
            let id_s = id.to_string();
            assert!(
                words.windows(2).any(|w| w == ["id", id_s.as_str()]),
                "{endpoints}"
            );
            assert!(
                words.contains(&"signal") && words.contains(&"backup"),
                "{endpoints}"
            );
        }
        _ => eprintln!("note: `ip mptcp` unavailable; skipped the comparison"),
    }

    io!(pm.delete_endpoint(id)).unwrap();
    assert!(io!(pm.endpoints()).unwrap().is_empty());
    io!(pm.add_endpoint(&Endpoint::new(addr, MPTCP_PM_ADDR_FLAG_SIGNAL)))
        .unwrap();
    io!(pm.flush_endpoints()).unwrap();
    assert!(io!(pm.endpoints()).unwrap().is_empty());
    // Deleting what is not there is a kernel error, not a panic.
    assert!(io!(pm.delete_endpoint(id)).is_err());
}
}
