//! Resource groups, resources (with their `identity` block) and user-assigned identities, as ARM returns them and the CLI prints them.

use super::*;

/// `az group show`.
pub fn resource_group(group: &ResourceGroup) -> Value {
    object(
        &[
            ("managedBy", Null),
            (
                "properties",
                Object(&[("provisioningState", Text("Succeeded"))]),
            ),
            ("type", Text("Microsoft.Resources/resourceGroups")),
        ],
        vec![
            ("id", group.id.clone().into()),
            ("location", group.location.clone().into()),
            ("name", group.name.clone().into()),
            ("tags", tags(&group.tags, Value::Null)),
        ],
    )
}

/// The `identity` block of a resource as the Azure CLI prints it, or `None` when it has no
/// identity (then `az vm identity show` prints nothing and `az vm show` prints `"identity": null`).
///
/// The REST wire shape (docs/azure-rules.md S1) omits `principalId`/`tenantId` without a system-assigned identity
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
        ResourceKind::AppServicePlan => return app_service_plan(world, resource, false),
        ResourceKind::WebApp | ResourceKind::FunctionApp => {
            let host = format!("{lower}.azurewebsites.net");
            let linux = site_is_linux(world, resource);
            let kind = match (resource.kind == ResourceKind::WebApp, linux) {
                (true, true) => "app,linux",
                (true, false) => "app",
                (false, true) => "functionapp,linux",
                (false, false) => "functionapp",
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
                    // azure-cli `_rename_server_farm_props` prints `serverFarmId` as this; a
                    // function app on a Consumption plan has no plan in the world: null.
                    ("appServicePlanId", resource.options.plan.clone().into()),
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
                        "accessPolicies",
                        Value::Array(resource.access_policies.iter().map(access_policy).collect()),
                    ),
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
    // App Service prints a site's location by its display name ("West Europe").
    let location = if resource.kind.is_site() {
        crate::names::location_display_name(&resource.location).to_string()
    } else {
        resource.location.clone()
    };
    insert_all(
        &mut value,
        vec![
            ("id", resource.id.clone().into()),
            ("location", location.into()),
            ("name", resource.name.clone().into()),
            ("resourceGroup", group.into()),
            (
                "tags",
                tags(&resource.options.tags, Value::Object(Vec::new())),
            ),
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

/// One entry of a vault's `properties.accessPolicies`, as the SDK's `AccessPolicyEntry` prints
/// (docs/azure-rules.md M11).
fn access_policy(policy: &AccessPolicy) -> Value {
    let list =
        |values: &[String]| Value::Array(values.iter().cloned().map(Value::String).collect());
    let permissions = object(
        &[],
        vec![
            ("certificates", list(&policy.certificates)),
            ("keys", list(&policy.keys)),
            ("secrets", list(&policy.secrets)),
            ("storage", list(&policy.storage)),
        ],
    );
    object(
        &[("applicationId", Null)],
        vec![
            ("objectId", policy.object_id.to_string().into()),
            ("permissions", permissions),
            ("tenantId", policy.tenant_id.to_string().into()),
        ],
    )
}

/// `az identity create/show` (flattened, `resourcegroups` in lower case in the ID).
pub fn user_identity(identity: &UserIdentity) -> Value {
    object(
        &[
            ("isolationScope", Text("None")),
            ("systemData", Null),
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
            ("tags", tags(&identity.tags, Value::Object(Vec::new()))),
            ("tenantId", identity.tenant_id.to_string().into()),
        ],
    )
}

/// `az identity federated-credential show|create`: the child resource, keys sorted as the CLI
/// prints a REST body.
pub fn federated_credential(
    identity: &UserIdentity,
    credential: &crate::FederatedCredential,
) -> Value {
    Value::object(vec![
        (
            "audiences",
            Value::Array(
                credential
                    .audiences
                    .iter()
                    .map(|a| a.as_str().into())
                    .collect(),
            ),
        ),
        (
            "id",
            format!(
                "{}/federatedIdentityCredentials/{}",
                identity.id, credential.name
            )
            .into(),
        ),
        ("issuer", credential.issuer.as_str().into()),
        ("name", credential.name.as_str().into()),
        ("resourceGroup", identity.group.as_str().into()),
        ("subject", credential.subject.as_str().into()),
        ("systemData", Value::Null),
        (
            "type",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials".into(),
        ),
    ])
}
