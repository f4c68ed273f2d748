//! The tutor: a pure state machine from the page's messages to the worker's answers (draw the panel, save a run, open a lab, put a line in the console). No browser here, so every flow is tested natively.
//!
//! Messages are `model::Value`s with a type in `"t"`. In: `start`, `file` (a fetched file),
//! `session` (the lab's seed and lines after every change), `act` (a panel button), `export` (a
//! session to write as a script for real Azure), `shell` (a line inside a VM). Out: `fetch` (for the worker's wiring), `panel`,
//! `save`, `open`, `type`, `progress` (for a course page), `script` (its `text`, or `why` not), `shell` (what the line printed).

use console::Console;
use lessons::{
    lines_used, read_index, read_presets, Entry, Facts, Lang, Lesson, Preset, Reached, Run,
};
use model::{Session, Value};

use crate::tree::{el, El};
use crate::words::{step_of, words};

/// The lab the page shows: free play on an empty world, a lesson, or a preset's world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lab {
    Sandbox,
    Lesson(String),
    Scenario(String),
}

impl Lab {
    /// The page's name for it, also its storage key's middle part.
    pub fn name(&self) -> String {
        match self {
            Lab::Sandbox => "sandbox".into(),
            Lab::Lesson(id) => format!("lesson.{id}"),
            Lab::Scenario(id) => format!("scenario.{id}"),
        }
    }

    /// The lab of a name; `None` for anything else.
    pub fn from_name(name: &str) -> Option<Lab> {
        let id_ok = |id: &str| {
            !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        match name.split_once('.') {
            None if name == "sandbox" => Some(Lab::Sandbox),
            Some(("lesson", id)) if id_ok(id) => Some(Lab::Lesson(id.into())),
            Some(("scenario", id)) if id_ok(id) => Some(Lab::Scenario(id.into())),
            _ => None,
        }
    }
}

/// Where the lesson files are, relative to the page.
pub const INDEX_URL: &str = "lessons/index.json";
pub const PRESETS_URL: &str = "presets.json";

/// A lesson file read, and how many log entries its setup makes.
struct Loaded {
    lesson: Lesson,
    setup_len: usize,
}

pub struct Tutor {
    lang: Lang,
    index: Vec<Entry>,
    presets: Vec<Preset>,
    /// Every lesson's saved run, by lesson id.
    runs: Vec<(String, Run)>,
    lab: Lab,
    /// Lessons read so far, by id.
    loaded: Vec<(String, Loaded)>,
    /// A lesson whose file is on its way: opened when it arrives.
    opening: Option<String>,
    /// The current lab's session, replayed from the page's lines.
    session: Option<Session>,
    /// The list of lessons is shown (else the current lab's view).
    home: bool,
    /// A first visit: the welcome is shown.
    welcome: bool,
    /// What the learner has ticked in a predict-first step, not yet locked in.
    ticked: Vec<String>,
    /// The learner's answers in the advisor.
    advice: Vec<usize>,
    /// What could not be loaded, shown in the panel.
    problem: Option<String>,
    /// A message for the learner at the top of the panel, until their next act.
    notice: Option<String>,
    /// The page's `step=N`: the step the asked-for lesson starts at, if the learner has no place
    /// in it yet.
    start_step: Option<usize>,
    /// The page's `scenario=ID`: opened when the presets arrive.
    start_preset: Option<String>,
    /// The shell inside a VM (the page's lines after `ssh`).
    shell: crate::shell::Shell,
}

pub(crate) fn message(kind: &str, mut fields: Vec<(&str, Value)>) -> Value {
    fields.insert(0, ("t", Value::str(kind)));
    Value::object(fields)
}

pub(crate) fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A session from the page's lines: as far as they replay (the page replayed the same lines, so
/// they all do).
pub(crate) fn replay(seed: u64, lines: &[String]) -> Session {
    let commands = lines
        .iter()
        .map_while(|line| console::parse(line).ok())
        .collect::<Vec<_>>();
    let count = commands.len();
    Session::replay_until_refused(seed, commands, count, false).0
}

impl Default for Tutor {
    fn default() -> Tutor {
        Tutor::new()
    }
}

impl Tutor {
    pub fn new() -> Tutor {
        Tutor {
            lang: Lang::En,
            index: Vec::new(),
            presets: Vec::new(),
            runs: Vec::new(),
            lab: Lab::Sandbox,
            loaded: Vec::new(),
            opening: None,
            session: None,
            home: false,
            welcome: false,
            ticked: Vec::new(),
            advice: Vec::new(),
            problem: None,
            notice: None,
            start_step: None,
            start_preset: None,
            shell: Default::default(),
        }
    }

