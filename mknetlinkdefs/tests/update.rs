//! `generate` then `update` on a header that gains and loses attributes: every annotation and
//! comment a person wrote survives, and the changes are reported.

use std::fs;
use std::path::Path;
use std::process::Command;

const HEADER_V1: &str = r#"
#ifndef _LINUX_FOO_H
#define _LINUX_FOO_H
#include <linux/types.h>

#define FOO_GENL_NAME_LEN 16
#define FOO_FLAG_A (1U << 3)

struct foomsg {
	__u8 foo_family;
	__u8 foo_pad;
	__u16 foo_flags;
	__u32 foo_index;
};

enum {
	FOO_UNSPEC,
	FOO_NAME,
	FOO_MTU,
	FOO_OLD,
	FOO_PAD,
	__FOO_MAX,
};
#define FOO_MAX (__FOO_MAX - 1)

enum foo_cmd {
	FOO_CMD_UNSPEC,
	FOO_CMD_GET,
	__FOO_CMD_MAX,
};
#endif
"#;

/// v2: FOO_OLD is gone (FOO_PAD moves down), FOO_NEW appears, the struct grows, a define changes.
const HEADER_V2: &str = r#"
#ifndef _LINUX_FOO_H
#define _LINUX_FOO_H
#include <linux/types.h>

#define FOO_GENL_NAME_LEN 32
#define FOO_FLAG_A (1U << 3)

struct foomsg {
	__u8 foo_family;
	__u8 foo_pad;
	__u16 foo_flags;
	__u32 foo_index;
	__u64 foo_cookie;
};

enum {
	FOO_UNSPEC,
	FOO_NAME,
	FOO_MTU,
	FOO_PAD,
	FOO_NEW,
	__FOO_MAX,
};
#define FOO_MAX (__FOO_MAX - 1)

enum foo_cmd {
	FOO_CMD_UNSPEC,
	FOO_CMD_GET,
	__FOO_CMD_MAX,
};
#endif
"#;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mknetlinkdefs"))
}

fn write_header(root: &Path, text: &str) {
    fs::create_dir_all(root.join("linux")).unwrap();
    fs::write(root.join("linux/foo.h"), text).unwrap();
}

/// Writes `header` as `linux/foo.h` under `dir/include` and generates `dir/foo.toml` from it.
fn generate_foo(dir: &Path, header: &str) -> std::path::PathBuf {
    let inc = dir.join("include");
    write_header(&inc, header);
    let schema = dir.join("foo.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "-I"])
        .arg(&inc)
        .args(["-I", "/usr/include", "linux/foo.h", "--name", "foo", "-o"])
        .arg(&schema));
    assert_eq!(code, 0, "{err}");
    schema
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn update_keeps_annotations_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let schema = generate_foo(dir.path(), HEADER_V1);
    let inc = dir.path().join("include");
    let text = fs::read_to_string(&schema).unwrap();
    assert!(text.contains("FOO_GENL_NAME_LEN = 16"), "{text}");
    assert!(text.contains("FOO_FLAG_A = 8"), "{text}");
    assert!(
        text.contains("FOO_NAME = { id = 1, type = \"?\" }"),
        "{text}"
    );
    assert!(
        text.contains("FOO_UNSPEC = { id = 0, type = \"unused\" }"),
        "{text}"
    );
    assert!(
        text.contains("FOO_PAD = { id = 4, type = \"pad\" }"),
        "{text}"
    );
    assert!(
        !text.contains("FOO_CMD_GET = { id"),
        "commands are not attributes: {text}"
    );
    assert!(
        !text.contains("__FOO_MAX = {"),
        "sentinel is not an attribute: {text}"
    );

    // A person annotates and comments.
    let annotated = text
        .replace(
            "FOO_NAME = { id = 1, type = \"?\" }",
            "# the device name\nFOO_NAME = { id = 1, type = \"string\" } # max 16 bytes",
        )
        .replace(
            "FOO_MTU = { id = 2, type = \"?\" }",
            "FOO_MTU = { id = 2, type = \"u32\", doc = \"bytes\" }",
        )
        .replace("FOO_OLD = { id = 3, type = \"?\" }", "FOO_OLD = { id = 3, type = \"u8\" }")
        .replace(
            "FOO_GENL_NAME_LEN = 16",
            "FOO_GENL_NAME_LEN = 16 # from the family name",
        )
        + "\n# which message carries what: written by hand\n[messages.foo]\ntypes = [\"FOO_CMD_GET\"]\nheader = \"foomsg\"\nattributes = \"foo\"\n";
    fs::write(&schema, &annotated).unwrap();
    let (code, out, err) = run(bin().args(["check"]).arg(&schema));
    assert_eq!(code, 0, "{out}{err}");

    // Up to date: --check passes, update changes nothing.
    let (code, out, err) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "");

    // The header changes.
    write_header(&inc, HEADER_V2);
    let (code, out, err) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 1, "out of date must fail: {out}{err}");
    assert_eq!(
        fs::read_to_string(&schema).unwrap(),
        annotated,
        "--check must not write"
    );

    let (code, out, err) = run(bin().args(["update"]).arg(&schema));
    assert_eq!(code, 0, "{err}");
    for line in [
        "~ constant FOO_GENL_NAME_LEN = 32 (was 16)",
        "- attribute foo.FOO_OLD (type u8)",
        "+ attribute foo.FOO_NEW = 4",
        "~ attribute foo.FOO_PAD id 3 (was 4)",
        "~ struct foomsg (size 16)",
        "- constant FOO_OLD",
        "+ constant FOO_NEW = 4",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing `{line}` in:\n{out}"
        );
    }
    let updated = fs::read_to_string(&schema).unwrap();
    for kept in [
        "# the device name\nFOO_NAME = { id = 1, type = \"string\" } # max 16 bytes",
        "FOO_MTU = { id = 2, type = \"u32\", doc = \"bytes\" }",
        "FOO_GENL_NAME_LEN = 32 # from the family name",
        "# which message carries what: written by hand\n[messages.foo]",
        "FOO_NEW = { id = 4, type = \"?\" }",
        "{ name = \"foo_cookie\", type = \"u64\", offset = 8 }",
    ] {
        assert!(updated.contains(kept), "lost `{kept}` in:\n{updated}");
    }
    assert!(!updated.contains("FOO_OLD"), "{updated}");
    let (code, out, err) = run(bin().args(["check"]).arg(&schema));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 0, "second update must be a no-op: {out}");
}

