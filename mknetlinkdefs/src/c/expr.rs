//! Integer constant expressions, typed as C types them on x86_64 Linux (LP64).
//!
//! Parsing builds a small tree first and evaluates it afterwards, so that `&&`, `||` and `?:` only
//! evaluate the operand C would evaluate (a division by zero in a branch not taken is fine).

use nom::branch::alt;
use nom::Parser;

use super::lex::{any_token, balanced, fail, identifier, punct, Kind, TResult, Token, Tokens};

/// The C integer types an integer constant expression can have after promotion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntType {
    /// `int`
    Int,
    /// `unsigned int`
    UInt,
    /// `long`
    Long,
    /// `unsigned long`
    ULong,
    /// `long long`
    LongLong,
    /// `unsigned long long`
    ULongLong,
}

impl IntType {
    /// Whether the type is signed.
    pub fn signed(self) -> bool {
        matches!(self, IntType::Int | IntType::Long | IntType::LongLong)
    }

    /// How C spells the type.
    pub fn c_name(self) -> &'static str {
        match self {
            IntType::Int => "int",
            IntType::UInt => "unsigned int",
            IntType::Long => "long",
            IntType::ULong => "unsigned long",
            IntType::LongLong => "long long",
            IntType::ULongLong => "unsigned long long",
        }
    }

    /// The range of values of the type.
    pub fn range(self) -> (i128, i128) {
        match (self.bits(), self.signed()) {
            (32, true) => (i32::MIN.into(), i32::MAX.into()),
            (32, false) => (0, u32::MAX.into()),
            (_, true) => (i64::MIN.into(), i64::MAX.into()),
            _ => (0, u64::MAX.into()),
        }
    }

    /// Width in bits on LP64.
    pub fn bits(self) -> u32 {
        match self {
            IntType::Int | IntType::UInt => 32,
            _ => 64,
        }
    }

    /// Conversion rank (C11 6.3.1.1).
    fn rank(self) -> u8 {
        match self {
            IntType::Int | IntType::UInt => 1,
            IntType::Long | IntType::ULong => 2,
            IntType::LongLong | IntType::ULongLong => 3,
        }
    }

    fn to_unsigned(self) -> IntType {
        match self {
            IntType::Int | IntType::UInt => IntType::UInt,
            IntType::Long | IntType::ULong => IntType::ULong,
            IntType::LongLong | IntType::ULongLong => IntType::ULongLong,
        }
    }

    /// The type both operands convert to (usual arithmetic conversions, C11 6.3.1.8).
    fn common(a: IntType, b: IntType) -> IntType {
        if a == b {
            return a;
        }
        if a.signed() == b.signed() {
            return if a.rank() >= b.rank() { a } else { b };
        }
        let (s, u) = if a.signed() { (a, b) } else { (b, a) };
        if u.rank() >= s.rank() {
            u
        } else if s.bits() > u.bits() {
            s
        } else {
            s.to_unsigned()
        }
    }
}

/// A typed integer value. `bits` holds the value sign- or zero-extended to 64 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value {
    /// The C type of the value.
    pub ty: IntType,
    bits: u64,
    /// The first signed overflow met computing it, if any.
    overflow: Option<Overflow>,
}

/// A signed integer overflow in a constant expression (`INT_MAX + 1`, `-LONG_MIN`, `3 << 31`).
/// C leaves the result undefined; gcc warns (`-Woverflow`, on by default) and goes on with the
/// wrapped value, and so do we.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow {
    /// The operator: `+`, `-`, `*`, unary `-` or `<<`.
    pub op: &'static str,
    /// The type it overflowed.
    pub ty: IntType,
    /// The wrapped result of that operation.
    pub result: i64,
}

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "integer overflow in `{}` of type {}: the result wraps to {}, as gcc computes it \
             (gcc warns too)",
            self.op,
            self.ty.c_name(),
            self.result
        )
    }
}

impl Value {
    /// `raw` converted to `ty` (truncated and re-extended as C conversion does).
    pub fn new(ty: IntType, raw: u64) -> Value {
        let bits = match (ty.bits(), ty.signed()) {
            (32, true) => raw as u32 as i32 as i64 as u64,
            (32, false) => raw as u32 as u64,
            _ => raw,
        };
        Value {
            ty,
            bits,
            overflow: None,
        }
    }

    /// The signed overflow met computing this value, if any.
    pub fn overflow(self) -> Option<Overflow> {
        self.overflow
    }

    /// The same value without the memory of an overflow (an enumerator's value is a new
    /// constant).
    pub fn without_overflow(self) -> Value {
        Value {
            overflow: None,
            ..self
        }
    }

    /// This value, remembering the first overflow of `from` (its operands) if it has none.
    fn inherit(mut self, from: &[Value]) -> Value {
        if self.overflow.is_none() {
            self.overflow = from.iter().find_map(|v| v.overflow);
        }
        self
    }

    /// An `int` value.
    pub fn int(v: i64) -> Value {
        Value::new(IntType::Int, v as u64)
    }

    /// The value as a signed 64-bit number (meaningful when the type is signed).
    pub fn as_i64(self) -> i64 {
        self.bits as i64
    }

