/**
 * The runs tree's data: what has been read from each environment's Airflow (DAG pages with their
 * filter, runs per DAG, task instances per run) and the node objects built from it. Reads happen
 * when a node is expanded; a poll or an action updates the cache and says which nodes changed.
 */
import * as vscode from 'vscode';
import type { AirflowClient } from '../../core/airflow/airflowClient';
import type { Dag, DagRun, ImportError, TaskInstance } from '../../core/airflow/models';
import { hasMore, nextOffset, withPage, type PagedList } from '../../core/airflow/pagedList';
import { endedRuns, runStateFromTasks } from '../../core/airflow/runsPolling';
import { latestRunByDag, sortTasks } from '../../core/airflow/runsView';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { nodeIds, type DagNode, type DagsNode, type ImportErrorsNode, type LoadMoreNode, type RunNode, type RunsMessageNode, type RunsNode, type TaskNode } from './runNodes';

export const DAG_PAGE = 100;
export const RUN_PAGE = 10;

/** Where the tree gets environments and their Airflow clients (the explorer's services). */
export interface RunsSource {
  environment(key: string): Promise<MwaaEnvironment>;
  airflow(env: MwaaEnvironment): AirflowClient;
}

interface EnvState {
  filter?: string;
  dags?: PagedList<Dag>;
  lastRuns: Map<string, DagRun>;
  /** Import errors whose file is not in the workspace (set by the diagnostics side). */
  remoteImportErrors?: readonly ImportError[];
  importErrorsError?: string;
}

interface RunState {
  run: DagRun;
  tasks?: TaskInstance[];
  open: boolean;
  followed: boolean;
}

