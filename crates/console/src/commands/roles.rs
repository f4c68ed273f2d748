//! `az role assignment create|list|delete` and `az role definition list`: Azure RBAC.

use model::{json, query, AssignmentSelector, Command, CommandError, Event, World};

use super::flags::YES;
use super::{change, prints_nothing, read, usage, Action, Context, Line};
use crate::az::{AzError, Invocation};
use crate::output::{CommandResult, Transformer, Value};
use crate::table::{Arity, CommandSpec, Param};

const ROLE: Param = Param::new(&["--role"], help_text!("Role name or id."));
const ASSIGNEE: Param = Param::new(
    &["--assignee"],
    help_text!("Represent a user, group, or service principal. Supported format: object id, user sign-in name, or service principal name."),
);
const ASSIGNEE_OBJECT_ID: Param = Param::new(
    &["--assignee-object-id"],
    help_text!("Use instead of '--assignee' to bypass Graph API invocation: an object id."),
);
const ASSIGNEE_PRINCIPAL_TYPE: Param = Param::new(
    &["--assignee-principal-type"],
    help_text!("Use with --assignee-object-id to avoid errors caused by propagation latency in Microsoft Graph."),
)
.choices(&["ForeignGroup", "Group", "ServicePrincipal", "User"]);
const SCOPE: Param = Param::new(
    &["--scope"],
    help_text!("Scope at which the role assignment or definition applies to."),
);
const GROUP: Param = Param::new(
    &["--resource-group", "-g"],
    help_text!("Use it only if the role or assignment was added at the level of a resource group."),
);
const ASSIGNMENT_NAME: Param = Param::new(
    &["--name"],
    help_text!(
        "A GUID for the role assignment. It must be unique and different for each role assignment."
    ),
);
const ALL: Param = Param::new(
    &["--all"],
    help_text!("Show all assignments under the current subscription."),
)
.flag();
const INCLUDE_INHERITED: Param = Param::new(
    &["--include-inherited"],
    help_text!("Include assignments applied on parent scopes."),
)
.flag();
const IDS: Param = Param::new(
    &["--ids"],
    help_text!("Space-separated role assignment ids."),
)
.arity(Arity::Many);
const DEFINITION_NAME: Param = Param::new(
    &["--name"],
    help_text!("A role's name (e.g. 'Reader') or its id."),
);

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::new(
        "role assignment create",
        help_text!("Create a new role assignment for a user, group, or service principal."),
        &[
            ROLE.required(),
            ASSIGNEE,
            ASSIGNEE_OBJECT_ID,
            ASSIGNEE_PRINCIPAL_TYPE,
            SCOPE,
            GROUP,
            Param::new(&["--description"], help_text!("Description of role assignment.")),
            ASSIGNMENT_NAME,
        ],
        (
            help_text!("az role assignment create --assignee 00000000-0000-0000-0000-000000000000 --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup"),
            help_text!("Grant a principal Reader on a resource group."),
        ),
        create,
    )
    .changes(create_line),
    CommandSpec::new(
        "role assignment list",
        help_text!("List role assignments."),
        &[ASSIGNEE, ASSIGNEE_OBJECT_ID, ROLE, SCOPE, GROUP, ALL, INCLUDE_INHERITED],
        (
            help_text!("az role assignment list --assignee 00000000-0000-0000-0000-000000000000 --all -o table"),
            help_text!("List every role assignment of a principal, at every scope of the subscription."),
        ),
        list,
    )
    .long_help(
        help_text!("By default only the assignments made at the subscription itself are listed, even with\n\
        --assignee. --scope or -g lists those made exactly at that scope, --include-inherited adds\n\
        the scopes above it, and --all lists every scope of the subscription."),
    ),
    CommandSpec::new(
        "role assignment delete",
        help_text!("Delete role assignments."),
        &[IDS, ASSIGNEE, ASSIGNEE_OBJECT_ID, ROLE, SCOPE, GROUP, YES],
        (
            help_text!("az role assignment delete --assignee 00000000-0000-0000-0000-000000000000 --role Reader --scope /subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup"),
            help_text!("Delete a role assignment."),
        ),
        delete,
    )
    .changes(delete_line),
    CommandSpec::new(
        "role definition list",
        help_text!("List role definitions."),
        &[
            DEFINITION_NAME,
            Param::new(&["--custom-role-only"], help_text!("Custom roles only (vs. build-in ones).")).arity(Arity::Optional).choices(&["false", "true"]),
            SCOPE,
            GROUP,
        ],
        (help_text!("az role definition list --name Reader"), help_text!("Show the Reader role.")),
        definition_list,
    ),
];

/// An error the CLI raises itself once the arguments are parsed (exit code 1, not argparse's 2).
fn refuse(error: CommandError) -> Result<Action, AzError> {
    read(move |_| Err(error))
}

