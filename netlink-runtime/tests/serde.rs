//! Feature `serde`: every owned type of rtnl and the families serialises, with the values the
//! kernel gave (objects read from a scene built with `ip` in a private namespace) or, for the
//! types only notifications and requests carry, values made here.
#![cfg(all(feature = "serde", feature = "rtnl", feature = "families"))]

mod common;

use std::time::Duration;

use common::{ip, private_netns};
use netlink_runtime::families::{ethtool, mptcp, netdev, nlctrl, tcp_metrics};
use netlink_runtime::rtnl::{Event, Events, Handle, RouteFilter, TableFilter, AF_INET, ALL_GROUPS};
use serde::Serialize;
use serde_json::{json, Value};

fn to_json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serialise")
}

/// The first element of `items` for which `pick` holds, as JSON.
fn find<T: Serialize>(items: &[T], what: &str, pick: impl Fn(&Value) -> bool) -> Value {
    items
        .iter()
        .map(to_json)
        .find(|v| pick(v))
        .unwrap_or_else(|| panic!("no {what} among {}", to_json(&items)))
}

#[test]
fn rtnl_owned_types_serialise() {
    if !private_netns("rtnl_owned_types_serialise") {
        return;
    }
    for cmd in [
        "link set lo up",
        "link add v0 type veth peer name v1",
        "link set v0 up",
        "link set v1 up",
        "addr add 192.0.2.1/24 dev v0 label v0:a",
        "route add 198.51.100.0/24 via 192.0.2.2 metric 9 mtu 1400",
        "route add 10.9.0.0/16 nexthop via 192.0.2.2 weight 2 nexthop via 192.0.2.3",
        "route add 10.8.0.0/16 via 203.0.113.1 dev v0 onlink",
        "neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0",
        "rule add from 10.0.0.0/8 table 100 prio 100",
        "nexthop add id 1 via 192.0.2.2 dev v0",
        "nexthop add id 2 via 192.0.2.3 dev v0",
        "nexthop add id 10 group 1/2,3", // members 1 (weight 1) and 2 (weight 3)
    ] {
        ip(&cmd.split_whitespace().collect::<Vec<_>>());
    }
    let mut h = Handle::new().unwrap();

    let link = find(&h.links().unwrap(), "link v0", |l| l["name"] == "v0");
    assert_eq!(link["kind"], "veth");
    assert!(link["index"].as_u64().unwrap() > 1, "{link}");
    assert_eq!(link["address"].as_str().unwrap().len(), 17, "{link}");
    assert!(
        link["flags"].as_array().unwrap().contains(&json!("UP")),
        "{link}"
    );
    assert_eq!(link["operstate"], "UP", "{link}");

    let addr = find(&h.addresses().unwrap(), "192.0.2.1", |a| {
        a["local"] == "192.0.2.1"
    });
    assert_eq!(
        (addr["prefixlen"].clone(), addr["label"].clone()),
        (json!(24), json!("v0:a"))
    );
    assert_eq!(addr["broadcast"], Value::Null);

    let filter = RouteFilter::all_tables()
        .family(AF_INET)
        .tables(TableFilter::All);
    let routes = h.routes(&filter).unwrap();
    let r = find(&routes, "198.51.100.0/24", |r| r["dst"] == "198.51.100.0");
    assert_eq!(
        (r["dst_len"].clone(), r["gateway"].clone()),
        (json!(24), json!("192.0.2.2"))
    );
    assert_eq!(r["metrics"]["mtu"], 1400, "{r}");
    // Typed values by their names.
    assert_eq!(
        (r["protocol"].clone(), r["scope"].clone(), r["type"].clone()),
        (json!("boot"), json!("universe"), json!("unicast")),
        "{r}"
    );
    assert_eq!(r["flags"], json!([]), "{r}");
    // Route flags by name: the next-hop byte of rtm_flags too.
    let onlink = find(&routes, "10.8.0.0/16", |r| r["dst"] == "10.8.0.0");
    assert_eq!(onlink["flags"], json!(["onlink"]), "{onlink}");
    let mp = find(&routes, "10.9.0.0/16", |r| r["dst"] == "10.9.0.0");
    let hops = mp["multipath"].as_array().unwrap();
    assert_eq!(hops.len(), 2, "{mp}");
    assert_eq!(
        (hops[0]["gateway"].clone(), hops[0]["weight"].clone()),
        (json!("192.0.2.2"), json!(2))
    );

    let n = find(&h.neighbours().unwrap(), "192.0.2.9", |n| {
        n["dst"] == "192.0.2.9"
    });
    assert_eq!(n["lladdr"], "02:00:00:00:00:09");
    assert_eq!(n["state"], json!(["PERMANENT"]));

    let rule = find(&h.rules(AF_INET).unwrap(), "prio 100", |r| {
        r["priority"] == 100
    });
    assert_eq!(
        (rule["src"].clone(), rule["table"].clone()),
        (json!("10.0.0.0"), json!(100))
    );

    let nhs = h.nexthops().unwrap();
    let nh = find(&nhs, "nexthop 1", |n| n["id"] == 1);
    assert_eq!(nh["gateway"], "192.0.2.2");
    let group = find(&nhs, "group 10", |n| n["id"] == 10);
    assert_eq!(
        group["group"],
        json!([{"id": 1, "weight": 1}, {"id": 2, "weight": 3}]),
        "{group}"
    );

    // An event: the enum is externally tagged.
    let mut ev = Events::subscribe(ALL_GROUPS).unwrap();
    ip(&["link", "add", "br9", "type", "bridge"]);
    let mut seen = None;
    while let Some(e) = ev.next_timeout(Duration::from_secs(5)).unwrap() {
        if matches!(&e, Event::NewLink(l) if l.name() == "br9") {
            seen = Some(e);
            break;
        }
    }
    let e = to_json(&seen.expect("no RTM_NEWLINK for br9"));
    assert_eq!(e["NewLink"]["name"], "br9", "{e}");
    assert_eq!(e["NewLink"]["kind"], "bridge", "{e}");
}

