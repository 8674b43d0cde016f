//! Links as `ip -j -d link show` prints them (of the details, the `linkinfo` kinds only).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::value::{Dev, Mac, Null, Text};
use super::{Fields, LinkNames};
use crate::names;
use netlink_runtime::rtnl::{self as rtnl, Link, AF_INET6, AF_UNSPEC};

/// One link as `ip -j -d link show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct LinkJson<'v> {
    /// The link.
    pub link: &'v Link,
    /// Device names.
    pub names: &'v LinkNames,
    /// Whether its lower device is down (`M-DOWN`): see [`LinkStates`].
    pub master_down: bool,
    /// How many `-s` were given: 1 adds the counters (`stats64`), 2 the error counters too.
    pub stats: u8,
}

impl<'v> LinkJson<'v> {
    /// The view of `link`, one of the links `all` of its namespace (a linear search for its
    /// lower device: for a few links; a dump uses [`LinkStates`]).
    pub fn new(link: &'v Link, names: &'v LinkNames, all: &[Link]) -> LinkJson<'v> {
        let up = |i: u32| all.iter().find(|x| x.index() == i).map(Link::is_up);
        LinkJson {
            link,
            names,
            master_down: master_down(link, up),
            stats: 0,
        }
    }
}

/// Whether each link of a dump is up, by index: for `M-DOWN` (see [`master_down`]).
#[derive(Debug, Clone, Default)]
pub struct LinkStates(std::collections::HashMap<u32, bool>);

impl LinkStates {
    /// The states of `links`.
    pub fn new(links: &[Link]) -> LinkStates {
        LinkStates(links.iter().map(|l| (l.index(), l.is_up())).collect())
    }

    /// Whether `l`'s lower device is down.
    pub fn master_down(&self, l: &Link) -> bool {
        master_down(l, |i| self.0.get(&i).copied())
    }
}

super::serialize_by_fields!(LinkJson<'_>);

impl Fields for LinkJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let keys = LinkKeys {
            stats: self.stats,
            ..LinkKeys::LINK
        };
        link_fields(m, self.link, self.names, self.master_down, keys)
    }
}

/// Whether `l`'s lower / peer device (`IFLA_LINK`, same namespace) is down, by `is_up` (None:
/// not known): `ip` then adds `M-DOWN` to the flags.
pub fn master_down(l: &Link, is_up: impl Fn(u32) -> Option<bool>) -> bool {
    l.link()
        .filter(|_| l.link_netnsid().is_none())
        .and_then(is_up)
        .is_some_and(|up| !up)
}

/// The `flags` array: `NO-CARRIER` first when up without carrier, `M-DOWN` last.
struct LinkFlags {
    flags: rtnl::LinkFlags,
    master_down: bool,
}

