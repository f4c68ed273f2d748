//! JMESPath for `--query`, on the console's own [`Value`]: a lexer, a Pratt parser and a tree-walking
//! interpreter that follow Python's `jmespath` (what the Azure CLI runs), its quirks and its messages.
//!
//! Written for a small wasm binary: one token enum, one AST enum, loops rather than iterator chains,
//! function signatures as strings. Objects are ordered pairs, so a multiselect hash keeps the
//! expression's key order as Python's OrderedDict does. Nesting is bounded ([`MAX_DEPTH`]) so no
//! expression can overflow the stack.

use model::sort::sort_by;
use model::value::{Number, Value};
use std::cmp::Ordering;

/// How deep an expression (or a JSON literal) may nest: far beyond any real query, far below the
/// stack a browser gives wasm.
pub const MAX_DEPTH: usize = 256;

/// The error classes of the JMESPath compliance suite; only `Syntax` is found by [`compile`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    InvalidType,
    InvalidArity,
    InvalidValue,
    UnknownFunction,
}

/// An error with Python jmespath's wording (what az shows after "Invalid jmespath query supplied").
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

fn fail<T>(kind: ErrorKind, message: String) -> Result<T, Error> {
    Err(Error { kind, message })
}

fn syntax<T>(message: &str, position: usize) -> Result<T, Error> {
    fail(ErrorKind::Syntax, format!("{message} at column {position}"))
}

// ---- lexer ----------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Field(String),
    Quoted(String),
    Number(i64),
    Literal(Value),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    At,
    Amp,
    Pipe,
    Or,
    And,
    Not,
    Compare(Cmp),
    Eof,
}

/// Splits an expression into tokens with their byte offsets, as Python's `Lexer.tokenize` does.
fn lex(text: &str) -> Result<Vec<(Token, usize)>, Error> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let next = bytes.get(at + 1).copied();
        let two = |token_if_two: Token, second: u8, one: Token| {
            if next == Some(second) {
                (token_if_two, 2)
            } else {
                (one, 1)
            }
        };
        let (token, width) = match bytes[at] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            b'.' => (Token::Dot, 1),
            b'*' => (Token::Star, 1),
            b'@' => (Token::At, 1),
            b',' => (Token::Comma, 1),
            b':' => (Token::Colon, 1),
            b'(' => (Token::LParen, 1),
            b')' => (Token::RParen, 1),
            b'{' => (Token::LBrace, 1),
            b'}' => (Token::RBrace, 1),
            b']' => (Token::RBracket, 1),
            b'[' if next == Some(b']') => (Token::Flatten, 2),
            b'[' => two(Token::Filter, b'?', Token::LBracket),
            b'&' => two(Token::And, b'&', Token::Amp),
            b'|' => two(Token::Or, b'|', Token::Pipe),
            b'!' => two(Token::Compare(Cmp::Ne), b'=', Token::Not),
            b'<' => two(Token::Compare(Cmp::Le), b'=', Token::Compare(Cmp::Lt)),
            b'>' => two(Token::Compare(Cmp::Ge), b'=', Token::Compare(Cmp::Gt)),
            b'=' if next == Some(b'=') => (Token::Compare(Cmp::Eq), 2),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let mut end = at + 1;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
                {
                    end += 1;
                }
                (Token::Field(text[at..end].to_string()), end - at)
            }
            b'-' | b'0'..=b'9' => {
                let mut end = at + 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                if end == at + 1 && bytes[at] == b'-' {
                    return syntax("unknown token '-'", at);
                }
                // Python's integers are unbounded; an index that big is out of range either way.
                let number = text[at..end]
                    .parse::<i64>()
                    .unwrap_or(if bytes[at] == b'-' {
                        i64::MIN
                    } else {
                        i64::MAX
                    });
                (Token::Number(number), end - at)
            }
            quote @ (b'"' | b'\'' | b'`') => {
                // Python's `_consume_until`: a backslash keeps itself and the byte after it.
                let mut end = at + 1;
                while end < bytes.len() && bytes[end] != quote {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                if end >= bytes.len() {
                    return syntax("unclosed delimiter", at);
                }
                let raw = &text[at + 1..end];
                let token = match quote {
                    b'"' => match parse_json_literal(&format!("\"{raw}\"")) {
                        Some(Value::String(name)) => Token::Quoted(name),
                        _ => return syntax("invalid quoted identifier", at),
                    },
                    b'\'' => Token::Literal(Value::String(raw.replace("\\'", "'"))),
                    _ => {
                        let raw = raw.replace("\\`", "`");
                        // JEP-12's deprecated form: text that is not JSON is a JSON string's body.
                        match parse_json_literal(&raw)
                            .or_else(|| parse_json_literal(&format!("\"{}\"", raw.trim_start())))
                        {
                            Some(value) => Token::Literal(value),
                            None => return syntax("invalid JSON literal", at),
                        }
                    }
                };
                (token, end + 1 - at)
            }
            _ => return syntax("unknown token", at),
        };
        tokens.push((token, at));
        at += width;
    }
    tokens.push((Token::Eof, text.len()));
    Ok(tokens)
}

