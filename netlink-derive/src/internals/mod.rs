//! Reading the user's code and the schema: what each field, variant or schema item is and what
//! it maps to, every problem collected with a span on the user's code. Nothing here produces
//! tokens; [`crate::emit`] turns the plans into Rust.
//!
//! - [`attr`]: the `#[netlink(...)]` options; [`ctxt`]: the error collector;
//! - [`rust_type`]: what a field's Rust type says (optional, repeated, lazy, raw);
//! - [`wire`]: the schema's value types as the runtime's wire markers;
//! - [`plan`]: a struct checked against a message or attribute set;
//! - [`sub_message`]: an enum checked against a sub-message;
//! - [`items`]: what `schema!` makes of each constant, enum and record.

pub mod attr;
pub mod ctxt;
pub mod items;
pub mod plan;
pub mod rust_type;
pub mod sub_message;
pub mod wire;
