//! A quick end-to-end pass: the tutorial's VM story through a session.

use model::*;

#[test]
fn a_vm_with_a_system_identity_gets_a_role_then_loses_everything_with_its_group() {
    let mut session = Session::new(42);
    session
        .execute(Command::CreateResourceGroup {
            name: "rg1".into(),
            location: "westeurope".into(),
        })
        .unwrap();
    let events = session
        .execute(Command::CreateResource {
            kind: ResourceKind::VirtualMachine,
            group: "rg1".into(),
            name: "vm1".into(),
            location: None,
            identity: IdentitySelection::system(),
            grant: None,
            options: ResourceOptions::default(),
        })
        .unwrap();
    assert_eq!(events.len(), 3);
    let principal = session
        .world()
        .resource(ResourceKind::VirtualMachine, "RG1", "VM1")
        .unwrap()
        .identity
        .system
        .unwrap()
        .principal_id;
    let scope = session.world().group("rg1").unwrap().id.clone();
    session
        .execute(Command::CreateRoleAssignment {
            assignee: principal.to_string(),
            role: "reader".into(),
            scope: scope.clone(),
        })
        .unwrap();
    let events = session
        .execute(Command::DeleteResourceGroup { name: "rg1".into() })
        .unwrap();
    for event in &events {
        println!("{}", event.explain());
    }
    assert!(session.world().service_principals.is_empty());
    assert!(session.world().role_assignments.is_empty());
    assert!(session.undo());
    assert_eq!(session.world().role_assignments.len(), 1);
    let saved = session.to_json();
    let loaded = Session::from_json(&saved).unwrap();
    assert_eq!(loaded.world(), session.world());
}
