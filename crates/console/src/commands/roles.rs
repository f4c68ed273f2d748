//! `az role assignment create|list|delete` and `az role definition list`: Azure RBAC.

use model::{json, AssignmentSelector, Command, CommandError, Event, World};

use super::flags::{GROUP_OPTIONAL, YES};
use super::{change, prints_nothing, read, usage, Action, Context, Line};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Transformer, Value};
use crate::table::{Arity, CommandSpec, Param};

const ROLE: Param = Param::new(&["--role"], "Role name or id.");
const ASSIGNEE: Param = Param::new(
    &["--assignee"],
    "Represent a user, group, or service principal. Supported format: object id, user sign-in name, or service principal name.",
);
const ASSIGNEE_FILTER: Param = Param::new(
    &["--assignee"],
    "Represent a user, group, or service principal.",
);
const ASSIGNEE_OBJECT_ID: Param = Param::new(
    &["--assignee-object-id"],
    "Use this parameter instead of '--assignee' to bypass Graph API invocation.",
);
const SCOPE: Param = Param::new(
    &["--scope"],
    "Scope at which the role assignment or definition applies to.",
);
const ASSIGNMENT_NAME: Param = Param::new(
    &["--name"],
    "A GUID for the role assignment. It must be unique and different for each role assignment.",
);
const ALL: Param = Param::new(
    &["--all"],
    "Show all assignments under the current subscription.",
)
.flag();
const IDS: Param =
    Param::new(&["--ids"], "Space-separated role assignment ids.").arity(Arity::Many);
const DEFINITION_NAME: Param = Param::new(&["--name"], "A role's name (e.g. 'Reader') or its id.");

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "role assignment create",
        "Create a new role assignment for a user, group, or service principal.",
        &[
            ROLE.required(),
            ASSIGNEE,
            ASSIGNEE_OBJECT_ID,
            Param::new(&["--assignee-principal-type"], "Use with --assignee-object-id to avoid errors caused by propagation latency in Microsoft Graph.")
                .choices(&["Device", "ForeignGroup", "Group", "ServicePrincipal", "User"]),
            SCOPE,
            GROUP_OPTIONAL,
            Param::new(&["--description"], "Description of role assignment."),
            ASSIGNMENT_NAME,
        ],
        (
            "az role assignment create --assignee 00000000-0000-0000-0000-000000000000 --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup",
            "Grant a principal Reader on a resource group.",
        ),
        create,
    )
    .changes(create_line),
    CommandSpec::new(
        "role assignment list",
        "List role assignments.",
        &[
            ASSIGNEE_FILTER,
            ROLE,
            SCOPE,
            GROUP_OPTIONAL,
            ALL,
            Param::new(&["--include-inherited"], "Include assignments applied on parent scopes.").flag(),
        ],
        (
            "az role assignment list --assignee 00000000-0000-0000-0000-000000000000 --all -o table",
            "List every role assignment of a principal.",
        ),
        list,
    ),
    CommandSpec::new(
        "role assignment delete",
        "Delete role assignments.",
        &[IDS, ASSIGNEE_FILTER, ROLE, SCOPE, GROUP_OPTIONAL, YES],
        (
            "az role assignment delete --assignee 00000000-0000-0000-0000-000000000000 --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup",
            "Delete a role assignment.",
        ),
        delete,
    )
    .changes(delete_line),
    CommandSpec::new(
        "role definition list",
        "List role definitions.",
        &[
            DEFINITION_NAME,
            Param::new(&["--custom-role-only"], "Custom roles only (vs. build-in ones).").arity(Arity::Optional).choices(&["false", "true"]),
            SCOPE,
            GROUP_OPTIONAL,
        ],
        ("az role definition list --name Reader", "Show the Reader role."),
        definition_list,
    ),
];

/// `--scope`, or the group `-g` names, or neither.
fn scope_of(invocation: &Invocation, context: &Context) -> Option<String> {
    invocation.option(&SCOPE).or_else(|| {
        invocation
            .text(&GROUP_OPTIONAL)
            .map(|group| context.group_scope(group))
    })
}

fn create(invocation: &Invocation, context: &Context) -> Result<Action, AzError> {
    let assignee = invocation
        .option(&ASSIGNEE)
        .or_else(|| invocation.option(&ASSIGNEE_OBJECT_ID))
        .ok_or_else(|| {
            usage(
                invocation,
                &ROLE,
                "usage error: --assignee STRING | --assignee-object-id GUID",
            )
        })?;
    let scope = scope_of(invocation, context).ok_or_else(|| {
        usage(
            invocation,
            &ROLE,
            "the following arguments are required: --scope",
        )
    })?;
    let role = invocation.string(&ROLE);
    let command = match invocation.option(&ASSIGNMENT_NAME) {
        Some(name) => Command::CreateRoleAssignmentWithName {
            name,
            assignee,
            role,
            scope,
        },
        None => Command::CreateRoleAssignment {
            assignee,
            role,
            scope,
        },
    };
    change(command, print_created)
}

fn print_created(world: &World, _: &Command, events: &[Event]) -> CommandResult {
    let value = events.iter().find_map(|event| match event {
        Event::RoleAssignmentCreated { assignment, .. } => world
            .role_assignments
            .get(&assignment.name)
            .map(|live| json::role_assignment(world, live, false)),
        _ => None,
    });
    CommandResult::plain(value.unwrap_or_default())
}

