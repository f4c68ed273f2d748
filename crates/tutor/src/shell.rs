//! The shell inside a VM for the page: runs the learner's line in a `terminal::Terminal` kept in step with the page's session, and answers what it printed, the prompt, and the console lines of the changes it made (a token issued) for the page to run too.

use console::Stream;
use model::Value;
use terminal::Terminal;

use crate::tutor::{message, replay, strings};

/// The terminal and the page's session it was last given (its seed and lines).
#[derive(Default)]
pub struct Shell {
    terminal: Option<(u64, Vec<String>, Terminal)>,
}

impl Shell {
    /// `{t: "shell", seed, lines, line, inside, vars}` → `{t: "shell", line, printed: [[stream,
    /// text]…], ok, prompt (null outside a VM), changes: [line…], cleared, vars}`; `vars` are the
    /// console's variables outside the VM, the page's before and the terminal's after. `inside` is whether the page
    /// shows the VM's prompt: a page that doesn't (a reset, another lab) has left the VM.
    /// `{t: "shell", seed, lines, requests: true}` → `{t: "shell", requests}`: the requests the
    /// last of the lines stands for, as `--debug` logs them.
    pub fn answer(&mut self, request: &Value) -> Value {
        let seed = request
            .get("seed")
            .and_then(Value::as_i64)
            .filter(|seed| *seed >= 0)
            .unwrap_or_default() as u64;
        let lines = strings(request.get("lines"));
        let line = request.get("line").and_then(Value::as_str).unwrap_or("");
        let inside = request.get("inside").and_then(Value::as_bool) == Some(true);
        let (known_seed, known_lines, terminal) = self
            .terminal
            .get_or_insert_with(|| (seed, Vec::new(), Terminal::new(seed)));
        if *known_seed != seed
            || *known_lines != lines
            || terminal.session().log().len() != lines.len()
        {
            terminal.replace_session(replay(seed, &lines));
            (*known_seed, *known_lines) = (seed, lines);
        }
        // The inspector asks what the latest change sent: its `--debug` requests, nothing run.
        if request.get("requests").and_then(Value::as_bool) == Some(true) {
            let log = terminal.session().log();
            let text = terminal::debug::log(
                terminal.session().world(),
                &log[log.len().saturating_sub(1)..],
                false,
            );
            return message("shell", vec![("requests", Value::str(text.as_str()))]);
        }
        if !inside {
            terminal.disconnect();
        }
        // The page's variables outside the VM (`IP=$(az vm create … -o tsv)`, then `ssh azureuser@$IP`).
        if let Some(Value::Object(pairs)) = request.get("vars") {
            let mut variables = model::SortedMap::new();
            for (name, value) in pairs {
                if let Some(value) = value.as_str() {
                    variables.insert(name.clone(), value.to_string());
                }
            }
            terminal.set_variables(variables);
        }
        let output = terminal.run_line(line);
        let changes: Vec<String> = output.commands().map(console::to_cli).collect();
        // The page runs them too: its next lines are these.
        known_lines.extend(changes.iter().cloned());
        let printed = output
            .printed
            .iter()
            .map(|(stream, text)| {
                let stream = if *stream == Stream::Stderr {
                    "stderr"
                } else {
                    "stdout"
                };
                Value::Array(vec![Value::str(stream), Value::str(text.as_str())])
            })
            .collect();
        let cleared = output
            .steps
            .iter()
            .any(|step| matches!(step, console::Step::Cleared));
        message(
            "shell",
            vec![
                ("line", Value::str(line)),
                ("printed", Value::Array(printed)),
                ("ok", Value::Bool(output.exit_code == 0)),
                (
                    "prompt",
                    terminal
                        .vm()
                        .map_or(Value::Null, |_| Value::str(terminal.prompt())),
                ),
                (
                    "changes",
                    Value::Array(changes.into_iter().map(Value::str).collect()),
                ),
                ("cleared", Value::Bool(cleared)),
                (
                    "vars",
                    Value::Object(
                        terminal
                            .console()
                            .variables()
                            .iter()
                            .map(|(name, value)| (name.clone(), Value::str(value.as_str())))
                            .collect(),
                    ),
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(lines: &[&str], line: &str, inside: bool) -> Value {
        Value::object(vec![
            ("t", Value::str("shell")),
            ("seed", Value::from(42i64)),
            (
                "lines",
                Value::Array(lines.iter().map(|l| Value::str(*l)).collect()),
            ),
            ("line", Value::str(line)),
            ("inside", Value::Bool(inside)),
        ])
    }

    fn text(answer: &Value, name: &str) -> String {
        answer
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    }

    #[test]
    fn a_page_session_connects_asks_for_a_token_and_gets_its_line_to_run() {
        let mut shell = Shell::default();
        let mut lines = vec![
            "az group create --name rg --location westus".to_string(),
            "az vm create --resource-group rg --name vm1 --image Ubuntu2204 --assign-identity [system]".to_string(),
        ];
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let answer = shell.answer(&request(&borrowed, "ssh azureuser@vm1", false));
        assert_eq!(answer.get("ok"), Some(&Value::Bool(true)), "{answer:?}");
        assert_eq!(text(&answer, "prompt"), "azureuser@vm1:~$ ");
        let answer = shell.answer(&request(
            &borrowed,
            "curl -s 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net' -H Metadata:true | jq -r .token_type",
            true,
        ));
        let printed = answer.get("printed").and_then(Value::as_array).unwrap();
        assert_eq!(printed[0].as_array().unwrap()[1].as_str(), Some("Bearer\n"));
        let changes = strings(answer.get("changes"));
        assert_eq!(
            changes,
            ["playground token --type vm --resource-group rg --name vm1 --resource https://vault.azure.net"]
        );
        // The page ran it: the next request carries it, and nothing is replayed twice.
        lines.extend(changes);
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let answer = shell.answer(&request(&borrowed, "exit", true));
        assert_eq!(answer.get("prompt"), Some(&Value::Null));
        assert!(strings(answer.get("changes")).is_empty());
        // A page that shows no VM prompt (it was reset) is outside, whatever the shell thought.
        shell.answer(&request(&borrowed, "ssh vm1", false));
        let answer = shell.answer(&request(&[], "ssh vm1", false));
        assert_eq!(answer.get("ok"), Some(&Value::Bool(false)));
        assert_eq!(answer.get("prompt"), Some(&Value::Null));
    }

    #[test]
    fn the_requests_of_the_latest_change_are_its_debug_log() {
        let mut shell = Shell::default();
        let lines = [
            "az group create --name rg --location westus",
            "az vm create --resource-group rg --name vm1 --image Ubuntu2204",
            "az vm identity assign -g rg -n vm1",
        ];
        let mut asked = request(&lines, "", false);
        if let Value::Object(pairs) = &mut asked {
            pairs.push(("requests".into(), Value::Bool(true)));
        }
        let answer = shell.answer(&asked);
        let requests = text(&answer, "requests");
        // `az vm identity assign` is a PATCH of the VM's identity block, and nothing else.
        assert!(requests.contains("Request method: 'PATCH'"), "{requests}");
        assert!(
            requests.contains("/virtualMachines/vm1?api-version="),
            "{requests}"
        );
        assert!(
            requests.contains(r#"{"identity":{"type":"SystemAssigned"}}"#),
            "{requests}"
        );
        assert!(!requests.contains("'PUT'"), "{requests}");
        assert!(answer.get("printed").is_none());
    }
}
