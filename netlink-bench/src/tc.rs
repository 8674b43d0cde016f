//! The tc benchmark: 10,000 HTB classes with pfifo leaves and 10,000 u32 filters on one ifb
//! device; class dumps with statistics (receive-only limit, a derived struct of handle, parent,
//! bytes, packets, drops, overlimits and rate, the rtnl handle's borrowed and owned forms,
//! `ipdump -s class`, `tc -s -j class show`, pyroute2); and a 30 ms polling loop of every
//! class's statistics, reporting CPU per poll.

use std::time::{Duration, Instant};

use netlink_derive::Netlink;
use netlink_runtime::codec::FromMessage;
use netlink_runtime::rtnl::Handle;
use netlink_runtime::schemas::tc as k;
use netlink_runtime::tc::{
    Action, HtbOptions, Options, Stats2, TcFilter, TcHandle, TcSpec, U32Key, U32Options,
    U32Selector,
};
use netlink_runtime::{Batch, MessageBuilder};

use super::{Measured, Res, Timer};

/// The device the scene lives on.
pub const DEV: &str = "nlt0";

/// The statistics a shaping box polls: handle, parent, bytes, packets, drops, overlimits,
/// rate; decoded in place (no allocation per class).
#[derive(Netlink, Debug, Clone, Copy)]
#[netlink(schema = "tc", message = "tclass")]
pub struct ClassStat {
    /// `tcm_handle`.
    #[netlink(header = "tcm_handle")]
    pub handle: u32,
    /// `tcm_parent`.
    #[netlink(header = "tcm_parent")]
    pub parent: u32,
    /// `TCA_STATS2`.
    pub stats2: Option<Stats2>,
}

impl ClassStat {
    fn fold(&self, acc: u64) -> u64 {
        let s = self.stats2.unwrap_or_default();
        let b = s.basic.map_or(0, |b| b.bytes + u64::from(b.packets));
        let q = s
            .queue
            .map_or(0, |q| u64::from(q.drops) + u64::from(q.overlimits));
        let r = s.rate_est64.map_or(0, |r| r.bps);
        acc.wrapping_add(u64::from(self.handle ^ self.parent))
            .wrapping_add(b + q + r)
    }
}

/// Builds the scene in the caller's namespace: htb root `1:` with class `1:1`, `classes`
/// children `1:2..` each with a pfifo leaf, and `filters` u32 filters sending one IPv4
/// destination each to a class. Requests go in batches of 32 messages (an htb class carries 2 KiB of rate tables; a datagram must fit the socket's send buffer).
pub fn build(classes: u32, filters: u32) -> Res<u32> {
    let mut h = Handle::new()?;
    let dev = h.link_index(DEV)?;
    let root = TcHandle::new(1, 0);
    h.add_qdisc(
        &TcSpec::qdisc(dev, TcHandle::ROOT, "htb")
            .handle(root)
            .options(Options::Htb(HtbOptions::qdisc(0, 100))),
    )?;
    let top = TcHandle::new(1, 1);
    h.add_class(
        &TcSpec::class(dev, root, top, "htb").options(Options::Htb(HtbOptions::class(
            1_250_000_000,
            1_250_000_000,
            200_000,
            200_000,
        ))),
    )?;
    let mut msgs: Vec<MessageBuilder> = Vec::new();
    let flags = netlink_runtime::schemas::netlink::NLM_F_CREATE
        | netlink_runtime::schemas::netlink::NLM_F_EXCL;
    for i in 0..classes {
        let minor = u16::try_from(i + 2)?;
        let c = TcHandle::new(1, minor);
        let htb = HtbOptions::class(125_000, 1_250_000, 1600, 1600).quantum(1514);
        msgs.push(
            TcSpec::class(dev, top, c, "htb")
                .options(Options::Htb(htb))
                .to_request(k::RTM_NEWTCLASS, flags),
        );
        let leaf = TcHandle::new(u16::try_from(0x100 + i)?, 0);
        msgs.push(
            TcSpec::qdisc(dev, c, "pfifo")
                .handle(leaf)
                .options(Options::Pfifo(k::tc_fifo_qopt { limit: 100 }))
                .to_request(k::RTM_NEWQDISC, flags),
        );
    }
    for i in 0..filters {
        let dst = 0x0a00_0000 | i;
        let sel = U32Selector {
            sel: k::tc_u32_sel {
                flags: k::TC_U32_TERMINAL,
                ..Default::default()
            },
            keys: vec![U32Key {
                val: dst,
                mask: 0xffff_ffff,
                off: 16,
                offmask: 0,
            }],
        };
        let class = TcHandle::new(1, u16::try_from(2 + i % classes.max(1))?);
        let u = U32Options {
            classid: Some(class.raw()),
            sel: Some(sel.to_bytes()),
            act: if i == 0 {
                vec![Action::mirred(true, false, dev)]
            } else {
                Vec::new()
            },
            ..U32Options::default()
        };
        msgs.push(
            TcSpec::filter(dev, root, "u32", 1, k::ETH_P_IP)
                .options(Options::U32(u))
                .to_request(k::RTM_NEWTFILTER, flags),
        );
    }
    let sock = h.socket();
    for chunk in msgs.chunks(32) {
        let mut b = Batch::new();
        for m in chunk {
            b.push(m)?;
        }
        sock.request(&mut b)?;
    }
    Ok(dev)
}

