//! The `ynl` target: the YNL importer (`mknetlinkdefs import-ynl`) on spec text. The input is a
//! spec, optionally followed by a NUL byte and a schema document to import it into; without
//! one the spec goes into a small fixed schema (with headers: ids checked against the header's)
//! and, when its name is that of a bundled schema small enough to parse on every run, into
//! that one too.
//!
//! What must hold for any input: a spec that does not read is an error naming a line and
//! column of the text; an import gives a document the schema loader still reads, every finding
//! names a line of the spec, and importing the same spec into the result again changes nothing
//! (the importer's promise: what it wrote is what it would write).

use mknetlinkdefs::ynl::{self, ImportError, Options};

/// The schema a spec is imported into when the input has none: headers, constants, an enum,
/// a struct and one attribute set with a typed and an untyped attribute.
const SCHEMA: &str = r#"[schema]
name = "foo"
protocol = "generic"
family = "foo"
headers = ["linux/foo.h"]

[constants]
FOO_CMD_GET = 1
FOO_CMD_SET = 2
FOO_M_A = 0
FOO_M_B = 1

[enums.foo_m]
header = "linux/foo.h"
values = ["FOO_M_A", "FOO_M_B"]

[structs.foo_s]
header = "linux/foo.h"
size = 8
align = 4
fields = [{ name = "a", type = "u32", offset = 0 }, { name = "b", type = "u16", offset = 4 }]

[attribute-sets.foo_a]
prefix = "FOO_A_"
enum = "foo_a"
header = "linux/foo.h"

[attribute-sets.foo_a.attributes]
FOO_A_ID = { id = 1, type = "?" }
FOO_A_NAME = { id = 2, type = "string" }
FOO_A_NEST = { id = 3, type = "?" }
"#;

/// Bundled schemas small enough to import into on every run, by the spec name that fills them.
const BUNDLED: &[(&str, &str)] = &[
    ("nlctrl", "genetlink"),
    ("tcp_metrics", "tcp_metrics"),
    ("mptcp_pm", "mptcp"),
    ("netdev", "netdev"),
];

/// The YNL reader and importer.
pub fn ynl(data: &[u8]) {
    let (spec_text, schema) = match data.iter().position(|&b| b == 0) {
        Some(n) => (
            String::from_utf8_lossy(&data[..n]).into_owned(),
            Some(String::from_utf8_lossy(&data[n + 1..]).into_owned()),
        ),
        None => (String::from_utf8_lossy(data).into_owned(), None),
    };
    // Lines as YAML counts them: a line break is `\n`, `\r\n` or a lone `\r`.
    let lines = spec_text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .count()
        .max(1);
    let spec = match ynl::parse_spec(&spec_text, "fuzz.yaml") {
        Ok(s) => s,
        Err(ImportError::Spec {
            line,
            column,
            message,
            ..
        }) => {
            assert!(
                (1..=lines + 1).contains(&line) && column >= 1,
                "spec error at {line}:{column} of {lines} lines: {message}"
            );
            assert!(!message.is_empty(), "spec error without a message");
            return;
        }
        Err(e) => panic!("reading a spec gave a schema error: {e}"),
    };
    for w in &spec.warnings {
        assert!(w.pos.line >= 1 && w.pos.line <= lines + 1, "{w}");
    }
    let mut targets: Vec<(&str, String)> = Vec::new();
    match schema {
        Some(s) => targets.push(("input", s)),
        None => {
            targets.push(("fixed", SCHEMA.to_owned()));
            let bundled = BUNDLED
                .iter()
                .filter(|(spec_name, _)| spec.name == *spec_name)
                .filter_map(|(_, schema)| netlink_schemas::get(schema));
            for b in bundled {
                targets.push((b.file, b.text.to_owned()));
            }
        }
    }
    for (what, schema_text) in targets {
        import(&spec, &schema_text, what, lines);
    }
}

/// One import, its result read back, and the same import again.
fn import(spec: &ynl::Spec, schema_text: &str, what: &str, lines: usize) {
    let Ok(first) = ynl::import_spec(spec, schema_text, "fuzz.toml", &Options::default()) else {
        // Only a schema that does not load is refused.
        assert!(
            netlink_schema::Schema::parse(schema_text.to_owned(), "fuzz.toml").is_err()
                || mknetlinkdefs::schema_file::parse_document(
                    schema_text,
                    std::path::Path::new("fuzz.toml")
                )
                .is_err(),
            "import into {what} refused a schema that loads"
        );
        return;
    };
    for f in &first.findings {
        assert!(f.spec_line <= lines + 1, "{what}: finding {f:?}");
        let _ = f.located("fuzz.yaml", "fuzz.toml").to_string();
    }
    if let Err(e) = netlink_schema::Schema::parse(first.text.clone(), "fuzz.toml") {
        panic!(
            "import into {what} wrote a schema that does not load: {e}\n{}",
            first.text
        );
    }
    let second = ynl::import_spec(spec, &first.text, "fuzz.toml", &Options::default())
        .unwrap_or_else(|e| panic!("importing into {what}'s result again failed: {e}"));
    assert!(
        !second.changed,
        "importing into {what} twice changed the result\nfirst:\n{}\nsecond:\n{}",
        first.text, second.text
    );
}
