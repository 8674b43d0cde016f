//! Derive macros that turn a user's struct into a lazy netlink parser and a builder, reading the
//! attribute names, ids, value types and fixed-header layouts from a schema file at compile time.
//!
//! ```ignore
//! use netlink_runtime::codec::FromMessage;
//!
//! #[derive(netlink_derive::Netlink)]
//! #[netlink(schema = "rtnetlink", message = "route")]
//! struct Route<'a> {
//!     #[netlink(header = "rtm_dst_len")]
//!     dst_len: u8,
//!     dst: Option<std::net::IpAddr>, // RTA_DST: the set's prefix + the field name
//!     oif: Option<u32>,              // RTA_OIF
//!     #[netlink(attr = "RTA_TABLE")]
//!     table: Option<u32>,
//!     #[netlink(rest)]
//!     others: Vec<netlink_runtime::Attr<'a>>,
//! }
//! ```
//!
//! - `schema = "NAME"` names a schema bundled with the project (`rtnetlink`, `genetlink`);
//!   `schema = "path/x.toml"` a file relative to the crate's `Cargo.toml` (the crate rebuilds when
//!   it changes). Each schema is parsed once per compiler process.
//! - `message = "route"` derives `FromMessage` + `ToMessage` for a `[messages]` entry (fixed
//!   header plus attributes); `attributes = "rtax"` derives `FromAttrs` + `ToAttrs` for a nest.
//! - Fields: `#[netlink(header = "member")]` for the fixed header (an integer or C enum; an
//!   array as `[T; N]`; a struct member as the type `schema!` generates for it, so a request
//!   header is filled field by field; a member with `display-hint` as `Ipv4Addr`, `Ipv6Addr`,
//!   `IpAddr` (by its `family` member) or `MacAddr`); attributes by the field name
//!   (upper-cased, after the set's prefix, or `prefix = "..."` on the struct), `attr = "RTA_X"`
//!   or `rename = "X"`; `Option<T>` optional, plain `T` required, `Vec<T>` repeated (or the
//!   elements of an `indexed-array`), `bool` for flags, `Lazy<'a, T>` decoded on first access,
//!   `&'a [u8]` / `Vec<u8>` / `Attr<'a>` the raw payload whatever its type, `#[netlink(rest)]
//!   Vec<Attr<'a>>` every attribute no field names, `#[netlink(skip)]` not on the wire.
//! - `schema!("rtnetlink")` expands a schema's constants (`[user-constants]` too), enums and
//!   structs in place. A struct gets typed fields with the C layout (`repr(C)`); with address
//!   members (`display-hint`), typed fields read and written member by member (`IpAddr`...);
//!   with bitfields, unions or layouts plain fields cannot reproduce, its bytes and a getter
//!   and `set_` method per member (bitfields, arrays and addresses included).
//! - A field whose type the compiler must check (a struct, nest, record list, C enum or
//!   sub-message of the user's or `schema!`'s) is checked against the name the annotation gives:
//!   `struct = "tstats"` takes only `schema!`'s `tstats`, `nested-attributes = "inner"` only a
//!   struct derived for `inner`. A derive that fails still emits its trait impls (with bodies
//!   that never run), so code using them reports nothing past the real error; a broken schema
//!   is reported once per compile, at its first use.
//!
//! The generated parser walks the attributes once; an attribute no field names is skipped by
//! its length, never decoded; nests are entered only for fields that ask for them.

mod emit;
mod internals;
mod schemas;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives a lazy parser and a builder for a struct from a schema. See the crate docs.
#[proc_macro_derive(Netlink, attributes(netlink))]
pub fn derive_netlink(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match derive(&input) {
        Ok(tokens) => tokens.into(),
        // The errors, then impls that stand in for the missing ones.
        Err(internals::plan::Failure { error, stub }) => {
            let mut out = error
                .map(syn::Error::into_compile_error)
                .unwrap_or_default();
            out.extend(stub.as_ref().map(emit::stub));
            out.into()
        }
    }
}

/// Expands a schema (bundled name or `.toml` path) into its items: typed constants, Rust enums
/// for the C enums (with an `Unknown` variant for values the schema does not know) and
/// `#[repr(C)]` structs with the compiler's layout implementing `netlink_runtime::codec::Record`.
///
/// `schema!("NAME", serde)` also implements `serde::Serialize` for every struct (a map of its
/// members, addresses as text), enum (its member's name, or the number of a value the schema
/// does not name) and flag set (the names of its bits); `serde = "FEATURE"` puts those impls
/// behind `#[cfg(feature = "FEATURE")]` of the calling crate. The calling crate depends on
/// `serde`.
#[proc_macro]
pub fn schema(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as internals::items::SchemaArgs);
    expand_schema(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Plan, then emit: a struct is checked against a message or attribute set, an enum against a
/// sub-message.
fn derive(input: &DeriveInput) -> Result<proc_macro2::TokenStream, internals::plan::Failure<'_>> {
    match &input.data {
        syn::Data::Enum(data) => {
            internals::sub_message::plan(input, data).map(|p| emit::sub_message::derive_enum(&p))
        }
        _ => internals::plan::plan(input).map(|p| emit::derive_struct(&p)),
    }
}

