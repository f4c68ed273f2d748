//! How lessons name things: objects by kind, group and name (never by GUID, which differs from one session to the next), principals through what owns them, and how those names are read.

use crate::read::{At, Obj, Problem, Read};
use model::ResourceKind;

/// A resource: its kind, group and name (compared case-insensitively, as Azure does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceRef {
    pub kind: ResourceKind,
    pub group: String,
    pub name: String,
}

/// The type of a service principal, as `servicePrincipalType` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalType {
    ManagedIdentity,
    Application,
}

impl PrincipalType {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::ManagedIdentity => "ManagedIdentity",
            PrincipalType::Application => "Application",
        }
    }

    fn parse(at: &At<'_>, text: &str) -> Read<PrincipalType> {
        match text {
            "ManagedIdentity" => Ok(PrincipalType::ManagedIdentity),
            "Application" => Ok(PrincipalType::Application),
            _ => at.invalid(format!(
                "unknown service principal type '{text}': ManagedIdentity or Application"
            )),
        }
    }
}

/// Something in the world a goal can ask about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectRef {
    /// A subscription by name ("Contoso Learning", "Fabrikam Partner").
    Subscription(String),
    /// A resource group.
    Group(String),
    Resource(ResourceRef),
    /// A user-assigned managed identity.
    Identity {
        group: String,
        name: String,
    },
    /// A service principal by display name, optionally of one type and in one tenant (by the
    /// tenant's display name, "Contoso" or "Fabrikam"); without a tenant, in any.
    ServicePrincipal {
        name: String,
        principal_type: Option<PrincipalType>,
        tenant: Option<String>,
    },
    /// An app registration (application object) by display name; `multi_tenant` checks its
    /// sign-in audience too.
    App {
        name: String,
        multi_tenant: Option<bool>,
    },
    /// An app registration in the directory's recycle bin.
    DeletedApp(String),
    /// A service principal in the directory's recycle bin.
    DeletedServicePrincipal(String),
    /// A secret in a key vault.
    Secret {
        vault: String,
        name: String,
    },
}

/// Which kinds of object a place accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Accept {
    /// Anything `exists` / `absent` can ask about.
    Any,
    /// A scope of a role assignment: subscription, group, resource, identity.
    Scope,
    /// What an access check is about: a scope, or a secret.
    Target,
}

const GROUP_FIELDS: &[&str] = &["group"];
const SUBSCRIPTION_FIELDS: &[&str] = &["subscription"];
const RESOURCE_FIELDS: &[&str] = &[
    "vm",
    "vmss",
    "webapp",
    "functionapp",
    "logicapp",
    "container",
    "storage",
    "keyvault",
    "plan",
    "group",
];
const IDENTITY_FIELDS: &[&str] = &["identity", "group"];
const SP_FIELDS: &[&str] = &["service_principal", "type", "tenant"];
const APP_FIELDS: &[&str] = &["app", "multi_tenant"];
const DELETED_APP_FIELDS: &[&str] = &["deleted_app"];
const DELETED_SP_FIELDS: &[&str] = &["deleted_service_principal"];
const SECRET_FIELDS: &[&str] = &["secret", "vault"];

/// Every key that says what kind of object is named.
const OBJECT_KEYS: &[&str] = &[
    "subscription",
    "group",
    "vm",
    "vmss",
    "webapp",
    "functionapp",
    "logicapp",
    "container",
    "storage",
    "keyvault",
    "plan",
    "identity",
    "service_principal",
    "app",
    "deleted_app",
    "deleted_service_principal",
    "secret",
];

fn name_of(at: &At<'_>, fields: Obj<'_>, key: &str) -> Read<String> {
    let value = fields.need(at, key, "the object's name")?;
    at.field(key).string(value)
}

fn group_of(at: &At<'_>, fields: Obj<'_>) -> Read<String> {
    let value = fields.need(at, "group", "the resource group it is in")?;
    at.field("group").string(value)
}

