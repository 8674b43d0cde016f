//! One object at a time, as `ip -j` prints it: routes, links, addresses, neighbours, rules,
//! nexthops.

use std::io::{self, Write};
use std::net::IpAddr;

use super::write::{hex_colon, host_len, write_str, Obj};
use super::LinkNames;
use crate::names;
use netlink_runtime::rtnl::{
    AddressRef, Link, NeighbourRef, NexthopRef, RouteFilter, RouteRef, RuleRef, TableFilter,
    AF_INET, AF_INET6, AF_UNSPEC,
};
use netlink_runtime::schemas::rtnetlink::{
    self as rt, RTN_UNICAST, RTPROT_BOOT, RTPROT_KERNEL, RT_TABLE_MAIN,
};

/// Writes a route's `ip -j route` keys into an open object.
pub(super) fn route_fields<W: Write>(
    o: &mut Obj<'_, W>,
    r: &RouteRef<'_>,
    names: &LinkNames,
    form: RouteForm,
) -> io::Result<()> {
    if r.kind != RTN_UNICAST {
        o.str("type", &names::route_type(r.kind))?;
    }
    match (&r.dst, r.dst_len) {
        (Some(d), l) => o.prefix("dst", d, l)?,
        (None, 0) => o.str("dst", "default")?,
        // `ip` prints this odd form, trailing space included.
        (None, l) => o.str("dst", &format!("0/{l} "))?,
    }
    match (&r.src, r.src_len) {
        (Some(s), l) => o.prefix("src", s, l)?,
        (None, 0) => {}
        (None, l) => o.str("src", &format!("0/{l}"))?,
    }
    if let Some(id) = r.nh_id {
        o.num("nhid", u64::from(id))?;
    }
    if let Some(g) = &r.gateway {
        o.ip("gateway", g)?;
    }
    if let Some(oif) = r.oif.filter(|_| form.show_dev) {
        o.dev("dev", names, oif)?;
    }
    let table = r.table();
    if form.show_table && table != 0 && table != RT_TABLE_MAIN {
        o.str("table", &names::table(table))?;
    }
    if r.protocol != RTPROT_BOOT {
        o.str("protocol", &names::protocol(r.protocol))?;
    }
    if r.scope != 0 {
        o.str("scope", &names::scope(r.scope))?;
    }
    if let Some(p) = &r.prefsrc {
        o.ip("prefsrc", p)?;
    }
    if let Some(m) = r.priority {
        o.num("metric", u64::from(m))?;
    }
    o.flags("flags", r.flags, names::ROUTE_FLAGS)?;
    if let Some(m) = r.mark {
        o.num("mark", u64::from(m))?;
    }
    if let Some(iif) = r.iif {
        o.dev("iif", names, iif)?;
    }
    if let Some(m) = r.metrics {
        if let Ok(m) = m.get() {
            let w = o.key("metrics")?;
            w.write_all(b"[")?;
            let mut mo = Obj::open(&mut *w)?;
            let vals = [
                (2, m.mtu),
                (3, m.window),
                (4, m.rtt.map(|v| v / 8)),
                (5, m.rttvar.map(|v| v / 4)),
                (6, m.ssthresh),
                (7, m.cwnd),
                (8, m.advmss),
                (9, m.reordering),
                (10, m.hoplimit.filter(|&h| h != u32::MAX)),
                (11, m.initcwnd),
                (12, m.features),
                (13, m.rto_min),
                (14, m.initrwnd),
                (15, m.quickack),
            ];
            for (i, v) in vals {
                if let Some(v) = v {
                    mo.num(names::METRICS[i], u64::from(v))?;
                }
            }
            if let Some(cc) = &m.cc_algo {
                mo.str("congestion", cc)?;
            }
            if let Some(v) = m.fastopen_no_cookie {
                mo.num("fastopen_no_cookie", u64::from(v))?;
            }
            mo.close()?;
            w.write_all(b"]")?;
        }
    }
    if let Some(p) = r.pref {
        o.str("pref", &names::pref(p))?;
    }
    if !r.multipath.is_empty() {
        let w = o.key("nexthops")?;
        w.write_all(b"[")?;
        for (i, nh) in r.multipath.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            let mut no = Obj::open(&mut *w)?;
            if let Some(g) = &nh.gateway {
                no.ip("gateway", g)?;
            }
            no.dev("dev", names, nh.ifindex as u32)?;
            no.num("weight", u64::from(nh.hops) + 1)?;
            no.flags("flags", u32::from(nh.flags), names::ROUTE_FLAGS)?;
            no.close()?;
        }
        w.write_all(b"]")?;
    }
    Ok(())
}

