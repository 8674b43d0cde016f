//! ethtool through `families::ethtool` against the running kernel, on a veth pair in a private
//! namespace, compared with what the `ethtool` CLI prints for the same device (skipped without
//! root; the CLI comparisons are skipped, with a note, when `ethtool` is not installed), with
//! the blocking `Ethtool` / `Monitor` and the async `AsyncEthtool` / its `monitor()` stream (each
//! test written once, see `common::twin`).

mod common;
use common::twin::twins;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{link_index, new_veth, set_up};
use netlink_runtime::families::ethtool::{Ethtool, FeatureState, Features, Monitor, Notification};
use netlink_runtime::{Protocol, Socket};

/// Create the veth pair `va` <-> `vb` in this thread's (private) namespace.
fn veth_pair() -> Socket {
    let mut rt = Socket::open(Protocol::ROUTE).unwrap();
    rt.request(&mut new_veth("va", "vb")).unwrap();
    rt
}

/// Run `ethtool ARGS`; `None` when the CLI is not installed.
fn ethtool_cli(args: &[&str]) -> Option<(bool, String, String)> {
    let out = Command::new("ethtool").args(args).output().ok()?;
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// `Key: value` lines of `ethtool` output.
fn fields(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.trim().split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// `ethtool --json -k DEV`: feature name -> (active, fixed, requested), for entries that
/// have all three (the legacy group names have nulls).
fn cli_features(dev: &str) -> Option<BTreeMap<String, (bool, bool, bool)>> {
    let (ok, out, err) = ethtool_cli(&["--json", "-k", dev])?;
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("ethtool --json output");
    let obj = v.get(0)?.as_object()?;
    Some(
        obj.iter()
            .filter_map(|(k, v)| {
                let b = |n: &str| v.get(n).and_then(serde_json::Value::as_bool);
                Some((k.clone(), (b("active")?, b("fixed")?, b("requested")?)))
            })
            .collect(),
    )
}

fn state<'a>(states: &'a [FeatureState], name: &str) -> &'a FeatureState {
    states
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("feature {name}"))
}

twins! {
blocking {
    pub fn ethtool() -> Result<Ethtool, netlink_runtime::Error> {
        Ethtool::new()
    }
    /// The `monitor` group, on a socket with a receive timeout.
    pub fn monitor() -> Monitor {
        let sock = Socket::builder(Protocol::GENERIC)
            .recv_timeout(Some(Duration::from_secs(5)))
            .open()
            .unwrap();
        let mut mon = Monitor::from_socket(sock).unwrap();
        assert!(mon.conn().family().group("monitor").is_some());
        mon
    }
    /// Wait (up to 5 s) for a features notification about `dev`.
    pub fn next_features_ntf(mon: &mut Monitor, dev: &str) -> Features {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            match mon.next().expect("notification within the receive timeout") {
                Notification::Features(f)
                    if f.header.as_ref().and_then(|h| h.dev_name.as_deref()) == Some(dev) =>
                {
                    return f
                }
                _ => continue,
            }
        }
        panic!("no features notification for {dev}");
    }
}
tokio {
    use futures::StreamExt;
    use netlink_runtime::families::ethtool::{AsyncEthtool, MonitorDecoder};
    use netlink_runtime::tokio::Subscription;
    pub async fn ethtool() -> Result<AsyncEthtool, netlink_runtime::Error> {
        AsyncEthtool::new().await
    }
    /// The `monitor` group as a stream (joined by name).
    pub async fn monitor() -> Subscription<MonitorDecoder> {
        let eth = AsyncEthtool::new().await.unwrap();
        assert!(eth.resolved_family().group("monitor").is_some());
        eth.monitor().unwrap()
    }
    /// Wait (up to 5 s) for a features notification about `dev`.
    pub async fn next_features_ntf(mon: &mut Subscription<MonitorDecoder>, dev: &str) -> Features {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while let Ok(n) = tokio::time::timeout_at(deadline, mon.next()).await {
            match n.expect("the stream does not end").unwrap() {
                Notification::Features(f)
                    if f.header.as_ref().and_then(|h| h.dev_name.as_deref()) == Some(dev) =>
                {
                    return f
                }
                _ => continue,
            }
        }
        panic!("no features notification for {dev}");
    }
}

