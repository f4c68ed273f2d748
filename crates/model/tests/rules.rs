//! One test per rule of docs/azure-rules.md (R1–R17), named after it: given commands, when one more, then events, state and JSON.

mod common;

use common::*;
use model::query;
use model::*;

const VM: ResourceKind = ResourceKind::VirtualMachine;

#[test]
fn rule_01_enabling_a_system_identity_creates_one_managed_identity_sp_named_after_the_resource() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::none())]);

    let events = ok(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::system()),
    );

    assert_eq!(
        kinds(&events),
        ["SystemIdentityEnabled", "ServicePrincipalCreated"]
    );
    let world = session.world();
    let principal = system_principal(world, VM, "rg", "vm1");
    let sp = world.service_principal(principal).expect("the SP exists");
    assert_eq!(sp.display_name, "vm1");
    assert_eq!(sp.type_name(), "ManagedIdentity");
    assert_eq!(
        sp.tenant_id,
        world.tenant_id(),
        "the SP lives in the tenant trusted by the subscription"
    );
    assert_eq!(world.service_principals.len(), 1);
    let block = json::identity_block(&resource(world, VM, "rg", "vm1").identity)
        .expect("an identity block");
    assert_eq!(block["type"], "SystemAssigned");
    assert_eq!(block["principalId"], principal.to_string());
    assert_eq!(block["tenantId"], world.tenant_id().to_string());
    assert!(block["userAssignedIdentities"].is_null());
}

#[test]
fn rule_02_deleting_the_resource_deletes_its_system_assigned_sp() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let principal = system_principal(session.world(), VM, "rg", "vm1");

    let events = ok(
        &mut session,
        Command::DeleteResource {
            kind: VM,
            group: "rg".into(),
            name: "vm1".into(),
        },
    );

    assert_eq!(
        kinds(&events),
        ["ResourceDeleted", "ServicePrincipalDeleted"]
    );
    assert_eq!(
        events[1].explain(),
        "Service principal 'vm1' (ManagedIdentity) was deleted because its virtual machine 'vm1' was deleted: a system-assigned identity shares its resource's lifecycle."
    );
    assert!(session.world().service_principal(principal).is_none());
    assert!(
        session.world().deleted_service_principals.is_empty(),
        "managed identity SPs are not soft-deleted"
    );
}

#[test]
fn rule_02_disabling_the_system_identity_deletes_its_sp_and_drops_the_identity_key() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);

    let events = ok(
        &mut session,
        remove(VM, "rg", "vm1", IdentitySelection::system()),
    );

    assert_eq!(
        kinds(&events),
        ["SystemIdentityDisabled", "ServicePrincipalDeleted"]
    );
    let world = session.world();
    assert!(world.service_principals.is_empty());
    let shown = json::resource(world, resource(world, VM, "rg", "vm1"));
    // `"identity": null` as the CLI prints the missing identity, not {"type": "None"}.
    assert_eq!(
        shown.get("identity"),
        Some(&Value::Null),
        "identity null, not {{\"type\": \"None\"}}"
    );
    assert!(json::identity_block(&resource(world, VM, "rg", "vm1").identity).is_none());
}

#[test]
fn rule_03_disabling_and_enabling_again_creates_a_new_principal_and_orphans_the_old_assignments() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let old = system_principal(session.world(), VM, "rg", "vm1");
    let scope = group_id(session.world(), "rg");
    ok(&mut session, grant(old, "Reader", &scope));

    let disabled = ok(
        &mut session,
        remove(VM, "rg", "vm1", IdentitySelection::system()),
    );
    ok(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::system()),
    );

    assert_eq!(
        kinds(&disabled),
        [
            "SystemIdentityDisabled",
            "ServicePrincipalDeleted",
            "RoleAssignmentOrphaned"
        ]
    );
    let world = session.world();
    let new = system_principal(world, VM, "rg", "vm1");
    assert_ne!(new, old);
    let orphans = query::orphaned_assignments(world);
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].principal_id, old);
    assert!(
        query::effective_assignments(world, new, &scope).is_empty(),
        "the assignment does not follow"
    );
}

#[test]
fn rule_04_enabling_an_already_enabled_system_identity_changes_nothing() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let before = session.world().clone();

    let events = ok(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::system()),
    );

    assert!(events.is_empty());
    assert_eq!(session.world(), &before);
}

#[test]
fn rule_05_creating_a_user_identity_creates_its_sp_with_clientid_as_appid_and_principalid_as_object_id(
) {
    let mut session = given(&[group("rg")]);

    let events = ok(&mut session, uami("rg", "id1"));

    assert_eq!(
        kinds(&events),
        ["UserIdentityCreated", "ServicePrincipalCreated"]
    );
    let world = session.world();
    let identity = user_identity(world, "rg", "id1");
    let sp = world
        .service_principal(identity.principal_id)
        .expect("its SP");
    assert_eq!(sp.app_id, identity.client_id);
    assert_eq!(sp.display_name, "id1");
    assert_eq!(sp.type_name(), "ManagedIdentity");
    let shown = json::service_principal(sp, true);
    assert_eq!(shown["alternativeNames"][0], "isExplicit=True");
    assert_eq!(shown["alternativeNames"][1], identity.id);
}

