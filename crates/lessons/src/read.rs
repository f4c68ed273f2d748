//! Walking a lesson file's JSON by hand (no serde in the download), and the error that names the file, the JSON path and what is wrong there.

use crate::text::{Lang, Text};
use model::value::{ParseError, Value};
use std::fmt;

/// Why a lesson file (or the index, or the presets) was refused: which file, where in it, and
/// what is wrong. Its `Display` is the line an author reads: `file: at $.steps[2].goals[0]: …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The file's name as the caller gave it.
    pub file: String,
    /// The JSON path of the offending value below `$` (`.steps[2].goals[0].label`); empty for the
    /// whole file.
    pub path: String,
    pub problem: Problem,
}

/// What is wrong at a place in a lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The text is not JSON.
    NotJson(ParseError),
    /// A value of the wrong JSON type.
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// A required field is absent; `why` says what it is for.
    Missing { why: &'static str },
    /// A field this place doesn't have (a typo, or a field of another place).
    UnknownField {
        field: String,
        allowed: &'static [&'static str],
    },
    /// A goal whose predicate is not in the vocabulary.
    UnknownPredicate { name: String },
    /// A goal with two predicates.
    TwoPredicates { first: String, second: String },
    /// A text in a language the playground doesn't know.
    UnknownLanguage { code: String },
    /// A list that must have at least one entry.
    Empty,
    /// A format version this playground doesn't read.
    Version { found: String },
    /// A value the vocabulary doesn't allow here; the text names the allowed ones.
    Invalid(String),
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: at ${}: {}", self.file, self.path, self.problem)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotJson(error) => write!(f, "not JSON: {error}"),
            Problem::WrongType { expected, found } => {
                write!(f, "wrong type: expected {expected}, found {found}")
            }
            Problem::Missing { why } => write!(f, "missing: {why}"),
            Problem::UnknownField { field, allowed } => write!(
                f,
                "unknown field '{field}': allowed here are {}",
                allowed.join(", ")
            ),
            Problem::UnknownPredicate { name } => write!(
                f,
                "unknown predicate '{name}': a goal is 'label' plus one of {}",
                crate::goal::PREDICATES.join(", ")
            ),
            Problem::TwoPredicates { first, second } => write!(
                f,
                "two predicates ('{first}' and '{second}'): a goal has one; combine several with 'all'"
            ),
            Problem::UnknownLanguage { code } => {
                let known: Vec<&str> = Lang::ALL.iter().map(|lang| lang.code()).collect();
                write!(
                    f,
                    "unknown language '{code}': texts may be given in {}",
                    known.join(", ")
                )
            }
            Problem::Empty => write!(f, "empty list: give at least one entry"),
            Problem::Version { found } => write!(
                f,
                "format version {found}, but the playground reads version {}: see docs/lessons.md",
                crate::lesson::FORMAT_VERSION
            ),
            Problem::Invalid(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for LessonError {}

/// The JSON type of a value, as an error names it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The reader's position: which file, and the JSON path to the value at hand.
#[derive(Clone, Debug)]
pub(crate) struct At<'f> {
    pub file: &'f str,
    pub path: String,
}

pub(crate) type Read<T> = Result<T, LessonError>;

impl<'f> At<'f> {
    pub fn root(file: &'f str) -> At<'f> {
        At {
            file,
            path: String::new(),
        }
    }

    /// The place of a field of the object here.
    pub fn field(&self, name: &str) -> At<'f> {
        At {
            file: self.file,
            path: format!("{}.{name}", self.path),
        }
    }

