//! Routes as `ip -j route show` prints them.

use serde::ser::SerializeMap;

use super::value::{Dev, Flags, Ip, List, Prefix, Text};
use super::{Fields, LinkNames};
use crate::names;
use netlink_runtime::rtnl::{Metrics, NextHopRaw, RouteFilter, RouteRef, TableFilter};
use netlink_runtime::schemas::rtnetlink::{RTN_UNICAST, RTPROT_BOOT, RT_TABLE_MAIN};

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

    /// Every key (events: `ip monitor` names table and device).
    pub const FULL: RouteForm = RouteForm {
        show_table: true,
        show_dev: true,
    };
}

/// One route as `ip -j route show` prints it.
#[derive(Debug, Clone, Copy)]
pub struct RouteJson<'v, 'a> {
    /// The route.
    pub route: &'v RouteRef<'a>,
    /// Device names.
    pub names: &'v LinkNames,
    /// Keys left out by the listing's filters.
    pub form: RouteForm,
}

super::serialize_by_fields!(RouteJson<'_, '_>);

impl Fields for RouteJson<'_, '_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let (r, names, form) = (self.route, self.names, self.form);
        if r.kind != RTN_UNICAST {
            m.serialize_entry("type", &names::route_type(r.kind))?;
        }
        match (&r.dst, r.dst_len) {
            (Some(d), l) => m.serialize_entry("dst", &Prefix(d, l))?,
            (None, 0) => m.serialize_entry("dst", "default")?,
            // `ip` prints this odd form, trailing space included.
            (None, l) => m.serialize_entry("dst", &Text(format_args!("0/{l} ")))?,
        }
        match (&r.src, r.src_len) {
            (Some(s), l) => m.serialize_entry("src", &Prefix(s, l))?,
            (None, 0) => {}
            (None, l) => m.serialize_entry("src", &Text(format_args!("0/{l}")))?,
        }
        if let Some(id) = r.nh_id {
            m.serialize_entry("nhid", &id)?;
        }
        if let Some(g) = &r.gateway {
            m.serialize_entry("gateway", &Ip(g))?;
        }
        if let Some(oif) = r.oif.filter(|_| form.show_dev) {
            m.serialize_entry("dev", &Dev(names, oif))?;
        }
        let table = r.table();
        if form.show_table && table != 0 && table != RT_TABLE_MAIN {
            m.serialize_entry("table", &names::table(table))?;
        }
        if r.protocol != RTPROT_BOOT {
            m.serialize_entry("protocol", &names::protocol(r.protocol))?;
        }
        if r.scope != 0 {
            m.serialize_entry("scope", &names::scope(r.scope))?;
        }
        if let Some(p) = &r.prefsrc {
            m.serialize_entry("prefsrc", &Ip(p))?;
        }
        if let Some(metric) = r.priority {
            m.serialize_entry("metric", &metric)?;
        }
        m.serialize_entry(
            "flags",
            &Flags {
                bits: r.flags,
                names: names::ROUTE_FLAGS,
            },
        )?;
        if let Some(mark) = r.mark {
            m.serialize_entry("mark", &mark)?;
        }
        if let Some(iif) = r.iif {
            m.serialize_entry("iif", &Dev(names, iif))?;
        }
        // An RTA_METRICS nest that does not decode is left out, as `ip` leaves out what it
        // cannot parse.
        if let Some(Ok(metrics)) = r.metrics.map(|l| l.get()) {
            m.serialize_entry("metrics", &[MetricsJson(&metrics)])?;
        }
        if let Some(p) = r.pref {
            m.serialize_entry("pref", &names::pref(p))?;
        }
        if !r.multipath.is_empty() {
            let hops = || r.multipath.iter().map(|nh| NextHopJson { nh, names });
            m.serialize_entry("nexthops", &List(hops))?;
        }
        Ok(())
    }
}

/// `RTA_METRICS` as the one object of `ip`'s `"metrics"` array.
struct MetricsJson<'v>(&'v Metrics);

super::serialize_by_fields!(MetricsJson<'_>);

impl Fields for MetricsJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let x = self.0;
        // `ip` prints rtt and rttvar in ms (the kernel keeps them scaled by 8 and 4) and
        // leaves out the "no limit" hop limit.
        let vals = [
            (2, x.mtu),
            (3, x.window),
            (4, x.rtt.map(|v| v / 8)),
            (5, x.rttvar.map(|v| v / 4)),
            (6, x.ssthresh),
            (7, x.cwnd),
            (8, x.advmss),
            (9, x.reordering),
            (10, x.hoplimit.filter(|&h| h != u32::MAX)),
            (11, x.initcwnd),
            (12, x.features),
            (13, x.rto_min),
            (14, x.initrwnd),
            (15, x.quickack),
        ];
        for (i, v) in vals {
            if let Some(v) = v {
                m.serialize_entry(names::METRICS[i], &v)?;
            }
        }
        if let Some(cc) = &x.cc_algo {
            m.serialize_entry("congestion", cc)?;
        }
        if let Some(v) = x.fastopen_no_cookie {
            m.serialize_entry("fastopen_no_cookie", &v)?;
        }
        Ok(())
    }
}

/// One next hop of a multipath route (`"nexthops"`).
struct NextHopJson<'v> {
    nh: &'v NextHopRaw,
    names: &'v LinkNames,
}

super::serialize_by_fields!(NextHopJson<'_>);

impl Fields for NextHopJson<'_> {
    fn fields<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        let nh = self.nh;
        if let Some(g) = &nh.gateway {
            m.serialize_entry("gateway", &Ip(g))?;
        }
        m.serialize_entry("dev", &Dev(self.names, nh.ifindex as u32))?;
        m.serialize_entry("weight", &(u16::from(nh.hops) + 1))?;
        m.serialize_entry(
            "flags",
            &Flags {
                bits: u32::from(nh.flags),
                names: names::ROUTE_FLAGS,
            },
        )?;
        Ok(())
    }
}
