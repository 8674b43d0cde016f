//! The checked-in schemas, end to end: `mknetlinkdefs check` passes on every one of them, and
//! those generated from headers are up to date with this machine's uapi headers
//! (`mknetlinkdefs update --check`, what a downstream repository would run in its CI).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bundled schemas (the `netlink-schemas` crate's list), as files.
fn schemas() -> Vec<PathBuf> {
    netlink_schemas::ALL
        .iter()
        .map(|b| workspace().join(b.file))
        .collect()
}

#[test]
fn every_schema_file_is_bundled() {
    let mut on_disk: Vec<String> = std::fs::read_dir(workspace().join("schemas"))
        .expect("schemas/ exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && n != "Cargo.toml")
        .map(|n| format!("schemas/{n}"))
        .collect();
    on_disk.sort();
    let mut bundled: Vec<String> = netlink_schemas::ALL
        .iter()
        .map(|b| b.file.to_owned())
        .collect();
    bundled.sort();
    assert_eq!(
        on_disk, bundled,
        "every schemas/*.toml is listed in schemas/src/lib.rs"
    );
}

/// Runs `mknetlinkdefs ARGS` through cargo (built once, shared target dir).
fn mknetlinkdefs(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO"))
        .current_dir(workspace())
        .args(["run", "-q", "-p", "mknetlinkdefs", "--"])
        .args(args)
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn every_checked_in_schema_validates() {
    let files = schemas();
    assert!(files.len() >= 3, "{files:?}");
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    let (ok, text) = mknetlinkdefs(&args);
    assert!(ok, "mknetlinkdefs check failed:\n{text}");
    for p in &paths {
        assert!(text.contains(&format!("{p}: 0 problems")), "{text}");
    }
}

#[test]
fn generated_schemas_are_up_to_date_with_the_headers() {
    let mut checked = 0;
    for path in schemas() {
        let schema = netlink_schema::Schema::load(&path).unwrap();
        if schema.schema.headers.is_empty() {
            continue; // hand-written (example, netdev): nothing to regenerate from
        }
        if !schema
            .schema
            .headers
            .iter()
            .all(|h| Path::new("/usr/include").join(h).exists())
        {
            eprintln!(
                "SKIPPED {}: its headers are not installed here",
                path.display()
            );
            continue;
        }
        let p = path.display().to_string();
        let (ok, text) = mknetlinkdefs(&["update", "--check", &p]);
        assert!(
            ok,
            "{p} is out of date with the headers; run `mknetlinkdefs update {p}`:\n{text}"
        );
        checked += 1;
    }
    assert!(checked >= 2, "rtnetlink and genetlink at least");
}

/// Every shipped schema agrees with the kernel's YNL specs it was imported from
/// (`mknetlinkdefs import-ynl --check`): the import has nothing to add, and every difference is
/// marked `differs-from-spec` and explained in `schemas/KERNEL-VS-YNL.md`.
#[test]
fn imported_schemas_agree_with_the_kernels_ynl_specs() {
    let specs = workspace().join("../shared/ynl-specs");
    let pairs = [
        ("rt-link.yaml", "rtnetlink.toml"),
        ("rt-addr.yaml", "rtnetlink.toml"),
        ("rt-route.yaml", "rtnetlink.toml"),
        ("rt-neigh.yaml", "rtnetlink.toml"),
        ("rt-rule.yaml", "rtnetlink.toml"),
        ("nlctrl.yaml", "genetlink.toml"),
        ("ethtool.yaml", "ethtool.toml"),
        ("netdev.yaml", "netdev.toml"),
        ("tcp_metrics.yaml", "tcp_metrics.toml"),
        ("mptcp_pm.yaml", "mptcp.toml"),
        ("tc.yaml", "tc.toml"),
        ("conntrack.yaml", "conntrack.toml"),
        ("nftables.yaml", "nftables.toml"),
    ];
    for (spec, schema) in pairs {
        let spec = specs.join(spec);
        assert!(
            spec.is_file(),
            "{} is missing (the kernel's YNL specs)",
            spec.display()
        );
        let spec = spec.display().to_string();
        let schema = workspace()
            .join("schemas")
            .join(schema)
            .display()
            .to_string();
        let (ok, text) = mknetlinkdefs(&["import-ynl", "--check", &spec, &schema]);
        assert!(ok, "import-ynl --check {spec} {schema}:\n{text}");
        assert!(text.contains("agrees with"), "{text}");
    }
}

/// The downstream example's own schema (`examples/sock-diag`), checked the way its README tells
/// a downstream CI to: fully annotated (`check --strict`) and up to date with this machine's
/// headers (`update --check`).
#[test]
fn the_downstream_example_schema_passes_its_ci() {
    let schema = workspace().join("examples/sock-diag/sock_diag.toml");
    let p = schema.display().to_string();
    let (ok, text) = mknetlinkdefs(&["check", "--unannotated", "--strict", &p]);
    assert!(ok, "{p} does not pass `check --strict`:\n{text}");
    assert!(text.contains("0 unannotated"), "{text}");
    let headers = ["linux/sock_diag.h", "linux/inet_diag.h"];
    if !headers
        .iter()
        .all(|h| Path::new("/usr/include").join(h).exists())
    {
        eprintln!("SKIPPED {p}: its headers are not installed here");
        return;
    }
    let (ok, text) = mknetlinkdefs(&["update", "--check", &p]);
    assert!(
        ok,
        "{p} is out of date; run `mknetlinkdefs update {p}`:\n{text}"
    );
}
