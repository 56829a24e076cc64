import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { screenshot } from '../harness/browser';
import { extensionHostEnv, openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for the environments explorer: the populated tree as a person sees it, with the packaged
// .vsix installed and the sandbox's AWS profile in the environment, as from the user's shell.
let sandbox: Sandbox;
let wb: PackagedWorkbench;
let page: Page;

before(async () => {
  sandbox = await startSandbox({
    envs: [],
    synthetic: { count: 2, regions: ['us-east-1'], statuses: ['UPDATE_FAILED', 'MAINTENANCE'], versions: ['2.10.3', '3.9.0'], prefix: 'sandbox-synthetic' },
  });
  wb = await openPackagedWorkbench('ui-environments', { env: extensionHostEnv(sandbox) });
  page = wb.page;
});

after(async () => {
  await wb?.close();
  await sandbox?.stop();
});

test('the MWAA view lists the sandbox environments with their status, and their details expand', async () => {
  await page.getByRole('tab', { name: 'MWAA' }).click();
  const tree = page.locator('.part.sidebar .monaco-list[role="tree"]');
  const row = (name: string) => tree.locator('.monaco-list-row', { hasText: name }).first();
  await row('sandbox-af2').waitFor({ state: 'visible', timeout: 60_000 });
  for (const name of ['sandbox-af3', 'sandbox-synthetic-001', 'sandbox-synthetic-002']) await row(name).waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await row('sandbox-af2').innerText(), /Available/);
  assert.match(await row('sandbox-synthetic-001').innerText(), /Update failed/);
  assert.match(await row('sandbox-synthetic-002').innerText(), /3\.9\.0\s*·\s*Maintenance/);

  await row('sandbox-af2').click();
  await row('DAGs folder').waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await row('DAGs folder').innerText(), /s3:\/\/airflow-sandbox-af2\/dags\//);
  const shot = await screenshot(page, 'environments-tree');
  assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is suspiciously small');
});
