//! Declarations, layout and constants through the public API, on small headers written here.
//! Expected layouts are what gcc 12 on x86_64 gives (checked with `offsetof`/`sizeof`).

use std::path::PathBuf;

use mknetlinkdefs::c::{
    parse_headers, parse_headers_in_context, parse_text, CError, CValue, Field, HeaderItems,
    Record, RecordKind,
};

fn parse(src: &str) -> HeaderItems {
    parse_text(&[], "test.h", src).expect("no limit is hit")
}

fn record<'a>(items: &'a HeaderItems, name: &str) -> &'a Record {
    items
        .records
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no record {name}: {:?}", items.warnings))
}

fn constant(items: &HeaderItems, name: &str) -> CValue {
    items
        .constants
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no constant {name}: {:?}", items.warnings))
        .value
}

/// `(name, ty, offset, count, bits)` of a field.
type FieldTuple<'a> = (&'a str, &'a str, u64, Option<u64>, Option<(u32, u32)>);

/// Every field as a tuple, for compact comparisons.
fn fields(r: &Record) -> Vec<FieldTuple<'_>> {
    r.fields
        .iter()
        .map(|f: &Field| (f.name.as_str(), f.ty.as_str(), f.offset, f.count, f.bits))
        .collect()
}

#[test]
fn scalar_members_and_padding() {
    let items = parse(
        "typedef unsigned short __u16; typedef __u16 __be16;\n\
         struct s { char c; int i; signed char sc; unsigned char uc; short sh; long l;\n\
                    unsigned long ul; long long ll; _Bool b; __be16 port; void *p;\n\
                    const char *name; double d; float f; int (*fn)(int); unsigned u; };",
    );
    let s = record(&items, "s");
    assert_eq!((s.size, s.align, s.kind), (96, 8, RecordKind::Struct));
    assert_eq!(
        fields(s),
        [
            ("c", "char", 0, None, None),
            ("i", "s32", 4, None, None),
            ("sc", "s8", 8, None, None),
            ("uc", "u8", 9, None, None),
            ("sh", "s16", 10, None, None),
            ("l", "s64", 16, None, None),
            ("ul", "u64", 24, None, None),
            ("ll", "s64", 32, None, None),
            ("b", "bool", 40, None, None),
            ("port", "be16", 42, None, None),
            ("p", "ptr", 48, None, None),
            ("name", "ptr", 56, None, None),
            ("d", "f64", 64, None, None),
            ("f", "f32", 72, None, None),
            ("fn", "ptr", 80, None, None),
            ("u", "u32", 88, None, None),
        ]
    );
}

#[test]
fn arrays_flexible_arrays_and_nested_records() {
    let items = parse(
        "#define N 4\n\
         struct in { unsigned int a; unsigned char b; };\n\
         struct s { struct in x[2][N - 1]; char name[N * 4]; unsigned int tail[]; };\n\
         struct z { unsigned short h; unsigned long long v[0]; };",
    );
    let s = record(&items, "s");
    assert_eq!((s.size, s.align), (64, 4));
    assert_eq!(
        fields(s),
        [
            ("x", "struct in", 0, Some(6), None),
            ("name", "char", 48, Some(16), None),
            ("tail", "u32", 64, Some(0), None),
        ]
    );
    let z = record(&items, "z");
    assert_eq!((z.size, z.align), (8, 8));
    assert_eq!(fields(z)[1], ("v", "u64", 8, Some(0), None));
}

#[test]
fn anonymous_members_are_flattened() {
    let items = parse(
        "struct s { int kind; union { struct { short a, b; }; long c; }; struct { char d; } named; };\n\
         typedef struct { int x; } t_anon;\n\
         struct tagged { int y; };\n\
         struct not_anon { t_anon; struct tagged; int z; };",
    );
    let s = record(&items, "s");
    assert_eq!((s.size, s.align), (24, 8));
    assert_eq!(
        fields(s),
        [
            ("kind", "s32", 0, None, None),
            ("a", "s16", 8, None, None),
            ("b", "s16", 10, None, None),
            ("c", "s64", 8, None, None),
            ("named", "struct s__anon1", 16, None, None),
        ]
    );
    let anon = record(&items, "s__anon1");
    assert_eq!((anon.size, anon.c_spelling.as_deref()), (1, None));
    // A typedef name or a tag alone as a member declares nothing in C.
    let n = record(&items, "not_anon");
    assert_eq!((n.size, fields(n)), (4, vec![("z", "s32", 0, None, None)]));
    let t = record(&items, "t_anon");
    assert_eq!((t.size, t.c_spelling.as_deref()), (4, Some("t_anon")));
}

