//! What each `az` command prints, answered from the model: reads from the `World` through `model::json`, changes from the events `Session::execute` returned.

use model::json;
use model::Value as Json;
use model::{ArmKey, Command, CommandError, Event, ResourceKind, World};
use serde_json::json;

use crate::lower::Read;
use crate::output::{CommandResult, Transformer, Value};

fn group_matches(resource_group: &str, wanted: &Option<String>) -> bool {
    wanted
        .as_ref()
        .is_none_or(|group| group.trim().eq_ignore_ascii_case(resource_group))
}

/// `-g GROUP` on a list command: the group must exist, as ARM answers for a missing one.
fn require_group(world: &World, group: &Option<String>) -> Result<(), CommandError> {
    match group {
        Some(name) if world.group(name).is_none() => {
            Err(CommandError::resource_group_not_found(name.trim()))
        }
        _ => Ok(()),
    }
}

fn require_resource<'w>(
    world: &'w World,
    kind: ResourceKind,
    group: &str,
    name: &str,
) -> Result<&'w model::Resource, CommandError> {
    if world.group(group).is_none() {
        return Err(CommandError::resource_group_not_found(group.trim()));
    }
    world
        .resource(kind, group, name)
        .ok_or_else(|| CommandError::resource_not_found(kind.arm_type(), name.trim(), group.trim()))
}

/// The resource group an ARM object sits in, compared case-insensitively.
fn in_group(id: &str) -> String {
    json::resource_group_of(id).unwrap_or_default()
}

/// `az resource list`: the generic resource shape, whatever the kind.
fn generic_resource(
    id: &str,
    name: &str,
    location: &str,
    arm_type: &str,
    identity: Option<Json>,
) -> Json {
    Json::sorted_object(vec![
        ("changedTime", Json::Null),
        ("createdTime", Json::Null),
        ("extendedLocation", Json::Null),
        ("id", id.into()),
        ("identity", identity.unwrap_or_default()),
        ("kind", Json::Null),
        ("location", location.into()),
        ("managedBy", Json::Null),
        ("name", name.into()),
        ("plan", Json::Null),
        ("properties", Json::Null),
        ("provisioningState", "Succeeded".into()),
        ("resourceGroup", in_group(id).into()),
        ("sku", Json::Null),
        ("tags", Json::Object(Vec::new())),
        ("type", arm_type.into()),
    ])
}

/// The role definition a `--role` filter names (name or GUID), or `None` for no such role.
fn role_filter(role: &str) -> Option<model::Guid> {
    let wanted = role.trim().trim_end_matches('/');
    let last = wanted.rsplit('/').next().unwrap_or(wanted);
    model::roles::BUILT_IN_ROLES
        .iter()
        .find(|definition| {
            definition.name.eq_ignore_ascii_case(wanted)
                || definition.guid.to_string().eq_ignore_ascii_case(last)
        })
        .map(|definition| definition.guid)
}

