//! The diagram panel: builds the graph of resources, identities, service principals and role scopes, which `later/diagram.js` draws (an SVG, and a table of the same relations for screen readers).

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use model::value::Value;
use model::ObjectId;
use model::SortedMap;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::SessionView;
use crate::graph::{self, Graph, NodeState};

#[wasm_bindgen(module = "/src/later.js")]
extern "C" {
    /// Draws the graph in the element's `data-graph` into it (`later/diagram.js`, loaded once).
    #[wasm_bindgen(js_name = drawDiagram)]
    fn draw_diagram(element: &web_sys::Element);
}

/// At most this many nodes per column are drawn; the rest are counted.
pub const COLUMN_LIMIT: usize = 60;

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub view: SessionView,
    pub appeared: Rc<SortedMap<ObjectId, ()>>,
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

/// The graph as `later/diagram.js` reads it: `{"n": [[key, column, row, label, kind, missing,
/// fresh, linked], …], "e": [[from, to, label, broken], …]}`.
fn graph_text(graph: &Graph, appeared: &SortedMap<ObjectId, ()>) -> String {
    let nodes = graph.nodes.iter().map(|node| {
        let fresh = node.column == graph::Column::Principals
            && node.principal.is_some_and(|p| appeared.contains_key(&p));
        Value::Array(vec![
            Value::str(&*node.key),
            Value::from(node.column.index() as i64),
            Value::from(node.row as i64),
            Value::str(&*node.label),
            Value::str(&*node.kind),
            Value::Bool(node.state == NodeState::Missing),
            Value::Bool(fresh),
            Value::Bool(node.linked),
        ])
    });
    let edges = graph.edges.iter().map(|edge| {
        Value::Array(vec![
            Value::str(&*edge.from),
            Value::str(&*edge.to),
            Value::str(&*edge.label),
            Value::Bool(edge.broken),
        ])
    });
    Value::object(vec![
        ("n", Value::Array(nodes.collect())),
        ("e", Value::Array(edges.collect())),
    ])
    .to_compact_utf8()
}

/// The element `later/diagram.js` draws into, a component of its own so that a change that leaves
/// the drawn graph as it was (a new empty group, a change beyond the first 60 of a column) skips
/// writing it out and redrawing it.
#[component]
fn Drawing(props: &DrawingProps) -> Html {
    let element = use_node_ref();
    let text = graph_text(&props.graph, &props.appeared);
    {
        let element = element.clone();
        // After every render, and it renders only when its props change: a new graph or view.
        use_effect(move || {
            if let Some(element) = element.cast::<web_sys::Element>() {
                draw_diagram(&element);
            }
        });
    }
    html! {
        <div class="drawing" ref={element} data-graph={text} data-table={props.as_table.to_string()}></div>
    }
}
