//! Hostile inputs (`tests/data/hostile/`, from the audit of issue 14, plus a few more): each
//! must end within seconds and bounded memory, with an error or warning naming the problem and
//! where it is, or with correct output (values compared with gcc's); `--strict` fails wherever
//! the output would be wrong or incomplete.
//!
//! Every run of the CLI gets an address-space limit and a deadline far above what it needs, so a
//! regression shows as a failure here, not as a hung or swapping test run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mknetlinkdefs::decode::{self, render, Decoder, Item, SchemaSet};

/// Address space for one run (the debug binary needs about 40 MB; the macro bomb stops at about
/// 170 MB).
const MEMORY_KB: u64 = 1_500_000;
/// Deadline for one run (debug build; each of these takes under a second).
const DEADLINE: Duration = Duration::from_secs(60);

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hostile")
        .join(rel)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `mknetlinkdefs ARGS` under the memory limit and deadline.
fn run(args: &[&str]) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_mknetlinkdefs"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mknetlinkdefs");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mknetlinkdefs {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `generate -I DIR HEADER -o OUT [--strict]`; returns the run and the schema written.
fn generate(dir: &Path, header: &str, strict: bool) -> (Run, String) {
    let out = tempfile::NamedTempFile::new().expect("temp file");
    let out_path = out.path().to_str().expect("utf-8 path").to_owned();
    let dir = dir.to_str().expect("utf-8 path");
    let mut args = vec!["generate", "-I", dir, header, "-o", &out_path];
    if strict {
        args.push("--strict");
    }
    let r = run(&args);
    let text = std::fs::read_to_string(&out_path).unwrap_or_default();
    (r, text)
}

fn hostile_c_dir() -> PathBuf {
    data("c_frontend")
}

/// The `[constants]` of a generated schema.
fn constants(schema: &str) -> toml::Table {
    let doc: toml::Table = schema.parse().expect("generated schema is TOML");
    doc.get("constants")
        .and_then(|c| c.as_table())
        .cloned()
        .unwrap_or_default()
}

fn int(c: &toml::Table, name: &str) -> Option<i128> {
    match c.get(name)? {
        toml::Value::Integer(i) => Some((*i).into()),
        toml::Value::String(s) => i128::from_str_radix(s.trim_start_matches("0x"), 16).ok(),
        _ => None,
    }
}

/// Compiles `program` with gcc and returns what it prints, as `NAME VALUE` pairs.
fn gcc_values(dir: &Path, program: &str) -> Vec<(String, i128)> {
    let src = dir.join("probe.c");
    let bin = dir.join("probe");
    std::fs::write(&src, program).expect("write probe");
    let out = Command::new("gcc")
        .args(["-w", "-I"])
        .arg(dir)
        .arg(&src)
        .arg("-o")
        .arg(&bin)
        .output()
        .expect("gcc (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&bin).output().expect("run probe");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let (n, v) = l.split_once(' ')?;
            Some((n.to_owned(), v.parse().ok()?))
        })
        .collect()
}

#[test]
fn include_bomb_stops_at_the_nesting_limit() {
    // The file includes "cyc.h" twice: named so, it includes itself, 2^200 times over.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        hostile_c_dir().join("include_bomb.h"),
        dir.path().join("cyc.h"),
    )
    .unwrap();
    let (r, _) = generate(dir.path(), "cyc.h", false);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cyc.h:1:1: #include nested deeper than 200 (an #include cycle?)"),
        "{}",
        r.stderr
    );

    // With an include guard it is read once, as gcc reads it.
    let guarded = format!(
        "#ifndef CYC_H\n#define CYC_H\n{}#endif\n",
        std::fs::read_to_string(hostile_c_dir().join("include_bomb.h")).unwrap()
    );
    std::fs::write(dir.path().join("cyc.h"), guarded).unwrap();
    let (r, schema) = generate(dir.path(), "cyc.h", true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(int(&constants(&schema), "CYC"), Some(1));
}

