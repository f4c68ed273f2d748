//! The JSON of every object exactly as Azure returns it and the Azure CLI prints it (docs/azure-rules.md S1–S10): one file per area, the shared builders here.

mod app_service;
mod assignments;
mod data;
mod directory;
mod resources;

pub use app_service::{
    app_service_plan, app_service_plan_body, apps_on_plan, linux_fx_version, site_config,
    site_is_linux, DEFAULT_SKU,
};
pub use assignments::{role_assignment, role_definition, role_definition_id};
pub use data::{access_token, token_claims, vault_secret};
pub use directory::{
    account, account_list, app_federated_credential, application, deleted_applications,
    deleted_service_principals, resource_application, restored_application,
    restored_service_principal, service_principal, service_principal_names, sign_in, sign_ins,
    user,
};
pub use resources::{
    federated_credential, identity_block, resource, resource_group, user_assigned_identities,
    user_identity,
};

use crate::clock::Timestamp;
use crate::command::{OsType, ResourceKind, Tags};
use crate::ids::{ArmKey, Guid};
use crate::roles::{self, RoleDefinition};
use crate::value::{Number, Value};
use crate::world::{
    AccessPolicy, AppFederatedCredential, Application, PrincipalKind, Resource, ResourceGroup,
    ResourceIdentity, RoleAssignment, ServicePrincipal, SignIn, Subscription, Token, User,
    UserIdentity, VaultSecret, World, SIGNED_IN_USER,
};
use Fixed::{Bool, EmptyArray, EmptyObject, Float, Int, Null, Object, Text};

/// The resource group name inside an ARM ID (`resourceGroups/{rg}`), as the CLI adds it to objects.
pub fn resource_group_of(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    parts
        .iter()
        .position(|p| p.eq_ignore_ascii_case("resourcegroups"))
        .and_then(|index| parts.get(index + 1))
        .map(|name| name.to_string())
}

/// A resource ID with its `resourceGroups` segment written `resourcegroups`, as a managed
/// identity's `alternativeNames` and its token's `xms_mirid` carry it in real responses
/// (docs/azure-rules.md S3). The rest keeps its casing.
pub fn with_lower_resource_groups(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    match lower.find("/resourcegroups/") {
        Some(at) => format!("{}/resourcegroups/{}", &id[..at], &id[at + 16..]),
        None => id.to_string(),
    }
}

/// A JSON value that is the same in every object of its kind. A `json!` object literal inlines an
/// allocation and an insert per key, which made these builders a large part of the download; a
/// list of `Fixed` values is static data instead, so each builder lists its fixed keys this way
/// and builds only the values that vary.
#[derive(Clone, Copy)]
pub(super) enum Fixed {
    Null,
    Bool(bool),
    Int(i32),
    Float(f64),
    Text(&'static str),
    EmptyArray,
    EmptyObject,
    Object(&'static [(&'static str, Fixed)]),
}
impl Fixed {
    fn to_value(self) -> Value {
        match self {
            Null => Value::Null,
            Bool(flag) => Value::Bool(flag),
            Int(number) => i64::from(number).into(),
            Float(number) => Number::from_f64(number).map_or(Value::Null, Value::Number),
            Text(text) => text.into(),
            EmptyArray => Value::Array(Vec::new()),
            EmptyObject => Value::Object(Vec::new()),
            Object(fixed) => object(fixed, Vec::new()),
        }
    }
}

/// A JSON object from its fixed keys and the keys whose values vary, its keys sorted as the CLI
/// prints a plain object.
pub(super) fn object(fixed: &[(&str, Fixed)], varying: Vec<(&str, Value)>) -> Value {
    let mut pairs = Vec::with_capacity(fixed.len() + varying.len());
    for (key, item) in fixed {
        pairs.push(((*key).to_owned(), item.to_value()));
    }
    let mut value = Value::Object(pairs);
    insert_all(&mut value, varying);
    value
}

/// Adds keys to a JSON object (replacing any already there), keeping its keys sorted.
pub(super) fn insert_all(value: &mut Value, varying: Vec<(&str, Value)>) {
    for (key, item) in varying {
        value.set(key, item);
    }
    value.sort_keys();
}

/// `tags` as ARM returns them (docs/azure-rules.md M16): an object of names to values, or `none`
/// when there are none, as each command prints an empty set (`null` for a group, `{}` for most
/// resources).
pub fn tags(tags: &Tags, none: Value) -> Value {
    if tags.is_empty() {
        return none;
    }
    let mut object = Value::Object(Vec::new());
    for (name, value) in tags {
        object.set(name, value.as_str().into());
    }
    object.sort_keys();
    object
}

/// A deterministic full-width 128-bit value derived from an ID (FNV-1a, 128-bit, over the
/// lower-cased ID after `salt`): for values Azure generates once per resource and never repeats,
/// such as a workflow's access endpoint. Every bit varies with the ID, unlike `id_hash` widened.
pub(super) fn id_hash128(salt: &str, id: &str) -> u128 {
    const OFFSET_BASIS: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    salt.bytes()
        .chain(id.to_ascii_lowercase().bytes())
        .fold(OFFSET_BASIS, |hash, byte| {
            (hash ^ u128::from(byte)).wrapping_mul(PRIME)
        })
}

/// A stand-in for the address Python prints for urllib3's connection object in a DNS failure
/// (`0x7f…`, twelve hex digits): stable for a name, so transcripts don't jitter.
pub fn connection_address(name: &str) -> u64 {
    0x7f00_0000_0000 | (id_hash128("urllib3:", name) as u64 & 0xff_ffff_fff0)
}

/// Standard base64 with padding (`+`, `/`, `=`), as Graph prints a managed identity's
/// `https://identity.azure.net/…=` service principal name.
pub(super) fn base64_padded(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * index)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(super) fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for index in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * index)) & 63) as usize] as char);
        }
    }
    out
}

/// Everything in the world rendered once (groups, resources, identities, users, principals,
/// applications, assignments in list shape): for views that show it all, and for the benchmark.
pub fn render_all(world: &World) -> Vec<Value> {
    let mut out = Vec::with_capacity(
        world.groups.len()
            + world.resources.len()
            + world.user_identities.len()
            + world.users.len()
            + world.service_principals.len()
            + world.applications.len()
            + world.role_assignments.len(),
    );
    out.extend(world.groups.values().map(resource_group));
    out.extend(world.resources.values().map(|r| resource(world, r)));
    out.extend(world.user_identities.values().map(user_identity));
    out.extend(world.users.values().map(|u| user(u, false)));
    out.extend(
        world
            .service_principals
            .values()
            .map(|sp| service_principal(sp, false)),
    );
    out.extend(
        world
            .applications
            .values()
            .map(|app| application(world, app, false)),
    );
    out.extend(
        world
            .role_assignments
            .values()
            .map(|a| role_assignment(world, a, true)),
    );
    out
}

/// `az resource list`-style lookup of a resource's JSON by its ID, case-insensitively.
pub fn resource_by_id(world: &World, id: &str) -> Option<Value> {
    if let Some(found) = world.resources.get(&ArmKey::of(id)) {
        return Some(resource(world, found));
    }
    world
        .user_identities
        .get(&ArmKey::of(id))
        .map(user_identity)
}
