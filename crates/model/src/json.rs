//! The JSON of every object exactly as the Azure CLI prints it (spec §3, az-output.md); the console sorts keys.

use crate::clock::Timestamp;
use crate::command::{OsType, ResourceKind};
use crate::ids::{ArmKey, Guid};
use crate::roles::{self, RoleDefinition};
use crate::value::{Number, Value};
use crate::world::{
    Application, PrincipalKind, Resource, ResourceGroup, ResourceIdentity, RoleAssignment,
    ServicePrincipal, Subscription, Token, UserIdentity, VaultSecret, World,
};
use Fixed::{Bool, EmptyArray, EmptyObject, Float, Int, Null, Object, Text};

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

/// A JSON value that is the same in every object of its kind. A `json!` object literal inlines an
/// allocation and an insert per key, which made these builders a large part of the download; a
/// list of `Fixed` values is static data instead, so each builder lists its fixed keys this way
/// and builds only the values that vary.
#[derive(Clone, Copy)]
enum Fixed {
    Null,
    Bool(bool),
    Int(i32),
    Float(f64),
    Text(&'static str),
    EmptyArray,
    EmptyObject,
    Object(&'static [(&'static str, Fixed)]),
}

impl Fixed {
    fn to_value(self) -> Value {
        match self {
            Null => Value::Null,
            Bool(flag) => Value::Bool(flag),
            Int(number) => i64::from(number).into(),
            Float(number) => Number::from_f64(number).map_or(Value::Null, Value::Number),
            Text(text) => text.into(),
            EmptyArray => Value::Array(Vec::new()),
            EmptyObject => Value::Object(Vec::new()),
            Object(fixed) => object(fixed, Vec::new()),
        }
    }
}

/// A JSON object from its fixed keys and the keys whose values vary, its keys sorted as the CLI
/// prints a plain object.
fn object(fixed: &[(&str, Fixed)], varying: Vec<(&str, Value)>) -> Value {
    let mut pairs = Vec::with_capacity(fixed.len() + varying.len());
    for (key, item) in fixed {
        pairs.push(((*key).to_owned(), item.to_value()));
    }
    let mut value = Value::Object(pairs);
    insert_all(&mut value, varying);
    value
}

/// Adds keys to a JSON object (replacing any already there), keeping its keys sorted.
fn insert_all(value: &mut Value, varying: Vec<(&str, Value)>) {
    for (key, item) in varying {
        value.set(key, item);
    }
    value.sort_keys();
}

/// `az group show`.
pub fn resource_group(group: &ResourceGroup) -> Value {
    object(
        &[
            ("managedBy", Null),
            (
                "properties",
                Object(&[("provisioningState", Text("Succeeded"))]),
            ),
            ("tags", Null),
            ("type", Text("Microsoft.Resources/resourceGroups")),
        ],
        vec![
            ("id", group.id.clone().into()),
            ("location", group.location.clone().into()),
            ("name", group.name.clone().into()),
        ],
    )
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
            system.principal_id.to_string().into(),
            system.tenant_id.to_string().into(),
        ),
        None => (Value::Null, Value::Null),
    };
    let user_assigned = if identity.user.is_empty() {
        Value::Null
    } else {
        user_assigned_identities(identity)
    };
    Some(object(
        &[],
        vec![
            ("principalId", principal_id),
            ("tenantId", tenant_id),
            ("type", identity.type_name().into()),
            ("userAssignedIdentities", user_assigned),
        ],
    ))
}

