//! The playground's command language: a bash-like line language and the table of `az` commands,
//! lowered into model commands, printing what the Azure CLI prints.
//!
//! A line goes `shell` (words, quotes, variables) → `console` (which program) → `az` (argparse's
//! rules against the table) → the command's entry in `commands/` (its lowering: a model command
//! or a read) → the model → `output` (json, tsv, table, yaml, `--query` through `jmespath`).
//!
//! Tests: `cargo test -p console` runs the transcripts, the error table, the round trip and a
//! 20,000-case no-panic fuzz; `FUZZ_CASES=1000000 cargo test -p console --release fuzz` runs the
//! full million. `UPDATE_TRANSCRIPTS=1 cargo test -p console --test transcripts` rewrites the
//! expected `.out` files (read every change before committing it).

// First: its `help_text!` is used by the command table.
#[macro_use]
pub mod help;

pub mod az;
pub mod commands;
pub mod console;
pub mod export;
#[cfg(feature = "full")]
pub mod jmespath;
pub mod lesson_check;
pub mod link;
pub mod odata;
pub mod output;
pub mod script;
pub mod shapes;
pub mod shell;
pub mod sleep;
pub mod table;

pub use commands::identities::has_identity_commands;
pub use commands::to_cli;
pub use console::{Console, LineError, Output, RunLine, Step, Stream, PROGRAMS, RESET};
pub use shell::{lex, Span, Token, TokenKind};

use console::Tool;

/// Parses one line that stands for a model command (`az …`, `playground …`, `sleep …` or
/// `reset`), with no variables and no world: the inverse of [`to_cli`]. It shares the console's
/// dispatch, so it accepts exactly what the console would run as that command.
pub fn parse(line: &str) -> Result<model::Command, LineError> {
    let script = shell::parse(line).map_err(LineError::Shell)?;
    let Some(command) = script.commands.first() else {
        return Err(LineError::UnsupportedProgram {
            name: String::new(),
            span: Span::new(0, line.len()),
        });
    };
    let mut args = Vec::new();
    for word in &command.words {
        for text in shell::expand_word(word, &mut |_| String::new()) {
            args.push(az::Arg {
                text,
                span: word.span,
            });
        }
    }
    let not_a_change = |name: &str, span: Span| LineError::UnsupportedProgram {
        name: name.to_string(),
        span,
    };
    let Some(first) = args.first() else {
        return Err(not_a_change("", command.span));
    };
    let program = match Tool::named(&first.text) {
        Some(Tool::Table(program)) => program,
        Some(Tool::Sleep) => {
            return match sleep::parse(&args).map_err(LineError::Sleep)? {
                sleep::Sleep::Minutes(minutes) => Ok(model::Command::AdvanceClock { minutes }),
                sleep::Sleep::Help => Err(not_a_change("--help", command.span)),
            };
        }
        Some(Tool::Reset) if args.len() == 1 => return Ok(model::Command::Reset),
        _ => return Err(not_a_change(&first.text, first.span)),
    };
    let context = commands::Context::default();
    match az::parse_program(program, &args).map_err(LineError::Az)? {
        az::Parsed::Run(invocation) => {
            match (invocation.command.lower)(&invocation, &context).map_err(LineError::Az)? {
                commands::Action::Change(command, _) => Ok(*command),
                _ => Err(not_a_change("a read-only command", invocation.span)),
            }
        }
        az::Parsed::Help(_) => Err(not_a_change("--help", command.span)),
    }
}
