//! The strip under the header: the latest notice, then everything the last change made appear or disappear, on both sides, each a link to it. One line that never grows, so nothing below it moves. A plain function: it re-renders with the shell.

use yew::prelude::*;

use super::{class_list, select_on_click, Dispatch};
use crate::state::{Action, Notice};
use crate::view::Change;

/// How many changes the strip names; the rest are counted (the activity log has them all).
const SHOWN: usize = 8;

pub fn changes_strip(dispatch: &Dispatch, changes: &[Change], notice: Option<&Notice>) -> Html {
    let items = changes.iter().take(SHOWN).map(|change| {
        let sign = if change.appeared { "+" } else { "−" };
        let class = class_list(&[Some("change"), Some(if change.appeared { "appeared" } else { "gone" })]);
        let text = format!("{sign} {}", change.what);
        match &change.selection {
            Some(selection) => {
                let onclick = select_on_click(dispatch, Some(selection.clone()));
                html! { <li {class}><button type="button" class="link" {onclick}><bdi>{ text }</bdi></button></li> }
            }
            None => html! { <li {class}><bdi>{ text }</bdi></li> },
        }
    });
    let note = notice.map(|notice| {
        let dispatch = dispatch.clone();
        let dismiss = Callback::from(move |_: MouseEvent| dispatch.send(Action::DismissNotice));
        html! {
            <div class={class_list(&[Some("notice"), notice.urgent.then_some("urgent")])}
                role={if notice.urgent { "alert" } else { "status" }}>
                <span class="note-text" title={notice.text.clone()}>{ notice.text.clone() }</span>
                // The whole text on demand, laid over the page below the strip.
                <details class="note-more">
                    <summary>{ "More" }</summary>
                    <div class="note-full">{ notice.text.clone() }</div>
                </details>
                <button type="button" class="small" onclick={dismiss} aria-label="Dismiss the notice">{ "Dismiss" }</button>
            </div>
        }
    });
    html! {
        <section class="changes" aria-label="What the last change did" aria-live="polite">
            { for note }
            if changes.is_empty() && notice.is_none() {
                <p class="hint">{ "What your next command changes shows here, on both sides." }</p>
            } else {
                <span class="changes-title">{ "Last change:" }</span>
                <ul>{ for items }
                    if changes.len() > SHOWN {
                        <li class="change more">{ format!("and {} more (see the activity log)", changes.len() - SHOWN) }</li>
                    }
                </ul>
            }
        </section>
    }
}
