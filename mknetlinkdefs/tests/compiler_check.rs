//! Checks the C front-end against the C compiler on the system's netlink uapi headers.
//!
//! For every header: `parse_headers` runs, then a C program that includes the header prints
//! the compiler's value of every constant, and the size, alignment and member offsets of every
//! record (bitfields: by setting the member to all ones in a zeroed record and looking which
//! bits changed). Any difference fails the test.
//!
//! Coverage is measured against an independent count, also from the compiler:
//! - integer macros: `cc -E -dD` lists the object-like macros the header itself defines (line
//!   markers tell which file each `#define` is in; `#undef`s are followed); each is then probed
//!   as `enum { probe = (NAME) };`, which compiles only for integer constant expressions;
//! - enumerators, structs and unions: the DWARF that `cc -g -fno-eliminate-unused-debug-types`
//!   writes for the header, filtered on the declaring file.
//!
//! The bar: no wrong value, at least 99% of the constants and 95% of the records of each
//! header found. What is missing is listed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use mknetlinkdefs::c::{parse_headers, CValue, HeaderItems, Record};

/// Netlink uapi headers checked (under /usr/include/linux); missing ones are skipped.
const NETLINK_HEADERS: &[&str] = &[
    "netlink.h",
    "rtnetlink.h",
    "if_link.h",
    "if_addr.h",
    "neighbour.h",
    "fib_rules.h",
    "nexthop.h",
    "lwtunnel.h",
    "if_bridge.h",
    "genetlink.h",
    "nl80211.h",
    "devlink.h",
    "ethtool_netlink.h",
    "netfilter/nf_tables.h",
    "openvswitch.h",
    "taskstats.h",
    "pkt_sched.h",
    "pkt_cls.h",
    "xfrm.h",
    "if_tunnel.h",
    "mptcp.h",
    "tipc_netlink.h",
    "seg6_iptunnel.h",
    "tcp_metrics.h",
    "if_addrlabel.h",
    "netconf.h",
    "inet_diag.h",
    "sock_diag.h",
    "netfilter/nfnetlink.h",
    "netfilter/nfnetlink_conntrack.h",
    "if_macsec.h",
    "gtp.h",
    "ila.h",
    "l2tp.h",
    "mpls_iptunnel.h",
    "ethtool.h",
    "if_team.h",
    "psample.h",
    "net_dropmon.h",
    "fou.h",
    "seg6_genl.h",
    "smc.h",
    "ioam6_genl.h",
    "nbd-netlink.h",
    "thermal.h",
    "can/netlink.h",
    "veth.h",
    "if_arp.h",
    "net_namespace.h",
    "cgroupstats.h",
    "dcbnl.h",
    "netfilter/nfnetlink_log.h",
    "netfilter/nfnetlink_queue.h",
    "netfilter/ipset/ip_set.h",
    "if_vlan.h",
    "mroute.h",
    "mroute6.h",
    "batman_adv.h",
];

/// Other uapi headers, for their layouts (bitfields, packed and aligned records, unions).
const OTHER_HEADERS: &[&str] = &[
    "bpf.h",
    "btf.h",
    "perf_event.h",
    "videodev2.h",
    "kvm.h",
    "input.h",
    "if_packet.h",
    "if_xdp.h",
    "btrfs.h",
    "io_uring.h",
    "fs.h",
    "fuse.h",
    "usb/ch9.h",
    "ip.h",
    "ipv6.h",
    "icmp.h",
    "icmpv6.h",
    "igmp.h",
    "tcp.h",
    "if_ether.h",
    "if_pppox.h",
    "cdrom.h",
    "fb.h",
    "serial.h",
    "virtio_net.h",
    "vhost.h",
    "sctp.h",
    "netfilter_ipv4/ip_tables.h",
    "netfilter_bridge/ebtables.h",
    "netfilter/x_tables.h",
    "ptp_clock.h",
    "rtc.h",
    "signal.h",
    "wireless.h",
    "atm.h",
    "dvb/frontend.h",
    "media.h",
    "nvme_ioctl.h",
    "blkzoned.h",
    "fiemap.h",
    "elf.h",
    "audit.h",
    "tipc.h",
    "vfio.h",
    "userfaultfd.h",
    "seccomp.h",
    "batadv_packet.h",
    "cciss_defs.h",
];

/// Headers that do not compile on their own, with what they need first.
const PREREQUISITES: &[(&str, &[&str])] = &[("sctp.h", &["stdint.h", "sys/socket.h"])];

