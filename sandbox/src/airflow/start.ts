/**
 * Starts one real Airflow environment (2.x: webserver + scheduler; 3.x: api-server + scheduler +
 * dag-processor) on 127.0.0.1, SQLite metadata DB in its home, task logs to CloudWatch (moto).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir } from '../cacheDir';
import { freePort } from '../ports';
import { ProcessGroup, runCommand, spawnLogged, tailFile, waitForHttp } from '../processes';
import { airflowEnv, homeSecrets, prepareHome, resolveLogGroups } from './config';
import { AIRFLOW_RELEASES, ensureAirflow } from './install';
import { startLogShipper, type ShipSource } from './logShipper';
import type { AirflowHandle, AirflowSpec, CliOptions } from './types';

function installedVersion(python: string, fallback: string): string {
  const lib = path.join(path.dirname(path.dirname(python)), 'lib');
  for (const py of fs.readdirSync(lib)) {
    const m = fs.readdirSync(path.join(lib, py, 'site-packages'))
      .map((n) => /^apache_airflow-(\d+\.\d+\.\d+[^-]*)\.dist-info$/.exec(n)).find(Boolean);
    if (m) return m[1]!;
  }
  return fallback;
}

function failMessage(what: string, r: { stdout: string; stderr: string; code: number }): string {
  const lines = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-20).join('\n');
  return `${what} failed (exit ${r.code}):\n${lines}`;
}

/**
 * Starts an environment and resolves once its REST API answers authenticated requests and the
 * scheduler reports healthy. Installs the venv first if needed (minutes, once per machine) and
 * runs `airflow db migrate` once per home. Rejects with the tail of the relevant log on failure,
 * after stopping whatever it started.
 */
export async function startAirflow(spec: AirflowSpec): Promise<AirflowHandle> {
  const t0 = Date.now();
  const release = AIRFLOW_RELEASES[spec.major];
  if (!release) throw new Error(`startAirflow: major must be 2 or 3, got ${String(spec.major)}`);
  const venv = await ensureAirflow(spec.major);
  const installMs = Date.now() - t0;
  const version = installedVersion(venv.python, release.version);

  const home = path.resolve(spec.homeDir);
  const dagsDir = path.resolve(spec.dagsDir);
  fs.mkdirSync(home, { recursive: true });
  const secrets = homeSecrets(home);
  prepareHome(spec, secrets);
  const region = spec.region ?? 'us-east-1';
  const logGroups = resolveLogGroups(spec);
  const airflowBin = venv.bin('airflow');
  const credentials = { username: 'admin', password: secrets.adminPassword };
  const cli = (env: NodeJS.ProcessEnv) => (args: string[], opts: CliOptions = {}) =>
    runCommand(airflowBin, args, { env, cwd: home, timeoutMs: opts.timeoutMs ?? 120_000, ...(opts.input !== undefined ? { input: opts.input } : {}) });
  // The DB steps do not use the port; the final env (with the real port) is built per launch.
  const runCli = cli(airflowEnv({ spec, venvDir: venv.dir, port: 0, secrets, region, logGroups }));

  // Schema once per home and Airflow version (a marker in the home). A fresh home starts from a
  // copy of a freshly migrated DB (with the admin user) kept in the cache: seconds saved per start.
  const tm = Date.now();
  const migrated = path.join(home, `.sandbox-db-migrated-${version}`);
  if (!fs.existsSync(migrated)) {
    const db = path.join(home, 'airflow.db');
    const template = cacheDir('airflow-db-templates', `airflow-${version}-${credentials.username}-${credentials.password === 'admin' ? 'default' : 'custom'}.db`);
    if (!fs.existsSync(db) && fs.existsSync(template)) {
      fs.copyFileSync(template, db);
    } else {
      const r = await runCli(['db', 'migrate'], { timeoutMs: 10 * 60_000 });
      if (r.code !== 0) throw new Error(failMessage(`airflow db migrate (Airflow ${version}, AIRFLOW_HOME=${home})`, r));
      if (spec.major === 2) {
        const u = await runCli(['users', 'create', '--username', credentials.username, '--password', credentials.password,
          '--role', 'Admin', '--email', 'admin@example.invalid', '--firstname', 'Sandbox', '--lastname', 'Admin']);
        if (u.code !== 0 && !/already exist/i.test(u.stdout + u.stderr)) throw new Error(failMessage('airflow users create admin', u));
      }
      if (!fs.existsSync(template)) {
        fs.mkdirSync(path.dirname(template), { recursive: true });
        const tmp = `${template}.${process.pid}.tmp`;
        fs.copyFileSync(db, tmp); // no process has the DB open yet: a plain copy is consistent
        fs.renameSync(tmp, template);
      }
    }
    fs.writeFileSync(migrated, new Date().toISOString());
  }
  const migrateMs = Date.now() - tm;

  const ctx: LaunchContext = { spec, t0, installMs, migrateMs, version, venvPython: venv.python, venvDir: venv.dir, airflowBin, home, dagsDir, secrets, region, logGroups, credentials, cli };
  // freePort() releases the port before Airflow binds it; another process may take it meanwhile.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(ctx, await freePort());
    } catch (err) {
      if (attempt >= 3 || !(err instanceof PortTakenError)) throw err;
    }
  }
}

