//! A learner's run through a lesson: the current step, the hints and solution lines shown, a pending prediction, as a small value the page stores and restores.

use crate::eval::Facts;
use crate::predict::{Candidate, Verdict};
use crate::text::{Lang, Text};
use crate::Lesson;
use model::value::Number;
use model::{Command, LogEntry, Value};

/// Where a learner is in a lesson. Pure data: the page keeps it in localStorage (see
/// [`Run::encode`]) next to the session, whose log it indexes.
///
/// Log indexes are positions in the session's log (`Session::log`), counted from its start: the
/// goals of the run look at the entries from [`Run::from`] on, so they must be given
/// `Facts { world, entries: run.since(session.log()) }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The current step (0-based); equal to the number of steps once the lesson is done.
    pub step: usize,
    /// How many hints of the current step are shown.
    pub hints: usize,
    /// How many solution lines of the current step were handed out.
    pub solution: usize,
    /// The log index where the lesson's setup ended: the run's own entries start here.
    pub from: usize,
    /// The learner's latest prediction.
    pub prediction: Option<Prediction>,
    /// Every step is done.
    pub done: bool,
}

/// What the learner predicted in a predict-first step, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// The step it was made in.
    pub step: usize,
    /// The keys ([`Candidate::key`]) of the objects the learner ticked.
    pub chosen: Vec<String>,
    /// The log index when it was made: the events judged are those from here on.
    pub at: usize,
    /// The log index when its step was done: the events judged end here. `None` while the step
    /// runs.
    pub until: Option<usize>,
}

/// The format [`Run::encode`] writes.
const RUN_VERSION: i64 = 1;

/// More than any lesson has: a decoded number above this is junk.
const MAX_INDEX: i64 = 1_000_000;

fn number(n: usize) -> Value {
    Value::Number(Number::from(n as u64))
}

fn index_of(value: Option<&Value>) -> Option<usize> {
    value
        .and_then(Value::as_i64)
        .filter(|n| (0..=MAX_INDEX).contains(n))
        .map(|n| n as usize)
}

impl Run {
    /// A run whose setup ended at log index `from` (`session.log().len()` right after the setup's
    /// lines ran).
    pub fn start(from: usize) -> Run {
        Run {
            step: 0,
            hints: 0,
            solution: 0,
            from,
            prediction: None,
            done: false,
        }
    }

