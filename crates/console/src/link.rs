//! Share links read natively, for `az-playground --from-link`: `…#s1.<data>`, where data is the session (`{"seed", "lines", "lesson"?, "step"?}` as JSON) deflate-compressed and base64url-encoded, as the page's `src/share.js` writes it.

/// What a share link holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub seed: u64,
    pub lines: Vec<String>,
    pub lesson: Option<String>,
}

/// No link expands past this, as in the page.
const CAP: usize = 256 * 1024;

/// The most lines a link may hold, as in the page.
const MAX_LINES: usize = 5000;

/// The session of a share link (the whole URL, or just its fragment), or why it can't be read.
pub fn read(link: &str) -> Result<Shared, String> {
    let fragment = link.rsplit_once('#').map_or(link, |(_, fragment)| fragment);
    let Some(data) = fragment.strip_prefix("s1.") else {
        let newer = fragment.starts_with('s')
            && fragment[1..]
                .split_once('.')
                .is_some_and(|(v, _)| v.parse::<u32>().is_ok());
        return Err(match newer {
            true => "the link was made by a newer playground (its format is newer than s1)".into(),
            false => "it is not a playground share link (its fragment must start with #s1.)".into(),
        });
    };
    let bytes =
        base64url(data).ok_or("the link's data is not base64url: was it cut or changed?")?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, CAP).map_err(
        |error| match error.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                "the link expands to more than 256 KiB, more than any session a link carries"
                    .to_string()
            }
            _ => "the link's data is damaged (cut short or changed)".to_string(),
        },
    )?;
    let value: serde_json::Value =
        serde_json::from_slice(&text).map_err(|_| "the link's data is damaged (not a session)")?;
    let seed = value.get("seed").and_then(serde_json::Value::as_u64);
    let lines = value
        .get("lines")
        .and_then(serde_json::Value::as_array)
        .and_then(|lines| {
            lines
                .iter()
                .map(|line| line.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
        });
    match (seed, lines) {
        (Some(seed), Some(lines)) if lines.len() <= MAX_LINES => Ok(Shared {
            seed,
            lines,
            lesson: value
                .get("lesson")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string),
        }),
        _ => Err("the link does not hold a session the playground can replay".into()),
    }
}

/// base64url without padding (as the page writes it); padding is accepted too.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A link's session as a script: a header saying where it came from, then its lines.
pub fn script(shared: &Shared) -> String {
    let mut out = format!(
        "# A Managed Identity Playground session from a share link ({} commands).\n# Run it with: az-playground --seed {} FILE (the seed gives the same IDs as the link)\n",
        shared.lines.len(),
        shared.seed
    );
    if let Some(lesson) = &shared.lesson {
        out.push_str(&format!("# It was shared from the lesson {lesson}.\n"));
    }
    for line in &shared.lines {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(json: &str) -> String {
        let bytes = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut data = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                data.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        format!("https://example.org/playground/#s1.{data}")
    }

    #[test]
    fn a_link_gives_back_its_session_and_its_script_runs() {
        let shared = read(&link(r#"{"seed":2026,"lines":["az group create -n rg1 -l westeurope"],"lesson":"group-delete","step":2}"#)).unwrap();
        assert_eq!(shared.seed, 2026);
        assert_eq!(shared.lines, vec!["az group create -n rg1 -l westeurope"]);
        assert_eq!(shared.lesson.as_deref(), Some("group-delete"));
        let script = script(&shared);
        let mut console = crate::Console::new(shared.seed);
        let run = crate::script::run(&mut console, "link", &script, false);
        assert_eq!(run.exit_code, 0, "{}", run.combined());
        assert_eq!(console.session().world().groups.len(), 1);
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let good = link(r#"{"seed":1,"lines":[]}"#);
        let cut = &good[..good.len() - 6];
        for (bad, why) in [
            ("https://example.org/", "not a playground share link"),
            ("https://example.org/#s2.AAAA", "newer playground"),
            ("https://example.org/#s1.***", "not base64url"),
            (cut, "damaged"),
            (&link("not json"), "not a session"),
            (&link(r#"{"seed":-1,"lines":[]}"#), "can replay"),
            (
                &link(&format!(
                    r#"{{"seed":1,"lines":["{}"]}}"#,
                    "a".repeat(300 * 1024)
                )),
                "more than 256 KiB",
            ),
        ] {
            let message = read(bad).unwrap_err();
            assert!(message.contains(why), "{bad:.60}: {message}");
        }
    }
}
