//! Runs lines and scripts: shell expansion, variables, and every program a learner can type (`az`, `playground`, `sleep`, `echo`, `export`, `undo`, `redo`, `reset`, `clear`), printing what the Azure CLI prints.

use std::fmt;

use crate::az::{self, Arg, AzError, Parsed};
use model::{Command, CommandError, ErrorOrigin, Event, LogEntry, Session, SortedMap};

use crate::commands::{self, Action, Context};
use crate::output;
use crate::shell::{self, ShellError, SimpleCommand, Span, WordPart};
use crate::sleep::{self, Sleep, SleepError};
use crate::table::{global, Program};

/// `reset`: the console's line for `Command::Reset`.
pub const RESET: &str = "reset";

/// Every program a line may start with, for the first word's completion and suggestions.
pub const PROGRAMS: &[&str] = &[
    "az",
    "clear",
    "echo",
    "export",
    "help",
    "playground",
    "redo",
    RESET,
    "sleep",
    "undo",
];

/// The longest line the console runs, in bytes (a long `--value` fits; a runaway paste does not).
pub const MAX_LINE: usize = 32 * 1024;
/// The longest script `az-playground` or a paste runs, in bytes (thousands of lines).
pub const MAX_SCRIPT: usize = 256 * 1024;

/// `help`: what the console runs, and its limits.
pub const HELP: &str = help_text!(
    "The playground's console runs one line at a time, as a terminal does:

  az ...                the Azure CLI as the playground models it (`az --help` lists its groups)
  ssh azureuser@VM      a shell inside a VM: curl its identity endpoint, ARM and Key Vault; exit comes back
  playground token ...  code inside a resource asking its identity endpoint for a token
  sleep DURATION        time passes: tokens expire, deleted items stay restorable for 30 days
  NAME=value, export, $NAME, \"$NAME\", $(...), echo, ;    the bash subset scripts use
  undo, redo            take back the last change, or bring it back (Ctrl+Z, Ctrl+Y)
  reset                 start again from an empty subscription (undo brings everything back)
  clear                 clear the console's screen
  help                  this text

Pasting several lines runs them one by one, as a terminal would, stopping at the first line that
fails. Lines ending in \\ continue on the next one.

Limits: a line may be 32 KB long and a script 256 KB; $(...) nests up to 32 levels deep; the
clock stops at 9999-12-31T23:59:59Z, the last second the Azure CLI can show.
"
);

/// What the first word of a command runs.
pub(crate) enum Tool {
    /// `az` or `playground`: a command of a table.
    Table(&'static Program),
    Sleep,
    Echo,
    Export,
    Undo,
    Redo,
    Reset,
    Clear,
    Help,
}

impl Tool {
    /// The one dispatch of a command's first word, shared by the console and [`crate::parse`].
    pub(crate) fn named(name: &str) -> Option<Tool> {
        Some(match name {
            "az" => Tool::Table(&commands::AZ),
            "playground" => Tool::Table(&commands::PLAYGROUND),
            "sleep" => Tool::Sleep,
            "echo" => Tool::Echo,
            "export" => Tool::Export,
            "undo" => Tool::Undo,
            "redo" => Tool::Redo,
            RESET => Tool::Reset,
            "clear" => Tool::Clear,
            "help" => Tool::Help,
            _ => return None,
        })
    }
}

/// Any error that stops a line before it reaches the model, with the span to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    Shell(ShellError),
    Az(AzError),
    /// `sleep` with a bad interval.
    Sleep(SleepError),
    /// A program the console does not run (see [`PROGRAMS`]).
    UnsupportedProgram {
        name: String,
        span: Span,
    },
    /// A line or script longer than the console runs.
    TooLong {
        /// "line" or "script".
        what: &'static str,
        length: usize,
        limit: usize,
    },
}

