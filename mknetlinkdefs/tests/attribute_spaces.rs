//! Attribute spaces the way headers really write them (a `*_NONE` zero, no sentinel, no zero
//! member, a policy array), sets marked or written by hand that `update` keeps in step with their
//! enum, and the user's own constants: with headers written for the test, then with this
//! machine's uapi headers.

use std::fs;
use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mknetlinkdefs"))
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const V1: &str = r#"
#ifndef _LINUX_BAR_H
#define _LINUX_BAR_H
#include <linux/types.h>

struct nla_policy { __u16 type; __u16 len; };

/* A *_NONE zero member, a sentinel and a max define (linux/inet_diag.h's style). */
enum {
	BAR_NONE,
	BAR_NAME,
	BAR_MTU,
	__BAR_MAX,
};
#define BAR_MAX (__BAR_MAX - 1)

/* No sentinel: UNSPEC and a max define. */
enum baz_attrs {
	BAZ_UNSPEC,
	BAZ_ID,
	BAZ_ADDR,
};
#define BAZ_MAX BAZ_ADDR

/* No sign at all but its UNSPEC: a person marks it with `attribute-sets`. */
enum {
	QUX_UNSPEC,
	QUX_A,
	QUX_B,
};

/* Sized a policy array: that is enough. */
enum {
	POL_A = 1,
	POL_B,
};
static const struct nla_policy pol_policy[POL_B + 1] = {
	[POL_A] = { .type = 3 },
};

/* A value enum a hand-written set names (its attribute ids are the values). */
enum old_kind {
	OLD_FIRST,
	OLD_SECOND,
};

/* Plain values and multicast groups: never sets. */
enum zap_state { ZAP_OFF, ZAP_ON, __ZAP_MAX };
enum { BARGRP_NONE, BARGRP_LINK, __BARGRP_MAX };
#define BARGRP_MAX (__BARGRP_MAX - 1)
#endif
"#;