#[test]
fn rule_06_a_user_identity_serves_many_resources_and_assigning_creates_no_sp() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::system()),
        plan("rg"),
        create(
            ResourceKind::WebApp,
            "rg",
            "web1",
            IdentitySelection::none(),
        ),
    ]);
    let principals_before = session.world().service_principals.len();

    let first = ok(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::user(["id1"])),
    );
    let second = ok(
        &mut session,
        assign(
            ResourceKind::WebApp,
            "rg",
            "web1",
            IdentitySelection::user(["id1"]),
        ),
    );

    assert_eq!(kinds(&first), ["UserIdentityAssigned"]);
    assert_eq!(kinds(&second), ["UserIdentityAssigned"]);
    let world = session.world();
    assert_eq!(world.service_principals.len(), principals_before);
    let block = json::identity_block(&resource(world, VM, "rg", "vm1").identity).expect("a block");
    assert_eq!(block["type"], "SystemAssigned, UserAssigned");
    let identity = user_identity(world, "rg", "id1");
    let entry = &block["userAssignedIdentities"][identity.reference_id()];
    assert_eq!(entry["clientId"], identity.client_id.to_string());
    assert_eq!(entry["principalId"], identity.principal_id.to_string());
    assert!(
        identity.reference_id().contains("/resourceGroups/"),
        "the map key spells resourceGroups"
    );
    assert!(
        identity.id.contains("/resourcegroups/"),
        "the identity's own id spells resourcegroups"
    );
    ok(
        &mut session,
        remove(VM, "rg", "vm1", IdentitySelection::user(["id1"])),
    );
    assert_eq!(
        session.world().service_principals.len(),
        principals_before,
        "removing deletes no SP"
    );
}

#[test]
fn rule_06_a_logic_app_holds_either_its_system_identity_or_one_user_identity() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        create(
            ResourceKind::LogicApp,
            "rg",
            "flow1",
            IdentitySelection::system(),
        ),
    ]);

    let error = refused(
        &mut session,
        assign(
            ResourceKind::LogicApp,
            "rg",
            "flow1",
            IdentitySelection::user(["id1"]),
        ),
    );

    assert_eq!(error.code, "MultipleIdentitiesNotSupported");
}

#[test]
fn rule_06_more_than_150_user_identities_in_one_request_are_refused() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::none())]);
    let names: Vec<String> = (0..151).map(|i| format!("id{i}")).collect();

    let error = refused(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::user(names)),
    );

    assert_eq!(error.code, "InvalidParameter");
}

#[test]
fn rule_07_deleting_a_resource_leaves_the_user_identity_and_its_sp_in_place() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::user(["id1"])),
    ]);

    let events = ok(
        &mut session,
        Command::DeleteResource {
            kind: VM,
            group: "rg".into(),
            name: "vm1".into(),
        },
    );

    assert_eq!(kinds(&events), ["ResourceDeleted"]);
    let world = session.world();
    let identity = user_identity(world, "rg", "id1");
    assert!(
        world.service_principal(identity.principal_id).is_some(),
        "unused, it still lives"
    );
}

#[test]
fn rule_08_deleting_a_user_identity_deletes_its_sp_but_leaves_dangling_references() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::user(["id1"])),
    ]);
    let identity = user_identity(session.world(), "rg", "id1").clone();

    let events = ok(
        &mut session,
        Command::DeleteUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
        },
    );

    assert_eq!(
        kinds(&events),
        ["UserIdentityDeleted", "ServicePrincipalDeleted"]
    );
    let world = session.world();
    assert!(world.service_principal(identity.principal_id).is_none());
    let block = json::identity_block(&resource(world, VM, "rg", "vm1").identity)
        .expect("the reference stays");
    assert_eq!(
        block["userAssignedIdentities"][identity.reference_id()]["principalId"],
        identity.principal_id.to_string()
    );
    assert_eq!(query::dangling_references(world).len(), 1);

    // New token requests for it fail.
    let token = refused(
        &mut session,
        Command::RequestToken {
            kind: VM,
            group: "rg".into(),
            name: "vm1".into(),
            audience: "https://management.azure.com/".into(),
            selector: None,
        },
    );
    assert_eq!(
        token.to_string(),
        r#"{"error":"invalid_request","error_description":"Identity not found"}"#
    );

    // A later identity update fails, naming the missing identity...
    let update = refused(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::system()),
    );
    assert_eq!(update.code, "FailedIdentityOperation");
    assert!(update.message.contains(&identity.reference_id()));

    // ...until the dangling entry is removed.
    let removed = ok(
        &mut session,
        remove(VM, "rg", "vm1", IdentitySelection::user(["id1"])),
    );
    assert_eq!(kinds(&removed), ["UserIdentityUnassigned"]);
    assert!(
        json::resource(session.world(), resource(session.world(), VM, "rg", "vm1"))["identity"]
            .is_null()
    );
    ok(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::system()),
    );
}

