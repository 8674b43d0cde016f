//! `import-ynl`: annotations filled from the kernel's own YNL specs.
//!
//! The kernel describes many netlink families in YAML (`Documentation/netlink/specs/`): value
//! types, nests, sub-messages, byte order, display hints, enums and flags, operations with their
//! request and reply attributes, multicast groups. The headers give layouts and constants exact
//! to the compiler; the specs give value types. The importer takes the value types from the spec
//! and checks each against what the headers put in the schema (ids, struct layouts, enum values),
//! reporting every disagreement with the line of both sides.
//!
//! - [`yaml`] reads the YAML (with `saphyr`, see there why) into nodes that know their line;
//! - [`spec`] turns those into a typed spec, filling in implicit ids as the kernel's tools do;
//! - [`names`] maps spec names to the header's C names for each protocol flavour;
//! - [`import`](mod@import) writes the spec into a schema document, keeping what people wrote.
//!
//! [`parse_spec`] and [`import()`] are pure (text in, result out): the CLI does the file I/O, so a
//! fuzz target can call them directly.

pub mod import;
pub mod names;
pub mod spec;
pub mod yaml;

pub use import::{
    import, import_spec, parse_spec, Finding, ImportError, Imported, Kind, Options, Stats,
};
pub use spec::{Protocol, Spec};
