//! Arbitrary and mutated schema text into the loader and the validator: an error naming a
//! line, or a schema, never a panic.

use netlink_schema::Schema;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../../schemas/example.toml");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        if let Ok(s) = Schema::parse(text, "x.toml") {
            let _ = s.validate();
        }
    }

    #[test]
    fn mutated_schema_never_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), "[a-z0-9_=\\[\\]{}\", .?-]{0,6}"), 1..6),
    ) {
        let mut text = EXAMPLE.to_owned();
        for (at, insert) in edits {
            let mut i = at.index(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, &insert);
        }
        match Schema::parse(text, "x.toml") {
            Ok(s) => { let _ = s.validate(); }
            Err(e) => prop_assert!(e.to_string().starts_with("x.toml:"), "{e}"),
        }
    }
}
