//! The tutor driven as the page drives it: a fake page that fetches the real lesson files, keeps a console per lab, runs setups, forwards every change, and clicks the panel's buttons.

use console::Console;
use model::Value;
use tutor::tree::{find, text_of};
use tutor::Tutor;

const SEED: u64 = 2026;

/// The page, natively: its labs' consoles, what it saved, and what the worker put in its console.
struct Page {
    tutor: Tutor,
    lab: String,
    labs: Vec<(String, Console)>,
    saved: Vec<(String, String)>,
    typed: Vec<String>,
    panel: Value,
    /// The progress told to a course page: (lesson, step, done).
    progress: Vec<(String, i64, bool)>,
}

/// The tutor's answer of type `kind` among `answers`, if it gave one.
fn answer_of<'a>(answers: &'a [Value], kind: &str) -> Option<&'a Value> {
    answers
        .iter()
        .find(|a| a.get("t").and_then(Value::as_str) == Some(kind))
}

fn static_file(url: &str) -> Option<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/");
    std::fs::read_to_string(format!("{root}{url}")).ok()
}

impl Page {
    fn start(lab: &str, runs: Vec<(&str, Value)>, fresh: bool, lang: Option<&str>) -> Page {
        let mut page = Page {
            tutor: Tutor::new(),
            lab: lab.into(),
            labs: Vec::new(),
            saved: Vec::new(),
            typed: Vec::new(),
            panel: Value::Null,
            progress: Vec::new(),
        };
        page.send(Value::object(vec![
            ("t", Value::str("start")),
            ("lang", lang.map_or(Value::Null, Value::str)),
            ("languages", Value::Array(vec![Value::str("en-GB")])),
            ("lab", Value::str(lab)),
            ("runs", Value::object(runs)),
            ("fresh", Value::Bool(fresh)),
        ]));
        page.session();
        page
    }

    fn console(&mut self) -> &mut Console {
        if !self.labs.iter().any(|(name, _)| *name == self.lab) {
            self.labs.push((self.lab.clone(), Console::new(SEED)));
        }
        let lab = self.lab.clone();
        &mut self
            .labs
            .iter_mut()
            .find(|(name, _)| *name == lab)
            .unwrap()
            .1
    }

    fn send(&mut self, message: Value) {
        let mut queue = vec![message];
        while let Some(message) = queue.pop() {
            for answer in self.tutor.handle(&message) {
                let field = |name: &str| {
                    answer
                        .get(name)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                match field("t").as_str() {
                    "fetch" => {
                        let url = field("url");
                        let text = static_file(&url);
                        queue.push(Value::object(vec![
                            ("t", Value::str("file")),
                            ("url", Value::str(url.as_str())),
                            ("text", text.map_or(Value::Null, Value::str)),
                        ]));
                    }
                    "panel" => self.panel = answer.get("tree").cloned().unwrap(),
                    "save" => self.saved.push((field("lab"), field("text"))),
                    "type" => self.typed.push(field("line")),
                    "progress" => self.progress.push((
                        field("lesson"),
                        answer.get("step").and_then(Value::as_i64).unwrap(),
                        answer.get("done").and_then(Value::as_bool).unwrap(),
                    )),
                    "open" => {
                        self.lab = field("lab");
                        if answer.get("fresh").and_then(Value::as_bool) == Some(true) {
                            let lab = self.lab.clone();
                            self.labs.retain(|(name, _)| *name != lab);
                        }
                        let setup: Vec<String> = answer
                            .get("setup")
                            .unwrap()
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|line| line.as_str().unwrap().to_string())
                            .collect();
                        let console = self.console();
                        if console.session().log().is_empty() {
                            for line in &setup {
                                let output = console.run_line(line);
                                assert!(output.stderr.is_empty(), "{line}: {}", output.stderr);
                            }
                        }
                        // The page tells the worker about the lab it now shows.
                        let message = self.session_message();
                        queue.insert(0, message);
                    }
                    other => panic!("unexpected answer {other}"),
                }
            }
        }
    }

