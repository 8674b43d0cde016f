//! Translation phase 4: directives, conditional inclusion and macro expansion.
//!
//! Macro expansion follows Prosser's algorithm (the one the C standard's examples describe):
//! every token carries the set of macros it came from, and a macro name is not expanded again
//! inside its own expansion. Expanded tokens take the location of the macro invocation, so
//! declarations written through macros still belong to the header that invoked them.
//!
//! A header whose text is one `#ifndef GUARD` ... `#endif` group is read once while `GUARD`
//! stays defined, as gcc does (a later `#include` of it would produce nothing); `#pragma once`
//! is honoured too.
//!
//! # Limits
//!
//! Hostile headers (an `#include` of itself, a macro whose expansion doubles at every level)
//! must end in bounded time and memory, so the work of one translation unit is bounded. Hitting
//! a limit is an error naming the file and line where it was hit ([`Preprocessor::fatal`]); the
//! translation unit is not used. Each limit is far above what real headers need: the headers of
//! `schemas/rtnetlink.toml` read 25 files (140 KB) and expansion produces 1,700 tokens;
//! `linux/bpf.h`, `kvm.h`, `videodev2.h`, `perf_event.h`, `fs.h`, `stdio.h` and `stdlib.h`
//! together read 96 files (0.9 MB) and produce 60,000.
//!
//! | limit | value |
//! | --- | --- |
//! | bytes of one file | [`MAX_FILE_BYTES`] |
//! | bytes of all files | [`MAX_TOTAL_BYTES`] |
//! | headers read (every `#include` that is not skipped by its guard) | [`MAX_INCLUDES`] |
//! | `#include` nesting | [`MAX_INCLUDE_DEPTH`] |
//! | tokens produced by macro expansion, for the whole translation unit | [`MAX_TOKENS`] |
//! | nesting of macro calls in macro arguments | [`MAX_ARG_DEPTH`] |

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::expr::{evaluate, Mode, NoEnv};
use super::lex::{lex, tokenize, HideSet, Kind, LexProblem, Loc, Token};

/// A `#define`d macro.
#[derive(Debug)]
pub struct Macro {
    /// Parameter names of a function-like macro; `None` for an object-like macro.
    pub params: Option<Vec<Rc<str>>>,
    /// The last parameter collects the variable arguments.
    pub variadic: bool,
    /// Replacement list.
    pub body: Vec<Token>,
    /// Where the macro name was written in its `#define`.
    pub loc: Loc,
}

/// A file the preprocessor read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as found on disk (search directory joined with the include name).
    pub path: PathBuf,
    /// Index of the search directory it was found in, for `#include_next`.
    dir_index: Option<usize>,
}

/// A problem met while preprocessing; never fatal.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Where.
    pub loc: Loc,
    /// The source text concerned.
    pub text: String,
    /// What went wrong.
    pub message: String,
}

/// Why a file could not be read.
enum ReadError {
    Io(std::io::Error),
    /// A size limit: the message.
    Limit(String),
}

/// Why a header named by the user could not be read.
#[derive(Debug)]
pub enum IncludeError {
    /// Not in any search directory.
    NotFound,
    /// Found but unreadable.
    Io(PathBuf, std::io::Error),
}

/// What gcc predefines for x86_64 Linux (C17, hosted) that headers test; `__KERNEL__` is not
/// defined, which selects the userspace view of uapi headers.
const PREDEFINED: &str = "
#define __STDC__ 1
#define __STDC_VERSION__ 201710L
#define __STDC_HOSTED__ 1
#define __STDC_UTF_16__ 1
#define __STDC_UTF_32__ 1
#define __STDC_ISO_10646__ 201706L
#define __GNUC__ 12
#define __GNUC_MINOR__ 2
#define __GNUC_PATCHLEVEL__ 0
#define __GNUC_STDC_INLINE__ 1
#define __x86_64__ 1
#define __x86_64 1
#define __amd64__ 1
#define __amd64 1
#define __linux__ 1
#define __linux 1
#define __gnu_linux__ 1
#define __unix__ 1
#define __unix 1
#define linux 1
#define unix 1
#define __ELF__ 1
#define _LP64 1
#define __LP64__ 1
#define __CHAR_BIT__ 8
#define __BIGGEST_ALIGNMENT__ 16
#define __ORDER_LITTLE_ENDIAN__ 1234
#define __ORDER_BIG_ENDIAN__ 4321
#define __ORDER_PDP_ENDIAN__ 3412
#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__
#define __FLOAT_WORD_ORDER__ __ORDER_LITTLE_ENDIAN__
#define __SIZEOF_INT__ 4
#define __SIZEOF_LONG__ 8
#define __SIZEOF_LONG_LONG__ 8
#define __SIZEOF_SHORT__ 2
#define __SIZEOF_POINTER__ 8
#define __SIZEOF_FLOAT__ 4
#define __SIZEOF_DOUBLE__ 8
#define __SIZEOF_LONG_DOUBLE__ 16
#define __SIZEOF_SIZE_T__ 8
#define __SIZEOF_WCHAR_T__ 4
#define __SIZEOF_WINT_T__ 4
#define __SIZEOF_PTRDIFF_T__ 8
#define __SIZEOF_INT128__ 16
#define __SCHAR_MAX__ 0x7f
#define __SHRT_MAX__ 0x7fff
#define __INT_MAX__ 0x7fffffff
#define __LONG_MAX__ 0x7fffffffffffffffL
#define __LONG_LONG_MAX__ 0x7fffffffffffffffLL
#define __WCHAR_MAX__ 0x7fffffff
#define __WCHAR_MIN__ (-__WCHAR_MAX__ - 1)
#define __WINT_MAX__ 0xffffffffU
#define __WINT_MIN__ 0U
#define __PTRDIFF_MAX__ 0x7fffffffffffffffL
#define __SIZE_MAX__ 0xffffffffffffffffUL
#define __INTMAX_MAX__ 0x7fffffffffffffffL
#define __UINTMAX_MAX__ 0xffffffffffffffffUL
#define __INTPTR_MAX__ 0x7fffffffffffffffL
#define __UINTPTR_MAX__ 0xffffffffffffffffUL
#define __INT8_MAX__ 0x7f
#define __INT16_MAX__ 0x7fff
#define __INT32_MAX__ 0x7fffffff
#define __INT64_MAX__ 0x7fffffffffffffffL
#define __UINT8_MAX__ 0xff
#define __UINT16_MAX__ 0xffff
#define __UINT32_MAX__ 0xffffffffU
#define __UINT64_MAX__ 0xffffffffffffffffUL
#define __SIZE_TYPE__ long unsigned int
#define __PTRDIFF_TYPE__ long int
#define __WCHAR_TYPE__ int
#define __WINT_TYPE__ unsigned int
#define __INTMAX_TYPE__ long int
#define __UINTMAX_TYPE__ long unsigned int
#define __CHAR16_TYPE__ short unsigned int
#define __CHAR32_TYPE__ unsigned int
#define __INT8_TYPE__ signed char
#define __INT16_TYPE__ short int
#define __INT32_TYPE__ int
#define __INT64_TYPE__ long int
#define __UINT8_TYPE__ unsigned char
#define __UINT16_TYPE__ short unsigned int
#define __UINT32_TYPE__ unsigned int
#define __UINT64_TYPE__ long unsigned int
#define __INTPTR_TYPE__ long int
#define __UINTPTR_TYPE__ long unsigned int
#define __GCC_HAVE_SYNC_COMPARE_AND_SWAP_1 1
#define __GCC_HAVE_SYNC_COMPARE_AND_SWAP_2 1
#define __GCC_HAVE_SYNC_COMPARE_AND_SWAP_4 1
#define __GCC_HAVE_SYNC_COMPARE_AND_SWAP_8 1
";

