//! `az appservice plan create|show|list|delete` and `az webapp config show`: App Service plans and what a web app runs (docs/azure-rules.md M13).

use model::{json, Command, ErrorOrigin, Event, OsType, ResourceKind, ResourceOptions, World};

use super::flags::{GROUP, GROUP_OPTIONAL, LOCATION, TAGS, YES};
use super::resources::{group_matches, in_group, require_group, require_resource};
use super::{change, prints_nothing, raw_request_error, read, tags, Action, Context, Line};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Value};
use crate::table::{CommandSpec, Param};

const PLAN_NAME: Param = Param::new(
    &["--name", "-n"],
    help_text!("The name of the app service plan."),
)
.required();
const SKU: Param = Param::new(
    &["--sku"],
    help_text!("The pricing tier, e.g. F1 (Free), B1 (Basic), P1V3 (Premium V3)."),
)
.default("B1");
const IS_LINUX: Param =
    Param::new(&["--is-linux"], help_text!("Host web app on Linux worker.")).flag();
const APP_NAME: Param =
    Param::new(&["--name", "-n"], help_text!("Name of the web app.")).required();

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "appservice plan create",
        help_text!("Create an app service plan."),
        &[
            PLAN_NAME,
            GROUP,
            SKU,
            IS_LINUX,
            LOCATION,
            Param::new(
                &["--number-of-workers"],
                help_text!("Number of workers to be allocated."),
            )
            .default("1"),
            TAGS,
        ],
        (
            help_text!("az appservice plan create -g MyResourceGroup -n MyPlan --is-linux --sku B1"),
            help_text!("Create a Basic app service plan for Linux web apps."),
        ),
        plan_create,
    )
    .changes(plan_create_line),
    CommandSpec::new(
        "appservice plan show",
        help_text!("Get the app service plans for a resource group or a set of resource groups."),
        &[PLAN_NAME, GROUP],
        (
            help_text!("az appservice plan show -g MyResourceGroup -n MyPlan"),
            help_text!("Show an app service plan (its settings are under properties)."),
        ),
        plan_show,
    )
    .errors(|error| raw_request_error(error, ErrorOrigin::Arm)),
    CommandSpec::new(
        "appservice plan list",
        help_text!("List app service plans."),
        &[GROUP_OPTIONAL],
        (
            help_text!("az appservice plan list -g MyResourceGroup"),
            help_text!("List the app service plans of a group."),
        ),
        plan_list,
    ),
    CommandSpec::new(
        "appservice plan delete",
        help_text!("Delete an app service plan."),
        &[PLAN_NAME, GROUP, YES],
        (
            help_text!("az appservice plan delete -g MyResourceGroup -n MyPlan --yes"),
            help_text!("Delete an app service plan that hosts no app."),
        ),
        plan_delete,
    )
    .changes(plan_delete_line),
    CommandSpec::new(
        "webapp config show",
        help_text!("Get the details of a web app's configuration."),
        &[APP_NAME, GROUP],
        (
            help_text!("az webapp config show -g MyResourceGroup -n MyUniqueAppName --query linuxFxVersion"),
            help_text!("Show the runtime stack of a Linux web app."),
        ),
        config_show,
    ),
];

fn plan_create(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let options = ResourceOptions {
        os_type: if invocation.has(&IS_LINUX) {
            OsType::Linux
        } else {
            OsType::Windows
        },
        sku: invocation.option(&SKU),
        tags: tags(invocation).unwrap_or_default(),
        ..ResourceOptions::default()
    };
    change(
        Command::CreateResource {
            kind: ResourceKind::AppServicePlan,
            group: invocation.string(&GROUP),
            name: invocation.string(&PLAN_NAME),
            location: invocation.option(&LOCATION),
            identity: model::IdentitySelection::none(),
            grant: None,
            options,
        },
        print_plan_created,
    )
}

fn print_plan_created(world: &World, command: &Command, _: &[Event]) -> CommandResult {
    let value = match command {
        Command::CreateResource { group, name, .. } => world
            .resource(ResourceKind::AppServicePlan, group, name)
            .map(|plan| json::app_service_plan(world, plan, false)),
        _ => None,
    };
    CommandResult::plain(value.unwrap_or_default())
}

fn plan_create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::CreateResource {
        kind: ResourceKind::AppServicePlan,
        group,
        name,
        location,
        options,
        ..
    } = command
    else {
        return None;
    };
    Line::az(spec)
        .value(&PLAN_NAME, name)
        .value(&GROUP, group)
        .maybe(&SKU, options.sku.as_deref())
        .flag_if(&IS_LINUX, options.os_type == OsType::Linux)
        .maybe(&LOCATION, location.as_deref())
        .tags(&options.tags, false)
        .done()
}

fn plan_show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let group = invocation.string(&GROUP);
    let name = invocation.string(&PLAN_NAME);
    read(move |world| {
        let plan = require_resource(world, ResourceKind::AppServicePlan, &group, &name)?;
        Ok(CommandResult::plain(json::app_service_plan_body(
            world, plan,
        )))
    })
}

fn plan_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let group = invocation.option(&GROUP_OPTIONAL);
    read(move |world| {
        require_group(world, &group)?;
        let list = world
            .resources_of(ResourceKind::AppServicePlan)
            .filter(|plan| group_matches(&in_group(&plan.id), &group))
            .map(|plan| json::app_service_plan(world, plan, true))
            .collect();
        Ok(CommandResult::plain(Value::Array(list)))
    })
}

fn plan_delete(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    change(
        Command::DeleteResource {
            kind: ResourceKind::AppServicePlan,
            group: invocation.string(&GROUP),
            name: invocation.string(&PLAN_NAME),
        },
        prints_nothing,
    )
}

fn plan_delete_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteResource {
        kind: ResourceKind::AppServicePlan,
        group,
        name,
    } = command
    else {
        return None;
    };
    Line::az(spec)
        .value(&PLAN_NAME, name)
        .value(&GROUP, group)
        .flag(&YES)
        .done()
}

fn config_show(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let group = invocation.string(&GROUP);
    let name = invocation.string(&APP_NAME);
    read(move |world| {
        let app = require_resource(world, ResourceKind::WebApp, &group, &name)?;
        Ok(CommandResult::plain(json::site_config(world, app)))
    })
}
