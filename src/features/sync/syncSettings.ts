/**
 * The `mwaa.sync.*` settings, read per folder (resource scope). None of them can send an upload
 * anywhere else: where uploads go is the binding's, kept per machine.
 */
import * as vscode from 'vscode';

export interface SyncSettings {
  /** Upload a file under a bound folder when it is saved. */
  readonly uploadOnSave: boolean;
  /** gitignore-style globs, relative to the bound folder, never uploaded. */
  readonly exclude: readonly string[];
  /** After uploading a DAG file, follow it until Airflow has parsed it (polls the Airflow API). */
  readonly trackVisibility: boolean;
}

export function syncSettings(scope: vscode.Uri): SyncSettings {
  const c = vscode.workspace.getConfiguration('mwaa.sync', scope);
  const exclude = c.get<unknown>('exclude');
  return {
    uploadOnSave: c.get<boolean>('uploadOnSave') !== false,
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    trackVisibility: c.get<boolean>('trackVisibility') !== false,
  };
}
