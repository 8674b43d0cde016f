//! Compile errors, one file each, with the spans and wording users see (`tests/ui/*.stderr`).
//! Regenerate the expected output after a deliberate change with `TRYBUILD=overwrite`.

#[test]
fn compile_errors() {
    // Lets tests/ui/*.rs name the broken schemas beside them.
    std::env::set_var(
        "NETLINK_SCHEMA_PATH",
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui"),
    );
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
