/**
 * The runs feature's lazily loaded part (the `runs` bundle): the runs tree under each environment,
 * its polling, the trigger / pause / clear / mark commands, import-error diagnostics and run-end
 * notifications. Activation (activation.ts) registers the command ids, a contributor to the
 * environments tree that loads this part on its first call, and the DAG CodeLenses.
 */
import type * as vscode from 'vscode';
import type { CommandTable } from '../../host/commands';
import type { EnvironmentChildrenContributor, TreeNode } from '../../services/environmentTree';
import type { Services } from '../../services/services';
import { ConfDocuments } from './confDocuments';
import { ImportErrorDiagnostics } from './importErrorDiagnostics';
import { RunEndNotices, type RunEndNotice } from './runEndNotices';
import { isRunsNode } from './runNodes';
import { runsCommands } from './runsCommands';
import type { RunsContext } from './runsContext';
import { RunsContributor } from './runsContributor';
import { RunsPoller } from './runsPoller';
import { RunsTree } from './runsTree';

/** Polling and notifications as of now (the `_mwaa.runsState` test seam). */
export interface RunsState {
  readonly polling: boolean;
  readonly polls: number;
  readonly pollCalls: number;
  readonly lastPollCalls: number;
  /** Airflow API calls of the environment's client so far, when an environment was named. */
  readonly clientCalls?: number;
  readonly notifications: RunEndNotice[];
  /** Followed runs as the tree last read them (no call): state and task states by count. */
  readonly followed: { envKey: string; dagId: string; runId: string; state: string; taskStates: Record<string, number> }[];
}

export interface RunsPart extends vscode.Disposable {
  readonly commands: CommandTable;
  readonly contributor: EnvironmentChildrenContributor;
  state(envKey?: string): Promise<RunsState>;
}

export function createRuns(services: Services): RunsPart {
  const { logger } = services;
  const { view } = services.environmentTree.host;
  const tree = new RunsTree(() => ({ environment: (key) => services.environments.environment(key), airflow: (env) => services.environments.airflow(env) }), logger);
  const importErrors = new ImportErrorDiagnostics(tree, services.bindings, logger);
  const poller = new RunsPoller({
    tree, logger, visible: () => view.visible, intervalMs: () => services.settings.runsPollSeconds() * 1000, publish: (u) => services.runUpdates.publish(u),
  });
  const ends = new RunEndNotices(tree, services.notify, logger);
  tree.wantImportErrors = (envKey) => void importErrors.refresh(envKey).catch((err: Error) => logger.warn(`import errors: ${err.message}`));
  const ctx: RunsContext = {
    services, tree, poller, importErrors,
    confDocs: new ConfDocuments(),
    trigger: { tree, pickEnvironment: (arg, purpose) => services.environments.pickEnvironment(arg, purpose), requireTrust: () => services.trust.require() },
  };
  const subscriptions: vscode.Disposable[] = [
    tree, importErrors, ctx.confDocs, poller,
    ...followView(view, ctx),
    // Anything read anew (an expansion, a poll) may show something unfinished.
    tree.onDidChange(() => poller.kick()),
    tree.onDidEndFollowedRun(({ envKey, run, tasks }) => void ends.runEnded(envKey, run, tasks)),
  ];
  return {
    commands: runsCommands(ctx),
    contributor: new RunsContributor(tree),
    state: (envKey) => runsState(ctx, ends, envKey),
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}

/** Expansions drive what is polled; import errors are read with the DAGs' first expansion. */
function followView(view: vscode.TreeView<TreeNode>, { tree, poller }: RunsContext): vscode.Disposable[] {
  return [
    view.onDidExpandElement((e) => {
      if (!isRunsNode(e.element)) return;
      tree.setExpanded(e.element);
      poller.kick();
    }),
    view.onDidCollapseElement((e) => isRunsNode(e.element) && tree.setCollapsed(e.element)),
    view.onDidChangeVisibility(() => poller.kick()),
    // The first expansion of an environment's DAGs also fills Problems.
    view.onDidExpandElement((e) => {
      if (isRunsNode(e.element) && e.element.kind === 'dags' && !tree.remoteImportErrorsOf(e.element.envKey).errors) tree.wantImportErrors?.(e.element.envKey);
    }),
  ];
}

async function runsState({ tree, poller }: RunsContext, ends: RunEndNotices, envKey: string | undefined): Promise<RunsState> {
  const clientCalls = envKey ? (await tree.client(envKey)).client.calls : undefined;
  return {
    polling: poller.stats.polling, polls: poller.stats.polls, pollCalls: poller.stats.calls, lastPollCalls: poller.stats.lastPollCalls,
    clientCalls, notifications: ends.shown.map((n) => ({ ...n })),
    followed: [...tree.shownRuns().entries()].flatMap(([k, runs]) => runs.filter((r) => r.followed).map((r) => ({
      envKey: k, dagId: r.run.dagId, runId: r.run.runId, state: r.run.state,
      taskStates: (r.tasks ?? []).reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.state ?? 'none']: (acc[t.state ?? 'none'] ?? 0) + 1 }), {}),
    }))),
  };
}
