import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DiskTextStore } from '../../core/net/diskTextStore';
import { MAX_TEXT_BYTES, RemoteTextCache } from '../../core/net/remoteTextCache';
import type { WorkspaceTrust } from '../../services/trust';

/**
 * Constraints files named by URL in a requirements.txt: fetched in the background when the
 * workspace is trusted, cached on disk (global storage) so later sessions work offline. Until a
 * copy is at hand the checker falls back to the bundled constraints of the environment's version.
 * What may be fetched (https, public hosts, no cross-origin redirects, 2 MB) and how long a copy
 * lasts (a day, then fetched again) is core's RemoteTextCache; this is its editor side.
 */
export class ConstraintsUrlCache implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  private readonly cache: RemoteTextCache;
  private disposed = false;
  /** Fires with the URL when a fetched copy becomes available (re-check what uses it). */
  readonly onDidFetch = this.emitter.event;

  constructor(storageDir: vscode.Uri, logger: Logger, trust: WorkspaceTrust) {
    this.cache = new RemoteTextCache({
      logger,
      wording: { prefix: 'diagnostics', what: 'constraints', fallback: vscode.l10n.t('the bundled constraints') },
      canFetch: () => trust.isTrusted && !this.disposed,
      ...(storageDir.scheme === 'file' ? { store: new DiskTextStore(path.join(storageDir.fsPath, 'constraints-cache'), MAX_TEXT_BYTES) } : {}),
      onFetched: (url) => {
        if (!this.disposed) this.emitter.fire(url);
      },
    });
  }

  /** Synchronous for the checker: the cached text, or undefined (and a fetch started if allowed). */
  read(url: string): string | undefined {
    return this.cache.read(url);
  }

  dispose(): void {
    this.disposed = true;
    this.emitter.dispose();
  }
}
