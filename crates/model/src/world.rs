//! The world: every tenant, subscription, resource, identity, principal and assignment the learner can see.

use crate::clock::Timestamp;
use crate::command::{ResourceKind, ResourceOptions, SignInAudience, Tags};
use crate::ids::{AppId, ArmKey, Guid, IdGenerator, ObjectId, SubscriptionId, TenantId};
use crate::roles::{self, RoleDefinition};
use crate::sorted_map::SortedMap;

/// A Microsoft Entra tenant (directory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// `tenantId`.
    pub id: TenantId,
    /// "Contoso", "Fabrikam".
    pub display_name: String,
    /// `contoso.onmicrosoft.com`.
    pub default_domain: String,
}

/// An Azure subscription, trusting exactly one tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// `subscriptionId`.
    pub id: SubscriptionId,
    /// "Contoso Learning".
    pub name: String,
    /// The tenant whose directory holds this subscription's identities.
    pub tenant_id: TenantId,
}

impl Subscription {
    /// `/subscriptions/{id}`: the subscription as a scope.
    pub fn scope(&self) -> String {
        format!("/subscriptions/{}", self.id)
    }
}

/// A resource group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceGroup {
    /// `/subscriptions/{sub}/resourceGroups/{name}`, with the name as first typed.
    pub id: String,
    /// The name as first typed (Azure keeps the creator's casing).
    pub name: String,
    /// Normalised location (`westeurope`).
    pub location: String,
    /// The subscription that holds it.
    pub subscription_id: SubscriptionId,
    /// When it was created.
    pub created: Timestamp,
    /// Its tags (docs/azure-rules.md M16).
    pub tags: Tags,
}

/// The system-assigned identity of one resource: its SP lives in the subscription's tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SystemIdentity {
    /// The object ID of its service principal.
    pub principal_id: ObjectId,
    /// The tenant that holds the SP.
    pub tenant_id: TenantId,
}

/// One entry of `identity.userAssignedIdentities`: what ARM recorded when it was attached.
///
/// The values are copied at assignment time because ARM keeps showing them after the identity is
/// deleted (docs/azure-rules.md R8: the reference dangles, it does not vanish).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserIdentityRef {
    /// The identity's resource ID as the map key prints it (`resourceGroups`).
    pub id: String,
    /// Its clientId when attached.
    pub client_id: AppId,
    /// Its principalId when attached.
    pub principal_id: ObjectId,
}

/// The `identity` block of a resource.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceIdentity {
    /// The system-assigned identity, when enabled.
    pub system: Option<SystemIdentity>,
    /// Attached user-assigned identities, by the lower-cased identity ID.
    pub user: SortedMap<ArmKey, UserIdentityRef>,
}

impl ResourceIdentity {
    /// Whether the resource has no identity at all (then `az X show` prints `"identity": null`).
    pub fn is_empty(&self) -> bool {
        self.system.is_none() && self.user.is_empty()
    }

    /// `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`, or `None`.
    pub fn type_name(&self) -> &'static str {
        match (self.system.is_some(), !self.user.is_empty()) {
            (true, true) => "SystemAssigned, UserAssigned",
            (true, false) => "SystemAssigned",
            (false, true) => "UserAssigned",
            (false, false) => "None",
        }
    }
}

/// A Key Vault secret (the latest version).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultSecret {
    /// The name as typed.
    pub name: String,
    /// The value: readable by whoever is allowed `getSecret`.
    pub value: String,
    /// The 32-hex-digit version.
    pub version: String,
    /// When this version was written.
    pub updated: Timestamp,
    /// When the first version was written.
    pub created: Timestamp,
}

/// One entry of a vault's `properties.accessPolicies`: what a principal may do with the vault's
/// data when the vault uses access policies instead of Azure RBAC (docs/azure-rules.md M11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessPolicy {
    /// `tenantId`: the vault's tenant.
    pub tenant_id: TenantId,
    /// `objectId`: the user, group or service principal it is for.
    pub object_id: ObjectId,
    /// `permissions.keys`, lower-case as the CLI sends them (`all`, `get`, ...).
    pub keys: Vec<String>,
    /// `permissions.secrets`.
    pub secrets: Vec<String>,
    /// `permissions.certificates`.
    pub certificates: Vec<String>,
    /// `permissions.storage`.
    pub storage: Vec<String>,
}

