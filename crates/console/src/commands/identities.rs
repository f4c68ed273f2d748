//! `az vm|vmss|webapp|functionapp|logic workflow identity assign|remove|show`, `az identity create|delete|show|list` and `az identity federated-credential …`: managed identities.

use model::{
    json, Command, CommandError, Event, IdentitySelection, ResourceKind, RoleGrant, World,
};

use super::flags::{GROUP, GROUP_OPTIONAL, LOCATION, NAME, ROLE, SCOPE, TAGS, YES};
use super::resources::{group_matches, require_group, require_resource};
use super::{change, prints_nothing, read, tags, usage, Action, Context, Line, AZ};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Value};
use crate::shapes;
use crate::shell::quote;
use crate::table::{Arity, CommandSpec, Param};

use ResourceKind::{
    FunctionApp as FUNCTION_APP, LogicApp as LOGIC_APP, VirtualMachine as VM, VmScaleSet as VMSS,
    WebApp as WEB_APP,
};

/// `--assign-identity` of the create commands.
pub const ASSIGN_IDENTITY: Param = Param::new(
    &["--assign-identity"],
    help_text!("Accept system or user assigned identities separated by spaces. Use '[system]' to refer system assigned identity, or a resource id to refer user assigned identity."),
)
.arity(Arity::Any);
const IDENTITIES: Param = Param::new(
    &["--identities"],
    help_text!("Space-separated identities to assign. Use '[system]' to refer to the system assigned identity."),
)
.arity(Arity::Any);
const SYSTEM_ASSIGNED: Param = Param::new(
    &["--system-assigned"],
    help_text!("Enable system assigned identity."),
)
.flag();
const USER_ASSIGNED: Param = Param::new(
    &["--user-assigned"],
    help_text!("Space separated resource IDs to add user-assigned identities."),
)
.arity(Arity::Many);
const REMOVE_SYSTEM_ASSIGNED: Param = Param::new(
    &["--system-assigned"],
    help_text!("Remove system assigned identity."),
)
.flag();
const REMOVE_USER_ASSIGNED: Param = Param::new(
    &["--user-assigned"],
    help_text!("Space separated resource IDs to remove user-assigned identities."),
)
.arity(Arity::Many);

/// How `--identities` and `--assign-identity` name the system-assigned identity.
const SYSTEM: &str = "[system]";

const IDENTITY_NAME: Param = Param::new(
    &["--identity-name"],
    help_text!("The name of the identity resource."),
)
.required();
const ISSUER: Param = Param::new(
    &["--issuer"],
    help_text!("The openId connect metadata URL of the issuer of the identity provider that Azure AD would use in the token exchange protocol for validating tokens before issuing a token as the user-assigned managed identity."),
);
const SUBJECT: Param = Param::new(
    &["--subject"],
    help_text!("The sub value in the token sent to Azure AD for getting the user-assigned managed identity token."),
);
const AUDIENCES: Param = Param::new(
    &["--audiences"],
    help_text!("The aud value in the token sent to Azure for getting the user-assigned managed identity token. The value configured in the federated credential and the one in the incoming token must exactly match for Azure to issue the access token. Default value: api://AzureADTokenExchange."),
)
.arity(Arity::Many);
/// The audience a federated credential takes when none is given.
const TOKEN_EXCHANGE: &str = "api://AzureADTokenExchange";

