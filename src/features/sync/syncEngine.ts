/**
 * DAG sync in the editor, required on first need (see registerSync.ts): upload-on-save through
 * one persistent queue per bound folder, the status bar item, explorer decorations, conflict
 * prompts, folder sync and pull, and following uploaded DAGs into Airflow.
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { describeError, isCancellation, UserFacingError } from '../../core/errors';
import { dagKeyFor, dagPrefix, localPathOfKey, relativePathOfKey } from '../../core/sync/dagKeys';
import { md5Hex } from '../../core/sync/fileHash';
import type { QueueEvent } from '../../core/sync/queueEvents';
import { SyncSessions, type BoundFolder, type SyncSession } from '../../core/sync/syncSessions';
import { ENVIRONMENT_COMMANDS } from '../environments/commandIds';
import { environmentKey } from '../environments/environmentKey';
import { boundFolderOf, boundFolders, type BoundFolderInfo } from './boundFolders';
import { REMOTE_SCHEME, SYNC_COMMANDS } from './commandIds';
import { compareWithRemote, ConflictPrompts, overwriteRemote, pullRemote, RemoteDocuments } from './conflicts';
import { DeferredDagStore } from './deferredStore';
import { runFolderSync, type FolderSyncAnswers } from './folderSync';
import type { SyncDeps } from './registerSync';
import { SyncDecorations, type FileSyncStatus } from './syncDecorations';
import { syncSettings } from './syncSettings';
import { statusText, sumCounts, SyncStatusBar } from './syncStatusBar';
import { VisibilityTracker } from './visibilityTracking';

export interface SyncEngine {
  readonly decorations: SyncDecorations;
  onSaved(uri: vscode.Uri, bound: BoundFolderInfo): void;
  handle(id: string, args: readonly unknown[]): unknown;
  restorePending(): Promise<void>;
  dispose(): Promise<void>;
}

/** What happened, for the test seam: `at` is performance.now() in the extension host. */
interface HistoryEntry {
  readonly at: number;
  readonly type: string;
  readonly key?: string;
  readonly file?: string;
  readonly message?: string;
  readonly etag?: string;
}

export function toBoundFolder(info: BoundFolderInfo): BoundFolder {
  const b = info.binding;
  if (!b.bucket) throw new UserFacingError(`${info.uri.fsPath} is bound to ${b.name}, but the binding has no bucket: bind the folder again.`, [{ label: 'Bind Again', command: ENVIRONMENT_COMMANDS.bind }]);
  const major = Number.parseInt(b.airflowVersion ?? '', 10);
  return {
    folder: info.uri.fsPath, bucket: b.bucket, prefix: dagPrefix(b.dagS3Path), envKey: environmentKey(b), profile: b.profile, region: b.region,
    ...(Number.isFinite(major) ? { airflowMajor: major } : {}),
  };
}

