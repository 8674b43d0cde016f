//! Links as `ip -j -d link show` prints them (of the details, the `linkinfo` kinds only).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::value::{Dev, Mac, Null, Text};
use super::{Fields, LinkNames};
use crate::names;
use netlink_runtime::rtnl::{Link, AF_INET6, AF_UNSPEC};

/// One link as `ip -j -d link show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct LinkJson<'v> {
    /// The link.
    pub link: &'v Link,
    /// Device names.
    pub names: &'v LinkNames,
    /// Whether its lower device is down (`M-DOWN`): see [`LinkStates`].
    pub master_down: bool,
}

impl<'v> LinkJson<'v> {
    /// The view of `link`, one of the links `all` of its namespace (a linear search for its
    /// lower device: for a few links; a dump uses [`LinkStates`]).
    pub fn new(link: &'v Link, names: &'v LinkNames, all: &[Link]) -> LinkJson<'v> {
        let up = |i: u32| all.iter().find(|x| x.index == i).map(Link::is_up);
        LinkJson {
            link,
            names,
            master_down: master_down(link, up),
        }
    }
}

/// Whether each link of a dump is up, by index: for `M-DOWN` (see [`master_down`]).
#[derive(Debug, Clone, Default)]
pub struct LinkStates(std::collections::HashMap<u32, bool>);

impl LinkStates {
    /// The states of `links`.
    pub fn new(links: &[Link]) -> LinkStates {
        LinkStates(links.iter().map(|l| (l.index, l.is_up())).collect())
    }

    /// Whether `l`'s lower device is down.
    pub fn master_down(&self, l: &Link) -> bool {
        master_down(l, |i| self.0.get(&i).copied())
    }
}

super::serialize_by_fields!(LinkJson<'_>);

impl Fields for LinkJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        link_fields(m, self.link, self.names, self.master_down, LinkKeys::LINK)
    }
}

/// Whether `l`'s lower / peer device (`IFLA_LINK`, same namespace) is down, by `is_up` (None:
/// not known): `ip` then adds `M-DOWN` to the flags.
pub fn master_down(l: &Link, is_up: impl Fn(u32) -> Option<bool>) -> bool {
    l.link
        .filter(|_| l.link_netnsid.is_none())
        .and_then(is_up)
        .is_some_and(|up| !up)
}

/// The `flags` array: `NO-CARRIER` first when up without carrier, `M-DOWN` last.
struct LinkFlags {
    flags: u32,
    master_down: bool,
}

impl Serialize for LinkFlags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        if self.flags & 1 != 0 && self.flags & names::IFF_RUNNING == 0 {
            seq.serialize_element("NO-CARRIER")?;
        }
        for &(bit, name) in names::LINK_FLAGS {
            if self.flags & bit != 0 {
                seq.serialize_element(name)?;
            }
        }
        if self.master_down {
            seq.serialize_element("M-DOWN")?;
        }
        seq.end()
    }
}

/// `linkinfo`: the kinds only.
struct LinkInfo<'v>(&'v Link);

super::serialize_by_fields!(LinkInfo<'_>);

impl Fields for LinkInfo<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        if let Some(k) = &self.0.kind {
            m.serialize_entry("info_kind", k)?;
        }
        if let Some(k) = &self.0.slave_kind {
            m.serialize_entry("info_slave_kind", k)?;
        }
        Ok(())
    }
}

/// Which of a link's keys an object prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LinkKeys {
    /// `linkmode` and `linkinfo` (`ip link`, not `ip addr`).
    pub details: bool,
    /// `link_type`, `address`, `broadcast`, `link_netnsid`.
    pub link_layer: bool,
    /// `qdisc` and `group`.
    pub qdisc_group: bool,
}

impl LinkKeys {
    /// `ip -j -d link show`.
    pub const LINK: LinkKeys = LinkKeys {
        details: true,
        link_layer: true,
        qdisc_group: true,
    };

    /// `ip -j [-4|-6] addr show [dev D]`: `family` is the `-4` / `-6` filter, `one_dev`
    /// whether a device was named.
    pub fn addr(family: u8, one_dev: bool) -> LinkKeys {
        LinkKeys {
            details: false,
            // `ip -4|-6 addr` leaves out the link layer.
            link_layer: family == AF_UNSPEC,
            // `ip -6 addr` dumps the links with family AF_INET6, which the kernel's IPv6
            // code answers without qdisc and group; for one named device `ip` asks for it
            // alone and gets the full link.
            qdisc_group: family != AF_INET6 || one_dev,
        }
    }
}

/// Link keys shared by `ip -j link` and `ip -j addr`, as far as `keys` says.
pub(super) fn link_fields<M: SerializeMap>(
    m: &mut M,
    l: &Link,
    names: &LinkNames,
    master_down: bool,
    keys: LinkKeys,
) -> Result<(), M::Error> {
    let LinkKeys {
        details,
        link_layer,
        qdisc_group,
    } = keys;
    m.serialize_entry("ifindex", &l.index)?;
    if let Some(p) = l.link {
        if l.link_netnsid.is_some() {
            m.serialize_entry("link_index", &p)?;
        } else if p == 0 {
            m.serialize_entry("link", &Null)?;
        } else {
            m.serialize_entry("link", &Dev(names, p))?;
        }
    }
    m.serialize_entry("ifname", &l.name)?;
    m.serialize_entry(
        "flags",
        &LinkFlags {
            flags: l.flags,
            master_down,
        },
    )?;
    if let Some(mtu) = l.mtu {
        m.serialize_entry("mtu", &mtu)?;
    }
    if let Some(q) = l.qdisc.as_ref().filter(|_| qdisc_group) {
        m.serialize_entry("qdisc", q)?;
    }
    if let Some(master) = l.master {
        m.serialize_entry("master", &Dev(names, master))?;
    }
    m.serialize_entry("operstate", &names::operstate(l.operstate))?;
    if details {
        if let Some(mode) = l.linkmode {
            m.serialize_entry("linkmode", &names::linkmode(mode))?;
        }
    }
    if let Some(g) = l.group.filter(|_| qdisc_group) {
        if g == 0 {
            m.serialize_entry("group", "default")?;
        } else {
            m.serialize_entry("group", &Text(g))?;
        }
    }
    if let Some(q) = l.txqlen {
        m.serialize_entry("txqlen", &q)?;
    }
    if !link_layer {
        return Ok(());
    }
    m.serialize_entry("link_type", &names::link_type(l.link_type))?;
    if let Some(a) = &l.address {
        m.serialize_entry("address", &Mac(a))?;
    }
    if let Some(a) = &l.broadcast {
        m.serialize_entry("broadcast", &Mac(a))?;
    }
    if let Some(n) = l.link_netnsid {
        m.serialize_entry("link_netnsid", &(n as u32))?;
    }
    if details && (l.kind.is_some() || l.slave_kind.is_some()) {
        m.serialize_entry("linkinfo", &LinkInfo(l))?;
    }
    Ok(())
}
