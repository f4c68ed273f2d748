//! The events a goal can ask about ("a service principal was deleted because its resource was"), named as lessons name them, and what each model event says in those terms.

use model::{AssignmentRemoval, Event, PrincipalRemoval, Removal};

/// A kind of event a `happened` goal names, with the filters it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventKind {
    /// `service_principal_deleted`.
    pub name: &'static str,
    /// The filters it takes besides `event` and the count.
    pub filters: &'static [&'static str],
    /// The reasons `because` may name.
    pub reasons: &'static [&'static str],
}

const NAME: &[&str] = &["name"];
const NAME_KIND: &[&str] = &["name", "kind"];
const NAME_KIND_BECAUSE: &[&str] = &["name", "kind", "because"];
const NAME_BECAUSE: &[&str] = &["name", "because"];
const NAME_ON: &[&str] = &["name", "on"];
const NAME_TYPE: &[&str] = &["name", "type"];
const NAME_TYPE_BECAUSE: &[&str] = &["name", "type", "because"];
const ROLE: &[&str] = &["role"];
const ROLE_BECAUSE: &[&str] = &["role", "because"];
const ON: &[&str] = &["on"];
const NONE: &[&str] = &[];

const fn kind(name: &'static str, filters: &'static [&'static str]) -> EventKind {
    EventKind {
        name,
        filters,
        reasons: &[],
    }
}

/// Every event a lesson can name.
pub const EVENT_KINDS: &[EventKind] = &[
    kind("group_created", NAME),
    kind("group_deleted", NAME),
    kind("resource_created", NAME_KIND),
    EventKind {
        name: "resource_deleted",
        filters: NAME_KIND_BECAUSE,
        reasons: &["explicit", "group_deleted", "last_app_deleted"],
    },
    kind("system_identity_enabled", NAME_KIND),
    kind("system_identity_disabled", NAME_KIND),
    kind("identity_created", NAME),
    EventKind {
        name: "identity_deleted",
        filters: NAME_BECAUSE,
        reasons: &["explicit", "group_deleted"],
    },
    kind("identity_assigned", NAME_ON),
    kind("identity_unassigned", NAME_ON),
    kind("service_principal_created", NAME_TYPE),
    EventKind {
        name: "service_principal_deleted",
        filters: NAME_TYPE_BECAUSE,
        reasons: &[
            "resource_deleted",
            "system_identity_disabled",
            "identity_deleted",
            "app_deleted",
            "explicit",
        ],
    },
    kind("service_principal_restored", NAME),
    kind("role_assignment_created", ROLE),
    EventKind {
        name: "role_assignment_deleted",
        filters: ROLE_BECAUSE,
        reasons: &["explicit", "scope_deleted"],
    },
    kind("role_assignment_orphaned", ROLE),
    kind("app_created", NAME),
    kind("app_deleted", NAME),
    kind("app_restored", NAME),
    kind("app_secret_added", NAME),
    kind("app_certificate_added", NAME),
    kind("app_credentials_removed", NAME),
    kind("secret_set", NAME_ON),
    kind("access_policy_set", ON),
    kind("access_policy_deleted", ON),
    kind("token_issued", ON),
    kind("subscription_selected", NAME),
    kind("clock_advanced", NONE),
];

/// The event kind of a name.
pub fn event_kind(name: &str) -> Option<&'static EventKind> {
    EVENT_KINDS.iter().find(|kind| kind.name == name)
}

/// What one model event says, in the terms a `happened` goal filters by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFacts<'e> {
    pub kind: &'static str,
    /// The name of the object it is about (a resource, an identity, a principal's display name).
    pub name: &'e str,
    /// The lesson key of the resource kind, where one is involved.
    pub resource_kind: Option<&'static str>,
    /// The resource (or vault) it happened on.
    pub on: &'e str,
    /// A service principal's type.
    pub principal_type: &'e str,
    /// Why it happened.
    pub because: &'static str,
    /// A role assignment's role.
    pub role: &'e str,
}

fn last_segment(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

fn removal(reason: &Removal) -> &'static str {
    match reason {
        Removal::Explicit => "explicit",
        Removal::GroupDeleted(_) => "group_deleted",
        Removal::LastAppDeleted(_) => "last_app_deleted",
    }
}

