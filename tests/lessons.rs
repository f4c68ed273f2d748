//! Component tests of the lessons panel in headless Chromium: the worker's real panels (built by the tutor from the real lesson files) drawn by `src/lessons.js`: the checklist, the predict-first step, redraws that keep focus, and the progress file's checks.
#![cfg(target_arch = "wasm32")]

use model::Value;
use tutor::Tutor;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/src/later/lessons.js")]
extern "C" {
    /// Shows a panel tree in `#lessons`, as when the worker sends one.
    #[wasm_bindgen(js_name = showPanel)]
    fn show_panel(tree: &JsValue);
    /// Why a progress file's text can't be imported ('' when it can; its items go in `items`).
    #[wasm_bindgen(js_name = readProgress)]
    fn read_progress(text: &str, items: &JsValue) -> String;
}

const INDEX: &str = include_str!("../static/lessons/index.json");
const GROUP_DELETE: &str = include_str!("../static/lessons/12-group-delete.json");
const SYSTEM_ASSIGNED: &str = include_str!("../static/lessons/03-system-assigned.json");

/// A tutor inside `lab`, with `lines` run in that lab: the panel it sends after each message.
struct Worker {
    tutor: Tutor,
    console: console::Console,
    lab: String,
}

fn message(kind: &str, fields: Vec<(&str, Value)>) -> Value {
    let mut fields = fields;
    fields.insert(0, ("t", Value::str(kind)));
    Value::object(fields)
}

impl Worker {
    fn new(lab: &str, file: &str, text: &str) -> (Worker, Value) {
        let mut worker = Worker {
            tutor: Tutor::new(),
            console: console::Console::new(2026),
            lab: lab.into(),
        };
        worker.send(message(
            "start",
            vec![("lab", Value::str(lab)), ("runs", Value::object(vec![]))],
        ));
        worker.send(message(
            "file",
            vec![
                ("url", Value::str("lessons/index.json")),
                ("text", Value::str(INDEX)),
            ],
        ));
        let lesson = lessons::Lesson::read(file, text).expect("the lesson reads");
        worker.send(message(
            "file",
            vec![
                ("url", Value::str(format!("lessons/{file}"))),
                ("text", Value::str(text)),
            ],
        ));
        for line in &lesson.setup {
            worker.console.run_line(line);
        }
        let panel = worker.session();
        (worker, panel)
    }

    /// The panel after a message.
    fn send(&mut self, message: Value) -> Value {
        let answers = self.tutor.handle(&message);
        answers
            .into_iter()
            .rev()
            .find(|answer| answer.get("t").and_then(Value::as_str) == Some("panel"))
            .and_then(|panel| panel.get("tree").cloned())
            .expect("a panel")
    }

    fn session(&mut self) -> Value {
        let lines = self
            .console
            .session()
            .commands()
            .map(|command| Value::str(console::to_cli(command)))
            .collect();
        let lab = self.lab.clone();
        self.send(message(
            "session",
            vec![
                ("lab", Value::str(lab)),
                ("seed", Value::Number(model::value::Number::from(2026u64))),
                ("lines", Value::Array(lines)),
            ],
        ))
    }

    fn run(&mut self, line: &str) -> Value {
        self.console.run_line(line);
        self.session()
    }

    fn act(&mut self, act: &str, arg: &str) -> Value {
        self.send(message(
            "act",
            vec![("act", Value::str(act)), ("arg", Value::str(arg))],
        ))
    }
}

