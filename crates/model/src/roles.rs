//! The built-in Azure role definitions the playground knows, with their real GUIDs and permissions.

use crate::ids::Guid;

/// One block of a role definition's `permissions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleDefinition {
    /// The built-in GUID (the same in every subscription).
    pub guid: Guid,
    /// `roleName`: "Owner", "Key Vault Secrets User", ...
    pub name: &'static str,
    /// `description`, as Azure words it.
    pub description: &'static str,
    /// Control-plane operations granted (`*` and `*/read` wildcards allowed).
    pub actions: &'static [&'static str],
    /// Control-plane operations carved out of `actions`.
    pub not_actions: &'static [&'static str],
    /// Data-plane operations granted (reading a secret, a blob).
    pub data_actions: &'static [&'static str],
    /// Data-plane operations carved out of `data_actions`.
    pub not_data_actions: &'static [&'static str],
}

/// The operations the playground checks, as Azure RBAC names them.
pub mod operations {
    /// Read a secret's value (Key Vault data plane).
    pub const GET_SECRET: &str = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
    /// Write a secret (Key Vault data plane).
    pub const SET_SECRET: &str = "Microsoft.KeyVault/vaults/secrets/setSecret/action";
    /// List secrets, read their attributes (Key Vault data plane).
    pub const READ_SECRET_METADATA: &str = "Microsoft.KeyVault/vaults/secrets/readMetadata/action";
    /// Read a blob (Storage data plane).
    pub const READ_BLOB: &str =
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    /// List a subscription's resource groups (control plane).
    pub const READ_RESOURCE_GROUPS: &str = "Microsoft.Resources/subscriptions/resourceGroups/read";
}

use operations::{GET_SECRET, READ_BLOB, READ_RESOURCE_GROUPS};

const fn guid(value: u128) -> Guid {
    Guid(value)
}

/// Owner's GUID: the learner holds it on their subscriptions (docs/azure-rules.md M9).
pub const OWNER: Guid = guid(0x8e3af657_a8ff_443c_a75c_2fe8c4bcb635);

const KEY_VAULT_READ_ACTIONS: &[&str] = &[
    "Microsoft.Authorization/*/read",
    "Microsoft.Insights/alertRules/*",
    "Microsoft.Resources/deployments/*",
    READ_RESOURCE_GROUPS,
    "Microsoft.Support/*",
    "Microsoft.KeyVault/checkNameAvailability/read",
    "Microsoft.KeyVault/deletedVaults/read",
    "Microsoft.KeyVault/locations/*/read",
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.KeyVault/operations/read",
];

