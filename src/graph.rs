//! The diagram's nodes and edges (resource —uses→ identity —is→ service principal —has role on→ scope), laid out in creation order so nothing already drawn moves when something new appears.

use model::sort::sort_by;
use std::borrow::Cow;

use model::query;
use model::{ArmKey, ObjectId, PrincipalKind, Timestamp, World};

/// The four columns, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Resources,
    Identities,
    Principals,
    Scopes,
}

impl Column {
    pub fn index(self) -> usize {
        self as usize
    }
}

/// How a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    Normal,
    /// A dangling user-assigned reference's identity, or an orphaned assignment's principal.
    Missing,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Unique and stable: the object's key.
    pub key: String,
    pub column: Column,
    pub row: usize,
    pub label: String,
    /// What kind of object, in words ("virtual machine", "system-assigned identity").
    pub kind: String,
    pub state: NodeState,
    /// The service principal it stands for, for highlighting.
    pub principal: Option<ObjectId>,
    /// Whether any edge touches it (the table lists lone nodes apart).
    pub linked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// "uses", "is", or "has Reader on".
    pub label: String,
    pub broken: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Objects left out because the diagram is full (the table lists every relation drawn).
    pub omitted: usize,
}

/// What a node stands for. Its variants are in the order of the keys' prefixes, so sorting by it
/// sorts as the keys do; the key text is only written for the nodes and edges that are drawn.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Id<'w> {
    /// A dangling reference's identity: the referring resource's map key and the old principal.
    Missing(&'w ArmKey, ObjectId),
    Principal(ObjectId),
    Resource(&'w ArmKey),
    /// A system-assigned identity, by its principal.
    System(ObjectId),
    User(&'w ArmKey),
    Scope(ArmKey),
}

impl Id<'_> {
    /// The node's key: unique, stable, and the same text the drawing and the table are keyed by.
    fn key(&self) -> String {
        match self {
            Id::Missing(key, principal) => format!("m:{key}:{principal}"),
            Id::Principal(id) => format!("p:{id}"),
            Id::Resource(key) => format!("r:{key}"),
            Id::System(id) => format!("s:{id}"),
            Id::User(key) => format!("u:{key}"),
            Id::Scope(key) => format!("x:{key}"),
        }
    }
}

/// A node before layout. Most are never drawn (a column shows `limit`), so it borrows its label and
/// kind, and its key is written only if it is drawn: with 2,000 objects, copying and formatting
/// them all was most of a re-render's cost.
struct Pending<'w> {
    id: Id<'w>,
    column: Column,
    /// Creation time; ties are broken by `id`.
    created: Timestamp,
    label: Cow<'w, str>,
    kind: Cow<'static, str>,
    state: NodeState,
    principal: Option<ObjectId>,
}

/// An edge before we know whether both of its ends are drawn.
struct PendingEdge<'w> {
    from: Id<'w>,
    to: Id<'w>,
    label: Cow<'static, str>,
    broken: bool,
}

fn edge<'w>(from: Id<'w>, to: Id<'w>, label: &'static str) -> PendingEdge<'w> {
    PendingEdge {
        from,
        to,
        label: Cow::Borrowed(label),
        broken: false,
    }
}

fn scope_label(world: &World, scope: &str) -> (String, String) {
    let key = ArmKey::of(scope);
    if let Some(resource) = world.resources.get(&key) {
        return (resource.name.clone(), resource.kind.noun().to_string());
    }
    if let Some(group) = world.groups.get(&key) {
        return (group.name.clone(), "resource group".into());
    }
    if let Some(sub) = world
        .subscriptions
        .values()
        .find(|s| ArmKey::of(&s.scope()) == key)
    {
        return (sub.name.clone(), "subscription".into());
    }
    let last = scope
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(scope);
    (last.to_string(), "scope".into())
}

