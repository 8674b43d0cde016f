//! Netfilter objects as the netfilter tools print them: [`nft`] (`nft -j list ruleset`, with
//! each rule's kernel-level expressions), [`conntrack`] (`conntrack -L -o xml` as JSON) and
//! [`ipset`] (`ipset list -o xml` as JSON). Each object has a view, as in [`crate::json`]
//! ([`Fields`](crate::json::Fields) + [`serialize_by_fields!`](crate::serialize_by_fields)),
//! and a dump that streams views into a [`Wrapped`] array.
//!
//! # The XML tools' JSON
//!
//! `conntrack -o xml` and `ipset -o xml` print XML; `ipdump` prints the same tree as JSON by
//! the rule `netlink_tests::xml_to_json` applies to the tools' output, so the two compare
//! equal:
//!
//! - an element is an object of its attributes and child elements, in the XML's order;
//! - an element holding only text is that text, as a number when it is a decimal number
//!   without leading zeros (`<timeout>29</timeout>` is `"timeout": 29`,
//!   `<initval>0xa4c06682</initval>` is `"initval": "0xa4c06682"`);
//! - an empty element is `true` (`<assured/>` is `"assured": true`).
//!
//! One difference, so that the shape does not change with the number of objects: the elements
//! that repeat (`flow`, `ipset`, `member`) are always arrays, of one or none too (the generic
//! rule makes a single `flow` an object and an empty `<members></members>` `true`).

use std::io::{self, Write};

use serde::Serialize;

use crate::json::{IpFormatter, Style};

pub mod conntrack;
pub mod ipset;
pub mod nft;

/// A streamed array inside objects: `{"nftables":[...]}`, `{"conntrack":{"flow":[...]}}`,
/// written one element at a time as the dump goes, then closed with a newline. In count mode
/// only the number of elements is written.
pub struct Wrapped<'w, W: Write> {
    w: &'w mut W,
    style: Style,
    count_only: bool,
    depth: usize,
    n: u64,
}

impl<'w, W: Write> Wrapped<'w, W> {
    /// Opens one object per key of `path` and the array inside the last (`count_only`: writes
    /// nothing yet).
    pub fn new(w: &'w mut W, style: Style, count_only: bool, path: &[&str]) -> io::Result<Self> {
        let pretty = style == Style::Pretty;
        if !count_only {
            for (depth, key) in path.iter().enumerate() {
                w.write_all(b"{")?;
                if pretty {
                    newline(w, depth + 1)?;
                }
                serde_json::to_writer(&mut *w, key)?;
                w.write_all(if pretty { b": " } else { b":" })?;
            }
            w.write_all(if pretty { b"[ " } else { b"[" })?;
        }
        Ok(Wrapped {
            w,
            style,
            count_only,
            depth: path.len(),
            n: 0,
        })
    }

    /// Whether elements are only counted.
    pub fn count_only(&self) -> bool {
        self.count_only
    }

    /// Writes the next element.
    pub fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        self.n += 1;
        if self.count_only {
            return Ok(());
        }
        if self.n > 1 {
            self.w.write_all(b",")?;
        }
        let f = IpFormatter::new(self.style, self.depth + 1);
        let mut ser = serde_json::Serializer::with_formatter(&mut *self.w, f);
        value.serialize(&mut ser).map_err(io::Error::from)
    }

    /// Closes the array and the objects (or writes the count) and a newline; returns the
    /// number of elements.
    pub fn finish(self) -> io::Result<u64> {
        if self.count_only {
            writeln!(self.w, "{}", self.n)?;
            return Ok(self.n);
        }
        let pretty = self.style == Style::Pretty;
        self.w
            .write_all(if pretty && self.n > 0 { b" ]" } else { b"]" })?;
        for depth in (0..self.depth).rev() {
            if pretty {
                newline(self.w, depth)?;
            }
            self.w.write_all(b"}")?;
        }
        self.w.write_all(b"\n")?;
        Ok(self.n)
    }
}

fn newline<W: Write + ?Sized>(w: &mut W, depth: usize) -> io::Result<()> {
    w.write_all(b"\n")?;
    for _ in 0..depth {
        w.write_all(b"    ")?;
    }
    Ok(())
}

/// Bytes as lower-case hex without separators (`0a000001`).
#[derive(Debug, Clone, Copy)]
pub struct Hex<'a>(pub &'a [u8]);

impl std::fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Serialize for Hex<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The name `/etc/protocols` gives a protocol number (as `getprotobynumber` reads it), with
/// the common ones known without the file.
pub fn protocol_name(p: u8) -> Option<String> {
    use netlink_runtime::schemas::conntrack::{
        IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDPLITE,
    };
    let known = match p {
        IPPROTO_TCP => Some("tcp"),
        IPPROTO_UDP => Some("udp"),
        IPPROTO_SCTP => Some("sctp"),
        IPPROTO_UDPLITE => Some("udplite"),
        _ => None,
    };
    if let Some(k) = known {
        return Some(k.to_owned());
    }
    let text = std::fs::read_to_string("/etc/protocols").ok()?;
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some((w.next()?, w.next()?.parse::<u8>().ok()?))
        })
        .find(|&(_, n)| n == p)
        .map(|(name, _)| name.to_owned())
}

/// `true`: an empty XML element (`<assured/>`).
pub const PRESENT: bool = true;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_arrays_in_both_styles() {
        let mut out = Vec::new();
        let mut a = Wrapped::new(&mut out, Style::Compact, false, &["a", "b"]).unwrap();
        a.push(&1).unwrap();
        a.push(&2).unwrap();
        assert_eq!(a.finish().unwrap(), 2);
        assert_eq!(String::from_utf8(out).unwrap(), "{\"a\":{\"b\":[1,2]}}\n");

        let mut out = Vec::new();
        let a = Wrapped::new(&mut out, Style::Pretty, false, &["a"]).unwrap();
        a.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "{\n    \"a\": [ ]\n}\n");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v, serde_json::json!({"a": []}));

        let mut out = Vec::new();
        let mut a = Wrapped::new(&mut out, Style::Pretty, true, &["a"]).unwrap();
        a.push(&1).unwrap();
        a.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "1\n");
    }
}