export function createSyncEngine(context: vscode.ExtensionContext, deps: SyncDeps): SyncEngine {
  const { logger, bindings } = deps;
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const sessions = new SyncSessions({
    storageDir: context.globalStorageUri.fsPath,
    storeFor: async (b) => new DeferredDagStore(b.bucket, b.prefix, b, deps.services),
    excludes: (b) => syncSettings(vscode.Uri.file(b.folder)).exclude,
    isTrusted: () => vscode.workspace.isTrusted,
    logger,
  });
  const history: HistoryEntry[] = [];
  // Test-seam waiters: a test or benchmark waits for an event without polling the extension host.
  const waiters = new Set<{ match: (h: HistoryEntry) => boolean; resolve: (h: HistoryEntry) => void }>();
  const record = (e: Omit<HistoryEntry, 'at'>) => {
    const entry = { at: performance.now(), ...e };
    history.push(entry);
    if (history.length > 20_000) history.splice(0, 5_000);
    for (const w of waiters) {
      if (!w.match(entry)) continue;
      waiters.delete(w);
      w.resolve(entry);
    }
  };
  const waitForEntry = (q: { type: string; key?: string; since: number; timeoutMs?: number }): Promise<HistoryEntry | undefined> => {
    const match = (h: HistoryEntry) => h.type === q.type && (q.key === undefined || h.key === q.key) && h.at >= q.since;
    const seen = history.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const w = { match, resolve: (h: HistoryEntry | undefined) => (clearTimeout(timer), resolve(h)) };
      const timer = setTimeout(() => (waiters.delete(w), resolve(undefined)), q.timeoutMs ?? 30_000);
      waiters.add(w);
    });
  };
  const onError = (err: unknown) => void deps.commands.handleError('DAG sync', err);
  const statusBar = new SyncStatusBar(() => sumCounts(sessions.started().map((s) => s.queue.counts())));
  const tracker = new VisibilityTracker(deps.services, logger);
  const prompts = new ConflictPrompts(onError);
  const dirty = new Set<string>();
  const fileOf = (s: SyncSession, key: string) => {
    try {
      return localPathOfKey(key, s.binding);
    } catch {
      return undefined;
    }
  };

  const statusOf = async (uri: vscode.Uri): Promise<FileSyncStatus | undefined> => {
    const bound = boundFolderOf(bindings, uri);
    if (!bound) return undefined;
    const b = toBoundFolder(bound);
    const session = await sessions.sessionFor(b);
    const key = dagKeyFor(uri.fsPath, b);
    const queued = session.queue.statusOf(key);
    if (queued) return queued;
    const known = session.state.get(key);
    if (!known) return undefined;
    if (dirty.has(uri.toString())) return 'modified';
    const body = await fs.readFile(uri.fsPath).catch(() => undefined);
    if (!body) return undefined;
    return md5Hex(body) === known.localHash ? 'synced' : 'modified';
  };
  const decorations = new SyncDecorations(statusOf);

  const currentBindings = () => boundFolders(bindings).flatMap((f) => {
    try {
      return [toBoundFolder(f)];
    } catch {
      return []; // a binding without a bucket: reported when a file under it is saved
    }
  });

  const onQueueEvent = (s: SyncSession, e: QueueEvent) => {
    const key = 'key' in e ? e.key : undefined;
    const file = key ? fileOf(s, key) : undefined;
    record({ type: e.type, ...(key ? { key } : {}), ...(file ? { file } : {}), ...('message' in e ? { message: e.message } : {}), ...(e.type === 'uploaded' ? { etag: e.etag } : {}) });
    statusBar.update();
    if (file) decorations.refresh(vscode.Uri.file(file));
    switch (e.type) {
      case 'conflict':
        if (file) prompts.show(s, e.key, file, e.message);
        break;
      case 'paused': {
        const actions = [...e.actions, { label: 'Retry Uploads', command: SYNC_COMMANDS.retry }];
        void vscode.window.showWarningMessage(`MWAA: DAG uploads paused (${e.counts.waiting} waiting, nothing lost): ${e.message}`, ...actions.map((a) => a.label))
          .then((label) => {
            const a = actions.find((x) => x.label === label);
            return a && vscode.commands.executeCommand(a.command, ...(a.args ?? []));
          });
        break;
      }
      case 'failed':
        if (!e.willRetry) {
          void vscode.window.showErrorMessage(`MWAA: ${e.key} was not uploaded: ${e.message}`, 'Retry', 'Show Log').then((a) => {
            if (a === 'Retry') sessions.resumeAll();
            else if (a === 'Show Log') void vscode.commands.executeCommand('mwaa.showLog');
          });
        }
        break;
      case 'uploaded':
        if (file && syncSettings(vscode.Uri.file(file)).trackVisibility) {
          void tracker.track(s, e.key, relativePathOfKey(e.key, s.binding.prefix), file, Date.now()).catch(onError);
        }
        break;
    }
  };
  const subscriptions: vscode.Disposable[] = [
    statusBar, decorations, tracker,
    new vscode.Disposable(sessions.onEvent(onQueueEvent).dispose),
    vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, new RemoteDocuments((id) => sessions.started().find((s) => s.id === id))),
    vscode.workspace.onDidChangeTextDocument(({ document: d }) => {
      const k = d.uri.toString();
      if (d.isDirty === dirty.has(k)) return;
      if (d.isDirty) dirty.add(k);
      else dirty.delete(k);
      if (boundFolderOf(bindings, d.uri)) decorations.refresh(d.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => dirty.delete(d.uri.toString())),
    bindings.onDidChange(() => {
      void sessions.retain(currentBindings()).then(() => {
        statusBar.update();
        decorations.refresh();
      }, onError);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('mwaa.sync.exclude')) return;
      await Promise.all(sessions.started().map((s) => s.reloadFilter()));
      decorations.refresh();
    }),
  ];

  let untrustedShown = false;
  const onSaved = (uri: vscode.Uri, bound: BoundFolderInfo) => {
    dirty.delete(uri.toString());
    if (!syncSettings(uri).uploadOnSave) {
      decorations.refresh(uri);
      return;
    }
    void (async () => {
      const outcome = await sessions.onSaved(uri.fsPath, toBoundFolder(bound));
      if (outcome.kind === 'queued') return;
      const message = outcome.kind === 'skipped' ? outcome.reason : outcome.message;
      record({ type: outcome.kind, file: uri.fsPath, message });
      logger.info(`DAG sync: ${message}`);
      if (outcome.kind === 'skipped') {
        vscode.window.setStatusBarMessage(`$(circle-slash) MWAA: ${message}`, 8000);
      } else if (!untrustedShown) {
        untrustedShown = true;
        void vscode.window.showWarningMessage(`MWAA: ${message}`, 'Manage Workspace Trust').then((a) => a && vscode.commands.executeCommand('workbench.trust.manage'));
      }
    })().catch(onError);
  };

  /** The bound folder a command acts on: the one given (or holding the given file), else picked. */
  const pickSession = async (arg: unknown, purpose: string): Promise<SyncSession> => {
    const all = boundFolders(bindings);
    let info: BoundFolderInfo | undefined;
    if (arg instanceof vscode.Uri) {
      info = all.find((f) => f.uri.fsPath === arg.fsPath) ?? boundFolderOf(bindings, arg);
      if (!info) throw new UserFacingError(`${arg.fsPath} is not in a folder bound to an MWAA environment: bind its folder first.`, [{ label: 'Bind Environment…', command: ENVIRONMENT_COMMANDS.bind }]);
    } else if (all.length === 1) {
      info = all[0];
    } else if (all.length > 1) {
      const picked = await vscode.window.showQuickPick(all.map((f) => ({ label: vscode.workspace.asRelativePath(f.uri), description: `${f.binding.name} · s3://${f.binding.bucket}/${f.binding.dagS3Path ?? ''}`, f })), { title: purpose });
      if (!picked) throw new vscode.CancellationError();
      info = picked.f;
    }
    if (!info) throw new UserFacingError('No folder is bound to an MWAA environment yet: bind one from the MWAA view (right-click an environment) first.', [{ label: 'Bind Environment…', command: ENVIRONMENT_COMMANDS.bind }]);
    return sessions.sessionFor(toBoundFolder(info));
  };
  const fileTarget = async (arg: unknown, purpose: string) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') throw new UserFacingError(`${purpose}: open a file of a bound folder first.`);
    const session = await pickSession(uri, purpose);
    return { session, key: dagKeyFor(uri.fsPath, session.binding), file: uri.fsPath };
  };
  const requireTrust = () => deps.services().requireTrust();

  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [SYNC_COMMANDS.syncFolder]: async (folder?: unknown, answers?: unknown) => {
      requireTrust();
      return runFolderSync(await pickSession(folder, 'Sync which folder with its environment?'), 'sync', testMode ? (answers as FolderSyncAnswers) : undefined);
    },
    [SYNC_COMMANDS.pullFolder]: async (folder?: unknown, answers?: unknown) => {
      requireTrust();
      return runFolderSync(await pickSession(folder, 'Pull which folder from its environment?'), 'pull', testMode ? (answers as FolderSyncAnswers) : undefined);
    },
    [SYNC_COMMANDS.retry]: () => {
      requireTrust();
      sessions.resumeAll();
    },
    [SYNC_COMMANDS.compare]: async (arg?: unknown) => {
      requireTrust();
      const t = await fileTarget(arg, 'Compare with S3');
      await compareWithRemote(t.session, t.key, t.file);
    },
    [SYNC_COMMANDS.overwrite]: async (arg?: unknown) => {
      requireTrust();
      const t = await fileTarget(arg, 'Overwrite in S3');
      overwriteRemote(t.session, t.key, t.file);
    },
    [SYNC_COMMANDS.pull]: async (arg?: unknown) => {
      requireTrust();
      const t = await fileTarget(arg, 'Pull from S3');
      await pullRemote(t.session, t.key, t.file);
      decorations.refresh(vscode.Uri.file(t.file));
    },
    [SYNC_COMMANDS.showStatus]: () => showStatus(sessions, prompts, fileOf),
    [SYNC_COMMANDS.state]: async (arg?: unknown) => {
      const q = arg as { uri?: unknown; waitFor?: { type: string; key?: string; since: number; timeoutMs?: number } } | undefined;
      if (q?.waitFor) return waitForEntry(q.waitFor);
      const uri = q?.uri;
      const started = sessions.started();
      const counts = sumCounts(started.map((s) => s.queue.counts()));
      return {
        statusBar: statusText(counts) || undefined, // what the item shows once its coalescing timer fires
        counts,
        pending: started.flatMap((s) => s.queue.pending()),
        history,
        visibility: tracker.reports,
        ...(uri instanceof vscode.Uri ? { decoration: await statusOf(uri).catch(() => undefined) } : {}),
      };
    },
  };

  return {
    decorations,
    onSaved,
    handle: async (id, args) => {
      const h = handlers[id];
      if (!h) throw new Error(`sync command ${id} has no handler`);
      try {
        return await h(...args);
      } catch (err) {
        if (!isCancellation(err)) record({ type: 'error', message: describeError(err) }); // what the notification says
        throw err;
      }
    },
    restorePending: async () => {
      await sessions.restorePending(currentBindings());
    },
    dispose: async () => {
      for (const d of subscriptions) d.dispose();
      await sessions.dispose();
    },
  };
}