/// Which keys `ip route show` leaves out, by its filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteForm {
    /// Name the table (other than main): `ip route show table all` does, a single-table
    /// listing does not.
    pub show_table: bool,
    /// Name the output device: not when listing `dev X`.
    pub show_dev: bool,
}

impl RouteForm {
    /// The form for a dump with `filter`.
    pub fn for_filter(filter: &RouteFilter) -> RouteForm {
        RouteForm {
            show_table: filter.table == TableFilter::All,
            show_dev: filter.oif.is_none(),
        }
    }
}

/// Writes one route as `ip -j route show` does.
pub fn write_route<W: Write>(
    w: &mut W,
    r: &RouteRef<'_>,
    names: &LinkNames,
    form: RouteForm,
) -> io::Result<()> {
    let mut o = Obj::open(w)?;
    route_fields(&mut o, r, names, form)?;
    o.close()
}

/// Link keys shared by `ip -j link` (`addr_form` None) and `ip -j addr` (`addr_form` the
/// family filter).
pub(super) fn link_fields<W: Write>(
    o: &mut Obj<'_, W>,
    l: &Link,
    names: &LinkNames,
    master_down: bool,
    addr_form: Option<u8>,
) -> io::Result<()> {
    // `ip -4|-6 addr` leaves out the link layer; `-6` also the qdisc and group.
    let link_layer = addr_form.is_none_or(|f| f == AF_UNSPEC);
    let qdisc_group = addr_form != Some(AF_INET6);
    o.num("ifindex", u64::from(l.index))?;
    if let Some(p) = l.link {
        if l.link_netnsid.is_some() {
            o.num("link_index", u64::from(p))?;
        } else if p == 0 {
            o.null("link")?;
        } else {
            o.dev("link", names, p)?;
        }
    }
    o.str("ifname", &l.name)?;
    {
        let w = o.key("flags")?;
        w.write_all(b"[")?;
        let mut first = true;
        let mut push = |w: &mut W, s: &str| -> io::Result<()> {
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            write_str(w, s)
        };
        if l.flags & 1 != 0 && l.flags & names::IFF_RUNNING == 0 {
            push(w, "NO-CARRIER")?;
        }
        for &(bit, name) in names::LINK_FLAGS {
            if l.flags & bit != 0 {
                push(w, name)?;
            }
        }
        if master_down {
            push(w, "M-DOWN")?;
        }
        w.write_all(b"]")?;
    }
    if let Some(m) = l.mtu {
        o.num("mtu", u64::from(m))?;
    }
    if let Some(q) = l.qdisc.as_ref().filter(|_| qdisc_group) {
        o.str("qdisc", q)?;
    }
    if let Some(m) = l.master {
        o.dev("master", names, m)?;
    }
    o.str("operstate", &names::operstate(l.operstate))?;
    if addr_form.is_none() {
        if let Some(m) = l.linkmode {
            o.str("linkmode", &names::linkmode(m))?;
        }
    }
    if let Some(g) = l.group.filter(|_| qdisc_group) {
        if g == 0 {
            o.str("group", "default")?;
        } else {
            o.str("group", &g.to_string())?;
        }
    }
    if let Some(q) = l.txqlen {
        o.num("txqlen", u64::from(q))?;
    }
    if !link_layer {
        return Ok(());
    }
    o.str("link_type", &names::link_type(l.link_type))?;
    if let Some(a) = &l.address {
        let w = o.key("address")?;
        hex_colon(w, a)?;
    }
    if let Some(a) = &l.broadcast {
        let w = o.key("broadcast")?;
        hex_colon(w, a)?;
    }
    if let Some(n) = l.link_netnsid {
        o.num("link_netnsid", u64::from(n as u32))?;
    }
    if addr_form.is_none() && (l.kind.is_some() || l.slave_kind.is_some()) {
        let w = o.key("linkinfo")?;
        let mut li = Obj::open(w)?;
        if let Some(k) = &l.kind {
            li.str("info_kind", k)?;
        }
        if let Some(k) = &l.slave_kind {
            li.str("info_slave_kind", k)?;
        }
        li.close()?;
    }
    Ok(())
}