#[test]
fn signs_markers_hand_written_sets_and_user_constants() {
    let dir = tempfile::tempdir().unwrap();
    let inc = dir.path().join("include");
    let header = inc.join("linux/bar.h");
    write(&header, V1);
    let schema = dir.path().join("bar.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "-I"])
        .arg(&inc)
        .args(["linux/bar.h", "--protocol", "NETLINK_GENERIC", "-o"])
        .arg(&schema));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("(0 warnings)"),
        "the policy array parses: {err}"
    );
    let text = fs::read_to_string(&schema).unwrap();
    assert!(text.contains("protocol = \"generic\""), "{text}");
    for (set, first) in [
        ("bar", "BAR_NONE = { id = 0, type = \"unused\" }"),
        ("baz", "BAZ_ID = { id = 1, type = \"?\" }"),
        ("pol", "POL_A = { id = 1, type = \"?\" }"),
    ] {
        assert!(
            text.contains(&format!("[attribute-sets.{set}]")) && text.contains(first),
            "set {set} missing:\n{text}"
        );
    }
    assert!(!text.contains("BAZ_MAX = { id"), "{text}");
    for not_a_set in ["qux", "zap", "bargrp", "old"] {
        assert!(
            !text.contains(&format!("[attribute-sets.{not_a_set}]")),
            "{not_a_set} is no set:\n{text}"
        );
    }

    // A person marks qux, writes a set for the values of old_kind, annotates, and adds the
    // constants no header has.
    let edited = text
        .replace(
            "protocol = \"generic\"\n",
            "protocol = \"generic\"\nattribute-sets = [\"qux\"]\n",
        )
        .replace(
            "BAR_NAME = { id = 1, type = \"?\" }",
            "BAR_NAME = { id = 1, type = \"string\" } # a name",
        )
        + "\n[attribute-sets.old_list]\nprefix = \"OLD_\"\nenum = \"old_kind\"\ndoc = \"by hand\"\n\n\
           [attribute-sets.old_list.attributes]\nOLD_FIRST = { id = 0, type = \"u8\" }\n\
           OLD_SECOND = { id = 1, type = \"u32\" }\n\n\
           [user-constants]\nAF_INET = 2 # from libc\nMY_STATE = 7\n";
    fs::write(&schema, &edited).unwrap();
    let (code, out, err) = run(bin().arg("update").arg(&schema));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("+ attribute set qux (3 attributes)"), "{out}");
    assert!(
        !out.contains("old_list"),
        "the hand-written set is in step: {out}"
    );
    assert!(!out.contains("constant AF_INET"), "{out}");
    let after_mark = fs::read_to_string(&schema).unwrap();
    assert!(
        after_mark.contains("QUX_A = { id = 1, type = \"?\" }"),
        "{after_mark}"
    );
    let (code, out, err) = run(bin().arg("check").arg(&schema));
    assert_eq!(code, 0, "{out}{err}");

    // The header gains an attribute in each set, and defines what was a user constant.
    let v2 = V1
        .replace("\tBAR_MTU,\n", "\tBAR_MTU,\n\tBAR_NEW,\n")
        .replace(
            "\tBAZ_ADDR,\n};\n#define BAZ_MAX BAZ_ADDR",
            "\tBAZ_ADDR,\n\tBAZ_NEW,\n};\n#define BAZ_MAX BAZ_NEW",
        )
        .replace("\tQUX_B,\n", "\tQUX_B,\n\tQUX_C,\n")
        .replace("\tOLD_SECOND,\n", "\tOLD_SECOND,\n\tOLD_THIRD,\n")
        .replace("#endif", "#define MY_STATE 7\n#endif");
    write(&header, &v2);
    let (code, out, _) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 1, "{out}");
    let (code, out, err) = run(bin().arg("update").arg(&schema));
    assert_eq!(code, 0, "{err}");
    for line in [
        "+ attribute bar.BAR_NEW = 3",
        "+ attribute baz.BAZ_NEW = 3",
        "+ attribute qux.QUX_C = 3",
        "+ attribute old_list.OLD_THIRD = 2",
        "- user constant MY_STATE (the headers define it now, = 7)",
        "+ constant MY_STATE = 7",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing `{line}` in:\n{out}"
        );
    }
    let updated = fs::read_to_string(&schema).unwrap();
    for kept in [
        "BAR_NAME = { id = 1, type = \"string\" } # a name",
        "BAR_NEW = { id = 3, type = \"?\" }",
        "OLD_THIRD = { id = 2, type = \"?\" }",
        "OLD_SECOND = { id = 1, type = \"u32\" }",
        "AF_INET = 2 # from libc",
        "doc = \"by hand\"",
    ] {
        assert!(updated.contains(kept), "lost `{kept}` in:\n{updated}");
    }
    let hand = updated
        .split("[attribute-sets.old_list]")
        .nth(1)
        .and_then(|s| s.split("[attribute-sets.old_list.attributes]").next())
        .unwrap_or_default();
    assert!(!hand.contains("header"), "stays hand-written: {hand}");
    let (code, out, err) = run(bin().arg("check").arg(&schema));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 0, "second update is a no-op: {out}");

    // A user constant the headers define with another value is reported, and stays an error
    // until a person removes it.
    let clash = updated + "";
    let clash = clash.replace(
        "AF_INET = 2 # from libc",
        "AF_INET = 2 # from libc\nBAR_MTU = 9",
    );
    fs::write(&schema, &clash).unwrap();
    let (code, out, _) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 1);
    assert!(
        out.contains("~ user constant BAR_MTU = 9 but the headers define BAR_MTU = 2"),
        "{out}"
    );
    let (code, _, err) = run(bin().arg("check").arg(&schema));
    assert_eq!(code, 1);
    assert!(
        err.contains("user-constants.BAR_MTU: also in [constants] (= 2, from the headers)"),
        "{err}"
    );
}

#[test]
fn a_marker_naming_no_enum_is_a_warning_and_fails_strict() {
    let dir = tempfile::tempdir().unwrap();
    let inc = dir.path().join("include");
    write(&inc.join("linux/bar.h"), V1);
    let schema = dir.path().join("bar.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "-I"])
        .arg(&inc)
        .args(["linux/bar.h", "-o"])
        .arg(&schema));
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&schema)
        .unwrap()
        .replace("[schema]\n", "[schema]\nattribute-sets = [\"quxx\"]\n");
    fs::write(&schema, text).unwrap();
    let (code, _, err) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "attribute-sets names `quxx`, which is no enum of the headers, did you mean `qux`?"
        ),
        "{err}"
    );
    let (code, _, _) = run(bin().args(["update", "--check", "--strict"]).arg(&schema));
    assert_eq!(code, 1);
}

/// Copies `header` from /usr/include into `root`, without the line holding `drop`.
fn older_copy(root: &Path, header: &str, drop: &str) {
    let text = fs::read_to_string(Path::new("/usr/include").join(header)).unwrap();
    assert!(text.contains(drop), "{header} has {drop}");
    let older: String = text
        .lines()
        .filter(|l| !l.contains(drop))
        .map(|l| format!("{l}\n"))
        .collect();
    write(&root.join(header), &older);
}

