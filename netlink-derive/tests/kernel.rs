//! Against the kernel, in a private network namespace: links, addresses and routes made with
//! `ip` are dumped into derived structs (requests built by derived structs too) and compared,
//! field by field, with what `ip -j` prints for the same objects.

use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::process::Command;

use netlink_derive::Netlink;
use netlink_runtime::codec::{FromMessage, MacAddr, ToMessage};
use netlink_runtime::schemas::rtnetlink as rt;
use netlink_runtime::{netns, Protocol, Socket};
use serde_json::Value;

#[derive(Netlink, Default)]
#[netlink(schema = "rtnetlink", message = "link")]
struct LinkRequest {
    #[netlink(header = "ifi_family")]
    family: u8,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "rtnetlink", attributes = "ifla_info")]
struct LinkInfo<'a> {
    kind: Option<&'a str>,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "rtnetlink", message = "link")]
struct Link<'a> {
    #[netlink(header = "ifi_index")]
    index: i32,
    #[netlink(header = "ifi_flags")]
    flags: u32,
    ifname: &'a str,
    mtu: Option<u32>,
    address: Option<MacAddr>,
    master: Option<u32>,
    linkinfo: Option<LinkInfo<'a>>,
}

#[derive(Netlink, Default)]
#[netlink(schema = "rtnetlink", message = "addr")]
struct AddrRequest {
    #[netlink(header = "ifa_family")]
    family: u8,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "rtnetlink", message = "addr")]
struct Address<'a> {
    #[netlink(header = "ifa_family")]
    family: u8,
    #[netlink(header = "ifa_prefixlen")]
    prefixlen: u8,
    #[netlink(header = "ifa_index")]
    index: u32,
    local: Option<IpAddr>,
    address: Option<IpAddr>,
    label: Option<&'a str>,
}

#[derive(Netlink, Default)]
#[netlink(schema = "rtnetlink", message = "route")]
struct RouteRequest {
    #[netlink(header = "rtm_family")]
    family: u8,
    #[netlink(header = "rtm_table")]
    table_hdr: u8,
    table: Option<u32>,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "rtnetlink", attributes = "rtax")]
struct Metrics {
    mtu: Option<u32>,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "rtnetlink", header = "rtnexthop", attributes = "rta")]
struct NextHop {
    #[netlink(header = "rtnh_hops")]
    hops: u8,
    #[netlink(header = "rtnh_ifindex")]
    ifindex: i32,
    gateway: Option<IpAddr>,
}

#[derive(Netlink, Debug)]
#[netlink(schema = "rtnetlink", message = "route")]
struct Route {
    #[netlink(header = "rtm_dst_len")]
    dst_len: u8,
    #[netlink(header = "rtm_protocol")]
    protocol: u8,
    #[netlink(header = "rtm_type")]
    kind: u8,
    dst: Option<IpAddr>,
    gateway: Option<IpAddr>,
    oif: Option<u32>,
    table: Option<u32>,
    priority: Option<u32>,
    metrics: Option<Metrics>,
    multipath: Vec<NextHop>,
}

fn private_netns(test: &str) -> bool {
    if !netns::is_root() {
        let _ = writeln!(std::io::stderr(), "SKIPPED (needs root): {test}");
        return false;
    }
    netns::unshare_current_thread().expect("unshare(CLONE_NEWNET)");
    true
}

