//! `az ad sp …`, `az ad app …` and `az rest` on Microsoft Graph's deleted items: the Microsoft Entra directory.

use model::value::write_string;
use model::{json, Command, CommandError, ErrorOrigin, Event, SignInAudience, World};

use super::flags::GRAPH_ID;
use super::{change, prints_nothing, raw_request_error, read, usage, Action, Context, Line};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Transformer, Value};
use crate::shapes;
use crate::table::{Arity, CommandSpec, Param};

const DISPLAY_NAME_FILTER: Param = Param::new(
    &["--display-name"],
    help_text!("Object's display name or its prefix."),
);
const SP_FILTER: Param = Param::new(
    &["--filter"],
    help_text!("OData filter, e.g. --filter \"displayname eq 'test' and servicePrincipalType eq 'Application'\"."),
);
const SPN: Param = Param::new(&["--spn"], help_text!("Service principal name."));
const USER_DISPLAY_NAME: Param = Param::new(
    &["--display-name"],
    help_text!("Object's display name or its prefix."),
);
const UPN: Param = Param::new(
    &["--upn"],
    help_text!("User principal name, e.g. john.doe@contoso.com."),
);
const USER_FILTER: Param = Param::new(
    &["--filter"],
    help_text!("OData filter, e.g. --filter \"displayname eq 'test'\"."),
);
const USER_ID: Param = Param::new(
    &["--id"],
    help_text!("The object ID or principal name of the user for which to get information."),
)
.required();
const APP_DISPLAY_NAME: Param = Param::new(
    &["--display-name"],
    help_text!("The display name of the application."),
);
const SIGN_IN_AUDIENCE: Param = Param::new(
    &["--sign-in-audience"],
    help_text!("Specifies the Microsoft accounts that are supported for the current application."),
)
.choices(&[
    "AzureADMultipleOrgs",
    "AzureADMyOrg",
    "AzureADandPersonalMicrosoftAccount",
    "PersonalMicrosoftAccount",
]);
const APP_ID: Param = Param::new(&["--app-id"], help_text!("Application id."));
const APP_FILTER: Param = Param::new(&["--filter"], help_text!("OData filter."));
const APPEND: Param = Param::new(
    &["--append"],
    help_text!("Append the new credential instead of overwriting."),
)
.flag();
const YEARS: Param = Param::new(
    &["--years"],
    help_text!("Number of years for which the credentials will be valid."),
)
.default("1");
const CREDENTIAL_NAME: Param = Param::new(
    &["--display-name"],
    help_text!("Friendly name for the credential."),
);
const CERT: Param = Param::new(
    &["--cert"],
    help_text!("Certificate to use for credentials: a PEM/DER string or a file name."),
);
const CREATE_CERT: Param = Param::new(
    &["--create-cert"],
    help_text!("Create a self-signed certificate to use for the credential."),
)
.flag();
const URL: Param = Param::new(
    &["--url", "--uri", "-u"],
    help_text!("Request URL. The playground answers only the Microsoft Graph URLs listed above."),
)
.required();
const METHOD: Param = Param::new(&["--method", "-m"], help_text!("HTTP request method."))
    .choices(&["delete", "get", "head", "options", "patch", "post", "put"])
    .default("get");
const BODY: Param = Param::new(
    &["--body", "-b"],
    help_text!("Request body. The playground's calls take none: it is refused."),
);

/// azure-cli role custom.py `CREDENTIAL_WARNING`, as knack's log handler prints it.
const FIC_PARAMETERS: Param = Param::new(
    &["--parameters"],
    help_text!("Parameters for creating federated identity credential. Should be JSON file path or in-line JSON string. The playground takes in-line JSON: {\"name\": …, \"issuer\": …, \"subject\": …, \"audiences\": [\"api://AzureADTokenExchange\"], \"description\": …}."),
)
.required();
const FIC_ID: Param = Param::new(
    &["--federated-credential-id"],
    help_text!("ID or name of the federated identity credential."),
)
.required();
const CREDENTIAL_WARNING: &str = "WARNING: The output includes credentials that you must protect. Be sure that you do not include these credentials in your code or check the credentials into your source control. For more information, see https://aka.ms/azadsp-cli\n";

