//! Parses the words of an `az` (or `playground`) command against the command table, with argparse's rules and the Azure CLI's error wording.

use std::fmt;

use crate::output::Format;
use crate::shell::Span;
use crate::table::{self, global, Arity, CommandSpec, Param, Program};

/// One word after shell expansion, with the span of the source text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub text: String,
    pub span: Span,
}

/// A flag's parsed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgValue {
    Flag,
    One(String),
    Many(Vec<String>),
}

/// A command line that matched a command of the table.
#[derive(Clone, Debug)]
pub struct Invocation {
    /// `az`, or the playground's own `playground`.
    pub program: &'static Program,
    pub command: &'static CommandSpec,
    /// Each flag given, by its long name, with its value and the span of the flag and its values.
    given: Vec<(&'static str, ArgValue, Span)>,
    pub output: Format,
    pub query: Option<String>,
    pub only_show_errors: bool,
    /// The span of the whole command, for errors that concern it all.
    pub span: Span,
}

impl Invocation {
    fn find(&self, param: &Param) -> Option<&(&'static str, ArgValue, Span)> {
        self.given.iter().find(|(long, _, _)| *long == param.long())
    }
    /// A single-valued flag's value (the last one given, as argparse keeps).
    pub fn text(&self, param: &Param) -> Option<&str> {
        match self.find(param).map(|(_, value, _)| value) {
            Some(ArgValue::One(value)) => Some(value),
            Some(ArgValue::Many(values)) => values.last().map(String::as_str),
            _ => None,
        }
    }
    /// A single-valued flag's value by its long name (`--name`), for code outside the table.
    pub fn given(&self, long: &str) -> Option<&str> {
        match self
            .given
            .iter()
            .find(|(name, _, _)| *name == long)
            .map(|(_, value, _)| value)
        {
            Some(ArgValue::One(value)) => Some(value),
            Some(ArgValue::Many(values)) => values.last().map(String::as_str),
            _ => None,
        }
    }
    /// A flag's value as an owned string, empty when absent (a required flag is always present).
    pub fn string(&self, param: &Param) -> String {
        self.text(param).unwrap_or_default().to_string()
    }
    /// A flag's value as an owned string, if given.
    pub fn option(&self, param: &Param) -> Option<String> {
        self.text(param).map(str::to_string)
    }
    /// A many-valued flag's values (empty for a bare flag), if given.
    pub fn values(&self, param: &Param) -> Option<&[String]> {
        match self.find(param).map(|(_, value, _)| value) {
            Some(ArgValue::Many(values)) => Some(values),
            Some(ArgValue::Flag) => Some(&[]),
            Some(ArgValue::One(value)) => Some(std::slice::from_ref(value)),
            None => None,
        }
    }
    /// Whether the flag was given at all.
    pub fn has(&self, param: &Param) -> bool {
        self.find(param).is_some()
    }
    /// The span of a flag and its values, or of the whole command when it was not given.
    pub fn span_of(&self, param: &Param) -> Span {
        self.find(param).map_or(self.span, |(_, _, span)| *span)
    }
    /// Whether an optional-boolean flag (`--enable-rbac-authorization [true|false]`) is on:
    /// the flag alone is true, a value is read as written, and `absent` is the default.
    pub fn optional_bool(&self, param: &Param, absent: bool) -> bool {
        match self.find(param).map(|(_, value, _)| value) {
            Some(ArgValue::Flag) => true,
            Some(ArgValue::One(value)) => value.eq_ignore_ascii_case("true"),
            _ => absent,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Parsed {
    Run(Invocation),
    /// `--help`, `-h` or a bare group: the text to print.
    Help(String),
}

/// What went wrong, in argparse's / the Azure CLI's categories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AzErrorKind {
    /// `'{value}' is misspelled or not recognized by the system.`
    UnknownCommand { value: String },
    /// `unrecognized arguments: …`
    UnrecognizedArguments { args: Vec<String> },
    /// `the following arguments are required: …`
    MissingRequired { params: Vec<String> },
    /// `argument --name/-n: expected one argument`
    ExpectedOneArgument { param: String },
    /// `argument --ids: expected at least one argument`
    ExpectedAtLeastOneArgument { param: String },
    /// `az vm create: 'foo' is not a valid value for '--output'.`
    InvalidChoice {
        prog: String,
        value: String,
        param: String,
    },
    /// A value of the right shape but wrong content (`--years abc`, a bad `--query`, a usage error).
    InvalidValue { message: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzError {
    pub kind: AzErrorKind,
    pub span: Span,
    pub suggestion: Option<String>,
}

impl fmt::Display for AzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            AzErrorKind::UnknownCommand { value } => write!(
                f,
                "'{value}' is misspelled or not recognized by the system."
            )?,
            AzErrorKind::UnrecognizedArguments { args } => {
                write!(f, "unrecognized arguments: {}", args.join(" "))?
            }
            AzErrorKind::MissingRequired { params } => write!(
                f,
                "the following arguments are required: {}",
                params.join(", ")
            )?,
            AzErrorKind::ExpectedOneArgument { param } => {
                write!(f, "argument {param}: expected one argument")?
            }
            AzErrorKind::ExpectedAtLeastOneArgument { param } => {
                write!(f, "argument {param}: expected at least one argument")?
            }
            AzErrorKind::InvalidChoice { prog, value, param } => {
                write!(f, "{prog}: '{value}' is not a valid value for '{param}'.")?
            }
            AzErrorKind::InvalidValue { message } => write!(f, "{message}")?,
        }
        if let Some(candidate) = &self.suggestion {
            write!(f, "\nDid you mean '{candidate}' ?")?;
        }
        Ok(())
    }
}

/// difflib's `SequenceMatcher.ratio()`: 2·matches / total length, matches found by recursive
/// longest common blocks. The CLI suggests candidates whose ratio is at least 0.7.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    fn matches(a: &[char], b: &[char]) -> usize {
        let (mut best_i, mut best_j, mut best_len) = (0, 0, 0);
        for i in 0..a.len() {
            for j in 0..b.len() {
                let mut len = 0;
                while i + len < a.len() && j + len < b.len() && a[i + len] == b[j + len] {
                    len += 1;
                }
                if len > best_len {
                    (best_i, best_j, best_len) = (i, j, len);
                }
            }
        }
        if best_len == 0 {
            return 0;
        }
        best_len
            + matches(&a[..best_i], &b[..best_j])
            + matches(&a[best_i + best_len..], &b[best_j + best_len..])
    }
    2.0 * matches(&a, &b) as f64 / (a.len() + b.len()) as f64
}

