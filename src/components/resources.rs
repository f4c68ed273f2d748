//! The Azure side: subscription → resource groups → resources and identities, with their actions and forms that validate names as they are typed.

use std::rc::Rc;

use model::names;
use model::query;
use model::{
    ArmKey, AssignmentSelector, Command, IdentitySelection, OsType, ResourceKind, ResourceOptions,
    SortedMap, TokenSelector, World,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{
    class_list, command_button, delete_button, inspect_button, keep_checked, keep_choice,
    keep_text, name_error, option, run_on_click, select_field, select_on_click, short_id,
    small_button, submit_on_click, submit_on_enter, text_field, use_dispatch, use_first_screen,
    why_disabled, Dispatch, SessionView, TextField,
};
use crate::state::{Action, RowForm, RowFormKind, Selection};
use crate::view::identity_state;

#[derive(Properties, PartialEq)]
pub struct ResourcesProps {
    pub view: SessionView,
    pub row_limit: usize,
    pub open_form: Option<RowForm>,
    pub selection: Option<Selection>,
    /// Resources and identities the last change created: highlighted and scrolled into view.
    pub fresh: Rc<SortedMap<ArmKey, ()>>,
}

/// One resource as its row shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceItem {
    /// Only what the row shows of the resource: comparing these (props must be compared before
    /// every render) costs far less code than comparing the whole resource.
    pub id: String,
    pub kind: ResourceKind,
    pub group: String,
    pub name: String,
    /// As `identity_state` words it.
    pub state: String,
    pub has_system: bool,
    /// (identity name, dangling?) for each attached user-assigned identity, with its reference ID.
    pub user_refs: Vec<UserRef>,
    pub selected: bool,
    /// Created by the last change.
    pub fresh: bool,
    pub form: Option<Rc<RowFormData>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRef {
    pub name: String,
    pub id: String,
    pub dangling: bool,
}

/// What an open inline form offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowFormData {
    pub kind: RowFormKind,
    /// (label, value) pairs.
    pub choices: Vec<(String, String)>,
    pub scopes: Vec<(String, String)>,
}

fn row_form(world: &World, resource: &model::Resource, kind: RowFormKind) -> RowFormData {
    match kind {
        RowFormKind::AssignIdentity => {
            let choices = world
                .user_identities
                .values()
                .filter(|i| i.subscription_id == resource.subscription_id)
                .filter(|i| !resource.identity.user.contains_key(&ArmKey::of(&i.id)))
                .map(|i| {
                    // A learner names an identity of the same group by name; others need the full ID.
                    let value = if i.group.eq_ignore_ascii_case(&resource.group) {
                        i.name.clone()
                    } else {
                        i.reference_id()
                    };
                    (format!("{} ({})", i.name, i.group), value)
                })
                .collect();
            RowFormData {
                kind,
                choices,
                scopes: Vec::new(),
            }
        }
        RowFormKind::GrantRole => {
            let mut choices = Vec::new();
            // A vault's data needs a data role even for its creator: the learner grants it to
            // themselves (docs/azure-rules.md M11).
            if !resource.kind.can_hold_identity() {
                if let Some(me) = world.signed_in_user() {
                    choices.push((
                        format!("you ({})", me.user_principal_name),
                        me.user_principal_name.clone(),
                    ));
                }
            }
            if let Some(system) = resource.identity.system {
                choices.push((
                    format!("{} (system-assigned)", resource.name),
                    system.principal_id.to_string(),
                ));
            }
            for (key, reference) in &resource.identity.user {
                if let Some(identity) = world.user_identities.get(key) {
                    if !query::is_dangling(world, key, reference) {
                        choices.push((
                            format!("{} (user-assigned)", identity.name),
                            identity.principal_id.to_string(),
                        ));
                    }
                }
            }
            let subscription = world.subscription();
            let mut scopes = vec![(
                format!("this {} ({})", resource.kind.noun(), resource.name),
                resource.id.clone(),
            )];
            if let Some(group) = world.group_of_id(&resource.id) {
                scopes.push((format!("resource group {}", group.name), group.id.clone()));
            }
            for other in world
                .resources
                .values()
                .filter(|r| r.subscription_id == subscription.id && r.id != resource.id)
                .filter(|r| !r.kind.can_hold_identity())
            {
                scopes.push((
                    format!("{} {}", other.kind.noun(), other.name),
                    other.id.clone(),
                ));
            }
            scopes.push((
                format!("subscription {}", subscription.name),
                subscription.scope(),
            ));
            RowFormData {
                kind,
                choices,
                scopes,
            }
        }
        RowFormKind::RequestToken => {
            // No ID in the request: the endpoint picks the system-assigned identity, or the only
            // user-assigned one (and refuses when that is ambiguous): the learner can try both.
            let mut choices = vec![(
                "the default identity (no ID in the request)".to_string(),
                String::new(),
            )];
            for reference in resource.identity.user.values() {
                let name = reference.id.rsplit('/').next().unwrap_or_default();
                choices.push((
                    format!("{name} (user-assigned, by client ID)"),
                    reference.client_id.to_string(),
                ));
            }
            let scopes = AUDIENCES
                .iter()
                .map(|(label, audience)| (format!("{label} ({audience})"), audience.to_string()))
                .collect();
            RowFormData {
                kind,
                choices,
                scopes,
            }
        }
        RowFormKind::SetSecret | RowFormKind::CreateContainer => RowFormData {
            kind,
            choices: Vec::new(),
            scopes: Vec::new(),
        },
    }
}

