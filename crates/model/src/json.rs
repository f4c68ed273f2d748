//! The JSON of every object exactly as the Azure CLI prints it (spec §3, az-output.md); the console sorts keys.

use crate::command::{OsType, ResourceKind, RoleGrant};
use crate::ids::{ArmKey, Guid};
use crate::roles::{self, RoleDefinition};
use crate::world::{
    Application, PrincipalKind, Resource, ResourceGroup, ResourceIdentity, RoleAssignment,
    ServicePrincipal, Subscription, Token, UserIdentity, VaultSecret, World,
};
use serde_json::{json, Map, Value};

/// The signed-in learner, as `az account show` names them.
pub const SIGNED_IN_USER: &str = "learner@contoso.onmicrosoft.com";
/// When Microsoft created the built-in roles (their `createdOn`).
const BUILT_IN_ROLES_CREATED: &str = "2015-02-02T21:55:09.880642+00:00";

/// The resource group name inside an ARM ID (`resourceGroups/{rg}`), as the CLI adds it to objects.
pub fn resource_group_of(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    parts
        .iter()
        .position(|p| p.eq_ignore_ascii_case("resourcegroups"))
        .and_then(|index| parts.get(index + 1))
        .map(|name| name.to_string())
}

/// `az group show`.
pub fn resource_group(group: &ResourceGroup) -> Value {
    json!({
        "id": group.id,
        "location": group.location,
        "managedBy": null,
        "name": group.name,
        "properties": { "provisioningState": "Succeeded" },
        "tags": null,
        "type": "Microsoft.Resources/resourceGroups",
    })
}

/// The `identity` block of a resource as the Azure CLI prints it, or `None` when it has no
/// identity (then `az vm identity show` prints nothing and `az vm show` prints `"identity": null`).
///
/// The REST wire shape (spec §3) omits `principalId`/`tenantId` without a system-assigned identity
/// and `userAssignedIdentities` without a user-assigned one. The CLI does not print that shape: it
/// deserialises the response into the SDK model and serialises it back with `todict`, which keeps
/// every attribute, `None` included. So all four keys are always present, absent ones as `null`
/// (seen in real `az webapp identity assign`, `az vm show`, `az container show` output).
pub fn identity_block(identity: &ResourceIdentity) -> Option<Value> {
    if identity.is_empty() {
        return None;
    }
    let (principal_id, tenant_id) = match identity.system {
        Some(system) => (
            json!(system.principal_id.to_string()),
            json!(system.tenant_id.to_string()),
        ),
        None => (Value::Null, Value::Null),
    };
    let user_assigned = if identity.user.is_empty() {
        Value::Null
    } else {
        user_assigned_map(identity)
    };
    Some(json!({
        "principalId": principal_id,
        "tenantId": tenant_id,
        "type": identity.type_name(),
        "userAssignedIdentities": user_assigned,
    }))
}

fn user_assigned_map(identity: &ResourceIdentity) -> Value {
    // Inserting, not collecting: collecting into a map sorts, and each sort adds to the download.
    let mut map = Map::new();
    for reference in identity.user.values() {
        map.insert(
            reference.id.clone(),
            json!({
                "clientId": reference.client_id.to_string(),
                "principalId": reference.principal_id.to_string(),
            }),
        );
    }
    Value::Object(map)
}

