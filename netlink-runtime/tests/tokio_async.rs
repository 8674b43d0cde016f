//! The async socket (feature `tokio`) against the real kernel, each test in
//! its own private network namespace (the current-thread runtime runs the
//! test body on the test thread, which is the one we unshare).
#![cfg(feature = "tokio")]

mod common;

use std::time::Duration;

use common::*;
use netlink_runtime::builder::Batch;
use netlink_runtime::rtnl::AF_INET;
use netlink_runtime::schemas::genetlink::GENL_ID_CTRL;
use netlink_runtime::schemas::netlink::*;
use netlink_runtime::schemas::rtnetlink::*;
use netlink_runtime::tokio::AsyncSocket;
use netlink_runtime::{Error, Protocol, Socket};

#[tokio::test]
async fn async_request_dump_and_errors() {
    if !private_netns("async_request_dump_and_errors") {
        return;
    }
    let mut s = AsyncSocket::open(Protocol::ROUTE).unwrap();
    s.request(&mut new_veth("nla0", "nla1")).await.unwrap();
    s.request(&mut new_link("nlabr", "bridge")).await.unwrap();
    let e = s
        .request(&mut new_link("nlabr", "bridge"))
        .await
        .unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST));
    let e = s
        .request(&mut new_link("nlax", "no-such-kind"))
        .await
        .unwrap_err();
    assert!(e
        .as_kernel()
        .unwrap()
        .message
        .as_deref()
        .unwrap()
        .contains("Unknown device type"));

    let mut names = Vec::new();
    let mut d = s.dump(&mut get_links()).await.unwrap();
    while let Some(m) = d.next().await.unwrap() {
        names.push(parse_link(&m).name);
    }
    names.sort();
    assert_eq!(names, ["lo", "nla0", "nla1", "nlabr"]);
}

#[tokio::test]
async fn async_big_dump_bounded() {
    if !private_netns("async_big_dump_bounded") {
        return;
    }
    let mut blocking = Socket::open(Protocol::ROUTE).unwrap();
    blocking.request(&mut new_veth("nla0", "nla1")).unwrap();
    let idx = link_index(&mut blocking, "nla0");
    blocking.request(&mut set_up(idx)).unwrap();
    let mut s = AsyncSocket::open(Protocol::ROUTE).unwrap();
    let mut batch = Batch::new();
    for i in 0..3000u32 {
        let dst = u32::from(std::net::Ipv4Addr::new(198, 18, 0, 0)) + i;
        batch
            .push(&new_route(
                AF_INET,
                &dst.to_be_bytes(),
                32,
                idx as u32,
                None,
            ))
            .unwrap();
        if batch.len() == 250 {
            s.request(&mut batch).await.unwrap();
            batch.clear();
        }
    }
    let cap = s.get_ref().recv_buffer_len();
    let mut n = 0;
    let mut last = 0u32;
    let mut d = s.dump(&mut get_dump(RTM_GETROUTE, AF_INET)).await.unwrap();
    while let Some(m) = d.next().await.unwrap() {
        let r = parse_route(&m);
        if r.table == RT_TABLE_MAIN && r.dst_len == 32 {
            let v = u32::from_be_bytes(r.dst[..4].try_into().unwrap());
            assert!(v > last, "in order");
            last = v;
            n += 1;
        }
    }
    assert_eq!(n, 3000);
    drop(d);
    assert_eq!(s.get_ref().recv_buffer_high_water(), cap);
}

