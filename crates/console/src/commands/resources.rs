//! `az vm|vmss|webapp|functionapp|container|logic workflow|keyvault|storage account create|delete|show|list`, `az vm update` and `az resource list`: the resources of a group.

use model::{
    json, ArmKey, Command, CommandError, Event, IdentitySelection, OsType, ResourceKind,
    ResourceOptions, World,
};

use super::flags::{GROUP, GROUP_OPTIONAL, LOCATION, NAME, NO_WAIT, ROLE, SCOPE, TAGS, YES};
use super::identities::{grant, identity_words, selection, ASSIGN_IDENTITY};
use super::{change, prints_nothing, read, tags, usage, Action, Context, Line};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Transformer, Value};
use crate::shapes;
use crate::table::{Arity, CommandSpec, Param};

use ResourceKind::{
    ContainerInstance as CONTAINER, FunctionApp as FUNCTION_APP, KeyVault as KEY_VAULT,
    LogicApp as LOGIC_APP, StorageAccount as STORAGE, VirtualMachine as VM, VmScaleSet as VMSS,
    WebApp as WEB_APP,
};

const IMAGE: Param = Param::new(&["--image"], help_text!("The name of the operating system image: an alias such as Ubuntu2204 or Win2022Datacenter, or a URN."));
const ADMIN_USERNAME: Param = Param::new(&["--admin-username"], help_text!("Username for the VM."));
const ADMIN_PASSWORD: Param = Param::new(
    &["--admin-password"],
    help_text!("Password for the VM if authentication type is 'Password'."),
);
const SSH_KEYS: Param = Param::new(
    &["--generate-ssh-keys"],
    help_text!("Generate SSH public and private key files if missing."),
)
.flag();
const AUTH_TYPE: Param = Param::new(
    &["--authentication-type"],
    help_text!("Type of authentication to use with the VM."),
)
.choices(&["all", "password", "ssh"]);
const SIZE: Param =
    Param::new(&["--size"], help_text!("The VM size to be created.")).default("Standard_DS1_v2");
const OS_TYPE: Param =
    Param::new(&["--os-type"], help_text!("The OS type.")).choices(&["Linux", "Windows"]);
const PLAN: Param = Param::new(
    &["--plan", "-p"],
    help_text!(
        "Name or resource id of the app service plan. Use 'appservice plan create' to get one."
    ),
);
const KEEP_EMPTY_PLAN: Param = Param::new(
    &["--keep-empty-plan"],
    help_text!("Keep empty app service plan."),
)
.flag();
const RUNTIME: Param = Param::new(
    &["--runtime", "-r"],
    help_text!("Canonicalized web runtime, e.g. \"PYTHON:3.12\"."),
);
const SHOW_DETAILS: Param = Param::new(
    &["--show-details", "-d"],
    help_text!("Show public ip address, FQDN, and power states."),
)
.flag();
const STORAGE_ACCOUNT: Param = Param::new(
    &["--storage-account", "-s"],
    help_text!("Provide a string value of a Storage Account in the provided Resource Group."),
)
.required();
const CONSUMPTION_PLAN_LOCATION: Param = Param::new(
    &["--consumption-plan-location", "-c"],
    help_text!("Geographic location where function app will be hosted."),
);
const MI_SYSTEM_ASSIGNED: Param = Param::new(
    &["--mi-system-assigned"],
    help_text!("Enable system assigned identity."),
)
.flag();
const MI_USER_ASSIGNED: Param = Param::new(
    &["--mi-user-assigned"],
    help_text!("The resource ID of the user assigned identity."),
);
const ENABLE_RBAC_AUTHORIZATION: Param = Param::new(&["--enable-rbac-authorization"], help_text!("Property that controls how data actions are authorized. When true, the key vault uses Azure role-based access control (RBAC) for data actions; when false, it uses the access policies in its properties.")).arity(Arity::Optional).choices(&["false", "true"]).default("true");
const SET: Param = Param::new(&["--set"], help_text!("Update an object by specifying a property path and value to set. Example: --set identity.type=SystemAssigned.")).arity(Arity::Many);

/// The image `to_cli` writes for each operating system.
const LINUX_IMAGE: &str = "Ubuntu2204";
const WINDOWS_IMAGE: &str = "Win2022Datacenter";
const CONTAINER_IMAGE: &str = "mcr.microsoft.com/azuredocs/aci-helloworld";