#[test]
fn errors_have_exit_code_two_and_say_what() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("x.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "linux/no_such_header.h", "-o"])
        .arg(&out_file));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("linux/no_such_header.h"), "{err}");

    let (code, _, err) = run(bin()
        .args([
            "generate",
            "-I",
            "/nonexistent/include",
            "linux/netlink.h",
            "-o",
        ])
        .arg(&out_file));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("/nonexistent/include"), "{err}");

    let (code, _, err) = run(bin().args(["check", "/nonexistent/schema.toml"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("/nonexistent/schema.toml: cannot read schema"),
        "{err}"
    );

    let bad = dir.path().join("bad.toml");
    fs::write(
        &bad,
        "[constants]\nA = 1\n[messages.m]\ntypes = [\"B\"]\nheader = \"nope\"\n",
    )
    .unwrap();
    let (code, _, err) = run(bin().args(["check"]).arg(&bad));
    assert_eq!(code, 1);
    assert!(
        err.contains("bad.toml:3: messages.m: header struct `nope` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:3: messages.m: message type `B` is not in [constants]"),
        "{err}"
    );

    fs::write(&bad, "[constants\n").unwrap();
    let (code, _, err) = run(bin().args(["update"]).arg(&bad));
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml:1:"), "{err}");

    fs::write(&bad, "[constants]\nA = 1\n").unwrap();
    let (code, _, err) = run(bin().args(["update"]).arg(&bad));
    assert_eq!(code, 2);
    assert!(err.contains("lists no `headers`"), "{err}");
}

#[test]
fn strict_turns_warnings_into_failure() {
    let dir = tempfile::tempdir().unwrap();
    let inc = dir.path().join("include");
    fs::create_dir_all(inc.join("linux")).unwrap();
    fs::write(
        inc.join("linux/weird.h"),
        "#define GOOD 1\nstruct s { int a; } @@@ nonsense;\nenum { E_A = 5, E_B };\n",
    )
    .unwrap();
    let out_file = dir.path().join("w.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "-I"])
        .arg(&inc)
        .args(["linux/weird.h", "-o"])
        .arg(&out_file));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: ") && err.contains("weird.h:2:"),
        "{err}"
    );
    let text = fs::read_to_string(&out_file).unwrap();
    assert!(
        text.contains("GOOD = 1") && text.contains("E_B = 6"),
        "generation goes on: {text}"
    );

    let (code, _, err) = run(bin()
        .args(["generate", "--strict", "-I"])
        .arg(&inc)
        .args(["linux/weird.h", "-o"])
        .arg(&out_file));
    assert_eq!(code, 1, "{err}");
}

