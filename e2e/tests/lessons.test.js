// Lessons as a learner meets them: the welcome on a first visit, a lesson done by console only and
// another by buttons only, a reload in the middle of one, a predict-first step answered wrongly then
// rightly, German by ?lang=de, and axe-core on the panel, wide and in a 400 px column. The lesson
// code runs in a worker outside the first load; these tests also check it never errs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { usePlayground, openPage, typeLine, resourceRow } from './support.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const LESSONS = new URL('../../static/lessons/', import.meta.url);
const lesson = (file) => JSON.parse(readFileSync(new URL(file, LESSONS), 'utf8'));
// A lesson text in English (a text is a string, or one per language).
const en = (text) => (typeof text === 'string' ? text : text.en);

const site = usePlayground();

const panel = (page) => page.locator('#lessons');
const status = (page) => panel(page).locator('.lesson-head .status');
const goals = (page) => panel(page).locator('.checklist li');
const held = (page) => panel(page).locator('.checklist li.held');

// From the welcome to free play, and from its bar to the list of lessons.
async function openLessons(page) {
  await panel(page).getByRole('button', { name: 'Free play', exact: true }).click();
  await panel(page).locator('.tutor-bar').getByRole('button', { name: 'Lessons', exact: true }).click();
  await panel(page).getByRole('heading', { name: 'Lessons', exact: true }).waitFor();
}

