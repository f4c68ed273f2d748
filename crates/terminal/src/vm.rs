//! The shell inside a VM: connecting (`ssh`, `az ssh vm`; `az webapp ssh` for an App Service app), its prompt and own variables, pipelines, and the programs it runs (`curl`, `jq`, `echo`, `export`, `exit`…).

use console::shell::{self, Script, Span, WordPart};
use console::{Console, LineError, Output, Stream};
use model::{Resource, ResourceKind, SortedMap, World};

use console::console::fail;

use crate::{curl, jq};

/// The user `az vm create` makes when no `--admin-username` is given, and the one tutorials use.
pub const DEFAULT_USER: &str = "azureuser";

/// `help` inside a VM: what this shell runs.
pub const HELP: &str = "Inside a VM, the playground's shell runs what Microsoft's tutorials type there:

  curl URL -H 'Metadata: true'     ask the identity endpoint (http://169.254.169.254/metadata/identity/oauth2/token)
  curl \"$IDENTITY_ENDPOINT?resource=...&api-version=2019-08-01\" -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\"
                                   the same inside an App Service app (az webapp ssh)
  curl URL -H \"Authorization: Bearer $TOKEN\"   call Azure Resource Manager or Key Vault with a token
  ... | jq -r .FIELD, jq .         pick a field of the JSON (TOKEN=$(curl ... | jq -r .access_token))
  az login --identity [--client-id ID | --object-id ID | --resource-id ID] [--allow-no-subscriptions]
                                   sign the VM's Azure CLI in as its identity; then az account show and
                                   reads (az group list, az keyvault secret show, ...) run as the identity
  NAME=value, export, $NAME, $(...), echo, hostname, whoami, sleep, clear
  exit                             back to the playground's console (also logout)
";

/// A shell open in a VM (or, through `az webapp ssh`, in an App Service app's container).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vm {
    /// The resource's ID: the shell closes when no resource has it any more.
    pub id: String,
    /// A virtual machine, a web app or a function app.
    pub kind: ResourceKind,
    pub name: String,
    pub group: String,
    /// Who logged in (`azureuser@…`).
    pub user: String,
    /// The host as the learner typed it, for ssh's own messages.
    pub address: String,
    variables: SortedMap<String, String>,
    /// `az login --identity` signed the CLI in as one of its identities.
    pub login: Option<crate::az::Login>,
}

/// What the terminal does after a line inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    Stay,
    Disconnect,
}

/// What one program printed to its standard output, and its exit status.
pub struct Ran {
    pub stdout: String,
    pub status: i32,
}

impl Ran {
    pub fn ok(stdout: impl Into<String>) -> Ran {
        Ran {
            stdout: stdout.into(),
            status: 0,
        }
    }

    /// A failure whose message went to stderr.
    pub fn failed(out: &mut Output, message: &str, status: i32) -> Ran {
        out.print(Stream::Stderr, message);
        Ran {
            stdout: String::new(),
            status,
        }
    }
}