fn create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let (name, assignee, role, scope) = match command {
        Command::CreateRoleAssignment {
            assignee,
            role,
            scope,
        } => (None, assignee, role, scope),
        Command::CreateRoleAssignmentWithName {
            name,
            assignee,
            role,
            scope,
        } => (Some(name.as_str()), assignee, role, scope),
        _ => return None,
    };
    Line::az(spec)
        .maybe(&ASSIGNMENT_NAME, name)
        .value(&ASSIGNEE, assignee)
        .value(&ROLE, role)
        .value(&SCOPE, scope)
        .done()
}

fn delete(invocation: &Invocation, context: &Context) -> Result<Action, AzError> {
    if let Some(ids) = invocation.values(&IDS) {
        return change(
            Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Ids(ids.to_vec()),
            },
            prints_nothing,
        );
    }
    let filters = [&ASSIGNEE_FILTER, &ROLE, &GROUP_OPTIONAL, &SCOPE, &YES];
    if !filters.iter().any(|flag| invocation.has(flag)) {
        // azure-cli role custom.py `delete_role_assignments`: with no --ids, --assignee, --role,
        // -g or --scope, and no --yes, it asks first (knack `prompt_y_n`, default "n").
        return Ok(Action::Ask(
            "This will delete all role assignments under the subscription. Are you sure?",
        ));
    }
    change(
        Command::DeleteRoleAssignment {
            selector: AssignmentSelector::Filter {
                assignee: invocation.option(&ASSIGNEE_FILTER),
                role: invocation.option(&ROLE),
                scope: scope_of(invocation, context),
            },
        },
        prints_nothing,
    )
}

fn delete_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    let Command::DeleteRoleAssignment { selector } = command else {
        return None;
    };
    let line = match selector {
        AssignmentSelector::Ids(ids) => Line::az(spec).values(&IDS, ids),
        AssignmentSelector::Filter {
            assignee,
            role,
            scope,
        } => Line::az(spec)
            .maybe(&ASSIGNEE_FILTER, assignee.as_deref())
            .maybe(&ROLE, role.as_deref())
            .maybe(&SCOPE, scope.as_deref()),
    };
    line.flag(&YES).done()
}

/// The role definition a `--role` filter names (name or GUID), or `None` for no such role.
fn role_filter(role: &str) -> Option<model::Guid> {
    let wanted = role.trim().trim_end_matches('/');
    let last = wanted.rsplit('/').next().unwrap_or(wanted);
    model::roles::BUILT_IN_ROLES
        .iter()
        .find(|definition| {
            definition.name.eq_ignore_ascii_case(wanted)
                || definition.guid.to_string().eq_ignore_ascii_case(last)
        })
        .map(|definition| definition.guid)
}

/// `--assignee` on `role assignment list`: an object ID or appId of a principal in the signed-in
/// tenant; a GUID Graph no longer knows still filters (orphaned assignments keep their principalId).
fn resolve_assignee(world: &World, assignee: &str) -> Result<model::ObjectId, CommandError> {
    if let Some(sp) = world.find_service_principal(world.tenant_id(), assignee) {
        return Ok(sp.id);
    }
    model::Guid::parse(assignee).map(model::ObjectId).ok_or_else(|| {
        CommandError::cli(format!(
            "Cannot find user or service principal in graph database for '{}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {}'.",
            assignee.trim(),
            assignee.trim()
        ))
    })
}

fn list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let assignee = invocation.option(&ASSIGNEE_FILTER);
    let role = invocation.option(&ROLE);
    let scope = invocation.option(&SCOPE);
    let group = invocation.option(&GROUP_OPTIONAL);
    let all = invocation.has(&ALL);
    read(move |world| {
        let scope = scope.or_else(|| group.as_ref().map(|g| world.group_id(g.trim())));
        let role = match role {
            Some(role) => Some(role_filter(&role).ok_or_else(|| {
                CommandError::cli(format!("Role '{}' doesn't exist.", role.trim()))
            })?),
            None => None,
        };
        let principal = match assignee {
            Some(assignee) => Some(resolve_assignee(world, &assignee)?),
            None => None,
        };
        let subscription = world.current_subscription;
        let subscription_scope = model::ArmKey::of(&world.subscription().scope());
        let list = world
            .role_assignments
            .values()
            .filter(|a| a.subscription_id == subscription)
            .filter(|a| principal.is_none_or(|p| a.principal_id == p))
            .filter(|a| role.is_none_or(|r| a.role == r))
            .filter(|a| match &scope {
                Some(scope) => a.scope_key() == model::ArmKey::of(scope),
                // Without a scope the CLI lists the subscription's own assignments, unless
                // --all or --assignee widen it to every scope below.
                None => all || principal.is_some() || a.scope_key() == subscription_scope,
            })
            .map(|a| json::role_assignment(world, a, true))
            .collect();
        Ok(CommandResult::transformed(
            Value::Array(list),
            Transformer::RoleAssignmentList,
        ))
    })
}

fn definition_list(invocation: &Invocation, _: &Context) -> Result<Action, AzError> {
    let name = invocation.option(&DEFINITION_NAME);
    read(move |world| {
        let list = world
            .role_definitions()
            .iter()
            .filter(|definition| {
                name.as_ref().is_none_or(|n| {
                    definition.name.eq_ignore_ascii_case(n.trim())
                        || definition.guid.to_string().eq_ignore_ascii_case(n.trim())
                })
            })
            .map(|definition| json::role_definition(world, definition))
            .collect();
        Ok(CommandResult::transformed(
            Value::Array(list),
            Transformer::RoleDefinitionList,
        ))
    })
}
