//! ipset over nfnetlink: create, destroy, flush, add, delete, test and list sets (hash:ip,
//! hash:net, hash:ip,port, bitmap:port and the other types by name), with timeouts, counters
//! and comments, through structs derived from `schemas/ipset.toml`.
//!
//! ```no_run
//! use netlink_runtime::ipset::{Member, SetSpec};
//! use netlink_runtime::nfnl::Handle;
//! # fn main() -> Result<(), netlink_runtime::Error> {
//! let mut h = Handle::new()?;
//! h.ipset_create(&SetSpec::new("blocked", "hash:net").timeout(600).counters().comments())?;
//! h.ipset_add("blocked", &Member::net("10.1.0.0".parse()?, 16).comment("lab"))?;
//! assert!(h.ipset_test("blocked", &Member::ip("10.1.2.3".parse()?))?);
//! for set in h.ipset_list()? {
//!     println!("{} {} {} members", set.name, set.kind, set.members.len());
//! }
//! # Ok(()) }
//! ```
//!
//! The kernel wants `NLA_F_NET_BYTEORDER` on every integer and address inside the data nests
//! (it answers `IPSET_ERR_PROTOCOL` otherwise): the fields of type [`Net`] write it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use netlink_derive::Netlink;

use crate::builder::MessageBuilder;
use crate::codec::{wire, Decode, Encode, FromMessage, ToMessage, ValueError};
use crate::error::Error;
use crate::message::Message;
use crate::nfnl;
use crate::op::{Dump, DumpOwned, Outgoing, Request};
use crate::request::Reply;
use crate::schemas::ipset::*;
use crate::schemas::netlink::NLA_F_NET_BYTEORDER;
use crate::Attr;

/// A value written with `NLA_F_NET_BYTEORDER` in its attribute type, as ipset requires.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Net<T>(pub T);

macro_rules! net_codec {
    ($marker:ident, $t:ty) => {
        impl<'a> Decode<'a, Net<$t>> for wire::$marker {
            fn decode(attr: Attr<'a>) -> Result<Net<$t>, ValueError> {
                <wire::$marker as Decode<'a, $t>>::decode(attr).map(Net)
            }
        }
        impl Encode<Net<$t>> for wire::$marker {
            fn encode(v: &Net<$t>, kind: u16, b: &mut MessageBuilder) {
                <wire::$marker as Encode<$t>>::encode(&v.0, kind | NLA_F_NET_BYTEORDER, b)
            }
        }
    };
}
net_codec!(be16, u16);
net_codec!(be32, u32);
net_codec!(be64, u64);
net_codec!(ipv4, Ipv4Addr);
net_codec!(ipv6, Ipv6Addr);

/// An address (`IPSET_ATTR_IP`, `_IP_TO`, `_IP2`): one of the two is present.
#[derive(Netlink, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ipset", attributes = "ipset_ip")]
pub struct Addr {
    /// `IPSET_ATTR_IPADDR_IPV4`.
    pub ipv4: Option<Net<Ipv4Addr>>,
    /// `IPSET_ATTR_IPADDR_IPV6`.
    pub ipv6: Option<Net<Ipv6Addr>>,
}

impl Addr {
    /// The address.
    pub fn get(&self) -> Option<IpAddr> {
        self.ipv4
            .map(|a| IpAddr::V4(a.0))
            .or(self.ipv6.map(|a| IpAddr::V6(a.0)))
    }
}

impl From<IpAddr> for Addr {
    fn from(a: IpAddr) -> Addr {
        match a {
            IpAddr::V4(a) => Addr {
                ipv4: Some(Net(a)),
                ipv6: None,
            },
            IpAddr::V6(a) => Addr {
                ipv4: None,
                ipv6: Some(Net(a)),
            },
        }
    }
}

