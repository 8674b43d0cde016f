//! `mknetlinkdefs decode` on inputs the tests write: plain hex, strace logs, pcap files, with
//! malformed pieces; text and JSON output. No kernel or root needed.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use mknetlinkdefs::decode::{self, Decoder, Item, SchemaSet};
use netlink_runtime::MessageBuilder;
use serde_json::Value as Json;

use netlink_runtime::schemas::rtnetlink::{
    IFA_ADDRESS, IFA_LABEL, IFA_LOCAL, RTA_DST, RTA_OIF, RTM_NEWADDR, RTM_NEWROUTE,
};

/// RTM_NEWADDR 10.9.8.7/24 on ifindex 1 (AF_INET).
fn newaddr() -> Vec<u8> {
    let mut b = MessageBuilder::new(RTM_NEWADDR, 0x605);
    b.push_header_bytes(&[2, 24, 0, 0, 1, 0, 0, 0]);
    b.attr(IFA_LOCAL, &[10, 9, 8, 7]);
    b.attr(IFA_ADDRESS, &[10, 9, 8, 7]);
    b.attr_str(IFA_LABEL, "lo");
    b.finish().unwrap()
}

/// RTM_NEWROUTE 2001:db8::/32 dev 3 (AF_INET6).
fn newroute6() -> Vec<u8> {
    let mut b = MessageBuilder::new(RTM_NEWROUTE, 0x605);
    b.push_header_bytes(&[10, 32, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0]);
    let mut dst = [0u8; 16];
    dst[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
    b.attr(RTA_DST, &dst);
    b.attr_u32(RTA_OIF, 3);
    b.finish().unwrap()
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `mknetlinkdefs decode ARGS` with `stdin`; returns exit code, stdout, stderr.
fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mknetlinkdefs"))
        .arg("decode")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A strace log row for bytes `chunk` at `offset`, as `strace -e write=all` prints it.
fn row(offset: usize, chunk: &[u8]) -> String {
    let mut h = String::new();
    for (i, b) in chunk.iter().enumerate() {
        h.push_str(&format!("{b:02x} "));
        if i == 7 {
            h.push(' ');
        }
    }
    let ascii: String = chunk
        .iter()
        .map(|&b| if b.is_ascii_graphic() { b as char } else { '.' })
        .collect();
    format!(" | {offset:05x}  {h:<49} {ascii:<16} |\n")
}

fn dump(bytes: &[u8]) -> String {
    bytes
        .chunks(16)
        .enumerate()
        .map(|(i, c)| row(i * 16, c))
        .collect()
}

#[test]
fn plain_hex_from_stdin() {
    let mut buf = newaddr();
    buf.extend(newroute6());
    let text = format!("# two messages\n{}\n", hex(&buf));
    let (code, out, err) = run(&["--protocol", "route"], text.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("RTM_NEWADDR (20) flags NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE"),
        "{out}"
    );
    assert!(out.contains("IFA_LOCAL: 10.9.8.7"), "{out}");
    assert!(out.contains("IFA_LABEL: \"lo\""), "{out}");
    assert!(out.contains("ifa_family: AF_INET (2)"), "{out}");
    assert!(out.contains("RTM_NEWROUTE (24)"), "{out}");
    assert!(out.contains("RTA_DST: 2001:db8::"), "{out}");
    assert!(out.contains("RTA_OIF: 3"), "{out}");
    // Without --protocol plain hex is taken as rtnetlink.
    let (code, out2, _) = run(&[], text.as_bytes());
    assert_eq!(code, 0);
    assert_eq!(out, out2);
}

#[test]
fn json_output_parses_back() {
    let text = hex(&newaddr());
    let (code, out, err) = run(&["--json", "--protocol", "route"], text.as_bytes());
    assert_eq!(code, 0, "{err}");
    let json: Json = serde_json::from_str(&out).unwrap();
    let m = &json[0]["messages"][0];
    assert_eq!(m["type"], "RTM_NEWADDR");
    assert_eq!(m["type_id"], 20);
    assert_eq!(json[0]["protocol"], "route");
    let body = m["body"].as_array().unwrap();
    assert_eq!(body[0]["name"], "ifaddrmsg");
    assert_eq!(body[0]["value"][1]["name"], "ifa_prefixlen");
    assert_eq!(body[0]["value"][1]["value"], 24);
    assert_eq!(body[1]["name"], "IFA_LOCAL");
    assert_eq!(body[1]["id"], 2);
    assert_eq!(body[1]["value"], "10.9.8.7");
    assert_eq!(body[3]["value"], "lo");
}

#[test]
fn strace_log_with_malformed_buffer_reports_line_and_offset() {
    let good = newaddr();
    // Two messages in one buffer; the second claims 300 bytes.
    let mut bad = newaddr();
    let second = bad.len();
    let mut lying = newroute6();
    lying[..4].copy_from_slice(&300u32.to_ne_bytes());
    bad.extend(&lying);
    let mut log = String::new();
    log.push_str("100 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 3\n");
    log.push_str(&format!(
        "100 sendmsg(3, {{msg_iov=[{{iov_base=..., iov_len={}}}]}}, 0) = {}\n * {} bytes in buffer 0\n",
        bad.len(),
        bad.len(),
        bad.len()
    ));
    log.push_str(&dump(&bad));
    let bad_line_of_second = 4 + second / 16;
    log.push_str(&format!(
        "100 sendto(3, [{{nlmsg_len={}}}], {}, 0, NULL, 0) = {}\n",
        good.len(),
        good.len(),
        good.len()
    ));
    log.push_str(&dump(&good));
    log.push_str("100 +++ exited with 0 +++\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trace.txt");
    std::fs::write(&file, &log).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mknetlinkdefs"))
        .args(["decode"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let expected = format!(
        "{}:{bad_line_of_second}: message at offset {second}: length 300 past the end of the buffer ({} bytes",
        file.display(),
        bad.len()
    );
    assert!(stderr.contains(&expected), "want {expected}\n{stderr}");
    // The good message before the bad one and the buffer after it still decode.
    assert_eq!(stdout.matches("IFA_LOCAL: 10.9.8.7").count(), 2, "{stdout}");
    assert!(stdout.contains(&format!("{}:", file.display())));
    assert!(
        stdout.contains("request route sendto fd 3 pid 100"),
        "{stdout}"
    );
}

#[test]
fn malformed_attribute_and_hex_report_and_continue() {
    let mut buf = newaddr();
    // An attribute whose length runs past the message: bump IFA_LABEL's nla_len.
    let label_at = 16 + 8 + 8 + 8;
    buf[label_at] = 60;
    buf.extend(newroute6());
    let text = format!("{}\nzz\n", hex(&buf));
    let (code, out, err) = run(&["--protocol", "route"], text.as_bytes());
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "<stdin>:1: message at offset 0: attribute at offset 40: length 60 past the end"
        ),
        "{err}"
    );
    assert!(
        err.contains("<stdin>:2: column 1: 'z' is not a hex digit"),
        "{err}"
    );
    assert!(out.contains("IFA_LOCAL: 10.9.8.7"));
    assert!(out.contains("RTA_DST: 2001:db8::"), "{out}");
    assert!(out.contains("!!"), "{out}");
}

/// pcap with link type 253 and the given (pkttype, protocol, bytes) packets.
fn pcap(packets: &[(u16, u16, Vec<u8>)], big_endian: bool) -> Vec<u8> {
    let u32b = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let u16b = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut f = Vec::new();
    f.extend_from_slice(&u32b(0xa1b2_c3d4));
    f.extend_from_slice(&u16b(2));
    f.extend_from_slice(&u16b(4));
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&u32b(262_144));
    f.extend_from_slice(&u32b(253));
    for (i, (pkttype, proto, bytes)) in packets.iter().enumerate() {
        let len = 16 + bytes.len() as u32;
        f.extend_from_slice(&u32b(1_700_000_000 + i as u32));
        f.extend_from_slice(&u32b(0));
        f.extend_from_slice(&u32b(len));
        f.extend_from_slice(&u32b(len));
        f.extend_from_slice(&pkttype.to_be_bytes());
        f.extend_from_slice(&824u16.to_be_bytes());
        f.extend_from_slice(&[0; 10]);
        f.extend_from_slice(&proto.to_be_bytes());
        f.extend_from_slice(bytes);
    }
    f
}

#[test]
fn pcap_written_by_the_test() {
    // nlctrl: the request, the reply naming the family, then a message to that family.
    let mut get = MessageBuilder::new_genl(16, 0x5, 3, 1);
    get.attr_str(2, "mptcp_pm");
    let mut new = MessageBuilder::new_genl(16, 0, 1, 2);
    new.attr_str(2, "mptcp_pm");
    new.attr_u16(1, 77);
    let mut add = MessageBuilder::new_genl(77, 0x5, 1, 1);
    let nest = add.begin_nest(1);
    add.attr_u16(1, 2);
    add.attr(3, &[10, 1, 1, 1]);
    add.end_nest(nest);
    for big in [false, true] {
        let file = pcap(
            &[
                (7, 16, get.as_bytes().unwrap().to_vec()),
                (6, 16, new.as_bytes().unwrap().to_vec()),
                (7, 16, add.as_bytes().unwrap().to_vec()),
                (6, 0, newaddr()),
            ],
            big,
        );
        let (code, out, err) = run(&["--json"], &file);
        assert_eq!(code, 0, "{err}");
        let json: Json = serde_json::from_str(&out).unwrap();
        let d = json.as_array().unwrap();
        assert_eq!(d.len(), 4);
        assert_eq!(d[0]["origin"]["packet"], 1);
        assert_eq!(d[0]["direction"], "request");
        assert_eq!(d[1]["direction"], "reply");
        assert_eq!(d[0]["protocol"], "generic");
        assert_eq!(d[0]["messages"][0]["command"], "CTRL_CMD_GETFAMILY");
        assert_eq!(d[1]["messages"][0]["body"][1]["value"], "mptcp_pm");
        let m = &d[2]["messages"][0];
        assert_eq!(m["type"], "mptcp_pm", "{m}");
        assert_eq!(m["command"], "MPTCP_PM_CMD_ADD_ADDR");
        assert_eq!(m["body"][1]["name"], "MPTCP_PM_ATTR_ADDR");
        assert_eq!(d[3]["protocol"], "route");
        assert_eq!(d[3]["messages"][0]["type"], "RTM_NEWADDR");
    }
    // A truncated file: the packets before the cut decode, the cut is reported.
    let mut file = pcap(&[(6, 0, newaddr()), (6, 0, newaddr())], false);
    file.truncate(file.len() - 10);
    let (code, out, err) = run(&[], &file);
    assert_eq!(code, 1);
    assert!(
        err.contains("<stdin>: packet 2: pcap: packet at file offset"),
        "{err}"
    );
    assert_eq!(out.matches("IFA_LOCAL: 10.9.8.7").count(), 1);
}

#[test]
fn family_flag_names_unresolved_ids() {
    let mut add = MessageBuilder::new_genl(33, 0x5, 1, 1);
    let nest = add.begin_nest(1);
    add.attr_u16(1, 2);
    add.end_nest(nest);
    let text = hex(add.as_bytes().unwrap());
    for args in [
        &["--protocol", "generic", "--family", "mptcp_pm=33"][..],
        &["--protocol", "generic", "--family", "mptcp_pm"][..],
    ] {
        let (code, out, err) = run(args, text.as_bytes());
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("mptcp_pm MPTCP_PM_CMD_ADD_ADDR (33)"), "{out}");
        assert!(out.contains("MPTCP_PM_ADDR_ATTR_FAMILY: 2"), "{out}");
    }
    let (code, out, _) = run(&["--protocol", "generic"], text.as_bytes());
    assert_eq!(code, 0);
    assert!(out.contains("genl family 33"), "{out}");
    let (code, _, err) = run(&["--family", "nosuch=3"], text.as_bytes());
    assert_eq!(code, 2);
    assert!(err.contains("no schema for family \"nosuch\""), "{err}");
}

