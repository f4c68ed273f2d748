//! The learner's terminal: the console outside, and a shell inside a VM after `ssh` (its prompt, its variables, `curl` to the identity endpoint and Azure's REST APIs, `jq`), until `exit`.
//!
//! The browser runs it in the lesson worker, so none of the VM's shell is in the page's first
//! load; `az-playground` runs scripts through it, so a script may hold an `ssh` line and the lines
//! to run inside. Every change a line inside makes (a token the identity endpoint issues) is a
//! model command run through the console, so it is logged, saved and replayed like any other.

pub mod az;
pub mod curl;
pub mod debug;
pub mod jq;
pub mod vm;

use console::shell::{self, WordPart};
use console::{Console, Output, RunLine, Stream};
use model::Session;

pub use vm::Vm;

/// The console, and the VM the learner is connected to, if any.
#[derive(Clone, Debug)]
pub struct Terminal {
    console: Console,
    vm: Option<Vm>,
}

impl Terminal {
    /// A terminal on a fresh world whose IDs come from `seed`.
    pub fn new(seed: u64) -> Terminal {
        Terminal::with_console(Console::new(seed))
    }

    /// A terminal over a console (restored from the page's session).
    pub fn with_console(console: Console) -> Terminal {
        Terminal { console, vm: None }
    }

    pub fn console(&self) -> &Console {
        &self.console
    }

    pub fn session(&self) -> &Session {
        self.console.session()
    }

    /// The VM's shell, when connected.
    pub fn vm(&self) -> Option<&Vm> {
        self.vm.as_ref()
    }

    /// Puts a session under the terminal (the page's, after a change there), keeping the VM's
    /// shell: it disconnects on its next line if its VM is gone.
    pub fn replace_session(&mut self, session: Session) {
        self.console = Console::with_session(session);
    }

    /// The console's shell variables (outside the VM): the page's, kept in step with it.
    pub fn set_variables(&mut self, variables: model::SortedMap<String, String>) {
        self.console.set_variables(variables);
    }

    /// Leaves the VM without a word (the page left it: a reset, another lab).
    pub fn disconnect(&mut self) {
        self.vm = None;
    }

    /// The prompt a terminal shows before the next line: `azureuser@vm1:~$ ` inside a VM, `$ `
    /// outside.
    pub fn prompt(&self) -> String {
        match &self.vm {
            Some(vm) => vm.prompt(),
            None => "$ ".to_string(),
        }
    }

    /// Runs one line: inside the VM when connected, else `ssh` / `az ssh vm` connect, and any other
    /// line is the console's.
    pub fn run_line(&mut self, line: &str) -> Output {
        if let Some(vm) = &mut self.vm {
            let mut out = Output::default();
            if vm.run(line, &mut self.console, &mut out) == vm::After::Disconnect {
                self.vm = None;
            }
            return out;
        }
        match connect_words(line, &mut self.console) {
            Some((words, mut out)) => {
                if let Some(vm) = vm::connect(&words, self.console.session().world(), &mut out) {
                    self.vm = Some(vm);
                }
                out
            }
            None if has_debug(line) => {
                let output = self.console.run_line(line);
                let refused = !output.refusals.is_empty();
                let log = debug::log(self.console.session().world(), &output.executed, refused);
                with_debug_log(output, &log)
            }
            None => self.console.run_line(line),
        }
    }
}

impl RunLine for Terminal {
    fn run_line(&mut self, line: &str) -> Output {
        Terminal::run_line(self, line)
    }

    fn prompt(&self) -> String {
        Terminal::prompt(self)
    }
}

/// Is this line an `ssh`, `az ssh …` or `az webapp ssh …`? Then its words, expanded by the console's variables
/// (`ssh azureuser@$IP`, `$(az vm show … -o tsv)`), with what expanding them printed. `None` for
/// every other line (and one that does not parse, which the console refuses).
fn connect_words(line: &str, console: &mut Console) -> Option<(Vec<String>, Output)> {
    let script = shell::parse(line).ok()?;
    let [command] = script.commands.as_slice() else {
        return None;
    };
    let first = |n: usize| command.words.get(n).and_then(|w| w.literal());
    let is_ssh = match first(0).as_deref() {
        Some("ssh") => true,
        Some("az") => match first(1).as_deref() {
            Some("ssh") => true,
            Some("webapp") => first(2).as_deref() == Some("ssh"),
            _ => false,
        },
        _ => false,
    };
    if !is_ssh || !command.assignments.is_empty() {
        return None;
    }
    let mut out = Output::default();
    let mut words = Vec::new();
    for word in &command.words {
        let mut expand = |part: &WordPart| match part {
            WordPart::Literal { text, .. } => text.clone(),
            WordPart::Variable { name, .. } => console.variable(name).unwrap_or_default(),
            WordPart::Substitution { span, .. } => {
                // `$(` … `)`: the inner text runs through the console as its own line.
                let inner = line
                    .get(span.start + 2..span.end.saturating_sub(1))
                    .unwrap_or("");
                let result = console.run_line(inner);
                for (stream, text) in &result.printed {
                    if *stream == Stream::Stderr {
                        out.print(Stream::Stderr, text);
                    }
                }
                result.stdout.trim_end_matches('\n').to_string()
            }
        };
        words.extend(shell::expand_word(word, &mut expand));
    }
    Some((words, out))
}