/// Answers a read-only command from the world.
pub fn read(world: &World, read: &Read) -> Result<CommandResult, CommandError> {
    let tenant = world.tenant_id();
    let subscription = world.current_subscription;
    let (value, transformer) = match read {
        Read::GroupShow { name } => (
            json::resource_group(
                world
                    .group(name)
                    .ok_or_else(|| CommandError::resource_group_not_found(name.trim()))?,
            ),
            None,
        ),
        Read::GroupList => (
            Json::Array(
                world
                    .groups
                    .values()
                    .filter(|group| group.subscription_id == subscription)
                    .map(json::resource_group)
                    .collect(),
            ),
            Some(Transformer::GroupList),
        ),
        Read::GroupExists { name } => (Json::from(json!(world.group(name).is_some())), None),
        Read::ResourceShow {
            kind,
            group: Some(group),
            name,
        } => {
            let resource = require_resource(world, *kind, group, name)?;
            (
                json::resource(world, resource),
                vm_transformer(*kind, false),
            )
        }
        Read::ResourceShow {
            kind,
            group: None,
            name,
        } => {
            let resource = world.resource_named(*kind, name).ok_or_else(|| {
                CommandError::arm(
                    "ResourceNotFound",
                    format!("The {} '{}' was not found.", kind.noun(), name.trim()),
                )
            })?;
            (
                json::resource(world, resource),
                vm_transformer(*kind, false),
            )
        }
        Read::ResourceList { kind, group } => {
            require_group(world, group)?;
            let list = world
                .resources_of(*kind)
                .filter(|resource| group_matches(&in_group(&resource.id), group))
                .map(|resource| json::resource(world, resource))
                .collect();
            (Json::Array(list), vm_transformer(*kind, true))
        }
        Read::IdentityShow { kind, group, name } => {
            let resource = require_resource(world, *kind, group, name)?;
            // No identity: `az vm show` prints `"identity": null`, and `identity show` prints nothing.
            (
                json::identity_block(&resource.identity).unwrap_or(Json::Null),
                None,
            )
        }
        Read::UserIdentityShow { group, name } => {
            if world.group(group).is_none() {
                return Err(CommandError::resource_group_not_found(group.trim()));
            }
            let identity = world.user_identity(group, name).ok_or_else(|| {
                CommandError::resource_not_found(
                    "Microsoft.ManagedIdentity/userAssignedIdentities",
                    name.trim(),
                    group.trim(),
                )
            })?;
            (json::user_identity(identity), None)
        }
        Read::UserIdentityList { group } => {
            require_group(world, group)?;
            let list = world
                .user_identities
                .values()
                .filter(|identity| identity.subscription_id == subscription)
                .filter(|identity| group_matches(&identity.group, group))
                .map(json::user_identity)
                .collect();
            (Json::Array(list), None)
        }
        Read::SecretShow { vault, name } => {
            let found = require_vault(world, vault)?;
            let secret = found
                .secrets
                .get(&name.trim().to_ascii_lowercase())
                .ok_or_else(|| CommandError::arm("SecretNotFound", format!("A secret with (name/id) {} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182", name.trim())))?;
            (json::vault_secret(found, secret), None)
        }
        Read::SecretList { vault } => {
            let found = require_vault(world, vault)?;
            let list = found
                .secrets
                .values()
                .map(|secret| {
                    let mut item = json::vault_secret(found, secret);
                    // A list item names the secret, not one of its versions, and has no value.
                    item.remove("value");
                    item.remove("kid");
                    let id = item
                        .get("id")
                        .and_then(Json::as_str)
                        .and_then(|id| id.rsplit_once('/'))
                        .map(|(head, _)| head.to_string());
                    item.set("id", Json::from(id));
                    item
                })
                .collect();
            (Json::Array(list), Some(Transformer::SecretList))
        }
        Read::ContainerList { account } => {
            let found = world
                .resource_named(ResourceKind::StorageAccount, account)
                .ok_or_else(|| {
                    CommandError::cli(format!(
                        "The storage account '{}' could not be found in the current subscription.",
                        account.trim()
                    ))
                })?;
            let list = found
                .containers
                .values()
                .map(|container| {
                    Json::from(json!({
                        "deleted": null,
                        "encryptionScope": null,
                        "immutableStorageWithVersioningEnabled": null,
                        "metadata": null,
                        "name": container.name,
                        "properties": {
                            "hasImmutabilityPolicy": false,
                            "hasLegalHold": false,
                            "lastModified": container.created.arm(),
                            "lease": { "duration": null, "state": "available", "status": "unlocked" },
                            "publicAccess": null,
                        },
                        "version": null,
                    }))
                })
                .collect();
            (Json::Array(list), None)
        }
        Read::AnyResourceList {
            group,
            name,
            resource_type,
        } => {
            require_group(world, group)?;
            let resources = world
                .resources
                .values()
                .filter(|resource| resource.subscription_id == subscription)
                .map(|resource| {
                    generic_resource(
                        &resource.id,
                        &resource.name,
                        &resource.location,
                        resource.kind.arm_type(),
                        json::identity_block(&resource.identity),
                    )
                });
            let identities = world
                .user_identities
                .values()
                .filter(|identity| identity.subscription_id == subscription)
                .map(|identity| {
                    generic_resource(
                        &identity.id,
                        &identity.name,
                        &identity.location,
                        "Microsoft.ManagedIdentity/userAssignedIdentities",
                        None,
                    )
                });
            let mut list: Vec<Json> = resources
                .chain(identities)
                .filter(|item| {
                    let text = |key: &str| item[key].as_str().unwrap_or_default().to_string();
                    group_matches(&text("resourceGroup"), group)
                        && name
                            .as_ref()
                            .is_none_or(|n| n.trim().eq_ignore_ascii_case(&text("name")))
                        && resource_type
                            .as_ref()
                            .is_none_or(|t| t.trim().eq_ignore_ascii_case(&text("type")))
                })
                .collect();
            // IDs are unique, so an unstable sort gives the same order (and less code).
            list.sort_unstable_by_key(|item| ArmKey::of(item["id"].as_str().unwrap_or_default()));
            (Json::Array(list), None)
        }
        Read::RoleAssignmentList {
            assignee,
            role,
            scope,
            group,
            all,
        } => {
            let scope = scope
                .clone()
                .or_else(|| group.as_ref().map(|g| world.group_id(g.trim())));
            let role = match role {
                Some(role) => Some(role_filter(role).ok_or_else(|| {
                    CommandError::cli(format!("Role '{}' doesn't exist.", role.trim()))
                })?),
                None => None,
            };
            let principal = match assignee {
                Some(assignee) => Some(resolve_assignee(world, assignee)?),
                None => None,
            };
            let subscription_scope = ArmKey::of(&world.subscription().scope());
            let list = world
                .role_assignments
                .values()
                .filter(|a| a.subscription_id == subscription)
                .filter(|a| principal.is_none_or(|p| a.principal_id == p))
                .filter(|a| role.is_none_or(|r| a.role == r))
                .filter(|a| match &scope {
                    Some(scope) => a.scope_key() == ArmKey::of(scope),
                    // Without a scope the CLI lists the subscription's own assignments, unless
                    // --all or --assignee widen it to every scope below.
                    None => *all || principal.is_some() || a.scope_key() == subscription_scope,
                })
                .map(|a| json::role_assignment(world, a, true))
                .collect();
            (Json::Array(list), Some(Transformer::RoleAssignmentList))
        }
        Read::RoleDefinitionList { name } => {
            let list = world
                .role_definitions()
                .iter()
                .filter(|definition| {
                    name.as_ref().is_none_or(|n| {
                        definition.name.eq_ignore_ascii_case(n.trim())
                            || definition.guid.to_string().eq_ignore_ascii_case(n.trim())
                    })
                })
                .map(|definition| json::role_definition(world, definition))
                .collect();
            (Json::Array(list), Some(Transformer::RoleDefinitionList))
        }
        Read::ServicePrincipalList {
            display_name,
            filter,
            spn,
        } => {
            let filter = parse_filter(filter.as_deref())?;
            let list = world
                .service_principals
                .values()
                .filter(|sp| sp.tenant_id == tenant)
                .filter(|sp| display_name_matches(&sp.display_name, display_name.as_deref()))
                .map(|sp| json::service_principal(sp, false))
                .filter(|sp| filter.as_ref().is_none_or(|f| f.matches(sp)))
                .filter(|sp| {
                    spn.as_ref().is_none_or(|s| {
                        sp["servicePrincipalNames"]
                            .as_array()
                            .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(s)))
                    })
                })
                .collect();
            (Json::Array(list), Some(Transformer::GraphObjectList))
        }
        Read::ServicePrincipalShow { id } => {
            let sp = world
                .find_service_principal(tenant, id)
                .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
            (json::service_principal(sp, true), None)
        }
        Read::ApplicationShow { id } => {
            let app = world
                .find_application(tenant, id)
                .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
            (json::application(world, app, true), None)
        }
        Read::ApplicationList {
            display_name,
            app_id,
            filter,
        } => {
            let filter = parse_filter(filter.as_deref())?;
            let list = world
                .applications
                .values()
                .filter(|app| app.tenant_id == tenant)
                .filter(|app| display_name_matches(&app.display_name, display_name.as_deref()))
                .filter(|app| {
                    app_id
                        .as_ref()
                        .is_none_or(|a| a.trim().eq_ignore_ascii_case(&app.app_id.to_string()))
                })
                .map(|app| json::application(world, app, false))
                .filter(|app| filter.as_ref().is_none_or(|f| f.matches(app)))
                .collect();
            (Json::Array(list), Some(Transformer::GraphObjectList))
        }
        Read::AccountShow { subscription: None } => (json::account(world), None),
        Read::AccountShow {
            subscription: Some(wanted),
        } => {
            let found = world.find_subscription(wanted).ok_or_else(|| {
                CommandError::cli(format!(
                    "Subscription '{}' not found. Check the spelling and casing and try again.",
                    wanted.trim()
                ))
            })?;
            let mut entry = json::account_list(world)
                .as_array()
                .and_then(|list| {
                    list.iter()
                        .find(|entry| entry["id"].as_str() == Some(&found.id.to_string()))
                        .cloned()
                })
                .unwrap_or(Json::Null);
            entry.remove("cloudName");
            (entry, None)
        }
        // `az login` prints the subscriptions the learner can use, as `az account list` does.
        Read::AccountList | Read::Login => {
            (json::account_list(world), Some(Transformer::AccountList))
        }
        Read::DeletedApplicationList => (json::deleted_applications(world), None),
        Read::DeletedServicePrincipalList => (json::deleted_service_principals(world), None),
    };
    Ok(CommandResult {
        value,
        ordered: false,
        transformer,
    })
}

