/**
 * The environments view's actions, one small handler each. Each works from a tree node (inline or
 * context menu) and from the command palette, where it asks for the environment with a quick pick.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { shellQuote } from '../../core/aws/awsErrors';
import { sharedConfigPaths } from '../../core/aws/profiles';
import { UserFacingError } from '../../core/errors';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { dagFolderConsoleUrl, dagFolderS3Uri, webserverOrigin } from '../../core/mwaa/links';
import { createWebLoginUrl } from '../../core/mwaa/webLogin';
import { COMMANDS, ENVIRONMENTS_VIEW } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import { activeFolder } from '../../services/bindings';
import { bindEnvironment, unbindEnvironment } from './bindingCommands';
import type { CommandContext } from './commandContext';
import { detailsUri } from './detailsDocument';
import type { EnvNode } from './treeNodes';

const C = COMMANDS.environments;

export function environmentCommands(ctx: CommandContext): CommandTable {
  return {
    [C.refresh]: () => ctx.environments.refresh({ rereadProfiles: true }),
    [C.ssoLogin]: (arg?: unknown) => ssoLogin(ctx, arg),
    [C.openAwsConfig]: () => openAwsConfig(ctx),
    [C.openAirflowUi]: (node?: unknown) => openAirflowUi(ctx, node),
    [C.copyArn]: (node?: unknown) => copyArn(ctx, node),
    [C.copyWebserverUrl]: (node?: unknown) => copyWebserverUrl(ctx, node),
    [C.copyDagsS3Path]: (node?: unknown) => copyDagsS3Path(ctx, node),
    [C.copyDetail]: (node?: unknown) => copyDetail(node),
    [C.openDagsFolder]: (node?: unknown) => openDagsFolder(ctx, node),
    [C.showDetails]: (node?: unknown) => showDetails(ctx, node),
    [C.bind]: (node?: unknown, folder?: unknown) => bindEnvironment(ctx, node, folder),
    [C.unbind]: (folder?: unknown) => unbindEnvironment(ctx, folder),
    [C.revealBound]: () => revealBound(ctx),
  };
}

async function ssoLogin(ctx: CommandContext, arg: unknown): Promise<void> {
  // A profile name (error actions, notifications) or the error node itself (its inline button).
  const node = arg as EnvNode | undefined;
  const profile = typeof arg === 'string' ? arg : node && typeof node === 'object' && node.kind === 'error' ? node.error.profile : undefined;
  const name = profile || undefined;
  const command = name ? `aws sso login --profile ${shellQuote(name)}` : 'aws sso login';
  const terminal = vscode.window.createTerminal({ name: 'AWS SSO login' });
  terminal.show();
  terminal.sendText(command);
  // When the login terminal closes, the new token is on disk: list again with fresh credentials.
  const done = vscode.window.onDidCloseTerminal((t) => {
    if (t !== terminal) return;
    done.dispose();
    void ctx.environments.refresh({ rereadProfiles: true });
  });
}

async function openAwsConfig(ctx: CommandContext): Promise<void> {
  const paths = ctx.environments.model.configPaths ?? sharedConfigPaths();
  const existing = [paths.configFile, paths.credentialsFile].find((p) => fs.existsSync(p));
  if (!existing) {
    throw new UserFacingError(vscode.l10n.t('There is no AWS config file at {0}. Create one with `aws configure sso` or `aws configure`, then refresh the MWAA view.', paths.configFile));
  }
  await vscode.window.showTextDocument(vscode.Uri.file(existing));
}

/** Signs in through a web-login token; returns only the origin it opened, never the token. */
async function openAirflowUi(ctx: CommandContext, node: unknown): Promise<string> {
  ctx.services.trust.require();
  const env = await ctx.environments.pickEnvironment(node, vscode.l10n.t('Open the Airflow UI of'), (e) => e.statusInfo.usable !== 'no');
  const factory = ctx.environments.factory;
  const target = ctx.environments.targetOf(env);
  const endpoint = factory.endpointOf('mwaa', target);
  // Plain http is allowed only for a loopback web server behind a local MWAA stand-in (the sandbox).
  const url = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to the Airflow UI of {0}…', env.name) },
    () => createWebLoginUrl(factory.mwaa(target), env.name, { allowLoopbackHttp: endpoint?.custom ?? false }),
  );
  const uri = vscode.Uri.parse(url, true);
  ctx.services.logger.info(`opening the Airflow UI of ${env.name} at ${uri.scheme}://${uri.authority}`);
  await vscode.env.openExternal(uri);
  return `${uri.scheme}://${uri.authority}`;
}

async function copyArn(ctx: CommandContext, node: unknown): Promise<void> {
  const env = await ctx.environments.pickEnvironment(node, vscode.l10n.t('Copy the ARN of'));
  await copy(env.arn, vscode.l10n.t('ARN'), env);
}

async function copyWebserverUrl(ctx: CommandContext, node: unknown): Promise<void> {
  const env = await ctx.environments.pickEnvironment(node, vscode.l10n.t('Copy the web server URL of'));
  // The sandbox's webserver speaks plain http on loopback; AWS's is always https.
  const local = ctx.environments.factory.endpointOf('mwaa', ctx.environments.targetOf(env))?.custom ?? false;
  await copy(env.webserverHost && webserverOrigin(env.webserverHost, { allowLoopbackHttp: local }), vscode.l10n.t('web server URL'), env);
}

async function copyDagsS3Path(ctx: CommandContext, node: unknown): Promise<void> {
  const env = await ctx.environments.pickEnvironment(node, vscode.l10n.t('Copy the DAGs folder S3 path of'));
  await copy(dagFolderS3Uri(env), vscode.l10n.t('DAGs folder S3 path'), env);
}

async function copyDetail(node: unknown): Promise<void> {
  const detail = node as { kind?: string; copy?: string; label?: string } | undefined;
  if (detail?.kind !== 'detail' || !detail.copy) throw new UserFacingError(vscode.l10n.t('Select a detail row of an environment in the MWAA view to copy it.'));
  await vscode.env.clipboard.writeText(detail.copy);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', String(detail.label)), 3000);
}

async function copy(value: string | undefined, what: string, env: MwaaEnvironment): Promise<void> {
  if (!value) throw new UserFacingError(vscode.l10n.t('{0} reports no {1}; nothing was copied.', env.name, what));
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied the {0} of {1}', what, env.name), 3000);
}

async function openDagsFolder(ctx: CommandContext, node: unknown): Promise<void> {
  const env = await ctx.environments.pickEnvironment(node, vscode.l10n.t('Open the DAGs folder in the S3 console of'));
  const url = dagFolderConsoleUrl(env);
  if (!url) throw new UserFacingError(vscode.l10n.t('{0} reports no source bucket, so it has no DAGs folder to open.', env.name));
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}

/** Opens the read-only details document; returns its URI. */
async function showDetails(ctx: CommandContext, node: unknown): Promise<string> {
  const env = await ctx.environments.pickEnvironment(node, vscode.l10n.t('Show the details of'));
  const doc = await vscode.workspace.openTextDocument(detailsUri(env));
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  // Rendered (tables, links), not the Markdown source; the source only where no preview exists.
  try {
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return doc.uri.toString();
}

async function revealBound(ctx: CommandContext): Promise<void> {
  await vscode.commands.executeCommand(`${ENVIRONMENTS_VIEW}.focus`);
  const folder = activeFolder();
  const binding = folder && ctx.services.bindings.get(folder.uri);
  if (!binding) return;
  const node = await ctx.provider.nodeFor(environmentKey(binding));
  if (node) await ctx.view.reveal(node, { select: true, focus: true, expand: false });
}
