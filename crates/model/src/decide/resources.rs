//! Resource groups, resources and the signed-in subscription: creating, updating by re-creating, and deleting with their cascade.

use super::identities::role_scope_need_system_identity;
use super::*;

impl<'w> Decision<'w> {
    pub(super) fn create_group(
        &mut self,
        name: &str,
        location: &str,
        tags: &Tags,
    ) -> Result<(), CommandError> {
        names::validate_group_name(name)?;
        let location = names::normalize_location(location)?;
        names::validate_tags(tags, false)?;
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
            // Without --tags the PUT clears them (Azure/azure-cli#11513).
            self.replace_tags(&existing.id, &existing.name, &existing.tags, tags);
            return Ok(());
        }
        let group = ResourceGroup {
            id: self.world.group_id(name),
            name: name.to_string(),
            location,
            subscription_id: self.world.current_subscription,
            created: self.now,
            tags: tags.clone(),
        };
        self.events.push(Event::ResourceGroupCreated { group });
        Ok(())
    }

    /// `az group update --tags`: azure-cli `update_resource_group` sets the group's tags to
    /// exactly these, then PUTs the group (docs/azure-rules.md M16).
    pub(super) fn update_group_tags(
        &mut self,
        name: &str,
        tags: &Tags,
    ) -> Result<(), CommandError> {
        let group = self.require_group(name)?;
        names::validate_tags(tags, false)?;
        self.replace_tags(&group.id, &group.name, &group.tags, tags);
        Ok(())
    }

    pub(super) fn delete_group(&mut self, name: &str) -> Result<(), CommandError> {
        let group = self.require_group(name)?;
        let group_key = ArmKey::of(&group.id);
        self.events.push(Event::ResourceGroupDeleted {
            id: group.id.clone(),
            name: group.name.clone(),
        });
        let world = self.world;
        for (_, resource) in world
            .resources
            .iter()
            .filter(|(key, _)| key.is_within(&group_key))
        {
            self.resource_deleted(resource, Removal::GroupDeleted(group.name.clone()));
        }
        for (_, identity) in world
            .user_identities
            .iter()
            .filter(|(key, _)| key.is_within(&group_key))
        {
            self.user_identity_deleted(identity, Removal::GroupDeleted(group.name.clone()));
        }
        self.gone_scopes.push((group_key, group.id.clone()));
        self.settle_assignments();
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_resource(
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
        self.check_hosting_arguments(kind, options, location)?;
        let group = self.require_group(group_name)?;
        names::validate_resource_name(kind, name, options.os_type)?;
        names::validate_tags(&options.tags, kind == ResourceKind::StorageAccount)?;
        let mut options = options.clone();
        let location = if kind.is_site() {
            // docs/azure-rules.md M13: an app runs where its plan is.
            let hosting = self.hosting(kind, group_name, name, &options, location)?;
            options.plan = hosting.plan_id;
            options.os_type = hosting.os_type;
            hosting.location
        } else {
            match location {
                Some(location) => names::normalize_location(location)?,
                None => group.location.clone(),
            }
        };
        if kind == ResourceKind::AppServicePlan {
            let sku = options.sku.as_deref().unwrap_or(crate::json::DEFAULT_SKU);
            names::app_service_sku(sku)?;
        }
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
            // Creating what exists is an update (ARM PUT): only the identity part and the tags
            // can change here.
            let target = target_of(existing);
            self.assign_identities(&target, &existing.identity, identity, grant)?;
            self.replace_tags(
                &existing.id,
                &existing.name,
                &existing.options.tags,
                &options.tags,
            );
            return Ok(());
        }
        self.check_global_name(kind, name)?;
        // docs/azure-rules.md M11: an access-policy vault gives its creator one policy; an RBAC
        // vault has none, and its creator no data access until a data role is granted.
        let access_policies = match self.world.signed_in_user() {
            Some(user) if kind == ResourceKind::KeyVault && !options.rbac_authorization => {
                vec![AccessPolicy::for_creator(
                    self.tenant_of(self.world.current_subscription),
                    user.id,
                )]
            }
            _ => Vec::new(),
        };
        let private_ip = if kind == ResourceKind::VirtualMachine {
            Some(self.free_private_ip(group_name, &location)?)
        } else {
            None
        };
        let resource = Resource {
            kind,
            id: id.clone(),
            name: name.to_string(),
            group: group_name.to_string(),
            subscription_id: self.world.current_subscription,
            location,
            identity: ResourceIdentity::default(),
            options,
            private_ip,
            created: self.now,
            secrets: SortedMap::new(),
            access_policies,
            containers: SortedMap::new(),
        };
        let target = target_of(&resource);
        self.events.push(Event::ResourceCreated {
            resource: Box::new(resource),
        });
        self.assign_identities(&target, &ResourceIdentity::default(), identity, grant)
    }

    /// docs/azure-rules.md M17: `az vm create` without `--vnet-name` puts a VM in the virtual
    /// network its group already has in its location (azure-cli vm `_validate_vm_vmss_create_vnet`),
    /// else in a new one, `10.0.0.0/24` either way. Azure keeps `.0`–`.3` and `.255`; the VM gets
    /// the smallest address no other VM of that network holds.
    fn free_private_ip(&self, group: &str, location: &str) -> Result<u8, CommandError> {
        let group_key = ArmKey::of(&self.world.group_id(group));
        let neighbours: Vec<&Resource> = self
            .world
            .resources
            .iter()
            .filter(|(key, r)| r.location == location && key.is_within(&group_key))
            .map(|(_, r)| r)
            .collect();
        let taken = |host: &u8| neighbours.iter().any(|r| r.private_ip == Some(*host));
        (4..=254).find(|host| !taken(host)).ok_or_else(|| {
            // Full: every address is taken, so a VM holds .4; the network is named after it.
            let first = neighbours
                .iter()
                .find(|r| r.private_ip == Some(4))
                .map_or("", |r| r.name.as_str());
            CommandError::arm(
                "SubnetIsFull",
                format!(
                    "Subnet {}/providers/Microsoft.Network/virtualNetworks/{first}VNET/subnets/{first}Subnet with address prefix 10.0.0.0/24 does not have enough capacity for 1 IP addresses.",
                    self.world.group_id(group)
                ),
            )
        })
    }

    /// Key Vault, storage account and web app names are global DNS names.
    pub(super) fn check_global_name(
        &self,
        kind: ResourceKind,
        name: &str,
    ) -> Result<(), CommandError> {
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

    pub(super) fn delete_resource(
        &mut self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        keep_empty_plan: bool,
    ) -> Result<(), CommandError> {
        self.require_group(group)?;
        // docs/azure-rules.md M10: ARM answers a DELETE of a resource that isn't there with 204
        // No Content, so the CLI succeeds and prints nothing; only a missing group is an error.
        let Some(resource) = self.world.resource(kind, group, name) else {
            return Ok(());
        };
        if kind == ResourceKind::AppServicePlan {
            self.check_plan_empty(resource)?;
        }
        self.resource_deleted(resource, Removal::Explicit);
        if kind.is_site() && !keep_empty_plan {
            self.delete_plan_if_emptied(resource);
        }
        self.settle_assignments();
        Ok(())
    }

    pub(super) fn set_subscription(&mut self, subscription: &str) -> Result<(), CommandError> {
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
}

pub(super) fn vault_exists(name: &str) -> CommandError {
    CommandError::arm(
        "VaultAlreadyExists",
        format!("The vault name '{name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state."),
    )
}
