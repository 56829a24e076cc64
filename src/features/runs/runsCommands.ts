/**
 * The runs commands, one small handler each: trigger (triggerCommands.ts), clear and mark
 * (runActions.ts), and here the DAG list's own: filter, refresh, load more, pause, import errors.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { ImportErrorSummary } from './importErrorDiagnostics';
import { clearTask, markRun } from './runActions';
import { nodeIds, type LoadMoreNode } from './runNodes';
import type { RunsContext } from './runsContext';
import { triggerDag, triggerWithConf } from './triggerCommands';
import { resolveTarget } from './triggerFlow';

const C = COMMANDS.runs;

export function runsCommands(ctx: RunsContext): CommandTable {
  return {
    [C.triggerDag]: (arg?: unknown, options?: Parameters<typeof triggerDag>[2]) => triggerDag(ctx, arg, options),
    [C.triggerWithConf]: (uri?: vscode.Uri, options?: Parameters<typeof triggerWithConf>[2]) => triggerWithConf(ctx, uri, options),
    [C.filterDags]: (arg?: unknown, text?: string) => filterDags(ctx, arg, text),
    [C.clearDagFilter]: (arg?: unknown) => clearDagFilter(ctx, arg),
    [C.refreshDags]: (arg?: unknown) => refreshDags(ctx, arg),
    [C.loadMore]: (arg: LoadMoreNode | string) => loadMore(ctx, arg),
    [C.pauseDag]: (arg?: unknown) => setPaused(ctx, arg, true),
    [C.unpauseDag]: (arg?: unknown) => setPaused(ctx, arg, false),
    [C.clearTask]: (arg?: unknown) => clearTask(ctx, arg),
    [C.markRunSuccess]: (arg?: unknown) => markRun(ctx, arg, 'success'),
    [C.markRunFailed]: (arg?: unknown) => markRun(ctx, arg, 'failed'),
    [C.refreshImportErrors]: (arg?: unknown) => refreshImportErrors(ctx, arg),
  };
}

/** The environment key of a runs node, an environment node, a key, or the environment the user picks. */
async function envKeyOf(ctx: RunsContext, arg: unknown, purpose: string): Promise<string> {
  if (typeof arg === 'string' && arg.startsWith('[')) return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { envKey?: unknown }).envKey === 'string') return (arg as { envKey: string }).envKey;
  if (arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'environment') return (arg as { key: string }).key;
  return environmentKey(await ctx.services.environments.pickEnvironment(arg, purpose));
}

async function filterDags(ctx: RunsContext, arg: unknown, text: string | undefined): Promise<void> {
  const envKey = await envKeyOf(ctx, arg, vscode.l10n.t('Filter the DAGs of'));
  const value = typeof text === 'string' ? text : await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter DAGs'), prompt: vscode.l10n.t('Part of a DAG id (Airflow matches it anywhere in the id). Empty clears the filter.'), value: ctx.tree.filterOf(envKey) ?? '',
  });
  if (value === undefined) return;
  ctx.tree.setFilter(envKey, value);
  await revealDags(ctx, envKey);
}

async function clearDagFilter(ctx: RunsContext, arg: unknown): Promise<void> {
  ctx.tree.setFilter(await envKeyOf(ctx, arg, vscode.l10n.t('Clear the DAG filter of')), undefined);
}

async function revealDags(ctx: RunsContext, envKey: string): Promise<void> {
  const node = ctx.tree.byId(nodeIds.dags(envKey));
  const { view } = ctx.services.environmentTree.host;
  if (node && view.visible) await Promise.resolve(view.reveal(node, { expand: true, focus: false, select: false })).catch(() => undefined);
}

async function refreshDags(ctx: RunsContext, arg: unknown): Promise<void> {
  const envKey = await envKeyOf(ctx, arg, vscode.l10n.t('Refresh the DAGs of'));
  ctx.tree.forget(envKey);
  await ctx.importErrors.refresh(envKey).catch((err: Error) => ctx.services.logger.warn(`import errors: ${err.message}`));
}

/** The node (its own command) or its id (tests, which see the tree as data). */
async function loadMore(ctx: RunsContext, arg: LoadMoreNode | string): Promise<void> {
  const node = typeof arg === 'string' ? ctx.tree.byId(arg) : arg;
  if (!node || node.kind !== 'loadMore') throw new UserFacingError(vscode.l10n.t('"Load more" works on the "Load more…" line of the MWAA tree.'));
  await ctx.tree.loadMore(node);
}

/** Pauses or unpauses a DAG; returns whether it is paused now. */
async function setPaused(ctx: RunsContext, arg: unknown, paused: boolean): Promise<boolean> {
  ctx.services.trust.require();
  const target = await resolveTarget(ctx.trigger, arg);
  const { client } = await ctx.tree.client(target.envKey);
  const dag = await client.setPaused(target.dagId, paused);
  ctx.tree.updateDag(target.envKey, dag);
  return dag.isPaused;
}

async function refreshImportErrors(ctx: RunsContext, arg: unknown): Promise<ImportErrorSummary> {
  return ctx.importErrors.refresh(await envKeyOf(ctx, arg, vscode.l10n.t('Check the import errors of')));
}
