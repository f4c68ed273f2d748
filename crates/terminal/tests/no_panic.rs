//! No line typed inside a VM panics, and a line that fails leaves the session as it was.

use proptest::prelude::*;
use terminal::Terminal;

fn connected() -> Terminal {
    let mut terminal = Terminal::new(11);
    for line in [
        "az group create -n rg -l westus -o none",
        "az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity -o none",
        "az keyvault create -n kv1 -g rg -o none",
        "ssh vm1",
    ] {
        assert_eq!(terminal.run_line(line).exit_code, 0, "{line}");
    }
    terminal
}

/// Pieces of what a learner types inside, recombined at random.
const PIECES: &[&str] = &[
    "curl",
    "jq",
    "-r",
    "-H",
    "-X",
    "-s",
    "-sS",
    "-f",
    "|",
    "$(",
    ")",
    "'",
    "\"",
    "Metadata:true",
    "Authorization: Bearer",
    "$T",
    "T=",
    ".access_token",
    ".",
    ".[0]",
    ".a.b",
    "%",
    "%E2%82",
    "?",
    "&",
    "=",
    "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=",
    "https://management.azure.com/subscriptions/",
    "/resourceGroups/rg",
    "https://kv1.vault.azure.net/secrets/x",
    "client_id=",
    "msi_res_id=",
    "https://vault.azure.net",
    "echo",
    "export",
    "exit",
    ";",
    " ",
    "é",
    "\\",
    "[",
    "]",
    "sleep",
    "1h",
    "hostname",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn any_line_inside_a_vm_runs_without_panicking(picks in proptest::collection::vec(0..PIECES.len(), 0..14)) {
        let line: String = picks.iter().map(|&at| PIECES[at]).collect::<Vec<_>>().join(" ");
        let mut terminal = connected();
        let before = terminal.session().log().len();
        let out = terminal.run_line(&line);
        let after = terminal.session().log().len();
        // Only a token issued (or time passing) adds to the log, one entry per command that succeeded.
        prop_assert_eq!(after - before, out.executed.len());
    }

    #[test]
    fn any_text_at_all_runs_without_panicking(line in "\\PC{0,80}") {
        let mut terminal = connected();
        let _ = terminal.run_line(&line);
        let _ = terminal.run_line(&format!("curl -s -H Metadata:true '{line}' | jq -r .x"));
    }
}
