//! `mknetlinkdefs decode` on real traffic: `strace` captures of `ip` and `genl` run in a private
//! network namespace (`unshare -n`), decoded by the binary, checked against what was configured.
//! Needs root (for the namespace) and strace; prints `SKIPPED (...)` on stderr otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use mknetlinkdefs::decode::{self, Datagram, Item};
use serde_json::Value as Json;

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether the test can run; says why not on stderr.
fn can_run(test: &str, tools: &[&str]) -> bool {
    if !is_root() {
        eprintln!("{test}: SKIPPED (needs root)");
        return false;
    }
    for t in tools {
        if !have(t) {
            eprintln!("{test}: SKIPPED (needs {t})");
            return false;
        }
    }
    true
}

/// Runs `script` under `strace -f ...` in a private network namespace; returns the log's path.
fn capture(dir: &Path, name: &str, script: &str) -> PathBuf {
    let log = dir.join(format!("{name}.strace"));
    let out = Command::new("strace")
        .args([
            "-f",
            "-e",
            "trace=network",
            "-e",
            "read=all",
            "-e",
            "write=all",
            "-o",
        ])
        .arg(&log)
        .args(["unshare", "-n", "sh", "-c", script])
        .output()
        .expect("run strace");
    assert!(
        out.status.success(),
        "strace {script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    log
}

fn decode_cli(args: &[&str], file: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_mknetlinkdefs"))
        .arg("decode")
        .args(args)
        .arg(file)
        .output()
        .expect("run mknetlinkdefs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every message of the JSON output with its buffer's direction.
fn messages(json: &Json) -> Vec<(String, &Json)> {
    let mut v = Vec::new();
    for d in json.as_array().expect("array") {
        let dir = d["direction"].as_str().unwrap_or("?").to_owned();
        for m in d["messages"].as_array().into_iter().flatten() {
            v.push((dir.clone(), m));
        }
    }
    v
}

/// The first node named `name` anywhere under `nodes` (depth first).
fn find<'a>(nodes: &'a Json, name: &str) -> Option<&'a Json> {
    for n in nodes.as_array()? {
        if n["name"] == name {
            return Some(n);
        }
        if let Some(found) = find(&n["value"], name) {
            return Some(found);
        }
    }
    None
}

fn value_of<'a>(m: &'a Json, name: &str) -> Option<&'a Json> {
    find(&m["body"], name).map(|n| &n["value"])
}

