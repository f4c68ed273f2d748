//! `curl` inside a VM: the identity endpoint (IMDS), Azure Resource Manager and Key Vault, each answering with its real JSON body or its real error (docs/azure-rules.md T8, T9).

use console::{Console, Output, Stream};
use model::query::{self, Caller, SecretOperation};
use model::{json, roles, Command, ResourceKind, Token, TokenSelector, Value, World};

use crate::vm::{Ran, Vm};

const IMDS_HOST: &str = "169.254.169.254";
const IMDS_TOKEN_PATH: &str = "/metadata/identity/oauth2/token";
const TRY_HELP: &str = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/// IMDS's answer to a request it can't read (Microsoft's IMDS token docs, error handling).
const MALFORMED: &str = "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.";

/// A request as curl would send it.
pub struct Request {
    pub method: String,
    pub https: bool,
    pub host: String,
    pub path: String,
    /// Query parameters, percent-decoded, in order.
    pub query: Vec<(String, String)>,
    /// Headers as (lower-case name, value).
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn count(&self, name: &str) -> usize {
        self.query.iter().filter(|(key, _)| key == name).count()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
    }
}

/// An HTTP answer: status and body.
struct Response {
    status: u16,
    body: String,
}

impl Response {
    fn json(status: u16, body: &Value) -> Response {
        Response {
            status,
            body: body.to_compact(),
        }
    }

    /// ARM's and Key Vault's `{"error": {"code", "message"}}`.
    fn error(status: u16, code: &str, message: &str) -> Response {
        Response::json(
            status,
            &Value::object(vec![(
                "error",
                Value::object(vec![("code", code.into()), ("message", message.into())]),
            )]),
        )
    }

    /// The identity endpoint's `{"error", "error_description"}`, always HTTP 400.
    fn imds(error: &str, description: &str) -> Response {
        Response::json(
            400,
            &Value::object(vec![
                ("error", error.into()),
                ("error_description", description.into()),
            ]),
        )
    }
}

