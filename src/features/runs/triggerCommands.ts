/**
 * "Trigger DAG…" (conf in an input box or a JSON editor, then an optional logical date) and the
 * conf editor's own trigger: the new run is followed to its end and revealed in the tree.
 */
import * as vscode from 'vscode';
import type { DagRun } from '../../core/airflow/models';
import { UserFacingError } from '../../core/errors';
import type { RunNode } from './runNodes';
import type { RunsContext } from './runsContext';
import { askConf, askLogicalDate, confFromOptions, resolveTarget, triggerRun, type TriggerOptions, type TriggerTarget } from './triggerFlow';

/** Triggers with the options given (code, tests), else asks for the conf and the logical date. */
export async function triggerDag(ctx: RunsContext, arg: unknown, options: TriggerOptions | undefined): Promise<DagRun | undefined> {
  ctx.services.trust.require();
  const target = await resolveTarget(ctx.trigger, arg);
  let conf = options ? confFromOptions(options) : undefined;
  let logicalDate = options?.logicalDate ?? null;
  if (!conf) {
    const { env, client } = await ctx.tree.client(target.envKey);
    const answer = await askConf(target, env.name, async () => {
      await ctx.confDocs.open(target, env.name, await client.dagParams(target.dagId).catch(() => ({})));
    });
    if (answer === 'editor') return undefined;
    conf = answer;
    logicalDate = await askLogicalDate(client.major);
  }
  return startRun(ctx, target, conf, logicalDate);
}

export interface TriggerWithConfOptions {
  readonly logicalDate?: string | null;
  /** Only open the conf editor for a target (what the input box's button does), for tests and menus. */
  readonly openOnly?: TriggerTarget;
}

/** Triggers with a conf document's text (its CodeLens); with `openOnly`, opens one and returns its URI. */
export async function triggerWithConf(ctx: RunsContext, uri: vscode.Uri | undefined, options: TriggerWithConfOptions | undefined): Promise<DagRun | vscode.Uri> {
  if (options?.openOnly) {
    const { env, client } = await ctx.tree.client(options.openOnly.envKey);
    const doc = await ctx.confDocs.open(options.openOnly, env.name, await client.dagParams(options.openOnly.dagId));
    return doc.uri;
  }
  const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
  const t = doc && ctx.confDocs.targetOf(doc.uri);
  if (!doc || !t) throw new UserFacingError(vscode.l10n.t('This document is not a run conf: use "Trigger DAG…" and its "Edit in editor" button to open one.'));
  const conf = ctx.confDocs.confOf(doc);
  const logicalDate = options?.logicalDate !== undefined ? options.logicalDate : await askLogicalDate((await ctx.tree.client(t.target.envKey)).client.major);
  return startRun(ctx, t.target, conf, logicalDate);
}

/** Triggers, follows the new run and reveals it in the tree. */
async function startRun(ctx: RunsContext, target: TriggerTarget, conf: Record<string, unknown>, logicalDate: string | null): Promise<DagRun> {
  const { env, run } = await triggerRun(ctx.trigger, target, conf, logicalDate);
  ctx.services.logger.info(`triggered ${target.dagId} on ${env.name}: ${run.runId}`);
  const node = ctx.tree.addRun(target.envKey, run, true);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(play) Triggered {0} on {1}', target.dagId, env.name), 5000);
  // The walkthrough's "trigger it" step completes on this (not on the command: its pickers come first).
  void vscode.commands.executeCommand('setContext', 'mwaa.dagTriggered', true);
  void reveal(ctx, target, node).catch((err: Error) => ctx.services.logger.debug(`reveal ${run.runId}: ${err.message}`));
  ctx.poller.kick(1000);
  return run;
}

async function reveal(ctx: RunsContext, target: TriggerTarget, node: RunNode): Promise<void> {
  const { tree } = ctx;
  const host = ctx.services.environmentTree.host;
  // The chain env -> DAGs -> DAG must be known for VS Code to expand down to the run.
  if (!(await host.nodeFor(target.envKey))) return;
  tree.environmentChildren(target.envKey);
  if (!tree.dagsOf(target.envKey)) await tree.loadDags(target.envKey, 0);
  if (!tree.dagsOf(target.envKey)?.items.some((d) => d.dagId === target.dagId)) return; // filtered out or on a later page
  await host.view.reveal(node, { select: true, focus: false, expand: true });
}
