//! `--debug` on an `az` line: the HTTP requests the command made, as the Azure CLI's debug log shows them (azure-core's HTTP logging policy), abridged to the URL, the method, the body and the status (docs/azure-rules.md T10).

use model::{Command, Event, LogEntry, ResourceKind, Value, World};

const POLICY: &str = "cli.azure.cli.core.sdk.policies";

/// The ARM `api-version` the Azure CLI sends for a resource type.
fn api_version(kind: Option<ResourceKind>) -> &'static str {
    match kind {
        Some(ResourceKind::VirtualMachine | ResourceKind::VmScaleSet) => "2024-07-01",
        Some(ResourceKind::WebApp | ResourceKind::FunctionApp | ResourceKind::AppServicePlan) => {
            "2023-01-01"
        }
        Some(ResourceKind::LogicApp) => "2019-05-01",
        Some(ResourceKind::ContainerInstance) => "2023-05-01",
        Some(ResourceKind::StorageAccount) => "2023-05-01",
        Some(ResourceKind::KeyVault) => "2023-07-01",
        None => "2022-09-01",
    }
}

/// One request: method, URL, body (`None` for none) and the status it got.
struct Request {
    method: &'static str,
    url: String,
    body: Option<Value>,
    status: u16,
}

impl Request {
    fn arm(method: &'static str, id: &str, api: &str, body: Option<Value>, status: u16) -> Request {
        Request {
            method,
            url: format!("https://management.azure.com{id}?api-version={api}"),
            body,
            status,
        }
    }

    fn write(&self, out: &mut String) {
        out.push_str(&format!("{POLICY}: Request URL: '{}'\n", self.url));
        out.push_str(&format!("{POLICY}: Request method: '{}'\n", self.method));
        if let Some(body) = &self.body {
            out.push_str(&format!(
                "{POLICY}: Request body:\n{POLICY}: {}\n",
                body.to_compact()
            ));
        }
        out.push_str(&format!("{POLICY}: Response status: {}\n", self.status));
    }
}