pub const COMMANDS: &[CommandSpec] = &[
    // ---- vm
    CommandSpec::new(
        "vm create",
        help_text!("Create an Azure Virtual Machine."),
        &[
            NAME, GROUP, IMAGE, LOCATION, SIZE, ADMIN_USERNAME, ADMIN_PASSWORD, SSH_KEYS, AUTH_TYPE, ASSIGN_IDENTITY, ROLE, SCOPE, OS_TYPE,
            Param::new(&["--public-ip-sku"], help_text!("Public IP SKU.")).choices(&["Basic", "Standard"]),
            Param::new(&["--nsg-rule"], help_text!("NSG rule to create when creating a new NSG.")).choices(&["NONE", "RDP", "SSH"]),
            Param::new(&["--zone", "-z"], help_text!("Availability zone into which to provision the resource.")),
            TAGS, NO_WAIT,
        ],
        (
            help_text!("az vm create -n MyVm -g MyResourceGroup --image Ubuntu2204 --assign-identity --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup"),
            help_text!("Create a VM with a system assigned identity that has Reader access to its resource group."),
        ),
        |i, _| create(i, VM),
    )
    .changes(|spec, c| create_line(spec, c, VM)),
    CommandSpec::new(
        "vm delete",
        help_text!("Delete a VM."),
        &[NAME, GROUP, YES, NO_WAIT, Param::new(&["--force-deletion"], help_text!("Optional parameter to force delete virtual machines."))],
        (help_text!("az vm delete -g MyResourceGroup -n MyVm --yes"), help_text!("Delete a VM without a prompt for confirmation.")),
        |i, _| delete(i, VM),
    )
    .changes(|spec, c| delete_line(spec, c, VM)),
    CommandSpec::new(
        "vm show",
        help_text!("Get the details of a VM."),
        &[NAME, GROUP, SHOW_DETAILS],
        (help_text!("az vm show -n MyVm -g MyResourceGroup -d"), help_text!("Show information about a VM.")),
        |i, _| show(i, VM),
    ),
    CommandSpec::new(
        "vm list",
        help_text!("List details of Virtual Machines."),
        &[GROUP_OPTIONAL, SHOW_DETAILS],
        (help_text!("az vm list -g MyResourceGroup"), help_text!("List all VMs in a resource group.")),
        |i, _| list(i, VM),
    ),
    CommandSpec::new(
        "vm update",
        help_text!("Update the properties of a VM."),
        &[
            NAME, GROUP, SET,
            Param::new(&["--add"], help_text!("Add an object to a list of objects by specifying a path and key value pairs.")).arity(Arity::Many),
            Param::new(&["--remove"], help_text!("Remove a property or an element from a list.")).arity(Arity::Many),
            NO_WAIT,
        ],
        (help_text!("az vm update -n MyVm -g MyResourceGroup --set identity.type=\"none\""), help_text!("Remove every managed identity of a VM.")),
        |i, _| update(i, VM),
    )
    .changes(|spec, c| update_line(spec, c, VM)),
    // ---- vmss
    CommandSpec::new(
        "vmss create",
        help_text!("Create an Azure Virtual Machine Scale Set."),
        &[
            NAME, GROUP, IMAGE, LOCATION, ADMIN_USERNAME, ADMIN_PASSWORD, SSH_KEYS, AUTH_TYPE, ASSIGN_IDENTITY, ROLE, SCOPE, OS_TYPE,
            Param::new(&["--instance-count"], help_text!("Number of VMs in the scale set.")).default("2"),
            Param::new(&["--vm-sku"], help_text!("Size of VMs in the scale set.")),
            Param::new(&["--orchestration-mode"], help_text!("Choose how virtual machines are managed by the scale set.")).choices(&["Flexible", "Uniform"]),
            Param::new(&["--upgrade-policy-mode"], help_text!("How virtual machines are upgraded.")).choices(&["Automatic", "Manual", "Rolling"]),
            TAGS, NO_WAIT,
        ],
        (help_text!("az vmss create -n MyVmss -g MyResourceGroup --image Ubuntu2204 --assign-identity"), help_text!("Create a scale set with a system assigned identity.")),
        |i, _| create(i, VMSS),
    )
    .changes(|spec, c| create_line(spec, c, VMSS)),
    CommandSpec::new(
        "vmss delete",
        help_text!("Delete a VM scale set."),
        &[NAME, GROUP, NO_WAIT, Param::new(&["--force-deletion"], help_text!("Force delete."))],
        (help_text!("az vmss delete -n MyVmss -g MyResourceGroup"), help_text!("Delete a scale set.")),
        |i, _| delete(i, VMSS),
    )
    .changes(|spec, c| delete_line(spec, c, VMSS)),
    CommandSpec::new(
        "vmss show",
        help_text!("Get details on VMs within a VM scale set."),
        &[NAME, GROUP],
        (help_text!("az vmss show -n MyVmss -g MyResourceGroup"), help_text!("Show a scale set.")),
        |i, _| show(i, VMSS),
    ),
    CommandSpec::new(
        "vmss list",
        help_text!("List VM scale sets."),
        &[GROUP_OPTIONAL],
        (help_text!("az vmss list -g MyResourceGroup"), help_text!("List the scale sets in a group.")),
        |i, _| list(i, VMSS),
    ),
    // ---- webapp
    CommandSpec::new(
        "webapp create",
        help_text!("Create a web app."),
        &[NAME, GROUP, PLAN.required(), RUNTIME, ASSIGN_IDENTITY, ROLE, SCOPE, TAGS],
        (help_text!("az webapp create -g MyResourceGroup -p MyPlan -n MyUniqueAppName --runtime PYTHON:3.12 --assign-identity [system]"), help_text!("Create a web app with a system assigned identity on an existing plan.")),
        |i, _| create(i, WEB_APP),
    )
    .changes(|spec, c| create_line(spec, c, WEB_APP)),
    CommandSpec::new(
        "webapp delete",
        help_text!("Delete a web app."),
        &[NAME, GROUP, KEEP_EMPTY_PLAN],
        (help_text!("az webapp delete -g MyResourceGroup -n MyUniqueAppName --keep-empty-plan"), help_text!("Delete a web app and keep its plan, even if no app is left on it.")),
        |i, _| delete(i, WEB_APP),
    )
    .changes(webapp_delete_line),
    CommandSpec::new(
        "webapp show",
        help_text!("Get the details of a web app."),
        &[NAME, GROUP],
        (help_text!("az webapp show -g MyResourceGroup -n MyUniqueAppName"), help_text!("Get the details of a web app.")),
        |i, _| show(i, WEB_APP),
    ),
    CommandSpec::new(
        "webapp list",
        help_text!("List web apps."),
        &[GROUP_OPTIONAL],
        (help_text!("az webapp list -g MyResourceGroup"), help_text!("List the web apps of a group.")),
        |i, _| list(i, WEB_APP),
    ),
    // ---- functionapp
    CommandSpec::new(
        "functionapp create",
        help_text!("Create a function app."),
        &[
            NAME, GROUP, STORAGE_ACCOUNT, CONSUMPTION_PLAN_LOCATION, PLAN, RUNTIME,
            Param::new(&["--functions-version"], help_text!("The functions app version.")).choices(&["4"]),
            OS_TYPE, ASSIGN_IDENTITY, ROLE, SCOPE, TAGS,
        ],
        (help_text!("az functionapp create -g MyResourceGroup -n MyUniqueAppName -s MyStorageAccount -c westus --assign-identity"), help_text!("Create a function app with a system assigned identity.")),
        |i, _| create(i, FUNCTION_APP),
    )
    .changes(|spec, c| create_line(spec, c, FUNCTION_APP)),
    CommandSpec::new(
        "functionapp delete",
        help_text!("Delete a function app."),
        &[NAME, GROUP],
        (help_text!("az functionapp delete -g MyResourceGroup -n MyUniqueAppName"), help_text!("Delete a function app.")),
        |i, _| delete(i, FUNCTION_APP),
    )
    .changes(|spec, c| delete_line(spec, c, FUNCTION_APP)),
    CommandSpec::new(
        "functionapp show",
        help_text!("Get the details of a function app."),
        &[NAME, GROUP],
        (help_text!("az functionapp show -g MyResourceGroup -n MyUniqueAppName"), help_text!("Get the details of a function app.")),
        |i, _| show(i, FUNCTION_APP),
    ),
    CommandSpec::new(
        "functionapp list",
        help_text!("List function apps."),
        &[GROUP_OPTIONAL],
        (help_text!("az functionapp list -g MyResourceGroup"), help_text!("List the function apps of a group.")),
        |i, _| list(i, FUNCTION_APP),
    ),
    // ---- container
    CommandSpec::new(
        "container create",
        help_text!("Create a container group."),
        &[
            NAME, GROUP, IMAGE.required(), LOCATION, ASSIGN_IDENTITY, ROLE, SCOPE, OS_TYPE,
            Param::new(&["--cpu"], help_text!("The required number of CPU cores of the containers.")).default("1"),
            Param::new(&["--memory"], help_text!("The required memory of the containers in GB.")).default("1.5"),
            Param::new(&["--ports"], help_text!("A list of ports to open.")).arity(Arity::Many),
            Param::new(&["--dns-name-label"], help_text!("The dns name label for container group with public IP.")),
            Param::new(&["--restart-policy"], help_text!("Restart policy for all containers within the container group.")).choices(&["Always", "Never", "OnFailure"]),
        ],
        (help_text!("az container create -g MyResourceGroup --name myapp --image myimage:latest --assign-identity"), help_text!("Create a container group with a system assigned identity.")),
        |i, _| create(i, CONTAINER),
    )
    .changes(|spec, c| create_line(spec, c, CONTAINER)),
    CommandSpec::new(
        "container delete",
        help_text!("Delete a container group."),
        &[NAME, GROUP, YES],
        (help_text!("az container delete -g MyResourceGroup -n myapp --yes"), help_text!("Delete a container group.")),
        |i, _| delete(i, CONTAINER),
    )
    .changes(|spec, c| delete_line(spec, c, CONTAINER)),
    CommandSpec::new(
        "container show",
        help_text!("Get the details of a container group."),
        &[NAME, GROUP],
        (help_text!("az container show -g MyResourceGroup -n myapp"), help_text!("Get the details of a container group.")),
        |i, _| show(i, CONTAINER),
    ),
    CommandSpec::new(
        "container list",
        help_text!("List container groups."),
        &[GROUP_OPTIONAL],
        (help_text!("az container list -g MyResourceGroup"), help_text!("List container groups in a resource group.")),
        |i, _| list(i, CONTAINER),
    ),
    // ---- logic workflow
    CommandSpec::new(
        "logic workflow create",
        help_text!("Create a workflow."),
        &[
            NAME, GROUP, LOCATION,
            Param::new(&["--definition"], help_text!("Path to a workflow definition JSON file.")),
            MI_SYSTEM_ASSIGNED, MI_USER_ASSIGNED,
            Param::new(&["--state"], help_text!("The state.")).choices(&["Completed", "Deleted", "Disabled", "Enabled", "NotSpecified", "Suspended"]),
            TAGS,
        ],
        (help_text!("az logic workflow create -g MyResourceGroup -n MyWorkflow --mi-system-assigned"), help_text!("Create a workflow with a system assigned identity.")),
        |i, _| create(i, LOGIC_APP),
    )
    .changes(|spec, c| create_line(spec, c, LOGIC_APP)),
    CommandSpec::new(
        "logic workflow delete",
        help_text!("Delete a workflow."),
        &[NAME, GROUP, YES],
        (help_text!("az logic workflow delete -g MyResourceGroup -n MyWorkflow --yes"), help_text!("Delete a workflow.")),
        |i, _| delete(i, LOGIC_APP),
    )
    .changes(|spec, c| delete_line(spec, c, LOGIC_APP)),
    CommandSpec::new(
        "logic workflow show",
        help_text!("Show a workflow."),
        &[NAME, GROUP],
        (help_text!("az logic workflow show -g MyResourceGroup -n MyWorkflow"), help_text!("Show a workflow.")),
        |i, _| show(i, LOGIC_APP),
    ),
    CommandSpec::new(
        "logic workflow list",
        help_text!("List workflows."),
        &[GROUP_OPTIONAL],
        (help_text!("az logic workflow list -g MyResourceGroup"), help_text!("List the workflows of a group.")),
        |i, _| list(i, LOGIC_APP),
    ),
    // ---- keyvault
    CommandSpec::new(
        "keyvault create",
        help_text!("Create a Vault."),
        &[
            NAME, GROUP, LOCATION, ENABLE_RBAC_AUTHORIZATION,
            Param::new(&["--sku"], help_text!("Required. SKU details.")).choices(&["premium", "standard"]).default("standard"),
            Param::new(&["--retention-days"], help_text!("Soft delete data retention days.")).default("90"),
            Param::new(&["--enable-purge-protection"], help_text!("Property specifying whether protection against purge is enabled.")).arity(Arity::Optional).choices(&["false", "true"]),
            TAGS,
        ],
        (help_text!("az keyvault create -g MyResourceGroup -n MyVault"), help_text!("Create a key vault; it uses Azure RBAC for data access unless --enable-rbac-authorization false.")),
        |i, _| create(i, KEY_VAULT),
    )
    .changes(|spec, c| create_line(spec, c, KEY_VAULT)),
    CommandSpec::new(
        "keyvault delete",
        help_text!("Delete a Vault."),
        &[NAME, GROUP_OPTIONAL],
        (help_text!("az keyvault delete -g MyResourceGroup -n MyVault"), help_text!("Delete a key vault.")),
        |i, _| delete(i, KEY_VAULT),
    )
    .changes(|spec, c| delete_line(spec, c, KEY_VAULT)),
    CommandSpec::new(
        "keyvault show",
        help_text!("Show details of a Vault."),
        &[NAME, GROUP_OPTIONAL],
        (help_text!("az keyvault show -n MyVault"), help_text!("Show a key vault.")),
        |i, _| show(i, KEY_VAULT),
    ),
    CommandSpec::new(
        "keyvault list",
        help_text!("List Vaults."),
        &[GROUP_OPTIONAL],
        (help_text!("az keyvault list -g MyResourceGroup"), help_text!("List the key vaults of a group.")),
        |i, _| list(i, KEY_VAULT),
    ),
    // ---- storage account
    CommandSpec::new(
        "storage account create",
        help_text!("Create a storage account."),
        &[
            NAME, GROUP, LOCATION,
            Param::new(&["--sku"], help_text!("The storage account SKU.")).choices(&["Premium_LRS", "Premium_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_LRS", "Standard_RAGRS", "Standard_RAGZRS", "Standard_ZRS"]).default("Standard_RAGRS"),
            Param::new(&["--kind"], help_text!("Indicate the type of storage account.")).choices(&["BlobStorage", "BlockBlobStorage", "FileStorage", "Storage", "StorageV2"]).default("StorageV2"),
            Param::new(&["--allow-blob-public-access"], help_text!("Allow or disallow public access to all blobs or containers in the storage account.")).choices(&["false", "true"]),
            TAGS,
        ],
        (help_text!("az storage account create -n mystorageaccount -g MyResourceGroup -l westus --sku Standard_LRS"), help_text!("Create a storage account.")),
        |i, _| create(i, STORAGE),
    )
    .changes(|spec, c| create_line(spec, c, STORAGE)),
    CommandSpec::new(
        "storage account delete",
        help_text!("Delete a storage account."),
        &[NAME, GROUP_OPTIONAL, YES],
        (help_text!("az storage account delete -n MyStorageAccount -g MyResourceGroup --yes"), help_text!("Delete a storage account.")),
        |i, _| delete(i, STORAGE),
    )
    .changes(|spec, c| delete_line(spec, c, STORAGE)),
    CommandSpec::new(
        "storage account show",
        help_text!("Show storage account properties."),
        &[NAME, GROUP_OPTIONAL],
        (help_text!("az storage account show -n MyStorageAccount -g MyResourceGroup"), help_text!("Show a storage account.")),
        |i, _| show(i, STORAGE),
    ),
    CommandSpec::new(
        "storage account list",
        help_text!("List storage accounts."),
        &[GROUP_OPTIONAL],
        (help_text!("az storage account list -g MyResourceGroup"), help_text!("List the storage accounts of a group.")),
        |i, _| list(i, STORAGE),
    ),
    // ---- resource
    CommandSpec::new(
        "resource list",
        help_text!("List resources."),
        &[
            GROUP_OPTIONAL,
            Param::new(&["--name", "-n"], help_text!("Name of the resource.")),
            RESOURCE_TYPE,
            Param::new(&["--namespace"], help_text!("Provider namespace (Ex: 'Microsoft.Provider').")),
            Param::new(&["--location", "-l"], help_text!("Location.")),
            Param::new(&["--tag"], help_text!("A single tag in 'key[=value]' format.")),
        ],
        (help_text!("az resource list -n myVM --query [*].identity.principalId --out tsv"), help_text!("Print the principal ID of a resource's managed identity.")),
        resource_list,
    ),
];

