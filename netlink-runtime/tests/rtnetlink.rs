//! rtnetlink against the real kernel, each test in its own private network
//! namespace (needs root; prints SKIPPED otherwise).

mod common;

use std::net::{Ipv4Addr, Ipv6Addr};

use common::*;
use netlink_runtime::builder::{Batch, MessageBuilder};
use netlink_runtime::rtnl::{AF_INET, AF_INET6, AF_UNSPEC};
use netlink_runtime::schemas::netlink::*;
use netlink_runtime::schemas::rtnetlink::*;
use netlink_runtime::{Error, Protocol, Socket};

#[test]
fn veth_bridge_addresses_routes_roundtrip() {
    if !private_netns("veth_bridge_addresses_routes_roundtrip") {
        return;
    }
    let mut s = Socket::open(Protocol::ROUTE).unwrap();
    s.request(&mut new_veth("nlv0", "nlv1")).unwrap();
    // NLM_F_ECHO: the kernel sends the created link back; the ACK is drained.
    let mut br = new_link("nlbr0", "bridge");
    br.set_flags(NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO);
    let reply = s.request(&mut br).unwrap();
    let echoed: Vec<_> = reply.messages().map(|m| parse_link(&m.unwrap())).collect();
    assert_eq!(echoed.len(), 1, "echo of the new bridge");
    assert_eq!(echoed[0].name, "nlbr0");
    assert_eq!(echoed[0].kind.as_deref(), Some("bridge"));

    let links = dump_links(&mut s);
    let by_name = |n: &str| links.iter().find(|l| l.name == n).cloned().unwrap();
    let (v0, v1, b0) = (by_name("nlv0"), by_name("nlv1"), by_name("nlbr0"));
    assert_eq!(v0.kind.as_deref(), Some("veth"));
    assert_eq!(v1.kind.as_deref(), Some("veth"));
    assert_eq!(b0.kind.as_deref(), Some("bridge"));
    // lo + the three we made, nothing else.
    assert_eq!(links.len(), 4, "{links:?}");

    for i in [v0.index, v1.index, b0.index] {
        s.request(&mut set_up(i)).unwrap();
    }
    let v4 = Ipv4Addr::new(192, 0, 2, 1);
    let v6: Ipv6Addr = "2001:db8::1".parse().unwrap();
    s.request(&mut new_addr4(v0.index as u32, v4, 24)).unwrap();
    s.request(&mut new_addr6(v0.index as u32, v6, 64)).unwrap();
    let gw = Ipv4Addr::new(192, 0, 2, 2);
    s.request(&mut new_route(
        AF_INET,
        &Ipv4Addr::new(198, 51, 100, 0).octets(),
        24,
        v0.index as u32,
        Some(&gw.octets()),
    ))
    .unwrap();
    let dst6: Ipv6Addr = "2001:db8:1::".parse().unwrap();
    s.request(&mut new_route(
        AF_INET6,
        &dst6.octets(),
        48,
        v0.index as u32,
        None,
    ))
    .unwrap();

    // Links are up.
    let links = dump_links(&mut s);
    for n in ["nlv0", "nlv1", "nlbr0"] {
        let l = links.iter().find(|l| l.name == n).unwrap();
        assert!(l.flags & IFF_UP != 0, "{n} up");
    }

    // Addresses.
    let mut addrs = Vec::new();
    s.dump_each(&mut get_dump(RTM_GETADDR, AF_UNSPEC), |m| {
        addrs.push(parse_addr(&m));
        Ok::<_, Error>(())
    })
    .unwrap();
    assert!(addrs.iter().any(|a| a.family == AF_INET
        && a.prefixlen == 24
        && a.index == v0.index as u32
        && a.address == v4.octets()));
    assert!(addrs.iter().any(|a| a.family == AF_INET6
        && a.prefixlen == 64
        && a.index == v0.index as u32
        && a.address == v6.octets()));

    // Routes.
    let mut routes = Vec::new();
    s.dump_each(&mut get_dump(RTM_GETROUTE, AF_UNSPEC), |m| {
        routes.push(parse_route(&m));
        Ok::<_, Error>(())
    })
    .unwrap();
    let r4 = routes
        .iter()
        .find(|r| r.family == AF_INET && r.dst == [198, 51, 100, 0])
        .expect("v4 route");
    assert_eq!(r4.dst_len, 24);
    assert_eq!(r4.gateway.as_deref(), Some(&gw.octets()[..]));
    assert_eq!(r4.oif, Some(v0.index as u32));
    assert_eq!(r4.table, RT_TABLE_MAIN);
    let r6 = routes
        .iter()
        .find(|r| r.family == AF_INET6 && r.dst == dst6.octets())
        .expect("v6 route");
    assert_eq!(r6.dst_len, 48);
    assert_eq!(r6.oif, Some(v0.index as u32));

    // Cross-check with iproute2's JSON output.
    let j: serde_json::Value = serde_json::from_str(&ip(&["-j", "link", "show"])).unwrap();
    let mut ip_names: Vec<String> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap().to_owned())
        .collect();
    let mut our_names: Vec<String> = links.iter().map(|l| l.name.clone()).collect();
    ip_names.sort();
    our_names.sort();
    assert_eq!(ip_names, our_names);
    let j: serde_json::Value =
        serde_json::from_str(&ip(&["-j", "addr", "show", "dev", "nlv0"])).unwrap();
    let locals: Vec<String> = j[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["scope"] == "global")
        .map(|a| a["local"].as_str().unwrap().to_owned())
        .collect();
    assert!(locals.contains(&"192.0.2.1".to_owned()), "{locals:?}");
    assert!(locals.contains(&"2001:db8::1".to_owned()), "{locals:?}");
    let j: serde_json::Value =
        serde_json::from_str(&ip(&["-j", "route", "show", "198.51.100.0/24"])).unwrap();
    assert_eq!(j[0]["gateway"], "192.0.2.2");
    assert_eq!(j[0]["dev"], "nlv0");
    assert_eq!(s.foreign_dropped(), 0);
}

