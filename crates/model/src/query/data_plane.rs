//! Key Vault's data plane: who may read and write a vault's secrets, under Azure RBAC or under access policies, and how Key Vault words a refusal.

use super::{effective_assignments, AccessDecision};
use crate::error::CommandError;
use crate::ids::{ObjectId, TenantId};
use crate::roles::operations;
use crate::world::{Resource, World};

/// The Azure CLI's own application ID: the `appid` of every token `az login` gets for a user.
pub const AZURE_CLI_APP_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// What a caller does with a vault's secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretOperation {
    /// `az keyvault secret show`: read a value.
    Get,
    /// `az keyvault secret set`: write a value.
    Set,
    /// `az keyvault secret list`: read the names and attributes.
    List,
}

impl SecretOperation {
    /// The RBAC data action Key Vault checks.
    pub fn action(self) -> &'static str {
        match self {
            SecretOperation::Get => operations::GET_SECRET,
            SecretOperation::Set => operations::SET_SECRET,
            SecretOperation::List => operations::READ_SECRET_METADATA,
        }
    }

    /// The access-policy permission it needs.
    pub fn permission(self) -> &'static str {
        match self {
            SecretOperation::Get => "get",
            SecretOperation::Set => "set",
            SecretOperation::List => "list",
        }
    }

    /// The operation behind a data action, when it is one of a vault's secret operations.
    pub fn of_action(action: &str) -> Option<SecretOperation> {
        [
            SecretOperation::Get,
            SecretOperation::Set,
            SecretOperation::List,
        ]
        .into_iter()
        .find(|op| op.action().eq_ignore_ascii_case(action.trim()))
    }
}

/// Who presents a token to Key Vault: its `oid`, its `appid` (the app that asked for it: the
/// Azure CLI for the learner, a managed identity's client ID for code) and its tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub object_id: ObjectId,
    pub app_id: String,
    pub tenant_id: TenantId,
}

impl Caller {
    /// The signed-in learner, as `az` calls Key Vault for them.
    pub fn signed_in_user(world: &World) -> Option<Caller> {
        world.signed_in_user().map(|user| Caller {
            object_id: user.id,
            app_id: AZURE_CLI_APP_ID.to_string(),
            tenant_id: user.tenant_id,
        })
    }

    /// Key Vault's `appid=…;oid=…;iss=…` description of a caller.
    fn describe(&self) -> String {
        format!(
            "appid={};oid={};iss=https://sts.windows.net/{}/",
            self.app_id, self.object_id, self.tenant_id
        )
    }
}

/// Whether `principal` may perform a secret operation on `vault`. With Azure RBAC (the default
/// since Azure CLI 2.61.0) only a role with the data action, assigned at the vault or above, lets
/// it: Owner and Contributor manage the vault, their `actions` hold no data action, so even the
/// vault's creator is refused until granted a Key Vault data role. With access policies only the
/// principal's own policy counts, and role assignments don't (docs/azure-rules.md M11, T7).
pub fn vault_secret_access(
    world: &World,
    principal: ObjectId,
    vault: &Resource,
    operation: SecretOperation,
) -> AccessDecision {
    if vault.options.rbac_authorization {
        let action = operation.action();
        let effective = effective_assignments(world, principal, &vault.id);
        return match effective.iter().find(|e| e.role.grants_data_action(action)) {
            Some(found) => found.allows(),
            None => AccessDecision {
                allowed: false,
                status: 403,
                reason: format!(
                    "Caller is not authorized to perform action on resource: key vault '{}' uses Azure RBAC, and no role granting '{action}' is assigned to {principal} at the vault or above. Owner and Contributor manage a vault but grant none of its data: a Key Vault data role such as Key Vault Secrets User or Secrets Officer does.",
                    vault.name
                ),
                granted_by: None,
            },
        };
    }
    let tenant = vault_tenant(world, vault);
    let policy = vault
        .access_policies
        .iter()
        .find(|p| p.object_id == principal && Some(p.tenant_id) == tenant);
    match policy.filter(|p| p.allows_secret(operation.permission())) {
        Some(policy) => AccessDecision {
            allowed: true,
            status: 200,
            reason: format!(
                "Allowed by the access policy of key vault '{}' for {principal} (secrets: {}).",
                vault.name,
                policy.secrets.join(", ")
            ),
            granted_by: None,
        },
        None => AccessDecision {
            allowed: false,
            status: 403,
            reason: format!(
                "The principal {principal} does not have secrets {} permission on key vault '{}': it uses access policies (--enable-rbac-authorization false), so only a policy for this principal grants its data, not role assignments.",
                operation.permission(),
                vault.name
            ),
            granted_by: None,
        },
    }
}

