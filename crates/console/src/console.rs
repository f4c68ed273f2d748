//! Runs lines and scripts: shell expansion, `echo`, variables, `sleep`, and `az` (and `playground`) commands against the model, printing what the Azure CLI prints.

use std::collections::BTreeMap;
use std::fmt;

use crate::az::{self, Arg, AzError, Parsed};
use model::{Command, CommandError, ErrorOrigin, Event, IdentitySelection, LogEntry, Session};

use crate::answers;
use crate::lower::{self, Action, Context};
use crate::output::{self, CommandResult};
use crate::shell::{self, ShellError, SimpleCommand, Span, WordPart};
use crate::sleep::{self, Sleep, SleepError};
use crate::table::{self, Program};

/// Any error that stops a line before it reaches the model, with the span to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    Shell(ShellError),
    Az(AzError),
    /// `sleep` with a bad interval.
    Sleep(SleepError),
    /// A program the console does not run (see [`table::PROGRAMS`]).
    UnsupportedProgram {
        name: String,
        span: Span,
    },
}

impl LineError {
    pub fn span(&self) -> Span {
        match self {
            LineError::Shell(error) => error.span,
            LineError::Az(error) => error.span,
            LineError::Sleep(error) => error.span,
            LineError::UnsupportedProgram { span, .. } => *span,
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
                write!(f, "`{name}` is not supported in the playground: only `az`, `playground`, `sleep`, `echo`, `export` and shell variables are")?;
                if name == "curl" {
                    // The one curl a learner is told to type: code asking its identity endpoint.
                    write!(f, "\nTo ask a resource's identity endpoint for a token, use `playground token` (see `playground token --help`).")?;
                } else if let Some(program) = az::closest(name, table::PROGRAMS.iter().copied()) {
                    write!(f, "\nDid you mean `{program}` ?")?;
                }
                Ok(())
            }
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

    fn print(&mut self, stream: Stream, text: &str) {
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
    fn point(&mut self, span: Span) {
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
    }
}

/// A console session: the model's session (shared with the UI's buttons) plus shell variables.
#[derive(Clone, Debug)]
pub struct Console {
    session: Session,
    variables: BTreeMap<String, String>,
}

impl Console {
    /// A console on a fresh world whose IDs come from `seed`.
    pub fn new(seed: u64) -> Self {
        Console::with_session(Session::new(seed))
    }

    /// A console over an existing session (restored from storage, or shared with the buttons).
    pub fn with_session(session: Session) -> Self {
        Console {
            session,
            variables: BTreeMap::new(),
        }
    }

    /// The model session: its world, log, undo/redo and save format.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The model session, for the UI's buttons: a button runs `session_mut().execute(command)`
    /// and echoes `to_cli(&command)`, so buttons and console change the same world.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// Undoes the last accepted command; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.session.undo()
    }

    /// Redoes the last undone command; false when there is none.
    pub fn redo(&mut self) -> bool {
        self.session.redo()
    }

    /// Back to the empty world of the same seed; shell variables are forgotten too.
    pub fn reset(&mut self) {
        self.session.reset();
        self.variables.clear();
    }

    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables.get(name).map(String::as_str)
    }

    /// Runs one line (which may hold several commands): every command runs, as in bash.
    pub fn run_line(&mut self, line: &str) -> Output {
        self.run(line, false)
    }

    /// Runs a script; with `stop_on_error` the first failing command ends it (like `set -e`).
    pub fn run_script(&mut self, script: &str, stop_on_error: bool) -> Output {
        self.run(script, stop_on_error)
    }

