//! The static table of `az` groups, commands and flags (and of the playground's own `playground` command): the single source for parsing, `--help`, completion and suggestions.

/// How many values a flag takes, in argparse's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    /// `store_true`: no value.
    Flag,
    /// Exactly one value.
    One,
    /// `nargs='?'`: an optional single value (`--enable-rbac-authorization [true|false]`).
    Optional,
    /// `nargs='*'`: any number of values (`--assign-identity [ids…]`).
    Any,
    /// `nargs='+'`: at least one value.
    Many,
}

/// One flag of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Every spelling; long forms first, as az lists them (`--name/-n`).
    pub names: &'static [&'static str],
    /// The key the lowering reads.
    pub dest: &'static str,
    pub arity: Arity,
    pub required: bool,
    /// Allowed values (compared case-insensitively), empty when any value goes.
    pub choices: &'static [&'static str],
    pub default: Option<&'static str>,
    pub help: &'static str,
}

impl Param {
    const fn new(names: &'static [&'static str], dest: &'static str, help: &'static str) -> Param {
        Param {
            names,
            dest,
            arity: Arity::One,
            required: false,
            choices: &[],
            default: None,
            help,
        }
    }
    const fn required(mut self) -> Param {
        self.required = true;
        self
    }
    const fn flag(mut self) -> Param {
        self.arity = Arity::Flag;
        self
    }
    const fn arity(mut self, arity: Arity) -> Param {
        self.arity = arity;
        self
    }
    const fn choices(mut self, choices: &'static [&'static str]) -> Param {
        self.choices = choices;
        self
    }
    const fn default(mut self, default: &'static str) -> Param {
        self.default = Some(default);
        self
    }
    /// `--name/-n`: how argparse names the flag in errors.
    pub fn display(&self) -> String {
        self.names.join("/")
    }
    pub fn long(&self) -> &'static str {
        self.names[0]
    }
}

/// One command: its path after `az`, what it does, its flags and an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandSpec {
    pub path: &'static str,
    pub help: &'static str,
    pub params: &'static [Param],
    pub example: (&'static str, &'static str),
    /// Whether `--subscription` applies (ARM commands; not Graph, account or login).
    pub subscription: bool,
    /// What `--help` prints under the one-line summary (az's long summary), empty for most.
    pub long_help: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupSpec {
    pub path: &'static str,
    pub help: &'static str,
}

const NAME: Param = Param::new(&["--name", "-n"], "name", "The name of the resource.").required();
const GROUP: Param = Param::new(
    &["--resource-group", "-g"],
    "resource_group",
    "Name of resource group.",
)
.required();
const GROUP_OPTIONAL: Param = Param::new(
    &["--resource-group", "-g"],
    "resource_group",
    "Name of resource group.",
);
const LOCATION: Param = Param::new(
    &["--location", "-l"],
    "location",
    "Location. Defaults to the location of the resource group.",
);
const TAGS: Param = Param::new(
    &["--tags"],
    "tags",
    "Space-separated tags: key[=value] [key[=value] ...].",
)
.arity(Arity::Any);
const YES: Param = Param::new(&["--yes", "-y"], "yes", "Do not prompt for confirmation.").flag();
const NO_WAIT: Param = Param::new(
    &["--no-wait"],
    "no_wait",
    "Do not wait for the long-running operation to finish.",
)
.flag();
const ASSIGN_IDENTITY: Param = Param::new(
    &["--assign-identity"],
    "assign_identity",
    "Accept system or user assigned identities separated by spaces. Use '[system]' to refer system assigned identity, or a resource id to refer user assigned identity.",
)
.arity(Arity::Any);
const ROLE: Param = Param::new(
    &["--role"],
    "role",
    "Role name or id the system assigned identity will have.",
);
const SCOPE: Param = Param::new(
    &["--scope"],
    "scope",
    "Scope that the system assigned identity can access.",
);
const IDENTITIES: Param = Param::new(
    &["--identities"],
    "identities",
    "Space-separated identities to assign. Use '[system]' to refer to the system assigned identity.",
)
.arity(Arity::Any);
const IMAGE: Param = Param::new(&["--image"], "image", "The name of the operating system image: an alias such as Ubuntu2204 or Win2022Datacenter, or a URN.");
const ADMIN_USERNAME: Param = Param::new(
    &["--admin-username"],
    "admin_username",
    "Username for the VM.",
);
const ADMIN_PASSWORD: Param = Param::new(
    &["--admin-password"],
    "admin_password",
    "Password for the VM if authentication type is 'Password'.",
);
const SSH_KEYS: Param = Param::new(
    &["--generate-ssh-keys"],
    "generate_ssh_keys",
    "Generate SSH public and private key files if missing.",
)
.flag();
const AUTH_TYPE: Param = Param::new(
    &["--authentication-type"],
    "authentication_type",
    "Type of authentication to use with the VM.",
)
.choices(&["all", "password", "ssh"]);
const SIZE: Param =
    Param::new(&["--size"], "size", "The VM size to be created.").default("Standard_DS1_v2");
const OS_TYPE: Param =
    Param::new(&["--os-type"], "os_type", "The OS type.").choices(&["Linux", "Windows"]);
const PLAN: Param = Param::new(
    &["--plan", "-p"],
    "plan",
    "Name or resource id of the app service plan.",
);
const RUNTIME: Param = Param::new(
    &["--runtime", "-r"],
    "runtime",
    "Canonicalized web runtime, e.g. \"PYTHON:3.12\".",
);
const VAULT_NAME: Param =
    Param::new(&["--vault-name"], "vault_name", "Name of the Key Vault.").required();
const SUBSCRIPTION_NAME: Param = Param::new(
    &["--name", "--subscription", "-n", "-s"],
    "subscription",
    "Name or ID of subscription.",
);
const GRAPH_ID: Param = Param::new(
    &["--id"],
    "id",
    "Identifier uri, application id, or object id.",
)
.required();

