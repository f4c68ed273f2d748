//! The console widget: an input coloured by the console's lexer, history recall, and each line's output with its error span underlined.

use std::rc::Rc;

use console::{lex, Span, Stream, TokenKind};
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlElement, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::use_dispatch;
use super::{class_list, small_button};
use crate::state::{Action, ConsoleEntry, Origin};

/// A script that stopped at a failing line, as the console offers to run its rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rest {
    pub failed_at: usize,
    pub total: usize,
    pub left: usize,
}

#[derive(Properties, PartialEq)]
pub struct ConsoleViewProps {
    pub log: Rc<Vec<Rc<ConsoleEntry>>>,
    pub on_run: Callback<String>,
    /// Several lines at once (pasted, or given to "Run script").
    pub on_script: Callback<String>,
    pub rest: Option<Rest>,
    /// A line put into the input, not run (a lesson's "Show solution"); a new number each time.
    #[prop_or_default]
    pub suggest: Option<(u32, AttrValue)>,
    /// Inside a VM: its prompt (`azureuser@vm1:~$ `) instead of `$`.
    #[prop_or_default]
    pub prompt: Option<AttrValue>,
}

/// Bidirectional-text controls (U+202A–U+202E, U+2066–U+2069) a name or value may carry: the
/// console shows them as escapes, as a terminal would show any control character, so one can't
/// reverse the text around it.
fn visible_controls(text: &str) -> String {
    if !text.contains(|c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => format!("\\u{:04x}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// A run of the line with one colour, underlined or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub class: &'static str,
    pub underlined: bool,
}

fn token_class(kind: TokenKind, first_word: bool, text: &str) -> &'static str {
    match kind {
        TokenKind::Word if first_word => "tok-program",
        TokenKind::Word if text.starts_with('-') => "tok-flag",
        TokenKind::Word => "tok-word",
        TokenKind::Escape => "tok-escape",
        TokenKind::SingleQuoted | TokenKind::DoubleQuote | TokenKind::QuotedText => "tok-string",
        TokenKind::Variable | TokenKind::SubstOpen | TokenKind::SubstClose => "tok-var",
        TokenKind::Comment => "tok-comment",
        TokenKind::Unsupported => "tok-bad",
        TokenKind::Semicolon | TokenKind::Newline | TokenKind::LineContinuation => "tok-punct",
        TokenKind::Whitespace => "tok-space",
    }
}

/// Splits a line into coloured segments, cutting also at the edges of the error spans so they
/// can be underlined. Never panics: spans off a character boundary are widened to one.
pub fn segments(line: &str, spans: &[Span]) -> Vec<Segment> {
    let tokens = lex(line);
    let mut cuts: Vec<usize> = vec![0, line.len()];
    for token in &tokens {
        cuts.push(token.span.start.min(line.len()));
        cuts.push(token.span.end.min(line.len()));
    }
    for span in spans {
        cuts.push(span.start.min(line.len()));
        cuts.push(span.end.min(line.len()));
    }
    let mut cuts: Vec<usize> = cuts
        .into_iter()
        .map(|mut cut| {
            while !line.is_char_boundary(cut) {
                cut += 1;
            }
            cut
        })
        .collect();
    model::sort::sort_by(&mut cuts, Ord::cmp);
    cuts.dedup();
    // Each token's colour; the word that starts a command (the program) is coloured apart.
    let mut expect_first = true;
    let classes: Vec<&'static str> = tokens
        .iter()
        .map(|token| {
            let first = token.kind == TokenKind::Word && expect_first;
            match token.kind {
                TokenKind::Word => expect_first = false,
                TokenKind::Semicolon | TokenKind::Newline | TokenKind::SubstOpen => {
                    expect_first = true
                }
                _ => {}
            }
            let text = line.get(token.span.start..token.span.end).unwrap_or("");
            token_class(token.kind, first, text)
        })
        .collect();
    // Cuts and tokens are both in order: one walk over each (a 32 KiB line has thousands).
    let mut next_token = 0;
    let mut next_span = 0;
    let mut spans: Vec<&Span> = spans.iter().filter(|s| s.start < s.end).collect();
    model::sort::sort_by(&mut spans, |a, b| a.start.cmp(&b.start));
    cuts.windows(2)
        .filter_map(|pair| {
            let (start, end) = (pair[0], pair[1]);
            let text = line.get(start..end)?;
            if text.is_empty() {
                return None;
            }
            while next_token < tokens.len() && tokens[next_token].span.end <= start {
                next_token += 1;
            }
            let class = tokens
                .get(next_token)
                .filter(|t| t.span.start <= start && end <= t.span.end)
                .map_or("tok-word", |_| classes[next_token]);
            while next_span < spans.len() && spans[next_span].end <= start {
                next_span += 1;
            }
            let underlined = spans[next_span..]
                .iter()
                .take_while(|s| s.start <= start)
                .any(|s| end <= s.end);
            Some(Segment {
                text: text.to_string(),
                class,
                underlined,
            })
        })
        .collect()
}

fn render_line(line: &str, spans: &[Span]) -> Html {
    segments(line, spans)
        .into_iter()
        .map(|segment| {
            let text = visible_controls(&segment.text);
            if segment.underlined {
                html! { <mark class={class_list(&[Some("err-span"), Some(segment.class)])}>{ text }</mark> }
            } else {
                html! { <span class={segment.class}>{ text }</span> }
            }
        })
        .collect()
}

/// The input line's colours. A line past the console's limit (it will be refused) is shown
/// plain: colouring a megabyte pasted by mistake would take the page seconds.
fn mirror(text: &str) -> Html {
    if text.len() > console::console::MAX_LINE {
        html! { <span class="tok-word">{ visible_controls(text) }</span> }
    } else {
        render_line(text, &[])
    }
}

/// A recalled command on one line: `\` continuations joined, as the shell would join them (an
/// input field can't hold a line break).
fn one_line(command: &str) -> String {
    command.replace("\\\n", "").replace('\n', " ")
}

#[component]
pub fn ConsoleView(props: &ConsoleViewProps) -> Html {
    let dispatch = use_dispatch();
    let text = use_state(String::new);
    // Position in the recalled lines while browsing with the arrows; None = editing a new line.
    let recall = use_state(|| None::<usize>);
    // The "Run script" box: open or not, and what is typed in it.
    let script_open = use_state(|| false);
    let script = use_state(String::new);
    let output_ref = use_node_ref();
    {
        let text = text.clone();
        use_effect_with(props.suggest.clone(), move |suggest| {
            if let Some((_, line)) = suggest {
                text.set(line.to_string());
                if let Some(input) = gloo::utils::document().get_element_by_id("console-line") {
                    let _ = input.unchecked_into::<HtmlElement>().focus();
                }
            }
        });
    }
    {
        let output_ref = output_ref.clone();
        use_effect_with(props.log.len(), move |_| {
            // At the next frame, not now: reading `scrollHeight` right after a render forces a
            // synchronous layout of the whole page (measured ~10 ms a change with 1,000 rows on
            // screen); in the frame it uses the layout the browser does anyway.
            let frame = gloo::render::request_animation_frame(move |_| {
                if let Some(element) = output_ref.cast::<HtmlElement>() {
                    element.set_scroll_top(element.scroll_height());
                }
            });
            move || drop(frame)
        });
    }
    let lines: Vec<String> = props.log.iter().map(|e| one_line(&e.line)).collect();
    let on_input = {
        let text = text.clone();
        let recall = recall.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            text.set(input.value());
            recall.set(None);
        })
    };
    // Several lines pasted run as a script, as a terminal runs them (no confirmation).
    let on_paste = {
        let text = text.clone();
        let on_script = props.on_script.clone();
        Callback::from(move |event: Event| {
            let Some(event) = event.dyn_ref::<ClipboardEvent>() else {
                return;
            };
            let pasted = event
                .clipboard_data()
                .and_then(|data| data.get_data("text").ok())
                .unwrap_or_default();
            if pasted.contains('\n') {
                event.prevent_default();
                on_script.emit(format!("{}{pasted}", *text));
                text.set(String::new());
            }
        })
    };
    let on_keydown = {
        let text = text.clone();
        let recall = recall.clone();
        let on_run = props.on_run.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                let line = (*text).clone();
                if !line.trim().is_empty() {
                    on_run.emit(line);
                }
                text.set(String::new());
                recall.set(None);
            }
            "ArrowUp" if !lines.is_empty() => {
                event.prevent_default();
                let index = match *recall {
                    Some(i) => i.saturating_sub(1),
                    None => lines.len() - 1,
                };
                text.set(lines[index].clone());
                recall.set(Some(index));
            }
            "ArrowDown" => {
                if let Some(i) = *recall {
                    event.prevent_default();
                    if i + 1 < lines.len() {
                        text.set(lines[i + 1].clone());
                        recall.set(Some(i + 1));
                    } else {
                        text.set(String::new());
                        recall.set(None);
                    }
                }
            }
            _ => {}
        })
    };
    let toggle_script = {
        let script_open = script_open.clone();
        Callback::from(move |_: MouseEvent| script_open.set(!*script_open))
    };
    let on_script_text = {
        let script = script.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            script.set(area.value());
        })
    };
    let run_script = {
        let (script, script_open) = (script.clone(), script_open.clone());
        let on_script = props.on_script.clone();
        Callback::from(move |_: MouseEvent| {
            if !script.trim().is_empty() {
                on_script.emit((*script).clone());
                script.set(String::new());
                script_open.set(false);
            }
        })
    };
    let rest = props.rest.as_ref().map(|rest| {
        let run = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.send(Action::RunRest))
        };
        let drop = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.send(Action::DropRest))
        };
        html! {
            <div class="rest" role="group" aria-label="The rest of the script">
                <span>{ format!("The script stopped at line {} of {}, which failed (above).", rest.failed_at, rest.total) }</span>
                { small_button("small", &format!("Run the other {} lines", rest.left), format!("Run the other {} lines", rest.left), run) }
                { small_button("small secondary", "Don't", "Don't".into(), drop) }
            </div>
        }
    });
    html! {
        <section class="panel console" aria-labelledby="console-title">
            <div class="panel-head">
                <h2 id="console-title">{ "Console" }</h2>
                <button type="button" class="small" onclick={toggle_script} aria-expanded={script_open.to_string()}
                    aria-controls="script-box">{ "Run script…" }</button>
            </div>
            if *script_open {
                <div id="script-box" class="script-box">
                    <label for="script-text">{ "Script: one command per line; lines ending in \\ continue on the next" }</label>
                    <textarea id="script-text" rows="6" value={(*script).clone()} oninput={on_script_text}
                        autocomplete="off" autocapitalize="off" spellcheck="false" />
                    <div class="actions">
                        <button type="button" onclick={run_script} disabled={script.trim().is_empty()}
                            aria-describedby={script.trim().is_empty().then_some("script-why")}>{ "Run" }</button>
                        if script.trim().is_empty() {
                            <span id="script-why" class="why">{ "Paste or type a script first." }</span>
                        }
                    </div>
                </div>
            }
            <div class="console-output" ref={output_ref} role="log" aria-label="Console output" tabindex="0">
                if props.log.is_empty() {
                    <p class="hint">{ "Type an az command, e.g. az group create -n rg1 -l westeurope, or paste several lines. Also: help, undo, redo, reset, clear. ↑/↓ recall earlier lines." }</p>
                }
                { for props.log.iter().map(|entry| html! { <EntryView key={entry.serial} entry={entry.clone()} /> }) }
                { for rest }
            </div>
            <div class="console-input">
                <label for="console-line" class="prompt">{ props.prompt.as_ref().map_or("$", |p| p.trim_end()) }<span class="sr-only">{ " Command line" }</span></label>
                <div class="input-stack">
                    <pre class="mirror" aria-hidden="true">{ mirror(&text) }{ " " }</pre>
                    <input id="console-line" type="text" value={(*text).clone()} oninput={on_input} onkeydown={on_keydown}
                        onpaste={on_paste} autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="console-help" />
                </div>
            </div>
            <p id="console-help" class="sr-only">{ "Press Enter to run, Up and Down arrows to recall earlier lines. Pasting several lines runs them as a script." }</p>
        </section>
    }
}

