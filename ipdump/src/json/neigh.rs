//! Neighbours as `ip -j neigh show` prints them.

use serde::ser::SerializeMap;

use super::value::{Dev, Ip, List, Mac, Null};
use super::{Fields, LinkNames};
use netlink_runtime::rtnl::{NeighbourFlags, NeighbourRef};

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
            m.serialize_entry("dev", &Dev(self.names, n.ifindex))?;
        }
        if let Some(l) = n.lladdr {
            m.serialize_entry("lladdr", &Mac(l))?;
        }
        // `ip`'s keys for the flags it prints (its own names: `extern_learn` is
        // NTF_EXT_LEARNED).
        for (flag, key) in [
            (NeighbourFlags::ROUTER, "router"),
            (NeighbourFlags::PROXY, "proxy"),
            (NeighbourFlags::EXT_LEARNED, "extern_learn"),
        ] {
            if n.flags.contains(flag) {
                m.serialize_entry(key, &Null)?;
            }
        }
        // The states are the schema's names, in its order, as `ip` prints them; no state is
        // `NONE` to `ip`.
        if n.state.is_empty() {
            m.serialize_entry("state", &["NONE"])?;
        } else {
            m.serialize_entry("state", &List(|| n.state.names()))?;
        }
        Ok(())
    }
}
