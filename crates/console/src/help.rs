//! The help texts (`--help`, `help`, `sleep --help`): compiled in natively; in the browser they are
//! data (`help.txt`, written by [`export`]) fetched after start, so they cost the first load nothing.
//!
//! Every help string in the command table is written `help_text!("…")`: natively the text itself,
//! in the browser `""`, and [`text`] finds it by its key in what [`install`] loaded. The key says
//! where the text belongs: `az vm create` (a command's summary), `az vm create --name` (a flag's),
//! `az vm create :example` and `:example-text`, `az vm create :long`, `az vm :group` (a group's),
//! `global --output`, `help` and `sleep --help`.

use std::borrow::Cow;
use std::cell::RefCell;

use model::SortedMap;

/// A help text: itself natively, nothing in the browser (it is looked up by [`text`] instead).
#[cfg(not(target_arch = "wasm32"))]
macro_rules! help_text {
    ($text:expr) => {
        $text
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! help_text {
    ($text:expr) => {
        ""
    };
}

thread_local! {
    static INSTALLED: RefCell<Option<SortedMap<String, String>>> = const { RefCell::new(None) };
}

/// Whether help pages can be printed: always natively; in the browser once [`install`] ran.
pub fn available() -> bool {
    cfg!(not(target_arch = "wasm32")) || INSTALLED.with(|texts| texts.borrow().is_some())
}

/// What `--help` prints before the help data has arrived (or when it could not be fetched).
pub const NOT_LOADED: &str =
    "The help pages are still loading (or could not be loaded): try again in a moment.\n";

/// The text of `key`: `inline` when it is there (natively), else the installed one, else nothing.
pub fn text(key: &str, inline: &'static str) -> Cow<'static, str> {
    if !inline.is_empty() {
        return Cow::Borrowed(inline);
    }
    INSTALLED.with(|texts| {
        let texts = texts.borrow();
        let found = texts.as_ref().and_then(|texts| texts.get(key));
        found.map_or(Cow::Borrowed(""), |text| Cow::Owned(text.clone()))
    })
}

/// Loads `help.txt` (as [`export`] writes it). Lines that are not `key<TAB>text` are skipped: the
/// help pages are never worth failing over.
pub fn install(data: &str) {
    let mut texts = SortedMap::new();
    for line in data.lines() {
        if let Some((key, text)) = line.split_once('\t') {
            texts.insert(key.to_string(), unescape(text));
        }
    }
    INSTALLED.with(|installed| *installed.borrow_mut() = Some(texts));
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out
}

/// Every help text of the table, one `key<TAB>text` line each (newlines and tabs escaped): the
/// `help.txt` the browser fetches. A test keeps the checked-in file equal to this.
#[cfg(not(target_arch = "wasm32"))]
pub fn export() -> String {
    use crate::table::global;
    let mut lines: Vec<(String, &str)> = Vec::new();
    lines.push(("help".into(), crate::console::HELP));
    lines.push(("sleep --help".into(), crate::sleep::HELP));
    for param in global::ALL.iter().chain([&global::SUBSCRIPTION]) {
        lines.push((format!("global {}", param.long()), param.help));
    }
    for program in [&crate::commands::AZ, &crate::commands::PLAYGROUND] {
        let name = program.name;
        lines.push((format!("{name} :long"), program.long_help));
        for group in program.groups {
            lines.push((format!("{name} {} :group", group.path), group.help));
        }
        for command in program.commands() {
            let key = format!("{name} {}", command.path);
            lines.push((format!("{key} :long"), command.long_help));
            lines.push((format!("{key} :example"), command.example.0));
            lines.push((format!("{key} :example-text"), command.example.1));
            for param in command.params {
                lines.push((format!("{key} {}", param.long()), param.help));
            }
            lines.push((key, command.help));
        }
    }
    let mut out = String::new();
    for (key, text) in lines.into_iter().filter(|(_, text)| !text.is_empty()) {
        out.push_str(&key);
        out.push('\t');
        for c in text.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_texts_come_back_with_their_line_breaks() {
        install("a b\tfirst\\nsecond\\t\\\\\nbroken line\n");
        assert_eq!(text("a b", ""), "first\nsecond\t\\");
        assert_eq!(text("a b", "inline wins"), "inline wins");
        assert_eq!(text("broken line", ""), "");
        assert!(available());
    }
}