    fn session_message(&mut self) -> Value {
        let lab = self.lab.clone();
        let console = self.console();
        let lines: Vec<Value> = console
            .session()
            .commands()
            .map(|c| Value::str(console::to_cli(c)))
            .collect();
        Value::object(vec![
            ("t", Value::str("session")),
            ("lab", Value::str(lab)),
            ("seed", Value::Number(model::value::Number::from(SEED))),
            ("lines", Value::Array(lines)),
        ])
    }

    fn session(&mut self) {
        let message = self.session_message();
        self.send(message);
    }

    fn run(&mut self, line: &str) {
        let output = self.console().run_line(line);
        assert!(output.stderr.is_empty(), "{line}: {}", output.stderr);
        self.session();
    }

    fn click(&mut self, act: &str, arg: &str) {
        assert!(
            find(&self.panel, "data-act", act).iter().any(|button| {
                button.as_array().unwrap()[1]
                    .get("data-arg")
                    .and_then(Value::as_str)
                    == Some(arg)
            }),
            "no button {act}({arg}) in the panel: {}",
            self.text()
        );
        self.send(Value::object(vec![
            ("t", Value::str("act")),
            ("act", Value::str(act)),
            ("arg", Value::str(arg)),
        ]));
    }

    fn text(&self) -> String {
        text_of(&self.panel)
    }

    /// The checklist: each goal's label and whether it is ticked.
    fn goals(&self) -> Vec<(String, bool)> {
        let mut goals: Vec<(String, bool)> = find(&self.panel, "class", "goal")
            .into_iter()
            .map(|li| (text_of(li), false))
            .collect();
        goals.extend(
            find(&self.panel, "class", "goal held")
                .into_iter()
                .map(|li| (text_of(li), true)),
        );
        goals
    }
}

#[test]
fn a_first_visit_welcomes_and_the_first_lesson_is_solved_by_typing_its_solution() {
    let mut page = Page::start("sandbox", vec![], true, None);
    assert!(page.text().contains("Welcome"), "{}", page.text());
    assert!(page.text().contains("not started"));
    page.click("first", "");
    assert_eq!(page.lab, "lesson.service-principal");
    assert!(page.text().contains("step 1 of 3"), "{}", page.text());
    let goals = page.goals();
    assert!(
        !goals.is_empty() && goals.iter().any(|(_, held)| !held),
        "{goals:?}"
    );
    // Each solution line, as "Show solution" hands it out, then run as the learner would.
    let lesson = lessons::Lesson::read(
        "01",
        &static_file("lessons/01-service-principal.json").unwrap(),
    )
    .unwrap();
    for (index, step) in lesson.steps.iter().enumerate() {
        assert!(
            page.text().contains(&format!("step {} of 3", index + 1)),
            "{}",
            page.text()
        );
        for _ in &step.solution {
            page.click("solution", "");
            let line = page.typed.last().unwrap().clone();
            page.run(&line);
        }
    }
    assert!(page.text().contains("Lesson complete"), "{}", page.text());
    assert!(page.text().contains("The az lines you used"));
    let lesson = "service-principal".to_string();
    assert_eq!(
        page.progress,
        vec![
            (lesson.clone(), 0, false),
            (lesson.clone(), 1, false),
            (lesson.clone(), 2, false),
            (lesson, 3, true)
        ]
    );
    assert!(page.text().contains("az ad app create"), "{}", page.text());
    let (lab, run) = page.saved.last().unwrap();
    assert_eq!(lab, "lesson.service-principal");
    assert!(lessons::Run::decode(run).unwrap().done);
    page.click("home", "");
    assert!(page.text().contains("done"));
}

