//! `import-ynl`: the name mapping of each YNL protocol flavour, every kind of finding, people
//! winning over the spec, idempotence, and `update` keeping what the import wrote. Schemas are
//! generated from a small header written to a temp dir (the C front-end reads it as it reads
//! the kernel's); specs are inline.

use std::fs;
use std::path::{Path, PathBuf};

use mknetlinkdefs::schema_file::{self, Identity, Inputs};
use mknetlinkdefs::ynl::{self, Imported, Kind, Options, Spec};
use netlink_schema::{AttrType, Schema};

const HEADER: &str = r#"
#ifndef _LINUX_FOO_H
#define _LINUX_FOO_H
#include <linux/types.h>

#define FOO_F_UP 1
#define FOO_F_RUNNING 2

struct foo_stats {
	__u32 rx;
	__u32 tx;
};

struct foo_hdr {
	__u8 family;
	__u8 pad1;
	__u16 pad2;
	__u32 ifindex;
};

enum foo_mode {
	FOO_MODE_A,
	FOO_MODE_B,
};

enum {
	FOO_A_UNSPEC,
	FOO_A_NAME,
	FOO_A_MTU,
	FOO_A_STATS,
	FOO_A_INNER,
	FOO_A_FLAGS,
	FOO_A_MODE,
	FOO_A_OLD,
	FOO_A_PAD,
	__FOO_A_MAX,
};

enum {
	FOO_A_INNER_UNSPEC,
	FOO_A_INNER_ADDR,
	FOO_A_INNER_PORT,
	__FOO_A_INNER_MAX,
};

enum foo_cmd {
	FOO_CMD_UNSPEC,
	FOO_CMD_GET,
	FOO_CMD_SET,
	FOO_CMD_NTF,
	__FOO_CMD_MAX,
};
#endif
"#;

/// A genetlink spec whose default names (family `foo`, set `foo`) give the header's.
const SPEC: &str = r#"# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
name: foo
doc: test family
definitions:
  -
    name: f
    type: flags
    name-prefix: foo-f-
    enum-name:
    entries: [up, running]
  -
    name: mode
    type: enum
    entries: [a, b]
  -
    name: foo-stats
    type: struct
    members:
      - { name: rx, type: u32 }
      - { name: tx, type: u32 }
attribute-sets:
  -
    name: foo
    attributes:
      - { name: name, type: string, checks: { max-len: 15 }, doc: "the name" }
      - { name: mtu, type: u32 }
      - { name: stats, type: binary, struct: foo-stats }
      - { name: inner, type: nest, nested-attributes: inner, multi-attr: true }
      - { name: flags, type: u32, enum: f }
      - { name: mode, type: u8, enum: mode }
  -
    name: inner
    attributes:
      - { name: addr, type: binary, display-hint: ipv4 }
      - { name: port, type: u16, byte-order: big-endian }
operations:
  list:
    -
      name: get
      doc: get a foo
      attribute-set: foo
      do:
        request: { attributes: [name] }
        reply: { attributes: [name, mtu, stats] }
      dump:
        reply: { attributes: [name, mtu] }
    -
      name: set
      doc: set a foo
      attribute-set: foo
      do:
        request: { attributes: [name, mtu] }
    -
      name: ntf
      doc: a foo changed
      notify: get
      mcgrp: changes
mcast-groups:
  list:
    - name: changes
"#;

struct Fixture {
    _dir: tempfile::TempDir,
    include: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let include = dir.path().join("include");
        fs::create_dir_all(include.join("linux")).unwrap();
        fs::write(include.join("linux/foo.h"), HEADER).unwrap();
        // The C front-end resolves <linux/types.h> from the include dirs.
        fs::create_dir_all(include.join("asm")).unwrap();
        fs::write(
            include.join("linux/types.h"),
            "typedef unsigned char __u8; typedef unsigned short __u16; typedef unsigned int __u32;\n\
             typedef unsigned long long __u64; typedef int __s32;\n",
        )
        .unwrap();
        Fixture { _dir: dir, include }
    }

    /// A fresh schema of linux/foo.h (every attribute `"?"`).
    fn schema(&self) -> String {
        let (doc, _) = schema_file::generate(
            &Inputs {
                headers: vec!["linux/foo.h".into()],
                include_dirs: vec![self.include.clone()],
                sets: Default::default(),
                context_headers: Vec::new(),
            },
            &Identity {
                name: Some("foo".into()),
                protocol: Some("generic".into()),
                family: Some("foo".into()),
            },
        )
        .expect("generate");
        doc.to_string()
    }
}

