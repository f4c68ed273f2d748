//! Bad lesson, index and preset files are refused with the file, the JSON path and what to fix; no input makes the reader panic.

mod common;

use common::lesson_with_goals;
use lessons::{read_index, read_presets, Lang, Lesson};

fn refusal(text: &str) -> String {
    match Lesson::read("bad.json", text) {
        Ok(lesson) => panic!("accepted: {lesson:?}"),
        Err(error) => error.to_string(),
    }
}

fn lesson(fields: &str) -> String {
    format!(
        r#"{{"version": 2, "id": "t", "title": "T", "summary": "S", "learnt": "L", "steps": [{{"text": "Do it", "hints": ["h"], "goals": [{{"label": "g", "exists": {{"group": "lab"}}}}], "solution": ["az group list"]}}]{fields}}}"#
    )
}

#[test]
fn a_value_of_the_wrong_type_is_named_with_its_path() {
    assert_eq!(
        refusal(&lesson("").replace(r#""title": "T""#, r#""title": 5"#)),
        "bad.json: at $.title: wrong type: expected a string, or an object of texts by language, found a number"
    );
    assert_eq!(
        refusal(&lesson("").replace(r#""hints": ["h"]"#, r#""hints": "h""#)),
        "bad.json: at $.steps[0].hints: wrong type: expected a list, found a string"
    );
    assert_eq!(
        refusal("[1]"),
        "bad.json: at $: wrong type: expected an object, found a list"
    );
}

#[test]
fn an_unknown_predicate_lists_the_vocabulary() {
    assert_eq!(
        refusal(&lesson_with_goals(r#"{"label": "g", "exist": {"group": "lab"}}"#)),
        "bad.json: at $.steps[0].goals[0].exist: unknown predicate 'exist': a goal is 'label' plus one of exists, absent, identity_state, attached, role, orphaned, dangling, access, token, happened, credentials, all, any, not, count"
    );
    assert_eq!(
        refusal(&lesson_with_goals(
            r#"{"label": "g", "exists": {"group": "lab"}, "absent": {"group": "x"}}"#
        )),
        "bad.json: at $.steps[0].goals[0].absent: two predicates ('exists' and 'absent'): a goal has one; combine several with 'all'"
    );
}

#[test]
fn a_step_goal_without_a_label_is_refused_but_one_inside_all_may_go_without() {
    assert_eq!(
        refusal(&lesson_with_goals(r#"{"exists": {"group": "lab"}}"#)),
        "bad.json: at $.steps[0].goals[0].label: missing: every goal of a step needs a label, the words the learner's checklist shows"
    );
    assert!(Lesson::read(
        "ok.json",
        &lesson_with_goals(r#"{"label": "g", "all": [{"exists": {"group": "lab"}}]}"#)
    )
    .is_ok());
}

#[test]
fn an_unknown_language_and_a_text_without_english_are_refused() {
    assert_eq!(
        refusal(&lesson("").replace(r#""title": "T""#, r#""title": {"en": "T", "fr": "Le T"}"#)),
        "bad.json: at $.title.fr: unknown language 'fr': texts may be given in en, de"
    );
    assert_eq!(
        refusal(&lesson_with_goals(
            r#"{"label": {"de": "nur deutsch"}, "exists": {"group": "lab"}}"#
        )),
        "bad.json: at $.steps[0].goals[0].label.en: missing: every text needs its English version"
    );
}

#[test]
fn an_unknown_field_lists_the_allowed_ones() {
    assert_eq!(
        refusal(&lesson(r#", "author": "me""#)),
        "bad.json: at $.author: unknown field 'author': allowed here are version, id, title, summary, setup, steps, learnt, advisor"
    );
    assert_eq!(
        refusal(&lesson("").replace(r#""text": "Do it""#, r#""txt": "Do it""#)),
        "bad.json: at $.steps[0].txt: unknown field 'txt': allowed here are text, hints, goals, solution, predict, advice"
    );
}

#[test]
fn a_wrong_version_is_refused_before_anything_else() {
    assert_eq!(
        refusal(&lesson(r#", "author": "me""#).replace(r#""version": 2"#, r#""version": 1"#)),
        "bad.json: at $.version: format version 1, but the playground reads version 2: see docs/lessons.md"
    );
    assert_eq!(
        refusal(r#"{"id": "t"}"#),
        "bad.json: at $.version: missing: the format version: 2"
    );
}

#[test]
fn names_roles_and_filters_are_checked_against_the_model() {
    assert_eq!(
        refusal(&lesson_with_goals(
            r#"{"label": "g", "role": {"who": {"user": "x"}, "role": "Boss", "scope": {"group": "lab"}}}"#
        )),
        "bad.json: at $.steps[0].goals[0].role.role: unknown role 'Boss': the playground knows Owner, Contributor, Reader, User Access Administrator, Virtual Machine Contributor, Key Vault Secrets User, Key Vault Secrets Officer, Key Vault Administrator, Storage Blob Data Reader, Storage Blob Data Contributor, Managed Identity Operator"
    );
    assert_eq!(
        refusal(&lesson_with_goals(
            r#"{"label": "g", "exists": {"vm": "vm1"}}"#
        )),
        "bad.json: at $.steps[0].goals[0].exists.group: missing: the resource group it is in"
    );
    assert_eq!(
        refusal(&lesson_with_goals(
            r#"{"label": "g", "happened": {"event": "group_created", "because": "x"}}"#
        )),
        "bad.json: at $.steps[0].goals[0].happened.because: 'group_created' takes name, not 'because'"
    );
    assert_eq!(
        refusal(&lesson("").replace(r#""id": "t""#, r#""id": "My Lesson""#)),
        "bad.json: at $.id: the id 'My Lesson' may hold only lower-case letters, digits and '-'"
    );
}

#[test]
fn texts_come_in_the_chosen_language_with_english_as_the_fallback() {
    let text = lesson("").replace(
        r#""title": "T""#,
        r#""title": {"en": "Title", "de": "Titel"}"#,
    );
    let lesson = Lesson::read("ok.json", &text).expect("a valid lesson");
    assert_eq!(lesson.title.get(Lang::De), "Titel");
    assert_eq!(lesson.title.get(Lang::En), "Title");
    assert_eq!(lesson.summary.get(Lang::De), "S");
    assert_eq!(lesson.languages_used(), vec![Lang::En, Lang::De]);
    assert_eq!(lesson.languages(), vec![Lang::En]);
}

#[test]
fn the_index_and_the_presets_are_refused_with_their_own_file_name() {
    assert_eq!(
        read_index(r#"{"version": 2, "lessons": [{"id": "a", "file": "../a.json", "title": "A", "summary": "S", "steps": 1}]}"#)
            .unwrap_err()
            .to_string(),
        "index.json: at $.lessons[0].file: a file name beside index.json, ending in .json"
    );
    assert_eq!(
        read_index(r#"{"version": 2, "lessons": [{"id": "a", "file": "a.json", "title": "A", "summary": "S", "steps": 1}, {"id": "a", "file": "b.json", "title": "B", "summary": "S", "steps": 1}]}"#)
            .unwrap_err()
            .to_string(),
        "index.json: at $.lessons[1].id: the id 'a' is listed twice"
    );
    assert_eq!(
        read_presets(
            r#"{"version": 2, "presets": [{"id": "p", "title": "P", "summary": "S", "lines": []}]}"#
        )
        .unwrap_err()
        .to_string(),
        "presets.json: at $.presets[0].lines: empty list: give at least one entry"
    );
}

/// Every prefix and many one-byte changes of every real lesson file: read without a panic.
#[test]
fn no_input_makes_the_reader_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/lessons");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).expect("static/lessons") {
        let path = entry.expect("a directory entry").path();
        let text = std::fs::read_to_string(&path).expect("a lesson file");
        files += 1;
        let bytes = text.as_bytes();
        for end in (0..bytes.len()).step_by(13) {
            let prefix = String::from_utf8_lossy(&bytes[..end]);
            let _ = Lesson::read("cut.json", &prefix);
            let _ = read_index(&prefix);
        }
        for (at, replacement) in (0..bytes.len()).step_by(17).zip(
            [b'"', b'{', b']', b'1', b'-', b'x', b',', b':']
                .iter()
                .cycle(),
        ) {
            let mut changed = bytes.to_vec();
            changed[at] = *replacement;
            let _ = Lesson::read("changed.json", &String::from_utf8_lossy(&changed));
        }
    }
    assert!(files >= 13, "found {files} lesson files");
}
