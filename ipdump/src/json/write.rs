//! The small JSON writer behind `ip -j` compatible output: escaped strings, integers and IPv4
//! addresses without the formatting machinery, and an object helper that tracks separators.

use std::io::{self, Write};
use std::net::IpAddr;

use super::LinkNames;

/// A JSON string with escapes.
pub(super) fn write_str<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    w.write_all(b"\"")?;
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: Option<&[u8]> = match c {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\t' => Some(b"\\t"),
            b'\r' => Some(b"\\r"),
            0..=0x1f => None,
            _ => continue,
        };
        w.write_all(b.get(start..i).unwrap_or_default())?;
        match esc {
            Some(e) => w.write_all(e)?,
            None => write!(w, "\\u{c:04x}")?,
        }
        start = i + 1;
    }
    w.write_all(b.get(start..).unwrap_or_default())?;
    w.write_all(b"\"")
}

/// An unsigned integer without the formatting machinery.
pub(super) fn write_u64<W: Write>(w: &mut W, mut v: u64) -> io::Result<()> {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while i > 0 {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    w.write_all(buf.get(i..).unwrap_or_default())
}

/// An IP address, IPv4 without the formatting machinery.
pub(super) fn write_ip_bare<W: Write>(w: &mut W, a: &IpAddr) -> io::Result<()> {
    match a {
        IpAddr::V4(v4) => {
            for (i, x) in v4.octets().iter().enumerate() {
                if i > 0 {
                    w.write_all(b".")?;
                }
                write_u64(w, u64::from(*x))?;
            }
            Ok(())
        }
        IpAddr::V6(v6) => write!(w, "{v6}"),
    }
}

/// One JSON object being written: tracks the separator.
pub(super) struct Obj<'w, W: Write> {
    w: &'w mut W,
    first: bool,
}

impl<'w, W: Write> Obj<'w, W> {
    pub(super) fn open(w: &'w mut W) -> io::Result<Self> {
        w.write_all(b"{")?;
        Ok(Obj { w, first: true })
    }
    pub(super) fn key(&mut self, k: &str) -> io::Result<&mut W> {
        if !self.first {
            self.w.write_all(b",")?;
        }
        self.first = false;
        self.w.write_all(b"\"")?;
        self.w.write_all(k.as_bytes())?;
        self.w.write_all(b"\":")?;
        Ok(self.w)
    }
    pub(super) fn str(&mut self, k: &str, v: &str) -> io::Result<()> {
        let w = self.key(k)?;
        write_str(w, v)
    }
    pub(super) fn num(&mut self, k: &str, v: u64) -> io::Result<()> {
        let w = self.key(k)?;
        write_u64(w, v)
    }
    pub(super) fn null(&mut self, k: &str) -> io::Result<()> {
        self.key(k)?.write_all(b"null")
    }
    pub(super) fn bool_true(&mut self, k: &str) -> io::Result<()> {
        self.key(k)?.write_all(b"true")
    }
    pub(super) fn ip(&mut self, k: &str, a: &IpAddr) -> io::Result<()> {
        let w = self.key(k)?;
        w.write_all(b"\"")?;
        write_ip_bare(w, a)?;
        w.write_all(b"\"")
    }
    pub(super) fn prefix(&mut self, k: &str, a: &IpAddr, len: u8) -> io::Result<()> {
        let w = self.key(k)?;
        w.write_all(b"\"")?;
        write_ip_bare(w, a)?;
        if len != host_len(a) {
            w.write_all(b"/")?;
            write_u64(w, u64::from(len))?;
        }
        w.write_all(b"\"")
    }
    pub(super) fn dev(&mut self, k: &str, names: &LinkNames, index: u32) -> io::Result<()> {
        let w = self.key(k)?;
        names.write(w, index)
    }
    pub(super) fn flags<T: Copy + Into<u64>>(
        &mut self,
        k: &str,
        v: T,
        table: &[(T, &str)],
    ) -> io::Result<()> {
        let w = self.key(k)?;
        write_flag_array(w, v.into(), table)
    }
    pub(super) fn close(self) -> io::Result<()> {
        self.w.write_all(b"}")
    }
}

pub(super) fn write_flag_array<W: Write, T: Copy + Into<u64>>(
    w: &mut W,
    v: u64,
    table: &[(T, &str)],
) -> io::Result<()> {
    w.write_all(b"[")?;
    let mut first = true;
    for &(bit, name) in table {
        if v & bit.into() != 0 {
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            write_str(w, name)?;
        }
    }
    w.write_all(b"]")
}

pub(super) fn host_len(a: &IpAddr) -> u8 {
    if a.is_ipv4() {
        32
    } else {
        128
    }
}

pub(super) fn hex_colon<W: Write>(w: &mut W, b: &[u8]) -> io::Result<()> {
    const H: &[u8; 16] = b"0123456789abcdef";
    w.write_all(b"\"")?;
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            w.write_all(b":")?;
        }
        w.write_all(&[H[usize::from(x >> 4)], H[usize::from(x & 15)]])?;
    }
    w.write_all(b"\"")
}
