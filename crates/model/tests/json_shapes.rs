//! The JSON the model renders has exactly the keys and forms of docs/azure-rules.md S1–S10.

mod common;

use common::*;
use model::Value;
use model::*;

const VM: ResourceKind = ResourceKind::VirtualMachine;

fn keys(value: &Value) -> Vec<String> {
    match value.as_object() {
        Some(pairs) => {
            let mut keys: Vec<String> = pairs.iter().map(|(key, _)| key.clone()).collect();
            keys.sort();
            keys
        }
        None => panic!("not an object: {value}"),
    }
}

#[test]
fn a_resource_group_prints_the_cli_keys() {
    let session = given(&[group("Learn-RG")]);
    let world = session.world();
    let shown = json::resource_group(world.group("learn-rg").expect("a group"));
    assert_eq!(
        keys(&shown),
        [
            "id",
            "location",
            "managedBy",
            "name",
            "properties",
            "tags",
            "type"
        ]
    );
    assert_eq!(shown["name"], "Learn-RG", "the creator's casing is kept");
    assert_eq!(shown["properties"]["provisioningState"], "Succeeded");
    assert_eq!(shown["type"], "Microsoft.Resources/resourceGroups");
}

#[test]
fn the_identity_block_prints_every_key_with_null_for_what_is_absent() {
    let session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::user(["id1"])),
    ]);
    let world = session.world();
    let block = json::identity_block(&resource(world, VM, "rg", "vm1").identity).expect("a block");
    // The CLI's view (SDK model through `todict`), not the REST wire shape: nulls are printed.
    assert_eq!(
        keys(&block),
        ["principalId", "tenantId", "type", "userAssignedIdentities"]
    );
    assert_eq!(block["type"], "UserAssigned");
    assert!(block["principalId"].is_null() && block["tenantId"].is_null());
    let identity = user_identity(world, "rg", "id1");
    let entry = &block["userAssignedIdentities"][identity.reference_id()];
    assert_eq!(keys(entry), ["clientId", "principalId"]);
}

#[test]
fn a_system_only_identity_block_prints_user_assigned_identities_as_null() {
    let session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let world = session.world();
    let vm = resource(world, VM, "rg", "vm1");
    let block = json::identity_block(&vm.identity).expect("a block");
    assert_eq!(
        keys(&block),
        ["principalId", "tenantId", "type", "userAssignedIdentities"]
    );
    assert_eq!(block["type"], "SystemAssigned");
    assert!(block["userAssignedIdentities"].is_null());
    assert_eq!(json::resource(world, vm)["identity"], block);
}

#[test]
fn generated_names_use_every_bit_and_differ_per_resource() {
    let session = given(&[
        group("rg"),
        vm("rg", "vm1", IdentitySelection::system()),
        vm("rg", "vm2", IdentitySelection::system()),
        create(
            ResourceKind::LogicApp,
            "rg",
            "flow1",
            IdentitySelection::none(),
        ),
        create(
            ResourceKind::LogicApp,
            "rg",
            "flow2",
            IdentitySelection::none(),
        ),
    ]);
    let world = session.world();
    let spn = |name: &str| {
        let principal = system_principal(world, VM, "rg", name);
        let sp = world.service_principal(principal).expect("the SP");
        json::service_principal(sp, false)["servicePrincipalNames"][1]
            .as_str()
            .expect("a second name")
            .to_string()
    };
    let (first, second) = (spn("vm1"), spn("vm2"));
    for name in [&first, &second] {
        // Real ones: https://identity.azure.net/ + base64 of 32 bytes, e.g. R1arAxq7+EKpM2wyumvvaZ0n+9ICN6YkZB/sse/1VtI=
        let encoded = name
            .strip_prefix("https://identity.azure.net/")
            .expect("the identity.azure.net prefix");
        assert_eq!(encoded.len(), 44, "{name}");
        assert!(encoded.ends_with('=') && !encoded.ends_with("=="), "{name}");
        assert!(!encoded.contains("AAAA"), "no run of zero bytes: {name}");
    }
    assert_ne!(first, second);
    assert_eq!(first, spn("vm1"), "deterministic");

    let workflow = |name: &str| {
        let shown = json::resource(world, resource(world, ResourceKind::LogicApp, "rg", name));
        let endpoint = shown["accessEndpoint"].as_str().expect("an endpoint");
        endpoint
            .rsplit_once("/workflows/")
            .expect("a workflow ID")
            .1
            .to_string()
    };
    let (first, second) = (workflow("flow1"), workflow("flow2"));
    for id in [&first, &second] {
        assert_eq!(id.len(), 32, "{id}");
        assert!(
            !id.starts_with("0000"),
            "a full-width value, not a widened 64-bit hash: {id}"
        );
    }
    assert_ne!(first, second);
}

