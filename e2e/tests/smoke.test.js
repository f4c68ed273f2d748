// The release build loads under a sub-path with no console error, and a click changes the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage } from './support.js';

let server, url, browser;
before(async () => {
  ({ server, url } = await startServer());
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the app loads from a course sub-path with no console error', async () => {
  const { page, problems, context } = await openPage(browser, url);
  await page.getByRole('heading', { name: 'Managed Identity Playground' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a click changes what is shown', async () => {
  const { page, problems, context } = await openPage(browser, url);
  const button = page.getByRole('button', { name: /Clicked/ });
  await button.click();
  await page.getByRole('button', { name: 'Clicked 1' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