/// A JSON literal of an expression (`` `...` `` or a raw string's contents).
fn parse_json_literal(text: &str) -> Option<Value> {
    model::value::parse(text).ok()
}

// ---- parser ---------------------------------------------------------------------------------

/// The expression tree. A pipe is a [`Ast::Sub`]: the two only differ in where a projection stops.
#[derive(Clone, Debug, PartialEq)]
enum Ast {
    Identity,
    Field(String),
    Index(i64),
    Slice([Option<i64>; 3]),
    Literal(Value),
    Sub(Box<Ast>, Box<Ast>),
    Projection(Box<Ast>, Box<Ast>),
    ValueProjection(Box<Ast>, Box<Ast>),
    Filter(Box<Ast>, Box<Ast>, Box<Ast>),
    Flatten(Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    Compare(Cmp, Box<Ast>, Box<Ast>),
    MultiList(Vec<Ast>),
    MultiHash(Vec<(String, Ast)>),
    Function(String, Vec<Ast>),
    Expref(Box<Ast>),
}

/// Python's binding powers; below 10 a token ends a projection.
fn binding_power(token: &Token) -> u8 {
    match token {
        Token::Pipe => 1,
        Token::Or => 2,
        Token::And => 3,
        Token::Compare(_) => 5,
        Token::Flatten => 9,
        Token::Star => 20,
        Token::Filter => 21,
        Token::Dot => 40,
        Token::Not => 45,
        Token::LBrace => 50,
        Token::LBracket => 55,
        Token::LParen => 60,
        _ => 0,
    }
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    depth: usize,
}

fn boxed(ast: Ast) -> Box<Ast> {
    Box::new(ast)
}

impl Parser {
    fn peek(&self, ahead: usize) -> &Token {
        let index = (self.at + ahead).min(self.tokens.len() - 1);
        &self.tokens[index].0
    }
    fn position(&self) -> usize {
        self.tokens[self.at.min(self.tokens.len() - 1)].1
    }
    fn advance(&mut self) -> Token {
        let token = self.peek(0).clone();
        self.at += 1;
        token
    }
    fn unexpected<T>(&self) -> Result<T, Error> {
        match self.peek(0) {
            Token::Eof => syntax("incomplete expression", self.position()),
            _ => syntax("unexpected token", self.position()),
        }
    }
    fn expect(&mut self, token: Token) -> Result<(), Error> {
        if *self.peek(0) != token {
            return self.unexpected();
        }
        self.at += 1;
        Ok(())
    }
    /// One level deeper; each level is a node of the tree the interpreter will recurse through.
    fn deeper(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return syntax("expression nested too deeply", self.position());
        }
        Ok(())
    }

    fn expression(&mut self, right_power: u8) -> Result<Ast, Error> {
        let entry = self.depth;
        self.deeper()?;
        let token = self.advance();
        let mut left = self.nud(token)?;
        while right_power < binding_power(self.peek(0)) {
            self.deeper()?;
            let token = self.advance();
            left = self.led(token, left)?;
        }
        self.depth = entry;
        Ok(left)
    }

