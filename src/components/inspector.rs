//! The inspector: the selected object's JSON exactly as Azure prints it, as text, with a copy button. A plain function whose copy state lives in the shell.

use yew::prelude::*;

use super::{class_list, small_button};

use model::query::TokenCheck;

pub struct Inspector {
    /// What is selected, in words; `None` when nothing is.
    pub title: Option<AttrValue>,
    /// The pretty-printed JSON.
    pub json: AttrValue,
    pub copied: UseStateHandle<CopyState>,
    /// For a token: what presenting it to each target would give.
    pub checks: Vec<TokenCheck>,
    /// Ends the inspection (in a narrow column the inspector lies over the page until then).
    pub on_close: Callback<MouseEvent>,
    /// Whether there is a change whose REST requests can be shown, and those requests once the
    /// worker's terminal has answered (docs/azure-rules.md T10).
    pub can_ask: bool,
    pub requests: Option<AttrValue>,
    pub on_requests: Callback<MouseEvent>,
}

#[derive(Clone, Copy, PartialEq)]
pub enum CopyState {
    Idle,
    Copied,
    Failed,
}

pub fn inspector(props: Inspector) -> Html {
    let copied = props.copied.clone();
    let on_copy = {
        let copied = copied.clone();
        let text = props.json.to_string();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let Some(window) = web_sys::window() else {
                copied.set(CopyState::Failed);
                return;
            };
            let promise = window.navigator().clipboard().write_text(&text);
            yew::platform::spawn_local(async move {
                let result = wasm_bindgen_futures::JsFuture::from(promise).await;
                copied.set(if result.is_ok() {
                    CopyState::Copied
                } else {
                    CopyState::Failed
                });
            });
        })
    };
    html! {
        <section class={class_list(&[Some("panel"), Some("inspector"), props.title.is_some().then_some("open")])}
            aria-labelledby="inspector-title" tabindex="0">
            <div class="panel-head">
                <h2 id="inspector-title">{ "Inspector" }</h2>
                if props.title.is_some() {
                    <span class="actions">
                        { small_button("small", "Copy JSON", "Copy JSON".into(), on_copy) }
                        { small_button("small secondary close", "Close", "Close the inspector".into(), props.on_close.clone()) }
                    </span>
                }
            </div>
            <p class="copy-status" role="status">{
                match *copied {
                    CopyState::Idle => "",
                    CopyState::Copied => "Copied to the clipboard.",
                    CopyState::Failed => "The browser refused to copy: select the text and copy it yourself.",
                }
            }</p>
            if let Some(title) = &props.title {
                <p class="inspected">{ title.clone() }</p>
                // A token's checks come first: what it may do is the point, its claims explain why.
                if !props.checks.is_empty() {
                    { token_checks(&props.checks) }
                }
                <pre class="json" tabindex="0" aria-label={format!("JSON of {title}")}>{ props.json.clone() }</pre>
            } else {
                <p class="empty">{ "Select a resource group, resource, identity, service principal, app registration or role assignment to see its JSON as the Azure CLI prints it." }</p>
            }
            if let Some(requests) = &props.requests {
                <p class="note">{ "The latest change as the REST requests it sends (az --debug):" }</p>
                <pre class="json requests" tabindex="0" aria-label="REST requests of the latest change">{ requests.clone() }</pre>
            } else if props.can_ask {
                { small_button("small secondary", "REST requests", "Show the REST requests of the latest change".into(), props.on_requests.clone()) }
            }
        </section>
    }
}

/// What the token's holder could do with it, target by target, and why (the model's access check).
fn token_checks(checks: &[TokenCheck]) -> Html {
    html! {
        <table class="checks">
            <caption>{ "Presenting this token" }</caption>
            <thead><tr>
                <th scope="col">{ "To try to" }</th>
                <th scope="col">{ "Answer" }</th>
                <th scope="col">{ "Why" }</th>
            </tr></thead>
            <tbody>
                { for checks.iter().map(|check| {
                    let allowed = check.decision.allowed;
                    html! {
                        <tr class={if allowed { "allowed" } else { "denied" }}>
                            <th scope="row">{ format!("{} on {}", check.attempt, check.target) }</th>
                            <td>{ format!("{} {}", check.decision.status, if allowed { "allowed" } else { "denied" }) }</td>
                            <td>{ check.decision.reason.clone() }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
