//! Network namespaces: named namespaces shared with `ip netns` (create, delete, list), open
//! namespaces ([`Netns`], by name, path, pid or fd), sockets and closures inside another
//! namespace without moving the caller, and moving the current thread into a fresh one.
//!
//! Named namespaces follow `ip netns`: a namespace called `NAME` is an nsfs bind mount on the
//! file `/run/netns/NAME`, and `/run/netns` is a shared mount point (so the bind mounts
//! propagate to mount namespaces created later). [`add_named`] makes what `ip netns add NAME`
//! makes (the same system calls, in the same order), [`delete_named`] undoes it as
//! `ip netns del` does, [`list_named`] lists what `ip netns list` lists: either tool sees the
//! other's namespaces.
//!
//! A socket belongs to the namespace its creating thread was in when
//! `socket()` ran, for the socket's whole life. So to open a socket "in"
//! namespace X, a short-lived helper thread does `setns(X)` + `socket()` and
//! hands the descriptor back; the calling thread never changes namespace,
//! even if something fails half-way.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustix::fs::{Mode, OFlags};
use rustix::thread::{LinkNameSpaceType, UnshareFlags};

use crate::error::Error;
use crate::name::NameBuf;

/// Where `ip netns` keeps named namespaces.
pub const NETNS_RUN_DIR: &str = "/run/netns";

