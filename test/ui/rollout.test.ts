import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { screenshot } from '../harness/browser';
import { openFile, runCommand } from '../harness/quickOpen';
import { extensionHostEnv, openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for dependency rollouts, as a person does it with the packaged .vsix: the command from
// the palette on the open requirements.txt, the environment picked, the real confirmation modal
// clicked, the failure notification with its actions, and pip's output in the install-log terminal.
let sandbox: Sandbox;
let wb: PackagedWorkbench;
let page: Page;

before(async () => {
  sandbox = await startSandbox({ envs: [], delays: { startMs: 1000, finishMs: 1500, rollbackMs: 500 } });
  wb = await openPackagedWorkbench('ui-rollout', { env: extensionHostEnv(sandbox) });
  page = wb.page;
  // openPackagedWorkbench's copy of the fixture workspace.
  const workspace = path.resolve(__dirname, '..', '..', '..', 'test-output', 'ui-rollout', 'workspace');
  fs.mkdirSync(path.join(workspace, 'deps'), { recursive: true });
  // The DOM renderer, so the terminal's text can be read back (the GPU renderers draw to a canvas).
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'terminal.integrated.gpuAcceleration': 'off' }));
  fs.writeFileSync(path.join(workspace, 'deps', 'requirements.txt'),
    '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"\nrequests==2.31.0\n');
});

after(async () => {
  await wb?.close();
  await sandbox?.stop();
});

test('rolling out a conflicting requirements.txt: the modal, then UPDATE_FAILED with its error and pip\'s output', async () => {
  await page.getByRole('tab', { name: 'MWAA' }).click();
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'sandbox-af2' }).first().waitFor({ state: 'visible', timeout: 60_000 });

  await openFile(page, 'deps/requirements.txt');

  await runCommand(page, 'MWAA: Roll Out requirements.txt…');
  // No binding: the environment is picked.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sandbox-af2' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.quick-input-widget input').fill('sandbox-af2');
  await page.keyboard.press('Enter');

  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  const text = await dialog.innerText();
  assert.match(text, /Roll out requirements\.txt to sandbox-af2 anyway\?/);
  assert.match(text, /The requirements check found 1 error: line 2/);
  assert.match(text, /RequirementsS3ObjectVersion: .* -> /);
  assert.match(text, /restart/);
  const modalShot = await screenshot(page, 'rollout-confirm');
  assert.ok(fs.statSync(modalShot).size > 10_000);
  await dialog.getByRole('button', { name: 'Roll Out Anyway' }).click();

  // The install log opens by itself; the failure arrives as a notification with its actions.
  const failure = page.locator('.notification-toast', { hasText: 'rollout failed' });
  await failure.waitFor({ state: 'visible', timeout: 90_000 });
  assert.match(await failure.innerText(), /UPDATE_FAILED.*INCORRECT_CONFIGURATION: Failed to install requirements/s);
  await failure.getByRole('button', { name: 'Show Install Log' }).waitFor({ state: 'visible' });
  await failure.getByRole('button', { name: 'Show Details' }).waitFor({ state: 'visible' });
  const terminal = page.locator('.terminal-wrapper .xterm-rows').first();
  await terminal.waitFor({ state: 'visible', timeout: 30_000 });
  await terminal.locator('text=/requests==2\\.31\\.0/').first().waitFor({ state: 'visible', timeout: 30_000 });
  const shot = await screenshot(page, 'rollout-failed');
  assert.ok(fs.statSync(shot).size > 10_000);
});
