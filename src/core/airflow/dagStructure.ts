/**
 * A DAG's tasks and how they depend on each other, the same for Airflow 2 (`/api/v1/dags/{id}/tasks`),
 * Airflow 3 (`/api/v2/dags/{id}/tasks`) and the local runtime's parse. Neither API lists task
 * groups, so groups come from the ids Airflow gives grouped tasks (`group.sub.task`), unless the
 * source (the local parse) names them. Everything read is checked and bounded: a task list is
 * data from the environment, not trusted to be small or well formed.
 */
import type { AirflowClient } from './airflowClient';
import { seg, type RestRequest } from './restRequests';

export interface DagTask {
  readonly id: string;
  /** What a person reads: the display name, else the id without its group prefix. */
  readonly label: string;
  /** The innermost task group (its full id), if any. */
  readonly group?: string;
  readonly downstream: readonly string[];
  /** Operator class or `@task`, when known. */
  readonly operator?: string;
  readonly mapped: boolean;
}

export interface DagGroup {
  readonly id: string;
  readonly label: string;
  readonly parent?: string;
}

export interface DagStructure {
  readonly dagId: string;
  readonly tasks: readonly DagTask[];
  readonly groups: readonly DagGroup[];
  /** Tasks beyond MAX_TASKS were left out. */
  readonly truncated: boolean;
}

/** A DAG with more tasks is shown in part (and says so): a view of thousands of nodes helps no one. */
export const MAX_TASKS = 2000;
const MAX_GROUPS = 1000;
const MAX_ID = 250;
const MAX_LABEL = 250;
const MAX_DOWNSTREAM = 500;

type Json = Record<string, unknown>;

export function dagTasksRequest(dagId: string): RestRequest {
  return { method: 'GET', path: `/dags/${seg(dagId, 'DAG id')}/tasks` };
}

/** The DAG itself: its file (`fileloc`) says where its code is. */
export function dagRequest(dagId: string): RestRequest {
  return { method: 'GET', path: `/dags/${seg(dagId, 'DAG id')}` };
}

/** A task or group id as Airflow allows it (letters, digits, `_ - .`), bounded. */
export function isTaskId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID && /^[\w.-]+$/.test(v) && !v.startsWith('.') && !v.endsWith('.');
}

function text(v: unknown, max = MAX_LABEL): string | undefined {
  return typeof v === 'string' && v.trim() ? v.slice(0, max) : undefined;
}

/** Groups implied by dotted ids: `a.b.t` is task `t` in group `a.b`, inside `a`. */
export function groupsFromIds(ids: readonly string[]): DagGroup[] {
  const out = new Map<string, DagGroup>();
  for (const id of ids) {
    const parts = id.split('.');
    for (let i = 1; i < parts.length && out.size < MAX_GROUPS; i++) {
      const gid = parts.slice(0, i).join('.');
      if (!out.has(gid)) out.set(gid, { id: gid, label: parts[i - 1]!, ...(i > 1 ? { parent: parts.slice(0, i - 1).join('.') } : {}) });
    }
  }
  return [...out.values()];
}

/** The innermost group of a dotted id, among the known groups. */
export function groupOf(id: string, groups: ReadonlySet<string>): string | undefined {
  for (let at = id.lastIndexOf('.'); at > 0; at = id.lastIndexOf('.', at - 1)) {
    const g = id.slice(0, at);
    if (groups.has(g)) return g;
  }
  return undefined;
}

/** What a raw task entry must hold to be kept. */
export interface RawTask {
  readonly id: string;
  readonly label?: string;
  readonly downstream: readonly string[];
  readonly operator?: string;
  readonly mapped: boolean;
  readonly group?: string;
}

/**
 * Tasks checked and bounded into a structure: ids valid and unique, downstream ids only of kept
 * tasks, groups given (checked) or derived from the ids.
 */
