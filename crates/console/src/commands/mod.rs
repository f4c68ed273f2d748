//! The commands the console runs, one file per area: each entry declares its path, flags, help, lowering and canonical line, and nothing else in the crate names a command.
//!
//! Adding a command is one entry in its area's `COMMANDS` plus its lowering function (and, for a
//! change, its canonical line): see ARCHITECTURE.md, "How to add a command".

pub mod account;
pub mod app_service;
pub mod data;
pub mod directory;
pub mod groups;
pub mod identities;
pub mod resources;
pub mod roles;

use model::{Command, CommandError, Event, Tags, World};

use crate::az::{AzError, AzErrorKind, Invocation};
use crate::output::{CommandResult, Value};
use crate::shell::quote;
use crate::table::{CommandSpec, GroupSpec, Param, Program};

/// What the console does for a parsed line.
pub enum Action {
    /// A change: the model decides it, then `print` says what the CLI prints for it. Boxed: a
    /// command is much larger than a read.
    Change(Box<Command>, Printer),
    /// A question answered from the world.
    Read(Reader),
    /// The CLI would ask this yes/no question first; with no terminal to answer it, it stops
    /// (knack's `prompt_y_n` raises "Unable to prompt for confirmation as no tty available").
    Ask(&'static str),
}

/// What a change prints, from the world after it and the events it caused.
pub type Printer = fn(&World, &Command, &[Event]) -> CommandResult;

/// A read's answer, computed from the world when the line runs.
pub type Reader = Box<dyn FnOnce(&World) -> Result<CommandResult, CommandError>>;

/// What lowering needs to know about the world: the signed-in subscription, for `-g` scopes.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub subscription_id: String,
}

impl Context {
    /// `/subscriptions/{sub}/resourceGroups/{group}`: the scope `-g GROUP` stands for.
    pub fn group_scope(&self, group: &str) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{group}",
            self.subscription_id
        )
    }
}

/// A change and its printer.
pub fn change(command: Command, print: Printer) -> Result<Action, AzError> {
    Ok(Action::Change(Box::new(command), print))
}

/// A read.
pub fn read(
    answer: impl FnOnce(&World) -> Result<CommandResult, CommandError> + 'static,
) -> Result<Action, AzError> {
    Ok(Action::Read(Box::new(answer)))
}

/// The printer of a change that prints nothing (deletes, `account set`, `sleep`).
pub fn prints_nothing(_: &World, _: &Command, _: &[Event]) -> CommandResult {
    CommandResult::plain(Value::Null)
}

/// A refusal as azure-cli's `send_raw_request` raises it (`az rest`, `az appservice plan show`):
/// the HTTP reason followed by the response body (docs/cli-output.md E10); errors from elsewhere
/// pass unchanged.
pub fn raw_request_error(error: CommandError, from: model::ErrorOrigin) -> CommandError {
    if error.origin != from {
        return error;
    }
    let reason = if error.code.ends_with("NotFound") {
        "Not Found"
    } else {
        "Bad Request"
    };
    let body = Value::object(vec![(
        "error",
        Value::object(vec![
            ("code", error.code.as_str().into()),
            ("message", error.message.as_str().into()),
        ]),
    )]);
    CommandError {
        hint: error.hint.clone(),
        ..CommandError::cli(format!("{reason}({})", body.to_compact_utf8()))
    }
}

/// `--tags`, as azure-cli's `validate_tags` reads it: each word is `name=value` (split at the
/// first `=`) or a `name` with an empty value, an empty word is no tag, and a name given twice
/// keeps its first place and its last value (a dict). `None` when the flag is absent; a bare
/// `--tags` or `--tags ""` is no tags at all.
pub fn tags(invocation: &Invocation) -> Option<Tags> {
    let mut tags = Tags::new();
    for word in invocation.values(&flags::TAGS)? {
        if word.is_empty() {
            continue;
        }
        let (name, value) = word.split_once('=').unwrap_or((word, ""));
        match tags.iter_mut().find(|(known, _)| known == name) {
            Some(tag) => tag.1 = value.to_string(),
            None => tags.push((name.to_string(), value.to_string())),
        }
    }
    Some(tags)
}

/// A usage error about one flag, underlining it.
pub fn usage(invocation: &Invocation, param: &Param, message: impl Into<String>) -> AzError {
    AzError {
        kind: AzErrorKind::InvalidValue {
            message: message.into(),
        },
        span: invocation.span_of(param),
        suggestion: None,
    }
}

/// A model command's canonical line, built from the entry's own path and flag constants.
pub struct Line(String);

