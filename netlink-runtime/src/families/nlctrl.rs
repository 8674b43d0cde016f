//! nlctrl, the generic netlink controller: the registered families with their operations and
//! multicast groups (`CTRL_CMD_GETFAMILY`), and the attribute policies of a family's
//! operations (`CTRL_CMD_GETPOLICY`, a dump), decoded by structs derived on
//! `schemas/genetlink.toml`.

use std::collections::BTreeMap;

use netlink_derive::Netlink;

use super::{Error, FamilyId, GenlDo, GenlDump};
use crate::codec::{FromAttrs, FromMessage};
use crate::op::{Dump, DumpFold, Outgoing, Request};
use crate::schemas::genetlink as g;
use crate::{Attr, Reply};

/// One operation (command) of a family (`CTRL_ATTR_OPS` entry).
#[derive(Netlink, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "genetlink", attributes = "ctrl_attr_op")]
pub struct Op {
    /// `CTRL_ATTR_OP_ID`: the command number.
    pub id: u32,
    /// `CTRL_ATTR_OP_FLAGS`: `GENL_ADMIN_PERM`, `GENL_CMD_CAP_DO`, `GENL_CMD_CAP_DUMP`,
    /// `GENL_CMD_CAP_HASPOL`, `GENL_UNS_ADMIN_PERM`.
    pub flags: Option<u32>,
}

impl Op {
    /// The operation has a "do" handler.
    pub fn can_do(&self) -> bool {
        self.flags.unwrap_or(0) & g::GENL_CMD_CAP_DO != 0
    }
    /// The operation has a "dump" handler.
    pub fn can_dump(&self) -> bool {
        self.flags.unwrap_or(0) & g::GENL_CMD_CAP_DUMP != 0
    }
    /// The operation validates its attributes with a policy.
    pub fn has_policy(&self) -> bool {
        self.flags.unwrap_or(0) & g::GENL_CMD_CAP_HASPOL != 0
    }
}

/// One multicast group of a family (`CTRL_ATTR_MCAST_GROUPS` entry).
#[derive(Netlink, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "genetlink", attributes = "ctrl_attr_mcast_grp")]
pub struct McastGroup {
    /// `CTRL_ATTR_MCAST_GRP_NAME`.
    pub name: String,
    /// `CTRL_ATTR_MCAST_GRP_ID`: the id to join.
    pub id: u32,
}

/// A registered family, as `CTRL_CMD_GETFAMILY` (do or dump) describes it.
#[derive(Netlink, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "genetlink", message = "family")]
pub struct FamilyInfo {
    /// `CTRL_ATTR_FAMILY_ID`: the `nlmsg_type` of the family's messages.
    #[netlink(attr = "CTRL_ATTR_FAMILY_ID")]
    pub id: u16,
    /// `CTRL_ATTR_FAMILY_NAME`.
    #[netlink(attr = "CTRL_ATTR_FAMILY_NAME")]
    pub name: String,
    /// `CTRL_ATTR_VERSION`.
    pub version: Option<u32>,
    /// `CTRL_ATTR_HDRSIZE`: bytes of family header after `genlmsghdr`.
    pub hdrsize: Option<u32>,
    /// `CTRL_ATTR_MAXATTR`.
    pub maxattr: Option<u32>,
    /// `CTRL_ATTR_OPS`.
    pub ops: Vec<Op>,
    /// `CTRL_ATTR_MCAST_GROUPS`.
    pub mcast_groups: Vec<McastGroup>,
}

impl FamilyInfo {
    /// The id of multicast group `name`.
    pub fn group(&self, name: &str) -> Option<u32> {
        self.mcast_groups
            .iter()
            .find(|g| g.name == name)
            .map(|g| g.id)
    }
}

/// `CTRL_CMD_GETFAMILY` request: by name, or nothing for a dump.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "genetlink", message = "family")]
struct FamilyReq<'a> {
    #[netlink(attr = "CTRL_ATTR_FAMILY_NAME")]
    name: Option<&'a str>,
}

/// `CTRL_CMD_GETPOLICY` request and replies (one reply message of the policy dump).
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "genetlink", message = "policy")]
pub struct PolicyMsg<'a> {
    /// `CTRL_ATTR_FAMILY_ID`.
    pub family_id: Option<u16>,
    /// `CTRL_ATTR_FAMILY_NAME`.
    pub family_name: Option<&'a str>,
    /// `CTRL_ATTR_OP`: restrict the dump to one operation.
    pub op: Option<u32>,
    /// Nest by policy index, then by attribute type, holding `NL_POLICY_TYPE_ATTR_*`.
    pub policy: Option<Attr<'a>>,
    /// Nest by command, holding `CTRL_ATTR_POLICY_DO` / `CTRL_ATTR_POLICY_DUMP`.
    pub op_policy: Option<Attr<'a>>,
}

