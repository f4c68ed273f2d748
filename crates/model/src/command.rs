//! Commands: what a learner asks the model to do (imperative, not yet validated).
//!
//! A command names things the way a learner types them (names, or full resource IDs where Azure
//! accepts them). `decide` resolves and validates; nothing here is trusted.

use serde::{Deserialize, Serialize};

/// The kinds of Azure resource the playground models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResourceKind {
    VirtualMachine,
    VmScaleSet,
    WebApp,
    FunctionApp,
    LogicApp,
    ContainerInstance,
    StorageAccount,
    KeyVault,
    /// An App Service plan (`Microsoft.Web/serverfarms`): where web apps run (docs/azure-rules.md M13).
    AppServicePlan,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 9] = [
        ResourceKind::VirtualMachine,
        ResourceKind::VmScaleSet,
        ResourceKind::WebApp,
        ResourceKind::FunctionApp,
        ResourceKind::LogicApp,
        ResourceKind::ContainerInstance,
        ResourceKind::StorageAccount,
        ResourceKind::KeyVault,
        ResourceKind::AppServicePlan,
    ];

    /// The ARM resource type, as it appears in resource IDs and `type` fields.
    pub fn arm_type(self) -> &'static str {
        match self {
            ResourceKind::VirtualMachine => "Microsoft.Compute/virtualMachines",
            ResourceKind::VmScaleSet => "Microsoft.Compute/virtualMachineScaleSets",
            ResourceKind::WebApp | ResourceKind::FunctionApp => "Microsoft.Web/sites",
            ResourceKind::LogicApp => "Microsoft.Logic/workflows",
            ResourceKind::ContainerInstance => "Microsoft.ContainerInstance/containerGroups",
            ResourceKind::StorageAccount => "Microsoft.Storage/storageAccounts",
            ResourceKind::KeyVault => "Microsoft.KeyVault/vaults",
            ResourceKind::AppServicePlan => "Microsoft.Web/serverfarms",
        }
    }

    /// The words a learner reads: "virtual machine", "function app", ...
    pub fn noun(self) -> &'static str {
        match self {
            ResourceKind::VirtualMachine => "virtual machine",
            ResourceKind::VmScaleSet => "virtual machine scale set",
            ResourceKind::WebApp => "web app",
            ResourceKind::FunctionApp => "function app",
            ResourceKind::LogicApp => "logic app",
            ResourceKind::ContainerInstance => "container instance",
            ResourceKind::StorageAccount => "storage account",
            ResourceKind::KeyVault => "key vault",
            ResourceKind::AppServicePlan => "App Service plan",
        }
    }

    /// The kind's short word, as `playground token --type` and lesson files name it (`vm`,
    /// `webapp`, `plan`, ...).
    pub fn word(self) -> &'static str {
        match self {
            ResourceKind::VirtualMachine => "vm",
            ResourceKind::VmScaleSet => "vmss",
            ResourceKind::WebApp => "webapp",
            ResourceKind::FunctionApp => "functionapp",
            ResourceKind::LogicApp => "logicapp",
            ResourceKind::ContainerInstance => "container",
            ResourceKind::StorageAccount => "storage",
            ResourceKind::KeyVault => "keyvault",
            ResourceKind::AppServicePlan => "plan",
        }
    }

    /// The kind a short word ([`ResourceKind::word`]) stands for, exactly as written.
    pub fn from_word(word: &str) -> Option<ResourceKind> {
        ResourceKind::ALL
            .into_iter()
            .find(|kind| kind.word() == word)
    }

    /// Whether a resource of this kind can hold managed identities in the playground.
    /// Storage accounts and Key Vaults are modelled as targets only; an App Service plan hosts
    /// apps, which hold the identities.
    pub fn can_hold_identity(self) -> bool {
        !matches!(
            self,
            ResourceKind::StorageAccount | ResourceKind::KeyVault | ResourceKind::AppServicePlan
        )
    }

    /// Web apps and function apps: the `Microsoft.Web/sites` that run on App Service plans.
    pub fn is_site(self) -> bool {
        matches!(self, ResourceKind::WebApp | ResourceKind::FunctionApp)
    }
}

/// The operating system of a VM or scale set: Windows names are limited to 15 characters.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum OsType {
    #[default]
    Linux,
    Windows,
}

/// Which identities a create / assign / remove names. `user` holds identity names (same group) or
/// full resource IDs of user-assigned identities, as `--identities` / `--assign-identity` accept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySelection {
    pub system: bool,
    pub user: Vec<String>,
}

