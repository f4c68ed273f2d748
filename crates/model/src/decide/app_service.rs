//! App Service: plans, the web and function apps that run on them, and what deleting either does (docs/azure-rules.md M13).

use super::*;

/// Where a new web or function app runs: its plan's ID (none for a function app on a Consumption
/// plan), its location and its operating system.
pub(super) struct Hosting {
    pub plan_id: Option<String>,
    pub location: String,
    pub os_type: crate::command::OsType,
}

impl<'w> Decision<'w> {
    /// The CLI's checks of `--plan` and `--consumption-plan-location` that come before any
    /// request: a function app needs exactly one of them (azure-cli appservice custom.py
    /// `create_functionapp`). A web app's `--plan` is a required argument.
    pub(super) fn check_hosting_arguments(
        &self,
        kind: ResourceKind,
        options: &ResourceOptions,
        location: Option<&str>,
    ) -> Result<(), CommandError> {
        if kind != ResourceKind::FunctionApp {
            return Ok(());
        }
        match (&options.plan, location) {
            (Some(_), Some(_)) => Err(CommandError::cli(
                "Consumption Plan and Plan cannot be used together",
            )),
            (None, None) => Err(CommandError::cli(
                "Either Plan, Consumption Plan or Custom Location must be specified",
            )),
            _ => Ok(()),
        }
    }

    /// The plan a web or function app names (its name in the app's group, or its resource ID),
    /// and so where the app runs. A web app without a plan that exists fails as azure-cli
    /// appservice `validate_site_create` says; a function app as `create_functionapp` says.
    pub(super) fn hosting(
        &self,
        kind: ResourceKind,
        group: &str,
        name: &str,
        options: &ResourceOptions,
        location: Option<&str>,
    ) -> Result<Hosting, CommandError> {
        let typed = match (&options.plan, kind) {
            (Some(plan), _) => plan.trim().to_string(),
            // A web app saved before plans existed: older builds wrote `--plan {name}-plan`.
            (None, ResourceKind::WebApp) => format!("{name}-plan"),
            // A function app on a Consumption plan: Azure hosts it; no plan in the world.
            (None, _) => {
                let location = match location {
                    Some(location) => names::normalize_location(location)?,
                    None => self.require_group(group)?.location.clone(),
                };
                return Ok(Hosting {
                    plan_id: None,
                    location,
                    os_type: crate::command::OsType::Linux,
                });
            }
        };
        let plan = if typed.contains('/') {
            self.world
                .resource_by_id(&typed)
                .filter(|r| r.kind == ResourceKind::AppServicePlan)
        } else {
            self.world
                .resource(ResourceKind::AppServicePlan, group, &typed)
        };
        let plan = plan.ok_or_else(|| {
            let message = if kind == ResourceKind::WebApp {
                format!(
                    "The plan '{typed}' doesn't exist in the resource group '{}'",
                    group.trim()
                )
            } else {
                format!("The plan '{typed}' doesn't exist")
            };
            CommandError::cli(message)
        })?;
        Ok(Hosting {
            plan_id: Some(plan.id.clone()),
            location: plan.location.clone(),
            os_type: plan.options.os_type,
        })
    }

    /// ARM refuses to delete a plan that still hosts apps (409).
    pub(super) fn check_plan_empty(&self, plan: &Resource) -> Result<(), CommandError> {
        let apps: Vec<&str> = crate::json::apps_on_plan(self.world, plan)
            .map(|app| app.name.as_str())
            .collect();
        if apps.is_empty() {
            return Ok(());
        }
        Err(CommandError::arm(
            "Conflict",
            format!(
                "Server farm '{}' cannot be deleted because it has web app(s) {} assigned to it.",
                plan.name,
                apps.join(", ")
            ),
        ))
    }

    /// After an app is deleted: its plan goes too when no other app is left on it, as App
    /// Service's `deleteEmptyServerFarm` does by default.
    pub(super) fn delete_plan_if_emptied(&mut self, app: &Resource) {
        let world = self.world;
        let Some(plan) = app
            .options
            .plan
            .as_deref()
            .and_then(|id| world.resource_by_id(id))
            .filter(|r| r.kind == ResourceKind::AppServicePlan)
        else {
            return;
        };
        let others = crate::json::apps_on_plan(world, plan).any(|other| other.id != app.id);
        if !others {
            self.resource_deleted(plan, Removal::LastAppDeleted(app.name.clone()));
        }
    }
}
