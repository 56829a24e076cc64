/**
 * What the editor does when an upload queue reports: the history and status bar follow every
 * event, the file's badge repaints, and conflicts, pauses and final failures are told to the
 * user. An uploaded DAG is followed into Airflow when the folder's settings ask for it.
 */
import * as vscode from 'vscode';
import { relativePathOfKey } from '../../core/sync/dagKeys';
import type { QueueEvent } from '../../core/sync/queueEvents';
import type { SyncSession, SyncSessions } from '../../core/sync/syncSessions';
import { COMMANDS } from '../../host/commandIds';
import type { Services } from '../../services/services';
import type { ConflictPrompts } from './conflicts';
import { localFileOf } from './fileStatus';
import type { SyncDecorations } from './syncDecorations';
import type { SyncHistory } from './syncHistory';
import type { SyncStatusBar } from './syncStatusBar';
import type { VisibilityTracker } from './visibilityTracking';

export interface QueueReactionParts {
  readonly services: Pick<Services, 'notify' | 'settings'>;
  readonly sessions: SyncSessions;
  readonly history: SyncHistory;
  readonly statusBar: SyncStatusBar;
  readonly decorations: SyncDecorations;
  readonly conflicts: ConflictPrompts;
  readonly tracker: VisibilityTracker;
  readonly onError: (err: unknown) => void;
}

type EventOf<T extends QueueEvent['type']> = Extract<QueueEvent, { type: T }>;

export class QueueReactions {
  constructor(private readonly parts: QueueReactionParts) {}

  /** The sessions' event listener. */
  readonly onEvent = (s: SyncSession, e: QueueEvent): void => {
    const key = 'key' in e ? e.key : undefined;
    const file = key ? localFileOf(s, key) : undefined;
    this.parts.history.record({ type: e.type, ...(key ? { key } : {}), ...(file ? { file } : {}), ...('message' in e ? { message: e.message } : {}), ...(e.type === 'uploaded' ? { etag: e.etag } : {}) });
    this.parts.statusBar.update();
    if (file) this.parts.decorations.refresh(vscode.Uri.file(file));
    switch (e.type) {
      case 'conflict':
        if (file) this.parts.conflicts.show(s, e.key, file, e.message);
        break;
      case 'paused':
        this.paused(e);
        break;
      case 'failed':
        if (!e.willRetry) this.failed(e);
        break;
      case 'uploaded':
        if (file) this.uploaded(s, e, file);
        break;
    }
  };

  private paused(e: EventOf<'paused'>): void {
    this.parts.services.notify.warn(
      vscode.l10n.t('MWAA: DAG uploads paused ({0} waiting, nothing lost): {1}', e.counts.waiting, e.message),
      [...e.actions, { label: vscode.l10n.t('Retry Uploads'), command: COMMANDS.sync.retry }],
      'sync',
    );
  }

  private failed(e: EventOf<'failed'>): void {
    this.parts.services.notify.error(
      vscode.l10n.t('MWAA: {0} was not uploaded: {1}', e.key, e.message),
      [{ label: vscode.l10n.t('Retry'), run: () => this.parts.sessions.resumeAll() }, { label: vscode.l10n.t('Show Log'), command: COMMANDS.showLog }],
      'sync',
    );
  }

  private uploaded(s: SyncSession, e: EventOf<'uploaded'>, file: string): void {
    if (!this.parts.services.settings.sync(vscode.Uri.file(file)).trackVisibility) return;
    void this.parts.tracker.track(s, e.key, relativePathOfKey(e.key, s.binding.prefix), file, Date.now()).catch(this.parts.onError);
  }
}
