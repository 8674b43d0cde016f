//! Parse-only throughput on a recorded route dump, from memory: the derived 4-field struct and
//! the full struct next to netlink-packet-route on the same bytes, plus an allocation count.
//!
//! The dump file is made once by `nlbench record` (root; builds a private namespace):
//!
//! ```text
//! sudo target/release/nlbench record --routes 1000000 -o target/nlbench/routes-1m.dump
//! cargo bench -p netlink-bench --bench parse
//! ```
//!
//! Path: `$NLBENCH_DUMP`, else `$CARGO_TARGET_DIR/nlbench/routes-1m.dump`, else
//! `target/nlbench/routes-1m.dump` in the workspace. Without the file the bench says how to make
//! it and does nothing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use netlink_bench::{
    datagrams, fold_route4, fold_route_full, for_each_route_message, Route4, RouteFull,
};
use netlink_packet_core::{NetlinkMessage, Parseable};
use netlink_packet_route::route::{RouteMessage, RouteMessageBuffer};
use netlink_packet_route::RouteNetlinkMessage;
use netlink_runtime::codec::FromMessage;

/// Counts every allocation and reallocation.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn dump_path() -> PathBuf {
    if let Some(p) = std::env::var_os("NLBENCH_DUMP") {
        return p.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("nlbench/routes-1m.dump")
}

fn walk_headers(dgs: &[&[u8]]) -> u64 {
    let mut n = 0u64;
    for_each_route_message(dgs, |m| n += u64::from(m.payload().len() as u32 > 0));
    n
}

fn route4(dgs: &[&[u8]]) -> u64 {
    let mut acc = 0u64;
    for_each_route_message(dgs, |m| {
        if let Ok(r) = Route4::from_message(m) {
            acc = fold_route4(acc, &r);
        }
    });
    acc
}

fn route_full(dgs: &[&[u8]]) -> u64 {
    let mut acc = 0u64;
    for_each_route_message(dgs, |m| {
        if let Ok(r) = RouteFull::from_message(m) {
            acc = fold_route_full(acc, &r);
        }
    });
    acc
}

/// netlink-packet-route on the payload (rtmsg + attributes), as our parsers see it.
fn npr_payload(dgs: &[&[u8]]) -> u64 {
    let mut acc = 0u64;
    for_each_route_message(dgs, |m| {
        let p = m.payload();
        if let Ok(r) = RouteMessage::parse(&RouteMessageBuffer::new(&p)) {
            acc = acc.wrapping_add(r.attributes.len() as u64);
        }
    });
    acc
}

/// netlink-packet-route the way its users call it: `NetlinkMessage::deserialize` on each
/// whole message (header included).
fn npr_deserialize(dgs: &[&[u8]]) -> u64 {
    let mut acc = 0u64;
    for d in dgs {
        let mut pos = 0usize;
        while let Some(h) = d.get(pos..pos + 4) {
            let len = u32::from_ne_bytes([h[0], h[1], h[2], h[3]]) as usize;
            let Some(msg) = d.get(pos..pos + len) else {
                break;
            };
            if len < 16 {
                break;
            }
            if let Ok(m) = NetlinkMessage::<RouteNetlinkMessage>::deserialize(msg) {
                acc = acc.wrapping_add(m.header.length as u64);
            }
            pos += (len + 3) & !3;
        }
    }
    acc
}

type Parser = fn(&[&[u8]]) -> u64;

const PARSERS: [(&str, Parser); 5] = [
    ("walk message headers", walk_headers),
    ("derived 4-field Route4", route4),
    ("derived RouteFull (every RTA_*)", route_full),
    ("netlink-packet-route RouteMessage::parse", npr_payload),
    (
        "netlink-packet-route NetlinkMessage::deserialize",
        npr_deserialize,
    ),
];

fn bench(c: &mut Criterion) {
    let path = dump_path();
    let Ok(file) = std::fs::read(&path) else {
        eprintln!(
            "SKIPPED: no recorded dump at {} (set NLBENCH_DUMP, or make it as root with\n  \
             cargo build --release -p netlink-bench && target/release/nlbench record --routes 1000000 -o {})",
            path.display(),
            path.display()
        );
        return;
    };
    let dgs = datagrams(&file);
    let mut routes = 0u64;
    let mut bytes = 0u64;
    for_each_route_message(&dgs, |m| {
        routes += 1;
        bytes += 16 + m.payload().len() as u64;
    });
    println!(
        "\n{}: {} datagrams, {routes} route messages, {bytes} bytes of route messages",
        path.display(),
        dgs.len()
    );

    // Allocations per pass and a quick median of 5 passes per parser.
    println!("\n| parser | median pass | ns / route | MB/s | x 4-field | allocations / route |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut base = None;
    for (name, f) in PARSERS {
        let before = ALLOCS.load(Ordering::Relaxed);
        black_box(f(black_box(&dgs)));
        let allocs = ALLOCS.load(Ordering::Relaxed) - before;
        if name.starts_with("derived 4-field") {
            assert_eq!(allocs, 0, "the 4-field struct must not allocate");
        }
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                black_box(f(black_box(&dgs)));
                t.elapsed()
            })
            .collect();
        times.sort();
        let t = times[2].as_secs_f64();
        if name.starts_with("derived 4-field") {
            base = Some(t);
        }
        println!(
            "| {name} | {:.2} ms | {:.1} | {:.0} | {} | {:.2} |",
            t * 1e3,
            t * 1e9 / routes.max(1) as f64,
            bytes as f64 / t / 1e6,
            base.map_or("-".to_owned(), |b| format!("{:.1}", t / b)),
            allocs as f64 / routes.max(1) as f64
        );
    }
    println!();

    let mut g = c.benchmark_group("parse-route-dump");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    for (name, f) in PARSERS {
        g.bench_function(name, |b| b.iter(|| f(black_box(&dgs))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