pub const COMMANDS: &[CommandSpec] = &[
    // ---- service principals
    CommandSpec::new(
        "ad sp list",
        help_text!("List service principals."),
        &[
            DISPLAY_NAME_FILTER,
            SP_FILTER,
            SPN,
            Param::new(&["--all"], help_text!("List all entities, expect long delay if under a big organization.")).flag(),
            Param::new(&["--show-mine"], help_text!("List entities owned by the current user.")).flag(),
        ],
        (help_text!("az ad sp list --display-name myVM"), help_text!("Find the service principal of a resource's managed identity.")),
        sp_list,
    )
    .graph(),
    CommandSpec::new("ad sp show", help_text!("Get the details of a service principal."), &[GRAPH_ID], (help_text!("az ad sp show --id 00000000-0000-0000-0000-000000000000"), help_text!("Show a service principal.")), sp_show).graph(),
    CommandSpec::new("ad sp create", help_text!("Create a service principal."), &[GRAPH_ID], (help_text!("az ad sp create --id 00000000-0000-0000-0000-000000000000"), help_text!("Create the service principal of an application.")), sp_create)
        .graph()
        .changes(sp_create_line),
    CommandSpec::new("ad sp delete", help_text!("Delete a service principal."), &[GRAPH_ID], (help_text!("az ad sp delete --id 00000000-0000-0000-0000-000000000000"), help_text!("Delete a service principal.")), sp_delete)
        .graph()
        .changes(sp_delete_line),
    // ---- users: the signed-in learner (docs/azure-rules.md M9)
    CommandSpec::new("ad signed-in-user show", help_text!("Get the details for the currently logged-in user."), &[], (help_text!("az ad signed-in-user show --query id -o tsv"), help_text!("Print your own object ID, as role assignments name you.")), signed_in_user_show).graph(),
    CommandSpec::new(
        "ad user show",
        help_text!("Get the details of a user."),
        &[USER_ID],
        (help_text!("az ad user show --id learner@contoso.onmicrosoft.com"), help_text!("Show a user by principal name.")),
        user_show,
    )
    .graph(),
    CommandSpec::new(
        "ad user list",
        help_text!("List users."),
        &[USER_DISPLAY_NAME, UPN, USER_FILTER],
        (help_text!("az ad user list --upn learner@contoso.onmicrosoft.com"), help_text!("Find a user by principal name.")),
        user_list,
    )
    .graph(),
    // ---- applications
    CommandSpec::new(
        "ad app create",
        help_text!("Create an application."),
        &[APP_DISPLAY_NAME.required(), SIGN_IN_AUDIENCE],
        (help_text!("az ad app create --display-name mytestapp"), help_text!("Create an application.")),
        app_create,
    )
    .graph()
    .changes(app_create_line),
    CommandSpec::new("ad app delete", help_text!("Delete an application."), &[GRAPH_ID], (help_text!("az ad app delete --id 00000000-0000-0000-0000-000000000000"), help_text!("Delete an application.")), app_delete)
        .graph()
        .changes(app_delete_line),
    CommandSpec::new("ad app show", help_text!("Get the details of an application."), &[GRAPH_ID], (help_text!("az ad app show --id 00000000-0000-0000-0000-000000000000"), help_text!("Show an application.")), app_show).graph(),
    CommandSpec::new(
        "ad app list",
        help_text!("List applications."),
        &[
            APP_DISPLAY_NAME,
            APP_ID,
            APP_FILTER,
            Param::new(&["--all"], help_text!("List all entities.")).flag(),
            Param::new(&["--show-mine"], help_text!("List entities owned by the current user.")).flag(),
        ],
        (help_text!("az ad app list --display-name mytestapp"), help_text!("Find an application by name.")),
        app_list,
    )
    .graph(),
    CommandSpec::new(
        "ad app credential reset",
        help_text!("Reset an application's password or certificate credentials."),
        &[GRAPH_ID, APPEND, YEARS, CREDENTIAL_NAME, CERT, CREATE_CERT],
        (help_text!("az ad app credential reset --id 00000000-0000-0000-0000-000000000000 --append"), help_text!("Add a new client secret to an application.")),
        credential_reset,
    )
    .graph()
    .warning(CREDENTIAL_WARNING)
    .changes(credential_reset_line),
    // ---- an application's federated identity credentials (docs/azure-rules.md R19)
    CommandSpec::new(
        "ad app federated-credential create",
        help_text!("Create application federated identity credential."),
        &[GRAPH_ID, FIC_PARAMETERS],
        (
            help_text!("az ad app federated-credential create --id 00000000-0000-0000-0000-000000000000 --parameters '{\"name\": \"github-main\", \"issuer\": \"https://token.actions.githubusercontent.com\", \"subject\": \"repo:contoso/app:ref:refs/heads/main\", \"audiences\": [\"api://AzureADTokenExchange\"]}'"),
            help_text!("Trust the GitHub Actions runs of branch main."),
        ),
        |i, _| set_app_federated(i, false),
    )
    .graph()
    .changes(app_federated_line),
    CommandSpec::new(
        "ad app federated-credential update",
        help_text!("Update application federated identity credential."),
        &[GRAPH_ID, FIC_ID, FIC_PARAMETERS],
        (
            help_text!("az ad app federated-credential update --id 00000000-0000-0000-0000-000000000000 --federated-credential-id github-main --parameters '{\"issuer\": \"https://token.actions.githubusercontent.com\", \"subject\": \"repo:contoso/app:environment:prod\", \"audiences\": [\"api://AzureADTokenExchange\"]}'"),
            help_text!("Trust the runs of environment prod instead."),
        ),
        |i, _| set_app_federated(i, true),
    )
    .graph()
    .changes(app_federated_line),
    CommandSpec::new(
        "ad app federated-credential delete",
        help_text!("Delete application federated identity credential."),
        &[GRAPH_ID, FIC_ID],
        (
            help_text!("az ad app federated-credential delete --id 00000000-0000-0000-0000-000000000000 --federated-credential-id github-main"),
            help_text!("Delete a federated identity credential."),
        ),
        delete_app_federated,
    )
    .graph()
    .changes(delete_app_federated_line),
    #[cfg(feature = "full")]
    CommandSpec::new(
        "ad app federated-credential show",
        help_text!("Show application federated identity credential."),
        &[GRAPH_ID, FIC_ID],
        (
            help_text!("az ad app federated-credential show --id 00000000-0000-0000-0000-000000000000 --federated-credential-id github-main"),
            help_text!("Show a federated identity credential by its name or ID."),
        ),
        |i, _| read_app_federated(i, true),
    )
    .graph(),
    #[cfg(feature = "full")]
    CommandSpec::new(
        "ad app federated-credential list",
        help_text!("List application federated identity credentials."),
        &[GRAPH_ID],
        (
            help_text!("az ad app federated-credential list --id 00000000-0000-0000-0000-000000000000"),
            help_text!("List an application's federated identity credentials."),
        ),
        |i, _| read_app_federated(i, false),
    )
    .graph(),
    // ---- rest: only the Graph calls the Graph-era CLI has no command for (deleted items)
    CommandSpec::new(
        "rest",
        help_text!("Invoke a custom request."),
        &[
            URL,
            METHOD,
            Param::new(&["--headers"], help_text!("Space-separated headers in KEY=VALUE format or JSON string. The playground accepts and ignores them (az sends the Authorization header itself).")).arity(Arity::Many),
            BODY,
        ],
        (
            help_text!("az rest --method post --url https://graph.microsoft.com/v1.0/directory/deletedItems/00000000-0000-0000-0000-000000000000/restore"),
            help_text!("Restore a deleted application or service principal by its object ID."),
        ),
        rest,
    )
    .graph()
    .long_help(
        help_text!("The playground answers Microsoft Graph's deleted items (v1.0 or beta):\n\
        \x20   POST https://graph.microsoft.com/v1.0/directory/deletedItems/{object-id}/restore\n\
        \x20   GET  https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.application\n\
        \x20   GET  https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal\n\
        A restore takes the object ID (not the appId) of a deleted application or service principal, and\n\
        restoring an application does not restore its service principal: that is a second restore.\n\
        Deleted items can be restored for 30 days.\n\
        And the managed-identity sign-in log (beta; without the filter Graph lists interactive user\n\
        sign-ins, which the playground has none of):\n\
        \x20   GET  https://graph.microsoft.com/beta/auditLogs/signIns?$filter=signInEventTypes/any(t: t eq 'managedIdentity')&$top=10"),
    )
    .errors(|error| raw_request_error(error, ErrorOrigin::Graph))
    .changes(restore_line),
];

