//! Bridge forwarding database entries as `bridge -j fdb show` prints them (iproute2 6.1's
//! `bridge/fdb.c`): `AF_BRIDGE` neighbours with their MAC, port, VXLAN destination, flags,
//! master and state.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::value::{CHex, Dev, Ip, List, Mac};
use super::{Fields, LinkNames};
use netlink_runtime::rtnl::{NeighbourFlags, NeighbourRef, NeighbourState};

/// One FDB entry as `bridge -j [-s] fdb show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct FdbJson<'v, 'a> {
    /// The entry (an `AF_BRIDGE` neighbour).
    pub entry: &'v NeighbourRef<'a>,
    /// Device names.
    pub names: &'v LinkNames,
    /// Name the port (`ifname`): not when listing `dev X`.
    pub show_dev: bool,
    /// `-s`: the entry's `used` / `updated` ages.
    pub stats: bool,
}

super::serialize_by_fields!(FdbJson<'_, '_>);

/// The flags `bridge` prints, in its order, with its names (`extern_learn` is
/// `NTF_EXT_LEARNED`, `offload` `NTF_OFFLOADED`).
const FLAGS: [(NeighbourFlags, &str); 6] = [
    (NeighbourFlags::SELF, "self"),
    (NeighbourFlags::ROUTER, "router"),
    (NeighbourFlags::EXT_LEARNED, "extern_learn"),
    (NeighbourFlags::OFFLOADED, "offload"),
    (NeighbourFlags::MASTER, "master"),
    (NeighbourFlags::STICKY, "sticky"),
];

impl Fields for FdbJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let (n, names) = (self.entry, self.names);
        if let Some(mac) = n.lladdr {
            m.serialize_entry("mac", &Mac(mac))?;
        }
        if self.show_dev && n.ifindex != 0 {
            m.serialize_entry("ifname", &Dev(names, n.ifindex))?;
        }
        if let Some(d) = &n.dst {
            m.serialize_entry("dst", &Ip(d))?;
        }
        if let Some(v) = n.vlan.filter(|&v| v != 0) {
            m.serialize_entry("vlan", &v)?;
        }
        if let Some(p) = n.port {
            m.serialize_entry("port", &p)?;
        }
        if let Some(v) = n.vni {
            m.serialize_entry("vni", &v)?;
        }
        if let Some(v) = n.src_vni {
            m.serialize_entry("src_vni", &v)?;
        }
        if let Some(i) = n.via_ifindex {
            // An index in another namespace has no name here.
            if n.link_netnsid.is_some() {
                m.serialize_entry("viaIfIndex", &i)?;
            } else {
                m.serialize_entry("viaIf", &Dev(names, i))?;
            }
        }
        if let Some(id) = n.nh_id {
            m.serialize_entry("nhid", &id)?;
        }
        if let Some(id) = n.link_netnsid {
            // `bridge` reads the id as unsigned.
            m.serialize_entry("linkNetNsId", &(id as u32))?;
        }
        if let Some(ci) = n.cacheinfo.filter(|_| self.stats) {
            // The kernel gives ages in clock ticks (USER_HZ); `bridge` prints seconds.
            let hz = super::route::clock_ticks();
            m.serialize_entry("used", &(ci.ndm_used / hz))?;
            m.serialize_entry("updated", &(ci.ndm_updated / hz))?;
        }
        let flags = n.flags;
        let set = move || {
            FLAGS
                .iter()
                .filter(move |(f, _)| flags.contains(*f))
                .map(|(_, n)| *n)
        };
        m.serialize_entry("flags", &List(set))?;
        if let Some(master) = n.master {
            m.serialize_entry("master", &Dev(names, master))?;
        }
        m.serialize_entry("state", &State(n.state))?;
        Ok(())
    }
}

/// An entry's state as `bridge` names it: the strongest of permanent, static (`NUD_NOARP`),
/// stale, and `""` for a learned (reachable) entry; anything else in hex.
struct State(NeighbourState);

impl Serialize for State {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let name = [
            (NeighbourState::PERMANENT, "permanent"),
            (NeighbourState::NOARP, "static"),
            (NeighbourState::STALE, "stale"),
            (NeighbourState::REACHABLE, ""),
        ]
        .into_iter()
        .find(|(f, _)| st.contains(*f));
        match name {
            Some((_, n)) => s.serialize_str(n),
            None => CHex(u64::from(st.bits())).serialize(s),
        }
    }
}
