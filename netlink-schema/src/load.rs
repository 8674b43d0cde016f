//! Reading a schema file, with errors that name `file:line:column`.

use std::path::{Path, PathBuf};

use crate::model::Schema;

/// Why a schema could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: cannot read schema: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_SCHEMA_BYTES`] (or never ends, like `/dev/zero`).
    #[error("{}: not read: larger than {limit} bytes, the most a schema file may have", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The file is not a valid schema (TOML syntax, or a key or value of the wrong shape).
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        message: String,
    },
}

/// The largest schema file read (the bundled `rtnetlink.toml` is 200 KB).
pub const MAX_SCHEMA_BYTES: u64 = 16 << 20;

/// Reads the text of a schema file: at most [`MAX_SCHEMA_BYTES`], UTF-8 (an invalid byte is
/// reported with its line and column).
pub fn read_schema_text(path: &Path) -> Result<String, LoadError> {
    use std::io::Read;
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_SCHEMA_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_SCHEMA_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            limit: MAX_SCHEMA_BYTES,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e
            .as_bytes()
            .get(..e.utf8_error().valid_up_to())
            .unwrap_or_default();
        let (line, column) = line_col(&String::from_utf8_lossy(good), good.len());
        LoadError::Parse {
            path: path.to_owned(),
            line,
            column,
            message: "not valid UTF-8".into(),
        }
    })
}

/// Where a loaded schema came from: kept so diagnostics can name lines.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl Source {
    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        line_col(&self.text, offset).0
    }
}

/// 1-based line and column of byte `offset` in `text` (clamped to the end).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, offset - line_start + 1)
}

impl Schema {
    /// Reads (see [`read_schema_text`]) and parses a schema file. Does not validate it: see
    /// [`Schema::validate`].
    pub fn load(path: impl AsRef<Path>) -> Result<Schema, LoadError> {
        let path = path.as_ref();
        let text = read_schema_text(path)?;
        Schema::parse(text, path)
    }

    /// Parses schema text; `path` is used in error messages.
    pub fn parse(text: String, path: impl AsRef<Path>) -> Result<Schema, LoadError> {
        let path = path.as_ref();
        match toml::from_str::<Schema>(&text) {
            Ok(mut schema) => {
                schema.source = Some(Source {
                    path: path.to_owned(),
                    text,
                });
                Ok(schema)
            }
            Err(e) => {
                let (line, column) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
                Err(LoadError::Parse {
                    path: path.to_owned(),
                    line,
                    column,
                    message: e.message().trim().to_owned(),
                })
            }
        }
    }

    /// The file this schema was loaded from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.source.as_ref().map(|s| s.path.as_path())
    }
}