    /// Handles one message from the page (or a fetched file) and returns what to do.
    pub fn handle(&mut self, message: &Value) -> Vec<Value> {
        let mut out = Vec::new();
        let text = |name: &str| message.get(name).and_then(Value::as_str).unwrap_or("");
        match text("t") {
            "start" => self.start(message, &mut out),
            "file" => {
                let body = message.get("text").and_then(Value::as_str);
                self.file(text("url"), body, &mut out)
            }
            "session" => {
                if Lab::from_name(text("lab")).as_ref() != Some(&self.lab) {
                    return out;
                }
                let seed = message
                    .get("seed")
                    .and_then(Value::as_i64)
                    .filter(|seed| *seed >= 0)
                    .unwrap_or_default() as u64;
                self.session = Some(replay(seed, &strings(message.get("lines"))));
                self.advance(&mut out);
            }
            "act" => self.act(text("act"), text("arg"), &mut out),
            // Not about lessons: a line inside a VM runs here, where the VM's shell is.
            "shell" => {
                out.push(self.shell.answer(message));
                return out;
            }
            // Not about lessons: the page's "Script for real Azure" asks the worker, which has the
            // console and the model, so none of it is in the page's download.
            "export" => {
                let seed = message.get("seed").and_then(Value::as_i64).unwrap_or(-1);
                let script = u64::try_from(seed)
                    .map_err(|_| "the session has no seed".to_string())
                    .and_then(|seed| {
                        console::export::real_azure(seed, &strings(message.get("lines")))
                    });
                out.push(match script {
                    Ok(text) => self::message("script", vec![("text", Value::str(text.as_str()))]),
                    Err(why) => self::message("script", vec![("why", Value::str(why.as_str()))]),
                });
                return out;
            }
            _ => return out,
        }
        out.push(message_panel(self.panel()));
        out
    }

