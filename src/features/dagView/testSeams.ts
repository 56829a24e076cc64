/**
 * The DAG view's test seams (test mode only, from src/testSeams.ts): what each panel holds and
 * showed, and the webview's messages sent as the webview would (checked the same way).
 */
import { buildStructure, type RawTask } from '../../core/airflow/dagStructure';
import type { DagRun, TaskInstance } from '../../core/airflow/models';
import { parseWebviewMessage } from '../../core/dagView/messages';
import { DagViewModel } from '../../core/dagView/viewModel';
import type { ViewData } from '../../core/dagView/viewTypes';
import type { Services } from '../../services/services';
import type { DagViewHandle } from './activation';
import { panelKey } from './dagTargets';
import type { ActionResult } from './viewActions';

export const DAG_VIEW_SEAMS = {
  /** `(key?)` -> DagViewState[] (with `data` when a key is given). */
  state: '_mwaa.dagViewState',
  /** `(key, message)` -> the action's result, or `{ refused: true }` for a message that is not ours. */
  message: '_mwaa.dagViewMessage',
  /** `(key, seq?, timeoutMs?)` -> the webview's paint time (ms) once message `seq` is on screen. */
  painted: '_mwaa.dagViewPainted',
  /** `(SyntheticView)` -> key: a panel showing this data, as if Airflow had answered it (the bench). */
  showData: '_mwaa.dagViewShowData',
  /** `(key, runId, instances, full?)` -> seq: a poll's read applied (full: the whole view sent again). */
  applyRead: '_mwaa.dagViewApplyRead',
} as const;

/** What the bench hands `showData`: a task list and runs as the API would give them. */
export interface SyntheticView {
  readonly dagId: string;
  readonly tasks: readonly RawTask[];
  readonly runs: readonly DagRun[];
  readonly instances: readonly TaskInstance[];
}

export interface DagViewState {
  readonly key: string;
  readonly dagId: string;
  readonly envKey?: string;
  readonly file?: string;
  readonly visible: boolean;
  readonly source?: 'airflow' | 'local';
  readonly tasks: number;
  readonly groups: number;
  readonly runs: number;
  readonly runsTotal: number;
  readonly notices: readonly string[];
  readonly linked: number;
  readonly lastSeq: number;
  readonly painted: readonly { seq: number; ms: number }[];
  readonly actions: readonly { type: string; result: ActionResult }[];
  readonly refused: number;
  readonly follow?: { hubUpdates: number; ownReads: number; ownCalls: number };
  readonly lastError?: string;
  /** Task id -> 0-based line found in the local file. */
  readonly sources?: Record<string, number>;
  readonly data?: ViewData;
}

export function registerDagViewSeams(services: Services, handle: DagViewHandle): void {
  services.commands.registerTable({
    [DAG_VIEW_SEAMS.state]: (key?: string) => state(handle, key),
    [DAG_VIEW_SEAMS.message]: async (key: string, message: unknown) => {
      const panel = handle.part.get().panels.get(key);
      if (!panel) throw new Error(`no DAG view ${key}`);
      const m = parseWebviewMessage(message);
      return m ? panel.handle(m) : { refused: true };
    },
    [DAG_VIEW_SEAMS.showData]: async (data: SyntheticView) => {
      const part = handle.part.get();
      const target = { envKey: JSON.stringify(['bench', 'us-east-1', 'synthetic']), dagId: data.dagId };
      const view = () => {
        const structure = buildStructure(data.dagId, data.tasks);
        const model = new DagViewModel({ dagId: data.dagId, title: `${data.dagId} · synthetic`, source: 'airflow', tasks: structure.tasks, groups: structure.groups, linked: [], canAct: false, notices: [] });
        model.setRuns(data.runs, data.runs.length);
        model.applyRunsInstances(data.runs.map((r) => r.runId), data.instances, true);
        return { model, sources: new Map() };
      };
      return panelKey((await part.open(target, undefined, view)).target);
    },
    [DAG_VIEW_SEAMS.applyRead]: (key: string, runId: string, instances: TaskInstance[], full?: boolean) => {
      const panel = handle.part.get().panels.get(key);
      if (!panel) throw new Error(`no DAG view ${key}`);
      return panel.applyRead(runId, instances, full === true);
    },
    [DAG_VIEW_SEAMS.painted]: async (key: string, seq?: number, timeoutMs = 30_000) => {
      const panel = handle.part.get().panels.get(key);
      if (!panel) throw new Error(`no DAG view ${key}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`message ${seq ?? panel.lastSeq} was not painted within ${timeoutMs} ms`)), timeoutMs)));
      try {
        return await Promise.race([panel.whenPainted(seq ?? panel.lastSeq), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  });
}

function state(handle: DagViewHandle, key: string | undefined): DagViewState[] {
  const part = handle.part.loaded;
  if (!part) return [];
  return [...part.panels].filter(([k]) => key === undefined || k === key).map(([k, p]) => {
    const snap = p.model?.snapshot();
    return {
      key: k, dagId: p.target.dagId, ...(p.target.envKey ? { envKey: p.target.envKey } : {}), ...(p.target.file ? { file: p.target.file } : {}),
      visible: p.panel.visible, ...(snap ? { source: snap.source } : {}),
      tasks: snap?.tasks.length ?? 0, groups: snap?.groups.length ?? 0, runs: snap?.runs.length ?? 0, runsTotal: snap?.runsTotal ?? 0,
      notices: snap?.notices ?? [], linked: snap?.linked.length ?? 0, lastSeq: p.lastSeq,
      painted: p.events.painted.map(({ seq, ms }) => ({ seq, ms })), actions: [...p.events.actions], refused: p.events.refused,
      ...(p.followStats ? { follow: { ...p.followStats } } : {}), ...(p.lastError ? { lastError: p.lastError } : {}),
      ...(key !== undefined ? { sources: Object.fromEntries([...(p.sources ?? new Map())].map(([id, s]) => [id, s.line])), ...(snap ? { data: snap } : {}) } : {}),
    };
  });
}
