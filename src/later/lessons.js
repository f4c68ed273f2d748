// The page side of the lesson worker, loaded with it (by src/later.js): starts the worker, passes
// messages both ways, and draws the panel trees it sends into #lessons, reusing every node that
// stays so focus and scroll survive a redraw. Plain JavaScript because drawing a tree through wasm
// costs several times the download; src/lessons.rs holds the page's side of the protocol.
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
      showPanel(data.tree);
    } else if (data) {
      onAnswer(data);
    }
  };
  worker.onerror = () => onAnswer({ t: 'failed' });
  post({ ...start, runs: savedRuns(start.instance) });
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('#lessons [data-act]');
    if (!button || button.disabled) return;
    const { act } = button.dataset;
    if (act === 'export') exportProgress();
    else if (act === 'import') importProgress();
    else post({ t: 'act', act, arg: button.dataset.arg || '' });
  });
  drawLessons();
  return '';
}

// Every lesson's saved place, {id: text}: the items mi-playground.lesson.ID[.INSTANCE].run, as
// src/storage.rs names them.
function savedRuns(instance) {
  const runs = {};
  const suffix = instance ? `.${instance}.run` : '.run';
  try {
    for (let index = 0; index < localStorage.length; index += 1) {
      const key = localStorage.key(index);
      const id = key.startsWith('mi-playground.lesson.') && key.endsWith(suffix)
        && key.slice('mi-playground.lesson.'.length, -suffix.length);
      if (id && !id.includes('.')) runs[id] = localStorage.getItem(key);
    }
  } catch { /* storage blocked: every lesson starts from its beginning */ }
  return runs;
}

export function postLessons(message) {
  if (worker) post(message);
}

// Shows a panel tree (the worker's; a test's).
export function showPanel(panel) {
  tree = panel;
  drawLessons();
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

// --- progress as a file --------------------------------------------------------------------------
// Everything the playground keeps in this browser (each lab's session, each lesson's place, the
// current lab) is localStorage under "mi-playground."; the file holds those items as they are.

const FORMAT = 'mi-playground/progress';
const KEY = /^mi-playground\.[A-Za-z0-9._-]{1,200}$/;
const notice = (text) => post({ t: 'act', act: 'notice', arg: text });

function exportProgress() {
  const items = {};
  try {
    for (let index = 0; index < localStorage.length; index += 1) {
      const key = localStorage.key(index);
      if (KEY.test(key)) items[key] = localStorage.getItem(key);
    }
  } catch {
    notice('Your progress can\'t be exported: this browser blocks the playground\'s storage here.');
    return;
  }
  const file = new Blob([JSON.stringify({ format: FORMAT, version: 1, items }, null, 1)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(file);
  link.download = 'playground-progress.json';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// Why a progress file's text can't be imported, or '' when it can (then `items` holds it).
export function readProgress(text, items) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  if (!data || data.format !== FORMAT) return 'it is not a playground progress file (exported by "Export progress")';
  if (data.version !== 1) {
    return typeof data.version === 'number' && data.version > 1
      ? `it was written by a newer playground (version ${data.version}); this one reads version 1`
      : 'its version is not one this playground knows';
  }
  if (!data.items || typeof data.items !== 'object' || Array.isArray(data.items)) return 'it has no items';
  for (const [key, value] of Object.entries(data.items)) {
    if (!KEY.test(key)) return `"${key.slice(0, 60)}" is not a name the playground stores`;
    if (typeof value !== 'string') return `the item "${key}" is not text`;
    items[key] = value;
  }
  return '';
}

function importProgress() {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = 'application/json,.json';
  input.onchange = async () => {
    const [file] = input.files;
    if (!file) return;
    const items = {};
    const why = file.size > 4 << 20 ? 'it is larger than 4 MB' : readProgress(await file.text(), items);
    if (why) {
      notice(`"${file.name}" can't be imported: ${why}. Nothing was changed.`);
      return;
    }
    // All or nothing: a storage that fills up halfway gets back what it held.
    const before = {};
    try {
      for (const key of Object.keys(items)) before[key] = localStorage.getItem(key);
      for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
    } catch {
      try {
        for (const [key, value] of Object.entries(before)) {
          if (value === null) localStorage.removeItem(key);
          else localStorage.setItem(key, value);
        }
      } catch { /* storage is gone altogether: nothing more to undo */ }
      notice(`"${file.name}" can't be imported: this browser's storage is full or blocked. Nothing was changed.`);
      return;
    }
    location.reload();
  };
  input.click();
}
