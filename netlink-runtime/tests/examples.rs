//! Every program under `examples/` runs and prints what it should. The examples that change
//! the network make a private namespace of their own; the others run here in a private
//! namespace of this test thread (a child process starts in its parent thread's namespace),
//! their output compared with `ip -j` where they print what `ip` shows.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// Builds the examples once (with every feature) and returns the directory holding them.
fn examples_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let st = Command::new(env!("CARGO"))
            .args([
                "build",
                "-q",
                "-p",
                "netlink-runtime",
                "--examples",
                "--all-features",
            ])
            .status()
            .expect("cargo build --examples");
        assert!(st.success(), "examples build");
        // target/<profile>/deps/<this test> -> target/<profile>/examples
        let exe = std::env::current_exe().unwrap();
        exe.parent().unwrap().parent().unwrap().join("examples")
    })
}

/// Runs example `name` with `args`; returns its stdout, panicking with stderr on failure.
fn run(name: &str, args: &[&str]) -> String {
    let out = Command::new(examples_dir().join(name))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run example {name}: {e}"));
    assert!(
        out.status.success(),
        "example {name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn list_links() {
    if !common::private_netns("list_links") {
        return;
    }
    common::ip(&["link", "add", "ex0", "type", "veth", "peer", "name", "ex1"]);
    common::ip(&[
        "link",
        "set",
        "ex0",
        "up",
        "address",
        "02:00:00:00:00:42",
        "mtu",
        "1300",
    ]);
    let out = run("list_links", &[]);
    let line = out.lines().find(|l| l.contains("ex0")).expect("ex0 listed");
    assert!(line.contains("mtu 1300"), "{line}");
    assert!(line.contains("UP"), "{line}");
    assert!(line.ends_with("02:00:00:00:00:42"), "{line}");
    assert!(out.lines().any(|l| l.contains(" lo ")), "{out}");
    assert_eq!(out.lines().count(), 3, "{out}");
}

#[test]
fn veth_bridge() {
    if !common::private_netns("veth_bridge") {
        return;
    }
    let out = run("veth_bridge", &[]);
    assert!(out.lines().any(|l| l.contains("br0 kind bridge")), "{out}");
    let br = out
        .lines()
        .find(|l| l.contains("br0"))
        .and_then(|l| l.split(' ').next())
        .unwrap();
    let v1 = out.lines().find(|l| l.contains("veth1")).unwrap();
    assert!(v1.ends_with(&format!("master {br}")), "{v1}");
    assert!(
        out.lines().any(|l| l.contains("veth0 kind veth mtu 1400")),
        "{out}"
    );
    // The example made its own namespace: nothing appeared here.
    assert!(!common::ip(&["link"]).contains("br0"));
}

#[test]
fn addresses() {
    if !common::private_netns("addresses") {
        return;
    }
    let out = run("addresses", &[]);
    assert!(out.contains("192.0.2.1/24 dev v0"), "{out}");
    assert!(out.contains("2001:db8::1/64 dev v0"), "{out}");
    assert!(!out.contains("198.51.100.7"), "deleted: {out}");
}

#[test]
fn routes() {
    if !common::private_netns("routes") {
        return;
    }
    let out = run("routes", &[]);
    assert!(
        out.contains("198.51.100.0/24 table main via 192.0.2.2 metric 100"),
        "{out}"
    );
    assert!(out.contains("203.0.113.0/24 table 100"), "{out}");
    assert!(
        out.contains(
            "10.20.0.0/16 table main nexthop via 192.0.2.2 weight 3 nexthop via 192.0.2.3 weight 1"
        ),
        "{out}"
    );
}

#[test]
fn neighbours() {
    if !common::private_netns("neighbours") {
        return;
    }
    let out = run("neighbours", &[]);
    assert!(
        out.contains("192.0.2.9 lladdr 02:00:00:00:00:09 PERMANENT"),
        "{out}"
    );
    assert!(
        out.contains("2001:db8::9 lladdr 02:00:00:00:00:0a PERMANENT"),
        "{out}"
    );
}

#[test]
fn events() {
    if !common::private_netns("events") {
        return;
    }
    let out = run("events", &[]);
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s:?} in {out}"));
    // In the order the changes were made.
    assert!(
        pos("new link 2 br0") < pos("new address Some(192.0.2.1)/24"),
        "{out}"
    );
    assert!(
        pos("new address Some(192.0.2.1)/24") < pos("deleted link 2 br0"),
        "{out}"
    );
}

