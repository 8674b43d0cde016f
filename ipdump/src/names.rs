//! The names iproute2 prints for numbers (`/etc/iproute2/rt_*` defaults and the tables compiled
//! into `ip`): protocols, scopes, tables, route types, link flags, operstates, hardware types,
//! neighbour states. Unknown numbers print as their decimal value, as `ip` does.

use std::borrow::Cow;

use netlink_runtime::schemas::rtnetlink as rt;

/// Route protocol (`RTPROT_*`) as `ip` names it.
pub fn protocol(p: u8) -> Cow<'static, str> {
    let n = match p {
        0 => "unspec",
        1 => "redirect",
        2 => "kernel",
        3 => "boot",
        4 => "static",
        8 => "gated",
        9 => "ra",
        10 => "mrt",
        11 => "zebra",
        12 => "bird",
        13 => "dnrouted",
        14 => "xorp",
        15 => "ntk",
        16 => "dhcp",
        18 => "keepalived",
        42 => "babel",
        99 => "openr",
        186 => "bgp",
        187 => "isis",
        188 => "ospf",
        189 => "rip",
        192 => "eigrp",
        _ => return Cow::Owned(p.to_string()),
    };
    Cow::Borrowed(n)
}

/// Scope (`RT_SCOPE_*`).
pub fn scope(s: u8) -> Cow<'static, str> {
    let n = match s {
        0 => "global",
        200 => "site",
        253 => "link",
        254 => "host",
        255 => "nowhere",
        _ => return Cow::Owned(s.to_string()),
    };
    Cow::Borrowed(n)
}

/// Routing table id.
pub fn table(t: u32) -> Cow<'static, str> {
    let n = match t {
        0 => "unspec",
        253 => "default",
        254 => "main",
        255 => "local",
        _ => return Cow::Owned(t.to_string()),
    };
    Cow::Borrowed(n)
}

/// Table id from a name or number (`main`, `local`, `default`, `254`...).
pub fn table_id(s: &str) -> Option<u32> {
    match s {
        "unspec" => Some(0),
        "default" => Some(253),
        "main" => Some(254),
        "local" => Some(255),
        _ => s.parse().ok(),
    }
}

/// Route type (`RTN_*`).
pub fn route_type(t: u8) -> Cow<'static, str> {
    let n = match t {
        0 => "none",
        1 => "unicast",
        2 => "local",
        3 => "broadcast",
        4 => "anycast",
        5 => "multicast",
        6 => "blackhole",
        7 => "unreachable",
        8 => "prohibit",
        9 => "throw",
        10 => "nat",
        11 => "xresolve",
        _ => return Cow::Owned(t.to_string()),
    };
    Cow::Borrowed(n)
}

/// Link flags (`IFF_*`, linux/if.h: not among the schema's headers) in the order `ip` prints
/// them.
pub const LINK_FLAGS: &[(u32, &str)] = &[
    (0x8, "LOOPBACK"),
    (0x2, "BROADCAST"),
    (0x10, "POINTOPOINT"),
    (0x1000, "MULTICAST"),
    (0x80, "NOARP"),
    (0x200, "ALLMULTI"),
    (0x100, "PROMISC"),
    (0x400, "MASTER"),
    (0x800, "SLAVE"),
    (0x4, "DEBUG"),
    (0x8000, "DYNAMIC"),
    (0x4000, "AUTOMEDIA"),
    (0x2000, "PORTSEL"),
    (0x20, "NOTRAILERS"),
    (0x1, "UP"),
    (0x10000, "LOWER_UP"),
    (0x20000, "DORMANT"),
    (0x40000, "ECHO"),
];

/// `IFF_RUNNING` (linux/if.h is not among the rtnetlink schema's headers yet; libc has it).
pub const IFF_RUNNING: u32 = libc::IFF_RUNNING as u32;

/// Operational state (`IF_OPER_*`).
pub fn operstate(s: u8) -> Cow<'static, str> {
    const N: [&str; 7] = [
        "UNKNOWN",
        "NOTPRESENT",
        "DOWN",
        "LOWERLAYERDOWN",
        "TESTING",
        "DORMANT",
        "UP",
    ];
    match N.get(usize::from(s)) {
        Some(n) => Cow::Borrowed(n),
        None => Cow::Owned(s.to_string()),
    }
}

/// Link mode (`IF_LINK_MODE_*`).
pub fn linkmode(m: u8) -> Cow<'static, str> {
    match m {
        0 => Cow::Borrowed("DEFAULT"),
        1 => Cow::Borrowed("DORMANT"),
        2 => Cow::Borrowed("TESTING"),
        _ => Cow::Owned(m.to_string()),
    }
}

