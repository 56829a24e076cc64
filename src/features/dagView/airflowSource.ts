/**
 * The DAG view's data from a deployed DAG: its tasks (one call), its file (one call, to link tasks
 * to the local code), its latest runs (one call) and their task instances (one batch call per
 * 1,000). The first three go out together.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { AirflowClient } from '../../core/airflow/airflowClient';
import { readDagFile, readDagStructure, type DagStructure } from '../../core/airflow/dagStructure';
import { readRunInstances } from '../../core/airflow/runInstances';
import { MAX_SCANNED_CHARS } from '../../core/localRun/taskLocations';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { localDagFile, taskLines } from '../../core/dagView/taskSources';
import { DagViewModel } from '../../core/dagView/viewModel';
import type { Services } from '../../services/services';
import type { DagViewTarget } from './dagTargets';

/** Runs read on open, and by each Load more. */
export const RUN_PAGE = 25;

/** A task's definition in a local file (0-based line). */
export interface TaskSource {
  readonly file: string;
  readonly line: number;
}

export interface LoadedView {
  readonly model: DagViewModel;
  readonly client?: AirflowClient;
  readonly envName?: string;
  readonly sources: ReadonlyMap<string, TaskSource>;
  /** The DAG's own line, where a task without a line of its own sends the reader. */
  readonly dagSource?: TaskSource;
}

/** Airflow answered 404 for the DAG: it is not deployed (or not parsed yet). */
export function isNotFound(err: unknown): boolean {
  const e = err as { name?: unknown; status?: unknown };
  return e?.name === 'AirflowHttpError' && e.status === 404;
}

export async function loadFromAirflow(services: Services, target: DagViewTarget & { envKey: string }, signal?: AbortSignal): Promise<LoadedView> {
  const env = await services.environments.environment(target.envKey);
  const client = services.environments.airflow(env);
  const [structure, fileloc, runs] = await Promise.all([
    readDagStructure(client, target.dagId, signal),
    target.file ? Promise.resolve(undefined) : readDagFile(client, target.dagId, signal).catch(() => undefined),
    client.listRuns([target.dagId], { limit: RUN_PAGE }, signal),
  ]);
  const notices: string[] = [];
  const file = target.file ?? (fileloc ? localDagFile(fileloc, boundFolders(services, target.envKey), isFile) : undefined);
  if (!file) notices.push(fileloc
    ? vscode.l10n.t('No local file defines {0} in the folders bound to {1} (Airflow reads it from {2}): a click on a task cannot open its code.', target.dagId, env.name, fileloc)
    : vscode.l10n.t('No local file defines {0} in the folders bound to {1}: a click on a task cannot open its code.', target.dagId, env.name));
  const { sources, dagSource } = file ? sourcesIn(file, target.dagId, structure) : { sources: new Map<string, TaskSource>(), dagSource: undefined };
  if (structure.truncated) notices.push(vscode.l10n.t('Only the first {0} tasks are shown.', structure.tasks.length));
  const model = new DagViewModel({
    dagId: target.dagId,
    title: `${target.dagId} · ${env.name}`,
    source: 'airflow',
    tasks: structure.tasks,
    groups: structure.groups,
    linked: [...sources.keys()],
    canAct: services.trust.isTrusted,
    notices,
  });
  model.setRuns(runs.items, runs.total);
  const read = await readRunInstances(client, runs.items, signal);
  model.applyRunsInstances(runs.items.map((r) => r.runId), read.items, !read.truncated);
  if (read.truncated) model.setNotices([...notices, vscode.l10n.t('Some task instances were left out: these runs have too many to show.')]);
  return { model, client, envName: env.name, sources, ...(dagSource ? { dagSource } : {}) };
}

/** Folders bound to the environment, as local paths. */
export function boundFolders(services: Services, envKey: string): string[] {
  return Object.entries(services.bindings.all())
    .filter(([, b]) => environmentKey(b) === envKey)
    .map(([uri]) => vscode.Uri.parse(uri))
    .filter((u) => u.scheme === 'file')
    .map((u) => u.fsPath);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The lines of the structure's tasks in a local file (read once, bounded). */
export function sourcesIn(file: string, dagId: string, structure: DagStructure): { sources: Map<string, TaskSource>; dagSource?: TaskSource } {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_SCANNED_CHARS * 4) return { sources: new Map() };
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { sources: new Map() }; // gone or unreadable: tasks are shown without links
  }
  const found = taskLines(text, dagId, structure.tasks.map((t) => t.id));
  const sources = new Map([...found.lines].map(([id, line]) => [id, { file, line }]));
  return { sources, ...(found.dagLine !== undefined ? { dagSource: { file, line: found.dagLine } } : {}) };
}