/// Deterministic small numbers derived from an ID, for fake IP and MAC addresses.
fn id_hash(id: &str) -> u64 {
    id.to_ascii_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// A deterministic full-width 128-bit value derived from an ID (FNV-1a, 128-bit, over the
/// lower-cased ID after `salt`): for values Azure generates once per resource and never repeats,
/// such as a workflow's access endpoint. Every bit varies with the ID, unlike `id_hash` widened.
fn id_hash128(salt: &str, id: &str) -> u128 {
    const OFFSET_BASIS: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    salt.bytes()
        .chain(id.to_ascii_lowercase().bytes())
        .fold(OFFSET_BASIS, |hash, byte| {
            (hash ^ u128::from(byte)).wrapping_mul(PRIME)
        })
}

/// Standard base64 with padding (`+`, `/`, `=`), as Graph prints a managed identity's
/// `https://identity.azure.net/…=` service principal name.
fn base64_padded(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * index)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The second `servicePrincipalNames` entry of a managed identity's SP: real ones are
/// `https://identity.azure.net/` + the base64 of 32 bytes (e.g. `…/R1arAxq7+EKpM2wyumvvaZ0n+9ICN6YkZB/sse/1VtI=`).
fn managed_identity_spn(resource_id: &str) -> String {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(&id_hash128("spn:0:", resource_id).to_be_bytes());
    bytes[16..].copy_from_slice(&id_hash128("spn:1:", resource_id).to_be_bytes());
    format!("https://identity.azure.net/{}", base64_padded(&bytes))
}

/// `az X show` for a resource of any kind, with its `identity` block (`null` when it has none).
pub fn resource(world: &World, resource: &Resource) -> Value {
    let group = resource_group_of(&resource.id).unwrap_or_else(|| resource.group.clone());
    let name = &resource.name;
    let lower = name.to_ascii_lowercase();
    let created = resource.created.arm();
    let mut value = match resource.kind {
        ResourceKind::VirtualMachine => {
            let (os, config) = match resource.options.os_type {
                OsType::Linux => ("Linux", "linuxConfiguration"),
                OsType::Windows => ("Windows", "windowsConfiguration"),
            };
            json!({
                "hardwareProfile": { "vmSize": "Standard_B1s" },
                "osProfile": { "adminUsername": "azureuser", "computerName": name, config: {} },
                "priority": null,
                "provisioningState": "Succeeded",
                "storageProfile": { "osDisk": { "osType": os, "name": format!("{name}_OsDisk_1"), "createOption": "FromImage" } },
                "timeCreated": created,
                "zones": null,
            })
        }
        ResourceKind::VmScaleSet => json!({
            "orchestrationMode": "Uniform",
            "provisioningState": "Succeeded",
            "sku": { "capacity": 2, "name": "Standard_B1s", "tier": "Standard" },
            "timeCreated": created,
            "upgradePolicy": { "mode": "Manual" },
            "zones": null,
        }),
        ResourceKind::WebApp | ResourceKind::FunctionApp => json!({
            "defaultHostName": format!("{lower}.azurewebsites.net"),
            "enabled": true,
            "enabledHostNames": [format!("{lower}.azurewebsites.net"), format!("{lower}.scm.azurewebsites.net")],
            "hostNames": [format!("{lower}.azurewebsites.net")],
            "httpsOnly": false,
            "kind": if resource.kind == ResourceKind::WebApp { "app,linux" } else { "functionapp,linux" },
            "state": "Running",
            "usageState": "Normal",
        }),
        ResourceKind::LogicApp => json!({
            "accessEndpoint": format!("https://prod-00.{}.logic.azure.com:443/workflows/{}", resource.location, Guid(id_hash128("workflow:", &resource.id)).simple()),
            "changedTime": created,
            "createdTime": created,
            "definition": { "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#", "actions": {}, "contentVersion": "1.0.0.0", "outputs": {}, "parameters": {}, "triggers": {} },
            "provisioningState": "Succeeded",
            "state": "Enabled",
        }),
        ResourceKind::ContainerInstance => json!({
            "containers": [{ "image": "mcr.microsoft.com/azuredocs/aci-helloworld", "name": lower, "resources": { "requests": { "cpu": 1.0, "memoryInGb": 1.5 } } }],
            "ipAddress": null,
            "osType": "Linux",
            "provisioningState": "Succeeded",
            "restartPolicy": "Always",
            "sku": "Standard",
        }),
        ResourceKind::StorageAccount => json!({
            "accessTier": "Hot",
            "allowBlobPublicAccess": false,
            "creationTime": created,
            "enableHttpsTrafficOnly": true,
            "kind": "StorageV2",
            "minimumTlsVersion": "TLS1_2",
            "primaryEndpoints": {
                "blob": format!("https://{lower}.blob.core.windows.net/"),
                "dfs": format!("https://{lower}.dfs.core.windows.net/"),
                "file": format!("https://{lower}.file.core.windows.net/"),
                "queue": format!("https://{lower}.queue.core.windows.net/"),
                "table": format!("https://{lower}.table.core.windows.net/"),
                "web": format!("https://{lower}.z6.web.core.windows.net/"),
            },
            "primaryLocation": resource.location,
            "provisioningState": "Succeeded",
            "publicNetworkAccess": "Enabled",
            "secondaryLocation": null,
            "sku": { "name": "Standard_LRS", "tier": "Standard" },
            "statusOfPrimary": "available",
            "statusOfSecondary": null,
        }),
        ResourceKind::KeyVault => {
            let tenant = world
                .subscriptions
                .get(&resource.subscription_id)
                .map(|s| s.tenant_id.to_string());
            json!({
                "properties": {
                    "accessPolicies": [],
                    "createMode": null,
                    "enablePurgeProtection": null,
                    "enableRbacAuthorization": resource.options.rbac_authorization,
                    "enableSoftDelete": true,
                    "enabledForDeployment": false,
                    "enabledForDiskEncryption": null,
                    "enabledForTemplateDeployment": null,
                    "hsmPoolResourceId": null,
                    "networkAcls": null,
                    "privateEndpointConnections": null,
                    "provisioningState": "Succeeded",
                    "publicNetworkAccess": "Enabled",
                    "sku": { "family": "A", "name": "standard" },
                    "softDeleteRetentionInDays": 90,
                    "tenantId": tenant,
                    "vaultUri": format!("https://{lower}.vault.azure.net/"),
                },
                "systemData": null,
            })
        }
    };
    if let Value::Object(map) = &mut value {
        map.insert("id".into(), json!(resource.id));
        map.insert("location".into(), json!(resource.location));
        map.insert("name".into(), json!(resource.name));
        map.insert("resourceGroup".into(), json!(group));
        map.insert("tags".into(), json!({}));
        map.insert("type".into(), json!(resource.kind.arm_type()));
        // Every ARM model here has an `identity` attribute except Key Vault's `Vault`, and the
        // CLI prints a missing one as `"identity": null` (`todict` keeps `None`, see above).
        if resource.kind != ResourceKind::KeyVault {
            map.insert(
                "identity".into(),
                identity_block(&resource.identity).unwrap_or(Value::Null),
            );
        }
    }
    value
}

/// `az identity create/show` (flattened, `resourcegroups` in lower case in the ID).
pub fn user_identity(identity: &UserIdentity) -> Value {
    json!({
        "clientId": identity.client_id.to_string(),
        "id": identity.id,
        "isolationScope": "None",
        "location": identity.location,
        "name": identity.name,
        "principalId": identity.principal_id.to_string(),
        "resourceGroup": identity.group,
        "systemData": null,
        "tags": {},
        "tenantId": identity.tenant_id.to_string(),
        "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
    })
}

fn info() -> Value {
    json!({ "logoUrl": null, "marketingUrl": null, "privacyStatementUrl": null, "supportUrl": null, "termsOfServiceUrl": null })
}

fn verified_publisher() -> Value {
    json!({ "addedDateTime": null, "displayName": null, "verifiedPublisherId": null })
}

/// `az ad sp show` (with `@odata.context`) or one element of `az ad sp list` (without).
pub fn service_principal(principal: &ServicePrincipal, show: bool) -> Value {
    let app_id = principal.app_id.to_string();
    let (alternative_names, owner, audience, app_display_name, names): (
        Value,
        Value,
        Value,
        Value,
        Value,
    ) = match &principal.kind {
        PrincipalKind::ManagedIdentity {
            resource_id,
            user_assigned,
        } => (
            json!([
                if *user_assigned {
                    "isExplicit=True"
                } else {
                    "isExplicit=False"
                },
                resource_id
            ]),
            Value::Null,
            Value::Null,
            Value::Null,
            json!([app_id, managed_identity_spn(resource_id)]),
        ),
        PrincipalKind::Application {
            owner_tenant,
            audience,
        } => (
            json!([]),
            json!(owner_tenant.to_string()),
            json!(audience.as_str()),
            json!(principal.display_name),
            json!([app_id]),
        ),
    };
    let mut map = SERVICE_PRINCIPAL_TEMPLATE.with(Map::clone);
    set(&mut map, "alternativeNames", alternative_names);
    set(&mut map, "appDisplayName", app_display_name);
    set(&mut map, "appId", Value::String(app_id));
    set(&mut map, "appOwnerOrganizationId", owner);
    set(
        &mut map,
        "createdDateTime",
        Value::String(principal.created.graph()),
    );
    set(
        &mut map,
        "displayName",
        Value::String(principal.display_name.clone()),
    );
    set(&mut map, "id", Value::String(principal.id.to_string()));
    set(&mut map, "servicePrincipalNames", names);
    set(
        &mut map,
        "servicePrincipalType",
        json!(principal.type_name()),
    );
    set(&mut map, "signInAudience", audience);
    if show {
        map.insert(
            "@odata.context".into(),
            json!("https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity"),
        );
    }
    Value::Object(map)
}

/// Replaces the value of a key the template already has (no new key, so no search for a slot).
fn set(map: &mut Map<String, Value>, key: &str, value: Value) {
    if let Some(slot) = map.get_mut(key) {
        *slot = value;
    }
}

thread_local! {
    /// Every key of a service principal's JSON with the values they share: cloning it is much
    /// faster than building and inserting 38 keys one by one (1,000 principals render in `az ad sp
    /// list`). The keys set per principal hold `null` here; `set` replaces them.
    static SERVICE_PRINCIPAL_TEMPLATE: Map<String, Value> = match json!({
        "accountEnabled": true,
        "addIns": [],
        "alternativeNames": null,
        "appDescription": null,
        "appDisplayName": null,
        "appId": null,
        "appOwnerOrganizationId": null,
        "appRoleAssignmentRequired": false,
        "appRoles": [],
        "applicationTemplateId": null,
        "createdDateTime": null,
        "deletedDateTime": null,
        "description": null,
        "disabledByMicrosoftStatus": null,
        "displayName": null,
        "homepage": null,
        "id": null,
        "info": info(),
        "keyCredentials": [],
        "loginUrl": null,
        "logoutUrl": null,
        "notes": null,
        "notificationEmailAddresses": [],
        "oauth2PermissionScopes": [],
        "passwordCredentials": [],
        "preferredSingleSignOnMode": null,
        "preferredTokenSigningKeyThumbprint": null,
        "replyUrls": [],
        "resourceSpecificApplicationPermissions": [],
        "samlSingleSignOnSettings": null,
        "servicePrincipalNames": null,
        "servicePrincipalType": null,
        "signInAudience": null,
        "tags": [],
        "tokenEncryptionKeyId": null,
        "verifiedPublisher": verified_publisher(),
    }) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
}

/// `az ad app show` (with `@odata.context`) or one element of `az ad app list`. Secret text is
/// never part of it: `secretText` is always null after creation (rule 16).
pub fn application(world: &World, app: &Application, show: bool) -> Value {
    let domain = world
        .tenant(app.tenant_id)
        .map(|t| t.default_domain.clone());
    let passwords: Vec<Value> = app
        .passwords
        .iter()
        .map(|c| {
            json!({
                "customKeyIdentifier": null,
                "displayName": c.display_name,
                "endDateTime": c.end.graph(),
                "hint": c.hint,
                "keyId": c.key_id.to_string(),
                "secretText": null,
                "startDateTime": c.start.graph(),
            })
        })
        .collect();
    let keys: Vec<Value> = app
        .keys
        .iter()
        .map(|c| {
            json!({
                "customKeyIdentifier": c.thumbprint,
                "displayName": c.display_name,
                "endDateTime": c.end.graph(),
                "key": null,
                "keyId": c.key_id.to_string(),
                "startDateTime": c.start.graph(),
                "type": "AsymmetricX509Cert",
                "usage": "Verify",
            })
        })
        .collect();
    let mut value = json!({
        "addIns": [],
        "api": { "acceptMappedClaims": null, "knownClientApplications": [], "oauth2PermissionScopes": [], "preAuthorizedApplications": [], "requestedAccessTokenVersion": null },
        "appId": app.app_id.to_string(),
        "appRoles": [],
        "applicationTemplateId": null,
        "certification": null,
        "createdDateTime": app.created.graph(),
        "defaultRedirectUri": null,
        "deletedDateTime": null,
        "description": null,
        "disabledByMicrosoftStatus": null,
        "displayName": app.display_name,
        "groupMembershipClaims": null,
        "id": app.id.to_string(),
        "identifierUris": [],
        "isDeviceOnlyAuthSupported": null,
        "isFallbackPublicClient": null,
        "keyCredentials": keys,
        "notes": null,
        "optionalClaims": null,
        "parentalControlSettings": { "countriesBlockedForMinors": [], "legalAgeGroupRule": "Allow" },
        "passwordCredentials": passwords,
        "publicClient": { "redirectUris": [] },
        "publisherDomain": domain,
        "requiredResourceAccess": [],
        "serviceManagementReference": null,
        "signInAudience": app.audience.as_str(),
        "spa": { "redirectUris": [] },
        "tags": [],
        "tokenEncryptionKeyId": null,
        "verifiedPublisher": verified_publisher(),
        "web": { "homePageUrl": null, "implicitGrantSettings": { "enableAccessTokenIssuance": false, "enableIdTokenIssuance": false }, "logoutUrl": null, "redirectUriSettings": [], "redirectUris": [] },
    });
    if let Value::Object(map) = &mut value {
        map.insert("info".into(), info());
        if show {
            map.insert(
                "@odata.context".into(),
                json!("https://graph.microsoft.com/v1.0/$metadata#applications/$entity"),
            );
        }
    }
    value
}

/// `az ad app credential reset` (a secret): the only time the secret text is ever printed.
pub fn credential_reset(world: &World, app_id: &str, secret_text: &str) -> Value {
    json!({ "appId": app_id, "password": secret_text, "tenant": world.tenant_id().to_string() })
}

/// `/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}`.
pub fn role_definition_id(subscription: &Subscription, role: Guid) -> String {
    format!(
        "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{role}",
        subscription.id
    )
}

/// `az role assignment create` (`list: false`) or one element of `az role assignment list`
/// (`list: true`, adding `principalName` — `""` when orphaned — and `roleDefinitionName`).
pub fn role_assignment(world: &World, assignment: &RoleAssignment, list: bool) -> Value {
    let definition_id = world
        .subscriptions
        .get(&assignment.subscription_id)
        .map(|s| role_definition_id(s, assignment.role))
        .unwrap_or_default();
    let created = assignment.created.arm();
    let mut value = json!({
        "condition": null,
        "conditionVersion": null,
        "createdBy": null,
        "createdOn": created,
        "delegatedManagedIdentityResourceId": null,
        "description": null,
        "id": assignment.id(),
        "name": assignment.name.to_string(),
        "principalId": assignment.principal_id.to_string(),
        "principalType": assignment.principal_type,
        "roleDefinitionId": definition_id,
        "scope": assignment.scope,
        "type": "Microsoft.Authorization/roleAssignments",
        "updatedBy": null,
        "updatedOn": created,
    });
    if let Value::Object(map) = &mut value {
        if let Some(group) = resource_group_of(&assignment.scope) {
            map.insert("resourceGroup".into(), json!(group));
        }
        if list {
            // The CLI shows a service principal by its first servicePrincipalName (the appId),
            // and "" when Graph no longer knows the principal (rule 11).
            let principal_name = world
                .service_principal(assignment.principal_id)
                .map(|sp| sp.app_id.to_string())
                .unwrap_or_default();
            let role_name = roles::role_by_guid(assignment.role)
                .map(|r| r.name)
                .unwrap_or_default();
            map.insert("principalName".into(), json!(principal_name));
            map.insert("roleDefinitionName".into(), json!(role_name));
        }
    }
    value
}

/// `az role definition list` element, in the signed-in subscription.
pub fn role_definition(world: &World, role: &RoleDefinition) -> Value {
    json!({
        "assignableScopes": ["/"],
        "createdBy": null,
        "createdOn": BUILT_IN_ROLES_CREATED,
        "description": role.description,
        "id": role_definition_id(world.subscription(), role.guid),
        "name": role.guid.to_string(),
        "permissions": [{
            "actions": role.actions,
            "condition": null,
            "conditionVersion": null,
            "dataActions": role.data_actions,
            "notActions": role.not_actions,
            "notDataActions": role.not_data_actions,
        }],
        "roleName": role.name,
        "roleType": "BuiltInRole",
        "type": "Microsoft.Authorization/roleDefinitions",
        "updatedBy": null,
        "updatedOn": BUILT_IN_ROLES_CREATED,
    })
}

/// `az account show`.
pub fn account(world: &World) -> Value {
    account_entry(world, world.subscription(), false)
}

/// `az account list`: every subscription, `isDefault` on the signed-in one.
pub fn account_list(world: &World) -> Value {
    Value::Array(
        world
            .subscriptions
            .values()
            .map(|s| account_entry(world, s, true))
            .collect(),
    )
}

fn account_entry(world: &World, subscription: &Subscription, list: bool) -> Value {
    let tenant = world.tenant(subscription.tenant_id);
    let mut value = json!({
        "environmentName": "AzureCloud",
        "homeTenantId": subscription.tenant_id.to_string(),
        "id": subscription.id.to_string(),
        "isDefault": subscription.id == world.current_subscription,
        "managedByTenants": [],
        "name": subscription.name,
        "state": "Enabled",
        "tenantDefaultDomain": tenant.map(|t| t.default_domain.clone()),
        "tenantDisplayName": tenant.map(|t| t.display_name.clone()),
        "tenantId": subscription.tenant_id.to_string(),
        "user": { "name": SIGNED_IN_USER, "type": "user" },
    });
    if list {
        if let Value::Object(map) = &mut value {
            map.insert("cloudName".into(), json!("AzureCloud"));
        }
    }
    value
}

/// `az keyvault secret set/show`.
pub fn vault_secret(vault: &Resource, secret: &VaultSecret) -> Value {
    json!({
        "attributes": {
            "created": secret.created.vault(),
            "enabled": true,
            "expires": null,
            "notBefore": null,
            "recoverableDays": 90,
            "recoveryLevel": "Recoverable+Purgeable",
            "updated": secret.updated.vault(),
        },
        "contentType": null,
        "id": format!("https://{}.vault.azure.net/secrets/{}/{}", vault.name.to_ascii_lowercase(), secret.name, secret.version),
        "kid": null,
        "managed": null,
        "name": secret.name,
        "tags": { "file-encoding": "utf-8" },
        "value": secret.value,
    })
}

/// `az vm identity assign` output (also the `identity` of `az vm create`): `systemAssignedIdentity`
/// (principalId or `""`), `userAssignedIdentities`, plus `role`/`scope` when a grant was given.
pub fn identity_assign_output(resource: &Resource, grant: Option<&RoleGrant>) -> Value {
    let system = resource
        .identity
        .system
        .map(|s| s.principal_id.to_string())
        .unwrap_or_default();
    let mut value = json!({
        "systemAssignedIdentity": system,
        "userAssignedIdentities": user_assigned_map(&resource.identity),
    });
    if let (Some(grant), Value::Object(map)) = (grant, &mut value) {
        map.insert("role".into(), json!(grant.role));
        map.insert("scope".into(), json!(grant.scope));
    }
    value
}

/// `az vm create`'s summary (not the VM resource): `identity` only when one was assigned.
pub fn vm_create_summary(resource: &Resource, grant: Option<&RoleGrant>) -> Value {
    let hash = id_hash(&resource.id);
    let octet = |shift: u32| (hash >> shift) & 0xff;
    let mut value = json!({
        "fqdns": "",
        "id": resource.id,
        "location": resource.location,
        "macAddress": format!("00-0D-3A-{:02X}-{:02X}-{:02X}", octet(0), octet(8), octet(16)),
        "powerState": "VM running",
        "privateIpAddress": "10.0.0.4",
        "publicIpAddress": format!("20.{}.{}.{}", octet(24), octet(32), octet(40).max(1)),
        "resourceGroup": resource_group_of(&resource.id).unwrap_or_else(|| resource.group.clone()),
        "zones": "",
    });
    if !resource.identity.is_empty() {
        if let Value::Object(map) = &mut value {
            map.insert("identity".into(), identity_assign_output(resource, grant));
        }
    }
    value
}

/// `az storage container create`.
pub fn container_created(created: bool) -> Value {
    json!({ "created": created })
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for index in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * index)) & 63) as usize] as char);
        }
    }
    out
}

