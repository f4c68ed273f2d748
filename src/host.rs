//! The course page that embeds the playground: `later/host.js` (loaded only inside an iframe) sends it events and answers its requests (`ready`, `resize`, `state-changed`, lesson progress; `run-command`, `load-lesson`, `reset`, `get-state`); this file hands it the app's side.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/later.js")]
extern "C" {
    #[wasm_bindgen(js_name = startHost)]
    fn start_host(
        parent_origin: Option<String>,
        instance: Option<String>,
        version: &str,
        request: &Closure<dyn Fn(String, String, u32) -> JsValue>,
    );
    /// The world changed: counts only.
    #[wasm_bindgen(js_name = stateChanged)]
    pub fn state_changed(commands: usize, resources: usize, service_principals: usize);
}

/// A request of the course page, already checked by `later/host.js` (its origin, its envelope).
pub enum Request {
    /// `run-command {line}`: answered `{ok, stdout, stderr}`.
    Run(String),
    /// `load-lesson {lesson, step?}` (step 0 when not given): answered whether the id is one.
    Load(String, u32),
    Reset,
    /// `get-state`: answered `{link, commands}`.
    State,
}

/// Starts listening to the course page (once, for the page's life); `answer` does each request.
pub fn start(
    parent_origin: Option<String>,
    instance: Option<String>,
    answer: impl Fn(Request) -> JsValue + 'static,
) {
    let request = Closure::<dyn Fn(String, String, u32) -> JsValue>::new(
        move |kind: String, text: String, number: u32| {
            answer(match kind.as_str() {
                "run-command" => Request::Run(text),
                "load-lesson" => Request::Load(text, number),
                "reset" => Request::Reset,
                _ => Request::State,
            })
        },
    );
    start_host(parent_origin, instance, env!("CARGO_PKG_VERSION"), &request);
    request.forget();
}
