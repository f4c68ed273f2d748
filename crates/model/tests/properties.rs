//! Property tests: random command sequences (weighted toward names that exist) keep every invariant of the model.

mod common;

use model::query;
use model::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

const GROUPS: &[&str] = &["rg1", "rg2", "RG1"];
const NAMES: &[&str] = &["vm1", "web1", "VM1", "app-2", "bad_name!"];
const IDENTITIES: &[&str] = &["id1", "id2", "ID1", "x"];
const KINDS: &[ResourceKind] = &[
    ResourceKind::VirtualMachine,
    ResourceKind::VirtualMachine,
    ResourceKind::WebApp,
    ResourceKind::FunctionApp,
    ResourceKind::LogicApp,
    ResourceKind::ContainerInstance,
    ResourceKind::KeyVault,
    ResourceKind::StorageAccount,
    ResourceKind::AppServicePlan,
];
/// The plan the stories' web and function apps name: a plan of that name exists once a story has
/// created one (`web1` is also a name in `NAMES`).
const PLAN: &str = "web1";
const ROLES: &[&str] = &[
    "Reader",
    "Contributor",
    "Key Vault Secrets User",
    "Key Vault Secrets Officer",
    "storage blob data reader",
    "Nope",
];

/// Which identities an operation names: indexes into `IDENTITIES`.
#[derive(Clone, Debug)]
struct Selection {
    system: bool,
    users: Vec<usize>,
}

impl Selection {
    fn build(&self) -> IdentitySelection {
        IdentitySelection {
            system: self.system,
            user: self
                .users
                .iter()
                .map(|i| IDENTITIES[*i].to_string())
                .collect(),
        }
    }
}

/// A step of a random story. Picks (`usize`) are resolved against what exists when the step runs,
/// so most steps name things that exist.
#[derive(Clone, Debug)]
enum Step {
    CreateGroup(usize),
    DeleteGroup(usize),
    CreateResource(usize, usize, usize, Selection, bool),
    DeleteResource(usize, usize, usize),
    Assign(usize, usize, usize, Selection, bool),
    Remove(usize, usize, usize, Selection),
    CreateIdentity(usize, usize),
    DeleteIdentity(usize, usize),
    Grant(usize, usize, usize),
    DeleteAssignmentById(usize),
    DeleteAssignmentsOf(usize),
    CreateApp(bool),
    DeleteApp(usize),
    CreateSp(usize),
    DeleteSp(usize),
    RestoreApp(usize),
    RestoreSp(usize),
    AddSecret(usize),
    AddCertificate(usize),
    SetSecret(usize),
    /// An access policy for the learner on a vault (refused on RBAC vaults).
    SetPolicy(usize, bool),
    SwitchSubscription(bool),
    Token(usize, usize, usize, Option<usize>),
    Advance(u32),
    /// The same operations aimed at a resource that exists (picked by index).
    AssignExisting(usize, Selection, bool),
    RemoveExisting(usize, Selection),
    DeleteExisting(usize),
    TokenExisting(usize, Option<usize>),
}

fn selection() -> impl Strategy<Value = Selection> {
    (
        any::<bool>(),
        prop::collection::vec(0..IDENTITIES.len(), 0..3),
    )
        .prop_map(|(system, users)| Selection { system, users })
}