#[test]
fn real_uapi_headers() {
    let headers = [
        "linux/inet_diag.h",
        "linux/sock_diag.h",
        "linux/unix_diag.h",
        "linux/psample.h",
        "linux/if_bridge.h",
        "linux/genetlink.h",
    ];
    if !headers
        .iter()
        .all(|h| Path::new("/usr/include").join(h).exists())
    {
        eprintln!("SKIPPED: uapi headers not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    // An older kernel: one attribute fewer in a set to be written by hand (unix_diag) and in
    // one to be marked (psample's tunnel key, which has a sentinel and nothing else).
    older_copy(&old, "linux/unix_diag.h", "UNIX_DIAG_UID,");
    older_copy(
        &old,
        "linux/psample.h",
        "PSAMPLE_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE,",
    );
    let schema = dir.path().join("diag.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "-I"])
        .arg(&old)
        .args(headers)
        .args(["--protocol", "sock_diag", "-o"])
        .arg(&schema));
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&schema).unwrap();
    for (set, attr) in [
        // `INET_DIAG_NONE, ..., __INET_DIAG_MAX` + `#define INET_DIAG_MAX`.
        (
            "inet_diag",
            "INET_DIAG_NONE = { id = 0, type = \"unused\" }",
        ),
        (
            "inet_diag_req",
            "INET_DIAG_REQ_BYTECODE = { id = 1, type = \"?\" }",
        ),
        // No zero member: UNIX_DIAG_NAME is attribute 0.
        ("unix_diag", "UNIX_DIAG_NAME = { id = 0, type = \"?\" }"),
        // `IFLA_BRIDGE_FLAGS = 0` (no UNSPEC), sentinel and max define.
        ("ifla_bridge", "IFLA_BRIDGE_MODE = { id = 1, type = \"?\" }"),
        // `__CTRL_ATTR_POLICY_DUMP_MAX, CTRL_ATTR_POLICY_DUMP_MAX = ... - 1`.
        (
            "ctrl_attr_policy",
            "CTRL_ATTR_POLICY_DUMP = { id = 2, type = \"?\" }",
        ),
    ] {
        assert!(
            text.contains(&format!("[attribute-sets.{set}]\n")) && text.contains(attr),
            "set {set} ({attr}) missing"
        );
    }
    for not_a_set in [
        "sknetlink_groups",
        "sk_meminfo",
        "inet_diag_bc",
        "psample_tunnel_key_attr",
    ] {
        assert!(
            !text.contains(&format!("[attribute-sets.{not_a_set}]\n")),
            "{not_a_set} is not a set (or not yet)"
        );
    }

    // Mark psample's tunnel key and write unix_diag's set by hand (the generated one removed).
    let start = text.find("[attribute-sets.unix_diag]\n").unwrap();
    let end = text[start..]
        .find("\n[attribute-sets.")
        .and_then(|i| {
            text[start + i + 1..]
                .find("\n[")
                .map(|j| start + i + 1 + j + 1)
        })
        .unwrap();
    let edited = format!("{}{}", &text[..start], &text[end..]).replace(
        "protocol = \"sock_diag\"\n",
        "protocol = \"sock_diag\"\nattribute-sets = [\"psample_tunnel_key_attr\"]\n",
    ) + "\n[attribute-sets.unix]\nprefix = \"UNIX_DIAG_\"\nenum = \"unix_diag\"\n\n\
           [attribute-sets.unix.attributes]\nUNIX_DIAG_NAME = { id = 0, type = \"string\" }\n";
    fs::write(&schema, &edited).unwrap();
    let (code, out, err) = run(bin().arg("update").arg(&schema).args(["-I"]).arg(&old));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("+ attribute set psample_tunnel_key_attr (16 attributes)"),
        "{out}"
    );
    assert!(out.contains("+ attribute unix.UNIX_DIAG_VFS = 1"), "{out}");
    assert!(
        !out.contains("attribute set unix_diag"),
        "by enum, not by key: {out}"
    );

    // This machine's headers: the attribute the older copy lacked appears in both.
    let (code, out, err) = run(bin()
        .arg("update")
        .arg(&schema)
        .args(["-I", "/usr/include"]));
    assert_eq!(code, 0, "{err}");
    for line in [
        "+ attribute unix.UNIX_DIAG_UID = 7",
        "+ attribute psample_tunnel_key_attr.PSAMPLE_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE = 16",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing `{line}` in:\n{out}"
        );
    }
    let updated = fs::read_to_string(&schema).unwrap();
    assert!(updated.contains("UNIX_DIAG_UID = { id = 7, type = \"?\" }"));
    assert!(updated.contains("UNIX_DIAG_NAME = { id = 0, type = \"string\" }"));
    let (code, out, err) = run(bin().arg("check").arg(&schema));
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn check_strict_fails_on_unannotated_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("s.toml");
    fs::write(
        &schema,
        "[attribute-sets.s]\nprefix = \"S_\"\n[attribute-sets.s.attributes]\n\
         S_A = { id = 1, type = \"u32\" }\nS_B = { id = 2, type = \"?\" }\n",
    )
    .unwrap();
    let (code, out, _) = run(bin().args(["check", "--unannotated"]).arg(&schema));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("unannotated: s.S_B"), "{out}");
    let (code, _, err) = run(bin()
        .args(["check", "--unannotated", "--strict"])
        .arg(&schema));
    assert_eq!(code, 1);
    assert!(
        err.contains("1 attributes are not annotated and --strict was given"),
        "{err}"
    );
    let done = fs::read_to_string(&schema)
        .unwrap()
        .replace("\"?\"", "\"u8\"");
    fs::write(&schema, done).unwrap();
    let (code, _, err) = run(bin().args(["check", "--strict"]).arg(&schema));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn protocol_names_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("p.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "linux/netlink.h", "--protocol", "routee", "-o"])
        .arg(&out_file));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unknown netlink protocol `routee`, did you mean `route`?"),
        "{err}"
    );
    assert!(!out_file.exists());
    let (code, _, err) = run(bin()
        .args(["generate", "linux/netlink.h", "--protocol", "4", "-o"])
        .arg(&out_file));
    assert_eq!(code, 0, "{err}");
    assert!(fs::read_to_string(&out_file)
        .unwrap()
        .contains("protocol = \"sock_diag\""));
    let (code, _, err) = run(bin()
        .args(["decode", "--protocol", "genric"])
        .arg(&out_file));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `generic`?"), "{err}");
    // A schema naming an unknown protocol does not validate.
    fs::write(&out_file, "[schema]\nprotocol = \"rout\"\n").unwrap();
    let (code, _, err) = run(bin().arg("check").arg(&out_file));
    assert_eq!(code, 1);
    assert!(
        err.contains("p.toml:2: schema.protocol: unknown netlink protocol `rout`"),
        "{err}"
    );
}

