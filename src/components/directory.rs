//! The Microsoft Entra ID side: enterprise applications (service principals, filterable as the portal does) and app registrations.

use std::rc::Rc;

use model::SortedMap;
use model::{Command, ObjectId, ServicePrincipal, SignInAudience};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::resources::show_more;
use super::{
    class_list, command_button, delete_button, inspect_button, keep_checked, keep_text, option,
    select_field, select_on_click, short_id, submit_on_click, submit_on_enter, text_field,
    use_dispatch, use_first_screen, why_disabled, Dispatch, SessionView, TextField,
};
use crate::state::{Action, PrincipalFilter, PrincipalType, RemovedPrincipal, Selection};
use crate::view::principal_kind_label;

#[derive(Properties, PartialEq)]
pub struct DirectoryProps {
    pub view: SessionView,
    pub filter: PrincipalFilter,
    pub appeared: Rc<SortedMap<ObjectId, ()>>,
    pub removed: Rc<Vec<RemovedPrincipal>>,
    pub selection: Option<Selection>,
    pub row_limit: usize,
    pub on_filter: Callback<PrincipalFilter>,
}

/// Rows drawn at first when the page opens on many: more than the panel shows.
const FIRST_ROWS: usize = 10;

#[component]
pub fn Directory(props: &DirectoryProps) -> Html {
    let dispatch = use_dispatch();
    let app_name = use_state(String::new);
    let app_multi = use_state(|| false);
    let session = props.view.get();
    let world = session.world();
    let tenant_id = world.tenant_id();
    let tenant = world
        .tenant(tenant_id)
        .map(|t| t.display_name.clone())
        .unwrap_or_default();
    let all: Vec<&ServicePrincipal> = world
        .service_principals
        .values()
        .filter(|sp| sp.tenant_id == tenant_id)
        .collect();
    // What the last change made appear comes first: paging or the ID order never hide it.
    let (new, old): (Vec<&ServicePrincipal>, Vec<&ServicePrincipal>) = all
        .iter()
        .copied()
        .filter(|sp| props.filter.matches(sp))
        .partition(|sp| props.appeared.contains_key(&sp.id));
    // ... and all of it is shown, however many.
    let limit = props.row_limit.max(new.len());
    // Of that page, the first screen first when the page opens on many; what appeared, always.
    let first_screen = use_first_screen(old.len(), FIRST_ROWS, usize::MAX);
    let drawn = limit.min(first_screen.max(new.len()));
    let shown: Vec<&ServicePrincipal> = new.into_iter().chain(old).collect();
    let on_type = {
        let filter = props.filter.clone();
        let on_filter = props.on_filter.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let kind = match select.value().as_str() {
                "mi" => PrincipalType::ManagedIdentities,
                "app" => PrincipalType::Applications,
                _ => PrincipalType::All,
            };
            on_filter.emit(PrincipalFilter {
                kind,
                text: filter.text.clone(),
            })
        })
    };
    let on_text = {
        let filter = props.filter.clone();
        let on_filter = props.on_filter.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            on_filter.emit(PrincipalFilter {
                kind: filter.kind,
                text: input.value(),
            })
        })
    };
    let kind_value = match props.filter.kind {
        PrincipalType::All => "all",
        PrincipalType::ManagedIdentities => "mi",
        PrincipalType::Applications => "app",
    };
    let removed: Vec<&RemovedPrincipal> = props
        .removed
        .iter()
        .filter(|r| {
            props.filter.text.trim().is_empty()
                || r.display_name
                    .to_ascii_lowercase()
                    .contains(&props.filter.text.trim().to_ascii_lowercase())
        })
        .collect();
    let selected = match &props.selection {
        Some(Selection::Principal(id)) => Some(*id),
        _ => None,
    };
    html! {
        <section class="panel entra" aria-labelledby="entra-title" tabindex="0">
            <h2 id="entra-title">{ "Microsoft Entra ID" }</h2>
            <p class="scope-line">{ "Tenant " }<strong>{ tenant }</strong>{ " · Enterprise applications" }</p>
            { signed_in(&dispatch, world, props.selection.as_ref()) }
            <div class="filters" role="search" aria-label="Filter service principals">
                { select_field("sp-type".into(), "Application type".into(), on_type,
                    [("all", "All"), ("mi", "Managed identities"), ("app", "Applications")]
                        .into_iter()
                        .map(|(value, text)| option(value.into(), text.into(), kind_value == value))
                        .collect()) }
                <div class="field grow">
                    <label for="sp-search">{ "Search by name or ID" }</label>
                    <input id="sp-search" type="search" value={props.filter.text.clone()} oninput={on_text}
                        autocomplete="off" placeholder="display name, object ID or application ID" />
                </div>
            </div>
            <p class="count" aria-live="polite">{ format!("{} of {} service principals", shown.len(), all.len()) }</p>
            <div class="table-wrap">
                <table class="sp-table">
                    <caption class="sr-only">{ "Service principals in the directory" }</caption>
                    <thead><tr>
                        <th scope="col">{ "Display name" }</th>
                        <th scope="col">{ "Type" }</th>
                        <th scope="col">{ "Object ID" }</th>
                        <th scope="col">{ "Application (client) ID" }</th>
                    </tr></thead>
                    <tbody>
                        { for removed.iter().map(|r| html! {
                            <tr key={format!("gone-{}", r.id)} class="removed" data-state="removed" data-name={r.display_name.clone()}>
                                <th scope="row">
                                    <span class="name"><bdi>{ r.display_name.clone() }</bdi></span>
                                    { " " }<span class="badge gone">{ "Removed" }</span>
                                </th>
                                <td colspan="3" class="reason">{ r.reason.clone() }</td>
                            </tr>
                        }) }
                        { for shown.iter().take(drawn).map(|sp| html! {
                            <PrincipalRow key={sp.id.to_string()} id={sp.id} app_id={sp.app_id.to_string()}
                                display_name={sp.display_name.clone()} type_name={sp.type_name()} kind_label={principal_kind_label(sp)}
                                fresh={props.appeared.contains_key(&sp.id)} selected={selected == Some(sp.id)} />
                        }) }
                    </tbody>
                </table>
            </div>
            if shown.len() > limit {
                { show_more(&dispatch, shown.len() - limit) }
            }
            if shown.is_empty() && removed.is_empty() {
                <p class="empty">{
                    if all.is_empty() { "No service principals yet. Enable a managed identity or register an application." }
                    else { "No service principal matches the filter." }
                }</p>
            }
            { registrations(&dispatch, world, app_name, app_multi) }
        </section>
    }
}

