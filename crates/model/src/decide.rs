//! Every rule of spec §2: a command and the world in, the events it causes (or Azure's refusal) out.

use crate::clock::Timestamp;
use crate::command::{
    AssignmentSelector, Command, IdentitySelection, ResourceKind, ResourceOptions, RoleGrant,
    SignInAudience, TokenSelector,
};
use crate::error::CommandError;
use crate::event::{AssignmentRemoval, Event, PrincipalRemoval, Removal};
use crate::ids::{AppId, ArmKey, Guid, IdGenerator, ObjectId, SubscriptionId, TenantId};
use crate::names;
use crate::roles::{self, RoleDefinition};
use crate::sorted_map::SortedMap;
use crate::world::{
    user_identity_reference_id, Application, BlobContainer, KeyCredential, PasswordCredential,
    PrincipalKind, Resource, ResourceGroup, ResourceIdentity, RoleAssignment, ServicePrincipal,
    Token, UserIdentity, UserIdentityRef, VaultSecret, World,
};

/// The most user-assigned identities one request may attach (rule 6).
pub const MAX_USER_IDENTITIES_PER_REQUEST: usize = 150;
/// How long a managed identity's token lives, in seconds (`expires_in`, spec §4).
pub const TOKEN_LIFETIME_SECONDS: i64 = 86_399;
/// How long soft-deleted applications and service principals stay restorable (rule 15).
pub const SOFT_DELETE_RETENTION_SECONDS: i64 = 30 * 86_400;

/// Whether something soft-deleted at `deleted` can still be restored by a command decided at
/// `now` (rule 15: the recycle bin keeps it 30 days).
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

/// What a scope string names.
enum ScopeTarget {
    Subscription(SubscriptionId),
    Group(SubscriptionId),
    Resource(SubscriptionId),
}

