//! Undo, redo and reset as visible buttons (the shortcuts are wired in the app shell). A plain function: its one bit of state lives in the shell, and every component adds code to the download.

use yew::prelude::*;

use super::small_button;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryIntent {
    Undo,
    Redo,
    Reset,
}

pub struct Toolbar {
    pub can_undo: bool,
    pub can_redo: bool,
    /// How many commands are in effect.
    pub commands: usize,
    pub on_intent: Callback<HistoryIntent>,
    /// Whether the reset is waiting for a confirmation.
    pub confirming: UseStateHandle<bool>,
}

pub fn toolbar(props: Toolbar) -> Html {
    let confirming = props.confirming.clone();
    let send = |intent: HistoryIntent| {
        let on_intent = props.on_intent.clone();
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_intent.emit(intent)
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="Session history">
            <button type="button" onclick={send(HistoryIntent::Undo)} disabled={!props.can_undo}
                aria-keyshortcuts="Control+Z" title="Undo the last command (Ctrl+Z)">{ "↶ Undo" }</button>
            <button type="button" onclick={send(HistoryIntent::Redo)} disabled={!props.can_redo}
                aria-keyshortcuts="Control+Y Control+Shift+Z" title="Redo (Ctrl+Y or Ctrl+Shift+Z)">{ "↷ Redo" }</button>
            if *confirming {
                <span class="confirm" role="group" aria-label="Confirm reset">
                    <span>{ format!("Delete all {} commands?", props.commands) }</span>
                    { small_button("danger", "Yes, reset", "Yes, reset".into(), send(HistoryIntent::Reset)) }
                    { small_button("", "Cancel", "Cancel".into(), cancel) }
                </span>
            } else {
                <button type="button" onclick={ask} disabled={props.commands == 0 && !props.can_redo}
                    title="Start again with an empty subscription">{ "Reset" }</button>
            }
        </div>
    }
}