    /// The value as an unsigned 64-bit number (meaningful when the type is unsigned).
    pub fn as_u64(self) -> u64 {
        self.bits
    }

    /// The mathematical value.
    pub fn as_i128(self) -> i128 {
        if self.ty.signed() {
            self.bits as i64 as i128
        } else {
            self.bits as i128
        }
    }

    fn is_true(self) -> bool {
        self.bits != 0
    }

    fn convert(self, ty: IntType) -> Value {
        Value::new(ty, self.bits).inherit(&[self])
    }
}

/// How an expression is evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// In C proper: literals have their C types.
    C,
    /// In `#if`: every integer is `intmax_t` or `uintmax_t` (C11 6.10.1p4).
    Preprocessor,
}

/// What the expression needs to know about a type named in a cast or `sizeof`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    /// `sizeof`
    pub size: u64,
    /// `_Alignof`
    pub align: u64,
    /// How a cast to the type converts an integer, if it is an integer type.
    pub integer: Option<IntegerClass>,
}

/// An integer type as a cast target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntegerClass {
    /// Size in bytes (1, 2, 4 or 8).
    pub size: u8,
    /// Signedness.
    pub signed: bool,
    /// `long long` rather than `long` (matters for the type of the result only).
    pub long_long: bool,
    /// `_Bool`: any non-zero value converts to 1.
    pub boolean: bool,
}

impl IntegerClass {
    /// Converts `v` to this type, then applies integer promotion.
    fn cast(self, v: Value) -> Value {
        self.cast_value(v).inherit(&[v])
    }

    fn cast_value(self, v: Value) -> Value {
        if self.boolean {
            return Value::int(i64::from(v.is_true()));
        }
        let raw = v.bits;
        match (self.size, self.signed) {
            (1, true) => Value::int(i64::from(raw as i8)),
            (1, false) => Value::int(i64::from(raw as u8)),
            (2, true) => Value::int(i64::from(raw as i16)),
            (2, false) => Value::int(i64::from(raw as u16)),
            (4, true) => Value::new(IntType::Int, raw),
            (4, false) => Value::new(IntType::UInt, raw),
            (_, true) if self.long_long => Value::new(IntType::LongLong, raw),
            (_, false) if self.long_long => Value::new(IntType::ULongLong, raw),
            (_, true) => Value::new(IntType::Long, raw),
            (_, false) => Value::new(IntType::ULong, raw),
        }
    }
}

/// The names an expression can refer to.
pub trait Env {
    /// The value of an enumeration constant.
    fn enumerator(&self, name: &str) -> Option<Value>;
    /// Parses a type-name at the start of `i` (for casts, `sizeof` and `_Alignof`).
    fn type_name<'a>(&self, i: Tokens<'a>) -> Option<(Tokens<'a>, TypeInfo)>;
    /// `__builtin_offsetof(type, designator)`: the arguments are the two token lists.
    fn offset_of(&self, _ty: Tokens<'_>, _designator: Tokens<'_>) -> Option<u64> {
        None
    }
}

/// An environment with no enumerators and no types (for `#if` and tests).
pub struct NoEnv;

impl Env for NoEnv {
    fn enumerator(&self, _: &str) -> Option<Value> {
        None
    }
    fn type_name<'a>(&self, _: Tokens<'a>) -> Option<(Tokens<'a>, TypeInfo)> {
        None
    }
}

/// Why an expression has no integer value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprError {
    /// Not an integer constant expression at all (syntax, strings, unknown names, calls...).
    NotConstant(String),
    /// An integer constant expression whose evaluation is undefined (division by zero, ...).
    Undefined(String),
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExprError::NotConstant(m) => write!(f, "not an integer constant expression: {m}"),
            ExprError::Undefined(m) => write!(f, "undefined constant expression: {m}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnOp {
    Neg,
    Plus,
    Not,
    BitNot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    And,
    Or,
}

/// Expression tree; names are resolved while parsing.
#[derive(Clone, Debug)]
enum Expr {
    Lit(Value),
    Invalid(String),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Comma(Box<Expr>, Box<Expr>),
    Cast(IntegerClass, Box<Expr>),
    SizeOf(Box<Expr>),
}

/// Deepest nesting of parentheses and casts read, and longest expression, so that no input
/// can exhaust the stack (parsing and evaluation are recursive).
const MAX_DEPTH: usize = 160;
/// Longest expression evaluated, in tokens.
pub const MAX_TOKENS: usize = 4096;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of nesting; `None` when the limit is reached.
struct DepthGuard;

