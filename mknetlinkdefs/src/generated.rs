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

/// Whether an enum is a netlink attribute space: its members share a prefix, one of them is
/// `<PREFIX>UNSPEC = 0`, and it ends with a `__<PREFIX>MAX` sentinel, or (ethtool's style) with
/// `__<PREFIX>CNT, <PREFIX>MAX = __<PREFIX>CNT - 1`. Command enums (`*_CMD_*`) have the same
/// shape and are left out.
fn attribute_space(members: &[(String, i128)]) -> Option<(String, String)> {
    let (last, _) = members.last()?;
    // `<PREFIX>MAX` as the last member: the sentinel is the one before it.
    let trailing_max = !last.starts_with("__") && last.ends_with("_MAX");
    let (sentinel, _) = if trailing_max {
        members.len().checked_sub(2).and_then(|i| members.get(i))?
    } else {
        members.last()?
    };
    let named: Vec<&str> = members
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.starts_with("__"))
        .collect();
    if named.len() < 2 || !sentinel.starts_with("__") {
        return None;
    }
    let prefix = common_prefix(named.iter().copied());
    if prefix.is_empty() || prefix.contains("_CMD_") || prefix.ends_with("CMD_") {
        return None;
    }
    let unspec = format!("{prefix}UNSPEC");
    let has_unspec = members.iter().any(|(n, v)| *n == unspec && *v == 0);
    let sentinel_ok = if trailing_max {
        *last == format!("{prefix}MAX") && *sentinel == format!("__{prefix}CNT")
    } else {
        sentinel.ends_with("MAX") && sentinel.contains(prefix.trim_end_matches('_'))
    };
    (has_unspec && sentinel_ok).then(|| {
        (
            prefix.clone(),
            prefix.trim_end_matches('_').to_ascii_lowercase(),
        )
    })
}

/// Arranges the front-end's output as schema items. `not_sets` lists enum keys or set keys that
/// must not become attribute sets.
pub fn from_header_items(
    items: &HeaderItems,
    include_dirs: &[PathBuf],
    not_sets: &[String],
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
        let space = attribute_space(&members);
        let base_key = match (&e.name, &space) {
            (Some(tag), _) => tag.clone(),
            (None, Some((_, set_key))) => set_key.clone(),
            (None, None) => {
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
        out.enums.push(GenEnum {
            key: key.clone(),
            values: members.iter().map(|(n, _)| n.clone()).collect(),
            header: header.clone(),
        });

        let Some((prefix, set_key)) = space else {
            continue;
        };
        if not_sets.iter().any(|n| *n == key || *n == set_key) {
            continue;
        }
        let max_alias = format!("{prefix}MAX");
        let mut seen_ids = HashSet::new();
        let attributes: Vec<(String, u16)> = members
            .iter()
            .filter(|(n, _)| !n.starts_with("__") && *n != max_alias)
            .filter_map(|(n, v)| u16::try_from(*v).ok().map(|id| (n.clone(), id)))
            // A later member with an earlier member's value is an alias, not a new attribute.
            .filter(|(_, id)| seen_ids.insert(*id))
            .collect();
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

    #[test]
    fn recognises_attribute_spaces() {
        let rta = m(&[
            ("RTA_UNSPEC", 0),
            ("RTA_DST", 1),
            ("RTA_SRC", 2),
            ("__RTA_MAX", 3),
        ]);
        assert_eq!(attribute_space(&rta), Some(("RTA_".into(), "rta".into())));
        let info = m(&[
            ("IFLA_INFO_UNSPEC", 0),
            ("IFLA_INFO_KIND", 1),
            ("__IFLA_INFO_MAX", 2),
        ]);
        assert_eq!(
            attribute_space(&info),
            Some(("IFLA_INFO_".into(), "ifla_info".into()))
        );
        let cmds = m(&[
            ("CTRL_CMD_UNSPEC", 0),
            ("CTRL_CMD_NEWFAMILY", 1),
            ("__CTRL_CMD_MAX", 2),
        ]);
        assert_eq!(attribute_space(&cmds), None);
        let groups = m(&[
            ("RTNLGRP_NONE", 0),
            ("RTNLGRP_LINK", 1),
            ("__RTNLGRP_MAX", 2),
        ]);
        assert_eq!(attribute_space(&groups), None);
        let cnt = m(&[
            ("ETHTOOL_A_HEADER_UNSPEC", 0),
            ("ETHTOOL_A_HEADER_DEV_INDEX", 1),
            ("__ETHTOOL_A_HEADER_CNT", 2),
            ("ETHTOOL_A_HEADER_MAX", 1),
        ]);
        assert_eq!(
            attribute_space(&cnt),
            Some(("ETHTOOL_A_HEADER_".into(), "ethtool_a_header".into()))
        );
        // `__X_DUMP_MAX, X_DUMP_MAX`: the trailing max does not name the prefix, not a set.
        let dump_max = m(&[
            ("CTRL_ATTR_POLICY_UNSPEC", 0),
            ("CTRL_ATTR_POLICY_DO", 1),
            ("__CTRL_ATTR_POLICY_DUMP_MAX", 2),
            ("CTRL_ATTR_POLICY_DUMP_MAX", 1),
        ]);
        assert_eq!(attribute_space(&dump_max), None);
        let no_sentinel = m(&[("X_UNSPEC", 0), ("X_A", 1)]);
        assert_eq!(attribute_space(&no_sentinel), None);
    }
}
