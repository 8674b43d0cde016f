#[test]
fn tmp() {
    let hs: Vec<String> = std::fs::read_dir("/usr/include/linux").unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().to_string()).filter(|n| n.ends_with(".h")).map(|n| format!("linux/{n}")).collect();
    let t = std::time::Instant::now();
    let mut total_w = 0; let mut nrec = 0; let mut ncon = 0;
    for h in &hs {
        let items = mknetlinkdefs::c::parse_headers(&["/usr/include".into()], &[h.clone()]).unwrap();
        for r in &items.records { for f in &r.fields { if f.ty.contains("anon__anon") { eprintln!("ANON {h} {} {}", r.name, f.ty); } } }
        for w in &items.warnings { eprintln!("W {w}"); }
        total_w += items.warnings.len(); nrec += items.records.len(); ncon += items.constants.len();
    }
    eprintln!("{} headers, {ncon} constants {nrec} records {total_w} warnings in {:?}", hs.len(), t.elapsed());
}
