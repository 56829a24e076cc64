/**
 * The sync commands: folder sync and pull, retry, the conflict actions on one file, and the status
 * bar's list of pending uploads. Each acts on a bound folder: the one given (or holding the given
 * file), else the only one, else the one the user picks.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { dagKeyFor } from '../../core/sync/dagKeys';
import type { SyncSession, SyncSessions } from '../../core/sync/syncSessions';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { Services } from '../../services/services';
import { boundFolderOf, boundFolders, toBoundFolder, type BoundFolderInfo } from './boundFolders';
import { compareWithRemote, overwriteRemote, pullRemote, type ConflictPrompts } from './conflicts';
import { localFileOf } from './fileStatus';
import { runFolderSync } from './folderSync';
import type { SyncDecorations } from './syncDecorations';

export interface SyncCommandParts {
  readonly services: Pick<Services, 'bindings' | 'trust' | 'prompts' | 'notify'>;
  readonly sessions: SyncSessions;
  readonly decorations: SyncDecorations;
  readonly conflicts: ConflictPrompts;
}

/** Prompt ids of the questions asked here (the folder sync's own are in folderSync.ts). */
export const SYNC_COMMAND_PROMPTS = {
  folder: 'sync.folder',
  pendingUploads: 'sync.pendingUploads',
} as const;

const BIND_ACTION = { label: vscode.l10n.t('Bind Environment…'), command: COMMANDS.environments.bind };

export class SyncCommands {
  constructor(private readonly parts: SyncCommandParts) {}

  table(): CommandTable {
    return {
      [COMMANDS.sync.syncFolder]: this.syncFolder,
      [COMMANDS.sync.pullFolder]: this.pullFolder,
      [COMMANDS.sync.retry]: this.retry,
      [COMMANDS.sync.compare]: this.compare,
      [COMMANDS.sync.overwrite]: this.overwrite,
      [COMMANDS.sync.pull]: this.pull,
      [COMMANDS.sync.showStatus]: this.showStatus,
    };
  }

  readonly syncFolder = async (folder?: unknown) => {
    this.parts.services.trust.require();
    try {
      return await runFolderSync(await this.sessionOf(folder, vscode.l10n.t('Sync which folder with its environment?')), 'sync', this.parts.services);
    } finally {
      // Uploaded (or found identical in S3): the explorer's badges change for many files at once.
      this.parts.decorations.refresh();
    }
  };

  readonly pullFolder = async (folder?: unknown) => {
    this.parts.services.trust.require();
    try {
      return await runFolderSync(await this.sessionOf(folder, vscode.l10n.t('Pull which folder from its environment?')), 'pull', this.parts.services);
    } finally {
      this.parts.decorations.refresh();
    }
  };

  readonly retry = () => {
    this.parts.services.trust.require();
    this.parts.sessions.resumeAll();
  };

  readonly compare = async (arg?: unknown) => {
    this.parts.services.trust.require();
    const t = await this.fileTarget(arg, vscode.l10n.t('Compare with S3'));
    await compareWithRemote(t.session, t.key, t.file);
  };

  readonly overwrite = async (arg?: unknown) => {
    this.parts.services.trust.require();
    const t = await this.fileTarget(arg, vscode.l10n.t('Overwrite in S3'));
    overwriteRemote(t.session, t.key, t.file);
  };

  readonly pull = async (arg?: unknown) => {
    this.parts.services.trust.require();
    const t = await this.fileTarget(arg, vscode.l10n.t('Pull from S3'));
    if (await pullRemote(t.session, t.key, t.file, this.parts.services.prompts)) this.parts.decorations.refresh(vscode.Uri.file(t.file));
  };

  /** The status bar's click: every pending upload, with what can be done about it. */
  readonly showStatus = async () => {
    const items = pendingItems(this.parts.sessions, this.parts.conflicts);
    if (items.length === 0) {
      this.parts.services.notify.info(vscode.l10n.t('MWAA: no uploads pending; every saved file under a bound folder is in S3.'), [], 'sync');
      return;
    }
    const picked = await this.parts.services.prompts.pick(SYNC_COMMAND_PROMPTS.pendingUploads, items, { title: vscode.l10n.t('MWAA DAG sync: pending uploads'), matchOnDetail: true });
    await picked?.run?.();
  };

  /** The session of the bound folder a command acts on: the one given (or holding the given file), else picked. */
  async sessionOf(arg: unknown, purpose: string): Promise<SyncSession> {
    const { bindings, prompts } = this.parts.services;
    const all = boundFolders(bindings);
    let info: BoundFolderInfo | undefined;
    if (arg instanceof vscode.Uri) {
      info = all.find((f) => f.uri.fsPath === arg.fsPath) ?? boundFolderOf(bindings, arg);
      if (!info) throw new UserFacingError(vscode.l10n.t('{0} is not in a folder bound to an MWAA environment: bind its folder first.', arg.fsPath), [BIND_ACTION]);
    } else if (all.length === 1) {
      info = all[0];
    } else if (all.length > 1) {
      const items = all.map((f) => ({ label: vscode.workspace.asRelativePath(f.uri), description: `${f.binding.name} · s3://${f.binding.bucket}/${f.binding.dagS3Path ?? ''}`, f }));
      const picked = await prompts.pick(SYNC_COMMAND_PROMPTS.folder, items, { title: purpose });
      if (!picked) throw new vscode.CancellationError();
      info = picked.f;
    }
    if (!info) throw new UserFacingError(vscode.l10n.t('No folder is bound to an MWAA environment yet: bind one from the MWAA view (right-click an environment) first.'), [BIND_ACTION]);
    return this.parts.sessions.sessionFor(toBoundFolder(info));
  }

  private async fileTarget(arg: unknown, purpose: string): Promise<{ session: SyncSession; key: string; file: string }> {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') throw new UserFacingError(vscode.l10n.t('{0}: open a file of a bound folder first.', purpose));
    const session = await this.sessionOf(uri, purpose);
    return { session, key: dagKeyFor(uri.fsPath, session.binding), file: uri.fsPath };
  }
}

type PendingItem = vscode.QuickPickItem & { run?: () => unknown };

/** The status list: retry (when anything failed or is paused), then every pending upload. */
function pendingItems(sessions: SyncSessions, conflicts: ConflictPrompts): PendingItem[] {
  const items: PendingItem[] = [];
  const started = sessions.started();
  if (started.some((s) => { const c = s.queue.counts(); return c.failed > 0 || c.paused; })) {
    items.push({ label: vscode.l10n.t('$(refresh) Retry failed and paused uploads'), run: () => sessions.resumeAll() });
  }
  for (const s of started) {
    for (const p of s.queue.pending()) {
      const file = localFileOf(s, p.key);
      const icon = { waiting: '$(clock)', uploading: '$(sync~spin)', failed: '$(error)', conflict: '$(warning)' }[p.status];
      items.push({
        label: `${icon} ${p.key}`, description: p.status, ...(p.lastError ? { detail: p.lastError } : {}),
        run: file && p.status === 'conflict' ? () => conflicts.show(s, p.key, file, p.lastError ?? vscode.l10n.t('{0} changed in S3.', p.key))
          : p.status === 'failed' ? () => s.queue.resume() : undefined,
      });
    }
  }
  return items;
}
