// Budget (reported, not asserted on wall time): one command with 500 resources and 1,000 service
// principals on screen, from dispatch to the next animation frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground } from './support.js';

const site = usePlayground();

function bigSession() {
  const lines = ['az group create --name rg1 --location westeurope'];
  for (let i = 0; i < 500; i += 1) {
    lines.push(`az vm create --name vm${String(i).padStart(3, '0')} --resource-group rg1 --image Ubuntu2204 --assign-identity`);
  }
  for (let i = 0; i < 500; i += 1) {
    lines.push(`az identity create --name id${String(i).padStart(3, '0')} --resource-group rg1`);
  }
  return JSON.stringify({ format: 'mi-playground/az-lines', version: 1, seed: 2026, lines });
}

// performance.now() before the dispatch and at the next animation frame after it (the issue's
// measure, which also waits for the frame boundary), and when a zero-delay timer fires after it
// (Yew renders in microtasks, so that is execute + render without the wait for the frame).
async function timeClick(page, selector) {
  return page.evaluate(
    (sel) =>
      new Promise((done) => {
        const button = document.querySelector(sel);
        const start = performance.now();
        let rendered = 0;
        button.click();
        setTimeout(() => {
          rendered = performance.now() - start;
        }, 0);
        requestAnimationFrame(() => setTimeout(() => done({ frame: performance.now() - start, rendered }), 0));
      }),
    selector,
  );
}

test('budget: execute + re-render with 500 resources and 1,000 service principals (reported)', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const saved = bigSession();
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('mi-playground.session', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, saved);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const start = Date.now();
  await page.goto(site.url);
  await page.locator('.entra .count', { hasText: '1000 of 1000 service principals' }).waitFor({ timeout: 60000 });
  const loaded = Date.now() - start;
  // Long lists show a page of 100 rows at first, as the portal does.
  assert.equal(await page.locator('.azure li.resource').count(), 200);
  assert.equal(await page.locator('.entra tr[data-state="live"]').count(), 100);

  const samples = [];
  for (let i = 0; i < 5; i += 1) {
    await page.getByLabel('New resource group').fill(`rg-perf-${i}`);
    samples.push(await timeClick(page, 'form[aria-label="Create a resource group"] button[type=submit]'));
    await page.getByRole('button', { name: `Inspect resource group rg-perf-${i}` }).waitFor();
  }
  const toggles = [];
  for (let i = 0; i < 3; i += 1) {
    toggles.push(await timeClick(page, 'button[aria-label="Disable system-assigned identity on vm050"]'));
    await page.locator('button[aria-label="Enable system-assigned identity on vm050"]').waitFor();
    toggles.push(await timeClick(page, 'button[aria-label="Enable system-assigned identity on vm050"]'));
    await page.locator('button[aria-label="Disable system-assigned identity on vm050"]').waitFor();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const show = (label, xs) =>
    `${label}: next frame median ${median(xs.map((x) => x.frame)).toFixed(1)} ms ` +
    `(${xs.map((x) => x.frame.toFixed(1)).join(', ')}), execute + render alone median ` +
    `${median(xs.map((x) => x.rendered)).toFixed(1)} ms (${xs.map((x) => x.rendered.toFixed(1)).join(', ')})`;
  console.log(
    `BUDGET at 500 resources / 1,000 SPs (goal ≤ 16 ms): ${show('create group', samples)}; ` +
      `${show('enable/disable identity', toggles)}. Load + replay of 1,001 saved commands: ${loaded} ms.`,
  );
  assert.deepEqual(errors, []);
  await context.close();
});