/// Arguments every command accepts.
pub static GLOBAL_PARAMS: &[Param] = &[
    Param::new(
        &["--debug"],
        "debug",
        "Increase logging verbosity to show all debug logs.",
    )
    .flag(),
    Param::new(
        &["--help", "-h"],
        "help",
        "Show this help message and exit.",
    )
    .flag(),
    Param::new(
        &["--only-show-errors"],
        "only_show_errors",
        "Only show errors, suppressing warnings.",
    )
    .flag(),
    Param::new(&["--output", "-o"], "output", "Output format.")
        .choices(&["json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"])
        .default("json"),
    Param::new(
        &["--query"],
        "query",
        "JMESPath query string. See http://jmespath.org/ for more information and examples.",
    ),
    Param::new(
        &["--verbose"],
        "verbose",
        "Increase logging verbosity. Use --debug for full debug logs.",
    )
    .flag(),
];

/// `--subscription`, for the commands that take it.
pub static SUBSCRIPTION_PARAM: Param =
    Param::new(&["--subscription"], "subscription_global", "Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.");

pub const GROUPS: &[GroupSpec] = &[
    GroupSpec { path: "", help: "Azure CLI, as modelled by the Managed Identity Playground." },
    GroupSpec { path: "account", help: "Manage Azure subscription information." },
    GroupSpec { path: "ad", help: "Manage Microsoft Entra ID (Azure Active Directory) Graph entities needed for Role Based Access Control." },
    GroupSpec { path: "ad app", help: "Manage Microsoft Entra applications." },
    GroupSpec { path: "ad app credential", help: "Manage an application's password or certificate credentials." },
    GroupSpec { path: "ad sp", help: "Manage Microsoft Entra service principals." },
    GroupSpec { path: "container", help: "Manage Azure Container Instances." },
    GroupSpec { path: "functionapp", help: "Manage function apps." },
    GroupSpec { path: "functionapp identity", help: "Manage the function app's managed identity." },
    GroupSpec { path: "group", help: "Manage resource groups and template deployments." },
    GroupSpec { path: "identity", help: "Manage Managed Identities." },
    GroupSpec { path: "keyvault", help: "Manage KeyVault keys, secrets, and certificates." },
    GroupSpec { path: "keyvault secret", help: "Manage secrets." },
    GroupSpec { path: "logic", help: "Manage Logic Apps." },
    GroupSpec { path: "logic workflow", help: "Manage workflow." },
    GroupSpec { path: "logic workflow identity", help: "Manage workflow identity." },
    GroupSpec { path: "resource", help: "Manage Azure resources." },
    GroupSpec { path: "role", help: "Manage Azure role-based access control (Azure RBAC)." },
    GroupSpec { path: "role assignment", help: "Manage role assignments." },
    GroupSpec { path: "role definition", help: "Manage role definitions." },
    GroupSpec { path: "storage", help: "Manage Azure Cloud Storage resources." },
    GroupSpec { path: "storage account", help: "Manage storage accounts." },
    GroupSpec { path: "storage container", help: "Manage blob storage containers." },
    GroupSpec { path: "vm", help: "Manage Linux or Windows virtual machines." },
    GroupSpec { path: "vm identity", help: "Manage service identities of a VM." },
    GroupSpec { path: "vmss", help: "Manage groupings of virtual machines in an Azure Virtual Machine Scale Set (VMSS)." },
    GroupSpec { path: "vmss identity", help: "Manage service identities of a VM scaleset." },
    GroupSpec { path: "webapp", help: "Manage web apps." },
    GroupSpec { path: "webapp identity", help: "Manage web app's managed identity." },
];

macro_rules! command {
    ($path:literal, $help:literal, [$($param:expr),* $(,)?], $example:literal, $example_help:literal) => {
        CommandSpec { path: $path, help: $help, params: &[$($param),*], example: ($example, $example_help), subscription: true, long_help: "" }
    };
    (graph $path:literal, $help:literal, [$($param:expr),* $(,)?], $example:literal, $example_help:literal) => {
        CommandSpec { path: $path, help: $help, params: &[$($param),*], example: ($example, $example_help), subscription: false, long_help: "" }
    };
}

