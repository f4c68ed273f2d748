//! Goals checked against worlds built by model commands: each goal turns true exactly when it should.

use lessons::{Goal, Lesson, LessonError, PrincipalRef, ResourceRef, ScopeRef};
use model::{Command, IdentitySelection, ResourceKind, ResourceOptions, Session};

fn run(session: &mut Session, command: Command) {
    if let Err(error) = session.execute(command.clone()) {
        panic!("{command:?} was refused: {error}");
    }
}

fn vm(group: &str, name: &str) -> ResourceRef {
    ResourceRef {
        kind: ResourceKind::VirtualMachine,
        group: group.into(),
        name: name.into(),
    }
}

fn create_vm(session: &mut Session, group: &str, name: &str, identity: IdentitySelection) {
    run(
        session,
        Command::CreateResource {
            kind: ResourceKind::VirtualMachine,
            group: group.into(),
            name: name.into(),
            location: None,
            identity,
            grant: None,
            options: ResourceOptions::default(),
        },
    );
}

fn with_group() -> Session {
    let mut session = Session::new(7);
    run(
        &mut session,
        Command::CreateResourceGroup {
            name: "rg".into(),
            location: "westeurope".into(),
            tags: Vec::new(),
        },
    );
    session
}

#[test]
fn a_system_identity_goal_follows_enable_and_disable() {
    let mut session = with_group();
    create_vm(&mut session, "rg", "vm1", IdentitySelection::none());
    let enabled = Goal::SystemIdentity {
        resource: vm("rg", "vm1"),
        enabled: true,
    };
    let sp = Goal::ManagedIdentityServicePrincipal {
        display_name: "vm1".into(),
        present: true,
    };
    assert!(!enabled.is_met(session.world()));
    assert!(!sp.is_met(session.world()));

    run(
        &mut session,
        Command::AssignIdentity {
            kind: ResourceKind::VirtualMachine,
            group: "rg".into(),
            name: "vm1".into(),
            identity: IdentitySelection::system(),
            grant: None,
        },
    );
    assert!(enabled.is_met(session.world()));
    assert!(sp.is_met(session.world()));
}

#[test]
fn names_in_goals_compare_case_insensitively_like_azure() {
    let mut session = with_group();
    create_vm(&mut session, "rg", "VM1", IdentitySelection::none());
    let goal = Goal::Resource {
        resource: vm("RG", "vm1"),
        present: true,
    };
    assert!(goal.is_met(session.world()));
}

#[test]
fn a_goal_about_a_missing_resource_is_simply_not_met() {
    let session = Session::new(1);
    let goal = Goal::SystemIdentity {
        resource: vm("nowhere", "ghost"),
        enabled: false,
    };
    assert!(
        !goal.is_met(session.world()),
        "a missing VM has no identity state to check"
    );
    let gone = Goal::Resource {
        resource: vm("nowhere", "ghost"),
        present: false,
    };
    assert!(gone.is_met(session.world()));
}

#[test]
fn role_assigned_needs_the_right_principal_role_and_scope() {
    let mut session = with_group();
    create_vm(&mut session, "rg", "vm1", IdentitySelection::system());
    let world = session.world();
    let principal = world
        .resource(ResourceKind::VirtualMachine, "rg", "vm1")
        .and_then(|vm| vm.identity.system.as_ref())
        .map(|system| system.principal_id.to_string())
        .expect("vm1 has a system identity");
    let group_id = world.group("rg").expect("rg exists").id.clone();
    let reader_on_group = Goal::RoleAssigned {
        principal: PrincipalRef::SystemIdentityOf(vm("rg", "vm1")),
        role: "Reader".into(),
        scope: ScopeRef::Group("rg".into()),
    };
    assert!(!reader_on_group.is_met(session.world()));

    run(
        &mut session,
        Command::CreateRoleAssignment {
            assignee: principal.clone(),
            role: "Reader".into(),
            scope: group_id.clone(),
        },
    );
    assert!(reader_on_group.is_met(session.world()));
    let contributor = Goal::RoleAssigned {
        principal: PrincipalRef::SystemIdentityOf(vm("rg", "vm1")),
        role: "Contributor".into(),
        scope: ScopeRef::Group("rg".into()),
    };
    assert!(
        !contributor.is_met(session.world()),
        "another role is not this goal"
    );
    let on_subscription = Goal::RoleAssigned {
        principal: PrincipalRef::SystemIdentityOf(vm("rg", "vm1")),
        role: "Reader".into(),
        scope: ScopeRef::Subscription,
    };
    assert!(
        !on_subscription.is_met(session.world()),
        "another scope is not this goal"
    );
}

