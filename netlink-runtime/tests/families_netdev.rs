//! The netdev family through `families::netdev` against the running kernel, in a private
//! namespace (skipped without root): the device dump against rtnetlink's link dump, a "do"
//! per device, and the `mgmt` group's notifications; with the blocking `Netdev` and the async
//! `AsyncNetdev` (each test written once, see `common::twin`).

mod common;
use common::twin::twins;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{dump_links, link_index, new_veth};

use netlink_runtime::builder::MessageBuilder;

use netlink_runtime::families::netdev::{DevEvent, Netdev};

use netlink_runtime::rtnl::AF_UNSPEC;

use netlink_runtime::schemas::rtnetlink::*;

use netlink_runtime::{Protocol, Socket};

twins! {
blocking {
    pub fn netdev() -> Result<Netdev, netlink_runtime::Error> {
        Netdev::new()
    }
    /// A handle subscribed to `mgmt`, on a socket with a receive timeout.
    pub fn subscribe() -> Netdev {
        let sock = Socket::builder(Protocol::GENERIC)
            .recv_timeout(Some(Duration::from_secs(5)))
            .open()
            .unwrap();
        let mut nd = Netdev::from_socket(sock).unwrap();
        nd.subscribe().unwrap();
        nd
    }
    pub fn next_event(ev: &mut Netdev) -> DevEvent {
        ev.next_event().unwrap()
    }
}
tokio {
    use futures::StreamExt;
    use netlink_runtime::families::netdev::{AsyncNetdev, DevEvents};
    use netlink_runtime::tokio::Subscription;
    pub async fn netdev() -> Result<AsyncNetdev, netlink_runtime::Error> {
        AsyncNetdev::new().await
    }
    /// The `mgmt` group as a stream (joined by name).
    pub async fn subscribe() -> Subscription<DevEvents> {
        AsyncNetdev::new().await.unwrap().events().unwrap()
    }
    /// The next notification, within 5 s.
    pub async fn next_event(ev: &mut Subscription<DevEvents>) -> DevEvent {
        tokio::time::timeout(Duration::from_secs(5), ev.next())
            .await
            .expect("a notification within 5 s")
            .expect("the stream does not end")
            .unwrap()
    }
}

test fn device_dump_matches_rtnetlink_links() {
    let mut rt = Socket::open(Protocol::ROUTE).unwrap();
    rt.request(&mut new_veth("va", "vb")).unwrap();
    let mut nd = io!(netdev()).unwrap();
    let devs = io!(nd.devices()).unwrap();
    assert_eq!(io!(drain(io!(nd.device_stream()).unwrap())), devs);
    let ours: BTreeSet<u32> = devs.iter().map(|d| d.ifindex).collect();
    let links: BTreeSet<u32> = dump_links(&mut rt).iter().map(|l| l.index as u32).collect();
    assert_eq!(ours, links);
    for d in &devs {
        assert_eq!(&io!(nd.device(d.ifindex)).unwrap(), d);
    }
    // veth runs XDP natively.
    let va = link_index(&mut rt, "va") as u32;
    let dev = io!(nd.device(va)).unwrap();
    assert!(dev.xdp_feature_names().contains(&"basic"), "{dev:?}");
    // A missing device is a kernel error, not a panic.
    let e = io!(nd.device(999_999)).unwrap_err();
    assert!(e.errno().is_some(), "{e}");
}

test fn mgmt_group_notifies_device_add_and_delete() {
    let mut ev = io!(subscribe());
    let mut rt = Socket::open(Protocol::ROUTE).unwrap();
    rt.request(&mut new_veth("va", "vb")).unwrap();
    let (va, vb) = (
        link_index(&mut rt, "va") as u32,
        link_index(&mut rt, "vb") as u32,
    );
    let mut added = BTreeSet::new();
    while added.len() < 2 {
        match io!(next_event(&mut ev)) {
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
        if let DevEvent::Removed(d) = io!(next_event(&mut ev)) {
            removed.insert(d.ifindex);
        }
    }
    assert_eq!(removed, BTreeSet::from([va, vb]));
}
}
