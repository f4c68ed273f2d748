//! Tags kept and replaced as ARM does (M16), a distinct private IP for each VM of a network (M17), and the clock's last second (M15).

mod common;

use common::*;
use model::*;

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

fn tagged_group(name: &str, pairs: &[(&str, &str)]) -> Command {
    Command::CreateResourceGroup {
        name: name.into(),
        location: "westeurope".into(),
        tags: tags(pairs),
    }
}

fn group_tags(session: &Session, name: &str) -> String {
    let group = session.world().group(name).expect("the group exists");
    json::resource_group(group)
        .get("tags")
        .expect("a group always prints tags")
        .to_string()
}

#[test]
fn a_group_keeps_its_tags_and_prints_them_as_an_object() {
    let session = given(&[tagged_group("rg1", &[("env", "test"), ("owner", "")])]);
    assert_eq!(
        session.world().group("rg1").unwrap().tags,
        tags(&[("env", "test"), ("owner", "")])
    );
    let printed = group_tags(&session, "rg1");
    assert!(printed.contains("\"env\":\"test\""), "{printed}");
    assert!(printed.contains("\"owner\":\"\""), "{printed}");
    // A group without tags prints null, as ARM returns it.
    let plain = given(&[group("rg2")]);
    assert_eq!(group_tags(&plain, "rg2"), "null");
}

