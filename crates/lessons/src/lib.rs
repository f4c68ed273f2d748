//! Guided lessons as data, and the checker of their goals against the model's world.

pub mod goal;
pub mod lesson;

pub use goal::{Goal, PrincipalRef, ResourceRef, ScopeRef};
pub use lesson::{Lesson, LessonError, Progress, Step, LESSON_FORMAT_VERSION};

/// The built-in lessons' files, in the order a course takes them.
const BUILT_IN: [(&str, &str); 2] = [
    (
        "01-system-assigned.json",
        include_str!("../lessons/01-system-assigned.json"),
    ),
    (
        "02-user-assigned.json",
        include_str!("../lessons/02-user-assigned.json"),
    ),
];

/// The built-in lessons. Their files are checked by this crate's tests, so a broken one never ships;
/// should one fail anyway, it is left out and named in the error list instead of taking the others down.
pub fn built_in() -> (Vec<Lesson>, Vec<(String, LessonError)>) {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in BUILT_IN {
        match Lesson::from_json(text) {
            Ok(lesson) => lessons.push(lesson),
            Err(error) => errors.push((file.to_string(), error)),
        }
    }
    (lessons, errors)
}
