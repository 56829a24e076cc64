import { UserFacingError } from '../errors';
import type { AirflowMajor, Dag, DagRun, ImportError, Page, TaskInstance } from './models';

/** A request against the Airflow REST API, relative to /api/v1 or /api/v2. */
export interface RestRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  readonly path: string;
  readonly query?: Record<string, string | number | boolean>;
  readonly body?: Record<string, unknown>;
}

export interface TriggerOptions {
  readonly conf?: Record<string, unknown>;
  /** ISO date with a timezone; omitted means "now" (Airflow 3: an explicit null). */
  readonly logicalDate?: string;
  readonly runId?: string;
  readonly note?: string;
}

/**
 * One path segment from a DAG or run id. encodeURIComponent leaves `.` and `..` as they are, and
 * URLs resolve them (`/dags/../clearTaskInstances` is `/clearTaskInstances`); the `%2F` it makes
 * of a `/` is decoded back into a separator by the servers in front of Airflow's routes (gunicorn,
 * uvicorn). Airflow's own ids are never empty, `.` or `..` and never hold a `/`, so such an id is
 * refused before any request.
 */
export function seg(id: string, what = 'DAG or run id'): string {
  if (typeof id !== 'string' || id === '' || id === '.' || id === '..' || id.includes('/')) {
    throw new UserFacingError(
      `Refusing to call the Airflow API with ${what} ${JSON.stringify(String(id).slice(0, 100))}: it would change the request's path (Airflow ids are never empty, "." or "..", and never contain "/").`,
    );
  }
  return encodeURIComponent(id);
}

export function listDagsRequest(opts: { limit: number; offset: number; pattern?: string }): RestRequest {
  return {
    method: 'GET',
    path: '/dags',
    query: { limit: opts.limit, offset: opts.offset, order_by: 'dag_id', ...(opts.pattern ? { dag_id_pattern: opts.pattern } : {}) },
  };
}

export function triggerRequest(major: AirflowMajor, dagId: string, t: TriggerOptions): RestRequest {
  const body: Record<string, unknown> = { conf: t.conf ?? {} };
  if (t.runId) body.dag_run_id = t.runId;
  if (t.note) body.note = t.note;
  // Airflow 3 rejects unknown keys and requires logical_date (nullable); Airflow 2 treats an
  // absent one as "now". Never strip the null: that is the required key.
  if (major === 3) body.logical_date = t.logicalDate ?? null;
  else if (t.logicalDate) body.logical_date = t.logicalDate;
  return { method: 'POST', path: `/dags/${seg(dagId, 'DAG id')}/dagRuns`, body };
}

/** Runs of one DAG, newest first, through the batch endpoint (its path fits InvokeRestApi's 64 chars). */
export function listRunsRequest(major: AirflowMajor, dagIds: string[], opts: { limit: number; offset: number; states?: string[] }): RestRequest {
  return {
    method: 'POST',
    path: '/dags/~/dagRuns/list',
    body: {
      dag_ids: dagIds,
      page_limit: opts.limit,
      page_offset: opts.offset,
      order_by: major === 3 ? '-run_after' : '-execution_date',
      ...(opts.states ? { states: opts.states } : {}),
    },
  };
}

/** All task instances of one run in ONE call, whatever the number of tasks. */
export function listTaskInstancesRequest(major: AirflowMajor, dagId: string, runId: string): RestRequest {
  return {
    method: 'POST',
    path: '/dags/~/dagRuns/~/taskInstances/list',
    body: { dag_ids: [dagId], dag_run_ids: [runId], ...(major === 3 ? { page_limit: 1000 } : {}) },
  };
}

/**
 * Task instances of several runs in ONE call (the poll of everything shown). The endpoint filters
 * on dag_ids x dag_run_ids, so the caller keeps only the pairs it asked for (see pairsOnly).
 */
export function listRunsTaskInstancesRequest(major: AirflowMajor, runs: readonly { dagId: string; runId: string }[]): RestRequest {
  const dagIds = [...new Set(runs.map((r) => r.dagId))];
  const runIds = [...new Set(runs.map((r) => r.runId))];
  return {
    method: 'POST',
    path: '/dags/~/dagRuns/~/taskInstances/list',
    body: { dag_ids: dagIds, dag_run_ids: runIds, ...(major === 3 ? { page_limit: 1000 } : {}) },
  };
}

/** The source Airflow stored at the DAG's last parse: by file token on Airflow 2, by DAG id on 3. */
export function dagSourceRequest(major: AirflowMajor, dag: Pick<Dag, 'dagId' | 'fileToken'>): RestRequest | undefined {
  if (major === 3) return { method: 'GET', path: `/dagSources/${seg(dag.dagId, 'DAG id')}` };
  return dag.fileToken ? { method: 'GET', path: `/dagSources/${seg(dag.fileToken, 'file token')}` } : undefined;
}

/** DAG details: Airflow 2 and 3 both return the DAG's `params` here, which /dags leaves out. */
export function dagDetailsRequest(dagId: string): RestRequest {
  return { method: 'GET', path: `/dags/${seg(dagId, 'DAG id')}/details` };
}

