//! Role assignments: scopes, assignees and roles resolved as ARM and the CLI resolve them, created and deleted.

use super::*;

/// What a scope string names.
pub(crate) enum ScopeTarget {
    Subscription(SubscriptionId),
    Group(SubscriptionId),
    Resource(SubscriptionId),
}

impl ScopeTarget {
    pub(crate) fn subscription(&self) -> SubscriptionId {
        match self {
            ScopeTarget::Subscription(s) | ScopeTarget::Group(s) | ScopeTarget::Resource(s) => *s,
        }
    }
}

/// What a scope names, or ARM's error for a scope that does not exist (docs/azure-rules.md M7).
pub(crate) fn resolve_scope(world: &World, scope: &str) -> Result<ScopeTarget, CommandError> {
    let key = ArmKey::of(scope);
    let typed: Vec<&str> = scope.trim().trim_end_matches('/').split('/').collect();
    let parts: Vec<&str> = key.0.split('/').collect();
    if parts.len() < 3 || !parts[0].is_empty() || parts[1] != "subscriptions" {
        return Err(CommandError::arm(
            "MissingSubscription",
            "The request did not have a subscription or a valid tenant level resource provider.",
        )
        .with_hint("A scope looks like /subscriptions/{id}[/resourceGroups/{group}[/providers/{type}/{name}]]."));
    }
    let subscription = SubscriptionId::parse(parts[2])
        .filter(|id| world.subscriptions.contains_key(id))
        .ok_or_else(|| {
            CommandError::arm(
                "SubscriptionNotFound",
                format!("The subscription '{}' could not be found.", typed[2]),
            )
        })?;
    if parts.len() == 3 {
        return Ok(ScopeTarget::Subscription(subscription));
    }
    if parts[3] != "resourcegroups" || parts.len() < 5 {
        return Err(invalid_scope(scope));
    }
    let group_name = typed.get(4).copied().unwrap_or_default();
    let group_key = ArmKey(parts[..5].join("/"));
    if !world.groups.contains_key(&group_key) {
        return Err(CommandError::resource_group_not_found(group_name));
    }
    if parts.len() == 5 {
        return Ok(ScopeTarget::Group(subscription));
    }
    if parts[5] != "providers" || parts.len() < 9 {
        return Err(invalid_scope(scope));
    }
    let resource_key = ArmKey(parts[..9].join("/"));
    let exists = world.resources.get(&resource_key);
    let identity_exists = world.user_identities.contains_key(&resource_key);
    let not_found = || {
        CommandError::resource_not_found(
            &format!("{}/{}", typed[6], typed[7]),
            typed[8],
            group_name,
        )
    };
    if exists.is_none() && !identity_exists {
        return Err(not_found());
    }
    if parts.len() == 9 {
        return Ok(ScopeTarget::Resource(subscription));
    }
    // Below a resource only blob containers are modelled as scopes:
    // .../storageAccounts/{a}/blobServices/default/containers/{c}
    if let Some(account) = exists.filter(|r| r.kind == ResourceKind::StorageAccount) {
        if parts.len() == 13
            && parts[9] == "blobservices"
            && parts[10] == "default"
            && parts[11] == "containers"
        {
            if account.containers.contains_key(parts[12]) {
                return Ok(ScopeTarget::Resource(subscription));
            }
            return Err(CommandError::arm(
                "ContainerNotFound",
                format!("The specified container '{}' does not exist.", typed[12]),
            ));
        }
    }
    Err(invalid_scope(scope))
}

impl<'w> Decision<'w> {
    pub(super) fn resolve_scope(&self, scope: &str) -> Result<ScopeTarget, CommandError> {
        resolve_scope(self.world, scope)
    }

    pub(super) fn assignment_exists(&self, principal: ObjectId, role: Guid, scope: &str) -> bool {
        let key = ArmKey::of(scope);
        self.world
            .role_assignments
            .values()
            .chain(self.events.iter().filter_map(|e| match e {
                Event::RoleAssignmentCreated { assignment, .. } => Some(assignment),
                _ => None,
            }))
            .any(|a| a.principal_id == principal && a.role == role && a.scope_key() == key)
    }

