//! Policy routing rules as `ip -j rule show` prints them.

use std::net::IpAddr;

use serde::ser::SerializeMap;

use super::value::{host_len, Ip, Null, Text};
use super::Fields;
use crate::names;
use netlink_runtime::codec::CEnum;
use netlink_runtime::rtnl::{RouteProtocol, RouteTable, RouteType, RuleAction, RuleRef};
use netlink_runtime::schemas::rtnetlink as rt;

/// One rule as `ip -j rule show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct RuleJson<'v, 'a>(pub &'v RuleRef<'a>);

super::serialize_by_fields!(RuleJson<'_, '_>);

impl Fields for RuleJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let r = self.0;
        m.serialize_entry("priority", &r.priority.unwrap_or(0))?;
        if r.flags & rt::FIB_RULE_INVERT != 0 {
            m.serialize_entry("not", &Null)?;
        }
        selector(m, "src", "srclen", &r.src, r.src_len)?;
        selector(m, "dst", "dstlen", &r.dst, r.dst_len)?;
        if r.tos != 0 {
            m.serialize_entry("tos", &Text(format_args!("0x{:02x}", r.tos)))?;
        }
        if r.fwmark.is_some() || r.fwmask.is_some() {
            let mark = r.fwmark.unwrap_or(0);
            m.serialize_entry("fwmark", &Text(format_args!("{mark:#x}")))?;
            if let Some(mask) = r.fwmask.filter(|&m| m != u32::MAX) {
                m.serialize_entry("fwmask", &Text(format_args!("{mask:#x}")))?;
            }
        }
        if let Some(i) = r.iifname {
            m.serialize_entry("iif", &Text(i))?;
            if r.flags & rt::FIB_RULE_IIF_DETACHED != 0 {
                m.serialize_entry("iif_detached", &Null)?;
            }
        }
        if let Some(o) = r.oifname {
            m.serialize_entry("oif", &Text(o))?;
            if r.flags & rt::FIB_RULE_OIF_DETACHED != 0 {
                m.serialize_entry("oif_detached", &Null)?;
            }
        }
        if let Some(l) = r.l3mdev {
            m.serialize_entry("l3mdev", &l)?;
        }
        if let Some(u) = r.uid_range {
            m.serialize_entry("uid_start", &u.start)?;
            m.serialize_entry("uid_end", &u.end)?;
        }
        let table = r.table();
        if table != RouteTable::UNSPEC {
            m.serialize_entry("table", &names::table(table))?;
            if let Some(p) = r.suppress_prefixlen.filter(|&p| p != u32::MAX) {
                m.serialize_entry("suppress_prefixlength", &p)?;
            }
            if let Some(g) = r.suppress_ifgroup.filter(|&g| g != u32::MAX) {
                m.serialize_entry("suppress_ifgroup", &g)?;
            }
        }
        match r.action {
            RuleAction::ToTbl => {}
            RuleAction::Goto => m.serialize_entry("goto", &r.goto.unwrap_or(0))?,
            RuleAction::Nop => m.serialize_entry("action", "nop")?,
            // `ip` names other actions as route types (FR_ACT_BLACKHOLE is RTN_BLACKHOLE...).
            a => m.serialize_entry(
                "action",
                &names::route_type(RouteType::from_raw(a.to_raw())),
            )?,
        }
        // `ip rule` (without -d) hides the kernel's own and unspecified protocols.
        let shown = |p: &RouteProtocol| !matches!(p, RouteProtocol::Unspec | RouteProtocol::Kernel);
        if let Some(p) = r.protocol.filter(shown) {
            m.serialize_entry("protocol", &names::protocol(p))?;
        }
        Ok(())
    }
}

/// A rule selector (`src`/`srclen`, `dst`/`dstlen`) as `ip rule` prints it.
fn selector<M: SerializeMap>(
    m: &mut M,
    key: &'static str,
    len_key: &'static str,
    a: &Option<IpAddr>,
    len: u8,
) -> Result<(), M::Error> {
    match a {
        Some(a) => {
            m.serialize_entry(key, &Ip(a))?;
            if len != host_len(a) {
                m.serialize_entry(len_key, &len)?;
            }
        }
        None if len != 0 => {
            m.serialize_entry(key, "0")?;
            m.serialize_entry(len_key, &len)?;
        }
        None if key == "src" => m.serialize_entry(key, "all")?,
        None => {}
    }
    Ok(())
}
