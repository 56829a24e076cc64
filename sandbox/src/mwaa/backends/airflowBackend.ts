import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { EnvironmentState } from '../state/environment';
import { startAirflow, startDagSync, type AirflowHandle, type DagSyncHandle } from './parts';
import type { AirflowBackend } from '../state/registry';
import { findAirflowVenvs } from './venvProbe';

export interface BackendOptions {
  runDir: string;
  motoEndpoint: string;
  /** MWAA copies S3 every 30 s; tests use ~1 s. */
  dagSyncIntervalMs: number;
  onStarted?: (env: string, handle: AirflowHandle, ms: number) => void;
}

/**
 * The real Airflow behind an environment, started on first need (2 cores: only what a test uses
 * should run), together with the S3 -> dags folder sync MWAA performs.
 */
export function lazyAirflowBackend(env: EnvironmentState, major: 2 | 3, opts: BackendOptions): AirflowBackend {
  let starting: Promise<AirflowHandle> | undefined;
  let handle: AirflowHandle | undefined;
  let sync: DagSyncHandle | undefined;
  let stopped = false;
  const base = path.join(opts.runDir, env.name);
  const dagsDir = path.join(base, 'dags');

  const ensure = (): Promise<AirflowHandle> => {
    if (stopped) return Promise.reject(new Error(`environment ${env.name} was stopped`));
    starting ??= (async () => {
      const t0 = Date.now();
      await fs.mkdir(dagsDir, { recursive: true });
      await fs.mkdir(path.join(base, 'home'), { recursive: true });
      const h = await startAirflow({
        name: env.name, major, dagsDir, homeDir: path.join(base, 'home'), motoEndpoint: opts.motoEndpoint,
        taskLogGroup: env.logGroup('Task'), region: env.region, configOptions: { ...env.airflowConfigurationOptions },
        logGroups: {
          task: env.logGroup('Task'), scheduler: env.logGroup('Scheduler'), dagProcessing: env.logGroup('DAGProcessing'),
          webserver: env.logGroup('WebServer'), worker: env.logGroup('Worker'),
        },
      });
      handle = h;
      env.airflowVersion = h.version;
      sync = startDagSync({ s3Endpoint: opts.motoEndpoint, bucket: env.bucket, prefix: `${env.dagS3Path}/`, dagsDir: h.dagsDir || dagsDir, intervalMs: opts.dagSyncIntervalMs, region: env.region });
      opts.onStarted?.(env.name, h, Date.now() - t0);
      return h;
    })();
    starting.catch(() => { starting = undefined; });
    return starting;
  };

  return {
    major,
    ensure,
    current: () => handle,
    async python() {
      const venv = findAirflowVenvs().find((v) => v.major === major);
      if (venv) return venv.python;
      const h = await ensure();
      if (h.python) return h.python;
      throw new Error(`no Airflow ${major} venv found under the sandbox cache and the AirflowHandle has no python path`);
    },
    async stop() {
      stopped = true;
      await sync?.stop();
      const h = handle ?? (starting ? await starting.catch(() => undefined) : undefined);
      await h?.stop();
    },
  };
}
