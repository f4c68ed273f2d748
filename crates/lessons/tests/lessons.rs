//! The shipped data: every lesson in static/lessons is solvable through the real console (as `lesson check` runs it), index.json agrees with the lesson files, every preset builds; and the check refuses lessons that are broken in each way it looks for.

use lessons::check::{check_lesson, compare_index};
use lessons::{read_index, read_presets, Lang, Lesson};
use std::path::PathBuf;

fn static_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../static"))
}

/// Every lesson file with its name, sorted by name.
fn lesson_files() -> Vec<(String, Lesson)> {
    let mut files: Vec<(String, Lesson)> = std::fs::read_dir(static_dir().join("lessons"))
        .expect("static/lessons")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.file_name().is_some_and(|name| name != "index.json"))
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).expect("a lesson file");
            match Lesson::read(&name, &text) {
                Ok(lesson) => (name, lesson),
                Err(error) => panic!("{error}"),
            }
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn every_lesson_is_solvable_not_solved_by_its_setup_and_not_solved_without_its_last_line() {
    let files = lesson_files();
    assert!(files.len() >= 12, "{} lessons", files.len());
    for (name, lesson) in &files {
        let report = check_lesson(lesson, || console::Console::new(0));
        assert!(
            report.ok(),
            "{name}:\n{}\n{}",
            report.printed.join("\n"),
            report.problems.join("\n")
        );
    }
}

/// The README's "Write a lesson" example is a real lesson: it reads and passes the check, so the
/// first thing an author copies never breaks.
#[test]
fn the_readmes_example_lesson_passes_the_check() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let section = readme
        .split("## Write a lesson")
        .nth(1)
        .expect("a 'Write a lesson' section");
    let example = section
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("an example lesson in a json block");
    let lesson = Lesson::read("README.md", example).unwrap_or_else(|error| panic!("{error}"));
    let report = check_lesson(&lesson, || console::Console::new(0));
    assert!(report.ok(), "{}", report.problems.join("\n"));
}

#[test]
fn the_index_lists_every_lesson_as_its_file_says_in_course_order() {
    let text = std::fs::read_to_string(static_dir().join("lessons/index.json")).expect("index");
    let entries = read_index(&text).unwrap_or_else(|error| panic!("{error}"));
    let files = lesson_files();
    assert_eq!(compare_index(&entries, &files), Vec::<String>::new());
    let order: Vec<&str> = entries.iter().map(|e| e.file.as_str()).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "the course order follows the file numbers");
}

#[test]
fn at_least_three_lessons_are_in_german_throughout() {
    let german: Vec<String> = lesson_files()
        .into_iter()
        .filter(|(_, lesson)| lesson.languages().contains(&Lang::De))
        .map(|(_, lesson)| lesson.id)
        .collect();
    assert!(german.len() >= 3, "{german:?}");
}

#[test]
fn every_preset_builds_through_the_console() {
    let text = std::fs::read_to_string(static_dir().join("presets.json")).expect("presets");
    let presets = read_presets(&text).unwrap_or_else(|error| panic!("{error}"));
    let ids: Vec<&str> = presets.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "one-vm",
            "shared-identity",
            "multi-tenant",
            "orphaned-assignments"
        ]
    );
    for preset in &presets {
        let mut console = console::Console::new(0);
        for line in &preset.lines {
            let output = console.run_line(line);
            assert_eq!(
                output.exit_code,
                0,
                "preset {}: `{line}` failed:\n{}",
                preset.id,
                output.combined()
            );
        }
        let world = console.session().world();
        match preset.id.as_str() {
            "multi-tenant" => assert_eq!(
                world
                    .service_principals
                    .values()
                    .filter(|sp| sp.display_name == "survey-app")
                    .map(|sp| sp.tenant_id)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len(),
                2,
                "one service principal in each tenant"
            ),
            "orphaned-assignments" => {
                assert_eq!(model::query::orphaned_assignments(world).len(), 3)
            }
            "shared-identity" => assert_eq!(
                world
                    .resources
                    .values()
                    .filter(|r| !r.identity.user.is_empty())
                    .count(),
                3
            ),
            _ => {}
        }
    }
}

fn one_step(setup: &str, goal: &str, solution: &str) -> Lesson {
    let text = format!(
        r#"{{"version": 2, "id": "t", "title": "T", "summary": "S", "learnt": "L", "setup": [{setup}],
            "steps": [{{"text": "Do it", "hints": ["h"], "goals": [{{"label": "the goal", {goal}}}], "solution": [{solution}]}}]}}"#
    );
    Lesson::read("t.json", &text).unwrap_or_else(|error| panic!("{error}"))
}

