import type { AirflowMajor, Dag, DagRun, ImportError, Page, TaskInstance } from './models';
import {
  clearTaskRequest, dagDetailsRequest, dagSourceRequest, importErrorsRequest, listRunsTaskInstancesRequest, paramDefaults, listDagsRequest, listRunsRequest, listTaskInstancesRequest, parseDag, parseImportError,
  parsePage, parseRun, parseTaskInstance, setPausedRequest, setRunStateRequest, triggerRequest, type RestRequest, type TriggerOptions,
} from './restRequests';
import type { AirflowTransport, RestResponse, TransportKind } from './transport';
import { TransportUnavailableError } from './transportErrors';

export interface AirflowClientOptions {
  readonly major: AirflowMajor;
  /** In order of preference: InvokeRestApi first, then the web-login session. */
  readonly transports: readonly AirflowTransport[];
  /** What worked last time for this environment (remembered by the caller). */
  readonly preferred?: TransportKind;
  /** Told when the working transport changes, with why the previous one was left. */
  readonly onTransportChange?: (kind: TransportKind, reason: string) => void;
}

/** Every transport failed: the message lists why, one line each, so the user can act on it. */
export class NoTransportError extends Error {
  constructor(readonly reasons: readonly { kind: TransportKind; error: Error }[]) {
    super(`Cannot reach this environment's Airflow API:\n${reasons.map((r) => `- ${r.kind}: ${r.error.message}`).join('\n')}`);
    this.name = 'NoTransportError';
  }
}

/**
 * One Airflow API over several transports. A transport that cannot serve the environment
 * (denied, not enabled, unreachable) is skipped and the next is tried; the one that works is
 * kept for the following calls. An error from Airflow itself (404, 409, 400) is the answer and is
 * never retried elsewhere.
 */
export class AirflowClient {
  private current: AirflowTransport | undefined;
  /** API calls made so far (each transport attempt of a call counts once): what polling costs. */
  calls = 0;

  constructor(private readonly opts: AirflowClientOptions) {
    this.current = opts.transports.find((t) => t.kind === opts.preferred) ?? opts.transports[0];
  }

  get major(): AirflowMajor {
    return this.opts.major;
  }

  /** The transport in use (the one that last worked, or the first to try). */
  get transport(): TransportKind | undefined {
    return this.current?.kind;
  }

  async call(req: RestRequest, signal?: AbortSignal): Promise<RestResponse> {
    const order = this.current ? [this.current, ...this.opts.transports.filter((t) => t !== this.current)] : [...this.opts.transports];
    const reasons: { kind: TransportKind; error: Error }[] = [];
    for (const t of order) {
      this.calls++;
      try {
        const res = await t.request(req, signal);
        // Only a transport that works for the environment as a whole is kept.
        if (t !== this.current && !reasons.some((r) => r.error instanceof TransportUnavailableError && r.error.scope === 'request')) {
          this.current = t;
          this.opts.onTransportChange?.(t.kind, reasons.map((r) => r.error.message).join('; '));
        }
        return res;
      } catch (err) {
        if (!(err instanceof TransportUnavailableError)) throw err;
        reasons.push({ kind: t.kind, error: err });
      }
    }
    throw new NoTransportError(reasons);
  }

  async listDags(opts: { limit?: number; offset?: number; pattern?: string } = {}, signal?: AbortSignal): Promise<Page<Dag>> {
    const res = await this.call(listDagsRequest({ limit: opts.limit ?? 100, offset: opts.offset ?? 0, pattern: opts.pattern }), signal);
    return parsePage(res.json, 'dags', parseDag);
  }

  /** Every DAG, page by page (Airflow caps a page at 100). */
  async *allDags(opts: { pattern?: string } = {}, signal?: AbortSignal): AsyncGenerator<Dag[]> {
    for (let offset = 0; ; ) {
      const page = await this.listDags({ limit: 100, offset, pattern: opts.pattern }, signal);
      if (page.items.length) yield page.items;
      offset += page.items.length;
      if (!page.items.length || offset >= page.total) return;
    }
  }

  async trigger(dagId: string, t: TriggerOptions, signal?: AbortSignal): Promise<DagRun> {
    const res = await this.call(triggerRequest(this.opts.major, dagId, t), signal);
    return parseRun(res.json as Record<string, unknown>);
  }

  async listRuns(dagIds: string[], opts: { limit?: number; offset?: number; states?: string[] } = {}, signal?: AbortSignal): Promise<Page<DagRun>> {
    const res = await this.call(listRunsRequest(this.opts.major, dagIds, { limit: opts.limit ?? 25, offset: opts.offset ?? 0, states: opts.states }), signal);
    return parsePage(res.json, 'dag_runs', parseRun);
  }

  /** All task instances of a run, in one call per 100 tasks (never one per task). */
  async listTaskInstances(dagId: string, runId: string, signal?: AbortSignal): Promise<TaskInstance[]> {
    const res = await this.call(listTaskInstancesRequest(this.opts.major, dagId, runId), signal);
    return parsePage(res.json, 'task_instances', parseTaskInstance).items;
  }

  /** Task instances of several runs in one call, whatever their number of tasks. */
  async listTaskInstancesOfRuns(runs: readonly { dagId: string; runId: string }[], signal?: AbortSignal): Promise<TaskInstance[]> {
    if (!runs.length) return [];
    const res = await this.call(listRunsTaskInstancesRequest(this.opts.major, runs), signal);
    const wanted = new Set(runs.map((r) => JSON.stringify([r.dagId, r.runId])));
    return parsePage(res.json, 'task_instances', parseTaskInstance).items.filter((t) => wanted.has(JSON.stringify([t.dagId, t.runId])));
  }

  /** The DAG's params with their default values (empty when it has none). */
  async dagParams(dagId: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    return paramDefaults(((await this.call(dagDetailsRequest(dagId), signal)).json ?? {}) as Record<string, unknown>);
  }

  /** The DAG file's text as Airflow last parsed it, or undefined when this Airflow cannot say (no file token). */
  async dagSource(dag: Pick<Dag, 'dagId' | 'fileToken'>, signal?: AbortSignal): Promise<string | undefined> {
    const req = dagSourceRequest(this.opts.major, dag);
    if (!req) return undefined;
    const json = (await this.call(req, signal)).json;
    // JSON ({content}) when asked for it; plain text from a transport that did not ask.
    if (typeof json === 'string') return json;
    const content = (json as Record<string, unknown> | null)?.content;
    return typeof content === 'string' ? content : undefined;
  }

  async importErrors(opts: { limit?: number; offset?: number } = {}, signal?: AbortSignal): Promise<Page<ImportError>> {
    const res = await this.call(importErrorsRequest({ limit: opts.limit ?? 100, offset: opts.offset ?? 0 }), signal);
    return parsePage(res.json, 'import_errors', parseImportError);
  }

  async setPaused(dagId: string, paused: boolean, signal?: AbortSignal): Promise<Dag> {
    return parseDag((await this.call(setPausedRequest(dagId, paused), signal)).json as Record<string, unknown>);
  }

  async setRunState(dagId: string, runId: string, state: 'success' | 'failed', signal?: AbortSignal): Promise<DagRun> {
    return parseRun((await this.call(setRunStateRequest(dagId, runId, state), signal)).json as Record<string, unknown>);
  }

  async clearTask(dagId: string, runId: string, taskIds: string[], opts: { downstream?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    await this.call(clearTaskRequest(dagId, runId, taskIds, opts), signal);
  }

  dispose(): void {
    for (const t of this.opts.transports) t.dispose?.();
  }
}
