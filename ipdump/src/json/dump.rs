//! What each `ipdump OBJECT` dumps, filters and prints: one function per object, each a
//! kernel dump streamed into a [`JsonArray`] of views.

use std::ffi::OsStr;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use netlink_runtime::codec::FromMessage;
use netlink_runtime::netns::{self, Netns, NetnsRef, NETNS_RUN_DIR};
use netlink_runtime::op::{Dump, Request};
use netlink_runtime::rtnl::{
    AddrDump, AddressRef, Error, FdbDump, Handle, NeighbourState, RouteFilter, RouteGet, RouteRef,
    RouteTable, TableFilter, AF_INET, AF_INET6, AF_UNSPEC,
};
use netlink_runtime::schemas::rtnetlink::{RTM_NEWADDR, RTM_NEWROUTE};

use super::link::LinkStates;
use super::{
    AddrJson, DumpOptions, FdbJson, JsonArray, LinkJson, LinkNames, NeighJson, NetnsIdJson,
    NetnsJson, NexthopJson, Object, RouteForm, RouteJson, RuleJson,
};

/// Dumps `object` with `opts` and writes it as `ip -j` would (one JSON array and a newline), or
/// only the count with `opts.count`. Returns the number of objects.
pub fn print<W: Write>(
    h: &mut Handle,
    object: Object,
    opts: &DumpOptions,
    w: &mut W,
) -> Result<u64, Error> {
    match object {
        Object::Route => routes(h, opts, w),
        Object::Addr => addrs(h, opts, w),
        Object::Link => links(h, opts, w),
        Object::Neigh => neighbours(h, opts, w),
        Object::Rule => rules(h, opts, w),
        Object::Nexthop => nexthops(h, opts, w),
        Object::Fdb => fdb(h, opts, w),
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

/// The route filter `ip route show [table T] [dev D]` uses: IPv4 unless `-6` or `table all`.
pub fn route_filter(opts: &DumpOptions, oif: Option<u32>) -> RouteFilter {
    let table = opts.table.unwrap_or(TableFilter::Id(RouteTable::MAIN));
    let family = match (opts.family, table) {
        (AF_UNSPEC, TableFilter::Id(_)) => AF_INET,
        (f, _) => f,
    };
    let filter = RouteFilter::main().family(family).tables(table);
    match oif {
        Some(oif) => filter.oif(oif),
        None => filter,
    }
}

fn routes<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let names = if opts.count && opts.dev.is_none() {
        LinkNames::default()
    } else {
        LinkNames::load(h)?
    };
    let filter = route_filter(opts, dev_index(&names, &opts.dev)?);
    let form = RouteForm {
        stats: opts.stats > 0,
        ..RouteForm::for_filter(&filter)
    };
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    h.for_each_route(&filter, |route| {
        // `ip route show dev X` keeps only routes whose RTA_OIF is X (the kernel's filter
        // also passes multipath routes with a next hop on X).
        if filter.oif.is_some() && route.oif != filter.oif {
            return Ok(());
        }
        let names = &names;
        out.push(&RouteJson { route, names, form })?;
        Ok(())
    })?;
    Ok(out.finish()?)
}

fn links<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    // All links first: a link's flags need its lower device's state.
    let links = h.links()?;
    let names = LinkNames::from_links(&links);
    let dev = dev_index(&names, &opts.dev)?;
    let states = LinkStates::new(&links);
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    for link in links.iter().filter(|l| dev.is_none_or(|d| d == l.index())) {
        let master_down = states.master_down(link);
        let names = &names;
        out.push(&LinkJson {
            link,
            names,
            master_down,
            stats: opts.stats,
        })?;
    }
    Ok(out.finish()?)
}

fn neighbours<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let names = LinkNames::load(h)?;
    let dev = dev_index(&names, &opts.dev)?;
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    h.for_each_neighbour(opts.family, |neigh| {
        // `ip neigh show` hides NOARP entries and non-IP families.
        if neigh.state.contains(NeighbourState::NOARP)
            || !(neigh.family == AF_INET || neigh.family == AF_INET6)
        {
            return Ok(());
        }
        if dev.is_some_and(|d| d != neigh.ifindex) {
            return Ok(());
        }
        let (names, show_dev) = (&names, dev.is_none());
        out.push(&NeighJson {
            neigh,
            names,
            show_dev,
        })?;
        Ok(())
    })?;
    Ok(out.finish()?)
}

fn rules<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    // `ip rule` shows IPv4 unless told otherwise.
    let family = if opts.family == AF_UNSPEC {
        AF_INET
    } else {
        opts.family
    };
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    h.for_each_rule(family, |r| {
        out.push(&RuleJson(r))?;
        Ok(())
    })?;
    Ok(out.finish()?)
}

fn nexthops<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let names = LinkNames::load(h)?;
    let dev = dev_index(&names, &opts.dev)?;
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    h.for_each_nexthop(|nexthop| {
        if opts.family != AF_UNSPEC && nexthop.family != opts.family {
            return Ok(());
        }
        if dev.is_some() && nexthop.oif != dev {
            return Ok(());
        }
        let names = &names;
        out.push(&NexthopJson { nexthop, names })?;
        Ok(())
    })?;
    Ok(out.finish()?)
}

