/**
 * What the runs tree has read from each environment's Airflow (DAG pages with their filter, runs
 * per DAG, task instances per run), the node objects built from it, and the updates a poll or an
 * action brings: each says which node changed, and a followed run's end is told once.
 */
import * as vscode from 'vscode';
import type { Dag, DagRun, ImportError, TaskInstance } from '../../core/airflow/models';
import type { PagedList } from '../../core/airflow/pagedList';
import { endedRuns, runStateFromTasks } from '../../core/airflow/runsPolling';
import { nodeIds, type DagNode, type RunNode, type RunsNode } from './runNodes';

export interface EnvState {
  filter?: string;
  dags?: PagedList<Dag>;
  /** Bumped whenever `dags` is reset (a filter, a refresh): a read begun before is stale. */
  dagsEpoch?: number;
  lastRuns: Map<string, DagRun>;
  /** Import errors whose file is not in the workspace (set by the diagnostics side). */
  remoteImportErrors?: readonly ImportError[];
  /** How many of the environment's import errors are in files of a bound folder (in Problems). */
  workspaceImportErrors?: number;
  importErrorsError?: string;
}

export interface RunState {
  run: DagRun;
  tasks?: TaskInstance[];
  open: boolean;
  followed: boolean;
}

/** A run as the tree shows or follows it. */
export interface ShownRun {
  run: DagRun;
  open: boolean;
  followed: boolean;
  tasks?: readonly TaskInstance[];
}

export class RunsCache implements vscode.Disposable {
  protected readonly emitter = new vscode.EventEmitter<RunsNode | undefined>();
  /** A node (or, with undefined, the whole tree) to render again. */
  readonly onDidChange = this.emitter.event;
  protected readonly ended = new vscode.EventEmitter<{ envKey: string; run: DagRun; tasks: readonly TaskInstance[] }>();
  /** A followed run reached a final state, whichever read saw it (a poll, an expansion, an action). */
  readonly onDidEndFollowedRun = this.ended.event;
  protected readonly envs = new Map<string, EnvState>();
  protected readonly runsByDag = new Map<string, PagedList<DagRun>>();
  protected readonly runs = new Map<string, RunState>();
  protected readonly nodes = new Map<string, RunsNode>();
  protected readonly expandedDags = new Set<string>();

  /** The same object for the same id, with its data refreshed: VS Code matches elements by identity. */
  protected node<T extends RunsNode>(fresh: T): T {
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

  protected fire(node: RunsNode | undefined): void {
    this.emitter.fire(node);
  }

  filterOf(envKey: string): string | undefined {
    return this.envs.get(envKey)?.filter;
  }

  dagsOf(envKey: string): PagedList<Dag> | undefined {
    return this.envs.get(envKey)?.dags;
  }

  remoteImportErrorsOf(envKey: string): { errors?: readonly ImportError[]; inWorkspace?: number; error?: string } {
    const s = this.envs.get(envKey);
    return { errors: s?.remoteImportErrors, inWorkspace: s?.workspaceImportErrors, error: s?.importErrorsError };
  }

  protected env(envKey: string): EnvState {
    let s = this.envs.get(envKey);
    if (!s) this.envs.set(envKey, (s = { lastRuns: new Map() }));
    return s;
  }

  dagNode(envKey: string, dag: Dag): DagNode {
    return this.node<DagNode>({ kind: 'dag', id: nodeIds.dag(envKey, dag.dagId), envKey, parentId: nodeIds.dags(envKey), dag, lastRun: this.env(envKey).lastRuns.get(dag.dagId) });
  }

  runNode(envKey: string, run: DagRun): RunNode {
    return this.node<RunNode>({
      kind: 'run', id: nodeIds.run(envKey, run.dagId, run.runId), envKey, parentId: nodeIds.dag(envKey, run.dagId), run,
      runLog: { envKey, dagId: run.dagId, runId: run.runId },
    });
  }

  protected rememberRun(envKey: string, run: DagRun): RunState {
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

  // ---- updates ---------------------------------------------------------------------------

  setFilter(envKey: string, filter: string | undefined): void {
    const s = this.env(envKey);
    s.filter = filter?.trim() || undefined;
    s.dags = undefined;
    s.dagsEpoch = (s.dagsEpoch ?? 0) + 1;
    this.fire(this.nodes.get(nodeIds.dags(envKey)));
  }

  /** The errors outside the workspace, and how many the Problems panel has (in bound folders). */
  setRemoteImportErrors(envKey: string, errors: readonly ImportError[] | undefined, error?: string, inWorkspace?: number): void {
    const s = this.env(envKey);
    s.remoteImportErrors = errors;
    s.workspaceImportErrors = inWorkspace;
    s.importErrorsError = error;
    this.fire(this.nodes.get(nodeIds.importErrors(envKey)));
  }

  /** Forgets what was read for an environment (or all), so the next expansion reads again. */
  forget(envKey?: string): void {
    const match = (id: string) => envKey === undefined || id.includes(`:${envKey}`);
    for (const [k, s] of this.envs) if (envKey === undefined || k === envKey) Object.assign(s, { dags: undefined, dagsEpoch: (s.dagsEpoch ?? 0) + 1, lastRuns: new Map() });
    for (const k of [...this.runsByDag.keys()]) if (match(k)) this.runsByDag.delete(k);
    for (const [k, s] of this.runs) if (match(k)) s.tasks = undefined;
    this.fire(envKey ? this.nodes.get(nodeIds.dags(envKey)) : undefined);
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

  /** Applies fresh run states (a followed run's end is noticed here). */
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
  shownRuns(): Map<string, ShownRun[]> {
    const out = new Map<string, ShownRun[]>();
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
