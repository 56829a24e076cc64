import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot } from '../harness/browser';
import { openFile } from '../harness/quickOpen';
import { openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for diagnostics: squiggles on a legacy DAG and the quick-fix menu, as a person sees them,
// with the packaged .vsix installed. No airflowVersion is set: the newest MWAA Airflow (3.x) applies.
let wb: PackagedWorkbench;
let page: Page;

before(async () => {
  wb = await openPackagedWorkbench('ui-diagnostics');
  page = wb.page;
});

after(async () => {
  await wb?.close();
});

test('a legacy DAG shows error squiggles, and Ctrl+. offers the quick fixes', async () => {
  // The MWAA view activates the extension even before package.json lists onLanguage:python.
  await page.getByRole('tab', { name: 'MWAA' }).click();
  await openFile(page, 'legacy_dag.py');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
  assert.ok((await editor.locator('.squiggly-error').count()) >= 3, 'expected squiggles on the removed imports and schedule_interval');
  const squiggles = await screenshot(page, 'diagnostics-squiggles');
  assert.ok(fs.statSync(squiggles).size > 10_000, 'screenshot is suspiciously small');

  // Cursor onto DummyOperator (line 4, after `from airflow.operators.dummy import `), then Ctrl+.
  await page.keyboard.press('Control+G');
  // Go to Line opens Quick Open with its ':' prefix; filling the box replaces it, so keep it.
  await page.locator('.quick-input-widget input').fill(':4:40');
  await page.keyboard.press('Enter');
  // Ctrl+. goes to whatever has focus: wait until Go to Line has closed and the cursor is there
  // (on a busy host the key could otherwise reach the closing quick input and be lost).
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
  await page.locator('.statusbar-item', { hasText: 'Ln 4, Col 40' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu.waitFor({ state: 'visible', timeout: 30_000 });
  await menu.locator('text=/Replace with airflow\\.providers\\.standard\\.operators\\.empty\\.EmptyOperator/').first().waitFor({ state: 'visible', timeout: 30_000 });
  const text = await menu.innerText();
  assert.match(text, /Add apache-airflow-providers-standard==\S+ to diag\/requirements\.txt/);
  await screenshot(page, 'diagnostics-quick-fix-menu');

  // Choosing the fix rewrites the import; the Problems view no longer lists it.
  // The preferred fix is listed first and focused: Enter applies it.
  assert.match(text.split('\n').filter((l) => l.trim() && l.trim() !== 'Quick Fix')[0] ?? '', /^Replace with /);
  await page.keyboard.press('Enter');
  await editor.locator('.view-line', { hasText: 'from airflow.providers.standard.operators.empty import EmptyOperator' }).waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, 'diagnostics-after-quick-fix');
});