pub const COMMANDS: &[CommandSpec] = &[
    // ---- identities on resources
    CommandSpec::new(
        "vm identity assign",
        help_text!("Enable managed service identity on a VM."),
        &[NAME, GROUP, IDENTITIES, ROLE, SCOPE],
        (
            help_text!("az vm identity assign -g MyResourceGroup -n MyVm"),
            help_text!("Enable the system assigned identity on a VM."),
        ),
        |i, _| assign(i, VM),
    )
    .changes(|spec, c| assign_line(spec, c, VM)),
    CommandSpec::new(
        "vm identity remove",
        help_text!("Remove managed service identities from a VM."),
        &[NAME, GROUP, IDENTITIES],
        (
            help_text!("az vm identity remove -g MyResourceGroup -n MyVm --identities readerId"),
            help_text!("Remove a user assigned identity from a VM."),
        ),
        |i, _| remove(i, VM),
    )
    .changes(|spec, c| remove_line(spec, c, VM)),
    CommandSpec::new(
        "vm identity show",
        help_text!("Display VM's managed identity info."),
        &[NAME, GROUP],
        (
            help_text!("az vm identity show -g MyResourceGroup -n MyVm"),
            help_text!("Display the managed identities of a VM."),
        ),
        |i, _| show(i, VM),
    ),
    CommandSpec::new(
        "vmss identity assign",
        help_text!("Enable managed service identity on a VMSS."),
        &[NAME, GROUP, IDENTITIES, ROLE, SCOPE],
        (
            help_text!("az vmss identity assign -g MyResourceGroup -n MyVmss"),
            help_text!("Enable the system assigned identity on a scale set."),
        ),
        |i, _| assign(i, VMSS),
    )
    .changes(|spec, c| assign_line(spec, c, VMSS)),
    CommandSpec::new(
        "vmss identity remove",
        help_text!("Remove user assigned identities from a VM scaleset."),
        &[NAME, GROUP, IDENTITIES],
        (
            help_text!("az vmss identity remove -g MyResourceGroup -n MyVmss --identities readerId"),
            help_text!("Remove a user assigned identity from a scale set."),
        ),
        |i, _| remove(i, VMSS),
    )
    .changes(|spec, c| remove_line(spec, c, VMSS)),
    CommandSpec::new(
        "vmss identity show",
        help_text!("Display VM scaleset's managed identity info."),
        &[NAME, GROUP],
        (
            help_text!("az vmss identity show -g MyResourceGroup -n MyVmss"),
            help_text!("Display the managed identities of a scale set."),
        ),
        |i, _| show(i, VMSS),
    ),
    CommandSpec::new(
        "webapp identity assign",
        help_text!("Assign managed identity to the web app."),
        &[NAME, GROUP, IDENTITIES, ROLE, SCOPE],
        (
            help_text!("az webapp identity assign -g MyResourceGroup -n MyUniqueAppName"),
            help_text!("Assign the system assigned identity."),
        ),
        |i, _| assign(i, WEB_APP),
    )
    .changes(|spec, c| assign_line(spec, c, WEB_APP)),
    CommandSpec::new(
        "webapp identity remove",
        help_text!("Disable web app's managed identity."),
        &[NAME, GROUP, IDENTITIES],
        (
            help_text!("az webapp identity remove -g MyResourceGroup -n MyUniqueAppName"),
            help_text!("Disable the system assigned identity."),
        ),
        |i, _| remove(i, WEB_APP),
    )
    .changes(|spec, c| remove_line(spec, c, WEB_APP)),
    CommandSpec::new(
        "webapp identity show",
        help_text!("Display web app's managed identity."),
        &[NAME, GROUP],
        (
            help_text!("az webapp identity show -g MyResourceGroup -n MyUniqueAppName"),
            help_text!("Display the web app's managed identity."),
        ),
        |i, _| show(i, WEB_APP),
    ),
    CommandSpec::new(
        "functionapp identity assign",
        help_text!("Assign managed identity to function app."),
        &[NAME, GROUP, IDENTITIES, ROLE, SCOPE],
        (
            help_text!("az functionapp identity assign -g MyResourceGroup -n MyUniqueAppName"),
            help_text!("Assign the system assigned identity."),
        ),
        |i, _| assign(i, FUNCTION_APP),
    )
    .changes(|spec, c| assign_line(spec, c, FUNCTION_APP)),
    CommandSpec::new(
        "functionapp identity remove",
        help_text!("Disable function app's managed identity."),
        &[NAME, GROUP, IDENTITIES],
        (
            help_text!("az functionapp identity remove -g MyResourceGroup -n MyUniqueAppName"),
            help_text!("Disable the system assigned identity."),
        ),
        |i, _| remove(i, FUNCTION_APP),
    )
    .changes(|spec, c| remove_line(spec, c, FUNCTION_APP)),
    CommandSpec::new(
        "functionapp identity show",
        help_text!("Display function app's managed identity."),
        &[NAME, GROUP],
        (
            help_text!("az functionapp identity show -g MyResourceGroup -n MyUniqueAppName"),
            help_text!("Display the function app's managed identity."),
        ),
        |i, _| show(i, FUNCTION_APP),
    ),
    CommandSpec::new(
        "logic workflow identity assign",
        help_text!("Assign identities."),
        &[NAME, GROUP, SYSTEM_ASSIGNED, USER_ASSIGNED],
        (
            help_text!("az logic workflow identity assign -g MyResourceGroup -n MyWorkflow --system-assigned"),
            help_text!("Enable the system assigned identity."),
        ),
        |i, _| assign(i, LOGIC_APP),
    )
    .changes(|spec, c| assign_line(spec, c, LOGIC_APP)),
    CommandSpec::new(
        "logic workflow identity remove",
        help_text!("Remove identities."),
        &[NAME, GROUP, REMOVE_SYSTEM_ASSIGNED, REMOVE_USER_ASSIGNED],
        (
            help_text!("az logic workflow identity remove -g MyResourceGroup -n MyWorkflow --system-assigned"),
            help_text!("Disable the system assigned identity."),
        ),
        |i, _| remove(i, LOGIC_APP),
    )
    .changes(|spec, c| remove_line(spec, c, LOGIC_APP)),
    // ---- user-assigned identities
    CommandSpec::new(
        "identity create",
        help_text!("Create Identities."),
        &[NAME, GROUP, LOCATION, TAGS],
        (
            help_text!("az identity create -g MyResourceGroup -n myUserAssignedIdentity"),
            help_text!("Create a user assigned identity."),
        ),
        create,
    )
    .changes(create_line),
    CommandSpec::new(
        "identity delete",
        help_text!("Delete Identities."),
        &[NAME, GROUP],
        (
            help_text!("az identity delete -g MyResourceGroup -n myUserAssignedIdentity"),
            help_text!("Delete a user assigned identity."),
        ),
        delete,
    )
    .changes(delete_line),
    CommandSpec::new(
        "identity show",
        help_text!("Show Identity."),
        &[NAME, GROUP],
        (
            help_text!("az identity show -g MyResourceGroup -n myUserAssignedIdentity"),
            help_text!("Show a user assigned identity."),
        ),
        user_identity_show,
    ),
    CommandSpec::new(
        "identity federated-credential create",
        help_text!("Create a federated identity credential under an existing user assigned identity."),
        &[IDENTITY_NAME, NAME, GROUP, ISSUER.required(), SUBJECT.required(), AUDIENCES],
        (
            help_text!("az identity federated-credential create --name myFicName --identity-name myIdentityName --resource-group myResourceGroup --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:ref:refs/heads/main"),
            help_text!("Trust a GitHub Actions workflow of branch main."),
        ),
        |i, _| set_federated(i, false),
    )
    .changes(federated_line),
    CommandSpec::new(
        "identity federated-credential update",
        help_text!("Update a federated identity credential under an existing user assigned identity."),
        &[IDENTITY_NAME, NAME, GROUP, ISSUER.required(), SUBJECT.required(), AUDIENCES],
        (
            help_text!("az identity federated-credential update --name myFicName --identity-name myIdentityName --resource-group myResourceGroup --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:environment:prod"),
            help_text!("Trust the prod environment instead."),
        ),
        |i, _| set_federated(i, true),
    )
    .changes(federated_line),
    CommandSpec::new(
        "identity federated-credential delete",
        help_text!("Delete a federated identity credential under an existing user assigned identity."),
        &[IDENTITY_NAME, NAME, GROUP, YES],
        (
            help_text!("az identity federated-credential delete --name myFicName --identity-name myIdentityName --resource-group myResourceGroup --yes"),
            help_text!("Delete a federated identity credential."),
        ),
        delete_federated,
    )
    .changes(delete_federated_line),
    // Reads of federated credentials are the worker terminal's (`output::needs_full`).
    #[cfg(feature = "full")]
    CommandSpec::new(
        "identity federated-credential show",
        help_text!("Show a federated identity credential under an existing user assigned identity."),
        &[IDENTITY_NAME, NAME, GROUP],
        (
            help_text!("az identity federated-credential show --name myFicName --identity-name myIdentityName --resource-group myResourceGroup"),
            help_text!("Show a federated identity credential."),
        ),
        show_federated,
    ),
    // Reads of federated credentials are the worker terminal's (`output::needs_full`).
    #[cfg(feature = "full")]
    CommandSpec::new(
        "identity federated-credential list",
        help_text!("List all federated identity credentials under an existing user assigned identity."),
        &[IDENTITY_NAME, GROUP],
        (
            help_text!("az identity federated-credential list --identity-name myIdentityName --resource-group myResourceGroup"),
            help_text!("List them."),
        ),
        list_federated,
    ),
    CommandSpec::new(
        "identity list",
        help_text!("List Identities."),
        &[GROUP_OPTIONAL],
        (
            help_text!("az identity list -g MyResourceGroup"),
            help_text!("List the user assigned identities of a group."),
        ),
        user_identity_list,
    ),
];

