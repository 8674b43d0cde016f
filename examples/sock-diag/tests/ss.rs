//! Against the kernel, in a private network namespace: TCP and UDP sockets of both families
//! (listening, connected with unread data, unbound-peer UDP) are dumped through the crate's
//! own schema, and the `sock-diag` tool prints exactly what `ss -Htan` / `ss -Huan` print.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream, UdpSocket};
use std::process::Command;

use netlink_runtime::{netns, Protocol, Socket};
use sock_diag_example::{sd, sockets, ss_line, Row};

fn private_netns(test: &str) -> bool {
    if !netns::is_root() {
        let _ = writeln!(std::io::stderr(), "SKIPPED (needs root): {test}");
        return false;
    }
    netns::unshare_current_thread().expect("unshare(CLONE_NEWNET)");
    let up = Command::new("ip")
        .args(["link", "set", "lo", "up"])
        .status()
        .expect("ip runs");
    assert!(up.success());
    true
}

/// The lines a command prints, each with its columns joined by single spaces.
fn lines(program: &str, args: &[&str]) -> BTreeSet<String> {
    let out = Command::new(program).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Everything kept alive while the kernel is asked about it.
struct Scene {
    _keep: Vec<Box<dyn std::any::Any>>,
    v4_port: u16,
    v6_port: u16,
}

fn scene() -> Scene {
    let mut keep: Vec<Box<dyn std::any::Any>> = Vec::new();
    let l4 = TcpListener::bind("127.0.0.1:0").unwrap();
    let l6 = TcpListener::bind("[::1]:0").unwrap();
    let v4_port = l4.local_addr().unwrap().port();
    let v6_port = l6.local_addr().unwrap().port();
    for l in [&l4, &l6] {
        let mut c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (mut s, _) = l.accept().unwrap();
        // Unread data on both sides: 100 bytes for the server, 7 for the client.
        c.write_all(&[1; 100]).unwrap();
        s.write_all(&[2; 7]).unwrap();
        keep.push(Box::new(c));
        keep.push(Box::new(s));
    }
    // One more connection waiting to be accepted: Recv-Q 1 on the v4 listener.
    keep.push(Box::new(
        TcpStream::connect(l4.local_addr().unwrap()).unwrap(),
    ));
    let wild = TcpListener::bind("0.0.0.0:0").unwrap();
    keep.extend([
        Box::new(l4) as Box<dyn std::any::Any>,
        Box::new(l6),
        Box::new(wild),
    ]);
    let u4 = UdpSocket::bind("127.0.0.1:0").unwrap();
    let u6 = UdpSocket::bind("[::1]:0").unwrap();
    let c4 = UdpSocket::bind("127.0.0.1:0").unwrap();
    c4.connect(u4.local_addr().unwrap()).unwrap();
    c4.send(&[9; 33]).unwrap();
    let mut buf = [0u8; 1];
    // Unread datagram: Recv-Q counts it (with its overhead, as the kernel reports).
    let _ = u4.peek(&mut buf);
    keep.extend([
        Box::new(u4) as Box<dyn std::any::Any>,
        Box::new(u6),
        Box::new(c4),
    ]);
    Scene {
        _keep: keep,
        v4_port,
        v6_port,
    }
}

/// Our lines and `ss ARGS`'s, equal: compared when the kernel's view holds still (an ACK in
/// flight changes a Send-Q between two dumps), at most a few times. Returns ss's lines.
fn settled(proto: &str, ss_args: &[&str]) -> BTreeSet<String> {
    let p = if proto == "tcp" {
        sd::IPPROTO_TCP
    } else {
        sd::IPPROTO_UDP
    };
    let mut last = (BTreeSet::new(), BTreeSet::new());
    for _ in 0..5 {
        let before: BTreeSet<String> = dump(p).iter().map(ss_line).collect();
        let ss = lines("ss", ss_args);
        let after: BTreeSet<String> = dump(p).iter().map(ss_line).collect();
        if before == after {
            assert_eq!(before, ss, "{proto}: ours vs ss {ss_args:?}");
            return ss;
        }
        last = (before, ss);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!(
        "{proto}: the sockets never held still: ours {:?}, ss {:?}",
        last.0, last.1
    );
}

fn dump(proto: u8) -> Vec<Row> {
    let mut sock = Socket::open(Protocol::SOCK_DIAG).expect("NETLINK_SOCK_DIAG");
    let mut rows = sockets(&mut sock, sd::AF_INET, proto).expect("dump v4");
    rows.extend(sockets(&mut sock, sd::AF_INET6, proto).expect("dump v6"));
    rows
}

#[test]
fn sockets_match_ss() {
    if !private_netns("sockets_match_ss") {
        return;
    }
    let s = scene();

    let tcp = dump(sd::IPPROTO_TCP);
    let lo4 = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let lo6 = IpAddr::V6(Ipv6Addr::LOCALHOST);
    // Addresses come out as IpAddr by the family, not as four host-order words.
    let listen4 = tcp
        .iter()
        .find(|r| r.state == sd::TcpState::Listen && r.local == (lo4, s.v4_port))
        .expect("the IPv4 listener");
    assert_eq!(listen4.recv_q, 1, "one connection waits for accept");
    assert!(tcp
        .iter()
        .any(|r| r.state == sd::TcpState::Listen && r.local == (lo6, s.v6_port)));
    // The accepted connection, with the client's 100 bytes unread (the one waiting in the
    // accept queue has the same local address and nothing unread).
    let server4 = tcp
        .iter()
        .find(|r| {
            r.state == sd::TcpState::Established && r.local == (lo4, s.v4_port) && r.recv_q > 0
        })
        .expect("the IPv4 server side");
    assert_eq!(server4.recv_q, 100);
    assert_eq!(server4.peer.0, lo4);
    assert!(tcp
        .iter()
        .any(|r| r.local.0 == lo6 && r.peer == (lo6, s.v6_port) && r.recv_q == 7));
    assert!(tcp
        .iter()
        .all(|r| r.inode != 0 || r.state != sd::TcpState::Listen));

    // What the library read is what ss prints, and the tool prints the same lines.
    let ss = settled("tcp", &["-Htan"]);
    assert_eq!(lines(env!("CARGO_BIN_EXE_sock-diag"), &["tcp"]), ss);

    let udp = dump(sd::IPPROTO_UDP);
    assert!(udp
        .iter()
        .any(|r| r.state == sd::TcpState::Close && r.local.0 == lo6));
    assert!(udp
        .iter()
        .any(|r| r.state == sd::TcpState::Established && r.peer.0 == lo4));
    let ss = settled("udp", &["-Huan"]);
    assert_eq!(lines(env!("CARGO_BIN_EXE_sock-diag"), &["udp"]), ss);
}

#[test]
fn a_request_header_filled_by_field_finds_one_socket() {
    if !private_netns("a_request_header_filled_by_field_finds_one_socket") {
        return;
    }
    for (local, other) in [("127.0.0.1:0", "127.0.0.1:0"), ("[::1]:0", "[::1]:0")] {
        let l = TcpListener::bind(local).unwrap();
        let _other = TcpListener::bind(other).unwrap();
        let addr = l.local_addr().unwrap();
        let family = if addr.is_ipv4() {
            sd::AF_INET
        } else {
            sd::AF_INET6
        };
        // Not a dump: the kernel looks up the one socket the header's id names, filled
        // member by member (the address as an IpAddr, the port in host order).
        let mut req = sock_diag_example::DumpRequest {
            family,
            protocol: sd::IPPROTO_TCP,
            states: 1 << sd::TCP_LISTEN,
            ..Default::default()
        };
        req.id.idiag_src = addr.ip();
        req.id.idiag_sport = addr.port();
        req.id.idiag_dst = if addr.is_ipv4() {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        } else {
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        };
        req.id.idiag_cookie = [u32::MAX, u32::MAX]; // INET_DIAG_NOCOOKIE
        let mut msg =
            netlink_runtime::codec::ToMessage::to_message(&req, sd::SOCK_DIAG_BY_FAMILY, 0);
        let mut sock = Socket::open(Protocol::SOCK_DIAG).unwrap();
        let reply = sock.request(&mut msg).expect("the socket is found");
        let found: Vec<(IpAddr, u16, sd::TcpState)> = reply
            .messages()
            .map(|m| {
                let s = <sock_diag_example::SocketInfo as netlink_runtime::codec::FromMessage>::from_message(
                    &m.unwrap(),
                )
                .unwrap();
                (s.id.idiag_src, s.id.idiag_sport, s.state)
            })
            .collect();
        assert_eq!(found, [(addr.ip(), addr.port(), sd::TcpState::Listen)]);
        // Another port: no such socket.
        req.id.idiag_sport = 1;
        let mut msg =
            netlink_runtime::codec::ToMessage::to_message(&req, sd::SOCK_DIAG_BY_FAMILY, 0);
        let err = sock.request(&mut msg).expect_err("no socket on port 1");
        assert!(
            err.to_string().contains("ENOENT") || err.to_string().contains("No such file"),
            "{err}"
        );
    }
}