#[test]
fn a_goal_is_ticked_the_moment_it_holds_and_a_reload_continues_where_it_was() {
    // Not a first visit: the learner asked for the lessons, and the list is what opens.
    let mut page = Page::start("sandbox", vec![], false, None);
    page.click("open", "system-assigned");
    assert!(page.text().contains("step 1 of"), "{}", page.text());
    let mut held = page.goals().iter().filter(|(_, held)| *held).count();
    assert_eq!(held, 0);
    while !page.text().contains("step 2 of") {
        page.click("solution", "");
        let line = page.typed.last().unwrap().clone();
        page.run(&line);
        let now = page.goals().iter().filter(|(_, held)| *held).count();
        // Ticks only ever come with a command, and none is taken back by these lines.
        assert!(
            now >= held || page.text().contains("step 2 of"),
            "{}",
            page.text()
        );
        held = now;
    }
    // A reload: a new worker, given what the page stored.
    let (_, run) = page.saved.last().unwrap().clone();
    let lines = page
        .console()
        .session()
        .commands()
        .map(console::to_cli)
        .collect::<Vec<_>>();
    let mut again = Page::start(
        "lesson.system-assigned",
        vec![("system-assigned", Value::str(run.as_str()))],
        false,
        None,
    );
    for line in &lines {
        again.console().run_line(line);
    }
    again.session();
    assert!(again.text().contains("step 2 of"), "{}", again.text());
    assert_eq!(again.goals(), page.goals());
    assert!(!again.text().contains("Welcome"));
}

