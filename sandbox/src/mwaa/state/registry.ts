import type { EnvironmentConfig } from './config';
import { EnvironmentState } from './environment';
import type { AirflowHandle } from '../backends/parts';
import { findAirflowVenvs } from '../backends/venvProbe';

/** Starts (once) and returns the real Airflow behind an environment. */
export interface AirflowBackend {
  major: 2 | 3;
  ensure(): Promise<AirflowHandle>;
  current(): AirflowHandle | undefined;
  /** The venv's python for pip, without starting Airflow when the venv can be found on disk. */
  python(): Promise<string>;
  stop(): Promise<void>;
}

/** All environments, keyed by region and name; the region comes from each request's SigV4 scope. */
export class EnvironmentRegistry {
  private readonly byKey = new Map<string, EnvironmentState>();
  private readonly backends = new Map<string, AirflowBackend>();

  constructor(configs: EnvironmentConfig[]) {
    const venvs = findAirflowVenvs();
    for (const cfg of configs) {
      if (!/^[a-zA-Z][0-9a-zA-Z_-]{0,79}$/.test(cfg.name)) throw new Error(`invalid MWAA environment name "${cfg.name}"`);
      const key = `${cfg.region}/${cfg.name}`;
      if (this.byKey.has(key)) throw new Error(`environment ${cfg.name} is configured twice in ${cfg.region}`);
      const state = new EnvironmentState(cfg);
      // GetEnvironment reports the version really installed, once a venv for that major exists.
      const venv = cfg.airflowMajor ? venvs.find((v) => v.major === cfg.airflowMajor) : undefined;
      if (venv) state.airflowVersion = venv.version;
      this.byKey.set(key, state);
    }
  }

  attach(name: string, backend: AirflowBackend): void {
    this.backends.set(name, backend);
  }

  get(region: string, name: string): EnvironmentState | undefined {
    return this.byKey.get(`${region}/${name}`);
  }

  /** Names in a region, in a stable order (creation order, like a listing would be). */
  names(region: string): string[] {
    return [...this.byKey.values()].filter((e) => e.region === region).map((e) => e.name);
  }

  all(): EnvironmentState[] {
    return [...this.byKey.values()];
  }

  backend(name: string): AirflowBackend | undefined {
    return this.backends.get(name);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.backends.values()].map((b) => b.stop().catch(() => undefined)));
  }
}
