/**
 * The explorer's actions. Each works from a tree node (inline or context menu) and from the
 * command palette, where it asks for the environment with a quick pick.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { shellQuote } from '../../core/aws/awsErrors';
import type { AwsClientFactory } from '../../core/aws/clientFactory';
import { sharedConfigPaths } from '../../core/aws/profiles';
import { UserFacingError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { MwaaEnvironment, MwaaLogGroup } from '../../core/mwaa/environment';
import { dagFolderConsoleUrl, dagFolderS3Uri, webserverOrigin } from '../../core/mwaa/links';
import { createWebLoginUrl } from '../../core/mwaa/webLogin';
import type { CommandRegistry } from '../../host/commands';
import { activeFolder, type BindingStore } from './bindingStore';
import { ENVIRONMENT_COMMANDS } from './commandIds';
import { detailsUri } from './detailsDocument';
import type { EnvironmentsModel } from './environmentsModel';
import type { EnvironmentsProvider } from './environmentsProvider';
import { environmentKey, type EnvNode } from './treeNodes';
import { fetchEnvironmentByKey, parseEnvironmentKey } from './environmentLookup';
import { cloudWatchTransport } from '../../core/logs/cloudWatchTransport';
import { openTailTerminal } from '../logs/tailTerminal';


export interface CommandDeps {
  readonly model: EnvironmentsModel;
  readonly provider: EnvironmentsProvider;
  readonly view: vscode.TreeView<EnvNode>;
  readonly bindings: BindingStore;
  /** Where handlers go: the explorer's table, which the activation-time commands call into. */
  readonly commands: Pick<CommandRegistry, 'register'>;
  readonly factory: () => AwsClientFactory;
  readonly refresh: (options?: { rereadProfiles?: boolean }) => Promise<void>;
  readonly requireTrust: () => void;
  /** Running under the extension test runner: commands may take a pre-confirmed answer. */
  readonly testMode: boolean;
  readonly logger: Logger;
}

