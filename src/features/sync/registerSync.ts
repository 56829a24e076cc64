/**
 * Activation-time shell of DAG sync: a save listener that does one lexical lookup per save (is
 * the file under a bound folder?), the command ids, and the explorer decoration hook. The engine
 * (queues, S3, status, conflicts, folder sync) is required on first need: the first save under a
 * bound folder, a sync command, a decoration asked for a bound file, or uploads a previous window
 * left pending. The AWS SDK loads later still, on the first S3 call.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { hasPendingUploads } from '../../core/sync/pendingUploads';
import type { CommandRegistry } from '../../host/commands';
import type { BindingStore } from '../environments/bindingStore';
import type { EnvironmentServices } from '../environments/environmentServices';
import { boundFolderOf, boundFolders } from './boundFolders';
import { SYNC_COMMANDS } from './commandIds';
import type * as EngineModule from './syncEngine';

export interface SyncDeps {
  readonly logger: Logger;
  readonly commands: CommandRegistry;
  readonly bindings: BindingStore;
  readonly services: () => EnvironmentServices;
}

export function registerSync(context: vscode.ExtensionContext, deps: SyncDeps): void {
  let engine: EngineModule.SyncEngine | undefined;
  const load = (): EngineModule.SyncEngine => {
    if (!engine) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSyncEngine } = require('./syncEngine') as typeof EngineModule;
      engine = createSyncEngine(context, deps);
      decorations.attach(engine.decorations);
    }
    return engine;
  };
  const decorations = new LazyDecorations((uri) => (boundFolderOf(deps.bindings, uri) ? load().decorations : undefined));

  for (const id of Object.values(SYNC_COMMANDS)) {
    deps.commands.register(id, (...args: unknown[]) => load().handle(id, args));
  }
  context.subscriptions.push(
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),
    { dispose: () => void engine?.dispose() },
    vscode.workspace.onDidSaveTextDocument((doc) => {
      const bound = boundFolderOf(deps.bindings, doc.uri);
      if (bound) load().onSaved(doc.uri, bound);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void engine?.restorePending()),
  );
  // Explorer menus: folder sync on bound folders, compare/pull/overwrite once anything is bound.
  const setMenuContext = () => {
    const folders = boundFolders(deps.bindings).map((f) => f.uri.fsPath);
    void vscode.commands.executeCommand('setContext', 'mwaa.boundFolders', folders);
    void vscode.commands.executeCommand('setContext', 'mwaa.hasBoundFolder', folders.length > 0);
  };
  setMenuContext();
  context.subscriptions.push(deps.bindings.onDidChange(setMenuContext));
  // Uploads a previous window left pending resume now, without delaying activation.
  const storage = context.globalStorageUri.fsPath;
  void hasPendingUploads(storage).then(async (pending) => {
    if (pending) await load().restorePending();
  }).catch((err: unknown) => deps.logger.warn(`DAG sync: could not check for pending uploads: ${String(err)}`));
}

/**
 * The explorer asks for decorations of every visible file; files outside bound folders are
 * answered here without loading anything.
 */
class LazyDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly target: (uri: vscode.Uri) => vscode.FileDecorationProvider | undefined) {}

  attach(real: vscode.FileDecorationProvider): void {
    this.forwarding = real.onDidChangeFileDecorations?.((e) => this.emitter.fire(e));
  }

  provideFileDecoration(uri: vscode.Uri, token: vscode.CancellationToken): vscode.ProviderResult<vscode.FileDecoration> {
    return this.target(uri)?.provideFileDecoration(uri, token);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.emitter.dispose();
  }
}
