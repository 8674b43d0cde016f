//! The two layouts `ip -j` prints, as a `serde_json` [`Formatter`], and the streamed top-level
//! array.
//!
//! Compact (`ip -j`) is serde_json's own compact form. Pretty (`ip -j -p`) is iproute2's: four
//! spaces per level; every object key on a line of its own; array elements on one line,
//! separated by a bare `,` (so objects in an array follow each other as `},{`); a space after
//! `[` and, when the array is not empty, before `]` (`[ ]` when it is); `"key": value`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// How to lay out the JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Style {
    /// One line, no spaces: `ip -j`.
    #[default]
    Compact,
    /// Indented: `ip -j -p`.
    Pretty,
}

/// `ip -j`'s layouts as a serde_json formatter (numbers and strings as serde_json writes them,
/// which is how `ip` writes them too).
#[derive(Debug, Clone)]
pub struct IpFormatter {
    pretty: bool,
    depth: usize,
    has_value: bool,
}

impl IpFormatter {
    /// A formatter for a value `depth` levels deep (1 for the elements of a top-level array).
    pub fn new(style: Style, depth: usize) -> IpFormatter {
        IpFormatter {
            pretty: style == Style::Pretty,
            depth,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        w.write_all(b"\n")?;
        let mut n = self.depth * 4;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }
}

// `#[inline]`: these run several times per object of a million-route dump.
impl Formatter for IpFormatter {
    #[inline]
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        // Each write of a constant length: one store, no `memcpy` call.
        if self.pretty {
            w.write_all(b"[ ")
        } else {
            w.write_all(b"[")
        }
    }

    #[inline]
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.pretty && self.has_value {
            w.write_all(b" ]")
        } else {
            w.write_all(b"]")
        }
    }

    #[inline]
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b",")
        }
    }

    #[inline]
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    #[inline]
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.pretty && self.has_value {
            self.newline(w)?;
        }
        w.write_all(b"}")
    }

    #[inline]
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.pretty {
            self.newline(w)?;
        }
        Ok(())
    }

    #[inline]
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.pretty {
            w.write_all(b": ")
        } else {
            w.write_all(b":")
        }
    }

    #[inline]
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `value` as one JSON value (no newline), laid out as a top-level `ip -j` value.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(
    w: &mut W,
    style: Style,
    value: &T,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, IpFormatter::new(style, 0));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// The top-level array of a dump, written one element at a time as the dump goes (nothing is
/// collected), then `]` and a newline as `ip` ends its output. In count mode nothing is
/// written but the number of elements.
pub struct JsonArray<'w, W: Write> {
    w: &'w mut W,
    style: Style,
    count_only: bool,
    n: u64,
}

impl<'w, W: Write> JsonArray<'w, W> {
    /// Starts the array (`[`), or only counts with `count_only`.
    pub fn new(w: &'w mut W, style: Style, count_only: bool) -> io::Result<Self> {
        if !count_only {
            w.write_all(if style == Style::Pretty { b"[ " } else { b"[" })?;
        }
        Ok(JsonArray {
            w,
            style,
            count_only,
            n: 0,
        })
    }

    /// Whether elements are only counted: a caller may then skip building them.
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
        let mut ser =
            serde_json::Serializer::with_formatter(&mut *self.w, IpFormatter::new(self.style, 1));
        value.serialize(&mut ser).map_err(io::Error::from)
    }

    /// Ends the array (or writes the count) and a newline; returns the number of elements.
    pub fn finish(self) -> io::Result<u64> {
        if self.count_only {
            writeln!(self.w, "{}", self.n)?;
        } else if self.style == Style::Pretty && self.n > 0 {
            self.w.write_all(b" ]\n")?;
        } else {
            self.w.write_all(b"]\n")?;
        }
        Ok(self.n)
    }
}