/// `curl [-s] [-S] [-f] [-L] [-X GET] [-H HEADER]… URL`.
pub fn run(args: &[&str], vm: &Vm, console: &mut Console, out: &mut Output) -> Ran {
    let mut url = None;
    let mut headers = Vec::new();
    let mut method = "GET".to_string();
    let (mut silent, mut show_error, mut fail) = (false, false, false);
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        let mut value_of = |attached: &str| -> Option<String> {
            if attached.is_empty() {
                rest.next().map(|v| v.to_string())
            } else {
                Some(attached.to_string())
            }
        };
        let missing =
            |option: &str| format!("curl: option {option}: requires parameter\n{TRY_HELP}");
        match arg {
            "--header" => match value_of("") {
                Some(header) => headers.push(header),
                None => return Ran::failed(out, &missing(arg), 2),
            },
            "--request" => match value_of("") {
                Some(verb) => method = verb,
                None => return Ran::failed(out, &missing(arg), 2),
            },
            "--silent" => silent = true,
            "--show-error" => show_error = true,
            "--fail" => fail = true,
            "--location" => {}
            "-d" | "--data" | "--data-raw" | "--json" | "-F" | "--form" | "-T" | "-i" | "--include" | "-v" | "--verbose" | "-o" | "--output" => {
                return Ran::failed(out, &format!("playground: curl {arg} is not supported: the playground's curl sends GET requests and prints the body.\n"), 2)
            }
            short if short.starts_with('-') && !short.starts_with("--") && short.len() > 1 => {
                // A cluster of short options (`-sS`, `-fsSL`); `-H` and `-X` take the rest or the next word.
                let letters: Vec<char> = short[1..].chars().collect();
                for (at, letter) in letters.iter().enumerate() {
                    match letter {
                        's' => silent = true,
                        'S' => show_error = true,
                        'f' => fail = true,
                        'L' | 'k' => {}
                        'H' | 'X' => {
                            let attached: String = letters[at + 1..].iter().collect();
                            let Some(value) = value_of(&attached) else {
                                return Ran::failed(out, &missing(&format!("-{letter}")), 2);
                            };
                            if *letter == 'H' { headers.push(value) } else { method = value }
                            break;
                        }
                        _ => return Ran::failed(out, &format!("curl: option {short}: is unknown\n{TRY_HELP}"), 2),
                    }
                }
            }
            long if long.starts_with("--") => {
                return Ran::failed(out, &format!("curl: option {long}: is unknown\n{TRY_HELP}"), 2)
            }
            _ if url.is_some() => {
                return Ran::failed(out, "playground: the playground's curl takes one URL at a time.\n", 2)
            }
            address => url = Some(address.to_string()),
        }
    }
    let Some(url) = url else {
        return Ran::failed(out, &format!("curl: no URL specified!\n{TRY_HELP}"), 2);
    };
    let curl_error = |out: &mut Output, message: String, status: i32| {
        if !silent || show_error {
            out.print(Stream::Stderr, &message);
        }
        Ran {
            stdout: String::new(),
            status,
        }
    };
    let request = match parse(&url, &method, &headers) {
        Ok(request) => request,
        Err(message) => return curl_error(out, message, 3),
    };
    if !request.method.eq_ignore_ascii_case("GET") {
        return Ran::failed(
            out,
            &format!(
                "playground: curl -X {}: the playground's curl sends GET requests only.\n",
                request.method
            ),
            2,
        );
    }
    let world = console.session().world();
    let host = request.host.to_ascii_lowercase();
    let app_service = vm.kind != ResourceKind::VirtualMachine;
    let response = if app_service && url.starts_with(crate::vm::APP_SERVICE_ENDPOINT) {
        app_service_token(&request, vm, console, out)
    } else if host == IMDS_HOST && app_service {
        // App Service has no IMDS: its endpoint is $IDENTITY_ENDPOINT.
        return curl_error(out, format!("curl: (28) Failed to connect to {IMDS_HOST} port 80 after 21000 ms: Timeout was reached\nplayground: inside App Service, ask $IDENTITY_ENDPOINT with the header X-IDENTITY-HEADER: $IDENTITY_HEADER.\n"), 28);
    } else if host == IMDS_HOST {
        if request.https {
            return curl_error(out, format!("curl: (7) Failed to connect to {IMDS_HOST} port 443 after 0 ms: Couldn't connect to server\n"), 7);
        }
        imds(&request, vm, console, out)
    } else if host == "management.azure.com" {
        arm(&request, world)
    } else if let Some(vault) = host.strip_suffix(".vault.azure.net") {
        match world.vault_named(vault) {
            Some(_) => key_vault(&request, vault, world),
            None => {
                return curl_error(
                    out,
                    format!("curl: (6) Could not resolve host: {host}\n"),
                    6,
                )
            }
        }
    } else if let Some(account) = host.strip_suffix(".blob.core.windows.net") {
        match world.resource_named(ResourceKind::StorageAccount, account) {
            Some(_) => blob(&request, account, world),
            None => {
                return curl_error(
                    out,
                    format!("curl: (6) Could not resolve host: {host}\n"),
                    6,
                )
            }
        }
    } else {
        let message = format!("curl: (6) Could not resolve host: {host}\nplayground: a VM here reaches only its identity endpoint ({IMDS_HOST}), management.azure.com, <vault>.vault.azure.net and <account>.blob.core.windows.net.\n");
        return curl_error(out, message, 6);
    };
    let Some(response) = response else {
        let message = format!("playground: the playground does not model {url}: inside a VM it answers the identity endpoint's token request, a GET of a resource group or a resource from management.azure.com, a GET of a secret from Key Vault, and Blob Storage's lists (?comp=list, ?restype=container&comp=list).\n");
        return Ran::failed(out, &message, 2);
    };
    if fail && response.status >= 400 {
        return curl_error(
            out,
            format!(
                "curl: (22) The requested URL returned error: {}\n",
                response.status
            ),
            22,
        );
    }
    Ran::ok(response.body)
}