fn expand_schema(args: &internals::items::SchemaArgs) -> syn::Result<proc_macro2::TokenStream> {
    let input = &args.name;
    let site = format!("{:?}", input.span());
    let loaded = match schemas::load_reporting_once(&input.value(), input.span(), &site) {
        Ok(l) => l,
        Err(Some(e)) => return Err(e),
        // Reported where the schema was first used.
        Err(None) => return Ok(proc_macro2::TokenStream::new()),
    };
    let mut plan = internals::items::plan(&loaded.schema, loaded.file.clone());
    plan.serde = args.serde.clone();
    Ok(emit::items::items(&plan))
}

/// Golden tests: the expansion of a few representative structs, pretty-printed, must equal the
/// files in `tests/golden/` (so the generated code stays small and readable; review diffs there).
/// After a deliberate change: `UPDATE_GOLDEN=1 cargo test -p netlink-derive golden`.
#[cfg(test)]
mod golden {
    fn check(name: &str, input: &str) {
        let input: syn::DeriveInput = syn::parse_str(input).expect("test input parses");
        let tokens = match crate::derive(&input) {
            Ok(t) => t,
            Err(f) => panic!("does not expand: {:?}", f.error),
        };
        compare(name, tokens);
    }

    fn compare(name: &str, tokens: proc_macro2::TokenStream) {
        let file: syn::File = syn::parse2(tokens).expect("expansion is valid Rust");
        let pretty = prettyplease::unparse(&file);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/golden/{name}.rs"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &pretty).expect("writes golden file");
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            expected == pretty,
            "expansion of {name} differs from {}; rerun with UPDATE_GOLDEN=1 and review the diff:\n{pretty}",
            path.display()
        );
    }

    #[test]
    fn route_like_message() {
        check(
            "message",
            r#"
            #[netlink(schema = "example", message = "t")]
            struct Route<'a> {
                #[netlink(header = "t_family")]
                family: u8,
                ip: Option<std::net::IpAddr>,
                u32: u32,
                str: Option<&'a str>,
            }
            "#,
        );
    }

    #[test]
    fn nest_with_lazy_repeated_and_rest() {
        check(
            "nest",
            r#"
            #[netlink(schema = "example", attributes = "inner")]
            struct Inner<'a> {
                a: Vec<u32>,
                c: Option<Lazy<'a, Inner<'a>>>,
                #[netlink(rest)]
                rest: Vec<Attr<'a>>,
            }
            "#,
        );
    }

    /// Every field form at once: header members (integer, C enum), required and optional
    /// attributes, flags, lazy values, records, record lists, indexed arrays, sub-messages.
    #[test]
    fn every_field_form() {
        check(
            "every_field_form",
            r#"
            #[netlink(schema = "example", message = "t")]
            struct All<'a> {
                #[netlink(header = "t_family")]
                family: u8,
                #[netlink(header = "t_port")]
                port: u16,
                #[netlink(header = "t_index")]
                index: t::Color,
                u32: u32,
                be16: Option<u16>,
                bes32: Option<i32>,
                flag: bool,
                stats: Option<t::tstats>,
                color: Option<t::Color>,
                nest: Option<Lazy<'a, Inner>>,
                list: Vec<Inner>,
                multi: Vec<u32>,
                hops: Vec<Hop>,
                u32s: Vec<u32>,
                kind: Option<&'a str>,
                data: Option<Data<'a>>,
                #[netlink(skip)]
                skipped: u8,
            }
            "#,
        );
    }

    /// `schema!("example")`: constants, C enums, typed and byte-kept structs.
    #[test]
    fn schema_items() {
        let args: crate::internals::items::SchemaArgs =
            syn::parse_str(r#""example""#).expect("parses");
        let tokens = crate::expand_schema(&args).expect("expands");
        compare("schema_items", tokens);
    }

    /// An integer selector in network order (`T_PROTO`, big-endian): read with
    /// `selector_int_be`, written with `to_be_bytes`.
    #[test]
    fn sub_message_big_endian_selector() {
        check(
            "sub_message_be",
            r#"
            #[netlink(schema = "example", sub_message = "t-proto")]
            enum ProtoData {
                #[netlink(format = "TP_IPV4")]
                V4(Inner),
                #[netlink(format = "TP_IPV6")]
                V6(t::tstats),
            }
            "#,
        );
    }

    /// `schema!("example", serde = "serde")`: the same items and their `Serialize` impls behind
    /// the caller's feature.
    #[test]
    fn schema_items_serde() {
        let args: crate::internals::items::SchemaArgs =
            syn::parse_str(r#""example", serde = "serde""#).expect("parses");
        let plain = crate::expand_schema(&syn::parse_str(r#""example""#).unwrap()).unwrap();
        let tokens = crate::expand_schema(&args).expect("expands");
        let text = tokens.to_string();
        assert!(
            text.starts_with(&plain.to_string()),
            "the plain items come first, unchanged"
        );
        let extra = &text[plain.to_string().len()..];
        assert!(extra.contains("# [cfg (feature = \"serde\")]"), "{extra}");
        assert!(
            extra.contains("impl :: serde :: Serialize for Color"),
            "{extra}"
        );
        assert!(
            extra.contains("impl :: serde :: Serialize for tmsg"),
            "{extra}"
        );
    }

    #[test]
    fn sub_message_enum() {
        check(
            "sub_message",
            r#"
            #[netlink(schema = "example", sub_message = "t-data")]
            enum Data<'a> {
                #[netlink(format = "a")]
                A(Inner),
                Other(&'a [u8]),
            }
            "#,
        );
    }
}
