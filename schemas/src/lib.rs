//! The netlink schemas bundled with the toolkit, embedded as text: one copy of each file
//! (`schemas/*.toml` in the repository), shared by `netlink-derive` (which expands them at
//! compile time) and `mknetlinkdefs decode` (which reads them at run time).
//!
//! ```
//! let rt = netlink_schemas::get("rtnetlink").unwrap();
//! assert_eq!(rt.file, "schemas/rtnetlink.toml");
//! assert!(rt.text.contains("[messages.route]"));
//! ```
#![deny(missing_docs)]

/// One bundled schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bundled {
    /// The name a user gives (`#[netlink(schema = "rtnetlink")]`): the file's stem.
    pub name: &'static str,
    /// The file in the repository (`schemas/rtnetlink.toml`), for messages.
    pub file: &'static str,
    /// The file's text.
    pub text: &'static str,
    /// Whether it describes a kernel protocol (`false` for the `example` test fixture).
    pub kernel: bool,
}

macro_rules! bundled {
    ($($name:literal $(, $kind:ident)?;)*) => {
        /// Every bundled schema, in a fixed order.
        pub const ALL: &[Bundled] = &[$(Bundled {
            name: $name,
            file: concat!("schemas/", $name, ".toml"),
            text: include_str!(concat!("../", $name, ".toml")),
            kernel: bundled!(@kernel $($kind)?),
        },)*];
    };
    (@kernel fixture) => { false };
    (@kernel) => { true };
}

bundled! {
    "netlink";
    "rtnetlink";
    "genetlink";
    "ethtool";
    "netdev";
    "tcp_metrics";
    "mptcp";
    "nfnetlink";
    "conntrack";
    "nftables";
    "ipset";
    "tc";
    "example", fixture;
}

/// The bundled schema called `name`.
pub fn get(name: &str) -> Option<&'static Bundled> {
    ALL.iter().find(|b| b.name == name)
}

/// The names of the bundled schemas.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|b| b.name)
}
