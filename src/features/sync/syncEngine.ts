/**
 * DAG sync in the editor, required on first need (see activation.ts): upload-on-save through
 * one persistent queue per bound folder, the status bar item, explorer decorations, conflict
 * prompts, folder sync and pull, and following uploaded DAGs into Airflow.
 */
import * as vscode from 'vscode';
import { describeError, isCancellation } from '../../core/errors';
import type { QueueCounts } from '../../core/sync/queueEvents';
import { SyncSessions } from '../../core/sync/syncSessions';
import { COMMANDS } from '../../host/commandIds';
import type { CommandHandler, CommandTable } from '../../host/commands';
import type { LazyPart } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import { boundFolderOf, isOpenInWindow, syncableFolders, type BoundFolderInfo } from './boundFolders';
import { ConflictPrompts, REMOTE_SCHEME, RemoteDocuments } from './conflicts';
import { DeferredDagStore } from './deferredStore';
import { FileStatuses } from './fileStatus';
import { previewFolderSync, type FolderSyncPreview, type RemoteOnlyChoice } from './folderSync';
import { QueueReactions } from './queueReactions';
import { SaveUploads } from './saveUploads';
import { SyncCommands } from './syncCommands';
import { decorationFor, SyncDecorations, type FileSyncStatus } from './syncDecorations';
import { SyncHistory } from './syncHistory';
import { statusText, sumCounts, SyncStatusBar } from './syncStatusBar';
import { VisibilityTracker, type VisibilityReport } from './visibilityTracking';

/** What the test seam reads: inspection only, nothing here changes the engine's state. */
export interface SyncInspection {
  readonly history: SyncHistory;
  /** Summed over the started sessions. */
  counts(): QueueCounts;
  /** What the status bar item shows ('' when hidden). */
  statusBarText(): string;
  pending(): Array<{ key: string; file: string; status: string; lastError?: string }>;
  readonly visibility: readonly VisibilityReport[];
  statusOf(uri: vscode.Uri): Promise<FileSyncStatus | undefined>;
  /** The explorer tooltip of a file (its sync status, and what Airflow made of its last upload). */
  tooltipOf(uri: vscode.Uri): Promise<string | undefined>;
  /** The counts a folder sync of `folder` would show, from the same planning code; nothing applied. */
  folderPlan(folder: unknown, remoteOnly?: RemoteOnlyChoice): Promise<FolderSyncPreview>;
}

export interface SyncEngine extends LazyPart {
  readonly commands: CommandTable;
  readonly decorations: SyncDecorations;
  readonly inspection: SyncInspection;
  onSaved(uri: vscode.Uri, bound: BoundFolderInfo): void;
  /** Resumes uploads a previous window (or the untrusted time) left pending. */
  restorePending(): Promise<void>;
  dispose(): Promise<void>;
}

export function createSyncEngine(services: Services): SyncEngine {
  const { logger, bindings } = services;
  const sessions = new SyncSessions({
    storageDir: services.context.globalStorageUri.fsPath,
    storeFor: async (b) => new DeferredDagStore(b.bucket, b.prefix, b, services),
    excludes: (b) => services.settings.sync(vscode.Uri.file(b.folder)).exclude,
    isTrusted: () => services.trust.isTrusted,
    isOpen: isOpenInWindow,
    onStorageProblem: (message) => {
      logger.warn(`DAG sync: ${message}`);
      services.notify.warn(vscode.l10n.t('MWAA: {0}', message), [{ label: vscode.l10n.t('Show Log'), command: COMMANDS.showLog }], 'sync');
    },
    logger,
  });
  const onError = (err: unknown) => void services.commands.handleError('DAG sync', err);
  const history = new SyncHistory();
  const statusBar = new SyncStatusBar(() => sumCounts(sessions.started().map((s) => s.queue.counts())));
  const tracker = new VisibilityTracker(services);
  const conflicts = new ConflictPrompts(services.prompts, onError);
  const files = new FileStatuses(bindings, sessions);
  const decorations = new SyncDecorations((uri) => files.statusOf(uri), (uri) => tracker.noteOf(uri));
  const reactions = new QueueReactions({ services, sessions, history, statusBar, decorations, conflicts, tracker, onError });
  const saves = new SaveUploads({ services, sessions, history, files, decorations, onError });
  const commands = new SyncCommands({ services, sessions, decorations, conflicts });

  const subscriptions: vscode.Disposable[] = [
    statusBar, decorations, tracker,
    tracker.onDidNote((uri) => decorations.refresh(uri)),
    new vscode.Disposable(sessions.onEvent(reactions.onEvent).dispose),
    vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, new RemoteDocuments((id) => sessions.started().find((s) => s.id === id))),
    vscode.workspace.onDidChangeTextDocument(({ document: d }) => {
      if (files.noteEdit(d) && boundFolderOf(bindings, d.uri)) decorations.refresh(d.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => files.forget(d.uri)),
    bindings.onDidChange(() => {
      // Sessions of folders no longer bound (or bound elsewhere) stop; the rest carry on.
      void sessions.retain(syncableFolders(bindings)).then(() => {
        statusBar.update();
        decorations.refresh();
      }, onError);
    }),
    services.settings.onDidChangeSetting('sync.exclude', () => {
      void Promise.all(sessions.started().map((s) => s.reloadFilter())).then(
        () => decorations.refresh(),
        (err: unknown) => logger.warn(`DAG sync: could not apply mwaa.sync.exclude: ${describeError(err)}`),
      );
    }),
  ];

  return {
    commands: recordingErrors(commands.table(), history),
    decorations,
    inspection: inspectionOf({ services, sessions, history, tracker, files, commands }),
    onSaved: (uri, bound) => saves.onSaved(uri, bound),
    restorePending: async () => {
      await sessions.restorePending(syncableFolders(bindings));
    },
    dispose: async () => {
      for (const d of subscriptions) d.dispose();
      await sessions.dispose();
    },
  };
}

function inspectionOf(p: {
  services: Pick<Services, 'trust' | 'prompts'>;
  sessions: SyncSessions;
  history: SyncHistory;
  tracker: VisibilityTracker;
  files: FileStatuses;
  commands: SyncCommands;
}): SyncInspection {
  const counts = () => sumCounts(p.sessions.started().map((s) => s.queue.counts()));
  return {
    history: p.history,
    counts,
    statusBarText: () => statusText(counts()),
    pending: () => p.sessions.started().flatMap((s) => s.queue.pending()),
    visibility: p.tracker.reports,
    statusOf: (uri) => p.files.statusOf(uri),
    tooltipOf: async (uri) => decorationFor(await p.files.statusOf(uri), p.tracker.noteOf(uri))?.tooltip,
    folderPlan: async (folder, remoteOnly) => {
      p.services.trust.require();
      return previewFolderSync(await p.commands.sessionOf(folder, vscode.l10n.t('Sync which folder with its environment?')), p.services.prompts, remoteOnly);
    },
  };
}

/** Each command's failure (not a cancellation) goes into the history as what the notification says. */
function recordingErrors(table: CommandTable, history: SyncHistory): CommandTable {
  const wrap = (handler: CommandHandler): CommandHandler => async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (!isCancellation(err)) history.record({ type: 'error', message: describeError(err) });
      throw err;
    }
  };
  return Object.fromEntries(Object.entries(table).map(([id, handler]) => [id, wrap(handler)]));
}
