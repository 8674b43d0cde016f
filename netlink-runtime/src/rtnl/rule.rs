//! Policy routing rules (`RTM_*RULE`, `fib_rule_hdr` + `FRA_*`): read, add, delete.

use std::net::IpAddr;

use netlink_derive::Netlink;

use super::{Error, CREATE_EXCL};
use crate::codec::{FromMessage, ToMessage};
use crate::op::{Ack, Dump, DumpOwned};
use crate::schemas::rtnetlink::{
    fib_rule_port_range, fib_rule_uid_range, FR_ACT_TO_TBL, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE,
};
use crate::Message;

pub use crate::schemas::rtnetlink::FIB_RULE_INVERT;

/// A rule as the kernel sends it, borrowed from the receive buffer.
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "rtnetlink", message = "rule")]
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
    /// `action`: FR_ACT_*.
    #[netlink(header = "action")]
    pub action: u8,
    /// `flags`: FIB_RULE_*.
    #[netlink(header = "flags")]
    pub flags: u32,
    /// `FRA_DST`.
    pub dst: Option<IpAddr>,
    /// `FRA_SRC`.
    pub src: Option<IpAddr>,
    /// `FRA_IIFNAME`.
    pub iifname: Option<&'a str>,
    /// `FRA_OIFNAME`.
    pub oifname: Option<&'a str>,
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
    pub protocol: Option<u8>,
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
    /// Table id (`FRA_TABLE`, else the header's).
    pub fn table(&self) -> u32 {
        self.table_attr.unwrap_or(u32::from(self.hdr_table))
    }
}

/// A rule, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Rule {
    /// `AF_INET` / `AF_INET6`.
    pub family: u8,
    /// Priority.
    pub priority: Option<u32>,
    /// Source prefix.
    pub src: Option<IpAddr>,
    /// Source prefix length.
    pub src_len: u8,
    /// Destination prefix.
    pub dst: Option<IpAddr>,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Input interface name.
    pub iifname: Option<String>,
    /// Output interface name.
    pub oifname: Option<String>,
    /// Firewall mark.
    pub fwmark: Option<u32>,
    /// Firewall mark mask.
    pub fwmask: Option<u32>,
    /// Table.
    pub table: u32,
    /// FR_ACT_*.
    pub action: u8,
    /// FIB_RULE_* flags.
    pub flags: u32,
    /// RTPROT_* of who added it.
    pub protocol: Option<u8>,
}

impl From<&RuleRef<'_>> for Rule {
    fn from(r: &RuleRef<'_>) -> Rule {
        Rule {
            family: r.family,
            priority: r.priority,
            src: r.src,
            src_len: r.src_len,
            dst: r.dst,
            dst_len: r.dst_len,
            iifname: r.iifname.map(str::to_owned),
            oifname: r.oifname.map(str::to_owned),
            fwmark: r.fwmark,
            fwmask: r.fwmask,
            table: r.table(),
            action: r.action,
            flags: r.flags,
            protocol: r.protocol,
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
    iifname: Option<String>,
    oifname: Option<String>,
    priority: Option<u32>,
    fwmark: Option<u32>,
    fwmask: Option<u32>,
    #[netlink(attr = "FRA_TABLE")]
    table: Option<u32>,
    protocol: Option<u8>,
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
    /// `lookup table` for `family` (`AF_INET` / `AF_INET6`).
    pub fn lookup(family: u8, table: u32) -> RuleSpec {
        RuleSpec {
            msg: RuleMsg {
                family,
                action: FR_ACT_TO_TBL as u8,
                table: Some(table),
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
    /// Input interface.
    pub fn iif(mut self, name: &str) -> Self {
        self.msg.iifname = Some(name.to_owned());
        self
    }
    /// Output interface.
    pub fn oif(mut self, name: &str) -> Self {
        self.msg.oifname = Some(name.to_owned());
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
    /// FR_ACT_* action instead of "lookup" (blackhole 6, unreachable 7, prohibit 8).
    pub fn action(mut self, action: u8) -> Self {
        self.msg.action = action;
        if action != FR_ACT_TO_TBL as u8 {
            self.msg.table = None;
        }
        self
    }
    /// RTPROT_* of the rule.
    pub fn protocol(mut self, p: u8) -> Self {
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
