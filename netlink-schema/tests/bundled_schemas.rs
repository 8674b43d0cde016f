//! Checks of the schemas checked in under `schemas/`: they load, validate, carry the message
//! definitions the high-level API relies on, and every attribute that API reads or writes has a
//! value type (is not `type = "?"`).

use netlink_schema::{AttrType, Schema};

fn load(name: &str) -> Schema {
    let path = format!("{}/../schemas/{name}", env!("CARGO_MANIFEST_DIR"));
    Schema::load(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rtnetlink() -> Schema {
    load("rtnetlink.toml")
}

fn genetlink() -> Schema {
    load("genetlink.toml")
}

/// `validate()` must find nothing. (The `unions.anon__anon3` / `in6_addr` diagnostic that once
/// needed filtering here is gone since the schema includes `linux/in6.h`; no filter remains.)
fn assert_valid(schema: &Schema, name: &str) {
    let problems: Vec<String> = schema
        .validate()
        .into_iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        problems.is_empty(),
        "{name}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn bundled_schemas_validate() {
    assert_valid(&rtnetlink(), "rtnetlink.toml");
    assert_valid(&genetlink(), "genetlink.toml");
}

/// Every attribute of `sets`, plus the named `attrs` (`set`, `attribute`), must be annotated.
fn assert_annotated(schema: &Schema, sets: &[&str], attrs: &[(&str, &str)]) {
    let mut missing = Vec::new();
    for set_name in sets {
        let set = schema
            .attribute_set(set_name)
            .unwrap_or_else(|| panic!("attribute set `{set_name}` is missing"));
        assert!(
            !set.attributes.is_empty(),
            "attribute set `{set_name}` is empty"
        );
        for (name, attr) in &set.attributes {
            if attr.get_ref().ty == AttrType::Unannotated {
                missing.push(format!("{set_name}.{name}"));
            }
        }
    }
    for (set_name, name) in attrs {
        if sets.contains(set_name) {
            continue; // already checked as a whole
        }
        let set = schema
            .attribute_set(set_name)
            .unwrap_or_else(|| panic!("attribute set `{set_name}` is missing"));
        match set.get(name) {
            None => missing.push(format!("{set_name}.{name} (no such attribute)")),
            Some(a) if a.ty == AttrType::Unannotated => missing.push(format!("{set_name}.{name}")),
            Some(_) => {}
        }
    }
    missing.dedup();
    assert!(
        missing.is_empty(),
        "unannotated (type = \"?\"):\n{}",
        missing.join("\n")
    );
}

#[test]
fn rtnetlink_attributes_the_api_uses_are_annotated() {
    let ifla = [
        "IFLA_IFNAME",
        "IFLA_MTU",
        "IFLA_LINK",
        "IFLA_MASTER",
        "IFLA_OPERSTATE",
        "IFLA_ADDRESS",
        "IFLA_BROADCAST",
        "IFLA_TXQLEN",
        "IFLA_LINKINFO",
        "IFLA_AF_SPEC",
        "IFLA_STATS64",
        "IFLA_PROP_LIST",
        "IFLA_ALT_IFNAME",
        "IFLA_GROUP",
        "IFLA_CARRIER",
        "IFLA_LINKMODE",
    ];
    let attrs: Vec<(&str, &str)> = ifla.iter().map(|a| ("ifla", *a)).collect();
    assert_annotated(
        &rtnetlink(),
        &[
            "rta",
            "rtax",
            "ifa",
            "nda",
            "fra",
            "nha",
            "ifla_info",
            // Whole sets reached from the ones above (nests, sub-messages) and the link kinds
            // the tests create.
            "ifla",
            "ifla_inet",
            "ifla_inet6",
            "ifla_xdp",
            "af_spec",
            "veth_info",
            "ifla_br",
            "ifla_brport",
            "ifla_vxlan",
            "ifla_macvlan",
            "ifla_vlan",
            "ifla_vlan_qos",
            "ifla_stats",
            "nha_res_group",
            "nha_res_bucket",
            "lwtunnel_ip",
            "lwtunnel_ip6",
            "ndta",
            "ndtpa",
            "nfea",
            "prefix",
        ],
        &attrs,
    );
}

#[test]
fn netlink_attributes_are_annotated() {
    let nl = load("netlink.toml");
    assert_valid(&nl, "netlink.toml");
    assert_annotated(&nl, &["nlmsgerr_attr", "nl_policy_type_attr"], &[]);
}

#[test]
fn genetlink_attributes_are_annotated() {
    assert_annotated(
        &genetlink(),
        &[
            "ctrl_attr",
            "ctrl_attr_op",
            "ctrl_attr_mcast_grp",
            "ctrl_attr_policy",
            "nl_policy_type_attr",
        ],
        &[],
    );
}

/// Every message names existing type constants, header struct and attribute set.
fn assert_messages_resolve(schema: &Schema, name: &str) {
    assert!(!schema.messages.is_empty(), "{name}: no [messages]");
    for (msg_name, msg) in &schema.messages {
        let m = msg.get_ref();
        assert!(
            !m.types.is_empty() || !m.commands.is_empty(),
            "{name}: messages.{msg_name} has neither types nor commands"
        );
        for t in m.types.iter().chain(&m.commands) {
            assert!(
                schema.constant(t).is_some(),
                "{name}: messages.{msg_name}: `{t}` is not a constant"
            );
        }
        if let Some(h) = &m.header {
            assert!(
                schema.record(h).is_some(),
                "{name}: messages.{msg_name}: header `{h}` is not a struct"
            );
        }
        let set = m
            .attributes
            .as_deref()
            .unwrap_or_else(|| panic!("{name}: messages.{msg_name} has no attribute set"));
        assert!(
            schema.attribute_set(set).is_some(),
            "{name}: messages.{msg_name}: attribute set `{set}` does not exist"
        );
    }
}

#[test]
fn messages_reference_existing_headers_and_sets() {
    let rt = rtnetlink();
    assert_messages_resolve(&rt, "rtnetlink.toml");
    for (msg, header, set, ty) in [
        ("link", "ifinfomsg", "ifla", "RTM_NEWLINK"),
        ("addr", "ifaddrmsg", "ifa", "RTM_NEWADDR"),
        ("route", "rtmsg", "rta", "RTM_NEWROUTE"),
        ("neigh", "ndmsg", "nda", "RTM_NEWNEIGH"),
        ("rule", "fib_rule_hdr", "fra", "RTM_NEWRULE"),
        ("nexthop", "nhmsg", "nha", "RTM_NEWNEXTHOP"),
        ("neightbl", "ndtmsg", "ndta", "RTM_NEWNEIGHTBL"),
    ] {
        let m = rt
            .message(msg)
            .unwrap_or_else(|| panic!("messages.{msg} is missing"));
        assert_eq!(m.header.as_deref(), Some(header), "messages.{msg}");
        assert_eq!(m.attributes.as_deref(), Some(set), "messages.{msg}");
        assert!(m.types.iter().any(|t| t == ty), "messages.{msg} lacks {ty}");
    }

    let genl = genetlink();
    assert_messages_resolve(&genl, "genetlink.toml");
    let family = genl.message("family").expect("messages.family");
    assert_eq!(
        family.header, None,
        "genetlink messages have no fixed header besides genlmsghdr"
    );
    assert_eq!(family.attributes.as_deref(), Some("ctrl_attr"));
    assert!(family.commands.iter().any(|c| c == "CTRL_CMD_GETFAMILY"));
    let policy = genl.message("policy").expect("messages.policy");
    assert_eq!(policy.commands, ["CTRL_CMD_GETPOLICY"]);
}

/// Sub-messages selected by an integer attribute name their formats by constant.
#[test]
fn integer_selected_sub_message_formats_are_constants() {
    let rt = rtnetlink();
    let encap = rt
        .sub_messages
        .get("rta-encap")
        .expect("sub-messages.rta-encap")
        .get_ref();
    for key in encap.formats.keys() {
        assert!(
            rt.constant(key).is_some(),
            "sub-messages.rta-encap: `{key}` is not a constant"
        );
    }
    for fmt in ["LWTUNNEL_ENCAP_IP", "LWTUNNEL_ENCAP_IP6"] {
        assert!(
            encap.formats.contains_key(fmt),
            "sub-messages.rta-encap lacks {fmt}"
        );
    }
    let data = rt
        .sub_messages
        .get("linkinfo-data")
        .expect("sub-messages.linkinfo-data")
        .get_ref();
    for kind in ["veth", "bridge", "vlan", "vxlan", "macvlan"] {
        assert!(
            data.formats.contains_key(kind),
            "sub-messages.linkinfo-data lacks {kind}"
        );
    }
}

/// The shapes the high-level API depends on.
#[test]
fn key_annotations() {
    let rt = rtnetlink();
    let attr = |set: &str, name: &str| {
        rt.attribute_set(set)
            .and_then(|s| s.get(name))
            .unwrap_or_else(|| panic!("{set}.{name} is missing"))
            .clone()
    };

    let mp = attr("rta", "RTA_MULTIPATH");
    assert_eq!(mp.ty, AttrType::Binary);
    assert_eq!(mp.c_struct.as_deref(), Some("rtnexthop"));
    assert_eq!(mp.length_field.as_deref(), Some("rtnh_len"));
    assert_eq!(mp.nested_attributes.as_deref(), Some("rta"));

    let encap = attr("rta", "RTA_ENCAP");
    assert_eq!(encap.ty, AttrType::SubMessage);
    assert_eq!(encap.sub_message.as_deref(), Some("rta-encap"));
    assert_eq!(encap.selector.as_deref(), Some("RTA_ENCAP_TYPE"));

    let metrics = attr("rta", "RTA_METRICS");
    assert_eq!(
        (metrics.ty, metrics.nested_attributes.as_deref()),
        (AttrType::Nest, Some("rtax"))
    );

    for (set, name, st) in [
        ("ifla", "IFLA_STATS64", "rtnl_link_stats64"),
        ("ifla", "IFLA_STATS", "rtnl_link_stats"),
        ("ifla", "IFLA_MAP", "rtnl_link_ifmap"),
        ("ifa", "IFA_CACHEINFO", "ifa_cacheinfo"),
        ("rta", "RTA_CACHEINFO", "rta_cacheinfo"),
        ("rta", "RTA_VIA", "rtvia"),
        ("nda", "NDA_CACHEINFO", "nda_cacheinfo"),
        ("fra", "FRA_UID_RANGE", "fib_rule_uid_range"),
        ("fra", "FRA_SPORT_RANGE", "fib_rule_port_range"),
        ("nha", "NHA_GROUP", "nexthop_grp"),
    ] {
        let a = attr(set, name);
        assert_eq!(a.ty, AttrType::Binary, "{set}.{name}");
        assert_eq!(a.c_struct.as_deref(), Some(st), "{set}.{name}");
    }

    let data = attr("ifla_info", "IFLA_INFO_DATA");
    assert_eq!(data.ty, AttrType::SubMessage);
    assert_eq!(data.sub_message.as_deref(), Some("linkinfo-data"));
    assert_eq!(data.selector.as_deref(), Some("IFLA_INFO_KIND"));

    let alt = attr("ifla", "IFLA_ALT_IFNAME");
    assert!(
        alt.ty == AttrType::String && alt.multi_attr,
        "IFLA_ALT_IFNAME: {alt:?}"
    );

    let genl = genetlink();
    let ops = genl
        .attribute_set("ctrl_attr")
        .and_then(|s| s.get("CTRL_ATTR_OPS"))
        .expect("CTRL_ATTR_OPS");
    assert_eq!(ops.ty, AttrType::IndexedArray);
    assert_eq!(ops.sub_type, Some(AttrType::Nest));
    assert_eq!(ops.nested_attributes.as_deref(), Some("ctrl_attr_op"));
}
