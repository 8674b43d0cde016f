//! Addresses as `ip -j addr show` prints them: each link with its `addr_info` array.

use std::net::IpAddr;

use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::link::{link_fields, LinkKeys};
use super::value::{Dev, Ip, Text};
use super::{Fields, LinkNames};
use crate::names;
use netlink_runtime::codec::FromMessage;
use netlink_runtime::rtnl::{AddressFlags, AddressRef, Link, AF_INET, AF_INET6};

/// One link of `ip -j addr show` with its addresses.
#[derive(Debug, Clone, Copy)]
pub struct AddrJson<'v> {
    /// The link.
    pub link: &'v Link,
    /// Device names.
    pub names: &'v LinkNames,
    /// Whether its lower device is down (`M-DOWN`): see [`super::link::LinkStates`].
    pub master_down: bool,
    /// The `-4` / `-6` filter (`AF_UNSPEC` for none): with `one_dev`, it decides which link
    /// keys `ip` prints.
    pub family: u8,
    /// Whether the listing names one device (`dev D`).
    pub one_dev: bool,
    /// The payloads of this link's `RTM_NEWADDR` messages, in dump order (parsed again as they
    /// are written, so a dump keeps one copy of its messages and no owned addresses).
    pub addrs: &'v [&'v [u8]],
    /// How many `-s` were given: `ip -s addr` prints the link's counters after `addr_info`.
    pub stats: u8,
}

super::serialize_by_fields!(AddrJson<'_>);

impl Fields for AddrJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let keys = LinkKeys::addr(self.family, self.one_dev);
        link_fields(m, self.link, self.names, self.master_down, keys)?;
        m.serialize_entry("addr_info", &AddrPayloads(self.addrs))?;
        if self.stats > 0 {
            super::link::stats_fields(m, self.link, self.stats)?;
        }
        Ok(())
    }
}

/// `addr_info` from message payloads.
struct AddrPayloads<'v>(&'v [&'v [u8]]);

impl Serialize for AddrPayloads<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for p in self.0 {
            let a = AddressRef::from_payload(p).map_err(S::Error::custom)?;
            seq.serialize_element(&AddrInfoJson(&a))?;
        }
        seq.end()
    }
}

/// An address event as `ip -j monitor` would print it: the link's index and name, and the one
/// address.
#[derive(Debug, Clone, Copy)]
pub struct AddrEventJson<'v, 'a> {
    /// The address.
    pub addr: &'v AddressRef<'a>,
    /// Device names.
    pub names: &'v LinkNames,
}

super::serialize_by_fields!(AddrEventJson<'_, '_>);

impl Fields for AddrEventJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry("ifindex", &self.addr.index)?;
        m.serialize_entry("ifname", &Dev(self.names, self.addr.index))?;
        m.serialize_entry("addr_info", &[AddrInfoJson(self.addr)])
    }
}

/// One `addr_info` entry as `ip -j addr show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct AddrInfoJson<'v, 'a>(pub &'v AddressRef<'a>);

super::serialize_by_fields!(AddrInfoJson<'_, '_>);

impl Fields for AddrInfoJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let a = self.0;
        let family = match a.family {
            AF_INET => "inet",
            AF_INET6 => "inet6",
            _ => "unknown",
        };
        m.serialize_entry("family", family)?;
        if let Some(l) = &a.local.or(a.address) {
            m.serialize_entry("local", &Ip(l))?;
        }
        if let (Some(l), Some(p)) = (&a.local, &a.address) {
            if l != p {
                m.serialize_entry("address", &Ip(p))?;
            }
        }
        m.serialize_entry("prefixlen", &a.prefixlen)?;
        if let Some(b) = a.broadcast {
            m.serialize_entry("broadcast", &Ip(&IpAddr::V4(b)))?;
        }
        m.serialize_entry("scope", &names::scope(a.scope))?;
        let flags = a.flags();
        // `ip` prints the flags in the schema's order.
        for &(bit, _) in AddressFlags::NAMES {
            if bit == AddressFlags::PERMANENT {
                if !flags.contains(bit) {
                    m.serialize_entry("dynamic", &true)?;
                }
            } else if flags.contains(bit) {
                if bit == AddressFlags::SECONDARY && a.family == AF_INET6 {
                    m.serialize_entry("temporary", &true)?;
                } else {
                    m.serialize_entry(names::addr_flag(bit), &true)?;
                }
            }
        }
        if let Some(l) = a.label {
            m.serialize_entry("label", &Text(l))?;
        }
        if let Some(c) = a.cacheinfo {
            m.serialize_entry("valid_life_time", &c.ifa_valid)?;
            m.serialize_entry("preferred_life_time", &c.ifa_prefered)?;
        }
        Ok(())
    }
}