    /// The token just consumed, at the start of an expression.
    fn nud(&mut self, token: Token) -> Result<Ast, Error> {
        Ok(match token {
            Token::Literal(value) => Ast::Literal(value),
            Token::Field(name) => Ast::Field(name),
            Token::Quoted(name) => {
                if *self.peek(0) == Token::LParen {
                    return self.unexpected();
                }
                Ast::Field(name)
            }
            Token::Star => {
                let right = if *self.peek(0) == Token::RBracket {
                    Ast::Identity
                } else {
                    self.projection_rhs(20)?
                };
                Ast::ValueProjection(boxed(Ast::Identity), boxed(right))
            }
            Token::Filter => self.filter(Ast::Identity)?,
            Token::LBrace => self.multi_hash()?,
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(Token::RParen)?;
                inner
            }
            Token::Flatten => {
                let right = self.projection_rhs(9)?;
                Ast::Projection(boxed(Ast::Flatten(boxed(Ast::Identity))), boxed(right))
            }
            Token::Not => Ast::Not(boxed(self.expression(45)?)),
            Token::LBracket => match (self.peek(0), self.peek(1)) {
                (Token::Number(_) | Token::Colon, _) => {
                    let index = self.index()?;
                    self.project_if_slice(Ast::Identity, index)?
                }
                (Token::Star, Token::RBracket) => {
                    self.at += 2;
                    let right = self.projection_rhs(20)?;
                    Ast::Projection(boxed(Ast::Identity), boxed(right))
                }
                _ => self.multi_list()?,
            },
            Token::At => Ast::Identity,
            Token::Amp => Ast::Expref(boxed(self.expression(0)?)),
            _ => {
                self.at -= 1;
                return self.unexpected();
            }
        })
    }

    fn led(&mut self, token: Token, left: Ast) -> Result<Ast, Error> {
        Ok(match token {
            Token::Dot if *self.peek(0) == Token::Star => {
                self.at += 1;
                let right = self.projection_rhs(40)?;
                Ast::ValueProjection(boxed(left), boxed(right))
            }
            Token::Dot => Ast::Sub(boxed(left), boxed(self.dot_rhs(40)?)),
            Token::Pipe => Ast::Sub(boxed(left), boxed(self.expression(1)?)),
            Token::Or => Ast::Or(boxed(left), boxed(self.expression(2)?)),
            Token::And => Ast::And(boxed(left), boxed(self.expression(3)?)),
            Token::Compare(cmp) => Ast::Compare(cmp, boxed(left), boxed(self.expression(5)?)),
            Token::LParen => {
                let Ast::Field(name) = left else {
                    self.at -= 1;
                    return self.unexpected();
                };
                let mut args = Vec::new();
                while *self.peek(0) != Token::RParen {
                    args.push(self.expression(0)?);
                    match self.peek(0) {
                        Token::Comma if *self.peek(1) != Token::RParen => self.at += 1,
                        Token::RParen => {}
                        _ => return self.unexpected(),
                    }
                }
                self.at += 1;
                Ast::Function(name, args)
            }
            Token::Filter => self.filter(left)?,
            Token::Flatten => {
                let right = self.projection_rhs(9)?;
                Ast::Projection(boxed(Ast::Flatten(boxed(left))), boxed(right))
            }
            Token::LBracket => match self.peek(0) {
                Token::Number(_) | Token::Colon => {
                    let index = self.index()?;
                    self.project_if_slice(left, index)?
                }
                _ => {
                    self.expect(Token::Star)?;
                    self.expect(Token::RBracket)?;
                    let right = self.projection_rhs(20)?;
                    Ast::Projection(boxed(left), boxed(right))
                }
            },
            _ => {
                self.at -= 1;
                return self.unexpected();
            }
        })
    }

    fn filter(&mut self, left: Ast) -> Result<Ast, Error> {
        let condition = self.expression(0)?;
        self.expect(Token::RBracket)?;
        let right = if *self.peek(0) == Token::Flatten {
            Ast::Identity
        } else {
            self.projection_rhs(21)?
        };
        Ok(Ast::Filter(boxed(left), boxed(right), boxed(condition)))
    }

    /// After `[`: an index `[2]` or a slice `[a:b:c]`, up to and including `]`.
    fn index(&mut self) -> Result<Ast, Error> {
        if *self.peek(0) != Token::Colon && *self.peek(1) != Token::Colon {
            let Token::Number(index) = self.advance() else {
                return self.unexpected();
            };
            self.expect(Token::RBracket)?;
            return Ok(Ast::Index(index));
        }
        let mut parts = [None; 3];
        let mut part = 0;
        while *self.peek(0) != Token::RBracket {
            match self.peek(0) {
                Token::Colon if part < 2 => part += 1,
                Token::Number(number) => parts[part] = Some(*number),
                _ => return self.unexpected(),
            }
            self.at += 1;
        }
        self.at += 1;
        Ok(Ast::Slice(parts))
    }

    fn project_if_slice(&mut self, left: Ast, index: Ast) -> Result<Ast, Error> {
        let is_slice = matches!(index, Ast::Slice(_));
        let indexed = Ast::Sub(boxed(left), boxed(index));
        if !is_slice {
            return Ok(indexed);
        }
        let right = self.projection_rhs(20)?;
        Ok(Ast::Projection(boxed(indexed), boxed(right)))
    }

    fn projection_rhs(&mut self, power: u8) -> Result<Ast, Error> {
        match self.peek(0) {
            token if binding_power(token) < 10 => Ok(Ast::Identity),
            Token::LBracket | Token::Filter => self.expression(power),
            Token::Dot => {
                self.at += 1;
                self.dot_rhs(power)
            }
            _ => self.unexpected(),
        }
    }

    fn dot_rhs(&mut self, power: u8) -> Result<Ast, Error> {
        match self.peek(0) {
            Token::Field(_) | Token::Quoted(_) | Token::Star => self.expression(power),
            Token::LBracket => {
                self.at += 1;
                self.multi_list()
            }
            Token::LBrace => {
                self.at += 1;
                self.multi_hash()
            }
            _ => self.unexpected(),
        }
    }

    fn multi_list(&mut self) -> Result<Ast, Error> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            if *self.peek(0) == Token::RBracket {
                break;
            }
            self.expect(Token::Comma)?;
        }
        self.at += 1;
        Ok(Ast::MultiList(items))
    }

    fn multi_hash(&mut self) -> Result<Ast, Error> {
        let mut pairs = Vec::new();
        loop {
            let (Token::Field(key) | Token::Quoted(key)) = self.peek(0).clone() else {
                return self.unexpected();
            };
            self.at += 1;
            self.expect(Token::Colon)?;
            pairs.push((key, self.expression(0)?));
            match self.advance() {
                Token::Comma => {}
                Token::RBrace => return Ok(Ast::MultiHash(pairs)),
                _ => {
                    self.at -= 1;
                    return self.unexpected();
                }
            }
        }
    }
}