impl DepthGuard {
    fn enter() -> Option<DepthGuard> {
        DEPTH.with(|d| {
            if d.get() >= MAX_DEPTH {
                None
            } else {
                d.set(d.get() + 1);
                Some(DepthGuard)
            }
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Parsing context: the environment and the evaluation mode.
struct Cx<'e> {
    env: &'e dyn Env,
    mode: Mode,
}

impl Cx<'_> {
    /// In `#if`, every type is as wide as `intmax_t`.
    fn widen(&self, v: Value) -> Value {
        match self.mode {
            Mode::C => v,
            Mode::Preprocessor if v.ty.signed() => Value::new(IntType::Long, v.bits),
            Mode::Preprocessor => Value::new(IntType::ULong, v.bits),
        }
    }
}

/// Evaluates the whole of `tokens` as an integer constant expression.
pub fn evaluate(tokens: &[Token], env: &dyn Env, mode: Mode) -> Result<Value, ExprError> {
    if tokens.len() > MAX_TOKENS {
        return Err(ExprError::NotConstant("expression too long".into()));
    }
    let Some(_guard) = DepthGuard::enter() else {
        return Err(ExprError::NotConstant(
            "expression nested too deeply".into(),
        ));
    };
    let cx = Cx { env, mode };
    match expression(&cx, Tokens(tokens)) {
        Ok((rest, e)) if rest.0.is_empty() => eval(&e, mode),
        Ok((rest, _)) => Err(ExprError::NotConstant(format!(
            "unexpected `{}`",
            rest.first().map(|t| &*t.text).unwrap_or("")
        ))),
        Err(_) => Err(ExprError::NotConstant(if tokens.is_empty() {
            "empty expression".into()
        } else {
            "syntax".into()
        })),
    }
}

/// expression: assignment-expression (`,` assignment-expression)*
fn expression<'a>(cx: &Cx<'_>, i: Tokens<'a>) -> TResult<'a, Expr> {
    let (mut i, mut e) = conditional_expression(cx, i)?;
    while let Ok((r, _)) = punct(",")(i) {
        let (r, rhs) = conditional_expression(cx, r)?;
        e = Expr::Comma(Box::new(e), Box::new(rhs));
        i = r;
    }
    Ok((i, e))
}

/// conditional-expression: logical-or-expression (`?` expression `:` conditional-expression)?
fn conditional_expression<'a>(cx: &Cx<'_>, i: Tokens<'a>) -> TResult<'a, Expr> {
    let Some(_guard) = DepthGuard::enter() else {
        return fail(i);
    };
    let (i, c) = binary_expression(cx, i, 0)?;
    match punct("?")(i) {
        Ok((r, _)) => {
            let (r, t) = expression(cx, r)?;
            let (r, _) = punct(":")(r)?;
            let (r, f) = conditional_expression(cx, r)?;
            Ok((r, Expr::Cond(Box::new(c), Box::new(t), Box::new(f))))
        }
        Err(_) => Ok((i, c)),
    }
}

/// The binary operators from `||` (level 0) to `*` (level 9), by precedence.
fn binary_operator(t: &Token) -> Option<(u8, BinOp)> {
    if t.kind != Kind::Punct {
        return None;
    }
    Some(match &*t.text {
        "||" => (0, BinOp::Or),
        "&&" => (1, BinOp::And),
        "|" => (2, BinOp::BitOr),
        "^" => (3, BinOp::BitXor),
        "&" => (4, BinOp::BitAnd),
        "==" => (5, BinOp::Eq),
        "!=" => (5, BinOp::Ne),
        "<" => (6, BinOp::Lt),
        ">" => (6, BinOp::Gt),
        "<=" => (6, BinOp::Le),
        ">=" => (6, BinOp::Ge),
        "<<" => (7, BinOp::Shl),
        ">>" => (7, BinOp::Shr),
        "+" => (8, BinOp::Add),
        "-" => (8, BinOp::Sub),
        "*" => (9, BinOp::Mul),
        "/" => (9, BinOp::Div),
        "%" => (9, BinOp::Rem),
        _ => return None,
    })
}

/// logical-or-expression down to multiplicative-expression, by precedence climbing: all those
/// productions are left-associative `operand (operator operand)*`.
fn binary_expression<'a>(cx: &Cx<'_>, i: Tokens<'a>, min: u8) -> TResult<'a, Expr> {
    let (mut i, mut lhs) = cast_expression(cx, i)?;
    // Each operator makes the (left-deep) tree one level deeper, and evaluation recurses on it.
    let mut guards = Vec::new();
    while let Some((level, op)) = i.first().and_then(binary_operator) {
        if level < min {
            break;
        }
        match DepthGuard::enter() {
            Some(g) => guards.push(g),
            None => return fail(i),
        }
        let (r, _) = any_token(i)?;
        let (r, rhs) = binary_expression(cx, r, level + 1)?;
        lhs = Expr::Binary(op, Box::new(lhs), Box::new(rhs));
        i = r;
    }
    Ok((i, lhs))
}

/// `(` type-name `)`
fn parenthesized_type_name<'a>(cx: &Cx<'_>, i: Tokens<'a>) -> TResult<'a, TypeInfo> {
    let (r, _) = punct("(")(i)?;
    let Some((r, ty)) = cx.env.type_name(r) else {
        return fail(i);
    };
    let (r, _) = punct(")")(r)?;
    Ok((r, ty))
}

/// cast-expression: `(` type-name `)` cast-expression | unary-expression
fn cast_expression<'a>(cx: &Cx<'_>, i: Tokens<'a>) -> TResult<'a, Expr> {
    let Some(_guard) = DepthGuard::enter() else {
        return fail(i);
    };
    if let Ok((r, ty)) = parenthesized_type_name(cx, i) {
        if punct("{")(r).is_ok() {
            return fail(i); // a compound literal is never an integer constant
        }
        let (r, e) = cast_expression(cx, r)?;
        return Ok(match ty.integer {
            Some(class) => (r, Expr::Cast(class, Box::new(e))),
            None => (r, Expr::Invalid("cast to a non-integer type".into())),
        });
    }
    unary_expression(cx, i)
}

/// unary-expression: unary-operator cast-expression | `sizeof` ... | `_Alignof` ... | primary
fn unary_expression<'a>(cx: &Cx<'_>, i: Tokens<'a>) -> TResult<'a, Expr> {
    let unary_operator = alt((
        punct("-").map(|_| UnOp::Neg),
        punct("+").map(|_| UnOp::Plus),
        punct("!").map(|_| UnOp::Not),
        punct("~").map(|_| UnOp::BitNot),
    ));
    if let Ok((r, op)) = { unary_operator }.parse(i) {
        let (r, e) = cast_expression(cx, r)?;
        return Ok((r, Expr::Unary(op, Box::new(e))));
    }
    if let Ok((r, _)) = punct("sizeof")(i) {
        if let Ok((r, ty)) = parenthesized_type_name(cx, r) {
            return Ok((r, Expr::Lit(cx.widen(Value::new(IntType::ULong, ty.size)))));
        }
        let (r, e) = unary_expression(cx, r)?;
        return Ok((r, Expr::SizeOf(Box::new(e))));
    }
    let alignof = alt((
        punct("_Alignof"),
        punct("__alignof__"),
        punct("__alignof"),
        punct("alignof"),
    ));
    if let Ok((r, _)) = { alignof }.parse(i) {
        let (r, ty) = parenthesized_type_name(cx, r)?;
        return Ok((r, Expr::Lit(cx.widen(Value::new(IntType::ULong, ty.align)))));
    }
    if let Ok((r, _)) = punct("__builtin_offsetof")(i) {
        let (r, args) = balanced("(", ")")(r)?;
        let comma = args.0.iter().position(|t| t.is(","));
        let (ty, designator) = match comma {
            Some(n) => (
                Tokens(args.0.get(..n).unwrap_or(&[])),
                Tokens(args.0.get(n + 1..).unwrap_or(&[])),
            ),
            None => return fail(i),
        };
        return Ok((
            r,
            match cx.env.offset_of(ty, designator) {
                Some(v) => Expr::Lit(cx.widen(Value::new(IntType::ULong, v))),
                None => Expr::Invalid("offsetof of an unknown member".into()),
            },
        ));
    }
    postfix_expression(cx, i)
}

/// postfix-expression: only the primary expression itself is constant; calls, member access
/// and subscripts are recognised so that they are reported, not mis-parsed.
fn postfix_expression<'a>(cx: &Cx<'_>, i: Tokens<'a>) -> TResult<'a, Expr> {
    if let Ok((r, _)) = punct("__builtin_constant_p")(i) {
        // gcc folds this to 1 for anything that is constant, which is how the kernel's
        // byte-swapping macros pick their constant branch.
        let (r, inner) = balanced("(", ")")(r)?;
        let known = evaluate(inner.0, cx.env, cx.mode).is_ok();
        return Ok((r, Expr::Lit(cx.widen(Value::int(i64::from(known))))));
    }
    let (mut r, mut e) = primary_expression(cx, i)?;
    // Calls, subscripts and member accesses are allowed in a branch that is not evaluated
    // (C11 6.6p3), so they are parsed, and only fail when evaluated.
    loop {
        if let Ok((r2, _)) = balanced("(", ")")(r) {
            e = Expr::Invalid("function call".into());
            r = r2;
        } else if let Ok((r2, _)) = balanced("[", "]")(r) {
            e = Expr::Invalid("subscript".into());
            r = r2;
        } else if let Ok((r2, _)) = alt((punct("."), punct("->"))).parse(r) {
            let (r2, _) = identifier(r2)?;
            e = Expr::Invalid("member access".into());
            r = r2;
        } else if let Ok((r2, _)) = alt((punct("++"), punct("--"))).parse(r) {
            e = Expr::Invalid("increment".into());
            r = r2;
        } else {
            return Ok((r, e));
        }
    }
}

/// primary-expression: constant | identifier | string-literal | `(` expression `)`
fn primary_expression<'a>(cx: &Cx<'_>, i: Tokens<'a>) -> TResult<'a, Expr> {
    if let Ok((r, _)) = punct("(")(i) {
        let (r, e) = expression(cx, r)?;
        let (r, _) = punct(")")(r)?;
        return Ok((r, e));
    }
    let (r, t) = any_token(i)?;
    let e = match t.kind {
        Kind::Number => match integer_literal(&t.text) {
            Ok(v) => Expr::Lit(cx.widen(v)),
            Err(m) => Expr::Invalid(m),
        },
        Kind::Char => match character_constant(&t.text) {
            Ok(v) => Expr::Lit(cx.widen(v)),
            Err(m) => Expr::Invalid(m),
        },
        Kind::Str => {
            // Adjacent string literals concatenate; still not an integer.
            let mut r = r;
            while let Some((rest, _)) =
                r.0.split_first()
                    .filter(|(t, _)| t.kind == Kind::Str)
                    .map(|(t, rest)| (Tokens(rest), t))
            {
                r = rest;
            }
            return Ok((r, Expr::Invalid("string literal".into())));
        }
        Kind::Ident => {
            let (r, id) = identifier(i)?;
            return Ok((r, identifier_value(cx, &id.text)));
        }
        Kind::Punct | Kind::Other => return fail(i),
    };
    Ok((r, e))
}

fn identifier_value(cx: &Cx<'_>, name: &str) -> Expr {
    match cx.mode {
        // The preprocessor replaces identifiers left after expansion by 0 (C11 6.10.1p4).
        Mode::Preprocessor => Expr::Lit(Value::new(IntType::Long, 0)),
        Mode::C => match cx.env.enumerator(name) {
            Some(v) => Expr::Lit(v),
            None => Expr::Invalid(format!("`{name}` is not a constant")),
        },
    }
}

/// integer-constant: decimal, octal, hexadecimal or binary digits and an integer-suffix; the type
/// is the first of the list C11 6.4.4.1p5 gives that can represent the value.
pub fn integer_literal(text: &str) -> Result<Value, String> {
    let lower = text.to_ascii_lowercase();
    let (radix, digits_from) = if lower.starts_with("0x") {
        (16, 2)
    } else if lower.starts_with("0b") {
        (2, 2)
    } else if lower.starts_with('0') && lower.len() > 1 {
        (8, 1)
    } else {
        (10, 0)
    };
    let body = lower.get(digits_from..).unwrap_or("");
    let suffix_at = body
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(body.len());
    let (digits, suffix) = body.split_at(suffix_at);
    let orig_suffix = text.get(text.len() - suffix.len()..).unwrap_or("");
    if digits.is_empty() && radix != 8 {
        return Err(format!("`{text}` is not an integer"));
    }
    // `ll` must be written in one case: `lL` is no suffix.
    if orig_suffix.contains("lL") || orig_suffix.contains("Ll") {
        return Err(format!("`{text}` has an invalid suffix"));
    }
    let (unsigned, longs) = match suffix {
        "" => (false, 0),
        "u" => (true, 0),
        "l" => (false, 1),
        "ul" | "lu" => (true, 1),
        "ll" => (false, 2),
        "ull" | "llu" => (true, 2),
        _ => return Err(format!("`{text}` is not an integer literal")),
    };
    let mut value: u64 = 0;
    for c in digits.chars() {
        let d = u64::from(c.to_digit(radix).unwrap_or(0));
        value = value
            .checked_mul(u64::from(radix))
            .and_then(|v| v.checked_add(d))
            .ok_or_else(|| format!("`{text}` is too large"))?;
    }
    use IntType::*;
    let candidates: &[IntType] = match (unsigned, longs, radix == 10) {
        (false, 0, true) => &[Int, Long, LongLong],
        (false, 0, false) => &[Int, UInt, Long, ULong, LongLong, ULongLong],
        (true, 0, _) => &[UInt, ULong, ULongLong],
        (false, 1, true) => &[Long, LongLong],
        (false, 1, false) => &[Long, ULong, LongLong, ULongLong],
        (true, 1, _) => &[ULong, ULongLong],
        (false, _, true) => &[LongLong],
        (false, _, false) => &[LongLong, ULongLong],
        (true, _, _) => &[ULongLong],
    };
    candidates
        .iter()
        .find(|t| fits(value, **t))
        .map(|t| Value::new(*t, value))
        .ok_or_else(|| format!("`{text}` is too large for its type"))
}

fn fits(v: u64, t: IntType) -> bool {
    match (t.bits(), t.signed()) {
        (32, true) => v <= i32::MAX as u64,
        (32, false) => v <= u64::from(u32::MAX),
        (_, true) => v <= i64::MAX as u64,
        _ => true,
    }
}

/// character-constant: the value of `'a'`, `'\n'`, `'\x7f'`, `L'x'`... as gcc computes it
/// (plain `char` is signed on x86_64; multi-character constants pack bytes big-endian in an int).
pub fn character_constant(text: &str) -> Result<Value, String> {
    let (prefix, rest) = match text.find('\'') {
        Some(n) => (text.get(..n).unwrap_or(""), text.get(n + 1..).unwrap_or("")),
        None => return Err("bad character constant".into()),
    };
    let body = rest
        .strip_suffix('\'')
        .ok_or("unterminated character constant")?;
    let mut chars: Vec<u32> = Vec::new();
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            if prefix.is_empty() || prefix == "u8" {
                // Plain char constants see the bytes of the UTF-8 encoding.
                let mut buf = [0u8; 4];
                chars.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
            } else {
                chars.push(c as u32);
            }
            continue;
        }
        let e = it.next().ok_or("bad escape")?;
        let v = match e {
            'n' => 10,
            't' => 9,
            'r' => 13,
            'a' => 7,
            'b' => 8,
            'f' => 12,
            'v' => 11,
            'e' | 'E' => 27,
            '\\' | '\'' | '"' | '?' => e as u32,
            'x' => {
                let mut v: u32 = 0;
                let mut any = false;
                while let Some(d) = it.peek().and_then(|c| c.to_digit(16)) {
                    v = v.wrapping_mul(16).wrapping_add(d);
                    any = true;
                    it.next();
                }
                if !any {
                    return Err("\\x without digits".into());
                }
                v
            }
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match it.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            it.next();
                        }
                        None => break,
                    }
                }
                v
            }
            _ => return Err(format!("unknown escape `\\{e}`")),
        };
        chars.push(v);
    }
    let first = *chars.first().ok_or("empty character constant")?;
    match prefix {
        "" => {
            if chars.len() == 1 {
                Ok(Value::int(i64::from(first as u8 as i8)))
            } else {
                let mut v: u32 = 0;
                for c in &chars {
                    v = (v << 8) | (c & 0xff);
                }
                Ok(Value::int(i64::from(v as i32)))
            }
        }
        "u8" => Ok(Value::int(i64::from(first as u8))),
        "u" => Ok(Value::int(i64::from(first as u16))),
        "U" => Ok(Value::new(IntType::UInt, u64::from(first))),
        "L" => Ok(Value::int(i64::from(first as i32))),
        _ => Err("bad character constant prefix".into()),
    }
}

