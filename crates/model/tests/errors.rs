//! Refusals carry Azure's codes and wording (docs/azure-rules.md N1–N8 names, not-found, conflicts), and never change the world.

mod common;

use common::*;
use model::*;

#[test]
fn a_missing_resource_is_refused_with_arms_wording() {
    let mut session = given(&[group("FY")]);
    let error = refused(
        &mut session,
        Command::AssignIdentity {
            kind: ResourceKind::VirtualMachine,
            group: "FY".into(),
            name: "vm1".into(),
            identity: IdentitySelection::system(),
            grant: None,
        },
    );
    assert_eq!(
        error.to_string(),
        "(ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/vm1' under resource group 'FY' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
    );
}

/// docs/azure-rules.md M10: ARM's DELETE of what isn't there is 204 No Content, a success that
/// changes nothing; a group that isn't there is still ResourceGroupNotFound.
#[test]
fn deleting_a_missing_resource_in_an_existing_group_succeeds_and_changes_nothing() {
    let mut session = given(&[group("FY")]);
    for kind in ResourceKind::ALL {
        let before = session.world().clone();
        let events = ok(
            &mut session,
            Command::DeleteResource {
                kind,
                group: "FY".into(),
                name: "nope".into(),
            },
        );
        assert!(events.is_empty(), "{kind:?}: {events:?}");
        assert_eq!(session.world(), &before);
    }
    assert!(ok(
        &mut session,
        Command::DeleteUserIdentity {
            group: "FY".into(),
            name: "nope".into(),
        },
    )
    .is_empty());
    let missing_group = refused(
        &mut session,
        Command::DeleteResource {
            kind: ResourceKind::VirtualMachine,
            group: "nope".into(),
            name: "vm1".into(),
        },
    );
    assert_eq!(missing_group.code, "ResourceGroupNotFound");
}

#[test]
fn invalid_names_are_refused_with_the_rule_they_break() {
    let mut session = given(&[group("rg")]);
    let cases = [
        (group("bad."), "InvalidResourceGroup"),
        (uami("rg", "_id"), "InvalidResourceName"),
        (
            create(
                ResourceKind::StorageAccount,
                "rg",
                "Not-Valid",
                IdentitySelection::none(),
            ),
            "AccountNameInvalid",
        ),
        (vault("rg", "kv--x"), "VaultNameNotValid"),
        (
            Command::CreateResource {
                kind: ResourceKind::VirtualMachine,
                group: "rg".into(),
                name: "windows-name-too-long".into(),
                location: None,
                identity: IdentitySelection::none(),
                grant: None,
                options: ResourceOptions {
                    os_type: OsType::Windows,
                    rbac_authorization: false,
                    ..ResourceOptions::default()
                },
            },
            "InvalidParameter",
        ),
    ];
    for (command, code) in cases {
        let error = refused(&mut session, command);
        assert_eq!(error.code, code, "{error}");
    }
}

#[test]
fn duplicate_names_conflict_where_azure_says_so() {
    let mut session = given(&[
        group("rg"),
        group("rg2"),
        plan("rg"),
        vault("rg", "kv-learn"),
        create(
            ResourceKind::StorageAccount,
            "rg",
            "learnstore",
            IdentitySelection::none(),
        ),
        create(
            ResourceKind::WebApp,
            "rg",
            "web-learn",
            IdentitySelection::none(),
        ),
    ]);
    assert_eq!(
        refused(&mut session, vault("rg2", "KV-LEARN")).code,
        "VaultAlreadyExists"
    );
    assert_eq!(
        refused(
            &mut session,
            create(
                ResourceKind::StorageAccount,
                "rg2",
                "learnstore",
                IdentitySelection::none()
            )
        )
        .code,
        "StorageAccountAlreadyTaken"
    );
    assert_eq!(
        refused(
            &mut session,
            create(
                ResourceKind::FunctionApp,
                "rg",
                "web-learn",
                IdentitySelection::none()
            )
        )
        .code,
        "Conflict"
    );
    let moved = refused(
        &mut session,
        Command::CreateResourceGroup {
            name: "RG".into(),
            location: "eastus".into(),
            tags: Vec::new(),
        },
    );
    assert_eq!(moved.code, "InvalidResourceGroupLocation");
}

#[test]
fn role_assignments_refuse_unknown_roles_scopes_and_principals() {
    let mut session = given(&[group("rg"), uami("rg", "id1")]);
    let principal = user_identity(session.world(), "rg", "id1").principal_id;
    let scope = group_id(session.world(), "rg");
    assert_eq!(
        refused(&mut session, grant(principal, "Janitor", &scope)).to_string(),
        "Role 'Janitor' doesn't exist."
    );
    assert_eq!(
        refused(
            &mut session,
            grant(principal, "00000000-0000-4000-8000-000000000000", &scope)
        )
        .code,
        "RoleDefinitionDoesNotExist"
    );
    assert_eq!(
        refused(&mut session, grant(principal, "Reader", "/nowhere")).code,
        "MissingSubscription"
    );
    let missing_group = scope.replace("/rg", "/nope");
    assert_eq!(
        refused(&mut session, grant(principal, "Reader", &missing_group)).code,
        "ResourceGroupNotFound"
    );
    // The CLI asks Graph first: an assignee nobody by that name is its own error...
    assert_eq!(
        refused(
            &mut session,
            grant("0b9c3a52-77a4-4c1e-9d2f-111111111111", "Reader", &scope)
        )
        .to_string(),
        "Cannot find user or service principal in graph database for '0b9c3a52-77a4-4c1e-9d2f-111111111111'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id 0b9c3a52-77a4-4c1e-9d2f-111111111111'."
    );
    // ...and an object ID given without a principal type is ARM's to refuse.
    assert_eq!(
        refused(
            &mut session,
            Command::CreateRoleAssignmentByObjectId {
                name: None,
                object_id: "0b9c3a52-77a4-4c1e-9d2f-111111111111".into(),
                principal_type: None,
                role: "Reader".into(),
                scope: scope.clone(),
            }
        )
        .code,
        "PrincipalNotFound"
    );
    assert_eq!(
        refused(
            &mut session,
            Command::CreateRoleAssignmentWithName {
                name: "not-a-guid".into(),
                assignee: principal.to_string(),
                role: "Reader".into(),
                scope
            }
        )
        .code,
        "InvalidRoleAssignmentId"
    );
}