impl AccessPolicy {
    /// What `az keyvault create --enable-rbac-authorization false` gives its creator: `all` of
    /// keys, secrets, certificates and storage (azure-cli keyvault custom.py `create_vault`).
    pub fn for_creator(tenant_id: TenantId, object_id: ObjectId) -> AccessPolicy {
        let all = || vec!["all".to_string()];
        AccessPolicy {
            tenant_id,
            object_id,
            keys: all(),
            secrets: all(),
            certificates: all(),
            storage: all(),
        }
    }

    /// Whether the policy grants a secret permission (`get`, `set`, `list`), `all` included.
    pub fn allows_secret(&self, permission: &str) -> bool {
        self.secrets
            .iter()
            .any(|p| p.eq_ignore_ascii_case(permission) || p.eq_ignore_ascii_case("all"))
    }
}

/// A blob container in a storage account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobContainer {
    /// The name (always lower-case).
    pub name: String,
    /// When it was created.
    pub created: Timestamp,
}

/// An ARM resource of one of the eight kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    /// Which kind.
    pub kind: ResourceKind,
    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/{type}/{name}` with the learner's casing.
    pub id: String,
    /// The name as typed.
    pub name: String,
    /// The group's name as typed in the command that created it.
    pub group: String,
    /// The subscription that holds it.
    pub subscription_id: SubscriptionId,
    /// Normalised location.
    pub location: String,
    /// The identity block.
    pub identity: ResourceIdentity,
    /// Its settings: its tags (docs/azure-rules.md M16) and what only its kind has.
    pub options: ResourceOptions,
    /// VMs only: the last byte of the private IP address of its network interface, in the subnet
    /// `10.0.0.0/24` of the virtual network it shares with the group's other VMs in its location
    /// (docs/azure-rules.md M17).
    pub private_ip: Option<u8>,
    /// When it was created.
    pub created: Timestamp,
    /// Key Vault only: secrets by lower-cased name.
    pub secrets: SortedMap<String, VaultSecret>,
    /// Key Vault only: the access policies (used for data only when the vault doesn't use Azure
    /// RBAC), in the order they were added.
    pub access_policies: Vec<AccessPolicy>,
    /// Storage accounts only: containers by name.
    pub containers: SortedMap<String, BlobContainer>,
}

/// A user-assigned managed identity: an ARM resource with its own lifecycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserIdentity {
    /// The ID as the identity service prints it, with lower-case `resourcegroups`.
    pub id: String,
    /// The name as typed.
    pub name: String,
    /// The group name as typed.
    pub group: String,
    /// The subscription that holds it.
    pub subscription_id: SubscriptionId,
    /// Normalised location.
    pub location: String,
    /// The tenant of its SP.
    pub tenant_id: TenantId,
    /// = its SP's appId.
    pub client_id: AppId,
    /// = its SP's object ID.
    pub principal_id: ObjectId,
    /// When it was created.
    pub created: Timestamp,
    /// Its tags (docs/azure-rules.md M16).
    pub tags: Tags,
    /// Its federated identity credentials, in the order they were first written (docs/azure-rules.md R19).
    pub federated: Vec<FederatedCredential>,
}

/// A federated identity credential of a user-assigned identity: a workload outside Azure whose own
/// token (from `issuer`, about `subject`, for one of `audiences`) is exchanged for the identity's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FederatedCredential {
    /// The name as typed.
    pub name: String,
    pub issuer: String,
    pub subject: String,
    pub audiences: Vec<String>,
}

impl Resource {
    /// A VM's private IP address (`10.0.0.4`), as `az vm create` prints it (docs/azure-rules.md M17).
    pub fn private_ip_address(&self) -> Option<String> {
        self.private_ip.map(|host| format!("10.0.0.{host}"))
    }
}

impl UserIdentity {
    /// The ID as resources reference it (`resourceGroups`), e.g. in `userAssignedIdentities` keys.
    pub fn reference_id(&self) -> String {
        user_identity_reference_id(self.subscription_id, &self.group, &self.name)
    }
}

/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}`.
pub fn user_identity_reference_id(subscription: SubscriptionId, group: &str, name: &str) -> String {
    format!("/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}")
}