fn vault_tenant(world: &World, vault: &Resource) -> Option<TenantId> {
    world
        .subscriptions
        .get(&vault.subscription_id)
        .map(|s| s.tenant_id)
}

/// The vault a data-plane command names. Key Vault is reached by DNS name, so a name nobody has
/// fails before any request, as Python's resolver says it (the object address in the text is
/// urllib3's, a stand-in here): `<urllib3.connection.HTTPSConnection object at 0x…>: Failed to
/// resolve 'NAME.vault.azure.net' ([Errno -2] Name or service not known)` (docs/azure-rules.md M12).
pub fn vault_for_data<'w>(world: &'w World, name: &str) -> Result<&'w Resource, CommandError> {
    world.vault_named(name).ok_or_else(|| {
        let name = name.trim();
        let address = crate::json::connection_address(name);
        CommandError::cli(format!(
            "<urllib3.connection.HTTPSConnection object at 0x{address:012x}>: Failed to resolve '{name}.vault.azure.net' ([Errno -2] Name or service not known)"
        ))
    })
}

/// Key Vault's answer to the signed-in learner's secret operation: nothing when allowed, else
/// its 403 as the CLI prints it (docs/azure-rules.md M11). `secret` names the secret for `get`
/// and `set` (Key Vault's `Resource:` line); `list` is about the vault itself.
pub fn authorize_secret_operation(
    world: &World,
    vault: &Resource,
    operation: SecretOperation,
    secret: Option<&str>,
) -> Result<(), CommandError> {
    let Some(caller) = Caller::signed_in_user(world) else {
        return Ok(());
    };
    let decision = vault_secret_access(world, caller.object_id, vault, operation);
    if decision.allowed {
        return Ok(());
    }
    Err(forbidden(vault, &caller, operation, secret))
}

/// Key Vault's 403: the RBAC form (`ForbiddenByRbac`) or the access-policy form (`AccessDenied`).
pub fn forbidden(
    vault: &Resource,
    caller: &Caller,
    operation: SecretOperation,
    secret: Option<&str>,
) -> CommandError {
    let location = format!("{};location={}", vault.name, vault.location);
    if vault.options.rbac_authorization {
        let mut resource = vault.id.to_ascii_lowercase();
        if let Some(secret) = secret {
            resource.push_str("/secrets/");
            resource.push_str(&secret.trim().to_ascii_lowercase());
        }
        let message = format!(
            "Caller is not authorized to perform action on resource.\n\
             If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\n\
             Caller: {}\n\
             Action: '{}'\n\
             Resource: '{resource}'\n\
             Assignment: (not found)\n\
             DenyAssignmentId: null\n\
             DecisionReason: 'DeniedWithNoValidRBAC' \n\
             Vault: {location}",
            caller.describe(),
            operation.action()
        );
        return CommandError::arm("Forbidden", message).with_inner_code("ForbiddenByRbac");
    }
    CommandError::arm(
        "Forbidden",
        format!(
            "The user, group or application '{}' does not have secrets {} permission on key vault '{location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287",
            caller.describe(),
            operation.permission()
        ),
    )
    .with_inner_code("AccessDenied")
}
