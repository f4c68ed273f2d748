//! Share links and session files: `later/share.js` (loaded when a link is opened or made) reads and makes `#s1.` links with the browser's own compression and shows the "Share" dialog (link, .az file, script for real Azure); this file hands it the session and takes back the one a link or file holds.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/later.js")]
extern "C" {
    /// Calls `open` with the session of each share link the address gets (`{seed, lines,
    /// lesson, step}`) or why it can't be opened (`{why}`): at start, and on a fragment change;
    /// and with each session file opened in the dialog or dropped on the page (`{lines}`).
    #[wasm_bindgen(js_name = watchLinks)]
    fn watch_links(open: &Closure<dyn Fn(JsValue)>);
    /// Shows the "Share" dialog for a session.
    #[wasm_bindgen(js_name = shareDialog)]
    pub fn dialog(seed: f64, lines: JsValue);
    /// The address loses its share fragment.
    #[wasm_bindgen(js_name = forgetLink)]
    pub fn forget();
}

/// Hands `open` each share link the address gets, for the page's life.
pub fn watch(open: impl Fn(JsValue) + 'static) {
    let open = Closure::<dyn Fn(JsValue)>::new(open);
    watch_links(&open);
    open.forget();
}