/// A compiled `--query`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression(Ast);

/// Parses an expression; only syntax errors are found here (as in Python, unknown functions and
/// wrong argument counts are found when the expression runs).
pub fn compile(expression: &str) -> Result<Expression, Error> {
    let mut parser = Parser {
        tokens: lex(expression)?,
        at: 0,
        depth: 0,
    };
    let ast = parser.expression(0)?;
    if *parser.peek(0) != Token::Eof {
        return parser.unexpected();
    }
    Ok(Expression(ast))
}

impl Expression {
    pub fn search(&self, value: &Value) -> Result<Value, Error> {
        eval(&self.0, value)
    }
}

/// Compiles and runs an expression.
pub fn search(expression: &str, value: &Value) -> Result<Value, Error> {
    compile(expression)?.search(value)
}

// ---- interpreter ----------------------------------------------------------------------------

/// Sets a key as a Python dict does: an existing key keeps its place.
fn set(pairs: &mut Vec<(String, Value)>, key: String, value: Value) {
    for pair in pairs.iter_mut() {
        if pair.0 == key {
            pair.1 = value;
            return;
        }
    }
    pairs.push((key, value));
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(pairs) => !pairs.is_empty(),
        _ => true,
    }
}

fn float(number: &Number) -> f64 {
    number.as_f64().unwrap_or(0.0)
}

/// JSON equality: `1 == 1.0`, objects compare as maps, a number never equals a boolean.
fn equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => float(a) == float(b),
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return false;
            }
            for index in 0..a.len() {
                if !equal(&a[index], &b[index]) {
                    return false;
                }
            }
            true
        }
        (Value::Object(a), Value::Object(b)) => {
            if a.len() != b.len() {
                return false;
            }
            for (key, value) in a {
                match right.get(key) {
                    Some(other) if equal(value, other) => {}
                    _ => return false,
                }
            }
            true
        }
        _ => left == right,
    }
}

/// The order of two numbers or two strings (callers have checked the types).
fn order(left: &Value, right: &Value) -> Ordering {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => {
            float(a).partial_cmp(&float(b)).unwrap_or(Ordering::Equal)
        }
        (Value::String(a), Value::String(b)) => a.cmp(b),
        _ => Ordering::Equal,
    }
}