// ---- service principals -------------------------------------------------------------------

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

fn sp_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let display_name = invocation.option(&DISPLAY_NAME_FILTER);
    let filter = invocation.option(&SP_FILTER);
    let spn = invocation.option(&SPN);
    read(move |world| {
        let filter = parse_filter(filter.as_deref())?;
        let tenant = world.tenant_id();
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
        Ok(CommandResult::transformed(
            Value::Array(list),
            Transformer::GraphObjectList,
        ))
    })
}

// ---- users ---------------------------------------------------------------------------------

/// `az ad signed-in-user show`: Graph's `/me`, the learner's account in the signed-in tenant.
fn signed_in_user_show(_: &Invocation, _: &Context) -> Result<Action, AzError> {
    read(|world| {
        let user = world
            .signed_in_user()
            .ok_or_else(|| CommandError::graph_not_found("me"))?;
        Ok(CommandResult::plain(json::user(user, true)))
    })
}

fn user_show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let id = invocation.string(&USER_ID);
    read(move |world| {
        let user = world
            .find_user(world.tenant_id(), &id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
        Ok(CommandResult::plain(json::user(user, true)))
    })
}

/// `az ad user list`: the signed-in tenant's users, filtered as Graph filters them. Users have
/// no table transformer in the CLI, so `-o table` is the automatic one.
fn user_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let display_name = invocation.option(&USER_DISPLAY_NAME);
    let upn = invocation.option(&UPN);
    let filter = invocation.option(&USER_FILTER);
    read(move |world| {
        let filter = parse_filter(filter.as_deref())?;
        let tenant = world.tenant_id();
        let list = world
            .users
            .values()
            .filter(|user| user.tenant_id == tenant)
            .filter(|user| display_name_matches(&user.display_name, display_name.as_deref()))
            .filter(|user| {
                upn.as_ref()
                    .is_none_or(|upn| user.user_principal_name.eq_ignore_ascii_case(upn.trim()))
            })
            .map(|user| json::user(user, false))
            .filter(|user| filter.as_ref().is_none_or(|f| f.matches(user)))
            .collect();
        Ok(CommandResult::plain(Value::Array(list)))
    })
}

