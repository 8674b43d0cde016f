//! Addresses (`RTM_*ADDR`, `ifaddrmsg` + `IFA_*`): read, add, replace, delete.

use std::net::{IpAddr, Ipv4Addr};

use netlink_derive::Netlink;

use super::{family_of, Error, RouteScope, AF_UNSPEC, CREATE_EXCL, CREATE_REPLACE};
use crate::codec::{CEnum, ToMessage};
use crate::name::{Name, NameBuf};
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::ifa_cacheinfo;
use crate::schemas::rtnetlink::{RTM_DELADDR, RTM_GETADDR, RTM_NEWADDR};

pub use crate::schemas::rtnetlink::IfaFlags as AddressFlags;

/// An address as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "addr")]
#[non_exhaustive]
pub struct AddressRef<'a> {
    /// `ifa_family`.
    #[netlink(header = "ifa_family")]
    pub family: u8,
    /// `ifa_prefixlen`.
    #[netlink(header = "ifa_prefixlen")]
    pub prefixlen: u8,
    /// `ifa_flags` (low 8 bits; see `flags_ext`).
    #[netlink(header = "ifa_flags")]
    pub ifa_flags: u8,
    /// `ifa_scope`.
    #[netlink(header = "ifa_scope")]
    pub scope: RouteScope,
    /// `ifa_index`.
    #[netlink(header = "ifa_index")]
    pub index: u32,
    /// `IFA_ADDRESS` (the peer on point-to-point links).
    pub address: Option<IpAddr>,
    /// `IFA_LOCAL`.
    pub local: Option<IpAddr>,
    /// `IFA_LABEL` (a link name, so bytes).
    pub label: Option<Name<'a>>,
    /// `IFA_BROADCAST`.
    pub broadcast: Option<Ipv4Addr>,
    /// `IFA_FLAGS`: every flag (`ifa_flags` holds only the low 8).
    #[netlink(attr = "IFA_FLAGS")]
    pub flags_ext: Option<AddressFlags>,
    /// `IFA_CACHEINFO`: lifetimes.
    pub cacheinfo: Option<ifa_cacheinfo>,
    /// `IFA_RT_PRIORITY`: metric of the prefix route.
    pub rt_priority: Option<u32>,
    /// `IFA_PROTO`.
    pub proto: Option<u8>,
}

impl AddressRef<'_> {
    /// The flags (`IFA_FLAGS`, else `ifa_flags`).
    pub fn flags(&self) -> AddressFlags {
        self.flags_ext
            .unwrap_or(AddressFlags(u32::from(self.ifa_flags)))
    }
}

/// An address, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    family: u8,
    prefixlen: u8,
    scope: u8,
    index: u32,
    flags: AddressFlags,
    local: Option<IpAddr>,
    address: Option<IpAddr>,
    broadcast: Option<Ipv4Addr>,
    label: Option<NameBuf>,
    lifetimes: Option<(u32, u32)>,
    rt_priority: Option<u32>,
    proto: Option<u8>,
}

