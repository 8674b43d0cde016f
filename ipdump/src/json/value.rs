//! Values in the formats `ip -j` prints them: addresses and prefixes, MAC addresses, flag
//! lists, device names, `null` markers, formatted text. Each is a small `Serialize` wrapper
//! used as the value of a map entry (`m.serialize_entry("dst", &Prefix(&a, 24))`).
//!
//! The hot ones (IPv4 addresses and prefixes, device names) are written without the `fmt`
//! machinery: a route dump prints a million of them.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};
use std::net::IpAddr;
use std::sync::OnceLock;

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::LinkNames;

/// The decimal digits of 0..=255 followed by a dot, padded to four bytes, and the number of
/// digits: an octet is one four-byte store.
const OCTETS: [([u8; 4], u8); 256] = {
    let mut t = [([0u8; 4], 0u8); 256];
    let mut i = 0;
    while i < 256 {
        let v = i as u8;
        t[i] = if v >= 100 {
            ([b'0' + v / 100, b'0' + v / 10 % 10, b'0' + v % 10, b'.'], 3)
        } else if v >= 10 {
            ([b'0' + v / 10, b'0' + v % 10, b'.', 0], 2)
        } else {
            ([b'0' + v, b'.', 0, 0], 1)
        };
        i += 1;
    }
    t
};

/// Text built on the stack (addresses, prefixes), then written as one JSON string. 64 bytes,
/// aligned, so that checking it is UTF-8 goes a word at a time.
#[repr(C, align(16))]
struct StackStr {
    buf: [u8; 64],
    len: usize,
}

impl StackStr {
    fn new() -> StackStr {
        StackStr {
            buf: [0; 64],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// A number below 256 (octets, prefix lengths) and, with `dot`, a dot after it.
    #[inline]
    fn push_octet(&mut self, v: u8, dot: bool) {
        let (text, n) = OCTETS[usize::from(v)];
        if let Some(slot) = self.buf.get_mut(self.len..self.len + 4) {
            slot.copy_from_slice(&text);
            self.len += usize::from(n) + usize::from(dot);
        }
    }

    fn push_ip(&mut self, a: &IpAddr) {
        match a {
            IpAddr::V4(v4) => {
                let [a, b, c, d] = v4.octets();
                self.push_octet(a, true);
                self.push_octet(b, true);
                self.push_octet(c, true);
                self.push_octet(d, false);
            }
            // At most 45 bytes ("ffff:...:255.255.255.255"): fits.
            IpAddr::V6(v6) => {
                let _ = write!(self, "{v6}");
            }
        }
    }

    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Check the whole buffer (zero-filled: ASCII after `len`): long aligned ASCII runs are
        // checked a word at a time, short ones a byte at a time.
        let all = std::str::from_utf8(&self.buf).map_err(S::Error::custom)?;
        s.serialize_str(all.get(..self.len).unwrap_or_default())
    }
}

impl fmt::Write for StackStr {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// An IP address: `"192.0.2.1"`, `"2001:db8::1"`.
#[derive(Debug, Clone, Copy)]
pub struct Ip<'a>(pub &'a IpAddr);

impl Serialize for Ip<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = StackStr::new();
        t.push_ip(self.0);
        t.serialize(s)
    }
}

/// A prefix: the address, and `/len` unless it is a host prefix (`"10.0.0.0/8"`,
/// `"192.0.2.1"`).
#[derive(Debug, Clone, Copy)]
pub struct Prefix<'a>(pub &'a IpAddr, pub u8);

impl Serialize for Prefix<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = StackStr::new();
        t.push_ip(self.0);
        if self.1 != host_len(self.0) {
            t.push(b'/');
            t.push_octet(self.1, false);
        }
        t.serialize(s)
    }
}

/// The prefix length of one host of `a`'s family.
pub fn host_len(a: &IpAddr) -> u8 {
    if a.is_ipv4() {
        32
    } else {
        128
    }
}

/// A link-layer address as lower-case hex bytes with colons: `"02:00:00:00:00:09"`.
#[derive(Debug, Clone, Copy)]
pub struct Mac<'a>(pub &'a [u8]);

