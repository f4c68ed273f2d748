// The page side of the lesson worker: starts it (its files sit in later/, outside the first load),
// passes messages both ways, and draws the panel trees it sends into #lessons, reusing every node
// that stays so focus and scroll survive a redraw. Plain JavaScript because drawing a tree through
// wasm costs several times the download; src/lessons.rs holds the page's side of the protocol.
// A tree is JsonML: [tag, {attributes}, ...children], a text is a string; only the tags and
// attributes below are drawn, and a text is always a text node.

const TAGS = new Set(['div', 'section', 'h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li', 'button', 'label',
  'input', 'span', 'strong', 'em', 'code', 'pre', 'fieldset', 'legend', 'small']);
const ATTRIBUTES = ['class', 'id', 'type', 'role', 'lang', 'title', 'aria-label', 'aria-hidden',
  'aria-live', 'disabled', 'data-act', 'data-arg'];

let worker = null;
let waiting = [];
let tree = null;

const post = (message) => (waiting ? waiting.push(message) : worker.postMessage(message));

// Starts the worker at `url` with its first message; `onAnswer` gets every answer but the panel.
// Returns '' or why the worker could not start (an iframe sandboxed without allow-same-origin).
export function startLessons(url, start, onAnswer) {
  if (worker) return '';
  try {
    worker = new Worker(url);
  } catch (error) {
    return String(error && error.message ? error.message : error);
  }
  worker.onmessage = ({ data }) => {
    if (data === 'ready') {
      waiting.forEach((message) => worker.postMessage(message));
      waiting = null;
    } else if (data && data.t === 'panel') {
      tree = data.tree;
      drawLessons();
    } else if (data) {
      onAnswer(data);
    }
  };
  worker.onerror = () => onAnswer({ t: 'failed' });
  post(start);
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('#lessons [data-act]');
    if (button && !button.disabled) {
      post({ t: 'act', act: button.dataset.act, arg: button.dataset.arg || '' });
    }
  });
  drawLessons();
  return '';
}

export function postLessons(message) {
  if (worker) post(message);
}

// Draws the latest tree into #lessons (also after the page drew a new #lessons).
export function drawLessons() {
  const host = document.getElementById('lessons');
  if (!host) return;
  if (tree) draw(host, [tree]);
  else if (!host.firstChild) host.textContent = 'Loading the lessons…';
}

const wanted = (node) => typeof node === 'string' || (Array.isArray(node) && TAGS.has(node[0]));

function build(node) {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = document.createElement(node[0]);
  update(element, node);
  return element;
}

function update(element, [, attributes, ...children]) {
  const given = attributes && typeof attributes === 'object' ? attributes : {};
  for (const name of ATTRIBUTES) {
    const value = typeof given[name] === 'string' ? given[name] : null;
    if (value === null) element.removeAttribute(name);
    else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }
  if (element.localName === 'input') element.checked = 'checked' in given;
  draw(element, children);
}

// Makes `parent`'s children match `nodes`, keeping each child that has the same kind and tag.
function draw(parent, nodes) {
  const children = nodes.filter(wanted);
  children.forEach((node, index) => {
    const have = parent.childNodes[index];
    const same = have && (typeof node === 'string'
      ? have.nodeType === Node.TEXT_NODE
      : have.nodeType === Node.ELEMENT_NODE && have.localName === node[0]);
    if (!same) parent.insertBefore(build(node), have || null);
    else if (typeof node === 'string') {
      if (have.data !== node) have.data = node;
    } else update(have, node);
  });
  while (parent.childNodes.length > children.length) parent.lastChild.remove();
}