/// A fresh `#lessons` element with `tree` drawn in it.
fn host() -> Element {
    let document = gloo::utils::document();
    if let Some(old) = document.get_element_by_id("lessons") {
        old.remove();
    }
    let host = document.create_element("aside").unwrap();
    host.set_id("lessons");
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn draw(tree: &Value) {
    show_panel(&js_sys::JSON::parse(&tree.to_compact()).expect("JSON"));
}

fn all(host: &Element, selector: &str) -> Vec<Element> {
    let list = host.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

#[wasm_bindgen_test]
fn the_checklist_shows_each_goal_and_ticks_it_when_it_holds() {
    let host = host();
    let (mut worker, panel) = Worker::new(
        "lesson.system-assigned",
        "03-system-assigned.json",
        SYSTEM_ASSIGNED,
    );
    draw(&panel);
    let goals = all(&host, ".checklist li");
    assert_eq!(goals.len(), 2);
    assert!(all(&host, ".checklist li.held").is_empty());
    assert!(goals[0]
        .text_content()
        .unwrap()
        .contains("vm1's system-assigned identity is on"));
    assert!(goals[0].text_content().unwrap().contains("(not yet)"));
    draw(&worker.run("az vm create -g lab -n vm1 --image Ubuntu2204 -o none"));
    draw(&worker.run("az vm identity assign -g lab -n vm1 -o none"));
    // Both held: the step moved on, and the next step's goals are listed.
    let status = host
        .query_selector(".lesson-head .status")
        .unwrap()
        .unwrap();
    assert_eq!(status.text_content().unwrap(), "step 2 of 4");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    assert!(all(&host, ".checklist li")[0]
        .text_content()
        .unwrap()
        .contains("is off"));
}

#[wasm_bindgen_test]
fn the_predict_first_step_offers_the_objects_on_screen_and_a_redraw_keeps_focus() {
    let host = host();
    let (mut worker, panel) =
        Worker::new("lesson.group-delete", "12-group-delete.json", GROUP_DELETE);
    draw(&panel);
    let legend = host.query_selector(".predict legend").unwrap().unwrap();
    assert!(legend
        .text_content()
        .unwrap()
        .starts_with("Which service principals will disappear"));
    let boxes = all(&host, ".predict input[type=checkbox]");
    let labels: Vec<String> = all(&host, ".predict label")
        .iter()
        .map(|l| l.text_content().unwrap())
        .collect();
    assert_eq!(boxes.len(), labels.len());
    for name in ["vm1", "web1", "shared-id", "vm3", "keep-id"] {
        assert!(
            labels
                .iter()
                .any(|label| label.starts_with(&format!("{name} "))),
            "{name} in {labels:?}"
        );
    }
    // Ticking redraws the panel: the same checkbox, checked, still focused.
    let first: HtmlInputElement = boxes[0].clone().dyn_into().unwrap();
    first.focus().unwrap();
    let key = first.get_attribute("data-arg").unwrap();
    draw(&worker.act("tick", &key));
    let again: HtmlInputElement = all(&host, ".predict input[type=checkbox]")[0]
        .clone()
        .dyn_into()
        .unwrap();
    assert!(again.is_same_node(Some(&first)), "the node was kept");
    assert!(again.checked());
    let active = gloo::utils::document().active_element().unwrap();
    assert!(active.is_same_node(Some(&first)), "focus stayed");
    draw(&worker.act("predict", ""));
    assert!(host
        .text_content()
        .unwrap()
        .contains("Your prediction is locked in"));
    assert!(host.query_selector(".predict").unwrap().is_none());
    draw(&worker.run("az group delete -n lab --yes"));
    let verdicts = all(&host, ".judgement .verdict");
    assert!(!verdicts.is_empty());
    assert!(
        all(&host, ".judgement .verdict.right").len() < verdicts.len(),
        "one tick was not all"
    );
    let _: HtmlElement = host.dyn_into().unwrap();
}

#[wasm_bindgen_test]
fn a_panel_draws_only_known_tags_and_attributes_and_text_stays_text() {
    let host = host();
    let tree = js_sys::JSON::parse(
        r#"["div", {"class": "tutor", "onclick": "alert(1)", "style": "color:red"},
            ["script", {}, "alert(2)"],
            ["p", {"id": "x"}, "<b>not bold</b>"],
            ["button", {"data-act": "hint", "disabled": ""}, "Show hint"]]"#,
    )
    .unwrap();
    show_panel(&tree);
    assert!(host.query_selector("script").unwrap().is_none());
    let div = host.first_element_child().unwrap();
    assert!(!div.has_attribute("onclick") && !div.has_attribute("style"));
    assert_eq!(
        host.query_selector("#x").unwrap().unwrap().inner_html(),
        "&lt;b&gt;not bold&lt;/b&gt;"
    );
    assert!(host.query_selector("button[disabled]").unwrap().is_some());
}

#[wasm_bindgen_test]
fn a_progress_file_is_checked_before_anything_is_written() {
    let items = js_sys::Object::new();
    let good = r#"{"format":"mi-playground/progress","version":1,"items":{"mi-playground.lesson.group-delete.run":"{}"}}"#;
    assert_eq!(read_progress(good, &items), "");
    assert!(js_sys::Reflect::has(&items, &"mi-playground.lesson.group-delete.run".into()).unwrap());
    for (text, why) in [
        ("not json", "it is not JSON"),
        (r#"{"format":"other"}"#, "not a playground progress file"),
        (
            r#"{"format":"mi-playground/progress","version":7,"items":{}}"#,
            "newer playground (version 7)",
        ),
        (
            r#"{"format":"mi-playground/progress","version":1,"items":{"evil":"x"}}"#,
            "is not a name the playground stores",
        ),
        (
            r#"{"format":"mi-playground/progress","version":1,"items":{"mi-playground.x":1}}"#,
            "is not text",
        ),
        (
            r#"{"format":"mi-playground/progress","version":1,"items":[]}"#,
            "it has no items",
        ),
    ] {
        let message = read_progress(text, &js_sys::Object::new());
        assert!(message.contains(why), "{text}: {message}");
    }
}
