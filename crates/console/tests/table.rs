//! A walk over the command table: every entry is complete, its example is a line the console runs
//! as that very command, and every model command it makes comes back through `to_cli`.

use console::az::{self, Arg, Parsed};
use console::commands::{Action, Context, AZ, PLAYGROUND};
use console::table::{all_params, command_help, group_help, Program};
use console::{parse, shell, to_cli};

/// The words of a line as the console expands them (no variables).
fn words(line: &str) -> Vec<Arg> {
    let script = shell::parse(line).unwrap_or_else(|error| panic!("{line}: {error}"));
    let command = &script.commands[0];
    command
        .words
        .iter()
        .flat_map(|word| {
            shell::expand_word(word, &mut |_| String::new())
                .into_iter()
                .map(|text| Arg {
                    text,
                    span: word.span,
                })
        })
        .collect()
}

#[test]
fn every_entry_has_help_flags_and_an_example_that_runs_as_itself() {
    let programs: [&'static Program; 2] = [&AZ, &PLAYGROUND];
    let mut entries = 0;
    let mut changes = 0;
    for program in programs {
        for spec in program.commands() {
            entries += 1;
            let name = format!("{} {}", program.name, spec.path);
            assert!(!spec.help.is_empty(), "{name}: no help");
            assert!(spec.help.ends_with('.'), "{name}: help is a sentence");
            assert!(
                spec.example.0 == name || spec.example.0.starts_with(&format!("{name} ")),
                "{name}: its example is another command: {}",
                spec.example.0
            );
            assert!(
                !spec.example.1.is_empty(),
                "{name}: the example says what it does"
            );
            // Every flag: a help, a long spelling first, and no spelling twice.
            let mut spellings = Vec::new();
            for param in all_params(spec) {
                assert!(!param.help.is_empty(), "{name} {}: no help", param.long());
                assert!(param.long().starts_with("--"), "{name}: {}", param.long());
                for spelling in param.names {
                    assert!(
                        !spellings.contains(spelling),
                        "{name}: {spelling} is taken twice"
                    );
                    spellings.push(*spelling);
                }
            }
            let help = command_help(program, spec);
            for param in spec.params {
                assert!(
                    help.contains(param.long()),
                    "{name} --help: {}",
                    param.long()
                );
            }
            // The groups above it exist, so `az vm --help` lists it.
            let mut path = String::new();
            for word in spec.path.split(' ').take(spec.path.split(' ').count() - 1) {
                path = if path.is_empty() {
                    word.to_string()
                } else {
                    format!("{path} {word}")
                };
                assert!(
                    program.find_group(&path).is_some(),
                    "{name}: no group '{path}'"
                );
                assert!(group_help(program, &path).contains(word));
            }
            // The example reaches this entry and lowers without a usage error.
            let Parsed::Run(invocation) = az::parse_program(program, &words(spec.example.0))
                .unwrap_or_else(|error| panic!("{}: {error}", spec.example.0))
            else {
                panic!("{}: parsed as help", spec.example.0);
            };
            assert_eq!(invocation.command.path, spec.path);
            let action = (spec.lower)(&invocation, &Context::default())
                .unwrap_or_else(|error| panic!("{}: {error}", spec.example.0));
            if let Action::Change(command, _) = action {
                changes += 1;
                // Its canonical line is this entry's, and reads back as the same command.
                let line = to_cli(&command);
                assert!(line.starts_with(&format!("{name} ")), "{name}: {line}");
                assert_eq!(parse(&line), Ok(*command), "{line}");
            }
        }
    }
    assert!(
        entries > 70 && changes > 30,
        "{entries} entries, {changes} changes"
    );
}