/// What a service principal stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    /// The SP of a managed identity: `servicePrincipalType: ManagedIdentity`.
    ManagedIdentity {
        /// The resource (system-assigned) or the identity resource (user-assigned).
        resource_id: String,
        /// User-assigned (`isExplicit=True`) or system-assigned (`isExplicit=False`).
        user_assigned: bool,
    },
    /// The local representation of an app registration: `servicePrincipalType: Application`.
    Application {
        /// The home tenant (`appOwnerOrganizationId`).
        owner_tenant: TenantId,
        /// The application's `signInAudience`.
        audience: SignInAudience,
    },
}

/// A service principal in one tenant's directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePrincipal {
    /// The object ID (`id`).
    pub id: ObjectId,
    /// `appId`.
    pub app_id: AppId,
    /// `displayName`.
    pub display_name: String,
    /// The directory it lives in.
    pub tenant_id: TenantId,
    /// Managed identity or application.
    pub kind: PrincipalKind,
    /// `createdDateTime`.
    pub created: Timestamp,
}

impl ServicePrincipal {
    /// `ManagedIdentity` or `Application`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            PrincipalKind::ManagedIdentity { .. } => "ManagedIdentity",
            PrincipalKind::Application { .. } => "Application",
        }
    }

    /// Whether this is a managed identity's SP.
    pub fn is_managed_identity(&self) -> bool {
        matches!(self.kind, PrincipalKind::ManagedIdentity { .. })
    }
}

/// A user of one tenant's directory. The only users modelled are the signed-in learner's: a member
/// of the home tenant, and the guest (B2B) account the partner tenant made for the same person
/// (docs/azure-rules.md M9).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// The object ID (`id`), which role assignments and access policies name.
    pub id: ObjectId,
    /// `userPrincipalName`: `learner@contoso.onmicrosoft.com`, or the guest's
    /// `learner_contoso.onmicrosoft.com#EXT#@fabrikam.onmicrosoft.com`.
    pub user_principal_name: String,
    /// `displayName`.
    pub display_name: String,
    /// `mail`: a guest's is its home address; the member has no mailbox.
    pub mail: Option<String>,
    /// The directory it lives in.
    pub tenant_id: TenantId,
}

/// A client secret; its text is never stored (Entra shows it once, at creation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordCredential {
    /// `keyId`.
    pub key_id: Guid,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `hint`: the first three characters of the secret text.
    pub hint: String,
    /// `startDateTime`.
    pub start: Timestamp,
    /// `endDateTime`.
    pub end: Timestamp,
}

/// A certificate credential: the public key only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyCredential {
    /// `keyId`.
    pub key_id: Guid,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `customKeyIdentifier`: the certificate thumbprint.
    pub thumbprint: String,
    /// `startDateTime`.
    pub start: Timestamp,
    /// `endDateTime`.
    pub end: Timestamp,
}

/// An application object (app registration) in its home tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    /// Its federated identity credentials (Graph's `federatedIdentityCredentials`), oldest first.
    pub federated: Vec<AppFederatedCredential>,
    /// The application object's ID (not the appId).
    pub id: ObjectId,
    /// `appId`.
    pub app_id: AppId,
    /// `displayName`.
    pub display_name: String,
    /// Its home tenant.
    pub tenant_id: TenantId,
    /// `signInAudience`.
    pub audience: SignInAudience,
    /// Client secrets.
    pub passwords: Vec<PasswordCredential>,
    /// Certificates.
    pub keys: Vec<KeyCredential>,
    /// `createdDateTime`.
    pub created: Timestamp,
}

/// Something soft-deleted: kept 30 days in the directory's recycle bin (docs/azure-rules.md R15).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted<T> {
    /// The object as it was.
    pub item: T,
    /// `deletedDateTime`.
    pub deleted: Timestamp,
}

/// A role assignment: an extension resource at a scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleAssignment {
    /// `name`: the assignment GUID.
    pub name: Guid,
    /// `scope`, as typed.
    pub scope: String,
    /// `principalId`.
    pub principal_id: ObjectId,
    /// `principalType` when created (`ServicePrincipal`).
    pub principal_type: String,
    /// The built-in role GUID.
    pub role: Guid,
    /// The subscription of the scope.
    pub subscription_id: SubscriptionId,
    /// `createdOn`.
    pub created: Timestamp,
}