#[test]
fn packed_and_aligned() {
    let items = parse(
        "struct p { char a; int b; } __attribute__((packed));\n\
         struct q { char a; int b __attribute__((aligned(8))); };\n\
         struct __attribute__((__packed__)) r { char a; long b __attribute__((aligned(4))); };\n\
         typedef unsigned long long __u64;\n\
         #define __aligned_u64 __u64 __attribute__((aligned(8)))\n\
         struct t { int a; __aligned_u64 b; } __attribute__((aligned(16)));\n\
         typedef int i8 __attribute__((aligned(8)));\n\
         struct u { char c; i8 x; };\n\
         union un { char c[5]; int i; };",
    );
    let p = record(&items, "p");
    assert_eq!((p.size, p.align, p.packed), (5, 1, true));
    assert_eq!(fields(p)[1].2, 1);
    let q = record(&items, "q");
    assert_eq!((q.size, q.align, fields(q)[1].2), (16, 8, 8));
    let r = record(&items, "r");
    assert_eq!((r.size, r.align, fields(r)[1].2), (12, 4, 4));
    let t = record(&items, "t");
    assert_eq!((t.size, t.align, fields(t)[1].2), (16, 16, 8));
    let u = record(&items, "u");
    assert_eq!((u.size, u.align, fields(u)[1].2), (16, 8, 8));
    let un = record(&items, "un");
    assert_eq!((un.size, un.align, un.kind), (8, 4, RecordKind::Union));
}

#[test]
fn pragma_pack() {
    let items = parse(
        "#pragma pack(push, 2)\n\
         struct a { char c; int i; long l; };\n\
         struct b { char c; int x:4; int y:30; };\n\
         #pragma pack(pop)\n\
         #pragma pack(1)\n\
         struct e { char c; long l __attribute__((aligned(8))); };\n\
         #pragma pack()\n\
         struct f { char c; int i; };\n\
         #pragma pack(4)\n\
         struct g { char c; long l; struct { char x; double d; } in; };\n\
         #pragma pack()\n",
    );
    assert!(items.warnings.is_empty(), "{:?}", items.warnings);
    let a = record(&items, "a");
    assert_eq!((a.size, a.align, fields(a)[2].2), (14, 2, 6));
    let b = record(&items, "b");
    assert_eq!((b.size, b.align), (6, 2));
    assert_eq!(
        (fields(b)[1].4, fields(b)[2].4),
        (Some((8, 4)), Some((12, 30)))
    );
    let e = record(&items, "e");
    assert_eq!((e.size, e.align, fields(e)[1].2), (9, 1, 1));
    let f = record(&items, "f");
    assert_eq!((f.size, f.align), (8, 4));
    let g = record(&items, "g");
    assert_eq!((g.size, g.align, fields(g)[2].2), (24, 4, 12));
}

#[test]
fn bitfields() {
    let items = parse(
        "struct b { unsigned a:3, b:30; unsigned char c; int :0; short d:4; int e:1; };\n\
         struct pb { unsigned a:30; unsigned b:4; } __attribute__((packed));\n\
         struct ub { char c; int :4; };",
    );
    let b = record(&items, "b");
    assert_eq!((b.size, b.align), (16, 4));
    assert_eq!(
        fields(b),
        [
            ("a", "u32", 0, None, Some((0, 3))),
            ("b", "u32", 4, None, Some((32, 30))),
            ("c", "u8", 8, None, None),
            ("d", "s16", 12, None, Some((96, 4))),
            ("e", "s32", 12, None, Some((100, 1))),
        ]
    );
    let pb = record(&items, "pb");
    assert_eq!((pb.size, pb.align), (5, 1));
    assert_eq!(fields(pb)[1], ("b", "u32", 3, None, Some((30, 4))));
    let ub = record(&items, "ub");
    assert_eq!((ub.size, ub.align), (2, 1));
}