const RESOURCE_TYPE: Param = Param::new(&["--resource-type"], help_text!("The resource type (Ex: 'resC'). Can also accept namespace/type format (Ex: 'Microsoft.Provider/resC')."));

fn is_windows_image(image: &str) -> bool {
    image.to_ascii_lowercase().contains("win")
}

fn create(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let mut options = ResourceOptions {
        tags: tags(invocation).unwrap_or_default(),
        ..ResourceOptions::default()
    };
    let mut location = invocation.option(&LOCATION);
    let mut identity = IdentitySelection::none();
    let mut role_grant = None;
    match kind {
        VM | VMSS => {
            let windows = invocation.text(&OS_TYPE) == Some("Windows")
                || invocation.text(&IMAGE).is_some_and(is_windows_image);
            options.os_type = if windows {
                OsType::Windows
            } else {
                OsType::Linux
            };
        }
        FUNCTION_APP => {
            location = invocation.option(&CONSUMPTION_PLAN_LOCATION);
            options.storage_account = invocation.option(&STORAGE_ACCOUNT);
            options.plan = invocation.option(&PLAN);
        }
        WEB_APP => {
            options.plan = invocation.option(&PLAN);
            options.runtime = invocation.option(&RUNTIME);
        }
        // Azure RBAC unless `--enable-rbac-authorization false` (az's default since 2.61.0).
        KEY_VAULT => {
            options.rbac_authorization = invocation.optional_bool(&ENABLE_RBAC_AUTHORIZATION, true)
        }
        _ => {}
    }
    if kind == LOGIC_APP {
        identity.system = invocation.has(&MI_SYSTEM_ASSIGNED);
        if let Some(user) = invocation.option(&MI_USER_ASSIGNED) {
            identity.user.push(user);
        }
    } else if let Some(values) = invocation.values(&ASSIGN_IDENTITY) {
        identity = selection(values);
        role_grant = grant(invocation, false)?;
    } else if invocation.has(&ROLE) || invocation.has(&SCOPE) {
        let flag = if invocation.has(&ROLE) { &ROLE } else { &SCOPE };
        return Err(usage(
            invocation,
            flag,
            "usage error: --assign-identity [--scope SCOPE] [--role ROLE]",
        ));
    }
    change(
        Command::CreateResource {
            kind,
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
            location,
            identity,
            grant: role_grant,
            options,
        },
        print_created,
    )
}

