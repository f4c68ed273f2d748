//! Every built-in lesson is solvable: its reference solution, typed into the console line by line,
//! succeeds and completes every step in order — and no step is done before its line runs.

use lessons::Progress;

#[test]
fn every_lesson_is_solved_by_its_reference_solution_step_by_step() {
    let (lessons, errors) = lessons::built_in();
    assert!(errors.is_empty(), "broken lesson files: {errors:?}");
    for lesson in &lessons {
        let mut console = console::Console::new(2026);
        let mut progress = Progress::default();
        progress.observe(lesson, console.session().world());
        assert_eq!(
            progress.completed, 0,
            "'{}' starts with nothing done",
            lesson.id
        );
        for line in &lesson.solution {
            let output = console.run_line(line);
            assert_eq!(
                output.exit_code,
                0,
                "lesson '{}': `{line}` failed:\n{}",
                lesson.id,
                output.combined()
            );
            progress.observe(lesson, console.session().world());
        }
        assert!(
            progress.is_complete(lesson),
            "lesson '{}' stopped at step {} of {}: {}",
            lesson.id,
            progress.completed + 1,
            lesson.steps.len(),
            lesson.steps[progress.completed.min(lesson.steps.len() - 1)].instruction
        );
    }
}

#[test]
fn progress_stops_at_the_first_step_not_done_even_when_later_goals_hold() {
    let lesson = lessons::Lesson::from_json(
        r#"{"version":1,"id":"two-groups","title":"t","summary":"s",
            "solution":["az group create -n first -l westeurope","az group create -n second -l westeurope"],
            "steps":[{"instruction":"first","goals":[{"goal":"group_exists","group":"first"}]},
                     {"instruction":"second","goals":[{"goal":"group_exists","group":"second"}]}]}"#,
    )
    .expect("a valid lesson");
    let mut console = console::Console::new(1);
    let mut progress = Progress::default();
    assert_eq!(
        console
            .run_line("az group create -n second -l westeurope")
            .exit_code,
        0
    );
    assert_eq!(
        progress.observe(&lesson, console.session().world()),
        0,
        "step 1 comes first"
    );
    assert_eq!(
        console
            .run_line("az group create -n first -l westeurope")
            .exit_code,
        0
    );
    assert_eq!(
        progress.observe(&lesson, console.session().world()),
        2,
        "both steps complete at once"
    );
    assert!(progress.is_complete(&lesson));
}
