// Inside a VM, as Microsoft's tutorial does it: in by the VM's Connect button (then by ssh), ask the identity endpoint for a Key Vault
// token with curl, read a secret with it; take the role away and read Key Vault's 403 in the shell,
// and in the sign-in log that the token was issued all the same (a 403 is Key Vault's decision).
// The shell runs in a worker; the token it asked for is a change the page logs, shows and keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlayground, openPage, typeLine } from './support.js';

const site = usePlayground();

// The console of `page`: `run(line, expect)` types a line and waits for its own entry (and, when
// given, for `expect` in what it printed); `last()` is the newest entry.
function consoleOf(page) {
  const output = page.locator('.console-output');
  const last = () => output.locator('.entry').last();
  const run = async (line, expect) => {
    const count = await output.locator('.entry').count();
    await typeLine(page, line);
    const entry = output.locator('.entry').nth(count);
    await entry.waitFor();
    if (expect) await entry.locator('pre', { hasText: expect }).waitFor();
  };
  return { output, last, run };
}

const IMDS = "curl -s 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net' -H Metadata:true";
const SECRET = 'curl -s "https://kv-e2e-1.vault.azure.net/secrets/greeting?api-version=7.4" -H "Authorization: Bearer $TOKEN"';

test('a token from inside the VM reads a secret, and a removed role gives the 403', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const { output, last, run } = consoleOf(page);
  const prompt = page.locator('.console-input .prompt');
  await run('az group create -n rg1 -l westeurope -o none');
  await run('IP=$(az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity --query publicIpAddress -o tsv)');
  await run('az keyvault create -n kv-e2e-1 -g rg1 -o none');
  await run('VAULT=$(az keyvault show -n kv-e2e-1 --query id -o tsv)');
  await run('az role assignment create --assignee $(az ad signed-in-user show --query id -o tsv) --role "Key Vault Secrets Officer" --scope $VAULT -o none');
  await run('az keyvault secret set --vault-name kv-e2e-1 -n greeting --value "hello from the vault" -o none');
  await run('VM=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)');
  await run('az role assignment create --assignee-object-id $VM --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope $VAULT -o none');

  // vm1's Connect button opens a shell inside it, as ssh would.
  const count = await output.locator('.entry').count();
  await page.getByRole('button', { name: 'Connect to vm1 (ssh)' }).click();
  await output.locator('.entry').nth(count).locator('pre', { hasText: 'you are inside the VM' }).waitFor();
  assert.match(await last().innerText(), /ssh azureuser@vm1/);
  await page.locator('.console-input .prompt', { hasText: 'azureuser@vm1:~$' }).waitFor();
  await run(`TOKEN=$(${IMDS} | jq -r .access_token)`);
  // The token the shell asked for is the page's too: the inspector shows it decoded.
  await page.locator('.inspector .inspected', { hasText: 'Token of vm1 for https://vault.azure.net' }).waitFor();
  assert.match(await last().locator('.prompt').innerText(), /azureuser@vm1:~\$/);
  await run(`${SECRET} | jq -r .value`, 'hello from the vault');
  await run('exit', 'logout');
  assert.equal((await prompt.innerText()).split('\n')[0].trim(), '$');

  // Without the role, the next token is refused by Key Vault (Azure RBAC: ForbiddenByRbac).
  await run('az role assignment delete --assignee $VM --role "Key Vault Secrets User" --scope $VAULT');
  // By its public IP address, from the page's own variable, as the tutorial does.
  await run('ssh azureuser@$IP', 'you are inside the VM');
  await run(`TOKEN=$(${IMDS} | jq -r .access_token)`);
  await run(SECRET, '"ForbiddenByRbac"');
  // A resource no application has: Entra ID refuses the token, and logs the failed sign-in.
  await run("curl -s 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://nowhere.example' -H Metadata:true", 'AADSTS50001');
  await run('exit', 'logout');

  // Both tokens are in the saved session: a reload shows them in the activity log.
  await page.reload();
  await page.locator('.console-input .prompt', { hasText: '$' }).waitFor();
  const activity = page.locator('.activity');
  assert.equal(await activity.getByText('playground token --type vm', { exact: false }).count() >= 2, true);
  // The sign-in log beside it: both Key Vault tokens issued, the unknown resource refused.
  const signIns = activity.locator('.sign-ins');
  await signIns.locator('summary', { hasText: 'Sign-ins: 3 (1 refused)' }).click();
  const rows = signIns.locator('.activity-list > li');
  assert.deepEqual(await rows.locator('.az').allInnerTexts(), [
    'vm1 → https://nowhere.example', 'vm1 → Azure Key Vault', 'vm1 → Azure Key Vault',
  ]);
  assert.match(await rows.nth(0).innerText(), /Failure: AADSTS50001: The application named https:\/\/nowhere.example was not found/);
  assert.match(await rows.nth(1).innerText(), /system-assigned[\s\S]*Success: token issued/);
  assert.match(await signIns.innerText(), /a 403 from Key Vault or ARM afterwards is that service's decision/);
  // The same log as Microsoft Graph serves it (answered by the worker's terminal).
  await run(`az rest --method get --url "https://graph.microsoft.com/beta/auditLogs/signIns?\\$filter=signInEventTypes/any(t: t eq 'managedIdentity')" --query "value[].status.errorCode" -o tsv`, '50001\n0\n0');
  assert.deepEqual(problems, []);
  await context.close();
});

