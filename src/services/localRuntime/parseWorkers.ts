/**
 * Warm DAG parse workers: one long-lived Python process per runtime, DAGs folder and environment
 * configuration, which keeps Airflow imported so a parse costs the file, not Airflow's import.
 * A worker idle for 10 minutes is stopped (it holds a few hundred MB); all stop with the extension.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../core/logger';
import { redact } from '../../core/redact';
import { DagParseWorker } from '../../core/runtime/parseWorker';
import type { ParseResult, Runtime } from '../../core/runtime/runtimeTypes';

const IDLE_MS = 10 * 60_000;
/** More workers than this at once: the least recently used one stops first. */
const MAX_WORKERS = 4;

export interface WorkerSpec {
  readonly runtime: Runtime;
  readonly dagsFolder: string;
  readonly pluginsFolder: string | undefined;
  /** The environment's AirflowConfigurationOptions (in memory only). */
  readonly configOptions: Readonly<Record<string, string>>;
}

interface Entry {
  readonly worker: DagParseWorker;
  timer: NodeJS.Timeout;
  lastUsed: number;
}

export class ParseWorkers {
  private readonly workers = new Map<string, Entry>();

  constructor(
    /** Folder under which each worker gets its own AIRFLOW_HOME. */
    private readonly homesDir: string,
    private readonly env: () => NodeJS.ProcessEnv,
    private readonly logger: Logger,
  ) {}

  async parse(spec: WorkerSpec, file: string, signal?: AbortSignal): Promise<ParseResult> {
    const entry = this.entryFor(spec);
    entry.lastUsed = Date.now();
    this.touch(keyOf(spec), entry);
    try {
      return await entry.worker.parseFile(file, signal);
    } finally {
      entry.lastUsed = Date.now();
    }
  }

  /** Whether a worker of this runtime is running. */
  hasWorker(runtimeKey: string): boolean {
    return [...this.workers.keys()].some((k) => k.startsWith(`${runtimeKey}:`));
  }

  private entryFor(spec: WorkerSpec): Entry {
    const key = keyOf(spec);
    const known = this.workers.get(key);
    if (known) return known;
    if (this.workers.size >= MAX_WORKERS) {
      const oldest = [...this.workers].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (oldest) this.stop(oldest[0], 'too many workers');
    }
    const home = path.join(this.homesDir, createHash('sha256').update(key).digest('hex').slice(0, 16));
    fs.mkdirSync(home, { recursive: true });
    const worker = new DagParseWorker({
      python: spec.runtime.python,
      airflowHome: home,
      dagsFolder: spec.dagsFolder,
      ...(spec.pluginsFolder ? { pluginsFolder: spec.pluginsFolder } : {}),
      configOptions: { ...spec.configOptions },
      env: this.env(),
      log: (line: string) => this.logger.debug(`parse worker: ${redact(line)}`),
    });
    this.logger.info(`local runtime: parse worker started for Airflow ${spec.runtime.airflowVersion} (${spec.dagsFolder})`);
    const entry: Entry = { worker, timer: setTimeout(() => undefined, 0), lastUsed: Date.now() };
    this.workers.set(key, entry);
    return entry;
  }

  private touch(key: string, entry: Entry): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.stop(key, 'idle for 10 minutes'), IDLE_MS);
    entry.timer.unref?.();
  }

  private stop(key: string, why: string): void {
    const entry = this.workers.get(key);
    if (!entry) return;
    this.workers.delete(key);
    clearTimeout(entry.timer);
    this.logger.info(`local runtime: parse worker stopped (${why})`);
    void Promise.resolve(entry.worker.dispose()).catch(() => undefined);
  }

  dispose(): void {
    for (const key of [...this.workers.keys()]) this.stop(key, 'extension stopping');
  }
}

/** Runtime key, folders and a hash of the options (a changed configuration starts a new worker). */
function keyOf(spec: WorkerSpec): string {
  const options = createHash('sha256').update(JSON.stringify(Object.entries(spec.configOptions).sort())).digest('hex').slice(0, 16);
  return `${spec.runtime.key}:${spec.dagsFolder}\0${spec.pluginsFolder ?? ''}\0${options}`;
}
