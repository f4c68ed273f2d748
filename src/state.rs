//! The app's state and its one pure update function (the reducer): the console that owns the session, the UI's own state, and what just appeared or disappeared.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use console::{Console, Span, Step, Stream};
use model::{ArmKey, Command, Event, Guid, ObjectId, ServicePrincipal, Session, SortedMap};

use crate::view::{changes, elide, selection_json, Change};

/// The one console, which owns the one session: buttons and typed lines change the same world.
pub type SharedConsole = Rc<RefCell<Console>>;

/// Every session starts from this seed, so a reload replays to the very same GUIDs.
pub const SEED: u64 = 2026;
/// Long lists show this many rows at first, and this many more on each "Show more" (the portal pages
/// its lists too); it keeps a change fast with thousands of objects.
pub const PAGE: usize = 50;
/// The console keeps this many entries on screen (older ones scroll away).
pub const CONSOLE_KEEP: usize = 200;
/// A line longer than this is shown cut short in the console.
const CONSOLE_LINE_SHOWN: usize = 2_000;
/// A notice shows at most this many characters of what it quotes.
const NOTICE_LENGTH: usize = 1_000;

/// What lines run since `before` did to the world, gathered so the views update once.
struct Pending {
    before: SortedMap<ObjectId, ServicePrincipal>,
    changed: bool,
    events: Vec<Event>,
    reason: Option<String>,
}

/// One closed set of things a learner (or the page) can ask the app to do.
// A model command is far larger than the other actions, but an action lives for one click, and
// boxing it would touch every button for no gain.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A button or form ran a model command; its `az` line is echoed into the console history.
    Execute(Command),
    /// A line typed into the console (also `undo`, `redo`, `reset`, `clear`).
    RunLine(String),
    /// Several lines pasted (or given to "Run script"): run one by one as a terminal would,
    /// stopping at the first that fails.
    RunScript(String),
    /// Runs the lines a script stopped before (after the learner has seen why it stopped).
    RunRest,
    /// Forgets the lines a script stopped before.
    DropRest,
    /// A line the shell inside a VM ran (in the lesson worker), with what it printed.
    Shell(ShellAnswer),
    /// The learner asked to share the session: the dialog opens once no line is out in the
    /// worker's terminal, so a line typed just before is in the link (`AppState::to_share`).
    Share,
    /// The inspector asks the worker's terminal for the requests of the latest change.
    ShowRequests,
    /// Its answer, for the state of that revision: the `--debug` log of the change.
    Requests(u64, String),
    /// Another tab or window of the same lab saved this: show it instead.
    Adopt(SavedLog),
    /// The learner decided about a save that did not load whole: its kept copy goes.
    DiscardKept,
    Undo,
    Redo,
    Reset,
    Select(Option<Selection>),
    SetPrincipalFilter(PrincipalFilter),
    /// Shows another page of rows in the long lists.
    ShowMore,
    /// Opens (or closes, with `None`) a resource's inline form.
    OpenForm(Option<RowForm>),
    /// Saving the session failed (storage missing or full): show why.
    StorageFailed(String),
    DismissNotice,
}

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Group(ArmKey),
    Resource(ArmKey),
    UserIdentity(ArmKey),
    Principal(ObjectId),
    /// A user of the directory (the signed-in learner).
    User(ObjectId),
    Application(ObjectId),
    Assignment(Guid),
    /// A token a resource was given, shown decoded as jwt.ms would.
    Token(Guid),
}

/// Which inline form of a resource row is open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowForm {
    pub resource: ArmKey,
    pub kind: RowFormKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowFormKind {
    AssignIdentity,
    GrantRole,
    /// Code inside the resource asks its identity endpoint (IMDS) for a token.
    RequestToken,
    /// A secret in a key vault.
    SetSecret,
    /// A blob container in a storage account.
    CreateContainer,
}

/// The enterprise applications list's "Application type" filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PrincipalType {
    #[default]
    All,
    ManagedIdentities,
    Applications,
}

/// The directory's filter: a type and a search text (display name, object ID or app ID).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrincipalFilter {
    pub kind: PrincipalType,
    pub text: String,
}

impl PrincipalFilter {
    /// Whether a service principal passes this filter.
    pub fn matches(&self, sp: &ServicePrincipal) -> bool {
        let type_ok = match self.kind {
            PrincipalType::All => true,
            PrincipalType::ManagedIdentities => sp.is_managed_identity(),
            PrincipalType::Applications => !sp.is_managed_identity(),
        };
        // ASCII folding: GUIDs are ASCII, and full Unicode case tables would add to the download.
        let text = self.text.trim().to_ascii_lowercase();
        type_ok
            && (text.is_empty()
                || sp.display_name.to_ascii_lowercase().contains(&text)
                || sp.id.to_string().contains(&text)
                || sp.app_id.to_string().contains(&text))
    }
}

/// A service principal that just disappeared, kept on screen (fading) with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovedPrincipal {
    pub id: ObjectId,
    pub display_name: String,
    pub type_name: &'static str,
    pub app_id: String,
    pub reason: String,
}

/// Where a console entry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Typed,
    Button,
}

/// One line of console history with what it printed. Never changed once made, so two entries are
/// the same when their serials are (a cheap comparison: the console's props compare its log before
/// every render).
#[derive(Clone, Debug)]
pub struct ConsoleEntry {
    /// A number that never repeats: the key of its row.
    pub serial: u64,
    pub line: String,
    pub origin: Origin,
    /// What it printed, stdout and stderr interleaved as a terminal shows them.
    pub printed: Vec<(Stream, String)>,
    /// Byte ranges of `line` to underline.
    pub error_spans: Vec<Span>,
    /// It succeeded (exit code 0).
    pub ok: bool,
    /// The prompt it was typed at inside a VM (`azureuser@vm1:~$ `); `None` for the console's `$`.
    pub prompt: Option<String>,
}

impl PartialEq for ConsoleEntry {
    fn eq(&self, other: &Self) -> bool {
        self.serial == other.serial
    }
}

/// What the shell inside a VM answered for a line: what it printed, the prompt after it (`None`
/// outside a VM), and the console lines of the changes it made (a token issued), which the page
/// runs too so its world and saved log are the worker's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShellAnswer {
    pub line: String,
    pub printed: Vec<(Stream, String)>,
    pub ok: bool,
    pub prompt: Option<String>,
    pub changes: Vec<String>,
    pub cleared: bool,
    /// The console's variables after the line (outside the VM), when the shell sent them.
    pub vars: Option<SortedMap<String, String>>,
}

/// The original text of a saved session that did not load whole, kept until the learner downloads
/// or discards it, and why it did not load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub why: String,
    pub text: String,
}

/// The lines of a pasted script after the one that failed: the learner may run them on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rest {
    /// Which line failed, 1-based, and of how many.
    pub failed_at: usize,
    pub total: usize,
    pub lines: Vec<String>,
}

/// A message at the top of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    /// An error the learner should read now (`role=alert`), or news (`role=status`).
    pub urgent: bool,
}

/// The saved form of a session: the console line of every command in effect, replayed on load, and
/// of every undone one, so that redo survives a reload too.
/// (`console::parse(to_cli(c)) == c` is a tested property of the console.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SavedLog {
    pub seed: u64,
    pub lines: Vec<String>,
    /// The undone commands, the next to redo first.
    pub redo: Vec<String>,
}

