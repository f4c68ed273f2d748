//! The lessons from the page's side: starts the lesson worker when lessons are first wanted (its code is not in the first load), tells it the lab's session after every change, and does what it answers (open a lab, keep a run, offer a line). `lessons.js` beside this file draws its panel.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/lessons.js")]
extern "C" {
    /// Starts the worker; '' or why it could not start.
    #[wasm_bindgen(js_name = startLessons)]
    fn start_lessons(url: &str, start: &JsValue, on_answer: &Closure<dyn Fn(JsValue)>) -> String;
    #[wasm_bindgen(js_name = postLessons)]
    pub fn post(message: &JsValue);
    /// Draws the latest panel into `#lessons` (after the page drew a new one).
    #[wasm_bindgen(js_name = drawLessons)]
    pub fn draw();
    /// Shows a panel tree in `#lessons`, as when the worker sends one.
    #[wasm_bindgen(js_name = showPanel)]
    pub fn show_panel(tree: &JsValue);
    /// Why a progress file's text can't be imported ('' when it can; its items then go in `items`).
    #[wasm_bindgen(js_name = readProgress)]
    pub fn read_progress(text: &str, items: &JsValue) -> String;
}

/// The worker's loader (static/tutor-loader.js), relative to the page.
const LOADER: &str = "later/tutor-loader.js";

/// Starts the worker with its `start` message; `on_answer` gets each answer but the panel (which
/// `lessons.js` draws). `Err` says why the browser refused.
pub fn start(start: &JsValue, on_answer: impl Fn(JsValue) + 'static) -> Result<(), String> {
    // One worker per page, for the page's life.
    let on_answer = Closure::<dyn Fn(JsValue)>::new(on_answer);
    let why = start_lessons(LOADER, start, &on_answer);
    on_answer.forget();
    match why.is_empty() {
        true => Ok(()),
        false => Err(why),
    }
}

/// A message: `{"t": kind, …fields}`.
pub fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let object = self::object(fields);
    let _ = Reflect::set(&object, &"t".into(), &kind.into());
    object
}

/// A plain object of `fields`.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &(*name).into(), value);
    }
    object.into()
}

/// A field of an answer.
pub fn field(answer: &JsValue, name: &str) -> JsValue {
    Reflect::get(answer, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A field of an answer as text ("" when absent or not text).
pub fn text(answer: &JsValue, name: &str) -> String {
    field(answer, name).as_string().unwrap_or_default()
}
