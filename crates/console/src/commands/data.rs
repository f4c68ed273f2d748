//! `az keyvault secret …`, `az storage container …` and the playground's own `playground token`: the data plane and the identity endpoint.

use model::query::{self, SecretOperation};
use model::{
    json, Command, CommandError, Event, PolicyPermissions, PolicyPrincipal, ResourceKind,
    TokenSelector, World,
};

use super::flags::{GROUP, GROUP_OPTIONAL, NAME};
use super::{change, read, usage, Action, Context, Line, PLAYGROUND};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Transformer, Value};
use crate::shapes;
use crate::table::{Arity, CommandSpec, Param};

const SECRET_NAME: Param =
    Param::new(&["--name", "-n"], help_text!("Name of the secret.")).required();
const VAULT_NAME: Param =
    Param::new(&["--vault-name"], help_text!("Name of the Key Vault.")).required();
const VALUE: Param = Param::new(
    &["--value"],
    help_text!("Plain text secret value. Cannot be used with '--file' or '--encoding'."),
);
const CONTAINER_NAME: Param =
    Param::new(&["--name", "-n"], help_text!("The container name.")).required();
const ACCOUNT_NAME: Param =
    Param::new(&["--account-name"], help_text!("Storage account name.")).required();
const AUTH_MODE: Param = Param::new(
    &["--auth-mode"],
    help_text!("The mode in which to run the command."),
)
.choices(&["key", "login"]);
const TOKEN_TYPE: Param = Param::new(
    &["--type"],
    help_text!("The kind of resource the code runs in."),
)
.required()
.choices(&[
    "vm",
    "vmss",
    "webapp",
    "functionapp",
    "logicapp",
    "container",
    "storage",
    "keyvault",
]);
const AUDIENCE: Param = Param::new(&["--resource"], help_text!("The audience: the App ID URI of the resource the token is for, e.g. https://vault.azure.net or https://management.azure.com/.")).required();
const CLIENT_ID: Param = Param::new(
    &["--client-id"],
    help_text!("The client ID of the identity to use (IMDS client_id, App Service client_id)."),
);
const OBJECT_ID: Param = Param::new(
    &["--object-id"],
    help_text!("The object (principal) ID of the identity to use (IMDS object_id, App Service principal_id)."),
);
const MSI_RES_ID: Param = Param::new(
    &["--msi-res-id"],
    help_text!("The resource ID of the user-assigned identity to use (IMDS msi_res_id, App Service mi_res_id)."),
);

const POLICY_VAULT: Param =
    Param::new(&["--name", "-n"], help_text!("Name of the Vault.")).required();
const POLICY_OBJECT_ID: Param = Param::new(
    &["--object-id"],
    help_text!("A GUID that identifies the principal that will receive permissions."),
);
const POLICY_SPN: Param = Param::new(
    &["--spn"],
    help_text!("Name of a service principal that will receive permissions."),
);
const POLICY_UPN: Param = Param::new(
    &["--upn"],
    help_text!("Name of a user principal that will receive permissions."),
);
const KEY_PERMISSIONS: Param = Param::new(
    &["--key-permissions"],
    help_text!("Space-separated list of key permissions to assign."),
)
.arity(Arity::Any)
.choices(&[
    "all",
    "backup",
    "create",
    "decrypt",
    "delete",
    "encrypt",
    "get",
    "getrotationpolicy",
    "import",
    "list",
    "purge",
    "recover",
    "release",
    "restore",
    "rotate",
    "setrotationpolicy",
    "sign",
    "unwrapKey",
    "update",
    "verify",
    "wrapKey",
]);
const SECRET_PERMISSIONS: Param = Param::new(
    &["--secret-permissions"],
    help_text!("Space-separated list of secret permissions to assign."),
)
.arity(Arity::Any)
.choices(&[
    "all", "backup", "delete", "get", "list", "purge", "recover", "restore", "set",
]);
const CERTIFICATE_PERMISSIONS: Param = Param::new(
    &["--certificate-permissions"],
    help_text!("Space-separated list of certificate permissions to assign."),
)
.arity(Arity::Any)
.choices(&[
    "all",
    "backup",
    "create",
    "delete",
    "deleteissuers",
    "get",
    "getissuers",
    "import",
    "list",
    "listissuers",
    "managecontacts",
    "manageissuers",
    "purge",
    "recover",
    "restore",
    "setissuers",
    "update",
]);
const STORAGE_PERMISSIONS: Param = Param::new(
    &["--storage-permissions"],
    help_text!("Space-separated list of storage permissions to assign."),
)
.arity(Arity::Any)
.choices(&[
    "all",
    "backup",
    "delete",
    "deletesas",
    "get",
    "getsas",
    "list",
    "listsas",
    "purge",
    "recover",
    "regeneratekey",
    "restore",
    "set",
    "setsas",
    "update",
]);

