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

/// The XML that `conntrack -L -o xml` and `ipset list -o xml` print, as JSON by one rule, so
/// tests can compare the tools with our JSON: an element is an object of its attributes and
/// child elements (a name that repeats becomes an array), an element holding only text is that
/// text (a number when it is a decimal number), an empty element is `true`. The `<?xml ...?>`
/// declaration is skipped; the result is `{ root-name: root }`.
pub fn xml_to_json(xml: &str) -> Value {
    let mut p = XmlParser {
        s: xml.as_bytes(),
        pos: 0,
    };
    p.skip_prolog();
    let (name, v) = p.element();
    let mut m = serde_json::Map::new();
    m.insert(name, v);
    Value::Object(m)
}

struct XmlParser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl XmlParser<'_> {
    fn peek(&self) -> u8 {
        self.s.get(self.pos).copied().unwrap_or(0)
    }
    fn ws(&mut self) {
        while self.peek().is_ascii_whitespace() {
            self.pos += 1;
        }
    }
    fn skip_prolog(&mut self) {
        self.ws();
        while self.s[self.pos..].starts_with(b"<?") || self.s[self.pos..].starts_with(b"<!") {
            while self.peek() != b'>' && self.pos < self.s.len() {
                self.pos += 1;
            }
            self.pos += 1;
            self.ws();
        }
    }
    fn name(&mut self) -> String {
        let start = self.pos;
        while !matches!(self.peek(), b' ' | b'>' | b'/' | b'=' | b'\n' | b'\t' | 0) {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.pos]).into_owned()
    }
    fn text_until(&mut self, end: u8) -> String {
        let start = self.pos;
        while self.peek() != end && self.pos < self.s.len() {
            self.pos += 1;
        }
        unescape(&String::from_utf8_lossy(&self.s[start..self.pos]))
    }
    /// Parses `<name attrs>children</name>` at `pos`.
    fn element(&mut self) -> (String, Value) {
        assert_eq!(
            self.peek(),
            b'<',
            "xml: expected an element at byte {}",
            self.pos
        );
        self.pos += 1;
        let name = self.name();
        let mut obj = serde_json::Map::new();
        loop {
            self.ws();
            match self.peek() {
                b'/' => {
                    self.pos += 2; // "/>"
                    if obj.is_empty() {
                        return (name, Value::Bool(true));
                    }
                    return (name, Value::Object(obj));
                }
                b'>' => {
                    self.pos += 1;
                    break;
                }
                0 => panic!("xml: unterminated <{name}>"),
                _ => {
                    let key = self.name();
                    self.pos += 1; // '='
                    let quote = self.peek();
                    self.pos += 1;
                    let v = self.text_until(quote);
                    self.pos += 1;
                    obj.insert(key, scalar(&v));
                }
            }
        }
        let mut text = String::new();
        loop {
            let t = self.text_until(b'<');
            text.push_str(&t);
            if self.s[self.pos..].starts_with(b"</") {
                while self.peek() != b'>' {
                    self.pos += 1;
                }
                self.pos += 1;
                break;
            }
            let (child, v) = self.element();
            match obj.get_mut(&child) {
                Some(Value::Array(a)) if child_is_list(a) => a.push(v),
                Some(prev) => {
                    let old = prev.take();
                    *prev = Value::Array(vec![old, v]);
                }
                None => {
                    obj.insert(child, v);
                }
            }
        }
        // Arrays made of repeated children are marked by construction only; unwrap nothing.
        if obj.is_empty() {
            let t = text.trim();
            if t.is_empty() {
                return (name, Value::Bool(true));
            }
            return (name, scalar(t));
        }
        (name, Value::Object(obj))
    }
}

fn child_is_list(_a: &[Value]) -> bool {
    true
}

fn scalar(t: &str) -> Value {
    let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if digits && (t == "0" || !t.starts_with('0')) {
        if let Ok(n) = t.parse::<u64>() {
            return Value::from(n);
        }
    }
    Value::String(t.to_owned())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Runs `sh -c SCRIPT` in this thread's namespace; panics on failure, returns stdout.
pub fn sh(script: &str) -> String {
    run("sh", &["-c", script])
}
