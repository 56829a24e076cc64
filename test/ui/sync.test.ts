import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { screenshot } from '../harness/browser';
import { runCommand } from '../harness/quickOpen';
import { extensionHostEnv, openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for DAG sync: what a person sees when saving a DAG in a bound folder with the packaged
// .vsix, against the sandbox: the explorer badge, the status bar while uploads wait for
// credentials, and the conflict notification whose Compare opens the S3 object beside the file.
let sandbox: Sandbox;
let wb: PackagedWorkbench;
let page: Page;
let s3: S3Client;

before(async () => {
  sandbox = await startSandbox({ envs: [] });
  wb = await openPackagedWorkbench('ui-sync', { env: extensionHostEnv(sandbox) });
  page = wb.page;
  s3 = new S3Client({ region: 'us-east-1', endpoint: sandbox.endpoints.s3, forcePathStyle: true, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
});

after(async () => {
  s3?.destroy();
  await wb?.close();
  await sandbox?.stop();
});

async function pick(label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  await row.click();
}

async function editAndSave(line: string): Promise<void> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n${line}`);
  await page.keyboard.press('Control+S');
}

async function faults(rules: object[] | undefined): Promise<void> {
  const res = await fetch(sandbox.endpoints.faults, rules ? { method: 'POST', body: JSON.stringify({ rules }) } : { method: 'DELETE' });
  assert.ok(res.ok);
}

test('save in a bound folder: badge, waiting-for-credentials status, and a conflict with Compare', async () => {
  // Bind the workspace folder as a person does: command, environment, the modal showing the bucket.
  await runCommand(page, 'MWAA: Bind Folder to MWAA Environment');
  await pick('sandbox-af2');
  // Which folder: the workspace's dags/ is offered first (it stands for the environment's DAGs folder).
  await pick('/dags');
  const bind = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Bind' });
  await bind.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await page.locator('.monaco-dialog-box').innerText(), /s3:\/\/airflow-sandbox-af2\/dags\//);
  await bind.click();

  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('hello_dag.py');
  await pick('hello_dag.py');
  await page.locator('.tab.active', { hasText: 'hello_dag.py' }).waitFor({ state: 'visible', timeout: 30_000 });
  await editAndSave('# first save');
  // The file is decorated once uploaded: the explorer row's hover carries the decoration's tooltip.
  await page.keyboard.press('Control+Shift+E');
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'hello_dag.py' }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  // The badge letter is drawn by a ::after rule on the row's label, so it is read from the computed style.
  const badgeOf = (name: string) => `[...document.querySelectorAll('.explorer-folders-view .monaco-list-row')]
    .filter((r) => r.textContent.includes(${JSON.stringify(name)}))
    .flatMap((r) => [...r.querySelectorAll('*')].map((e) => getComputedStyle(e, '::after').content))
    .join(' ')`;
  await page.waitForFunction(`${badgeOf('hello_dag.py')}.includes('✓')`, undefined, { timeout: 60_000 });
  const synced = await screenshot(page, 'sync-saved-badge');
  assert.ok(fs.statSync(synced).size > 10_000);

  // Expired credentials: the upload waits, the status bar says so, nothing is reported uploaded.
  await faults([{ kind: 'expiredToken', service: 's3', operation: 'PutObject', count: 1 }]);
  await editAndSave('# second save');
  const waiting = page.locator('.statusbar-item', { hasText: 'waiting for credentials' });
  await waiting.waitFor({ state: 'visible', timeout: 60_000 });
  const toast = page.locator('.notification-toast', { hasText: 'DAG uploads paused' });
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, 'sync-waiting-for-credentials');
  await toast.getByRole('button', { name: 'Retry Uploads' }).click();
  await waiting.waitFor({ state: 'hidden', timeout: 60_000 });

  // Someone else changes the object: the next save is not uploaded; Compare shows both sides.
  await s3.send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/hello_dag.py', Body: '# edited in the S3 console\n' }));
  await editAndSave('# third save');
  await page.waitForFunction(`${badgeOf('hello_dag.py')}.includes('≠')`, undefined, { timeout: 60_000 });
  const conflict = page.locator('.notification-toast', { hasText: 'changed in S3 by someone else' });
  await conflict.waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.statusbar-item', { hasText: '1 file in conflict' }).waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, 'sync-conflict-notification');
  await conflict.getByRole('button', { name: 'Compare' }).click();
  await page.locator('.tab', { hasText: 'S3 ↔ local' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.editor-instance .view-line', { hasText: 'edited in the S3 console' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const diff = await screenshot(page, 'sync-conflict-compare');
  assert.ok(fs.statSync(diff).size > 10_000);
});
