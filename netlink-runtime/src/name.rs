//! Names the kernel keeps as bytes: interface names, alternative names, aliases, rule
//! `iif`/`oif` names.
//!
//! Linux accepts any byte in an interface name except `/`, `:`, whitespace and NUL
//! (`dev_valid_name`), so a name need not be UTF-8: anyone with `CAP_NET_ADMIN` in a namespace
//! can create `b\xffad`. A library that reads names as `&str` must then fail on such a link
//! (and on every dump that lists it); one that converts lossily cannot name the link back to
//! the kernel. [`Name`] (borrowed from the receive buffer) and [`NameBuf`] (owned) keep the
//! bytes: [`Name::as_bytes`] is exact, [`Name::to_str`] says whether the name is UTF-8, and
//! `Display` is lossy (U+FFFD for each invalid sequence) for messages and logs. Requests take
//! the bytes back unchanged, so a name read from the kernel always names the same object.

use std::borrow::{Borrow, Cow};
use std::fmt;

/// A name borrowed from a kernel message (without its NUL terminator).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Name<'a>(&'a [u8]);

impl<'a> Name<'a> {
    /// A name over `bytes` (taken as they are; a NUL terminator is not part of a name).
    pub const fn new(bytes: &'a [u8]) -> Name<'a> {
        Name(bytes)
    }

    /// The exact bytes.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The name as `&str` if it is UTF-8 (almost every name is).
    pub fn to_str(&self) -> Option<&'a str> {
        std::str::from_utf8(self.0).ok()
    }

    /// The name as text, with U+FFFD for bytes that are not UTF-8 (borrowed when it is UTF-8).
    pub fn to_string_lossy(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.0)
    }

    /// Whether the name is empty.
    pub const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in bytes.
    pub const fn len(&self) -> usize {
        self.0.len()
    }

    /// An owned copy.
    pub fn to_name_buf(&self) -> NameBuf {
        NameBuf(self.0.into())
    }
}

impl fmt::Display for Name<'_> {
    /// Lossy: each invalid UTF-8 sequence is shown as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{FFFD}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Name<'_> {
    /// Quoted, with the bytes that are not UTF-8 as `\xNN` (exact).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for chunk in self.0.utf8_chunks() {
            for c in chunk.valid().chars() {
                write!(f, "{}", c.escape_debug())?;
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        f.write_str("\"")
    }
}

impl<'a> From<&'a str> for Name<'a> {
    fn from(s: &'a str) -> Self {
        Name(s.as_bytes())
    }
}

impl<'a> From<&'a [u8]> for Name<'a> {
    fn from(b: &'a [u8]) -> Self {
        Name(b)
    }
}

impl PartialEq<str> for Name<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl PartialEq<&str> for Name<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl PartialEq<[u8]> for Name<'_> {
    fn eq(&self, other: &[u8]) -> bool {
        self.0 == other
    }
}

impl PartialEq<NameBuf> for Name<'_> {
    fn eq(&self, other: &NameBuf) -> bool {
        self.0 == &*other.0
    }
}

/// An owned [`Name`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NameBuf(Box<[u8]>);

impl NameBuf {
    /// The name borrowed.
    pub fn as_name(&self) -> Name<'_> {
        Name(&self.0)
    }

    /// The exact bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The name as `&str` if it is UTF-8.
    pub fn to_str(&self) -> Option<&str> {
        self.as_name().to_str()
    }

    /// The name as text, U+FFFD for bytes that are not UTF-8.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        self.as_name().to_string_lossy()
    }

    /// Whether the name is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0.into_vec()
    }
}

impl fmt::Display for NameBuf {
    /// Lossy, as [`Name`]'s.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.as_name(), f)
    }
}

impl fmt::Debug for NameBuf {
    /// Exact, as [`Name`]'s.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_name(), f)
    }
}

impl From<&str> for NameBuf {
    fn from(s: &str) -> Self {
        NameBuf(s.as_bytes().into())
    }
}

impl From<&String> for NameBuf {
    fn from(s: &String) -> Self {
        NameBuf(s.as_bytes().into())
    }
}

impl From<String> for NameBuf {
    fn from(s: String) -> Self {
        NameBuf(s.into_bytes().into_boxed_slice())
    }
}

impl From<&[u8]> for NameBuf {
    fn from(b: &[u8]) -> Self {
        NameBuf(b.into())
    }
}

impl From<Vec<u8>> for NameBuf {
    fn from(b: Vec<u8>) -> Self {
        NameBuf(b.into_boxed_slice())
    }
}

impl From<Name<'_>> for NameBuf {
    fn from(n: Name<'_>) -> Self {
        n.to_name_buf()
    }
}

impl From<&NameBuf> for NameBuf {
    fn from(n: &NameBuf) -> Self {
        n.clone()
    }
}

impl Borrow<[u8]> for NameBuf {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for NameBuf {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl PartialEq<str> for NameBuf {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other.as_bytes()
    }
}

impl PartialEq<&str> for NameBuf {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == other.as_bytes()
    }
}

impl PartialEq<Name<'_>> for NameBuf {
    fn eq(&self, other: &Name<'_>) -> bool {
        &*self.0 == other.0
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Name<'_> {
    /// As text when the name is UTF-8, else as its bytes (nothing lost).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.to_str() {
            Some(t) => s.serialize_str(t),
            None => s.serialize_bytes(self.0),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for NameBuf {
    /// As [`Name`]'s.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_name().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_survive_and_display_is_lossy() {
        let n = Name::new(b"b\xffad");
        assert_eq!(n.as_bytes(), b"b\xffad");
        assert_eq!(n.to_str(), None);
        assert_eq!(n.to_string(), "b\u{FFFD}ad");
        assert_eq!(format!("{n:?}"), "\"b\\xffad\"");
        let owned = n.to_name_buf();
        assert_eq!(owned.as_name(), n);
        assert_eq!(owned.to_string_lossy(), "b\u{FFFD}ad");
        assert_eq!(Name::from("eth0"), "eth0");
        assert_eq!(Name::from("eth0").to_str(), Some("eth0"));
        assert_eq!(NameBuf::from("veth0"), "veth0");
    }
}
