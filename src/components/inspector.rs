//! The inspector: the selected object's JSON exactly as Azure prints it, as text, with a copy button.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// What is selected, in words; `None` when nothing is.
    pub title: Option<AttrValue>,
    /// The pretty-printed JSON.
    pub json: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let copied = use_state(|| CopyState::Idle);
    {
        let copied = copied.clone();
        use_effect_with(props.json.clone(), move |_| copied.set(CopyState::Idle));
    }
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
        <section class="panel inspector" aria-labelledby="inspector-title" tabindex="0">
            <div class="panel-head">
                <h2 id="inspector-title">{ "Inspector" }</h2>
                if props.title.is_some() {
                    <button type="button" class="small" onclick={on_copy}>{ "Copy JSON" }</button>
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
                <pre class="json" tabindex="0" aria-label={format!("JSON of {title}")}>{ props.json.clone() }</pre>
            } else {
                <p class="empty">{ "Select a resource group, resource, identity, service principal, app registration or role assignment to see its JSON as the Azure CLI prints it." }</p>
            }
        </section>
    }
}
