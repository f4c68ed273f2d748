//! Runs lines and scripts: shell expansion, `echo`, variables, and `az` commands against the model, printing what the Azure CLI prints.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

use crate::az::{self, Arg, AzError, Parsed};
use crate::backend::{Backend, ServiceError, StubBackend};
use crate::lower::{self, Action, Context, Read};
use crate::output::{self, CommandResult, Transformer, Value};
use crate::shell::{self, ShellError, SimpleCommand, Span, WordPart};

/// Any error that stops a line before it reaches the model, with the span to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    Shell(ShellError),
    Az(AzError),
    /// A program other than `az` and `echo`.
    UnsupportedProgram {
        name: String,
        span: Span,
    },
}

impl LineError {
    pub fn span(&self) -> Span {
        match self {
            LineError::Shell(error) => error.span,
            LineError::Az(error) => error.span,
            LineError::UnsupportedProgram { span, .. } => *span,
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Shell(error) => error.fmt(f),
            LineError::Az(error) => error.fmt(f),
            LineError::UnsupportedProgram { name, .. } => write!(f, "`{name}` is not supported in the playground: only `az`, `echo` and shell variables are"),
        }
    }
}

/// What running a line or script printed, and what the UI needs besides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// 0 success, 1 a service error, 2 a parse error (the last command's, as in bash).
    pub exit_code: i32,
    /// Spans of the source text to underline.
    pub error_spans: Vec<Span>,
    /// One sentence per model event, for the activity log.
    pub events: Vec<String>,
    /// The model commands that succeeded, in order.
    pub commands: Vec<model::Command>,
}

/// A console session: the model plus shell variables.
pub struct Console<B: Backend = StubBackend> {
    backend: B,
    variables: BTreeMap<String, String>,
}

impl Console<StubBackend> {
    /// A console on a fresh world whose IDs come from `seed`.
    pub fn new(seed: u64) -> Self {
        Console {
            backend: StubBackend::new(seed),
            variables: BTreeMap::new(),
        }
    }
}

impl<B: Backend> Console<B> {
    pub fn with_backend(backend: B) -> Self {
        Console {
            backend,
            variables: BTreeMap::new(),
        }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables.get(name).map(String::as_str)
    }

    /// Runs one line (which may hold several commands): every command runs, as in bash.
    pub fn run_line(&mut self, line: &str) -> Output {
        self.run(line, false)
    }

    /// Runs a script; with `stop_on_error` the first failing command ends it (like `set -e`).
    pub fn run_script(&mut self, script: &str, stop_on_error: bool) -> Output {
        self.run(script, stop_on_error)
    }

    fn run(&mut self, source: &str, stop_on_error: bool) -> Output {
        let mut out = Output::default();
        let script = match shell::parse(source) {
            Ok(script) => script,
            Err(error) => {
                fail(&mut out, &LineError::Shell(error), 2);
                return out;
            }
        };
        for command in &script.commands {
            self.simple(source, command, &mut out);
            if stop_on_error && out.exit_code != 0 {
                break;
            }
        }
        out
    }

    fn expand_parts(&mut self, source: &str, word: &shell::Word, out: &mut Output) -> Vec<String> {
        let mut status = None;
        let fields = {
            let mut expand = |part: &WordPart| -> String {
                match part {
                    WordPart::Variable { name, .. } => {
                        self.variables.get(name).cloned().unwrap_or_default()
                    }
                    WordPart::Substitution { script, .. } => {
                        let mut inner = Output::default();
                        for command in &script.commands {
                            self.simple(source, command, &mut inner);
                        }
                        out.stderr.push_str(&inner.stderr);
                        out.events.append(&mut inner.events);
                        out.commands.append(&mut inner.commands);
                        out.error_spans.append(&mut inner.error_spans);
                        status = Some(inner.exit_code);
                        // Command substitution strips every trailing newline, as bash does.
                        inner.stdout.trim_end_matches('\n').to_string()
                    }
                    WordPart::Literal { text, .. } => text.clone(),
                }
            };
            shell::expand_word(word, &mut expand)
        };
        if let Some(status) = status {
            out.exit_code = status;
        }
        fields
    }

    fn simple(&mut self, source: &str, command: &SimpleCommand, out: &mut Output) {
        out.exit_code = 0;
        let mut assigned = Vec::new();
        for assignment in &command.assignments {
            let value = self.expand_parts(source, &assignment.value, out).join(" ");
            assigned.push((assignment.name.clone(), value));
        }
        let status_after_assignments = out.exit_code;
        let mut args: Vec<Arg> = Vec::new();
        for word in &command.words {
            for text in self.expand_parts(source, word, out) {
                args.push(Arg {
                    text,
                    span: word.span,
                });
            }
        }
        if command.words.is_empty() || args.is_empty() {
            self.variables.extend(assigned);
            out.exit_code = if command.words.is_empty() {
                status_after_assignments
            } else {
                out.exit_code
            };
            return;
        }
        // `VAR=x cmd` sets VAR for cmd only in bash; the playground's commands read no variables, so it is dropped.
        match args[0].text.as_str() {
            "az" => self.az(&args, out),
            "echo" => {
                let mut words: Vec<&str> = args[1..].iter().map(|arg| arg.text.as_str()).collect();
                let newline = words.first() != Some(&"-n");
                if !newline {
                    words.remove(0);
                }
                out.stdout.push_str(&words.join(" "));
                if newline {
                    out.stdout.push('\n');
                }
                out.exit_code = 0;
            }
            "export" => {
                for arg in &args[1..] {
                    if let Some((name, value)) = arg.text.split_once('=') {
                        self.variables.insert(name.to_string(), value.to_string());
                    }
                }
                out.exit_code = 0;
            }
            name => {
                let error = LineError::UnsupportedProgram {
                    name: name.to_string(),
                    span: args[0].span,
                };
                fail(out, &error, 127);
            }
        }
    }

