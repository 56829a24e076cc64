/**
 * The messages between the DAG view's webview and the extension. What the webview sends is
 * untrusted (a script in a webview can post anything): each message is checked here for shape and
 * bounds, and the panel then checks the ids against what it showed before acting on them.
 */
import { isTaskId } from '../airflow/dagStructure';
import type { Placed } from './graphModel';
import type { ViewData, ViewUpdate } from './viewTypes';

/** A laid-out graph for one set of collapsed groups (sorted ids) of the view's structure. */
export interface LayoutReply {
  readonly structureKey: string;
  readonly collapsed: readonly string[];
  readonly placed?: Placed;
  /** Why there is no layout. */
  readonly error?: string;
}

export type HostMessage =
  | { readonly type: 'init'; readonly seq: number; readonly data: ViewData; readonly select?: string; readonly layout?: LayoutReply }
  | { readonly type: 'layout'; readonly layout: LayoutReply }
  | { readonly type: 'update'; readonly seq: number; readonly update: ViewUpdate }
  | { readonly type: 'select'; readonly taskId: string }
  | { readonly type: 'status'; readonly text: string; readonly busy: boolean };

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'painted'; readonly seq: number; readonly ms: number }
  | { readonly type: 'openTask'; readonly taskId: string }
  | { readonly type: 'openLog'; readonly runId: string; readonly taskId: string }
  | { readonly type: 'clearTask'; readonly runId: string; readonly taskId: string }
  | { readonly type: 'markRun'; readonly runId: string; readonly state: 'success' | 'failed' }
  | { readonly type: 'selectRun'; readonly runId: string }
  | { readonly type: 'layout'; readonly collapsed: readonly string[] }
  | { readonly type: 'loadMore' }
  | { readonly type: 'refresh' };

export type WebviewMessageType = WebviewMessage['type'];

const MAX_RUN_ID = 250;
/** As many groups as a structure keeps. */
const MAX_COLLAPSED = 1000;

/** A run id as Airflow makes them: printable, bounded, never a path trick. */
export function isRunId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_RUN_ID && !/[\u0000-\u001f\u007f]/.test(v) && v !== '.' && v !== '..' && !v.includes('/');
}

const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The message, checked; undefined for anything that is not exactly one of ours. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  // Extra keys would mean another shape than ours: refused rather than ignored.
  const only = (...keys: string[]) => Object.keys(m).every((k) => k === 'type' || keys.includes(k));
  switch (m.type) {
    case 'ready':
    case 'loadMore':
    case 'refresh':
      return only() ? { type: m.type } : undefined;
    case 'painted':
      return only('seq', 'ms') && isSeq(m.seq) && typeof m.ms === 'number' && Number.isFinite(m.ms) && m.ms >= 0 && m.ms < 3_600_000
        ? { type: 'painted', seq: m.seq, ms: m.ms } : undefined;
    case 'openTask':
      return only('taskId') && isTaskId(m.taskId) ? { type: 'openTask', taskId: m.taskId } : undefined;
    case 'openLog':
    case 'clearTask':
      return only('runId', 'taskId') && isRunId(m.runId) && isTaskId(m.taskId) ? { type: m.type, runId: m.runId, taskId: m.taskId } : undefined;
    case 'markRun':
      return only('runId', 'state') && isRunId(m.runId) && (m.state === 'success' || m.state === 'failed') ? { type: 'markRun', runId: m.runId, state: m.state } : undefined;
    case 'selectRun':
      return only('runId') && isRunId(m.runId) ? { type: 'selectRun', runId: m.runId } : undefined;
    case 'layout':
      return only('collapsed') && Array.isArray(m.collapsed) && m.collapsed.length <= MAX_COLLAPSED && m.collapsed.every(isTaskId)
        ? { type: 'layout', collapsed: [...new Set(m.collapsed as string[])].sort() } : undefined;
    default:
      return undefined;
  }
}