fn step() -> impl Strategy<Value = Step> {
    let g = 0..GROUPS.len();
    let n = 0..NAMES.len();
    let k = 0..KINDS.len();
    let i = 0..IDENTITIES.len();
    prop_oneof![
        4 => g.clone().prop_map(Step::CreateGroup),
        1 => g.clone().prop_map(Step::DeleteGroup),
        6 => (k.clone(), g.clone(), n.clone(), selection(), prop::bool::weighted(0.2))
            .prop_map(|(k, g, n, s, grant)| Step::CreateResource(k, g, n, s, grant)),
        2 => (k.clone(), g.clone(), n.clone()).prop_map(|(k, g, n)| Step::DeleteResource(k, g, n)),
        4 => (k.clone(), g.clone(), n.clone(), selection(), prop::bool::weighted(0.2))
            .prop_map(|(k, g, n, s, grant)| Step::Assign(k, g, n, s, grant)),
        3 => (k.clone(), g.clone(), n.clone(), selection()).prop_map(|(k, g, n, s)| Step::Remove(k, g, n, s)),
        4 => (g.clone(), i.clone()).prop_map(|(g, i)| Step::CreateIdentity(g, i)),
        2 => (g.clone(), i).prop_map(|(g, i)| Step::DeleteIdentity(g, i)),
        4 => (any::<usize>(), 0..ROLES.len(), any::<usize>()).prop_map(|(p, r, s)| Step::Grant(p, r, s)),
        1 => any::<usize>().prop_map(Step::DeleteAssignmentById),
        1 => any::<usize>().prop_map(Step::DeleteAssignmentsOf),
        3 => any::<bool>().prop_map(Step::CreateApp),
        2 => any::<usize>().prop_map(Step::DeleteApp),
        2 => any::<usize>().prop_map(Step::CreateSp),
        1 => any::<usize>().prop_map(Step::DeleteSp),
        2 => any::<usize>().prop_map(Step::RestoreApp),
        1 => any::<usize>().prop_map(Step::RestoreSp),
        1 => any::<usize>().prop_map(Step::AddSecret),
        1 => any::<usize>().prop_map(Step::AddCertificate),
        1 => (0..NAMES.len()).prop_map(Step::SetSecret),
        1 => (0..NAMES.len(), any::<bool>()).prop_map(|(n, delete)| Step::SetPolicy(n, delete)),
        1 => any::<bool>().prop_map(Step::SwitchSubscription),
        2 => (k, g, n, prop::option::of(any::<usize>())).prop_map(|(k, g, n, s)| Step::Token(k, g, n, s)),
        1 => (0u32..3000).prop_map(Step::Advance),
        6 => (any::<usize>(), selection(), prop::bool::weighted(0.2)).prop_map(|(r, s, grant)| Step::AssignExisting(r, s, grant)),
        4 => (any::<usize>(), selection()).prop_map(|(r, s)| Step::RemoveExisting(r, s)),
        2 => any::<usize>().prop_map(Step::DeleteExisting),
        3 => (any::<usize>(), prop::option::of(any::<usize>())).prop_map(|(r, s)| Step::TokenExisting(r, s)),
    ]
}

fn pick<T: Clone>(items: &[T], index: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[index % items.len()].clone())
}

