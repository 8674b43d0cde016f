//! JSON in the shape `ip -j` prints (iproute2 6.1): the same keys with the same value formats,
//! written straight to a buffered writer. Used by the `ipdump` example and checked against `ip`
//! by the `rtnl_*` tests.
//!
//! Routes stream: each message is decoded into a borrowed [`RouteRef`] and written out before
//! the next one is read; nothing is collected. Only link names (index -> name) are loaded first.

use std::collections::HashMap;
use std::io::{self, Write};

use netlink_runtime::codec::FromMessage;
use netlink_runtime::op::Dump;
use netlink_runtime::rtnl::{
    AddrDump, AddressRef, Error, Handle, Link, NeighbourRef, NexthopRef, RouteFilter, RouteRef,
    RuleRef, TableFilter, AF_INET, AF_INET6, AF_UNSPEC,
};
use netlink_runtime::schemas::rtnetlink::{RTM_NEWADDR, RT_TABLE_MAIN};
use netlink_runtime::Message;

mod objects;
mod write;

use objects::{link_fields, master_down};
pub use objects::{
    write_addr_info, write_link, write_neigh, write_nexthop, write_route, write_rule, RouteForm,
};
use write::{write_str, write_u64, Obj};

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// `ip -j -d link show` (of the details, the `linkinfo` kinds only).
    Link,
    /// `ip -j addr show`.
    Addr,
    /// `ip -j route show`.
    Route,
    /// `ip -j neigh show`.
    Neigh,
    /// `ip -j rule show`.
    Rule,
    /// `ip -j nexthop show`.
    Nexthop,
}

impl std::str::FromStr for Object {
    type Err = Error;
    fn from_str(s: &str) -> Result<Object, Error> {
        Ok(match s {
            "link" | "l" => Object::Link,
            "addr" | "address" | "a" => Object::Addr,
            "route" | "r" => Object::Route,
            "neigh" | "neighbour" | "neighbor" | "n" => Object::Neigh,
            "rule" | "ru" => Object::Rule,
            "nexthop" | "nh" => Object::Nexthop,
            _ => return Err(Error::Invalid(format!("unknown object {s:?}"))),
        })
    }
}

/// Options of a dump, as `ip`'s command line gives them.
#[derive(Debug, Clone, Default)]
pub struct DumpOptions {
    /// `-4` / `-6`: `AF_INET` / `AF_INET6`; `AF_UNSPEC` is `ip`'s default for the object.
    pub family: u8,
    /// `table ID|all` (routes); `None` is the main table.
    pub table: Option<TableFilter>,
    /// `dev NAME`.
    pub dev: Option<String>,
    /// Print only the number of objects.
    pub count: bool,
}

/// Interface names by index, loaded with one link dump.
#[derive(Debug, Clone, Default)]
pub struct LinkNames {
    names: HashMap<u32, String>,
}

impl LinkNames {
    /// Dump the links of `h`.
    pub fn load(h: &mut Handle) -> Result<LinkNames, Error> {
        let mut names = HashMap::new();
        h.for_each_link(|l| {
            names.insert(l.index as u32, l.ifname.unwrap_or_default().to_owned());
            Ok(())
        })?;
        Ok(LinkNames { names })
    }

    /// From links already read.
    pub fn from_links(links: &[Link]) -> LinkNames {
        LinkNames {
            names: links.iter().map(|l| (l.index, l.name.clone())).collect(),
        }
    }

    /// Learn or forget one link (events).
    pub fn update(&mut self, index: u32, name: Option<&str>) {
        match name {
            Some(n) => {
                self.names.insert(index, n.to_owned());
            }
            None => {
                self.names.remove(&index);
            }
        }
    }

    /// The name of `index`, or `None`.
    pub fn get(&self, index: u32) -> Option<&str> {
        self.names.get(&index).map(String::as_str)
    }

    /// The index of `name`.
    pub fn index_of(&self, name: &str) -> Option<u32> {
        self.names
            .iter()
            .find(|(_, n)| n.as_str() == name)
            .map(|(i, _)| *i)
    }

    fn write<W: Write>(&self, w: &mut W, index: u32) -> io::Result<()> {
        match self.get(index) {
            Some(n) => write_str(w, n),
            None => write!(w, "\"if{index}\""),
        }
    }
}

/// Writes a JSON array element by element, or only counts.
struct ArrayOut<'w, W: Write> {
    w: &'w mut W,
    n: u64,
    count_only: bool,
}

