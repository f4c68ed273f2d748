// Share links: the 20-command reference session's link fits in 600 characters; opened in a fresh
// browser it shows the same objects with the same IDs without saving over anyone's work; a
// tampered link says so and leaves the saved work as it was; az-playground --from-link turns the
// link back into a script that reproduces the session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { usePlayground, openPage, typeLine, principalRow, objectIdOf } from './support.js';

const site = usePlayground();
const AZ_PLAYGROUND = new URL('../../target/debug/az-playground', import.meta.url).pathname;

// A course's first hour: 20 commands.
const REFERENCE = [
  'az group create -n rg-lab -l westeurope',
  'az vm create -g rg-lab -n vm1 --image Ubuntu2204 --assign-identity',
  'az identity create -g rg-lab -n id-shared',
  'az vm create -g rg-lab -n vm2 --image Ubuntu2204',
  'az vm identity assign -g rg-lab -n vm2 --identities id-shared',
  'az keyvault create -g rg-lab -n kv-lab-1 --enable-rbac-authorization',
  'az appservice plan create -g rg-lab -n plan1 --is-linux',
  'az webapp create -g rg-lab -n web-lab-1 -p plan1',
  'az webapp identity assign -g rg-lab -n web-lab-1',
  'az storage account create -g rg-lab -n stlab1',
  'az ad app create --display-name billing-api',
  'az group create -n rg-keep -l westeurope',
  'az identity create -g rg-keep -n id-keep',
  'az vm create -g rg-keep -n vm3 --image Ubuntu2204 --assign-identity',
  'az vm identity remove -g rg-lab -n vm1',
  'az vm identity assign -g rg-lab -n vm1',
  'az vm delete -g rg-keep -n vm3 --yes',
  'az identity delete -g rg-keep -n id-keep',
  'az webapp identity remove -g rg-lab -n web-lab-1',
  'az vm identity assign -g rg-lab -n vm1 --identities id-shared',
];

