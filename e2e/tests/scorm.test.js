// SCORM 1.2: the package `./run scorm LESSON` builds (tools/scorm.py over dist/) runs inside a fake
// LMS whose page holds a SCORM API: the launcher calls LMSInitialize, sets the status to completed
// (and the score) when the lesson is done, and LMSFinish when the learner leaves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { launchBrowser, typeLine } from './support.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const LESSON = JSON.parse(readFileSync(join(ROOT, 'static/lessons/01-service-principal.json'), 'utf8'));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.xml': 'application/xml' };

// The fake LMS: its page keeps every SCORM call in window.calls and frames the package's launcher.
const LMS_PAGE = `<!doctype html><html lang="en"><title>LMS</title><link rel="icon" href="data:,">
<script>
  window.calls = [];
  const record = (name, result) => (...args) => { window.calls.push([name, ...args]); return result; };
  window.API = {
    LMSInitialize: record('LMSInitialize', 'true'), LMSFinish: record('LMSFinish', 'true'),
    LMSGetValue: record('LMSGetValue', ''), LMSSetValue: record('LMSSetValue', 'true'),
    LMSCommit: record('LMSCommit', 'true'), LMSGetLastError: record('LMSGetLastError', '0'),
    LMSGetErrorString: record('LMSGetErrorString', ''), LMSGetDiagnostic: record('LMSGetDiagnostic', ''),
  };
</script>
<iframe id="sco" src="package/launch.html" width="1100" height="800" title="Lesson"></iframe>`;

let lms;
let browser;
before(async () => {
  const out = mkdtempSync(join(tmpdir(), 'scorm-'));
  execFileSync('python3', [join(ROOT, 'tools/scorm.py'), join(ROOT, 'dist'), out, 'service-principal']);
  const unpacked = join(out, 'package');
  execFileSync('python3', ['-m', 'zipfile', '-e', join(out, 'mi-playground-service-principal.zip'), unpacked]);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (path === '/lms.html') return res.writeHead(200, { 'content-type': TYPES['.html'] }).end(LMS_PAGE);
    const file = normalize(join(unpacked, decodeURIComponent(path.replace(/^\/package\//, ''))));
    if (!path.startsWith('/package/') || !file.startsWith(unpacked)) return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  lms = { server, url: `http://127.0.0.1:${server.address().port}/lms.html`, unpacked };
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  lms?.server.close();
});

test('the package has a SCORM 1.2 manifest that launches the lesson', () => {
  const manifest = readFileSync(join(lms.unpacked, 'imsmanifest.xml'), 'utf8');
  assert.match(manifest, /<schemaversion>1\.2<\/schemaversion>/);
  assert.match(manifest, /adlcp:scormtype="sco" href="launch.html"/);
  assert.match(manifest, new RegExp(`<title>Managed Identity Playground: ${LESSON.title.en}</title>`));
  assert.match(manifest, /<file href="playground\/index.html"\/>/);
});

test('the launcher initialises, reports completed when the lesson is done, and finishes', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(lms.url);
  const calls = () => page.evaluate(() => window.calls.map((call) => call.join(' ')));
  await page.waitForFunction(() => window.calls.some((call) => call[0] === 'LMSInitialize'));
  const lab = page.frameLocator('#sco').frameLocator('#lab');
  await lab.locator('#lessons .lesson-head').waitFor();
  for (const line of LESSON.steps.flatMap((step) => step.solution)) await typeLine(lab, line);
  await page.waitForFunction(() => window.calls.some((call) => call[0] === 'LMSCommit'));
  const done = await calls();
  assert.ok(done.includes('LMSSetValue cmi.core.lesson_status completed'), done.join('\n'));
  assert.ok(done.includes('LMSSetValue cmi.core.score.raw 100'), done.join('\n'));
  assert.ok(!done.some((call) => call.startsWith('LMSFinish')));
  // The learner leaves: the launcher's page goes away.
  await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await page.waitForFunction(() => window.calls.some((call) => call[0] === 'LMSFinish'));
  assert.deepEqual(problems, []);
  await context.close();
});
