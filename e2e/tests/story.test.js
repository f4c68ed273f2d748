// A new learner's story, once by buttons only and once by the console only: identities and their
// service principals appear and disappear, undo brings them back with the same IDs, reload keeps them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  usePlayground, openPage, typeLine, principalRow, objectIdOf, resourceRow,
} from './support.js';

const site = usePlayground();

const gone = (locator) => locator.waitFor({ state: 'detached' });

// The checks after each step are the same whichever way the learner acted.
async function checkTheStory(page, act) {
  await act.setUp();
  await principalRow(page, 'vm1').waitFor();
  assert.equal(await principalRow(page, 'vm1').getAttribute('data-type'), 'ManagedIdentity');
  await principalRow(page, 'id1').waitFor();
  await act.assignBoth();
  await resourceRow(page, 'vm1').locator('.ref', { hasText: 'uses id1' }).waitFor();
  await resourceRow(page, 'vm2').locator('.ref', { hasText: 'uses id1' }).waitFor();
  const vm1Id = await objectIdOf(page, 'vm1');
  const id1Id = await objectIdOf(page, 'id1');
  assert.match(vm1Id, /^[0-9a-f-]{36}$/);

  await act.deleteVm1();
  await gone(principalRow(page, 'vm1'));
  await page.locator('.entra tr[data-state="removed"][data-name="vm1"]', { hasText: 'deleted because' }).waitFor();
  assert.equal(await principalRow(page, 'id1').count(), 1, "id1's service principal stays");

  await act.deleteId1();
  await gone(principalRow(page, 'id1'));
  await resourceRow(page, 'vm2').locator('.ref.dangling', { hasText: 'dangling reference' }).waitFor();

  await act.undo();
  await act.undo();
  await principalRow(page, 'id1').waitFor();
  await principalRow(page, 'vm1').waitFor();
  assert.equal(await objectIdOf(page, 'vm1'), vm1Id);
  assert.equal(await objectIdOf(page, 'id1'), id1Id);
  assert.equal(await resourceRow(page, 'vm2').locator('.ref.dangling').count(), 0);

  await page.reload();
  await principalRow(page, 'vm1').waitFor();
  assert.equal(await objectIdOf(page, 'vm1'), vm1Id);
  assert.equal(await objectIdOf(page, 'id1'), id1Id);
  await resourceRow(page, 'vm1').waitFor();
  await resourceRow(page, 'vm2').locator('.ref', { hasText: 'uses id1' }).waitFor();
}

test('the story by buttons only', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const createIn = async (type, name) => {
    await page.getByLabel('New item in rg1', { exact: true }).selectOption({ label: type });
    await page.getByLabel('Name of the new item in rg1').fill(name);
    await page.getByRole('button', { name: 'Create in rg1' }).click();
    await resourceRow(page, name).waitFor();
  };
  const assign = async (vm) => {
    await page.getByRole('button', { name: `Assign identity to ${vm}` }).click();
    await page.getByLabel('Identity to assign').selectOption({ label: 'id1 (rg1)' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
  };
  await checkTheStory(page, {
    setUp: async () => {
      await page.getByLabel('New resource group').fill('rg1');
      await page.getByRole('button', { name: 'Create resource group' }).click();
      await createIn('virtual machine', 'vm1');
      await createIn('virtual machine', 'vm2');
      await page.getByRole('button', { name: 'Enable system-assigned identity on vm1' }).click();
      await principalRow(page, 'vm1').waitFor();
      await createIn('user-assigned managed identity', 'id1');
    },
    assignBoth: async () => {
      await assign('vm1');
      await resourceRow(page, 'vm1').locator('.ref', { hasText: 'uses id1' }).waitFor();
      await assign('vm2');
      // Every button echoes its az line into the console history.
      await page.locator('.console-output .from-button .cmd', {
        hasText: 'az vm identity assign --name vm2 --resource-group rg1 --identities id1',
      }).waitFor();
    },
    deleteVm1: () => page.getByRole('button', { name: 'Delete virtual machine vm1' }).click(),
    deleteId1: () => page.getByRole('button', { name: 'Delete user-assigned identity id1' }).click(),
    undo: () => page.getByRole('button', { name: /Undo/ }).click(),
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the same story through the console only', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await checkTheStory(page, {
    setUp: async () => {
      await typeLine(page, 'az group create -n rg1 -l westeurope');
      await typeLine(page, 'az vm create -g rg1 -n vm1 --image Ubuntu2204');
      await typeLine(page, 'az vm create -g rg1 -n vm2 --image Ubuntu2204');
      await typeLine(page, 'az vm identity assign -g rg1 -n vm1');
      await typeLine(page, 'az identity create -g rg1 -n id1');
    },
    assignBoth: async () => {
      await typeLine(page, 'az vm identity assign -g rg1 -n vm1 --identities id1');
      await typeLine(page, 'az vm identity assign -g rg1 -n vm2 --identities id1');
    },
    deleteVm1: () => typeLine(page, 'az vm delete -g rg1 -n vm1 --yes'),
    deleteId1: () => typeLine(page, 'az identity delete -g rg1 -n id1'),
    undo: () => typeLine(page, 'undo'),
  });
  // Arrow-up recalls the last line typed.
  await typeLine(page, 'az group list -o table');
  await page.locator('#console-line').press('ArrowUp');
  assert.equal(await page.locator('#console-line').inputValue(), 'az group list -o table');
  assert.deepEqual(problems, []);
  await context.close();
});

test('undo and redo have keyboard shortcuts outside text fields', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await typeLine(page, 'az group create -n rg-keys -l westeurope');
  const group = page.getByRole('button', { name: 'Inspect resource group rg-keys' });
  await group.waitFor();
  await page.locator('h1').click();
  await page.keyboard.press('Control+z');
  await gone(group);
  await page.keyboard.press('Control+y');
  await group.waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('corrupted storage gives a notice and a fresh start', async () => {
  const context = await site.browser.newContext();
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('mi-playground.session', '{"format": "mi-playground/az-lines", "lines": [');
      sessionStorage.setItem('seeded', '1');
    }
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await page.getByRole('status').filter({ hasText: "can't be read" }).waitFor();
  await page.getByRole('heading', { name: 'Azure resources' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('full storage: an alert, and the work stays on screen', async () => {
  const context = await site.browser.newContext();
  await context.addInitScript(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await page.getByRole('alert').filter({ hasText: 'could not be saved' }).waitFor();
  await page.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('blocked storage: one notice, and the playground still works', async () => {
  const context = await site.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await page.getByRole('status').filter({ hasText: "can't be saved in this browser" }).waitFor();
  await typeLine(page, 'az group create -n rg1 -l westeurope');
  await page.getByRole('button', { name: 'Inspect resource group rg1' }).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