/// A URL (`http://` assumed without a scheme) and the headers as curl sends them.
pub fn parse(url: &str, method: &str, headers: &[String]) -> Result<Request, String> {
    let (https, rest) = match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (true, rest),
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (false, rest),
        Some((scheme, _)) => {
            return Err(format!("curl: (1) Protocol \"{scheme}\" not supported\n"))
        }
        None => (false, url),
    };
    let (authority, path_and_query) = match rest.find(['/', '?']) {
        Some(at) => rest.split_at(at),
        None => (rest, "/"),
    };
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host.split(':').next().unwrap_or(host).to_string();
    if host.is_empty() {
        return Err("curl: (3) URL rejected: No host part in the URL\n".to_string());
    }
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    let headers = headers
        .iter()
        .filter_map(|header| header.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Ok(Request {
        method: method.to_string(),
        https,
        host,
        path: if path.is_empty() {
            "/".into()
        } else {
            decode(path)
        },
        query,
        headers,
    })
}

/// Percent-decoding (`%3A` → `:`); a bad escape stays as typed.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[at],
            bytes.get(at + 1).and_then(|&b| hex(b)),
            bytes.get(at + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                at += 3;
            }
            (byte, _, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// The identity endpoint: `GET /metadata/identity/oauth2/token?api-version&resource[&client_id|
/// object_id|msi_res_id]` with `Metadata: true`. The token is the model's `RequestToken`, run as
/// the console's `playground token` line, so it is logged and saved like any change.
fn imds(request: &Request, vm: &Vm, console: &mut Console, out: &mut Output) -> Option<Response> {
    if request.path.trim_end_matches('/') != IMDS_TOKEN_PATH {
        return None;
    }
    if !request
        .header("metadata")
        .is_some_and(|value| value.eq_ignore_ascii_case("true"))
    {
        return Some(Response::imds(
            "bad_request_102",
            "Required metadata header not specified",
        ));
    }
    let selectors: Vec<TokenSelector> = [("client_id", 0), ("object_id", 1), ("msi_res_id", 2)]
        .iter()
        .filter_map(|(name, which)| {
            request.param(name).map(|value| match which {
                0 => TokenSelector::ClientId(value.to_string()),
                1 => TokenSelector::ObjectId(value.to_string()),
                _ => TokenSelector::ResourceId(value.to_string()),
            })
        })
        .collect();
    let repeated = [
        "api-version",
        "resource",
        "client_id",
        "object_id",
        "msi_res_id",
    ]
    .iter()
    .any(|name| request.count(name) > 1);
    let (Some(_), Some(resource)) = (request.param("api-version"), request.param("resource"))
    else {
        return Some(Response::imds("invalid_request", MALFORMED));
    };
    if repeated || selectors.len() > 1 || resource.trim().is_empty() {
        return Some(Response::imds("invalid_request", MALFORMED));
    }
    let command = Command::RequestToken {
        kind: ResourceKind::VirtualMachine,
        group: vm.group.clone(),
        name: vm.name.clone(),
        audience: resource.to_string(),
        selector: selectors.into_iter().next(),
    };
    token_response(command, ResourceKind::VirtualMachine, console, out)
}

/// App Service's identity endpoint: `GET $IDENTITY_ENDPOINT?resource=…&api-version=2019-08-01` with
/// `X-IDENTITY-HEADER: $IDENTITY_HEADER`, at most one of `client_id`, `principal_id` (or
/// `object_id`) and `mi_res_id` (docs/azure-rules.md T2).
fn app_service_token(
    request: &Request,
    vm: &Vm,
    console: &mut Console,
    out: &mut Output,
) -> Option<Response> {
    let header = request.header("x-identity-header");
    if header != Some(crate::vm::identity_header(&vm.id).as_str()) {
        return Some(Response::imds("invalid_request", MALFORMED));
    }
    let mut selectors: Vec<TokenSelector> = Vec::new();
    for (name, value) in &request.query {
        match name.as_str() {
            "client_id" => selectors.push(TokenSelector::ClientId(value.clone())),
            "principal_id" | "object_id" => selectors.push(TokenSelector::ObjectId(value.clone())),
            "mi_res_id" => selectors.push(TokenSelector::ResourceId(value.clone())),
            _ => {}
        }
    }
    let (Some(_), Some(resource)) = (request.param("api-version"), request.param("resource"))
    else {
        return Some(Response::imds("invalid_request", MALFORMED));
    };
    if selectors.len() > 1 || resource.trim().is_empty() {
        return Some(Response::imds("invalid_request", MALFORMED));
    }
    let command = Command::RequestToken {
        kind: vm.kind,
        group: vm.group.clone(),
        name: vm.name.clone(),
        audience: resource.to_string(),
        selector: selectors.pop(),
    };
    token_response(command, vm.kind, console, out)
}

/// Runs a token request as its console line (so it is logged) and answers the endpoint's body.
fn token_response(
    command: Command,
    kind: ResourceKind,
    console: &mut Console,
    out: &mut Output,
) -> Option<Response> {
    let line = console::to_cli(&command);
    let result = console.run_line(&line);
    out.executed.extend(result.executed.iter().cloned());
    if let Some(refusal) = result.refusals.first() {
        return Some(Response {
            status: 400,
            body: refusal.to_string(),
        });
    }
    let world = console.session().world();
    let token = result.events().find_map(|event| match event {
        model::Event::TokenIssued { token } => Some(token),
        _ => None,
    })?;
    Some(Response::json(
        200,
        &console::shapes::token_response(world, token, kind),
    ))
}

/// The token a `Bearer` header presents, or the 401 its service answers. `answer(code, message)`
/// builds the service's own error body for each case.
fn bearer<'w>(
    request: &Request,
    world: &'w World,
    unauthorized: impl Fn(Problem) -> Response,
) -> Result<&'w Token, Response> {
    let Some(header) = request.header("authorization") else {
        return Err(unauthorized(Problem::Missing));
    };
    let Some(text) = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
    else {
        return Err(unauthorized(Problem::Format));
    };
    let text = text.trim();
    let token = world
        .tokens
        .values()
        .find(|token| json::access_token(token) == text);
    let Some(token) = token else {
        return Err(unauthorized(Problem::Invalid));
    };
    if world.clock >= token.expires {
        return Err(unauthorized(Problem::Expired(token)));
    }
    Ok(token)
}

