/**
 * "MWAA: Sync Folder…" and "MWAA: Pull Folder…": compare the bound folder with the DAGs prefix
 * (local hashes against the listing's ETags), show the dry-run plan in a quick pick where every
 * change can be unticked, then apply it with progress and cancel. Objects only in S3 are pulled,
 * left alone, or deleted; deleting always asks again in a modal dialog.
 */
import * as vscode from 'vscode';
import { appliedSummary } from '../../core/sync/appliedSummary';
import { UserFacingError } from '../../core/errors';
import { listLocalFiles } from '../../core/sync/localFiles';
import { applyPlan, computePlan, listRemote, type ApplyResult, type PlanAction, type PlanItem, type SyncPlan } from '../../core/sync/syncPlan';
import type { SyncSession } from '../../core/sync/syncSessions';
import { withAbortSignal } from '../../host/abortSignal';
import type { Notifier } from '../../host/notify';
import type { Prompts } from '../../host/prompts';

export type FolderSyncMode = 'sync' | 'pull';

/** What becomes of objects that are in S3 but not in the folder. */
export type RemoteOnlyChoice = 'pull' | 'delete-remote' | 'keep';

/** The plan's counts, before anything is applied. */
export interface FolderSyncPreview {
  readonly counts: SyncPlan['counts'];
  readonly skipped: number;
}

export interface FolderSyncResult extends FolderSyncPreview {
  readonly applied?: ApplyResult['applied'];
  readonly failed?: ApplyResult['failed'];
  readonly cancelled?: boolean;
}

/** The questions a folder sync asks and the notices it shows. */
export interface FolderSyncUi {
  readonly prompts: Prompts;
  readonly notify: Notifier;
}

/** Prompt ids (tests answer them through the prompt seams). */
export const FOLDER_SYNC_PROMPTS = {
  remoteOnly: 'sync.remoteOnly',
  plan: 'sync.plan',
  confirmDelete: 'sync.confirmDelete',
} as const;

const LABEL: Record<PlanAction, string> = {
  upload: vscode.l10n.t('$(add) upload'), update: vscode.l10n.t('$(arrow-up) update'), conflict: vscode.l10n.t('$(warning) overwrite (changed in S3)'), 'delete-remote': vscode.l10n.t('$(trash) delete from S3'), pull: vscode.l10n.t('$(arrow-down) pull'), unchanged: 'unchanged',
};

export function describePlan(c: SyncPlan['counts']): string {
  const parts = ([['upload', vscode.l10n.t('to upload')], ['update', vscode.l10n.t('to update')], ['conflict', vscode.l10n.t('changed in S3 (conflict)')], ['pull', vscode.l10n.t('to pull')], ['delete-remote', vscode.l10n.t('to delete from S3')], ['unchanged', 'unchanged']] as const)
    .filter(([k]) => c[k] > 0).map(([k, what]) => `${c[k]} ${what}`);
  return parts.join(', ') || vscode.l10n.t('nothing to compare');
}

const targetOf = (session: SyncSession) => `s3://${session.binding.bucket}/${session.binding.prefix}/`;
const previewOf = (plan: SyncPlan): FolderSyncPreview => ({ counts: plan.counts, skipped: plan.skipped.length });

/**
 * The plan step: compares the folder with S3 and settles what objects only in S3 become (`remoteOnly`
 * when the caller knows, else the user is asked when there are any). Writes nothing.
 */
export async function planFolderSync(session: SyncSession, mode: FolderSyncMode, prompts: Prompts, remoteOnly?: RemoteOnlyChoice): Promise<SyncPlan> {
  const { binding, store, state } = session;
  const plan0 = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('MWAA: comparing {0} with {1}', binding.folder, targetOf(session)), cancellable: true },
    (_p, token) => withAbortSignal(token, async (signal) => {
      const [local, remote] = await Promise.all([listLocalFiles(binding.folder, session.filter, { signal }), listRemote(store, signal)]);
      return computePlan(local, remote, state, binding, session.filter, { remoteOnly: 'pull' });
    }),
  );
  let choice = mode === 'pull' ? 'pull' : remoteOnly;
  if (!choice && plan0.counts.pull > 0) choice = await askRemoteOnly(prompts, plan0.counts.pull, targetOf(session));
  return retarget(plan0, mode, choice ?? 'pull');
}

async function askRemoteOnly(prompts: Prompts, count: number, target: string): Promise<RemoteOnlyChoice> {
  const pick = await prompts.pick(
    FOLDER_SYNC_PROMPTS.remoteOnly,
    [
      { label: vscode.l10n.t('$(arrow-down) Pull them into the folder'), value: 'pull' as const },
      { label: vscode.l10n.t('$(circle-slash) Leave them in S3'), value: 'keep' as const },
      { label: vscode.l10n.t('$(trash) Delete them from S3'), description: vscode.l10n.t('asks again before deleting'), value: 'delete-remote' as const },
    ],
    { title: vscode.l10n.t('{0} object(s) exist in {1} but not in the folder', count, target), ignoreFocusOut: true },
  );
  if (!pick) throw new vscode.CancellationError();
  return pick.value;
}