fn import(spec: &str, schema: &str) -> Imported {
    ynl::import(spec, "foo.yaml", schema, "foo.toml", &Options::default()).expect("import")
}

fn attr(text: &str, set: &str, name: &str) -> netlink_schema::Attribute {
    let s = Schema::parse(text.to_owned(), "foo.toml").expect("valid schema");
    s.attribute_set(set)
        .and_then(|s| s.get(name))
        .unwrap_or_else(|| panic!("{set}.{name} in\n{text}"))
        .clone()
}

fn kinds(out: &Imported, kind: Kind) -> Vec<String> {
    out.findings
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.located("foo.yaml", "foo.toml").to_string())
        .collect()
}

#[test]
fn fills_a_fresh_schema_and_validates() {
    let fx = Fixture::new();
    let out = import(SPEC, &fx.schema());
    let text = &out.text;
    let schema = Schema::parse(text.clone(), "foo.toml").unwrap();
    assert_eq!(schema.validate(), Vec::new(), "{text}");
    let a = attr(text, "foo_a", "FOO_A_NAME");
    assert_eq!(a.ty, AttrType::String);
    assert_eq!(a.checks.and_then(|c| c.max_len), Some(15));
    assert_eq!(a.doc.as_deref(), Some("the name"));
    let a = attr(text, "foo_a", "FOO_A_STATS");
    assert_eq!(a.c_struct.as_deref(), Some("foo_stats"));
    let a = attr(text, "foo_a", "FOO_A_INNER");
    assert_eq!(a.nested_attributes.as_deref(), Some("foo_a_inner"));
    assert!(a.multi_attr);
    let a = attr(text, "foo_a_inner", "FOO_A_INNER_PORT");
    assert_eq!(a.byte_order, Some(netlink_schema::ByteOrder::BigEndian));
    let a = attr(text, "foo_a", "FOO_A_MODE");
    assert_eq!(a.c_enum.as_deref(), Some("foo_mode"));
    // The flags are #defines: the import groups them into a flags enum.
    let a = attr(text, "foo_a", "FOO_A_FLAGS");
    let e = a.c_enum.expect("flags enum");
    let en = schema.enums.get(&e).unwrap().get_ref();
    assert!(en.flags);
    assert_eq!(en.values, ["FOO_F_UP", "FOO_F_RUNNING"]);
    // Operations, notifications and the group.
    let get = schema.message("get").expect("messages.get");
    assert_eq!(get.commands, ["FOO_CMD_GET"]);
    let d = get.do_.as_ref().unwrap();
    assert_eq!(d.request.as_ref().unwrap().attributes, ["FOO_A_NAME"]);
    assert_eq!(
        d.reply.as_ref().unwrap().attributes,
        ["FOO_A_NAME", "FOO_A_MTU", "FOO_A_STATS"]
    );
    let ntf = schema.message("ntf").expect("messages.ntf");
    assert_eq!(ntf.commands, ["FOO_CMD_NTF"]);
    assert_eq!(ntf.notify.as_deref(), Some("get"));
    assert_eq!(ntf.mcgrp.as_deref(), Some("changes"));
    assert_eq!(
        schema.multicast_groups["changes"].get_ref().name.as_deref(),
        Some("changes")
    );
    assert_eq!(out.stats.spec_typed_left, 0);
    assert_eq!(out.stats.typed_now, 8);
    // FOO_A_OLD is the header's alone.
    assert_eq!(kinds(&out, Kind::HeaderOnly).len(), 1, "{:?}", out.findings);
    assert!(kinds(&out, Kind::HeaderOnly)[0].contains("foo_a.FOO_A_OLD"));
    assert!(!out.disagrees() || out.changed);
}