class PortTakenError extends Error {}

interface LaunchContext {
  spec: AirflowSpec;
  t0: number;
  installMs: number;
  migrateMs: number;
  version: string;
  venvPython: string;
  venvDir: string;
  airflowBin: string;
  home: string;
  dagsDir: string;
  secrets: ReturnType<typeof homeSecrets>;
  region: string;
  logGroups: ReturnType<typeof resolveLogGroups>;
  credentials: { username: string; password: string };
  cli: (env: NodeJS.ProcessEnv) => AirflowHandle['runCli'];
}

/** Starts the processes on `port` and waits until the environment is usable. */
async function launch(ctx: LaunchContext, port: number): Promise<AirflowHandle> {
  const { spec, t0, installMs, migrateMs, version, airflowBin, home, dagsDir, secrets, region, logGroups, credentials } = ctx;
  const baseUrl = `http://127.0.0.1:${port}`;
  const apiPrefix = spec.major === 2 ? '/api/v1' as const : '/api/v2' as const;
  const env = airflowEnv({ spec, venvDir: ctx.venvDir, port, secrets, region, logGroups });
  const runCli = ctx.cli(env);

  const logsDir = path.join(home, 'process-logs');
  const epoch = Math.floor(Date.now() / 1000);
  const host = os.hostname();
  const group = new ProcessGroup();
  const processLogs: Record<string, string> = {};
  const start = (role: string, args: string[]): void => {
    const logFile = path.join(logsDir, `${role}_${epoch}.log`);
    processLogs[role] = logFile;
    group.add(spawnLogged(`${spec.name} ${role}`, airflowBin, args, logFile, { env, cwd: home, graceMs: 8000 }));
  };
  if (spec.major === 2) {
    start('webserver', ['webserver', '--hostname', '127.0.0.1', '--port', String(port), '--workers', '1']);
    start('scheduler', ['scheduler', '--skip-serve-logs']); // serve-logs would bind 0.0.0.0:8793
  } else {
    start('api-server', ['api-server', '--host', '127.0.0.1', '--port', String(port), '--workers', '1']);
    start('scheduler', ['scheduler', '--skip-serve-logs']);
    start('dag-processor', ['dag-processor']);
  }
  if (spec.triggerer) start('triggerer', ['triggerer', '--skip-serve-logs']); // serve-logs would bind 0.0.0.0:8794

  // 3.x: a JWT from the simple auth manager, renewed well before its 24 h expiry.
  let token: { value: string; until: number } | undefined;
  const authHeaders = async (): Promise<Record<string, string>> => {
    if (spec.major === 2) {
      return { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
    }
    if (!token || Date.now() > token.until) {
      const res = await fetch(`${baseUrl}/auth/token`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credentials), signal: AbortSignal.timeout(10_000),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`${spec.name}: POST /auth/token answered ${res.status}: ${body.slice(0, 300)}`);
      token = { value: (JSON.parse(body) as { access_token: string }).access_token, until: Date.now() + 60 * 60_000 };
    }
    return { Authorization: `Bearer ${token.value}` };
  };

  const shipper = startLogShipper({
    endpoint: spec.motoEndpoint, region, intervalMs: 2000,
    sources: shipSources(spec.major, home, processLogs, logGroups, host, epoch),
  });

  const stop = async (): Promise<void> => {
    await group.stopAll();
    await shipper.stop();
  };

  const diagnostics = (): string => Object.entries(processLogs)
    .map(([role, f]) => `--- ${role} (${f}):\n${tailFile(f, 20)}`).join('\n');
  // gunicorn (2.x) retries a taken port for ~2 min before giving up: detect it from its log.
  const webLog = processLogs[spec.major === 2 ? 'webserver' : 'api-server']!;
  const portTaken = (): boolean => /Connection in use|Address already in use|Errno 98/.test(tailFile(webLog, 40));
  const alive = (): boolean => group.firstExited() === undefined && !portTaken();
  // Counted from the process start: a cold install before it may take minutes.
  const deadline = Date.now() + (spec.startTimeoutMs ?? 180_000);
  let apiReadyMs = 0;
  try {
    await waitForApi(baseUrl, apiPrefix, authHeaders, deadline, alive, diagnostics);
    apiReadyMs = Date.now() - t0;
    await waitForHealthyScheduler(baseUrl, spec.major, deadline, alive, diagnostics);
  } catch (err) {
    await stop();
    if (portTaken()) throw new PortTakenError(`port ${port} was taken`);
    throw new Error(`Airflow ${version} (${spec.name}) did not start: ${(err as Error).message}`);
  }

  return {
    name: spec.name, version, major: spec.major, baseUrl, apiPrefix, authHeaders, runCli, dagsDir, homeDir: home,
    python: ctx.venvPython, credentials, logGroups, processLogs,
    pids: () => group.pids(),
    rssMiB: () => group.rssMiB(),
    timings: { installMs, migrateMs, apiReadyMs, readyMs: Date.now() - t0 },
    stop,
  };
}

