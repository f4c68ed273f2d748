//! The Azure CLI's output formats (json, jsonc, yaml, tsv, table, none) and `--query`, rule for rule as knack applies them.

use std::fmt::Write as _;

use model::sort::{sort_by, sort_by_key};
use model::value::write_string;
pub use model::value::Value;

/// `--output`: the formats az accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Json,
    Jsonc,
    Yaml,
    Yamlc,
    Table,
    Tsv,
    None,
}

impl Format {
    pub const NAMES: &'static [&'static str] =
        &["json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"];
    pub fn parse(text: &str) -> Option<Format> {
        Some(match text.to_ascii_lowercase().as_str() {
            "json" => Format::Json,
            "jsonc" => Format::Jsonc,
            "yaml" => Format::Yaml,
            "yamlc" => Format::Yamlc,
            "table" => Format::Table,
            "tsv" => Format::Tsv,
            "none" => Format::None,
            _ => return None,
        })
    }
}

/// How a table transformer reshapes a command's result before the auto-table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transformer {
    GroupList,
    VmShow,
    VmList,
    GraphObjectList,
    RoleAssignmentList,
    RoleDefinitionList,
    AccountList,
    SecretList,
}

/// What a command hands to the formatter.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandResult {
    pub value: Value,
    /// The result is an OrderedDict (a CLI-built summary such as `vm create`'s): tsv keeps its order.
    pub ordered: bool,
    pub transformer: Option<Transformer>,
}

impl CommandResult {
    /// A plain result: objects print with sorted keys.
    pub fn plain(value: Value) -> Self {
        CommandResult {
            value,
            ordered: false,
            transformer: None,
        }
    }
    /// A result with a table transformer.
    pub fn transformed(value: Value, transformer: Transformer) -> Self {
        CommandResult {
            value,
            ordered: false,
            transformer: Some(transformer),
        }
    }
    /// A result the CLI builds as an OrderedDict (a summary such as `vm create`'s): tsv and table
    /// keep its key order.
    pub fn ordered(value: Value) -> Self {
        CommandResult {
            value,
            ordered: true,
            transformer: None,
        }
    }
}

/// The exact text az prints when no table column is left.
pub const TABLE_UNAVAILABLE: &str = "Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.";

/// Applies `--query` (JMESPath). Objects a multiselect hash builds keep the expression's key
/// order; a runtime error reads as az words it (azure-cli's `handle_exception` for JMESPathError).
#[cfg(feature = "full")]
pub fn query(value: &Value, expression: &str) -> Result<Value, String> {
    let compiled = crate::jmespath::compile(expression)
        .map_err(|_| format!("argument --query: invalid jmespath_type value: '{expression}'"))?;
    compiled.search(value).map_err(|error| {
        format!(
            "Invalid jmespath query supplied for `--query`: {}\nTo learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'",
            error.message
        )
    })
}

/// Without the `full` feature (the page's download), `--query` runs elsewhere: the page sends such
/// lines to the lesson worker's terminal, so this answer is only for a line that reached it anyway.
#[cfg(not(feature = "full"))]
pub fn query(_: &Value, _: &str) -> Result<Value, String> {
    Err(NO_QUERY.to_string())
}

/// Whether this console runs `--query` and the sign-in log itself (the `full` feature).
pub const FULL: bool = cfg!(feature = "full");

/// Whether a line needs the `full` feature: a `--query`, Graph's sign-in log, or a federated
/// credential's command (the page keeps only the changes, which it runs when the worker's
/// terminal hands them back).
pub fn needs_full(line: &str) -> bool {
    line.split_whitespace()
        .any(|word| word.starts_with("--query") || word == "federated-credential")
        || line.to_ascii_lowercase().contains("auditlogs/signins")
}

/// Why a console without the `full` feature ran no `--query`.
pub const NO_QUERY: &str = "--query runs in the playground's worker, which could not be reached here: run the command without --query";

/// Why a result could not be printed: its `--query`, or its output format.
pub enum PrintError {
    Query(String),
    Format(String),
}

/// What az prints for a result: `--query` applied (unless the result is null), then the output
/// format.
pub fn print(
    result: CommandResult,
    expression: Option<&str>,
    format: Format,
) -> Result<String, PrintError> {
    let value = match expression {
        Some(expression) if !result.value.is_null() => {
            query(&result.value, expression).map_err(PrintError::Query)?
        }
        _ => result.value,
    };
    let shown = CommandResult { value, ..result };
    render(&shown, format, expression.is_some()).map_err(PrintError::Format)
}

