/**
 * The scratch AIRFLOW_HOME of local runs: one per runtime and DAGs folder (Airflow 3 records the
 * DAGs folder as a bundle in its database, and each Airflow version has its own schema). Its SQLite
 * metadata database is created once with `airflow db migrate` and reused; a marker naming the
 * Airflow version is written only after a migrate that succeeded, so a failed or cancelled one is
 * redone next time. Two windows preparing the same home wait for each other (a lock).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redact } from '../redact';
import { runProcess } from '../runtime/processRun';
import { abortError, withRuntimeLock } from '../runtime/runtimeLock';
import { sqliteUrl, withoutUserSetup } from './runEnv';

export interface LocalHomeOptions {
  /** Where homes are kept (the extension's global storage, or a test's temporary folder). */
  readonly root: string;
  readonly runtime: { readonly key: string; readonly python: string; readonly airflowVersion: string };
  readonly dagsFolder: string;
  /** The environment the migrate starts from (the user's own Airflow/Python variables are dropped). */
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly log?: (l: string) => void;
  /** Killed after this long (default 10 minutes). */
  readonly timeoutMs?: number;
}

export class LocalHomeError extends Error {
  override readonly name = 'LocalHomeError';
  constructor(message: string, readonly detail: string) {
    super(message);
  }
}

const MARKER = 'mwaa-local-home.json';
const RUNTIME_KEY = /^[A-Za-z0-9]{8,64}$/;
const VERSION = /^\d+\.\d+\.\d+[A-Za-z0-9.+-]{0,40}$/;

interface Marker {
  readonly airflowVersion: string;
  readonly runtimeKey: string;
  readonly dagsFolder: string;
}

/** The home of a runtime and DAGs folder: `<root>/<key[0:16]>-<sha256(dags folder)[0:16]>`. */
export function localHomePath(root: string, runtimeKey: string, dagsFolder: string): string {
  if (!RUNTIME_KEY.test(runtimeKey)) throw new LocalHomeError(`The runtime key ${JSON.stringify(runtimeKey.slice(0, 80))} is not a key.`, '');
  const folder = createHash('sha256').update(path.resolve(dagsFolder)).digest('hex').slice(0, 16);
  return path.join(path.resolve(root), `${runtimeKey.slice(0, 16)}-${folder}`);
}

function readMarker(home: string): Marker | undefined {
  try {
    const file = path.join(home, MARKER);
    if (fs.statSync(file).size > 64 * 1024) return undefined;
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Marker>;
    return typeof m.airflowVersion === 'string' && typeof m.runtimeKey === 'string' && typeof m.dagsFolder === 'string'
      ? { airflowVersion: m.airflowVersion, runtimeKey: m.runtimeKey, dagsFolder: m.dagsFolder } : undefined;
  } catch {
    return undefined;
  }
}

/** The database is ready when the marker names this Airflow and the database file is still there. */
function isReady(home: string, version: string): boolean {
  const m = readMarker(home);
  return m?.airflowVersion === version && fs.existsSync(path.join(home, 'airflow.db'));
}

function migrateEnv(home: string, dagsFolder: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...withoutUserSetup(base),
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: path.resolve(dagsFolder),
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: sqliteUrl(home),
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONNOUSERSITE: '1',
  };
}

async function migrate(home: string, opts: LocalHomeOptions): Promise<void> {
  // A database left by a failed migrate may be half made: start again from nothing.
  for (const f of ['airflow.db', 'airflow.db-journal', 'airflow.db-wal', 'airflow.db-shm']) fs.rmSync(path.join(home, f), { force: true });
  opts.log?.(`local run: creating the metadata database of Airflow ${opts.runtime.airflowVersion} in ${home}`);
  const r = await runProcess(opts.runtime.python, ['-m', 'airflow', 'db', 'migrate'], {
    cwd: home,
    env: migrateEnv(home, opts.dagsFolder, opts.env),
    timeoutMs: opts.timeoutMs ?? 10 * 60_000,
    maxCaptureBytes: 64 * 1024,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.log ? { onLine: (l: string) => opts.log!(redact(l)) } : {}),
  });
  if (r.stopped === 'aborted' || opts.signal?.aborted) throw abortError('Preparing the local Airflow home was cancelled.');
  if (r.code !== 0) {
    const detail = redact(`${r.stderr}\n${r.stdout}`.trim()).slice(-8000);
    const why = r.stopped === 'timeout' ? 'did not finish in time' : `exited with code ${String(r.code)}`;
    throw new LocalHomeError(`\`airflow db migrate\` of Airflow ${opts.runtime.airflowVersion} ${why}.`, detail);
  }
  const marker: Marker = { airflowVersion: opts.runtime.airflowVersion, runtimeKey: opts.runtime.key, dagsFolder: path.resolve(opts.dagsFolder) };
  const tmp = path.join(home, `${MARKER}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(marker, null, 2));
  fs.renameSync(tmp, path.join(home, MARKER));
}

/** The home (made and migrated on first use); `created` when this call ran the migrate. */
export async function prepareLocalHome(opts: LocalHomeOptions): Promise<{ home: string; created: boolean }> {
  if (!VERSION.test(opts.runtime.airflowVersion)) throw new LocalHomeError(`The Airflow version ${JSON.stringify(opts.runtime.airflowVersion.slice(0, 60))} is not a version.`, '');
  const home = localHomePath(opts.root, opts.runtime.key, opts.dagsFolder);
  // Ready already: no lock, one marker read.
  if (isReady(home, opts.runtime.airflowVersion)) return { home, created: false };
  if (opts.signal?.aborted) throw abortError('Preparing the local Airflow home was cancelled.');
  fs.mkdirSync(home, { recursive: true });
  return withRuntimeLock(`${home}.lock`, async () => {
    // Another process may have made it while this one waited.
    if (isReady(home, opts.runtime.airflowVersion)) return { home, created: false };
    fs.rmSync(path.join(home, MARKER), { force: true });
    await migrate(home, opts);
    return { home, created: true };
  }, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onWait: (pid) => opts.log?.(`local run: waiting for process ${pid}, which is preparing ${home}`),
  });
}