impl Serialize for LinkFlags {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let f = self.flags;
        if f.contains(rtnl::LinkFlags::UP) && !f.contains(rtnl::LinkFlags::RUNNING) {
            seq.serialize_element("NO-CARRIER")?;
        }
        for &bit in names::LINK_FLAGS {
            if f.contains(bit) {
                seq.serialize_element(names::link_flag(bit))?;
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
        if let Some(k) = self.0.kind() {
            m.serialize_entry("info_kind", k)?;
        }
        if let Some(k) = self.0.slave_kind() {
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
    /// `stats64` after the other keys, at this `-s` level (0: none).
    pub stats: u8,
}

impl LinkKeys {
    /// `ip -j -d link show`.
    pub const LINK: LinkKeys = LinkKeys {
        details: true,
        link_layer: true,
        qdisc_group: true,
        stats: 0,
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
            stats: 0,
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
        stats,
    } = keys;
    m.serialize_entry("ifindex", &l.index())?;
    if let Some(p) = l.link() {
        if l.link_netnsid().is_some() {
            m.serialize_entry("link_index", &p)?;
        } else if p == 0 {
            m.serialize_entry("link", &Null)?;
        } else {
            m.serialize_entry("link", &Dev(names, p))?;
        }
    }
    m.serialize_entry("ifname", &Text(l.name()))?;
    m.serialize_entry(
        "flags",
        &LinkFlags {
            flags: l.flags(),
            master_down,
        },
    )?;
    if let Some(mtu) = l.mtu() {
        m.serialize_entry("mtu", &mtu)?;
    }
    if let Some(q) = l.qdisc().filter(|_| qdisc_group) {
        m.serialize_entry("qdisc", q)?;
    }
    if let Some(master) = l.master() {
        m.serialize_entry("master", &Dev(names, master))?;
    }
    // iproute2's operational states and link modes are the schema's names.
    m.serialize_entry("operstate", &Text(l.operstate()))?;
    if details {
        if let Some(mode) = l.linkmode() {
            m.serialize_entry("linkmode", &Text(mode))?;
        }
    }
    if let Some(g) = l.group().filter(|_| qdisc_group) {
        if g == 0 {
            m.serialize_entry("group", "default")?;
        } else {
            m.serialize_entry("group", &Text(g))?;
        }
    }
    if let Some(q) = l.txqlen() {
        m.serialize_entry("txqlen", &q)?;
    }
    if !link_layer {
        return Ok(());
    }
    m.serialize_entry("link_type", &names::link_type(l.link_type()))?;
    if let Some(a) = l.address() {
        m.serialize_entry("address", &Mac(a))?;
    }
    if let Some(a) = l.broadcast() {
        m.serialize_entry("broadcast", &Mac(a))?;
    }
    if let Some(n) = l.link_netnsid() {
        m.serialize_entry("link_netnsid", &(n as u32))?;
    }
    if details && (l.kind().is_some() || l.slave_kind().is_some()) {
        m.serialize_entry("linkinfo", &LinkInfo(l))?;
    }
    if stats > 0 {
        stats_fields(m, l, stats)?;
    }
    Ok(())
}

/// `stats64` (`ip -s`, `ip -s -s`) of a link that has `IFLA_STATS64`.
pub(super) fn stats_fields<M: SerializeMap>(
    m: &mut M,
    l: &Link,
    level: u8,
) -> Result<(), M::Error> {
    if let Some(s) = l.stats64() {
        let carrier_changes = l.carrier_changes();
        m.serialize_entry(
            "stats64",
            &Stats64Json {
                s,
                carrier_changes,
                level,
            },
        )?;
    }
    Ok(())
}

/// The counters as `ip -s` prints them: `rx` and `tx`, each with the error counters at
/// `ip -s -s`; compressed packets, `nohandler`, `otherhost` and `carrier_changes` only when
/// not zero or present.
struct Stats64Json<'v> {
    s: &'v rtnl::LinkStats64,
    carrier_changes: Option<u32>,
    level: u8,
}

super::serialize_by_fields!(Stats64Json<'_>);

impl Fields for Stats64Json<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("rx", &Direction { v: self, rx: true })?;
        m.serialize_entry("tx", &Direction { v: self, rx: false })
    }
}

/// One direction of [`Stats64Json`].
struct Direction<'v> {
    v: &'v Stats64Json<'v>,
    rx: bool,
}

super::serialize_by_fields!(Direction<'_>);

impl Fields for Direction<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let (s, more) = (self.v.s, self.v.level > 1);
        let counters: &[(&str, u64)] = if self.rx {
            &[
                ("bytes", s.rx_bytes),
                ("packets", s.rx_packets),
                ("errors", s.rx_errors),
                ("dropped", s.rx_dropped),
                ("over_errors", s.rx_over_errors),
                ("multicast", s.multicast),
            ]
        } else {
            &[
                ("bytes", s.tx_bytes),
                ("packets", s.tx_packets),
                ("errors", s.tx_errors),
                ("dropped", s.tx_dropped),
                ("carrier_errors", s.tx_carrier_errors),
                ("collisions", s.collisions),
            ]
        };
        for (k, v) in counters {
            m.serialize_entry(k, v)?;
        }
        let compressed = if self.rx {
            s.rx_compressed
        } else {
            s.tx_compressed
        };
        if compressed != 0 {
            m.serialize_entry("compressed", &compressed)?;
        }
        if !more {
            return Ok(());
        }
        if self.rx {
            for (k, v) in [
                ("length_errors", s.rx_length_errors),
                ("crc_errors", s.rx_crc_errors),
                ("frame_errors", s.rx_frame_errors),
                ("fifo_errors", s.rx_fifo_errors),
                ("missed_errors", s.rx_missed_errors),
            ] {
                m.serialize_entry(k, &v)?;
            }
            if s.rx_nohandler != 0 {
                m.serialize_entry("nohandler", &s.rx_nohandler)?;
            }
            if s.rx_otherhost_dropped != 0 {
                m.serialize_entry("otherhost", &s.rx_otherhost_dropped)?;
            }
        } else {
            for (k, v) in [
                ("aborted_errors", s.tx_aborted_errors),
                ("fifo_errors", s.tx_fifo_errors),
                ("window_errors", s.tx_window_errors),
                ("heartbeat_errors", s.tx_heartbeat_errors),
            ] {
                m.serialize_entry(k, &v)?;
            }
            if let Some(c) = self.v.carrier_changes {
                m.serialize_entry("carrier_changes", &c)?;
            }
        }
        Ok(())
    }
}
