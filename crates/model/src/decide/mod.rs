//! Every rule of the model: a command and the world in, the events it causes (or Azure's refusal) out.
//!
//! This file holds the decision itself, its lookups and the cascade every deletion shares; the
//! rules of each area are in the files beside it (resources, identities, role assignments,
//! the directory, the data plane and tokens). The rules are written in `docs/azure-rules.md`.

mod app_service;
mod assignments;
mod data;
mod directory;
mod identities;
mod resources;

pub use assignments::resolve_role;
pub(crate) use assignments::resolve_scope;
use assignments::{role_assignment_exists, role_name, Assignee};
pub use directory::find_app_credential;

use crate::clock::Timestamp;
use crate::command::{
    AssignmentSelector, Command, IdentitySelection, PolicyPermissions, PolicyPrincipal,
    ResourceKind, ResourceOptions, RoleGrant, SignInAudience, Tags, TokenSelector,
};
use crate::error::CommandError;
use crate::event::{AssignmentRemoval, Event, PrincipalRemoval, Removal};
use crate::ids::{AppId, ArmKey, Guid, IdGenerator, ObjectId, SubscriptionId, TenantId};
use crate::names;
use crate::query;
use crate::roles::{self, RoleDefinition};
use crate::sorted_map::SortedMap;
use crate::world::{
    user_identity_reference_id, AccessPolicy, AppFederatedCredential, Application, BlobContainer,
    KeyCredential, PasswordCredential, PrincipalKind, Resource, ResourceGroup, ResourceIdentity,
    RoleAssignment, ServicePrincipal, SignIn, Token, UserIdentity, UserIdentityRef, VaultSecret,
    World,
};

/// The most user-assigned identities one request may attach (docs/azure-rules.md R6).
pub const MAX_USER_IDENTITIES_PER_REQUEST: usize = 150;
/// How long a managed identity's token lives, in seconds (`expires_in`, docs/azure-rules.md T5).
pub const TOKEN_LIFETIME_SECONDS: i64 = 86_399;
/// Seconds a token from Microsoft Entra ID's token endpoint lives (an exchanged one): about an hour.
pub const ENTRA_TOKEN_SECONDS: i64 = 3_599;
/// How long soft-deleted applications and service principals stay restorable (docs/azure-rules.md R15).
pub const SOFT_DELETE_RETENTION_SECONDS: i64 = 30 * 86_400;

/// Whether something soft-deleted at `deleted` can still be restored by a command decided at
/// `now` (docs/azure-rules.md R15: the recycle bin keeps it 30 days).
pub fn restorable_at(now: Timestamp, deleted: Timestamp) -> bool {
    now.0 - deleted.0 <= SOFT_DELETE_RETENTION_SECONDS
}

/// Decides what a command does to the world. Holds every rule; never panics; never changes the
/// world (it only reads it), so a refused command leaves it exactly as it was.
pub fn decide(world: &World, command: &Command) -> Result<Vec<Event>, CommandError> {
    let mut decision = Decision::new(world);
    decision.run(command)?;
    Ok(decision.events)
}

/// The resource an identity operation targets, possibly not yet in the world (during a create).
struct Target {
    id: String,
    kind: ResourceKind,
    name: String,
    group: String,
    subscription_id: SubscriptionId,
}

/// The working state of one decision: the world as it was, a copy of its ID generator, the time
/// of this command, the events so far, and what the cascade must still settle.
struct Decision<'w> {
    world: &'w World,
    ids: IdGenerator,
    now: Timestamp,
    events: Vec<Event>,
    /// Principals deleted by this command, with their display names.
    gone_principals: SortedMap<ObjectId, String>,
    /// Scopes deleted by this command, with their IDs as typed.
    gone_scopes: Vec<(ArmKey, String)>,
}

impl<'w> Decision<'w> {
    fn new(world: &'w World) -> Self {
        Self {
            world,
            ids: world.ids,
            // docs/azure-rules.md M15: a command at the end of time is recorded at its last second.
            now: world
                .clock
                .plus_seconds(Timestamp::STEP_SECONDS)
                .min(Timestamp::MAX),
            events: Vec::new(),
            gone_principals: SortedMap::new(),
            gone_scopes: Vec::new(),
        }
    }