#[test]
fn include_tree_stops_at_the_header_limit() {
    // a.h includes b.h ten times, b.h c.h, c.h d.h, d.h e.h: 11,111 headers, no guards.
    let dir = tempfile::tempdir().expect("temp dir");
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")] {
        let text = format!("#include \"{to}.h\"\n").repeat(10);
        std::fs::write(dir.path().join(format!("{from}.h")), text).unwrap();
    }
    std::fs::write(dir.path().join("e.h"), "enum { E = 1 };\n").unwrap();
    let (r, _) = generate(dir.path(), "a.h", false);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // The 10,001st header is the tenth b.h of a.h (1 + 9 x 1,111 before it).
    assert!(
        r.stderr
            .contains("a.h:10:1: more than 10000 headers included"),
        "{}",
        r.stderr
    );
    // A tree of guarded headers is read once each.
    for h in ["b", "c", "d", "e"] {
        let p = dir.path().join(format!("{h}.h"));
        let body = std::fs::read_to_string(&p).unwrap();
        let g = h.to_uppercase();
        std::fs::write(&p, format!("#ifndef {g}_H\n#define {g}_H\n{body}#endif\n")).unwrap();
    }
    let (r, schema) = generate(dir.path(), "a.h", true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(schema.contains("[schema]"), "{schema}");
}

#[test]
fn macro_bomb_stops_at_the_token_limit() {
    let (r, schema) = generate(&hostile_c_dir(), "macro_bomb.h", false);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("macro_bomb.h:5:9: macro expansion produced more than 2000000 tokens"),
        "{}",
        r.stderr
    );
    assert!(schema.is_empty(), "nothing is written: {schema}");
}