/** The whole command: plan, let the user untick and confirm, apply. */
export async function runFolderSync(session: SyncSession, mode: FolderSyncMode, ui: FolderSyncUi): Promise<FolderSyncResult> {
  const plan = await planFolderSync(session, mode, ui.prompts);
  const actionable = plan.items.filter((i) => i.action !== 'unchanged');
  if (actionable.length === 0) {
    ui.notify.info(vscode.l10n.t('MWAA: {0} and {1} are in sync ({2}).', session.binding.folder, targetOf(session), describePlan(plan.counts)), [], 'sync');
    return previewOf(plan);
  }
  const chosen = await chooseItems(plan, actionable, ui.prompts, targetOf(session));
  if (chosen.length === 0) return previewOf(plan);
  return applyChosen(session, mode, plan, chosen, ui.notify);
}

/** The plan's quick pick (conflicts unticked), then the modal confirmation of any deletes. */
async function chooseItems(plan: SyncPlan, actionable: readonly PlanItem[], prompts: Prompts, target: string): Promise<PlanItem[]> {
  const items = actionable.map((i) => ({ label: i.rel, description: LABEL[i.action], picked: i.action !== 'conflict', item: i }));
  const picked = await prompts.pick(FOLDER_SYNC_PROMPTS.plan, items, {
    canPickMany: true, ignoreFocusOut: true, matchOnDescription: true,
    title: vscode.l10n.t('Sync plan (dry run): {0}{1}', describePlan(plan.counts), plan.skipped.length ? vscode.l10n.t('; {0} never uploaded', plan.skipped.length) : ''),
    placeHolder: vscode.l10n.t('Untick what should not happen, then OK to apply'),
  });
  if (!picked) throw new vscode.CancellationError();
  const chosen = picked.map((p) => p.item);
  const deletes = chosen.filter((i) => i.action === 'delete-remote');
  if (deletes.length === 0) return chosen;
  const ok = await prompts.confirm(
    FOLDER_SYNC_PROMPTS.confirmDelete,
    vscode.l10n.t('Delete {0} object(s) from {1}?', deletes.length, target),
    { modal: true, warning: true, detail: vscode.l10n.t('{0}{1}\n\nAirflow stops seeing these files at the next sync. With bucket versioning the old versions remain.', deletes.slice(0, 10).map((d) => d.key).join('\n'), deletes.length > 10 ? vscode.l10n.t('\n… and {0} more', deletes.length - 10) : '') },
    vscode.l10n.t('Delete'),
  );
  return ok === vscode.l10n.t('Delete') ? chosen : chosen.filter((i) => i.action !== 'delete-remote');
}

/** The apply step, with progress and cancel. */
async function applyChosen(session: SyncSession, mode: FolderSyncMode, plan: SyncPlan, chosen: readonly PlanItem[], notify: Notifier): Promise<FolderSyncResult> {
  const work: SyncPlan = { ...plan, items: [...chosen] };
  const title = mode === 'pull' ? vscode.l10n.t('MWAA: pulling from {0}', targetOf(session)) : vscode.l10n.t('MWAA: syncing with {0}', targetOf(session));
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
    withAbortSignal(token, (signal) => applyPlan(work, {
      store: session.store, state: session.state, signal,
      confirmDeletes: chosen.some((i) => i.action === 'delete-remote'), overwriteConflicts: chosen.some((i) => i.action === 'conflict'),
      onProgress: (p) => progress.report({ increment: 100 / p.total, message: `${p.done}/${p.total} ${p.item.rel}` }),
    })),
  );
  const summary = appliedSummary(result.applied);
  if (result.failed.length) {
    throw new UserFacingError(vscode.l10n.t('MWAA sync: {0}; {1} failed, e.g. {2}: {3}. Run the sync again to retry them.', summary, result.failed.length, result.failed[0]!.key, result.failed[0]!.message));
  }
  notify.info(result.cancelled ? vscode.l10n.t('MWAA sync cancelled: {0}.', summary) : vscode.l10n.t('MWAA sync done: {0}.', summary), [], 'sync');
  return { ...previewOf(plan), applied: result.applied, failed: result.failed, cancelled: result.cancelled };
}

/** Applies the user's choices to the plan: pull-only mode, what remote-only objects become. */
function retarget(plan: SyncPlan, mode: FolderSyncMode, remoteOnly: RemoteOnlyChoice): SyncPlan {
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

/** The plan step alone, for inspection: what a sync would do, nothing applied. */
export async function previewFolderSync(session: SyncSession, prompts: Prompts, remoteOnly?: RemoteOnlyChoice): Promise<FolderSyncPreview> {
  return previewOf(await planFolderSync(session, 'sync', prompts, remoteOnly));
}
