//! The session: execute, undo/redo by replay, reset, and the versioned save format that never panics on bad input.

mod common;

use common::*;
use model::*;

#[test]
fn undo_and_redo_restore_the_world_exactly() {
    let mut session = given(&[group("rg")]);
    let before = session.world().clone();
    ok(&mut session, vm("rg", "vm1", IdentitySelection::system()));
    let after = session.world().clone();

    assert!(session.undo());
    assert_eq!(session.world(), &before);
    assert!(session.redo());
    assert_eq!(session.world(), &after);
    assert!(!session.redo());
}

#[test]
fn a_new_command_after_undo_drops_the_redo_tail() {
    let mut session = given(&[group("rg"), uami("rg", "id1")]);
    assert!(session.undo());
    ok(&mut session, uami("rg", "id2"));
    assert!(!session.can_redo());
    assert_eq!(session.commands().count(), 2);
}

#[test]
fn reset_returns_to_the_seeded_empty_world_and_undo_brings_everything_back() {
    let mut session = given(&[group("rg")]);
    let before = session.world().clone();
    ok(&mut session, Command::Reset);
    assert_eq!(session.world(), &World::new(7));
    // A reset is a command in the log: one undo step, and a reload replays it. The history (the
    // activity log) starts after it.
    assert_eq!(session.log().len(), 2);
    assert_eq!(session.history().len(), 0);
    assert!(session.undo());
    assert_eq!(session.world(), &before);
    assert!(session.redo());
    assert_eq!(session.world(), &World::new(7));
}

#[test]
fn the_same_seed_and_commands_give_the_same_guids() {
    let commands = [group("rg"), vm("rg", "vm1", IdentitySelection::system())];
    let first = given(&commands);
    let second = given(&commands);
    assert_eq!(first.world(), second.world());
    let other = Session::replay(8, commands.iter().cloned()).expect("replays");
    assert_ne!(other.world().home_tenant, first.world().home_tenant);
}

#[test]
fn the_save_format_round_trips_with_its_version_and_undone_commands() {
    let mut session = given(&[group("rg"), uami("rg", "id1")]);
    assert!(session.undo());
    let saved = session.to_json();
    let value: serde_json::Value = serde_json::from_str(&saved).expect("JSON");
    assert_eq!(value["version"], SESSION_FORMAT_VERSION);
    assert_eq!(value["seed"], 7);
    assert_eq!(value["cursor"], 1);

    let loaded = Session::from_json(&saved).expect("loads");

    assert_eq!(loaded.world(), session.world());
    assert!(loaded.can_redo());
}

#[test]
fn a_saved_vault_keeps_its_permission_model_now_that_rbac_is_the_default() {
    for rbac in [false, true] {
        let text = format!(
            r#"{{"version":1,"seed":7,"commands":[{{"CreateResourceGroup":{{"name":"rg","location":"eastus"}}}},{{"CreateResource":{{"kind":"KeyVault","group":"rg","name":"kv1","location":null,"identity":{{"system":false,"user":[]}},"grant":null,"options":{{"os_type":"Linux","rbac_authorization":{rbac}}}}}}}]}}"#
        );
        let loaded = Session::from_json(&text).expect("loads");
        let vault = loaded
            .world()
            .resources
            .values()
            .find(|r| r.name == "kv1")
            .expect("the vault");
        assert_eq!(vault.options.rbac_authorization, rbac);
        let again = Session::from_json(&loaded.to_json()).expect("reloads");
        assert_eq!(again.world(), loaded.world());
    }
}

#[test]
fn a_version_1_file_without_a_cursor_and_with_unknown_fields_still_loads() {
    let text = r#"{"version":1,"seed":5,"commands":[{"CreateResourceGroup":{"name":"rg","location":"eastus"}}],"comment":"from a future minor version"}"#;
    let loaded = Session::from_json(text).expect("loads");
    assert!(loaded.world().group("rg").is_some());
}

