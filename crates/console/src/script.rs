//! Runs a whole script as `az-playground` does: every command through one console, stopping at the first failure (or not), each failure followed by a compiler-style pointer to its place in the script.

use crate::console::{LineError, RunLine, Stream, MAX_SCRIPT};
use crate::shell::{self, Span, TokenKind};

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

/// The lines of a script as a terminal reads them: each ends at a newline outside quotes and
/// `$(…)`, so `\` continuations, quoted values and substitutions spanning lines stay in one line.
/// Blank and comment-only lines are left out. Each comes with its byte offset in the script.
pub fn lines(script: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut push = |start: usize, end: usize| {
        let text = &script[start..end];
        let meaningful = shell::lex(text).iter().any(|token| {
            !matches!(
                token.kind,
                TokenKind::Whitespace | TokenKind::Comment | TokenKind::LineContinuation
            )
        });
        if meaningful {
            lines.push((start, text));
        }
    };
    for token in shell::lex(script) {
        match token.kind {
            TokenKind::SubstOpen => depth += 1,
            TokenKind::SubstClose => depth = depth.saturating_sub(1),
            TokenKind::Newline if depth == 0 => {
                push(start, token.span.start);
                start = token.span.end;
            }
            _ => {}
        }
    }
    push(start, script.len());
    lines
}

/// Runs `script` (named `name` in pointers) on `console`, line by line as a terminal would.
/// Without `keep_going` the first failing line ends it, as `set -e` would.
pub fn run(console: &mut impl RunLine, name: &str, script: &str, keep_going: bool) -> ScriptRun {
    let mut run = ScriptRun::default();
    if script.len() > MAX_SCRIPT {
        let error = LineError::TooLong {
            what: "script",
            length: script.len(),
            limit: MAX_SCRIPT,
        };
        run.printed
            .push((Stream::Stderr, format!("ERROR: {error}\n")));
        run.exit_code = 1;
        return run;
    }
    for (offset, line) in lines(script) {
        let output = console.run_line(line);
        // The browser console underlines what was wrong; a script points at its place,
        // compiler-style, right after its error, so an author finds line 40 without counting.
        let mut pointers = output.error_spans.iter().zip(&output.error_ends).peekable();
        let mut at = 0;
        let point = |span: &Span| locate(name, script, offset + span.start, offset + span.end);
        for (stream, text) in &output.printed {
            let mut rest = text.as_str();
            while let Some((span, &end)) = pointers.next_if(|(_, &end)| end <= at + rest.len()) {
                let (before, after) = rest.split_at(end.saturating_sub(at));
                run.printed.push((*stream, before.to_string()));
                run.printed.push((Stream::Stderr, point(span)));
                at += before.len();
                rest = after;
            }
            run.printed.push((*stream, rest.to_string()));
            at += rest.len();
        }
        for (span, _) in pointers {
            run.printed.push((Stream::Stderr, point(span)));
        }
        if output.exit_code != 0 || !output.error_spans.is_empty() {
            run.exit_code = 1;
            if !keep_going {
                break;
            }
        }
    }
    run.printed.retain(|(_, text)| !text.is_empty());
    run
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

/// A transcript, the format the playground's own tests compare (`crates/console/tests/transcripts`):
/// each command of `script` typed as a learner types it (`\` continuations joined), echoed after
/// the prompt (`$ `), then what it printed; a failure adds its exit code and the text its error spans underline.
/// Every line runs, whatever failed before.
pub fn transcript(console: &mut impl RunLine, script: &str) -> String {
    let mut out = String::new();
    let mut pending = String::new();
    for line in script.lines() {
        pending.push_str(line);
        if line.ends_with('\\') {
            pending.push('\n');
            continue;
        }
        let entry = std::mem::take(&mut pending);
        if entry.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("{}{entry}\n", console.prompt()));
        let output = console.run_line(&entry);
        out.push_str(&output.combined());
        if output.exit_code != 0 {
            let spans: Vec<String> = output
                .error_spans
                .iter()
                .map(|span| format!("{:?}", entry.get(span.start..span.end).unwrap_or("")))
                .collect();
            out.push_str(&format!(
                "[exit {}; underlined: {}]\n",
                output.exit_code,
                spans.join(", ")
            ));
        }
    }
    out
}

/// The transcript tests' check, for each crate that keeps them: every `*.az` script of `directory`
/// runs through `transcript` and must print exactly its `.out` file. With `UPDATE_TRANSCRIPTS` set
/// it writes the `.out` files instead. Returns the failures, each with both texts.
pub fn check_transcripts(
    directory: &std::path::Path,
    transcript: impl Fn(&str) -> String,
) -> Vec<String> {
    let update = std::env::var_os("UPDATE_TRANSCRIPTS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(directory)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default();
    entries.retain(|path: &std::path::PathBuf| path.extension().is_some_and(|ext| ext == "az"));
    entries.sort();
    if entries.is_empty() {
        return vec![format!("{}: no transcripts", directory.display())];
    }
    let mut failures = Vec::new();
    for script_path in entries {
        let script = std::fs::read_to_string(&script_path).unwrap_or_default();
        let actual = transcript(&script);
        let expected_path = script_path.with_extension("out");
        if update {
            if let Err(error) = std::fs::write(&expected_path, &actual) {
                failures.push(format!("{}: {error}", expected_path.display()));
            }
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
                script_path.display()
            ));
        }
    }
    failures
}
