//! Properties: the parser never panics (fuzz), `parse(to_cli(c)) == c`, and each parser error's kind and span.
//!
//! `FUZZ_CASES=1000000 cargo test -p console --release --test properties fuzz` runs the full million.

use console::az::AzErrorKind;
use console::shell::ShellErrorKind;
use console::sleep::SleepErrorKind;
use console::{parse, to_cli, Console, LineError};
use model::{
    AssignmentSelector, Command, IdentitySelection, OsType, PolicyPermissions, PolicyPrincipal,
    ResourceKind, ResourceOptions, RoleGrant, SignInAudience, Tags, TokenSelector,
};
use proptest::prelude::*;

fn fuzz_cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(20_000)
}

const SEEDS: &[&str] = &[
    "az vm create -g rg -n vm --assign-identity [system] id1 --role Reader --scope /subscriptions/x",
    "spID=$(az resource list -n myVM --query [*].identity.principalId --out tsv)",
    "echo \"principal: $(az vm show -g rg -n vm --query \"identity.principalId\" -o tsv)\"",
    "az group list --query \"[?location=='westus'].{n: name}\" -o table; echo ${X} 'a'\\\n b # c",
    "az rest -m post --url https://graph.microsoft.com/v1.0/directory/deletedItems/$ID/restore; sleep 1.5h 30",
    "playground token --type vm -g rg -n vm --resource https://vault.azure.net --client-id x --query access_token",
];

fn mutated() -> impl Strategy<Value = String> {
    (
        0..SEEDS.len(),
        proptest::collection::vec((any::<u16>(), "[ -~]{0,3}|[\\u{80}-\\u{10FFFF}]"), 0..6),
    )
        .prop_map(|(seed, edits)| {
            let mut text: Vec<char> = SEEDS[seed].chars().collect();
            for (position, insert) in edits {
                let at = position as usize % (text.len() + 1);
                let cut = (position as usize / 7) % 3;
                let end = (at + cut).min(text.len());
                text.splice(at..end, insert.chars());
            }
            text.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn fuzz_never_panics(input in prop_oneof![mutated(), "[ -~\\n]{0,40}", any::<String>()]) {
        let tokens = console::lex(&input);
        // Tokens cover the input exactly, in order, on character boundaries.
        let mut position = 0;
        for token in &tokens {
            prop_assert_eq!(token.span.start, position);
            prop_assert!(input.is_char_boundary(token.span.end));
            position = token.span.end;
        }
        prop_assert_eq!(position, input.len());
        let _ = parse(&input);
        let output = Console::new(1).run_line(&input);
        for span in output.error_spans {
            prop_assert!(span.start <= span.end && span.end <= input.len());
        }
    }
}

fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9][a-zA-Z0-9 ._'\"$-]{0,10}"
}

fn identity(user_max: usize) -> impl Strategy<Value = IdentitySelection> {
    (
        any::<bool>(),
        proptest::collection::vec(name(), 0..=user_max),
    )
        .prop_map(|(system, user)| IdentitySelection { system, user })
}

/// Tags as `--tags` reads them back: each name once, without `=`, and not starting with `-` (a
/// word that does reads as a flag, in az as here). Names may hold what ARM refuses (`<`, `/`, …):
/// that is the model's rule, not the parser's.
fn tags() -> impl Strategy<Value = Tags> {
    proptest::collection::vec(
        (
            "[a-zA-Z0-9 ._'\"$<>%&?/\\\\é][a-zA-Z0-9 ._'\"$<>%&?/\\\\é-]{0,8}",
            "[a-zA-Z0-9 =._'\"$-]{0,8}",
        ),
        0..4,
    )
    .prop_map(|pairs| {
        let mut tags = Tags::new();
        for (name, value) in pairs {
            if !tags.iter().any(|(known, _)| *known == name) {
                tags.push((name, value));
            }
        }
        tags
    })
}

fn policy_principal() -> impl Strategy<Value = PolicyPrincipal> {
    prop_oneof![
        name().prop_map(PolicyPrincipal::ObjectId),
        name().prop_map(PolicyPrincipal::Spn),
        name().prop_map(PolicyPrincipal::Upn),
    ]
}

/// Some of a permission flag's choices (as the table spells them), or the flag absent.
fn permissions(choices: &'static [&'static str]) -> impl Strategy<Value = Option<Vec<String>>> {
    proptest::option::of(proptest::collection::vec(
        prop::sample::select(choices.to_vec()).prop_map(String::from),
        0..3,
    ))
}