/// `userAssignedIdentities`: each attached identity's resource ID to its `clientId` and
/// `principalId` (also the `az vm identity assign` output's).
pub fn user_assigned_identities(identity: &ResourceIdentity) -> Value {
    let mut map = Value::Object(Vec::new());
    for reference in identity.user.values() {
        map.set(
            &reference.id,
            object(
                &[],
                vec![
                    ("clientId", reference.client_id.to_string().into()),
                    ("principalId", reference.principal_id.to_string().into()),
                ],
            ),
        );
    }
    map.sort_keys();
    map
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
            let os_profile = object(
                &[("adminUsername", Text("azureuser"))],
                vec![
                    ("computerName", name.clone().into()),
                    (config, Value::Object(Vec::new())),
                ],
            );
            let os_disk = object(
                &[("createOption", Text("FromImage"))],
                vec![
                    ("osType", os.into()),
                    ("name", format!("{name}_OsDisk_1").into()),
                ],
            );
            object(
                &[
                    (
                        "hardwareProfile",
                        Object(&[("vmSize", Text("Standard_B1s"))]),
                    ),
                    ("priority", Null),
                    ("provisioningState", Text("Succeeded")),
                    ("zones", Null),
                ],
                vec![
                    ("osProfile", os_profile),
                    ("storageProfile", object(&[], vec![("osDisk", os_disk)])),
                    ("timeCreated", created.into()),
                ],
            )
        }
        ResourceKind::VmScaleSet => object(
            &[
                ("orchestrationMode", Text("Uniform")),
                ("provisioningState", Text("Succeeded")),
                (
                    "sku",
                    Object(&[
                        ("capacity", Int(2)),
                        ("name", Text("Standard_B1s")),
                        ("tier", Text("Standard")),
                    ]),
                ),
                ("upgradePolicy", Object(&[("mode", Text("Manual"))])),
                ("zones", Null),
            ],
            vec![("timeCreated", created.into())],
        ),
        ResourceKind::WebApp | ResourceKind::FunctionApp => {
            let host = format!("{lower}.azurewebsites.net");
            let kind = if resource.kind == ResourceKind::WebApp {
                "app,linux"
            } else {
                "functionapp,linux"
            };
            let host_names = vec![
                host.clone().into(),
                format!("{lower}.scm.azurewebsites.net").into(),
            ];
            object(
                &[
                    ("enabled", Bool(true)),
                    ("httpsOnly", Bool(false)),
                    ("state", Text("Running")),
                    ("usageState", Text("Normal")),
                ],
                vec![
                    ("defaultHostName", host.clone().into()),
                    ("enabledHostNames", Value::Array(host_names)),
                    ("hostNames", Value::Array(vec![host.into()])),
                    ("kind", kind.into()),
                ],
            )
        }
        ResourceKind::LogicApp => {
            let workflow = Guid(id_hash128("workflow:", &resource.id)).simple();
            let endpoint = format!(
                "https://prod-00.{}.logic.azure.com:443/workflows/{workflow}",
                resource.location
            );
            object(
                &[
                    (
                        "definition",
                        Object(&[
                            ("$schema", Text("https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#")),
                            ("actions", EmptyObject),
                            ("contentVersion", Text("1.0.0.0")),
                            ("outputs", EmptyObject),
                            ("parameters", EmptyObject),
                            ("triggers", EmptyObject),
                        ]),
                    ),
                    ("provisioningState", Text("Succeeded")),
                    ("state", Text("Enabled")),
                ],
                vec![
                    ("accessEndpoint", endpoint.into()),
                    ("changedTime", created.clone().into()),
                    ("createdTime", created.into()),
                ],
            )
        }
        ResourceKind::ContainerInstance => {
            let container = object(
                &[
                    ("image", Text("mcr.microsoft.com/azuredocs/aci-helloworld")),
                    (
                        "resources",
                        Object(&[(
                            "requests",
                            Object(&[("cpu", Float(1.0)), ("memoryInGb", Float(1.5))]),
                        )]),
                    ),
                ],
                vec![("name", lower.clone().into())],
            );
            object(
                &[
                    ("ipAddress", Null),
                    ("osType", Text("Linux")),
                    ("provisioningState", Text("Succeeded")),
                    ("restartPolicy", Text("Always")),
                    ("sku", Text("Standard")),
                ],
                vec![("containers", Value::Array(vec![container]))],
            )
        }
        ResourceKind::StorageAccount => {
            let endpoints = [
                ("blob", "blob"),
                ("dfs", "dfs"),
                ("file", "file"),
                ("queue", "queue"),
                ("table", "table"),
                ("web", "z6.web"),
            ]
            .into_iter()
            .map(|(key, host)| {
                (
                    key,
                    format!("https://{lower}.{host}.core.windows.net/").into(),
                )
            })
            .collect();
            object(
                &[
                    ("accessTier", Text("Hot")),
                    ("allowBlobPublicAccess", Bool(false)),
                    ("enableHttpsTrafficOnly", Bool(true)),
                    ("kind", Text("StorageV2")),
                    ("minimumTlsVersion", Text("TLS1_2")),
                    ("provisioningState", Text("Succeeded")),
                    ("publicNetworkAccess", Text("Enabled")),
                    ("secondaryLocation", Null),
                    (
                        "sku",
                        Object(&[("name", Text("Standard_LRS")), ("tier", Text("Standard"))]),
                    ),
                    ("statusOfPrimary", Text("available")),
                    ("statusOfSecondary", Null),
                ],
                vec![
                    ("creationTime", created.into()),
                    ("primaryEndpoints", object(&[], endpoints)),
                    ("primaryLocation", resource.location.clone().into()),
                ],
            )
        }
        ResourceKind::KeyVault => {
            let tenant = world
                .subscriptions
                .get(&resource.subscription_id)
                .map(|s| s.tenant_id.to_string());
            let properties = object(
                &[
                    ("accessPolicies", EmptyArray),
                    ("createMode", Null),
                    ("enablePurgeProtection", Null),
                    ("enableSoftDelete", Bool(true)),
                    ("enabledForDeployment", Bool(false)),
                    ("enabledForDiskEncryption", Null),
                    ("enabledForTemplateDeployment", Null),
                    ("hsmPoolResourceId", Null),
                    ("networkAcls", Null),
                    ("privateEndpointConnections", Null),
                    ("provisioningState", Text("Succeeded")),
                    ("publicNetworkAccess", Text("Enabled")),
                    (
                        "sku",
                        Object(&[("family", Text("A")), ("name", Text("standard"))]),
                    ),
                    ("softDeleteRetentionInDays", Int(90)),
                ],
                vec![
                    (
                        "enableRbacAuthorization",
                        resource.options.rbac_authorization.into(),
                    ),
                    ("tenantId", tenant.into()),
                    (
                        "vaultUri",
                        format!("https://{lower}.vault.azure.net/").into(),
                    ),
                ],
            );
            object(&[("systemData", Null)], vec![("properties", properties)])
        }
    };
    insert_all(
        &mut value,
        vec![
            ("id", resource.id.clone().into()),
            ("location", resource.location.clone().into()),
            ("name", resource.name.clone().into()),
            ("resourceGroup", group.into()),
            ("tags", Value::Object(Vec::new())),
            ("type", resource.kind.arm_type().into()),
        ],
    );
    // Every ARM model here has an `identity` attribute except Key Vault's `Vault`, and the
    // CLI prints a missing one as `"identity": null` (`todict` keeps `None`, see above).
    if resource.kind != ResourceKind::KeyVault {
        let identity = identity_block(&resource.identity).unwrap_or(Value::Null);
        insert_all(&mut value, vec![("identity", identity)]);
    }
    value
}

