//! Lowers a parsed `az` (or `playground`) invocation into a model command or a read, and prints every model command back as its one canonical line (`az …`, `sleep …` or `playground …`).

use model::{
    AssignmentSelector, Command, IdentitySelection, OsType, ResourceKind, ResourceOptions,
    RoleGrant, SignInAudience, TokenSelector,
};

use crate::az::{AzError, AzErrorKind, Invocation};
use crate::shell::quote;

/// What the console does for an invocation.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A change: goes through the model's session.
    Change(Command),
    /// A question answered from the model's JSON.
    Read(Read),
    /// `az vm update --set identity.type=…`: which identities go depends on the VM, so it is
    /// resolved against the world at run time.
    SetIdentityType {
        kind: ResourceKind,
        group: String,
        name: String,
        identity_type: String,
        clear_user: bool,
    },
}

/// The read-only commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    GroupShow {
        name: String,
    },
    GroupList,
    GroupExists {
        name: String,
    },
    /// `group: None` finds the resource by name (`az keyvault show -n`).
    ResourceShow {
        kind: ResourceKind,
        group: Option<String>,
        name: String,
    },
    /// `group: None` lists the whole subscription.
    ResourceList {
        kind: ResourceKind,
        group: Option<String>,
    },
    IdentityShow {
        kind: ResourceKind,
        group: String,
        name: String,
    },
    UserIdentityShow {
        group: String,
        name: String,
    },
    UserIdentityList {
        group: Option<String>,
    },
    SecretShow {
        vault: String,
        name: String,
    },
    SecretList {
        vault: String,
    },
    ContainerList {
        account: String,
    },
    /// `az resource list`
    AnyResourceList {
        group: Option<String>,
        name: Option<String>,
        resource_type: Option<String>,
    },
    RoleAssignmentList {
        assignee: Option<String>,
        role: Option<String>,
        scope: Option<String>,
        group: Option<String>,
        all: bool,
    },
    RoleDefinitionList {
        name: Option<String>,
    },
    ServicePrincipalList {
        display_name: Option<String>,
        filter: Option<String>,
        spn: Option<String>,
    },
    ServicePrincipalShow {
        id: String,
    },
    ApplicationShow {
        id: String,
    },
    ApplicationList {
        display_name: Option<String>,
        app_id: Option<String>,
        filter: Option<String>,
    },
    AccountShow {
        subscription: Option<String>,
    },
    AccountList,
    Login,
    /// `az rest --method get --url …/directory/deletedItems/microsoft.graph.application`
    DeletedApplicationList,
    /// `az rest --method get --url …/directory/deletedItems/microsoft.graph.servicePrincipal`
    DeletedServicePrincipalList,
}

/// What lowering needs to know about the world: the signed-in subscription, for `-g` scopes.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub subscription_id: String,
}

fn kind_of(path: &str) -> Option<ResourceKind> {
    let group = path
        .rsplit_once(' ')
        .map(|(head, _)| head.trim_end_matches(" identity"))
        .unwrap_or(path);
    Some(match group {
        "vm" => ResourceKind::VirtualMachine,
        "vmss" => ResourceKind::VmScaleSet,
        "webapp" => ResourceKind::WebApp,
        "functionapp" => ResourceKind::FunctionApp,
        "logic workflow" => ResourceKind::LogicApp,
        "container" => ResourceKind::ContainerInstance,
        "storage account" => ResourceKind::StorageAccount,
        "keyvault" => ResourceKind::KeyVault,
        _ => return None,
    })
}

fn usage(invocation: &Invocation, dest: &str, message: impl Into<String>) -> AzError {
    AzError {
        kind: AzErrorKind::InvalidValue {
            message: message.into(),
        },
        span: invocation.span_of(dest),
        suggestion: None,
    }
}

const SYSTEM: &str = "[system]";

/// `--assign-identity` / `--identities`: bare means the system-assigned identity.
fn selection(values: &[String]) -> IdentitySelection {
    if values.is_empty() {
        return IdentitySelection::system();
    }
    let mut selection = IdentitySelection::none();
    for value in values {
        if value.eq_ignore_ascii_case(SYSTEM) {
            selection.system = true;
        } else {
            selection.user.push(value.clone());
        }
    }
    selection
}

