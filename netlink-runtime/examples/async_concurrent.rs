//! N tasks share one async rtnetlink handle: each adds a route in its own table
//! (`10.X.Y.0/24 dev lo table 1000+i`) and reads its table back, all at once; one line per
//! task, in task order, then what one dump of every table finds. Runs in a private network
//! namespace of its own (needs root), so it never touches this machine's routes.
//!
//! ```text
//! sudo cargo run -p netlink-runtime --features tokio --example async_concurrent -- 16
//! ```
//!
//! Output:
//!
//! ```text
//! task 0: table 1000: 10.0.0.0/24 dev 1 proto 4 (1 route)
//! task 1: table 1001: 10.0.1.0/24 dev 1 proto 4 (1 route)
//! 2 routes in tables 1000..1002, 2 sockets opened
//! ```

use netlink_runtime::rtnl::{AsyncHandle, LinkChange, RouteFilter, RouteSpec};

fn main() -> Result<(), netlink_runtime::Error> {
    let n: u32 = match std::env::args().nth(1) {
        Some(s) => s
            .parse()
            .map_err(|_| netlink_runtime::Error::Invalid(format!("not a task count: {s:?}")))?,
        None => 8,
    };
    // This thread enters a fresh namespace before the runtime starts; the handle's sockets are
    // all opened in it, whichever worker thread opens them.
    netlink_runtime::netns::unshare_current_thread()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run(n))
}

async fn run(n: u32) -> Result<(), netlink_runtime::Error> {
    let h = AsyncHandle::new()?;
    let lo = h.link_index("lo").await?;
    h.change_link(&LinkChange::index(lo).up()).await?;
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let h = h.clone(); // the same pool of sockets
            tokio::spawn(async move {
                let table = 1000 + i;
                let dst = format!("10.{}.{}.0/24", i / 256, i % 256);
                h.add_route(&RouteSpec::parse(&dst)?.dev(lo).table(table))
                    .await?;
                let routes = h.routes(&RouteFilter::main().table(table)).await?;
                let r = routes.first().ok_or_else(|| {
                    netlink_runtime::Error::NotFound(format!("the route of table {table}"))
                })?;
                Ok::<_, netlink_runtime::Error>(format!(
                    "task {i}: table {table}: {}/{} dev {} proto {} ({} route{})",
                    r.dst().map_or("default".to_owned(), |d| d.to_string()),
                    r.dst_len(),
                    r.oif().unwrap_or(0),
                    r.protocol(),
                    routes.len(),
                    if routes.len() == 1 { "" } else { "s" }
                ))
            })
        })
        .collect();
    for t in tasks {
        match t.await {
            Ok(line) => println!("{}", line?),
            Err(e) => return Err(netlink_runtime::Error::Invalid(format!("task: {e}"))),
        }
    }
    let ours = h
        .routes(&RouteFilter::all_tables())
        .await?
        .into_iter()
        .filter(|r| (1000..1000 + n).contains(&r.table().id()))
        .count();
    println!(
        "{ours} routes in tables 1000..{}, {} sockets opened",
        1000 + n,
        h.connection().opened_sockets()
    );
    Ok(())
}
