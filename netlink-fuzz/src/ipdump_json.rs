//! The `ipdump_json` target: every JSON view of `ipdump::json` over kernel bytes. Each message
//! of the input is decoded as every rtnetlink object (whatever its type, as the `rtnl` target
//! does) and each object that decodes is written through its view, in both layouts (`ip -j`
//! and `ip -j -p`) and every form a listing gives it; the messages are also written as
//! `ipdump monitor` events, and as whole dumps through the streamed top-level array.
//!
//! What is checked, beyond "no panic": writing a view that decoded never fails, and what comes
//! out is valid JSON (an object per view, an array of as many objects as were pushed for a dump,
//! one object per line for events) with no key twice in one object, but for the keys `ip`
//! itself writes twice in a route ([`REPEATED_AS_IP_DOES`]).

use std::collections::HashSet;
use std::fmt;

use ipdump::json::link::LinkStates;
use ipdump::json::{
    write_event, AddrEventJson, AddrJson, EventJson, FdbJson, JsonArray, LinkJson, LinkNames,
    NeighJson, NexthopJson, RouteForm, RouteJson, RuleJson, Style,
};
use netlink_runtime::codec::FromMessage;
use netlink_runtime::rtnl::{
    AddressRef, Link, LinkRef, NeighbourRef, NexthopRef, RouteFilter, RouteRef, RouteTable,
    RuleRef, TableFilter, AF_INET, AF_INET6, AF_UNSPEC,
};
use netlink_runtime::{Message, Messages};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

/// The keys `ip -j route` writes twice in one route object, because it writes a route's
/// encapsulation among the route's own keys: an `encap ip` / `ip6` tunnel's `dst`, `src` and
/// `tos`, a seg6local function's `table` and `iif`. ipdump writes what `ip` writes.
const REPEATED_AS_IP_DOES: [&str; 5] = ["dst", "src", "tos", "table", "iif"];

