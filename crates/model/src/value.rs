//! JSON values whose objects keep their key order: the shapes the model builds, the console prints and `--query` reads, and the reader of JSON text.
//!
//! One value type for the whole playground. Objects are ordered pairs because the Azure CLI keeps
//! the order of what its transformers and `--query` build (Python's OrderedDict) while it sorts
//! plain objects; the model's builders write their keys sorted, as the REST response reads once
//! the CLI has sorted it.

use std::ops::Index;

pub use serde_json::Number;

/// A JSON value. `Object` keeps its pairs in order; keys are unique.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// The deepest nesting [`parse`] reads: deeper text is refused, so no input can exhaust the stack.
pub const MAX_DEPTH: usize = 256;

static NULL: Value = Value::Null;

impl Value {
    pub fn str(text: impl Into<String>) -> Value {
        Value::String(text.into())
    }

    /// An object from its pairs, in the order given.
    pub fn object(pairs: Vec<(&str, Value)>) -> Value {
        Value::Object(
            pairs
                .into_iter()
                .map(|(key, value)| (key.to_string(), value))
                .collect(),
        )
    }

    /// An object whose keys are sorted, as the CLI prints a plain (not ordered) dict.
    pub fn sorted_object(pairs: Vec<(&str, Value)>) -> Value {
        let mut value = Value::object(pairs);
        value.sort_keys();
        value
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets a key as a Python dict does: an existing key keeps its place, a new one goes last.
    pub fn set(&mut self, key: &str, value: Value) {
        if let Value::Object(pairs) = self {
            match pairs.iter_mut().find(|(k, _)| k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key.to_string(), value)),
            }
        }
    }

    /// Removes a key, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        match self {
            Value::Object(pairs) => {
                let index = pairs.iter().position(|(k, _)| k == key)?;
                Some(pairs.remove(index).1)
            }
            _ => None,
        }
    }

    /// Sorts an object's keys (not its children's).
    pub fn sort_keys(&mut self) {
        if let Value::Object(pairs) = self {
            crate::sort::sort_by(pairs, |a, b| a.0.cmp(&b.0));
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Vec<(String, Value)>> {
        match self {
            Value::Object(pairs) => Some(pairs),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(number) => number.as_i64(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A number as `json.dumps` writes it: integers as they are, floats as Python's `repr`
/// ([`crate::float::repr`]; serde_json's own writer would bring its float tables into the
/// download, and writes `1e16` where Python writes `1e+16`).
pub fn number_text(number: &Number) -> String {
    match (number.as_i64(), number.as_u64(), number.as_f64()) {
        (Some(n), _, _) => n.to_string(),
        (None, Some(n), _) => n.to_string(),
        (None, None, Some(x)) => crate::float::repr(x),
        (None, None, None) => "null".to_string(),
    }
}

impl Value {
    /// Compact JSON (`json.dumps(value, separators=(',', ':'))`): no spaces, ASCII only, keys in
    /// the object's own order.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        self.write_compact(true, &mut out);
        out
    }

    /// Compact JSON with non-ASCII characters as they are (a service's response body).
    pub fn to_compact_utf8(&self) -> String {
        let mut out = String::new();
        self.write_compact(false, &mut out);
        out
    }

    fn write_compact(&self, ascii: bool, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&number_text(n)),
            Value::String(text) => write_string(text, ascii, out),
            Value::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item.write_compact(ascii, out);
                }
                out.push(']');
            }
            Value::Object(pairs) => {
                out.push('{');
                for (index, (key, item)) in pairs.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write_string(key, ascii, out);
                    out.push(':');
                    item.write_compact(ascii, out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal as Python's `json.dumps` writes it: `"`, `\\` and control characters
/// escaped (`\n`, `\u001f`, ...), and with `ascii` every non-ASCII character as `\uXXXX` too.
pub fn write_string(text: &str, ascii: bool, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' || (ascii && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `value["key"]`: the key's value, or `null` when absent (as serde_json indexes).
impl Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `value[0]`: the item, or `null` when absent.
impl Index<usize> for Value {
    type Output = Value;
    fn index(&self, index: usize) -> &Value {
        match self {
            Value::Array(items) => items.get(index).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl Index<&String> for Value {
    type Output = Value;
    fn index(&self, key: &String) -> &Value {
        &self[key.as_str()]
    }
}

impl Index<String> for Value {
    type Output = Value;
    fn index(&self, key: String) -> &Value {
        &self[key.as_str()]
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

/// Compares with a serde_json value as JSON does: objects as maps, whatever their key order.
impl PartialEq<serde_json::Value> for Value {
    fn eq(&self, other: &serde_json::Value) -> bool {
        let mine = serde_json::Value::from(self);
        mine == *other
    }
}

/// Compact JSON, as serde_json displays a value.
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_compact())
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text)
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Value {
        Value::Bool(flag)
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Value {
        Value::Number(number.into())
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::Array(items)
    }
}

impl From<&[&str]> for Value {
    fn from(items: &[&str]) -> Value {
        Value::Array(items.iter().map(|item| Value::from(*item)).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

/// For tests and native tools that speak serde_json (the browser never needs it).
impl From<&serde_json::Value> for Value {
    fn from(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<serde_json::Value> for Value {
    fn from(value: serde_json::Value) -> Self {
        Value::from(&value)
    }
}

impl From<&Value> for serde_json::Value {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(serde_json::Value::from).collect())
            }
            Value::Object(pairs) => serde_json::Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::from(v)))
                    .collect(),
            ),
        }
    }
}

// ---- reading JSON text ----------------------------------------------------------------------

/// Why JSON text could not be read: the byte offset and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: &'static str,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

/// Reads JSON text (surrounding whitespace allowed), keeping object key order as Python's
/// `json.loads` does (a repeated key keeps its first place and its last value). Never panics;
/// nesting deeper than [`MAX_DEPTH`] is refused.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
    };
    let value = reader.value()?;
    reader.skip_space();
    if reader.at != text.len() {
        return Err(reader.fail("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    fn fail(&self, message: &'static str) -> ParseError {
        ParseError {
            offset: self.at,
            message,
        }
    }
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }
    fn word(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if !self.text[self.at..].starts_with(word) {
            return Err(self.fail("expected a JSON value"));
        }
        self.at += word.len();
        Ok(value)
    }
    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }
    fn value(&mut self) -> Result<Value, ParseError> {
        self.skip_space();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        let value = match self.peek() {
            None => return Err(self.fail("unexpected end of the text")),
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value()?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.fail("expected ',' or ']'"));
                        }
                    }
                }
                Value::Array(items)
            }
            Some(b'{') => {
                self.at += 1;
                let mut object = Value::Object(Vec::new());
                if !self.eat(b'}') {
                    loop {
                        self.skip_space();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return Err(self.fail("expected ':'"));
                        }
                        let value = self.value()?;
                        object.set(&key, value);
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(self.fail("expected ',' or '}'"));
                        }
                    }
                }
                object
            }
            Some(_) => Value::Number(self.number()?),
        };
        self.depth -= 1;
        Ok(value)
    }
    fn number(&mut self) -> Result<Number, ParseError> {
        let start = self.at;
        let bad = |reader: &Self| reader.fail("expected a JSON value");
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let whole = self.digits();
        if whole == 0 || (whole > 1 && self.text.as_bytes()[self.at - whole] == b'0') {
            return Err(bad(self));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        let text = &self.text[start..self.at];
        match text.parse::<i64>() {
            Ok(n) if integer => Ok(Number::from(n)),
            _ => crate::float::parse(text)
                .and_then(Number::from_f64)
                .ok_or_else(|| bad(self)),
        }
    }
    /// A JSON string at `self.at` (its opening quote), escapes decoded.
    fn string(&mut self) -> Result<String, ParseError> {
        if self.peek() != Some(b'"') {
            return Err(self.fail("expected a string in double quotes"));
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(self.peek(), None | Some(b'"' | b'\\' | 0..=0x1f)) {
                self.at += 1;
            }
            out.push_str(&self.text[start..self.at]);
            let Some(byte) = self.peek() else {
                return Err(self.fail("unterminated string"));
            };
            self.at += 1;
            match byte {
                b'"' => return Ok(out),
                b'\\' => {
                    let escape = self.peek();
                    self.at += 1;
                    out.push(match escape {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code)
                                && self.text[self.at..].starts_with("\\u")
                            {
                                let back = self.at;
                                self.at += 2;
                                match self.hex4()? {
                                    low @ 0xDC00..=0xDFFF => {
                                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                                    }
                                    _ => self.at = back,
                                }
                            }
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return Err(self.fail("unknown escape in a string")),
                    });
                }
                _ => {
                    self.at -= 1;
                    return Err(self.fail("control character in a string"));
                }
            }
        }
    }
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|digits| !digits.starts_with('+'))
            .ok_or_else(|| self.fail("expected four hex digits after \\u"))?;
        let code = u32::from_str_radix(digits, 16)
            .map_err(|_| self.fail("expected four hex digits after \\u"))?;
        self.at += 4;
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_keeping_key_order_and_refuses_what_is_not_json() {
        let value =
            parse(r#" {"b": [1, 2.5, "x\u00e9"], "a": {"c": null, "b": true}, "b": false} "#)
                .expect("valid JSON");
        let keys: Vec<&str> = value
            .as_object()
            .map(|pairs| pairs.iter().map(|(k, _)| k.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(value["b"], false);
        assert_eq!(value["a"]["b"], true);
        for bad in [
            "",
            "{",
            "[1,]",
            "01",
            "\"a",
            "{\"a\" 1}",
            "nul",
            "[1] 2",
            "\"\\x\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            parse(&deep).map_err(|e| e.message),
            Err("nested too deeply")
        );
    }
}
