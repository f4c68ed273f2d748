//! The playground's command language: a bash-like line language and the `az` command table,
//! lowered into model commands, with the Azure CLI's output formats and error wording.
//!
//! Tests: `cargo test -p console` runs the transcripts, the error table, the round trip and a
//! 20,000-case no-panic fuzz; `FUZZ_CASES=1000000 cargo test -p console --release fuzz` runs the
//! full million. `UPDATE_TRANSCRIPTS=1 cargo test -p console --test transcripts` rewrites the
//! expected `.out` files (read every change before committing it).

pub mod answers;
pub mod az;
pub mod console;
pub mod jmespath;
pub mod lower;
pub mod odata;
pub mod output;
pub mod shell;
pub mod sleep;
pub mod table;

pub use console::{Console, LineError, Output, Stream};
pub use shell::{lex, Span, Token, TokenKind};

/// Parses one line (`az …`, `sleep …` or `playground …`) into the model command it stands for
/// (no variables, no world): the inverse of [`lower::to_cli`].
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
    let program = match args.first() {
        Some(first) if first.text == "az" => &table::AZ,
        Some(first) if first.text == "playground" => &table::PLAYGROUND,
        Some(first) if first.text == "sleep" => {
            return match sleep::parse(&args).map_err(LineError::Sleep)? {
                sleep::Sleep::Minutes(minutes) => Ok(model::Command::AdvanceClock { minutes }),
                sleep::Sleep::Help => Err(LineError::UnsupportedProgram {
                    name: "--help".into(),
                    span: command.span,
                }),
            };
        }
        Some(first) => {
            return Err(LineError::UnsupportedProgram {
                name: first.text.clone(),
                span: first.span,
            })
        }
        None => {
            return Err(LineError::UnsupportedProgram {
                name: String::new(),
                span: command.span,
            })
        }
    };
    match az::parse_program(program, &args).map_err(LineError::Az)? {
        az::Parsed::Run(invocation) => {
            match lower::lower(&invocation, &lower::Context::default()).map_err(LineError::Az)? {
                lower::Action::Change(command) => Ok(command),
                _ => Err(LineError::UnsupportedProgram {
                    name: "a read-only command".into(),
                    span: invocation.span,
                }),
            }
        }
        az::Parsed::Help(_) => Err(LineError::UnsupportedProgram {
            name: "--help".into(),
            span: command.span,
        }),
    }
}

pub use lower::to_cli;
