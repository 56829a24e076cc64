/**
 * The runs feature inside the environments explorer bundle: the runs tree under each environment,
 * its polling, trigger / pause / clear / mark commands, import-error diagnostics and run-end
 * notifications. Activation only registers the command ids (registerEnvironments) and the DAG
 * CodeLenses (dagLenses.ts).
 */
import * as vscode from 'vscode';
import type { DagRun, TaskInstance } from '../../core/airflow/models';
import { failedTaskNames, taskLabel } from '../../core/airflow/runsView';
import { UserFacingError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { BindingStore } from '../environments/bindingStore';
import type { EnvironmentServices } from '../environments/environmentServices';
import type { EnvironmentsProvider, TreeSnapshot } from '../environments/environmentsProvider';
import { snapshotTree } from '../environments/environmentsProvider';
import type { EnvNode } from '../environments/treeNodes';
import { ConfDocuments } from './confDocuments';
import { ImportErrorDiagnostics } from './importErrorDiagnostics';
import { isRunsNode, nodeIds, type LoadMoreNode, type RunLogRef, type RunsNode, type TaskLogRef } from './runNodes';
import { RUNS_COMMANDS, SHOW_TASK_LOGS } from './runsCommandIds';
import { RunsPoller } from './runsPoller';
import { RunsTree } from './runsTree';
import { askConf, askLogicalDate, confFromOptions, resolveTarget, triggerRun, type TriggerDeps, type TriggerOptions, type TriggerTarget } from './triggerFlow';

export interface RunsDeps {
  readonly context: vscode.ExtensionContext;
  readonly provider: EnvironmentsProvider;
  readonly view: vscode.TreeView<EnvNode>;
  readonly bindings: BindingStore;
  readonly services: EnvironmentServices;
  readonly logger: Logger;
  readonly register: (id: string, handler: (...args: never[]) => unknown) => void;
}

export interface RunEndNotice {
  readonly envKey: string;
  readonly dagId: string;
  readonly runId: string;
  readonly state: string;
  readonly failedTasks: readonly string[];
  readonly message: string;
  readonly actions: readonly { label: string; command: string; args: unknown[] }[];
}

export function createRuns(deps: RunsDeps): vscode.Disposable {
  const { services, logger, view, provider } = deps;
  const testMode = deps.context.extensionMode === vscode.ExtensionMode.Test;
  const tree = new RunsTree(() => ({ environment: (key) => services.environment(key), airflow: (env) => services.airflow(env) }), logger);
  const importErrors = new ImportErrorDiagnostics(tree, deps.bindings, logger);
  const confDocs = new ConfDocuments();
  const notices: RunEndNotice[] = [];
  const poller = new RunsPoller({
    tree, logger,
    visible: () => view.visible,
    intervalMs: () => Math.max(1, vscode.workspace.getConfiguration('mwaa.runs').get<number>('pollIntervalSeconds', 3)) * 1000,
  });
  tree.wantImportErrors = (envKey) => void importErrors.refresh(envKey).catch((err: Error) => logger.warn(`import errors: ${err.message}`));
  provider.attachRuns(tree);

  const subscriptions: vscode.Disposable[] = [
    tree, importErrors, confDocs, poller,
    view.onDidExpandElement((e) => {
      if (!isRunsNode(e.element)) return;
      tree.setExpanded(e.element);
      poller.kick();
    }),
    view.onDidCollapseElement((e) => isRunsNode(e.element) && tree.setCollapsed(e.element)),
    view.onDidChangeVisibility(() => poller.kick()),
    // Anything read anew (an expansion, a poll) may show something unfinished.
    tree.onDidChange(() => poller.kick()),
    tree.onDidEndFollowedRun(({ envKey, run, tasks }) => void runEnded(envKey, run, tasks)),
  ];

  /** The end notification names failed tasks: read them once more if the last read predates the end. */
  const runEnded = async (envKey: string, run: DagRun, tasks: readonly TaskInstance[]) => {
    if (run.state !== 'success' && !tasks.some((t) => t.state === 'failed')) {
      try {
        const { client } = await tree.client(envKey);
        tasks = await client.listTaskInstances(run.dagId, run.runId);
        tree.applyTasks(envKey, run, [...tasks]);
      } catch (err) {
        logger.warn(`tasks of ended run ${run.runId}: ${(err as Error).message}`);
      }
    }
    notices.push(notifyRunEnded(envKey, run, tasks));
  };

  const envKeyOf = async (arg: unknown, purpose: string): Promise<string> => {
    if (typeof arg === 'string' && arg.startsWith('[')) return arg;
    if (arg && typeof arg === 'object' && typeof (arg as { envKey?: unknown }).envKey === 'string') return (arg as { envKey: string }).envKey;
    if (arg && typeof arg === 'object' && (arg as EnvNode).kind === 'environment') return (arg as { key: string }).key;
    const env = await services.pickEnvironment(arg, purpose);
    return JSON.stringify([env.profile, env.region, env.name]);
  };
  const triggerDeps: TriggerDeps = { tree, pickEnvironment: (a, p) => services.pickEnvironment(a, p), requireTrust: () => services.requireTrust() };

  /** Triggers, follows the new run and reveals it in the tree. */
  const startRun = async (target: TriggerTarget, conf: Record<string, unknown>, logicalDate: string | null): Promise<DagRun> => {
    const { env, run } = await triggerRun(triggerDeps, target, conf, logicalDate);
    logger.info(`triggered ${target.dagId} on ${env.name}: ${run.runId}`);
    const node = tree.addRun(target.envKey, run, true);
    vscode.window.setStatusBarMessage(`$(play) Triggered ${target.dagId} on ${env.name}`, 5000);
    void reveal(target, node).catch((err: Error) => logger.debug(`reveal ${run.runId}: ${err.message}`));
    poller.kick(1000);
    return run;
  };

  const reveal = async (target: TriggerTarget, node: RunsNode) => {
    // The chain env -> DAGs -> DAG must be known for VS Code to expand down to the run.
    if (!(await provider.nodeFor(target.envKey))) return;
    tree.environmentChildren(target.envKey);
    if (!tree.dagsOf(target.envKey)) await tree.loadDags(target.envKey, 0);
    if (!tree.dagsOf(target.envKey)?.items.some((d) => d.dagId === target.dagId)) return; // filtered out or on a later page
    await view.reveal(node as EnvNode, { select: true, focus: false, expand: true });
  };

  const register = deps.register;
  register(RUNS_COMMANDS.triggerDag, async (arg?: unknown, options?: TriggerOptions) => {
    services.requireTrust();
    const target = await resolveTarget(triggerDeps, arg);
    let conf = options ? confFromOptions(options) : undefined;
    let logicalDate = options?.logicalDate ?? null;
    if (!conf) {
      const { env, client } = await tree.client(target.envKey);
      const answer = await askConf(target, env.name, async () => {
        await confDocs.open(target, env.name, await client.dagParams(target.dagId).catch(() => ({})));
      });
      if (answer === 'editor') return undefined;
      conf = answer;
      logicalDate = await askLogicalDate(client.major);
    }
    return startRun(target, conf, logicalDate);
  });

  register(RUNS_COMMANDS.triggerWithConf, async (uri?: vscode.Uri, options?: { logicalDate?: string | null; openOnly?: TriggerTarget }) => {
    // openOnly: open the conf editor for a target (what the input box's button does), for tests and menus.
    if (options?.openOnly) {
      const { env, client } = await tree.client(options.openOnly.envKey);
      const doc = await confDocs.open(options.openOnly, env.name, await client.dagParams(options.openOnly.dagId));
      return doc.uri;
    }
    const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
    const t = doc && confDocs.targetOf(doc.uri);
    if (!doc || !t) throw new UserFacingError('This document is not a run conf: use "Trigger DAG…" and its "Edit in editor" button to open one.');
    const conf = confDocs.confOf(doc);
    return startRun(t.target, conf, options?.logicalDate !== undefined ? options.logicalDate : await askLogicalDate((await tree.client(t.target.envKey)).client.major));
  });

  register(RUNS_COMMANDS.filterDags, async (arg?: unknown, text?: string) => {
    const envKey = await envKeyOf(arg, 'Filter the DAGs of');
    const value = typeof text === 'string' ? text : await vscode.window.showInputBox({
      title: 'Filter DAGs', prompt: 'Part of a DAG id (Airflow matches it anywhere in the id). Empty clears the filter.', value: tree.filterOf(envKey) ?? '',
    });
    if (value === undefined) return;
    tree.setFilter(envKey, value);
    await revealDags(envKey);
  });
  register(RUNS_COMMANDS.clearDagFilter, async (arg?: unknown) => tree.setFilter(await envKeyOf(arg, 'Clear the DAG filter of'), undefined));

  const revealDags = async (envKey: string) => {
    const node = tree.byId(nodeIds.dags(envKey));
    if (node && view.visible) await Promise.resolve(view.reveal(node as EnvNode, { expand: true, focus: false, select: false })).catch(() => undefined);
  };

  register(RUNS_COMMANDS.refreshDags, async (arg?: unknown) => {
    const envKey = await envKeyOf(arg, 'Refresh the DAGs of');
    tree.forget(envKey);
    await importErrors.refresh(envKey).catch((err: Error) => logger.warn(`import errors: ${err.message}`));
  });

  register(RUNS_COMMANDS.loadMore, async (arg: LoadMoreNode | string) => {
    // The node (its own command) or its id (tests, which see the tree as data).
    const node = typeof arg === 'string' ? tree.byId(arg) : arg;
    if (!node || node.kind !== 'loadMore') throw new UserFacingError('"Load more" works on the "Load more…" line of the MWAA tree.');
    await tree.loadMore(node);
  });

  const setPaused = (paused: boolean) => async (arg?: unknown) => {
    services.requireTrust();
    const target = await resolveTarget(triggerDeps, arg);
    const { client } = await tree.client(target.envKey);
    const dag = await client.setPaused(target.dagId, paused);
    tree.updateDag(target.envKey, dag);
    return dag.isPaused;
  };
  register(RUNS_COMMANDS.pauseDag, setPaused(true));
  register(RUNS_COMMANDS.unpauseDag, setPaused(false));

  register(RUNS_COMMANDS.clearTask, async (arg?: unknown, options?: { confirmed?: boolean; downstream?: boolean }) => {
    services.requireTrust();
    const ref = refOf<TaskLogRef>(arg, 'taskLog', ['envKey', 'dagId', 'runId', 'taskId']);
    const { env, client } = await tree.client(ref.envKey);
    if (!(testMode && options?.confirmed)) {
      const answer = await vscode.window.showWarningMessage(`Clear task ${ref.taskId} of run ${ref.runId} (${ref.dagId}) on ${env.name}?`, {
        modal: true, detail: 'Airflow runs the task again: its state is reset and the run goes back to queued.',
      }, 'Clear Task', 'Clear with Downstream');
      if (!answer) return false;
      options = { downstream: answer === 'Clear with Downstream' };
    }
    await client.clearTask(ref.dagId, ref.runId, [ref.taskId], { downstream: options?.downstream ?? false });
    await refreshRun(ref);
    return true;
  });

  const markRun = (state: 'success' | 'failed') => async (arg?: unknown, options?: { confirmed?: boolean }) => {
    services.requireTrust();
    const ref = refOf<RunLogRef>(arg, 'runLog', ['envKey', 'dagId', 'runId']);
    const { env, client } = await tree.client(ref.envKey);
    if (!(testMode && options?.confirmed)) {
      const label = state === 'success' ? 'Mark Success' : 'Mark Failed';
      const answer = await vscode.window.showWarningMessage(`Mark run ${ref.runId} of ${ref.dagId} on ${env.name} as ${state}?`, {
        modal: true, detail: state === 'failed' ? 'Running tasks are stopped and unfinished ones will not run.' : 'Unfinished tasks are set to success without running.',
      }, label);
      if (answer !== label) return undefined;
    }
    const run = await client.setRunState(ref.dagId, ref.runId, state);
    tree.applyRuns(ref.envKey, [run]);
    await refreshRun(ref);
    return run.state;
  };
  register(RUNS_COMMANDS.markRunSuccess, markRun('success'));
  register(RUNS_COMMANDS.markRunFailed, markRun('failed'));

  /** After an action: the run's tasks and state read again, and polling resumed. */
  const refreshRun = async (ref: RunLogRef) => {
    const { client } = await tree.client(ref.envKey);
    const run = (await client.listRuns([ref.dagId], { limit: 50 })).items.find((r) => r.runId === ref.runId);
    if (run) tree.applyRuns(ref.envKey, [run]);
    if (tree.runState(ref.envKey, ref.dagId, ref.runId)) tree.applyTasks(ref.envKey, ref, await client.listTaskInstances(ref.dagId, ref.runId));
    poller.kick(1000);
  };

  register(RUNS_COMMANDS.refreshImportErrors, async (arg?: unknown) => importErrors.refresh(await envKeyOf(arg, 'Check the import errors of')));

  // Test seams.
  register(RUNS_COMMANDS.runsTree, async (envKey: string, depth?: number) => {
    const env = await provider.nodeFor(envKey);
    if (!env) throw new Error(`environment ${envKey} is not in the tree`);
    return snapshotTree(provider, typeof depth === 'number' ? depth : 3, env, true) as Promise<TreeSnapshot[]>;
  });
  register(RUNS_COMMANDS.runsState, async (envKey?: string) => {
    const clientCalls = envKey ? (await tree.client(envKey)).client.calls : undefined;
    return {
      polling: poller.stats.polling, polls: poller.stats.polls, pollCalls: poller.stats.calls, lastPollCalls: poller.stats.lastPollCalls,
      clientCalls, notifications: notices.map((n) => ({ ...n })),
      // Followed runs as the tree last read them (no call): state and task states by count.
      followed: [...tree.shownRuns().entries()].flatMap(([k, runs]) => runs.filter((r) => r.followed).map((r) => ({
        envKey: k, dagId: r.run.dagId, runId: r.run.runId, state: r.run.state,
        taskStates: (r.tasks ?? []).reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.state ?? 'none']: (acc[t.state ?? 'none'] ?? 0) + 1 }), {}),
      }))),
    };
  });

  // Import errors are read with the DAGs: the first expansion of an environment's DAGs also fills Problems.
  subscriptions.push(view.onDidExpandElement((e) => {
    if (e.element.kind === 'dags' && !tree.remoteImportErrorsOf(e.element.envKey).errors) tree.wantImportErrors?.(e.element.envKey);
  }));

  return { dispose: () => subscriptions.forEach((s) => s.dispose()) };

  function notifyRunEnded(envKey: string, run: DagRun, tasks: readonly TaskInstance[]): RunEndNotice {
    const envName = (JSON.parse(envKey) as string[])[2] ?? envKey;
    const failed = tasks.filter((t) => t.state === 'failed');
    const names = failedTaskNames(tasks);
    const ok = run.state === 'success';
    const message = ok
      ? `${run.dagId} succeeded on ${envName} (${run.runId}).`
      : `${run.dagId} ${run.state} on ${envName} (${run.runId})${names.length ? `: failed task${names.length > 1 ? 's' : ''} ${names.join(', ')}` : ''}.`;
    const logAction = (t: TaskInstance, label: string) => ({ label, command: SHOW_TASK_LOGS, args: [{ envKey, dagId: t.dagId, runId: t.runId, taskId: t.taskId, tryNumber: t.tryNumber, mapIndex: t.mapIndex } satisfies TaskLogRef] });
    const actions = failed.length === 1 ? [logAction(failed[0]!, 'Show Logs')] : failed.slice(0, 3).map((t) => logAction(t, `Show Logs: ${taskLabel(t)}`));
    const show = ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(message, ...actions.map((a) => a.label)).then((picked) => {
      const a = actions.find((x) => x.label === picked);
      if (a) void vscode.commands.executeCommand(a.command, ...a.args);
    });
    return { envKey, dagId: run.dagId, runId: run.runId, state: run.state, failedTasks: names, message, actions };
  }
}

/** A log reference from a tree node (its `taskLog` / `runLog`) or given directly. */
function refOf<T>(arg: unknown, prop: 'taskLog' | 'runLog', keys: readonly string[]): T {
  const a = arg as Record<string, unknown> | undefined;
  const ref = (a && typeof a === 'object' && a[prop] && typeof a[prop] === 'object' ? a[prop] : a) as Record<string, unknown> | undefined;
  if (!ref || keys.some((k) => typeof ref[k] !== 'string')) {
    throw new UserFacingError(prop === 'taskLog' ? 'Pick a task instance in the MWAA tree (under a DAG run) first.' : 'Pick a DAG run in the MWAA tree first.');
  }
  return ref as T;
}