#[test]
fn netns() {
    if !common::private_netns("netns") {
        return;
    }
    let ns = common::NamedNetns::create("exns");
    common::ip(&["-n", &ns.0, "link", "add", "inside0", "type", "bridge"]);
    let out = run("netns", &[&ns.0]);
    assert!(out.contains(&format!("{}: 1 lo", ns.0)), "{out}");
    assert!(out.contains("inside0"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn ethtool_features() {
    if !common::private_netns("ethtool_features") {
        return;
    }
    let out = run("ethtool_features", &[]);
    assert!(out.lines().any(|l| l == "rx-checksum: off"), "{out}");
    assert!(
        out.lines().any(|l| l == "tx-checksum-ip-generic: on"),
        "{out}"
    );
    assert!(out.lines().any(|l| l.ends_with("off [fixed]")), "{out}");
}

#[test]
fn kernel_error() {
    if !common::private_netns("kernel_error") {
        return;
    }
    let out = run("kernel_error", &[]);
    assert!(
        out.contains("add br0 again: errno Some(17): kernel error: File exists (errno 17)"),
        "{out}"
    );
    assert!(
        out.contains("errno Some(101), kernel says Some(\"Nexthop has invalid gateway\")"),
        "{out}"
    );
}

#[test]
fn derive_struct() {
    if !common::private_netns("derive_struct") {
        return;
    }
    common::ip(&["link", "add", "d0", "type", "veth", "peer", "name", "d1"]);
    common::ip(&["link", "set", "d0", "up"]);
    common::ip(&["addr", "add", "192.0.2.1/24", "dev", "d0"]);
    common::ip(&["route", "add", "198.51.100.0/24", "via", "192.0.2.2"]);
    common::ip(&[
        "route",
        "add",
        "203.0.113.0/24",
        "dev",
        "d0",
        "table",
        "100",
    ]);
    let d0 = netlink_tests::ip_json("link show d0")[0]["ifindex"].clone();
    let out = run("derive_struct", &[]);
    assert!(
        out.contains(&format!("198.51.100.0/24 oif Some({d0}) table Some(254)")),
        "{out}"
    );
    assert!(
        !out.contains("203.0.113.0"),
        "table 100 filtered by the kernel: {out}"
    );
    let n: usize = out
        .lines()
        .last()
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let main = common::ip(&["-4", "route", "show", "table", "main"])
        .lines()
        .count()
        + common::ip(&["-6", "route", "show", "table", "main"])
            .lines()
            .count();
    assert_eq!(n, main, "{out}");
}

#[test]
fn async_links() {
    if !common::private_netns("async_links") {
        return;
    }
    common::rtnl::ip_all(
        "
        link set lo up
        link add xa0 type veth peer name xb0
        link set xa0 mtu 1400 address 02:00:00:00:00:a0 up
        link add xbr0 type bridge
        ",
    );
    let out = run("async_links", &[]);
    let ours: Vec<&str> = out.lines().collect();
    let theirs: Vec<String> = netlink_tests::ip_json("link show")
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{} index {} mtu {} state {} mac {}",
                l["ifname"].as_str().unwrap(),
                l["ifindex"],
                l["mtu"],
                l["operstate"].as_str().unwrap(),
                l["address"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(ours, theirs);
    let xa0 = ours.iter().find(|l| l.starts_with("xa0 ")).expect("xa0");
    assert!(
        xa0.contains("mtu 1400") && xa0.ends_with("mac 02:00:00:00:00:a0"),
        "{xa0}"
    );
}

#[test]
fn async_concurrent() {
    if !common::private_netns("async_concurrent") {
        return;
    }
    let n = 24;
    let out = run("async_concurrent", &[&n.to_string()]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), n + 1, "{out}");
    for (i, l) in lines.iter().take(n).enumerate() {
        assert_eq!(
            *l,
            format!(
                "task {i}: table {}: 10.0.{i}.0/24 dev 1 proto static (1 route)",
                1000 + i
            )
        );
    }
    // One dump of every table finds each task's route once; the pool stayed within its size.
    let last = lines[n];
    assert!(
        last.starts_with(&format!("{n} routes in tables 1000..{}, ", 1000 + n)),
        "{last}"
    );
    let sockets: usize = last
        .split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(
        (1..=netlink_runtime::tokio::DEFAULT_MAX_SOCKETS).contains(&sockets),
        "{last}"
    );
    // The example made its own namespace: nothing appeared here.
    assert!(!common::ip(&["route", "show", "table", "all"]).contains("10.0.0.0/24"));
}
