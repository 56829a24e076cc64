/**
 * Binding a folder to an environment (what sync uploads to, what diagnostics lint against) and
 * unbinding it. Any folder inside the workspace can be bound, usually the project's `dags/`:
 * the bound folder stands for the environment's DAGs folder. Binding always asks: a person sees
 * where uploads will go, then is offered the first Sync Folder (helpers such as `common/` must
 * be in S3 before a DAG that imports them is of use).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { dagFolderS3Uri } from '../../core/mwaa/links';
import { COMMANDS } from '../../host/commandIds';
import type { EnvironmentBinding } from '../../services/bindings';
import type { CommandContext } from './commandContext';

/**
 * Binds after the user confirms; returns the environment's key, or undefined when not confirmed.
 * From the Explorer's folder menu the first argument is the folder (the environment is picked).
 */
export async function bindEnvironment(ctx: CommandContext, node: unknown, folderArg: unknown): Promise<string | undefined> {
  const fromExplorer = node instanceof vscode.Uri ? node : undefined;
  const env = await ctx.environments.pickEnvironment(fromExplorer ? undefined : node, vscode.l10n.t('Bind a folder to'));
  const folder = fromExplorer ?? (folderArg instanceof vscode.Uri ? folderArg : await pickFolderToBind(env.name));
  requireWorkspaceFolder(folder);
  const s3 = dagFolderS3Uri(env);
  if (!s3) throw new UserFacingError(vscode.l10n.t('{0} reports no source bucket; it cannot be bound, since DAGs could not be uploaded anywhere.', env.name));
  const bind = vscode.l10n.t('Bind');
  const answer = await ctx.services.prompts.confirm(
    'environments.bind',
    vscode.l10n.t('Bind "{0}" to MWAA environment {1}?', displayName(folder), env.name),
    { modal: true, detail: vscode.l10n.t("Files in this folder will be uploaded to {0} (bucket {1}, profile {2}, region {3}): the folder stands for the environment's DAGs folder. The binding is kept on this machine only.", s3, String(env.bucket), env.profile, env.region) },
    bind,
  );
  if (answer !== bind) return undefined;
  await ctx.services.bindings.set(folder, bindingFor(env));
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(link) {0} bound to {1}', env.name, displayName(folder)), 4000);
  void offerFirstSync(ctx, folder, env.name);
  return environmentKey(env);
}

function bindingFor(env: MwaaEnvironment): EnvironmentBinding {
  return {
    profile: env.profile,
    region: env.region,
    name: env.name,
    ...(env.arn ? { arn: env.arn } : {}),
    ...(env.bucket ? { bucket: env.bucket } : {}),
    ...(env.dagS3Path !== undefined ? { dagS3Path: env.dagS3Path } : {}),
    ...(env.airflowVersion.raw ? { airflowVersion: env.airflowVersion.raw } : {}),
    boundAt: new Date().toISOString(),
  };
}

export async function unbindEnvironment(ctx: CommandContext, folderArg: unknown): Promise<void> {
  const bindings = ctx.services.bindings;
  let folder = folderArg instanceof vscode.Uri ? folderArg : undefined;
  if (!folder) {
    const bound = Object.keys(bindings.all()).map((u) => vscode.Uri.parse(u));
    if (bound.length === 0) throw new UserFacingError(vscode.l10n.t('No folder is bound to an MWAA environment.'));
    folder = bound.length === 1 ? bound[0]! : (await vscode.window.showQuickPick(bound.map((u) => ({ label: displayName(u), uri: u })), { placeHolder: vscode.l10n.t('Unbind which folder?') }))?.uri;
    if (!folder) throw new vscode.CancellationError();
  }
  await bindings.set(folder, undefined);
}

/** `sample-project/dags` for a folder inside a workspace folder, else its path. */
export function displayName(folder: vscode.Uri): string {
  const ws = vscode.workspace.getWorkspaceFolder(folder);
  if (!ws) return folder.fsPath;
  const rel = path.relative(ws.uri.fsPath, folder.fsPath);
  return rel ? `${ws.name}/${rel.split(path.sep).join('/')}` : ws.name;
}

function requireWorkspaceFolder(folder: vscode.Uri): void {
  if (folder.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(folder)) {
    throw new UserFacingError(vscode.l10n.t('{0} is not in this workspace: bind a folder of the workspace (open its parent folder first).', folder.fsPath));
  }
  let isDir = false;
  try {
    isDir = fs.statSync(folder.fsPath).isDirectory();
  } catch { /* reported below */ }
  if (!isDir) throw new UserFacingError(vscode.l10n.t('{0} is not a folder: bind the folder that holds your DAG files.', folder.fsPath));
}

interface FolderPick extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
}

/** Workspace folders and their `dags/` folders (recommended first), or any folder through a dialog. */
async function pickFolderToBind(envName: string): Promise<vscode.Uri> {
  const roots = vscode.workspace.workspaceFolders ?? [];
  if (roots.length === 0) throw new UserFacingError(vscode.l10n.t('Open a folder first: an environment is bound to a folder of the workspace.'), [{ label: vscode.l10n.t('Open Folder'), command: 'workbench.action.files.openFolder' }]);
  const items: FolderPick[] = [];
  for (const root of roots) {
    const dags = vscode.Uri.joinPath(root.uri, 'dags');
    if (isDirectory(dags.fsPath)) items.push({ label: `$(folder) ${root.name}/dags`, description: vscode.l10n.t('recommended: the DAGs folder'), uri: dags });
  }
  for (const root of roots) items.push({ label: `$(root-folder) ${root.name}`, description: vscode.l10n.t('the whole workspace folder'), uri: root.uri });
  items.push({ label: vscode.l10n.t('$(folder-opened) Choose Another Folder…') });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t("Bind which folder to {0}? It stands for the environment's DAGs folder.", envName) });
  if (!picked) throw new vscode.CancellationError();
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: roots[0]!.uri, openLabel: vscode.l10n.t('Bind') });
  if (!chosen?.[0]) throw new vscode.CancellationError();
  return chosen[0];
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** After binding: the first Sync Folder, so helper modules reach S3 with the DAGs that import them. */
async function offerFirstSync(ctx: CommandContext, folder: vscode.Uri, envName: string): Promise<void> {
  const sync = vscode.l10n.t('Sync Folder…');
  const choice = await ctx.services.prompts.confirm(
    'environments.firstSync',
    vscode.l10n.t('"{0}" is bound to {1}. Saved files upload from now on; sync the folder once so the files already there (helper modules too) are in S3.', displayName(folder), envName),
    { modal: false },
    sync, vscode.l10n.t('Later'),
  );
  if (choice === sync) await vscode.commands.executeCommand(COMMANDS.sync.syncFolder, folder);
}
