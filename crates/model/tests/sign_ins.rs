//! The managed-identity sign-in log (docs/azure-rules.md T11): every token Microsoft Entra ID
//! issues or refuses is logged; refusals the identity endpoint answers itself are not.

mod common;

use common::*;
use model::*;

const VAULT: &str = "https://vault.azure.net";
const GITHUB: &str = "https://token.actions.githubusercontent.com";
const MAIN: &str = "repo:contoso/app:ref:refs/heads/main";
const EXCHANGE: &str = "api://AzureADTokenExchange";

fn token(name: &str, audience: &str) -> Command {
    Command::RequestToken {
        kind: ResourceKind::VirtualMachine,
        group: "rg".into(),
        name: name.into(),
        audience: audience.into(),
        selector: None,
    }
}

fn exchange(client_id: &str, issuer: &str, subject: &str, audience: &str) -> Command {
    Command::ExchangeFederatedToken {
        client_id: client_id.into(),
        issuer: issuer.into(),
        subject: subject.into(),
        audience: audience.into(),
        scope: "https://management.azure.com/.default".into(),
    }
}

fn world_with_a_vm_and_a_federated_identity() -> Session {
    given(&[
        group("rg"),
        vm("rg", "vm1", IdentitySelection::system()),
        vm("rg", "vm2", IdentitySelection::none()),
        uami("rg", "deploy"),
        Command::SetFederatedCredential {
            group: "rg".into(),
            identity: "deploy".into(),
            name: "main".into(),
            issuer: GITHUB.into(),
            subject: MAIN.into(),
            audiences: vec![EXCHANGE.into()],
            update: false,
        },
    ])
}

#[test]
fn an_issued_token_is_a_successful_sign_in_of_its_identity() {
    let mut session = world_with_a_vm_and_a_federated_identity();
    let draws = session.world().ids.draws;
    let events = ok(&mut session, token("vm1", VAULT));
    assert_eq!(kinds(&events), ["TokenIssued", "SignInRecorded"]);
    let world = session.world();
    let [sign_in] = world.sign_ins.as_slice() else {
        panic!("{:?}", world.sign_ins);
    };
    let issued = world.tokens.values().next().expect("a token");
    assert_eq!(sign_in.token, Some(issued.id));
    assert_eq!(sign_in.id, SignIn::id_for_token(issued.id));
    assert_ne!(sign_in.id, issued.id);
    // The token drew one GUID; its sign-in drew none, so later GUIDs are what they were.
    assert_eq!(world.ids.draws, draws + 1);
    assert_eq!(sign_in.failure, None);
    assert_eq!(
        sign_in.principal_id,
        system_principal(world, ResourceKind::VirtualMachine, "rg", "vm1")
    );
    assert_eq!(sign_in.name, "vm1");
    assert!(!sign_in.user_assigned);
    assert_eq!(
        sign_in.associated_resource_id,
        resource(world, ResourceKind::VirtualMachine, "rg", "vm1").id
    );
    assert_eq!(sign_in.resource, VAULT);
    assert_eq!(sign_in.time, issued.issued);
}

#[test]
fn entra_refusals_are_logged_and_endpoint_refusals_are_not() {
    let mut session = world_with_a_vm_and_a_federated_identity();
    // No identity on vm2: IMDS answers itself; Entra ID never sees the request.
    let error = refused(&mut session, token("vm2", VAULT));
    assert_eq!(error.message, "Identity not found");
    assert!(session.world().sign_ins.is_empty());
    // An unknown resource reaches Entra ID: refused, and logged.
    let error = refused_sign_in(&mut session, token("vm1", "https://nowhere.example"));
    assert!(error.message.starts_with("AADSTS50001"), "{error}");
    let client_id = user_identity(session.world(), "rg", "deploy")
        .client_id
        .to_string();
    // A federated exchange that matches, then three that do not (issuer, subject, audience).
    ok(&mut session, exchange(&client_id, GITHUB, MAIN, EXCHANGE));
    for (issuer, subject, audience) in [
        ("https://gitlab.com", MAIN, EXCHANGE),
        (GITHUB, "repo:contoso/app:pull_request", EXCHANGE),
        (GITHUB, MAIN, "api://SomethingElse"),
    ] {
        let error = refused_sign_in(
            &mut session,
            exchange(&client_id, issuer, subject, audience),
        );
        assert_eq!(error.code, "invalid_client");
        assert!(error.message.starts_with("AADSTS70021"), "{error}");
    }
    // An unknown client ID has no identity to log the sign-in against.
    refused(
        &mut session,
        exchange(
            "00000000-0000-0000-0000-000000000000",
            GITHUB,
            MAIN,
            EXCHANGE,
        ),
    );
    let log: Vec<(bool, Option<&str>, &str)> = session
        .world()
        .sign_ins
        .iter()
        .map(|s| {
            (
                s.failure.is_none(),
                s.federated_issuer.as_deref(),
                s.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        log,
        [
            (false, None, "vm1"),
            (true, Some(GITHUB), "deploy"),
            (false, Some("https://gitlab.com"), "deploy"),
            (false, Some(GITHUB), "deploy"),
            (false, Some(GITHUB), "deploy"),
        ]
    );
    let ids: std::collections::BTreeSet<Guid> =
        session.world().sign_ins.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), 5, "every sign-in has its own ID");
}

#[test]
fn the_log_is_undone_saved_and_replayed_with_its_commands_and_outlives_the_identity() {
    let mut session = world_with_a_vm_and_a_federated_identity();
    ok(&mut session, token("vm1", VAULT));
    refused_sign_in(&mut session, token("vm1", "https://nowhere.example"));
    let log = session.world().sign_ins.clone();
    // A reload replays the saved commands, the refused sign-in included, to the same log.
    let reloaded = Session::from_json(&session.to_json()).expect("the save reads back");
    assert_eq!(reloaded.world().sign_ins, log);
    assert_eq!(reloaded.world(), session.world());
    // Undo takes the failed sign-in out; redo brings it back.
    assert!(session.undo());
    assert_eq!(session.world().sign_ins, log[..1]);
    assert!(session.redo());
    assert_eq!(session.world().sign_ins, log);
    // Deleting the VM removes its identity, not the record of what it did.
    ok(
        &mut session,
        Command::DeleteResource {
            kind: ResourceKind::VirtualMachine,
            group: "rg".into(),
            name: "vm1".into(),
        },
    );
    assert_eq!(session.world().sign_ins, log);
}
