//! Errors found while reading the user's code and the schema, collected so one compile reports
//! all of them, each with the span of what the user wrote.

use proc_macro2::Span;

/// Collects errors so one compile reports all of them.
#[derive(Default)]
pub struct Errors(Vec<syn::Error>);

impl Errors {
    pub fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        self.0.push(syn::Error::new(span, message));
    }
    pub fn add(&mut self, e: syn::Error) {
        self.0.push(e);
    }
    /// All errors as one `syn::Error`, when the caller knows at least one was reported (with a
    /// plain message at `span` otherwise, so no path can end without an error).
    pub fn fail(self, span: Span) -> syn::Error {
        match self.finish() {
            Err(e) => e,
            Ok(()) => syn::Error::new(span, "netlink-derive: this item cannot be derived"),
        }
    }
    /// All errors as one `syn::Error`, or `Ok` when there are none.
    pub fn finish(self) -> syn::Result<()> {
        let mut iter = self.0.into_iter();
        match iter.next() {
            None => Ok(()),
            Some(mut first) => {
                for e in iter {
                    first.combine(e);
                }
                Err(first)
            }
        }
    }
}