/// A set's header (`IPSET_ATTR_DATA` of create and list): the type's options and counts.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ipset", attributes = "ipset_create_data")]
pub struct Header {
    /// `IPSET_ATTR_IP`: bitmap:ip's first address.
    pub ip: Option<Addr>,
    /// `IPSET_ATTR_IP_TO`.
    pub ip_to: Option<Addr>,
    /// `IPSET_ATTR_CIDR`.
    pub cidr: Option<u8>,
    /// `IPSET_ATTR_PORT`: bitmap:port's first port.
    pub port: Option<Net<u16>>,
    /// `IPSET_ATTR_PORT_TO`: its last port.
    pub port_to: Option<Net<u16>>,
    /// `IPSET_ATTR_TIMEOUT`: the default timeout of members, seconds.
    pub timeout: Option<Net<u32>>,
    /// `IPSET_ATTR_CADT_FLAGS`: IPSET_FLAG_WITH_COUNTERS, _WITH_COMMENT, _WITH_SKBINFO, ...
    pub cadt_flags: Option<Net<u32>>,
    /// `IPSET_ATTR_MARKMASK`.
    pub markmask: Option<Net<u32>>,
    /// `IPSET_ATTR_INITVAL`: the hash seed.
    pub initval: Option<Net<u32>>,
    /// `IPSET_ATTR_HASHSIZE`.
    pub hashsize: Option<Net<u32>>,
    /// `IPSET_ATTR_MAXELEM`.
    pub maxelem: Option<Net<u32>>,
    /// `IPSET_ATTR_NETMASK`.
    pub netmask: Option<u8>,
    /// `IPSET_ATTR_BUCKETSIZE`.
    pub bucketsize: Option<u8>,
    /// `IPSET_ATTR_SIZE`: list:set's size.
    pub size: Option<Net<u32>>,
    /// `IPSET_ATTR_ELEMENTS`: members now.
    pub elements: Option<Net<u32>>,
    /// `IPSET_ATTR_REFERENCES`: rules and sets using it.
    pub references: Option<Net<u32>>,
    /// `IPSET_ATTR_MEMSIZE`: bytes of kernel memory.
    pub memsize: Option<Net<u32>>,
}

/// A member (`IPSET_ATTR_DATA` of add, del and test, and inside `IPSET_ATTR_ADT`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ipset", attributes = "ipset_adt_data")]
pub struct Member {
    /// `IPSET_ATTR_IP`.
    pub ip: Option<Addr>,
    /// `IPSET_ATTR_IP_TO`: the end of a range (add and del).
    pub ip_to: Option<Addr>,
    /// `IPSET_ATTR_CIDR`.
    pub cidr: Option<u8>,
    /// `IPSET_ATTR_PORT`.
    pub port: Option<Net<u16>>,
    /// `IPSET_ATTR_PORT_TO`.
    pub port_to: Option<Net<u16>>,
    /// `IPSET_ATTR_TIMEOUT`: seconds (left, when listed).
    pub timeout: Option<Net<u32>>,
    /// `IPSET_ATTR_PROTO`: IPPROTO_* of hash:ip,port members.
    pub proto: Option<u8>,
    /// `IPSET_ATTR_CADT_FLAGS`: IPSET_FLAG_NOMATCH, ...
    pub cadt_flags: Option<Net<u32>>,
    /// `IPSET_ATTR_ETHER`.
    pub ether: Option<[u8; 6]>,
    /// `IPSET_ATTR_NAME`: list:set's member set.
    pub name: Option<String>,
    /// `IPSET_ATTR_IP2`.
    pub ip2: Option<Addr>,
    /// `IPSET_ATTR_CIDR2`.
    pub cidr2: Option<u8>,
    /// `IPSET_ATTR_IFACE`.
    pub iface: Option<String>,
    /// `IPSET_ATTR_BYTES`.
    pub bytes: Option<Net<u64>>,
    /// `IPSET_ATTR_PACKETS`.
    pub packets: Option<Net<u64>>,
    /// `IPSET_ATTR_COMMENT`.
    pub comment: Option<String>,
    /// `IPSET_ATTR_MARK`: hash:ip,mark's mark.
    pub mark: Option<Net<u32>>,
    /// `IPSET_ATTR_SKBMARK`: the skbinfo mark (high 32 bits) and its mask (low 32 bits).
    pub skbmark: Option<Net<u64>>,
    /// `IPSET_ATTR_SKBPRIO`: the skbinfo priority (major in the high 16 bits, minor low).
    pub skbprio: Option<Net<u32>>,
    /// `IPSET_ATTR_SKBQUEUE`: the skbinfo queue.
    pub skbqueue: Option<Net<u16>>,
}

