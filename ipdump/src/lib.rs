//! `ipdump`'s presentation layer: the `ip -j` (iproute2 6.1) JSON shape of every rtnetlink
//! object, and the names iproute2 prints for numbers. The library crate `netlink-runtime` only
//! reads and changes kernel objects; how `ip` prints them lives here.
#![deny(missing_docs)]

pub mod json;
pub mod names;
