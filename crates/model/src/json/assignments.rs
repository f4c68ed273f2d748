//! Role assignments and role definitions, as `az role assignment` and `az role definition` print them.

use super::*;

/// When Microsoft created the built-in roles (their `createdOn`).
pub(super) const BUILT_IN_ROLES_CREATED: &str = "2015-02-02T21:55:09.880642+00:00";

/// `/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}`.
pub fn role_definition_id(subscription: &Subscription, role: Guid) -> String {
    format!(
        "/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{role}",
        subscription.id
    )
}

/// `az role assignment create` (`list: false`) or one element of `az role assignment list`
/// (`list: true`, adding `principalName` — `""` when orphaned — and `roleDefinitionName`).
pub fn role_assignment(world: &World, assignment: &RoleAssignment, list: bool) -> Value {
    let definition_id = world
        .subscriptions
        .get(&assignment.subscription_id)
        .map(|s| role_definition_id(s, assignment.role))
        .unwrap_or_default();
    let created = assignment.created.arm();
    let mut value = object(
        &[
            ("condition", Null),
            ("conditionVersion", Null),
            ("createdBy", Null),
            ("delegatedManagedIdentityResourceId", Null),
            ("description", Null),
            ("type", Text("Microsoft.Authorization/roleAssignments")),
            ("updatedBy", Null),
        ],
        vec![
            ("createdOn", created.clone().into()),
            ("id", assignment.id().into()),
            ("name", assignment.name.to_string().into()),
            ("principalId", assignment.principal_id.to_string().into()),
            ("principalType", assignment.principal_type.clone().into()),
            ("roleDefinitionId", definition_id.into()),
            ("scope", assignment.scope.clone().into()),
            ("updatedOn", created.into()),
        ],
    );
    if let Some(group) = resource_group_of(&assignment.scope) {
        insert_all(&mut value, vec![("resourceGroup", group.into())]);
    }
    if list {
        // A user by its principal name, a service principal by its first servicePrincipalName
        // (the appId), and "" when Graph no longer knows the principal (docs/azure-rules.md R11).
        let principal_name = crate::query::principal_name(world, assignment.principal_id);
        let role_name = roles::role_by_guid(assignment.role)
            .map(|r| r.name)
            .unwrap_or_default();
        insert_all(
            &mut value,
            vec![
                ("principalName", principal_name.into()),
                ("roleDefinitionName", role_name.into()),
            ],
        );
    }
    value
}

/// `az role definition list` element, in the signed-in subscription.
pub fn role_definition(world: &World, role: &RoleDefinition) -> Value {
    let permissions = object(
        &[("condition", Null), ("conditionVersion", Null)],
        vec![
            ("actions", role.actions.into()),
            ("dataActions", role.data_actions.into()),
            ("notActions", role.not_actions.into()),
            ("notDataActions", role.not_data_actions.into()),
        ],
    );
    object(
        &[
            ("createdBy", Null),
            ("createdOn", Text(BUILT_IN_ROLES_CREATED)),
            ("roleType", Text("BuiltInRole")),
            ("type", Text("Microsoft.Authorization/roleDefinitions")),
            ("updatedBy", Null),
            ("updatedOn", Text(BUILT_IN_ROLES_CREATED)),
        ],
        vec![
            ("assignableScopes", Value::Array(vec!["/".into()])),
            ("description", role.description.into()),
            (
                "id",
                role_definition_id(world.subscription(), role.guid).into(),
            ),
            ("name", role.guid.to_string().into()),
            ("permissions", Value::Array(vec![permissions])),
            ("roleName", role.name.into()),
        ],
    )
}