impl Address {
    /// `AF_INET` / `AF_INET6`.
    pub fn family(&self) -> u8 {
        self.family
    }
    /// Interface index.
    pub fn index(&self) -> u32 {
        self.index
    }
    /// Local address (`IFA_LOCAL`, else `IFA_ADDRESS`).
    pub fn local(&self) -> Option<IpAddr> {
        self.local
    }
    /// `IFA_ADDRESS` (the peer address on point-to-point links).
    pub fn address(&self) -> Option<IpAddr> {
        self.address
    }
    /// Prefix length.
    pub fn prefixlen(&self) -> u8 {
        self.prefixlen
    }
    /// Scope.
    pub fn scope(&self) -> RouteScope {
        RouteScope::from_raw(i64::from(self.scope))
    }
    /// Flags (`PERMANENT`, `SECONDARY`, `NODAD`, `TENTATIVE`, ...).
    pub fn flags(&self) -> AddressFlags {
        self.flags
    }
    /// IPv4 broadcast.
    pub fn broadcast(&self) -> Option<Ipv4Addr> {
        self.broadcast
    }
    /// IPv4 label.
    pub fn label(&self) -> Option<Name<'_>> {
        self.label.as_ref().map(NameBuf::as_name)
    }
    /// Valid lifetime in seconds (`u32::MAX`: forever).
    pub fn valid_lft(&self) -> Option<u32> {
        self.lifetimes.map(|l| l.0)
    }
    /// Preferred lifetime in seconds.
    pub fn preferred_lft(&self) -> Option<u32> {
        self.lifetimes.map(|l| l.1)
    }
    /// Metric of the prefix route.
    pub fn rt_priority(&self) -> Option<u32> {
        self.rt_priority
    }
    /// `IFA_PROTO`: who added it.
    pub fn proto(&self) -> Option<u8> {
        self.proto
    }
}

impl From<&AddressRef<'_>> for Address {
    fn from(a: &AddressRef<'_>) -> Address {
        Address {
            family: a.family,
            prefixlen: a.prefixlen,
            scope: a.scope.to_raw() as u8,
            index: a.index,
            flags: a.flags(),
            local: a.local.or(a.address),
            address: a.address,
            broadcast: a.broadcast,
            label: a.label.map(NameBuf::from),
            lifetimes: a.cacheinfo.map(|c| (c.ifa_valid, c.ifa_prefered)),
            rt_priority: a.rt_priority,
            proto: a.proto,
        }
    }
}

/// An address request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "addr")]
pub(crate) struct AddrMsg {
    #[netlink(header = "ifa_family")]
    family: u8,
    #[netlink(header = "ifa_prefixlen")]
    prefixlen: u8,
    #[netlink(header = "ifa_scope")]
    scope: u8,
    #[netlink(header = "ifa_index")]
    index: u32,
    address: Option<IpAddr>,
    local: Option<IpAddr>,
    label: Option<NameBuf>,
    broadcast: Option<Ipv4Addr>,
    #[netlink(attr = "IFA_FLAGS")]
    flags: Option<AddressFlags>,
    rt_priority: Option<u32>,
    cacheinfo: Option<ifa_cacheinfo>,
}

impl AddrMsg {
    /// A dump request for `family` (0: all).
    pub(crate) fn for_family(family: u8) -> AddrMsg {
        AddrMsg {
            family,
            ..AddrMsg::default()
        }
    }
}

/// An address to add, replace or delete.
#[derive(Debug, Clone)]
pub struct AddrSpec {
    msg: AddrMsg,
}