/// Turns a step into a command, choosing among things that exist (or existed) in the world.
fn command(world: &World, known_principals: &[ObjectId], step: &Step) -> Command {
    let group = |g: &usize| GROUPS[*g].to_string();
    let name = |n: &usize| NAMES[*n].to_string();
    let app_ids: Vec<String> = world
        .applications
        .values()
        .map(|a| a.app_id.to_string())
        .chain(
            world
                .deleted_applications
                .values()
                .map(|d| d.item.app_id.to_string()),
        )
        .collect();
    let deleted_apps: Vec<String> = world
        .deleted_applications
        .keys()
        .map(|id| id.to_string())
        .collect();
    let deleted_sps: Vec<String> = world
        .deleted_service_principals
        .keys()
        .map(|id| id.to_string())
        .collect();
    let mut scopes: Vec<String> = vec![world.subscription().scope()];
    scopes.extend(world.groups.values().map(|g| g.id.clone()));
    scopes.extend(world.resources.values().map(|r| r.id.clone()));
    scopes.extend(world.user_identities.values().map(|i| i.id.clone()));
    let existing: Vec<&Resource> = world
        .resources
        .values()
        .filter(|r| r.subscription_id == world.current_subscription)
        .collect();
    let grant_for = |wanted: bool, k: &usize| {
        wanted.then(|| RoleGrant {
            role: ROLES[*k % ROLES.len()].into(),
            scope: scopes[*k % scopes.len()].clone(),
        })
    };
    match step {
        Step::CreateGroup(g) => Command::CreateResourceGroup {
            name: group(g),
            location: "westeurope".into(),
            tags: Vec::new(),
        },
        Step::DeleteGroup(g) => Command::DeleteResourceGroup { name: group(g) },
        Step::CreateResource(k, g, n, s, with_grant) => {
            let kind = KINDS[*k];
            // Web apps run on a plan; function apps on one, or on a Consumption plan.
            let (plan, location) = match kind {
                ResourceKind::WebApp => (Some(PLAN.to_string()), None),
                ResourceKind::FunctionApp if *n % 2 == 0 => (None, Some("westeurope".to_string())),
                ResourceKind::FunctionApp => (Some(PLAN.to_string()), None),
                _ => (None, None),
            };
            Command::CreateResource {
                kind,
                group: group(g),
                name: name(n),
                location,
                identity: s.build(),
                grant: grant_for(*with_grant, k),
                options: ResourceOptions {
                    os_type: OsType::Linux,
                    rbac_authorization: *n % 2 == 0,
                    plan,
                    ..ResourceOptions::default()
                },
            }
        }
        Step::DeleteResource(k, g, n) => Command::DeleteResource {
            kind: KINDS[*k],
            group: group(g),
            name: name(n),
        },
        Step::Assign(k, g, n, s, with_grant) => Command::AssignIdentity {
            kind: KINDS[*k],
            group: group(g),
            name: name(n),
            identity: s.build(),
            grant: grant_for(*with_grant, k),
        },
        Step::Remove(k, g, n, s) => Command::RemoveIdentity {
            kind: KINDS[*k],
            group: group(g),
            name: name(n),
            identity: s.build(),
        },
        Step::CreateIdentity(g, i) => Command::CreateUserIdentity {
            group: group(g),
            name: IDENTITIES[*i].into(),
            location: None,
            tags: Vec::new(),
        },
        Step::DeleteIdentity(g, i) => Command::DeleteUserIdentity {
            group: group(g),
            name: IDENTITIES[*i].into(),
        },
        Step::Grant(p, r, s) => Command::CreateRoleAssignment {
            // Now and then the learner themselves, by user principal name.
            assignee: match pick(known_principals, *p) {
                _ if *p % 5 == 0 => SIGNED_IN_USER.to_string(),
                Some(principal) => principal.to_string(),
                None => "someone".into(),
            },
            role: ROLES[*r].into(),
            scope: scopes[*s % scopes.len()].clone(),
        },
        Step::DeleteAssignmentById(a) => {
            let ids: Vec<String> = world.role_assignments.values().map(|a| a.id()).collect();
            Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Ids(vec![
                    pick(&ids, *a).unwrap_or_else(|| "/nope".into())
                ]),
            }
        }
        Step::DeleteAssignmentsOf(p) => Command::DeleteRoleAssignment {
            selector: AssignmentSelector::Filter {
                assignee: pick(known_principals, *p).map(|p| p.to_string()),
                role: None,
                scope: None,
            },
        },
        Step::CreateApp(multi) => Command::CreateApplication {
            display_name: "app".into(),
            audience: if *multi {
                SignInAudience::AzureAdMultipleOrgs
            } else {
                SignInAudience::AzureAdMyOrg
            },
        },
        Step::DeleteApp(a) => Command::DeleteApplication {
            id: pick(&app_ids, *a).unwrap_or_default(),
        },
        Step::CreateSp(a) => Command::CreateServicePrincipal {
            app_id: pick(&app_ids, *a).unwrap_or_default(),
        },
        Step::DeleteSp(p) => Command::DeleteServicePrincipal {
            id: pick(known_principals, *p)
                .map(|p| p.to_string())
                .unwrap_or_default(),
        },
        Step::RestoreApp(a) => Command::RestoreDeletedItem {
            id: pick(&deleted_apps, *a).unwrap_or_default(),
        },
        Step::RestoreSp(a) => Command::RestoreDeletedItem {
            id: pick(&deleted_sps, *a).unwrap_or_default(),
        },
        Step::AddSecret(a) => Command::AddApplicationSecret {
            id: pick(&app_ids, *a).unwrap_or_default(),
            display_name: None,
            years: 1,
            append: a % 2 == 0,
        },
        Step::AddCertificate(a) => Command::AddApplicationCertificate {
            id: pick(&app_ids, *a).unwrap_or_default(),
            display_name: None,
            years: 2,
            append: a % 2 == 0,
        },
        Step::SetSecret(n) => Command::SetSecret {
            vault: name(n),
            name: "db-password".into(),
            value: "hunter2".into(),
        },
        Step::SetPolicy(n, false) => Command::SetAccessPolicy {
            vault: name(n),
            group: None,
            principal: PolicyPrincipal::Upn(SIGNED_IN_USER.into()),
            permissions: PolicyPermissions {
                secrets: Some(vec!["get".into(), "list".into()]),
                ..PolicyPermissions::default()
            },
        },
        Step::SetPolicy(n, true) => Command::DeleteAccessPolicy {
            vault: name(n),
            group: None,
            principal: PolicyPrincipal::Upn(SIGNED_IN_USER.into()),
        },
        Step::SwitchSubscription(partner) => Command::SetSubscription {
            subscription: if *partner {
                "Fabrikam Partner".into()
            } else {
                "Contoso Learning".into()
            },
        },
        Step::Token(k, g, n, selector) => Command::RequestToken {
            kind: KINDS[*k],
            group: group(g),
            name: name(n),
            audience: "https://management.azure.com/".into(),
            selector: selector
                .and_then(|p| pick(known_principals, p))
                .map(|p| TokenSelector::ObjectId(p.to_string())),
        },
        Step::Advance(minutes) => Command::AdvanceClock { minutes: *minutes },
        Step::AssignExisting(r, s, with_grant) => match pick(&existing, *r) {
            Some(resource) => Command::AssignIdentity {
                kind: resource.kind,
                group: resource.group.clone(),
                name: resource.name.clone(),
                identity: s.build(),
                grant: grant_for(*with_grant, r),
            },
            None => Command::CreateResourceGroup {
                name: "rg1".into(),
                location: "westeurope".into(),
                tags: Vec::new(),
            },
        },
        Step::RemoveExisting(r, s) => match pick(&existing, *r) {
            Some(resource) => Command::RemoveIdentity {
                kind: resource.kind,
                group: resource.group.clone(),
                name: resource.name.clone(),
                identity: s.build(),
            },
            None => Command::CreateUserIdentity {
                group: "rg1".into(),
                name: "id1".into(),
                location: None,
                tags: Vec::new(),
            },
        },
        Step::DeleteExisting(r) => match pick(&existing, *r) {
            Some(resource) => Command::DeleteResource {
                kind: resource.kind,
                group: resource.group.clone(),
                name: resource.name.clone(),
            },
            None => Command::DeleteResourceGroup { name: "rg2".into() },
        },
        Step::TokenExisting(r, selector) => match pick(&existing, *r) {
            Some(resource) => Command::RequestToken {
                kind: resource.kind,
                group: resource.group.clone(),
                name: resource.name.clone(),
                audience: "https://vault.azure.net".into(),
                selector: selector
                    .and_then(|p| pick(known_principals, p))
                    .map(|p| TokenSelector::ObjectId(p.to_string())),
            },
            None => Command::AdvanceClock { minutes: 1 },
        },
    }
}