/// `ssh [-i KEY] [-p PORT] [-o OPTION] [-l USER] [USER@]HOST` or `az ssh vm (-g GROUP -n NAME | --ip
/// ADDRESS) [--local-user USER]`: the shell it opens, or why none (printed as ssh prints it).
pub fn connect(words: &[String], world: &World, out: &mut Output) -> Option<Vm> {
    let fail = |out: &mut Output, message: String| {
        out.print(Stream::Stderr, &message);
        out.exit_code = 255;
        None
    };
    if words.get(1).map(String::as_str) == Some("webapp") {
        return app_service(&words[2..], world, out);
    }
    let (user, host, by_name) = if words[0] == "az" {
        match az_ssh_vm(&words[1..]) {
            Ok(target) => target,
            Err(message) => {
                out.print(Stream::Stderr, &format!("ERROR: {message}\n"));
                out.exit_code = 2;
                return None;
            }
        }
    } else {
        let mut user = None;
        let mut host = None;
        let mut rest = words[1..].iter();
        while let Some(word) = rest.next() {
            match word.as_str() {
                "-i" | "-p" | "-o" | "-F" | "-J" => {
                    rest.next();
                }
                "-l" => user = rest.next().cloned(),
                "-t" | "-T" | "-v" | "-A" | "-X" | "-4" | "-6" | "-C" | "-q" => {}
                option if option.starts_with('-') => {
                    return fail(out, format!("unknown option -- {}\nusage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-l login_name] [-p port] [-i identity_file] destination [command [argument ...]]\n", option.trim_start_matches('-')));
                }
                _ if host.is_some() => {
                    return fail(out, "playground: ssh runs no remote command here: connect first (ssh azureuser@HOST), then type the command at the VM's prompt.\n".into());
                }
                destination => host = Some(destination.to_string()),
            }
        }
        let Some(destination) = host else {
            return fail(out, "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-l login_name] [-p port] [-i identity_file] destination [command [argument ...]]\n".into());
        };
        let (named, host) = match destination.rsplit_once('@') {
            Some((named, host)) => (Some(named.to_string()), host.to_string()),
            None => (None, destination),
        };
        (named.or(user), host, false)
    };
    let vms = || {
        world
            .resources
            .values()
            .filter(|r| r.kind == ResourceKind::VirtualMachine)
    };
    let found: Option<&Resource> = if by_name {
        // `az ssh vm -g G -n N`: host is "G/N".
        let (group, name) = host.split_once('/').unwrap_or(("", &host));
        world.resource(ResourceKind::VirtualMachine, group, name)
    } else {
        vms()
            .find(|vm| console::shapes::public_ip_address(vm) == host)
            .or_else(|| vms().find(|vm| vm.name.eq_ignore_ascii_case(&host)))
    };
    let Some(vm) = found else {
        if by_name {
            let (group, name) = host.split_once('/').unwrap_or(("", &host));
            out.print(Stream::Stderr, &format!("ERROR: (ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\nCode: ResourceNotFound\nMessage: The Resource 'Microsoft.Compute/virtualMachines/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\n"));
            out.exit_code = 1;
            return None;
        }
        let looks_like_address =
            host.split('.').count() == 4 && host.split('.').all(|part| part.parse::<u8>().is_ok());
        return fail(
            out,
            if looks_like_address {
                format!("ssh: connect to host {host} port 22: Connection timed out\n")
            } else {
                format!(
                    "ssh: Could not resolve hostname {}: Name or service not known\n",
                    host.to_ascii_lowercase()
                )
            },
        );
    };
    let vm = Vm {
        id: vm.id.clone(),
        kind: ResourceKind::VirtualMachine,
        name: vm.name.clone(),
        group: vm.group.clone(),
        user: user.unwrap_or_else(|| DEFAULT_USER.to_string()),
        address: if by_name {
            console::shapes::public_ip_address(vm)
        } else {
            host
        },
        variables: SortedMap::new(),
        login: None,
    };
    out.print(
        Stream::Stdout,
        &format!(
            "Welcome to Ubuntu 22.04.5 LTS (GNU/Linux 6.8.0-1017-azure x86_64)\n\n\
             {}@{}: you are inside the VM. Its identity endpoint answers at 169.254.169.254;\n\
             type help for what runs here, exit to leave.\n",
            vm.user, vm.name
        ),
    );
    out.exit_code = 0;
    Some(vm)
}

/// The App Service identity endpoint inside an app's container: `$IDENTITY_ENDPOINT`.
pub const APP_SERVICE_ENDPOINT: &str = "http://169.254.255.2:8081/msi/token";

/// `az webapp ssh -g GROUP -n NAME`: a shell in a web app's (or function app's) container, with the
/// identity endpoint in `$IDENTITY_ENDPOINT` and its secret header in `$IDENTITY_HEADER`.
fn app_service(args: &[String], world: &World, out: &mut Output) -> Option<Vm> {
    let usage = |out: &mut Output, message: &str| {
        out.print(Stream::Stderr, &format!("ERROR: {message}\n"));
        out.exit_code = 2;
        None
    };
    if args.first().map(String::as_str) != Some("ssh") {
        return usage(out, "the playground runs 'az webapp ssh' here; other 'az webapp' commands run in the console");
    }
    let (mut group, mut name) = (None, None);
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "-g" | "--resource-group" => group = rest.next(),
            "-n" | "--name" => name = rest.next(),
            "--instance" | "--port" | "--timeout" | "--slot" | "-s" => {
                rest.next();
            }
            other => return usage(out, &format!("unrecognized arguments: {other}")),
        }
    }
    let (Some(group), Some(name)) = (group, name) else {
        return usage(
            out,
            "the following arguments are required: --resource-group/-g, --name/-n",
        );
    };
    let app = [ResourceKind::WebApp, ResourceKind::FunctionApp]
        .into_iter()
        .find_map(|kind| world.resource(kind, group, name));
    let Some(app) = app else {
        out.print(Stream::Stderr, &format!("ERROR: (ResourceNotFound) The Resource 'Microsoft.Web/sites/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\nCode: ResourceNotFound\nMessage: The Resource 'Microsoft.Web/sites/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\n"));
        out.exit_code = 1;
        return None;
    };
    let mut variables = SortedMap::new();
    variables.insert(
        "IDENTITY_ENDPOINT".to_string(),
        APP_SERVICE_ENDPOINT.to_string(),
    );
    variables.insert("IDENTITY_HEADER".to_string(), identity_header(&app.id));
    let vm = Vm {
        id: app.id.clone(),
        kind: app.kind,
        name: app.name.clone(),
        group: app.group.clone(),
        user: "root".to_string(),
        address: format!("{}.azurewebsites.net", app.name.to_ascii_lowercase()),
        variables,
        login: None,
    };
    out.print(
        Stream::Stdout,
        &format!(
            "Opening a shell in the container of {} (App Service).\n\n\
             Its identity endpoint is in $IDENTITY_ENDPOINT, its secret header in $IDENTITY_HEADER;\n\
             type help for what runs here, exit to leave.\n",
            vm.name
        ),
    );
    out.exit_code = 0;
    Some(vm)
}