/// Operators gcc understands in `#if`; `defined` also reports them as defined.
const HAS_OPERATORS: &[&str] = &[
    "__has_include",
    "__has_include_next",
    "__has_attribute",
    "__has_cpp_attribute",
    "__has_c_attribute",
    "__has_builtin",
    "__has_feature",
    "__has_extension",
    "__has_warning",
];

/// The token standing for `#pragma pack` in the output.
pub const PRAGMA_PACK: &str = "#pragma pack";

/// Deepest `#include` nesting followed (gcc stops at 200 too).
pub const MAX_INCLUDE_DEPTH: usize = 200;

/// Most headers read in one translation unit (an `#include` skipped by its include guard or
/// `#pragma once` does not count).
pub const MAX_INCLUDES: usize = 10_000;

/// Largest file read (the largest uapi header is under 200 KB).
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// Most bytes read from all files of one translation unit.
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;

/// Most tokens macro expansion produces in one translation unit, counting every token a
/// replacement list or argument puts back for rescanning (and one per expansion of an empty
/// macro), including the expansions done afterwards to evaluate each `#define`d constant.
pub const MAX_TOKENS: usize = 2_000_000;

/// Deepest nesting of macro calls in macro arguments expanded.
pub const MAX_ARG_DEPTH: usize = 64;

/// The limits in force for one translation unit; [`Limits::default`] has the values of the
/// constants above (tests lower them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// [`MAX_INCLUDE_DEPTH`]
    pub include_depth: usize,
    /// [`MAX_INCLUDES`]
    pub includes: usize,
    /// [`MAX_FILE_BYTES`]
    pub file_bytes: u64,
    /// [`MAX_TOTAL_BYTES`]
    pub total_bytes: u64,
    /// [`MAX_TOKENS`]
    pub tokens: usize,
    /// [`MAX_ARG_DEPTH`]
    pub arg_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            include_depth: MAX_INCLUDE_DEPTH,
            includes: MAX_INCLUDES,
            file_bytes: MAX_FILE_BYTES,
            total_bytes: MAX_TOTAL_BYTES,
            tokens: MAX_TOKENS,
            arg_depth: MAX_ARG_DEPTH,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ExpandMode {
    Text,
    /// In `#if`: operands of `defined` and `__has_*` are not expanded.
    If,
}

/// One level of `#if` nesting.
struct Cond {
    /// The enclosing group is being kept.
    parent: bool,
    /// Some branch of this `#if` was taken already.
    taken: bool,
    /// The current branch is being kept.
    active: bool,
}

/// The preprocessor state for one translation unit.
pub struct Preprocessor {
    /// Macros currently defined.
    pub macros: HashMap<Rc<str>, Rc<Macro>>,
    /// Files read; a token's `loc.file` indexes this.
    pub files: Vec<SourceFile>,
    /// Object-like and function-like `#define`s in the order they were read.
    pub defines: Vec<(Rc<str>, Loc)>,
    /// Problems met.
    pub diagnostics: Vec<Diagnostic>,
    /// The preprocessed token stream.
    pub output: Vec<Token>,
    /// The limit hit, if one was (see the module documentation): preprocessing stopped there
    /// and the output is incomplete.
    pub fatal: Option<Diagnostic>,
    /// The limits in force.
    pub limits: Limits,
    search: Vec<PathBuf>,
    ids: HashMap<PathBuf, u32>,
    lexed: HashMap<u32, Rc<LexedFile>>,
    pragma_once: HashSet<u32>,
    /// Files whose unterminated comments were reported.
    reported_comments: HashSet<u32>,
    depth: usize,
    /// Tokens produced by expansion so far ([`MAX_TOKENS`]).
    produced: usize,
    /// Headers read so far ([`MAX_INCLUDES`]).
    includes: usize,
    /// Bytes read so far ([`MAX_TOTAL_BYTES`]).
    bytes: u64,
    /// While evaluating a macro's value: the most tokens its expansion may have, and whether
    /// the expansion went past it.
    cap: Option<usize>,
    capped: bool,
    /// Nesting of macro argument expansion (recursive).
    arg_depth: usize,
}

/// A file split into tokens, with what the lexer found wrong and its include guard.
struct LexedFile {
    tokens: Vec<Token>,
    /// Unterminated comments, reported when the file is first read.
    comments: Vec<Loc>,
    /// Indexes of unterminated literals, reported where they are not skipped.
    bad_literals: HashSet<usize>,
    /// The macro of an `#ifndef` that encloses the whole file.
    guard: Option<Rc<str>>,
}

impl LexedFile {
    fn new(text: &str, id: u32) -> LexedFile {
        let lexed = lex(text, id);
        let mut comments = Vec::new();
        let mut bad_literals = HashSet::new();
        for p in lexed.problems {
            match p {
                LexProblem::UnterminatedComment(loc) => comments.push(loc),
                LexProblem::UnterminatedLiteral(n) => {
                    bad_literals.insert(n);
                }
            }
        }
        LexedFile {
            guard: include_guard(&lexed.tokens),
            tokens: lexed.tokens,
            comments,
            bad_literals,
        }
    }
}

