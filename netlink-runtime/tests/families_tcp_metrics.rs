//! The tcp_metrics family through `families::tcp_metrics` against the running kernel, in a
//! private namespace (skipped without root), compared with `ip tcp_metrics`; with the blocking
//! `TcpMetrics` and the async `AsyncTcpMetrics` (each test written once, see `common::twin`).

mod common;
use common::twin::twins;

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{link_index, set_up};
use netlink_runtime::families::tcp_metrics::TcpMetrics;
use netlink_runtime::{Protocol, Socket};

/// Destinations `ip tcp_metrics show` lists, or `None` when it cannot run.
fn ip_tcp_metrics() -> Option<Vec<IpAddr>> {
    let out = Command::new("ip")
        .args(["tcp_metrics", "show"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        text.lines()
            .filter_map(|l| l.split_whitespace().next()?.parse().ok())
            .collect(),
    )
}

twins! {
blocking {
    pub fn tcp_metrics() -> Result<TcpMetrics, netlink_runtime::Error> {
        TcpMetrics::new()
    }
}
tokio {
    pub async fn tcp_metrics() -> Result<netlink_runtime::families::tcp_metrics::AsyncTcpMetrics, netlink_runtime::Error> {
        netlink_runtime::families::tcp_metrics::AsyncTcpMetrics::new().await
    }
}

test fn connections_leave_entries_that_match_ip_tcp_metrics() {
    let mut rt = Socket::open(Protocol::ROUTE).unwrap();
    let lo = link_index(&mut rt, "lo");
    rt.request(&mut set_up(lo)).unwrap();
    let mut tm = io!(tcp_metrics()).unwrap();
    assert!(io!(tm.entries()).unwrap().is_empty(), "a new namespace has none");

    // A short TCP exchange over loopback; the kernel saves metrics when it ends.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 5];
        s.read_exact(&mut buf).unwrap();
        s.write_all(&buf).unwrap();
    });
    let mut c = TcpStream::connect(addr).unwrap();
    c.write_all(b"hello").unwrap();
    let mut buf = [0u8; 5];
    c.read_exact(&mut buf).unwrap();
    drop(c);
    server.join().unwrap();

    let deadline = Instant::now() + Duration::from_secs(3);
    let entries = loop {
        let e = io!(tm.entries()).unwrap();
        if !e.is_empty() || Instant::now() > deadline {
            break e;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let lo4 = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let streamed = io!(drain(io!(tm.entry_stream()).unwrap()));
    assert_eq!(streamed.len(), entries.len());
    let entry = entries
        .iter()
        .find(|e| e.destination() == Some(lo4))
        .unwrap_or_else(|| panic!("127.0.0.1 in {entries:?}"));
    assert_eq!(entry.source(), Some(lo4));
    assert!(entry.vals.is_some_and(|v| v.rtt_us.is_some()), "{entry:?}");

    match ip_tcp_metrics() {
        Some(mut theirs) => {
            let mut ours: Vec<IpAddr> = entries.iter().filter_map(|e| e.destination()).collect();
            ours.sort();
            theirs.sort();
            assert_eq!(ours, theirs);
        }
        None => eprintln!("note: `ip tcp_metrics` unavailable; skipped the comparison"),
    }

    io!(tm.delete(lo4)).unwrap();
    assert!(io!(tm.entries())
        .unwrap()
        .iter()
        .all(|e| e.destination() != Some(lo4)));
    io!(tm.flush()).unwrap();
    assert!(io!(tm.entries()).unwrap().is_empty());
    if let Some(theirs) = ip_tcp_metrics() {
        assert!(theirs.is_empty(), "{theirs:?}");
    }
}
}
