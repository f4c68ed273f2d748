//! Text a learner reads, in each language a lesson offers, and the choice of language.

/// A language lessons may be written in. English is required everywhere; the others are optional
/// and fall back to English where a text has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    En,
    De,
}

impl Lang {
    /// Every language the playground knows, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The code lesson files and `?lang=` use: `en`, `de`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language of a code (`de`), or of a browser's language tag (`de-AT`), case-insensitively.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(primary))
    }

    /// The language to show: `?lang=` when it names one the playground knows, else the first of the
    /// browser's preferred languages (`navigator.languages`) that it knows, else English.
    pub fn choose(query: Option<&str>, browser: &[String]) -> Lang {
        query
            .and_then(Lang::from_code)
            .or_else(|| browser.iter().find_map(|tag| Lang::from_code(tag)))
            .unwrap_or(Lang::En)
    }
}

/// A text in one or more languages; English is always there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// (language, text) pairs, English first, each language once.
    versions: Vec<(Lang, String)>,
}

impl Text {
    /// An English-only text.
    pub fn en(text: impl Into<String>) -> Text {
        Text {
            versions: vec![(Lang::En, text.into())],
        }
    }

    /// A text from its versions; `None` without an English one.
    pub fn from_versions(versions: Vec<(Lang, String)>) -> Option<Text> {
        let mut ordered: Vec<(Lang, String)> = Vec::new();
        for lang in Lang::ALL {
            if let Some((_, text)) = versions.iter().rev().find(|(l, _)| *l == lang) {
                ordered.push((lang, text.clone()));
            }
        }
        (ordered.first().map(|(lang, _)| *lang) == Some(Lang::En))
            .then_some(Text { versions: ordered })
    }

    /// The text in `lang`, or in English when it has none in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        self.versions
            .iter()
            .find(|(l, _)| *l == lang)
            .or_else(|| self.versions.first())
            .map_or("", |(_, text)| text.as_str())
    }

    /// The English text.
    pub fn english(&self) -> &str {
        self.get(Lang::En)
    }

    /// Whether the text has its own version in `lang`.
    pub fn has(&self, lang: Lang) -> bool {
        self.versions.iter().any(|(l, _)| *l == lang)
    }

    /// The languages it is written in, English first.
    pub fn languages(&self) -> impl Iterator<Item = Lang> + '_ {
        self.versions.iter().map(|(lang, _)| *lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_wins_then_the_browser_then_english() {
        let browser = vec!["fr-FR".to_string(), "de-AT".to_string()];
        assert_eq!(Lang::choose(Some("en"), &browser), Lang::En);
        assert_eq!(Lang::choose(None, &browser), Lang::De);
        assert_eq!(Lang::choose(Some("xx"), &browser), Lang::De);
        assert_eq!(Lang::choose(None, &["fr".to_string()]), Lang::En);
        assert_eq!(Lang::choose(Some("DE"), &[]), Lang::De);
    }

    #[test]
    fn a_missing_translation_falls_back_to_english() {
        let text = Text::from_versions(vec![(Lang::En, "Hello".into())]).expect("English");
        assert_eq!(text.get(Lang::De), "Hello");
        let both = Text::from_versions(vec![(Lang::De, "Hallo".into()), (Lang::En, "Hi".into())])
            .expect("English");
        assert_eq!(both.get(Lang::De), "Hallo");
        assert_eq!(both.english(), "Hi");
        assert!(Text::from_versions(vec![(Lang::De, "Hallo".into())]).is_none());
    }
}
