//! The bundled schemas' own items, generated at compile time by `netlink_derive::schema!`:
//! typed constants (message types, flags, attribute ids, enum values), Rust enums for the C
//! enums, and `#[repr(C)]` structs with the compiler's layout. Nobody retypes a kernel constant:
//! the runtime itself takes every constant it uses from here.

/// What every netlink protocol shares (`schemas/netlink.toml`, from linux/netlink.h):
/// `nlmsghdr` flags and types, `nlmsgerr` and its extended-ACK attributes, `nlattr` flags,
/// protocol numbers and socket options.
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod netlink {
    netlink_derive::schema!("netlink");
}

/// Generic netlink's controller, nlctrl (`schemas/genetlink.toml`, from linux/genetlink.h).
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod genetlink {
    netlink_derive::schema!("genetlink");
}

/// rtnetlink (`schemas/rtnetlink.toml`): links, addresses, routes, neighbours, rules, nexthops.
#[cfg(feature = "rtnl")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod rtnetlink {
    netlink_derive::schema!("rtnetlink", serde = "serde");
}

/// Traffic control (`schemas/tc.toml`, from linux/pkt_sched.h, linux/pkt_cls.h,
/// linux/gen_stats.h and linux/tc_act/*.h, with linux/rtnetlink.h for `tcmsg`): qdiscs,
/// classes, filters, actions, their options by kind and their statistics.
#[cfg(feature = "tc")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod tc {
    netlink_derive::schema!("tc", serde = "serde");
}

/// The ethtool generic netlink family (`schemas/ethtool.toml`, from linux/ethtool_netlink.h).
#[cfg(feature = "ethtool")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod ethtool {
    netlink_derive::schema!("ethtool");
}

/// The netdev generic netlink family (`schemas/netdev.toml`, written from netdev.yaml).
#[cfg(feature = "netdev")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod netdev {
    netlink_derive::schema!("netdev");
}

/// The tcp_metrics generic netlink family (`schemas/tcp_metrics.toml`, from linux/tcp_metrics.h).
#[cfg(feature = "tcp_metrics")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod tcp_metrics {
    netlink_derive::schema!("tcp_metrics");
}

/// The mptcp_pm generic netlink family (`schemas/mptcp.toml`, from linux/mptcp.h).
#[cfg(feature = "mptcp")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod mptcp {
    netlink_derive::schema!("mptcp");
}

/// nfnetlink's own items (`schemas/nfnetlink.toml`, from linux/netfilter/nfnetlink.h):
/// `nfgenmsg`, the subsystem ids, the multicast groups and the batch attributes.
#[cfg(feature = "nfnetlink")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod nfnetlink {
    netlink_derive::schema!("nfnetlink", serde = "serde");
}

/// Connection tracking over nfnetlink (`schemas/conntrack.toml`, from
/// linux/netfilter/nfnetlink_conntrack.h, nf_conntrack_common.h, nf_conntrack_tcp.h and
/// nf_conntrack_tuple_common.h).
#[cfg(feature = "conntrack")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod conntrack {
    netlink_derive::schema!("conntrack", serde = "serde");
}

/// nf_tables (`schemas/nftables.toml`, from linux/netfilter.h and linux/netfilter/nf_tables.h).
#[cfg(feature = "nftables")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod nftables {
    netlink_derive::schema!("nftables", serde = "serde");
}

/// ipset (`schemas/ipset.toml`, from linux/netfilter/ipset/ip_set.h).
#[cfg(feature = "ipset")]
#[allow(missing_docs, non_upper_case_globals, clippy::all)]
pub mod ipset {
    netlink_derive::schema!("ipset", serde = "serde");
}