/// Why a bearer token is refused.
enum Problem<'t> {
    Missing,
    Format,
    Invalid,
    Expired(&'t Token),
}

/// `GET https://management.azure.com/subscriptions/S/resourceGroups/G[/providers/NS/TYPE/NAME]`.
fn arm(request: &Request, world: &World) -> Option<Response> {
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    let (subscription, group, provider) = match segments.as_slice() {
        [s, sub, g, group]
            if s.eq_ignore_ascii_case("subscriptions")
                && g.eq_ignore_ascii_case("resourcegroups") =>
        {
            (*sub, *group, None)
        }
        [s, sub, g, group, p, namespace, kind, name]
            if s.eq_ignore_ascii_case("subscriptions")
                && g.eq_ignore_ascii_case("resourcegroups")
                && p.eq_ignore_ascii_case("providers") =>
        {
            (*sub, *group, Some((*namespace, *kind, *name)))
        }
        _ => return None,
    };
    if request.param("api-version").is_none_or(str::is_empty) {
        return Some(Response::error(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        ));
    }
    let token = match bearer(request, world, |problem| match problem {
        Problem::Missing => Response::error(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        ),
        Problem::Format => Response::error(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        ),
        Problem::Invalid => Response::error(
            401,
            "InvalidAuthenticationToken",
            "The access token is invalid.",
        ),
        Problem::Expired(token) => Response::error(
            401,
            "ExpiredAuthenticationToken",
            &format!(
                "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
                us_time(token.expires),
                us_time(world.clock)
            ),
        ),
    }) {
        Ok(token) => token,
        Err(response) => return Some(response),
    };
    let audience = token.audience.trim_end_matches('/').to_ascii_lowercase();
    if audience != "https://management.azure.com"
        && audience != "https://management.core.windows.net"
    {
        return Some(Response::error(401, "InvalidAuthenticationTokenAudience", &format!("The access token has been obtained for wrong audience or resource '{}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.", token.audience)));
    }
    let Some(known) = world
        .subscriptions
        .values()
        .find(|s| s.id.to_string().eq_ignore_ascii_case(subscription))
    else {
        return Some(Response::error(
            404,
            "SubscriptionNotFound",
            &format!("The subscription '{subscription}' could not be found."),
        ));
    };
    let scope = format!("/{}", request.path.trim_matches('/'));
    let action = match provider {
        None => roles::operations::READ_RESOURCE_GROUPS.to_string(),
        Some((namespace, kind, _)) => format!("{namespace}/{kind}/read"),
    };
    let decision = query::check_access(world, token.principal_id, &scope, &action);
    if !decision.allowed {
        let message = format!("The client '{}' with object id '{}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.", token.client_id, token.principal_id);
        return Some(Response::error(403, "AuthorizationFailed", &message));
    }
    let found_group = world
        .groups
        .values()
        .find(|g| g.subscription_id == known.id && g.name.eq_ignore_ascii_case(group));
    let Some(found_group) = found_group else {
        return Some(Response::error(
            404,
            "ResourceGroupNotFound",
            &format!("Resource group '{group}' could not be found."),
        ));
    };
    match provider {
        None => Some(Response::json(
            200,
            &rest_shape(json::resource_group(found_group)),
        )),
        Some((namespace, kind, name)) => {
            let id = format!("{}/providers/{namespace}/{kind}/{name}", found_group.id);
            match world.resource_by_id(&id) {
                Some(resource) => Some(Response::json(200, &rest_shape(json::resource(world, resource)))),
                None => Some(Response::error(404, "ResourceNotFound", &format!("The Resource '{namespace}/{kind}/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"))),
            }
        }
    }
}