/// Integer promotion is already applied to every value; unary `-`, `+`, `~` keep the type.
fn eval(e: &Expr, mode: Mode) -> Result<Value, ExprError> {
    match e {
        Expr::Lit(v) => Ok(*v),
        Expr::Invalid(m) => Err(ExprError::NotConstant(m.clone())),
        Expr::Cast(class, e) => {
            let v = eval(e, mode)?;
            let c = class.cast(v);
            Ok(match mode {
                Mode::C => c,
                Mode::Preprocessor => Value::new(IntType::Long, c.bits),
            })
        }
        Expr::SizeOf(e) => {
            // The operand is not evaluated, but its type must be known.
            let v = eval(e, mode)?;
            Ok(Value::new(IntType::ULong, u64::from(v.ty.bits() / 8)))
        }
        Expr::Unary(op, e) => {
            let v = eval(e, mode)?;
            let r = match op {
                UnOp::Plus => v,
                UnOp::Neg => {
                    let r = Value::new(v.ty, v.bits.wrapping_neg());
                    if v.ty.signed() && v.as_i128() == v.ty.range().0 {
                        r.overflowed("-")
                    } else {
                        r
                    }
                }
                UnOp::BitNot => Value::new(v.ty, !v.bits),
                UnOp::Not => Value::int(i64::from(!v.is_true())),
            };
            Ok(r.inherit(&[v]))
        }
        Expr::Comma(a, b) => {
            eval(a, mode)?;
            eval(b, mode)
        }
        Expr::Cond(c, t, f) => {
            let cv = eval(c, mode)?;
            // Both arms are typed even though only one is evaluated.
            let (tv, fv) = if cv.is_true() {
                (eval(t, mode)?, eval(f, mode).ok())
            } else {
                (eval(f, mode)?, eval(t, mode).ok())
            };
            let ty = match fv {
                Some(o) => IntType::common(tv.ty, o.ty),
                None => tv.ty,
            };
            Ok(tv.convert(ty).inherit(&[cv]))
        }
        Expr::Binary(BinOp::And, a, b) => {
            if !eval(a, mode)?.is_true() {
                return Ok(Value::int(0));
            }
            Ok(Value::int(i64::from(eval(b, mode)?.is_true())))
        }
        Expr::Binary(BinOp::Or, a, b) => {
            if eval(a, mode)?.is_true() {
                return Ok(Value::int(1));
            }
            Ok(Value::int(i64::from(eval(b, mode)?.is_true())))
        }
        Expr::Binary(op, a, b) => {
            let (a, b) = (eval(a, mode)?, eval(b, mode)?);
            binary(*op, a, b).map(|v| v.inherit(&[a, b]))
        }
    }
}