/// Renders a result as az prints it to stdout. `queried` says `--query` was used (which turns
/// off the table transformer and the key sort). A null result prints nothing, as knack does.
pub fn render(result: &CommandResult, format: Format, queried: bool) -> Result<String, String> {
    if result.value.is_null() {
        return Ok(String::new());
    }
    // Query results keep their order; plain results are sorted where knack sorts them.
    let ordered = result.ordered || queried;
    Ok(match format {
        Format::Json | Format::Jsonc => {
            let mut out = String::new();
            write_json(&result.value, 0, &mut out);
            out.push('\n');
            out
        }
        Format::Yaml | Format::Yamlc => yaml(&result.value),
        Format::Tsv => tsv(&result.value, ordered),
        Format::Table => {
            let transformed = match (result.transformer, queried) {
                (Some(transformer), false) => Some(transform(&result.value, transformer)),
                _ => None,
            };
            match transformed {
                Some(_) if result.transformer == Some(Transformer::GraphObjectList) => {
                    render_graph_table(&result.value)?
                }
                Some(value) => table(&value, false)?,
                None => table(&result.value, !ordered)?,
            }
        }
        Format::None => String::new(),
    })
}

// ---- json ---------------------------------------------------------------------------------

fn json_string(text: &str) -> String {
    let mut out = String::new();
    write_string(text, false, &mut out);
    out
}

fn sorted(pairs: &[(String, Value)]) -> Vec<&(String, Value)> {
    let mut refs: Vec<&(String, Value)> = pairs.iter().collect();
    // Keys are unique, so an unstable sort gives the same order (and less code).
    sort_by(&mut refs, |a, b| a.0.cmp(&b.0));
    refs
}

/// `json.dumps(indent=2, sort_keys=True, ensure_ascii=False)`.
fn write_json(value: &Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent + 1);
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&model::value::number_text(n)),
        Value::String(s) => out.push_str(&json_string(s)),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(pairs) if pairs.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (index, item) in items.iter().enumerate() {
                out.push_str(&pad);
                write_json(item, indent + 1, out);
                out.push_str(if index + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&"  ".repeat(indent));
            out.push(']');
        }
        Value::Object(pairs) => {
            out.push_str("{\n");
            let keys = sorted(pairs);
            for (index, (key, item)) in keys.iter().enumerate() {
                out.push_str(&pad);
                out.push_str(&json_string(key));
                out.push_str(": ");
                write_json(item, indent + 1, out);
                out.push_str(if index + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&"  ".repeat(indent));
            out.push('}');
        }
    }
}

/// JSON text of a value with az's layout (sorted keys, 2-space indent), no trailing newline.
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, 0, &mut out);
    out
}

// ---- tsv ----------------------------------------------------------------------------------

/// Python's `str()` of a value nested in a row.
fn python_str(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => model::value::number_text(n),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.len().to_string(),
        Value::Object(_) => String::new(),
    }
}

fn tsv(value: &Value, ordered: bool) -> String {
    if let Value::Bool(b) = value {
        return format!("{b}\n");
    }
    let rows: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = String::new();
    for row in rows {
        match row {
            Value::Object(pairs) => {
                let values: Vec<&Value> = if ordered {
                    pairs.iter().map(|(_, v)| v).collect()
                } else {
                    sorted(pairs).into_iter().map(|(_, v)| v).collect()
                };
                out.push_str(
                    &values
                        .into_iter()
                        .map(python_str)
                        .collect::<Vec<_>>()
                        .join("\t"),
                );
            }
            Value::Array(items) => {
                out.push_str(&items.iter().map(python_str).collect::<Vec<_>>().join("\t"))
            }
            scalar => out.push_str(&python_str(scalar)),
        }
        out.push('\n');
    }
    out
}

// ---- table --------------------------------------------------------------------------------

/// `key[0].upper() + key[1:]`, as knack titles a column.
fn capitalize(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => format!("{}{}", upper(first), chars.as_str()),
        None => String::new(),
    }
}

/// A letter's capital in the scripts keys are written in (Latin, Greek, Cyrillic), by the
/// alphabets' own layout rather than the 13 KB Unicode case table. Other characters, which a
/// column title practically never starts with, stay as they are.
fn upper(c: char) -> char {
    let code = u32::from(c);
    let capital = match code {
        // a–z, à–þ (not ÷), α–ω (not final ς), а–я: the capital is 32 below.
        0x61..=0x7a | 0xe0..=0xfe | 0x3b1..=0x3c9 | 0x430..=0x44f
            if code != 0xf7 && code != 0x3c2 =>
        {
            code - 0x20
        }
        // ѐ–џ: 80 below.
        0x450..=0x45f => code - 0x50,
        // Latin Extended-A pairs capital, small (ı and ſ aside).
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 if code % 2 == 1 => code - 1,
        0x139..=0x148 | 0x179..=0x17e if code % 2 == 0 => code - 1,
        _ => code,
    };
    char::from_u32(capital).unwrap_or(c)
}

