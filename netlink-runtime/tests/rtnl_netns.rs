//! Namespaces: named namespaces made and removed by us are seen by `ip netns` and the other
//! way round; namespaces opened by name, path, pid and fd are the same namespace; a link moved
//! to another namespace is gone from the first and present in the second (by fd and by pid);
//! a veth whose peer is born in another namespace; a closure run in a namespace returns its
//! result. Each test runs in a private namespace and removes the named ones it made.

mod common;
use common::rtnl as util;

use std::time::{Duration, Instant};

use netlink_runtime::netns::{self, Netns, NetnsRef};
use netlink_runtime::rtnl::{Handle, LinkChange, LinkSpec, NetnsTarget, NsidSet};
use util::*;

/// Deletes a named namespace when dropped (also when the test panics).
struct Named(String);

impl Drop for Named {
    fn drop(&mut self) {
        let _ = std::process::Command::new("ip")
            .args(["netns", "del", &self.0])
            .status();
    }
}

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn ip_netns_names() -> Vec<String> {
    ip("netns list")
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn link_names(h: &mut Handle) -> Vec<String> {
    h.links()
        .unwrap()
        .iter()
        .map(|l| l.name().to_string())
        .collect()
}

#[test]
fn named_namespaces_are_shared_with_ip_netns() {
    if !private_netns("named_namespaces_are_shared_with_ip_netns") {
        return;
    }
    // Ours, seen by ip.
    let ours = unique("rtnl-ns-a");
    let _g1 = Named(ours.clone());
    let ns = netns::add_named(&ours).unwrap();
    assert!(ip_netns_names().contains(&ours));
    ip(&format!("-n {ours} link add nsbr0 type bridge"));
    let mut h = Handle::in_netns_ref(ns.netns_ref()).unwrap();
    assert_eq!(link_names(&mut h), ["lo", "nsbr0"]);
    assert!(netns::list_named()
        .unwrap()
        .iter()
        .any(|n| n.as_bytes() == ours.as_bytes()));
    // Taken names are refused, and nothing is left behind.
    let e = netns::add_named(&ours).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST), "{e}");
    assert!(netns::add_named("../x").is_err());
    // Deleted by us: gone for ip too; the namespace lives on while we hold it.
    netns::delete_named(&ours).unwrap();
    assert!(!ip_netns_names().contains(&ours));
    assert_eq!(link_names(&mut h), ["lo", "nsbr0"]);

    // ip's, seen and deleted by us.
    let theirs = unique("rtnl-ns-b");
    let _g2 = Named(theirs.clone());
    ip(&format!("netns add {theirs}"));
    assert!(netns::list_named()
        .unwrap()
        .iter()
        .any(|n| n.as_bytes() == theirs.as_bytes()));
    let by_name = Netns::by_name(&theirs).unwrap();
    let by_path = Netns::open(NetnsRef::Path(
        std::path::Path::new(netns::NETNS_RUN_DIR)
            .join(&theirs)
            .as_path(),
    ))
    .unwrap();
    assert_eq!(by_name.id().unwrap(), by_path.id().unwrap());
    netns::delete_named(&theirs).unwrap();
    assert!(!ip_netns_names().contains(&theirs));
}