#[test]
fn a_managed_identitys_service_principal_cannot_be_deleted_directly() {
    let mut session = given(&[group("rg"), uami("rg", "id1")]);
    let principal = user_identity(session.world(), "rg", "id1").principal_id;
    let error = refused(
        &mut session,
        Command::DeleteServicePrincipal {
            id: principal.to_string(),
        },
    );
    assert_eq!(error.code, "Request_BadRequest");
}

#[test]
fn token_requests_follow_the_imds_selection_rules() {
    let mut session = given(&[
        group("rg"),
        uami("rg", "id1"),
        uami("rg", "id2"),
        vm("rg", "vm1", IdentitySelection::user(["id1", "id2"])),
        plan("rg"),
        create(
            ResourceKind::WebApp,
            "rg",
            "web-learn",
            IdentitySelection::user(["id1"]),
        ),
    ]);
    let token = |kind: ResourceKind,
                 name: &str,
                 audience: &str,
                 selector: Option<TokenSelector>| Command::RequestToken {
        kind,
        group: "rg".into(),
        name: name.into(),
        audience: audience.into(),
        selector,
    };
    let arm = "https://management.azure.com/";
    let several = refused(
        &mut session,
        token(ResourceKind::VirtualMachine, "vm1", arm, None),
    );
    assert!(several
        .message
        .starts_with("Multiple user assigned identities exist"));
    let id2 = user_identity(session.world(), "rg", "id2").clone();
    let events = ok(
        &mut session,
        token(
            ResourceKind::VirtualMachine,
            "vm1",
            arm,
            Some(TokenSelector::ClientId(id2.client_id.to_string())),
        ),
    );
    let Some(Event::TokenIssued { token: issued }) = events.first() else {
        panic!("a token")
    };
    assert_eq!(issued.principal_id, id2.principal_id);
    let claims = json::token_claims(issued);
    assert_eq!(claims["xms_mirid"], id2.id);
    assert_eq!(claims["oid"], claims["sub"]);
    // App Service never picks a sole user-assigned identity on its own.
    let app = refused(
        &mut session,
        token(ResourceKind::WebApp, "web-learn", arm, None),
    );
    assert_eq!(app.message, "Identity not found");
    let unknown = refused_sign_in(
        &mut session,
        token(
            ResourceKind::VirtualMachine,
            "vm1",
            "https://nowhere.example",
            Some(TokenSelector::ClientId(id2.client_id.to_string())),
        ),
    );
    assert_eq!(unknown.code, "invalid_resource");
    assert!(unknown
        .message
        .starts_with("AADSTS50001: The application named https://nowhere.example was not found"));
}

/// A VM's system identity granted Key Vault Secrets User on a vault created with `options`:
/// may its token read a secret?
fn vm_reads_a_secret(options: ResourceOptions) -> query::AccessDecision {
    let mut session = given(&[
        group("rg"),
        vm("rg", "vm1", IdentitySelection::system()),
        Command::CreateResource {
            kind: ResourceKind::KeyVault,
            group: "rg".into(),
            name: "kv-learn".into(),
            location: None,
            identity: IdentitySelection::none(),
            grant: None,
            options,
        },
    ]);
    let principal = system_principal(session.world(), ResourceKind::VirtualMachine, "rg", "vm1");
    let vault_id = resource(session.world(), ResourceKind::KeyVault, "rg", "kv-learn")
        .id
        .clone();
    ok(
        &mut session,
        grant(principal, "Key Vault Secrets User", &vault_id),
    );
    query::check_access(
        session.world(),
        principal,
        &vault_id,
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    )
}

#[test]
fn a_vault_uses_azure_rbac_by_default_so_a_data_role_reads_its_secrets() {
    assert!(ResourceOptions::default().rbac_authorization);
    let decision = vm_reads_a_secret(ResourceOptions::default());
    assert!(decision.allowed, "{}", decision.reason);
}

#[test]
fn key_vault_data_roles_only_apply_to_rbac_vaults() {
    let decision = vm_reads_a_secret(ResourceOptions {
        rbac_authorization: false,
        ..ResourceOptions::default()
    });
    assert!(!decision.allowed);
    assert_eq!(decision.status, 403);
    assert!(
        decision.reason.contains("uses access policies"),
        "{}",
        decision.reason
    );
}

#[test]
fn restoring_an_object_id_that_is_not_in_the_deleted_items_is_graphs_not_found() {
    let mut session = given(&[]);
    for id in ["not-a-guid", "11111111-1111-1111-1111-111111111111"] {
        let error = refused(&mut session, Command::RestoreDeletedItem { id: id.into() });
        assert_eq!(error.code, "Request_ResourceNotFound");
        assert_eq!(error.origin, ErrorOrigin::Graph);
        assert!(error.message.contains(id), "{}", error.message);
    }
}