/// Only what the row shows of a service principal: these are compared before every render, and
/// comparing the whole principal would cost more code than the row itself.
#[derive(Properties, PartialEq)]
pub struct PrincipalRowProps {
    pub id: ObjectId,
    pub app_id: String,
    pub display_name: String,
    pub type_name: &'static str,
    pub kind_label: &'static str,
    pub fresh: bool,
    pub selected: bool,
}

#[component]
pub fn PrincipalRow(props: &PrincipalRowProps) -> Html {
    let dispatch = use_dispatch();
    let sp = props;
    // Offered for every principal: the model refuses it for a managed identity's, with Azure's words.
    let delete = Command::DeleteServicePrincipal {
        id: sp.id.to_string(),
    };
    let select = select_on_click(&dispatch, Some(Selection::Principal(sp.id)));
    html! {
        <tr class={class_list(&[props.fresh.then_some("fresh"), props.selected.then_some("selected")])}
            data-state="live" data-name={sp.display_name.clone()} data-type={sp.type_name}>
            <th scope="row">
                { inspect_button("link name", &sp.display_name, format!("Inspect service principal {}", sp.display_name),
                    Some(props.selected), select) }
                if props.fresh {
                    <span class="badge new">{ "New" }</span>
                }
            </th>
            <td>{ sp.kind_label }
                { " " }{ delete_button(&dispatch, "Delete", format!("Delete service principal {}", sp.display_name), delete) }
            </td>
            <td data-label="Object ID"><code title={sp.id.to_string()}>{ sp.id.to_string() }</code></td>
            <td data-label="App ID"><code title={sp.app_id.clone()}>{ sp.app_id.clone() }</code></td>
        </tr>
    }
}