fn class_request(dev: u32) -> MessageBuilder {
    use netlink_runtime::codec::ToMessage;
    netlink_runtime::tc::TcMsg {
        ifindex: dev as i32,
        ..Default::default()
    }
    .to_message(k::RTM_GETTCLASS, 0)
}

/// The in-process cases: (name, description).
pub fn cases() -> Vec<(&'static str, &'static str)> {
    vec![
        ("(a) raw", "receive, walk message headers only"),
        (
            "(b) derive ClassStat",
            "ClassStat {handle, parent, bytes, packets, drops, overlimits, rate}",
        ),
        (
            "(b) tokio ClassStat",
            "same through tokio::Connection::for_each",
        ),
        (
            "(d) for_each_class_stats",
            "Handle::for_each_class_stats, borrowed TcStatsRef",
        ),
        (
            "(d) class_stats() Vec",
            "Handle::class_stats: Vec<TcStatsEntry>, owned",
        ),
        (
            "(d) classes() Vec",
            "Handle::classes: Vec<TcObject>, owned, options and xstats decoded",
        ),
        (
            "parse-only ClassStat x20",
            "the dump recorded once, then ClassStat decoded 20 times from memory (no kernel work)",
        ),
        (
            "parse-only walk x20",
            "the same, walking message headers only",
        ),
        (
            "poll 30 ms x 20",
            "20 polls of every class's ClassStat, 30 ms apart (wall includes the sleeps)",
        ),
    ]
}

/// The number of polls of the polling case.
pub const POLLS: u64 = 20;