fn auto_table_item(item: &Value, sort_keys: bool, skip: &[&str]) -> Vec<(String, String)> {
    match item {
        Value::Object(pairs) => {
            let keys: Vec<&(String, Value)> = if sort_keys {
                sorted(pairs)
            } else {
                pairs.iter().collect()
            };
            keys.into_iter()
                .filter(|(key, value)| {
                    !skip.contains(&key.as_str())
                        && !matches!(value, Value::Null | Value::Array(_) | Value::Object(_))
                })
                .map(|(key, value)| (capitalize(key), python_str(value)))
                .collect()
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, value)| (format!("Column{}", index + 1), python_str(value)))
            .collect(),
        scalar => vec![("Result".to_string(), python_str(scalar))],
    }
}

/// knack's auto-table, rendered like `tabulate(tablefmt="simple", disable_numparse=True)`.
fn table(value: &Value, sort_keys: bool) -> Result<String, String> {
    table_with_skip(value, sort_keys, &["id", "type", "etag"])
}

fn table_with_skip(value: &Value, sort_keys: bool, skip: &[&str]) -> Result<String, String> {
    let rows: Vec<Vec<(String, String)>> = match value {
        Value::Array(items) => items
            .iter()
            .map(|item| auto_table_item(item, sort_keys, skip))
            .collect(),
        other => vec![auto_table_item(other, sort_keys, skip)],
    };
    if rows.is_empty() {
        return Ok("\n".into());
    }
    let mut headers: Vec<String> = Vec::new();
    for row in &rows {
        for (key, _) in row {
            if !headers.contains(key) {
                headers.push(key.clone());
            }
        }
    }
    if headers.is_empty() {
        return Err(TABLE_UNAVAILABLE.into());
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            headers
                .iter()
                .map(|h| {
                    row.iter()
                        .find(|(k, _)| k == h)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(index, header)| {
            cells
                .iter()
                .map(|row| display_width(&row[index]))
                .max()
                .unwrap_or(0)
                .max(display_width(header) + 2)
        })
        .collect();
    let line = |values: &[String]| -> String {
        let mut text = String::new();
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                text.push_str("  ");
            }
            text.push_str(value);
            text.push_str(&" ".repeat(widths[index].saturating_sub(display_width(value))));
        }
        text.trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&headers));
    let _ = writeln!(
        out,
        "{}",
        line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>())
    );
    for row in &cells {
        let _ = writeln!(out, "{}", line(row));
    }
    Ok(out)
}

fn display_width(text: &str) -> usize {
    text.chars().count()
}

fn field<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    let mut current = value;
    for key in path {
        current = current.get(key).unwrap_or(&Value::Null);
    }
    current
}

fn rows_of(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// The command-specific table transformers of the Azure CLI (all produce OrderedDicts).
fn transform(value: &Value, transformer: Transformer) -> Value {
    let project = |row: &Value, columns: &[(&str, &[&str])]| -> Value {
        Value::Object(
            columns
                .iter()
                .map(|(name, path)| (name.to_string(), field(row, path).clone()))
                .collect(),
        )
    };
    let each = |columns: &[(&str, &[&str])]| -> Value {
        Value::Array(
            rows_of(value)
                .into_iter()
                .map(|row| project(row, columns))
                .collect(),
        )
    };
    match transformer {
        Transformer::GroupList => each(&[
            ("Name", &["name"]),
            ("Location", &["location"]),
            ("Status", &["properties", "provisioningState"]),
        ]),
        Transformer::VmShow | Transformer::VmList => {
            let rows: Vec<Value> = rows_of(value)
                .into_iter()
                .map(|row| {
                    let mut pairs: Vec<(String, Value)> = vec![
                        ("Name".into(), field(row, &["name"]).clone()),
                        (
                            "ResourceGroup".into(),
                            field(row, &["resourceGroup"]).clone(),
                        ),
                        ("PowerState".into(), field(row, &["powerState"]).clone()),
                        ("PublicIps".into(), field(row, &["publicIps"]).clone()),
                        ("Fqdns".into(), field(row, &["fqdns"]).clone()),
                        ("Location".into(), field(row, &["location"]).clone()),
                    ];
                    if let Some(zones) = row.get("zones") {
                        let joined = match zones {
                            Value::Array(items) => items
                                .iter()
                                .filter_map(Value::as_str)
                                .collect::<Vec<_>>()
                                .join(","),
                            _ => String::new(),
                        };
                        pairs.push(("Zones".into(), Value::String(joined)));
                    }
                    Value::Object(pairs)
                })
                .collect();
            if transformer == Transformer::VmShow && rows.len() == 1 {
                rows.into_iter().next().unwrap_or(Value::Null)
            } else {
                Value::Array(rows)
            }
        }
        Transformer::GraphObjectList => {
            let mut rows = rows_of(value);
            sort_by_key(&mut rows, |row| {
                field(row, &["displayName"])
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            });
            Value::Array(
                rows.into_iter()
                    .map(|row| {
                        project(
                            row,
                            &[
                                ("displayName", &["displayName"]),
                                ("id", &["id"]),
                                ("appId", &["appId"]),
                                ("createdDateTime", &["createdDateTime"]),
                            ],
                        )
                    })
                    .collect(),
            )
        }
        Transformer::RoleAssignmentList => each(&[
            ("Principal", &["principalName"]),
            ("Role", &["roleDefinitionName"]),
            ("Scope", &["scope"]),
        ]),
        Transformer::RoleDefinitionList => each(&[
            ("Name", &["roleName"]),
            ("Type", &["type"]),
            ("Description", &["description"]),
        ]),
        Transformer::AccountList => each(&[
            ("Name", &["name"]),
            ("CloudName", &["cloudName"]),
            ("SubscriptionId", &["id"]),
            ("TenantId", &["tenantId"]),
            ("State", &["state"]),
            ("IsDefault", &["isDefault"]),
        ]),
        Transformer::SecretList => each(&[
            ("Name", &["name"]),
            ("Id", &["id"]),
            ("ContentType", &["contentType"]),
            ("Enabled", &["attributes", "enabled"]),
            ("Expires", &["attributes", "expires"]),
        ]),
    }
}

/// The graph transformer removes `id` from the skipped keys so the object ID shows.
pub fn render_graph_table(value: &Value) -> Result<String, String> {
    table_with_skip(
        &transform(value, Transformer::GraphObjectList),
        false,
        &["type", "etag"],
    )
}

// ---- yaml ---------------------------------------------------------------------------------

/// `yaml.safe_dump(default_flow_style=False, allow_unicode=True)`: sorted keys, block style.
fn yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Array(items) if !items.is_empty() => yaml_sequence(items, 0, &mut out),
        Value::Object(pairs) if !pairs.is_empty() => yaml_mapping(pairs, 0, &mut out),
        scalar => {
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
            if matches!(
                scalar,
                Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null
            ) {
                out.push_str("...\n");
            }
        }
    }
    out
}

