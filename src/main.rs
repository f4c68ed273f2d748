//! The browser entry point: mounts the playground app (once a share link in the address is read).

/// SAFETY: the browser runs this WebAssembly on one thread, as `TalckWasm` requires.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

fn main() {
    playground::share::read_at_start(|| {
        yew::Renderer::<playground::App>::new().render();
    });
}
