//! Key Vault's data plane (docs/azure-rules.md M11, M12, T7): every decision path of the check, for
//! an RBAC vault and an access-policy vault, for the signed-in user, an application's service
//! principal and a managed identity (directly and through its token).

mod common;

use common::*;
use model::query::{self, SecretOperation};
use model::*;

const VM: ResourceKind = ResourceKind::VirtualMachine;
const GET: &str = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
const SET: &str = "Microsoft.KeyVault/vaults/secrets/setSecret/action";
const LIST: &str = "Microsoft.KeyVault/vaults/secrets/readMetadata/action";

fn policy_vault(group: &str, name: &str) -> Command {
    Command::CreateResource {
        kind: ResourceKind::KeyVault,
        group: group.into(),
        name: name.into(),
        location: None,
        identity: IdentitySelection::none(),
        grant: None,
        options: ResourceOptions {
            rbac_authorization: false,
            ..ResourceOptions::default()
        },
    }
}

/// A group `rg` with an RBAC vault `kv-rbac`, an access-policy vault `kv-ap`, a VM `vm1` with a
/// system-assigned identity, and an app registration `billing` with its service principal.
struct Fixture {
    session: Session,
    me: ObjectId,
    vm: ObjectId,
    app_sp: ObjectId,
    app_id: AppId,
    rbac: String,
    ap: String,
}

fn fixture() -> Fixture {
    let mut session = given(&[
        group("rg"),
        vault("rg", "kv-rbac"),
        policy_vault("rg", "kv-ap"),
        vm("rg", "vm1", IdentitySelection::system()),
        Command::CreateApplication {
            display_name: "billing".into(),
            audience: SignInAudience::AzureAdMyOrg,
        },
    ]);
    let app_id = session
        .world()
        .applications
        .values()
        .next()
        .expect("the app")
        .app_id;
    ok(
        &mut session,
        Command::CreateServicePrincipal {
            app_id: app_id.to_string(),
        },
    );
    let world = session.world();
    let app_sp = world
        .service_principals
        .values()
        .find(|sp| sp.app_id == app_id)
        .expect("the app's SP")
        .id;
    Fixture {
        me: world.signed_in_user().expect("the learner").id,
        vm: system_principal(world, VM, "rg", "vm1"),
        app_sp,
        app_id,
        rbac: resource(world, ResourceKind::KeyVault, "rg", "kv-rbac")
            .id
            .clone(),
        ap: resource(world, ResourceKind::KeyVault, "rg", "kv-ap")
            .id
            .clone(),
        session,
    }
}

fn allowed(session: &Session, principal: ObjectId, vault: &str, action: &str) -> bool {
    query::check_access(session.world(), principal, vault, action).allowed
}

fn set_secret(vault: &str) -> Command {
    Command::SetSecret {
        vault: vault.into(),
        name: "db".into(),
        value: "s3cret".into(),
    }
}

fn set_policy(vault: &str, principal: PolicyPrincipal, secrets: &[&str]) -> Command {
    Command::SetAccessPolicy {
        vault: vault.into(),
        group: None,
        principal,
        permissions: PolicyPermissions {
            secrets: Some(secrets.iter().map(|s| s.to_string()).collect()),
            ..PolicyPermissions::default()
        },
    }
}

// ---- an RBAC vault --------------------------------------------------------------------------

#[test]
fn an_rbac_vault_refuses_its_creator_who_is_owner_of_the_subscription() {
    let mut f = fixture();
    let owner = &f.session.world().role_assignments;
    assert!(owner
        .values()
        .any(|a| a.principal_id == f.me && a.role == roles::OWNER));
    for action in [GET, SET, LIST] {
        let decision = query::check_access(f.session.world(), f.me, &f.rbac, action);
        assert!(!decision.allowed, "{action}");
        assert_eq!(decision.status, 403);
        assert!(
            decision.reason.contains("Owner and Contributor"),
            "{}",
            decision.reason
        );
    }
    let error = refused(&mut f.session, set_secret("kv-rbac"));
    assert_eq!(error.code, "Forbidden");
    assert_eq!(error.inner_code.as_deref(), Some("ForbiddenByRbac"));
    assert!(error.message.starts_with(
        "Caller is not authorized to perform action on resource.\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\nCaller: appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid="
    ));
    assert!(error
        .message
        .contains("\nAction: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'\nResource: '/subscriptions/"));
    assert!(error
        .message
        .contains("/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-rbac/secrets/db'\nAssignment: (not found)\n"));
    assert!(error
        .message
        .ends_with("\nVault: kv-rbac;location=westeurope"));
}

