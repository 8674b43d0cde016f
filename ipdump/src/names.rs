//! The names `ip` prints for kernel values, where they differ from the schema's.
//!
//! Every value and its name come from the rtnetlink schema: the typed values of
//! `netlink_runtime::rtnl` (`RouteProtocol`, `RouteScope`, `LinkType`, ...) print the header's
//! names (`RTPROT_STATIC` -> `static`, `IFF_LOWER_UP` -> `LOWER_UP`) through `Display`.
//! iproute2 renamed a few of them (in its `/etc/iproute2/rt_*` files and the tables compiled
//! into `ip`), and leaves some unnamed; how `ip` prints is presentation, so those differences
//! live here, in the tool, and only those. Unknown numbers print as `ip` prints them (decimal,
//! or `[N]` for hardware types).

use std::borrow::Cow;

use netlink_runtime::codec::CEnum;
use netlink_runtime::rtnl::{
    AddressFlags, EncapType, LinkFlags, LinkType, NeighbourState, RouteProtocol, RouteScope,
    RouteTable, RouteType, Seg6LocalAction, Seg6Mode,
};
use netlink_runtime::schemas::rtnetlink::{self as rt, Icmpv6RouterPref, Rtcf};

/// A typed value's schema name, or its number.
fn schema_name<T: CEnum + std::fmt::Display>(v: T) -> Cow<'static, str> {
    Cow::Owned(v.to_string())
}

/// Route protocol (`RTPROT_*`) as `ip` names it: the schema's names, but `ip`'s default
/// `/etc/iproute2/rt_protos` has no line for `RTPROT_MROUTED` (17), so `ip` prints the number.
pub fn protocol(p: RouteProtocol) -> Cow<'static, str> {
    match p {
        RouteProtocol::Mrouted => Cow::Owned(p.to_raw().to_string()),
        p => match p.name() {
            Some(n) => Cow::Borrowed(n),
            None => schema_name(p),
        },
    }
}

/// Scope (`RT_SCOPE_*`): `ip` calls `RT_SCOPE_UNIVERSE` `global` (`/etc/iproute2/rt_scopes`).
pub fn scope(s: RouteScope) -> Cow<'static, str> {
    match (s, s.name()) {
        (RouteScope::Universe, _) => Cow::Borrowed("global"),
        (_, Some(n)) => Cow::Borrowed(n),
        (s, None) => schema_name(s),
    }
}

/// Routing table: the schema's `RT_TABLE_*` names as far as `ip`'s default
/// `/etc/iproute2/rt_tables` has them (not `RT_TABLE_COMPAT`, which `ip` prints as a number).
pub fn table(t: RouteTable) -> Cow<'static, str> {
    match t.name() {
        Some(n) if t != rt::RT_TABLE_COMPAT => Cow::Borrowed(n),
        _ => Cow::Owned(t.id().to_string()),
    }
}

/// Table from a name or number, as `ip` reads it (`main`, `local`, `default`, `unspec`,
/// `254`...).
pub fn table_id(s: &str) -> Option<RouteTable> {
    let t: RouteTable = s.parse().ok()?;
    let compat_name = t == rt::RT_TABLE_COMPAT && s.parse::<u32>().is_err();
    (!compat_name).then_some(t)
}

/// Route type (`RTN_*`): `ip` calls `RTN_UNSPEC` `none`.
pub fn route_type(t: RouteType) -> Cow<'static, str> {
    match (t, t.name()) {
        (RouteType::Unspec, _) => Cow::Borrowed("none"),
        (_, Some(n)) => Cow::Borrowed(n),
        (t, None) => schema_name(t),
    }
}