fn sp_show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let id = invocation.string(&GRAPH_ID);
    read(move |world| {
        let sp = world
            .find_service_principal(world.tenant_id(), &id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
        Ok(CommandResult::plain(json::service_principal(sp, true)))
    })
}

fn sp_create(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::CreateServicePrincipal {
            app_id: invocation.string(&GRAPH_ID),
        },
        print_sp_created,
    )
}

fn print_sp_created(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::ServicePrincipalCreated { principal } => world
            .service_principal(principal.id)
            .map(|sp| json::service_principal(sp, true)),
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn sp_create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::CreateServicePrincipal { app_id } = command else {
        return None;
    };
    Line::az(spec).value(&GRAPH_ID, app_id).done()
}

fn sp_delete(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::DeleteServicePrincipal {
            id: invocation.string(&GRAPH_ID),
        },
        prints_nothing,
    )
}

fn sp_delete_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteServicePrincipal { id } = command else {
        return None;
    };
    Line::az(spec).value(&GRAPH_ID, id).done()
}

// ---- applications -------------------------------------------------------------------------

fn app_create(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let audience = match invocation.text(&SIGN_IN_AUDIENCE) {
        None | Some("AzureADMyOrg") => SignInAudience::AzureAdMyOrg,
        Some("AzureADMultipleOrgs") => SignInAudience::AzureAdMultipleOrgs,
        Some(other) => return Err(usage(invocation, &SIGN_IN_AUDIENCE, format!("'{other}' accounts are not modelled in the playground: use AzureADMyOrg or AzureADMultipleOrgs"))),
    };
    change(
        Command::CreateApplication {
            display_name: invocation.string(&APP_DISPLAY_NAME),
            audience,
        },
        print_app_created,
    )
}