/// The claims of a managed identity's v1.0 access token (spec §4).
pub fn token_claims(token: &Token) -> Value {
    json!({
        "aud": token.audience,
        "iss": format!("https://sts.windows.net/{}/", token.tenant_id),
        "iat": token.issued.0,
        "nbf": token.issued.0,
        "exp": token.expires.0,
        "aio": "k2BgYDi8",
        "appid": token.client_id.to_string(),
        "appidacr": "2",
        "idp": format!("https://sts.windows.net/{}/", token.tenant_id),
        "idtyp": "app",
        "oid": token.principal_id.to_string(),
        "sub": token.principal_id.to_string(),
        "tid": token.tenant_id.to_string(),
        "uti": base64url(&token.id.0.to_be_bytes()[..16]),
        "ver": "1.0",
        "xms_mirid": token.identity_resource_id,
    })
}

/// A JWT-shaped access token a learner can paste into a decoder: header, claims, a fake signature.
pub fn access_token(token: &Token) -> String {
    let header = json!({ "alg": "RS256", "typ": "JWT", "x5t": "playground", "kid": "playground" });
    format!(
        "{}.{}.{}",
        base64url(header.to_string().as_bytes()),
        base64url(token_claims(token).to_string().as_bytes()),
        base64url(&token.id.0.to_le_bytes())
    )
}