/// Link flags in the order `ip` prints them (its own order, not the bits'); the names are the
/// schema's (`IFF_*` after the prefix, upper case, as `ip` prints them).
pub const LINK_FLAGS: &[LinkFlags] = &[
    LinkFlags::LOOPBACK,
    LinkFlags::BROADCAST,
    LinkFlags::POINTOPOINT,
    LinkFlags::MULTICAST,
    LinkFlags::NOARP,
    LinkFlags::ALLMULTI,
    LinkFlags::PROMISC,
    LinkFlags::MASTER,
    LinkFlags::SLAVE,
    LinkFlags::DEBUG,
    LinkFlags::DYNAMIC,
    LinkFlags::AUTOMEDIA,
    LinkFlags::PORTSEL,
    LinkFlags::NOTRAILERS,
    LinkFlags::UP,
    LinkFlags::LOWER_UP,
    LinkFlags::DORMANT,
    LinkFlags::ECHO,
];

/// The schema's name of one link flag bit.
pub fn link_flag(f: LinkFlags) -> &'static str {
    f.names().next().unwrap_or("")
}

/// Hardware type (`ARPHRD_*`) as `ip` names it: the schema's names (lower case after the
/// prefix) but for the ones iproute2's `ll_types.c` renamed, and `[N]` for the ones it does
/// not name (`eui64`, `mctp`, `rawip`, `vsockmon` are unnamed in iproute2 6.1).
pub fn link_type(t: LinkType) -> Cow<'static, str> {
    let n = match t {
        LinkType::Appletlk => "atalk",
        // ARPHRD_HDLC has the value of ARPHRD_CISCO (513), which the schema names first.
        LinkType::Cisco | LinkType::Hdlc => "hdlc",
        LinkType::Tunnel => "ipip",
        LinkType::Localtlk => "ltalk",
        LinkType::Ipddp => "ip/ddp",
        LinkType::Ipgre => "gre",
        LinkType::Fcfabric => "fcfb0",
        LinkType::Ieee802Tr => "tr",
        LinkType::Ieee80211 => "ieee802.11",
        LinkType::Ieee80211Prism => "ieee802.11/prism",
        LinkType::Ieee80211Radiotap => "ieee802.11/radiotap",
        LinkType::Ieee802154 => "ieee802.15.4",
        LinkType::Ieee802154Monitor => "ieee802.15.4/monitor",
        LinkType::Ip6gre => "gre6",
        LinkType::Eui64 | LinkType::Mctp | LinkType::Rawip | LinkType::Vsockmon => {
            return Cow::Owned(format!("[{}]", t.to_raw()));
        }
        LinkType::Unknown(v) => {
            // `ip` names the twelve fibre-channel fabric types after ARPHRD_FCFABRIC too.
            let fabric = v - LinkType::Fcfabric.to_raw();
            return Cow::Owned(if (1..=12).contains(&fabric) {
                format!("fcfb{fabric}")
            } else {
                format!("[{v}]")
            });
        }
        t => return t.name().map_or_else(|| schema_name(t), Cow::Borrowed),
    };
    Cow::Borrowed(n)
}

/// Route / next-hop flags (`RTNH_F_*`, `RTM_F_*`; the schema has them as constants, not as a
/// set) in the order and with the names `ip` prints them (`rt_` marks the route-level ones).
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

/// An address flag (`IFA_F_*`) as `ip` names it: the schema's name but for the four iproute2
/// shortened or spelled its own way. (`ip` prints them in the schema's order; `dynamic` is the
/// absence of `permanent` and `secondary` is `temporary` on IPv6, which the caller decides.)
pub fn addr_flag(f: AddressFlags) -> &'static str {
    match f {
        AddressFlags::HOMEADDRESS => "home",
        AddressFlags::MANAGETEMPADDR => "mngtmpaddr",
        AddressFlags::MCAUTOJOIN => "autojoin",
        AddressFlags::STABLE_PRIVACY => "stable-privacy",
        f => f.names().next().unwrap_or(""),
    }
}

/// A routing realm (`RTA_FLOW`) as `ip` names it: its default `/etc/iproute2/rt_realms` names
/// realm 0 `cosmos`; others print as numbers.
pub fn realm(r: u32) -> Cow<'static, str> {
    match r {
        0 => Cow::Borrowed("cosmos"),
        r => Cow::Owned(r.to_string()),
    }
}