/// The guard macro of a header that is one `#ifndef G` (or `#if !defined G`) group from its
/// first token to its last, with no `#else` or `#elif` at the outer level: once `G` is defined,
/// including the header again produces nothing.
fn include_guard(toks: &[Token]) -> Option<Rc<str>> {
    // The directives: where each starts, and its name.
    let directives: Vec<(usize, &str)> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.bol && t.is("#"))
        .filter_map(|(n, _)| {
            let name = toks.get(n + 1).filter(|t| !t.bol)?;
            Some((n, &*name.text))
        })
        .collect();
    let (&(first, kind), rest) = directives.split_first()?;
    if first != 0 {
        return None;
    }
    let line_end = |n: usize| {
        toks.iter()
            .skip(n + 1)
            .position(|t| t.bol)
            .map_or(toks.len(), |k| n + 1 + k)
    };
    let cond: Vec<&Token> = toks.get(2..line_end(0))?.iter().collect();
    let name = match (kind, cond.as_slice()) {
        ("ifndef", [n]) => n,
        ("if", [not, def, n]) if not.is("!") && def.is("defined") => n,
        ("if", [not, def, open, n, close])
            if not.is("!") && def.is("defined") && open.is("(") && close.is(")") =>
        {
            n
        }
        _ => return None,
    };
    if name.kind != Kind::Ident {
        return None;
    }
    let mut depth = 1usize;
    for (k, &(n, d)) in rest.iter().enumerate() {
        match d {
            "if" | "ifdef" | "ifndef" => depth += 1,
            "else" | "elif" | "elifdef" | "elifndef" if depth == 1 => return None,
            "endif" => {
                depth -= 1;
                if depth == 0 {
                    // The group must end the file.
                    return (k + 1 == rest.len() && line_end(n) == toks.len())
                        .then(|| name.text.clone());
                }
            }
            _ => {}
        }
    }
    None
}

impl Preprocessor {
    /// A preprocessor searching `search` for `#include`s, with gcc's predefined macros.
    pub fn new(search: Vec<PathBuf>) -> Preprocessor {
        let mut pp = Preprocessor {
            macros: HashMap::new(),
            files: Vec::new(),
            defines: Vec::new(),
            diagnostics: Vec::new(),
            output: Vec::new(),
            fatal: None,
            limits: Limits::default(),
            search,
            ids: HashMap::new(),
            lexed: HashMap::new(),
            pragma_once: HashSet::new(),
            reported_comments: HashSet::new(),
            depth: 0,
            produced: 0,
            includes: 0,
            bytes: 0,
            cap: None,
            capped: false,
            arg_depth: 0,
        };
        let id = pp.add_file(
            PathBuf::from("<built-in>"),
            PathBuf::from("<built-in>"),
            None,
        );
        pp.lexed.insert(id, Rc::new(LexedFile::new(PREDEFINED, id)));
        pp.process(id);
        pp.defines.clear();
        pp
    }

    /// Preprocesses `text` as if it were a file named `name` (used by tests and for snippets).
    pub fn process_text(&mut self, name: &str, text: &str) -> u32 {
        let id = self.add_file(PathBuf::from(name), PathBuf::from(name), None);
        self.bytes = self.bytes.saturating_add(text.len() as u64);
        self.lexed.insert(id, Rc::new(LexedFile::new(text, id)));
        self.includes += 1;
        self.process(id);
        id
    }

    /// Processes `#include <name>` at top level; returns the file's index.
    pub fn include_named(&mut self, name: &str) -> Result<u32, IncludeError> {
        let (path, dir) = self
            .resolve(name, false, None, false)
            .ok_or(IncludeError::NotFound)?;
        let id = self.file_id(&path, dir);
        if self.skipped(id) {
            return Ok(id);
        }
        if !self.lexed.contains_key(&id) {
            let text = match self.read_limited(&path) {
                Ok(t) => t,
                Err(ReadError::Io(e)) => return Err(IncludeError::Io(path, e)),
                Err(ReadError::Limit(message)) => {
                    self.fail(
                        Loc {
                            file: id,
                            line: 1,
                            column: 1,
                        },
                        message,
                    );
                    return Ok(id);
                }
            };
            self.lexed.insert(id, Rc::new(LexedFile::new(&text, id)));
        }
        if self.count_include(Loc {
            file: id,
            line: 1,
            column: 1,
        }) {
            self.process(id);
        }
        Ok(id)
    }

    /// Reads a file, within the limits on bytes.
    fn read_limited(&mut self, path: &Path) -> Result<String, ReadError> {
        use std::io::Read;
        let max = self.limits.file_bytes;
        let file = std::fs::File::open(path).map_err(ReadError::Io)?;
        let mut bytes = Vec::new();
        file.take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(ReadError::Io)?;
        let n = bytes.len() as u64;
        if n > max {
            return Err(ReadError::Limit(format!(
                "{} is larger than {max} bytes, the most a header may have",
                path.display(),
            )));
        }
        self.bytes = self.bytes.saturating_add(n);
        if self.bytes > self.limits.total_bytes {
            return Err(ReadError::Limit(format!(
                "reading {} makes the headers larger than {} bytes in all",
                path.display(),
                self.limits.total_bytes
            )));
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A header that would produce nothing if read again: `#pragma once`, or its include guard
    /// is defined.
    fn skipped(&self, id: u32) -> bool {
        self.pragma_once.contains(&id)
            || self
                .lexed
                .get(&id)
                .and_then(|f| f.guard.as_ref())
                .is_some_and(|g| self.macros.contains_key(g))
    }

    /// Counts one more header read; false (and the error recorded) past the limit.
    fn count_include(&mut self, at: Loc) -> bool {
        self.includes += 1;
        let max = self.limits.includes;
        if self.includes > max {
            self.fail(
                at,
                format!(
                    "more than {max} headers included (an #include cycle without include \
                     guards?)"
                ),
            );
            return false;
        }
        true
    }

    /// Records that a limit was hit at `loc` (the first one only) and so stops all work.
    fn fail(&mut self, loc: Loc, message: impl Into<String>) {
        if self.fatal.is_none() {
            self.fatal = Some(Diagnostic {
                loc,
                text: String::new(),
                message: message.into(),
            });
        }
    }

    /// The path of a file by its index.
    pub fn path(&self, file: u32) -> Option<&Path> {
        self.files.get(file as usize).map(|f| f.path.as_path())
    }

    fn add_file(&mut self, path: PathBuf, key: PathBuf, dir_index: Option<usize>) -> u32 {
        let id = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(SourceFile { path, dir_index });
        self.ids.insert(key, id);
        id
    }

    /// The index of the file at `path`, the same for every path that names the same file.
    fn file_id(&mut self, path: &Path, dir_index: Option<usize>) -> u32 {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match self.ids.get(&key) {
            Some(id) => *id,
            None => self.add_file(path.to_path_buf(), key, dir_index),
        }
    }

    fn diag(&mut self, loc: Loc, toks: &[Token], message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            loc,
            text: spell(toks),
            message: message.into(),
        });
    }

