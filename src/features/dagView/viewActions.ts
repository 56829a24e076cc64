/**
 * What the DAG view does for a click or a menu choice, after the panel has checked the message:
 * open a task's definition in its local file, open a task instance's log (the logs feature's
 * command, with the try and map index the cell shows), clear a task or mark a run (the runs
 * feature's commands, which confirm first as in the tree), then read that run again.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { DagViewModel } from '../../core/dagView/viewModel';
import type { Services } from '../../services/services';
import type { TaskSource } from './airflowSource';

export interface ActionContext {
  readonly services: Services;
  readonly envKey: string | undefined;
  readonly model: DagViewModel;
  readonly sources: ReadonlyMap<string, TaskSource>;
  readonly dagSource?: TaskSource;
  /** The column the panel is in: code opens beside it, never over it. */
  readonly panelColumn: vscode.ViewColumn | undefined;
  /** After an action changed a run in Airflow. */
  refreshRun(runId: string): Promise<void>;
}

export type ActionResult =
  | { readonly done: true; readonly detail?: unknown }
  | { readonly done: false; readonly why: string };

export async function openTask(ctx: ActionContext, taskId: string): Promise<ActionResult> {
  const own = ctx.sources.get(taskId);
  const where = own ?? ctx.dagSource;
  if (!where) return { done: false, why: vscode.l10n.t("No local definition of {0} was found: the DAG's file is not in a folder bound to its environment, or the task id is made at run time.", taskId) };
  const column = ctx.panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  const pos = new vscode.Position(where.line, 0);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(where.file), { viewColumn: column, selection: new vscode.Range(pos, pos), preview: false });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (!own) ctx.services.notify.info(`${taskId} has no task_id= or @task line of its own in ${vscode.workspace.asRelativePath(where.file)} (its id is made at run time): showing its DAG.`);
  return { done: true, detail: { file: where.file, line: where.line, exact: !!own } };
}

function checkedRun(ctx: ActionContext, runId: string): string | undefined {
  if (!ctx.envKey || !ctx.model.run(runId)) return vscode.l10n.t('That run is not shown in this view any more.');
  if (!ctx.services.trust.isTrusted) return vscode.l10n.t('This workspace is not trusted: the DAG view does not call AWS.');
  return undefined;
}

export async function openLog(ctx: ActionContext, runId: string, taskId: string): Promise<ActionResult> {
  const bad = checkedRun(ctx, runId);
  if (bad) return { done: false, why: bad };
  const cell = ctx.model.cell(runId, taskId);
  if (!cell?.state) return { done: false, why: `${taskId} has no task instance in this run yet, so it has no log.` };
  const ref = {
    envKey: ctx.envKey!, dagId: ctx.model.dagId, runId, taskId,
    ...(cell.tryNumber >= 1 ? { tryNumber: cell.tryNumber } : {}),
    mapIndex: cell.mapIndex,
  };
  const shown: unknown = await vscode.commands.executeCommand(COMMANDS.logs.showTaskLogs, ref);
  return { done: true, detail: { ref, shown } };
}

export async function clearTask(ctx: ActionContext, runId: string, taskId: string): Promise<ActionResult> {
  const bad = checkedRun(ctx, runId);
  if (bad) return { done: false, why: bad };
  const cleared = await vscode.commands.executeCommand<boolean>(COMMANDS.runs.clearTask, { envKey: ctx.envKey, dagId: ctx.model.dagId, runId, taskId });
  if (cleared) await ctx.refreshRun(runId);
  return cleared ? { done: true } : { done: false, why: 'not confirmed' };
}

export async function markRun(ctx: ActionContext, runId: string, state: 'success' | 'failed'): Promise<ActionResult> {
  const bad = checkedRun(ctx, runId);
  if (bad) return { done: false, why: bad };
  const command = state === 'success' ? COMMANDS.runs.markRunSuccess : COMMANDS.runs.markRunFailed;
  const result = await vscode.commands.executeCommand<string | undefined>(command, { envKey: ctx.envKey, dagId: ctx.model.dagId, runId });
  if (result) await ctx.refreshRun(runId);
  return result ? { done: true, detail: result } : { done: false, why: 'not confirmed' };
}