/// `az vm create` prints its summary; every other create prints the resource.
fn print_created(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let Command::CreateResource {
        kind,
        group,
        name,
        grant,
        ..
    } = command
    else {
        return CommandResult::plain(Value::Null);
    };
    match world.resource(*kind, group, name) {
        Some(resource) if *kind == VM => {
            CommandResult::ordered(shapes::vm_create_summary(resource, grant.as_ref()))
        }
        Some(resource) => CommandResult::plain(json::resource(world, resource)),
        None => CommandResult::plain(Value::Null),
    }
}

fn create_line(spec: &CommandSpec, command: &Command, for_kind: ResourceKind) -> Option<String> {
    let Command::CreateResource {
        kind,
        group,
        name,
        location,
        identity,
        grant,
        options,
    } = command
    else {
        return None;
    };
    if *kind != for_kind {
        return None;
    }
    let mut line = Line::az(spec).value(&NAME, name).value(&GROUP, group);
    line = match kind {
        VM | VMSS => line.value(
            &IMAGE,
            if options.os_type == OsType::Windows {
                WINDOWS_IMAGE
            } else {
                LINUX_IMAGE
            },
        ),
        // A web app's plan is required; `None` (a save from before plans) is `{name}-plan`.
        WEB_APP => line
            .value(
                &PLAN,
                &options
                    .plan
                    .clone()
                    .unwrap_or_else(|| format!("{name}-plan")),
            )
            .maybe(&RUNTIME, options.runtime.as_deref()),
        FUNCTION_APP => line
            .value(
                &STORAGE_ACCOUNT,
                options.storage_account.as_deref().unwrap_or("funcstorage"),
            )
            .maybe(&PLAN, options.plan.as_deref()),
        CONTAINER => line.value(&IMAGE, CONTAINER_IMAGE),
        _ => line,
    };
    let location_flag = if *kind == FUNCTION_APP {
        &CONSUMPTION_PLAN_LOCATION
    } else {
        &LOCATION
    };
    line = line.maybe(location_flag, location.as_deref());
    if *kind == KEY_VAULT && !options.rbac_authorization {
        line = line.value(&ENABLE_RBAC_AUTHORIZATION, "false");
    }
    if *kind == LOGIC_APP {
        line = line
            .flag_if(&MI_SYSTEM_ASSIGNED, identity.system)
            .maybe(&MI_USER_ASSIGNED, identity.user.first().map(String::as_str));
    } else if !identity.is_empty() {
        line = line.flag(&ASSIGN_IDENTITY);
        for word in identity_words(identity) {
            line = line.word(&word);
        }
    }
    if let Some(grant) = grant {
        line = line.value(&ROLE, &grant.role).value(&SCOPE, &grant.scope);
    }
    line.tags(&options.tags, false).done()
}

