//! `--query`'s JMESPath: the whole compliance suite, a few az-specific behaviours (key order,
//! Python's messages, integers), no panic on deep nesting, and a differential proptest against the
//! `jmespath` crate.

use console::jmespath::{self, ErrorKind};
use console::output::Value;
use proptest::prelude::*;

/// JSON equality where `1 == 1.0` and objects are maps (the suite's JSON is parsed into sorted maps).
fn same(left: &serde_json::Value, right: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (left, right) {
        (J::Number(a), J::Number(b)) => a.as_f64() == b.as_f64(),
        (J::Array(a), J::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (J::Object(a), J::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => left == right,
    }
}

fn error_kind(name: &str) -> ErrorKind {
    match name {
        "syntax" => ErrorKind::Syntax,
        "invalid-type" => ErrorKind::InvalidType,
        "invalid-arity" => ErrorKind::InvalidArity,
        "invalid-value" => ErrorKind::InvalidValue,
        "unknown-function" => ErrorKind::UnknownFunction,
        other => panic!("unknown error class {other}"),
    }
}

/// Cases deliberately not run, each with its reason.
const SKIPPED: &[&str] = &[
    // A parse benchmark that is not valid JMESPath: `[` after an expression takes a number, a
    // slice or `*`, and Python's jmespath (what az runs) rejects it as we do.
    "foo[bar > baz][qux > baz]",
];

/// Runs one case; `None` when it passes, else what went wrong.
fn run_case(given: &Value, case: &serde_json::Value) -> Option<String> {
    let expression = case["expression"].as_str().expect("an expression");
    let compiled = jmespath::compile(expression);
    let outcome = compiled.clone().and_then(|compiled| compiled.search(given));
    if let Some(class) = case.get("error").and_then(|e| e.as_str()) {
        let kind = error_kind(class);
        let found = match (&compiled, &outcome) {
            // Syntax errors must come from compiling, every other class from running.
            (Err(error), _) => error.kind == kind && kind == ErrorKind::Syntax,
            (Ok(_), Err(error)) => error.kind == kind && kind != ErrorKind::Syntax,
            _ => false,
        };
        return (!found)
            .then(|| format!("{expression:?}: expected a {class} error, got {outcome:?}"));
    }
    let Some(expected) = case.get("result") else {
        // A benchmark has no result (and `sum` of 26 arguments cannot run): it must compile.
        return compiled
            .is_err()
            .then(|| format!("{expression:?}: {compiled:?}"));
    };
    match &outcome {
        Ok(value) if same(&serde_json::Value::from(value), expected) => None,
        _ => Some(format!(
            "{expression:?}: expected {expected}, got {outcome:?}"
        )),
    }
}

#[test]
fn the_whole_compliance_suite_passes() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/jmespath-compliance");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .expect("the suite folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut cases, mut failures) = (0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a suite file");
        let suites: serde_json::Value = serde_json::from_str(&text).expect("suite JSON");
        for suite in suites.as_array().expect("a list of suites") {
            let given = Value::from(&suite["given"]);
            for case in suite["cases"].as_array().expect("cases") {
                if SKIPPED.contains(&case["expression"].as_str().unwrap_or("")) {
                    continue;
                }
                cases += 1;
                if let Some(failure) = run_case(&given, case) {
                    failures.push(format!("{}: {failure}", file.display()));
                }
            }
        }
    }
    assert!(cases > 800, "only {cases} cases found");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let data = Value::from(serde_json::json!({"a": [[1, 2], [3]]}));
    for depth in [10, 60, 120, 250, 1_000, 100_000] {
        let mut shapes = vec![
            format!("{}@{}", "[".repeat(depth), "]".repeat(depth)),
            format!("{}a{}", "(".repeat(depth), ")".repeat(depth)),
            format!("{}a", "!".repeat(depth)),
            format!("{}a{}", "{k: ".repeat(depth), "}".repeat(depth)),
            format!("{}a{}", "length(".repeat(depth), ")".repeat(depth)),
            format!("a{}", ".a".repeat(depth)),
            format!("a{}", "[*]".repeat(depth)),
            format!("a{}", "[0]".repeat(depth)),
            format!("a{}", " || a".repeat(depth)),
            format!("a{}", " | a".repeat(depth)),
            format!("`{}1{}`", "[".repeat(depth), "]".repeat(depth)),
            format!("`{}`", "{\"k\": ".repeat(depth) + "1" + &"}".repeat(depth)),
        ];
        shapes.push(format!("sort_by(@, &{})", shapes[0]));
        for expression in &shapes {
            match jmespath::compile(expression) {
                Ok(compiled) => {
                    // Too deep a JSON literal is taken as a string, JEP-12's deprecated form.
                    let literal = expression.starts_with('`');
                    assert!(depth < 1_000 || literal, "{depth} levels compiled");
                    let _ = compiled.search(&data);
                }
                Err(error) => {
                    assert!(depth > 60, "{depth} levels: {error:?}");
                    assert_eq!(error.kind, ErrorKind::Syntax);
                }
            }
        }
    }
}

