//! The lessons from the page's side: starts the lesson worker when lessons are first wanted (its code, and `later/lessons.js` that draws its panel, are not in the first load), tells it the lab's session after every change, and does what it answers (open a lab, keep a run, offer a line).

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/later.js")]
extern "C" {
    /// Starts the worker with its `start` message; `on_answer` gets each answer but the panel
    /// (which `later/lessons.js` draws), and `{t: "failed", why}` if it can't run here.
    #[wasm_bindgen(js_name = startLessons)]
    fn start_lessons(start: &JsValue, on_answer: &Closure<dyn Fn(JsValue)>);
    /// Sends the worker a message (kept until it runs; dropped before it was asked to start).
    #[wasm_bindgen(js_name = postLessons)]
    pub fn post(message: &JsValue);
    /// Draws the latest panel into `#lessons` (after the page drew a new one).
    #[wasm_bindgen(js_name = drawLessons)]
    pub fn draw();
    /// Runs a line in the shell inside a VM (a worker of its own, started the first time);
    /// `on_answer` gets its `{t: "shell", …}` answer once.
    #[wasm_bindgen(js_name = shellLine)]
    pub fn shell(request: &JsValue, on_answer: &JsValue);
}

/// Starts the worker (once, for the page's life).
pub fn start(start: &JsValue, on_answer: impl Fn(JsValue) + 'static) {
    let on_answer = Closure::<dyn Fn(JsValue)>::new(on_answer);
    start_lessons(start, &on_answer);
    on_answer.forget();
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