#[test]
fn family_owned_types_serialise() {
    if !private_netns("family_owned_types_serialise") {
        return;
    }
    ip(&["link", "add", "v0", "type", "veth", "peer", "name", "v1"]);

    let mut ctrl = nlctrl::Nlctrl::new().unwrap();
    let fam = to_json(&ctrl.family("ethtool").unwrap());
    assert_eq!(fam["name"], "ethtool", "{fam}");
    assert!(!fam["ops"].as_array().unwrap().is_empty(), "{fam}");
    assert!(!fam["mcast_groups"].as_array().unwrap().is_empty(), "{fam}");
    let pol = to_json(&ctrl.policy("ethtool").unwrap());
    assert!(
        pol.is_object() && pol.as_object().unwrap().len() > 1,
        "{pol}"
    );

    let mut et = ethtool::Ethtool::new().unwrap();
    let info = to_json(&et.link_info("v0").unwrap());
    assert_eq!(info["header"]["dev_name"], "v0", "{info}");
    let features = et.features("v0").unwrap();
    let f = to_json(&features);
    assert!(f["hw"].is_object(), "{f}");
    let states = et.feature_states("v0").unwrap();
    let st = find(&states, "a feature", |s| s["name"].is_string());
    assert!(st["active"].is_boolean(), "{st}");
    let modes = to_json(&et.link_modes("v0").unwrap());
    assert_eq!(modes["header"]["dev_name"], "v0", "{modes}");
    let state = to_json(&et.link_state("v0").unwrap());
    assert_eq!(state["header"]["dev_name"], "v0", "{state}");
    let ch = to_json(&et.channels("v0").unwrap());
    assert_eq!(ch["header"]["dev_name"], "v0", "{ch}");
    let n = to_json(&ethtool::Notification::Features(features));
    assert!(n["Features"]["hw"].is_object(), "{n}");
    let other = to_json(&ethtool::Notification::Other { cmd: 7 });
    assert_eq!(other, json!({"Other": {"cmd": 7}}));
    let strset = to_json(&ethtool::Strset::default());
    assert_eq!(strset, json!({"header": null, "stringsets": null}));

    let mut nd = netdev::Netdev::new().unwrap();
    let devs = nd.devices().unwrap();
    let d = find(&devs, "a device", |d| d["ifindex"].is_u64());
    let ev = to_json(&netdev::DevEvent::Added(devs[0]));
    assert_eq!(ev["Added"], d, "{ev}");

    let mut mp = mptcp::Mptcp::new().unwrap();
    let limits = to_json(&mp.limits().unwrap());
    assert!(limits.is_object(), "{limits}");
    let ep = to_json(&mptcp::Endpoint::new("192.0.2.1".parse().unwrap(), 0));
    assert!(ep.to_string().contains("192.0.2.1"), "{ep}");

    let mut tm = tcp_metrics::TcpMetrics::new().unwrap();
    let entries = to_json(&tm.entries().unwrap());
    assert!(entries.is_array(), "{entries}");
    let entry = tcp_metrics::Entry {
        addr_ipv4: Some("192.0.2.7".parse().unwrap()),
        vals: Some(tcp_metrics::Values {
            rtt: Some(3),
            ..Default::default()
        }),
        ..Default::default()
    };
    let e = to_json(&entry);
    assert_eq!(
        (e["addr_ipv4"].clone(), e["vals"]["rtt"].clone()),
        (json!("192.0.2.7"), json!(3))
    );
}