fn print_app_created(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::ApplicationCreated { application } => world
            .applications
            .get(&application.id)
            .map(|app| json::application(world, app, true)),
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn app_create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::CreateApplication {
        display_name,
        audience,
    } = command
    else {
        return None;
    };
    let audience = (*audience != SignInAudience::AzureAdMyOrg).then(|| audience.as_str());
    Line::az(spec)
        .value(&APP_DISPLAY_NAME, display_name)
        .maybe(&SIGN_IN_AUDIENCE, audience)
        .done()
}

fn app_delete(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::DeleteApplication {
            id: invocation.string(&GRAPH_ID),
        },
        prints_nothing,
    )
}

fn app_delete_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteApplication { id } = command else {
        return None;
    };
    Line::az(spec).value(&GRAPH_ID, id).done()
}

// ---- an application's federated identity credentials ----------------------------------------

/// `--parameters` as Graph's body: an in-line JSON object (a file is not modelled).
fn fic_parameters(invocation: &Invocation) -> Result<Vec<(String, Value)>, AzError> {
    let text = invocation.text(&FIC_PARAMETERS).unwrap_or_default();
    let wrong = |why: String| usage(invocation, &FIC_PARAMETERS, why);
    if text.trim_start().starts_with('@') {
        return Err(wrong("reading --parameters from a file is not modelled: give the JSON in-line, in single quotes".into()));
    }
    flat_json(text).ok_or_else(|| {
        wrong(format!("--parameters must be a JSON object of strings and lists of strings, such as {{\"name\": \"main\", \"audiences\": [\"api://AzureADTokenExchange\"]}}, not '{text}'"))
    })
}

/// A JSON object whose values are strings, lists of strings or null: all a federated
/// credential's body has. (A whole JSON reader would be most of a kilobyte of the page's download.)
fn flat_json(text: &str) -> Option<Vec<(String, Value)>> {
    let mut chars = text.trim().chars().peekable();
    let mut pairs = Vec::new();
    let skip = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
    };
    let string = |chars: &mut std::iter::Peekable<std::str::Chars>| -> Option<String> {
        skip(chars);
        chars.next().filter(|c| *c == '"')?;
        let mut out = String::new();
        loop {
            match chars.next()? {
                '"' => return Some(out),
                '\\' => out.push(match chars.next()? {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                    }
                    c @ ('"' | '\\' | '/') => c,
                    _ => return None,
                }),
                c => out.push(c),
            }
        }
    };
    skip(&mut chars);
    chars.next().filter(|c| *c == '{')?;
    skip(&mut chars);
    if chars.next_if_eq(&'}').is_some() {
        return chars.next().is_none().then_some(pairs);
    }
    loop {
        let key = string(&mut chars)?;
        skip(&mut chars);
        chars.next().filter(|c| *c == ':')?;
        skip(&mut chars);
        let value = match chars.peek()? {
            '[' => {
                chars.next();
                let mut items = Vec::new();
                skip(&mut chars);
                if chars.next_if_eq(&']').is_none() {
                    loop {
                        items.push(Value::String(string(&mut chars)?));
                        skip(&mut chars);
                        match chars.next()? {
                            ',' => continue,
                            ']' => break,
                            _ => return None,
                        }
                    }
                }
                Value::Array(items)
            }
            'n' => {
                let word: String = (0..4).filter_map(|_| chars.next()).collect();
                (word == "null").then_some(Value::Null)?
            }
            _ => Value::String(string(&mut chars)?),
        };
        pairs.push((key, value));
        skip(&mut chars);
        match chars.next()? {
            ',' => continue,
            '}' => {
                skip(&mut chars);
                return chars.next().is_none().then_some(pairs);
            }
            _ => return None,
        }
    }
}

