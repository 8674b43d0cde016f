//! Routing table ids (`rtm_table`, `RTA_TABLE`, `FRA_TABLE`).

use std::fmt;
use std::str::FromStr;

use crate::codec::{CEnum, ParseEnumError};
use crate::schemas::rtnetlink::{
    RtClassT, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_UNSPEC,
};

/// A routing table id. Tables are numbers (1 to 2^32 - 1) that people name in
/// `/etc/iproute2/rt_tables`; a few have names fixed by the kernel (the schema's `RT_TABLE_*`,
/// enum `rt_class_t`), which are associated constants, `Display` and `FromStr`.
///
/// A newtype rather than an enum: most tables a program uses are numbers with no name in the
/// kernel. It compares with a plain `u32` (`route.table() == 100`) and converts both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct RouteTable(pub u32);

impl RouteTable {
    /// `RT_TABLE_UNSPEC` (0): in a request, "no table named".
    pub const UNSPEC: RouteTable = RouteTable(RT_TABLE_UNSPEC);
    /// `RT_TABLE_DEFAULT` (253).
    pub const DEFAULT: RouteTable = RouteTable(RT_TABLE_DEFAULT);
    /// `RT_TABLE_MAIN` (254): where routes go unless a table is named.
    pub const MAIN: RouteTable = RouteTable(RT_TABLE_MAIN);
    /// `RT_TABLE_LOCAL` (255): local and broadcast addresses, kept by the kernel.
    pub const LOCAL: RouteTable = RouteTable(RT_TABLE_LOCAL);

    /// The id.
    pub const fn id(self) -> u32 {
        self.0
    }

    /// The schema's name of this id (`main`, `local`, ...), `None` for a plain number.
    pub fn name(self) -> Option<&'static str> {
        match RtClassT::from_raw(i64::from(self.0)) {
            // RT_TABLE_MAX is the largest id, not a table.
            RtClassT::Max | RtClassT::Unknown(_) => None,
            c => c.name(),
        }
    }
}

impl From<u32> for RouteTable {
    fn from(id: u32) -> RouteTable {
        RouteTable(id)
    }
}

impl From<RouteTable> for u32 {
    fn from(t: RouteTable) -> u32 {
        t.0
    }
}

impl From<RouteTable> for u64 {
    fn from(t: RouteTable) -> u64 {
        u64::from(t.0)
    }
}

impl PartialEq<u32> for RouteTable {
    fn eq(&self, other: &u32) -> bool {
        self.0 == *other
    }
}

impl PartialEq<RouteTable> for u32 {
    fn eq(&self, other: &RouteTable) -> bool {
        *self == other.0
    }
}

impl fmt::Display for RouteTable {
    /// The schema's name, else the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

impl FromStr for RouteTable {
    type Err = ParseEnumError;
    /// A number, or a name of the schema in any letter case (`main`, `LOCAL`).
    fn from_str(s: &str) -> Result<RouteTable, ParseEnumError> {
        if let Ok(id) = s.parse::<u32>() {
            return Ok(RouteTable(id));
        }
        let named = s
            .parse::<RtClassT>()
            .ok()
            .and_then(|c| u32::try_from(c.to_raw()).ok())
            .map(RouteTable)
            .filter(|t| t.name().is_some());
        named.ok_or_else(|| ParseEnumError {
            type_name: "RouteTable",
            input: s.into(),
            expected: RtClassT::NAMES
                .iter()
                .filter(|(c, _)| !matches!(c, RtClassT::Max))
                .map(|(_, n)| *n)
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(RouteTable::MAIN.to_string(), "main");
        assert_eq!(RouteTable(100).to_string(), "100");
        assert_eq!(RouteTable(u32::MAX).to_string(), "4294967295");
        assert_eq!("Local".parse::<RouteTable>().unwrap(), RouteTable::LOCAL);
        assert_eq!("1000".parse::<RouteTable>().unwrap(), 1000);
        assert_eq!("254".parse::<RouteTable>().unwrap(), RouteTable::MAIN);
        let e = "max".parse::<RouteTable>().unwrap_err();
        assert!(
            e.expected.contains(&"main") && !e.expected.contains(&"max"),
            "{e}"
        );
        assert!("mian".parse::<RouteTable>().is_err());
    }
}
