//! `jq` as the tutorials use it: `jq .`, `jq .FIELD.FIELD`, `jq '.[N]'`, with `-r` for raw text and `-c` for one line.

use console::{Output, Stream};
use model::value::{self, Value};

use crate::vm::Ran;

/// `jq [-r] [-c] FILTER`, reading JSON from the pipe.
pub fn run(args: &[&str], stdin: Option<&str>, out: &mut Output) -> Ran {
    let (mut raw, mut compact, mut filter) = (false, false, None);
    for &arg in args {
        match arg {
            "-r" | "--raw-output" => raw = true,
            "-c" | "--compact-output" => compact = true,
            "-rc" | "-cr" => (raw, compact) = (true, true),
            option if option.starts_with('-') && option.len() > 1 => {
                return Ran::failed(out, &format!("jq: Unknown option: {option}\nplayground: the playground's jq knows -r and -c, and filters like . and .access_token\n"), 2)
            }
            _ if filter.is_some() => {
                return Ran::failed(out, "playground: the playground's jq reads the pipe only: jq FILTER, after curl ... |\n", 2)
            }
            text => filter = Some(text),
        }
    }
    let Some(filter) = filter else {
        return Ran::failed(out, "Usage:\tjq [OPTIONS] FILTER [FILES...]\nplayground: give a filter, e.g. jq -r .access_token\n", 2);
    };
    let path = match steps(filter) {
        Some(path) => path,
        None => {
            let message = format!("jq: error: syntax error, unexpected INVALID_CHARACTER (Unix shell quoting issues?) at <top-level>, line 1:\n{filter}\nplayground: the playground's jq knows paths like . .access_token .value[0].name\n");
            return Ran::failed(out, &message, 3);
        }
    };
    let Some(input) = stdin else {
        return Ran::failed(
            out,
            "playground: jq reads what a pipe gives it: curl ... | jq .\n",
            2,
        );
    };
    let mut printed = String::new();
    for text in documents(input) {
        let document = match value::parse(text) {
            Ok(document) => document,
            Err(_) => {
                out.print(Stream::Stdout, &printed);
                return Ran::failed(
                    out,
                    "jq: error (at <stdin>:0): Cannot parse the input as JSON\n",
                    2,
                );
            }
        };
        let mut current = document;
        for step in &path {
            current = match (step, current) {
                (Step::Field(name), Value::Object(pairs)) => pairs
                    .into_iter()
                    .find(|(key, _)| key == name)
                    .map(|(_, v)| v)
                    .unwrap_or_default(),
                (Step::Index(index), Value::Array(items)) => {
                    let at = if *index < 0 {
                        items.len() as i64 + index
                    } else {
                        *index
                    };
                    usize::try_from(at)
                        .ok()
                        .and_then(|at| items.into_iter().nth(at))
                        .unwrap_or_default()
                }
                (_, Value::Null) => Value::Null,
                (Step::Field(name), other) => {
                    return Ran::failed(
                        out,
                        &format!(
                            "jq: error (at <stdin>:0): Cannot index {} with \"{name}\"\n",
                            console::jmespath::type_name(&other)
                        ),
                        5,
                    )
                }
                (Step::Index(_), other) => {
                    return Ran::failed(
                        out,
                        &format!(
                            "jq: error (at <stdin>:0): Cannot index {} with number\n",
                            console::jmespath::type_name(&other)
                        ),
                        5,
                    )
                }
            };
        }
        match (&current, raw) {
            (Value::String(text), true) => printed.push_str(text),
            _ => write(&current, !compact, 0, &mut printed),
        }
        printed.push('\n');
    }
    Ran::ok(printed)
}

enum Step {
    Field(String),
    Index(i64),
}

/// `.a.b[0]` as steps; `None` for anything else jq has (the playground leaves it out).
fn steps(filter: &str) -> Option<Vec<Step>> {
    let filter = filter.trim();
    if filter == "." {
        return Some(Vec::new());
    }
    let mut steps = Vec::new();
    let mut rest = filter.strip_prefix('.')?;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (index, after) = after.split_once(']')?;
            steps.push(Step::Index(index.trim().parse().ok()?));
            rest = after.strip_prefix('.').unwrap_or(after);
            continue;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let name = &rest[..end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        steps.push(Step::Field(name.to_string()));
        rest = &rest[end..];
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    Some(steps)
}

/// The JSON documents of the input: one per non-blank line, or the whole text when it is one.
fn documents(input: &str) -> Vec<&str> {
    if value::parse(input).is_ok() {
        return vec![input];
    }
    input
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// jq's output: two-space indentation (or one line), keys in their order, text not escaped to ASCII.
fn write(value: &Value, pretty: bool, depth: usize, out: &mut String) {
    let indent = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (at, item) in items.iter().enumerate() {
                if at > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write(item, pretty, depth + 1, out);
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(pairs) if !pairs.is_empty() => {
            out.push('{');
            for (at, (key, item)) in pairs.iter().enumerate() {
                if at > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                value::write_string(key, false, out);
                out.push_str(if pretty { ": " } else { ":" });
                write(item, pretty, depth + 1, out);
            }
            indent(out, depth);
            out.push('}');
        }
        other => out.push_str(&other.to_compact_utf8()),
    }
}