    fn start(&mut self, message: &Value, out: &mut Vec<Value>) {
        let query = message.get("lang").and_then(Value::as_str);
        self.lang = Lang::choose(query, &strings(message.get("languages")));
        if let Some(Value::Object(runs)) = message.get("runs") {
            self.runs = runs
                .iter()
                .filter_map(|(id, text)| Some((id.clone(), Run::decode(text.as_str()?)?)))
                .collect();
            // A damaged place is dropped (its lesson starts again) and the learner told so.
            let unreadable = runs.len() - self.runs.len();
            if unreadable > 0 {
                let text = words(self.lang)
                    .runs_unreadable
                    .replace("{n}", &unreadable.to_string());
                self.notice = Some(text);
            }
        }
        let lab = message.get("lab").and_then(Value::as_str).unwrap_or("");
        self.welcome = message.get("fresh").and_then(Value::as_bool) == Some(true);
        match Lab::from_name(lab) {
            Some(lab) => self.lab = lab,
            // A lab the page should not have had: back to free play.
            None => self.open(Lab::Sandbox, Vec::new(), false, out),
        }
        self.home = self.lab == Lab::Sandbox;
        // What the page's address asks for (its ids already checked by the page).
        let asked = |name: &str| {
            message
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if let Some(id) = asked("lesson") {
            self.lab = Lab::Lesson(id);
            self.start_step = message
                .get("step")
                .and_then(Value::as_i64)
                .map(|n| n.max(1) as usize);
            (self.home, self.welcome) = (false, false);
        } else if let Some(id) = asked("scenario") {
            self.start_preset = Some(id);
            (self.home, self.welcome) = (false, false);
        }
        out.push(message_fetch(INDEX_URL));
        out.push(message_fetch(PRESETS_URL));
    }

    fn file(&mut self, url: &str, text: Option<&str>, out: &mut Vec<Value>) {
        let Some(text) = text else {
            self.problem = Some(format!("{} ({url})", words(self.lang).cannot_load));
            return;
        };
        if url == INDEX_URL {
            match read_index(text) {
                Ok(index) => self.index = index,
                Err(error) => self.problem = Some(error.to_string()),
            }
            if let Lab::Lesson(id) = self.lab.clone() {
                self.open_lesson(&id, false, out);
            }
        } else if url == PRESETS_URL {
            // A bad presets file leaves free play with the empty sandbox only.
            self.presets = read_presets(text).unwrap_or_default();
            if let Some(id) = self.start_preset.take() {
                match self.presets.iter().find(|p| p.id == id) {
                    Some(preset) => {
                        let lines = preset.lines.clone();
                        self.open(Lab::Scenario(id), lines, false, out);
                    }
                    None => self.problem = Some(format!("There is no free-play preset '{id}'.")),
                }
            }
        } else if let Some(entry) = self.index.iter().find(|e| lesson_url(&e.file) == url) {
            let id = entry.id.clone();
            match Lesson::read(&entry.file, text) {
                Ok(lesson) if lesson.id == id => {
                    let setup_len = log_len(&lesson.setup);
                    self.loaded.push((id.clone(), Loaded { lesson, setup_len }));
                    if self.opening.as_deref() == Some(id.as_str()) {
                        self.opening = None;
                        self.open_lesson(&id, false, out);
                    }
                }
                Ok(lesson) => {
                    self.problem = Some(format!(
                        "{}: the file's id is '{}', the index says '{id}'",
                        entry.file, lesson.id
                    ))
                }
                Err(error) => self.problem = Some(error.to_string()),
            }
        }
    }

    fn loaded(&self, id: &str) -> Option<&Loaded> {
        self.loaded.iter().find(|(i, _)| i == id).map(|(_, l)| l)
    }

    fn run(&self, id: &str) -> Option<&Run> {
        self.runs.iter().find(|(i, _)| i == id).map(|(_, r)| r)
    }

    fn set_run(&mut self, id: &str, run: Run, out: &mut Vec<Value>) {
        out.push(message(
            "save",
            vec![
                ("lab", Value::str(Lab::Lesson(id.into()).name())),
                ("text", Value::str(run.encode())),
            ],
        ));
        match self.runs.iter_mut().find(|(i, _)| i == id) {
            Some((_, kept)) => *kept = run,
            None => self.runs.push((id.into(), run)),
        }
    }

    /// Opens a lesson: at once when its file is here (a `fresh` start reruns its setup), else
    /// when the file arrives.
    fn open_lesson(&mut self, id: &str, fresh: bool, out: &mut Vec<Value>) {
        let Some(entry) = self.index.iter().find(|e| e.id == id) else {
            if self.index.is_empty() {
                // Before the index arrived: it opens the lesson when it does.
                (self.lab, self.home, self.welcome) = (Lab::Lesson(id.into()), false, false);
            } else {
                self.problem = Some(format!("There is no lesson '{id}'."));
                self.open(Lab::Sandbox, Vec::new(), false, out);
            }
            return;
        };
        let Some(loaded) = self.loaded(id) else {
            if self.opening.as_deref() != Some(id) {
                self.opening = Some(id.into());
                out.push(message_fetch(&lesson_url(&entry.file)));
            }
            self.lab = Lab::Lesson(id.into());
            self.home = false;
            return;
        };
        let (mut setup, setup_len) = (loaded.lesson.setup.clone(), loaded.setup_len);
        let steps = loaded.lesson.steps.clone();
        let placed = self.run(id).is_some();
        let start_step = self.start_step.take().filter(|_| !fresh && !placed);
        match start_step {
            // Asked to start at step N: the steps before it are done for the learner, by their
            // reference solutions after the setup.
            Some(step) if step > 1 => {
                let step = step.min(steps.len()) - 1;
                setup.extend(
                    steps[..step]
                        .iter()
                        .flat_map(|s| s.solution.iter().cloned()),
                );
                let mut run = Run::start(log_len(&setup));
                run.step = step;
                self.set_run(id, run, out);
            }
            _ if fresh || !placed => self.set_run(id, Run::start(setup_len), out),
            _ => {}
        }
        out.push(progress(id, loaded_title(self, id), 0, false));
        self.open(Lab::Lesson(id.into()), setup, fresh, out);
    }

    /// Tells the page to show a lab, starting it with `setup` when it has no saved session (or
    /// always, when `fresh`).
    fn open(&mut self, lab: Lab, setup: Vec<String>, fresh: bool, out: &mut Vec<Value>) {
        if lab != self.lab || fresh {
            self.session = None;
        }
        self.lab = lab;
        self.home = false;
        self.welcome = false;
        self.ticked.clear();
        self.advice.clear();
        out.push(message(
            "open",
            vec![
                ("lab", Value::str(self.lab.name())),
                (
                    "setup",
                    Value::Array(setup.into_iter().map(Value::str).collect()),
                ),
                ("fresh", Value::Bool(fresh)),
            ],
        ));
    }

    /// The current lesson with its run and the facts of its session, when all are here.
    fn current(&self) -> Option<(&str, &Loaded, &Run, &Session)> {
        let Lab::Lesson(id) = &self.lab else {
            return None;
        };
        Some((id, self.loaded(id)?, self.run(id)?, self.session.as_ref()?))
    }

    /// Moves the run past every step whose goals hold now.
    fn advance(&mut self, out: &mut Vec<Value>) {
        let Some((id, loaded, run, session)) = self.current() else {
            return;
        };
        let mut run = run.clone();
        let facts = Facts {
            world: session.world(),
            entries: run.since(session.log()),
        };
        let before = run.step;
        if run.advance(&loaded.lesson, facts) {
            // Each step done, for a course page that listens (1-based, as the panel counts).
            let title = loaded.lesson.title.english();
            for step in before + 1..=run.step {
                out.push(progress(id, title, step, run.done && step == run.step));
            }
            let id = id.to_string();
            self.ticked.clear();
            self.advice.clear();
            self.set_run(&id, run, out);
        }
    }

    fn act(&mut self, act: &str, arg: &str, out: &mut Vec<Value>) {
        self.notice = None;
        match act {
            // From the page: what went wrong with something the learner did there (an import).
            "notice" => self.notice = Some(arg.chars().take(400).collect()),
            "first" => {
                if let Some(id) = self.index.first().map(|e| e.id.clone()) {
                    self.open_lesson(&id, false, out);
                }
            }
            // `ID`, or `ID@N` to start at step N (a course page's `load-lesson`).
            "open" => {
                let (id, step) = arg.split_once('@').unwrap_or((arg, ""));
                self.start_step = step.parse().ok().filter(|step| *step > 0);
                self.open_lesson(id, false, out)
            }
            "sandbox" => self.open(Lab::Sandbox, Vec::new(), false, out),
            "preset" => {
                if let Some(preset) = self.presets.iter().find(|p| p.id == arg) {
                    let lines = preset.lines.clone();
                    self.open(Lab::Scenario(arg.into()), lines, false, out);
                }
            }
            "home" => self.home = true,
            "back" => self.home = false,
            "restart" => {
                if let Lab::Lesson(id) = self.lab.clone() {
                    self.open_lesson(&id, true, out);
                }
            }
            "next" => {
                if let Lab::Lesson(id) = &self.lab {
                    let at = self.index.iter().position(|e| &e.id == id);
                    if let Some(next) = at.and_then(|at| self.index.get(at + 1)) {
                        let next = next.id.clone();
                        self.open_lesson(&next, false, out);
                    }
                }
            }
            _ => self.lesson_act(act, arg, out),
        }
    }

    /// A button of the running lesson.
    fn lesson_act(&mut self, act: &str, arg: &str, out: &mut Vec<Value>) {
        let Some((id, loaded, run, session)) = self.current() else {
            return;
        };
        let (id, mut run, log_len) = (id.to_string(), run.clone(), session.log().len());
        let lesson = &loaded.lesson;
        let changed = match act {
            "hint" => run.next_hint(lesson).is_some(),
            "solution" => match run.next_solution_line(lesson) {
                Some(line) => {
                    out.push(message("type", vec![("line", Value::str(line))]));
                    true
                }
                None => false,
            },
            "predict" => run.predict(lesson, &self.ticked, log_len),
            "tick" => {
                match self.ticked.iter().position(|key| key == arg) {
                    Some(at) => drop(self.ticked.remove(at)),
                    None => self.ticked.push(arg.into()),
                }
                false
            }
            "answer" => {
                if let Ok(answer) = arg.parse::<usize>() {
                    self.advice.push(answer);
                }
                false
            }
            "again" => {
                self.advice.clear();
                false
            }
            _ => false,
        };
        if changed {
            self.set_run(&id, run, out);
        }
    }

    /// The panel for the current state.
    pub fn panel(&self) -> El {
        let w = words(self.lang);
        let panel = el("div").class("tutor").attr("lang", self.lang.code());
        if let Some(problem) = &self.problem {
            let note = el("p")
                .class("tutor-problem")
                .attr("role", "status")
                .text(problem.as_str());
            return self.view(panel.child(note));
        }
        if self.index.is_empty() {
            return panel.child(el("p").text(w.loading));
        }
        self.view(panel)
    }

    fn view(&self, mut panel: El) -> El {
        if let Some(notice) = &self.notice {
            panel = panel.child(
                el("p")
                    .class("tutor-problem")
                    .attr("role", "alert")
                    .text(notice.as_str()),
            );
        }
        if self.home || self.welcome {
            return panel.child(self.home_view());
        }
        match &self.lab {
            Lab::Lesson(_) => panel.child(self.lesson_view()),
            lab => panel.child(self.bar(lab)),
        }
    }

    fn text<'t>(&self, text: &'t lessons::Text) -> &'t str {
        text.get(self.lang)
    }