/// `--role/--scope` with an identity assignment, paired as `_validate_vm_vmss_msi` requires. That
/// they only apply to the system-assigned identity is a rule of the model (buttons need it too).
fn grant(invocation: &Invocation, is_identity_assign: bool) -> Result<Option<RoleGrant>, AzError> {
    let grant = match (invocation.get("role"), invocation.get("scope")) {
        (Some(role), Some(scope)) => RoleGrant { role: role.to_string(), scope: scope.to_string() },
        (None, None) => return Ok(None),
        (Some(_), None) if is_identity_assign => return Err(usage(invocation, "role", "usage error: please specify --scope when assigning a role to the managed identity")),
        (Some(_), None) => return Err(usage(invocation, "role", "usage error: please specify both --role and --scope when assigning a role to the managed identity")),
        (None, Some(_)) => return Err(usage(invocation, "scope", "usage error: please specify both --role and --scope when assigning a role to the managed identity")),
    };
    Ok(Some(grant))
}

fn is_windows_image(image: &str) -> bool {
    image.to_ascii_lowercase().contains("win")
}

fn owned(value: Option<&str>) -> Option<String> {
    value.map(str::to_string)
}

/// Turns an invocation into what the console should do.
pub fn lower(invocation: &Invocation, context: &Context) -> Result<Action, AzError> {
    if invocation.program.name == "playground" {
        return lower_token(invocation);
    }
    let path = invocation.command.path;
    let name = || invocation.get("name").unwrap_or_default().to_string();
    let group = || {
        invocation
            .get("resource_group")
            .unwrap_or_default()
            .to_string()
    };
    let kind = kind_of(path);
    let verb = path.rsplit(' ').next().unwrap_or(path);
    let read = |read: Read| Ok(Action::Read(read));
    let change = |command: Command| Ok(Action::Change(command));
    if path.contains(" identity ") {
        let kind = kind.unwrap_or(ResourceKind::VirtualMachine);
        let logic = kind == ResourceKind::LogicApp;
        let identity = if logic {
            let mut selection = IdentitySelection::none();
            selection.system = invocation.flag("system_assigned");
            selection.user = invocation
                .many("user_assigned")
                .map(<[String]>::to_vec)
                .unwrap_or_default();
            if selection.is_empty() {
                return Err(usage(
                    invocation,
                    "name",
                    "usage error: please specify --system-assigned and/or --user-assigned",
                ));
            }
            selection
        } else {
            selection(invocation.many("identities").unwrap_or_default())
        };
        return match verb {
            "assign" => {
                let grant = if logic {
                    None
                } else {
                    grant(invocation, true)?
                };
                change(Command::AssignIdentity {
                    kind,
                    group: group(),
                    name: name(),
                    identity,
                    grant,
                })
            }
            "remove" => change(Command::RemoveIdentity {
                kind,
                group: group(),
                name: name(),
                identity,
            }),
            _ => read(Read::IdentityShow {
                kind,
                group: group(),
                name: name(),
            }),
        };
    }
    if let Some(kind) = kind {
        return match verb {
            "create" => lower_create(invocation, kind),
            "delete" => {
                if kind == ResourceKind::KeyVault || kind == ResourceKind::StorageAccount {
                    // These take `-g` optionally: the model finds the resource by name.
                    if invocation.get("resource_group").is_none() {
                        return Err(usage(
                            invocation,
                            "name",
                            "the following arguments are required: --resource-group/-g",
                        ));
                    }
                }
                change(Command::DeleteResource {
                    kind,
                    group: group(),
                    name: name(),
                })
            }
            "show" => read(Read::ResourceShow {
                kind,
                group: owned(invocation.get("resource_group")),
                name: name(),
            }),
            "list" => read(Read::ResourceList {
                kind,
                group: owned(invocation.get("resource_group")),
            }),
            "update" => lower_update(invocation, kind),
            _ => Err(usage(
                invocation,
                "name",
                format!("'{path}' is not available in the playground"),
            )),
        };
    }
    match path {
        "group create" => change(Command::CreateResourceGroup {
            name: name(),
            location: invocation.get("location").unwrap_or_default().to_string(),
        }),
        "group delete" => change(Command::DeleteResourceGroup { name: name() }),
        "group show" => read(Read::GroupShow { name: name() }),
        "group list" => read(Read::GroupList),
        "group exists" => read(Read::GroupExists { name: name() }),
        "identity create" => change(Command::CreateUserIdentity {
            group: group(),
            name: name(),
            location: owned(invocation.get("location")),
        }),
        "identity delete" => change(Command::DeleteUserIdentity {
            group: group(),
            name: name(),
        }),
        "identity show" => read(Read::UserIdentityShow {
            group: group(),
            name: name(),
        }),
        "identity list" => read(Read::UserIdentityList {
            group: owned(invocation.get("resource_group")),
        }),
        "keyvault secret set" => match invocation.get("value") {
            Some(value) => change(Command::SetSecret {
                vault: invocation.get("vault_name").unwrap_or_default().to_string(),
                name: name(),
                value: value.to_string(),
            }),
            None => Err(usage(
                invocation,
                "name",
                "usage error: --value VALUE | --file PATH",
            )),
        },
        "keyvault secret show" => read(Read::SecretShow {
            vault: invocation.get("vault_name").unwrap_or_default().to_string(),
            name: name(),
        }),
        "keyvault secret list" => read(Read::SecretList {
            vault: invocation.get("vault_name").unwrap_or_default().to_string(),
        }),
        "storage container create" => change(Command::CreateBlobContainer {
            account: invocation
                .get("account_name")
                .unwrap_or_default()
                .to_string(),
            name: name(),
        }),
        "storage container list" => read(Read::ContainerList {
            account: invocation
                .get("account_name")
                .unwrap_or_default()
                .to_string(),
        }),
        "resource list" => read(Read::AnyResourceList {
            group: owned(invocation.get("resource_group")),
            name: owned(invocation.get("name")),
            resource_type: owned(invocation.get("resource_type")),
        }),
        "role assignment create" => {
            let assignee = match (
                invocation.get("assignee"),
                invocation.get("assignee_object_id"),
            ) {
                (Some(assignee), _) | (None, Some(assignee)) => assignee.to_string(),
                (None, None) => {
                    return Err(usage(
                        invocation,
                        "role",
                        "usage error: --assignee STRING | --assignee-object-id GUID",
                    ))
                }
            };
            let scope = match (invocation.get("scope"), invocation.get("resource_group")) {
                (Some(scope), _) => scope.to_string(),
                (None, Some(group)) => format!(
                    "/subscriptions/{}/resourceGroups/{group}",
                    context.subscription_id
                ),
                (None, None) => {
                    return Err(usage(
                        invocation,
                        "role",
                        "the following arguments are required: --scope",
                    ))
                }
            };
            let role = invocation.get("role").unwrap_or_default().to_string();
            match invocation.get("assignment_name") {
                Some(name) => change(Command::CreateRoleAssignmentWithName {
                    name: name.to_string(),
                    assignee,
                    role,
                    scope,
                }),
                None => change(Command::CreateRoleAssignment {
                    assignee,
                    role,
                    scope,
                }),
            }
        }
        "role assignment list" => read(Read::RoleAssignmentList {
            assignee: owned(invocation.get("assignee")),
            role: owned(invocation.get("role")),
            scope: owned(invocation.get("scope")),
            group: owned(invocation.get("resource_group")),
            all: invocation.flag("all"),
        }),
        "role assignment delete" => {
            if let Some(ids) = invocation.many("ids") {
                return change(Command::DeleteRoleAssignment {
                    selector: AssignmentSelector::Ids(ids.to_vec()),
                });
            }
            let scope = match (invocation.get("scope"), invocation.get("resource_group")) {
                (Some(scope), _) => Some(scope.to_string()),
                (None, Some(group)) => Some(format!(
                    "/subscriptions/{}/resourceGroups/{group}",
                    context.subscription_id
                )),
                (None, None) => None,
            };
            change(Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Filter {
                    assignee: owned(invocation.get("assignee")),
                    role: owned(invocation.get("role")),
                    scope,
                },
            })
        }
        "role definition list" => read(Read::RoleDefinitionList {
            name: owned(invocation.get("name")),
        }),
        "ad sp list" => read(Read::ServicePrincipalList {
            display_name: owned(invocation.get("display_name")),
            filter: owned(invocation.get("filter")),
            spn: owned(invocation.get("spn")),
        }),
        "ad sp show" => read(Read::ServicePrincipalShow {
            id: invocation.get("id").unwrap_or_default().to_string(),
        }),
        "ad sp create" => change(Command::CreateServicePrincipal {
            app_id: invocation.get("id").unwrap_or_default().to_string(),
        }),
        "ad sp delete" => change(Command::DeleteServicePrincipal {
            id: invocation.get("id").unwrap_or_default().to_string(),
        }),
        "ad app create" => {
            let audience = match invocation.get("sign_in_audience") {
                None | Some("AzureADMyOrg") => SignInAudience::AzureAdMyOrg,
                Some("AzureADMultipleOrgs") => SignInAudience::AzureAdMultipleOrgs,
                Some(other) => return Err(usage(invocation, "sign_in_audience", format!("'{other}' accounts are not modelled in the playground: use AzureADMyOrg or AzureADMultipleOrgs"))),
            };
            change(Command::CreateApplication {
                display_name: invocation
                    .get("display_name")
                    .unwrap_or_default()
                    .to_string(),
                audience,
            })
        }
        "ad app delete" => change(Command::DeleteApplication {
            id: invocation.get("id").unwrap_or_default().to_string(),
        }),
        "ad app show" => read(Read::ApplicationShow {
            id: invocation.get("id").unwrap_or_default().to_string(),
        }),
        "ad app list" => read(Read::ApplicationList {
            display_name: owned(invocation.get("display_name")),
            app_id: owned(invocation.get("app_id")),
            filter: owned(invocation.get("filter")),
        }),
        "ad app credential reset" => {
            let years = match invocation.get("years") {
                None => 1,
                Some(text) => match text.parse::<u32>() {
                    Ok(years) if years >= 1 => years,
                    _ => {
                        return Err(usage(
                            invocation,
                            "years",
                            format!("argument --years: invalid int value: '{text}'"),
                        ))
                    }
                },
            };
            let id = invocation.get("id").unwrap_or_default().to_string();
            let display_name = owned(invocation.get("display_name"));
            // Without --append the reset replaces the app's secrets (and certificates, for a
            // certificate): the model removes them, as azure-cli `_reset_credential` does.
            let append = invocation.flag("append");
            if invocation.flag("cert") || invocation.flag("create_cert") {
                change(Command::AddApplicationCertificate {
                    id,
                    display_name,
                    years,
                    append,
                })
            } else {
                change(Command::AddApplicationSecret {
                    id,
                    display_name,
                    years,
                    append,
                })
            }
        }
        "account show" => read(Read::AccountShow {
            subscription: owned(invocation.get("subscription")),
        }),
        "account list" => read(Read::AccountList),
        "account set" => change(Command::SetSubscription {
            subscription: invocation
                .get("subscription")
                .unwrap_or_default()
                .to_string(),
        }),
        "login" => read(Read::Login),
        "rest" => lower_rest(invocation),
        _ => Err(usage(
            invocation,
            "name",
            format!("'az {path}' is not available in the playground"),
        )),
    }
}

