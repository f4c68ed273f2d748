//! The author's check of a lesson (what `az-playground lesson check` runs): its setup and every step's solution run through a real console, each goal reported as it turns true, and the lesson refused when it can't be solved, is solved by its setup, or is solved without its last line.

use crate::catalog::Entry;
use crate::eval::Facts;
use crate::run::Run;
use crate::text::Lang;
use crate::Lesson;
use model::{LogEntry, World};

/// A console to run lines in. The lessons crate doesn't depend on the console crate (the console
/// depends on it for `lesson check`), so the caller brings one.
pub trait Runner {
    /// Runs one console line: `Err` with what the console printed when it failed.
    fn run(&mut self, line: &str) -> Result<(), String>;
    fn world(&self) -> &World;
    /// The session's log in effect (`Session::log`).
    fn log(&self) -> &[LogEntry];
    /// A new shell on the same session: shell variables forgotten. Each step's solution runs in
    /// one, because "Show solution" hands its lines to a learner whose variables are their own.
    fn new_shell(&mut self);
}

/// What checking a lesson found: the lines to print (goals as they turn true) and the problems
/// that make it fail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub printed: Vec<String>,
    pub problems: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

fn facts<'r>(runner: &'r impl Runner, run: &Run) -> Facts<'r> {
    Facts {
        world: runner.world(),
        entries: run.since(runner.log()),
    }
}

/// Runs the setup on a fresh console; the run starts where it ended.
fn set_up<R: Runner>(lesson: &Lesson, runner: &mut R, report: &mut Report) -> Option<Run> {
    for (index, line) in lesson.setup.iter().enumerate() {
        if let Err(output) = runner.run(line) {
            report.problems.push(format!(
                "setup line {} `{line}` failed:\n{}",
                index + 1,
                output.trim_end()
            ));
            return None;
        }
    }
    Some(Run::start(runner.log().len()))
}

/// Checks one lesson with consoles from `fresh` (each on a fresh world).
pub fn check_lesson<R: Runner>(lesson: &Lesson, mut fresh: impl FnMut() -> R) -> Report {
    let mut report = Report::default();
    translated_throughout(lesson, &mut report);
    solvable(lesson, &mut fresh(), &mut report);
    if report.ok() {
        unsolved_without_last_line(lesson, &mut fresh(), &mut report);
    }
    report
}

/// A lesson in German is in German throughout: a text left in English would surprise the reader.
fn translated_throughout(lesson: &Lesson, report: &mut Report) {
    for lang in lesson.languages_used() {
        for (path, text) in lesson.texts_at() {
            if !text.has(lang) {
                report.problems.push(format!(
                    "$.{path} has no '{}' text, but other texts of the lesson have: translate it too",
                    lang.code()
                ));
            }
        }
    }
}

fn solvable<R: Runner>(lesson: &Lesson, runner: &mut R, report: &mut Report) {
    let Some(mut run) = set_up(lesson, runner, report) else {
        return;
    };
    if run.advance(lesson, facts(runner, &run)) {
        report.problems.push(
            "the setup alone solves step 1: its goals must need the learner's commands".into(),
        );
        return;
    }
    for (index, step) in lesson.steps.iter().enumerate() {
        let number = index + 1;
        report.printed.push(format!(
            "step {number}: {}",
            first_line(step.text.get(Lang::En))
        ));
        runner.new_shell();
        let mut shown = vec![false; step.goals.len()];
        let offered = run.candidates(lesson, runner.world());
        if offered.is_some() {
            run.predict(lesson, &[], runner.log().len());
        }
        for (line_index, line) in step.solution.iter().enumerate() {
            if run.step > index {
                report.problems.push(format!(
                    "step {number} was done before its solution line {} `{line}` ran: end the step's solution where its goals hold",
                    line_index + 1
                ));
                return;
            }
            report.printed.push(format!("  $ {line}"));
            if let Err(output) = runner.run(line) {
                report.problems.push(format!(
                    "step {number}: `{line}` failed:\n{}",
                    output.trim_end()
                ));
                return;
            }
            let goals = run.goals(lesson, facts(runner, &run), Lang::En);
            for ((label, holds), shown) in goals.iter().zip(shown.iter_mut()) {
                if *holds && !*shown {
                    report.printed.push(format!("    [x] {label}"));
                    *shown = true;
                }
            }
            run.advance(lesson, facts(runner, &run));
        }
        if run.step <= index {
            let open: Vec<String> = run
                .goals(lesson, facts(runner, &run), Lang::En)
                .into_iter()
                .filter(|(_, holds)| !holds)
                .map(|(label, _)| label)
                .collect();
            report.problems.push(format!(
                "step {number}'s solution leaves goals open: {}",
                open.join("; ")
            ));
            return;
        }
        if run.step > number {
            report.problems.push(format!(
                "step {}'s goals already hold when step {number} is done: give it goals of its own",
                number + 1
            ));
            return;
        }
        if let Some(offered) = offered {
            check_prediction(&run, lesson, facts(runner, &run), &offered, number, report);
        }
    }
}