pub const COMMANDS: &[CommandSpec] = &[
    // ---- a vault's access policies: its data access when it doesn't use Azure RBAC
    CommandSpec::new(
        "keyvault set-policy",
        help_text!("Update security policy settings for a Key Vault."),
        &[
            POLICY_VAULT, GROUP_OPTIONAL, POLICY_OBJECT_ID, POLICY_SPN, POLICY_UPN,
            KEY_PERMISSIONS, SECRET_PERMISSIONS, CERTIFICATE_PERMISSIONS, STORAGE_PERMISSIONS,
        ],
        (
            help_text!("az keyvault set-policy -n MyVault --spn 00000000-0000-0000-0000-000000000000 --secret-permissions get list"),
            help_text!("Let a service principal read the secrets of an access-policy vault."),
        ),
        set_policy,
    )
    .long_help(
        help_text!("Only for a vault created with --enable-rbac-authorization false: a vault that uses Azure\n\
        RBAC (the default) refuses access policies, and its data roles are granted with\n\
        az role assignment create instead."),
    )
    .changes(set_policy_line),
    CommandSpec::new(
        "keyvault delete-policy",
        help_text!("Delete security policy settings for a Key Vault."),
        &[POLICY_VAULT, GROUP_OPTIONAL, POLICY_OBJECT_ID, POLICY_SPN, POLICY_UPN],
        (
            help_text!("az keyvault delete-policy -n MyVault --upn user@contoso.com"),
            help_text!("Remove a user's access policy."),
        ),
        delete_policy,
    )
    .changes(delete_policy_line),
    CommandSpec::new(
        "keyvault secret set",
        help_text!("Create a secret (if one doesn't exist) or update a secret in a KeyVault."),
        &[
            SECRET_NAME,
            VAULT_NAME,
            VALUE,
            Param::new(&["--description"], help_text!("Description of the secret contents (e.g. password, connection string, etc).")),
            Param::new(&["--content-type"], help_text!("Type of the secret value such as a password.")),
        ],
        (help_text!("az keyvault secret set --vault-name MyVault -n MySecret --value 'p@ssw0rd!'"), help_text!("Create a secret.")),
        secret_set,
    )
    .changes(secret_set_line),
    CommandSpec::new(
        "keyvault secret show",
        help_text!("Get a specified secret from a given key vault."),
        &[SECRET_NAME, VAULT_NAME, Param::new(&["--version", "-v"], help_text!("The secret version. If omitted, uses the latest version."))],
        (help_text!("az keyvault secret show --vault-name MyVault -n MySecret --query value -o tsv"), help_text!("Print a secret's value.")),
        secret_show,
    ),
    CommandSpec::new(
        "keyvault secret list",
        help_text!("List secrets in a specified key vault."),
        &[VAULT_NAME, Param::new(&["--maxresults"], help_text!("Maximum number of results to return in a page."))],
        (help_text!("az keyvault secret list --vault-name MyVault"), help_text!("List the secrets of a vault.")),
        secret_list,
    ),
    CommandSpec::new(
        "storage container create",
        help_text!("Create a container in a storage account."),
        &[
            CONTAINER_NAME,
            ACCOUNT_NAME,
            AUTH_MODE,
            Param::new(&["--public-access"], help_text!("Specifies whether data in the container may be accessed publicly.")).choices(&["blob", "container", "off"]),
        ],
        (help_text!("az storage container create -n mycontainer --account-name mystorageaccount --auth-mode login"), help_text!("Create a storage container in a storage account.")),
        container_create,
    )
    .changes(container_create_line),
    CommandSpec::new(
        "storage container list",
        help_text!("List containers in a storage account."),
        &[ACCOUNT_NAME, AUTH_MODE],
        (help_text!("az storage container list --account-name mystorageaccount --auth-mode login"), help_text!("List the containers of a storage account.")),
        container_list,
    ),
];

