//! Microsoft Graph's objects: service principals, applications, the deleted items, and the signed-in account.

use super::*;

/// The `info` of an application or service principal: nobody fills it in here.
pub(super) const INFO: Fixed = Object(&[
    ("logoUrl", Null),
    ("marketingUrl", Null),
    ("privacyStatementUrl", Null),
    ("supportUrl", Null),
    ("termsOfServiceUrl", Null),
]);

/// The `verifiedPublisher` of an application or service principal: never verified here.
pub(super) const VERIFIED_PUBLISHER: Fixed = Object(&[
    ("addedDateTime", Null),
    ("displayName", Null),
    ("verifiedPublisherId", Null),
]);

/// The second `servicePrincipalNames` entry of a managed identity's SP: real ones are
/// `https://identity.azure.net/` + the base64 of 32 bytes (e.g. `…/R1arAxq7+EKpM2wyumvvaZ0n+9ICN6YkZB/sse/1VtI=`).
pub(super) fn managed_identity_spn(resource_id: &str) -> String {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(&id_hash128("spn:0:", resource_id).to_be_bytes());
    bytes[16..].copy_from_slice(&id_hash128("spn:1:", resource_id).to_be_bytes());
    format!("https://identity.azure.net/{}", base64_padded(&bytes))
}

/// `servicePrincipalNames`: the appId, and for a managed identity its `https://identity.azure.net/…`
/// name (docs/azure-rules.md S6). `--assignee` and `--spn` are matched against these.
pub fn service_principal_names(principal: &ServicePrincipal) -> Vec<String> {
    let mut names = vec![principal.app_id.to_string()];
    if let PrincipalKind::ManagedIdentity { resource_id, .. } = &principal.kind {
        names.push(managed_identity_spn(resource_id));
    }
    names
}

/// `az ad sp show` (with `@odata.context`) or one element of `az ad sp list` (without).
pub fn service_principal(principal: &ServicePrincipal, show: bool) -> Value {
    let app_id = principal.app_id.to_string();
    let (alternative_names, owner, audience, app_display_name, names): (
        Value,
        Value,
        Value,
        Value,
        Value,
    ) = match &principal.kind {
        PrincipalKind::ManagedIdentity {
            resource_id,
            user_assigned,
        } => (
            Value::Array(vec![
                if *user_assigned {
                    "isExplicit=True"
                } else {
                    "isExplicit=False"
                }
                .into(),
                with_lower_resource_groups(resource_id).into(),
            ]),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Array(
                service_principal_names(principal)
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            ),
        ),
        PrincipalKind::Application {
            owner_tenant,
            audience,
        } => (
            Value::Array(Vec::new()),
            owner_tenant.to_string().into(),
            audience.as_str().into(),
            principal.display_name.clone().into(),
            Value::Array(
                service_principal_names(principal)
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            ),
        ),
    };
    let mut value = SERVICE_PRINCIPAL_TEMPLATE.with(Value::clone);
    // Every key is in the template already, so each `set` replaces in place and the order holds.
    value.set("alternativeNames", alternative_names);
    value.set("appDisplayName", app_display_name);
    value.set("appId", Value::String(app_id));
    value.set("appOwnerOrganizationId", owner);
    value.set("createdDateTime", Value::String(principal.created.graph()));
    value.set("displayName", Value::String(principal.display_name.clone()));
    value.set("id", Value::String(principal.id.to_string()));
    value.set("servicePrincipalNames", names);
    value.set("servicePrincipalType", principal.type_name().into());
    value.set("signInAudience", audience);
    if show {
        insert_all(
            &mut value,
            vec![(
                "@odata.context",
                "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity".into(),
            )],
        );
    }
    value
}