impl ScopeTarget {
    fn subscription(&self) -> SubscriptionId {
        match self {
            ScopeTarget::Subscription(s) | ScopeTarget::Group(s) | ScopeTarget::Resource(s) => *s,
        }
    }
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
            now: world.clock.plus_seconds(Timestamp::STEP_SECONDS),
            events: Vec::new(),
            gone_principals: SortedMap::new(),
            gone_scopes: Vec::new(),
        }
    }

    fn run(&mut self, command: &Command) -> Result<(), CommandError> {
        match command {
            Command::CreateResourceGroup { name, location } => self.create_group(name, location),
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
                self.delete_resource(*kind, group, name)
            }
            Command::AssignIdentity {
                kind,
                group,
                name,
                identity,
                grant,
            } => {
                // The CLI validates --role/--scope before it sends anything.
                let names_system = identity.system || identity.user.is_empty();
                if grant.is_some() && !names_system {
                    return Err(role_scope_need_system_identity());
                }
                let resource = self.require_resource(*kind, group, name)?;
                self.require_identity_capable(resource.kind)?;
                let target = target_of(resource);
                self.assign_identities(&target, &resource.identity, identity, grant.as_ref())
            }
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
            } => self.create_user_identity(group, name, location.as_deref()),
            Command::DeleteUserIdentity { group, name } => self.delete_user_identity(group, name),
            Command::CreateRoleAssignment {
                assignee,
                role,
                scope,
            } => self.create_role_assignment(None, assignee, role, scope),
            Command::CreateRoleAssignmentWithName {
                name,
                assignee,
                role,
                scope,
            } => self.create_role_assignment(Some(name), assignee, role, scope),
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
            Command::CreateBlobContainer { account, name } => self.create_container(account, name),
            Command::SetSubscription { subscription } => self.set_subscription(subscription),
            Command::RequestToken {
                kind,
                group,
                name,
                audience,
                selector,
            } => self.request_token(*kind, group, name, audience, selector.as_ref()),
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
            Command::AdvanceClock { minutes } => {
                if *minutes == 0 {
                    return Ok(());
                }
                let to = self.world.clock.plus_seconds(i64::from(*minutes) * 60);
                self.events.push(Event::ClockAdvanced { to });
                Ok(())
            }
        }
    }

    // ----- lookups -------------------------------------------------------------------------

    fn tenant(&self) -> TenantId {
        self.world.tenant_id()
    }

    fn require_group(&self, name: &str) -> Result<&'w ResourceGroup, CommandError> {
        self.world
            .group(name)
            .ok_or_else(|| CommandError::resource_group_not_found(name))
    }

    fn require_resource(
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

    fn require_identity_capable(&self, kind: ResourceKind) -> Result<(), CommandError> {
        if kind.can_hold_identity() {
            return Ok(());
        }
        Err(CommandError::cli(format!(
            "The playground models a {} as a target that holds data: it has no managed identity to enable here.",
            kind.noun()
        ))
        .with_hint("Give an identity to the resource that runs code (a VM, a web app, a function app...) and grant that identity a role on this one."))
    }

    // ----- resource groups -----------------------------------------------------------------

    fn create_group(&mut self, name: &str, location: &str) -> Result<(), CommandError> {
        names::validate_group_name(name)?;
        let location = names::normalize_location(location)?;
        if let Some(existing) = self.world.group(name) {
            // `az group create` on an existing group is an idempotent PUT, unless it would move it.
            if existing.location != location {
                return Err(CommandError::arm(
                    "InvalidResourceGroupLocation",
                    format!(
                        "Invalid resource group location '{location}'. The Resource group already exists in location '{}'.",
                        existing.location
                    ),
                ));
            }
            return Ok(());
        }
        let group = ResourceGroup {
            id: self.world.group_id(name),
            name: name.to_string(),
            location,
            subscription_id: self.world.current_subscription,
            created: self.now,
        };
        self.events.push(Event::ResourceGroupCreated { group });
        Ok(())
    }

    fn delete_group(&mut self, name: &str) -> Result<(), CommandError> {
        let group = self.require_group(name)?;
        let group_key = ArmKey::of(&group.id);
        self.events.push(Event::ResourceGroupDeleted {
            id: group.id.clone(),
            name: group.name.clone(),
        });
        let world = self.world;
        for resource in world
            .resources
            .values()
            .filter(|r| ArmKey::of(&r.id).is_within(&group_key))
        {
            self.resource_deleted(resource, Removal::GroupDeleted(group.name.clone()));
        }
        for identity in world
            .user_identities
            .values()
            .filter(|i| ArmKey::of(&i.id).is_within(&group_key))
        {
            self.user_identity_deleted(identity, Removal::GroupDeleted(group.name.clone()));
        }
        self.gone_scopes.push((group_key, group.id.clone()));
        self.settle_assignments();
        Ok(())
    }

    // ----- resources -----------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    fn create_resource(
        &mut self,
        kind: ResourceKind,
        group_name: &str,
        name: &str,
        location: Option<&str>,
        identity: &IdentitySelection,
        grant: Option<&RoleGrant>,
        options: &ResourceOptions,
    ) -> Result<(), CommandError> {
        // azure-cli `_validate_vm_vmss_msi`, which runs before any request: --role/--scope need
        // --assign-identity, and only grant a role to the system-assigned identity.
        if grant.is_some() {
            if identity.is_empty() {
                return Err(CommandError::cli(
                    "usage error: --assign-identity [--scope SCOPE] [--role ROLE]",
                ));
            }
            if !identity.system {
                return Err(role_scope_need_system_identity());
            }
        }
        let group = self.require_group(group_name)?;
        names::validate_resource_name(kind, name, options.os_type)?;
        let location = match location {
            Some(location) => names::normalize_location(location)?,
            None => group.location.clone(),
        };
        if !identity.is_empty() {
            self.require_identity_capable(kind)?;
        }
        if let Some(account) = &options.storage_account {
            // azure-cli appservice `_validate_and_get_connection_string` reads the account's
            // properties from the app's group before it creates anything.
            self.require_resource(ResourceKind::StorageAccount, group_name, account)?;
        }
        let id = self.world.resource_id(kind, group_name, name);
        if let Some(existing) = self.world.resource_by_id(&id) {
            if existing.kind != kind {
                // Web apps and function apps are both `Microsoft.Web/sites`.
                return Err(CommandError::arm(
                    "Conflict",
                    format!("Website with given name {name} already exists."),
                ));
            }
            if existing.location != location {
                return Err(CommandError::arm(
                    "InvalidResourceLocation",
                    format!(
                        "The resource '{name}' already exists in location '{}' in resource group '{}'. A resource with the same name cannot be created in location '{location}'. Please select a new resource name.",
                        existing.location, existing.group
                    ),
                ));
            }
            if kind == ResourceKind::KeyVault {
                return Err(vault_exists(name));
            }
            // Creating what exists is an update (ARM PUT): only the identity part can change here.
            let target = target_of(existing);
            return self.assign_identities(&target, &existing.identity, identity, grant);
        }
        self.check_global_name(kind, name)?;
        let resource = Resource {
            kind,
            id: id.clone(),
            name: name.to_string(),
            group: group_name.to_string(),
            subscription_id: self.world.current_subscription,
            location,
            identity: ResourceIdentity::default(),
            options: options.clone(),
            created: self.now,
            secrets: SortedMap::new(),
            containers: SortedMap::new(),
        };
        let target = target_of(&resource);
        self.events.push(Event::ResourceCreated { resource });
        self.assign_identities(&target, &ResourceIdentity::default(), identity, grant)
    }

    /// Key Vault, storage account and web app names are global DNS names.
    fn check_global_name(&self, kind: ResourceKind, name: &str) -> Result<(), CommandError> {
        let taken = |kinds: &[ResourceKind]| {
            self.world
                .resources
                .values()
                .any(|r| kinds.contains(&r.kind) && r.name.eq_ignore_ascii_case(name))
        };
        match kind {
            ResourceKind::KeyVault if taken(&[ResourceKind::KeyVault]) => Err(vault_exists(name)),
            ResourceKind::StorageAccount if taken(&[ResourceKind::StorageAccount]) => {
                Err(CommandError::arm(
                    "StorageAccountAlreadyTaken",
                    format!("The storage account named {name} is already taken."),
                ))
            }
            ResourceKind::WebApp | ResourceKind::FunctionApp
                if taken(&[ResourceKind::WebApp, ResourceKind::FunctionApp]) =>
            {
                Err(CommandError::arm(
                    "Conflict",
                    format!("Website with given name {name} already exists."),
                ))
            }
            _ => Ok(()),
        }
    }

    fn delete_resource(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
    ) -> Result<(), CommandError> {
        let resource = self.require_resource(kind, group, name)?;
        self.resource_deleted(resource, Removal::Explicit);
        self.settle_assignments();
        Ok(())
    }

    /// A resource goes, and with it its system-assigned identity's SP (rule 2). User-assigned
    /// identities it used stay (rule 7).
    fn resource_deleted(&mut self, resource: &Resource, reason: Removal) {
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
    fn principal_deleted(&mut self, id: ObjectId, reason: PrincipalRemoval) {
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

    /// Rules 11 and 12, after a cascade: assignments whose scope went are deleted with it;
    /// assignments whose principal went stay, orphaned.
    fn settle_assignments(&mut self) {
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

    // ----- identities on resources ---------------------------------------------------------

    /// Resolves `--identities` entries: a name in the resource's group, or a full resource ID.
    /// Returns the reference ID to use and the live identity, if any.
    fn resolve_user_identity(
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

    fn assign_identities(
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
        // Rule 8: a dangling reference blocks every identity update until it is removed (or, for a
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
                // Rule 1: one new SP in the tenant trusted by the resource's subscription.
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
            // Rule 4 needs nothing here: enabling an enabled identity changes nothing.
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
                role,
                &scope,
                scope_text,
            );
        }
        Ok(())
    }

    fn tenant_of(&self, subscription: SubscriptionId) -> TenantId {
        self.world
            .subscriptions
            .get(&subscription)
            .map(|s| s.tenant_id)
            .unwrap_or_else(|| self.tenant())
    }

    fn remove_identities(
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
    fn set_identity_type(
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

    // ----- user-assigned identities --------------------------------------------------------

    fn create_user_identity(
        &mut self,
        group_name: &str,
        name: &str,
        location: Option<&str>,
    ) -> Result<(), CommandError> {
        let group = self.require_group(group_name)?;
        names::validate_user_identity_name(name)?;
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
            // An idempotent PUT: the identity keeps its clientId and principalId.
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

    fn delete_user_identity(&mut self, group: &str, name: &str) -> Result<(), CommandError> {
        self.require_group(group)?;
        let identity = self.world.user_identity(group, name).ok_or_else(|| {
            CommandError::resource_not_found(
                "Microsoft.ManagedIdentity/userAssignedIdentities",
                name,
                group,
            )
        })?;
        self.user_identity_deleted(identity, Removal::Explicit);
        self.settle_assignments();
        Ok(())
    }

    /// Rule 8: the identity and its SP go; references on resources stay, dangling.
    fn user_identity_deleted(&mut self, identity: &UserIdentity, reason: Removal) {
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

    // ----- role assignments ----------------------------------------------------------------

    fn resolve_scope(&self, scope: &str) -> Result<ScopeTarget, CommandError> {
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
    fn resolve_assignee(
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

    fn assignment_exists(&self, principal: ObjectId, role: Guid, scope: &str) -> bool {
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

    fn create_role_assignment(
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
            // Rule 10: an assignment can't be modified.
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

    fn push_assignment(
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

    fn delete_role_assignments(
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

    // ----- applications and service principals ---------------------------------------------

    fn create_application(
        &mut self,
        display_name: &str,
        audience: SignInAudience,
    ) -> Result<(), CommandError> {
        let display_name = display_name.trim();
        if display_name.is_empty() {
            return Err(CommandError::cli(
                "the following arguments are required: --display-name",
            ));
        }
        let id = ObjectId(self.ids.next_guid());
        let app_id = AppId(self.ids.next_guid());
        let application = Application {
            id,
            app_id,
            display_name: display_name.to_string(),
            tenant_id: self.tenant(),
            audience,
            passwords: Vec::new(),
            keys: Vec::new(),
            created: self.now,
        };
        self.events.push(Event::ApplicationCreated { application });
        Ok(())
    }

    fn require_application(&self, id: &str) -> Result<&'w Application, CommandError> {
        self.world
            .find_application(self.tenant(), id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))
    }

    fn delete_application(&mut self, id: &str) -> Result<(), CommandError> {
        let application = self.require_application(id)?;
        self.events.push(Event::ApplicationDeleted {
            id: application.id,
            app_id: application.app_id,
            display_name: application.display_name.clone(),
            at: self.now,
        });
        // Rule 15: the home SP goes too; SPs in tenants that consented stay.
        let world = self.world;
        if let Some(home) = world
            .service_principals
            .values()
            .find(|sp| sp.tenant_id == application.tenant_id && sp.app_id == application.app_id)
        {
            self.principal_deleted(
                home.id,
                PrincipalRemoval::ApplicationDeleted {
                    display_name: application.display_name.clone(),
                },
            );
        }
        self.settle_assignments();
        Ok(())
    }

    fn credential_years(years: u32) -> Result<u32, CommandError> {
        if years == 0 || years > 100 {
            return Err(CommandError::cli(format!(
                "usage error: --years must be between 1 and 100, not {years}."
            )));
        }
        Ok(years)
    }

    /// azure-cli `_reset_credential` without `--append`: it first removes every password
    /// credential of the app, and a new certificate replaces the existing ones.
    fn replace_credentials(&mut self, application: &Application, certificates_too: bool) {
        let passwords: Vec<Guid> = application.passwords.iter().map(|c| c.key_id).collect();
        let certificates: Vec<Guid> = if certificates_too {
            application.keys.iter().map(|c| c.key_id).collect()
        } else {
            Vec::new()
        };
        if passwords.is_empty() && certificates.is_empty() {
            return;
        }
        self.events.push(Event::ApplicationCredentialsRemoved {
            application: application.id,
            display_name: application.display_name.clone(),
            passwords,
            certificates,
        });
    }

    fn add_secret_credential(
        &mut self,
        id: &str,
        display_name: Option<&str>,
        years: u32,
        append: bool,
    ) -> Result<(), CommandError> {
        let application = self.require_application(id)?;
        let years = Self::credential_years(years)?;
        if !append {
            self.replace_credentials(application, false);
        }
        let key_id = self.ids.next_guid();
        let secret_text = self.ids.next_secret_text();
        let credential = PasswordCredential {
            key_id,
            display_name: display_name.map(str::to_string),
            hint: secret_text.chars().take(3).collect(),
            start: self.now,
            end: self.now.plus_years(years),
        };
        self.events.push(Event::ApplicationSecretAdded {
            application: application.id,
            app_id: application.app_id,
            display_name: application.display_name.clone(),
            credential,
            secret_text,
        });
        Ok(())
    }

    fn add_certificate_credential(
        &mut self,
        id: &str,
        display_name: Option<&str>,
        years: u32,
        append: bool,
    ) -> Result<(), CommandError> {
        let application = self.require_application(id)?;
        let years = Self::credential_years(years)?;
        if !append {
            self.replace_credentials(application, true);
        }
        let key_id = self.ids.next_guid();
        let thumbprint = self.ids.next_thumbprint();
        let credential = KeyCredential {
            key_id,
            display_name: display_name.map(str::to_string),
            thumbprint,
            start: self.now,
            end: self.now.plus_years(years),
        };
        self.events.push(Event::ApplicationCertificateAdded {
            application: application.id,
            app_id: application.app_id,
            display_name: application.display_name.clone(),
            credential,
        });
        Ok(())
    }

    fn create_service_principal(&mut self, app_id: &str) -> Result<(), CommandError> {
        let tenant = self.tenant();
        let guid =
            Guid::parse(app_id).ok_or_else(|| CommandError::graph_not_found(app_id.trim()))?;
        let application = match self.world.application_by_app_id(AppId(guid)) {
            Some(application) => application,
            None => {
                let is_managed = self
                    .world
                    .service_principals
                    .values()
                    .any(|sp| sp.app_id.0 == guid && sp.is_managed_identity());
                let error = CommandError::graph_not_found(app_id.trim());
                return Err(if is_managed {
                    error.with_hint("That is a managed identity's clientId: Azure made its service principal already, and manages it.")
                } else {
                    error
                });
            }
        };
        // Rule 14: only a multi-tenant app can be represented outside its home tenant.
        if application.tenant_id != tenant
            && application.audience != SignInAudience::AzureAdMultipleOrgs
        {
            return Err(CommandError::graph_not_found(app_id.trim()).with_hint(
                "The app is single-tenant (AzureADMyOrg): only its home tenant can have its service principal. Register it with --sign-in-audience AzureADMultipleOrgs.",
            ));
        }
        if self
            .world
            .service_principals
            .values()
            .any(|sp| sp.tenant_id == tenant && sp.app_id == application.app_id)
        {
            return Err(CommandError::graph(
                "Request_MultipleObjectsWithSameKeyValue",
                "Another object with the same value for property servicePrincipalNames already exists.",
            ));
        }
        let principal = ServicePrincipal {
            id: ObjectId(self.ids.next_guid()),
            app_id: application.app_id,
            display_name: application.display_name.clone(),
            tenant_id: tenant,
            kind: PrincipalKind::Application {
                owner_tenant: application.tenant_id,
                audience: application.audience,
            },
            created: self.now,
        };
        self.events
            .push(Event::ServicePrincipalCreated { principal });
        Ok(())
    }

    fn delete_service_principal(&mut self, id: &str) -> Result<(), CommandError> {
        let principal = self
            .world
            .find_service_principal(self.tenant(), id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
        if principal.is_managed_identity() {
            // Rule 2/8 and spec §3: a managed identity's SP is managed by Azure, never directly.
            return Err(CommandError::graph(
                "Request_BadRequest",
                format!("Service principal '{}' is of type ManagedIdentity and can't be deleted directly.", principal.display_name),
            )
            .with_hint("Disable the resource's system-assigned identity, or delete the user-assigned identity: its service principal goes with it."));
        }
        self.principal_deleted(principal.id, PrincipalRemoval::Explicit);
        self.settle_assignments();
        Ok(())
    }

    fn restorable(&self, deleted: Timestamp) -> bool {
        restorable_at(self.now, deleted)
    }

    /// Graph's `POST /directory/deletedItems/{id}/restore`: the URL names an object ID only, so the
    /// deleted applications are searched first, then the deleted service principals.
    fn restore_deleted_item(&mut self, id: &str) -> Result<(), CommandError> {
        let tenant = self.tenant();
        let not_found = || CommandError::graph_not_found(id.trim());
        let object_id = ObjectId(Guid::parse(id).ok_or_else(not_found)?);
        if let Some(deleted) = self
            .world
            .deleted_applications
            .get(&object_id)
            .filter(|d| d.item.tenant_id == tenant)
        {
            if !self.restorable(deleted.deleted) {
                return Err(not_found());
            }
            self.events.push(Event::ApplicationRestored {
                id: deleted.item.id,
                display_name: deleted.item.display_name.clone(),
            });
            return Ok(());
        }
        let deleted = self
            .world
            .deleted_service_principals
            .get(&object_id)
            .filter(|d| d.item.tenant_id == tenant && self.restorable(d.deleted))
            .ok_or_else(not_found)?;
        if self
            .world
            .service_principals
            .values()
            .any(|sp| sp.tenant_id == tenant && sp.app_id == deleted.item.app_id)
        {
            return Err(CommandError::graph(
                "Request_MultipleObjectsWithSameKeyValue",
                "Another object with the same value for property servicePrincipalNames already exists.",
            ));
        }
        self.events.push(Event::ServicePrincipalRestored {
            id: deleted.item.id,
            display_name: deleted.item.display_name.clone(),
        });
        Ok(())
    }

    // ----- data: secrets and containers ------------------------------------------------------

    fn set_secret(
        &mut self,
        vault_name: &str,
        name: &str,
        value: &str,
    ) -> Result<(), CommandError> {
        let vault = self
            .world
            .resource_named(ResourceKind::KeyVault, vault_name)
            .ok_or_else(|| {
                CommandError::cli(format!(
                    "The vault '{}' could not be found in the current subscription.",
                    vault_name.trim()
                ))
            })?;
        names::validate_secret_name(name)?;
        let version = self.ids.next_guid().simple();
        let created = vault
            .secrets
            .get(&name.to_ascii_lowercase())
            .map_or(self.now, |s| s.created);
        let secret = VaultSecret {
            name: name.to_string(),
            value: value.to_string(),
            version,
            updated: self.now,
            created,
        };
        self.events.push(Event::SecretSet {
            vault_id: vault.id.clone(),
            vault_name: vault.name.clone(),
            secret,
        });
        Ok(())
    }

    fn create_container(&mut self, account_name: &str, name: &str) -> Result<(), CommandError> {
        let account = self
            .world
            .resource_named(ResourceKind::StorageAccount, account_name)
            .ok_or_else(|| {
                CommandError::cli(format!(
                    "The storage account '{}' could not be found in the current subscription.",
                    account_name.trim()
                ))
            })?;
        names::validate_container_name(name)?;
        // `az storage container create` on an existing container prints {"created": false}.
        if account.containers.contains_key(name) {
            return Ok(());
        }
        self.events.push(Event::BlobContainerCreated {
            account_id: account.id.clone(),
            account_name: account.name.clone(),
            container: BlobContainer {
                name: name.to_string(),
                created: self.now,
            },
        });
        Ok(())
    }

    fn set_subscription(&mut self, subscription: &str) -> Result<(), CommandError> {
        let found = self.world.find_subscription(subscription).ok_or_else(|| {
            CommandError::cli(format!(
                "The subscription of '{}' doesn't exist in cloud 'AzureCloud'.",
                subscription.trim()
            ))
        })?;
        if found.id != self.world.current_subscription {
            self.events.push(Event::SubscriptionSelected {
                subscription: found.id,
                name: found.name.clone(),
                tenant: found.tenant_id,
            });
        }
        Ok(())
    }

    // ----- tokens (spec §4) ------------------------------------------------------------------

    fn request_token(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        audience: &str,
        selector: Option<&TokenSelector>,
    ) -> Result<(), CommandError> {
        let resource = self.require_resource(kind, group, name)?;
        self.require_identity_capable(kind)?;
        let identity_not_found =
            || CommandError::identity_endpoint("invalid_request", "Identity not found");
        let system = resource
            .identity
            .system
            .and_then(|s| self.world.service_principal(s.principal_id));
        // Which identity: (principalId, clientId, xms_mirid), or why none.
        let chosen: (ObjectId, AppId, String) = match selector {
            Some(selector) => {
                let matches_system = system.filter(|sp| match selector {
                    TokenSelector::ClientId(c) => Guid::parse(c) == Some(sp.app_id.0),
                    TokenSelector::ObjectId(o) => Guid::parse(o) == Some(sp.id.0),
                    TokenSelector::ResourceId(_) => false,
                });
                if let Some(sp) = matches_system {
                    (sp.id, sp.app_id, resource.id.clone())
                } else {
                    let reference = resource
                        .identity
                        .user
                        .iter()
                        .find(|(key, r)| match selector {
                            TokenSelector::ClientId(c) => Guid::parse(c) == Some(r.client_id.0),
                            TokenSelector::ObjectId(o) => Guid::parse(o) == Some(r.principal_id.0),
                            TokenSelector::ResourceId(id) => ArmKey::of(id) == **key,
                        })
                        .ok_or_else(identity_not_found)?;
                    self.live_reference(reference.0, reference.1)
                        .ok_or_else(identity_not_found)?
                }
            }
            None => match system {
                Some(sp) => (sp.id, sp.app_id, resource.id.clone()),
                None => {
                    let uses_imds = matches!(
                        kind,
                        ResourceKind::VirtualMachine
                            | ResourceKind::VmScaleSet
                            | ResourceKind::ContainerInstance
                    );
                    // IMDS picks a sole user-assigned identity; App Service-style endpoints never do.
                    match resource.identity.user.iter().collect::<Vec<_>>().as_slice() {
                        [(key, reference)] if uses_imds => {
                            self.live_reference(key, reference).ok_or_else(identity_not_found)?
                        }
                        [_, _, ..] if uses_imds => {
                            return Err(CommandError::identity_endpoint(
                                "invalid_request",
                                "Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request",
                            ))
                        }
                        _ => return Err(identity_not_found()),
                    }
                }
            },
        };
        let tenant_id = resource
            .identity
            .system
            .map_or_else(|| self.tenant_of(resource.subscription_id), |s| s.tenant_id);
        if !self.known_audience(audience) {
            return Err(CommandError::identity_endpoint(
                "invalid_resource",
                format!(
                    "AADSTS50001: The application named {audience} was not found in the tenant named {tenant_id}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."
                ),
            ));
        }
        let token = Token {
            id: self.ids.next_guid(),
            requested_by: resource.id.clone(),
            identity_resource_id: chosen.2,
            principal_id: chosen.0,
            client_id: chosen.1,
            tenant_id,
            audience: audience.trim().to_string(),
            issued: self.now,
            expires: self.now.plus_seconds(TOKEN_LIFETIME_SECONDS),
        };
        self.events.push(Event::TokenIssued { token });
        Ok(())
    }

    /// A user-assigned reference that still points at the live identity it was made for.
    fn live_reference(
        &self,
        key: &ArmKey,
        reference: &UserIdentityRef,
    ) -> Option<(ObjectId, AppId, String)> {
        let identity = self.world.user_identities.get(key)?;
        (identity.principal_id == reference.principal_id).then(|| {
            (
                identity.principal_id,
                identity.client_id,
                identity.id.clone(),
            )
        })
    }

    fn known_audience(&self, audience: &str) -> bool {
        let audience = audience.trim().trim_end_matches('/').to_ascii_lowercase();
        const WELL_KNOWN: &[&str] = &[
            "https://management.azure.com",
            "https://management.core.windows.net",
            "https://vault.azure.net",
            "https://storage.azure.com",
            "https://graph.microsoft.com",
            "https://database.windows.net",
            "https://ossrdbms-aad.database.windows.net",
            "https://servicebus.azure.net",
            "https://eventhubs.azure.net",
            "https://cognitiveservices.azure.com",
        ];
        if WELL_KNOWN.contains(&audience.as_str()) {
            return true;
        }
        let storage = self
            .world
            .resources_of(ResourceKind::StorageAccount)
            .any(|account| {
                audience
                    == format!(
                        "https://{}.blob.core.windows.net",
                        account.name.to_ascii_lowercase()
                    )
            });
        let vault = self
            .world
            .resources_of(ResourceKind::KeyVault)
            .any(|vault| {
                audience
                    == format!(
                        "https://{}.vault.azure.net",
                        vault.name.to_ascii_lowercase()
                    )
            });
        // An app registration exposing an API: `api://{appId}`.
        let app = audience
            .strip_prefix("api://")
            .and_then(Guid::parse)
            .is_some_and(|guid| self.world.application_by_app_id(AppId(guid)).is_some());
        storage || vault || app
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

fn role_name(guid: Guid) -> String {
    roles::role_by_guid(guid)
        .map(|r| r.name.to_string())
        .unwrap_or_default()
}

fn role_assignment_exists() -> CommandError {
    CommandError::arm(
        "RoleAssignmentExists",
        "The role assignment already exists.",
    )
}

fn vault_exists(name: &str) -> CommandError {
    CommandError::arm(
        "VaultAlreadyExists",
        format!("The vault name '{name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state."),
    )
}

fn invalid_scope(scope: &str) -> CommandError {
    CommandError::arm(
        "InvalidResourceId",
        format!(
            "The scope '{}' is not a valid resource ID for a role assignment.",
            scope.trim()
        ),
    )
}

/// azure-cli `_validate_vm_vmss_msi`: a role can only be granted to the system-assigned identity.
fn role_scope_need_system_identity() -> CommandError {
    CommandError::cli(
        "usage error: '--scope'/'--role' is only applicable when assign system identity",
    )
    .with_hint("Add [system] to the identities: --role/--scope grant a role to the system-assigned identity only; grant user-assigned ones with az role assignment create.")
}

/// Rule 8's refusal: an identity update on a resource that references a missing identity.
fn failed_identity_operation(resource_id: &str, identity_id: &str) -> CommandError {
    CommandError::arm(
        "FailedIdentityOperation",
        format!(
            "Identity operation for resource '{resource_id}' failed with error 'Failed to perform resource identity operation. Status: 'BadRequest'. Response: '{{\"error\":{{\"code\":\"BadRequest\",\"message\":\"Resource '{identity_id}' was not found.\"}}}}'.'."
        ),
    )
}
