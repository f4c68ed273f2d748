// The page's optional parts, each a module in later/ imported the first time it is needed: the
// lessons panel (when lessons are wanted), the course-page messages (inside an iframe), share links
// (a link opened or made), and the styles of what shows below the fold. None of them is in the
// first load. This file is all the page loads of
// them, and keeps what is asked of them until they are there.

const loaded = {};
const load = (name) => (loaded[name] ??= import(new URL(`later/${name}.js`, document.baseURI).href));

// A part's own stylesheet, later/NAME.css, once.
const styled = {};
function style(name) {
  if (styled[name]) return;
  styled[name] = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `later/${name}.css`;
  document.head.append(link);
}

// The look of what is drawn only below the fold or after a learner acts (the activity log, the
// diagram, the recycle bin, access checks): asked for once the app has started, so it doesn't
// compete with the app's own download.
addEventListener('TrunkApplicationStarted', () => style('below'), { once: true });

// The address's view parameters for course pages (embed, panels, theme, readonly), with their
// styles: only when it has one.
if (/[?&](embed|panels|theme|readonly)=/.test(location.search)) {
  style('embed');
  load('embed');
}

let lessons = null;
let waiting = null;
let host = null;

// Starts the lesson worker with its `start` message; `onAnswer` gets its answers but the panel
// and the progress (for the course page), and {t: 'failed', why} if it can't run here.
export function startLessons(start, onAnswer) {
  if (waiting || lessons) return;
  waiting = [];
  style('lessons');
  const answer = (data) => (data.t === 'progress' ? host && host.lessonProgress(data) : onAnswer(data));
  load('lessons').then((module) => {
    const why = module.startLessons('later/tutor-loader.js', start, answer);
    if (why) return answer({ t: 'failed', why });
    lessons = module;
    waiting.forEach((message) => module.postLessons(message));
    waiting = null;
  }, (error) => answer({ t: 'failed', why: String(error && error.message) }));
}

export function postLessons(message) {
  if (lessons) lessons.postLessons(message);
  else if (waiting) waiting.push(message);
}

export function drawLessons() {
  if (lessons) lessons.drawLessons();
}

// A line for the shell inside a VM (later/shell.js runs it in a worker of its own); `onAnswer`
// gets the worker's {t: 'shell', …} answer.
export function shellLine(request, onAnswer) {
  load('shell').then((module) => module.shellLine(request, onAnswer, shellFailed),
    (error) => onAnswer(shellFailed(request, error)));
}

// An answer saying why the VM's shell could not run the line.
function shellFailed(request, error) {
  const why = String((error && error.message) || error || 'it did not start');
  if (request.requests) return { t: 'shell', requests: `The requests can't be shown here (${why}).` };
  return { t: 'shell', line: request.line, ok: false, prompt: null, changes: [],
    printed: [['stderr', `The shell inside the VM can't run here (${why}): reload the page, or use playground token.\n`]] };
}

// A course page around the playground: only inside an iframe.
export function startHost(parentOrigin, instance, version, request) {
  if (window.parent === window) return;
  load('host').then((module) => {
    host = module;
    module.startHost(parentOrigin, instance, version, request);
  });
}

export function stateChanged(commands, resources, servicePrincipals) {
  if (host) host.stateChanged(commands, resources, servicePrincipals);
}

// Each share link the address gets when one is pasted into the address bar of an open playground,
// and each session file (.az) opened or dropped on the page: `open` gets its session, or {why}.
let openSession = null;
const SHARED = /^#s\d+\./;
const readAddress = () => load('share').then((module) => module.readLink(location.hash));
// A link in the address at start is fetched and read at once, beside the app's own download; the
// app waits for it before its first draw (a shared session is drawn once, not after the learner's).
let early = SHARED.test(location.hash)
  ? readAddress().catch(() => ({ why: 'the part of the page that reads links did not load: reload the page' }))
  : null;
export function linkAtStart() {
  const found = early;
  early = null;
  return found;
}
export function watchLinks(open) {
  openSession = open;
  addEventListener('hashchange', () => {
    if (!SHARED.test(location.hash)) return;
    readAddress().then((session) => session && open(session));
  });
}

export function shareDialog(seed, lines) {
  style('share');
  load('share').then((module) => module.shareDialog(seed, lines, openSession));
}

// A file dropped anywhere on the page opens as a session, as a link does.
const carriesFile = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
addEventListener('dragover', (event) => carriesFile(event) && event.preventDefault());
addEventListener('drop', (event) => {
  const file = carriesFile(event) && event.dataTransfer.files[0];
  if (!file || !openSession) return;
  event.preventDefault();
  load('share').then((module) => module.readFile(file)).then(openSession);
});

// Leaves a shared session: the address loses its fragment.
export function forgetLink() {
  history.replaceState(null, '', location.pathname + location.search);
}

// The diagram panel's drawing (an SVG and its table of relations), from the graph the app wrote
// into the element's data-graph.
export function drawDiagram(element) {
  load('diagram').then((module) => module.draw(element));
}