fn set_app_federated(invocation: &Invocation, update: bool) -> Result<Action, AzError> {
    let parameters = fic_parameters(invocation)?;
    let get = |key: &str| parameters.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let text = |key: &str| get(key).and_then(Value::as_str).map(str::to_string);
    let audiences = match get("audiences") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    };
    change(
        Command::SetAppFederatedCredential {
            app: invocation.string(&GRAPH_ID),
            update: update.then(|| invocation.string(&FIC_ID)),
            name: text("name").unwrap_or_default(),
            issuer: text("issuer").unwrap_or_default(),
            subject: text("subject").unwrap_or_default(),
            audiences,
            description: text("description"),
        },
        print_app_federated,
    )
}

/// A create prints Graph's answer, the credential with its `@odata.context`; an update (a
/// `PATCH`, answered 204) prints nothing.
fn print_app_federated(world: &World, command: &Command, events: &[Event]) -> CommandResult {
    let value = match command {
        Command::SetAppFederatedCredential { update: None, .. } => {
            events.iter().find_map(|event| match event {
                Event::AppFederatedCredentialSet {
                    app, credential, ..
                } => world
                    .applications
                    .get(app)
                    .map(|app| json::app_federated_credential(app, credential, true)),
                _ => None,
            })
        }
        _ => None,
    };
    CommandResult::plain(value.unwrap_or_default())
}

fn app_federated_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::SetAppFederatedCredential {
        app,
        update,
        name,
        issuer,
        subject,
        audiences,
        description,
    } = command
    else {
        return None;
    };
    // The create entry writes a create, the update entry an update.
    if spec.path.ends_with("update") != update.is_some() {
        return None;
    }
    // Graph's body as compact JSON; an update's may leave the name out: it can't change.
    let mut body = String::from("{");
    let mut field = |key: &str, value: &str| {
        if body.len() > 1 {
            body.push(',');
        }
        write_string(key, false, &mut body);
        body.push(':');
        body.push_str(value);
    };
    let quoted = |text: &str| {
        let mut out = String::new();
        write_string(text, false, &mut out);
        out
    };
    if !name.is_empty() {
        field("name", &quoted(name));
    }
    field("issuer", &quoted(issuer));
    field("subject", &quoted(subject));
    let audiences: Vec<String> = audiences.iter().map(|a| quoted(a)).collect();
    field("audiences", &format!("[{}]", audiences.join(",")));
    if let Some(description) = description {
        field("description", &quoted(description));
    }
    body.push('}');
    Line::az(spec)
        .value(&GRAPH_ID, app)
        .maybe(&FIC_ID, update.as_deref())
        .value(&FIC_PARAMETERS, &body)
        .done()
}

fn delete_app_federated(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::DeleteAppFederatedCredential {
            app: invocation.string(&GRAPH_ID),
            credential: invocation.string(&FIC_ID),
        },
        prints_nothing,
    )
}

fn delete_app_federated_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteAppFederatedCredential { app, credential } = command else {
        return None;
    };
    Line::az(spec)
        .value(&GRAPH_ID, app)
        .value(&FIC_ID, credential)
        .done()
}

