// The view parameters for course pages: embed=1 drops the page header, panels= shows only those
// panels in that order, theme= fixes the colour scheme, readonly=1 turns off every control that
// changes the session (looking still works), and a bad value gets one calm notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { usePlayground, openPage, typeLine } from './support.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const site = usePlayground();

async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help}`);
}

// Which panels are shown, in the order they are laid out (top to bottom, then left to right).
const shownPanels = (page) => page.evaluate(() => [...document.querySelectorAll('.panel')]
  .filter((panel) => getComputedStyle(panel).display !== 'none')
  .map((panel) => ({ name: panel.classList[1], box: panel.getBoundingClientRect() }))
  .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)
  .map((panel) => panel.name));

test('embed=1&panels=console,directory shows only those two, console first, in a 400 px column', async () => {
  const { page, problems, context } = await openPage(site.browser, `${site.url}?embed=1&panels=console,directory&theme=dark`, {
    viewport: { width: 400, height: 800 }, bypassCSP: true,
  });
  await page.locator('#console-line').waitFor();
  assert.equal(await page.locator('header.top').isVisible(), false, 'no page header');
  assert.deepEqual(await shownPanels(page), ['console', 'entra']);
  // The dark scheme whatever the system says.
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).colorScheme), 'dark');
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await typeLine(page, 'az identity create -g rg1 -n id1');
  await page.locator('.entra tr[data-name="id1"]').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('readonly=1 turns off every control that changes the session; inspecting still works', async () => {
  // A session to look at: made first, then opened read-only.
  const { page, problems, context } = await openPage(site.browser, site.url);
  await page.locator('#lessons').getByRole('button', { name: 'Free play', exact: true }).click();
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await typeLine(page, 'az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity');
  await page.goto(`${site.url}?readonly=1&theme=light`);
  await page.locator('.azure li.resource[data-name="vm1"]').waitFor();
  assert.match(await page.evaluate(() => getComputedStyle(document.body, '::before').content), /^"Read-only: /);
  const enabled = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea')]
    .filter((control) => !control.disabled && control.offsetParent !== null)
    // A name button (class "link") selects what it names: looking, not changing.
    .map((control) => control.classList.contains('link') ? 'select' : control.getAttribute('aria-label') || control.id || control.textContent.trim()));
  for (const name of enabled) {
    assert.ok(/^select$|^Show as|^Show the REST requests|^Copy JSON|^Close|^sp-search$|^sp-type$|^Show more/.test(name), `still enabled: ${name}`);
  }
  assert.ok(enabled.includes('select') && enabled.includes('sp-search'), enabled.join(', '));
  assert.ok(await page.locator('#console-line').isDisabled());
  assert.ok(await page.getByRole('button', { name: 'Delete virtual machine vm1' }).isDisabled());
  // Undo by keyboard changes nothing either.
  await page.keyboard.press('Control+z');
  await page.locator('.azure li.resource[data-name="vm1"]').waitFor();
  // Looking still works, the REST requests of the latest change included.
  await page.getByRole('button', { name: 'Show the REST requests of the latest change' }).click();
  await page.locator('.inspector pre.requests', { hasText: "Request method: 'PUT'" }).waitFor();
  await page.getByRole('button', { name: 'Inspect virtual machine vm1' }).click();
  await page.locator('.inspector .json').getByText('"principalId"').first().waitFor();
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).colorScheme), 'light');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad view parameter gets one calm notice and is ignored', async () => {
  const { page, problems, context } = await openPage(site.browser, `${site.url}?theme=purple&panels=console,chat`);
  await page.getByText('theme="purple" is not one of light, dark, auto').first().waitFor();
  // Ignored: every panel is there.
  await page.locator('.azure').waitFor();
  assert.ok(await page.locator('header.top').isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Embed dialog builds the iframe code for this session, with a live preview', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url, { bypassCSP: true });
  await page.locator('#lessons').getByRole('button', { name: 'Free play', exact: true }).click();
  await typeLine(page, 'az group create -n rg-embed -l westeurope');
  await page.getByRole('button', { name: /^Share/ }).click();
  const share = page.getByRole('dialog', { name: 'Share this session' });
  await share.waitFor();
  assert.deepEqual(await seriousViolations(page), [], 'the Share dialog');
  await share.getByRole('button', { name: 'Embed code…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed in a course page' });
  await dialog.getByLabel('diagram').check();
  await dialog.getByLabel('lessons').uncheck();
  await dialog.getByLabel('read-only').check();
  await dialog.getByLabel('theme').selectOption('dark');
  await dialog.getByLabel('height (px)').fill('600');
  const code = await dialog.getByLabel('Embed code').inputValue();
  assert.match(code, /^<iframe src="[^"]*\?embed=1&amp;panels=console,resources,directory,diagram,inspector&amp;theme=dark&amp;readonly=1#s1\.[\w-]+" /);
  assert.match(code, /title="Managed Identity Playground" width="1000" height="600" loading="lazy" allow="clipboard-write"><\/iframe>$/);
  // The preview shows it: the shared session, read-only, in its own instance.
  const preview = dialog.locator('iframe.embed-preview');
  await page.waitForFunction(() => document.querySelector('iframe.embed-preview').src.includes('readonly=1'));
  assert.match(await preview.getAttribute('src'), /instance=embed-preview/);
  const inside = page.frameLocator('iframe.embed-preview');
  await inside.locator('.azure').getByText('rg-embed', { exact: true }).waitFor();
  assert.ok(await inside.locator('#console-line').isDisabled());
  assert.deepEqual(await seriousViolations(page), [], 'the Embed dialog');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the example course page shows two playgrounds, their messages, and sends them requests', async () => {
  const { page, problems, context } = await openPage(site.browser, `${site.url}embed-example.html`, { viewport: { width: 1400, height: 1000 } });
  await page.waitForFunction(() => (document.getElementById('log').textContent.match(/ ready /g) ?? []).length >= 2);
  await page.getByRole('button', { name: 'Send run-command' }).click();
  await page.frameLocator('#right').locator('.entra').waitFor();
  await page.waitForFunction(() => document.getElementById('log').textContent.includes('run-command.response'));
  assert.match(await page.locator('#log').textContent(), /← right run-command\.response \{"ok":true/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('in a lesson, the Embed dialog offers to open on it, for this copy of the playground too', async () => {
  const { page, problems, context } = await openPage(site.browser, `${site.url}?instance=week3&lesson=service-principal`);
  await page.locator('#lessons .lesson-head').waitFor();
  await page.getByRole('button', { name: /^Share/ }).click();
  await page.getByRole('dialog', { name: 'Share this session' }).getByRole('button', { name: 'Embed code…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed in a course page' });
  await dialog.getByLabel('the lesson service-principal').check();
  const code = await dialog.getByLabel('Embed code').inputValue();
  assert.match(code, /\?lesson=service-principal&amp;embed=1&amp;panels=[^"#]*"/);
  assert.deepEqual(problems, []);
  await context.close();
});