#[test]
fn every_resource_kind_prints_id_name_type_location_and_resource_group() {
    let mut session = given(&[group("rg")]);
    for (kind, name) in [
        (ResourceKind::AppServicePlan, PLAN),
        (ResourceKind::VirtualMachine, "vm1"),
        (ResourceKind::VmScaleSet, "vmss1"),
        (ResourceKind::WebApp, "web-learn-1"),
        (ResourceKind::FunctionApp, "func-learn-1"),
        (ResourceKind::LogicApp, "flow1"),
        (ResourceKind::ContainerInstance, "aci1"),
        (ResourceKind::StorageAccount, "learnstore1"),
        (ResourceKind::KeyVault, "kv-learn-1"),
    ] {
        ok(
            &mut session,
            create(kind, "rg", name, IdentitySelection::none()),
        );
        let world = session.world();
        let shown = json::resource(world, resource(world, kind, "rg", name));
        for key in ["id", "location", "name", "resourceGroup", "tags", "type"] {
            assert!(shown.get(key).is_some(), "{kind:?} lacks {key}");
        }
        assert_eq!(shown["type"], kind.arm_type());
        assert_eq!(shown["resourceGroup"], "rg");
        if matches!(kind, ResourceKind::KeyVault | ResourceKind::AppServicePlan) {
            assert!(
                shown.get("identity").is_none(),
                "a key vault's and a plan's models have no identity attribute"
            );
        } else {
            assert_eq!(
                shown.get("identity"),
                Some(&Value::Null),
                "{kind:?} without identity prints \"identity\": null"
            );
        }
        assert!(
            shown["id"]
                .as_str()
                .is_some_and(|id| id.ends_with(&format!("/providers/{}/{name}", kind.arm_type()))),
            "{kind:?} id"
        );
    }
}

#[test]
fn a_user_assigned_identity_prints_flattened_with_lower_case_resourcegroups() {
    let session = given(&[group("rg"), uami("rg", "id1")]);
    let world = session.world();
    let shown = json::user_identity(user_identity(world, "rg", "id1"));
    assert_eq!(
        keys(&shown),
        [
            "clientId",
            "id",
            "isolationScope",
            "location",
            "name",
            "principalId",
            "resourceGroup",
            "systemData",
            "tags",
            "tenantId",
            "type"
        ]
    );
    assert!(shown["id"]
        .as_str()
        .is_some_and(|id| id.contains("/resourcegroups/rg/")));
    assert_eq!(
        shown["type"],
        "Microsoft.ManagedIdentity/userAssignedIdentities"
    );
    assert_eq!(shown["isolationScope"], "None");
}

#[test]
fn a_service_principal_prints_every_graph_key() {
    let session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let world = session.world();
    let principal = system_principal(world, VM, "rg", "vm1");
    let shown = json::service_principal(world.service_principal(principal).expect("the SP"), true);
    let expected = [
        "@odata.context",
        "accountEnabled",
        "addIns",
        "alternativeNames",
        "appDescription",
        "appDisplayName",
        "appId",
        "appOwnerOrganizationId",
        "appRoleAssignmentRequired",
        "appRoles",
        "applicationTemplateId",
        "createdDateTime",
        "deletedDateTime",
        "description",
        "disabledByMicrosoftStatus",
        "displayName",
        "homepage",
        "id",
        "info",
        "keyCredentials",
        "loginUrl",
        "logoutUrl",
        "notes",
        "notificationEmailAddresses",
        "oauth2PermissionScopes",
        "passwordCredentials",
        "preferredSingleSignOnMode",
        "preferredTokenSigningKeyThumbprint",
        "replyUrls",
        "resourceSpecificApplicationPermissions",
        "samlSingleSignOnSettings",
        "servicePrincipalNames",
        "servicePrincipalType",
        "signInAudience",
        "tags",
        "tokenEncryptionKeyId",
        "verifiedPublisher",
    ];
    assert_eq!(keys(&shown), expected.map(String::from).to_vec());
    assert_eq!(shown["servicePrincipalType"], "ManagedIdentity");
    assert_eq!(shown["alternativeNames"][0], "isExplicit=False");
    // docs/azure-rules.md S3: real responses write this ID with `resourcegroups` in lower case.
    assert_eq!(
        shown["alternativeNames"][1],
        resource(world, VM, "rg", "vm1")
            .id
            .replace("/resourceGroups/", "/resourcegroups/")
    );
    assert_eq!(shown["id"], principal.to_string());
    assert_eq!(shown["createdDateTime"], "2026-01-05T09:02:00Z");
    let listed =
        json::service_principal(world.service_principal(principal).expect("the SP"), false);
    assert!(
        listed.get("@odata.context").is_none(),
        "list elements have no @odata.context"
    );
}