/// `difflib.get_close_matches(value, candidates, n=1, cutoff=0.7)`.
pub fn closest<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = similarity(value, candidate);
        // Ties go to the larger string, as `heapq.nlargest` over (score, word) does.
        if score >= 0.7
            && best.is_none_or(|(best_score, best_word)| {
                score > best_score || (score == best_score && candidate > best_word)
            })
        {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, word)| word.to_string())
}

fn is_flag_like(text: &str) -> bool {
    // A negative number is a value, as argparse decides when no option looks like one.
    text.starts_with('-') && text.len() > 1 && !text[1..].starts_with(|c: char| c.is_ascii_digit())
}

/// Parses the words of a command of `program` (the first word is the program's name).
pub fn parse_program(program: &'static Program, args: &[Arg]) -> Result<Parsed, AzError> {
    let whole = match (args.first(), args.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => Span::default(),
    };
    let mut path = String::new();
    let mut index = 1;
    // Walk groups until a command is reached.
    let command = loop {
        let Some(arg) = args.get(index) else {
            return Ok(Parsed::Help(table::group_help(program, &path)));
        };
        if arg.text == "--help" || arg.text == "-h" {
            return Ok(Parsed::Help(table::group_help(program, &path)));
        }
        let candidate = if path.is_empty() {
            arg.text.clone()
        } else {
            format!("{path} {}", arg.text)
        };
        if let Some(command) = program.find_command(&candidate) {
            index += 1;
            break command;
        }
        if program.find_group(&candidate).is_some() {
            path = candidate;
            index += 1;
            continue;
        }
        if is_flag_like(&arg.text) && path.is_empty() {
            // `az --version` and friends.
            return Err(AzError {
                kind: AzErrorKind::UnrecognizedArguments {
                    args: args[index..].iter().map(|a| a.text.clone()).collect(),
                },
                span: arg.span.to(whole),
                suggestion: None,
            });
        }
        if is_flag_like(&arg.text) {
            // A group followed by flags: argparse asks for the missing subcommand.
            return Ok(Parsed::Help(table::group_help(program, &path)));
        }
        let choices: Vec<&str> = program
            .children(&path)
            .into_iter()
            .map(|(word, _)| word)
            .collect();
        return Err(AzError {
            kind: AzErrorKind::UnknownCommand {
                value: arg.text.clone(),
            },
            span: arg.span,
            suggestion: closest(&arg.text, choices),
        });
    };
    parse_arguments(program, command, &args[index..], whole)
}

