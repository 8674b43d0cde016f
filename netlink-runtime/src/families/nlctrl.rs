//! nlctrl, the generic netlink controller: the registered families with their operations and
//! multicast groups (`CTRL_CMD_GETFAMILY`), and the attribute policies of a family's
//! operations (`CTRL_CMD_GETPOLICY`, a dump), decoded by structs derived on
//! `schemas/genetlink.toml`.

use std::collections::BTreeMap;

use netlink_derive::Netlink;

use super::{Error, GenlConn};
use crate::codec::{FromAttrs, FromMessage};
use crate::schemas::genetlink as g;
use crate::{Attr, Socket};

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

/// `CTRL_CMD_GETPOLICY` request and replies.
#[derive(Netlink, Debug, Clone, Default)]
#[netlink(schema = "genetlink", message = "policy")]
struct PolicyMsg<'a> {
    family_id: Option<u16>,
    family_name: Option<&'a str>,
    /// `CTRL_ATTR_OP`: restrict the dump to one operation.
    op: Option<u32>,
    /// Nest by policy index, then by attribute type, holding `NL_POLICY_TYPE_ATTR_*`.
    policy: Option<Attr<'a>>,
    /// Nest by command, holding `CTRL_ATTR_POLICY_DO` / `CTRL_ATTR_POLICY_DUMP`.
    op_policy: Option<Attr<'a>>,
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

/// A connection to nlctrl.
#[derive(Debug)]
pub struct Nlctrl {
    conn: GenlConn,
}

impl Nlctrl {
    /// Open a generic netlink socket in the calling thread's namespace and resolve nlctrl.
    pub fn new() -> Result<Nlctrl, Error> {
        Ok(Nlctrl {
            conn: GenlConn::open("nlctrl")?,
        })
    }

    /// Use an already open `NETLINK_GENERIC` socket.
    pub fn from_socket(sock: Socket) -> Result<Nlctrl, Error> {
        Ok(Nlctrl {
            conn: GenlConn::from_socket(sock, "nlctrl")?,
        })
    }

    /// The connection (socket and resolved family).
    pub fn conn(&mut self) -> &mut GenlConn {
        &mut self.conn
    }

    /// Every registered family with its operations and multicast groups (a dump).
    pub fn families(&mut self) -> Result<Vec<FamilyInfo>, Error> {
        let mut out = Vec::new();
        self.conn.dump(
            g::CTRL_CMD_GETFAMILY,
            &FamilyReq::default(),
            g::CTRL_CMD_NEWFAMILY,
            |m| {
                out.push(FamilyInfo::from_message(m)?);
                Ok(())
            },
        )?;
        Ok(out)
    }

    /// One family by name; [`crate::Error::FamilyNotFound`] when
    /// none is registered under that name.
    pub fn family(&mut self, name: &str) -> Result<FamilyInfo, Error> {
        let req = FamilyReq { name: Some(name) };
        let r = self.conn.request_one(
            g::CTRL_CMD_GETFAMILY,
            &req,
            g::CTRL_CMD_NEWFAMILY,
            "CTRL_CMD_NEWFAMILY",
            |m| Ok(FamilyInfo::from_message(m)?),
        );
        match r {
            Err(Error::Kernel(k)) if k.errno == libc::ENOENT => {
                Err(crate::Error::FamilyNotFound(name.to_owned()))
            }
            r => r,
        }
    }

    /// The attribute policies of every operation of family `name` (`CTRL_CMD_GETPOLICY` with
    /// `CTRL_ATTR_FAMILY_NAME`, as a dump): what `genl ctrl policy name NAME` prints.
    pub fn policy(&mut self, name: &str) -> Result<FamilyPolicy, Error> {
        let req = PolicyMsg {
            family_name: Some(name),
            ..PolicyMsg::default()
        };
        let mut out = FamilyPolicy::default();
        self.conn
            .dump(g::CTRL_CMD_GETPOLICY, &req, g::CTRL_CMD_GETPOLICY, |m| {
                let p = PolicyMsg::from_message(m)?;
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
            })?;
        Ok(out)
    }
}