const WORKLOAD_CLIENT_ID: Param = Param::new(
    &["--client-id"],
    help_text!("The client ID of the user-assigned identity whose token the workload asks for."),
)
.required();
const WORKLOAD_ISSUER: Param = Param::new(
    &["--issuer"],
    help_text!("The issuer of the workload's own token (its iss claim), e.g. https://token.actions.githubusercontent.com."),
)
.required();
const WORKLOAD_SUBJECT: Param = Param::new(
    &["--subject"],
    help_text!("The subject of the workload's own token (its sub claim), e.g. repo:contoso/app:ref:refs/heads/main."),
)
.required();
const WORKLOAD_AUDIENCE: Param = Param::new(
    &["--audience"],
    help_text!("The audience of the workload's own token (its aud claim). Default: api://AzureADTokenExchange."),
);
const WORKLOAD_SCOPE: Param = Param::new(
    &["--scope"],
    help_text!("What the token is for, e.g. https://management.azure.com/.default."),
)
.required();

/// The playground's own commands.
pub const PLAYGROUND_COMMANDS: &[CommandSpec] = &[CommandSpec::new(
    "token",
    help_text!("Ask a resource's identity endpoint for an access token, as code running inside the resource does."),
    &[TOKEN_TYPE, GROUP, NAME, AUDIENCE, CLIENT_ID, OBJECT_ID, MSI_RES_ID],
    (
        help_text!("playground token --type vm -g MyResourceGroup -n MyVm --resource https://vault.azure.net"),
        help_text!("Get a Key Vault token for the VM's system-assigned identity."),
    ),
    token,
)
.graph()
.long_help(
    help_text!("Not part of the Azure CLI: the playground's stand-in for the HTTP request the code makes.\n\
    At most one of --client-id, --object-id and --msi-res-id; without one, the system-assigned\n\
    identity answers (or, through IMDS, the only user-assigned one).\n\
    On a VM, a scale set or a container instance (the instance metadata service, IMDS):\n\
    \x20   curl -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=AUDIENCE[&client_id=ID|&object_id=ID|&msi_res_id=RESOURCE_ID]\"\n\
    On App Service, Functions and Logic Apps (the IDENTITY_ENDPOINT the platform sets):\n\
    \x20   curl -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" \"$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=AUDIENCE[&client_id=ID|&principal_id=ID|&mi_res_id=RESOURCE_ID]\"\n\
    It prints the endpoint's JSON response, or the endpoint's error body."),
)
.changes(token_line),
CommandSpec::new(
    "federated-token",
    help_text!("A workload outside Azure exchanges its own token for a user-assigned identity's (workload identity federation)."),
    &[WORKLOAD_CLIENT_ID, WORKLOAD_ISSUER, WORKLOAD_SUBJECT, WORKLOAD_AUDIENCE, WORKLOAD_SCOPE],
    (
        help_text!("playground federated-token --client-id ID --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:ref:refs/heads/main --scope https://management.azure.com/.default"),
        help_text!("A GitHub Actions run of branch main asks for the identity's ARM token."),
    ),
    federated_token,
)
.long_help(
    help_text!("Not part of the Azure CLI: the playground's stand-in for the workload's request to Microsoft Entra ID,\n\
    \x20   POST https://login.microsoftonline.com/TENANT/oauth2/v2.0/token with client_id=ID,\n\
    \x20   grant_type=client_credentials, scope=SCOPE, client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\n\
    \x20   and client_assertion=the workload's own token (from --issuer, about --subject, for --audience).\n\
    Entra ID answers the identity's token only if one of its federated credentials has that issuer,\n\
    subject and audience; otherwise AADSTS70021."),
)
.changes(federated_token_line)];

/// `playground federated-token`: the exchange of a workload's own token for the identity's.
fn federated_token(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::ExchangeFederatedToken {
            client_id: invocation.string(&WORKLOAD_CLIENT_ID),
            issuer: invocation.string(&WORKLOAD_ISSUER),
            subject: invocation.string(&WORKLOAD_SUBJECT),
            audience: invocation
                .option(&WORKLOAD_AUDIENCE)
                .unwrap_or_else(|| "api://AzureADTokenExchange".into()),
            scope: invocation.string(&WORKLOAD_SCOPE),
        },
        print_federated_token,
    )
}