/// The facts of a model event, or `None` for an event lessons don't name.
pub fn facts(event: &Event) -> Option<EventFacts<'_>> {
    let blank = |kind: &'static str| EventFacts {
        kind,
        name: "",
        resource_kind: None,
        on: "",
        principal_type: "",
        because: "",
        role: "",
    };
    Some(match event {
        Event::ResourceGroupCreated { group } => EventFacts {
            name: &group.name,
            ..blank("group_created")
        },
        Event::ResourceGroupDeleted { name, .. } => EventFacts {
            name,
            ..blank("group_deleted")
        },
        Event::ResourceCreated { resource } => EventFacts {
            name: &resource.name,
            resource_kind: Some(resource.kind.word()),
            ..blank("resource_created")
        },
        Event::ResourceDeleted {
            kind, name, reason, ..
        } => EventFacts {
            name,
            resource_kind: Some(kind.word()),
            because: removal(reason),
            ..blank("resource_deleted")
        },
        Event::SystemIdentityEnabled { kind, name, .. } => EventFacts {
            name,
            resource_kind: Some(kind.word()),
            ..blank("system_identity_enabled")
        },
        Event::SystemIdentityDisabled { kind, name, .. } => EventFacts {
            name,
            resource_kind: Some(kind.word()),
            ..blank("system_identity_disabled")
        },
        Event::UserIdentityCreated { identity } => EventFacts {
            name: &identity.name,
            ..blank("identity_created")
        },
        Event::UserIdentityDeleted { name, reason, .. } => EventFacts {
            name,
            because: removal(reason),
            ..blank("identity_deleted")
        },
        Event::UserIdentityAssigned {
            resource_name,
            identity_name,
            ..
        } => EventFacts {
            name: identity_name,
            on: resource_name,
            ..blank("identity_assigned")
        },
        Event::UserIdentityUnassigned {
            resource_name,
            identity_id,
            ..
        } => EventFacts {
            name: last_segment(identity_id),
            on: resource_name,
            ..blank("identity_unassigned")
        },
        Event::ServicePrincipalCreated { principal } => EventFacts {
            name: &principal.display_name,
            principal_type: principal.type_name(),
            ..blank("service_principal_created")
        },
        Event::ServicePrincipalDeleted {
            display_name,
            type_name,
            reason,
            ..
        } => EventFacts {
            name: display_name,
            principal_type: type_name,
            because: match reason {
                PrincipalRemoval::ResourceDeleted { .. } => "resource_deleted",
                PrincipalRemoval::SystemIdentityDisabled { .. } => "system_identity_disabled",
                PrincipalRemoval::UserIdentityDeleted { .. } => "identity_deleted",
                PrincipalRemoval::ApplicationDeleted { .. } => "app_deleted",
                PrincipalRemoval::Explicit => "explicit",
            },
            ..blank("service_principal_deleted")
        },
        Event::ServicePrincipalRestored { display_name, .. } => EventFacts {
            name: display_name,
            ..blank("service_principal_restored")
        },
        Event::RoleAssignmentCreated { role_name, .. } => EventFacts {
            role: role_name,
            ..blank("role_assignment_created")
        },
        Event::RoleAssignmentDeleted {
            role_name, reason, ..
        } => EventFacts {
            role: role_name,
            because: match reason {
                AssignmentRemoval::Explicit => "explicit",
                AssignmentRemoval::ScopeDeleted(_) => "scope_deleted",
            },
            ..blank("role_assignment_deleted")
        },
        Event::RoleAssignmentOrphaned { role_name, .. } => EventFacts {
            role: role_name,
            ..blank("role_assignment_orphaned")
        },
        Event::ApplicationCreated { application } => EventFacts {
            name: &application.display_name,
            ..blank("app_created")
        },
        Event::ApplicationDeleted { display_name, .. } => EventFacts {
            name: display_name,
            ..blank("app_deleted")
        },
        Event::ApplicationRestored { display_name, .. } => EventFacts {
            name: display_name,
            ..blank("app_restored")
        },
        Event::ApplicationSecretAdded { display_name, .. } => EventFacts {
            name: display_name,
            ..blank("app_secret_added")
        },
        Event::ApplicationCertificateAdded { display_name, .. } => EventFacts {
            name: display_name,
            ..blank("app_certificate_added")
        },
        Event::ApplicationCredentialsRemoved { display_name, .. } => EventFacts {
            name: display_name,
            ..blank("app_credentials_removed")
        },
        Event::SecretSet {
            vault_name, secret, ..
        } => EventFacts {
            name: &secret.name,
            on: vault_name,
            ..blank("secret_set")
        },
        Event::AccessPolicySet { vault_name, .. } => EventFacts {
            on: vault_name,
            ..blank("access_policy_set")
        },
        Event::AccessPolicyDeleted { vault_name, .. } => EventFacts {
            on: vault_name,
            ..blank("access_policy_deleted")
        },
        Event::TokenIssued { token } => EventFacts {
            on: last_segment(&token.requested_by),
            ..blank("token_issued")
        },
        Event::SubscriptionSelected { name, .. } => EventFacts {
            name,
            ..blank("subscription_selected")
        },
        Event::ClockAdvanced { .. } => blank("clock_advanced"),
        _ => return None,
    })
}