fn yaml_mapping(pairs: &[(String, Value)], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (index, (key, value)) in sorted(pairs).into_iter().enumerate() {
        if index > 0 || !out.ends_with("- ") {
            out.push_str(&pad);
        }
        out.push_str(&yaml_key(key));
        out.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                yaml_mapping(inner, indent + 2, out);
            }
            // PyYAML writes a sequence inside a mapping at the mapping's own indentation.
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                yaml_sequence(items, indent, out);
            }
            scalar => {
                out.push(' ');
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
    }
}

fn yaml_sequence(items: &[Value], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for item in items {
        out.push_str(&pad);
        out.push_str("- ");
        match item {
            Value::Object(inner) if !inner.is_empty() => yaml_mapping(inner, indent + 2, out),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                yaml_sequence(inner, indent + 2, out);
            }
            scalar => {
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
    }
}

fn yaml_key(key: &str) -> String {
    yaml_string(key)
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => model::value::number_text(n),
        Value::String(s) => yaml_string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// Plain when PyYAML would leave it plain; single-quoted otherwise (double-quoted for control characters).
fn yaml_string(text: &str) -> String {
    if text.chars().any(|c| c.is_control()) {
        return json_string(text);
    }
    let lower = text.to_ascii_lowercase();
    let reserved = matches!(
        lower.as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    let numeric = model::float::parse(text).is_some()
        || text.starts_with("0x")
        || text.starts_with("0o")
        || is_timestamp(text);
    let first = text.chars().next().unwrap_or(' ');
    let indicator_start =
        matches!(
            first,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
        ) && !(matches!(first, '-' | '?' | ':') && text.len() > 1 && !text[1..].starts_with(' '));
    let needs_quotes = reserved
        || numeric
        || indicator_start
        || text.starts_with(' ')
        || text.ends_with(' ')
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.contains('\u{feff}');
    if needs_quotes {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        text.to_string()
    }
}

fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_titles_capitalise_as_python_does_for_latin_greek_and_cyrillic() {
        for (key, title) in [
            ("name", "Name"),
            ("Name", "Name"),
            ("élan", "Élan"),
            ("ÿes", "ÿes"),
            ("ωmega", "Ωmega"),
            ("ςx", "ςx"),
            ("жук", "Жук"),
            ("ёж", "Ёж"),
            ("ąb", "Ąb"),
            ("ľa", "Ľa"),
            ("1st", "1st"),
            ("", ""),
        ] {
            assert_eq!(capitalize(key), title, "{key}");
        }
        // Where this table and the standard library both know the capital, they agree.
        for code in (0x61..0x500).filter_map(char::from_u32) {
            let ours = upper(code);
            if ours != code {
                assert_eq!(code.to_uppercase().collect::<String>(), ours.to_string());
            }
        }
    }
}