impl RoleAssignment {
    /// `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`.
    pub fn id(&self) -> String {
        format!(
            "{}/providers/Microsoft.Authorization/roleAssignments/{}",
            self.scope.trim_end_matches('/'),
            self.name
        )
    }

    /// The scope's case-insensitive key.
    pub fn scope_key(&self) -> ArmKey {
        ArmKey::of(&self.scope)
    }
}

/// An access token issued to a managed identity (docs/azure-rules.md T5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// A unique ID for this token (`uti`-like), also used to find it again.
    pub id: Guid,
    /// The resource that asked (`xms_mirid` for system-assigned; the VM, the web app).
    pub requested_by: String,
    /// `xms_mirid`: the resource ID of the identity.
    pub identity_resource_id: String,
    /// `oid` / `sub`.
    pub principal_id: ObjectId,
    /// `appid` / `client_id`.
    pub client_id: AppId,
    /// `tid`.
    pub tenant_id: TenantId,
    /// `aud` / `resource`, as requested.
    pub audience: String,
    /// `iat` / `nbf`.
    pub issued: Timestamp,
    /// `exp` / `expires_on`.
    pub expires: Timestamp,
}

/// One request for a token that reached Microsoft Entra ID, as its managed-identity sign-in log
/// keeps it: issued or refused (docs/azure-rules.md T11). Refusals the identity endpoint answers
/// itself (no identity, several identities) never reach Entra ID and are not here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignIn {
    /// The sign-in's `id` (and `correlationId`).
    pub id: Guid,
    /// `createdDateTime`.
    pub time: Timestamp,
    /// The tenant whose log keeps it: the identity's.
    pub tenant_id: TenantId,
    /// `servicePrincipalId`: the identity's service principal.
    pub principal_id: ObjectId,
    /// `appId`: the identity's client ID.
    pub client_id: AppId,
    /// `servicePrincipalName`/`appDisplayName`: the service principal's name at the time.
    pub name: String,
    /// `managedServiceIdentity.associatedResourceId`: the resource that asked, or the
    /// user-assigned identity a federated workload signed in as.
    pub associated_resource_id: String,
    /// `managedServiceIdentity.msiType`: `systemAssigned` or `userAssigned`.
    pub user_assigned: bool,
    /// The resource (audience) the token is for, as requested.
    pub resource: String,
    /// `managedServiceIdentity.federatedTokenIssuer`: the outside workload's issuer, if any.
    pub federated_issuer: Option<String>,
    /// The token issued, or `None` for a refusal.
    pub token: Option<Guid>,
    /// A refusal's OAuth error code and its AADSTS description (`status`).
    pub failure: Option<(String, String)>,
}

impl SignIn {
    /// The ID a successful sign-in gets from its token's: no fresh draw, so the GUIDs of
    /// everything after it are what they were before sign-ins were logged. The version and
    /// variant bits stay as they were.
    pub fn id_for_token(token: Guid) -> Guid {
        Guid(token.0 ^ 0x5A3C_96E1_0F4B_0D27_1C8E_3B5F_A6D2_9E41)
    }
}

/// A federated identity credential on an application: the same trust as an identity's
/// ([`FederatedCredential`]), with Graph's `id` and `description` (docs/azure-rules.md R19).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppFederatedCredential {
    pub id: Guid,
    pub credential: FederatedCredential,
    pub description: Option<String>,
}

/// The user principal name of the signed-in learner, as `az account show` names them.
pub const SIGNED_IN_USER: &str = "learner@contoso.onmicrosoft.com";

/// The learner's guest account in Fabrikam: a B2B user's principal name is the home address with
/// `_` for `@`, then `#EXT#@` and the inviting tenant's domain.
pub const GUEST_USER: &str = "learner_contoso.onmicrosoft.com#EXT#@fabrikam.onmicrosoft.com";

/// Mixed into the seed for the learner's own ID stream (the bytes of "LEARNER").
const LEARNER_STREAM: u64 = 0x004C_4541_524E_4552;

/// When the learner was made Owner of their subscriptions: before the playground's clock starts.
pub const LEARNER_OWNER_SINCE: Timestamp = Timestamp(Timestamp::START.0 - 30 * 86_400);

