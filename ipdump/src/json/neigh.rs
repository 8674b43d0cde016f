//! Neighbours as `ip -j neigh show` prints them.

use serde::ser::SerializeMap;

use super::value::{Dev, Flags, Ip, Mac, Null};
use super::{Fields, LinkNames};
use crate::names;
use netlink_runtime::rtnl::NeighbourRef;
use netlink_runtime::schemas::rtnetlink as rt;

/// One neighbour as `ip -j neigh show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct NeighJson<'v, 'a> {
    /// The neighbour.
    pub neigh: &'v NeighbourRef<'a>,
    /// Device names.
    pub names: &'v LinkNames,
    /// Name the device: not when listing `dev X`.
    pub show_dev: bool,
}

super::serialize_by_fields!(NeighJson<'_, '_>);

impl Fields for NeighJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let n = self.neigh;
        if let Some(d) = &n.dst {
            m.serialize_entry("dst", &Ip(d))?;
        }
        if self.show_dev && n.ifindex != 0 {
            m.serialize_entry("dev", &Dev(self.names, n.ifindex as u32))?;
        }
        if let Some(l) = n.lladdr {
            m.serialize_entry("lladdr", &Mac(l))?;
        }
        for (flag, key) in [
            (rt::NTF_ROUTER, "router"),
            (rt::NTF_PROXY, "proxy"),
            (rt::NTF_EXT_LEARNED, "extern_learn"),
        ] {
            if n.flags & flag != 0 {
                m.serialize_entry(key, &Null)?;
            }
        }
        if n.state == 0 {
            m.serialize_entry("state", &["NONE"])?;
        } else {
            let states = Flags {
                bits: n.state,
                names: names::NEIGH_STATES,
            };
            m.serialize_entry("state", &states)?;
        }
        Ok(())
    }
}
