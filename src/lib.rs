//! The Yew app: the only code that touches the DOM. The shell owns the state, saves it after each change and wires the shortcuts.

pub mod components;
pub mod graph;
pub mod state;
pub mod storage;
pub mod view;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use model::SortedMap;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use components::activity::activity_log;
use components::console_view::ConsoleView;
use components::diagram::Diagram;
use components::directory::Directory;
use components::inspector::{inspector, CopyState, Inspector};
use components::resources::Resources;
use components::toolbar::{toolbar, HistoryIntent, Toolbar};
use components::{Dispatch, SessionView};
use state::{Action, AppState, Selection};
use view::selection_json;

/// Whether a key press belongs to a text field (then Ctrl+Z undoes typing, not a command).
fn typing_into_field(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|element| matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

/// The shortcut a key press stands for, if any.
fn shortcut(event: &KeyboardEvent) -> Option<Action> {
    if !(event.ctrl_key() || event.meta_key()) || event.alt_key() || typing_into_field(event) {
        return None;
    }
    match event.key().to_ascii_lowercase().as_str() {
        "z" if event.shift_key() => Some(Action::Redo),
        "z" => Some(Action::Undo),
        "y" => Some(Action::Redo),
        _ => None,
    }
}

fn selection_title(world: &model::World, selection: &Selection) -> String {
    match selection {
        Selection::Group(key) => world
            .groups
            .get(key)
            .map(|g| format!("Resource group {}", g.name)),
        Selection::Resource(key) => world
            .resources
            .get(key)
            .map(|r| format!("{} {}", r.kind.noun(), r.name)),
        Selection::UserIdentity(key) => world
            .user_identities
            .get(key)
            .map(|i| format!("User-assigned identity {}", i.name)),
        Selection::Principal(id) => world
            .service_principals
            .get(id)
            .map(|sp| format!("Service principal {}", sp.display_name)),
        Selection::Application(id) => world
            .applications
            .get(id)
            .map(|a| format!("App registration {}", a.display_name)),
        Selection::Assignment(name) => Some(format!("Role assignment {name}")),
        Selection::Token(id) => world.tokens.get(id).map(|t| {
            let asker = t.requested_by.rsplit('/').next().unwrap_or_default();
            format!(
                "Token of {asker} for {}, decoded (as jwt.ms shows it)",
                t.audience
            )
        }),
    }
    .unwrap_or_default()
}

#[component]
pub fn App() -> Html {
    // Reading storage once at start-up is this hook's side effect; `restore` itself is pure.
    let state: Rc<RefCell<AppState>> = use_mut_ref(|| AppState::restore(storage::load()));
    let force = use_force_update();
    let confirming = use_state(|| false);
    let copied = use_state(|| CopyState::Idle);
    let dispatch = {
        let state = state.clone();
        use_memo((), move |_| {
            Dispatch(Callback::from(move |action: Action| {
                state.borrow_mut().update(action);
                force.force_update();
            }))
        })
    };
    let revision = state.borrow().revision;
    // Saving: 400 ms after the last change (a burst of changes saves once, and the learner sees a
    // change before it is written), and at once when the page goes away, so a reload loses nothing.
    let pending_save: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let save_now = {
        let state = state.clone();
        let dispatch = (*dispatch).clone();
        let pending_save = pending_save.clone();
        use_memo((), move |_| {
            Callback::from(move |_: ()| {
                drop(pending_save.borrow_mut().take());
                if state.borrow().storage_unavailable {
                    return;
                }
                let saved = state.borrow().saved_log();
                if let Err(why) = storage::save(&saved) {
                    dispatch.send(Action::StorageFailed(why));
                }
            })
        })
    };
    {
        let save_now = (*save_now).clone();
        use_effect_with(revision, move |_| {
            let timer = Timeout::new(400, move || save_now.emit(()));
            // Replacing the pending timer cancels it.
            *pending_save.borrow_mut() = Some(timer);
        });
    }
    {
        let save_now = (*save_now).clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
                save_now.emit(())
            });
            move || drop(listener)
        });
    }
    {
        let dispatch = (*dispatch).clone();
        use_effect_with((), move |_| {
            // Not passive: the shortcut must stop the browser's own undo, which would refocus a field.
            let options = EventListenerOptions::enable_prevent_default();
            let document = gloo::utils::document();
            let listener =
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                        if let Some(action) = shortcut(event) {
                            event.prevent_default();
                            dispatch.send(action);
                        }
                    }
                });
            move || drop(listener)
        });
    }

    let app = state.borrow();
    let view = SessionView {
        revision: app.revision,
        console: app.console.clone(),
    };
    let (can_undo, can_redo, commands, inspected, checks) = {
        let session = app.session();
        let checks = match &app.selection {
            Some(Selection::Token(id)) => session
                .world()
                .tokens
                .get(id)
                .map(|token| model::query::token_checks(session.world(), token))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let inspected = app.selection.as_ref().and_then(|selection| {
            let world = session.world();
            let value = selection_json(world, selection)?;
            // The console's printer: sorted keys and az's 2-space layout, exactly as `az … show` prints.
            let text = console::output::to_json(&value);
            Some((selection_title(world, selection), text))
        });
        (
            session.can_undo(),
            session.can_redo(),
            session.history().len(),
            inspected,
            checks,
        )
    };
    let on_intent = {
        let dispatch = dispatch.clone();
        Callback::from(move |intent: HistoryIntent| {
            dispatch.send(match intent {
                HistoryIntent::Undo => Action::Undo,
                HistoryIntent::Redo => Action::Redo,
                HistoryIntent::Reset => Action::Reset,
            })
        })
    };
    let on_run = {
        let dispatch = dispatch.clone();
        Callback::from(move |line: String| dispatch.send(Action::RunLine(line)))
    };
    let on_filter = {
        let dispatch = dispatch.clone();
        Callback::from(move |filter| dispatch.send(Action::SetPrincipalFilter(filter)))
    };
    let dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.send(Action::DismissNotice))
    };
    let appeared: Rc<SortedMap<model::ObjectId, ()>> = Rc::new(app.appeared.clone());
    let (title, json) = match inspected {
        Some((title, json)) => (Some(AttrValue::from(title)), AttrValue::from(json)),
        None => (None, AttrValue::default()),
    };
    {
        // A new selection (or a change to it) clears "Copied".
        let copied = copied.clone();
        use_effect_with(json.clone(), move |_| copied.set(CopyState::Idle));
    }
    html! {
        <ContextProvider<Dispatch> context={(*dispatch).clone()}>
            <header class="top">
                <h1>{ "Managed Identity Playground" }</h1>
                { toolbar(Toolbar { can_undo, can_redo, commands, on_intent, confirming }) }
            </header>
            <div class="notices" aria-live="polite">
                if let Some(notice) = &app.notice {
                    <div class={classes!("notice", notice.urgent.then_some("urgent"))}
                        role={if notice.urgent { "alert" } else { "status" }}>
                        <span>{ notice.text.clone() }</span>
                        <button type="button" class="small" onclick={dismiss} aria-label="Dismiss the notice">{ "Dismiss" }</button>
                    </div>
                }
            </div>
            <main class="layout">
                <Resources view={view.clone()} row_limit={app.row_limit} open_form={app.open_form.clone()} selection={app.selection.clone()} />
                <Directory view={view.clone()} filter={app.filter.clone()} appeared={appeared.clone()}
                    removed={Rc::new(app.removed.clone())} selection={app.selection.clone()} row_limit={app.row_limit} {on_filter} />
                { inspector(Inspector { title, json, copied, checks }) }
                <ConsoleView log={app.console_log.clone()} {on_run} />
                { activity_log(&app.session()) }
                <Diagram view={view.clone()} appeared={appeared} />
            </main>
        </ContextProvider<Dispatch>>
    }
}
