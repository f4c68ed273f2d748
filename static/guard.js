// The page's first script, run before the app's: its last line of defence, and the early fetch of
// a share link's reader.
//
// The last line of defence: if its code fails (a bug, an exhausted stack, anything uncaught), say
// so plainly, stop taking input, and offer a reload into the work saved so far. Every command is
// saved the moment it completes, so the reload loses nothing that finished.
(() => {
  let shown = false;
  const show = (what) => {
    if (shown) return;
    shown = true;
    const box = document.createElement('div');
    box.className = 'crash';
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-labelledby', 'crash-title');
    const title = document.createElement('h2');
    title.id = 'crash-title';
    title.textContent = 'The playground stopped working';
    const text = document.createElement('p');
    text.textContent =
      'Something went wrong inside the playground, and it stopped to keep your work safe. ' +
      'Everything up to the last command that completed is saved in this browser.';
    const reload = document.createElement('a');
    reload.className = 'button';
    reload.href = location.href;
    reload.textContent = 'Reload and continue';
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'What went wrong';
    const message = document.createElement('pre');
    message.textContent = String(what ?? 'unknown error').slice(0, 2000);
    details.append(summary, message);
    box.append(title, text, reload, details);
    document.body.append(box);
    reload.focus();
  };
  window.addEventListener('error', (event) => show(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => show(event.reason));
})();

// A share link in the address: its reader (later/share.js, which later.js imports) is fetched now,
// beside the app's own files, so it is ready before the app is and the shared session draws first.
if (/^#s\d+\./.test(location.hash)) {
  const preload = document.createElement('link');
  preload.rel = 'modulepreload';
  preload.href = 'later/share.js';
  document.head.append(preload);
}