#[test]
fn contributor_on_an_rbac_vault_manages_it_but_reads_nothing() {
    let mut f = fixture();
    ok(&mut f.session, grant_me("Contributor", &f.rbac));
    assert!(!allowed(&f.session, f.me, &f.rbac, GET));
    assert!(!allowed(&f.session, f.me, &f.rbac, SET));
}

#[test]
fn secrets_user_reads_and_lists_but_does_not_write() {
    let mut f = fixture();
    ok(&mut f.session, grant_me("Key Vault Secrets User", &f.rbac));
    assert!(allowed(&f.session, f.me, &f.rbac, GET));
    assert!(allowed(&f.session, f.me, &f.rbac, LIST));
    assert!(!allowed(&f.session, f.me, &f.rbac, SET));
    let error = refused(&mut f.session, set_secret("kv-rbac"));
    assert_eq!(error.inner_code.as_deref(), Some("ForbiddenByRbac"));
}

#[test]
fn secrets_officer_inherited_from_the_group_writes() {
    let mut f = fixture();
    let group = group_id(f.session.world(), "rg");
    ok(
        &mut f.session,
        grant_me("Key Vault Secrets Officer", &group),
    );
    let decision = query::check_access(f.session.world(), f.me, &f.rbac, SET);
    assert!(decision.allowed, "{}", decision.reason);
    assert!(
        decision.reason.contains("(inherited)"),
        "{}",
        decision.reason
    );
    assert_eq!(
        kinds(&ok(&mut f.session, set_secret("kv-rbac"))),
        ["SecretSet"]
    );
}

#[test]
fn key_vault_administrator_at_the_subscription_does_everything() {
    let mut f = fixture();
    let subscription = f.session.world().subscription().scope();
    ok(
        &mut f.session,
        grant_me("Key Vault Administrator", &subscription),
    );
    for action in [GET, SET, LIST] {
        assert!(allowed(&f.session, f.me, &f.rbac, action), "{action}");
    }
}

#[test]
fn a_role_on_another_vault_does_not_reach_this_one() {
    let mut f = fixture();
    ok(&mut f.session, vault("rg", "kv-other"));
    let other = resource(f.session.world(), ResourceKind::KeyVault, "rg", "kv-other")
        .id
        .clone();
    ok(&mut f.session, grant_me("Key Vault Administrator", &other));
    assert!(!allowed(&f.session, f.me, &f.rbac, GET));
    assert!(allowed(&f.session, f.me, &other, GET));
}

#[test]
fn an_applications_service_principal_needs_a_data_role_on_an_rbac_vault() {
    let mut f = fixture();
    assert!(!allowed(&f.session, f.app_sp, &f.rbac, GET));
    ok(
        &mut f.session,
        grant(f.app_id, "Key Vault Secrets User", &f.rbac),
    );
    assert!(allowed(&f.session, f.app_sp, &f.rbac, GET));
    assert!(!allowed(&f.session, f.app_sp, &f.rbac, SET));
}

