//! A user of the high-level API never writes `as u8` / `as u16` to pass a constant: protocols,
//! scopes, route types, states and flags are typed values, and the constants the API takes are
//! typed by the schemas' `[constant-types]`. The examples and the rtnl tests are the proof: this
//! test greps them.

use std::path::Path;

#[test]
fn examples_and_rtnl_tests_cast_no_constant() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["examples", "tests"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let high_level = dir == "examples" || name.starts_with("rtnl_");
            if high_level && name.ends_with(".rs") {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 10, "{files:?}");
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains(" as u8") || line.contains(" as u16") {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "casts in high-level code:\n{}",
        found.join("\n")
    );
}
