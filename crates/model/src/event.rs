//! Events: what happened, in the past tense, carrying every value produced, each able to explain itself.

use crate::clock::Timestamp;
use crate::command::{ResourceKind, Tags};
use crate::error::CommandError;
use crate::ids::{AppId, Guid, ObjectId, SubscriptionId, TenantId};
use crate::world::{
    AccessPolicy, AppFederatedCredential, Application, BlobContainer, FederatedCredential,
    KeyCredential, PasswordCredential, PrincipalKind, Resource, ResourceGroup, RoleAssignment,
    ServicePrincipal, SignIn, Token, UserIdentity, UserIdentityRef, VaultSecret,
};

/// Why a resource or identity went away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removal {
    /// The learner deleted it.
    Explicit,
    /// Its resource group was deleted (the group's name).
    GroupDeleted(String),
    /// An App Service plan whose last app was deleted (the app's name).
    LastAppDeleted(String),
}

/// Why a service principal went away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalRemoval {
    /// Its resource was deleted (docs/azure-rules.md R2).
    ResourceDeleted { kind: ResourceKind, name: String },
    /// Its resource's system-assigned identity was disabled (docs/azure-rules.md R2, R3).
    SystemIdentityDisabled { kind: ResourceKind, name: String },
    /// Its user-assigned identity was deleted (docs/azure-rules.md R8).
    UserIdentityDeleted { name: String },
    /// Its application was deleted in the home tenant (docs/azure-rules.md R15).
    ApplicationDeleted { display_name: String },
    /// The learner deleted the SP itself (`az ad sp delete`).
    Explicit,
}

/// Why a role assignment went away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssignmentRemoval {
    /// The learner deleted it.
    Explicit,
    /// Its scope (a resource or a group) was deleted (docs/azure-rules.md R12): the scope's ID.
    ScopeDeleted(String),
}