#[test]
fn member_annotations_survive_update() {
    let dir = tempfile::tempdir().unwrap();
    let inc = dir.path().join("include");
    let header = inc.join("linux/addr.h");
    let v1 = "#include <linux/types.h>\nstruct addr_msg {\n\t__u8 family;\n\t__u8 pad[3];\n\t__be32 addr[4];\n};\n";
    write(&header, v1);
    let schema = dir.path().join("a.toml");
    let (code, _, err) = run(bin()
        .args(["generate", "-I"])
        .arg(&inc)
        .args(["linux/addr.h", "-o"])
        .arg(&schema));
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&schema).unwrap();
    let plain = "{ name = \"addr\", type = \"be32\", offset = 4, count = 4 }";
    assert!(text.contains(plain), "{text}");
    let annotated = text.replace(
        plain,
        "{ name = \"addr\", type = \"be32\", offset = 4, count = 4, display-hint = \"ip\", family = \"family\" }",
    ) + "\n[user-constants]\nAF_INET = 2\nAF_INET6 = 10\n";
    fs::write(&schema, &annotated).unwrap();
    let (code, out, err) = run(bin().arg("check").arg(&schema));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(bin().args(["update", "--check"]).arg(&schema));
    assert_eq!(code, 0, "annotations are not layout: {out}");

    write(
        &header,
        &v1.replace(
            "\t__be32 addr[4];\n",
            "\t__be32 addr[4];\n\t__u32 ifindex;\n",
        ),
    );
    let (code, out, err) = run(bin().arg("update").arg(&schema));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("~ struct addr_msg (size 24)"), "{out}");
    let updated = fs::read_to_string(&schema).unwrap();
    assert!(
        updated.contains("{ name = \"addr\", type = \"be32\", offset = 4, count = 4, display-hint = \"ip\", family = \"family\" }"),
        "{updated}"
    );
    assert!(updated.contains("{ name = \"ifindex\", type = \"u32\", offset = 20 }"));

    // The member goes: its annotation is reported with it.
    write(&header, &v1.replace("\t__be32 addr[4];\n", ""));
    let (code, out, err) = run(bin().arg("update").arg(&schema));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("- struct addr_msg.addr and its annotation"),
        "{out}"
    );
}
