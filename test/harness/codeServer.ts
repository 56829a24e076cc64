import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../../sandbox/src/cacheDir';
import { freePort } from '../../sandbox/src/ports';
import { spawnLogged, waitForHttp } from '../../sandbox/src/processes';

export const CODE_SERVER_VERSION = '4.100.3';

export function codeServerBin(): string {
  const bin = cacheDir(`code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(bin)) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed at ${bin}: run 'node scripts/setup.mjs'`);
  return bin;
}

export interface CodeServerOptions {
  /** Folder the workbench opens. */
  readonly workspace: string;
  /** Scratch folder for user data, extensions, config and logs (created). */
  readonly scratch: string;
  /** Keep workspace trust on (to test behaviour in untrusted workspaces). */
  readonly trust?: boolean;
  /** Extra environment for the server and so for the extension host. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface CodeServer {
  readonly url: string;
  readonly scratch: string;
  readonly extensionsDir: string;
  /** URL of the workbench opening the workspace, with an optional test payload. */
  workbenchUrl(payload?: ReadonlyArray<readonly [string, string]>): string;
  /** vscode-remote URI of a local path, as the payload mechanism wants it. */
  remoteUri(localPath: string): string;
  stop(): Promise<void>;
}

function scratchDirs(scratch: string) {
  const d = {
    extensions: path.join(scratch, 'extensions'),
    userData: path.join(scratch, 'user-data'),
    config: path.join(scratch, 'config'),
    data: path.join(scratch, 'data'),
  };
  for (const dir of Object.values(d)) fs.mkdirSync(dir, { recursive: true });
  // Keep first-run noise (welcome page, telemetry notice) out of screenshots and timings.
  const settings = path.join(d.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  if (!fs.existsSync(settings)) {
    fs.writeFileSync(settings, JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'security.workspace.trust.startupPrompt': 'never',
      'workbench.colorTheme': 'Default Dark Modern',
      'git.openRepositoryInParentFolders': 'never',
    }, null, 2));
  }
  return d;
}

function serverEnv(scratch: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const d = scratchDirs(scratch);
  // code-server writes its config under XDG dirs; keep it out of the user's home.
  return { ...process.env, XDG_CONFIG_HOME: d.config, XDG_DATA_HOME: d.data, ...extra };
}

/** Installs a .vsix into the scratch extensions folder, as a user would with --install-extension. */
export async function installVsix(scratch: string, vsix: string): Promise<string> {
  const d = scratchDirs(scratch);
  const { stdout, stderr } = await promisify(execFile)(
    codeServerBin(),
    ['--extensions-dir', d.extensions, '--user-data-dir', d.userData, '--install-extension', vsix],
    { env: serverEnv(scratch), timeout: 120_000 },
  );
  return stdout + stderr;
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const d = scratchDirs(opts.scratch);
  const port = await freePort();
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--extensions-dir', d.extensions, '--user-data-dir', d.userData,
    ...(opts.trust ? [] : ['--disable-workspace-trust']),
    opts.workspace,
  ];
  // Its own process group: code-server's file watcher outlives a plain kill of the server.
  const child = spawnLogged('code-server', codeServerBin(), args, path.join(opts.scratch, 'code-server.log'), { env: serverEnv(opts.scratch, opts.env) });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 30_000);
  } catch (err) {
    await child.stop();
    const log = fs.existsSync(path.join(opts.scratch, 'code-server.log')) ? fs.readFileSync(path.join(opts.scratch, 'code-server.log'), 'utf8').slice(-2000) : '';
    throw new Error(`code-server did not start: ${(err as Error).message}\n${log}`);
  }
  return {
    url,
    scratch: opts.scratch,
    extensionsDir: d.extensions,
    remoteUri: (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`,
    workbenchUrl(payload) {
      const q = new URLSearchParams({ folder: path.resolve(opts.workspace) });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${url}/?${q.toString()}`;
    },
    stop: () => child.stop(),
  };
}