    /// The welcome (on a first visit), every lesson with its progress, and free play.
    fn home_view(&self) -> El {
        let w = words(self.lang);
        let mut home = el("section")
            .class("tutor-home")
            .attr("aria-label", w.lessons);
        if self.welcome {
            home = home.child(
                el("div")
                    .class("welcome")
                    .child(el("h2").text(w.welcome_title))
                    .child(el("p").text(w.welcome))
                    .child(
                        el("button")
                            .class("primary")
                            .act("first", "")
                            .text(w.start_first),
                    )
                    .child(el("button").act("sandbox", "").text(w.free_play)),
            );
        }
        if let Lab::Lesson(id) = &self.lab {
            if !self.welcome && self.index.iter().any(|e| &e.id == id) {
                home = home.child(el("button").act("back", "").text(w.back_to_lesson));
            }
        }
        let list = self.index.iter().map(|entry| {
            let status = match self.run(&entry.id) {
                None => w.not_started.to_string(),
                Some(run) if run.done => w.done.to_string(),
                Some(run) => step_of(self.lang, run.step + 1, entry.steps),
            };
            el("li")
                .child(
                    el("button")
                        .class("link")
                        .act("open", entry.id.as_str())
                        .text(self.text(&entry.title)),
                )
                .child(el("span").class("status").text(status))
                .child(el("p").class("summary").text(self.text(&entry.summary)))
        });
        home = home
            .child(el("h2").text(w.lessons))
            .child(el("ol").class("lesson-list").children(list));
        let presets = self.presets.iter().map(|preset| {
            el("li")
                .child(
                    el("button")
                        .class("link")
                        .act("preset", preset.id.as_str())
                        .text(self.text(&preset.title)),
                )
                .child(el("p").class("summary").text(self.text(&preset.summary)))
        });
        let sandbox = el("li").child(
            el("button")
                .class("link")
                .act("sandbox", "")
                .text(w.empty_sandbox),
        );
        home.child(el("h2").text(w.free_play))
            .child(
                el("ul")
                    .class("preset-list")
                    .child(sandbox)
                    .children(presets),
            )
            .child(
                el("p")
                    .class("progress-file")
                    .text(w.progress)
                    .child(el("button").act("export", "").text(w.export))
                    .child(el("button").act("import", "").text(w.import)),
            )
    }

