//! The script for real Azure (`console::export`): run back through the playground it gives the
//! same session, and nothing the playground made up is left in it as a literal.

use console::{script, to_cli, Console};

/// A session that uses every kind of made-up ID: principal IDs given to `--assignee`, an app ID
/// given to `az ad sp create`, the subscription in a scope, a re-enabled identity (a second
/// principal ID), a clock move, names unique in all of Azure.
const SESSION: &str = r#"az group create -n rg1 -l westeurope
az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity
az keyvault create -g rg1 -n kv1 --enable-rbac-authorization
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role "Key Vault Secrets User" --scope $(az keyvault show -n kv1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope /subscriptions/$(az account show --query id -o tsv)
az identity create -g rg1 -n id1
az vm identity assign -g rg1 -n vm1 --identities id1
az ad app create --display-name app1 --sign-in-audience AzureADMultipleOrgs
az ad sp create --id $(az ad app list --display-name app1 --query [0].appId -o tsv)
az ad app credential reset --id $(az ad app list --display-name app1 --query [0].appId -o tsv)
sleep 1d
az vm identity remove -g rg1 -n vm1 --identities [system]
az vm identity assign -g rg1 -n vm1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az keyvault show -n kv1 --query id -o tsv)
az storage account create -g rg1 -n st1
"#;

const SEED: u64 = 2026;

/// The session's log as saved: one canonical line per change.
fn saved_lines(console: &Console) -> Vec<String> {
    console
        .session()
        .log()
        .iter()
        .map(|entry| to_cli(&entry.command))
        .collect()
}

/// The lines with each `az account set` naming its subscription by ID: the script chooses by a
/// variable holding the ID where the session chose by name.
fn by_id(console: &Console, lines: Vec<String>) -> Vec<String> {
    let world = console.session().world();
    lines
        .into_iter()
        .map(
            |line| match line.strip_prefix("az account set --subscription ") {
                Some(chosen) => {
                    let chosen = chosen.trim_matches('\'');
                    let id = world
                        .subscriptions
                        .values()
                        .find(|s| s.name == chosen || s.id.to_string() == chosen)
                        .map_or(chosen.to_string(), |s| s.id.to_string());
                    format!("az account set --subscription {id}")
                }
                None => line,
            },
        )
        .collect()
}

fn session() -> Vec<String> {
    let mut console = Console::new(SEED);
    let run = script::run(&mut console, "session.az", SESSION, false);
    assert_eq!(run.exit_code, 0, "{:?}", run.printed);
    saved_lines(&console)
}

#[test]
fn the_script_gives_back_the_session_through_the_playground() {
    let lines = session();
    let exported = console::export::real_azure(SEED, &lines).expect("exports");
    let mut again = Console::new(SEED);
    let run = script::run(&mut again, "export.sh", &exported, false);
    assert_eq!(run.exit_code, 0, "{exported}\n{:?}", run.printed);
    // The clock's move is a comment in Azure (time passes by itself); everything else is the same
    // change with the same IDs.
    let without_sleep: Vec<String> = lines
        .iter()
        .filter(|line| !line.starts_with("sleep "))
        .cloned()
        .collect();
    assert_eq!(saved_lines(&again), without_sleep, "{exported}");
}

