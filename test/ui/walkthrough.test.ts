import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { screenshot, screenshotOnFailure } from '../harness/browser';
import { extensionHostEnv, openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';
import { openFile, runCommand } from '../harness/quickOpen';

// Tier 3 for the walkthrough (issue #19): "MWAA: Get Started" on a fresh profile with the packaged
// .vsix, each step done through its own button against the sandbox's real Airflow 2, and each
// step's checkmark read from the walkthrough page.
const ENV = 'sandbox-af2';

let sandbox: Sandbox;
let wb: PackagedWorkbench | undefined;
let page: Page;

before(async () => {
  sandbox = await startSandbox({ envs: [ENV], realEnvironments: [ENV], dagSyncIntervalMs: 1000 });
  // No local parse before upload, which would build a local Airflow runtime (minutes), another suite's subject.
  wb = await openPackagedWorkbench('ui-walkthrough', { env: extensionHostEnv(sandbox), userSettings: { 'mwaa.sync.parseBeforeUpload': 'off' } });
  page = wb.page;
}, { timeout: 600_000 });

after(async () => {
  await wb?.close();
  await sandbox?.stop();
});

const step = (id: string): Locator => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();
const quickInput = () => page.locator('.quick-input-widget');

const shot = <T>(name: string, step: () => Promise<T>): Promise<T> => screenshotOnFailure(page, `walkthrough-${name}`, step);

/**
 * Brings the walkthrough page to the front, as the command a user runs does; when it is already in
 * front (a button's command ran in a quick pick or a dialog) it is left as it is. A command that
 * has just run may take the focus and close the palette: tried again, three times at most.
 */
async function openWalkthrough(): Promise<void> {
  const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get started with MWAA' }).first();
  if (await walkthrough.isVisible()) return;
  await retried(async () => {
    await runCommand(page, 'MWAA: Get Started');
    await walkthrough.waitFor({ state: 'visible', timeout: 15_000 });
  });
}

/**
 * A step that opens a quick input, tried again (three times at most): the walkthrough page re-renders
 * when a step completes and takes the focus back, which closes a quick input opened at that moment.
 */
async function retried(body: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Escape');
      return await body();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

/** Expands a step and clicks the button its description holds. */
async function pressStepButton(id: string, label: string): Promise<void> {
  // Selecting a step focuses it a moment later, which would close a quick input opened meanwhile.
  if ((await step(id).getAttribute('aria-expanded')) !== 'true') {
    await step(id).click();
    await page.waitForTimeout(1000);
  }
  // The description's command links render as buttons; each label is unique on the page.
  const button = page.locator('.gettingStartedContainer .button-container .monaco-button', { hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout: 15_000 });
  await button.click();
}

async function assertDone(id: string, timeout = 30_000): Promise<void> {
  await step(id).locator('.codicon.complete').waitFor({ state: 'attached', timeout });
  assert.equal(await step(id).getAttribute('aria-checked'), 'true', `step ${id} is checked`);
  await page.waitForTimeout(1000); // the page re-renders on a completion and takes the focus back
}

/** Answers the environment picker (a command run from a button has no tree node to act on). */
async function pickEnvironment(purpose: string): Promise<void> {
  await quickInput().locator('.quick-input-title', { hasText: `${purpose}…` }).waitFor({ state: 'visible', timeout: 60_000 });
  await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: ENV }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await quickInput().locator('input').fill(ENV);
  await page.keyboard.press('Enter');
  await quickInput().locator('.quick-input-title', { hasText: `${purpose}…` }).waitFor({ state: 'hidden', timeout: 30_000 });
}

test('the walkthrough opens from the palette, no step done on a fresh profile', { timeout: 60_000 }, async () => {
  await shot('open', openWalkthrough);
  const steps = page.locator('button.getting-started-step');
  assert.deepEqual(
    (await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id')?.split('#').pop()))),
    ['connect', 'regions', 'bind', 'sync', 'trigger', 'log'],
  );
  assert.equal(await page.locator('button.getting-started-step[aria-checked="true"]').count(), 0, 'nothing is done yet');
  assert.ok(fs.statSync(await screenshot(page, 'walkthrough-open')).size > 10_000);
});

test('connect, regions and bind complete as each is done', { timeout: 180_000 }, async () => {
  await shot('connect', async () => {
    await pressStepButton('connect', 'Refresh Environments');
    await openWalkthrough();
    await assertDone('connect');
  });
  // The button opens the settings editor on mwaa.regions, where the region is added as a person does.
  await shot('regions', async () => {
    await pressStepButton('regions', 'Choose Regions');
    const setting = page.locator('.settings-editor .setting-item-contents', { hasText: 'Regions' }).first();
    await setting.waitFor({ state: 'visible', timeout: 30_000 });
    await setting.getByRole('button', { name: 'Add Item' }).click();
    const input = setting.locator('input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(sandbox.exports.AWS_REGION ?? 'us-east-1');
    await input.press('Enter');
    await setting.locator('.setting-list-row', { hasText: sandbox.exports.AWS_REGION ?? 'us-east-1' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'walkthrough-regions-setting');
    await openWalkthrough();
    await assertDone('regions');
  });
  await shot('bind', async () => {
    assert.equal(await step('bind').getAttribute('aria-checked'), 'false', 'bind is not done before the binding');
    await pressStepButton('bind', 'Bind a DAGs Folder');
    await pickEnvironment('Bind a folder to');
    await screenshot(page, 'walkthrough-bind-folder-pick');
    await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'workspace/dags' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter'); // the first row: the recommended dags/
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByRole('button', { name: 'Bind' }).click();
    await openWalkthrough();
    await assertDone('bind');
  });
  assert.ok(fs.statSync(await screenshot(page, 'walkthrough-bound')).size > 10_000);
});

test('a saved DAG reaching Airflow completes its step, then a trigger and an opened task log complete theirs', { timeout: 240_000 }, async () => {
  await shot('sync', async () => {
    await retried(() => openFile(page, 'hello_dag.py'));
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# saved from the walkthrough\n');
    await page.keyboard.press('Control+S');
    await openWalkthrough();
    await assertDone('sync', 150_000);
  });
  await screenshot(page, 'walkthrough-synced');
  await shot('trigger', async () => {
    // From the palette, in the DAG's editor: the walkthrough page, when in front, takes the focus
    // back as it re-renders, which closes a picker of a command run from its button (steps above).
    await retried(async () => {
      await openFile(page, 'hello_dag.py');
      await runCommand(page, 'MWAA: Trigger DAG…');
      await pickEnvironment('Trigger a DAG on');
      await quickInput().locator('.quick-input-title', { hasText: `Trigger a DAG on ${ENV}` }).waitFor({ state: 'visible', timeout: 60_000 });
      await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'hello' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    });
    await screenshot(page, 'walkthrough-trigger-dag-pick');
    await quickInput().locator('input').fill('hello');
    await page.keyboard.press('Enter');
    await quickInput().locator('.quick-input-title', { hasText: `Trigger hello on ${ENV}` }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter'); // no conf
    await quickInput().locator('.quick-input-title', { hasText: 'Logical date (optional)' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter'); // now
    await page.locator('.statusbar-item', { hasText: `Triggered hello on ${ENV}` }).waitFor({ state: 'visible', timeout: 30_000 });
    await openWalkthrough();
    await assertDone('trigger');
  });
  await shot('log', async () => {
    // The run just triggered may have sent no log yet: until it has, the command says so; then the
    // newest task log is picked and opens.
    const pick = quickInput().locator('.quick-input-title', { hasText: `Show which task log of ${ENV}?` });
    const none = page.locator('.notification-toast', { hasText: 'has no task logs yet' });
    for (let attempt = 1; ; attempt++) {
      await retried(async () => {
        await openFile(page, 'hello_dag.py');
        await runCommand(page, 'MWAA: Show Task Log…');
        await pickEnvironment('Show a task log of');
        await pick.or(none).first().waitFor({ state: 'visible', timeout: 60_000 });
      });
      if (await pick.isVisible()) break;
      assert.ok(attempt < 12, 'the triggered run sent a task log within a minute');
      await runCommand(page, 'Notifications: Clear All Notifications');
      await page.waitForTimeout(5000);
    }
    await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'say_hello' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'walkthrough-task-log-pick');
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'say_hello' }).waitFor({ state: 'visible', timeout: 60_000 });
    await openWalkthrough();
    await assertDone('log');
  });
  assert.equal(await page.locator('button.getting-started-step[aria-checked="true"]').count(), 6, 'every step is checked');
  assert.ok(fs.statSync(await screenshot(page, 'walkthrough-done')).size > 10_000);
});
