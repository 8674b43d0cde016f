//! The bundled schemas' own items, generated at compile time by `netlink_derive::schema!`:
//! typed constants (message types, flags, attribute ids, enum values), Rust enums for the C
//! enums, and `#[repr(C)]` structs with the compiler's layout. Nobody retypes a kernel constant.

/// rtnetlink (`schemas/rtnetlink.toml`): links, addresses, routes, neighbours, rules, nexthops.
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod rtnetlink {
    netlink_derive::schema!("rtnetlink");
}

/// Generic netlink's controller, nlctrl (`schemas/genetlink.toml`).
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod genetlink {
    netlink_derive::schema!("genetlink");
}
