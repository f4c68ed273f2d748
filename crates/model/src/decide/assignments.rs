//! Role assignments: scopes, assignees and roles resolved as ARM and the CLI resolve them, created and deleted.

use super::*;

/// What a scope string names.
pub(super) enum ScopeTarget {
    Subscription(SubscriptionId),
    Group(SubscriptionId),
    Resource(SubscriptionId),
}

impl ScopeTarget {
    pub(super) fn subscription(&self) -> SubscriptionId {
        match self {
            ScopeTarget::Subscription(s) | ScopeTarget::Group(s) | ScopeTarget::Resource(s) => *s,
        }
    }
}

impl<'w> Decision<'w> {
    pub(super) fn resolve_scope(&self, scope: &str) -> Result<ScopeTarget, CommandError> {
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
            .filter(|id| self.world.subscriptions.contains_key(id))
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
        if !self.world.groups.contains_key(&group_key) {
            return Err(CommandError::resource_group_not_found(group_name));
        }
        if parts.len() == 5 {
            return Ok(ScopeTarget::Group(subscription));
        }
        if parts[5] != "providers" || parts.len() < 9 {
            return Err(invalid_scope(scope));
        }
        let resource_key = ArmKey(parts[..9].join("/"));
        let exists = self.world.resources.get(&resource_key);
        let identity_exists = self.world.user_identities.contains_key(&resource_key);
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

    /// `--assignee`: an object ID or appId of a live service principal in the scope's tenant.
    pub(super) fn resolve_assignee(
        &self,
        assignee: &str,
        tenant: TenantId,
    ) -> Result<&'w ServicePrincipal, CommandError> {
        let assignee = assignee.trim();
        match Guid::parse(assignee) {
            Some(guid) => self.world.find_service_principal(tenant, &guid.to_string()).ok_or_else(|| {
                CommandError::arm(
                    "PrincipalNotFound",
                    format!(
                        "Principal {} does not exist in the directory {tenant}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype",
                        guid.simple()
                    ),
                )
                .with_hint("A deleted identity's principal can't be given roles: a new identity has a new principalId.")
            }),
            None => Err(CommandError::cli(format!(
                "Cannot find user or service principal in graph database for '{assignee}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {assignee}'."
            ))
            .with_hint("Use the principal's object ID (the identity's principalId) as --assignee.")),
        }
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

    pub(super) fn create_role_assignment(
        &mut self,
        name: Option<&String>,
        assignee: &str,
        role: &str,
        scope: &str,
    ) -> Result<(), CommandError> {
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
        let principal = self.resolve_assignee(assignee, tenant)?;
        let scope_text = scope.trim().trim_end_matches('/').to_string();
        if let Some(existing) = name.and_then(|n| self.world.role_assignments.get(&n)) {
            // docs/azure-rules.md R10: an assignment can't be modified.
            let same = existing.principal_id == principal.id
                && existing.role == role.guid
                && existing.scope_key() == ArmKey::of(&scope_text);
            return Err(if same {
                role_assignment_exists()
            } else {
                CommandError::arm(
                    "RoleAssignmentUpdateNotPermitted",
                    "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
                )
                .with_hint("A role assignment can't be changed: delete it and create a new one.")
            });
        }
        if self.assignment_exists(principal.id, role.guid, &scope_text) {
            return Err(role_assignment_exists());
        }
        // Every assignment event accounts for one draw, so a chosen name still consumes one.
        let drawn = self.ids.next_guid();
        let name = name.unwrap_or(drawn);
        self.push_assignment(
            name,
            principal.id,
            principal.display_name.clone(),
            role,
            &target,
            scope_text,
        );
        Ok(())
    }

    pub(super) fn push_assignment(
        &mut self,
        name: Guid,
        principal_id: ObjectId,
        principal_name: String,
        role: &RoleDefinition,
        target: &ScopeTarget,
        scope: String,
    ) {
        let assignment = RoleAssignment {
            name,
            scope,
            principal_id,
            principal_type: "ServicePrincipal".to_string(),
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

    pub(super) fn delete_role_assignments(
        &mut self,
        selector: &AssignmentSelector,
    ) -> Result<(), CommandError> {
        let world = self.world;
        let mut chosen: SortedMap<Guid, ()> = SortedMap::new();
        match selector {
            AssignmentSelector::Ids(ids) => {
                if ids.is_empty() {
                    return Err(CommandError::cli(
                        "argument --ids: expected at least one argument",
                    ));
                }
                for id in ids {
                    let assignment = world.role_assignment(id).ok_or_else(|| {
                        CommandError::arm(
                            "RoleAssignmentNotFound",
                            format!("The role assignment '{}' is not found.", id.trim()),
                        )
                    })?;
                    chosen.insert(assignment.name, ());
                }
            }
            AssignmentSelector::Filter {
                assignee,
                role,
                scope,
            } => {
                // No filter at all is the CLI's "This will delete all role assignments under the
                // subscription. Are you sure?" answered yes (`--yes`, which `to_cli` always
                // writes): the console asks for `--yes` before it gets here.
                // A GUID assignee matches principalId directly, so orphaned assignments (whose
                // principal no longer resolves) can be cleaned up, as `--assignee-object-id` allows.
                let principal = match assignee {
                    Some(text) => match Guid::parse(text) {
                        Some(guid) => {
                            let by_app = world
                                .find_service_principal(self.tenant(), &guid.to_string())
                                .map(|sp| sp.id);
                            Some(by_app.unwrap_or(ObjectId(guid)))
                        }
                        None => {
                            return Err(CommandError::cli(format!(
                                "Cannot find user or service principal in graph database for '{}'.",
                                text.trim()
                            )))
                        }
                    },
                    None => None,
                };
                let role = match role {
                    Some(role) => Some(resolve_role(role)?.guid),
                    None => None,
                };
                // Without --scope/-g the CLI works at the subscription scope, and either way it
                // matches only assignments made exactly at that scope, not below it (azure-cli
                // `_build_role_scope`, then `_search_role_assignments` without
                // --include-inherited): deleting a resource group's assignment needs its scope.
                let scope_key = ArmKey::of(&match scope {
                    Some(scope) => scope.clone(),
                    None => format!("/subscriptions/{}", world.current_subscription),
                });
                for assignment in world.role_assignments.values() {
                    let matches = principal.is_none_or(|p| assignment.principal_id == p)
                        && role.is_none_or(|r| assignment.role == r)
                        && assignment.scope_key() == scope_key;
                    if matches {
                        chosen.insert(assignment.name, ());
                    }
                }
                // azure-cli role custom.py `delete_role_assignments`: `raise CLIError('No matched
                // assignments were found to delete')` (exit 1), where deleting nothing is an error.
                if chosen.is_empty() {
                    return Err(CommandError::cli("No matched assignments were found to delete")
                        .with_hint("Without --scope (or -g) only assignments made at the subscription itself match: list them with az role assignment list --all and pass the scope shown."));
                }
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