/// The app's `IDENTITY_HEADER`: a secret the platform makes up for each app (here, from its ID).
pub fn identity_header(id: &str) -> String {
    let hash = console::shapes::id_hash(id);
    format!(
        "{:016x}-{:04x}-{:04x}",
        hash,
        (hash >> 16) & 0xffff,
        hash & 0xffff
    )
}

/// `az ssh vm`'s arguments: (user, "GROUP/NAME" or an address, by name).
fn az_ssh_vm(args: &[String]) -> Result<(Option<String>, String, bool), String> {
    if args.first().map(String::as_str) != Some("ssh")
        || args.get(1).map(String::as_str) != Some("vm")
    {
        return Err(
            "the playground runs 'az ssh vm' only (not the other 'az ssh' commands)".into(),
        );
    }
    let (mut group, mut name, mut ip, mut user) = (None, None, None, None);
    let mut rest = args[2..].iter();
    while let Some(flag) = rest.next() {
        let value =
            || -> Result<String, String> { Err(format!("argument {flag}: expected one argument")) };
        let slot = match flag.as_str() {
            "-g" | "--resource-group" => &mut group,
            "-n" | "--name" | "--vm-name" => &mut name,
            "--ip" => &mut ip,
            "--local-user" => &mut user,
            _ => return Err(format!("unrecognized arguments: {flag}")),
        };
        *slot = Some(rest.next().cloned().map_or_else(value, Ok)?);
    }
    match (group, name, ip) {
        (Some(group), Some(name), None) => Ok((user, format!("{group}/{name}"), true)),
        (None, None, Some(ip)) => Ok((user, ip, false)),
        _ => Err("usage error: --resource-group and --name, or --ip".into()),
    }
}

impl Vm {
    /// `azureuser@vm1:~$ ` in a VM, `root@app1:/home# ` in an app's container.
    pub fn prompt(&self) -> String {
        match self.kind {
            ResourceKind::VirtualMachine => format!("{}@{}:~$ ", self.user, self.name),
            _ => format!("{}@{}:/home# ", self.user, self.name),
        }
    }

    /// Runs one line inside the VM.
    pub fn run(&mut self, line: &str, console: &mut Console, out: &mut Output) -> After {
        if console.session().world().resource_by_id(&self.id).is_none() {
            out.print(
                Stream::Stderr,
                &format!(
                    "Connection to {0} closed by remote host.\nConnection to {0} closed.\n",
                    self.address
                ),
            );
            out.exit_code = 255;
            return After::Disconnect;
        }
        if line.len() > console::console::MAX_LINE {
            let error = LineError::TooLong {
                what: "line",
                length: line.len(),
                limit: console::console::MAX_LINE,
            };
            fail(out, &error, 2);
            return After::Stay;
        }
        let script = match shell::parse_pipes(line) {
            Ok(script) => script,
            Err(error) => {
                fail(out, &LineError::Shell(error), 2);
                return After::Stay;
            }
        };
        let (stdout, after) = self.script(line, &script, console, out);
        out.print(Stream::Stdout, &stdout);
        // curl prints a body with no newline at its end: the prompt starts on its own line.
        if !stdout.is_empty() && !stdout.ends_with('\n') {
            out.print(Stream::Stdout, "\n");
        }
        if after == After::Disconnect {
            out.print(
                Stream::Stderr,
                &format!("Connection to {} closed.\n", self.address),
            );
        }
        after
    }