#[test]
fn rule_08_tokens_issued_before_the_deletion_stay_valid_until_they_expire() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::user(["id1"])),
    ]);
    let identity = user_identity(session.world(), "rg", "id1").clone();
    let scope = group_id(session.world(), "rg");
    ok(&mut session, grant(identity.principal_id, "Reader", &scope));
    let issued = ok(
        &mut session,
        Command::RequestToken {
            kind: VM,
            group: "rg".into(),
            name: "vm1".into(),
            audience: "https://management.azure.com/".into(),
            selector: None,
        },
    );
    let Some(Event::TokenIssued { token }) = issued.first() else {
        panic!("a token")
    };

    ok(
        &mut session,
        Command::DeleteUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
        },
    );

    let read = "Microsoft.Compute/virtualMachines/read";
    assert!(query::check_token_access(session.world(), token, &scope, read).allowed);
    ok(&mut session, Command::AdvanceClock { minutes: 24 * 60 });
    let expired = query::check_token_access(session.world(), token, &scope, read);
    assert_eq!((expired.allowed, expired.status), (false, 401));
}

#[test]
fn rule_09_recreating_an_identity_gives_new_ids_and_old_references_and_assignments_go_stale() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::user(["id1"])),
    ]);
    let old = user_identity(session.world(), "rg", "id1").clone();
    let scope = group_id(session.world(), "rg");
    ok(&mut session, grant(old.principal_id, "Reader", &scope));

    ok(
        &mut session,
        Command::DeleteUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
        },
    );
    ok(&mut session, uami("rg", "id1"));

    let world = session.world();
    let new = user_identity(world, "rg", "id1");
    assert_ne!(new.client_id, old.client_id);
    assert_ne!(new.principal_id, old.principal_id);
    let dangling = query::dangling_references(world);
    assert_eq!(dangling.len(), 1);
    assert!(
        dangling[0].recreated,
        "the reference points at the old identity, not the new one"
    );
    assert_eq!(query::orphaned_assignments(world).len(), 1);
    // Re-assigning refreshes the reference.
    ok(
        &mut session,
        assign(VM, "rg", "vm1", IdentitySelection::user(["id1"])),
    );
    assert!(query::dangling_references(session.world()).is_empty());
}

#[test]
fn rule_10_an_assignment_is_inherited_below_its_scope_and_cannot_be_modified() {
    let mut session = given(&[
        group("rg"),
        vm("rg", "vm1", IdentitySelection::system()),
        vault("rg", "kv-learn"),
    ]);
    let world = session.world();
    let principal = system_principal(world, VM, "rg", "vm1");
    let vault_id = resource(world, ResourceKind::KeyVault, "rg", "kv-learn")
        .id
        .clone();
    let subscription = world.subscription().scope();
    let name = "11111111-2222-4333-8444-555555555555";

    let events = ok(
        &mut session,
        Command::CreateRoleAssignmentWithName {
            name: name.into(),
            assignee: principal.to_string(),
            role: "Key Vault Secrets User".into(),
            scope: subscription.clone(),
        },
    );

    let Some(Event::RoleAssignmentCreated { assignment, .. }) = events.first() else {
        panic!("an assignment")
    };
    assert_eq!(
        assignment.id(),
        format!("{subscription}/providers/Microsoft.Authorization/roleAssignments/{name}")
    );
    let world = session.world();
    let effective = query::effective_assignments(world, principal, &vault_id);
    assert_eq!(effective.len(), 1);
    assert!(effective[0].inherited);
    let read = query::check_access(
        world,
        principal,
        &vault_id,
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    );
    assert!(read.allowed, "{}", read.reason);

    let changed = refused(
        &mut session,
        Command::CreateRoleAssignmentWithName {
            name: name.into(),
            assignee: principal.to_string(),
            role: "Reader".into(),
            scope: subscription.clone(),
        },
    );
    assert_eq!(changed.code, "RoleAssignmentUpdateNotPermitted");
    // docs/azure-rules.md R18: granting it again is ARM's RoleAssignmentExists, which the CLI
    // treats as success; nothing changes.
    let before = session.world().clone();
    let again = ok(
        &mut session,
        grant(principal, "key vault secrets user", &subscription),
    );
    assert!(again.is_empty());
    let same_name = ok(
        &mut session,
        Command::CreateRoleAssignmentWithName {
            name: name.into(),
            assignee: principal.to_string(),
            role: "Key Vault Secrets User".into(),
            scope: subscription.clone(),
        },
    );
    assert!(same_name.is_empty());
    assert_eq!(session.world().role_assignments, before.role_assignments);
}

