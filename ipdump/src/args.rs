//! Command-line arguments read as iproute2 reads them, where they build a library request.

use netlink_runtime::rtnl::{Handle, RouteGet};
use netlink_runtime::Error;

use crate::names;

/// `route get`'s arguments as `ip route get` reads them: the destination, then `from ADDR`,
/// `iif DEV`, `oif DEV` (or `dev DEV`), `vrf NAME`, `mark N`, `uid N`, `tos TOS`,
/// `ipproto PROTO`, `sport N`, `dport N`, `fibmatch`, in any order.
pub fn route_get(h: &mut Handle, args: &[String]) -> Result<RouteGet, Error> {
    let mut dst: Option<std::net::IpAddr> = None;
    let (mut from, mut iif, mut oif, mut mark, mut uid) = (None, None, None, None, None);
    let (mut tos, mut ip_proto, mut sport, mut dport) = (None, None, None, None);
    let mut fibmatch = false;
    let mut it = args.iter().map(String::as_str);
    let addr = |what: &str, v: Option<&str>| -> Result<std::net::IpAddr, Error> {
        let v = v.ok_or_else(|| Error::Invalid(format!("route get: {what} needs an address")))?;
        // `ip` accepts a host prefix too (`10.0.0.1/32`).
        let a = v.split_once('/').map_or(v, |(a, _)| a);
        a.parse()
            .map_err(|_| Error::Invalid(format!("route get: {what}: {v:?} is not an IP address")))
    };
    let number = |what: &str, v: Option<&str>| -> Result<u32, Error> {
        let v = v.ok_or_else(|| Error::Invalid(format!("route get: {what} needs a number")))?;
        let n = match v.strip_prefix("0x") {
            Some(h) => u32::from_str_radix(h, 16),
            None => v.parse(),
        };
        n.map_err(|_| Error::Invalid(format!("route get: {what}: {v:?} is not a number")))
    };
    while let Some(a) = it.next() {
        match a {
            "from" => from = Some(addr("from", it.next())?),
            "iif" => iif = Some(it.next()),
            "oif" | "dev" => oif = Some(it.next()),
            // A VRF's lookup is one out of its device; `ip` checks that it is a VRF.
            "vrf" => {
                let name = it
                    .next()
                    .ok_or_else(|| Error::Invalid("route get: vrf needs a device".into()))?;
                let link = h.link_by_name(name)?;
                if link.kind() != Some("vrf") {
                    return Err(Error::Invalid(format!(
                        "route get: vrf: {name:?} is not a VRF"
                    )));
                }
                oif = Some(Some(name));
            }
            "mark" => mark = Some(number("mark", it.next())?),
            "uid" => uid = Some(number("uid", it.next())?),
            "fibmatch" => fibmatch = true,
            "tos" | "dsfield" => {
                let v = it.next().unwrap_or("");
                let t = names::dsfield_value(v).ok_or_else(|| {
                    Error::Invalid(format!("route get: tos: {v:?} is not a TOS value"))
                })?;
                tos = Some(t);
            }
            "ipproto" => {
                let v = it.next().unwrap_or("");
                let p = names::ip_proto_value(v).ok_or_else(|| {
                    Error::Invalid(format!("route get: ipproto: {v:?} is not an IP protocol"))
                })?;
                ip_proto = Some(p);
            }
            "sport" | "dport" => {
                let n = number(a, it.next())?;
                let port = u16::try_from(n)
                    .map_err(|_| Error::Invalid(format!("route get: {a}: {n} is not a port")))?;
                *(if a == "sport" { &mut sport } else { &mut dport }) = Some(port);
            }
            "to" => dst = Some(addr("to", it.next())?),
            other if dst.is_none() => dst = Some(addr("the destination", Some(other))?),
            other => {
                return Err(Error::Invalid(format!(
                    "route get: unexpected argument {other:?}"
                )))
            }
        }
    }
    let dst = dst.ok_or_else(|| Error::Invalid("route get: need a destination address".into()))?;
    let mut get = RouteGet::new(dst);
    // `ip` asks IPv4 lookups to report the table they used (IPv6 does not know the flag).
    if dst.is_ipv4() {
        get = get.lookup_table();
    }
    if let Some(s) = from {
        get = get.from(s);
    }
    let mut dev = |d: Option<&str>| -> Result<u32, Error> {
        let d = d.ok_or_else(|| Error::Invalid("route get: iif/oif need a device".into()))?;
        h.link_index(d)
    };
    if let Some(d) = iif {
        get = get.iif(dev(d)?);
    }
    if let Some(d) = oif {
        get = get.oif(dev(d)?);
    }
    if let Some(m) = mark {
        get = get.mark(m);
    }
    if let Some(u) = uid {
        get = get.uid(u);
    }
    if let Some(t) = tos {
        get = get.tos(t);
    }
    if let Some(p) = ip_proto {
        get = get.ip_proto(p);
    }
    if let Some(p) = sport {
        get = get.sport(p);
    }
    if let Some(p) = dport {
        get = get.dport(p);
    }
    if fibmatch {
        get = get.fibmatch();
    }
    Ok(get)
}