#[test]
fn a_managed_identitys_token_needs_a_data_role_on_an_rbac_vault() {
    let mut f = fixture();
    ok(&mut f.session, token_for_vm());
    let token = f
        .session
        .world()
        .tokens
        .values()
        .next()
        .expect("a token")
        .clone();
    // docs/azure-rules.md S3: the system-assigned identity's `xms_mirid` has `resourcegroups`.
    assert!(json::token_claims(&token)["xms_mirid"]
        .as_str()
        .is_some_and(
            |id| id.contains("/resourcegroups/rg/providers/Microsoft.Compute/virtualMachines/vm1")
        ));
    let denied = query::check_token_access(f.session.world(), &token, &f.rbac, GET);
    assert_eq!(denied.status, 403);
    ok(
        &mut f.session,
        grant(f.vm, "Key Vault Secrets User", &f.rbac),
    );
    let read = query::check_token_access(f.session.world(), &token, &f.rbac, GET);
    assert!(read.allowed, "{}", read.reason);
    assert!(!allowed(&f.session, f.vm, &f.rbac, SET));
}

fn token_for_vm() -> Command {
    Command::RequestToken {
        kind: VM,
        group: "rg".into(),
        name: "vm1".into(),
        audience: "https://vault.azure.net".into(),
        selector: None,
    }
}

// ---- an access-policy vault -----------------------------------------------------------------

#[test]
fn an_access_policy_vault_gives_its_creator_every_permission() {
    let mut f = fixture();
    let vault = resource(f.session.world(), ResourceKind::KeyVault, "rg", "kv-ap");
    assert_eq!(vault.access_policies.len(), 1);
    let policy = &vault.access_policies[0];
    assert_eq!(policy.object_id, f.me);
    assert_eq!(policy.secrets, ["all"]);
    assert_eq!(policy.keys, ["all"]);
    assert_eq!(policy.certificates, ["all"]);
    assert_eq!(policy.storage, ["all"]);
    for action in [GET, SET, LIST] {
        assert!(allowed(&f.session, f.me, &f.ap, action), "{action}");
    }
    assert_eq!(
        kinds(&ok(&mut f.session, set_secret("kv-ap"))),
        ["SecretSet"]
    );
    // An RBAC vault has no access policies at all.
    let rbac = resource(f.session.world(), ResourceKind::KeyVault, "rg", "kv-rbac");
    assert!(rbac.access_policies.is_empty());
}

#[test]
fn a_narrowed_policy_allows_only_its_permissions_and_is_worded_as_key_vault_does() {
    let mut f = fixture();
    let events = ok(
        &mut f.session,
        set_policy(
            "kv-ap",
            PolicyPrincipal::Upn(SIGNED_IN_USER.into()),
            &["list"],
        ),
    );
    assert_eq!(kinds(&events), ["AccessPolicySet"]);
    assert!(allowed(&f.session, f.me, &f.ap, LIST));
    assert!(!allowed(&f.session, f.me, &f.ap, GET));
    let error = refused(&mut f.session, set_secret("kv-ap"));
    assert_eq!(error.inner_code.as_deref(), Some("AccessDenied"));
    assert!(error.message.starts_with(
        "The user, group or application 'appid=04b07795-8ddb-461a-bbee-02f9e1bf7b46;oid="
    ));
    assert!(error.message.ends_with(
        "' does not have secrets set permission on key vault 'kv-ap;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287"
    ));
    // The other kinds of permission were kept.
    let vault = resource(f.session.world(), ResourceKind::KeyVault, "rg", "kv-ap");
    assert_eq!(vault.access_policies[0].keys, ["all"]);
}

#[test]
fn role_assignments_do_not_open_an_access_policy_vault() {
    let mut f = fixture();
    ok(&mut f.session, grant_me("Key Vault Administrator", &f.ap));
    ok(
        &mut f.session,
        Command::DeleteAccessPolicy {
            vault: "kv-ap".into(),
            group: Some("rg".into()),
            principal: PolicyPrincipal::ObjectId(f.me.to_string()),
        },
    );
    let decision = query::check_access(f.session.world(), f.me, &f.ap, GET);
    assert!(!decision.allowed);
    assert!(
        decision.reason.contains("uses access policies"),
        "{}",
        decision.reason
    );
}

