//! Fetches the playground's data files (the help pages; lessons) from beside index.html.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// The text of `path`, relative to the page (a course may host the playground in any folder), or
/// why it could not be had.
pub async fn text(path: &str) -> Result<String, String> {
    let failed = |what: &str| format!("{path} could not be loaded ({what})");
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| failed("the network refused"))?;
    let response: Response = response.dyn_into().map_err(|_| failed("no response"))?;
    if !response.ok() {
        return Err(failed(&format!("HTTP {}", response.status())));
    }
    let body = response.text().map_err(|_| failed("no body"))?;
    JsFuture::from(body)
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| failed("no text"))
}
