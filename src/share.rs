//! Share links and session files: `later/share.js` (loaded when a link is opened or made) reads and makes `#s1.` links with the browser's own compression and shows the "Share" dialog (link, .az file, script for real Azure); this file hands it the session and takes back the one a link or file holds.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/later.js")]
extern "C" {
    /// Calls `open` with the session of each share link the address gets (`{seed, lines,
    /// lesson, step}`) or why it can't be opened (`{why}`): on a fragment change;
    /// and with each session file opened in the dialog or dropped on the page (`{lines}`).
    #[wasm_bindgen(js_name = watchLinks)]
    fn watch_links(open: &Closure<dyn Fn(JsValue)>);
    /// Shows the "Share" dialog for a session.
    #[wasm_bindgen(js_name = shareDialog)]
    pub fn dialog(seed: f64, lines: JsValue);
    /// The share link in the address at start, being read (a promise of what `watchLinks` hands
    /// `open`), or null: taken once.
    #[wasm_bindgen(js_name = linkAtStart)]
    fn link_at_start() -> Option<js_sys::Promise>;
    /// The address loses its share fragment.
    #[wasm_bindgen(js_name = forgetLink)]
    pub fn forget();
}

thread_local! {
    static AT_START: std::cell::Cell<Option<JsValue>> = const { std::cell::Cell::new(None) };
}

/// Runs `then` once the share link in the address at start, if any, is read: the page then draws
/// the shared session at once, not the learner's own work first.
pub fn read_at_start(then: impl FnOnce() + 'static) {
    match link_at_start() {
        None => then(),
        Some(reading) => wasm_bindgen_futures::spawn_local(async move {
            let found = wasm_bindgen_futures::JsFuture::from(reading).await;
            AT_START.set(Some(found.unwrap_or_else(|error| error)));
            then();
        }),
    }
}

/// What the share link in the address at start holds, once.
pub fn at_start() -> Option<JsValue> {
    AT_START.take()
}

/// Hands `open` each share link the address gets after start, and each session file, for the page's life.
pub fn watch(open: impl Fn(JsValue) + 'static) {
    let open = Closure::<dyn Fn(JsValue)>::new(open);
    watch_links(&open);
    open.forget();
}
