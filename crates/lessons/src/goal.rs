//! Goals: the closed vocabulary of predicates a lesson step asks for, each with the label the learner sees, and how a goal is read from a lesson file.

use crate::events::{event_kind, EventKind};
use crate::names::{Accept, ObjectRef, PrincipalRef, ResourceRef};
use crate::read::{At, Problem, Read};
use crate::text::Text;
use model::roles::RoleDefinition;
use model::Value;

/// Every predicate a goal may use, as lesson files spell them.
pub const PREDICATES: &[&str] = &[
    "exists",
    "absent",
    "identity_state",
    "attached",
    "role",
    "orphaned",
    "dangling",
    "access",
    "token",
    "happened",
    "credentials",
    "all",
    "any",
    "not",
    "count",
];

/// One thing a step asks of the world, and the words the learner sees for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    /// What the checklist shows. Required on a step's goals; optional inside `all`, `any`,
    /// `not` and `count`.
    pub label: Option<Text>,
    pub check: Check,
}

/// How many: at least `min` and, when given, at most `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub min: usize,
    pub max: Option<usize>,
}

impl Range {
    /// At least one: what a count means when none is given.
    pub const SOME: Range = Range { min: 1, max: None };

    pub fn contains(&self, count: usize) -> bool {
        count >= self.min && self.max.is_none_or(|max| count <= max)
    }
}

/// A data-plane or control-plane action an access check tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read a secret's value (`Microsoft.KeyVault/vaults/secrets/getSecret/action`).
    ReadSecret,
    /// Write a secret.
    WriteSecret,
    /// List a vault's secrets.
    ListSecrets,
    /// Read a blob.
    ReadBlob,
    /// List a subscription's resource groups (control plane).
    ListResourceGroups,
}

const ACTIONS: [(&str, Action); 5] = [
    ("read_secret", Action::ReadSecret),
    ("write_secret", Action::WriteSecret),
    ("list_secrets", Action::ListSecrets),
    ("read_blob", Action::ReadBlob),
    ("list_resource_groups", Action::ListResourceGroups),
];

impl Action {
    /// The operation as Azure RBAC names it.
    pub fn operation(self) -> &'static str {
        use model::roles::operations::*;
        match self {
            Action::ReadSecret => GET_SECRET,
            Action::WriteSecret => SET_SECRET,
            Action::ListSecrets => READ_SECRET_METADATA,
            Action::ReadBlob => READ_BLOB,
            Action::ListResourceGroups => READ_RESOURCE_GROUPS,
        }
    }
}

/// Who tries an access: a principal as it is now, or whoever holds the latest token issued to it
/// (which brings the token's audience and expiry into the answer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    Principal(PrincipalRef),
    TokenOf(PrincipalRef),
}

/// What an access check should answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Allowed (200) or not (401 or 403).
    Allowed(bool),
    /// Exactly this HTTP status: 200, 401 or 403.
    Status(u16),
}

/// The predicates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// The object is in the world.
    Exists(ObjectRef),
    /// The object is not in the world.
    Absent(ObjectRef),
    /// A resource's identity: its system-assigned identity on or off, and/or its `identity.type`.
    IdentityState {
        of: ResourceRef,
        system: Option<bool>,
        type_name: Option<String>,
    },
    /// A user-assigned identity is listed on a resource; `dangling` also asks whether that entry
    /// still points at a live identity (`false`) or not (`true`).
    Attached {
        identity: String,
        group: Option<String>,
        to: ResourceRef,
        dangling: Option<bool>,
    },
    /// A principal holds a role at a scope: assigned exactly there, or (`inherited`) there or above.
    Role {
        who: PrincipalRef,
        role: &'static RoleDefinition,
        scope: ObjectRef,
        inherited: bool,
    },
    /// How many role assignments are orphaned (their principal gone), of a role and/or at a scope.
    Orphaned {
        role: Option<&'static RoleDefinition>,
        scope: Option<ObjectRef>,
        count: Range,
    },
    /// How many user-assigned references dangle, on a resource and/or to an identity name.
    Dangling {
        on: Option<ResourceRef>,
        identity: Option<String>,
        count: Range,
    },
    /// The answer of an access check: can this caller do this on that?
    Access {
        caller: Caller,
        action: Action,
        on: ObjectRef,
        answer: Answer,
    },
    /// Tokens issued to a principal, for an audience, still valid or expired.
    Token {
        to: PrincipalRef,
        audience: Option<String>,
        valid: Option<bool>,
        count: Range,
    },
    /// Events since the lesson's setup: how many of a kind, matching the filters.
    Happened {
        event: &'static EventKind,
        filters: Vec<(&'static str, String)>,
        count: Range,
    },
    /// An app registration's credentials: exactly this many client secrets and/or certificates.
    Credentials {
        app: String,
        secrets: Option<usize>,
        certificates: Option<usize>,
    },
    All(Vec<Goal>),
    Any(Vec<Goal>),
    Not(Box<Goal>),
    /// How many of the goals hold.
    Count {
        of: Vec<Goal>,
        count: Range,
    },
}

