//! The browser's help pages are data: `static/help.txt` must hold exactly the table's help texts.
//!
//! `UPDATE_HELP=1 cargo test -p console --test help` rewrites it after a help text changed.

use std::path::Path;

#[test]
fn static_help_txt_holds_every_help_text_of_the_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../static/help.txt");
    let expected = console::help::export();
    if std::env::var_os("UPDATE_HELP").is_some() {
        std::fs::write(&path, &expected).expect("write static/help.txt");
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "static/help.txt is out of date: run UPDATE_HELP=1 cargo test -p console --test help"
    );
    // Every command has its summary and example there, so a browser page is whole.
    for program in [&console::commands::AZ, &console::commands::PLAYGROUND] {
        for command in program.commands() {
            let key = format!("{} {}\t", program.name, command.path);
            assert!(expected.contains(&format!("\n{key}")), "{key}");
        }
    }
}
