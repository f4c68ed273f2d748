// Draws the diagram panel (loaded by src/later.js): the SVG of resources, identities, service
// principals and role scopes, and the table of the same relations for screen readers, from the
// graph src/components/diagram.rs writes into the element's data-graph (src/graph.rs lays it out).
// Plain JavaScript because drawing through wasm costs several times the download. Every text is a
// text node: labels are names a learner typed.

const SVG = 'http://www.w3.org/2000/svg';
// Whole pixels, as src/graph.rs's rows and columns are laid out.
const COLUMN_WIDTH = 230;
const NODE_WIDTH = 176;
const NODE_HEIGHT = 34;
const ROW_HEIGHT = 46;
const TOP = 44;
const LEFT = 8;
// The role scopes sit further right: the "has <role> on" labels go in that wider gap.
const ROLE_GAP = 150;
const COLUMNS = [['Resources', 'resources'], ['Managed identities', 'managed'],
  ['Service principals', 'service'], ['Role scopes', 'role']];

const x = (column) => LEFT + column * COLUMN_WIDTH + (column === 3 ? ROLE_GAP : 0);
const y = (row) => TOP + row * ROW_HEIGHT;
const truncate = (text, max) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

function make(tag, attributes, ...children) {
  const element = tag.startsWith('svg:')
    ? document.createElementNS(SVG, tag.slice(4))
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== false && value != null) element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child != null));
  return element;
}

// Each panel's scrollable wrapper, kept while the table is shown instead, so coming back to the
// drawing keeps its scroll position.
const wraps = new WeakMap();

// Draws `element`'s data-graph in it, as a drawing or (data-table="true") as a visible table.
// The scrollable wrapper stays from one drawing to the next, so its scroll position does too.
export function draw(element) {
  let graph;
  try {
    graph = JSON.parse(element.dataset.graph);
  } catch {
    return;
  }
  const asTable = element.dataset.table === 'true';
  const nodes = graph.n.map(([key, column, row, label, kind, missing, fresh, linked]) =>
    ({ key, column, row, label, kind, missing, fresh, linked }));
  const byKey = new Map(nodes.map((node) => [node.key, node]));
  const edges = graph.e.map(([from, to, label, broken]) => ({ from: byKey.get(from), to: byKey.get(to), label, broken }))
    .filter((edge) => edge.from && edge.to);
  let wrap = wraps.get(element);
  if (!wrap) {
    wrap = make('div', { class: 'svg-wrap', tabindex: '0', role: 'group', 'aria-label': 'Diagram drawing, scrollable' });
    wraps.set(element, wrap);
  }
  const parts = [];
  if (!nodes.length) parts.push(make('p', { class: 'empty' }, 'Nothing to draw yet.'));
  else if (!asTable) {
    wrap.replaceChildren(drawing(nodes, edges));
    parts.push(wrap);
  }
  parts.push(table(nodes, edges, asTable));
  // A wrapper taken out of the page forgets its scroll: remember it, and give it back on return.
  if (wrap.isConnected) wrap.kept = [wrap.scrollLeft, wrap.scrollTop];
  element.replaceChildren(...parts);
  // Given back once laid out (content-visibility: auto lays it out on the next frame).
  const kept = wrap.kept;
  if (wrap.isConnected && kept) {
    requestAnimationFrame(() => requestAnimationFrame(() => { [wrap.scrollLeft, wrap.scrollTop] = kept; }));
  }
}

function drawing(nodes, edges) {
  const rows = Math.max(1, ...nodes.map((node) => node.row + 1));
  const width = LEFT * 2 + COLUMN_WIDTH * 3 + ROLE_GAP + NODE_WIDTH;
  const height = TOP + rows * ROW_HEIGHT;
  const svg = make('svg:svg', { role: 'img', 'aria-labelledby': 'diagram-svg-title', width, height, viewBox: `0 0 ${width} ${height}` },
    make('svg:title', { id: 'diagram-svg-title' },
      `Diagram of ${nodes.length} objects and ${edges.length} relations; the same relations are listed in the table that follows.`),
    make('svg:defs', {},
      make('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        make('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }))));
  COLUMNS.forEach(([title], column) => svg.append(make('svg:text', { class: 'column-title', x: x(column), y: 20 }, title)));
  for (const { from, to, label, broken } of edges) {
    const [sx, sy] = [x(from.column) + NODE_WIDTH, y(from.row) + NODE_HEIGHT / 2];
    const [ex, ey] = [x(to.column), y(to.row) + NODE_HEIGHT / 2];
    const mid = Math.trunc((sx + ex) / 2);
    svg.append(make('svg:g', {},
      make('svg:path', { d: `M${sx},${sy} C${mid},${sy} ${mid},${ey} ${ex},${ey}`, class: broken ? 'edge broken' : 'edge', 'marker-end': 'url(#arrow)' }),
      label.startsWith('has')
        ? make('svg:text', { class: 'edge-label', x: mid, y: Math.trunc((sy + ey) / 2) - 4, 'text-anchor': 'middle' }, truncate(label, 40))
        : null));
  }
  for (const node of nodes) {
    const classes = ['node', COLUMNS[node.column][1], node.missing && 'missing', node.fresh && 'fresh'].filter(Boolean);
    svg.append(make('svg:g', { class: classes.join(' '), transform: `translate(${x(node.column)},${y(node.row)})` },
      make('svg:title', {}, `${node.label} — ${node.kind}`),
      make('svg:rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 6 }),
      make('svg:text', { x: 10, y: 15, class: 'node-label' }, truncate(node.label, 24)),
      make('svg:text', { x: 10, y: 28, class: 'node-kind' }, truncate(node.kind, 30))));
  }
  return svg;
}

// The diagram's text equivalent: every relation drawn, and every object without one.
function table(nodes, edges, visible) {
  const describe = (node) => `${node.label} (${node.kind})`;
  const rows = edges.map(({ from, to, label, broken }) =>
    make('tr', { class: broken && 'broken' }, make('td', {}, describe(from)), make('td', {}, label), make('td', {}, describe(to))));
  for (const node of nodes.filter((node) => !node.linked)) {
    rows.push(make('tr', {}, make('td', {}, describe(node)), make('td', {}, 'no relation'), make('td', {})));
  }
  return make('div', { class: visible ? 'relations' : 'relations sr-only' },
    make('table', {},
      make('caption', {}, 'Relations in the diagram'),
      make('thead', {}, make('tr', {}, ...['From', 'Relation', 'To'].map((name) => make('th', { scope: 'col' }, name)))),
      make('tbody', {}, ...rows)));
}
