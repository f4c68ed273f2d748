// The address's view parameters for course pages, applied before the app draws (this module is
// far smaller than the app's download, so it is in place first): embed=1 (no page header),
// panels=… (only those panels, in that order), theme=light|dark (else the system's), readonly=1
// (a session to look at: every control that changes it is off; selecting, inspecting, filtering
// and the diagram's view still work). src/url.rs checks the values and names a bad one.

const PANELS = {
  console: '.console', resources: '.azure', directory: '.entra', diagram: '.diagram',
  inspector: '.inspector', log: '.activity', lessons: '.lessons',
};
const params = new URLSearchParams(location.search);
const root = document.documentElement;

const theme = params.get('theme');
if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
if (params.get('embed') === '1') root.dataset.embed = '';
// A list with a name that is not a panel is ignored whole (src/url.rs says so).
const panels = (params.get('panels') ?? '').split(',');
if (panels.every((name) => PANELS[name])) {
  root.dataset.panels = '';
  // Built through the CSSOM: the page's policy allows no inline style, and the order is the URL's.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(panels.map((name, index) => `:root[data-panels] ${PANELS[name]}{display:block;order:${index}}`).join(''));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

// What stays usable in a read-only view: looking, not changing.
const VIEWING = 'button.link, .inspector button, .filters *, .diagram .panel-head button, .note > button, dialog *';
const controls = 'button, input, select, textarea';
// Turns off `node` if it is such a control, and every such control inside it.
function freeze(node) {
  for (const control of [node, ...node.querySelectorAll(controls)]) {
    if (control.matches(controls) && !control.disabled && !control.matches(VIEWING)) control.disabled = true;
  }
}
if (params.get('readonly') === '1') {
  root.dataset.readonly = '';
  const start = () => {
    freeze(document.body);
    // The app draws and redraws: every control it adds or re-enables is turned off again (only
    // what changed is looked at, not the whole page).
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') freeze(record.target);
        else for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) freeze(node);
      }
    }).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'],
    });
  };
  if (document.body) start();
  else addEventListener('DOMContentLoaded', start);
  // Undo and redo by keyboard change the session too: they never reach the app.
  addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey) event.stopImmediatePropagation();
  }, true);
}