#[test]
fn rule_11_an_assignment_outlives_its_principal_and_lists_with_an_empty_principal_name() {
    let mut session = given(&[
        group("rg"),
        vm("rg", "vm1", IdentitySelection::system()),
        vault("rg", "kv-learn"),
    ]);
    let principal = system_principal(session.world(), VM, "rg", "vm1");
    let vault_id = resource(session.world(), ResourceKind::KeyVault, "rg", "kv-learn")
        .id
        .clone();
    ok(
        &mut session,
        grant(principal, "Key Vault Secrets User", &vault_id),
    );

    let events = ok(
        &mut session,
        Command::DeleteResource {
            kind: VM,
            group: "rg".into(),
            name: "vm1".into(),
        },
    );

    assert_eq!(
        kinds(&events),
        [
            "ResourceDeleted",
            "ServicePrincipalDeleted",
            "RoleAssignmentOrphaned"
        ]
    );
    let world = session.world();
    let orphans = query::orphaned_assignments(world);
    assert_eq!(orphans.len(), 1);
    let listed = json::role_assignment(world, orphans[0], true);
    assert_eq!(listed["principalName"], "");
    assert_eq!(listed["roleDefinitionName"], "Key Vault Secrets User");
    // Graph no longer knows the principal, so `--assignee` can't name it (docs/azure-rules.md R18)...
    let unknown = refused(
        &mut session,
        Command::DeleteRoleAssignment {
            selector: AssignmentSelector::Filter {
                assignee: Some(principal.to_string()),
                role: None,
                scope: Some(vault_id.clone()),
            },
        },
    );
    assert!(unknown
        .to_string()
        .starts_with("Cannot find user or service principal in graph database for '"));
    // ...while `--assignee-object-id` skips Graph: the learner cleans it up by principal ID, at
    // the scope it was made at.
    let cleaned = ok(
        &mut session,
        Command::DeleteRoleAssignment {
            selector: AssignmentSelector::ObjectFilter {
                object_id: principal.to_string(),
                role: None,
                scope: Some(vault_id),
            },
        },
    );
    assert_eq!(kinds(&cleaned), ["RoleAssignmentDeleted"]);
}

fn delete_assignments(
    assignee: Option<String>,
    role: Option<&str>,
    scope: Option<String>,
) -> Command {
    Command::DeleteRoleAssignment {
        selector: AssignmentSelector::Filter {
            assignee,
            role: role.map(str::to_string),
            scope,
        },
    }
}

#[test]
fn role_assignment_delete_that_matches_nothing_is_refused_as_the_cli_does() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let principal = system_principal(session.world(), VM, "rg", "vm1");
    let scope = group_id(session.world(), "rg");

    let error = refused(
        &mut session,
        delete_assignments(Some(principal.to_string()), None, Some(scope)),
    );

    assert_eq!(error.origin, ErrorOrigin::Cli);
    assert_eq!(
        error.to_string(),
        "No matched assignments were found to delete"
    );
}

#[test]
fn role_assignment_delete_without_a_scope_matches_only_the_subscription_scope() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let principal = system_principal(session.world(), VM, "rg", "vm1");
    let group_scope = group_id(session.world(), "rg");
    let subscription_scope = format!("/subscriptions/{}", session.world().current_subscription);
    ok(&mut session, grant(principal, "Reader", &group_scope));

    // The resource group's assignment is below the default (subscription) scope: no match.
    let error = refused(
        &mut session,
        delete_assignments(Some(principal.to_string()), None, None),
    );
    assert_eq!(
        error.to_string(),
        "No matched assignments were found to delete"
    );

    ok(
        &mut session,
        grant(principal, "Reader", &subscription_scope),
    );
    let deleted = ok(
        &mut session,
        delete_assignments(Some(principal.to_string()), None, None),
    );
    assert_eq!(kinds(&deleted), ["RoleAssignmentDeleted"]);
    assert_eq!(
        session.world().role_assignments.len(),
        3,
        "the group's stays, and the learner's Owner assignments"
    );
}

#[test]
fn role_assignment_delete_with_no_filter_deletes_every_assignment_made_at_the_subscription() {
    let mut session = given(&[
        group("rg"),
        vm("rg", "vm1", IdentitySelection::system()),
        uami("rg", "id1"),
    ]);
    let vm_principal = system_principal(session.world(), VM, "rg", "vm1");
    let identity_principal = user_identity(session.world(), "rg", "id1").principal_id;
    let subscription_scope = format!("/subscriptions/{}", session.world().current_subscription);
    let group_scope = group_id(session.world(), "rg");
    ok(
        &mut session,
        grant(vm_principal, "Reader", &subscription_scope),
    );
    ok(
        &mut session,
        grant(identity_principal, "Contributor", &subscription_scope),
    );
    ok(&mut session, grant(vm_principal, "Reader", &group_scope));

    // The confirmed (`--yes`) form of "delete all role assignments under the subscription".
    let deleted = ok(&mut session, delete_assignments(None, None, None));

    // The learner's own Owner assignment is made at the subscription too: it goes as well, as
    // it would in Azure.
    assert_eq!(
        kinds(&deleted),
        [
            "RoleAssignmentDeleted",
            "RoleAssignmentDeleted",
            "RoleAssignmentDeleted"
        ]
    );
    assert_eq!(
        session.world().role_assignments.len(),
        2,
        "the group's, and the Owner assignment in the partner subscription"
    );
    let error = refused(&mut session, delete_assignments(None, None, None));
    assert_eq!(
        error.to_string(),
        "No matched assignments were found to delete"
    );
}