#[test]
fn made_up_ids_become_variables_read_from_azure() {
    let lines = session();
    let exported = console::export::real_azure(SEED, &lines).unwrap();
    let console = Console::new(SEED);
    let subscription = console.session().world().subscription().id.to_string();
    let code: Vec<&str> = exported
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect();
    assert!(
        !code.iter().any(|line| line.contains(&subscription)),
        "{exported}"
    );
    assert!(exported.contains("SUBSCRIPTION=$(az account show --query id -o tsv)"));
    assert!(exported.contains(
        "VM1_PRINCIPAL_ID=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)"
    ));
    // Re-enabled: a second principal, a second variable.
    assert!(
        exported.contains("VM1_PRINCIPAL_ID_2=$(az vm show"),
        "{exported}"
    );
    assert!(
        exported.contains("--assignee $VM1_PRINCIPAL_ID_2 "),
        "{exported}"
    );
    assert!(
        exported.contains("az ad sp create --id $APP1_APP_ID"),
        "{exported}"
    );
    assert!(exported.contains("--name kv1$SUFFIX"), "{exported}");
    assert!(exported.contains("/vaults/kv1$SUFFIX"), "{exported}");
    assert!(exported.contains("--name st1$SUFFIX"), "{exported}");
    assert!(exported.contains("# sleep 1d"), "{exported}");
    // No ID the playground made up is left in the code: every value after --assignee, --id and
    // --scope is a variable or built from one.
    for line in &code {
        let words: Vec<&str> = line.split(' ').collect();
        for pair in words.windows(2) {
            if ["--assignee", "--id", "--scope"].contains(&pair[0]) {
                assert!(
                    pair[1].starts_with('$') || pair[1].starts_with("/subscriptions/$"),
                    "{line}"
                );
            }
        }
    }
    // The header warns, and the cleanup deletes what was made, commented out.
    assert!(exported.contains("WARNING: it creates real Azure resources"));
    assert!(exported.contains("# az group delete --name rg1 --yes --no-wait"));
    assert!(exported.contains("# az ad app delete --id $APP1_APP_ID"));
    // Only what the session made: not the learner's own Owner assignment the playground starts with.
    assert!(!exported.contains("--role 'Owner'"), "{exported}");
    assert!(exported.contains(
        "# az role assignment delete --assignee $VM1_PRINCIPAL_ID --role 'Reader' --scope /subscriptions/$SUBSCRIPTION"
    ), "{exported}");
}

#[test]
fn a_reset_leaves_only_what_followed_it_and_a_bad_line_is_named() {
    let lines: Vec<String> = [
        "az group create --name gone --location westeurope",
        "reset",
        "az group create --name kept --location westeurope",
    ]
    .map(String::from)
    .to_vec();
    let exported = console::export::real_azure(SEED, &lines).unwrap();
    assert!(exported.contains("az group create --name kept"));
    assert!(!exported.contains("gone"));
    let bad = [
        "az group create --name rg1 --location westeurope",
        "az vm frobnicate",
    ]
    .map(String::from);
    let why = console::export::real_azure(SEED, &bad).unwrap_err();
    assert!(why.starts_with("line 2 (`az vm frobnicate`)"), "{why}");
}

#[test]
fn every_lesson_solved_exports_to_a_script_that_gives_it_back() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/lessons");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(char::is_numeric)
        })
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    for file in files {
        let lesson: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let text = |value: &serde_json::Value| -> Vec<String> {
            value
                .as_array()
                .map(|lines| {
                    lines
                        .iter()
                        .filter_map(|l| l.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut lines = text(&lesson["setup"]);
        for step in lesson["steps"].as_array().unwrap() {
            lines.extend(text(&step["solution"]));
        }
        let mut console = Console::new(SEED);
        let run = script::run(&mut console, "lesson.az", &lines.join("\n"), false);
        assert_eq!(run.exit_code, 0, "{file:?}");
        let saved = saved_lines(&console);
        let exported = console::export::real_azure(SEED, &saved)
            .unwrap_or_else(|why| panic!("{file:?}: {why}"));
        let mut again = Console::new(SEED);
        let back = script::run(&mut again, "export.sh", &exported, false);
        assert_eq!(
            back.exit_code, 0,
            "{file:?}\n{exported}\n{:?}",
            back.printed
        );
        let expected: Vec<String> = saved
            .into_iter()
            .filter(|l| !l.starts_with("sleep "))
            .collect();
        assert_eq!(
            by_id(&again, saved_lines(&again)),
            by_id(&console, expected),
            "{file:?}\n{exported}"
        );
    }
}
