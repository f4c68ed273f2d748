//! Component tests of the app in headless Chromium (`cargo test --target wasm32-unknown-unknown`): forms, console, directory, storage.
#![cfg(target_arch = "wasm32")]

use playground::state::{SavedLog, Stored};
use playground::storage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent,
    KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/later/diagram.js")]
extern "C" {
    /// Draws the graph the app wrote into the diagram's `data-graph`, as the page's
    /// `later/diagram.js` does once loaded (the test runner does not serve `later/`).
    #[wasm_bindgen(js_name = draw)]
    fn draw_diagram(element: &Element);
}

/// Draws the diagram's graph as the page does.
fn draw(root: &Element) {
    draw_diagram(&find(root, ".diagram .drawing"));
}

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage in the test browser")
}

/// Mounts a fresh app; `saved` is put in storage first (None clears it).
async fn mount(saved: Option<&str>) -> Element {
    match saved {
        Some(text) => local_storage()
            .set_item(&storage::Key::new("sandbox", None).0, text)
            .expect("stored"),
        None => local_storage()
            .remove_item(&storage::Key::new("sandbox", None).0)
            .expect("cleared"),
    }
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<playground::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.text_content())
        .collect()
}

fn bubbling(kind: &str) -> Event {
    let init = EventInit::new();
    init.set_bubbles(true);
    Event::new_with_event_init_dict(kind, &init).expect("an event")
}

async fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().expect("an input");
    input.set_value(text);
    input
        .dispatch_event(&bubbling("input"))
        .expect("dispatched");
    yew::scheduler::flush().await;
}

/// Picks an option of a select by its value, as a learner's choice does (a `change` event).
async fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = find(root, selector).dyn_into().expect("a select");
    select.set_value(value);
    select
        .dispatch_event(&bubbling("change"))
        .expect("dispatched");
    yew::scheduler::flush().await;
}

async fn click(root: &Element, selector: &str) {
    let element: HtmlElement = find(root, selector).dyn_into().expect("an element");
    element.click();
    yew::scheduler::flush().await;
}

async fn run_line(root: &Element, line: &str) {
    type_into(root, "#console-line", line).await;
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let enter = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a key");
    find(root, "#console-line")
        .dispatch_event(&enter)
        .expect("dispatched");
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_app_shows_both_sides_the_console_and_the_diagram() {
    let root = mount(None).await;
    let headings = texts(&root, "h2");
    for wanted in [
        "Azure resources",
        "Microsoft Entra ID",
        "Inspector",
        "Console",
        "Activity log",
        "Diagram",
    ] {
        assert!(
            headings.iter().any(|h| h == wanted),
            "{wanted} missing from {headings:?}"
        );
    }
    assert_eq!(texts(&root, "h1"), ["Managed Identity Playground"]);
}

#[wasm_bindgen_test]
async fn a_bad_group_name_shows_azures_rule_as_it_is_typed() {
    let root = mount(None).await;
    type_into(&root, "#new-group-name", "rg!").await;
    let message = texts(&root, "#new-group-name-msg").join("");
    assert!(message.contains("invalid characters: '!'"), "{message}");
    let submit: HtmlElement = find(
        &root,
        "[aria-label='Create a resource group'] button.primary",
    )
    .dyn_into()
    .expect("a button");
    assert!(submit.has_attribute("disabled"));
    type_into(&root, "#new-group-name", "rg1").await;
    assert!(texts(&root, "#new-group-name-msg").is_empty());
    assert!(!submit.has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn a_button_creates_the_group_and_echoes_its_az_line() {
    let root = mount(None).await;
    type_into(&root, "#new-group-name", "rg1").await;
    click(
        &root,
        "[aria-label='Create a resource group'] button.primary",
    )
    .await;
    assert!(texts(&root, ".group .name").contains(&"rg1".to_string()));
    let console = texts(&root, ".console-output .cmd").join("\n");
    assert!(
        console.contains("az group create --name rg1 --location westeurope"),
        "{console}"
    );
    let activity = texts(&root, ".activity-list .az").join("\n");
    assert!(activity.contains("az group create"), "{activity}");
}

#[wasm_bindgen_test]
async fn a_console_line_makes_a_service_principal_appear_highlighted() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    run_line(
        &root,
        "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity",
    )
    .await;
    let row = find(&root, "tr[data-state=live][data-name=vm1]");
    assert!(row
        .get_attribute("class")
        .unwrap_or_default()
        .contains("fresh"));
    assert_eq!(
        row.get_attribute("data-type").as_deref(),
        Some("ManagedIdentity")
    );
    run_line(&root, "az vm delete -g rg1 -n vm1 --yes").await;
    assert!(root
        .query_selector("tr[data-state=live][data-name=vm1]")
        .ok()
        .flatten()
        .is_none());
    let gone = texts(&root, "tr[data-state=removed]").join("");
    assert!(
        gone.contains("was deleted because its virtual machine 'vm1' was deleted"),
        "{gone}"
    );
}

#[wasm_bindgen_test]
async fn a_typo_is_underlined_in_the_console() {
    let root = mount(None).await;
    run_line(&root, "az identity delte -g rg1 -n id1").await;
    assert_eq!(texts(&root, ".console-output mark.err-span"), ["delte"]);
    assert!(texts(&root, ".console-output .stderr")
        .join("")
        .contains("Did you mean"));
}

#[wasm_bindgen_test]
async fn the_type_filter_hides_managed_identities() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    run_line(
        &root,
        "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity",
    )
    .await;
    assert_eq!(texts(&root, "tr[data-state=live]").len(), 1);
    choose(&root, "#sp-type", "app").await;
    assert!(texts(&root, "tr[data-state=live]").is_empty());
    assert!(texts(&root, ".entra .empty")
        .join("")
        .contains("No service principal matches"));
}

#[wasm_bindgen_test]
async fn selecting_a_principal_shows_its_json_in_the_inspector() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    run_line(&root, "az identity create -g rg1 -n id1").await;
    click(&root, "tr[data-name=id1] button.name").await;
    let json = texts(&root, ".inspector pre.json").join("");
    assert!(
        json.contains("\"servicePrincipalType\": \"ManagedIdentity\""),
        "{json}"
    );
    assert!(json.contains("\"displayName\": \"id1\""));
}