impl<'w, W: Write> ArrayOut<'w, W> {
    fn new(w: &'w mut W, count_only: bool) -> io::Result<Self> {
        if !count_only {
            w.write_all(b"[")?;
        }
        Ok(ArrayOut {
            w,
            n: 0,
            count_only,
        })
    }
    /// Start the next element: `None` in count mode (write nothing).
    fn next(&mut self) -> io::Result<Option<&mut W>> {
        self.n += 1;
        if self.count_only {
            return Ok(None);
        }
        if self.n > 1 {
            self.w.write_all(b",")?;
        }
        Ok(Some(self.w))
    }
    fn finish(self) -> io::Result<u64> {
        if self.count_only {
            write_u64(self.w, self.n)?;
            self.w.write_all(b"\n")?;
        } else {
            self.w.write_all(b"]\n")?;
        }
        Ok(self.n)
    }
}

fn dev_index(names: &LinkNames, dev: &Option<String>) -> Result<Option<u32>, Error> {
    match dev {
        None => Ok(None),
        Some(d) => names
            .index_of(d)
            .map(Some)
            .ok_or_else(|| Error::NotFound(format!("device {d:?}"))),
    }
}

/// Dumps `object` with `opts` and writes it as `ip -j` would (one JSON array and a newline), or
/// only the count with `opts.count`. Returns the number of objects.
pub fn print<W: Write>(
    h: &mut Handle,
    object: Object,
    opts: &DumpOptions,
    w: &mut W,
) -> Result<u64, Error> {
    match object {
        Object::Route => print_routes(h, opts, w),
        Object::Addr => print_addrs(h, opts, w),
        Object::Link => {
            let links = h.links()?;
            let names = LinkNames::from_links(&links);
            let dev = dev_index(&names, &opts.dev)?;
            let mut out = ArrayOut::new(w, opts.count)?;
            for l in links.iter().filter(|l| dev.is_none_or(|d| d == l.index)) {
                if let Some(w) = out.next()? {
                    write_link(w, l, &names, &links)?;
                }
            }
            Ok(out.finish()?)
        }
        Object::Neigh => {
            let names = LinkNames::load(h)?;
            let dev = dev_index(&names, &opts.dev)?;
            let mut out = ArrayOut::new(w, opts.count)?;
            h.for_each_neighbour(opts.family, |n| {
                // `ip neigh show` hides NOARP entries and non-IP families.
                if n.state & netlink_runtime::schemas::rtnetlink::NUD_NOARP != 0
                    || !(n.family == AF_INET || n.family == AF_INET6)
                {
                    return Ok(());
                }
                if dev.is_some_and(|d| d != n.ifindex as u32) {
                    return Ok(());
                }
                if let Some(w) = out.next()? {
                    write_neigh(w, n, &names, dev.is_none())?;
                }
                Ok(())
            })?;
            Ok(out.finish()?)
        }
        Object::Rule => {
            // `ip rule` shows IPv4 unless told otherwise.
            let family = if opts.family == AF_UNSPEC {
                AF_INET
            } else {
                opts.family
            };
            let mut out = ArrayOut::new(w, opts.count)?;
            h.for_each_rule(family, |r| {
                if let Some(w) = out.next()? {
                    write_rule(w, r)?;
                }
                Ok(())
            })?;
            Ok(out.finish()?)
        }
        Object::Nexthop => {
            let names = LinkNames::load(h)?;
            let dev = dev_index(&names, &opts.dev)?;
            let mut out = ArrayOut::new(w, opts.count)?;
            h.for_each_nexthop(|n| {
                if opts.family != AF_UNSPEC && n.family != opts.family {
                    return Ok(());
                }
                if dev.is_some() && n.oif != dev {
                    return Ok(());
                }
                if let Some(w) = out.next()? {
                    write_nexthop(w, n, &names)?;
                }
                Ok(())
            })?;
            Ok(out.finish()?)
        }
    }
}

/// The route filter `ip route show [table T] [dev D]` uses: IPv4 unless `-6` or `table all`.
pub fn route_filter(opts: &DumpOptions, oif: Option<u32>) -> RouteFilter {
    let table = opts.table.unwrap_or(TableFilter::Id(RT_TABLE_MAIN));
    let family = match (opts.family, table) {
        (AF_UNSPEC, TableFilter::Id(_)) => AF_INET,
        (f, _) => f,
    };
    RouteFilter {
        family,
        table,
        oif,
        protocol: 0,
        kind: 0,
    }
}

fn print_routes<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let names = if opts.count && opts.dev.is_none() {
        LinkNames::default()
    } else {
        LinkNames::load(h)?
    };
    let filter = route_filter(opts, dev_index(&names, &opts.dev)?);
    let form = RouteForm::for_filter(&filter);
    let mut out = ArrayOut::new(w, opts.count)?;
    h.for_each_route(&filter, |r| {
        // `ip route show dev X` keeps only routes whose RTA_OIF is X (the kernel's filter
        // also passes multipath routes with a next hop on X).
        if filter.oif.is_some() && r.oif != filter.oif {
            return Ok(());
        }
        if let Some(w) = out.next()? {
            write_route(w, r, &names, form)?;
        }
        Ok(())
    })?;
    Ok(out.finish()?)
}