#[test]
fn rule_12_an_assignment_goes_with_its_scope() {
    let mut session = given(&[
        group("rg"),
        group("other"),
        uami("other", "id1"),
        vault("rg", "kv-learn"),
    ]);
    let principal = user_identity(session.world(), "other", "id1").principal_id;
    let vault_id = resource(session.world(), ResourceKind::KeyVault, "rg", "kv-learn")
        .id
        .clone();
    ok(
        &mut session,
        grant(principal, "Key Vault Secrets User", &vault_id),
    );

    let events = ok(
        &mut session,
        Command::DeleteResourceGroup { name: "rg".into() },
    );

    assert_eq!(
        kinds(&events),
        [
            "ResourceGroupDeleted",
            "ResourceDeleted",
            "RoleAssignmentDeleted"
        ]
    );
    assert!(session
        .world()
        .role_assignments
        .values()
        .all(|a| a.principal_type == "User"));
    assert!(session.world().service_principal(principal).is_some());
}

#[test]
fn rule_13_an_app_registration_has_no_sp_until_az_ad_sp_create() {
    let mut session = given(&[]);

    let created = ok(
        &mut session,
        Command::CreateApplication {
            display_name: "billing-api".into(),
            audience: SignInAudience::AzureAdMyOrg,
        },
    );

    assert_eq!(kinds(&created), ["ApplicationCreated"]);
    assert!(session.world().service_principals.is_empty());
    let Some(Event::ApplicationCreated { application }) = created.first() else {
        panic!("an app")
    };
    let events = ok(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: application.app_id.to_string(),
        },
    );
    assert_eq!(kinds(&events), ["ServicePrincipalCreated"]);
    let world = session.world();
    let sp = world
        .find_service_principal(world.tenant_id(), &application.app_id.to_string())
        .expect("its SP");
    assert_eq!(sp.type_name(), "Application");
    let shown = json::service_principal(sp, true);
    assert_eq!(
        shown["appOwnerOrganizationId"],
        world.home_tenant.to_string()
    );
    assert_eq!(
        shown["servicePrincipalNames"][0],
        application.app_id.to_string()
    );
}

#[test]
fn rule_14_a_multi_tenant_app_gets_one_sp_per_consenting_tenant_and_a_single_tenant_app_none() {
    let mut session = given(&[]);
    let multi = ok(
        &mut session,
        Command::CreateApplication {
            display_name: "partner-portal".into(),
            audience: SignInAudience::AzureAdMultipleOrgs,
        },
    );
    let single = ok(
        &mut session,
        Command::CreateApplication {
            display_name: "internal-tool".into(),
            audience: SignInAudience::AzureAdMyOrg,
        },
    );
    let (
        Some(Event::ApplicationCreated { application: multi }),
        Some(Event::ApplicationCreated {
            application: single,
        }),
    ) = (multi.first(), single.first())
    else {
        panic!("two apps")
    };
    ok(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: multi.app_id.to_string(),
        },
    );

    ok(
        &mut session,
        Command::SetSubscription {
            subscription: "Fabrikam Partner".into(),
        },
    );
    ok(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: multi.app_id.to_string(),
        },
    );
    let error = refused(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: single.app_id.to_string(),
        },
    );

    assert_eq!(error.code, "Request_ResourceNotFound");
    let world = session.world();
    let copies: Vec<_> = world
        .service_principals
        .values()
        .filter(|sp| sp.app_id == multi.app_id)
        .collect();
    assert_eq!(copies.len(), 2);
    assert_ne!(copies[0].tenant_id, copies[1].tenant_id);
    assert_ne!(copies[0].id, copies[1].id, "each tenant has its own object");
    for copy in copies {
        assert_eq!(
            json::service_principal(copy, false)["appOwnerOrganizationId"],
            world.home_tenant.to_string()
        );
    }
}