#[test]
fn macros_are_not_expanded_again_with_a_fresh_budget() {
    // 300 macros each expanding to a million tokens (`1 1 1 ...`): evaluating them as constants
    // gives up after the 4,096 tokens an expression may have. They are no constants (the
    // output is right, and complete), so nothing is said.
    let (r, schema) = generate(&hostile_c_dir(), "macro_reexpand_slow.h", true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(constants(&schema).is_empty(), "{schema}");
    assert!(r.stderr.contains("(0 warnings)"), "{}", r.stderr);

    // One that might have been a constant, had it been shorter, is reported.
    let dir = tempfile::tempdir().expect("temp dir");
    let long = format!("#define L (1{})\n#define S 2\n", " + 1".repeat(3000));
    std::fs::write(dir.path().join("long.h"), long).unwrap();
    let (r, schema) = generate(dir.path(), "long.h", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "long.h:1:9: macro `L` not evaluated: it expands to more than the 4096 tokens an \
             expression may have"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(int(&constants(&schema), "S"), Some(2));
    let (r, _) = generate(dir.path(), "long.h", true);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn enumerator_and_signed_overflow_warn_and_match_gcc() {
    let (r, schema) = generate(&hostile_c_dir(), "enum_overflow.h", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for w in [
        "enum_overflow.h:1:28: overflow in enumeration values: `O1` is the previous value plus \
         one, 2147483648, which int cannot hold (gcc rejects this enum)",
        "enum_overflow.h:1:59: overflow in enumeration values: `O3`",
        "enum_overflow.h:1:59: enumerator `O3` = 18446744073709551616 exceeds the range of the \
         largest integer type; left out",
        "enum_overflow.h:1:63: enumerator `O4` = 18446744073709551617 exceeds the range",
        "enum_overflow.h:2:25: enumeration values exceed range of largest integer",
        "enum_overflow.h:3:43: value of enumerator `N1`: integer overflow in `-` of type long: \
         the result wraps to 9223372036854775807",
    ] {
        assert!(r.stderr.contains(w), "missing {w:?} in\n{}", r.stderr);
    }
    let c = constants(&schema);
    // gcc rejects enum e3 (overflow in enumeration values): what we give is left out or
    // warned about; the values below are what gcc computes for the enums it accepts.
    assert_eq!(int(&c, "O0"), Some(0x7fff_ffff));
    assert_eq!(int(&c, "O2"), Some(u64::MAX.into()));
    assert_eq!(int(&c, "O3"), None);
    assert_eq!(int(&c, "O4"), None);
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(hostile_c_dir().join("enum_overflow.h")).unwrap();
    let accepted: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.path().join("e.h"), accepted).unwrap();
    let gcc = gcc_values(
        dir.path(),
        "#include <stdio.h>\n#include \"e.h\"\n#define P(x) printf(#x \" %lld\\n\", (long long)(x));\n\
         int main(void) { P(S0) P(S3) P(N0) P(N1) return 0; }\n",
    );
    assert_eq!(gcc.len(), 4, "{gcc:?}");
    for (name, v) in gcc {
        assert_eq!(int(&c, &name), Some(v), "{name}");
    }
    let (r, _) = generate(&hostile_c_dir(), "enum_overflow.h", true);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn redeclared_enumerator_is_reported_and_the_first_kept() {
    let (r, schema) = generate(&hostile_c_dir(), "enumerator_redeclared.h", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = "enumerator_redeclared.h:2:2: redeclaration of enumerator `FOO_A_ID` (first declared \
             on line 1); left out";
    assert!(r.stderr.contains(w), "missing {w:?} in\n{}", r.stderr);
    let c = constants(&schema);
    assert_eq!(int(&c, "FOO_A_ID"), Some(2));
    // Counting goes on from the value the left-out enumerator had, as in C.
    assert_eq!(int(&c, "FOO_A_NEST"), Some(4));
    let enums = toml::from_str::<toml::Table>(&schema).expect("schema is TOML");
    let values = &enums["enums"]["foo_a"]["values"];
    let ids = values
        .as_array()
        .expect("values")
        .iter()
        .filter(|v| v.as_str() == Some("FOO_A_ID"));
    assert_eq!(ids.count(), 1, "{values}");
    // What a compiler says of it: an error.
    let dir = hostile_c_dir();
    let out = Command::new("cc")
        .args(["-fsyntax-only", "-x", "c"])
        .arg(dir.join("enumerator_redeclared.h"))
        .output()
        .expect("cc runs");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("redeclaration of enumerator"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (r, _) = generate(&hostile_c_dir(), "enumerator_redeclared.h", true);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn redefined_struct_and_enum_are_reported_and_the_first_kept() {
    let (r, schema) = generate(&hostile_c_dir(), "tag_redefined.h", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for w in [
        "tag_redefined.h:2:1: redefinition of `struct s` (first defined on line 1); left out",
        "tag_redefined.h:4:1: redefinition of `enum e` (first defined on line 3); left out",
    ] {
        assert!(r.stderr.contains(w), "missing {w:?} in\n{}", r.stderr);
    }
    let doc = toml::from_str::<toml::Table>(&schema).expect("schema is TOML");
    let s = &doc["structs"]["s"];
    assert_eq!(s["size"].as_integer(), Some(4), "{s}");
    assert_eq!(s["fields"].as_array().map(Vec::len), Some(1), "{s}");
    assert_eq!(doc["enums"]["e"]["values"], toml::Value::from(vec!["X"]));
    let out = Command::new("cc")
        .args(["-fsyntax-only", "-x", "c"])
        .arg(hostile_c_dir().join("tag_redefined.h"))
        .output()
        .expect("cc runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("redefinition of"),
        "{err}"
    );
    let (r, _) = generate(&hostile_c_dir(), "tag_redefined.h", true);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn unterminated_comment_is_reported() {
    let (r, schema) = generate(&hostile_c_dir(), "unterminated_comment_drops_rest.h", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unterminated_comment_drops_rest.h:2:1: unterminated comment: the rest of the file \
             is not read"
        ),
        "{}",
        r.stderr
    );
    let c = constants(&schema);
    assert_eq!(int(&c, "A"), Some(1));
    assert_eq!(int(&c, "B"), None, "gcc does not see B either");
    let (r, _) = generate(&hostile_c_dir(), "unterminated_comment_drops_rest.h", true);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn unterminated_string_is_reported() {
    let (r, schema) = generate(&hostile_c_dir(), "unterminated_string_drops_rest.h", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unterminated_string_drops_rest.h:2:11: missing terminating \" character: the \
             literal ends at the end of the line, and what follows may be read as part of it"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(int(&constants(&schema), "A"), Some(1));
    let (r, _) = generate(&hostile_c_dir(), "unterminated_string_drops_rest.h", true);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn aligned_zero_is_ignored_as_gcc_does() {
    let (r, schema) = generate(&hostile_c_dir(), "aligned_zero.h", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "aligned_zero.h:1:36: requested alignment 0 is not a positive power of 2; ignored, \
             as gcc does"
        ),
        "{}",
        r.stderr
    );
    let doc: toml::Table = schema.parse().unwrap();
    let structs = doc.get("structs").and_then(|s| s.as_table()).unwrap();
    let ours = |s: &str, k: &str| {
        structs
            .get(s)
            .and_then(|t| t.get(k))
            .and_then(|v| v.as_integer())
            .map(i128::from)
    };
    let gcc = gcc_values(
        &hostile_c_dir(),
        "#include <stdio.h>\n#include \"aligned_zero.h\"\n\
         #define P(s) printf(#s \"_size %zu\\n\" #s \"_align %zu\\n\", sizeof(struct s), _Alignof(struct s));\n\
         int main(void) { P(s) P(t) P(u) P(v) return 0; }\n",
    );
    assert_eq!(gcc.len(), 8, "{gcc:?}");
    for (key, v) in gcc {
        let (s, k) = key.split_once('_').unwrap();
        assert_eq!(ours(s, k), Some(v), "{key}");
    }
}

/// Loads a hostile schema without validating it, as if it had reached the decoder.
fn unchecked_set(name: &str) -> SchemaSet {
    let text = std::fs::read_to_string(data(&format!("schema/{name}.toml"))).unwrap();
    let schema = netlink_schema::Schema::parse(text, format!("{name}.toml")).unwrap();
    let mut set = SchemaSet::empty();
    set.add(schema);
    set
}

/// Decodes `schema/NAME.hex` with the (unchecked) schema; returns the problems as the CLI
/// prints them.
fn decode_unchecked(name: &str) -> Vec<String> {
    let set = unchecked_set(name);
    let mut dec = Decoder::new(&set);
    let input = std::fs::read(data(&format!("schema/{name}.hex"))).unwrap();
    let mut problems = Vec::new();
    for item in decode::read_input(&input, Some(0)) {
        let Item::Datagram(mut d) = item else {
            panic!("{item:?}")
        };
        d.protocol = Some(0); // plain hex is route unless told otherwise
        let out = dec.decode_datagram(&d);
        assert_eq!(out.messages.len(), 1);
        assert_eq!(out.messages[0].type_name.as_deref(), Some("RTM_X"));
        for p in out.problems(&d) {
            problems.push(render::locate(&format!("{name}.hex"), &p));
        }
    }
    problems
}

#[test]
fn self_referencing_struct_is_rejected_and_bounded() {
    let toml = data("schema/selfref.toml");
    let hex = data("schema/selfref.hex");
    let r = run(&["check", toml.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    for f in ["a", "b", "c"] {
        let want =
            format!("selfref.toml:10: structs.selfref.{f}: struct `selfref` contains itself");
        assert!(r.stderr.contains(&want), "{}", r.stderr);
    }
    let r = run(&[
        "decode",
        "--schema",
        toml.to_str().unwrap(),
        hex.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "selfref.toml: schema not used: `mknetlinkdefs check` finds 3 problems in it"
        ),
        "{}",
        r.stderr
    );
    // Had it reached the decoder: the 26-byte message may build 464 nodes, not 3^24.
    assert_eq!(
        decode_unchecked("selfref"),
        [
            "selfref.hex:1: message at offset 0: decoding would build more than 464 nodes (8 per \
          byte of the message, plus 256): the schema's structs overlap and nest too much; the \
          rest of the message is not decoded"
        ]
    );
}

#[test]
fn absurd_offsets_and_counts_are_rejected_and_checked() {
    for (name, what) in [
        (
            "offset_overflow",
            "offset_overflow.toml:6: structs.huge.x: offset 18446744073709551615 + 1 x 8 bytes \
             does not fit in 64 bits",
        ),
        (
            "count_overflow",
            "count_overflow.toml:6: structs.huge.x: offset 0 + 4611686018427387904 x 8 bytes \
             does not fit in 64 bits",
        ),
    ] {
        let toml = data(&format!("schema/{name}.toml"));
        let hex = data(&format!("schema/{name}.hex"));
        let r = run(&["check", toml.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(what), "{}", r.stderr);
        let r = run(&[
            "decode",
            "--schema",
            toml.to_str().unwrap(),
            hex.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(what), "{}", r.stderr);
        // Had it reached the decoder (this is a debug build: overflow would panic): the field
        // is simply not in the bytes.
        assert_eq!(decode_unchecked(name), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn endless_files_are_not_read_forever() {
    let hex = data("schema/selfref.hex");
    let r = run(&["decode", "--schema", "/dev/zero", hex.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "/dev/zero: not read: larger than 16777216 bytes, the most a schema file may have"
        ),
        "{}",
        r.stderr
    );
    let r = run(&["check", "/dev/zero"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("/dev/zero: not read"), "{}", r.stderr);
    let r = run(&["update", "/dev/zero", "--check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("/dev/zero: not read"), "{}", r.stderr);
    let r = run(&["decode", "/dev/zero"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("/dev/zero: not read: larger than 256 MiB, the most decode reads"),
        "{}",
        r.stderr
    );
}