/// Entra ID's token response (v2.0 endpoint): `token_type`, `expires_in`, `ext_expires_in`,
/// `access_token`.
fn print_federated_token(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::TokenIssued { token } => {
            let lifetime = token.expires.0 - world.clock.0.max(token.issued.0);
            Some(Value::object(vec![
                ("token_type", "Bearer".into()),
                ("expires_in", Value::from(lifetime)),
                ("ext_expires_in", Value::from(lifetime)),
                ("access_token", json::access_token(token).into()),
            ]))
        }
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn federated_token_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::ExchangeFederatedToken {
        client_id,
        issuer,
        subject,
        audience,
        scope,
    } = command
    else {
        return None;
    };
    Line::of(&PLAYGROUND, spec)
        .value(&WORKLOAD_CLIENT_ID, client_id)
        .value(&WORKLOAD_ISSUER, issuer)
        .value(&WORKLOAD_SUBJECT, subject)
        .value(&WORKLOAD_AUDIENCE, audience)
        .value(&WORKLOAD_SCOPE, scope)
        .done()
}

// ---- Key Vault secrets ----------------------------------------------------------------------

fn secret_set(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let Some(value) = invocation.option(&VALUE) else {
        return Err(usage(
            invocation,
            &SECRET_NAME,
            "usage error: --value VALUE | --file PATH",
        ));
    };
    change(
        Command::SetSecret {
            vault: invocation.string(&VAULT_NAME),
            name: invocation.string(&SECRET_NAME),
            value,
        },
        print_secret_set,
    )
}

fn print_secret_set(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::SecretSet {
            vault_id, secret, ..
        } => world
            .resource_by_id(vault_id)
            .map(|vault| json::vault_secret(vault, secret)),
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn secret_set_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::SetSecret { vault, name, value } = command else {
        return None;
    };
    Line::az(spec)
        .value(&VAULT_NAME, vault)
        .value(&SECRET_NAME, name)
        .value(&VALUE, value)
        .done()
}

fn secret_show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let vault = invocation.string(&VAULT_NAME);
    let name = invocation.string(&SECRET_NAME);
    read(move |world| {
        let found = query::vault_for_data(world, &vault)?;
        query::authorize_secret_operation(world, found, SecretOperation::Get, Some(&name))?;
        let secret = found
            .secrets
            .get(&name.trim().to_ascii_lowercase())
            .ok_or_else(|| CommandError::arm("SecretNotFound", format!("A secret with (name/id) {} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182", name.trim())))?;
        Ok(CommandResult::plain(json::vault_secret(found, secret)))
    })
}

fn secret_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let vault = invocation.string(&VAULT_NAME);
    read(move |world| {
        let found = query::vault_for_data(world, &vault)?;
        query::authorize_secret_operation(world, found, SecretOperation::List, None)?;
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
                    .and_then(Value::as_str)
                    .and_then(|id| id.rsplit_once('/'))
                    .map(|(head, _)| head.to_string());
                item.set("id", Value::from(id));
                item
            })
            .collect();
        Ok(CommandResult::transformed(
            Value::Array(list),
            Transformer::SecretList,
        ))
    })
}

// ---- access policies -------------------------------------------------------------------------

/// keyvault `validate_principal`: exactly one of `--object-id`, `--spn`, `--upn` (argparse's
/// error, exit 2).
fn policy_principal(invocation: &Invocation) -> Result<PolicyPrincipal, AzError> {
    match (
        invocation.option(&POLICY_OBJECT_ID),
        invocation.option(&POLICY_SPN),
        invocation.option(&POLICY_UPN),
    ) {
        (Some(id), None, None) => Ok(PolicyPrincipal::ObjectId(id)),
        (None, Some(spn), None) => Ok(PolicyPrincipal::Spn(spn)),
        (None, None, Some(upn)) => Ok(PolicyPrincipal::Upn(upn)),
        _ => Err(usage(
            invocation,
            &POLICY_VAULT,
            "specify exactly one: --object-id, --spn, --upn",
        )),
    }
}