/// The debug log of the commands a line ran (`world` after them): every request each one sent,
/// in order; a line whose commands were reads, or were refused, says so.
pub fn log(world: &World, executed: &[LogEntry], refused: bool) -> String {
    let mut out = String::new();
    for entry in executed {
        let mut requests: Vec<Request> = Vec::new();
        // A resource's identity changes are one PATCH of its `identity` block, whatever events they made.
        let mut patched: Vec<String> = Vec::new();
        requests.extend(token_call(world, entry));
        for event in &entry.events {
            match event {
                Event::ResourceGroupCreated { group } => requests.push(Request::arm(
                    "PUT",
                    &group.id,
                    api_version(None),
                    Some(Value::object(vec![(
                        "location",
                        group.location.as_str().into(),
                    )])),
                    201,
                )),
                Event::ResourceGroupDeleted { id, .. } => {
                    requests.push(Request::arm("DELETE", id, api_version(None), None, 202))
                }
                Event::ResourceCreated { resource } => {
                    let mut body = vec![("location", Value::from(resource.location.as_str()))];
                    if let Some(identity) = identity_block(world, &resource.id) {
                        body.push(("identity", identity));
                    }
                    requests.push(Request::arm(
                        "PUT",
                        &resource.id,
                        api_version(Some(resource.kind)),
                        Some(Value::object(body)),
                        201,
                    ));
                }
                Event::ResourceDeleted { kind, id, .. } => requests.push(Request::arm(
                    "DELETE",
                    id,
                    api_version(Some(*kind)),
                    None,
                    200,
                )),
                Event::SystemIdentityEnabled { .. }
                | Event::SystemIdentityDisabled { .. }
                | Event::UserIdentityAssigned { .. }
                | Event::UserIdentityUnassigned { .. } => {
                    let Some(id) = resource_of(event) else {
                        continue;
                    };
                    let created = requests
                        .iter()
                        .any(|r| r.method == "PUT" && r.url.contains(&format!("{id}?")));
                    if created || patched.contains(&id) {
                        continue;
                    }
                    let kind = world.resource_by_id(&id).map(|r| r.kind);
                    let identity = identity_block(world, &id)
                        .unwrap_or(Value::object(vec![("type", "None".into())]));
                    requests.push(Request::arm(
                        "PATCH",
                        &id,
                        api_version(kind),
                        Some(Value::object(vec![("identity", identity)])),
                        200,
                    ));
                    patched.push(id);
                }
                Event::UserIdentityCreated { identity } => requests.push(Request::arm(
                    "PUT",
                    &identity.id,
                    "2023-01-31",
                    Some(Value::object(vec![(
                        "location",
                        identity.location.as_str().into(),
                    )])),
                    201,
                )),
                Event::UserIdentityDeleted { id, .. } => {
                    requests.push(Request::arm("DELETE", id, "2023-01-31", None, 200))
                }
                Event::FederatedCredentialSet {
                    identity_id,
                    credential,
                    ..
                } => requests.push(Request::arm(
                    "PUT",
                    &format!(
                        "{identity_id}/federatedIdentityCredentials/{}",
                        credential.name
                    ),
                    "2023-01-31",
                    Some(Value::object(vec![(
                        "properties",
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
                            ("issuer", credential.issuer.as_str().into()),
                            ("subject", credential.subject.as_str().into()),
                        ]),
                    )])),
                    200,
                )),
                Event::FederatedCredentialDeleted {
                    identity_id, name, ..
                } => requests.push(Request::arm(
                    "DELETE",
                    &format!("{identity_id}/federatedIdentityCredentials/{name}"),
                    "2023-01-31",
                    None,
                    200,
                )),
                // Graph: a POST creates an app's credential, a PATCH (204) updates one, a DELETE removes it.
                Event::AppFederatedCredentialSet { app, credential, new, .. } => {
                    let list = format!("https://graph.microsoft.com/v1.0/applications/{app}/federatedIdentityCredentials");
                    let c = &credential.credential;
                    let body = Value::object(vec![
                        ("name", c.name.as_str().into()),
                        ("issuer", c.issuer.as_str().into()),
                        ("subject", c.subject.as_str().into()),
                        ("audiences", Value::Array(c.audiences.iter().map(|a| a.as_str().into()).collect())),
                    ]);
                    requests.push(match new {
                        true => Request { method: "POST", url: list, body: Some(body), status: 201 },
                        false => Request { method: "PATCH", url: format!("{list}/{}", credential.id), body: Some(body), status: 204 },
                    });
                }
                Event::AppFederatedCredentialDeleted { app, name, .. } => requests.push(Request {
                    method: "DELETE",
                    url: format!("https://graph.microsoft.com/v1.0/applications/{app}/federatedIdentityCredentials/{name}"),
                    body: None,
                    status: 204,
                }),
                Event::RoleAssignmentCreated { assignment, .. } => {
                    let id = format!(
                        "{}/providers/Microsoft.Authorization/roleAssignments/{}",
                        assignment.scope.trim_end_matches('/'),
                        assignment.name
                    );
                    let definition = world
                        .subscriptions
                        .get(&assignment.subscription_id)
                        .map(|s| model::json::role_definition_id(s, assignment.role))
                        .unwrap_or_default();
                    let properties = Value::object(vec![
                        ("roleDefinitionId", definition.into()),
                        ("principalId", assignment.principal_id.to_string().into()),
                        ("principalType", assignment.principal_type.as_str().into()),
                    ]);
                    requests.push(Request::arm(
                        "PUT",
                        &id,
                        "2022-04-01",
                        Some(Value::object(vec![("properties", properties)])),
                        201,
                    ));
                }
                Event::RoleAssignmentDeleted { id, .. } => {
                    requests.push(Request::arm("DELETE", id, "2022-04-01", None, 200))
                }
                Event::ApplicationCreated { application } => requests.push(Request {
                    method: "POST",
                    url: "https://graph.microsoft.com/v1.0/applications".into(),
                    body: Some(Value::object(vec![
                        ("displayName", application.display_name.as_str().into()),
                        ("signInAudience", application.audience.as_str().into()),
                    ])),
                    status: 201,
                }),
                Event::ServicePrincipalCreated { principal }
                    if !principal.is_managed_identity() =>
                {
                    requests.push(Request {
                        method: "POST",
                        url: "https://graph.microsoft.com/v1.0/servicePrincipals".into(),
                        body: Some(Value::object(vec![(
                            "appId",
                            principal.app_id.to_string().into(),
                        )])),
                        status: 201,
                    })
                }
                Event::SecretSet {
                    vault_name, secret, ..
                } => requests.push(Request {
                    method: "PUT",
                    url: format!(
                        "https://{}.vault.azure.net/secrets/{}?api-version=7.4",
                        vault_name.to_ascii_lowercase(),
                        secret.name
                    ),
                    body: Some(Value::object(vec![("value", secret.value.as_str().into())])),
                    status: 200,
                }),
                _ => {}
            }
        }
        if requests.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "cli.knack.cli: Command arguments: {}\n",
            arguments(&console::to_cli(&entry.command))
        ));
        for request in &requests {
            request.write(&mut out);
        }
    }
    if out.is_empty() && refused {
        out.push_str("cli.knack.cli: (the service refused the request: its error follows)\n");
    } else if out.is_empty() {
        out.push_str("cli.knack.cli: (the playground shows the requests of commands that change something; a read is a GET of what it prints)\n");
    }
    out
}

