//! Every goal predicate against worlds the real console builds: one world where it holds and one where it doesn't.

mod common;

use common::{holds, world_after};

const GROUP: &str = "az group create -n lab -l westeurope -o none";
const VM1: &str = "az vm create -g lab -n vm1 --image Ubuntu2204 --assign-identity -o none";
const ID1: &str = "az identity create -g lab -n id1 -o none";

#[test]
fn exists_holds_for_each_kind_of_object_that_is_there_and_not_for_one_that_is_not() {
    let console = world_after(&[
        GROUP,
        VM1,
        ID1,
        "az ad app create --display-name api -o none",
    ]);
    for object in [
        r#"{"group": "lab"}"#,
        r#"{"group": "LAB"}"#,
        r#"{"vm": "vm1", "group": "lab"}"#,
        r#"{"identity": "id1", "group": "lab"}"#,
        r#"{"service_principal": "vm1", "type": "ManagedIdentity"}"#,
        r#"{"service_principal": "id1", "tenant": "Contoso"}"#,
        r#"{"app": "api", "multi_tenant": false}"#,
        r#"{"subscription": "Contoso Learning"}"#,
    ] {
        assert!(
            holds(&format!(r#""exists": {object}"#), &console),
            "{object}"
        );
    }
    for object in [
        r#"{"group": "other"}"#,
        r#"{"vm": "vm2", "group": "lab"}"#,
        r#"{"webapp": "vm1", "group": "lab"}"#,
        r#"{"identity": "id1", "group": "other"}"#,
        r#"{"service_principal": "vm1", "type": "Application"}"#,
        r#"{"service_principal": "id1", "tenant": "Fabrikam"}"#,
        r#"{"app": "api", "multi_tenant": true}"#,
        r#"{"deleted_app": "api"}"#,
    ] {
        assert!(
            !holds(&format!(r#""exists": {object}"#), &console),
            "{object}"
        );
    }
}

#[test]
fn absent_is_the_opposite_of_exists() {
    let console = world_after(&[GROUP, VM1]);
    assert!(holds(
        r#""absent": {"vm": "vm2", "group": "lab"}"#,
        &console
    ));
    assert!(!holds(
        r#""absent": {"vm": "vm1", "group": "lab"}"#,
        &console
    ));
}

#[test]
fn deleted_apps_exist_in_the_recycle_bin_for_30_days_only() {
    let mut console = world_after(&[
        "az ad app create --display-name api -o none",
        "az ad app delete --id $(az ad app list --display-name api --query [0].appId -o tsv)",
    ]);
    assert!(holds(r#""exists": {"deleted_app": "api"}"#, &console));
    assert_eq!(console.run_line("sleep 31d").exit_code, 0);
    assert!(!holds(r#""exists": {"deleted_app": "api"}"#, &console));
}

#[test]
fn identity_state_checks_the_system_identity_and_the_type() {
    let console = world_after(&[
        GROUP,
        VM1,
        ID1,
        "az vm identity assign -g lab -n vm1 --identities id1 -o none",
    ]);
    let of = r#""of": {"vm": "vm1", "group": "lab"}"#;
    assert!(holds(
        &format!(r#""identity_state": {{{of}, "system": true}}"#),
        &console
    ));
    assert!(holds(
        &format!(r#""identity_state": {{{of}, "type": "SystemAssigned, UserAssigned"}}"#),
        &console
    ));
    assert!(!holds(
        &format!(r#""identity_state": {{{of}, "system": false}}"#),
        &console
    ));
    assert!(!holds(
        &format!(r#""identity_state": {{{of}, "type": "SystemAssigned"}}"#),
        &console
    ));
    assert!(!holds(
        r#""identity_state": {"of": {"vm": "nope", "group": "lab"}, "system": false}"#,
        &console
    ));
}

#[test]
fn attached_finds_a_user_assigned_identity_on_a_resource_and_tells_dangling_from_live() {
    let mut console = world_after(&[
        GROUP,
        VM1,
        ID1,
        "az vm identity assign -g lab -n vm1 --identities id1 -o none",
    ]);
    let live = r#""attached": {"identity": "id1", "to": {"vm": "vm1", "group": "lab"}, "dangling": false}"#;
    let dangling =
        r#""attached": {"identity": "id1", "to": {"vm": "vm1", "group": "lab"}, "dangling": true}"#;
    assert!(holds(live, &console));
    assert!(!holds(dangling, &console));
    assert!(!holds(
        r#""attached": {"identity": "id2", "to": {"vm": "vm1", "group": "lab"}}"#,
        &console
    ));
    assert_eq!(
        console
            .run_line("az identity delete -g lab -n id1")
            .exit_code,
        0
    );
    assert!(holds(dangling, &console));
    assert!(!holds(live, &console));
}

#[test]
fn role_is_held_exactly_at_a_scope_or_inherited_from_above() {
    let console = world_after(&[
        GROUP,
        VM1,
        "az keyvault create -n kv1 -g lab -o none",
        "az role assignment create --assignee $(az vm show -g lab -n vm1 --query identity.principalId -o tsv) --role Reader --scope /subscriptions/$(az account show --query id -o tsv)/resourceGroups/lab -o none",
    ]);
    let who = r#""who": {"system_identity_of": {"vm": "vm1", "group": "lab"}}"#;
    assert!(holds(
        &format!(r#""role": {{{who}, "role": "Reader", "scope": {{"group": "lab"}}}}"#),
        &console
    ));
    assert!(holds(
        &format!(
            r#""role": {{{who}, "role": "Reader", "scope": {{"keyvault": "kv1", "group": "lab"}}, "inherited": true}}"#
        ),
        &console
    ));
    assert!(!holds(
        &format!(
            r#""role": {{{who}, "role": "Reader", "scope": {{"keyvault": "kv1", "group": "lab"}}}}"#
        ),
        &console
    ));
    assert!(!holds(
        &format!(
            r#""role": {{{who}, "role": "Reader", "scope": {{"subscription": "Contoso Learning"}}, "inherited": true}}"#
        ),
        &console
    ));
    assert!(!holds(
        &format!(r#""role": {{{who}, "role": "Contributor", "scope": {{"group": "lab"}}}}"#),
        &console
    ));
    assert!(holds(
        r#""role": {"who": {"user": "learner@contoso.onmicrosoft.com"}, "role": "Owner", "scope": {"subscription": "Contoso Learning"}}"#,
        &console
    ));
}

#[test]
fn orphaned_counts_assignments_whose_principal_is_gone() {
    let mut console = world_after(&[
        GROUP,
        VM1,
        "az role assignment create --assignee $(az vm show -g lab -n vm1 --query identity.principalId -o tsv) --role Reader --scope /subscriptions/$(az account show --query id -o tsv)/resourceGroups/lab -o none",
    ]);
    assert!(holds(r#""orphaned": {"exactly": 0}"#, &console));
    assert!(!holds(r#""orphaned": {}"#, &console));
    assert_eq!(
        console
            .run_line("az vm identity remove -g lab -n vm1")
            .exit_code,
        0
    );
    assert!(holds(r#""orphaned": {}"#, &console));
    assert!(holds(
        r#""orphaned": {"role": "Reader", "scope": {"group": "lab"}, "exactly": 1}"#,
        &console
    ));
    assert!(!holds(r#""orphaned": {"role": "Contributor"}"#, &console));
}

#[test]
fn dangling_counts_references_to_deleted_identities() {
    let mut console = world_after(&[
        GROUP,
        VM1,
        ID1,
        "az vm identity assign -g lab -n vm1 --identities id1 -o none",
    ]);
    assert!(holds(r#""dangling": {"at_most": 0}"#, &console));
    assert!(!holds(
        r#""dangling": {"on": {"vm": "vm1", "group": "lab"}}"#,
        &console
    ));
    assert_eq!(
        console
            .run_line("az identity delete -g lab -n id1")
            .exit_code,
        0
    );
    assert!(holds(
        r#""dangling": {"on": {"vm": "vm1", "group": "lab"}, "identity": "id1", "exactly": 1}"#,
        &console
    ));
    assert!(!holds(r#""dangling": {"identity": "id2"}"#, &console));
}

const VAULT: [&str; 4] = [
    GROUP,
    VM1,
    "az keyvault create -n kv1 -g lab -o none",
    "az role assignment create --assignee learner@contoso.onmicrosoft.com --role \"Key Vault Secrets Officer\" --scope $(az keyvault show -n kv1 --query id -o tsv) -o none",
];
const SECRET: &str = "az keyvault secret set --vault-name kv1 -n s1 --value v -o none";
const GRANT: &str = "az role assignment create --assignee $(az vm show -g lab -n vm1 --query identity.principalId -o tsv) --role \"Key Vault Secrets User\" --scope $(az keyvault show -n kv1 --query id -o tsv) -o none";

#[test]
fn access_answers_whether_a_principal_can_act_on_a_target() {
    let mut console = world_after(&[VAULT[0], VAULT[1], VAULT[2], VAULT[3], SECRET]);
    let read = r#""who": {"system_identity_of": {"vm": "vm1", "group": "lab"}}, "can": "read_secret", "on": {"secret": "s1", "vault": "kv1"}"#;
    assert!(holds(
        &format!(r#""access": {{{read}, "allowed": false}}"#),
        &console
    ));
    assert!(!holds(
        &format!(r#""access": {{{read}, "allowed": true}}"#),
        &console
    ));
    assert_eq!(console.run_line(GRANT).exit_code, 0);
    assert!(holds(
        &format!(r#""access": {{{read}, "allowed": true}}"#),
        &console
    ));
    assert!(!holds(
        &format!(r#""access": {{{read}, "allowed": false}}"#),
        &console
    ));
}

#[test]
fn access_with_a_token_answers_403_before_the_grant_200_after_and_401_once_expired() {
    let mut console = world_after(&[VAULT[0], VAULT[1], VAULT[2], VAULT[3], SECRET]);
    let read = r#""token_of": {"system_identity_of": {"vm": "vm1", "group": "lab"}}, "can": "read_secret", "on": {"secret": "s1", "vault": "kv1"}"#;
    let status = |code: u16| format!(r#""access": {{{read}, "status": {code}}}"#);
    assert!(!holds(&status(403), &console), "no token yet");
    assert_eq!(
        console
            .run_line("playground token --type vm -g lab -n vm1 --resource https://vault.azure.net -o none")
            .exit_code,
        0
    );
    assert!(holds(&status(403), &console));
    assert_eq!(console.run_line(GRANT).exit_code, 0);
    assert!(holds(&status(200), &console));
    assert!(!holds(&status(403), &console));
    assert_eq!(console.run_line("sleep 1d").exit_code, 0);
    assert!(holds(&status(401), &console));
}

#[test]
fn token_counts_tokens_by_audience_and_validity() {
    let mut console = world_after(&[GROUP, VM1]);
    let to = r#""to": {"system_identity_of": {"vm": "vm1", "group": "lab"}}"#;
    assert!(!holds(&format!(r#""token": {{{to}}}"#), &console));
    assert_eq!(
        console
            .run_line("playground token --type vm -g lab -n vm1 --resource https://vault.azure.net -o none")
            .exit_code,
        0
    );
    assert!(holds(
        &format!(r#""token": {{{to}, "audience": "https://vault.azure.net/", "valid": true}}"#),
        &console
    ));
    assert!(!holds(
        &format!(r#""token": {{{to}, "audience": "https://management.azure.com/"}}"#),
        &console
    ));
    assert!(!holds(
        &format!(r#""token": {{{to}, "valid": false}}"#),
        &console
    ));
    assert_eq!(console.run_line("sleep 2d").exit_code, 0);
    assert!(holds(
        &format!(r#""token": {{{to}, "valid": false, "exactly": 1}}"#),
        &console
    ));
}

#[test]
fn happened_counts_events_by_kind_and_filters() {
    let mut console = world_after(&[GROUP, VM1]);
    let cascade = r#""happened": {"event": "service_principal_deleted", "name": "vm1", "because": "resource_deleted"}"#;
    let disabled = r#""happened": {"event": "service_principal_deleted", "because": "system_identity_disabled"}"#;
    assert!(!holds(cascade, &console));
    assert!(holds(
        r#""happened": {"event": "service_principal_created", "type": "ManagedIdentity", "exactly": 1}"#,
        &console
    ));
    assert_eq!(
        console
            .run_line("az vm delete -g lab -n vm1 --yes")
            .exit_code,
        0
    );
    assert!(holds(cascade, &console));
    assert!(!holds(disabled, &console));
    assert!(holds(
        r#""happened": {"event": "resource_deleted", "kind": "vm", "because": "explicit"}"#,
        &console
    ));
}

#[test]
fn credentials_counts_an_apps_secrets_and_certificates() {
    let mut console = world_after(&["az ad app create --display-name api -o none"]);
    assert!(holds(
        r#""credentials": {"app": "api", "secrets": 0, "certificates": 0}"#,
        &console
    ));
    assert_eq!(
        console
            .run_line("az ad app credential reset --id $(az ad app list --display-name api --query [0].appId -o tsv) -o none")
            .exit_code,
        0
    );
    assert!(holds(
        r#""credentials": {"app": "api", "secrets": 1}"#,
        &console
    ));
    assert!(!holds(
        r#""credentials": {"app": "api", "secrets": 0}"#,
        &console
    ));
    assert!(!holds(
        r#""credentials": {"app": "other", "secrets": 1}"#,
        &console
    ));
}

#[test]
fn all_any_not_and_count_combine_goals() {
    let console = world_after(&[GROUP]);
    let yes = r#"{"exists": {"group": "lab"}}"#;
    let no = r#"{"exists": {"group": "nope"}}"#;
    assert!(holds(&format!(r#""all": [{yes}, {yes}]"#), &console));
    assert!(!holds(&format!(r#""all": [{yes}, {no}]"#), &console));
    assert!(holds(&format!(r#""any": [{no}, {yes}]"#), &console));
    assert!(!holds(&format!(r#""any": [{no}, {no}]"#), &console));
    assert!(holds(&format!(r#""not": {no}"#), &console));
    assert!(!holds(&format!(r#""not": {yes}"#), &console));
    assert!(holds(
        &format!(r#""count": {{"of": [{yes}, {no}, {yes}], "exactly": 2}}"#),
        &console
    ));
    assert!(!holds(
        &format!(r#""count": {{"of": [{yes}, {no}, {yes}], "at_most": 1}}"#),
        &console
    ));
}