/// Whether `l`'s lower / peer device (`IFLA_LINK`, same namespace) is down: `ip` then adds
/// `M-DOWN` to the flags.
pub(super) fn master_down(l: &Link, links: &[Link]) -> bool {
    l.link
        .filter(|_| l.link_netnsid.is_none())
        .is_some_and(|m| {
            links
                .iter()
                .find(|x| x.index == m)
                .is_some_and(|x| !x.is_up())
        })
}

/// Writes one link as `ip -j -d link show` does (the details limited to `linkinfo`'s kinds);
/// `all` is the rest of the dump (for the master's state).
pub fn write_link<W: Write>(
    w: &mut W,
    l: &Link,
    names: &LinkNames,
    all: &[Link],
) -> io::Result<()> {
    let mut o = Obj::open(w)?;
    link_fields(&mut o, l, names, master_down(l, all), None)?;
    o.close()
}

/// Writes one `addr_info` entry as `ip -j addr show` does.
pub fn write_addr_info<W: Write>(w: &mut W, a: &AddressRef<'_>) -> io::Result<()> {
    let mut o = Obj::open(w)?;
    o.str(
        "family",
        match a.family {
            AF_INET => "inet",
            AF_INET6 => "inet6",
            _ => "unknown",
        },
    )?;
    if let Some(l) = &a.local.or(a.address) {
        o.ip("local", l)?;
    }
    if let (Some(l), Some(p)) = (&a.local, &a.address) {
        if l != p {
            o.ip("address", p)?;
        }
    }
    o.num("prefixlen", u64::from(a.prefixlen))?;
    if let Some(b) = a.broadcast {
        o.ip("broadcast", &IpAddr::V4(b))?;
    }
    o.str("scope", &names::scope(a.scope))?;
    let flags = a.flags();
    for &(bit, name) in names::ADDR_FLAGS {
        if bit == rt::IFA_F_PERMANENT {
            if flags & bit == 0 {
                o.bool_true("dynamic")?;
            }
        } else if flags & bit != 0 {
            if bit == rt::IFA_F_SECONDARY && a.family == AF_INET6 {
                o.bool_true("temporary")?;
            } else {
                o.bool_true(name)?;
            }
        }
    }
    if let Some(l) = a.label {
        o.str("label", l)?;
    }
    if let Some(c) = a.cacheinfo {
        o.num("valid_life_time", u64::from(c.ifa_valid))?;
        o.num("preferred_life_time", u64::from(c.ifa_prefered))?;
    }
    o.close()
}

/// Writes one neighbour as `ip -j neigh show` does.
/// (`show_dev` false: the `dev X` listing, which leaves the device out).
pub fn write_neigh<W: Write>(
    w: &mut W,
    n: &NeighbourRef<'_>,
    names: &LinkNames,
    show_dev: bool,
) -> io::Result<()> {
    let mut o = Obj::open(w)?;
    if let Some(d) = &n.dst {
        o.ip("dst", d)?;
    }
    if show_dev && n.ifindex != 0 {
        o.dev("dev", names, n.ifindex as u32)?;
    }
    if let Some(l) = n.lladdr {
        let w = o.key("lladdr")?;
        hex_colon(w, l)?;
    }
    if n.flags & rt::NTF_ROUTER != 0 {
        o.null("router")?;
    }
    if n.flags & rt::NTF_PROXY != 0 {
        o.null("proxy")?;
    }
    if n.flags & rt::NTF_EXT_LEARNED != 0 {
        o.null("extern_learn")?;
    }
    if n.state == 0 {
        o.key("state")?.write_all(b"[\"NONE\"]")?;
    } else {
        o.flags("state", n.state, names::NEIGH_STATES)?;
    }
    o.close()
}

/// Writes a rule selector (`src`/`srclen`, `dst`/`dstlen`) as `ip rule` does.
pub(super) fn rule_selector<W: Write>(
    o: &mut Obj<'_, W>,
    k: &str,
    kl: &str,
    a: &Option<IpAddr>,
    len: u8,
) -> io::Result<()> {
    match a {
        Some(a) => {
            o.ip(k, a)?;
            if len != host_len(a) {
                o.num(kl, u64::from(len))?;
            }
        }
        None if len != 0 => {
            o.str(k, "0")?;
            o.num(kl, u64::from(len))?;
        }
        None if k == "src" => o.str(k, "all")?,
        None => {}
    }
    Ok(())
}