impl Member {
    /// An address (hash:ip, hash:net as a /32 or /128).
    pub fn ip(a: IpAddr) -> Member {
        Member {
            ip: Some(a.into()),
            ..Member::default()
        }
    }
    /// A network (hash:net).
    pub fn net(a: IpAddr, cidr: u8) -> Member {
        Member {
            cidr: Some(cidr),
            ..Member::ip(a)
        }
    }
    /// An address and a port of protocol `proto` (hash:ip,port).
    pub fn ip_port(a: IpAddr, proto: u8, port: u16) -> Member {
        Member {
            proto: Some(proto),
            port: Some(Net(port)),
            ..Member::ip(a)
        }
    }
    /// A port (bitmap:port).
    pub fn port(port: u16) -> Member {
        Member {
            port: Some(Net(port)),
            ..Member::default()
        }
    }
    /// With a timeout in seconds.
    pub fn timeout(mut self, secs: u32) -> Self {
        self.timeout = Some(Net(secs));
        self
    }
    /// With a comment.
    pub fn comment(mut self, c: &str) -> Self {
        self.comment = Some(c.to_owned());
        self
    }
    /// With counters set to `packets` and `bytes`.
    pub fn counters(mut self, packets: u64, bytes: u64) -> Self {
        self.packets = Some(Net(packets));
        self.bytes = Some(Net(bytes));
        self
    }

    /// The member as `ipset list` prints it for a set of type `kind` (`10.0.0.0/24`,
    /// `192.0.2.1,tcp:80`, `80`).
    pub fn elem(&self, kind: &str) -> String {
        let ip = self.ip.as_ref().and_then(Addr::get);
        let host = |a: &IpAddr| if a.is_ipv4() { 32 } else { 128 };
        let mut s = match (ip, self.cidr) {
            (Some(a), Some(c)) if kind.starts_with("hash:net") && c != host(&a) => {
                format!("{a}/{c}")
            }
            (Some(a), _) => a.to_string(),
            (None, _) => String::new(),
        };
        if let Some(p) = self.port {
            let proto = match self.proto {
                Some(6) => "tcp:",
                Some(17) => "udp:",
                Some(132) => "sctp:",
                Some(1) => "icmp:",
                Some(58) => "icmpv6:",
                _ => "",
            };
            if s.is_empty() {
                s = p.0.to_string();
            } else {
                s = format!("{s},{proto}{}", p.0);
            }
        }
        s
    }
}

/// The members inside `IPSET_ATTR_ADT`.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "ipset", attributes = "ipset_adt_list")]
pub struct MemberList {
    /// `IPSET_ATTR_DATA`s.
    pub data: Vec<Member>,
}

/// A command-level message (`IPSET_CMD_CREATE`, `_LIST`, `_DESTROY`, `_FLUSH`, `_TYPE`).
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[netlink(schema = "ipset", message = "ipset")]
pub struct SetMsg {
    /// `nfgen_family`: NFPROTO_IPV4 for every command, as the tool sends.
    #[netlink(header = "nfgen_family")]
    pub nfgen_family: u8,
    /// `IPSET_ATTR_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `IPSET_ATTR_SETNAME`.
    pub setname: Option<String>,
    /// `IPSET_ATTR_TYPENAME`.
    pub typename: Option<String>,
    /// `IPSET_ATTR_REVISION`.
    pub revision: Option<u8>,
    /// `IPSET_ATTR_FAMILY`: NFPROTO_IPV4 or NFPROTO_IPV6 (the numbers of AF_INET, AF_INET6).
    pub family: Option<u8>,
    /// `IPSET_ATTR_FLAGS`.
    pub flags: Option<Net<u32>>,
    /// `IPSET_ATTR_DATA`.
    pub data: Option<Header>,
    /// `IPSET_ATTR_ADT`.
    pub adt: Option<MemberList>,
    /// `IPSET_ATTR_PROTOCOL_MIN` / `IPSET_ATTR_REVISION_MIN`.
    pub protocol_min: Option<u8>,
}

