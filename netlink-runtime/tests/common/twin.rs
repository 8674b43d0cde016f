//! Tests written once for a blocking handle and its async twin.
//!
//! ```text
//! twins! {
//!     blocking { type H = Handle; fn open() -> H { Handle::new().unwrap() } }
//!     tokio { type H = AsyncHandle; fn open() -> H { AsyncHandle::new().unwrap() } }
//!     helper fn scene(h: &mut H) -> u32 { io!(h.link_index("lo")).unwrap() }
//!     test fn reads() { let mut h = open(); let lo = io!(scene(&mut h)); ... }
//! }
//! ```
//!
//! makes `mod blocking` and `mod tokio_twin`, each with the variant's items, the helpers (plain
//! `fn`s, or `async fn`s) and one `#[test]` per test, run in a private network namespace (the
//! async ones on a current-thread runtime on the test thread, so every socket the handle
//! opens is in that namespace). In the shared code, `io!(call)` is `call` in the blocking
//! variant and `call.await` in the async one; `only_blocking! { .. }` / `only_async! { .. }`
//! keep code for one variant; `io!(drain(io!(h.x_stream()).unwrap()))` reads an owned dump
//! stream (an `Iterator` or a `Stream`) into a `Vec`.

/// A current-thread runtime for one async test.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

#[allow(unused_macros)] // not every test target uses it
macro_rules! twins {
    (@with_dollar ($d:tt)
        blocking { $($bitem:item)* }
        tokio { $($aitem:item)* }
        $(helper fn $hname:ident $(<$($hlt:lifetime),*>)? ($($harg:tt)*) $(-> $hret:ty)? $hbody:block)*
        $(test fn $tname:ident() $tbody:block)*
    ) => {
        mod blocking {
            #![allow(unused_imports, unused_macros, unused_mut, dead_code, clippy::unused_unit)]
            use super::*;
            macro_rules! io {
                ($e:expr) => {
                    $e
                };
            }
            macro_rules! only_blocking {
                ($d($d t:tt)*) => { $d($d t)* };
            }
            macro_rules! only_async {
                ($d($d t:tt)*) => {};
            }
            /// Every item of an owned dump stream (a blocking `DumpIter` here).
            pub fn drain<T>(it: impl Iterator<Item = Result<T, netlink_runtime::Error>>) -> Vec<T> {
                it.map(Result::unwrap).collect()
            }
            $($bitem)*
            $(pub fn $hname $(<$($hlt),*>)? ($($harg)*) $(-> $hret)? $hbody)*
            $(
                #[test]
                fn $tname() {
                    if !crate::common::private_netns(concat!(stringify!($tname), " (blocking)")) {
                        return;
                    }
                    $tbody
                }
            )*
        }
        #[cfg(feature = "tokio")]
        mod tokio_twin {
            #![allow(unused_imports, unused_macros, unused_mut, dead_code, clippy::unused_unit)]
            use super::*;
            macro_rules! io {
                ($e:expr) => {
                    $e.await
                };
            }
            macro_rules! only_blocking {
                ($d($d t:tt)*) => {};
            }
            macro_rules! only_async {
                ($d($d t:tt)*) => { $d($d t)* };
            }
            /// Every item of an owned dump stream (an async `DumpStream` here).
            pub async fn drain<T>(
                s: impl futures::Stream<Item = Result<T, netlink_runtime::Error>> + Unpin,
            ) -> Vec<T> {
                futures::StreamExt::collect::<Vec<_>>(futures::StreamExt::map(s, Result::unwrap)).await
            }
            $($aitem)*
            $(pub async fn $hname $(<$($hlt),*>)? ($($harg)*) $(-> $hret)? $hbody)*
            $(
                #[test]
                fn $tname() {
                    if !crate::common::private_netns(concat!(stringify!($tname), " (tokio)")) {
                        return;
                    }
                    crate::common::twin::runtime().block_on(async move { $tbody })
                }
            )*
        }
    };
    // `$` for the macros defined inside (stable Rust cannot escape it).
    ($($all:tt)*) => {
        crate::common::twin::twins!(@with_dollar ($) $($all)*);
    };
}
#[allow(unused_imports)]
pub(crate) use twins;
