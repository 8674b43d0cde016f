//! The clocks and process helpers both benchmark binaries use: wall and CPU time of a piece of
//! work in this process, CPU time and peak RSS of a child, medians, durations as the tables
//! print them, and whether pyroute2 (an optional peer) can be imported.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall and CPU (user + system, this process) time of one piece of work.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measured {
    /// Wall time.
    pub wall: Duration,
    /// User + system time.
    pub cpu: Duration,
}

/// Starts both clocks. The kernel fills dump datagrams inside our `recvmsg`, so its work is
/// our system time: CPU time counts kernel + user-space work and, unlike wall time, not the
/// time spent waiting for a core on a loaded machine.
#[derive(Debug, Clone, Copy)]
pub struct Timer {
    wall: Instant,
    cpu: Duration,
}

impl Timer {
    /// Both clocks, now.
    pub fn start() -> Timer {
        Timer {
            cpu: self_cpu(),
            wall: Instant::now(),
        }
    }
    /// The time since [`Timer::start`].
    pub fn elapsed(&self) -> Measured {
        let wall = self.wall.elapsed();
        Measured {
            wall,
            cpu: self_cpu().saturating_sub(self.cpu),
        }
    }
}

/// A `timeval` as a duration.
pub fn tv(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// User + system time of this process so far.
pub fn self_cpu() -> Duration {
    // SAFETY: all-zero is a valid rusage; getrusage writes into the live local.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer to a live rusage.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Waits for child `pid` and returns its wait status and resource usage (CPU times, peak RSS
/// in `ru_maxrss`, KiB).
pub fn wait4(pid: libc::pid_t) -> std::io::Result<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: all-zero is a valid rusage; wait4 writes into the two live locals.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pointers to live locals; `pid` is our own child, not yet reaped.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r == pid {
            return Ok((status, ru));
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// The median (the upper one of an even count; zero for none).
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// `1.234 s` or `12.34 ms`.
pub fn fmt_dur(d: Duration) -> String {
    let t = d.as_secs_f64();
    if t >= 1.0 {
        format!("{t:.3} s")
    } else {
        format!("{:.2} ms", t * 1e3)
    }
}

/// Whether `python3 -c 'import pyroute2'` works (pyroute2 is an optional peer).
pub fn pyroute2_available() -> bool {
    Command::new("python3")
        .args(["-c", "import pyroute2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
