//! `az-playground`: runs a `.az` script against a fresh model and prints what the console would.

fn main() {
    eprintln!("az-playground: not built yet");
    std::process::exit(2);
}