    /// Free play: one line naming the lab, and the way to the lessons.
    fn bar(&self, lab: &Lab) -> El {
        let w = words(self.lang);
        let name = match lab {
            Lab::Scenario(id) => self
                .presets
                .iter()
                .find(|p| &p.id == id)
                .map_or(id.as_str(), |p| self.text(&p.title)),
            _ => w.empty_sandbox,
        };
        el("div")
            .class("tutor-bar")
            .child(el("strong").text(w.free_play))
            .child(el("span").text(name))
            .child(el("button").act("home", "").text(w.lessons))
    }

    fn lesson_view(&self) -> El {
        let w = words(self.lang);
        let Some((id, loaded, run, session)) = self.current() else {
            return el("p").text(w.loading);
        };
        let lesson = &loaded.lesson;
        let total = lesson.steps.len();
        let facts = Facts {
            world: session.world(),
            entries: run.since(session.log()),
        };
        let title = self.text(&lesson.title);
        let mut view = el("section").class("lesson").attr("aria-label", title);
        let progress = match run.done {
            true => w.complete.to_string(),
            false => step_of(self.lang, run.step + 1, total),
        };
        view = view.child(
            el("div")
                .class("lesson-head")
                .child(el("h2").text(title))
                .child(
                    el("span")
                        .class("status")
                        .attr("role", "status")
                        .text(progress),
                )
                .child(el("button").act("restart", "").text(w.restart))
                .child(el("button").act("home", "").text(w.leave)),
        );
        view = view.children(self.judgement(lesson, run, facts));
        let Some(step) = run.current(lesson) else {
            let lines = lines_used(facts.entries, console::to_cli).join("\n");
            let next = self
                .index
                .iter()
                .position(|e| e.id == id)
                .and_then(|at| self.index.get(at + 1));
            let mut end = el("div")
                .class("lesson-end")
                .child(el("h3").text(w.learnt))
                .child(paragraphs(self.text(&lesson.learnt)))
                .child(el("h3").text(w.lines_used))
                .child(el("pre").child(el("code").text(lines)));
            if next.is_some() {
                end = end.child(
                    el("button")
                        .class("primary")
                        .act("next", "")
                        .text(w.next_lesson),
                );
            }
            return view.child(end.child(el("button").act("home", "").text(w.all_lessons)));
        };
        view = view.child(paragraphs(self.text(&step.text)).class("step-text"));
        if let (Some(advice), Some(advisor)) = (&step.advice, &lesson.advisor) {
            view = view.child(self.advisor(advice, advisor));
        }
        if let Some(predict) = &step.predict {
            let locked = run.prediction.as_ref().is_some_and(|p| p.step == run.step);
            view = view.child(match locked {
                true => el("p").class("predicted").text(w.predicted),
                false => self.choices(predict, run, lesson, session),
            });
        }
        let goals = run
            .goals(lesson, facts, self.lang)
            .into_iter()
            .map(|(label, held)| {
                el("li")
                    .class(if held { "goal held" } else { "goal" })
                    .child(
                        el("span")
                            .class("mark")
                            .attr("aria-hidden", "true")
                            .text(if held { "✓" } else { "○" }),
                    )
                    .text(label)
                    .child(el("span").class("sr-only").text(if held {
                        w.goal_done
                    } else {
                        w.goal_open
                    }))
            });
        view = view
            .child(el("h3").text(w.goals))
            .child(el("ul").class("checklist").children(goals));
        let hints = run
            .hints_shown(lesson)
            .iter()
            .map(|hint| el("li").rich(self.text(hint)));
        let more_hints = run.hints < step.hints.len();
        view.child(el("ol").class("hints").children(hints)).child(
            el("div")
                .class("lesson-help")
                .child(
                    el("button")
                        .act("hint", "")
                        .flag("disabled", !more_hints)
                        .text(if more_hints {
                            w.show_hint
                        } else {
                            w.no_more_hints
                        }),
                )
                .child(
                    el("button")
                        .act("solution", "")
                        .flag("disabled", run.solution >= step.solution.len())
                        .text(w.show_solution),
                ),
        )
    }