/** The status bar's click: every pending upload, with what can be done about it. */
async function showStatus(sessions: SyncSessions, prompts: ConflictPrompts, fileOf: (s: SyncSession, key: string) => string | undefined): Promise<void> {
  type Item = vscode.QuickPickItem & { run?: () => unknown };
  const items: Item[] = [];
  const started = sessions.started();
  if (started.some((s) => { const c = s.queue.counts(); return c.failed > 0 || c.paused; })) {
    items.push({ label: '$(refresh) Retry failed and paused uploads', run: () => sessions.resumeAll() });
  }
  for (const s of started) {
    for (const p of s.queue.pending()) {
      const file = fileOf(s, p.key);
      const icon = { waiting: '$(clock)', uploading: '$(sync~spin)', failed: '$(error)', conflict: '$(warning)' }[p.status];
      items.push({
        label: `${icon} ${p.key}`, description: p.status, ...(p.lastError ? { detail: p.lastError } : {}),
        run: file && p.status === 'conflict' ? () => prompts.show(s, p.key, file, p.lastError ?? `${p.key} changed in S3.`)
          : p.status === 'failed' ? () => s.queue.resume() : undefined,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('MWAA: no uploads pending; every saved file under a bound folder is in S3.');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'MWAA DAG sync: pending uploads', matchOnDetail: true });
  await picked?.run?.();
}