/// `--assign-identity` / `--identities`: bare means the system-assigned identity.
pub(super) fn selection(values: &[String]) -> IdentitySelection {
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

/// The words after `--assign-identity` / `--identities`: none for the system-assigned identity
/// alone (bare means it), else `[system]` if wanted and each user-assigned identity.
pub(super) fn identity_words(identity: &IdentitySelection) -> Vec<String> {
    let mut words = Vec::new();
    if identity.system && !identity.user.is_empty() {
        words.push(SYSTEM.to_string());
    }
    words.extend(identity.user.iter().map(|user| quote(user)));
    words
}

/// `--role/--scope` with an identity assignment, paired as `_validate_vm_vmss_msi` requires. That
/// they only apply to the system-assigned identity is a rule of the model (buttons need it too).
pub(super) fn grant(
    invocation: &Invocation,
    is_identity_assign: bool,
) -> Result<Option<RoleGrant>, AzError> {
    let both = "usage error: please specify both --role and --scope when assigning a role to the managed identity";
    match (invocation.option(&ROLE), invocation.option(&SCOPE)) {
        (Some(role), Some(scope)) => Ok(Some(RoleGrant { role, scope })),
        (None, None) => Ok(None),
        (Some(_), None) if is_identity_assign => Err(usage(
            invocation,
            &ROLE,
            "usage error: please specify --scope when assigning a role to the managed identity",
        )),
        (Some(_), None) => Err(usage(invocation, &ROLE, both)),
        (None, Some(_)) => Err(usage(invocation, &SCOPE, both)),
    }
}

/// Which identities an `identity assign|remove` names: Logic Apps take `--system-assigned` and
/// `--user-assigned`, the others `--identities`.
fn named_identities(
    invocation: &Invocation,
    kind: ResourceKind,
    system: &Param,
    user: &Param,
) -> Result<IdentitySelection, AzError> {
    if kind != LOGIC_APP {
        return Ok(selection(
            invocation.values(&IDENTITIES).unwrap_or_default(),
        ));
    }
    let identity = IdentitySelection {
        system: invocation.has(system),
        user: invocation
            .values(user)
            .map(<[String]>::to_vec)
            .unwrap_or_default(),
    };
    if identity.is_empty() {
        return Err(usage(
            invocation,
            &NAME,
            "usage error: please specify --system-assigned and/or --user-assigned",
        ));
    }
    Ok(identity)
}

fn assign(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let identity = named_identities(invocation, kind, &SYSTEM_ASSIGNED, &USER_ASSIGNED)?;
    let grant = if kind == LOGIC_APP {
        None
    } else {
        grant(invocation, true)?
    };
    change(
        Command::AssignIdentity {
            kind,
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
            identity,
            grant,
        },
        print_assigned,
    )
}

/// `az vm|vmss identity assign` print `_construct_identity_info`; the others the identity block.
fn print_assigned(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let Command::AssignIdentity {
        kind,
        group,
        name,
        grant,
        ..
    } = command
    else {
        return CommandResult::plain(Value::Null);
    };
    let value = world.resource(*kind, group, name).and_then(|resource| {
        if matches!(kind, VM | VMSS) {
            Some(shapes::identity_assign_output(resource, grant.as_ref()))
        } else {
            json::identity_block(&resource.identity)
        }
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn remove(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let identity = named_identities(
        invocation,
        kind,
        &REMOVE_SYSTEM_ASSIGNED,
        &REMOVE_USER_ASSIGNED,
    )?;
    change(
        Command::RemoveIdentity {
            kind,
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
            identity,
        },
        print_remaining,
    )
}

/// `identity remove` prints the identities that remain (nothing when none does).
fn print_remaining(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let value = match command {
        Command::RemoveIdentity {
            kind, group, name, ..
        } => world
            .resource(*kind, group, name)
            .and_then(|resource| json::identity_block(&resource.identity)),
        _ => None,
    };
    CommandResult::plain(value.unwrap_or_default())
}

fn identity_line(
    spec: &CommandSpec,
    kind: ResourceKind,
    group: &str,
    name: &str,
    identity: &IdentitySelection,
    grant: Option<&RoleGrant>,
) -> Option<String> {
    let mut line = Line::az(spec).value(&NAME, name).value(&GROUP, group);
    if kind == LOGIC_APP {
        line = line
            .flag_if(&SYSTEM_ASSIGNED, identity.system)
            .values(&USER_ASSIGNED, &identity.user);
    } else {
        let words = identity_words(identity);
        if !words.is_empty() {
            line = line.flag(&IDENTITIES).word(&words.join(" "));
        }
    }
    if let Some(grant) = grant {
        line = line.value(&ROLE, &grant.role).value(&SCOPE, &grant.scope);
    }
    line.done()
}

fn assign_line(spec: &CommandSpec, command: &Command, for_kind: ResourceKind) -> Option<String> {
    match command {
        Command::AssignIdentity {
            kind,
            group,
            name,
            identity,
            grant,
        } if *kind == for_kind => identity_line(spec, *kind, group, name, identity, grant.as_ref()),
        _ => None,
    }
}

fn remove_line(spec: &CommandSpec, command: &Command, for_kind: ResourceKind) -> Option<String> {
    match command {
        Command::RemoveIdentity {
            kind,
            group,
            name,
            identity,
        } if *kind == for_kind => identity_line(spec, *kind, group, name, identity, None),
        _ => None,
    }
}

/// Whether the Azure CLI has an `identity assign/remove` for this kind (containers, storage
/// accounts and key vaults have none, so `to_cli` can only describe those commands).
pub fn has_identity_commands(kind: ResourceKind) -> bool {
    let probe = Command::AssignIdentity {
        kind,
        group: String::new(),
        name: String::new(),
        identity: IdentitySelection::system(),
        grant: None,
    };
    AZ.commands()
        .any(|spec| (spec.canonical)(spec, &probe).is_some())
}

/// The line of an identity change on a kind the Azure CLI has no `identity` command for: a `#`
/// comment that says what it was.
pub(super) fn no_identity_command(command: &Command) -> String {
    match command {
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
            format!(
                "# {verb} managed identities on the {} '{name}' in '{group}' (the Azure CLI has no command for this)",
                kind.noun()
            )
        }
        // Every other command has a line of its own: no `Debug` text here, which would pull the
        // formatting of every command type into the download.
        _ => "# a change the console has no line for".to_string(),
    }
}

fn show(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let group = invocation.string(&GROUP);
    let name = invocation.string(&NAME);
    read(move |world| {
        let resource = require_resource(world, kind, &group, &name)?;
        // No identity: `az vm show` prints `"identity": null`, and `identity show` prints nothing.
        Ok(CommandResult::plain(
            json::identity_block(&resource.identity).unwrap_or_default(),
        ))
    })
}

fn create(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::CreateUserIdentity {
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
            location: invocation.option(&LOCATION),
            tags: tags(invocation).unwrap_or_default(),
        },
        print_user_identity,
    )
}

fn print_user_identity(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let value = match command {
        Command::CreateUserIdentity { group, name, .. } => {
            world.user_identity(group, name).map(json::user_identity)
        }
        _ => None,
    };
    CommandResult::plain(value.unwrap_or_default())
}

fn create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::CreateUserIdentity {
        group,
        name,
        location,
        tags,
    } = command
    else {
        return None;
    };
    Line::az(spec)
        .value(&NAME, name)
        .value(&GROUP, group)
        .maybe(&LOCATION, location.as_deref())
        .tags(tags, false)
        .done()
}

fn delete(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::DeleteUserIdentity {
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
        },
        prints_nothing,
    )
}

