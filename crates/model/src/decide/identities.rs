//! Managed identities: system-assigned ones on resources, user-assigned ones as resources of their own, and what attaching, detaching and deleting them does.

use super::*;

/// The most federated identity credentials one user-assigned identity holds (docs/azure-rules.md R19).
pub const MAX_FEDERATED_CREDENTIALS: usize = 20;

impl<'w> Decision<'w> {
    /// `az vm identity assign`: enable the system-assigned identity and/or attach user-assigned
    /// ones, with `--role/--scope` granting the system-assigned one a role.
    pub(super) fn assign_identity(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        identity: &IdentitySelection,
        grant: Option<&RoleGrant>,
    ) -> Result<(), CommandError> {
        // The CLI validates --role/--scope before it sends anything.
        let names_system = identity.system || identity.user.is_empty();
        if grant.is_some() && !names_system {
            return Err(role_scope_need_system_identity());
        }
        let resource = self.require_resource(kind, group, name)?;
        self.require_identity_capable(resource.kind)?;
        let target = target_of(resource);
        self.assign_identities(&target, &resource.identity, identity, grant)
    }

    /// Resolves `--identities` entries: a name in the resource's group, or a full resource ID.
    /// Returns the reference ID to use and the live identity, if any.
    pub(super) fn resolve_user_identity(
        &self,
        target: &Target,
        entry: &str,
    ) -> (String, Option<&'w UserIdentity>) {
        let entry = entry.trim();
        let id = if entry.contains('/') {
            entry.to_string()
        } else {
            user_identity_reference_id(target.subscription_id, &target.group, entry)
        };
        match self.world.user_identity_by_id(&id) {
            Some(identity) => (identity.reference_id(), Some(identity)),
            None => (id, None),
        }
    }