/// Which policies validate one operation's requests (`CTRL_ATTR_OP_POLICY` entry).
#[derive(Netlink, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "genetlink", attributes = "ctrl_attr_policy")]
pub struct OpPolicies {
    /// `CTRL_ATTR_POLICY_DO`: index of the "do" policy.
    #[netlink(attr = "CTRL_ATTR_POLICY_DO")]
    pub do_policy: Option<u32>,
    /// `CTRL_ATTR_POLICY_DUMP`: index of the "dump" policy.
    #[netlink(attr = "CTRL_ATTR_POLICY_DUMP")]
    pub dump_policy: Option<u32>,
}

/// The policy of one attribute (`NL_POLICY_TYPE_ATTR_*`).
#[derive(Netlink, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[netlink(schema = "genetlink", attributes = "nl_policy_type_attr")]
pub struct AttrPolicy {
    /// `NL_POLICY_TYPE_ATTR_TYPE`: `enum netlink_attribute_type` (see [`AttrPolicy::type_name`]).
    #[netlink(attr = "NL_POLICY_TYPE_ATTR_TYPE")]
    pub kind: u32,
    /// Signed range, for signed integers.
    pub min_value_s: Option<i64>,
    /// Signed range, for signed integers.
    pub max_value_s: Option<i64>,
    /// Unsigned range, for unsigned integers.
    pub min_value_u: Option<u64>,
    /// Unsigned range, for unsigned integers.
    pub max_value_u: Option<u64>,
    /// Length limits, for strings and binaries.
    pub min_length: Option<u32>,
    /// Length limits, for strings and binaries.
    pub max_length: Option<u32>,
    /// For nests: the index of the nested policy.
    pub policy_idx: Option<u32>,
    /// For nests: the nested policy's highest attribute.
    pub policy_maxtype: Option<u32>,
    /// For bitfield32: the valid bits.
    pub bitfield32_mask: Option<u32>,
    /// For integers with a mask check: the valid bits.
    pub mask: Option<u64>,
}

impl AttrPolicy {
    /// The attribute type's name as iproute2's `genl ctrl policy` prints it (`U32`,
    /// `NUL_STRING`, ...), or `None` for a type number this code does not know.
    pub fn type_name(&self) -> Option<&'static str> {
        const NAMES: [&str; 18] = [
            "INVALID",
            "FLAG",
            "U8",
            "U16",
            "U32",
            "U64",
            "S8",
            "S16",
            "S32",
            "S64",
            "BINARY",
            "STRING",
            "NUL_STRING",
            "NESTED",
            "NESTED_ARRAY",
            "BITFIELD32",
            "SINT",
            "UINT",
        ];
        NAMES.get(usize::try_from(self.kind).ok()?).copied()
    }
}

/// The attribute policies of a family, as `CTRL_CMD_GETPOLICY` dumps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FamilyPolicy {
    /// The family id the kernel reported.
    pub family_id: u16,
    /// Per command: the policy indexes of its do and dump handlers.
    pub ops: BTreeMap<u16, OpPolicies>,
    /// Per policy index, per attribute type: the attribute's policy.
    pub policies: BTreeMap<u16, BTreeMap<u16, AttrPolicy>>,
}

super::genl_op! {
    /// `CTRL_CMD_GETFAMILY` as a dump: every registered family with its operations and
    /// multicast groups.
    pub struct FamiliesDump(dump GenlDump<FamilyInfo>);
}

impl FamiliesDump {
    /// Every family.
    pub fn new(family: impl Into<FamilyId>) -> Self {
        FamiliesDump(GenlDump::new(
            family,
            g::CTRL_CMD_GETFAMILY,
            &FamilyReq::default(),
            g::CTRL_CMD_NEWFAMILY,
        ))
    }
}

/// `CTRL_CMD_GETFAMILY` of one family by name; [`crate::Error::FamilyNotFound`] when none is
/// registered under that name.
#[derive(Debug, Clone)]
pub struct FamilyGet {
    get: GenlDo<FamilyInfo>,
    name: String,
}

impl FamilyGet {
    /// The family called `name`.
    pub fn new(family: impl Into<FamilyId>, name: &str) -> Self {
        FamilyGet {
            get: GenlDo::new(
                family,
                g::CTRL_CMD_GETFAMILY,
                &FamilyReq { name: Some(name) },
                g::CTRL_CMD_NEWFAMILY,
                "CTRL_CMD_NEWFAMILY",
            ),
            name: name.to_owned(),
        }
    }
}

impl Request for FamilyGet {
    type Output = FamilyInfo;
    fn request(&self) -> Result<Outgoing, Error> {
        self.get.request()
    }
    fn finish(&self, reply: Reply) -> Result<FamilyInfo, Error> {
        self.get.finish(reply)
    }
    fn on_error(&self, e: Error) -> Result<FamilyInfo, Error> {
        match e.errno() {
            Some(libc::ENOENT) => Err(Error::FamilyNotFound(self.name.clone())),
            _ => Err(e),
        }
    }
}

/// `CTRL_CMD_GETPOLICY` of a family by name (a dump read into one [`FamilyPolicy`]): the
/// attribute policies of every operation, what `genl ctrl policy name NAME` prints.
#[derive(Debug, Clone)]
pub struct PolicyDump {
    msg: crate::MessageBuilder,
    fam: FamilyId,
}

