//! What the headers say, arranged as schema items: the part of a schema that `generate` writes
//! and `update` refreshes. Built from the C front-end's [`HeaderItems`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use netlink_schema::{ConstValue, Field, Record};

use crate::c::{CValue, HeaderItems, RecordKind};

/// A constant with the header it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct GenConstant {
    /// C name.
    pub name: String,
    /// Value.
    pub value: ConstValue,
    /// Header, as in an `#include`.
    pub header: String,
}

/// A C enum.
#[derive(Debug, Clone, PartialEq)]
pub struct GenEnum {
    /// Key in `[enums]`: the tag, or the members' common prefix for an anonymous enum.
    pub key: String,
    /// Member names.
    pub values: Vec<String>,
    /// Header.
    pub header: String,
    /// The members' common prefix.
    pub prefix: String,
    /// Its members as attributes, should a set name it (sentinels and aliases left out).
    pub attributes: Vec<(String, u16)>,
    /// The names `[schema] attribute-sets` and `not-attribute-sets` may give it.
    pub names: Vec<String>,
}

/// A struct or union.
#[derive(Debug, Clone, PartialEq)]
pub struct GenRecord {
    /// Tag (or typedef name).
    pub name: String,
    /// Struct or union.
    pub kind: RecordKind,
    /// Layout, with `header` set.
    pub record: Record,
}

/// An attribute set found in an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct GenSet {
    /// Key in `[attribute-sets]`: the common prefix, lower-cased, without the final `_`.
    pub key: String,
    /// Common prefix (`RTA_`).
    pub prefix: String,
    /// Key of the enum it came from.
    pub c_enum: String,
    /// Header.
    pub header: String,
    /// Attribute names and ids, in declaration order (sentinels and aliases left out).
    pub attributes: Vec<(String, u16)>,
}

/// Everything generated from a set of headers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Generated {
    /// `[constants]`.
    pub constants: Vec<GenConstant>,
    /// `[enums.*]`.
    pub enums: Vec<GenEnum>,
    /// `[structs.*]` and `[unions.*]`.
    pub records: Vec<GenRecord>,
    /// `[attribute-sets.*]`.
    pub attribute_sets: Vec<GenSet>,
}

fn const_value(v: CValue) -> Option<ConstValue> {
    match v {
        CValue::Signed(i) => Some(ConstValue::Int(i)),
        CValue::Unsigned(u) => ConstValue::from_i128(i128::from(u)),
    }
}

/// The name of `file` as an `#include` would write it: relative to the include dir it lies in.
pub fn include_name(file: &Path, include_dirs: &[PathBuf]) -> String {
    include_dirs
        .iter()
        .find_map(|dir| file.strip_prefix(dir).ok())
        .unwrap_or(file)
        .to_string_lossy()
        .into_owned()
}

fn common_prefix<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    netlink_schema::common_prefix(names).to_owned()
}

/// What the headers say about an enum being a netlink attribute space. Each is a sign; one
/// alone proves little (value enums have sentinels too), two together are how the kernel's
/// headers write attribute spaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals {
    /// The last member is a `__<PREFIX>..MAX` sentinel, or ethtool's `__<PREFIX>CNT` followed by
    /// `<PREFIX>MAX`.
    pub sentinel: bool,
    /// A `<PREFIX>MAX` define or enumerator equal to the highest attribute id.
    pub max: bool,
    /// The zero member is `<PREFIX>..UNSPEC`, `..NONE`, `..UNUSED`, `..INVALID` or
    /// `..UNDEFINED`.
    pub zero: bool,
    /// The zero member is `..UNSPEC`, as attribute spaces name it (value enums say `NONE`).
    pub unspec: bool,
    /// A member is the size of an `nla_policy` array (`policy[FOO_MAX + 1]`).
    pub policy: bool,
}

impl Signals {
    /// Whether the signs together make an attribute space: a policy array, or two of sentinel,
    /// max and zero, of which one is an `UNSPEC` zero or the max (a `NONE` zero and a
    /// sentinel are how value enums look too: `CAKE_FLOW_NONE, ..., __CAKE_FLOW_MAX`).
    pub fn is_space(self) -> bool {
        let count = u8::from(self.sentinel) + u8::from(self.max) + u8::from(self.zero);
        self.policy || (count >= 2 && (self.unspec || self.max))
    }
}