/// The token request a `playground token` or `playground federated-token` line stands for, with
/// its answer's status (400 when Entra ID refused it, docs/azure-rules.md T11).
fn token_call(world: &World, entry: &LogEntry) -> Option<Request> {
    let status = if Event::refused_sign_in(&entry.events).is_some() {
        400
    } else {
        200
    };
    if let Some(request) = console::commands::data::token_request(&entry.command) {
        return Some(Request {
            method: "GET",
            url: request.url,
            body: None,
            status,
        });
    }
    let Command::ExchangeFederatedToken {
        client_id, scope, ..
    } = &entry.command
    else {
        return None;
    };
    Some(Request {
        method: "POST",
        url: format!(
            "https://login.microsoftonline.com/{}/oauth2/v2.0/token",
            world.tenant_id()
        ),
        body: Some(Value::object(vec![
            ("client_id", client_id.as_str().into()),
            ("grant_type", "client_credentials".into()),
            ("scope", scope.as_str().into()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into(),
            ),
            ("client_assertion", "(the workload's own token)".into()),
        ])),
        status,
    })
}

/// knack's `Command arguments: ['group', 'create', …]`: the words after `az`, as Python prints a list.
fn arguments(line: &str) -> String {
    let words: Vec<String> = console::shell::parse(line)
        .ok()
        .and_then(|script| script.commands.into_iter().next())
        .map(|command| {
            command
                .words
                .iter()
                .skip(1)
                .filter_map(|word| word.literal())
                .collect()
        })
        .unwrap_or_default();
    let quoted: Vec<String> = words
        .iter()
        .map(|word| format!("'{}'", word.replace('\\', "\\\\").replace('\'', "\\'")))
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The resource an identity event is about.
fn resource_of(event: &Event) -> Option<String> {
    let text = match event {
        Event::SystemIdentityEnabled { resource_id, .. }
        | Event::SystemIdentityDisabled { resource_id, .. }
        | Event::UserIdentityAssigned { resource_id, .. }
        | Event::UserIdentityUnassigned { resource_id, .. } => resource_id,
        _ => return None,
    };
    Some(text.clone())
}

/// A resource's `identity` block as ARM takes it (`type`, `userAssignedIdentities` keys).
fn identity_block(world: &World, id: &str) -> Option<Value> {
    let resource = world.resource_by_id(id)?;
    let identity = model::json::resource(world, resource)
        .get("identity")
        .cloned()?;
    if identity.is_null() {
        return None;
    }
    let mut block = vec![("type", identity.get("type").cloned().unwrap_or_default())];
    if let Some(Value::Object(users)) = identity.get("userAssignedIdentities") {
        let keys = users
            .iter()
            .map(|(key, _)| (key.clone(), Value::Object(Vec::new())))
            .collect();
        block.push(("userAssignedIdentities", Value::Object(keys)));
    }
    Some(Value::object(block))
}
