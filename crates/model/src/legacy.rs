//! Sessions saved before the playground modelled App Service plans, the learner as a principal and Key Vault's data plane: where an old line now fails, the step real Azure needs is put back (docs/azure-rules.md M14).

use crate::command::{
    AssignmentSelector, Command, PolicyPermissions, PolicyPrincipal, ResourceKind,
};
use crate::error::CommandError;
use crate::ids::Guid;
use crate::query;
use crate::world::World;

/// How a saved command that an older build accepted and this one refuses is replayed now.
pub enum Upgrade {
    /// The step real Azure needs first, then the command itself.
    Before(Command),
    /// The command as the CLI has to be told it now, in its place.
    Instead(Command),
}

/// What to run for a saved command that an older build accepted and this one refuses; `None`
/// when the refusal is not one an older build would have made differently, so the save really
/// is broken.
pub fn upgrade(world: &World, command: &Command, error: &CommandError) -> Option<Upgrade> {
    match command {
        // Web apps were created without a plan (`--plan NAME-plan` in their line, a plan that
        // never existed): create that Linux plan first, where the app's group is.
        Command::CreateResource {
            kind,
            group,
            name,
            options,
            location,
            ..
        } if kind.is_site() && error.message.starts_with("The plan '") => {
            let plan = match (&options.plan, kind) {
                (Some(plan), _) if !plan.contains('/') => plan.clone(),
                (None, ResourceKind::WebApp) => format!("{name}-plan"),
                _ => return None,
            };
            let create_plan = Command::CreateResource {
                kind: ResourceKind::AppServicePlan,
                group: group.clone(),
                name: plan,
                location: location.clone(),
                identity: crate::command::IdentitySelection::none(),
                grant: None,
                options: crate::command::ResourceOptions::default(),
            };
            Some(Upgrade::Before(create_plan))
        }
        // Function apps were created with neither a plan nor a Consumption plan location: they
        // ran on a Consumption plan where their group is.
        Command::CreateResource {
            kind: ResourceKind::FunctionApp,
            group,
            location: None,
            identity,
            grant,
            name,
            options,
        } if options.plan.is_none() => {
            let location = world.group(group)?.location.clone();
            Some(Upgrade::Instead(Command::CreateResource {
                kind: ResourceKind::FunctionApp,
                group: group.clone(),
                name: name.clone(),
                location: Some(location),
                identity: identity.clone(),
                grant: grant.clone(),
                options: options.clone(),
            }))
        }
        // Secrets were written with no data access: the learner grants themselves what Key Vault
        // asks for, a data role on an RBAC vault or an access policy on the other kind.
        Command::SetSecret { vault, .. } if error.code == "Forbidden" => {
            let vault = world.vault_named(vault)?;
            let user = world.signed_in_user()?;
            let grant = if vault.options.rbac_authorization {
                Command::CreateRoleAssignment {
                    assignee: user.user_principal_name.clone(),
                    role: "Key Vault Secrets Officer".into(),
                    scope: vault.id.clone(),
                }
            } else {
                Command::SetAccessPolicy {
                    vault: vault.name.clone(),
                    group: Some(vault.group.clone()),
                    principal: PolicyPrincipal::ObjectId(user.id.to_string()),
                    permissions: PolicyPermissions {
                        secrets: Some(vec!["all".into()]),
                        ..PolicyPermissions::default()
                    },
                }
            };
            Some(Upgrade::Before(grant))
        }
        // An orphaned assignment was deleted by `--assignee <object ID>`, which Graph can no
        // longer resolve: `--assignee-object-id` says the same without asking.
        Command::DeleteRoleAssignment {
            selector:
                AssignmentSelector::Filter {
                    assignee: Some(assignee),
                    role,
                    scope,
                },
        } if Guid::parse(assignee).is_some()
            && query::resolve_assignee(world, assignee).is_none() =>
        {
            Some(Upgrade::Instead(Command::DeleteRoleAssignment {
                selector: AssignmentSelector::ObjectFilter {
                    object_id: assignee.clone(),
                    role: role.clone(),
                    scope: scope.clone(),
                },
            }))
        }
        _ => None,
    }
}