impl IdentitySelection {
    pub fn none() -> Self {
        Self::default()
    }
    pub fn system() -> Self {
        Self {
            system: true,
            user: Vec::new(),
        }
    }
    pub fn user(names: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            system: false,
            user: names.into_iter().map(Into::into).collect(),
        }
    }
    pub fn is_empty(&self) -> bool {
        !self.system && self.user.is_empty()
    }
}

/// `--role R --scope S` given together with an identity assignment (`az vm create`,
/// `az vm identity assign`): grants the system-assigned identity a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    /// A role name ("Reader", case-insensitive) or a role definition ID / GUID.
    pub role: String,
    /// An ARM scope: `/subscriptions/{id}[/resourceGroups/{rg}[/providers/{type}/{name}]]`.
    pub scope: String,
}

/// A resource's tags as the Azure CLI sends them: `--tags a=1 b` is `[("a", "1"), ("b", "")]`,
/// each name once, in the order first given (azure-cli `validate_tags` builds a dict). ARM's limits
/// are the model's rule (docs/azure-rules.md M16).
pub type Tags = Vec<(String, String)>;

/// Settings of a create: `tags` every kind takes, the rest only some kinds use. The defaults are
/// Azure's defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceOptions {
    /// VMs and scale sets: Windows or Linux (from `--image`). App Service plans: Linux with
    /// `--is-linux`, else Windows.
    pub os_type: OsType,
    /// Key Vault: `--enable-rbac-authorization` (data-plane roles apply only then).
    /// True by default, as in `az keyvault create` since Azure CLI 2.61.0;
    /// `--enable-rbac-authorization false` gives the legacy access-policy model.
    pub rbac_authorization: bool,
    /// Function apps: `--storage-account`, which must exist in the app's group. `None` (a button,
    /// or a save from before this field) skips that check.
    #[serde(default)]
    pub storage_account: Option<String>,
    /// Web and function apps: `--plan`, the App Service plan's name (in the app's group) or
    /// resource ID. A web app's `None` (a save from before plans existed) means `{name}-plan`, the
    /// plan older builds wrote; a function app's means a Consumption plan in `location`.
    #[serde(default)]
    pub plan: Option<String>,
    /// Web apps: `--runtime`, e.g. `PYTHON:3.12` (a Linux app's `linuxFxVersion`).
    #[serde(default)]
    pub runtime: Option<String>,
    /// App Service plans: `--sku` (`B1` when not given, as `az appservice plan create` does).
    #[serde(default)]
    pub sku: Option<String>,
    /// `--tags`: a create is a PUT, so these replace the tags of a resource that exists.
    #[serde(default)]
    pub tags: Tags,
}

impl Default for ResourceOptions {
    fn default() -> Self {
        ResourceOptions {
            os_type: OsType::default(),
            rbac_authorization: true,
            storage_account: None,
            plan: None,
            runtime: None,
            sku: None,
            tags: Tags::new(),
        }
    }
}

/// Who signs in to an app registration: `--sign-in-audience`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum SignInAudience {
    /// `AzureADMyOrg`: single tenant.
    #[default]
    AzureAdMyOrg,
    /// `AzureADMultipleOrgs`: any Microsoft Entra tenant.
    AzureAdMultipleOrgs,
}

impl SignInAudience {
    pub fn as_str(self) -> &'static str {
        match self {
            SignInAudience::AzureAdMyOrg => "AzureADMyOrg",
            SignInAudience::AzureAdMultipleOrgs => "AzureADMultipleOrgs",
        }
    }
}

/// Which role assignments `az role assignment delete` removes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentSelector {
    /// `--ids`: full role assignment IDs.
    Ids(Vec<String>),
    /// `--assignee/--role/--scope`: every assignment matching all the given filters, the
    /// assignee resolved through Microsoft Graph.
    Filter {
        assignee: Option<String>,
        role: Option<String>,
        scope: Option<String>,
    },
    /// `--assignee-object-id/--role/--scope`: the same without asking Graph, so it also finds an
    /// orphaned assignment, whose principal Graph no longer knows (docs/azure-rules.md R11).
    ObjectFilter {
        object_id: String,
        role: Option<String>,
        scope: Option<String>,
    },
}

/// Whom `az keyvault set-policy` / `delete-policy` names: `--object-id` (taken as it is), `--spn`
/// (a service principal name) or `--upn` (a user principal name), both looked up in Graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyPrincipal {
    ObjectId(String),
    Spn(String),
    Upn(String),
}

/// The permissions `az keyvault set-policy` sets, per kind of object; `None` keeps what an
/// existing policy has (azure-cli keyvault custom.py `set_policy`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyPermissions {
    pub keys: Option<Vec<String>>,
    pub secrets: Option<Vec<String>>,
    pub certificates: Option<Vec<String>>,
    pub storage: Option<Vec<String>>,
}

