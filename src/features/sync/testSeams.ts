/**
 * Test seams of DAG sync (registered only under the extension test runner): the queues' counts,
 * pending items, recent events and decorations, a wait for an event, and a folder sync's plan
 * without applying it. Asking any of them loads the engine, as a sync command would.
 */
import * as vscode from 'vscode';
import type { QueueCounts } from '../../core/sync/queueEvents';
import type { Services } from '../../services/services';
import type { SyncHandle } from './activation';
import type { FolderSyncPreview, RemoteOnlyChoice } from './folderSync';
import type { FileSyncStatus } from './syncDecorations';
import type { SyncHistoryEntry, SyncHistoryQuery } from './syncHistory';

export type { FolderSyncPreview, FolderSyncResult, RemoteOnlyChoice } from './folderSync';
export type { SyncHistoryEntry, SyncHistoryQuery } from './syncHistory';

export const SYNC_SEAMS = {
  /** `{uri?}` -> SyncStateSnapshot; `{waitFor}` -> the first matching SyncHistoryEntry (or undefined on timeout). */
  state: '_mwaa.syncState',
  /** `(folder, remoteOnly?)` -> FolderSyncPreview: the plan's counts, nothing applied. */
  folderPlan: '_mwaa.syncFolderPlan',
} as const;

export interface SyncStateQuery {
  /** Also report this file's decoration. */
  readonly uri?: vscode.Uri;
  readonly waitFor?: SyncHistoryQuery;
}

/** A visibility report as the seam describes it (which fields a result kind has is in core/sync/visibility.ts). */
export interface VisibilitySnapshot {
  readonly key: string;
  readonly envKey: string;
  readonly result: { readonly kind: string; readonly dagIds?: readonly string[]; readonly ms?: number; readonly message?: string };
}

export interface SyncStateSnapshot {
  /** What the status bar item shows once its coalescing timer fires (undefined: hidden). */
  readonly statusBar: string | undefined;
  readonly counts: QueueCounts;
  readonly pending: ReadonlyArray<{ readonly key: string; readonly file: string; readonly status: string; readonly lastError?: string }>;
  readonly history: readonly SyncHistoryEntry[];
  readonly visibility: readonly VisibilitySnapshot[];
  readonly decoration?: FileSyncStatus;
  /** The file's explorer (and tab) tooltip, with what Airflow made of its last upload. */
  readonly tooltip?: string;
}

export function registerSyncSeams(services: Services, handle: SyncHandle): void {
  const inspection = () => handle.engine.get().inspection;

  async function syncState(query?: SyncStateQuery): Promise<SyncStateSnapshot | SyncHistoryEntry | undefined> {
    const i = inspection();
    if (query?.waitFor) return i.history.waitFor(query.waitFor);
    const uri = query?.uri;
    return {
      statusBar: i.statusBarText() || undefined,
      counts: i.counts(),
      pending: i.pending(),
      history: i.history.entries,
      visibility: i.visibility,
      ...(uri instanceof vscode.Uri ? { decoration: await i.statusOf(uri).catch(() => undefined), tooltip: await i.tooltipOf(uri).catch(() => undefined) } : {}),
    };
  }

  function syncFolderPlan(folder?: unknown, remoteOnly?: RemoteOnlyChoice): Promise<FolderSyncPreview> {
    return inspection().folderPlan(folder, remoteOnly);
  }

  services.commands.registerTable({
    [SYNC_SEAMS.state]: syncState,
    [SYNC_SEAMS.folderPlan]: syncFolderPlan,
  });
}
