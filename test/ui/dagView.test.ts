import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { E2e } from '../../sandbox/src/mwaa/testing/e2eScenario';
import { screenshot, screenshotOnFailure } from '../harness/browser';
import { runCommand } from '../harness/quickOpen';
import { extensionHostEnv, openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for the DAG view: the 30-task fixture DAG (nested groups, one failing task) uploaded to
// the sandbox's real Airflow 2 and 3 and run once each; the view opened from the DAG's node in the
// MWAA tree, as a person does; each tab shot in the dark and the light theme; a click on a node
// opens its line, a click on a grid cell its log. One upload and one run per major.
const DAG_ID = 'dag_view_fixture';
const repo = path.resolve(__dirname, '..', '..', '..');
const DAG = fs.readFileSync(path.join(repo, 'test', 'fixtures', 'dag-view', 'dag_view_fixture.py'), 'utf8');
const CHECK_LINE = DAG.split('\n').findIndex((l) => l.includes('task_id="check_quality"')) + 1;
const scratch = path.join(repo, 'test-output', 'ui-dag-view');
// Where each major's copy of the DAG is, in S3 under dags/ and locally in the workspace.
const PLACES = { 2: { env: 'sandbox-af2', key: 'dagview/dag_view_fixture.py', local: 'dags/dagview/dag_view_fixture.py' }, 3: { env: 'sandbox-af3', key: 'af3/dag_view_fixture.py', local: 'af3/dag_view_fixture.py' } } as const;

let sandbox: Sandbox;
let wb: PackagedWorkbench;
let page: Page;

before(async () => {
  sandbox = await startSandbox({ envs: ['sandbox-af2'], realEnvironments: ['sandbox-af2', 'sandbox-af3'], dagSyncIntervalMs: 1000 });
  // Both majors' upload, parse and run, and the workbench's start, side by side: the file's time is
  // the slowest of them, not their sum.
  const runs = Promise.all(([2, 3] as const).map(async (major) => {
    const e2e = new E2e(sandbox, PLACES[major].env, major);
    try {
      await e2e.putDag(PLACES[major].key, DAG);
      await e2e.waitForDag(DAG_ID, 300_000);
      assert.equal(await e2e.waitForRun(DAG_ID, await e2e.trigger(DAG_ID), 600_000), 'failed');
    } finally {
      e2e.destroy();
    }
  }));
  runs.catch(() => undefined); // awaited below, after the workbench: not an unhandled rejection meanwhile
  wb = await openPackagedWorkbench('ui-dag-view', { env: extensionHostEnv(sandbox) });
  page = wb.page;
  for (const p of Object.values(PLACES)) {
    fs.mkdirSync(path.dirname(path.join(scratch, 'workspace', p.local)), { recursive: true });
    fs.writeFileSync(path.join(scratch, 'workspace', p.local), DAG);
  }
  await runs;
}, { timeout: 1_800_000 });

after(async () => {
  await wb?.close();
  await sandbox?.stop();
});

async function pick(text: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  await row.click();
}

/** Binds a folder as a person does: the command, the environment, the folder, the modal. */
async function bind(env: string, folder: string | RegExp): Promise<void> {
  await runCommand(page, 'MWAA: Bind Folder to MWAA Environment');
  await pick(env);
  await pick(folder);
  const button = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Bind' });
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
  // "Sync the folder once?": not now.
  const later = page.locator('.notification-toast').getByRole('button', { name: 'Later' });
  await later.click({ timeout: 15_000 }).catch(() => undefined);
}

/** The DAG view's webview document (code-server nests it in two frames). */
const view = (): FrameLocator => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

/** A quick pick row whose label is exactly `label` (not the first fuzzy match). */
const exactRow = (label: string) => page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();

/** Switches the color theme as a person does (the palette's theme picker); the webview follows. */
async function theme(name: 'Dark Modern' | 'Light Modern'): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Preferences: Color Theme');
  await exactRow('Preferences: Color Theme').click({ timeout: 15_000 });
  await input.fill(name);
  await exactRow(name).click({ timeout: 15_000 });
  await view().locator(`body.${name.startsWith('Light') ? 'vscode-light' : 'vscode-dark'}`).waitFor({ state: 'attached', timeout: 30_000 });
}

async function tab(name: 'Graph' | 'Grid' | 'Gantt'): Promise<void> {
  await view().getByRole('tab', { name }).click();
  await view().locator(`#tab-${name.toLowerCase()}[aria-selected="true"]`).waitFor({ timeout: 10_000 });
}

