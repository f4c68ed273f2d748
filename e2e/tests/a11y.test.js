// Accessibility: axe-core finds no serious or critical violation on the main views, light and dark, wide
// and in a 400 px column; the screenshots it leaves in /tmp are for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { usePlayground, openPage, typeLine, principalRow } from './support.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

const site = usePlayground();

async function populate(page) {
  // The lessons panel (its welcome, on a first visit) is drawn by the lesson worker a moment after
  // the page; in a narrow column it sits above everything, so it moves what is below as it comes.
  // Wait for it, so no click is aimed at a place it then moves.
  await page.locator('#lessons > *').first().waitFor();
  for (const line of [
    'az group create -n rg1 -l westeurope',
    'az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity',
    'az vm create -g rg1 -n vm2 --image Ubuntu2204',
    'az identity create -g rg1 -n id1',
    'az vm identity assign -g rg1 -n vm2 --identities id1',
    'az keyvault create -g rg1 -n kv-learn-1 --enable-rbac-authorization',
    'az role assignment create --assignee $(az identity show -g rg1 -n id1 --query principalId -o tsv) --role "Key Vault Secrets User" --scope $(az keyvault show -n kv-learn-1 --query id -o tsv)',
    'az ad app create --display-name web-app',
    'az vm delete -g rg1 -n vm1 --yes',
    'az identity delete -g rg1 -n id1',
    'az identity delte -g rg1 -n id2',
    'az vm create -g rg1 -n vm3 --image Ubuntu2204 --assign-identity',
    'az ad app create --display-name old-app',
    'az ad app delete --id $(az ad app list --display-name old-app --query [0].appId -o tsv)',
  ]) {
    await typeLine(page, line);
  }
  await page.locator('.assignment.orphaned').waitFor();
  await page.getByRole('button', { name: 'Restore deleted application old-app' }).waitFor();
  // A token in the inspector, with its access checks, asked for by the row's form.
  await page.getByRole('button', { name: 'Request token from inside vm3' }).click();
  await page.getByRole('button', { name: 'Request token', exact: true }).click();
  await page.locator('.inspector .checks').waitFor();
}

async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

for (const [width, height, label] of [[1280, 800, 'wide'], [400, 800, 'narrow']]) {
  for (const scheme of ['light', 'dark']) {
    test(`no serious or critical axe violations: ${label}, ${scheme}`, async () => {
      const { page, problems, context } = await openPage(site.browser, site.url, { viewport: { width, height }, bypassCSP: true });
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await populate(page);
      assert.deepEqual(await seriousViolations(page), []);
      // In a narrow column the inspector lies over the page until it is closed.
      const close = page.getByRole('button', { name: 'Close the inspector' });
      if (await close.isVisible()) await close.click();
      // The diagram's table view too: switched by keyboard (a click's place can move under the
      // pointer while the page scrolls the last change into view, on a slow machine).
      await page.getByRole('button', { name: 'Show as table' }).press('Enter');
      await page.getByRole('table', { name: 'Relations in the diagram' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await page.getByRole('button', { name: 'Show as diagram' }).press('Enter');
      if (scheme === 'light') {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: `/tmp/playground-${label}.png` });
        await page.screenshot({ path: `/tmp/playground-${label}-full.png`, fullPage: true });
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('every control is reachable by keyboard, with a visible focus ring', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await principalRow(page, 'nothing').count();
  const seen = new Set();
  const missing = [];
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, label: el.getAttribute('aria-label') || el.id || el.textContent.trim().slice(0, 30), outline: style.outlineStyle };
    });
    // Tabbing past the last control leaves the page for a moment (focus on <body>): not a control.
    if (info.tag === 'BODY') continue;
    seen.add(`${info.tag}:${info.label}`);
    if (info.outline === 'none') missing.push(info);
  }
  assert.ok([...seen].some((s) => s.includes('Create resource group') || s.includes('new-group-name')), [...seen].join('\n'));
  assert.ok([...seen].some((s) => s.includes('Delete group rg1')), [...seen].join('\n'));
  assert.deepEqual(missing, [], 'every focused control shows a focus outline');
  assert.deepEqual(problems, []);
  await context.close();
});
