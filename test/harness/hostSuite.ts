import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './browser';
import { installVsix, startCodeServer } from './codeServer';

export interface TestFailure {
  readonly title: string;
  readonly error: string;
}

/** What the Mocha suite inside the extension host reports (see test/host/index.ts). */
export interface SuiteResult {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly failures: readonly TestFailure[];
}

export interface HostSuiteOptions {
  readonly extensionPath: string;
  /** Packaged extensions installed beside it (benchmark peers); the payload takes one dev path. */
  readonly installVsix?: readonly string[];
  /** Compiled test entry whose run() executes Mocha (host-agnostic, test-electron shape). */
  readonly testsEntry: string;
  readonly workspace: string;
  readonly scratch: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly trust?: boolean;
  readonly timeoutMs?: number;
}

/**
 * Runs an extension-host test suite inside a real VS Code (code-server), the way
 * @vscode/test-web does: the workbench URL carries a `payload` naming the extension under
 * development and the tests; the workbench calls window.codeAutomationExit(code) when done.
 */
export async function runHostSuite<R extends object = SuiteResult>(opts: HostSuiteOptions): Promise<R & { exitCode: number }> {
  fs.rmSync(opts.scratch, { recursive: true, force: true });
  fs.mkdirSync(opts.scratch, { recursive: true });
  const resultsFile = path.join(opts.scratch, 'results.json');
  for (const vsix of opts.installVsix ?? []) await installVsix(opts.scratch, vsix);
  const server = await startCodeServer({
    workspace: opts.workspace,
    scratch: opts.scratch,
    trust: opts.trust,
    env: { ...opts.env, MWAA_TEST_RESULTS: resultsFile },
  });
  const browser = await launchBrowser(path.join(opts.scratch, 'browser'));
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const t0 = Date.now();
    const mark = (what: string) => process.env.MWAA_TEST_TRACE && process.stderr.write(`host: ${what} at ${Date.now() - t0} ms\n`);
    await page.goto(server.workbenchUrl([
      ['extensionDevelopmentPath', server.remoteUri(opts.extensionPath)],
      ['extensionTestsPath', server.remoteUri(opts.testsEntry)],
    ]));
    mark('workbench loaded');
    const timeoutMs = opts.timeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exited,
      new Promise<number>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`extension-host tests did not finish in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    mark(`exit code ${exitCode}`);
    if (!fs.existsSync(resultsFile)) {
      throw new Error(`extension-host tests exited with ${exitCode} but wrote no results; extension host log:\n${extensionHostLog(opts.scratch)}`);
    }
    const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as R;
    return { ...result, exitCode };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

/** The tail of the extension host's own log, for failures that happen before Mocha runs. */
export function extensionHostLog(scratch: string): string {
  const logs = path.join(scratch, 'user-data', 'logs');
  if (!fs.existsSync(logs)) return '(no logs)';
  const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => /exthost.*\.log$|remoteexthost\.log$/.test(f));
  return files.map((f) => `--- ${f}\n` + fs.readFileSync(path.join(logs, f), 'utf8').slice(-3000)).join('\n') || '(no extension host log)';
}