    fn az(&mut self, args: &[Arg], out: &mut Output) {
        let invocation = match az::parse(args) {
            Ok(Parsed::Help(text)) => {
                out.stdout.push_str(&text);
                out.exit_code = 0;
                return;
            }
            Ok(Parsed::Run(invocation)) => invocation,
            Err(error) => return fail(out, &LineError::Az(error), 2),
        };
        let context = Context {
            subscription_id: self.backend.subscription_id(),
        };
        let action = match lower::lower(&invocation, &context) {
            Ok(action) => action,
            Err(error) => return fail(out, &LineError::Az(error), 2),
        };
        let result = match self.act(&action, out) {
            Ok(result) => result,
            Err(error) => {
                service_fail(out, &error, invocation.span);
                return;
            }
        };
        let value = match &invocation.query {
            Some(expression) if !result.value.is_null() => {
                match output::query(&result.value, expression) {
                    Ok(value) => value,
                    Err(message) => {
                        return service_fail(
                            out,
                            &ServiceError::cli(message),
                            invocation.span_of("query"),
                        )
                    }
                }
            }
            _ => result.value.clone(),
        };
        let shown = CommandResult {
            value,
            ordered: result.ordered,
            transformer: result.transformer,
        };
        match output::render(&shown, invocation.output, invocation.query.is_some()) {
            Ok(text) => {
                out.stdout.push_str(&text);
                out.exit_code = 0;
            }
            Err(message) => service_fail(
                out,
                &ServiceError::cli(message),
                invocation.span_of("output"),
            ),
        }
    }

    fn act(&mut self, action: &Action, out: &mut Output) -> Result<CommandResult, ServiceError> {
        match action {
            Action::Read(read) => {
                let json = self.backend.read(read)?;
                Ok(read_result(read, &json))
            }
            Action::Change(command) => {
                let executed = self.backend.execute(command)?;
                out.events.extend(executed.events);
                out.commands.push(command.clone());
                Ok(change_result(command, executed.object.as_ref()))
            }
            Action::SetIdentityType {
                kind,
                group,
                name,
                identity_type,
                clear_user,
            } => {
                let block = self.backend.read(&Read::IdentityShow {
                    kind: *kind,
                    group: group.clone(),
                    name: name.clone(),
                })?;
                let users: Vec<String> = block
                    .get("userAssignedIdentities")
                    .and_then(Json::as_object)
                    .map(|map| map.keys().cloned().collect())
                    .unwrap_or_default();
                let has_system = block.get("principalId").is_some_and(|id| !id.is_null());
                let (remove_system, remove_users) = match identity_type.as_str() {
                    "none" => (true, true),
                    "UserAssigned" => (true, *clear_user),
                    "SystemAssigned" => (false, true),
                    "SystemAssigned, UserAssigned" | "SystemAssigned,UserAssigned" => (false, false),
                    other => return Err(ServiceError::new("InvalidParameter", format!("The value '{other}' of parameter 'identity.type' is not valid. Allowed values are 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned' and 'None'."))),
                };
                let selection = model::IdentitySelection {
                    system: remove_system && has_system,
                    user: if remove_users { users } else { Vec::new() },
                };
                if identity_type == "SystemAssigned" && !has_system {
                    let command = model::Command::AssignIdentity {
                        kind: *kind,
                        group: group.clone(),
                        name: name.clone(),
                        identity: model::IdentitySelection::system(),
                        grant: None,
                    };
                    let executed = self.backend.execute(&command)?;
                    out.events.extend(executed.events);
                    out.commands.push(command);
                }
                if !selection.is_empty() {
                    let command = model::Command::RemoveIdentity {
                        kind: *kind,
                        group: group.clone(),
                        name: name.clone(),
                        identity: selection,
                    };
                    let executed = self.backend.execute(&command)?;
                    out.events.extend(executed.events);
                    out.commands.push(command);
                }
                let json = self.backend.read(&Read::ResourceShow {
                    kind: *kind,
                    group: Some(group.clone()),
                    name: name.clone(),
                })?;
                Ok(CommandResult::plain(Value::from(&json)))
            }
        }
    }
}

fn fail(out: &mut Output, error: &LineError, code: i32) {
    out.stderr.push_str(&format!("ERROR: {error}\n"));
    out.error_spans.push(error.span());
    out.exit_code = code;
}