fn delete(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    // Key vaults and storage accounts take `-g` optionally in az; the model finds a resource by
    // group and name, so the playground asks for it.
    if matches!(kind, KEY_VAULT | STORAGE) && !invocation.has(&GROUP) {
        return Err(usage(
            invocation,
            &NAME,
            "the following arguments are required: --resource-group/-g",
        ));
    }
    if kind == WEB_APP && invocation.has(&KEEP_EMPTY_PLAN) {
        return change(
            Command::DeleteWebAppKeepingPlan {
                group: invocation.string(&GROUP),
                name: invocation.string(&NAME),
            },
            prints_nothing,
        );
    }
    change(
        Command::DeleteResource {
            kind,
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
        },
        prints_nothing,
    )
}

fn delete_line(spec: &CommandSpec, command: &Command, for_kind: ResourceKind) -> Option<String> {
    let Command::DeleteResource { kind, group, name } = command else {
        return None;
    };
    if *kind != for_kind {
        return None;
    }
    // The commands that prompt without it (`az vm delete`, …) get `--yes`.
    let prompts = spec.params.iter().any(|param| param.long() == YES.long());
    Line::az(spec)
        .value(&NAME, name)
        .value(&GROUP, group)
        .flag_if(&YES, prompts)
        .done()
}

/// `az webapp delete [--keep-empty-plan]`.
fn webapp_delete_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    match command {
        Command::DeleteWebAppKeepingPlan { group, name } => Line::az(spec)
            .value(&NAME, name)
            .value(&GROUP, group)
            .flag(&KEEP_EMPTY_PLAN)
            .done(),
        _ => delete_line(spec, command, WEB_APP),
    }
}

