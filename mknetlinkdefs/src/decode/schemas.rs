//! The schemas `decode` works with: the bundled ones (compiled in, so the binary works anywhere)
//! and any given with `--schema`, which take precedence.

use std::path::Path;

use netlink_schema::Schema;

/// Schemas in order of preference: `--schema` files first, then the bundled ones.
#[derive(Debug, Default)]
pub struct SchemaSet {
    /// The schemas, preferred first.
    pub schemas: Vec<Schema>,
}

impl SchemaSet {
    /// The bundled schemas. One that does not parse is left out, with a warning (the others
    /// still decode their protocols).
    pub fn bundled() -> (SchemaSet, Vec<String>) {
        let mut schemas = Vec::new();
        let mut warnings = Vec::new();
        // `example` is a test fixture, not a kernel protocol.
        for b in netlink_schemas::ALL.iter().filter(|b| b.kernel) {
            match Schema::parse(b.text.to_owned(), b.file) {
                Ok(s) => schemas.push(s),
                Err(e) => warnings.push(format!("bundled schema left out: {e}")),
            }
        }
        (SchemaSet { schemas }, warnings)
    }

    /// No schemas at all (headers and hex only).
    pub fn empty() -> SchemaSet {
        SchemaSet::default()
    }

    /// Adds a schema file, preferred over those already in the set. A schema the validator
    /// finds problems in is refused (the problems are the error, one per line): decoding trusts
    /// its layouts.
    pub fn add_file(&mut self, path: &Path) -> Result<(), String> {
        let s = Schema::load(path).map_err(|e| e.to_string())?;
        let problems = s.validate();
        if !problems.is_empty() {
            let lines: Vec<String> = problems.iter().map(|p| format!("\n  {p}")).collect();
            return Err(format!(
                "{}: schema not used: `mknetlinkdefs check` finds {} problems in it:{}",
                path.display(),
                problems.len(),
                lines.concat()
            ));
        }
        self.schemas.insert(0, s);
        Ok(())
    }

    /// Adds a parsed schema, preferred over those already in the set.
    pub fn add(&mut self, schema: Schema) {
        self.schemas.insert(0, schema);
    }

    /// Schemas of a protocol (by its `[schema] protocol` name).
    pub fn for_protocol<'a>(&'a self, proto: &'a str) -> impl Iterator<Item = &'a Schema> + 'a {
        self.schemas.iter().filter(move |s| {
            s.schema
                .protocol
                .as_deref()
                .and_then(super::names::parse_protocol)
                == super::names::parse_protocol(proto)
        })
    }

    /// The schema of a generic netlink family, by name.
    pub fn for_family(&self, family: &str) -> Option<&Schema> {
        self.schemas
            .iter()
            .find(|s| s.schema.family.as_deref() == Some(family))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_parse() {
        let (set, warnings) = SchemaSet::bundled();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(set.for_protocol("route").count(), 2); // rtnetlink, tc
        assert!(set.for_family("nlctrl").is_some());
    }
}
