//! Transcript tests: each `transcripts/*.az` script runs line by line and must print exactly its `.out` file: the shell inside a VM, through `terminal::Terminal`.
//!
//! `UPDATE_TRANSCRIPTS=1 cargo test -p terminal --test transcripts` rewrites the `.out` files; read
//! every change against `docs/cli-output.md` before committing it.

use std::path::Path;

use terminal::Terminal;

/// Runs a script the way a learner types it, one line (with its `\` continuations) at a time.
fn transcript(script: &str) -> String {
    console::script::transcript(&mut Terminal::new(7), script)
}

#[test]
fn transcripts_print_exactly_their_expected_output() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let update = std::env::var_os("UPDATE_TRANSCRIPTS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&directory)
        .expect("transcripts directory")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "az"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    let mut failures = Vec::new();
    for script_path in entries {
        let script = std::fs::read_to_string(&script_path).expect("script");
        let actual = transcript(&script);
        let expected_path = script_path.with_extension("out");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
                script_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