impl AddrSpec {
    /// The request `Handle` would send, as message type `kind` with `flags` (for batching
    /// with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.msg, kind, flags)
    }
    /// `addr/prefixlen` on link `index`, scope global, as `ip addr add` sends it: IPv4
    /// addresses get `IFA_LOCAL` and `IFA_ADDRESS`, IPv6 ones `IFA_ADDRESS` (and go through
    /// duplicate address detection unless [`AddrSpec::nodad`] says otherwise).
    pub fn new(index: u32, addr: IpAddr, prefixlen: u8) -> AddrSpec {
        let v4 = addr.is_ipv4();
        AddrSpec {
            msg: AddrMsg {
                family: family_of(&addr),
                prefixlen,
                scope: RouteScope::Universe.to_raw() as u8,
                index,
                address: Some(addr),
                local: v4.then_some(addr),
                ..AddrMsg::default()
            },
        }
    }
    /// Skip duplicate address detection (`IFA_F_NODAD`): an IPv6 address is usable at once
    /// instead of tentative for a second or so.
    pub fn nodad(mut self) -> Self {
        self.msg.flags = Some(self.msg.flags.unwrap_or_default() | AddressFlags::NODAD);
        self
    }
    /// IPv4 broadcast address.
    pub fn broadcast(mut self, b: Ipv4Addr) -> Self {
        self.msg.broadcast = Some(b);
        self
    }
    /// IPv4 label (`eth0:1`).
    pub fn label(mut self, l: impl Into<NameBuf>) -> Self {
        self.msg.label = Some(l.into());
        self
    }
    /// Scope.
    pub fn scope(mut self, s: RouteScope) -> Self {
        self.msg.scope = s.to_raw() as u8;
        self
    }
    /// Point-to-point peer address.
    pub fn peer(mut self, p: IpAddr) -> Self {
        self.msg.address = Some(p);
        self
    }
    /// Flags (replacing any set before).
    pub fn flags(mut self, f: AddressFlags) -> Self {
        self.msg.flags = Some(f);
        self
    }
    /// Metric of the prefix route.
    pub fn metric(mut self, m: u32) -> Self {
        self.msg.rt_priority = Some(m);
        self
    }
    /// Valid and preferred lifetimes in seconds.
    pub fn lifetimes(mut self, valid: u32, preferred: u32) -> Self {
        self.msg.cacheinfo = Some(ifa_cacheinfo {
            ifa_prefered: preferred,
            ifa_valid: valid,
            cstamp: 0,
            tstamp: 0,
        });
        self
    }
}

/// The addresses of one family (`AF_UNSPEC`: both).
#[derive(Debug, Clone, Copy, Default)]
pub struct AddrDump {
    /// `AF_INET`, `AF_INET6` or `AF_UNSPEC`.
    pub family: u8,
}

impl Dump for AddrDump {
    type Item<'a> = AddressRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(AddrMsg::for_family(self.family).to_message(RTM_GETADDR, 0))
    }
    crate::op::decode_kept!(AddressRef, RTM_NEWADDR);
}

impl DumpOwned for AddrDump {
    type Owned = Address;
    fn to_owned(&self, a: &AddressRef<'_>) -> Result<Address, Error> {
        Ok(Address::from(a))
    }
}

impl AddrSpec {
    /// The operation that adds this address.
    pub fn add_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWADDR, CREATE_EXCL))
    }
    /// The operation that adds or replaces this address.
    pub fn replace_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWADDR, CREATE_REPLACE))
    }
    /// The operation that deletes this address.
    pub fn del_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_DELADDR, 0))
    }
}

super::operations! {
    /// Stream every address (of `family`, or `AF_UNSPEC` for all) through `f`.
    #[example = r#"h.for_each_address(AF_UNSPEC, |a| { println!("{:?}/{}", a.local, a.prefixlen); Ok(()) })"#]
    pub fn for_each_address(family: u8) |AddressRef| = AddrDump { family };

    /// Every address of every link.
    #[example = "h.addresses()"]
    pub fn addresses() -> Vec<Address> = collect(AddrDump { family: AF_UNSPEC });

    /// The addresses of `family` (`AF_UNSPEC` for all), as owned addresses read as the kernel
    /// sends them.
    #[example = "h.address_stream(AF_INET6)"]
    pub fn address_stream(family: u8) -> stream<AddrDump> = AddrDump { family };

    /// Add an address.
    #[example = r#"h.add_address(&AddrSpec::new(1, "192.0.2.1".parse()?, 24))"#]
    pub fn add_address(spec: &AddrSpec) -> () = run(spec.add_op());

    /// Add or replace an address (e.g. to change its lifetimes or flags).
    #[example = r#"h.replace_address(&AddrSpec::new(1, "192.0.2.1".parse()?, 24).lifetimes(300, 100))"#]
    pub fn replace_address(spec: &AddrSpec) -> () = run(spec.replace_op());

    /// Delete an address.
    #[example = r#"h.del_address(&AddrSpec::new(1, "192.0.2.1".parse()?, 24))"#]
    pub fn del_address(spec: &AddrSpec) -> () = run(spec.del_op());
}
