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