test('az login --identity inside the VM, and an App Service app asked through $IDENTITY_ENDPOINT', async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const { run } = consoleOf(page);
  await run('az group create -n rg1 -l westeurope -o none');
  await run('az group create -n rg2 -l westeurope -o none');
  await run('az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity -o none');
  await run('az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv) -o none');
  await run('ssh vm1', 'you are inside the VM');
  await run('az login --identity --query "[0].user.name" -o tsv', 'systemAssignedIdentity');
  // As the identity, the CLI sees the group it may read, and is refused the other.
  await run('az group list --query "[].name" -o tsv', 'rg1');
  await run('az group show -n rg2', 'AuthorizationFailed');
  await run('exit', 'logout');

  // --debug shows the request behind a command; the change it made is the page's too.
  await run('az identity create -g rg1 -n id-debug -o none --debug', "Request method: 'PUT'");
  await page.locator('.azure li.resource[data-name="id-debug"]').waitFor();
  await run('az vm identity assign -g rg1 -n vm1 --identities id-debug -o none --debug', "Request method: 'PATCH'");
  await run('az appservice plan create -g rg1 -n plan1 --is-linux -o none');
  await run('az webapp create -g rg1 -p plan1 -n web-e2e-vm-1 --runtime "PYTHON:3.12" --assign-identity -o none');
  await run('az webapp ssh -g rg1 -n web-e2e-vm-1', 'IDENTITY_ENDPOINT');
  await page.locator('.console-input .prompt', { hasText: 'root@web-e2e-vm-1:/home#' }).waitFor();
  await run('curl -s "$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01" -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" | jq -r .resource', 'https://vault.azure.net');
  await page.locator('.inspector .inspected', { hasText: 'Token of web-e2e-vm-1 for https://vault.azure.net' }).waitFor();
  await run('exit', 'logout');
  assert.deepEqual(problems, []);
  await context.close();
});

test("an app registration's federated credential: typed lines go through the worker, the change is the page's", async () => {
  const { page, problems, context } = await openPage(site.browser, site.url);
  const { run } = consoleOf(page);
  await run('APP=$(az ad app create --display-name ci --query appId -o tsv)');
  await run(`az ad app federated-credential create --id $APP --parameters '{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/app:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}'`, '"name": "main"');
  await run('az ad sp create --id $APP -o none');
  await run('playground federated-token --client-id $APP --issuer https://token.actions.githubusercontent.com --subject repo:contoso/app:ref:refs/heads/main --scope https://management.azure.com/.default -o tsv', 'Bearer');
  await run('az ad app federated-credential list --id $APP -o tsv', 'repo:contoso/app:ref:refs/heads/main');
  // The credential is in the page's session: a reload keeps it, and its activity says what it means.
  await page.reload();
  await page.locator('.console-input .prompt', { hasText: '$' }).waitFor();
  const activity = page.locator('.activity');
  await activity.getByText('az ad app federated-credential create', { exact: false }).waitFor();
  await activity.getByText("Federated credential 'main' on application 'ci'", { exact: false }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