/// The resource a `-g`/`-n` command names: ARM's errors for a missing group or resource.
pub(super) fn require_resource<'w>(
    world: &'w World,
    kind: ResourceKind,
    group: &str,
    name: &str,
) -> Result<&'w model::Resource, CommandError> {
    if world.group(group).is_none() {
        return Err(CommandError::resource_group_not_found(group.trim()));
    }
    world
        .resource(kind, group, name)
        .ok_or_else(|| CommandError::resource_not_found(kind.arm_type(), name.trim(), group.trim()))
}

/// `-g GROUP` on a list command: the group must exist, as ARM answers for a missing one.
pub(super) fn require_group(world: &World, group: &Option<String>) -> Result<(), CommandError> {
    match group {
        Some(name) if world.group(name).is_none() => {
            Err(CommandError::resource_group_not_found(name.trim()))
        }
        _ => Ok(()),
    }
}

/// Whether an object's group is the `-g` asked for (any, when none was).
pub(super) fn group_matches(resource_group: &str, wanted: &Option<String>) -> bool {
    wanted
        .as_ref()
        .is_none_or(|group| group.trim().eq_ignore_ascii_case(resource_group))
}

/// `az vm show` and `az vm list` have the CLI's VM table transformers.
fn vm_transformer(kind: ResourceKind, list: bool) -> Option<Transformer> {
    match (kind, list) {
        (VM, false) => Some(Transformer::VmShow),
        (VM, true) => Some(Transformer::VmList),
        _ => None,
    }
}