#[test]
fn enums_and_their_constants() {
    let items = parse(
        "enum rt_scope_t { RT_SCOPE_UNIVERSE = 0, RT_SCOPE_SITE = 200, RT_SCOPE_LINK, RT_SCOPE_NOWHERE = 255, };\n\
         enum { A = -2, B, C = B + 10, D = 'x', E = sizeof(int) << 2 };\n\
         enum big { BIG = 0x80000000 };\n\
         struct m { enum rt_scope_t s; enum big g; };\n\
         #define X_MAX (C - 1)\n\
         typedef enum { T1 } t_enum;\n",
    );
    let e = &items.enums[0];
    assert_eq!(e.name.as_deref(), Some("rt_scope_t"));
    assert_eq!(
        e.members,
        [
            ("RT_SCOPE_UNIVERSE".to_string(), CValue::Signed(0)),
            ("RT_SCOPE_SITE".to_string(), CValue::Signed(200)),
            ("RT_SCOPE_LINK".to_string(), CValue::Signed(201)),
            ("RT_SCOPE_NOWHERE".to_string(), CValue::Signed(255)),
        ]
    );
    assert_eq!(items.enums[1].name, None);
    assert_eq!(items.enums[3].name.as_deref(), Some("t_enum"));
    assert_eq!(constant(&items, "B"), CValue::Signed(-1));
    assert_eq!(constant(&items, "C"), CValue::Signed(9));
    assert_eq!(constant(&items, "D"), CValue::Signed(120));
    assert_eq!(constant(&items, "E"), CValue::Signed(16));
    // Does not fit in int: gcc gives it the enum's type, unsigned int.
    assert_eq!(constant(&items, "BIG"), CValue::Unsigned(0x8000_0000));
    assert_eq!(constant(&items, "X_MAX"), CValue::Signed(8));
    let m = record(&items, "m");
    assert_eq!(fields(m)[0].1, "u32");
    let names: Vec<&str> = items.constants.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        &names[..3],
        ["RT_SCOPE_UNIVERSE", "RT_SCOPE_SITE", "RT_SCOPE_LINK"]
    );
}

#[test]
fn defines_that_are_constants_and_those_that_are_not() {
    let items = parse(
        "struct nlmsghdr { unsigned int len; unsigned short type, flags; unsigned int seq, pid; };\n\
         #define NLMSG_ALIGNTO 4U\n\
         #define NLMSG_ALIGN(len) ( ((len)+NLMSG_ALIGNTO-1) & ~(NLMSG_ALIGNTO-1) )\n\
         #define NLMSG_HDRLEN ((int) NLMSG_ALIGN(sizeof(struct nlmsghdr)))\n\
         #define _AC(X,Y) (X##Y)\n#define _UL(x) (_AC(x, UL))\n#define _BITUL(x) (_UL(1) << (x))\n\
         #define FLAG _BITUL(63)\n\
         #define NEG (-1)\n#define ALL ((unsigned int)~0)\n#define CHR '\\n'\n\
         #define STR \"hello\"\n#define EMPTY\n#define TYPE unsigned long\n#define FN(x) x\n\
         #define CALL foo(1)\n#define FLOAT 1.5\n#define DIV0 (1/0)\n#define SELF SELF\n",
    );
    assert_eq!(constant(&items, "NLMSG_ALIGNTO"), CValue::Unsigned(4));
    assert_eq!(constant(&items, "NLMSG_HDRLEN"), CValue::Signed(16));
    assert_eq!(constant(&items, "FLAG"), CValue::Unsigned(1 << 63));
    assert_eq!(constant(&items, "NEG"), CValue::Signed(-1));
    assert_eq!(
        constant(&items, "ALL"),
        CValue::Unsigned(u64::from(u32::MAX))
    );
    assert_eq!(constant(&items, "CHR"), CValue::Signed(10));
    for not in [
        "STR", "EMPTY", "TYPE", "FN", "CALL", "FLOAT", "DIV0", "SELF",
    ] {
        assert!(items.constants.iter().all(|c| c.name != not), "{not}");
    }
    // Division by zero is an error in a constant expression: reported, not silently dropped.
    let w: Vec<_> = items
        .warnings
        .iter()
        .filter(|w| w.message.contains("DIV0"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", items.warnings);
    assert_eq!((w[0].line, w[0].text.as_str()), (18, "(1/0)"));
}

#[test]
fn functions_externs_and_attributes_are_skipped() {
    let items = parse(
        "extern int printf(const char *__restrict fmt, ...) __attribute__((format(printf, 1, 2)));\n\
         static inline int f(int x) { if (x) { return 1; } return 0; }\n\
         static __inline__ struct s *g(struct s *p) { return p; }\n\
         __extension__ typedef long long ll_t;\n\
         typedef void (*handler_t)(int);\n\
         typedef int arr_t[3];\n\
         extern const volatile int v;\n\
         _Static_assert(1, \"x\");\n\
         struct s { ll_t a; handler_t h; arr_t t; };\n",
    );
    assert!(items.warnings.is_empty(), "{:?}", items.warnings);
    let s = record(&items, "s");
    assert_eq!((s.size, s.align), (32, 8));
    assert_eq!(fields(s)[2], ("t", "s32", 16, Some(3), None));
}

#[test]
fn unparsable_declarations_warn_with_position_and_text() {
    let items =
        parse("struct ok1 { int a; };\n  int x = ;; @@ garbage here;\nstruct ok2 { int b; };\n");
    assert_eq!(items.records.len(), 2, "{:?}", items.warnings);
    let w = items.warnings.first().expect("a warning");
    assert_eq!(w.file, PathBuf::from("test.h"));
    assert_eq!((w.line, w.column), (2, 14));
    assert!(w.text.contains("@@ garbage here"), "{w:?}");
    // A record with an unknown member type is not emitted rather than emitted wrong.
    let items = parse("struct bad { int a; unknown_t b; };\nstruct good { int a; };\n");
    assert!(items.records.iter().all(|r| r.name != "bad"));
    assert_eq!(record(&items, "good").size, 4);
    let w = &items.warnings[0];
    assert_eq!((w.line, w.column), (1, 21));
    assert_eq!(w.text, "unknown_t b;");
}

#[test]
fn only_items_of_named_headers_are_emitted() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::fs::write(
        dir.path().join("sub/inner.h"),
        "#pragma once\n#define INNER 1\nstruct inner { int i; };\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("outer.h"),
        "#ifndef OUTER_H\n#define OUTER_H\n#include <sub/inner.h>\n#include \"sub/inner.h\"\n\
         #define OUTER (INNER + 1)\nstruct outer { struct inner in; };\n#endif\n",
    )
    .expect("write");
    let items =
        parse_headers(&[dir.path().to_path_buf()], &["outer.h".to_string()]).expect("parse");
    let names: Vec<&str> = items.constants.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["OUTER"]);
    assert_eq!(constant(&items, "OUTER"), CValue::Signed(2));
    // `struct inner` comes along because `struct outer` refers to it (a schema must be
    // self-contained); `INNER`, which nothing refers to, does not.
    assert_eq!(items.records.len(), 2);
    assert_eq!(items.records[0].fields[0].ty, "struct inner");
    assert_eq!(items.records[0].origin.file, dir.path().join("outer.h"));
    assert_eq!(items.records[0].origin.line, 6);
    assert_eq!(items.records[1].name, "inner");
    assert_eq!(items.records[1].origin.file, dir.path().join("sub/inner.h"));
    // Both named: both emitted, once.
    let items = parse_headers(
        &[dir.path().to_path_buf()],
        &["outer.h".to_string(), "sub/inner.h".to_string()],
    )
    .expect("parse");
    assert_eq!(items.records.len(), 2);
}