/// Something that happened to the world. `apply` folds these in without checking anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `az group create`.
    ResourceGroupCreated { group: ResourceGroup },
    /// `az group delete`: the cascade follows as separate events.
    ResourceGroupDeleted { id: String, name: String },
    /// A resource was created (without its identities: those follow as separate events).
    ResourceCreated { resource: Box<Resource> },
    /// A resource was deleted.
    ResourceDeleted {
        kind: ResourceKind,
        id: String,
        name: String,
        reason: Removal,
    },
    /// The system-assigned identity was enabled (docs/azure-rules.md R1); its SP is created by the next event.
    SystemIdentityEnabled {
        resource_id: String,
        kind: ResourceKind,
        name: String,
        principal_id: ObjectId,
        tenant_id: TenantId,
    },
    /// The system-assigned identity was disabled (docs/azure-rules.md R2); its SP is deleted by the next event.
    SystemIdentityDisabled {
        resource_id: String,
        kind: ResourceKind,
        name: String,
        principal_id: ObjectId,
    },
    /// `az identity create` (docs/azure-rules.md R5); its SP is created by the next event.
    UserIdentityCreated { identity: UserIdentity },
    /// A user-assigned identity was deleted (docs/azure-rules.md R8: references on resources stay).
    UserIdentityDeleted {
        id: String,
        name: String,
        principal_id: ObjectId,
        reason: Removal,
    },
    /// A federated identity credential was written (created or replaced) on a user-assigned identity.
    FederatedCredentialSet {
        identity_id: String,
        identity_name: String,
        credential: FederatedCredential,
    },
    /// A federated identity credential was put on an application (`new`: its ID was drawn).
    AppFederatedCredentialSet {
        app: ObjectId,
        app_name: String,
        credential: AppFederatedCredential,
        new: bool,
    },
    /// A federated identity credential was deleted from an application.
    AppFederatedCredentialDeleted {
        app: ObjectId,
        app_name: String,
        name: String,
    },
    /// A federated identity credential was deleted.
    FederatedCredentialDeleted {
        identity_id: String,
        identity_name: String,
        name: String,
    },
    /// A user-assigned identity was attached to a resource (docs/azure-rules.md R6: no SP is created).
    UserIdentityAssigned {
        resource_id: String,
        kind: ResourceKind,
        resource_name: String,
        identity_name: String,
        reference: UserIdentityRef,
    },
    /// A user-assigned identity was detached (docs/azure-rules.md R6: no SP is deleted). `dangling` when the identity no longer existed.
    UserIdentityUnassigned {
        resource_id: String,
        kind: ResourceKind,
        resource_name: String,
        identity_id: String,
        dangling: bool,
    },
    /// A service principal appeared in a tenant's directory.
    ServicePrincipalCreated { principal: ServicePrincipal },
    /// A service principal disappeared. `soft` when it went to the recycle bin (application SPs).
    ServicePrincipalDeleted {
        id: ObjectId,
        display_name: String,
        type_name: String,
        reason: PrincipalRemoval,
        soft: bool,
        at: Timestamp,
    },
    /// A soft-deleted service principal came back with the same object ID.
    ServicePrincipalRestored { id: ObjectId, display_name: String },
    /// `az role assignment create`.
    RoleAssignmentCreated {
        assignment: RoleAssignment,
        role_name: String,
        principal_name: String,
    },
    /// A role assignment was removed.
    RoleAssignmentDeleted {
        name: Guid,
        id: String,
        role_name: String,
        reason: AssignmentRemoval,
    },
    /// A role assignment's principal was deleted: the assignment stays, orphaned (docs/azure-rules.md R3, R9, R11).
    RoleAssignmentOrphaned {
        name: Guid,
        id: String,
        role_name: String,
        principal_id: ObjectId,
        principal_name: String,
    },
    /// `az ad app create` (docs/azure-rules.md R13): no service principal yet.
    ApplicationCreated { application: Application },
    /// An application object was soft-deleted (docs/azure-rules.md R15).
    ApplicationDeleted {
        id: ObjectId,
        app_id: AppId,
        display_name: String,
        at: Timestamp,
    },
    /// A soft-deleted application object was restored (its SP stays deleted, docs/azure-rules.md R15).
    ApplicationRestored { id: ObjectId, display_name: String },
    /// A client secret was added. `secret_text` is shown this once and never stored (docs/azure-rules.md R16).
    ApplicationSecretAdded {
        application: ObjectId,
        app_id: AppId,
        display_name: String,
        credential: PasswordCredential,
        secret_text: String,
    },
    /// `az ad app credential reset` without `--append` removed the app's existing secrets (and,
    /// when it adds a certificate, its certificates): the key IDs of those removed.
    ApplicationCredentialsRemoved {
        application: ObjectId,
        display_name: String,
        passwords: Vec<Guid>,
        certificates: Vec<Guid>,
    },
    /// A certificate (public key only) was added (docs/azure-rules.md R16).
    ApplicationCertificateAdded {
        application: ObjectId,
        app_id: AppId,
        display_name: String,
        credential: KeyCredential,
    },
    /// `az keyvault secret set`.
    SecretSet {
        vault_id: String,
        vault_name: String,
        secret: VaultSecret,
    },
    /// `az storage container create`.
    BlobContainerCreated {
        account_id: String,
        account_name: String,
        container: BlobContainer,
    },
    /// A vault's access policy for a principal was added or changed (docs/azure-rules.md M11).
    AccessPolicySet {
        vault_id: String,
        vault_name: String,
        policy: AccessPolicy,
        /// Who it is for, as the learner knows them (empty for an object ID nobody has).
        principal_name: String,
    },
    /// A vault's access policy for a principal was removed.
    AccessPolicyDeleted {
        vault_id: String,
        vault_name: String,
        object_id: ObjectId,
        principal_name: String,
    },
    /// `az account set`.
    SubscriptionSelected {
        subscription: SubscriptionId,
        name: String,
        tenant: TenantId,
    },
    /// A managed identity obtained a token from its endpoint (docs/azure-rules.md T3).
    TokenIssued { token: Token },
    /// Microsoft Entra ID logged a managed identity's sign-in: a token issued or refused
    /// (docs/azure-rules.md T11).
    SignInRecorded { sign_in: SignIn },
    /// Time passed (the learner fast-forwarded the clock).
    ClockAdvanced { to: Timestamp },
    /// The tags of a group, a resource or a user-assigned identity (by its ID) were replaced: by
    /// a create of what exists (a PUT) or `az group update --tags` (docs/azure-rules.md M16).
    TagsReplaced {
        id: String,
        name: String,
        tags: Tags,
    },
    /// Everything was removed: the world is a fresh one of the same seed.
    WorldReset,
}

