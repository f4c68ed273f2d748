// App Service by buttons: a web app needs a plan in its group (docs/azure-rules.md M13), so the form
// says so until one exists, then offers it; deleting the plan's last app deletes the plan too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground, openPage, resourceRow } from './support.js';

const site = usePlayground();

test('a web app runs on a plan made first, and takes it along when deleted', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await page.getByLabel('New resource group').fill('rg1');
  await page.getByRole('button', { name: 'Create resource group' }).click();
  const kind = page.getByLabel('New item in rg1', { exact: true });
  const name = page.getByLabel('Name of the new item in rg1');
  const create = page.getByRole('button', { name: 'Create in rg1' });

  // No plan yet: the form says what a web app needs, and won't create one.
  await kind.selectOption({ label: 'web app' });
  await name.fill('web-learn-1');
  await page.locator('.note', { hasText: 'A web app runs on an App Service plan' }).waitFor();
  assert.equal(await create.isDisabled(), true);

  // Make the plan, then the app on it.
  await kind.selectOption({ label: 'App Service plan' });
  await name.fill('plan-learn-1');
  await create.click();
  await resourceRow(page, 'plan-learn-1').waitFor();
  await page.locator('.console-output .from-button .cmd', {
    hasText: 'az appservice plan create --name plan-learn-1 --resource-group rg1',
  }).waitFor();
  await kind.selectOption({ label: 'web app' });
  await page.getByLabel('App Service plan', { exact: true }).selectOption('plan-learn-1');
  await name.fill('web-learn-1');
  await create.click();
  await resourceRow(page, 'web-learn-1').waitFor();
  await page.locator('.console-output .from-button .cmd', {
    hasText: 'az webapp create --name web-learn-1 --resource-group rg1 --plan plan-learn-1',
  }).waitFor();

  // Deleting the plan's only app deletes the empty plan with it.
  await page.getByRole('button', { name: 'Delete web app web-learn-1' }).click();
  await resourceRow(page, 'web-learn-1').waitFor({ state: 'detached' });
  await resourceRow(page, 'plan-learn-1').waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});