fn service_fail(out: &mut Output, error: &ServiceError, span: Span) {
    if error.code.is_empty() {
        out.stderr.push_str(&format!("ERROR: {}\n", error.message));
    } else {
        out.stderr.push_str(&format!(
            "ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\n",
            code = error.code,
            message = error.message
        ));
    }
    out.error_spans.push(span);
    out.exit_code = 1;
}

fn read_result(read: &Read, json: &Json) -> CommandResult {
    let value = Value::from(json);
    let transformer = match read {
        Read::GroupList => Some(Transformer::GroupList),
        Read::ResourceShow {
            kind: model::ResourceKind::VirtualMachine,
            ..
        } => Some(Transformer::VmShow),
        Read::ResourceList {
            kind: model::ResourceKind::VirtualMachine,
            ..
        } => Some(Transformer::VmList),
        Read::ServicePrincipalList { .. } | Read::ApplicationList { .. } => {
            Some(Transformer::GraphObjectList)
        }
        Read::RoleAssignmentList { .. } => Some(Transformer::RoleAssignmentList),
        Read::RoleDefinitionList { .. } => Some(Transformer::RoleDefinitionList),
        Read::AccountList | Read::Login => Some(Transformer::AccountList),
        Read::SecretList { .. } => Some(Transformer::SecretList),
        _ => None,
    };
    let value = match read {
        // `az login` prints the list of subscriptions.
        Read::Login => Value::Array(vec![value]),
        _ => value,
    };
    CommandResult {
        value,
        ordered: false,
        transformer,
    }
}

/// `_construct_identity_info`: what `az vm create` and `az vm identity assign` print about identities.
fn identity_info(block: Option<&Json>, grant: Option<&model::RoleGrant>) -> Value {
    let mut pairs = Vec::new();
    if let Some(grant) = grant {
        pairs.push(("scope".to_string(), Value::str(grant.scope.clone())));
        pairs.push(("role".to_string(), Value::str(grant.role.clone())));
    }
    let users = block
        .and_then(|b| b.get("userAssignedIdentities"))
        .filter(|v| !v.is_null())
        .map(Value::from)
        .unwrap_or(Value::Object(Vec::new()));
    pairs.push(("userAssignedIdentities".to_string(), users));
    let system = block
        .and_then(|b| b.get("principalId"))
        .and_then(Json::as_str)
        .unwrap_or("");
    pairs.push(("systemAssignedIdentity".to_string(), Value::str(system)));
    Value::Object(pairs)
}

fn mac_address(id: &str) -> String {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3)
    });
    format!(
        "00-0D-3A-{:02X}-{:02X}-{:02X}",
        (hash >> 16) & 0xff,
        (hash >> 8) & 0xff,
        hash & 0xff
    )
}

fn change_result(command: &model::Command, object: Option<&Json>) -> CommandResult {
    use model::{Command, ResourceKind};
    let plain = |object: Option<&Json>| {
        CommandResult::plain(object.map(Value::from).unwrap_or(Value::Null))
    };
    match command {
        Command::CreateResource {
            kind: ResourceKind::VirtualMachine,
            identity,
            grant,
            ..
        } => {
            let Some(vm) = object else {
                return CommandResult::plain(Value::Null);
            };
            let get = |key: &str| vm.get(key).map(Value::from).unwrap_or(Value::Null);
            let id = vm.get("id").and_then(Json::as_str).unwrap_or("");
            let mut pairs: Vec<(String, Value)> = vec![
                ("id".into(), get("id")),
                ("resourceGroup".into(), get("resourceGroup")),
                ("powerState".into(), Value::str("VM running")),
                ("publicIpAddress".into(), Value::str("")),
                ("fqdns".into(), Value::str("")),
                ("privateIpAddress".into(), Value::str("10.0.0.4")),
                ("macAddress".into(), Value::str(mac_address(id))),
                ("location".into(), get("location")),
            ];
            if !identity.is_empty() {
                pairs.push((
                    "identity".into(),
                    identity_info(vm.get("identity"), grant.as_ref()),
                ));
            }
            pairs.push(("zones".into(), Value::str("")));
            CommandResult {
                value: Value::Object(pairs),
                ordered: true,
                transformer: None,
            }
        }
        Command::AssignIdentity {
            kind: ResourceKind::VirtualMachine | ResourceKind::VmScaleSet,
            grant,
            ..
        } => CommandResult::plain(identity_info(
            object.and_then(|resource| resource.get("identity")),
            grant.as_ref(),
        )),
        Command::AssignIdentity { .. } | Command::RemoveIdentity { .. } => {
            plain(object.and_then(|resource| resource.get("identity")))
        }
        Command::DeleteResourceGroup { .. }
        | Command::DeleteResource { .. }
        | Command::DeleteUserIdentity { .. }
        | Command::DeleteRoleAssignment { .. }
        | Command::DeleteApplication { .. }
        | Command::DeleteServicePrincipal { .. }
        | Command::SetSubscription { .. } => CommandResult::plain(Value::Null),
        _ => plain(object),
    }
}