/// Every managed-identity SP belongs to exactly one live identity, and every live identity has
/// exactly one SP (docs/azure-rules.md R1, R2, R5, R8): so no system-assigned SP outlives its resource or its disabling.
fn assert_identities_and_principals_match(world: &World) -> Result<(), TestCaseError> {
    for sp in world.service_principals.values() {
        if let PrincipalKind::ManagedIdentity { user_assigned, .. } = sp.kind {
            let system_owners = world
                .resources
                .values()
                .filter(|r| r.identity.system.is_some_and(|s| s.principal_id == sp.id))
                .count();
            let user_owners = world
                .user_identities
                .values()
                .filter(|i| i.principal_id == sp.id)
                .count();
            prop_assert_eq!(
                system_owners + user_owners,
                1,
                "SP {} has {} owners",
                sp.id,
                system_owners + user_owners
            );
            prop_assert_eq!(user_assigned, user_owners == 1);
        }
    }
    for resource in world.resources.values() {
        if let Some(system) = resource.identity.system {
            let sp = world.service_principal(system.principal_id);
            prop_assert!(
                sp.is_some_and(|sp| sp.is_managed_identity()),
                "{} has no SP",
                resource.id
            );
            prop_assert!(resource.kind.can_hold_identity());
        }
    }
    for identity in world.user_identities.values() {
        let sp = world.service_principal(identity.principal_id);
        prop_assert!(
            sp.is_some_and(|sp| sp.app_id == identity.client_id),
            "{} has no SP",
            identity.id
        );
    }
    Ok(())
}

/// Every story starts with two groups, so most steps have somewhere to act.
fn prelude(seed: u64) -> Session {
    common::given_with_seed(
        seed,
        &[
            common::group("rg1"),
            common::group("rg2"),
            common::uami("rg1", "id1"),
        ],
    )
}