fn lower_create(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let name = invocation.get("name").unwrap_or_default().to_string();
    let group = invocation
        .get("resource_group")
        .unwrap_or_default()
        .to_string();
    let mut options = ResourceOptions::default();
    let mut location = owned(invocation.get("location"));
    let mut identity = IdentitySelection::none();
    let mut role_grant = None;
    match kind {
        ResourceKind::VirtualMachine | ResourceKind::VmScaleSet => {
            let windows = invocation.get("os_type") == Some("Windows")
                || invocation.get("image").is_some_and(is_windows_image);
            options.os_type = if windows {
                OsType::Windows
            } else {
                OsType::Linux
            };
        }
        ResourceKind::FunctionApp => {
            location = owned(invocation.get("consumption_plan_location"));
            options.storage_account = owned(invocation.get("storage_account"));
        }
        ResourceKind::KeyVault => {
            // Azure RBAC unless `--enable-rbac-authorization false` (az's default since 2.61.0).
            options.rbac_authorization = invocation.optional_bool("enable_rbac_authorization", true)
        }
        _ => {}
    }
    if kind == ResourceKind::LogicApp {
        identity.system = invocation.flag("mi_system_assigned");
        if let Some(user) = invocation.get("mi_user_assigned") {
            identity.user.push(user.to_string());
        }
    } else if let Some(values) = invocation.many("assign_identity") {
        identity = selection(values);
        role_grant = grant(invocation, false)?;
    } else if invocation.get("role").is_some() || invocation.get("scope").is_some() {
        let dest = if invocation.get("role").is_some() {
            "role"
        } else {
            "scope"
        };
        return Err(usage(
            invocation,
            dest,
            "usage error: --assign-identity [--scope SCOPE] [--role ROLE]",
        ));
    }
    Ok(Action::Change(Command::CreateResource {
        kind,
        group,
        name,
        location,
        identity,
        grant: role_grant,
        options,
    }))
}

