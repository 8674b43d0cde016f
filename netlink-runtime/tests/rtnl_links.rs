//! Links in detail against the kernel and `ip -d -j` / `ip -s -j`: kinds this kernel has
//! (bridge with options and port options, veth, vxlan, macvlan, macvtap, tun/tap, ifb) built
//! by `LinkSpec` and read back through their derived data structs; carrier, promiscuity,
//! allmulti, MTU limits, queue and offload limits, alternative names, alias; change and delete
//! by name; statistics (`IFLA_STATS64` and `RTM_GETSTATS`) after traffic on `lo`. Each test
//! runs in a private namespace.

mod common;
use common::rtnl as util;

use netlink_runtime::rtnl::*;
use serde_json::Value;
use util::*;

fn link_json(name: &str) -> Value {
    ip_json(&format!("-d link show dev {name}"))[0].clone()
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn kinds_and_details_read_back_as_ip_shows_them() {
    if !private_netns("kinds_and_details_read_back_as_ip_shows_them") {
        return;
    }
    let mut h = Handle::new().unwrap();
    let mut br = BridgeData::default();
    br.priority = Some(100);
    br.ageing_time = Some(1000);
    h.add_link(&LinkSpec::bridge("br0").with_data(LinkData::Bridge(br)))
        .unwrap();
    h.add_link(&LinkSpec::veth("v0", "v1")).unwrap();
    let br0 = h.link_index("br0").unwrap();
    let v0 = h.link_index("v0").unwrap();
    let mut port = BridgePortData::default();
    port.cost = Some(33);
    port.priority = Some(7);
    port.learning = Some(0);
    h.change_link(&LinkChange::name("v1").master(br0)).unwrap();
    h.change_link(&LinkChange::name("v1").port("bridge", LinkSlaveData::Bridge(port)))
        .unwrap();
    let mut vx = VxlanData::default();
    vx.id = Some(42);
    vx.port = Some(4789);
    vx.link = Some(v0);
    vx.ttl = Some(5);
    h.add_link(&LinkSpec::new("vx0", "vxlan", Some(LinkData::Vxlan(vx))))
        .unwrap();
    h.add_link(&LinkSpec::macvlan("mv0", v0, MacvlanMode::Private))
        .unwrap();
    h.add_link(&LinkSpec::macvtap("mvt0", v0, MacvlanMode::Vepa))
        .unwrap();
    h.add_link(&LinkSpec::plain("ifb0", "ifb")).unwrap();
    // tun/tap: the kernel creates them through /dev/net/tun only.
    ip("tuntap add tap0 mode tap multi_queue");

    // Bridge options.
    let j = link_json("br0");
    let Some(LinkData::Bridge(b)) = h.link("br0").unwrap().data().cloned() else {
        panic!("bridge data");
    };
    let d = &j["linkinfo"]["info_data"];
    assert_eq!(u64::from(b.priority.unwrap()), u(&d["priority"]));
    assert_eq!(u64::from(b.ageing_time.unwrap()), u(&d["ageing_time"]));
    assert_eq!(u64::from(b.stp_state.unwrap()), u(&d["stp_state"]));
    // Port options, read through the master's kind.
    let v1 = h.link("v1").unwrap();
    assert_eq!(v1.slave_kind(), Some("bridge"));
    let Some(LinkSlaveData::Bridge(p)) = v1.slave_data().cloned() else {
        panic!("bridge port data: {v1:?}");
    };
    let d = &link_json("v1")["linkinfo"]["info_slave_data"];
    assert_eq!((p.cost, p.priority), (Some(33), Some(7)));
    assert_eq!(u64::from(p.cost.unwrap()), u(&d["cost"]));
    assert_eq!(u64::from(p.priority.unwrap()), u(&d["priority"]));
    assert_eq!(p.learning == Some(1), d["learning"] == true);
    assert_eq!(p.unicast_flood == Some(1), d["flood"] == true);
    // vxlan.
    let Some(LinkData::Vxlan(x)) = h.link("vx0").unwrap().data().cloned() else {
        panic!("vxlan data");
    };
    let d = &link_json("vx0")["linkinfo"]["info_data"];
    assert_eq!(u64::from(x.id.unwrap()), u(&d["id"]));
    assert_eq!(u64::from(x.port.unwrap()), u(&d["port"]));
    assert_eq!(u64::from(x.ttl.unwrap()), u(&d["ttl"]));
    assert_eq!(u64::from(x.ageing.unwrap()), u(&d["ageing"]));
    assert_eq!(x.link, Some(v0));
    // macvlan / macvtap modes by their names.
    for (name, mode) in [("mv0", MacvlanMode::Private), ("mvt0", MacvlanMode::Vepa)] {
        let l = h.link(name).unwrap();
        let m = match l.data() {
            Some(LinkData::Macvlan(m)) | Some(LinkData::Macvtap(m)) => m.mode,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(m, Some(mode));
        assert_eq!(
            link_json(name)["linkinfo"]["info_data"]["mode"],
            mode.to_string()
        );
    }
    // tap, made by ip.
    let Some(LinkData::Tun(t)) = h.link("tap0").unwrap().data().cloned() else {
        panic!("tun data");
    };
    let d = &link_json("tap0")["linkinfo"]["info_data"];
    assert_eq!(d["type"], "tap");
    assert_eq!(
        t.tun_type,
        Some(netlink_runtime::schemas::rtnetlink::IFF_TAP)
    );
    assert_eq!(t.multi_queue == Some(1), d["multi_queue"] == true);
    assert_eq!(t.persist == Some(1), d["persist"] == true);
    assert_eq!(h.link("ifb0").unwrap().kind(), Some("ifb"));

    // Details every link has, against `ip -d -j`.
    h.add_altnames("v0", &["uplink0"]).unwrap();
    h.change_link(
        &LinkChange::name("v0")
            .promisc(true)
            .allmulti(true)
            .alias("to the bridge"),
    )
    .unwrap();
    let l = h.link("v0").unwrap();
    let j = link_json("v0");
    for (ours, key) in [
        (l.min_mtu(), "min_mtu"),
        (l.max_mtu(), "max_mtu"),
        (l.promiscuity(), "promiscuity"),
        (l.allmulti(), "allmulti"),
        (l.num_tx_queues(), "num_tx_queues"),
        (l.num_rx_queues(), "num_rx_queues"),
        (l.gso_max_size(), "gso_max_size"),
        (l.gso_max_segs(), "gso_max_segs"),
        (l.gro_max_size(), "gro_max_size"),
        (l.tso_max_size(), "tso_max_size"),
        (l.tso_max_segs(), "tso_max_segs"),
    ] {
        assert_eq!(ours.map(u64::from), j[key].as_u64(), "{key}");
    }
    assert_eq!(l.promiscuity(), Some(1));
    let alt: Vec<String> = l.altnames().map(|n| n.to_string()).collect();
    assert_eq!(alt, ["uplink0"]);
    assert_eq!(j["altnames"], serde_json::json!(["uplink0"]));
    assert_eq!(l.ifalias().unwrap(), "to the bridge");
    assert_eq!(j["ifalias"], "to the bridge");
    // An alternative name names the link too.
    assert_eq!(h.link("uplink0").unwrap().index(), v0);
    h.del_altnames("v0", &["uplink0"]).unwrap();
    assert_eq!(h.link("v0").unwrap().altnames().count(), 0);
    // Carrier follows the peer.
    h.change_link(&LinkChange::name("v0").up()).unwrap();
    assert_eq!(h.link("v0").unwrap().carrier(), Some(false));
    assert!(link_json("v0")["flags"]
        .as_array()
        .unwrap()
        .contains(&"NO-CARRIER".into()));
    h.change_link(&LinkChange::name("v1").up()).unwrap();
    assert_eq!(h.link("v0").unwrap().carrier(), Some(true));
    assert_eq!(h.link("v0").unwrap().operstate(), OperState::Up);

    // Change and delete by name.
    h.change_link(&LinkChange::name("ifb0").mtu(1400)).unwrap();
    assert_eq!(u(&link_json("ifb0")["mtu"]), 1400);
    let e = h
        .run(&LinkChange::name("ifb0").rename("ifb9").op())
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
    h.del_link("mv0").unwrap();
    assert!(matches!(h.link("mv0"), Err(Error::NotFound(_))));
    assert!(!ip("link").contains("mv0"));
}

#[test]
fn statistics_after_traffic_match_ip_s() {
    if !private_netns("statistics_after_traffic_match_ip_s") {
        return;
    }
    let mut h = Handle::new().unwrap();
    h.change_link(&LinkChange::name("lo").up()).unwrap();
    // Five datagrams over lo, inside this namespace.
    let rx = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let tx = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    for _ in 0..5 {
        tx.send_to(&[7; 100], rx.local_addr().unwrap()).unwrap();
    }
    let mut buf = [0; 200];
    for _ in 0..5 {
        rx.recv(&mut buf).unwrap();
    }
    let lo = h.link("lo").unwrap();
    let s = *lo.stats64().expect("IFLA_STATS64");
    assert!(s.tx_packets >= 5 && s.rx_packets == s.tx_packets, "{s:?}");
    let j = &ip_json("-s link show dev lo")[0]["stats64"];
    assert_eq!(s.rx_bytes, u(&j["rx"]["bytes"]));
    assert_eq!(s.rx_packets, u(&j["rx"]["packets"]));
    assert_eq!(s.tx_bytes, u(&j["tx"]["bytes"]));
    assert_eq!(s.tx_packets, u(&j["tx"]["packets"]));
    assert_eq!(s.rx_dropped, u(&j["rx"]["dropped"]));
    // RTM_GETSTATS: one link, and the dump of all.
    let one = h.link_stats_of(lo.index()).unwrap();
    assert_eq!(one.ifindex, lo.index());
    assert_eq!(one.link64, Some(s));
    let all = h.link_stats().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].link64, Some(s));
    assert!(matches!(h.link_stats_of(999), Err(Error::NotFound(_))));
}