fn vm_transformer(kind: ResourceKind, list: bool) -> Option<Transformer> {
    match (kind, list) {
        (ResourceKind::VirtualMachine, false) => Some(Transformer::VmShow),
        (ResourceKind::VirtualMachine, true) => Some(Transformer::VmList),
        _ => None,
    }
}

fn require_vault<'w>(world: &'w World, vault: &str) -> Result<&'w model::Resource, CommandError> {
    world
        .resource_named(ResourceKind::KeyVault, vault)
        .ok_or_else(|| {
            CommandError::cli(format!(
                "The vault '{}' could not be found in the current subscription.",
                vault.trim()
            ))
        })
}

/// `--assignee` on `role assignment list`: an object ID or appId of a principal in the signed-in
/// tenant; a GUID Graph no longer knows still filters (orphaned assignments keep their principalId).
fn resolve_assignee(world: &World, assignee: &str) -> Result<model::ObjectId, CommandError> {
    if let Some(sp) = world.find_service_principal(world.tenant_id(), assignee) {
        return Ok(sp.id);
    }
    model::Guid::parse(assignee).map(model::ObjectId).ok_or_else(|| {
        CommandError::cli(format!(
            "Cannot find user or service principal in graph database for '{}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {}'.",
            assignee.trim(),
            assignee.trim()
        ))
    })
}