#[test]
fn bad_saved_sessions_are_refused_with_a_clear_error() {
    let cases = [
        ("", "not JSON"),
        ("[1,2]", "no \"version\""),
        (r#"{"version":"one"}"#, "not a whole number"),
        (r#"{"version":1,"seed":1}"#, "missing field"),
        (
            r#"{"version":1,"seed":1,"commands":[{"Explode":{}}]}"#,
            "unknown variant",
        ),
        (
            r#"{"version":1,"seed":1,"commands":[],"cursor":3}"#,
            "past its 0 commands",
        ),
    ];
    for (text, expected) in cases {
        match Session::from_json(text) {
            Ok(_) => panic!("{text:?} loaded"),
            Err(error) => assert!(error.to_string().contains(expected), "{text:?}: {error}"),
        }
    }
    assert_eq!(
        Session::from_json(r#"{"version":3,"seed":1,"commands":[]}"#),
        Err(SessionError::UnsupportedVersion(3))
    );
    let rejected = Session::from_json(
        r#"{"version":1,"seed":1,"commands":[{"DeleteResourceGroup":{"name":"nope"}}]}"#,
    );
    assert!(matches!(
        rejected,
        Err(SessionError::Rejected { index: 0, .. })
    ));
}

#[test]
fn a_refused_command_is_not_logged_and_changes_nothing() {
    let mut session = given(&[group("rg")]);
    let error = refused(
        &mut session,
        Command::DeleteResourceGroup {
            name: "nope".into(),
        },
    );
    assert_eq!(
        error.to_string(),
        "(ResourceGroupNotFound) Resource group 'nope' could not be found."
    );
    assert_eq!(session.commands().count(), 1);
}

#[test]
fn the_clock_moves_one_step_per_command_that_creates_something() {
    let session = given(&[group("a"), group("b")]);
    let world = session.world();
    let created: Vec<String> = world
        .groups
        .values()
        .map(|g| g.created.to_string())
        .collect();
    assert_eq!(created, ["2026-01-05T09:01:00Z", "2026-01-05T09:02:00Z"]);
}

#[test]
fn a_replay_with_redo_keeps_the_undone_commands_for_redo() {
    let commands = vec![
        Command::CreateResourceGroup {
            name: "rg1".into(),
            location: "westeurope".into(),
            tags: Vec::new(),
        },
        Command::CreateUserIdentity {
            group: "rg1".into(),
            name: "id1".into(),
            location: None,
            tags: Vec::new(),
        },
    ];
    let mut live = Session::new(7);
    for command in commands.clone() {
        live.execute(command).unwrap();
    }
    live.undo();
    let mut restored = Session::replay_with_redo(7, commands.clone(), 1).unwrap();
    assert_eq!(restored.world(), live.world());
    assert_eq!(restored.undone().len(), 1);
    assert!(restored.redo());
    live.redo();
    assert_eq!(restored.world(), live.world());
    // Past the end: everything in effect.
    let all = Session::replay_with_redo(7, commands, 99).unwrap();
    assert!(!all.can_redo());
}

/// docs/azure-rules.md M14: a version-1 save replays with the steps real Azure needs put back: the
/// plan its web app never had, the data role its secret never needed, `--assignee-object-id` for
/// an orphan's assignment, a Consumption plan for its function app. Undone commands stay undone.
#[test]
fn a_version_1_save_replays_with_the_steps_azure_now_needs() {
    let mut old = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let vm_principal =
        common::system_principal(old.world(), ResourceKind::VirtualMachine, "rg", "vm1");
    let rg = common::group_id(old.world(), "rg");
    ok(&mut old, grant(vm_principal, "Reader", &rg));
    let saved_commands: Vec<Command> = old
        .commands()
        .cloned()
        .chain([
            Command::CreateResource {
                kind: ResourceKind::WebApp,
                group: "rg".into(),
                name: "web1".into(),
                location: None,
                identity: IdentitySelection::none(),
                grant: None,
                options: ResourceOptions {
                    plan: Some("web1-plan".into()),
                    ..ResourceOptions::default()
                },
            },
            vault("rg", "kv-learn"),
            Command::SetSecret {
                vault: "kv-learn".into(),
                name: "db".into(),
                value: "s3cret".into(),
            },
            Command::DeleteResource {
                kind: ResourceKind::VirtualMachine,
                group: "rg".into(),
                name: "vm1".into(),
            },
            Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Filter {
                    assignee: Some(vm_principal.to_string()),
                    role: None,
                    scope: Some(rg.clone()),
                },
            },
            Command::CreateResource {
                kind: ResourceKind::FunctionApp,
                group: "rg".into(),
                name: "func1".into(),
                location: None,
                identity: IdentitySelection::none(),
                grant: None,
                options: ResourceOptions::default(),
            },
        ])
        .collect();
    let total = saved_commands.len();
    let text = serde_json::json!({
        "version": 1,
        "seed": 7,
        "commands": saved_commands,
        "cursor": total - 1,
    })
    .to_string();

    let loaded = Session::from_json(&text).expect("a version-1 save loads");

    let world = loaded.world();
    assert!(world
        .resource(ResourceKind::AppServicePlan, "rg", "web1-plan")
        .is_some());
    assert!(world.resource(ResourceKind::WebApp, "rg", "web1").is_some());
    let vault = world
        .resource(ResourceKind::KeyVault, "rg", "kv-learn")
        .expect("the vault");
    assert!(vault.secrets.contains_key("db"));
    assert!(world
        .role_assignments
        .values()
        .all(|a| a.principal_id != vm_principal));
    // Two steps were put back (the plan and the grant) before the cursor: the function app, the
    // last saved command, is still the one to redo.
    assert!(world
        .resource(ResourceKind::FunctionApp, "rg", "func1")
        .is_none());
    assert_eq!(loaded.log().len(), total - 1 + 2);
    let mut loaded = loaded;
    assert!(loaded.redo());
    assert!(loaded
        .world()
        .resource(ResourceKind::FunctionApp, "rg", "func1")
        .is_some());
    // The same lines as a current save are refused where Azure refuses them.
    assert!(matches!(
        Session::replay(7, saved_commands),
        Err(SessionError::Rejected { .. })
    ));
}