#[test]
fn importing_twice_changes_nothing_and_update_keeps_it() {
    let fx = Fixture::new();
    let first = import(SPEC, &fx.schema());
    let second = import(SPEC, &first.text);
    assert!(!second.changed, "second import changed:\n{}", second.text);
    assert_eq!(second.text, first.text);
    assert!(!second.disagrees(), "{:?}", second.findings);
    let mut doc = schema_file::parse_document(&first.text, Path::new("foo.toml")).unwrap();
    let updated = schema_file::update(&mut doc, std::slice::from_ref(&fx.include)).unwrap();
    assert_eq!(updated.changes, Vec::new());
    assert_eq!(doc.to_string(), first.text);
}

#[test]
fn people_win_and_conflicts_are_listed_with_both_lines() {
    let fx = Fixture::new();
    let schema = fx.schema().replace(
        "FOO_A_MTU = { id = 2, type = \"?\" }",
        "FOO_A_MTU = { id = 2, type = \"u16\" } # a person's comment",
    );
    let out = import(SPEC, &schema);
    assert!(out
        .text
        .contains("FOO_A_MTU = { id = 2, type = \"u16\" } # a person's comment"));
    let c = kinds(&out, Kind::Conflict);
    assert_eq!(c.len(), 1, "{c:?}");
    let mtu_line = schema
        .lines()
        .position(|l| l.starts_with("FOO_A_MTU = {"))
        .unwrap()
        + 1;
    let spec_line = SPEC.lines().position(|l| l.contains("name: mtu")).unwrap() + 1;
    assert!(
        c[0].starts_with(&format!(
            "conflict: foo.yaml:{spec_line}: foo.mtu; foo.toml:{mtu_line}: foo_a.FOO_A_MTU: type: the spec says \"u32\", the schema \"u16\" (kept)"
        )),
        "{}",
        c[0]
    );
    assert!(out.disagrees());
    // Acknowledged: no longer a disagreement.
    let ack = schema.replace(
        "type = \"u16\" }",
        "type = \"u16\", differs-from-spec = [\"type\"] }",
    );
    let first = import(SPEC, &ack);
    let again = import(SPEC, &first.text);
    assert!(kinds(&again, Kind::Conflict).is_empty());
    assert_eq!(kinds(&again, Kind::Acknowledged).len(), 1);
    assert!(!again.disagrees());
    // A key only the schema has is a note, not a disagreement.
    let extra = fx.schema().replace(
        "FOO_A_MTU = { id = 2, type = \"?\" }",
        "FOO_A_MTU = { id = 2, type = \"u32\", display-hint = \"hex\" }",
    );
    let first = import(SPEC, &extra);
    assert!(kinds(&first, Kind::SchemaExtra)
        .iter()
        .any(|f| f.contains("FOO_A_MTU: the schema also has display-hint")));
    assert!(!import(SPEC, &first.text).disagrees());
    // --overwrite replaces it and says so.
    let over = ynl::import(SPEC, "foo.yaml", &schema, "foo.toml", &Options::overwrite()).unwrap();
    assert_eq!(attr(&over.text, "foo_a", "FOO_A_MTU").ty, AttrType::U32);
    assert_eq!(kinds(&over, Kind::Overwritten).len(), 1);
}

#[test]
fn id_mismatch_and_spec_only_attributes() {
    let fx = Fixture::new();
    // The spec forgets FOO_A_STATS: every later attribute's id is off by one; and it has an
    // attribute the header lacks.
    let spec = SPEC
        .replace(
            "      - { name: stats, type: binary, struct: foo-stats }\n",
            "",
        )
        .replace("[name, mtu, stats]", "[name, mtu]")
        .replace(
            "      - { name: port, type: u16, byte-order: big-endian }\n",
            "      - { name: port, type: u16, byte-order: big-endian }\n      - { name: newer, type: u32 }\n",
        );
    let out = import(&spec, &fx.schema());
    let m = kinds(&out, Kind::IdMismatch);
    assert!(
        m.iter().any(|f| f.contains("foo.inner; foo.toml:")
            && f.contains("FOO_A_INNER: the spec gives id 3, the schema 4")),
        "{m:?}"
    );
    assert_eq!(
        attr(&out.text, "foo_a", "FOO_A_INNER").ty,
        AttrType::Unannotated
    );
    let s = kinds(&out, Kind::SpecOnly);
    assert!(
        s.iter()
            .any(|f| f.contains("inner.newer") && f.contains("id 3")),
        "{s:?}"
    );
    assert!(out.disagrees());
}