async function shareLink(page) {
  await page.getByRole('button', { name: /^Share/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this session' });
  await dialog.waitFor();
  const link = await dialog.getByLabel('Share link').inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  return link;
}

test('a shared session opens elsewhere with the same IDs, unsaved; a bad link leaves saved work alone', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await page.locator('#lessons').getByRole('button', { name: 'Free play', exact: true }).click();
  for (const line of REFERENCE) await typeLine(page, line);
  await principalRow(page, 'id-shared').waitFor();
  const ids = { vm1: await objectIdOf(page, 'vm1'), shared: await objectIdOf(page, 'id-shared') };
  const link = await shareLink(page);
  console.log(`# the 20-command reference session's link: ${link.length} characters`);
  assert.ok(link.length <= 600, `${link.length} characters`);
  assert.ok(!link.includes('?'), 'a share link carries no parameters');
  assert.deepEqual(problems, []);
  await context.close();

  // A first visit by the link: the shared session is the page's first drawing, with no lesson
  // welcome over it (the Lessons button is there when wanted).
  const first = await openPage(site.browser, link);
  await first.page.getByRole('group', { name: 'Shared session' }).waitFor();
  assert.equal(await objectIdOf(first.page, 'vm1'), ids.vm1);
  assert.equal(await first.page.locator('#lessons').count(), 0);
  await first.page.getByRole('button', { name: 'Lessons', exact: true }).waitFor();
  assert.deepEqual(first.problems, []);
  await first.context.close();

  // A fresh browser with work of its own: the link shows the shared session, saves nothing.
  const other = await openPage(site.browser, site.url);
  await other.page.locator('#lessons').getByRole('button', { name: 'Free play', exact: true }).click();
  await typeLine(other.page, 'az group create -n mine -l westeurope');
  // The saved sessions (which lab is current may change; the work may not).
  const saved = () => other.page.evaluate(() => JSON.stringify(Object.entries(localStorage).filter(([key]) => key.endsWith('.session')).sort()));
  const before = await saved();
  await other.page.goto(link);
  await other.page.getByRole('group', { name: 'Shared session' }).waitFor();
  await principalRow(other.page, 'id-shared').waitFor();
  assert.equal(await objectIdOf(other.page, 'vm1'), ids.vm1);
  assert.equal(await objectIdOf(other.page, 'id-shared'), ids.shared);
  await typeLine(other.page, 'az group create -n extra -l westeurope');
  assert.equal(await saved(), before, 'the shared session is not saved');
  await other.page.getByRole('button', { name: 'Back to my work' }).click();
  await other.page.locator('.azure').getByText('mine', { exact: true }).waitFor();
  assert.equal(new URL(other.page.url()).hash, '');

  // Tampered: a clear message, and the learner's own work.
  const tampered = link.slice(0, -40) + (link.at(-40) === 'A' ? 'B' : 'A') + link.slice(-39);
  await other.page.goto(tampered);
  await other.page.getByText("This shared session can't be opened").first().waitFor();
  await other.page.locator('.azure').getByText('mine', { exact: true }).waitFor();
  assert.equal(await saved(), before);
  assert.deepEqual(other.problems, []);

  // Natively: the link back to a script, which reproduces the session (same IDs by the seed).
  if (existsSync(AZ_PLAYGROUND)) {
    const script = execFileSync(AZ_PLAYGROUND, ['--from-link', link], { encoding: 'utf8' });
    const seed = script.match(/--seed (\d+)/)[1];
    writeFileSync('/tmp/shared-session.az', script + 'az identity show -g rg-lab -n id-shared --query principalId -o tsv\n');
    const out = execFileSync(AZ_PLAYGROUND, ['--seed', seed, '/tmp/shared-session.az'], { encoding: 'utf8' });
    assert.equal(out.trim().split('\n').at(-1), ids.shared);
  }
  await other.context.close();
});

test('a session goes out as a file and as a script for real Azure, and comes back in from the file', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await page.locator('#lessons').getByRole('button', { name: 'Free play', exact: true }).click();
  for (const line of [
    'az group create -n rg1 -l westeurope',
    'az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity',
    'az keyvault create -g rg1 -n kv1',
    'az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role "Key Vault Secrets User" --scope $(az keyvault show -n kv1 --query id -o tsv)',
  ]) await typeLine(page, line);
  // Shared at once, as a learner would: the grant's line has --query, so it is still out in the
  // worker's terminal (its first line starts the worker); the dialog opens once it is back, and the
  // session holds it.
  await page.getByRole('button', { name: /^Share/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this session' });
  await dialog.waitFor();
  const principal = await objectIdOf(page, 'vm1');
  const download = async (name) => {
    const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name }).click()]);
    return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
  };
  const session = await download('Download as a file (.az)');
  assert.equal(session.name, 'playground-session.az');
  assert.match(session.text, /^az role assignment create --assignee [0-9a-f-]{36} --role 'Key Vault Secrets User'/m);

  const script = await download('Script for real Azure (.sh)');
  assert.equal(script.name, 'playground-session.sh');
  assert.match(script.text, /^#!\/usr\/bin\/env bash/);
  assert.match(script.text, /WARNING: it creates real Azure resources/);
  assert.match(script.text, /^az role assignment create --assignee \$VM1_PRINCIPAL_ID /m);
  assert.ok(!script.text.includes(principal), 'no made-up ID is left in the script');
  await dialog.getByRole('status').getByText('Downloaded playground-session.sh').waitFor();
  // Unchanged through az-playground (with the page's seed), it gives back the same identity.
  writeFileSync('/tmp/exported.sh', script.text + 'az vm show -g rg1 -n vm1 --query identity.principalId -o tsv\n');
  const out = execFileSync(AZ_PLAYGROUND, ['--seed', '2026', '/tmp/exported.sh'], { encoding: 'utf8' });
  assert.equal(out.trim().split('\n').at(-1), principal);
  await dialog.getByRole('button', { name: 'Close' }).click();
  assert.deepEqual(problems, []);
  await context.close();

  // Elsewhere, with work of its own: the file opens as a shared session with the same IDs.
  const other = await openPage(site.browser, site.url);
  await other.page.locator('#lessons').getByRole('button', { name: 'Free play', exact: true }).click();
  await typeLine(other.page, 'az group create -n mine -l westeurope');
  writeFileSync('/tmp/session.az', session.text);
  await other.page.getByRole('button', { name: /^Share/ }).click();
  await other.page.getByLabel('Open a session file (.az)').setInputFiles('/tmp/session.az');
  await other.page.getByRole('group', { name: 'Shared session' }).waitFor();
  await principalRow(other.page, 'vm1').waitFor();
  assert.equal(await objectIdOf(other.page, 'vm1'), principal);
  await other.page.getByRole('button', { name: 'Back to my work' }).click();
  await other.page.locator('.azure').getByText('mine', { exact: true }).waitFor();

  // A file that is not a session: said so, and the learner's work stays.
  writeFileSync('/tmp/not-a-session.az', Buffer.from([0xff, 0xfe, 0x00, 0x41]));
  await other.page.getByRole('button', { name: /^Share/ }).click();
  await other.page.getByLabel('Open a session file (.az)').setInputFiles('/tmp/not-a-session.az');
  await other.page.getByText("This shared session can't be opened: the file is not text").first().waitFor();
  await other.page.locator('.azure').getByText('mine', { exact: true }).waitFor();
  assert.deepEqual(other.problems, []);
  await other.context.close();
});