/// `az identity create/show` (flattened, `resourcegroups` in lower case in the ID).
pub fn user_identity(identity: &UserIdentity) -> Value {
    object(
        &[
            ("isolationScope", Text("None")),
            ("systemData", Null),
            ("tags", EmptyObject),
            (
                "type",
                Text("Microsoft.ManagedIdentity/userAssignedIdentities"),
            ),
        ],
        vec![
            ("clientId", identity.client_id.to_string().into()),
            ("id", identity.id.clone().into()),
            ("location", identity.location.clone().into()),
            ("name", identity.name.clone().into()),
            ("principalId", identity.principal_id.to_string().into()),
            ("resourceGroup", identity.group.clone().into()),
            ("tenantId", identity.tenant_id.to_string().into()),
        ],
    )
}

/// The `info` of an application or service principal: nobody fills it in here.
const INFO: Fixed = Object(&[
    ("logoUrl", Null),
    ("marketingUrl", Null),
    ("privacyStatementUrl", Null),
    ("supportUrl", Null),
    ("termsOfServiceUrl", Null),
]);

/// The `verifiedPublisher` of an application or service principal: never verified here.
const VERIFIED_PUBLISHER: Fixed = Object(&[
    ("addedDateTime", Null),
    ("displayName", Null),
    ("verifiedPublisherId", Null),
]);

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
            Value::Array(vec![
                if *user_assigned {
                    "isExplicit=True"
                } else {
                    "isExplicit=False"
                }
                .into(),
                resource_id.clone().into(),
            ]),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Array(vec![
                app_id.clone().into(),
                managed_identity_spn(resource_id).into(),
            ]),
        ),
        PrincipalKind::Application {
            owner_tenant,
            audience,
        } => (
            Value::Array(Vec::new()),
            owner_tenant.to_string().into(),
            audience.as_str().into(),
            principal.display_name.clone().into(),
            Value::Array(vec![app_id.clone().into()]),
        ),
    };
    let mut value = SERVICE_PRINCIPAL_TEMPLATE.with(Value::clone);
    // Every key is in the template already, so each `set` replaces in place and the order holds.
    value.set("alternativeNames", alternative_names);
    value.set("appDisplayName", app_display_name);
    value.set("appId", Value::String(app_id));
    value.set("appOwnerOrganizationId", owner);
    value.set("createdDateTime", Value::String(principal.created.graph()));
    value.set("displayName", Value::String(principal.display_name.clone()));
    value.set("id", Value::String(principal.id.to_string()));
    value.set("servicePrincipalNames", names);
    value.set("servicePrincipalType", principal.type_name().into());
    value.set("signInAudience", audience);
    if show {
        insert_all(
            &mut value,
            vec![(
                "@odata.context",
                "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity".into(),
            )],
        );
    }
    value
}

