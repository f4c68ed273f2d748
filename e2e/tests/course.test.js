// A course page on another origin embeds the playground: the envelope both ways, requests accepted
// only from the parent at parent_origin, lesson progress as step-completed and an xAPI statement,
// resize following the content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { usePlayground } from './support.js';

const site = usePlayground();
const LESSON = JSON.parse(readFileSync(new URL('../../static/lessons/01-service-principal.json', import.meta.url), 'utf8'));

// The course page, served from its own origin: it embeds the playground at `?src=` and keeps
// every message it receives in `window.received`.
let course;
before(async () => {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const src = url.searchParams.get('src') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en">
<title>Course</title><link rel="icon" href="data:,"><h1>Week 3</h1>
<iframe id="lab" src="${src.replace(/"/g, '&quot;')}" width="1000" height="700" title="Playground"></iframe>
<script>
  window.received = [];
  addEventListener('message', (event) => window.received.push({ origin: event.origin, data: event.data }));
  window.ask = (type, payload, id) => document.getElementById('lab').contentWindow.postMessage(
    { protocol: 'mi-playground', version: 1, instance: 'p1', type, id, payload }, '*');
</script>`);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  course = { server, origin: `http://127.0.0.1:${server.address().port}` };
});
after(() => course.server.close());

async function openCourse(query) {
  const context = await site.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const src = `${site.url}?${query}`;
  await page.goto(`${course.origin}/week3.html?src=${encodeURIComponent(src)}`);
  const received = (type) => page.evaluate((t) => window.received.filter((m) => m.data && m.data.type === t), type);
  // Waits for a message of `type` (with `id`, when given).
  const waitFor = (type, id) => page.waitForFunction(
    ([t, i]) => window.received.some((m) => m.data && m.data.type === t && (i === null || m.data.id === i)),
    [type, id ?? null],
  );
  return { context, page, received, waitFor };
}

test('ready arrives in the envelope; run-command from the parent origin runs and is answered with its id', async () => {
  const { context, page, received, waitFor } = await openCourse(`parent_origin=${encodeURIComponent(course.origin)}&instance=p1`);
  await waitFor('ready');
  const [ready] = await received('ready');
  assert.equal(ready.data.protocol, 'mi-playground');
  assert.equal(ready.data.version, 1);
  assert.equal(ready.data.instance, 'p1');
  assert.ok(ready.data.payload.capabilities.includes('run-command'));
  assert.equal(typeof ready.data.payload.appVersion, 'string');
  // Events go to the parent origin only.
  assert.equal(ready.origin, new URL(site.url).origin);

  await page.evaluate(() => window.ask('run-command', { line: 'az group create -n rg1 -l westeurope' }, 7));
  await waitFor('run-command.response');
  const [reply] = await received('run-command.response');
  assert.equal(reply.data.id, 7);
  assert.equal(reply.data.payload.ok, true);
  assert.match(reply.data.payload.stdout, /"name": "rg1"/);
  const frame = page.frameLocator('#lab');
  await frame.locator('.azure li.group, .azure .group').first().waitFor();
  await waitFor('state-changed');
  const changed = (await received('state-changed')).at(-1);
  assert.deepEqual(changed.data.payload, { commands: 1, resources: 0, servicePrincipals: 0 });

  // A refused line is answered too, with the CLI's error.
  await page.evaluate(() => window.ask('run-command', { line: 'az group create -n rg1' }, 'x'));
  await waitFor('run-command.response', 'x');
  const refused = (await received('run-command.response')).find((m) => m.data.id === 'x');
  assert.equal(refused.data.payload.ok, false);
  assert.match(refused.data.payload.stderr, /required: --location/);

  // Resize: the envelope and Canvas's own message.
  await waitFor('resize');
  assert.ok((await received('resize'))[0].data.payload.height > 0);
  assert.ok(await page.evaluate(() => window.received.some((m) => m.data.subject === 'lti.frameResize' && m.data.height > 0)));
  await context.close();
});

test('get-state answers a share link of the session, with a line still out in the worker\'s terminal', async () => {
  const { context, page, received, waitFor } = await openCourse(`parent_origin=${encodeURIComponent(course.origin)}&instance=p1`);
  await waitFor('ready');
  await page.evaluate(() => window.ask('run-command', { line: 'az group create -n rg1 -l westeurope' }, 1));
  await waitFor('run-command.response', 1);
  // A --query line runs in the worker's terminal; get-state asked right behind it waits for it.
  await page.evaluate(() => {
    window.ask('run-command', { line: 'az identity create -g rg1 -n id1 --query principalId -o tsv' }, 2);
    window.ask('get-state', {}, 3);
  });
  await waitFor('get-state.response', 3);
  const state = (await received('get-state.response')).find((m) => m.data.id === 3).data.payload;
  assert.equal(state.commands, 2);
  const data = new URL(state.link).hash.replace(/^#s1\./, '');
  const session = JSON.parse(inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8'));
  assert.deepEqual(session.lines, ['az group create --name rg1 --location westeurope', 'az identity create --name id1 --resource-group rg1']);
  await waitFor('run-command.response', 2);
  const reply = (await received('run-command.response')).find((m) => m.data.id === 2).data.payload;
  assert.equal(reply.ok, true);
  assert.match(reply.stdout, /^[0-9a-f-]{36}\n$/);
  await context.close();
});

test('requests are ignored without parent_origin, and from an origin that is not it', async () => {
  for (const query of ['instance=p1', `instance=p1&parent_origin=${encodeURIComponent('https://elsewhere.example')}`]) {
    const { context, page, received } = await openCourse(query);
    await page.frameLocator('#lab').locator('#console-line').waitFor();
    await page.evaluate(() => window.ask('run-command', { line: 'az group create -n sneaky -l westeurope' }, 1));
    await page.evaluate(() => window.ask('reset', {}, 2));
    await page.waitForTimeout(500);
    assert.deepEqual(await received('run-command.response'), []);
    assert.deepEqual(await received('reset.response'), []);
    assert.equal(await page.frameLocator('#lab').getByText('sneaky').count(), 0);
    await context.close();
  }
});

test('completing a lesson sends step-completed and an xAPI statement', async () => {
  const { context, page, received, waitFor } = await openCourse(`parent_origin=${encodeURIComponent(course.origin)}&instance=p1`);
  await waitFor('ready');
  await page.evaluate(() => window.ask('load-lesson', { lesson: 'service-principal' }, 'l'));
  await waitFor('load-lesson.response');
  const frame = page.frameLocator('#lab');
  await frame.locator('#lessons .lesson-head').waitFor();
  for (const line of LESSON.steps.flatMap((step) => step.solution)) {
    await page.evaluate((l) => window.ask('run-command', { line: l }, l), line);
    await waitFor('run-command.response', line);
  }
  await waitFor('lesson-completed');
  const steps = (await received('step-completed')).map((m) => m.data.payload);
  assert.deepEqual(steps, LESSON.steps.map((_, index) => ({ lesson: 'service-principal', step: index + 1 })));
  const { statement } = (await received('lesson-completed'))[0].data.payload;
  assert.equal(statement.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
  assert.match(statement.object.id, /\?lesson=service-principal$/);
  assert.equal(statement.object.definition.name['en-US'], LESSON.title.en);
  assert.equal(statement.result.completion, true);
  assert.equal(statement.result.success, true);
  assert.match(statement.result.duration, /^PT\d+S$/);
  assert.ok(!Number.isNaN(Date.parse(statement.timestamp)));
  assert.equal(statement.actor, undefined);
  await context.close();
});