/// A prediction must be answerable: something happens, and all of it was on offer beforehand.
fn check_prediction(
    run: &Run,
    lesson: &Lesson,
    facts: Facts<'_>,
    offered: &[crate::Candidate],
    number: usize,
    report: &mut Report,
) {
    let verdicts = run.judgement(lesson, facts).unwrap_or_default();
    if verdicts.is_empty() {
        report.problems.push(format!(
            "step {number} asks for a prediction, but its solution removes or creates none of the objects asked about"
        ));
    }
    for verdict in verdicts.iter().filter(|v| v.happened) {
        if !offered.contains(&verdict.candidate) {
            report.problems.push(format!(
                "step {number}'s prediction can't be answered right: {} was not on offer before the step (add it to 'options')",
                verdict.candidate.label()
            ));
        }
    }
    let right: Vec<String> = verdicts
        .iter()
        .filter(|v| v.happened)
        .map(|v| v.candidate.label())
        .collect();
    report
        .printed
        .push(format!("    predicted right: {}", right.join(", ")));
}

fn unsolved_without_last_line<R: Runner>(lesson: &Lesson, runner: &mut R, report: &mut Report) {
    let Some(mut run) = set_up(lesson, runner, report) else {
        return;
    };
    let lines: Vec<&String> = lesson.steps.iter().flat_map(|s| &s.solution).collect();
    let Some((last, before)) = lines.split_last() else {
        return;
    };
    let mut starts = Vec::new();
    let mut at = 0;
    for step in &lesson.steps {
        starts.push(at);
        at += step.solution.len();
    }
    for (index, line) in before.iter().enumerate() {
        if starts.contains(&index) {
            runner.new_shell();
        }
        // A line may fail here only because of its lesson; `solvable` has run them all.
        let _ = runner.run(line);
        run.advance(lesson, facts(runner, &run));
    }
    if run.done {
        report.problems.push(format!(
            "the lesson is solved without its last solution line `{last}`: its last step needs goals that line achieves"
        ));
    }
}

/// The start of a step's text, short enough for one line of output.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(72) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_string(),
    }
}

/// How the index disagrees with the lessons it lists: each `(file name, lesson)` must have its
/// entry, with the lesson's id, English title and summary and step count, in the index's order.
pub fn compare_index(entries: &[Entry], lessons: &[(String, Lesson)]) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in entries {
        match lessons.iter().find(|(file, _)| *file == entry.file) {
            None => problems.push(format!(
                "index.json lists {}, which is not a lesson file",
                entry.file
            )),
            Some((file, lesson)) => {
                if entry.id != lesson.id {
                    problems.push(format!(
                        "index.json: {file} has id '{}', the index says '{}'",
                        lesson.id, entry.id
                    ));
                }
                if entry.title != lesson.title {
                    problems.push(format!(
                        "index.json: {file}'s title differs from the lesson's"
                    ));
                }
                if entry.summary != lesson.summary {
                    problems.push(format!(
                        "index.json: {file}'s summary differs from the lesson's"
                    ));
                }
                if entry.steps != lesson.steps.len() {
                    problems.push(format!(
                        "index.json: {file} has {} steps, the index says {}",
                        lesson.steps.len(),
                        entry.steps
                    ));
                }
            }
        }
    }
    for (file, _) in lessons {
        if !entries.iter().any(|entry| entry.file == *file) {
            problems.push(format!("index.json does not list {file}"));
        }
    }
    problems
}