fn show(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let group = invocation.option(&GROUP_OPTIONAL);
    let name = invocation.string(&NAME);
    read(move |world| {
        let resource = match &group {
            Some(group) => require_resource(world, kind, group, &name)?,
            // `az keyvault show -n` and `az storage account show -n` find it by name; a vault
            // that isn't there is keyvault `validate_resource_group_name`'s CLI error.
            None => world.resource_named(kind, &name).ok_or_else(|| {
                if kind == KEY_VAULT {
                    return CommandError::vault_not_in_subscription(&name);
                }
                CommandError::arm(
                    "ResourceNotFound",
                    format!("The {} '{}' was not found.", kind.noun(), name.trim()),
                )
            })?,
        };
        Ok(CommandResult {
            value: json::resource(world, resource),
            ordered: false,
            transformer: vm_transformer(kind, false),
        })
    })
}

fn list(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let group = invocation.option(&GROUP_OPTIONAL);
    read(move |world| {
        require_group(world, &group)?;
        let list = world
            .resources_of(kind)
            .filter(|resource| group_matches(&in_group(&resource.id), &group))
            .map(|resource| json::resource(world, resource))
            .collect();
        Ok(CommandResult {
            value: Value::Array(list),
            ordered: false,
            transformer: vm_transformer(kind, true),
        })
    })
}

/// The resource group an ARM object sits in, as the CLI adds it to objects.
pub(super) fn in_group(id: &str) -> String {
    json::resource_group_of(id).unwrap_or_default()
}

