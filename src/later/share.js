// Share links: a session in the URL's fragment, `#s1.<data>`: the format version, then the
// session ({seed, lines, lesson?, step?} as JSON) compressed by the browser's own
// CompressionStream (deflate-raw: nothing to download) and base64url-encoded. A link never breaks:
// a later format gets a new prefix and this one stays readable. Reading one is capped: no link
// expands past 256 KiB. `az-playground --from-link` reads the same format natively.

const PREFIX = '#s1.';
const CAP = 256 * 1024;
const MAX_LINES = 5000;

function base64url(bytes) {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function squeeze(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The link of a session: this page's address without its query (no embed parameters) and with
// the session as its fragment.
export async function makeLink(seed, lines, lesson, step) {
  const session = { seed, lines };
  if (lesson) Object.assign(session, { lesson, step });
  const url = new URL(location.href);
  url.search = '';
  url.hash = PREFIX.slice(1) + base64url(await squeeze(JSON.stringify(session)));
  return url.href;
}

// The session of a fragment, or {why} saying what is wrong with the link; null when the fragment
// is not a share link at all.
export async function readLink(hash) {
  if (!/^#s\d+\./.test(hash)) return null;
  if (!hash.startsWith(PREFIX)) {
    return { why: 'it was made by a newer playground (its format is newer than s1): open it with the playground that made it' };
  }
  const data = hash.slice(PREFIX.length).replace(/-/g, '+').replace(/_/g, '/');
  let bytes;
  try {
    bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  } catch {
    return { why: 'it is not a playground link (its data is not base64url): was it cut or changed?' };
  }
  let text = '';
  try {
    // Written straight into the stream, not through a Blob: a Blob's stream is read in tasks
    // behind the app's own start-up, this one in microtasks.
    const inflate = new DecompressionStream('deflate-raw');
    const writer = inflate.writable.getWriter();
    writer.write(bytes).then(() => writer.close()).catch(() => {});
    const reader = inflate.readable.getReader();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let size = 0; ;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > CAP) {
        reader.cancel();
        return { why: 'it expands to more than 256 KiB, more than any session a link carries' };
      }
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } catch {
    return { why: 'its data is damaged (cut short or changed): ask for the link again' };
  }
  let session;
  try {
    session = JSON.parse(text);
  } catch {
    return { why: 'its data is damaged (not a session): ask for the link again' };
  }
  const lines = session && session.lines;
  if (!Number.isSafeInteger(session.seed) || !Array.isArray(lines) || lines.length > MAX_LINES
      || !lines.every((line) => typeof line === 'string')) {
    return { why: 'it does not hold a session the playground can replay' };
  }
  const lesson = typeof session.lesson === 'string' && /^[a-z0-9-]{1,64}$/.test(session.lesson) ? session.lesson : null;
  const step = Number.isInteger(session.step) && session.step > 0 ? session.step : 0;
  return { seed: session.seed, lines, lesson, step };
}

// The "Share this session" dialog: the link, copied, with its length and, above 2,000
// characters, the advice that some chats cut it; the session as a file (.az) to download or open;
// the session as a script for a real subscription (.sh). `open` takes a session read from a file.
export async function shareDialog(seed, lines, open) {
  const link = await makeLink(seed, lines);
  let copied = false;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch { /* no clipboard here (an iframe without clipboard-write): the learner copies it */ }
  const { dialog, add, button, show } = modal('share', 'Share this session');
  add('p', copied ? 'The link is copied. Whoever opens it sees this session, GUIDs and all, without touching their own work.'
    : 'Copy the link below. Whoever opens it sees this session, GUIDs and all, without touching their own work.');
  const field = add('textarea');
  field.readOnly = true;
  field.rows = 4;
  field.value = link;
  field.setAttribute('aria-label', 'Share link');
  add('p', `${link.length} characters.`).className = 'count';
  if (link.length > 2000) {
    add('p', 'Some chats and e-mail programs cut links this long: send the session as a file instead.').className = 'warning';
  }
  add('h3', 'As a file');
  add('p', 'The console lines of this session: run them with az-playground, or open the file here (or drop it on the page).');
  const files = add('p');
  button('Download as a file (.az)', () => save(sessionFile(lines), 'playground-session.az'), files);
  const picker = add('input', '', files);
  picker.type = 'file';
  picker.accept = '.az,text/plain';
  picker.setAttribute('aria-label', 'Open a session file (.az)');
  picker.onchange = async () => {
    if (!picker.files[0]) return;
    dialog.close();
    open(await readFile(picker.files[0]));
  };
  add('h3', 'In real Azure');
  const status = add('p', 'A bash script of the same az commands for your own subscription. It creates real, billable resources.');
  status.setAttribute('role', 'status');
  const real = button('Script for real Azure (.sh)', async () => {
    real.disabled = true;
    const answer = await exportScript(seed, lines);
    real.disabled = false;
    if (answer.text) {
      save(answer.text, 'playground-session.sh');
      status.textContent = 'Downloaded playground-session.sh: read its first lines before you run it.';
    } else {
      status.textContent = `The script can't be made: ${answer.why}.`;
    }
  });
  add('h3', 'In a course page');
  add('p', 'An <iframe> to paste into a course page, opening on this session or your lesson.');
  button('Embed code…', () => { dialog.close(); embedDialog(link); });
  show();
  field.select();
  return link;
}

// A modal dialog of `className` titled `title`, with helpers that add elements and buttons to it;
// `show` adds its Close button and opens it (it removes itself when closed).
function modal(className, title) {
  const dialog = document.createElement('dialog');
  dialog.className = className;
  const add = (tag, text, parent = dialog) => {
    const element = document.createElement(tag);
    if (text) element.textContent = text;
    parent.append(element);
    return element;
  };
  const button = (text, onclick, parent = dialog) => {
    const element = add('button', text, parent);
    element.type = 'button';
    element.onclick = onclick;
    return element;
  };
  const heading = add('h2', title);
  heading.id = `${className.split(' ').at(-1)}-title`;
  dialog.setAttribute('aria-labelledby', heading.id);
  const show = () => {
    button('Close', () => dialog.close()).className = 'secondary';
    dialog.onclose = () => dialog.remove();
    document.body.append(dialog);
    dialog.showModal();
  };
  return { dialog, add, button, show };
}

// The lesson the learner is in, if any: the page keeps its current lab in storage, under this
// copy's instance when it has one (src/storage.rs `name`).
function currentLesson() {
  const instance = new URLSearchParams(location.search).get('instance');
  try {
    const lab = localStorage.getItem(instance ? `mi-playground.current.${instance}.lab` : 'mi-playground.current.lab') ?? '';
    return lab.startsWith('lesson.') ? lab.slice('lesson.'.length) : null;
  } catch {
    return null;
  }
}

const PANEL_NAMES = ['console', 'resources', 'directory', 'diagram', 'inspector', 'log', 'lessons'];

// The "Embed" dialog: the <iframe> snippet for this session (its share link) or the learner's
// lesson, with the view parameters chosen, and a live preview of it.
export function embedDialog(link) {
  const lesson = currentLesson();
  const { dialog, add, button, show } = modal('share embed', 'Embed in a course page');
  let serial = 0;
  const field = (parent, label, input) => {
    const id = `embed-${++serial}`;
    const wrap = add('label', '', parent);
    wrap.htmlFor = id;
    input.id = id;
    wrap.append(input, ` ${label}`);
    return input;
  };
  const input = (type, value) => {
    const element = document.createElement('input');
    element.type = type;
    if (type === 'checkbox') element.checked = value;
    else element.value = value;
    return element;
  };
  const form = add('div');
  form.className = 'embed-form';

  const opens = add('fieldset', '', form);
  add('legend', 'Opens on', opens);
  const onSession = field(opens, 'this session (a copy: the learner\'s own work stays theirs)', input('radio'));
  onSession.name = 'embed-opens';
  onSession.checked = true;
  let onLesson = null;
  if (lesson) {
    onLesson = field(opens, `the lesson ${lesson}`, input('radio'));
    onLesson.name = 'embed-opens';
  }
  const onEmpty = field(opens, 'an empty sandbox', input('radio'));
  onEmpty.name = 'embed-opens';

  const view = add('fieldset', '', form);
  add('legend', 'Panels', view);
  const panels = PANEL_NAMES.map((name) => [name, field(view, name, input('checkbox', name !== 'diagram' && name !== 'log'))]);

  const look = add('fieldset', '', form);
  add('legend', 'Look', look);
  const compact = field(look, 'compact (no page header)', input('checkbox', true));
  const readonly = field(look, 'read-only', input('checkbox', false));
  const theme = document.createElement('select');
  for (const value of ['auto', 'light', 'dark']) add('option', value, theme).value = value;
  field(look, 'theme', theme);
  const width = field(look, 'width (px)', input('number', 1000));
  const height = field(look, 'height (px)', input('number', 760));
  const title = field(look, 'title (what a screen reader says)', input('text', 'Managed Identity Playground'));

  const snippet = add('textarea');
  snippet.readOnly = true;
  snippet.rows = 5;
  snippet.setAttribute('aria-label', 'Embed code');
  button('Copy the code', async () => {
    try {
      await navigator.clipboard.writeText(snippet.value);
      status.textContent = 'Copied.';
    } catch {
      snippet.select();
      status.textContent = 'Select the code and copy it.';
    }
  });
  const status = add('p');
  status.setAttribute('role', 'status');
  add('h3', 'Preview');
  const preview = add('iframe');
  preview.title = 'Preview of the embedded playground';
  preview.className = 'embed-preview';

  const escape = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const size = (box, fallback) => {
    const value = Number.parseInt(box.value, 10);
    return Number.isInteger(value) && value >= 200 && value <= 4000 ? value : fallback;
  };
  const build = () => {
    const url = new URL(location.href);
    url.search = '';
    url.hash = '';
    const query = new URLSearchParams();
    if (onLesson && onLesson.checked) query.set('lesson', lesson);
    if (compact.checked) query.set('embed', '1');
    const chosen = panels.filter(([, box]) => box.checked).map(([name]) => name);
    if (chosen.length && chosen.length < PANEL_NAMES.length) query.set('panels', chosen.join(','));
    if (theme.value !== 'auto') query.set('theme', theme.value);
    if (readonly.checked) query.set('readonly', '1');
    url.search = query.toString().replace(/%2C/g, ',');
    if (onSession.checked) url.hash = new URL(link).hash;
    const src = url.href;
    snippet.value = `<iframe src="${escape(src)}" title="${escape(title.value || 'Managed Identity Playground')}"`
      + ` width="${size(width, 1000)}" height="${size(height, 760)}" loading="lazy"`
      + ' allow="clipboard-write"></iframe>';
    // The preview keeps its own saved work (instance), so it never writes over the learner's.
    const shown = new URL(src);
    shown.searchParams.set('instance', 'embed-preview');
    if (preview.src !== shown.href) preview.src = shown.href;
  };
  dialog.addEventListener('input', build);
  dialog.addEventListener('change', build);
  build();
  show();
  return dialog;
}

function save(text, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// The session as a file of console lines, which az-playground and this page read back.
export function sessionFile(lines) {
  return `# Managed Identity Playground session (${lines.length} commands): run it with\n`
    + '# az-playground FILE, or open it in the playground (Share, or drop it on the page).\n'
    + lines.join('\n') + '\n';
}

// A session file's lines ({lines}), or {why} it can't be one. Comments and blank lines are left
// out; the lines themselves are checked when the session is replayed.
export async function readFile(file) {
  if (file.size > CAP) return { why: 'the file is larger than 256 KiB, more than any session' };
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return { why: 'the file is not text (UTF-8): choose a .az file the playground saved' };
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  if (lines.length === 0) return { why: 'the file holds no commands' };
  if (lines.length > MAX_LINES) return { why: `the file holds more than ${MAX_LINES} commands` };
  return { lines };
}

// The script for real Azure, made by the lesson worker (it has the console and the model; the
// page has neither in its download): {text} or {why}.
function exportScript(seed, lines) {
  return new Promise((resolve) => {
    let worker;
    try {
      worker = new Worker(new URL('tutor-loader.js', import.meta.url));
    } catch {
      resolve({ why: 'this page cannot start the worker that writes it (a sandboxed frame?): use az-playground --export-script with the .az file' });
      return;
    }
    const done = (answer) => { worker.terminate(); resolve(answer); };
    worker.onerror = () => done({ why: 'the worker that writes it failed to start' });
    worker.onmessage = ({ data }) => {
      if (data === 'ready') worker.postMessage({ t: 'export', seed, lines });
      else if (data && data.t === 'script') done(data);
    };
  });
}
