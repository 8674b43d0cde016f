//! Generic netlink against the real kernel (needs root for the private
//! namespace; the families themselves are global).

mod common;

use common::private_netns;
use netlink_runtime::builder::MessageBuilder;
use netlink_runtime::genl::GenlHeader;
use netlink_runtime::schemas::genetlink::*;
use netlink_runtime::schemas::netlink::*;
use netlink_runtime::{Error, Protocol, Socket};

#[test]
fn resolve_nlctrl_ethtool_netdev() {
    if !private_netns("resolve_nlctrl_ethtool_netdev") {
        return;
    }
    let mut s = Socket::open(Protocol::GENERIC).unwrap();
    let ctrl = s.resolve_family("nlctrl").unwrap().clone();
    assert_eq!(ctrl.id, GENL_ID_CTRL);
    assert_eq!(ctrl.name, "nlctrl");
    assert!(ctrl.version >= 1);
    assert!(ctrl.group("notify").is_some(), "{ctrl:?}");

    let eth = s.resolve_family("ethtool").unwrap().clone();
    assert!(eth.id >= NLMSG_MIN_TYPE);
    assert!(eth.group("monitor").is_some(), "{eth:?}");
    let nd = s.resolve_family("netdev").unwrap().clone();
    assert!(nd.id >= NLMSG_MIN_TYPE && nd.id != eth.id);
    assert!(nd.group("mgmt").is_some(), "{nd:?}");
    // Cached: the same answer without asking again.
    let again = s.resolve_family("netdev").unwrap();
    assert_eq!(again, &nd);

    // Compare id, version, header size and max attribute with iproute2's genl.
    for f in [&ctrl, &eth, &nd] {
        let Ok(out) = std::process::Command::new("genl")
            .args(["ctrl", "get", "name", &f.name])
            .output()
        else {
            eprintln!("note: `genl` not installed; skipped the comparison");
            break;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        let want = format!(
            "ID: {:#x}  Version: {:#x}  header size: {}  max attribs: {}",
            f.id, f.version, f.hdrsize, f.maxattr
        );
        assert!(text.contains(&want), "{want:?} in {text}");
    }

    let e = s.resolve_family("nosuchfam").unwrap_err();
    assert!(
        matches!(e, Error::FamilyNotFound(ref n) if n == "nosuchfam"),
        "{e}"
    );

    // A genl family's group ids are joinable (and above 31 is fine too).
    s.join_group(nd.group("mgmt").unwrap()).unwrap();

    // Resolving on a non-generic socket is a clear error, not a panic.
    let mut r = Socket::open(Protocol::ROUTE).unwrap();
    assert!(r.resolve_family("nlctrl").is_err());
}

#[test]
fn dump_family_list_matches_genl_tool() {
    if !private_netns("dump_family_list_matches_genl_tool") {
        return;
    }
    let mut s = Socket::open(Protocol::GENERIC).unwrap();
    // Walk the dump by hand once to check the genlmsghdr parser.
    let mut req = MessageBuilder::new_genl(GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
    let mut d = s.dump(&mut req).unwrap();
    let mut n = 0;
    while let Some(m) = d.next().unwrap() {
        assert_eq!(m.kind(), GENL_ID_CTRL);
        let h = GenlHeader::parse(&m).unwrap();
        assert_eq!(h.cmd, CTRL_CMD_NEWFAMILY);
        n += 1;
    }
    drop(d);
    let fams = s.list_families().unwrap();
    assert_eq!(fams.len(), n);
    let mut names: Vec<String> = fams.iter().map(|f| f.name.clone()).collect();
    names.sort();
    for want in [
        "nlctrl",
        "ethtool",
        "netdev",
        "tcp_metrics",
        "mptcp_pm",
        "TASKSTATS",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    match std::process::Command::new("genl")
        .args(["ctrl", "list"])
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let mut theirs: Vec<String> = text
                .lines()
                .filter_map(|l| l.trim().strip_prefix("Name: "))
                .map(|s| s.trim().to_owned())
                .collect();
            theirs.sort();
            assert_eq!(names, theirs);
        }
        _ => eprintln!("note: `genl` not installed; skipped the comparison"),
    }
}

#[test]
fn missing_attribute_type_is_reported() {
    if !private_netns("missing_attribute_type_is_reported") {
        return;
    }
    let mut s = Socket::open(Protocol::GENERIC).unwrap();
    let nd = s.resolve_family("netdev").unwrap().clone();
    // NETDEV_CMD_DEV_GET (1) as a "do" requires NETDEV_A_DEV_IFINDEX (1).
    let mut req = MessageBuilder::new_genl(nd.id, 0, 1, nd.version as u8);
    let e = s.request(&mut req).unwrap_err();
    let k = e.as_kernel().expect("kernel error");
    assert_eq!(k.errno, libc::EINVAL, "{e}");
    assert_eq!(k.missing_attr_type, Some(1), "{e}");
    assert!(e.to_string().contains("missing attribute type 1"), "{e}");
}