/// A member key the model does not know (here a misspelt `offset`) is a person's key: `update`
/// keeps it, writes the member's layout once, and a second `update` finds nothing to change
/// (found by the `update` fuzz target: every merge saw the layout as changed).
#[test]
fn unknown_member_key_is_kept_and_update_settles() {
    let dir = tempfile::tempdir().unwrap();
    let schema = generate_foo(dir.path(), HEADER_V1);
    let text = fs::read_to_string(&schema).unwrap();
    let member = "{ name = \"foo_index\", type = \"u32\", offset = 4 }";
    assert!(text.contains(member), "{text}");
    fs::write(
        &schema,
        text.replace(
            member,
            "{ name = \"foo_index\", type = \"u32\", ofset = 4 }",
        ),
    )
    .unwrap();

    let (code, out, err) = run(bin().args(["update"]).arg(&schema));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().any(|l| l == "~ struct foomsg (size 8)"),
        "{out}"
    );
    let updated = fs::read_to_string(&schema).unwrap();
    assert!(
        updated.contains("{ name = \"foo_index\", type = \"u32\", offset = 4, ofset = 4 }"),
        "{updated}"
    );
    let (code, out, err) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(
        (code, out.as_str()),
        (0, ""),
        "second update must be a no-op: {err}"
    );
    // The misspelling itself is for `check` to name.
    let (code, out, err) = run(bin().args(["check"]).arg(&schema));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("ofset"), "{err}");
}

/// A hand-written set that names an enum the headers do not have is something only people can
/// fix: every `update` warns about it, and none changes the file for it (found by the `update`
/// fuzz target: the notice counted as a change, so `update --check` could never pass).
#[test]
fn set_naming_a_missing_enum_warns_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let schema = generate_foo(dir.path(), HEADER_V1);
    let text = fs::read_to_string(&schema).unwrap()
        + "\n[attribute-sets.mine]\nenum = \"foo_nope\"\nprefix = \"FOO_\"\n\n[attribute-sets.mine.attributes]\n";
    fs::write(&schema, &text).unwrap();
    for _ in 0..2 {
        let (code, out, err) = run(bin().args(["update", "--check"]).arg(&schema));
        assert_eq!((code, out.as_str()), (0, ""), "{err}");
        assert!(
            err.contains("attribute set mine names enum foo_nope, which the headers do not have"),
            "{err}"
        );
    }
    assert_eq!(fs::read_to_string(&schema).unwrap(), text);
    let (code, _, err) = run(bin().args(["update", "--check", "--strict"]).arg(&schema));
    assert_eq!(code, 1, "{err}");
}

/// Two enums whose attribute sets come out with one key (`foo_a`: an anonymous enum of
/// `FOO_*` names whose zero slot is `FOO_A_UNSPEC`, and the `FOO_A_*` enum) each get a set on
/// the first `update`, the `FOO_A_*` enum the key of its own name, and the next `update`
/// changes nothing (found by the `update` fuzz target: the second merge added a set again).
#[test]
fn enums_sharing_a_set_key_settle_in_one_update() {
    let dir = tempfile::tempdir().unwrap();
    let header = "enum { FOO_A_UNSPEC, FOO_A_X, FOO_B_Y, __FOO_MAX };\n\
                  #define FOO_MAX (__FOO_MAX - 1)\n\
                  enum { FOO_A_NAME = 1, FOO_A_ID, __FOO_A_MAX };\n\
                  #define FOO_A_MAX (__FOO_A_MAX - 1)\n";
    let schema = generate_foo(dir.path(), header);
    let text = fs::read_to_string(&schema).unwrap();
    let sets: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("[attribute-sets.") && !l.ends_with(".attributes]"))
        .collect();
    assert_eq!(
        sets,
        ["[attribute-sets.foo_a]", "[attribute-sets.foo]"],
        "{text}"
    );
    assert!(text.contains("enum = \"foo_a\""), "{text}");
    let (code, out, err) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
}
