//! The YAML reader: spec text to a small tree of nodes that know their line.
//!
//! The YAML itself is parsed by [`saphyr`], a maintained YAML 1.2 library (the successor of
//! `yaml-rust`/`yaml-rust2` by the same maintainers). It was chosen over the others because its
//! `MarkedYaml` keeps a span on every node, so every error about a spec can name its line; it
//! rejects duplicate keys, bounds alias expansion (no "billion laughs"), and needs no `unsafe`
//! of ours. `serde_yaml` is deprecated and loses positions after deserialisation. The tree
//! below is all the importer sees of `saphyr`: one place to change if the crate ever is.

use std::fmt;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// Where something is in the spec text: 1-based line and column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A YAML value with the position it starts at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// The value.
    pub value: Value,
}

/// The YAML data model, as far as specs use it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer (decimal, `0x`, `0o`).
    Int(i64),
    /// A float (no spec uses one; kept so the error can name it).
    Float(f64),
    /// Any other scalar.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping with string keys, in document order.
    Map(Vec<(String, Node)>),
}

/// A problem with the YAML text or with the shape of a spec, at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where.
    pub pos: Pos,
    /// What.
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.column, self.message)
    }
}

/// How deep a spec may nest: real specs stay under 10 levels.
const MAX_DEPTH: usize = 64;

/// Parses `text` (one YAML document) into a [`Node`].
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| YamlError {
        pos: Pos {
            line: e.marker().line(),
            column: e.marker().col() + 1,
        },
        message: e.info().to_owned(),
    })?;
    let mut docs = docs.into_iter();
    let Some(first) = docs.next() else {
        return Err(YamlError {
            pos: Pos { line: 1, column: 1 },
            message: "the spec is empty".into(),
        });
    };
    if let Some(second) = docs.next() {
        return Err(YamlError {
            pos: pos_of(&second),
            message: "a spec is one YAML document; a second one starts here".into(),
        });
    }
    convert(&first, 0)
}

fn pos_of(n: &MarkedYaml<'_>) -> Pos {
    // saphyr leaves a node's start unset (line 0) in some cases, such as a scalar after a
    // bare `!` tag on the line before: then the node's end, which it does set, else line 1.
    let mark = if n.span.start.line() > 0 {
        n.span.start
    } else {
        n.span.end
    };
    Pos {
        line: mark.line().max(1),
        column: mark.col() + 1,
    }
}

fn convert(n: &MarkedYaml<'_>, depth: usize) -> Result<Node, YamlError> {
    let pos = pos_of(n);
    let err = |message: String| YamlError { pos, message };
    if depth > MAX_DEPTH {
        return Err(err(format!("nested deeper than {MAX_DEPTH} levels")));
    }
    let value = match &n.data {
        YamlData::Value(s) => scalar(s),
        YamlData::Representation(text, _, _) => Value::Str(text.to_string()),
        YamlData::Tagged(_, inner) => return convert(inner, depth + 1),
        YamlData::Sequence(items) => Value::Seq(
            items
                .iter()
                .map(|i| convert(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut out = Vec::with_capacity(map.len());
            for (k, v) in map {
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Value(Scalar::Integer(i)) => i.to_string(),
                    YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
                    YamlData::Value(Scalar::Null) => "null".to_owned(),
                    _ => {
                        return Err(YamlError {
                            pos: pos_of(k),
                            message: "mapping keys must be plain scalars".into(),
                        })
                    }
                };
                out.push((key, convert(v, depth + 1)?));
            }
            Value::Map(out)
        }
        YamlData::Alias(_) => return Err(err("unresolved alias".into())),
        YamlData::BadValue => return Err(err("a value that is not valid YAML here".into())),
    };
    Ok(Node { pos, value })
}

fn scalar(s: &Scalar<'_>) -> Value {
    match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Int(*i),
        Scalar::FloatingPoint(f) => Value::Float(f.into_inner()),
        Scalar::String(s) => Value::Str(s.to_string()),
    }
}

impl Node {
    /// An error at this node.
    pub fn error(&self, message: impl Into<String>) -> YamlError {
        YamlError {
            pos: self.pos,
            message: message.into(),
        }
    }

    /// What kind of value this is, for error messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The entries of a mapping, or an error naming `what`.
    pub fn map(&self, what: &str) -> Result<&[(String, Node)], YamlError> {
        match &self.value {
            Value::Map(m) => Ok(m),
            _ => Err(self.error(format!("{what} must be a mapping, not {}", self.kind()))),
        }
    }

    /// The items of a sequence (`null` reads as empty), or an error naming `what`.
    pub fn seq(&self, what: &str) -> Result<&[Node], YamlError> {
        match &self.value {
            Value::Seq(s) => Ok(s),
            Value::Null => Ok(&[]),
            _ => Err(self.error(format!("{what} must be a list, not {}", self.kind()))),
        }
    }

    /// A string scalar (an integer or boolean is read as its text), or an error naming `what`.
    pub fn string(&self, what: &str) -> Result<String, YamlError> {
        match &self.value {
            Value::Str(s) => Ok(s.clone()),
            Value::Int(i) => Ok(i.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            _ => Err(self.error(format!("{what} must be a string, not {}", self.kind()))),
        }
    }

    /// An integer, or an error naming `what`.
    pub fn int(&self, what: &str) -> Result<i64, YamlError> {
        match &self.value {
            Value::Int(i) => Ok(*i),
            _ => Err(self.error(format!("{what} must be an integer, not {}", self.kind()))),
        }
    }

    /// A boolean, or an error naming `what`.
    pub fn bool(&self, what: &str) -> Result<bool, YamlError> {
        match &self.value {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.error(format!("{what} must be true or false, not {}", self.kind()))),
        }
    }

    /// The value of `key` in a mapping (`None` for other nodes or a missing key).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Whether this is a null scalar.
    pub fn is_null(&self) -> bool {
        self.value == Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_anchors() {
        let text = "name: x\nlist:\n  - &a [1, 2]\n  - *a\nflag: true\n";
        let n = parse(text).unwrap();
        let list = n.get("list").unwrap();
        assert_eq!(list.pos.line, 3);
        // A scalar after a bare `!` tag (found by the ynl fuzz target): saphyr gives it no
        // start; the error still names a line of the text.
        let e = parse("# c\n\n!\nden\n")
            .unwrap()
            .map("the spec")
            .unwrap_err();
        assert!((1..=4).contains(&e.pos.line), "{e}");
        let items = list.seq("list").unwrap();
        assert_eq!(items[1].value, items[0].value);
        assert_eq!(n.get("flag").unwrap().bool("flag"), Ok(true));
        assert_eq!(n.get("name").unwrap().pos, Pos { line: 1, column: 7 });
    }

    #[test]
    fn syntax_errors_have_lines() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.pos.line >= 2, "{e}");
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.pos.line, 2, "{e}");
        let e = parse("").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(e.pos.line, 3, "{e}");
    }
}