/// An add, del or test message.
#[derive(Netlink, Debug, Clone, Default, PartialEq, Eq)]
#[netlink(schema = "ipset", message = "ipset-adt")]
pub struct AdtMsg {
    /// `nfgen_family`.
    #[netlink(header = "nfgen_family")]
    pub nfgen_family: u8,
    /// `IPSET_ATTR_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `IPSET_ATTR_SETNAME`.
    pub setname: Option<String>,
    /// `IPSET_ATTR_FLAGS`: IPSET_FLAG_EXIST.
    pub flags: Option<Net<u32>>,
    /// `IPSET_ATTR_DATA`.
    pub data: Option<Member>,
}

/// IPv4 as ipset's family attribute and `nfgen_family` hold it (`NFPROTO_IPV4`).
pub const FAMILY_INET: u8 = NFPROTO_IPV4;
/// IPv6 (`NFPROTO_IPV6`).
pub const FAMILY_INET6: u8 = NFPROTO_IPV6;

/// ipset reads "fail if it exists" from `NLM_F_EXCL` in the message header (without it, an
/// existing set or member is accepted, like `-exist`), not from IPSET_FLAG_EXIST.
fn excl(exist_ok: bool) -> u16 {
    if exist_ok {
        0
    } else {
        crate::schemas::netlink::NLM_F_EXCL
    }
}

fn ipset_type(cmd: u16) -> u16 {
    nfnl::msg_type(NFNL_SUBSYS_IPSET, cmd)
}

/// What an ipset error code (above 4096: `IPSET_ERR_*`) means; the generic errnos are left
/// to the system's text.
pub fn error_text(errno: i32) -> Option<&'static str> {
    Some(match errno {
        IPSET_ERR_PROTOCOL => "the kernel does not speak this ipset protocol (or an attribute lacks NLA_F_NET_BYTEORDER)",
        IPSET_ERR_FIND_TYPE => "no set type of that name, family and revision",
        IPSET_ERR_MAX_SETS => "the kernel holds as many sets as it may",
        IPSET_ERR_BUSY => "the set is being changed (or listed) by another process",
        IPSET_ERR_EXIST_SETNAME2 => "a set of that name exists already",
        IPSET_ERR_TYPE_MISMATCH => "the sets are of different types",
        IPSET_ERR_EXIST => "the element is already in the set, or (deleting, testing) it is not",
        IPSET_ERR_INVALID_CIDR => "invalid prefix length",
        IPSET_ERR_INVALID_NETMASK => "invalid netmask",
        IPSET_ERR_INVALID_FAMILY => "the address is not of the set's family",
        IPSET_ERR_TIMEOUT => "the set was made without timeout support",
        IPSET_ERR_REFERENCED => "the set is used by a rule or another set",
        IPSET_ERR_IPADDR_IPV4 => "an IPv4 address was expected",
        IPSET_ERR_IPADDR_IPV6 => "an IPv6 address was expected",
        IPSET_ERR_COUNTER => "the set was made without counters",
        IPSET_ERR_COMMENT => "the set was made without comments",
        IPSET_ERR_INVALID_MARKMASK => "invalid markmask",
        IPSET_ERR_SKBINFO => "the set was made without skbinfo",
        e if e >= IPSET_ERR_TYPE_SPECIFIC => "an error specific to the set's type (e.g. out of the range of a bitmap, or the hash is full)",
        _ => return None,
    })
}

/// Gives an ipset kernel error its meaning (when the kernel sent no text of its own).
fn explain(e: Error) -> Error {
    match e {
        Error::Kernel(mut k) if k.message.is_none() => {
            k.message = error_text(k.errno).map(str::to_owned);
            Error::Kernel(k)
        }
        e => e,
    }
}

/// A set to create.
#[derive(Debug, Clone)]
pub struct SetSpec {
    name: String,
    kind: String,
    family: u8,
    header: Header,
    exist: bool,
}