    pub(super) fn assign_identities(
        &mut self,
        target: &Target,
        current: &ResourceIdentity,
        selection: &IdentitySelection,
        grant: Option<&RoleGrant>,
    ) -> Result<(), CommandError> {
        if selection.is_empty() && grant.is_none() {
            return Ok(());
        }
        // `az vm identity assign` without --identities enables the system-assigned identity.
        let want_system = selection.system || selection.user.is_empty();
        if selection.user.len() > MAX_USER_IDENTITIES_PER_REQUEST {
            return Err(CommandError::arm(
                "InvalidParameter",
                format!(
                    "The number of user assigned identities in the request ({}) exceeds the maximum of {MAX_USER_IDENTITIES_PER_REQUEST}.",
                    selection.user.len()
                ),
            ));
        }
        let mut wanted: SortedMap<ArmKey, (String, &'w UserIdentity)> = SortedMap::new();
        for entry in &selection.user {
            match self.resolve_user_identity(target, entry) {
                (id, Some(identity)) => {
                    wanted.insert(ArmKey::of(&id), (id, identity));
                }
                (id, None) => return Err(failed_identity_operation(&target.id, &id)),
            }
        }
        // docs/azure-rules.md R8: a dangling reference blocks every identity update until it is removed (or, for a
        // re-created identity of the same ID, re-assigned).
        if let Some(dangling) = current.user.iter().find(|(key, _)| {
            !wanted.contains_key(*key) && !self.world.user_identities.contains_key(*key)
        }) {
            return Err(failed_identity_operation(&target.id, &dangling.1.id)
                .with_hint("Remove the dangling identity from the resource first (az vm identity remove --identities ...)."));
        }
        let will_have_system = want_system || current.system.is_some();
        // Counted, not collected into a set: collecting sorts, and each sort adds to the download.
        let user_count = current.user.len()
            + wanted
                .keys()
                .filter(|key| !current.user.contains_key(*key))
                .count();
        if target.kind == ResourceKind::LogicApp
            && (user_count > 1 || (will_have_system && user_count > 0))
        {
            return Err(CommandError::arm(
                "MultipleIdentitiesNotSupported",
                format!("The workflow '{}' can have either the system-assigned identity or a single user-assigned identity, not both and not several.", target.name),
            )
            .with_hint("Logic Apps (Consumption) allow one identity: the system-assigned one or a single user-assigned one."));
        }
        // As `_validate_vm_vmss_msi` words it: the request itself must name the system-assigned
        // identity (or no identity at all, which means it), whatever the resource already has.
        if grant.is_some() && !want_system {
            return Err(role_scope_need_system_identity());
        }
        // Validate the grant before producing anything, so a refusal leaves no half-made events.
        let grant_parts = match grant {
            Some(grant) => {
                let role = resolve_role(&grant.role)?;
                let scope = self.resolve_scope(&grant.scope)?;
                Some((
                    role,
                    scope,
                    grant.scope.trim().trim_end_matches('/').to_string(),
                ))
            }
            None => None,
        };
        let system_principal = match current.system {
            Some(system) => system.principal_id,
            None if want_system => {
                // docs/azure-rules.md R1: one new SP in the tenant trusted by the resource's subscription.
                let tenant_id = self.tenant_of(target.subscription_id);
                let principal_id = ObjectId(self.ids.next_guid());
                self.events.push(Event::SystemIdentityEnabled {
                    resource_id: target.id.clone(),
                    kind: target.kind,
                    name: target.name.clone(),
                    principal_id,
                    tenant_id,
                });
                let app_id = AppId(self.ids.next_guid());
                self.events.push(Event::ServicePrincipalCreated {
                    principal: ServicePrincipal {
                        id: principal_id,
                        app_id,
                        display_name: target.name.clone(),
                        tenant_id,
                        kind: PrincipalKind::ManagedIdentity {
                            resource_id: target.id.clone(),
                            user_assigned: false,
                        },
                        created: self.now,
                    },
                });
                principal_id
            }
            // docs/azure-rules.md R4 needs nothing here: enabling an enabled identity changes nothing.
            None => ObjectId(Guid(0)),
        };
        for (key, (id, identity)) in wanted {
            let unchanged = current
                .user
                .get(&key)
                .is_some_and(|r| r.principal_id == identity.principal_id);
            if unchanged {
                continue;
            }
            self.events.push(Event::UserIdentityAssigned {
                resource_id: target.id.clone(),
                kind: target.kind,
                resource_name: target.name.clone(),
                identity_name: identity.name.clone(),
                reference: UserIdentityRef {
                    id,
                    client_id: identity.client_id,
                    principal_id: identity.principal_id,
                },
            });
        }
        if let Some((role, scope, scope_text)) = grant_parts {
            let principal_name = target.name.clone();
            if self.assignment_exists(system_principal, role.guid, &scope_text) {
                return Err(role_assignment_exists());
            }
            let name = self.ids.next_guid();
            self.push_assignment(
                name,
                system_principal,
                principal_name,
                "ServicePrincipal".to_string(),
                role,
                &scope,
                scope_text,
            );
        }
        Ok(())
    }

    pub(super) fn remove_identities(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        selection: &IdentitySelection,
    ) -> Result<(), CommandError> {
        let resource = self.require_resource(kind, group, name)?;
        self.require_identity_capable(kind)?;
        let target = target_of(resource);
        let remove_system = selection.system || selection.user.is_empty();
        let mut removing: SortedMap<ArmKey, &UserIdentityRef> = SortedMap::new();
        let mut not_associated = Vec::new();
        for entry in &selection.user {
            let (id, _) = self.resolve_user_identity(&target, entry);
            match resource.identity.user.get_key_value(&ArmKey::of(&id)) {
                Some((key, reference)) => {
                    removing.insert(key.clone(), reference);
                }
                None => not_associated.push(entry.trim().to_string()),
            }
        }
        if !not_associated.is_empty() {
            return Err(CommandError::cli(format!(
                "'{}' are not associated with '{}'",
                not_associated.join(","),
                resource.name
            )));
        }
        if let Some((_, dangling)) = resource.identity.user.iter().find(|(key, _)| {
            !removing.contains_key(*key) && !self.world.user_identities.contains_key(*key)
        }) {
            return Err(failed_identity_operation(&resource.id, &dangling.id)
                .with_hint("Remove the dangling identity in the same command, or first."));
        }
        if remove_system {
            if let Some(system) = resource.identity.system {
                self.events.push(Event::SystemIdentityDisabled {
                    resource_id: resource.id.clone(),
                    kind,
                    name: resource.name.clone(),
                    principal_id: system.principal_id,
                });
                self.principal_deleted(
                    system.principal_id,
                    PrincipalRemoval::SystemIdentityDisabled {
                        kind,
                        name: resource.name.clone(),
                    },
                );
            }
        }
        for (key, reference) in removing {
            self.events.push(Event::UserIdentityUnassigned {
                resource_id: resource.id.clone(),
                kind,
                resource_name: resource.name.clone(),
                identity_id: reference.id.clone(),
                dangling: !self.world.user_identities.contains_key(&key),
            });
        }
        self.settle_assignments();
        Ok(())
    }

    /// `az vm update --set identity.type=…`: the type names what stays. `None` drops everything;
    /// `UserAssigned` drops the system-assigned identity (and, with
    /// `identity.userAssignedIdentities=null`, the user-assigned ones); `SystemAssigned` enables it
    /// and drops the user-assigned ones; both keeps both and enables the system-assigned one.
    pub(super) fn set_identity_type(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        identity_type: &str,
        clear_user_assigned: bool,
    ) -> Result<(), CommandError> {
        let resource = self.require_resource(kind, group, name)?;
        let (wants_system, keeps_user) = match identity_type.trim() {
            "None" | "none" => (false, false),
            "UserAssigned" => (false, !clear_user_assigned),
            "SystemAssigned" => (true, false),
            "SystemAssigned, UserAssigned" | "SystemAssigned,UserAssigned" => (true, true),
            other => return Err(CommandError::arm(
                "InvalidParameter",
                format!("The value '{other}' of parameter 'identity.type' is not valid. Allowed values are 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned' and 'None'."),
            )),
        };
        let has_system = resource.identity.system.is_some();
        if wants_system && !has_system {
            self.require_identity_capable(kind)?;
            let target = target_of(resource);
            self.assign_identities(
                &target,
                &resource.identity,
                &IdentitySelection::system(),
                None,
            )?;
        }
        let removal = IdentitySelection {
            system: !wants_system && has_system,
            user: if keeps_user {
                Vec::new()
            } else {
                resource
                    .identity
                    .user
                    .values()
                    .map(|reference| reference.id.clone())
                    .collect()
            },
        };
        if removal.is_empty() {
            return Ok(());
        }
        self.remove_identities(kind, group, name, &removal)
    }

    pub(super) fn create_user_identity(
        &mut self,
        group_name: &str,
        name: &str,
        location: Option<&str>,
        tags: &Tags,
    ) -> Result<(), CommandError> {
        let group = self.require_group(group_name)?;
        names::validate_user_identity_name(name)?;
        names::validate_tags(tags, false)?;
        let location = match location {
            Some(location) => names::normalize_location(location)?,
            None => group.location.clone(),
        };
        if let Some(existing) = self.world.user_identity(group_name, name) {
            if existing.location != location {
                return Err(CommandError::arm(
                    "InvalidResourceLocation",
                    format!(
                        "The resource '{name}' already exists in location '{}' in resource group '{}'. A resource with the same name cannot be created in location '{location}'. Please select a new resource name.",
                        existing.location, existing.group
                    ),
                ));
            }
            // An idempotent PUT: the identity keeps its clientId and principalId; its tags are
            // the request's.
            self.replace_tags(&existing.id, &existing.name, &existing.tags, tags);
            return Ok(());
        }
        let subscription = self.world.current_subscription;
        let tenant_id = self.tenant();
        let client_id = AppId(self.ids.next_guid());
        let principal_id = ObjectId(self.ids.next_guid());
        let identity = UserIdentity {
            id: format!(
                "/subscriptions/{subscription}/resourcegroups/{group_name}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}"
            ),
            name: name.to_string(),
            group: group_name.to_string(),
            subscription_id: subscription,
            location,
            tenant_id,
            client_id,
            principal_id,
            created: self.now,
            tags: tags.clone(),
            federated: Vec::new(),
        };
        let principal = ServicePrincipal {
            id: principal_id,
            app_id: client_id,
            display_name: name.to_string(),
            tenant_id,
            kind: PrincipalKind::ManagedIdentity {
                resource_id: identity.id.clone(),
                user_assigned: true,
            },
            created: self.now,
        };
        self.events.push(Event::UserIdentityCreated { identity });
        self.events
            .push(Event::ServicePrincipalCreated { principal });
        Ok(())
    }

    pub(super) fn delete_user_identity(
        &mut self,
        group: &str,
        name: &str,
    ) -> Result<(), CommandError> {
        self.require_group(group)?;
        // docs/azure-rules.md M10: deleting an identity that isn't there is ARM's 204.
        let Some(identity) = self.world.user_identity(group, name) else {
            return Ok(());
        };
        self.user_identity_deleted(identity, Removal::Explicit);
        self.settle_assignments();
        Ok(())
    }

    /// `az identity federated-credential create|update` (docs/azure-rules.md R19): a PUT of the
    /// child resource; `update` needs it to exist.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn set_federated_credential(
        &mut self,
        group: &str,
        identity_name: &str,
        name: &str,
        issuer: &str,
        subject: &str,
        audiences: &[String],
        update: bool,
    ) -> Result<(), CommandError> {
        self.require_group(group)?;
        let identity = self.world.user_identity(group, identity_name).ok_or_else(|| {
            CommandError::arm(
                "ResourceNotFound",
                format!("The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/{identity_name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"),
            )
        })?;
        names::validate_federated_credential_name(name)?;
        let bad = |message: String| CommandError::arm("BadRequest", message);
        let existing = identity
            .federated
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name));
        if update && existing.is_none() {
            return Err(CommandError::arm(
                "NotFound",
                format!("Federated Identity Credential '{name}' does not exist on identity '{identity_name}'."),
            ));
        }
        let issuer = issuer.trim();
        if !issuer.starts_with("https://") {
            return Err(bad(format!(
                "The issuer '{issuer}' is invalid: it must be an https URL."
            )));
        }
        if subject.trim().is_empty() {
            return Err(bad("The subject must not be empty.".into()));
        }
        if audiences.len() != 1 || audiences[0].trim().is_empty() {
            return Err(bad(
                "A federated identity credential takes exactly one audience.".into(),
            ));
        }
        let duplicate = identity.federated.iter().any(|c| {
            !c.name.eq_ignore_ascii_case(name) && c.issuer == issuer && c.subject == subject.trim()
        });
        if duplicate {
            return Err(bad(format!("A federated identity credential with issuer '{issuer}' and subject '{}' already exists on identity '{identity_name}'.", subject.trim())));
        }
        if existing.is_none() && identity.federated.len() >= MAX_FEDERATED_CREDENTIALS {
            return Err(bad(format!("Identity '{identity_name}' already has {MAX_FEDERATED_CREDENTIALS} federated identity credentials, the most one identity can have.")));
        }
        let credential = crate::FederatedCredential {
            name: existing.map_or_else(|| name.to_string(), |c| c.name.clone()),
            issuer: issuer.to_string(),
            subject: subject.trim().to_string(),
            audiences: audiences.iter().map(|a| a.trim().to_string()).collect(),
        };
        self.events.push(Event::FederatedCredentialSet {
            identity_id: identity.id.clone(),
            identity_name: identity.name.clone(),
            credential,
        });
        Ok(())
    }

    /// `az identity federated-credential delete`: ARM's DELETE, a 204 when it isn't there.
    pub(super) fn delete_federated_credential(
        &mut self,
        group: &str,
        identity_name: &str,
        name: &str,
    ) -> Result<(), CommandError> {
        self.require_group(group)?;
        let Some(identity) = self.world.user_identity(group, identity_name) else {
            return Ok(());
        };
        if let Some(credential) = identity
            .federated
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
        {
            self.events.push(Event::FederatedCredentialDeleted {
                identity_id: identity.id.clone(),
                identity_name: identity.name.clone(),
                name: credential.name.clone(),
            });
        }
        Ok(())
    }

    /// docs/azure-rules.md R8: the identity and its SP go; references on resources stay, dangling.
    pub(super) fn user_identity_deleted(&mut self, identity: &UserIdentity, reason: Removal) {
        self.events.push(Event::UserIdentityDeleted {
            id: identity.id.clone(),
            name: identity.name.clone(),
            principal_id: identity.principal_id,
            reason,
        });
        self.principal_deleted(
            identity.principal_id,
            PrincipalRemoval::UserIdentityDeleted {
                name: identity.name.clone(),
            },
        );
        self.gone_scopes
            .push((ArmKey::of(&identity.id), identity.id.clone()));
    }
}

/// azure-cli `_validate_vm_vmss_msi`: a role can only be granted to the system-assigned identity.
pub(super) fn role_scope_need_system_identity() -> CommandError {
    CommandError::cli(
        "usage error: '--scope'/'--role' is only applicable when assign system identity",
    )
    .with_hint("Add [system] to the identities: --role/--scope grant a role to the system-assigned identity only; grant user-assigned ones with az role assignment create.")
}

/// docs/azure-rules.md R8's refusal: an identity update on a resource that references a missing identity.
pub(super) fn failed_identity_operation(resource_id: &str, identity_id: &str) -> CommandError {
    CommandError::arm(
        "FailedIdentityOperation",
        format!(
            "Identity operation for resource '{resource_id}' failed with error 'Failed to perform resource identity operation. Status: 'BadRequest'. Response: '{{\"error\":{{\"code\":\"BadRequest\",\"message\":\"Resource '{identity_id}' was not found.\"}}}}'.'."
        ),
    )
}