/// Everything there is. Fields are public for reading; change it only through `apply`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    /// The seed the world was made with.
    pub seed: u64,
    /// Where the next GUID comes from.
    pub ids: IdGenerator,
    /// The logical clock: the time of the latest event.
    pub clock: Timestamp,
    /// Both tenants, home first in iteration only by ID order; see `home_tenant`.
    pub tenants: SortedMap<TenantId, Tenant>,
    /// One subscription per tenant.
    pub subscriptions: SortedMap<SubscriptionId, Subscription>,
    /// The home tenant ("Contoso").
    pub home_tenant: TenantId,
    /// The partner tenant ("Fabrikam").
    pub partner_tenant: TenantId,
    /// The subscription `az account show` prints; its tenant is the signed-in tenant.
    pub current_subscription: SubscriptionId,
    /// Resource groups by lower-cased ID.
    pub groups: SortedMap<ArmKey, ResourceGroup>,
    /// Resources by lower-cased ID.
    pub resources: SortedMap<ArmKey, Resource>,
    /// User-assigned identities by lower-cased ID.
    pub user_identities: SortedMap<ArmKey, UserIdentity>,
    /// Users of every tenant by object ID: the signed-in learner, one account per tenant.
    pub users: SortedMap<ObjectId, User>,
    /// Live service principals of every tenant by object ID.
    pub service_principals: SortedMap<ObjectId, ServicePrincipal>,
    /// Live application objects by object ID.
    pub applications: SortedMap<ObjectId, Application>,
    /// Soft-deleted application objects (restorable).
    pub deleted_applications: SortedMap<ObjectId, Deleted<Application>>,
    /// Soft-deleted service principals (restorable).
    pub deleted_service_principals: SortedMap<ObjectId, Deleted<ServicePrincipal>>,
    /// Role assignments by name.
    pub role_assignments: SortedMap<Guid, RoleAssignment>,
    /// Tokens issued so far, by token ID.
    pub tokens: SortedMap<Guid, Token>,
    /// The managed-identity sign-in log, oldest first.
    pub sign_ins: Vec<SignIn>,
}

impl World {
    /// A fresh world: Contoso (home, "Contoso Learning", signed in) and Fabrikam ("Fabrikam Partner"),
    /// with IDs drawn from `seed`.
    pub fn new(seed: u64) -> World {
        let mut ids = IdGenerator::new(seed);
        let home_tenant = TenantId(ids.next_guid());
        let home_subscription = SubscriptionId(ids.next_guid());
        let partner_tenant = TenantId(ids.next_guid());
        let partner_subscription = SubscriptionId(ids.next_guid());
        let mut tenants = SortedMap::new();
        tenants.insert(
            home_tenant,
            Tenant {
                id: home_tenant,
                display_name: "Contoso".into(),
                default_domain: "contoso.onmicrosoft.com".into(),
            },
        );
        tenants.insert(
            partner_tenant,
            Tenant {
                id: partner_tenant,
                display_name: "Fabrikam".into(),
                default_domain: "fabrikam.onmicrosoft.com".into(),
            },
        );
        let mut subscriptions = SortedMap::new();
        subscriptions.insert(
            home_subscription,
            Subscription {
                id: home_subscription,
                name: "Contoso Learning".into(),
                tenant_id: home_tenant,
            },
        );
        subscriptions.insert(
            partner_subscription,
            Subscription {
                id: partner_subscription,
                name: "Fabrikam Partner".into(),
                tenant_id: partner_tenant,
            },
        );
        // The learner and their Owner assignments come from a stream of their own, so that every
        // GUID drawn from `ids` is what it was before the learner became a principal
        // (docs/azure-rules.md M9).
        let mut learner_ids = IdGenerator::new(seed ^ LEARNER_STREAM);
        let mut users = SortedMap::new();
        let mut role_assignments = SortedMap::new();
        for (tenant, subscription, upn, mail) in [
            (
                home_tenant,
                home_subscription,
                SIGNED_IN_USER.to_string(),
                None,
            ),
            (
                partner_tenant,
                partner_subscription,
                GUEST_USER.to_string(),
                Some(SIGNED_IN_USER.to_string()),
            ),
        ] {
            let id = ObjectId(learner_ids.next_guid());
            users.insert(
                id,
                User {
                    id,
                    user_principal_name: upn,
                    display_name: "Learner".into(),
                    mail,
                    tenant_id: tenant,
                },
            );
            let name = learner_ids.next_guid();
            role_assignments.insert(
                name,
                RoleAssignment {
                    name,
                    scope: format!("/subscriptions/{subscription}"),
                    principal_id: id,
                    principal_type: "User".into(),
                    role: roles::OWNER,
                    subscription_id: subscription,
                    created: LEARNER_OWNER_SINCE,
                },
            );
        }
        World {
            seed,
            ids,
            clock: Timestamp::START,
            tenants,
            subscriptions,
            home_tenant,
            partner_tenant,
            current_subscription: home_subscription,
            groups: SortedMap::new(),
            resources: SortedMap::new(),
            user_identities: SortedMap::new(),
            users,
            service_principals: SortedMap::new(),
            applications: SortedMap::new(),
            deleted_applications: SortedMap::new(),
            deleted_service_principals: SortedMap::new(),
            role_assignments,
            tokens: SortedMap::new(),
            sign_ins: Vec::new(),
        }
    }

