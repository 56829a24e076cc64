/**
 * When the object in S3 is not the one we last uploaded or downloaded, nothing is overwritten:
 * the user is told, and chooses. Compare opens a diff of the S3 object (a read-only document)
 * against the local file; Overwrite uploads the local file anyway; Pull replaces the local file
 * with the S3 object. Until one is chosen the file stays "in conflict" in the status bar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { md5Hex, writeFileAtomic } from '../../core/sync/fileHash';
import type { SyncSession } from '../../core/sync/syncSessions';
import { withAbortSignal } from '../../host/abortSignal';
import type { Prompts } from '../../host/prompts';

/** Read-only documents of S3 objects, for Compare. */
export const REMOTE_SCHEME = 'mwaa-s3';

/** `mwaa-s3:/<bucket>/<key>?<session id>`: the S3 object's current content, read-only. */
export class RemoteDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly sessionById: (id: string) => SyncSession | undefined) {}

  static uriFor(session: SyncSession, key: string): vscode.Uri {
    return vscode.Uri.from({ scheme: REMOTE_SCHEME, path: `/${session.binding.bucket}/${key}`, query: session.id });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const session = this.sessionById(uri.query);
    if (!session) throw new Error(`No sync session for ${uri.toString()}; run the command again.`);
    const key = uri.path.slice(session.binding.bucket.length + 2);
    const { body } = await withAbortSignal(token, (signal) => session.store.get(key, { signal }));
    return Buffer.from(body).toString('utf8');
  }
}

export async function compareWithRemote(session: SyncSession, key: string, file: string): Promise<void> {
  const name = path.basename(file);
  await vscode.commands.executeCommand('vscode.diff', RemoteDocuments.uriFor(session, key), vscode.Uri.file(file), `${name} (S3 ↔ local)`, { preview: true });
}

/** Uploads the local file over whatever S3 has: the user chose to. */
export function overwriteRemote(session: SyncSession, key: string, file: string): void {
  if (session.queue.statusOf(key)) session.queue.resolveConflict(key, 'overwrite');
  else session.queue.enqueue({ file, key }, { force: true, immediate: true });
}

/** Replaces the local file with the S3 object and records it as synced; a pending upload of it is dropped. */
export async function pullRemote(session: SyncSession, key: string, file: string): Promise<void> {
  const { body, object } = await session.store.get(key);
  await writeFileAtomic(file, body);
  session.state.set(key, { etag: object.etag, localHash: md5Hex(body), uploadedAt: new Date().toISOString(), ...(object.versionId ? { versionId: object.versionId } : {}) });
  if (session.queue.statusOf(key)) session.queue.resolveConflict(key, 'discard');
}

/** One notification per conflicted key at a time; Compare brings it back after the diff opens. */
export class ConflictPrompts {
  private readonly open = new Set<string>();

  constructor(private readonly prompts: Prompts, private readonly onError: (err: unknown) => void) {}

  show(session: SyncSession, key: string, file: string, message: string): void {
    const id = `${session.id}:${key}`;
    if (this.open.has(id)) return;
    this.open.add(id);
    void (async () => {
      try {
        for (;;) {
          const choice = await this.prompts.confirm('sync.conflict', `MWAA: ${message}`, { modal: false, warning: true }, 'Compare', 'Overwrite', 'Pull');
          if (choice === 'Compare') {
            await compareWithRemote(session, key, file);
            continue;
          }
          if (choice === 'Overwrite') overwriteRemote(session, key, file);
          else if (choice === 'Pull') await pullRemote(session, key, file);
          return; // dismissed: stays in conflict, listed in the status bar
        }
      } catch (err) {
        this.onError(err);
      } finally {
        this.open.delete(id);
      }
    })();
  }
}
