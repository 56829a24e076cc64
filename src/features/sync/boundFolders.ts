/**
 * Bound folders as sync needs them, from the BindingStore: the folder's path, bucket, DAGs
 * prefix and Airflow major. Activation-time code: no AWS, no sync core beyond pure helpers.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { dagPrefix } from '../../core/sync/dagKeys';
import { innermostFolder } from '../../core/sync/folderLookup';
import type { BoundFolder } from '../../core/sync/syncSessions';
import { COMMANDS } from '../../host/commandIds';
import type { BindingStore, EnvironmentBinding } from '../../services/bindings';

export interface BoundFolderInfo {
  readonly uri: vscode.Uri;
  readonly binding: EnvironmentBinding;
}

/** Every bound local folder (open in this window or not: bindings are per machine). */
export function boundFolders(bindings: BindingStore): BoundFolderInfo[] {
  const out: BoundFolderInfo[] = [];
  for (const [uri, binding] of Object.entries(bindings.all())) {
    const parsed = vscode.Uri.parse(uri);
    if (parsed.scheme === 'file') out.push({ uri: parsed, binding });
  }
  return out;
}

/**
 * The innermost bound folder holding `uri`, if any (a cheap lexical check, run on every save).
 * Compared as file-system paths (resolved, so `..` and trailing separators do not matter), which
 * BindingStore.bindingOf's URI-prefix match does not do.
 */
export function boundFolderOf(bindings: BindingStore, uri: vscode.Uri): BoundFolderInfo | undefined {
  if (uri.scheme !== 'file') return undefined;
  return innermostFolder(uri.fsPath, boundFolders(bindings).map((f) => [f.uri.fsPath, f] as const))?.value;
}

/** Whether a local folder is (inside) a workspace folder of this window. */
export function isOpenInWindow(folder: string): boolean {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder)) !== undefined;
}

/** The binding as the sync core takes it; a binding without a bucket cannot be synced. */
export function toBoundFolder(info: BoundFolderInfo): BoundFolder {
  const b = info.binding;
  if (!b.bucket) throw new UserFacingError(vscode.l10n.t('{0} is bound to {1}, but the binding has no bucket: bind the folder again.', info.uri.fsPath, b.name), [{ label: vscode.l10n.t('Bind Again'), command: COMMANDS.environments.bind }]);
  const major = Number.parseInt(b.airflowVersion ?? '', 10);
  return {
    folder: info.uri.fsPath, bucket: b.bucket, prefix: dagPrefix(b.dagS3Path), envKey: environmentKey(b), profile: b.profile, region: b.region,
    ...(Number.isFinite(major) ? { airflowMajor: major } : {}),
  };
}

/** Every bound folder the sync core can use (a binding without a bucket is reported when a file under it is saved). */
export function syncableFolders(bindings: BindingStore): BoundFolder[] {
  return boundFolders(bindings).flatMap((f) => {
    try {
      return [toBoundFolder(f)];
    } catch {
      return [];
    }
  });
}
