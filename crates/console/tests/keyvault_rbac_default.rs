//! `az keyvault create` uses Azure RBAC unless told `--enable-rbac-authorization false`, as az
//! has since Azure CLI 2.61.0 (azure-cli PR #28886): a plain create lets a data role read secrets.

use model::{query, Command, ResourceKind, Session};

/// Creates a group, a VM with a system-assigned identity and the vault `kv1` by `create_vault`, then grants the VM's system identity Key Vault
/// Secrets User on the vault `kv1` and asks whether its token may read a secret.
fn vm_reads_a_secret(create_vault: &str) -> query::AccessDecision {
    let mut session = Session::new(7);
    for line in [
        "az group create -n rg1 -l westeurope",
        "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity",
        create_vault,
    ] {
        let command = console::parse(line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
        session
            .execute(command)
            .unwrap_or_else(|e| panic!("{line}: {e}"));
    }
    let world = session.world();
    let find = |kind: ResourceKind, name: &str| {
        world
            .resources
            .values()
            .find(|r| r.kind == kind && r.name == name)
            .expect("created")
    };
    let principal = find(ResourceKind::VirtualMachine, "vm1")
        .identity
        .system
        .expect("a system-assigned identity")
        .principal_id;
    let vault_id = find(ResourceKind::KeyVault, "kv1").id.clone();
    session
        .execute(Command::CreateRoleAssignment {
            assignee: principal.to_string(),
            role: "Key Vault Secrets User".into(),
            scope: vault_id.clone(),
        })
        .expect("granted");
    query::check_access(
        session.world(),
        principal,
        &vault_id,
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    )
}

#[test]
fn a_plain_keyvault_create_uses_rbac_so_key_vault_secrets_user_reads_a_secret() {
    for line in [
        "az keyvault create -n kv1 -g rg1",
        "az keyvault create -n kv1 -g rg1 --enable-rbac-authorization",
        "az keyvault create -n kv1 -g rg1 --enable-rbac-authorization true",
    ] {
        let decision = vm_reads_a_secret(line);
        assert!(decision.allowed, "{line}: {}", decision.reason);
    }
}

#[test]
fn enable_rbac_authorization_false_gives_access_policies_that_a_role_cannot_open() {
    let decision =
        vm_reads_a_secret("az keyvault create -n kv1 -g rg1 --enable-rbac-authorization false");
    assert!(!decision.allowed);
    assert_eq!(decision.status, 403);
    assert!(
        decision.reason.contains("uses access policies"),
        "{}",
        decision.reason
    );
}

#[test]
fn to_cli_writes_the_flag_only_for_access_policy_vaults() {
    let plain = console::parse("az keyvault create -n kv1 -g rg1").expect("parses");
    assert!(
        !console::to_cli(&plain).contains("rbac"),
        "{}",
        console::to_cli(&plain)
    );
    let policies =
        console::parse("az keyvault create -n kv1 -g rg1 --enable-rbac-authorization false")
            .expect("parses");
    let line = console::to_cli(&policies);
    assert!(
        line.ends_with(" --enable-rbac-authorization false"),
        "{line}"
    );
    assert_eq!(console::parse(&line).expect("parses"), policies);
}