export class RunsTree implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunsNode | undefined>();
  /** A node (or, with undefined, the whole tree) to render again. */
  readonly onDidChange = this.emitter.event;
  private readonly ended = new vscode.EventEmitter<{ envKey: string; run: DagRun; tasks: readonly TaskInstance[] }>();
  /** A followed run reached a final state, whichever read saw it (a poll, an expansion, an action). */
  readonly onDidEndFollowedRun = this.ended.event;
  private readonly envs = new Map<string, EnvState>();
  private readonly runsByDag = new Map<string, PagedList<DagRun>>();
  private readonly runs = new Map<string, RunState>();
  private readonly nodes = new Map<string, RunsNode>();
  private readonly expandedDags = new Set<string>();

  /** Asked to fetch an environment's import errors when their node is opened before any fetch. */
  wantImportErrors: ((envKey: string) => void) | undefined;

  constructor(private readonly source: () => RunsSource, private readonly logger: Logger) {}

  // ---- nodes -----------------------------------------------------------------------------

  /** The same object for the same id, with its data refreshed: VS Code matches elements by identity. */
  private node<T extends RunsNode>(fresh: T): T {
    const existing = this.nodes.get(fresh.id);
    if (existing && existing.kind === fresh.kind) {
      Object.assign(existing, fresh);
      return existing as T;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  byId(id: string): RunsNode | undefined {
    return this.nodes.get(id);
  }

  parentOf(node: RunsNode): RunsNode | undefined {
    return node.parentId ? this.nodes.get(node.parentId) : undefined;
  }

  private fire(node: RunsNode | undefined): void {
    this.emitter.fire(node);
  }

  /** The two nodes under a usable environment. */
  environmentChildren(envKey: string): RunsNode[] {
    return [this.node<DagsNode>({ kind: 'dags', id: nodeIds.dags(envKey), envKey }), this.node<ImportErrorsNode>({ kind: 'importErrors', id: nodeIds.importErrors(envKey), envKey })];
  }

  filterOf(envKey: string): string | undefined {
    return this.envs.get(envKey)?.filter;
  }

  dagsOf(envKey: string): PagedList<Dag> | undefined {
    return this.envs.get(envKey)?.dags;
  }

  remoteImportErrorsOf(envKey: string): { errors?: readonly ImportError[]; error?: string } {
    const s = this.envs.get(envKey);
    return { errors: s?.remoteImportErrors, error: s?.importErrorsError };
  }

  private env(envKey: string): EnvState {
    let s = this.envs.get(envKey);
    if (!s) this.envs.set(envKey, (s = { lastRuns: new Map() }));
    return s;
  }

  async client(envKey: string): Promise<{ env: MwaaEnvironment; client: AirflowClient }> {
    const src = this.source();
    const env = await src.environment(envKey);
    return { env, client: src.airflow(env) };
  }

  // ---- children --------------------------------------------------------------------------

  async children(node: RunsNode): Promise<RunsNode[]> {
    try {
      switch (node.kind) {
        case 'dags':
          return await this.dagChildren(node);
        case 'dag':
          this.expandedDags.add(node.id);
          return await this.runChildren(node);
        case 'run':
          return await this.taskChildren(node);
        case 'importErrors':
          return this.importErrorChildren(node);
        default:
          return [];
      }
    } catch (err) {
      this.logger.warn(`runs tree: ${node.id}: ${describeError(err)}`);
      return [this.message(node, 'error', `Could not read from Airflow: ${firstLine(describeError(err))}`, describeError(err), 'error')];
    }
  }

  private message(parent: RunsNode, suffix: string, label: string, tooltip: string | undefined, icon: string, command?: RunsMessageNode['command']): RunsMessageNode {
    return this.node<RunsMessageNode>({ kind: 'runsMessage', id: `${parent.id}:${suffix}`, envKey: parent.envKey, parentId: parent.id, label, tooltip, icon, command });
  }

  private async dagChildren(node: DagsNode): Promise<RunsNode[]> {
    const s = this.env(node.envKey);
    // What this call read (a refresh or a filter may reset the cache meanwhile).
    // Not re-rendered after this read (to show a count, say): refreshing a node whose children the
    // workbench is expanding loses that expansion ("No tree item with id …").
    const dags = s.dags ?? (await this.loadDags(node.envKey, 0));
    const out: RunsNode[] = dags.items.map((dag) => this.dagNode(node.envKey, dag));
    if (!dags.items.length) {
      out.push(this.message(node, 'empty', s.filter ? `No DAG matches "${s.filter}"` : 'No DAGs yet', s.filter ? 'Clear the filter to see every DAG.' : 'Upload DAG files to the environment\'s DAGs folder.', 'info',
        s.filter ? { command: 'mwaa.clearDagFilter', args: [node.envKey] } : undefined));
    }
    if (hasMore(dags)) {
      out.push(this.node<LoadMoreNode>({ kind: 'loadMore', id: `${node.id}:more`, envKey: node.envKey, parentId: node.id, what: 'dags', label: `Load more… (${dags.items.length} of ${dags.total})` }));
    }
    return out;
  }

  dagNode(envKey: string, dag: Dag): DagNode {
    return this.node<DagNode>({ kind: 'dag', id: nodeIds.dag(envKey, dag.dagId), envKey, parentId: nodeIds.dags(envKey), dag, lastRun: this.env(envKey).lastRuns.get(dag.dagId) });
  }

  /** Reads a page of DAGs (offset 0 starts over) and the latest run of each in one batch call. */
  async loadDags(envKey: string, offset: number): Promise<PagedList<Dag>> {
    const s = this.env(envKey);
    const { client } = await this.client(envKey);
    const page = await client.listDags({ limit: DAG_PAGE, offset, pattern: s.filter });
    const dags = withPage(offset === 0 ? undefined : s.dags, offset, page, (d) => d.dagId);
    s.dags = dags;
    if (page.items.length) {
      // Newest runs of the page's DAGs: the latest of each that appears (one call for 100 DAGs).
      const runs = await client.listRuns(page.items.map((d) => d.dagId), { limit: 100 }).catch((err: Error) => {
        this.logger.warn(`latest runs of ${page.items.length} DAGs: ${err.message}`);
        return undefined;
      });
      for (const [dagId, run] of latestRunByDag(runs?.items ?? [])) s.lastRuns.set(dagId, run);
    }
    return dags;
  }

  private async runChildren(node: DagNode): Promise<RunsNode[]> {
    let runs = this.runsByDag.get(node.id);
    if (!runs) runs = await this.loadRuns(node.envKey, node.dag.dagId, 0);
    // The freshest state known of each run (a poll may have read it since the listing).
    const out: RunsNode[] = runs.items.map((r) => this.runNode(node.envKey, this.runs.get(nodeIds.run(node.envKey, r.dagId, r.runId))?.run ?? r));
    if (!runs.items.length) out.push(this.message(node, 'empty', 'No runs yet', 'Trigger the DAG to start one.', 'info'));
    if (hasMore(runs)) out.push(this.node<LoadMoreNode>({ kind: 'loadMore', id: `${node.id}:more`, envKey: node.envKey, parentId: node.id, what: 'runs', dagId: node.dag.dagId, label: `Load more… (${runs.items.length} of ${runs.total})` }));
    return out;
  }

  async loadRuns(envKey: string, dagId: string, offset: number): Promise<PagedList<DagRun>> {
    const { client } = await this.client(envKey);
    const id = nodeIds.dag(envKey, dagId);
    const page = await client.listRuns([dagId], { limit: RUN_PAGE, offset });
    const runs = withPage(offset === 0 ? undefined : this.runsByDag.get(id), offset, page, (r) => r.runId);
    this.runsByDag.set(id, runs);
    for (const r of page.items) this.rememberRun(envKey, r);
    if (offset === 0 && page.items[0]) this.env(envKey).lastRuns.set(dagId, page.items[0]);
    return runs;
  }

  runNode(envKey: string, run: DagRun): RunNode {
    return this.node<RunNode>({
      kind: 'run', id: nodeIds.run(envKey, run.dagId, run.runId), envKey, parentId: nodeIds.dag(envKey, run.dagId), run,
      runLog: { envKey, dagId: run.dagId, runId: run.runId },
    });
  }

  private rememberRun(envKey: string, run: DagRun): RunState {
    const id = nodeIds.run(envKey, run.dagId, run.runId);
    const s = this.runs.get(id);
    if (s) {
      this.noteEnd(envKey, s, run);
      s.run = run;
      return s;
    }
    const fresh: RunState = { run, open: false, followed: false };
    this.runs.set(id, fresh);
    return fresh;
  }

  private async taskChildren(node: RunNode): Promise<RunsNode[]> {
    const s = this.rememberRun(node.envKey, node.run);
    s.open = true;
    if (!s.tasks) {
      const { client } = await this.client(node.envKey);
      s.tasks = await client.listTaskInstances(node.run.dagId, node.run.runId);
    }
    if (!s.tasks.length) return [this.message(node, 'empty', 'No task instances yet', 'The scheduler creates them when the run starts.', 'clock')];
    return sortTasks(s.tasks).map((ti) => this.taskNode(node.envKey, node.id, ti));
  }

  private taskNode(envKey: string, parentId: string, ti: TaskInstance): TaskNode {
    return this.node<TaskNode>({
      kind: 'task', id: nodeIds.task(envKey, ti), envKey, parentId, ti,
      taskLog: { envKey, dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, tryNumber: ti.tryNumber, mapIndex: ti.mapIndex },
    });
  }

  private importErrorChildren(node: ImportErrorsNode): RunsNode[] {
    const { errors, error } = this.remoteImportErrorsOf(node.envKey);
    if (error) return [this.message(node, 'error', `Could not read import errors: ${firstLine(error)}`, error, 'error')];
    if (!errors) {
      this.wantImportErrors?.(node.envKey);
      return [this.message(node, 'pending', 'Checking…', undefined, 'loading~spin')];
    }
    if (!errors.length) return [this.message(node, 'none', 'No import errors outside this workspace', 'Import errors in files of a bound folder are in the Problems panel.', 'pass')];
    return errors.map((e) => this.node({ kind: 'importError', id: nodeIds.importError(node.envKey, e), envKey: node.envKey, parentId: node.id, error: e }));
  }

  // ---- updates ---------------------------------------------------------------------------

  setFilter(envKey: string, filter: string | undefined): void {
    const s = this.env(envKey);
    s.filter = filter?.trim() || undefined;
    s.dags = undefined;
    this.fire(this.nodes.get(nodeIds.dags(envKey)));
  }

  setRemoteImportErrors(envKey: string, errors: readonly ImportError[] | undefined, error?: string): void {
    const s = this.env(envKey);
    s.remoteImportErrors = errors;
    s.importErrorsError = error;
    this.fire(this.nodes.get(nodeIds.importErrors(envKey)));
  }

  /** Forgets what was read for an environment (or all), so the next expansion reads again. */
  forget(envKey?: string): void {
    const match = (id: string) => envKey === undefined || id.includes(`:${envKey}`);
    for (const [k, s] of this.envs) if (envKey === undefined || k === envKey) Object.assign(s, { dags: undefined, lastRuns: new Map() });
    for (const k of [...this.runsByDag.keys()]) if (match(k)) this.runsByDag.delete(k);
    for (const [k, s] of this.runs) if (match(k)) s.tasks = undefined;
    this.fire(envKey ? this.nodes.get(nodeIds.dags(envKey)) : undefined);
  }

  async loadMore(node: LoadMoreNode): Promise<void> {
    if (node.what === 'dags') {
      await this.loadDags(node.envKey, nextOffset(this.env(node.envKey).dags));
      this.fire(this.nodes.get(nodeIds.dags(node.envKey)));
    } else if (node.dagId) {
      await this.loadRuns(node.envKey, node.dagId, nextOffset(this.runsByDag.get(nodeIds.dag(node.envKey, node.dagId))));
      this.fire(this.nodes.get(nodeIds.dag(node.envKey, node.dagId)));
    }
  }

  /** A new run (just triggered): first in its DAG's list, followed for its end. */
  addRun(envKey: string, run: DagRun, follow: boolean): RunNode {
    const id = nodeIds.dag(envKey, run.dagId);
    const runs = this.runsByDag.get(id);
    if (runs) this.runsByDag.set(id, { items: [run, ...runs.items.filter((r) => r.runId !== run.runId)], total: runs.total + 1 });
    const s = this.rememberRun(envKey, run);
    s.followed ||= follow;
    s.open = true;
    this.env(envKey).lastRuns.set(run.dagId, run);
    const dag = this.nodes.get(id);
    if (dag) this.fire(dag);
    return this.runNode(envKey, run);
  }

  updateDag(envKey: string, dag: Dag): void {
    const s = this.env(envKey);
    if (s.dags) s.dags = { ...s.dags, items: s.dags.items.map((d) => (d.dagId === dag.dagId ? dag : d)) };
    const node = this.nodes.get(nodeIds.dag(envKey, dag.dagId));
    if (node?.kind === 'dag') {
      node.dag = dag;
      this.fire(node);
    }
  }

  /** Applies fresh run states; returns the run states before, for end detection. */
  applyRuns(envKey: string, runs: readonly DagRun[]): void {
    for (const run of runs) {
      const id = nodeIds.run(envKey, run.dagId, run.runId);
      const known = this.runs.get(id);
      if (!known) continue;
      const changed = known.run.state !== run.state || known.run.endDate !== run.endDate;
      this.noteEnd(envKey, known, run);
      known.run = run;
      const dagId = nodeIds.dag(envKey, run.dagId);
      const list = this.runsByDag.get(dagId);
      if (list) this.runsByDag.set(dagId, { ...list, items: list.items.map((r) => (r.runId === run.runId ? run : r)) });
      const last = this.env(envKey).lastRuns.get(run.dagId);
      if (last?.runId === run.runId) this.env(envKey).lastRuns.set(run.dagId, run);
      const node = this.nodes.get(id);
      if (node?.kind === 'run') {
        node.run = run;
        if (changed) this.fire(node);
      }
      const dagNode = this.nodes.get(dagId);
      if (changed && dagNode?.kind === 'dag' && last?.runId === run.runId) {
        dagNode.lastRun = run;
        this.fire(dagNode);
      }
    }
  }

  applyTasks(envKey: string, runKey: { dagId: string; runId: string }, tasks: TaskInstance[]): void {
    const id = nodeIds.run(envKey, runKey.dagId, runKey.runId);
    const s = this.runs.get(id);
    if (!s) return;
    const before = JSON.stringify([s.run.state, s.tasks]);
    s.tasks = tasks;
    s.run = runStateFromTasks(s.run, tasks);
    if (JSON.stringify([s.run.state, tasks]) === before) return;
    const node = this.nodes.get(id);
    if (node?.kind === 'run') {
      node.run = s.run;
      this.fire(node);
    }
    const env = this.env(envKey);
    if (env.lastRuns.get(runKey.dagId)?.runId === runKey.runId) env.lastRuns.set(runKey.dagId, s.run);
  }

  /** A followed run seen unfinished, now finished: told once, then no longer followed. */
  private noteEnd(envKey: string, known: RunState, next: DagRun): void {
    if (!known.followed || !endedRuns([known.run], [next]).length) return;
    known.followed = false;
    this.ended.fire({ envKey, run: next, tasks: known.tasks ?? [] });
  }

  setCollapsed(node: RunsNode): void {
    if (node.kind === 'run') {
      const s = this.runs.get(node.id);
      if (s) s.open = false;
    } else if (node.kind === 'dag') this.expandedDags.delete(node.id);
  }

  setExpanded(node: RunsNode): void {
    if (node.kind === 'run') {
      const s = this.runs.get(node.id);
      if (s) s.open = true;
    } else if (node.kind === 'dag') this.expandedDags.add(node.id);
  }

  /** Every run the tree shows (under an expanded DAG) or follows, by environment. */
  shownRuns(): Map<string, { run: DagRun; open: boolean; followed: boolean; tasks?: readonly TaskInstance[] }[]> {
    const out = new Map<string, { run: DagRun; open: boolean; followed: boolean; tasks?: readonly TaskInstance[] }[]>();
    for (const [id, s] of this.runs) {
      const envKey = envKeyOfRunId(id);
      const underOpenDag = this.expandedDags.has(nodeIds.dag(envKey, s.run.dagId));
      if (!underOpenDag && !s.followed) continue;
      out.set(envKey, [...(out.get(envKey) ?? []), { run: s.run, open: s.open || s.followed, followed: s.followed, tasks: s.tasks }]);
    }
    return out;
  }

  runState(envKey: string, dagId: string, runId: string): { run: DagRun; tasks?: TaskInstance[]; followed: boolean } | undefined {
    return this.runs.get(nodeIds.run(envKey, dagId, runId));
  }

  dispose(): void {
    this.emitter.dispose();
    this.ended.dispose();
  }
}

function envKeyOfRunId(id: string): string {
  // run:<envKey>:<json [dagId, runId]>; the env key is itself JSON ending in "]".
  const rest = id.slice('run:'.length);
  return rest.slice(0, rest.indexOf(']:') + 1);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 160);
}
