//! The lesson worker's budgets: a lesson's first step on screen after its file arrives (100 ms), and following one change of a long session (the worker replays the page's lines).
//!
//! Natively, like the model's benchmark; the worker runs the same code as wasm, which Chromium runs
//! within about 2x of native for this kind of code, so the budget stands with room.

use std::hint::black_box;
use std::time::{Duration, Instant};

use model::Value;
use tutor::Tutor;

const STATIC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{STATIC}{path}")).expect("a static file")
}

fn message(kind: &str, mut fields: Vec<(&str, Value)>) -> Value {
    fields.insert(0, ("t", Value::str(kind)));
    Value::object(fields)
}

fn report(label: &str, elapsed: Duration, budget_ms: f64) {
    let ms = elapsed.as_secs_f64() * 1000.0;
    let verdict = if ms <= budget_ms { "within" } else { "OVER" };
    println!("{label:<58} {ms:>9.2} ms   (budget {budget_ms} ms: {verdict})");
}

fn session(lab: &str, lines: &[String]) -> Value {
    message(
        "session",
        vec![
            ("lab", Value::str(lab)),
            ("seed", Value::Number(model::value::Number::from(2026u64))),
            (
                "lines",
                Value::Array(lines.iter().map(Value::str).collect()),
            ),
        ],
    )
}

fn main() {
    let index = read("lessons/index.json");
    let entries = lessons::read_index(&index).expect("the index");
    // 1. Every lesson: its file arrives, the page runs its setup, the first step is drawn.
    let mut worst = (Duration::ZERO, String::new());
    for entry in &entries {
        let url = format!("lessons/{}", entry.file);
        let text = read(&url);
        let lesson = lessons::Lesson::read(&entry.file, &text).expect("a lesson");
        let mut console = console::Console::new(2026);
        for line in &lesson.setup {
            console.run_line(line);
        }
        let lines: Vec<String> = console.session().commands().map(console::to_cli).collect();
        let lab = format!("lesson.{}", entry.id);
        let best = (0..5)
            .map(|_| {
                let mut tutor = Tutor::new();
                tutor.handle(&message("start", vec![("lab", Value::str(lab.as_str()))]));
                tutor.handle(&message(
                    "file",
                    vec![
                        ("url", Value::str("lessons/index.json")),
                        ("text", Value::str(index.as_str())),
                    ],
                ));
                let start = Instant::now();
                black_box(tutor.handle(&message(
                    "file",
                    vec![
                        ("url", Value::str(url.as_str())),
                        ("text", Value::str(text.as_str())),
                    ],
                )));
                black_box(tutor.handle(&session(&lab, &lines)));
                start.elapsed()
            })
            .min()
            .unwrap_or_default();
        if best > worst.0 {
            worst = (best, entry.id.clone());
        }
    }
    report(
        &format!("open a lesson, first step drawn (worst: {})", worst.1),
        worst.0,
        100.0,
    );

    // 2. One more command in a 300-command session: the worker replays it and redraws.
    let mut console = console::Console::new(2026);
    console.run_line("az group create -n lab -l westeurope -o none");
    for n in 0..299 {
        console.run_line(&format!("az identity create -g lab -n id{n} -o none"));
    }
    let lines: Vec<String> = console.session().commands().map(console::to_cli).collect();
    let lab = "lesson.group-delete";
    let mut tutor = Tutor::new();
    tutor.handle(&message("start", vec![("lab", Value::str(lab))]));
    tutor.handle(&message(
        "file",
        vec![
            ("url", Value::str("lessons/index.json")),
            ("text", Value::str(index.as_str())),
        ],
    ));
    tutor.handle(&message(
        "file",
        vec![
            ("url", Value::str("lessons/12-group-delete.json")),
            ("text", Value::str(read("lessons/12-group-delete.json"))),
        ],
    ));
    let elapsed = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(tutor.handle(&session(lab, &lines)));
            start.elapsed()
        })
        .min()
        .unwrap_or_default();
    report(
        &format!("follow a change of a {}-command session", lines.len()),
        elapsed,
        50.0,
    );
}