    /// The signed-in learner as a user of the signed-in tenant: who runs every `az` command
    /// (docs/azure-rules.md M9).
    pub fn signed_in_user(&self) -> Option<&User> {
        let tenant = self.tenant_id();
        self.users.values().find(|user| user.tenant_id == tenant)
    }

    /// A user of `tenant` by user principal name (compared case-insensitively, as Graph does) or
    /// object ID.
    pub fn find_user(&self, tenant: TenantId, upn_or_id: &str) -> Option<&User> {
        let wanted = upn_or_id.trim();
        let by_id = Guid::parse(wanted).map(ObjectId);
        self.users.values().find(|user| {
            user.tenant_id == tenant
                && (by_id == Some(user.id) || user.user_principal_name.eq_ignore_ascii_case(wanted))
        })
    }

    /// The signed-in subscription.
    pub fn subscription(&self) -> &Subscription {
        // The current subscription is always one of the two made in `new`; `apply` only ever
        // selects an existing one, so the fallback is unreachable but keeps this panic-free.
        self.subscriptions
            .get(&self.current_subscription)
            .or_else(|| self.subscriptions.values().next())
            .expect("a world always has its subscriptions")
    }

    /// The signed-in tenant (the current subscription's).
    pub fn tenant_id(&self) -> TenantId {
        self.subscription().tenant_id
    }

    /// A tenant by ID.
    pub fn tenant(&self, id: TenantId) -> Option<&Tenant> {
        self.tenants.get(&id)
    }

    /// A subscription by name or ID, case-insensitively.
    pub fn find_subscription(&self, name_or_id: &str) -> Option<&Subscription> {
        let wanted = name_or_id.trim();
        self.subscriptions.values().find(|s| {
            s.name.eq_ignore_ascii_case(wanted) || s.id.to_string().eq_ignore_ascii_case(wanted)
        })
    }