/// `az vm update --set identity.type=… [identity.userAssignedIdentities=null]`, the only `--set`
/// paths the tutorials use; other properties are not modelled.
fn lower_update(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let sets = invocation.many("set").unwrap_or_default();
    let mut identity_type = None;
    let mut clear_user = false;
    for assignment in sets {
        let (path, value) = assignment.split_once('=').unwrap_or((assignment, ""));
        match (path.to_ascii_lowercase().as_str(), value) {
            ("identity.type", value) => identity_type = Some(value.to_string()),
            ("identity.userassignedidentities", "null") => clear_user = true,
            _ => return Err(usage(invocation, "set", format!("'--set {assignment}' is not modelled in the playground: only identity.type and identity.userAssignedIdentities=null are"))),
        }
    }
    match identity_type {
        Some(identity_type) => Ok(Action::SetIdentityType {
            kind,
            group: invocation
                .get("resource_group")
                .unwrap_or_default()
                .to_string(),
            name: invocation.get("name").unwrap_or_default().to_string(),
            identity_type,
            clear_user,
        }),
        None => Err(usage(
            invocation,
            "name",
            "usage error: the playground models `az vm update` only with --set identity.type=...",
        )),
    }
}

// ---- az rest ------------------------------------------------------------------------------

const GRAPH: &str = "https://graph.microsoft.com/v1.0";

