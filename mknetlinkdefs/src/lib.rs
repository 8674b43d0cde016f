//! `mknetlinkdefs`: Linux uapi headers in, netlink schema files out.
//!
//! - [`c`] reads C headers (preprocessor, constant expressions, declarations, layout) with `nom`;
//! - [`generated`] arranges what they define as schema items;
//! - [`merge`] writes those items into a TOML document, keeping people's annotations;
//! - [`schema_file`] ties them into the `generate` and `update` operations the CLI offers;
//! - [`ynl`] imports the kernel's YNL specs into a schema (`import-ynl`).

pub mod c;
pub mod decode;
pub mod generated;
pub mod merge;
pub mod schema_file;
pub mod ynl;