impl LineError {
    pub fn span(&self) -> Span {
        match self {
            LineError::Shell(error) => error.span,
            LineError::Az(error) => error.span,
            LineError::Sleep(error) => error.span,
            LineError::UnsupportedProgram { span, .. } => *span,
            LineError::TooLong { length, .. } => Span::new(0, *length),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Shell(error) => error.fmt(f),
            LineError::Az(error) => error.fmt(f),
            LineError::Sleep(error) => error.fmt(f),
            LineError::UnsupportedProgram { name, .. } => {
                write!(f, "`{name}` is not supported in the playground, which runs `az`, `playground`, `sleep`, `echo`, `export`, shell variables, `undo`, `redo`, `reset`, `clear` and `help`")?;
                if matches!(name.as_str(), "curl" | "jq" | "exit") {
                    // What tutorials type inside a VM: the VM's shell runs it.
                    write!(f, "\n`{name}` runs inside a VM: connect first with `ssh azureuser@VM_NAME` (or ask for a token with `playground token`).")?;
                } else if let Some(program) = az::closest(name, PROGRAMS.iter().copied()) {
                    write!(f, "\nDid you mean `{program}` ?")?;
                }
                Ok(())
            }
            LineError::TooLong {
                what,
                length,
                limit,
            } => write!(
                f,
                "this {what} is {length} bytes long: the playground runs a {what} of up to {limit} bytes (type `help` for its limits)"
            ),
        }
    }
}

/// Which stream a piece of output went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What running a line or script printed, and what the UI needs besides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// Everything printed, in the order a terminal shows it (stdout and stderr interleaved).
    pub printed: Vec<(Stream, String)>,
    /// 0 success, 1 a service error, 2 a parse error (the last command's, as in bash).
    pub exit_code: i32,
    /// Spans of the source text to underline.
    pub error_spans: Vec<Span>,
    /// Where each error's message ends in `printed` (stdout and stderr bytes together), so the
    /// script runner can point at the failing line right after it.
    pub error_ends: Vec<usize>,
    /// The model commands that succeeded, in order, each with the events it caused: the activity
    /// log shows `event.explain()` next to `to_cli(&entry.command)`.
    pub executed: Vec<LogEntry>,
    /// The model's refusals, in order (their `hint` is for the learner, never part of Azure's text).
    pub refusals: Vec<CommandError>,
    /// What `undo`, `redo` and `clear` did, in order.
    pub steps: Vec<Step>,
}

/// Something a line did besides running model commands.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `undo` took this entry out of effect.
    Undid(LogEntry),
    /// `redo` put this entry back in effect.
    Redid(LogEntry),
    /// `clear`: the screen's history should be cleared.
    Cleared,
}

impl Output {
    /// Every event the line caused, in order.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.executed.iter().flat_map(|entry| entry.events.iter())
    }

    /// The model commands that succeeded, in order.
    pub fn commands(&self) -> impl Iterator<Item = &Command> {
        self.executed.iter().map(|entry| &entry.command)
    }

    /// Stdout and stderr as a console shows them, interleaved in order.
    pub fn combined(&self) -> String {
        self.printed.iter().map(|(_, text)| text.as_str()).collect()
    }

    /// Prints `text` to `stream` (nothing for an empty text).
    pub fn print(&mut self, stream: Stream, text: &str) {
        if text.is_empty() {
            return;
        }
        match stream {
            Stream::Stdout => self.stdout.push_str(text),
            Stream::Stderr => self.stderr.push_str(text),
        }
        match self.printed.last_mut() {
            Some((last, printed)) if *last == stream => printed.push_str(text),
            _ => self.printed.push((stream, text.to_string())),
        }
    }

    /// Records an error's span, its message having just been printed.
    pub fn point(&mut self, span: Span) {
        self.error_spans.push(span);
        self.error_ends.push(self.stdout.len() + self.stderr.len());
    }

    /// Appends what a command substitution printed to stderr (its stdout became a word).
    fn absorb(&mut self, mut inner: Output) {
        let start = self.stdout.len() + self.stderr.len();
        // An inner error ends where the inner stderr printed before it ends here.
        let stderr_before = |end: usize| {
            let mut at = 0;
            let mut kept = 0;
            for (stream, text) in &inner.printed {
                if *stream == Stream::Stderr {
                    kept += text.len().min(end.saturating_sub(at));
                }
                at += text.len();
            }
            start + kept
        };
        let ends: Vec<usize> = inner
            .error_ends
            .iter()
            .map(|&end| stderr_before(end))
            .collect();
        for (stream, text) in &inner.printed {
            if *stream == Stream::Stderr {
                self.print(Stream::Stderr, text);
            }
        }
        self.error_spans.append(&mut inner.error_spans);
        self.error_ends.extend(ends);
        self.executed.append(&mut inner.executed);
        self.refusals.append(&mut inner.refusals);
        self.steps.append(&mut inner.steps);
    }
}