impl ResourceRef {
    /// `{ "vm": "vm1", "group": "rg1" }`: one kind key and the group.
    pub(crate) fn read(at: &At<'_>, value: &model::Value) -> Read<ResourceRef> {
        let fields = at.object(value, RESOURCE_FIELDS)?;
        let Some((key, kind)) = ResourceKind::ALL
            .into_iter()
            .map(|kind| (kind.word(), kind))
            .find(|(key, _)| fields.get(key).is_some())
        else {
            return at.fail(Problem::Missing {
                why: "a resource is named by its kind (vm, vmss, webapp, functionapp, logicapp, container, storage, keyvault, plan) and its group",
            });
        };
        let name = name_of(at, fields, key)?;
        if let Some(other) = ResourceKind::ALL
            .into_iter()
            .map(ResourceKind::word)
            .find(|other| *other != key && fields.get(other).is_some())
        {
            return at
                .field(other)
                .invalid(format!("a resource has one kind, and '{key}' is given too"));
        }
        Ok(ResourceRef {
            kind,
            group: group_of(at, fields)?,
            name,
        })
    }
}

impl ObjectRef {
    pub(crate) fn read(at: &At<'_>, value: &model::Value, accept: Accept) -> Read<ObjectRef> {
        let pairs = at.object(value, OBJECT_KEYS_AND_QUALIFIERS)?.pairs;
        let main = OBJECT_KEYS
            .iter()
            .filter(|key| **key != "group")
            .find(|key| pairs.iter().any(|(k, _)| k == *key))
            .copied()
            .or_else(|| pairs.iter().any(|(k, _)| k == "group").then_some("group"));
        let Some(main) = main else {
            return at.fail(Problem::Missing {
                why: "an object is named by its kind and name, e.g. { \"vm\": \"vm1\", \"group\": \"rg1\" }: see docs/lessons.md",
            });
        };
        let object = match main {
            "subscription" => {
                let fields = at.object(value, SUBSCRIPTION_FIELDS)?;
                ObjectRef::Subscription(name_of(at, fields, main)?)
            }
            "group" => {
                let fields = at.object(value, GROUP_FIELDS)?;
                ObjectRef::Group(name_of(at, fields, main)?)
            }
            "identity" => {
                let fields = at.object(value, IDENTITY_FIELDS)?;
                ObjectRef::Identity {
                    name: name_of(at, fields, main)?,
                    group: group_of(at, fields)?,
                }
            }
            "service_principal" => {
                let fields = at.object(value, SP_FIELDS)?;
                let principal_type = match fields.get("type") {
                    Some(value) => {
                        let at = at.field("type");
                        Some(PrincipalType::parse(&at, &at.string(value)?)?)
                    }
                    None => None,
                };
                let tenant = match fields.get("tenant") {
                    Some(value) => Some(tenant(&at.field("tenant"), value)?),
                    None => None,
                };
                ObjectRef::ServicePrincipal {
                    name: name_of(at, fields, main)?,
                    principal_type,
                    tenant,
                }
            }
            "app" => {
                let fields = at.object(value, APP_FIELDS)?;
                let multi_tenant = match fields.get("multi_tenant") {
                    Some(value) => Some(at.field("multi_tenant").boolean(value)?),
                    None => None,
                };
                ObjectRef::App {
                    name: name_of(at, fields, main)?,
                    multi_tenant,
                }
            }
            "deleted_app" => {
                let fields = at.object(value, DELETED_APP_FIELDS)?;
                ObjectRef::DeletedApp(name_of(at, fields, main)?)
            }
            "deleted_service_principal" => {
                let fields = at.object(value, DELETED_SP_FIELDS)?;
                ObjectRef::DeletedServicePrincipal(name_of(at, fields, main)?)
            }
            "secret" => {
                let fields = at.object(value, SECRET_FIELDS)?;
                let vault = fields.need(at, "vault", "the key vault that holds the secret")?;
                ObjectRef::Secret {
                    vault: at.field("vault").string(vault)?,
                    name: name_of(at, fields, main)?,
                }
            }
            _ => ObjectRef::Resource(ResourceRef::read(at, value)?),
        };
        let fits = match accept {
            Accept::Any => true,
            Accept::Scope => object.is_scope(),
            Accept::Target => object.is_scope() || matches!(object, ObjectRef::Secret { .. }),
        };
        if !fits {
            let what = match accept {
                Accept::Target => "a subscription, group, resource, identity or secret",
                _ => "a scope: a subscription, group, resource or identity",
            };
            return at.invalid(format!("'{main}' can't be used here: this needs {what}"));
        }
        Ok(object)
    }