    fn run(&mut self, command: &Command) -> Result<(), CommandError> {
        match command {
            Command::CreateResourceGroup {
                name,
                location,
                tags,
            } => self.create_group(name, location, tags),
            Command::UpdateResourceGroup { name, tags } => self.update_group_tags(name, tags),
            Command::DeleteResourceGroup { name } => self.delete_group(name),
            Command::CreateResource {
                kind,
                group,
                name,
                location,
                identity,
                grant,
                options,
            } => self.create_resource(
                *kind,
                group,
                name,
                location.as_deref(),
                identity,
                grant.as_ref(),
                options,
            ),
            Command::DeleteResource { kind, group, name } => {
                self.delete_resource(*kind, group, name, false)
            }
            Command::DeleteWebAppKeepingPlan { group, name } => {
                self.delete_resource(ResourceKind::WebApp, group, name, true)
            }
            Command::AssignIdentity {
                kind,
                group,
                name,
                identity,
                grant,
            } => self.assign_identity(*kind, group, name, identity, grant.as_ref()),
            Command::RemoveIdentity {
                kind,
                group,
                name,
                identity,
            } => self.remove_identities(*kind, group, name, identity),
            Command::CreateUserIdentity {
                group,
                name,
                location,
                tags,
            } => self.create_user_identity(group, name, location.as_deref(), tags),
            Command::DeleteUserIdentity { group, name } => self.delete_user_identity(group, name),
            Command::SetFederatedCredential {
                group,
                identity,
                name,
                issuer,
                subject,
                audiences,
                update,
            } => self.set_federated_credential(
                group, identity, name, issuer, subject, audiences, *update,
            ),
            Command::SetAppFederatedCredential {
                app,
                update,
                name,
                issuer,
                subject,
                audiences,
                description,
            } => self.set_app_federated_credential(
                app,
                update.as_deref(),
                name,
                issuer,
                subject,
                audiences,
                description.as_deref(),
            ),
            Command::DeleteAppFederatedCredential { app, credential } => {
                self.delete_app_federated_credential(app, credential)
            }
            Command::DeleteFederatedCredential {
                group,
                identity,
                name,
            } => self.delete_federated_credential(group, identity, name),
            Command::CreateRoleAssignment {
                assignee,
                role,
                scope,
            } => self.create_role_assignment(None, Assignee::Lookup(assignee), role, scope),
            Command::CreateRoleAssignmentWithName {
                name,
                assignee,
                role,
                scope,
            } => self.create_role_assignment(Some(name), Assignee::Lookup(assignee), role, scope),
            Command::CreateRoleAssignmentByObjectId {
                name,
                object_id,
                principal_type,
                role,
                scope,
            } => self.create_role_assignment(
                name.as_ref(),
                Assignee::ObjectId {
                    object_id,
                    principal_type: principal_type.as_deref(),
                },
                role,
                scope,
            ),
            Command::DeleteRoleAssignment { selector } => self.delete_role_assignments(selector),
            Command::CreateApplication {
                display_name,
                audience,
            } => self.create_application(display_name, *audience),
            Command::DeleteApplication { id } => self.delete_application(id),
            Command::AddApplicationSecret {
                id,
                display_name,
                years,
                append,
            } => self.add_secret_credential(id, display_name.as_deref(), *years, *append),
            Command::AddApplicationCertificate {
                id,
                display_name,
                years,
                append,
            } => self.add_certificate_credential(id, display_name.as_deref(), *years, *append),
            Command::CreateServicePrincipal { app_id } => self.create_service_principal(app_id),
            Command::DeleteServicePrincipal { id } => self.delete_service_principal(id),
            Command::RestoreDeletedItem { id } => self.restore_deleted_item(id),
            Command::SetSecret { vault, name, value } => self.set_secret(vault, name, value),
            Command::SetAccessPolicy {
                vault,
                group,
                principal,
                permissions,
            } => self.set_access_policy(vault, group.as_deref(), principal, permissions),
            Command::DeleteAccessPolicy {
                vault,
                group,
                principal,
            } => self.delete_access_policy(vault, group.as_deref(), principal),
            Command::CreateBlobContainer { account, name } => self.create_container(account, name),
            Command::SetSubscription { subscription } => self.set_subscription(subscription),
            Command::RequestToken {
                kind,
                group,
                name,
                audience,
                selector,
            } => self.request_token(*kind, group, name, audience, selector.as_ref()),
            Command::ExchangeFederatedToken {
                client_id,
                issuer,
                subject,
                audience,
                scope,
            } => self.exchange_federated_token(client_id, issuer, subject, audience, scope),
            Command::SetIdentityType {
                kind,
                group,
                name,
                identity_type,
                clear_user_assigned,
            } => self.set_identity_type(*kind, group, name, identity_type, *clear_user_assigned),
            Command::Reset => {
                self.events.push(Event::WorldReset);
                Ok(())
            }
            Command::AdvanceClock { minutes } => self.advance_clock(*minutes),
        }
    }

    /// docs/azure-rules.md M15: time passes up to the last second of the year 9999, and no further.
    fn advance_clock(&mut self, minutes: u32) -> Result<(), CommandError> {
        let clock = self.world.clock;
        let to = clock.plus_seconds(i64::from(minutes) * 60);
        if to > Timestamp::MAX {
            return Err(CommandError::cli(format!(
                "The playground's clock stops at {}, the latest time the Azure CLI can show (Python's datetime ends with the year 9999). It is {clock} now, so at most {} more minutes can pass.",
                Timestamp::MAX,
                (Timestamp::MAX.0 - clock.0) / 60
            )));
        }
        if minutes > 0 {
            self.events.push(Event::ClockAdvanced { to });
        }
        Ok(())
    }

