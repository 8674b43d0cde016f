//! Network namespaces: opening sockets inside another namespace without
//! moving the caller, and moving the current thread into a fresh one.
//!
//! A socket belongs to the namespace its creating thread was in when
//! `socket()` ran, for the socket's whole life. So to open a socket "in"
//! namespace X, a short-lived helper thread does `setns(X)` + `socket()` and
//! hands the descriptor back; the calling thread never changes namespace,
//! even if something fails half-way.

use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};

use rustix::fs::{Mode, OFlags};
use rustix::thread::{LinkNameSpaceType, UnshareFlags};

use crate::error::Error;

/// Where `ip netns` keeps named namespaces.
pub const NETNS_RUN_DIR: &str = "/run/netns";

/// A network namespace, as the caller names it.
#[derive(Clone, Copy, Debug)]
pub enum NetnsRef<'a> {
    /// A name as `ip netns` uses it: `/run/netns/NAME`.
    Name(&'a str),
    /// A path to a namespace file (`/proc/PID/ns/net`, a bind mount, ...).
    Path(&'a Path),
    /// An open namespace file descriptor.
    Fd(BorrowedFd<'a>),
}

impl std::fmt::Display for NetnsRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetnsRef::Name(n) => write!(f, "{n:?}"),
            NetnsRef::Path(p) => write!(f, "{}", p.display()),
            NetnsRef::Fd(fd) => write!(f, "fd {fd:?}"),
        }
    }
}

/// The path of the namespace `ip netns` calls `name`. Rejects names that
/// would escape `/run/netns` (empty, `.`, `..`, or containing `/`).
pub fn path_for_name(name: &str) -> Result<PathBuf, Error> {
    if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
        return Err(Error::Netns {
            what: format!("{name:?}"),
            source: io::Error::new(io::ErrorKind::InvalidInput, "invalid namespace name"),
        });
    }
    Ok(Path::new(NETNS_RUN_DIR).join(name))
}

/// Open a namespace file read-only.
pub fn open(ns: NetnsRef<'_>) -> Result<OwnedFd, Error> {
    let path = match ns {
        NetnsRef::Name(n) => path_for_name(n)?,
        NetnsRef::Path(p) => p.to_path_buf(),
        NetnsRef::Fd(fd) => {
            return fd.try_clone_to_owned().map_err(|source| Error::Netns {
                what: ns.to_string(),
                source,
            })
        }
    };
    rustix::fs::open(&path, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty()).map_err(|e| {
        Error::Netns {
            what: ns.to_string(),
            source: e.into(),
        }
    })
}

/// Run `f` on a short-lived helper thread that has entered namespace `ns`;
/// the calling thread's namespace is never touched.
pub fn run_in_netns<F, R>(ns: NetnsRef<'_>, f: F) -> Result<R, Error>
where
    F: FnOnce() -> R + Send,
    R: Send,
{
    let fd = open(ns)?;
    let what = ns.to_string();
    std::thread::scope(|s| {
        s.spawn(|| {
            rustix::thread::move_into_link_name_space(fd.as_fd(), Some(LinkNameSpaceType::Network))
                .map_err(|e| Error::Netns {
                    what: what.clone(),
                    source: e.into(),
                })?;
            Ok(f())
        })
        .join()
        .unwrap_or_else(|_| {
            Err(Error::Netns {
                what: what.clone(),
                source: io::Error::other("helper thread panicked"),
            })
        })
    })
}

/// Move the *current thread* into a fresh, private network namespace
/// (`unshare(CLONE_NEWNET)`): only loopback (down) exists there. Other
/// threads and the process stay where they are; child processes spawned
/// from this thread inherit it. Needs `CAP_SYS_ADMIN`.
pub fn unshare_current_thread() -> io::Result<()> {
    // SAFETY: `unshare_unsafe` is unsafe only because of
    // `UnshareFlags::FILES`, which can leave other threads with descriptors
    // this thread can no longer see. We pass only `NEWNET`, which changes
    // nothing about file descriptors.
    unsafe { rustix::thread::unshare_unsafe(UnshareFlags::NEWNET) }.map_err(Into::into)
}

/// An fd for the current thread's network namespace
/// (`/proc/thread-self/ns/net`), e.g. to come back to it later.
pub fn current_thread_netns() -> io::Result<OwnedFd> {
    rustix::fs::open(
        "/proc/thread-self/ns/net",
        OFlags::RDONLY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(Into::into)
}

/// Whether the effective user is root (tests skip without it).
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}