fn command() -> impl Strategy<Value = Command> {
    let identity_kind = prop_oneof![
        Just(ResourceKind::VirtualMachine),
        Just(ResourceKind::VmScaleSet),
        Just(ResourceKind::WebApp),
        Just(ResourceKind::FunctionApp)
    ];
    prop_oneof![
        (name(), name(), tags()).prop_map(|(name, location, tags)| {
            Command::CreateResourceGroup {
                name,
                location,
                tags,
            }
        }),
        (name(), tags()).prop_map(|(name, tags)| Command::UpdateResourceGroup { name, tags }),
        name().prop_map(|name| Command::DeleteResourceGroup { name }),
        (
            prop_oneof![
                Just(ResourceKind::VirtualMachine),
                Just(ResourceKind::VmScaleSet)
            ],
            name(),
            name(),
            proptest::option::of(name()),
            identity(2),
            any::<bool>(),
            proptest::option::of((name(), name())),
            tags()
        )
            .prop_map(
                |(kind, group, name, location, identity, windows, grant, tags)| {
                    // `--role/--scope` only go with the system-assigned identity.
                    let grant = if !identity.system {
                        None
                    } else {
                        grant.map(|(role, scope)| RoleGrant { role, scope })
                    };
                    let options = ResourceOptions {
                        os_type: if windows {
                            OsType::Windows
                        } else {
                            OsType::Linux
                        },
                        tags,
                        ..ResourceOptions::default()
                    };
                    Command::CreateResource {
                        kind,
                        group,
                        name,
                        location,
                        identity,
                        grant,
                        options,
                    }
                }
            ),
        (
            name(),
            name(),
            proptest::option::of(name()),
            any::<bool>(),
            tags()
        )
            .prop_map(
                |(group, name, location, rbac, tags)| Command::CreateResource {
                    kind: ResourceKind::KeyVault,
                    group,
                    name,
                    location,
                    identity: IdentitySelection::none(),
                    grant: None,
                    options: ResourceOptions {
                        os_type: OsType::Linux,
                        rbac_authorization: rbac,
                        tags,
                        ..ResourceOptions::default()
                    },
                }
            ),
        (
            name(),
            name(),
            name(),
            proptest::option::of(name()),
            proptest::option::of(name()),
            tags()
        )
            .prop_map(|(group, name, account, location, plan, tags)| {
                Command::CreateResource {
                    kind: ResourceKind::FunctionApp,
                    group,
                    name,
                    location,
                    identity: IdentitySelection::none(),
                    grant: None,
                    options: ResourceOptions {
                        storage_account: Some(account),
                        plan,
                        tags,
                        ..ResourceOptions::default()
                    },
                }
            }),
        (
            name(),
            name(),
            name(),
            proptest::option::of(name()),
            identity(1),
            tags()
        )
            .prop_map(|(group, name, plan, runtime, identity, tags)| {
                Command::CreateResource {
                    kind: ResourceKind::WebApp,
                    group,
                    name,
                    location: None,
                    identity,
                    grant: None,
                    options: ResourceOptions {
                        plan: Some(plan),
                        runtime,
                        tags,
                        ..ResourceOptions::default()
                    },
                }
            }),
        (
            name(),
            name(),
            proptest::option::of(name()),
            proptest::option::of(name()),
            any::<bool>(),
            tags()
        )
            .prop_map(|(group, name, location, sku, linux, tags)| {
                Command::CreateResource {
                    kind: ResourceKind::AppServicePlan,
                    group,
                    name,
                    location,
                    identity: IdentitySelection::none(),
                    grant: None,
                    options: ResourceOptions {
                        os_type: if linux {
                            OsType::Linux
                        } else {
                            OsType::Windows
                        },
                        sku,
                        tags,
                        ..ResourceOptions::default()
                    },
                }
            }),
        (name(), name()).prop_map(|(group, name)| Command::DeleteWebAppKeepingPlan { group, name }),
        (
            name(),
            name(),
            any::<bool>(),
            proptest::option::of(name()),
            tags()
        )
            .prop_map(
                |(group, name, system, user, tags)| Command::CreateResource {
                    kind: ResourceKind::LogicApp,
                    group,
                    name,
                    location: None,
                    identity: IdentitySelection {
                        system,
                        user: user.into_iter().collect()
                    },
                    grant: None,
                    options: ResourceOptions {
                        tags,
                        ..ResourceOptions::default()
                    },
                }
            ),
        (
            prop::sample::select(ResourceKind::ALL.to_vec()),
            name(),
            name()
        )
            .prop_map(|(kind, group, name)| Command::DeleteResource { kind, group, name }),
        (
            identity_kind.clone(),
            name(),
            name(),
            identity(2),
            proptest::option::of((name(), name()))
        )
            .prop_filter_map("non-empty", |(kind, group, name, identity, grant)| {
                (!identity.is_empty()).then(|| Command::AssignIdentity {
                    kind,
                    group,
                    name,
                    grant: grant
                        .filter(|_| identity.system)
                        .map(|(role, scope)| RoleGrant { role, scope }),
                    identity,
                })
            }),
        (identity_kind, name(), name(), identity(2)).prop_filter_map(
            "non-empty",
            |(kind, group, name, identity)| (!identity.is_empty()).then_some(
                Command::RemoveIdentity {
                    kind,
                    group,
                    name,
                    identity
                }
            )
        ),
        (name(), name(), proptest::option::of(name()), tags()).prop_map(
            |(group, name, location, tags)| Command::CreateUserIdentity {
                group,
                name,
                location,
                tags,
            }
        ),
        (name(), name()).prop_map(|(group, name)| Command::DeleteUserIdentity { group, name }),
        (
            (name(), name(), name()),
            (name(), name()),
            proptest::collection::vec(name(), 1..3),
            any::<bool>()
        )
            .prop_map(
                |((group, identity, name), (issuer, subject), audiences, update)| {
                    Command::SetFederatedCredential {
                        group,
                        identity,
                        name,
                        issuer,
                        subject,
                        audiences,
                        update,
                    }
                }
            ),
        ((name(), name(), name()), (name(), name())).prop_map(
            |((client_id, issuer, subject), (audience, scope))| {
                Command::ExchangeFederatedToken {
                    client_id,
                    issuer,
                    subject,
                    audience,
                    scope,
                }
            }
        ),
        (
            (name(), proptest::option::of(name()), name()),
            (name(), name(), proptest::option::of(name())),
            proptest::collection::vec(name(), 0..3),
        )
            .prop_map(
                |((app, update, name), (issuer, subject, description), audiences)| {
                    Command::SetAppFederatedCredential {
                        app,
                        update,
                        name,
                        issuer,
                        subject,
                        audiences,
                        description,
                    }
                }
            ),
        (name(), name()).prop_map(|(app, credential)| Command::DeleteAppFederatedCredential {
            app,
            credential
        }),
        (name(), name(), name()).prop_map(|(group, identity, name)| {
            Command::DeleteFederatedCredential {
                group,
                identity,
                name,
            }
        }),
        (name(), name(), name()).prop_map(|(assignee, role, scope)| {
            Command::CreateRoleAssignment {
                assignee,
                role,
                scope,
            }
        }),
        proptest::collection::vec(name(), 1..3).prop_map(|ids| Command::DeleteRoleAssignment {
            selector: AssignmentSelector::Ids(ids)
        }),
        (
            proptest::option::of(name()),
            proptest::option::of(name()),
            proptest::option::of(name())
        )
            .prop_map(|(assignee, role, scope)| Command::DeleteRoleAssignment {
                selector: AssignmentSelector::Filter {
                    assignee,
                    role,
                    scope
                }
            }),
        (
            proptest::option::of(name()),
            name(),
            proptest::option::of(prop::sample::select(vec![
                "User",
                "ServicePrincipal",
                "Group",
                "ForeignGroup"
            ])),
            name(),
            name()
        )
            .prop_map(|(name, object_id, principal_type, role, scope)| {
                Command::CreateRoleAssignmentByObjectId {
                    name,
                    object_id,
                    principal_type: principal_type.map(String::from),
                    role,
                    scope,
                }
            }),
        (
            name(),
            proptest::option::of(name()),
            proptest::option::of(name())
        )
            .prop_map(|(object_id, role, scope)| Command::DeleteRoleAssignment {
                selector: AssignmentSelector::ObjectFilter {
                    object_id,
                    role,
                    scope
                }
            }),
        (name(), any::<bool>()).prop_map(|(display_name, multi)| Command::CreateApplication {
            display_name,
            audience: if multi {
                SignInAudience::AzureAdMultipleOrgs
            } else {
                SignInAudience::AzureAdMyOrg
            }
        }),
        name().prop_map(|id| Command::DeleteApplication { id }),
        (name(), proptest::option::of(name()), 1u32..5, any::<bool>()).prop_map(
            |(id, display_name, years, append)| Command::AddApplicationSecret {
                id,
                display_name,
                years,
                append,
            }
        ),
        (name(), proptest::option::of(name()), 1u32..5, any::<bool>()).prop_map(
            |(id, display_name, years, append)| Command::AddApplicationCertificate {
                id,
                display_name,
                years,
                append,
            }
        ),
        name().prop_map(|app_id| Command::CreateServicePrincipal { app_id }),
        name().prop_map(|id| Command::DeleteServicePrincipal { id }),
        (name(), name(), any::<String>()).prop_map(|(vault, name, value)| Command::SetSecret {
            vault,
            name,
            value
        }),
        (
            name(),
            proptest::option::of(name()),
            policy_principal(),
            permissions(&["all", "get", "list", "set", "delete"]),
            permissions(&["all", "get", "unwrapKey", "wrapKey"]),
            permissions(&["all", "get", "managecontacts"]),
            permissions(&["all", "getsas", "regeneratekey"])
        )
            .prop_map(
                |(vault, group, principal, secrets, keys, certificates, storage)| {
                    Command::SetAccessPolicy {
                        vault,
                        group,
                        principal,
                        permissions: PolicyPermissions {
                            keys,
                            secrets,
                            certificates,
                            storage,
                        },
                    }
                }
            ),
        (name(), proptest::option::of(name()), policy_principal()).prop_map(
            |(vault, group, principal)| Command::DeleteAccessPolicy {
                vault,
                group,
                principal,
            }
        ),
        (name(), name()).prop_map(|(account, name)| Command::CreateBlobContainer { account, name }),
        name().prop_map(|subscription| Command::SetSubscription { subscription }),
        (name(), name(), name(), name()).prop_map(|(name, assignee, role, scope)| {
            Command::CreateRoleAssignmentWithName {
                name,
                assignee,
                role,
                scope,
            }
        }),
        name().prop_map(|id| Command::RestoreDeletedItem { id }),
        prop_oneof![
            Just(0u32),
            1u32..3000,
            (1u32..400).prop_map(|days| days * 24 * 60),
            any::<u32>()
        ]
        .prop_map(|minutes| Command::AdvanceClock { minutes }),
        (
            // Code runs in anything but a plan: `playground token --type` has no word for one.
            prop::sample::select(
                ResourceKind::ALL
                    .iter()
                    .copied()
                    .filter(|kind| *kind != ResourceKind::AppServicePlan)
                    .collect::<Vec<_>>()
            ),
            name(),
            name(),
            name(),
            proptest::option::of(prop_oneof![
                name().prop_map(TokenSelector::ClientId),
                name().prop_map(TokenSelector::ObjectId),
                name().prop_map(TokenSelector::ResourceId),
            ])
        )
            .prop_map(|(kind, group, name, audience, selector)| {
                Command::RequestToken {
                    kind,
                    group,
                    name,
                    audience,
                    selector,
                }
            }),
        (name(), name(), name(), any::<bool>()).prop_map(
            |(group, name, identity_type, clear_user_assigned)| Command::SetIdentityType {
                kind: ResourceKind::VirtualMachine,
                group,
                name,
                identity_type,
                clear_user_assigned,
            }
        ),
        Just(Command::Reset),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn parse_of_to_cli_is_the_command(command in command()) {
        let line = to_cli(&command);
        prop_assert_eq!(parse(&line), Ok(command), "line: {}", line);
    }
}

/// A value that starts with `-` would read as a flag: `to_cli` joins it with `=` (a case the
/// property above finds only now and then).
#[test]
fn a_value_starting_with_a_dash_round_trips() {
    let command = Command::SetSecret {
        vault: "a".into(),
        name: "a".into(),
        value: "-a b".into(),
    };
    let line = to_cli(&command);
    assert_eq!(
        line,
        "az keyvault secret set --vault-name a --name a --value='-a b'"
    );
    assert_eq!(parse(&line), Ok(command));
}

/// Each parser error: its kind and the text its span underlines.
#[test]
fn parser_errors_have_their_kind_and_span() {
    fn az(kind: AzErrorKind) -> impl Fn(&LineError) -> bool {
        move |error| matches!(error, LineError::Az(e) if e.kind == kind)
    }
    fn shell(kind: ShellErrorKind) -> impl Fn(&LineError) -> bool {
        move |error| matches!(error, LineError::Shell(e) if e.kind == kind)
    }
    type IsKind = Box<dyn Fn(&LineError) -> bool>;
    let table: Vec<(&str, IsKind, &str)> = vec![
        (
            "az grup list",
            Box::new(az(AzErrorKind::UnknownCommand {
                value: "grup".into(),
            })),
            "grup",
        ),
        (
            "az vm create -g rg",
            Box::new(az(AzErrorKind::MissingRequired {
                params: vec!["--name/-n".into()],
            })),
            "az vm create -g rg",
        ),
        (
            "az group delete -n rg --foo bar",
            Box::new(az(AzErrorKind::UnrecognizedArguments {
                args: vec!["--foo".into(), "bar".into()],
            })),
            "--foo bar",
        ),
        (
            "az group show -n",
            Box::new(az(AzErrorKind::ExpectedOneArgument {
                param: "--name/--resource-group/-n/-g".into(),
            })),
            "-n",
        ),
        (
            "az role assignment delete --ids",
            Box::new(az(AzErrorKind::ExpectedAtLeastOneArgument {
                param: "--ids".into(),
            })),
            "--ids",
        ),
        (
            "az group list -o xml",
            Box::new(az(AzErrorKind::InvalidChoice {
                prog: "az group list".into(),
                value: "xml".into(),
                param: "--output".into(),
            })),
            "xml",
        ),
        (
            "az group list | wc",
            Box::new(shell(ShellErrorKind::Unsupported("a pipe `|`".into()))),
            "|",
        ),
        (
            "echo 'a",
            Box::new(shell(ShellErrorKind::UnterminatedSingleQuote)),
            "'a",
        ),
        (
            "echo \"a",
            Box::new(shell(ShellErrorKind::UnterminatedDoubleQuote)),
            "\"a",
        ),
        (
            "echo $(a",
            Box::new(shell(ShellErrorKind::UnterminatedSubstitution)),
            "$(a",
        ),
        (
            "echo ${a-b}",
            Box::new(shell(ShellErrorKind::BadSubstitution("${a-b}".into()))),
            "${a-b}",
        ),
        (
            "sleep 5 1x",
            Box::new(
                |e: &LineError| matches!(e, LineError::Sleep(e) if e.kind == SleepErrorKind::InvalidInterval { text: "1x".into() }),
            ),
            "1x",
        ),
        (
            "playground tokn",
            Box::new(az(AzErrorKind::UnknownCommand {
                value: "tokn".into(),
            })),
            "tokn",
        ),
        (
            "playground token --type vm -g rg -n vm --resource r --client-id a --object-id b",
            Box::new(
                |e: &LineError| matches!(e, LineError::Az(e) if matches!(e.kind, AzErrorKind::InvalidValue { .. })),
            ),
            "--object-id b",
        ),
        (
            "az rest --url https://example.com",
            Box::new(
                |e: &LineError| matches!(e, LineError::Az(e) if matches!(e.kind, AzErrorKind::InvalidValue { .. })),
            ),
            "--url https://example.com",
        ),
        (
            "curl x",
            Box::new(
                |e: &LineError| matches!(e, LineError::UnsupportedProgram { name, .. } if name == "curl"),
            ),
            "curl",
        ),
    ];
    for (line, is_kind, underlined) in table {
        let error = parse(line).expect_err(line);
        assert!(is_kind(&error), "{line}: {error:?}");
        assert_eq!(
            &line[error.span().start..error.span().end],
            underlined,
            "{line}"
        );
    }
}

/// Every `Command` variant by name. The match has no wildcard on purpose: a variant added to
/// `model::Command` stops this file compiling until the generator above learns to make it.
fn variant(command: &Command) -> &'static str {
    match command {
        Command::CreateResourceGroup { .. } => "CreateResourceGroup",
        Command::UpdateResourceGroup { .. } => "UpdateResourceGroup",
        Command::DeleteResourceGroup { .. } => "DeleteResourceGroup",
        Command::CreateResource { .. } => "CreateResource",
        Command::DeleteResource { .. } => "DeleteResource",
        Command::DeleteWebAppKeepingPlan { .. } => "DeleteWebAppKeepingPlan",
        Command::AssignIdentity { .. } => "AssignIdentity",
        Command::RemoveIdentity { .. } => "RemoveIdentity",
        Command::CreateUserIdentity { .. } => "CreateUserIdentity",
        Command::DeleteUserIdentity { .. } => "DeleteUserIdentity",
        Command::SetFederatedCredential { .. } => "SetFederatedCredential",
        Command::DeleteFederatedCredential { .. } => "DeleteFederatedCredential",
        Command::SetAppFederatedCredential { .. } => "SetAppFederatedCredential",
        Command::DeleteAppFederatedCredential { .. } => "DeleteAppFederatedCredential",
        Command::ExchangeFederatedToken { .. } => "ExchangeFederatedToken",
        Command::CreateRoleAssignment { .. } => "CreateRoleAssignment",
        Command::DeleteRoleAssignment { .. } => "DeleteRoleAssignment",
        Command::CreateApplication { .. } => "CreateApplication",
        Command::DeleteApplication { .. } => "DeleteApplication",
        Command::AddApplicationSecret { .. } => "AddApplicationSecret",
        Command::AddApplicationCertificate { .. } => "AddApplicationCertificate",
        Command::CreateServicePrincipal { .. } => "CreateServicePrincipal",
        Command::DeleteServicePrincipal { .. } => "DeleteServicePrincipal",
        Command::SetSecret { .. } => "SetSecret",
        Command::SetAccessPolicy { .. } => "SetAccessPolicy",
        Command::DeleteAccessPolicy { .. } => "DeleteAccessPolicy",
        Command::CreateBlobContainer { .. } => "CreateBlobContainer",
        Command::SetSubscription { .. } => "SetSubscription",
        Command::RequestToken { .. } => "RequestToken",
        Command::CreateRoleAssignmentWithName { .. } => "CreateRoleAssignmentWithName",
        Command::CreateRoleAssignmentByObjectId { .. } => "CreateRoleAssignmentByObjectId",
        Command::RestoreDeletedItem { .. } => "RestoreDeletedItem",
        Command::AdvanceClock { .. } => "AdvanceClock",
        Command::SetIdentityType { .. } => "SetIdentityType",
        Command::Reset => "Reset",
    }
}