    /// docs/azure-rules.md M16: a create of what exists is a PUT, which replaces its tags (no
    /// event when they stay the same).
    pub(super) fn replace_tags(&mut self, id: &str, name: &str, current: &Tags, tags: &Tags) {
        if current != tags {
            self.events.push(Event::TagsReplaced {
                id: id.to_string(),
                name: name.to_string(),
                tags: tags.clone(),
            });
        }
    }

    pub(super) fn tenant(&self) -> TenantId {
        self.world.tenant_id()
    }

    pub(super) fn require_group(&self, name: &str) -> Result<&'w ResourceGroup, CommandError> {
        self.world
            .group(name)
            .ok_or_else(|| CommandError::resource_group_not_found(name))
    }

    pub(super) fn require_resource(
        &self,
        kind: ResourceKind,
        group: &str,
        name: &str,
    ) -> Result<&'w Resource, CommandError> {
        self.require_group(group)?;
        self.world
            .resource(kind, group, name)
            .ok_or_else(|| CommandError::resource_not_found(kind.arm_type(), name, group))
    }

    pub(super) fn require_identity_capable(&self, kind: ResourceKind) -> Result<(), CommandError> {
        if kind.can_hold_identity() {
            return Ok(());
        }
        Err(CommandError::cli(format!(
            "The playground models a {} as a target that holds data: it has no managed identity to enable here.",
            kind.noun()
        ))
        .with_hint("Give an identity to the resource that runs code (a VM, a web app, a function app...) and grant that identity a role on this one."))
    }

    pub(super) fn tenant_of(&self, subscription: SubscriptionId) -> TenantId {
        self.world
            .subscriptions
            .get(&subscription)
            .map(|s| s.tenant_id)
            .unwrap_or_else(|| self.tenant())
    }

    /// A resource goes, and with it its system-assigned identity's SP (docs/azure-rules.md R2). User-assigned
    /// identities it used stay (docs/azure-rules.md R7).
    pub(super) fn resource_deleted(&mut self, resource: &Resource, reason: Removal) {
        self.events.push(Event::ResourceDeleted {
            kind: resource.kind,
            id: resource.id.clone(),
            name: resource.name.clone(),
            reason,
        });
        if let Some(system) = resource.identity.system {
            self.principal_deleted(
                system.principal_id,
                PrincipalRemoval::ResourceDeleted {
                    kind: resource.kind,
                    name: resource.name.clone(),
                },
            );
        }
        self.gone_scopes
            .push((ArmKey::of(&resource.id), resource.id.clone()));
    }

    /// A managed identity's SP goes (hard delete: there is no recycle bin for them).
    pub(super) fn principal_deleted(&mut self, id: ObjectId, reason: PrincipalRemoval) {
        if let Some(principal) = self.world.service_principal(id) {
            let soft = !principal.is_managed_identity();
            self.events.push(Event::ServicePrincipalDeleted {
                id,
                display_name: principal.display_name.clone(),
                type_name: principal.type_name().to_string(),
                reason,
                soft,
                at: self.now,
            });
            self.gone_principals
                .insert(id, principal.display_name.clone());
        }
    }

    /// docs/azure-rules.md R11 and R12, after a cascade: assignments whose scope went are deleted with it;
    /// assignments whose principal went stay, orphaned.
    pub(super) fn settle_assignments(&mut self) {
        let world = self.world;
        for assignment in world.role_assignments.values() {
            let key = assignment.scope_key();
            let role_name = role_name(assignment.role);
            if let Some((_, scope_id)) = self
                .gone_scopes
                .iter()
                .find(|(scope, _)| key.is_within(scope))
            {
                self.events.push(Event::RoleAssignmentDeleted {
                    name: assignment.name,
                    id: assignment.id(),
                    role_name,
                    reason: AssignmentRemoval::ScopeDeleted(scope_id.clone()),
                });
            } else if let Some(principal_name) = self.gone_principals.get(&assignment.principal_id)
            {
                self.events.push(Event::RoleAssignmentOrphaned {
                    name: assignment.name,
                    id: assignment.id(),
                    role_name,
                    principal_id: assignment.principal_id,
                    principal_name: principal_name.clone(),
                });
            }
        }
    }
}

fn target_of(resource: &Resource) -> Target {
    Target {
        id: resource.id.clone(),
        kind: resource.kind,
        name: resource.name.clone(),
        group: resource.group.clone(),
        subscription_id: resource.subscription_id,
    }
}
