//! Nexthop objects as `ip -j nexthop show` prints them.

use serde::ser::SerializeMap;

use super::value::{Dev, Flags, Ip, List, Null};
use super::{Fields, LinkNames};
use crate::names;
use netlink_runtime::rtnl::{NexthopRef, RouteProtocol};
use netlink_runtime::schemas::rtnetlink as rt;

/// One nexthop as `ip -j nexthop show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct NexthopJson<'v, 'a> {
    /// The nexthop.
    pub nexthop: &'v NexthopRef<'a>,
    /// Device names.
    pub names: &'v LinkNames,
}

super::serialize_by_fields!(NexthopJson<'_, '_>);

impl Fields for NexthopJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let n = self.nexthop;
        if let Some(id) = n.id {
            m.serialize_entry("id", &id)?;
        }
        if n.group_raw.is_some() {
            // A group that does not decode is printed empty, as `ip` prints what it cannot
            // parse.
            let members = || n.group().into_iter().flatten().map(GroupMember);
            m.serialize_entry("group", &List(members))?;
            if n.group_type.map(u32::from) == Some(rt::NEXTHOP_GRP_TYPE_RES) {
                m.serialize_entry("type", "resilient")?;
            }
        }
        if n.blackhole {
            m.serialize_entry("blackhole", &Null)?;
        }
        if let Some(g) = &n.gateway {
            m.serialize_entry("gateway", &Ip(g))?;
        }
        if let Some(d) = n.oif {
            m.serialize_entry("dev", &Dev(self.names, d))?;
        }
        if n.group_raw.is_none() && !n.blackhole {
            m.serialize_entry("scope", &names::scope(n.scope))?;
        }
        if n.protocol != RouteProtocol::Unspec {
            m.serialize_entry("protocol", &names::protocol(n.protocol))?;
        }
        let flags = Flags {
            bits: n.flags,
            names: names::ROUTE_FLAGS,
        };
        m.serialize_entry("flags", &flags)?;
        if n.fdb {
            m.serialize_entry("fdb", &Null)?;
        }
        Ok(())
    }
}

/// One member of a group: `{"id":1,"weight":2}` (a weight of 1 is left out).
struct GroupMember(netlink_runtime::rtnl::NhGroupMember);

super::serialize_by_fields!(GroupMember);

impl Fields for GroupMember {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("id", &self.0.id)?;
        if self.0.weight > 1 {
            m.serialize_entry("weight", &self.0.weight)?;
        }
        Ok(())
    }
}
