//! `import-ynl` on the families other schemas will be made of: tc (netlink-raw with
//! sub-messages), nftables and conntrack (nfnetlink: specs without name prefixes, headers that
//! predate them). Each schema is generated from this machine's headers into memory, the kernel's
//! spec (`../shared/ynl-specs`) imported, and the result validated, checked for what the spec
//! gives, imported again (no change) and cross-checked where spec and header are known to differ.

use std::path::{Path, PathBuf};

use mknetlinkdefs::schema_file::{self, Identity, Inputs};
use mknetlinkdefs::ynl::{self, Imported, Kind, Options};
use netlink_schema::{AttrType, Schema};

fn spec_text(name: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/ynl-specs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the kernel's YNL specs live in ../shared/ynl-specs)",
            path.display()
        )
    })
}

fn generate(name: &str, protocol: &str, headers: &[&str]) -> String {
    generate_in_context(name, protocol, &[], headers)
}

fn generate_in_context(name: &str, protocol: &str, context: &[&str], headers: &[&str]) -> String {
    let (doc, _) = schema_file::generate(
        &Inputs {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            include_dirs: Vec::new(),
            sets: Default::default(),
            context_headers: context.iter().map(|h| h.to_string()).collect(),
        },
        &Identity {
            name: Some(name.into()),
            protocol: Some(protocol.into()),
            family: None,
        },
    )
    .unwrap_or_else(|e| panic!("generate {name}: {e}"));
    doc.to_string()
}

