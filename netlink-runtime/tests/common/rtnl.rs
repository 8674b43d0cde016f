//! Helpers for the `rtnl_*` tests: `ip` runners taking one command line.
#![allow(dead_code)]

#[allow(unused_imports)] // used by some test targets, not all
pub use super::private_netns;
#[allow(unused_imports)]
pub use netlink_tests::{ip, ip_all, ip_json, project};
