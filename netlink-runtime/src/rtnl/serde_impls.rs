//! `serde::Serialize` for the owned rtnl types (feature `serde`). Their fields are private
//! (compact layouts), so each is written as a map of its accessors: typed values by their
//! names (`"static"`, `"LOWER_UP"`), addresses as text, link-layer addresses as
//! `"02:00:00:00:00:01"`, names as text (as bytes when they are not UTF-8, so nothing is
//! lost), absent parts left out.

use std::borrow::Cow;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{Address, FdbEntry, Link, Neighbour, Nexthop, Route, RouteFlags, Rule};

/// A link-layer address as `ip` writes it.
struct Mac<'a>(&'a [u8]);

impl Serialize for Mac<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hex: Vec<String> = self.0.iter().map(|b| format!("{b:02x}")).collect();
        s.serialize_str(&hex.join(":"))
    }
}

/// A value by its `Display` (the names of typed values).
struct Named<T>(T);

impl<T: std::fmt::Display> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Writes `key: value` when the value is present.
fn opt<M: SerializeMap, T: Serialize>(m: &mut M, key: &str, v: Option<T>) -> Result<(), M::Error> {
    match v {
        Some(v) => m.serialize_entry(key, &v),
        None => Ok(()),
    }
}

impl Serialize for Link {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("index", &self.index())?;
        m.serialize_entry("name", &self.name())?;
        m.serialize_entry("flags", &self.flags().names().collect::<Vec<_>>())?;
        m.serialize_entry("link_type", &Named(self.link_type()))?;
        m.serialize_entry("operstate", &Named(self.operstate()))?;
        opt(&mut m, "linkmode", self.linkmode().map(Named))?;
        opt(&mut m, "mtu", self.mtu())?;
        opt(&mut m, "min_mtu", self.min_mtu())?;
        opt(&mut m, "max_mtu", self.max_mtu())?;
        opt(&mut m, "master", self.master())?;
        opt(&mut m, "link", self.link())?;
        opt(&mut m, "link_netnsid", self.link_netnsid())?;
        opt(&mut m, "txqlen", self.txqlen())?;
        opt(&mut m, "qdisc", self.qdisc())?;
        opt(&mut m, "group", self.group())?;
        opt(&mut m, "address", self.address().map(Mac))?;
        opt(&mut m, "broadcast", self.broadcast().map(Mac))?;
        opt(&mut m, "perm_address", self.perm_address().map(Mac))?;
        opt(&mut m, "carrier", self.carrier())?;
        opt(&mut m, "promiscuity", self.promiscuity())?;
        opt(&mut m, "allmulti", self.allmulti())?;
        opt(&mut m, "kind", self.kind())?;
        opt(&mut m, "slave_kind", self.slave_kind())?;
        opt(&mut m, "ifalias", self.ifalias())?;
        let alt: Vec<_> = self.altnames().collect();
        if !alt.is_empty() {
            m.serialize_entry("altnames", &alt)?;
        }
        m.end()
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("family", &self.family())?;
        m.serialize_entry("index", &self.index())?;
        opt(&mut m, "local", self.local())?;
        opt(&mut m, "address", self.address())?;
        m.serialize_entry("prefixlen", &self.prefixlen())?;
        m.serialize_entry("scope", &Named(self.scope()))?;
        m.serialize_entry("flags", &self.flags().names().collect::<Vec<_>>())?;
        opt(&mut m, "broadcast", self.broadcast())?;
        opt(&mut m, "label", self.label())?;
        opt(&mut m, "valid_lft", self.valid_lft())?;
        opt(&mut m, "preferred_lft", self.preferred_lft())?;
        opt(&mut m, "rt_priority", self.rt_priority())?;
        m.end()
    }
}