#[test]
fn existing_link_is_eexist() {
    if !private_netns("existing_link_is_eexist") {
        return;
    }
    let mut s = Socket::open(Protocol::ROUTE).unwrap();
    s.request(&mut new_link("nlbr1", "bridge")).unwrap();
    let e = s.request(&mut new_link("nlbr1", "bridge")).unwrap_err();
    let k = e.as_kernel().expect("kernel error");
    assert_eq!(k.errno, libc::EEXIST, "{e}");
    assert_eq!(e.errno(), Some(libc::EEXIST));
    // The socket is still usable afterwards.
    assert!(dump_links(&mut s).iter().any(|l| l.name == "nlbr1"));
}

#[test]
fn extended_ack_message_text() {
    if !private_netns("extended_ack_message_text") {
        return;
    }
    let mut s = Socket::open(Protocol::ROUTE).unwrap();
    let e = s
        .request(&mut new_link("nlx0", "no-such-kind"))
        .unwrap_err();
    let k = e.as_kernel().expect("kernel error");
    assert_eq!(k.errno, libc::EOPNOTSUPP);
    let msg = k.message.as_deref().expect("extack message");
    assert!(msg.contains("Unknown device type"), "{msg}");
    assert!(e.to_string().contains("Unknown device type"));

    // With NETLINK_EXT_ACK off, the same error has no text.
    let mut quiet = Socket::builder(Protocol::ROUTE)
        .ext_ack(false)
        .open()
        .unwrap();
    let e = quiet
        .request(&mut new_link("nlx0", "no-such-kind"))
        .unwrap_err();
    assert_eq!(e.as_kernel().unwrap().message, None);
}

#[test]
fn malformed_attribute_gets_offset() {
    if !private_netns("malformed_attribute_gets_offset") {
        return;
    }
    let mut s = Socket::open(Protocol::ROUTE).unwrap();
    let mut b = MessageBuilder::new(RTM_NEWLINK, 0);
    b.push_header_bytes(&ifinfomsg(AF_UNSPEC, 1, 0, 0));
    b.attr_str(IFLA_IFALIAS, "fine");
    let bad_at = b.len();
    // IFLA_MTU must be a u32; send 1 byte.
    b.attr_u8(IFLA_MTU, 7);
    let e = s.request(&mut b).unwrap_err();
    let k = e.as_kernel().expect("kernel error");
    assert_eq!(k.errno, libc::ERANGE, "{e}");
    assert_eq!(k.bad_attr_offset, Some(bad_at as u32), "{e}");
    assert!(e.to_string().contains(&format!("offset {bad_at}")), "{e}");
}