/// App registrations of the signed-in tenant, with a form to register one. A plain function: its
/// form state lives in the directory (every component adds code to the download).
fn registrations(
    dispatch: &Dispatch,
    world: &model::World,
    name: UseStateHandle<String>,
    multi: UseStateHandle<bool>,
) -> Html {
    let tenant = world.tenant_id();
    // The model decides what a valid display name is; the form only waits for some text.
    let valid = !name.trim().is_empty();
    let submit = {
        let dispatch = dispatch.clone();
        let name = name.clone();
        let multi = multi.clone();
        Callback::from(move |_: ()| {
            if name.trim().is_empty() {
                return;
            }
            dispatch.send(Action::Execute(Command::CreateApplication {
                display_name: (*name).clone(),
                audience: if *multi {
                    SignInAudience::AzureAdMultipleOrgs
                } else {
                    SignInAudience::AzureAdMyOrg
                },
            }));
            name.set(String::new());
        })
    };
    let on_name = keep_text(&name);
    let on_multi = keep_checked(&multi);
    let apps: Vec<Html> = world
        .applications
        .values()
        .filter(|app| app.tenant_id == tenant)
        .map(|app| {
            let has_sp = world
                .service_principals
                .values()
                .any(|sp| sp.tenant_id == tenant && sp.app_id == app.app_id);
            let app_id = app.app_id.to_string();
            let select = select_on_click(dispatch, Some(Selection::Application(app.id)));
            html! {
                <li key={app.id.to_string()} class="resource">
                    <div class="row-head">
                        { inspect_button("link name", &app.display_name, format!("Inspect app registration {}", app.display_name),
                            None, select) }
                        <span class="kind">{ app.audience.as_str() }</span>
                        <code title={format!("application (client) ID {app_id}")}>{ short_id(&app_id) }</code>
                    </div>
                    <p class="note">{ credentials_summary(app) }</p>
                    <div class="actions">
                        { command_button(dispatch, "New client secret", format!("New client secret for {}", app.display_name),
                            Command::AddApplicationSecret { id: app_id.clone(), display_name: None, years: 1, append: true }) }
                        { command_button(dispatch, "New certificate", format!("New certificate for {}", app.display_name),
                            Command::AddApplicationCertificate { id: app_id.clone(), display_name: None, years: 1, append: true }) }
                        if !has_sp {
                            { command_button(dispatch, "Create service principal", format!("Create service principal for {}", app.display_name),
                                Command::CreateServicePrincipal { app_id: app_id.clone() }) }
                        }
                        { delete_button(dispatch, "Delete", format!("Delete app registration {}", app.display_name),
                            Command::DeleteApplication { id: app_id.clone() }) }
                    </div>
                </li>
            }
        })
        .collect();
    html! {
        <div class="registrations">
            <h3>{ "App registrations" }</h3>
            <div class="inline-form" role="group" aria-label="Register an application" onkeydown={submit_on_enter(submit.clone())}>
                { text_field(TextField { id: "new-app-name".into(), label: "New app registration's display name".into(),
                    value: (*name).clone(), error: None, on_change: on_name }) }
                <div class="field check">
                    <input id="new-app-multi" type="checkbox" checked={*multi} onchange={on_multi} />
                    <label for="new-app-multi">{ "Any Microsoft Entra tenant (multitenant)" }</label>
                </div>
                <button type="button" class="primary" onclick={submit_on_click(&submit)} disabled={!valid}
                    aria-describedby={(!valid).then_some("new-app-why")}>{ "Register" }</button>
                { why_disabled("new-app-why", (!valid).then_some("Type a display name first.")) }
            </div>
            if apps.is_empty() {
                <p class="empty">{ "No app registrations yet." }</p>
            } else {
                <ul class="children" aria-label="App registrations">{ for apps }</ul>
            }
            { deleted_items(dispatch, world) }
        </div>
    }
}

/// "2 client secrets · 1 certificate", as the portal's Certificates & secrets tab counts them.
fn credentials_summary(app: &model::Application) -> String {
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} · {}",
        plural(app.passwords.len(), "client secret"),
        plural(app.keys.len(), "certificate")
    )
}

/// The recycle bin: deleted applications and service principals of the signed-in tenant that can
/// still be restored (30 days), each on its own (docs/azure-rules.md R15: restoring an app brings back only the app).
fn deleted_items(dispatch: &Dispatch, world: &model::World) -> Html {
    let tenant = world.tenant_id();
    let restorable = |tenant_id: model::TenantId, deleted: model::Timestamp| {
        tenant_id == tenant && model::decide::restorable_at(world.clock, deleted)
    };
    let row = |kind: &'static str, id: ObjectId, name: &str, deleted: model::Timestamp| {
        html! {
            <li key={id.to_string()} class="deleted-item" data-name={name.to_string()}>
                <span>{ format!("{kind} {name}, deleted {deleted}") }</span>
                { command_button(dispatch, "Restore", format!("Restore deleted {kind} {name}"),
                    Command::RestoreDeletedItem { id: id.to_string() }) }
            </li>
        }
    };
    let mut rows: Vec<Html> = Vec::new();
    for d in world.deleted_applications.values() {
        if restorable(d.item.tenant_id, d.deleted) {
            rows.push(row(
                "application",
                d.item.id,
                &d.item.display_name,
                d.deleted,
            ));
        }
    }
    for d in world.deleted_service_principals.values() {
        if restorable(d.item.tenant_id, d.deleted) {
            rows.push(row(
                "service principal",
                d.item.id,
                &d.item.display_name,
                d.deleted,
            ));
        }
    }
    if rows.is_empty() {
        return Html::default();
    }
    html! {
        <div class="deleted">
            <h3>{ "Deleted items" }</h3>
            <p class="note">{ "Deleted app registrations and their service principals stay restorable for 30 days, each on its own. A managed identity's service principal is deleted for good." }</p>
            <ul aria-label="Deleted items">{ for rows }</ul>
        </div>
    }
}

/// Who runs every command: the learner, a user of this tenant (a person, not a service principal;
/// role assignments can name it, as the Owner one on the subscription does).
fn signed_in(dispatch: &Dispatch, world: &model::World, selection: Option<&Selection>) -> Html {
    let Some(user) = world.signed_in_user() else {
        return Html::default();
    };
    let id = user.id;
    let onclick = select_on_click(dispatch, Some(Selection::User(id)));
    html! {
        <p class="scope-line">{ "Signed in as " }
            { inspect_button("link", &user.user_principal_name, format!("Inspect user {}", user.user_principal_name),
                Some(selection == Some(&Selection::User(id))), onclick) }
            { " · a user (a person), not a service principal" }
        </p>
    }
}
