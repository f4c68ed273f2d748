//! What a command table is made of (flags, commands, groups, programs), how it is searched, and the `--help` text generated from it.
//!
//! The entries themselves live in `commands/`, one file per area.

use model::sort::{sort_by, sort_by_key};

use crate::help;
use model::{Command, CommandError};

use crate::az::{AzError, Invocation};
use crate::commands::{Action, Context};

/// How many values a flag takes, in argparse's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    /// `store_true`: no value.
    Flag,
    /// Exactly one value.
    One,
    /// `nargs='?'`: an optional single value (`--enable-rbac-authorization [true|false]`).
    Optional,
    /// `nargs='*'`: any number of values (`--assign-identity [ids…]`).
    Any,
    /// `nargs='+'`: at least one value.
    Many,
}

/// One flag of a command. Lowering reads a flag's value through its constant
/// (`invocation.text(&NAME)`), never by a string key, so a misspelt flag does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Every spelling; long forms first, as az lists them (`--name/-n`). The first one is the key.
    pub names: &'static [&'static str],
    pub arity: Arity,
    pub required: bool,
    /// Allowed values (compared case-insensitively), empty when any value goes.
    pub choices: &'static [&'static str],
    pub default: Option<&'static str>,
    pub help: &'static str,
}

impl Param {
    pub const fn new(names: &'static [&'static str], help: &'static str) -> Param {
        Param {
            names,
            arity: Arity::One,
            required: false,
            choices: &[],
            default: None,
            help,
        }
    }
    pub const fn required(mut self) -> Param {
        self.required = true;
        self
    }
    pub const fn flag(mut self) -> Param {
        self.arity = Arity::Flag;
        self
    }
    pub const fn arity(mut self, arity: Arity) -> Param {
        self.arity = arity;
        self
    }
    pub const fn choices(mut self, choices: &'static [&'static str]) -> Param {
        self.choices = choices;
        self
    }
    pub const fn default(mut self, default: &'static str) -> Param {
        self.default = Some(default);
        self
    }
    /// `--name/-n`: how argparse names the flag in errors.
    pub fn display(&self) -> String {
        self.names.join("/")
    }
    /// The first (long) spelling: the flag's key, and how canonical lines write it.
    pub const fn long(&self) -> &'static str {
        self.names[0]
    }
}

/// Turns a parsed line into what the console does.
pub type Lower = fn(&Invocation, &Context) -> Result<Action, AzError>;

/// The canonical line of a model command, when this entry (the first argument) is the command
/// that stands for it.
pub type Canonical = fn(&CommandSpec, &Command) -> Option<String>;

/// One command: everything about it in one place.
#[derive(Clone, Copy, Debug)]
pub struct CommandSpec {
    /// The words after the program name: `vm identity assign`.
    pub path: &'static str,
    /// The one-line summary `--help` prints.
    pub help: &'static str,
    /// What `--help` prints under the summary (az's long summary), empty for most.
    pub long_help: &'static str,
    pub params: &'static [Param],
    /// One example: the line and what it does.
    pub example: (&'static str, &'static str),
    /// Whether `--subscription` applies (ARM commands; not Graph, account or login).
    pub subscription: bool,
    /// A warning the CLI logs when the command succeeds (knack's `WARNING: …` on stderr), which
    /// `--only-show-errors` hides.
    pub warning: Option<&'static str>,
    /// What a parsed line does.
    pub lower: Lower,
    /// How a refusal is worded when this command prints it (most print the model's as it is).
    pub errors: fn(CommandError) -> CommandError,
    /// The line a model command is written as, for the commands this entry makes.
    pub canonical: Canonical,
}

fn as_is(error: CommandError) -> CommandError {
    error
}

/// `canonical` of an entry that makes no model command (a read).
fn reads_only(_: &CommandSpec, _: &Command) -> Option<String> {
    None
}

impl CommandSpec {
    /// An ARM command (it takes `--subscription`) that only reads.
    pub const fn new(
        path: &'static str,
        help: &'static str,
        params: &'static [Param],
        example: (&'static str, &'static str),
        lower: Lower,
    ) -> CommandSpec {
        CommandSpec {
            path,
            help,
            long_help: "",
            params,
            example,
            subscription: true,
            warning: None,
            lower,
            errors: as_is,
            canonical: reads_only,
        }
    }
    /// A command that makes model commands, written back as lines by `canonical`.
    pub const fn changes(mut self, canonical: Canonical) -> CommandSpec {
        self.canonical = canonical;
        self
    }
    /// A Microsoft Graph, account or login command: no `--subscription`.
    pub const fn graph(mut self) -> CommandSpec {
        self.subscription = false;
        self
    }
    pub const fn long_help(mut self, text: &'static str) -> CommandSpec {
        self.long_help = text;
        self
    }
    /// Rewords this command's refusals (`az rest` prints Graph's errors as HTTP responses).
    pub const fn errors(mut self, errors: fn(CommandError) -> CommandError) -> CommandSpec {
        self.errors = errors;
        self
    }
    pub const fn warning(mut self, text: &'static str) -> CommandSpec {
        self.warning = Some(text);
        self
    }
}