#[wasm_bindgen_test]
async fn a_saved_session_comes_back_and_a_corrupted_one_gives_a_notice() {
    let saved = storage::encode(&SavedLog {
        seed: playground::state::SEED,
        lines: vec!["az group create --name rg-saved --location westeurope".into()],
        redo: vec!["az group create --name rg-undone --location westeurope".into()],
    });
    assert!(matches!(storage::decode(&saved), Stored::Found(_)));
    let root = mount(Some(&saved)).await;
    assert!(texts(&root, ".group .name").contains(&"rg-saved".to_string()));
    assert!(texts(&root, ".notice").is_empty());

    let root = mount(Some(
        "{\"format\": \"mi-playground/az-lines\", \"lines\": [",
    ))
    .await;
    assert!(texts(&root, ".notice")
        .join("")
        .contains("can't be read (it is not JSON)"));
    assert!(texts(&root, ".group").is_empty());
    assert_eq!(
        storage::decode("[1, 2]"),
        Stored::Corrupt("it is not a playground session".into())
    );
}

#[wasm_bindgen_test]
async fn groups_whose_names_share_a_prefix_keep_their_own_resources() {
    let root = mount(None).await;
    for line in [
        "az group create -n rg1 -l westeurope",
        "az group create -n rg1-a -l westeurope",
        "az group create -n rg10 -l westeurope",
        "az vm create -g rg1 -n vm-in-rg1 --image Ubuntu2204",
        "az vm create -g rg1-a -n vm-in-rg1-a --image Ubuntu2204",
        "az identity create -g rg10 -n id-in-rg10",
    ] {
        run_line(&root, line).await;
    }
    let contents = |group: &str| {
        texts(
            &root,
            &format!("ul[aria-label='Contents of {group}'] .row-head .name"),
        )
    };
    assert_eq!(contents("rg1"), ["vm-in-rg1"]);
    assert_eq!(contents("rg1-a"), ["vm-in-rg1-a"]);
    assert_eq!(contents("rg10"), ["id-in-rg10"]);
}

#[wasm_bindgen_test]
async fn the_grant_role_form_offers_the_identities_and_grants_with_its_defaults() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    run_line(
        &root,
        "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity",
    )
    .await;
    click(
        &root,
        "button[aria-label='Grant role to an identity of vm1']",
    )
    .await;
    let offered = texts(&root, "#form-vm1-choice option");
    assert_eq!(offered, ["vm1 (system-assigned)"]);
    // A role chosen by the learner is kept; the scope stays on its first offer (this VM).
    choose(&root, "#form-vm1-role", "Contributor").await;
    click(&root, ".row-form button.primary").await;
    // Listed beside the learner's own Owner assignment on the subscription.
    let granted = texts(&root, ".assignment button.link");
    assert_eq!(granted.len(), 2, "{granted:?}");
    assert!(
        granted.contains(&"vm1 has Contributor on vm1".to_string()),
        "{granted:?}"
    );
    assert!(
        granted
            .iter()
            .any(|g| g == "learner@contoso.onmicrosoft.com has Owner on the subscription"),
        "{granted:?}"
    );
    assert!(
        root.query_selector(".row-form").ok().flatten().is_none(),
        "the form closes"
    );
}