/// Key Vault's `SecretBundle`: what `az keyvault secret show` prints before the CLI reshapes it
/// (times as epoch seconds, no `name`, the CLI's tag left out).
fn secret_bundle(vault: &model::Resource, secret: &model::VaultSecret) -> Value {
    let cli = json::vault_secret(vault, secret);
    let attributes = Value::object(vec![
        ("enabled", Value::Bool(true)),
        ("created", Value::from(secret.created.0)),
        ("updated", Value::from(secret.updated.0)),
        ("recoveryLevel", "Recoverable+Purgeable".into()),
        ("recoverableDays", Value::from(90i64)),
    ]);
    Value::object(vec![
        ("value", secret.value.as_str().into()),
        ("id", cli.get("id").cloned().unwrap_or_default()),
        ("attributes", attributes),
    ])
}

/// Blob Storage (`https://ACCOUNT.blob.core.windows.net/…`): List Containers (`/?comp=list`), List
/// Blobs (`/CONTAINER?restype=container&comp=list`) and Get Blob (`/CONTAINER/BLOB`), answered in
/// Storage's XML. A token needs a data role for blobs (Storage Blob Data Reader or above): Owner and
/// Contributor manage the account but read no data (docs/azure-rules.md T8).
fn blob(request: &Request, account_name: &str, world: &World) -> Option<Response> {
    let account = world.resource_named(ResourceKind::StorageAccount, account_name)?;
    let path = request.path.trim_matches('/');
    let (container, blob) = match path.split_once('/') {
        Some((container, blob)) => (container, Some(blob)),
        None => (path, None),
    };
    let listing = request.param("comp") == Some("list");
    let what = match (
        container.is_empty(),
        blob,
        listing,
        request.param("restype"),
    ) {
        (true, None, true, _) => "containers",
        (false, None, true, Some("container")) => "blobs",
        (false, Some(_), false, _) => "blob",
        _ => return None,
    };
    let stamp = world.clock.0.to_string();
    let error = |status: u16, code: &str, message: &str| {
        Response {
        status,
        body: format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\nRequestId:{}\nTime:{}</Message></Error>", request_id(&stamp, &request.path), storage_time(world.clock)),
    }
    };
    const NOT_AUTHENTICATED: &str = "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.";
    let token = match bearer(request, world, |problem| match problem {
        Problem::Missing => error(401, "NoAuthenticationInformation", NOT_AUTHENTICATED),
        _ => error(401, "InvalidAuthenticationInfo", NOT_AUTHENTICATED),
    }) {
        Ok(token) => token,
        Err(response) => return Some(response),
    };
    let audience = token.audience.trim_end_matches('/').to_ascii_lowercase();
    if audience != "https://storage.azure.com" && !audience.ends_with(".blob.core.windows.net") {
        return Some(error(401, "InvalidAuthenticationInfo", NOT_AUTHENTICATED));
    }
    let scope = match what {
        "containers" => account.id.clone(),
        _ => format!("{}/blobServices/default/containers/{container}", account.id),
    };
    if !query::check_access(
        world,
        token.principal_id,
        &scope,
        roles::operations::READ_BLOB,
    )
    .allowed
    {
        return Some(error(
            403,
            "AuthorizationPermissionMismatch",
            "This request is not authorized to perform this operation using this permission.",
        ));
    }
    let endpoint = format!("https://{}.blob.core.windows.net/", account.name);
    let found = account.containers.get(&container.to_ascii_lowercase());
    let body = match (what, found) {
        ("containers", _) => {
            let names: String = account
                .containers
                .values()
                .map(|c| format!("<Container><Name>{}</Name><Properties><Last-Modified>{}</Last-Modified></Properties></Container>", c.name, http_date(c.created)))
                .collect();
            format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"{endpoint}\"><Containers>{names}</Containers><NextMarker /></EnumerationResults>")
        }
        (_, None) => return Some(error(404, "ContainerNotFound", "The specified container does not exist.")),
        ("blobs", Some(found)) => format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"{endpoint}\" ContainerName=\"{}\"><Blobs /><NextMarker /></EnumerationResults>", found.name),
        // The model keeps containers, not blobs.
        _ => return Some(error(404, "BlobNotFound", "The specified blob does not exist.")),
    };
    Some(Response { status: 200, body })
}

