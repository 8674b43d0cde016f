//! The `ipdump` binary: help, version, usage errors, `-p`, `-n NAME`, `--count`, `monitor`,
//! each run as a user runs it (kernel cases in private namespaces).

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use netlink_tests::{ip, private_netns, NamedNetns};

fn ipdump(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ipdump"))
        .args(args)
        .output()
        .expect("run ipdump")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn help_version_and_usage_errors() {
    let out = ipdump(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        format!("ipdump {}\n", env!("CARGO_PKG_VERSION"))
    );

    let out = ipdump(&["--help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for word in [
        "Usage: ipdump",
        "route",
        "monitor",
        "--pretty",
        "--netns",
        "--table",
        "--count",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }

    // Usage errors: exit status 2, what was wrong, and the usage line.
    for (args, says) in [
        (&["bogus"][..], "invalid value 'bogus'"),
        (&[][..], "required"),
        (
            &["--table", "nope", "route"][..],
            "invalid value 'nope' for '--table",
        ),
        (&["-4", "-6", "route"][..], "cannot be used with"),
        (
            &["--frobnicate", "route"][..],
            "unexpected argument '--frobnicate'",
        ),
        (
            &["--state", "sleepy", "fdb"][..],
            "invalid value 'sleepy' for '--state",
        ),
        (&["--vlan", "5000000", "fdb"][..], "invalid value '5000000'"),
    ] {
        let out = ipdump(args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("Usage: ipdump"), "{args:?}: {err}");
    }
}

#[test]
fn prints_what_ip_prints_in_a_named_namespace() {
    if !private_netns("prints_what_ip_prints_in_a_named_namespace") {
        return;
    }
    let ns = NamedNetns::create("ipdump-cli");
    let n = ns.0.as_str();
    for cmd in [
        "link set lo up",
        "link add v0 type veth peer name v1",
        "link set v0 up",
        "addr add 192.0.2.1/24 dev v0",
        "route add 198.51.100.0/24 via 192.0.2.2 metric 7",
        "route add 203.0.113.0/24 dev v0 table 100",
    ] {
        ip(&format!("-n {n} {cmd}"));
    }
    for (ours, theirs) in [
        (vec!["-n", n, "route"], "route show"),
        (vec!["--netns", n, "-p", "route"], "-p route show"),
        (
            vec!["-n", n, "--pretty", "--table", "all", "route"],
            "-p route show table all",
        ),
        (vec!["-n", n, "-p", "-4", "addr"], "-p -4 addr show"),
        (vec!["-n", n, "-p", "rule"], "-p rule show"),
    ] {
        let out = ipdump(&ours);
        assert!(out.status.success(), "{ours:?}: {}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            ip(&format!("-n {n} -j {theirs}")),
            "{ours:?}"
        );
    }
    let out = ipdump(&["-n", n, "--count", "--table", "100", "route"]);
    assert_eq!(text(&out.stdout), "1\n");

    // Runtime errors: status 1 and the reason.
    let out = ipdump(&["-n", n, "--dev", "nosuch0", "route"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("nosuch0"),
        "{}",
        text(&out.stderr)
    );
    let out = ipdump(&["-n", "ipdump-no-such-netns", "route"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("ipdump-no-such-netns"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn monitor_prints_a_line_per_event() {
    if !private_netns("monitor_prints_a_line_per_event") {
        return;
    }
    let ns = NamedNetns::create("ipdump-mon");
    let n = ns.0.as_str();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ipdump"))
        .args(["-n", n, "monitor"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("run ipdump monitor");
    let stdout = child.stdout.take().unwrap();
    // The monitor subscribes before it loads names; make changes until one shows up.
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            let done = line.contains("\"ifname\":\"br7\"");
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut i = 0;
    while !reader.is_finished() && Instant::now() < deadline {
        ip(&format!("-n {n} link add br7 type bridge"));
        ip(&format!("-n {n} link del br7"));
        i += 1;
        std::thread::sleep(Duration::from_millis(100 * i));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let lines = reader.join().unwrap();
    let last: serde_json::Value = serde_json::from_str(lines.last().expect("no event")).unwrap();
    assert!(
        last["event"] == "newlink" || last["event"] == "dellink",
        "{last}"
    );
    assert_eq!(last["ifname"], "br7");
    for l in &lines {
        serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("{e}: {l}"));
    }
}
