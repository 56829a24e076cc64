/**
 * Binding a workspace folder to an environment (what sync uploads to, what diagnostics lint
 * against) and unbinding it. Binding always asks: a person sees where uploads will go.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { dagFolderS3Uri } from '../../core/mwaa/links';
import type { EnvironmentBinding } from '../../services/bindings';
import type { CommandContext } from './commandContext';

/** Binds after the user confirms; returns the environment's key, or undefined when not confirmed. */
export async function bindEnvironment(ctx: CommandContext, node: unknown, folderArg: unknown): Promise<string | undefined> {
  const env = await ctx.environments.pickEnvironment(node, 'Bind the workspace folder to');
  const folder = folderArg instanceof vscode.Uri ? folderArg : await pickFolder('Bind which workspace folder to ' + env.name + '?');
  const s3 = dagFolderS3Uri(env);
  if (!s3) throw new UserFacingError(`${env.name} reports no source bucket; it cannot be bound, since DAGs could not be uploaded anywhere.`);
  const answer = await ctx.services.prompts.confirm(
    'environments.bind',
    `Bind "${vscode.workspace.getWorkspaceFolder(folder)?.name ?? folder.fsPath}" to MWAA environment ${env.name}?`,
    { modal: true, detail: `DAGs from this folder will be uploaded to ${s3} (bucket ${env.bucket}, profile ${env.profile}, region ${env.region}). The binding is kept on this machine only.` },
    'Bind',
  );
  if (answer !== 'Bind') return undefined;
  await ctx.services.bindings.set(folder, bindingFor(env));
  vscode.window.setStatusBarMessage(`$(link) ${env.name} bound to this folder`, 4000);
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
  const folder = folderArg instanceof vscode.Uri ? folderArg : await pickFolder('Unbind which workspace folder?', (f) => bindings.get(f.uri) !== undefined);
  await bindings.set(folder, undefined);
}

async function pickFolder(title: string, filter: (f: vscode.WorkspaceFolder) => boolean = () => true): Promise<vscode.Uri> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter(filter);
  if (folders.length === 0) throw new UserFacingError('Open a folder first: an environment is bound to a workspace folder.', [{ label: 'Open Folder', command: 'workbench.action.files.openFolder' }]);
  if (folders.length === 1) return folders[0]!.uri;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: title });
  if (!picked) throw new vscode.CancellationError();
  return picked.uri;
}
