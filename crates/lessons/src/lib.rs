//! Guided lessons as data: reading lesson files, the closed vocabulary of goals, the checking of goals against the model's world, and a learner's run through a lesson.
//!
//! The crate reads JSON with `model::value::parse` (no serde: it goes into the page's wasm) and
//! never panics on any input: a bad file is a [`LessonError`] naming the file, the JSON path and
//! the problem.

pub mod advisor;
pub mod catalog;
pub mod check;
pub mod eval;
pub mod events;
pub mod goal;
pub mod lesson;
pub mod names;
pub mod predict;
pub mod read;
pub mod run;
pub mod text;

pub use advisor::{Account, Advice, Advisor, Reached};
pub use catalog::{read_index, read_presets, Entry, Preset};
pub use eval::Facts;
pub use goal::{Check, Goal};
pub use lesson::{Lesson, Step, FORMAT_VERSION};
pub use predict::{Candidate, Predict, Verdict};
pub use read::{LessonError, Problem};
pub use run::{lines_used, Prediction, Run};
pub use text::{Lang, Text};