thread_local! {
    /// Every key of a service principal's JSON with the values they share: cloning it is much
    /// faster than building 38 keys one by one (1,000 principals render in `az ad sp list`). The
    /// keys set per principal hold `null` here; `set` replaces them.
    static SERVICE_PRINCIPAL_TEMPLATE: Value = object(
        &[
            ("accountEnabled", Bool(true)),
            ("addIns", EmptyArray),
            ("alternativeNames", Null),
            ("appDescription", Null),
            ("appDisplayName", Null),
            ("appId", Null),
            ("appOwnerOrganizationId", Null),
            ("appRoleAssignmentRequired", Bool(false)),
            ("appRoles", EmptyArray),
            ("applicationTemplateId", Null),
            ("createdDateTime", Null),
            ("deletedDateTime", Null),
            ("description", Null),
            ("disabledByMicrosoftStatus", Null),
            ("displayName", Null),
            ("homepage", Null),
            ("id", Null),
            ("info", INFO),
            ("keyCredentials", EmptyArray),
            ("loginUrl", Null),
            ("logoutUrl", Null),
            ("notes", Null),
            ("notificationEmailAddresses", EmptyArray),
            ("oauth2PermissionScopes", EmptyArray),
            ("passwordCredentials", EmptyArray),
            ("preferredSingleSignOnMode", Null),
            ("preferredTokenSigningKeyThumbprint", Null),
            ("replyUrls", EmptyArray),
            ("resourceSpecificApplicationPermissions", EmptyArray),
            ("samlSingleSignOnSettings", Null),
            ("servicePrincipalNames", Null),
            ("servicePrincipalType", Null),
            ("signInAudience", Null),
            ("tags", EmptyArray),
            ("tokenEncryptionKeyId", Null),
            ("verifiedPublisher", VERIFIED_PUBLISHER),
        ],
        Vec::new(),
    );
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
            object(
                &[("customKeyIdentifier", Null), ("secretText", Null)],
                vec![
                    ("displayName", c.display_name.clone().into()),
                    ("endDateTime", c.end.graph().into()),
                    ("hint", c.hint.clone().into()),
                    ("keyId", c.key_id.to_string().into()),
                    ("startDateTime", c.start.graph().into()),
                ],
            )
        })
        .collect();
    let keys: Vec<Value> = app
        .keys
        .iter()
        .map(|c| {
            object(
                &[
                    ("key", Null),
                    ("type", Text("AsymmetricX509Cert")),
                    ("usage", Text("Verify")),
                ],
                vec![
                    ("customKeyIdentifier", c.thumbprint.clone().into()),
                    ("displayName", c.display_name.clone().into()),
                    ("endDateTime", c.end.graph().into()),
                    ("keyId", c.key_id.to_string().into()),
                    ("startDateTime", c.start.graph().into()),
                ],
            )
        })
        .collect();
    let mut value = object(
        &[
            ("addIns", EmptyArray),
            (
                "api",
                Object(&[
                    ("acceptMappedClaims", Null),
                    ("knownClientApplications", EmptyArray),
                    ("oauth2PermissionScopes", EmptyArray),
                    ("preAuthorizedApplications", EmptyArray),
                    ("requestedAccessTokenVersion", Null),
                ]),
            ),
            ("appRoles", EmptyArray),
            ("applicationTemplateId", Null),
            ("certification", Null),
            ("defaultRedirectUri", Null),
            ("deletedDateTime", Null),
            ("description", Null),
            ("disabledByMicrosoftStatus", Null),
            ("groupMembershipClaims", Null),
            ("identifierUris", EmptyArray),
            ("info", INFO),
            ("isDeviceOnlyAuthSupported", Null),
            ("isFallbackPublicClient", Null),
            ("notes", Null),
            ("optionalClaims", Null),
            (
                "parentalControlSettings",
                Object(&[
                    ("countriesBlockedForMinors", EmptyArray),
                    ("legalAgeGroupRule", Text("Allow")),
                ]),
            ),
            ("publicClient", Object(&[("redirectUris", EmptyArray)])),
            ("requiredResourceAccess", EmptyArray),
            ("serviceManagementReference", Null),
            ("spa", Object(&[("redirectUris", EmptyArray)])),
            ("tags", EmptyArray),
            ("tokenEncryptionKeyId", Null),
            ("verifiedPublisher", VERIFIED_PUBLISHER),
            (
                "web",
                Object(&[
                    ("homePageUrl", Null),
                    (
                        "implicitGrantSettings",
                        Object(&[
                            ("enableAccessTokenIssuance", Bool(false)),
                            ("enableIdTokenIssuance", Bool(false)),
                        ]),
                    ),
                    ("logoutUrl", Null),
                    ("redirectUriSettings", EmptyArray),
                    ("redirectUris", EmptyArray),
                ]),
            ),
        ],
        vec![
            ("appId", app.app_id.to_string().into()),
            ("createdDateTime", app.created.graph().into()),
            ("displayName", app.display_name.clone().into()),
            ("id", app.id.to_string().into()),
            ("keyCredentials", keys.into()),
            ("passwordCredentials", passwords.into()),
            ("publisherDomain", domain.into()),
            ("signInAudience", app.audience.as_str().into()),
        ],
    );
    if show {
        insert_all(
            &mut value,
            vec![(
                "@odata.context",
                "https://graph.microsoft.com/v1.0/$metadata#applications/$entity".into(),
            )],
        );
    }
    value
}