    /// Looks `name` up: `"..."` first beside the including file; `#include_next` continues
    /// after the directory the including file was found in.
    fn resolve(
        &self,
        name: &str,
        quoted: bool,
        from: Option<u32>,
        next: bool,
    ) -> Option<(PathBuf, Option<usize>)> {
        let from_file = from.and_then(|f| self.files.get(f as usize));
        if quoted && !next {
            if let Some(dir) = from_file.and_then(|f| f.path.parent()) {
                let p = dir.join(name);
                if p.is_file() {
                    return Some((p, from_file.and_then(|f| f.dir_index)));
                }
            }
        }
        let start = match (next, from_file.and_then(|f| f.dir_index)) {
            (true, Some(i)) => i + 1,
            _ => 0,
        };
        self.search
            .iter()
            .enumerate()
            .skip(start)
            .map(|(k, d)| (d.join(name), Some(k)))
            .find(|(p, _)| p.is_file())
    }

    /// Runs the directives and expands the text of file `id`, appending to `output`.
    fn process(&mut self, id: u32) {
        let Some(file) = self.lexed.get(&id).cloned() else {
            return;
        };
        if self.fatal.is_some() {
            return;
        }
        let toks = &file.tokens;
        if !self.reported_comments.contains(&id) {
            self.reported_comments.insert(id);
            for loc in &file.comments {
                self.diag(
                    *loc,
                    &[],
                    "unterminated comment: the rest of the file is not read",
                );
            }
        }
        let mut conds: Vec<Cond> = Vec::new();
        let mut text: Vec<Token> = Vec::new();
        let mut i = 0;
        while let Some(t) = toks.get(i) {
            if self.fatal.is_some() {
                return;
            }
            let active = conds.last().is_none_or(|c| c.active);
            if !(t.bol && t.is("#")) {
                if active {
                    if file.bad_literals.contains(&i) {
                        self.unterminated_literal(t);
                    }
                    text.push(t.clone());
                }
                i += 1;
                continue;
            }
            let end = toks
                .iter()
                .skip(i + 1)
                .position(|t| t.bol)
                .map_or(toks.len(), |n| i + 1 + n);
            let line = toks.get(i + 1..end).unwrap_or(&[]);
            if active {
                for n in i + 1..end {
                    if let Some(t) = toks.get(n).filter(|_| file.bad_literals.contains(&n)) {
                        self.unterminated_literal(t);
                    }
                }
            }
            if active && !text.is_empty() {
                let chunk = std::mem::take(&mut text);
                let expanded = self.expand(chunk, ExpandMode::Text);
                self.output.extend(expanded);
            }
            self.directive(id, t, line, &mut conds);
            i = end;
        }
        if !text.is_empty() {
            let expanded = self.expand(text, ExpandMode::Text);
            self.output.extend(expanded);
        }
        if let Some(last) = toks.last() {
            if !conds.is_empty() {
                self.diag(last.loc, &[], "unterminated #if at end of file");
            }
        }
    }

    /// gcc's diagnostic for a literal that ends at the end of its line.
    fn unterminated_literal(&mut self, t: &Token) {
        let quote = if t.kind == Kind::Char { '\'' } else { '"' };
        self.diag(
            t.loc,
            std::slice::from_ref(t),
            format!(
                "missing terminating {quote} character: the literal ends at the end of the line, \
                 and what follows may be read as part of it"
            ),
        );
    }

    fn directive(&mut self, file: u32, hash: &Token, line: &[Token], conds: &mut Vec<Cond>) {
        let active = conds.last().is_none_or(|c| c.active);
        let Some(name) = line.first() else {
            return; // the null directive
        };
        let args = line.get(1..).unwrap_or(&[]);
        match &*name.text {
            "if" | "ifdef" | "ifndef" => {
                let v = active
                    && match &*name.text {
                        "if" => self.eval_if(hash.loc, args),
                        "ifdef" => self.is_defined(args),
                        _ => !self.is_defined(args),
                    };
                conds.push(Cond {
                    parent: active,
                    taken: v,
                    active: v,
                });
            }
            "elif" | "elifdef" | "elifndef" => {
                let taken = conds.last().map(|c| (c.taken, c.parent));
                match taken {
                    None => self.diag(hash.loc, line, "#elif without #if"),
                    Some((true, _)) | Some((_, false)) => {
                        if let Some(c) = conds.last_mut() {
                            c.active = false;
                        }
                    }
                    Some((false, true)) => {
                        let v = match &*name.text {
                            "elif" => self.eval_if(hash.loc, args),
                            "elifdef" => self.is_defined(args),
                            _ => !self.is_defined(args),
                        };
                        if let Some(c) = conds.last_mut() {
                            c.active = v;
                            c.taken = v;
                        }
                    }
                }
            }
            "else" => match conds.last_mut() {
                Some(c) => {
                    c.active = c.parent && !c.taken;
                    c.taken = true;
                }
                None => self.diag(hash.loc, line, "#else without #if"),
            },
            "endif" => {
                if conds.pop().is_none() {
                    self.diag(hash.loc, line, "#endif without #if");
                }
            }
            _ if !active => {}
            "define" => self.define(hash, args),
            "undef" => {
                if let Some(n) = args.first() {
                    self.macros.remove(&n.text);
                }
            }
            "include" | "include_next" => {
                self.include(file, hash, args, &*name.text == "include_next")
            }
            "pragma" => match args.first().map(|t| &*t.text) {
                Some("once") => {
                    self.pragma_once.insert(file);
                }
                Some("pack") => {
                    // Layout needs it where it is in the text: handed on as a token that no
                    // source can spell, followed by the pragma's arguments.
                    self.output.push(Token {
                        kind: Kind::Ident,
                        text: Rc::from(PRAGMA_PACK),
                        loc: hash.loc,
                        bol: false,
                        space: true,
                        hide: None,
                    });
                    self.output
                        .extend(args.get(1..).unwrap_or(&[]).iter().cloned());
                }
                _ => {}
            },
            "error" => self.diag(hash.loc, line, "#error"),
            "warning" | "line" | "ident" | "sccs" | "assert" | "unassert" => {}
            _ => self.diag(hash.loc, line, "unknown directive"),
        }
    }

