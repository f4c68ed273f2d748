//! The app's components and what they share: the dispatcher context, the session view prop, and a labelled text field.

pub mod activity;
pub mod changes;
pub mod console_view;
pub mod diagram;
pub mod directory;
pub mod inspector;
pub mod notices;
pub mod resources;
pub mod toolbar;

use std::cell::Ref;

use model::{Command, Session};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use wasm_bindgen::JsCast;

use crate::state::{Action, Selection, SharedConsole};

/// The only thing in context: how components send intents up.
#[derive(Clone, PartialEq)]
pub struct Dispatch(pub Callback<Action>);

impl Dispatch {
    pub fn send(&self, action: Action) {
        self.0.emit(action);
    }
}

/// The dispatcher from context; a no-op outside the app (a component mounted alone in a test).
#[hook]
pub fn use_dispatch() -> Dispatch {
    use_context::<Dispatch>().unwrap_or_else(|| Dispatch(Callback::noop()))
}

/// How many of a long list's `total` items to draw: a page that opens on many (a shared link, a
/// reload) draws the first screen's `first` at once and `more` per task after it, so the learner
/// sees and can use the page while the rest follows; all of them (`usize::MAX`) once caught up.
/// Its timers fire in the order they were set, so the count only grows; a re-render between steps
/// may set the same step twice, which changes nothing (`use_state_eq`).
#[hook]
pub fn use_first_screen(total: usize, first: usize, more: usize) -> usize {
    let drawn = use_state_eq(|| if total > first { first } else { usize::MAX });
    let now = *drawn;
    if total > now {
        let next = now.saturating_add(more);
        let next = if next < total { next } else { usize::MAX };
        gloo::timers::callback::Timeout::new(0, move || drawn.set(next)).forget();
    }
    now
}

/// A read-only handle on the session, compared by revision: views re-render only when it changed.
#[derive(Clone)]
pub struct SessionView {
    pub revision: u64,
    pub console: SharedConsole,
}

impl PartialEq for SessionView {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && std::rc::Rc::ptr_eq(&self.console, &other.console)
    }
}

impl SessionView {
    pub fn get(&self) -> Ref<'_, Session> {
        Ref::map(self.console.borrow(), console::Console::session)
    }
}

/// A click that runs `command`. Every button that runs a command shares this one closure (each
/// distinct closure adds its own glue to the download).
pub fn run_on_click(dispatch: &Dispatch, command: Command) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| dispatch.send(Action::Execute(command.duplicate())))
}

/// A click that selects `selection` (`None` closes the inspector); shared as [`run_on_click`] is.
pub fn select_on_click(dispatch: &Dispatch, selection: Option<Selection>) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| dispatch.send(Action::Select(selection.clone())))
}

/// A small button that runs one command; `label` is its accessible name and contains `text`.
pub fn command_button(dispatch: &Dispatch, text: &str, label: String, command: Command) -> Html {
    small_button("small", text, label, run_on_click(dispatch, command))
}

/// A row's "Delete" button (`label` says what it deletes): the command it runs, in one place.
pub fn delete_button(dispatch: &Dispatch, text: &str, label: String, command: Command) -> Html {
    small_button("small danger", text, label, run_on_click(dispatch, command))
}

/// A button that runs `onclick`, of `class` ("small", "small danger", "secondary", ...); `label` is
/// its accessible name and contains `text`. One function for every plain button of the page: each
/// `html!` element is its own code in the download.
pub fn small_button(
    class: &'static str,
    text: &str,
    label: String,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! { <button type="button" {class} {onclick} aria-label={label}>{ text.to_string() }</button> }
}

/// The name at the head of a row, a button that inspects it; `pressed` says whether it is the
/// selection, for the rows that show it.
pub fn inspect_button(
    class: &'static str,
    name: &str,
    label: String,
    pressed: Option<bool>,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" {class} aria-pressed={pressed.map(|pressed| pressed.to_string())} {onclick}
            aria-label={label}><bdi>{ name.to_string() }</bdi></button>
    }
}

