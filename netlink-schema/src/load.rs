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
    /// Reads and parses a schema file. Does not validate it: see [`Schema::validate`].
    pub fn load(path: impl AsRef<Path>) -> Result<Schema, LoadError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
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