/// A route's TOS / DS field (`rtm_tos`) as `ip` names it: the DSCP class names of its
/// default `/etc/iproute2/rt_dsfield` (`0x28` is `AF11`, `0xb8` is `EF`), others as `0x%02x`.
pub fn dsfield(tos: u8) -> Cow<'static, str> {
    match DSFIELD_NAMES.iter().find(|(v, _)| *v == tos) {
        Some((_, n)) => Cow::Borrowed(n),
        None => Cow::Owned(format!("{tos:#04x}")),
    }
}

/// A TOS / DS field as `ip` reads one: a name [`dsfield`] prints (any letter case) or a
/// hexadecimal number, with or without `0x` (`ip` reads `tos 10` as 0x10).
pub fn dsfield_value(s: &str) -> Option<u8> {
    if let Some((v, _)) = DSFIELD_NAMES
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(s))
    {
        return Some(*v);
    }
    u8::from_str_radix(s.strip_prefix("0x").unwrap_or(s), 16).ok()
}

/// The DSCP class names of `ip`'s default `/etc/iproute2/rt_dsfield`.
const DSFIELD_NAMES: [(u8, &str); 21] = [
    (0x00, "default"),
    (0x28, "AF11"),
    (0x30, "AF12"),
    (0x38, "AF13"),
    (0x48, "AF21"),
    (0x50, "AF22"),
    (0x58, "AF23"),
    (0x68, "AF31"),
    (0x70, "AF32"),
    (0x78, "AF33"),
    (0x88, "AF41"),
    (0x90, "AF42"),
    (0x98, "AF43"),
    (0x20, "CS1"),
    (0x40, "CS2"),
    (0x60, "CS3"),
    (0x80, "CS4"),
    (0xa0, "CS5"),
    (0xc0, "CS6"),
    (0xe0, "CS7"),
    (0xb8, "EF"),
];

/// An IP protocol as `ip route get ipproto` reads one: the `/etc/protocols` names of the four
/// the kernel's lookup knows (`tcp`, `udp`, `icmp`, `ipv6-icmp`), or a number.
pub fn ip_proto_value(s: &str) -> Option<u8> {
    match s {
        "icmp" => Some(1),
        "tcp" => Some(6),
        "udp" => Some(17),
        "ipv6-icmp" | "icmpv6" => Some(58),
        n => n.parse().ok(),
    }
}

/// A segment routing encapsulation's mode (`SEG6_IPTUN_MODE_*`): the schema's names, but `ip`
/// writes the reduced modes with a dot (`encap.red`, `l2encap.red`) and unknown ones as
/// `<unknown>`.
pub fn seg6_mode(m: Seg6Mode) -> &'static str {
    match m.name() {
        Some("encap_red") => "encap.red",
        Some("l2encap_red") => "l2encap.red",
        Some(n) => n,
        None => "<unknown>",
    }
}

/// A seg6local function (`SEG6_LOCAL_ACTION_*`) as `ip` names it (`End.DT6` for
/// `SEG6_LOCAL_ACTION_END_DT6`).
pub fn seg6local_action(a: Seg6LocalAction) -> &'static str {
    const NAMED: [(Seg6LocalAction, &str); 16] = [
        (Seg6LocalAction::End, "End"),
        (Seg6LocalAction::EndX, "End.X"),
        (Seg6LocalAction::EndT, "End.T"),
        (Seg6LocalAction::EndDx2, "End.DX2"),
        (Seg6LocalAction::EndDx6, "End.DX6"),
        (Seg6LocalAction::EndDx4, "End.DX4"),
        (Seg6LocalAction::EndDt6, "End.DT6"),
        (Seg6LocalAction::EndDt4, "End.DT4"),
        (Seg6LocalAction::EndB6, "End.B6"),
        (Seg6LocalAction::EndB6Encap, "End.B6.Encaps"),
        (Seg6LocalAction::EndBm, "End.BM"),
        (Seg6LocalAction::EndS, "End.S"),
        (Seg6LocalAction::EndAs, "End.AS"),
        (Seg6LocalAction::EndAm, "End.AM"),
        (Seg6LocalAction::EndBpf, "End.BPF"),
        (Seg6LocalAction::EndDt46, "End.DT46"),
    ];
    NAMED
        .iter()
        .find(|(v, _)| *v == a)
        .map_or("<invalid>", |(_, n)| n)
}

