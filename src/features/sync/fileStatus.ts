/**
 * What a file under a bound folder looks like to sync (the explorer badge): the upload queue's
 * status first, then what we last uploaded compared with the editor's dirty flag or the file's hash.
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { dagKeyFor, localPathOfKey } from '../../core/sync/dagKeys';
import { md5Hex } from '../../core/sync/fileHash';
import type { SyncSession, SyncSessions } from '../../core/sync/syncSessions';
import type { BindingStore } from '../../services/bindings';
import { boundFolderOf, toBoundFolder } from './boundFolders';
import type { FileSyncStatus } from './syncDecorations';

/** The local file of a key of the session's prefix, if it maps to one. */
export function localFileOf(session: SyncSession, key: string): string | undefined {
  try {
    return localPathOfKey(key, session.binding);
  } catch {
    return undefined;
  }
}

export class FileStatuses {
  /** Documents with unsaved edits (URI strings): "modified" without reading the file. */
  private readonly dirty = new Set<string>();

  constructor(
    private readonly bindings: BindingStore,
    private readonly sessions: SyncSessions,
  ) {}

  async statusOf(uri: vscode.Uri): Promise<FileSyncStatus | undefined> {
    const bound = boundFolderOf(this.bindings, uri);
    if (!bound) return undefined;
    const b = toBoundFolder(bound);
    const session = await this.sessions.sessionFor(b);
    const key = dagKeyFor(uri.fsPath, b);
    const queued = session.queue.statusOf(key);
    if (queued) return queued;
    const known = session.state.get(key);
    if (!known) return undefined;
    if (this.dirty.has(uri.toString())) return 'modified';
    const body = await fs.readFile(uri.fsPath).catch(() => undefined);
    if (!body) return undefined;
    return md5Hex(body) === known.localHash ? 'synced' : 'modified';
  }

  /** Follows a document's dirty flag; true when it flipped (its badge may change). */
  noteEdit(doc: vscode.TextDocument): boolean {
    const k = doc.uri.toString();
    if (doc.isDirty === this.dirty.has(k)) return false;
    if (doc.isDirty) this.dirty.add(k);
    else this.dirty.delete(k);
    return true;
  }

  /** Saved or closed: no unsaved edits any more. */
  forget(uri: vscode.Uri): void {
    this.dirty.delete(uri.toString());
  }
}