    fn is_defined(&self, args: &[Token]) -> bool {
        args.first()
            .is_some_and(|n| self.macros.contains_key(&n.text) || HAS_OPERATORS.contains(&&*n.text))
    }

    /// `#define name replacement` or `#define name(params) replacement`.
    fn define(&mut self, hash: &Token, args: &[Token]) {
        let Some(name) = args.first().filter(|t| t.kind == Kind::Ident) else {
            self.diag(hash.loc, args, "#define without a macro name");
            return;
        };
        let mut rest = args.get(1..).unwrap_or(&[]);
        let mut params = None;
        let mut variadic = false;
        if rest.first().is_some_and(|t| t.is("(") && !t.space) {
            let mut names: Vec<Rc<str>> = Vec::new();
            let mut k = 1;
            loop {
                let Some(t) = rest.get(k) else {
                    self.diag(name.loc, args, "unterminated macro parameter list");
                    return;
                };
                k += 1;
                match &*t.text {
                    ")" => break,
                    "," => {}
                    "..." => {
                        variadic = true;
                        names.push(Rc::from("__VA_ARGS__"));
                    }
                    _ if t.kind == Kind::Ident => {
                        if rest.get(k).is_some_and(|n| n.is("...")) {
                            // GNU named variable arguments: `args...`
                            variadic = true;
                            k += 1;
                        }
                        names.push(t.text.clone());
                    }
                    _ => {
                        self.diag(t.loc, args, "bad macro parameter list");
                        return;
                    }
                }
            }
            rest = rest.get(k..).unwrap_or(&[]);
            params = Some(names);
        }
        let body: Vec<Token> = rest
            .iter()
            .enumerate()
            .map(|(n, t)| Token {
                bol: false,
                space: n > 0 && t.space,
                ..t.clone()
            })
            .collect();
        self.defines.push((name.text.clone(), name.loc));
        self.macros.insert(
            name.text.clone(),
            Rc::new(Macro {
                params,
                variadic,
                body,
                loc: name.loc,
            }),
        );
    }

    fn include(&mut self, file: u32, hash: &Token, args: &[Token], next: bool) {
        let expanded;
        let args = if args
            .first()
            .is_some_and(|t| t.kind == Kind::Str || t.is("<"))
        {
            args
        } else {
            expanded = self.expand(args.to_vec(), ExpandMode::Text);
            &expanded[..]
        };
        let Some((name, quoted)) = header_name(args) else {
            self.diag(hash.loc, args, "bad #include");
            return;
        };
        let Some((path, dir)) = self.resolve(&name, quoted, Some(file), next) else {
            self.diag(
                hash.loc,
                args,
                format!("header <{name}> not found; skipped"),
            );
            return;
        };
        let id = self.file_id(&path, dir);
        if self.skipped(id) {
            return;
        }
        if self.depth >= self.limits.include_depth {
            let max = self.limits.include_depth;
            self.fail(
                hash.loc,
                format!("#include nested deeper than {max} (an #include cycle?)"),
            );
            return;
        }
        if !self.lexed.contains_key(&id) {
            match self.read_limited(&path) {
                Ok(text) => {
                    self.lexed.insert(id, Rc::new(LexedFile::new(&text, id)));
                }
                Err(ReadError::Io(e)) => {
                    self.diag(
                        hash.loc,
                        args,
                        format!("cannot read {}: {e}", path.display()),
                    );
                    return;
                }
                Err(ReadError::Limit(message)) => {
                    self.fail(hash.loc, message);
                    return;
                }
            }
        }
        if !self.count_include(hash.loc) {
            return;
        }
        self.depth += 1;
        self.process(id);
        self.depth -= 1;
    }

    /// Evaluates the condition of `#if`/`#elif`.
    fn eval_if(&mut self, loc: Loc, args: &[Token]) -> bool {
        let expanded = self.expand(args.to_vec(), ExpandMode::If);
        let mut toks: Vec<Token> = Vec::with_capacity(expanded.len());
        let mut i = 0;
        while let Some(t) = expanded.get(i) {
            i += 1;
            let value = if t.is("defined") {
                let (name, used) = match (expanded.get(i), expanded.get(i + 1)) {
                    (Some(p), Some(n)) if p.is("(") => (Some(n), 3),
                    (Some(n), _) => (Some(n), 1),
                    _ => (None, 0),
                };
                i += used;
                name.is_some_and(|n| {
                    self.macros.contains_key(&n.text) || HAS_OPERATORS.contains(&&*n.text)
                })
            } else if HAS_OPERATORS.contains(&&*t.text) {
                let close = expanded
                    .iter()
                    .skip(i)
                    .position(|t| t.is(")"))
                    .map_or(expanded.len(), |n| i + n);
                let inner = expanded.get(i + 1..close).unwrap_or(&[]);
                i = close + 1;
                match &*t.text {
                    "__has_include" | "__has_include_next" => {
                        header_name(inner).is_some_and(|(name, quoted)| {
                            let next = &*t.text == "__has_include_next";
                            self.resolve(&name, quoted, Some(loc.file), next).is_some()
                        })
                    }
                    _ => false,
                }
            } else {
                toks.push(t.clone());
                continue;
            };
            toks.push(Token {
                kind: Kind::Number,
                text: Rc::from(if value { "1" } else { "0" }),
                ..t.clone()
            });
        }
        match evaluate(&toks, &NoEnv, Mode::Preprocessor) {
            Ok(v) => {
                if let Some(o) = v.overflow() {
                    self.diag(loc, args, format!("#if condition: {o}"));
                }
                v.as_u64() != 0
            }
            Err(e) => {
                self.diag(loc, args, format!("#if condition: {e}; taken as false"));
                false
            }
        }
    }

    /// Expands every macro in `input` as in the text of a file, with the macros defined now.
    pub fn expand_text(&mut self, input: Vec<Token>) -> Vec<Token> {
        self.expand(input, ExpandMode::Text)
    }

    /// Like [`Preprocessor::expand_text`], but gives up once the expansion has produced more
    /// than `max` tokens (`Err` with what it had): for evaluating macros as constants, where an
    /// expression longer than that is of no use. The tokens still count towards the limit on
    /// tokens.
    pub fn expand_text_within(
        &mut self,
        input: Vec<Token>,
        max: usize,
    ) -> Result<Vec<Token>, Vec<Token>> {
        self.cap = Some(self.produced.saturating_add(max));
        self.capped = false;
        let out = self.expand(input, ExpandMode::Text);
        self.cap = None;
        if std::mem::take(&mut self.capped) {
            Err(out)
        } else {
            Ok(out)
        }
    }

