//! Goals: what a lesson step asks for, as data, and the check of a goal against the model's world.

use model::{ResourceKind, World};
use serde::{Deserialize, Serialize};

/// A resource as a lesson names it: kind, group and name (compared case-insensitively, as Azure does).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceRef {
    pub kind: ResourceKind,
    pub group: String,
    pub name: String,
}

/// A principal as a lesson names it: through the identity that owns it, never by GUID, because
/// GUIDs depend on the learner's session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PrincipalRef {
    /// The system-assigned identity of a resource.
    SystemIdentityOf(ResourceRef),
    /// A user-assigned identity, by group and name.
    UserIdentity { group: String, name: String },
}

/// A scope as a lesson names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ScopeRef {
    Subscription,
    Group(String),
    Resource(ResourceRef),
}

/// One thing the world must show for a step to be done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "goal", rename_all = "snake_case", deny_unknown_fields)]
pub enum Goal {
    /// A resource group with this name exists.
    GroupExists { group: String },
    /// The resource exists (`present: true`) or is gone (`present: false`).
    Resource {
        #[serde(flatten)]
        resource: ResourceRef,
        present: bool,
    },
    /// The resource's system-assigned identity is enabled or not.
    SystemIdentity {
        #[serde(flatten)]
        resource: ResourceRef,
        enabled: bool,
    },
    /// The user-assigned identity exists or not.
    UserIdentity {
        group: String,
        name: String,
        present: bool,
    },
    /// The resource lists the user-assigned identity (live or dangling) in its identity block.
    UserIdentityAttached {
        #[serde(flatten)]
        resource: ResourceRef,
        identity: String,
    },
    /// A service principal of type ManagedIdentity with this display name is in the directory, or not.
    ManagedIdentityServicePrincipal { display_name: String, present: bool },
    /// The principal holds the role at exactly this scope.
    RoleAssigned {
        principal: PrincipalRef,
        role: String,
        scope: ScopeRef,
    },
    /// At least one role assignment is orphaned (its principal was deleted), or none is.
    OrphanedAssignments { present: bool },
    /// An app registration with this display name exists; `multi_tenant` checks its audience too.
    AppRegistered {
        display_name: String,
        multi_tenant: Option<bool>,
    },
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Goal {
    /// Whether the world shows what the goal asks for. Never panics, whatever the names.
    pub fn is_met(&self, world: &World) -> bool {
        match self {
            Goal::GroupExists { group } => world.group(group).is_some(),
            Goal::Resource { resource, present } => find(world, resource).is_some() == *present,
            Goal::SystemIdentity { resource, enabled } => find(world, resource)
                .is_some_and(|found| found.identity.system.is_some() == *enabled),
            Goal::UserIdentity {
                group,
                name,
                present,
            } => world.user_identity(group, name).is_some() == *present,
            Goal::UserIdentityAttached { resource, identity } => {
                find(world, resource).is_some_and(|found| {
                    found.identity.user.values().any(|reference| {
                        reference
                            .id
                            .rsplit('/')
                            .next()
                            .is_some_and(|name| same(name, identity))
                    })
                })
            }
            Goal::ManagedIdentityServicePrincipal {
                display_name,
                present,
            } => {
                let found = world
                    .service_principals_named(display_name)
                    .into_iter()
                    .any(|sp| sp.is_managed_identity());
                found == *present
            }
            Goal::RoleAssigned {
                principal,
                role,
                scope,
            } => {
                let (Some(principal_id), Some(scope_id)) =
                    (principal_id(world, principal), scope_id(world, scope))
                else {
                    return false;
                };
                let Some(definition) = model::roles::role_by_name(role) else {
                    return false;
                };
                world.role_assignments.values().any(|assignment| {
                    assignment.principal_id == principal_id
                        && assignment.role == definition.guid
                        && same(&assignment.scope, &scope_id)
                })
            }
            Goal::OrphanedAssignments { present } => {
                model::query::orphaned_assignments(world).is_empty() != *present
            }
            Goal::AppRegistered {
                display_name,
                multi_tenant,
            } => world.applications.values().any(|app| {
                same(&app.display_name, display_name)
                    && multi_tenant.is_none_or(|multi| {
                        (app.audience == model::SignInAudience::AzureAdMultipleOrgs) == multi
                    })
            }),
        }
    }
}

fn find<'w>(world: &'w World, resource: &ResourceRef) -> Option<&'w model::Resource> {
    world.resource(resource.kind, &resource.group, &resource.name)
}

fn principal_id(world: &World, principal: &PrincipalRef) -> Option<model::ObjectId> {
    match principal {
        PrincipalRef::SystemIdentityOf(resource) => find(world, resource)?
            .identity
            .system
            .as_ref()
            .map(|system| system.principal_id),
        PrincipalRef::UserIdentity { group, name } => world
            .user_identity(group, name)
            .map(|identity| identity.principal_id),
    }
}

fn scope_id(world: &World, scope: &ScopeRef) -> Option<String> {
    match scope {
        ScopeRef::Subscription => Some(world.subscription().scope()),
        ScopeRef::Group(group) => world.group(group).map(|found| found.id.clone()),
        ScopeRef::Resource(resource) => find(world, resource).map(|found| found.id.clone()),
    }
}