/// The audiences a resource's code usually asks a token for.
const AUDIENCES: [(&str, &str); 4] = [
    ("Key Vault", "https://vault.azure.net"),
    ("Storage", "https://storage.azure.com/"),
    ("Azure Resource Manager", "https://management.azure.com/"),
    ("Microsoft Graph", "https://graph.microsoft.com"),
];

/// Groups drawn at first when a page opens on many (a shared link, a reload): more than a screen
/// holds; the rest follow a few per task (`use_first_screen`).
const FIRST_GROUPS: usize = 2;
const GROUPS_PER_TASK: usize = 5;

#[component]
pub fn Resources(props: &ResourcesProps) -> Html {
    let dispatch = use_dispatch();
    let group_name = use_state(String::new);
    let group_location = use_state(|| "westeurope".to_string());
    let session = props.view.get();
    let world = session.world();
    let subscription = world.subscription();
    let mine = |g: &&model::ResourceGroup| g.subscription_id == subscription.id;
    let count = world.groups.values().filter(mine).count();
    let drawn = use_first_screen(count, FIRST_GROUPS, GROUPS_PER_TASK);
    let groups: Vec<Html> = world
        .groups
        .iter()
        .filter(|(_, g)| mine(g))
        .take(drawn)
        .map(|(key, group)| {
            // Keys are lower-cased IDs, so a group's contents sit right after it in each map.
            let prefix = format!("{}/", key.0);
            let inside = |k: &ArmKey| k.0.starts_with(&prefix);
            let mut resources: Vec<ResourceItem> = Vec::new();
            // What the "add to group" form offers: every storage account and plan of the group,
            // shown or not, gathered in the same pass.
            let (mut storage_accounts, mut plans) = (Vec::new(), Vec::new());
            let mut hidden = 0;
            for (rkey, resource) in world
                .resources
                .range_from(&ArmKey(prefix.clone()))
                .take_while(|(k, _)| inside(k))
            {
                match resource.kind {
                    ResourceKind::StorageAccount => storage_accounts.push(resource.name.clone()),
                    ResourceKind::AppServicePlan => plans.push(resource.name.clone()),
                    _ => {}
                }
                // Past the page, only what just appeared is shown: a change is never hidden.
                if resources.len() >= props.row_limit && !props.fresh.contains_key(rkey) {
                    hidden += 1;
                    continue;
                }
                let user_refs = resource
                    .identity
                    .user
                    .iter()
                    .map(|(k, reference)| UserRef {
                        name: reference.id.rsplit('/').next().unwrap_or("").to_string(),
                        id: reference.id.clone(),
                        dangling: query::is_dangling(world, k, reference),
                    })
                    .collect();
                let form = props
                    .open_form
                    .as_ref()
                    .filter(|f| &f.resource == rkey)
                    .map(|f| Rc::new(row_form(world, resource, f.kind)));
                resources.push(ResourceItem {
                    id: resource.id.clone(),
                    kind: resource.kind,
                    group: resource.group.clone(),
                    name: resource.name.clone(),
                    state: identity_state(resource),
                    has_system: resource.identity.system.is_some(),
                    user_refs,
                    selected: props.selection == Some(Selection::Resource(rkey.clone())),
                    fresh: props.fresh.contains_key(rkey),
                    form,
                });
            }
            let mut identities: Vec<Row> = Vec::new();
            for (ikey, identity) in world
                .user_identities
                .range_from(&ArmKey(prefix.clone()))
                .take_while(|(k, _)| inside(k))
            {
                if identities.len() >= props.row_limit && !props.fresh.contains_key(ikey) {
                    hidden += 1;
                } else {
                    identities.push(Row {
                        id: identity.id.clone(),
                        name: identity.name.clone(),
                        place: identity.group.clone(),
                        client_id: identity.client_id.to_string(),
                        fresh: props.fresh.contains_key(ikey),
                    });
                }
            }
            html! {
                <GroupNode key={key.0.clone()} group={Row {
                    id: group.id.clone(),
                    name: group.name.clone(),
                    place: group.location.clone(),
                    client_id: String::new(),
                    fresh: false,
                }} {storage_accounts} {plans} {resources} {identities} {hidden}
                    selected={props.selection == Some(Selection::Group(key.clone()))} />
            }
        })
        .collect();
    let empty = groups.is_empty();
    html! {
        <section class="panel azure" aria-labelledby="azure-title" tabindex="0">
            <h2 id="azure-title">{ "Azure resources" }</h2>
            { subscription_and_clock(&dispatch, world) }
            { create_group_form(&dispatch, group_name, group_location) }
            if empty {
                <p class="empty">{ "No resource groups yet. Create one to start." }</p>
            }
            <ul class="tree" aria-label="Resource groups">{ for groups }</ul>
            { assignments(&dispatch, world) }
        </section>
    }
}

