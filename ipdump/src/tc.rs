//! tc objects as `tc -j` / `tc -s -j` (iproute2) print them: `ipdump qdisc`, `class`,
//! `filter`, `action`. Keys, values and formats follow iproute2's `print_*` calls
//! (`tc_qdisc.c`, `tc_class.c`, `tc_filter.c`, `m_action.c`, `tc_util.c`'s
//! `print_tcstats2_attr`, `q_htb.c`, `q_tbf.c`, `q_fifo.c`, `q_prio.c`, `f_u32.c`,
//! `m_mirred.c`), with these differences, on purpose:
//!
//! - classes: iproute2 6.1 prints `tc -j class show` as text; we print the JSON later
//!   iproute2 prints (its `print_*` keys: `class`, `handle`, `parent`/`root`, `leaf`, the
//!   kind's options flat, and `stats` with `-s`);
//! - u32 filters: tc writes one `"match"` key per key, repeated inside one object (invalid for
//!   most JSON readers); we write `"match": [ ... ]`, one object per key, in order;
//! - left out: the `-d`/`-r` keys (details and raw), per-key `success` counters of u32 with
//!   `-s`, tc's class-name (`-nm`) lookups, options of kinds other than htb, tbf, pfifo, bfifo,
//!   pfifo_fast/prio, mq, ingress, clsact, u32 and mirred (their `options` object is empty).

use std::collections::HashMap;
use std::io::{self, Write};

use netlink_runtime::rtnl::{Error, Handle};
use netlink_runtime::schemas::tc as k;
use netlink_runtime::tc::{
    ActOptions, Action, Options, TcFilter, TcHandle, TcKind, TcObject, TcStats, XStats,
};

/// Device names by index, for `dev` and mirred's `to_dev`.
#[derive(Debug, Default)]
pub struct Devices(HashMap<u32, String>);

impl Devices {
    /// The links of `h`.
    pub fn load(h: &mut Handle) -> Result<Devices, Error> {
        Ok(Devices(
            h.links()?
                .iter()
                .map(|l| (l.index(), l.name().to_string_lossy().into_owned()))
                .collect(),
        ))
    }
    /// The name of `index`, or its number when unknown.
    pub fn name(&self, index: u32) -> String {
        self.0
            .get(&index)
            .cloned()
            .unwrap_or_else(|| index.to_string())
    }
    /// The index of `name`.
    pub fn index(&self, name: &str) -> Option<u32> {
        self.0.iter().find(|(_, n)| *n == name).map(|(i, _)| *i)
    }
}

/// A JSON writer that tracks separators, nesting objects and arrays.
pub struct Json<'w, W: Write> {
    w: &'w mut W,
    first: Vec<bool>,
}

impl<'w, W: Write> Json<'w, W> {
    /// Writes into `w`.
    pub fn new(w: &'w mut W) -> Self {
        Json {
            w,
            first: vec![true],
        }
    }
    fn sep(&mut self) -> io::Result<()> {
        if let Some(f) = self.first.last_mut() {
            if !*f {
                self.w.write_all(b",")?;
            }
            *f = false;
        }
        Ok(())
    }
    fn key(&mut self, k: Option<&str>) -> io::Result<()> {
        self.sep()?;
        if let Some(k) = k {
            // Keys are our own literals: no escaping needed.
            self.w.write_all(b"\"")?;
            self.w.write_all(k.as_bytes())?;
            self.w.write_all(b"\":")?;
        }
        Ok(())
    }
    /// `{`, as a value of key `k` (or an array element).
    pub fn open(&mut self, k: Option<&str>) -> io::Result<()> {
        self.key(k)?;
        self.first.push(true);
        self.w.write_all(b"{")
    }
    /// `}`.
    pub fn close(&mut self) -> io::Result<()> {
        self.first.pop();
        self.w.write_all(b"}")
    }
    /// `[`.
    pub fn open_array(&mut self, k: Option<&str>) -> io::Result<()> {
        self.key(k)?;
        self.first.push(true);
        self.w.write_all(b"[")
    }
    /// `]`.
    pub fn close_array(&mut self) -> io::Result<()> {
        self.first.pop();
        self.w.write_all(b"]")
    }
    /// A string.
    pub fn str(&mut self, k: &str, v: &str) -> io::Result<()> {
        self.key(Some(k))?;
        write_str(self.w, v)
    }
    /// A string array element.
    pub fn elem_str(&mut self, v: &str) -> io::Result<()> {
        self.key(None)?;
        write_str(self.w, v)
    }
    /// A number array element.
    pub fn elem_num(&mut self, v: u64) -> io::Result<()> {
        self.key(None)?;
        write!(self.w, "{v}")
    }
    /// An unsigned number.
    pub fn num(&mut self, k: &str, v: u64) -> io::Result<()> {
        self.key(Some(k))?;
        write_u64(self.w, v)
    }
    /// A signed number.
    pub fn int(&mut self, k: &str, v: i64) -> io::Result<()> {
        self.key(Some(k))?;
        if v < 0 {
            self.w.write_all(b"-")?;
        }
        write_u64(self.w, v.unsigned_abs())
    }
    /// `true` / `false`.
    pub fn bool(&mut self, k: &str, v: bool) -> io::Result<()> {
        self.key(Some(k))?;
        self.w.write_all(if v { b"true" } else { b"false" })
    }
    /// `null` (tc's `print_null`: a flag that is set).
    pub fn null(&mut self, k: &str) -> io::Result<()> {
        self.key(Some(k))?;
        self.w.write_all(b"null")
    }
}