/// An enum recognised (or marked) as an attribute space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    /// The members' common prefix (`RTA_`).
    pub prefix: String,
    /// The key made from it (`rta`), for the enum of an untagged enum.
    pub key: String,
    /// The attribute set's key: the zero member's stem when it says more than the prefix
    /// (`ETHTOOL_A_PSE_UNSPEC` in an enum whose members share only `ETHTOOL_A_`), else `key`.
    pub set_key: String,
    /// What the headers said.
    pub signals: Signals,
}

/// Whether `prefix` names a kind of enum that has the shape of an attribute space but is
/// something else: commands (`CTRL_CMD_`), message types (`NFT_MSG_`), multicast groups
/// (`RTNLGRP_`, with a `*_NONE` zero).
fn other_kind_of_enum(prefix: &str, tag: Option<&str>, zero_none: bool, zero_unspec: bool) -> bool {
    let words: Vec<&str> = prefix.split('_').filter(|w| !w.is_empty()).collect();
    let last = words.last().copied().unwrap_or_default();
    words.iter().any(|w| *w == "CMD" || *w == "MSG")
        || tag.is_some_and(|t| {
            t.ends_with("groups")
                || t.ends_with("_cmd")
                || t.ends_with("commands")
                // `enum tcp_metric_index`: array indexes (the attributes are index + 1).
                || t.ends_with("_index")
        })
        || (!zero_unspec && tag.is_some_and(names_values_tag))
        || (zero_none && (last.ends_with("GRP") || last.ends_with("GROUP")))
}

/// Whether the prefix's last word names a kind of value (`AMT_MODE_`, `NEXTHOP_GRP_TYPE_`,
/// `LWTUNNEL_ENCAP_`): such enums with a sentinel and a max define are value lists, unless
/// their zero member is `*_UNSPEC` (as attribute spaces have it).
fn names_values(prefix: &str) -> bool {
    let last = prefix
        .trim_end_matches('_')
        .rsplit('_')
        .next()
        .unwrap_or_default();
    ["MODE", "TYPE", "KEY", "LAYER", "STATE", "ENCAP"]
        .iter()
        .any(|w| last.ends_with(w))
        || last == "DEVCONF"
}

/// Whether an enum's tag says it lists values (`nft_ct_keys`, `nft_ng_types`, `nft_exthdr_op`,
/// `nft_log_level`, `nft_reject_inet_code`), as netfilter's headers name them beside their
/// `*_attributes` enums.
fn names_values_tag(tag: &str) -> bool {
    [
        "_keys",
        "_key",
        "_types",
        "_type",
        "_op",
        "_ops",
        "_level",
        "_levels",
        "_code",
        "_codes",
        "_flags",
        "_bases",
        "_policies",
        "_verdicts",
        "_registers",
        "_modes",
        "_mode",
        "_states",
        "_state",
    ]
    .iter()
    .any(|w| tag.ends_with(w))
}

