//! Translation phases 1-3: turn the text of one file into preprocessing tokens.
//!
//! Comments and line continuations become white space, so later stages only see tokens. Every
//! token remembers where it was written (file, line, column) and whether it began a line, which
//! is what the preprocessor needs to recognise directives.

use std::iter::Enumerate;
use std::rc::Rc;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{anychar, satisfy};
use nom::combinator::{opt, recognize};
use nom::error::{Error, ErrorKind, ParseError};
use nom::{IResult, Needed, Parser};

/// What kind of preprocessing token this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword.
    Ident,
    /// A preprocessing number (integer or floating literal, possibly invalid).
    Number,
    /// A character constant, with its prefix and quotes.
    Char,
    /// A string literal, with its prefix and quotes.
    Str,
    /// A punctuator such as `<<=`.
    Punct,
    /// A character that fits no other category (e.g. a stray `\` or `@`).
    Other,
}

/// Where a token was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    /// Index into the preprocessor's file table.
    pub file: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in bytes.
    pub column: u32,
}

/// The set of macro names that must not be expanded again in a token (Prosser's hide set).
pub type HideSet = Option<Rc<Vec<Rc<str>>>>;

/// One preprocessing token.
#[derive(Clone, Debug)]
pub struct Token {
    /// Category of the token.
    pub kind: Kind,
    /// Spelling of the token.
    pub text: Rc<str>,
    /// Where the token (or the macro invocation that produced it) was written.
    pub loc: Loc,
    /// First token on its line: only then can `#` start a directive.
    pub bol: bool,
    /// White space before the token: tells `#define F(x)` from `#define F (x)`.
    pub space: bool,
    /// Macros whose expansion produced this token and must not expand it again.
    pub hide: HideSet,
}

impl Token {
    /// True if this token is the punctuator or identifier `s`.
    pub fn is(&self, s: &str) -> bool {
        matches!(self.kind, Kind::Punct | Kind::Ident) && &*self.text == s
    }

    /// True if `name` is in this token's hide set.
    pub fn hidden(&self, name: &str) -> bool {
        self.hide
            .as_ref()
            .is_some_and(|h| h.iter().any(|n| &**n == name))
    }
}

/// A slice of tokens that nom can parse, so the grammar above the lexer is written with nom too.
#[derive(Clone, Copy)]
pub struct Tokens<'a>(pub &'a [Token]);

impl std::fmt::Debug for Tokens<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: Vec<&str> = self.0.iter().take(8).map(|t| &*t.text).collect();
        write!(f, "Tokens({})", shown.join(" "))
    }
}

impl<'a> Tokens<'a> {
    /// The first token, if any.
    pub fn first(&self) -> Option<&'a Token> {
        self.0.first()
    }

    /// Number of tokens consumed going from `self` to `rest` (a suffix of `self`).
    pub fn consumed(&self, rest: Tokens<'a>) -> usize {
        self.0.len().saturating_sub(rest.0.len())
    }

    /// The tokens of `self` before `rest`.
    pub fn until(&self, rest: Tokens<'a>) -> &'a [Token] {
        let n = self.consumed(rest);
        self.0.get(..n).unwrap_or(&[])
    }
}

impl<'a> nom::Input for Tokens<'a> {
    type Item = &'a Token;
    type Iter = std::slice::Iter<'a, Token>;
    type IterIndices = Enumerate<std::slice::Iter<'a, Token>>;

    fn input_len(&self) -> usize {
        self.0.len()
    }
    fn take(&self, index: usize) -> Self {
        Tokens(self.0.get(..index).unwrap_or(self.0))
    }
    fn take_from(&self, index: usize) -> Self {
        Tokens(self.0.get(index..).unwrap_or(&[]))
    }
    fn take_split(&self, index: usize) -> (Self, Self) {
        (self.take_from(index), self.take(index))
    }
    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.0.iter().position(predicate)
    }
    fn iter_elements(&self) -> Self::Iter {
        self.0.iter()
    }
    fn iter_indices(&self) -> Self::IterIndices {
        self.0.iter().enumerate()
    }
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.0.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.0.len()))
        }
    }
}

/// Result of a parser over tokens.
pub type TResult<'a, O> = IResult<Tokens<'a>, O, Error<Tokens<'a>>>;

/// A nom error at `i`.
pub fn fail<'a, O>(i: Tokens<'a>) -> TResult<'a, O> {
    Err(nom::Err::Error(Error::from_error_kind(
        i,
        ErrorKind::Verify,
    )))
}