    fn run(&mut self, source: &str, stop_on_error: bool) -> Output {
        let mut out = Output::default();
        let script = match shell::parse(source) {
            Ok(script) => script,
            Err(error) => {
                fail(&mut out, &LineError::Shell(error), 2);
                return out;
            }
        };
        for command in &script.commands {
            self.simple(source, command, &mut out);
            if stop_on_error && out.exit_code != 0 {
                break;
            }
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
        match args[0].text.as_str() {
            "az" => self.az(&table::AZ, &args, out),
            "playground" => self.az(&table::PLAYGROUND, &args, out),
            "sleep" => self.sleep(&args, out),
            "echo" => {
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
                out.exit_code = 0;
            }
            "export" => {
                for arg in &args[1..] {
                    if let Some((name, value)) = arg.text.split_once('=') {
                        self.variables.insert(name.to_string(), value.to_string());
                    }
                }
                out.exit_code = 0;
            }
            name => {
                let error = LineError::UnsupportedProgram {
                    name: name.to_string(),
                    span: args[0].span,
                };
                fail(out, &error, 127);
            }
        }
    }

    /// `sleep`: moves the model's clock; prints nothing, as GNU sleep does.
    fn sleep(&mut self, args: &[Arg], out: &mut Output) {
        match sleep::parse(args) {
            Ok(Sleep::Help) => {
                out.print(Stream::Stdout, sleep::HELP);
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
        if asks_to_delete_every_assignment(&invocation) {
            // azure-cli role custom.py `delete_role_assignments`: with no --ids, --assignee,
            // --role, -g or --scope, and no --yes, it asks first (knack `prompt_y_n`, default
            // "n"). The console can't answer a prompt: it shows the question and stops with the
            // CLI's own advice for a prompt nobody can answer.
            out.print(
                Stream::Stderr,
                "This will delete all role assignments under the subscription. Are you sure? (y/N): \n",
            );
            let error = CommandError::cli(
                "Unable to prompt for confirmation as no tty available. Use --yes.",
            );
            return service_fail(out, &error, invocation.span);
        }
        let context = Context {
            subscription_id: self.session.world().current_subscription.to_string(),
        };
        let action = match lower::lower(&invocation, &context) {
            Ok(action) => action,
            Err(error) => return fail(out, &LineError::Az(error), 2),
        };
        let result = match self.act(&action, out) {
            Ok(result) => result,
            Err(error) if invocation.command.path == "rest" => {
                return service_fail(out, &rest_error(error), invocation.span);
            }
            Err(error) => {
                service_fail(out, &error, invocation.span);
                return;
            }
        };
        if invocation.command.path == "ad app credential reset" && !invocation.only_show_errors {
            // azure-cli role custom.py `_reset_credential` logs this before it returns the
            // secret, so it shows even with `-o none`; knack prints a warning as `WARNING: …`.
            out.print(Stream::Stderr, CREDENTIAL_WARNING);
        }
        let value = match &invocation.query {
            Some(expression) if !result.value.is_null() => {
                match output::query(&result.value, expression) {
                    Ok(value) => value,
                    Err(message) => {
                        return service_fail(
                            out,
                            &CommandError::cli(message),
                            invocation.span_of("query"),
                        )
                    }
                }
            }
            _ => result.value.clone(),
        };
        let shown = CommandResult {
            value,
            ordered: result.ordered,
            transformer: result.transformer,
        };
        match output::render(&shown, invocation.output, invocation.query.is_some()) {
            Ok(text) => {
                out.print(Stream::Stdout, &text);
                out.exit_code = 0;
            }
            Err(message) => service_fail(
                out,
                &CommandError::cli(message),
                invocation.span_of("output"),
            ),
        }
    }

    /// Runs one model command through the session, recording what it did.
    fn execute(&mut self, command: Command, out: &mut Output) -> Result<Vec<Event>, CommandError> {
        let events = self.session.execute(command.clone())?;
        out.executed.push(LogEntry {
            command,
            events: events.clone(),
        });
        Ok(events)
    }

    fn act(&mut self, action: &Action, out: &mut Output) -> Result<CommandResult, CommandError> {
        match action {
            Action::Read(read) => answers::read(self.session.world(), read),
            Action::Change(command) => {
                let events = self.execute(command.clone(), out)?;
                Ok(answers::changed(self.session.world(), command, &events))
            }
            Action::SetIdentityType {
                kind,
                group,
                name,
                identity_type,
                clear_user,
            } => {
                let world = self.session.world();
                if world.group(group).is_none() {
                    return Err(CommandError::resource_group_not_found(group.trim()));
                }
                let resource = world.resource(*kind, group, name).ok_or_else(|| {
                    CommandError::resource_not_found(kind.arm_type(), name.trim(), group.trim())
                })?;
                let users: Vec<String> = resource
                    .identity
                    .user
                    .values()
                    .map(|reference| reference.id.clone())
                    .collect();
                let has_system = resource.identity.system.is_some();
                let (remove_system, remove_users) = match identity_type.as_str() {
                    "None" | "none" => (true, true),
                    "UserAssigned" => (true, *clear_user),
                    "SystemAssigned" => (false, true),
                    "SystemAssigned, UserAssigned" | "SystemAssigned,UserAssigned" => (false, false),
                    other => return Err(CommandError::arm("InvalidParameter", format!("The value '{other}' of parameter 'identity.type' is not valid. Allowed values are 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned' and 'None'."))),
                };
                let removal = IdentitySelection {
                    system: remove_system && has_system,
                    user: if remove_users { users } else { Vec::new() },
                };
                if identity_type.starts_with("SystemAssigned") && !has_system {
                    self.execute(
                        Command::AssignIdentity {
                            kind: *kind,
                            group: group.clone(),
                            name: name.clone(),
                            identity: IdentitySelection::system(),
                            grant: None,
                        },
                        out,
                    )?;
                }
                if !removal.is_empty() {
                    self.execute(
                        Command::RemoveIdentity {
                            kind: *kind,
                            group: group.clone(),
                            name: name.clone(),
                            identity: removal,
                        },
                        out,
                    )?;
                }
                // `az vm update` prints the whole VM, as `az vm show` does.
                answers::read(
                    self.session.world(),
                    &lower::Read::ResourceShow {
                        kind: *kind,
                        group: Some(group.clone()),
                        name: name.clone(),
                    },
                )
                .map(|mut shown| {
                    shown.transformer = None;
                    shown
                })
            }
        }
    }
}

/// azure-cli role custom.py `CREDENTIAL_WARNING`, as knack's log handler prints it.
const CREDENTIAL_WARNING: &str = "WARNING: The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli\n";

/// `az role assignment delete` with no filter and no `--yes`: the CLI would ask for confirmation.
fn asks_to_delete_every_assignment(invocation: &az::Invocation) -> bool {
    invocation.command.path == "role assignment delete"
        && ["ids", "assignee", "role", "resource_group", "scope", "yes"]
            .iter()
            .all(|dest| !invocation.values.contains_key(dest))
}

fn fail(out: &mut Output, error: &LineError, code: i32) {
    out.print(Stream::Stderr, &format!("ERROR: {error}\n"));
    out.point(error.span());
    out.exit_code = code;
}

/// A Graph refusal as `az rest` prints it: azure-cli's `send_raw_request` raises the HTTP reason
/// followed by the response body in parentheses (Graph's `innerError` details are left out).
fn rest_error(error: CommandError) -> CommandError {
    if error.origin != ErrorOrigin::Graph {
        return error;
    }
    let reason = if error.code.ends_with("NotFound") {
        "Not Found"
    } else {
        "Bad Request"
    };
    let body = serde_json::json!({
        "error": { "code": error.code, "message": error.message }
    });
    CommandError {
        hint: error.hint.clone(),
        ..CommandError::cli(format!("{reason}({body})"))
    }
}

/// Prints a refusal as the CLI does: `ERROR: (Code) Message` then `Code:` and `Message:` lines
/// for Azure's errors (azure-core's `HttpResponseError`), the bare message for the CLI's own. An
/// identity endpoint's refusal is its JSON body, as `curl` prints it.
fn service_fail(out: &mut Output, error: &CommandError, span: Span) {
    let text = match error.origin {
        ErrorOrigin::Arm | ErrorOrigin::Graph if !error.code.is_empty() => format!(
            "ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\n",
            code = error.code,
            message = error.message
        ),
        ErrorOrigin::IdentityEndpoint => format!("{error}\n"),
        _ => format!("ERROR: {error}\n"),
    };
    out.print(Stream::Stderr, &text);
    out.point(span);
    out.refusals.push(error.clone());
    out.exit_code = 1;
}
