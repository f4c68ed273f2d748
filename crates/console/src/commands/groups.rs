//! `az group …`: resource groups.

use model::{json, Command, CommandError, Event, World};

use super::flags::{NO_WAIT, TAGS, YES};
use super::{change, prints_nothing, read, tags, Action, Context, Line};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Transformer, Value};
use crate::table::{CommandSpec, Param};

const NEW_GROUP: Param = Param::new(
    &["--name", "--resource-group", "-n", "-g"],
    help_text!("Name of the new resource group."),
)
.required();
const GROUP_NAME: Param = Param::new(
    &["--name", "--resource-group", "-n", "-g"],
    help_text!("Name of resource group."),
)
.required();
const LOCATION: Param = Param::new(&["--location", "-l"], help_text!("Location.")).required();
const MANAGED_BY: Param = Param::new(
    &["--managed-by"],
    help_text!("The ID of the resource that manages this resource group."),
);
const FORCE_DELETION_TYPES: Param = Param::new(
    &["--force-deletion-types", "-f"],
    help_text!("The resource types you want to force delete."),
);
const TAG: Param = Param::new(
    &["--tag"],
    help_text!("A single tag in 'key[=value]' format."),
);

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "group create",
        help_text!("Create a new resource group."),
        &[NEW_GROUP, LOCATION, MANAGED_BY, TAGS],
        (
            help_text!("az group create -l westus -n MyResourceGroup"),
            help_text!("Create a new resource group in the West US region."),
        ),
        create,
    )
    .changes(create_line),
    CommandSpec::new(
        "group delete",
        help_text!("Delete a resource group."),
        &[GROUP_NAME, YES, NO_WAIT, FORCE_DELETION_TYPES],
        (
            help_text!("az group delete -n MyResourceGroup --yes"),
            help_text!("Delete a resource group."),
        ),
        delete,
    )
    .changes(delete_line),
    CommandSpec::new(
        "group exists",
        help_text!("Check if a resource group exists."),
        &[GROUP_NAME],
        (
            help_text!("az group exists -n MyResourceGroup"),
            help_text!("Check if a resource group exists."),
        ),
        exists,
    ),
    CommandSpec::new(
        "group list",
        help_text!("List resource groups."),
        &[TAG],
        (
            help_text!("az group list --query \"[?location=='westus']\""),
            help_text!("List all resource groups located in the West US region."),
        ),
        list,
    ),
    CommandSpec::new(
        "group update",
        help_text!("Update a resource group."),
        &[GROUP_NAME, TAGS],
        (
            help_text!("az group update -n MyResourceGroup --tags env=test team=web"),
            help_text!("Replace the tags of a resource group."),
        ),
        update,
    )
    .changes(update_line),
    CommandSpec::new(
        "group show",
        help_text!("Gets a resource group."),
        &[GROUP_NAME],
        (
            help_text!("az group show -n MyResourceGroup"),
            help_text!("Gets a resource group."),
        ),
        show,
    ),
];

fn create(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::CreateResourceGroup {
            name: invocation.string(&NEW_GROUP),
            location: invocation.string(&LOCATION),
            tags: tags(invocation).unwrap_or_default(),
        },
        print_group,
    )
}

fn print_group(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let group = match command {
        Command::CreateResourceGroup { name, .. } | Command::UpdateResourceGroup { name, .. } => {
            world.group(name)
        }
        _ => None,
    };
    CommandResult::plain(group.map(json::resource_group).unwrap_or_default())
}

fn create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::CreateResourceGroup {
        name,
        location,
        tags,
    } = command
    else {
        return None;
    };
    Line::az(spec)
        .value(&NEW_GROUP, name)
        .value(&LOCATION, location)
        .tags(tags, false)
        .done()
}

/// `az group update --tags …` replaces the group's tags; without `--tags` azure-cli's
/// `update_resource_group` changes nothing, and the PUT of the group as it is prints it.
fn update(invocation: &Invocation, context: &Context) -> Result<Action, AzError> {
    let Some(tags) = tags(invocation) else {
        return show(invocation, context);
    };
    change(
        Command::UpdateResourceGroup {
            name: invocation.string(&GROUP_NAME),
            tags,
        },
        print_group,
    )
}

fn update_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::UpdateResourceGroup { name, tags } = command else {
        return None;
    };
    Line::az(spec)
        .value(&GROUP_NAME, name)
        .tags(tags, true)
        .done()
}

fn delete(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::DeleteResourceGroup {
            name: invocation.string(&GROUP_NAME),
        },
        prints_nothing,
    )
}

fn delete_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteResourceGroup { name } = command else {
        return None;
    };
    Line::az(spec).value(&GROUP_NAME, name).flag(&YES).done()
}

fn exists(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let name = invocation.string(&GROUP_NAME);
    read(move |world| Ok(CommandResult::plain(world.group(&name).is_some().into())))
}

fn list(_: &Invocation, _: &Context) -> Result<Action, AzError> {
    read(|world| {
        let subscription = world.current_subscription;
        let groups = world
            .groups
            .values()
            .filter(|group| group.subscription_id == subscription)
            .map(json::resource_group)
            .collect();
        Ok(CommandResult::transformed(
            Value::Array(groups),
            Transformer::GroupList,
        ))
    })
}

fn show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let name = invocation.string(&GROUP_NAME);
    read(move |world| {
        let group = world
            .group(&name)
            .ok_or_else(|| CommandError::resource_group_not_found(name.trim()))?;
        Ok(CommandResult::plain(json::resource_group(group)))
    })
}