/// Builds the graph of the signed-in subscription and tenant, at most `limit` nodes per column.
pub fn build(world: &World, limit: usize) -> Graph {
    let subscription = world.current_subscription;
    let tenant = world.tenant_id();
    let mut pending: Vec<Pending> = Vec::new();
    let mut edges: Vec<PendingEdge> = Vec::new();

    // The maps' keys are the lower-cased IDs (`ArmKey::of`), so they are used as they are.
    for (resource_key, resource) in world
        .resources
        .iter()
        .filter(|(_, r)| r.subscription_id == subscription)
    {
        pending.push(Pending {
            id: Id::Resource(resource_key),
            column: Column::Resources,
            created: resource.created,
            label: Cow::Borrowed(&resource.name),
            kind: Cow::Borrowed(resource.kind.noun()),
            state: NodeState::Normal,
            principal: None,
        });
        if let Some(system) = resource.identity.system {
            let created = world
                .service_principal(system.principal_id)
                .map_or(resource.created, |sp| sp.created);
            pending.push(Pending {
                id: Id::System(system.principal_id),
                column: Column::Identities,
                created,
                label: Cow::Borrowed(&resource.name),
                kind: Cow::Borrowed("system-assigned identity"),
                state: NodeState::Normal,
                principal: Some(system.principal_id),
            });
            edges.push(edge(
                Id::Resource(resource_key),
                Id::System(system.principal_id),
                "uses",
            ));
            edges.push(edge(
                Id::System(system.principal_id),
                Id::Principal(system.principal_id),
                "is",
            ));
        }
        for (key, reference) in &resource.identity.user {
            if query::is_dangling(world, key, reference) {
                let name = reference.id.rsplit('/').next().unwrap_or("");
                pending.push(Pending {
                    id: Id::Missing(key, reference.principal_id),
                    column: Column::Identities,
                    created: Timestamp(i64::MAX),
                    label: Cow::Owned(format!("{name} (deleted)")),
                    kind: Cow::Borrowed("missing user-assigned identity"),
                    state: NodeState::Missing,
                    principal: None,
                });
                edges.push(PendingEdge {
                    from: Id::Resource(resource_key),
                    to: Id::Missing(key, reference.principal_id),
                    label: Cow::Borrowed("uses (dangling)"),
                    broken: true,
                });
            } else {
                edges.push(edge(Id::Resource(resource_key), Id::User(key), "uses"));
            }
        }
    }
    for (identity_key, identity) in world
        .user_identities
        .iter()
        .filter(|(_, i)| i.subscription_id == subscription)
    {
        pending.push(Pending {
            id: Id::User(identity_key),
            column: Column::Identities,
            created: identity.created,
            label: Cow::Borrowed(&identity.name),
            kind: Cow::Borrowed("user-assigned identity"),
            state: NodeState::Normal,
            principal: Some(identity.principal_id),
        });
        edges.push(edge(
            Id::User(identity_key),
            Id::Principal(identity.principal_id),
            "is",
        ));
    }
    for sp in world
        .service_principals
        .values()
        .filter(|sp| sp.tenant_id == tenant)
    {
        let kind = match sp.kind {
            PrincipalKind::ManagedIdentity { .. } => "service principal (managed identity)",
            PrincipalKind::Application { .. } => "service principal (application)",
        };
        pending.push(Pending {
            id: Id::Principal(sp.id),
            column: Column::Principals,
            created: sp.created,
            label: Cow::Borrowed(&sp.display_name),
            kind: Cow::Borrowed(kind),
            state: NodeState::Normal,
            principal: Some(sp.id),
        });
    }
    // A list, not a map: few distinct scopes, and every map type adds code to the download.
    let mut scopes: Vec<(ArmKey, Timestamp)> = Vec::new();
    // The learner's own assignments (a user's, such as their Owner of the subscription) are not
    // drawn: the diagram has no node for users yet.
    for assignment in world
        .role_assignments
        .values()
        .filter(|a| a.subscription_id == subscription && !world.users.contains_key(&a.principal_id))
    {
        let scope_key = assignment.scope_key();
        match scopes.iter_mut().find(|(key, _)| *key == scope_key) {
            Some((_, first)) => *first = (*first).min(assignment.created),
            None => scopes.push((scope_key.clone(), assignment.created)),
        }
        let role = model::roles::role_by_guid(assignment.role)
            .map(|r| r.name)
            .unwrap_or("a role");
        let principal = Id::Principal(assignment.principal_id);
        let orphaned = query::is_orphaned(world, assignment);
        if orphaned && !pending.iter().any(|p| p.id == principal) {
            pending.push(Pending {
                id: principal.clone(),
                column: Column::Principals,
                created: Timestamp(i64::MAX),
                label: Cow::Borrowed("Identity not found"),
                kind: Cow::Owned(format!("deleted principal {}", assignment.principal_id)),
                state: NodeState::Missing,
                principal: None,
            });
        }
        edges.push(PendingEdge {
            from: principal,
            to: Id::Scope(scope_key),
            label: Cow::Owned(format!("has {role} on")),
            broken: orphaned,
        });
    }
    for (scope_key, created) in scopes {
        let (label, kind) = scope_label(world, &scope_key.0);
        pending.push(Pending {
            id: Id::Scope(scope_key),
            column: Column::Scopes,
            created,
            label: Cow::Owned(label),
            kind: Cow::Owned(kind),
            state: NodeState::Normal,
            principal: None,
        });
    }

    sort_by(&mut pending, |a, b| {
        (a.column, a.created, &a.id).cmp(&(b.column, b.created, &b.id))
    });
    let mut rows = [0usize; 4];
    // Each drawn node with its row in its column.
    let mut drawn: Vec<(Pending, usize)> = Vec::new();
    let mut omitted = 0;
    for item in pending {
        let row = &mut rows[item.column.index()];
        if *row >= limit {
            omitted += 1;
            continue;
        }
        drawn.push((item, *row));
        *row += 1;
    }
    // (id, index into `nodes`), sorted by id: which ends of an edge are drawn, and where.
    let mut at: Vec<(&Id, usize)> = drawn
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (&p.id, i))
        .collect();
    sort_by(&mut at, |a, b| a.0.cmp(b.0));
    let find = |id: &Id| {
        at.binary_search_by(|(k, _)| (*k).cmp(id))
            .ok()
            .map(|i| at[i].1)
    };
    let mut linked = vec![false; drawn.len()];
    let mut kept = Vec::new();
    for edge in &edges {
        if let (Some(from), Some(to)) = (find(&edge.from), find(&edge.to)) {
            linked[from] = true;
            linked[to] = true;
            kept.push(Edge {
                from: edge.from.key(),
                to: edge.to.key(),
                label: edge.label.to_string(),
                broken: edge.broken,
            });
        }
    }
    let nodes: Vec<Node> = drawn
        .iter()
        .zip(linked)
        .map(|((item, row), linked)| Node {
            key: item.id.key(),
            column: item.column,
            row: *row,
            label: item.label.to_string(),
            kind: item.kind.to_string(),
            state: item.state,
            principal: item.principal,
            linked,
        })
        .collect();
    Graph {
        nodes,
        edges: kept,
        omitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use console::Console;

    fn world_after(lines: &[&str]) -> World {
        let mut console = Console::new(crate::state::SEED);
        for line in lines {
            let output = console.run_line(line);
            assert_eq!(output.exit_code, 0, "{line}: {}", output.stderr);
        }
        console.session().world().clone()
    }

    const STORY: &[&str] = &[
        "az group create -n rg1 -l westeurope",
        "az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity",
        "az vm create -g rg1 -n vm2 --image Ubuntu2204",
        "az identity create -g rg1 -n id1",
        "az vm identity assign -g rg1 -n vm2 --identities id1",
    ];

    fn place(graph: &Graph) -> Vec<(String, Column, usize)> {
        graph
            .nodes
            .iter()
            .map(|n| (n.key.clone(), n.column, n.row))
            .collect()
    }

    #[test]
    fn resources_use_identities_that_are_service_principals() {
        let graph = build(&world_after(STORY), 100);
        let labels = |column| {
            graph
                .nodes
                .iter()
                .filter(|n| n.column == column)
                .map(|n| n.label.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(Column::Resources), ["vm1", "vm2"]);
        assert_eq!(labels(Column::Identities), ["vm1", "id1"]);
        assert_eq!(labels(Column::Principals), ["vm1", "id1"]);
        let relations: Vec<&str> = graph.edges.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(relations.iter().filter(|l| **l == "uses").count(), 2);
        assert_eq!(relations.iter().filter(|l| **l == "is").count(), 2);
        assert!(graph.nodes.iter().all(|n| n.linked));
    }

    #[test]
    fn nothing_already_drawn_moves_when_something_unrelated_appears() {
        let before = build(&world_after(STORY), 100);
        let mut more = STORY.to_vec();
        more.push("az group create -n rg0 -l westeurope");
        more.push("az appservice plan create -g rg0 -n plan --is-linux");
        more.push("az webapp create -g rg0 -n aaa-first-by-name -p plan");
        more.push("az identity create -g rg0 -n aaa-id");
        let after = build(&world_after(&more), 100);
        for placed in place(&before) {
            assert!(place(&after).contains(&placed), "{placed:?} moved");
        }
        assert!(after.nodes.len() > before.nodes.len());
    }

    #[test]
    fn dangling_references_and_orphaned_assignments_are_drawn_broken() {
        let mut lines = STORY.to_vec();
        lines.push("az role assignment create --assignee $(az identity show -g rg1 -n id1 --query principalId -o tsv) --role Reader --scope /subscriptions/$(az account show --query id -o tsv)/resourceGroups/rg1");
        lines.push("az identity delete -g rg1 -n id1");
        let graph = build(&world_after(&lines), 100);
        let broken: Vec<&Edge> = graph.edges.iter().filter(|e| e.broken).collect();
        assert_eq!(broken.len(), 2, "{:?}", graph.edges);
        assert!(broken.iter().any(|e| e.label == "uses (dangling)"));
        assert!(broken.iter().any(|e| e.label == "has Reader on"));
        let missing: Vec<&str> = graph
            .nodes
            .iter()
            .filter(|n| n.state == NodeState::Missing)
            .map(|n| n.label.as_str())
            .collect();
        assert_eq!(missing, ["id1 (deleted)", "Identity not found"]);
        assert!(graph
            .nodes
            .iter()
            .any(|n| n.column == Column::Scopes && n.label == "rg1"));
    }

    #[test]
    fn a_full_column_is_cut_and_counted() {
        let mut lines = vec!["az group create -n rg1 -l westeurope".to_string()];
        for index in 0..5 {
            lines.push(format!("az identity create -g rg1 -n id{index}"));
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let graph = build(&world_after(&refs), 3);
        assert_eq!(
            graph
                .nodes
                .iter()
                .filter(|n| n.column == Column::Identities)
                .count(),
            3
        );
        assert_eq!(graph.omitted, 4);
        // Only relations between drawn nodes are kept: the drawing finds both ends by key.
        let drawn = |key: &str| graph.nodes.iter().any(|n| n.key == key);
        assert!(!graph.edges.is_empty());
        assert!(graph.edges.iter().all(|e| drawn(&e.from) && drawn(&e.to)));
    }
}
