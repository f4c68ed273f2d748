//! What only the Azure CLI (or the identity endpoint) prints: summaries the CLI builds itself, in the CLI's key order. Azure's own REST shapes are the model's (`model::json`).

use model::json;
use model::{AppId, BlobContainer, Resource, ResourceKind, RoleGrant, Token, World};

use crate::output::Value;

/// Deterministic small numbers derived from an ID (FNV-1a of its lower case), for made-up IP and
/// MAC addresses and secrets.
pub fn id_hash(id: &str) -> u64 {
    id.to_ascii_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

/// `az vm identity assign` (also the `identity` of `az vm create`): azure-cli vm custom.py
/// `_construct_identity_info`, a plain dict of `scope`/`role` (when a grant was given), then
/// `userAssignedIdentities` and `systemAssignedIdentity` (the principalId, or `""`).
pub fn identity_assign_output(resource: &Resource, grant: Option<&RoleGrant>) -> Value {
    let mut pairs = Vec::new();
    if let Some(grant) = grant {
        pairs.push(("scope", grant.scope.as_str().into()));
        pairs.push(("role", grant.role.as_str().into()));
    }
    pairs.push((
        "userAssignedIdentities",
        json::user_assigned_identities(&resource.identity),
    ));
    let system = resource
        .identity
        .system
        .map(|s| s.principal_id.to_string())
        .unwrap_or_default();
    pairs.push(("systemAssignedIdentity", system.into()));
    Value::object(pairs)
}

/// A VM's public IP address, made up from its ID (`20.x.y.z`): `az vm create` prints it and `ssh`
/// connects to it.
pub fn public_ip_address(resource: &Resource) -> String {
    let hash = id_hash(&resource.id);
    let octet = |shift: u32| (hash >> shift) & 0xff;
    format!("20.{}.{}.{}", octet(24), octet(32), octet(40).max(1))
}

/// `az vm create`'s summary, not the VM resource: azure-cli vm `_format.py`
/// `transform_vm_create_output`, an OrderedDict with `identity` only when one was assigned.
pub fn vm_create_summary(resource: &Resource, grant: Option<&RoleGrant>) -> Value {
    let hash = id_hash(&resource.id);
    let octet = |shift: u32| (hash >> shift) & 0xff;
    let mac_address = format!(
        "00-0D-3A-{:02X}-{:02X}-{:02X}",
        octet(0),
        octet(8),
        octet(16)
    );
    let public_ip_address = public_ip_address(resource);
    let group = json::resource_group_of(&resource.id).unwrap_or_else(|| resource.group.clone());
    let mut pairs = vec![
        ("id", resource.id.as_str().into()),
        ("resourceGroup", group.into()),
        ("powerState", "VM running".into()),
        ("publicIpAddress", public_ip_address.into()),
        ("fqdns", "".into()),
        (
            "privateIpAddress",
            resource.private_ip_address().unwrap_or_default().into(),
        ),
        ("macAddress", mac_address.into()),
        ("location", resource.location.as_str().into()),
    ];
    if !resource.identity.is_empty() {
        pairs.push(("identity", identity_assign_output(resource, grant)));
    }
    // "output 'zones' column even the property value is None"
    pairs.push(("zones", "".into()));
    Value::object(pairs)
}

/// `az ad app credential reset` (a secret): the only time the secret text is ever printed.
pub fn credential_reset(world: &World, app_id: &AppId, secret_text: &str) -> Value {
    Value::object(vec![
        ("appId", app_id.to_string().into()),
        ("password", secret_text.into()),
        ("tenant", world.tenant_id().to_string().into()),
    ])
}

/// `az ad app credential reset --create-cert`: the private key goes to a file, and the CLI
/// prints where, never the key.
pub fn certificate_reset(world: &World, app_id: &AppId) -> Value {
    Value::object(vec![
        ("appId", app_id.to_string().into()),
        (
            "fileWithCertAndPrivateKey",
            "/home/learner/tmpcert.pem".into(),
        ),
        ("password", Value::Null),
        ("tenant", world.tenant_id().to_string().into()),
    ])
}

/// `az storage container create`.
pub fn container_created(created: bool) -> Value {
    Value::object(vec![("created", created.into())])
}

/// One container of `az storage container list`.
pub fn container(container: &BlobContainer) -> Value {
    let lease = Value::object(vec![
        ("duration", Value::Null),
        ("state", "available".into()),
        ("status", "unlocked".into()),
    ]);
    let properties = Value::object(vec![
        ("hasImmutabilityPolicy", false.into()),
        ("hasLegalHold", false.into()),
        ("lastModified", container.created.arm().into()),
        ("lease", lease),
        ("publicAccess", Value::Null),
    ]);
    Value::object(vec![
        ("deleted", Value::Null),
        ("encryptionScope", Value::Null),
        ("immutableStorageWithVersioningEnabled", Value::Null),
        ("metadata", Value::Null),
        ("name", container.name.as_str().into()),
        ("properties", properties),
        ("version", Value::Null),
    ])
}

/// The token endpoint's response: IMDS's (VMs, scale sets, container instances) or App Service's
/// (`IDENTITY_ENDPOINT`: no `expires_in`, `not_before`, `refresh_token`).
pub fn token_response(world: &World, token: &Token, kind: ResourceKind) -> Value {
    let expires_in = (token.expires.0 - world.clock.0.max(token.issued.0)).to_string();
    let access_token = json::access_token(token).into();
    let client_id = token.client_id.to_string().into();
    let expires_on = token.expires.0.to_string().into();
    let resource = token.audience.as_str().into();
    match kind {
        ResourceKind::VirtualMachine
        | ResourceKind::VmScaleSet
        | ResourceKind::ContainerInstance => Value::object(vec![
            ("access_token", access_token),
            ("client_id", client_id),
            ("expires_in", expires_in.as_str().into()),
            ("expires_on", expires_on),
            ("ext_expires_in", expires_in.into()),
            ("not_before", token.issued.0.to_string().into()),
            ("refresh_token", "".into()),
            ("resource", resource),
            ("token_type", "Bearer".into()),
        ]),
        _ => Value::object(vec![
            ("access_token", access_token),
            ("client_id", client_id),
            ("expires_on", expires_on),
            ("resource", resource),
            ("token_type", "Bearer".into()),
        ]),
    }
}
