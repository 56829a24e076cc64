/**
 * When the object in S3 is not the one we last uploaded or downloaded, nothing is overwritten:
 * the user is told, and chooses. Compare opens a diff of the S3 object (a read-only document)
 * against the local file; Overwrite uploads the local file anyway; Pull replaces the local file
 * with the S3 object, after a modal question saying what is lost, keeping the file's permissions,
 * and only inside the bound folder (folderGuard.ts). Until one is chosen the file stays
 * "in conflict" in the status bar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { relativeDagPath } from '../../core/sync/dagKeys';
import { md5Hex } from '../../core/sync/fileHash';
import { writeInsideFolder } from '../../core/sync/folderGuard';
import { withRetries } from '../../core/sync/retryPolicy';
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
    // The store's client leaves retries to its callers (see listRemote).
    const { body } = await withAbortSignal(token, (signal) => withRetries(() => session.store.get(key, { signal }), { signal, maxAttempts: 4 }));
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

/** The question before the local file is replaced (tests answer it through the prompt seams). */
export const REPLACE_LOCAL_PROMPT = 'sync.replaceLocal';
const REPLACE = vscode.l10n.t('Replace');

/**
 * Replaces the local file with the S3 object, once the user confirmed, and records it as synced;
 * a pending upload of it is dropped. False when the user said no (nothing changed).
 */
export async function pullRemote(session: SyncSession, key: string, file: string, prompts: Prompts): Promise<boolean> {
  const rel = relativeDagPath(file, session.binding.folder);
  const answer = await prompts.confirm(
    REPLACE_LOCAL_PROMPT,
    vscode.l10n.t('Replace {0} with the version in S3?', path.basename(file)),
    {
      modal: true, warning: true,
      detail: vscode.l10n.t('{0} is overwritten with s3://{1}/{2}. Its current content is lost: changes not uploaded to S3, and unsaved edits in an open editor, which then no longer match the file. The file keeps its permissions.', file, session.binding.bucket, key),
    },
    REPLACE,
  );
  if (answer !== REPLACE) return false;
  const { body, object } = await withRetries(() => session.store.get(key), { maxAttempts: 4 });
  await writeInsideFolder(session.binding.folder, rel, body);
  session.state.set(key, { etag: object.etag, localHash: md5Hex(body), uploadedAt: new Date().toISOString(), ...(object.versionId ? { versionId: object.versionId } : {}) });
  if (session.queue.statusOf(key)) session.queue.resolveConflict(key, 'discard');
  return true;
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
          const choice = await this.prompts.confirm('sync.conflict', vscode.l10n.t('MWAA: {0}', message), { modal: false, warning: true }, vscode.l10n.t('Compare'), vscode.l10n.t('Overwrite'), vscode.l10n.t('Pull'));
          if (choice === vscode.l10n.t('Compare')) {
            await compareWithRemote(session, key, file);
            continue;
          }
          if (choice === vscode.l10n.t('Overwrite')) overwriteRemote(session, key, file);
          else if (choice === vscode.l10n.t('Pull')) await pullRemote(session, key, file, this.prompts);
          return; // dismissed (or the pull declined): stays in conflict, listed in the status bar
        }
      } catch (err) {
        this.onError(err);
      } finally {
        this.open.delete(id);
      }
    })();
  }
}
