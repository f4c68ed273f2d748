//! Shared fixtures for the model's integration tests: a session built from commands, and short constructors.
#![allow(dead_code)]

use model::*;

/// A session in which every command of `given` was accepted.
pub fn given(commands: &[Command]) -> Session {
    given_with_seed(7, commands)
}

/// The same with a chosen seed.
pub fn given_with_seed(seed: u64, commands: &[Command]) -> Session {
    let mut session = Session::new(seed);
    for command in commands {
        if let Err(error) = session.execute(command.clone()) {
            panic!("the given command {command:?} was refused: {error}");
        }
    }
    session
}

/// Runs a command that must succeed.
pub fn ok(session: &mut Session, command: Command) -> Vec<Event> {
    match session.execute(command.clone()) {
        Ok(events) => events,
        Err(error) => panic!("{command:?} was refused: {error}"),
    }
}

/// Runs a token request Microsoft Entra ID must refuse: the command is accepted, its only change
/// is the failed sign-in in the log, at its time (docs/azure-rules.md T11), and the refusal is returned.
#[allow(dead_code)]
pub fn refused_sign_in(session: &mut Session, command: Command) -> CommandError {
    let mut before = session.world().clone();
    let events = match session.execute(command.clone()) {
        Ok(events) => events,
        Err(error) => panic!("{command:?} was refused without a sign-in: {error}"),
    };
    let [Event::SignInRecorded { sign_in }] = events.as_slice() else {
        panic!("{command:?} caused {events:?}, not one sign-in");
    };
    assert!(sign_in.token.is_none());
    before.sign_ins.push(sign_in.clone());
    before.ids.draws += 1;
    before.clock = before.clock.max(sign_in.time);
    assert_eq!(
        session.world(),
        &before,
        "a refused sign-in changed more than the log"
    );
    Event::refused_sign_in(&events).expect("a failed sign-in is a refusal")
}

/// Runs a command that must be refused, checking the world did not change.
pub fn refused(session: &mut Session, command: Command) -> CommandError {
    let before = session.world().clone();
    match session.execute(command.clone()) {
        Ok(events) => panic!("{command:?} was accepted: {events:?}"),
        Err(error) => {
            assert_eq!(
                session.world(),
                &before,
                "a refused command changed the world"
            );
            error
        }
    }
}

pub fn group(name: &str) -> Command {
    Command::CreateResourceGroup {
        name: name.into(),
        location: "westeurope".into(),
        tags: Vec::new(),
    }
}

/// A resource of any kind with Azure's defaults. Web and function apps run on the plan `plan`
/// of their group ([`plan`] creates it).
pub fn create(kind: ResourceKind, group: &str, name: &str, identity: IdentitySelection) -> Command {
    Command::CreateResource {
        kind,
        group: group.into(),
        name: name.into(),
        location: None,
        identity,
        grant: None,
        options: ResourceOptions {
            plan: kind.is_site().then(|| PLAN.to_string()),
            ..ResourceOptions::default()
        },
    }
}

/// The App Service plan [`create`] puts web and function apps on.
pub const PLAN: &str = "plan";

/// A Linux App Service plan named [`PLAN`] in `group`.
pub fn plan(group: &str) -> Command {
    create(
        ResourceKind::AppServicePlan,
        group,
        PLAN,
        IdentitySelection::none(),
    )
}

pub fn vm(group: &str, name: &str, identity: IdentitySelection) -> Command {
    create(ResourceKind::VirtualMachine, group, name, identity)
}

pub fn vault(group: &str, name: &str) -> Command {
    Command::CreateResource {
        kind: ResourceKind::KeyVault,
        group: group.into(),
        name: name.into(),
        location: None,
        identity: IdentitySelection::none(),
        grant: None,
        options: ResourceOptions {
            rbac_authorization: true,
            ..ResourceOptions::default()
        },
    }
}

pub fn uami(group: &str, name: &str) -> Command {
    Command::CreateUserIdentity {
        group: group.into(),
        name: name.into(),
        location: None,
        tags: Vec::new(),
    }
}

pub fn assign(kind: ResourceKind, group: &str, name: &str, identity: IdentitySelection) -> Command {
    Command::AssignIdentity {
        kind,
        group: group.into(),
        name: name.into(),
        identity,
        grant: None,
    }
}

pub fn remove(kind: ResourceKind, group: &str, name: &str, identity: IdentitySelection) -> Command {
    Command::RemoveIdentity {
        kind,
        group: group.into(),
        name: name.into(),
        identity,
    }
}