/// The signed-in subscription (switching it switches the tenant too, as `az account set` does) and
/// the model's clock, which a learner moves forward to watch tokens expire and deleted items go.
fn subscription_and_clock(dispatch: &Dispatch, world: &World) -> Html {
    let current = world.subscription();
    let on_subscription = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatch.send(Action::Execute(Command::SetSubscription {
                subscription: select.value(),
            }))
        })
    };
    let wait = |text: &str, minutes: u32| {
        command_button(
            dispatch,
            &format!("+{text}"),
            format!("Let {text} pass"),
            Command::AdvanceClock { minutes },
        )
    };
    html! {
        <div class="scope-line">
            { select_field("subscription".into(), "Subscription".into(), on_subscription,
                world.subscriptions.values().map(|s| {
                    let tenant = world.tenant(s.tenant_id).map(|t| t.display_name.clone()).unwrap_or_default();
                    option(s.id.to_string().into(), format!("{} (tenant {tenant})", s.name).into(), s.id == current.id)
                }).collect()) }
            <p class="clock">
                { "Clock " }<time>{ world.clock.to_string() }</time>{ " " }
                { wait("1 hour", 60) }{ wait("1 day", 24 * 60) }{ wait("31 days", 31 * 24 * 60) }
            </p>
        </div>
    }
}

/// A plain function: its state lives in `Resources` (every component adds code to the download).
fn create_group_form(
    dispatch: &Dispatch,
    name: UseStateHandle<String>,
    location: UseStateHandle<String>,
) -> Html {
    let dispatch = dispatch.clone();
    let error = name_error(&name, names::validate_group_name(&name));
    let valid = !name.is_empty() && error.is_none();
    let on_name = keep_text(&name);
    let on_location = keep_choice(&location);
    let submit = {
        let name = name.clone();
        let location = location.clone();
        Callback::from(move |_: ()| {
            if names::validate_group_name(&name).is_ok() {
                dispatch.send(Action::Execute(Command::CreateResourceGroup {
                    name: (*name).clone(),
                    location: (*location).clone(),
                    tags: Vec::new(),
                }));
                name.set(String::new());
            }
        })
    };
    let why = if name.is_empty() {
        Some("Type the group's name first.")
    } else if !valid {
        Some("Fix the name first.")
    } else {
        None
    };
    let onclick = submit_on_click(&submit);
    html! {
        <div class="inline-form" role="group" aria-label="Create a resource group" onkeydown={submit_on_enter(submit)}>
            { text_field(TextField { id: "new-group-name".into(), label: "New resource group name".into(),
                value: (*name).clone(), error, on_change: on_name }) }
            { select_field("new-group-location".into(), "Location".into(), on_location,
                names::LOCATIONS.iter().map(|l| option((*l).into(), (*l).into(), *l == location.as_str())).collect()) }
            <button type="button" class="primary" {onclick} disabled={!valid}
                aria-describedby={why.map(|_| "new-group-why")}>{ "Create resource group" }</button>
            { why_disabled("new-group-why", why) }
        </div>
    }
}

/// A group's or a user-assigned identity's row, as it shows: only these are compared before a
/// render, not the whole object.
#[derive(Clone, PartialEq)]
struct Row {
    id: String,
    name: String,
    /// A group's location; an identity's group.
    place: String,
    /// An identity's client ID.
    client_id: String,
    /// Created by the last change.
    fresh: bool,
}

#[derive(Properties, PartialEq)]
struct GroupNodeProps {
    group: Row,
    storage_accounts: Vec<String>,
    plans: Vec<String>,
    resources: Vec<ResourceItem>,
    identities: Vec<Row>,
    /// Rows not shown yet.
    hidden: usize,
    selected: bool,
}