#[test]
fn struct_layout_and_type_contradictions() {
    let fx = Fixture::new();
    let spec = SPEC.replace(
        "      - { name: tx, type: u32 }\n",
        "      - { name: tx, type: u64 }\n",
    );
    let out = import(&spec, &fx.schema());
    let l = kinds(&out, Kind::StructLayout);
    assert!(
        l.iter().any(|f| f.contains("struct foo-stats; foo.toml:")
            && f.contains("member tx at offset 8 in the spec, 4 in the header")),
        "{l:?}"
    );
    assert!(
        l.iter()
            .any(|f| f.contains("size 16 in the spec, 8 in the header")),
        "{l:?}"
    );
    // ... and the attribute that carries it expects another payload.
    let t = kinds(&out, Kind::TypeMismatch);
    assert!(
        t.iter().any(|f| f.contains("foo.stats; foo.toml:")
            && f.contains(
                "a struct foo-stats of 16 bytes in the spec, struct foo_stats of 8 in the header"
            )),
        "{t:?}"
    );
    assert!(out.disagrees());
    // Padding the header splits differently is no difference.
    let spec = SPEC.replace(
        "  -\n    name: foo-stats",
        "  -\n    name: foo-hdr\n    type: struct\n    members:\n      - { name: family, type: u8 }\n      - { name: pad, type: pad, len: 3 }\n      - { name: ifindex, type: u32 }\n  -\n    name: foo-stats",
    );
    assert!(kinds(&import(&spec, &fx.schema()), Kind::StructLayout).is_empty());
    // An attribute whose struct the headers lack keeps its type, without `struct`.
    let spec = SPEC
        .replace("struct: foo-stats }", "struct: bar-stats }")
        .replace("    name: foo-stats\n", "    name: bar-stats\n");
    let out = import(&spec, &fx.schema());
    assert!(kinds(&out, Kind::Unmapped)
        .iter()
        .any(|f| f.contains("struct bar_stats")));
    assert_eq!(attr(&out.text, "foo_a", "FOO_A_STATS").c_struct, None);
    // Enum values the header contradicts.
    let spec = SPEC.replace("entries: [a, b]", "entries: [a, { name: b, value: 5 }]");
    let out = import(&spec, &fx.schema());
    assert!(
        kinds(&out, Kind::IdMismatch)
            .iter()
            .any(|f| f.contains("mode.b")
                && f.contains("FOO_MODE_B: the spec gives 5, the header 1")),
        "{:?}",
        out.findings
    );
}

#[test]
fn hand_written_schema_takes_ids_from_the_spec() {
    let schema = "[schema]\nname = \"foo\"\nprotocol = \"generic\"\nfamily = \"foo\"\n";
    let out = import(SPEC, schema);
    assert!(out.spec_only);
    assert!(kinds(&out, Kind::SpecIds)[0].contains("linux/foo.h is not among them"));
    let s = Schema::parse(out.text.clone(), "foo.toml").unwrap();
    assert_eq!(s.validate(), Vec::new(), "{}", out.text);
    assert_eq!(s.constant("FOO_CMD_SET").map(|c| c.as_i128()), Some(2));
    assert_eq!(s.constant("FOO_F_RUNNING").map(|c| c.as_i128()), Some(2));
    assert_eq!(attr(&out.text, "foo_a", "FOO_A_MODE").id, 6);
    assert!(!import(SPEC, &out.text).changed);
}

// -------------------------------------------------------------------------------------------
// Name mapping per flavour.