/// The round trip above covers every variant: the generator makes each of them.
#[test]
fn the_round_trip_generator_makes_every_command_variant() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let every = [
        "CreateResourceGroup",
        "UpdateResourceGroup",
        "DeleteResourceGroup",
        "CreateResource",
        "DeleteResource",
        "DeleteWebAppKeepingPlan",
        "AssignIdentity",
        "RemoveIdentity",
        "CreateUserIdentity",
        "DeleteUserIdentity",
        "SetFederatedCredential",
        "DeleteFederatedCredential",
        "SetAppFederatedCredential",
        "DeleteAppFederatedCredential",
        "ExchangeFederatedToken",
        "CreateRoleAssignment",
        "CreateRoleAssignmentByObjectId",
        "DeleteRoleAssignment",
        "CreateApplication",
        "DeleteApplication",
        "AddApplicationSecret",
        "AddApplicationCertificate",
        "CreateServicePrincipal",
        "DeleteServicePrincipal",
        "SetSecret",
        "SetAccessPolicy",
        "DeleteAccessPolicy",
        "CreateBlobContainer",
        "SetSubscription",
        "RequestToken",
        "CreateRoleAssignmentWithName",
        "RestoreDeletedItem",
        "AdvanceClock",
        "SetIdentityType",
        "Reset",
    ];
    let strategy = command();
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..2_000 {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        seen.insert(variant(&tree.current()));
    }
    let missing: Vec<&str> = every
        .iter()
        .copied()
        .filter(|name| !seen.contains(name))
        .collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