test('a first visit welcomes; the first lesson is done by typing its solution, and it says what was learnt', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await panel(page).getByRole('heading', { name: 'Welcome to the Managed Identity Playground' }).waitFor();
  await panel(page).getByText('not started').first().waitFor();
  await panel(page).getByRole('button', { name: 'Start the first lesson' }).click();
  const first = lesson('01-service-principal.json');
  await panel(page).getByRole('heading', { name: en(first.title) }).waitFor();
  for (const [index, step] of first.steps.entries()) {
    await status(page).filter({ hasText: `step ${index + 1} of ${first.steps.length}` }).waitFor();
    assert.equal(await goals(page).count(), step.goals.length);
    for (const line of step.solution) await typeLine(page, line);
  }
  await status(page).filter({ hasText: 'Lesson complete' }).waitFor();
  await panel(page).getByRole('heading', { name: 'The az lines you used' }).waitFor();
  assert.match(await panel(page).locator('.lesson-end pre').innerText(), /az ad app create/);
  // Back in the list, the lesson is done.
  await panel(page).getByRole('button', { name: 'All lessons' }).first().click();
  await panel(page).locator('li', { hasText: en(first.title) }).getByText('done').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a lesson done by buttons only; a reload in the middle continues where it was', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await openLessons(page);
  const sa = lesson('03-system-assigned.json');
  await panel(page).getByRole('button', { name: en(sa.title) }).click();
  await status(page).filter({ hasText: 'step 1 of 4' }).waitFor();
  // The setup made the group lab; the rest is buttons.
  await page.getByLabel('New item in lab', { exact: true }).selectOption({ label: 'virtual machine' });
  await page.getByLabel('Name of the new item in lab').fill('vm1');
  await page.getByRole('button', { name: 'Create in lab' }).click();
  await resourceRow(page, 'vm1').waitFor();
  assert.equal(await held(page).count(), 0);
  await page.getByRole('button', { name: 'Enable system-assigned identity on vm1' }).click();
  await status(page).filter({ hasText: 'step 2 of 4' }).waitFor();
  await page.getByRole('button', { name: 'Disable system-assigned identity on vm1' }).click();
  await status(page).filter({ hasText: 'step 3 of 4' }).waitFor();

  // A reload: the same lesson, the same step, the same world.
  await page.reload();
  await status(page).filter({ hasText: 'step 3 of 4' }).waitFor();
  await resourceRow(page, 'vm1').waitFor();
  assert.equal(await panel(page).getByText('Welcome').count(), 0);

  await page.getByRole('button', { name: 'Enable system-assigned identity on vm1' }).click();
  await status(page).filter({ hasText: 'step 4 of 4' }).waitFor();
  await page.getByRole('button', { name: 'Delete virtual machine vm1' }).click();
  await status(page).filter({ hasText: 'Lesson complete' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('hints come one at a time and "Show solution" puts the next line in the console without running it', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await panel(page).getByRole('button', { name: 'Start the first lesson' }).click();
  await status(page).filter({ hasText: 'step 1 of 3' }).waitFor();
  const step = lesson('01-service-principal.json').steps[0];
  await panel(page).getByRole('button', { name: 'Show hint' }).click();
  await panel(page).locator('.hints li').first().waitFor();
  assert.equal(await panel(page).locator('.hints li').count(), 1);
  await panel(page).getByRole('button', { name: 'Show solution' }).click();
  await page.waitForFunction((line) => document.querySelector('#console-line').value === line, step.solution[0])
    .catch(async (error) => {
      throw new Error(`${error.message}: the input holds '${await page.locator('#console-line').inputValue()}'`);
    });
  assert.equal(await page.locator('#console-line').evaluate((input) => input === document.activeElement), true);
  // Not run: the step waits until the learner presses Enter, which completes it.
  await page.waitForTimeout(300);
  assert.match(await status(page).innerText(), /step 1 of 3/);
  await page.locator('#console-line').press('Enter');
  await status(page).filter({ hasText: 'step 2 of 3' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a predict-first step: a wrong answer is shown wrong, and after a restart a right one right', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url + '?lang=en');
  await openLessons(page);
  await panel(page).getByRole('button', { name: en(lesson('12-group-delete.json').title) }).click();
  const question = panel(page).getByRole('group', { name: 'Which service principals will disappear when you delete the group lab?' });
  await question.waitFor();
  await question.getByLabel(/^keep-id/).check();
  await question.getByRole('button', { name: 'Lock in my prediction' }).click();
  await panel(page).getByText('Your prediction is locked in').waitFor();
  await typeLine(page, 'az group delete -n lab --yes');
  const judgement = panel(page).locator('.judgement');
  await judgement.getByRole('heading', { name: 'Your prediction' }).waitFor();
  assert.ok(await judgement.locator('.verdict.wrong').count() >= 3);

  await panel(page).getByRole('button', { name: 'Restart' }).click();
  await question.waitFor();
  await resourceRow(page, 'vm1').waitFor();
  for (const name of ['vm1', 'web1', 'shared-id']) await question.getByLabel(new RegExp(`^${name} `)).check();
  await question.getByRole('button', { name: 'Lock in my prediction' }).click();
  await typeLine(page, 'az group delete -n lab --yes');
  await judgement.getByRole('heading', { name: 'Your prediction' }).waitFor();
  assert.equal(await judgement.locator('.verdict.wrong').count(), 0);
  assert.equal(await judgement.locator('.verdict.right').count(), 3);
  await status(page).filter({ hasText: 'step 2 of' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('?lang=de shows the lessons in German', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url + '?lang=de');
  await panel(page).getByRole('button', { name: 'Erste Lektion starten' }).click();
  await status(page).filter({ hasText: 'Schritt 1 von 3' }).waitFor();
  await panel(page).getByRole('heading', { name: lesson('01-service-principal.json').title.de }).waitFor();
  assert.equal(await panel(page).locator('.tutor').getAttribute('lang'), 'de');
  assert.deepEqual(problems, []);
  await context.close();
});

async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => window.axe.run('#lessons', { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

for (const [width, label] of [[1280, 'wide'], [400, 'narrow']]) {
  test(`axe-core: the lessons panel and a running lesson, ${label}`, async () => {
    const { page, context } = await openPage(site.browser, site.url, { viewport: { width, height: 800 }, bypassCSP: true });
    await panel(page).getByRole('button', { name: 'Start the first lesson' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `/tmp/lessons-welcome-${label}.png` });
    await context.close();
    const second = await openPage(site.browser, site.url, { viewport: { width, height: 800 }, bypassCSP: true });
    await openLessons(second.page);
    await panel(second.page).getByRole('button', { name: en(lesson('12-group-delete.json').title) }).click();
    await panel(second.page).getByRole('group').waitFor();
    await panel(second.page).getByRole('button', { name: 'Show hint' }).click();
    assert.deepEqual(await seriousViolations(second.page), []);
    await second.page.screenshot({ path: `/tmp/lessons-running-${label}.png`, fullPage: label === 'narrow' });
    await second.context.close();
  });
}
