//! Helpers the lesson tests share: a world built from console lines, and a lesson file around one goal.

#![allow(dead_code)]

use lessons::{Facts, Goal, Lesson};

/// A console that has run `lines`, each of which must succeed.
pub fn world_after(lines: &[&str]) -> console::Console {
    let mut console = console::Console::new(7);
    for line in lines {
        let output = console.run_line(line);
        assert_eq!(
            output.exit_code,
            0,
            "`{line}` failed:\n{}",
            output.combined()
        );
    }
    console
}

/// The facts of a console: its world and its whole log.
pub fn facts(console: &console::Console) -> Facts<'_> {
    Facts {
        world: console.session().world(),
        entries: console.session().log(),
    }
}

/// A one-step lesson file whose step has the goals given as JSON.
pub fn lesson_with_goals(goals: &str) -> String {
    format!(
        r#"{{"version": 2, "id": "t", "title": "T", "summary": "S", "learnt": "L",
            "steps": [{{"text": "Do it", "hints": ["h"], "goals": [{goals}], "solution": ["az group list"]}}]}}"#
    )
}

/// The goal of `{"label": "g", <predicate>}`, read through a lesson file.
pub fn goal(predicate: &str) -> Goal {
    let text = lesson_with_goals(&format!(r#"{{"label": "g", {predicate}}}"#));
    match Lesson::read("test.json", &text) {
        Ok(lesson) => lesson.steps[0].goals[0].clone(),
        Err(error) => panic!("the goal {predicate} is refused: {error}"),
    }
}

/// Whether the goal holds after the lines.
pub fn holds(predicate: &str, console: &console::Console) -> bool {
    goal(predicate).holds(facts(console))
}