/**
 * The default values of a DAG's params, as a conf to start from. Airflow 2 serialises each as
 * `{__class, value, description}`, Airflow 3 as `{value, description, schema}`; a bare value is
 * taken as is.
 */
export function paramDefaults(details: Json): Record<string, unknown> {
  const params = details.params;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(params as Json)) {
    out[name] = p && typeof p === 'object' && !Array.isArray(p) && 'value' in (p as Json) ? (p as Json).value ?? null : p;
  }
  return out;
}

export function importErrorsRequest(opts: { limit: number; offset: number }): RestRequest {
  return { method: 'GET', path: '/importErrors', query: { limit: opts.limit, offset: opts.offset } };
}

export function setPausedRequest(dagId: string, paused: boolean): RestRequest {
  return { method: 'PATCH', path: `/dags/${seg(dagId, 'DAG id')}`, query: { update_mask: 'is_paused' }, body: { is_paused: paused } };
}

export function setRunStateRequest(dagId: string, runId: string, state: 'success' | 'failed'): RestRequest {
  return { method: 'PATCH', path: `/dags/${seg(dagId, 'DAG id')}/dagRuns/${seg(runId, 'run id')}`, body: { state } };
}

export function clearTaskRequest(dagId: string, runId: string, taskIds: string[], opts: { downstream?: boolean; dryRun?: boolean } = {}): RestRequest {
  return {
    method: 'POST',
    path: `/dags/${seg(dagId, 'DAG id')}/clearTaskInstances`,
    body: { dag_run_id: runId, task_ids: taskIds, dry_run: opts.dryRun ?? false, only_failed: false, include_downstream: opts.downstream ?? false, reset_dag_runs: true },
  };
}

// ---- responses -------------------------------------------------------------------------

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Airflow 2 serialises schedules as typed objects; Airflow 3 gives a summary string. */
export function scheduleText(dag: Json): string | undefined {
  const summary = str(dag.timetable_summary);
  if (summary) return summary;
  const s = dag.schedule_interval as Json | null | undefined;
  if (s && typeof s === 'object') {
    if (s.__type === 'CronExpression') return str(s.value);
    if (s.__type === 'TimeDelta') {
      const secs = (num(s.days) ?? 0) * 86400 + (num(s.seconds) ?? 0);
      return secs % 86400 === 0 ? `every ${secs / 86400} day(s)` : secs % 3600 === 0 ? `every ${secs / 3600} hour(s)` : `every ${secs} s`;
    }
  }
  return str(dag.timetable_description);
}

export function parseDag(d: Json): Dag {
  const tags = Array.isArray(d.tags) ? d.tags.map((t) => (typeof t === 'string' ? t : String((t as Json).name ?? ''))).filter(Boolean) : [];
  return {
    dagId: String(d.dag_id),
    displayName: str(d.dag_display_name) ?? String(d.dag_id),
    isPaused: d.is_paused === true,
    schedule: scheduleText(d),
    tags,
    fileloc: str(d.fileloc),
    lastParsedTime: str(d.last_parsed_time),
    ...(str(d.file_token) ? { fileToken: str(d.file_token) } : {}),
    owners: Array.isArray(d.owners) ? d.owners.map(String) : [],
    description: str(d.description),
    nextRun: str(d.next_dagrun_run_after) ?? str(d.next_dagrun_logical_date) ?? str(d.next_dagrun),
  };
}

export function parseRun(r: Json): DagRun {
  const logical = (r.logical_date ?? r.execution_date ?? null) as string | null;
  return {
    dagId: String(r.dag_id),
    runId: String(r.dag_run_id ?? r.run_id),
    state: String(r.state ?? ''),
    logicalDate: logical,
    runAfter: str(r.run_after) ?? logical ?? undefined,
    startDate: str(r.start_date),
    endDate: str(r.end_date),
    runType: str(r.run_type),
    conf: r.conf && typeof r.conf === 'object' ? (r.conf as Record<string, unknown>) : {},
    note: str(r.note),
  };
}

export function parseTaskInstance(t: Json): TaskInstance {
  return {
    dagId: String(t.dag_id),
    runId: String(t.dag_run_id ?? t.run_id),
    taskId: String(t.task_id),
    mapIndex: num(t.map_index) ?? -1,
    state: str(t.state),
    tryNumber: num(t.try_number) ?? 0,
    maxTries: num(t.max_tries),
    startDate: str(t.start_date),
    endDate: str(t.end_date),
    durationSeconds: num(t.duration),
    operator: str(t.operator),
    logicalDate: (t.logical_date ?? t.execution_date ?? null) as string | null,
  };
}

export function parseImportError(e: Json): ImportError {
  return {
    id: num(e.import_error_id) ?? 0,
    filename: String(e.filename ?? ''),
    stackTrace: String(e.stack_trace ?? ''),
    timestamp: str(e.timestamp),
    bundleName: str(e.bundle_name),
  };
}

export function parsePage<T>(json: unknown, key: string, parse: (item: Json) => T): Page<T> {
  const j = (json ?? {}) as Json;
  const list = Array.isArray(j[key]) ? (j[key] as Json[]) : [];
  return { items: list.map(parse), total: num(j.total_entries) ?? list.length };
}
