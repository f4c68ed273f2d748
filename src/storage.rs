//! The browser side of persistence: the saved log in localStorage as JSON (encoded and decoded by the browser's own `JSON`), every failure reported instead of panicking.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::state::{SavedLog, Stored};

/// Where the session's save text lives.
pub const KEY: &str = "mi-playground.session";

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
fn strings(value: &JsValue) -> Option<Vec<String>> {
    if !Array::is_array(value) {
        return None;
    }
    Array::from(value)
        .iter()
        .map(|line| line.as_string())
        .collect()
}

/// A JavaScript array of the lines: `strings` read back.
fn array(lines: &[String]) -> Array {
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

/// What storage holds at start-up.
pub fn load() -> Stored {
    match local_storage() {
        Err(why) => Stored::Unavailable(why),
        Ok(storage) => match storage.get_item(KEY) {
            Ok(Some(text)) => decode(&text),
            Ok(None) => Stored::Nothing,
            Err(_) => Stored::Unavailable("local storage can't be read".into()),
        },
    }
}

/// Saves the log; the error says why it could not (storage full, blocked).
pub fn save(saved: &SavedLog) -> Result<(), String> {
    let storage = local_storage()?;
    storage
        .set_item(KEY, &encode(saved))
        .map_err(|_| "local storage is full or refuses writes".to_string())
}
