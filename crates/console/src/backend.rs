//! What the console needs from the model, as a trait, and a small stand-in world used until `model::Session` and its JSON queries land.
//!
//! STUB: `StubBackend` is deliberately small and marked as such. It keeps just enough state
//! (groups, resources with identity blocks, user-assigned identities, service principals, apps,
//! role assignments, secrets) to run the tutorials' command sequences with the JSON shapes of
//! `shared/spec/az-output.md`. The rules belong to `crates/model`; once its `Session` exists,
//! a `ModelBackend` implementing `Backend` replaces this file's stub.

use std::collections::BTreeMap;

use model::{AssignmentSelector, Command, ResourceKind};
use serde_json::{json, Value};

use crate::lower::Read;

/// A refusal, printed as `(Code) Message`; an empty code is a CLI-side error printed bare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    pub code: String,
    pub message: String,
}

impl ServiceError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ServiceError {
            code: code.to_string(),
            message: message.into(),
        }
    }
    pub fn cli(message: impl Into<String>) -> Self {
        ServiceError {
            code: String::new(),
            message: message.into(),
        }
    }
}

/// What a change produced: the events' explanations (for the activity log) and the object the
/// CLI prints (the created or changed object's JSON, as `show` prints it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Executed {
    pub events: Vec<String>,
    pub object: Option<Value>,
}

/// The model as the console sees it.
pub trait Backend {
    fn execute(&mut self, command: &Command) -> Result<Executed, ServiceError>;
    fn read(&self, read: &Read) -> Result<Value, ServiceError>;
    fn subscription_id(&self) -> String;
}

#[derive(Clone, Debug)]
struct Sp {
    json: Value,
}