#[component]
fn GroupNode(props: &GroupNodeProps) -> Html {
    let dispatch = use_dispatch();
    let group = &props.group;
    let select = select_on_click(&dispatch, Some(Selection::Group(ArmKey::of(&group.id))));
    let delete = Command::DeleteResourceGroup {
        name: group.name.clone(),
    };
    html! {
        <li class="group">
            <div class="row-head">
                { inspect_button("link name", &group.name, format!("Inspect resource group {}", group.name),
                    Some(props.selected), select) }
                <span class="kind">{ format!("resource group · {}", group.place) }</span>
                { delete_button(&dispatch, "Delete group", format!("Delete group {}", group.name), delete) }
            </div>
            <AddToGroupForm group={group.name.clone()} location={group.place.clone()}
                storage_accounts={props.storage_accounts.clone()} plans={props.plans.clone()} />
            <ul class="children" aria-label={format!("Contents of {}", group.name)}>
                { for props.resources.iter().map(|item| html! {
                    <ResourceRow key={item.id.clone()} item={item.clone()} />
                }) }
                { for props.identities.iter().map(|identity| identity_row(&dispatch, identity)) }
            </ul>
            if props.hidden > 0 {
                { show_more(&dispatch, props.hidden) }
            }
        </li>
    }
}

/// The button under a cut list.
pub fn show_more(dispatch: &Dispatch, hidden: usize) -> Html {
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatch.send(Action::ShowMore));
    html! {
        <p class="note">{ format!("{hidden} more not shown. ") }
            <button type="button" class="small" {onclick}>{ "Show more" }</button>
        </p>
    }
}

