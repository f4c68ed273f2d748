// The shell inside a VM, from the page's side: a worker of its own (the lesson worker's code,
// which has the console, the model and the VM's shell; the page's download has none of the shell),
// started at the first ssh and kept, since the shell's variables live in it. Lines are answered in
// the order they were typed. `failed(request, why)` (from src/later.js) makes the answer of a line
// it could not run.

let worker = null;
let waiting = [];
const answers = [];

// A worker from the loader beside this file; in a frame whose origin is opaque (sandboxed with
// allow-scripts alone) a worker can't load from the page's server, so it starts from a blob of
// the same two lines, with the files' full addresses (served with CORS, as the README asks).
function newWorker() {
  try {
    return new Worker(new URL('tutor-loader.js', import.meta.url));
  } catch {
    const at = (name) => JSON.stringify(new URL(name, import.meta.url).href);
    const loader = `importScripts(${at('tutor.js')});\nwasm_bindgen({ module_or_path: ${at('tutor_bg.wasm')} });\n`;
    return new Worker(URL.createObjectURL(new Blob([loader], { type: 'text/javascript' })));
  }
}

function start(failed) {
  try {
    worker = newWorker();
  } catch (error) {
    return error;
  }
  worker.onmessage = ({ data }) => {
    if (data === 'ready') {
      const queued = waiting;
      waiting = null;
      queued.forEach((request) => worker.postMessage(request));
    } else if (data && data.t === 'shell') {
      const [, answer] = answers.shift() || [];
      if (answer) answer(data);
    }
  };
  worker.onerror = () => {
    worker = null;
    waiting = [];
    answers.splice(0).forEach(([request, answer]) => answer(failed(request, 'the worker stopped')));
  };
  return null;
}

export function shellLine(request, onAnswer, failed) {
  const error = worker ? null : start(failed);
  if (error) {
    worker = null;
    onAnswer(failed(request, error));
    return;
  }
  answers.push([request, onAnswer]);
  if (waiting) waiting.push(request);
  else worker.postMessage(request);
}