#[test]
fn links_move_between_namespaces() {
    if !private_netns("links_move_between_namespaces") {
        return;
    }
    let name = unique("rtnl-ns-m");
    let _g = Named(name.clone());
    let other = netns::add_named(&name).unwrap();
    let here = Netns::current().unwrap();
    assert_ne!(here.id().unwrap(), other.id().unwrap());
    let mut h = Handle::new().unwrap();
    let mut there = Handle::in_netns_ref(other.netns_ref()).unwrap();

    // Moved by fd: gone here, present there.
    h.add_link(&LinkSpec::veth("a0", "a1")).unwrap();
    h.change_link(&LinkChange::name("a0").netns(&other))
        .unwrap();
    assert!(!link_names(&mut h).contains(&"a0".to_owned()));
    assert!(link_names(&mut there).contains(&"a0".to_owned()));
    assert!(ip(&format!("-n {name} link show a0")).contains("a0"));
    // Its peer stayed: the pair now crosses the namespaces.
    assert!(h.link("a1").unwrap().link_netnsid().is_some());

    // A veth whose peer is born in the other namespace.
    h.add_link(&LinkSpec::veth("b0", "b1").peer_netns(&other))
        .unwrap();
    assert!(link_names(&mut h).contains(&"b0".to_owned()));
    assert!(!link_names(&mut h).contains(&"b1".to_owned()));
    assert!(link_names(&mut there).contains(&"b1".to_owned()));

    // Created in the other namespace outright.
    h.add_link(&LinkSpec::plain("ifbx", "ifb").netns(&other))
        .unwrap();
    assert!(link_names(&mut there).contains(&"ifbx".to_owned()));
    assert!(!link_names(&mut h).contains(&"ifbx".to_owned()));

    // Moved by the pid of a process in the other namespace.
    let mut child = std::process::Command::new("ip")
        .args(["netns", "exec", &name, "sleep", "10"])
        .spawn()
        .unwrap();
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Netns::by_pid(pid).and_then(|n| n.id()).ok() != other.id().ok() {
        assert!(Instant::now() < deadline, "the child never entered {name}");
        std::thread::sleep(Duration::from_millis(10));
    }
    h.add_link(&LinkSpec::veth("c0", "c1")).unwrap();
    h.change_link(&LinkChange::name("c0").netns(NetnsTarget::Pid(pid)))
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(link_names(&mut there).contains(&"c0".to_owned()));
    assert!(!link_names(&mut h).contains(&"c0".to_owned()));

    // A closure in the other namespace, on a helper thread, with its result.
    let names = other
        .run(|| -> Result<Vec<String>, netlink_runtime::Error> {
            let mut h = Handle::new()?;
            Ok(link_names(&mut h))
        })
        .unwrap()
        .unwrap();
    assert!(names.contains(&"a0".to_owned()) && names.contains(&"b1".to_owned()));
    // This thread never moved.
    assert_eq!(Netns::current().unwrap().id().unwrap(), here.id().unwrap());
}

/// Namespace ids: none until one is set, set by us and seen by `ip netns list-id` and the
/// other way round, by fd and by pid, chosen by the kernel with `auto`, kept once given.
#[test]
fn namespace_ids_agree_with_ip_netns() {
    if !private_netns("namespace_ids_agree_with_ip_netns") {
        return;
    }
    let a = unique("rtnl-nsid-a");
    let _g1 = Named(a.clone());
    let b = unique("rtnl-nsid-b");
    let _g2 = Named(b.clone());
    let c = unique("rtnl-nsid-c");
    let _g3 = Named(c.clone());
    let (na, nb) = (netns::add_named(&a).unwrap(), netns::add_named(&b).unwrap());
    ip(&format!("netns add {c}"));
    let nc = Netns::by_name(&c).unwrap();
    let mut h = Handle::new().unwrap();
    assert_eq!(h.netns_id(&na).unwrap(), None);
    // Ours, seen by ip.
    h.set_netns_id(&NsidSet::new(&na, 7).unwrap()).unwrap();
    assert_eq!(h.netns_id(&na).unwrap(), Some(7));
    let listed = ip("-j netns list-id");
    let ids: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert!(
        ids.as_array().unwrap().iter().any(|o| o["nsid"] == 7),
        "{listed}"
    );
    // An id is kept once given: a second one is refused.
    let e = h.set_netns_id(&NsidSet::new(&na, 8).unwrap()).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST), "{e}");
    // The kernel's choice.
    h.set_netns_id(&NsidSet::auto(&nb)).unwrap();
    let auto = h.netns_id(&nb).unwrap().expect("an id");
    assert!(auto >= 0 && auto != 7, "{auto}");
    // ip's, seen by us; by pid too (a process living in that namespace).
    ip(&format!("netns set {c} 12"));
    assert_eq!(h.netns_id(&nc).unwrap(), Some(12));
    let mut child = std::process::Command::new("ip")
        .args(["netns", "exec", &c, "sleep", "5"])
        .spawn()
        .unwrap();
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut by_pid = None;
    while Instant::now() < deadline {
        // Until `ip netns exec` has entered the namespace.
        by_pid = h.netns_id(NetnsTarget::Pid(pid)).unwrap();
        if by_pid == Some(12) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(by_pid, Some(12));
    assert!(NsidSet::new(&nc, u32::MAX).is_err());
}
