/**
 * Task instances of several runs with the times a Gantt chart needs (when each try was queued as
 * well as started and ended), read through the batch endpoint page by page: a DAG view of 25 runs
 * of 200 tasks is 5,000 instances, a few calls, never one per task. Both majors take a page limit
 * in the batch body without capping it at `api.maximum_page_limit`; pages stay at 1,000 anyway.
 */
import type { AirflowClient } from './airflowClient';
import type { TaskInstance } from './models';
import { parseTaskInstance, type RestRequest } from './restRequests';

export interface TimedTaskInstance extends TaskInstance {
  /** When the current try was queued (ISO), if Airflow says. */
  readonly queuedWhen?: string;
}

export const INSTANCE_PAGE = 1000;
/** Past this many instances a read stops (and says so): 25 runs of 2,000 tasks at most, in 50 calls. */
export const MAX_INSTANCES = 50_000;

export interface RunRef {
  readonly dagId: string;
  readonly runId: string;
}

export function runInstancesRequest(runs: readonly RunRef[], offset: number, limit = INSTANCE_PAGE): RestRequest {
  return {
    method: 'POST',
    path: '/dags/~/dagRuns/~/taskInstances/list',
    body: {
      dag_ids: [...new Set(runs.map((r) => r.dagId))],
      dag_run_ids: [...new Set(runs.map((r) => r.runId))],
      page_offset: offset,
      page_limit: limit,
    },
  };
}

export function parseTimedInstance(t: Record<string, unknown>): TimedTaskInstance {
  const base = parseTaskInstance(t);
  const queued = typeof t.queued_when === 'string' && t.queued_when ? t.queued_when : undefined;
  return queued ? { ...base, queuedWhen: queued } : base;
}

export interface InstancesRead {
  readonly items: TimedTaskInstance[];
  readonly truncated: boolean;
  readonly calls: number;
}

/** Every task instance of the runs (only the pairs asked for), page after page, bounded. */
export async function readRunInstances(client: AirflowClient, runs: readonly RunRef[], signal?: AbortSignal): Promise<InstancesRead> {
  if (!runs.length) return { items: [], truncated: false, calls: 0 };
  const wanted = new Set(runs.map((r) => JSON.stringify([r.dagId, r.runId])));
  const seen = new Set<string>();
  const items: TimedTaskInstance[] = [];
  let calls = 0;
  for (let offset = 0; offset < MAX_INSTANCES; ) {
    const res = await client.call(runInstancesRequest(runs, offset), signal);
    calls++;
    const json = (res.json ?? {}) as Record<string, unknown>;
    const page = Array.isArray(json.task_instances) ? (json.task_instances as unknown[]) : [];
    for (const raw of page.slice(0, INSTANCE_PAGE)) {
      if (!raw || typeof raw !== 'object') continue;
      const ti = parseTimedInstance(raw as Record<string, unknown>);
      const key = JSON.stringify([ti.dagId, ti.runId, ti.taskId, ti.mapIndex]);
      if (!wanted.has(JSON.stringify([ti.dagId, ti.runId])) || seen.has(key)) continue;
      seen.add(key);
      items.push(ti);
    }
    offset += page.length;
    // A server that pages below our limit still says how many there are in all.
    const total = typeof json.total_entries === 'number' ? json.total_entries : page.length < INSTANCE_PAGE ? offset : Infinity;
    if (!page.length || offset >= total) return { items, truncated: false, calls };
  }
  return { items, truncated: true, calls };
}
