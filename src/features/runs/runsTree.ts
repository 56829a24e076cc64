/**
 * The runs tree's reading side: the nodes under each environment and their children, read from
 * the environment's Airflow when a node is expanded (the state and the updates are RunsCache's).
 */
import type { AirflowClient } from '../../core/airflow/airflowClient';
import type { Dag, DagRun, TaskInstance } from '../../core/airflow/models';
import { hasMore, nextOffset, withPage, type PagedList } from '../../core/airflow/pagedList';
import { importErrorCount, latestRunByDag, sortTasks } from '../../core/airflow/runsView';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { RunsCache } from './runsCache';
import { nodeIds, type DagNode, type DagsNode, type ImportErrorsNode, type LoadMoreNode, type RunNode, type RunsMessageNode, type RunsNode, type TaskNode } from './runNodes';

export const DAG_PAGE = 100;
export const RUN_PAGE = 10;

/** Where the tree gets environments and their Airflow clients (services.environments). */
export interface RunsSource {
  environment(key: string): Promise<MwaaEnvironment>;
  airflow(env: MwaaEnvironment): AirflowClient;
}

export class RunsTree extends RunsCache {
  /** Asked to fetch an environment's import errors when their node is opened before any fetch. */
  wantImportErrors: ((envKey: string) => void) | undefined;

  constructor(private readonly source: () => RunsSource, private readonly logger: Logger) {
    super();
  }

  /** The two nodes under a usable environment. */
  environmentChildren(envKey: string): RunsNode[] {
    return [this.node<DagsNode>({ kind: 'dags', id: nodeIds.dags(envKey), envKey }), this.node<ImportErrorsNode>({ kind: 'importErrors', id: nodeIds.importErrors(envKey), envKey })];
  }

  async client(envKey: string): Promise<{ env: MwaaEnvironment; client: AirflowClient }> {
    const src = this.source();
    const env = await src.environment(envKey);
    return { env, client: src.airflow(env) };
  }

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

  /** Reads a page of DAGs (offset 0 starts over) and the latest run of each in one batch call. */
  async loadDags(envKey: string, offset: number): Promise<PagedList<Dag>> {
    const s = this.env(envKey);
    const epoch = s.dagsEpoch;
    const { client } = await this.client(envKey);
    const page = await client.listDags({ limit: DAG_PAGE, offset, pattern: s.filter });
    // The filter changed (or a refresh reset the list) while this page was read: read again.
    if (s.dagsEpoch !== epoch) return this.loadDags(envKey, 0);
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
    const { errors, inWorkspace, error } = this.remoteImportErrorsOf(node.envKey);
    if (error) return [this.message(node, 'error', `Could not read import errors: ${firstLine(error)}`, error, 'error')];
    if (!errors) {
      this.wantImportErrors?.(node.envKey);
      return [this.message(node, 'pending', 'Checking…', undefined, 'loading~spin')];
    }
    if (!errors.length) {
      const label = inWorkspace ? `No others: ${importErrorCount(inWorkspace)} in this workspace, in the Problems panel` : 'No import errors';
      return [this.message(node, 'none', label, 'Import errors in files of a bound folder are in the Problems panel, on the line of their stack trace.', inWorkspace ? 'info' : 'pass')];
    }
    return errors.map((e) => this.node({ kind: 'importError', id: nodeIds.importError(node.envKey, e), envKey: node.envKey, parentId: node.id, error: e }));
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
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 160);
}