async function waitForApi(baseUrl: string, apiPrefix: string, authHeaders: () => Promise<Record<string, string>>,
  deadline: number, alive: () => boolean, diagnostics: () => string): Promise<void> {
  // First the port, then an authenticated call (3.x: the token endpoint must answer too).
  await waitForHttp(`${baseUrl}/`, Math.max(1000, deadline - Date.now()), { ok: (s) => s < 500, alive, diagnostics });
  let last = '';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`a process exited:\n${diagnostics()}`);
    try {
      const res = await fetch(`${baseUrl}${apiPrefix}/dags?limit=1`, { headers: await authHeaders(), signal: AbortSignal.timeout(5000) });
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
      if (res.ok) return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`REST API ${baseUrl}${apiPrefix} not ready (last: ${last}):\n${diagnostics()}`);
}

async function waitForHealthyScheduler(baseUrl: string, major: 2 | 3, deadline: number, alive: () => boolean, diagnostics: () => string): Promise<void> {
  const url = major === 2 ? `${baseUrl}/health` : `${baseUrl}/api/v2/monitor/health`;
  let last = '';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`a process exited:\n${diagnostics()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = await res.text();
      last = body.slice(0, 300);
      const health = JSON.parse(body) as Record<string, { status?: string | null }>;
      if (health.scheduler?.status === 'healthy' && (major === 2 || health.dag_processor?.status === 'healthy')) return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`scheduler not healthy at ${url} (last: ${last}):\n${diagnostics()}`);
}

/** MWAA-style streams: `<process>_<host>_<epoch>.log` per process, `<dag file>.log` per parsed file. */
function shipSources(major: 2 | 3, home: string, processLogs: Record<string, string>,
  groups: ReturnType<typeof resolveLogGroups>, host: string, epoch: number): ShipSource[] {
  const out: ShipSource[] = [];
  const proc = (role: string, group: string | undefined, prefix: string): void => {
    if (group && processLogs[role]) out.push({ file: processLogs[role]!, group, stream: `${prefix}_${host}_${epoch}.log` });
  };
  proc(major === 2 ? 'webserver' : 'api-server', groups.webserver, 'webserver');
  proc('scheduler', groups.scheduler, 'scheduler');
  proc('dag-processor', groups.dagProcessing, 'dag_processor');
  if (groups.dagProcessing) {
    const logs = path.join(home, 'logs');
    if (major === 2) {
      // logs/scheduler/<date>/<file>.py.log, and the processor manager's own log.
      out.push({ dir: path.join(logs, 'scheduler'), group: groups.dagProcessing, streamFor: (rel) => rel.split('/').slice(1).join('/') || undefined });
      out.push({ dir: path.join(logs, 'dag_processor_manager'), group: groups.dagProcessing, streamFor: (rel) => rel });
    } else {
      // logs/dag_processor/<date>/<bundle>/<file>.py.log
      out.push({ dir: path.join(logs, 'dag_processor'), group: groups.dagProcessing, streamFor: (rel) => rel.split('/').slice(2).join('/') || undefined });
    }
  }
  return out;
}