#[test]
fn rule_15_deleting_an_app_soft_deletes_it_and_its_home_sp_which_are_restored_separately() {
    let mut session = given(&[]);
    let created = ok(
        &mut session,
        Command::CreateApplication {
            display_name: "billing-api".into(),
            audience: SignInAudience::AzureAdMyOrg,
        },
    );
    let Some(Event::ApplicationCreated { application }) = created.first() else {
        panic!("an app")
    };
    let app_id = application.app_id.to_string();
    let app_object_id = application.id.to_string();
    let sp_created = ok(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: app_id.clone(),
        },
    );
    let Some(Event::ServicePrincipalCreated { principal }) = sp_created.first() else {
        panic!("a service principal")
    };
    let sp_object_id = principal.id.to_string();

    let events = ok(
        &mut session,
        Command::DeleteApplication { id: app_id.clone() },
    );

    assert_eq!(
        kinds(&events),
        ["ApplicationDeleted", "ServicePrincipalDeleted"]
    );
    assert_eq!(session.world().deleted_applications.len(), 1);
    assert_eq!(session.world().deleted_service_principals.len(), 1);
    // Graph's restore URL takes an object ID: the appId names neither deleted object.
    assert_eq!(
        refused(
            &mut session,
            Command::RestoreDeletedItem { id: app_id.clone() }
        )
        .code,
        "Request_ResourceNotFound"
    );
    let restored = ok(
        &mut session,
        Command::RestoreDeletedItem {
            id: app_object_id.clone(),
        },
    );
    assert_eq!(kinds(&restored), ["ApplicationRestored"]);
    assert!(
        session.world().service_principals.is_empty(),
        "restoring the app does not restore the SP"
    );
    let restored = ok(
        &mut session,
        Command::RestoreDeletedItem {
            id: sp_object_id.clone(),
        },
    );
    assert_eq!(kinds(&restored), ["ServicePrincipalRestored"]);
    assert_eq!(session.world().service_principals.len(), 1);
    assert_eq!(
        session
            .world()
            .service_principals
            .keys()
            .next()
            .map(ToString::to_string),
        Some(sp_object_id)
    );
    // After 30 days the recycle bin no longer gives it back.
    ok(
        &mut session,
        Command::DeleteApplication { id: app_id.clone() },
    );
    ok(
        &mut session,
        Command::AdvanceClock {
            minutes: 31 * 24 * 60,
        },
    );
    assert_eq!(
        refused(
            &mut session,
            Command::RestoreDeletedItem { id: app_object_id }
        )
        .code,
        "Request_ResourceNotFound"
    );
}

#[test]
fn rule_15_a_deleted_sp_is_not_restored_over_a_new_sp_of_the_same_app() {
    let mut session = given(&[]);
    let created = ok(
        &mut session,
        Command::CreateApplication {
            display_name: "billing-api".into(),
            audience: SignInAudience::AzureAdMyOrg,
        },
    );
    let Some(Event::ApplicationCreated { application }) = created.first() else {
        panic!("an app")
    };
    let app_id = application.app_id.to_string();
    let first = ok(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: app_id.clone(),
        },
    );
    let Some(Event::ServicePrincipalCreated { principal }) = first.first() else {
        panic!("a service principal")
    };
    let old_sp = principal.id.to_string();
    ok(
        &mut session,
        Command::DeleteServicePrincipal { id: old_sp.clone() },
    );
    ok(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: app_id.clone(),
        },
    );

    let error = refused(&mut session, Command::RestoreDeletedItem { id: old_sp });

    assert_eq!(error.code, "Request_MultipleObjectsWithSameKeyValue");
}

#[test]
fn rule_16_a_secret_is_shown_once_and_managed_identities_show_no_credentials() {
    let mut session = given(&[group("rg"), uami("rg", "id1")]);
    let created = ok(
        &mut session,
        Command::CreateApplication {
            display_name: "billing-api".into(),
            audience: SignInAudience::AzureAdMyOrg,
        },
    );
    let Some(Event::ApplicationCreated { application }) = created.first() else {
        panic!("an app")
    };

    let secret = ok(
        &mut session,
        Command::AddApplicationSecret {
            id: application.app_id.to_string(),
            display_name: None,
            years: 2,
            append: false,
        },
    );
    let certificate = ok(
        &mut session,
        Command::AddApplicationCertificate {
            id: application.id.to_string(),
            display_name: Some("cert".into()),
            years: 1,
            // Without --append the secret above would go (see the credential reset tests).
            append: true,
        },
    );

    let Some(Event::ApplicationSecretAdded {
        secret_text,
        credential,
        ..
    }) = secret.first()
    else {
        panic!("a secret")
    };
    assert_eq!(secret_text.len(), 40);
    assert_eq!(kinds(&certificate), ["ApplicationCertificateAdded"]);
    let world = session.world();
    let app = world.applications.get(&application.id).expect("the app");
    let shown = json::application(world, app, true);
    let rendered = shown.to_string();
    assert!(
        !rendered.contains(secret_text.as_str()),
        "the secret text is never shown again"
    );
    assert_eq!(
        shown["passwordCredentials"][0]["secretText"],
        serde_json::Value::Null
    );
    assert_eq!(shown["passwordCredentials"][0]["hint"], secret_text[..3]);
    assert_eq!(credential.end, credential.start.plus_years(2));
    assert_eq!(shown["keyCredentials"][0]["type"], "AsymmetricX509Cert");
    let identity = user_identity(world, "rg", "id1").clone();
    let sp = json::service_principal(
        world
            .service_principal(identity.principal_id)
            .expect("its SP"),
        true,
    );
    assert_eq!(sp["passwordCredentials"], serde_json::json!([]));
    assert_eq!(sp["keyCredentials"], serde_json::json!([]));
    let refusal = refused(
        &mut session,
        Command::AddApplicationSecret {
            id: identity.client_id.to_string(),
            display_name: None,
            years: 1,
            append: false,
        },
    );
    assert_eq!(
        refusal.code, "Request_ResourceNotFound",
        "a managed identity offers no credentials"
    );
}

