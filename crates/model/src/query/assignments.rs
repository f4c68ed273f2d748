//! Role assignments as the Azure CLI finds them: `--assignee` resolved through Microsoft Graph, and the search by scope of azure-cli role custom.py.

use crate::decide::{resolve_role, resolve_scope};
use crate::error::CommandError;
use crate::ids::{ArmKey, Guid, ObjectId, TenantId};
use crate::world::{RoleAssignment, ServicePrincipal, World};

/// How a command names a principal: through Graph (`--assignee`), or by object ID without
/// asking (`--assignee-object-id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assignee<'a> {
    Lookup(&'a str),
    ObjectId(&'a str),
}

/// azure-cli role custom.py `_resolve_object_id_and_type`, against the signed-in tenant's
/// directory: a user principal name (when the text has an `@`), then a service principal name
/// (an appId, or a managed identity's `https://identity.azure.net/…` name), then the object ID of
/// a user or service principal. The object ID and ARM's `principalType`, or `None` when Graph
/// knows nothing by that name (docs/azure-rules.md R18).
pub fn resolve_assignee(world: &World, assignee: &str) -> Option<(ObjectId, &'static str)> {
    let wanted = assignee.trim();
    if wanted.contains('@') {
        if let Some(user) = world.find_user(world.tenant_id(), wanted) {
            return Some((user.id, "User"));
        }
    }
    if let Some(sp) = service_principal_named(world, wanted) {
        return Some((sp.id, "ServicePrincipal"));
    }
    let id = Guid::parse(wanted).map(ObjectId)?;
    directory_object_type(world, id).map(|kind| (id, kind))
}

/// A service principal of the signed-in tenant by one of its service principal names (an appId,
/// or a managed identity's `https://identity.azure.net/…` name), as Graph's
/// `servicePrincipalNames/any(...)` filter finds it.
pub fn service_principal_named<'w>(world: &'w World, name: &str) -> Option<&'w ServicePrincipal> {
    let tenant = world.tenant_id();
    let name = name.trim();
    world.service_principals.values().find(|sp| {
        sp.tenant_id == tenant
            && crate::json::service_principal_names(sp)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name))
    })
}

/// What Graph's `directoryObjects/getByIds` says an object ID is in the signed-in tenant, as ARM
/// names it: `User` or `ServicePrincipal`; `None` for an object it doesn't know (deleted, or never
/// there).
pub fn directory_object_type(world: &World, id: ObjectId) -> Option<&'static str> {
    directory_object_type_in(world, world.tenant_id(), id)
}

/// The same in a given tenant's directory.
pub fn directory_object_type_in(
    world: &World,
    tenant: TenantId,
    id: ObjectId,
) -> Option<&'static str> {
    if world.users.get(&id).is_some_and(|u| u.tenant_id == tenant) {
        return Some("User");
    }
    world
        .service_principals
        .get(&id)
        .filter(|sp| sp.tenant_id == tenant)
        .map(|_| "ServicePrincipal")
}

/// The name `az role assignment list` shows for a principal (azure-cli `_get_displayable_name`):
/// a user's principal name, a service principal's first service principal name (its appId), or
/// `""` when the signed-in tenant's directory no longer knows it (docs/azure-rules.md R11, S7).
pub fn principal_name(world: &World, id: ObjectId) -> String {
    let tenant = world.tenant_id();
    if let Some(user) = world.users.get(&id).filter(|u| u.tenant_id == tenant) {
        return user.user_principal_name.clone();
    }
    world
        .service_principals
        .get(&id)
        .filter(|sp| sp.tenant_id == tenant)
        .map(|sp| sp.app_id.to_string())
        .unwrap_or_default()
}

/// The name a learner knows a principal by, for the activity log: a user's principal name or a
/// service principal's display name (empty when there is none).
pub fn principal_display_name(world: &World, id: ObjectId) -> String {
    if let Some(user) = world.users.get(&id) {
        return user.user_principal_name.clone();
    }
    world
        .service_principals
        .get(&id)
        .map(|sp| sp.display_name.clone())
        .unwrap_or_default()
}

/// What `az role assignment list` and `delete` search for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssignmentSearch<'a> {
    pub assignee: Option<Assignee<'a>>,
    pub role: Option<&'a str>,
    /// The scope searched; `None` is `--all` (every assignment of the signed-in subscription).
    pub scope: Option<&'a str>,
    /// `--include-inherited`: assignments at the scopes above count too.
    pub include_inherited: bool,
}

/// azure-cli role custom.py `_search_role_assignments`: the assignee resolved first (its refusal
/// is the CLI's), the scope's assignments listed (ARM's refusal for a scope that doesn't exist),
/// then kept when made at the scope itself — or, with `--include-inherited`, at a scope whose ID
/// starts it (the CLI's `re.match`, a text prefix) — and filtered by role and principal. The role
/// is resolved only when something is left to filter, as the CLI does (docs/azure-rules.md M6).
pub fn search_role_assignments<'w>(
    world: &'w World,
    search: &AssignmentSearch<'_>,
) -> Result<Vec<&'w RoleAssignment>, CommandError> {
    let principal = match search.assignee {
        Some(Assignee::Lookup(text)) => Some(
            resolve_assignee(world, text)
                .map(|(id, _)| id)
                .ok_or_else(|| CommandError::assignee_not_found(text))?,
        ),
        // A principalId filter: text that is no GUID matches nothing.
        Some(Assignee::ObjectId(text)) => {
            Some(Guid::parse(text).map(ObjectId).unwrap_or(ObjectId(Guid(0))))
        }
        None => None,
    };
    let mut found: Vec<&RoleAssignment> = match search.scope {
        Some(scope) => {
            resolve_scope(world, scope)?;
            let wanted = ArmKey::of(scope);
            world
                .role_assignments
                .values()
                .filter(|a| {
                    let at = a.scope_key();
                    at == wanted || (search.include_inherited && wanted.0.starts_with(&at.0))
                })
                .collect()
        }
        None => world
            .role_assignments
            .values()
            .filter(|a| a.subscription_id == world.current_subscription)
            .collect(),
    };
    if found.is_empty() {
        return Ok(found);
    }
    if let Some(role) = search.role {
        let role = resolve_role(role)?.guid;
        found.retain(|a| a.role == role);
    }
    if let Some(principal) = principal {
        found.retain(|a| a.principal_id == principal);
    }
    Ok(found)
}