    /// The log entries of the run: those from [`Run::from`] on. Empty, not a panic, when the
    /// learner undid past the setup's end.
    pub fn since<'l>(&self, log: &'l [LogEntry]) -> &'l [LogEntry] {
        log.get(self.from..).unwrap_or_default()
    }

    /// The current step, unless the lesson is done.
    pub fn current<'l>(&self, lesson: &'l Lesson) -> Option<&'l crate::Step> {
        if self.done {
            return None;
        }
        lesson.steps.get(self.step)
    }

    /// The current step's goals, each as its label in `lang` and whether it holds now: the
    /// checklist. Empty when the lesson is done.
    pub fn goals(&self, lesson: &Lesson, facts: Facts<'_>, lang: Lang) -> Vec<(String, bool)> {
        self.current(lesson).map_or_else(Vec::new, |step| {
            step.goals
                .iter()
                .map(|goal| {
                    let label = goal.label.as_ref().map_or("", |label| label.get(lang));
                    (label.to_string(), goal.holds(facts))
                })
                .collect()
        })
    }

    /// Moves past every step whose goals all hold, in order, and returns whether it moved. Called
    /// after every command, so a step advances the moment its goals hold.
    pub fn advance(&mut self, lesson: &Lesson, facts: Facts<'_>) -> bool {
        let before = (self.step, self.done);
        while let Some(step) = self.current(lesson) {
            if !step.goals.iter().all(|goal| goal.holds(facts)) {
                break;
            }
            if let Some(prediction) = &mut self.prediction {
                if prediction.step == self.step && prediction.until.is_none() {
                    prediction.until = Some(self.from + facts.entries.len());
                }
            }
            self.step += 1;
            self.hints = 0;
            self.solution = 0;
        }
        if self.step >= lesson.steps.len() {
            self.step = lesson.steps.len();
            self.done = true;
        }
        (self.step, self.done) != before
    }

    /// The hints of the current step shown so far.
    pub fn hints_shown<'l>(&self, lesson: &'l Lesson) -> &'l [Text] {
        self.current(lesson)
            .map_or(&[], |step| &step.hints[..self.hints.min(step.hints.len())])
    }

    /// Reveals the next hint of the current step and returns it; `None` when all are shown.
    pub fn next_hint<'l>(&mut self, lesson: &'l Lesson) -> Option<&'l Text> {
        let hint = self.current(lesson)?.hints.get(self.hints)?;
        self.hints += 1;
        Some(hint)
    }

    /// The next line of the current step's reference solution, for the console's input (not run);
    /// `None` when all were handed out.
    pub fn next_solution_line<'l>(&mut self, lesson: &'l Lesson) -> Option<&'l str> {
        let line = self.current(lesson)?.solution.get(self.solution)?;
        self.solution += 1;
        Some(line)
    }

    /// What the learner may tick in the current step's prediction, from the world as it is before
    /// they act; `None` when the step asks for no prediction.
    pub fn candidates(&self, lesson: &Lesson, world: &model::World) -> Option<Vec<Candidate>> {
        let predict = self.current(lesson)?.predict.as_ref()?;
        Some(predict.candidates(world))
    }

    /// Records the learner's prediction for the current step, made when the log had `log_len`
    /// entries. Keys that name no candidate are kept out. Returns false (and records nothing)
    /// when the step asks for no prediction.
    pub fn predict(&mut self, lesson: &Lesson, keys: &[String], log_len: usize) -> bool {
        if self
            .current(lesson)
            .and_then(|step| step.predict.as_ref())
            .is_none()
        {
            return false;
        }
        let mut chosen: Vec<String> = Vec::new();
        for key in keys {
            if Candidate::from_key(key).is_some() && !chosen.contains(key) {
                chosen.push(key.clone());
            }
        }
        self.prediction = Some(Prediction {
            step: self.step,
            chosen,
            at: log_len.max(self.from),
            until: None,
        });
        true
    }

    /// The judgement of the latest prediction, from the events since it was made (up to the end of
    /// its step): each object chosen or touched, whether it was chosen, whether it happened, and
    /// the event's explanation. `None` without a prediction. `facts.entries` are the run's
    /// entries, as for [`Run::goals`].
    pub fn judgement(&self, lesson: &Lesson, facts: Facts<'_>) -> Option<Vec<Verdict>> {
        let prediction = self.prediction.as_ref()?;
        let predict = lesson.steps.get(prediction.step)?.predict.as_ref()?;
        let start = prediction.at.saturating_sub(self.from);
        let end = prediction
            .until
            .map_or(facts.entries.len(), |until| until.saturating_sub(self.from));
        let entries = facts
            .entries
            .get(start..end.min(facts.entries.len()))
            .unwrap_or_default();
        let chosen: Vec<Candidate> = prediction
            .chosen
            .iter()
            .filter_map(|key| Candidate::from_key(key))
            .collect();
        Some(predict.judge(&chosen, entries))
    }

    /// The run as a short JSON text for localStorage.
    pub fn encode(&self) -> String {
        let mut pairs = vec![
            ("v", Value::Number(Number::from(RUN_VERSION))),
            ("step", number(self.step)),
            ("hints", number(self.hints)),
            ("solution", number(self.solution)),
            ("from", number(self.from)),
            ("done", Value::Bool(self.done)),
        ];
        if let Some(prediction) = &self.prediction {
            let mut fields = vec![
                ("step", number(prediction.step)),
                ("at", number(prediction.at)),
                (
                    "chosen",
                    Value::Array(prediction.chosen.iter().map(Value::str).collect()),
                ),
            ];
            if let Some(until) = prediction.until {
                fields.push(("until", number(until)));
            }
            pairs.push(("prediction", Value::object(fields)));
        }
        Value::object(pairs).to_compact_utf8()
    }

    /// A run from [`Run::encode`]'s text; `None` for anything else (junk, another version, numbers
    /// out of range). Never panics.
    pub fn decode(text: &str) -> Option<Run> {
        let value = model::value::parse(text).ok()?;
        if value.get("v")?.as_i64()? != RUN_VERSION {
            return None;
        }
        let prediction = match value.get("prediction") {
            None | Some(Value::Null) => None,
            Some(prediction) => {
                let chosen = prediction
                    .get("chosen")?
                    .as_array()?
                    .iter()
                    .map(|key| key.as_str().map(str::to_string))
                    .collect::<Option<Vec<String>>>()?;
                let until = match prediction.get("until") {
                    None => None,
                    some => Some(index_of(some)?),
                };
                Some(Prediction {
                    step: index_of(prediction.get("step"))?,
                    chosen,
                    at: index_of(prediction.get("at"))?,
                    until,
                })
            }
        };
        Some(Run {
            step: index_of(value.get("step"))?,
            hints: index_of(value.get("hints"))?,
            solution: index_of(value.get("solution"))?,
            from: index_of(value.get("from"))?,
            prediction,
            done: value.get("done")?.as_bool()?,
        })
    }
}

/// The console lines of the learner's commands, for the lesson's end summary: each command's
/// canonical line (`to_cli`, from the console crate), in order, each line once; resets left out.
pub fn lines_used(entries: &[LogEntry], to_cli: impl Fn(&Command) -> String) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for entry in entries {
        if entry.command == Command::Reset {
            continue;
        }
        let line = to_cli(&entry.command);
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines
}