    /// The ID a resource group named `name` has (or would have) in the current subscription.
    pub fn group_id(&self, name: &str) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}",
            self.current_subscription, name
        )
    }

    /// A resource group of the current subscription by name, case-insensitively.
    pub fn group(&self, name: &str) -> Option<&ResourceGroup> {
        self.groups.get(&ArmKey::of(&self.group_id(name)))
    }

    /// The ID a resource has (or would have) in a group of the current subscription.
    pub fn resource_id(&self, kind: ResourceKind, group: &str, name: &str) -> String {
        format!(
            "{}/providers/{}/{}",
            self.group_id(group),
            kind.arm_type(),
            name
        )
    }

    /// A resource of the current subscription by kind, group and name, case-insensitively.
    /// Web apps and function apps share `Microsoft.Web/sites`, so the kind must match too.
    pub fn resource(&self, kind: ResourceKind, group: &str, name: &str) -> Option<&Resource> {
        self.resources
            .get(&ArmKey::of(&self.resource_id(kind, group, name)))
            .filter(|r| r.kind == kind)
    }

    /// A resource by full ID, case-insensitively.
    pub fn resource_by_id(&self, id: &str) -> Option<&Resource> {
        self.resources.get(&ArmKey::of(id))
    }

    /// Every resource of one kind in the current subscription, by ID order.
    pub fn resources_of(&self, kind: ResourceKind) -> impl Iterator<Item = &Resource> {
        let subscription = self.current_subscription;
        self.resources
            .values()
            .filter(move |r| r.kind == kind && r.subscription_id == subscription)
    }

    /// A vault of any subscription by name: vault names are DNS names (`{name}.vault.azure.net`),
    /// so the data plane reaches a vault whatever subscription the learner has selected.
    pub fn vault_named(&self, name: &str) -> Option<&Resource> {
        self.resources
            .values()
            .find(|r| r.kind == ResourceKind::KeyVault && r.name.eq_ignore_ascii_case(name.trim()))
    }

    /// A resource of the current subscription by kind and name in any group (vault and storage
    /// account names are globally unique, so `--vault-name` needs no group).
    pub fn resource_named(&self, kind: ResourceKind, name: &str) -> Option<&Resource> {
        self.resources_of(kind)
            .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
    }

    /// A user-assigned identity of the current subscription by group and name.
    pub fn user_identity(&self, group: &str, name: &str) -> Option<&UserIdentity> {
        let id = user_identity_reference_id(self.current_subscription, group, name);
        self.user_identities.get(&ArmKey::of(&id))
    }

    /// A user-assigned identity by resource ID, case-insensitively.
    pub fn user_identity_by_id(&self, id: &str) -> Option<&UserIdentity> {
        self.user_identities.get(&ArmKey::of(id))
    }

    /// A live service principal by object ID.
    pub fn service_principal(&self, id: ObjectId) -> Option<&ServicePrincipal> {
        self.service_principals.get(&id)
    }

    /// A live service principal of `tenant` by object ID or appId text.
    pub fn find_service_principal(
        &self,
        tenant: TenantId,
        id_or_app_id: &str,
    ) -> Option<&ServicePrincipal> {
        let guid = Guid::parse(id_or_app_id)?;
        if let Some(sp) = self
            .service_principals
            .get(&ObjectId(guid))
            .filter(|sp| sp.tenant_id == tenant)
        {
            return Some(sp);
        }
        self.service_principals
            .values()
            .find(|sp| sp.tenant_id == tenant && sp.app_id.0 == guid)
    }

    /// Live service principals of the signed-in tenant whose display name matches, case-insensitively
    /// (`az ad sp list --display-name`; Entra allows duplicates).
    pub fn service_principals_named(&self, display_name: &str) -> Vec<&ServicePrincipal> {
        let tenant = self.tenant_id();
        self.service_principals
            .values()
            .filter(|sp| {
                sp.tenant_id == tenant && sp.display_name.eq_ignore_ascii_case(display_name.trim())
            })
            .collect()
    }

    /// A live application of `tenant` by object ID or appId text.
    pub fn find_application(&self, tenant: TenantId, id_or_app_id: &str) -> Option<&Application> {
        let guid = Guid::parse(id_or_app_id)?;
        self.applications
            .values()
            .find(|app| app.tenant_id == tenant && (app.id.0 == guid || app.app_id.0 == guid))
    }

    /// A live application in any tenant by appId.
    pub fn application_by_app_id(&self, app_id: AppId) -> Option<&Application> {
        self.applications.values().find(|app| app.app_id == app_id)
    }

    /// The built-in role definitions.
    pub fn role_definitions(&self) -> &'static [RoleDefinition] {
        roles::BUILT_IN_ROLES
    }

    /// A role assignment by its full ID or its name GUID.
    pub fn role_assignment(&self, id_or_name: &str) -> Option<&RoleAssignment> {
        let last = id_or_name
            .trim()
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        let guid = Guid::parse(last)?;
        let assignment = self.role_assignments.get(&guid)?;
        let matches_id =
            !id_or_name.contains('/') || ArmKey::of(&assignment.id()) == ArmKey::of(id_or_name);
        matches_id.then_some(assignment)
    }

    /// The resource group (by key) of an ARM ID under a group, if it names one.
    pub fn group_of_id(&self, id: &str) -> Option<&ResourceGroup> {
        let key = ArmKey::of(id);
        let parts: Vec<&str> = key.0.split('/').collect();
        // "", "subscriptions", sub, "resourcegroups", rg, ...
        if parts.len() >= 5 && parts[1] == "subscriptions" && parts[3] == "resourcegroups" {
            let group_key = ArmKey(parts[..5].join("/"));
            return self.groups.get(&group_key);
        }
        None
    }
}
