//! A lesson: its steps with their goals, read from a JSON file and checked for mistakes on load.

use crate::goal::Goal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the lesson file format this crate reads.
pub const LESSON_FORMAT_VERSION: u32 = 1;

/// One step: what to do, a hint, and the goal that says it is done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub instruction: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// Every goal must be met for the step to be done.
    pub goals: Vec<Goal>,
}

/// A guided lesson. `solution` is the reference answer as console lines: CI runs it through the
/// console and the model, and every step's goals must then be met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub version: u32,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<Step>,
    pub solution: Vec<String>,
}

/// Why a lesson file was refused; its `Display` tells the author what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LessonError {
    /// Not JSON, or not the shape of a lesson (serde's message names the field and position).
    Format(String),
    /// A version this crate does not know.
    Version(u32),
    /// The lesson is shaped right but says nothing to do.
    Empty { id: String, what: &'static str },
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LessonError::Format(detail) => write!(f, "this is not a valid lesson file: {detail}"),
            LessonError::Version(found) => write!(
                f,
                "this lesson file has format version {found}, but the playground reads version {LESSON_FORMAT_VERSION}; update the playground or re-save the lesson"
            ),
            LessonError::Empty { id, what } => {
                write!(f, "lesson '{id}' has no {what}: add at least one")
            }
        }
    }
}

impl std::error::Error for LessonError {}

/// Where a learner is in a lesson. Steps are done in order: a step counts once its goals are met
/// while it is the current step, and stays done when later steps change the world again (lesson 1
/// removes the service principal that step 2 asked for, on purpose).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// How many steps are done.
    pub completed: usize,
}

impl Progress {
    /// Advances past every step whose goals the world now meets, in order; returns how many
    /// steps were completed by this observation.
    pub fn observe(&mut self, lesson: &Lesson, world: &model::World) -> usize {
        let before = self.completed;
        while let Some(step) = lesson.steps.get(self.completed) {
            if !step.is_met(world) {
                break;
            }
            self.completed += 1;
        }
        self.completed - before
    }

    /// The index of the step to do now, or `None` when the lesson is complete.
    pub fn current_step(&self, lesson: &Lesson) -> Option<usize> {
        (self.completed < lesson.steps.len()).then_some(self.completed)
    }

    pub fn is_complete(&self, lesson: &Lesson) -> bool {
        self.completed >= lesson.steps.len()
    }
}

impl Step {
    /// Whether every goal of the step is met in the world.
    pub fn is_met(&self, world: &model::World) -> bool {
        self.goals.iter().all(|goal| goal.is_met(world))
    }
}

impl Lesson {
    /// Reads and checks a lesson file. Never panics on any text.
    pub fn from_json(text: &str) -> Result<Lesson, LessonError> {
        let lesson: Lesson =
            serde_json::from_str(text).map_err(|e| LessonError::Format(e.to_string()))?;
        if lesson.version != LESSON_FORMAT_VERSION {
            return Err(LessonError::Version(lesson.version));
        }
        let empty = |what| LessonError::Empty {
            id: lesson.id.clone(),
            what,
        };
        if lesson.steps.is_empty() {
            return Err(empty("steps"));
        }
        if lesson.steps.iter().any(|step| step.goals.is_empty()) {
            return Err(empty("goals in one of its steps"));
        }
        if lesson.solution.is_empty() {
            return Err(empty("solution"));
        }
        Ok(lesson)
    }
}