#[derive(Properties)]
struct EntryProps {
    entry: Rc<ConsoleEntry>,
}

/// Entries never change once printed: the same `Rc` means the same entry.
impl PartialEq for EntryProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entry, &other.entry)
    }
}

/// One line and what it printed. A component of its own, so a new line (or a keystroke in the input)
/// doesn't re-colour and re-copy the up to 200 entries above it, some of them long JSON.
#[component]
fn EntryView(props: &EntryProps) -> Html {
    let entry = &*props.entry;
    html! {
        <div class={class_list(&[Some("entry"), (entry.origin == Origin::Button).then_some("from-button")])}>
            <div class="cmd"><span class="prompt" aria-hidden="true">{ entry.prompt.as_deref().unwrap_or("$ ") }</span>{ render_line(&entry.line, &entry.error_spans) }
                if entry.origin == Origin::Button { <span class="via">{ " (button)" }</span> }
            </div>
            { for entry.printed.iter().map(|(stream, text)| html! {
                <pre class={if *stream == Stream::Stderr { "stderr" } else { "stdout" }}>{ visible_controls(text) }</pre>
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(line: &str, spans: &[Span]) -> Vec<(String, &'static str, bool)> {
        segments(line, spans)
            .into_iter()
            .map(|s| (s.text, s.class, s.underlined))
            .collect()
    }

    #[test]
    fn the_program_flags_and_strings_get_their_colours() {
        let got = classes("az vm create --name 'a b'", &[]);
        let find = |text: &str| got.iter().find(|(t, _, _)| t == text).map(|(_, c, _)| *c);
        assert_eq!(find("az"), Some("tok-program"));
        assert_eq!(find("vm"), Some("tok-word"));
        assert_eq!(find("--name"), Some("tok-flag"));
        assert_eq!(find("'a b'"), Some("tok-string"));
        let joined: String = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(joined, "az vm create --name 'a b'");
    }

    #[test]
    fn the_error_span_is_underlined_and_odd_spans_never_panic() {
        let got = classes("az identity delte -g rg", &[Span::new(12, 17)]);
        let underlined: Vec<&str> = got
            .iter()
            .filter(|(_, _, u)| *u)
            .map(|(t, _, _)| t.as_str())
            .collect();
        assert_eq!(underlined, ["delte"]);
        // A span past the end, or inside a multi-byte character, is clamped, not a panic.
        let _ = segments("az é", &[Span::new(4, 99)]);
        let _ = segments("", &[Span::new(3, 1)]);
    }

    #[test]
    fn each_command_of_a_line_starts_with_its_program_and_every_span_is_underlined() {
        let line = "echo $(az group show -n rg1 --query id); az vm lst -g rg1";
        let got = classes(line, &[Span::new(21, 27), Span::new(47, 50)]);
        let programs: Vec<&str> = got
            .iter()
            .filter(|(_, c, _)| *c == "tok-program")
            .map(|(t, _, _)| t.as_str())
            .collect();
        assert_eq!(programs, ["echo", "az", "az"]);
        let underlined: Vec<&str> = got
            .iter()
            .filter(|(_, _, u)| *u)
            .map(|(t, _, _)| t.as_str())
            .collect();
        assert_eq!(underlined, ["-n", " ", "rg1", "lst"]);
        let joined: String = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(joined, line);
    }
}
