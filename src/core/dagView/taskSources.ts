/**
 * Where a DAG's tasks are defined in a local file: the environment names the DAG's file as it sees
 * it (`/usr/local/airflow/dags/etl/x.py`, or the sandbox's own folder), the bound folder stands
 * for the DAGs folder, and a bounded text scan of the file (core/localRun/taskLocations) finds each
 * task's `task_id=` call or `@task` function.
 */
import * as path from 'node:path';
import { MWAA_DAGS_ROOT } from '../airflow/traceLocation';
import { findLocalRunSites } from '../localRun/taskLocations';

/**
 * The local file for the environment's `fileloc` under one of the bound folders: MWAA's DAGs root
 * mapped directly, any other root by the longest tail of the path that exists in the folder.
 * Never a path outside the folder.
 */
export function localDagFile(fileloc: string, folders: readonly string[], exists: (abs: string) => boolean): string | undefined {
  if (!fileloc.startsWith('/') || fileloc.includes('\0')) return undefined;
  const parts = fileloc.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.')) return undefined;
  const mwaa = MWAA_DAGS_ROOT.split('/').filter(Boolean);
  const underMwaa = mwaa.every((p, i) => parts[i] === p);
  for (const folder of folders) {
    const tails = underMwaa ? [parts.slice(mwaa.length)] : parts.map((_, i) => parts.slice(i));
    for (const tail of tails) {
      if (!tail.length) continue;
      const abs = path.join(folder, ...tail);
      const rel = path.relative(folder, abs);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (exists(abs)) return abs;
    }
  }
  return undefined;
}

export interface TaskLines {
  /** 0-based line of each task found, by task id. */
  readonly lines: ReadonlyMap<string, number>;
  /** 0-based line of the DAG's definition, when found. */
  readonly dagLine?: number;
}

/**
 * Lines of the DAG's tasks in the file's text. A task id the scan found as is wins; else the id
 * without its group prefix when exactly one scanned task of the DAG has it (groups made by
 * `@task_group` functions do not prefix in the text). Ids made at run time are not guessed.
 */
export function taskLines(text: string, dagId: string, taskIds: readonly string[]): TaskLines {
  const sites = findLocalRunSites(text);
  const dag = sites.dags.find((d) => d.dagId === dagId);
  const single = new Set(sites.dags.map((d) => d.dagId)).size <= 1;
  const mine = sites.tasks.filter((t) => t.dagId === dagId || (t.dagId === undefined && single));
  const exact = new Map(mine.map((t) => [t.taskId, t.line]));
  const byTail = new Map<string, number[]>();
  for (const t of mine) {
    const tail = t.taskId.slice(t.taskId.lastIndexOf('.') + 1);
    byTail.set(tail, [...(byTail.get(tail) ?? []), t.line]);
  }
  const lines = new Map<string, number>();
  for (const id of taskIds) {
    const line = exact.get(id);
    if (line !== undefined) {
      lines.set(id, line);
      continue;
    }
    const candidates = byTail.get(id.slice(id.lastIndexOf('.') + 1));
    if (candidates?.length === 1) lines.set(id, candidates[0]!);
  }
  return { lines, ...(dag ? { dagLine: dag.line } : {}) };
}
