//! Transcript tests: each `transcripts/*.az` script runs line by line and must print exactly its `.out` file: the shell inside a VM, through `terminal::Terminal`.
//!
//! `UPDATE_TRANSCRIPTS=1 cargo test -p terminal --test transcripts` rewrites the `.out` files; read
//! every change against `docs/cli-output.md` before committing it.

use std::path::Path;

use terminal::Terminal;

#[test]
fn transcripts_print_exactly_their_expected_output() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    // Each script runs the way a learner types it, one line (with its `\` continuations) at a time.
    let failures = console::script::check_transcripts(&directory, |script| {
        console::script::transcript(&mut Terminal::new(7), script)
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