    /// What the learner may tick before acting, and the button that locks it in.
    fn choices(
        &self,
        predict: &lessons::Predict,
        run: &Run,
        lesson: &Lesson,
        session: &Session,
    ) -> El {
        let w = words(self.lang);
        let candidates = run.candidates(lesson, session.world()).unwrap_or_default();
        let mut fieldset = el("fieldset")
            .class("predict")
            .child(el("legend").text(self.text(&predict.question)));
        if candidates.is_empty() {
            fieldset = fieldset.child(el("p").text(w.nothing_to_choose));
        }
        for candidate in &candidates {
            let key = candidate.key();
            let checked = self.ticked.contains(&key);
            fieldset = fieldset.child(
                el("label")
                    .child(
                        el("input")
                            .attr("type", "checkbox")
                            .act("tick", key.as_str())
                            .flag("checked", checked),
                    )
                    .text(candidate.label()),
            );
        }
        fieldset.child(
            el("button")
                .class("primary")
                .act("predict", "")
                .text(w.predict_button),
        )
    }

    /// The judgement of the latest prediction, once what it was about has happened.
    fn judgement(&self, lesson: &Lesson, run: &Run, facts: Facts<'_>) -> Option<El> {
        let w = words(self.lang);
        let prediction = run.prediction.as_ref()?;
        let verdicts = run.judgement(lesson, facts)?;
        let finished = prediction.until.is_some() && prediction.step + 1 == run.step;
        let ongoing = prediction.step == run.step && verdicts.iter().any(|v| v.happened);
        if !(finished || ongoing) {
            return None;
        }
        let items = verdicts.iter().map(|verdict| {
            let how = match (verdict.chosen, verdict.happened) {
                (true, true) => w.expected_happened,
                (true, false) => w.expected_not,
                _ => w.unexpected,
            };
            let mut item = el("li")
                .class(if verdict.right() {
                    "verdict right"
                } else {
                    "verdict wrong"
                })
                .child(el("strong").text(if verdict.right() { w.right } else { w.wrong }))
                .text(format!(": {} — {how}.", verdict.candidate.label()));
            if !verdict.why.is_empty() {
                item = item.child(el("span").class("why").text(format!(" {}", verdict.why)));
            }
            item
        });
        Some(
            el("div")
                .class("judgement")
                .child(el("h3").text(w.your_prediction))
                .child(el("ul").children(items)),
        )
    }

