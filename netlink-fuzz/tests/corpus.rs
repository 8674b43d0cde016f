//! Replays every fuzz target over its committed corpus (`fuzz/corpus/NAME/`), the hostile
//! inputs that concern it (`mknetlinkdefs/tests/data/hostile/`), and a few deterministic
//! mutations of each (bit flips, truncations, repeated slices), so that `cargo test` on stable
//! runs what cargo-fuzz runs.

use std::path::{Path, PathBuf};

use netlink_fuzz::{Target, TARGETS};

/// Mutations tried per corpus file.
const MUTATIONS: usize = 24;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The hostile inputs of `mknetlinkdefs/tests/data/hostile/` that a target reads.
fn hostile(target: &str) -> Vec<PathBuf> {
    let dir = root().join("mknetlinkdefs/tests/data/hostile");
    let pick = |sub: &str, ext: &str| -> Vec<PathBuf> {
        files(&dir.join(sub))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect()
    };
    match target {
        "c_frontend" => pick("c_frontend", "h"),
        "schema" => pick("schema", "toml"),
        "decode_hex" => pick("schema", "hex"),
        "update" => pick("schema", "toml"),
        _ => Vec::new(),
    }
}

/// A small deterministic generator (xorshift64), so every run tries the same mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(input: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = input.to_vec();
    if v.is_empty() {
        return vec![rng.next() as u8; rng.below(64)];
    }
    match rng.below(5) {
        0 => {
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
        }
        1 => v.truncate(rng.below(v.len())),
        2 => {
            let i = rng.below(v.len());
            v[i] = [0, 0xff, 0x7f, 0x80, 4, 8][rng.below(6)];
        }
        3 => {
            let a = rng.below(v.len());
            let b = (a + 1 + rng.below(32)).min(v.len());
            let slice = v[a..b].to_vec();
            let at = rng.below(v.len());
            v.splice(at..at, slice);
        }
        _ => {
            let i = rng.below(v.len());
            v.insert(i, rng.next() as u8);
        }
    }
    v
}

fn replay(t: &Target) {
    let corpus = files(&root().join("fuzz/corpus").join(t.name));
    assert!(!corpus.is_empty(), "fuzz/corpus/{} has no seeds", t.name);
    let extra = hostile(t.name);
    // Hostile inputs run as they are (some take a while by design); seeds also mutated.
    let inputs = corpus
        .iter()
        .map(|p| (p, MUTATIONS))
        .chain(extra.iter().map(|p| (p, 0)));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut runs = 0;
    for (path, mutations) in inputs {
        let data = std::fs::read(path).expect("read corpus file");
        let run = |d: &[u8]| {
            let r = std::panic::catch_unwind(|| (t.run)(d));
            if let Err(e) = r {
                let dump = std::env::temp_dir().join(format!("netlink-fuzz-{}.bin", t.name));
                let _ = std::fs::write(&dump, d);
                std::panic::resume_unwind(Box::new(format!(
                    "target {} panicked on {} (input written to {}): {:?}",
                    t.name,
                    path.display(),
                    dump.display(),
                    e.downcast_ref::<String>()
                        .map(String::as_str)
                        .or(e.downcast_ref::<&str>().copied())
                )));
            }
        };
        run(&data);
        for _ in 0..mutations {
            run(&mutate(&data, &mut rng));
        }
        runs += 1 + mutations;
    }
    assert!(runs > MUTATIONS, "{}", t.name);
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    for t in TARGETS {
        let f = root()
            .join("fuzz/fuzz_targets")
            .join(format!("{}.rs", t.name));
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        assert!(
            text.contains(&format!("netlink_fuzz::{}(", t.name)),
            "{} does not run netlink_fuzz::{}",
            f.display(),
            t.name
        );
    }
}

macro_rules! replay_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let t = TARGETS
                    .iter()
                    .find(|t| t.name == stringify!($name))
                    .expect("a target of that name");
                replay(t);
            }
        )*

        #[test]
        fn every_target_is_replayed() {
            let tested = [$(stringify!($name)),*];
            for t in TARGETS {
                assert!(tested.contains(&t.name), "no replay test for {}", t.name);
            }
        }
    };
}

replay_tests!(
    messages,
    attrs,
    rtnl,
    families,
    decode_tree,
    decode_strace,
    decode_hex,
    decode_pcap,
    c_frontend,
    schema,
    update,
);
