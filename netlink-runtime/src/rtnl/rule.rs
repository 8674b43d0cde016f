//! Policy routing rules (`RTM_*RULE`, `fib_rule_hdr` + `FRA_*`): read, add, delete.

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{Error, RouteProtocol, RouteTable, CREATE_EXCL};
use crate::codec::{CEnum, FromMessage, ToMessage};
use crate::name::{Name, NameBuf};
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::{
    fib_rule_port_range, fib_rule_uid_range, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE,
};
use crate::Message;

pub use crate::schemas::rtnetlink::{FrAct as RuleAction, FIB_RULE_INVERT};

/// A rule as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "rule")]
#[non_exhaustive]
pub struct RuleRef<'a> {
    /// `family`.
    #[netlink(header = "family")]
    pub family: u8,
    /// `dst_len`.
    #[netlink(header = "dst_len")]
    pub dst_len: u8,
    /// `src_len`.
    #[netlink(header = "src_len")]
    pub src_len: u8,
    /// `tos`.
    #[netlink(header = "tos")]
    pub tos: u8,
    /// `table` (below 256; see [`RuleRef::table`]).
    #[netlink(header = "table")]
    pub hdr_table: u8,
    /// `action`.
    #[netlink(header = "action")]
    pub action: RuleAction,
    /// `flags`: FIB_RULE_*.
    #[netlink(header = "flags")]
    pub flags: u32,
    /// `FRA_DST`.
    pub dst: Option<IpAddr>,
    /// `FRA_SRC`.
    pub src: Option<IpAddr>,
    /// `FRA_IIFNAME` (bytes: the name need not be an existing link's, nor UTF-8).
    pub iifname: Option<Name<'a>>,
    /// `FRA_OIFNAME`.
    pub oifname: Option<Name<'a>>,
    /// `FRA_GOTO`.
    pub goto: Option<u32>,
    /// `FRA_PRIORITY`.
    pub priority: Option<u32>,
    /// `FRA_FWMARK`.
    pub fwmark: Option<u32>,
    /// `FRA_FWMASK`.
    pub fwmask: Option<u32>,
    /// `FRA_TABLE`.
    #[netlink(attr = "FRA_TABLE")]
    pub table_attr: Option<u32>,
    /// `FRA_SUPPRESS_PREFIXLEN`.
    pub suppress_prefixlen: Option<u32>,
    /// `FRA_SUPPRESS_IFGROUP`.
    pub suppress_ifgroup: Option<u32>,
    /// `FRA_PROTOCOL`.
    pub protocol: Option<RouteProtocol>,
    /// `FRA_L3MDEV`.
    pub l3mdev: Option<u8>,
    /// `FRA_IP_PROTO`.
    pub ip_proto: Option<u8>,
    /// `FRA_UID_RANGE`.
    pub uid_range: Option<fib_rule_uid_range>,
    /// `FRA_SPORT_RANGE`.
    pub sport_range: Option<fib_rule_port_range>,
    /// `FRA_DPORT_RANGE`.
    pub dport_range: Option<fib_rule_port_range>,
}

impl RuleRef<'_> {
    /// The table it looks up (`FRA_TABLE`, else the header's).
    pub fn table(&self) -> RouteTable {
        RouteTable(self.table_attr.unwrap_or(u32::from(self.hdr_table)))
    }
}

/// A rule, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    family: u8,
    src_len: u8,
    dst_len: u8,
    action: u8,
    tos: u8,
    protocol: Option<u8>,
    priority: Option<u32>,
    table: RouteTable,
    flags: u32,
    src: Option<IpAddr>,
    dst: Option<IpAddr>,
    iifname: Option<NameBuf>,
    oifname: Option<NameBuf>,
    fwmark: Option<u32>,
    fwmask: Option<u32>,
    goto: Option<u32>,
}