    fn advisor(&self, advice: &lessons::Advice, advisor: &lessons::Advisor) -> El {
        let w = words(self.lang);
        let mut block = el("div")
            .class("advisor")
            .child(el("h3").text(w.advisor))
            .child(el("p").rich(self.text(&advice.scenario)));
        match advisor.follow(&self.advice) {
            Some(Reached::Question(question)) => {
                let answers = question.answers.iter().enumerate().map(|(index, answer)| {
                    el("li").child(
                        el("button")
                            .act("answer", index.to_string())
                            .text(self.text(&answer.text)),
                    )
                });
                block = block
                    .child(el("p").class("question").text(self.text(&question.text)))
                    .child(el("ul").class("answers").children(answers));
            }
            Some(Reached::Recommendation(recommendation)) => {
                let fits = recommendation.account == advice.expect;
                block =
                    block
                        .child(el("h4").text(self.text(&recommendation.title)))
                        .child(el("p").rich(self.text(&recommendation.reason)))
                        .child(el("p").class(if fits { "fits" } else { "misfits" }).text(
                            if fits {
                                w.advice_fits
                            } else {
                                w.advice_misfits
                            },
                        ));
                if !fits {
                    block = block.child(el("button").act("again", "").text(w.advice_again));
                }
            }
            None => block = block.child(el("button").act("again", "").text(w.advice_again)),
        }
        block
    }
}

/// The page's `progress` answer: a lesson opened (`step` 0) or its step done.
fn progress(lesson: &str, title: &str, step: usize, done: bool) -> Value {
    message(
        "progress",
        vec![
            ("lesson", Value::str(lesson)),
            ("title", Value::str(title)),
            (
                "step",
                Value::Number(model::value::Number::from(step as u64)),
            ),
            ("done", Value::Bool(done)),
        ],
    )
}

fn loaded_title<'t>(tutor: &'t Tutor, id: &str) -> &'t str {
    tutor
        .loaded(id)
        .map_or("", |loaded| loaded.lesson.title.english())
}

/// How many log entries `lines` make on a fresh world (the same on every seed).
fn log_len(lines: &[String]) -> usize {
    let mut scratch = Console::new(0);
    for line in lines {
        scratch.run_line(line);
    }
    scratch.session().log().len()
}

/// A lesson file's URL, relative to the page.
pub fn lesson_url(file: &str) -> String {
    format!("lessons/{file}")
}

fn message_fetch(url: &str) -> Value {
    message("fetch", vec![("url", Value::str(url))])
}

fn message_panel(panel: El) -> Value {
    message("panel", vec![("tree", panel.done())])
}

/// A text's paragraphs (separated by blank lines), each with its `code`.
fn paragraphs(text: &str) -> El {
    el("div").children(
        text.split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(|p| el("p").rich(p.trim())),
    )
}