const REST_CALLS: &str = "the playground answers only these az rest calls (Microsoft Graph's deleted items, v1.0 or beta):
    az rest --method post --url https://graph.microsoft.com/v1.0/directory/deletedItems/{object-id}/restore
    az rest --method get --url https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.application
    az rest --method get --url https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal";

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(suffix.len())?;
    let tail = text.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..at])
}

/// What follows `/directory/deletedItems/` in a Microsoft Graph URL (v1.0 or beta). Graph's paths
/// are case-insensitive; its docs write both `deletedItems` and `deleteditems`.
fn deleted_items_path(url: &str) -> Option<&str> {
    let path = strip_prefix_ignore_case(url, "https://graph.microsoft.com/")?;
    let path = strip_prefix_ignore_case(path, "v1.0/")
        .or_else(|| strip_prefix_ignore_case(path, "beta/"))?;
    strip_prefix_ignore_case(path, "directory/deletedItems/")
}

/// `az rest`: only the deleted-items calls, which the Graph-era CLI has no command for.
fn lower_rest(invocation: &Invocation) -> Result<Action, AzError> {
    let url = invocation.get("url").unwrap_or_default();
    let method = invocation.get("method").unwrap_or("get");
    if invocation.get("body").is_some() {
        return Err(usage(
            invocation,
            "body",
            format!("--body is not modelled: {REST_CALLS}"),
        ));
    }
    let unsupported = || {
        usage(
            invocation,
            "url",
            format!("'az rest --method {method} --url {url}' is not modelled: {REST_CALLS}"),
        )
    };
    let path = deleted_items_path(url)
        .filter(|path| !path.contains(['?', '#']))
        .ok_or_else(unsupported)?;
    match method {
        "post" => {
            let id = strip_suffix_ignore_case(path, "/restore").ok_or_else(unsupported)?;
            Ok(Action::Change(Command::RestoreDeletedItem {
                id: percent_decode(id),
            }))
        }
        "get" if path.eq_ignore_ascii_case("microsoft.graph.application") => {
            Ok(Action::Read(Read::DeletedApplicationList))
        }
        "get" if path.eq_ignore_ascii_case("microsoft.graph.servicePrincipal") => {
            Ok(Action::Read(Read::DeletedServicePrincipalList))
        }
        _ => Err(unsupported()),
    }
}

/// An object ID as a URL path segment: RFC 3986's unreserved characters stay, every other byte
/// is `%XX` (a real object ID is a GUID and comes out unchanged).
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The inverse of [`percent_encode`]; a `%` not followed by two hex digits stays as typed.
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_string())
}

// ---- playground token ---------------------------------------------------------------------

/// `playground token --type` words, one per resource kind.
const TOKEN_TYPES: [(&str, ResourceKind); 8] = [
    ("vm", ResourceKind::VirtualMachine),
    ("vmss", ResourceKind::VmScaleSet),
    ("webapp", ResourceKind::WebApp),
    ("functionapp", ResourceKind::FunctionApp),
    ("logicapp", ResourceKind::LogicApp),
    ("container", ResourceKind::ContainerInstance),
    ("storage", ResourceKind::StorageAccount),
    ("keyvault", ResourceKind::KeyVault),
];