impl Rule {
    /// `AF_INET` / `AF_INET6`.
    pub fn family(&self) -> u8 {
        self.family
    }
    /// Priority.
    pub fn priority(&self) -> Option<u32> {
        self.priority
    }
    /// Source prefix.
    pub fn src(&self) -> Option<IpAddr> {
        self.src
    }
    /// Source prefix length.
    pub fn src_len(&self) -> u8 {
        self.src_len
    }
    /// Destination prefix.
    pub fn dst(&self) -> Option<IpAddr> {
        self.dst
    }
    /// Destination prefix length.
    pub fn dst_len(&self) -> u8 {
        self.dst_len
    }
    /// TOS.
    pub fn tos(&self) -> u8 {
        self.tos
    }
    /// Input interface name.
    pub fn iifname(&self) -> Option<Name<'_>> {
        self.iifname.as_ref().map(NameBuf::as_name)
    }
    /// Output interface name.
    pub fn oifname(&self) -> Option<Name<'_>> {
        self.oifname.as_ref().map(NameBuf::as_name)
    }
    /// Firewall mark.
    pub fn fwmark(&self) -> Option<u32> {
        self.fwmark
    }
    /// Firewall mark mask.
    pub fn fwmask(&self) -> Option<u32> {
        self.fwmask
    }
    /// The table it looks up.
    pub fn table(&self) -> RouteTable {
        self.table
    }
    /// What the rule does.
    pub fn action(&self) -> RuleAction {
        RuleAction::from_raw(i64::from(self.action))
    }
    /// Target priority of a `goto` rule.
    pub fn goto(&self) -> Option<u32> {
        self.goto
    }
    /// `FIB_RULE_*` flags.
    pub fn flags(&self) -> u32 {
        self.flags
    }
    /// Who added it.
    pub fn protocol(&self) -> Option<RouteProtocol> {
        self.protocol.map(|p| RouteProtocol::from_raw(i64::from(p)))
    }
}

impl From<&RuleRef<'_>> for Rule {
    fn from(r: &RuleRef<'_>) -> Rule {
        Rule {
            family: r.family,
            src_len: r.src_len,
            dst_len: r.dst_len,
            action: r.action.to_raw() as u8,
            tos: r.tos,
            protocol: r.protocol.map(|p| p.to_raw() as u8),
            priority: r.priority,
            table: r.table(),
            flags: r.flags,
            src: r.src,
            dst: r.dst,
            iifname: r.iifname.map(NameBuf::from),
            oifname: r.oifname.map(NameBuf::from),
            fwmark: r.fwmark,
            fwmask: r.fwmask,
            goto: r.goto,
        }
    }
}

/// A rule request.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "rtnetlink", message = "rule")]
pub(crate) struct RuleMsg {
    #[netlink(header = "family")]
    family: u8,
    #[netlink(header = "dst_len")]
    dst_len: u8,
    #[netlink(header = "src_len")]
    src_len: u8,
    #[netlink(header = "action")]
    action: u8,
    #[netlink(header = "flags")]
    flags: u32,
    dst: Option<IpAddr>,
    src: Option<IpAddr>,
    iifname: Option<NameBuf>,
    oifname: Option<NameBuf>,
    priority: Option<u32>,
    fwmark: Option<u32>,
    fwmask: Option<u32>,
    #[netlink(attr = "FRA_TABLE")]
    table: Option<u32>,
    protocol: Option<RouteProtocol>,
}

/// A rule to add or delete: "lookup `table`" plus selectors.
#[derive(Debug, Clone)]
pub struct RuleSpec {
    msg: RuleMsg,
}