async function shootTabs(major: number, themeName: string): Promise<void> {
  for (const t of ['Graph', 'Grid', 'Gantt'] as const) {
    await tab(t);
    await page.waitForTimeout(300);
    const file = await screenshot(page, `dag-view-af${major}-${t.toLowerCase()}-${themeName}`);
    assert.ok(fs.statSync(file).size > 15_000, `${file} is suspiciously small`);
  }
}

async function openFromTree(env: string): Promise<void> {
  // The MWAA view shown (a click on its activity bar icon when it is already shown would hide it).
  const title = page.locator('.part.sidebar .composite.title', { hasText: /MWAA/ });
  if (!(await title.isVisible())) await page.getByRole('tab', { name: 'MWAA' }).click();
  await title.waitFor({ state: 'visible', timeout: 15_000 });
  const tree = page.locator('.part.sidebar .monaco-list[role="tree"]');
  const row = (text: string | RegExp) => tree.locator('.monaco-list-row', { hasText: text }).first();
  // The other environment folded: both have a DAG of the same id.
  for (const other of Object.values(PLACES).map((p) => p.env).filter((e) => e !== env)) {
    if ((await row(other).getAttribute('aria-expanded').catch(() => null)) === 'true') await row(other).click();
  }
  for (const text of [env, /^DAGs/]) {
    await row(text).waitFor({ state: 'visible', timeout: 60_000 });
    if ((await row(text).getAttribute('aria-expanded')) !== 'true') await row(text).click();
  }
  await row(DAG_ID).waitFor({ state: 'visible', timeout: 60_000 });
  await row(DAG_ID).hover();
  await row(DAG_ID).locator('.action-label[aria-label="Open DAG View"]').click();
  await page.locator('.tab', { hasText: `DAG ${DAG_ID}` }).waitFor({ state: 'visible', timeout: 30_000 });
}

for (const major of [2, 3] as const) {
  test(`Airflow ${major}: graph, grid and Gantt of the fixture DAG; a node opens its line, a cell its log`, { timeout: 600_000 }, async () => {
    const place = PLACES[major];
    try {
      await screenshotOnFailure(page, `dag-view-af${major}`, async () => {
        await bind(place.env, major === 2 ? /workspace\/dags/ : /whole workspace folder/);
        await openFromTree(place.env);
        // Every task drawn, the failed one in the failed colour.
        await view().locator('g.node[data-node="t:quality.check_quality"][aria-label$="failed"]').waitFor({ timeout: 120_000 });
        assert.equal(await view().locator('g.node').count(), 30);
        assert.equal(await view().locator('g.group').count(), 8);
        await shootTabs(major, major === 2 ? 'dark' : 'light');
        await theme(major === 2 ? 'Light Modern' : 'Dark Modern');
        await shootTabs(major, major === 2 ? 'light' : 'dark');

        // A click on a node: its definition, at its line, beside the view.
        await tab('Graph');
        await view().locator('g.node[data-node="t:quality.check_quality"]').click();
        await page.locator('.tab.active', { hasText: 'dag_view_fixture.py' }).waitFor({ state: 'visible', timeout: 30_000 });
        await page.locator('.statusbar-item', { hasText: `Ln ${CHECK_LINE}, Col 1` }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await screenshot(page, `dag-view-af${major}-click-to-code`);

        // A click on a cell: that task instance's log.
        await page.locator('.tab', { hasText: `DAG ${DAG_ID}` }).click();
        await tab('Grid');
        await view().locator('button.cell[aria-label^="check_quality,"]').click();
        // The log document of that task instance: its title names the environment, task and try.
        await page.locator('.tab.active', { hasText: `${place.env} ${DAG_ID}.quality.check_quality attempt 1` }).waitFor({ state: 'visible', timeout: 60_000 });
        await page.locator('.editor-instance .view-line', { hasText: 'quality check failed' }).first().waitFor({ state: 'visible', timeout: 60_000 });
        await screenshot(page, `dag-view-af${major}-cell-log`);
        // Shown again (its webview was replaced while hidden): the grid comes back as it was.
        await page.locator('.tab', { hasText: `DAG ${DAG_ID}` }).click();
        await view().locator('#tab-grid[aria-selected="true"]').waitFor({ timeout: 30_000 });
        await view().locator('button.cell[aria-label^="check_quality,"]').waitFor({ timeout: 30_000 });
      });
    } finally {
      await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    }
  });
}
