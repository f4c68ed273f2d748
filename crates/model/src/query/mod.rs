//! Questions the views and lessons ask: orphaned assignments, dangling references, who can access what.

mod assignments;
mod data_plane;

pub use assignments::{
    directory_object_type, directory_object_type_in, principal_display_name, principal_name,
    resolve_assignee, search_role_assignments, service_principal_named, Assignee, AssignmentSearch,
};
pub use data_plane::{
    authorize_secret_operation, forbidden, vault_for_data, vault_secret_access, Caller,
    SecretOperation, AZURE_CLI_APP_ID,
};

use crate::command::ResourceKind;
use crate::ids::{ArmKey, Guid, ObjectId};
use crate::roles::{self, RoleDefinition};
use crate::world::{Resource, RoleAssignment, Token, UserIdentityRef, World};

/// Whether an assignment's principal no longer exists in any directory (docs/azure-rules.md R11).
pub fn is_orphaned(world: &World, assignment: &RoleAssignment) -> bool {
    world.service_principal(assignment.principal_id).is_none()
        && !world.users.contains_key(&assignment.principal_id)
}

/// Role assignments whose principal is gone: the portal shows them as "Identity not found".
pub fn orphaned_assignments(world: &World) -> Vec<&RoleAssignment> {
    world
        .role_assignments
        .values()
        .filter(|a| is_orphaned(world, a))
        .collect()
}

/// A user-assigned reference on a resource that no longer points at a live identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DanglingReference<'w> {
    /// The resource holding the reference.
    pub resource: &'w Resource,
    /// The reference as the resource still shows it.
    pub reference: &'w UserIdentityRef,
    /// True when an identity of the same ID exists again but is a different one (docs/azure-rules.md R9).
    pub recreated: bool,
}

/// Whether a reference still points at the identity it was made for.
pub fn is_dangling(world: &World, key: &ArmKey, reference: &UserIdentityRef) -> bool {
    world
        .user_identities
        .get(key)
        .is_none_or(|identity| identity.principal_id != reference.principal_id)
}

/// Every dangling user-assigned reference (docs/azure-rules.md R8 and R9), by resource ID order.
pub fn dangling_references(world: &World) -> Vec<DanglingReference<'_>> {
    let mut out = Vec::new();
    for resource in world.resources.values() {
        for (key, reference) in &resource.identity.user {
            if is_dangling(world, key, reference) {
                out.push(DanglingReference {
                    resource,
                    reference,
                    recreated: world.user_identities.contains_key(key),
                });
            }
        }
    }
    out
}

/// The level an assignment was made at, relative to the scope asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScopeLevel {
    /// `/subscriptions/{id}`.
    Subscription,
    /// `/subscriptions/{id}/resourceGroups/{rg}`.
    ResourceGroup,
    /// A resource (or below).
    Resource,
}

/// The level of a scope string.
pub fn scope_level(scope: &str) -> ScopeLevel {
    let segments = scope.trim().trim_matches('/').split('/').count();
    match segments {
        0..=2 => ScopeLevel::Subscription,
        3..=4 => ScopeLevel::ResourceGroup,
        _ => ScopeLevel::Resource,
    }
}

/// One assignment that applies to a principal at a scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveAssignment<'w> {
    /// The assignment.
    pub assignment: &'w RoleAssignment,
    /// Its role.
    pub role: &'static RoleDefinition,
    /// Where it was made: at the scope itself or inherited from above (docs/azure-rules.md R10).
    pub level: ScopeLevel,
    /// True when made at a scope above the one asked about.
    pub inherited: bool,
}

impl EffectiveAssignment<'_> {
    /// The answer of an access check this assignment grants: 200, naming the role and where it
    /// was assigned.
    pub fn allows(&self) -> AccessDecision {
        AccessDecision {
            allowed: true,
            status: 200,
            reason: format!(
                "Allowed by the '{}' role assigned at {}{}.",
                self.role.name,
                self.assignment.scope,
                if self.inherited { " (inherited)" } else { "" }
            ),
            granted_by: Some(self.assignment.name),
        }
    }
}

/// Every assignment of `principal` that applies at `scope`: made there or at any scope above it.
pub fn effective_assignments<'w>(
    world: &'w World,
    principal: ObjectId,
    scope: &str,
) -> Vec<EffectiveAssignment<'w>> {
    let target = ArmKey::of(scope);
    world
        .role_assignments
        .values()
        .filter(|a| a.principal_id == principal && target.is_within(&a.scope_key()))
        .filter_map(|assignment| {
            let role = roles::role_by_guid(assignment.role)?;
            Some(EffectiveAssignment {
                assignment,
                role,
                level: scope_level(&assignment.scope),
                inherited: assignment.scope_key() != target,
            })
        })
        .collect()
}

/// The outcome of an access check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessDecision {
    /// Allowed or not.
    pub allowed: bool,
    /// The HTTP status the target would answer: 200, 401 or 403.
    pub status: u16,
    /// One sentence for the learner (for a denial, Azure's own wording where known).
    pub reason: String,
    /// The assignment that granted it.
    pub granted_by: Option<Guid>,
}