thread_local! {
    /// Every key of a service principal's JSON with the values they share: cloning it is much
    /// faster than building 38 keys one by one (1,000 principals render in `az ad sp list`). The
    /// keys set per principal hold `null` here; `set` replaces them.
    static SERVICE_PRINCIPAL_TEMPLATE: Value = object(
        &[
            ("accountEnabled", Bool(true)),
            ("addIns", EmptyArray),
            ("alternativeNames", Null),
            ("appDescription", Null),
            ("appDisplayName", Null),
            ("appId", Null),
            ("appOwnerOrganizationId", Null),
            ("appRoleAssignmentRequired", Bool(false)),
            ("appRoles", EmptyArray),
            ("applicationTemplateId", Null),
            ("createdDateTime", Null),
            ("deletedDateTime", Null),
            ("description", Null),
            ("disabledByMicrosoftStatus", Null),
            ("displayName", Null),
            ("homepage", Null),
            ("id", Null),
            ("info", INFO),
            ("keyCredentials", EmptyArray),
            ("loginUrl", Null),
            ("logoutUrl", Null),
            ("notes", Null),
            ("notificationEmailAddresses", EmptyArray),
            ("oauth2PermissionScopes", EmptyArray),
            ("passwordCredentials", EmptyArray),
            ("preferredSingleSignOnMode", Null),
            ("preferredTokenSigningKeyThumbprint", Null),
            ("replyUrls", EmptyArray),
            ("resourceSpecificApplicationPermissions", EmptyArray),
            ("samlSingleSignOnSettings", Null),
            ("servicePrincipalNames", Null),
            ("servicePrincipalType", Null),
            ("signInAudience", Null),
            ("tags", EmptyArray),
            ("tokenEncryptionKeyId", Null),
            ("verifiedPublisher", VERIFIED_PUBLISHER),
        ],
        Vec::new(),
    );
}

/// `az ad app show` (with `@odata.context`) or one element of `az ad app list`. Secret text is
/// never part of it: `secretText` is always null after creation (docs/azure-rules.md R16).
pub fn application(world: &World, app: &Application, show: bool) -> Value {
    let domain = world
        .tenant(app.tenant_id)
        .map(|t| t.default_domain.clone());
    let passwords: Vec<Value> = app
        .passwords
        .iter()
        .map(|c| {
            object(
                &[("customKeyIdentifier", Null), ("secretText", Null)],
                vec![
                    ("displayName", c.display_name.clone().into()),
                    ("endDateTime", c.end.graph().into()),
                    ("hint", c.hint.clone().into()),
                    ("keyId", c.key_id.to_string().into()),
                    ("startDateTime", c.start.graph().into()),
                ],
            )
        })
        .collect();
    let keys: Vec<Value> = app
        .keys
        .iter()
        .map(|c| {
            object(
                &[
                    ("key", Null),
                    ("type", Text("AsymmetricX509Cert")),
                    ("usage", Text("Verify")),
                ],
                vec![
                    ("customKeyIdentifier", c.thumbprint.clone().into()),
                    ("displayName", c.display_name.clone().into()),
                    ("endDateTime", c.end.graph().into()),
                    ("keyId", c.key_id.to_string().into()),
                    ("startDateTime", c.start.graph().into()),
                ],
            )
        })
        .collect();
    let mut value = object(
        &[
            ("addIns", EmptyArray),
            (
                "api",
                Object(&[
                    ("acceptMappedClaims", Null),
                    ("knownClientApplications", EmptyArray),
                    ("oauth2PermissionScopes", EmptyArray),
                    ("preAuthorizedApplications", EmptyArray),
                    ("requestedAccessTokenVersion", Null),
                ]),
            ),
            ("appRoles", EmptyArray),
            ("applicationTemplateId", Null),
            ("certification", Null),
            ("defaultRedirectUri", Null),
            ("deletedDateTime", Null),
            ("description", Null),
            ("disabledByMicrosoftStatus", Null),
            ("groupMembershipClaims", Null),
            ("identifierUris", EmptyArray),
            ("info", INFO),
            ("isDeviceOnlyAuthSupported", Null),
            ("isFallbackPublicClient", Null),
            ("notes", Null),
            ("optionalClaims", Null),
            (
                "parentalControlSettings",
                Object(&[
                    ("countriesBlockedForMinors", EmptyArray),
                    ("legalAgeGroupRule", Text("Allow")),
                ]),
            ),
            ("publicClient", Object(&[("redirectUris", EmptyArray)])),
            ("requiredResourceAccess", EmptyArray),
            ("serviceManagementReference", Null),
            ("spa", Object(&[("redirectUris", EmptyArray)])),
            ("tags", EmptyArray),
            ("tokenEncryptionKeyId", Null),
            ("verifiedPublisher", VERIFIED_PUBLISHER),
            (
                "web",
                Object(&[
                    ("homePageUrl", Null),
                    (
                        "implicitGrantSettings",
                        Object(&[
                            ("enableAccessTokenIssuance", Bool(false)),
                            ("enableIdTokenIssuance", Bool(false)),
                        ]),
                    ),
                    ("logoutUrl", Null),
                    ("redirectUriSettings", EmptyArray),
                    ("redirectUris", EmptyArray),
                ]),
            ),
        ],
        vec![
            ("appId", app.app_id.to_string().into()),
            ("createdDateTime", app.created.graph().into()),
            ("displayName", app.display_name.clone().into()),
            ("id", app.id.to_string().into()),
            ("keyCredentials", keys.into()),
            ("passwordCredentials", passwords.into()),
            ("publisherDomain", domain.into()),
            ("signInAudience", app.audience.as_str().into()),
        ],
    );
    if show {
        insert_all(
            &mut value,
            vec![(
                "@odata.context",
                "https://graph.microsoft.com/v1.0/$metadata#applications/$entity".into(),
            )],
        );
    }
    value
}

