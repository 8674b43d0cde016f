//! The async rtnetlink handle: the same operations as the blocking one, shared by many tasks.

mod common;

use futures::StreamExt;
use netlink_runtime::rtnl::{AsyncHandle, LinkChange, LinkSpec, RouteFilter, RouteSpec};

#[test]
fn many_tasks_share_one_handle() {
    if !common::private_netns("many_tasks_share_one_handle") {
        return;
    }
    // The runtime's worker threads are in the host namespace: the handle must open every socket
    // of its pool in this thread's namespace anyway.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let h = rt.block_on(async { AsyncHandle::new() }).unwrap();
    rt.block_on(async {
        h.add_link(&LinkSpec::veth("av0", "av1")).await.unwrap();
        h.change_link(&LinkChange::name("av0").up()).await.unwrap();
        let idx = h.link_index("av0").await.unwrap();
        let mut tasks = Vec::new();
        for t in 0..20u32 {
            let h = h.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..10u32 {
                    let dst = format!("10.{t}.{i}.0/24");
                    h.add_route(&RouteSpec::parse(&dst).unwrap().dev(idx).table(1000 + t))
                        .await
                        .unwrap();
                    let l = h.link_by_index(idx).await.unwrap();
                    assert_eq!(l.name, "av0");
                }
                let routes = h
                    .routes(&RouteFilter::main().table(1000 + t))
                    .await
                    .unwrap();
                assert_eq!(routes.len(), 10, "task {t}");
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        // A dump dropped after its first item, then more requests on the same handle.
        let mut s = h.route_stream(&RouteFilter::all_tables()).await.unwrap();
        assert!(s.next().await.unwrap().is_ok());
        drop(s);
        let all = h.routes(&RouteFilter::all_tables()).await.unwrap();
        assert!(all.len() >= 200, "{}", all.len());
    });
    // Nothing leaked to the host: the links are in this namespace.
    let out = common::ip(&["-j", "link", "show", "av0"]);
    assert!(out.contains("av0"));
}