#[test]
fn dump_larger_than_buffer_is_complete_in_order_and_bounded() {
    if !private_netns("dump_larger_than_buffer_is_complete_in_order_and_bounded") {
        return;
    }
    let mut s = Socket::open(Protocol::ROUTE).unwrap();
    s.request(&mut new_veth("nlv0", "nlv1")).unwrap();
    let idx = link_index(&mut s, "nlv0");
    s.request(&mut set_up(idx)).unwrap();
    const N: u32 = 5000;
    let mut batch = Batch::new();
    let mut added = Vec::new();
    for i in 0..N {
        // 198.18.0.0/15 (benchmarking range), /32 routes, link scope.
        let dst = Ipv4Addr::from(u32::from(Ipv4Addr::new(198, 18, 0, 0)) + i);
        added.push(dst);
        batch
            .push(&new_route(AF_INET, &dst.octets(), 32, idx as u32, None))
            .unwrap();
        if batch.len() == 250 {
            s.request(&mut batch).unwrap();
            batch.clear();
        }
    }
    if !batch.is_empty() {
        s.request(&mut batch).unwrap();
    }
    let cap = s.recv_buffer_len();
    let mut got = Vec::new();
    let mut bytes = 0usize;
    let mut d = s.dump(&mut get_dump(RTM_GETROUTE, AF_INET)).unwrap();
    while let Some(m) = d.next().unwrap() {
        bytes += m.header().len as usize;
        let r = parse_route(&m);
        if r.table == RT_TABLE_MAIN && r.dst_len == 32 && r.dst.len() == 4 {
            got.push(Ipv4Addr::new(r.dst[0], r.dst[1], r.dst[2], r.dst[3]));
        }
    }
    assert!(
        bytes > 4 * cap,
        "dump ({bytes} bytes) must exceed the buffer ({cap})"
    );
    assert_eq!(got.len(), N as usize);
    // The kernel walks the FIB trie in key order: same order as we added.
    assert_eq!(got, added);
    drop(d);
    assert_eq!(s.recv_buffer_high_water(), cap, "buffer did not grow");
    assert!(s.recv_buffer_len() <= s.recv_buffer_cap());
}

#[test]
fn datagram_from_user_space_is_not_a_reply_or_event() {
    if !private_netns("datagram_from_user_space_is_not_a_reply_or_event") {
        return;
    }
    let mut victim = Socket::builder(Protocol::ROUTE)
        .recv_timeout(Some(std::time::Duration::from_secs(5)))
        .open()
        .unwrap();
    let attacker = Socket::open(Protocol::ROUTE).unwrap();
    victim.join_group(RTNLGRP_LINK).unwrap();

    // A forged "error" answer for the next few sequence numbers, and a
    // forged RTM_NEWLINK "event", sent from user space to the victim.
    let mut forged = Vec::new();
    for seq in 0..8u32 {
        let mut m = MessageBuilder::new(NLMSG_ERROR, 0);
        m.push_header_bytes(&(-libc::EPERM).to_ne_bytes());
        m.push_header_bytes(&[0u8; 16]);
        let mut bytes = m.finish().unwrap();
        bytes[8..12].copy_from_slice(&seq.to_ne_bytes());
        bytes[12..16].copy_from_slice(&victim.port_id().to_ne_bytes());
        forged.extend_from_slice(&bytes);
    }
    let dst = rustix::net::netlink::SocketAddrNetlink::new(victim.port_id(), 0);
    rustix::net::sendto(&attacker, &forged, rustix::net::SendFlags::empty(), &dst).unwrap();
    let mut ev = new_link("nlfake", "bridge");
    let ev = ev.as_bytes_mut().unwrap();
    ev[4..6].copy_from_slice(&RTM_NEWLINK.to_ne_bytes());
    rustix::net::sendto(&attacker, ev, rustix::net::SendFlags::empty(), &dst).unwrap();

    // The request succeeds: the forged EPERM was not taken as its answer.
    victim.request(&mut new_link("nlreal", "bridge")).unwrap();
    // The event reader sees the real link, never the forged one.
    loop {
        let m = victim.next_event().unwrap();
        if m.kind() == RTM_NEWLINK {
            let l = parse_link(&m);
            assert_ne!(l.name, "nlfake");
            if l.name == "nlreal" {
                break;
            }
        }
    }
    assert_eq!(victim.foreign_dropped(), 2);
}