/// azure-cli role custom.py `_build_role_scope`: `--scope`, or the group `-g` names, or neither;
/// both is the CLI's own error.
fn scope_of(invocation: &Invocation, context: &Context) -> Result<Option<String>, CommandError> {
    match (invocation.option(&SCOPE), invocation.text(&GROUP)) {
        (Some(_), Some(group)) => Err(CommandError::cli(format!(
            "Resource group \"{group}\" is redundant because scope is supplied"
        ))),
        (Some(scope), None) => Ok(Some(scope)),
        (None, Some(group)) => Ok(Some(context.group_scope(group))),
        (None, None) => Ok(None),
    }
}

/// `--assignee` or `--assignee-object-id`: exactly one for `create`, at most one otherwise
/// (azure-cli role custom.py: `usage error: --assignee STRING | --assignee-object-id GUID`).
fn assignee_of(invocation: &Invocation, required: bool) -> Result<Option<Assignee>, CommandError> {
    match (
        invocation.option(&ASSIGNEE),
        invocation.option(&ASSIGNEE_OBJECT_ID),
    ) {
        (Some(_), Some(_)) => Err(CommandError::cli(ASSIGNEE_USAGE)),
        (None, None) if required => Err(CommandError::cli(ASSIGNEE_USAGE)),
        (None, None) => Ok(None),
        (Some(text), None) => Ok(Some(Assignee::Lookup(text))),
        (None, Some(id)) => Ok(Some(Assignee::ObjectId(id))),
    }
}

const ASSIGNEE_USAGE: &str = "usage error: --assignee STRING | --assignee-object-id GUID";

/// An assignee as the command names it.
enum Assignee {
    Lookup(String),
    ObjectId(String),
}

fn create(invocation: &Invocation, context: &Context) -> Result<Action, AzError> {
    let assignee = match assignee_of(invocation, true) {
        Ok(Some(assignee)) => assignee,
        Ok(None) => return refuse(CommandError::cli(ASSIGNEE_USAGE)),
        Err(error) => return refuse(error),
    };
    let principal_type = invocation.option(&ASSIGNEE_PRINCIPAL_TYPE);
    if principal_type.is_some() && !matches!(assignee, Assignee::ObjectId(_)) {
        return refuse(CommandError::cli(
            "usage error: --assignee-object-id GUID --assignee-principal-type TYPE",
        ));
    }
    let scope = match scope_of(invocation, context) {
        Ok(Some(scope)) => scope,
        Ok(None) => {
            return Err(usage(
                invocation,
                &ROLE,
                "the following arguments are required: --scope",
            ))
        }
        Err(error) => return refuse(error),
    };
    let role = invocation.string(&ROLE);
    let name = invocation.option(&ASSIGNMENT_NAME);
    let command = match (assignee, name) {
        (Assignee::ObjectId(object_id), name) => Command::CreateRoleAssignmentByObjectId {
            name,
            object_id,
            principal_type,
            role,
            scope,
        },
        (Assignee::Lookup(assignee), Some(name)) => Command::CreateRoleAssignmentWithName {
            name,
            assignee,
            role,
            scope,
        },
        (Assignee::Lookup(assignee), None) => Command::CreateRoleAssignment {
            assignee,
            role,
            scope,
        },
    };
    change(command, print_created)
}

/// A new assignment as ARM returns it. One that already existed (ARM's RoleAssignmentExists,
/// which azure-cli `create_role_assignment` treats as success) is printed as the CLI finds it:
/// `list_role_assignments(assignee, role, scope)[0]`, in list shape (docs/azure-rules.md R18).
fn print_created(world: &World, command: &Command, events: &[Event]) -> CommandResult {
    let created = events.iter().find_map(|event| match event {
        Event::RoleAssignmentCreated { assignment, .. } => world
            .role_assignments
            .get(&assignment.name)
            .map(|live| json::role_assignment(world, live, false)),
        _ => None,
    });
    let existing = || {
        let (assignee, role, scope) = match command {
            Command::CreateRoleAssignment {
                assignee,
                role,
                scope,
            }
            | Command::CreateRoleAssignmentWithName {
                assignee,
                role,
                scope,
                ..
            } => (Some(query::Assignee::Lookup(assignee)), role, scope),
            // The CLI passes `assignee=None` on: the first assignment of the role at the scope.
            Command::CreateRoleAssignmentByObjectId { role, scope, .. } => (None, role, scope),
            _ => return None,
        };
        let search = query::AssignmentSearch {
            assignee,
            role: Some(role),
            scope: Some(scope),
            include_inherited: false,
        };
        let found = query::search_role_assignments(world, &search).ok()?;
        found
            .first()
            .map(|assignment| json::role_assignment(world, assignment, true))
    };
    CommandResult::plain(created.or_else(existing).unwrap_or_default())
}