/// Reads the signs of an attribute space in an enum's members. `constants` are the headers'
/// defines and enumerators (for `<PREFIX>MAX`), `policy` the enumerators used to size
/// `nla_policy` arrays. `None` when the enum has no common prefix or is a command, message type
/// or group enum.
pub fn space_signals(
    members: &[(String, i128)],
    tag: Option<&str>,
    constants: &HashMap<&str, i128>,
    policy: &HashSet<String>,
) -> Option<Space> {
    let named: Vec<&str> = members
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.starts_with("__"))
        .collect();
    if named.len() < 2 {
        return None;
    }
    let prefix = common_prefix(named.iter().copied());
    // Attribute ids start at 0 or 1; message types (`RTM_BASE = 16`) do not.
    let min = members.iter().map(|(_, v)| *v).min()?;
    if prefix.is_empty() || !(0..=1).contains(&min) {
        return None;
    }
    let zero = members
        .iter()
        .find(|(_, v)| *v == 0)
        .map(|(n, _)| n.as_str());
    let zero_none = zero.is_some_and(|z| z.ends_with("_NONE"));
    let zero_unspec = zero.is_some_and(|z| z.ends_with("_UNSPEC"));
    if other_kind_of_enum(&prefix, tag, zero_none, zero_unspec) {
        return None;
    }
    let stem = prefix.trim_end_matches('_');
    let (last, _) = members.last()?;
    // `<PREFIX>MAX` as the last member: the sentinel is the one before it (`__<PREFIX>CNT` in
    // ethtool's style, or `__X_MAX, X_MAX = __X_MAX - 1`).
    let trailing_max = !last.starts_with("__") && last.ends_with("_MAX");
    let sentinel_name = if trailing_max {
        members
            .len()
            .checked_sub(2)
            .map(|i| members[i].0.as_str())
            .filter(|s| s.starts_with("__"))
    } else {
        Some(last.as_str())
    };
    let ids = attribute_members(members, &prefix);
    // The highest attribute id, not counting a trailing `*_MAX` member itself.
    let highest = ids
        .iter()
        .filter(|(n, _)| !(trailing_max && n == last))
        .map(|(_, id)| i128::from(*id))
        .max();
    let sentinel = match sentinel_name.and_then(|s| s.strip_prefix("__")) {
        // `__X_CNT, X_MAX`, `__X_DUMP_MAX, X_DUMP_MAX`, `__X_AFTER_LAST, X_MAX`.
        Some(bare) => {
            bare.contains(stem) && ["MAX", "LAST", "CNT"].iter().any(|w| bare.ends_with(w))
        }
        // `X_UNSPEC, X_A, X_B, X_MAX`: a trailing max that counts the members.
        None => {
            trailing_max
                && *last == format!("{prefix}MAX")
                && highest.is_some_and(|h| members.last().map(|(_, v)| *v) == Some(h + 1))
        }
    };
    // `<PREFIX>MAX`, the sentinel without its `__`, or the trailing `*_MAX` enumerator.
    let mut max_names = vec![format!("{prefix}MAX")];
    max_names.extend(
        sentinel_name
            .and_then(|s| s.strip_prefix("__"))
            .map(str::to_owned),
    );
    if trailing_max {
        max_names.push(last.clone());
    }
    let max = highest.is_some()
        && max_names.iter().filter(|n| n.ends_with("MAX")).any(|n| {
            let value = constants
                .get(n.as_str())
                .copied()
                .or_else(|| members.iter().find(|(m, _)| m == n).map(|(_, v)| *v));
            value == highest
        });
    let zero_name = zero;
    let zero = zero.is_some_and(|z| {
        z.trim_start_matches('_').starts_with(prefix.as_str())
            && ["UNSPEC", "NONE", "UNUSED", "INVALID", "UNDEFINED"]
                .iter()
                .any(|w| z.ends_with(&format!("_{w}")))
    });
    if !zero_unspec && names_values(&prefix) {
        return None;
    }
    let policy = members.iter().any(|(n, _)| policy.contains(n));
    // `IFLA_STATS_GETSET_UNSPEC` in an enum whose members share only `IFLA_STATS_`.
    let zero_stem = zero_name
        .map(|z| z.trim_start_matches('_'))
        .and_then(|z| z.rsplit_once('_').map(|(stem, _)| stem))
        .filter(|z| zero && z.len() > stem.len() && z.starts_with(stem));
    // The zero member names the set's prefix, as the kernel's convention has it, when most
    // members share it (`CTA_COUNTERS_UNSPEC` beside `CTA_COUNTERS32_PACKETS`).
    let key = stem.to_ascii_lowercase();
    let set_key = zero_stem.unwrap_or(stem).to_ascii_lowercase();
    let prefix = match zero_stem.map(|z| format!("{z}_")) {
        Some(zp)
            if named.iter().filter(|n| n.starts_with(zp.as_str())).count() * 2 > named.len() =>
        {
            zp
        }
        _ => prefix,
    };
    Some(Space {
        key,
        set_key,
        prefix,
        signals: Signals {
            sentinel,
            max,
            zero,
            unspec: zero && zero_unspec,
            policy,
        },
    })
}

/// The members of an enum that are attributes if it is an attribute space: sentinels
/// (`__*`), the `<PREFIX>MAX` alias and later members repeating an earlier value left out.
fn attribute_members(members: &[(String, i128)], prefix: &str) -> Vec<(String, u16)> {
    let max_alias = format!("{prefix}MAX");
    let mut seen_ids = HashSet::new();
    members
        .iter()
        .filter(|(n, _)| !n.starts_with("__") && *n != max_alias)
        .filter_map(|(n, v)| u16::try_from(*v).ok().map(|id| (n.clone(), id)))
        // A later member with an earlier member's value is an alias, not a new attribute.
        .filter(|(_, id)| seen_ids.insert(*id))
        .collect()
}