/// Runs one line as a terminal does: the [`Console`], or a terminal that adds more (crate
/// `terminal` adds the shell inside a VM). Scripts and transcripts run through it.
pub trait RunLine {
    fn run_line(&mut self, line: &str) -> Output;

    /// What a terminal shows before the next line.
    fn prompt(&self) -> String {
        "$ ".to_string()
    }
}

impl RunLine for Console {
    fn run_line(&mut self, line: &str) -> Output {
        Console::run_line(self, line)
    }
}

/// A console session: the model's session plus shell variables. The browser's buttons and typed
/// lines, and `az-playground`'s scripts, all run through one.
#[derive(Clone, Debug)]
pub struct Console {
    session: Session,
    variables: SortedMap<String, String>,
}

impl Console {
    /// A console on a fresh world whose IDs come from `seed`.
    pub fn new(seed: u64) -> Self {
        Console::with_session(Session::new(seed))
    }

    /// A console over an existing session (restored from storage).
    pub fn with_session(session: Session) -> Self {
        Console {
            session,
            variables: SortedMap::new(),
        }
    }

    /// The model session: its world, log and undo/redo.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// A shell variable's value (`NAME=value`, `export`).
    pub fn variable(&self, name: &str) -> Option<String> {
        self.variables.get(name).cloned()
    }

    /// Every shell variable, by name.
    pub fn variables(&self) -> &SortedMap<String, String> {
        &self.variables
    }

    /// Replaces the shell variables (the page's, given to the terminal that runs a line for it).
    pub fn set_variables(&mut self, variables: SortedMap<String, String>) {
        self.variables = variables;
    }

    /// Runs one line (which may hold several commands): every command runs, as in bash. A
    /// script is run line by line ([`crate::script`]).
    pub fn run_line(&mut self, line: &str) -> Output {
        let mut out = Output::default();
        if line.len() > MAX_LINE {
            let error = LineError::TooLong {
                what: "line",
                length: line.len(),
                limit: MAX_LINE,
            };
            fail(&mut out, &error, 2);
            return out;
        }
        let script = match shell::parse(line) {
            Ok(script) => script,
            Err(error) => {
                fail(&mut out, &LineError::Shell(error), 2);
                return out;
            }
        };
        for command in &script.commands {
            self.simple(line, command, &mut out);
        }
        out
    }

    fn expand_parts(&mut self, source: &str, word: &shell::Word, out: &mut Output) -> Vec<String> {
        let mut status = None;
        let fields = {
            let mut expand = |part: &WordPart| -> String {
                match part {
                    WordPart::Variable { name, .. } => {
                        self.variables.get(name).cloned().unwrap_or_default()
                    }
                    WordPart::Substitution { script, .. } => {
                        let mut inner = Output::default();
                        for command in &script.commands {
                            self.simple(source, command, &mut inner);
                        }
                        status = Some(inner.exit_code);
                        // Command substitution strips every trailing newline, as bash does.
                        let word = inner.stdout.trim_end_matches('\n').to_string();
                        out.absorb(inner);
                        word
                    }
                    WordPart::Literal { text, .. } => text.clone(),
                }
            };
            shell::expand_word(word, &mut expand)
        };
        if let Some(status) = status {
            out.exit_code = status;
        }
        fields
    }

