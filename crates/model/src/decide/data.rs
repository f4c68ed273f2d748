//! The data plane and the identity endpoint: Key Vault secrets, blob containers, and tokens.

use super::*;

impl<'w> Decision<'w> {
    pub(super) fn set_secret(
        &mut self,
        vault_name: &str,
        name: &str,
        value: &str,
    ) -> Result<(), CommandError> {
        let vault = query::vault_for_data(self.world, vault_name)?;
        names::validate_secret_name(name)?;
        // docs/azure-rules.md M11: the learner is a principal like any other here.
        query::authorize_secret_operation(
            self.world,
            vault,
            query::SecretOperation::Set,
            Some(name),
        )?;
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

    /// The vault `az keyvault set-policy` / `delete-policy` names: by group and name with `-g`
    /// (ARM's errors), else by name in the subscription (azure-cli keyvault
    /// `validate_resource_group_name`: "The Vault 'X' not found within subscription.").
    fn managed_vault(&self, group: Option<&str>, name: &str) -> Result<&'w Resource, CommandError> {
        match group {
            Some(group) => self.require_resource(ResourceKind::KeyVault, group, name),
            None => self
                .world
                .resource_named(ResourceKind::KeyVault, name)
                .ok_or_else(|| CommandError::vault_not_in_subscription(name)),
        }
    }

    /// `--object-id` as it is, or `--spn` / `--upn` looked up in the signed-in tenant's directory
    /// (azure-cli role util `get_object_id`), with its name for the activity log.
    fn policy_principal(
        &self,
        principal: &PolicyPrincipal,
    ) -> Result<(ObjectId, String), CommandError> {
        let world = self.world;
        let unknown = || CommandError::cli("Unable to get object id from principal name.");
        match principal {
            PolicyPrincipal::ObjectId(text) => {
                let id = Guid::parse(text).map(ObjectId).ok_or_else(|| {
                    CommandError::arm(
                        "BadRequest",
                        format!(
                            "Invalid value found at accessPolicies[0].ObjectId: {}",
                            text.trim()
                        ),
                    )
                })?;
                Ok((id, query::principal_display_name(world, id)))
            }
            PolicyPrincipal::Spn(name) => query::service_principal_named(world, name)
                .map(|sp| (sp.id, sp.display_name.clone()))
                .ok_or_else(unknown),
            PolicyPrincipal::Upn(upn) => world
                .find_user(world.tenant_id(), upn)
                .map(|u| (u.id, u.user_principal_name.clone()))
                .ok_or_else(unknown),
        }
    }

    /// `az keyvault set-policy` (azure-cli keyvault custom.py `set_policy`): refused on an RBAC
    /// vault; otherwise the principal's policy is added, or its given kinds of permission replaced
    /// and the others kept (docs/azure-rules.md M11).
    pub(super) fn set_access_policy(
        &mut self,
        vault_name: &str,
        group: Option<&str>,
        principal: &PolicyPrincipal,
        permissions: &PolicyPermissions,
    ) -> Result<(), CommandError> {
        let (object_id, principal_name) = self.policy_principal(principal)?;
        let vault = self.managed_vault(group, vault_name)?;
        if vault.options.rbac_authorization {
            return Err(CommandError::cli(
                "Cannot set policies to a vault with '--enable-rbac-authorization' specified",
            ));
        }
        let tenant_id = self.tenant_of(vault.subscription_id);
        let existing = vault
            .access_policies
            .iter()
            .find(|p| p.object_id == object_id && p.tenant_id == tenant_id);
        let merged = |given: &Option<Vec<String>>, old: Option<&Vec<String>>| -> Vec<String> {
            match given {
                Some(values) => distinct(values),
                None => old.cloned().unwrap_or_default(),
            }
        };
        let policy = AccessPolicy {
            tenant_id,
            object_id,
            keys: merged(&permissions.keys, existing.map(|p| &p.keys)),
            secrets: merged(&permissions.secrets, existing.map(|p| &p.secrets)),
            certificates: merged(&permissions.certificates, existing.map(|p| &p.certificates)),
            storage: merged(&permissions.storage, existing.map(|p| &p.storage)),
        };
        self.events.push(Event::AccessPolicySet {
            vault_id: vault.id.clone(),
            vault_name: vault.name.clone(),
            policy,
            principal_name,
        });
        Ok(())
    }

