//! `az-playground lesson check FILE…`: lesson files read, their setups and solutions run through this console, each goal printed as it turns true; and the console as the lessons crate's [`Runner`].

use crate::console::Console;
use lessons::check::{check_lesson, compare_index, Runner};
use lessons::Lesson;
use model::{LogEntry, World};
use std::path::Path;

impl Runner for Console {
    fn run(&mut self, line: &str) -> Result<(), String> {
        let output = self.run_line(line);
        match output.exit_code {
            0 => Ok(()),
            _ => Err(output.combined()),
        }
    }

    fn world(&self) -> &World {
        self.session().world()
    }

    fn log(&self) -> &[LogEntry] {
        self.session().log()
    }

    fn new_shell(&mut self) {
        *self = Console::with_session(self.session().clone());
    }
}

/// The seed lesson checks run with: any works, as lessons never name a GUID.
const SEED: u64 = 0;

/// Checks the files and returns what to print and the exit status: 0 when every lesson is
/// solvable (and every `index.json` among them agrees with its lessons), else 1.
pub fn run(files: &[String]) -> (String, i32) {
    let mut out = String::new();
    let mut failed = 0;
    let mut checked = 0;
    for path in files {
        let name = Path::new(path)
            .file_name()
            .map_or(path.clone(), |name| name.to_string_lossy().into_owned());
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                out.push_str(&format!("{path}: cannot read: {error}\n"));
                failed += 1;
                continue;
            }
        };
        checked += 1;
        let problems = if name == lessons::catalog::INDEX_FILE {
            check_index(path, &text, &mut out)
        } else {
            check_file(&name, &text, &mut out)
        };
        if problems > 0 {
            failed += 1;
        }
    }
    if failed == 0 {
        out.push_str(&format!("lesson check: {checked} file(s) ok\n"));
        (out, 0)
    } else {
        out.push_str(&format!(
            "lesson check: {failed} of {} file(s) failed\n",
            files.len()
        ));
        (out, 1)
    }
}

/// Checks one lesson file; returns how many problems it has.
fn check_file(name: &str, text: &str, out: &mut String) -> usize {
    let lesson = match Lesson::read(name, text) {
        Ok(lesson) => lesson,
        Err(error) => {
            out.push_str(&format!("{error}\n"));
            return 1;
        }
    };
    out.push_str(&format!(
        "{name}: lesson '{}', {} step(s)\n",
        lesson.id,
        lesson.steps.len()
    ));
    let report = check_lesson(&lesson, || Console::new(SEED));
    for line in &report.printed {
        out.push_str(&format!("  {line}\n"));
    }
    for problem in &report.problems {
        out.push_str(&format!("{name}: {problem}\n"));
    }
    if report.ok() {
        out.push_str(&format!(
            "{name}: ok (solvable; its setup leaves step 1 open; without its last line it stays unsolved)\n"
        ));
    }
    report.problems.len()
}

/// Checks an index against the lesson files beside it; returns how many problems it has.
fn check_index(path: &str, text: &str, out: &mut String) -> usize {
    let entries = match lessons::read_index(text) {
        Ok(entries) => entries,
        Err(error) => {
            out.push_str(&format!("{error}\n"));
            return 1;
        }
    };
    let dir = Path::new(path).parent().unwrap_or(Path::new("."));
    let mut lessons = Vec::new();
    let mut problems = Vec::new();
    let listing = std::fs::read_dir(dir).map(|entries| {
        let mut names: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json") && name != lessons::catalog::INDEX_FILE)
            .collect();
        names.sort();
        names
    });
    match listing {
        Ok(names) => {
            for name in names {
                match std::fs::read_to_string(dir.join(&name)) {
                    Ok(text) => match Lesson::read(&name, &text) {
                        Ok(lesson) => lessons.push((name, lesson)),
                        Err(error) => problems.push(error.to_string()),
                    },
                    Err(error) => problems.push(format!("{name}: cannot read: {error}")),
                }
            }
        }
        Err(error) => problems.push(format!("{}: cannot list: {error}", dir.display())),
    }
    problems.extend(compare_index(&entries, &lessons));
    for problem in &problems {
        out.push_str(&format!("{problem}\n"));
    }
    if problems.is_empty() {
        out.push_str(&format!(
            "index.json: ok ({} lessons, as their files say)\n",
            entries.len()
        ));
    }
    problems.len()
}