/// Minimum share of the reference constants (enumerators and integer macros) found.
const CONSTANT_BAR: f64 = 0.99;
/// Minimum share of the reference structs and unions found.
const RECORD_BAR: f64 = 0.95;

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().expect("run the C compiler");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cc() -> Command {
    Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
}

/// Object-like macros defined by `path` itself and still defined at the end, per `cc -E -dD`.
fn header_macros(dir: &Path, preamble: &str, path: &Path) -> BTreeSet<String> {
    let src = dir.join("dd.c");
    std::fs::write(&src, preamble).expect("write");
    let (ok, out, err) = run(cc().arg("-E").arg("-dD").arg(&src));
    assert!(ok, "cc -E failed: {err}");
    let target = path.to_string_lossy().to_string();
    let mut current = String::new();
    let mut defined: BTreeSet<String> = BTreeSet::new();
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            if let Some(q) = rest.find('"') {
                let name = rest[q + 1..].split('"').next().unwrap_or("");
                current = name.to_string();
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("#define ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let function_like = rest[name.len()..].starts_with('(');
            if current == target && !function_like {
                defined.insert(name);
            } else {
                defined.remove(&name);
            }
        } else if let Some(rest) = line.strip_prefix("#undef ") {
            defined.remove(rest.trim());
        }
    }
    defined
}

/// The subset of `names` that are integer constant expressions to the compiler.
fn integer_macros(dir: &Path, preamble: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
    let probe = |names: &[&String]| -> BTreeSet<usize> {
        let mut src = preamble.to_string();
        let first_line = preamble.lines().count() + 1;
        for (n, name) in names.iter().enumerate() {
            // One function per probe: gcc reports an undeclared identifier once per function.
            writeln!(
                src,
                "void mknetlinkdefs_probe_{n}(void) {{ enum {{ p = ({name}) }}; }}"
            )
            .expect("fmt");
        }
        let file = dir.join("probe.c");
        std::fs::write(&file, src).expect("write");
        let (_, _, err) = run(cc()
            .arg("-fsyntax-only")
            .arg("-fmax-errors=0")
            .arg("-w")
            .arg(&file));
        let mut bad = BTreeSet::new();
        let prefix = format!("{}:", file.display());
        for line in err.lines() {
            if let Some(rest) = line.strip_prefix(&prefix) {
                if let Some(l) = rest.split(':').next().and_then(|l| l.parse::<usize>().ok()) {
                    // With -w every diagnostic is an error or a note attached to one; an
                    // error inside a macro is reported where the macro was defined, with a
                    // note "in expansion of macro" at the probe.
                    if l >= first_line {
                        bad.insert(l - first_line);
                    }
                }
            }
        }
        bad
    };
    let all: Vec<&String> = names.iter().collect();
    let bad = probe(&all);
    // An error can spill over to the next line; probe the failures again one by one so a
    // constant is never dropped from the reference by accident.
    let mut good: BTreeSet<String> = all
        .iter()
        .enumerate()
        .filter(|(n, _)| !bad.contains(n))
        .map(|(_, s)| (*s).clone())
        .collect();
    for n in bad {
        if let Some(name) = all.get(n) {
            if probe(&[name]).is_empty() {
                good.insert((*name).clone());
            }
        }
    }
    good
}

/// What the DWARF of the header declares in the header itself.
#[derive(Default, Debug)]
struct Dwarf {
    enumerators: BTreeSet<String>,
    records: BTreeSet<String>,
}

struct Die {
    depth: usize,
    offset: String,
    tag: String,
    attrs: HashMap<String, String>,
}

fn dwarf_value(v: &str) -> String {
    let v = v.trim();
    match v.rfind("): ") {
        Some(n) if v.starts_with('(') => v[n + 3..].trim().to_string(),
        _ => v.split('\t').next().unwrap_or("").trim().to_string(),
    }
}