impl Serialize for Mac<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        if self.0.len() > 18 {
            // Longer hardware addresses (InfiniBand: 20 bytes) do not fit the stack string.
            return s.collect_str(&MacText(self.0));
        }
        let mut t = StackStr::new();
        for (i, &b) in self.0.iter().enumerate() {
            if i > 0 {
                t.push(b':');
            }
            t.push(HEX[usize::from(b >> 4)]);
            t.push(HEX[usize::from(b & 15)]);
        }
        t.serialize(s)
    }
}

struct MacText<'a>(&'a [u8]);

impl Display for MacText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(':')?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// The names of the bits set in `bits`, in the table's order: `["UP","LOWER_UP"]`.
#[derive(Debug, Clone, Copy)]
pub struct Flags<T: 'static> {
    /// The value.
    pub bits: T,
    /// `(bit, name)` pairs.
    pub names: &'static [(T, &'static str)],
}

impl<T: Copy + Into<u64>> Serialize for Flags<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bits: u64 = self.bits.into();
        if bits == 0 {
            // The common case (`"flags":[]` on most routes) without walking the table.
            return s.serialize_seq(Some(0))?.end();
        }
        let mut seq = s.serialize_seq(None)?;
        for &(bit, name) in self.names {
            if bits & bit.into() != 0 {
                seq.serialize_element(name)?;
            }
        }
        seq.end()
    }
}

/// A device by index: its name, or `"if<index>"` for an index no link has (as `ip` prints it).
#[derive(Debug, Clone, Copy)]
pub struct Dev<'a>(pub &'a LinkNames, pub u32);

impl Serialize for Dev<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.get_json(self.1) {
            Some(n) => n.serialize(s),
            None => s.collect_str(&format_args!("if{}", self.1)),
        }
    }
}

/// `null`: `ip` marks a present flag (`"router": null`, `"blackhole": null`) this way.
#[derive(Debug, Clone, Copy)]
pub struct Null;

impl Serialize for Null {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

/// Any `Display` value as a JSON string, formatted straight into the output:
/// `Text(format_args!("{mark:#x}"))`.
#[derive(Debug, Clone, Copy)]
pub struct Text<D>(pub D);

impl<D: Display> Serialize for Text<D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A number in hex as C's `%#x` writes it (`0x1f`; zero as `0`), as a JSON string.
#[derive(Debug, Clone, Copy)]
pub struct CHex(pub u64);

impl Serialize for CHex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 == 0 {
            s.serialize_str("0")
        } else {
            s.collect_str(&format_args!("{:#x}", self.0))
        }
    }
}

/// A JSON array of the items a closure yields, each a view (`"nexthops": [...]`): written as
/// they come, nothing collected. A closure, so that any iterator will do (serialising takes
/// `&self`).
pub struct List<F>(pub F);

impl<F, I> Serialize for List<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// `text` as JSON text: a quoted string, escaped.
pub fn raw_json(text: &str) -> Box<RawValue> {
    // A string always serializes; `null` is only the shape of an answer that cannot happen.
    serde_json::value::to_raw_value(text).unwrap_or_else(|_| RawValue::NULL.to_owned())
}

/// The names `ip` prints for the 256 values of a one-byte kernel field (route protocol,
/// scope, type), as JSON text made on first use: written without serde_json scanning them for
/// characters to escape, once per route (the scan of a short string costs more than the
/// string's copy).
pub struct ByteNames {
    name: fn(u8) -> Cow<'static, str>,
    table: OnceLock<Box<[Box<RawValue>]>>,
}

impl ByteNames {
    /// Names from `name`.
    pub const fn new(name: fn(u8) -> Cow<'static, str>) -> ByteNames {
        ByteNames {
            name,
            table: OnceLock::new(),
        }
    }

    /// The name of `v`, as a serializable JSON string.
    #[inline]
    pub fn get(&self, v: u8) -> &RawValue {
        let table = self
            .table
            .get_or_init(|| (0..=u8::MAX).map(|v| raw_json(&(self.name)(v))).collect());
        table.get(usize::from(v)).map_or(RawValue::NULL, |b| &**b)
    }
}
