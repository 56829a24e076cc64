/**
 * "MWAA: Sync Folder…" and "MWAA: Pull Folder…": compare the bound folder with the DAGs prefix
 * (local hashes against the listing's ETags), show the dry-run plan in a quick pick where every
 * change can be unticked, then apply it with progress and cancel. Objects only in S3 are pulled,
 * left alone, or deleted; deleting always asks again in a modal dialog.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { listLocalFiles } from '../../core/sync/localFiles';
import { applyPlan, computePlan, listRemote, type ApplyResult, type PlanAction, type PlanItem, type SyncPlan } from '../../core/sync/syncPlan';
import type { SyncSession } from '../../core/sync/syncSessions';

/** What a test (only in test mode) passes instead of answering the dialogs. */
export interface FolderSyncAnswers {
  readonly confirmed?: boolean;
  readonly dryRun?: boolean;
  readonly remoteOnly?: 'pull' | 'delete-remote' | 'keep';
  readonly overwriteConflicts?: boolean;
}

export interface FolderSyncResult {
  readonly counts: SyncPlan['counts'];
  readonly skipped: number;
  readonly applied?: ApplyResult['applied'];
  readonly failed?: ApplyResult['failed'];
  readonly cancelled?: boolean;
}

const LABEL: Record<PlanAction, string> = {
  upload: '$(add) upload', update: '$(arrow-up) update', conflict: '$(warning) overwrite (changed in S3)', 'delete-remote': '$(trash) delete from S3', pull: '$(arrow-down) pull', unchanged: 'unchanged',
};

export function describePlan(c: SyncPlan['counts']): string {
  const parts = ([['upload', 'to upload'], ['update', 'to update'], ['conflict', 'changed in S3 (conflict)'], ['pull', 'to pull'], ['delete-remote', 'to delete from S3'], ['unchanged', 'unchanged']] as const)
    .filter(([k]) => c[k] > 0).map(([k, what]) => `${c[k]} ${what}`);
  return parts.join(', ') || 'nothing to compare';
}

export async function runFolderSync(session: SyncSession, mode: 'sync' | 'pull', answers: FolderSyncAnswers | undefined): Promise<FolderSyncResult | undefined> {
  const { binding, store, state } = session;
  const target = `s3://${binding.bucket}/${binding.prefix}/`;
  const plan0 = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MWAA: comparing ${binding.folder} with ${target}`, cancellable: true }, async (_p, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const [local, remote] = await Promise.all([listLocalFiles(binding.folder, session.filter, { signal: abort.signal }), listRemote(store, abort.signal)]);
    return computePlan(local, remote, state, binding, session.filter, { remoteOnly: 'pull' });
  });
  let remoteOnly = mode === 'pull' ? 'pull' : answers?.remoteOnly;
  if (!remoteOnly && plan0.counts.pull > 0) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: '$(arrow-down) Pull them into the folder', value: 'pull' as const },
        { label: '$(circle-slash) Leave them in S3', value: 'keep' as const },
        { label: '$(trash) Delete them from S3', description: 'asks again before deleting', value: 'delete-remote' as const },
      ],
      { title: `${plan0.counts.pull} object(s) exist in ${target} but not in the folder`, ignoreFocusOut: true },
    );
    if (!pick) throw new vscode.CancellationError();
    remoteOnly = pick.value;
  }
  const plan = retarget(plan0, mode, remoteOnly ?? 'pull');
  if (answers?.dryRun) return { counts: plan.counts, skipped: plan.skipped.length };

  const actionable = plan.items.filter((i) => i.action !== 'unchanged');
  if (actionable.length === 0) {
    void vscode.window.showInformationMessage(`MWAA: ${binding.folder} and ${target} are in sync (${describePlan(plan.counts)}).`);
    return { counts: plan.counts, skipped: plan.skipped.length };
  }
  let chosen: PlanItem[] = actionable.filter((i) => i.action !== 'conflict' || answers?.overwriteConflicts);
  if (!answers?.confirmed) {
    const items = actionable.map((i) => ({ label: i.rel, description: LABEL[i.action], picked: i.action !== 'conflict', item: i }));
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true, ignoreFocusOut: true, matchOnDescription: true,
      title: `Sync plan (dry run): ${describePlan(plan.counts)}${plan.skipped.length ? `; ${plan.skipped.length} never uploaded` : ''}`,
      placeHolder: 'Untick what should not happen, then OK to apply',
    });
    if (!picked) throw new vscode.CancellationError();
    chosen = picked.map((p) => p.item);
  }
  const deletes = chosen.filter((i) => i.action === 'delete-remote');
  if (deletes.length && !answers?.confirmed) {
    const ok = await vscode.window.showWarningMessage(
      `Delete ${deletes.length} object(s) from ${target}?`,
      { modal: true, detail: `${deletes.slice(0, 10).map((d) => d.key).join('\n')}${deletes.length > 10 ? `\n… and ${deletes.length - 10} more` : ''}\n\nAirflow stops seeing these files at the next sync. With bucket versioning the old versions remain.` },
      'Delete',
    );
    if (ok !== 'Delete') chosen = chosen.filter((i) => i.action !== 'delete-remote');
  }
  if (chosen.length === 0) return { counts: plan.counts, skipped: plan.skipped.length };

  const work: SyncPlan = { ...plan, items: chosen };
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MWAA: ${mode === 'pull' ? 'pulling from' : 'syncing with'} ${target}`, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return applyPlan(work, {
      store, state, signal: abort.signal,
      confirmDeletes: deletes.length > 0, overwriteConflicts: chosen.some((i) => i.action === 'conflict'),
      onProgress: (p) => progress.report({ increment: 100 / p.total, message: `${p.done}/${p.total} ${p.item.rel}` }),
    });
  });
  const summary = `${Object.entries(result.applied).filter(([, n]) => n).map(([a, n]) => `${n} ${a}`).join(', ') || 'nothing applied'}`;
  if (result.failed.length) {
    throw new UserFacingError(`MWAA sync: ${summary}; ${result.failed.length} failed, e.g. ${result.failed[0]!.key}: ${result.failed[0]!.message}. Run the sync again to retry them.`);
  }
  void vscode.window.showInformationMessage(`MWAA sync ${result.cancelled ? 'cancelled' : 'done'}: ${summary}.`);
  return { counts: plan.counts, skipped: plan.skipped.length, applied: result.applied, failed: result.failed, cancelled: result.cancelled };
}

/** Applies the user's choices to the plan: pull-only mode, what remote-only objects become. */
function retarget(plan: SyncPlan, mode: 'sync' | 'pull', remoteOnly: 'pull' | 'delete-remote' | 'keep'): SyncPlan {
  let items = plan.items.flatMap((i): PlanItem[] => {
    if (i.action !== 'pull') return [i];
    if (remoteOnly === 'keep') return [];
    return [{ ...i, action: remoteOnly }];
  });
  if (mode === 'pull') items = items.filter((i) => i.action === 'pull' || i.action === 'unchanged');
  const counts: Record<PlanAction, number> = { upload: 0, update: 0, unchanged: 0, conflict: 0, 'delete-remote': 0, pull: 0 };
  for (const i of items) counts[i.action]++;
  return { ...plan, items, counts };
}