#[test]
fn a_wrong_prediction_is_judged_wrong_and_after_a_restart_a_right_one_right() {
    let mut page = Page::start("lesson.group-delete", vec![], false, None);
    assert!(
        page.text()
            .contains("Which service principals will disappear"),
        "{}",
        page.text()
    );
    let boxes = find(&page.panel, "type", "checkbox");
    let keys: Vec<String> = boxes
        .iter()
        .map(|b| {
            b.as_array().unwrap()[1]
                .get("data-arg")
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(keys.len() >= 4, "{keys:?}");
    // Wrong: only keep-id's principal.
    let keep = keys.iter().find(|k| k.contains("keep-id")).unwrap().clone();
    page.click("tick", &keep);
    assert_eq!(find(&page.panel, "checked", "").len(), 1);
    page.click("predict", "");
    assert!(page.text().contains("locked in"));
    page.run("az group delete -n lab --yes");
    let text = page.text();
    assert!(text.contains("Your prediction"), "{text}");
    assert!(text.contains("wrong"), "{text}");
    // Restart: the setup runs again on a fresh world; this time the right three.
    page.click("restart", "");
    assert!(page.text().contains("step 1 of"), "{}", page.text());
    assert!(!page.text().contains("Your prediction"));
    for key in &keys {
        if ["vm1", "web1", "shared-id"]
            .iter()
            .any(|name| key.ends_with(&format!("/{name}")))
        {
            page.click("tick", key);
        }
    }
    page.click("predict", "");
    page.run("az group delete -n lab --yes");
    let text = page.text();
    assert!(
        text.contains("Your prediction") && !text.contains("wrong"),
        "{text}"
    );
}

#[test]
fn german_is_chosen_by_the_query_and_the_lessons_speak_it() {
    let mut page = Page::start("sandbox", vec![], true, Some("de"));
    assert!(
        page.text().contains("Erste Lektion starten"),
        "{}",
        page.text()
    );
    page.click("first", "");
    assert!(page.text().contains("Schritt 1 von 3"), "{}", page.text());
    assert!(page.text().contains("Dienstprinzipal"), "{}", page.text());
}

#[test]
fn a_preset_opens_its_own_lab_with_its_lines_and_free_play_keeps_a_bar() {
    let mut page = Page::start("sandbox", vec![], true, None);
    page.click("preset", "one-vm");
    assert_eq!(page.lab, "scenario.one-vm");
    assert!(page
        .console()
        .session()
        .world()
        .resources
        .values()
        .any(|r| r.name == "vm1"));
    assert!(
        page.text().contains("One VM with its identity"),
        "{}",
        page.text()
    );
    page.click("home", "");
    page.click("sandbox", "");
    assert_eq!(page.lab, "sandbox");
    assert!(page.console().session().world().resources.is_empty());
}

#[test]
fn junk_messages_and_unknown_lessons_change_nothing_and_never_panic() {
    let mut page = Page::start(
        "lesson.no-such-lesson",
        vec![("x", Value::str("junk"))],
        false,
        None,
    );
    assert_eq!(page.lab, "sandbox");
    assert!(
        page.text().contains("There is no lesson 'no-such-lesson'"),
        "{}",
        page.text()
    );
    for junk in [
        Value::Null,
        Value::str("t"),
        Value::object(vec![("t", Value::str("act")), ("act", Value::str("hint"))]),
        Value::object(vec![
            ("t", Value::str("act")),
            ("act", Value::str("open")),
            ("arg", Value::str("../x")),
        ]),
        Value::object(vec![
            ("t", Value::str("session")),
            ("lab", Value::str("sandbox")),
            ("lines", Value::str("x")),
        ]),
        Value::object(vec![
            ("t", Value::str("file")),
            ("url", Value::str("lessons/index.json")),
            ("text", Value::str("{")),
        ]),
    ] {
        page.send(junk);
    }
    let bad = Page::start("lesson.Bad Name", vec![], false, None);
    assert_eq!(bad.lab, "sandbox");
    assert!(bad.text().contains("Empty sandbox"));
}

#[test]
fn a_damaged_place_restarts_its_lesson_with_a_notice_and_a_page_notice_is_shown_once() {
    let page_runs = vec![
        ("system-assigned", Value::str("{\"v\":1,\"step\":\"x\"}")),
        ("group-delete", Value::str(lessons::Run::start(0).encode())),
    ];
    let mut page = Page::start("sandbox", page_runs, false, None);
    assert!(
        page.text()
            .contains("Your place in 1 lesson(s) could not be read"),
        "{}",
        page.text()
    );
    // The damaged lesson is not started; the good one is.
    assert!(page.text().contains("step 1 of"), "{}", page.text());
    page.send(Value::object(vec![
        ("t", Value::str("act")),
        ("act", Value::str("notice")),
        (
            "arg",
            Value::str("\"p.json\" can't be imported: it is not JSON. Nothing was changed."),
        ),
    ]));
    assert!(page.text().contains("can't be imported"));
    assert!(!page.text().contains("could not be read"));
    page.click("open", "system-assigned");
    assert!(!page.text().contains("can't be imported"));
    assert!(page.text().contains("step 1 of 4"), "{}", page.text());
}

#[test]
fn the_address_can_open_a_lesson_at_a_step_or_a_preset_and_never_overrides_a_place() {
    let start = |lesson: Option<&str>,
                 step: Option<i64>,
                 scenario: Option<&str>,
                 runs: Vec<(&str, Value)>| {
        let mut page = Page {
            tutor: Tutor::new(),
            lab: "sandbox".into(),
            labs: Vec::new(),
            saved: Vec::new(),
            typed: Vec::new(),
            panel: Value::Null,
            progress: Vec::new(),
        };
        page.send(Value::object(vec![
            ("t", Value::str("start")),
            ("lab", Value::str("sandbox")),
            ("runs", Value::object(runs)),
            ("lesson", lesson.map_or(Value::Null, Value::str)),
            (
                "step",
                step.map_or(Value::Null, |n| {
                    Value::Number(model::value::Number::from(n))
                }),
            ),
            ("scenario", scenario.map_or(Value::Null, Value::str)),
        ]));
        page
    };
    // Step 3 of 4: the first two are done for the learner, by their solutions.
    let page = start(Some("system-assigned"), Some(3), None, vec![]);
    assert_eq!(page.lab, "lesson.system-assigned");
    assert!(page.text().contains("step 3 of 4"), "{}", page.text());
    let world = page.labs[0].1.session().world();
    let vm1 = world.resources.values().find(|r| r.name == "vm1").unwrap();
    assert!(vm1.identity.system.is_none(), "step 2 turned it off");
    // A learner with a place keeps it.
    let page = start(
        Some("system-assigned"),
        Some(3),
        None,
        vec![(
            "system-assigned",
            Value::str(lessons::Run::start(1).encode()),
        )],
    );
    assert!(page.text().contains("step 1 of 4"), "{}", page.text());
    // A preset; and ids that name nothing say so.
    let page = start(None, None, Some("one-vm"), vec![]);
    assert_eq!(page.lab, "scenario.one-vm");
    let page = start(None, None, Some("no-such"), vec![]);
    assert!(
        page.text()
            .contains("There is no free-play preset 'no-such'"),
        "{}",
        page.text()
    );
    let page = start(Some("no-such"), None, None, vec![]);
    assert!(
        page.text().contains("There is no lesson 'no-such'"),
        "{}",
        page.text()
    );
}

#[test]
fn a_lesson_asked_for_before_the_index_arrives_opens_when_it_does() {
    let mut tutor = Tutor::new();
    tutor.handle(&Value::object(vec![
        ("t", Value::str("start")),
        ("lab", Value::str("sandbox")),
    ]));
    let answers = tutor.handle(&Value::object(vec![
        ("t", Value::str("act")),
        ("act", Value::str("open")),
        ("arg", Value::str("service-principal@2")),
    ]));
    assert!(answer_of(&answers, "open").is_none());
    let index = static_file("lessons/index.json").unwrap();
    let answers = tutor.handle(&Value::object(vec![
        ("t", Value::str("file")),
        ("url", Value::str("lessons/index.json")),
        ("text", Value::str(index)),
    ]));
    let fetch = answer_of(&answers, "fetch").unwrap();
    assert_eq!(
        fetch.get("url").and_then(Value::as_str),
        Some("lessons/01-service-principal.json")
    );
    let file = static_file("lessons/01-service-principal.json").unwrap();
    let answers = tutor.handle(&Value::object(vec![
        ("t", Value::str("file")),
        ("url", Value::str("lessons/01-service-principal.json")),
        ("text", Value::str(file)),
    ]));
    let open = answer_of(&answers, "open").unwrap();
    assert_eq!(
        open.get("lab").and_then(Value::as_str),
        Some("lesson.service-principal")
    );
    // Step 2: the setup and step 1's solution.
    let setup = open.get("setup").and_then(Value::as_array).unwrap();
    assert!(
        setup
            .iter()
            .any(|line| line.as_str().unwrap().starts_with("az ad app create")),
        "{setup:?}"
    );
}

#[test]
fn a_fresh_worker_answers_an_export_with_the_script_or_why_not() {
    let mut tutor = Tutor::new();
    let lines = Value::Array(vec![
        Value::str("az group create --name rg1 --location westeurope"),
        Value::str(
            "az vm create --name vm1 --resource-group rg1 --image Ubuntu2204 --assign-identity",
        ),
    ]);
    let answers = tutor.handle(&Value::object(vec![
        ("t", Value::str("export")),
        ("seed", Value::from(2026_i64)),
        ("lines", lines),
    ]));
    assert_eq!(answers.len(), 1, "only the script, no panel: {answers:?}");
    let text = answer_of(&answers, "script")
        .and_then(|script| script.get("text"))
        .and_then(Value::as_str)
        .unwrap();
    assert!(text.starts_with("#!/usr/bin/env bash"));
    assert!(text.contains("az vm create --name vm1"));
    let answers = tutor.handle(&Value::object(vec![
        ("t", Value::str("export")),
        ("seed", Value::from(2026_i64)),
        ("lines", Value::Array(vec![Value::str("az vm frobnicate")])),
    ]));
    let why = answer_of(&answers, "script")
        .and_then(|script| script.get("why"))
        .and_then(Value::as_str)
        .unwrap();
    assert!(why.contains("az vm frobnicate"), "{why}");
}