#[test]
fn rule_17_managed_identities_belong_to_azure_resources_and_an_app_registration_serves_elsewhere() {
    let mut session = given(&[group("rg"), uami("rg", "id1"), vault("rg", "kv-learn")]);
    let client_id = user_identity(session.world(), "rg", "id1")
        .client_id
        .to_string();

    // A target that runs no code holds no identity here.
    let target = refused(
        &mut session,
        assign(
            ResourceKind::KeyVault,
            "rg",
            "kv-learn",
            IdentitySelection::system(),
        ),
    );
    // A managed identity can't be given a service principal in another tenant.
    ok(
        &mut session,
        Command::SetSubscription {
            subscription: "Fabrikam Partner".into(),
        },
    );
    let elsewhere = refused(
        &mut session,
        Command::CreateServicePrincipal { app_id: client_id },
    );

    assert!(target.hint.is_some());
    assert_eq!(elsewhere.code, "Request_ResourceNotFound");
    assert!(elsewhere
        .hint
        .is_some_and(|h| h.contains("managed identity")));
}

#[test]
fn role_and_scope_with_only_user_assigned_identities_are_refused_in_the_cli_words() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::system()),
    ]);
    let scope = group_id(session.world(), "rg");
    let role_grant = RoleGrant {
        role: "Reader".into(),
        scope: scope.clone(),
    };
    let expected = "usage error: '--scope'/'--role' is only applicable when assign system identity";

    // `az vm identity assign --identities id1 --role Reader --scope ...`: refused even though the
    // VM already has a system-assigned identity, because the request does not name it.
    let assigning = Command::AssignIdentity {
        kind: VM,
        group: "rg".into(),
        name: "vm1".into(),
        identity: IdentitySelection::user(["id1"]),
        grant: Some(role_grant.clone()),
    };
    let error = refused(&mut session, assigning);
    assert_eq!(error.origin, ErrorOrigin::Cli);
    assert_eq!(error.to_string(), expected);

    // `az vm create --assign-identity id1 --role Reader --scope ...`.
    let creating = Command::CreateResource {
        kind: VM,
        group: "rg".into(),
        name: "vm2".into(),
        location: None,
        identity: IdentitySelection::user(["id1"]),
        grant: Some(role_grant.clone()),
        options: ResourceOptions::default(),
    };
    assert_eq!(refused(&mut session, creating).to_string(), expected);

    // `az vm create --role Reader --scope ...` without --assign-identity.
    let without_identity = Command::CreateResource {
        kind: VM,
        group: "rg".into(),
        name: "vm2".into(),
        location: None,
        identity: IdentitySelection::none(),
        grant: Some(role_grant),
        options: ResourceOptions::default(),
    };
    assert_eq!(
        refused(&mut session, without_identity).to_string(),
        "usage error: --assign-identity [--scope SCOPE] [--role ROLE]"
    );
}

fn new_application(session: &mut Session, name: &str) -> Application {
    let created = ok(
        session,
        Command::CreateApplication {
            display_name: name.into(),
            audience: SignInAudience::AzureAdMyOrg,
        },
    );
    match created.first() {
        Some(Event::ApplicationCreated { application }) => application.clone(),
        _ => panic!("an app"),
    }
}

fn reset_secret(app: &Application, append: bool) -> Command {
    Command::AddApplicationSecret {
        id: app.app_id.to_string(),
        display_name: None,
        years: 1,
        append,
    }
}

fn reset_certificate(app: &Application, append: bool) -> Command {
    Command::AddApplicationCertificate {
        id: app.app_id.to_string(),
        display_name: None,
        years: 1,
        append,
    }
}

#[test]
fn credential_reset_without_append_replaces_the_existing_secrets() {
    let mut session = given(&[]);
    let app = new_application(&mut session, "billing-api");
    ok(&mut session, reset_secret(&app, true));
    ok(&mut session, reset_secret(&app, true));
    ok(&mut session, reset_certificate(&app, true));
    assert_eq!(
        session
            .world()
            .applications
            .get(&app.id)
            .expect("the app")
            .passwords
            .len(),
        2
    );

    let events = ok(&mut session, reset_secret(&app, false));

    assert_eq!(
        kinds(&events),
        ["ApplicationCredentialsRemoved", "ApplicationSecretAdded"]
    );
    assert_eq!(
        events[0].explain(),
        "The 2 earlier secrets of app 'billing-api' were removed: credential reset replaces them unless --append is given."
    );
    let Event::ApplicationSecretAdded { credential, .. } = &events[1] else {
        panic!("a secret")
    };
    let world = session.world();
    let stored = world.applications.get(&app.id).expect("the app");
    assert_eq!(stored.passwords.len(), 1, "only the new secret is left");
    assert_eq!(stored.passwords[0].key_id, credential.key_id);
    assert_eq!(
        stored.keys.len(),
        1,
        "a new secret leaves the certificates alone"
    );
}