/// STUB: a stand-in world. See the module comment.
#[derive(Clone, Debug)]
pub struct StubBackend {
    state: u64,
    subscription: String,
    tenant: String,
    groups: BTreeMap<String, Value>,
    resources: Vec<(ResourceKind, Value)>,
    identities: Vec<Value>,
    principals: Vec<Sp>,
    applications: Vec<Value>,
    assignments: Vec<Value>,
    secrets: Vec<(String, Value)>,
    containers: Vec<(String, Value)>,
    time: u64,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

const ROLES: &[(&str, &str, &str)] = &[
    ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC."),
    ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c", "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC."),
    ("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7", "View all resources, but does not allow you to make any changes."),
    ("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "Lets you manage user access to Azure resources."),
    ("Virtual Machine Contributor", "9980e02c-c2be-4d73-94e8-173b1dc7cf3c", "Lets you manage virtual machines, but not access to them."),
    ("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Read secret contents."),
    ("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Perform any action on the secrets of a key vault, except manage permissions."),
    ("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483", "Perform all data plane operations on a key vault and all objects in it."),
    ("Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Read and list Azure Storage containers and blobs."),
    ("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Read, write, and delete Azure Storage containers and blobs."),
    ("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830", "Read and Assign User Assigned Identity"),
];

impl StubBackend {
    pub fn new(seed: u64) -> Self {
        let mut stub = StubBackend {
            state: seed ^ 0x5DEE_CE66_D1CE_B00C,
            subscription: String::new(),
            tenant: String::new(),
            groups: BTreeMap::new(),
            resources: Vec::new(),
            identities: Vec::new(),
            principals: Vec::new(),
            applications: Vec::new(),
            assignments: Vec::new(),
            secrets: Vec::new(),
            containers: Vec::new(),
            time: 0,
        };
        stub.subscription = stub.guid();
        stub.tenant = stub.guid();
        stub
    }

    fn next(&mut self) -> u64 {
        // splitmix64: a seeded generator so every GUID replays.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn guid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    fn now(&mut self) -> String {
        self.time += 1;
        let seconds = 1_700_000_000 + self.time * 7;
        let (day_seconds, days) = (seconds % 86_400, seconds / 86_400);
        // 2023-11-14 is day 19675 after the epoch; the stub only needs increasing, plausible stamps.
        let day = days - 19_675 + 14;
        format!(
            "2023-11-{:02}T{:02}:{:02}:{:02}.000000+00:00",
            day.min(30),
            day_seconds / 3600,
            day_seconds % 3600 / 60,
            day_seconds % 60
        )
    }

    fn group_id(&self, name: &str) -> String {
        format!("/subscriptions/{}/resourceGroups/{name}", self.subscription)
    }

    fn group(&self, name: &str) -> Result<&Value, ServiceError> {
        self.groups
            .iter()
            .find(|(key, _)| eq(key, name))
            .map(|(_, value)| value)
            .ok_or_else(|| {
                ServiceError::new(
                    "ResourceGroupNotFound",
                    format!("Resource group '{name}' could not be found."),
                )
            })
    }

    fn resource_index(
        &self,
        kind: ResourceKind,
        group: &str,
        name: &str,
    ) -> Result<usize, ServiceError> {
        self.group(group)?;
        self.resources
            .iter()
            .position(|(k, value)| *k == kind && eq(&text(value, "resourceGroup"), group) && eq(&text(value, "name"), name))
            .ok_or_else(|| ServiceError::new("ResourceNotFound", format!("The Resource '{}/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix", kind.arm_type())))
    }

    fn identity_index(&self, group: &str, name: &str) -> Result<usize, ServiceError> {
        self.group(group)?;
        self.identities.iter().position(|value| eq(&text(value, "resourceGroup"), group) && eq(&text(value, "name"), name)).ok_or_else(|| {
            ServiceError::new(
                "ResourceNotFound",
                format!("The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"),
            )
        })
    }

    fn new_sp(
        &mut self,
        display_name: &str,
        managed: bool,
        alternative: Vec<String>,
        app_id: Option<String>,
    ) -> (String, String) {
        let id = self.guid();
        let app_id = app_id.unwrap_or_else(|| self.guid());
        let created = self.now();
        let json = json!({
            "@odata.type": "#microsoft.graph.servicePrincipal",
            "accountEnabled": true,
            "alternativeNames": alternative,
            "appDisplayName": if managed { Value::Null } else { Value::String(display_name.to_string()) },
            "appId": app_id,
            "appOwnerOrganizationId": if managed { Value::Null } else { Value::String(self.tenant.clone()) },
            "createdDateTime": if managed { Value::Null } else { Value::String(created) },
            "displayName": display_name,
            "id": id,
            "keyCredentials": [],
            "passwordCredentials": [],
            "servicePrincipalNames": if managed { vec![app_id.clone(), format!("https://identity.azure.net/{}", id)] } else { vec![app_id.clone()] },
            "servicePrincipalType": if managed { "ManagedIdentity" } else { "Application" },
            "signInAudience": if managed { Value::Null } else { Value::String("AzureADMyOrg".into()) },
            "tags": [],
        });
        self.principals.push(Sp { json });
        (id, app_id)
    }

    fn remove_sp(&mut self, id: &str) {
        self.principals.retain(|sp| text(&sp.json, "id") != id);
    }

    fn resolve_user_identity(&self, group: &str, reference: &str) -> Result<Value, ServiceError> {
        let found = if reference.starts_with('/') {
            self.identities
                .iter()
                .find(|value| eq(&text(value, "id"), reference))
        } else {
            self.identities.iter().find(|value| {
                eq(&text(value, "resourceGroup"), group) && eq(&text(value, "name"), reference)
            })
        };
        found.cloned().ok_or_else(|| {
            let name = reference.rsplit('/').next().unwrap_or(reference);
            ServiceError::new(
                "ResourceNotFound",
                format!("The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"),
            )
        })
    }

    fn assign(
        &mut self,
        index: usize,
        identity: &model::IdentitySelection,
        events: &mut Vec<String>,
    ) -> Result<(), ServiceError> {
        let (_, resource) = &self.resources[index];
        let group = text(resource, "resourceGroup");
        let name = text(resource, "name");
        let resource_id = text(resource, "id");
        let mut block = resource
            .get("identity")
            .cloned()
            .filter(|v| !v.is_null())
            .unwrap_or_else(|| json!({}));
        let mut users: Vec<Value> = Vec::new();
        for reference in &identity.user {
            users.push(self.resolve_user_identity(&group, reference)?);
        }
        if identity.system && block.get("principalId").is_none() {
            let (principal, _) = self.new_sp(
                &name,
                true,
                vec!["isExplicit=False".into(), resource_id.clone()],
                None,
            );
            events.push(format!(
                "Service principal '{name}' created for the system-assigned identity of '{name}'."
            ));
            block["principalId"] = json!(principal);
            block["tenantId"] = json!(self.tenant);
        }
        for user in users {
            let key = text(&user, "id").replace("/resourcegroups/", "/resourceGroups/");
            if block.get("userAssignedIdentities").is_none() {
                block["userAssignedIdentities"] = json!({});
            }
            block["userAssignedIdentities"][key] = json!({"clientId": text(&user, "clientId"), "principalId": text(&user, "principalId")});
            events.push(format!(
                "User-assigned identity '{}' attached to '{name}'.",
                text(&user, "name")
            ));
        }
        self.set_block(index, block);
        Ok(())
    }

    fn set_block(&mut self, index: usize, mut block: Value) {
        let system = block.get("principalId").is_some();
        let user = block
            .get("userAssignedIdentities")
            .and_then(Value::as_object)
            .is_some_and(|map| !map.is_empty());
        if !user {
            if let Some(map) = block.as_object_mut() {
                map.remove("userAssignedIdentities");
            }
        }
        let kind = match (system, user) {
            (true, true) => "SystemAssigned, UserAssigned",
            (true, false) => "SystemAssigned",
            (false, true) => "UserAssigned",
            (false, false) => "",
        };
        let resource = &mut self.resources[index].1;
        if kind.is_empty() {
            resource["identity"] = Value::Null;
        } else {
            block["type"] = json!(kind);
            resource["identity"] = block;
        }
    }

    fn grant(
        &mut self,
        principal: &str,
        role: &str,
        scope: &str,
        name: Option<&str>,
    ) -> Result<Value, ServiceError> {
        let definition = ROLES
            .iter()
            .find(|(role_name, guid, _)| {
                eq(role_name, role) || role.to_ascii_lowercase().ends_with(guid)
            })
            .ok_or_else(|| ServiceError::cli(format!("Role '{role}' doesn't exist.")))?;
        let name = name.map(str::to_string).unwrap_or_else(|| self.guid());
        let created = self.now();
        let group = scope
            .split('/')
            .skip_while(|part| !eq(part, "resourceGroups"))
            .nth(1)
            .map(str::to_string);
        let principal_type = if self
            .principals
            .iter()
            .any(|sp| text(&sp.json, "id") == principal)
        {
            "ServicePrincipal"
        } else {
            "User"
        };
        let assignment = json!({
            "condition": null,
            "conditionVersion": null,
            "createdBy": null,
            "createdOn": created,
            "delegatedManagedIdentityResourceId": null,
            "description": null,
            "id": format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
            "name": name,
            "principalId": principal,
            "principalType": principal_type,
            "resourceGroup": group,
            "roleDefinitionId": format!("/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}", self.subscription, definition.1),
            "scope": scope,
            "type": "Microsoft.Authorization/roleAssignments",
            "updatedBy": null,
            "updatedOn": created,
        });
        self.assignments.push(assignment.clone());
        Ok(assignment)
    }

    fn role_name_of(&self, assignment: &Value) -> String {
        let id = text(assignment, "roleDefinitionId");
        ROLES
            .iter()
            .find(|(_, guid, _)| id.ends_with(guid))
            .map(|(name, _, _)| name.to_string())
            .unwrap_or_default()
    }

    fn resource_json(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        location: &str,
    ) -> Value {
        let id = format!(
            "{}/providers/{}/{name}",
            self.group_id(group),
            kind.arm_type()
        );
        let mut value = json!({
            "id": id,
            "identity": null,
            "location": location,
            "name": name,
            "resourceGroup": group,
            "tags": {},
            "type": kind.arm_type(),
        });
        match kind {
            ResourceKind::VirtualMachine => {
                let vm_id = self.guid();
                value["hardwareProfile"] = json!({"vmSize": "Standard_DS1_v2"});
                value["provisioningState"] = json!("Succeeded");
                value["vmId"] = json!(vm_id);
                value["zones"] = json!(null);
            }
            ResourceKind::KeyVault => {
                value["properties"] = json!({"enableRbacAuthorization": false, "provisioningState": "Succeeded", "sku": {"family": "A", "name": "standard"}, "tenantId": self.tenant, "vaultUri": format!("https://{}.vault.azure.net/", name.to_ascii_lowercase())});
            }
            ResourceKind::WebApp | ResourceKind::FunctionApp => {
                value["defaultHostName"] =
                    json!(format!("{}.azurewebsites.net", name.to_ascii_lowercase()));
                value["kind"] = json!(if kind == ResourceKind::WebApp {
                    "app,linux"
                } else {
                    "functionapp,linux"
                });
                value["state"] = json!("Running");
            }
            _ => {
                value["provisioningState"] = json!("Succeeded");
            }
        }
        value
    }
}

impl Backend for StubBackend {
    fn subscription_id(&self) -> String {
        self.subscription.clone()
    }

    fn execute(&mut self, command: &Command) -> Result<Executed, ServiceError> {
        let mut events = Vec::new();
        let object = match command {
            Command::CreateResourceGroup { name, location } => {
                let value = json!({
                    "id": self.group_id(name), "location": location, "managedBy": null, "name": name,
                    "properties": {"provisioningState": "Succeeded"}, "tags": null, "type": "Microsoft.Resources/resourceGroups",
                });
                let existing = self.groups.keys().find(|key| eq(key, name)).cloned();
                let key = existing.unwrap_or_else(|| name.clone());
                let value = self.groups.entry(key).or_insert(value).clone();
                events.push(format!("Resource group '{name}' created."));
                Some(value)
            }
            Command::DeleteResourceGroup { name } => {
                self.group(name)?;
                let prefix = self.group_id(name).to_ascii_lowercase() + "/";
                let doomed_principals: Vec<String> = self
                    .resources
                    .iter()
                    .filter(|(_, value)| {
                        text(value, "id").to_ascii_lowercase().starts_with(&prefix)
                    })
                    .filter_map(|(_, value)| {
                        value
                            .get("identity")
                            .and_then(|block| block.get("principalId"))
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    })
                    .chain(
                        self.identities
                            .iter()
                            .filter(|value| {
                                text(value, "id").to_ascii_lowercase().starts_with(&prefix)
                            })
                            .map(|value| text(value, "principalId")),
                    )
                    .collect();
                for principal in doomed_principals {
                    self.remove_sp(&principal);
                }
                self.resources.retain(|(_, value)| {
                    !text(value, "id").to_ascii_lowercase().starts_with(&prefix)
                });
                self.identities
                    .retain(|value| !text(value, "id").to_ascii_lowercase().starts_with(&prefix));
                self.assignments.retain(|value| {
                    !(text(value, "scope").to_ascii_lowercase() + "/").starts_with(&prefix)
                });
                self.groups.retain(|key, _| !eq(key, name));
                events.push(format!(
                    "Resource group '{name}' deleted with everything inside."
                ));
                None
            }
            Command::CreateResource {
                kind,
                group,
                name,
                location,
                identity,
                grant,
                options,
            } => {
                let group_location = text(self.group(group)?, "location");
                if self.resource_index(*kind, group, name).is_ok() {
                    return Err(ServiceError::new(
                        "Conflict",
                        format!(
                            "A {} named '{name}' already exists in resource group '{group}'.",
                            kind.noun()
                        ),
                    ));
                }
                let location = location.clone().unwrap_or(group_location);
                let mut value = self.resource_json(*kind, group, name, &location);
                if *kind == ResourceKind::KeyVault {
                    value["properties"]["enableRbacAuthorization"] =
                        json!(options.rbac_authorization);
                }
                self.resources.push((*kind, value));
                let index = self.resources.len() - 1;
                events.push(format!("The {} '{name}' created.", kind.noun()));
                if !identity.is_empty() {
                    if let Err(error) = self.assign(index, identity, &mut events) {
                        self.resources.pop();
                        return Err(error);
                    }
                }
                if let Some(grant) = grant {
                    let principal = self.resources[index]
                        .1
                        .get("identity")
                        .and_then(|b| b.get("principalId"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    if let Some(principal) = principal {
                        self.grant(&principal, &grant.role, &grant.scope, None)?;
                    }
                }
                Some(self.resources[index].1.clone())
            }
            Command::DeleteResource { kind, group, name } => {
                let index = self.resource_index(*kind, group, name)?;
                let (_, value) = self.resources.remove(index);
                if let Some(principal) = value
                    .get("identity")
                    .and_then(|b| b.get("principalId"))
                    .and_then(Value::as_str)
                {
                    self.remove_sp(principal);
                    events.push(format!(
                        "Service principal '{name}' deleted because its {} was deleted.",
                        kind.noun()
                    ));
                }
                None
            }
            Command::AssignIdentity {
                kind,
                group,
                name,
                identity,
                grant,
            } => {
                let index = self.resource_index(*kind, group, name)?;
                self.assign(index, identity, &mut events)?;
                if let Some(grant) = grant {
                    let principal = self.resources[index]
                        .1
                        .get("identity")
                        .and_then(|b| b.get("principalId"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    if let Some(principal) = principal {
                        self.grant(&principal, &grant.role, &grant.scope, None)?;
                    }
                }
                Some(self.resources[index].1.clone())
            }
            Command::RemoveIdentity {
                kind,
                group,
                name,
                identity,
            } => {
                let index = self.resource_index(*kind, group, name)?;
                let mut block = self.resources[index]
                    .1
                    .get("identity")
                    .cloned()
                    .filter(|v| !v.is_null())
                    .unwrap_or_else(|| json!({}));
                if identity.system {
                    if let Some(principal) = block
                        .get("principalId")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                    {
                        self.remove_sp(&principal);
                        events.push(format!("Service principal '{name}' deleted because its system-assigned identity was disabled."));
                    }
                    if let Some(map) = block.as_object_mut() {
                        map.remove("principalId");
                        map.remove("tenantId");
                    }
                }
                for reference in &identity.user {
                    let user = self.resolve_user_identity(group, reference)?;
                    let id = text(&user, "id");
                    if let Some(map) = block
                        .get_mut("userAssignedIdentities")
                        .and_then(Value::as_object_mut)
                    {
                        map.retain(|key, _| !eq(key, &id));
                    }
                }
                self.set_block(index, block);
                Some(self.resources[index].1.clone())
            }
            Command::CreateUserIdentity {
                group,
                name,
                location,
            } => {
                let group_location = text(self.group(group)?, "location");
                if let Ok(index) = self.identity_index(group, name) {
                    return Ok(Executed {
                        events,
                        object: Some(self.identities[index].clone()),
                    });
                }
                let id = format!("/subscriptions/{}/resourcegroups/{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}", self.subscription);
                let (principal, client) =
                    self.new_sp(name, true, vec!["isExplicit=True".into(), id.clone()], None);
                let value = json!({
                    "clientId": client, "id": id, "location": location.clone().unwrap_or(group_location), "name": name,
                    "principalId": principal, "resourceGroup": group, "systemData": null, "tags": {}, "tenantId": self.tenant,
                    "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
                });
                self.identities.push(value.clone());
                events.push(format!(
                    "User-assigned identity '{name}' and its service principal created."
                ));
                Some(value)
            }
            Command::DeleteUserIdentity { group, name } => {
                let index = self.identity_index(group, name)?;
                let value = self.identities.remove(index);
                self.remove_sp(&text(&value, "principalId"));
                events.push(format!(
                    "User-assigned identity '{name}' and its service principal deleted."
                ));
                None
            }
            Command::CreateRoleAssignment {
                assignee,
                role,
                scope,
            } => Some(self.grant(assignee, role, scope, None)?),
            Command::CreateRoleAssignmentWithName {
                name,
                assignee,
                role,
                scope,
            } => Some(self.grant(assignee, role, scope, Some(name))?),
            Command::DeleteRoleAssignment { selector } => {
                let before = self.assignments.len();
                match selector {
                    AssignmentSelector::Ids(ids) => self
                        .assignments
                        .retain(|value| !ids.iter().any(|id| eq(id, &text(value, "id")))),
                    AssignmentSelector::Filter {
                        assignee,
                        role,
                        scope,
                    } => {
                        let roles: Vec<(String, bool)> = self
                            .assignments
                            .iter()
                            .map(|value| {
                                let role_name = self.role_name_of(value);
                                let matches = assignee
                                    .as_ref()
                                    .is_none_or(|a| eq(a, &text(value, "principalId")))
                                    && role.as_ref().is_none_or(|r| eq(r, &role_name))
                                    && scope.as_ref().is_none_or(|s| eq(s, &text(value, "scope")));
                                (role_name, matches)
                            })
                            .collect();
                        let mut index = 0;
                        self.assignments.retain(|_| {
                            index += 1;
                            !roles[index - 1].1
                        });
                    }
                }
                if before == self.assignments.len() {
                    return Err(ServiceError::cli(
                        "No matched assignments were found to delete",
                    ));
                }
                None
            }
            Command::CreateApplication {
                display_name,
                audience,
            } => {
                let id = self.guid();
                let app_id = self.guid();
                let created = self.now();
                let value = json!({
                    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications/$entity",
                    "appId": app_id, "createdDateTime": created, "displayName": display_name, "id": id,
                    "identifierUris": [], "keyCredentials": [], "passwordCredentials": [], "publisherDomain": "contoso.onmicrosoft.com",
                    "signInAudience": audience.as_str(), "tags": [],
                });
                self.applications.push(value.clone());
                Some(value)
            }
            Command::DeleteApplication { id } => {
                let before = self.applications.len();
                let app_id = self
                    .applications
                    .iter()
                    .find(|value| text(value, "id") == *id || text(value, "appId") == *id)
                    .map(|value| text(value, "appId"));
                self.applications
                    .retain(|value| text(value, "id") != *id && text(value, "appId") != *id);
                if before == self.applications.len() {
                    return Err(ServiceError::new("Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present.")));
                }
                if let Some(app_id) = app_id {
                    self.principals
                        .retain(|sp| text(&sp.json, "appId") != app_id);
                }
                None
            }
            Command::AddApplicationSecret {
                id, display_name, ..
            }
            | Command::AddApplicationCertificate {
                id, display_name, ..
            } => {
                let app = self
                    .applications
                    .iter()
                    .find(|value| text(value, "id") == *id || text(value, "appId") == *id)
                    .cloned();
                let Some(app) = app else {
                    return Err(ServiceError::new("Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present.")));
                };
                let secret = format!("{}~{}", &self.guid()[..3], self.guid().replace('-', ""));
                let _ = display_name;
                if matches!(command, Command::AddApplicationCertificate { .. }) {
                    Some(
                        json!({"appId": text(&app, "appId"), "fileWithCertAndPrivateKey": "/home/learner/tmpcert.pem", "password": null, "tenant": self.tenant}),
                    )
                } else {
                    Some(
                        json!({"appId": text(&app, "appId"), "password": secret, "tenant": self.tenant}),
                    )
                }
            }
            Command::CreateServicePrincipal { app_id } => {
                let app = self
                    .applications
                    .iter()
                    .find(|value| text(value, "appId") == *app_id || text(value, "id") == *app_id)
                    .cloned();
                let Some(app) = app else {
                    return Err(ServiceError::new("Request_ResourceNotFound", format!("Resource '{app_id}' does not exist or one of its queried reference-property objects are not present.")));
                };
                let (id, _) = self.new_sp(
                    &text(&app, "displayName"),
                    false,
                    vec![],
                    Some(text(&app, "appId")),
                );
                self.principals
                    .iter()
                    .find(|sp| text(&sp.json, "id") == id)
                    .map(|sp| sp.json.clone())
            }
            Command::DeleteServicePrincipal { id } => {
                let found = self
                    .principals
                    .iter()
                    .find(|sp| text(&sp.json, "id") == *id || text(&sp.json, "appId") == *id)
                    .cloned();
                match found {
                    None => return Err(ServiceError::new("Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."))),
                    Some(sp) if text(&sp.json, "servicePrincipalType") == "ManagedIdentity" => {
                        return Err(ServiceError::new("Request_BadRequest", "Cannot delete a managed identity's service principal directly: delete or disable the identity."))
                    }
                    Some(sp) => self.remove_sp(&text(&sp.json, "id")),
                }
                None
            }
            Command::SetSecret { vault, name, value } => {
                if !self
                    .resources
                    .iter()
                    .any(|(kind, v)| *kind == ResourceKind::KeyVault && eq(&text(v, "name"), vault))
                {
                    return Err(ServiceError::cli(format!("Max retries exceeded attempting to connect to Vault. The Vault may not exist or you may need to flush your DNS cache and try again later. ('{vault}')")));
                }
                let created = self.now();
                let version = self.guid().replace('-', "");
                let secret = json!({
                    "attributes": {"created": created, "enabled": true, "expires": null, "notBefore": null, "recoverableDays": 90, "recoveryLevel": "Recoverable+Purgeable", "updated": created},
                    "contentType": null,
                    "id": format!("https://{}.vault.azure.net/secrets/{name}/{version}", vault.to_ascii_lowercase()),
                    "kid": null, "managed": null, "name": name, "tags": {"file-encoding": "utf-8"}, "value": value,
                });
                self.secrets
                    .retain(|(v, s)| !(eq(v, vault) && eq(&text(s, "name"), name)));
                self.secrets.push((vault.clone(), secret.clone()));
                Some(secret)
            }
            Command::CreateBlobContainer { account, name } => {
                if !self.resources.iter().any(|(kind, v)| {
                    *kind == ResourceKind::StorageAccount && eq(&text(v, "name"), account)
                }) {
                    return Err(ServiceError::cli(format!(
                        "The specified account '{account}' is not found."
                    )));
                }
                self.containers.push((
                    account.clone(),
                    json!({"name": name, "properties": {"publicAccess": null}}),
                ));
                Some(json!({"created": true}))
            }
            Command::SetSubscription { subscription } => {
                if !eq(subscription, &self.subscription)
                    && !eq(subscription, "Playground Subscription")
                {
                    return Err(ServiceError::cli(format!(
                        "The subscription of '{subscription}' doesn't exist in cloud 'AzureCloud'."
                    )));
                }
                None
            }
            other => {
                return Err(ServiceError::cli(format!(
                    "The playground's stand-in model cannot do this yet: {}",
                    crate::lower::to_cli(other)
                )))
            }
        };
        Ok(Executed { events, object })
    }

    fn read(&self, read: &Read) -> Result<Value, ServiceError> {
        let resources_in = |group: &Option<String>| -> Vec<&(ResourceKind, Value)> {
            self.resources
                .iter()
                .filter(|(_, v)| {
                    group
                        .as_ref()
                        .is_none_or(|g| eq(g, &text(v, "resourceGroup")))
                })
                .collect()
        };
        Ok(match read {
            Read::GroupShow { name } => self.group(name)?.clone(),
            Read::GroupList => Value::Array(self.groups.values().cloned().collect()),
            Read::GroupExists { name } => json!(self.group(name).is_ok()),
            Read::ResourceShow { kind, group, name } => {
                let found = self.resources.iter().find(|(k, v)| k == kind && group.as_ref().is_none_or(|g| eq(g, &text(v, "resourceGroup"))) && eq(&text(v, "name"), name));
                match (found, group) {
                    (Some((_, value)), _) => value.clone(),
                    (None, Some(group)) => {
                        self.resource_index(*kind, group, name)?;
                        Value::Null
                    }
                    (None, None) => return Err(ServiceError::new("ResourceNotFound", format!("The {} '{name}' was not found.", kind.noun()))),
                }
            }
            Read::ResourceList { kind, group } => {
                if let Some(group) = group {
                    self.group(group)?;
                }
                Value::Array(resources_in(group).into_iter().filter(|(k, _)| k == kind).map(|(_, v)| v.clone()).collect())
            }
            Read::IdentityShow { kind, group, name } => {
                let index = self.resource_index(*kind, group, name)?;
                self.resources[index].1.get("identity").cloned().unwrap_or(Value::Null)
            }
            Read::UserIdentityShow { group, name } => self.identities[self.identity_index(group, name)?].clone(),
            Read::UserIdentityList { group } => {
                if let Some(group) = group {
                    self.group(group)?;
                }
                Value::Array(self.identities.iter().filter(|v| group.as_ref().is_none_or(|g| eq(g, &text(v, "resourceGroup")))).cloned().collect())
            }
            Read::SecretShow { vault, name } => self
                .secrets
                .iter()
                .find(|(v, s)| eq(v, vault) && eq(&text(s, "name"), name))
                .map(|(_, s)| s.clone())
                .ok_or_else(|| ServiceError::new("SecretNotFound", format!("A secret with (name/id) {name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182")))?,
            Read::SecretList { vault } => Value::Array(
                self.secrets
                    .iter()
                    .filter(|(v, _)| eq(v, vault))
                    .map(|(_, s)| json!({"attributes": s["attributes"], "contentType": null, "id": s["id"].as_str().map(|id| id.rsplit_once('/').map(|(head, _)| head.to_string()).unwrap_or_default()), "managed": null, "name": s["name"], "tags": s["tags"]}))
                    .collect(),
            ),
            Read::ContainerList { account } => Value::Array(self.containers.iter().filter(|(a, _)| eq(a, account)).map(|(_, c)| c.clone()).collect()),
            Read::AnyResourceList { group, name, resource_type } => {
                let mut all: Vec<Value> = resources_in(group).into_iter().map(|(_, v)| v.clone()).collect();
                all.extend(self.identities.iter().filter(|v| group.as_ref().is_none_or(|g| eq(g, &text(v, "resourceGroup")))).cloned());
                Value::Array(
                    all.into_iter()
                        .filter(|v| name.as_ref().is_none_or(|n| eq(n, &text(v, "name"))))
                        .filter(|v| resource_type.as_ref().is_none_or(|t| eq(t, &text(v, "type"))))
                        .map(|v| json!({"id": v["id"], "identity": v.get("identity").cloned().unwrap_or(Value::Null), "location": v["location"], "name": v["name"], "resourceGroup": v["resourceGroup"], "tags": v.get("tags").cloned().unwrap_or(Value::Null), "type": v["type"]}))
                        .collect(),
                )
            }
            Read::RoleAssignmentList { assignee, role, scope, group, all } => {
                let scope = scope.clone().or_else(|| group.as_ref().map(|g| self.group_id(g)));
                Value::Array(
                    self.assignments
                        .iter()
                        .filter(|v| assignee.as_ref().is_none_or(|a| eq(a, &text(v, "principalId"))))
                        .filter(|v| role.as_ref().is_none_or(|r| eq(r, &self.role_name_of(v))))
                        .filter(|v| match &scope {
                            Some(scope) => eq(scope, &text(v, "scope")),
                            None => *all || assignee.is_some() || eq(&text(v, "scope"), &format!("/subscriptions/{}", self.subscription)),
                        })
                        .map(|v| {
                            let mut v = v.clone();
                            let principal = text(&v, "principalId");
                            v["principalName"] = json!(self.principals.iter().find(|sp| text(&sp.json, "id") == principal).map(|sp| text(&sp.json, "appId")).unwrap_or_default());
                            v["roleDefinitionName"] = json!(self.role_name_of(&v));
                            v
                        })
                        .collect(),
                )
            }
            Read::RoleDefinitionList { name } => Value::Array(
                ROLES
                    .iter()
                    .filter(|(role, guid, _)| name.as_ref().is_none_or(|n| eq(n, role) || eq(n, guid)))
                    .map(|(role, guid, description)| {
                        json!({
                            "assignableScopes": ["/"], "createdBy": null, "createdOn": "2015-02-02T21:55:09.880642+00:00", "description": description,
                            "id": format!("/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{guid}", self.subscription),
                            "name": guid, "permissions": [], "roleName": role, "roleType": "BuiltInRole",
                            "type": "Microsoft.Authorization/roleDefinitions", "updatedBy": null, "updatedOn": "2021-11-11T20:13:47.862870+00:00",
                        })
                    })
                    .collect(),
            ),
            Read::ServicePrincipalList { display_name, filter, spn } => {
                let managed_only = filter.as_ref().is_some_and(|f| f.replace(' ', "").to_ascii_lowercase().contains("serviceprincipaltypeeq'managedidentity'"));
                Value::Array(
                    self.principals
                        .iter()
                        .map(|sp| &sp.json)
                        .filter(|v| display_name.as_ref().is_none_or(|n| text(v, "displayName").to_ascii_lowercase().starts_with(&n.to_ascii_lowercase())))
                        .filter(|v| !managed_only || text(v, "servicePrincipalType") == "ManagedIdentity")
                        .filter(|v| spn.as_ref().is_none_or(|s| v["servicePrincipalNames"].as_array().is_some_and(|names| names.iter().any(|n| n.as_str() == Some(s)))))
                        .cloned()
                        .collect(),
                )
            }
            Read::ServicePrincipalShow { id } => {
                let mut sp = self
                    .principals
                    .iter()
                    .find(|sp| text(&sp.json, "id") == *id || text(&sp.json, "appId") == *id)
                    .map(|sp| sp.json.clone())
                    .ok_or_else(|| ServiceError::new("Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present.")))?;
                sp["@odata.context"] = json!("https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity");
                sp
            }
            Read::ApplicationShow { id } => self
                .applications
                .iter()
                .find(|v| text(v, "id") == *id || text(v, "appId") == *id)
                .cloned()
                .ok_or_else(|| ServiceError::new("Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present.")))?,
            Read::ApplicationList { display_name, app_id, .. } => Value::Array(
                self.applications
                    .iter()
                    .filter(|v| display_name.as_ref().is_none_or(|n| text(v, "displayName").to_ascii_lowercase().starts_with(&n.to_ascii_lowercase())))
                    .filter(|v| app_id.as_ref().is_none_or(|a| eq(a, &text(v, "appId"))))
                    .map(|v| {
                        let mut v = v.clone();
                        if let Some(map) = v.as_object_mut() {
                            map.remove("@odata.context");
                        }
                        v
                    })
                    .collect(),
            ),
            Read::AccountShow { .. } | Read::Login => self.account(),
            Read::AccountList => {
                let mut account = self.account();
                account["cloudName"] = json!("AzureCloud");
                json!([account])
            }
        })
    }
}

impl StubBackend {
    fn account(&self) -> Value {
        json!({
            "environmentName": "AzureCloud",
            "homeTenantId": self.tenant,
            "id": self.subscription,
            "isDefault": true,
            "managedByTenants": [],
            "name": "Playground Subscription",
            "state": "Enabled",
            "tenantId": self.tenant,
            "user": {"name": "learner@contoso.onmicrosoft.com", "type": "user"},
        })
    }
}