/// Graph's `@odata.type` of an application object.
pub(super) const APPLICATION_TYPE: &str = "#microsoft.graph.application";

/// Graph's `@odata.type` of a service principal object.
pub(super) const SERVICE_PRINCIPAL_TYPE: &str = "#microsoft.graph.servicePrincipal";

/// A directory object as `/directory/deletedItems/…` returns it: the object's own JSON (list shape,
/// without its collection's `@odata.context`) typed with `@odata.type`.
pub(super) fn directory_object(mut value: Value, odata_type: &str) -> Value {
    insert_all(&mut value, vec![("@odata.type", odata_type.into())]);
    value
}

/// `POST /directory/deletedItems/{id}/restore`: the restored application, as Graph returns it.
pub fn restored_application(world: &World, app: &Application) -> Value {
    let mut value = directory_object(application(world, app, false), APPLICATION_TYPE);
    insert_all(
        &mut value,
        vec![("@odata.context", DIRECTORY_OBJECT_ENTITY.into())],
    );
    value
}

/// `POST /directory/deletedItems/{id}/restore`: the restored service principal, as Graph returns it.
pub fn restored_service_principal(principal: &ServicePrincipal) -> Value {
    let mut value = directory_object(service_principal(principal, false), SERVICE_PRINCIPAL_TYPE);
    insert_all(
        &mut value,
        vec![("@odata.context", DIRECTORY_OBJECT_ENTITY.into())],
    );
    value
}

pub(super) const DIRECTORY_OBJECT_ENTITY: &str =
    "https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity";

/// A collection of deleted directory objects, as `GET /directory/deletedItems/{type}` returns it.
pub(super) fn deleted_items(value: Vec<Value>) -> Value {
    object(
        &[(
            "@odata.context",
            Text("https://graph.microsoft.com/v1.0/$metadata#directoryObjects"),
        )],
        vec![("value", Value::Array(value))],
    )
}

/// `GET /directory/deletedItems/microsoft.graph.application`: the signed-in tenant's deleted
/// applications still in the recycle bin, each with its `deletedDateTime`.
pub fn deleted_applications(world: &World) -> Value {
    let tenant = world.tenant_id();
    deleted_items(
        world
            .deleted_applications
            .values()
            .filter(|d| d.item.tenant_id == tenant && restorable(world, d.deleted))
            .map(|d| {
                let mut value =
                    directory_object(application(world, &d.item, false), APPLICATION_TYPE);
                insert_all(
                    &mut value,
                    vec![("deletedDateTime", d.deleted.graph().into())],
                );
                value
            })
            .collect(),
    )
}

/// `GET /directory/deletedItems/microsoft.graph.servicePrincipal`: the signed-in tenant's deleted
/// service principals still in the recycle bin, each with its `deletedDateTime`.
pub fn deleted_service_principals(world: &World) -> Value {
    let tenant = world.tenant_id();
    deleted_items(
        world
            .deleted_service_principals
            .values()
            .filter(|d| d.item.tenant_id == tenant && restorable(world, d.deleted))
            .map(|d| {
                let mut value =
                    directory_object(service_principal(&d.item, false), SERVICE_PRINCIPAL_TYPE);
                insert_all(
                    &mut value,
                    vec![("deletedDateTime", d.deleted.graph().into())],
                );
                value
            })
            .collect(),
    )
}

