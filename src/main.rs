//! The browser entry point: mounts the playground app.

/// SAFETY: the browser runs this WebAssembly on one thread, as `TalckWasm` requires.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

fn main() {
    yew::Renderer::<playground::App>::new().render();
}
