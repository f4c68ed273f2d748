//! What the views show, derived from the world and the log: the inspected object's JSON, the activity log's rows, and the words for states and kinds.

use model::{json, Event, LogEntry, PrincipalKind, ServicePrincipal, Timestamp, Value, World};

use crate::state::Selection;

/// The selected object's JSON, exactly as Azure prints it, or `None` if it no longer exists.
pub fn selection_json(world: &World, selection: &Selection) -> Option<Value> {
    match selection {
        Selection::Group(key) => world.groups.get(key).map(json::resource_group),
        Selection::Resource(key) => world.resources.get(key).map(|r| json::resource(world, r)),
        Selection::UserIdentity(key) => world.user_identities.get(key).map(json::user_identity),
        Selection::Principal(id) => world
            .service_principals
            .get(id)
            .map(|sp| json::service_principal(sp, true)),
        Selection::User(id) => world.users.get(id).map(|user| json::user(user, true)),
        Selection::Application(id) => world
            .applications
            .get(id)
            .map(|app| json::application(world, app, true)),
        Selection::Assignment(name) => world
            .role_assignments
            .get(name)
            .map(|a| json::role_assignment(world, a, false)),
        Selection::Token(id) => world.tokens.get(id).map(json::token_claims),
    }
}

/// When an event happened on the model's clock, if it carries its time.
pub fn event_time(event: &Event) -> Option<Timestamp> {
    Some(match event {
        Event::ResourceGroupCreated { group } => group.created,
        Event::ResourceCreated { resource } => resource.created,
        Event::UserIdentityCreated { identity } => identity.created,
        Event::ServicePrincipalCreated { principal } => principal.created,
        Event::ServicePrincipalDeleted { at, .. } => *at,
        Event::RoleAssignmentCreated { assignment, .. } => assignment.created,
        Event::ApplicationCreated { application } => application.created,
        Event::ApplicationDeleted { at, .. } => *at,
        Event::ApplicationSecretAdded { credential, .. } => credential.start,
        Event::ApplicationCertificateAdded { credential, .. } => credential.start,
        Event::SecretSet { secret, .. } => secret.updated,
        Event::BlobContainerCreated { container, .. } => container.created,
        Event::TokenIssued { token } => token.issued,
        Event::SignInRecorded { sign_in } => sign_in.time,
        Event::ClockAdvanced { to } => *to,
        _ => return None,
    })
}

/// One row of the activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// Its position in the log (1-based).
    pub number: usize,
    pub time: Timestamp,
    pub az_line: String,
    pub explanations: Vec<String>,
}

/// The newest `limit` entries of the log, newest first. An entry whose events carry no time (a
/// deletion) shows the model's clock as it was then.
pub fn activities(history: &[LogEntry], limit: usize) -> Vec<Activity> {
    let mut clock = Timestamp::START;
    let mut all = Vec::with_capacity(history.len());
    for (index, entry) in history.iter().enumerate() {
        for event in &entry.events {
            if let Some(time) = event_time(event) {
                clock = clock.max(time);
            }
        }
        all.push((index, clock));
    }
    all.into_iter()
        .rev()
        .take(limit)
        .map(|(index, time)| {
            let entry = &history[index];
            Activity {
                number: index + 1,
                time,
                az_line: console::to_cli(&entry.command),
                explanations: entry.events.iter().map(Event::explain).collect(),
            }
        })
        .collect()
}

/// The identity state the resources tree shows: "None", "System-assigned", "User-assigned ×2", or both.
pub fn identity_state(resource: &model::Resource) -> String {
    let users = resource.identity.user.len();
    match (resource.identity.system.is_some(), users) {
        (false, 0) => "None".into(),
        (true, 0) => "System-assigned".into(),
        (false, n) => format!("User-assigned ×{n}"),
        (true, n) => format!("System-assigned + User-assigned ×{n}"),
    }
}

/// The short type a learner reads for a principal.
pub fn principal_kind_label(sp: &ServicePrincipal) -> &'static str {
    match sp.kind {
        PrincipalKind::ManagedIdentity {
            user_assigned: true,
            ..
        } => "Managed identity (user-assigned)",
        PrincipalKind::ManagedIdentity { .. } => "Managed identity (system-assigned)",
        PrincipalKind::Application { .. } => "Application",
    }
}

/// Text cut to `max` characters for a notice or a console line: its start, then how much was left
/// out, so a runaway paste never fills the screen.
pub fn elide(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({} more characters)", count - max)
}