/// Whether something deleted at `deleted` is still in the recycle bin: listed exactly when the
/// next command could restore it (commands are decided one step after the world's clock).
pub(super) fn restorable(world: &World, deleted: Timestamp) -> bool {
    crate::decide::restorable_at(world.clock.plus_seconds(Timestamp::STEP_SECONDS), deleted)
}

/// `az account show`.
pub fn account(world: &World) -> Value {
    account_entry(world, world.subscription(), false)
}

/// `az account list`: every subscription, `isDefault` on the signed-in one.
pub fn account_list(world: &World) -> Value {
    Value::Array(
        world
            .subscriptions
            .values()
            .map(|s| account_entry(world, s, true))
            .collect(),
    )
}

pub(super) fn account_entry(world: &World, subscription: &Subscription, list: bool) -> Value {
    let tenant = world.tenant(subscription.tenant_id);
    let mut value = object(
        &[
            ("environmentName", Text("AzureCloud")),
            ("managedByTenants", EmptyArray),
            ("state", Text("Enabled")),
            (
                "user",
                Object(&[("name", Text(SIGNED_IN_USER)), ("type", Text("user"))]),
            ),
        ],
        vec![
            ("homeTenantId", subscription.tenant_id.to_string().into()),
            ("id", subscription.id.to_string().into()),
            (
                "isDefault",
                (subscription.id == world.current_subscription).into(),
            ),
            ("name", subscription.name.clone().into()),
            (
                "tenantDefaultDomain",
                tenant.map(|t| t.default_domain.clone()).into(),
            ),
            (
                "tenantDisplayName",
                tenant.map(|t| t.display_name.clone()).into(),
            ),
            ("tenantId", subscription.tenant_id.to_string().into()),
        ],
    );
    if list {
        insert_all(&mut value, vec![("cloudName", "AzureCloud".into())]);
    }
    value
}

/// `az ad signed-in-user show` and `az ad user show` (with `@odata.context`), or one element of
/// `az ad user list`: Graph's default properties of a user (docs/azure-rules.md M9).
pub fn user(user: &User, show: bool) -> Value {
    let mut value = object(
        &[
            ("businessPhones", EmptyArray),
            ("givenName", Null),
            ("jobTitle", Null),
            ("mobilePhone", Null),
            ("officeLocation", Null),
            ("preferredLanguage", Null),
            ("surname", Null),
        ],
        vec![
            ("displayName", user.display_name.clone().into()),
            ("id", user.id.to_string().into()),
            ("mail", user.mail.clone().into()),
            ("userPrincipalName", user.user_principal_name.clone().into()),
        ],
    );
    if show {
        insert_all(
            &mut value,
            vec![(
                "@odata.context",
                "https://graph.microsoft.com/v1.0/$metadata#users/$entity".into(),
            )],
        );
    }
    value
}