/// Messages of type `ty` going `dir`.
fn of_type<'a>(all: &'a [(String, &'a Json)], dir: &str, ty: &str) -> Vec<&'a Json> {
    all.iter()
        .filter(|(d, m)| d == dir && m["type"] == ty)
        .map(|(_, m)| *m)
        .collect()
}

#[test]
fn ip_link_addr_route() {
    if !can_run("ip_link_addr_route", &["strace", "unshare", "ip"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = capture(
        dir.path(),
        "ip",
        "ip link set lo up; ip addr add 10.9.8.7/24 dev lo; \
         ip route add 10.20.0.0/16 via 10.9.8.1; \
         ip route add 10.30.0.0/16 nexthop via 10.9.8.1 nexthop via 10.9.8.2; \
         ip link add v0 type veth peer name v1; ip link add br7 type bridge; \
         ip route add 10.40.0.0/16 via 192.0.2.1 2>/dev/null; ip link show",
    );
    let (code, out, err) = decode_cli(&["--json"], &log);
    assert_eq!(code, 0, "stderr: {err}");
    let json: Json = serde_json::from_str(&out).expect("JSON output parses");
    let all = messages(&json);

    // ip addr add: RTM_NEWADDR request with the address, acknowledged.
    let addr = of_type(&all, "request", "RTM_NEWADDR");
    assert_eq!(addr.len(), 1, "{out}");
    assert_eq!(
        value_of(addr[0], "IFA_LOCAL"),
        Some(&Json::from("10.9.8.7"))
    );
    assert_eq!(
        value_of(addr[0], "IFA_ADDRESS"),
        Some(&Json::from("10.9.8.7"))
    );
    assert_eq!(value_of(addr[0], "ifa_prefixlen"), Some(&Json::from(24)));
    assert_eq!(value_of(addr[0], "ifa_family").unwrap()["name"], "AF_INET");
    let flags = addr[0]["flag_names"].as_array().unwrap();
    assert!(flags.contains(&Json::from("NLM_F_CREATE")), "{flags:?}");
    let acks = of_type(&all, "reply", "NLMSG_ERROR");
    assert!(acks
        .iter()
        .any(|m| value_of(m, "error").unwrap()["name"] == "ACK"
            && value_of(m, "nlmsg_type").unwrap()["name"] == "RTM_NEWADDR"));

    // ip route add: destination, gateway, prefix length.
    let routes = of_type(&all, "request", "RTM_NEWROUTE");
    assert_eq!(routes.len(), 3, "{out}");
    assert_eq!(
        value_of(routes[0], "RTA_DST"),
        Some(&Json::from("10.20.0.0"))
    );
    assert_eq!(
        value_of(routes[0], "RTA_GATEWAY"),
        Some(&Json::from("10.9.8.1"))
    );
    assert_eq!(value_of(routes[0], "rtm_dst_len"), Some(&Json::from(16)));
    // The multipath route: RTA_MULTIPATH records with their own gateways.
    let mp = find(&routes[1]["body"], "RTA_MULTIPATH").expect("RTA_MULTIPATH");
    let hops = mp["value"].as_array().unwrap();
    assert_eq!(hops.len(), 2);
    assert_eq!(
        value_of(&json!({"body": hops[1]["value"]}), "RTA_GATEWAY"),
        Some(&Json::from("10.9.8.2"))
    );
    // The unreachable gateway: an error with its errno name and the kernel's message.
    let failed = acks
        .iter()
        .find(|m| {
            value_of(m, "error").unwrap()["value"].as_i64().unwrap_or(0) < 0
                && value_of(m, "nlmsg_type").unwrap()["name"] == "RTM_NEWROUTE"
        })
        .expect("the failed RTM_NEWROUTE is answered with an error");
    let errno = value_of(failed, "error").unwrap()["name"].as_str().unwrap();
    assert!(errno.starts_with("-E"), "{errno}");
    assert!(value_of(failed, "NLMSGERR_ATTR_MSG").is_some(), "{failed}");

    // ip link add veth: IFLA_INFO_DATA chosen by IFLA_INFO_KIND, the peer as struct + attributes.
    let links = of_type(&all, "request", "RTM_NEWLINK");
    let veth = links
        .iter()
        .find(|m| value_of(m, "IFLA_IFNAME") == Some(&Json::from("v0")))
        .expect("veth request");
    let data = find(&veth["body"], "IFLA_INFO_DATA").unwrap();
    assert_eq!(data["note"], "veth");
    assert_eq!(
        value_of(&json!({"body": data["value"]}), "IFLA_IFNAME"),
        Some(&Json::from("v1"))
    );

    // ip link show: a GETLINK dump and NEWLINK replies naming the links with their values.
    let get = of_type(&all, "request", "RTM_GETLINK");
    assert!(get.iter().any(|m| m["flag_names"]
        .as_array()
        .unwrap()
        .contains(&Json::from("NLM_F_DUMP"))));
    let replies = of_type(&all, "reply", "RTM_NEWLINK");
    let names: Vec<&Json> = replies
        .iter()
        .filter_map(|m| value_of(m, "IFLA_IFNAME"))
        .collect();
    for n in ["lo", "v0", "v1", "br7"] {
        assert!(names.contains(&&Json::from(n)), "{n} not in {names:?}");
    }
    let lo = replies
        .iter()
        .find(|m| value_of(m, "IFLA_IFNAME") == Some(&Json::from("lo")))
        .unwrap();
    assert_eq!(value_of(lo, "IFLA_MTU"), Some(&Json::from(65536)));
    assert_eq!(
        value_of(lo, "IFLA_ADDRESS"),
        Some(&Json::from("00:00:00:00:00:00"))
    );
    let br = replies
        .iter()
        .find(|m| value_of(m, "IFLA_IFNAME") == Some(&Json::from("br7")))
        .unwrap();
    let br_data = find(&br["body"], "IFLA_INFO_DATA").unwrap();
    assert_eq!(br_data["note"], "bridge");
    assert!(find(&br_data["value"], "IFLA_BR_STP_STATE").is_some());
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["errors"].as_array().unwrap().is_empty()));

    // The text tree says the same.
    let (code, text, _) = decode_cli(&[], &log);
    assert_eq!(code, 0);
    assert!(text.contains("RTM_NEWADDR (20) flags NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE"));
    assert!(text.contains("IFA_LOCAL: 10.9.8.7"), "{text}");
    assert!(text.contains("RTA_GATEWAY: 10.9.8.1"));
    assert!(text.contains("IFLA_IFNAME: \"lo\""));
}

/// Writes the buffers as a pcap an nlmon device would give (link type 253).
fn write_pcap(path: &Path, buffers: &[Datagram]) {
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    f.extend_from_slice(&2u16.to_le_bytes());
    f.extend_from_slice(&4u16.to_le_bytes());
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&65535u32.to_le_bytes());
    f.extend_from_slice(&253u32.to_le_bytes());
    for (i, d) in buffers.iter().enumerate() {
        let len = (16 + d.bytes.len()) as u32;
        f.extend_from_slice(&(i as u32).to_le_bytes());
        f.extend_from_slice(&0u32.to_le_bytes());
        f.extend_from_slice(&len.to_le_bytes());
        f.extend_from_slice(&len.to_le_bytes());
        let pkttype: u16 = match d.direction {
            Some(decode::Direction::Request) => 7,
            _ => 6,
        };
        f.extend_from_slice(&pkttype.to_be_bytes());
        f.extend_from_slice(&824u16.to_be_bytes());
        f.extend_from_slice(&[0; 10]);
        f.extend_from_slice(&(d.protocol.unwrap() as u16).to_be_bytes());
        f.extend_from_slice(&d.bytes);
    }
    std::fs::write(path, f).unwrap();
}

#[test]
fn pcap_of_captured_bytes_decodes_like_strace() {
    if !can_run("pcap_of_captured_bytes", &["strace", "unshare", "ip"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = capture(
        dir.path(),
        "pcap",
        "ip link set lo up; ip addr add 10.9.8.7/24 dev lo; ip addr show dev lo",
    );
    let text = std::fs::read_to_string(&log).unwrap();
    let buffers: Vec<Datagram> = decode::strace::read(&text, None)
        .into_iter()
        .filter_map(|i| match i {
            Item::Datagram(d) => Some(d),
            _ => None,
        })
        .collect();
    assert!(buffers.len() >= 4);
    let pcap = dir.path().join("nlmon.pcap");
    write_pcap(&pcap, &buffers);
    let (code, out, err) = decode_cli(&["--json"], &pcap);
    assert_eq!(code, 0, "{err}");
    let from_pcap: Json = serde_json::from_str(&out).unwrap();
    let (_, out2, _) = decode_cli(&["--json"], &log);
    let from_strace: Json = serde_json::from_str(&out2).unwrap();
    let a = from_pcap.as_array().unwrap();
    let b = from_strace.as_array().unwrap();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["messages"], y["messages"]);
        assert_eq!(x["direction"], y["direction"]);
        assert_eq!(x["protocol"], "route");
    }
    let all = messages(&from_pcap);
    let replies = of_type(&all, "reply", "RTM_NEWADDR");
    assert!(replies
        .iter()
        .any(|m| value_of(m, "IFA_LOCAL") == Some(&Json::from("10.9.8.7"))));
}

#[test]
fn genl_ctrl_list_and_family_resolution() {
    if !can_run("genl_ctrl_list", &["strace", "unshare", "genl"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = capture(dir.path(), "genl", "genl ctrl list >/dev/null");
    let (code, out, err) = decode_cli(&["--json"], &log);
    assert_eq!(code, 0, "{err}");
    let json: Json = serde_json::from_str(&out).unwrap();
    let all = messages(&json);
    let req = all
        .iter()
        .find(|(d, m)| d == "request" && m["type"] == "nlctrl")
        .expect("nlctrl request");
    assert_eq!(req.1["command"], "CTRL_CMD_GETFAMILY");
    let names: Vec<&Json> = all
        .iter()
        .filter(|(d, m)| d == "reply" && m["command"] == "CTRL_CMD_NEWFAMILY")
        .filter_map(|(_, m)| value_of(m, "CTRL_ATTR_FAMILY_NAME"))
        .collect();
    assert!(names.contains(&&Json::from("nlctrl")), "{names:?}");
    assert!(names.len() >= 3, "{names:?}");
    let (_, text, _) = decode_cli(&[], &log);
    assert!(text.contains("CTRL_ATTR_FAMILY_NAME: \"nlctrl\""));

    // A family resolved from the captured nlctrl exchange: ip mptcp asks for mptcp_pm's id,
    // then talks to it.
    if !have("ip") || !Path::new("/proc/sys/net/mptcp").exists() {
        eprintln!("genl family resolution: SKIPPED (needs ip and mptcp)");
        return;
    }
    let log = capture(
        dir.path(),
        "mptcp",
        "ip mptcp endpoint add 10.1.1.1 dev lo signal; ip mptcp endpoint show",
    );
    let (code, out, err) = decode_cli(&["--json"], &log);
    assert_eq!(code, 0, "{err}");
    let json: Json = serde_json::from_str(&out).unwrap();
    let all = messages(&json);
    let add = all
        .iter()
        .find(|(d, m)| d == "request" && m["command"] == "MPTCP_PM_CMD_ADD_ADDR")
        .unwrap_or_else(|| panic!("no MPTCP_PM_CMD_ADD_ADDR in {out}"));
    assert_eq!(add.1["type"], "mptcp_pm");
    assert!(find(&add.1["body"], "MPTCP_PM_ADDR_ATTR_ADDR4").is_some());
}

use serde_json::json;

/// `ss -tan` captured with sockets in a private namespace, decoded with the downstream example's
/// own schema (`examples/sock-diag/sock_diag.toml`): the request and the replies share
/// `SOCK_DIAG_BY_FAMILY` and are told apart by direction; the request's flags are named.
#[test]
fn ss_with_a_downstream_schema() {
    if !can_run("ss_with_a_downstream_schema", &["strace", "ss"]) {
        return;
    }
    netlink_runtime::netns::unshare_current_thread().expect("unshare(CLONE_NEWNET)");
    let up = Command::new("ip")
        .args(["link", "set", "lo", "up"])
        .status()
        .expect("ip runs");
    assert!(up.success());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("ss.strace");
    // strace runs in this thread's namespace (a child inherits it).
    let out = Command::new("strace")
        .args([
            "-f",
            "-e",
            "trace=network",
            "-e",
            "read=all",
            "-e",
            "write=all",
            "-o",
        ])
        .arg(&log)
        .args(["ss", "-tan"])
        .output()
        .expect("run strace");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/sock-diag/sock_diag.toml");
    let (code, out, err) = decode_cli(&["--json", "--schema", schema.to_str().unwrap()], &log);
    assert_eq!(code, 0, "stderr: {err}");
    let json: Json = serde_json::from_str(&out).expect("JSON output parses");
    let all = messages(&json);
    let requests = of_type(&all, "request", "SOCK_DIAG_BY_FAMILY");
    assert!(!requests.is_empty(), "{out}");
    for r in &requests {
        assert!(find(&r["body"], "inet_diag_req_v2").is_some(), "{r}");
        assert_eq!(
            r["flag_names"],
            serde_json::json!(["NLM_F_REQUEST", "NLM_F_DUMP"]),
            "{r}"
        );
    }
    let replies = of_type(&all, "reply", "SOCK_DIAG_BY_FAMILY");
    let ours = replies
        .iter()
        .find(|m| value_of(m, "idiag_sport").and_then(Json::as_u64) == Some(u64::from(port)))
        .unwrap_or_else(|| panic!("the listener on {port} in:\n{out}"));
    assert!(find(&ours["body"], "inet_diag_msg").is_some(), "{ours}");
    assert_eq!(
        value_of(ours, "idiag_state"),
        Some(&Json::from(10)),
        "TCP_LISTEN: {ours}"
    );
    // The socket id's addresses by their display-hint and the family of inet_diag_msg.
    assert_eq!(
        value_of(ours, "idiag_src"),
        Some(&Json::from("127.0.0.1")),
        "{ours}"
    );
    assert_eq!(
        value_of(ours, "idiag_dst"),
        Some(&Json::from("0.0.0.0")),
        "{ours}"
    );
    drop(listener);
}