fn print_addrs<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let links = h.links()?;
    let names = LinkNames::from_links(&links);
    let dev = dev_index(&names, &opts.dev)?;
    // Keep the address messages (one copy of the dump) to group them by link as `ip` does.
    let mut raw: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut n_addrs = 0u64;
    let mut req = AddrDump {
        family: opts.family,
    }
    .request()?;
    h.socket().dump_each(&mut req, |m| {
        if m.kind() == RTM_NEWADDR {
            let a = AddressRef::from_message(&m)?;
            if dev.is_none_or(|d| d == a.index) {
                n_addrs += 1;
                if !opts.count {
                    raw.push((a.index, m.payload().to_vec()));
                }
            }
        }
        Ok::<(), Error>(())
    })?;
    if opts.count {
        write_u64(w, n_addrs)?;
        w.write_all(b"\n")?;
        return Ok(n_addrs);
    }
    let mut out = ArrayOut::new(w, false)?;
    for l in links.iter().filter(|l| dev.is_none_or(|d| d == l.index)) {
        // With -4 / -6, links without an address of that family are left out.
        if opts.family != AF_UNSPEC && !raw.iter().any(|(i, _)| *i == l.index) {
            continue;
        }
        let Some(w) = out.next()? else {
            continue;
        };
        let mut o = Obj::open(w)?;
        link_fields(&mut o, l, &names, master_down(l, &links), Some(opts.family))?;
        let w = o.key("addr_info")?;
        w.write_all(b"[")?;
        let mut first = true;
        for (_, p) in raw.iter().filter(|(i, _)| *i == l.index) {
            let a = AddressRef::from_payload(p)?;
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            write_addr_info(w, &a)?;
        }
        w.write_all(b"]")?;
        o.close()?;
    }
    out.finish()?;
    Ok(n_addrs)
}

/// Writes one event as a JSON object on one line: `{"event":"newroute", ...the object's keys}`.
/// Link names are kept up to date from link events.
pub fn write_event<W: Write>(
    w: &mut W,
    m: &Message<'_>,
    names: &mut LinkNames,
) -> Result<(), Error> {
    use netlink_runtime::schemas::rtnetlink::*;
    let ev = match m.kind() {
        RTM_NEWLINK => "newlink",
        RTM_DELLINK => "dellink",
        RTM_NEWADDR => "newaddr",
        RTM_DELADDR => "deladdr",
        RTM_NEWROUTE => "newroute",
        RTM_DELROUTE => "delroute",
        RTM_NEWNEIGH => "newneigh",
        RTM_DELNEIGH => "delneigh",
        RTM_NEWRULE => "newrule",
        RTM_DELRULE => "delrule",
        RTM_NEWNEXTHOP => "newnexthop",
        RTM_DELNEXTHOP => "delnexthop",
        _ => return Ok(()),
    };
    // Write the object into a scratch buffer, then splice the event key in front.
    let mut body: Vec<u8> = Vec::with_capacity(256);
    match m.kind() {
        RTM_NEWLINK | RTM_DELLINK => {
            let l = Link::from(&netlink_runtime::rtnl::LinkRef::from_message(m)?);
            if m.kind() == RTM_NEWLINK {
                names.update(l.index, Some(&l.name));
            }
            write_link(&mut body, &l, names, &[])?;
            if m.kind() == RTM_DELLINK {
                names.update(l.index, None);
            }
        }
        RTM_NEWADDR | RTM_DELADDR => {
            let a = AddressRef::from_message(m)?;
            let mut o = Obj::open(&mut body)?;
            o.num("ifindex", u64::from(a.index))?;
            o.dev("ifname", names, a.index)?;
            let w = o.key("addr_info")?;
            w.write_all(b"[")?;
            write_addr_info(w, &a)?;
            w.write_all(b"]")?;
            o.close()?;
        }
        RTM_NEWROUTE | RTM_DELROUTE => {
            let form = RouteForm {
                show_table: true,
                show_dev: true,
            };
            write_route(&mut body, &RouteRef::from_message(m)?, names, form)?;
        }
        RTM_NEWNEIGH | RTM_DELNEIGH => {
            write_neigh(&mut body, &NeighbourRef::from_message(m)?, names, true)?;
        }
        RTM_NEWRULE | RTM_DELRULE => {
            write_rule(&mut body, &RuleRef::from_message(m)?)?;
        }
        _ => {
            write_nexthop(&mut body, &NexthopRef::from_message(m)?, names)?;
        }
    }
    let rest = body.get(1..).unwrap_or_default();
    w.write_all(b"{\"event\":")?;
    write_str(w, ev)?;
    if rest != b"}" {
        w.write_all(b",")?;
    }
    w.write_all(rest)?;
    w.write_all(b"\n")?;
    Ok(())
}