impl Event {
    /// A copy of the events, cloned through one out-of-line function: a derived `Vec<Event>`
    /// clone inlines every variant's copy wherever it is used (a few KB of the download each).
    #[inline(never)]
    pub fn duplicate_all(events: &[Event]) -> Vec<Event> {
        events.iter().map(Event::duplicate).collect()
    }

    /// One event's copy, out of line (see [`Event::duplicate_all`]).
    #[inline(never)]
    pub fn duplicate(&self) -> Event {
        self.clone()
    }

    /// How many values this event drew from the world's ID generator: `apply` advances the
    /// generator by exactly this many, which keeps replay exact.
    pub fn generator_draws(&self) -> u64 {
        match self {
            // The principalId; the SP that follows draws its appId.
            Event::SystemIdentityEnabled { .. } => 1,
            // clientId and principalId; the SP that follows reuses both.
            Event::UserIdentityCreated { .. } => 2,
            Event::ServicePrincipalCreated { principal } => match principal.kind {
                PrincipalKind::ManagedIdentity {
                    user_assigned: false,
                    ..
                } => 1,
                PrincipalKind::ManagedIdentity {
                    user_assigned: true,
                    ..
                } => 0,
                // Its own object ID; the appId is the application's.
                PrincipalKind::Application { .. } => 1,
            },
            Event::RoleAssignmentCreated { .. } => 1,
            Event::ApplicationCreated { .. } => 2,
            // keyId + two draws for the 40-character secret text.
            Event::ApplicationSecretAdded { .. } => 3,
            // keyId + two draws for the thumbprint.
            Event::ApplicationCertificateAdded { .. } => 3,
            Event::SecretSet { .. } => 1,
            Event::AppFederatedCredentialSet { new, .. } => u64::from(*new),
            Event::TokenIssued { .. } => 1,
            // A refusal's ID is drawn; an issued token's sign-in takes its ID from the token's.
            Event::SignInRecorded { sign_in } => u64::from(sign_in.token.is_none()),
            _ => 0,
        }
    }

    /// The fresh GUIDs this event introduced (for the "no ID repeats" invariant).
    pub fn new_guids(&self) -> Vec<Guid> {
        match self {
            Event::SystemIdentityEnabled { principal_id, .. } => vec![principal_id.0],
            Event::UserIdentityCreated { identity } => {
                vec![identity.principal_id.0, identity.client_id.0]
            }
            Event::ServicePrincipalCreated { principal } => match principal.kind {
                PrincipalKind::ManagedIdentity {
                    user_assigned: false,
                    ..
                } => vec![principal.app_id.0],
                PrincipalKind::ManagedIdentity {
                    user_assigned: true,
                    ..
                } => Vec::new(),
                PrincipalKind::Application { .. } => vec![principal.id.0],
            },
            Event::RoleAssignmentCreated { assignment, .. } => vec![assignment.name],
            Event::ApplicationCreated { application } => {
                vec![application.id.0, application.app_id.0]
            }
            Event::ApplicationSecretAdded { credential, .. } => vec![credential.key_id],
            Event::ApplicationCertificateAdded { credential, .. } => vec![credential.key_id],
            Event::TokenIssued { token } => vec![token.id],
            Event::AppFederatedCredentialSet {
                credential,
                new: true,
                ..
            } => vec![credential.id],
            Event::SignInRecorded { sign_in } => vec![sign_in.id],
            _ => Vec::new(),
        }
    }

    /// The refusal a recorded failed sign-in stands for: the command entered the log (Entra ID
    /// keeps the failure), but its caller got an error.
    pub fn refused_sign_in(events: &[Event]) -> Option<CommandError> {
        events.iter().find_map(|event| match event {
            Event::SignInRecorded { sign_in } => sign_in
                .failure
                .as_ref()
                .map(|(code, description)| CommandError::identity_endpoint(code, description)),
            _ => None,
        })
    }