fn spec(text: &str) -> Spec {
    Spec::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn names_genetlink_defaults() {
    let s = spec(
        "name: net-shaper\nattribute-sets:\n  - name: net-shaper\n    attributes: [{ name: ifindex, type: u32 }]\n  - name: handle\n    attributes: [{ name: id, type: u32 }]\ndefinitions:\n  - { name: scope, type: enum, entries: [unspec, netdev] }\noperations:\n  list:\n    - { name: get, doc: x, attribute-set: handle, do: { request: { attributes: [id] } } }\nmcast-groups:\n  list: [{ name: mgmt }]\n",
    );
    assert_eq!(
        s.attr_c_name(&s.attribute_sets[0], "ifindex"),
        "NET_SHAPER_A_IFINDEX"
    );
    assert_eq!(
        s.attr_c_name(&s.attribute_sets[1], "id"),
        "NET_SHAPER_A_HANDLE_ID"
    );
    assert_eq!(
        s.set_cnt_name(&s.attribute_sets[1]),
        "__NET_SHAPER_A_HANDLE_MAX"
    );
    let d = &s.definitions[0];
    assert_eq!(s.enum_entry_c_name(d, "netdev"), "NET_SHAPER_SCOPE_NETDEV");
    assert_eq!(s.enum_c_tag(d).as_deref(), Some("net_shaper_scope"));
    assert_eq!(
        s.op_c_name(&s.operations.list[0]),
        "NET-SHAPER_CMD_GET".replace('-', "_")
    );
    assert_eq!(s.mcgrp_c_name(&s.mcast_groups[0]), "NET_SHAPER_MCGRP_MGMT");
    assert_eq!(s.header(), "linux/net_shaper.h");
    assert_eq!(s.operations.list[0].req_value, Some(1));
    // The override keys are not genetlink's: honoured, with a warning.
    let s = spec("name: x\nattribute-sets:\n  - { name: a, name-prefix: y-, attributes: [{ name: b, type: u8 }] }\noperations: { list: [] }\n");
    assert_eq!(s.attr_c_name(&s.attribute_sets[0], "b"), "Y_B");
    assert!(s
        .warnings
        .iter()
        .any(|w| w.message.contains("not part of protocol genetlink")));
}

#[test]
fn names_genetlink_c() {
    let s = spec(
        "name: fam\nprotocol: genetlink-c\ndefinitions:\n  - { name: state, type: enum, name-prefix: fam-st-, enum-name: , entries: [off, on] }\n  - { name: bits, type: flags, enum-name: fam-bits-e, entries: [x, y] }\nattribute-sets:\n  - name: a\n    name-prefix: fam-attr-\n    attr-cnt-name: __fam-attr-after-last\n    attributes:\n      - { name: one, type: u8 }\n      - { name: two, type: u8, name-prefix: other- }\n  - { name: b, subset-of: a, attributes: [{ name: one }] }\noperations:\n  name-prefix: fam-op-\n  list: []\nmcast-groups:\n  list: [{ name: g, c-define-name: fam-grp-g }]\n",
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let (a, b) = (&s.attribute_sets[0], &s.attribute_sets[1]);
    assert_eq!(s.attr_c_name(a, "one"), "FAM_ATTR_ONE");
    assert_eq!(s.attr_c_name(a, "two"), "OTHER_TWO");
    assert_eq!(s.attr_c_name(b, "one"), "FAM_ATTR_ONE");
    assert_eq!(s.set_cnt_name(a), "__FAM_ATTR_AFTER_LAST");
    assert_eq!(s.set_cnt_name(b), "__FAM_ATTR_AFTER_LAST");
    assert_eq!(b.attributes[0].ty, "u8", "a subset inherits the type");
    assert_eq!(s.enum_entry_c_name(&s.definitions[0], "on"), "FAM_ST_ON");
    assert_eq!(s.enum_c_tag(&s.definitions[0]), None);
    assert_eq!(
        s.enum_c_tag(&s.definitions[1]).as_deref(),
        Some("fam_bits_e")
    );
    assert_eq!(s.mcgrp_c_name(&s.mcast_groups[0]), "FAM_GRP_G");
}

#[test]
fn names_genetlink_legacy_directional() {
    let s = spec(
        "name: ethtool\nprotocol: genetlink-legacy\nattribute-sets:\n  - name: header\n    attributes: [{ name: dev-index, type: u32 }]\noperations:\n  enum-model: directional\n  name-prefix: ethtool-msg-\n  list:\n    - { name: strset-get, doc: x, attribute-set: header, do: { request: { value: 1, attributes: [] }, reply: { value: 1, attributes: [] } } }\n    - { name: linkinfo-get, doc: x, attribute-set: header, do: { request: { attributes: [] }, reply: { attributes: [] } } }\n    - { name: linkinfo-set, doc: x, attribute-set: header, do: { request: { attributes: [] } } }\n    - { name: linkinfo-ntf, doc: x, notify: linkinfo-get }\n",
    );
    assert_eq!(
        s.attr_c_name(&s.attribute_sets[0], "dev-index"),
        "ETHTOOL_A_HEADER_DEV_INDEX"
    );
    let v: Vec<(Option<i64>, Option<i64>)> = s
        .operations
        .list
        .iter()
        .map(|o| (o.req_value, o.rsp_value))
        .collect();
    assert_eq!(
        v,
        [
            (Some(1), Some(1)),
            (Some(2), Some(2)),
            (Some(3), None),
            (None, Some(3))
        ]
    );
    assert_eq!(
        s.op_c_name(&s.operations.list[3]),
        "ETHTOOL_MSG_LINKINFO_NTF"
    );
    // array-nest is the old name of indexed-array.
    let s = spec("name: n\nprotocol: genetlink-legacy\nattribute-sets:\n  - { name: a, attributes: [{ name: ops, type: array-nest, nested-attributes: a }] }\noperations: { list: [] }\n");
    let a = &s.attribute_sets[0].attributes[0];
    assert_eq!(
        (a.ty.as_str(), a.sub_type.as_deref()),
        ("indexed-array", Some("nest"))
    );
}

#[test]
fn names_netlink_raw() {
    let s = spec(
        "name: rt-route\nprotocol: netlink-raw\nprotonum: 0\nattribute-sets:\n  - name: route-attrs\n    name-prefix: rta-\n    attributes:\n      - { name: dst, type: binary }\n      - { name: kind, type: string }\n      - { name: data, type: sub-message, sub-message: d, selector: kind }\nsub-messages:\n  - { name: d, formats: [{ value: x, attribute-set: route-attrs }] }\noperations:\n  enum-model: directional\n  name-prefix: rtm-\n  list:\n    - { name: getroute, doc: x, attribute-set: route-attrs, dump: { request: { value: 26, attributes: [] }, reply: { value: 24, attributes: [dst] } } }\nmcast-groups:\n  list: [{ name: rtnlgrp-ipv4-route, value: 7 }]\n",
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.attr_c_name(&s.attribute_sets[0], "dst"), "RTA_DST");
    assert_eq!(s.op_c_name(&s.operations.list[0]), "RTM_GETROUTE");
    let op = &s.operations.list[0];
    assert_eq!((op.req_value, op.rsp_value), (Some(26), Some(24)));
    assert_eq!(s.mcgrp_c_name(&s.mcast_groups[0]), "RTNLGRP_IPV4_ROUTE");
    assert_eq!(s.mcast_groups[0].value, Some(7));
    // sub-messages are netlink-raw's: elsewhere a warning.
    let g = spec("name: g\nattribute-sets: []\nsub-messages: []\noperations: { list: [] }\n");
    assert!(g
        .warnings
        .iter()
        .any(|w| w.message.contains("sub-messages")));
}

#[test]
fn spec_errors_name_the_line() {
    let cases = [
        ("name: x\nattribute-sets:\n  - name: a\n    attributes:\n      - { name: b, type: u23 }\noperations: { list: [] }\n", 5, "unknown type `u23`, did you mean `u32`?"),
        ("name: x\nattribute-sets:\n  - name: a\n    attributes:\n      - { name: b, type: nest, nested-attributes: nope }\noperations: { list: [] }\n", 5, "nested-attributes `nope` is not an attribute set"),
        ("name: x\nattribute-sets: []\n", 1, "needs `operations`"),
        ("name: x\nattribute-sets: [\noperations: {}\n", 3, ""),
        ("name: x\nattribute-sets:\n  - { name: a, subset-of: b, attributes: [] }\noperations: { list: [] }\n", 3, "subset-of `b`"),
        ("name: x\nprotocol: nope\nattribute-sets: []\noperations: { list: [] }\n", 2, "unknown protocol"),
    ];
    for (text, line, what) in cases {
        let e = ynl::parse_spec(text, "bad.yaml").unwrap_err().to_string();
        assert!(e.starts_with(&format!("bad.yaml:{line}:")), "{e}\n{text}");
        assert!(e.contains(what), "{e}");
    }
}
