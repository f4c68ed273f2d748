//! The `az-playground` binary as course authors run it: files and stdin, exit codes, --keep-going,
//! --seed, and the pointer to the failing line.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn runner(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_az-playground"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the runner starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("script written");
    child.wait_with_output().expect("the runner ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn script_file(name: &str, body: &str) -> String {
    let path =
        std::env::temp_dir().join(format!("az-playground-test-{}-{name}", std::process::id()));
    std::fs::write(&path, body).expect("script file written");
    path.to_string_lossy().into_owned()
}

const LAB: &str = "az group create -n lab -l westeurope\naz vm create -g lab -n vm1 --image Ubuntu2204 --assign-identity\naz ad sp list --display-name vm1 --query \"[].servicePrincipalType\" -o tsv\n";

#[test]
fn a_script_that_succeeds_exits_0_and_prints_what_the_console_prints() {
    let path = script_file("ok.az", LAB);
    let out = runner(&[&path], "");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\"name\": \"lab\""), "{stdout}");
    assert!(stdout.ends_with("ManagedIdentity\n"), "{stdout}");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn the_first_failure_stops_the_script_with_exit_1_and_points_at_its_line() {
    let script = "az group create -n lab -l westeurope\naz vm show -g lab -n ghost\necho after\n";
    let out = runner(&["-"], script);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !text(&out.stdout).contains("after"),
        "nothing runs after the failure"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(
            "ERROR: (ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/ghost'"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("  --> <stdin>:2:1\n   | az vm show -g lab -n ghost\n"),
        "{stderr}"
    );
}

#[test]
fn keep_going_runs_every_line_and_points_at_each_failure_right_after_its_error() {
    let script = "az group create -n lab -l westeurope -o none\naz vm show -g lab -n ghost\necho after\nX=$(az vm show -g lab -n ghost2)\naz group show -n nope\n";
    let out = runner(&["--keep-going", "-"], script);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "after\n");
    let stderr = text(&out.stderr);
    let at = |needle: &str| {
        stderr
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing from {stderr}"))
    };
    let order = [
        at("virtualMachines/ghost'"),
        at("  --> <stdin>:2:1\n"),
        at("virtualMachines/ghost2'"),
        at("  --> <stdin>:4:5\n"),
        at("Resource group 'nope'"),
        at("  --> <stdin>:5:1\n"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{stderr}");
    assert!(stderr.ends_with("   | ^^^^^^^^^^^^^^^^^^^^^\n"), "{stderr}");
}

#[test]
fn a_parse_error_is_underlined_where_it_is() {
    let out = runner(
        &["-"],
        "az group list\naz vm create -g rg -n vm1 --bogus 1\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("ERROR: unrecognized arguments: --bogus 1"),
        "{stderr}"
    );
    assert!(stderr.contains("  --> <stdin>:2:27\n"), "{stderr}");
    assert!(
        stderr.contains("\n   |                           ^^^^^^^^^\n"),
        "{stderr}"
    );
}

#[test]
fn the_same_seed_gives_the_same_ids_and_another_seed_other_ids() {
    let first = text(&runner(&["--seed", "42", "-"], LAB).stdout);
    let again = text(&runner(&["--seed", "42", "-"], LAB).stdout);
    let other = text(&runner(&["--seed", "43", "-"], LAB).stdout);
    assert_eq!(first, again);
    assert_ne!(first, other);
}

#[test]
fn bad_arguments_and_missing_files_exit_2_with_a_message() {
    let out = runner(&["--seed", "many"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("az-playground: --seed needs a number"));
    let out = runner(&["/nonexistent/lab.az"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("az-playground: cannot read /nonexistent/lab.az:"));
    let out = runner(&["--help"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("usage: az-playground"));
}

#[test]
fn the_runner_knows_az_rest_sleep_and_playground_token() {
    let script = "az group create -n lab -l westeurope -o none
az vm create -g lab -n vm1 --image Ubuntu2204 --assign-identity -o none
playground token --type vm -g lab -n vm1 --resource https://vault.azure.net --query resource -o tsv
sleep 1d
APP=$(az ad app create --display-name api --query id -o tsv)
az ad app delete --id $APP
az rest --method post --url https://graph.microsoft.com/v1.0/directory/deletedItems/$APP/restore --query displayName -o tsv
";
    let out = runner(&["-"], script);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "https://vault.azure.net\napi\n");
}