/// One token, whatever it is.
pub fn any_token(i: Tokens<'_>) -> TResult<'_, &Token> {
    match i.0.split_first() {
        Some((t, rest)) => Ok((Tokens(rest), t)),
        None => fail(i),
    }
}

/// The punctuator (or keyword) `p`.
pub fn punct<'a>(p: &'static str) -> impl Fn(Tokens<'a>) -> TResult<'a, &'a Token> {
    move |i: Tokens<'a>| match i.0.split_first() {
        Some((t, rest)) if t.is(p) => Ok((Tokens(rest), t)),
        _ => fail(i),
    }
}

/// An identifier (keywords included: the grammar decides what is a keyword).
pub fn identifier(i: Tokens<'_>) -> TResult<'_, &Token> {
    match i.0.split_first() {
        Some((t, rest)) if t.kind == Kind::Ident => Ok((Tokens(rest), t)),
        _ => fail(i),
    }
}

/// A parenthesised (or bracketed, braced) group with balanced nesting; returns its inside.
pub fn balanced<'a>(
    open: &'static str,
    close: &'static str,
) -> impl Fn(Tokens<'a>) -> TResult<'a, Tokens<'a>> {
    move |i: Tokens<'a>| {
        let (rest, _) = punct(open)(i)?;
        let mut depth = 1usize;
        for (n, t) in rest.0.iter().enumerate() {
            if t.is(open) {
                depth += 1;
            } else if t.is(close) {
                depth -= 1;
                if depth == 0 {
                    let inner = Tokens(rest.0.get(..n).unwrap_or(&[]));
                    return Ok((Tokens(rest.0.get(n + 1..).unwrap_or(&[])), inner));
                }
            }
        }
        fail(i)
    }
}

type SResult<'a, O> = IResult<&'a str, O, Error<&'a str>>;

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$'
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// identifier: nondigit (nondigit | digit)*
fn identifier_text(i: &str) -> SResult<'_, &str> {
    recognize((satisfy(is_ident_start), take_while(is_ident_continue))).parse(i)
}

/// pp-number: `.`? digit (digit | identifier-nondigit | `e+` | `p-` | `.`)*
fn pp_number(i: &str) -> SResult<'_, &str> {
    let (_, _) = recognize((opt(tag(".")), satisfy(|c| c.is_ascii_digit()))).parse(i)?;
    let mut end = 0;
    let bytes = i.as_bytes();
    while let Some(&b) = bytes.get(end) {
        // A sign belongs to the number only right after an exponent letter.
        let exponent_sign = (b == b'+' || b == b'-')
            && end > 0
            && matches!(bytes.get(end - 1), Some(b'e' | b'E' | b'p' | b'P'));
        if exponent_sign || b.is_ascii_alphanumeric() || b == b'_' || b == b'.' {
            end += 1;
        } else {
            break;
        }
    }
    Ok((i.get(end..).unwrap_or(""), i.get(..end).unwrap_or(i)))
}

/// A quoted literal (character constant or string literal) with an optional encoding prefix.
/// An unterminated literal ends at the end of the line, as in gcc; a backslash-newline inside
/// is a line splice (translation phase 2), and the literal goes on on the next line.
fn quoted(quote: char) -> impl Fn(&str) -> SResult<'_, &str> {
    move |i: &str| {
        let (after_prefix, _) = opt(alt((tag("u8"), tag("u"), tag("U"), tag("L")))).parse(i)?;
        let (body, _) = satisfy(|c| c == quote).parse(after_prefix)?;
        let mut chars = body.char_indices();
        let mut end = body.len();
        while let Some((n, c)) = chars.next() {
            if c == '\\' {
                // An escaped quote or backslash does not end the literal, nor does a splice.
                if let Some((_, '\r')) = chars.next() {
                    if let Some((_, '\n')) = chars.clone().next() {
                        chars.next();
                    }
                }
            } else if c == quote {
                end = n + c.len_utf8();
                break;
            } else if c == '\n' {
                end = n;
                break;
            }
        }
        let total = i.len() - body.len() + end;
        Ok((i.get(total..).unwrap_or(""), i.get(..total).unwrap_or(i)))
    }
}

/// character-constant: prefix? `'` c-char-sequence `'`
fn character_constant(i: &str) -> SResult<'_, &str> {
    quoted('\'')(i)
}

/// string-literal: prefix? `"` s-char-sequence `"`
fn string_literal(i: &str) -> SResult<'_, &str> {
    quoted('"')(i)
}