/// A network namespace, as the caller names it.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum NetnsRef<'a> {
    /// A name as `ip netns` uses it: `/run/netns/NAME`.
    Name(&'a str),
    /// A path to a namespace file (`/proc/PID/ns/net`, a bind mount, ...).
    Path(&'a Path),
    /// An open namespace file descriptor.
    Fd(BorrowedFd<'a>),
    /// The namespace of a process (`/proc/PID/ns/net`).
    Pid(u32),
}

impl std::fmt::Display for NetnsRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetnsRef::Name(n) => write!(f, "{n:?}"),
            NetnsRef::Path(p) => write!(f, "{}", p.display()),
            NetnsRef::Fd(fd) => write!(f, "fd {}", fd.as_raw_fd()),
            NetnsRef::Pid(p) => write!(f, "of pid {p}"),
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
        NetnsRef::Pid(pid) => PathBuf::from(format!("/proc/{pid}/ns/net")),
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

/// An open network namespace: an fd on its nsfs file, shared (cheap to clone) and kept open as
/// long as a request, a handle or a spec refers to it. Requests that name a namespace
/// (`IFLA_NET_NS_FD`: move a link, create a veth peer there) carry this fd.
#[derive(Debug, Clone)]
pub struct Netns {
    fd: Arc<OwnedFd>,
    what: Arc<str>,
}

impl Netns {
    /// Open the namespace `ns` names.
    pub fn open(ns: NetnsRef<'_>) -> Result<Netns, Error> {
        Ok(Netns {
            fd: Arc::new(open(ns)?),
            what: ns.to_string().into(),
        })
    }

    /// The namespace `ip netns` calls `name`.
    pub fn by_name(name: &str) -> Result<Netns, Error> {
        Netns::open(NetnsRef::Name(name))
    }

    /// The namespace of process `pid`.
    pub fn by_pid(pid: u32) -> Result<Netns, Error> {
        Netns::open(NetnsRef::Pid(pid))
    }

    /// The namespace of the calling thread.
    pub fn current() -> Result<Netns, Error> {
        Netns::open(NetnsRef::Path(Path::new("/proc/thread-self/ns/net")))
    }

    /// A namespace fd the caller opened.
    pub fn from_fd(fd: OwnedFd) -> Netns {
        let what = format!("fd {}", fd.as_raw_fd());
        Netns {
            fd: Arc::new(fd),
            what: what.into(),
        }
    }

    /// The fd.
    pub fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// This namespace as a [`NetnsRef`] (to open sockets or handles in it).
    pub fn netns_ref(&self) -> NetnsRef<'_> {
        NetnsRef::Fd(self.fd.as_fd())
    }

    /// The fd number requests carry in `IFLA_NET_NS_FD` (valid while this value lives).
    pub fn raw_fd(&self) -> u32 {
        // An open fd is never negative.
        self.fd.as_raw_fd() as u32
    }

    /// Run `f` on a helper thread inside this namespace and return its result (the calling
    /// thread stays where it is).
    pub fn run<F, R>(&self, f: F) -> Result<R, Error>
    where
        F: FnOnce() -> R + Send,
        R: Send,
    {
        run_in_netns(self.netns_ref(), f)
    }

    /// The namespace's identity (device and inode of its nsfs file): two values are the same
    /// namespace exactly when their ids are equal.
    pub fn id(&self) -> Result<(u64, u64), Error> {
        let st = rustix::fs::fstat(self.fd.as_fd()).map_err(|e| Error::Netns {
            what: self.what.to_string(),
            source: e.into(),
        })?;
        Ok((st.st_dev, st.st_ino))
    }
}

impl std::fmt::Display for Netns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

fn netns_err(what: impl Into<String>) -> impl FnOnce(io::Error) -> Error {
    let what = what.into();
    move |source| Error::Netns { what, source }
}

/// Make `/run/netns` exist and be a shared mount point, as `ip netns add` does (bind it onto
/// itself first if it is not a mount point yet).
fn prepare_run_dir() -> Result<(), Error> {
    use rustix::mount::{mount_bind_recursive, mount_change, MountPropagationFlags};
    match rustix::fs::mkdir(NETNS_RUN_DIR, Mode::from_raw_mode(0o755)) {
        Ok(()) | Err(rustix::io::Errno::EXIST) => {}
        Err(e) => return Err(netns_err(NETNS_RUN_DIR)(e.into())),
    }
    let shared = MountPropagationFlags::SHARED | MountPropagationFlags::REC;
    match mount_change(NETNS_RUN_DIR, shared) {
        Ok(()) => Ok(()),
        // Not a mount point yet: make it one, then share it.
        Err(rustix::io::Errno::INVAL) => {
            mount_bind_recursive(NETNS_RUN_DIR, NETNS_RUN_DIR)
                .map_err(|e| netns_err(NETNS_RUN_DIR)(e.into()))?;
            mount_change(NETNS_RUN_DIR, shared).map_err(|e| netns_err(NETNS_RUN_DIR)(e.into()))
        }
        Err(e) => Err(netns_err(NETNS_RUN_DIR)(e.into())),
    }
}

/// Create a new network namespace named `name`, as `ip netns add NAME` does: a file
/// `/run/netns/NAME` with the namespace bind-mounted on it (so it lives without any process in
/// it, and `ip netns` sees it). The namespace is made by a helper thread (`unshare`); the
/// calling thread stays where it is. Fails with `EEXIST` if the name is taken.
pub fn add_named(name: &str) -> Result<Netns, Error> {
    let path = path_for_name(name)?;
    let what = format!("{name:?}");
    prepare_run_dir()?;
    // The mount point: created exclusively, so two callers cannot both think they made it.
    let f = rustix::fs::open(
        &path,
        OFlags::RDONLY | OFlags::CREATE | OFlags::EXCL | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| netns_err(what.clone())(e.into()))?;
    drop(f);
    let made = std::thread::scope(|s| {
        s.spawn(|| -> Result<(), Error> {
            unshare_current_thread().map_err(netns_err(what.clone()))?;
            rustix::mount::mount_bind("/proc/thread-self/ns/net", &path)
                .map_err(|e| netns_err(what.clone())(e.into()))
        })
        .join()
        .unwrap_or_else(|_| {
            Err(netns_err(what.clone())(io::Error::other(
                "helper thread panicked",
            )))
        })
    });
    if let Err(e) = made {
        let _ = rustix::fs::unlink(&path);
        return Err(e);
    }
    Netns::by_name(name)
}

/// Delete the named namespace `name`, as `ip netns del NAME` does (detach the bind mount,
/// remove the file). The namespace itself lives on while a process or an open fd
/// (a [`Netns`], a socket) still refers to it.
pub fn delete_named(name: &str) -> Result<(), Error> {
    let path = path_for_name(name)?;
    let what = format!("{name:?}");
    rustix::mount::unmount(&path, rustix::mount::UnmountFlags::DETACH)
        .map_err(|e| netns_err(what.clone())(e.into()))?;
    rustix::fs::unlink(&path).map_err(|e| netns_err(what)(e.into()))
}

/// The named namespaces, as `ip netns list` lists them (the entries of `/run/netns`, in
/// directory order; none when the directory does not exist). Names are bytes: `ip netns`
/// accepts any name without `/`.
pub fn list_named() -> Result<Vec<NameBuf>, Error> {
    use std::os::unix::ffi::OsStrExt;
    let dir = match std::fs::read_dir(NETNS_RUN_DIR) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(netns_err(NETNS_RUN_DIR)(e)),
    };
    let mut out = Vec::new();
    for entry in dir {
        let entry = entry.map_err(netns_err(NETNS_RUN_DIR))?;
        // `read_dir` leaves out `.` and `..`, as `ip netns list` does; every other entry is a
        // name (`ip netns add .x` makes one).
        out.push(NameBuf::from(entry.file_name().as_bytes()));
    }
    Ok(out)
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
