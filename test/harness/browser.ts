import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium driven by playwright-core (no browser download here). The flags keep it from
 * reaching for Google's services, which this machine's closed network refuses.
 */
export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: run 'node scripts/setup.mjs' (installs Debian's chromium)`);
  fs.mkdirSync(profileDir, { recursive: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a screenshot under test-output/screenshots and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve(__dirname, '..', '..', '..', 'test-output', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs `step`; on failure saves a screenshot `<name>-failed` first, so the failure can be seen. */
export async function screenshotOnFailure<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    await screenshot(page, `${name}-failed`).catch(() => undefined);
    throw err;
  }
}

/** Waits until the workbench has rendered its activity bar (the UI is usable). */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .activitybar').first().waitFor({ state: 'visible', timeout: 60_000 });
}