/// The three commands that had no line before, each with its exact line.
#[test]
fn restore_clock_and_token_lines_are_az_rest_sleep_and_playground_token() {
    let cases = [
        (
            Command::RestoreDeletedItem {
                id: "6f1b5e0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b".into(),
            },
            "az rest --method post --url https://graph.microsoft.com/v1.0/directory/deletedItems/6f1b5e0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b/restore",
        ),
        (
            Command::RestoreDeletedItem { id: "a b/c".into() },
            "az rest --method post --url https://graph.microsoft.com/v1.0/directory/deletedItems/a%20b%2Fc/restore",
        ),
        (Command::AdvanceClock { minutes: 0 }, "sleep 0"),
        (Command::AdvanceClock { minutes: 90 }, "sleep 90m"),
        (Command::AdvanceClock { minutes: 120 }, "sleep 2h"),
        (Command::AdvanceClock { minutes: 2 * 24 * 60 }, "sleep 2d"),
        (
            Command::RequestToken {
                kind: ResourceKind::VirtualMachine,
                group: "rg".into(),
                name: "vm".into(),
                audience: "https://vault.azure.net".into(),
                selector: None,
            },
            "playground token --type vm --resource-group rg --name vm --resource https://vault.azure.net",
        ),
        (
            Command::RequestToken {
                kind: ResourceKind::WebApp,
                group: "rg".into(),
                name: "web".into(),
                audience: "https://management.azure.com/".into(),
                selector: Some(TokenSelector::ClientId("c".into())),
            },
            "playground token --type webapp --resource-group rg --name web --resource https://management.azure.com/ --client-id c",
        ),
    ];
    for (command, line) in cases {
        assert_eq!(to_cli(&command), line);
        assert_eq!(parse(line), Ok(command), "{line}");
    }
}