    /// `az role assignment create`, as azure-cli role custom.py `create_role_assignment` does it:
    /// the assignee is resolved through Microsoft Graph first (or taken as an object ID), then ARM
    /// checks the role, the scope and the principal, and an assignment that already exists is
    /// success without a change (docs/azure-rules.md R10, R18).
    pub(super) fn create_role_assignment(
        &mut self,
        name: Option<&String>,
        assignee: Assignee<'_>,
        role: &str,
        scope: &str,
    ) -> Result<(), CommandError> {
        let world = self.world;
        // Graph: `_resolve_object_id_and_type`, or what `--assignee-object-id` and
        // `--assignee-principal-type` say without asking (docs/azure-rules.md R18).
        let (principal_id, principal_type) = match assignee {
            Assignee::Lookup(text) => {
                let (id, kind) = query::resolve_assignee(world, text)
                    .ok_or_else(|| CommandError::assignee_not_found(text))?;
                (id, Some(kind.to_string()))
            }
            Assignee::ObjectId {
                object_id,
                principal_type,
            } => {
                let id = Guid::parse(object_id).map(ObjectId).ok_or_else(|| {
                    CommandError::arm(
                        "InvalidPrincipalId",
                        "A valid principal ID must be provided for role assignment.",
                    )
                })?;
                let kind = match principal_type {
                    Some(kind) => Some(kind.to_string()),
                    None => query::directory_object_type(world, id).map(str::to_string),
                };
                (id, kind)
            }
        };
        let name = match name {
            Some(text) => Some(Guid::parse(text).ok_or_else(|| {
                CommandError::arm(
                    "InvalidRoleAssignmentId",
                    format!("The role assignment ID '{text}' is not valid. The role assignment ID must be a GUID."),
                )
            })?),
            None => None,
        };
        let role = resolve_role(role)?;
        let target = self.resolve_scope(scope)?;
        let tenant = self.tenant_of(target.subscription());
        let principal_type = match principal_type {
            Some(kind) => {
                // ARM trusts a given principalType (that is how it bears Graph's replication
                // delay), but refuses one that contradicts the directory.
                if let Some(actual) = query::directory_object_type_in(world, tenant, principal_id)
                    .filter(|actual| !actual.eq_ignore_ascii_case(&kind))
                {
                    return Err(CommandError::arm(
                        "UnmatchedPrincipalType",
                        format!(
                            "The PrincipalId '{}' has type '{actual}' , which is different from specified PrinciaplType '{kind}'.",
                            principal_id.0.simple()
                        ),
                    ));
                }
                kind
            }
            None => {
                return Err(principal_not_found(principal_id, tenant)
                    .with_hint("A deleted identity's principal can't be given roles: a new identity has a new principalId."))
            }
        };
        let scope_text = scope.trim().trim_end_matches('/').to_string();
        if let Some(existing) = name.and_then(|n| world.role_assignments.get(&n)) {
            // docs/azure-rules.md R10: an assignment can't be modified.
            let same = existing.principal_id == principal_id
                && existing.role == role.guid
                && existing.scope_key() == ArmKey::of(&scope_text);
            if !same {
                return Err(CommandError::arm(
                    "RoleAssignmentUpdateNotPermitted",
                    "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
                )
                .with_hint("A role assignment can't be changed: delete it and create a new one."));
            }
            // The same values under the same name: ARM's RoleAssignmentExists, which the CLI
            // treats as success (docs/azure-rules.md R18).
            return Ok(());
        }
        if self.assignment_exists(principal_id, role.guid, &scope_text) {
            return Ok(());
        }
        // Every assignment event accounts for one draw, so a chosen name still consumes one.
        let drawn = self.ids.next_guid();
        let name = name.unwrap_or(drawn);
        let principal_name = query::principal_display_name(world, principal_id);
        self.push_assignment(
            name,
            principal_id,
            principal_name,
            principal_type,
            role,
            &target,
            scope_text,
        );
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_assignment(
        &mut self,
        name: Guid,
        principal_id: ObjectId,
        principal_name: String,
        principal_type: String,
        role: &RoleDefinition,
        target: &ScopeTarget,
        scope: String,
    ) {
        let assignment = RoleAssignment {
            name,
            scope,
            principal_id,
            principal_type,
            role: role.guid,
            subscription_id: target.subscription(),
            created: self.now,
        };
        self.events.push(Event::RoleAssignmentCreated {
            assignment,
            role_name: role.name.to_string(),
            principal_name,
        });
    }

    /// `az role assignment delete`, as azure-cli role custom.py `delete_role_assignments` does it:
    /// `--ids` deletes each ID (ARM answers 204 for one that is already gone); filters search the
    /// one scope given, or the subscription (docs/azure-rules.md M6, R18).
    pub(super) fn delete_role_assignments(
        &mut self,
        selector: &AssignmentSelector,
    ) -> Result<(), CommandError> {
        let world = self.world;
        let mut chosen: SortedMap<Guid, ()> = SortedMap::new();
        let (assignee, role, scope) = match selector {
            AssignmentSelector::Ids(ids) => {
                if ids.is_empty() {
                    return Err(CommandError::cli(
                        "argument --ids: expected at least one argument",
                    ));
                }
                for id in ids {
                    if !is_role_assignment_id(id) {
                        return Err(CommandError::arm(
                            "InvalidRoleAssignmentId",
                            format!(
                                "The role assignment ID '{}' is not valid. The role assignment ID must be a GUID.",
                                id.trim()
                            ),
                        ));
                    }
                    // docs/azure-rules.md M10: deleting what is already gone is ARM's 204.
                    if let Some(assignment) = world.role_assignment(id) {
                        chosen.insert(assignment.name, ());
                    }
                }
                (None, None, None)
            }
            AssignmentSelector::Filter {
                assignee,
                role,
                scope,
            } => (
                assignee.as_deref().map(query::Assignee::Lookup),
                role.as_deref(),
                scope.as_deref(),
            ),
            AssignmentSelector::ObjectFilter {
                object_id,
                role,
                scope,
            } => (
                Some(query::Assignee::ObjectId(object_id)),
                role.as_deref(),
                scope.as_deref(),
            ),
        };
        if !matches!(selector, AssignmentSelector::Ids(_)) {
            // No filter at all is the CLI's "This will delete all role assignments under the
            // subscription. Are you sure?" answered yes (`--yes`, which `to_cli` always
            // writes): the console asks for `--yes` before it gets here.
            // Without --scope (or -g) the CLI works at the subscription scope, and either way it
            // matches only assignments made exactly at that scope (azure-cli `_build_role_scope`,
            // then `_search_role_assignments` without --include-inherited).
            let subscription_scope = format!("/subscriptions/{}", world.current_subscription);
            let found = query::search_role_assignments(
                world,
                &query::AssignmentSearch {
                    assignee,
                    role,
                    scope: Some(scope.unwrap_or(&subscription_scope)),
                    include_inherited: false,
                },
            )?;
            for assignment in found {
                chosen.insert(assignment.name, ());
            }
            // azure-cli role custom.py `delete_role_assignments`: `raise CLIError('No matched
            // assignments were found to delete')` (exit 1), where deleting nothing is an error.
            if chosen.is_empty() {
                return Err(CommandError::cli("No matched assignments were found to delete")
                    .with_hint("Without --scope (or -g) only assignments made at the subscription itself match: list them with az role assignment list --all and pass the scope shown."));
            }
        }
        for name in chosen.into_iter().map(|(name, _)| name) {
            if let Some(assignment) = world.role_assignments.get(&name) {
                self.events.push(Event::RoleAssignmentDeleted {
                    name,
                    id: assignment.id(),
                    role_name: role_name(assignment.role),
                    reason: AssignmentRemoval::Explicit,
                });
            }
        }
        Ok(())
    }
}

/// Which principal `az role assignment create` names: through Graph (`--assignee`), or by object
/// ID with an optional principal type (`--assignee-object-id`, `--assignee-principal-type`).
pub(super) enum Assignee<'a> {
    Lookup(&'a str),
    ObjectId {
        object_id: &'a str,
        principal_type: Option<&'a str>,
    },
}

/// `/subscriptions/…/providers/Microsoft.Authorization/roleAssignments/{guid}`, any case.
fn is_role_assignment_id(id: &str) -> bool {
    let key = ArmKey::of(id);
    let parts: Vec<&str> = key.0.split('/').collect();
    match parts.as_slice() {
        ["", "subscriptions", .., "providers", "microsoft.authorization", "roleassignments", name] => {
            Guid::parse(name).is_some()
        }
        _ => false,
    }
}

/// ARM's refusal of a principal the scope's directory doesn't know.
pub(super) fn principal_not_found(principal: ObjectId, tenant: TenantId) -> CommandError {
    CommandError::arm(
        "PrincipalNotFound",
        format!(
            "Principal {} does not exist in the directory {tenant}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype",
            principal.0.simple()
        ),
    )
}

/// `--role`: a built-in role name (any case), its GUID, or its full definition ID.
pub fn resolve_role(role: &str) -> Result<&'static RoleDefinition, CommandError> {
    let role = role.trim();
    if let Some(found) = roles::role_by_name(role) {
        return Ok(found);
    }
    let last = role
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    match Guid::parse(last) {
        Some(guid) => roles::role_by_guid(guid).ok_or_else(|| {
            CommandError::arm(
                "RoleDefinitionDoesNotExist",
                format!("The specified role definition with ID '{}' does not exist.", last.to_ascii_lowercase()),
            )
        }),
        None => Err(CommandError::cli(format!("Role '{role}' doesn't exist."))
            .with_hint("Built-in roles: Owner, Contributor, Reader, Key Vault Secrets User, Storage Blob Data Reader, ...")),
    }
}

pub(super) fn role_name(guid: Guid) -> String {
    roles::role_by_guid(guid)
        .map(|r| r.name.to_string())
        .unwrap_or_default()
}

pub(super) fn role_assignment_exists() -> CommandError {
    CommandError::arm(
        "RoleAssignmentExists",
        "The role assignment already exists.",
    )
}

pub(super) fn invalid_scope(scope: &str) -> CommandError {
    CommandError::arm(
        "InvalidResourceId",
        format!(
            "The scope '{}' is not a valid resource ID for a role assignment.",
            scope.trim()
        ),
    )
}
