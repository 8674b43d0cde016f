//! Property tests: no input makes the C front-end panic (or recurse without bound).

use mknetlinkdefs::c::expr::{evaluate, Mode, NoEnv};
use mknetlinkdefs::c::lex::tokenize;
use mknetlinkdefs::c::parse_text;
use proptest::prelude::*;

/// Pieces of C expressions, so that generated inputs get past the first token.
fn expression_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(".to_string()),
        Just(")".to_string()),
        Just("sizeof".to_string()),
        Just("_Alignof".to_string()),
        Just("(int)".to_string()),
        Just("(unsigned long)".to_string()),
        Just("(char)".to_string()),
        Just("__builtin_constant_p".to_string()),
        Just("__builtin_offsetof".to_string()),
        Just("?".to_string()),
        Just(":".to_string()),
        Just(",".to_string()),
        Just("'\\x7f'".to_string()),
        Just("'ab'".to_string()),
        Just("\"s\"".to_string()),
        Just("x".to_string()),
        "(\\+|-|\\*|/|%|<<|>>|<|>|<=|>=|==|!=|&|\\^|\\||&&|\\|\\||!|~)".prop_map(String::from),
        "(0x[0-9a-fA-F]{1,18}|0[0-7]{0,22}|[1-9][0-9]{0,20}|0b[01]{1,65})([uU]?[lL]{0,2}|[lL]{0,2}[uU]?)"
            .prop_map(String::from),
        any::<i64>().prop_map(|v| v.to_string()),
    ]
}

/// Pieces of declarations and directives.
fn declaration_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("struct".to_string()),
        Just("union".to_string()),
        Just("enum".to_string()),
        Just("typedef".to_string()),
        Just("int".to_string()),
        Just("unsigned".to_string()),
        Just("char".to_string()),
        Just("long".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just(";".to_string()),
        Just(",".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("*".to_string()),
        Just(":".to_string()),
        Just("=".to_string()),
        Just("__attribute__((packed))".to_string()),
        Just("__attribute__((aligned(".to_string()),
        Just("__attribute__((aligned(8)))".to_string()),
        Just("static inline".to_string()),
        Just("\n#define M(a, ...) a ## __VA_ARGS__ #a M\n".to_string()),
        Just("\n#if defined(M) && M(1,2)\n".to_string()),
        Just("\n#else\n".to_string()),
        Just("\n#endif\n".to_string()),
        Just("\n#undef M\n".to_string()),
        Just("\n#include <nonexistent/x.h>\n".to_string()),
        Just("M(".to_string()),
        "[a-z_][a-z0-9_]{0,6}".prop_map(String::from),
        "[0-9]{1,4}".prop_map(String::from),
    ]
}

// Case counts keep the run within seconds in debug builds (proptest's regex strategies and the
// per-case preprocessor set-up dominate).
proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn expression_parser_never_panics_on_strings(s in ".{0,200}") {
        let toks = tokenize(&s, 0);
        let _ = evaluate(&toks, &NoEnv, Mode::C);
        let _ = evaluate(&toks, &NoEnv, Mode::Preprocessor);
    }

    #[test]
    fn expression_parser_never_panics_on_expressions(parts in prop::collection::vec(expression_piece(), 0..40)) {
        let s = parts.join(" ");
        let toks = tokenize(&s, 0);
        let _ = evaluate(&toks, &NoEnv, Mode::C);
        let _ = evaluate(&toks, &NoEnv, Mode::Preprocessor);
    }

    #[test]
    fn expressions_inside_headers_never_panic(parts in prop::collection::vec(expression_piece(), 0..30)) {
        // Through the whole pipeline: as a macro, an enumerator value and an array size.
        let e = parts.join(" ");
        let src = format!("#define X {e}\nenum {{ A = {e} }};\nstruct s {{ char c[{e}]; int b : {e}; }};\n#if {e}\n#endif\n");
        let _ = parse_text(&[], "p.h", &src);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(250))]

    #[test]
    fn declaration_parser_never_panics_on_strings(s in ".{0,300}") {
        let _ = parse_text(&[], "p.h", &s);
    }

    #[test]
    fn declaration_parser_never_panics_on_bytes(b in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_text(&[], "p.h", &String::from_utf8_lossy(&b));
    }

    #[test]
    fn declaration_parser_never_panics_on_declarations(parts in prop::collection::vec(declaration_piece(), 0..80)) {
        let _ = parse_text(&[], "p.h", &parts.join(" "));
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = "(".repeat(20_000);
    let _ = parse_text(
        &[],
        "p.h",
        &format!("#define X {deep}\nint a[{deep}];\nstruct s {{ int (((((((x{deep}"),
    );
    let nested = format!("{}int x;{}", "struct a { ".repeat(5000), "};".repeat(5000));
    let _ = parse_text(&[], "p.h", &nested);
    let calls = format!("#define F(x) x\n{}1{}", "F(".repeat(5000), ")".repeat(5000));
    let _ = parse_text(&[], "p.h", &calls);
}