fn token_type(kind: ResourceKind) -> &'static str {
    TOKEN_TYPES
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("vm", |(word, _)| word)
}

/// `playground token`: a resource's code asks its identity endpoint for a token.
fn lower_token(invocation: &Invocation) -> Result<Action, AzError> {
    let wanted = invocation.get("type").unwrap_or_default();
    let kind = TOKEN_TYPES
        .iter()
        .find(|(word, _)| word.eq_ignore_ascii_case(wanted))
        .map(|(_, kind)| *kind)
        .ok_or_else(|| usage(invocation, "type", format!("unknown --type '{wanted}'")))?;
    let mut selectors: Vec<(&str, TokenSelector)> = Vec::new();
    if let Some(id) = invocation.get("client_id") {
        selectors.push(("client_id", TokenSelector::ClientId(id.to_string())));
    }
    if let Some(id) = invocation.get("object_id") {
        selectors.push(("object_id", TokenSelector::ObjectId(id.to_string())));
    }
    if let Some(id) = invocation.get("msi_res_id") {
        selectors.push(("msi_res_id", TokenSelector::ResourceId(id.to_string())));
    }
    if let Some((dest, _)) = selectors.get(1) {
        return Err(usage(
            invocation,
            dest,
            "usage error: --client-id ID | --object-id ID | --msi-res-id RESOURCE_ID: the identity endpoint takes at most one",
        ));
    }
    Ok(Action::Change(Command::RequestToken {
        kind,
        group: invocation
            .get("resource_group")
            .unwrap_or_default()
            .to_string(),
        name: invocation.get("name").unwrap_or_default().to_string(),
        audience: invocation.get("resource").unwrap_or_default().to_string(),
        selector: selectors.pop().map(|(_, selector)| selector),
    }))
}

// ---- to_cli -------------------------------------------------------------------------------

fn flag(line: &mut String, flag: &str, value: &str) {
    line.push(' ');
    line.push_str(flag);
    // argparse reads `--value -a` as a flag without its value: a value that starts with `-` is
    // joined to its flag with `=`, as the CLI's own docs write `--value=-a`.
    line.push(if value.starts_with('-') { '=' } else { ' ' });
    line.push_str(&quote(value));
}

fn identity_words(identity: &IdentitySelection, system_is_bare: bool) -> Vec<String> {
    let mut words = Vec::new();
    if identity.system && !(system_is_bare && identity.user.is_empty()) {
        words.push(SYSTEM.to_string());
    }
    words.extend(identity.user.iter().map(|user| quote(user)));
    words
}

fn group_path(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::VirtualMachine => "vm",
        ResourceKind::VmScaleSet => "vmss",
        ResourceKind::WebApp => "webapp",
        ResourceKind::FunctionApp => "functionapp",
        ResourceKind::LogicApp => "logic workflow",
        ResourceKind::ContainerInstance => "container",
        ResourceKind::StorageAccount => "storage account",
        ResourceKind::KeyVault => "keyvault",
    }
}

/// Whether the Azure CLI has an `identity assign/remove` for this kind (containers, storage
/// accounts and key vaults have none, so `to_cli` can only describe those commands).
pub fn has_identity_commands(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::VirtualMachine
            | ResourceKind::VmScaleSet
            | ResourceKind::WebApp
            | ResourceKind::FunctionApp
            | ResourceKind::LogicApp
    )
}