fn set_policy(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let permissions = |param: &Param| invocation.values(param).map(<[String]>::to_vec);
    change(
        Command::SetAccessPolicy {
            vault: invocation.string(&POLICY_VAULT),
            group: invocation.option(&GROUP_OPTIONAL),
            principal: policy_principal(invocation)?,
            permissions: PolicyPermissions {
                keys: permissions(&KEY_PERMISSIONS),
                secrets: permissions(&SECRET_PERMISSIONS),
                certificates: permissions(&CERTIFICATE_PERMISSIONS),
                storage: permissions(&STORAGE_PERMISSIONS),
            },
        },
        print_vault,
    )
}

fn delete_policy(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::DeleteAccessPolicy {
            vault: invocation.string(&POLICY_VAULT),
            group: invocation.option(&GROUP_OPTIONAL),
            principal: policy_principal(invocation)?,
        },
        print_vault,
    )
}

/// `set-policy` and `delete-policy` print the vault as it is after the change.
fn print_vault(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::AccessPolicySet { vault_id, .. } | Event::AccessPolicyDeleted { vault_id, .. } => {
            world
                .resource_by_id(vault_id)
                .map(|vault| json::resource(world, vault))
        }
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn principal_line(line: Line, principal: &PolicyPrincipal) -> Line {
    match principal {
        PolicyPrincipal::ObjectId(id) => line.value(&POLICY_OBJECT_ID, id),
        PolicyPrincipal::Spn(spn) => line.value(&POLICY_SPN, spn),
        PolicyPrincipal::Upn(upn) => line.value(&POLICY_UPN, upn),
    }
}

fn set_policy_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::SetAccessPolicy {
        vault,
        group,
        principal,
        permissions,
    } = command
    else {
        return None;
    };
    let mut line = Line::az(spec)
        .value(&POLICY_VAULT, vault)
        .maybe(&GROUP_OPTIONAL, group.as_deref());
    line = principal_line(line, principal);
    for (param, values) in [
        (&KEY_PERMISSIONS, &permissions.keys),
        (&SECRET_PERMISSIONS, &permissions.secrets),
        (&CERTIFICATE_PERMISSIONS, &permissions.certificates),
        (&STORAGE_PERMISSIONS, &permissions.storage),
    ] {
        line = match values {
            Some(values) if values.is_empty() => line.flag(param),
            Some(values) => line.values(param, values),
            None => line,
        };
    }
    line.done()
}

fn delete_policy_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteAccessPolicy {
        vault,
        group,
        principal,
    } = command
    else {
        return None;
    };
    let line = Line::az(spec)
        .value(&POLICY_VAULT, vault)
        .maybe(&GROUP_OPTIONAL, group.as_deref());
    principal_line(line, principal).done()
}

// ---- blob containers ------------------------------------------------------------------------

fn container_create(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::CreateBlobContainer {
            account: invocation.string(&ACCOUNT_NAME),
            name: invocation.string(&CONTAINER_NAME),
        },
        print_container_created,
    )
}

/// An existing container is not created again: the CLI prints {"created": false}.
fn print_container_created(_: &World, _: &Command, events: &[Event]) -> CommandResult {
    let created = events
        .iter()
        .any(|event| matches!(event, Event::BlobContainerCreated { .. }));
    CommandResult::plain(shapes::container_created(created))
}

fn container_create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::CreateBlobContainer { account, name } = command else {
        return None;
    };
    Line::az(spec)
        .value(&ACCOUNT_NAME, account)
        .value(&CONTAINER_NAME, name)
        .value(&AUTH_MODE, "login")
        .done()
}

fn container_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let account = invocation.string(&ACCOUNT_NAME);
    read(move |world| {
        let found = world
            .resource_named(ResourceKind::StorageAccount, &account)
            .ok_or_else(|| {
                CommandError::cli(format!(
                    "The storage account '{}' could not be found in the current subscription.",
                    account.trim()
                ))
            })?;
        let list = found.containers.values().map(shapes::container).collect();
        Ok(CommandResult::plain(Value::Array(list)))
    })
}

// ---- playground token -----------------------------------------------------------------------

