//! JSON in the shape `ip -j` prints (iproute2 6.1): the same keys in the same order, with the
//! same value formats, through `serde_json`, written straight to a buffered writer.
//!
//! Every object has a *view*: a small struct borrowing the decoded message (a `*Ref`) and what
//! else its keys need (link names, the listing's form), implementing [`Fields`] (its keys, in
//! `ip`'s order) and, through [`serialize_by_fields!`], `serde::Serialize`. How to write one is
//! in the crate docs. Dumps stream: each message is decoded, its view written by
//! [`JsonArray::push`] and dropped before the next message is read; only link names
//! (index -> name) are loaded first.
//!
//! Modules: [`format`](mod@format) (the `ip -j` / `ip -j -p` layouts, the streamed array), [`value`] (value
//! formats: addresses, prefixes, MACs, flag lists, device names), one module per object
//! ([`link`], [`addr`], [`route`], [`neigh`], [`rule`], [`nexthop`], [`fdb`], [`netns`],
//! [`event`]), and [`dump`] (what each `ipdump OBJECT` dumps and prints, `route get`,
//! `netns list`).

use std::collections::HashMap;

use serde::ser::SerializeMap;
use serde::Serializer;
use serde_json::value::RawValue;

use netlink_runtime::rtnl::{Error, Handle, Link, NeighbourState, TableFilter};

pub mod addr;
pub mod dump;
pub mod event;
pub mod fdb;
pub mod format;
pub mod link;
pub mod neigh;
pub mod netns;
pub mod nexthop;
pub mod route;
pub mod rule;
pub mod value;

pub use addr::{AddrEventJson, AddrInfoJson, AddrJson};
pub use dump::{netns_list, netns_list_id, print, route_filter, route_get};
pub use event::{write_event, EventJson};
pub use fdb::FdbJson;
pub use format::{to_writer, IpFormatter, JsonArray, Style};
pub use link::LinkJson;
pub use neigh::NeighJson;
pub use netns::{NetnsIdJson, NetnsJson};
pub use nexthop::NexthopJson;
pub use route::{RouteForm, RouteJson};
pub use rule::RuleJson;

/// The keys of one JSON object, in the order `ip` prints them.
///
/// A view implements this rather than `Serialize` directly so that its keys can be written
/// into another object too (an event is `{"event": ..., <the object's keys>}`; `ip addr`'s
/// objects are a link's keys and `addr_info`).
pub trait Fields {
    /// Writes this object's entries into an open map.
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error>;
}

/// Serialises `v` as one JSON object of its [`Fields`]: the body of every view's `Serialize`.
pub fn object<S: Serializer, F: Fields + ?Sized>(v: &F, s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    v.fields(&mut m)?;
    m.end()
}

/// `impl serde::Serialize for VIEW` as the JSON object of its [`Fields`]:
/// `serialize_by_fields!(RouteJson<'_, '_>);`.
#[macro_export]
macro_rules! serialize_by_fields {
    ($($t:ty),+ $(,)?) => {$(
        impl ::serde::Serialize for $t {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::json::object(self, s)
            }
        }
    )+};
}
pub use serialize_by_fields;

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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
    /// `bridge -j fdb show`.
    Fdb,
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
            "fdb" => Object::Fdb,
            _ => return Err(Error::Invalid(format!("unknown object {s:?}"))),
        })
    }
}

/// Options of a dump, as `ip`'s command line gives them. Build with `..Default::default()`:
/// options are added as objects need them.
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
    /// `-p`: `ip -j -p`'s layout.
    pub style: Style,
    /// How many `-s` were given (link counters; the route cache's use counts; FDB ages).
    pub stats: u8,
    /// `br NAME` (FDB): the entries of this bridge.
    pub bridge: Option<String>,
    /// `vlan VID` (FDB): the entries of this VLAN.
    pub vlan: Option<u16>,
    /// `state STATE...` (FDB): the entries in one of these states.
    pub states: Option<NeighbourState>,
}

/// Interface names by index, loaded with one link dump. Looked up once per object of a dump:
/// indexes below [`LinkNames::DENSE`] are a slot of a table, others in a map.
#[derive(Debug, Clone, Default)]
pub struct LinkNames {
    dense: Vec<Option<LinkName>>,
    sparse: HashMap<u32, LinkName>,
}

/// A device name, and the same as JSON text: escaped once when the link is learnt, not once
/// per route that names it (a million-route dump prints it a million times).
#[derive(Debug, Clone)]
struct LinkName {
    text: Box<str>,
    json: Box<RawValue>,
}

impl LinkName {
    fn new(text: &str) -> LinkName {
        LinkName {
            text: Box::from(text),
            json: value::raw_json(text),
        }
    }
}

impl LinkNames {
    /// Indexes below this are kept in a table.
    pub const DENSE: u32 = 4096;

    /// Dump the links of `h`.
    pub fn load(h: &mut Handle) -> Result<LinkNames, Error> {
        let mut names = LinkNames::default();
        h.for_each_link(|l| {
            let name = l.ifname.map(|n| n.to_string_lossy()).unwrap_or_default();
            names.update(l.index, Some(&name));
            Ok(())
        })?;
        Ok(names)
    }

    /// From links already read.
    pub fn from_links(links: &[Link]) -> LinkNames {
        let mut names = LinkNames::default();
        for l in links {
            names.update(l.index(), Some(&l.name().to_string_lossy()));
        }
        names
    }

    /// Learn or forget one link (events).
    pub fn update(&mut self, index: u32, name: Option<&str>) {
        let name = name.map(LinkName::new);
        if index < Self::DENSE {
            let i = index as usize;
            if self.dense.len() <= i {
                if name.is_none() {
                    return;
                }
                self.dense.resize(i + 1, None);
            }
            if let Some(slot) = self.dense.get_mut(i) {
                *slot = name;
            }
        } else {
            match name {
                Some(n) => {
                    self.sparse.insert(index, n);
                }
                None => {
                    self.sparse.remove(&index);
                }
            }
        }
    }

    #[inline]
    fn entry(&self, index: u32) -> Option<&LinkName> {
        if index < Self::DENSE {
            self.dense.get(index as usize)?.as_ref()
        } else {
            self.sparse.get(&index)
        }
    }

    /// The name of `index`, or `None`.
    #[inline]
    pub fn get(&self, index: u32) -> Option<&str> {
        self.entry(index).map(|n| &*n.text)
    }

    /// The name of `index` as JSON text (a quoted, escaped string), or `None`.
    #[inline]
    pub fn get_json(&self, index: u32) -> Option<&RawValue> {
        self.entry(index).map(|n| &*n.json)
    }

    /// The index of `name`.
    pub fn index_of(&self, name: &str) -> Option<u32> {
        let dense = self
            .dense
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((i as u32, &*n.as_ref()?.text)));
        let sparse = self.sparse.iter().map(|(i, n)| (*i, &*n.text));
        dense
            .chain(sparse)
            .find(|(_, n)| *n == name)
            .map(|(i, _)| i)
    }
}