#[test]
fn credential_reset_with_append_keeps_the_existing_secrets() {
    let mut session = given(&[]);
    let app = new_application(&mut session, "billing-api");
    ok(&mut session, reset_secret(&app, false));

    let events = ok(&mut session, reset_secret(&app, true));

    assert_eq!(kinds(&events), ["ApplicationSecretAdded"]);
    assert_eq!(
        session
            .world()
            .applications
            .get(&app.id)
            .expect("the app")
            .passwords
            .len(),
        2
    );
}

#[test]
fn a_certificate_reset_without_append_removes_the_secrets_and_replaces_the_certificates() {
    let mut session = given(&[]);
    let app = new_application(&mut session, "billing-api");
    ok(&mut session, reset_secret(&app, true));
    ok(&mut session, reset_certificate(&app, true));

    let events = ok(&mut session, reset_certificate(&app, false));

    assert_eq!(
        kinds(&events),
        [
            "ApplicationCredentialsRemoved",
            "ApplicationCertificateAdded"
        ]
    );
    assert_eq!(
        events[0].explain(),
        "The 1 earlier secret and 1 earlier certificate of app 'billing-api' were removed: credential reset replaces them unless --append is given."
    );
    let stored = session.world().applications.get(&app.id).expect("the app");
    assert!(stored.passwords.is_empty());
    assert_eq!(stored.keys.len(), 1);
}

#[test]
fn sessions_saved_before_append_existed_replay_as_appending() {
    let old = r#"{"AddApplicationSecret":{"id":"x","display_name":null,"years":1}}"#;
    let command: Command = serde_json::from_str(old).expect("an old command reads");
    assert_eq!(
        command,
        Command::AddApplicationSecret {
            id: "x".into(),
            display_name: None,
            years: 1,
            append: true,
        }
    );
}

#[test]
fn a_function_app_needs_its_storage_account_in_its_own_group() {
    let mut session = given(&[
        group("rg"),
        group("data"),
        create(
            ResourceKind::StorageAccount,
            "data",
            "store1",
            IdentitySelection::none(),
        ),
    ]);
    let func = |group: &str, name: &str, storage: Option<&str>| Command::CreateResource {
        kind: ResourceKind::FunctionApp,
        group: group.into(),
        name: name.into(),
        location: Some("westeurope".into()),
        identity: IdentitySelection::none(),
        grant: None,
        options: ResourceOptions {
            storage_account: storage.map(str::to_string),
            ..ResourceOptions::default()
        },
    };
    // azure-cli reads the account from the app's group, not the whole subscription.
    let error = refused(&mut session, func("rg", "func1", Some("store1")));
    assert_eq!(
        error.to_string(),
        "(ResourceNotFound) The Resource 'Microsoft.Storage/storageAccounts/store1' under resource group 'rg' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
    );
    ok(&mut session, func("data", "func1", Some("STORE1")));
    // A button, or a save from before the field, names no account: nothing to check.
    let old: ResourceOptions =
        serde_json::from_str(r#"{"os_type":"Linux","rbac_authorization":true}"#)
            .expect("old options read");
    assert_eq!(old.storage_account, None);
    ok(&mut session, func("rg", "func2", None));
}

fn set_identity_type(name: &str, identity_type: &str) -> Command {
    Command::SetIdentityType {
        kind: VM,
        group: "rg".into(),
        name: name.into(),
        identity_type: identity_type.into(),
        clear_user_assigned: false,
    }
}

/// `az vm update --set identity.type=…` is one model command: one decision, one undo step.
#[test]
fn setting_the_identity_type_is_one_command_that_enables_or_removes_what_the_type_names() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm(
            "rg",
            "vm1",
            IdentitySelection {
                system: true,
                user: vec!["id1".into()],
            },
        ),
    ]);
    let before = session.history().len();
    let events = ok(&mut session, set_identity_type("vm1", "None"));
    assert_eq!(
        kinds(&events),
        [
            "SystemIdentityDisabled",
            "ServicePrincipalDeleted",
            "UserIdentityUnassigned"
        ]
    );
    assert!(resource(session.world(), VM, "rg", "vm1")
        .identity
        .is_empty());
    assert_eq!(session.history().len(), before + 1);
    // `SystemAssigned` enables the system-assigned identity (a new principal, docs/azure-rules.md R3).
    let events = ok(&mut session, set_identity_type("vm1", "SystemAssigned"));
    assert_eq!(
        kinds(&events),
        ["SystemIdentityEnabled", "ServicePrincipalCreated"]
    );
    // What is already so changes nothing.
    assert!(ok(&mut session, set_identity_type("vm1", "SystemAssigned")).is_empty());
    let error = refused(&mut session, set_identity_type("vm1", "Both"));
    assert_eq!(error.code, "InvalidParameter");
    assert!(error.message.contains("'Both'"), "{}", error.message);
    let missing = refused(&mut session, set_identity_type("ghost", "None"));
    assert_eq!(missing.code, "ResourceNotFound");
}