    /// Whether role assignments can be made at it.
    pub fn is_scope(&self) -> bool {
        matches!(
            self,
            ObjectRef::Subscription(_)
                | ObjectRef::Group(_)
                | ObjectRef::Resource(_)
                | ObjectRef::Identity { .. }
        )
    }
}

const OBJECT_KEYS_AND_QUALIFIERS: &[&str] = &[
    "subscription",
    "group",
    "vm",
    "vmss",
    "webapp",
    "functionapp",
    "logicapp",
    "container",
    "storage",
    "keyvault",
    "plan",
    "identity",
    "service_principal",
    "app",
    "deleted_app",
    "deleted_service_principal",
    "secret",
    "type",
    "tenant",
    "multi_tenant",
    "vault",
];

/// The tenants of the playground's world, by display name.
const TENANTS: [&str; 2] = ["Contoso", "Fabrikam"];

fn tenant(at: &At<'_>, value: &model::Value) -> Read<String> {
    let name = at.string(value)?;
    match TENANTS.iter().find(|t| t.eq_ignore_ascii_case(&name)) {
        Some(known) => Ok(known.to_string()),
        None => at.invalid(format!("unknown tenant '{name}': Contoso or Fabrikam")),
    }
}

/// Whose access, role or token a goal is about: a principal named through what owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalRef {
    /// The system-assigned identity of a resource (whichever principal it has now).
    SystemIdentityOf(ResourceRef),
    /// A user-assigned identity.
    Identity { group: String, name: String },
    /// A service principal by display name (in the given tenant, or the home tenant).
    ServicePrincipal {
        name: String,
        tenant: Option<String>,
    },
    /// A user by principal name (`learner@contoso.onmicrosoft.com`).
    User(String),
}

const PRINCIPAL_KEYS: &[&str] = &[
    "system_identity_of",
    "identity",
    "group",
    "service_principal",
    "tenant",
    "user",
];

impl PrincipalRef {
    pub(crate) fn read(at: &At<'_>, value: &model::Value) -> Read<PrincipalRef> {
        let fields = at.object(value, PRINCIPAL_KEYS)?;
        let only = |allowed: &'static [&'static str]| at.object(value, allowed);
        if let Some(resource) = fields.get("system_identity_of") {
            only(&["system_identity_of"])?;
            let resource = ResourceRef::read(&at.field("system_identity_of"), resource)?;
            return Ok(PrincipalRef::SystemIdentityOf(resource));
        }
        if fields.get("identity").is_some() {
            let fields = only(&["identity", "group"])?;
            return Ok(PrincipalRef::Identity {
                name: name_of(at, fields, "identity")?,
                group: group_of(at, fields)?,
            });
        }
        if fields.get("service_principal").is_some() {
            let fields = only(&["service_principal", "tenant"])?;
            let tenant = match fields.get("tenant") {
                Some(value) => Some(tenant(&at.field("tenant"), value)?),
                None => None,
            };
            return Ok(PrincipalRef::ServicePrincipal {
                name: name_of(at, fields, "service_principal")?,
                tenant,
            });
        }
        if fields.get("user").is_some() {
            let fields = only(&["user"])?;
            return Ok(PrincipalRef::User(name_of(at, fields, "user")?));
        }
        at.fail(Problem::Missing {
            why: "a principal is one of system_identity_of, identity (with group), service_principal, user",
        })
    }
}
