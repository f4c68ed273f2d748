//! The worker's entry point: Trunk builds this binary as a Web Worker (`data-type="worker"`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    tutor::worker::run();
}
