//! `ipdump`'s presentation layer: the `ip -j` (iproute2 6.1) JSON shape of every rtnetlink
//! object (and, in [`tc`], the `tc -j` shape of qdiscs, classes, filters and actions), and the names iproute2 prints for numbers. The library crate `netlink-runtime` only
//! reads and changes kernel objects; how `ip` prints them lives here.
//!
//! # How an object's JSON view is written
//!
//! One pattern for every object (see [`json::route`] for a full one). A *view* borrows the
//! decoded message and what its keys need; [`json::Fields`] writes its keys in `ip`'s order
//! with the value formats of [`json::value`]; [`serialize_by_fields!`] makes it
//! `serde::Serialize`:
//!
//! ```
//! use ipdump::json::value::{Dev, Ip};
//! use ipdump::json::{Fields, LinkNames};
//! use serde::ser::SerializeMap;
//! use std::net::IpAddr;
//!
//! /// One thing as `ip -j thing show` prints it.
//! pub struct ThingJson<'v> {
//!     pub addr: &'v IpAddr,   // in real views: `&'v ThingRef<'a>`, the borrowed message
//!     pub ifindex: u32,
//!     pub names: &'v LinkNames,
//! }
//!
//! ipdump::serialize_by_fields!(ThingJson<'_>);
//!
//! impl Fields for ThingJson<'_> {
//!     fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
//!         m.serialize_entry("dst", &Ip(self.addr))?;            // keys in ip's order
//!         m.serialize_entry("dev", &Dev(self.names, self.ifindex))?;
//!         m.serialize_entry("weight", &1u32)?;                  // numbers as they are
//!         Ok(())
//!     }
//! }
//!
//! let names = LinkNames::default();
//! let a: IpAddr = "192.0.2.1".parse().unwrap();
//! let view = ThingJson { addr: &a, ifindex: 7, names: &names };
//! assert_eq!(serde_json::to_string(&view).unwrap(), r#"{"dst":"192.0.2.1","dev":"if7","weight":1}"#);
//! ```
//!
//! Then, in [`json::dump`], the dump streams views into a [`json::JsonArray`] (one `push` per
//! message, from inside the `for_each_*` callback: nothing is collected), which writes
//! `ip -j` or `ip -j -p` ([`json::Style`]) layout. Rules the existing views keep:
//!
//! - keys, their order and their value formats are `ip`'s (read its `print_*` calls); a key
//!   `ip` leaves out when a value is absent or default is left out the same way;
//! - a nested object is a view of its own (`MetricsJson`, `NextHopJson` in [`json::route`]);
//!   a list of them is [`json::value::List`] over a closure yielding views;
//! - keys shared by two objects are a function over `SerializeMap` (`link_fields`, used by
//!   links and addresses);
//! - each object is compared with `ip -j` on a scene in `tests/ip_json.rs`.
//!
//! [`netfilter`] holds the same kind of views for `nft -j` (with kernel-level rule
//! expressions), `conntrack -L -o xml` and `ipset list -o xml` (both as JSON).
#![deny(missing_docs)]

pub mod args;
pub mod json;
pub mod names;
pub mod netfilter;
pub mod tc;