/// The display name and application ID of the first-party resources a managed identity's token
/// can be for (`resourceDisplayName`, `resourceId` of a sign-in); `None` for any other audience.
pub fn resource_application(audience: &str) -> Option<(&'static str, &'static str)> {
    let audience = audience.trim().trim_end_matches('/').to_ascii_lowercase();
    Some(match audience.as_str() {
        "https://management.azure.com" | "https://management.core.windows.net" => (
            "Windows Azure Service Management API",
            "797f4846-ba00-4fd7-ba43-dac1f8f63013",
        ),
        "https://vault.azure.net" => ("Azure Key Vault", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093"),
        "https://storage.azure.com" => ("Azure Storage", "e406a681-f3d4-42a8-90b6-c2b029497af1"),
        "https://graph.microsoft.com" => {
            ("Microsoft Graph", "00000003-0000-0000-c000-000000000000")
        }
        "https://database.windows.net" => {
            ("Azure SQL Database", "022907d3-0f1b-48f7-badc-1ba6abab6d66")
        }
        _ => return None,
    })
}

/// One managed-identity sign-in as Microsoft Graph's beta `auditLogs/signIns` returns it
/// (docs/azure-rules.md T11): `status.errorCode` is the AADSTS number, 0 for a success.
pub fn sign_in(sign_in: &SignIn) -> Value {
    let (error_code, failure_reason) = match &sign_in.failure {
        None => (0, "Other.".to_string()),
        Some((_, description)) => {
            let (code, reason) = description
                .strip_prefix("AADSTS")
                .and_then(|rest| rest.split_once(": "))
                .unwrap_or(("0", description));
            (code.parse::<i64>().unwrap_or(0), reason.to_string())
        }
    };
    let resource = resource_application(&sign_in.resource);
    let id = sign_in.id.to_string();
    object(
        &[
            ("conditionalAccessStatus", Text("notApplied")),
            ("ipAddress", Text("")),
            ("isInteractive", Bool(false)),
            ("tokenIssuerType", Text("AzureAD")),
            ("userDisplayName", Null),
            ("userId", Text("")),
            ("userPrincipalName", Null),
        ],
        vec![
            ("appDisplayName", sign_in.name.clone().into()),
            ("appId", sign_in.client_id.to_string().into()),
            ("correlationId", id.clone().into()),
            ("createdDateTime", sign_in.time.graph().into()),
            ("id", id.into()),
            (
                "managedServiceIdentity",
                Value::object(vec![
                    (
                        "associatedResourceId",
                        sign_in.associated_resource_id.clone().into(),
                    ),
                    ("federatedTokenId", Value::Null),
                    (
                        "federatedTokenIssuer",
                        sign_in
                            .federated_issuer
                            .clone()
                            .map_or(Value::Null, Value::from),
                    ),
                    (
                        "msiType",
                        if sign_in.user_assigned {
                            "userAssigned"
                        } else {
                            "systemAssigned"
                        }
                        .into(),
                    ),
                ]),
            ),
            (
                "resourceDisplayName",
                resource
                    .map_or_else(|| sign_in.resource.clone(), |r| r.0.to_string())
                    .into(),
            ),
            ("resourceId", resource.map_or(Value::Null, |r| r.1.into())),
            (
                "servicePrincipalId",
                sign_in.principal_id.to_string().into(),
            ),
            ("servicePrincipalName", sign_in.name.clone().into()),
            (
                "signInEventTypes",
                Value::Array(vec!["managedIdentity".into()]),
            ),
            (
                "status",
                Value::object(vec![
                    ("additionalDetails", Value::Null),
                    ("errorCode", Value::from(error_code)),
                    ("failureReason", failure_reason.into()),
                ]),
            ),
        ],
    )
}

/// `GET https://graph.microsoft.com/beta/auditLogs/signIns?$filter=signInEventTypes/any(t: t eq
/// 'managedIdentity')`: the signed-in tenant's managed-identity sign-ins, newest first, at most `top`.
pub fn sign_ins(world: &World, top: usize) -> Value {
    let tenant = world.tenant_id();
    let value = world
        .sign_ins
        .iter()
        .rev()
        .filter(|s| s.tenant_id == tenant)
        .take(top)
        .map(sign_in)
        .collect();
    object(
        &[(
            "@odata.context",
            Text("https://graph.microsoft.com/beta/$metadata#auditLogs/signIns"),
        )],
        vec![("value", Value::Array(value))],
    )
}

/// An application's federated identity credential as Graph returns it (`federatedIdentityCredential`);
/// a single one read or created carries its `@odata.context`, a list's items don't.
pub fn app_federated_credential(
    app: &Application,
    credential: &AppFederatedCredential,
    single: bool,
) -> Value {
    let mut value = Value::object(vec![
        (
            "audiences",
            Value::Array(
                credential
                    .credential
                    .audiences
                    .iter()
                    .map(|a| a.as_str().into())
                    .collect(),
            ),
        ),
        (
            "description",
            credential
                .description
                .clone()
                .map_or(Value::Null, Value::from),
        ),
        ("id", credential.id.to_string().into()),
        ("issuer", credential.credential.issuer.as_str().into()),
        ("name", credential.credential.name.as_str().into()),
        ("subject", credential.credential.subject.as_str().into()),
    ]);
    if single {
        let context = format!(
            "https://graph.microsoft.com/v1.0/$metadata#applications('{}')/federatedIdentityCredentials/$entity",
            app.id
        );
        insert_all(&mut value, vec![("@odata.context", context.into())]);
    }
    value
}