fn delete_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteUserIdentity { group, name } = command else {
        return None;
    };
    Line::az(spec)
        .value(&NAME, name)
        .value(&GROUP, group)
        .done()
}

fn user_identity_show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let group = invocation.string(&GROUP);
    let name = invocation.string(&NAME);
    read(move |world| {
        if world.group(&group).is_none() {
            return Err(CommandError::resource_group_not_found(group.trim()));
        }
        let identity = world.user_identity(&group, &name).ok_or_else(|| {
            CommandError::resource_not_found(
                "Microsoft.ManagedIdentity/userAssignedIdentities",
                name.trim(),
                group.trim(),
            )
        })?;
        Ok(CommandResult::plain(json::user_identity(identity)))
    })
}

fn user_identity_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let group = invocation.option(&GROUP_OPTIONAL);
    read(move |world| {
        require_group(world, &group)?;
        let subscription = world.current_subscription;
        let list = world
            .user_identities
            .values()
            .filter(|identity| identity.subscription_id == subscription)
            .filter(|identity| group_matches(&identity.group, &group))
            .map(json::user_identity)
            .collect();
        Ok(CommandResult::plain(Value::Array(list)))
    })
}

// ---- federated identity credentials ------------------------------------------------------------

fn set_federated(invocation: &Invocation, update: bool) -> Result<Action, AzError> {
    let audiences = match invocation.values(&AUDIENCES) {
        Some(values) if !values.is_empty() => values.to_vec(),
        _ => vec![TOKEN_EXCHANGE.to_string()],
    };
    change(
        Command::SetFederatedCredential {
            group: invocation.string(&GROUP),
            identity: invocation.string(&IDENTITY_NAME),
            name: invocation.string(&NAME),
            issuer: invocation.string(&ISSUER),
            subject: invocation.string(&SUBJECT),
            audiences,
            update,
        },
        print_federated,
    )
}