/// Which enums become attribute sets besides those the headers' signs show.
#[derive(Debug, Clone, Default)]
pub struct SetChoices {
    /// `[schema] not-attribute-sets`: enum or set keys that never become sets.
    pub not_sets: Vec<String>,
    /// `[schema] attribute-sets`: enum or set keys that always do.
    pub sets: Vec<String>,
}

/// Arranges the front-end's output as schema items.
pub fn from_header_items(
    items: &HeaderItems,
    include_dirs: &[PathBuf],
    choices: &SetChoices,
) -> Generated {
    let header_of = |p: &Path| include_name(p, include_dirs);
    let mut out = Generated::default();

    for c in &items.constants {
        if let Some(value) = const_value(c.value) {
            out.constants.push(GenConstant {
                name: c.name.clone(),
                value,
                header: header_of(&c.origin.file),
            });
        }
    }
    let constants: HashMap<&str, i128> = out
        .constants
        .iter()
        .map(|c| (c.name.as_str(), c.value.as_i128()))
        .collect();
    let policy: HashSet<String> = items.policy_sizes.iter().cloned().collect();

    let mut enum_keys: HashSet<String> = HashSet::new();
    let mut set_keys: HashMap<String, usize> = HashMap::new();
    for e in &items.enums {
        let members: Vec<(String, i128)> = e
            .members
            .iter()
            .map(|(n, v)| {
                let v = match *v {
                    CValue::Signed(i) => i128::from(i),
                    CValue::Unsigned(u) => i128::from(u),
                };
                (n.clone(), v)
            })
            .collect();
        let header = header_of(&e.origin.file);
        let space = space_signals(&members, e.name.as_deref(), &constants, &policy);
        let looks_like_set = space.as_ref().is_some_and(|s| s.signals.is_space());
        let base_key = match (&e.name, &space) {
            (Some(tag), _) => tag.clone(),
            (None, Some(space)) if looks_like_set => space.key.clone(),
            _ => {
                let prefix = common_prefix(
                    members
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .filter(|n| !n.starts_with("__")),
                );
                let p = prefix.trim_end_matches('_').to_ascii_lowercase();
                if p.is_empty() {
                    members
                        .first()
                        .map(|(n, _)| n.to_ascii_lowercase())
                        .unwrap_or_else(|| "anon".into())
                } else {
                    p
                }
            }
        };
        let key = unique_key(&base_key, &mut enum_keys);
        let prefix = space.as_ref().map_or_else(
            || {
                common_prefix(
                    members
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .filter(|n| !n.starts_with("__")),
                )
            },
            |s| s.prefix.clone(),
        );
        let attributes = attribute_members(&members, &prefix);
        let set_key = space
            .as_ref()
            .map_or_else(|| key.clone(), |s| s.set_key.clone());
        // What `[schema] attribute-sets` / `not-attribute-sets` may call it: the enum's key,
        // its set's key, or the key of its prefix.
        let mut names = vec![key.clone(), set_key.clone()];
        names.extend(space.as_ref().map(|s| s.key.clone()));
        names.dedup();
        out.enums.push(GenEnum {
            key: key.clone(),
            values: members.iter().map(|(n, _)| n.clone()).collect(),
            header: header.clone(),
            prefix: prefix.clone(),
            attributes: attributes.clone(),
            names: names.clone(),
        });
        let named = |list: &[String]| list.iter().any(|n| names.contains(n));
        if named(&choices.not_sets) || !(looks_like_set || named(&choices.sets)) {
            continue;
        }
        let set_key = match set_keys.get(&set_key) {
            None => set_key,
            // Two enums with one prefix: name the second by its enum.
            Some(_) => key.clone(),
        };
        set_keys.insert(set_key.clone(), out.attribute_sets.len());
        out.attribute_sets.push(GenSet {
            key: set_key,
            prefix,
            c_enum: key,
            header,
            attributes,
        });
    }

    for r in &items.records {
        out.records.push(GenRecord {
            name: r.name.clone(),
            kind: r.kind,
            record: Record {
                size: r.size,
                align: r.align,
                fields: r
                    .fields
                    .iter()
                    .map(|f| Field {
                        name: f.name.clone(),
                        ty: f.ty.clone(),
                        offset: f.offset,
                        count: f.count,
                        bits: f.bits.map(|(_, w)| w),
                        bit_offset: f.bits.map(|(o, _)| o),
                        ..Field::default()
                    })
                    .collect(),
                header: Some(header_of(&r.origin.file)),
                differs_from_spec: Vec::new(),
            },
        });
    }
    out
}