/// The token endpoint's response: IMDS's (VMs, scale sets, container instances) or App Service's
/// (`IDENTITY_ENDPOINT`: no `expires_in`, `not_before`, `refresh_token`).
pub fn token_response(world: &World, token: &Token, kind: ResourceKind) -> Value {
    let expires_in = token.expires.0 - world.clock.0.max(token.issued.0);
    match kind {
        ResourceKind::VirtualMachine
        | ResourceKind::VmScaleSet
        | ResourceKind::ContainerInstance => json!({
            "access_token": access_token(token),
            "client_id": token.client_id.to_string(),
            "expires_in": expires_in.to_string(),
            "expires_on": token.expires.0.to_string(),
            "ext_expires_in": expires_in.to_string(),
            "not_before": token.issued.0.to_string(),
            "refresh_token": "",
            "resource": token.audience,
            "token_type": "Bearer",
        }),
        _ => json!({
            "access_token": access_token(token),
            "client_id": token.client_id.to_string(),
            "expires_on": token.expires.0.to_string(),
            "resource": token.audience,
            "token_type": "Bearer",
        }),
    }
}

/// Everything in the world rendered once (groups, resources, identities, principals,
/// applications, assignments in list shape): for views that show it all, and for the benchmark.
pub fn render_all(world: &World) -> Vec<Value> {
    let mut out = Vec::with_capacity(
        world.groups.len()
            + world.resources.len()
            + world.user_identities.len()
            + world.service_principals.len()
            + world.applications.len()
            + world.role_assignments.len(),
    );
    out.extend(world.groups.values().map(resource_group));
    out.extend(world.resources.values().map(|r| resource(world, r)));
    out.extend(world.user_identities.values().map(user_identity));
    out.extend(
        world
            .service_principals
            .values()
            .map(|sp| service_principal(sp, false)),
    );
    out.extend(
        world
            .applications
            .values()
            .map(|app| application(world, app, false)),
    );
    out.extend(
        world
            .role_assignments
            .values()
            .map(|a| role_assignment(world, a, true)),
    );
    out
}

/// `az resource list`-style lookup of a resource's JSON by its ID, case-insensitively.
pub fn resource_by_id(world: &World, id: &str) -> Option<Value> {
    if let Some(found) = world.resources.get(&ArmKey::of(id)) {
        return Some(resource(world, found));
    }
    world
        .user_identities
        .get(&ArmKey::of(id))
        .map(user_identity)
}
