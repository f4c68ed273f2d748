// Messages to and from a course page that embeds the playground in an <iframe>: one versioned
// envelope both ways, {protocol: 'mi-playground', version: 1, instance, type, id?, payload}.
// Events go to the `parent_origin` parameter's origin (else to '*', as they carry no learner text);
// requests are accepted only from the parent window at exactly that origin, and without the
// parameter none are. README "Use it in your course" has the table. Loaded by src/later.js only
// inside an iframe; plain JavaScript, as browser plumbing costs a fraction of what it would in wasm.

import { makeLink } from './share.js';

const PROTOCOL = 'mi-playground';
const CAPABILITIES = ['ready', 'resize', 'state-changed', 'step-completed', 'lesson-completed',
  'run-command', 'load-lesson', 'reset', 'get-state'];

let origin = null;
let instance = null;
let started = false;
const opened = new Map();

function post(message) {
  if (window.parent !== window) window.parent.postMessage(message, origin || '*');
}

function send(type, payload, id) {
  const message = { protocol: PROTOCOL, version: 1, instance, type, payload };
  if (id !== undefined) message.id = id;
  post(message);
}

// Starts talking to the course page. `request(type, text, number)` answers its requests:
// ('run-command', line) → {ok, stdout, stderr}; ('load-lesson', lesson, step) → whether it is one;
// ('reset'); ('get-state') → {link, commands} (or a promise of it).
export function startHost(parentOrigin, id, appVersion, request) {
  if (started) return;
  started = true;
  origin = parentOrigin || null;
  instance = id || null;
  send('ready', { appVersion, capabilities: CAPABILITIES });
  let height = 0;
  new ResizeObserver(() => {
    const now = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (now === height) return;
    height = now;
    send('resize', { height });
    post({ subject: 'lti.frameResize', height });
  }).observe(document.documentElement);
  if (!origin) return;
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (event.source !== window.parent || event.origin !== origin) return;
    if (!message || message.protocol !== PROTOCOL || message.version !== 1) return;
    if (message.instance != null && message.instance !== instance) return;
    const payload = message.payload && typeof message.payload === 'object' ? message.payload : {};
    const reply = (answer) => Promise.resolve(answer).then((data) => send(`${message.type}.response`, data, message.id));
    switch (message.type) {
      case 'run-command':
        if (typeof payload.line === 'string') reply(request('run-command', payload.line, 0));
        break;
      case 'load-lesson':
        if (typeof payload.lesson === 'string') {
          const step = Number.isInteger(payload.step) && payload.step > 0 && payload.step < 100 ? payload.step : 0;
          reply({ ok: request('load-lesson', payload.lesson, step) });
        }
        break;
      case 'reset':
        request('reset', '', 0);
        reply({ ok: true });
        break;
      case 'get-state': {
        // A promise while a line is out in the worker's terminal: the state once it is back.
        reply(Promise.resolve(request('get-state', '', 0))
          .then(({ seed, lines, commands }) => makeLink(seed, lines).then((link) => ({ link, commands }))));
        break;
      }
      default:
    }
  });
}

// The world changed: counts only, never what the learner typed.
export function stateChanged(commands, resources, servicePrincipals) {
  if (started) send('state-changed', { commands, resources, servicePrincipals });
}

// The lesson worker's progress: a lesson opened, a step done, a lesson done.
export function lessonProgress({ lesson, step, done, title }) {
  if (!opened.has(lesson)) opened.set(lesson, Date.now());
  if (!started || !step) return;
  send('step-completed', { lesson, step });
  if (!done) return;
  const seconds = Math.max(0, Math.round((Date.now() - opened.get(lesson)) / 1000));
  const url = new URL(location.href);
  url.hash = '';
  url.search = `?lesson=${encodeURIComponent(lesson)}`;
  send('lesson-completed', {
    lesson,
    // An xAPI statement without its actor: the course page knows the learner and adds it.
    statement: {
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
      object: {
        id: url.href,
        objectType: 'Activity',
        definition: { name: { 'en-US': title }, type: 'http://adlnet.gov/expapi/activities/lesson' },
      },
      result: { completion: true, success: true, duration: `PT${seconds}S` },
      timestamp: new Date().toISOString(),
    },
  });
}
