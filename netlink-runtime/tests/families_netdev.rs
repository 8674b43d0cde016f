//! The netdev family through `families::netdev` against the running kernel, in a private
//! namespace (skipped without root): the device dump against rtnetlink's link dump, a "do"
//! per device, and the `mgmt` group's notifications.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{dump_links, link_index, new_veth, private_netns};
use netlink_runtime::builder::MessageBuilder;
use netlink_runtime::families::netdev::{DevEvent, Netdev};
use netlink_runtime::rtnl::AF_UNSPEC;
use netlink_runtime::schemas::rtnetlink::*;
use netlink_runtime::{Protocol, Socket};

#[test]
fn device_dump_matches_rtnetlink_links() {
    if !private_netns("device_dump_matches_rtnetlink_links") {
        return;
    }
    let mut rt = Socket::open(Protocol::ROUTE).unwrap();
    rt.request(&mut new_veth("va", "vb")).unwrap();
    let mut nd = Netdev::new().unwrap();
    let devs = nd.devices().unwrap();
    let ours: BTreeSet<u32> = devs.iter().map(|d| d.ifindex).collect();
    let links: BTreeSet<u32> = dump_links(&mut rt).iter().map(|l| l.index as u32).collect();
    assert_eq!(ours, links);
    for d in &devs {
        assert_eq!(&nd.device(d.ifindex).unwrap(), d);
    }
    // veth runs XDP natively.
    let va = link_index(&mut rt, "va") as u32;
    let dev = nd.device(va).unwrap();
    assert!(dev.xdp_feature_names().contains(&"basic"), "{dev:?}");
    // A missing device is a kernel error, not a panic.
    let e = nd.device(999_999).unwrap_err();
    assert!(e.errno().is_some(), "{e}");
}

#[test]
fn mgmt_group_notifies_device_add_and_delete() {
    if !private_netns("mgmt_group_notifies_device_add_and_delete") {
        return;
    }
    let sock = Socket::builder(Protocol::GENERIC)
        .recv_timeout(Some(Duration::from_secs(5)))
        .open()
        .unwrap();
    let mut nd = Netdev::from_socket(sock).unwrap();
    nd.subscribe().unwrap();
    let mut rt = Socket::open(Protocol::ROUTE).unwrap();
    rt.request(&mut new_veth("va", "vb")).unwrap();
    let (va, vb) = (
        link_index(&mut rt, "va") as u32,
        link_index(&mut rt, "vb") as u32,
    );
    let mut added = BTreeSet::new();
    while added.len() < 2 {
        match nd.next_event().unwrap() {
            DevEvent::Added(d) => {
                added.insert(d.ifindex);
            }
            _ => continue,
        }
    }
    assert_eq!(added, BTreeSet::from([va, vb]));

    let mut del = MessageBuilder::new(RTM_DELLINK, 0);
    del.push_header_bytes(&common::ifinfomsg(AF_UNSPEC, va as i32, 0, 0));
    rt.request(&mut del).unwrap();
    let mut removed = BTreeSet::new();
    while removed.len() < 2 {
        if let DevEvent::Removed(d) = nd.next_event().unwrap() {
            removed.insert(d.ifindex);
        }
    }
    assert_eq!(removed, BTreeSet::from([va, vb]));
}
