//! The Microsoft Entra directory: app registrations, their credentials, service principals, and the recycle bin.

use super::*;

impl<'w> Decision<'w> {
    pub(super) fn create_application(
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
            federated: Vec::new(),
            passwords: Vec::new(),
            keys: Vec::new(),
            created: self.now,
        };
        self.events.push(Event::ApplicationCreated { application });
        Ok(())
    }

    pub(super) fn require_application(&self, id: &str) -> Result<&'w Application, CommandError> {
        self.world
            .find_application(self.tenant(), id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))
    }

    pub(super) fn delete_application(&mut self, id: &str) -> Result<(), CommandError> {
        let application = self.require_application(id)?;
        self.events.push(Event::ApplicationDeleted {
            id: application.id,
            app_id: application.app_id,
            display_name: application.display_name.clone(),
            at: self.now,
        });
        // docs/azure-rules.md R15: the home SP goes too; SPs in tenants that consented stay.
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

    pub(super) fn credential_years(years: u32) -> Result<u32, CommandError> {
        if years == 0 || years > 100 {
            return Err(CommandError::cli(format!(
                "usage error: --years must be between 1 and 100, not {years}."
            )));
        }
        Ok(years)
    }

    /// azure-cli `_reset_credential` without `--append`: it first removes every password
    /// credential of the app, and a new certificate replaces the existing ones.
    pub(super) fn replace_credentials(
        &mut self,
        application: &Application,
        certificates_too: bool,
    ) {
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

    pub(super) fn add_secret_credential(
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

    pub(super) fn add_certificate_credential(
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

    pub(super) fn create_service_principal(&mut self, app_id: &str) -> Result<(), CommandError> {
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
        // docs/azure-rules.md R14: only a multi-tenant app can be represented outside its home tenant.
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

    pub(super) fn delete_service_principal(&mut self, id: &str) -> Result<(), CommandError> {
        let principal = self
            .world
            .find_service_principal(self.tenant(), id)
            .ok_or_else(|| CommandError::graph_not_found(id.trim()))?;
        if principal.is_managed_identity() {
            // docs/azure-rules.md R2, R8 and S6: a managed identity's SP is managed by Azure, never directly.
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

    pub(super) fn restorable(&self, deleted: Timestamp) -> bool {
        restorable_at(self.now, deleted)
    }

    /// Graph's `POST /directory/deletedItems/{id}/restore`: the URL names an object ID only, so the
    /// deleted applications are searched first, then the deleted service principals.
    pub(super) fn restore_deleted_item(&mut self, id: &str) -> Result<(), CommandError> {
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
}

impl<'w> Decision<'w> {
    /// docs/azure-rules.md R19 on an application: Graph's `POST` (or, with `update`, `PATCH`) of
    /// a federated identity credential. Its name is the one part that can't change.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn set_app_federated_credential(
        &mut self,
        app: &str,
        update: Option<&str>,
        name: &str,
        issuer: &str,
        subject: &str,
        audiences: &[String],
        description: Option<&str>,
    ) -> Result<(), CommandError> {
        let application = self.require_application(app)?;
        let bad = |message: String| CommandError::graph("Request_BadRequest", message);
        let existing = match update {
            Some(wanted) => Some(
                find_app_credential(application, wanted)
                    .ok_or_else(|| CommandError::graph_not_found(wanted.trim()))?,
            ),
            None => None,
        };
        let name = match existing {
            Some(existing) => existing.credential.name.clone(),
            None => {
                let name = name.trim();
                if name.is_empty()
                    || name.len() > 120
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
                {
                    return Err(bad(format!("Invalid value '{name}' for name: a federated identity credential's name must be 1 to 120 URL-friendly characters (letters, digits, '-', '_', '.', '~').")));
                }
                if find_app_credential(application, name).is_some() {
                    return Err(CommandError::graph(
                        "Request_MultipleObjectsWithSameKeyValue",
                        format!("FederatedIdentityCredential with name {name} already exists."),
                    ));
                }
                if application.federated.len() >= identities::MAX_FEDERATED_CREDENTIALS {
                    return Err(bad(format!("Application '{}' already has {} federated identity credentials, the most one application can have.", application.display_name, identities::MAX_FEDERATED_CREDENTIALS)));
                }
                name.to_string()
            }
        };
        let (issuer, subject) = (issuer.trim(), subject.trim());
        if issuer.is_empty() || subject.is_empty() {
            return Err(bad(
                "A federated identity credential needs an issuer and a subject.".into(),
            ));
        }
        if audiences.len() != 1 || audiences[0].trim().is_empty() {
            return Err(bad(
                "A federated identity credential takes exactly one audience.".into(),
            ));
        }
        let duplicate = application.federated.iter().any(|c| {
            c.credential.name != name
                && c.credential.issuer == issuer
                && c.credential.subject == subject
        });
        if duplicate {
            return Err(CommandError::graph(
                "InvalidFederatedIdentityCredentialValue",
                format!("The combination of issuer and subject must be unique for the application. Issuer {issuer} and Subject: {subject} already exist. paramName: FederatedIdentityCredential.Subject, paramValue: {subject}, objectType: Microsoft.Online.DirectoryServices.Application"),
            ));
        }
        let id = match existing {
            Some(existing) => existing.id,
            None => self.ids.next_guid(),
        };
        self.events.push(Event::AppFederatedCredentialSet {
            app: application.id,
            app_name: application.display_name.clone(),
            credential: AppFederatedCredential {
                id,
                credential: crate::FederatedCredential {
                    name,
                    issuer: issuer.to_string(),
                    subject: subject.to_string(),
                    audiences: vec![audiences[0].trim().to_string()],
                },
                description: description.map(str::to_string),
            },
            new: existing.is_none(),
        });
        Ok(())
    }

    pub(super) fn delete_app_federated_credential(
        &mut self,
        app: &str,
        credential: &str,
    ) -> Result<(), CommandError> {
        let application = self.require_application(app)?;
        let found = find_app_credential(application, credential)
            .ok_or_else(|| CommandError::graph_not_found(credential.trim()))?;
        self.events.push(Event::AppFederatedCredentialDeleted {
            app: application.id,
            app_name: application.display_name.clone(),
            name: found.credential.name.clone(),
        });
        Ok(())
    }
}

/// An application's federated credential by its ID or its name, as Graph finds it.
pub fn find_app_credential<'a>(
    application: &'a Application,
    id_or_name: &str,
) -> Option<&'a AppFederatedCredential> {
    let wanted = id_or_name.trim();
    application.federated.iter().find(|c| {
        Guid::parse(wanted) == Some(c.id) || c.credential.name.eq_ignore_ascii_case(wanted)
    })
}