impl SetSpec {
    /// Set `name` of type `kind` (`hash:ip`, `hash:net`, `hash:ip,port`, `bitmap:port`, ...),
    /// family inet.
    pub fn new(name: &str, kind: &str) -> SetSpec {
        SetSpec {
            name: name.to_owned(),
            kind: kind.to_owned(),
            family: FAMILY_INET,
            header: Header::default(),
            exist: false,
        }
    }
    /// For IPv6 members.
    pub fn inet6(mut self) -> Self {
        self.family = FAMILY_INET6;
        self
    }
    /// Members expire after `secs` by default.
    pub fn timeout(mut self, secs: u32) -> Self {
        self.header.timeout = Some(Net(secs));
        self
    }
    fn cadt(mut self, flag: u32) -> Self {
        let f = self.header.cadt_flags.map_or(0, |f| f.0);
        self.header.cadt_flags = Some(Net(f | flag));
        self
    }
    /// Members have packet and byte counters.
    pub fn counters(self) -> Self {
        self.cadt(IPSET_FLAG_WITH_COUNTERS)
    }
    /// Members have comments.
    pub fn comments(self) -> Self {
        self.cadt(IPSET_FLAG_WITH_COMMENT)
    }
    /// The initial hash size.
    pub fn hashsize(mut self, n: u32) -> Self {
        self.header.hashsize = Some(Net(n));
        self
    }
    /// The most members the set takes.
    pub fn maxelem(mut self, n: u32) -> Self {
        self.header.maxelem = Some(Net(n));
        self
    }
    /// bitmap:port's range.
    pub fn ports(mut self, from: u16, to: u16) -> Self {
        self.header.port = Some(Net(from));
        self.header.port_to = Some(Net(to));
        self
    }
    /// Succeed if an identical set exists (`-exist`).
    pub fn exist_ok(mut self) -> Self {
        self.exist = true;
        self
    }
}

/// Creates a set with the newest revision of its type the kernel has.
#[derive(Debug, Clone)]
pub struct Create<'s> {
    /// The set.
    pub spec: &'s SetSpec,
    /// The type's revision ([`TypeGet`]).
    pub revision: u8,
}

impl Request for Create<'_> {
    type Output = ();
    fn request(&self) -> Result<Outgoing, Error> {
        let s = self.spec;
        let m = SetMsg {
            nfgen_family: FAMILY_INET,
            protocol: Some(IPSET_PROTOCOL),
            setname: Some(s.name.clone()),
            typename: Some(s.kind.clone()),
            revision: Some(self.revision),
            family: Some(s.family),
            data: Some(s.header.clone()),
            ..SetMsg::default()
        };
        Ok(m.to_message(ipset_type(IPSET_CMD_CREATE), excl(s.exist))
            .into())
    }
    fn finish(&self, _: Reply) -> Result<(), Error> {
        Ok(())
    }
    fn on_error(&self, e: Error) -> Result<(), Error> {
        Err(explain(e))
    }
}

/// The revisions of a set type the kernel has (`IPSET_CMD_TYPE`): (newest, oldest).
#[derive(Debug, Clone)]
pub struct TypeGet {
    /// `hash:ip`, ...
    pub kind: String,
    /// FAMILY_INET or FAMILY_INET6.
    pub family: u8,
}

impl Request for TypeGet {
    type Output = (u8, u8);
    fn request(&self) -> Result<Outgoing, Error> {
        let m = SetMsg {
            nfgen_family: FAMILY_INET,
            protocol: Some(IPSET_PROTOCOL),
            typename: Some(self.kind.clone()),
            family: Some(self.family),
            ..SetMsg::default()
        };
        Ok(m.to_message(ipset_type(IPSET_CMD_TYPE), 0).into())
    }
    fn finish(&self, reply: Reply) -> Result<(u8, u8), Error> {
        let msg = reply
            .messages()
            .find_map(Result::ok)
            .ok_or(Error::NoReply("ipset type"))?;
        let m = SetMsg::from_message(&msg)?;
        let max = m
            .revision
            .ok_or_else(|| Error::NotFound(format!("ipset type {}", self.kind)))?;
        Ok((max, m.protocol_min.unwrap_or(0)))
    }
    fn on_error(&self, e: Error) -> Result<(u8, u8), Error> {
        Err(explain(e))
    }
}

/// A command naming a set (or every set): destroy, flush.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Named {
    cmd: u16,
    name: Option<String>,
}

