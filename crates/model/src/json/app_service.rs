//! App Service: a plan as `az appservice plan create|list` print the SDK's model and `show` prints the REST body, and a web app's site configuration (docs/azure-rules.md M13).

use super::*;
use crate::names;

/// What every shape of a plan shares, from its resource and the apps on it.
struct PlanFacts {
    sku: Value,
    kind: &'static str,
    reserved: bool,
    location: &'static str,
    sites: usize,
    maximum_workers: u32,
}

fn plan_facts(world: &World, plan: &Resource) -> PlanFacts {
    let sku_text = plan.options.sku.as_deref().unwrap_or(DEFAULT_SKU);
    let (name, tier, family, maximum_workers) =
        names::app_service_sku(sku_text).unwrap_or(("B1", "Basic", "B", 3));
    let sku = object(
        &[
            ("capabilities", Null),
            ("capacity", Int(1)),
            ("locations", Null),
            ("skuCapacity", Null),
        ],
        vec![
            ("family", family.into()),
            ("name", name.into()),
            ("size", name.into()),
            ("tier", tier.into()),
        ],
    );
    let linux = plan.options.os_type == OsType::Linux;
    PlanFacts {
        sku,
        kind: if linux { "linux" } else { "app" },
        reserved: linux,
        location: names::location_display_name(&plan.location),
        sites: apps_on_plan(world, plan).count(),
        maximum_workers,
    }
}

/// `az appservice plan create` without `--sku`.
pub const DEFAULT_SKU: &str = "B1";

/// The web and function apps that run on a plan.
pub fn apps_on_plan<'w>(world: &'w World, plan: &Resource) -> impl Iterator<Item = &'w Resource> {
    let plan_key = ArmKey::of(&plan.id);
    world.resources.values().filter(move |r| {
        r.kind.is_site()
            && r.options
                .plan
                .as_deref()
                .is_some_and(|id| ArmKey::of(id) == plan_key)
    })
}

/// `az appservice plan create` (the SDK's `AppServicePlan`, flattened) or one element of
/// `az appservice plan list` (`list: true`, which drops `geoRegion` and `subscription` as azure-cli
/// `list_app_service_plans` does). App Service prints a plan's location by its display name.
pub fn app_service_plan(world: &World, plan: &Resource, list: bool) -> Value {
    let facts = plan_facts(world, plan);
    let group = resource_group_of(&plan.id).unwrap_or_else(|| plan.group.clone());
    let mut value = object(
        &[
            ("elasticScaleEnabled", Bool(false)),
            ("extendedLocation", Null),
            ("freeOfferExpirationTime", Null),
            ("hostingEnvironmentProfile", Null),
            ("hyperV", Bool(false)),
            ("isSpot", Bool(false)),
            ("isXenon", Bool(false)),
            ("kubeEnvironmentProfile", Null),
            ("maximumElasticWorkerCount", Int(1)),
            ("numberOfWorkers", Int(1)),
            ("perSiteScaling", Bool(false)),
            ("provisioningState", Text("Succeeded")),
            ("spotExpirationTime", Null),
            ("status", Text("Ready")),
            ("targetWorkerCount", Int(0)),
            ("targetWorkerSizeId", Int(0)),
            ("type", Text("Microsoft.Web/serverfarms")),
            ("workerTierName", Null),
            ("zoneRedundant", Bool(false)),
        ],
        vec![
            ("id", plan.id.clone().into()),
            ("kind", facts.kind.into()),
            ("location", facts.location.into()),
            (
                "maximumNumberOfWorkers",
                i64::from(facts.maximum_workers).into(),
            ),
            ("name", plan.name.clone().into()),
            ("numberOfSites", (facts.sites as i64).into()),
            ("reserved", facts.reserved.into()),
            ("resourceGroup", group.into()),
            ("sku", facts.sku),
            ("tags", tags(&plan.options.tags, Value::Null)),
        ],
    );
    if !list {
        insert_all(
            &mut value,
            vec![
                ("geoRegion", facts.location.into()),
                ("subscription", plan.subscription_id.to_string().into()),
            ],
        );
    }
    value
}