#[test]
fn multicast_link_event_and_high_group() {
    if !private_netns("multicast_link_event_and_high_group") {
        return;
    }
    let mut ev = Socket::builder(Protocol::ROUTE)
        .recv_timeout(Some(std::time::Duration::from_secs(5)))
        .open()
        .unwrap();
    ev.join_group(RTNLGRP_LINK).unwrap();
    // Group 32 (> 31) needs NETLINK_ADD_MEMBERSHIP and PKTINFO to be seen.
    ev.join_group(RTNLGRP_NEXTHOP).unwrap();
    let mut s = Socket::open(Protocol::ROUTE).unwrap();
    s.request(&mut new_link("nlev0", "bridge")).unwrap();
    loop {
        let m = ev.next_event().unwrap();
        if m.kind() == RTM_NEWLINK && parse_link(&m).name == "nlev0" {
            break;
        }
    }
    // A blackhole nexthop needs loopback up.
    ip(&["link", "set", "lo", "up"]);
    ip(&["nexthop", "add", "id", "77", "blackhole"]);
    loop {
        let m = ev.next_event().unwrap();
        if m.kind() == 104 {
            // RTM_NEWNEXTHOP; struct nhmsg is 8 bytes, NHA_ID = 1.
            let id = m
                .attrs(8)
                .unwrap()
                .find(1)
                .unwrap()
                .unwrap()
                .as_u32()
                .unwrap();
            assert_eq!(id, 77);
            break;
        }
    }
    ev.leave_group(RTNLGRP_LINK).unwrap();
}