    /// Expands every macro in `input` (C11 6.10.3).
    fn expand(&mut self, input: Vec<Token>, mode: ExpandMode) -> Vec<Token> {
        let mut stack: Vec<Token> = input;
        stack.reverse();
        let mut out = Vec::with_capacity(stack.len());
        while let Some(t) = stack.pop() {
            if t.kind != Kind::Ident {
                out.push(t);
                continue;
            }
            if mode == ExpandMode::If && (t.is("defined") || HAS_OPERATORS.contains(&&*t.text)) {
                // The operand is a name, not something to expand.
                let parens = t.is("defined") || stack.last().is_some_and(|n| n.is("("));
                out.push(t);
                if stack.last().is_some_and(|n| n.is("(")) {
                    let mut depth = 0usize;
                    while let Some(n) = stack.pop() {
                        let close = n.is(")");
                        if n.is("(") {
                            depth += 1;
                        } else if close {
                            depth = depth.saturating_sub(1);
                        }
                        out.push(n);
                        if close && depth == 0 {
                            break;
                        }
                    }
                } else if parens {
                    out.extend(stack.pop());
                }
                continue;
            }
            let Some(m) = self.macros.get(&t.text).cloned() else {
                out.push(t);
                continue;
            };
            if t.hidden(&t.text) {
                out.push(t);
                continue;
            }
            if self.fatal.is_some() || self.capped {
                out.push(t);
                out.extend(stack.into_iter().rev());
                return out;
            }
            let name = t.text.clone();
            let result = match &m.params {
                None => {
                    let hide = hide_add(&t.hide, &name);
                    self.substitute(&m, Vec::new(), mode).map(|b| (b, hide))
                }
                Some(_) => {
                    if !stack.last().is_some_and(|n| n.is("(")) {
                        out.push(t);
                        continue;
                    }
                    let Some((args, rparen)) = collect_args(&mut stack) else {
                        self.diag(t.loc, &[], format!("unterminated call of macro `{name}`"));
                        out.push(t);
                        continue;
                    };
                    let hide = hide_add(&hide_intersect(&t.hide, &rparen.hide), &name);
                    self.substitute(&m, args, mode).map(|b| (b, hide))
                }
            };
            match result {
                Ok((body, hide)) => {
                    // An empty expansion still costs one: `E E E ...` is bounded too.
                    self.produced = self.produced.saturating_add(body.len().max(1));
                    if self.cap.is_some_and(|c| self.produced > c) {
                        self.capped = true;
                    }
                    if self.produced > self.limits.tokens {
                        let max = self.limits.tokens;
                        self.fail(
                            t.loc,
                            format!(
                                "macro expansion produced more than {max} tokens in all \
                                 (expanding `{name}`)"
                            ),
                        );
                    }
                    for (n, mut b) in body.into_iter().enumerate().rev() {
                        b.loc = t.loc;
                        b.bol = false;
                        if n == 0 {
                            b.space = t.space;
                        }
                        b.hide = hide_union(&b.hide, &hide);
                        stack.push(b);
                    }
                }
                Err(message) => self.diag(t.loc, std::slice::from_ref(&t), message),
            }
        }
        out
    }

    /// The replacement list of `m` with arguments substituted, `#` and `##` applied.
    fn substitute(
        &mut self,
        m: &Macro,
        mut args: Vec<Vec<Token>>,
        mode: ExpandMode,
    ) -> Result<Vec<Token>, String> {
        let params: &[Rc<str>] = m.params.as_deref().unwrap_or(&[]);
        if params.is_empty() && args.len() == 1 && args.first().is_some_and(|a| a.is_empty()) {
            args.clear();
        }
        if m.variadic {
            let fixed = params.len().saturating_sub(1);
            if args.len() == fixed {
                args.push(Vec::new());
            } else if args.len() > fixed {
                // Join the variable arguments back with their commas.
                let rest = args.split_off(fixed);
                let mut va = Vec::new();
                for (n, a) in rest.into_iter().enumerate() {
                    if n > 0 {
                        va.push(comma_token(a.first().map(|t| t.loc).unwrap_or(m.loc)));
                    }
                    va.extend(a);
                }
                args.push(va);
            }
        }
        if m.params.is_some() && args.len() != params.len() {
            return Err(format!(
                "macro takes {} arguments, {} given",
                params.len(),
                args.len()
            ));
        }
        let param = |t: &Token| -> Option<usize> {
            if t.kind != Kind::Ident || m.params.is_none() {
                return None;
            }
            params.iter().position(|p| **p == *t.text)
        };
        let mut expanded: Vec<Option<Vec<Token>>> = vec![None; args.len()];
        let mut out: Vec<Token> = Vec::new();
        // Set when the last thing appended was an empty argument (a "placemarker").
        let mut placemarker = false;
        let body = &m.body;
        let mut i = 0;
        while let Some(t) = body.get(i) {
            let next = body.get(i + 1);
            if m.params.is_some() && t.is("#") {
                if let Some(p) = next.and_then(param) {
                    let arg = args.get(p).map(Vec::as_slice).unwrap_or(&[]);
                    out.push(stringify(arg, t));
                    placemarker = false;
                    i += 2;
                    continue;
                }
            }
            if t.is("##") {
                i += 2;
                let Some(rhs) = next else { break };
                let rhs_toks: Vec<Token> = match param(rhs) {
                    Some(p) => args.get(p).cloned().unwrap_or_default(),
                    None => vec![rhs.clone()],
                };
                let is_va = m.variadic && param(rhs) == Some(params.len().saturating_sub(1));
                if is_va && out.last().is_some_and(|l| l.is(",")) && !placemarker {
                    // GNU `, ## __VA_ARGS__`: the comma goes away with empty arguments.
                    if rhs_toks.is_empty() {
                        out.pop();
                    } else {
                        out.extend(rhs_toks);
                    }
                    placemarker = false;
                    continue;
                }
                if rhs_toks.is_empty() {
                    continue;
                }
                if placemarker || out.is_empty() {
                    out.extend(rhs_toks);
                    placemarker = false;
                    continue;
                }
                let mut it = rhs_toks.into_iter();
                if let (Some(lhs), Some(first)) = (out.pop(), it.next()) {
                    out.extend(paste(&lhs, &first));
                }
                out.extend(it);
                continue;
            }
            if let Some(p) = param(t) {
                i += 1;
                let raw = args.get(p).cloned().unwrap_or_default();
                if next.is_some_and(|n| n.is("##")) {
                    placemarker = raw.is_empty();
                    out.extend(raw);
                    continue;
                }
                let e = match expanded.get(p).cloned().flatten() {
                    Some(e) => e,
                    None => {
                        if self.arg_depth >= self.limits.arg_depth {
                            let loc = raw.first().map_or(m.loc, |t| t.loc);
                            let max = self.limits.arg_depth;
                            self.fail(
                                loc,
                                format!("macro calls nested deeper than {max} in macro arguments"),
                            );
                            return Err("macro arguments nested too deeply".into());
                        }
                        self.arg_depth += 1;
                        let e = self.expand(raw, mode);
                        self.arg_depth -= 1;
                        if let Some(slot) = expanded.get_mut(p) {
                            *slot = Some(e.clone());
                        }
                        e
                    }
                };
                let mut e = e;
                if let Some(f) = e.first_mut() {
                    f.space = t.space;
                }
                out.extend(e);
                placemarker = false;
                continue;
            }
            out.push(t.clone());
            placemarker = false;
            i += 1;
        }
        Ok(out)
    }
}

