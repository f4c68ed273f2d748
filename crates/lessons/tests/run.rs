//! A learner's run: steps advance the moment their goals hold, hints and solution lines come one at a time, predictions are judged by what happened, and the run survives a trip through storage.

mod common;

use common::world_after;
use lessons::{lines_used, Facts, Lang, Lesson, Run};

const TWO_STEPS: &str = r#"{"version": 2, "id": "two", "title": "Two", "summary": "S", "learnt": "L",
  "steps": [
    {"text": "First", "hints": ["h1", {"en": "h2", "de": "H2"}],
     "goals": [{"label": {"en": "Group first exists", "de": "Gruppe first existiert"}, "exists": {"group": "first"}}],
     "solution": ["az group create -n first -l westeurope -o none"]},
    {"text": "Second", "hints": ["h"],
     "goals": [{"label": "Group second exists", "exists": {"group": "second"}}, {"label": "Group first still exists", "exists": {"group": "first"}}],
     "solution": ["az group create -n second -l westeurope -o none", "az group list -o none"]}
  ]}"#;

fn two_steps() -> Lesson {
    Lesson::read("two.json", TWO_STEPS).expect("a valid lesson")
}

fn run_facts<'c>(console: &'c console::Console, run: &Run) -> Facts<'c> {
    Facts {
        world: console.session().world(),
        entries: run.since(console.session().log()),
    }
}

#[test]
fn a_step_advances_the_moment_its_goals_hold_and_not_before() {
    let lesson = two_steps();
    let mut console = world_after(&[]);
    let mut run = Run::start(console.session().log().len());
    assert_eq!(
        run.goals(&lesson, run_facts(&console, &run), Lang::De),
        vec![("Gruppe first existiert".to_string(), false)]
    );
    // The second step's goal first: the run waits for step 1.
    console.run_line("az group create -n second -l westeurope -o none");
    assert!(!run.advance(&lesson, run_facts(&console, &run)));
    assert_eq!(run.step, 0);
    // Step 1's goal then completes both steps at once.
    console.run_line("az group create -n first -l westeurope -o none");
    assert!(run.advance(&lesson, run_facts(&console, &run)));
    assert_eq!((run.step, run.done), (2, true));
    assert!(run
        .goals(&lesson, run_facts(&console, &run), Lang::En)
        .is_empty());
}

#[test]
fn the_checklist_shows_each_goal_as_it_turns_true() {
    let lesson = two_steps();
    let mut console = world_after(&["az group create -n first -l westeurope -o none"]);
    let mut run = Run::start(0);
    assert!(run.advance(&lesson, run_facts(&console, &run)));
    assert_eq!(
        run.goals(&lesson, run_facts(&console, &run), Lang::En),
        vec![
            ("Group second exists".to_string(), false),
            ("Group first still exists".to_string(), true)
        ]
    );
    console.run_line("az group delete -n first --yes");
    assert_eq!(
        run.goals(&lesson, run_facts(&console, &run), Lang::En)[1],
        ("Group first still exists".to_string(), false)
    );
}

#[test]
fn hints_and_solution_lines_come_one_at_a_time_and_start_over_in_the_next_step() {
    let lesson = two_steps();
    let mut run = Run::start(0);
    assert!(run.hints_shown(&lesson).is_empty());
    assert_eq!(run.next_hint(&lesson).map(|h| h.get(Lang::De)), Some("h1"));
    assert_eq!(run.next_hint(&lesson).map(|h| h.get(Lang::De)), Some("H2"));
    assert_eq!(run.next_hint(&lesson), None);
    assert_eq!(run.hints_shown(&lesson).len(), 2);
    assert_eq!(
        run.next_solution_line(&lesson),
        Some("az group create -n first -l westeurope -o none")
    );
    assert_eq!(run.next_solution_line(&lesson), None);
    let console = world_after(&["az group create -n first -l westeurope -o none"]);
    run.advance(&lesson, run_facts(&console, &run));
    assert_eq!((run.hints, run.solution), (0, 0));
    assert_eq!(
        run.next_solution_line(&lesson),
        Some("az group create -n second -l westeurope -o none")
    );
    assert_eq!(
        run.next_solution_line(&lesson),
        Some("az group list -o none")
    );
}

#[test]
fn the_runs_entries_start_where_the_setup_ended_even_after_an_undo() {
    let mut console = world_after(&[
        "az group create -n first -l westeurope -o none",
        "az group create -n second -l westeurope -o none",
    ]);
    let run = Run::start(1);
    assert_eq!(run.since(console.session().log()).len(), 1);
    console.run_line("undo");
    console.run_line("undo");
    assert!(run.since(console.session().log()).is_empty());
}

#[test]
fn a_run_survives_encode_and_decode() {
    let lesson = two_steps();
    let mut run = Run::start(3);
    run.next_hint(&lesson);
    run.prediction = Some(lessons::Prediction {
        step: 0,
        chosen: vec!["ManagedIdentity//vm1".into(), "vm/lab/a/b".into()],
        at: 4,
        until: Some(6),
    });
    let text = run.encode();
    assert_eq!(Run::decode(&text), Some(run.clone()));
    run.prediction = None;
    run.done = true;
    assert_eq!(Run::decode(&run.encode()), Some(run));
}