fn write_str<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    w.write_all(b"\"")?;
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0..=0x1f => b"",
            _ => continue,
        };
        w.write_all(b.get(start..i).unwrap_or_default())?;
        if esc.is_empty() {
            write!(w, "\\u{c:04x}")?;
        } else {
            w.write_all(esc)?;
        }
        start = i + 1;
    }
    w.write_all(b.get(start..).unwrap_or_default())?;
    w.write_all(b"\"")
}

/// An unsigned number without the formatting machinery (classes print a dozen each).
fn write_u64<W: Write>(w: &mut W, mut v: u64) -> io::Result<()> {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    w.write_all(buf.get(i..).unwrap_or_default())
}

/// What to print and how.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TcOptions {
    /// Statistics (`-s`).
    pub stats: bool,
    /// Only this device (then `dev` is not printed, as tc does).
    pub dev: Option<u32>,
    /// Filters: the parent (then `parent` is not printed when it is this one).
    pub parent: Option<TcHandle>,
}

/// A filter protocol as tc names it (`ll_proto_n2a`): the common names, else `[N]`.
pub fn protocol_name(p: u16) -> String {
    let known = [
        (k::ETH_P_IP, "ip"),
        (k::ETH_P_IPV6, "ipv6"),
        (k::ETH_P_ALL, "all"),
        (k::ETH_P_ARP, "arp"),
        (k::ETH_P_8021Q, "802.1Q"),
        (k::ETH_P_8021AD, "802.1ad"),
        (k::ETH_P_MPLS_UC, "mpls_uc"),
        (k::ETH_P_MPLS_MC, "mpls_mc"),
    ];
    known
        .iter()
        .find(|(v, _)| *v == p)
        .map(|(_, n)| (*n).to_owned())
        .unwrap_or_else(|| format!("[{p}]"))
}

/// tc's `action_n2a` (the control verdict of an action).
pub fn action_name(a: i32) -> String {
    match a {
        k::TC_ACT_UNSPEC => "continue".into(),
        k::TC_ACT_OK => "pass".into(),
        k::TC_ACT_SHOT => "drop".into(),
        k::TC_ACT_RECLASSIFY => "reclassify".into(),
        k::TC_ACT_PIPE => "pipe".into(),
        k::TC_ACT_STOLEN => "stolen".into(),
        k::TC_ACT_TRAP => "trap".into(),
        _ if a & !k::TC_ACT_EXT_VAL_MASK == k::TC_ACT_GOTO_CHAIN => "goto".into(),
        _ if a & !k::TC_ACT_EXT_VAL_MASK == k::TC_ACT_JUMP => "jump".into(),
        _ => a.to_string(),
    }
}

/// `print_tcstats2_attr`'s keys (bytes, packets, drops, overlimits, requeues, rate, pps,
/// backlog, qlen).
fn write_stats<W: Write>(j: &mut Json<'_, W>, s: &TcStats) -> io::Result<()> {
    j.num("bytes", s.bytes)?;
    j.num("packets", s.packets)?;
    if s.has_queue {
        j.num("drops", u64::from(s.drops))?;
        j.num("overlimits", u64::from(s.overlimits))?;
        j.num("requeues", u64::from(s.requeues))?;
    }
    if s.has_rate {
        j.num("rate", s.bps)?;
        j.num("pps", s.pps)?;
    }
    if s.has_queue {
        j.num("backlog", u64::from(s.backlog))?;
        j.num("qlen", u64::from(s.qlen))?;
    }
    Ok(())
}