#[test]
fn events_and_requests_on_one_socket_are_not_mixed() {
    if !private_netns("events_and_requests_on_one_socket_are_not_mixed") {
        return;
    }
    let mut s = Socket::builder(Protocol::ROUTE)
        .recv_timeout(Some(std::time::Duration::from_secs(5)))
        .open()
        .unwrap();
    s.join_group(RTNLGRP_LINK).unwrap();
    // Our own requests cause events on the same socket while we wait for
    // their ACKs; they must be queued, not lost or taken as replies.
    for i in 0..5 {
        s.request(&mut new_link(&format!("nlq{i}"), "bridge"))
            .unwrap();
    }
    let n = dump_links(&mut s).len();
    assert_eq!(n, 6);
    assert!(s.queued_events() > 0);
    let mut seen = Vec::new();
    while seen.len() < 5 {
        let m = s.next_event().unwrap();
        if m.kind() == RTM_NEWLINK {
            let name = parse_link(&m).name;
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
    }
    assert_eq!(seen, ["nlq0", "nlq1", "nlq2", "nlq3", "nlq4"]);

    // NLM_F_ECHO while subscribed: the echo (which the kernel sends by
    // re-using the multicast skb, so it is tagged with the group) is the
    // reply, and it is not also delivered as an event.
    while let Ok(Some(_)) = s.try_next_event() {}
    let mut b = new_link("nlqecho", "bridge");
    b.set_flags(NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO);
    let reply = s.request(&mut b).unwrap();
    let names: Vec<String> = reply
        .messages()
        .map(|m| parse_link(&m.unwrap()).name)
        .collect();
    assert_eq!(names, ["nlqecho"]);
    s.request(&mut new_link("nlqafter", "bridge")).unwrap();
    loop {
        let m = s.next_event().unwrap();
        if m.kind() == RTM_NEWLINK {
            let name = parse_link(&m).name;
            if name == "nlqafter" {
                break;
            }
            // Later notifications about nlqecho (e.g. state changes) may
            // come, but not the creation echo itself as a reply-less event
            // before the ACK: it was consumed as the reply.
        }
    }
}

#[test]
fn event_flood_overruns_then_socket_keeps_working() {
    if !private_netns("event_flood_overruns_then_socket_keeps_working") {
        return;
    }
    let mut ev = Socket::builder(Protocol::ROUTE)
        .so_rcvbuf(4096)
        .recv_timeout(Some(std::time::Duration::from_secs(5)))
        .open()
        .unwrap();
    ev.join_group(RTNLGRP_LINK).unwrap();
    let mut s = Socket::open(Protocol::ROUTE).unwrap();
    s.request(&mut new_link("nlfl0", "bridge")).unwrap();
    let idx = link_index(&mut s, "nlfl0");
    for i in 0..200 {
        s.request(&mut set_mtu(idx, 1000 + i)).unwrap();
    }
    let mut overrun = false;
    for _ in 0..1000 {
        match ev.try_next_event() {
            Err(Error::Overrun) => {
                overrun = true;
                break;
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(overrun, "a flood into a tiny receive queue reports Overrun");
    // Drain, then the socket keeps working: a new change arrives as an event,
    // and a re-dump (the resync) works on the same socket.
    while let Ok(Some(_)) = ev.try_next_event() {}
    let links = dump_links(&mut ev);
    assert!(links.iter().any(|l| l.name == "nlfl0"));
    s.request(&mut set_mtu(idx, 1400)).unwrap();
    loop {
        let m = ev.next_event().unwrap();
        if m.kind() == RTM_NEWLINK {
            let l = parse_link(&m);
            if l.name == "nlfl0" && l.mtu == Some(1400) {
                break;
            }
        }
    }
}

#[test]
fn socket_in_named_netns_sees_its_links_only() {
    if !private_netns("socket_in_named_netns_sees_its_links_only") {
        return;
    }
    let before = std::fs::read_link("/proc/thread-self/ns/net").unwrap();
    let ns = NamedNetns::create("nlrt-test");
    ip(&["-n", &ns.0, "link", "add", "nlinside", "type", "bridge"]);
    let mut here = Socket::open(Protocol::ROUTE).unwrap();
    here.request(&mut new_link("nloutside", "bridge")).unwrap();

    let mut there = Socket::builder(Protocol::ROUTE)
        .open_in_netns(netlink_runtime::netns::NetnsRef::Name(&ns.0))
        .unwrap();
    let names: Vec<String> = dump_links(&mut there).into_iter().map(|l| l.name).collect();
    assert!(names.contains(&"nlinside".to_owned()), "{names:?}");
    assert!(!names.contains(&"nloutside".to_owned()), "{names:?}");
    let names: Vec<String> = dump_links(&mut here).into_iter().map(|l| l.name).collect();
    assert!(names.contains(&"nloutside".to_owned()));
    assert!(!names.contains(&"nlinside".to_owned()));
    // The calling thread never left its namespace.
    assert_eq!(
        std::fs::read_link("/proc/thread-self/ns/net").unwrap(),
        before
    );

    // By path too, and a bad name is a clear error.
    let path = format!("/run/netns/{}", ns.0);
    let mut by_path = Socket::builder(Protocol::ROUTE)
        .open_in_netns(netlink_runtime::netns::NetnsRef::Path(path.as_ref()))
        .unwrap();
    assert!(dump_links(&mut by_path)
        .iter()
        .any(|l| l.name == "nlinside"));
    let e = Socket::builder(Protocol::ROUTE)
        .open_in_netns(netlink_runtime::netns::NetnsRef::Name(
            "nlrt-does-not-exist",
        ))
        .unwrap_err();
    assert!(e.to_string().contains("nlrt-does-not-exist"), "{e}");
    assert_eq!(e.errno(), Some(libc::ENOENT));
}

#[test]
fn options_can_be_turned_off() {
    if !private_netns("options_can_be_turned_off") {
        return;
    }
    let mut s = Socket::builder(Protocol::ROUTE)
        .ext_ack(false)
        .strict_check(false)
        .cap_ack(false)
        .open()
        .unwrap();
    // Without CAP_ACK the kernel echoes the whole request in an error; the
    // errno is still found.
    s.request(&mut new_link("nlo0", "bridge")).unwrap();
    let e = s.request(&mut new_link("nlo0", "bridge")).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST));
    // Opening by protocol name works for other families too.
    for name in ["route", "generic", "netfilter", "sock_diag", "xfrm"] {
        let p = Protocol::from_name(name).unwrap();
        let s = Socket::open(p).unwrap();
        assert!(s.port_id() != 0, "{name}");
    }
}

#[test]
fn dump_interrupted_by_concurrent_change_and_retry() {
    if !private_netns("dump_interrupted_by_concurrent_change_and_retry") {
        return;
    }
    let mut s = Socket::builder(Protocol::ROUTE)
        .recv_buffer(4096)
        .open()
        .unwrap();
    let mut other = Socket::open(Protocol::ROUTE).unwrap();
    // Many links make a multi-datagram link dump.
    let mut batch = Batch::new();
    for i in 0..150 {
        batch.push(&new_link(&format!("nli{i}"), "bridge")).unwrap();
    }
    other.request(&mut batch).unwrap();

    // Attempt 1 changes the link list mid-dump (bumps dev_base_seq); the
    // kernel flags NLM_F_DUMP_INTR; attempt 2 is left alone and succeeds.
    use std::cell::Cell;
    let attempt = Cell::new(1);
    let seen = Cell::new(0);
    let mut restarts = Vec::new();
    s.dump_retry(
        &mut get_links(),
        3,
        |n| {
            restarts.push(n);
            attempt.set(n);
            seen.set(0);
        },
        |_m| {
            seen.set(seen.get() + 1);
            if attempt.get() == 1 && seen.get() == 1 {
                other.request(&mut new_link("nlchange", "bridge")).unwrap();
            }
            Ok::<_, Error>(())
        },
    )
    .unwrap();
    assert_eq!(restarts, [2], "one retry after the interrupted attempt");
    // lo + 150 + the one added during attempt 1.
    assert_eq!(seen.get(), 152);

    // With a single attempt the interruption is a typed error after the data.
    let mut seen = 0;
    let mut d = s.dump(&mut get_links()).unwrap();
    let mut changed = false;
    let r = loop {
        match d.next() {
            Ok(Some(_)) => {
                seen += 1;
                if !changed {
                    other.request(&mut new_link("nlchange2", "bridge")).unwrap();
                    changed = true;
                }
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    assert!(matches!(r, Err(Error::DumpInterrupted { .. })), "{r:?}");
    assert!(seen >= 150);
}

#[test]
fn request_on_overrun_socket_does_not_hang() {
    if !private_netns("request_on_overrun_socket_does_not_hang") {
        return;
    }
    // A socket with a tiny queue that both listens and sends requests.
    let mut s = Socket::builder(Protocol::ROUTE)
        .so_rcvbuf(4096)
        .recv_timeout(Some(std::time::Duration::from_secs(10)))
        .open()
        .unwrap();
    s.join_group(RTNLGRP_LINK).unwrap();
    let mut other = Socket::open(Protocol::ROUTE).unwrap();
    other.request(&mut new_link("nlov0", "bridge")).unwrap();
    let idx = link_index(&mut other, "nlov0");
    for i in 0..100 {
        other.request(&mut set_mtu(idx, 1000 + i)).unwrap();
    }
    // The queue is full: our request's own event and maybe its ACK are
    // dropped. The request must end (Ok if the ACK survived, else Overrun),
    // never wait for the 10 s timeout.
    let t = std::time::Instant::now();
    match s.request(&mut set_mtu(idx, 1300)) {
        Ok(_) => eprintln!("ACK survived the overrun"),
        Err(Error::Overrun) => eprintln!("ACK lost with the overrun: Overrun"),
        Err(e) => panic!("{e}"),
    }
    assert!(t.elapsed() < std::time::Duration::from_secs(5));
    // And the socket still works.
    while let Ok(Some(_)) = s.try_next_event() {}
    while let Err(Error::Overrun) = s.try_next_event() {}
    s.request(&mut set_mtu(idx, 1350)).unwrap();
    assert!(dump_links(&mut s).iter().any(|l| l.mtu == Some(1350)));
}

#[test]
fn dump_dropped_after_its_end_arrived_leaves_nothing_to_drain() {
    if !private_netns("dump_dropped_after_its_end_arrived_leaves_nothing_to_drain") {
        return;
    }
    // The rule dump fits in one datagram with its NLMSG_DONE: dropped after its first item,
    // nothing is left in the kernel, and the next dump on the socket must not wait for a rest
    // (a receive timeout turns a wait into an error instead of a hang).
    let sock = Socket::builder(Protocol::ROUTE)
        .recv_timeout(Some(std::time::Duration::from_secs(2)))
        .open()
        .unwrap();
    let mut h = netlink_runtime::rtnl::Handle::from_socket(sock);
    for _ in 0..3 {
        let mut it = h.rule_stream(AF_INET).unwrap();
        assert!(it.next().unwrap().is_ok());
        drop(it);
        assert_eq!(h.rules(AF_INET).unwrap().len(), 3); // local, main, default
    }
    // The same after a lending dump dropped after its first message.
    let before = h.socket().stale_dropped();
    let mut req =
        netlink_runtime::op::Dump::request(&netlink_runtime::rtnl::RuleDump { family: AF_INET })
            .unwrap();
    let mut d = h.socket().dump(&mut req).unwrap();
    assert!(d.next().unwrap().is_some());
    drop(d);
    assert!(
        h.socket().stale_dropped() > before,
        "the rest counted as stale"
    );
    assert_eq!(h.rules(AF_INET).unwrap().len(), 3);
}
