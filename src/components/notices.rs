//! The banner of a saved session kept aside until the learner decides about it (notices themselves live in the strip, `changes`).

use yew::prelude::*;

use super::{small_button, Dispatch};
use crate::state::{Action, Kept};

/// The original of a saved session that did not load whole: download it or let it go.
pub fn kept_banner(dispatch: &Dispatch, kept: &Kept) -> Html {
    let dispatch = dispatch.clone();
    let discard = Callback::from(move |_: MouseEvent| dispatch.send(Action::DiscardKept));
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&kept.text))
    );
    html! {
        <section class="kept" role="region" aria-label="A saved session kept aside">
            <p title={kept.why.clone()}>{ "The saved session did not load whole; its original is kept in this browser until you decide." }</p>
            <a class="button" {href} download="mi-playground-session.json">{ "Download the saved session" }</a>
            { small_button("secondary", "Discard it", "Discard it".into(), discard) }
        </section>
    }
}