pub const COMMANDS: &[CommandSpec] = &[
    // ---- group
    command!(
        "group create",
        "Create a new resource group.",
        [
            Param::new(&["--name", "--resource-group", "-n", "-g"], "name", "Name of the new resource group.").required(),
            Param::new(&["--location", "-l"], "location", "Location.").required(),
            Param::new(&["--managed-by"], "managed_by", "The ID of the resource that manages this resource group."),
            TAGS,
        ],
        "az group create -l westus -n MyResourceGroup",
        "Create a new resource group in the West US region."
    ),
    command!(
        "group delete",
        "Delete a resource group.",
        [Param::new(&["--name", "--resource-group", "-n", "-g"], "name", "Name of resource group.").required(), YES, NO_WAIT, Param::new(&["--force-deletion-types", "-f"], "force_deletion_types", "The resource types you want to force delete.")],
        "az group delete -n MyResourceGroup --yes",
        "Delete a resource group."
    ),
    command!("group exists", "Check if a resource group exists.", [Param::new(&["--name", "--resource-group", "-n", "-g"], "name", "Name of resource group.").required()], "az group exists -n MyResourceGroup", "Check if a resource group exists."),
    command!("group list", "List resource groups.", [Param::new(&["--tag"], "tag", "A single tag in 'key[=value]' format.")], "az group list --query \"[?location=='westus']\"", "List all resource groups located in the West US region."),
    command!("group show", "Gets a resource group.", [Param::new(&["--name", "--resource-group", "-n", "-g"], "name", "Name of resource group.").required()], "az group show -n MyResourceGroup", "Gets a resource group."),
    // ---- vm
    command!(
        "vm create",
        "Create an Azure Virtual Machine.",
        [
            NAME, GROUP, IMAGE, LOCATION, SIZE, ADMIN_USERNAME, ADMIN_PASSWORD, SSH_KEYS, AUTH_TYPE, ASSIGN_IDENTITY, ROLE, SCOPE, OS_TYPE,
            Param::new(&["--public-ip-sku"], "public_ip_sku", "Public IP SKU.").choices(&["Basic", "Standard"]),
            Param::new(&["--nsg-rule"], "nsg_rule", "NSG rule to create when creating a new NSG.").choices(&["NONE", "RDP", "SSH"]),
            Param::new(&["--zone", "-z"], "zone", "Availability zone into which to provision the resource."),
            TAGS, NO_WAIT,
        ],
        "az vm create -n MyVm -g MyResourceGroup --image Ubuntu2204 --assign-identity --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup",
        "Create a VM with a system assigned identity that has Reader access to its resource group."
    ),
    command!("vm delete", "Delete a VM.", [NAME, GROUP, YES, NO_WAIT, Param::new(&["--force-deletion"], "force_deletion", "Optional parameter to force delete virtual machines.")], "az vm delete -g MyResourceGroup -n MyVm --yes", "Delete a VM without a prompt for confirmation."),
    command!("vm show", "Get the details of a VM.", [NAME, GROUP, Param::new(&["--show-details", "-d"], "show_details", "Show public ip address, FQDN, and power states.").flag()], "az vm show -n MyVm -g MyResourceGroup -d", "Show information about a VM."),
    command!("vm list", "List details of Virtual Machines.", [GROUP_OPTIONAL, Param::new(&["--show-details", "-d"], "show_details", "Show public ip address, FQDN, and power states.").flag()], "az vm list -g MyResourceGroup", "List all VMs in a resource group."),
    command!(
        "vm update",
        "Update the properties of a VM.",
        [
            NAME, GROUP,
            Param::new(&["--set"], "set", "Update an object by specifying a property path and value to set. Example: --set identity.type=SystemAssigned.").arity(Arity::Many),
            Param::new(&["--add"], "add", "Add an object to a list of objects by specifying a path and key value pairs.").arity(Arity::Many),
            Param::new(&["--remove"], "remove", "Remove a property or an element from a list.").arity(Arity::Many),
            NO_WAIT,
        ],
        "az vm update -n MyVm -g MyResourceGroup --set identity.type=\"none\"",
        "Remove every managed identity of a VM."
    ),
    command!("vm identity assign", "Enable managed service identity on a VM.", [NAME, GROUP, IDENTITIES, ROLE, SCOPE], "az vm identity assign -g MyResourceGroup -n MyVm", "Enable the system assigned identity on a VM."),
    command!("vm identity remove", "Remove managed service identities from a VM.", [NAME, GROUP, IDENTITIES], "az vm identity remove -g MyResourceGroup -n MyVm --identities readerId", "Remove a user assigned identity from a VM."),
    command!("vm identity show", "Display VM's managed identity info.", [NAME, GROUP], "az vm identity show -g MyResourceGroup -n MyVm", "Display the managed identities of a VM."),
    // ---- vmss
    command!(
        "vmss create",
        "Create an Azure Virtual Machine Scale Set.",
        [
            NAME, GROUP, IMAGE, LOCATION, ADMIN_USERNAME, ADMIN_PASSWORD, SSH_KEYS, AUTH_TYPE, ASSIGN_IDENTITY, ROLE, SCOPE, OS_TYPE,
            Param::new(&["--instance-count"], "instance_count", "Number of VMs in the scale set.").default("2"),
            Param::new(&["--vm-sku"], "vm_sku", "Size of VMs in the scale set."),
            Param::new(&["--orchestration-mode"], "orchestration_mode", "Choose how virtual machines are managed by the scale set.").choices(&["Flexible", "Uniform"]),
            Param::new(&["--upgrade-policy-mode"], "upgrade_policy_mode", "How virtual machines are upgraded.").choices(&["Automatic", "Manual", "Rolling"]),
            TAGS, NO_WAIT,
        ],
        "az vmss create -n MyVmss -g MyResourceGroup --image Ubuntu2204 --assign-identity",
        "Create a scale set with a system assigned identity."
    ),
    command!("vmss delete", "Delete a VM scale set.", [NAME, GROUP, NO_WAIT, Param::new(&["--force-deletion"], "force_deletion", "Force delete.")], "az vmss delete -n MyVmss -g MyResourceGroup", "Delete a scale set."),
    command!("vmss show", "Get details on VMs within a VM scale set.", [NAME, GROUP], "az vmss show -n MyVmss -g MyResourceGroup", "Show a scale set."),
    command!("vmss list", "List VM scale sets.", [GROUP_OPTIONAL], "az vmss list -g MyResourceGroup", "List the scale sets in a group."),
    command!("vmss identity assign", "Enable managed service identity on a VMSS.", [NAME, GROUP, IDENTITIES, ROLE, SCOPE], "az vmss identity assign -g MyResourceGroup -n MyVmss", "Enable the system assigned identity on a scale set."),
    command!("vmss identity remove", "Remove user assigned identities from a VM scaleset.", [NAME, GROUP, IDENTITIES], "az vmss identity remove -g MyResourceGroup -n MyVmss --identities readerId", "Remove a user assigned identity from a scale set."),
    command!("vmss identity show", "Display VM scaleset's managed identity info.", [NAME, GROUP], "az vmss identity show -g MyResourceGroup -n MyVmss", "Display the managed identities of a scale set."),
    // ---- webapp
    command!(
        "webapp create",
        "Create a web app.",
        [NAME, GROUP, PLAN.required(), RUNTIME, ASSIGN_IDENTITY, ROLE, SCOPE, TAGS],
        "az webapp create -g MyResourceGroup -p MyPlan -n MyUniqueAppName --assign-identity [system]",
        "Create a web app with a system assigned identity."
    ),
    command!("webapp delete", "Delete a web app.", [NAME, GROUP], "az webapp delete -g MyResourceGroup -n MyUniqueAppName", "Delete a web app."),
    command!("webapp show", "Get the details of a web app.", [NAME, GROUP], "az webapp show -g MyResourceGroup -n MyUniqueAppName", "Get the details of a web app."),
    command!("webapp list", "List web apps.", [GROUP_OPTIONAL], "az webapp list -g MyResourceGroup", "List the web apps of a group."),
    command!("webapp identity assign", "Assign managed identity to the web app.", [NAME, GROUP, IDENTITIES, ROLE, SCOPE], "az webapp identity assign -g MyResourceGroup -n MyUniqueAppName", "Assign the system assigned identity."),
    command!("webapp identity remove", "Disable web app's managed identity.", [NAME, GROUP, IDENTITIES], "az webapp identity remove -g MyResourceGroup -n MyUniqueAppName", "Disable the system assigned identity."),
    command!("webapp identity show", "Display web app's managed identity.", [NAME, GROUP], "az webapp identity show -g MyResourceGroup -n MyUniqueAppName", "Display the web app's managed identity."),
    // ---- functionapp
    command!(
        "functionapp create",
        "Create a function app.",
        [
            NAME, GROUP,
            Param::new(&["--storage-account", "-s"], "storage_account", "Provide a string value of a Storage Account in the provided Resource Group.").required(),
            Param::new(&["--consumption-plan-location", "-c"], "consumption_plan_location", "Geographic location where function app will be hosted."),
            PLAN, RUNTIME,
            Param::new(&["--functions-version"], "functions_version", "The functions app version.").choices(&["4"]),
            OS_TYPE, ASSIGN_IDENTITY, ROLE, SCOPE, TAGS,
        ],
        "az functionapp create -g MyResourceGroup -n MyUniqueAppName -s MyStorageAccount -c westus --assign-identity",
        "Create a function app with a system assigned identity."
    ),
    command!("functionapp delete", "Delete a function app.", [NAME, GROUP], "az functionapp delete -g MyResourceGroup -n MyUniqueAppName", "Delete a function app."),
    command!("functionapp show", "Get the details of a function app.", [NAME, GROUP], "az functionapp show -g MyResourceGroup -n MyUniqueAppName", "Get the details of a function app."),
    command!("functionapp list", "List function apps.", [GROUP_OPTIONAL], "az functionapp list -g MyResourceGroup", "List the function apps of a group."),
    command!("functionapp identity assign", "Assign managed identity to function app.", [NAME, GROUP, IDENTITIES, ROLE, SCOPE], "az functionapp identity assign -g MyResourceGroup -n MyUniqueAppName", "Assign the system assigned identity."),
    command!("functionapp identity remove", "Disable function app's managed identity.", [NAME, GROUP, IDENTITIES], "az functionapp identity remove -g MyResourceGroup -n MyUniqueAppName", "Disable the system assigned identity."),
    command!("functionapp identity show", "Display function app's managed identity.", [NAME, GROUP], "az functionapp identity show -g MyResourceGroup -n MyUniqueAppName", "Display the function app's managed identity."),
    // ---- container
    command!(
        "container create",
        "Create a container group.",
        [
            NAME, GROUP, IMAGE.required(), LOCATION, ASSIGN_IDENTITY, ROLE, SCOPE, OS_TYPE,
            Param::new(&["--cpu"], "cpu", "The required number of CPU cores of the containers.").default("1"),
            Param::new(&["--memory"], "memory", "The required memory of the containers in GB.").default("1.5"),
            Param::new(&["--ports"], "ports", "A list of ports to open.").arity(Arity::Many),
            Param::new(&["--dns-name-label"], "dns_name_label", "The dns name label for container group with public IP."),
            Param::new(&["--restart-policy"], "restart_policy", "Restart policy for all containers within the container group.").choices(&["Always", "Never", "OnFailure"]),
        ],
        "az container create -g MyResourceGroup --name myapp --image myimage:latest --assign-identity",
        "Create a container group with a system assigned identity."
    ),
    command!("container delete", "Delete a container group.", [NAME, GROUP, YES], "az container delete -g MyResourceGroup -n myapp --yes", "Delete a container group."),
    command!("container show", "Get the details of a container group.", [NAME, GROUP], "az container show -g MyResourceGroup -n myapp", "Get the details of a container group."),
    command!("container list", "List container groups.", [GROUP_OPTIONAL], "az container list -g MyResourceGroup", "List container groups in a resource group."),
    // ---- logic workflow
    command!(
        "logic workflow create",
        "Create a workflow.",
        [
            NAME, GROUP, LOCATION,
            Param::new(&["--definition"], "definition", "Path to a workflow definition JSON file."),
            Param::new(&["--mi-system-assigned"], "mi_system_assigned", "Enable system assigned identity.").flag(),
            Param::new(&["--mi-user-assigned"], "mi_user_assigned", "The resource ID of the user assigned identity."),
            Param::new(&["--state"], "state", "The state.").choices(&["Completed", "Deleted", "Disabled", "Enabled", "NotSpecified", "Suspended"]),
            TAGS,
        ],
        "az logic workflow create -g MyResourceGroup -n MyWorkflow --mi-system-assigned",
        "Create a workflow with a system assigned identity."
    ),
    command!("logic workflow delete", "Delete a workflow.", [NAME, GROUP, YES], "az logic workflow delete -g MyResourceGroup -n MyWorkflow --yes", "Delete a workflow."),
    command!("logic workflow show", "Show a workflow.", [NAME, GROUP], "az logic workflow show -g MyResourceGroup -n MyWorkflow", "Show a workflow."),
    command!("logic workflow list", "List workflows.", [GROUP_OPTIONAL], "az logic workflow list -g MyResourceGroup", "List the workflows of a group."),
    command!(
        "logic workflow identity assign",
        "Assign identities.",
        [NAME, GROUP, Param::new(&["--system-assigned"], "system_assigned", "Enable system assigned identity.").flag(), Param::new(&["--user-assigned"], "user_assigned", "Space separated resource IDs to add user-assigned identities.").arity(Arity::Many)],
        "az logic workflow identity assign -g MyResourceGroup -n MyWorkflow --system-assigned",
        "Enable the system assigned identity."
    ),
    command!(
        "logic workflow identity remove",
        "Remove identities.",
        [NAME, GROUP, Param::new(&["--system-assigned"], "system_assigned", "Remove system assigned identity.").flag(), Param::new(&["--user-assigned"], "user_assigned", "Space separated resource IDs to remove user-assigned identities.").arity(Arity::Many)],
        "az logic workflow identity remove -g MyResourceGroup -n MyWorkflow --system-assigned",
        "Disable the system assigned identity."
    ),
    // ---- identity
    command!("identity create", "Create Identities.", [NAME, GROUP, LOCATION, TAGS], "az identity create -g MyResourceGroup -n myUserAssignedIdentity", "Create a user assigned identity."),
    command!("identity delete", "Delete Identities.", [NAME, GROUP], "az identity delete -g MyResourceGroup -n myUserAssignedIdentity", "Delete a user assigned identity."),
    command!("identity show", "Show Identity.", [NAME, GROUP], "az identity show -g MyResourceGroup -n myUserAssignedIdentity", "Show a user assigned identity."),
    command!("identity list", "List Identities.", [GROUP_OPTIONAL], "az identity list -g MyResourceGroup", "List the user assigned identities of a group."),
    // ---- keyvault
    command!(
        "keyvault create",
        "Create a Vault.",
        [
            NAME, GROUP, LOCATION,
            Param::new(&["--enable-rbac-authorization"], "enable_rbac_authorization", "Property that controls how data actions are authorized. When true, the key vault uses Azure role-based access control (RBAC) for data actions; when false, it uses the access policies in its properties.").arity(Arity::Optional).choices(&["false", "true"]).default("true"),
            Param::new(&["--sku"], "sku", "Required. SKU details.").choices(&["premium", "standard"]).default("standard"),
            Param::new(&["--retention-days"], "retention_days", "Soft delete data retention days.").default("90"),
            Param::new(&["--enable-purge-protection"], "enable_purge_protection", "Property specifying whether protection against purge is enabled.").arity(Arity::Optional).choices(&["false", "true"]),
            TAGS,
        ],
        "az keyvault create -g MyResourceGroup -n MyVault",
        "Create a key vault; it uses Azure RBAC for data access unless --enable-rbac-authorization false."
    ),
    command!("keyvault delete", "Delete a Vault.", [NAME, GROUP_OPTIONAL], "az keyvault delete -n MyVault", "Delete a key vault."),
    command!("keyvault show", "Show details of a Vault.", [NAME, GROUP_OPTIONAL], "az keyvault show -n MyVault", "Show a key vault."),
    command!("keyvault list", "List Vaults.", [GROUP_OPTIONAL], "az keyvault list -g MyResourceGroup", "List the key vaults of a group."),
    command!(
        "keyvault secret set",
        "Create a secret (if one doesn't exist) or update a secret in a KeyVault.",
        [
            Param::new(&["--name", "-n"], "name", "Name of the secret.").required(),
            VAULT_NAME,
            Param::new(&["--value"], "value", "Plain text secret value. Cannot be used with '--file' or '--encoding'."),
            Param::new(&["--description"], "description", "Description of the secret contents (e.g. password, connection string, etc)."),
            Param::new(&["--content-type"], "content_type", "Type of the secret value such as a password."),
        ],
        "az keyvault secret set --vault-name MyVault -n MySecret --value 'p@ssw0rd!'",
        "Create a secret."
    ),
    command!(
        "keyvault secret show",
        "Get a specified secret from a given key vault.",
        [Param::new(&["--name", "-n"], "name", "Name of the secret.").required(), VAULT_NAME, Param::new(&["--version", "-v"], "version", "The secret version. If omitted, uses the latest version.")],
        "az keyvault secret show --vault-name MyVault -n MySecret --query value -o tsv",
        "Print a secret's value."
    ),
    command!("keyvault secret list", "List secrets in a specified key vault.", [VAULT_NAME, Param::new(&["--maxresults"], "maxresults", "Maximum number of results to return in a page.")], "az keyvault secret list --vault-name MyVault", "List the secrets of a vault."),
    // ---- storage
    command!(
        "storage account create",
        "Create a storage account.",
        [
            NAME, GROUP, LOCATION,
            Param::new(&["--sku"], "sku", "The storage account SKU.").choices(&["Premium_LRS", "Premium_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_LRS", "Standard_RAGRS", "Standard_RAGZRS", "Standard_ZRS"]).default("Standard_RAGRS"),
            Param::new(&["--kind"], "kind", "Indicate the type of storage account.").choices(&["BlobStorage", "BlockBlobStorage", "FileStorage", "Storage", "StorageV2"]).default("StorageV2"),
            Param::new(&["--allow-blob-public-access"], "allow_blob_public_access", "Allow or disallow public access to all blobs or containers in the storage account.").choices(&["false", "true"]),
            TAGS,
        ],
        "az storage account create -n mystorageaccount -g MyResourceGroup -l westus --sku Standard_LRS",
        "Create a storage account."
    ),
    command!("storage account delete", "Delete a storage account.", [NAME, GROUP_OPTIONAL, YES], "az storage account delete -n MyStorageAccount -g MyResourceGroup --yes", "Delete a storage account."),
    command!("storage account show", "Show storage account properties.", [NAME, GROUP_OPTIONAL], "az storage account show -n MyStorageAccount -g MyResourceGroup", "Show a storage account."),
    command!("storage account list", "List storage accounts.", [GROUP_OPTIONAL], "az storage account list -g MyResourceGroup", "List the storage accounts of a group."),
    command!(
        "storage container create",
        "Create a container in a storage account.",
        [
            Param::new(&["--name", "-n"], "name", "The container name.").required(),
            Param::new(&["--account-name"], "account_name", "Storage account name.").required(),
            Param::new(&["--auth-mode"], "auth_mode", "The mode in which to run the command.").choices(&["key", "login"]),
            Param::new(&["--public-access"], "public_access", "Specifies whether data in the container may be accessed publicly.").choices(&["blob", "container", "off"]),
        ],
        "az storage container create -n mycontainer --account-name mystorageaccount --auth-mode login",
        "Create a storage container in a storage account."
    ),
    command!(
        "storage container list",
        "List containers in a storage account.",
        [Param::new(&["--account-name"], "account_name", "Storage account name.").required(), Param::new(&["--auth-mode"], "auth_mode", "The mode in which to run the command.").choices(&["key", "login"])],
        "az storage container list --account-name mystorageaccount --auth-mode login",
        "List the containers of a storage account."
    ),
    // ---- resource
    command!(
        "resource list",
        "List resources.",
        [
            GROUP_OPTIONAL,
            Param::new(&["--name", "-n"], "name", "Name of the resource."),
            Param::new(&["--resource-type"], "resource_type", "The resource type (Ex: 'resC'). Can also accept namespace/type format (Ex: 'Microsoft.Provider/resC')."),
            Param::new(&["--namespace"], "namespace", "Provider namespace (Ex: 'Microsoft.Provider')."),
            Param::new(&["--location", "-l"], "location", "Location."),
            Param::new(&["--tag"], "tag", "A single tag in 'key[=value]' format."),
        ],
        "az resource list -n myVM --query [*].identity.principalId --out tsv",
        "Print the principal ID of a resource's managed identity."
    ),
    // ---- role
    command!(
        "role assignment create",
        "Create a new role assignment for a user, group, or service principal.",
        [
            Param::new(&["--role"], "role", "Role name or id.").required(),
            Param::new(&["--assignee"], "assignee", "Represent a user, group, or service principal. Supported format: object id, user sign-in name, or service principal name."),
            Param::new(&["--assignee-object-id"], "assignee_object_id", "Use this parameter instead of '--assignee' to bypass Graph API invocation."),
            Param::new(&["--assignee-principal-type"], "assignee_principal_type", "Use with --assignee-object-id to avoid errors caused by propagation latency in Microsoft Graph.")
                .choices(&["Device", "ForeignGroup", "Group", "ServicePrincipal", "User"]),
            Param::new(&["--scope"], "scope", "Scope at which the role assignment or definition applies to."),
            GROUP_OPTIONAL,
            Param::new(&["--description"], "description", "Description of role assignment."),
            Param::new(&["--name"], "assignment_name", "A GUID for the role assignment. It must be unique and different for each role assignment."),
        ],
        "az role assignment create --assignee 00000000-0000-0000-0000-000000000000 --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup",
        "Grant a principal Reader on a resource group."
    ),
    command!(
        "role assignment list",
        "List role assignments.",
        [
            Param::new(&["--assignee"], "assignee", "Represent a user, group, or service principal."),
            Param::new(&["--role"], "role", "Role name or id."),
            Param::new(&["--scope"], "scope", "Scope at which the role assignment or definition applies to."),
            GROUP_OPTIONAL,
            Param::new(&["--all"], "all", "Show all assignments under the current subscription.").flag(),
            Param::new(&["--include-inherited"], "include_inherited", "Include assignments applied on parent scopes.").flag(),
        ],
        "az role assignment list --assignee 00000000-0000-0000-0000-000000000000 --all -o table",
        "List every role assignment of a principal."
    ),
    command!(
        "role assignment delete",
        "Delete role assignments.",
        [
            Param::new(&["--ids"], "ids", "Space-separated role assignment ids.").arity(Arity::Many),
            Param::new(&["--assignee"], "assignee", "Represent a user, group, or service principal."),
            Param::new(&["--role"], "role", "Role name or id."),
            Param::new(&["--scope"], "scope", "Scope at which the role assignment or definition applies to."),
            GROUP_OPTIONAL,
            YES,
        ],
        "az role assignment delete --assignee 00000000-0000-0000-0000-000000000000 --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup",
        "Delete a role assignment."
    ),
    command!(
        "role definition list",
        "List role definitions.",
        [
            Param::new(&["--name"], "name", "A role's name (e.g. 'Reader') or its id."),
            Param::new(&["--custom-role-only"], "custom_role_only", "Custom roles only (vs. build-in ones).").arity(Arity::Optional).choices(&["false", "true"]),
            Param::new(&["--scope"], "scope", "Scope at which the role assignment or definition applies to."),
            GROUP_OPTIONAL,
        ],
        "az role definition list --name Reader",
        "Show the Reader role."
    ),
    // ---- ad sp
    command!(
        graph "ad sp list",
        "List service principals.",
        [
            Param::new(&["--display-name"], "display_name", "Object's display name or its prefix."),
            Param::new(&["--filter"], "filter", "OData filter, e.g. --filter \"displayname eq 'test' and servicePrincipalType eq 'Application'\"."),
            Param::new(&["--spn"], "spn", "Service principal name."),
            Param::new(&["--all"], "all", "List all entities, expect long delay if under a big organization.").flag(),
            Param::new(&["--show-mine"], "show_mine", "List entities owned by the current user.").flag(),
        ],
        "az ad sp list --display-name myVM",
        "Find the service principal of a resource's managed identity."
    ),
    command!(graph "ad sp show", "Get the details of a service principal.", [GRAPH_ID], "az ad sp show --id 00000000-0000-0000-0000-000000000000", "Show a service principal."),
    command!(graph "ad sp create", "Create a service principal.", [GRAPH_ID], "az ad sp create --id 00000000-0000-0000-0000-000000000000", "Create the service principal of an application."),
    command!(graph "ad sp delete", "Delete a service principal.", [GRAPH_ID], "az ad sp delete --id 00000000-0000-0000-0000-000000000000", "Delete a service principal."),
    // ---- ad app
    command!(
        graph "ad app create",
        "Create an application.",
        [
            Param::new(&["--display-name"], "display_name", "The display name of the application.").required(),
            Param::new(&["--sign-in-audience"], "sign_in_audience", "Specifies the Microsoft accounts that are supported for the current application.")
                .choices(&["AzureADMultipleOrgs", "AzureADMyOrg", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"]),
        ],
        "az ad app create --display-name mytestapp",
        "Create an application."
    ),
    command!(graph "ad app delete", "Delete an application.", [GRAPH_ID], "az ad app delete --id 00000000-0000-0000-0000-000000000000", "Delete an application."),
    command!(graph "ad app show", "Get the details of an application.", [GRAPH_ID], "az ad app show --id 00000000-0000-0000-0000-000000000000", "Show an application."),
    command!(
        graph "ad app list",
        "List applications.",
        [
            Param::new(&["--display-name"], "display_name", "The display name of the application."),
            Param::new(&["--app-id"], "app_id", "Application id."),
            Param::new(&["--filter"], "filter", "OData filter."),
            Param::new(&["--all"], "all", "List all entities.").flag(),
            Param::new(&["--show-mine"], "show_mine", "List entities owned by the current user.").flag(),
        ],
        "az ad app list --display-name mytestapp",
        "Find an application by name."
    ),
    command!(
        graph "ad app credential reset",
        "Reset an application's password or certificate credentials.",
        [
            GRAPH_ID,
            Param::new(&["--append"], "append", "Append the new credential instead of overwriting.").flag(),
            Param::new(&["--years"], "years", "Number of years for which the credentials will be valid.").default("1"),
            Param::new(&["--display-name"], "display_name", "Friendly name for the credential."),
            Param::new(&["--cert"], "cert", "Certificate to use for credentials: a PEM/DER string or a file name."),
            Param::new(&["--create-cert"], "create_cert", "Create a self-signed certificate to use for the credential.").flag(),
        ],
        "az ad app credential reset --id 00000000-0000-0000-0000-000000000000 --append",
        "Add a new client secret to an application."
    ),
    // ---- account and login
    command!(graph "account show", "Get the details of a subscription.", [SUBSCRIPTION_NAME], "az account show", "Show the signed-in subscription."),
    command!(graph "account set", "Set a subscription to be the current active subscription.", [SUBSCRIPTION_NAME.required()], "az account set --subscription \"My Subscription\"", "Switch subscription."),
    command!(
        graph "account list",
        "Get a list of subscriptions for the logged in account.",
        [Param::new(&["--all"], "all", "List all subscriptions from all clouds.").flag(), Param::new(&["--refresh"], "refresh", "Retrieve up-to-date subscriptions from server.").flag()],
        "az account list -o table",
        "List subscriptions."
    ),
    command!(
        graph "login",
        "Log in to Azure. In the playground you are always signed in: this prints your subscriptions.",
        [
            Param::new(&["--identity"], "identity", "Log in using managed identity.").flag(),
            Param::new(&["--username", "-u"], "username", "User name, service principal client ID, or managed identity ID."),
            Param::new(&["--password", "-p"], "password", "Credentials like user password, or for a service principal, provide client secret."),
            Param::new(&["--service-principal"], "service_principal", "Log in with a service principal.").flag(),
            Param::new(&["--tenant", "-t"], "tenant", "The Microsoft Entra tenant."),
            Param::new(&["--use-device-code"], "use_device_code", "Use CLI's old authentication flow based on device code.").flag(),
            Param::new(&["--allow-no-subscriptions"], "allow_no_subscriptions", "Support accessing tenants without subscriptions.").flag(),
        ],
        "az login",
        "Log in interactively."
    ),
    // ---- rest: only the Graph calls the Graph-era CLI has no command for (deleted items)
    CommandSpec {
        path: "rest",
        help: "Invoke a custom request.",
        params: &[
            Param::new(&["--url", "--uri", "-u"], "url", "Request URL. The playground answers only the Microsoft Graph deleted-items URLs listed above.").required(),
            Param::new(&["--method", "-m"], "method", "HTTP request method.")
                .choices(&["delete", "get", "head", "options", "patch", "post", "put"])
                .default("get"),
            Param::new(&["--headers"], "headers", "Space-separated headers in KEY=VALUE format or JSON string. The playground accepts and ignores them (az sends the Authorization header itself).").arity(Arity::Many),
            Param::new(&["--body", "-b"], "body", "Request body. The playground's calls take none: it is refused."),
        ],
        example: (
            "az rest --method post --url https://graph.microsoft.com/v1.0/directory/deletedItems/00000000-0000-0000-0000-000000000000/restore",
            "Restore a deleted application or service principal by its object ID.",
        ),
        subscription: false,
        long_help: "The playground answers only Microsoft Graph's deleted items (v1.0 or beta):\n\
            \x20   POST https://graph.microsoft.com/v1.0/directory/deletedItems/{object-id}/restore\n\
            \x20   GET  https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.application\n\
            \x20   GET  https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.servicePrincipal\n\
            A restore takes the object ID (not the appId) of a deleted application or service principal, and\n\
            restoring an application does not restore its service principal: that is a second restore.\n\
            Deleted items can be restored for 30 days.",
    },
];

/// The playground's own commands: things that happen outside `az`, such as code inside a resource
/// asking its identity endpoint for a token. Not part of the Azure CLI, and their help says so.
pub const PLAYGROUND_GROUPS: &[GroupSpec] = &[GroupSpec {
    path: "",
    help: "Playground-only commands: they are NOT part of the Azure CLI.",
}];

pub const PLAYGROUND_COMMANDS: &[CommandSpec] = &[CommandSpec {
    path: "token",
    help: "Ask a resource's identity endpoint for an access token, as code running inside the resource does.",
    params: &[
        Param::new(&["--type"], "type", "The kind of resource the code runs in.")
            .required()
            .choices(&["vm", "vmss", "webapp", "functionapp", "logicapp", "container", "storage", "keyvault"]),
        GROUP,
        NAME,
        Param::new(&["--resource"], "resource", "The audience: the App ID URI of the resource the token is for, e.g. https://vault.azure.net or https://management.azure.com/.").required(),
        Param::new(&["--client-id"], "client_id", "The client ID of the identity to use (IMDS client_id, App Service client_id)."),
        Param::new(&["--object-id"], "object_id", "The object (principal) ID of the identity to use (IMDS object_id, App Service principal_id)."),
        Param::new(&["--msi-res-id"], "msi_res_id", "The resource ID of the user-assigned identity to use (IMDS msi_res_id, App Service mi_res_id)."),
    ],
    example: (
        "playground token --type vm -g MyResourceGroup -n MyVm --resource https://vault.azure.net",
        "Get a Key Vault token for the VM's system-assigned identity.",
    ),
    subscription: false,
    long_help: "Not part of the Azure CLI: the playground's stand-in for the HTTP request the code makes.\n\
        At most one of --client-id, --object-id and --msi-res-id; without one, the system-assigned\n\
        identity answers (or, through IMDS, the only user-assigned one).\n\
        On a VM, a scale set or a container instance (the instance metadata service, IMDS):\n\
        \x20   curl -H Metadata:true \"http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=AUDIENCE[&client_id=ID|&object_id=ID|&msi_res_id=RESOURCE_ID]\"\n\
        On App Service, Functions and Logic Apps (the IDENTITY_ENDPOINT the platform sets):\n\
        \x20   curl -H \"X-IDENTITY-HEADER: $IDENTITY_HEADER\" \"$IDENTITY_ENDPOINT?api-version=2019-08-01&resource=AUDIENCE[&client_id=ID|&principal_id=ID|&mi_res_id=RESOURCE_ID]\"\n\
        It prints the endpoint's JSON response, or the endpoint's error body.",
}];

/// A program whose commands the table describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Program {
    pub name: &'static str,
    /// What `PROGRAM --help` prints under its one-line summary.
    pub long_help: &'static str,
    pub groups: &'static [GroupSpec],
    pub commands: &'static [CommandSpec],
}

/// The Azure CLI, as the playground models it.
pub static AZ: Program = Program {
    name: "az",
    long_help: "",
    groups: GROUPS,
    commands: COMMANDS,
};

/// The playground's own root command.
pub static PLAYGROUND: Program = Program {
    name: "playground",
    long_help:
        "They stand for what happens outside az in a real deployment, such as code running inside\n\
        a VM asking its identity endpoint for a token. In the Azure CLI there is no such command.",
    groups: PLAYGROUND_GROUPS,
    commands: PLAYGROUND_COMMANDS,
};

/// Every program the console runs, in order, for the first word's completion and suggestions.
pub const PROGRAMS: &[&str] = &["az", "echo", "export", "playground", "sleep"];

pub fn find_command(program: &'static Program, path: &str) -> Option<&'static CommandSpec> {
    program.commands.iter().find(|command| command.path == path)
}

pub fn find_group(program: &'static Program, path: &str) -> Option<&'static GroupSpec> {
    program.groups.iter().find(|group| group.path == path)
}

/// The words that may follow `path` (subgroups and commands), for suggestions and completion.
pub fn children(program: &'static Program, path: &str) -> Vec<(&'static str, bool)> {
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path} ")
    };
    let depth = if path.is_empty() {
        0
    } else {
        path.split(' ').count()
    };
    let mut words: Vec<(&'static str, bool)> = Vec::new();
    for group in program.groups.iter().filter(|group| !group.path.is_empty()) {
        if group.path.starts_with(&prefix) && group.path.split(' ').count() == depth + 1 {
            words.push((group.path.rsplit(' ').next().unwrap_or(group.path), true));
        }
    }
    for command in program.commands {
        if command.path.starts_with(&prefix) && command.path.split(' ').count() == depth + 1 {
            words.push((
                command.path.rsplit(' ').next().unwrap_or(command.path),
                false,
            ));
        }
    }
    // Equal entries are identical, so an unstable sort gives the same list (and less code).
    words.sort_unstable();
    words
}

/// Every parameter a command accepts, its own first, then `--subscription`, then the global ones.
pub fn all_params(command: &CommandSpec) -> Vec<&'static Param> {
    let mut params: Vec<&'static Param> = Vec::new();
    let own: &'static [Param] = command.params;
    params.extend(own.iter());
    if command.subscription
        && !own
            .iter()
            .any(|param| param.names.contains(&"--subscription"))
    {
        params.push(&SUBSCRIPTION_PARAM);
    }
    params.extend(GLOBAL_PARAMS.iter());
    params
}

/// A long summary under its heading line, indented as az indents it.
fn push_long_help(out: &mut String, long_help: &str) {
    for line in long_help.lines() {
        out.push_str("        ");
        out.push_str(line);
        out.push('\n');
    }
}

fn wrap_rows(out: &mut String, rows: &[(String, String)]) {
    let width = rows
        .iter()
        .map(|(left, _)| left.chars().count())
        .max()
        .unwrap_or(0);
    for (left, right) in rows {
        out.push_str("    ");
        out.push_str(left);
        out.push_str(&" ".repeat(width - left.chars().count()));
        out.push_str(" : ");
        out.push_str(right);
        out.push('\n');
    }
}

/// `az … --help` for a command, generated from the table.
pub fn command_help(program: &Program, command: &CommandSpec) -> String {
    let mut out = format!(
        "\nCommand\n    {} {} : {}\n",
        program.name, command.path, command.help
    );
    push_long_help(&mut out, command.long_help);
    out.push_str("\nArguments\n");
    let describe = |param: &Param| -> (String, String) {
        let mut left = param.names.join(" ");
        if param.required {
            left.push_str(" [Required]");
        }
        let mut right = param.help.to_string();
        if !param.choices.is_empty() {
            right.push_str(&format!("  Allowed values: {}.", param.choices.join(", ")));
        }
        if let Some(default) = param.default {
            right.push_str(&format!("  Default: {default}."));
        }
        (left, right)
    };
    let mut own: Vec<&Param> = command.params.iter().collect();
    // az lists required arguments first, then the rest alphabetically.
    // Long names are unique, so an unstable sort gives the same order (and less code).
    own.sort_unstable_by_key(|param| (!param.required, param.long()));
    let rows: Vec<(String, String)> = own.into_iter().map(describe).collect();
    wrap_rows(&mut out, &rows);
    out.push_str("\nGlobal Arguments\n");
    let mut global: Vec<&Param> = GLOBAL_PARAMS.iter().collect();
    if command.subscription {
        global.push(&SUBSCRIPTION_PARAM);
    }
    global.sort_unstable_by_key(|param| param.long());
    let rows: Vec<(String, String)> = global.into_iter().map(describe).collect();
    wrap_rows(&mut out, &rows);
    out.push_str(&format!(
        "\nExamples\n    {}\n        {}\n\n",
        command.example.1, command.example.0
    ));
    out
}

/// `az GROUP --help` (or a bare group), generated from the table.
pub fn group_help(program: &'static Program, path: &str) -> String {
    let help = find_group(program, path)
        .map(|group| group.help)
        .unwrap_or("");
    let shown = if path.is_empty() {
        program.name.to_string()
    } else {
        format!("{} {path}", program.name)
    };
    let mut out = format!("\nGroup\n    {shown} : {help}\n");
    if path.is_empty() {
        push_long_help(&mut out, program.long_help);
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path} ")
    };
    let (groups, commands): (Vec<_>, Vec<_>) = children(program, path)
        .into_iter()
        .partition(|(_, is_group)| *is_group);
    let describe = |word: &str, is_group: bool| -> (String, String) {
        let full = format!("{prefix}{word}");
        let help = if is_group {
            find_group(program, &full).map(|group| group.help)
        } else {
            find_command(program, &full).map(|command| command.help)
        };
        (word.to_string(), help.unwrap_or("").to_string())
    };
    if !groups.is_empty() {
        out.push_str("\nSubgroups:\n");
        wrap_rows(
            &mut out,
            &groups
                .iter()
                .map(|(word, _)| describe(word, true))
                .collect::<Vec<_>>(),
        );
    }
    if !commands.is_empty() {
        out.push_str("\nCommands:\n");
        wrap_rows(
            &mut out,
            &commands
                .iter()
                .map(|(word, _)| describe(word, false))
                .collect::<Vec<_>>(),
        );
    }
    if program.name == "az" {
        out.push_str(&format!(
            "\nTo search AI knowledge base for examples, use: az find \"{shown}\"\n\n"
        ));
    } else {
        out.push('\n');
    }
    out
}