/// Writes one rule as `ip -j rule show` does.
pub fn write_rule<W: Write>(w: &mut W, r: &RuleRef<'_>) -> io::Result<()> {
    let mut o = Obj::open(w)?;
    o.num("priority", u64::from(r.priority.unwrap_or(0)))?;
    if r.flags & rt::FIB_RULE_INVERT != 0 {
        o.null("not")?;
    }
    rule_selector(&mut o, "src", "srclen", &r.src, r.src_len)?;
    rule_selector(&mut o, "dst", "dstlen", &r.dst, r.dst_len)?;
    if r.tos != 0 {
        o.str("tos", &format!("0x{:02x}", r.tos))?;
    }
    if r.fwmark.is_some() || r.fwmask.is_some() {
        let mark = r.fwmark.unwrap_or(0);
        o.str("fwmark", &format!("{mark:#x}"))?;
        if let Some(m) = r.fwmask.filter(|&m| m != u32::MAX) {
            o.str("fwmask", &format!("{m:#x}"))?;
        }
    }
    if let Some(i) = r.iifname {
        o.str("iif", i)?;
        if r.flags & rt::FIB_RULE_IIF_DETACHED != 0 {
            o.null("iif_detached")?;
        }
    }
    if let Some(i) = r.oifname {
        o.str("oif", i)?;
        if r.flags & rt::FIB_RULE_OIF_DETACHED != 0 {
            o.null("oif_detached")?;
        }
    }
    if let Some(l) = r.l3mdev {
        o.num("l3mdev", u64::from(l))?;
    }
    if let Some(u) = r.uid_range {
        o.num("uid_start", u64::from(u.start))?;
        o.num("uid_end", u64::from(u.end))?;
    }
    let table = r.table();
    if table != 0 {
        o.str("table", &names::table(table))?;
        if let Some(p) = r.suppress_prefixlen.filter(|&p| p != u32::MAX) {
            o.num("suppress_prefixlength", u64::from(p))?;
        }
        if let Some(g) = r.suppress_ifgroup.filter(|&g| g != u32::MAX) {
            o.num("suppress_ifgroup", u64::from(g))?;
        }
    }
    match u32::from(r.action) {
        rt::FR_ACT_TO_TBL => {}
        rt::FR_ACT_GOTO => o.num("goto", u64::from(r.goto.unwrap_or(0)))?,
        rt::FR_ACT_NOP => o.str("action", "nop")?,
        _ => o.str("action", &names::route_type(r.action))?,
    }
    // `ip rule` (without -d) hides the kernel's own and unspecified protocols.
    if let Some(p) = r.protocol.filter(|&p| p != 0 && p != RTPROT_KERNEL) {
        o.str("protocol", &names::protocol(p))?;
    }
    o.close()
}

/// Writes one nexthop as `ip -j nexthop show` does.
pub fn write_nexthop<W: Write>(w: &mut W, n: &NexthopRef<'_>, names: &LinkNames) -> io::Result<()> {
    let mut o = Obj::open(w)?;
    if let Some(id) = n.id {
        o.num("id", u64::from(id))?;
    }
    if n.group_raw.is_some() {
        let w = o.key("group")?;
        w.write_all(b"[")?;
        for (i, g) in n.group().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            let mut go = Obj::open(&mut *w)?;
            go.num("id", u64::from(g.id))?;
            if g.weight > 1 {
                go.num("weight", u64::from(g.weight))?;
            }
            go.close()?;
        }
        w.write_all(b"]")?;
        if n.group_type.map(u32::from) == Some(rt::NEXTHOP_GRP_TYPE_RES) {
            o.str("type", "resilient")?;
        }
    }
    if n.blackhole {
        o.null("blackhole")?;
    }
    if let Some(g) = &n.gateway {
        o.ip("gateway", g)?;
    }
    if let Some(d) = n.oif {
        o.dev("dev", names, d)?;
    }
    if n.group_raw.is_none() && !n.blackhole {
        o.str("scope", &names::scope(n.scope))?;
    }
    if n.protocol != 0 {
        o.str("protocol", &names::protocol(n.protocol))?;
    }
    o.flags("flags", n.flags, names::ROUTE_FLAGS)?;
    if n.fdb {
        o.null("fdb")?;
    }
    o.close()
}
