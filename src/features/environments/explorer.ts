/**
 * The environments explorer proper, required on first use (the view's first expansion, or one of
 * its commands): the model, the tree provider, live status, details documents, the command
 * handlers. Activation only registers the thin shell in registerEnvironments.ts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AwsClientFactory } from '../../core/aws/clientFactory';
import { readProfiles, sharedConfigPaths } from '../../core/aws/profiles';
import { UserFacingError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentSourceFromFactory, fetchEnvironment } from '../../core/mwaa/listEnvironments';
import type { SettingsStore } from '../../host/settingsStore';
import type { BindingStore } from './bindingStore';
import type { BoundStatusBar } from './boundStatusBar';
import { ENVIRONMENT_COMMANDS, ENVIRONMENTS_VIEW } from './commandIds';
import { DETAILS_SCHEME, DetailsDocumentProvider } from './detailsDocument';
import { registerEnvironmentCommands, resolveEnvironment } from './environmentCommands';
import { createEnvironmentServices, type EnvironmentServices } from './environmentServices';
import { environmentKey } from './environmentKey';
import { EnvironmentsModel } from './environmentsModel';
import { EnvironmentsProvider, snapshotTree } from './environmentsProvider';
import { explorerSettings } from './explorerSettings';
import { StatusPolling } from './statusPolling';
import { createRuns } from '../runs/runsFeature';
import type { EnvNode } from './treeNodes';

/** What the activation-time shell made and hands over. */
export interface ExplorerShell {
  readonly view: vscode.TreeView<EnvNode>;
  readonly bindings: BindingStore;
  readonly statusBar: BoundStatusBar;
}

export interface Explorer extends vscode.Disposable {
  readonly provider: EnvironmentsProvider;
  readonly model: EnvironmentsModel;
  /** Command id -> handler, for the commands the shell registered. */
  readonly handlers: ReadonlyMap<string, (...args: unknown[]) => unknown>;
  /** For the other features: clients, environments by key, Airflow API clients. */
  readonly services: EnvironmentServices;
}

