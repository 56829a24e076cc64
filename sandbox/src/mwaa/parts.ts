/**
 * The real parts (moto, Airflow, DAG sync, ports, processes) are built next door in
 * `sandbox/src/{ports,processes,moto,dagSync}.ts` and `sandbox/src/airflow/`. The emulator codes
 * against the agreed API below and loads those modules at run time, so it compiles and its own
 * tests run even while a part is missing; a missing part fails with a message naming the file.
 */
import * as net from 'node:net';

export interface AirflowHandle {
  name: string;
  version: string;
  major: 2 | 3;
  baseUrl: string;
  apiPrefix: '/api/v1' | '/api/v2';
  authHeaders(): Promise<Record<string, string>>;
  runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  dagsDir: string;
  /** The venv's python, for resolving requirements. */
  python?: string;
  /** Admin user of the UI / REST API (used to open real Airflow sessions for MWAA logins). */
  credentials?: { username: string; password: string };
  stop(): Promise<void>;
}

export interface AirflowSpec {
  name: string;
  major: 2 | 3;
  dagsDir: string;
  homeDir: string;
  motoEndpoint: string;
  taskLogGroup: string;
  region?: string;
  logGroups?: Record<string, string>;
}

export interface MotoHandle {
  endpoint: string;
  stop(): Promise<void>;
}

export interface DagSyncHandle {
  stop(): Promise<void> | void;
  syncNow(): Promise<unknown>;
}

/** The first of `modules` that loads and exports `exportName` as a function. */
function load<T>(modules: string | string[], exportName: string): T {
  const problems: string[] = [];
  for (const module of Array.isArray(modules) ? modules : [modules]) {
    let mod: Record<string, unknown>;
    try {
      mod = require(module) as Record<string, unknown>;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      // Only "this file does not exist" moves on; a part that fails while loading is a real error.
      if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(module.replace(/^\.\.\//, ''))) {
        problems.push(`${module}: not found`);
        continue;
      }
      throw err;
    }
    const fn = mod[exportName];
    if (typeof fn === 'function') return fn as T;
    problems.push(`${module}: no ${exportName}() export`);
  }
  throw new Error(`sandbox part ${exportName}() is not available (${problems.join('; ')}); `
    + 'it is built by the sandbox/src real-parts work; run `npx tsc -p .` after it lands');
}

const AIRFLOW_MODULES = ['../airflow', '../airflow/index', '../airflow/start', '../airflow/server', '../airflow/airflow', '../airflow/startAirflow'];

/** `runDir` receives moto's log. */
export function startMoto(opts: { runDir?: string } = {}): Promise<MotoHandle> {
  return load<(o: { runDir?: string }) => Promise<MotoHandle>>('../moto', 'startMoto')(opts);
}

export function createVersionedBucket(endpoint: string, name: string): Promise<void> {
  return load<(e: string, n: string) => Promise<void>>('../moto', 'createVersionedBucket')(endpoint, name);
}

export function startAirflow(spec: AirflowSpec): Promise<AirflowHandle> {
  return load<(s: AirflowSpec) => Promise<AirflowHandle>>(AIRFLOW_MODULES, 'startAirflow')(spec);
}

export function startDagSync(opts: { s3Endpoint: string; bucket: string; prefix: string; dagsDir: string; intervalMs: number; region?: string }): DagSyncHandle {
  return load<(o: typeof opts) => DagSyncHandle>('../dagSync', 'startDagSync')(opts);
}

/** ports.ts's freePort when present; the same OS-assigned-port trick otherwise. */
export async function freePort(): Promise<number> {
  try {
    return await load<() => Promise<number>>('../ports', 'freePort')();
  } catch {
    return new Promise((resolve, reject) => {
      const s = net.createServer();
      s.on('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
  }
}
