/**
 * Activation-time shell of DAG sync: a save listener that does one lexical lookup per save (is
 * the file under a bound folder?), the command ids, the explorer decoration hook and menu
 * contexts. The engine (queues, S3, status, conflicts, folder sync) is required on first need:
 * the first save under a bound folder, a sync command, a decoration asked for a bound file, or
 * uploads a previous window left pending. The AWS SDK loads later still, on the first S3 call.
 */
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { hasPendingUploads } from '../../core/sync/pendingUploads';
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import { boundFolderOf, boundFolders, isOpenInWindow } from './boundFolders';
import { LazyDecorations } from './lazyDecorations';
import type * as EngineModule from './syncEngine';

/** What the test seams reach: the engine, loaded on demand. */
export interface SyncHandle {
  readonly engine: LazyFeature<EngineModule.SyncEngine>;
}

export function activateSync(services: Services): SyncHandle {
  const { context, bindings, logger } = services;
  const decorations = new LazyDecorations((uri) => (boundFolderOf(bindings, uri) ? engine.get().decorations : undefined));
  const engine = lazyFeature<EngineModule.SyncEngine>(services, {
    name: 'DAG sync',
    commandIds: Object.values(COMMANDS.sync),
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const part = (require('./syncEngine') as typeof EngineModule).createSyncEngine(services);
      decorations.attach(part.decorations);
      return part;
    },
  });

  function uploadIfBound(doc: vscode.TextDocument): void {
    const bound = boundFolderOf(bindings, doc.uri);
    if (bound) engine.get().onSaved(doc.uri, bound);
  }
  function restorePendingUploads(): void {
    engine.loaded?.restorePending().catch((err: unknown) => logger.warn(`DAG sync: could not resume pending uploads: ${describeError(err)}`));
  }
  // Explorer menus: folder sync on bound folders, compare/pull/overwrite once anything is bound.
  function setMenuContexts(): void {
    const folders = boundFolders(bindings).map((f) => f.uri.fsPath);
    void vscode.commands.executeCommand('setContext', 'mwaa.boundFolders', folders);
    void vscode.commands.executeCommand('setContext', 'mwaa.hasBoundFolder', folders.length > 0);
  }

  context.subscriptions.push(
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    vscode.workspace.onDidSaveTextDocument(uploadIfBound),
    services.trust.onDidGrant(restorePendingUploads),
    bindings.onDidChange(setMenuContexts),
  );
  setMenuContexts();
  // Uploads a closed window left pending for a folder open here resume now, without delaying
  // activation; and again a little later: on a reload, the window's previous extension host may
  // still be shutting down now, and its uploads are taken over only once it is gone.
  const resumeLeftUploads = () => void hasPendingUploads(context.globalStorageUri.fsPath, undefined, isOpenInWindow).then(async (pending) => {
    if (pending) await engine.get().restorePending();
  }).catch((err: unknown) => logger.warn(`DAG sync: could not check for pending uploads: ${String(err)}`));
  resumeLeftUploads();
  const later = [10_000, 60_000].map((ms) => setTimeout(resumeLeftUploads, ms));
  context.subscriptions.push({ dispose: () => later.forEach(clearTimeout) });
  return { engine };
}