/// A labelled select of `options` (each made by [`option`]). One function for every select of the
/// page: each `html!` element is its own code in the download.
pub fn select_field(
    id: AttrValue,
    label: AttrValue,
    onchange: Callback<Event>,
    options: Html,
) -> Html {
    html! {
        <div class="field">
            <label for={id.clone()}>{ label }</label>
            <select {id} {onchange}>{ options }</select>
        </div>
    }
}

/// One option of a [`select_field`].
pub fn option(value: AttrValue, text: AttrValue, selected: bool) -> Html {
    html! { <option {value} {selected}>{ text }</option> }
}

/// A text field's `on_change` that keeps what is typed in `state`. One closure for every field
/// (each distinct closure adds its own glue to the download), as [`run_on_click`] is for buttons.
pub fn keep_text(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |value: String| state.set(value))
}

/// A select's `onchange` that keeps the chosen value in `state`; shared as [`keep_text`] is.
pub fn keep_choice(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        state.set(select.value())
    })
}

/// A checkbox's `onchange` that keeps whether it is checked in `state`; shared as [`keep_text`] is.
pub fn keep_checked(state: &UseStateHandle<bool>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        state.set(input.checked())
    })
}

/// A form button's click: does what Enter in its fields does (see [`submit_on_enter`]).
pub fn submit_on_click(submit: &Callback<()>) -> Callback<MouseEvent> {
    let submit = submit.clone();
    Callback::from(move |_: MouseEvent| submit.emit(()))
}

/// A labelled text input whose validation message is tied to it. A plain function, not a
/// component: every component adds code to the download, and a field needs no state of its own.
pub struct TextField {
    pub id: String,
    pub label: String,
    pub value: String,
    /// The rule the value breaks, in Azure's words; shown under the field as it is typed.
    pub error: Option<AttrValue>,
    pub on_change: Callback<String>,
}

pub fn text_field(field: TextField) -> Html {
    let on_change = field.on_change;
    let on_input = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_change.emit(input.value());
    });
    let message_id = format!("{}-msg", field.id);
    let invalid = field.error.is_some();
    html! {
        <div class={class_list(&[Some("field"), invalid.then_some("invalid")])}>
            <label for={field.id.clone()}>{ field.label }</label>
            <input
                id={field.id}
                type="text"
                autocomplete="off"
                spellcheck="false"
                value={field.value}
                aria-invalid={if invalid { "true" } else { "false" }}
                aria-describedby={invalid.then(|| message_id.clone())}
                oninput={on_input}
            />
            if let Some(error) = field.error {
                <p class="field-error" id={message_id} role="status">{ error }</p>
            }
        </div>
    }
}

/// A form's keyboard path: Enter in one of its text fields does what its button does. Forms here
/// never rely on the browser's form submission, which a sandboxed iframe without `allow-forms`
/// silently blocks.
pub fn submit_on_enter(submit: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        let in_text_field = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|element| element.tag_name() == "INPUT");
        if event.key() == "Enter" && in_text_field {
            event.prevent_default();
            submit.emit(());
        }
    })
}

/// Why a button is disabled, said beside it (and tied to it with `aria-describedby`).
pub fn why_disabled(id: &str, reason: Option<&str>) -> Html {
    match reason {
        Some(reason) => {
            html! { <span id={id.to_string()} class="why">{ reason.to_string() }</span> }
        }
        None => Html::default(),
    }
}

/// The error message of a name check, or `None` for an empty (not yet typed) or valid name.
pub fn name_error(name: &str, check: Result<(), model::CommandError>) -> Option<AttrValue> {
    if name.is_empty() {
        return None;
    }
    check.err().map(|e| AttrValue::from(e.message))
}

/// A class attribute from its names, the `None`s left out: one small function instead of a
/// `classes!` set built at every use (which costs the download far more).
pub fn class_list(names: &[Option<&str>]) -> AttrValue {
    let mut list = String::new();
    for name in names.iter().flatten() {
        if !list.is_empty() {
            list.push(' ');
        }
        list.push_str(name);
    }
    AttrValue::from(list)
}

/// A GUID shortened for narrow cells; the full text goes in a title and the inspector.
pub fn short_id(id: &str) -> String {
    id.chars().take(8).collect::<String>() + "…"
}