/// A group of commands (`vm`, `vm identity`) and its summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupSpec {
    pub path: &'static str,
    pub help: &'static str,
}

/// A program whose commands a table describes: `az`, or the playground's own `playground`.
#[derive(Clone, Copy, Debug)]
pub struct Program {
    pub name: &'static str,
    /// What `PROGRAM --help` prints under its one-line summary.
    pub long_help: &'static str,
    pub groups: &'static [GroupSpec],
    /// The command entries, one list per area.
    pub areas: &'static [&'static [CommandSpec]],
}

impl PartialEq for Program {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Program {
    /// Every command entry, area by area.
    pub fn commands(&self) -> impl Iterator<Item = &'static CommandSpec> {
        let areas: &'static [&'static [CommandSpec]] = self.areas;
        areas.iter().flat_map(|area| area.iter())
    }

    pub fn find_command(&self, path: &str) -> Option<&'static CommandSpec> {
        self.commands().find(|command| command.path == path)
    }

    pub fn find_group(&self, path: &str) -> Option<&'static GroupSpec> {
        let groups: &'static [GroupSpec] = self.groups;
        groups.iter().find(|group| group.path == path)
    }

    /// The words that may follow `path` (subgroups and commands), for suggestions and completion.
    pub fn children(&self, path: &str) -> Vec<(&'static str, bool)> {
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path} ")
        };
        let depth = if path.is_empty() {
            0
        } else {
            path.split(' ').count()
        };
        let child = |full: &'static str| {
            (full.starts_with(&prefix) && full.split(' ').count() == depth + 1)
                .then(|| full.rsplit(' ').next().unwrap_or(full))
        };
        let mut words: Vec<(&'static str, bool)> = Vec::new();
        let groups: &'static [GroupSpec] = self.groups;
        for group in groups.iter().filter(|group| !group.path.is_empty()) {
            if let Some(word) = child(group.path) {
                words.push((word, true));
            }
        }
        for command in self.commands() {
            if let Some(word) = child(command.path) {
                words.push((word, false));
            }
        }
        sort_by(&mut words, Ord::cmp);
        words
    }
}

/// Arguments every command accepts.
pub mod global {
    use super::Param;

    pub const DEBUG: Param = Param::new(
        &["--debug"],
        help_text!("Increase logging verbosity to show all debug logs."),
    )
    .flag();
    pub const HELP: Param = Param::new(
        &["--help", "-h"],
        help_text!("Show this help message and exit."),
    )
    .flag();
    pub const ONLY_SHOW_ERRORS: Param = Param::new(
        &["--only-show-errors"],
        help_text!("Only show errors, suppressing warnings."),
    )
    .flag();
    pub const OUTPUT: Param = Param::new(&["--output", "-o"], help_text!("Output format."))
        .choices(&["json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"])
        .default("json");
    pub const QUERY: Param = Param::new(
        &["--query"],
        help_text!(
            "JMESPath query string. See http://jmespath.org/ for more information and examples."
        ),
    );
    pub const VERBOSE: Param = Param::new(
        &["--verbose"],
        help_text!("Increase logging verbosity. Use --debug for full debug logs."),
    )
    .flag();
    /// `--subscription`, for the ARM commands.
    pub const SUBSCRIPTION: Param = Param::new(
        &["--subscription"],
        help_text!("Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`."),
    );

    pub static ALL: &[Param] = &[DEBUG, HELP, ONLY_SHOW_ERRORS, OUTPUT, QUERY, VERBOSE];
}