/// Counts above this are refused: no lesson needs them, and they would only hide a typo.
const MAX_COUNT: i64 = 10_000;

fn range(at: &At<'_>, fields: crate::read::Obj<'_>) -> Read<Range> {
    let number = |key: &str| -> Read<Option<usize>> {
        match fields.get(key) {
            Some(value) => Ok(Some(at.field(key).count(value, MAX_COUNT)?)),
            None => Ok(None),
        }
    };
    let (at_least, at_most, exactly) =
        (number("at_least")?, number("at_most")?, number("exactly")?);
    match (exactly, at_least, at_most) {
        (Some(n), None, None) => Ok(Range {
            min: n,
            max: Some(n),
        }),
        (Some(_), _, _) => at
            .field("exactly")
            .invalid("'exactly' can't be given with 'at_least' or 'at_most'"),
        (None, min, max) => {
            let range = Range {
                min: min.unwrap_or(if max.is_some() { 0 } else { 1 }),
                max,
            };
            match range.max {
                Some(max) if max < range.min => at
                    .field("at_most")
                    .invalid("'at_most' is below 'at_least': no count could match"),
                _ => Ok(range),
            }
        }
    }
}

fn role_named(at: &At<'_>, value: &Value) -> Read<&'static RoleDefinition> {
    let name = at.string(value)?;
    match model::roles::role_by_name(&name) {
        Some(role) => Ok(role),
        None => {
            let known: Vec<&str> = model::roles::BUILT_IN_ROLES
                .iter()
                .map(|role| role.name)
                .collect();
            at.invalid(format!(
                "unknown role '{name}': the playground knows {}",
                known.join(", ")
            ))
        }
    }
}

/// The identity types `identity_state` may name, as `identity.type` prints them.
const IDENTITY_TYPES: [&str; 4] = [
    "None",
    "SystemAssigned",
    "UserAssigned",
    "SystemAssigned, UserAssigned",
];

impl Goal {
    /// Reads a goal; `labelled` requires its label (a step's own goals).
    pub(crate) fn read(at: &At<'_>, value: &Value, labelled: bool) -> Read<Goal> {
        let Value::Object(pairs) = value else {
            return at.fail(Problem::WrongType {
                expected: "an object: a label and one predicate",
                found: crate::read::type_name(value),
            });
        };
        let mut predicate: Option<(&str, &Value)> = None;
        for (key, value) in pairs {
            if key == "label" {
                continue;
            }
            if !PREDICATES.contains(&key.as_str()) {
                return at
                    .field(key)
                    .fail(Problem::UnknownPredicate { name: key.clone() });
            }
            if let Some((first, _)) = predicate {
                return at.field(key).fail(Problem::TwoPredicates {
                    first: first.to_string(),
                    second: key.clone(),
                });
            }
            predicate = Some((key, value));
        }
        let label = match pairs.iter().find(|(key, _)| key == "label") {
            Some((_, text)) => Some(at.field("label").text(text)?),
            None if labelled => return at.field("label").fail(Problem::Missing {
                why: "every goal of a step needs a label, the words the learner's checklist shows",
            }),
            None => None,
        };
        let Some((name, argument)) = predicate else {
            return at.fail(Problem::Missing {
                why: "a goal needs one predicate besides its label: see docs/lessons.md",
            });
        };
        let check = Check::read(&at.field(name), name, argument)?;
        Ok(Goal { label, check })
    }
}

impl Check {
    fn read(at: &At<'_>, name: &str, value: &Value) -> Read<Check> {
        let goals = |at: &At<'_>, value: &Value| {
            at.list(value, true, |at, goal| Goal::read(at, goal, false))
        };
        Ok(match name {
            "exists" => Check::Exists(ObjectRef::read(at, value, Accept::Any)?),
            "absent" => Check::Absent(ObjectRef::read(at, value, Accept::Any)?),
            "identity_state" => {
                let fields = at.object(value, &["of", "system", "type"])?;
                let of = ResourceRef::read(
                    &at.field("of"),
                    fields.need(at, "of", "the resource whose identity it is")?,
                )?;
                let system = match fields.get("system") {
                    Some(flag) => Some(at.field("system").boolean(flag)?),
                    None => None,
                };
                let type_name = match fields.get("type") {
                    Some(text) => {
                        let at = at.field("type");
                        let text = at.string(text)?;
                        if !IDENTITY_TYPES.contains(&text.as_str()) {
                            return at.invalid(format!(
                                "unknown identity type '{text}': one of {}",
                                IDENTITY_TYPES.join(", ")
                            ));
                        }
                        Some(text)
                    }
                    None => None,
                };
                if system.is_none() && type_name.is_none() {
                    return at.fail(Problem::Missing {
                        why: "say what the identity should be: 'system' (true or false) and/or 'type'",
                    });
                }
                Check::IdentityState {
                    of,
                    system,
                    type_name,
                }
            }
            "attached" => {
                let fields = at.object(value, &["identity", "group", "to", "dangling"])?;
                let identity = at.field("identity").string(fields.need(
                    at,
                    "identity",
                    "the user-assigned identity's name",
                )?)?;
                let group = match fields.get("group") {
                    Some(group) => Some(at.field("group").string(group)?),
                    None => None,
                };
                let to = ResourceRef::read(
                    &at.field("to"),
                    fields.need(at, "to", "the resource it is attached to")?,
                )?;
                let dangling = match fields.get("dangling") {
                    Some(flag) => Some(at.field("dangling").boolean(flag)?),
                    None => None,
                };
                Check::Attached {
                    identity,
                    group,
                    to,
                    dangling,
                }
            }
            "role" => {
                let fields = at.object(value, &["who", "role", "scope", "inherited"])?;
                let who = PrincipalRef::read(
                    &at.field("who"),
                    fields.need(at, "who", "the principal that holds the role")?,
                )?;
                let role = role_named(
                    &at.field("role"),
                    fields.need(at, "role", "the role's name, e.g. Reader")?,
                )?;
                let scope = ObjectRef::read(
                    &at.field("scope"),
                    fields.need(at, "scope", "where the role is held")?,
                    Accept::Scope,
                )?;
                let inherited = match fields.get("inherited") {
                    Some(flag) => at.field("inherited").boolean(flag)?,
                    None => false,
                };
                Check::Role {
                    who,
                    role,
                    scope,
                    inherited,
                }
            }
            "orphaned" => {
                let fields =
                    at.object(value, &["role", "scope", "at_least", "at_most", "exactly"])?;
                let role = match fields.get("role") {
                    Some(role) => Some(role_named(&at.field("role"), role)?),
                    None => None,
                };
                let scope = match fields.get("scope") {
                    Some(scope) => Some(ObjectRef::read(&at.field("scope"), scope, Accept::Scope)?),
                    None => None,
                };
                Check::Orphaned {
                    role,
                    scope,
                    count: range(at, fields)?,
                }
            }
            "dangling" => {
                let fields =
                    at.object(value, &["on", "identity", "at_least", "at_most", "exactly"])?;
                let on = match fields.get("on") {
                    Some(on) => Some(ResourceRef::read(&at.field("on"), on)?),
                    None => None,
                };
                let identity = match fields.get("identity") {
                    Some(name) => Some(at.field("identity").string(name)?),
                    None => None,
                };
                Check::Dangling {
                    on,
                    identity,
                    count: range(at, fields)?,
                }
            }
            "access" => {
                let fields = at.object(
                    value,
                    &["who", "token_of", "can", "on", "allowed", "status"],
                )?;
                let caller = match (fields.get("who"), fields.get("token_of")) {
                    (Some(who), None) => Caller::Principal(PrincipalRef::read(&at.field("who"), who)?),
                    (None, Some(who)) => Caller::TokenOf(PrincipalRef::read(&at.field("token_of"), who)?),
                    (Some(_), Some(_)) => return at.field("token_of").invalid("give 'who' or 'token_of', not both"),
                    (None, None) => return at.field("who").fail(Problem::Missing {
                        why: "who tries: 'who' (a principal) or 'token_of' (the latest token issued to a principal)",
                    }),
                };
                let can = at
                    .field("can")
                    .string(fields.need(at, "can", "the action tried")?)?;
                let Some((_, action)) = ACTIONS.iter().find(|(key, _)| *key == can) else {
                    let known: Vec<&str> = ACTIONS.iter().map(|(key, _)| *key).collect();
                    return at.field("can").invalid(format!(
                        "unknown action '{can}': one of {}",
                        known.join(", ")
                    ));
                };
                let on = ObjectRef::read(
                    &at.field("on"),
                    fields.need(at, "on", "what the action is tried on")?,
                    Accept::Target,
                )?;
                let answer = match (fields.get("allowed"), fields.get("status")) {
                    (Some(flag), None) => Answer::Allowed(at.field("allowed").boolean(flag)?),
                    (None, Some(status)) => {
                        let at = at.field("status");
                        match at.count(status, 999)? {
                            code @ (200 | 401 | 403) => Answer::Status(code as u16),
                            _ => return at.invalid("a status is 200, 401 or 403"),
                        }
                    }
                    (Some(_), Some(_)) => return at.field("status").invalid("give 'allowed' or 'status', not both"),
                    (None, None) => return at.field("allowed").fail(Problem::Missing {
                        why: "the answer expected: 'allowed' (true or false) or 'status' (200, 401, 403)",
                    }),
                };
                Check::Access {
                    caller,
                    action: *action,
                    on,
                    answer,
                }
            }
            "token" => {
                let fields = at.object(
                    value,
                    &["to", "audience", "valid", "at_least", "at_most", "exactly"],
                )?;
                let to = PrincipalRef::read(
                    &at.field("to"),
                    fields.need(at, "to", "the principal the token was issued to")?,
                )?;
                let audience = match fields.get("audience") {
                    Some(text) => Some(at.field("audience").string(text)?),
                    None => None,
                };
                let valid = match fields.get("valid") {
                    Some(flag) => Some(at.field("valid").boolean(flag)?),
                    None => None,
                };
                Check::Token {
                    to,
                    audience,
                    valid,
                    count: range(at, fields)?,
                }
            }
            "happened" => Check::read_happened(at, value)?,
            "credentials" => {
                let fields = at.object(value, &["app", "secrets", "certificates"])?;
                let app = at.field("app").string(fields.need(
                    at,
                    "app",
                    "the app registration's display name",
                )?)?;
                let number = |key: &str| -> Read<Option<usize>> {
                    match fields.get(key) {
                        Some(n) => Ok(Some(at.field(key).count(n, MAX_COUNT)?)),
                        None => Ok(None),
                    }
                };
                let (secrets, certificates) = (number("secrets")?, number("certificates")?);
                if secrets.is_none() && certificates.is_none() {
                    return at.fail(Problem::Missing {
                        why: "how many 'secrets' and/or 'certificates' the app should have",
                    });
                }
                Check::Credentials {
                    app,
                    secrets,
                    certificates,
                }
            }
            "all" => Check::All(goals(at, value)?),
            "any" => Check::Any(goals(at, value)?),
            "not" => Check::Not(Box::new(Goal::read(at, value, false)?)),
            "count" => {
                let fields = at.object(value, &["of", "at_least", "at_most", "exactly"])?;
                let of = goals(
                    &at.field("of"),
                    fields.need(at, "of", "the goals to count")?,
                )?;
                Check::Count {
                    of,
                    count: range(at, fields)?,
                }
            }
            _ => {
                return at.fail(Problem::UnknownPredicate {
                    name: name.to_string(),
                })
            }
        })
    }

    fn read_happened(at: &At<'_>, value: &Value) -> Read<Check> {
        const FIELDS: &[&str] = &[
            "event", "name", "kind", "on", "type", "because", "role", "at_least", "at_most",
            "exactly",
        ];
        let fields = at.object(value, FIELDS)?;
        let name = at.field("event").string(fields.need(
            at,
            "event",
            "the kind of event, e.g. service_principal_deleted",
        )?)?;
        let Some(event) = event_kind(&name) else {
            let known: Vec<&str> = crate::events::EVENT_KINDS
                .iter()
                .map(|kind| kind.name)
                .collect();
            return at.field("event").invalid(format!(
                "unknown event '{name}': one of {}",
                known.join(", ")
            ));
        };
        let mut filters = Vec::new();
        for (key, value) in fields.pairs {
            if matches!(key.as_str(), "event" | "at_least" | "at_most" | "exactly") {
                continue;
            }
            let at = at.field(key);
            if !event.filters.contains(&key.as_str()) {
                let takes = if event.filters.is_empty() {
                    "no filters".to_string()
                } else {
                    event.filters.join(", ")
                };
                return at.invalid(format!("'{}' takes {takes}, not '{key}'", event.name));
            }
            let text = at.string(value)?;
            let filter = match key.as_str() {
                "kind" => match model::ResourceKind::from_word(&text) {
                    Some(kind) => kind.word().to_string(),
                    None => {
                        let known: Vec<&str> = model::ResourceKind::ALL
                            .map(model::ResourceKind::word)
                            .to_vec();
                        return at.invalid(format!(
                            "unknown resource kind '{text}': one of {}",
                            known.join(", ")
                        ));
                    }
                },
                "because" if !event.reasons.contains(&text.as_str()) => {
                    return at.invalid(format!(
                        "'{}' happens because of {}, not '{text}'",
                        event.name,
                        event.reasons.join(", ")
                    ))
                }
                "type" if !matches!(text.as_str(), "ManagedIdentity" | "Application") => {
                    return at.invalid(format!(
                        "unknown service principal type '{text}': ManagedIdentity or Application"
                    ))
                }
                "role" => role_named(&at, value)?.name.to_string(),
                _ => text,
            };
            let key = FIELDS
                .iter()
                .find(|k| **k == key)
                .copied()
                .unwrap_or("name");
            filters.push((key, filter));
        }
        Ok(Check::Happened {
            event,
            filters,
            count: range(at, fields)?,
        })
    }
}
