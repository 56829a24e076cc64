/**
 * Upload on save: a file saved under a bound folder is queued (the queue reports the rest), or
 * the reason it is not uploaded is shown in the status bar and the log. The upload gates
 * (services.uploadGates: the local parse gate) are asked first and may stop it. In an untrusted
 * workspace the user is told once per window.
 */
import * as vscode from 'vscode';
import type { SyncSessions } from '../../core/sync/syncSessions';
import { briefly } from '../../core/text/brief';
import type { Services } from '../../services/services';
import { toBoundFolder, type BoundFolderInfo } from './boundFolders';
import type { FileStatuses } from './fileStatus';
import type { SyncDecorations } from './syncDecorations';
import type { SyncHistory } from './syncHistory';

export interface SaveUploadParts {
  readonly services: Pick<Services, 'logger' | 'notify' | 'settings' | 'uploadGates'>;
  readonly sessions: SyncSessions;
  readonly history: SyncHistory;
  readonly files: FileStatuses;
  readonly decorations: SyncDecorations;
  readonly onError: (err: unknown) => void;
}

// One save can reach us twice (the editor's save and a save participant's re-save): one line for both.
const REPEAT_WINDOW_MS = 2_000;

export class SaveUploads {
  private untrustedShown = false;
  private lastSkip: { file: string; message: string; at: number } | undefined;

  constructor(private readonly parts: SaveUploadParts) {}

  onSaved(uri: vscode.Uri, bound: BoundFolderInfo): void {
    this.parts.files.forget(uri);
    if (!this.parts.services.settings.sync(uri).uploadOnSave) {
      this.parts.decorations.refresh(uri);
      return;
    }
    this.upload(uri, bound).catch(this.parts.onError);
  }

  private async upload(uri: vscode.Uri, bound: BoundFolderInfo, gated = true): Promise<void> {
    if (gated && !(await this.passesGates(uri, bound))) return;
    const outcome = await this.parts.sessions.onSaved(uri.fsPath, toBoundFolder(bound));
    if (outcome.kind === 'queued') return;
    const message = outcome.kind === 'skipped' ? outcome.reason : outcome.message;
    if (this.isRepeat(uri.fsPath, message)) return;
    this.parts.history.record({ type: outcome.kind, file: uri.fsPath, message });
    this.parts.services.logger.info(`DAG sync: ${message}`);
    if (outcome.kind === 'skipped') {
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(circle-slash) MWAA: {0}', briefly(message)), 8000);
    } else if (!this.untrustedShown) {
      this.untrustedShown = true;
      this.parts.services.notify.warn(vscode.l10n.t('MWAA: {0}', message), [{ label: vscode.l10n.t('Manage Workspace Trust'), command: 'workbench.trust.manage' }], 'sync');
    }
  }

  /** The same outcome for the same file moments ago: already said. */
  private isRepeat(file: string, message: string): boolean {
    const now = Date.now();
    const last = this.lastSkip;
    this.lastSkip = { file, message, at: now };
    return last !== undefined && last.file === file && last.message === message && now - last.at < REPEAT_WINDOW_MS;
  }

  /** False when a gate stopped the upload (recorded as `blocked`; Upload Anyway uploads without asking again). */
  private async passesGates(uri: vscode.Uri, bound: BoundFolderInfo): Promise<boolean> {
    const anyway = () => this.upload(uri, bound, false).catch(this.parts.onError);
    const decision = await this.parts.services.uploadGates.beforeUpload(uri, bound, () => void anyway());
    if (decision.upload) return true;
    this.parts.history.record({ type: 'blocked', file: uri.fsPath, message: decision.reason });
    this.parts.services.logger.info(`DAG sync: ${decision.reason}`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(circle-slash) MWAA: {0}', briefly(decision.reason)), 8000);
    this.parts.decorations.refresh(uri);
    return false;
  }
}
