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
        "ynl" => pick("ynl", "yaml"),
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
    netfilter,
    tc,
    ipdump_json,
    decode_tree,
    decode_strace,
    decode_hex,
    decode_pcap,
    c_frontend,
    schema,
    update,
    ynl,
);

/// The messages of every seed of `target`.
fn seed_messages(target: &str) -> Vec<Vec<u8>> {
    files(&root().join("fuzz/corpus").join(target))
        .iter()
        .map(|p| std::fs::read(p).expect("read seed"))
        .collect()
}

/// The seeds start the fuzzer where the code is: each parser of the new targets reads at
/// least one real message of its kind, and every YNL seed is a spec the importer takes.
#[test]
fn seeds_reach_the_parsers() {
    use netlink_runtime::codec::FromMessage;
    use netlink_runtime::{conntrack, ipset, nftables, rtnl, Messages};

    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for d in seed_messages("netfilter") {
        for m in Messages::new(&d).map_while(Result::ok) {
            let mut hit = |name, ok: bool| *seen.entry(name).or_default() += usize::from(ok);
            hit(
                "conntrack entry",
                conntrack::Entry::from_message(&m).is_ok(),
            );
            hit("nft table", nftables::Table::from_message(&m).is_ok());
            hit("nft chain", nftables::Chain::from_message(&m).is_ok());
            let rule = nftables::Rule::from_message(&m);
            hit(
                "nft rule with expressions",
                rule.is_ok_and(|r| r.exprs().len() > 2),
            );
            hit("nft set", nftables::Set::from_message(&m).is_ok());
            let elems = nftables::SetElements::from_message(&m);
            hit("nft elements", elems.is_ok_and(|e| e.elements.is_some()));
            hit("nft object", nftables::ObjMsg::from_message(&m).is_ok());
            let set = ipset::SetMsg::from_message(&m);
            hit("ipset members", set.is_ok_and(|s| s.adt.is_some()));
        }
    }
    for d in seed_messages("ipdump_json") {
        let msgs: Vec<_> = Messages::new(&d).map_while(Result::ok).collect();
        let links = msgs
            .iter()
            .filter(|m| rtnl::LinkRef::from_message(m).is_ok());
        let addrs = msgs
            .iter()
            .filter(|m| rtnl::AddressRef::from_message(m).is_ok());
        *seen.entry("links with addresses").or_default() +=
            usize::from(links.count() > 0 && addrs.count() > 0);
    }
    for (what, n) in &seen {
        assert!(*n > 0, "no seed has {what}");
    }
    for p in files(&root().join("fuzz/corpus/ynl")) {
        let d = std::fs::read(&p).expect("read seed");
        let spec = d.split(|&b| b == 0).next().unwrap_or_default();
        let text = String::from_utf8_lossy(spec);
        if let Err(e) = mknetlinkdefs::ynl::parse_spec(&text, &p.display().to_string()) {
            panic!("a YNL seed that does not read: {e}");
        }
    }
}
