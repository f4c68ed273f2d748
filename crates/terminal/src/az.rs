//! `az` inside a VM: `az login --identity` signs the CLI in as one of the VM's managed identities, then `az account show|list` and the CLI's reads run as that identity, refused where ARM or Key Vault would refuse it (docs/azure-rules.md T9).

use console::az::{self, Arg, Parsed};
use console::commands::{self, Action, Context};
use console::output::{self, CommandResult};
use console::{Console, LineError, Output, Stream};
use model::query::{self, Caller, SecretOperation};
use model::{
    json, roles, AppId, CommandError, ObjectId, ResourceKind, SubscriptionId, TenantId, Token,
    TokenSelector, Value, World,
};

use crate::vm::Vm;

/// The CLI signed in as a managed identity (azure-cli `_profile.py`, `login_with_managed_identity`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    pub principal: ObjectId,
    pub client_id: AppId,
    pub tenant: TenantId,
    /// `user.name`: `systemAssignedIdentity` or `userAssignedIdentity`.
    pub user: &'static str,
    /// `user.assignedIdentityInfo`: `MSI`, `MSIClient-ID`, `MSIObject-ID` or `MSIResource-ID`.
    pub info: String,
    /// The subscriptions it can see (any role assignment in them); empty for a tenant-level login.
    pub subscriptions: Vec<SubscriptionId>,
}

/// The reads the CLI runs as a signed-in identity here.
const READS: &[&str] = &[
    "group list",
    "group show",
    "vm list",
    "vm show",
    "identity list",
    "identity show",
    "keyvault list",
    "keyvault show",
    "keyvault secret list",
    "keyvault secret show",
    "role assignment list",
];

/// `az …` typed inside a VM. Returns what it printed to stdout and its exit status.
pub fn run(
    args: &[(String, console::Span)],
    vm: &mut Vm,
    console: &mut Console,
    out: &mut Output,
) -> (String, i32) {
    let words: Vec<&str> = args.iter().map(|(text, _)| text.as_str()).collect();
    let fail = |out: &mut Output, message: &str, status: i32| {
        out.print(Stream::Stderr, &format!("ERROR: {message}\n"));
        (String::new(), status)
    };
    match words.get(1).copied() {
        Some("login") => return login(&words[2..], vm, console, out),
        Some("logout") => {
            return match vm.login.take() {
                Some(_) => (String::new(), 0),
                None => fail(out, "There are no active accounts.", 1),
            }
        }
        None | Some("-h" | "--help" | "--version") => {
            return fail(out, "inside the VM, the playground's az runs az login --identity, az account show|list, az logout and reads as the identity (az group list, az keyvault secret show, ...). Type help.", 2)
        }
        _ => {}
    }
    let Some(login) = vm.login.clone() else {
        return fail(out, "Please run 'az login' to setup account.", 1);
    };
    let az_args: Vec<Arg> = args[1..]
        .iter()
        .map(|(text, span)| Arg {
            text: text.clone(),
            span: *span,
        })
        .collect();
    let mut full = vec![Arg {
        text: "az".into(),
        span: args[0].1,
    }];
    full.extend(az_args);
    let invocation = match az::parse_program(&commands::AZ, &full) {
        Ok(Parsed::Help(text)) => return (text, 0),
        Ok(Parsed::Run(invocation)) => invocation,
        Err(error) => {
            console::console::fail(out, &LineError::Az(error), 2);
            return (String::new(), 2);
        }
    };
    let world = console.session().world();
    let path = invocation.command.path;
    let result = match path {
        "account show" => Ok(CommandResult::plain(
            accounts(world, &login, false)
                .into_iter()
                .next()
                .unwrap_or_default(),
        )),
        "account list" => Ok(CommandResult::plain(Value::Array(accounts(
            world, &login, true,
        )))),
        _ if READS.contains(&path) => read_as(&login, &invocation, world),
        _ => {
            let message = format!("playground: inside the VM, az runs as the identity for az account show|list and these reads: {}. Run az {path} in the playground's console (exit first).", READS.join(", "));
            out.print(Stream::Stderr, &format!("{message}\n"));
            return (String::new(), 2);
        }
    };
    let result = match result {
        Ok(result) => result,
        Err(error) => {
            console::console::service_fail(out, &error, invocation.span);
            return (String::new(), 1);
        }
    };
    match output::print(result, invocation.query.as_deref(), invocation.output) {
        Ok(text) => (text, 0),
        Err(output::PrintError::Query(message) | output::PrintError::Format(message)) => {
            fail(out, &message, 1)
        }
    }
}

