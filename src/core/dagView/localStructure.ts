/**
 * A DAG's structure from the local runtime's parse (mwaa_parse_worker.py adds it to each parsed
 * DAG): tasks with their downstream ids, task groups as Airflow built them, the operator, and for
 * tasks whose code is a Python function, that function's file and line. Checked and bounded like
 * an API answer: the worker runs the user's code.
 */
import { buildStructure, isTaskId, type DagGroup, type DagStructure, type RawTask } from '../airflow/dagStructure';

export interface LocalStructure {
  readonly structure: DagStructure;
  /** 1-based line of each task's Python function, when it has one in a file. */
  readonly functions: ReadonlyMap<string, { readonly file: string; readonly line: number }>;
}

type Json = Record<string, unknown>;
const MAX_DAGS = 1000;
const MAX_RAW_TASKS = 2001;

const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v && v.length <= max ? v : undefined);

/** The structures of a worker reply's DAGs, by DAG id (DAGs without one are left out). */
export function parseLocalStructures(reply: Json): Map<string, LocalStructure> {
  const out = new Map<string, LocalStructure>();
  const dags = Array.isArray(reply.dags) ? (reply.dags as unknown[]).slice(0, MAX_DAGS) : [];
  for (const d of dags) {
    if (!d || typeof d !== 'object') continue;
    const dag = d as Json;
    const s = dag.structure;
    if (typeof dag.dagId !== 'string' || !s || typeof s !== 'object') continue;
    out.set(dag.dagId, parseOne(dag.dagId, s as Json));
  }
  return out;
}

function parseOne(dagId: string, s: Json): LocalStructure {
  const rawTasks = Array.isArray(s.tasks) ? (s.tasks as unknown[]).slice(0, MAX_RAW_TASKS) : [];
  const raw: RawTask[] = [];
  const functions = new Map<string, { file: string; line: number }>();
  for (const item of rawTasks) {
    if (!item || typeof item !== 'object') continue;
    const t = item as Json;
    if (!isTaskId(t.id)) continue;
    const group = str(t.group, 250);
    raw.push({
      id: t.id,
      downstream: Array.isArray(t.down) ? t.down.slice(0, 500).filter(isTaskId) : [],
      operator: str(t.op, 100),
      mapped: t.mapped === true,
      ...(group ? { group } : {}),
    });
    const file = str(t.file, 4096);
    if (file && Number.isSafeInteger(t.line) && (t.line as number) > 0) functions.set(t.id, { file, line: t.line as number });
  }
  const groups: DagGroup[] = [];
  for (const item of Array.isArray(s.groups) ? (s.groups as unknown[]).slice(0, 1000) : []) {
    if (!item || typeof item !== 'object') continue;
    const g = item as Json;
    const label = str(g.label, 250);
    const parent = str(g.parent, 250);
    if (isTaskId(g.id)) groups.push({ id: g.id, label: label ?? g.id, ...(parent ? { parent } : {}) });
  }
  const structure = buildStructure(dagId, raw, groups);
  return { structure: s.truncated === true || rawTasks.length >= MAX_RAW_TASKS ? { ...structure, truncated: true } : structure, functions };
}

/** A parse result carrying the structures of its DAGs (the worker's reply had them). */
export interface WithStructures {
  readonly structures?: ReadonlyMap<string, LocalStructure>;
}

/** The result with the reply's structures attached (when there are any). */
export function withStructures<T extends object>(result: T, reply: Json): T & WithStructures {
  const structures = parseLocalStructures(reply);
  return structures.size ? { ...result, structures } : result;
}

/** The structures a parse result carries, if the worker sent them. */
export function structuresOf(result: object): ReadonlyMap<string, LocalStructure> | undefined {
  const s = (result as WithStructures).structures;
  return s instanceof Map ? s : undefined;
}
