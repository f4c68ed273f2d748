//! The SVG diagram of resources, identities, service principals and role scopes, with a table of the same relations for screen readers.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use model::ObjectId;
use model::SortedMap;
use yew::prelude::*;

use super::class_list;
use super::SessionView;
use crate::graph::{self, Column, Edge, Graph, Node, NodeState};

/// At most this many nodes per column are drawn; the rest are counted.
pub const COLUMN_LIMIT: usize = 60;

// Whole pixels: integers print with far less code than floats.
const COLUMN_WIDTH: i32 = 230;
const NODE_WIDTH: i32 = 176;
const NODE_HEIGHT: i32 = 34;
const ROW_HEIGHT: i32 = 46;
const TOP: i32 = 44;
const LEFT: i32 = 8;

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub view: SessionView,
    pub appeared: Rc<SortedMap<ObjectId, ()>>,
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// The role scopes sit further right: the "has <role> on" labels go in that wider gap.
const ROLE_GAP: i32 = 150;

fn column_x(column: Column) -> i32 {
    let extra = if column == Column::Scopes {
        ROLE_GAP
    } else {
        0
    };
    LEFT + column.index() as i32 * COLUMN_WIDTH + extra
}

fn position(node: &Node) -> (i32, i32) {
    (column_x(node.column), TOP + node.row as i32 * ROW_HEIGHT)
}

/// The graph drawn, and the revision of the world it was built from.
type Drawn = Option<(u64, Rc<Graph>)>;