    /// Runs a script's pipelines in order; the last one's standard output is returned.
    fn script(
        &mut self,
        source: &str,
        script: &Script,
        console: &mut Console,
        out: &mut Output,
    ) -> (String, After) {
        let mut printed = String::new();
        let mut stdin: Option<String> = None;
        for command in &script.commands {
            let mut assigned = Vec::new();
            for assignment in &command.assignments {
                let value = self
                    .expand(source, &assignment.value, console, out)
                    .join(" ");
                assigned.push((assignment.name.clone(), value));
            }
            let mut args: Vec<(String, Span)> = Vec::new();
            for word in &command.words {
                for text in self.expand(source, word, console, out) {
                    args.push((text, word.span));
                }
            }
            let ran = if args.is_empty() {
                self.variables.extend(assigned);
                Ran {
                    stdout: String::new(),
                    status: out.exit_code,
                }
            } else if matches!(args[0].0.as_str(), "exit" | "logout")
                && stdin.is_none()
                && !command.piped
            {
                printed.push_str("logout\n");
                out.exit_code = 0;
                return (printed, After::Disconnect);
            } else {
                self.program(&args, stdin.take(), console, out)
            };
            out.exit_code = ran.status;
            if command.piped {
                stdin = Some(ran.stdout);
            } else {
                printed.push_str(&ran.stdout);
                if !printed.is_empty() && !printed.ends_with('\n') {
                    printed.push('\n');
                }
            }
        }
        if stdin.is_some() {
            // A trailing `|` with nothing after it: bash waits for more; here it is an error.
            out.print(
                Stream::Stderr,
                "ERROR: a pipe `|` needs a command after it\n",
            );
            out.exit_code = 2;
        }
        (printed, After::Stay)
    }

    /// A word's fields, with this shell's variables and `$(...)` run inside the VM.
    fn expand(
        &mut self,
        source: &str,
        word: &shell::Word,
        console: &mut Console,
        out: &mut Output,
    ) -> Vec<String> {
        let mut status = None;
        let fields = {
            let mut expand = |part: &WordPart| -> String {
                match part {
                    WordPart::Literal { text, .. } => text.clone(),
                    WordPart::Variable { name, .. } => {
                        self.variables.get(name).cloned().unwrap_or_default()
                    }
                    WordPart::Substitution { script, .. } => {
                        let (stdout, _) = self.script(source, script, console, out);
                        status = Some(out.exit_code);
                        stdout.trim_end_matches('\n').to_string()
                    }
                }
            };
            shell::expand_word(word, &mut expand)
        };
        if let Some(status) = status {
            out.exit_code = status;
        }
        fields
    }

    /// One program of a pipeline, reading `stdin` when piped into.
    fn program(
        &mut self,
        args: &[(String, Span)],
        stdin: Option<String>,
        console: &mut Console,
        out: &mut Output,
    ) -> Ran {
        let words: Vec<&str> = args.iter().map(|(text, _)| text.as_str()).collect();
        match words[0] {
            "curl" => curl::run(&words[1..], self, console, out),
            "az" if self.kind == ResourceKind::VirtualMachine => {
                let (stdout, status) = crate::az::run(args, self, console, out);
                Ran { stdout, status }
            }
            "jq" => jq::run(&words[1..], stdin.as_deref(), out),
            "echo" => {
                let newline = words.get(1) != Some(&"-n");
                let mut text = words[if newline { 1 } else { 2 }.min(words.len())..].join(" ");
                if newline {
                    text.push('\n');
                }
                Ran::ok(text)
            }
            "export" => {
                for word in &words[1..] {
                    if let Some((name, value)) = word.split_once('=') {
                        self.variables.insert(name.to_string(), value.to_string());
                    }
                }
                Ran::ok("")
            }
            "hostname" => Ran::ok(format!("{}\n", self.name)),
            "whoami" => Ran::ok(format!("{}\n", self.user)),
            "help" => Ran::ok(HELP),
            "clear" => {
                out.steps.push(console::Step::Cleared);
                Ran::ok("")
            }
            // Time passes for the whole world: tokens expire.
            "sleep" => {
                let quoted: Vec<String> = words.iter().map(|w| shell::quote(w)).collect();
                let result = console.run_line(&quoted.join(" "));
                out.print(Stream::Stderr, &result.stderr);
                out.executed.extend(result.executed);
                Ran {
                    stdout: String::new(),
                    status: result.exit_code,
                }
            }
            name => {
                let mut message = format!("{name}: command not found\n");
                if name == "az" {
                    message.push_str("(The Azure CLI is not installed in an App Service container: type exit, then run az commands in the playground's console.)\n");
                }
                let ran = Ran::failed(out, &message, 127);
                out.point(args[0].1);
                ran
            }
        }
    }
}