    /// `az keyvault delete-policy` (azure-cli keyvault custom.py `delete_policy`).
    pub(super) fn delete_access_policy(
        &mut self,
        vault_name: &str,
        group: Option<&str>,
        principal: &PolicyPrincipal,
    ) -> Result<(), CommandError> {
        let (object_id, principal_name) = self.policy_principal(principal)?;
        let vault = self.managed_vault(group, vault_name)?;
        if vault.options.rbac_authorization {
            return Err(CommandError::cli(
                "Cannot delete policies to a vault with '--enable-rbac-authorization' specified",
            ));
        }
        let tenant_id = self.tenant_of(vault.subscription_id);
        if !vault
            .access_policies
            .iter()
            .any(|p| p.object_id == object_id && p.tenant_id == tenant_id)
        {
            return Err(CommandError::cli("No matching policies found"));
        }
        self.events.push(Event::AccessPolicyDeleted {
            vault_id: vault.id.clone(),
            vault_name: vault.name.clone(),
            object_id,
            principal_name,
        });
        Ok(())
    }

    pub(super) fn create_container(
        &mut self,
        account_name: &str,
        name: &str,
    ) -> Result<(), CommandError> {
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

    pub(super) fn request_token(
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
        let sign_in = SignIn {
            id: Guid(0),
            time: self.now,
            tenant_id,
            principal_id: chosen.0,
            client_id: chosen.1,
            name: self.principal_name(chosen.0),
            associated_resource_id: resource.id.clone(),
            user_assigned: !chosen.2.eq_ignore_ascii_case(&resource.id),
            resource: audience.trim().to_string(),
            federated_issuer: None,
            token: None,
            failure: None,
        };
        if !self.known_audience(audience) {
            // IMDS passes the request on: Entra ID refuses it, and logs the failed sign-in.
            return self.refuse_sign_in(sign_in, "invalid_resource", format!(
                "AADSTS50001: The application named {audience} was not found in the tenant named {tenant_id}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."
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
        self.issue(token, sign_in);
        Ok(())
    }

    /// Issues a token and logs its sign-in as a success.
    fn issue(&mut self, token: Token, sign_in: SignIn) {
        let sign_in = SignIn {
            id: SignIn::id_for_token(token.id),
            token: Some(token.id),
            ..sign_in
        };
        self.events.push(Event::TokenIssued { token });
        self.events.push(Event::SignInRecorded { sign_in });
    }

    /// A refusal by Entra ID itself: the command is accepted (the failed sign-in is logged, docs/azure-rules.md T11)
    /// and its caller gets the error (`Event::refused_sign_in`).
    fn refuse_sign_in(
        &mut self,
        sign_in: SignIn,
        code: &str,
        description: String,
    ) -> Result<(), CommandError> {
        self.events.push(Event::SignInRecorded {
            sign_in: SignIn {
                id: self.ids.next_guid(),
                failure: Some((code.to_string(), description)),
                ..sign_in
            },
        });
        Ok(())
    }

    /// A service principal's display name (a managed identity's is its resource's or its own name).
    fn principal_name(&self, id: ObjectId) -> String {
        self.world
            .service_principal(id)
            .map(|sp| sp.display_name.clone())
            .unwrap_or_default()
    }

    /// Workload identity federation (docs/azure-rules.md R19): Entra ID's token endpoint checks the
    /// presented token against the identity's federated credentials (issuer, subject and audience
    /// all equal) and answers the identity's token for the scope, or its AADSTS error.
    pub(super) fn exchange_federated_token(
        &mut self,
        client_id: &str,
        issuer: &str,
        subject: &str,
        audience: &str,
        scope: &str,
    ) -> Result<(), CommandError> {
        let tenant = self.tenant();
        let wanted = client_id.trim();
        let (issuer, subject, audience) = (issuer.trim(), subject.trim(), audience.trim());
        let matches = |c: &crate::FederatedCredential| {
            c.issuer == issuer && c.subject == subject && c.audiences.iter().any(|a| a == audience)
        };
        let no_match = || {
            format!("AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: '{audience}'.")
        };
        let resource = scope.trim().trim_end_matches("/.default");
        let unknown_resource = || {
            format!("AADSTS500011: The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.")
        };
        let identity = self.world.user_identities.values().find(|i| {
            i.tenant_id == tenant && i.client_id.to_string().eq_ignore_ascii_case(wanted)
        });
        let Some(identity) = identity else {
            return self.exchange_for_application(
                wanted,
                resource,
                matches,
                no_match,
                unknown_resource,
            );
        };
        let sign_in = SignIn {
            id: Guid(0),
            time: self.now,
            tenant_id: identity.tenant_id,
            principal_id: identity.principal_id,
            client_id: identity.client_id,
            name: self.principal_name(identity.principal_id),
            associated_resource_id: identity.id.clone(),
            user_assigned: true,
            resource: resource.to_string(),
            federated_issuer: Some(issuer.to_string()),
            token: None,
            failure: None,
        };
        if !identity.federated.iter().any(matches) {
            return self.refuse_sign_in(sign_in, "invalid_client", no_match());
        }
        if !self.known_audience(resource) {
            return self.refuse_sign_in(sign_in, "invalid_resource", unknown_resource());
        }
        let token = Token {
            id: self.ids.next_guid(),
            requested_by: identity.id.clone(),
            identity_resource_id: identity.id.clone(),
            principal_id: identity.principal_id,
            client_id: identity.client_id,
            tenant_id: identity.tenant_id,
            audience: resource.to_string(),
            issued: self.now,
            expires: self.now.plus_seconds(ENTRA_TOKEN_SECONDS),
        };
        self.issue(token, sign_in);
        Ok(())
    }

    /// The exchange for an application (docs/azure-rules.md R19): its federated credentials, and
    /// its service principal in this tenant for the token. Service-principal sign-ins are not
    /// logged here (the log is the managed identities').
    fn exchange_for_application(
        &mut self,
        wanted: &str,
        resource: &str,
        matches: impl Fn(&crate::FederatedCredential) -> bool,
        no_match: impl Fn() -> String,
        unknown_resource: impl Fn() -> String,
    ) -> Result<(), CommandError> {
        let tenant = self.tenant();
        let refuse =
            |code: &str, message: String| Err(CommandError::identity_endpoint(code, message));
        let Some(app) = Guid::parse(wanted)
            .and_then(|guid| self.world.application_by_app_id(AppId(guid)))
            .filter(|app| app.tenant_id == tenant)
        else {
            return refuse("unauthorized_client", format!("AADSTS700016: Application with identifier '{wanted}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."));
        };
        if !app.federated.iter().any(|c| matches(&c.credential)) {
            return refuse("invalid_client", no_match());
        }
        let Some(principal) = self
            .world
            .service_principals
            .values()
            .find(|sp| sp.app_id == app.app_id && sp.tenant_id == tenant)
        else {
            return refuse("unauthorized_client", format!("AADSTS7000229: The client application {} is missing service principal in the tenant {tenant}.", app.app_id));
        };
        if !self.known_audience(resource) {
            return refuse("invalid_resource", unknown_resource());
        }
        let token = Token {
            id: self.ids.next_guid(),
            requested_by: app.display_name.clone(),
            identity_resource_id: String::new(),
            principal_id: principal.id,
            client_id: app.app_id,
            tenant_id: tenant,
            audience: resource.to_string(),
            issued: self.now,
            expires: self.now.plus_seconds(ENTRA_TOKEN_SECONDS),
        };
        self.events.push(Event::TokenIssued { token });
        Ok(())
    }

    /// A user-assigned reference that still points at the live identity it was made for.
    pub(super) fn live_reference(
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

    pub(super) fn known_audience(&self, audience: &str) -> bool {
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

/// Each permission once, lower-case, in the order given (the CLI dedupes them through a Python
/// `set`, whose order varies from run to run).
fn distinct(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let value = value.trim().to_ascii_lowercase();
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}