/// Graph's `@odata.type` of an application object.
const APPLICATION_TYPE: &str = "#microsoft.graph.application";
/// Graph's `@odata.type` of a service principal object.
const SERVICE_PRINCIPAL_TYPE: &str = "#microsoft.graph.servicePrincipal";

/// A directory object as `/directory/deletedItems/…` returns it: the object's own JSON (list shape,
/// without its collection's `@odata.context`) typed with `@odata.type`.
fn directory_object(mut value: Value, odata_type: &str) -> Value {
    insert_all(&mut value, vec![("@odata.type", odata_type.into())]);
    value
}

/// `POST /directory/deletedItems/{id}/restore`: the restored application, as Graph returns it.
pub fn restored_application(world: &World, app: &Application) -> Value {
    let mut value = directory_object(application(world, app, false), APPLICATION_TYPE);
    insert_all(
        &mut value,
        vec![("@odata.context", DIRECTORY_OBJECT_ENTITY.into())],
    );
    value
}

/// `POST /directory/deletedItems/{id}/restore`: the restored service principal, as Graph returns it.
pub fn restored_service_principal(principal: &ServicePrincipal) -> Value {
    let mut value = directory_object(service_principal(principal, false), SERVICE_PRINCIPAL_TYPE);
    insert_all(
        &mut value,
        vec![("@odata.context", DIRECTORY_OBJECT_ENTITY.into())],
    );
    value
}