/// `az login --identity [--client-id ID | --object-id ID | --resource-id ID | --username ID]
/// [--allow-no-subscriptions]`: a token for ARM from the VM's identity endpoint (a logged change,
/// as `curl` makes it), then the subscriptions the identity has any role in.
fn login(args: &[&str], vm: &mut Vm, console: &mut Console, out: &mut Output) -> (String, i32) {
    let fail = |out: &mut Output, message: &str, status: i32| {
        out.print(Stream::Stderr, &format!("ERROR: {message}\n"));
        (String::new(), status)
    };
    let (mut identity, mut allow_no_subscriptions, mut selector) =
        (false, false, None::<(TokenSelector, String)>);
    let mut output_format = "json";
    let mut query_text: Option<String> = None;
    let mut rest = args.iter();
    while let Some(&flag) = rest.next() {
        let mut take = |make: fn(String) -> TokenSelector, kind: &str| -> Result<(), String> {
            let value = rest
                .next()
                .ok_or(format!("argument {flag}: expected one argument"))?;
            if selector.is_some() {
                return Err("usage error: --client-id/--object-id/--resource-id: give one".into());
            }
            let made = make(value.to_string());
            let kind = match (&made, kind) {
                (TokenSelector::ResourceId(_), "MSI") => "MSIResource",
                (_, "MSI") => "MSIClient",
                (_, kind) => kind,
            };
            selector = Some((made, format!("{kind}-{value}")));
            Ok(())
        };
        let taken = match flag {
            "--identity" | "-i" => {
                identity = true;
                Ok(())
            }
            "--allow-no-subscriptions" => {
                allow_no_subscriptions = true;
                Ok(())
            }
            "--client-id" => take(TokenSelector::ClientId, "MSIClient"),
            "--object-id" => take(TokenSelector::ObjectId, "MSIObject"),
            "--resource-id" => take(TokenSelector::ResourceId, "MSIResource"),
            // The older form: a resource ID, else a client ID.
            "--username" | "-u" => take(
                |value| match value.starts_with('/') {
                    true => TokenSelector::ResourceId(value),
                    false => TokenSelector::ClientId(value),
                },
                "MSI",
            ),
            "-o" | "--output" => {
                output_format = rest.next().copied().unwrap_or("json");
                Ok(())
            }
            "--query" => {
                query_text = rest.next().map(|q| q.to_string());
                Ok(())
            }
            other => Err(format!("unrecognized arguments: {other}")),
        };
        if let Err(message) = taken {
            return fail(out, &message, 2);
        }
    }
    if !identity {
        return fail(out, "inside the VM there is no browser to sign in with: use az login --identity, the VM's managed identity.", 2);
    }
    let (selector, info) = match selector {
        Some((selector, info)) => (Some(selector), info),
        None => (None, "MSI".to_string()),
    };
    let user = if selector.is_some() {
        "userAssignedIdentity"
    } else {
        "systemAssignedIdentity"
    };
    let command = model::Command::RequestToken {
        kind: vm.kind,
        group: vm.group.clone(),
        name: vm.name.clone(),
        audience: "https://management.core.windows.net/".into(),
        selector,
    };
    let result = console.run_line(&console::to_cli(&command));
    out.executed.extend(result.executed.iter().cloned());
    if let Some(refusal) = result.refusals.first() {
        return fail(out, &format!("Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned: {refusal}"), 1);
    }
    let Some(token) = result.events().find_map(|event| match event {
        model::Event::TokenIssued { token } => Some(token.clone()),
        _ => None,
    }) else {
        return fail(out, "Failed to connect to MSI.", 1);
    };
    let world = console.session().world();
    let subscriptions = visible_subscriptions(world, &token);
    if subscriptions.is_empty() && !allow_no_subscriptions {
        return fail(out, "No access was configured for the VM, hence no subscriptions were found. If this is expected, use '--allow-no-subscriptions' to have tenant level access.", 1);
    }
    let login = Login {
        principal: token.principal_id,
        client_id: token.client_id,
        tenant: token.tenant_id,
        user,
        info,
        subscriptions,
    };
    let list = Value::Array(accounts(world, &login, true));
    vm.login = Some(login);
    let format = console::output::Format::parse(output_format).unwrap_or_default();
    match output::print(CommandResult::plain(list), query_text.as_deref(), format) {
        Ok(text) => (text, 0),
        Err(output::PrintError::Query(message) | output::PrintError::Format(message)) => {
            fail(out, &message, 2)
        }
    }
}

/// The subscriptions where the token's identity has a role assignment (at the subscription or
/// anything in it): what ARM's `GET /subscriptions` lists for it.
fn visible_subscriptions(world: &World, token: &Token) -> Vec<SubscriptionId> {
    world
        .subscriptions
        .values()
        .filter(|subscription| {
            subscription.tenant_id == token.tenant_id
                && world.role_assignments.values().any(|a| {
                    a.principal_id == token.principal_id && a.subscription_id == subscription.id
                })
        })
        .map(|subscription| subscription.id)
        .collect()
}