fn write_xstats<W: Write>(j: &mut Json<'_, W>, x: &XStats) -> io::Result<()> {
    if let XStats::Htb(x) = x {
        j.num("lended", u64::from(x.lends))?;
        j.num("borrowed", u64::from(x.borrows))?;
        j.num("giants", u64::from(x.giants))?;
        j.int("tokens", i64::from(x.tokens))?;
        j.int("ctokens", i64::from(x.ctokens))?;
    }
    Ok(())
}

/// A kind's options, keys as its `print_qopt` / `print_copt` writes them.
fn write_options<W: Write>(j: &mut Json<'_, W>, o: &Options) -> io::Result<()> {
    match o {
        Options::Htb(h) => {
            if let Some(p) = h.parms {
                if p.level == 0 {
                    j.int("prio", i64::from(p.prio))?;
                }
                j.num("rate", h.rate().unwrap_or(0))?;
                if p.rate.overhead != 0 {
                    j.num("overhead", u64::from(p.rate.overhead))?;
                }
                j.num("ceil", h.ceil().unwrap_or(0))?;
                if p.rate.linklayer & k::TC_LINKLAYER_MASK > k::TC_LINKLAYER_ETHERNET {
                    j.str("linklayer", "atm")?;
                }
                j.num("burst", u64::from(h.burst().unwrap_or(0)))?;
                j.num("cburst", u64::from(h.cburst().unwrap_or(0)))?;
            }
            if let Some(g) = h.init {
                j.int("r2q", i64::from(g.rate2quantum))?;
                j.str("default", &format!("{:#x}", g.defcls))?;
                j.num("direct_packets_stat", u64::from(g.direct_pkts))?;
            }
            if let Some(q) = h.direct_qlen {
                j.num("direct_qlen", u64::from(q))?;
            }
            if h.offload {
                j.null("offload")?;
            }
        }
        Options::Tbf(t) => {
            j.num("rate", t.rate().unwrap_or(0))?;
            j.num("burst", u64::from(t.burst().unwrap_or(0)))?;
            match t.latency_us() {
                Some(lat) => j.num("lat", lat)?,
                None => j.num("limit", u64::from(t.parms.map_or(0, |p| p.limit)))?,
            }
            if let Some(p) = t.parms {
                if p.rate.overhead != 0 {
                    j.int("overhead", i64::from(p.rate.overhead))?;
                }
            }
        }
        Options::Pfifo(f) | Options::Bfifo(f) | Options::PfifoHeadDrop(f) => {
            j.num("limit", u64::from(f.limit))?;
        }
        Options::PfifoFast(p) | Options::Prio(p) => {
            j.num("bands", u64::from(p.bands.unsigned_abs()))?;
            j.open_array(Some("priomap"))?;
            for m in p.priomap {
                j.elem_num(u64::from(m))?;
            }
            j.close_array()?;
            j.bool("multiqueue", false)?;
        }
        Options::U32(u) => {
            if let Some(d) = u.divisor {
                j.int("ht_divisor", i64::from(d))?;
            } else if let Some(h) = u.hash {
                j.str("key_ht", &format!("{:x}", (h >> 20) & 0xfff))?;
                j.str("bkt", &format!("{:x}", (h >> 12) & 0xff))?;
            }
            if let Some(c) = u.classid {
                j.str("flowid", &TcHandle(c).to_string())?;
            }
            if let Some(l) = u.link {
                j.str("link", &u32_handle(l))?;
            }
            if let Some(f) = u.flags {
                if f & k::TCA_CLS_FLAGS_SKIP_HW != 0 {
                    j.bool("skip_hw", true)?;
                }
                if f & k::TCA_CLS_FLAGS_SKIP_SW != 0 {
                    j.bool("skip_sw", true)?;
                }
                if f & k::TCA_CLS_FLAGS_IN_HW != 0 {
                    j.bool("in_hw", true)?;
                } else if f & k::TCA_CLS_FLAGS_NOT_IN_HW != 0 {
                    j.bool("not_in_hw", true)?;
                }
            }
            if let Ok(Some(sel)) = u.selector() {
                if !sel.keys.is_empty() {
                    j.open_array(Some("match"))?;
                    for key in &sel.keys {
                        j.open(None)?;
                        j.str("value", &format!("{:x}", key.val))?;
                        j.str("mask", &format!("{:x}", key.mask))?;
                        j.str("offmask", if key.offmask != 0 { "nexthdr+" } else { "" })?;
                        j.int("off", i64::from(key.off))?;
                        j.close()?;
                    }
                    j.close_array()?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// u32's handle format (`sprint_u32_handle`): `HT:BKT:NODE` in hex, parts left out when 0.
pub fn u32_handle(h: u32) -> String {
    if h == 0 {
        return "none".into();
    }
    let (ht, bkt, node) = (h >> 20, (h >> 12) & 0xff, h & 0xfff);
    let mut s = String::new();
    if ht != 0 {
        s.push_str(&format!("{ht:x}:"));
    }
    if node != 0 || bkt != 0 {
        if bkt != 0 {
            s.push_str(&format!("{bkt:x}"));
        }
        if node != 0 {
            s.push_str(&format!(":{node:x}"));
        }
    }
    s
}

/// One action, as `tc_print_one_action` writes it; `bind` for actions of a filter.
fn write_action<W: Write>(
    j: &mut Json<'_, W>,
    order: usize,
    a: &Action,
    bind: bool,
    devs: &Devices,
    stats: bool,
) -> io::Result<()> {
    j.open(None)?;
    j.num("order", order as u64)?;
    j.str("kind", a.kind.as_deref().unwrap_or(""))?;
    if let Some(ActOptions::Mirred(m)) = &a.options {
        if let Some(p) = m.parms {
            let (action, direction) = match p.eaction {
                k::TCA_EGRESS_REDIR => ("redirect", "egress"),
                k::TCA_EGRESS_MIRROR => ("mirror", "egress"),
                k::TCA_INGRESS_REDIR => ("redirect", "ingress"),
                k::TCA_INGRESS_MIRROR => ("mirror", "ingress"),
                _ => ("unknown", "unknown"),
            };
            j.str("mirred_action", action)?;
            j.str("direction", direction)?;
            j.str("to_dev", &devs.name(p.ifindex))?;
            j.open(Some("control_action"))?;
            j.str("type", &action_name(p.action))?;
            j.close()?;
            j.num("index", u64::from(p.index))?;
            j.int("ref", i64::from(p.refcnt))?;
            j.int("bind", i64::from(p.bindcnt))?;
            if stats {
                if let Some(tm) = m.tm {
                    // tcf_t is in clock ticks (USER_HZ, 100 on Linux).
                    for (key, v) in [
                        ("installed", tm.install),
                        ("last_used", tm.lastuse),
                        ("first_used", tm.firstuse),
                        ("expires", tm.expires),
                    ] {
                        if v != 0 {
                            j.num(key, v / 100)?;
                        }
                    }
                }
            }
        }
    }
    if stats {
        if let Some(s) = &a.stats {
            j.open(Some("stats"))?;
            write_stats(j, &TcStats::from_parts(Some(s), None))?;
            j.close()?;
        }
    }
    if let Some(c) = &a.cookie {
        let hex: String = c.iter().map(|b| format!("{b:02x}")).collect();
        j.str("cookie", &hex)?;
    }
    if !bind {
        let skip_hw = a.flags.is_some_and(|f| {
            f.selector & k::TCA_ACT_FLAGS_SKIP_HW != 0 && f.value & k::TCA_ACT_FLAGS_SKIP_HW != 0
        });
        if let Some(n) = a.in_hw_count {
            if !skip_hw {
                if n != 0 {
                    j.bool("in_hw", true)?;
                    j.num("in_hw_count", u64::from(n))?;
                } else {
                    j.bool("not_in_hw", true)?;
                }
            }
        }
    }
    for (key, bf) in [("hw_stats", a.hw_stats), ("used_hw_stats", a.used_hw_stats)] {
        if let Some(bf) = bf {
            let v = bf.value & bf.selector;
            j.open_array(Some(key))?;
            if v == 0 {
                j.elem_str("disabled")?;
            }
            if v & k::TCA_ACT_HW_STATS_IMMEDIATE != 0 {
                j.elem_str("immediate")?;
            }
            if v & k::TCA_ACT_HW_STATS_DELAYED != 0 {
                j.elem_str("delayed")?;
            }
            j.close_array()?;
        }
    }
    j.close()
}

fn actions_of(o: &Option<Options>) -> &[Action] {
    match o {
        Some(Options::U32(u)) => &u.act,
        Some(Options::Matchall(m)) => &m.act,
        Some(Options::Bpf(b)) => &b.act,
        Some(Options::Flower(f)) => &f.act,
        _ => &[],
    }
}

/// One qdisc (`print_qdisc`).
pub fn write_qdisc<W: Write>(
    j: &mut Json<'_, W>,
    q: &TcObject,
    devs: &Devices,
    o: &TcOptions,
) -> io::Result<()> {
    j.open(None)?;
    j.str("kind", &q.kind)?;
    j.str("handle", &q.handle.qdisc_string())?;
    if o.dev.is_none() {
        j.str("dev", &devs.name(q.ifindex))?;
    }
    if q.parent == TcHandle::ROOT {
        j.bool("root", true)?;
    } else if q.parent.raw() != 0 {
        j.str("parent", &q.parent.to_string())?;
    }
    if q.info != 1 {
        j.num("refcnt", u64::from(q.info))?;
    }
    if q.hw_offload {
        j.bool("offloaded", true)?;
    }
    for (key, b) in [
        ("ingress_block", q.ingress_block),
        ("egress_block", q.egress_block),
    ] {
        if let Some(b) = b.filter(|b| *b != 0) {
            j.num(key, u64::from(b))?;
        }
    }
    j.open(Some("options"))?;
    if let Some(opts) = &q.options {
        write_options(j, opts)?;
    }
    j.close()?;
    if o.stats {
        if let Some(s) = &q.stats {
            write_stats(j, s)?;
        }
        if let Some(x) = &q.xstats {
            write_xstats(j, x)?;
        }
    }
    j.close()
}

/// One class (`print_class`, with later iproute2's JSON keys).
pub fn write_class<W: Write>(
    j: &mut Json<'_, W>,
    c: &TcObject,
    devs: &Devices,
    o: &TcOptions,
) -> io::Result<()> {
    j.open(None)?;
    j.str("class", &c.kind)?;
    if c.handle.raw() != 0 {
        j.str("handle", &c.handle.to_string())?;
    }
    if o.dev.is_none() {
        j.str("dev", &devs.name(c.ifindex))?;
    }
    if c.parent == TcHandle::ROOT {
        j.bool("root", true)?;
    } else {
        j.str("parent", &c.parent.to_string())?;
    }
    if c.info != 0 {
        j.str("leaf", &format!("{:#x}", c.info >> 16))?;
    }
    if let Some(opts) = &c.options {
        write_options(j, opts)?;
    }
    if o.stats {
        j.open(Some("stats"))?;
        if let Some(s) = &c.stats {
            write_stats(j, s)?;
        }
        if let Some(x) = &c.xstats {
            write_xstats(j, x)?;
        }
        j.close()?;
    }
    j.close()
}

/// One filter (`print_filter`).
pub fn write_filter<W: Write>(
    j: &mut Json<'_, W>,
    f: &TcObject,
    devs: &Devices,
    o: &TcOptions,
) -> io::Result<()> {
    j.open(None)?;
    if o.dev != Some(f.ifindex) {
        j.str("dev", &devs.name(f.ifindex))?;
    }
    if o.parent != Some(f.parent) {
        match f.parent {
            TcHandle::ROOT => j.bool("root", true)?,
            TcHandle::CLSACT_INGRESS => j.bool("ingress", true)?,
            TcHandle::CLSACT_EGRESS => j.bool("egress", true)?,
            p => j.str("parent", &p.to_string())?,
        }
    }
    if f.info != 0 {
        if f.protocol() != 0 {
            j.str("protocol", &protocol_name(f.protocol()))?;
        }
        if f.prio() != 0 {
            j.num("pref", u64::from(f.prio()))?;
        }
    }
    j.str("kind", &f.kind)?;
    if let Some(c) = f.chain {
        j.num("chain", u64::from(c))?;
    }
    if let Some(opts) = &f.options {
        j.open(Some("options"))?;
        if f.kind == "u32" && f.handle.raw() != 0 {
            j.str("fh", &u32_handle(f.handle.raw()))?;
            let node = f.handle.raw() & 0xfff;
            if node != 0 {
                j.int("order", i64::from(node))?;
            }
        }
        write_options(j, opts)?;
        let acts = actions_of(&f.options);
        if !acts.is_empty() {
            j.open_array(Some("actions"))?;
            for (i, a) in acts.iter().enumerate() {
                write_action(j, i + 1, a, true, devs, o.stats)?;
            }
            j.close_array()?;
        }
        j.close()?;
    }
    if o.stats {
        if let Some(s) = &f.stats {
            write_stats(j, s)?;
        }
    }
    j.close()
}

/// `ipdump qdisc|class|filter`: the objects of `what` passing `o`, as a JSON array.
pub fn print<W: Write>(
    h: &mut Handle,
    what: TcKind,
    o: &TcOptions,
    w: &mut W,
) -> Result<(), Error> {
    let devs = Devices::load(h)?;
    let mut filter = match o.dev {
        Some(d) => TcFilter::dev(d),
        None => TcFilter::all(),
    };
    if let Some(p) = o.parent {
        filter = filter.parent(p);
    }
    let mut j = Json::new(w);
    j.open_array(None)?;
    // Streamed: each object is written as it is read.
    h.for_each_tc(what, &filter, |r| {
        let x = TcObject::from_ref(what, r);
        match what {
            TcKind::Qdisc => write_qdisc(&mut j, &x, &devs, o)?,
            TcKind::Class => write_class(&mut j, &x, &devs, o)?,
            _ => write_filter(&mut j, &x, &devs, o)?,
        }
        Ok(())
    })?;
    j.close_array()?;
    j.w.write_all(b"\n")?;
    Ok(())
}

/// `ipdump action --kind K` (`tc -j actions list action K`): the total, then the actions.
pub fn print_actions<W: Write>(
    h: &mut Handle,
    kind: &str,
    o: &TcOptions,
    w: &mut W,
) -> Result<(), Error> {
    let devs = Devices::load(h)?;
    let batches = h.actions(kind)?;
    let mut j = Json::new(w);
    j.open_array(None)?;
    for b in &batches {
        j.open(None)?;
        j.num("total acts", u64::from(b.count.unwrap_or(0)))?;
        j.close()?;
        j.open(None)?;
        j.open_array(Some("actions"))?;
        for (i, a) in b.tab.iter().enumerate() {
            // The kernel numbers a dump's actions from 0, and tc prints that number.
            write_action(&mut j, i, a, false, &devs, o.stats)?;
        }
        j.close_array()?;
        j.close()?;
    }
    j.close_array()?;
    j.w.write_all(b"\n")?;
    Ok(())
}

/// A tc event as `tc -j monitor` would print the object, with the event name first
/// (`"event":"newqdisc"` etc., as `ipdump monitor` names rtnetlink events).
pub fn write_event<W: Write>(
    w: &mut W,
    ev: &netlink_runtime::tc::TcEvent,
    devs: &Devices,
) -> io::Result<()> {
    use netlink_runtime::tc::TcEvent;
    let o = TcOptions::default();
    let mut buf = Vec::new();
    let (name, obj) = match ev {
        TcEvent::New(x) => (
            match x.what {
                TcKind::Qdisc => "newqdisc",
                TcKind::Class => "newtclass",
                _ => "newtfilter",
            },
            Some(x),
        ),
        TcEvent::Del(x) => (
            match x.what {
                TcKind::Qdisc => "delqdisc",
                TcKind::Class => "deltclass",
                _ => "deltfilter",
            },
            Some(x),
        ),
        TcEvent::NewAction(_) => ("newaction", None),
        TcEvent::DelAction(_) => ("delaction", None),
        _ => ("tc", None),
    };
    {
        let mut j = Json::new(&mut buf);
        match (obj, ev) {
            (Some(x), _) => match x.what {
                TcKind::Qdisc => write_qdisc(&mut j, x, devs, &o)?,
                TcKind::Class => write_class(&mut j, x, devs, &o)?,
                _ => write_filter(&mut j, x, devs, &o)?,
            },
            (None, TcEvent::NewAction(a) | TcEvent::DelAction(a)) => {
                j.open(None)?;
                j.open_array(Some("actions"))?;
                for (i, a) in a.iter().enumerate() {
                    write_action(&mut j, i, a, false, devs, false)?;
                }
                j.close_array()?;
                j.close()?;
            }
            _ => {
                j.open(None)?;
                j.close()?;
            }
        }
    }
    // Splice the event name in front of the object's keys.
    w.write_all(b"{\"event\":")?;
    write_str(w, name)?;
    if buf.len() > 2 {
        w.write_all(b",")?;
    }
    w.write_all(buf.get(1..).unwrap_or_default())?;
    w.write_all(b"\n")
}
