// Shared e2e support: serves the release build (dist/) on 127.0.0.1 under a course-like sub-path,
// launches Debian's chromium through playwright-core, and records console errors.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const DIST = resolve(import.meta.dirname, '..', '..', 'dist');
// Course pages host the playground under their own path: serve it there, not at the root.
export const BASE_PATH = '/courses/azure-identity/playground/';

// A course page embedding the playground: `?sandbox=…` sets the iframe's sandbox attribute,
// `?src=…` what follows the playground's path (query parameters).
export const HOST_PAGE = '/courses/azure-identity/lesson.html';
const escape = (text) => text.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
function hostPage(params) {
  const sandbox = params.has('sandbox') ? ` sandbox="${escape(params.get('sandbox'))}"` : '';
  const src = escape(BASE_PATH + (params.get('src') ?? ''));
  return `<!doctype html><html lang="en"><title>Lesson 3: managed identities</title><link rel="icon" href="data:,">
<h1>Lesson 3</h1><p>Try it here:</p>
<iframe src="${src}"${sandbox} width="1000" height="760" title="Managed Identity Playground"></iframe>`;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export async function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === HOST_PAGE) {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(hostPage(url.searchParams));
      return;
    }
    if (!url.pathname.startsWith(BASE_PATH)) {
      res.writeHead(404).end('not under ' + BASE_PATH);
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(BASE_PATH.length)) || 'index.html';
    const file = normalize(join(DIST, rel));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      // As the README asks of hosts: an iframe sandboxed with allow-scripts alone has an opaque
      // origin, so each of the playground's files is a cross-origin request to it.
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found: ' + rel);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return { server, url: `${origin}${BASE_PATH}`, host: `${origin}${HOST_PAGE}` };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Registers the file's before/after hooks: one server for dist/ and one browser for all its tests.
// The returned object's `url` and `browser` are set once `before` has run.
export function usePlayground() {
  const site = {};
  before(async () => {
    Object.assign(site, await startServer());
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    site.server?.close();
  });
  return site;
}

// A new page that records console errors, page errors and failed requests into `problems`.
// `bypassCSP` lets a test inject its own script (axe-core) past the page's Content-Security-Policy.
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 }, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport, bypassCSP });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  // A request cut short by a reload or a closing page (net::ERR_ABORTED) is not a fault.
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(url);
  // The styles of what shows below the fold arrive just after the app starts (later/below.css):
  // wait for them, so no click is aimed at a place they then move. (A page whose app never
  // starts, as in the recovery tests, simply goes on after the wait.)
  await page
    .waitForFunction(() => [...document.styleSheets].some((sheet) => sheet.href?.endsWith('/later/below.css')), null, { timeout: 10_000 })
    .catch(() => {});
  return { context, page, problems };
}

// --- helpers for the learner stories ---------------------------------------------------------

// Runs one line in the playground's console, as a learner types it.
export async function typeLine(page, line) {
  const input = page.locator('#console-line');
  await input.fill(line);
  await input.press('Enter');
}

// The live (not fading) row of a service principal in the directory.
export function principalRow(page, name) {
  return page.locator(`.entra tr[data-state="live"][data-name="${name}"]`);
}

// The object ID of a live service principal, read from its row.
export async function objectIdOf(page, name) {
  return principalRow(page, name).locator('td:nth-child(3) code').getAttribute('title');
}

// A resource's (or user-assigned identity's) row in the Azure tree.
export function resourceRow(page, name) {
  return page.locator(`.azure li.resource[data-name="${name}"]`);
}
