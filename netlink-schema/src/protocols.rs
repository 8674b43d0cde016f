//! Netlink protocols by name: the `[schema] protocol` of a schema, `--protocol` on the command
//! line, and strace's `socket(AF_NETLINK, ..., NETLINK_ROUTE)` all go through this one list.

/// Netlink protocols (`NETLINK_*`, the third argument of `socket(AF_NETLINK, ...)`, from
/// linux/netlink.h): number, the short name a schema's `[schema] protocol` uses, the C name.
pub const PROTOCOLS: &[(u32, &str, &str)] = &[
    (0, "route", "NETLINK_ROUTE"),
    (1, "unused", "NETLINK_UNUSED"),
    (2, "usersock", "NETLINK_USERSOCK"),
    (3, "firewall", "NETLINK_FIREWALL"),
    (4, "sock_diag", "NETLINK_SOCK_DIAG"),
    (5, "nflog", "NETLINK_NFLOG"),
    (6, "xfrm", "NETLINK_XFRM"),
    (7, "selinux", "NETLINK_SELINUX"),
    (8, "iscsi", "NETLINK_ISCSI"),
    (9, "audit", "NETLINK_AUDIT"),
    (10, "fib_lookup", "NETLINK_FIB_LOOKUP"),
    (11, "connector", "NETLINK_CONNECTOR"),
    (12, "netfilter", "NETLINK_NETFILTER"),
    (13, "ip6_fw", "NETLINK_IP6_FW"),
    (14, "dnrtmsg", "NETLINK_DNRTMSG"),
    (15, "kobject_uevent", "NETLINK_KOBJECT_UEVENT"),
    (16, "generic", "NETLINK_GENERIC"),
    (18, "scsitransport", "NETLINK_SCSITRANSPORT"),
    (19, "ecryptfs", "NETLINK_ECRYPTFS"),
    (20, "rdma", "NETLINK_RDMA"),
    (21, "crypto", "NETLINK_CRYPTO"),
    (22, "smc", "NETLINK_SMC"),
];

/// Other names people use for some protocols.
const ALIASES: &[(&str, u32)] = &[
    ("rtnetlink", 0),
    ("rtnl", 0),
    ("genetlink", 16),
    ("genl", 16),
    ("inet_diag", 4),
];

/// The `NETLINK_GENERIC` protocol number.
pub const GENERIC: u32 = 16;

/// The short name of a protocol number (`route`, `generic`, ...).
pub fn protocol_name(proto: u32) -> Option<&'static str> {
    PROTOCOLS.iter().find(|p| p.0 == proto).map(|p| p.1)
}

/// Parses a protocol as written on the command line, in a schema or on strace's socket() line:
/// `route`, `NETLINK_ROUTE`, `rtnetlink`, `generic`, `genetlink`, or a number (decimal or
/// `0x` hex, up to 31: the kernel's `MAX_LINKS` is 32).
pub fn parse_protocol(text: &str) -> Option<u32> {
    let t = text.trim();
    let number = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => t.parse().ok(),
    };
    if let Some(n) = number {
        return (n < 32).then_some(n);
    }
    let lower = t.to_ascii_lowercase();
    let lower = lower.strip_prefix("netlink_").unwrap_or(&lower);
    ALIASES
        .iter()
        .find(|a| a.0 == lower)
        .map(|a| a.1)
        .or_else(|| PROTOCOLS.iter().find(|p| p.1 == lower).map(|p| p.0))
}

/// Why `text` is not a protocol, with the closest known name: for error messages.
pub fn unknown_protocol(text: &str) -> String {
    let names = PROTOCOLS
        .iter()
        .map(|p| p.1)
        .chain(ALIASES.iter().map(|a| a.0));
    let hint = crate::did_you_mean(text.trim(), names)
        .map(|c| format!(", did you mean `{c}`?"))
        .unwrap_or_default();
    let known: Vec<&str> = PROTOCOLS.iter().map(|p| p.1).collect();
    format!(
        "unknown netlink protocol `{text}`{hint} (known: {}; or a number below 32)",
        known.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_hints() {
        assert_eq!(parse_protocol("NETLINK_ROUTE"), Some(0));
        assert_eq!(parse_protocol("generic"), Some(16));
        assert_eq!(parse_protocol("genl"), Some(16));
        assert_eq!(parse_protocol("sock_diag"), Some(4));
        assert_eq!(parse_protocol("16"), Some(16));
        assert_eq!(parse_protocol("0x4"), Some(4));
        assert_eq!(parse_protocol("99"), None);
        assert_eq!(parse_protocol("bogus"), None);
        assert!(unknown_protocol("routee").contains("did you mean `route`?"));
        assert!(unknown_protocol("sockdiag").contains("did you mean `sock_diag`?"));
        assert!(!unknown_protocol("zzzzzz").contains("did you mean"));
    }
}