const DIRECTORY_OBJECT_ENTITY: &str =
    "https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity";

/// A collection of deleted directory objects, as `GET /directory/deletedItems/{type}` returns it.
fn deleted_items(value: Vec<Value>) -> Value {
    object(
        &[(
            "@odata.context",
            Text("https://graph.microsoft.com/v1.0/$metadata#directoryObjects"),
        )],
        vec![("value", Value::Array(value))],
    )
}

/// `GET /directory/deletedItems/microsoft.graph.application`: the signed-in tenant's deleted
/// applications still in the recycle bin, each with its `deletedDateTime`.
pub fn deleted_applications(world: &World) -> Value {
    let tenant = world.tenant_id();
    deleted_items(
        world
            .deleted_applications
            .values()
            .filter(|d| d.item.tenant_id == tenant && restorable(world, d.deleted))
            .map(|d| {
                let mut value =
                    directory_object(application(world, &d.item, false), APPLICATION_TYPE);
                insert_all(
                    &mut value,
                    vec![("deletedDateTime", d.deleted.graph().into())],
                );
                value
            })
            .collect(),
    )
}

/// `GET /directory/deletedItems/microsoft.graph.servicePrincipal`: the signed-in tenant's deleted
/// service principals still in the recycle bin, each with its `deletedDateTime`.
pub fn deleted_service_principals(world: &World) -> Value {
    let tenant = world.tenant_id();
    deleted_items(
        world
            .deleted_service_principals
            .values()
            .filter(|d| d.item.tenant_id == tenant && restorable(world, d.deleted))
            .map(|d| {
                let mut value =
                    directory_object(service_principal(&d.item, false), SERVICE_PRINCIPAL_TYPE);
                insert_all(
                    &mut value,
                    vec![("deletedDateTime", d.deleted.graph().into())],
                );
                value
            })
            .collect(),
    )
}

/// Whether something deleted at `deleted` is still in the recycle bin: listed exactly when the
/// next command could restore it (commands are decided one step after the world's clock).
fn restorable(world: &World, deleted: Timestamp) -> bool {
    crate::decide::restorable_at(world.clock.plus_seconds(Timestamp::STEP_SECONDS), deleted)
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
    let mut value = object(
        &[
            ("condition", Null),
            ("conditionVersion", Null),
            ("createdBy", Null),
            ("delegatedManagedIdentityResourceId", Null),
            ("description", Null),
            ("type", Text("Microsoft.Authorization/roleAssignments")),
            ("updatedBy", Null),
        ],
        vec![
            ("createdOn", created.clone().into()),
            ("id", assignment.id().into()),
            ("name", assignment.name.to_string().into()),
            ("principalId", assignment.principal_id.to_string().into()),
            ("principalType", assignment.principal_type.clone().into()),
            ("roleDefinitionId", definition_id.into()),
            ("scope", assignment.scope.clone().into()),
            ("updatedOn", created.into()),
        ],
    );
    if let Some(group) = resource_group_of(&assignment.scope) {
        insert_all(&mut value, vec![("resourceGroup", group.into())]);
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
        insert_all(
            &mut value,
            vec![
                ("principalName", principal_name.into()),
                ("roleDefinitionName", role_name.into()),
            ],
        );
    }
    value
}