export function buildStructure(dagId: string, raw: readonly RawTask[], givenGroups?: readonly DagGroup[]): DagStructure {
  const kept: RawTask[] = [];
  const seen = new Set<string>();
  let truncated = false;
  for (const t of raw) {
    if (!isTaskId(t.id) || seen.has(t.id)) continue;
    if (kept.length >= MAX_TASKS) {
      truncated = true;
      break;
    }
    seen.add(t.id);
    kept.push(t);
  }
  const groups = givenGroups ? checkedGroups(givenGroups) : groupsFromIds(kept.map((t) => t.id));
  const groupIds = new Set(groups.map((g) => g.id));
  const tasks = kept.map((t): DagTask => {
    const group = t.group !== undefined && groupIds.has(t.group) ? t.group : givenGroups ? undefined : groupOf(t.id, groupIds);
    const prefix = group && t.id.startsWith(`${group}.`) ? group.length + 1 : 0;
    return {
      id: t.id,
      label: t.label ?? t.id.slice(prefix),
      ...(group ? { group } : {}),
      downstream: [...new Set(t.downstream.filter((d) => seen.has(d) && d !== t.id))].slice(0, MAX_DOWNSTREAM),
      ...(t.operator ? { operator: t.operator } : {}),
      mapped: t.mapped,
    };
  });
  return { dagId, tasks, groups, truncated };
}

function checkedGroups(groups: readonly DagGroup[]): DagGroup[] {
  const out: DagGroup[] = [];
  const ids = new Set<string>();
  for (const g of groups) {
    if (out.length >= MAX_GROUPS || !isTaskId(g.id) || ids.has(g.id)) continue;
    ids.add(g.id);
    out.push({ id: g.id, label: text(g.label) ?? g.id.slice(g.id.lastIndexOf('.') + 1), ...(g.parent ? { parent: g.parent } : {}) });
  }
  // A parent that is not itself a kept group is dropped, and a cycle of parents cannot form.
  return out.map((g) => (g.parent && ids.has(g.parent) && g.parent !== g.id && !g.parent.startsWith(`${g.id}.`) ? g : { id: g.id, label: g.label }));
}

/** `GET /dags/{id}/tasks` (Airflow 2 and 3 answer in the same shape). */
export function parseDagTasks(dagId: string, json: unknown): DagStructure {
  const list = json && typeof json === 'object' && Array.isArray((json as Json).tasks) ? ((json as Json).tasks as unknown[]) : [];
  const raw: RawTask[] = [];
  // Bounded before any work per entry: a hostile answer could list millions.
  for (const item of list.slice(0, MAX_TASKS + 1)) {
    if (!item || typeof item !== 'object') continue;
    const t = item as Json;
    const classRef = t.class_ref && typeof t.class_ref === 'object' ? (t.class_ref as Json) : {};
    const display = text(t.task_display_name);
    raw.push({
      id: String(t.task_id ?? ''),
      ...(display && display !== t.task_id ? { label: display } : {}),
      downstream: Array.isArray(t.downstream_task_ids) ? t.downstream_task_ids.slice(0, MAX_DOWNSTREAM).filter(isTaskId) : [],
      operator: text(t.operator_name, 100) ?? text(classRef.class_name, 100),
      mapped: t.is_mapped === true,
    });
  }
  const structure = buildStructure(dagId, raw);
  return list.length > MAX_TASKS ? { ...structure, truncated: true } : structure;
}

/** The DAG's file as the environment names it (`fileloc`), from `GET /dags/{id}`. */
export function parseDagFile(json: unknown): string | undefined {
  const j = json && typeof json === 'object' ? (json as Json) : {};
  const file = text(j.fileloc, 4096);
  return file && !file.includes('\0') ? file : undefined;
}

/** The task list of a deployed DAG (one call). */
export async function readDagStructure(client: AirflowClient, dagId: string, signal?: AbortSignal): Promise<DagStructure> {
  return parseDagTasks(dagId, (await client.call(dagTasksRequest(dagId), signal)).json);
}

/** The DAG's file (one call); undefined when Airflow does not say. */
export async function readDagFile(client: AirflowClient, dagId: string, signal?: AbortSignal): Promise<string | undefined> {
  return parseDagFile((await client.call(dagRequest(dagId), signal)).json);
}