/// A JSON value in which no object has a key twice (checked while it is read), but for
/// [`REPEATED_AS_IP_DOES`].
struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Checked, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        let mut keys = HashSet::new();
        while let Some(k) = map.next_key::<String>()? {
            if !keys.insert(k.clone()) && !REPEATED_AS_IP_DOES.contains(&k.as_str()) {
                return Err(de::Error::custom(format!("key {k:?} twice in one object")));
            }
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

/// Panics unless `out` is one valid JSON value without repeated keys.
fn assert_json(out: &[u8], what: &str) {
    if let Err(e) = serde_json::from_slice::<Checked>(out) {
        panic!(
            "{what}: not valid JSON ({e}):\n{}",
            String::from_utf8_lossy(out)
        );
    }
}

/// Writes one view in both layouts; writing must succeed and give valid JSON.
fn view<T: Serialize>(v: &T, what: &str) {
    for style in [Style::Compact, Style::Pretty] {
        let mut out = Vec::new();
        if let Err(e) = ipdump::json::to_writer(&mut out, style, v) {
            panic!("{what} ({style:?}): writing a decoded object failed: {e}");
        }
        assert_json(&out, what);
    }
}

/// The forms a route listing gives its view: `ip route show`, `table all`, `dev X`, events.
fn route_forms() -> [RouteForm; 3] {
    let dev = RouteFilter::main()
        .family(AF_INET)
        .tables(TableFilter::Id(RouteTable::MAIN))
        .oif(1);
    let all = dev.clone().tables(TableFilter::All);
    [
        RouteForm::for_filter(&dev),
        RouteForm::for_filter(&all),
        RouteForm {
            stats: true,
            ..RouteForm::FULL
        },
    ]
}

/// Every view of `ipdump::json` over the messages of a datagram (or of several: a link dump
/// followed by an address dump is how `ip addr` reads).
pub fn ipdump_json(data: &[u8]) {
    let msgs: Vec<Message<'_>> = Messages::new(data).map_while(Result::ok).collect();
    // The links first, as every listing loads them to name devices.
    let links: Vec<Link> = msgs
        .iter()
        .filter_map(|m| Link::try_from(&LinkRef::from_message(m).ok()?).ok())
        .collect();
    let mut names = LinkNames::from_links(&links);
    // An index beyond the dense table, and one forgotten again.
    names.update(70_000, Some("far"));
    names.update(2, None);
    let states = LinkStates::new(&links);

    for style in [Style::Compact, Style::Pretty] {
        dump(&msgs, &links, &names, &states, style);
    }
    for m in &msgs {
        objects(m, &links, &names);
    }
    events(&msgs, names);
}

/// Each object of one message through its views.
fn objects(m: &Message<'_>, links: &[Link], names: &LinkNames) {
    if let Some(link) = LinkRef::from_message(m)
        .ok()
        .and_then(|l| Link::try_from(&l).ok())
    {
        view(&LinkJson::new(&link, names, links), "link");
        let object = LinkJson::new(&link, names, &[]);
        view(
            &EventJson {
                event: "newlink",
                object,
            },
            "link event",
        );
    }
    if let Ok(addr) = AddressRef::from_message(m) {
        let addr = &addr;
        view(&AddrEventJson { addr, names }, "address event");
        // The address under a link, in each of the forms `ip addr` prints links.
        let link = links
            .iter()
            .find(|l| l.index() == addr.index)
            .cloned()
            .unwrap_or_else(|| Link::new(addr.index, ""));
        let payloads = [m.payload()];
        let forms = [
            (AF_UNSPEC, false, 0),
            (AF_INET6, false, 1),
            (AF_INET6, true, 2),
        ];
        for (family, one_dev, stats) in forms {
            let v = AddrJson {
                link: &link,
                names,
                master_down: one_dev,
                family,
                one_dev,
                addrs: &payloads,
                stats,
            };
            view(&v, "address");
        }
    }
    if let Ok(route) = RouteRef::from_message(m) {
        for form in route_forms() {
            let route = &route;
            view(&RouteJson { route, names, form }, "route");
        }
    }
    if let Ok(neigh) = NeighbourRef::from_message(m) {
        for show_dev in [true, false] {
            let neigh = &neigh;
            view(
                &NeighJson {
                    neigh,
                    names,
                    show_dev,
                },
                "neighbour",
            );
            // Every neighbour as an FDB entry too (`bridge fdb` reads AF_BRIDGE ones).
            let fdb = FdbJson {
                entry: neigh,
                names,
                show_dev,
                stats: show_dev,
            };
            view(&fdb, "fdb entry");
        }
    }
    if let Ok(r) = RuleRef::from_message(m) {
        view(&RuleJson(&r), "rule");
    }
    if let Ok(nexthop) = NexthopRef::from_message(m) {
        let nexthop = &nexthop;
        view(&NexthopJson { nexthop, names }, "nexthop");
    }
}

/// The messages as dumps through the streamed array, one array per object kind (as each
/// `ipdump OBJECT` prints one), addresses grouped under their links as `ip addr` does.
fn dump(
    msgs: &[Message<'_>],
    links: &[Link],
    names: &LinkNames,
    states: &LinkStates,
    style: Style,
) {
    let form = route_forms()[0];
    let push = |what: &str, m: &Message<'_>, a: &mut JsonArray<'_, Vec<u8>>| match what {
        "route" => {
            let route = &RouteRef::from_message(m).ok()?;
            Some(a.push(&RouteJson { route, names, form }))
        }
        "neigh" => {
            let neigh = &NeighbourRef::from_message(m).ok()?;
            let show_dev = true;
            Some(a.push(&NeighJson {
                neigh,
                names,
                show_dev,
            }))
        }
        "rule" => Some(a.push(&RuleJson(&RuleRef::from_message(m).ok()?))),
        "nexthop" => {
            let nexthop = &NexthopRef::from_message(m).ok()?;
            Some(a.push(&NexthopJson { nexthop, names }))
        }
        _ => {
            let link = &Link::try_from(&LinkRef::from_message(m).ok()?).ok()?;
            Some(a.push(&LinkJson {
                link,
                names,
                master_down: states.master_down(link),
                stats: 2,
            }))
        }
    };
    for what in ["route", "neigh", "rule", "nexthop", "link"] {
        let mut out = Vec::new();
        let mut arr = JsonArray::new(&mut out, style, false).expect("writing to a Vec");
        let mut pushed = 0u64;
        for m in msgs {
            if let Some(r) = push(what, m, &mut arr) {
                r.unwrap_or_else(|e| panic!("{what} dump: writing a decoded object failed: {e}"));
                pushed += 1;
            }
        }
        assert_eq!(arr.finish().expect("writing to a Vec"), pushed);
        assert_json(&out, what);
        let v: serde_json::Value = serde_json::from_slice(&out).expect("checked above");
        assert_eq!(
            v.as_array().map(Vec::len),
            Some(pushed as usize),
            "{what} dump"
        );
    }
    // `ip addr`: every link with the addresses that name it.
    let addrs: Vec<(u32, &[u8])> = msgs
        .iter()
        .filter_map(|m| Some((AddressRef::from_message(m).ok()?.index, m.payload())))
        .collect();
    let mut out = Vec::new();
    let mut arr = JsonArray::new(&mut out, style, false).expect("writing to a Vec");
    for l in links {
        let of_link: Vec<&[u8]> = addrs
            .iter()
            .filter(|(i, _)| *i == l.index())
            .map(|(_, p)| *p)
            .collect();
        let v = AddrJson {
            link: l,
            names,
            master_down: states.master_down(l),
            family: AF_UNSPEC,
            one_dev: false,
            addrs: &of_link,
            stats: 1,
        };
        arr.push(&v)
            .unwrap_or_else(|e| panic!("addr dump: writing a decoded object failed: {e}"));
    }
    arr.finish().expect("writing to a Vec");
    assert_json(&out, "addr dump");
}

/// The messages as `ipdump monitor` prints them: one JSON object per line for each event (a
/// message that does not decode is an error, and nothing of it is written).
fn events(msgs: &[Message<'_>], mut names: LinkNames) {
    for style in [Style::Compact, Style::Pretty] {
        for m in msgs {
            let mut out = Vec::new();
            if write_event(&mut out, style, m, &mut names).is_err() {
                continue;
            }
            if out.is_empty() {
                continue;
            }
            assert_eq!(out.last(), Some(&b'\n'), "an event ends its line");
            assert_json(&out, "event");
        }
    }
}
