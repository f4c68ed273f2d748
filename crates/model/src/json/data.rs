//! Key Vault secrets, and a managed identity's access token (its claims, and the token itself).

use super::*;

/// `az keyvault secret set/show`.
pub fn vault_secret(vault: &Resource, secret: &VaultSecret) -> Value {
    let attributes = object(
        &[
            ("enabled", Bool(true)),
            ("expires", Null),
            ("notBefore", Null),
            ("recoverableDays", Int(90)),
            ("recoveryLevel", Text("Recoverable+Purgeable")),
        ],
        vec![
            ("created", secret.created.vault().into()),
            ("updated", secret.updated.vault().into()),
        ],
    );
    let id = format!(
        "https://{}.vault.azure.net/secrets/{}/{}",
        vault.name.to_ascii_lowercase(),
        secret.name,
        secret.version
    );
    object(
        &[
            ("contentType", Null),
            ("kid", Null),
            ("managed", Null),
            ("tags", Object(&[("file-encoding", Text("utf-8"))])),
        ],
        vec![
            ("attributes", attributes),
            ("id", id.into()),
            ("name", secret.name.clone().into()),
            ("value", secret.value.clone().into()),
        ],
    )
}

/// The claims of a managed identity's (or a federated application's) v1.0 access token
/// (docs/azure-rules.md T6).
pub fn token_claims(token: &Token) -> Value {
    let issuer = format!("https://sts.windows.net/{}/", token.tenant_id);
    let mut claims = object(
        &[
            ("aio", Text("k2BgYDi8")),
            ("appidacr", Text("2")),
            ("idtyp", Text("app")),
            ("ver", Text("1.0")),
        ],
        vec![
            ("aud", token.audience.clone().into()),
            ("iss", issuer.clone().into()),
            ("iat", token.issued.0.into()),
            ("nbf", token.issued.0.into()),
            ("exp", token.expires.0.into()),
            ("appid", token.client_id.to_string().into()),
            ("idp", issuer.into()),
            ("oid", token.principal_id.to_string().into()),
            ("sub", token.principal_id.to_string().into()),
            ("tid", token.tenant_id.to_string().into()),
            ("uti", base64url(&token.id.0.to_be_bytes()[..16]).into()),
        ],
    );
    // A managed identity's token names its resource; an application's has no such claim.
    if !token.identity_resource_id.is_empty() {
        let id = with_lower_resource_groups(&token.identity_resource_id);
        insert_all(&mut claims, vec![("xms_mirid", id.into())]);
    }
    claims
}

/// A JWT-shaped access token a learner can paste into a decoder: header, claims, a fake signature.
pub fn access_token(token: &Token) -> String {
    let header = object(
        &[
            ("alg", Text("RS256")),
            ("typ", Text("JWT")),
            ("x5t", Text("playground")),
            ("kid", Text("playground")),
        ],
        Vec::new(),
    );
    format!(
        "{}.{}.{}",
        base64url(header.to_compact().as_bytes()),
        base64url(token_claims(token).to_compact().as_bytes()),
        base64url(&token.id.0.to_le_bytes())
    )
}
