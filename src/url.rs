//! The page URL's query parameters the app reads, each checked: a bad value is named in a notice and ignored, never trusted.

/// What the query string asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    /// `instance=ID`: which copy of the playground this is on a page that embeds several, so
    /// each keeps its own saved work.
    pub instance: Option<String>,
    /// `lang=en|de`: the lessons' language (else the browser's).
    pub lang: Option<String>,
    /// `lesson=ID`: open this lesson (the worker says so if there is none).
    pub lesson: Option<String>,
    /// `step=N` (with `lesson`): start that lesson at step N, its earlier steps done for the
    /// learner, unless they already have a place in it.
    pub step: Option<u32>,
    /// `scenario=ID`: free play from this preset.
    pub scenario: Option<String>,
    /// `parent_origin=ORIGIN`: the course page's origin, the only one whose messages are accepted
    /// and the one events are sent to.
    pub parent_origin: Option<String>,
    /// What was wrong with the parameters, for one calm notice.
    pub problems: Vec<String>,
}

/// An identifier a course page may give: letters, digits, `-`, `_` and `.`, at most 64.
fn identifier(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// An origin as `postMessage` compares it: `http(s)://host[:port]`, nothing after.
fn origin(value: &str) -> bool {
    let Some(rest) = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = rest.split_once(':').unwrap_or((rest, "1"));
    !host.is_empty()
        && value.len() <= 200
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
        && !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
}

/// The view parameters (src/later/embed.js applies them) and the values each takes.
const VIEW: [(&str, &[&str]); 4] = [
    ("embed", &["1", "0"]),
    ("readonly", &["1", "0"]),
    ("theme", &["light", "dark", "auto"]),
    (
        "panels",
        &[
            "console",
            "resources",
            "directory",
            "diagram",
            "inspector",
            "log",
            "lessons",
        ],
    ),
];

/// What was wrong with one parameter, for the notice.
fn problem(name: &str, value: &str, why: &str) -> String {
    format!("{name}=\"{}\" {why}", crate::view::elide(value, 60))
}

/// A lesson's or preset's id, as their files write them.
pub fn lesson_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Params {
    /// Reads a query string (`?a=1&b=2`, with or without the `?`), percent-decoding with the
    /// given decoder (the browser's own, natively a stand-in).
    pub fn parse(query: &str, decode: impl Fn(&str) -> Option<String>) -> Params {
        let mut params = Params::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(&value.replace('+', " ")).unwrap_or_default();
            // Each accepted value is kept; a bad one is named with what would be right.
            let keep = |slot: &mut Option<String>| *slot = Some(value.clone());
            match name {
                "instance" if identifier(&value) => keep(&mut params.instance),
                "lang" if matches!(value.as_str(), "en" | "de") => keep(&mut params.lang),
                "lesson" if lesson_id(&value) => keep(&mut params.lesson),
                "scenario" if lesson_id(&value) => keep(&mut params.scenario),
                "parent_origin" if origin(&value) => keep(&mut params.parent_origin),
                "step" => match value.parse::<u32>() {
                    Ok(step) if (1..=99).contains(&step) => params.step = Some(step),
                    _ => params.problems.push(problem(name, &value, "is not a step number (1, 2, …): the lesson opens where it was")),
                },
                "instance" => params.problems.push(problem(name, &value, "is not an identifier (letters, digits, - _ . up to 64): it is ignored")),
                "lang" => params.problems.push(problem(name, &value, "is not a language of the lessons (en, de): the browser's language is used")),
                "lesson" | "scenario" => params.problems.push(problem(name, &value, "is not a lesson or preset id (lower-case letters, digits and -)")),
                "parent_origin" => params.problems.push(problem(name, &value, "is not an origin like https://courses.example.org: no messages from the course page are accepted")),
                // The view parameters are applied by later/embed.js; here they are only checked.
                _ => {
                    if let Some((_, values)) = VIEW.iter().find(|(view, _)| *view == name) {
                        // `panels` takes a comma-separated list of them.
                        let mut parts = value.split(',');
                        let ok = match name {
                            "panels" => parts.all(|part| values.contains(&part)),
                            _ => values.contains(&value.as_str()),
                        };
                        if !ok {
                            let why = format!("is not one of {}: it is ignored", values.join(", "));
                            params.problems.push(problem(name, &value, &why));
                        }
                    }
                }
            }
        }
        params
    }

    /// The current page's parameters.
    pub fn from_page() -> Params {
        let query = web_sys::window()
            .and_then(|window| window.location().search().ok())
            .unwrap_or_default();
        Params::parse(&query, |text| {
            js_sys::decode_uri_component(text)
                .ok()
                .and_then(|decoded| decoded.as_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_is_an_identifier_or_a_notice() {
        let plain = |text: &str| Some(text.to_string());
        assert_eq!(
            Params::parse("?instance=week-2.lab_1", plain)
                .instance
                .as_deref(),
            Some("week-2.lab_1")
        );
        let bad = Params::parse("?instance=a/b&other=1", plain);
        assert_eq!(bad.instance, None);
        assert_eq!(bad.problems.len(), 1);
        assert!(Params::parse("", plain).problems.is_empty());
    }

    #[test]
    fn a_lesson_a_step_and_a_preset_are_checked_and_bad_ones_named() {
        let plain = |text: &str| Some(text.to_string());
        let good = Params::parse("lesson=group-delete&step=2&lang=de", plain);
        assert_eq!(good.lesson.as_deref(), Some("group-delete"));
        assert_eq!(good.step, Some(2));
        assert_eq!(good.lang.as_deref(), Some("de"));
        assert!(good.problems.is_empty());
        assert_eq!(
            Params::parse("scenario=one-vm", plain).scenario.as_deref(),
            Some("one-vm")
        );
        let bad = Params::parse("lesson=../x&step=0&scenario=A B&lang=fr&step=x", plain);
        assert_eq!(
            (bad.lesson, bad.step, bad.scenario, bad.lang),
            (None, None, None, None)
        );
        assert_eq!(bad.problems.len(), 5, "{:?}", bad.problems);
        assert!(bad.problems[0].contains("lesson=\"../x\""));
    }

    #[test]
    fn a_parent_origin_is_an_origin_and_nothing_more() {
        let plain = |text: &str| Some(text.to_string());
        for good in ["https://courses.example.org", "http://127.0.0.1:8080"] {
            let params = Params::parse(&format!("parent_origin={good}"), plain);
            assert_eq!(params.parent_origin.as_deref(), Some(good));
        }
        for bad in [
            "*",
            "https://x.org/",
            "https://x.org/path",
            "javascript:alert(1)",
            "https://",
            "https://a:b",
            "ftp://x.org",
        ] {
            let params = Params::parse(&format!("parent_origin={bad}"), plain);
            assert_eq!(params.parent_origin, None, "{bad}");
            assert_eq!(params.problems.len(), 1, "{bad}");
        }
    }

    #[test]
    fn the_view_parameters_are_checked_and_bad_ones_named() {
        let plain = |text: &str| Some(text.to_string());
        let good = Params::parse(
            "embed=1&readonly=0&theme=dark&panels=console,directory,log",
            plain,
        );
        assert!(good.problems.is_empty(), "{:?}", good.problems);
        let bad = Params::parse(
            "embed=yes&theme=purple&panels=console,chat&readonly=",
            plain,
        );
        assert_eq!(bad.problems.len(), 4, "{:?}", bad.problems);
        assert!(bad.problems[1].contains("theme=\"purple\""));
        assert!(bad.problems[2].contains("console, resources"));
        assert_eq!(
            Params::parse("embed=or&panels=console,,log", plain)
                .problems
                .len(),
            2
        );
    }
}
