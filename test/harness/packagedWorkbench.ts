import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/src/main';
import { launchBrowser, waitForWorkbench } from './browser';
import { installVsix, startCodeServer, type CodeServer } from './codeServer';

export interface PackagedWorkbench {
  readonly server: CodeServer;
  readonly browser: BrowserContext;
  readonly page: Page;
  /** Where code-server unpacked the installed extension. */
  readonly extensionDir: string;
  close(): Promise<void>;
}

const repo = path.resolve(__dirname, '..', '..', '..');

export interface WorkbenchOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The folder copied as the workspace (default: test/fixtures/workspace). */
  readonly workspaceFrom?: string;
  /** The copy's folder name, which the workbench shows (default: workspace). */
  readonly workspaceName?: string;
  /** User settings merged in before code-server starts (a later write may go unseen). */
  readonly userSettings?: Readonly<Record<string, unknown>>;
}

/**
 * The UI tier's starting point: the repo's one .vsix installed the way a user installs it, a
 * copy of the fixture workspace, code-server and Chromium on the loaded workbench.
 */
export async function openPackagedWorkbench(name: string, opts: WorkbenchOptions = {}): Promise<PackagedWorkbench> {
  const vsix = fs.readdirSync(repo).filter((f) => f.endsWith('.vsix'));
  assert.equal(vsix.length, 1, `expected exactly one .vsix at the repo root (run npm run package), found ${vsix.join(', ') || 'none'}`);
  const scratch = path.join(repo, 'test-output', name);
  fs.rmSync(scratch, { recursive: true, force: true });
  const workspace = path.join(scratch, opts.workspaceName ?? 'workspace');
  fs.cpSync(opts.workspaceFrom ?? path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  assert.match(await installVsix(scratch, path.join(repo, vsix[0]!)), /successfully installed/i);
  if (opts.userSettings) {
    const file = path.join(scratch, 'user-data', 'User', 'settings.json');
    const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ ...current, ...opts.userSettings }, null, 2));
  }
  const server = await startCodeServer({ workspace, scratch, env: opts.env });
  const extensionDir = path.join(server.extensionsDir, fs.readdirSync(server.extensionsDir).find((d) => d.startsWith('mwaa-toolkit.mwaa-toolkit-'))!);
  const browser = await launchBrowser(path.join(scratch, 'browser'));
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(server.workbenchUrl());
  await waitForWorkbench(page);
  return {
    server, browser, page, extensionDir,
    close: async () => {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/**
 * The sandbox's exports as the extension host should see them: without the NODE_OPTIONS DNS
 * preload meant for plain SDK scripts (the extension sets disableHostPrefix itself). Every
 * AWS_ENDPOINT_URL_* the sandbox serves passes through: MWAA, S3, CloudWatch Logs, Secrets Manager,
 * IAM, KMS, STS, and SSO-OIDC and the SSO portal (the emulated IAM Identity Center).
 */
export function extensionHostEnv(sandbox: Sandbox): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _preload, ...env } = sandbox.exports;
  void _preload;
  return env;
}