pub fn grant(assignee: impl ToString, role: &str, scope: &str) -> Command {
    Command::CreateRoleAssignment {
        assignee: assignee.to_string(),
        role: role.into(),
        scope: scope.into(),
    }
}

pub fn resource<'w>(world: &'w World, kind: ResourceKind, group: &str, name: &str) -> &'w Resource {
    match world.resource(kind, group, name) {
        Some(resource) => resource,
        None => panic!("no {kind:?} '{name}' in '{group}'"),
    }
}

pub fn system_principal(world: &World, kind: ResourceKind, group: &str, name: &str) -> ObjectId {
    match resource(world, kind, group, name).identity.system {
        Some(system) => system.principal_id,
        None => panic!("'{name}' has no system-assigned identity"),
    }
}

pub fn user_identity<'w>(world: &'w World, group: &str, name: &str) -> &'w UserIdentity {
    match world.user_identity(group, name) {
        Some(identity) => identity,
        None => panic!("no identity '{name}' in '{group}'"),
    }
}

pub fn group_id(world: &World, name: &str) -> String {
    match world.group(name) {
        Some(group) => group.id.clone(),
        None => panic!("no group '{name}'"),
    }
}

/// The names of the event variants, in order, for asserting cascades.
pub fn kinds(events: &[Event]) -> Vec<&'static str> {
    events
        .iter()
        .map(|event| match event {
            Event::ResourceGroupCreated { .. } => "ResourceGroupCreated",
            Event::ResourceGroupDeleted { .. } => "ResourceGroupDeleted",
            Event::ResourceCreated { .. } => "ResourceCreated",
            Event::ResourceDeleted { .. } => "ResourceDeleted",
            Event::SystemIdentityEnabled { .. } => "SystemIdentityEnabled",
            Event::SystemIdentityDisabled { .. } => "SystemIdentityDisabled",
            Event::UserIdentityCreated { .. } => "UserIdentityCreated",
            Event::UserIdentityDeleted { .. } => "UserIdentityDeleted",
            Event::FederatedCredentialSet { .. } => "FederatedCredentialSet",
            Event::FederatedCredentialDeleted { .. } => "FederatedCredentialDeleted",
            Event::UserIdentityAssigned { .. } => "UserIdentityAssigned",
            Event::UserIdentityUnassigned { .. } => "UserIdentityUnassigned",
            Event::ServicePrincipalCreated { .. } => "ServicePrincipalCreated",
            Event::ServicePrincipalDeleted { .. } => "ServicePrincipalDeleted",
            Event::ServicePrincipalRestored { .. } => "ServicePrincipalRestored",
            Event::RoleAssignmentCreated { .. } => "RoleAssignmentCreated",
            Event::RoleAssignmentDeleted { .. } => "RoleAssignmentDeleted",
            Event::RoleAssignmentOrphaned { .. } => "RoleAssignmentOrphaned",
            Event::ApplicationCreated { .. } => "ApplicationCreated",
            Event::ApplicationDeleted { .. } => "ApplicationDeleted",
            Event::ApplicationRestored { .. } => "ApplicationRestored",
            Event::ApplicationSecretAdded { .. } => "ApplicationSecretAdded",
            Event::ApplicationCredentialsRemoved { .. } => "ApplicationCredentialsRemoved",
            Event::ApplicationCertificateAdded { .. } => "ApplicationCertificateAdded",
            Event::SecretSet { .. } => "SecretSet",
            Event::BlobContainerCreated { .. } => "BlobContainerCreated",
            Event::AccessPolicySet { .. } => "AccessPolicySet",
            Event::AccessPolicyDeleted { .. } => "AccessPolicyDeleted",
            Event::SubscriptionSelected { .. } => "SubscriptionSelected",
            Event::TokenIssued { .. } => "TokenIssued",
            Event::SignInRecorded { .. } => "SignInRecorded",
            Event::AppFederatedCredentialSet { .. } => "AppFederatedCredentialSet",
            Event::AppFederatedCredentialDeleted { .. } => "AppFederatedCredentialDeleted",
            Event::ClockAdvanced { .. } => "ClockAdvanced",
            Event::WorldReset => "WorldReset",
            Event::TagsReplaced { .. } => "TagsReplaced",
        })
        .collect()
}

/// The signed-in learner grants themselves a role (by user principal name, as `--assignee` takes it).
pub fn grant_me(role: &str, scope: &str) -> Command {
    Command::CreateRoleAssignment {
        assignee: SIGNED_IN_USER.into(),
        role: role.into(),
        scope: scope.into(),
    }
}
