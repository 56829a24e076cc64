import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { WorkspaceTrust } from '../../services/trust';

const FETCH_TIMEOUT_MS = 10_000;
const MAX_BYTES = 2 * 1024 * 1024;
// After a failure (offline, 404) the bundled copy is used; try again only after a while.
const RETRY_AFTER_MS = 10 * 60_000;

/**
 * Constraints files named by URL in a requirements.txt: fetched in the background when the
 * workspace is trusted, cached on disk (global storage) so later sessions work offline. Until a
 * copy is at hand the checker falls back to the bundled constraints of the environment's version.
 */
export class ConstraintsUrlCache implements vscode.Disposable {
  private readonly memory = new Map<string, string>();
  private readonly failedAt = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with the URL when a fetched copy becomes available (re-check what uses it). */
  readonly onDidFetch = this.emitter.event;

  constructor(private readonly storageDir: vscode.Uri, private readonly logger: Logger, private readonly trust: WorkspaceTrust) {}

  /** Synchronous for the checker: the cached text, or undefined (and a fetch started if allowed). */
  read(url: string): string | undefined {
    const cached = this.memory.get(url) ?? this.readDisk(url);
    if (cached !== undefined) return cached;
    this.startFetch(url);
    return undefined;
  }

  private fileFor(url: string): string {
    // The URL itself, made a safe file name: readable in the cache folder, no crypto to load.
    const name = url.replace(/^https?:\/\//i, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(-180);
    return path.join(this.storageDir.fsPath, 'constraints-cache', `${name}.txt`);
  }

  private readDisk(url: string): string | undefined {
    if (this.storageDir.scheme !== 'file') return undefined;
    try {
      const text = fs.readFileSync(this.fileFor(url), 'utf8');
      this.memory.set(url, text);
      return text;
    } catch {
      return undefined;
    }
  }

  private startFetch(url: string): void {
    // A requirements.txt from an untrusted repository must not make the editor call out.
    if (!this.trust.isTrusted || !/^https?:\/\//i.test(url) || this.inFlight.has(url)) return;
    const failed = this.failedAt.get(url);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return;
    this.inFlight.add(url);
    void this.fetch(url).finally(() => this.inFlight.delete(url));
  }

  private async fetch(url: string): Promise<void> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
      const text = await res.text();
      if (text.length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
      this.memory.set(url, text);
      if (this.storageDir.scheme === 'file') {
        const file = this.fileFor(url);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
      }
      this.logger.info(`diagnostics: fetched constraints ${url}`);
      this.emitter.fire(url);
    } catch (err) {
      this.failedAt.set(url, Date.now());
      this.logger.debug(`diagnostics: cannot fetch ${url} (${(err as Error).message}); using the bundled constraints`);
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