impl Serialize for Route {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("family", &self.family())?;
        opt(&mut m, "dst", self.dst())?;
        m.serialize_entry("dst_len", &self.dst_len())?;
        opt(&mut m, "src", self.src())?;
        if self.src_len() != 0 {
            m.serialize_entry("src_len", &self.src_len())?;
        }
        if self.tos() != 0 {
            m.serialize_entry("tos", &self.tos())?;
        }
        opt(&mut m, "gateway", self.gateway())?;
        opt(&mut m, "oif", self.oif())?;
        opt(&mut m, "iif", self.iif())?;
        m.serialize_entry("table", &self.table())?;
        m.serialize_entry("protocol", &Named(self.protocol()))?;
        m.serialize_entry("scope", &Named(self.scope()))?;
        m.serialize_entry("type", &Named(self.kind()))?;
        opt(&mut m, "priority", self.priority())?;
        opt(&mut m, "prefsrc", self.prefsrc())?;
        // The next-hop byte and the route's own flags, by name; bits neither names, as hex.
        let nh = self.next_hop_flags();
        let own = RouteFlags(self.flags().bits() & !0xff);
        let rest = u32::from(nh.unnamed()) | own.unnamed();
        let flags: Vec<Cow<'_, str>> = nh
            .names()
            .chain(own.names())
            .map(Cow::Borrowed)
            .chain((rest != 0).then(|| Cow::Owned(format!("{rest:#x}"))))
            .collect();
        m.serialize_entry("flags", &flags)?;
        opt(&mut m, "metrics", self.metrics())?;
        if !self.multipath().is_empty() {
            m.serialize_entry("multipath", self.multipath())?;
        }
        opt(&mut m, "pref", self.pref())?;
        opt(&mut m, "nh_id", self.nh_id())?;
        opt(&mut m, "mark", self.mark())?;
        opt(&mut m, "expires", self.expires())?;
        opt(&mut m, "uid", self.uid())?;
        opt(&mut m, "encap", self.encap())?;
        m.end()
    }
}

impl Serialize for Neighbour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("family", &self.family())?;
        m.serialize_entry("ifindex", &self.ifindex())?;
        opt(&mut m, "dst", self.dst())?;
        opt(&mut m, "lladdr", self.lladdr().map(Mac))?;
        m.serialize_entry("state", &self.state().names().collect::<Vec<_>>())?;
        m.serialize_entry("flags", &self.flags().names().collect::<Vec<_>>())?;
        m.end()
    }
}

impl Serialize for FdbEntry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("mac", &Mac(&self.mac()))?;
        m.serialize_entry("ifindex", &self.ifindex())?;
        opt(&mut m, "vlan", self.vlan())?;
        opt(&mut m, "master", self.master())?;
        opt(&mut m, "dst", self.dst())?;
        opt(&mut m, "port", self.port())?;
        opt(&mut m, "vni", self.vni())?;
        opt(&mut m, "src_vni", self.src_vni())?;
        m.serialize_entry("state", &self.state().names().collect::<Vec<_>>())?;
        m.serialize_entry("flags", &self.flags().names().collect::<Vec<_>>())?;
        m.end()
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("family", &self.family())?;
        opt(&mut m, "priority", self.priority())?;
        opt(&mut m, "src", self.src())?;
        m.serialize_entry("src_len", &self.src_len())?;
        opt(&mut m, "dst", self.dst())?;
        m.serialize_entry("dst_len", &self.dst_len())?;
        opt(&mut m, "iifname", self.iifname())?;
        opt(&mut m, "oifname", self.oifname())?;
        opt(&mut m, "fwmark", self.fwmark())?;
        opt(&mut m, "fwmask", self.fwmask())?;
        m.serialize_entry("table", &self.table())?;
        m.serialize_entry("action", &Named(self.action()))?;
        opt(&mut m, "goto", self.goto())?;
        m.serialize_entry("flags", &self.flags())?;
        opt(&mut m, "protocol", self.protocol().map(Named))?;
        m.end()
    }
}

impl Serialize for Nexthop {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id())?;
        m.serialize_entry("family", &self.family())?;
        opt(&mut m, "gateway", self.gateway())?;
        opt(&mut m, "oif", self.oif())?;
        if self.blackhole() {
            m.serialize_entry("blackhole", &true)?;
        }
        if !self.group().is_empty() {
            m.serialize_entry("group", self.group())?;
        }
        m.serialize_entry("scope", &Named(self.scope()))?;
        m.serialize_entry("protocol", &Named(self.protocol()))?;
        m.serialize_entry("flags", &self.flags())?;
        if self.fdb() {
            m.serialize_entry("fdb", &true)?;
        }
        m.end()
    }
}