impl Request for Named {
    type Output = ();
    fn request(&self) -> Result<Outgoing, Error> {
        let m = SetMsg {
            nfgen_family: FAMILY_INET,
            protocol: Some(IPSET_PROTOCOL),
            setname: self.name.clone(),
            ..SetMsg::default()
        };
        Ok(m.to_message(ipset_type(self.cmd), 0).into())
    }
    fn finish(&self, _: Reply) -> Result<(), Error> {
        Ok(())
    }
    fn on_error(&self, e: Error) -> Result<(), Error> {
        Err(explain(e))
    }
}

/// Destroys set `name` (`None`: every set not in use).
pub fn destroy_op(name: Option<&str>) -> Named {
    Named {
        cmd: IPSET_CMD_DESTROY,
        name: name.map(str::to_owned),
    }
}

/// Removes every member of set `name` (`None`: of every set).
pub fn flush_op(name: Option<&str>) -> Named {
    Named {
        cmd: IPSET_CMD_FLUSH,
        name: name.map(str::to_owned),
    }
}

/// Adds, deletes or tests a member.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Adt {
    cmd: u16,
    set: String,
    member: Member,
    exist: bool,
}

impl Request for Adt {
    /// For a test, whether the member is in the set; `true` otherwise.
    type Output = bool;
    fn request(&self) -> Result<Outgoing, Error> {
        let m = AdtMsg {
            nfgen_family: FAMILY_INET,
            protocol: Some(IPSET_PROTOCOL),
            setname: Some(self.set.clone()),
            flags: None,
            data: Some(self.member.clone()),
        };
        Ok(m.to_message(ipset_type(self.cmd), excl(self.exist)).into())
    }
    fn finish(&self, _: Reply) -> Result<bool, Error> {
        Ok(true)
    }
    fn on_error(&self, e: Error) -> Result<bool, Error> {
        match (self.cmd, e.errno()) {
            (IPSET_CMD_TEST, Some(IPSET_ERR_EXIST)) => Ok(false),
            _ => Err(explain(e)),
        }
    }
}

/// Adds `member` to `set` (fails with IPSET_ERR_EXIST if it is there, unless `exist_ok`).
pub fn add_op(set: &str, member: &Member, exist_ok: bool) -> Adt {
    Adt {
        cmd: IPSET_CMD_ADD,
        set: set.to_owned(),
        member: member.clone(),
        exist: exist_ok,
    }
}

/// Deletes `member` from `set`.
pub fn del_op(set: &str, member: &Member) -> Adt {
    Adt {
        cmd: IPSET_CMD_DEL,
        set: set.to_owned(),
        member: member.clone(),
        exist: false,
    }
}

/// Whether `member` is in `set`.
pub fn test_op(set: &str, member: &Member) -> Adt {
    Adt {
        cmd: IPSET_CMD_TEST,
        set: set.to_owned(),
        member: member.clone(),
        exist: false,
    }
}

/// A set with its header and members, as listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct IpSet {
    /// Its name.
    pub name: String,
    /// Its type (`hash:ip`, ...).
    pub kind: String,
    /// The type's revision.
    pub revision: u8,
    /// FAMILY_INET or FAMILY_INET6.
    pub family: u8,
    /// Its header.
    pub header: Header,
    /// Its members.
    pub members: Vec<Member>,
}

/// One message of a list dump: a set's header (first message of the set) and members (a big
/// set's members come in several messages).
#[derive(Debug, Clone, Default)]
pub struct ListDump {
    /// Only this set.
    pub name: Option<String>,
}

