//! App Service plans and the apps on them (docs/azure-rules.md M13).

mod common;

use common::*;
use model::*;

const WEB: ResourceKind = ResourceKind::WebApp;
const PLAN_KIND: ResourceKind = ResourceKind::AppServicePlan;

fn web(group: &str, name: &str, plan: Option<&str>) -> Command {
    Command::CreateResource {
        kind: WEB,
        group: group.into(),
        name: name.into(),
        location: None,
        identity: IdentitySelection::none(),
        grant: None,
        options: ResourceOptions {
            plan: plan.map(str::to_string),
            runtime: Some("python:3.12".into()),
            ..ResourceOptions::default()
        },
    }
}

fn windows_plan(group: &str, name: &str, location: &str) -> Command {
    Command::CreateResource {
        kind: PLAN_KIND,
        group: group.into(),
        name: name.into(),
        location: Some(location.into()),
        identity: IdentitySelection::none(),
        grant: None,
        options: ResourceOptions {
            os_type: OsType::Windows,
            sku: Some("s1".into()),
            ..ResourceOptions::default()
        },
    }
}

#[test]
fn a_web_app_needs_a_plan_that_exists_and_runs_where_it_is() {
    let mut session = given(&[group("rg")]);
    assert_eq!(
        refused(&mut session, web("rg", "web1", Some("plan"))).to_string(),
        "The plan 'plan' doesn't exist in the resource group 'rg'"
    );
    // A save from before plans: `None` is the plan older builds wrote, `{name}-plan`.
    assert_eq!(
        refused(&mut session, web("rg", "web1", None)).to_string(),
        "The plan 'web1-plan' doesn't exist in the resource group 'rg'"
    );
    ok(&mut session, windows_plan("rg", "winplan", "northeurope"));
    ok(&mut session, plan("rg"));
    ok(&mut session, web("rg", "web1", Some("PLAN")));
    let plan_id = resource(session.world(), PLAN_KIND, "rg", "winplan")
        .id
        .clone();
    ok(&mut session, web("rg", "web2", Some(&plan_id)));
    let world = session.world();
    let linux = resource(world, WEB, "rg", "web1");
    let windows = resource(world, WEB, "rg", "web2");
    assert_eq!(windows.location, "northeurope");
    assert_eq!(json::resource(world, linux)["kind"], "app,linux");
    assert_eq!(json::resource(world, windows)["kind"], "app");
    assert_eq!(json::resource(world, windows)["location"], "North Europe");
    assert_eq!(json::linux_fx_version(world, linux), "PYTHON|3.12");
    assert_eq!(json::linux_fx_version(world, windows), "");
    let shown = json::app_service_plan(world, resource(world, PLAN_KIND, "rg", "winplan"), false);
    assert_eq!(shown["sku"]["name"], "S1");
    assert_eq!(shown["sku"]["tier"], "Standard");
    assert_eq!(shown["kind"], "app");
    assert_eq!(shown["reserved"], false);
    assert_eq!(shown["numberOfSites"], Value::from(1_i64));
    let body = json::app_service_plan_body(world, resource(world, PLAN_KIND, "rg", "plan"));
    assert_eq!(body.get("reserved"), None);
    assert_eq!(body["properties"]["reserved"], true);
}

#[test]
fn a_plan_that_hosts_apps_cannot_be_deleted_and_goes_with_its_last_app() {
    let mut session = given(&[
        group("rg"),
        plan("rg"),
        web("rg", "web1", Some(PLAN)),
        web("rg", "web2", Some(PLAN)),
    ]);
    let delete = |kind, name: &str| Command::DeleteResource {
        kind,
        group: "rg".into(),
        name: name.into(),
    };
    let conflict = refused(&mut session, delete(PLAN_KIND, PLAN));
    assert_eq!(conflict.code, "Conflict");
    assert_eq!(
        conflict.message,
        "Server farm 'plan' cannot be deleted because it has web app(s) web1, web2 assigned to it."
    );
    assert_eq!(
        kinds(&ok(&mut session, delete(WEB, "web1"))),
        ["ResourceDeleted"]
    );
    let last = ok(&mut session, delete(WEB, "web2"));
    assert_eq!(kinds(&last), ["ResourceDeleted", "ResourceDeleted"]);
    assert!(last[1]
        .explain()
        .contains("deleted with its last app 'web2'"));
    assert!(session.world().resource(PLAN_KIND, "rg", PLAN).is_none());
}

#[test]
fn keep_empty_plan_keeps_it() {
    let mut session = given(&[group("rg"), plan("rg"), web("rg", "web1", Some(PLAN))]);
    let events = ok(
        &mut session,
        Command::DeleteWebAppKeepingPlan {
            group: "rg".into(),
            name: "web1".into(),
        },
    );
    assert_eq!(kinds(&events), ["ResourceDeleted"]);
    let world = session.world();
    let plan = resource(world, PLAN_KIND, "rg", PLAN);
    assert_eq!(
        json::app_service_plan(world, plan, true)["numberOfSites"],
        Value::from(0_i64)
    );
    assert_eq!(
        json::app_service_plan(world, plan, true).get("geoRegion"),
        None
    );
}

#[test]
fn a_function_app_needs_a_plan_or_a_consumption_plan() {
    let mut session = given(&[group("rg")]);
    let func = |plan: Option<&str>, location: Option<&str>| Command::CreateResource {
        kind: ResourceKind::FunctionApp,
        group: "rg".into(),
        name: "func1".into(),
        location: location.map(str::to_string),
        identity: IdentitySelection::none(),
        grant: None,
        options: ResourceOptions {
            plan: plan.map(str::to_string),
            ..ResourceOptions::default()
        },
    };
    assert_eq!(
        refused(&mut session, func(None, None)).to_string(),
        "Either Plan, Consumption Plan or Custom Location must be specified"
    );
    assert_eq!(
        refused(&mut session, func(Some(PLAN), Some("westus"))).to_string(),
        "Consumption Plan and Plan cannot be used together"
    );
    assert_eq!(
        refused(&mut session, func(Some(PLAN), None)).to_string(),
        "The plan 'plan' doesn't exist"
    );
    ok(&mut session, func(None, Some("West US")));
    let world = session.world();
    let app = resource(world, ResourceKind::FunctionApp, "rg", "func1");
    assert_eq!(app.location, "westus");
    assert_eq!(json::resource(world, app)["appServicePlanId"], Value::Null);
    assert_eq!(json::resource(world, app)["kind"], "functionapp,linux");
}

#[test]
fn plans_refuse_skus_the_playground_does_not_model_and_bad_names() {
    let mut session = given(&[group("rg")]);
    let mut bad_sku = windows_plan("rg", "p1", "westeurope");
    if let Command::CreateResource { options, .. } = &mut bad_sku {
        options.sku = Some("X9".into());
    }
    assert!(refused(&mut session, bad_sku)
        .to_string()
        .starts_with("The pricing tier 'X9' is not modelled"));
    assert_eq!(
        refused(&mut session, windows_plan("rg", "bad name", "westeurope")).code,
        "InvalidResourceName"
    );
    // A plan hosts apps; it holds no identity of its own.
    ok(&mut session, plan("rg"));
    assert!(refused(
        &mut session,
        assign(PLAN_KIND, "rg", PLAN, IdentitySelection::system())
    )
    .to_string()
    .contains("no managed identity"));
}