    /// The place of an entry of the list here.
    pub fn index(&self, index: usize) -> At<'f> {
        At {
            file: self.file,
            path: format!("{}[{index}]", self.path),
        }
    }

    pub fn fail<T>(&self, problem: Problem) -> Read<T> {
        Err(LessonError {
            file: self.file.to_string(),
            path: self.path.clone(),
            problem,
        })
    }

    pub fn invalid<T>(&self, why: impl Into<String>) -> Read<T> {
        self.fail(Problem::Invalid(why.into()))
    }

    fn wrong<T>(&self, expected: &'static str, value: &Value) -> Read<T> {
        self.fail(Problem::WrongType {
            expected,
            found: type_name(value),
        })
    }

    /// The object here, whose every key must be one of `allowed`.
    pub fn object<'v>(&self, value: &'v Value, allowed: &'static [&'static str]) -> Read<Obj<'v>> {
        let Value::Object(pairs) = value else {
            return self.wrong("an object", value);
        };
        if let Some((key, _)) = pairs
            .iter()
            .find(|(key, _)| !allowed.contains(&key.as_str()))
        {
            return self.field(key).fail(Problem::UnknownField {
                field: key.clone(),
                allowed,
            });
        }
        Ok(Obj { pairs })
    }

    pub fn string(&self, value: &Value) -> Read<String> {
        match value {
            Value::String(text) if !text.trim().is_empty() => Ok(text.clone()),
            Value::String(_) => self.invalid("empty text: write something here"),
            _ => self.wrong("a string", value),
        }
    }

    pub fn boolean(&self, value: &Value) -> Read<bool> {
        value
            .as_bool()
            .map_or_else(|| self.wrong("true or false", value), Ok)
    }

    /// A whole number from 0 up to `max`.
    pub fn count(&self, value: &Value, max: i64) -> Read<usize> {
        match value.as_i64() {
            Some(n) if (0..=max).contains(&n) => Ok(n as usize),
            Some(_) => self.invalid(format!("out of range: a whole number from 0 to {max}")),
            None => self.wrong("a whole number", value),
        }
    }

    /// The list here, each entry read by `each` at its own place; `non_empty` refuses `[]`.
    pub fn list<T>(
        &self,
        value: &Value,
        non_empty: bool,
        mut each: impl FnMut(&At<'f>, &Value) -> Read<T>,
    ) -> Read<Vec<T>> {
        let Value::Array(items) = value else {
            return self.wrong("a list", value);
        };
        if non_empty && items.is_empty() {
            return self.fail(Problem::Empty);
        }
        items
            .iter()
            .enumerate()
            .map(|(index, item)| each(&self.index(index), item))
            .collect()
    }

    /// A list of console lines (strings; none empty).
    pub fn lines(&self, value: &Value, non_empty: bool) -> Read<Vec<String>> {
        self.list(value, non_empty, |at, line| at.string(line))
    }

    /// A text a learner reads: a string (English), or `{ "en": …, "de": … }` with English.
    pub fn text(&self, value: &Value) -> Read<Text> {
        match value {
            Value::String(_) => Ok(Text::en(self.string(value)?)),
            Value::Object(pairs) => {
                let mut versions = Vec::new();
                for (code, text) in pairs {
                    let at = self.field(code);
                    let Some(lang) = Lang::ALL.into_iter().find(|lang| lang.code() == code) else {
                        return at.fail(Problem::UnknownLanguage { code: code.clone() });
                    };
                    versions.push((lang, at.string(text)?));
                }
                match Text::from_versions(versions) {
                    Some(text) => Ok(text),
                    None => self.field("en").fail(Problem::Missing {
                        why: "every text needs its English version",
                    }),
                }
            }
            _ => self.wrong("a string, or an object of texts by language", value),
        }
    }
}

/// An object's fields, already checked against the names its place allows.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Obj<'v> {
    pub pairs: &'v [(String, Value)],
}

impl<'v> Obj<'v> {
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A required field, or the error saying what it is for.
    pub fn need(&self, at: &At<'_>, key: &str, why: &'static str) -> Read<&'v Value> {
        match self.get(key) {
            Some(value) => Ok(value),
            None => at.field(key).fail(Problem::Missing { why }),
        }
    }
}

/// The JSON of a whole file.
pub(crate) fn parse_file(file: &str, text: &str) -> Read<Value> {
    model::value::parse(text).map_err(|error| LessonError {
        file: file.to_string(),
        path: String::new(),
        problem: Problem::NotJson(error),
    })
}
