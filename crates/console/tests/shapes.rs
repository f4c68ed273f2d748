//! The shapes only the Azure CLI (or the identity endpoint) prints, built by the console in the CLI's key order.

use console::shapes;
use console::Console;
use model::{Event, ResourceKind, RoleGrant};

fn console_after(lines: &[&str]) -> Console {
    let mut console = Console::new(7);
    for line in lines {
        let output = console.run_line(line);
        assert_eq!(output.exit_code, 0, "{line}: {}", output.combined());
    }
    console
}

fn keys(value: &model::Value) -> Vec<&str> {
    value
        .as_object()
        .map(|pairs| pairs.iter().map(|(key, _)| key.as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn vm_create_and_identity_assign_print_their_summaries() {
    let console = console_after(&[
        "az group create -n rg -l westeurope",
        "az identity create -g rg -n id1",
        "az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity [system] id1",
    ]);
    let world = console.session().world();
    let vm = world
        .resource(ResourceKind::VirtualMachine, "rg", "vm1")
        .expect("vm1");
    let summary = shapes::vm_create_summary(vm, None);
    // transform_vm_create_output's OrderedDict, in its order.
    assert_eq!(
        keys(&summary),
        [
            "id",
            "resourceGroup",
            "powerState",
            "publicIpAddress",
            "fqdns",
            "privateIpAddress",
            "macAddress",
            "location",
            "identity",
            "zones"
        ]
    );
    assert_eq!(summary["powerState"], "VM running");
    let assigned = shapes::identity_assign_output(
        vm,
        Some(&RoleGrant {
            role: "Reader".into(),
            scope: "/x".into(),
        }),
    );
    let mut sorted = keys(&assigned);
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "role",
            "scope",
            "systemAssignedIdentity",
            "userAssignedIdentities"
        ]
    );
    let principal = vm.identity.system.expect("system-assigned").principal_id;
    assert_eq!(assigned["systemAssignedIdentity"], principal.to_string());
}

#[test]
fn the_identity_endpoint_answers_with_its_own_token_response() {
    let mut console = console_after(&[
        "az group create -n rg -l westeurope",
        "az vm create -g rg -n vm1 --image Ubuntu2204 --assign-identity",
    ]);
    let output = console.run_line(
        "playground token --type vm -g rg -n vm1 --resource https://management.azure.com",
    );
    let issued = output
        .events()
        .find_map(|event| match event {
            Event::TokenIssued { token } => Some(token.clone()),
            _ => None,
        })
        .expect("a token");
    let world = console.session().world();
    let response = shapes::token_response(world, &issued, ResourceKind::VirtualMachine);
    assert_eq!(response["expires_in"], "86399");
    assert_eq!(response["token_type"], "Bearer");
    let app_service = shapes::token_response(world, &issued, ResourceKind::WebApp);
    assert!(app_service.get("expires_in").is_none());
}