#[test]
fn an_applications_service_principal_reads_through_its_policy_found_by_spn() {
    let mut f = fixture();
    assert!(!allowed(&f.session, f.app_sp, &f.ap, GET));
    ok(
        &mut f.session,
        set_policy(
            "kv-ap",
            PolicyPrincipal::Spn(f.app_id.to_string()),
            &["get", "GET", "list"],
        ),
    );
    let vault = resource(f.session.world(), ResourceKind::KeyVault, "rg", "kv-ap");
    assert_eq!(vault.access_policies[1].secrets, ["get", "list"]);
    assert!(allowed(&f.session, f.app_sp, &f.ap, GET));
    assert!(!allowed(&f.session, f.app_sp, &f.ap, SET));
}

#[test]
fn a_managed_identitys_token_reads_an_access_policy_vault_only_with_a_policy() {
    let mut f = fixture();
    ok(&mut f.session, token_for_vm());
    let token = f
        .session
        .world()
        .tokens
        .values()
        .next()
        .expect("a token")
        .clone();
    ok(&mut f.session, grant(f.vm, "Key Vault Secrets User", &f.ap));
    assert_eq!(
        query::check_token_access(f.session.world(), &token, &f.ap, GET).status,
        403
    );
    ok(
        &mut f.session,
        set_policy(
            "kv-ap",
            PolicyPrincipal::ObjectId(f.vm.to_string()),
            &["get"],
        ),
    );
    let read = query::check_token_access(f.session.world(), &token, &f.ap, GET);
    assert!(read.allowed, "{}", read.reason);
    // The token check table the inspector shows follows the same rule.
    let checks = query::token_checks(f.session.world(), &token);
    let ap = checks
        .iter()
        .find(|c| c.target == "key vault kv-ap")
        .expect("a row for the vault");
    assert!(ap.decision.allowed);
}

#[test]
fn access_policies_are_refused_on_rbac_vaults_and_need_a_known_principal() {
    let mut f = fixture();
    let rbac = refused(
        &mut f.session,
        set_policy(
            "kv-rbac",
            PolicyPrincipal::Upn(SIGNED_IN_USER.into()),
            &["get"],
        ),
    );
    assert_eq!(
        rbac.to_string(),
        "Cannot set policies to a vault with '--enable-rbac-authorization' specified"
    );
    let unknown = refused(
        &mut f.session,
        set_policy("kv-ap", PolicyPrincipal::Spn("nobody".into()), &["get"]),
    );
    assert_eq!(
        unknown.to_string(),
        "Unable to get object id from principal name."
    );
    let missing = refused(
        &mut f.session,
        set_policy(
            "kv-nope",
            PolicyPrincipal::ObjectId(f.me.to_string()),
            &["get"],
        ),
    );
    assert_eq!(
        missing.to_string(),
        "The Vault 'kv-nope' not found within subscription."
    );
    let no_policy = refused(
        &mut f.session,
        Command::DeleteAccessPolicy {
            vault: "kv-ap".into(),
            group: None,
            principal: PolicyPrincipal::ObjectId(f.vm.to_string()),
        },
    );
    assert_eq!(no_policy.to_string(), "No matching policies found");
}

#[test]
fn a_secret_command_on_a_vault_nobody_has_fails_to_resolve_its_name() {
    let mut f = fixture();
    let error = refused(&mut f.session, set_secret("kv-nope"));
    assert!(error
        .to_string()
        .starts_with("<urllib3.connection.HTTPSConnection object at 0x7f"));
    assert!(error.to_string().ends_with(
        ">: Failed to resolve 'kv-nope.vault.azure.net' ([Errno -2] Name or service not known)"
    ));
    let world = f.session.world();
    let vault = query::vault_for_data(world, "KV-RBAC").expect("names are case-insensitive");
    assert_eq!(
        query::authorize_secret_operation(world, vault, SecretOperation::List, None)
            .map_err(|e| e.inner_code),
        Err(Some("ForbiddenByRbac".into()))
    );
}