fn query(data: serde_json::Value, expression: &str) -> Result<Value, String> {
    console::output::query(&Value::from(data), expression)
}

#[test]
fn a_multiselect_hash_keeps_the_expressions_key_order() {
    let found = query(
        serde_json::json!({"a": 1, "b": 2}),
        "{z: b, a: a, m: `null`}",
    );
    let expected = Value::object(vec![
        ("z", Value::from(serde_json::json!(2))),
        ("a", Value::from(serde_json::json!(1))),
        ("m", Value::Null),
    ]);
    assert_eq!(found, Ok(expected));
}

#[test]
fn integers_stay_integers_and_averages_are_floats_as_in_python() {
    let data = serde_json::json!({"n": [1, 2, 4], "x": 1.5});
    let shown =
        |expression: &str| console::output::to_json(&query(data.clone(), expression).unwrap());
    assert_eq!(shown("ceil(x)"), "2");
    assert_eq!(shown("floor(x)"), "1");
    assert_eq!(shown("sum(n)"), "7");
    assert_eq!(shown("abs(`-3`)"), "3");
    assert_eq!(shown("avg(`[1, 3]`)"), "2.0");
    assert_eq!(shown("to_number('12')"), "12");
    assert_eq!(shown("to_number(' 1.25 ')"), "1.25");
    assert_eq!(
        shown("to_string(`{\"b\": [1, \"é\"], \"a\": null}`)"),
        r#""{\"b\":[1,\"\\u00e9\"],\"a\":null}""#
    );
}

#[test]
fn strings_order_as_in_python_and_mixed_types_do_not() {
    let data = serde_json::json!([{"n": "b"}, {"n": "a"}, {"n": 3}]);
    let found = query(data, "[?n < 'b'].n");
    assert_eq!(found, Ok(Value::Array(vec![Value::str("a")])));
}

#[test]
fn errors_read_as_az_prints_them() {
    let data = serde_json::json!({"a": "text", "list": [1, "x"]});
    let error = |expression: &str| query(data.clone(), expression).unwrap_err();
    let learn = "\nTo learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'";
    assert_eq!(
        error("[?"),
        "argument --query: invalid jmespath_type value: '[?'"
    );
    assert_eq!(
        error("length(b)"),
        format!("Invalid jmespath query supplied for `--query`: In function length(), invalid type for value: None, expected one of: ['string', 'array', 'object'], received: \"null\"{learn}")
    );
    assert_eq!(
        error("sum(list)"),
        format!("Invalid jmespath query supplied for `--query`: In function sum(), invalid type for value: x, expected one of: ['array-number'], received: \"str\"{learn}")
    );
    assert_eq!(
        error("length(a, a)"),
        format!("Invalid jmespath query supplied for `--query`: Expected 1 argument for function length(), received 2{learn}")
    );
    assert_eq!(
        error("merge()"),
        format!("Invalid jmespath query supplied for `--query`: Expected at least 1 argument for function merge(), received 0{learn}")
    );
    assert_eq!(
        error("lower(a)"),
        format!("Invalid jmespath query supplied for `--query`: Unknown function: lower(){learn}")
    );
}

// ---- differential: the same answers as the `jmespath` crate (about half the random cases compile
// and run there, so 6,000 cases compare about 3,000) ------------------------------------------

