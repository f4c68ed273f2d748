//! Whether a goal holds: each predicate asked of the model's world, and of the events since the lesson's setup. Never panics, whatever the names.

use crate::events::facts as event_facts;
use crate::goal::{Answer, Caller, Check, Goal};
use crate::names::{ObjectRef, PrincipalRef, ResourceRef};
use model::query;
use model::{ArmKey, LogEntry, ObjectId, Resource, Token, World};

/// What goals are checked against: the world as it is, and the log entries (commands with their
/// events) the learner's session made since the lesson's setup.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    pub world: &'a World,
    pub entries: &'a [LogEntry],
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The name of an ARM ID's group (`…/resourceGroups/{rg}/…`), as written in the ID.
fn group_in_id(id: &str) -> &str {
    let mut parts = id.split('/');
    while let Some(part) = parts.next() {
        if part.eq_ignore_ascii_case("resourceGroups") {
            return parts.next().unwrap_or_default();
        }
    }
    ""
}

/// A resource by kind, group and name, in any subscription (the signed-in one first).
pub fn find_resource<'w>(world: &'w World, wanted: &ResourceRef) -> Option<&'w Resource> {
    world
        .resource(wanted.kind, &wanted.group, &wanted.name)
        .or_else(|| {
            world.resources.values().find(|r| {
                r.kind == wanted.kind
                    && same(&r.name, &wanted.name)
                    && same(&r.group, &wanted.group)
            })
        })
}

fn find_identity<'w>(world: &'w World, group: &str, name: &str) -> Option<&'w model::UserIdentity> {
    world.user_identity(group, name).or_else(|| {
        world
            .user_identities
            .values()
            .find(|i| same(&i.name, name) && same(&i.group, group))
    })
}

fn tenant_named(world: &World, name: &str) -> Option<model::TenantId> {
    world
        .tenants
        .values()
        .find(|tenant| same(&tenant.display_name, name))
        .map(|tenant| tenant.id)
}

/// The principal a reference names now, if there is one.
pub fn principal_id(world: &World, who: &PrincipalRef) -> Option<ObjectId> {
    match who {
        PrincipalRef::SystemIdentityOf(resource) => find_resource(world, resource)?
            .identity
            .system
            .map(|system| system.principal_id),
        PrincipalRef::Identity { group, name } => {
            find_identity(world, group, name).map(|identity| identity.principal_id)
        }
        PrincipalRef::ServicePrincipal { name, tenant } => {
            let tenant = match tenant {
                Some(tenant) => tenant_named(world, tenant)?,
                None => world.home_tenant,
            };
            world
                .service_principals
                .values()
                .find(|sp| sp.tenant_id == tenant && same(&sp.display_name, name))
                .map(|sp| sp.id)
        }
        PrincipalRef::User(name) => world
            .users
            .values()
            .find(|user| same(&user.user_principal_name, name))
            .map(|user| user.id),
    }
}

/// The ARM ID of a scope or target, if it exists now.
fn target_id(world: &World, object: &ObjectRef) -> Option<String> {
    match object {
        ObjectRef::Subscription(name) => world.find_subscription(name).map(|s| s.scope()),
        ObjectRef::Group(name) => world
            .group(name)
            .or_else(|| world.groups.values().find(|g| same(&g.name, name)))
            .map(|group| group.id.clone()),
        ObjectRef::Resource(resource) => find_resource(world, resource).map(|r| r.id.clone()),
        ObjectRef::Identity { group, name } => {
            find_identity(world, group, name).map(|identity| identity.reference_id())
        }
        ObjectRef::Secret { vault, name } => world
            .vault_named(vault)
            .map(|vault| format!("{}/secrets/{}", vault.id, name.trim())),
        _ => None,
    }
}

fn exists(world: &World, object: &ObjectRef) -> bool {
    match object {
        ObjectRef::ServicePrincipal {
            name,
            principal_type,
            tenant,
        } => {
            let tenant = match tenant {
                Some(tenant) => match tenant_named(world, tenant) {
                    Some(id) => Some(id),
                    None => return false,
                },
                None => None,
            };
            world.service_principals.values().any(|sp| {
                same(&sp.display_name, name)
                    && tenant.is_none_or(|t| sp.tenant_id == t)
                    && principal_type.is_none_or(|t| sp.type_name() == t.as_str())
            })
        }
        ObjectRef::App { name, multi_tenant } => world.applications.values().any(|app| {
            same(&app.display_name, name)
                && multi_tenant.is_none_or(|multi| {
                    (app.audience == model::SignInAudience::AzureAdMultipleOrgs) == multi
                })
        }),
        // Kept in the world after 30 days, but no longer listed nor restorable: gone for good.
        ObjectRef::DeletedApp(name) => world.deleted_applications.values().any(|deleted| {
            same(&deleted.item.display_name, name)
                && model::decide::restorable_at(world.clock, deleted.deleted)
        }),
        ObjectRef::DeletedServicePrincipal(name) => {
            world.deleted_service_principals.values().any(|deleted| {
                same(&deleted.item.display_name, name)
                    && model::decide::restorable_at(world.clock, deleted.deleted)
            })
        }
        ObjectRef::Secret { vault, name } => world.vault_named(vault).is_some_and(|vault| {
            vault
                .secrets
                .get(&name.trim().to_ascii_lowercase())
                .is_some()
        }),
        _ => target_id(world, object).is_some(),
    }
}

/// The latest token issued to a principal: the one its code would use.
fn latest_token(world: &World, principal: ObjectId) -> Option<&Token> {
    world
        .tokens
        .values()
        .filter(|token| token.principal_id == principal)
        .fold(None, |latest: Option<&Token>, token| match latest {
            Some(found) if found.issued > token.issued => Some(found),
            _ => Some(token),
        })
}

