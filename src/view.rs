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
