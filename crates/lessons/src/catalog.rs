//! The lesson index (`static/lessons/index.json`: the course in order, so the lessons panel shows every lesson before any file is fetched) and the free-play presets (`static/presets.json`).

use crate::lesson::check_version;
use crate::read::{parse_file, At, LessonError, Read};
use crate::text::Text;

/// One lesson as the index lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The lesson's id, as in its file.
    pub id: String,
    /// The lesson's file name in `static/lessons/`.
    pub file: String,
    pub title: Text,
    pub summary: Text,
    /// How many steps the lesson has.
    pub steps: usize,
}

/// A named starting point for free play: console lines run on a fresh world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preset {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub lines: Vec<String>,
}

/// The name errors of the index carry.
pub const INDEX_FILE: &str = "index.json";

/// The name errors of the presets carry.
pub const PRESETS_FILE: &str = "presets.json";

/// An id: lower-case letters, digits and `-`, as lesson ids are.
pub(crate) fn read_id(at: &At<'_>, value: &model::Value) -> Read<String> {
    let id = at.string(value)?;
    if !id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return at.invalid(format!(
            "the id '{id}' may hold only lower-case letters, digits and '-'"
        ));
    }
    Ok(id)
}

/// Reads `index.json`: `{"version": 2, "lessons": [{"id", "file", "title", "summary", "steps"}]}`,
/// the entries in course order. Never panics.
pub fn read_index(text: &str) -> Result<Vec<Entry>, LessonError> {
    let value = parse_file(INDEX_FILE, text)?;
    let at = At::root(INDEX_FILE);
    at.object(&value, &["version", "lessons"])?;
    check_version(&at, &value)?;
    let fields = at.object(&value, &["version", "lessons"])?;
    let entries = at.field("lessons").list(
        fields.need(&at, "lessons", "the lessons, in course order")?,
        true,
        |at, value| {
            let fields = at.object(value, &["id", "file", "title", "summary", "steps"])?;
            let file =
                at.field("file")
                    .string(fields.need(at, "file", "the lesson's file name")?)?;
            if file.contains('/') || file.contains('\\') || !file.ends_with(".json") {
                return at
                    .field("file")
                    .invalid("a file name beside index.json, ending in .json");
            }
            Ok(Entry {
                id: read_id(&at.field("id"), fields.need(at, "id", "the lesson's id")?)?,
                file,
                title: at
                    .field("title")
                    .text(fields.need(at, "title", "the lesson's title")?)?,
                summary: at.field("summary").text(fields.need(
                    at,
                    "summary",
                    "what the lesson is about",
                )?)?,
                steps: at.field("steps").count(
                    fields.need(at, "steps", "how many steps the lesson has")?,
                    1_000,
                )?,
            })
        },
    )?;
    for (index, entry) in entries.iter().enumerate() {
        if entries[..index].iter().any(|e| e.id == entry.id) {
            return at
                .field("lessons")
                .index(index)
                .field("id")
                .invalid(format!("the id '{}' is listed twice", entry.id));
        }
    }
    Ok(entries)
}

/// Reads `presets.json`: `{"version": 2, "presets": [{"id", "title", "summary", "lines"}]}`.
/// Never panics.
pub fn read_presets(text: &str) -> Result<Vec<Preset>, LessonError> {
    let value = parse_file(PRESETS_FILE, text)?;
    let at = At::root(PRESETS_FILE);
    at.object(&value, &["version", "presets"])?;
    check_version(&at, &value)?;
    let fields = at.object(&value, &["version", "presets"])?;
    at.field("presets").list(
        fields.need(&at, "presets", "the starting points")?,
        true,
        |at, value| {
            let fields = at.object(value, &["id", "title", "summary", "lines"])?;
            Ok(Preset {
                id: read_id(&at.field("id"), fields.need(at, "id", "the preset's id")?)?,
                title: at
                    .field("title")
                    .text(fields.need(at, "title", "the preset's name")?)?,
                summary: at.field("summary").text(fields.need(
                    at,
                    "summary",
                    "what the world holds",
                )?)?,
                lines: at.field("lines").lines(
                    fields.need(at, "lines", "the console lines that build it")?,
                    true,
                )?,
            })
        },
    )
}
