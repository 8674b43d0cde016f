//! The schema model shared by `mknetlinkdefs`, `netlink-derive` and `netlink-runtime`.
//!
//! A schema file is TOML. Its fixed part is generated from the kernel's uapi headers by
//! `mknetlinkdefs generate` (`[constants]`, `[enums.*]`, `[structs.*]`, `[unions.*]` and the
//! skeleton of `[attribute-sets.*]`); people then annotate attribute value types and write the
//! `[messages.*]` and `[sub-messages.*]` tables. This crate holds the serde types for that file
//! ([`Schema`]), loading with errors that name `file:line` ([`Schema::load`]) and a validator
//! ([`Schema::validate`]). It is the one place the format is defined.
//!
//! ```toml
//! [schema]
//! name = "rtnetlink"
//! protocol = "route"
//! headers = ["linux/rtnetlink.h"]
//!
//! [constants]
//! RTM_NEWROUTE = 24
//! RTA_DST = 1
//!
//! [structs.rtmsg]
//! size = 12
//! align = 4
//! fields = [
//!   { name = "rtm_family", type = "u8", offset = 0 },
//!   { name = "rtm_flags", type = "u32", offset = 8 },
//! ]
//!
//! [attribute-sets.rta]
//! prefix = "RTA_"
//! enum = "rtattr_type_t"
//! [attribute-sets.rta.attributes]
//! RTA_DST = { id = 1, type = "binary", display-hint = "ip" }
//! RTA_OIF = { id = 4, type = "?" }   # "?" marks an attribute nobody has annotated yet
//!
//! [messages.route]
//! types = ["RTM_NEWROUTE", "RTM_DELROUTE", "RTM_GETROUTE"]
//! header = "rtmsg"
//! attributes = "rta"
//! ```

mod load;
mod model;
mod names;
pub mod protocols;
mod suggest;
mod validate;

pub use load::{line_col, read_schema_text, LoadError, Source, MAX_SCHEMA_BYTES};
pub use model::*;
pub use names::common_prefix;
pub use suggest::did_you_mean;
pub use validate::{Diagnostic, MAX_OBJECT_SIZE};