/// How a token request names the identity to use (IMDS `client_id` / `object_id` / `msi_res_id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenSelector {
    ClientId(String),
    ObjectId(String),
    ResourceId(String),
}

/// Everything a learner can ask of the model. Names are as typed: `decide` resolves them
/// case-insensitively and validates them with Azure's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// `az group create -n NAME -l LOCATION [--tags ...]`: on a group that exists, a PUT that
    /// replaces its tags (Azure/azure-cli#11513).
    CreateResourceGroup {
        name: String,
        location: String,
        #[serde(default)]
        tags: Tags,
    },
    /// `az group update -n NAME --tags ...`: the group's tags become these.
    UpdateResourceGroup { name: String, tags: Tags },
    /// `az group delete -n NAME --yes`: cascades to everything inside.
    DeleteResourceGroup { name: String },
    /// `az vm create`, `az webapp create`, `az keyvault create`, ... `location: None` takes the
    /// group's location, as the CLI does.
    CreateResource {
        kind: ResourceKind,
        group: String,
        name: String,
        location: Option<String>,
        identity: IdentitySelection,
        grant: Option<RoleGrant>,
        options: ResourceOptions,
    },
    /// `az vm delete`, `az webapp delete`, ... Deleting a plan's last app deletes the plan too
    /// (docs/azure-rules.md M13).
    DeleteResource {
        kind: ResourceKind,
        group: String,
        name: String,
    },
    /// `az webapp delete --keep-empty-plan`: the app goes, its plan stays even when it is left
    /// empty.
    DeleteWebAppKeepingPlan { group: String, name: String },
    /// `az vm identity assign`: enable the system-assigned identity and/or attach user-assigned ones.
    AssignIdentity {
        kind: ResourceKind,
        group: String,
        name: String,
        identity: IdentitySelection,
        grant: Option<RoleGrant>,
    },
    /// `az vm identity remove`: disable the system-assigned identity and/or detach user-assigned ones.
    RemoveIdentity {
        kind: ResourceKind,
        group: String,
        name: String,
        identity: IdentitySelection,
    },
    /// `az identity create -g GROUP -n NAME [--tags ...]`
    CreateUserIdentity {
        group: String,
        name: String,
        location: Option<String>,
        #[serde(default)]
        tags: Tags,
    },
    /// `az identity delete -g GROUP -n NAME`
    DeleteUserIdentity { group: String, name: String },
    /// `az identity federated-credential create|update --identity-name ID -g GROUP -n NAME --issuer
    /// URL --subject SUBJECT [--audiences AUDIENCE]`: a PUT of the credential (`update` needs it to
    /// exist).
    SetFederatedCredential {
        group: String,
        identity: String,
        name: String,
        issuer: String,
        subject: String,
        audiences: Vec<String>,
        update: bool,
    },
    /// `az identity federated-credential delete --identity-name ID -g GROUP -n NAME --yes`
    DeleteFederatedCredential {
        group: String,
        identity: String,
        name: String,
    },
    /// `az ad app federated-credential create --id APP --parameters JSON`, or `update` of the
    /// credential `update` names (its ID or name): a federated identity credential on an
    /// application (docs/azure-rules.md R19).
    SetAppFederatedCredential {
        app: String,
        update: Option<String>,
        name: String,
        issuer: String,
        subject: String,
        audiences: Vec<String>,
        description: Option<String>,
    },
    /// `az ad app federated-credential delete --id APP --federated-credential-id ID_OR_NAME`
    DeleteAppFederatedCredential { app: String, credential: String },
    /// `az role assignment create --assignee ID --role ROLE --scope SCOPE`
    CreateRoleAssignment {
        assignee: String,
        role: String,
        scope: String,
    },
    /// `az role assignment create --assignee-object-id ID [--assignee-principal-type TYPE] ...`: the
    /// principal named by object ID without asking Microsoft Graph; with a principal type ARM
    /// doesn't look it up either (docs/azure-rules.md R18).
    CreateRoleAssignmentByObjectId {
        name: Option<String>,
        object_id: String,
        principal_type: Option<String>,
        role: String,
        scope: String,
    },
    /// `az role assignment delete ...`
    DeleteRoleAssignment { selector: AssignmentSelector },
    /// `az ad app create --display-name NAME [--sign-in-audience ...]`
    CreateApplication {
        display_name: String,
        audience: SignInAudience,
    },
    /// `az ad app delete --id ID` (appId or object ID)
    DeleteApplication { id: String },
    /// `az ad app credential reset --id ID [--years N] [--append]`: a new client secret.
    AddApplicationSecret {
        id: String,
        display_name: Option<String>,
        years: u32,
        /// `--append`: keep the app's existing secrets. Without it the reset REPLACES them: every
        /// existing password credential is removed first (azure-cli `_reset_credential`).
        /// Sessions saved before this field existed always appended, so a missing one reads `true`.
        #[serde(default = "appended_before_the_field_existed")]
        append: bool,
    },
    /// `az ad app credential reset --id ID --create-cert [--append]`: a certificate (public key only).
    AddApplicationCertificate {
        id: String,
        display_name: Option<String>,
        years: u32,
        /// `--append`: keep the existing secrets and certificates. Without it the reset removes
        /// every password credential and replaces the certificates with the new one
        /// (azure-cli `_reset_credential`). A missing field (older saves) reads `true`.
        #[serde(default = "appended_before_the_field_existed")]
        append: bool,
    },
    /// `az ad sp create --id APPID`: the app's service principal in the signed-in tenant.
    CreateServicePrincipal { app_id: String },
    /// `az ad sp delete --id ID` (object ID or appId). Managed identities' SPs refuse.
    DeleteServicePrincipal { id: String },
    /// `az keyvault secret set --vault-name V --name N --value X`
    SetSecret {
        vault: String,
        name: String,
        value: String,
    },
    /// `az keyvault set-policy -n VAULT [-g GROUP] --object-id|--spn|--upn X --secret-permissions ...`:
    /// grant or change a principal's access policy on an access-policy vault (docs/azure-rules.md M11).
    SetAccessPolicy {
        vault: String,
        group: Option<String>,
        principal: PolicyPrincipal,
        permissions: PolicyPermissions,
    },
    /// `az keyvault delete-policy -n VAULT [-g GROUP] --object-id|--spn|--upn X`.
    DeleteAccessPolicy {
        vault: String,
        group: Option<String>,
        principal: PolicyPrincipal,
    },
    /// `az storage container create --account-name A --name N`
    CreateBlobContainer { account: String, name: String },
    /// `az account set --subscription NAME_OR_ID`: switches the signed-in tenant too.
    SetSubscription { subscription: String },
    /// A resource asks for a token from its identity endpoint (IMDS for VMs). The console's line is
    /// the playground-only `playground token`.
    RequestToken {
        kind: ResourceKind,
        group: String,
        name: String,
        audience: String,
        selector: Option<TokenSelector>,
    },
    /// Workload identity federation: a workload outside Azure presents its own token (from
    /// `issuer`, about `subject`, for `audience`) to Microsoft Entra ID and asks for the token of the
    /// user-assigned identity `client_id` for `scope` (docs/azure-rules.md R19). The console's
    /// line is the playground-only `playground federated-token`.
    ExchangeFederatedToken {
        client_id: String,
        issuer: String,
        subject: String,
        audience: String,
        scope: String,
    },
    /// `az role assignment create --name GUID ...`: an assignment with a chosen name. The same name
    /// with other values is refused with `RoleAssignmentUpdateNotPermitted` (docs/azure-rules.md R10). Added by the
    /// model for docs/azure-rules.md R10; the console may lower `--name` to it.
    CreateRoleAssignmentWithName {
        name: String,
        assignee: String,
        role: String,
        scope: String,
    },
    /// Restore a soft-deleted application or service principal by its object ID, as Graph's
    /// `POST /directory/deletedItems/{id}/restore` does (docs/azure-rules.md R15: an app and its service principal
    /// are restored separately, each by its own object ID). The console's line is `az rest`.
    RestoreDeletedItem { id: String },
    /// Let time pass (tokens expire after about 24 hours; deleted items stay restorable for 30 days).
    /// Zero minutes is accepted and changes nothing. The console's line is `sleep`.
    AdvanceClock { minutes: u32 },
    /// `az vm update --set identity.type=TYPE [identity.userAssignedIdentities=null]`: ARM sets the
    /// identity block's type, enabling or disabling the system-assigned identity and dropping the
    /// user-assigned ones the type leaves out. `identity_type` is as typed; the model validates it.
    SetIdentityType {
        kind: ResourceKind,
        group: String,
        name: String,
        identity_type: String,
        clear_user_assigned: bool,
    },
    /// Back to an empty world of the same seed. A command like any other, so it can be undone and
    /// a reload replays it. The console's line is `reset`.
    Reset,
}

impl Command {
    /// A copy made out of line. `#[derive(Clone)]`'s `clone` is `#[inline]`, so a crate that
    /// clones a command in one place gets the whole copy (a few KB) inlined there; the browser's
    /// crates clone through this one instead, and the download holds the code once.
    #[inline(never)]
    pub fn duplicate(&self) -> Command {
        self.clone()
    }
}

/// Saved sessions from before `append` existed were recorded when a credential reset always
/// appended (and `to_cli` wrote `--append`): replaying them must append.
fn appended_before_the_field_existed() -> bool {
    true
}
