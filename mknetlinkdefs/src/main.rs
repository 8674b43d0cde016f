//! The `mknetlinkdefs` command line.
//!
//! Exit codes: 0 success; 1 the schema has problems (`check`), is out of date (`update --check`)
//! or the headers gave warnings under `--strict`; 2 the input could not be read (missing header,
//! unknown include dir, unreadable or malformed file, bad arguments).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mknetlinkdefs::c::Warning;
use mknetlinkdefs::schema_file::{self, Identity, Inputs};
use netlink_schema::{AttrType, Schema};

#[derive(Parser)]
#[command(
    name = "mknetlinkdefs",
    version,
    about = "Linux uapi headers to netlink TOML schemas"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse headers into a new schema file.
    Generate {
        /// Include directory to search (repeatable; default /usr/include).
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
        /// Headers as written in an #include, e.g. linux/rtnetlink.h.
        #[arg(required = true, value_name = "HEADER")]
        headers: Vec<String>,
        /// A header read before HEADERs for what they use without including it (repeatable;
        /// nothing it defines is written): `--context linux/netlink.h` for
        /// linux/netfilter/nfnetlink.h.
        #[arg(long = "context", value_name = "HEADER")]
        context: Vec<String>,
        /// Output file.
        #[arg(short, long, value_name = "OUT.toml")]
        output: PathBuf,
        /// Schema name written in [schema].
        #[arg(long)]
        name: Option<String>,
        /// Netlink protocol written in [schema]: a name (route, generic, sock_diag, ...,
        /// NETLINK_* accepted) or a number.
        #[arg(long)]
        protocol: Option<String>,
        /// Generic netlink family name written in [schema].
        #[arg(long)]
        family: Option<String>,
        /// Treat parser warnings as a failure.
        #[arg(long)]
        strict: bool,
    },
    /// Regenerate a schema from the headers it records, keeping annotations and comments.
    Update {
        /// The schema file.
        schema: PathBuf,
        /// Include directories (default: those recorded in the schema, else /usr/include).
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
        /// Do not write; exit 1 if the schema is out of date with the headers.
        #[arg(long)]
        check: bool,
        /// Treat parser warnings as a failure.
        #[arg(long)]
        strict: bool,
    },
    /// Validate schema files: every type, set, struct and message they name must exist.
    Check {
        /// Schema files.
        #[arg(required = true)]
        schemas: Vec<PathBuf>,
        /// Also list every attribute still typed "?".
        #[arg(long)]
        unannotated: bool,
        /// Count every attribute still typed "?" as a problem (exit 1): for a CI that wants
        /// the schema fully annotated.
        #[arg(long)]
        strict: bool,
    },
    /// Fill a schema's annotations from a kernel YNL spec, checking it against the headers.
    ///
    /// Exit codes: 0 imported (or, with --check, the schema agrees with the spec); 1 with
    /// --check: the import would change the schema or the two disagree; 2 a file could not be
    /// read or is malformed.
    ImportYnl {
        /// The YNL spec (Documentation/netlink/specs/*.yaml).
        spec: PathBuf,
        /// The schema file to annotate.
        schema: PathBuf,
        /// Do not write; exit 1 if the schema lacks what the spec gives or disagrees with it.
        #[arg(long)]
        check: bool,
        /// Replace annotations that differ from the spec (they are listed, and kept, otherwise).
        #[arg(long)]
        overwrite: bool,
        /// Also list the notes (attributes only one side has, keys only the schema has, ...).
        #[arg(long, short)]
        verbose: bool,
    },
    /// Decode netlink traffic (strace log, plain hex or nlmon pcap) with the schemas.
    ///
    /// Exit codes: 0 decoded; 1 malformed input was reported (the rest was decoded);
    /// 2 the input, a schema or an argument could not be used.
    Decode {
        /// Input: `strace -f -e trace=network -e read=all -e write=all` log, plain hex, or a
        /// pcap from an nlmon device. Standard input when left out.
        file: Option<PathBuf>,
        /// Protocol of buffers whose protocol the input does not tell (route, generic, ...).
        #[arg(long)]
        protocol: Option<String>,
        /// Generic netlink family: NAME=ID, or NAME for ids not resolved from the input.
        #[arg(long = "family", value_name = "NAME[=ID]")]
        families: Vec<String>,
        /// Extra schema file, preferred over the bundled schemas (repeatable).
        #[arg(long = "schema", value_name = "FILE")]
        schemas: Vec<PathBuf>,
        /// Print JSON instead of a text tree.
        #[arg(long)]
        json: bool,
    },
}

