//! tc handles (`major:minor`, 16 bits each), parsed and printed as `tc` does.

use std::fmt;
use std::str::FromStr;

use crate::schemas::tc::{
    TC_H_CLSACT, TC_H_INGRESS, TC_H_MIN_EGRESS, TC_H_MIN_INGRESS, TC_H_ROOT, TC_H_UNSPEC,
};
use crate::Error;

/// A qdisc or class handle, or a parent: `major:minor`, hexadecimal, as `tc` writes them
/// (`1:10`, `ffff:`, `:5`, `root`, `none`). The special parents `ingress` and `clsact` (both
/// `ffff:fff1`) and the clsact hooks (`ffff:fff2` ingress, `ffff:fff3` egress, for filters)
/// have constants.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TcHandle(pub u32);

/// As `tc` prints it (`"1:10"`, `"root"`).
#[cfg(feature = "serde")]
impl serde::Serialize for TcHandle {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl TcHandle {
    /// `root` (`TC_H_ROOT`): the parent of a device's root qdisc.
    pub const ROOT: TcHandle = TcHandle(TC_H_ROOT);
    /// `none` (`TC_H_UNSPEC`, 0): let the kernel choose, or no filter.
    pub const UNSPEC: TcHandle = TcHandle(TC_H_UNSPEC);
    /// `ingress` (`TC_H_INGRESS`): the parent of an ingress qdisc.
    pub const INGRESS: TcHandle = TcHandle(TC_H_INGRESS);
    /// `clsact` (`TC_H_CLSACT`, the same value as [`TcHandle::INGRESS`]).
    pub const CLSACT: TcHandle = TcHandle(TC_H_CLSACT);
    /// The handle of an ingress or clsact qdisc (`ffff:`).
    pub const INGRESS_QDISC: TcHandle = TcHandle(0xffff_0000);
    /// clsact's ingress hook (`ffff:fff2`), a filter parent.
    pub const CLSACT_INGRESS: TcHandle = TcHandle((TC_H_CLSACT & 0xffff_0000) | TC_H_MIN_INGRESS);
    /// clsact's egress hook (`ffff:fff3`), a filter parent.
    pub const CLSACT_EGRESS: TcHandle = TcHandle((TC_H_CLSACT & 0xffff_0000) | TC_H_MIN_EGRESS);

    /// `major:minor`.
    pub const fn new(major: u16, minor: u16) -> TcHandle {
        TcHandle(((major as u32) << 16) | minor as u32)
    }
    /// The major number (the qdisc).
    pub const fn major(self) -> u16 {
        (self.0 >> 16) as u16
    }
    /// The minor number (the class).
    pub const fn minor(self) -> u16 {
        (self.0 & 0xffff) as u16
    }
    /// The raw value.
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// Parses a handle as `tc` reads a class id: `root`, `none`, `MAJ:MIN`, `MAJ:`, `:MIN`
    /// or a bare hexadecimal number (the raw 32-bit value); each part at most `ffff`.
    /// `ingress` and `clsact` name [`TcHandle::INGRESS`]; for filter parents use
    /// [`TcHandle::parse_filter_parent`].
    pub fn parse(s: &str) -> Result<TcHandle, Error> {
        let bad = |why: &str| Error::Invalid(format!("tc handle {s:?}: {why}"));
        match s {
            "root" => return Ok(TcHandle::ROOT),
            "none" => return Ok(TcHandle::UNSPEC),
            "ingress" => return Ok(TcHandle::INGRESS),
            "clsact" => return Ok(TcHandle::CLSACT),
            _ => {}
        }
        let hex = |p: &str, what: &str| -> Result<u32, Error> {
            if p.is_empty() {
                return Ok(0);
            }
            let v = u32::from_str_radix(p, 16)
                .map_err(|_| bad(&format!("{what} {p:?} is not hexadecimal")))?;
            if v > 0xffff {
                return Err(bad(&format!("{what} {p} is above ffff")));
            }
            Ok(v)
        };
        match s.split_once(':') {
            Some((maj, min)) => {
                if maj.is_empty() && min.is_empty() {
                    return Err(bad("empty"));
                }
                Ok(TcHandle((hex(maj, "major")? << 16) | hex(min, "minor")?))
            }
            None if s.is_empty() => Err(bad("empty")),
            None => u32::from_str_radix(s, 16)
                .map(TcHandle)
                .map_err(|_| bad("expected MAJ:MIN, MAJ:, :MIN, root or none")),
        }
    }

    /// Parses a filter's parent: as [`TcHandle::parse`], plus `ingress` and `egress` for a
    /// clsact qdisc's hooks (`ffff:fff2`, `ffff:fff3`), as `tc filter ... ingress` means.
    pub fn parse_filter_parent(s: &str) -> Result<TcHandle, Error> {
        match s {
            "ingress" => Ok(TcHandle::CLSACT_INGRESS),
            "egress" => Ok(TcHandle::CLSACT_EGRESS),
            _ => TcHandle::parse(s),
        }
    }

    /// The handle as `tc qdisc show` prints a qdisc's own handle: always `MAJ:`.
    pub fn qdisc_string(self) -> String {
        format!("{:x}:", self.major())
    }
}

impl fmt::Display for TcHandle {
    /// As `tc` prints a class id or parent: `root`, `none`, `:MIN`, `MAJ:` or `MAJ:MIN`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            TC_H_ROOT => f.write_str("root"),
            TC_H_UNSPEC => f.write_str("none"),
            _ if self.major() == 0 => write!(f, ":{:x}", self.minor()),
            _ if self.minor() == 0 => write!(f, "{:x}:", self.major()),
            _ => write!(f, "{:x}:{:x}", self.major(), self.minor()),
        }
    }
}

impl fmt::Debug for TcHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TcHandle({self})")
    }
}

impl FromStr for TcHandle {
    type Err = Error;
    fn from_str(s: &str) -> Result<TcHandle, Error> {
        TcHandle::parse(s)
    }
}

impl From<u32> for TcHandle {
    fn from(v: u32) -> TcHandle {
        TcHandle(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print_like_tc() {
        for (s, v, back) in [
            ("1:10", 0x0001_0010, "1:10"),
            ("ffff:", 0xffff_0000, "ffff:"),
            ("1:", 0x0001_0000, "1:"),
            (":5", 0x0000_0005, ":5"),
            ("root", 0xffff_ffff, "root"),
            ("none", 0, "none"),
            ("ingress", 0xffff_fff1, "ffff:fff1"),
            ("clsact", 0xffff_fff1, "ffff:fff1"),
            ("10001", 0x0001_0001, "1:1"),
        ] {
            let h = TcHandle::parse(s).unwrap();
            assert_eq!(h.raw(), v, "{s}");
            assert_eq!(h.to_string(), back, "{s}");
        }
        assert_eq!(
            TcHandle::parse_filter_parent("ingress")
                .unwrap()
                .to_string(),
            "ffff:fff2"
        );
        assert_eq!(
            TcHandle::parse_filter_parent("egress").unwrap().to_string(),
            "ffff:fff3"
        );
        assert_eq!(TcHandle::new(0, 0).qdisc_string(), "0:");
    }

    #[test]
    fn bad_handles_say_why() {
        for (s, why) in [
            ("1:10000", "minor 10000 is above ffff"),
            ("x:1", "major \"x\" is not hexadecimal"),
            (":", "empty"),
            ("", "empty"),
            ("1:2:3", "minor \"2:3\" is not hexadecimal"),
        ] {
            let e = TcHandle::parse(s).unwrap_err().to_string();
            assert!(e.contains(why), "{s}: {e}");
        }
    }
}
