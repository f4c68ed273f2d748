//! The signed-in learner as a principal (docs/azure-rules.md M9) and role assignments as the Azure
//! CLI resolves, lists and deletes them (docs/azure-rules.md M6, R18).

mod common;

use common::*;
use model::query::{self, Assignee, AssignmentSearch};
use model::*;

#[test]
fn the_learner_is_a_user_of_each_tenant_and_owner_of_its_subscription() {
    let world = World::new(7);
    assert_eq!(world.users.len(), 2);
    let me = world.signed_in_user().expect("signed in");
    assert_eq!(me.user_principal_name, SIGNED_IN_USER);
    assert_eq!(me.tenant_id, world.home_tenant);
    assert_eq!(me.mail, None);
    let owners: Vec<&RoleAssignment> = world.role_assignments.values().collect();
    assert_eq!(owners.len(), 2);
    let home = owners
        .iter()
        .find(|a| a.principal_id == me.id)
        .expect("the home Owner assignment");
    assert_eq!(home.role, roles::OWNER);
    assert_eq!(home.principal_type, "User");
    assert_eq!(home.scope, world.subscription().scope());
    let guest = world
        .users
        .values()
        .find(|u| u.tenant_id == world.partner_tenant)
        .expect("the guest account");
    assert_eq!(
        guest.user_principal_name,
        "learner_contoso.onmicrosoft.com#EXT#@fabrikam.onmicrosoft.com"
    );
    assert_eq!(guest.mail.as_deref(), Some(SIGNED_IN_USER));
}

#[test]
fn the_learner_does_not_draw_from_the_worlds_id_generator() {
    // Two tenants and two subscriptions, as before the learner was a principal: every GUID that
    // comes after is the one older transcripts and saves show.
    let world = World::new(7);
    assert_eq!(world.ids.draws, 4);
    let mut ids = IdGenerator::new(7);
    let drawn: Vec<Guid> = (0..64).map(|_| ids.next_guid()).collect();
    for user in world.users.values() {
        assert!(!drawn.contains(&user.id.0));
    }
    for name in world.role_assignments.keys() {
        assert!(!drawn.contains(name));
    }
    // A reset brings the same learner back.
    let mut session = given(&[group("rg")]);
    ok(&mut session, Command::Reset);
    assert_eq!(session.world(), &World::new(7));
}

#[test]
fn assignees_resolve_as_the_cli_resolves_them_through_graph() {
    let session = given(&[group("rg"), uami("rg", "id1")]);
    let world = session.world();
    let me = world.signed_in_user().expect("signed in").id;
    let identity = user_identity(world, "rg", "id1");
    assert_eq!(
        query::resolve_assignee(world, "LEARNER@contoso.onmicrosoft.com"),
        Some((me, "User"))
    );
    assert_eq!(
        query::resolve_assignee(world, &identity.client_id.to_string()),
        Some((identity.principal_id, "ServicePrincipal")),
        "an appId is a service principal name"
    );
    assert_eq!(
        query::resolve_assignee(world, &identity.principal_id.to_string()),
        Some((identity.principal_id, "ServicePrincipal"))
    );
    assert_eq!(
        query::resolve_assignee(world, &me.to_string()),
        Some((me, "User"))
    );
    assert_eq!(
        query::resolve_assignee(world, "nobody@contoso.onmicrosoft.com"),
        None
    );
    assert_eq!(query::resolve_assignee(world, "not-a-guid"), None);
}

#[test]
fn a_user_principal_name_makes_a_user_assignment() {
    let mut session = given(&[group("rg")]);
    let scope = group_id(session.world(), "rg");
    let events = ok(&mut session, grant_me("Reader", &scope));
    let Some(Event::RoleAssignmentCreated {
        assignment,
        principal_name,
        ..
    }) = events.first()
    else {
        panic!("an assignment")
    };
    assert_eq!(assignment.principal_type, "User");
    assert_eq!(principal_name, SIGNED_IN_USER);
    let listed = json::role_assignment(session.world(), assignment, true);
    assert_eq!(listed["principalName"], SIGNED_IN_USER);
}

fn by_object_id(object_id: &str, principal_type: Option<&str>, scope: &str) -> Command {
    Command::CreateRoleAssignmentByObjectId {
        name: None,
        object_id: object_id.into(),
        principal_type: principal_type.map(String::from),
        role: "Reader".into(),
        scope: scope.into(),
    }
}