    fn simple(&mut self, source: &str, command: &SimpleCommand, out: &mut Output) {
        out.exit_code = 0;
        let mut assigned = Vec::new();
        for assignment in &command.assignments {
            let value = self.expand_parts(source, &assignment.value, out).join(" ");
            assigned.push((assignment.name.clone(), value));
        }
        let status_after_assignments = out.exit_code;
        let mut args: Vec<Arg> = Vec::new();
        for word in &command.words {
            for text in self.expand_parts(source, word, out) {
                args.push(Arg {
                    text,
                    span: word.span,
                });
            }
        }
        if command.words.is_empty() || args.is_empty() {
            self.variables.extend(assigned);
            out.exit_code = if command.words.is_empty() {
                status_after_assignments
            } else {
                out.exit_code
            };
            return;
        }
        // `VAR=x cmd` sets VAR for cmd only in bash; the playground's commands read no variables, so it is dropped.
        let Some(tool) = Tool::named(&args[0].text) else {
            let error = LineError::UnsupportedProgram {
                name: args[0].text.clone(),
                span: args[0].span,
            };
            return fail(out, &error, 127);
        };
        out.exit_code = 0;
        match tool {
            Tool::Table(program) => self.az(program, &args, out),
            Tool::Sleep => self.sleep(&args, out),
            Tool::Echo => {
                let mut words: Vec<&str> = args[1..].iter().map(|arg| arg.text.as_str()).collect();
                let newline = words.first() != Some(&"-n");
                if !newline {
                    words.remove(0);
                }
                let mut text = words.join(" ");
                if newline {
                    text.push('\n');
                }
                out.print(Stream::Stdout, &text);
            }
            Tool::Export => {
                for arg in &args[1..] {
                    if let Some((name, value)) = arg.text.split_once('=') {
                        self.variables.insert(name.to_string(), value.to_string());
                    }
                }
            }
            Tool::Undo => {
                let undone = self.session.log().last().cloned();
                match undone {
                    Some(entry) if self.session.undo() => out.steps.push(Step::Undid(entry)),
                    _ => nothing_to(out, "undo", &args),
                }
            }
            Tool::Redo => {
                let redone = self.session.undone().first().cloned();
                match redone {
                    Some(entry) if self.session.redo() => out.steps.push(Step::Redid(entry)),
                    _ => nothing_to(out, "redo", &args),
                }
            }
            Tool::Reset => {
                let span = args[0].span;
                if let Err(error) = self.execute(Command::Reset, out) {
                    service_fail(out, &error, span);
                }
            }
            Tool::Clear => out.steps.push(Step::Cleared),
            Tool::Help => out.print(Stream::Stdout, &help_page("help", HELP)),
        }
    }

    /// `sleep`: moves the model's clock; prints nothing, as GNU sleep does.
    fn sleep(&mut self, args: &[Arg], out: &mut Output) {
        match sleep::parse(args) {
            Ok(Sleep::Help) => {
                out.print(Stream::Stdout, &help_page("sleep --help", sleep::HELP));
                out.exit_code = 0;
            }
            Ok(Sleep::Minutes(minutes)) => {
                let span = match (args.first(), args.last()) {
                    (Some(first), Some(last)) => first.span.to(last.span),
                    _ => Span::default(),
                };
                match self.execute(Command::AdvanceClock { minutes }, out) {
                    Ok(_) => out.exit_code = 0,
                    Err(error) => service_fail(out, &error, span),
                }
            }
            // GNU sleep's usage errors: its own wording, exit status 1.
            Err(error) => {
                out.print(Stream::Stderr, &format!("{error}\n"));
                out.point(error.span);
                out.exit_code = 1;
            }
        }
    }