fn print_federated(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let value = match command {
        Command::SetFederatedCredential {
            group,
            identity,
            name,
            ..
        } => world
            .user_identity(group, identity)
            .and_then(|i| {
                Some((
                    i,
                    i.federated
                        .iter()
                        .find(|c| c.name.eq_ignore_ascii_case(name))?,
                ))
            })
            .map(|(identity, credential)| json::federated_credential(identity, credential)),
        _ => None,
    };
    CommandResult::plain(value.unwrap_or_default())
}

fn federated_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::SetFederatedCredential {
        group,
        identity,
        name,
        issuer,
        subject,
        audiences,
        update,
    } = command
    else {
        return None;
    };
    // The create entry writes a create, the update entry an update.
    if spec.path.ends_with("update") != *update {
        return None;
    }
    Line::az(spec)
        .value(&NAME, name)
        .value(&IDENTITY_NAME, identity)
        .value(&GROUP, group)
        .value(&ISSUER, issuer)
        .value(&SUBJECT, subject)
        .values(&AUDIENCES, audiences)
        .done()
}

fn delete_federated(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    if !invocation.has(&YES) {
        return Ok(Action::Ask(
            "Are you sure you want to perform this operation?",
        ));
    }
    change(
        Command::DeleteFederatedCredential {
            group: invocation.string(&GROUP),
            identity: invocation.string(&IDENTITY_NAME),
            name: invocation.string(&NAME),
        },
        prints_nothing,
    )
}

