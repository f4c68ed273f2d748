//! Component tests of the app shell, in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<playground::App>::with_root(root.clone()).render();
    root
}

#[wasm_bindgen_test]
async fn the_app_shows_its_title() {
    let root = mount();
    yew::scheduler::flush().await;
    let title = root.query_selector("h1").unwrap().expect("an h1");
    assert_eq!(title.text_content().unwrap(), "Managed Identity Playground");
}

#[wasm_bindgen_test]
async fn a_click_updates_the_button() {
    let root = mount();
    yew::scheduler::flush().await;
    let button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .expect("a button")
        .dyn_into()
        .unwrap();
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(button.text_content().unwrap(), "Clicked 1");
}
