//! Printing decoded traffic: an indented text tree, or JSON (`--json`).
//!
//! Text:
//!
//! ```text
//! trace.txt:40: request route sendmsg fd 3 pid 16695 (40 bytes)
//!   RTM_NEWADDR (20) flags NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE seq 1795446058 port 0 len 40
//!     ifaddrmsg [struct]:
//!       ifa_family: AF_INET (2)
//!       ifa_prefixlen: 24
//!     IFA_LOCAL: 10.9.8.7
//! ```
//!
//! JSON: an array with one object per buffer (`origin`, `direction`, `protocol`, `pid`, `fd`,
//! `syscall`, `bytes`, `messages`, `errors`) or per input problem (`origin`, `error`). A message
//! is `{offset, len, type, type_id, command?, flags, flag_names, seq, port, body}`; `body` is a
//! list of nodes `{name, id?, offset?, note?, value}` where `value` is a number, a string, hex
//! bytes (`"hex": "0a00..."`), `{"value": n, "name": "..."}`, a list of nodes, or
//! `{"error": "...", "hex": "..."}`.

use std::io::{self, Write};

use serde_json::{json, Map, Value as Json};

use super::names;
use super::tree::{DecodedDatagram, DecodedMessage, Node, Value};
use super::{Datagram, Origin, Problem};

/// `FILE:LINE: message`, `FILE: packet N: message` or `FILE: message`.
pub fn locate(file: &str, p: &Problem) -> String {
    match &p.origin {
        Some(Origin::Line(l)) => format!("{file}:{l}: {}", p.message),
        Some(Origin::Packet(n)) => format!("{file}: packet {n}: {}", p.message),
        None => format!("{file}: {}", p.message),
    }
}

fn origin_text(file: &str, o: &Option<Origin>) -> String {
    match o {
        Some(Origin::Line(l)) => format!("{file}:{l}"),
        Some(Origin::Packet(n)) => format!("{file}: packet {n}"),
        None => file.to_owned(),
    }
}

