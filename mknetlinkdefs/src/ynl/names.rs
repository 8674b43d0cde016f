//! How YNL names become the C names of the uapi header, per protocol flavour.
//!
//! The rules are those of the kernel's C generator (`tools/net/ynl/pyynl/ynl_gen_c.py`), which
//! writes the headers from the specs (facts read from it, no code taken):
//!
//! | item | default C name | overridden by (genetlink-c and later) |
//! | --- | --- | --- |
//! | attribute | `{FAMILY}_A_{SET}_{ATTR}`, `{FAMILY}_A_{ATTR}` for the set named like the family | set `name-prefix`, attribute `name-prefix`; a `subset-of` set uses its parent's |
//! | set count / max | `__{PREFIX}MAX`, `{PREFIX}MAX` | `attr-cnt-name`, `attr-max-name` |
//! | enum entry | `{FAMILY}_{ENUM}_{ENTRY}` | `name-prefix` |
//! | enum tag | `enum {family}_{enum}` | `enum-name` (empty: an anonymous enum) |
//! | struct | `struct {name}` (dashes to underscores) | — |
//! | operation | `{FAMILY}_CMD_{OP}` | `operations.name-prefix`; `async-prefix` for notifications |
//! | multicast group | genetlink: `{FAMILY}_MCGRP_{NAME}` (a string define); netlink-raw: `{NAME}` with its `value` | `c-define-name` |
//!
//! Upper-case names are the spec name upper-cased with `-` turned into `_`. Plain `genetlink`
//! specs may not use the override keys (the meta-schema forbids them); the reader warns and
//! honours them, as the C generator does. Families whose headers predate their spec (nfnetlink:
//! `NFTA_*`, `CTA_*`) follow none of these rules; the importer matches them by suffix
//! ([`super::import`](mod@super::import)).

use super::spec::{AttrSet, Definition, McastGroup, Op, Protocol, Spec};

/// `name` upper-cased, `-` to `_`.
pub fn c_upper(name: &str) -> String {
    name.to_ascii_uppercase().replace('-', "_")
}

/// `name` lower-cased, `-` to `_`.
pub fn c_lower(name: &str) -> String {
    name.to_ascii_lowercase().replace('-', "_")
}

impl Spec {
    /// The family name as a C identifier (`net-shaper` -> `net_shaper`).
    pub fn ident(&self) -> String {
        self.name.replace('-', "_")
    }

    /// The C prefix of a set's attributes (`RTA_`, `NETDEV_A_DEV_`).
    pub fn set_prefix(&self, set: &AttrSet) -> String {
        if let Some(parent) = set.subset_of.as_deref().and_then(|p| self.set(p)) {
            if parent.name != set.name {
                return self.set_prefix(parent);
            }
        }
        let pfx = match &set.name_prefix {
            Some(p) => p.clone(),
            None if set.name == self.name => format!("{}-a-", self.ident()),
            None => format!("{}-a-{}-", self.ident(), set.name),
        };
        c_upper(&pfx)
    }

    /// The C name of one attribute of `set`.
    pub fn attr_c_name(&self, set: &AttrSet, attr: &str) -> String {
        let own = set.attr(attr).and_then(|a| a.name_prefix.as_deref());
        match own {
            Some(p) => c_upper(&format!("{p}{attr}")),
            None => format!("{}{}", self.set_prefix(set), c_upper(attr)),
        }
    }

    /// The `__*_MAX` (or `attr-cnt-name`) sentinel of a set.
    pub fn set_cnt_name(&self, set: &AttrSet) -> String {
        match (
            &set.attr_cnt_name,
            set.subset_of.as_deref().and_then(|p| self.set(p)),
        ) {
            (_, Some(parent)) if parent.name != set.name => self.set_cnt_name(parent),
            (Some(n), _) => c_upper(n),
            (None, _) => format!("__{}MAX", self.set_prefix(set)),
        }
    }

    /// The prefix of an enum's entries (`NETDEV_XDP_ACT_`).
    pub fn enum_prefix(&self, def: &Definition) -> String {
        c_upper(
            &def.name_prefix
                .clone()
                .unwrap_or_else(|| format!("{}-{}-", self.ident(), def.name)),
        )
    }

    /// The C name of one enum entry.
    pub fn enum_entry_c_name(&self, def: &Definition, entry: &str) -> String {
        format!("{}{}", self.enum_prefix(def), c_upper(entry))
    }

    /// The C enum tag (`None`: an anonymous enum, or a set of `#define`s).
    pub fn enum_c_tag(&self, def: &Definition) -> Option<String> {
        match &def.enum_name {
            Some(Some(n)) => Some(c_lower(n)),
            Some(None) => None,
            None => Some(c_lower(&format!("{}-{}", self.ident(), def.name))),
        }
    }

    /// The C tag of a struct definition.
    pub fn struct_c_name(&self, name: &str) -> String {
        c_lower(name)
    }

    /// The C name of an operation's command or message-type constant.
    pub fn op_c_name(&self, op: &Op) -> String {
        let prefix = if op.is_async() {
            self.operations
                .async_prefix
                .clone()
                .or_else(|| self.operations.name_prefix.clone())
        } else {
            self.operations.name_prefix.clone()
        };
        let prefix = prefix.unwrap_or_else(|| format!("{}-cmd-", self.name));
        format!("{}{}", c_upper(&prefix), c_upper(&op.name))
    }

    /// The C name of a multicast group's constant (netlink-raw: an integer; genetlink: a
    /// string `#define`).
    pub fn mcgrp_c_name(&self, g: &McastGroup) -> String {
        if let Some(n) = &g.c_define_name {
            return c_upper(n);
        }
        match self.protocol {
            Protocol::NetlinkRaw => c_upper(&g.name),
            _ => c_upper(&format!("{}-mcgrp-{}", self.ident(), g.name)),
        }
    }

    /// The header the spec's C names live in (`uapi-header`, else `linux/{family}.h`).
    pub fn header(&self) -> String {
        self.uapi_header
            .clone()
            .unwrap_or_else(|| format!("linux/{}.h", self.ident()))
    }
}