/// Small JSON documents: few keys, so expressions often hit something.
fn document() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    let leaf = prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(|b| json!(b)),
        (-3i64..10).prop_map(|n| json!(n)),
        Just(json!(2.5)),
        prop::sample::select(vec!["a", "b", "foo", ""]).prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec!["a", "b", "c", "foo"]),
                inner,
                0..4
            )
            .prop_map(|map| serde_json::Value::Object(
                map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

/// Random expressions from a small grammar. Left out, because Python (which az runs, and which
/// this module follows) and the crate differ there: ordering two strings, what follows a
/// projection's `.x` (Python ends the projection there when a `.y` or `[0]` follows a `.*` or a
/// multiselect, so projections take one field, parenthesised), `to_string`'s layout, and
/// the key order of object literals, `merge` and multiselect hashes (kept in sorted order here).
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![prop::sample::select(vec![
        "a",
        "b",
        "c",
        "foo",
        "@",
        "\"a\"",
        "'a'",
        "`1`",
        "`[1, 2]`",
        "`null`",
        "`\"foo\"`",
        "*",
        "[]",
        "[*]"
    ])
    .prop_map(str::to_string),];
    leaf.prop_recursive(4, 48, 3, |inner| {
        let unary = prop::sample::select(vec![
            "length",
            "keys",
            "values",
            "sort",
            "reverse",
            "max",
            "min",
            "sum",
            "avg",
            "abs",
            "ceil",
            "floor",
            "not_null",
            "to_array",
            "type",
            "to_number",
        ]);
        let binary = prop::sample::select(vec![
            "contains",
            "starts_with",
            "ends_with",
            "join",
            "not_null",
        ]);
        let by = prop::sample::select(vec!["sort_by", "max_by", "min_by"]);
        let field = prop::sample::select(vec!["a", "b", "c", "foo"]);
        let operator = prop::sample::select(vec!["||", "&&", "|", "==", "!="]);
        let ordering = prop::sample::select(vec!["<", "<=", ">", ">="]);
        let bound = prop::option::of(-3i64..4);
        prop_oneof![
            (inner.clone(), field.clone()).prop_map(|(e, f)| format!("{e}.{f}")),
            (inner.clone(), -3i64..4).prop_map(|(e, i)| format!("{e}[{i}]")),
            (
                inner.clone(),
                bound.clone(),
                bound.clone(),
                prop::option::of(prop::sample::select(vec![-2i64, -1, 1, 2]))
            )
                .prop_map(|(e, a, b, c)| {
                    let part = |p: Option<i64>| p.map(|n| n.to_string()).unwrap_or_default();
                    match c {
                        Some(step) => format!("{e}[{}:{}:{step}]", part(a), part(b)),
                        None => format!("{e}[{}:{}]", part(a), part(b)),
                    }
                }),
            (inner.clone(), field.clone()).prop_map(|(e, f)| format!("({e}[*].{f})")),
            (inner.clone(), field.clone()).prop_map(|(e, f)| format!("({e}.*.{f})")),
            inner.clone().prop_map(|e| format!("{e}[]")),
            (inner.clone(), inner.clone()).prop_map(|(e, c)| format!("{e}[?{c}]")),
            (inner.clone(), operator, inner.clone()).prop_map(|(l, o, r)| format!("{l} {o} {r}")),
            (inner.clone(), ordering, -2i64..6).prop_map(|(l, o, n)| format!("{l} {o} `{n}`")),
            inner.clone().prop_map(|e| format!("!{e}")),
            inner.clone().prop_map(|e| format!("({e})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[{a}, {b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{{k1: {a}, k2: {b}}}")),
            (unary, inner.clone()).prop_map(|(f, e)| format!("{f}({e})")),
            (binary, inner.clone(), inner.clone()).prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
            (by, inner.clone(), field.clone()).prop_map(|(f, e, k)| format!("{f}({e}, &{k})")),
            (inner.clone(), field).prop_map(|(e, k)| format!("map(&{k}, {e})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6000))]

    #[test]
    fn answers_as_the_jmespath_crate_does(data in document(), text in expression()) {
        let theirs = ::jmespath::compile(&text).and_then(|compiled| {
            compiled.search(::jmespath::Variable::try_from(data.clone()).expect("JSON"))
        });
        // Where the crate fails (or allows what Python does not) there is nothing to compare.
        if let Ok(theirs) = theirs {
            let expected = serde_json::to_value(&*theirs).expect("the crate's result is JSON");
            let ours = jmespath::search(&text, &Value::from(&data));
            let ours = ours.map(|value| serde_json::Value::from(&value));
            prop_assert!(
                matches!(&ours, Ok(value) if same(value, &expected)),
                "{text} on {data}: the crate gives {expected}, we give {ours:?}"
            );
        }
    }
}
