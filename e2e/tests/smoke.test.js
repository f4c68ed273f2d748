// The release build loads under a sub-path with no console error, becomes interactive quickly, and a button changes the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground, openPage, typeLine } from './support.js';

const site = usePlayground();

test('the app loads from a course sub-path with no console error', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await page.getByRole('heading', { name: 'Managed Identity Playground' }).waitFor();
  for (const name of ['Azure resources', 'Microsoft Entra ID', 'Console', 'Activity log', 'Inspector', 'Diagram']) {
    await page.getByRole('heading', { name, exact: true }).waitFor();
  }
  assert.deepEqual(problems, []);
  await context.close();
});

// Interactive = the frame after the app first drew its console input (the app attaches its handlers
// as it draws), timed in the page itself: Playwright's polling would add its own latency.
async function timeToInteractive(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(site.url);
  const interactive = await page.evaluate(() => window.__interactive);
  const [entry] = await page.evaluate(() => performance.getEntriesByType('navigation').map((e) => e.toJSON()));
  await page.close();
  return { interactive, domContentLoaded: entry.domContentLoadedEventEnd, problems };
}

test('budget: interactive within 300 ms of navigation (reported)', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.__interactive = new Promise((done) => {
      const observer = new MutationObserver(() => {
        if (document.getElementById('console-line')) {
          observer.disconnect();
          requestAnimationFrame(() => done(performance.now()));
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
  });
  // The first load compiles the wasm; later ones (a learner's next visit) reuse the browser's cache.
  const runs = [];
  for (let i = 0; i < 5; i += 1) runs.push(await timeToInteractive(context));
  const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
  const warm = runs.slice(1).map((r) => r.interactive).sort((a, b) => a - b);
  console.log(
    `BUDGET interactive (goal ≤ 300 ms after navigation): first load ${runs[0].interactive.toFixed(1)} ms, ` +
      `reloads median ${warm[Math.floor(warm.length / 2)].toFixed(1)} ms (${fmt(warm)}); ` +
      `DOMContentLoaded ${fmt(runs.map((r) => r.domContentLoaded))} ms`,
  );
  assert.deepEqual(runs.flatMap((r) => r.problems), []);
  await context.close();
});

test('a button changes what is shown', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await page.getByLabel('New resource group').fill('rg1');
  await page.getByRole('button', { name: 'Create resource group' }).click();
  await page.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page carries a strict Content-Security-Policy, and the app runs under it', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(policy, /'unsafe-inline'|'unsafe-eval'/);
  // An injected inline script is refused: the policy is in force.
  const refused = await page.evaluate(() => new Promise((done) => {
    document.addEventListener('securitypolicyviolation', () => done(true), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.head.append(script);
    setTimeout(() => done(false), 500);
  }));
  assert.equal(refused, true);
  assert.equal(await page.evaluate(() => window.__injected), undefined);
  await page.locator('#console-line').fill('az group create -n rg1 -l westeurope');
  await page.locator('#console-line').press('Enter');
  await page.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  // The refused script logged its violation; nothing else went wrong.
  assert.ok(problems.every((p) => p.includes('Content Security Policy')), problems.join('\n'));
  await context.close();
});

test('the diagram draws each change: the resource, its identity, its service principal and their relations', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  for (const line of ['az group create -n rg1 -l westeurope',
    'az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity']) {
    await typeLine(page, line);
  }
  const diagram = page.locator('section.diagram');
  await diagram.locator('svg g.node.resources', { hasText: 'vm1' }).waitFor();
  await diagram.locator('svg g.node.service.fresh', { hasText: 'vm1' }).waitFor();
  assert.equal(await diagram.locator('svg path.edge').count(), 2);
  // The table says the same, for screen readers, and shows on request.
  const relations = diagram.locator('.relations tbody tr');
  assert.deepEqual(await relations.allInnerTexts(), [
    'vm1 (virtual machine)\tuses\tvm1 (system-assigned identity)',
    'vm1 (system-assigned identity)\tis\tvm1 (service principal (managed identity))',
  ]);
  // Scrolled sideways to the service principals (in a 400 px column), the drawing keeps its place
  // across the table.
  await page.setViewportSize({ width: 400, height: 900 });
  const wrap = diagram.locator('.svg-wrap');
  await wrap.scrollIntoViewIfNeeded();
  // On screen, its content is laid out (content-visibility: auto) after the next frames.
  await page.waitForFunction(() => {
    const element = document.querySelector('section.diagram .svg-wrap');
    return element.scrollWidth > element.clientWidth;
  });
  await wrap.evaluate((element) => { element.scrollLeft = 200; });
  const scrolled = await wrap.evaluate((element) => element.scrollLeft);
  assert.ok(scrolled > 0, `the drawing scrolls in a narrow column (${scrolled})`);
  await diagram.getByRole('button', { name: 'Show as table' }).click();
  await diagram.getByRole('table', { name: 'Relations in the diagram' }).waitFor();
  assert.equal(await diagram.locator('svg').count(), 0);
  await diagram.getByRole('button', { name: 'Show as diagram' }).click();
  await diagram.locator('svg g.node.resources', { hasText: 'vm1' }).waitFor();
  await page.waitForFunction((left) => document.querySelector('section.diagram .svg-wrap').scrollLeft === left, scrolled);
  await diagram.getByRole('button', { name: 'Show as table' }).click();
  await diagram.getByRole('table', { name: 'Relations in the diagram' }).waitFor();
  // Taking the identity away takes its relations with it.
  await typeLine(page, 'az vm identity remove -g rg1 -n vm1 --identities [system]');
  await diagram.locator('.relations tbody tr', { hasText: 'no relation' }).waitFor();
  assert.deepEqual(await relations.allInnerTexts(), ['vm1 (virtual machine)\tno relation\t']);
  assert.deepEqual(problems, []);
  await context.close();
});
