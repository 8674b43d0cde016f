//! Finding and loading schemas at compile time, once per compiler process: bundled ones (by
//! name, from the `netlink-schemas` crate) and files (by path).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use netlink_schema::Schema;
use proc_macro2::Span;

/// A schema ready for use by the macros.
pub struct Loaded {
    /// The parsed, validated schema.
    pub schema: Arc<Schema>,
    /// The file, for `include_bytes!` (so the user crate rebuilds when it changes); `None` for a
    /// bundled schema (compiled into this macro crate).
    pub file: Option<PathBuf>,
}

type Cache = Mutex<HashMap<String, Result<Arc<Schema>, String>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Whether `spec` names a bundled schema rather than a file.
fn is_bundled_name(spec: &str) -> bool {
    !spec.contains('/') && !spec.ends_with(".toml")
}

fn parse_and_validate(text: String, display: &str) -> Result<Arc<Schema>, String> {
    let schema = Schema::parse(text, display).map_err(|e| format!("cannot load schema: {e}"))?;
    let problems = schema.validate();
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more; run `mknetlinkdefs check {display}`)", n - 1),
        };
        return Err(format!("invalid schema: {first}{more}"));
    }
    Ok(Arc::new(schema))
}

/// Finds a schema file: relative to the user crate's `CARGO_MANIFEST_DIR`, then in each directory
/// of `NETLINK_SCHEMA_PATH` (colon-separated), for schemas shared between crates.
fn resolve_file(spec: &str) -> Result<PathBuf, String> {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut candidates = vec![manifest.join(spec)];
    if let Some(dirs) = std::env::var_os("NETLINK_SCHEMA_PATH") {
        candidates.extend(std::env::split_paths(&dirs).map(|d| d.join(spec)));
    }
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        format!("cannot find schema `{spec}`: looked relative to this crate's Cargo.toml and in NETLINK_SCHEMA_PATH")
    })
}

/// Loads `spec`: a bundled schema's name, or a path relative to the user crate's
/// `CARGO_MANIFEST_DIR`. Errors carry `span` (the user's `schema = "..."`).
pub fn load(spec: &str, span: Span) -> syn::Result<Loaded> {
    let (key, file, bundled) = if is_bundled_name(spec) {
        if netlink_schemas::get(spec).is_none() {
            let names: Vec<&str> = netlink_schemas::names().collect();
            return Err(syn::Error::new(
                span,
                match netlink_schema::did_you_mean(spec, names.iter().copied()) {
                    Some(near) => format!(
                        "no bundled schema named `{spec}`, did you mean `{near}`? (a file path must end in .toml)"
                    ),
                    None => format!(
                        "no bundled schema named `{spec}` (bundled: {}); a file path must end in .toml",
                        names.join(", ")
                    ),
                },
            ));
        }
        (format!("bundled:{spec}"), None, Some(spec.to_owned()))
    } else {
        let path = resolve_file(spec).map_err(|m| syn::Error::new(span, m))?;
        (path.display().to_string(), Some(path), None)
    };

    let mut guard = cache().lock().unwrap_or_else(|p| p.into_inner());
    let entry = guard.entry(key).or_insert_with(|| match (&file, &bundled) {
        (Some(path), _) => netlink_schema::read_schema_text(path)
            .map_err(|e| format!("cannot read schema `{spec}`: {e}"))
            .and_then(|text| parse_and_validate(text, spec)),
        (None, Some(name)) => match netlink_schemas::get(name) {
            Some(b) => parse_and_validate(b.text.to_owned(), b.file),
            None => Err(format!("no bundled schema named `{name}`")),
        },
        (None, None) => Err("no schema".into()),
    });
    match entry {
        Ok(schema) => Ok(Loaded {
            schema: schema.clone(),
            file,
        }),
        Err(message) => Err(syn::Error::new(span, message.clone())),
    }
}

/// Loads like [`load`], but reports the failure of a schema once per compile, at its first use
/// (`site` names the use: the span and the item): later uses get `Err(None)` and emit stand-in
/// impls without an error, so one broken schema is one error, not one per struct. The same
/// use expanded again (an IDE re-expanding the item) reports it again.
pub fn load_reporting_once(
    spec: &str,
    span: Span,
    site: &str,
) -> Result<Loaded, Option<syn::Error>> {
    static REPORTED: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    load(spec, span).map_err(|e| {
        let mut reported = REPORTED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let first = reported
            .entry(spec.to_owned())
            .or_insert_with(|| site.to_owned());
        (first == site).then_some(e)
    })
}