#[tokio::test]
async fn async_events_and_overrun() {
    if !private_netns("async_events_and_overrun") {
        return;
    }
    let mut ev =
        AsyncSocket::from_builder(Socket::builder(Protocol::ROUTE).so_rcvbuf(4096)).unwrap();
    ev.join_group(RTNLGRP_LINK).unwrap();
    let mut s = AsyncSocket::open(Protocol::ROUTE).unwrap();
    s.request(&mut new_link("nlaev", "bridge")).await.unwrap();
    let found = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ev.next_event().await {
                Ok(m) if m.kind() == RTM_NEWLINK && parse_link(&m).name == "nlaev" => return true,
                Ok(_) | Err(Error::Overrun) => {}
                Err(e) => panic!("{e}"),
            }
        }
    })
    .await
    .unwrap();
    assert!(found);

    // Flood the tiny queue, then expect Overrun, then keep working.
    let mut blocking = Socket::open(Protocol::ROUTE).unwrap();
    let idx = link_index(&mut blocking, "nlaev");
    for i in 0..200 {
        blocking.request(&mut set_mtu(idx, 1000 + i)).unwrap();
    }
    let overrun = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ev.next_event().await {
                Err(Error::Overrun) => return true,
                Ok(_) => {}
                Err(e) => panic!("{e}"),
            }
        }
    })
    .await
    .unwrap();
    assert!(overrun);
    // Drain what is still queued (the resync point), then keep working.
    while let Ok(Some(_)) = ev.try_next_event() {}
    blocking.request(&mut set_mtu(idx, 1400)).unwrap();
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Ok(m) = ev.next_event().await {
                if m.kind() == RTM_NEWLINK && parse_link(&m).mtu == Some(1400) {
                    break;
                }
            }
        }
    })
    .await
    .expect("event after overrun");
}

#[tokio::test]
async fn async_genl_resolve() {
    if !private_netns("async_genl_resolve") {
        return;
    }
    let mut s = AsyncSocket::open(Protocol::GENERIC).unwrap();
    let ctrl = s.resolve_family("nlctrl").await.unwrap().clone();
    assert_eq!(ctrl.id, GENL_ID_CTRL);
    let nd = s.resolve_family("netdev").await.unwrap().clone();
    assert!(nd.group("mgmt").is_some());
    assert!(s.resolve_family("ethtool").await.is_ok());
    assert!(matches!(
        s.resolve_family("nosuchfam").await,
        Err(Error::FamilyNotFound(_))
    ));
}

#[tokio::test]
async fn async_foreign_datagram_is_dropped_and_netns() {
    if !private_netns("async_foreign_datagram_is_dropped_and_netns") {
        return;
    }
    let mut s = AsyncSocket::open(Protocol::ROUTE).unwrap();
    let attacker = Socket::open(Protocol::ROUTE).unwrap();
    let mut forged = Vec::new();
    for seq in 0..8u32 {
        let mut m = netlink_runtime::MessageBuilder::new(NLMSG_ERROR, 0);
        m.push_header_bytes(&(-libc::EPERM).to_ne_bytes());
        m.push_header_bytes(&[0u8; 16]);
        let mut bytes = m.finish().unwrap();
        bytes[8..12].copy_from_slice(&seq.to_ne_bytes());
        bytes[12..16].copy_from_slice(&s.get_ref().port_id().to_ne_bytes());
        forged.extend_from_slice(&bytes);
    }
    let dst = rustix::net::netlink::SocketAddrNetlink::new(s.get_ref().port_id(), 0);
    rustix::net::sendto(&attacker, &forged, rustix::net::SendFlags::empty(), &dst).unwrap();
    s.request(&mut new_link("nlafor", "bridge")).await.unwrap();
    assert_eq!(s.get_ref().foreign_dropped(), 1);

    // An async socket opened inside a named namespace.
    let ns = NamedNetns::create("nlrt-async");
    ip(&["-n", &ns.0, "link", "add", "nlains", "type", "bridge"]);
    let sock = Socket::builder(Protocol::ROUTE)
        .open_in_netns(netlink_runtime::netns::NetnsRef::Name(&ns.0))
        .unwrap();
    let mut there = AsyncSocket::new(sock).unwrap();
    let mut names = Vec::new();
    let mut d = there.dump(&mut get_links()).await.unwrap();
    while let Some(m) = d.next().await.unwrap() {
        names.push(parse_link(&m).name);
    }
    assert!(names.contains(&"nlains".to_owned()), "{names:?}");
    assert!(!names.contains(&"nlafor".to_owned()), "{names:?}");
}