#[wasm_bindgen_test]
async fn a_container_instance_gets_its_identity_at_creation_and_its_principal_cannot_be_deleted() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    choose(&root, "#add-rg1-kind", "5").await;
    type_into(&root, "#add-rg1-name", "aci1").await;
    click(&root, "#add-rg1-system").await;
    click(&root, "button[aria-label='Create in rg1']").await;
    let echoed = texts(&root, ".console-output .from-button .cmd").join("\n");
    assert!(echoed.contains("az container create"), "{echoed}");
    find(&root, "tr[data-state=live][data-name=aci1]");
    // The model refuses to delete a managed identity's service principal: the learner reads why.
    click(&root, "button[aria-label='Delete service principal aci1']").await;
    find(&root, "tr[data-state=live][data-name=aci1]");
    assert!(!texts(&root, ".notice.urgent").is_empty());
}

#[wasm_bindgen_test]
async fn the_token_form_offers_each_identity_and_the_inspector_says_what_the_token_may_do() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    run_line(&root, "az identity create -g rg1 -n id1").await;
    run_line(
        &root,
        "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity [system] id1",
    )
    .await;
    run_line(&root, "az keyvault create -g rg1 -n kv-learn-1").await;
    click(&root, "button[aria-label='Request token from inside vm1']").await;
    let offered = texts(&root, "#form-vm1-choice option");
    assert_eq!(
        offered,
        [
            "the default identity (no ID in the request)",
            "id1 (user-assigned, by client ID)"
        ]
    );
    // By client ID: the token is id1's, and id1 has no role on the vault.
    let id1_client = find(&root, "#form-vm1-choice option:nth-child(2)")
        .get_attribute("value")
        .expect("a client ID");
    choose(&root, "#form-vm1-choice", &id1_client).await;
    click(&root, ".row-form button.primary").await;
    let title = texts(&root, ".inspector .inspected").join("");
    assert!(
        title.starts_with("Token of vm1 for https://vault.azure.net"),
        "{title}"
    );
    let json = texts(&root, ".inspector pre.json").join("");
    let id1 = texts(
        &root,
        "tr[data-state=live][data-name=id1] td:nth-child(3) code",
    )
    .join("");
    assert!(json.contains(&format!("\"oid\": \"{id1}\"")), "{json}");
    let checks = texts(&root, ".checks tbody tr").join("\n");
    assert!(
        checks.contains("read a secret on key vault kv-learn-1403 denied"),
        "{checks}"
    );
    // Typed grants show at once in the same table.
    run_line(&root, &format!("az role assignment create --assignee {id1} --role \"Key Vault Secrets User\" --scope $(az keyvault show -n kv-learn-1 --query id -o tsv)")).await;
    let checks = texts(&root, ".checks tbody tr").join("\n");
    assert!(
        checks.contains("read a secret on key vault kv-learn-1200 allowed"),
        "{checks}"
    );
}

#[wasm_bindgen_test]
async fn the_secret_form_checks_the_name_as_typed_and_sets_it() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    run_line(&root, "az keyvault create -g rg1 -n kv-learn-1").await;
    // An RBAC vault's data needs a data role, its creator's too (docs/azure-rules.md M11).
    run_line(&root, "az role assignment create --assignee learner@contoso.onmicrosoft.com --role 'Key Vault Secrets Officer' --scope $(az keyvault show -n kv-learn-1 --query id -o tsv)").await;
    click(
        &root,
        "button[aria-label='Set secret in key vault kv-learn-1']",
    )
    .await;
    type_into(&root, "#form-kv-learn-1-text", "no spaces allowed").await;
    assert!(!texts(&root, ".row-form .field-error").is_empty());
    assert!(find(&root, ".row-form button.primary").has_attribute("disabled"));
    type_into(&root, "#form-kv-learn-1-text", "db-password").await;
    type_into(&root, "#form-kv-learn-1-value", "s3cret").await;
    assert!(texts(&root, ".row-form .field-error").is_empty());
    click(&root, ".row-form button.primary").await;
    let echoed = texts(&root, ".console-output .from-button .cmd").join("\n");
    assert!(
        echoed.contains(
            "az keyvault secret set --vault-name kv-learn-1 --name db-password --value s3cret"
        ),
        "{echoed}"
    );
    // Set: no refusal, and the form has closed.
    assert!(texts(&root, ".notice.urgent").is_empty());
    assert!(root.query_selector(".row-form").ok().flatten().is_none());
}