/// Reads macro arguments after the name; the stack holds the rest of the input, reversed.
fn collect_args(stack: &mut Vec<Token>) -> Option<(Vec<Vec<Token>>, Token)> {
    let mut taken: Vec<Token> = Vec::new();
    let mut args: Vec<Vec<Token>> = vec![Vec::new()];
    let mut depth = 0usize;
    let open = stack.pop()?;
    taken.push(open.clone());
    while let Some(t) = stack.pop() {
        taken.push(t.clone());
        if t.is("(") {
            depth += 1;
        } else if t.is(")") {
            if depth == 0 {
                return Some((args, t));
            }
            depth -= 1;
        } else if t.is(",") && depth == 0 {
            args.push(Vec::new());
            continue;
        }
        if let Some(a) = args.last_mut() {
            a.push(t);
        }
    }
    // Unterminated: put everything back.
    stack.extend(taken.into_iter().rev());
    None
}

fn comma_token(loc: Loc) -> Token {
    Token {
        kind: Kind::Punct,
        text: Rc::from(","),
        loc,
        bol: false,
        space: false,
        hide: None,
    }
}

/// `#param`: the argument's spelling as a string literal.
fn stringify(arg: &[Token], at: &Token) -> Token {
    let mut s = String::from("\"");
    for (n, t) in arg.iter().enumerate() {
        if n > 0 && t.space {
            s.push(' ');
        }
        if matches!(t.kind, Kind::Str | Kind::Char) {
            for c in t.text.chars() {
                if c == '"' || c == '\\' {
                    s.push('\\');
                }
                s.push(c);
            }
        } else {
            s.push_str(&t.text);
        }
    }
    s.push('"');
    Token {
        kind: Kind::Str,
        text: Rc::from(s),
        hide: None,
        ..at.clone()
    }
}

/// `a ## b`: one token spelled as both together; gcc rejects pastes that do not form one
/// token, here both are kept.
fn paste(lhs: &Token, rhs: &Token) -> Vec<Token> {
    let text = format!("{}{}", lhs.text, rhs.text);
    let mut toks = tokenize(&text, lhs.loc.file);
    if toks.len() == 1 {
        if let Some(mut t) = toks.pop() {
            t.loc = lhs.loc;
            t.space = lhs.space;
            t.bol = false;
            t.hide = lhs.hide.clone();
            return vec![t];
        }
    }
    vec![lhs.clone(), rhs.clone()]
}

fn hide_add(h: &HideSet, name: &Rc<str>) -> HideSet {
    let mut v: Vec<Rc<str>> = h.as_deref().cloned().unwrap_or_default();
    if !v.iter().any(|n| n == name) {
        v.push(name.clone());
    }
    Some(Rc::new(v))
}

fn hide_union(a: &HideSet, b: &HideSet) -> HideSet {
    match (a, b) {
        (None, x) | (x, None) => x.clone(),
        (Some(x), Some(y)) => {
            let mut v: Vec<Rc<str>> = (**x).clone();
            for n in y.iter() {
                if !v.contains(n) {
                    v.push(n.clone());
                }
            }
            Some(Rc::new(v))
        }
    }
}

fn hide_intersect(a: &HideSet, b: &HideSet) -> HideSet {
    match (a, b) {
        (Some(x), Some(y)) => {
            let v: Vec<Rc<str>> = x.iter().filter(|n| y.contains(n)).cloned().collect();
            (!v.is_empty()).then(|| Rc::new(v))
        }
        _ => None,
    }
}

/// The header named by `#include` tokens: `"name"` or `<` tokens `>`.
fn header_name(args: &[Token]) -> Option<(String, bool)> {
    let first = args.first()?;
    if first.kind == Kind::Str {
        let s = first.text.strip_prefix('"')?.strip_suffix('"')?;
        return Some((s.to_string(), true));
    }
    if first.is("<") {
        let mut name = String::new();
        for t in args.get(1..)? {
            if t.is(">") {
                return Some((name, false));
            }
            name.push_str(&t.text);
        }
    }
    None
}