/// `show` (one, by ID or name) and `list` (all, Graph's `value` without its context).
#[cfg(feature = "full")]
fn read_app_federated(invocation: &Invocation, one: bool) -> Result<Action, AzError> {
    let id = invocation.string(&GRAPH_ID);
    let wanted = one.then(|| invocation.string(&FIC_ID));
    read(move |world| {
        let app = world
            .find_application(world.tenant_id(), &id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
        let value = match &wanted {
            Some(wanted) => {
                let credential = model::decide::find_app_credential(app, wanted)
                    .ok_or_else(|| CommandError::graph_not_found(wanted.trim()))?;
                json::app_federated_credential(app, credential, true)
            }
            None => Value::Array(
                app.federated
                    .iter()
                    .map(|credential| json::app_federated_credential(app, credential, false))
                    .collect(),
            ),
        };
        Ok(CommandResult::plain(value))
    })
}

fn app_show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let id = invocation.string(&GRAPH_ID);
    read(move |world| {
        let app = world
            .find_application(world.tenant_id(), &id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
        Ok(CommandResult::plain(json::application(world, app, true)))
    })
}

fn app_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let display_name = invocation.option(&APP_DISPLAY_NAME);
    let app_id = invocation.option(&APP_ID);
    let filter = invocation.option(&APP_FILTER);
    read(move |world| {
        let filter = parse_filter(filter.as_deref())?;
        let tenant = world.tenant_id();
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
        Ok(CommandResult::transformed(
            Value::Array(list),
            Transformer::GraphObjectList,
        ))
    })
}

fn credential_reset(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let years = match invocation.text(&YEARS) {
        None => 1,
        Some(text) => match text.parse::<u32>() {
            Ok(years) if years >= 1 => years,
            _ => {
                return Err(usage(
                    invocation,
                    &YEARS,
                    format!("argument --years: invalid int value: '{text}'"),
                ))
            }
        },
    };
    let id = invocation.string(&GRAPH_ID);
    let display_name = invocation.option(&CREDENTIAL_NAME);
    // Without --append the reset replaces the app's secrets (and certificates, for a
    // certificate): the model removes them, as azure-cli `_reset_credential` does.
    let append = invocation.has(&APPEND);
    let command = if invocation.has(&CERT) || invocation.has(&CREATE_CERT) {
        Command::AddApplicationCertificate {
            id,
            display_name,
            years,
            append,
        }
    } else {
        Command::AddApplicationSecret {
            id,
            display_name,
            years,
            append,
        }
    };
    change(command, print_credential)
}

/// A secret's reset prints the secret, this once; a certificate's, where its key file went.
fn print_credential(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::ApplicationSecretAdded {
            app_id,
            secret_text,
            ..
        } => Some(shapes::credential_reset(world, app_id, secret_text)),
        Event::ApplicationCertificateAdded { app_id, .. } => {
            Some(shapes::certificate_reset(world, app_id))
        }
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn credential_reset_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let (id, display_name, years, append, certificate) = match command {
        Command::AddApplicationSecret {
            id,
            display_name,
            years,
            append,
        } => (id, display_name, years, append, false),
        Command::AddApplicationCertificate {
            id,
            display_name,
            years,
            append,
        } => (id, display_name, years, append, true),
        _ => return None,
    };
    let years = (*years != 1).then(|| years.to_string());
    Line::az(spec)
        .value(&GRAPH_ID, id)
        .flag_if(&CREATE_CERT, certificate)
        .flag_if(&APPEND, *append)
        .maybe(&CREDENTIAL_NAME, display_name.as_deref())
        .maybe(&YEARS, years.as_deref())
        .done()
}

// ---- az rest --------------------------------------------------------------------------------

const GRAPH: &str = "https://graph.microsoft.com/v1.0";

const REST_CALLS: &str = "the playground answers only these az rest calls (Microsoft Graph's deleted items, v1.0 or beta, and the managed-identity sign-ins):
    az rest --method post --url https://graph.microsoft.com/v1.0/directory/deletedItems/{object-id}/restore
    az rest --method get --url https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.application
    az rest --method get --url https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal
    az rest --method get --url \"https://graph.microsoft.com/beta/auditLogs/signIns?\\$filter=signInEventTypes/any(t: t eq 'managedIdentity')&\\$top=10\"";

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