fn eval(ast: &Ast, value: &Value) -> Result<Value, Error> {
    Ok(match ast {
        Ast::Identity => value.clone(),
        Ast::Field(name) => value.get(name).cloned().unwrap_or(Value::Null),
        Ast::Index(index) => match value {
            Value::Array(items) => {
                let length = items.len() as i64;
                let at = if *index < 0 {
                    index.saturating_add(length)
                } else {
                    *index
                };
                if (0..length).contains(&at) {
                    items[at as usize].clone()
                } else {
                    Value::Null
                }
            }
            _ => Value::Null,
        },
        Ast::Slice(parts) => match value {
            Value::Array(items) => slice(items, parts)?,
            _ => Value::Null,
        },
        Ast::Literal(literal) => literal.clone(),
        Ast::Sub(left, right) => eval(right, &eval(left, value)?)?,
        Ast::Projection(base, each) => match eval(base, value)? {
            Value::Array(items) => project(items.iter(), each)?,
            _ => Value::Null,
        },
        Ast::ValueProjection(base, each) => match eval(base, value)? {
            Value::Object(pairs) => project(pairs.iter().map(|pair| &pair.1), each)?,
            _ => Value::Null,
        },
        Ast::Filter(base, each, condition) => match eval(base, value)? {
            Value::Array(items) => {
                let mut kept = Vec::new();
                for item in &items {
                    if truthy(&eval(condition, item)?) {
                        kept.push(item);
                    }
                }
                project(kept.into_iter(), each)?
            }
            _ => Value::Null,
        },
        Ast::Flatten(base) => match eval(base, value)? {
            Value::Array(items) => {
                let mut flat = Vec::new();
                for item in items {
                    match item {
                        Value::Array(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Value::Array(flat)
            }
            _ => Value::Null,
        },
        Ast::Or(left, right) => {
            let first = eval(left, value)?;
            if truthy(&first) {
                first
            } else {
                eval(right, value)?
            }
        }
        Ast::And(left, right) => {
            let first = eval(left, value)?;
            if truthy(&first) {
                eval(right, value)?
            } else {
                first
            }
        }
        Ast::Not(inner) => Value::Bool(!truthy(&eval(inner, value)?)),
        Ast::Compare(cmp, left, right) => {
            let (left, right) = (eval(left, value)?, eval(right, value)?);
            let ordering = match (&left, &right) {
                (Value::Number(_), Value::Number(_)) | (Value::String(_), Value::String(_)) => {
                    order(&left, &right)
                }
                // Python orders only numbers and strings; everything else is null.
                _ if !matches!(cmp, Cmp::Eq | Cmp::Ne) => return Ok(Value::Null),
                _ => Ordering::Equal,
            };
            Value::Bool(match cmp {
                Cmp::Eq => equal(&left, &right),
                Cmp::Ne => !equal(&left, &right),
                Cmp::Lt => ordering == Ordering::Less,
                Cmp::Le => ordering != Ordering::Greater,
                Cmp::Gt => ordering == Ordering::Greater,
                Cmp::Ge => ordering != Ordering::Less,
            })
        }
        Ast::MultiList(_) | Ast::MultiHash(_) if value.is_null() => Value::Null,
        Ast::MultiList(items) => {
            let mut out = Vec::new();
            for item in items {
                out.push(eval(item, value)?);
            }
            Value::Array(out)
        }
        Ast::MultiHash(pairs) => {
            let mut out = Vec::new();
            for (key, item) in pairs {
                set(&mut out, key.clone(), eval(item, value)?);
            }
            Value::Object(out)
        }
        Ast::Function(name, args) => call(name, args, value)?,
        // Python hands back an expression object here, which az cannot print.
        Ast::Expref(_) => Value::Null,
    })
}

fn project<'a>(items: impl Iterator<Item = &'a Value>, each: &Ast) -> Result<Value, Error> {
    let mut out = Vec::new();
    for item in items {
        let projected = eval(each, item)?;
        if !projected.is_null() {
            out.push(projected);
        }
    }
    Ok(Value::Array(out))
}

/// Python's `list[start:stop:step]`.
fn slice(items: &[Value], parts: &[Option<i64>; 3]) -> Result<Value, Error> {
    let step = parts[2].unwrap_or(1);
    if step == 0 {
        return fail(ErrorKind::InvalidValue, "slice step cannot be zero".into());
    }
    let length = items.len() as i64;
    let (lower, upper) = if step > 0 {
        (0, length)
    } else {
        (-1, length - 1)
    };
    let bound = |part: Option<i64>, default: i64| match part {
        None => default,
        Some(at) if at < 0 => at.saturating_add(length).max(lower),
        Some(at) => at.min(upper),
    };
    let mut at = bound(parts[0], if step > 0 { lower } else { upper });
    let stop = bound(parts[1], if step > 0 { upper } else { lower });
    let mut out = Vec::new();
    while (step > 0 && at < stop) || (step < 0 && at > stop) {
        out.push(items[at as usize].clone());
        match at.checked_add(step) {
            Some(next) => at = next,
            None => break,
        }
    }
    Ok(Value::Array(out))
}

// ---- functions ------------------------------------------------------------------------------

/// Each function's argument types as Python's signatures spell them ("" is any type); a trailing
/// `*` marks the last argument variadic.
const FUNCTIONS: &[(&str, &[&str])] = &[
    ("abs", &["number"]),
    ("avg", &["array-number"]),
    ("ceil", &["number"]),
    ("contains", &["array string", ""]),
    ("ends_with", &["string", "string"]),
    ("floor", &["number"]),
    ("join", &["string", "array-string"]),
    ("keys", &["object"]),
    ("length", &["string array object"]),
    ("map", &["expref", "array"]),
    ("max", &["array-number array-string"]),
    ("max_by", &["array", "expref"]),
    ("merge", &["object*"]),
    ("min", &["array-number array-string"]),
    ("min_by", &["array", "expref"]),
    ("not_null", &["*"]),
    ("reverse", &["array string"]),
    ("sort", &["array-string array-number"]),
    ("sort_by", &["array", "expref"]),
    ("starts_with", &["string", "string"]),
    ("sum", &["array-number"]),
    ("to_array", &[""]),
    ("to_number", &[""]),
    ("to_string", &[""]),
    ("type", &[""]),
    ("values", &["object"]),
];

/// An evaluated argument: a value, or the `&expression` a function applies itself.
enum Arg<'a> {
    Value(Value),
    Expref(&'a Ast),
}

/// JMESPath's (and jq's) name of a value's type.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Python's type name, which its element type errors print.
fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `str()` of a value (`repr()` inside containers).
fn python_str(value: &Value, out: &mut String, nested: bool) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => out.push_str(&model::value::number_text(n)),
        Value::String(text) if !nested => out.push_str(text),
        Value::String(text) => {
            out.push('\'');
            for c in text.chars() {
                match c {
                    '\'' | '\\' => {
                        out.push('\\');
                        out.push(c)
                    }
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    _ => out.push(c),
                }
            }
            out.push('\'');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                python_str(item, out, true);
            }
            out.push(']');
        }
        Value::Object(pairs) => {
            out.push('{');
            for (index, (key, item)) in pairs.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                python_str(&Value::String(key.clone()), out, true);
                out.push_str(": ");
                python_str(item, out, true);
            }
            out.push('}');
        }
    }
}

