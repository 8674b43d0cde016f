//! Property tests of the YNL reader and importer on mutated specs: whatever the text, the
//! result is a spec or an error naming a line of the text; never a panic, never a hang.
//! Seeds are the kernel's own specs (from `../shared/ynl-specs` when present) and a small
//! inline one, mutated by line and character edits.

use std::path::Path;

use mknetlinkdefs::ynl::{self, Options};
use proptest::prelude::*;

const INLINE: &str = r#"# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
name: foo
protocol: netlink-raw
protonum: 0
doc: x
definitions:
  - { name: m, type: enum, entries: [a, b] }
  - { name: f, type: flags, entries: [x, { name: y, value: 3 }] }
  - { name: s, type: struct, members: [{ name: a, type: u32 }, { name: p, type: pad, len: 4 }] }
attribute-sets:
  -
    name: attrs
    name-prefix: foo-
    attributes:
      - { name: a, type: u32, enum: m }
      - { name: b, type: nest, nested-attributes: inner, multi-attr: true }
      - { name: kind, type: string }
      - { name: data, type: sub-message, sub-message: d, selector: kind }
      - { name: s, type: binary, struct: s, checks: { min-len: 8 } }
  - { name: inner, attributes: [{ name: x, type: u8, value: 5 }] }
  - { name: sub, subset-of: attrs, attributes: [{ name: a }] }
sub-messages:
  - { name: d, formats: [{ value: v, attribute-set: inner }, { value: w, fixed-header: s }] }
operations:
  enum-model: directional
  name-prefix: foo-msg-
  list:
    - name: get
      doc: x
      attribute-set: attrs
      do: { request: { value: 3, attributes: [a] }, reply: { value: 4, attributes: &all [a, b] } }
      dump: { reply: { attributes: *all } }
    - { name: ntf, doc: y, notify: get, mcgrp: g }
mcast-groups:
  list: [{ name: g, value: 1 }]
"#;

const SCHEMA: &str = r#"[schema]
name = "foo"
protocol = "route"
headers = ["linux/foo.h"]

[constants]
FOO_A = 1
FOO_B = 2
FOO_M_A = 0
FOO_MSG_GET = 3

[enums.m]
header = "linux/foo.h"
values = ["FOO_M_A"]

[structs.s]
header = "linux/foo.h"
size = 8
align = 4
fields = [{ name = "a", type = "u32", offset = 0 }]

[attribute-sets.foo]
prefix = "FOO_"
enum = "foo"
header = "linux/foo.h"

[attribute-sets.foo.attributes]
FOO_A = { id = 1, type = "?" }
FOO_B = { id = 2, type = "u16" }
"#;

fn seeds() -> Vec<String> {
    let mut out = vec![INLINE.to_owned()];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/ynl-specs");
    for name in [
        "rt-route.yaml",
        "nlctrl.yaml",
        "tcp_metrics.yaml",
        "mptcp_pm.yaml",
    ] {
        if let Ok(t) = std::fs::read_to_string(dir.join(name)) {
            out.push(t);
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, bool),
    Insert(usize, String),
    Truncate(usize),
    ReplaceWord(usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let text = prop::sample::select(vec![
        "- ",
        ": ",
        "{",
        "}",
        "[",
        "]",
        "&a ",
        "*a",
        "- name: x",
        "type: nest",
        "value: 70000",
        "value: -1",
        "subset-of: nope",
        "\t",
        "\"",
        "'",
        "#",
        "~",
        "0x10",
        "enum: m",
        "nested-attributes: attrs",
        "type: flags",
        "entries: [z]",
        "len: big",
        "!!str ",
        "name-prefix: ",
        "selector: nope",
        "\u{fffd}",
        "---",
        "%YAML 1.2",
    ]);
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), any::<bool>()).prop_map(|(a, b)| Edit::Indent(a, b)),
        (any::<usize>(), text.clone()).prop_map(|(a, t)| Edit::Insert(a, t.to_owned())),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), text).prop_map(|(a, t)| Edit::ReplaceWord(a, t.to_owned())),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for e in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match e {
            Edit::DeleteLine(i) => {
                lines.remove(i % n);
            }
            Edit::DuplicateLine(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Edit::SwapLines(a, b) => lines.swap(a % n, b % n),
            Edit::Indent(i, more) => {
                let l = &mut lines[i % n];
                if *more {
                    l.insert_str(0, "  ");
                } else if l.starts_with("  ") {
                    l.drain(..2);
                }
            }
            Edit::Insert(i, t) => {
                let l = &mut lines[i % n];
                let at = (i / n.max(1)) % (l.len() + 1);
                let at = (0..=at).rev().find(|&k| l.is_char_boundary(k)).unwrap_or(0);
                l.insert_str(at, t);
            }
            Edit::Truncate(i) => lines.truncate(i % n + 1),
            Edit::ReplaceWord(i, t) => {
                let l = &mut lines[i % n];
                if let Some(p) = l.find(": ") {
                    l.truncate(p + 2);
                    l.push_str(t);
                }
            }
        }
    }
    lines.join("\n") + "\n"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_error_with_a_line_or_import(
        seed in 0usize..8,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let seeds = seeds();
        let base = &seeds[seed % seeds.len()];
        let text = apply(base, &edits);
        let lines = text.lines().count().max(1);
        match ynl::parse_spec(&text, "m.yaml") {
            Err(ynl::ImportError::Spec { line, column, message, .. }) => {
                prop_assert!(line >= 1 && line <= lines + 1, "line {line} of {lines}: {message}");
                prop_assert!(column >= 1);
                prop_assert!(!message.is_empty());
            }
            Err(other) => prop_assert!(false, "not a spec error: {other}"),
            Ok(spec) => {
                for w in &spec.warnings {
                    prop_assert!(w.pos.line >= 1 && w.pos.line <= lines + 1, "{w}");
                }
                // Importing whatever it says never panics, and the result still parses.
                let out = ynl::import_spec(&spec, SCHEMA, "s.toml", &Options::default())
                    .expect("the schema is valid");
                prop_assert!(netlink_schema::Schema::parse(out.text.clone(), "s.toml").is_ok(), "{}", out.text);
                for f in &out.findings {
                    prop_assert!(f.spec_line <= lines + 1);
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        if let Err(ynl::ImportError::Spec { line, .. }) = ynl::parse_spec(&text, "a.yaml") {
            prop_assert!(line >= 1);
        }
    }
}

#[test]
fn seeds_themselves_import() {
    for s in seeds() {
        let spec = ynl::parse_spec(&s, "seed.yaml").expect("the seeds are valid specs");
        ynl::import_spec(&spec, SCHEMA, "s.toml", &Options::default()).expect("imports");
    }
    // Anchors that would expand without bound are refused, with a line.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        bomb.push_str(&format!(
            "b{i}: &b{i} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
            p = if i == 0 {
                "a".to_owned()
            } else {
                format!("b{}", i - 1)
            }
        ));
    }
    let e = ynl::parse_spec(&bomb, "bomb.yaml").unwrap_err().to_string();
    assert!(e.starts_with("bomb.yaml:"), "{e}");
}
