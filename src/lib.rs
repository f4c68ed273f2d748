//! The Yew app: the only code that touches the DOM.

use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! {
        <main>
            <h1>{ "Managed Identity Playground" }</h1>
            <button {onclick}>{ format!("Clicked {}", *count) }</button>
        </main>
    }
}