/// punctuator, longest match first.
fn punctuator(i: &str) -> SResult<'_, &str> {
    alt((
        alt((
            tag("..."),
            tag("<<="),
            tag(">>="),
            tag("->"),
            tag("++"),
            tag("--"),
            tag("<<"),
            tag(">>"),
            tag("<="),
            tag(">="),
            tag("=="),
            tag("!="),
            tag("&&"),
            tag("||"),
        )),
        alt((
            tag("*="),
            tag("/="),
            tag("%="),
            tag("+="),
            tag("-="),
            tag("&="),
            tag("^="),
            tag("|="),
            tag("##"),
        )),
        recognize(satisfy(|c| "[](){}.&*+-~!/%<>^|?:;=,#".contains(c))),
    ))
    .parse(i)
}

/// What [`white_space`] crossed.
struct Space {
    /// A real (unspliced) newline.
    newline: bool,
    /// Anything at all.
    space: bool,
    /// Byte offset, in the input, of a `/*` that is never closed.
    open_comment: Option<usize>,
}

/// White space and comments.
fn white_space(i: &str) -> SResult<'_, Space> {
    let mut rest = i;
    let mut newline = false;
    let mut open_comment = None;
    loop {
        if let Ok((r, _)) = take_while1::<_, _, Error<&str>>(|c: char| {
            c == ' ' || c == '\t' || c == '\r' || c == '\x0b' || c == '\x0c'
        })(rest)
        {
            rest = r;
        } else if let Some(r) = rest
            .strip_prefix("\\\n")
            .or_else(|| rest.strip_prefix("\\\r\n"))
        {
            // A line continuation joins two lines: not a newline for the preprocessor.
            rest = r;
        } else if let Some(r) = rest.strip_prefix('\n') {
            newline = true;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = match r.find("*/") {
                Some(n) => r.get(n + 2..).unwrap_or(""),
                None => {
                    // As in gcc, the comment runs to the end of the file; the caller reports it.
                    open_comment = Some(i.len() - rest.len());
                    ""
                }
            };
        } else if let Some(r) = rest.strip_prefix("//") {
            // A line comment ends at the first newline not preceded by a continuation.
            let mut end = r.len();
            let bytes = r.as_bytes();
            for (n, &b) in bytes.iter().enumerate() {
                if b == b'\n' {
                    let prev = n.checked_sub(1).and_then(|p| bytes.get(p));
                    let prev2 = n.checked_sub(2).and_then(|p| bytes.get(p));
                    let continued =
                        prev == Some(&b'\\') || (prev == Some(&b'\r') && prev2 == Some(&b'\\'));
                    if !continued {
                        end = n;
                        break;
                    }
                }
            }
            rest = r.get(end..).unwrap_or("");
        } else {
            break;
        }
    }
    let space = rest.len() != i.len();
    Ok((
        rest,
        Space {
            newline,
            space,
            open_comment,
        },
    ))
}

/// Whether a character constant or string literal as [`quoted`] read it has its closing quote.
fn literal_terminated(text: &str) -> bool {
    let Some(open) = text.find(['\'', '"']) else {
        return false;
    };
    let quote = text.as_bytes().get(open).copied().unwrap_or(b'"');
    let mut escaped = false;
    for &b in text.as_bytes().get(open + 1..).unwrap_or_default() {
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == quote {
            return true;
        }
    }
    false
}

/// preprocessing-token: one token of any kind.
fn preprocessing_token(i: &str) -> SResult<'_, (Kind, &str)> {
    alt((
        character_constant.map(|s| (Kind::Char, s)),
        string_literal.map(|s| (Kind::Str, s)),
        identifier_text.map(|s| (Kind::Ident, s)),
        pp_number.map(|s| (Kind::Number, s)),
        punctuator.map(|s| (Kind::Punct, s)),
        recognize(anychar).map(|s| (Kind::Other, s)),
    ))
    .parse(i)
}

/// Something in a file that is not valid C at the level of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexProblem {
    /// A `/*` comment without its `*/`: it runs to the end of the file.
    UnterminatedComment(Loc),
    /// A character constant or string literal without its closing quote (it ends at the end of
    /// the line): the index of the token. Reported only where the token is not skipped by
    /// `#if`, as gcc does.
    UnterminatedLiteral(usize),
}

/// The tokens of a file and the problems met splitting it.
#[derive(Clone, Debug, Default)]
pub struct Lexed {
    /// The tokens.
    pub tokens: Vec<Token>,
    /// Problems, in file order.
    pub problems: Vec<LexProblem>,
}

/// Splits `text` into tokens, tagging each with `file` and its line and column.
pub fn tokenize(text: &str, file: u32) -> Vec<Token> {
    lex(text, file).tokens
}