#[test]
fn extra_schema_file_is_preferred() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("mine.toml");
    std::fs::write(
        &schema,
        r#"
[schema]
name = "mine"
protocol = "route"
[constants]
T_NEW = 100
[attribute-sets.t]
prefix = "T_"
[attribute-sets.t.attributes]
T_NAME = { id = 1, type = "string" }
T_PORT = { id = 2, type = "u16", byte-order = "big-endian" }
[messages.t]
types = ["T_NEW"]
attributes = "t"
"#,
    )
    .unwrap();
    let mut b = MessageBuilder::new(100, 0);
    b.attr_str(1, "x");
    b.attr_be16(2, 8080);
    let text = hex(&b.finish().unwrap());
    let (code, out, err) = run(
        &["--schema", schema.to_str().unwrap(), "--protocol", "route"],
        text.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("T_NEW (100)"), "{out}");
    assert!(out.contains("T_PORT: 8080"), "{out}");
}

#[test]
fn library_api() {
    let (set, warnings) = SchemaSet::bundled();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut d = Decoder::new(&set);
    let items = decode::read_input(hex(&newaddr()).as_bytes(), None);
    let Item::Datagram(dg) = &items[0] else {
        panic!("{items:?}")
    };
    let out = d.decode_bytes(&dg.bytes, Some(0), None);
    assert_eq!(out.messages[0].type_name.as_deref(), Some("RTM_NEWADDR"));
    assert!(Path::new(env!("CARGO_BIN_EXE_mknetlinkdefs")).exists());
}
