//! The browser entry point: mounts the playground app.

fn main() {
    yew::Renderer::<playground::App>::new().render();
}