impl Dump for ListDump {
    type Item<'a> = SetMsg;
    fn request(&self) -> Result<MessageBuilder, Error> {
        let m = SetMsg {
            nfgen_family: FAMILY_INET,
            protocol: Some(IPSET_PROTOCOL),
            setname: self.name.clone(),
            ..SetMsg::default()
        };
        Ok(m.to_message(ipset_type(IPSET_CMD_LIST), 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<SetMsg>, Error> {
        if msg.kind() != ipset_type(IPSET_CMD_LIST) {
            return Ok(None);
        }
        Ok(Some(SetMsg::from_message(msg)?))
    }
}

impl DumpOwned for ListDump {
    type Owned = SetMsg;
    fn to_owned(&self, m: &SetMsg) -> Result<SetMsg, Error> {
        Ok(m.clone())
    }
    fn take_owned(&self, m: SetMsg) -> Result<SetMsg, Error> {
        Ok(m)
    }
}

/// Joins the messages of a list dump into sets.
pub fn join(msgs: Vec<SetMsg>) -> Vec<IpSet> {
    let mut out: Vec<IpSet> = Vec::new();
    for m in msgs {
        let name = m.setname.unwrap_or_default();
        let i = match out.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                out.push(IpSet {
                    name,
                    ..IpSet::default()
                });
                out.len() - 1
            }
        };
        let s = &mut out[i];
        if let Some(t) = m.typename {
            s.kind = t;
        }
        if let Some(r) = m.revision {
            s.revision = r;
        }
        if let Some(f) = m.family {
            s.family = f;
        }
        if let Some(h) = m.data {
            s.header = h;
        }
        if let Some(a) = m.adt {
            s.members.extend(a.data);
        }
    }
    out
}

/// Fills a kernel error's text for ipset errnos (used by the list methods).
fn listed(r: Result<Vec<SetMsg>, Error>) -> Result<Vec<IpSet>, Error> {
    r.map(join).map_err(explain)
}

impl crate::nfnl::Handle {
    /// Creates a set, with the newest revision of its type the kernel has (asked first with
    /// [`TypeGet`]).
    pub fn ipset_create(&mut self, spec: &SetSpec) -> Result<(), Error> {
        let (revision, _) = self.run(&TypeGet {
            kind: spec.kind.clone(),
            family: spec.family,
        })?;
        self.run(&Create { spec, revision })
    }

    /// Every set with its members.
    pub fn ipset_list(&mut self) -> Result<Vec<IpSet>, Error> {
        listed(self.collect(&ListDump::default()))
    }

    /// One set with its members.
    pub fn ipset_get(&mut self, name: &str) -> Result<IpSet, Error> {
        let sets = listed(self.collect(&ListDump {
            name: Some(name.to_owned()),
        }))?;
        sets.into_iter()
            .next()
            .ok_or_else(|| Error::NotFound(format!("ipset {name}")))
    }
}

#[cfg(feature = "tokio")]
impl crate::nfnl::AsyncHandle {
    /// Creates a set (see the blocking [`crate::nfnl::Handle::ipset_create`]: the same two
    /// operations).
    pub async fn ipset_create(&self, spec: &SetSpec) -> Result<(), Error> {
        let (revision, _) = self
            .run(&TypeGet {
                kind: spec.kind.clone(),
                family: spec.family,
            })
            .await?;
        self.run(&Create { spec, revision }).await
    }

    /// Every set with its members.
    pub async fn ipset_list(&self) -> Result<Vec<IpSet>, Error> {
        listed(self.collect(&ListDump::default()).await)
    }
}

nfnl::handle_methods! {
    handles: crate::nfnl::Handle, crate::nfnl::AsyncHandle;
    example: "netlink_runtime::{ipset::*, nfnl::*}", "let mut h = Handle::new()?;", "let h = AsyncHandle::new()?;";

    /// Destroys a set.
    #[example = r#"h.ipset_destroy("blocked")"#]
    pub fn ipset_destroy(name: &str) -> () = run(destroy_op(Some(name)));

    /// Removes every member of a set.
    #[example = r#"h.ipset_flush("blocked")"#]
    pub fn ipset_flush(name: &str) -> () = run(flush_op(Some(name)));

    /// Adds a member (fails with IPSET_ERR_EXIST if it is there).
    #[example = r#"h.ipset_add("blocked", &Member::ip("10.0.0.1".parse()?))"#]
    pub fn ipset_add(set: &str, member: &Member) -> bool = run(add_op(set, member, false));

    /// Deletes a member.
    #[example = r#"h.ipset_del("blocked", &Member::ip("10.0.0.1".parse()?))"#]
    pub fn ipset_del(set: &str, member: &Member) -> bool = run(del_op(set, member));

    /// Whether a member is in a set.
    #[example = r#"h.ipset_test("blocked", &Member::ip("10.0.0.1".parse()?))"#]
    pub fn ipset_test(set: &str, member: &Member) -> bool = run(test_op(set, member));
}