#[test]
fn junk_decodes_to_nothing_without_a_panic() {
    for junk in [
        "",
        "null",
        "{}",
        "[1,2]",
        "not json",
        r#"{"v":2,"step":0,"hints":0,"solution":0,"from":0,"done":false}"#,
        r#"{"v":1,"step":-1,"hints":0,"solution":0,"from":0,"done":false}"#,
        r#"{"v":1,"step":99999999999,"hints":0,"solution":0,"from":0,"done":false}"#,
        r#"{"v":1,"step":0,"hints":0,"solution":0,"from":0,"done":"no"}"#,
        r#"{"v":1,"step":0,"hints":0,"solution":0,"from":0,"done":false,"prediction":{"step":0,"at":0,"chosen":[1]}}"#,
        "{\"v\":1,\"step\":0,\"hints\":0,\"solution\":0,\"from\":0,\"done\":fal",
    ] {
        assert_eq!(Run::decode(junk), None, "{junk}");
    }
    let good = Run::start(0).encode();
    for end in 0..good.len() {
        let _ = Run::decode(&good[..end]);
    }
}

#[test]
fn a_restored_run_beyond_a_shorter_lesson_ends_it_instead_of_panicking() {
    let lesson = two_steps();
    let mut run = Run::decode(r#"{"v":1,"step":7,"hints":9,"solution":9,"from":50,"done":false}"#)
        .expect("a well-formed run");
    let console = world_after(&[]);
    assert!(run
        .goals(&lesson, run_facts(&console, &run), Lang::En)
        .is_empty());
    assert_eq!(run.next_hint(&lesson), None);
    assert!(run.advance(&lesson, run_facts(&console, &run)));
    assert!(run.done);
}

const PREDICT: &str = r#"{"version": 2, "id": "p", "title": "P", "summary": "S", "learnt": "L",
  "setup": ["az group create -n lab -l westeurope -o none",
            "az identity create -g lab -n id1 -o none",
            "az vm create -g lab -n vm1 --image Ubuntu2204 --assign-identity [system] id1 -o none",
            "az vm create -g lab -n vm2 --image Ubuntu2204 --assign-identity -o none"],
  "steps": [{"text": "Delete vm1", "hints": ["h"],
             "goals": [{"label": "vm1 is gone", "absent": {"vm": "vm1", "group": "lab"}}],
             "solution": ["az vm delete -g lab -n vm1 --yes"],
             "predict": {"question": "Which service principals disappear?", "choose": "service_principals", "judge": "removed"}}]}"#;

fn set_up_prediction(keys: &[&str]) -> (Lesson, console::Console, Run) {
    let lesson = Lesson::read("p.json", PREDICT).expect("a valid lesson");
    let console = world_after(&lesson.setup.iter().map(String::as_str).collect::<Vec<_>>());
    let mut run = Run::start(console.session().log().len());
    let candidates = run
        .candidates(&lesson, console.session().world())
        .expect("a predict step");
    let labels: Vec<String> = candidates.iter().map(|c| c.label()).collect();
    assert_eq!(
        labels,
        [
            "id1 (ManagedIdentity)",
            "vm1 (ManagedIdentity)",
            "vm2 (ManagedIdentity)"
        ]
    );
    let chosen: Vec<String> = candidates
        .iter()
        .filter(|c| keys.contains(&c.name.as_str()))
        .map(|c| c.key())
        .collect();
    assert!(run.predict(&lesson, &chosen, console.session().log().len()));
    (lesson, console, run)
}

#[test]
fn a_right_prediction_is_judged_right_with_the_events_explanation() {
    let (lesson, mut console, mut run) = set_up_prediction(&["vm1"]);
    assert_eq!(
        console
            .run_line("az vm delete -g lab -n vm1 --yes")
            .exit_code,
        0
    );
    assert!(run.advance(&lesson, run_facts(&console, &run)));
    let verdicts = run
        .judgement(&lesson, run_facts(&console, &run))
        .expect("a prediction");
    assert_eq!(verdicts.len(), 1);
    assert_eq!(verdicts[0].candidate.name, "vm1");
    assert!(verdicts[0].chosen && verdicts[0].happened && verdicts[0].right());
    assert!(verdicts[0].why.contains("vm1"), "{}", verdicts[0].why);
    // What happens after the step ends is not part of the judgement.
    assert_eq!(
        console
            .run_line("az identity delete -g lab -n id1")
            .exit_code,
        0
    );
    assert_eq!(
        run.judgement(&lesson, run_facts(&console, &run)),
        Some(verdicts)
    );
}

#[test]
fn a_wrong_prediction_shows_what_was_missed_and_what_did_not_happen() {
    let (lesson, mut console, mut run) = set_up_prediction(&["id1"]);
    assert_eq!(
        console
            .run_line("az vm delete -g lab -n vm1 --yes")
            .exit_code,
        0
    );
    run.advance(&lesson, run_facts(&console, &run));
    let verdicts = run
        .judgement(&lesson, run_facts(&console, &run))
        .expect("a prediction");
    let summary: Vec<(&str, bool, bool, bool)> = verdicts
        .iter()
        .map(|v| (v.candidate.name.as_str(), v.chosen, v.happened, v.right()))
        .collect();
    assert_eq!(
        summary,
        vec![("vm1", false, true, false), ("id1", true, false, false)]
    );
    assert!(verdicts[1].why.is_empty());
}

#[test]
fn a_step_without_a_question_takes_no_prediction() {
    let lesson = two_steps();
    let mut run = Run::start(0);
    assert!(run
        .candidates(&lesson, world_after(&[]).session().world())
        .is_none());
    assert!(!run.predict(&lesson, &["//x".to_string()], 0));
    assert_eq!(run.prediction, None);
}

#[test]
fn the_lines_used_are_each_commands_canonical_line_once() {
    let console = world_after(&[
        "az group create --name lab --location westeurope -o none",
        "az group list -o none",
        "az group create -n lab -l westeurope -o none",
        "az identity create -g lab -n id1 -o none",
    ]);
    assert_eq!(
        lines_used(console.session().log(), console::to_cli),
        vec![
            "az group create --name lab --location westeurope".to_string(),
            "az identity create --name id1 --resource-group lab".to_string()
        ]
    );
}
