/**
 * What a local run is asked to run, from what a command was given: a CodeLens's arguments, a task
 * instance of the MWAA view (its run's conf and logical date), or nothing (the palette: a DAG or
 * task of the active file, picked). Arguments come from menus, other extensions and tests, so each
 * is checked here.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { findLocalRunSites, type TaskLocation } from '../../core/localRun/taskLocations';
import { environmentKey } from '../../core/mwaa/environmentKey';
import type { Services } from '../../services/services';
import { DAG_PROMPT, FOLDER_PROMPT, TASK_PROMPT, type LocalRunRequest } from './localRunTypes';

/** Airflow's id charset, bounded (the core validates again before anything runs). */
const ID = /^[A-Za-z0-9_.-]{1,250}$/;
const MAX_CONF_CHARS = 64 * 1024;

export type RunScope = 'task' | 'dag';

export async function requestFrom(services: Services, arg: unknown, scope: RunScope): Promise<LocalRunRequest> {
  if (isRecord(arg) && arg.kind === 'task' && isRecord(arg.ti)) return fromTaskInstance(services, arg, scope);
  if (isRecord(arg) && typeof arg.file === 'string') return fromLens(services, arg, scope);
  if (arg instanceof vscode.Uri) return fromEditor(services, arg, scope);
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file' || doc.languageId !== 'python') {
    throw new UserFacingError(vscode.l10n.t('Open a DAG file first: {0} are what you can run locally.', scope === 'task' ? 'its tasks' : 'its DAGs'));
  }
  return fromEditor(services, doc.uri, scope);
}

/** `{file, dagId?, taskId?}` as the lenses pass it; other code may add a run's `logicalDate` and `conf`. */
async function fromLens(services: Services, arg: Record<string, unknown>, scope: RunScope): Promise<LocalRunRequest> {
  const uri = parseFileUri(arg.file);
  const taskId = scope === 'task' ? checkedId(arg.taskId, vscode.l10n.t('task id')) : undefined;
  const dagId = arg.dagId === undefined ? await dagOfFile(services, uri, taskId) : checkedId(arg.dagId, vscode.l10n.t('DAG id'));
  return { anchor: uri.fsPath, dagId, ...(taskId ? { taskId } : {}), ...runOf(arg) };
}

/** A run's logical date and conf, when given (the core checks the date's form and the conf's size again). */
function runOf(run: Record<string, unknown> | undefined): Pick<LocalRunRequest, 'logicalDate' | 'conf'> {
  const logicalDate = typeof run?.logicalDate === 'string' && run.logicalDate.length <= 64 ? run.logicalDate : undefined;
  const conf = isRecord(run?.conf) && JSON.stringify(run.conf).length <= MAX_CONF_CHARS && Object.keys(run.conf).length ? run.conf : undefined;
  return { ...(logicalDate ? { logicalDate } : {}), ...(conf ? { conf } : {}) };
}

/** The DAG of a file (picked when it has several), for a task whose DAG the file does not say. */
async function dagOfFile(services: Services, uri: vscode.Uri, taskId: string | undefined): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const dagIds = [...new Set(findLocalRunSites(doc.getText()).dags.map((d) => d.dagId))];
  if (!dagIds.length) throw new UserFacingError(vscode.l10n.t('No DAG definition found in {0}.', vscode.workspace.asRelativePath(uri)));
  return pickOne(services, DAG_PROMPT, dagIds, undefined, taskId ? vscode.l10n.t('Which DAG runs {0}?', taskId) : vscode.l10n.t('Which DAG should run locally?'));
}

/** A task instance node of the MWAA view: its bound folder, and its run's conf and logical date. */
async function fromTaskInstance(services: Services, node: Record<string, unknown>, scope: RunScope): Promise<LocalRunRequest> {
  const ti = node.ti as Record<string, unknown>;
  const dagId = checkedId(ti.dagId, vscode.l10n.t('DAG id'));
  const taskId = checkedId(ti.taskId, vscode.l10n.t('task id'));
  const envKey = typeof node.envKey === 'string' ? node.envKey : '';
  const folder = await boundFolderOf(services, envKey);
  const parent = runNodeOf(services, node);
  const run = isRecord(parent) && parent.kind === 'run' && isRecord(parent.run) ? parent.run : undefined;
  // Airflow 3 runs triggered without a logical date have none: the time the run was due stands in.
  const when = run && typeof run.logicalDate !== 'string' && typeof run.runAfter === 'string' ? { ...run, logicalDate: run.runAfter } : run;
  return { anchor: folder.fsPath, dagId, ...(scope === 'task' ? { taskId } : {}), ...runOf(when) };
}