impl RuleSpec {
    /// The request `Handle` would send, as message type `kind` with `flags` (for batching
    /// with [`crate::Batch`] or inspection).
    pub fn to_request(&self, kind: u16, flags: u16) -> crate::MessageBuilder {
        crate::codec::ToMessage::to_message(&self.msg, kind, flags)
    }
    /// `lookup table` (a [`RouteTable`] or its id) for `family` (`AF_INET` / `AF_INET6`).
    pub fn lookup(family: u8, table: impl Into<RouteTable>) -> RuleSpec {
        RuleSpec {
            msg: RuleMsg {
                family,
                action: RuleAction::ToTbl.to_raw() as u8,
                table: Some(table.into().id()),
                ..RuleMsg::default()
            },
        }
    }
    /// Priority.
    pub fn priority(mut self, p: u32) -> Self {
        self.msg.priority = Some(p);
        self
    }
    /// From `src/len`.
    pub fn from(mut self, src: IpAddr, len: u8) -> Self {
        self.msg.src = Some(src);
        self.msg.src_len = len;
        self
    }
    /// To `dst/len`.
    pub fn to(mut self, dst: IpAddr, len: u8) -> Self {
        self.msg.dst = Some(dst);
        self.msg.dst_len = len;
        self
    }
    /// Input interface (by name: it need not exist yet).
    pub fn iif(mut self, name: impl Into<NameBuf>) -> Self {
        self.msg.iifname = Some(name.into());
        self
    }
    /// Output interface (by name).
    pub fn oif(mut self, name: impl Into<NameBuf>) -> Self {
        self.msg.oifname = Some(name.into());
        self
    }
    /// Firewall mark (and mask).
    pub fn fwmark(mut self, mark: u32, mask: Option<u32>) -> Self {
        self.msg.fwmark = Some(mark);
        self.msg.fwmask = mask;
        self
    }
    /// Invert the selector (`not`).
    pub fn invert(mut self) -> Self {
        self.msg.flags |= FIB_RULE_INVERT;
        self
    }
    /// An action instead of "lookup" (blackhole, unreachable, prohibit, nop).
    pub fn action(mut self, action: RuleAction) -> Self {
        self.msg.action = action.to_raw() as u8;
        if action != RuleAction::ToTbl {
            self.msg.table = None;
        }
        self
    }
    /// Who adds the rule.
    pub fn protocol(mut self, p: RouteProtocol) -> Self {
        self.msg.protocol = Some(p);
        self
    }
}

/// The rules of one family (`AF_UNSPEC`: both).
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleDump {
    /// `AF_INET`, `AF_INET6` or `AF_UNSPEC`.
    pub family: u8,
}

impl Dump for RuleDump {
    type Item<'a> = RuleRef<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(RuleMsg {
            family: self.family,
            ..RuleMsg::default()
        }
        .to_message(RTM_GETRULE, 0))
    }
    fn decode<'a>(&self, msg: &Message<'a>) -> Result<Option<RuleRef<'a>>, Error> {
        if msg.kind() != RTM_NEWRULE {
            return Ok(None);
        }
        Ok(Some(RuleRef::from_message(msg)?))
    }
}

impl DumpOwned for RuleDump {
    type Owned = Rule;
    fn to_owned(&self, r: &RuleRef<'_>) -> Result<Rule, Error> {
        Ok(Rule::from(r))
    }
}

impl RuleSpec {
    /// The operation that adds this rule.
    pub fn add_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_NEWRULE, CREATE_EXCL))
    }
    /// The operation that deletes this rule.
    pub fn del_op(&self) -> Ack {
        Ack(self.msg.to_message(RTM_DELRULE, 0))
    }
}

super::operations! {
    /// Stream the rules of `family` (`AF_INET` / `AF_INET6`, `AF_UNSPEC` for both) through `f`.
    #[example = r#"h.for_each_rule(AF_INET, |r| { println!("{:?} {}", r.priority, r.table()); Ok(()) })"#]
    pub fn for_each_rule(family: u8) |RuleRef| = RuleDump { family };

    /// The rules of `family` (`AF_UNSPEC` for both).
    #[example = "h.rules(AF_INET)"]
    pub fn rules(family: u8) -> Vec<Rule> = collect(RuleDump { family });

    /// The rules of `family` (`AF_UNSPEC` for both), as owned rules read as the kernel sends
    /// them.
    #[example = "h.rule_stream(AF_UNSPEC)"]
    pub fn rule_stream(family: u8) -> stream<RuleDump> = RuleDump { family };

    /// Add a rule.
    #[example = "h.add_rule(&RuleSpec::lookup(AF_INET, 100).priority(1000))"]
    pub fn add_rule(spec: &RuleSpec) -> () = run(spec.add_op());

    /// Delete a rule.
    #[example = "h.del_rule(&RuleSpec::lookup(AF_INET, 100).priority(1000))"]
    pub fn del_rule(spec: &RuleSpec) -> () = run(spec.del_op());
}