fn run_story(steps: &[Step]) -> Result<(), TestCaseError> {
    let mut session = prelude(11);
    let first = World::new(11);
    let mut seen: BTreeSet<Guid> = first
        .tenants
        .keys()
        .map(|t| t.0)
        .chain(first.subscriptions.keys().map(|s| s.0))
        .collect();
    for event in session.events() {
        seen.extend(event.new_guids());
    }
    let mut known_principals: Vec<ObjectId> =
        session.world().service_principals.keys().copied().collect();
    for step in steps {
        let command = command(session.world(), &known_principals, step);
        let before = session.world().clone();
        match session.execute(command.clone()) {
            Err(_) => prop_assert_eq!(
                session.world(),
                &before,
                "a refused command changed the world"
            ),
            Ok(events) => {
                for event in &events {
                    for guid in event.new_guids() {
                        prop_assert!(seen.insert(guid), "GUID {} repeated by {:?}", guid, event);
                    }
                    if let Event::ServicePrincipalCreated { principal } = event {
                        known_principals.push(principal.id);
                    }
                }
                if let Command::DeleteResource { .. } = command {
                    prop_assert_eq!(&session.world().user_identities, &before.user_identities);
                }
                let after = session.world().clone();
                prop_assert!(session.undo());
                prop_assert_eq!(session.world(), &before, "undo did not restore the world");
                prop_assert!(session.redo());
                prop_assert_eq!(session.world(), &after, "redo did not restore the world");
            }
        }
        assert_identities_and_principals_match(session.world())?;
        // docs/azure-rules.md R11: an orphaned assignment's principal is really gone.
        for orphan in query::orphaned_assignments(session.world()) {
            prop_assert!(session
                .world()
                .service_principal(orphan.principal_id)
                .is_none());
        }
    }
    let replayed = Session::replay(session.seed(), session.commands().cloned());
    prop_assert!(replayed.is_ok(), "the log replays");
    if let Ok(replayed) = replayed {
        prop_assert_eq!(
            replayed.world(),
            session.world(),
            "replaying the log reproduces the world"
        );
    }
    let mut from_events = World::new(session.seed());
    apply_all(&mut from_events, session.events());
    prop_assert_eq!(
        &from_events,
        session.world(),
        "replaying the events reproduces the world"
    );
    let reloaded = Session::from_json(&session.to_json());
    prop_assert!(
        reloaded
            .as_ref()
            .is_ok_and(|s| s.world() == session.world()),
        "the save round-trips"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_stories_keep_every_invariant(steps in prop::collection::vec(step(), 1..24)) {
        run_story(&steps)?;
    }
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,40}",
        1 => Just("/subscriptions/".to_string()),
        1 => Just("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/a/b/c/d/e/f".to_string()),
        1 => Just("rg1".to_string()),
        1 => Just("vm1".to_string()),
        1 => Just(String::new()),
    ]
}