/// `JMESPathTypeError`'s message; `expected` is a signature string.
fn type_error<T>(function: &str, value: &Value, actual: &str, expected: &str) -> Result<T, Error> {
    let mut shown = String::new();
    python_str(value, &mut shown, false);
    let mut list = String::from("[");
    for (index, name) in expected.split(' ').enumerate() {
        if index > 0 {
            list.push_str(", ");
        }
        list.push('\'');
        list.push_str(name);
        list.push('\'');
    }
    list.push(']');
    fail(
        ErrorKind::InvalidType,
        format!("In function {function}(), invalid type for value: {shown}, expected one of: {list}, received: \"{actual}\""),
    )
}

/// Python's `_type_check_single`: the argument's type, then (for `array-…`) its elements'.
fn check(function: &str, spec: &str, arg: &Arg) -> Result<(), Error> {
    if spec.is_empty() {
        return Ok(());
    }
    let value = match arg {
        Arg::Expref(_) if spec == "expref" => return Ok(()),
        Arg::Expref(_) => return type_error(function, &Value::str("<expref>"), "expref", spec),
        Arg::Value(value) => value,
    };
    let actual = type_name(value);
    let mut allowed = false;
    let mut subtypes = Vec::new();
    for name in spec.split(' ') {
        let (base, subtype) = name.split_once('-').unwrap_or((name, ""));
        allowed |= base == actual;
        if !subtype.is_empty() {
            subtypes.push(subtype);
        }
    }
    if !allowed {
        return type_error(function, value, actual, spec);
    }
    let (Value::Array(items), false) = (value, subtypes.is_empty()) else {
        return Ok(());
    };
    // With several element types allowed, the first element picks which one all must have.
    let required = match items.first() {
        Some(first) if subtypes.len() > 1 => {
            if !subtypes.contains(&type_name(first)) {
                return type_error(function, first, python_type(first), spec);
            }
            type_name(first)
        }
        _ => subtypes[0],
    };
    for item in items {
        if type_name(item) != required {
            return type_error(function, item, python_type(item), spec);
        }
    }
    Ok(())
}

