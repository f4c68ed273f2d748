//! A lesson: its setup, its steps (text, hints, goals, solution, and a prediction or the advisor), read from a file of format version 2 and checked on the way in.

use crate::advisor::{Advice, Advisor};
use crate::goal::{Check, Goal};
use crate::predict::Predict;
use crate::read::{parse_file, At, LessonError, Problem, Read};
use crate::text::{Lang, Text};

/// The lesson file format this crate reads.
pub const FORMAT_VERSION: i64 = 2;

/// One step: what to do, hints revealed one at a time, the goals that say it is done, and the
/// reference solution as console lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub text: Text,
    pub hints: Vec<Text>,
    /// Each with its label; the step is done when all hold.
    pub goals: Vec<Goal>,
    /// Console lines that solve this step, from where the step before left off. They set their own
    /// shell variables: a learner may have solved the steps before differently.
    pub solution: Vec<String>,
    /// Asked before the learner acts, judged by what their commands then do.
    pub predict: Option<Predict>,
    /// The advisor's scenario for this step, when the lesson has an advisor.
    pub advice: Option<Advice>,
}

/// A guided lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Lower-case letters, digits and `-`: the key its progress is stored under.
    pub id: String,
    pub title: Text,
    /// What the lesson is about, shown before it starts.
    pub summary: Text,
    /// Console lines run before the first step, on a fresh world.
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
    /// What was learnt, shown when the lesson ends.
    pub learnt: Text,
    pub advisor: Option<Advisor>,
}

const LESSON_FIELDS: &[&str] = &[
    "version", "id", "title", "summary", "setup", "steps", "learnt", "advisor",
];
const STEP_FIELDS: &[&str] = &["text", "hints", "goals", "solution", "predict", "advice"];

/// Reads a file's `version` first, so a file of another version is refused for that, not for
/// the fields it has.
pub(crate) fn check_version(at: &At<'_>, value: &model::Value) -> Read<()> {
    let Some(version) = value.get("version") else {
        return at.field("version").fail(Problem::Missing {
            why: "the format version: 2",
        });
    };
    match version.as_i64() {
        Some(FORMAT_VERSION) => Ok(()),
        _ => at.field("version").fail(Problem::Version {
            found: match version {
                model::Value::Number(_) | model::Value::String(_) => {
                    model::value::Value::to_compact(version)
                }
                other => crate::read::type_name(other).to_string(),
            },
        }),
    }
}

impl Lesson {
    /// Reads and checks a lesson file named `file`. Never panics, whatever the text.
    pub fn read(file: &str, text: &str) -> Result<Lesson, LessonError> {
        let value = parse_file(file, text)?;
        let at = At::root(file);
        if !matches!(value, model::Value::Object(_)) {
            at.object(&value, LESSON_FIELDS)?;
        }
        check_version(&at, &value)?;
        let fields = at.object(&value, LESSON_FIELDS)?;
        let id = crate::catalog::read_id(
            &at.field("id"),
            fields.need(&at, "id", "the lesson's id, e.g. system-assigned")?,
        )?;
        let title = at
            .field("title")
            .text(fields.need(&at, "title", "the lesson's title")?)?;
        let summary = at.field("summary").text(fields.need(
            &at,
            "summary",
            "what the lesson is about, shown before it starts",
        )?)?;
        let setup = match fields.get("setup") {
            Some(lines) => at.field("setup").lines(lines, false)?,
            None => Vec::new(),
        };
        let learnt = at.field("learnt").text(fields.need(
            &at,
            "learnt",
            "what was learnt, shown when the lesson ends",
        )?)?;
        let advisor = match fields.get("advisor") {
            Some(advisor) => Some(Advisor::read(&at.field("advisor"), advisor)?),
            None => None,
        };
        let steps_at = at.field("steps");
        let steps = steps_at.list(
            fields.need(&at, "steps", "the lesson's steps")?,
            true,
            |at, value| Step::read(at, value, advisor.as_ref()),
        )?;
        Ok(Lesson {
            id,
            title,
            summary,
            setup,
            steps,
            learnt,
            advisor,
        })
    }