/// Hardware type (`ARPHRD_*`, linux/if_arp.h: not among the schema's headers) as `ip` names
/// it.
pub fn link_type(t: u16) -> Cow<'static, str> {
    let n = match t {
        0 => "netrom",
        1 => "ether",
        2 => "eether",
        3 => "ax25",
        4 => "pronet",
        5 => "chaos",
        6 => "ieee802",
        7 => "arcnet",
        8 => "atalk",
        15 => "dlci",
        19 => "atm",
        23 => "metricom",
        24 => "ieee1394",
        27 => "eui64",
        32 => "infiniband",
        256 => "slip",
        257 => "cslip",
        258 => "slip6",
        259 => "cslip6",
        260 => "rsrvd",
        264 => "adapt",
        270 => "rose",
        271 => "x25",
        272 => "hwx25",
        280 => "can",
        512 => "ppp",
        513 => "cisco",
        516 => "lapb",
        517 => "ddcmp",
        518 => "rawhdlc",
        519 => "rawip",
        768 => "ipip",
        769 => "tunnel6",
        770 => "frad",
        771 => "skip",
        772 => "loopback",
        773 => "localtlk",
        774 => "fddi",
        775 => "bif",
        776 => "sit",
        777 => "ip/ddp",
        778 => "gre",
        779 => "pimreg",
        780 => "hippi",
        781 => "ash",
        782 => "econet",
        783 => "irda",
        784 => "fcpp",
        785 => "fcal",
        786 => "fcpl",
        787 => "fcfb0",
        800 => "tr",
        801 => "tr+",
        802 => "ieee802.11",
        803 => "ieee802.11/prism",
        804 => "ieee802.11/radiotap",
        820 => "ieee802.15.4",
        821 => "ieee802.15.4/monitor",
        823 => "gre6",
        824 => "netlink",
        825 => "6lowpan",
        826 => "vsockmon",
        0xfffe => "none",
        0xffff => "void",
        _ => return Cow::Owned(format!("[{t}]")),
    };
    Cow::Borrowed(n)
}

/// Neighbour states (`NUD_*`) in the order `ip` prints them.
pub const NEIGH_STATES: &[(u16, &str)] = &[
    (rt::NUD_INCOMPLETE, "INCOMPLETE"),
    (rt::NUD_REACHABLE, "REACHABLE"),
    (rt::NUD_STALE, "STALE"),
    (rt::NUD_DELAY, "DELAY"),
    (rt::NUD_PROBE, "PROBE"),
    (rt::NUD_FAILED, "FAILED"),
    (rt::NUD_NOARP, "NOARP"),
    (rt::NUD_PERMANENT, "PERMANENT"),
];

/// Route / next-hop flags (`RTNH_F_*`, `RTM_F_*`) in the order `ip` prints them.
pub const ROUTE_FLAGS: &[(u32, &str)] = &[
    (rt::RTNH_F_DEAD, "dead"),
    (rt::RTNH_F_ONLINK, "onlink"),
    (rt::RTNH_F_PERVASIVE, "pervasive"),
    (rt::RTNH_F_OFFLOAD, "offload"),
    (rt::RTNH_F_TRAP, "trap"),
    (rt::RTM_F_NOTIFY, "notify"),
    (rt::RTNH_F_LINKDOWN, "linkdown"),
    (rt::RTNH_F_UNRESOLVED, "unresolved"),
    (rt::RTM_F_OFFLOAD, "rt_offload"),
    (rt::RTM_F_TRAP, "rt_trap"),
    (rt::RTM_F_OFFLOAD_FAILED, "rt_offload_failed"),
];

/// Address flags (`IFA_F_*`) in the order `ip` prints them (`dynamic` is the absence of
/// permanent; `secondary` is called `temporary` on IPv6 addresses).
pub const ADDR_FLAGS: &[(u32, &str)] = &[
    (rt::IFA_F_SECONDARY, "secondary"),
    (rt::IFA_F_NODAD, "nodad"),
    (rt::IFA_F_OPTIMISTIC, "optimistic"),
    (rt::IFA_F_DADFAILED, "dadfailed"),
    (rt::IFA_F_HOMEADDRESS, "home"),
    (rt::IFA_F_DEPRECATED, "deprecated"),
    (rt::IFA_F_TENTATIVE, "tentative"),
    (rt::IFA_F_PERMANENT, "permanent"),
    (rt::IFA_F_MANAGETEMPADDR, "mngtmpaddr"),
    (rt::IFA_F_NOPREFIXROUTE, "noprefixroute"),
    (rt::IFA_F_MCAUTOJOIN, "autojoin"),
    (rt::IFA_F_STABLE_PRIVACY, "stable-privacy"),
];

/// Names of `RTAX_*` metrics as `ip` prints them (index = RTAX id).
pub const METRICS: [&str; 18] = [
    "",
    "lock",
    "mtu",
    "window",
    "rtt",
    "rttvar",
    "ssthresh",
    "cwnd",
    "advmss",
    "reordering",
    "hoplimit",
    "initcwnd",
    "features",
    "rto_min",
    "initrwnd",
    "quickack",
    "congctl",
    "fastopen_no_cookie",
];

/// IPv6 router preference (`RTA_PREF`).
pub fn pref(p: u8) -> Cow<'static, str> {
    match p {
        0 => Cow::Borrowed("medium"),
        1 => Cow::Borrowed("high"),
        3 => Cow::Borrowed("low"),
        _ => Cow::Owned(p.to_string()),
    }
}