fn import(spec: &str, schema: &str) -> Imported {
    let out = ynl::import(
        &spec_text(spec),
        spec,
        schema,
        "gen.toml",
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{spec}: {e}"));
    let s = Schema::parse(out.text.clone(), "gen.toml").expect("parses");
    let problems: Vec<String> = s.validate().iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{spec}: {problems:#?}");
    assert_eq!(
        out.stats.spec_typed_left, 0,
        "{spec}: spec-typed attributes left \"?\""
    );
    let again = ynl::import(
        &spec_text(spec),
        spec,
        &out.text,
        "gen.toml",
        &Options::default(),
    )
    .unwrap();
    assert!(!again.changed, "{spec}: a second import changed the schema");
    out
}

fn attr(out: &Imported, set: &str, name: &str) -> netlink_schema::Attribute {
    let s = Schema::parse(out.text.clone(), "gen.toml").unwrap();
    s.attribute_set(set)
        .and_then(|s| s.get(name))
        .unwrap_or_else(|| panic!("{set}.{name}"))
        .clone()
}

fn found(out: &Imported, kind: Kind, needle: &str) -> bool {
    out.findings
        .iter()
        .any(|f| f.kind == kind && f.located("spec", "gen.toml").to_string().contains(needle))
}

#[test]
fn tc() {
    let schema = generate(
        "tc",
        "route",
        &[
            "linux/rtnetlink.h",
            "linux/pkt_sched.h",
            "linux/pkt_cls.h",
            "linux/gen_stats.h",
        ],
    );
    let out = import("tc.yaml", &schema);
    let s = Schema::parse(out.text.clone(), "gen.toml").unwrap();
    // TCA_OPTIONS is chosen by TCA_KIND; qdiscs with a bare struct get a header-only format.
    let o = attr(&out, "tca", "TCA_OPTIONS");
    assert_eq!(o.ty, AttrType::SubMessage);
    assert_eq!(o.selector.as_deref(), Some("TCA_KIND"));
    let formats = &s.sub_messages[o.sub_message.as_deref().unwrap()]
        .get_ref()
        .formats;
    assert_eq!(formats["htb"].attributes.as_deref(), Some("tca_htb"));
    assert_eq!(formats["bfifo"].header.as_deref(), Some("tc_fifo_qopt"));
    assert_eq!(
        attr(&out, "tca_htb", "TCA_HTB_PARMS").c_struct.as_deref(),
        Some("tc_htb_opt")
    );
    assert_eq!(
        attr(&out, "tca_stats", "TCA_STATS_BASIC")
            .c_struct
            .as_deref(),
        Some("gnet_stats_basic")
    );
    // The qdisc operations, with tcmsg.
    let m = s.message("newqdisc").expect("messages.newqdisc");
    assert_eq!(m.header.as_deref(), Some("tcmsg"));
    assert_eq!(m.types, ["RTM_NEWQDISC"]);
    // tc-ratespec: the spec's overhead/cell-align/mpu are u8, the header's 16 bits wide.
    assert!(
        found(&out, Kind::StructLayout, "struct tc-ratespec"),
        "{:#?}",
        out.findings
    );
    // The actions' sets live in linux/tc_act/*.h, which this schema does not include.
    assert!(found(&out, Kind::Unmapped, "act-mirred-attrs"));
}

#[test]
fn conntrack() {
    let schema = generate(
        "conntrack",
        "netfilter",
        &[
            "linux/netfilter/nfnetlink.h",
            "linux/netfilter/nfnetlink_conntrack.h",
        ],
    );
    let out = import("conntrack.yaml", &schema);
    let s = Schema::parse(out.text.clone(), "gen.toml").unwrap();
    // Matched by suffix: the spec's tuple-ip-attrs.ip-v4-src is CTA_IP_V4_SRC.
    let a = attr(&out, "cta_ip", "CTA_IP_V4_SRC");
    assert_eq!(
        (a.ty, a.byte_order),
        (AttrType::U32, Some(netlink_schema::ByteOrder::BigEndian))
    );
    assert_eq!(
        attr(&out, "cta", "CTA_TUPLE_ORIG")
            .nested_attributes
            .as_deref(),
        Some("cta_tuple")
    );
    // ctattr_counters: the generator takes its prefix from CTA_COUNTERS_UNSPEC (the
    // CTA_COUNTERS32_* members share only CTA_), so the spec's names map onto it.
    assert_eq!(
        attr(&out, "cta_counters", "CTA_COUNTERS_PACKETS").ty,
        AttrType::U64
    );
    // Message types: (subsystem << 8) | IPCTNL_MSG_CT_*.
    let get = s.message("get").unwrap();
    assert_eq!(get.subsystem.as_deref(), Some("NFNL_SUBSYS_CTNETLINK"));
    assert_eq!(get.types, ["IPCTNL_MSG_CT_GET", "IPCTNL_MSG_CT_NEW"]);
    assert_eq!(get.header.as_deref(), Some("nfgenmsg"));
    // This conntrack.yaml numbers nat-attrs without the header's CTA_NAT_PROTO = 3.
    assert!(found(
        &out,
        Kind::IdMismatch,
        "CTA_NAT_V6_MINIP: the spec gives id 3, the schema 4"
    ));
}

#[test]
fn nftables() {
    // netlink.h as context: nfnetlink.h's NFNL_MSG_BATCH_BEGIN is its NLMSG_MIN_TYPE.
    let schema = generate_in_context(
        "nftables",
        "netfilter",
        &["linux/netlink.h"],
        &["linux/netfilter/nfnetlink.h", "linux/netfilter/nf_tables.h"],
    );
    let out = import("nftables.yaml", &schema);
    let s = Schema::parse(out.text.clone(), "gen.toml").unwrap();
    assert_eq!(
        attr(&out, "nfta_table", "NFTA_TABLE_NAME").ty,
        AttrType::String
    );
    let e = attr(&out, "nfta_expr", "NFTA_EXPR_DATA");
    assert_eq!(e.ty, AttrType::SubMessage);
    assert_eq!(e.selector.as_deref(), Some("NFTA_EXPR_NAME"));
    let newtable = s.message("newtable").unwrap();
    assert_eq!(newtable.subsystem.as_deref(), Some("NFNL_SUBSYS_NFTABLES"));
    assert_eq!(newtable.types, ["NFT_MSG_NEWTABLE"]);
    // The spec's table-attrs lacks NFTA_TABLE_PAD, so its userdata id is one short.
    assert!(found(
        &out,
        Kind::IdMismatch,
        "NFTA_TABLE_USERDATA: the spec gives id 5, the schema 6"
    ));
    // One C attribute, several spec sets: NFTA_LIST_ELEM nests a different set in each.
    assert!(found(&out, Kind::Conflict, "NFTA_LIST_ELEM"));
    // The reader's warnings name lines (an operation listing an attribute its set lacks).
    assert!(out
        .spec_warnings
        .iter()
        .any(|w| w.contains("attribute `name` is not in set rule-attrs")));
    // The batch messages are nfnetlink's, not the nf_tables messages of the same numbers
    // (NFT_MSG_GETGEN is 16 too).
    assert_eq!(
        s.message("batch-begin").unwrap().types,
        ["NFNL_MSG_BATCH_BEGIN"]
    );
    assert_eq!(
        s.message("batch-end").unwrap().types,
        ["NFNL_MSG_BATCH_END"]
    );
    // Formats chosen by an integer selector with an enum (NFTA_OBJ_DATA by NFTA_OBJ_TYPE)
    // are named by the enum's constants, as the derive matches them.
    let formats: Vec<&str> = s.sub_messages["obj-data"]
        .get_ref()
        .formats
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(formats, ["NFT_OBJECT_COUNTER", "NFT_OBJECT_QUOTA"]);
    // A format marked `differs-from-spec` is acknowledged, not a conflict.
    let spec_says = "flow_offload = { attributes = \"nfta_device\" }";
    assert!(out.text.contains(spec_says), "{}", out.text);
    let marked = out.text.replace(
        spec_says,
        "flow_offload = { attributes = \"nfta_flow\", differs-from-spec = [\"attributes\"] }",
    );
    let again = ynl::import(
        &spec_text("nftables.yaml"),
        "nftables.yaml",
        &marked,
        "gen.toml",
        &Options::default(),
    )
    .unwrap();
    assert!(found(&again, Kind::Acknowledged, "flow_offload"));
    assert!(!found(&again, Kind::Conflict, "flow_offload"));
}