    /// One sentence a learner understands, naming the rule behind the event.
    pub fn explain(&self) -> String {
        match self {
            Event::ResourceGroupCreated { group } => {
                format!("Resource group '{}' was created in {}.", group.name, group.location)
            }
            Event::ResourceGroupDeleted { name, .. } => format!(
                "Resource group '{name}' was deleted: everything inside it goes with it, in the events that follow."
            ),
            Event::ResourceCreated { resource } => format!(
                "{} '{}' was created in resource group '{}'.",
                capitalised(resource.kind.noun()),
                resource.name,
                resource.group
            ),
            Event::ResourceDeleted { kind, name, reason: Removal::Explicit, .. } => {
                format!("{} '{name}' was deleted.", capitalised(kind.noun()))
            }
            Event::ResourceDeleted { kind, name, reason: Removal::GroupDeleted(group), .. } => format!(
                "{} '{name}' was deleted because its resource group '{group}' was deleted.",
                capitalised(kind.noun())
            ),
            Event::ResourceDeleted { kind, name, reason: Removal::LastAppDeleted(app), .. } => format!(
                "{} '{name}' was deleted with its last app '{app}': deleting an app deletes its plan when no other app is left on it, unless --keep-empty-plan.",
                capitalised(kind.noun())
            ),
            Event::SystemIdentityEnabled { kind, name, principal_id, .. } => format!(
                "The system-assigned identity of {} '{name}' was enabled with principalId {principal_id}: Azure creates a service principal for it in the subscription's tenant.",
                kind.noun()
            ),
            Event::SystemIdentityDisabled { kind, name, principal_id, .. } => format!(
                "The system-assigned identity {principal_id} of {} '{name}' was disabled: its service principal is deleted, and enabling it again would create a new one with a new principalId.",
                kind.noun()
            ),
            Event::UserIdentityCreated { identity } => format!(
                "User-assigned identity '{}' was created (clientId {}, principalId {}): it is a standalone resource with its own lifecycle.",
                identity.name, identity.client_id, identity.principal_id
            ),
            Event::UserIdentityDeleted { name, reason, .. } => {
                let because = match reason {
                    Removal::Explicit | Removal::LastAppDeleted(_) => String::new(),
                    Removal::GroupDeleted(group) => format!(" because its resource group '{group}' was deleted"),
                };
                format!(
                    "User-assigned identity '{name}' was deleted{because}: resources that referenced it keep a dangling entry until it is removed."
                )
            }
            // An identity's credentials and an application's say the same, in one sentence each.
            Event::FederatedCredentialSet { identity_name, credential, .. } => {
                federated_set("identity", identity_name, credential)
            }
            Event::AppFederatedCredentialSet { app_name, credential, .. } => {
                federated_set("application", app_name, &credential.credential)
            }
            Event::FederatedCredentialDeleted { identity_name: owner, name, .. } => {
                federated_deleted("identity", owner, name)
            }
            Event::AppFederatedCredentialDeleted { app_name: owner, name, .. } => {
                federated_deleted("application", owner, name)
            }
            Event::UserIdentityAssigned { kind, resource_name, identity_name, .. } => format!(
                "User-assigned identity '{identity_name}' was assigned to {} '{resource_name}': no service principal is created, the identity's existing one is reused.",
                kind.noun()
            ),
            Event::UserIdentityUnassigned { kind, resource_name, identity_id, dangling, .. } => {
                let name = identity_id.rsplit('/').next().unwrap_or(identity_id);
                if *dangling {
                    format!(
                        "The dangling reference to the deleted identity '{name}' was removed from {} '{resource_name}'.",
                        kind.noun()
                    )
                } else {
                    format!(
                        "User-assigned identity '{name}' was removed from {} '{resource_name}': the identity and its service principal stay.",
                        kind.noun()
                    )
                }
            }
            Event::ServicePrincipalCreated { principal } => match &principal.kind {
                PrincipalKind::ManagedIdentity { user_assigned: false, resource_id } => format!(
                    "Service principal '{}' (ManagedIdentity) was created for the system-assigned identity of '{}': enabling a system-assigned identity creates one service principal.",
                    principal.display_name,
                    resource_id.rsplit('/').next().unwrap_or(resource_id)
                ),
                PrincipalKind::ManagedIdentity { user_assigned: true, .. } => format!(
                    "Service principal '{}' (ManagedIdentity) was created for the user-assigned identity: its object ID is the identity's principalId and its appId the identity's clientId.",
                    principal.display_name
                ),
                PrincipalKind::Application { owner_tenant, .. } => {
                    if *owner_tenant == principal.tenant_id {
                        format!(
                            "Service principal '{}' (Application) was created in the app's home tenant: it is the app's local representation, where roles are assigned.",
                            principal.display_name
                        )
                    } else {
                        format!(
                            "Service principal '{}' (Application) was created in another tenant that consented to the multi-tenant app: that tenant secures its own copy.",
                            principal.display_name
                        )
                    }
                }
            },
            Event::ServicePrincipalDeleted { display_name, type_name, reason, soft, .. } => {
                let why = match reason {
                    PrincipalRemoval::ResourceDeleted { kind, name } => format!(
                        " because its {} '{name}' was deleted: a system-assigned identity shares its resource's lifecycle",
                        kind.noun()
                    ),
                    PrincipalRemoval::SystemIdentityDisabled { kind, name } => format!(
                        " because the system-assigned identity of {} '{name}' was disabled: a system-assigned identity shares its resource's lifecycle",
                        kind.noun()
                    ),
                    PrincipalRemoval::UserIdentityDeleted { name } => format!(
                        " because its user-assigned identity '{name}' was deleted: deleting a managed identity deletes its service principal"
                    ),
                    PrincipalRemoval::ApplicationDeleted { display_name } => format!(
                        " because its application '{display_name}' was deleted in its home tenant"
                    ),
                    PrincipalRemoval::Explicit => String::new(),
                };
                let bin = if *soft { " It is soft-deleted and can be restored for 30 days." } else { "" };
                format!("Service principal '{display_name}' ({type_name}) was deleted{why}.{bin}")
            }
            Event::ServicePrincipalRestored { display_name, .. } => format!(
                "Service principal '{display_name}' was restored from the deleted items with its old object ID, so its role assignments apply again."
            ),
            Event::RoleAssignmentCreated { assignment, role_name, principal_name } => format!(
                "'{}' was granted the role '{role_name}' on {}: every scope below inherits it.",
                if principal_name.is_empty() { assignment.principal_id.to_string() } else { principal_name.clone() },
                assignment.scope
            ),
            Event::RoleAssignmentDeleted { role_name, reason: AssignmentRemoval::Explicit, name, .. } => {
                format!("Role assignment {name} ('{role_name}') was deleted.")
            }
            Event::RoleAssignmentDeleted { role_name, reason: AssignmentRemoval::ScopeDeleted(scope), name, .. } => format!(
                "Role assignment {name} ('{role_name}') was deleted because its scope {scope} was deleted."
            ),
            Event::RoleAssignmentOrphaned { role_name, principal_id, principal_name, .. } => format!(
                "The '{role_name}' assignment of '{principal_name}' was left orphaned: its principal {principal_id} no longer exists, so Azure shows 'Identity not found' until you delete the assignment."
            ),
            Event::ApplicationCreated { application } => format!(
                "Application '{}' was registered (appId {}) in its home tenant: with the CLI its service principal is a separate step (az ad sp create).",
                application.display_name, application.app_id
            ),
            Event::ApplicationDeleted { display_name, .. } => format!(
                "Application '{display_name}' was deleted: it is soft-deleted and can be restored for 30 days, and its home service principal is deleted too."
            ),
            Event::ApplicationRestored { display_name, .. } => format!(
                "Application '{display_name}' was restored; its service principal is not restored with it, that is a separate restore."
            ),
            Event::ApplicationSecretAdded { display_name, credential, .. } => format!(
                "A client secret was added to '{display_name}', valid until {}: its text is shown this once and never again.",
                credential.end
            ),
            Event::ApplicationCredentialsRemoved { display_name, passwords, certificates, .. } => {
                let counted = |count: usize, noun: &str| match count {
                    0 => None,
                    1 => Some(format!("1 earlier {noun}")),
                    n => Some(format!("{n} earlier {noun}s")),
                };
                let what: Vec<String> = [
                    counted(passwords.len(), "secret"),
                    counted(certificates.len(), "certificate"),
                ]
                .into_iter()
                .flatten()
                .collect();
                format!(
                    "The {} of app '{display_name}' {} removed: credential reset replaces them unless --append is given.",
                    what.join(" and "),
                    if passwords.len() + certificates.len() == 1 { "was" } else { "were" }
                )
            }
            Event::ApplicationCertificateAdded { display_name, credential, .. } => format!(
                "A certificate (public key only, thumbprint {}) was added to '{display_name}': safer than a secret, it can't leak by being pasted into code.",
                credential.thumbprint
            ),
            Event::SecretSet { vault_name, secret, .. } => {
                format!("Secret '{}' was stored in key vault '{vault_name}'.", secret.name)
            }
            Event::AccessPolicySet { vault_name, policy, principal_name, .. } => {
                let who = if principal_name.is_empty() { policy.object_id.to_string() } else { principal_name.clone() };
                let secrets = if policy.secrets.is_empty() { "none".to_string() } else { policy.secrets.join(", ") };
                format!(
                    "Key vault '{vault_name}' now lets '{who}' use its secrets ({secrets}) through an access policy: on an access-policy vault, policies grant data access and role assignments don't."
                )
            }
            Event::AccessPolicyDeleted { vault_name, object_id, principal_name, .. } => {
                let who = if principal_name.is_empty() { object_id.to_string() } else { principal_name.clone() };
                format!("The access policy of '{who}' was removed from key vault '{vault_name}': it no longer reaches the vault's data.")
            }
            Event::BlobContainerCreated { account_name, container, .. } => {
                format!("Blob container '{}' was created in storage account '{account_name}'.", container.name)
            }
            Event::SubscriptionSelected { name, .. } => format!(
                "Subscription '{name}' is now the signed-in subscription: commands act in it and in its tenant's directory."
            ),
            Event::TokenIssued { token } => format!(
                "A token for {} was issued to identity {} (valid until {}): the target will check the role assignments of that principal.",
                token.audience, token.principal_id, token.expires
            ),
            Event::SignInRecorded { sign_in } => match &sign_in.failure {
                None => format!(
                    "Microsoft Entra ID logged the sign-in of '{}' for {} as a success: a sign-in proves who asked; whether the target lets it in is decided there.",
                    sign_in.name, sign_in.resource
                ),
                Some((_, description)) => format!(
                    "Microsoft Entra ID refused '{}' a token for {} and logged the failed sign-in: {}",
                    sign_in.name,
                    sign_in.resource,
                    description.split(". ").next().unwrap_or(description)
                ),
            },
            Event::ClockAdvanced { to } => format!("The clock moved on to {to}."),
            Event::TagsReplaced { name, tags, .. } => {
                let tags: Vec<String> = tags
                    .iter()
                    .map(|(key, value)| format!("{key}={value}"))
                    .collect();
                format!(
                    "The tags of '{name}' were replaced by [{}]: setting tags replaces them all.",
                    tags.join(", ")
                )
            }
            Event::WorldReset => "The playground was reset: every group, resource, identity, service principal, app and role assignment is gone. Undo brings them back.".to_string(),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // The playground's own nouns: ASCII.
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn federated_set(what: &str, owner: &str, credential: &FederatedCredential) -> String {
    format!(
        "Federated credential '{}' on {what} '{owner}': a token from {} about '{}' can now be exchanged for its tokens, with no secret.",
        credential.name, credential.issuer, credential.subject
    )
}

fn federated_deleted(what: &str, owner: &str, name: &str) -> String {
    format!("Federated credential '{name}' was removed from {what} '{owner}': that workload can no longer get its tokens.")
}