test fn link_info_modes_and_state_match_ethtool_cli() {
    let mut rt = veth_pair();
    let mut eth = io!(ethtool()).unwrap();
    for up in [false, true] {
        if up {
            for dev in ["va", "vb"] {
                let i = link_index(&mut rt, dev);
                rt.request(&mut set_up(i)).unwrap();
            }
        }
        let info = io!(eth.link_info("va")).unwrap();
        let modes = io!(eth.link_modes("va")).unwrap();
        let state = io!(eth.link_state("va")).unwrap();
        let hdr = info.header.clone().unwrap();
        assert_eq!(hdr.dev_name.as_deref(), Some("va"));
        // veth: 10000 Mb/s full duplex, no autonegotiation, twisted pair, internal.
        assert_eq!(modes.speed_mbps(), Some(10000));
        assert_eq!(modes.duplex_name(), Some("Full"));
        assert!(!modes.autoneg_on());
        assert_eq!(info.port_name(), Some("Twisted Pair"));
        assert_eq!(state.link, Some(u8::from(up)));
        // By index: the same answer.
        let by_index = io!(eth.link_info(hdr.dev_index.unwrap())).unwrap();
        assert_eq!(by_index, info);

        let Some((ok, out, err)) = ethtool_cli(&["va"]) else {
            eprintln!("note: `ethtool` not installed; skipped the comparison");
            return;
        };
        assert!(ok, "{err}");
        let f = fields(&out);
        let speed = modes
            .speed_mbps()
            .map_or("Unknown!".to_owned(), |s| format!("{s}Mb/s"));
        assert_eq!(f["Speed"], speed);
        assert_eq!(f["Duplex"], modes.duplex_name().unwrap());
        let autoneg = if modes.autoneg_on() { "on" } else { "off" };
        assert_eq!(f["Auto-negotiation"], autoneg);
        assert_eq!(f["Port"], info.port_name().unwrap());
        assert_eq!(f["PHYAD"], info.phyaddr.unwrap().to_string());
        assert_eq!(f["Transceiver"], info.transceiver_name().unwrap());
        let link = if state.link == Some(1) { "yes" } else { "no" };
        assert_eq!(f["Link detected"], link);
        let supported = modes.supported();
        if supported.is_empty() {
            assert_eq!(f["Supported link modes"], "Not reported");
        }
        if modes.advertised().is_empty() {
            assert_eq!(f["Advertised link modes"], "Not reported");
        }
    }
}

test fn link_info_dump_lists_the_veth_pair() {
    let mut rt = veth_pair();
    let mut eth = io!(ethtool()).unwrap();
    let all = io!(eth.link_infos()).unwrap();
    assert_eq!(io!(drain(io!(eth.link_info_stream()).unwrap())), all);
    for dev in ["va", "vb"] {
        let idx = link_index(&mut rt, dev) as u32;
        let entry = all
            .iter()
            .find(|i| i.header.as_ref().and_then(|h| h.dev_name.as_deref()) == Some(dev))
            .unwrap_or_else(|| panic!("{dev} in {all:?}"));
        assert_eq!(entry.header.as_ref().unwrap().dev_index, Some(idx));
        assert_eq!(entry, &io!(eth.link_info(dev)).unwrap());
    }
}

test fn features_match_ethtool_k() {
    let _rt = veth_pair();
    let mut eth = io!(ethtool()).unwrap();
    let names = io!(eth.feature_names("va")).unwrap();
    assert!(names.len() > 40, "{names:?}");
    assert!(names.iter().any(|n| n == "tx-tcp-segmentation"));
    let states = io!(eth.feature_states("va")).unwrap();
    assert_eq!(states.len(), names.len());
    // veth can change TSO, and has it on by default.
    let tso = state(&states, "tx-tcp-segmentation");
    assert!(tso.active && tso.requested && !tso.fixed, "{tso:?}");

    let Some(cli) = cli_features("va") else {
        eprintln!("note: `ethtool` not installed; skipped the comparison");
        return;
    };
    let mut compared = 0;
    for s in &states {
        if let Some(&(active, fixed, requested)) = cli.get(&s.name) {
            assert_eq!(
                (s.active, s.fixed, s.requested),
                (active, fixed, requested),
                "feature {}",
                s.name
            );
            compared += 1;
        }
    }
    assert!(
        compared > 30,
        "only {compared} features compared with ethtool -k"
    );
}