fn create_line(spec: &CommandSpec, command: &Command) -> Option<String> {
    match command {
        Command::CreateRoleAssignment {
            assignee,
            role,
            scope,
        } => Line::az(spec)
            .value(&ASSIGNEE, assignee)
            .value(&ROLE, role)
            .value(&SCOPE, scope)
            .done(),
        Command::CreateRoleAssignmentWithName {
            name,
            assignee,
            role,
            scope,
        } => Line::az(spec)
            .value(&ASSIGNMENT_NAME, name)
            .value(&ASSIGNEE, assignee)
            .value(&ROLE, role)
            .value(&SCOPE, scope)
            .done(),
        Command::CreateRoleAssignmentByObjectId {
            name,
            object_id,
            principal_type,
            role,
            scope,
        } => Line::az(spec)
            .maybe(&ASSIGNMENT_NAME, name.as_deref())
            .value(&ASSIGNEE_OBJECT_ID, object_id)
            .maybe(&ASSIGNEE_PRINCIPAL_TYPE, principal_type.as_deref())
            .value(&ROLE, role)
            .value(&SCOPE, scope)
            .done(),
        _ => None,
    }
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
    let filters = [&ASSIGNEE, &ASSIGNEE_OBJECT_ID, &ROLE, &GROUP, &SCOPE, &YES];
    if !filters.iter().any(|flag| invocation.has(flag)) {
        // azure-cli role custom.py `delete_role_assignments`: with no --ids, --assignee, --role,
        // -g or --scope, and no --yes, it asks first (knack `prompt_y_n`, default "n").
        return Ok(Action::Ask(
            "This will delete all role assignments under the subscription. Are you sure?",
        ));
    }
    let (assignee, scope) = match (
        assignee_of(invocation, false),
        scope_of(invocation, context),
    ) {
        (Ok(assignee), Ok(scope)) => (assignee, scope),
        (Err(error), _) | (_, Err(error)) => return refuse(error),
    };
    let role = invocation.option(&ROLE);
    let selector = match assignee {
        Some(Assignee::ObjectId(object_id)) => AssignmentSelector::ObjectFilter {
            object_id,
            role,
            scope,
        },
        Some(Assignee::Lookup(assignee)) => AssignmentSelector::Filter {
            assignee: Some(assignee),
            role,
            scope,
        },
        None => AssignmentSelector::Filter {
            assignee: None,
            role,
            scope,
        },
    };
    change(Command::DeleteRoleAssignment { selector }, prints_nothing)
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
            .maybe(&ASSIGNEE, assignee.as_deref())
            .maybe(&ROLE, role.as_deref())
            .maybe(&SCOPE, scope.as_deref()),
        AssignmentSelector::ObjectFilter {
            object_id,
            role,
            scope,
        } => Line::az(spec)
            .value(&ASSIGNEE_OBJECT_ID, object_id)
            .maybe(&ROLE, role.as_deref())
            .maybe(&SCOPE, scope.as_deref()),
    };
    line.flag(&YES).done()
}

/// `az role assignment list`, as azure-cli role custom.py `list_role_assignments` does it: the
/// subscription's own scope unless `--all`, `--scope` or `-g` say otherwise (`--assignee` does
/// not widen it), `principalName` and `roleDefinitionName` filled in (docs/azure-rules.md M6).
fn list(invocation: &Invocation, context: &Context) -> Result<Action, AzError> {
    let all = invocation.has(&ALL);
    let include_inherited = invocation.has(&INCLUDE_INHERITED);
    if all && (invocation.has(&SCOPE) || invocation.has(&GROUP)) {
        return refuse(CommandError::cli(
            "group or scope are not required when --all is used",
        ));
    }
    let (assignee, scope) = match (
        assignee_of(invocation, false),
        scope_of(invocation, context),
    ) {
        (Ok(assignee), Ok(scope)) => (assignee, scope),
        (Err(error), _) | (_, Err(error)) => return refuse(error),
    };
    let role = invocation.option(&ROLE);
    read(move |world| {
        let subscription_scope = world.subscription().scope();
        let scope = match (all, &scope) {
            (true, _) => None,
            (false, Some(scope)) => Some(scope.as_str()),
            (false, None) => Some(subscription_scope.as_str()),
        };
        let search = query::AssignmentSearch {
            assignee: match &assignee {
                Some(Assignee::Lookup(text)) => Some(query::Assignee::Lookup(text)),
                Some(Assignee::ObjectId(id)) => Some(query::Assignee::ObjectId(id)),
                None => None,
            },
            role: role.as_deref(),
            scope,
            include_inherited,
        };
        let list = query::search_role_assignments(world, &search)?
            .into_iter()
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