/// `az appservice plan show`: azure-cli `show_plan` sends a raw GET and prints the REST body,
/// where `reserved` and the other plan settings sit under `properties`.
pub fn app_service_plan_body(world: &World, plan: &Resource) -> Value {
    let facts = plan_facts(world, plan);
    let group = resource_group_of(&plan.id).unwrap_or_else(|| plan.group.clone());
    let properties = object(
        &[
            ("elasticScaleEnabled", Bool(false)),
            ("hyperV", Bool(false)),
            ("isSpot", Bool(false)),
            ("isXenon", Bool(false)),
            ("maximumElasticWorkerCount", Int(1)),
            ("numberOfWorkers", Int(1)),
            ("perSiteScaling", Bool(false)),
            ("provisioningState", Text("Succeeded")),
            ("status", Text("Ready")),
            ("zoneRedundant", Bool(false)),
        ],
        vec![
            ("geoRegion", facts.location.into()),
            (
                "maximumNumberOfWorkers",
                i64::from(facts.maximum_workers).into(),
            ),
            ("numberOfSites", (facts.sites as i64).into()),
            ("reserved", facts.reserved.into()),
            ("resourceGroup", group.into()),
            ("subscription", plan.subscription_id.to_string().into()),
        ],
    );
    object(
        &[("type", Text("Microsoft.Web/serverfarms"))],
        vec![
            ("id", plan.id.clone().into()),
            ("kind", facts.kind.into()),
            ("location", facts.location.into()),
            ("name", plan.name.clone().into()),
            ("properties", properties),
            ("sku", facts.sku),
            ("tags", tags(&plan.options.tags, Value::Object(Vec::new()))),
        ],
    )
}

/// A Linux web app's `linuxFxVersion` from its `--runtime`: the stack in capitals and `|` for
/// `:` (`python:3.12` → `PYTHON|3.12`), as the CLI's runtime helper writes it; `""` for a Windows
/// app, or one created without a runtime.
pub fn linux_fx_version(world: &World, app: &Resource) -> String {
    match &app.options.runtime {
        Some(runtime) if site_is_linux(world, app) => {
            runtime.trim().replace(':', "|").to_ascii_uppercase()
        }
        _ => String::new(),
    }
}

/// Whether an app runs on a Linux plan (its plan's `reserved`). An app whose plan is not in the
/// world (a function app on a Consumption plan) is Linux, as the playground creates them.
pub fn site_is_linux(world: &World, app: &Resource) -> bool {
    app.options
        .plan
        .as_deref()
        .and_then(|id| world.resource_by_id(id))
        .is_none_or(|plan| plan.options.os_type == OsType::Linux)
}

/// `az webapp config show`: the site's configuration (`SiteConfigResource`), simplified to the
/// settings a learner meets (docs/azure-rules.md S10).
pub fn site_config(world: &World, app: &Resource) -> Value {
    let group = resource_group_of(&app.id).unwrap_or_else(|| app.group.clone());
    let linux = site_is_linux(world, app);
    object(
        &[
            ("acrUseManagedIdentityCreds", Bool(false)),
            ("alwaysOn", Bool(false)),
            ("appCommandLine", Text("")),
            ("ftpsState", Text("FtpsOnly")),
            ("http20Enabled", Bool(true)),
            ("managedServiceIdentityId", Null),
            ("minTlsVersion", Text("1.2")),
            ("numberOfWorkers", Int(1)),
            ("remoteDebuggingEnabled", Bool(false)),
            ("scmType", Text("None")),
            ("type", Text("Microsoft.Web/sites/config")),
            ("use32BitWorkerProcess", Bool(true)),
            ("windowsFxVersion", Null),
        ],
        vec![
            ("id", format!("{}/config/web", app.id).into()),
            ("linuxFxVersion", linux_fx_version(world, app).into()),
            (
                "location",
                names::location_display_name(&app.location).into(),
            ),
            ("name", app.name.clone().into()),
            (
                "netFrameworkVersion",
                if linux { "v4.0" } else { "v4.6" }.into(),
            ),
            ("resourceGroup", group.into()),
        ],
    )
}
