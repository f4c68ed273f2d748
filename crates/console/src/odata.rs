//! The OData `--filter` subset that `az ad sp list` / `az ad app list` pass to Microsoft Graph:
//! `eq` and `startswith` on a few string properties, joined by `and`; anything else is refused.

use model::Value;

/// The properties a playground filter may test.
const PROPERTIES: [&str; 4] = ["displayName", "appId", "id", "servicePrincipalType"];

/// One test of a filter.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Clause {
    Equals {
        property: &'static str,
        value: String,
    },
    StartsWith {
        property: &'static str,
        value: String,
    },
}

/// A parsed filter: every clause must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter(Vec<Clause>);

fn property(name: &str) -> Option<&'static str> {
    PROPERTIES
        .into_iter()
        .find(|p| p.eq_ignore_ascii_case(name.trim()))
}

/// `'text'` with OData's doubled quotes, or `None` when it isn't one quoted string.
fn quoted(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    let unquoted = inner.replace("''", "'");
    (!unquoted.contains('\'') || inner.contains("''")).then_some(unquoted)
}

fn clause(text: &str) -> Option<Clause> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("startswith(") {
        let inside = text.get(text.len() - rest.len()..)?.strip_suffix(')')?;
        let (name, value) = inside.split_once(',')?;
        return Some(Clause::StartsWith {
            property: property(name)?,
            value: quoted(value)?,
        });
    }
    let at = lower.find(" eq ")?;
    Some(Clause::Equals {
        property: property(&text[..at])?,
        value: quoted(&text[at + 4..])?,
    })
}

impl Filter {
    /// Parses the filter, or says in one sentence what the playground accepts.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let lower = text.to_ascii_lowercase();
        let mut clauses = Vec::new();
        let mut start = 0;
        // Split on ` and ` outside quotes; values may contain the word "and".
        let mut in_quotes = false;
        for (at, ch) in text.char_indices() {
            if ch == '\'' {
                in_quotes = !in_quotes;
            } else if !in_quotes && lower[at..].starts_with(" and ") {
                clauses.push(&text[start..at]);
                start = at + 5;
            }
        }
        clauses.push(&text[start..]);
        clauses
            .into_iter()
            .map(|part| clause(part).ok_or(()))
            .collect::<Result<Vec<_>, _>>()
            .map(Filter)
            .map_err(|()| {
                format!(
                    "the filter \"{}\" is not supported in the playground: use eq or startswith on \
                     displayName, appId, id or servicePrincipalType, joined by 'and', e.g. \
                     \"servicePrincipalType eq 'ManagedIdentity'\" or \"startswith(displayName,'vm')\"",
                    text.trim()
                )
            })
    }

    /// Whether a Graph object (as JSON) passes. Graph compares these strings case-insensitively.
    pub fn matches(&self, object: &Value) -> bool {
        self.0.iter().all(|clause| {
            let (property, value, prefix) = match clause {
                Clause::Equals { property, value } => (property, value, false),
                Clause::StartsWith { property, value } => (property, value, true),
            };
            let Some(actual) = object[*property].as_str() else {
                return false;
            };
            let (actual, value) = (actual.to_ascii_lowercase(), value.to_ascii_lowercase());
            if prefix {
                actual.starts_with(&value)
            } else {
                actual == value
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sp() -> Value {
        Value::from(
            json!({"displayName": "vm1", "appId": "A-1", "id": "o-1", "servicePrincipalType": "ManagedIdentity"}),
        )
    }

    #[test]
    fn eq_startswith_and_and_are_understood_case_insensitively() {
        let hit = [
            "servicePrincipalType eq 'ManagedIdentity'",
            "displayname EQ 'VM1'",
            "startswith(displayName,'vm')",
            "startswith(displayName, 'v') and appId eq 'a-1'",
        ];
        for filter in hit {
            assert!(
                Filter::parse(filter).expect(filter).matches(&sp()),
                "{filter}"
            );
        }
        let miss = [
            "servicePrincipalType eq 'Application'",
            "displayName eq 'vm'",
            "startswith(displayName,'vm') and id eq 'o-2'",
        ];
        for filter in miss {
            assert!(
                !Filter::parse(filter).expect(filter).matches(&sp()),
                "{filter}"
            );
        }
    }

    #[test]
    fn a_value_may_hold_and_or_a_doubled_quote() {
        let filter = Filter::parse("displayName eq 'rock and roll''s'").expect("valid");
        assert!(filter.matches(&Value::from(json!({"displayName": "Rock and Roll's"}))));
    }

    #[test]
    fn anything_else_is_refused_with_what_is_accepted() {
        for filter in [
            "displayName ne 'vm1'",
            "tags/any(t: t eq 'x')",
            "accountEnabled eq true",
            "displayName eq vm1",
            "",
            "startswith(displayName,'vm'",
        ] {
            let error = Filter::parse(filter).expect_err(filter);
            assert!(
                error.contains("is not supported in the playground: use eq or startswith"),
                "{error}"
            );
        }
    }
}