fn parse_arguments(
    program: &'static Program,
    command: &'static CommandSpec,
    args: &[Arg],
    whole: Span,
) -> Result<Parsed, AzError> {
    let params = table::all_params(command);
    let prog = format!("{} {}", program.name, command.path);
    let find = |text: &str| {
        params
            .iter()
            .copied()
            .find(|param| param.names.contains(&text))
    };
    let mut parsed: Vec<(&'static str, ArgValue, Span)> = Vec::new();
    let mut unrecognized: Vec<&Arg> = Vec::new();
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        let (flag_text, inline_value) = match arg.text.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.text.as_str(), None),
        };
        // argparse accepts a unique prefix of a long option (`--out` for `--output`).
        let found = find(flag_text).or_else(|| {
            if !flag_text.starts_with("--") || flag_text.len() < 3 {
                return None;
            }
            let mut matching = params
                .iter()
                .copied()
                .filter(|param| param.names.iter().any(|name| name.starts_with(flag_text)));
            let first = matching.next()?;
            matching
                .all(|param| param.long() == first.long())
                .then_some(first)
        });
        let param: &'static Param = match found {
            Some(param) if is_flag_like(flag_text) => param,
            _ => {
                unrecognized.push(arg);
                continue;
            }
        };
        if param.long() == global::HELP.long() {
            return Ok(Parsed::Help(table::command_help(program, command)));
        }
        let mut taken: Vec<&Arg> = Vec::new();
        let mut inline: Option<Arg> = inline_value.map(|text| Arg {
            text,
            span: arg.span,
        });
        let takes_next = |index: usize| {
            args.get(index)
                .is_some_and(|next| !is_flag_like(&next.text))
        };
        match param.arity {
            Arity::Flag => {
                if inline.is_some() {
                    return Err(AzError {
                        kind: AzErrorKind::InvalidValue {
                            message: format!(
                                "argument {}: ignored explicit argument '{}'",
                                param.display(),
                                inline.map(|a| a.text).unwrap_or_default()
                            ),
                        },
                        span: arg.span,
                        suggestion: None,
                    });
                }
            }
            Arity::One => {
                if inline.is_none() {
                    if !takes_next(index) {
                        return Err(AzError {
                            kind: AzErrorKind::ExpectedOneArgument {
                                param: param.display(),
                            },
                            span: arg.span,
                            suggestion: None,
                        });
                    }
                    taken.push(&args[index]);
                    index += 1;
                }
            }
            Arity::Optional => {
                if inline.is_none() && takes_next(index) {
                    taken.push(&args[index]);
                    index += 1;
                }
            }
            Arity::Any | Arity::Many => {
                if inline.is_none() {
                    while takes_next(index) {
                        taken.push(&args[index]);
                        index += 1;
                    }
                }
                if param.arity == Arity::Many && inline.is_none() && taken.is_empty() {
                    return Err(AzError {
                        kind: AzErrorKind::ExpectedAtLeastOneArgument {
                            param: param.display(),
                        },
                        span: arg.span,
                        suggestion: None,
                    });
                }
            }
        }
        let mut given: Vec<Arg> = taken.into_iter().cloned().collect();
        if let Some(value) = inline.take() {
            given.push(value);
        }
        if !param.choices.is_empty() {
            for value in &mut given {
                match param
                    .choices
                    .iter()
                    .find(|choice| choice.eq_ignore_ascii_case(&value.text))
                {
                    Some(choice) => value.text = choice.to_string(),
                    None => {
                        return Err(AzError {
                            kind: AzErrorKind::InvalidChoice {
                                prog: prog.clone(),
                                value: value.text.clone(),
                                param: param.long().to_string(),
                            },
                            span: value.span,
                            suggestion: closest(&value.text, param.choices.iter().copied()),
                        })
                    }
                }
            }
        }
        let span = given
            .iter()
            .fold(arg.span, |span, value| span.to(value.span));
        let value = match param.arity {
            Arity::Flag => ArgValue::Flag,
            Arity::One => ArgValue::One(given.pop().map(|a| a.text).unwrap_or_default()),
            Arity::Optional => match given.pop() {
                Some(value) => ArgValue::One(value.text),
                None => ArgValue::Flag,
            },
            Arity::Any | Arity::Many => ArgValue::Many(given.into_iter().map(|a| a.text).collect()),
        };
        // A repeated flag keeps its last value, as argparse does, and its first place.
        match parsed.iter_mut().find(|(long, _, _)| *long == param.long()) {
            Some(slot) => *slot = (param.long(), value, span),
            None => parsed.push((param.long(), value, span)),
        }
    }
    let command_span = whole;
    let missing: Vec<String> = command
        .params
        .iter()
        .filter(|param| param.required && !parsed.iter().any(|(long, _, _)| *long == param.long()))
        .map(Param::display)
        .collect();
    if !missing.is_empty() {
        return Err(AzError {
            kind: AzErrorKind::MissingRequired { params: missing },
            span: command_span,
            suggestion: None,
        });
    }
    if let (Some(first), Some(last)) = (unrecognized.first(), unrecognized.last()) {
        // Suggest the closest flag for a misspelt one, as the CLI's recommender would.
        let suggestion = if is_flag_like(&first.text) {
            let names: Vec<&str> = params
                .iter()
                .flat_map(|param| param.names.iter().copied())
                .filter(|name| name.starts_with("--"))
                .collect();
            closest(first.text.split('=').next().unwrap_or(""), names)
        } else {
            None
        };
        return Err(AzError {
            kind: AzErrorKind::UnrecognizedArguments {
                args: unrecognized.iter().map(|a| a.text.clone()).collect(),
            },
            span: first.span.to(last.span),
            suggestion,
        });
    }
    let mut invocation = Invocation {
        program,
        command,
        given: parsed,
        output: Format::Json,
        query: None,
        only_show_errors: false,
        span: command_span,
    };
    invocation.output = invocation
        .text(&global::OUTPUT)
        .and_then(Format::parse)
        .unwrap_or_default();
    #[cfg(feature = "full")]
    if let Some(text) = invocation.option(&global::QUERY) {
        if crate::jmespath::compile(&text).is_err() {
            return Err(AzError {
                kind: AzErrorKind::InvalidValue {
                    message: format!("argument --query: invalid jmespath_type value: '{text}'"),
                },
                span: invocation.span_of(&global::QUERY),
                suggestion: None,
            });
        }
        invocation.query = Some(text);
    }
    invocation.only_show_errors = invocation.has(&global::ONLY_SHOW_ERRORS);
    Ok(Parsed::Run(invocation))
}