impl Value {
    /// This value, marked as the wrapped result of a signed overflow in `op`.
    fn overflowed(self, op: &'static str) -> Value {
        Value {
            overflow: Some(Overflow {
                op,
                ty: self.ty,
                result: self.as_i64(),
            }),
            ..self
        }
    }

    /// The wrapped result of a signed operation whose mathematical value is `exact`.
    fn signed_result(ty: IntType, exact: i128, op: &'static str) -> Value {
        let v = Value::new(ty, exact as u64);
        let (lo, hi) = ty.range();
        if (lo..=hi).contains(&exact) {
            v
        } else {
            v.overflowed(op)
        }
    }
}

fn binary(op: BinOp, a: Value, b: Value) -> Result<Value, ExprError> {
    let undefined = |m: &str| Err(ExprError::Undefined(m.into()));
    if matches!(op, BinOp::Shl | BinOp::Shr) {
        // Shifts do not convert operands to a common type: the result has the left type.
        let count = b.as_i128();
        if count < 0 || count >= i128::from(a.ty.bits()) {
            return undefined("shift count out of range");
        }
        let n = count as u32;
        return Ok(match op {
            BinOp::Shl => {
                let v = Value::new(a.ty, a.bits.wrapping_shl(n));
                // gcc (-Wshift-overflow, C99 and later) accepts a shift into the sign bit,
                // but not one that needs more bits than the type has.
                let x = a.as_i128();
                if a.ty.signed() && x > 0 && (x << n) >> a.ty.bits() != 0 {
                    v.overflowed("<<")
                } else {
                    v
                }
            }
            _ if a.ty.signed() => Value::new(a.ty, (a.as_i64().wrapping_shr(n)) as u64),
            _ => Value::new(a.ty, a.bits.wrapping_shr(n)),
        });
    }
    let ty = IntType::common(a.ty, b.ty);
    let (x, y) = (a.convert(ty), b.convert(ty));
    let cmp = |r: bool| Ok(Value::int(i64::from(r)));
    let signed = ty.signed();
    let (p, q) = (x.as_i128(), y.as_i128());
    match op {
        BinOp::Add if signed => Ok(Value::signed_result(ty, p + q, "+")),
        BinOp::Sub if signed => Ok(Value::signed_result(ty, p - q, "-")),
        BinOp::Mul if signed => Ok(Value::signed_result(ty, p * q, "*")),
        BinOp::Add => Ok(Value::new(ty, x.bits.wrapping_add(y.bits))),
        BinOp::Sub => Ok(Value::new(ty, x.bits.wrapping_sub(y.bits))),
        BinOp::Mul => Ok(Value::new(ty, x.bits.wrapping_mul(y.bits))),
        BinOp::Div | BinOp::Rem => {
            if y.bits == 0 {
                return undefined("division by zero");
            }
            if signed {
                let (p, q) = (x.as_i64(), y.as_i64());
                let min = if ty.bits() == 32 {
                    i64::from(i32::MIN)
                } else {
                    i64::MIN
                };
                if p == min && q == -1 {
                    return undefined("signed division overflow");
                }
                let r = if op == BinOp::Div {
                    p.wrapping_div(q)
                } else {
                    p.wrapping_rem(q)
                };
                Ok(Value::new(ty, r as u64))
            } else {
                let r = if op == BinOp::Div {
                    x.bits / y.bits
                } else {
                    x.bits % y.bits
                };
                Ok(Value::new(ty, r))
            }
        }
        BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => {
            let ord = if signed {
                x.as_i64().cmp(&y.as_i64())
            } else {
                x.bits.cmp(&y.bits)
            };
            use std::cmp::Ordering::*;
            cmp(match op {
                BinOp::Lt => ord == Less,
                BinOp::Gt => ord == Greater,
                BinOp::Le => ord != Greater,
                _ => ord != Less,
            })
        }
        BinOp::Eq => cmp(x.bits == y.bits),
        BinOp::Ne => cmp(x.bits != y.bits),
        BinOp::BitAnd => Ok(Value::new(ty, x.bits & y.bits)),
        BinOp::BitXor => Ok(Value::new(ty, x.bits ^ y.bits)),
        BinOp::BitOr => Ok(Value::new(ty, x.bits | y.bits)),
        BinOp::Shl | BinOp::Shr | BinOp::And | BinOp::Or => undefined("internal: operator"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::tokenize;
    use super::*;

    fn c(s: &str) -> Result<(i128, IntType), ExprError> {
        evaluate(&tokenize(s, 0), &NoEnv, Mode::C).map(|v| (v.as_i128(), v.ty))
    }

    #[test]
    fn literals_have_c_types() {
        use IntType::*;
        assert_eq!(c("1"), Ok((1, Int)));
        assert_eq!(c("2147483648"), Ok((2147483648, Long)));
        assert_eq!(c("0x80000000"), Ok((0x80000000, UInt)));
        assert_eq!(c("0xffffffffffffffff"), Ok((u64::MAX as i128, ULong)));
        assert_eq!(c("1uLL"), Ok((1, ULongLong)));
        assert_eq!(c("1LLU"), Ok((1, ULongLong)));
        assert_eq!(c("010"), Ok((8, Int)));
        assert_eq!(c("0b101"), Ok((5, Int)));
        assert_eq!(c("0"), Ok((0, Int)));
        assert!(c("1lL").is_err());
        assert!(c("1.5").is_err());
        assert!(c("18446744073709551616").is_err());
    }

    #[test]
    fn operators_follow_c_typing() {
        use IntType::*;
        assert_eq!(c("~0U"), Ok((u32::MAX as i128, UInt)));
        assert_eq!(c("-1 >> 1"), Ok((-1, Int)));
        assert_eq!(c("1UL << 63"), Ok((1 << 63, ULong)));
        assert_eq!(c("1 << 31"), Ok((i32::MIN as i128, Int)));
        assert_eq!(c("-1 < 0U"), Ok((0, Int)));
        assert_eq!(c("-1L < 0U"), Ok((1, Int)));
        assert_eq!(c("-1 + 0UL"), Ok((u64::MAX as i128, ULong)));
        assert_eq!(c("1 ? -1 : 0U"), Ok((u32::MAX as i128, UInt)));
        assert_eq!(c("0 && 1/0"), Ok((0, Int)));
        assert_eq!(c("(1, 2)"), Ok((2, Int)));
        assert_eq!(c("!5 + ~5 - -5 * 3 % 4"), Ok((-6 + 3, Int)));
        assert_eq!(c("7 / -2"), Ok((-3, Int)));
        assert_eq!(c("-7 % 2"), Ok((-1, Int)));
        assert_eq!(c("sizeof 1L"), Ok((8, ULong)));
        assert!(matches!(c("1/0"), Err(ExprError::Undefined(_))));
        assert!(matches!(c("1 << 32"), Err(ExprError::Undefined(_))));
        assert!(matches!(c("1 << -1"), Err(ExprError::Undefined(_))));
        assert!(matches!(
            c("(-2147483647 - 1) / -1"),
            Err(ExprError::Undefined(_))
        ));
        assert!(matches!(c("foo"), Err(ExprError::NotConstant(_))));
        assert!(matches!(c("\"s\""), Err(ExprError::NotConstant(_))));
        assert!(matches!(c("f(1)"), Err(ExprError::NotConstant(_))));
        assert_eq!(c("1 ? 2 : f(x)[1].y"), Ok((2, Int)));
        assert_eq!(c("__builtin_constant_p(3) ? 4 : f(3)"), Ok((4, Int)));
        assert_eq!(c("__builtin_constant_p(x)"), Ok((0, Int)));
        assert!(c("1 +").is_err());
        assert!(c(&"(".repeat(10_000)).is_err());
        assert!(c(&"-".repeat(10_000)).is_err());
        assert!(c(&"1+".repeat(3000)).is_err());
        assert_eq!(c(&format!("{}1", "1+".repeat(100))), Ok((101, Int)));
        assert!(c(&format!("{}1", "1+".repeat(1500))).is_err());
        assert!(c("").is_err());
    }

    #[test]
    fn signed_overflow_wraps_as_gcc_and_is_flagged() {
        let o = |s: &str| {
            let v = evaluate(&tokenize(s, 0), &NoEnv, Mode::C).expect(s);
            (v.as_i128(), v.overflow().map(|o| (o.op, o.ty, o.result)))
        };
        use IntType::*;
        // Results gcc 12 gives (with its -Woverflow warning where one is flagged).
        assert_eq!(
            o("-9223372036854775807L - 1 - 1"),
            (i64::MAX.into(), Some(("-", Long, i64::MAX)))
        );
        assert_eq!(o("2147483647 * 2"), (-2, Some(("*", Int, -2))));
        assert_eq!(
            o("2147483647 + 1"),
            (i32::MIN.into(), Some(("+", Int, i32::MIN.into())))
        );
        assert_eq!(
            o("-(-2147483647 - 1)"),
            (i32::MIN.into(), Some(("-", Int, i32::MIN.into())))
        );
        assert_eq!(
            o("3 << 31"),
            (i32::MIN.into(), Some(("<<", Int, i32::MIN.into())))
        );
        assert_eq!(o("(2147483647 + 1) > 0").1.map(|x| x.0), Some("+"));
        // No overflow: into the sign bit, unsigned arithmetic, operands not evaluated.
        assert_eq!(o("1 << 31"), (i32::MIN.into(), None));
        assert_eq!(o("4294967295U + 1"), (0, None));
        assert_eq!(o("0 && (2147483647 + 1)"), (0, None));
        assert_eq!(o("1 ? 2 : 2147483647 + 1"), (2, None));
        assert_eq!(o("-2147483647 - 1"), (i32::MIN.into(), None));
        let p = |s: &str| evaluate(&tokenize(s, 0), &NoEnv, Mode::Preprocessor).expect(s);
        assert!(p("9223372036854775807 + 1").overflow().is_some());
        assert!(p("2147483647 + 1").overflow().is_none());
    }

    #[test]
    fn char_literals() {
        assert_eq!(c("'a'"), Ok((97, IntType::Int)));
        assert_eq!(c("'\\n'"), Ok((10, IntType::Int)));
        assert_eq!(c("'\\xff'"), Ok((-1, IntType::Int)));
        assert_eq!(c("'\\377'"), Ok((-1, IntType::Int)));
        assert_eq!(c("'\\0'"), Ok((0, IntType::Int)));
        assert_eq!(c("'ab'"), Ok((0x6162, IntType::Int)));
        assert_eq!(c("U'\\xffffffff'"), Ok((u32::MAX as i128, IntType::UInt)));
        assert_eq!(c("L'\\''"), Ok((39, IntType::Int)));
    }

    #[test]
    fn preprocessor_mode_uses_intmax() {
        let p =
            |s: &str| evaluate(&tokenize(s, 0), &NoEnv, Mode::Preprocessor).map(|v| v.as_i128());
        assert_eq!(p("1 << 40"), Ok(1 << 40));
        assert_eq!(p("-1 < 0u"), Ok(0));
        assert_eq!(p("FOO + 1"), Ok(1));
    }
}