fn problems(lesson: &Lesson) -> Vec<String> {
    check_lesson(lesson, || console::Console::new(0)).problems
}

#[test]
fn the_check_refuses_a_lesson_its_setup_already_solves() {
    let lesson = one_step(
        r#""az group create -n lab -l westeurope -o none""#,
        r#""exists": {"group": "lab"}"#,
        r#""az group list -o none""#,
    );
    assert_eq!(
        problems(&lesson),
        ["the setup alone solves step 1: its goals must need the learner's commands"]
    );
}

#[test]
fn the_check_refuses_a_solution_that_leaves_goals_open_or_fails() {
    let lesson = one_step(
        "",
        r#""exists": {"group": "lab"}"#,
        r#""az group create -n other -l westeurope -o none""#,
    );
    assert_eq!(
        problems(&lesson),
        ["step 1's solution leaves goals open: the goal"]
    );
    let failing = one_step(
        "",
        r#""exists": {"group": "lab"}"#,
        r#""az group delete -n nope --yes""#,
    );
    let found = problems(&failing);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("step 1: `az group delete -n nope --yes` failed:\n"),
        "{found:?}"
    );
}

#[test]
fn the_check_refuses_a_lesson_solved_without_its_last_line() {
    let lesson = one_step(
        "",
        r#""exists": {"group": "lab"}"#,
        r#""az group create -n lab -l westeurope -o none", "az group list -o none""#,
    );
    assert_eq!(
        problems(&lesson),
        ["step 1 was done before its solution line 2 `az group list -o none` ran: end the step's solution where its goals hold"]
    );
}

#[test]
fn the_check_refuses_a_step_that_leans_on_shell_variables_of_the_step_before() {
    let text = r#"{"version": 2, "id": "t", "title": "T", "summary": "S", "learnt": "L",
        "steps": [
          {"text": "One", "hints": ["h"], "goals": [{"label": "lab", "exists": {"group": "lab"}}],
           "solution": ["G=lab2", "az group create -n lab -l westeurope -o none"]},
          {"text": "Two", "hints": ["h"], "goals": [{"label": "lab2", "exists": {"group": "lab2"}}],
           "solution": ["az group create -n $G -l westeurope -o none"]}]}"#;
    let lesson = Lesson::read("t.json", text).unwrap_or_else(|error| panic!("{error}"));
    let found = problems(&lesson);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("step 2: `az group create -n $G"),
        "{found:?}"
    );
}

#[test]
fn the_check_refuses_a_german_lesson_with_a_text_left_in_english() {
    let lesson = one_step(
        "",
        r#""exists": {"group": "lab"}"#,
        r#""az group create -n lab -l westeurope -o none""#,
    );
    let mut german = lesson.clone();
    german.title = lessons::Text::from_versions(vec![
        (Lang::En, "T".into()),
        (Lang::De, "T auf Deutsch".into()),
    ])
    .expect("English is there");
    assert!(problems(&lesson).is_empty());
    assert_eq!(
        problems(&german)[0],
        "$.summary has no 'de' text, but other texts of the lesson have: translate it too"
    );
}

#[test]
fn the_check_refuses_a_prediction_whose_answer_was_not_on_offer() {
    let text = r#"{"version": 2, "id": "t", "title": "T", "summary": "S", "learnt": "L",
        "steps": [{"text": "Make a VM", "hints": ["h"],
          "goals": [{"label": "vm1", "exists": {"vm": "vm1", "group": "lab"}}],
          "solution": ["az group create -n lab -l westeurope -o none", "az vm create -g lab -n vm1 --image Ubuntu2204 --assign-identity -o none"],
          "predict": {"question": "Which service principals appear?", "choose": "service_principals", "judge": "created"}}]}"#;
    let lesson = Lesson::read("t.json", text).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        problems(&lesson),
        ["step 1's prediction can't be answered right: vm1 (ManagedIdentity) was not on offer before the step (add it to 'options')"]
    );
    let offered = text.replace(
        r#""judge": "created"}"#,
        r#""judge": "created", "options": [{"service_principal": "vm1", "type": "ManagedIdentity"}]}"#,
    );
    let lesson = Lesson::read("t.json", &offered).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(problems(&lesson), Vec::<String>::new());
}
