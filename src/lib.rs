//! The Yew app: the only code that touches the DOM. The shell owns the state, saves it the moment a command completes, follows other tabs of the same lab, and wires the shortcuts.

pub mod components;
pub mod fetch;
pub mod graph;
pub mod host;
pub mod lessons;
pub mod share;
pub mod state;
pub mod storage;
pub mod url;
pub mod view;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, StorageEvent};
use yew::prelude::*;

use components::activity::activity_log;
use components::changes::changes_strip;
use components::console_view::{ConsoleView, Rest as RestView};
use components::diagram::Diagram;
use components::directory::Directory;
use components::inspector::{inspector, CopyState, Inspector};
use components::notices::kept_banner;
use components::resources::Resources;
use components::toolbar::{toolbar, HistoryIntent, Toolbar};
use components::{Dispatch, SessionView};
use state::{Action, AppState, Kept, Selection, Stored};
use view::selection_json;

/// Whether a key press belongs to a text field (then Ctrl+Z undoes typing, not a command).
fn typing_into_field(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

/// The shortcut a key press stands for, if any.
fn shortcut(event: &KeyboardEvent) -> Option<Action> {
    if !(event.ctrl_key() || event.meta_key()) || event.alt_key() || typing_into_field(event) {
        return None;
    }
    match event.key().to_ascii_lowercase().as_str() {
        "z" if event.shift_key() => Some(Action::Redo),
        "z" => Some(Action::Undo),
        "y" => Some(Action::Redo),
        _ => None,
    }
}

fn selection_title(world: &model::World, selection: &Selection) -> String {
    match selection {
        Selection::Group(key) => world
            .groups
            .get(key)
            .map(|g| format!("Resource group {}", g.name)),
        Selection::Resource(key) => world
            .resources
            .get(key)
            .map(|r| format!("{} {}", r.kind.noun(), r.name)),
        Selection::UserIdentity(key) => world
            .user_identities
            .get(key)
            .map(|i| format!("User-assigned identity {}", i.name)),
        Selection::Principal(id) => world
            .service_principals
            .get(id)
            .map(|sp| format!("Service principal {}", sp.display_name)),
        Selection::User(id) => world
            .users
            .get(id)
            .map(|u| format!("User {}", u.user_principal_name)),
        Selection::Application(id) => world
            .applications
            .get(id)
            .map(|a| format!("App registration {}", a.display_name)),
        Selection::Assignment(name) => Some(format!("Role assignment {name}")),
        Selection::Token(id) => world.tokens.get(id).map(|t| {
            let asker = t.requested_by.rsplit('/').next().unwrap_or_default();
            format!(
                "Token of {asker} for {}, decoded (as jwt.ms shows it)",
                t.audience
            )
        }),
    }
    .unwrap_or_default()
}

/// The state at start-up: the lab's saved session, with anything that did not load kept aside.
fn start(key: &storage::Key, params: &url::Params) -> AppState {
    let loaded = storage::load(key);
    let mut state = AppState::restore(loaded.stored);
    match (&state.unloaded, loaded.text, loaded.backup) {
        (Some(why), Some(text), _) => {
            storage::keep_backup(key, &text);
            state.kept = Some(Kept {
                why: why.clone(),
                text,
            });
        }
        (_, _, Some(backup)) => {
            state.kept = Some(Kept {
                why: "A saved session of this lab could not be loaded whole earlier.".into(),
                text: backup,
            })
        }
        _ => {}
    }
    if !params.problems.is_empty() && state.notice.is_none() {
        state.notice = Some(state::Notice {
            text: format!(
                "This page's address asks for something the playground can't do: {}.",
                params.problems.join("; ")
            ),
            urgent: false,
        });
    }
    state
}

/// Whether `name` names a lab: `sandbox`, `lesson.ID` or `scenario.ID` (ids as lesson files
/// write them). Anything else from storage or the worker is ignored.
fn lab_name(name: &str) -> bool {
    match name.split_once('.') {
        None => name == "sandbox",
        Some((kind, id)) => matches!(kind, "lesson" | "scenario") && url::lesson_id(id),
    }
}

/// Which lab the page shows (the sandbox, a lesson's or a preset's; each saved under its own
/// key) and what the lesson worker asked of it.
struct Shell {
    lab: String,
    key: storage::Key,
    /// A line for the console's input (a lesson's solution), not run; a new number each time.
    suggest: Option<(u32, AttrValue)>,
    /// The lesson worker was asked to start.
    started: bool,
    /// Why the lessons can't run here.
    problem: Option<String>,
}

/// The lab's session, for the lesson worker.
fn session_message(lab: &str, state: &AppState) -> wasm_bindgen::JsValue {
    let saved = state.saved_log();
    lessons::message(
        "session",
        &[
            ("lab", lab.into()),
            ("seed", (saved.seed as f64).into()),
            ("lines", storage::array(&saved.lines).into()),
        ],
    )
}

/// Sends a line to the terminal in the lesson worker (`crates/tutor/src/shell.rs`) with the
/// page's session and variables; `dispatch` (once there) gets its answer as `Action::Shell`.
/// Without a line, it asks for the requests of the page's latest change instead, answered as
/// `Action::Requests` for the revision they were asked at.
fn send_to_terminal(
    app: &AppState,
    line: Option<&str>,
    dispatch: Rc<RefCell<Option<Callback<Action>>>>,
) {
    let saved = app.saved_log();
    let vars = js_sys::Object::new();
    for (name, value) in app.console.borrow().variables().iter() {
        let _ = js_sys::Reflect::set(&vars, &name.into(), &value.into());
    }
    let request = lessons::message(
        "shell",
        &[
            ("seed", (saved.seed as f64).into()),
            ("lines", storage::array(&saved.lines).into()),
            ("line", line.unwrap_or_default().into()),
            ("inside", app.vm.is_some().into()),
            ("vars", vars.into()),
            ("requests", line.is_none().into()),
        ],
    );
    let revision = app.revision;
    let on_answer =
        wasm_bindgen::closure::Closure::once_into_js(move |answer: wasm_bindgen::JsValue| {
            let action = match lessons::field(&answer, "requests").as_string() {
                Some(requests) => Action::Requests(revision, requests),
                None => Action::Shell(shell_answer(&answer)),
            };
            if let Some(dispatch) = &*dispatch.borrow() {
                dispatch.emit(action);
            }
        });
    lessons::shell(&request, &on_answer);
}

/// The VM shell's answer (`crates/tutor/src/shell.rs`), as the app's state takes it.
fn shell_answer(answer: &wasm_bindgen::JsValue) -> state::ShellAnswer {
    use lessons::{field, text};
    let printed = js_sys::Array::from(&field(answer, "printed"))
        .iter()
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            let stream = match pair.get(0).as_string().as_deref() {
                Some("stderr") => console::Stream::Stderr,
                _ => console::Stream::Stdout,
            };
            (stream, pair.get(1).as_string().unwrap_or_default())
        })
        .collect();
    state::ShellAnswer {
        line: text(answer, "line"),
        printed,
        ok: field(answer, "ok").as_bool() == Some(true),
        prompt: field(answer, "prompt").as_string(),
        changes: storage::strings(&field(answer, "changes")).unwrap_or_default(),
        cleared: field(answer, "cleared").as_bool() == Some(true),
        vars: js_sys::Object::try_from(&field(answer, "vars")).map(|vars| {
            js_sys::Object::entries(vars)
                .iter()
                .filter_map(|pair| {
                    let pair = js_sys::Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect()
        }),
    }
}

/// The course page's replies that wait for the worker's terminal: a `run-command`'s line, or an
/// empty line for a `get-state` asked while a line was out.
type HostWaiting = Rc<RefCell<Vec<(String, js_sys::Function)>>>;

/// Everything the shell's closures share.
#[derive(Clone)]
struct Parts {
    /// The course page's `run-command`s whose line went to the worker's terminal (each line and
    /// the function that resolves its reply), and its `get-state`s waiting for them.
    host_waiting: HostWaiting,
    params: Rc<url::Params>,
    shell: Rc<RefCell<Shell>>,
    state: Rc<RefCell<AppState>>,
    written: Rc<RefCell<Option<String>>>,
    dispatch: Dispatch,
    redraw: Callback<()>,
}

/// What the worker asked for, done: keep a run, open a lab, offer a line.
fn answer(parts: &Parts, answer: wasm_bindgen::JsValue) {
    use lessons::{field, text};
    let instance = parts.params.instance.as_deref();
    let lab = text(&answer, "lab");
    match text(&answer, "t").as_str() {
        "save" if lab_name(&lab) => storage::write(
            &storage::name(&lab, instance, "run"),
            Some(&text(&answer, "text")),
        ),
        "open" if lab_name(&lab) => {
            let fresh = field(&answer, "fresh").as_bool() == Some(true);
            let setup = storage::strings(&field(&answer, "setup")).unwrap_or_default();
            open_lab(parts, lab, setup, fresh);
        }
        "type" => {
            let mut shell = parts.shell.borrow_mut();
            let serial = shell.suggest.as_ref().map_or(0, |(serial, _)| serial + 1);
            shell.suggest = Some((serial, text(&answer, "line").into()));
        }
        "failed" => {
            let why = text(&answer, "why");
            parts.shell.borrow_mut().problem = Some(match why.is_empty() {
                true => "The lessons stopped working: reload the page to start them again.".into(),
                false => format!("Lessons can't run here ({why}); free play works."),
            })
        }
        _ => {}
    }
    parts.redraw.emit(());
}

/// Shows a lab: its saved session, or (with nothing saved, or `fresh`) its setup run anew.
fn open_lab(parts: &Parts, lab: String, setup: Vec<String>, fresh: bool) {
    let instance = parts.params.instance.as_deref();
    let key = storage::Key::new(&lab, instance);
    if !fresh && parts.shell.borrow().lab == lab {
        // Already on screen: the console's transcript stays.
        lessons::post(&session_message(&lab, &parts.state.borrow()));
        return;
    }
    if fresh {
        storage::write(&key.0, None);
        storage::discard_backup(&key);
    }
    storage::write(&storage::name("current", instance, "lab"), Some(&lab));
    *parts.state.borrow_mut() = start(&key, &parts.params);
    *parts.written.borrow_mut() = None;
    {
        let mut shell = parts.shell.borrow_mut();
        shell.lab = lab;
        shell.key = key;
    }
    // A lab with nothing saved starts from its setup, run as a pasted script would be (and saved,
    // and told to the worker, as every change is).
    if !setup.is_empty() && parts.state.borrow().session().log().is_empty() {
        parts.dispatch.send(Action::RunScript(setup.join("\n")));
    } else {
        let shell = parts.shell.borrow();
        lessons::post(&session_message(&shell.lab, &parts.state.borrow()));
    }
    parts.redraw.emit(());
}

/// The state of a shared session from a link or a session file, never saved (its lab, `shared`,
/// names no storage); or why it can't be opened.
fn shared_state(found: &wasm_bindgen::JsValue) -> Result<AppState, String> {
    use lessons::{field, text};
    let why = text(found, "why");
    let lines = match storage::strings(&field(found, "lines")) {
        Some(lines) if why.is_empty() => lines,
        _ => {
            return Err(format!(
                "This shared session can't be opened: {why}. Your own work is shown instead."
            ))
        }
    };
    let count = lines.len();
    let mut state = AppState::restore(Stored::Found(state::SavedLog {
        // A session file carries no seed: it was made here, with this one.
        seed: field(found, "seed").as_f64().unwrap_or(state::SEED as f64) as u64,
        lines,
        redo: Vec::new(),
    }));
    if state.unloaded.is_none() {
        state.notice = Some(state::Notice {
            text: format!("A shared session of {count} commands, GUIDs and all. It is not saved, and your own work is untouched."),
            urgent: false,
        });
    }
    Ok(state)
}

/// A shared session opened while the page is open: shown in place of the learner's lab.
fn open_link(parts: &Parts, found: wasm_bindgen::JsValue) {
    match shared_state(&found) {
        Ok(state) => {
            *parts.state.borrow_mut() = state;
            parts.shell.borrow_mut().lab = "shared".into();
        }
        Err(text) => {
            parts.state.borrow_mut().notice = Some(state::Notice { text, urgent: true });
        }
    }
    parts.redraw.emit(());
}

/// What the course page asked for, done as the learner's acts would do it.
fn host_answer(parts: &Parts, request: host::Request) -> wasm_bindgen::JsValue {
    match request {
        host::Request::Run(line) => {
            let before = parts.state.borrow().console_log.len();
            parts.dispatch.send(Action::RunLine(line.clone()));
            if parts.state.borrow().waiting.is_some() && !line.trim().is_empty() {
                // It runs in the worker's terminal: the reply is a promise of its answer.
                return host_later(parts, line);
            }
            host_output(
                parts
                    .state
                    .borrow()
                    .console_log
                    .get(before)
                    .map(|entry| &**entry),
            )
        }
        host::Request::Load(lesson, step) => {
            let known = url::lesson_id(&lesson);
            if known {
                start_lessons(parts, false);
                let arg = match step {
                    0 => lesson,
                    step => format!("{lesson}@{step}"),
                };
                lessons::post(&lessons::message(
                    "act",
                    &[("act", "open".into()), ("arg", arg.into())],
                ));
            }
            known.into()
        }
        host::Request::Reset => {
            parts.dispatch.send(Action::Reset);
            wasm_bindgen::JsValue::TRUE
        }
        host::Request::State => {
            if parts.state.borrow().waiting.is_some() {
                // A line is out in the worker's terminal: answered once it is back, with it.
                return host_later(parts, String::new());
            }
            host_state(&parts.state.borrow())
        }
    }
}

/// A reply that waits for the worker's terminal (`HostWaiting`): a promise the dispatch resolves.
fn host_later(parts: &Parts, line: String) -> wasm_bindgen::JsValue {
    let waiting = parts.host_waiting.clone();
    js_sys::Promise::new(&mut |resolve, _| waiting.borrow_mut().push((line.clone(), resolve)))
        .into()
}

/// The session as the course page's `get-state` reply (host.js makes the link from it).
fn host_state(state: &AppState) -> wasm_bindgen::JsValue {
    let saved = state.saved_log();
    lessons::object(&[
        ("seed", (saved.seed as f64).into()),
        ("lines", storage::array(&saved.lines).into()),
        ("commands", state.session().history().len().into()),
    ])
}

/// A console entry as the course page's `run-command` reply: `{ok, stdout, stderr}`.
fn host_output(entry: Option<&state::ConsoleEntry>) -> wasm_bindgen::JsValue {
    let (mut stdout, mut stderr) = (String::new(), String::new());
    for (stream, text) in entry.map_or(&[][..], |entry| &entry.printed[..]) {
        match stream {
            console::Stream::Stdout => stdout.push_str(text),
            _ => stderr.push_str(text),
        }
    }
    let ok = entry.is_some_and(|entry| entry.ok);
    lessons::object(&[
        ("ok", ok.into()),
        ("stdout", stdout.into()),
        ("stderr", stderr.into()),
    ])
}

/// Starts the lesson worker and tells it where the learner is.
fn start_lessons(parts: &Parts, first: bool) {
    if parts.shell.borrow().started {
        return;
    }
    parts.shell.borrow_mut().started = true;
    let (params, lab) = (&parts.params, parts.shell.borrow().lab.clone());
    let start = lessons::message(
        "start",
        &[
            (
                "lang",
                params
                    .lang
                    .as_deref()
                    .map_or(wasm_bindgen::JsValue::NULL, Into::into),
            ),
            (
                "languages",
                gloo::utils::window().navigator().languages().into(),
            ),
            ("lab", lab.as_str().into()),
            (
                "instance",
                params
                    .instance
                    .as_deref()
                    .map_or(wasm_bindgen::JsValue::NULL, Into::into),
            ),
            ("fresh", first.into()),
            (
                "lesson",
                params
                    .lesson
                    .as_deref()
                    .map_or(wasm_bindgen::JsValue::NULL, Into::into),
            ),
            (
                "step",
                params
                    .step
                    .map_or(wasm_bindgen::JsValue::NULL, |step| step.into()),
            ),
            (
                "scenario",
                params
                    .scenario
                    .as_deref()
                    .map_or(wasm_bindgen::JsValue::NULL, Into::into),
            ),
        ],
    );
    let on_answer = {
        let parts = parts.clone();
        move |message| answer(&parts, message)
    };
    lessons::start(&start, on_answer);
    lessons::post(&session_message(&lab, &parts.state.borrow()));
    parts.redraw.emit(());
}

#[component]
pub fn App() -> Html {
    let params = use_memo((), |_| url::Params::from_page());
    let first = *use_memo((), |_| storage::names("mi-playground.").is_empty());
    let shell = use_mut_ref({
        let params = params.clone();
        move || {
            let instance = params.instance.as_deref();
            let lab = storage::read(&storage::name("current", instance, "lab"))
                .filter(|lab| lab_name(lab))
                .unwrap_or_else(|| "sandbox".into());
            Shell {
                key: storage::Key::new(&lab, instance),
                lab,
                suggest: None,
                started: false,
                problem: None,
            }
        }
    });
    // Reading storage once at start-up is this hook's side effect; `restore` itself is pure.
    // A share link in the address was read before the first draw: its session is drawn at once.
    let state: Rc<RefCell<AppState>> = use_mut_ref({
        let (shell, params) = (shell.clone(), params.clone());
        move || {
            let why = match share::at_start().map(|found| shared_state(&found)) {
                Some(Ok(shared)) => {
                    shell.borrow_mut().lab = "shared".into();
                    return shared;
                }
                Some(Err(why)) => Some(why),
                None => None,
            };
            let mut state = start(&shell.borrow().key, &params);
            if let Some(text) = why {
                state.notice = Some(state::Notice { text, urgent: true });
            }
            state
        }
    });
    // The text last written to (or adopted from) storage: another tab's write differs from it.
    let written: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    let force = use_force_update();
    let confirming = use_state(|| false);
    let copied = use_state(|| CopyState::Idle);
    let host_waiting: HostWaiting = use_mut_ref(Vec::new);
    // Below the fold: a page opening on a long session draws the latest few first.
    let activity_drawn =
        components::use_first_screen(state.borrow().session().history().len(), 3, usize::MAX);
    let dispatch = {
        let (state, shell, written, force, host_waiting) = (
            state.clone(),
            shell.clone(),
            written.clone(),
            force.clone(),
            host_waiting.clone(),
        );
        use_memo((), move |_| {
            // The dispatch itself, for the VM's shell to answer through (it lives as long as the page).
            let this: Rc<RefCell<Option<Callback<Action>>>> = Rc::default();
            let dispatch = Callback::from({
                let this = this.clone();
                move |action: Action| {
                    let key = shell.borrow().key.clone();
                    let (revision, had_kept) = {
                        let app = state.borrow();
                        (app.revision, app.kept.is_some())
                    };
                    let mut answered = match &action {
                        Action::Shell(answer) => Some(answer.line.clone()),
                        _ => None,
                    };
                    state.borrow_mut().update(action);
                    // The course page's run-command of that line gets its reply now, and its
                    // get-states (an empty line) once no line is out.
                    let idle = state.borrow().waiting.is_none();
                    let mut waiting = host_waiting.borrow_mut();
                    let mut at = 0;
                    while at < waiting.len() {
                        let app = state.borrow();
                        let line = &waiting[at].0;
                        let reply = if answered.as_ref() == Some(line) {
                            answered = None;
                            let entry = app.console_log.iter().rev().find(|e| e.line == *line);
                            host_output(entry.map(|e| &**e))
                        } else if line.is_empty() && idle {
                            host_state(&app)
                        } else {
                            at += 1;
                            continue;
                        };
                        let (_, resolve) = waiting.remove(at);
                        let _ = resolve.call1(&wasm_bindgen::JsValue::NULL, &reply);
                    }
                    drop(waiting);
                    // A line for the worker's terminal: its answer comes back as `Action::Shell`.
                    let outbox = state.borrow_mut().outbox.take();
                    if let Some(line) = outbox {
                        send_to_terminal(&state.borrow(), Some(&line), this.clone());
                    }
                    if std::mem::take(&mut state.borrow_mut().requests_wanted) {
                        send_to_terminal(&state.borrow(), None, this.clone());
                    }
                    let shared = state.borrow_mut().to_share();
                    if let Some(saved) = shared {
                        share::dialog(saved.seed as f64, storage::array(&saved.lines).into());
                    }
                    // Saved the moment a command completes, before the page draws it: closing the tab
                    // right after, or a fault while drawing, loses nothing.
                    let (changed, unavailable, kept_gone) = {
                        let app = state.borrow();
                        (
                            app.revision != revision,
                            app.storage_unavailable,
                            had_kept && app.kept.is_none(),
                        )
                    };
                    if kept_gone {
                        storage::discard_backup(&key);
                    }
                    // A shared session is shown, not saved: the learner's own work stays as it was.
                    if changed && !unavailable && shell.borrow().lab != "shared" {
                        let saved = state.borrow().saved_log();
                        match storage::save(&key, &saved) {
                            Ok(text) => *written.borrow_mut() = Some(text),
                            Err(why) => state.borrow_mut().update(Action::StorageFailed(why)),
                        }
                    }
                    if changed {
                        let state = state.borrow();
                        lessons::post(&session_message(&shell.borrow().lab, &state));
                        let session = state.session();
                        let world = session.world();
                        host::state_changed(
                            session.history().len(),
                            world.resources.len(),
                            world.service_principals.len(),
                        );
                    }
                    force.force_update();
                }
            });
            *this.borrow_mut() = Some(dispatch.clone());
            Dispatch(dispatch)
        })
    };
    // The help pages are data, fetched once the playground is on screen (not in the first load).
    use_effect_with((), |_| {
        wasm_bindgen_futures::spawn_local(async {
            if let Ok(text) = fetch::text("help.txt").await {
                console::help::install(&text);
            }
        })
    });
    let parts = Parts {
        host_waiting: host_waiting.clone(),
        params: params.clone(),
        shell: shell.clone(),
        state: state.clone(),
        written: written.clone(),
        dispatch: (*dispatch).clone(),
        redraw: Callback::from(move |()| force.force_update()),
    };
    {
        // The page's optional parts, started once: the lessons (at once on a first visit, inside a
        // lesson or preset, or when the address asks for one), share links in the address, and a
        // course page around the playground.
        let parts = parts.clone();
        use_effect_with((), move |_| {
            let asked = parts.params.lesson.is_some() || parts.params.scenario.is_some();
            // A shared session is looked at first: the welcome waits for the learner's own visit.
            let lab = parts.shell.borrow().lab.clone();
            if asked || (lab != "shared" && (first || lab != "sandbox")) {
                start_lessons(&parts, first);
            }
            let linked = parts.clone();
            share::watch(move |found| open_link(&linked, found));
            let params = parts.params.clone();
            host::start(
                params.parent_origin.clone(),
                params.instance.clone(),
                move |request| host_answer(&parts, request),
            );
        });
    }
    {
        // Another tab or window of the same lab saved: follow it instead of overwriting it.
        let (dispatch, shell, written) = ((*dispatch).clone(), shell.clone(), written.clone());
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "storage", move |event| {
                let Some(event) = event.dyn_ref::<StorageEvent>() else {
                    return;
                };
                if event.key().as_deref() != Some(shell.borrow().key.0.as_str()) {
                    return;
                }
                let Some(text) = event.new_value() else {
                    return;
                };
                if written.borrow().as_deref() == Some(text.as_str()) {
                    return;
                }
                if let Stored::Found(saved) = storage::decode(&text) {
                    *written.borrow_mut() = Some(text);
                    dispatch.send(Action::Adopt(saved));
                }
            });
            move || drop(listener)
        });
    }
    {
        let dispatch = (*dispatch).clone();
        use_effect_with((), move |_| {
            // Not passive: the shortcut must stop the browser's own undo, which would refocus a field.
            let options = EventListenerOptions::enable_prevent_default();
            let document = gloo::utils::document();
            let listener =
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                        if let Some(action) = shortcut(event) {
                            event.prevent_default();
                            dispatch.send(action);
                        }
                    }
                });
            move || drop(listener)
        });
    }
    let revision = state.borrow().revision;
    {
        // What just changed is brought into view: the first changed row of each side scrolls into
        // its panel (and, in a narrow column, the page scrolls to the directory's).
        use_effect_with(revision, move |revision| {
            let first = *revision <= 1;
            let frame = gloo::render::request_animation_frame(move |_| {
                if first {
                    return;
                }
                let document = gloo::utils::document();
                for selector in [".azure .fresh", ".entra tr.fresh, .entra tr.removed"] {
                    if let Ok(Some(element)) = document.query_selector(selector) {
                        let options = web_sys::ScrollIntoViewOptions::new();
                        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                        element.scroll_into_view_with_scroll_into_view_options(&options);
                    }
                }
            });
            move || drop(frame)
        });
    }

    let app = state.borrow();
    let view = SessionView {
        revision: app.revision,
        console: app.console.clone(),
    };
    let (can_undo, can_redo, commands, inspected, checks) = {
        let session = app.session();
        let checks = match &app.selection {
            Some(Selection::Token(id)) => session
                .world()
                .tokens
                .get(id)
                .map(|token| model::query::token_checks(session.world(), token))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let inspected = app.selection.as_ref().and_then(|selection| {
            let world = session.world();
            let value = selection_json(world, selection)?;
            // The console's printer: sorted keys and az's 2-space layout, exactly as `az … show` prints.
            let text = console::output::to_json(&value);
            Some((selection_title(world, selection), text))
        });
        (
            session.can_undo(),
            session.can_redo(),
            session.history().len(),
            inspected,
            checks,
        )
    };
    let on_intent = {
        let dispatch = dispatch.clone();
        Callback::from(move |intent: HistoryIntent| {
            dispatch.send(match intent {
                HistoryIntent::Undo => Action::Undo,
                HistoryIntent::Redo => Action::Redo,
                HistoryIntent::Reset => Action::Reset,
            })
        })
    };
    let on_run = {
        let dispatch = dispatch.clone();
        Callback::from(move |line: String| dispatch.send(Action::RunLine(line)))
    };
    let on_script = {
        let dispatch = dispatch.clone();
        Callback::from(move |script: String| dispatch.send(Action::RunScript(script)))
    };
    let on_filter = {
        let dispatch = dispatch.clone();
        Callback::from(move |filter| dispatch.send(Action::SetPrincipalFilter(filter)))
    };
    let appeared = Rc::new(app.appeared.clone());
    let (title, json) = match inspected {
        Some((title, json)) => (Some(AttrValue::from(title)), AttrValue::from(json)),
        None => (None, AttrValue::default()),
    };
    {
        // A new selection (or a change to it) clears "Copied".
        let copied = copied.clone();
        use_effect_with(json.clone(), move |_| copied.set(CopyState::Idle));
    }
    let on_close = components::select_on_click(&dispatch, None);
    let can_ask = commands > 0;
    let requests = app
        .requests
        .as_ref()
        .filter(|(revision, _)| *revision == app.revision)
        .map(|(_, text)| AttrValue::from(text.clone()));
    let on_requests = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.send(Action::ShowRequests))
    };
    let (started, problem, suggest) = {
        let shell = shell.borrow();
        (shell.started, shell.problem.clone(), shell.suggest.clone())
    };
    let on_share = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.send(Action::Share))
    };
    // Leaving a shared session: keep it as the sandbox, or go back to the learner's own lab.
    let on_shared = {
        let parts = parts.clone();
        Callback::from(move |keep: bool| {
            share::forget();
            let instance = parts.params.instance.as_deref();
            let lab = match keep {
                true => {
                    let saved = parts.state.borrow().saved_log();
                    let _ = storage::save(&storage::Key::new("sandbox", instance), &saved);
                    lessons::post(&lessons::message(
                        "act",
                        &[("act", "sandbox".into()), ("arg", "".into())],
                    ));
                    "sandbox".to_string()
                }
                false => storage::read(&storage::name("current", instance, "lab"))
                    .filter(|lab| lab_name(lab))
                    .unwrap_or_else(|| "sandbox".into()),
            };
            open_lab(&parts, lab, Vec::new(), false);
        })
    };
    let viewing_link = shell.borrow().lab == "shared";
    let on_lessons = Callback::from(move |_: MouseEvent| start_lessons(&parts, false));
    let rest = app.rest.as_ref().map(|rest| RestView {
        failed_at: rest.failed_at,
        total: rest.total,
        left: rest.lines.len(),
    });
    html! {
        <ContextProvider<Dispatch> context={(*dispatch).clone()}>
            <header class="top">
                <h1>{ "Managed Identity Playground" }</h1>
                { toolbar(Toolbar { can_undo, can_redo, commands, on_intent, confirming }) }
                { components::small_button("quiet", "Share", "Share: a link to this session".into(), on_share) }
                if !started {
                    { components::small_button("quiet", "Lessons", "Lessons".into(), on_lessons) }
                }
            </header>
            if viewing_link {
                <div class="kept" role="group" aria-label="Shared session">
                    <p>{ "You are looking at a shared session. Keep it as your sandbox (it replaces what is there), or go back to your own work." }</p>
                    { components::small_button("", "Keep it as my sandbox", "Keep it as my sandbox".into(), on_shared.reform(|_| true)) }
                    { components::small_button("secondary", "Back to my work", "Back to my work".into(), on_shared.reform(|_| false)) }
                </div>
            }

            if let Some(kept) = &app.kept {
                { kept_banner(&dispatch, kept) }
            }
            { changes_strip(&dispatch, &app.changes, app.notice.as_ref()) }
            <main class="layout">
                if let Some(problem) = problem {
                    <aside class="panel lessons"><p>{ problem }</p></aside>
                } else if started {
                    <aside id="lessons" class="panel lessons" aria-label="Lessons"></aside>
                }
                <Resources view={view.clone()} row_limit={app.row_limit} open_form={app.open_form.clone()}
                    selection={app.selection.clone()} fresh={Rc::new(app.fresh.clone())} />
                <Directory view={view.clone()} filter={app.filter.clone()} appeared={appeared.clone()}
                    removed={Rc::new(app.removed.clone())} selection={app.selection.clone()} row_limit={app.row_limit} {on_filter} />
                { inspector(Inspector { title, json, copied, checks, on_close, can_ask, requests, on_requests }) }
                <ConsoleView log={app.console_log.clone()} {on_run} {on_script} {rest} {suggest} prompt={app.vm.clone().map(AttrValue::from)} />
            </main>
            <div class="below">
                { activity_log(&app.session(), activity_drawn) }
                <Diagram view={view.clone()} appeared={appeared} />
            </div>
        </ContextProvider<Dispatch>>
    }
}
