/**
 * Explorer badges for files under bound folders: synced, modified since upload, waiting,
 * uploading, failed, in conflict. Status comes from the upload queue first, then from the sync
 * state (what we last uploaded) compared with the editor's dirty flag or the file's hash.
 */
import * as vscode from 'vscode';

export type FileSyncStatus = 'synced' | 'modified' | 'waiting' | 'uploading' | 'failed' | 'conflict';

const LOOK: Record<FileSyncStatus, { badge: string; tooltip: string; color?: string }> = {
  synced: { badge: '✓', tooltip: vscode.l10n.t('MWAA: uploaded, same as in S3') },
  modified: { badge: '•', tooltip: vscode.l10n.t('MWAA: modified since the last upload'), color: 'gitDecoration.modifiedResourceForeground' },
  waiting: { badge: '…', tooltip: vscode.l10n.t('MWAA: waiting to upload') },
  uploading: { badge: '↑', tooltip: vscode.l10n.t('MWAA: uploading') },
  failed: { badge: '!', tooltip: vscode.l10n.t('MWAA: upload failed (see the status bar to retry)'), color: 'errorForeground' },
  conflict: { badge: '≠', tooltip: vscode.l10n.t('MWAA: changed in S3 by someone else; not overwritten (compare, overwrite or pull)'), color: 'editorWarning.foreground' },
};

export function decorationFor(status: FileSyncStatus | undefined, note?: string): vscode.FileDecoration | undefined {
  if (!status) return undefined;
  const look = LOOK[status];
  // What Airflow made of the upload belongs to the uploaded state only (an edit makes it stale).
  const tooltip = note && status === 'synced' ? `${look.tooltip}; ${note}` : look.tooltip;
  const d = new vscode.FileDecoration(look.badge, tooltip, look.color ? new vscode.ThemeColor(look.color) : undefined);
  d.propagate = false;
  return d;
}

export class SyncDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;

  constructor(
    private readonly statusOf: (uri: vscode.Uri) => Promise<FileSyncStatus | undefined>,
    private readonly noteOf: (uri: vscode.Uri) => string | undefined = () => undefined,
  ) {}

  /** Repaint these files (undefined: every file). */
  refresh(uris?: vscode.Uri | vscode.Uri[]): void {
    this.emitter.fire(uris);
  }

  async provideFileDecoration(uri: vscode.Uri): Promise<vscode.FileDecoration | undefined> {
    return decorationFor(await this.statusOf(uri).catch(() => undefined), this.noteOf(uri));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