    /// An `az` command, or one of the playground's own `playground` commands.
    fn az(&mut self, program: &'static Program, args: &[Arg], out: &mut Output) {
        let invocation = match az::parse_program(program, args) {
            Ok(Parsed::Help(text)) => {
                out.print(Stream::Stdout, &text);
                out.exit_code = 0;
                return;
            }
            Ok(Parsed::Run(invocation)) => invocation,
            Err(error) => return fail(out, &LineError::Az(error), 2),
        };
        let context = Context {
            subscription_id: self.session.world().current_subscription.to_string(),
        };
        let action = match (invocation.command.lower)(&invocation, &context) {
            Ok(action) => action,
            Err(error) => return fail(out, &LineError::Az(error), 2),
        };
        let result = match action {
            Action::Read(answer) => answer(self.session.world()),
            // A failed sign-in is logged (the command is in effect) and refused to its caller.
            Action::Change(command, print) => {
                self.execute(command.duplicate(), out).and_then(|events| {
                    match Event::refused_sign_in(&events) {
                        Some(refusal) => Err(refusal),
                        None => Ok(print(self.session.world(), &command, &events)),
                    }
                })
            }
            Action::Ask(question) => {
                // knack `prompt_y_n` with no terminal to answer it: the question, then the error.
                out.print(Stream::Stderr, &format!("{question} (y/N): \n"));
                Err(CommandError::cli(
                    "Unable to prompt for confirmation as no tty available. Use --yes.",
                ))
            }
        };
        let result = match result {
            Ok(result) => result,
            Err(error) => {
                let error = (invocation.command.errors)(error);
                return service_fail(out, &error, invocation.span);
            }
        };
        if let Some(warning) = invocation.command.warning {
            // knack logs a warning to stderr even with `-o none`; `--only-show-errors` hides it.
            if !invocation.only_show_errors {
                out.print(Stream::Stderr, warning);
            }
        }
        match output::print(result, invocation.query.as_deref(), invocation.output) {
            Ok(text) => {
                out.print(Stream::Stdout, &text);
                out.exit_code = 0;
            }
            Err(output::PrintError::Query(message)) => service_fail(
                out,
                &CommandError::cli(message),
                invocation.span_of(&global::QUERY),
            ),
            Err(output::PrintError::Format(message)) => service_fail(
                out,
                &CommandError::cli(message),
                invocation.span_of(&global::OUTPUT),
            ),
        }
    }

    /// Runs one model command through the session, recording what it did.
    fn execute(&mut self, command: Command, out: &mut Output) -> Result<Vec<Event>, CommandError> {
        let events = self.session.execute(command.duplicate())?;
        out.executed.push(LogEntry {
            command,
            events: Event::duplicate_all(&events),
        });
        Ok(events)
    }
}

/// `undo` or `redo` with nothing to undo or redo.
fn nothing_to(out: &mut Output, what: &str, args: &[Arg]) {
    out.print(Stream::Stderr, &format!("Nothing to {what}.\n"));
    out.point(args[0].span);
    out.exit_code = 1;
}

/// Prints an error that stopped a line before the model saw it, and points at its span.
pub fn fail(out: &mut Output, error: &LineError, code: i32) {
    out.print(Stream::Stderr, &format!("ERROR: {error}\n"));
    out.point(error.span());
    out.exit_code = code;
}

/// Prints a refusal as the CLI does: `ERROR: (Code) Message` then `Code:` and `Message:` lines
/// (and an `Inner error:` block when the body has one) for ARM's and the data planes' errors
/// (azure-core's `HttpResponseError`), the bare message for Graph's and the CLI's own
/// (docs/cli-output.md E7, E8). An identity endpoint's refusal is its JSON body, as `curl` prints it.
pub fn service_fail(out: &mut Output, error: &CommandError, span: Span) {
    let text = match error.origin {
        ErrorOrigin::Arm if !error.code.is_empty() => {
            let mut text = format!(
                "ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\n",
                code = error.code,
                message = error.message
            );
            if let Some(inner) = &error.inner_code {
                // azure-core ODataV4Format: `json.dumps(innererror, indent=4)`.
                let mut code = String::new();
                model::value::write_string(inner, false, &mut code);
                text.push_str(&format!("Inner error: {{\n    \"code\": {code}\n}}\n"));
            }
            text
        }
        ErrorOrigin::IdentityEndpoint => format!("{error}\n"),
        _ => format!("ERROR: {error}\n"),
    };
    out.print(Stream::Stderr, &text);
    out.point(span);
    out.refusals.push(error.clone());
    out.exit_code = 1;
}

/// A help page that is not generated from the table (`help`, `sleep --help`).
fn help_page(key: &str, inline: &'static str) -> String {
    if crate::help::available() {
        crate::help::text(key, inline).into_owned()
    } else {
        crate::help::NOT_LOADED.to_string()
    }
}