#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let as_table = use_state(|| false);
    // The drawing follows a change one frame later: the frame after a click shows the rows the
    // learner acted on first (the diagram is usually below them), and the diagram, with its table
    // for screen readers, is rebuilt right after that frame.
    // At start nothing is due: the first frame shows the rows, and the drawing comes after it.
    let due = use_state(|| u64::MAX);
    let drawn = use_mut_ref(|| Drawn::None);
    {
        let due = due.clone();
        let revision = props.view.revision;
        use_effect_with(revision, move |_| {
            let frame = (revision != *due).then(|| {
                gloo::render::request_animation_frame(move |_| {
                    Timeout::new(0, move || due.set(revision)).forget();
                })
            });
            move || drop(frame)
        });
    }
    let stale = *due == props.view.revision
        && drawn
            .borrow()
            .as_ref()
            .is_none_or(|(built, _)| *built != *due);
    if stale {
        let session = props.view.get();
        let built = graph::build(session.world(), COLUMN_LIMIT);
        *drawn.borrow_mut() = Some((props.view.revision, Rc::new(built)));
    }
    let graph = drawn.borrow().as_ref().map(|(_, graph)| graph.clone());
    let toggle = {
        let as_table = as_table.clone();
        Callback::from(move |_: MouseEvent| as_table.set(!*as_table))
    };
    let omitted = graph.as_ref().map_or(0, |graph| graph.omitted);
    html! {
        <section class="panel diagram" aria-labelledby="diagram-title">
            <div class="panel-head">
                <h2 id="diagram-title">{ "Diagram" }</h2>
                <button type="button" class="small" onclick={toggle} aria-pressed={(*as_table).to_string()}>
                    { if *as_table { "Show as diagram" } else { "Show as table" } }
                </button>
            </div>
            <p class="legend">{ "Resource —uses→ managed identity —is→ service principal —has role on→ scope. Dashed red: dangling reference or orphaned assignment." }</p>
            if omitted > 0 {
                <p class="note">{ format!("{omitted} more objects are not drawn: the diagram shows the first {COLUMN_LIMIT} of each column.") }</p>
            }
            if let Some(graph) = graph {
                <Drawing {graph} appeared={props.appeared.clone()} as_table={*as_table} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DrawingProps {
    graph: Rc<Graph>,
    appeared: Rc<SortedMap<ObjectId, ()>>,
    as_table: bool,
}

/// The drawing and its table, a component of their own so that a change that leaves the drawn
/// graph as it was (a new empty group, a change beyond the first 60 of a column) skips them: with
/// hundreds of nodes and edges, building and comparing their elements is most of a re-render.
#[component]
fn Drawing(props: &DrawingProps) -> Html {
    let graph = &*props.graph;
    let as_table = props.as_table;
    let rows = graph.nodes.iter().map(|n| n.row + 1).max().unwrap_or(0);
    let width = LEFT * 2 + COLUMN_WIDTH * 3 + ROLE_GAP + NODE_WIDTH;
    let height = TOP + rows.max(1) as i32 * ROW_HEIGHT;
    let edges: Html = graph
        .edges
        .iter()
        .filter_map(|edge| {
            let from = graph.node(&edge.from)?;
            let to = graph.node(&edge.to)?;
            let (x1, y1) = position(from);
            let (x2, y2) = position(to);
            let (sx, sy) = (x1 + NODE_WIDTH, y1 + NODE_HEIGHT / 2);
            let (ex, ey) = (x2, y2 + NODE_HEIGHT / 2);
            let mid = (sx + ex) / 2;
            let path = format!("M{sx},{sy} C{mid},{sy} {mid},{ey} {ex},{ey}");
            let label = (edge.label.starts_with("has")).then(|| {
                html! { <text class="edge-label" x={mid.to_string()} y={((sy + ey) / 2 - 4).to_string()} text-anchor="middle">{ truncate(&edge.label, 40) }</text> }
            });
            Some(html! {
                <g key={format!("{}>{}>{}", edge.from, edge.to, edge.label)}>
                    <path d={path} class={class_list(&[Some("edge"), edge.broken.then_some("broken")])} marker-end="url(#arrow)" />
                    { for label }
                </g>
            })
        })
        .collect();
    let nodes: Html = graph
        .nodes
        .iter()
        .map(|node| {
            let (x, y) = position(node);
            let fresh = node.principal.is_some_and(|p| props.appeared.contains_key(&p))
                && node.column == Column::Principals;
            html! {
                <g key={node.key.clone()} class={class_list(&[Some("node"), Some(node.column.class()), (node.state == NodeState::Missing).then_some("missing"), fresh.then_some("fresh")])}
                    transform={format!("translate({x},{y})")}>
                    <title>{ format!("{} — {}", node.label, node.kind) }</title>
                    <rect width={NODE_WIDTH.to_string()} height={NODE_HEIGHT.to_string()} rx="6" />
                    <text x="10" y="15" class="node-label">{ truncate(&node.label, 24) }</text>
                    <text x="10" y="28" class="node-kind">{ truncate(&node.kind, 30) }</text>
                </g>
            }
        })
        .collect();
    let headers: Html = Column::ALL
        .iter()
        .map(|column| {
            let x = column_x(*column);
            html! { <text key={column.title()} class="column-title" x={x.to_string()} y="20">{ column.title() }</text> }
        })
        .collect();
    let empty = graph.nodes.is_empty();
    html! {
        <>
            if empty {
                <p class="empty">{ "Nothing to draw yet." }</p>
            } else if !as_table {
                <div class="svg-wrap" tabindex="0" role="group" aria-label="Diagram drawing, scrollable">
                    <svg role="img" aria-labelledby="diagram-svg-title" width={width.to_string()} height={height.to_string()}
                        viewBox={format!("0 0 {width} {height}")}>
                        <title id="diagram-svg-title">{ format!("Diagram of {} objects and {} relations; the same relations are listed in the table that follows.", graph.nodes.len(), graph.edges.len()) }</title>
                        <defs>
                            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
                            </marker>
                        </defs>
                        { headers }
                        { edges }
                        { nodes }
                    </svg>
                </div>
            }
            { relations_table(graph, as_table) }
        </>
    }
}

fn describe(node: Option<&Node>) -> String {
    node.map(|n| format!("{} ({})", n.label, n.kind))
        .unwrap_or_default()
}

/// The diagram's text equivalent: every relation drawn, and every object without one.
fn relations_table(graph: &Graph, visible: bool) -> Html {
    html! {
        <div class={class_list(&[Some("relations"), (!visible).then_some("sr-only")])}>
            <table>
                <caption>{ "Relations in the diagram" }</caption>
                <thead><tr>
                    <th scope="col">{ "From" }</th><th scope="col">{ "Relation" }</th><th scope="col">{ "To" }</th>
                </tr></thead>
                <tbody>
                    // Keyed as the drawing is: a relation that goes must not shift every row after it.
                    { for graph.edges.iter().map(|edge: &Edge| html! {
                        <tr key={format!("{}>{}>{}", edge.from, edge.to, edge.label)} class={class_list(&[edge.broken.then_some("broken")])}>
                            <td>{ describe(graph.node(&edge.from)) }</td>
                            <td>{ edge.label.clone() }</td>
                            <td>{ describe(graph.node(&edge.to)) }</td>
                        </tr>
                    }) }
                    { for graph.nodes.iter().filter(|n| !n.linked).map(|node| html! {
                        <tr key={node.key.clone()}>
                            <td>{ format!("{} ({})", node.label, node.kind) }</td>
                            <td>{ "no relation" }</td>
                            <td></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
