//! Federated identity credentials (docs/azure-rules.md R19): at most 20 per identity, replaced in place by name, gone with their identity.

use model::{Command, Session};

fn set(name: &str, subject: &str) -> Command {
    Command::SetFederatedCredential {
        group: "rg".into(),
        identity: "id1".into(),
        name: name.into(),
        issuer: "https://token.actions.githubusercontent.com".into(),
        subject: subject.into(),
        audiences: vec!["api://AzureADTokenExchange".into()],
        update: false,
    }
}

#[test]
fn twenty_credentials_at_most_replaced_by_name_and_deleted_with_the_identity() {
    let mut session = Session::new(1);
    for command in [
        Command::CreateResourceGroup {
            name: "rg".into(),
            location: "westeurope".into(),
            tags: Vec::new(),
        },
        Command::CreateUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
            location: None,
            tags: Vec::new(),
        },
    ] {
        session.execute(command).expect("setup");
    }
    for n in 0..20 {
        session
            .execute(set(
                &format!("fic-{n}"),
                &format!("repo:contoso/app{n}:ref:refs/heads/main"),
            ))
            .expect("one of 20");
    }
    let refused = session
        .execute(set("fic-20", "repo:contoso/other:ref:refs/heads/main"))
        .expect_err("the 21st");
    assert_eq!(refused.code, "BadRequest");
    assert!(
        refused
            .message
            .contains("20 federated identity credentials"),
        "{}",
        refused.message
    );
    // Writing an existing name again replaces it, even at the limit.
    session
        .execute(set("FIC-0", "repo:contoso/app0:environment:prod"))
        .expect("a replace");
    let identity = session
        .world()
        .user_identity("rg", "id1")
        .expect("identity");
    assert_eq!(identity.federated.len(), 20);
    assert_eq!(identity.federated[0].name, "fic-0");
    assert_eq!(
        identity.federated[0].subject,
        "repo:contoso/app0:environment:prod"
    );
    // Undo brings the old subject back; deleting the identity takes them all.
    session.undo();
    assert_eq!(
        session
            .world()
            .user_identity("rg", "id1")
            .unwrap()
            .federated[0]
            .subject,
        "repo:contoso/app0:ref:refs/heads/main"
    );
    session
        .execute(Command::DeleteUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
        })
        .expect("delete");
    session
        .execute(Command::CreateUserIdentity {
            group: "rg".into(),
            name: "id1".into(),
            location: None,
            tags: Vec::new(),
        })
        .expect("again");
    assert!(session
        .world()
        .user_identity("rg", "id1")
        .unwrap()
        .federated
        .is_empty());
}

fn app_credential(name: &str, subject: &str, update: Option<&str>) -> Command {
    Command::SetAppFederatedCredential {
        app: "deployer".into(),
        update: update.map(str::to_string),
        name: name.into(),
        issuer: "https://token.actions.githubusercontent.com".into(),
        subject: subject.into(),
        audiences: vec!["api://AzureADTokenExchange".into()],
        description: None,
    }
}

fn exchange(client_id: &str, subject: &str) -> Command {
    Command::ExchangeFederatedToken {
        client_id: client_id.into(),
        issuer: "https://token.actions.githubusercontent.com".into(),
        subject: subject.into(),
        audience: "api://AzureADTokenExchange".into(),
        scope: "https://management.azure.com/.default".into(),
    }
}

