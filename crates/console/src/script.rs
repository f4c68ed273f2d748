//! Runs a whole script as `az-playground` does: every command through one console, stopping at the first failure (or not), each failure followed by a compiler-style pointer to its place in the script.

use crate::console::{Console, Stream};

/// What a script printed, in order, and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptRun {
    /// Stdout and stderr pieces in the order a terminal shows them, pointers included.
    pub printed: Vec<(Stream, String)>,
    /// 0 when every command succeeded, else 1.
    pub exit_code: i32,
}

impl ScriptRun {
    /// Everything printed, as one text.
    pub fn combined(&self) -> String {
        self.printed.iter().map(|(_, text)| text.as_str()).collect()
    }
}

/// Runs `script` (named `name` in pointers) on `console`. Without `keep_going` the first failing
/// command ends it, as `set -e` would.
pub fn run(console: &mut Console, name: &str, script: &str, keep_going: bool) -> ScriptRun {
    let output = console.run_script(script, !keep_going);
    // The browser console underlines what was wrong; a script points at its place,
    // compiler-style, right after its error, so an author finds line 40 without counting.
    let mut printed = Vec::new();
    let mut pointers = output.error_spans.iter().zip(&output.error_ends).peekable();
    let mut at = 0;
    for (stream, text) in &output.printed {
        let mut rest = text.as_str();
        while let Some((span, &end)) = pointers.next_if(|(_, &end)| end <= at + rest.len()) {
            let (before, after) = rest.split_at(end.saturating_sub(at));
            printed.push((*stream, before.to_string()));
            printed.push((Stream::Stderr, locate(name, script, span.start, span.end)));
            at += before.len();
            rest = after;
        }
        printed.push((*stream, rest.to_string()));
        at += rest.len();
    }
    for (span, _) in pointers {
        printed.push((Stream::Stderr, locate(name, script, span.start, span.end)));
    }
    printed.retain(|(_, text)| !text.is_empty());
    ScriptRun {
        printed,
        exit_code: i32::from(output.exit_code != 0 || !output.error_spans.is_empty()),
    }
}

/// `FILE:LINE:COL` of a byte span in the script, its line, and a caret underline below the span.
fn locate(name: &str, script: &str, start: usize, end: usize) -> String {
    // Spans come from the lexer on char boundaries; clamp anyway, so a bad span can't panic.
    let boundary = |mut at: usize| {
        at = at.min(script.len());
        while !script.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let (start, end) = (boundary(start), boundary(end));
    let line_start = script[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = script[start..]
        .find('\n')
        .map_or(script.len(), |i| start + i);
    let line_number = script[..start].matches('\n').count() + 1;
    let column = script[line_start..start].chars().count() + 1;
    let width = script[start..end.clamp(start, line_end)]
        .chars()
        .count()
        .max(1);
    format!(
        "  --> {name}:{line_number}:{column}\n   | {}\n   | {}{}\n",
        &script[line_start..line_end],
        " ".repeat(column - 1),
        "^".repeat(width)
    )
}