impl SavedLog {
    /// The name of this format, stored alongside it.
    pub const FORMAT: &'static str = "mi-playground/az-lines";
    /// Version 2: written since App Service plans, the learner as a principal and Key Vault's data
    /// plane. A version-1 log is still read, and replayed with the steps its lines now need
    /// (`Stored::Legacy`, docs/azure-rules.md M14).
    pub const VERSION: u64 = 2;
}

/// What the storage hook found at start-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stored {
    /// Nothing saved yet: a fresh start, no notice.
    Nothing,
    /// A saved log.
    Found(SavedLog),
    /// A log saved by a build before version 2, replayed with the steps its lines now need.
    Legacy(SavedLog),
    /// Something is stored but it isn't a saved log (edited, truncated, another program's).
    Corrupt(String),
    /// Storage can't be used at all (disabled, blocked in an iframe).
    Unavailable(String),
}

/// Everything the app shows. Only `update` changes it.
pub struct AppState {
    /// The console and, inside it, the session.
    pub console: SharedConsole,
    /// Bumped on every change of the world or the log: views compare it instead of the world.
    pub revision: u64,
    /// Each entry behind its own `Rc`: a new line leaves the others' views untouched.
    pub console_log: Rc<Vec<Rc<ConsoleEntry>>>,
    next_serial: u64,
    pub selection: Option<Selection>,
    pub filter: PrincipalFilter,
    pub open_form: Option<RowForm>,
    /// How many rows each long list shows.
    pub row_limit: usize,
    /// Service principals created by the last change: highlighted.
    pub appeared: SortedMap<ObjectId, ()>,
    /// Service principals deleted by the last change: shown fading, with the reason.
    pub removed: Vec<RemovedPrincipal>,
    /// What the last change made appear and disappear, on both sides: the "what changed" strip.
    pub changes: Vec<Change>,
    /// Resources and identities the last change created: highlighted, and scrolled into view.
    pub fresh: SortedMap<ArmKey, ()>,
    pub notice: Option<Notice>,
    /// Storage could not be used at start-up: the learner was told once, saves are not retried.
    pub storage_unavailable: bool,
    /// Why the saved session did not load whole (its text is attached by the shell, which read it).
    pub unloaded: Option<String>,
    /// The original of a save that did not load whole.
    pub kept: Option<Kept>,
    /// What a pasted script did not run after a failing line.
    pub rest: Option<Rest>,
    /// Inside a VM: its prompt. The console's lines go to the VM's shell until `exit`.
    pub vm: Option<String>,
    /// A line for the worker's terminal, for the page to send (`lib.rs` takes it).
    pub outbox: Option<String>,
    /// A line went to the worker's terminal and its answer has not come back: lines wait behind it.
    pub waiting: Option<Waiting>,
    /// The lines waiting behind it, in order.
    queue: Vec<String>,
    /// The learner asked to share; `to_share` answers once no line is out.
    share_wanted: bool,
    /// The inspector asked for the latest change's requests (`lib.rs` sends the question).
    pub requests_wanted: bool,
    /// The requests of the latest change, for the revision they were asked at.
    pub requests: Option<(u64, String)>,
    /// A line the next button's echo shows first (the request a token button stands for).
    echo_note: Option<String>,
}

/// A line in the worker's terminal: where it stands in its script, if it came from one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// Lines of the script run so far, this one included, and of how many.
    pub done: usize,
    pub total: usize,
}

impl AppState {
    /// A fresh session.
    pub fn new() -> AppState {
        AppState {
            console: Rc::new(RefCell::new(Console::new(SEED))),
            revision: 0,
            console_log: Rc::new(Vec::new()),
            next_serial: 0,
            selection: None,
            filter: PrincipalFilter::default(),
            open_form: None,
            row_limit: PAGE,
            appeared: SortedMap::new(),
            removed: Vec::new(),
            changes: Vec::new(),
            fresh: SortedMap::new(),
            notice: None,
            storage_unavailable: false,
            unloaded: None,
            kept: None,
            rest: None,
            vm: None,
            outbox: None,
            waiting: None,
            queue: Vec::new(),
            share_wanted: false,
            requests_wanted: false,
            requests: None,
            echo_note: None,
        }
    }

    /// The state at start-up from what storage held: a bad or unreadable save gives a notice and a
    /// fresh start, never a panic.
    pub fn restore(stored: Stored) -> AppState {
        let mut state = AppState::new();
        let legacy = matches!(stored, Stored::Legacy(_));
        match stored {
            Stored::Nothing => {}
            Stored::Unavailable(why) => {
                state.storage_unavailable = true;
                state.notice = Some(Notice {
                    text: format!("Your work can't be saved in this browser ({why}). You can still use the playground; it starts fresh on every visit."),
                    urgent: false,
                });
            }
            Stored::Corrupt(why) => {
                state.unloaded = Some(format!(
                    "The saved session can't be read ({why}), so the playground starts fresh."
                ));
            }
            Stored::Found(saved) | Stored::Legacy(saved) => {
                let (session, failure) = replay(&saved, legacy);
                if !session.log().is_empty() || !session.undone().is_empty() {
                    *state.console.borrow_mut() = Console::with_session(session);
                    state.revision = 1;
                }
                state.unloaded = failure;
            }
        }
        // Nothing is thrown away silently: the shell keeps the original aside (`kept`).
        if let Some(why) = &state.unloaded {
            state.notice = Some(Notice {
                text: why.clone(),
                urgent: false,
            });
        }
        state
    }

