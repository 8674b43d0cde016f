use mknetlinkdefs::c::*;
use std::path::PathBuf;
#[test]
fn debug_dump() {
    let hs: Vec<String> = std::env::var("HDRS")
        .unwrap_or("linux/rtnetlink.h".into())
        .split(',')
        .map(String::from)
        .collect();
    let t = std::time::Instant::now();
    let items = parse_headers(&[PathBuf::from("/usr/include")], &hs).unwrap();
    eprintln!("time {:?}", t.elapsed());
    for c in &items.constants {
        eprintln!("C {} = {} ", c.name, c.value);
    }
    for r in &items.records {
        eprintln!("R {} {} {} {:?}", r.name, r.size, r.align, r.fields);
    }
    for w in &items.warnings {
        eprintln!("W {w}");
    }
    eprintln!(
        "{} constants {} records {} warnings",
        items.constants.len(),
        items.records.len(),
        items.warnings.len()
    );
}
#[test]
fn debug_text() {
    let src = std::fs::read_to_string("/tmp/t.h").unwrap();
    let items = parse_text(&[PathBuf::from("/usr/include")], "/tmp/t.h", &src);
    for c in &items.constants {
        eprintln!("C {} = {} ", c.name, c.value);
    }
    for r in &items.records {
        eprintln!("R {} {} {} {:?}", r.name, r.size, r.align, r.fields);
    }
    for w in &items.warnings {
        eprintln!("W {w}");
    }
}