#[test]
fn an_object_id_with_a_principal_type_is_taken_on_trust() {
    let mut session = given(&[group("rg"), uami("rg", "id1")]);
    let scope = group_id(session.world(), "rg");
    let principal = user_identity(session.world(), "rg", "id1").principal_id;
    let nobody = "11111111-1111-4111-8111-111111111111";

    // Without a type, ARM looks the principal up.
    assert_eq!(
        refused(&mut session, by_object_id(nobody, None, &scope)).code,
        "PrincipalNotFound"
    );
    // With one it doesn't: the assignment is orphaned from the start.
    ok(
        &mut session,
        by_object_id(nobody, Some("ServicePrincipal"), &scope),
    );
    assert_eq!(query::orphaned_assignments(session.world()).len(), 1);
    // A type that contradicts the directory is refused.
    let wrong = refused(
        &mut session,
        by_object_id(&principal.to_string(), Some("User"), &scope),
    );
    assert_eq!(wrong.code, "UnmatchedPrincipalType");
    // Without a type, Graph's answer is used.
    let events = ok(
        &mut session,
        by_object_id(&principal.to_string(), None, &scope),
    );
    let Some(Event::RoleAssignmentCreated { assignment, .. }) = events.first() else {
        panic!("an assignment")
    };
    assert_eq!(assignment.principal_type, "ServicePrincipal");
    assert_eq!(
        refused(&mut session, by_object_id("nope", Some("User"), &scope)).code,
        "InvalidPrincipalId"
    );
}

fn search<'a>(
    assignee: Option<Assignee<'a>>,
    role: Option<&'a str>,
    scope: Option<&'a str>,
    include_inherited: bool,
) -> AssignmentSearch<'a> {
    AssignmentSearch {
        assignee,
        role,
        scope,
        include_inherited,
    }
}

#[test]
fn a_search_covers_its_scope_exactly_unless_inherited_or_all() {
    let mut session = given(&[group("rg"), uami("rg", "id1")]);
    let subscription = session.world().subscription().scope();
    let rg = group_id(session.world(), "rg");
    let identity_id = user_identity(session.world(), "rg", "id1").id.clone();
    let principal = user_identity(session.world(), "rg", "id1").principal_id;
    ok(&mut session, grant(principal, "Reader", &rg));
    ok(&mut session, grant(principal, "Contributor", &identity_id));
    let world = session.world();
    let count = |s: AssignmentSearch| query::search_role_assignments(world, &s).map(|v| v.len());
    let id = principal.to_string();

    // The default: the subscription scope, even with an assignee.
    assert_eq!(count(search(None, None, Some(&subscription), false)), Ok(1));
    assert_eq!(
        count(search(
            Some(Assignee::Lookup(&id)),
            None,
            Some(&subscription),
            false
        )),
        Ok(0)
    );
    assert_eq!(count(search(None, None, Some(&rg), false)), Ok(1));
    assert_eq!(count(search(None, None, Some(&rg), true)), Ok(2));
    assert_eq!(count(search(None, None, Some(&identity_id), true)), Ok(3));
    assert_eq!(
        count(search(Some(Assignee::Lookup(&id)), None, None, false)),
        Ok(2)
    );
    assert_eq!(
        count(search(
            Some(Assignee::ObjectId(&id)),
            Some("reader"),
            None,
            false
        )),
        Ok(1)
    );
    // The role is resolved only when there is something to filter, as the CLI does.
    let other = world.group_id("nope");
    assert_eq!(
        count(search(None, Some("Nope Role"), Some(&other), false)),
        Err(CommandError::resource_group_not_found("nope"))
    );
    assert_eq!(
        count(search(None, Some("Nope Role"), Some(&rg), false)).map_err(|e| e.to_string()),
        Err("Role 'Nope Role' doesn't exist.".into())
    );
    assert_eq!(
        count(search(
            Some(Assignee::Lookup("nobody@contoso.onmicrosoft.com")),
            None,
            None,
            false
        ))
        .map_err(|e| e.to_string()),
        Err("Cannot find user or service principal in graph database for 'nobody@contoso.onmicrosoft.com'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id nobody@contoso.onmicrosoft.com'.".into())
    );
}

#[test]
fn deleting_by_id_what_is_already_gone_is_a_success_and_a_bad_id_is_not() {
    let mut session = given(&[group("rg")]);
    let scope = group_id(session.world(), "rg");
    let gone = format!(
        "{scope}/providers/Microsoft.Authorization/roleAssignments/22222222-2222-4222-8222-222222222222"
    );
    let events = ok(
        &mut session,
        Command::DeleteRoleAssignment {
            selector: AssignmentSelector::Ids(vec![gone]),
        },
    );
    assert!(events.is_empty());
    assert_eq!(
        refused(
            &mut session,
            Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Ids(vec!["nonsense".into()]),
            },
        )
        .code,
        "InvalidRoleAssignmentId"
    );
}

#[test]
fn graph_errors_read_as_their_message_alone() {
    let mut session = given(&[]);
    let error = refused(
        &mut session,
        Command::DeleteServicePrincipal {
            id: "11111111-1111-4111-8111-111111111111".into(),
        },
    );
    assert_eq!(error.origin, ErrorOrigin::Graph);
    assert_eq!(
        error.to_string(),
        "Resource '11111111-1111-4111-8111-111111111111' does not exist or one of its queried reference-property objects are not present."
    );
}