/// `_construct_identity_info`'s key order is irrelevant (a plain dict); `vm create`'s summary is
/// an OrderedDict, so tsv and table keep this order.
const VM_CREATE_ORDER: &[&str] = &[
    "id",
    "resourceGroup",
    "powerState",
    "publicIpAddress",
    "fqdns",
    "privateIpAddress",
    "macAddress",
    "location",
    "identity",
    "zones",
];

fn ordered(value: &Json, order: &[&str]) -> Value {
    let pairs = order
        .iter()
        .filter_map(|key| value.get(key).map(|v| (key.to_string(), v.clone())))
        .collect();
    Value::Object(pairs)
}

/// What a change prints, from the world after it and the events it caused.
pub fn changed(world: &World, command: &Command, events: &[Event]) -> CommandResult {
    let plain = |value: Option<Json>| CommandResult::plain(value.unwrap_or(Value::Null));
    match command {
        Command::CreateResourceGroup { name, .. } => {
            plain(world.group(name).map(json::resource_group))
        }
        Command::CreateResource {
            kind,
            group,
            name,
            grant,
            ..
        } => {
            let Some(resource) = world.resource(*kind, group, name) else {
                return plain(None);
            };
            if *kind == ResourceKind::VirtualMachine {
                let summary = json::vm_create_summary(resource, grant.as_ref());
                return CommandResult {
                    value: ordered(&summary, VM_CREATE_ORDER),
                    ordered: true,
                    transformer: None,
                };
            }
            plain(Some(json::resource(world, resource)))
        }
        Command::AssignIdentity {
            kind,
            group,
            name,
            grant,
            ..
        } => {
            let Some(resource) = world.resource(*kind, group, name) else {
                return plain(None);
            };
            match kind {
                ResourceKind::VirtualMachine | ResourceKind::VmScaleSet => {
                    plain(Some(json::identity_assign_output(resource, grant.as_ref())))
                }
                _ => plain(json::identity_block(&resource.identity)),
            }
        }
        Command::RemoveIdentity {
            kind, group, name, ..
        } => plain(
            world
                .resource(*kind, group, name)
                .and_then(|resource| json::identity_block(&resource.identity)),
        ),
        Command::CreateUserIdentity { group, name, .. } => {
            plain(world.user_identity(group, name).map(json::user_identity))
        }
        Command::CreateRoleAssignment { .. } | Command::CreateRoleAssignmentWithName { .. } => {
            plain(events.iter().find_map(|event| {
                match event {
                    Event::RoleAssignmentCreated { assignment, .. } => world
                        .role_assignments
                        .get(&assignment.name)
                        .map(|live| json::role_assignment(world, live, false)),
                    _ => None,
                }
            }))
        }
        Command::CreateApplication { .. } => plain(events.iter().find_map(|event| {
            match event {
                Event::ApplicationCreated { application } => world
                    .applications
                    .get(&application.id)
                    .map(|app| json::application(world, app, true)),
                _ => None,
            }
        })),
        Command::AddApplicationSecret { .. } => {
            plain(events.iter().find_map(|event| match event {
                Event::ApplicationSecretAdded {
                    app_id,
                    secret_text,
                    ..
                } => Some(json::credential_reset(
                    world,
                    &app_id.to_string(),
                    secret_text,
                )),
                _ => None,
            }))
        }
        // `--create-cert` writes the private key to a file and prints where, never the key.
        Command::AddApplicationCertificate { .. } => {
            plain(events.iter().find_map(|event| match event {
                Event::ApplicationCertificateAdded { app_id, .. } => Some(Json::from(json!({
                    "appId": app_id.to_string(),
                    "fileWithCertAndPrivateKey": "/home/learner/tmpcert.pem",
                    "password": null,
                    "tenant": world.tenant_id().to_string(),
                }))),
                _ => None,
            }))
        }
        Command::CreateServicePrincipal { .. } => plain(events.iter().find_map(|event| {
            match event {
                Event::ServicePrincipalCreated { principal } => world
                    .service_principal(principal.id)
                    .map(|sp| json::service_principal(sp, true)),
                _ => None,
            }
        })),
        Command::SetSecret { .. } => plain(events.iter().find_map(|event| {
            match event {
                Event::SecretSet {
                    vault_id, secret, ..
                } => world
                    .resource_by_id(vault_id)
                    .map(|vault| json::vault_secret(vault, secret)),
                _ => None,
            }
        })),
        // An existing container is not created again: the CLI prints {"created": false}.
        Command::CreateBlobContainer { .. } => {
            plain(Some(json::container_created(events.iter().any(|event| {
                matches!(event, Event::BlobContainerCreated { .. })
            }))))
        }
        // `az rest` prints Graph's response: the restored object.
        Command::RestoreDeletedItem { .. } => plain(events.iter().find_map(|event| {
            match event {
                Event::ApplicationRestored { id, .. } => world
                    .applications
                    .get(id)
                    .map(|app| json::restored_application(world, app)),
                Event::ServicePrincipalRestored { id, .. } => world
                    .service_principal(*id)
                    .map(json::restored_service_principal),
                _ => None,
            }
        })),
        // `playground token` prints the identity endpoint's response.
        Command::RequestToken { kind, .. } => plain(events.iter().find_map(|event| match event {
            Event::TokenIssued { token } => Some(json::token_response(world, token, *kind)),
            _ => None,
        })),
        // Deletes, `account set`, `sleep` and the rest print nothing.
        _ => plain(None),
    }
}

/// `--filter` as Graph would apply it, or the playground's refusal of what it doesn't model.
fn parse_filter(filter: Option<&str>) -> Result<Option<crate::odata::Filter>, CommandError> {
    filter
        .map(|text| crate::odata::Filter::parse(text).map_err(CommandError::cli))
        .transpose()
}

/// `--display-name` as Graph applies it: `startswith(displayName, '…')`, case-insensitively.
fn display_name_matches(display_name: &str, wanted: Option<&str>) -> bool {
    wanted.is_none_or(|prefix| {
        display_name
            .to_ascii_lowercase()
            .starts_with(&prefix.to_ascii_lowercase())
    })
}