fn audience_is(token: &Token, audience: &str) -> bool {
    same(
        token.audience.trim_end_matches('/'),
        audience.trim_end_matches('/'),
    )
}

impl Goal {
    /// Whether the goal holds.
    pub fn holds(&self, facts: Facts<'_>) -> bool {
        self.check.holds(facts)
    }
}

impl Check {
    /// Whether the predicate holds.
    pub fn holds(&self, facts: Facts<'_>) -> bool {
        let world = facts.world;
        match self {
            Check::Exists(object) => exists(world, object),
            Check::Absent(object) => !exists(world, object),
            Check::IdentityState {
                of,
                system,
                type_name,
            } => find_resource(world, of).is_some_and(|resource| {
                system.is_none_or(|on| resource.identity.system.is_some() == on)
                    && type_name
                        .as_deref()
                        .is_none_or(|t| resource.identity.type_name() == t)
            }),
            Check::Attached {
                identity,
                group,
                to,
                dangling,
            } => find_resource(world, to).is_some_and(|resource| {
                resource.identity.user.iter().any(|(key, reference)| {
                    let name = reference.id.rsplit('/').next().unwrap_or_default();
                    same(name, identity)
                        && group
                            .as_deref()
                            .is_none_or(|g| same(group_in_id(&reference.id), g))
                        && dangling.is_none_or(|d| query::is_dangling(world, key, reference) == d)
                })
            }),
            Check::Role {
                who,
                role,
                scope,
                inherited,
            } => {
                let (Some(principal), Some(scope)) =
                    (principal_id(world, who), target_id(world, scope))
                else {
                    return false;
                };
                let target = ArmKey::of(&scope);
                world.role_assignments.values().any(|assignment| {
                    assignment.principal_id == principal
                        && assignment.role == role.guid
                        && if *inherited {
                            target.is_within(&assignment.scope_key())
                        } else {
                            assignment.scope_key() == target
                        }
                })
            }
            Check::Orphaned { role, scope, count } => {
                let scope = match scope {
                    Some(scope) => match target_id(world, scope) {
                        Some(id) => Some(ArmKey::of(&id)),
                        None => return count.contains(0),
                    },
                    None => None,
                };
                let found = query::orphaned_assignments(world)
                    .into_iter()
                    .filter(|a| role.is_none_or(|r| a.role == r.guid))
                    .filter(|a| scope.as_ref().is_none_or(|s| a.scope_key() == *s))
                    .count();
                count.contains(found)
            }
            Check::Dangling {
                on,
                identity,
                count,
            } => {
                let on = on.as_ref().map(|r| find_resource(world, r).map(|r| &r.id));
                if on == Some(None) {
                    return count.contains(0);
                }
                let found = query::dangling_references(world)
                    .into_iter()
                    .filter(|d| on.flatten().is_none_or(|id| same(&d.resource.id, id)))
                    .filter(|d| {
                        identity.as_deref().is_none_or(|name| {
                            same(d.reference.id.rsplit('/').next().unwrap_or_default(), name)
                        })
                    })
                    .count();
                count.contains(found)
            }
            Check::Access {
                caller,
                action,
                on,
                answer,
            } => {
                let Some(target) = target_id(world, on) else {
                    return false;
                };
                let decision = match caller {
                    Caller::Principal(who) => match principal_id(world, who) {
                        Some(principal) => {
                            query::check_access(world, principal, &target, action.operation())
                        }
                        None => return false,
                    },
                    Caller::TokenOf(who) => {
                        let token = principal_id(world, who)
                            .and_then(|principal| latest_token(world, principal));
                        match token {
                            Some(token) => {
                                query::check_token_access(world, token, &target, action.operation())
                            }
                            None => return false,
                        }
                    }
                };
                match answer {
                    Answer::Allowed(allowed) => decision.allowed == *allowed,
                    Answer::Status(status) => decision.status == *status,
                }
            }
            Check::Token {
                to,
                audience,
                valid,
                count,
            } => {
                let Some(principal) = principal_id(world, to) else {
                    return count.contains(0);
                };
                let found = world
                    .tokens
                    .values()
                    .filter(|token| token.principal_id == principal)
                    .filter(|token| audience.as_deref().is_none_or(|a| audience_is(token, a)))
                    .filter(|token| valid.is_none_or(|v| (world.clock < token.expires) == v))
                    .count();
                count.contains(found)
            }
            Check::Happened {
                event,
                filters,
                count,
            } => {
                let found = facts
                    .entries
                    .iter()
                    .flat_map(|entry| entry.events.iter())
                    .filter_map(event_facts)
                    .filter(|f| f.kind == event.name)
                    .filter(|f| {
                        filters.iter().all(|(key, wanted)| {
                            let actual = match *key {
                                "name" => f.name,
                                "kind" => f.resource_kind.unwrap_or_default(),
                                "on" => f.on,
                                "type" => f.principal_type,
                                "because" => f.because,
                                "role" => f.role,
                                _ => "",
                            };
                            same(actual, wanted)
                        })
                    })
                    .count();
                count.contains(found)
            }
            Check::Credentials {
                app,
                secrets,
                certificates,
            } => world.applications.values().any(|found| {
                same(&found.display_name, app)
                    && secrets.is_none_or(|n| found.passwords.len() == n)
                    && certificates.is_none_or(|n| found.keys.len() == n)
            }),
            Check::All(goals) => goals.iter().all(|goal| goal.holds(facts)),
            Check::Any(goals) => goals.iter().any(|goal| goal.holds(facts)),
            Check::Not(goal) => !goal.holds(facts),
            Check::Count { of, count } => {
                count.contains(of.iter().filter(|goal| goal.holds(facts)).count())
            }
        }
    }
}