test fn feature_change_is_notified_on_the_monitor_group() {
    let _rt = veth_pair();
    let mut mon = io!(monitor());

    // Our own ETHTOOL_MSG_FEATURES_SET turns TSO off...
    let mut eth = io!(ethtool()).unwrap();
    let names = io!(eth.feature_names("va")).unwrap();
    let tso = names
        .iter()
        .position(|n| n == "tx-tcp-segmentation")
        .unwrap() as u32;
    io!(eth.set_features("va", [("tx-tcp-segmentation", false)]))
        .unwrap();
    // ...the monitor sees it, typed...
    let ntf = io!(next_features_ntf(&mut mon, "va"));
    let active = ntf.active.as_ref().expect("active bitset");
    assert!(!active.is_set(tso) && !active.is_set_by_name("tx-tcp-segmentation"));
    // ...and so does the CLI.
    let after = io!(eth.feature_states("va")).unwrap();
    assert!(!state(&after, "tx-tcp-segmentation").active);
    if let Some(cli) = cli_features("va") {
        assert!(!cli["tx-tcp-segmentation"].0);
        // The CLI turns it back on: notified again.
        let (ok, _, err) = ethtool_cli(&["-K", "va", "tso", "on"]).unwrap();
        assert!(ok, "{err}");
        let ntf = io!(next_features_ntf(&mut mon, "va"));
        assert!(ntf.active.as_ref().unwrap().is_set(tso));
        assert!(state(&io!(eth.feature_states("va")).unwrap(), "tx-tcp-segmentation").active);
    } else {
        eprintln!("note: `ethtool` not installed; skipped the CLI half");
    }
}

test fn channels_and_rings_match_ethtool_cli() {
    let _rt = veth_pair();
    let mut eth = io!(ethtool()).unwrap();
    let ch = io!(eth.channels("va")).unwrap();
    assert!(
        ch.rx_max.unwrap_or(0) >= 1 && ch.tx_max.unwrap_or(0) >= 1,
        "{ch:?}"
    );
    // veth has no ring parameters: the kernel says EOPNOTSUPP, as it does to the CLI.
    let rings = io!(eth.rings("va"));
    let err = rings.as_ref().unwrap_err();
    assert_eq!(err.errno(), Some(libc::EOPNOTSUPP), "{rings:?}");

    let Some((ok, out, err)) = ethtool_cli(&["-l", "va"]) else {
        eprintln!("note: `ethtool` not installed; skipped the comparison");
        return;
    };
    assert!(ok, "{err}");
    // "Pre-set maximums:" block, then "Current hardware settings:" block.
    let (max, cur) = out.split_once("Current hardware settings:").unwrap();
    let show = |v: Option<u32>| v.map_or("n/a".to_owned(), |v| v.to_string());
    let (fm, fc) = (fields(max), fields(cur));
    assert_eq!(fm["RX"], show(ch.rx_max));
    assert_eq!(fm["TX"], show(ch.tx_max));
    assert_eq!(fm["Other"], show(ch.other_max));
    assert_eq!(fm["Combined"], show(ch.combined_max));
    assert_eq!(fc["RX"], show(ch.rx_count));
    assert_eq!(fc["TX"], show(ch.tx_count));
    assert_eq!(fc["Other"], show(ch.other_count));
    assert_eq!(fc["Combined"], show(ch.combined_count));

    let (ok, _, err) = ethtool_cli(&["-g", "va"]).unwrap();
    assert!(!ok && err.contains("Operation not supported"), "{err}");

    // Change the channel counts through ETHTOOL_MSG_CHANNELS_SET; the CLI sees it.
    let want = ch.rx_max.unwrap();
    io!(eth.set_channels("va", Some(want), Some(want))).unwrap();
    let ch2 = io!(eth.channels("va")).unwrap();
    assert_eq!((ch2.rx_count, ch2.tx_count), (Some(want), Some(want)));
    let (_, out, _) = ethtool_cli(&["-l", "va"]).unwrap();
    let (_, cur) = out.split_once("Current hardware settings:").unwrap();
    assert_eq!(fields(cur)["RX"], want.to_string());
}

test fn unknown_device_is_an_error_not_a_panic() {
    let mut eth = io!(ethtool()).unwrap();
    let e = io!(eth.link_info("nosuchdev0")).unwrap_err();
    assert_eq!(e.errno(), Some(libc::ENODEV), "{e}");
    let e = io!(eth.features(999_999)).unwrap_err();
    assert_eq!(e.errno(), Some(libc::ENODEV), "{e}");
}
}