/// An FDB entry state as `bridge fdb show state` reads one: `permanent`, `static` (or
/// `temp`: `NUD_NOARP`), `reachable` (or `dynamic`: learnt), `stale`, `all`, or a number.
pub fn fdb_state(s: &str) -> Option<NeighbourState> {
    Some(match s {
        "permanent" => NeighbourState::PERMANENT,
        "static" | "temp" => NeighbourState::NOARP,
        "reachable" | "dynamic" => NeighbourState::REACHABLE,
        "stale" => NeighbourState::STALE,
        "all" => NeighbourState::from_raw(0xffff),
        n => {
            let v = match n.strip_prefix("0x") {
                Some(h) => u16::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            NeighbourState::from_raw(i64::from(v))
        }
    })
}

/// A route's encapsulation type (`LWTUNNEL_ENCAP_*`): the schema's names, but `ip` writes
/// `SEG6_LOCAL` as `seg6local`.
pub fn encap_type(t: EncapType) -> Cow<'static, str> {
    match (t, t.name()) {
        (EncapType::Seg6Local, _) => Cow::Borrowed("seg6local"),
        (_, Some(n)) => Cow::Borrowed(n),
        (t, None) => schema_name(t),
    }
}

/// IPv6 router preference (`RTA_PREF`, `ICMPV6_ROUTER_PREF_*`): the schema's names, but
/// `ip` prints the reserved value (`INVALID`, 2) and unknown ones as numbers (`None`).
pub fn pref(p: u8) -> Option<&'static str> {
    match Icmpv6RouterPref::from_raw(i64::from(p)) {
        Icmpv6RouterPref::Invalid | Icmpv6RouterPref::Unknown(_) => None,
        v => v.name(),
    }
}

/// The IPv4 routing cache flags of a cloned route (`RTCF_*`, the upper half of `rtm_flags`)
/// in the order and with the names `ip route get` prints them (iproute2 shortened most:
/// `RTCF_BROADCAST` is `brd`); bits it does not name as one hex number.
pub fn cache_flags(flags: u32) -> impl Iterator<Item = Cow<'static, str>> {
    const NAMED: [(Rtcf, &str); 14] = [
        (Rtcf::LOCAL, "local"),
        (Rtcf::REJECT, "reject"),
        (Rtcf::MULTICAST, "mc"),
        (Rtcf::BROADCAST, "brd"),
        (Rtcf::DNAT, "dst-nat"),
        (Rtcf::SNAT, "src-nat"),
        (Rtcf::MASQ, "masq"),
        (Rtcf::DIRECTDST, "dst-direct"),
        (Rtcf::DIRECTSRC, "src-direct"),
        (Rtcf::REDIRECTED, "redirected"),
        (Rtcf::DOREDIRECT, "redirect"),
        (Rtcf::FAST, "fastroute"),
        (Rtcf::NOTIFY, "notify"),
        (Rtcf::TPROXY, "proxy"),
    ];
    let set = Rtcf(flags & !0xffff);
    let rest = NAMED
        .iter()
        .fold(set.bits(), |rest, (f, _)| rest & !f.bits());
    NAMED
        .into_iter()
        .filter(move |(f, _)| set.contains(*f))
        .map(|(_, n)| Cow::Borrowed(n))
        .chain((rest != 0).then(|| Cow::Owned(format!("{rest:x}"))))
}