fn is_data_action(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    lower.contains("/secrets/getsecret")
        || lower.contains("/blobs/")
        || lower.contains("/secrets/setsecret")
        || lower.contains("/secrets/readmetadata")
}

/// Can `principal` perform `action` at `scope`? A vault's secret operations are Key Vault's to
/// decide, under Azure RBAC or under access policies ([`vault_secret_access`]); other data
/// actions (reading a blob) are checked against `dataActions` and control actions against
/// `actions`, both with inheritance (docs/azure-rules.md R10, T7).
pub fn check_access(
    world: &World,
    principal: ObjectId,
    scope: &str,
    action: &str,
) -> AccessDecision {
    let data = is_data_action(action);
    let target = ArmKey::of(scope);
    let vault = world
        .resources
        .values()
        .find(|r| r.kind == ResourceKind::KeyVault && target.is_within(&ArmKey::of(&r.id)));
    if let (Some(vault), Some(operation)) = (vault, SecretOperation::of_action(action)) {
        return vault_secret_access(world, principal, vault, operation);
    }
    let effective = effective_assignments(world, principal, scope);
    let grant = effective.iter().find(|e| {
        if data {
            e.role.grants_data_action(action)
        } else {
            e.role.grants_action(action)
        }
    });
    match grant {
        Some(found) => found.allows(),
        None => AccessDecision {
            allowed: false,
            status: 403,
            reason: format!(
                "The client with object id '{principal}' does not have authorization to perform action '{action}' over scope '{}' or the scope is invalid.",
                scope.trim()
            ),
            granted_by: None,
        },
    }
}

/// The audience a target expects: ARM for control actions, the service for data actions.
pub fn expected_audience(world: &World, scope: &str, action: &str) -> &'static str {
    if !is_data_action(action) {
        return "https://management.azure.com";
    }
    let target = ArmKey::of(scope);
    let is_vault = world
        .resources
        .values()
        .any(|r| r.kind == ResourceKind::KeyVault && target.is_within(&ArmKey::of(&r.id)));
    if is_vault {
        "https://vault.azure.net"
    } else {
        "https://storage.azure.com"
    }
}

/// A token presented to a target: expired → 401; wrong audience → 401; otherwise the role check of
/// its `oid`. The principal need not still exist: a token issued before its deletion keeps working
/// until it expires, through the assignments left behind (docs/azure-rules.md R8, R11).
pub fn check_token_access(
    world: &World,
    token: &Token,
    scope: &str,
    action: &str,
) -> AccessDecision {
    if world.clock >= token.expires {
        return AccessDecision {
            allowed: false,
            status: 401,
            reason: format!(
                "The token expired at {}: ask the identity endpoint for a new one.",
                token.expires
            ),
            granted_by: None,
        };
    }
    let expected = expected_audience(world, scope, action);
    let audience = token.audience.trim_end_matches('/').to_ascii_lowercase();
    let audience_ok = audience == expected
        || (expected == "https://management.azure.com"
            && audience == "https://management.core.windows.net")
        || (expected == "https://storage.azure.com"
            && audience.ends_with(".blob.core.windows.net"))
        || (expected == "https://vault.azure.net" && audience.ends_with(".vault.azure.net"));
    if !audience_ok {
        return AccessDecision {
            allowed: false,
            status: 401,
            reason: format!(
                "The token's audience is {}, but this service expects {expected}.",
                token.audience
            ),
            granted_by: None,
        };
    }
    check_access(world, token.principal_id, scope, action)
}

/// What presenting a token to a target would give: the row of the inspector's "use this token"
/// table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenCheck {
    /// "key vault kv1", "subscription Contoso Learning".
    pub target: String,
    /// What the code tries, in words ("read a secret").
    pub attempt: &'static str,
    pub decision: AccessDecision,
}

/// The actions a learner's code usually tries with a token, on each target it could try them on:
/// read a secret in every vault, read a blob in every storage account, list the subscription's
/// resource groups. Recomputed on every change, so a new role, a deleted one or an hour passing
/// shows.
pub fn token_checks(world: &World, token: &Token) -> Vec<TokenCheck> {
    let subscription = world.subscription();
    let mut checks = Vec::new();
    for resource in world
        .resources
        .values()
        .filter(|r| r.subscription_id == subscription.id)
    {
        let (attempt, action) = match resource.kind {
            ResourceKind::KeyVault => ("read a secret", roles::operations::GET_SECRET),
            ResourceKind::StorageAccount => ("read a blob", roles::operations::READ_BLOB),
            _ => continue,
        };
        checks.push(TokenCheck {
            target: format!("{} {}", resource.kind.noun(), resource.name),
            attempt,
            decision: check_token_access(world, token, &resource.id, action),
        });
    }
    checks.push(TokenCheck {
        target: format!("subscription {}", subscription.name),
        attempt: "list resource groups",
        decision: check_token_access(
            world,
            token,
            &subscription.scope(),
            roles::operations::READ_RESOURCE_GROUPS,
        ),
    });
    checks
}
