import * as path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Opens a workspace file through Quick Open, as a person would, and waits for its tab. `query`
 * may hold folders (`deps/requirements.txt`); the list row and the tab show the file's name.
 */
export async function openFile(page: Page, query: string): Promise<void> {
  const name = path.posix.basename(query);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(query);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Runs a command from the palette (F1), by its title. The first F1 can land while the workbench
 * is still restoring: tried again from a closed palette, three times at most.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