/// Source-like spelling of tokens, for messages.
pub fn spell(toks: &[Token]) -> String {
    let mut s = String::new();
    for (n, t) in toks.iter().enumerate() {
        if n > 0 && t.space {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pp(src: &str) -> (String, Preprocessor) {
        let mut p = Preprocessor::new(Vec::new());
        p.process_text("t.h", src);
        let s = spell(&p.output);
        (s, p)
    }

    #[test]
    fn object_and_function_macros() {
        assert_eq!(pp("#define A 1 + B\n#define B 2\nA").0, "1 + 2");
        assert_eq!(
            pp("#define F(x, y) (x * y)\nF(1 + 2, F(3, 4))").0,
            "(1 + 2 * (3 * 4))"
        );
        assert_eq!(pp("#define F (x)\nF").0, "(x)");
        assert_eq!(pp("#define F(x) x\nF").0, "F");
        assert_eq!(pp("#define F() 7\nF()").0, "7");
    }

    #[test]
    fn no_recursive_self_expansion() {
        assert_eq!(pp("#define A A + 1\nA").0, "A + 1");
        assert_eq!(pp("#define A B\n#define B A\nA B").0, "A B");
        assert_eq!(pp("#define f(x) x + f(x)\nf(1)").0, "1 + f(1)");
        // The classic from C11 6.10.3.5p5.
        assert_eq!(
            pp("#define x 3\n#define f(a) f(x * (a))\n#undef x\n#define x 2\n#define g f\n#define z z[0]\nf(y+1) + f(f(z)) % t(t(g)(0) + t)(1);\n#define t(a) a\n")
                .0,
            "f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % t(t(f)(0) + t)(1);"
        );
    }

    #[test]
    fn stringify_and_paste() {
        assert_eq!(pp("#define S(x) #x\nS(a  \"b\" c)").0, "\"a \\\"b\\\" c\"");
        assert_eq!(
            pp("#define C(a, b) a ## b\nC(IFLA_, MAX) C(, x) C(1, )").0,
            "IFLA_MAX x 1"
        );
        assert_eq!(
            pp("#define V(f, ...) f(0, ## __VA_ARGS__)\nV(g) V(g, 1, 2)").0,
            "g(0) g(0, 1, 2)"
        );
        assert_eq!(pp("#define V(a...) [a]\nV(1, 2)").0, "[1, 2]");
    }

    #[test]
    fn conditionals() {
        let src = "#define A 2\n#if A > 1 && defined(A) && !defined B\nyes\n#elif 1\nno\n#else\nno\n#endif\n\
                   #ifdef B\nno\n#elif A == 2\nyes2\n#endif\n#if 0\n#if garbage (\n#endif\nno\n#else\nyes3\n#endif\n\
                   #if __x86_64__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && !defined(__KERNEL__)\nyes4\n#endif\n\
                   #if defined __has_include && __has_include(<nonexistent.h>)\nno\n#endif";
        let (s, p) = pp(src);
        assert_eq!(s, "yes yes2 yes3 yes4");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn undef_and_line_continuation() {
        assert_eq!(pp("#define A \\\n 5\nA\n#undef A\nA").0, "5 A");
    }

    #[test]
    fn expanded_tokens_take_the_invocation_location() {
        let (_, p) = pp("#define A x y\n\n  A");
        assert!(p
            .output
            .iter()
            .all(|t| t.loc.line == 3 && t.loc.column == 3));
    }

    #[test]
    fn include_guards_are_recognised() {
        let guard = |s: &str| include_guard(&tokenize(s, 0)).map(|g| g.to_string());
        assert_eq!(
            guard("#ifndef G\n#define G\nint x;\n#endif\n"),
            Some("G".into())
        );
        assert_eq!(
            guard("#if !defined(G)\n#define G\n#if A\n#else\n#endif\n#endif"),
            Some("G".into())
        );
        assert_eq!(guard("#if !defined G\n#endif"), Some("G".into()));
        // Not a guard: text outside the group, an #else at its level, another condition.
        assert_eq!(guard("int y;\n#ifndef G\n#define G\n#endif\n"), None);
        assert_eq!(guard("#ifndef G\n#define G\n#endif\nint y;\n"), None);
        assert_eq!(guard("#ifndef G\n#define G\n#endif\n#define H\n"), None);
        assert_eq!(guard("#ifndef G\n#else\nint y;\n#endif\n"), None);
        assert_eq!(guard("#ifdef G\n#endif\n"), None);
        assert_eq!(guard("#ifndef G\nint x;\n"), None);
    }

    fn pp_limited(src: &str, tokens: usize) -> Preprocessor {
        let mut p = Preprocessor::new(Vec::new());
        p.limits.tokens = tokens;
        p.process_text("t.h", src);
        p
    }

    #[test]
    fn expansion_is_bounded_for_the_whole_translation_unit() {
        // Each line costs 1,110 tokens (10 + 100 + 1000 bodies): under the limit one at a
        // time, over it in all.
        let mut src = String::from("#define A0 1 1 1 1 1 1 1 1 1 1\n");
        for n in 1..3 {
            let prev = format!("A{} ", n - 1).repeat(10);
            src.push_str(&format!("#define A{n} {prev}\n"));
        }
        src.push_str(&"A2\n".repeat(20));
        let p = pp_limited(&src, 10_000);
        let fatal = p.fatal.expect("the limit is hit");
        assert!(
            fatal.message.contains("more than 10000 tokens"),
            "{fatal:?}"
        );
        assert_eq!(fatal.loc.line, 3 + 10_000 / 1_110 + 1);
        // ... and the output stops there.
        assert!(p.output.len() <= 10_000, "{}", p.output.len());
        assert!(pp_limited(&src, 30_000).fatal.is_none());

        // An empty macro used many times counts too.
        let p = pp_limited(&format!("#define E\n{}", "E ".repeat(1001)), 1000);
        assert!(p.fatal.is_some());
    }

    #[test]
    fn a_macro_evaluated_as_a_constant_gives_up_past_its_cap() {
        let mut p = Preprocessor::new(Vec::new());
        p.process_text(
            "t.h",
            "#define B 1 1 1 1 1 1 1 1 1 1\n#define C B B B B B B B B B B\n",
        );
        let call = |p: &mut Preprocessor, name: &str, max: usize| {
            let t = tokenize(name, 1).pop().expect("a token");
            p.expand_text_within(vec![t], max).ok().map(|v| v.len())
        };
        assert_eq!(call(&mut p, "C", 200), Some(100));
        assert_eq!(call(&mut p, "C", 50), None);
        assert_eq!(call(&mut p, "B", 50), Some(10));
        assert!(p.fatal.is_none());
    }

    #[test]
    fn unterminated_literals_are_reported_only_where_not_skipped() {
        let (_, p) = pp(
            "#if 0\ndon't\n#endif\nchar *s = \"open;\n#define Q 'x\n#if 0\n#define R 'y\n#endif\n",
        );
        let msgs: Vec<(u32, &str)> = p
            .diagnostics
            .iter()
            .map(|d| (d.loc.line, d.text.as_str()))
            .collect();
        assert_eq!(msgs, [(4, "\"open;"), (5, "'x")]);
        assert!(p.diagnostics[0]
            .message
            .starts_with("missing terminating \" character"));
        assert!(p.diagnostics[1]
            .message
            .starts_with("missing terminating ' character"));
    }

    #[test]
    fn bad_input_gives_diagnostics_not_panics() {
        for s in [
            "#if\n#endif",
            "#define",
            "#define F(x\n",
            "#define F(x) x\nF(1",
            "#else",
            "#endif",
            "#if 1/0\n#endif",
            "#define F(x,y) x\nF(1)",
            "# include",
            "#foo",
        ] {
            let (_, p) = pp(s);
            assert!(!p.diagnostics.is_empty(), "{s}");
        }
    }
}