/// The built-in roles (docs/azure-rules.md S8), in the order `az role definition list` would sort them by name.
pub const BUILT_IN_ROLES: &[RoleDefinition] = &[
    RoleDefinition {
        guid: OWNER,
        name: "Owner",
        description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
        actions: &["*"],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0xb24988ac_6180_42a0_ab88_20f7382dd24c),
        name: "Contributor",
        description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
        actions: &["*"],
        not_actions: &[
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action",
            "Microsoft.Purview/consents/write",
            "Microsoft.Purview/consents/delete",
        ],
        data_actions: &[],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0xacdd72a7_3385_48ef_bd42_f606fba81ae7),
        name: "Reader",
        description: "View all resources, but does not allow you to make any changes.",
        actions: &["*/read"],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0x18d7d88d_d35e_4fb5_a5c3_7773c20a72d9),
        name: "User Access Administrator",
        description: "Lets you manage user access to Azure resources.",
        actions: &["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0x9980e02c_c2be_4d73_94e8_173b1dc7cf3c),
        name: "Virtual Machine Contributor",
        description: "Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local users using VM extensions. This role does not grant you management access to the virtual network or storage account the virtual machines are connected to. This role does not allow you to assign roles in Azure RBAC.",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Compute/availabilitySets/*",
            "Microsoft.Compute/locations/*",
            "Microsoft.Compute/virtualMachines/*",
            "Microsoft.Compute/virtualMachineScaleSets/*",
            "Microsoft.Compute/disks/write",
            "Microsoft.Compute/disks/read",
            "Microsoft.Compute/disks/delete",
            "Microsoft.Network/networkInterfaces/*",
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/virtualNetworks/subnets/join/action",
            "Microsoft.Resources/deployments/*",
            READ_RESOURCE_GROUPS,
            "Microsoft.Storage/storageAccounts/listKeys/action",
            "Microsoft.Storage/storageAccounts/read",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0x4633458b_17de_408a_b874_0445c86b69e6),
        name: "Key Vault Secrets User",
        description: "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: &[],
        not_actions: &[],
        data_actions: &[
            GET_SECRET,
            operations::READ_SECRET_METADATA,
        ],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0xb86a8fe4_44ce_4948_aee5_eccb2c155cd7),
        name: "Key Vault Secrets Officer",
        description: "Perform any action on the secrets of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: KEY_VAULT_READ_ACTIONS,
        not_actions: &[],
        data_actions: &["Microsoft.KeyVault/vaults/secrets/*"],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0x00482a5a_887f_4fb3_b363_3b7fe8e74483),
        name: "Key Vault Administrator",
        description: "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: KEY_VAULT_READ_ACTIONS,
        not_actions: &[],
        data_actions: &["Microsoft.KeyVault/vaults/*"],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0x2a2b9908_6ea1_4ae2_8e65_a410df84e7d1),
        name: "Storage Blob Data Reader",
        description: "Read and list Azure Storage containers and blobs. To learn which actions are required for a given data operation, see Permissions for calling blob and queue data operations.",
        actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        not_actions: &[],
        data_actions: &[READ_BLOB],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0xba92f5b4_2d11_453d_a403_e96b0029c9fe),
        name: "Storage Blob Data Contributor",
        description: "Read, write, and delete Azure Storage containers and blobs. To learn which actions are required for a given data operation, see Permissions for calling blob and queue data operations.",
        actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/delete",
            "Microsoft.Storage/storageAccounts/blobServices/containers/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/write",
            "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action",
        ],
        not_actions: &[],
        data_actions: &[
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete",
            READ_BLOB,
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
        ],
        not_data_actions: &[],
    },
    RoleDefinition {
        guid: guid(0xf1a07417_d97a_45cb_824c_7a7467783830),
        name: "Managed Identity Operator",
        description: "Read and Assign User Assigned Identity",
        actions: &[
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
            "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            READ_RESOURCE_GROUPS,
            "Microsoft.Resources/deployments/*",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
        data_actions: &[],
        not_data_actions: &[],
    },
];

/// The built-in role with this GUID.
pub fn role_by_guid(guid: Guid) -> Option<&'static RoleDefinition> {
    BUILT_IN_ROLES.iter().find(|role| role.guid == guid)
}

/// The built-in role with this name, compared case-insensitively as the CLI does.
pub fn role_by_name(name: &str) -> Option<&'static RoleDefinition> {
    BUILT_IN_ROLES
        .iter()
        .find(|role| role.name.eq_ignore_ascii_case(name.trim()))
}

/// Whether an operation matches a permission pattern: case-insensitive, `*` matching any run of
/// characters (so `*/read` matches every read and `Microsoft.KeyVault/vaults/*` every vault operation).
pub fn pattern_matches(pattern: &str, operation: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let operation = operation.to_ascii_lowercase();
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == operation;
    }
    let mut rest = operation.as_str();
    for (index, part) in parts.iter().enumerate() {
        if index == 0 {
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        } else if index == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(position) => rest = &rest[position + part.len()..],
                None => return false,
            }
        }
    }
    true
}

impl RoleDefinition {
    /// Whether this role grants a control-plane operation (`actions` minus `notActions`).
    pub fn grants_action(&self, operation: &str) -> bool {
        self.actions.iter().any(|p| pattern_matches(p, operation))
            && !self
                .not_actions
                .iter()
                .any(|p| pattern_matches(p, operation))
    }

    /// Whether this role grants a data-plane operation (`dataActions` minus `notDataActions`).
    pub fn grants_data_action(&self, operation: &str) -> bool {
        self.data_actions
            .iter()
            .any(|p| pattern_matches(p, operation))
            && !self
                .not_data_actions
                .iter()
                .any(|p| pattern_matches(p, operation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_azure_rbac() {
        assert!(pattern_matches(
            "*",
            "Microsoft.Compute/virtualMachines/write"
        ));
        assert!(pattern_matches(
            "*/read",
            "Microsoft.Compute/virtualMachines/read"
        ));
        assert!(!pattern_matches(
            "*/read",
            "Microsoft.Compute/virtualMachines/write"
        ));
        assert!(pattern_matches(
            "Microsoft.KeyVault/vaults/secrets/*",
            "microsoft.keyvault/vaults/secrets/getSecret/action"
        ));
        assert!(pattern_matches(
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/roleAssignments/write"
        ));
    }

    #[test]
    fn contributor_cannot_write_role_assignments_but_owner_can() {
        let owner = role_by_name("owner")
            .map(|r| r.grants_action("Microsoft.Authorization/roleAssignments/write"));
        let contributor = role_by_name("Contributor")
            .map(|r| r.grants_action("Microsoft.Authorization/roleAssignments/write"));
        assert_eq!(owner, Some(true));
        assert_eq!(contributor, Some(false));
    }
}