/// The one canonical line of a model command: `parse(to_cli(c)) == c`. Most are `az` lines; time
/// passing is `sleep`, and a token request (made by code inside a resource, not with `az`) is the
/// playground-only `playground token`. Identity changes on kinds without `az … identity` commands
/// come back as a `#` comment describing them.
pub fn to_cli(command: &Command) -> String {
    let mut line = String::from("az");
    match command {
        Command::CreateResourceGroup { name, location } => {
            line.push_str(" group create");
            flag(&mut line, "--name", name);
            flag(&mut line, "--location", location);
        }
        Command::DeleteResourceGroup { name } => {
            line.push_str(" group delete");
            flag(&mut line, "--name", name);
            line.push_str(" --yes");
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
            line.push(' ');
            line.push_str(group_path(*kind));
            line.push_str(" create");
            flag(&mut line, "--name", name);
            flag(&mut line, "--resource-group", group);
            match kind {
                ResourceKind::VirtualMachine | ResourceKind::VmScaleSet => {
                    flag(
                        &mut line,
                        "--image",
                        if options.os_type == OsType::Windows {
                            "Win2022Datacenter"
                        } else {
                            "Ubuntu2204"
                        },
                    );
                }
                ResourceKind::WebApp => flag(&mut line, "--plan", &format!("{name}-plan")),
                ResourceKind::FunctionApp => flag(
                    &mut line,
                    "--storage-account",
                    options.storage_account.as_deref().unwrap_or("funcstorage"),
                ),
                ResourceKind::ContainerInstance => flag(
                    &mut line,
                    "--image",
                    "mcr.microsoft.com/azuredocs/aci-helloworld",
                ),
                _ => {}
            }
            if let Some(location) = location {
                let location_flag = match kind {
                    ResourceKind::FunctionApp => "--consumption-plan-location",
                    _ => "--location",
                };
                flag(&mut line, location_flag, location);
            }
            if *kind == ResourceKind::KeyVault && !options.rbac_authorization {
                line.push_str(" --enable-rbac-authorization false");
            }
            if *kind == ResourceKind::LogicApp {
                if identity.system {
                    line.push_str(" --mi-system-assigned");
                }
                if let Some(user) = identity.user.first() {
                    flag(&mut line, "--mi-user-assigned", user);
                }
            } else if !identity.is_empty() {
                line.push_str(" --assign-identity");
                for word in identity_words(identity, true) {
                    line.push(' ');
                    line.push_str(&word);
                }
            }
            if let Some(grant) = grant {
                flag(&mut line, "--role", &grant.role);
                flag(&mut line, "--scope", &grant.scope);
            }
        }
        Command::DeleteResource { kind, group, name } => {
            line.push(' ');
            line.push_str(group_path(*kind));
            line.push_str(" delete");
            flag(&mut line, "--name", name);
            flag(&mut line, "--resource-group", group);
            if matches!(
                kind,
                ResourceKind::VirtualMachine
                    | ResourceKind::LogicApp
                    | ResourceKind::ContainerInstance
                    | ResourceKind::StorageAccount
            ) {
                line.push_str(" --yes");
            }
        }
        Command::AssignIdentity {
            kind,
            group,
            name,
            identity,
            grant,
        } if has_identity_commands(*kind) => {
            identity_line(
                &mut line,
                *kind,
                "assign",
                group,
                name,
                identity,
                grant.as_ref(),
            );
        }
        Command::RemoveIdentity {
            kind,
            group,
            name,
            identity,
        } if has_identity_commands(*kind) => {
            identity_line(&mut line, *kind, "remove", group, name, identity, None);
        }
        Command::AssignIdentity {
            kind, group, name, ..
        }
        | Command::RemoveIdentity {
            kind, group, name, ..
        } => {
            let verb = if matches!(command, Command::AssignIdentity { .. }) {
                "assign"
            } else {
                "remove"
            };
            return format!("# {verb} managed identities on the {} '{name}' in '{group}' (the Azure CLI has no command for this)", kind.noun());
        }
        Command::CreateUserIdentity {
            group,
            name,
            location,
        } => {
            line.push_str(" identity create");
            flag(&mut line, "--name", name);
            flag(&mut line, "--resource-group", group);
            if let Some(location) = location {
                flag(&mut line, "--location", location);
            }
        }
        Command::DeleteUserIdentity { group, name } => {
            line.push_str(" identity delete");
            flag(&mut line, "--name", name);
            flag(&mut line, "--resource-group", group);
        }
        Command::CreateRoleAssignment {
            assignee,
            role,
            scope,
        } => {
            line.push_str(" role assignment create");
            flag(&mut line, "--assignee", assignee);
            flag(&mut line, "--role", role);
            flag(&mut line, "--scope", scope);
        }
        Command::DeleteRoleAssignment { selector } => {
            line.push_str(" role assignment delete");
            match selector {
                AssignmentSelector::Ids(ids) => {
                    line.push_str(" --ids");
                    for id in ids {
                        line.push(' ');
                        line.push_str(&quote(id));
                    }
                }
                AssignmentSelector::Filter {
                    assignee,
                    role,
                    scope,
                } => {
                    if let Some(assignee) = assignee {
                        flag(&mut line, "--assignee", assignee);
                    }
                    if let Some(role) = role {
                        flag(&mut line, "--role", role);
                    }
                    if let Some(scope) = scope {
                        flag(&mut line, "--scope", scope);
                    }
                }
            }
            line.push_str(" --yes");
        }
        Command::CreateApplication {
            display_name,
            audience,
        } => {
            line.push_str(" ad app create");
            flag(&mut line, "--display-name", display_name);
            if *audience != SignInAudience::AzureAdMyOrg {
                flag(&mut line, "--sign-in-audience", audience.as_str());
            }
        }
        Command::DeleteApplication { id } => {
            line.push_str(" ad app delete");
            flag(&mut line, "--id", id);
        }
        Command::AddApplicationSecret {
            id,
            display_name,
            years,
            append,
        }
        | Command::AddApplicationCertificate {
            id,
            display_name,
            years,
            append,
        } => {
            line.push_str(" ad app credential reset");
            flag(&mut line, "--id", id);
            if matches!(command, Command::AddApplicationCertificate { .. }) {
                line.push_str(" --create-cert");
            }
            if *append {
                line.push_str(" --append");
            }
            if let Some(display_name) = display_name {
                flag(&mut line, "--display-name", display_name);
            }
            if *years != 1 {
                flag(&mut line, "--years", &years.to_string());
            }
        }
        Command::CreateServicePrincipal { app_id } => {
            line.push_str(" ad sp create");
            flag(&mut line, "--id", app_id);
        }
        Command::DeleteServicePrincipal { id } => {
            line.push_str(" ad sp delete");
            flag(&mut line, "--id", id);
        }
        Command::SetSecret { vault, name, value } => {
            line.push_str(" keyvault secret set");
            flag(&mut line, "--vault-name", vault);
            flag(&mut line, "--name", name);
            flag(&mut line, "--value", value);
        }
        Command::CreateBlobContainer { account, name } => {
            line.push_str(" storage container create");
            flag(&mut line, "--account-name", account);
            flag(&mut line, "--name", name);
            line.push_str(" --auth-mode login");
        }
        Command::SetSubscription { subscription } => {
            line.push_str(" account set");
            flag(&mut line, "--subscription", subscription);
        }
        Command::CreateRoleAssignmentWithName {
            name,
            assignee,
            role,
            scope,
        } => {
            line.push_str(" role assignment create");
            flag(&mut line, "--name", name);
            flag(&mut line, "--assignee", assignee);
            flag(&mut line, "--role", role);
            flag(&mut line, "--scope", scope);
        }
        Command::RestoreDeletedItem { id } => {
            line.push_str(" rest --method post");
            let url = format!(
                "{GRAPH}/directory/deletedItems/{}/restore",
                percent_encode(id)
            );
            flag(&mut line, "--url", &url);
        }
        Command::AdvanceClock { minutes } => return crate::sleep::line(*minutes),
        Command::RequestToken {
            kind,
            group,
            name,
            audience,
            selector,
        } => {
            let mut line = String::from("playground token");
            flag(&mut line, "--type", token_type(*kind));
            flag(&mut line, "--resource-group", group);
            flag(&mut line, "--name", name);
            flag(&mut line, "--resource", audience);
            match selector {
                Some(TokenSelector::ClientId(id)) => flag(&mut line, "--client-id", id),
                Some(TokenSelector::ObjectId(id)) => flag(&mut line, "--object-id", id),
                Some(TokenSelector::ResourceId(id)) => flag(&mut line, "--msi-res-id", id),
                None => {}
            }
            return line;
        }
    }
    line
}

fn identity_line(
    line: &mut String,
    kind: ResourceKind,
    verb: &str,
    group: &str,
    name: &str,
    identity: &IdentitySelection,
    grant: Option<&RoleGrant>,
) {
    line.push(' ');
    line.push_str(group_path(kind));
    line.push_str(" identity ");
    line.push_str(verb);
    flag(line, "--name", name);
    flag(line, "--resource-group", group);
    if kind == ResourceKind::LogicApp {
        if identity.system {
            line.push_str(" --system-assigned");
        }
        if !identity.user.is_empty() {
            line.push_str(" --user-assigned");
            for user in &identity.user {
                line.push(' ');
                line.push_str(&quote(user));
            }
        }
    } else {
        let words = identity_words(identity, true);
        if !words.is_empty() {
            line.push_str(" --identities ");
            line.push_str(&words.join(" "));
        }
    }
    if let Some(grant) = grant {
        flag(line, "--role", &grant.role);
        flag(line, "--scope", &grant.scope);
    }
}
