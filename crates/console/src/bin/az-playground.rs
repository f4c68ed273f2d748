//! `az-playground`: runs a `.az` script against a fresh model and prints what the console would.

use std::io::{Read, Write};

const USAGE: &str = "usage: az-playground [--seed N] [--keep-going] [FILE | -]

Runs an Azure CLI script (az commands, echo, shell variables, $(...), and the playground's
own sleep and playground token) against a fresh
Managed Identity Playground model and prints exactly what the playground's console prints.
With no FILE, or FILE '-', the script is read from standard input.

options:
  --seed N       fix the generated IDs (default 0)
  --keep-going   run every command even after a failure (exit 1 at the end if any failed)
  -h, --help     show this help

exit status: 0 when every command succeeded, 1 on the first failure, 2 on a usage error
";

fn main() {
    std::process::exit(run());
}

fn run() -> i32 {
    let mut seed: u64 = 0;
    let mut keep_going = false;
    let mut file: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return 0;
            }
            "--keep-going" => keep_going = true,
            "--seed" => match args.next().and_then(|value| value.parse().ok()) {
                Some(value) => seed = value,
                None => {
                    eprint!("az-playground: --seed needs a number\n\n{USAGE}");
                    return 2;
                }
            },
            _ if file.is_none() && (arg == "-" || !arg.starts_with('-')) => file = Some(arg),
            _ => {
                eprint!("az-playground: unexpected argument '{arg}'\n\n{USAGE}");
                return 2;
            }
        }
    }
    let mut script = String::new();
    let read = match file.as_deref() {
        None | Some("-") => std::io::stdin().read_to_string(&mut script).map(|_| ()),
        Some(path) => std::fs::read_to_string(path).map(|text| script = text),
    };
    if let Err(error) = read {
        eprintln!(
            "az-playground: cannot read {}: {error}",
            file.as_deref().unwrap_or("standard input")
        );
        return 2;
    }
    let mut console = console::Console::new(seed);
    let output = console.run_script(&script, !keep_going);
    // The browser console underlines what was wrong; here each failure points at its place in the
    // script, compiler-style, right after its error, so an author finds line 40 of a lesson
    // script without counting.
    let name = file.as_deref().filter(|f| *f != "-").unwrap_or("<stdin>");
    let write = |stream: console::Stream, text: &str| {
        let _ = match stream {
            console::Stream::Stdout => std::io::stdout().write_all(text.as_bytes()),
            console::Stream::Stderr => {
                let _ = std::io::stdout().flush();
                std::io::stderr().write_all(text.as_bytes())
            }
        };
    };
    let mut pointers = output.error_spans.iter().zip(&output.error_ends).peekable();
    let mut at = 0;
    // Interleaved in the order the commands printed, as a console shows them.
    for (stream, text) in &output.printed {
        let mut rest = text.as_str();
        while let Some((span, &end)) = pointers.next_if(|(_, &end)| end <= at + rest.len()) {
            let (before, after) = rest.split_at(end.saturating_sub(at));
            write(*stream, before);
            write(
                console::Stream::Stderr,
                &locate(name, &script, span.start, span.end),
            );
            at += before.len();
            rest = after;
        }
        write(*stream, rest);
        at += rest.len();
    }
    for (span, _) in pointers {
        write(
            console::Stream::Stderr,
            &locate(name, &script, span.start, span.end),
        );
    }
    let _ = std::io::stdout().flush();
    i32::from(output.exit_code != 0 || !output.error_spans.is_empty())
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