/// `az vm update --set identity.type=… [identity.userAssignedIdentities=null]`, the only `--set`
/// paths the tutorials use; other properties are not modelled. What the type means is the model's
/// rule (`Command::SetIdentityType`).
fn update(invocation: &Invocation, kind: ResourceKind) -> Result<Action, AzError> {
    let mut identity_type = None;
    let mut clear_user_assigned = false;
    for assignment in invocation.values(&SET).unwrap_or_default() {
        let (path, value) = assignment.split_once('=').unwrap_or((assignment, ""));
        match (path.to_ascii_lowercase().as_str(), value) {
            ("identity.type", value) => identity_type = Some(value.to_string()),
            ("identity.userassignedidentities", "null") => clear_user_assigned = true,
            _ => return Err(usage(invocation, &SET, format!("'--set {assignment}' is not modelled in the playground: only identity.type and identity.userAssignedIdentities=null are"))),
        }
    }
    let Some(identity_type) = identity_type else {
        return Err(usage(
            invocation,
            &NAME,
            "usage error: the playground models `az vm update` only with --set identity.type=...",
        ));
    };
    change(
        Command::SetIdentityType {
            kind,
            group: invocation.string(&GROUP),
            name: invocation.string(&NAME),
            identity_type,
            clear_user_assigned,
        },
        print_updated,
    )
}

/// `az vm update` prints the whole VM, as `az vm show` does (without its table transformer).
fn print_updated(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let value = match command {
        Command::SetIdentityType {
            kind, group, name, ..
        } => world
            .resource(*kind, group, name)
            .map(|resource| json::resource(world, resource)),
        _ => None,
    };
    CommandResult::plain(value.unwrap_or_default())
}

fn update_line(spec: &CommandSpec, command: &Command, for_kind: ResourceKind) -> Option<String> {
    let Command::SetIdentityType {
        kind,
        group,
        name,
        identity_type,
        clear_user_assigned,
    } = command
    else {
        return None;
    };
    if *kind != for_kind {
        return None;
    }
    let mut sets = vec![format!("identity.type={identity_type}")];
    if *clear_user_assigned {
        sets.push("identity.userAssignedIdentities=null".to_string());
    }
    Line::az(spec)
        .value(&NAME, name)
        .value(&GROUP, group)
        .values(&SET, &sets)
        .done()
}

/// `az resource list`: the generic resource shape, whatever the kind.
fn generic_resource(
    id: &str,
    name: &str,
    location: &str,
    arm_type: &str,
    identity: Option<Value>,
    tags: &model::Tags,
) -> Value {
    Value::sorted_object(vec![
        ("changedTime", Value::Null),
        ("createdTime", Value::Null),
        ("extendedLocation", Value::Null),
        ("id", id.into()),
        ("identity", identity.unwrap_or_default()),
        ("kind", Value::Null),
        ("location", location.into()),
        ("managedBy", Value::Null),
        ("name", name.into()),
        ("plan", Value::Null),
        ("properties", Value::Null),
        ("provisioningState", "Succeeded".into()),
        ("resourceGroup", in_group(id).into()),
        ("sku", Value::Null),
        ("tags", json::tags(tags, Value::Object(Vec::new()))),
        ("type", arm_type.into()),
    ])
}

fn resource_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let group = invocation.option(&GROUP_OPTIONAL);
    let name = invocation.option(&NAME);
    let resource_type = invocation.option(&RESOURCE_TYPE);
    read(move |world| {
        require_group(world, &group)?;
        let subscription = world.current_subscription;
        let resources = world
            .resources
            .values()
            .filter(|resource| resource.subscription_id == subscription)
            .map(|resource| {
                generic_resource(
                    &resource.id,
                    &resource.name,
                    &resource.location,
                    resource.kind.arm_type(),
                    json::identity_block(&resource.identity),
                    &resource.options.tags,
                )
            });
        let identities = world
            .user_identities
            .values()
            .filter(|identity| identity.subscription_id == subscription)
            .map(|identity| {
                generic_resource(
                    &identity.id,
                    &identity.name,
                    &identity.location,
                    "Microsoft.ManagedIdentity/userAssignedIdentities",
                    None,
                    &identity.tags,
                )
            });
        let mut list: Vec<Value> = resources
            .chain(identities)
            .filter(|item| {
                let text = |key: &str| item[key].as_str().unwrap_or_default().to_string();
                group_matches(&text("resourceGroup"), &group)
                    && name
                        .as_ref()
                        .is_none_or(|n| n.trim().eq_ignore_ascii_case(&text("name")))
                    && resource_type
                        .as_ref()
                        .is_none_or(|t| t.trim().eq_ignore_ascii_case(&text("type")))
            })
            .collect();
        model::sort::sort_by_key(&mut list, |item| {
            ArmKey::of(item["id"].as_str().unwrap_or_default())
        });
        Ok(CommandResult::plain(Value::Array(list)))
    })
}
