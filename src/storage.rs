//! The browser side of persistence: each lab's saved log in localStorage as JSON (encoded and decoded by the browser's own `JSON`), a backup of what could not be loaded, and every failure reported instead of panicking.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::state::{SavedLog, Stored};

/// Where sessions were saved before each lab had its own key: read once into the sandbox.
pub const LEGACY_KEY: &str = "mi-playground.session";

/// The storage key of one lab: the sandbox, a lesson or a scenario, and the embedding page's
/// `instance` when there is one, so two labs (or two copies of one lab on a course page) never
/// share state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key(pub String);

impl Key {
    pub fn new(lab: &str, instance: Option<&str>) -> Key {
        Key(name(lab, instance, "session"))
    }

    /// Where the original text of a save that did not load whole is kept until the learner
    /// downloads or discards it.
    pub fn backup(&self) -> String {
        format!("{}.backup", self.0)
    }
}

/// The storage name of one thing of a lab (`session`, a lesson's `run`), for the embedding page's
/// `instance` when there is one.
pub fn name(lab: &str, instance: Option<&str>, what: &str) -> String {
    match instance {
        Some(instance) => format!("mi-playground.{lab}.{instance}.{what}"),
        None => format!("mi-playground.{lab}.{what}"),
    }
}

/// The text stored under `name`, if storage can be read and holds one.
pub fn read(name: &str) -> Option<String> {
    local_storage().ok()?.get_item(name).ok().flatten()
}

/// Stores `text` under `name` (`None` removes it); a full or blocked storage is left as it is:
/// what the lessons keep beside a session is worth less than a notice in the learner's way.
pub fn write(name: &str, text: Option<&str>) {
    if let Ok(storage) = local_storage() {
        let _ = match text {
            Some(text) => storage.set_item(name, text),
            None => storage.remove_item(name),
        };
    }
}

/// Every stored name that starts with `prefix`.
pub fn names(prefix: &str) -> Vec<String> {
    let Ok(storage) = local_storage() else {
        return Vec::new();
    };
    (0..storage.length().unwrap_or(0))
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|name| name.starts_with(prefix))
        .collect()
}

fn local_storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("there is no window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("local storage is turned off".into()),
        Err(_) => Err("local storage is blocked here".into()),
    }
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads the saved text. The browser's `JSON.parse` does the parsing: it is already in the page,
/// while a Rust JSON reader would add to the download.
pub fn decode(text: &str) -> Stored {
    let Ok(value) = JSON::parse(text) else {
        return Stored::Corrupt("it is not JSON".into());
    };
    if field(&value, "format").as_string().as_deref() != Some(SavedLog::FORMAT) {
        return Stored::Corrupt("it is not a playground session".into());
    }
    // Version 1 is still read: replayed with the steps its lines now need (`Stored::Legacy`).
    let legacy = match field(&value, "version").as_f64() {
        Some(version) if version == SavedLog::VERSION as f64 => false,
        Some(1.0) => true,
        // Formatted as a whole number: formatting an `f64` would add its algorithm to the download.
        Some(version) if version > SavedLog::VERSION as f64 => {
            return Stored::Corrupt(format!(
                "it was saved by a newer playground (format version {}); this one reads version {}",
                version as u64,
                SavedLog::VERSION
            ))
        }
        _ => return Stored::Corrupt("it was saved by another version".into()),
    };
    let Some(seed) = field(&value, "seed")
        .as_f64()
        .filter(|s| *s >= 0.0 && s.fract() == 0.0)
    else {
        return Stored::Corrupt("its seed is not a whole number".into());
    };
    let Some(lines) = strings(&field(&value, "lines")) else {
        return Stored::Corrupt("its list of commands is not a list of text".into());
    };
    // Saved before redo was kept: nothing to redo.
    let redo = field(&value, "redo");
    let redo = if redo.is_undefined() {
        Some(Vec::new())
    } else {
        strings(&redo)
    };
    let Some(redo) = redo else {
        return Stored::Corrupt("its list of undone commands is not a list of text".into());
    };
    let saved = SavedLog {
        seed: seed as u64,
        lines,
        redo,
    };
    if legacy {
        Stored::Legacy(saved)
    } else {
        Stored::Found(saved)
    }
}

/// An array of strings, or `None` if it is anything else.
pub fn strings(value: &JsValue) -> Option<Vec<String>> {
    if !Array::is_array(value) {
        return None;
    }
    Array::from(value)
        .iter()
        .map(|line| line.as_string())
        .collect()
}

/// A JavaScript array of the lines: `strings` read back.
pub fn array(lines: &[String]) -> Array {
    lines.iter().map(|l| JsValue::from_str(l)).collect()
}

/// The saved text of a log.
pub fn encode(saved: &SavedLog) -> String {
    let object = Object::new();

    let _ = Reflect::set(&object, &"format".into(), &SavedLog::FORMAT.into());
    let _ = Reflect::set(
        &object,
        &"version".into(),
        &(SavedLog::VERSION as f64).into(),
    );
    let _ = Reflect::set(&object, &"seed".into(), &(saved.seed as f64).into());
    let _ = Reflect::set(&object, &"lines".into(), &array(&saved.lines));
    if !saved.redo.is_empty() {
        let _ = Reflect::set(&object, &"redo".into(), &array(&saved.redo));
    }
    JSON::stringify(&object)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// What storage holds for a lab at start-up.
pub struct Loaded {
    pub stored: Stored,
    /// The text it was read from, kept aside if it does not load whole.
    pub text: Option<String>,
    /// A backup kept from an earlier start that the learner has not decided about yet.
    pub backup: Option<String>,
}

/// What storage holds for `key` (the sandbox also reads the single key of earlier builds).
pub fn load(key: &Key) -> Loaded {
    let storage = match local_storage() {
        Err(why) => {
            return Loaded {
                stored: Stored::Unavailable(why),
                text: None,
                backup: None,
            }
        }
        Ok(storage) => storage,
    };
    let read = |name: &str| storage.get_item(name);
    let text = match read(&key.0) {
        Ok(None) if key == &Key::new("sandbox", None) => read(LEGACY_KEY),
        other => other,
    };
    match text {
        Err(_) => Loaded {
            stored: Stored::Unavailable("local storage can't be read".into()),
            text: None,
            backup: None,
        },
        Ok(text) => Loaded {
            stored: text.as_deref().map_or(Stored::Nothing, decode),
            text,
            backup: read(&key.backup()).ok().flatten(),
        },
    }
}

/// Saves the log; returns the text written, or why it could not be (storage full, blocked).
pub fn save(key: &Key, saved: &SavedLog) -> Result<String, String> {
    let storage = local_storage()?;
    let text = encode(saved);
    storage
        .set_item(&key.0, &text)
        .map_err(|_| "local storage is full or refuses writes".to_string())?;
    Ok(text)
}

/// Keeps the original text of a save that did not load whole (once: an older backup stays).
pub fn keep_backup(key: &Key, text: &str) {
    if let Ok(storage) = local_storage() {
        if matches!(storage.get_item(&key.backup()), Ok(None)) {
            let _ = storage.set_item(&key.backup(), text);
        }
    }
}

/// The learner decided: the backup goes.
pub fn discard_backup(key: &Key) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(&key.backup());
    }
}
