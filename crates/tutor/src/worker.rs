//! The browser side of the worker: page messages in, the tutor's answers out, and the lesson files fetched (relative to the worker's own URL, which sits beside the page).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::JSON;
use model::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

use crate::Tutor;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// A JS value as a `model::Value` (through JSON text: the page's messages are plain data).
fn to_value(js: &JsValue) -> Option<Value> {
    let text = JSON::stringify(js).ok()?.as_string()?;
    model::value::parse(&text).ok()
}

fn handle(tutor: &Rc<RefCell<Tutor>>, message: &Value) {
    let answers = tutor.borrow_mut().handle(message);
    for answer in answers {
        if answer.get("t").and_then(Value::as_str) == Some("fetch") {
            let url = answer
                .get("url")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let tutor = tutor.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = fetch(&url).await;
                let file = Value::object(vec![
                    ("t", Value::str("file")),
                    ("url", Value::str(url.as_str())),
                    ("text", text.map_or(Value::Null, Value::str)),
                ]);
                handle(&tutor, &file);
            });
            continue;
        }
        if let Ok(js) = JSON::parse(&answer.to_compact()) {
            let _ = scope().post_message(&js);
        }
    }
}

/// A file's text; `None` when it could not be fetched.
async fn fetch(url: &str) -> Option<String> {
    // Relative to the worker script, which Trunk puts in `later/`: the page's files are one up.
    let response = JsFuture::from(scope().fetch_with_str(&format!("../{url}")))
        .await
        .ok()?;
    let response: Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// Starts listening to the page.
pub fn run() {
    let tutor = Rc::new(RefCell::new(Tutor::new()));
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(message) = to_value(&event.data()) {
            handle(&tutor, &message);
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope().post_message(&JsValue::from_str("ready"));
}