/** The run node above a task instance (its owner, the runs tree, knows it); undefined when it cannot tell. */
function runNodeOf(services: Services, node: Record<string, unknown>): unknown {
  const treeNode = node as unknown as { id: string; kind: string };
  try {
    return services.environmentTree.ownerOf(treeNode)?.parentOf(treeNode);
  } catch {
    return undefined;
  }
}

/** The folder bound to an environment (the user picks when several are). */
async function boundFolderOf(services: Services, envKey: string): Promise<vscode.Uri> {
  const folders = Object.entries(services.bindings.all())
    .filter(([, b]) => environmentKey(b) === envKey)
    .map(([uri]) => vscode.Uri.parse(uri))
    .filter((u) => u.scheme === 'file');
  if (!folders.length) {
    const name = (() => {
      try {
        return (JSON.parse(envKey) as unknown[])[2];
      } catch {
        return undefined;
      }
    })();
    throw new UserFacingError(vscode.l10n.t('No folder of this workspace is bound to {0}: a local run needs its DAG files. Bind the folder that holds them first.', typeof name === 'string' ? name : 'this environment'));
  }
  if (folders.length === 1) return folders[0]!;
  const picked = await services.prompts.pick(FOLDER_PROMPT, folders.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })), {
    title: vscode.l10n.t('Which bound folder holds the DAG?'),
  });
  if (!picked) throw new vscode.CancellationError();
  return picked.uri;
}

/** A DAG or task of a file: the only one, else picked (the one at or above the cursor first). */
async function fromEditor(services: Services, uri: vscode.Uri, scope: RunScope): Promise<LocalRunRequest> {
  if (uri.scheme !== 'file') throw new UserFacingError(vscode.l10n.t('A local run needs a DAG file on this machine.'));
  const doc = await vscode.workspace.openTextDocument(uri);
  const sites = findLocalRunSites(doc.getText());
  const editor = vscode.window.activeTextEditor;
  const cursor = editor?.document.uri.toString() === uri.toString() ? editor.selection.active.line : 0;
  const dagIds = [...new Set(sites.dags.map((d) => d.dagId))];
  if (scope === 'dag') {
    if (!dagIds.length) throw new UserFacingError(vscode.l10n.t('No DAG definition found in {0}.', vscode.workspace.asRelativePath(uri)));
    const near = nearest(sites.dags, cursor);
    return { anchor: uri.fsPath, dagId: await pickOne(services, DAG_PROMPT, dagIds, near?.dagId, vscode.l10n.t('Which DAG should run locally?')) };
  }
  if (!sites.tasks.length) throw new UserFacingError(vscode.l10n.t('No task found in {0} (an operator with a literal task_id, or an @task function).', vscode.workspace.asRelativePath(uri)));
  const task = await pickTask(services, sites.tasks, nearest(sites.tasks, cursor));
  const dagId = task.dagId ?? (await dagOfFile(services, uri, task.taskId));
  return { anchor: uri.fsPath, dagId, taskId: task.taskId };
}

function nearest<T extends { line: number }>(sites: readonly T[], line: number): T | undefined {
  let best: T | undefined;
  for (const s of sites) if (s.line <= line && (!best || s.line >= best.line)) best = s;
  return best;
}

async function pickTask(services: Services, tasks: readonly TaskLocation[], first: TaskLocation | undefined): Promise<TaskLocation> {
  if (tasks.length === 1) return tasks[0]!;
  const ordered = first ? [first, ...tasks.filter((t) => t !== first)] : [...tasks];
  const picked = await services.prompts.pick(TASK_PROMPT, ordered.map((t) => ({ label: t.taskId, description: t.dagId ?? '', detail: vscode.l10n.t('line {0}', t.line + 1), task: t })), {
    title: vscode.l10n.t('Which task should run locally?'),
  });
  if (!picked) throw new vscode.CancellationError();
  return picked.task;
}

async function pickOne(services: Services, id: string, values: readonly string[], first: string | undefined, title: string): Promise<string> {
  if (values.length === 1) return values[0]!;
  const ordered = first ? [first, ...values.filter((v) => v !== first)] : [...values];
  const picked = await services.prompts.pick(id, ordered.map((label) => ({ label })), { title });
  if (!picked) throw new vscode.CancellationError();
  return picked.label;
}

export function checkedId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ID.test(value)) throw new UserFacingError(vscode.l10n.t('Not a valid {0} for a local run: {1}.', what, JSON.stringify(value)?.slice(0, 80)));
  return value;
}

function parseFileUri(value: unknown): vscode.Uri {
  if (typeof value !== 'string' || value.length > 4096) throw new UserFacingError(vscode.l10n.t('A local run needs a DAG file.'));
  const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  if (uri.scheme !== 'file' || !path.isAbsolute(uri.fsPath)) throw new UserFacingError(vscode.l10n.t('A local run needs a DAG file on this machine.'));
  return uri;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