/// `az role definition list` element, in the signed-in subscription.
pub fn role_definition(world: &World, role: &RoleDefinition) -> Value {
    let permissions = object(
        &[("condition", Null), ("conditionVersion", Null)],
        vec![
            ("actions", role.actions.into()),
            ("dataActions", role.data_actions.into()),
            ("notActions", role.not_actions.into()),
            ("notDataActions", role.not_data_actions.into()),
        ],
    );
    object(
        &[
            ("createdBy", Null),
            ("createdOn", Text(BUILT_IN_ROLES_CREATED)),
            ("roleType", Text("BuiltInRole")),
            ("type", Text("Microsoft.Authorization/roleDefinitions")),
            ("updatedBy", Null),
            ("updatedOn", Text(BUILT_IN_ROLES_CREATED)),
        ],
        vec![
            ("assignableScopes", Value::Array(vec!["/".into()])),
            ("description", role.description.into()),
            (
                "id",
                role_definition_id(world.subscription(), role.guid).into(),
            ),
            ("name", role.guid.to_string().into()),
            ("permissions", Value::Array(vec![permissions])),
            ("roleName", role.name.into()),
        ],
    )
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
    let mut value = object(
        &[
            ("environmentName", Text("AzureCloud")),
            ("managedByTenants", EmptyArray),
            ("state", Text("Enabled")),
            (
                "user",
                Object(&[("name", Text(SIGNED_IN_USER)), ("type", Text("user"))]),
            ),
        ],
        vec![
            ("homeTenantId", subscription.tenant_id.to_string().into()),
            ("id", subscription.id.to_string().into()),
            (
                "isDefault",
                (subscription.id == world.current_subscription).into(),
            ),
            ("name", subscription.name.clone().into()),
            (
                "tenantDefaultDomain",
                tenant.map(|t| t.default_domain.clone()).into(),
            ),
            (
                "tenantDisplayName",
                tenant.map(|t| t.display_name.clone()).into(),
            ),
            ("tenantId", subscription.tenant_id.to_string().into()),
        ],
    );
    if list {
        insert_all(&mut value, vec![("cloudName", "AzureCloud".into())]);
    }
    value
}

/// `az keyvault secret set/show`.
pub fn vault_secret(vault: &Resource, secret: &VaultSecret) -> Value {
    let attributes = object(
        &[
            ("enabled", Bool(true)),
            ("expires", Null),
            ("notBefore", Null),
            ("recoverableDays", Int(90)),
            ("recoveryLevel", Text("Recoverable+Purgeable")),
        ],
        vec![
            ("created", secret.created.vault().into()),
            ("updated", secret.updated.vault().into()),
        ],
    );
    let id = format!(
        "https://{}.vault.azure.net/secrets/{}/{}",
        vault.name.to_ascii_lowercase(),
        secret.name,
        secret.version
    );
    object(
        &[
            ("contentType", Null),
            ("kid", Null),
            ("managed", Null),
            ("tags", Object(&[("file-encoding", Text("utf-8"))])),
        ],
        vec![
            ("attributes", attributes),
            ("id", id.into()),
            ("name", secret.name.clone().into()),
            ("value", secret.value.clone().into()),
        ],
    )
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
    let issuer = format!("https://sts.windows.net/{}/", token.tenant_id);
    object(
        &[
            ("aio", Text("k2BgYDi8")),
            ("appidacr", Text("2")),
            ("idtyp", Text("app")),
            ("ver", Text("1.0")),
        ],
        vec![
            ("aud", token.audience.clone().into()),
            ("iss", issuer.clone().into()),
            ("iat", token.issued.0.into()),
            ("nbf", token.issued.0.into()),
            ("exp", token.expires.0.into()),
            ("appid", token.client_id.to_string().into()),
            ("idp", issuer.into()),
            ("oid", token.principal_id.to_string().into()),
            ("sub", token.principal_id.to_string().into()),
            ("tid", token.tenant_id.to_string().into()),
            ("uti", base64url(&token.id.0.to_be_bytes()[..16]).into()),
            ("xms_mirid", token.identity_resource_id.clone().into()),
        ],
    )
}

/// A JWT-shaped access token a learner can paste into a decoder: header, claims, a fake signature.
pub fn access_token(token: &Token) -> String {
    let header = object(
        &[
            ("alg", Text("RS256")),
            ("typ", Text("JWT")),
            ("x5t", Text("playground")),
            ("kid", Text("playground")),
        ],
        Vec::new(),
    );
    format!(
        "{}.{}.{}",
        base64url(header.to_compact().as_bytes()),
        base64url(token_claims(token).to_compact().as_bytes()),
        base64url(&token.id.0.to_le_bytes())
    )
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