fn unique_key(base: &str, taken: &mut HashSet<String>) -> String {
    let mut key = base.to_owned();
    let mut n = 2;
    while !taken.insert(key.clone()) {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(names: &[(&str, i128)]) -> Vec<(String, i128)> {
        names.iter().map(|(n, v)| (n.to_string(), *v)).collect()
    }

    /// `(prefix, key)` when the enum is an attribute space, given the headers' `defines`.
    fn space(members: &[(&str, i128)], defines: &[(&str, i128)]) -> Option<(String, String)> {
        space_with(members, None, defines, &[])
    }

    fn space_with(
        members: &[(&str, i128)],
        tag: Option<&str>,
        defines: &[(&str, i128)],
        policy: &[&str],
    ) -> Option<(String, String)> {
        let constants: HashMap<&str, i128> = defines.iter().copied().collect();
        let policy: HashSet<String> = policy.iter().map(|s| s.to_string()).collect();
        space_signals(&m(members), tag, &constants, &policy)
            .filter(|s| s.signals.is_space())
            .map(|s| (s.prefix, s.key))
    }

    fn set(prefix: &str, key: &str) -> Option<(String, String)> {
        Some((prefix.into(), key.into()))
    }

    #[test]
    fn unspec_and_sentinel() {
        let rta = [
            ("RTA_UNSPEC", 0),
            ("RTA_DST", 1),
            ("RTA_SRC", 2),
            ("__RTA_MAX", 3),
        ];
        assert_eq!(space(&rta, &[]), set("RTA_", "rta"));
        let info = [
            ("IFLA_INFO_UNSPEC", 0),
            ("IFLA_INFO_KIND", 1),
            ("__IFLA_INFO_MAX", 2),
        ];
        assert_eq!(space(&info, &[]), set("IFLA_INFO_", "ifla_info"));
        let cnt = [
            ("ETHTOOL_A_HEADER_UNSPEC", 0),
            ("ETHTOOL_A_HEADER_DEV_INDEX", 1),
            ("__ETHTOOL_A_HEADER_CNT", 2),
            ("ETHTOOL_A_HEADER_MAX", 1),
        ];
        assert_eq!(
            space(&cnt, &[]),
            set("ETHTOOL_A_HEADER_", "ethtool_a_header")
        );
    }

    #[test]
    fn commands_message_types_and_groups_are_not_sets() {
        let cmds = [
            ("CTRL_CMD_UNSPEC", 0),
            ("CTRL_CMD_NEWFAMILY", 1),
            ("__CTRL_CMD_MAX", 2),
        ];
        assert_eq!(space(&cmds, &[("CTRL_CMD_MAX", 1)]), None);
        let groups = [
            ("RTNLGRP_NONE", 0),
            ("RTNLGRP_LINK", 1),
            ("__RTNLGRP_MAX", 2),
        ];
        assert_eq!(space(&groups, &[("RTNLGRP_MAX", 1)]), None);
        let tagged_groups = [
            ("SKNLGRP_NONE", 0),
            ("SKNLGRP_INET_TCP_DESTROY", 1),
            ("__SKNLGRP_MAX", 2),
        ];
        assert_eq!(
            space_with(&tagged_groups, Some("sknetlink_groups"), &[], &[]),
            None
        );
        // Message types start at 16 (RTM_BASE): never attribute ids.
        let types = [
            ("RTM_BASE", 16),
            ("RTM_NEWLINK", 16),
            ("RTM_DELLINK", 17),
            ("__RTM_MAX", 18),
        ];
        assert_eq!(space(&types, &[("RTM_MAX", 19)]), None);
        let msgs = [
            ("NFT_MSG_NEWTABLE", 0),
            ("NFT_MSG_GETTABLE", 1),
            ("NFT_MSG_MAX", 2),
        ];
        assert_eq!(space(&msgs, &[]), None);
        // Value enums named as such: a sentinel and a max define, but no UNSPEC.
        let modes = [
            ("AMT_MODE_GATEWAY", 0),
            ("AMT_MODE_RELAY", 1),
            ("__AMT_MODE_MAX", 2),
        ];
        assert_eq!(space(&modes, &[("AMT_MODE_MAX", 1)]), None);
        // Netfilter's value enums are tagged by what they list (`enum nft_ct_keys`), beside
        // their `*_attributes` enums: a sentinel and a max define say nothing then.
        let ct_keys = [
            ("NFT_CT_STATE", 0),
            ("NFT_CT_DIRECTION", 1),
            ("__NFT_CT_MAX", 2),
        ];
        assert_eq!(
            space_with(&ct_keys, Some("nft_ct_keys"), &[("NFT_CT_MAX", 1)], &[]),
            None
        );
        assert_eq!(
            space_with(
                &ct_keys,
                Some("nft_ct_attributes"),
                &[("NFT_CT_MAX", 1)],
                &[]
            ),
            set("NFT_CT_", "nft_ct")
        );
        // A trailing `*_MAX` member is not its own highest id (enum tcp_conntrack).
        let conntrack = [
            ("TCP_CONNTRACK_NONE", 0),
            ("TCP_CONNTRACK_SYN_SENT", 1),
            ("TCP_CONNTRACK_MAX", 2),
            ("TCP_CONNTRACK_IGNORE", 3),
            ("TCP_CONNTRACK_TIMEOUT_MAX", 4),
        ];
        assert_eq!(space(&conntrack, &[]), None);
        // `__X_END, X_MAX = __X_END - 1` (if_link.h's MACSEC_VALIDATE_*): no sentinel.
        let validate = [
            ("MACSEC_VALIDATE_DISABLED", 0),
            ("MACSEC_VALIDATE_CHECK", 1),
            ("__MACSEC_VALIDATE_END", 2),
            ("MACSEC_VALIDATE_MAX", 1),
        ];
        assert_eq!(space(&validate, &[]), None);
    }

    #[test]
    fn none_zero_with_sentinel() {
        // linux/inet_diag.h: INET_DIAG_NONE, ..., __INET_DIAG_MAX, #define INET_DIAG_MAX.
        let diag = [
            ("INET_DIAG_NONE", 0),
            ("INET_DIAG_MEMINFO", 1),
            ("INET_DIAG_INFO", 2),
            ("__INET_DIAG_MAX", 3),
        ];
        assert_eq!(
            space(&diag, &[("INET_DIAG_MAX", 2)]),
            set("INET_DIAG_", "inet_diag")
        );
        // A NONE zero and a sentinel without a max define: how value enums look too
        // (pkt_sched.h's CAKE_FLOW_*); linux/sock_diag.h's reply enum is one (its define is
        // misspelt SK_DIAB_...) and needs `attribute-sets`.
        let rep = [
            ("SK_DIAG_BPF_STORAGE_REP_NONE", 0),
            ("SK_DIAG_BPF_STORAGE", 1),
            ("__SK_DIAG_BPF_STORAGE_REP_MAX", 2),
        ];
        assert_eq!(space(&rep, &[("SK_DIAB_BPF_STORAGE_REP_MAX", 1)]), None);
        let cake = [
            ("CAKE_FLOW_NONE", 0),
            ("CAKE_FLOW_SRC_IP", 1),
            ("CAKE_FLOW_DST_IP", 2),
            ("__CAKE_FLOW_MAX", 3),
        ];
        assert_eq!(space(&cake, &[]), None);
        // The kernel's zero members also say INVALID (nl80211), UNDEFINED (dcbnl), UNUSED.
        let sta = [
            ("__NL80211_STA_FLAG_INVALID", 0),
            ("NL80211_STA_FLAG_AUTHORIZED", 1),
            ("NL80211_STA_FLAG_SHORT_PREAMBLE", 2),
            ("__NL80211_STA_FLAG_AFTER_LAST", 3),
            ("NL80211_STA_FLAG_MAX", 2),
        ];
        assert_eq!(
            space(&sta, &[]),
            set("NL80211_STA_FLAG_", "nl80211_sta_flag")
        );
    }

    #[test]
    fn no_zero_member_sentinel_and_max_define() {
        // linux/if_bridge.h: IFLA_BRIDGE_FLAGS = 0, ..., __IFLA_BRIDGE_MAX, IFLA_BRIDGE_MAX.
        let bridge = [
            ("IFLA_BRIDGE_FLAGS", 0),
            ("IFLA_BRIDGE_MODE", 1),
            ("IFLA_BRIDGE_VLAN_INFO", 2),
            ("__IFLA_BRIDGE_MAX", 3),
        ];
        assert_eq!(
            space(&bridge, &[("IFLA_BRIDGE_MAX", 2)]),
            set("IFLA_BRIDGE_", "ifla_bridge")
        );
        // Without the define, a sentinel alone is a value enum (IFLA_VF_LINK_STATE_*).
        let states = [
            ("IFLA_VF_LINK_STATE_AUTO", 0),
            ("IFLA_VF_LINK_STATE_ENABLE", 1),
            ("__IFLA_VF_LINK_STATE_MAX", 2),
        ];
        assert_eq!(space(&states, &[]), None);
        // A max define that is not the highest id says nothing.
        assert_eq!(space(&bridge, &[("IFLA_BRIDGE_MAX", 7)]), None);
    }

    #[test]
    fn no_sentinel_unspec_and_max() {
        let defined = [("FOO_UNSPEC", 0), ("FOO_A", 1), ("FOO_B", 2)];
        assert_eq!(space(&defined, &[("FOO_MAX", 2)]), set("FOO_", "foo"));
        let enumerated = [
            ("FOO_UNSPEC", 0),
            ("FOO_A", 1),
            ("FOO_B", 2),
            ("FOO_MAX", 2),
        ];
        assert_eq!(space(&enumerated, &[]), set("FOO_", "foo"));
        // UNSPEC alone could be a value enum: mark it with `attribute-sets` instead.
        assert_eq!(space(&defined, &[]), None);
        // ...unless an nla_policy array is sized by it.
        assert_eq!(
            space_with(&defined, None, &[], &["FOO_B"]),
            set("FOO_", "foo")
        );
    }

    #[test]
    fn prefix_from_the_unspec_member_when_most_share_it() {
        // linux/netfilter/nfnetlink_conntrack.h: CTA_COUNTERS32_* share only `CTA_`.
        let counters = [
            ("CTA_COUNTERS_UNSPEC", 0),
            ("CTA_COUNTERS_PACKETS", 1),
            ("CTA_COUNTERS_BYTES", 2),
            ("CTA_COUNTERS32_PACKETS", 3),
            ("CTA_COUNTERS32_BYTES", 4),
            ("CTA_COUNTERS_PAD", 5),
            ("__CTA_COUNTERS_MAX", 6),
        ];
        assert_eq!(
            space(&counters, &[("CTA_COUNTERS_MAX", 5)]),
            set("CTA_COUNTERS_", "cta")
        );
        // linux/if_link.h: IFLA_STATS_GETSET_UNSPEC, IFLA_STATS_GET_FILTERS, ...: too few.
        let getset = [
            ("IFLA_STATS_GETSET_UNSPEC", 0),
            ("IFLA_STATS_GET_FILTERS", 1),
            ("IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS", 2),
            ("__IFLA_STATS_GETSET_MAX", 3),
        ];
        assert_eq!(
            space(&getset, &[("IFLA_STATS_GETSET_MAX", 2)]),
            set("IFLA_STATS_", "ifla_stats")
        );
    }

    #[test]
    fn trailing_max_enumerator() {
        // linux/genetlink.h: `__CTRL_ATTR_POLICY_DUMP_MAX, CTRL_ATTR_POLICY_DUMP_MAX = ... - 1`.
        let policy = [
            ("CTRL_ATTR_POLICY_UNSPEC", 0),
            ("CTRL_ATTR_POLICY_DO", 1),
            ("CTRL_ATTR_POLICY_DUMP", 2),
            ("__CTRL_ATTR_POLICY_DUMP_MAX", 3),
            ("CTRL_ATTR_POLICY_DUMP_MAX", 2),
        ];
        assert_eq!(
            space(&policy, &[("CTRL_ATTR_POLICY_MAX", 2)]),
            set("CTRL_ATTR_POLICY_", "ctrl_attr_policy")
        );
        let attrs = attribute_members(&m(&policy), "CTRL_ATTR_POLICY_");
        let names: Vec<&str> = attrs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "CTRL_ATTR_POLICY_UNSPEC",
                "CTRL_ATTR_POLICY_DO",
                "CTRL_ATTR_POLICY_DUMP"
            ]
        );
    }
}