fn arbitrary_command() -> impl Strategy<Value = Command> {
    let kind = prop::sample::select(ResourceKind::ALL.to_vec());
    fn selection() -> impl Strategy<Value = IdentitySelection> {
        (any::<bool>(), prop::collection::vec(text(), 0..3))
            .prop_map(|(system, user)| IdentitySelection { system, user })
    }
    fn grant() -> impl Strategy<Value = Option<RoleGrant>> {
        prop::option::of((text(), text()).prop_map(|(role, scope)| RoleGrant { role, scope }))
    }
    prop_oneof![
        (text(), text()).prop_map(|(name, location)| Command::CreateResourceGroup {
            name,
            location,
            tags: Vec::new()
        }),
        text().prop_map(|name| Command::DeleteResourceGroup { name }),
        (
            kind.clone(),
            text(),
            text(),
            prop::option::of(text()),
            selection(),
            grant(),
            any::<bool>()
        )
            .prop_map(|(kind, group, name, location, identity, grant, rbac)| {
                Command::CreateResource {
                    kind,
                    group,
                    name,
                    location,
                    identity,
                    grant,
                    options: ResourceOptions {
                        os_type: OsType::Windows,
                        rbac_authorization: rbac,
                        ..ResourceOptions::default()
                    },
                }
            }),
        (kind.clone(), text(), text(), selection(), grant()).prop_map(
            |(kind, group, name, identity, grant)| Command::AssignIdentity {
                kind,
                group,
                name,
                identity,
                grant
            }
        ),
        (kind.clone(), text(), text(), selection()).prop_map(|(kind, group, name, identity)| {
            Command::RemoveIdentity {
                kind,
                group,
                name,
                identity,
            }
        }),
        (text(), text(), text()).prop_map(|(assignee, role, scope)| {
            Command::CreateRoleAssignment {
                assignee,
                role,
                scope,
            }
        }),
        (text(), text(), text(), text()).prop_map(|(name, assignee, role, scope)| {
            Command::CreateRoleAssignmentWithName {
                name,
                assignee,
                role,
                scope,
            }
        }),
        prop::collection::vec(text(), 0..3).prop_map(|ids| Command::DeleteRoleAssignment {
            selector: AssignmentSelector::Ids(ids)
        }),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text())
        )
            .prop_map(|(assignee, role, scope)| Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Filter {
                    assignee,
                    role,
                    scope
                }
            }),
        (text(), any::<u32>(), any::<bool>()).prop_map(|(id, years, append)| {
            Command::AddApplicationSecret {
                id,
                display_name: None,
                years,
                append,
            }
        }),
        text().prop_map(|app_id| Command::CreateServicePrincipal { app_id }),
        text().prop_map(|id| Command::DeleteServicePrincipal { id }),
        (text(), text(), text()).prop_map(|(vault, name, value)| Command::SetSecret {
            vault,
            name,
            value
        }),
        (text(), text()).prop_map(|(account, name)| Command::CreateBlobContainer { account, name }),
        text().prop_map(|subscription| Command::SetSubscription { subscription }),
        (
            kind,
            text(),
            text(),
            text(),
            prop::option::of(text().prop_map(TokenSelector::ResourceId))
        )
            .prop_map(
                |(kind, group, name, audience, selector)| Command::RequestToken {
                    kind,
                    group,
                    name,
                    audience,
                    selector
                }
            ),
        any::<u32>().prop_map(|minutes| Command::AdvanceClock { minutes }),
        prop_oneof![
            text(),
            any::<u128>().prop_map(|n| model::Guid(n).to_string())
        ]
        .prop_map(|id| Command::RestoreDeletedItem { id }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decide_never_panics_whatever_the_command(commands in prop::collection::vec(arbitrary_command(), 1..6)) {
        let mut session = common::given(&[
            common::group("rg1"),
            common::vm("rg1", "vm1", IdentitySelection::system()),
            common::uami("rg1", "id1"),
        ]);
        for command in commands {
            let before = session.world().clone();
            if session.execute(command).is_err() {
                prop_assert_eq!(session.world(), &before);
            }
        }
    }
}

/// The stories must mostly name things that exist, or the invariants above would be checked on
/// refusals only: at least a third of the steps are accepted, and every kind of event shows up.
#[test]
fn random_stories_mostly_succeed_and_reach_every_rule() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let strategy = prop::collection::vec(step(), 1..24);
    let (mut accepted, mut total) = (0usize, 0usize);
    let mut kinds_seen = BTreeSet::new();
    for _ in 0..300 {
        let steps = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree.current(),
            Err(reason) => panic!("no story: {reason}"),
        };
        let mut session = prelude(3);
        let mut known: Vec<ObjectId> = session.world().service_principals.keys().copied().collect();
        for step in &steps {
            total += 1;
            let command = command(session.world(), &known, step);
            if let Ok(events) = session.execute(command) {
                accepted += 1;
                for event in &events {
                    if let Event::ServicePrincipalCreated { principal } = event {
                        known.push(principal.id);
                    }
                }
                kinds_seen.extend(common::kinds(&events));
            }
        }
    }
    assert!(
        accepted * 3 >= total,
        "only {accepted} of {total} steps were accepted"
    );
    for expected in [
        "ServicePrincipalDeleted",
        "RoleAssignmentOrphaned",
        "RoleAssignmentDeleted",
        "UserIdentityUnassigned",
        "ApplicationRestored",
        "TokenIssued",
        "SignInRecorded",
    ] {
        assert!(
            kinds_seen.contains(expected),
            "no {expected} in 300 stories: {kinds_seen:?}"
        );
    }
}