fn protocol_text(p: Option<u32>) -> String {
    match p {
        Some(p) => names::protocol_name(p).map_or(format!("protocol {p}"), str::to_owned),
        None => "protocol ?".to_owned(),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Hex in groups of 4 bytes, for reading.
fn hex_spaced(b: &[u8]) -> String {
    b.chunks(4).map(hex).collect::<Vec<_>>().join(" ")
}

/// The header line of a message.
fn message_line(m: &DecodedMessage) -> String {
    let name = match (&m.type_name, &m.command) {
        (Some(t), Some(c)) => format!("{t} {c}"),
        (Some(t), None) => t.clone(),
        (None, _) => format!("type {:#x}", m.kind),
    };
    let flags = if m.flag_names.is_empty() {
        "0".to_owned()
    } else {
        m.flag_names.join("|")
    };
    format!(
        "{name} ({}) flags {flags} seq {} port {} len {}",
        m.kind, m.seq, m.port, m.len
    )
}

/// Writes one buffer as text.
pub fn text_datagram(
    out: &mut dyn Write,
    file: &str,
    d: &Datagram,
    decoded: &DecodedDatagram,
) -> io::Result<()> {
    let mut head = origin_text(file, &d.origin);
    head.push_str(": ");
    head.push_str(d.direction.map_or("buffer", |x| x.name()));
    head.push(' ');
    head.push_str(&protocol_text(d.protocol));
    if let Some(s) = &d.syscall {
        head.push_str(&format!(" {s}"));
    }
    if let Some(fd) = d.fd {
        head.push_str(&format!(" fd {fd}"));
    }
    if let Some(pid) = d.pid {
        head.push_str(&format!(" pid {pid}"));
    }
    writeln!(out, "{head} ({} bytes)", d.bytes.len())?;
    for m in &decoded.messages {
        writeln!(out, "  {}", message_line(m))?;
        for n in &m.body {
            node_text(out, n, 4)?;
        }
    }
    if let Some((off, len)) = decoded.zero_padding {
        writeln!(
            out,
            "  ({len} zero bytes after the last message, at offset {off})"
        )?;
    }
    // Message-level errors (bad lengths) have no node of their own: print them here.
    for (off, e) in &decoded.errors {
        let in_message = decoded
            .messages
            .iter()
            .any(|m| *off >= m.offset && *off < m.offset + m.len as usize);
        if !in_message {
            writeln!(
                out,
                "  !! {e} (at {})",
                origin_text(file, &d.origin_of(*off))
            )?;
        }
    }
    writeln!(out)
}

fn node_text(out: &mut dyn Write, n: &Node, indent: usize) -> io::Result<()> {
    let pad = " ".repeat(indent);
    let label = match &n.note {
        Some(note) => format!("{} [{note}]", n.name),
        None => n.name.clone(),
    };
    match &n.value {
        Value::Empty => writeln!(out, "{pad}{label}"),
        Value::Unsigned(v) => writeln!(out, "{pad}{label}: {v}"),
        Value::Signed(v) => writeln!(out, "{pad}{label}: {v}"),
        Value::Named { value, name } if name.is_empty() => writeln!(out, "{pad}{label}: {value}"),
        Value::Named { value, name } => writeln!(out, "{pad}{label}: {name} ({value})"),
        Value::String(s) => writeln!(out, "{pad}{label}: \"{}\"", s.escape_debug()),
        Value::Text(t) => writeln!(out, "{pad}{label}: {t}"),
        Value::Bytes(b) if b.is_empty() => writeln!(out, "{pad}{label}: (empty)"),
        Value::Bytes(b) if b.len() <= 32 => writeln!(out, "{pad}{label}: {}", hex_spaced(b)),
        Value::Bytes(b) => {
            writeln!(out, "{pad}{label}: ({} bytes)", b.len())?;
            for chunk in b.chunks(32) {
                writeln!(out, "{pad}  {}", hex_spaced(chunk))?;
            }
            Ok(())
        }
        Value::Children(c) => {
            writeln!(out, "{pad}{label}:")?;
            for child in c {
                node_text(out, child, indent + 2)?;
            }
            Ok(())
        }
        Value::Error { reason, bytes } => {
            writeln!(out, "{pad}{label}: !! {reason}: {}", hex_spaced(bytes))
        }
    }
}

fn value_json(v: &Value) -> Json {
    match v {
        Value::Empty => Json::Bool(true),
        Value::Unsigned(u) => json!(u),
        Value::Signed(s) => json!(s),
        Value::Named { value, name } => {
            let number = i64::try_from(*value)
                .map(Json::from)
                .or_else(|_| u64::try_from(*value).map(Json::from))
                .unwrap_or_else(|_| Json::String(value.to_string()));
            json!({ "value": number, "name": name })
        }
        Value::String(s) | Value::Text(s) => Json::String(s.clone()),
        Value::Bytes(b) => json!({ "hex": hex(b) }),
        Value::Children(c) => Json::Array(c.iter().map(node_json).collect()),
        Value::Error { reason, bytes } => json!({ "error": reason, "hex": hex(bytes) }),
    }
}

/// A node as JSON.
pub fn node_json(n: &Node) -> Json {
    let mut o = Map::new();
    o.insert("name".into(), Json::String(n.name.clone()));
    if let Some(id) = n.id {
        o.insert("id".into(), json!(id));
    }
    if let Some(off) = n.offset {
        o.insert("offset".into(), json!(off));
    }
    if let Some(note) = &n.note {
        o.insert("note".into(), Json::String(note.clone()));
    }
    o.insert("value".into(), value_json(&n.value));
    Json::Object(o)
}

fn origin_json(file: &str, o: &Option<Origin>) -> Json {
    match o {
        Some(Origin::Line(l)) => json!({ "file": file, "line": l }),
        Some(Origin::Packet(n)) => json!({ "file": file, "packet": n }),
        None => json!({ "file": file }),
    }
}

/// One buffer as JSON.
pub fn json_datagram(file: &str, d: &Datagram, decoded: &DecodedDatagram) -> Json {
    let messages: Vec<Json> = decoded
        .messages
        .iter()
        .map(|m| {
            let mut o = Map::new();
            o.insert("offset".into(), json!(m.offset));
            o.insert("len".into(), json!(m.len));
            o.insert(
                "type".into(),
                m.type_name.clone().map_or(json!(m.kind), Json::String),
            );
            o.insert("type_id".into(), json!(m.kind));
            if let Some(c) = &m.command {
                o.insert("command".into(), Json::String(c.clone()));
            }
            o.insert("flags".into(), json!(m.flags));
            o.insert("flag_names".into(), json!(m.flag_names));
            o.insert("seq".into(), json!(m.seq));
            o.insert("port".into(), json!(m.port));
            o.insert(
                "body".into(),
                Json::Array(m.body.iter().map(node_json).collect()),
            );
            Json::Object(o)
        })
        .collect();
    let errors: Vec<Json> = decoded
        .problems(d)
        .iter()
        .map(|p| json!({ "origin": origin_json(file, &p.origin), "error": p.message }))
        .collect();
    json!({
        "origin": origin_json(file, &d.origin),
        "direction": d.direction.map(|x| x.name()),
        "protocol": d.protocol.map(|p| names::protocol_name(p).map_or(json!(p), |n| json!(n))),
        "pid": d.pid,
        "fd": d.fd,
        "syscall": d.syscall,
        "bytes": d.bytes.len(),
        "zero_padding": decoded.zero_padding.map(|(_, len)| len),
        "messages": messages,
        "errors": errors,
    })
}

/// An input problem as JSON.
pub fn json_problem(file: &str, p: &Problem) -> Json {
    json!({ "origin": origin_json(file, &p.origin), "error": p.message })
}