/// `sleep 30` is half a minute: the clock moves in whole minutes, rounding up.
#[test]
fn sleep_rounds_seconds_up_to_whole_minutes() {
    assert_eq!(parse("sleep 30"), Ok(Command::AdvanceClock { minutes: 1 }));
    assert_eq!(
        parse("sleep 1h 30"),
        Ok(Command::AdvanceClock { minutes: 61 })
    );
}

/// Identity changes on kinds the Azure CLI has no `identity assign/remove` for have no line: they
/// come back as a comment, which `parse` refuses.
#[test]
fn identity_changes_without_an_az_identity_command_are_described_as_comments() {
    for kind in [
        ResourceKind::ContainerInstance,
        ResourceKind::StorageAccount,
        ResourceKind::KeyVault,
    ] {
        assert!(!console::has_identity_commands(kind));
        let command = Command::AssignIdentity {
            kind,
            group: "rg".into(),
            name: "aci".into(),
            identity: IdentitySelection::system(),
            grant: None,
        };
        let line = to_cli(&command);
        assert!(line.starts_with("# "), "{line}");
        assert!(parse(&line).is_err(), "{line}");
    }
}

/// No line can exhaust the stack or the memory: deep `$(…)` nesting, huge lines and huge scripts
/// get a message naming the limit, and the console still works afterwards.
#[test]
fn deep_nesting_and_huge_input_give_a_message_not_a_crash() {
    let nested =
        |levels: usize| format!("echo {}x{}", "$(echo ".repeat(levels), ")".repeat(levels));
    let mut console = Console::new(1);
    // Up to the limit it runs.
    let output = console.run_line(&nested(console::shell::MAX_NESTING));
    assert_eq!(output.stdout, "x\n");
    // One more level is refused where it starts.
    let line = nested(console::shell::MAX_NESTING + 1);
    let output = console.run_line(&line);
    assert_eq!(output.exit_code, 2);
    assert!(
        output.stderr.contains("nested more than 32 levels"),
        "{}",
        output.stderr
    );
    // The parser itself bounds the depth, whatever the length (saved lines go through it too).
    for levels in [1_000, 100_000] {
        let line = nested(levels);
        assert!(matches!(
            parse(&line),
            Err(LineError::Shell(error)) if error.kind == ShellErrorKind::TooDeep
        ));
        let output = console.run_line(&line);
        assert_ne!(output.exit_code, 0);
        assert!(
            output.stderr.starts_with("ERROR: "),
            "{}",
            &output.stderr[..80]
        );
    }
    // A 1 MB line and a 1 MB script: a message, nothing runs.
    let huge = format!(
        "az group create -n rg -l westeurope --tags {}",
        "a".repeat(1 << 20)
    );
    let output = console.run_line(&huge);
    assert!(output
        .stderr
        .contains("the playground runs a line of up to 32768 bytes"));
    let script = "az group create -n rg -l westeurope\n".repeat(30_000);
    let run = console::script::run(&mut console, "big.az", &script, false);
    assert_eq!(run.exit_code, 1);
    assert!(run
        .combined()
        .contains("the playground runs a script of up to 262144 bytes"));
    assert!(console.session().world().groups.is_empty());
    // And the console still works.
    assert_eq!(console.run_line("echo still here").stdout, "still here\n");
}

/// A script is read as a terminal reads it: `\` continuations, quotes and `$(…)` spanning lines
/// stay in one line; blank and comment lines are skipped.
#[test]
fn a_script_splits_into_the_lines_a_terminal_would_run() {
    let script = "az vm create \\\n  -g rg -n vm1\n\n# a comment\necho 'two\nlines'\necho $(echo\na)\necho last";
    let lines: Vec<&str> = console::script::lines(script)
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    assert_eq!(
        lines,
        [
            "az vm create \\\n  -g rg -n vm1",
            "echo 'two\nlines'",
            "echo $(echo\na)",
            "echo last"
        ]
    );
}
