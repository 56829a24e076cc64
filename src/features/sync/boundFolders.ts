/**
 * Bound folders as sync needs them, from the BindingStore: the folder's path, bucket, DAGs
 * prefix and Airflow major. Activation-time code: no AWS, no sync core beyond pure helpers.
 */
import * as vscode from 'vscode';
import type { BindingStore, EnvironmentBinding } from '../environments/bindingStore';
import { environmentKey } from '../environments/environmentKey';
import { innermostFolder } from '../../core/sync/folderLookup';

export interface BoundFolderInfo {
  readonly uri: vscode.Uri;
  readonly binding: EnvironmentBinding;
}

/** Every bound local folder. */
export function boundFolders(bindings: BindingStore): BoundFolderInfo[] {
  const out: BoundFolderInfo[] = [];
  for (const [uri, binding] of Object.entries(bindings.all())) {
    const parsed = vscode.Uri.parse(uri);
    if (parsed.scheme === 'file') out.push({ uri: parsed, binding });
  }
  return out;
}

/** The innermost bound folder holding `uri`, if any (a cheap lexical check, run on every save). */
export function boundFolderOf(bindings: BindingStore, uri: vscode.Uri): BoundFolderInfo | undefined {
  if (uri.scheme !== 'file') return undefined;
  return innermostFolder(uri.fsPath, boundFolders(bindings).map((f) => [f.uri.fsPath, f] as const))?.value;
}

export function envKeyOf(binding: EnvironmentBinding): string {
  return environmentKey(binding);
}