/// Runs one case once: (items, time, checksum).
pub fn run_case(case: &str) -> Res<(u64, Measured, u64)> {
    let mut h = Handle::new()?;
    let dev = h.link_index(DEV)?;
    let (mut n, mut acc) = (0u64, 0u64);
    let t = Timer::start();
    match case {
        "(a) raw" => {
            let sock = h.socket();
            let mut req = class_request(dev);
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                n += u64::from(m.kind() == k::RTM_NEWTCLASS);
            }
        }
        "(b) derive ClassStat" => {
            let sock = h.socket();
            let mut req = class_request(dev);
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                if m.kind() == k::RTM_NEWTCLASS {
                    acc = ClassStat::from_message(&m)?.fold(acc);
                    n += 1;
                }
            }
        }
        "(b) tokio ClassStat" => {
            drop(h);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .enable_time()
                .build()?;
            let t = Timer::start();
            let (n, acc) = rt.block_on(async {
                let conn =
                    netlink_runtime::tokio::Connection::new(netlink_runtime::Protocol::ROUTE)?;
                let (mut n, mut acc) = (0u64, 0u64);
                conn.for_each(
                    &StatDump(dev),
                    |s: ClassStat| -> Result<(), netlink_runtime::Error> {
                        acc = s.fold(acc);
                        n += 1;
                        Ok(())
                    },
                )
                .await?;
                Ok::<_, netlink_runtime::Error>((n, acc))
            })?;
            return Ok((n, t.elapsed(), acc));
        }
        "(d) for_each_class_stats" => {
            h.for_each_class_stats(dev, |s| {
                acc = acc.wrapping_add(
                    s.bytes()
                        + s.packets()
                        + u64::from(s.drops())
                        + u64::from(s.overlimits())
                        + s.rate(),
                );
                acc = acc.wrapping_add(u64::from(s.handle ^ s.parent));
                n += 1;
                Ok(())
            })?;
        }
        "(d) class_stats() Vec" => {
            let v = h.class_stats(dev)?;
            n = v.len() as u64;
            acc = v
                .iter()
                .map(|s| s.stats.bytes + u64::from(s.handle.raw()))
                .sum();
        }
        "(d) classes() Vec" => {
            let v = h.classes(&TcFilter::dev(dev))?;
            n = v.len() as u64;
            acc = v
                .iter()
                .map(|c| u64::from(c.handle.raw()) + c.stats.map_or(0, |s| s.bytes))
                .sum();
        }
        "parse-only ClassStat x20" | "parse-only walk x20" => {
            // Record the dump's messages into one buffer (header and payload, 4-aligned).
            let mut buf = Vec::new();
            let sock = h.socket();
            let mut req = class_request(dev);
            let mut d = sock.dump(&mut req)?;
            while let Some(m) = d.next()? {
                if m.kind() == k::RTM_NEWTCLASS {
                    let mut hdr = m.header();
                    hdr.len = u32::try_from(16 + m.payload().len())?;
                    buf.extend_from_slice(&hdr.to_bytes());
                    buf.extend_from_slice(m.payload());
                    buf.resize(buf.len().next_multiple_of(4), 0);
                }
            }
            drop(d);
            let decode = case == "parse-only ClassStat x20";
            let t = Timer::start();
            for _ in 0..POLLS {
                for m in netlink_runtime::Messages::new(&buf) {
                    let m = m?;
                    if decode {
                        acc = ClassStat::from_message(&m)?.fold(acc);
                    } else {
                        acc = acc.wrapping_add(u64::from(m.kind()));
                    }
                    n += 1;
                }
            }
            return Ok((n, t.elapsed(), acc));
        }
        "poll 30 ms x 20" => {
            let sock = h.socket();
            let mut next = Instant::now();
            for _ in 0..POLLS {
                let mut req = class_request(dev);
                let mut d = sock.dump(&mut req)?;
                while let Some(m) = d.next()? {
                    if m.kind() == k::RTM_NEWTCLASS {
                        acc = ClassStat::from_message(&m)?.fold(acc);
                        n += 1;
                    }
                }
                next += Duration::from_millis(30);
                if let Some(wait) = next.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
        }
        other => return Err(format!("unknown tc case {other:?}").into()),
    }
    Ok((n, t.elapsed(), acc))
}

/// The class dump as an operation, for the async driver.
struct StatDump(u32);

impl netlink_runtime::op::Dump for StatDump {
    type Item<'a> = ClassStat;
    fn request(&self) -> Result<MessageBuilder, netlink_runtime::Error> {
        Ok(class_request(self.0))
    }
    fn decode<'a>(
        &self,
        m: &netlink_runtime::Message<'a>,
    ) -> Result<Option<ClassStat>, netlink_runtime::Error> {
        if m.kind() != k::RTM_NEWTCLASS {
            return Ok(None);
        }
        Ok(Some(ClassStat::from_message(m)?))
    }
}

/// pyroute2's class dump with statistics, one line of Python (run only when `pyroute2`
/// imports).
pub const PYROUTE2: &str = "from pyroute2 import IPRoute\nip = IPRoute()\nidx = ip.link_lookup(ifname='nlt0')[0]\nn = 0\nb = 0\nfor c in ip.get_classes(idx):\n    s = c.get_attr('TCA_STATS2')\n    b += s.get_attr('TCA_STATS_BASIC')['bytes'] + c['handle']\n    n += 1\nprint('items=%d' % n)\n";