impl Line {
    /// `az PATH` of an entry.
    pub fn az(spec: &CommandSpec) -> Line {
        Line::of(&AZ, spec)
    }
    /// `PROGRAM PATH` of an entry, for the playground's own programs.
    pub fn of(program: &Program, spec: &CommandSpec) -> Line {
        Line(format!("{} {}", program.name, spec.path))
    }
    /// ` --flag value`, quoted for the shell.
    pub fn value(mut self, param: &Param, value: &str) -> Line {
        self.0.push(' ');
        self.0.push_str(param.long());
        // argparse reads `--value -a` as a flag without its value: a value that starts with `-` is
        // joined to its flag with `=`, as the CLI's own docs write `--value=-a`.
        self.0.push(if value.starts_with('-') { '=' } else { ' ' });
        self.0.push_str(&quote(value));
        self
    }
    /// ` --flag value` when there is a value.
    pub fn maybe(self, param: &Param, value: Option<&str>) -> Line {
        match value {
            Some(value) => self.value(param, value),
            None => self,
        }
    }
    /// ` --flag` alone.
    pub fn flag(mut self, param: &Param) -> Line {
        self.0.push(' ');
        self.0.push_str(param.long());
        self
    }
    /// ` --flag` when `on`.
    pub fn flag_if(self, param: &Param, on: bool) -> Line {
        if on {
            self.flag(param)
        } else {
            self
        }
    }
    /// ` --flag v1 v2 …` (each quoted), or nothing when there are none.
    pub fn values(mut self, param: &Param, values: &[String]) -> Line {
        if values.is_empty() {
            return self;
        }
        self = self.flag(param);
        for value in values {
            self.0.push(' ');
            self.0.push_str(&quote(value));
        }
        self
    }
    /// ` --tags name=value …`; with none, nothing, or ` --tags ''` when `clear` (az's way to say
    /// "no tags").
    pub fn tags(self, tags: &Tags, clear: bool) -> Line {
        let words: Vec<String> = tags
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        match words.as_slice() {
            [] if clear => self.value(&flags::TAGS, ""),
            // One word: `value` joins one that starts with `-` with `=`.
            [word] => self.value(&flags::TAGS, word),
            _ => self.values(&flags::TAGS, &words),
        }
    }
    /// ` word`, as written.
    pub fn word(mut self, word: &str) -> Line {
        self.0.push(' ');
        self.0.push_str(word);
        self
    }
    pub fn done(self) -> Option<String> {
        Some(self.0)
    }
}

/// The Azure CLI, as the playground models it.
pub static AZ: Program = Program {
    name: "az",
    long_help: "",
    groups: GROUPS,
    areas: &[
        account::COMMANDS,
        directory::COMMANDS,
        groups::COMMANDS,
        identities::COMMANDS,
        resources::COMMANDS,
        app_service::COMMANDS,
        roles::COMMANDS,
        data::COMMANDS,
    ],
};

/// The playground's own root command: things that happen outside `az`, such as code inside a
/// resource asking its identity endpoint for a token. Not part of the Azure CLI, and its help says so.
pub static PLAYGROUND: Program = Program {
    name: "playground",
    long_help:
        help_text!("They stand for what happens outside az in a real deployment, such as code running inside\n\
        a VM asking its identity endpoint for a token, or a workload outside Azure exchanging its own\n\
        token for an identity's. In the Azure CLI there is no such command."),
    groups: &[GroupSpec {
        path: "",
        help: help_text!("Playground-only commands: they are NOT part of the Azure CLI."),
    }],
    areas: &[data::PLAYGROUND_COMMANDS],
};

/// The one canonical line of a model command: `parse(to_cli(c)) == c`. Most are `az` lines; time
/// passing is `sleep`, a reset is `reset`, and a token request (made by code inside a resource, not
/// with `az`) is the playground-only `playground token`. Identity changes on kinds without
/// `az … identity` commands come back as a `#` comment describing them.
pub fn to_cli(command: &Command) -> String {
    match command {
        Command::AdvanceClock { minutes } => return crate::sleep::line(*minutes),
        Command::Reset => return crate::console::RESET.to_string(),
        _ => {}
    }
    let programs: [&Program; 2] = [&AZ, &PLAYGROUND];
    programs
        .into_iter()
        .flat_map(Program::commands)
        .find_map(|spec| (spec.canonical)(spec, command))
        .unwrap_or_else(|| identities::no_identity_command(command))
}

