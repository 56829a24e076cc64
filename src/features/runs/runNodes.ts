/**
 * The runs part of the environments tree as plain data: under an environment, "DAGs" (paged,
 * filterable) and "Import errors"; under a DAG its runs; under a run its task instances. Nodes are
 * kept by id and updated in place, so a refresh of one node (a poll) reaches the element VS Code
 * holds.
 */
import type { Dag, DagRun, ImportError, TaskInstance } from '../../core/airflow/models';
import type { RunLogRef, TreeTaskLogRef } from '../../core/logs/taskLogRef';

interface Base {
  readonly id: string;
  readonly envKey: string;
  /** Id of the parent runs node; undefined for the two nodes directly under the environment. */
  readonly parentId?: string;
}

export interface DagsNode extends Base { readonly kind: 'dags' }
export interface ImportErrorsNode extends Base { readonly kind: 'importErrors' }
export interface DagNode extends Base { readonly kind: 'dag'; dag: Dag; lastRun?: DagRun }
export interface RunNode extends Base { readonly kind: 'run'; run: DagRun; readonly runLog: RunLogRef }
export interface TaskNode extends Base { readonly kind: 'task'; ti: TaskInstance; taskLog: TreeTaskLogRef }
export interface ImportErrorNode extends Base { readonly kind: 'importError'; error: ImportError }
export interface LoadMoreNode extends Base { readonly kind: 'loadMore'; readonly what: 'dags' | 'runs'; label: string; dagId?: string }
/** A problem or an empty listing, said in place. */
export interface RunsMessageNode extends Base { readonly kind: 'runsMessage'; label: string; tooltip?: string; icon: string; command?: { command: string; args: unknown[] } }

export type RunsNode = DagsNode | ImportErrorsNode | DagNode | RunNode | TaskNode | ImportErrorNode | LoadMoreNode | RunsMessageNode;

export const RUNS_NODE_KINDS: ReadonlySet<string> = new Set(['dags', 'importErrors', 'dag', 'run', 'task', 'importError', 'loadMore', 'runsMessage']);

export function isRunsNode(node: { kind: string }): node is RunsNode {
  return RUNS_NODE_KINDS.has(node.kind);
}

export const nodeIds = {
  dags: (envKey: string) => `dags:${envKey}`,
  importErrors: (envKey: string) => `importErrors:${envKey}`,
  dag: (envKey: string, dagId: string) => `dag:${envKey}:${dagId}`,
  run: (envKey: string, dagId: string, runId: string) => `run:${envKey}:${JSON.stringify([dagId, runId])}`,
  task: (envKey: string, t: TaskInstance) => `task:${envKey}:${JSON.stringify([t.dagId, t.runId, t.taskId, t.mapIndex])}`,
  importError: (envKey: string, e: ImportError) => `importError:${envKey}:${e.id}:${e.filename}`,
};