/// Whether a line asks for the CLI's debug log (`--debug` as a word of it).
pub fn has_debug(line: &str) -> bool {
    console::lex(line).iter().any(|token| {
        token.kind == console::TokenKind::Word
            && line.get(token.span.start..token.span.end) == Some("--debug")
    })
}

/// The output with the debug log printed before it on stderr, as the CLI logs while it works.
fn with_debug_log(output: Output, log: &str) -> Output {
    let mut out = Output::default();
    out.print(Stream::Stderr, log);
    for (stream, text) in &output.printed {
        out.print(*stream, text);
    }
    out.exit_code = output.exit_code;
    out.error_spans = output.error_spans;
    out.error_ends = output
        .error_ends
        .iter()
        .map(|end| end + log.len())
        .collect();
    out.executed = output.executed;
    out.refusals = output.refusals;
    out.steps = output.steps;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(terminal: &mut Terminal, line: &str) -> Output {
        let out = terminal.run_line(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.combined());
        out
    }

    #[test]
    fn a_vm_deleted_while_connected_closes_the_shell_on_the_next_line() {
        let mut terminal = Terminal::new(3);
        run(&mut terminal, "az group create -n rg -l westus -o none");
        run(
            &mut terminal,
            "az vm create -g rg -n vm1 --image Ubuntu2204 -o none",
        );
        run(&mut terminal, "ssh azureuser@vm1");
        assert_eq!(terminal.prompt(), "azureuser@vm1:~$ ");
        // The page deletes it (a button, another tab): the worker is handed the new session.
        let mut elsewhere = Console::with_session(terminal.session().clone());
        elsewhere.run_line("az vm delete -g rg -n vm1 --yes");
        terminal.replace_session(elsewhere.session().clone());
        let out = terminal.run_line("hostname");
        assert_eq!(
            out.stderr,
            "Connection to vm1 closed by remote host.\nConnection to vm1 closed.\n"
        );
        assert_eq!((out.exit_code, out.stdout.as_str()), (255, ""));
        assert!(terminal.vm().is_none());
        assert_eq!(terminal.prompt(), "$ ");
    }

    #[test]
    fn a_token_asked_for_inside_is_a_logged_change_the_page_can_replay() {
        let mut terminal = Terminal::new(5);
        run(&mut terminal, "az group create -n rg -l westus -o none");
        run(
            &mut terminal,
            "az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity -o none",
        );
        run(&mut terminal, "ssh vm1");
        let before = terminal.session().log().len();
        let out = run(
            &mut terminal,
            "T=$(curl -s 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net' -H Metadata:true | jq -r .access_token)",
        );
        assert_eq!(terminal.session().log().len(), before + 1);
        let lines: Vec<String> = out.commands().map(console::to_cli).collect();
        assert_eq!(
            lines,
            ["playground token --type vm --resource-group rg --name vm1 --resource https://vault.azure.net"]
        );
        // The page runs that line on its own replica of the session and gets the same token.
        let mut page = Console::new(5);
        for line in [
            "az group create -n rg -l westus -o none",
            "az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity -o none",
            lines[0].as_str(),
        ] {
            page.run_line(line);
        }
        assert_eq!(
            page.session().world().tokens,
            terminal.session().world().tokens
        );
        // A failed request changes nothing.
        let out = terminal.run_line("curl -s 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net&client_id=nobody' -H Metadata:true");
        assert!(out.stdout.contains("Identity not found"), "{}", out.stdout);
        assert!(out.executed.is_empty());
        assert_eq!(terminal.session().log().len(), before + 1);
    }

    #[test]
    fn the_request_a_token_line_stands_for_asks_the_same_inside_its_resource() {
        let mut terminal = Terminal::new(9);
        for line in [
            "az group create -n rg -l westus -o none",
            "az identity create -g rg -n id1 -o none",
            "az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity [system] id1 -o none",
            "az appservice plan create -g rg -n plan1 --is-linux -o none",
            "az webapp create -g rg -n web1 -p plan1 --assign-identity [system] id1 -o none",
            "ID1=$(az identity show -g rg -n id1 --query clientId -o tsv)",
        ] {
            run(&mut terminal, line);
        }
        for (connect, token_line) in [
            ("ssh vm1", "playground token --type vm -g rg -n vm1 --resource https://vault.azure.net"),
            ("ssh vm1", "playground token --type vm -g rg -n vm1 --resource https://management.azure.com/ --client-id $ID1"),
            ("az webapp ssh -g rg -n web1", "playground token --type webapp -g rg -n web1 --resource https://vault.azure.net"),
            ("az webapp ssh -g rg -n web1", "playground token --type webapp -g rg -n web1 --resource https://storage.azure.com --client-id $ID1"),
        ] {
            let by_line = run(&mut terminal, token_line);
            let command = by_line.commands().next().expect("a token line is a command");
            let request = console::commands::data::token_request(command)
                .expect("a request")
                .curl();
            run(&mut terminal, connect);
            let inside = run(&mut terminal, &request);
            run(&mut terminal, "exit");
            let issued = |out: &Output| {
                let token = out.events().find_map(|event| match event {
                    model::Event::TokenIssued { token } => Some(token.clone()),
                    _ => None,
                });
                token.map(|t| (t.principal_id, t.audience, t.requested_by))
            };
            assert!(issued(&by_line).is_some(), "{token_line}");
            assert_eq!(issued(&inside), issued(&by_line), "{request}");
        }
    }
}