/// `bridge fdb show [dev PORT]`: every `AF_BRIDGE` neighbour (of one port, filtered by the
/// kernel), as `bridge -j fdb show` prints it.
fn fdb<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let names = LinkNames::load(h)?;
    let mut dump = match dev_index(&names, &opts.dev)? {
        Some(port) => FdbDump::port(port),
        None => FdbDump::all(),
    };
    dump.bridge = dev_index(&names, &opts.bridge)?;
    dump.vlan = opts.vlan;
    dump.states = opts.states;
    let (show_dev, stats) = (dump.port.is_none(), opts.stats > 0);
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    h.for_each_fdb(&dump, |entry| {
        let names = &names;
        out.push(&FdbJson {
            entry,
            names,
            show_dev,
            stats,
        })?;
        Ok(())
    })?;
    Ok(out.finish()?)
}

/// `ip route get ADDR ...`: the kernel's answer to `get` (one route) as a JSON array of one
/// object, as `ip -j route get` prints it.
pub fn route_get<W: Write>(
    h: &mut Handle,
    get: &RouteGet,
    opts: &DumpOptions,
    w: &mut W,
) -> Result<u64, Error> {
    let names = LinkNames::load(h)?;
    let mut req = Request::request(get)?;
    let reply = h.socket().request(&mut req)?;
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    let form = RouteForm {
        stats: opts.stats > 0,
        ..RouteForm::FULL
    };
    for m in reply.messages() {
        let m = m?;
        if m.kind() == RTM_NEWROUTE {
            let route = &RouteRef::from_message(&m)?;
            let names = &names;
            out.push(&RouteJson { route, names, form })?;
            break;
        }
    }
    Ok(out.finish()?)
}

/// `ip netns list-id`: every namespace id assigned in the handle's namespace, in the kernel's
/// order, each with the name under `/run/netns` of the namespace that has it, if one does.
pub fn netns_list_id<W: Write>(
    h: &mut Handle,
    opts: &DumpOptions,
    w: &mut W,
) -> Result<u64, Error> {
    let ids = h.netns_ids()?;
    let mut names: Vec<(i32, netlink_runtime::name::NameBuf)> = Vec::new();
    if !ids.is_empty() {
        for name in netns::list_named()? {
            let path = Path::new(NETNS_RUN_DIR).join(OsStr::from_bytes(name.as_bytes()));
            if let Ok(ns) = Netns::open(NetnsRef::Path(&path)) {
                if let Some(id) = h.netns_id(&ns)? {
                    names.push((id, name));
                }
            }
        }
    }
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    for id in ids {
        let name = names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.as_name());
        out.push(&NetnsIdJson { id, name })?;
    }
    Ok(out.finish()?)
}

/// `ip netns list`: the namespaces named under `/run/netns`, in directory order, each with
/// the id it has in the handle's namespace (`RTM_GETNSID` on the open namespace).
pub fn netns_list<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let mut out = JsonArray::new(w, opts.style, opts.count)?;
    for name in netns::list_named()? {
        // A name that cannot be opened (a stale file) is listed without an id, as `ip` does.
        let path = Path::new(NETNS_RUN_DIR).join(OsStr::from_bytes(name.as_bytes()));
        let id = match Netns::open(NetnsRef::Path(&path)) {
            Ok(ns) => h.netns_id(&ns)?,
            Err(_) => None,
        };
        out.push(&NetnsJson {
            name: name.as_name(),
            id,
        })?;
    }
    Ok(out.finish()?)
}

/// `ip addr show`: links in dump order, each with its addresses. The address messages are kept
/// (one copy of the dump, no owned addresses) to group them by link as `ip` does.
fn addrs<W: Write>(h: &mut Handle, opts: &DumpOptions, w: &mut W) -> Result<u64, Error> {
    let links = h.links()?;
    let names = LinkNames::from_links(&links);
    let dev = dev_index(&names, &opts.dev)?;
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
        writeln!(w, "{n_addrs}")?;
        return Ok(n_addrs);
    }
    // By link, each link's addresses in dump order (a stable sort).
    raw.sort_by_key(|(i, _)| *i);
    let states = LinkStates::new(&links);
    let mut out = JsonArray::new(w, opts.style, false)?;
    let mut of_link: Vec<&[u8]> = Vec::new();
    for l in links.iter().filter(|l| dev.is_none_or(|d| d == l.index())) {
        let first = raw.partition_point(|(i, _)| *i < l.index());
        let n = raw
            .get(first..)
            .map_or(0, |r| r.partition_point(|(i, _)| *i == l.index()));
        of_link.clear();
        of_link.extend(raw.iter().skip(first).take(n).map(|(_, p)| p.as_slice()));
        // With -4 / -6, links without an address of that family are left out.
        if opts.family != AF_UNSPEC && of_link.is_empty() {
            continue;
        }
        out.push(&AddrJson {
            link: l,
            names: &names,
            master_down: states.master_down(l),
            family: opts.family,
            one_dev: dev.is_some(),
            addrs: &of_link,
            stats: opts.stats,
        })?;
    }
    out.finish()?;
    Ok(n_addrs)
}