export function createExplorer(
  context: vscode.ExtensionContext,
  deps: { logger: Logger; settings: SettingsStore },
  shell: ExplorerShell,
): Explorer {
  const { logger, settings } = deps;
  const { view, bindings, statusBar } = shell;
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  let factory: AwsClientFactory | undefined;
  // Clients load the SDK bundle; the factory is made when the first one is needed.
  const getFactory = () => (factory ??= new AwsClientFactory({ extensionVersion: version, endpoints: settings.current.endpoints, logger }));
  const subscriptions: vscode.Disposable[] = [];

  const model = new EnvironmentsModel({
    readCatalog: (reread) => readProfiles({ ignoreCache: reread }),
    source: () => environmentSourceFromFactory(getFactory()),
    selection: () => ({ profiles: explorerSettings().profiles, regions: settings.current.regions }),
    isTrusted: () => vscode.workspace.isTrusted,
    fallbackRegion: () => process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined,
    logger,
  });
  const provider = new EnvironmentsProvider(model, bindings);
  const details = new DetailsDocumentProvider(model);
  statusBar.attach(model);
  const notifications: string[] = [];
  // Environments whose update another feature follows and announces (a rollout): key -> until.
  const quietUntil = new Map<string, number>();

  const fetch = (env: MwaaEnvironment, signal?: AbortSignal) =>
    fetchEnvironment(environmentSourceFromFactory(getFactory()), model.targetOf(env), env.name, signal ? { abortSignal: signal } : {});
  const polling = new StatusPolling(model, {
    fetch,
    onSettled: (from, to) => {
      if ((quietUntil.get(environmentKey(to)) ?? 0) > Date.now()) return;
      notifySettled(from, to, notifications);
    },
    onDeleted: (env) => {
      const message = `MWAA environment ${env.name} was deleted.`;
      notifications.push(message);
      void vscode.window.showInformationMessage(message);
    },
    pollOptions: () => ({ initialMs: explorerSettings().pollSeconds * 1000, maxMs: 60_000 }),
    logger,
  });

  const refresh = async (options: { rereadProfiles?: boolean } = {}) => {
    if (!vscode.workspace.isTrusted) {
      await model.refresh(); // re-renders the Restricted Mode node
      return;
    }
    if (options.rereadProfiles) factory?.reset();
    polling.reset();
    await vscode.window.withProgress({ location: { viewId: ENVIRONMENTS_VIEW } }, () => model.refresh(options));
  };

  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const table = { register: (id: string, handler: (...args: never[]) => unknown) => void handlers.set(id, handler as (...args: unknown[]) => unknown) };
  const requireTrust = () => {
    if (!vscode.workspace.isTrusted) {
      throw new UserFacingError('This workspace is not trusted, so the MWAA Toolkit does not call AWS. Trust the workspace first.', [
        { label: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
      ]);
    }
  };
  const commandDeps = {
    model, provider, view, bindings, logger, refresh, requireTrust,
    commands: table,
    factory: getFactory,
    testMode: context.extensionMode === vscode.ExtensionMode.Test,
  };
  registerEnvironmentCommands(commandDeps);
  const services = createEnvironmentServices({
    state: context.globalState, factory: getFactory, model, logger, requireTrust,
    pick: (arg, purpose, filter) => resolveEnvironment(commandDeps, arg, purpose, filter),
    quietSettleNotices: (key, forMs) => (forMs > 0 ? quietUntil.set(key, Date.now() + forMs) : quietUntil.delete(key)),
  });
  const runs = createRuns({ context, provider, view, bindings, services, logger, register: table.register });
  table.register(ENVIRONMENT_COMMANDS.treeSnapshot, (depth?: number) => snapshotTree(provider, typeof depth === 'number' ? depth : 3));
  table.register(ENVIRONMENT_COMMANDS.stateSnapshot, () => ({
    loaded: model.isLoaded,
    polling: polling.polling,
    notifications: [...notifications],
    statusBar: statusBar.text,
    environments: model.environments().map((e) => ({ name: e.name, profile: e.profile, region: e.region, status: e.status })),
  }));

  polling.setActive(view.visible);
  const watcher = new ProfileFilesWatcher(() => {
    if (model.isLoaded) void refresh({ rereadProfiles: true });
  });
  let lastRegions = JSON.stringify(settings.current.regions);
  let lastEndpoints = JSON.stringify(settings.current.endpoints);
  subscriptions.push(
    runs, provider, details, polling, watcher,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    view.onDidChangeVisibility((e) => polling.setActive(e.visible)),
    // Watch the shared config files once they have been read.
    new vscode.Disposable(model.onDidChange(() => model.isLoaded && watcher.start()).dispose),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void refresh()),
    settings.onDidChange((s) => {
      const regions = JSON.stringify(s.regions);
      const endpoints = JSON.stringify(s.endpoints);
      if (regions === lastRegions && endpoints === lastEndpoints) return;
      if (endpoints !== lastEndpoints) {
        // Clients are bound to their endpoint: new ones for the new endpoints.
        factory?.dispose();
        factory = undefined;
      }
      [lastRegions, lastEndpoints] = [regions, endpoints];
      if (model.isLoaded) void refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mwaa.profiles') && model.isLoaded) void refresh();
    }),
  );
  return {
    provider,
    model,
    handlers,
    services,
    dispose: () => {
      services.dispose();
      for (const d of subscriptions) d.dispose();
      model.dispose();
      factory?.dispose();
    },
  };
}

function notifySettled(from: MwaaEnvironment, to: MwaaEnvironment, log: string[]): void {
  const what = ({ CREATING: 'creation', PENDING: 'creation', DELETING: 'deletion', MAINTENANCE: 'maintenance' } as Record<string, string>)[from.status] ?? 'update';
  if (to.status === 'AVAILABLE') {
    const message = `MWAA environment ${to.name} is available: the ${what} finished.`;
    log.push(message);
    void vscode.window.showInformationMessage(message, 'Open Airflow UI').then((a) => a && vscode.commands.executeCommand(ENVIRONMENT_COMMANDS.openAirflowUi, environmentKey(to)));
    return;
  }
  const error = to.lastUpdate?.error ? ` ${to.lastUpdate.error.code ?? 'Error'}: ${to.lastUpdate.error.message ?? ''}` : '';
  // e.g. "MWAA environment x: update failed. INCORRECT_CONFIGURATION: …" (the error says what to fix).
  const message = `MWAA environment ${to.name}: ${to.statusInfo.label.toLowerCase()}.${error || ` ${to.statusInfo.description}`}`;
  log.push(message);
  void vscode.window.showWarningMessage(message, 'Show Details').then((a) => a && vscode.commands.executeCommand(ENVIRONMENT_COMMANDS.showDetails, environmentKey(to)));
}

/**
 * Watches the AWS shared config and credentials files (wherever AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE put them), so an edit or `aws configure` shows without a refresh.
 */
class ProfileFilesWatcher implements vscode.Disposable {
  private watchers: vscode.FileSystemWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: () => void) {}

  start(): void {
    if (this.watchers.length) return;
    const paths = sharedConfigPaths();
    for (const file of [paths.configFile, paths.credentialsFile]) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      // Editors save in bursts (write, rename, chmod): one refresh per burst.
      const fire = () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(this.onChange, 500);
      };
      w.onDidChange(fire);
      w.onDidCreate(fire);
      w.onDidDelete(fire);
      this.watchers.push(w);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }
}

