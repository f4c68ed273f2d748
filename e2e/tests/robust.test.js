// Never lose work, never die: saves that don't load whole, two tabs and two labs, closing right after
// a command, reset then undo, a failure inside the code, hostile input, and pasted scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground, openPage, typeLine, principalRow, resourceRow } from './support.js';

const site = usePlayground();
const KEY = 'mi-playground.sandbox.session';

const saved = (lines, extra = {}) =>
  JSON.stringify({ format: 'mi-playground/az-lines', version: 1, seed: 2026, lines, ...extra });

// Opens the playground with `text` stored under `key`, as a learner returning to it would.
async function openWithSaved(key, text) {
  const opened = await openPage(site.browser, site.url);
  await opened.page.evaluate(([k, t]) => localStorage.setItem(k, t), [key, text]);
  await opened.page.reload();
  return opened;
}

const stored = (page, key = KEY) => page.evaluate((k) => localStorage.getItem(k), key);
const linesOf = async (page, key = KEY) => JSON.parse(await stored(page, key)).lines;

test('a save with one bad line keeps the good ones and the original, until the learner decides', async () => {
  const original = saved([
    'az group create -n rg1 -l westeurope',
    'az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity',
    'az vm frobnicate -g rg1 -n vm1',
    'az identity create -g rg1 -n id1',
  ]);
  const { page, problems, context } = await openWithSaved(KEY, original);
  await resourceRow(page, 'vm1').waitFor();
  await principalRow(page, 'vm1').waitFor();
  assert.equal(await resourceRow(page, 'id1').count(), 0, 'nothing after the failing line runs');
  // The notice names the line and why; the original is kept aside with a download.
  await page.locator('.notice', { hasText: 'az vm frobnicate' }).waitFor();
  const kept = page.getByRole('region', { name: 'A saved session kept aside' });
  await kept.waitFor();
  assert.equal(await stored(page, `${KEY}.backup`), original);
  const href = await kept.getByRole('link', { name: 'Download the saved session' }).getAttribute('href');
  assert.equal(decodeURIComponent(href.slice(href.indexOf(',') + 1)), original);
  // The good lines are what is saved now, and the next command adds to them.
  await typeLine(page, 'az identity create -g rg1 -n id2');
  await resourceRow(page, 'id2').waitFor();
  // (Saved as the console's canonical lines.)
  assert.deepEqual(await linesOf(page), [
    'az group create --name rg1 --location westeurope',
    'az vm create --name vm1 --resource-group rg1 --image Ubuntu2204 --assign-identity',
    'az identity create --name id2 --resource-group rg1',
  ]);
  // A reload still offers the original; discarding it removes it.
  await page.reload();
  await kept.waitFor();
  await kept.getByRole('button', { name: 'Discard it' }).click();
  await kept.waitFor({ state: 'detached' });
  assert.equal(await stored(page, `${KEY}.backup`), null);
  await page.reload();
  await resourceRow(page, 'id2').waitFor();
  assert.equal(await kept.count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a save from a newer playground is kept, not replaced', async () => {
  const newer = saved(['az group create -n rg1 -l westeurope'], { version: 9 });
  const { page, problems, context } = await openWithSaved(KEY, newer);
  await page.locator('.notice', { hasText: 'newer playground' }).waitFor();
  await page.getByRole('region', { name: 'A saved session kept aside' }).waitFor();
  assert.equal(await stored(page, `${KEY}.backup`), newer);
  assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs of one lab follow each other instead of overwriting', async () => {
  const { page: a, problems, context } = await openPage(site.browser, site.url);
  const b = await context.newPage();
  await b.goto(site.url);
  await typeLine(a, 'az group create -n rg1 -l westeurope');
  await b.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  await typeLine(b, 'az identity create -g rg1 -n id1');
  await resourceRow(a, 'id1').waitFor();
  await typeLine(a, 'az identity create -g rg1 -n id2');
  await resourceRow(b, 'id2').waitFor();
  const expected = [
    'az group create --name rg1 --location westeurope',
    'az identity create --name id1 --resource-group rg1',
    'az identity create --name id2 --resource-group rg1',
  ];
  assert.deepEqual(await linesOf(a), expected);
  // Both tabs show the same directory: the same object IDs.
  const oid = (page) => principalRow(page, 'id1').locator('td:nth-child(3) code').getAttribute('title');
  assert.equal(await oid(a), await oid(b));
  assert.deepEqual(problems, []);
  await context.close();
});

test('two labs on one site keep separate work', async () => {
  const { page: a, problems, context } = await openPage(site.browser, `${site.url}?instance=lab-a`);
  const b = await context.newPage();
  await b.goto(`${site.url}?instance=lab-b`);
  await typeLine(a, 'az group create -n rg-a -l westeurope');
  await a.getByRole('button', { name: 'Inspect resource group rg-a' }).waitFor();
  await typeLine(b, 'az group create -n rg-b -l westeurope');
  await b.getByRole('button', { name: 'Inspect resource group rg-b' }).waitFor();
  await a.reload();
  await b.reload();
  await a.getByRole('button', { name: 'Inspect resource group rg-a' }).waitFor();
  await b.getByRole('button', { name: 'Inspect resource group rg-b' }).waitFor();
  assert.equal(await a.getByRole('button', { name: 'Inspect resource group rg-b' }).count(), 0);
  assert.equal(await b.getByRole('button', { name: 'Inspect resource group rg-a' }).count(), 0);
  assert.deepEqual(await linesOf(a, 'mi-playground.sandbox.lab-a.session'), ['az group create --name rg-a --location westeurope']);
  // The plain sandbox saw neither.
  assert.equal(await stored(a), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test('closing the tab right after a command keeps it', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await page.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  await page.close();
  const again = await context.newPage();
  await again.goto(site.url);
  await again.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('reset can be undone', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await typeLine(page, 'az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity');
  await principalRow(page, 'vm1').waitFor();
  const oid = await principalRow(page, 'vm1').locator('td:nth-child(3) code').getAttribute('title');
  await typeLine(page, 'reset');
  await resourceRow(page, 'vm1').waitFor({ state: 'detached' });
  await typeLine(page, 'undo');
  await principalRow(page, 'vm1').waitFor();
  assert.equal(await principalRow(page, 'vm1').locator('td:nth-child(3) code').getAttribute('title'), oid);
  await page.reload();
  await principalRow(page, 'vm1').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a failure inside the code shows the recovery screen, and reloading keeps the work', async () => {
  const { page, context } = await openPage(site.browser, site.url);
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await page.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  // Make the DOM refuse every change: the next render fails inside Rust (a panic).
  await page.evaluate(() => {
    const refuse = () => { throw new DOMException('refused by the test', 'HierarchyRequestError'); };
    for (const name of ['insertBefore', 'appendChild', 'removeChild', 'replaceChild']) {
      window[`__real_${name}`] = Node.prototype[name];
      Node.prototype[name] = refuse;
    }
  });
  await typeLine(page, 'az identity create -g rg1 -n id1');
  const dialog = page.getByRole('alertdialog', { name: 'The playground stopped working' });
  await page.evaluate(() => {
    for (const name of ['insertBefore', 'appendChild', 'removeChild', 'replaceChild']) {
      Node.prototype[name] = window[`__real_${name}`];
    }
  }).catch(() => {});
  // guard.js builds the dialog with `append`, which the test left alone.
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /saved/);
  // The command that completed before the failure was saved first.
  assert.deepEqual(await linesOf(page), [
    'az group create --name rg1 --location westeurope',
    'az identity create --name id1 --resource-group rg1',
  ]);
  await dialog.getByRole('link', { name: 'Reload and continue' }).click();
  await resourceRow(page, 'id1').waitFor();
  await context.close();
});

// Enters a very long line at once (as a paste into one line would; `fill` is too slow for 1 MB).
async function enterLong(page, line) {
  await page.locator('#console-line').evaluate((input, text) => {
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, line);
  await page.locator('#console-line').press('Enter');
}

test('hostile input gets a message and the page keeps working', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const nested = (levels) => 'echo ' + '$(echo '.repeat(levels) + 'x' + ')'.repeat(levels);
  await enterLong(page, nested(40));
  await page.locator('.console-output .stderr', { hasText: 'nested more than 32 levels' }).waitFor();
  for (const line of [nested(100_000), 'az group create -n ' + 'a'.repeat(1 << 20)]) {
    await enterLong(page, line);
    await page.locator('.console-output .stderr', { hasText: `this line is ${line.length} bytes long` }).waitFor();
  }
  // The echo of a huge line is shortened on screen.
  const longest = await page.locator('.console-output .cmd').evaluateAll(
    (cmds) => Math.max(...cmds.map((c) => c.textContent.length)));
  assert.ok(longest < 5_000, `a command echo of ${longest} characters`);
  // A right-to-left override can't reverse what is printed around it: it is shown as its escape.
  await typeLine(page, 'echo "abc\u202edef" done');
  await page.locator('.console-output .cmd', { hasText: 'abc\\u202edef' }).waitFor();
  await page.locator('.console-output .stdout', { hasText: 'abc\\u202edef done' }).waitFor();
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await page.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

// Pastes text into the console line as the browser does (a paste event with clipboard data).
async function paste(page, text) {
  await page.locator('#console-line').focus();
  await page.locator('#console-line').evaluate((input, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test("pasting Microsoft's multi-line az vm create runs it", async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await paste(page, [
    'az group create --name myResourceGroup --location eastus',
    '',
    'az vm create \\',
    '  --resource-group myResourceGroup \\',
    '  --name myVM \\',
    '  --image Ubuntu2204 \\',
    '  --admin-username azureuser \\',
    '  --generate-ssh-keys \\',
    '  --assign-identity',
    '',
  ].join('\n'));
  await resourceRow(page, 'myVM').waitFor();
  await principalRow(page, 'myVM').waitFor();
  // Up recalls the whole command, joined.
  await page.locator('#console-line').press('ArrowUp');
  assert.match(await page.locator('#console-line').inputValue(), /^az vm create\s+--resource-group myResourceGroup\s.*\s--assign-identity$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('pasting 1,000 lines runs them all; a failing line stops the script and offers the rest', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const lines = ['az group create -n rg1 -l westeurope'];
  for (let i = 1; i < 1000; i++) lines.push(`az identity create -g rg1 -n id${i}`);
  await paste(page, lines.join('\n'));
  await resourceRow(page, 'id999').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.azure li.resource').count(), 999);
  assert.equal((await linesOf(page)).length, 1000);

  await paste(page, 'az group create -n rg2 -l westeurope\naz vm nonsense\naz group create -n rg3 -l westeurope\n');
  const rest = page.getByRole('group', { name: 'The rest of the script' });
  await rest.locator('text=stopped at line 2 of 3').waitFor();
  await page.getByRole('button', { name: 'Inspect resource group rg2' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Inspect resource group rg3' }).count(), 0);
  await rest.getByRole('button', { name: 'Run the other 1 lines' }).click();
  await page.getByRole('button', { name: 'Inspect resource group rg3' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