pub const GROUPS: &[GroupSpec] = &[
    GroupSpec { path: "", help: help_text!("Azure CLI, as modelled by the Managed Identity Playground.") },
    GroupSpec { path: "account", help: help_text!("Manage Azure subscription information.") },
    GroupSpec { path: "ad", help: help_text!("Manage Microsoft Entra ID (Azure Active Directory) Graph entities needed for Role Based Access Control.") },
    GroupSpec { path: "ad app", help: help_text!("Manage Microsoft Entra applications.") },
    GroupSpec { path: "ad app federated-credential", help: help_text!("Manage application federated identity credentials.") },
    GroupSpec { path: "ad app credential", help: help_text!("Manage an application's password or certificate credentials.") },
    GroupSpec { path: "ad signed-in-user", help: help_text!("Show graph information about current signed-in user in CLI.") },
    GroupSpec { path: "ad sp", help: help_text!("Manage Microsoft Entra service principals.") },
    GroupSpec { path: "ad user", help: help_text!("Manage Microsoft Entra users.") },
    GroupSpec { path: "appservice", help: help_text!("Manage App Service plans.") },
    GroupSpec { path: "appservice plan", help: help_text!("Manage app service plans.") },
    GroupSpec { path: "container", help: help_text!("Manage Azure Container Instances.") },
    GroupSpec { path: "functionapp", help: help_text!("Manage function apps.") },
    GroupSpec { path: "functionapp identity", help: help_text!("Manage the function app's managed identity.") },
    GroupSpec { path: "group", help: help_text!("Manage resource groups and template deployments.") },
    GroupSpec { path: "identity", help: help_text!("Manage Managed Identities.") },
    GroupSpec { path: "identity federated-credential", help: help_text!("Manage federated identity credentials under user assigned identities.") },
    GroupSpec { path: "keyvault", help: help_text!("Manage KeyVault keys, secrets, and certificates.") },
    GroupSpec { path: "keyvault secret", help: help_text!("Manage secrets.") },
    GroupSpec { path: "logic", help: help_text!("Manage Logic Apps.") },
    GroupSpec { path: "logic workflow", help: help_text!("Manage workflow.") },
    GroupSpec { path: "logic workflow identity", help: help_text!("Manage workflow identity.") },
    GroupSpec { path: "resource", help: help_text!("Manage Azure resources.") },
    GroupSpec { path: "role", help: help_text!("Manage Azure role-based access control (Azure RBAC).") },
    GroupSpec { path: "role assignment", help: help_text!("Manage role assignments.") },
    GroupSpec { path: "role definition", help: help_text!("Manage role definitions.") },
    GroupSpec { path: "storage", help: help_text!("Manage Azure Cloud Storage resources.") },
    GroupSpec { path: "storage account", help: help_text!("Manage storage accounts.") },
    GroupSpec { path: "storage container", help: help_text!("Manage blob storage containers.") },
    GroupSpec { path: "vm", help: help_text!("Manage Linux or Windows virtual machines.") },
    GroupSpec { path: "vm identity", help: help_text!("Manage service identities of a VM.") },
    GroupSpec { path: "vmss", help: help_text!("Manage groupings of virtual machines in an Azure Virtual Machine Scale Set (VMSS).") },
    GroupSpec { path: "vmss identity", help: help_text!("Manage service identities of a VM scaleset.") },
    GroupSpec { path: "webapp", help: help_text!("Manage web apps.") },
    GroupSpec { path: "webapp config", help: help_text!("Configure a web app.") },
    GroupSpec { path: "webapp identity", help: help_text!("Manage web app's managed identity.") },
];

/// Flags many areas share.
pub mod flags {
    use crate::table::{Arity, Param};

    pub const NAME: Param =
        Param::new(&["--name", "-n"], help_text!("The name of the resource.")).required();
    pub const GROUP: Param = Param::new(
        &["--resource-group", "-g"],
        help_text!("Name of resource group."),
    )
    .required();
    pub const GROUP_OPTIONAL: Param = Param::new(
        &["--resource-group", "-g"],
        help_text!("Name of resource group."),
    );
    pub const LOCATION: Param = Param::new(
        &["--location", "-l"],
        help_text!("Location. Defaults to the location of the resource group."),
    );
    pub const TAGS: Param = Param::new(
        &["--tags"],
        help_text!("Space-separated tags: key[=value] [key[=value] ...]."),
    )
    .arity(Arity::Any);
    pub const YES: Param = Param::new(
        &["--yes", "-y"],
        help_text!("Do not prompt for confirmation."),
    )
    .flag();
    pub const NO_WAIT: Param = Param::new(
        &["--no-wait"],
        help_text!("Do not wait for the long-running operation to finish."),
    )
    .flag();
    pub const ROLE: Param = Param::new(
        &["--role"],
        help_text!("Role name or id the system assigned identity will have."),
    );
    pub const SCOPE: Param = Param::new(
        &["--scope"],
        help_text!("Scope that the system assigned identity can access."),
    );
    /// `--id` of a Graph object.
    pub const GRAPH_ID: Param = Param::new(
        &["--id"],
        help_text!("Identifier uri, application id, or object id."),
    )
    .required();
}