export function registerEnvironmentCommands(deps: CommandDeps): void {
  const { commands, model, bindings } = deps;
  const pick = (node: unknown, purpose: string, filter?: (e: MwaaEnvironment) => boolean) => resolveEnvironment(deps, node, purpose, filter);

  commands.register(ENVIRONMENT_COMMANDS.refresh, () => deps.refresh({ rereadProfiles: true }));

  commands.register(ENVIRONMENT_COMMANDS.ssoLogin, async (arg?: unknown) => {
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
      void deps.refresh({ rereadProfiles: true });
    });
  });

  commands.register(ENVIRONMENT_COMMANDS.openAwsConfig, async () => {
    const paths = model.configPaths ?? sharedConfigPaths();
    const existing = [paths.configFile, paths.credentialsFile].find((p) => fs.existsSync(p));
    if (!existing) {
      throw new UserFacingError(`There is no AWS config file at ${paths.configFile}. Create one with \`aws configure sso\` or \`aws configure\`, then refresh the MWAA view.`);
    }
    await vscode.window.showTextDocument(vscode.Uri.file(existing));
  });

  commands.register(ENVIRONMENT_COMMANDS.openAirflowUi, async (node?: unknown) => {
    deps.requireTrust();
    const env = await pick(node, 'Open the Airflow UI of', (e) => e.statusInfo.usable !== 'no');
    const factory = deps.factory();
    const target = model.targetOf(env);
    const endpoint = factory.endpointOf('mwaa', target);
    // Plain http is allowed only for a loopback web server behind a local MWAA stand-in (the sandbox).
    const url = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to the Airflow UI of ${env.name}…` },
      () => createWebLoginUrl(factory.mwaa(target), env.name, { allowLoopbackHttp: endpoint?.custom ?? false }),
    );
    const uri = vscode.Uri.parse(url, true);
    deps.logger.info(`opening the Airflow UI of ${env.name} at ${uri.scheme}://${uri.authority}`);
    await vscode.env.openExternal(uri);
    // Only the origin, never the token: what tests and callers may know about where it went.
    return `${uri.scheme}://${uri.authority}`;
  });

  commands.register(ENVIRONMENT_COMMANDS.copyArn, async (node?: unknown) => {
    const env = await pick(node, 'Copy the ARN of');
    await copy(env.arn, 'ARN', env);
  });
  commands.register(ENVIRONMENT_COMMANDS.copyWebserverUrl, async (node?: unknown) => {
    const env = await pick(node, 'Copy the web server URL of');
    // The sandbox's webserver speaks plain http on loopback; AWS's is always https.
    const local = deps.factory().endpointOf('mwaa', model.targetOf(env))?.custom ?? false;
    await copy(env.webserverHost && webserverOrigin(env.webserverHost, { allowLoopbackHttp: local }), 'web server URL', env);
  });
  commands.register(ENVIRONMENT_COMMANDS.copyDagsS3Path, async (node?: unknown) => {
    const env = await pick(node, 'Copy the DAGs folder S3 path of');
    await copy(dagFolderS3Uri(env), 'DAGs folder S3 path', env);
  });
  commands.register(ENVIRONMENT_COMMANDS.copyDetail, async (node?: unknown) => {
    const detail = node as { kind?: string; copy?: string; label?: string } | undefined;
    if (detail?.kind !== 'detail' || !detail.copy) throw new UserFacingError('Select a detail row of an environment in the MWAA view to copy it.');
    await vscode.env.clipboard.writeText(detail.copy);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${detail.label}`, 3000);
  });

  commands.register(ENVIRONMENT_COMMANDS.openDagsFolder, async (node?: unknown) => {
    const env = await pick(node, 'Open the DAGs folder in the S3 console of');
    const url = dagFolderConsoleUrl(env);
    if (!url) throw new UserFacingError(`${env.name} reports no source bucket, so it has no DAGs folder to open.`);
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  });

  commands.register(ENVIRONMENT_COMMANDS.showDetails, async (node?: unknown) => {
    const env = await pick(node, 'Show the details of');
    const doc = await vscode.workspace.openTextDocument(detailsUri(env));
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc.uri.toString();
  });

  commands.register(ENVIRONMENT_COMMANDS.bind, async (node?: unknown, folderArg?: unknown, options?: { confirmed?: boolean }) => {
    const env = await pick(node, 'Bind the workspace folder to');
    const folder = folderArg instanceof vscode.Uri ? folderArg : await pickFolder('Bind which workspace folder to ' + env.name + '?');
    const s3 = dagFolderS3Uri(env);
    if (!s3) throw new UserFacingError(`${env.name} reports no source bucket; it cannot be bound, since DAGs could not be uploaded anywhere.`);
    // A person always sees where uploads will go; only the test runner may pre-confirm.
    if (!(deps.testMode && options?.confirmed)) {
      const answer = await vscode.window.showInformationMessage(
        `Bind "${vscode.workspace.getWorkspaceFolder(folder)?.name ?? folder.fsPath}" to MWAA environment ${env.name}?`,
        { modal: true, detail: `DAGs from this folder will be uploaded to ${s3} (bucket ${env.bucket}, profile ${env.profile}, region ${env.region}). The binding is kept on this machine only.` },
        'Bind',
      );
      if (answer !== 'Bind') return undefined;
    }
    await bindings.set(folder, {
      profile: env.profile,
      region: env.region,
      name: env.name,
      ...(env.arn ? { arn: env.arn } : {}),
      ...(env.bucket ? { bucket: env.bucket } : {}),
      ...(env.dagS3Path !== undefined ? { dagS3Path: env.dagS3Path } : {}),
      ...(env.airflowVersion.raw ? { airflowVersion: env.airflowVersion.raw } : {}),
      boundAt: new Date().toISOString(),
    });
    vscode.window.setStatusBarMessage(`$(link) ${env.name} bound to this folder`, 4000);
    return environmentKey(env);
  });

  commands.register(ENVIRONMENT_COMMANDS.tailLogs, async (node?: unknown, kindArg?: unknown, patternArg?: unknown) => {
    const env = await pick(node, 'Tail the logs of');
    const groups = env.logGroups.filter((g) => g.enabled && g.arn);
    if (groups.length === 0) {
      throw new UserFacingError(`${env.name} sends no logs to CloudWatch: enable its log types (Scheduler, Task, …) in the environment's monitoring settings.`);
    }
    // Called with a kind (from code or a test), no questions; from a person, which log and a filter.
    const group = typeof kindArg === 'string' ? groups.find((g) => g.kind === kindArg) : await pickLogGroup(groups);
    if (!group) throw new UserFacingError(`${env.name} has no enabled ${String(kindArg)} log group; enabled: ${groups.map((g) => g.kind).join(', ')}.`);
    const pattern = typeof kindArg === 'string' ? (typeof patternArg === 'string' ? patternArg : '') : await vscode.window.showInputBox({
      title: `Tail ${env.name} ${LOG_KIND_LABELS[group.kind]} logs`,
      prompt: 'Optional CloudWatch filter pattern, e.g. ERROR or "Task failed" (empty: every line)',
      placeHolder: 'filter pattern',
    });
    if (pattern === undefined) throw new vscode.CancellationError();
    const terminal = openTailTerminal({
      title: `${env.name} ${LOG_KIND_LABELS[group.kind]}`,
      transport: cloudWatchTransport(deps.factory().logs(model.targetOf(env))),
      target: { logGroupArns: [group.arn!], ...(pattern.trim() ? { filterPattern: pattern.trim() } : {}) },
      startTime: Date.now() - 15 * 60_000, // the last quarter hour first, then live
      logger: deps.logger,
    });
    return terminal.name;
  });

  commands.register(ENVIRONMENT_COMMANDS.unbind, async (folderArg?: unknown) => {
    const folder = folderArg instanceof vscode.Uri ? folderArg : await pickFolder('Unbind which workspace folder?', (f) => bindings.get(f.uri) !== undefined);
    await bindings.set(folder, undefined);
  });

  commands.register(ENVIRONMENT_COMMANDS.revealBound, async () => {
    await vscode.commands.executeCommand('mwaa.environments.focus');
    const folder = activeFolder();
    const binding = folder && bindings.get(folder.uri);
    if (!binding) return;
    const node = await deps.provider.nodeFor(environmentKey(binding));
    if (node) await deps.view.reveal(node, { select: true, focus: true, expand: false });
  });
}