/// One thing the last change made appear or disappear, as the "what changed" strip shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Appeared (or came back) rather than went.
    pub appeared: bool,
    /// "virtual machine vm1", "service principal vm1 (ManagedIdentity)".
    pub what: String,
    /// Where to look at it, when it is still there.
    pub selection: Option<Selection>,
}

/// What a change's events made appear and disappear, in order, on both sides: Azure's resources
/// and Microsoft Entra ID's principals, applications and role assignments.
pub fn changes(events: &[Event]) -> Vec<Change> {
    use model::ArmKey;
    let on = |what: String, selection: Option<Selection>| Change {
        appeared: true,
        what,
        selection,
    };
    let off = |what: String| Change {
        appeared: false,
        what,
        selection: None,
    };
    let last = |id: &str| id.rsplit('/').next().unwrap_or(id).to_string();
    events
        .iter()
        .filter_map(|event| {
            Some(match event {
                Event::ResourceGroupCreated { group } => on(
                    format!("resource group {}", group.name),
                    Some(Selection::Group(ArmKey::of(&group.id))),
                ),
                Event::ResourceGroupDeleted { name, .. } => off(format!("resource group {name}")),
                Event::ResourceCreated { resource } => on(
                    format!("{} {}", resource.kind.noun(), resource.name),
                    Some(Selection::Resource(ArmKey::of(&resource.id))),
                ),
                Event::ResourceDeleted { kind, name, .. } => off(format!("{} {name}", kind.noun())),
                Event::UserIdentityCreated { identity } => on(
                    format!("user-assigned identity {}", identity.name),
                    Some(Selection::UserIdentity(ArmKey::of(&identity.id))),
                ),
                Event::UserIdentityDeleted { name, .. } => {
                    off(format!("user-assigned identity {name}"))
                }
                Event::UserIdentityAssigned {
                    resource_id,
                    resource_name,
                    identity_name,
                    ..
                } => on(
                    format!("{identity_name} attached to {resource_name}"),
                    Some(Selection::Resource(ArmKey::of(resource_id))),
                ),
                Event::UserIdentityUnassigned {
                    resource_name,
                    identity_id,
                    ..
                } => off(format!("{} on {resource_name}", last(identity_id))),
                Event::ServicePrincipalCreated { principal } => on(
                    format!(
                        "service principal {} ({})",
                        principal.display_name,
                        principal.type_name()
                    ),
                    Some(Selection::Principal(principal.id)),
                ),
                Event::ServicePrincipalDeleted {
                    display_name,
                    type_name,
                    ..
                } => off(format!("service principal {display_name} ({type_name})")),
                Event::ServicePrincipalRestored { id, display_name } => on(
                    format!("service principal {display_name}"),
                    Some(Selection::Principal(*id)),
                ),
                Event::RoleAssignmentCreated {
                    assignment,
                    role_name,
                    principal_name,
                } => on(
                    format!("{role_name} for {principal_name}"),
                    Some(Selection::Assignment(assignment.name)),
                ),
                Event::RoleAssignmentDeleted { role_name, .. } => {
                    off(format!("{role_name} role assignment"))
                }
                Event::RoleAssignmentOrphaned {
                    name,
                    role_name,
                    principal_name,
                    ..
                } => Change {
                    appeared: false,
                    what: format!("{principal_name}'s {role_name} assignment is now orphaned"),
                    selection: Some(Selection::Assignment(*name)),
                },
                Event::ApplicationCreated { application } => on(
                    format!("app registration {}", application.display_name),
                    Some(Selection::Application(application.id)),
                ),
                Event::ApplicationDeleted { display_name, .. } => {
                    off(format!("app registration {display_name}"))
                }
                Event::ApplicationRestored { id, display_name } => on(
                    format!("app registration {display_name}"),
                    Some(Selection::Application(*id)),
                ),
                Event::TokenIssued { token } => on(
                    format!("token for {}", token.audience),
                    Some(Selection::Token(token.id)),
                ),
                Event::SecretSet {
                    vault_name, secret, ..
                } => on(format!("secret {} in {vault_name}", secret.name), None),
                Event::BlobContainerCreated {
                    account_name,
                    container,
                    ..
                } => on(
                    format!("container {} in {account_name}", container.name),
                    None,
                ),
                Event::WorldReset => off("everything (reset)".to_string()),
                _ => return None,
            })
        })
        .collect()
}