/// The query of a Graph `auditLogs/signIns` URL (v1.0 or beta; `""` without one), and whether it
/// is beta. Only in the `full` console: the page sends these lines to the worker's terminal.
#[cfg(feature = "full")]
fn sign_ins_query(url: &str) -> Option<(&str, bool)> {
    let path = strip_prefix_ignore_case(url, "https://graph.microsoft.com/")?;
    let (path, beta) = match strip_prefix_ignore_case(path, "beta/") {
        Some(path) => (path, true),
        None => (strip_prefix_ignore_case(path, "v1.0/")?, false),
    };
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    path.eq_ignore_ascii_case("auditLogs/signIns")
        .then_some((query, beta))
}

/// What a sign-ins query asks (docs/azure-rules.md T11): Graph returns interactive user sign-ins
/// unless `$filter` names the managed-identity ones (beta only), at most `$top`. `Err` says which
/// part is not modelled.
#[cfg(feature = "full")]
fn sign_ins_wanted(query: &str, beta: bool) -> Result<(bool, usize), String> {
    let (mut managed, mut top) = (false, 1000);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value);
        match percent_decode(key).as_str() {
            "$filter" => {
                let filter: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !beta || filter != "signineventtypes/any(t:teq'managedidentity')" {
                    return Err(format!("the filter '{value}' is not modelled: the playground filters sign-ins only by signInEventTypes/any(t: t eq 'managedIdentity'), on beta"));
                }
                managed = true;
            }
            "$top" => {
                top = value
                    .parse()
                    .ok()
                    .filter(|top| (1..=1000).contains(top))
                    .ok_or_else(|| {
                        format!("$top must be a number from 1 to 1000, not '{value}'")
                    })?;
            }
            other => return Err(format!("the query option '{other}' is not modelled")),
        }
    }
    Ok((managed, top))
}

/// `az rest`: the deleted-items calls and the sign-in log, which the Graph-era CLI has no
/// command for.
fn rest(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let url = invocation.text(&URL).unwrap_or_default();
    let method = invocation.text(&METHOD).unwrap_or("get");
    if invocation.has(&BODY) {
        return Err(usage(
            invocation,
            &BODY,
            format!("--body is not modelled: {REST_CALLS}"),
        ));
    }
    let unsupported = || {
        usage(
            invocation,
            &URL,
            format!("'az rest --method {method} --url {url}' is not modelled: {REST_CALLS}"),
        )
    };
    #[cfg(feature = "full")]
    if let (Some((query, beta)), "get") = (sign_ins_query(url), method) {
        let (managed, top) = sign_ins_wanted(query, beta)
            .map_err(|why| usage(invocation, &URL, format!("{why}; {REST_CALLS}")))?;
        // Without the filter Graph lists interactive user sign-ins: the playground has none.
        let top = if managed { top } else { 0 };
        return read(move |world| Ok(CommandResult::plain(json::sign_ins(world, top))));
    }
    let path = deleted_items_path(url)
        .filter(|path| !path.contains(['?', '#']))
        .ok_or_else(unsupported)?;
    match method {
        "post" => {
            let id = strip_suffix_ignore_case(path, "/restore").ok_or_else(unsupported)?;
            change(
                Command::RestoreDeletedItem {
                    id: percent_decode(id),
                },
                print_restored,
            )
        }
        "get" if path.eq_ignore_ascii_case("microsoft.graph.application") => {
            read(|world| Ok(CommandResult::plain(json::deleted_applications(world))))
        }
        "get" if path.eq_ignore_ascii_case("microsoft.graph.servicePrincipal") => read(|world| {
            Ok(CommandResult::plain(json::deleted_service_principals(
                world,
            )))
        }),
        _ => Err(unsupported()),
    }
}

/// `az rest` prints Graph's response: the restored object.
fn print_restored(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::ApplicationRestored { id, .. } => world
            .applications
            .get(id)
            .map(|app| json::restored_application(world, app)),
        Event::ServicePrincipalRestored { id, .. } => world
            .service_principal(*id)
            .map(json::restored_service_principal),
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn restore_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::RestoreDeletedItem { id } = command else {
        return None;
    };
    let url = format!(
        "{GRAPH}/directory/deletedItems/{}/restore",
        percent_encode(id)
    );
    Line::az(spec)
        .value(&METHOD, "post")
        .value(&URL, &url)
        .done()
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