async function copy(value: string | undefined, what: string, env: MwaaEnvironment): Promise<void> {
  if (!value) throw new UserFacingError(`${env.name} reports no ${what}; nothing was copied.`);
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(`$(copy) Copied the ${what} of ${env.name}`, 3000);
}

/** The environment a command acts on: the node it was invoked on, else one the user picks. */
export async function resolveEnvironment(deps: CommandDeps, node: unknown, purpose: string, filter?: (e: MwaaEnvironment) => boolean): Promise<MwaaEnvironment> {
  const n = node as EnvNode | undefined;
  if (n && typeof n === 'object' && n.kind === 'environment') return deps.model.find(n.key) ?? n.env;
  deps.requireTrust();
  await deps.model.ensureLoaded();
  let all = deps.model.environments().filter(filter ?? (() => true));
  if (typeof node === 'string') {
    // A key (profile, region, name) from the tree or a proposal, or a bare name from a proposal.
    const env = deps.model.find(node);
    if (env) return env;
    // A key the listing does not hold (stale, or narrowed by settings) is still exact: ask MWAA.
    if (parseEnvironmentKey(node)) return fetchEnvironmentByKey(deps.model, deps.factory(), node);
    const named = all.filter((e) => e.name === node);
    if (named.length === 1) return named[0]!;
    if (named.length > 1) all = named;
  }
  if (all.length === 0) {
    throw new UserFacingError('No MWAA environments are listed: open the MWAA view to see why (errors appear there), or refresh it.', [
      { label: 'Show MWAA view', command: 'mwaa.environments.focus' },
    ]);
  }
  const picked = await vscode.window.showQuickPick(
    all.map((env) => ({
      label: env.name,
      description: `${env.airflowVersion.raw} · ${env.statusInfo.label}`,
      detail: `${env.profile} · ${env.region}`,
      iconPath: new vscode.ThemeIcon(env.statusInfo.icon.replace(/~spin$/, '')),
      env,
    })),
    { title: `${purpose}…`, placeHolder: 'MWAA environment', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.env;
}

const LOG_KIND_LABELS: Record<MwaaLogGroup['kind'], string> = {
  Task: 'Task',
  Scheduler: 'Scheduler',
  DagProcessing: 'DAG processing',
  Worker: 'Worker',
  Webserver: 'Web server',
};

async function pickLogGroup(groups: readonly MwaaLogGroup[]): Promise<MwaaLogGroup> {
  const picked = await vscode.window.showQuickPick(
    groups.map((g) => ({ label: LOG_KIND_LABELS[g.kind], description: g.name, detail: g.level ? `level ${g.level}` : undefined, group: g })),
    { title: 'Tail which logs?', placeHolder: 'Log group' },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.group;
}

async function pickFolder(title: string, filter: (f: vscode.WorkspaceFolder) => boolean = () => true): Promise<vscode.Uri> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter(filter);
  if (folders.length === 0) throw new UserFacingError('Open a folder first: an environment is bound to a workspace folder.', [{ label: 'Open Folder', command: 'workbench.action.files.openFolder' }]);
  if (folders.length === 1) return folders[0]!.uri;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: title });
  if (!picked) throw new vscode.CancellationError();
  return picked.uri;
}