/// `playground token`: a resource's code asks its identity endpoint for a token.
fn token(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let wanted = invocation.text(&TOKEN_TYPE).unwrap_or_default();
    // `--type` takes the kinds' short words (ResourceKind::word), every kind but a plan.
    let kind = ResourceKind::from_word(&wanted.to_ascii_lowercase())
        .filter(|kind| *kind != ResourceKind::AppServicePlan)
        .ok_or_else(|| {
            usage(
                invocation,
                &TOKEN_TYPE,
                format!("unknown --type '{wanted}'"),
            )
        })?;
    let mut selectors: Vec<(&Param, TokenSelector)> = Vec::new();
    if let Some(id) = invocation.option(&CLIENT_ID) {
        selectors.push((&CLIENT_ID, TokenSelector::ClientId(id)));
    }
    if let Some(id) = invocation.option(&OBJECT_ID) {
        selectors.push((&OBJECT_ID, TokenSelector::ObjectId(id)));
    }
    if let Some(id) = invocation.option(&MSI_RES_ID) {
        selectors.push((&MSI_RES_ID, TokenSelector::ResourceId(id)));
    }
    if let Some((flag, _)) = selectors.get(1) {
        return Err(usage(
            invocation,
            flag,
            "usage error: --client-id ID | --object-id ID | --msi-res-id RESOURCE_ID: the identity endpoint takes at most one",
        ));
    }
    change(
        Command::RequestToken {
            kind,
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
            audience: invocation.string(&AUDIENCE),
            selector: selectors.pop().map(|(_, selector)| selector),
        },
        print_token,
    )
}

/// `playground token` prints the identity endpoint's response.
fn print_token(world: &World, command: &Command, events: &[Event]) -> CommandResult {
    let value = match command {
        Command::RequestToken { kind, .. } => events.iter().find_map(|event| match event {
            Event::TokenIssued { token } => Some(shapes::token_response(world, token, *kind)),
            _ => None,
        }),
        _ => None,
    };
    CommandResult::plain(value.unwrap_or_default())
}

/// The request a `playground token` line stands for, as code inside the resource sends it: IMDS
/// for a VM, a scale set or a container instance, `$IDENTITY_ENDPOINT` for App Service, Functions
/// and Logic Apps (docs/azure-rules.md T3).
pub struct TokenRequest {
    pub url: String,
    /// The header it needs, as curl's `-H` takes it.
    pub header: &'static str,
}

impl TokenRequest {
    /// The `curl` line: typed in the resource's shell, it is the same request.
    pub fn curl(&self) -> String {
        format!("curl -H {} \"{}\"", self.header, self.url)
    }
}

pub fn token_request(command: &Command) -> Option<TokenRequest> {
    let Command::RequestToken {
        kind,
        audience,
        selector,
        ..
    } = command
    else {
        return None;
    };
    let imds = matches!(
        kind,
        ResourceKind::VirtualMachine | ResourceKind::VmScaleSet | ResourceKind::ContainerInstance
    );
    let chosen = selector.as_ref().map(|selector| {
        let (imds_name, app_name, id) = match selector {
            TokenSelector::ClientId(id) => ("client_id", "client_id", id),
            TokenSelector::ObjectId(id) => ("object_id", "principal_id", id),
            TokenSelector::ResourceId(id) => ("msi_res_id", "mi_res_id", id),
        };
        format!("&{}={id}", if imds { imds_name } else { app_name })
    });
    let chosen = chosen.unwrap_or_default();
    Some(if imds {
        TokenRequest {
            url: format!("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource={audience}{chosen}"),
            header: "Metadata:true",
        }
    } else {
        TokenRequest {
            url: format!("$IDENTITY_ENDPOINT?api-version=2019-08-01&resource={audience}{chosen}"),
            header: "\"X-IDENTITY-HEADER: $IDENTITY_HEADER\"",
        }
    })
}

fn token_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::RequestToken {
        kind,
        group,
        name,
        audience,
        selector,
    } = command
    else {
        return None;
    };
    let word = match kind {
        ResourceKind::AppServicePlan => ResourceKind::VirtualMachine.word(),
        kind => kind.word(),
    };
    let line = Line::of(&PLAYGROUND, spec)
        .value(&TOKEN_TYPE, word)
        .value(&GROUP, group)
        .value(&NAME, name)
        .value(&AUDIENCE, audience);
    match selector {
        Some(TokenSelector::ClientId(id)) => line.value(&CLIENT_ID, id),
        Some(TokenSelector::ObjectId(id)) => line.value(&OBJECT_ID, id),
        Some(TokenSelector::ResourceId(id)) => line.value(&MSI_RES_ID, id),
        None => line,
    }
    .done()
}