#[wasm_bindgen_test]
async fn a_function_app_is_created_with_one_of_its_groups_storage_accounts() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    choose(&root, "#add-rg1-kind", "3").await;
    type_into(&root, "#add-rg1-name", "func-learn-1").await;
    // No storage account in the group yet: the form says why it can't create.
    assert!(texts(&root, ".inline-form.add .note")
        .join("")
        .contains("storage account"));
    assert!(find(&root, "button[aria-label='Create in rg1']").has_attribute("disabled"));
    run_line(&root, "az storage account create -g rg1 -n stfunc1").await;
    assert_eq!(texts(&root, "#add-rg1-storage option"), ["stfunc1"]);
    click(&root, "button[aria-label='Create in rg1']").await;
    let echoed = texts(&root, ".console-output .from-button .cmd").join("\n");
    assert!(echoed.contains("--storage-account stfunc1"), "{echoed}");
    find(&root, ".azure li.resource[data-name=func-learn-1]");
    assert!(texts(&root, ".notice.urgent").is_empty());
}

/// Waits a little longer than a frame (the diagram follows a change one frame later).
async fn after_a_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fired");
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_diagram_and_its_table_follow_a_change_right_after_the_frame() {
    let root = mount(None).await;
    run_line(&root, "az group create -n rg1 -l westeurope").await;
    run_line(
        &root,
        "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity",
    )
    .await;
    after_a_frame().await;
    draw(&root);
    let relations = texts(&root, ".relations tbody tr").join("\n");
    assert!(
        relations.contains("vm1 (virtual machine)uses"),
        "{relations}"
    );
    assert!(!texts(&root, "svg g.node").is_empty());
    run_line(
        &root,
        "az vm identity remove -g rg1 -n vm1 --identities [system]",
    )
    .await;
    after_a_frame().await;
    draw(&root);
    let relations = texts(&root, ".relations tbody tr").join("\n");
    assert!(!relations.contains("uses"), "{relations}");
    assert!(
        relations.contains("vm1 (virtual machine)no relation"),
        "{relations}"
    );
}

/// The browser build prints exactly what `az-playground` prints: every transcript of the console's
/// tests, run here in Chromium with the help pages installed from `static/help.txt` (as the app
/// fetches them), matches its expected output, `--help` pages included.
#[wasm_bindgen_test]
fn every_transcript_prints_the_same_in_the_browser_with_the_help_pages_as_data() {
    macro_rules! transcripts {
        ($($name:literal),* $(,)?) => {
            [$((
                $name,
                include_str!(concat!("../crates/console/tests/transcripts/", $name, ".az")),
                include_str!(concat!("../crates/console/tests/transcripts/", $name, ".out")),
            )),*]
        };
    }
    // Before the help data arrives, --help says so instead of printing an empty page.
    let mut console = console::Console::new(7);
    let early = console::script::transcript(&mut console, "az vm --help");
    if !console::help::available() {
        assert!(early.contains("still loading"), "{early}");
    }
    console::help::install(include_str!("../static/help.txt"));
    for (name, script, expected) in transcripts!(
        "01-configure-vm",
        "02-user-assigned",
        "03-access-arm",
        "03b-access-key-vault",
        "04-05-service-principal-and-access",
        "10-shell",
        "20-parser-errors",
        "30-formats-and-commands",
        "40-lifecycle-and-errors",
        "45-tags-addresses-clock",
        "50-restore-clock-token",
        "60-learner-and-role-assignments",
        "70-key-vault-data-plane",
        "80-app-service",
        "90-help",
    ) {
        let actual = console::script::transcript(&mut console::Console::new(7), script);
        assert!(actual == expected, "{name}: the browser printed\n{actual}");
    }
}

#[wasm_bindgen_test]
async fn a_page_opening_on_a_long_session_draws_its_first_screen_then_the_rest() {
    let mut lines = Vec::new();
    for i in 0..12 {
        lines.push(format!(
            "az group create --name rg{i:02} --location westeurope"
        ));
        lines.push(format!(
            "az vm create --name vm{i:02} --resource-group rg{i:02} --image Ubuntu2204 --assign-identity"
        ));
    }
    let saved = storage::encode(&SavedLog {
        seed: playground::state::SEED,
        lines,
        redo: Vec::new(),
    });
    let groups = ".azure li.group > .row-head .name";
    let principals = ".entra tr[data-state=\"live\"]";
    let activity = "ol[aria-label=\"Commands and their events, newest first\"] > li";
    let root = mount(Some(&saved)).await;
    // The first screen at once: more than the panels show, and the count of everything.
    assert_eq!(texts(&root, groups), ["rg00", "rg01"]);
    assert_eq!(root.query_selector_all(principals).unwrap().length(), 10);
    assert_eq!(root.query_selector_all(activity).unwrap().length(), 3);
    assert_eq!(
        texts(&root, ".entra .count"),
        ["12 of 12 service principals"]
    );
    // The rest follows in the next tasks, in order.
    after_a_frame().await;
    let all: Vec<String> = (0..12).map(|i| format!("rg{i:02}")).collect();
    assert_eq!(texts(&root, groups), all);
    assert_eq!(root.query_selector_all(principals).unwrap().length(), 12);
    assert_eq!(root.query_selector_all(activity).unwrap().length(), 24);
    root.remove();
}