/// Storage's `RequestId`: a GUID-shaped number, the same for the same request at the same time.
fn request_id(stamp: &str, path: &str) -> String {
    let hash = console::shapes::id_hash(&format!("{stamp}{path}"));
    let hex = format!(
        "{hash:016x}{:016x}",
        hash.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15
    );
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Storage's `Time:` (`2026-01-05T09:04:00.0000000Z`).
fn storage_time(time: model::Timestamp) -> String {
    time.to_string().replace('Z', ".0000000Z")
}

/// An HTTP date (`Mon, 05 Jan 2026 09:04:00 GMT`), as Storage writes `Last-Modified`.
fn http_date(time: model::Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let iso = time.to_string();
    let month: usize = iso.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let day = DAYS[time.0.div_euclid(86_400).rem_euclid(7) as usize];
    format!(
        "{day}, {} {} {} {} GMT",
        iso.get(8..10).unwrap_or("01"),
        MONTHS[(month.max(1) - 1).min(11)],
        iso.get(0..4).unwrap_or("1970"),
        iso.get(11..19).unwrap_or("00:00:00")
    )
}

/// ARM's REST body of what the CLI prints: `id`, `name`, `type`, `location` first, and no
/// property it leaves out (the CLI's `null`s).
fn rest_shape(value: Value) -> Value {
    let Value::Object(pairs) = value else {
        return value;
    };
    let mut pairs: Vec<(String, Value)> = pairs.into_iter().filter(|(_, v)| !v.is_null()).collect();
    let rank = |key: &str| {
        ["id", "name", "type", "location"]
            .iter()
            .position(|k| *k == key)
            .unwrap_or(4)
    };
    pairs.sort_by_key(|(key, _)| rank(key));
    Value::Object(pairs)
}

/// .NET's invariant `M/d/yyyy h:mm:ss tt`, as ARM writes times in its token errors.
fn us_time(time: model::Timestamp) -> String {
    let iso = time.to_string();
    let number = |range: std::ops::Range<usize>| {
        iso.get(range)
            .and_then(|t| t.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let (hour, minute, second) = (number(11..13), number(14..16), number(17..19));
    let (twelve, half) = match hour {
        0 => (12, "AM"),
        1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        _ => (hour - 12, "PM"),
    };
    format!("{month}/{day}/{year} {twelve}:{minute:02}:{second:02} {half}")
}

/// `GET https://VAULT.vault.azure.net/secrets/NAME[/VERSION]?api-version=…`.
fn key_vault(request: &Request, vault_name: &str, world: &World) -> Option<Response> {
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    let name = match segments.as_slice() {
        [s, name] | [s, name, _] if s.eq_ignore_ascii_case("secrets") && !name.is_empty() => *name,
        _ => return None,
    };
    let vault = world.vault_named(vault_name)?;
    let unauthorized = |message: &str| Response::error(401, "Unauthorized", message);
    let token = match bearer(request, world, |problem| match problem {
        Problem::Missing | Problem::Format => {
            unauthorized("AKV10000: Request is missing a Bearer or PoP token.")
        }
        Problem::Invalid => {
            unauthorized("[BearerReadAccessTokenFailed] Error validating token: 'S2S12005'.")
        }
        Problem::Expired(_) => unauthorized("[TokenExpired] Error validating token: 'S2S12086'."),
    }) {
        Ok(token) => token,
        Err(response) => return Some(response),
    };
    let audience = token.audience.trim_end_matches('/').to_ascii_lowercase();
    if audience != "https://vault.azure.net" && !audience.ends_with(".vault.azure.net") {
        return Some(unauthorized(&format!(
            "AKV10022: Invalid audience. Expected https://vault.azure.net, found: {}.",
            token.audience
        )));
    }
    let decision =
        query::vault_secret_access(world, token.principal_id, vault, SecretOperation::Get);
    if !decision.allowed {
        let caller = Caller {
            object_id: token.principal_id,
            app_id: token.client_id.to_string(),
            tenant_id: token.tenant_id,
        };
        let error = query::forbidden(vault, &caller, SecretOperation::Get, Some(name));
        let mut body = vec![
            ("code", Value::from(error.code.as_str())),
            ("message", Value::from(error.message.as_str())),
        ];
        if let Some(inner) = &error.inner_code {
            body.push((
                "innererror",
                Value::object(vec![("code", Value::from(inner.as_str()))]),
            ));
        }
        return Some(Response::json(
            403,
            &Value::object(vec![("error", Value::object(body))]),
        ));
    }
    match vault.secrets.get(&name.to_ascii_lowercase()) {
        Some(secret) => Some(Response::json(200, &secret_bundle(vault, secret))),
        None => Some(Response::error(404, "SecretNotFound", &format!("A secret with (name/id) {name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"))),
    }
}