/// Every parameter a command accepts, its own first, then `--subscription`, then the global ones.
pub fn all_params(command: &'static CommandSpec) -> Vec<&'static Param> {
    let mut params: Vec<&'static Param> = Vec::new();
    let own: &'static [Param] = command.params;
    params.extend(own.iter());
    if command.subscription
        && !own
            .iter()
            .any(|param| param.names.contains(&"--subscription"))
    {
        params.push(&SUBSCRIPTION_PARAM);
    }
    params.extend(global::ALL.iter());
    params
}

static SUBSCRIPTION_PARAM: Param = global::SUBSCRIPTION;

// ---- help ---------------------------------------------------------------------------------

/// A long summary under its heading line, indented as az indents it.
fn push_long_help(out: &mut String, long_help: &str) {
    for line in long_help.lines() {
        out.push_str("        ");
        out.push_str(line);
        out.push('\n');
    }
}

fn wrap_rows(out: &mut String, rows: &[(String, String)]) {
    let width = rows
        .iter()
        .map(|(left, _)| left.chars().count())
        .max()
        .unwrap_or(0);
    for (left, right) in rows {
        out.push_str("    ");
        out.push_str(left);
        out.push_str(&" ".repeat(width - left.chars().count()));
        out.push_str(" : ");
        out.push_str(right);
        out.push('\n');
    }
}

/// `az … --help` for a command, generated from the table.
pub fn command_help(program: &Program, command: &CommandSpec) -> String {
    if !help::available() {
        return help::NOT_LOADED.into();
    }
    let key = format!("{} {}", program.name, command.path);
    let mut out = format!(
        "\nCommand\n    {key} : {}\n",
        help::text(&key, command.help)
    );
    push_long_help(
        &mut out,
        &help::text(&format!("{key} :long"), command.long_help),
    );
    out.push_str("\nArguments\n");
    let describe = |param: &Param, key: &str| -> (String, String) {
        let mut left = param.names.join(" ");
        if param.required {
            left.push_str(" [Required]");
        }
        let mut right = help::text(&format!("{key} {}", param.long()), param.help).into_owned();
        if !param.choices.is_empty() {
            right.push_str(&format!("  Allowed values: {}.", param.choices.join(", ")));
        }
        if let Some(default) = param.default {
            right.push_str(&format!("  Default: {default}."));
        }
        (left, right)
    };
    let mut own: Vec<&Param> = command.params.iter().collect();
    // az lists required arguments first, then the rest alphabetically.
    sort_by_key(&mut own, |param| (!param.required, param.long()));
    let rows: Vec<(String, String)> = own.into_iter().map(|p| describe(p, &key)).collect();
    wrap_rows(&mut out, &rows);
    out.push_str("\nGlobal Arguments\n");
    let mut global: Vec<&Param> = global::ALL.iter().collect();
    if command.subscription {
        global.push(&SUBSCRIPTION_PARAM);
    }
    sort_by_key(&mut global, |param| param.long());
    let rows: Vec<(String, String)> = global.into_iter().map(|p| describe(p, "global")).collect();
    wrap_rows(&mut out, &rows);
    out.push_str(&format!(
        "\nExamples\n    {}\n        {}\n\n",
        help::text(&format!("{key} :example-text"), command.example.1),
        help::text(&format!("{key} :example"), command.example.0)
    ));
    out
}

/// `az GROUP --help` (or a bare group), generated from the table.
pub fn group_help(program: &Program, path: &str) -> String {
    if !help::available() {
        return help::NOT_LOADED.into();
    }
    let group_text = |path: &str| {
        let inline = program.find_group(path).map_or("", |group| group.help);
        help::text(&format!("{} {path} :group", program.name), inline)
    };
    let help = group_text(path);
    let shown = if path.is_empty() {
        program.name.to_string()
    } else {
        format!("{} {path}", program.name)
    };
    let mut out = format!("\nGroup\n    {shown} : {help}\n");
    if path.is_empty() {
        push_long_help(
            &mut out,
            &help::text(&format!("{} :long", program.name), program.long_help),
        );
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path} ")
    };
    let (groups, commands): (Vec<_>, Vec<_>) = program
        .children(path)
        .into_iter()
        .partition(|(_, is_group)| *is_group);
    let describe = |word: &str, is_group: bool| -> (String, String) {
        let full = format!("{prefix}{word}");
        let help = if is_group {
            group_text(&full)
        } else {
            let inline = program
                .find_command(&full)
                .map_or("", |command| command.help);
            help::text(&format!("{} {full}", program.name), inline)
        };
        (word.to_string(), help.into_owned())
    };
    if !groups.is_empty() {
        out.push_str("\nSubgroups:\n");
        wrap_rows(
            &mut out,
            &groups
                .iter()
                .map(|(word, _)| describe(word, true))
                .collect::<Vec<_>>(),
        );
    }
    if !commands.is_empty() {
        out.push_str("\nCommands:\n");
        wrap_rows(
            &mut out,
            &commands
                .iter()
                .map(|(word, _)| describe(word, false))
                .collect::<Vec<_>>(),
        );
    }
    if program.name == "az" {
        out.push_str(&format!(
            "\nTo search AI knowledge base for examples, use: az find \"{shown}\"\n\n"
        ));
    } else {
        out.push('\n');
    }
    out
}
