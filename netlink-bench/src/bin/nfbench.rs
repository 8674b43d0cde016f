//! `nfbench conntrack N [ROUNDS]`: a conntrack dump of N entries, in a private network
//! namespace (made by `unshare` on this thread; the entries are UDP flows between documentation
//! addresses, nothing is sent): the receive-only limit (every datagram received and every
//! message framed, nothing decoded), our dump into the derived `Entry`, and `conntrack -L`.
//! One run of each per round; medians printed. Needs root.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use netlink_runtime::conntrack::{ConntrackDump, ConntrackFilter, ConntrackSpec, Tuple};
use netlink_runtime::nfnl::Handle;
use netlink_runtime::op::Dump as _;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("conntrack") {
        eprintln!("usage: nfbench conntrack N [ROUNDS]   (needs root)");
        std::process::exit(2);
    }
    let n: u32 = args.get(1).map_or(Ok(100_000), |s| s.parse())?;
    let rounds: usize = args.get(2).map_or(Ok(3), |s| s.parse())?;
    netlink_runtime::netns::unshare_current_thread()?;
    // The table must hold them all.
    std::fs::write(
        "/proc/sys/net/netfilter/nf_conntrack_max",
        format!("{}", n * 2),
    )
    .ok();
    let mut h = Handle::new()?;
    let t0 = Instant::now();
    for i in 0..n {
        let src = std::net::Ipv4Addr::from(0xc633_0000 | (i >> 16)); // 198.51.x.x
        let t = Tuple::udp(src.into(), "203.0.113.1".parse()?, (i & 0xffff) as u16, 53);
        h.conntrack_create(&ConntrackSpec::new(t).timeout(3600).mark(i))?;
    }
    eprintln!("created {n} entries in {:?}", t0.elapsed());

    let op = ConntrackDump {
        filter: ConntrackFilter::all(),
    };
    let (mut limit, mut ours, mut tool) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        // Receive-only limit: the same request, messages framed and counted, nothing decoded.
        let t = Instant::now();
        let mut req = op.request()?;
        let mut count = 0u32;
        h.socket()
            .dump_each(&mut req, |_m| -> Result<(), netlink_runtime::Error> {
                count += 1;
                Ok(())
            })?;
        limit.push(t.elapsed());
        assert_eq!(count, n);

        let t = Instant::now();
        let mut sum = 0u64;
        h.for_each_conntrack(&ConntrackFilter::all(), |e| {
            sum += u64::from(e.mark.unwrap_or(0))
                + u64::from(e.tuple_orig.and_then(|t| t.src_port()).unwrap_or(0));
            Ok(())
        })?;
        ours.push(t.elapsed());
        assert!(sum > 0);

        let t = Instant::now();
        let st = Command::new("conntrack")
            .args(["-L"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        tool.push(t.elapsed());
        assert!(st.success());
    }
    let (l, o, c) = (median(limit), median(ours), median(tool));
    let per = |d: Duration| d.as_nanos() as f64 / f64::from(n);
    println!("| case | median | ns/entry | vs limit |");
    println!("| --- | --- | --- | --- |");
    println!("| receive-only limit | {l:.2?} | {:.0} | 1.00x |", per(l));
    println!(
        "| derived Entry (for_each_conntrack) | {o:.2?} | {:.0} | {:.2}x |",
        per(o),
        o.as_secs_f64() / l.as_secs_f64()
    );
    println!(
        "| conntrack -L > /dev/null | {c:.2?} | {:.0} | {:.2}x |",
        per(c),
        c.as_secs_f64() / l.as_secs_f64()
    );
    Ok(())
}
