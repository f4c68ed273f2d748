//! Why a command was refused, in Azure's own codes and words: the text the learner reads.

use std::fmt;

/// Which service refused: it decides how the console prints the error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorOrigin {
    /// Azure Resource Manager: printed `(Code) Message`.
    Arm,
    /// Microsoft Graph (`az ad ...`): the CLI prints only the message, on one line (azure-cli
    /// role `graph_err_handler` turns a `GraphError` into a `CLIError` of its message).
    Graph,
    /// The Azure CLI itself, before any request: no code, only the message.
    Cli,
    /// The instance metadata service / identity endpoint: a JSON body `{"error", "error_description"}`.
    IdentityEndpoint,
}

/// A refused command. `Display` is what the learner reads: `(Code) Message` for ARM's and the
/// data planes' errors, only the message for Graph's and for errors the CLI raises itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError {
    /// Azure's error code (`ResourceGroupNotFound`), or `invalid_request`-style for token endpoints;
    /// empty for the CLI's own usage errors.
    pub code: String,
    /// Azure's message, exactly worded where we know the wording.
    pub message: String,
    /// Where the refusal comes from.
    pub origin: ErrorOrigin,
    /// A sentence for the learner about what to do next (never part of Azure's text).
    pub hint: Option<String>,
    /// The `innererror.code` of the service's body (Key Vault's `ForbiddenByRbac`), which azure-core
    /// prints after the message as an `Inner error:` block.
    pub inner_code: Option<String>,
}

impl CommandError {
    /// An ARM error.
    pub fn arm(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            origin: ErrorOrigin::Arm,
            hint: None,
            inner_code: None,
        }
    }

    /// A Microsoft Graph error.
    pub fn graph(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            origin: ErrorOrigin::Graph,
            hint: None,
            inner_code: None,
        }
    }

    /// An error the CLI raises itself, without a code.
    pub fn cli(message: impl Into<String>) -> Self {
        Self {
            code: String::new(),
            message: message.into(),
            origin: ErrorOrigin::Cli,
            hint: None,
            inner_code: None,
        }
    }

    /// An identity endpoint (IMDS) error: `error` and `error_description`.
    pub fn identity_endpoint(error: &str, description: impl Into<String>) -> Self {
        Self {
            code: error.into(),
            message: description.into(),
            origin: ErrorOrigin::IdentityEndpoint,
            hint: None,
            inner_code: None,
        }
    }

    /// The same error with the `innererror.code` its body carries.
    pub fn with_inner_code(mut self, code: &str) -> Self {
        self.inner_code = Some(code.into());
        self
    }

    /// The same error with a hint for the learner.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `Resource group '{name}' could not be found.`
    pub fn resource_group_not_found(name: &str) -> Self {
        Self::arm(
            "ResourceGroupNotFound",
            format!("Resource group '{name}' could not be found."),
        )
    }

    /// `The Resource '{type}/{name}' under resource group '{group}' was not found. ...`
    pub fn resource_not_found(arm_type: &str, name: &str, group: &str) -> Self {
        Self::arm(
            "ResourceNotFound",
            format!(
                "The Resource '{arm_type}/{name}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"
            ),
        )
    }

    /// The CLI's own refusal of an `--assignee` Microsoft Graph doesn't know (azure-cli role
    /// custom.py `_resolve_object_id_and_type`), for `create`, `list` and `delete` alike.
    pub fn assignee_not_found(assignee: &str) -> Self {
        let assignee = assignee.trim();
        Self::cli(format!(
            "Cannot find user or service principal in graph database for '{assignee}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id {assignee}'."
        ))
    }

    /// azure-cli keyvault `validate_resource_group_name`, for a vault named without `-g` that the
    /// subscription doesn't have.
    pub fn vault_not_in_subscription(name: &str) -> Self {
        Self::cli(format!(
            "The Vault '{}' not found within subscription.",
            name.trim()
        ))
    }

    /// Graph's not-found wording for an object ID / appId.
    pub fn graph_not_found(id: &str) -> Self {
        Self::graph(
            "Request_ResourceNotFound",
            format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
        )
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.origin {
            ErrorOrigin::Cli | ErrorOrigin::Graph => f.write_str(&self.message),
            ErrorOrigin::IdentityEndpoint => {
                let mut body = String::from("{\"error\":");
                crate::value::write_string(&self.code, false, &mut body);
                body.push_str(",\"error_description\":");
                crate::value::write_string(&self.message, false, &mut body);
                body.push('}');
                f.write_str(&body)
            }
            ErrorOrigin::Arm => write!(f, "({}) {}", self.code, self.message),
        }
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_errors_print_code_then_message() {
        let error = CommandError::resource_group_not_found("rg1");
        assert_eq!(
            error.to_string(),
            "(ResourceGroupNotFound) Resource group 'rg1' could not be found."
        );
    }

    #[test]
    fn identity_endpoint_errors_print_the_json_body() {
        let error = CommandError::identity_endpoint("invalid_request", "Identity not found");
        assert_eq!(
            error.to_string(),
            r#"{"error":"invalid_request","error_description":"Identity not found"}"#
        );
    }
}