#[test]
fn updating_a_groups_tags_replaces_them_all_and_says_so() {
    let mut session = given(&[tagged_group("rg1", &[("env", "test"), ("team", "web")])]);
    let events = ok(
        &mut session,
        Command::UpdateResourceGroup {
            name: "rg1".into(),
            tags: tags(&[("env", "prod")]),
        },
    );
    assert!(matches!(events.as_slice(), [Event::TagsReplaced { .. }]));
    assert!(events[0].explain().contains("replaces them all"));
    assert_eq!(
        session.world().group("rg1").unwrap().tags,
        tags(&[("env", "prod")])
    );
    // The same tags again change nothing, so nothing happened.
    let again = ok(
        &mut session,
        Command::UpdateResourceGroup {
            name: "rg1".into(),
            tags: tags(&[("env", "prod")]),
        },
    );
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn creating_a_group_that_exists_without_tags_clears_them() {
    let mut session = given(&[tagged_group("rg1", &[("env", "test")])]);
    ok(&mut session, group("rg1"));
    assert!(session.world().group("rg1").unwrap().tags.is_empty());
}

#[test]
fn a_resource_and_an_identity_keep_their_tags() {
    let mut vm_command = vm("rg1", "vm1", IdentitySelection::none());
    if let Command::CreateResource { options, .. } = &mut vm_command {
        options.tags = tags(&[("app", "shop")]);
    }
    let session = given(&[
        group("rg1"),
        vm_command,
        Command::CreateUserIdentity {
            group: "rg1".into(),
            name: "id1".into(),
            location: None,
            tags: tags(&[("purpose", "shared")]),
        },
    ]);
    let world = session.world();
    let vm = world
        .resource(ResourceKind::VirtualMachine, "rg1", "vm1")
        .unwrap();
    let printed = json::resource(world, vm).get("tags").unwrap().to_string();
    assert!(printed.contains("\"app\":\"shop\""), "{printed}");
    let identity = world.user_identity("rg1", "id1").unwrap();
    let printed = json::user_identity(identity)
        .get("tags")
        .unwrap()
        .to_string();
    assert!(printed.contains("\"purpose\":\"shared\""), "{printed}");
}

#[test]
fn tags_that_arm_refuses_are_refused_with_its_code() {
    let mut session = given(&[]);
    let many: Vec<(String, String)> = (0..51).map(|i| (format!("t{i}"), String::new())).collect();
    let error = refused(
        &mut session,
        Command::CreateResourceGroup {
            name: "rg1".into(),
            location: "westeurope".into(),
            tags: many,
        },
    );
    assert_eq!(error.code, "InvalidTags");
    assert!(error.message.contains("'51'"), "{}", error.message);
    let error = refused(&mut session, tagged_group("rg1", &[("a/b", "1")]));
    assert_eq!(error.code, "InvalidTagNameCharacters");
    assert!(error.message.contains("'a/b'"), "{}", error.message);
    let error = refused(&mut session, tagged_group("rg1", &[("  ", "1")]));
    assert_eq!(error.code, "InvalidTagName");
    let long_value = "v".repeat(257);
    let error = refused(&mut session, tagged_group("rg1", &[("k", &long_value)]));
    assert_eq!(error.code, "InvalidTagValueLength");
    assert!(session.world().group("rg1").is_none());
}

fn private_ip(session: &Session, group: &str, name: &str) -> Option<String> {
    session
        .world()
        .resource(ResourceKind::VirtualMachine, group, name)
        .and_then(|vm| vm.private_ip_address())
}

#[test]
fn each_vm_of_a_network_gets_the_smallest_free_address() {
    let mut session = given(&[
        group("rg1"),
        vm("rg1", "vm1", IdentitySelection::none()),
        vm("rg1", "vm2", IdentitySelection::none()),
        vm("rg1", "vm3", IdentitySelection::none()),
    ]);
    assert_eq!(
        private_ip(&session, "rg1", "vm1").as_deref(),
        Some("10.0.0.4")
    );
    assert_eq!(
        private_ip(&session, "rg1", "vm2").as_deref(),
        Some("10.0.0.5")
    );
    assert_eq!(
        private_ip(&session, "rg1", "vm3").as_deref(),
        Some("10.0.0.6")
    );
    // A deleted VM frees its address for the next one.
    ok(
        &mut session,
        Command::DeleteResource {
            kind: ResourceKind::VirtualMachine,
            group: "rg1".into(),
            name: "vm2".into(),
        },
    );
    ok(&mut session, vm("rg1", "vm4", IdentitySelection::none()));
    assert_eq!(
        private_ip(&session, "rg1", "vm4").as_deref(),
        Some("10.0.0.5")
    );
    // Another group has a network of its own.
    ok(&mut session, group("rg2"));
    ok(&mut session, vm("rg2", "vm1", IdentitySelection::none()));
    assert_eq!(
        private_ip(&session, "rg2", "vm1").as_deref(),
        Some("10.0.0.4")
    );
}

#[test]
fn a_vm_in_another_location_is_in_another_network() {
    let mut other_place = vm("rg1", "vm2", IdentitySelection::none());
    if let Command::CreateResource { location, .. } = &mut other_place {
        *location = Some("eastus".into());
    }
    let session = given(&[
        group("rg1"),
        vm("rg1", "vm1", IdentitySelection::none()),
        other_place,
    ]);
    assert_eq!(
        private_ip(&session, "rg1", "vm2").as_deref(),
        Some("10.0.0.4")
    );
}

#[test]
fn the_clock_stops_at_the_last_second_of_9999() {
    let mut session = given(&[]);
    let error = refused(&mut session, Command::AdvanceClock { minutes: u32::MAX });
    assert!(
        error.message.contains("9999-12-31T23:59:59Z"),
        "{}",
        error.message
    );
    // Up to the end is allowed, and a command then is recorded at the last second.
    let left = (Timestamp::MAX.0 - session.world().clock.0) / 60;
    ok(
        &mut session,
        Command::AdvanceClock {
            minutes: u32::try_from(left).unwrap(),
        },
    );
    ok(&mut session, group("rg1"));
    assert!(session.world().clock <= Timestamp::MAX);
    assert!(session.world().group("rg1").unwrap().created <= Timestamp::MAX);
    let error = refused(&mut session, Command::AdvanceClock { minutes: 1 });
    assert!(
        error.message.contains("at most 0 more minutes"),
        "{}",
        error.message
    );
}
