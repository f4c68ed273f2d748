// Every change is seen without scrolling, on a 1280×800 screen and in a 400×900 course column: the
// service principal that appeared or disappeared, the "what changed" strip, the inspector of what
// was clicked; and in an iframe sandboxed without allow-forms, the buttons still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground, openPage, typeLine, principalRow, resourceRow } from './support.js';

const site = usePlayground();

const SCREENS = [
  { name: '1280×800', viewport: { width: 1280, height: 800 } },
  { name: '400×900', viewport: { width: 400, height: 900 } },
];

// Whether the element is wholly inside the viewport and on top there (not under the docked
// console or a sticky header): the element itself is what the page shows at its corners.
function seen(element) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return 'it has no size';
  if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
    return `it is at ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)}, outside ${innerWidth}×${innerHeight}`;
  }
  for (const [x, y] of [[box.left + 2, box.top + 2], [box.right - 2, box.bottom - 2]]) {
    const top = document.elementFromPoint(x, y);
    if (!element.contains(top)) return `${top?.className || top?.tagName} covers it at ${Math.round(x)},${Math.round(y)}`;
  }
  return 'seen';
}

// Waits (the page scrolls smoothly) until the locator's element is seen, or fails saying why not.
async function assertSeen(locator, what) {
  await locator.waitFor();
  let why = '';
  for (let i = 0; i < 40; i++) {
    why = await locator.evaluate(seen);
    if (why === 'seen') return;
    await locator.page().waitForTimeout(50);
  }
  assert.fail(`${what} is not seen: ${why}`);
}

const removedRow = (page, name) => page.locator(`.entra tr[data-state="removed"][data-name="${name}"]`);
const strip = (page) => page.getByRole('region', { name: 'What the last change did' });