/// What the "add to group" form creates: a resource kind, or a user-assigned identity.
fn kind_options() -> Vec<(String, &'static str)> {
    let mut options: Vec<(String, &'static str)> = ResourceKind::ALL
        .iter()
        .enumerate()
        .map(|(index, kind)| (index.to_string(), kind.noun()))
        .collect();
    options.push(("identity".into(), "user-assigned managed identity"));
    options
}

fn kind_from(value: &str) -> Option<ResourceKind> {
    value
        .parse::<usize>()
        .ok()
        .and_then(|index| ResourceKind::ALL.get(index).copied())
}

#[derive(Properties, PartialEq)]
struct AddToGroupProps {
    group: String,
    /// The group's location: a function app made here runs on a Consumption plan there.
    location: String,
    /// The group's storage accounts: a function app needs one (`--storage-account`).
    storage_accounts: Vec<String>,
    /// The group's App Service plans: a web app runs on one (`--plan`).
    plans: Vec<String>,
}

#[component]
fn AddToGroupForm(props: &AddToGroupProps) -> Html {
    let dispatch = use_dispatch();
    let kind = use_state(|| "0".to_string());
    let name = use_state(String::new);
    let with_identity = use_state(|| false);
    let storage = use_state(String::new);
    let plan = use_state(String::new);
    let is_function = kind_from(&kind) == Some(ResourceKind::FunctionApp);
    let is_web = kind_from(&kind) == Some(ResourceKind::WebApp);
    let storage_value = if props.storage_accounts.contains(&*storage) {
        (*storage).clone()
    } else {
        props.storage_accounts.first().cloned().unwrap_or_default()
    };
    let plan_value = if props.plans.contains(&*plan) {
        (*plan).clone()
    } else {
        props.plans.first().cloned().unwrap_or_default()
    };
    // Created with a system-assigned identity: `--assign-identity`, the only way for kinds whose
    // CLI has no identity commands (container instances).
    let can_have_identity = kind_from(&kind).is_some_and(|k| k.can_hold_identity());
    let check = match kind_from(&kind) {
        Some(resource_kind) => names::validate_resource_name(resource_kind, &name, OsType::Linux),
        None => names::validate_user_identity_name(&name),
    };
    let why = if name.is_empty() {
        Some("Type a name first.")
    } else if check.is_err() {
        Some("Fix the name first.")
    } else if is_function && storage_value.is_empty() {
        Some("A function app needs a storage account in this group.")
    } else if is_web && plan_value.is_empty() {
        Some("A web app needs an App Service plan in this group.")
    } else {
        None
    };
    let valid = why.is_none();
    let error = name_error(&name, check);
    let on_kind = keep_choice(&kind);
    let on_name = keep_text(&name);
    let on_identity = keep_checked(&with_identity);
    let on_storage = keep_choice(&storage);
    let on_plan = keep_choice(&plan);
    let submit = {
        let kind = kind.clone();
        let name = name.clone();
        let group = props.group.clone();
        let storage_account = (!storage_value.is_empty()).then(|| storage_value.clone());
        let plan = (!plan_value.is_empty()).then(|| plan_value.clone());
        let location = props.location.clone();
        let identity = if *with_identity && can_have_identity {
            IdentitySelection::system()
        } else {
            IdentitySelection::none()
        };
        Callback::from(move |_: ()| {
            let command = match kind_from(&kind) {
                Some(resource_kind) => {
                    if names::validate_resource_name(resource_kind, &name, OsType::Linux).is_err() {
                        return;
                    }
                    let function = resource_kind == ResourceKind::FunctionApp;
                    Command::CreateResource {
                        kind: resource_kind,
                        group: group.clone(),
                        name: (*name).clone(),
                        // A function app runs on a Consumption plan where its group is
                        // (`--consumption-plan-location`); a web app on the chosen plan.
                        location: function.then(|| location.clone()),
                        identity: identity.clone(),
                        grant: None,
                        options: ResourceOptions {
                            storage_account: function.then(|| storage_account.clone()).flatten(),
                            plan: (resource_kind == ResourceKind::WebApp)
                                .then(|| plan.clone())
                                .flatten(),
                            ..ResourceOptions::default()
                        },
                    }
                }
                None => {
                    if names::validate_user_identity_name(&name).is_err() {
                        return;
                    }
                    Command::CreateUserIdentity {
                        group: group.clone(),
                        name: (*name).clone(),
                        location: None,
                        tags: Vec::new(),
                    }
                }
            };
            dispatch.send(Action::Execute(command));
            name.set(String::new());
        })
    };
    let base = format!("add-{}", props.group.to_ascii_lowercase());
    let why_id = format!("{base}-why");
    let onclick = submit_on_click(&submit);
    html! {
        <div class="inline-form add" role="group" aria-label={format!("Add to {}", props.group)} onkeydown={submit_on_enter(submit)}>
            { select_field(format!("{base}-kind").into(), format!("New item in {}", props.group).into(), on_kind,
                kind_options().into_iter().map(|(value, label)| {
                    let selected = value == *kind;
                    option(value.into(), label.into(), selected)
                }).collect()) }
            { text_field(TextField { id: format!("{base}-name"), label: format!("Name of the new item in {}", props.group),
                value: (*name).clone(), error, on_change: on_name }) }
            if is_function {
                if props.storage_accounts.is_empty() {
                    <p class="note">{ "A function app keeps its code in a storage account: create one in this group first." }</p>
                } else {
                    { choice_field(format!("{base}-storage"), "Storage account", &props.storage_accounts, &storage_value, on_storage) }
                }
            }
            if is_web {
                if props.plans.is_empty() {
                    <p class="note">{ "A web app runs on an App Service plan: create one in this group first." }</p>
                } else {
                    { choice_field(format!("{base}-plan"), "App Service plan", &props.plans, &plan_value, on_plan) }
                }
            }
            if can_have_identity {
                <div class="field check">
                    <input id={format!("{base}-system")} type="checkbox" checked={*with_identity} onchange={on_identity} />
                    <label for={format!("{base}-system")}>{ "With a system-assigned identity" }</label>
                </div>
            }
            <button type="button" class="primary" {onclick} disabled={!valid} aria-label={format!("Create in {}", props.group)}
                aria-describedby={why.map(|_| why_id.clone())}>{ "Create" }</button>
            { why_disabled(&why_id, why) }
        </div>
    }
}

/// A labelled choice among names (a function app's storage account, a web app's plan).
fn choice_field(
    id: String,
    label: &'static str,
    choices: &[String],
    value: &str,
    on_change: Callback<Event>,
) -> Html {
    let options = choices
        .iter()
        .map(|c| option(c.clone().into(), c.clone().into(), c == value))
        .collect();
    select_field(id.into(), label.into(), on_change, options)
}

#[derive(Properties, PartialEq)]
pub struct ResourceRowProps {
    pub item: ResourceItem,
}

/// One resource: its identity state, references, actions and (when open) its inline form.
#[component]
pub fn ResourceRow(props: &ResourceRowProps) -> Html {
    let dispatch = use_dispatch();
    let form_choice = use_state(String::new);
    let form_scope = use_state(String::new);
    let form_role = use_state(|| "Reader".to_string());
    let form_text = use_state(String::new);
    let form_value = use_state(String::new);
    let item = &props.item;
    let key = ArmKey::of(&item.id);
    let kind = item.kind;
    let group = item.group.clone();
    let name = item.name.clone();
    let has_system = item.has_system;
    let toggle_system = run_on_click(
        &dispatch,
        if has_system {
            Command::RemoveIdentity {
                kind,
                group: group.clone(),
                name: name.clone(),
                identity: IdentitySelection::system(),
            }
        } else {
            Command::AssignIdentity {
                kind,
                group: group.clone(),
                name: name.clone(),
                identity: IdentitySelection::system(),
                grant: None,
            }
        },
    );
    let delete = Command::DeleteResource {
        kind,
        group: group.clone(),
        name: name.clone(),
    };
    // A button that opens (or closes) one of the row's inline forms.
    let form_button = |form_kind: RowFormKind, text: &'static str, label: String| {
        let is_open = props
            .item
            .form
            .as_ref()
            .is_some_and(|f| f.kind == form_kind);
        let dispatch = dispatch.clone();
        let key = key.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let form = (!is_open).then(|| RowForm {
                resource: key.clone(),
                kind: form_kind,
            });
            dispatch.send(Action::OpenForm(form))
        });
        html! {
            <button type="button" class="small" {onclick} aria-expanded={is_open.to_string()} aria-label={label}>{ text }</button>
        }
    };
    let select = select_on_click(&dispatch, Some(Selection::Resource(key.clone())));
    let state = &item.state;
    // Only what the Azure CLI can do has a button, so every button echoes a real `az` line.
    let identity_commands = console::has_identity_commands(kind);
    let any_dangling = props.item.user_refs.iter().any(|r| r.dangling);
    html! {
        <li class={class_list(&[Some("resource"), any_dangling.then_some("has-dangling"), props.item.fresh.then_some("fresh")])} data-name={name.clone()}>
            <div class="row-head">
                { inspect_button("link name", &name, format!("Inspect {} {}", kind.noun(), name),
                    Some(props.item.selected), select) }
                <span class="kind">{ kind.noun() }</span>
                if kind.can_hold_identity() {
                    <span class={class_list(&[Some("badge"), Some(if state == "None" { "none" } else { "on" })])}
                        data-identity-state={state.clone()}>{ format!("Identity: {state}") }</span>
                }
            </div>
            if !props.item.user_refs.is_empty() {
                <ul class="refs" aria-label={format!("User-assigned identities of {name}")}>
                    { for props.item.user_refs.iter().map(|reference| {
                        html! {
                            <li class={class_list(&[Some("ref"), reference.dangling.then_some("dangling")])}>
                                <span>{ format!("uses {}", reference.name) }</span>
                                if reference.dangling {
                                    <span class="badge warn">{ "⚠ dangling reference: the identity was deleted" }</span>
                                }
                                if identity_commands {
                                    { command_button(&dispatch, "Remove", format!("Remove identity {} from {}", reference.name, name),
                                        Command::RemoveIdentity {
                                            kind,
                                            group: group.clone(),
                                            name: name.clone(),
                                            identity: IdentitySelection::user([reference.id.clone()]),
                                        }) }
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if kind.can_hold_identity() && !identity_commands {
                <p class="note">{ format!("The Azure CLI has no identity commands for a {}: its identity is chosen when it is created.", kind.noun()) }</p>
            }
            <div class="actions">
                if identity_commands {
                    { small_button("small", if has_system { "Disable system-assigned" } else { "Enable system-assigned" },
                        format!("{} system-assigned identity on {}", if has_system { "Disable" } else { "Enable" }, name), toggle_system) }
                    { form_button(RowFormKind::AssignIdentity, "Assign identity", format!("Assign identity to {name}")) }
                    { form_button(RowFormKind::GrantRole, "Grant role", format!("Grant role to an identity of {name}")) }
                }
                if kind.can_hold_identity() {
                    { form_button(RowFormKind::RequestToken, "Request token", format!("Request token from inside {name}")) }
                }
                if kind == ResourceKind::VirtualMachine {
                    // A shell inside the VM, in the console: what ssh would open.
                    { small_button("small", "Connect", format!("Connect to {name} (ssh)"),
                        dispatch.0.reform({ let line = format!("ssh azureuser@{name}"); move |_| Action::RunLine(line.clone()) })) }
                }
                if kind == ResourceKind::KeyVault {
                    { form_button(RowFormKind::SetSecret, "Set secret", format!("Set secret in key vault {name}")) }
                    { form_button(RowFormKind::GrantRole, "Grant yourself a role", format!("Grant yourself a role on key vault {name}")) }
                }
                if kind == ResourceKind::StorageAccount {
                    { form_button(RowFormKind::CreateContainer, "Create container", format!("Create container in storage account {name}")) }
                }
                { delete_button(&dispatch, "Delete", format!("Delete {} {}", kind.noun(), name), delete) }
            </div>
            if let Some(form) = &props.item.form {
                { row_form_view(&dispatch, RowFormProps { form: form.clone(), kind, group: group.clone(), name: name.clone() },
                    RowFormState { choice: form_choice, scope: form_scope, role: form_role, text: form_text, value: form_value }) }
            }
        </li>
    }
}

/// The choices an open inline form keeps; held by its row (a form is a plain function, and every
/// component adds code to the download).
struct RowFormState {
    choice: UseStateHandle<String>,
    scope: UseStateHandle<String>,
    role: UseStateHandle<String>,
    /// The text fields of the data forms (a secret's name and value, a container's name).
    text: UseStateHandle<String>,
    value: UseStateHandle<String>,
}

/// What a select shows: the learner's pick while it is still offered, else the first option (the
/// form may open long after the row was first drawn, or the offer may have changed since).
fn picked(current: &str, list: &[(String, String)]) -> String {
    if list.iter().any(|(_, value)| value == current) {
        current.to_string()
    } else {
        list.first().map(|c| c.1.clone()).unwrap_or_default()
    }
}

struct RowFormProps {
    form: Rc<RowFormData>,
    kind: ResourceKind,
    group: String,
    name: String,
}

fn row_form_view(dispatch: &Dispatch, props: RowFormProps, state: RowFormState) -> Html {
    let dispatch = dispatch.clone();
    let form_kind = props.form.kind;
    let choice_value = picked(&state.choice, &props.form.choices);
    let scope_value = picked(&state.scope, &props.form.scopes);
    let RowFormState {
        choice,
        scope,
        role,
        text,
        value,
    } = state;
    let base = format!("form-{}", props.name.to_ascii_lowercase());
    let cancel = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.send(Action::OpenForm(None)))
    };
    // The name rule of a data form, in Azure's words, as it is typed.
    let text_check = match form_kind {
        RowFormKind::SetSecret => Some(names::validate_secret_name(&text)),
        RowFormKind::CreateContainer => Some(names::validate_container_name(&text)),
        _ => None,
    };
    let text_ok = text_check.as_ref().is_some_and(|c| c.is_ok())
        && !text.is_empty()
        && (form_kind != RowFormKind::SetSecret || !value.is_empty());
    let submit = {
        let (kind, group, name) = (props.kind, props.group.clone(), props.name.clone());
        let (choice, scope, role) = (choice_value.clone(), scope_value.clone(), role.clone());
        let (text, value) = (text.clone(), value.clone());
        Callback::from(move |_: ()| {
            let command = match form_kind {
                RowFormKind::AssignIdentity | RowFormKind::GrantRole if choice.is_empty() => return,
                RowFormKind::SetSecret | RowFormKind::CreateContainer if !text_ok => return,
                RowFormKind::AssignIdentity => Command::AssignIdentity {
                    kind,
                    group: group.clone(),
                    name: name.clone(),
                    identity: IdentitySelection::user([choice.clone()]),
                    grant: None,
                },
                RowFormKind::GrantRole => Command::CreateRoleAssignment {
                    assignee: choice.clone(),
                    role: (*role).clone(),
                    scope: scope.clone(),
                },
                RowFormKind::RequestToken => Command::RequestToken {
                    kind,
                    group: group.clone(),
                    name: name.clone(),
                    audience: scope.clone(),
                    selector: (!choice.is_empty()).then(|| TokenSelector::ClientId(choice.clone())),
                },
                RowFormKind::SetSecret => Command::SetSecret {
                    vault: name.clone(),
                    name: (*text).clone(),
                    value: (*value).clone(),
                },
                RowFormKind::CreateContainer => Command::CreateBlobContainer {
                    account: name.clone(),
                    name: (*text).clone(),
                },
            };
            dispatch.send(Action::Execute(command));
            text.set(String::new());
            value.set(String::new());
        })
    };
    let select = |id: &str,
                  label: &'static str,
                  state: UseStateHandle<String>,
                  list: &[(String, String)],
                  current: &str| {
        let options = list
            .iter()
            .map(|(label, value)| {
                option(value.clone().into(), label.clone().into(), value == current)
            })
            .collect();
        select_field(
            format!("{base}-{id}").into(),
            label.into(),
            keep_choice(&state),
            options,
        )
    };
    let (submit_label, body) = match form_kind {
        RowFormKind::AssignIdentity | RowFormKind::GrantRole if props.form.choices.is_empty() => {
            let message = if form_kind == RowFormKind::AssignIdentity {
                "There is no other user-assigned identity in this subscription: create one first."
            } else {
                "This resource has no identity yet: enable one first, a role is granted to an identity."
            };
            (None, html! { <p class="empty">{ message }</p> })
        }
        RowFormKind::AssignIdentity => (
            Some("Assign"),
            select(
                "choice",
                "Identity to assign",
                choice,
                &props.form.choices,
                &choice_value,
            ),
        ),
        RowFormKind::GrantRole => (
            Some("Grant"),
            html! { <>
                { select("choice", "Who gets the role (assignee)", choice, &props.form.choices, &choice_value) }
                { select_field(format!("{base}-role").into(), "Role".into(), keep_choice(&role),
                    model::roles::BUILT_IN_ROLES.iter().map(|r| option(r.name.into(), r.name.into(), r.name == role.as_str())).collect()) }
                { select("scope", "Scope", scope, &props.form.scopes, &scope_value) }
            </> },
        ),
        RowFormKind::RequestToken => (
            Some("Request token"),
            html! { <>
                { select("choice", "Identity", choice, &props.form.choices, &choice_value) }
                { select("scope", "Token for (audience)", scope, &props.form.scopes, &scope_value) }
            </> },
        ),
        RowFormKind::SetSecret | RowFormKind::CreateContainer => {
            let secret = form_kind == RowFormKind::SetSecret;
            let error = name_error(&text, text_check.unwrap_or(Ok(())));
            (
                Some(if secret {
                    "Set secret"
                } else {
                    "Create container"
                }),
                html! { <>
                    { text_field(TextField { id: format!("{base}-text"), label: (if secret { "Secret name" } else { "Container name" }).into(),
                        value: (*text).clone(), error, on_change: keep_text(&text) }) }
                    if secret {
                        { text_field(TextField { id: format!("{base}-value"), label: "Secret value".into(),
                            value: (*value).clone(), error: None, on_change: keep_text(&value) }) }
                    }
                </> },
            )
        }
    };
    let data_form = matches!(
        form_kind,
        RowFormKind::SetSecret | RowFormKind::CreateContainer
    );
    let why = (data_form && !text_ok).then_some(if form_kind == RowFormKind::SetSecret {
        "Give the secret a valid name and a value first."
    } else {
        "Give the container a valid name first."
    });
    let why_id = format!("{base}-why");
    let onclick = submit_on_click(&submit);
    html! {
        <div class="inline-form row-form" role="group" onkeydown={submit_on_enter(submit)}>
            { body }
            if let Some(label) = submit_label {
                <button type="button" class="primary" {onclick} disabled={why.is_some()}
                    aria-describedby={why.map(|_| why_id.clone())}>{ label }</button>
                { why_disabled(&why_id, why) }
            }
            { small_button("secondary", "Cancel", "Cancel".into(), cancel) }
        </div>
    }
}

fn identity_row(dispatch: &Dispatch, identity: &Row) -> Html {
    let select = select_on_click(
        dispatch,
        Some(Selection::UserIdentity(ArmKey::of(&identity.id))),
    );
    let delete = Command::DeleteUserIdentity {
        group: identity.place.clone(),
        name: identity.name.clone(),
    };
    html! {
        <li key={identity.id.clone()} class={class_list(&[Some("resource"), Some("identity"), identity.fresh.then_some("fresh")])} data-name={identity.name.clone()}>
            <div class="row-head">
                { inspect_button("link name", &identity.name, format!("Inspect user-assigned identity {}", identity.name),
                    None, select) }
                <span class="kind">{ "user-assigned managed identity" }</span>
                <code class="id" title={format!("client ID {}", identity.client_id)}>{ format!("client {}", short_id(&identity.client_id)) }</code>
            </div>
            <div class="actions">
                { delete_button(dispatch, "Delete", format!("Delete user-assigned identity {}", identity.name), delete) }
            </div>
        </li>
    }
}

/// Role assignments of the subscription; orphaned ones say so.
/// A scope as a learner reads it: "the subscription", "group rg1", or the resource's name.
fn scope_label(scope: &str) -> String {
    let parts: Vec<&str> = scope.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        [_, _] => "the subscription".to_string(),
        [_, _, _, group] => format!("group {group}"),
        _ => parts.last().copied().unwrap_or_default().to_string(),
    }
}

fn assignments(dispatch: &Dispatch, world: &World) -> Html {
    let subscription = world.current_subscription;
    let rows: Vec<Html> = world
        .role_assignments
        .values()
        .filter(|a| a.subscription_id == subscription)
        .map(|assignment| {
            let orphaned = query::is_orphaned(world, assignment);
            // A service principal's display name, or the learner's principal name (their Owner
            // assignment is listed too, docs/azure-rules.md M9).
            let who = match query::principal_display_name(world, assignment.principal_id) {
                name if name.is_empty() => "Identity not found".to_string(),
                name => name,
            };
            let role = model::roles::role_by_guid(assignment.role)
                .map(|r| r.name)
                .unwrap_or("?");
            let scope = scope_label(&assignment.scope);
            let name = assignment.name;
            let delete = Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Ids(vec![assignment.id()]),
            };
            let select = select_on_click(dispatch, Some(Selection::Assignment(name)));
            html! {
                <li key={name.to_string()} class={class_list(&[Some("assignment"), orphaned.then_some("orphaned")])}>
                    <button type="button" class="link" onclick={select}>
                        { format!("{who} has {role} on {scope}") }
                    </button>
                    if orphaned {
                        <span class="badge warn">{ "⚠ orphaned: its principal was deleted" }</span>
                    }
                    { delete_button(dispatch, "Delete", format!("Delete role assignment {role} of {who} on {scope}"), delete) }
                </li>
            }
        })
        .collect();
    html! {
        <div class="assignments">
            <h3>{ "Role assignments" }</h3>
            if rows.is_empty() {
                <p class="empty">{ "None yet. Use “Grant role” on a resource with an identity." }</p>
            } else {
                <ul aria-label="Role assignments">{ for rows }</ul>
            }
        </div>
    }
}