fn delete_federated_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteFederatedCredential {
        group,
        identity,
        name,
    } = command
    else {
        return None;
    };
    Line::az(spec)
        .value(&NAME, name)
        .value(&IDENTITY_NAME, identity)
        .value(&GROUP, group)
        .flag(&YES)
        .done()
}

/// The identity a federated-credential read names, or ARM's errors.
#[cfg(feature = "full")]
fn identity_for<'w>(
    world: &'w World,
    group: &str,
    name: &str,
) -> Result<&'w model::UserIdentity, CommandError> {
    if world.group(group).is_none() {
        return Err(CommandError::resource_group_not_found(group.trim()));
    }
    world.user_identity(group, name).ok_or_else(|| {
        CommandError::resource_not_found(
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            name.trim(),
            group.trim(),
        )
    })
}

#[cfg(feature = "full")]
fn show_federated(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let (group, identity, name) = (
        invocation.string(&GROUP),
        invocation.string(&IDENTITY_NAME),
        invocation.string(&NAME),
    );
    read(move |world| {
        let found = identity_for(world, &group, &identity)?;
        let credential = found
            .federated
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                CommandError::arm(
                    "NotFound",
                    format!(
                        "Federated Identity Credential '{}' does not exist on identity '{}'.",
                        name.trim(),
                        found.name
                    ),
                )
            })?;
        Ok(CommandResult::plain(json::federated_credential(
            found, credential,
        )))
    })
}

#[cfg(feature = "full")]
fn list_federated(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let (group, identity) = (invocation.string(&GROUP), invocation.string(&IDENTITY_NAME));
    read(move |world| {
        let found = identity_for(world, &group, &identity)?;
        let list = found
            .federated
            .iter()
            .map(|c| json::federated_credential(found, c))
            .collect();
        Ok(CommandResult::plain(Value::Array(list)))
    })
}
