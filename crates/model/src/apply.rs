//! Folding events into the world: infallible, no validation, no rules (those live in `decide`).

use crate::event::Event;
use crate::ids::ArmKey;
use crate::world::{Deleted, World};

/// Applies one event. Never fails and never checks anything: `decide` already did.
pub fn apply(world: &mut World, event: &Event) {
    // The generator advances by what the event declares it drew, so a replay of the same events
    // leaves it exactly where `decide` left its copy.
    world.ids.draws += event.generator_draws();
    match event {
        Event::ResourceGroupCreated { group } => {
            world.clock = world.clock.max(group.created);
            world.groups.insert(ArmKey::of(&group.id), group.clone());
        }
        Event::ResourceGroupDeleted { id, .. } => {
            world.groups.remove(&ArmKey::of(id));
        }
        Event::ResourceCreated { resource } => {
            world.clock = world.clock.max(resource.created);
            world
                .resources
                .insert(ArmKey::of(&resource.id), (**resource).clone());
        }
        Event::ResourceDeleted { id, .. } => {
            world.resources.remove(&ArmKey::of(id));
        }
        Event::SystemIdentityEnabled {
            resource_id,
            principal_id,
            tenant_id,
            ..
        } => {
            if let Some(resource) = world.resources.get_mut(&ArmKey::of(resource_id)) {
                resource.identity.system = Some(crate::world::SystemIdentity {
                    principal_id: *principal_id,
                    tenant_id: *tenant_id,
                });
            }
        }
        Event::SystemIdentityDisabled { resource_id, .. } => {
            if let Some(resource) = world.resources.get_mut(&ArmKey::of(resource_id)) {
                resource.identity.system = None;
            }
        }
        Event::UserIdentityCreated { identity } => {
            world.clock = world.clock.max(identity.created);
            world
                .user_identities
                .insert(ArmKey::of(&identity.id), identity.clone());
        }
        Event::UserIdentityDeleted { id, .. } => {
            world.user_identities.remove(&ArmKey::of(id));
        }
        Event::FederatedCredentialSet {
            identity_id,
            credential,
            ..
        } => {
            if let Some(identity) = world.user_identities.get_mut(&ArmKey::of(identity_id)) {
                match identity
                    .federated
                    .iter_mut()
                    .find(|c| c.name == credential.name)
                {
                    Some(kept) => *kept = credential.clone(),
                    None => identity.federated.push(credential.clone()),
                }
            }
        }
        Event::AppFederatedCredentialSet {
            app, credential, ..
        } => {
            if let Some(app) = world.applications.get_mut(app) {
                match app.federated.iter_mut().find(|c| c.id == credential.id) {
                    Some(existing) => *existing = credential.clone(),
                    None => app.federated.push(credential.clone()),
                }
            }
        }
        Event::AppFederatedCredentialDeleted { app, name, .. } => {
            if let Some(app) = world.applications.get_mut(app) {
                app.federated.retain(|c| c.credential.name != *name);
            }
        }
        Event::FederatedCredentialDeleted {
            identity_id, name, ..
        } => {
            if let Some(identity) = world.user_identities.get_mut(&ArmKey::of(identity_id)) {
                identity.federated.retain(|c| c.name != *name);
            }
        }
        Event::UserIdentityAssigned {
            resource_id,
            reference,
            ..
        } => {
            if let Some(resource) = world.resources.get_mut(&ArmKey::of(resource_id)) {
                resource
                    .identity
                    .user
                    .insert(ArmKey::of(&reference.id), reference.clone());
            }
        }
        Event::UserIdentityUnassigned {
            resource_id,
            identity_id,
            ..
        } => {
            if let Some(resource) = world.resources.get_mut(&ArmKey::of(resource_id)) {
                resource.identity.user.remove(&ArmKey::of(identity_id));
            }
        }
        Event::ServicePrincipalCreated { principal } => {
            world.clock = world.clock.max(principal.created);
            world
                .service_principals
                .insert(principal.id, principal.clone());
        }
        Event::ServicePrincipalDeleted { id, soft, at, .. } => {
            world.clock = world.clock.max(*at);
            if let Some(principal) = world.service_principals.remove(id) {
                if *soft {
                    world.deleted_service_principals.insert(
                        *id,
                        Deleted {
                            item: principal,
                            deleted: *at,
                        },
                    );
                }
            }
        }
        Event::ServicePrincipalRestored { id, .. } => {
            if let Some(deleted) = world.deleted_service_principals.remove(id) {
                world.service_principals.insert(*id, deleted.item);
            }
        }
        Event::RoleAssignmentCreated { assignment, .. } => {
            world.clock = world.clock.max(assignment.created);
            world
                .role_assignments
                .insert(assignment.name, assignment.clone());
        }
        Event::RoleAssignmentDeleted { name, .. } => {
            world.role_assignments.remove(name);
        }
        // Orphanhood is derived from the directory (the principal is gone), so restoring a
        // soft-deleted principal heals its assignments without another event.
        Event::RoleAssignmentOrphaned { .. } => {}
        Event::ApplicationCreated { application } => {
            world.clock = world.clock.max(application.created);
            world
                .applications
                .insert(application.id, application.clone());
        }
        Event::ApplicationDeleted { id, at, .. } => {
            world.clock = world.clock.max(*at);
            if let Some(application) = world.applications.remove(id) {
                world.deleted_applications.insert(
                    *id,
                    Deleted {
                        item: application,
                        deleted: *at,
                    },
                );
            }
        }
        Event::ApplicationRestored { id, .. } => {
            if let Some(deleted) = world.deleted_applications.remove(id) {
                world.applications.insert(*id, deleted.item);
            }
        }
        Event::ApplicationSecretAdded {
            application,
            credential,
            ..
        } => {
            world.clock = world.clock.max(credential.start);
            if let Some(app) = world.applications.get_mut(application) {
                app.passwords.push(credential.clone());
            }
        }
        Event::ApplicationCredentialsRemoved {
            application,
            passwords,
            certificates,
            ..
        } => {
            if let Some(app) = world.applications.get_mut(application) {
                app.passwords.retain(|c| !passwords.contains(&c.key_id));
                app.keys.retain(|c| !certificates.contains(&c.key_id));
            }
        }
        Event::ApplicationCertificateAdded {
            application,
            credential,
            ..
        } => {
            world.clock = world.clock.max(credential.start);
            if let Some(app) = world.applications.get_mut(application) {
                app.keys.push(credential.clone());
            }
        }
        Event::SecretSet {
            vault_id, secret, ..
        } => {
            world.clock = world.clock.max(secret.updated);
            if let Some(vault) = world.resources.get_mut(&ArmKey::of(vault_id)) {
                vault
                    .secrets
                    .insert(secret.name.to_ascii_lowercase(), secret.clone());
            }
        }
        Event::AccessPolicySet {
            vault_id, policy, ..
        } => {
            if let Some(vault) = world.resources.get_mut(&ArmKey::of(vault_id)) {
                match vault
                    .access_policies
                    .iter_mut()
                    .find(|p| p.object_id == policy.object_id && p.tenant_id == policy.tenant_id)
                {
                    Some(existing) => *existing = policy.clone(),
                    None => vault.access_policies.push(policy.clone()),
                }
            }
        }
        Event::AccessPolicyDeleted {
            vault_id,
            object_id,
            ..
        } => {
            if let Some(vault) = world.resources.get_mut(&ArmKey::of(vault_id)) {
                vault.access_policies.retain(|p| p.object_id != *object_id);
            }
        }
        Event::BlobContainerCreated {
            account_id,
            container,
            ..
        } => {
            world.clock = world.clock.max(container.created);
            if let Some(account) = world.resources.get_mut(&ArmKey::of(account_id)) {
                account
                    .containers
                    .insert(container.name.clone(), container.clone());
            }
        }
        Event::SubscriptionSelected { subscription, .. } => {
            world.current_subscription = *subscription;
        }
        Event::TokenIssued { token } => {
            world.clock = world.clock.max(token.issued);
            world.tokens.insert(token.id, token.clone());
        }
        Event::SignInRecorded { sign_in } => {
            world.clock = world.clock.max(sign_in.time);
            world.sign_ins.push(sign_in.clone());
        }
        Event::WorldReset => *world = World::new(world.seed),
        Event::ClockAdvanced { to } => {
            world.clock = world.clock.max(*to);
        }
        Event::TagsReplaced { id, tags, .. } => {
            let key = ArmKey::of(id);
            if let Some(group) = world.groups.get_mut(&key) {
                group.tags = tags.clone();
            } else if let Some(resource) = world.resources.get_mut(&key) {
                resource.options.tags = tags.clone();
            } else if let Some(identity) = world.user_identities.get_mut(&key) {
                identity.tags = tags.clone();
            }
        }
    }
}

/// Applies events in order.
pub fn apply_all<'a>(world: &mut World, events: impl IntoIterator<Item = &'a Event>) {
    for event in events {
        apply(world, event);
    }
}