/// docs/azure-rules.md R19 on an application: Graph's rules and errors, the exchange through the
/// app's service principal, and credentials that go and come back with the app.
#[test]
fn an_applications_credentials_follow_graphs_rules_and_its_exchange_needs_its_service_principal() {
    const MAIN: &str = "repo:contoso/app:ref:refs/heads/main";
    let mut session = Session::new(2);
    session
        .execute(Command::CreateApplication {
            display_name: "deployer".into(),
            audience: model::SignInAudience::AzureAdMyOrg,
        })
        .expect("app");
    let app = session
        .world()
        .applications
        .values()
        .next()
        .unwrap()
        .clone();
    // Found by its appId (or object ID), as Graph finds it.
    let by_id = |command: Command| match command {
        Command::SetAppFederatedCredential {
            update,
            name,
            issuer,
            subject,
            audiences,
            description,
            ..
        } => Command::SetAppFederatedCredential {
            app: app.app_id.to_string(),
            update,
            name,
            issuer,
            subject,
            audiences,
            description,
        },
        other => other,
    };
    session
        .execute(by_id(app_credential("main", MAIN, None)))
        .expect("create");
    let credential = session.world().applications.get(&app.id).unwrap().federated[0].clone();
    let again = session
        .execute(by_id(app_credential("main", "other", None)))
        .unwrap_err();
    assert_eq!(
        (again.code.as_str(), again.message.as_str()),
        (
            "Request_MultipleObjectsWithSameKeyValue",
            "FederatedIdentityCredential with name main already exists."
        )
    );
    let twin = session
        .execute(by_id(app_credential("twin", MAIN, None)))
        .unwrap_err();
    assert_eq!(twin.code, "InvalidFederatedIdentityCredentialValue");
    assert!(twin
        .message
        .starts_with("The combination of issuer and subject must be unique for the application."));
    // An update by ID keeps the ID and the name; the subject changes.
    let update = by_id(app_credential(
        "ignored",
        "repo:contoso/app:environment:prod",
        Some(&credential.id.to_string()),
    ));
    session.execute(update).expect("update");
    let updated = &session.world().applications.get(&app.id).unwrap().federated[0];
    assert_eq!(
        (updated.id, updated.credential.name.as_str()),
        (credential.id, "main")
    );
    assert_eq!(
        updated.credential.subject,
        "repo:contoso/app:environment:prod"
    );
    // No service principal in the tenant yet: Entra ID can't issue the app's token.
    let client = app.app_id.to_string();
    let missing = session
        .execute(exchange(&client, "repo:contoso/app:environment:prod"))
        .unwrap_err();
    assert!(missing.message.starts_with("AADSTS7000229"), "{missing}");
    session
        .execute(Command::CreateServicePrincipal {
            app_id: client.clone(),
        })
        .expect("sp");
    let mismatch = session.execute(exchange(&client, MAIN)).unwrap_err();
    assert!(mismatch.message.starts_with("AADSTS70021"), "{mismatch}");
    let events = session
        .execute(exchange(&client, "repo:contoso/app:environment:prod"))
        .expect("the exchange");
    let Some(model::Event::TokenIssued { token }) = events.first() else {
        panic!("{events:?}");
    };
    let sp = session
        .world()
        .service_principals
        .values()
        .find(|sp| sp.app_id == app.app_id)
        .unwrap();
    assert_eq!((token.principal_id, token.client_id), (sp.id, app.app_id));
    let claims = model::json::token_claims(token);
    assert!(
        claims.get("xms_mirid").is_none(),
        "an app's token names no managed identity"
    );
    // Deleted with the app, restored with it.
    session
        .execute(Command::DeleteApplication { id: client.clone() })
        .expect("delete");
    session
        .execute(Command::RestoreDeletedItem {
            id: app.id.to_string(),
        })
        .expect("restore");
    assert_eq!(
        session
            .world()
            .applications
            .get(&app.id)
            .unwrap()
            .federated
            .len(),
        1
    );
    session
        .execute(Command::DeleteAppFederatedCredential {
            app: client.clone(),
            credential: "MAIN".into(),
        })
        .expect("delete by name, any case");
    assert!(session
        .world()
        .applications
        .get(&app.id)
        .unwrap()
        .federated
        .is_empty());
    let gone = session
        .execute(Command::DeleteAppFederatedCredential {
            app: client,
            credential: "main".into(),
        })
        .unwrap_err();
    assert_eq!(gone.code, "Request_ResourceNotFound");
}