fn ip(args: &str) -> String {
    let out = Command::new("ip")
        .args(args.split_whitespace())
        .output()
        .expect("run ip");
    assert!(
        out.status.success(),
        "ip {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ip_json(args: &str) -> Vec<Value> {
    serde_json::from_str(&ip(args)).expect("ip -j prints JSON")
}

fn scene() {
    for cmd in [
        "link set lo up",
        "link add v0 type veth peer name v1",
        "link add br0 type bridge",
        "link set v1 master br0",
        "link set v0 mtu 1400 address 02:00:00:00:00:01 up",
        "link set v1 up",
        "link set br0 up",
        "addr add 10.0.0.1/24 dev v0 label v0:main",
        "-6 addr add 2001:db8::1/64 dev v0 nodad",
        "route add 10.1.0.0/16 via 10.0.0.2 metric 50",
        "route add 10.2.0.0/16 dev v0 table 100 mtu 1300",
        "route add 10.3.0.0/16 nexthop via 10.0.0.2 weight 1 nexthop via 10.0.0.3 weight 3",
        "-6 route add 2001:db8:1::/48 via 2001:db8::2",
    ] {
        ip(cmd);
    }
}

fn socket() -> Socket {
    Socket::open(Protocol::ROUTE).expect("netlink socket")
}

/// What the test compares of a link: index, flags, name, mtu, address, master, kind.
type LinkRow = (
    i32,
    u32,
    String,
    Option<u32>,
    Option<MacAddr>,
    Option<u32>,
    Option<String>,
);

fn dump_links() -> Vec<LinkRow> {
    let mut s = socket();
    let mut req = LinkRequest::default().to_message(
        rt::RTM_GETLINK,
        netlink_runtime::schemas::netlink::NLM_F_DUMP,
    );
    let mut out = Vec::new();
    let mut d = s.dump(&mut req).unwrap();
    while let Some(m) = d.next().unwrap() {
        let l = Link::from_message(&m).unwrap();
        out.push((
            l.index,
            l.flags,
            l.ifname.to_owned(),
            l.mtu,
            l.address,
            l.master,
            l.linkinfo.and_then(|i| i.kind).map(str::to_owned),
        ));
    }
    out
}

#[test]
fn links_match_ip_json() {
    if !private_netns("links_match_ip_json") {
        return;
    }
    scene();
    let ours = dump_links();
    let theirs = ip_json("-j -d link show");
    assert_eq!(ours.len(), theirs.len());
    let names: HashMap<i64, String> = theirs
        .iter()
        .map(|l| {
            (
                l["ifindex"].as_i64().unwrap(),
                l["ifname"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (index, flags, name, mtu, address, master, kind) in &ours {
        let j = theirs
            .iter()
            .find(|l| l["ifindex"].as_i64() == Some(i64::from(*index)))
            .unwrap_or_else(|| panic!("ip does not show link {index}"));
        assert_eq!(j["ifname"].as_str(), Some(name.as_str()));
        assert_eq!(j["mtu"].as_u64(), mtu.map(u64::from));
        assert_eq!(
            j["address"].as_str().map(str::to_owned),
            address.map(|a| a.to_string()),
            "{name}"
        );
        assert_eq!(
            j["master"].as_str(),
            master.map(|m| names[&i64::from(m)].as_str()),
            "{name}"
        );
        assert_eq!(
            j["linkinfo"]["info_kind"].as_str(),
            kind.as_deref(),
            "{name}"
        );
        let up = j["flags"].as_array().unwrap().iter().any(|f| f == "UP");
        assert_eq!(up, flags & 1 != 0, "{name} IFF_UP");
    }
    let v0 = ours.iter().find(|l| l.2 == "v0").unwrap();
    assert_eq!(v0.3, Some(1400));
    assert_eq!(v0.4.unwrap().to_string(), "02:00:00:00:00:01");
}

#[test]
fn addresses_match_ip_json() {
    if !private_netns("addresses_match_ip_json") {
        return;
    }
    scene();
    let mut s = socket();
    let mut req = AddrRequest::default().to_message(
        rt::RTM_GETADDR,
        netlink_runtime::schemas::netlink::NLM_F_DUMP,
    );
    let mut ours = Vec::new();
    let mut d = s.dump(&mut req).unwrap();
    while let Some(m) = d.next().unwrap() {
        let a = Address::from_message(&m).unwrap();
        let addr = a.local.or(a.address).unwrap();
        ours.push((
            a.index,
            addr,
            a.prefixlen,
            a.family,
            a.label.map(str::to_owned),
        ));
    }
    let mut theirs = Vec::new();
    for link in ip_json("-j addr show") {
        for info in link["addr_info"].as_array().unwrap() {
            theirs.push((
                link["ifindex"].as_u64().unwrap() as u32,
                info["local"].as_str().unwrap().parse::<IpAddr>().unwrap(),
                info["prefixlen"].as_u64().unwrap() as u8,
                if info["family"] == "inet" { 2 } else { 10 },
                info["label"].as_str().map(str::to_owned),
            ));
        }
    }
    ours.sort_by_key(|a| (a.0, a.1));
    theirs.sort_by_key(|a| (a.0, a.1));
    assert_eq!(ours, theirs);
    assert!(ours.iter().any(|a| a.4.as_deref() == Some("v0:main")));
}

#[test]
fn routes_match_ip_json() {
    if !private_netns("routes_match_ip_json") {
        return;
    }
    scene();
    let mut s = socket();
    let names: HashMap<u32, String> = ip_json("-j link show")
        .iter()
        .map(|l| {
            (
                l["ifindex"].as_u64().unwrap() as u32,
                l["ifname"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (family, table, ip_args) in [
        (2u8, 254u32, "-j -4 route show table main"),
        (2, 100, "-j -4 route show table 100"),
        (10, 254, "-j -6 route show table main"),
    ] {
        // A kernel-side filter: strict checking makes the kernel honour family and table.
        let mut req = RouteRequest {
            family,
            table_hdr: 0,
            table: Some(table),
        }
        .to_message(
            rt::RTM_GETROUTE,
            netlink_runtime::schemas::netlink::NLM_F_DUMP,
        );
        let mut ours = Vec::new();
        let mut d = s.dump(&mut req).unwrap();
        while let Some(m) = d.next().unwrap() {
            let r = Route::from_message(&m).unwrap();
            assert_eq!(r.table, Some(table), "the kernel filtered by table");
            ours.push(r);
        }
        let theirs = ip_json(ip_args);
        assert_eq!(ours.len(), theirs.len(), "{ip_args}");
        for j in &theirs {
            let dst = j["dst"].as_str().unwrap();
            let r = ours
                .iter()
                .find(|r| {
                    let ours = match r.dst {
                        None => "default".to_owned(),
                        Some(d)
                            if (r.dst_len == 32 && d.is_ipv4())
                                || (r.dst_len == 128 && d.is_ipv6()) =>
                        {
                            d.to_string()
                        }
                        Some(d) => format!("{d}/{}", r.dst_len),
                    };
                    // Link-local routes exist once per device: match the device too.
                    ours == dst && j["dev"].as_str() == r.oif.map(|o| names[&o].as_str())
                })
                .unwrap_or_else(|| panic!("no route {dst} in our dump"));
            assert_eq!(
                j["gateway"].as_str().map(|g| g.parse::<IpAddr>().unwrap()),
                r.gateway,
                "{dst}"
            );
            assert_eq!(
                j["dev"].as_str(),
                r.oif.map(|o| names[&o].as_str()),
                "{dst}"
            );
            assert_eq!(
                j["metric"].as_u64(),
                r.priority
                    .map(u64::from)
                    .filter(|_| j.get("metric").is_some()),
                "{dst}"
            );
            let mtu = j["metrics"]
                .as_array()
                .and_then(|m| m.iter().find_map(|x| x["mtu"].as_u64()));
            assert_eq!(
                mtu,
                r.metrics.as_ref().and_then(|m| m.mtu).map(u64::from),
                "{dst}"
            );
            let hops: Vec<(String, u64)> = j["nexthops"]
                .as_array()
                .map(|n| {
                    n.iter()
                        .map(|h| {
                            (
                                h["gateway"].as_str().unwrap().to_owned(),
                                h["weight"].as_u64().unwrap_or(1),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let our_hops: Vec<(String, u64)> = r
                .multipath
                .iter()
                .map(|h| (h.gateway.unwrap().to_string(), u64::from(h.hops) + 1))
                .collect();
            assert_eq!(hops, our_hops, "{dst}");
            assert!(r
                .multipath
                .iter()
                .all(|h| names.contains_key(&(h.ifindex as u32))));
            let _ = (r.protocol, r.kind);
        }
    }
}

#[test]
fn filter_hook_skips_messages_by_header() {
    if !private_netns("filter_hook_skips_messages_by_header") {
        return;
    }
    scene();
    let mut s = socket();
    let mut req = RouteRequest {
        family: 2,
        ..Default::default()
    }
    .to_message(
        rt::RTM_GETROUTE,
        netlink_runtime::schemas::netlink::NLM_F_DUMP,
    );
    let (mut kept, mut seen) = (0, 0);
    let mut d = s.dump(&mut req).unwrap();
    while let Some(m) = d.next().unwrap() {
        seen += 1;
        // Keep only routes of the main table, decided from the fixed header alone.
        if let Some(r) = Route::from_message_if(&m, |h: &rt::rtmsg| h.rtm_table == 254).unwrap() {
            assert_eq!(r.table, Some(254));
            kept += 1;
        }
    }
    let main = ip_json("-j -4 route show table main").len();
    assert_eq!(kept, main);
    assert!(
        seen > kept,
        "other tables (local, 100) were seen and dropped"
    );
}