    /// The session, read-only.
    pub fn session(&self) -> Ref<'_, Session> {
        Ref::map(self.console.borrow(), Console::session)
    }

    /// What to save: the line of every command in effect (resets included), then the undone ones.
    pub fn saved_log(&self) -> SavedLog {
        let session = self.session();
        SavedLog {
            seed: session.seed(),
            lines: session.commands().map(console::to_cli).collect(),
            redo: session
                .undone()
                .iter()
                .map(|entry| console::to_cli(&entry.command))
                .collect(),
        }
    }

    /// The session to share, once, when the learner asked and no line is out in the worker's
    /// terminal (the lines behind it wait with it): `lib.rs` opens the dialog with it.
    pub fn to_share(&mut self) -> Option<SavedLog> {
        match self.share_wanted && self.waiting.is_none() {
            true => {
                self.share_wanted = false;
                Some(self.saved_log())
            }
            false => None,
        }
    }

    /// Applies one action. Pure apart from the session it owns: no browser, no storage, no time.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Execute(command) => {
                // A token button's echo shows the request its `playground token` line stands for.
                self.echo_note = console::commands::data::token_request(&command).map(|request| {
                    format!("# Sent from inside the resource: {}\n", request.curl())
                });
                self.run_button(console::to_cli(&command))
            }
            Action::RunLine(line) => {
                if !line.trim().is_empty() {
                    self.run_lines(vec![line], 1);
                }
            }
            Action::RunScript(script) => {
                let lines: Vec<String> = console::script::lines(&script)
                    .into_iter()
                    .map(|(_, line)| line.to_string())
                    .collect();
                let total = lines.len();
                if script.len() > console::console::MAX_SCRIPT {
                    // The console's own message, as az-playground prints it.
                    let run = console::script::run(&mut Console::new(SEED), "", &script, false);
                    let ok = run.exit_code == 0;
                    self.push_console(
                        elide(&script, 200),
                        Origin::Typed,
                        run.printed,
                        Vec::new(),
                        ok,
                    );
                } else {
                    self.run_lines(lines, total);
                }
            }
            Action::RunRest => {
                if let Some(rest) = self.rest.take() {
                    let total = rest.total;
                    let offset = rest.failed_at;
                    self.run_lines_from(rest.lines, total, offset);
                }
            }
            Action::DropRest => self.rest = None,
            Action::Adopt(saved) => {
                let (session, failure) = replay(&saved, false);
                if failure.is_none() {
                    let before = self.principals();
                    *self.console.borrow_mut() = Console::with_session(session);
                    self.selection = None;
                    self.world_changed(before, &[], Some("changed in another tab".into()));
                    self.notice = Some(Notice {
                        text: "This lab was changed in another tab or window: it shows that change now.".into(),
                        urgent: false,
                    });
                }
            }
            Action::Shell(answer) => self.shell(answer),
            Action::Share => self.share_wanted = true,
            Action::ShowRequests => self.requests_wanted = true,
            Action::Requests(revision, text) => self.requests = Some((revision, text)),
            Action::DiscardKept => self.kept = None,
            Action::Undo => self.run_button("undo".into()),
            Action::Redo => self.run_button("redo".into()),
            Action::Reset => self.run_button(console::RESET.into()),
            Action::Select(selection) => {
                self.selection = selection;
            }
            Action::SetPrincipalFilter(filter) => self.filter = filter,
            Action::OpenForm(form) => self.open_form = form,
            Action::ShowMore => self.row_limit += PAGE,
            Action::StorageFailed(_) if self.storage_unavailable => {}
            Action::StorageFailed(why) => {
                self.notice = Some(Notice {
                    text: format!("Your last change could not be saved in this browser ({why}). It stays on screen, but a reload would lose it."),
                    urgent: true,
                });
            }
            Action::DismissNotice => self.notice = None,
        }
    }

    /// Whether a typed line is for the terminal in the lesson worker: every line inside a VM, the
    /// lines that connect (`ssh`, `az ssh vm`, `az webapp ssh`), a line asking for the CLI's debug
    /// log (`--debug`), which only that terminal writes, and what the page's download leaves out
    /// (`console::output::needs_full`: `--query`, the sign-in log, federated credentials).
    pub fn for_the_shell(&self, line: &str) -> bool {
        let trimmed = line.trim_start();
        self.vm.is_some()
            || ["ssh ", "az ssh ", "az webapp ssh"]
                .iter()
                .any(|start| trimmed.starts_with(start))
            || line.split_whitespace().any(|word| word == "--debug")
            // A download without the console's `full` feature leaves `--query`, the sign-in log
            // and the federated-credential commands to the worker's terminal.
            || (!console::output::FULL && console::output::needs_full(line))
    }

    /// A line the VM's shell ran: shown at the prompt it was typed at, its changes run here too.
    fn shell(&mut self, answer: ShellAnswer) {
        // An answer for a state that sent nothing (the lab was switched or reset while the line was
        // out) belongs to another session: dropped, so nothing lands on the wrong one.
        if self.waiting.is_none() {
            return;
        }
        let mut pending = self.begin();
        if answer.cleared {
            self.console_log = Rc::new(Vec::new());
        }
        self.push_console(
            answer.line,
            Origin::Typed,
            answer.printed,
            Vec::new(),
            answer.ok,
        );
        for change in &answer.changes {
            let output = self.console.borrow_mut().run_line(change);
            pending.changed |= !output.executed.is_empty();
            pending.events.extend(output.events().map(Event::duplicate));
            self.show_token(&output);
        }
        if let Some(vars) = answer.vars {
            self.console.borrow_mut().set_variables(vars);
        }
        self.vm = answer.prompt;
        self.finish(pending);
        // The lines that waited behind it: a script goes on only if it succeeded, as a script
        // stops at a failing line; typed lines run anyway, as a terminal runs what was typed ahead.
        let waiting = self.waiting.take().unwrap_or(Waiting { done: 0, total: 1 });
        let queue = std::mem::take(&mut self.queue);
        if queue.is_empty() {
            return;
        }
        if answer.ok || waiting.total <= 1 {
            self.run_lines_from(queue, waiting.total, waiting.done);
        } else {
            self.rest = Some(Rest {
                failed_at: waiting.done,
                total: waiting.total,
                lines: queue,
            });
        }
    }

    /// A button runs its line through the console, so it prints exactly what typing that line
    /// would (`parse(to_cli(c)) == c` is a tested property of the console). A refusal also becomes
    /// a notice, since the learner's eyes are on the button, not on the console.
    fn run_button(&mut self, line: String) {
        // A line is out in the worker's terminal: the button's line waits its turn behind it, so
        // the worker's changes land on the session they were made for.
        if self.waiting.is_some() {
            self.queue.push(line);
            self.echo_note = None;
            return;
        }
        let mut pending = self.begin();
        let output = self.line(line, Origin::Button, &mut pending);
        self.finish(pending);
        if output.exit_code != 0 {
            // The model's refusal, or else what the console printed (a line it could not read).
            let text = match output.refusals.first() {
                Some(error) => format!("ERROR: {error}"),
                None => output.stderr.lines().next().unwrap_or("ERROR").to_string(),
            };
            self.notice = Some(Notice {
                text: elide(&text, NOTICE_LENGTH),
                urgent: true,
            });
        }
        if !output.executed.is_empty() {
            self.open_form = None;
            self.show_token(&output);
        }
    }

    /// A token just asked for (by a button, or with curl inside a VM) is shown decoded in the
    /// inspector.
    fn show_token(&mut self, output: &console::Output) {
        let token = output.events().find_map(|event| match event {
            Event::TokenIssued { token } => Some(token.id),
            _ => None,
        });
        if let Some(id) = token {
            self.selection = Some(Selection::Token(id));
        }
    }

    fn run_lines(&mut self, lines: Vec<String>, total: usize) {
        self.run_lines_from(lines, total, 0)
    }

    /// Runs lines one by one, as a terminal runs a pasted script: the first failing line stops
    /// them (the rest wait in `rest`), and the views update once, for all of them. `done` lines of
    /// the script ran before these.
    fn run_lines_from(&mut self, lines: Vec<String>, total: usize, done: usize) {
        self.rest = None;
        let mut pending = self.begin();
        let count = lines.len();
        let mut lines = lines.into_iter().enumerate();
        while let Some((index, line)) = lines.next() {
            if self.waiting.is_some() || self.for_the_shell(&line) {
                // This line runs in the worker's terminal: the ones after it wait for its answer.
                if self.waiting.is_none() {
                    self.outbox = Some(line);
                    self.waiting = Some(Waiting {
                        done: done + index + 1,
                        total,
                    });
                } else {
                    self.queue.push(line);
                }
                self.queue.extend(lines.map(|(_, line)| line));
                break;
            }
            let output = self.line(line, Origin::Typed, &mut pending);
            if output.exit_code != 0 && index + 1 < count {
                self.rest = Some(Rest {
                    failed_at: done + index + 1,
                    total,
                    lines: lines.map(|(_, line)| line).collect(),
                });
                break;
            }
        }
        self.finish(pending);
    }

    /// Before some lines run: who is in the directory.
    fn begin(&self) -> Pending {
        Pending {
            before: self.principals(),
            changed: false,
            events: Vec::new(),
            reason: None,
        }
    }

    /// Runs one line through the console and records it, typed or from a button alike: what it
    /// printed, and what it did to the world (gathered in `pending`).
    fn line(&mut self, line: String, origin: Origin, pending: &mut Pending) -> console::Output {
        let mut output = self.console.borrow_mut().run_line(&line);
        let mut printed = std::mem::take(&mut output.printed);
        if let (Origin::Button, Some(note)) = (origin, self.echo_note.take()) {
            printed.insert(0, (Stream::Stdout, note));
        }
        // A button's line was not typed: there is nothing in it to point at.
        let spans = match origin {
            Origin::Typed => output.error_spans.clone(),
            Origin::Button => Vec::new(),
        };
        self.push_console(line, origin, printed, spans, output.exit_code == 0);
        pending.changed |= !output.executed.is_empty();
        pending.events.extend(output.events().map(Event::duplicate));
        for step in &output.steps {
            match step {
                Step::Undid(entry) => {
                    let line = console::to_cli(&entry.command);
                    pending.reason = Some(format!("undo of `{}`", elide(&line, 120)));
                    pending.events.clear();
                    pending.changed = true;
                    self.notice = Some(Notice {
                        text: format!("Undid `{}`.", elide(&line, NOTICE_LENGTH)),
                        urgent: false,
                    });
                }
                Step::Redid(entry) => {
                    pending
                        .events
                        .extend(entry.events.iter().map(Event::duplicate));
                    pending.changed = true;
                    self.notice = Some(Notice {
                        text: format!(
                            "Redid `{}`.",
                            elide(&console::to_cli(&entry.command), NOTICE_LENGTH)
                        ),
                        urgent: false,
                    });
                }
                Step::Cleared => self.console_log = Rc::new(Vec::new()),
            }
        }
        if output
            .events()
            .any(|event| matches!(event, Event::WorldReset))
        {
            self.selection = None;
            pending.reason = Some("the session was reset".into());
            self.notice = Some(Notice {
                text: "The session was reset: everything you created is gone. Undo brings it back."
                    .into(),
                urgent: false,
            });
        }
        output
    }

    /// After some lines ran: the views learn what appeared and disappeared, once.
    fn finish(&mut self, pending: Pending) {
        if pending.changed {
            self.world_changed(pending.before, &pending.events, pending.reason);
        }
    }

    fn principals(&self) -> SortedMap<ObjectId, ServicePrincipal> {
        self.session().world().service_principals.clone()
    }

    /// Records what appeared and disappeared. `reason` overrides the events' explanations (undo).
    fn world_changed(
        &mut self,
        before: SortedMap<ObjectId, ServicePrincipal>,
        events: &[Event],
        reason: Option<String>,
    ) {
        self.revision += 1;
        let console = self.console.borrow();
        let world = console.session().world();
        let mut appeared = SortedMap::new();
        for id in world.service_principals.keys() {
            if !before.contains_key(id) {
                appeared.insert(*id, ());
            }
        }
        self.appeared = appeared;
        self.changes = changes(events);
        self.fresh = SortedMap::new();
        for change in &self.changes {
            if let Some(Selection::Resource(key) | Selection::UserIdentity(key)) = &change.selection
            {
                if change.appeared {
                    self.fresh.insert(key.clone(), ());
                }
            }
        }
        // An undo has no events of its own: what it took away and brought back is the difference.
        if events.is_empty() {
            for id in self.appeared.keys() {
                if let Some(sp) = world.service_principals.get(id) {
                    self.changes.push(Change {
                        appeared: true,
                        what: format!("service principal {} ({})", sp.display_name, sp.type_name()),
                        selection: Some(Selection::Principal(*id)),
                    });
                }
            }
            for sp in before
                .values()
                .filter(|sp| !world.service_principals.contains_key(&sp.id))
            {
                self.changes.push(Change {
                    appeared: false,
                    what: format!("service principal {} ({})", sp.display_name, sp.type_name()),
                    selection: None,
                });
            }
        }
        let explained: Vec<(ObjectId, String)> = events
            .iter()
            .filter_map(|event| match event {
                Event::ServicePrincipalDeleted { id, .. } => Some((*id, event.explain())),
                _ => None,
            })
            .collect();
        self.removed = before
            .into_values()
            .filter(|sp| !world.service_principals.contains_key(&sp.id))
            .map(|sp| RemovedPrincipal {
                id: sp.id,
                type_name: sp.type_name(),
                app_id: sp.app_id.to_string(),
                reason: reason
                    .clone()
                    .or_else(|| {
                        explained
                            .iter()
                            .find(|(id, _)| *id == sp.id)
                            .map(|(_, text)| text.clone())
                    })
                    .unwrap_or_else(|| "It was deleted.".into()),
                display_name: sp.display_name,
            })
            .collect();
        // A selection whose object is gone would show nothing: drop it.
        if let Some(selection) = &self.selection {
            if selection_json(world, selection).is_none() {
                self.selection = None;
            }
        }
    }

    fn push_console(
        &mut self,
        line: String,
        origin: Origin,
        printed: Vec<(Stream, String)>,
        error_spans: Vec<Span>,
        ok: bool,
    ) {
        // A runaway paste is shown cut short: its error spans would point past the cut.
        let (line, error_spans) = if line.len() > CONSOLE_LINE_SHOWN {
            (elide(&line, CONSOLE_LINE_SHOWN), Vec::new())
        } else {
            (line, error_spans)
        };
        self.next_serial += 1;
        let log = Rc::make_mut(&mut self.console_log);
        log.push(Rc::new(ConsoleEntry {
            serial: self.next_serial,
            line,
            origin,
            printed,
            error_spans,
            ok,
            prompt: self.vm.clone(),
        }));
        if log.len() > CONSOLE_KEEP {
            let extra = log.len() - CONSOLE_KEEP;
            log.drain(..extra);
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}

/// Rebuilds a session from saved lines, as far as they go: the session of every line that replays,
/// and why the rest did not (which line, and what was wrong with it). A `legacy` log (saved before
/// version 2) replays with the steps Azure now needs put back (`Session::replay_upgrading`).
pub fn replay(saved: &SavedLog, legacy: bool) -> (Session, Option<String>) {
    if saved.seed != SEED {
        return (
            Session::new(SEED),
            Some("The saved session came from another playground version.".into()),
        );
    }
    let all: Vec<&String> = saved.lines.iter().chain(&saved.redo).collect();
    let mut commands = Vec::with_capacity(all.len());
    let mut unreadable = None;
    for (index, line) in all.iter().enumerate() {
        match console::parse(line) {
            Ok(command) => commands.push(command),
            Err(error) => {
                unreadable = Some(format!(
                    "Saved command {} of {} (`{}`) can't be read: {error}.",
                    index + 1,
                    all.len(),
                    elide(line, 120)
                ));
                break;
            }
        }
    }
    let (session, refusal) =
        Session::replay_until_refused(saved.seed, commands, saved.lines.len(), legacy);
    let why = match refusal {
        Some(model::SessionError::Rejected { index, error }) => Some(format!(
            "Saved command {} of {} (`{}`) was refused when replayed: {error}.",
            index + 1,
            all.len(),
            elide(all[index], 120)
        )),
        Some(other) => Some(format!("{other}.")),
        None => unreadable,
    };
    let kept = session.log().len() + session.undone().len();
    (
        session,
        why.map(|why| {
            if kept == 0 {
                format!("{why} The playground starts fresh.")
            } else {
                format!("{why} The {kept} commands before it are restored.")
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{activities, identity_state};
    use model::query::token_checks;
    use model::Timestamp;
    use model::{IdentitySelection, ResourceKind, ResourceOptions};

    fn vm(name: &str) -> Command {
        Command::CreateResource {
            kind: ResourceKind::VirtualMachine,
            group: "rg1".into(),
            name: name.into(),
            location: None,
            identity: IdentitySelection::none(),
            grant: None,
            options: ResourceOptions::default(),
        }
    }

    fn enable_system(name: &str) -> Command {
        Command::AssignIdentity {
            kind: ResourceKind::VirtualMachine,
            group: "rg1".into(),
            name: name.into(),
            identity: IdentitySelection::system(),
            grant: None,
        }
    }

    fn group() -> Command {
        Command::CreateResourceGroup {
            name: "rg1".into(),
            location: "westeurope".into(),
            tags: Vec::new(),
        }
    }

    fn principal_named(state: &AppState, name: &str) -> Option<ObjectId> {
        state
            .session()
            .world()
            .service_principals
            .values()
            .find(|sp| sp.display_name == name)
            .map(|sp| sp.id)
    }

    #[test]
    fn buttons_and_console_change_one_session_and_one_log() {
        let mut state = AppState::new();
        state.update(Action::Execute(group()));
        state.update(Action::RunLine(
            "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity".into(),
        ));
        assert_eq!(state.session().history().len(), 2);
        assert!(principal_named(&state, "vm1").is_some());
        let log = &state.console_log;
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].origin, Origin::Button);
        assert_eq!(log[0].line, console::to_cli(&group()));
        assert_eq!(log[1].origin, Origin::Typed);
        assert_eq!(state.revision, 2);
    }

    #[test]
    fn a_new_service_principal_is_marked_as_appeared() {
        let mut state = AppState::new();
        state.update(Action::Execute(group()));
        state.update(Action::Execute(vm("vm1")));
        assert!(state.appeared.is_empty());
        state.update(Action::Execute(enable_system("vm1")));
        let id = principal_named(&state, "vm1").expect("vm1's service principal");
        assert_eq!(state.appeared, SortedMap::from_iter([(id, ())]));
    }

    #[test]
    fn a_removed_service_principal_stays_listed_with_its_reason() {
        let mut state = AppState::new();
        for command in [group(), vm("vm1"), enable_system("vm1")] {
            state.update(Action::Execute(command));
        }
        state.update(Action::RunLine("az vm delete -g rg1 -n vm1 --yes".into()));
        assert_eq!(principal_named(&state, "vm1"), None);
        assert_eq!(state.removed.len(), 1);
        assert_eq!(state.removed[0].display_name, "vm1");
        assert!(state.removed[0].reason.contains("was deleted because"));
        assert!(state.appeared.is_empty());
    }

    #[test]
    fn undo_brings_back_the_same_ids_and_says_why_things_vanish() {
        let mut state = AppState::new();
        for command in [group(), vm("vm1"), enable_system("vm1")] {
            state.update(Action::Execute(command));
        }
        let id = principal_named(&state, "vm1");
        state.update(Action::RunLine("az vm delete -g rg1 -n vm1 --yes".into()));
        state.update(Action::Undo);
        assert_eq!(principal_named(&state, "vm1"), id);
        state.update(Action::Undo);
        assert_eq!(principal_named(&state, "vm1"), None);
        assert!(state.removed[0]
            .reason
            .starts_with("undo of `az vm identity assign"));
        state.update(Action::Redo);
        assert_eq!(principal_named(&state, "vm1"), id);
    }

    #[test]
    fn a_refused_button_command_changes_nothing_and_says_why() {
        let mut state = AppState::new();
        state.update(Action::Execute(vm("vm1")));
        assert_eq!(state.revision, 0);
        assert_eq!(state.session().history().len(), 0);
        let notice = state.notice.clone().expect("a notice");
        assert!(notice.urgent);
        assert!(notice.text.contains("ResourceGroupNotFound"));
        assert_eq!(state.console_log[0].printed[0].0, Stream::Stderr);
    }

    #[test]
    fn the_console_understands_undo_redo_reset_and_clear() {
        let mut state = AppState::new();
        state.update(Action::RunLine("undo".into()));
        assert!(state.console_log[0].printed[0]
            .1
            .contains("Nothing to undo"));
        state.update(Action::Execute(group()));
        state.update(Action::RunLine("undo".into()));
        assert_eq!(state.session().history().len(), 0);
        state.update(Action::RunLine("redo".into()));
        assert_eq!(state.session().history().len(), 1);
        state.update(Action::RunLine("reset".into()));
        assert_eq!(state.session().history().len(), 0);
        assert!(!state.session().can_redo());
        state.update(Action::RunLine("clear".into()));
        assert!(state.console_log.is_empty());
    }

    /// A log saved before plans and Key Vault's data plane (version 1): its lines replay with the
    /// steps Azure needs put back, and a plain `Found` log of the same lines is refused.
    #[test]
    fn a_version_1_log_replays_with_the_steps_its_lines_now_need() {
        let saved = SavedLog {
            seed: SEED,
            lines: vec![
                "az group create --name rg1 --location westeurope".into(),
                "az webapp create --name web1 --resource-group rg1 --plan web1-plan".into(),
                "az keyvault create --name kv1 --resource-group rg1".into(),
                "az keyvault secret set --vault-name kv1 --name db --value s3cret".into(),
            ],
            ..SavedLog::default()
        };
        let state = AppState::restore(Stored::Legacy(saved.clone()));
        assert_eq!(state.notice, None);
        let lines = state.saved_log().lines;
        assert_eq!(lines.len(), 6, "{lines:?}");
        assert!(
            lines[1].starts_with("az appservice plan create --name web1-plan --resource-group rg1")
        );
        assert!(lines[4].starts_with("az role assignment create --assignee learner@contoso.onmicrosoft.com --role 'Key Vault Secrets Officer'"));
        assert!(AppState::restore(Stored::Found(saved)).notice.is_some());
    }

    #[test]
    fn a_saved_log_restores_the_same_world() {
        let mut state = AppState::new();
        state.update(Action::Execute(group()));
        state.update(Action::RunLine(
            "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity".into(),
        ));
        state.update(Action::RunLine("az identity create -g rg1 -n id1".into()));
        let saved = state.saved_log();
        assert_eq!(saved.lines.len(), 3);
        let restored = AppState::restore(Stored::Found(saved));
        assert_eq!(restored.notice, None);
        assert_eq!(restored.session().world(), state.session().world());
    }

    #[test]
    fn bad_storage_gives_a_notice_and_a_fresh_start() {
        let cases = [
            Stored::Corrupt("it is not JSON".into()),
            Stored::Unavailable("local storage is turned off".into()),
            Stored::Found(SavedLog {
                seed: SEED,
                lines: vec![
                    "az group create -n rg1 -l westeurope".into(),
                    "rm -rf /".into(),
                ],
                ..SavedLog::default()
            }),
            Stored::Found(SavedLog {
                seed: SEED,
                lines: vec!["az group delete -n nothing --yes".into()],
                ..SavedLog::default()
            }),
            Stored::Found(SavedLog {
                seed: SEED + 1,
                ..SavedLog::default()
            }),
        ];
        for stored in cases {
            let state = AppState::restore(stored.clone());
            assert!(state.notice.is_some(), "no notice for {stored:?}");
            // Every line that replays is kept; a save that does not load whole says why.
            let expected = usize::from(matches!(&stored, Stored::Found(s) if s.lines.len() == 2));
            assert_eq!(
                state.session().history().len(),
                expected,
                "lines kept for {stored:?}"
            );
            assert_eq!(
                state.unloaded.is_some(),
                !matches!(stored, Stored::Unavailable(_)),
                "{stored:?}"
            );
        }
        assert_eq!(AppState::restore(Stored::Nothing).notice, None);
    }

    #[test]
    fn a_failed_save_warns_unless_storage_was_unavailable_from_the_start() {
        let mut state = AppState::new();
        state.update(Action::StorageFailed(
            "local storage is full or refuses writes".into(),
        ));
        assert!(state
            .notice
            .as_ref()
            .is_some_and(|n| n.urgent && n.text.contains("full")));
        let mut state =
            AppState::restore(Stored::Unavailable("local storage is blocked here".into()));
        let first = state.notice.clone();
        state.update(Action::StorageFailed(
            "local storage is blocked here".into(),
        ));
        assert_eq!(state.notice, first);
    }

    #[test]
    fn the_principal_filter_matches_type_name_and_ids() {
        let mut state = AppState::new();
        state.update(Action::Execute(group()));
        state.update(Action::RunLine(
            "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity".into(),
        ));
        state.update(Action::RunLine(
            "az ad app create --display-name Web".into(),
        ));
        state.update(Action::RunLine(
            "az ad sp create --id $(az ad app list --display-name Web --query [0].appId -o tsv)"
                .into(),
        ));
        let session = state.session();
        let principals: Vec<&ServicePrincipal> =
            session.world().service_principals.values().collect();
        assert_eq!(principals.len(), 2);
        let count =
            |filter: PrincipalFilter| principals.iter().filter(|sp| filter.matches(sp)).count();
        let of = |kind, text: &str| PrincipalFilter {
            kind,
            text: text.into(),
        };
        assert_eq!(count(of(PrincipalType::All, "")), 2);
        assert_eq!(count(of(PrincipalType::ManagedIdentities, "")), 1);
        assert_eq!(count(of(PrincipalType::Applications, "")), 1);
        assert_eq!(count(of(PrincipalType::All, "VM1")), 1);
        let vm_sp = principals
            .iter()
            .find(|sp| sp.display_name == "vm1")
            .copied();
        let vm_sp = vm_sp.expect("vm1");
        assert_eq!(count(of(PrincipalType::All, &vm_sp.id.to_string()[..8])), 1);
        assert_eq!(count(of(PrincipalType::All, &vm_sp.app_id.to_string())), 1);
        assert_eq!(count(of(PrincipalType::Applications, "vm1")), 0);
    }

    #[test]
    fn the_activity_log_is_newest_first_with_az_lines_and_model_times() {
        let mut state = AppState::new();
        state.update(Action::Execute(group()));
        state.update(Action::Execute(vm("vm1")));
        state.update(Action::RunLine("az vm delete -g rg1 -n vm1 --yes".into()));
        let session = state.session();
        let rows = activities(session.history(), 2);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 3);
        assert!(rows[0].az_line.starts_with("az vm delete"));
        assert!(rows[1].az_line.starts_with("az vm create"));
        // A deletion carries no time of its own: it shows the clock as it was.
        assert_eq!(rows[0].time, rows[1].time);
        assert!(rows[1].time > Timestamp::START);
        assert!(!rows[0].explanations.is_empty());
    }

    #[test]
    fn a_selection_whose_object_goes_away_is_dropped() {
        let mut state = AppState::new();
        state.update(Action::Execute(group()));
        let key = ArmKey::of(&state.session().world().group_id("rg1"));
        state.update(Action::Select(Some(Selection::Group(key.clone()))));
        assert!(selection_json(state.session().world(), &Selection::Group(key)).is_some());
        state.update(Action::Undo);
        assert_eq!(state.selection, None);
    }

    #[test]
    fn show_more_adds_a_page() {
        let mut state = AppState::new();
        assert_eq!(state.row_limit, PAGE);
        state.update(Action::ShowMore);
        assert_eq!(state.row_limit, 2 * PAGE);
    }

    #[test]
    fn identity_states_read_as_the_portal_words_them() {
        let mut state = AppState::new();
        state.update(Action::Execute(group()));
        state.update(Action::Execute(vm("vm1")));
        let resource = |state: &AppState| {
            state
                .session()
                .world()
                .resources
                .values()
                .next()
                .cloned()
                .expect("vm1")
        };
        assert_eq!(identity_state(&resource(&state)), "None");
        state.update(Action::Execute(enable_system("vm1")));
        assert_eq!(identity_state(&resource(&state)), "System-assigned");
        state.update(Action::RunLine("az identity create -g rg1 -n id1".into()));
        state.update(Action::RunLine(
            "az vm identity assign -g rg1 -n vm1 --identities id1".into(),
        ));
        assert_eq!(
            identity_state(&resource(&state)),
            "System-assigned + User-assigned ×1"
        );
    }

    fn run(state: &mut AppState, command: Command) {
        state.update(Action::Execute(command));
        assert!(state.notice.is_none(), "refused: {:?}", state.notice);
    }

    fn vault() -> Command {
        Command::CreateResource {
            kind: ResourceKind::KeyVault,
            group: "rg1".into(),
            name: "kv-learn-1".into(),
            location: None,
            identity: IdentitySelection::none(),
            grant: None,
            options: ResourceOptions::default(),
        }
    }

    fn token_for_vault(name: &str) -> Command {
        Command::RequestToken {
            kind: ResourceKind::VirtualMachine,
            group: "rg1".into(),
            name: name.into(),
            audience: "https://vault.azure.net".into(),
            selector: None,
        }
    }

    #[test]
    fn a_button_prints_what_its_az_line_prints() {
        let mut state = AppState::new();
        run(&mut state, group());
        run(
            &mut state,
            Command::CreateApplication {
                display_name: "web".into(),
                audience: model::SignInAudience::AzureAdMyOrg,
            },
        );
        let app_id = state
            .session()
            .world()
            .applications
            .values()
            .next()
            .unwrap()
            .app_id;
        run(
            &mut state,
            Command::AddApplicationSecret {
                id: app_id.to_string(),
                display_name: None,
                years: 1,
                append: true,
            },
        );
        let entry = state.console_log.last().unwrap();
        assert_eq!(entry.origin, Origin::Button);
        assert!(
            entry.line.starts_with("az ad app credential reset --id "),
            "{}",
            entry.line
        );
        // The secret is shown once, in the console, as the CLI prints it.
        let printed: String = entry
            .printed
            .iter()
            .map(|(_, text)| text.as_str())
            .collect();
        assert!(printed.contains("\"password\""), "{printed}");
        assert!(printed.contains(&app_id.to_string()), "{printed}");
        let secrets = state
            .session()
            .world()
            .applications
            .values()
            .next()
            .unwrap()
            .passwords
            .len();
        assert_eq!(secrets, 1);
    }

    #[test]
    fn a_refused_button_leaves_the_world_and_gives_a_notice() {
        let mut state = AppState::new();
        run(&mut state, group());
        let before = state.session().world().clone();
        state.update(Action::Execute(Command::SetSecret {
            vault: "nowhere".into(),
            name: "s".into(),
            value: "v".into(),
        }));
        assert_eq!(state.session().world(), &before);
        let notice = state.notice.clone().expect("a notice");
        assert!(
            notice.urgent && notice.text.starts_with("ERROR: "),
            "{notice:?}"
        );
        let entry = state.console_log.last().unwrap();
        assert!(entry
            .printed
            .iter()
            .any(|(stream, _)| *stream == Stream::Stderr));
    }

    #[test]
    fn a_token_asked_for_by_a_button_is_inspected_and_its_checks_follow_the_world() {
        let mut state = AppState::new();
        run(&mut state, group());
        run(&mut state, vm("vm1"));
        run(&mut state, enable_system("vm1"));
        run(&mut state, vault());
        run(&mut state, token_for_vault("vm1"));
        let Some(Selection::Token(id)) = state.selection.clone() else {
            panic!("the token is not selected: {:?}", state.selection);
        };
        // The button's echo shows the request its line stands for, before the endpoint's answer.
        let echo = state.console_log.last().expect("the button's echo");
        assert_eq!(echo.line, console::to_cli(&token_for_vault("vm1")));
        assert_eq!(
            echo.printed[0].1,
            "# Sent from inside the resource: curl -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net\"\n"
        );
        assert!(echo.printed[0].1.len() < echo.printed.iter().map(|p| p.1.len()).sum::<usize>());
        // Typed, the same line prints only the answer, which `$(…)` captures.
        state.update(Action::RunLine(echo.line.clone()));
        let typed = state.console_log.last().expect("the typed line");
        assert!(typed.printed[0].1.starts_with('{'), "{:?}", typed.printed);
        let check = |state: &AppState| {
            let session = state.session();
            let token = session.world().tokens.get(&id).unwrap().clone();
            token_checks(session.world(), &token)
                .into_iter()
                .find(|c| c.target == "key vault kv-learn-1")
                .expect("a check on the vault")
                .decision
        };
        let denied = check(&state);
        assert_eq!((denied.allowed, denied.status), (false, 403), "{denied:?}");
        let principal = principal_named(&state, "vm1").unwrap();
        let vault_id = state
            .session()
            .world()
            .resources
            .values()
            .find(|r| r.name == "kv-learn-1")
            .unwrap()
            .id
            .clone();
        run(
            &mut state,
            Command::CreateRoleAssignment {
                assignee: principal.to_string(),
                role: "Key Vault Secrets User".into(),
                scope: vault_id,
            },
        );
        // The same token, re-checked: the new role counts (the model has no propagation delay).
        assert_eq!(state.selection, Some(Selection::Token(id)));
        let allowed = check(&state);
        assert!(allowed.allowed, "{allowed:?}");
        run(&mut state, Command::AdvanceClock { minutes: 24 * 60 });
        let expired = check(&state);
        assert_eq!(
            (expired.allowed, expired.status),
            (false, 401),
            "{expired:?}"
        );
        assert!(expired.reason.contains("expired"), "{expired:?}");
    }

    #[test]
    fn every_button_command_is_saved_and_replays_to_the_same_world() {
        let mut state = AppState::new();
        run(&mut state, group());
        run(&mut state, vm("vm1"));
        run(&mut state, enable_system("vm1"));
        run(&mut state, vault());
        run(&mut state, token_for_vault("vm1"));
        run(&mut state, Command::AdvanceClock { minutes: 60 });
        run(
            &mut state,
            Command::CreateApplication {
                display_name: "web".into(),
                audience: model::SignInAudience::AzureAdMyOrg,
            },
        );
        let app = state
            .session()
            .world()
            .applications
            .values()
            .next()
            .unwrap()
            .clone();
        run(
            &mut state,
            Command::CreateServicePrincipal {
                app_id: app.app_id.to_string(),
            },
        );
        run(
            &mut state,
            Command::DeleteApplication {
                id: app.app_id.to_string(),
            },
        );
        run(
            &mut state,
            Command::RestoreDeletedItem {
                id: app.id.to_string(),
            },
        );
        let partner = state.session().world().partner_tenant;
        let other = state
            .session()
            .world()
            .subscriptions
            .values()
            .find(|s| s.tenant_id == partner)
            .unwrap()
            .id;
        run(
            &mut state,
            Command::SetSubscription {
                subscription: other.to_string(),
            },
        );
        let saved = state.saved_log();
        assert!(
            saved.lines.iter().all(|line| !line.starts_with('#')),
            "{:?}",
            saved.lines
        );
        let (replayed, failure) = replay(&saved, false);
        assert_eq!(failure, None, "the saved lines replay");
        assert_eq!(replayed.world(), state.session().world());
    }

    #[test]
    fn undone_commands_are_saved_and_redo_survives_a_reload() {
        let mut state = AppState::new();
        run(&mut state, group());
        run(&mut state, vm("vm1"));
        run(&mut state, enable_system("vm1"));
        state.update(Action::Undo);
        state.update(Action::Undo);
        let saved = state.saved_log();
        assert_eq!(saved.lines.len(), 1);
        assert_eq!(saved.redo.len(), 2);
        assert!(
            saved.redo[0].starts_with("az vm create"),
            "{:?}",
            saved.redo
        );
        let mut restored = AppState::restore(Stored::Found(saved));
        assert!(restored.notice.is_none(), "{:?}", restored.notice);
        assert!(restored.session().can_redo());
        restored.update(Action::Redo);
        restored.update(Action::Redo);
        state.update(Action::Redo);
        state.update(Action::Redo);
        assert_eq!(restored.session().world(), state.session().world());
        assert!(principal_named(&restored, "vm1").is_some());
    }
}

/// The browser's console and `az-playground` speak one language: the same lines, typed one by one
/// here and run as a script there, print the same text (`undo`, `redo`, `reset`, `clear` and an
/// `identity.type` update included).
#[cfg(test)]
mod language {
    use super::*;

    #[test]
    fn the_browser_console_and_az_playground_accept_the_same_lines_and_print_the_same() {
        let lines = [
            "clear",
            "az group create -n rg -l westeurope",
            "az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity",
            "playground token --type vm -g rg -n vm1 --resource https://vault.azure.net -o none",
            "az rest --method get --url \"https://graph.microsoft.com/beta/auditLogs/signIns?\\$filter=signInEventTypes/any(t: t eq 'managedIdentity')\" --query \"value[].resourceDisplayName\" -o tsv",
            "az identity create -g rg -n id1 --query name -o tsv",
            "az vm identity assign -g rg -n vm1 --identities id1 --query userAssignedIdentities -o json",
            "az vm update -g rg -n vm1 --set identity.type=UserAssigned --query identity.type",
            "undo",
            "redo",
            "az ad sp list --query \"[].[displayName, servicePrincipalType]\" -o tsv",
            "reset",
            "az group list -o table",
            "undo",
            "az group list --query \"[].name\" -o tsv",
            "spID=$(az vm show -g rg -n vm1 --query identity.principalId -o tsv); echo \"principal: $spID.\"",
        ];
        let mut state = AppState::new();
        for line in lines {
            state.update(Action::RunLine(line.into()));
        }
        let browser: String = state
            .console_log
            .iter()
            .flat_map(|entry| entry.printed.iter().map(|(_, text)| text.as_str()))
            .collect();
        let mut console = Console::new(SEED);
        let script = console::script::run(&mut console, "lab.az", &lines.join("\n"), false);
        assert_eq!(script.exit_code, 0, "{}", script.combined());
        assert_eq!(browser, script.combined());
        assert_eq!(state.session().world(), console.session().world());
        // The lines did what they say: the update was undone and redone, the reset undone.
        assert!(browser.contains("\"UserAssigned\""), "{browser}");
        // The sign-in log, which only the worker's terminal answers, lists the token.
        assert!(browser.contains("\nAzure Key Vault\n"), "{browser}");
        assert!(browser.contains("\nid1\tManagedIdentity\n"), "{browser}");
        assert!(!browser.contains("vm1\tManagedIdentity"), "{browser}");
        // After the update only the user-assigned identity is left: no principalId.
        assert!(browser.ends_with("rg\nprincipal: .\n"), "{browser}");
    }

    /// What lib.rs does for the page: every line the state puts in its outbox goes to the worker's
    /// terminal (here `tutor::shell` natively), whose answer comes back as `Action::Shell`.
    fn drive(state: &mut AppState, worker: &mut tutor::shell::Shell) {
        use model::Value;
        while let Some(line) = state.outbox.take() {
            let saved = state.saved_log();
            let request = Value::object(vec![
                ("t", Value::str("shell")),
                ("seed", Value::from(saved.seed as i64)),
                (
                    "lines",
                    Value::Array(saved.lines.iter().map(|l| Value::str(l.as_str())).collect()),
                ),
                ("line", Value::str(line.as_str())),
                ("inside", Value::Bool(state.vm.is_some())),
                (
                    "vars",
                    Value::Object(
                        state
                            .console
                            .borrow()
                            .variables()
                            .iter()
                            .map(|(name, value)| (name.clone(), Value::str(value.as_str())))
                            .collect(),
                    ),
                ),
            ]);
            let answer = worker.answer(&request);
            let text = |value: &Value| value.as_str().unwrap_or_default().to_string();
            let printed = answer["printed"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| {
                    let stream = match pair[0].as_str() {
                        Some("stderr") => Stream::Stderr,
                        _ => Stream::Stdout,
                    };
                    (stream, text(&pair[1]))
                })
                .collect();
            state.update(Action::Shell(ShellAnswer {
                line: line.clone(),
                printed,
                ok: answer["ok"].as_bool() == Some(true),
                prompt: answer["prompt"].as_str().map(str::to_string),
                changes: answer["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(text)
                    .collect(),
                cleared: false,
                vars: answer["vars"].as_object().map(|pairs| {
                    pairs
                        .iter()
                        .map(|(name, value)| (name.clone(), text(value)))
                        .collect()
                }),
            }));
        }
    }

    /// The page's side of the VM's shell, natively: lines inside go to the lesson worker's shell
    /// (`tutor::shell`), its answers come back as `Action::Shell`, and the result is what
    /// `az-playground` prints for the same script, with the same world.
    #[test]
    fn lines_inside_a_vm_run_in_the_workers_shell_and_match_az_playground() {
        let lines = [
            "az group create -n rg -l westeurope -o none",
            "IP=$(az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity --query publicIpAddress -o tsv)",
            "ssh azureuser@$IP",
            "T=$(curl -s 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/' -H Metadata:true | jq -r .access_token)",
            "curl -s https://management.azure.com/subscriptions/x/resourceGroups/rg?api-version=2016-09-01 -H \"Authorization: Bearer $T\"",
            "exit",
            "az group list --query \"[].name\" -o tsv",
        ];
        let mut state = AppState::new();
        let mut worker = tutor::shell::Shell::default();
        for line in lines {
            state.update(Action::RunLine(line.into()));
            drive(&mut state, &mut worker);
        }
        let browser: String = state
            .console_log
            .iter()
            .flat_map(|entry| entry.printed.iter().map(|(_, text)| text.as_str()))
            .collect();
        let mut terminal = terminal::Terminal::new(SEED);
        let script = console::script::run(&mut terminal, "vm.az", &lines.join("\n"), false);
        assert_eq!(script.exit_code, 0, "{}", script.combined());
        assert_eq!(browser, script.combined());
        assert_eq!(state.session().world(), terminal.session().world());
        // The token is the page's: logged, saved as its console line, and inspected.
        assert_eq!(state.session().world().tokens.len(), 1);
        assert!(state
            .saved_log()
            .lines
            .iter()
            .any(|l| l.starts_with("playground token --type vm")));
        assert!(matches!(state.selection, Some(Selection::Token(_))));
        // What the shell printed: ARM's answer for a subscription that does not exist.
        assert!(
            browser.contains("\"code\":\"SubscriptionNotFound\""),
            "{browser}"
        );
        let prompts: Vec<Option<&str>> = state
            .console_log
            .iter()
            .map(|e| e.prompt.as_deref())
            .collect();
        assert_eq!(prompts[2], None);
        assert_eq!(prompts[3], Some("azureuser@vm1:~$ "));
        assert_eq!(state.vm, None);
    }

    /// Share, clicked while a line is out in the worker's terminal, waits for it: the link holds
    /// the line typed just before, and the dialog opens once.
    #[test]
    fn sharing_while_a_line_is_out_waits_for_it() {
        let mut state = AppState::new();
        let mut worker = tutor::shell::Shell::default();
        state.update(Action::RunLine(
            "az group create -n rg -l westeurope".into(),
        ));
        state.update(Action::RunLine(
            "az identity create -g rg -n id1 -o none --debug".into(),
        ));
        state.update(Action::Share);
        assert!(state.waiting.is_some());
        assert_eq!(state.to_share(), None, "not while the line is out");
        drive(&mut state, &mut worker);
        let shared = state.to_share().expect("shared once the line is back");
        assert_eq!(
            shared.lines,
            [
                "az group create --name rg --location westeurope",
                "az identity create --name id1 --resource-group rg"
            ]
        );
        assert_eq!(state.to_share(), None, "once");
        // With nothing out, at once.
        state.update(Action::Share);
        assert_eq!(state.to_share().map(|s| s.lines.len()), Some(2));
    }

    /// A pasted script whose line goes to the worker's terminal waits for its answer, then goes on;
    /// a failing one there stops the script like any failing line, with its rest offered.
    #[test]
    fn a_script_waits_for_its_line_in_the_workers_terminal() {
        let mut state = AppState::new();
        let mut worker = tutor::shell::Shell::default();
        state.update(Action::RunScript(
            "az group create -n rg -l westeurope -o none\naz identity create -g rg -n id1 -o none --debug\naz identity create -g rg -n id2 -o none".into(),
        ));
        // The second line is in the outbox; the third waits behind it.
        assert!(state.outbox.is_some());
        assert!(state.session().world().user_identities.is_empty());
        drive(&mut state, &mut worker);
        assert_eq!(state.session().world().user_identities.len(), 2);
        assert!(state.waiting.is_none() && state.rest.is_none());
        let printed: String = state.console_log[1]
            .printed
            .iter()
            .map(|(_, t)| t.as_str())
            .collect();
        assert!(printed.contains("Request method: 'PUT'"), "{printed}");
        // A failing line in the terminal stops the script there.
        state.update(Action::RunScript(
            "az group show -n nope --debug\naz identity create -g rg -n id3 -o none".into(),
        ));
        drive(&mut state, &mut worker);
        assert_eq!(state.session().world().user_identities.len(), 2);
        let rest = state
            .rest
            .clone()
            .expect("the rest of the script is offered");
        assert_eq!((rest.failed_at, rest.total, rest.lines.len()), (1, 2, 1));
        // Typed ahead while a line is out, a line runs after it whatever it gave; so does a button.
        state.update(Action::RunLine("az group show -n nope2 --debug".into()));
        state.update(Action::Execute(Command::CreateUserIdentity {
            group: "rg".into(),
            name: "id5".into(),
            location: None,
            tags: Vec::new(),
        }));
        state.update(Action::RunLine(
            "az identity create -g rg -n id4 -o none".into(),
        ));
        assert_eq!(state.session().world().user_identities.len(), 2);
        drive(&mut state, &mut worker);
        assert_eq!(state.session().world().user_identities.len(), 4);
        // An answer that comes back to a state that sent nothing (another lab opened meanwhile)
        // changes nothing.
        let mut other = AppState::new();
        other.update(Action::Shell(ShellAnswer {
            line: "az identity create -g rg -n id9 -o none --debug".into(),
            ok: true,
            changes: vec!["az group create --name stray --location westeurope".into()],
            ..ShellAnswer::default()
        }));
        assert!(other.session().world().groups.is_empty());
        assert!(other.console_log.is_empty());
    }
}