/// An integer result stays an integer (Python's `int`), so `ceil(`1.5`)` prints `2`.
fn number(value: f64, integer: bool) -> Value {
    if integer && value.fract() == 0.0 && value.abs() < 9.2e18 {
        return Value::Number(Number::from(value as i64));
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

fn call(name: &str, args: &[Ast], current: &Value) -> Result<Value, Error> {
    let mut values = Vec::new();
    for arg in args {
        values.push(match arg {
            Ast::Expref(inner) => Arg::Expref(inner),
            other => Arg::Value(eval(other, current)?),
        });
    }
    let mut signature: &[&str] = &[];
    for (known, types) in FUNCTIONS {
        if *known == name {
            signature = types;
        }
    }
    if signature.is_empty() {
        return fail(
            ErrorKind::UnknownFunction,
            format!("Unknown function: {name}()"),
        );
    }
    let variadic = signature[signature.len() - 1].ends_with('*');
    if values.len() < signature.len() || (!variadic && values.len() > signature.len()) {
        let (at_least, count) = (if variadic { "at least " } else { "" }, signature.len());
        let plural = if count == 1 { "" } else { "s" };
        return fail(
            ErrorKind::InvalidArity,
            format!(
                "Expected {at_least}{count} argument{plural} for function {name}(), received {}",
                values.len()
            ),
        );
    }
    for (index, arg) in values.iter().enumerate() {
        let spec = signature[index.min(signature.len() - 1)].trim_end_matches('*');
        check(name, spec, arg)?;
    }
    // Type checks passed: the first argument's shape is known; exprefs are only where declared.
    let null = Value::Null;
    let mut plain: Vec<&Value> = Vec::new();
    let mut expref = &Ast::Identity;
    for arg in &values {
        match arg {
            Arg::Value(value) => plain.push(value),
            Arg::Expref(ast) => expref = ast,
        }
    }
    let first = plain.first().copied().unwrap_or(&null);
    let second = plain.get(1).copied().unwrap_or(&null);
    let empty = Vec::new();
    let items = match first {
        Value::Array(items) => items,
        _ => &empty,
    };
    let text = first.as_str().unwrap_or("");
    let first_number = match first {
        Value::Number(n) => Some(n),
        _ => None,
    };
    Ok(match name {
        "abs" | "ceil" | "floor" => {
            let n = first_number.map_or(0.0, float);
            let integer = !first_number.is_some_and(Number::is_f64);
            match name {
                "abs" => number(n.abs(), integer),
                "ceil" => number(n.ceil(), true),
                _ => number(n.floor(), true),
            }
        }
        "avg" | "sum" => {
            let mut total = 0.0;
            let mut integer = true;
            for item in items {
                if let Value::Number(n) = item {
                    total += float(n);
                    integer &= !n.is_f64();
                }
            }
            match (name, items.len()) {
                ("sum", _) => number(total, integer),
                (_, 0) => Value::Null,
                (_, count) => number(total / count as f64, false),
            }
        }
        "contains" => Value::Bool(match (first, second) {
            (Value::String(text), Value::String(search)) => text.contains(search.as_str()),
            (Value::Array(items), search) => {
                let mut found = false;
                for item in items {
                    found |= equal(item, search);
                }
                found
            }
            _ => false,
        }),
        "ends_with" => Value::Bool(text.ends_with(second.as_str().unwrap_or(""))),
        "starts_with" => Value::Bool(text.starts_with(second.as_str().unwrap_or(""))),
        "join" => {
            let mut joined = String::new();
            if let Value::Array(parts) = second {
                for (index, part) in parts.iter().enumerate() {
                    if index > 0 {
                        joined.push_str(text);
                    }
                    joined.push_str(part.as_str().unwrap_or(""));
                }
            }
            Value::String(joined)
        }
        "keys" | "values" => {
            let mut out = Vec::new();
            if let Value::Object(pairs) = first {
                for (key, value) in pairs {
                    out.push(if name == "keys" {
                        Value::String(key.clone())
                    } else {
                        value.clone()
                    });
                }
            }
            Value::Array(out)
        }
        "length" => Value::Number(Number::from(match first {
            Value::String(text) => text.chars().count(),
            Value::Object(pairs) => pairs.len(),
            _ => items.len(),
        })),
        "map" => {
            let mut out = Vec::new();
            for item in items {
                out.push(eval(expref, item)?);
            }
            Value::Array(out)
        }
        "max" | "min" => {
            let want = if name == "max" {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best: Option<&Value> = None;
            for item in items {
                match best {
                    Some(kept) if order(item, kept) != want => {}
                    _ => best = Some(item),
                }
            }
            best.cloned().unwrap_or(Value::Null)
        }
        "max_by" | "min_by" | "sort_by" => by_key(name, items, expref)?,
        "merge" => {
            let mut merged = Vec::new();
            for value in &plain {
                if let Value::Object(pairs) = value {
                    for (key, item) in pairs {
                        set(&mut merged, key.clone(), item.clone());
                    }
                }
            }
            Value::Object(merged)
        }
        "not_null" => {
            for value in &plain {
                if !value.is_null() {
                    return Ok((*value).clone());
                }
            }
            Value::Null
        }
        "reverse" => match first {
            Value::String(text) => Value::String(text.chars().rev().collect()),
            _ => {
                let mut reversed = items.clone();
                reversed.reverse();
                Value::Array(reversed)
            }
        },
        "sort" => {
            let mut sorted = items.clone();
            sort_by(&mut sorted, order);
            Value::Array(sorted)
        }
        "to_array" => match first {
            Value::Array(_) => first.clone(),
            other => Value::Array(vec![other.clone()]),
        },
        "to_number" => match first {
            Value::Number(_) => first.clone(),
            Value::String(text) => {
                // Python tries int() then float(), both of which ignore surrounding whitespace.
                let text = text.trim();
                match text.parse::<i64>() {
                    Ok(n) => Value::Number(Number::from(n)),
                    Err(_) => match model::float::parse(text) {
                        Some(f) if !text.contains(['i', 'I', 'n', 'N']) => number(f, false),
                        _ => Value::Null,
                    },
                }
            }
            _ => Value::Null,
        },
        "to_string" => match first {
            Value::String(_) => first.clone(),
            other => {
                let mut out = String::new();
                out.push_str(&other.to_compact());
                Value::String(out)
            }
        },
        "type" => Value::str(type_name(first)),
        _ => Value::Null,
    })
}

/// `sort_by`, `max_by`, `min_by`: every key must be a number, or every key a string.
fn by_key(name: &str, items: &[Value], expref: &Ast) -> Result<Value, Error> {
    let mut keyed = Vec::new();
    let mut required = "";
    for item in items {
        let key = eval(expref, item)?;
        let actual = type_name(&key);
        if required.is_empty() {
            if actual != "number" && actual != "string" {
                return match name {
                    "sort_by" => type_error(name, item, actual, "string number"),
                    _ => type_error(name, &key, actual, "number string"),
                };
            }
            required = actual;
        } else if actual != required {
            return type_error(name, &key, actual, required);
        }
        keyed.push((key, item));
    }
    if name == "sort_by" {
        sort_by(&mut keyed, |a, b| order(&a.0, &b.0));
        let mut sorted = Vec::new();
        for (_, item) in keyed {
            sorted.push(item.clone());
        }
        return Ok(Value::Array(sorted));
    }
    let want = if name == "max_by" {
        Ordering::Greater
    } else {
        Ordering::Less
    };
    let mut best: Option<&(Value, &Value)> = None;
    for pair in &keyed {
        match best {
            Some(kept) if order(&pair.0, &kept.0) != want => {}
            _ => best = Some(pair),
        }
    }
    Ok(best.map_or(Value::Null, |pair| pair.1.clone()))
}
