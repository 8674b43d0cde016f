//! Test support shared by the crates' kernel tests (a dev-dependency, never published): a
//! private network namespace per test thread, named namespaces that clean up after themselves,
//! and runners for the tools the tests compare with (`ip`, `ip -j`). The end-to-end tests of
//! the workspace itself (schemas, generator) live in `tests/` beside this file.

use std::process::Command;

use serde_json::Value;

/// Enter a private network namespace on this test thread, or print a loud `SKIPPED` line and
/// return false when not root. Child processes started from this thread (`ip`, `tc`, ...) run
/// in the same namespace.
pub fn private_netns(test: &str) -> bool {
    if !netlink_runtime::netns::is_root() {
        // Written to the stderr handle directly: libtest captures eprintln! of passing tests,
        // and this line must be seen.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED (needs root): {test}");
        return false;
    }
    netlink_runtime::netns::unshare_current_thread().expect("unshare(CLONE_NEWNET)");
    true
}

/// Run `ip ARGS` (split on whitespace) in this thread's namespace; panics on failure.
pub fn ip(args: &str) -> String {
    let argv: Vec<&str> = args.split_whitespace().collect();
    run("ip", &argv)
}

/// Run `tool ARGS`; panics on failure, returns stdout.
pub fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run several `ip` command lines (one per line, blank lines skipped).
pub fn ip_all(lines: &str) {
    for l in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        ip(l);
    }
}

/// `ip -j ARGS`, parsed (an empty output is an empty array).
pub fn ip_json(args: &str) -> Value {
    let s = ip(&format!("-j {args}"));
    if s.trim().is_empty() {
        return Value::Array(vec![]);
    }
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("ip -j {args}: {e}: {s}"))
}

/// Keep only `keys` of each object of an array (a nested `a.b` keeps `b` inside `a`).
pub fn project(v: &Value, keys: &[&str]) -> Value {
    let arr = v.as_array().expect("array");
    Value::Array(
        arr.iter()
            .map(|o| {
                let mut m = serde_json::Map::new();
                for k in keys {
                    if let Some((outer, inner)) = k.split_once('.') {
                        if let Some(x) = o.get(outer).and_then(|x| x.get(inner)) {
                            let e = m
                                .entry(outer.to_owned())
                                .or_insert_with(|| Value::Object(Default::default()));
                            e[inner] = x.clone();
                        }
                    } else if let Some(x) = o.get(*k) {
                        m.insert((*k).to_owned(), x.clone());
                    }
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// A named namespace (`ip netns add`), deleted when dropped (also when the test panics).
#[derive(Debug)]
pub struct NamedNetns(pub String);

impl NamedNetns {
    /// Create `PREFIX-PID-N`, unique within this machine.
    pub fn create(prefix: &str) -> NamedNetns {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("{prefix}-{}-{n}", std::process::id());
        run("ip", &["netns", "add", &name]);
        NamedNetns(name)
    }
}

impl Drop for NamedNetns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).status();
    }
}