fn decode(opts: mknetlinkdefs::decode::Options) -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = stderr.lock();
    let result = mknetlinkdefs::decode::run(&opts, &mut out, &mut err);
    let _ = std::io::Write::flush(&mut out);
    match result {
        Ok(s) if s.problems > 0 => {
            eprintln!(
                "{} problems; {} buffers, {} messages decoded",
                s.problems, s.datagrams, s.messages
            );
            ExitCode::from(1)
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

fn generate(inputs: Inputs, id: Identity, output: &Path, strict: bool) -> ExitCode {
    for dir in &inputs.include_dirs {
        if !dir.is_dir() {
            return fail(format!(
                "include directory {} does not exist",
                dir.display()
            ));
        }
    }
    let (doc, warnings) = match schema_file::generate(&inputs, &id) {
        Ok(x) => x,
        Err(e) => return fail(e),
    };
    print_warnings(&warnings);
    if let Err(e) = write_file(output, &doc.to_string()) {
        return fail(e);
    }
    eprintln!("wrote {} ({} warnings)", output.display(), warnings.len());
    if strict && !warnings.is_empty() {
        eprintln!("error: {} warnings and --strict was given", warnings.len());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn update(path: &Path, include: &[PathBuf], check: bool, strict: bool) -> ExitCode {
    let text = match netlink_schema::read_schema_text(path) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let mut doc = match schema_file::parse_document(&text, path) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let updated = match schema_file::update(&mut doc, include) {
        Ok(x) => x,
        Err(e) => return fail(format!("{}: {e}", path.display())),
    };
    let changes = updated.changes;
    print_warnings(&updated.warnings);
    for n in &updated.notes {
        eprintln!("warning: {}: {n}", path.display());
    }
    for c in &changes {
        println!("{c}");
    }
    let warnings = updated.warnings.len() + updated.notes.len();
    if strict && warnings > 0 {
        eprintln!("error: {warnings} warnings and --strict was given");
        return ExitCode::from(1);
    }
    if check {
        if changes.is_empty() {
            eprintln!("{}: up to date", path.display());
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "{}: out of date with the headers ({} changes)",
            path.display(),
            changes.len()
        );
        return ExitCode::from(1);
    }
    if !changes.is_empty() {
        if let Err(e) = write_file(path, &doc.to_string()) {
            return fail(e);
        }
    }
    eprintln!("{}: {} changes", path.display(), changes.len());
    ExitCode::SUCCESS
}

fn check(paths: &[PathBuf], unannotated: bool, strict: bool) -> ExitCode {
    let mut worst = ExitCode::SUCCESS;
    for path in paths {
        let schema = match Schema::load(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                worst = ExitCode::from(2);
                continue;
            }
        };
        let diagnostics = schema.validate();
        for d in &diagnostics {
            eprintln!("error: {d}");
        }
        let mut total = 0;
        let mut todo = Vec::new();
        for (set_name, set) in &schema.attribute_sets {
            for (name, attr) in &set.get_ref().attributes {
                total += 1;
                if attr.get_ref().ty == AttrType::Unannotated {
                    todo.push(format!("{set_name}.{name}"));
                }
            }
        }
        if unannotated {
            for t in &todo {
                println!("unannotated: {t}");
            }
        }
        println!(
            "{}: {} problems; {} attribute sets, {} attributes, {} unannotated",
            path.display(),
            diagnostics.len(),
            schema.attribute_sets.len(),
            total,
            todo.len()
        );
        if strict && !todo.is_empty() {
            eprintln!(
                "error: {}: {} attributes are not annotated and --strict was given",
                path.display(),
                todo.len()
            );
        }
        if (!diagnostics.is_empty() || (strict && !todo.is_empty())) && worst == ExitCode::SUCCESS {
            worst = ExitCode::from(1);
        }
    }
    worst
}

fn import_ynl(spec: &Path, schema: &Path, check: bool, overwrite: bool, verbose: bool) -> ExitCode {
    use mknetlinkdefs::ynl;
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| format!("{}: cannot read: {e}", p.display()))
    };
    let (spec_text, schema_text) = match (read(spec), read(schema)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let (spec_name, schema_name) = (spec.display().to_string(), schema.display().to_string());
    let options = if overwrite {
        ynl::Options::overwrite()
    } else {
        ynl::Options::default()
    };
    let out = match ynl::import(&spec_text, &spec_name, &schema_text, &schema_name, &options) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    for w in &out.spec_warnings {
        eprintln!("warning: {spec_name}:{w}");
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &out.findings {
        *counts.entry(f.kind.label()).or_default() += 1;
        let always =
            f.kind.disagrees() || matches!(f.kind, ynl::Kind::Overwritten | ynl::Kind::SpecIds);
        if always || verbose {
            println!("{}", f.located(&spec_name, &schema_name));
        }
    }
    let s = out.stats;
    let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!(
        "{schema_name}: {} of {} attributes annotated ({} typed by this import, {} keys written, {} messages); {} spec attributes matched, {} left \"?\"{}{}",
        s.annotated,
        s.attributes,
        s.typed_now,
        s.keys_written,
        s.messages,
        s.matched,
        s.spec_typed_left,
        if summary.is_empty() { String::new() } else { format!("; {}", summary.join(", ")) },
        if out.spec_only { "; ids from the spec alone (the schema lists no headers)" } else { "" },
    );
    if check {
        if out.disagrees() {
            eprintln!(
                "{schema_name}: {} (use import-ynl without --check to apply, --verbose for every note)",
                if out.changed { "out of date with the spec" } else { "disagrees with the spec" }
            );
            return ExitCode::from(1);
        }
        eprintln!("{schema_name}: agrees with {spec_name}");
        return ExitCode::SUCCESS;
    }
    if out.changed {
        if let Err(e) = write_file(schema, &out.text) {
            return fail(e);
        }
        eprintln!("{schema_name}: written");
    } else {
        eprintln!("{schema_name}: unchanged");
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Generate {
            include,
            headers,
            context,
            output,
            name,
            protocol,
            family,
            strict,
        } => {
            // The short name goes into the schema, so every tool reads it the same way.
            let protocol = match protocol
                .as_deref()
                .map(|p| (p, netlink_schema::protocols::parse_protocol(p)))
            {
                None => None,
                Some((p, None)) => return fail(netlink_schema::protocols::unknown_protocol(p)),
                Some((p, Some(n))) => Some(
                    netlink_schema::protocols::protocol_name(n)
                        .map_or_else(|| p.trim().to_owned(), str::to_owned),
                ),
            };
            generate(
                Inputs {
                    headers,
                    context_headers: context,
                    include_dirs: include,
                    sets: Default::default(),
                },
                Identity {
                    name,
                    protocol,
                    family,
                },
                &output,
                strict,
            )
        }
        Command::Update {
            schema,
            include,
            check,
            strict,
        } => update(&schema, &include, check, strict),
        Command::Check {
            schemas,
            unannotated,
            strict,
        } => check(&schemas, unannotated, strict),
        Command::ImportYnl {
            spec,
            schema,
            check,
            overwrite,
            verbose,
        } => import_ynl(&spec, &schema, check, overwrite, verbose),
        Command::Decode {
            file,
            protocol,
            families,
            schemas,
            json,
        } => decode(mknetlinkdefs::decode::Options {
            file,
            protocol,
            families,
            schemas,
            json,
        }),
    }
}