#[test]
fn orphaned_and_attached_goals_see_what_deleting_an_identity_leaves() {
    let mut session = with_group();
    run(
        &mut session,
        Command::CreateUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
            location: None,
            tags: Vec::new(),
        },
    );
    create_vm(&mut session, "rg", "vm2", IdentitySelection::user(["id1"]));
    let principal = session
        .world()
        .user_identity("rg", "id1")
        .expect("id1")
        .principal_id;
    let scope = session.world().group("rg").expect("rg").id.clone();
    run(
        &mut session,
        Command::CreateRoleAssignment {
            assignee: principal.to_string(),
            role: "Reader".into(),
            scope,
        },
    );
    let orphans = Goal::OrphanedAssignments { present: true };
    let attached = Goal::UserIdentityAttached {
        resource: vm("rg", "vm2"),
        identity: "ID1".into(),
    };
    assert!(!orphans.is_met(session.world()));
    assert!(attached.is_met(session.world()));

    run(
        &mut session,
        Command::DeleteUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
        },
    );
    assert!(
        orphans.is_met(session.world()),
        "the assignment stays behind (docs/azure-rules.md R11)"
    );
    assert!(
        attached.is_met(session.world()),
        "the reference dangles (docs/azure-rules.md R8)"
    );
    let identity_gone = Goal::UserIdentity {
        group: "rg".into(),
        name: "id1".into(),
        present: false,
    };
    assert!(identity_gone.is_met(session.world()));
}

#[test]
fn goals_read_from_json_as_lesson_authors_write_them() {
    let goal: Goal = serde_json::from_str(
        r#"{ "goal": "system_identity", "kind": "WebApp", "group": "rg", "name": "site", "enabled": true }"#,
    )
    .expect("a valid goal");
    assert_eq!(
        goal,
        Goal::SystemIdentity {
            resource: ResourceRef {
                kind: ResourceKind::WebApp,
                group: "rg".into(),
                name: "site".into()
            },
            enabled: true
        }
    );
}

#[test]
fn every_built_in_lesson_loads() {
    let (lessons, errors) = lessons::built_in();
    assert!(errors.is_empty(), "broken lesson files: {errors:?}");
    assert!(lessons.len() >= 2);
    for lesson in &lessons {
        let mut progress = lessons::Progress::default();
        progress.observe(lesson, model::Session::new(1).world());
        assert_eq!(
            progress.current_step(lesson),
            Some(0),
            "'{}' must not be done in a fresh world",
            lesson.id
        );
    }
}

#[test]
fn a_bad_lesson_file_is_refused_with_a_message_saying_what_to_fix() {
    let not_json = Lesson::from_json("{ nope").unwrap_err();
    assert!(matches!(not_json, LessonError::Format(_)));
    assert!(not_json
        .to_string()
        .starts_with("this is not a valid lesson file: "));

    let unknown_goal = Lesson::from_json(
        r#"{"version":1,"id":"x","title":"t","summary":"s","solution":["az group list"],
            "steps":[{"instruction":"i","goals":[{"goal":"fly_to_the_moon"}]}]}"#,
    )
    .unwrap_err();
    assert!(
        unknown_goal.to_string().contains("fly_to_the_moon"),
        "{unknown_goal}"
    );

    let future = Lesson::from_json(
        r#"{"version":9,"id":"x","title":"t","summary":"s","solution":["az group list"],
            "steps":[{"instruction":"i","goals":[{"goal":"group_exists","group":"rg"}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(future, LessonError::Version(9));

    let no_goals = Lesson::from_json(
        r#"{"version":1,"id":"x","title":"t","summary":"s","solution":["az group list"],
            "steps":[{"instruction":"i","goals":[]}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        no_goals.to_string(),
        "lesson 'x' has no goals in one of its steps: add at least one"
    );
}