#[test]
fn a_role_assignment_prints_the_create_shape_and_the_list_shape() {
    let mut session = given(&[group("rg"), vm("rg", "vm1", IdentitySelection::system())]);
    let principal = system_principal(session.world(), VM, "rg", "vm1");
    let scope = group_id(session.world(), "rg");
    ok(&mut session, grant(principal, "Reader", &scope));
    let world = session.world();
    let assignment = world
        .role_assignments
        .values()
        .find(|a| a.principal_id == principal)
        .expect("an assignment");

    let created = json::role_assignment(world, assignment, false);
    let listed = json::role_assignment(world, assignment, true);

    assert_eq!(
        keys(&created),
        [
            "condition",
            "conditionVersion",
            "createdBy",
            "createdOn",
            "delegatedManagedIdentityResourceId",
            "description",
            "id",
            "name",
            "principalId",
            "principalType",
            "resourceGroup",
            "roleDefinitionId",
            "scope",
            "type",
            "updatedBy",
            "updatedOn"
        ]
    );
    assert_eq!(created["principalType"], "ServicePrincipal");
    assert_eq!(
        created["roleDefinitionId"],
        format!(
            "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
            world.current_subscription
        )
    );
    assert_eq!(created["createdOn"], "2026-01-05T09:03:00.000000+00:00");
    assert_eq!(listed["roleDefinitionName"], "Reader");
    let app_id = world
        .service_principal(principal)
        .map(|sp| sp.app_id.to_string());
    assert_eq!(listed["principalName"].as_str(), app_id.as_deref());
}

#[test]
fn role_definitions_carry_their_built_in_guids_and_permissions() {
    let world = World::new(1);
    let reader = roles::role_by_name("Reader").expect("Reader");
    let shown = json::role_definition(&world, reader);
    assert_eq!(shown["name"], "acdd72a7-3385-48ef-bd42-f606fba81ae7");
    assert_eq!(shown["permissions"][0]["actions"][0], "*/read");
    assert_eq!(shown["roleType"], "BuiltInRole");
    assert_eq!(world.role_definitions().len(), 11);
}

#[test]
fn the_account_is_the_signed_in_subscription_of_contoso() {
    let mut session = given(&[]);
    let shown = json::account(session.world());
    assert_eq!(shown["name"], "Contoso Learning");
    assert_eq!(shown["tenantDisplayName"], "Contoso");
    assert_eq!(shown["isDefault"], true);
    ok(
        &mut session,
        Command::SetSubscription {
            subscription: "fabrikam partner".into(),
        },
    );
    let shown = json::account(session.world());
    assert_eq!(shown["name"], "Fabrikam Partner");
    assert_eq!(
        json::account_list(session.world()).as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn a_key_vault_secret_prints_like_az_keyvault_secret_set() {
    let mut session = given(&[group("rg"), vault("rg", "kv-learn")]);
    let vault_id = resource(session.world(), ResourceKind::KeyVault, "rg", "kv-learn")
        .id
        .clone();
    ok(
        &mut session,
        grant_me("Key Vault Secrets Officer", &vault_id),
    );
    ok(
        &mut session,
        Command::SetSecret {
            vault: "KV-LEARN".into(),
            name: "db".into(),
            value: "s3cret".into(),
        },
    );
    let world = session.world();
    let vault = resource(world, ResourceKind::KeyVault, "rg", "kv-learn");
    let secret = vault.secrets.get("db").expect("the secret");
    let shown = json::vault_secret(vault, secret);
    assert_eq!(
        keys(&shown),
        [
            "attributes",
            "contentType",
            "id",
            "kid",
            "managed",
            "name",
            "tags",
            "value"
        ]
    );
    assert!(shown["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("https://kv-learn.vault.azure.net/secrets/db/")));
    assert_eq!(
        shown["attributes"]["recoveryLevel"],
        "Recoverable+Purgeable"
    );
}

#[test]
fn render_all_covers_every_object() {
    let session = given(&[
        group("rg"),
        uami("rg", "id1"),
        vm("rg", "vm1", IdentitySelection::system()),
    ]);
    // 1 group + 1 resource + 1 identity + 2 SPs + the learner's 2 accounts and their 2 Owner
    // assignments
    assert_eq!(json::render_all(session.world()).len(), 9);
}