impl PolicyDump {
    /// The policies of family `name`.
    pub fn new(family: impl Into<FamilyId>, name: &str) -> Self {
        let fam = family.into();
        let req = PolicyMsg {
            family_name: Some(name),
            ..PolicyMsg::default()
        };
        PolicyDump {
            msg: fam.message(g::CTRL_CMD_GETPOLICY, 0, &req),
            fam,
        }
    }
}

impl Dump for PolicyDump {
    type Item<'a> = PolicyMsg<'a>;
    fn request(&self) -> Result<crate::MessageBuilder, Error> {
        Ok(self.msg.clone())
    }
    fn decode<'a>(&self, m: &crate::Message<'a>) -> Result<Option<PolicyMsg<'a>>, Error> {
        if self.fam.command_of(m) != Some(g::CTRL_CMD_GETPOLICY) {
            return Ok(None);
        }
        Ok(Some(PolicyMsg::from_message(m)?))
    }
}

impl DumpFold for PolicyDump {
    type Output = FamilyPolicy;
    fn init(&self) -> FamilyPolicy {
        FamilyPolicy::default()
    }
    fn fold(&self, out: &mut FamilyPolicy, p: PolicyMsg<'_>) -> Result<(), Error> {
        if let Some(id) = p.family_id {
            out.family_id = id;
        }
        if let Some(ops) = p.op_policy {
            // Type-value nest: each attribute's type is a command number.
            for op in ops.nested() {
                let op = op?;
                out.ops
                    .insert(op.kind(), OpPolicies::from_attrs(op.nested())?);
            }
        }
        if let Some(pol) = p.policy {
            // Type-value nest twice: policy index, then attribute type.
            for idx in pol.nested() {
                let idx = idx?;
                let attrs = out.policies.entry(idx.kind()).or_default();
                for a in idx.nested() {
                    let a = a?;
                    attrs.insert(a.kind(), AttrPolicy::from_attrs(a.nested())?);
                }
            }
        }
        Ok(())
    }
}

super::family_handles! {
    family: "nlctrl";
    example: "netlink_runtime::families::nlctrl::*", request: "FamilyGet::new(h.family_id(), \"ethtool\")", dump: "FamiliesDump::new(h.family_id())";
    /// A blocking connection to nlctrl: one socket. Its methods run the operations of this
    /// module (the same ones [`AsyncNlctrl`] runs).
    ///
    /// ```no_run
    /// use netlink_runtime::families::nlctrl::Nlctrl;
    /// # fn main() -> Result<(), netlink_runtime::Error> {
    /// let mut ctrl = Nlctrl::new()?;
    /// for f in ctrl.families()? {
    ///     println!("{} {}", f.id, f.name);
    /// }
    /// # Ok(()) }
    /// ```
    blocking: Nlctrl;
    /// An async connection to nlctrl for tokio services: `Clone + Send + Sync`, shared by any
    /// number of tasks.
    ///
    /// ```no_run
    /// use netlink_runtime::families::nlctrl::AsyncNlctrl;
    /// # async fn example() -> Result<(), netlink_runtime::Error> {
    /// let ctrl = AsyncNlctrl::new().await?;
    /// println!("{:?}", ctrl.family("ethtool").await?.mcast_groups);
    /// # Ok(()) }
    /// ```
    async: AsyncNlctrl;
}

// The policy dump is read into one value: the driver its entry below uses.
impl Nlctrl {
    fn fold<D: DumpFold + ?Sized>(&mut self, op: &D) -> Result<D::Output, Error> {
        self.conn.fold(op)
    }
}

#[cfg(feature = "tokio")]
impl AsyncNlctrl {
    async fn fold<D: DumpFold + Sync + ?Sized>(&self, op: &D) -> Result<D::Output, Error> {
        self.conn.fold(op).await
    }
}

crate::op::handle_methods! {
    handles: Nlctrl, AsyncNlctrl;
    example: "netlink_runtime::families::nlctrl::*", "let mut h = Nlctrl::new()?;", "let h = AsyncNlctrl::new().await?;";
    context: fam = family_id;

    /// Every registered family with its operations and multicast groups (a dump).
    #[example = "h.families()"]
    pub fn families() -> Vec<FamilyInfo> = collect(FamiliesDump::new(fam));

    /// Every registered family, as a stream read as the kernel sends it.
    #[example = "h.family_stream()"]
    pub fn family_stream() -> stream<FamiliesDump> = FamiliesDump::new(fam);

    /// One family by name; [`crate::Error::FamilyNotFound`] when none is registered under that
    /// name.
    #[example = r#"h.family("ethtool")"#]
    pub fn family(name: &str) -> FamilyInfo = run(FamilyGet::new(fam, name));

    /// The attribute policies of every operation of family `name` (`CTRL_CMD_GETPOLICY` with
    /// `CTRL_ATTR_FAMILY_NAME`, as a dump): what `genl ctrl policy name NAME` prints.
    #[example = r#"h.policy("ethtool")"#]
    pub fn policy(name: &str) -> FamilyPolicy = fold(PolicyDump::new(fam, name));
}