/// A context header is read first, so a named header's macros may use what it defines
/// (nfnetlink.h's `NFNL_MSG_BATCH_BEGIN` is `NLMSG_MIN_TYPE` of netlink.h, which it does not
/// include); nothing of the context header is emitted.
#[test]
fn context_headers_give_definitions_without_being_emitted() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("base.h"),
        "#define BASE_MIN 16\nstruct base { int b; };\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("user.h"),
        "#define USER_FIRST BASE_MIN\n#define USER_NEXT BASE_MIN+1\n#define USER_OWN 3\n",
    )
    .expect("write");
    let dirs = [dir.path().to_path_buf()];
    let alone = parse_headers(&dirs, &["user.h".to_string()]).expect("parse");
    let names: Vec<&str> = alone.constants.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["USER_OWN"],
        "BASE_MIN is unknown without its header"
    );
    let items = parse_headers_in_context(&dirs, &["base.h".to_string()], &["user.h".to_string()])
        .expect("parse");
    let names: Vec<&str> = items.constants.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["USER_FIRST", "USER_NEXT", "USER_OWN"]);
    assert_eq!(constant(&items, "USER_NEXT"), CValue::Signed(17));
    assert!(items.records.is_empty(), "struct base is the context's");
}

#[test]
fn clear_errors_for_missing_headers_and_directories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = parse_headers(
        &[dir.path().to_path_buf()],
        &["linux/nonexistent.h".to_string()],
    )
    .expect_err("missing header");
    assert!(matches!(err, CError::HeaderNotFound { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("linux/nonexistent.h") && msg.contains(&dir.path().display().to_string()),
        "{msg}"
    );

    let missing = dir.path().join("nope");
    let err = parse_headers(std::slice::from_ref(&missing), &["x.h".to_string()])
        .expect_err("missing dir");
    assert!(matches!(err, CError::IncludeDirMissing(ref p) if *p == missing));
    assert!(err.to_string().contains("nope"));
}

#[test]
fn system_headers_resolve() {
    if !PathBuf::from("/usr/include/linux/rtnetlink.h").is_file() {
        return;
    }
    let items = parse_headers(
        &[PathBuf::from("/usr/include")],
        &["linux/rtnetlink.h".to_string()],
    )
    .expect("parse");
    assert_eq!(constant(&items, "RTM_NEWLINK"), CValue::Signed(16));
    assert_eq!(
        constant(&items, "RT_TABLE_MAX"),
        CValue::Unsigned(0xFFFF_FFFF)
    );
    assert_eq!(record(&items, "rtmsg").size, 12);
    // linux/netlink.h is included but not named.
    assert!(items.constants.iter().all(|c| c.name != "NLM_F_REQUEST"));
}
