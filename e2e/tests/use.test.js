// Using identities by buttons only: a VM asks for a token, the inspector shows what the token may do
// and why; time passes; a secret refused until the learner grants themselves a data role; containers,
// app credentials, the recycle bin and the subscription switch. Then a reload keeps it all (every
// button's line is saved, including tokens and the clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground, openPage, principalRow, resourceRow } from './support.js';

const site = usePlayground();

test('tokens, access checks, time, data, credentials and restores by buttons only', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const createIn = async (type, name, { identity = false } = {}) => {
    await page.getByLabel('New item in rg1', { exact: true }).selectOption({ label: type });
    await page.getByLabel('Name of the new item in rg1').fill(name);
    if (identity) await page.getByLabel('With a system-assigned identity').check();
    await page.getByRole('button', { name: 'Create in rg1' }).click();
    await resourceRow(page, name).waitFor();
  };
  await page.getByLabel('New resource group').fill('rg1');
  await page.getByRole('button', { name: 'Create resource group' }).click();
  await createIn('virtual machine', 'vm1', { identity: true });
  await createIn('key vault', 'kv-learn-1');
  await createIn('storage account', 'stlearn1');

  // A token for Key Vault: the inspector decodes it and checks it against every target.
  await page.getByRole('button', { name: 'Request token from inside vm1' }).click();
  await page.getByLabel('Token for (audience)').selectOption({ value: 'https://vault.azure.net' });
  await page.getByRole('button', { name: 'Request token', exact: true }).click();
  const inspector = page.locator('.inspector');
  await inspector.locator('.inspected', { hasText: 'Token of vm1 for https://vault.azure.net' }).waitFor();
  const vm1Oid = await principalRow(page, 'vm1').locator('td:nth-child(3) code').getAttribute('title');
  assert.match(await inspector.locator('pre.json').innerText(), new RegExp(`"oid": "${vm1Oid}"`));
  const vaultCheck = inspector.locator('.checks tr', { hasText: 'read a secret on key vault kv-learn-1' });
  await vaultCheck.locator('td', { hasText: '403 denied' }).waitFor();
  // The console printed what the identity endpoint answers.
  await page.locator('.console-output .from-button', { hasText: 'playground token --type vm' })
    .filter({ hasText: '"access_token": "' }).waitFor();

  // Grant Key Vault Secrets User on the vault: the same token is now allowed, and says by what.
  await page.getByRole('button', { name: 'Grant role to an identity of vm1' }).click();
  await page.getByLabel('Role', { exact: true }).selectOption('Key Vault Secrets User');
  await page.getByLabel('Scope', { exact: true }).selectOption({ label: 'key vault kv-learn-1' });
  await page.getByRole('button', { name: 'Grant', exact: true }).click();
  await vaultCheck.locator('td', { hasText: '200 allowed' }).waitFor();
  await vaultCheck.locator('td', { hasText: 'Key Vault Secrets User' }).waitFor();
  // The grant as the REST request it sends: a PUT of a role assignment, shown on asking.
  await page.getByRole('button', { name: 'Show the REST requests of the latest change' }).click();
  const requests = inspector.locator('pre.requests');
  await requests.waitFor();
  assert.match(await requests.innerText(), /Request method: 'PUT'\n[\s\S]*"principalType":"ServicePrincipal"/);
  assert.match(await requests.innerText(), /Request URL: '.*kv-learn-1\/providers\/Microsoft\.Authorization\/roleAssignments\/[0-9a-f-]{36}\?api-version=/);
  // The wrong audience for storage, whatever the roles.
  await inspector.locator('.checks tr', { hasText: 'read a blob on storage account stlearn1' })
    .locator('td', { hasText: '401 denied' }).waitFor();

  // A day later the token has expired.
  const clock = page.locator('.clock time');
  const before = await clock.innerText();
  await page.getByRole('button', { name: 'Let 1 day pass' }).click();
  await vaultCheck.locator('td', { hasText: '401 denied' }).waitFor();
  await vaultCheck.locator('td', { hasText: 'expired' }).waitFor();
  // The requests were the grant's: after another change they are asked for again.
  assert.equal(await requests.count(), 0);
  assert.notEqual(await clock.innerText(), before);

  // Data in the targets. A vault that uses Azure RBAC (the CLI's default) lets nobody at its
  // secrets, its creator included, until a Key Vault data role is held: Owner of the subscription
  // manages the vault but can't write a secret (docs/azure-rules.md M11).
  const setSecret = async () => {
    await page.getByRole('button', { name: 'Set secret in key vault kv-learn-1' }).click();
    await page.getByLabel('Secret name').fill('bad name!');
    await page.locator('.field-error', { hasText: 'name' }).first().waitFor();
    await page.getByLabel('Secret name').fill('db-password');
    await page.getByLabel('Secret value').fill('s3cret');
    await page.getByRole('button', { name: 'Set secret', exact: true }).click();
  };
  await setSecret();
  const refusal = page.locator('.notice.urgent', { hasText: 'Caller is not authorized to perform action on resource.' });
  await refusal.waitFor();
  // The strip shows one line of it; "More" shows all of it.
  await refusal.locator('summary', { hasText: 'More' }).click();
  const reason = await refusal.locator('.note-full').innerText();
  assert.match(reason, /\(Forbidden\)/);
  assert.match(reason, /Action: 'Microsoft\.KeyVault\/vaults\/secrets\/setSecret\/action'/);
  assert.match(reason, /Assignment: \(not found\)/);
  // Grant yourself Key Vault Secrets Officer on the vault: now the secret is set.
  await page.getByRole('button', { name: 'Grant yourself a role on key vault kv-learn-1' }).click();
  await page.getByLabel('Who gets the role (assignee)').selectOption({ label: 'you (learner@contoso.onmicrosoft.com)' });
  await page.getByLabel('Role', { exact: true }).selectOption('Key Vault Secrets Officer');
  await page.getByLabel('Scope', { exact: true }).selectOption({ label: 'this key vault (kv-learn-1)' });
  await page.getByRole('button', { name: 'Grant', exact: true }).click();
  await page.locator('.console-output .from-button .cmd', {
    hasText: "az role assignment create --assignee learner@contoso.onmicrosoft.com --role 'Key Vault Secrets Officer'",
  }).waitFor();
  await setSecret();
  await page.locator('.console-output .from-button', {
    hasText: 'az keyvault secret set --vault-name kv-learn-1 --name db-password --value s3cret',
  }).filter({ hasText: '"name": "db-password"' }).waitFor();
  await page.getByRole('button', { name: 'Create container in storage account stlearn1' }).click();
  await page.getByLabel('Container name').fill('reports');
  await page.getByRole('button', { name: 'Create container', exact: true }).click();
  await page.locator('.console-output .from-button .cmd', { hasText: 'az storage container create --account-name stlearn1 --name reports' }).waitFor();

  // App registrations: a secret is shown once in the console; a certificate is counted.
  await page.getByLabel('New app registration').fill('web-api');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('button', { name: 'New client secret for web-api' }).click();
  await page.locator('.console-output .from-button', { hasText: 'az ad app credential reset' })
    .filter({ hasText: '"password": "' }).waitFor();
  await page.getByRole('button', { name: 'New certificate for web-api' }).click();
  await page.locator('.registrations li', { hasText: '1 client secret · 1 certificate' }).waitFor();

  // Delete the app: it and its service principal go to the recycle bin, each restored on its own.
  await page.getByRole('button', { name: 'Create service principal for web-api' }).click();
  await principalRow(page, 'web-api').waitFor();
  await page.getByRole('button', { name: 'Delete app registration web-api' }).click();
  await principalRow(page, 'web-api').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Restore deleted application web-api' }).click();
  await page.getByRole('button', { name: 'Inspect app registration web-api' }).waitFor();
  assert.equal(await principalRow(page, 'web-api').count(), 0, 'restoring the app leaves its SP deleted');
  await page.getByRole('button', { name: 'Restore deleted service principal web-api' }).click();
  await principalRow(page, 'web-api').waitFor();

  // The other subscription (and tenant) is empty; switching back shows everything again.
  await page.getByLabel('Subscription', { exact: true }).selectOption({ label: 'Fabrikam Partner (tenant Fabrikam)' });
  await page.locator('.azure .empty', { hasText: 'No resource groups yet' }).waitFor();
  await page.getByLabel('Subscription', { exact: true }).selectOption({ label: 'Contoso Learning (tenant Contoso)' });
  await resourceRow(page, 'vm1').waitFor();

  // Everything above is saved as lines and replays on reload, the clock included.
  const clockBefore = await clock.innerText();
  await page.reload();
  await resourceRow(page, 'vm1').waitFor();
  assert.equal(await clock.innerText(), clockBefore);
  await principalRow(page, 'web-api').waitFor();
  assert.equal(await page.locator('.notice.urgent').count(), 0);

  // Undo survives a reload with its redo: undo both subscription switches and the restore of the
  // service principal, reload, and Redo brings all three back.
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: /Undo/ }).click();
  await principalRow(page, 'web-api').waitFor({ state: 'detached' });
  await page.reload();
  await resourceRow(page, 'vm1').waitFor();
  assert.equal(await principalRow(page, 'web-api').count(), 0);
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: /Redo/ }).click();
  await principalRow(page, 'web-api').waitFor();
  assert.equal(await page.getByRole('button', { name: /Redo/ }).isDisabled(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the signed-in learner is a user of the directory, inspected like any object', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  await page.getByRole('button', { name: 'Inspect user learner@contoso.onmicrosoft.com' }).click();
  const json = page.locator('.inspector pre.json');
  await json.filter({ hasText: '"userPrincipalName": "learner@contoso.onmicrosoft.com"' }).waitFor();
  assert.match(await json.innerText(), /"@odata.context": "https:\/\/graph.microsoft.com\/v1.0\/\$metadata#users\/\$entity"/);
  // Their Owner assignment on the subscription is listed by name.
  await page.locator('.assignment', { hasText: 'learner@contoso.onmicrosoft.com has Owner on the subscription' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