/// Splits `text` into tokens like [`tokenize`], and reports what a compiler would diagnose
/// while doing so (unterminated comments and literals).
pub fn lex(text: &str, file: u32) -> Lexed {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut rest = text;
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut bol = true;
    // Lines are counted incrementally: positions only move forward.
    let mut counted = 0usize;
    let mut advance_to = |pos: usize, line: &mut u32, line_start: &mut usize| {
        if let Some(seg) = text.get(counted..pos) {
            for (n, b) in seg.bytes().enumerate() {
                if b == b'\n' {
                    *line = line.saturating_add(1);
                    *line_start = counted + n + 1;
                }
            }
        }
        counted = pos.max(counted);
    };
    while !rest.is_empty() {
        let (r, ws) = match white_space(rest) {
            Ok(v) => v,
            Err(_) => break,
        };
        if let Some(at) = ws.open_comment {
            let pos = text.len() - rest.len() + at;
            advance_to(pos, &mut line, &mut line_start);
            let column = u32::try_from(pos - line_start + 1).unwrap_or(u32::MAX);
            problems.push(LexProblem::UnterminatedComment(Loc { file, line, column }));
        }
        let (newline, space) = (ws.newline, ws.space);
        rest = r;
        bol |= newline;
        if rest.is_empty() {
            break;
        }
        let (r, (kind, s)) = match preprocessing_token(rest) {
            Ok(v) => v,
            Err(_) => break,
        };
        let pos = text.len() - rest.len();
        advance_to(pos, &mut line, &mut line_start);
        let column = u32::try_from(pos - line_start + 1).unwrap_or(u32::MAX);
        let mut text_of = Rc::from(s);
        if matches!(kind, Kind::Str | Kind::Char) {
            if !literal_terminated(s) {
                problems.push(LexProblem::UnterminatedLiteral(out.len()));
            }
            if s.contains("\\\n") || s.contains("\\\r\n") {
                text_of = Rc::from(s.replace("\\\r\n", "").replace("\\\n", ""));
            }
        }
        out.push(Token {
            kind,
            text: text_of,
            loc: Loc { file, line, column },
            bol,
            space: space || bol,
            hide: None,
        });
        bol = false;
        rest = r;
    }
    Lexed {
        tokens: out,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s, 0).iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn tokens_and_comments() {
        assert_eq!(
            texts("a/*x\ny*/+=0x1FuL // c\n'\\''\"s\\\"\"<<=..."),
            ["a", "+=", "0x1FuL", "'\\''", "\"s\\\"\"", "<<=", "..."]
        );
        assert_eq!(texts("1e+5 .5 x.y"), ["1e+5", ".5", "x", ".", "y"]);
    }

    #[test]
    fn positions_and_line_starts() {
        let t = tokenize("#define A \\\n  1\n  B /* \n */ C", 3);
        let v: Vec<(String, u32, u32, bool)> = t
            .iter()
            .map(|t| (t.text.to_string(), t.loc.line, t.loc.column, t.bol))
            .collect();
        assert_eq!(
            v,
            [
                ("#".into(), 1, 1, true),
                ("define".into(), 1, 2, false),
                ("A".into(), 1, 9, false),
                ("1".into(), 2, 3, false),
                ("B".into(), 3, 3, true),
                ("C".into(), 4, 5, false),
            ]
        );
    }

    #[test]
    fn unterminated_comments_and_literals_are_reported() {
        let l = lex("a /* open\n b", 2);
        assert_eq!(texts("a /* open\n b"), ["a"]);
        assert_eq!(
            l.problems,
            [LexProblem::UnterminatedComment(Loc {
                file: 2,
                line: 1,
                column: 3
            })]
        );
        let l = lex(
            "x = \"open;\ny = 'c' '\\'' \"a\\\"b\" L'z\nz \"esc\\\"\n",
            0,
        );
        let bad: Vec<&str> = l
            .problems
            .iter()
            .map(|p| match p {
                LexProblem::UnterminatedLiteral(n) => &*l.tokens[*n].text,
                LexProblem::UnterminatedComment(_) => "comment",
            })
            .collect();
        assert_eq!(bad, ["\"open;", "L'z", "\"esc\\\""]);
        // A line splice inside a literal continues it (magic.h's MAGIC_SNPRINTB does this).
        let l = lex("#define M \"a\\\nb\\\r\nc\"\nx", 0);
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let t: Vec<(&str, u32)> = l.tokens.iter().map(|t| (&*t.text, t.loc.line)).collect();
        assert_eq!(
            t,
            [("#", 1), ("define", 1), ("M", 1), ("\"abc\"", 1), ("x", 4)]
        );
    }

    #[test]
    fn unterminated_things_do_not_panic() {
        for s in [
            "'abc", "\"abc\n", "/* x", "// x\\", "\\", "L'", "u8\"", "é'ü",
        ] {
            let _ = tokenize(s, 0);
        }
    }
}