fn header_dwarf(dir: &Path, preamble: &str, path: &Path) -> Dwarf {
    let src = dir.join("dw.c");
    let obj = dir.join("dw.o");
    std::fs::write(&src, preamble).expect("write");
    let (ok, _, err) = run(cc()
        .args([
            "-g",
            "-gdwarf-5",
            "-fno-eliminate-unused-debug-types",
            "-c",
            "-o",
        ])
        .arg(&obj)
        .arg(&src));
    assert!(ok, "cc -g failed: {err}");
    let (ok, lines, err) = run(Command::new("readelf").arg("--debug-dump=line").arg(&obj));
    assert!(ok, "readelf failed: {err}");
    let mut dirs: BTreeMap<String, String> = BTreeMap::new();
    let mut files: BTreeSet<String> = BTreeSet::new();
    let mut section = 0;
    for line in lines.lines() {
        if line.contains("The Directory Table") {
            section = 1;
            continue;
        }
        if line.contains("The File Name Table") {
            section = 2;
            continue;
        }
        let cols: Vec<&str> = line.trim().splitn(3, '\t').collect();
        match (section, cols.as_slice()) {
            (1, [idx, name]) if idx.parse::<u32>().is_ok() => {
                dirs.insert(idx.to_string(), dwarf_value(name));
            }
            (2, [idx, d, name]) if idx.parse::<u32>().is_ok() => {
                let full = format!(
                    "{}/{}",
                    dirs.get(*d).cloned().unwrap_or_default(),
                    dwarf_value(name)
                );
                if Path::new(&full) == path {
                    files.insert(idx.to_string());
                }
            }
            _ => {}
        }
    }
    let (ok, info, err) = run(Command::new("readelf").arg("--debug-dump=info").arg(&obj));
    assert!(ok, "readelf failed: {err}");
    let mut dies: Vec<Die> = Vec::new();
    for line in info.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('<') {
            if let Some((depth, rest)) = rest.split_once("><") {
                if let (Ok(depth), Some((off, rest))) =
                    (depth.parse::<usize>(), rest.split_once(">:"))
                {
                    if let Some(tag) = rest.split('(').nth(1).and_then(|s| s.strip_suffix(')')) {
                        dies.push(Die {
                            depth,
                            offset: format!("<0x{off}>"),
                            tag: tag.to_string(),
                            attrs: HashMap::new(),
                        });
                    }
                    continue;
                }
            }
            if let Some((_, attr)) = rest.split_once('>') {
                let attr = attr.trim_start();
                if let Some((name, value)) = attr.split_once(':') {
                    if let Some(d) = dies.last_mut() {
                        d.attrs.insert(name.trim().to_string(), dwarf_value(value));
                    }
                }
            }
        }
    }
    let by_offset: HashMap<&str, usize> = dies
        .iter()
        .enumerate()
        .map(|(n, d)| (d.offset.as_str(), n))
        .collect();
    let in_header = |d: &Die| {
        d.attrs
            .get("DW_AT_decl_file")
            .is_some_and(|f| files.contains(f))
    };
    let mut out = Dwarf::default();
    for (n, d) in dies.iter().enumerate() {
        match d.tag.as_str() {
            "DW_TAG_enumeration_type" if in_header(d) => {
                for c in dies[n + 1..].iter().take_while(|c| c.depth > d.depth) {
                    if c.tag == "DW_TAG_enumerator" {
                        if let Some(name) = c.attrs.get("DW_AT_name") {
                            out.enumerators.insert(name.clone());
                        }
                    }
                }
            }
            "DW_TAG_structure_type" | "DW_TAG_union_type"
                if in_header(d) && !d.attrs.contains_key("DW_AT_declaration") =>
            {
                if let Some(name) = d.attrs.get("DW_AT_name") {
                    out.records.insert(name.clone());
                }
            }
            "DW_TAG_typedef" if in_header(d) => {
                let target = d
                    .attrs
                    .get("DW_AT_type")
                    .and_then(|t| by_offset.get(t.as_str()));
                if let Some(t) = target.and_then(|t| dies.get(*t)) {
                    let record = matches!(
                        t.tag.as_str(),
                        "DW_TAG_structure_type" | "DW_TAG_union_type"
                    );
                    if record && !t.attrs.contains_key("DW_AT_name") {
                        if let Some(name) = d.attrs.get("DW_AT_name") {
                            out.records.insert(name.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Size of one element of a field type, when the test can tell.
fn elem_size(ty: &str, records: &HashMap<&str, &Record>) -> Option<u64> {
    Some(match ty {
        "u8" | "s8" | "char" | "bool" => 1,
        "u16" | "s16" | "be16" | "le16" => 2,
        "u32" | "s32" | "be32" | "le32" | "f32" => 4,
        "u64" | "s64" | "be64" | "le64" | "f64" | "ptr" => 8,
        "f128" | "s128" | "u128" => 16,
        _ => {
            let name = ty.split_once(' ')?.1;
            records.get(name)?.size
        }
    })
}

/// Writes the program that prints the compiler's view; returns it and the expected output.
fn check_program(preamble: &str, items: &HeaderItems) -> (String, Vec<String>) {
    let mut src = format!(
        "{preamble}#include <stdio.h>\n#include <stddef.h>\n#include <string.h>\n\
         static void bits(const unsigned char *p, size_t n, const char *what) {{\n\
           long first = -1, count = 0;\n\
           for (size_t i = 0; i < n * 8; i++) if (p[i / 8] >> (i % 8) & 1) {{ if (first < 0) first = (long)i; count++; }}\n\
           printf(\"%s bits %ld %ld\\n\", what, first, count);\n\
         }}\n\
         int main(void) {{\n"
    );
    let mut expected = Vec::new();
    for c in &items.constants {
        let n = &c.name;
        writeln!(
            src,
            "  if ((({n}) - ({n}) - 1) < 0) printf(\"{n} = %lld\\n\", (long long)({n})); else printf(\"{n} = %lluU\\n\", (unsigned long long)({n}));"
        )
        .expect("fmt");
        expected.push(match c.value {
            CValue::Signed(v) => format!("{n} = {v}"),
            CValue::Unsigned(v) => format!("{n} = {v}U"),
        });
    }
    let by_name: HashMap<&str, &Record> =
        items.records.iter().map(|r| (r.name.as_str(), r)).collect();
    for r in &items.records {
        let Some(t) = &r.c_spelling else { continue };
        writeln!(
            src,
            "  printf(\"{t} size %zu align %zu\\n\", sizeof({t}), _Alignof({t}));"
        )
        .expect("fmt");
        expected.push(format!("{t} size {} align {}", r.size, r.align));
        for f in &r.fields {
            let m = &f.name;
            match f.bits {
                // The member's size checks type and element count; flexible arrays have none,
                // and records from other headers are not in `items`, so their size is unknown.
                None => match elem_size(&f.ty, &by_name) {
                    Some(size) if f.count != Some(0) => {
                        writeln!(
                            src,
                            "  printf(\"{t}.{m} at %zu size %zu\\n\", offsetof({t}, {m}), sizeof((({t} *)0)->{m}));"
                        )
                        .expect("fmt");
                        let size = size.saturating_mul(f.count.unwrap_or(1));
                        expected.push(format!("{t}.{m} at {} size {size}", f.offset));
                    }
                    _ => {
                        writeln!(src, "  printf(\"{t}.{m} at %zu\\n\", offsetof({t}, {m}));")
                            .expect("fmt");
                        expected.push(format!("{t}.{m} at {}", f.offset));
                    }
                },
                Some((bit, width)) => {
                    writeln!(
                        src,
                        "  {{ {t} v; memset(&v, 0, sizeof v); v.{m} = -1; bits((const unsigned char *)&v, sizeof v, \"{t}.{m}\"); }}"
                    )
                    .expect("fmt");
                    expected.push(format!("{t}.{m} bits {bit} {width}"));
                }
            }
        }
    }
    src.push_str("  return 0;\n}\n");
    (src, expected)
}

#[derive(Default)]
struct Totals {
    headers: usize,
    constants: usize,
    records: usize,
    fields: usize,
    bitfields: usize,
}

#[test]
fn headers_match_the_compiler() {
    if !run(cc().arg("--version")).0 {
        eprintln!("no C compiler; skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let usr = PathBuf::from("/usr/include");
    let mut failures: Vec<String> = Vec::new();
    let mut totals = Totals::default();
    let mut report = String::new();
    let mut netlink_headers = 0;
    for h in NETLINK_HEADERS.iter().chain(OTHER_HEADERS) {
        let include = format!("linux/{h}");
        let prerequisites: &[&str] = PREREQUISITES
            .iter()
            .find(|(p, _)| p == h)
            .map_or(&[], |(_, pre)| pre);
        let mut preamble = String::new();
        for p in prerequisites.iter().copied().chain([include.as_str()]) {
            writeln!(preamble, "#include <{p}>").expect("fmt");
        }
        let path = usr.join(&include);
        if !path.is_file() {
            writeln!(report, "{include}: not installed, skipped").expect("fmt");
            continue;
        }
        totals.headers += 1;
        if NETLINK_HEADERS.contains(h) {
            netlink_headers += 1;
        }
        let mut names: Vec<String> = prerequisites.iter().map(|p| p.to_string()).collect();
        names.push(include.clone());
        let items = match parse_headers(std::slice::from_ref(&usr), &names) {
            // Prerequisites are parsed too; only the header's own items are checked.
            Ok(mut items) => {
                items.constants.retain(|c| c.origin.file == path);
                items.records.retain(|r| r.origin.file == path);
                items
            }
            Err(e) => {
                failures.push(format!("{include}: {e}"));
                continue;
            }
        };

        // Values: compile and run the program, compare line by line.
        let (src, expected) = check_program(&preamble, &items);
        let c_file = dir.path().join("check.c");
        let exe = dir.path().join("check");
        std::fs::write(&c_file, &src).expect("write");
        let (ok, _, err) = run(cc().arg("-w").arg("-o").arg(&exe).arg(&c_file));
        if !ok {
            failures.push(format!("{include}: check program does not compile:\n{err}"));
            continue;
        }
        let (ok, out, err) = run(&mut Command::new(&exe));
        if !ok {
            failures.push(format!("{include}: check program failed: {err}"));
            continue;
        }
        let got: Vec<&str> = out.lines().collect();
        let mut wrong = 0;
        for (n, e) in expected.iter().enumerate() {
            let g = got.get(n).copied().unwrap_or("<missing>");
            if *e != g {
                wrong += 1;
                failures.push(format!("{include}: expected `{e}`, compiler says `{g}`"));
            }
        }
        totals.constants += items.constants.len();
        totals.records += items
            .records
            .iter()
            .filter(|r| r.c_spelling.is_some())
            .count();
        totals.fields += items
            .records
            .iter()
            .filter(|r| r.c_spelling.is_some())
            .map(|r| r.fields.len())
            .sum::<usize>();

        totals.bitfields += items
            .records
            .iter()
            .filter(|r| r.c_spelling.is_some())
            .flat_map(|r| &r.fields)
            .filter(|f| f.bits.is_some())
            .count();

        // Coverage against the compiler's own lists.
        let macros = integer_macros(
            dir.path(),
            &preamble,
            &header_macros(dir.path(), &preamble, &path),
        );
        let dwarf = header_dwarf(dir.path(), &preamble, &path);
        let ours: BTreeSet<&str> = items.constants.iter().map(|c| c.name.as_str()).collect();
        let reference: BTreeSet<&str> = macros
            .iter()
            .chain(dwarf.enumerators.iter())
            .map(String::as_str)
            .collect();
        let missing: Vec<&str> = reference.difference(&ours).copied().collect();
        let extra: Vec<&str> = ours.difference(&reference).copied().collect();
        let our_records: BTreeSet<&str> = items
            .records
            .iter()
            .filter(|r| r.c_spelling.is_some())
            .map(|r| r.name.as_str())
            .collect();
        let ref_records: BTreeSet<&str> = dwarf.records.iter().map(String::as_str).collect();
        let missing_records: Vec<&str> = ref_records.difference(&our_records).copied().collect();
        let extra_records: Vec<&str> = our_records.difference(&ref_records).copied().collect();
        let share = |missing: usize, total: usize| {
            if total == 0 {
                1.0
            } else {
                (total - missing) as f64 / total as f64
            }
        };
        let c_cov = share(missing.len(), reference.len());
        let r_cov = share(missing_records.len(), ref_records.len());
        writeln!(
            report,
            "{include}: constants {}/{} ({:.1}%), records {}/{} ({:.1}%), fields {}, wrong {wrong}, warnings {}",
            reference.len() - missing.len(),
            reference.len(),
            c_cov * 100.0,
            ref_records.len() - missing_records.len(),
            ref_records.len(),
            r_cov * 100.0,
            items.records.iter().map(|r| r.fields.len()).sum::<usize>(),
            items.warnings.iter().filter(|w| w.file == path).count(),
        )
        .expect("fmt");
        if !missing.is_empty() {
            writeln!(report, "    missing constants: {}", missing.join(" ")).expect("fmt");
        }
        if !extra.is_empty() {
            writeln!(
                report,
                "    constants the reference does not list: {}",
                extra.join(" ")
            )
            .expect("fmt");
        }
        if !missing_records.is_empty() {
            writeln!(report, "    missing records: {}", missing_records.join(" ")).expect("fmt");
        }
        if !extra_records.is_empty() {
            writeln!(
                report,
                "    records the reference does not list: {}",
                extra_records.join(" ")
            )
            .expect("fmt");
        }
        for w in items.warnings.iter().filter(|w| w.file == path) {
            writeln!(report, "    warning: {w}").expect("fmt");
        }
        if c_cov < CONSTANT_BAR {
            failures.push(format!(
                "{include}: constant coverage {:.1}% < {}%",
                c_cov * 100.0,
                CONSTANT_BAR * 100.0
            ));
        }
        if r_cov < RECORD_BAR {
            failures.push(format!(
                "{include}: record coverage {:.1}% < {}%",
                r_cov * 100.0,
                RECORD_BAR * 100.0
            ));
        }
    }
    eprintln!("{report}");
    eprintln!(
        "checked {} headers: {} constants, {} records, {} fields ({} bitfields) compared with the compiler",
        totals.headers, totals.constants, totals.records, totals.fields, totals.bitfields
    );
    assert!(
        netlink_headers >= 30,
        "only {netlink_headers} netlink headers installed"
    );
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