    /// The languages every text of the lesson is written in (English always).
    pub fn languages(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|lang| self.texts().iter().all(|text| text.has(*lang)))
            .collect()
    }

    /// The languages some text of the lesson is written in: a lesson is translated throughout
    /// or not at all, and `lesson check` compares the two.
    pub fn languages_used(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|lang| self.texts().iter().any(|text| text.has(*lang)))
            .collect()
    }

    /// Every text of the lesson, with where it is: for finding one not translated.
    pub fn texts_at(&self) -> Vec<(String, &Text)> {
        let mut out = vec![
            ("title".to_string(), &self.title),
            ("summary".to_string(), &self.summary),
            ("learnt".to_string(), &self.learnt),
        ];
        for (i, step) in self.steps.iter().enumerate() {
            out.push((format!("steps[{i}].text"), &step.text));
            for (j, hint) in step.hints.iter().enumerate() {
                out.push((format!("steps[{i}].hints[{j}]"), hint));
            }
            for (j, goal) in step.goals.iter().enumerate() {
                collect_labels(goal, format!("steps[{i}].goals[{j}]"), &mut out);
            }
            if let Some(predict) = &step.predict {
                out.push((format!("steps[{i}].predict.question"), &predict.question));
            }
            if let Some(advice) = &step.advice {
                out.push((format!("steps[{i}].advice.scenario"), &advice.scenario));
            }
        }
        if let Some(advisor) = &self.advisor {
            for (i, question) in advisor.questions.iter().enumerate() {
                out.push((format!("advisor.questions[{i}].text"), &question.text));
                for (j, answer) in question.answers.iter().enumerate() {
                    out.push((
                        format!("advisor.questions[{i}].answers[{j}].text"),
                        &answer.text,
                    ));
                }
            }
            for (i, recommendation) in advisor.recommendations.iter().enumerate() {
                out.push((
                    format!("advisor.recommendations[{i}].title"),
                    &recommendation.title,
                ));
                out.push((
                    format!("advisor.recommendations[{i}].reason"),
                    &recommendation.reason,
                ));
            }
        }
        out
    }

    fn texts(&self) -> Vec<&Text> {
        self.texts_at().into_iter().map(|(_, text)| text).collect()
    }
}

fn collect_labels<'a>(goal: &'a Goal, path: String, out: &mut Vec<(String, &'a Text)>) {
    if let Some(label) = &goal.label {
        out.push((format!("{path}.label"), label));
    }
    let (key, children): (&str, Vec<&Goal>) = match &goal.check {
        Check::All(goals) => ("all", goals.iter().collect()),
        Check::Any(goals) => ("any", goals.iter().collect()),
        Check::Count { of, .. } => ("count.of", of.iter().collect()),
        Check::Not(goal) => {
            collect_labels(goal, format!("{path}.not"), out);
            return;
        }
        _ => return,
    };
    for (i, child) in children.into_iter().enumerate() {
        collect_labels(child, format!("{path}.{key}[{i}]"), out);
    }
}

impl Step {
    fn read(at: &At<'_>, value: &model::Value, advisor: Option<&Advisor>) -> Read<Step> {
        let fields = at.object(value, STEP_FIELDS)?;
        let text =
            at.field("text")
                .text(fields.need(at, "text", "what the learner is asked to do")?)?;
        let hints = at.field("hints").list(
            fields.need(at, "hints", "hints, revealed one at a time")?,
            true,
            |at, hint| at.text(hint),
        )?;
        let goals = at.field("goals").list(
            fields.need(at, "goals", "the goals that say the step is done")?,
            true,
            |at, goal| Goal::read(at, goal, true),
        )?;
        let solution = at.field("solution").lines(
            fields.need(at, "solution", "console lines that solve the step")?,
            true,
        )?;
        let predict = match fields.get("predict") {
            Some(predict) => Some(Predict::read(&at.field("predict"), predict)?),
            None => None,
        };
        let advice = match fields.get("advice") {
            Some(advice) => {
                let at = at.field("advice");
                let Some(advisor) = advisor else {
                    return at.invalid("a step's advice needs the lesson's 'advisor'");
                };
                let fields = at.object(advice, &["scenario", "expect"])?;
                let scenario = at.field("scenario").text(fields.need(
                    &at,
                    "scenario",
                    "the situation the learner asks the advisor about",
                )?)?;
                let expect_at = at.field("expect");
                let expect = crate::advisor::Account::read(
                    &expect_at,
                    fields.need(&at, "expect", "the account the step's goals build")?,
                )?;
                if !advisor.reachable().contains(&expect) {
                    return expect_at.invalid(format!(
                        "no path of the advisor recommends '{}'",
                        expect.key()
                    ));
                }
                Some(Advice { scenario, expect })
            }
            None => None,
        };
        Ok(Step {
            text,
            hints,
            goals,
            solution,
            predict,
            advice,
        })
    }
}