/// The CLI's accounts for the login: its subscriptions (the first is the default), or one
/// tenant-level account; `list` adds `cloudName` as `az account list` does.
fn accounts(world: &World, login: &Login, list: bool) -> Vec<Value> {
    let user = Value::object(vec![
        ("assignedIdentityInfo", Value::str(login.info.as_str())),
        ("name", Value::str(login.user)),
        ("type", Value::str("servicePrincipal")),
    ]);
    let mut entries: Vec<Value> = match json::account_list(world) {
        Value::Array(all) => all
            .into_iter()
            .filter(|entry| {
                let id = entry.get("id").and_then(Value::as_str).unwrap_or("");
                login.subscriptions.iter().any(|s| s.to_string() == id)
            })
            .collect(),
        _ => Vec::new(),
    };
    if login.subscriptions.is_empty() {
        let tenant = login.tenant.to_string();
        entries.push(Value::object(vec![
            ("cloudName", "AzureCloud".into()),
            ("id", tenant.as_str().into()),
            ("isDefault", Value::Bool(true)),
            ("name", "N/A(tenant level account)".into()),
            ("state", "Enabled".into()),
            ("tenantId", tenant.as_str().into()),
            ("user", Value::Null),
        ]));
    }
    for (at, entry) in entries.iter_mut().enumerate() {
        entry.set("user", user.clone());
        entry.set("isDefault", Value::Bool(at == 0));
        if !list {
            entry.remove("cloudName");
        }
    }
    entries
}

/// A read as the identity: a `show` is refused as ARM refuses it (checked first, so a name it
/// can't read gives `AuthorizationFailed`, not "not found"); a `list` shows only what it can read;
/// Key Vault's secrets follow Key Vault's rules for the identity.
fn read_as(
    login: &Login,
    invocation: &az::Invocation,
    world: &World,
) -> Result<CommandResult, CommandError> {
    let Some(subscription) = login.subscriptions.first() else {
        // A tenant-level account: its "subscription" is the tenant, which ARM does not know.
        return Err(CommandError::arm(
            "SubscriptionNotFound",
            format!("The subscription '{}' could not be found.", login.tenant),
        ));
    };
    let text = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| invocation.given(name))
            .map(str::to_string)
    };
    let group = text(&["--name"]);
    let path = invocation.command.path;
    let mut view = world.clone();
    // The view is the identity's: the signed-in learner's own checks do not apply in it.
    view.users = model::SortedMap::new();
    let can_read =
        |id: &str, action: &str| query::check_access(world, login.principal, id, action).allowed;
    view.groups
        .retain(|_, g| can_read(&g.id, roles::operations::READ_RESOURCE_GROUPS));
    view.resources
        .retain(|_, r| can_read(&r.id, &format!("{}/read", r.kind.arm_type())));
    view.user_identities.retain(|_, i| {
        can_read(
            &i.id,
            "Microsoft.ManagedIdentity/userAssignedIdentities/read",
        )
    });
    view.role_assignments
        .retain(|_, a| can_read(&a.scope, "Microsoft.Authorization/roleAssignments/read"));
    let denied = |scope: String, action: String| {
        CommandError::arm(
            "AuthorizationFailed",
            format!("The client '{}' with object id '{}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.", login.client_id, login.principal),
        )
    };
    let show_target: Option<(String, String)> = match path {
        "group show" => group.map(|name| {
            (
                format!("/subscriptions/{subscription}/resourcegroups/{name}"),
                roles::operations::READ_RESOURCE_GROUPS.to_string(),
            )
        }),
        "vm show" | "identity show" => {
            let (kind_type, group, name) = (
                if path == "vm show" {
                    ResourceKind::VirtualMachine.arm_type()
                } else {
                    "Microsoft.ManagedIdentity/userAssignedIdentities"
                },
                text(&["--resource-group"]).unwrap_or_default(),
                text(&["--name"]).unwrap_or_default(),
            );
            Some((format!("/subscriptions/{subscription}/resourceGroups/{group}/providers/{kind_type}/{name}"), format!("{kind_type}/read")))
        }
        "keyvault show" => text(&["--name"])
            .and_then(|name| world.vault_named(&name))
            .map(|vault| {
                (
                    vault.id.clone(),
                    "Microsoft.KeyVault/vaults/read".to_string(),
                )
            }),
        _ => None,
    };
    if let Some((scope, action)) = show_target {
        if !can_read(&scope, &action) {
            return Err(denied(scope, action));
        }
    }
    if let Some(operation) = match path {
        "keyvault secret show" => Some(SecretOperation::Get),
        "keyvault secret list" => Some(SecretOperation::List),
        _ => None,
    } {
        let vault_name = text(&["--vault-name"]).unwrap_or_default();
        let vault = query::vault_for_data(world, &vault_name)?;
        if !query::vault_secret_access(world, login.principal, vault, operation).allowed {
            let caller = Caller {
                object_id: login.principal,
                app_id: login.client_id.to_string(),
                tenant_id: login.tenant,
            };
            let secret = text(&["--name"]);
            return Err(query::forbidden(
                vault,
                &caller,
                operation,
                secret.as_deref(),
            ));
        }
        // Key Vault answered: the vault and its secrets are read from the real world.
        view.resources = world.resources.clone();
    }
    view.current_subscription = *subscription;
    let context = Context {
        subscription_id: subscription.to_string(),
    };
    match (invocation.command.lower)(invocation, &context) {
        Ok(Action::Read(answer)) => answer(&view),
        Ok(_) => Err(CommandError::cli(
            "playground: inside the VM, az runs reads only as the identity",
        )),
        Err(error) => Err(CommandError::cli(error.to_string())),
    }
}