for (const { name, viewport } of SCREENS) {
  test(`at ${name}, identities appearing and disappearing are seen, by buttons`, async () => {
    const { page, problems, context } = await openPage(site.browser, site.url, { viewport });
    // Something to push the directory down: a few earlier service principals.
    for (let i = 1; i <= 6; i++) await typeLine(page, i === 1 ? 'az group create -n rg1 -l westeurope' : `az identity create -g rg1 -n early${i}`);
    await typeLine(page, 'az vm create -g rg1 -n vm1 --image Ubuntu2204');
    await resourceRow(page, 'vm1').waitFor();

    await page.getByRole('button', { name: 'Enable system-assigned identity on vm1' }).click();
    await assertSeen(principalRow(page, 'vm1'), "vm1's new service principal");
    await assertSeen(strip(page).getByRole('button', { name: /service principal vm1/ }), 'the strip naming it');

    const kinds = page.getByLabel('New item in rg1', { exact: true });
    await kinds.selectOption({ label: 'user-assigned managed identity' });
    // The chosen kind is read whole: the list is wider than its text (and its arrow).
    const [width, text] = await kinds.evaluate((select) => {
      const context = document.createElement('canvas').getContext('2d');
      context.font = getComputedStyle(select).font;
      return [select.clientWidth, context.measureText(select.selectedOptions[0].text).width];
    });
    assert.ok(width >= text + 24, `the kind list is ${width}px for ${Math.ceil(text)}px of text`);
    await page.getByLabel('Name of the new item in rg1').fill('id1');
    await page.getByRole('button', { name: 'Create in rg1' }).click();
    await assertSeen(principalRow(page, 'id1'), "id1's new service principal");

    await page.getByRole('button', { name: 'Delete virtual machine vm1' }).click();
    await assertSeen(removedRow(page, 'vm1'), "vm1's removed service principal");

    await page.getByRole('button', { name: 'Delete user-assigned identity id1' }).click();
    await assertSeen(removedRow(page, 'id1'), "id1's removed service principal");

    // Undo's notice sits in the strip: nothing below it moves.
    const top = () => page.locator('.azure').evaluate((e) => e.getBoundingClientRect().top + scrollY);
    const before = await top();
    await page.getByRole('button', { name: /Undo/ }).click();
    await page.getByRole('status').filter({ hasText: 'Undid' }).waitFor();
    assert.equal(await top(), before);

    // Nothing is wider than the screen, and a card's IDs don't overlap.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the page scrolls sideways');
    const [objectId, appId] = await Promise.all([3, 4].map((n) =>
      principalRow(page, 'early2').locator(`td:nth-child(${n})`).boundingBox()));
    const apart = objectId.y + objectId.height <= appId.y || objectId.x + objectId.width <= appId.x;
    assert.ok(apart, `Object ID ${JSON.stringify(objectId)} overlaps Application ID ${JSON.stringify(appId)}`);

    // A disabled button says why, beside it.
    const create = page.getByRole('button', { name: 'Create in rg1' });
    await page.getByLabel('Name of the new item in rg1').fill('');
    assert.equal(await create.isDisabled(), true);
    const why = await create.getAttribute('aria-describedby');
    assert.match(await page.locator(`[id="${why}"]`).innerText(), /name/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`at ${name}, a change typed in the console is seen on both sides`, async () => {
    const { page, problems, context } = await openPage(site.browser, site.url, { viewport });
    await typeLine(page, 'az group create -n rg1 -l westeurope');
    await typeLine(page, 'az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity');
    await assertSeen(principalRow(page, 'vm1'), "vm1's new service principal");
    await assertSeen(page.locator('#console-line'), 'the console line');
    await typeLine(page, 'az vm delete -g rg1 -n vm1 --yes');
    await assertSeen(removedRow(page, 'vm1'), "vm1's removed service principal");
    // The strip links to what changed on the Azure side: following the link shows it.
    await typeLine(page, 'az identity create -g rg1 -n id9');
    await strip(page).getByRole('button', { name: /user-assigned identity id9/ }).click();
    await assertSeen(page.locator('.inspector .inspected', { hasText: 'id9' }), "id9's inspector");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`at ${name}, with 200 resources the new service principal is seen`, async () => {
    const { page, problems, context } = await openPage(site.browser, site.url, { viewport });
    const lines = ['az group create -n rg1 -l westeurope'];
    for (let i = 1; i <= 200; i++) lines.push(`az identity create -g rg1 -n bulk${String(i).padStart(3, '0')}`);
    await page.locator('#console-line').focus();
    await page.locator('#console-line').evaluate((input, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, lines.join('\n'));
    await principalRow(page, 'bulk200').waitFor();
    // A name that sorts last, and its object ID is anywhere among 200.
    await typeLine(page, 'az vm create -g rg1 -n zz-vm --image Ubuntu2204 --assign-identity');
    await assertSeen(principalRow(page, 'zz-vm'), "zz-vm's new service principal");
    await typeLine(page, 'az identity delete -g rg1 -n bulk150');
    await assertSeen(removedRow(page, 'bulk150'), "bulk150's removed service principal");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`at ${name}, clicking a resource shows its inspector in view`, async () => {
    const { page, problems, context } = await openPage(site.browser, site.url, { viewport });
    await typeLine(page, 'az group create -n rg1 -l westeurope');
    for (let i = 1; i <= 8; i++) await typeLine(page, `az vm create -g rg1 -n vm${i} --image Ubuntu2204 --assign-identity`);
    const button = page.getByRole('button', { name: 'Inspect virtual machine vm8' });
    await button.scrollIntoViewIfNeeded();
    await button.click();
    const inspected = page.locator('.inspector .inspected', { hasText: 'vm8' });
    await assertSeen(inspected, "vm8's inspector");
    if (viewport.width < 1000) {
      // Over a narrow column the inspector is a drawer: Close returns to the page.
      await page.locator('.inspector').getByRole('button', { name: 'Close' }).click();
      await page.locator('.inspector.open').waitFor({ state: 'detached' });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('in an iframe sandboxed without allow-forms, the buttons work', async () => {
  const sandbox = encodeURIComponent('allow-scripts allow-same-origin');
  const { page, problems, context } = await openPage(site.browser, `${site.host}?sandbox=${sandbox}`);
  const frame = page.frameLocator('iframe');
  await frame.getByLabel('New resource group').fill('rg1');
  await frame.getByLabel('New resource group').press('Enter');
  await frame.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  await frame.getByLabel('New item in rg1', { exact: true }).selectOption({ label: 'virtual machine' });
  await frame.getByLabel('Name of the new item in rg1').fill('vm1');
  await frame.getByRole('button', { name: 'Create in rg1' }).click();
  await frame.getByRole('button', { name: 'Enable system-assigned identity on vm1' }).click();
  await frame.locator('.entra tr[data-state="live"][data-name="vm1"]').waitFor();
  await frame.getByRole('button', { name: 'Delete virtual machine vm1' }).click();
  await frame.locator('.entra tr[data-state="removed"][data-name="vm1"]').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('in an iframe sandboxed with allow-scripts alone (files served with CORS), it works, without storage', async () => {
  const { page, problems, context } = await openPage(site.browser, `${site.host}?sandbox=allow-scripts`);
  const frame = page.frameLocator('iframe');
  await frame.getByRole('status').filter({ hasText: "can't be saved in this browser" }).waitFor();
  await frame.getByLabel('New resource group').fill('rg1');
  await frame.getByRole('button', { name: 'Create resource group' }).click();
  await frame.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  await frame.locator('#console-line').fill('az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity');
  await frame.locator('#console-line').press('Enter');
  await frame.locator('.entra tr[data-state="live"][data-name="vm1"]').waitFor();
  // A --query line runs in the worker's terminal, started here from a blob (the frame's origin
  // is opaque).
  await frame.locator('#console-line').fill('az vm show -g rg1 -n vm1 --query identity.type -o tsv');
  await frame.locator('#console-line').press('Enter');
  await frame.locator('.console-output .entry pre', { hasText: 'SystemAssigned' }).waitFor();
  // No alarm: storage being unavailable is a quiet status, not an alert.
  assert.equal(await frame.getByRole('alert').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
