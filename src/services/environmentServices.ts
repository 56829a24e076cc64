/**
 * What every feature needs of MWAA environments, in one object: AWS clients, the environments as
 * last listed (and by key), Airflow API clients, the environment picker. The entry of the lazily
 * loaded services bundle (src/lazyBundles.json): none of it, and so none of the AWS core, loads
 * before a feature first asks for `services.environments`.
 */
import * as vscode from 'vscode';
import type { AirflowClient } from '../core/airflow/airflowClient';
import type { mwaaCli } from '../core/airflow/cliToken';
import type { AwsClientFactory } from '../core/aws/clientFactory';
import { readProfiles } from '../core/aws/profiles';
import type { Logger } from '../core/logger';
import type { MwaaEnvironment } from '../core/mwaa/environment';
import { environmentSourceFromFactory, fetchEnvironment, type ListTarget } from '../core/mwaa/listEnvironments';
import type { Prompts } from '../host/prompts';
import type { SettingsStore } from '../host/settingsStore';
import { AirflowClients } from './airflowClients';
import { AwsClients } from './awsClients';
import { pickEnvironment } from './environmentPicker';
import { fetchEnvironmentByKey } from './environmentLookup';
import { EnvironmentsModel } from './environmentsModel';
import { ProfileFilesWatcher } from './profileWatcher';
import type { WorkspaceTrust } from './trust';

export interface EnvironmentServices {
  readonly factory: AwsClientFactory;
  readonly model: EnvironmentsModel;
  readonly logger: Logger;
  /** Throws an actionable error in Restricted Mode: no AWS call may happen there. */
  requireTrust(): void;
  /** The profile and region to call for an environment. */
  targetOf(env: Pick<MwaaEnvironment, 'profile' | 'region'>): ListTarget;
  /**
   * An environment by key (JSON [profile, region, name]): the listed state, or GetEnvironment when
   * it is not listed yet or `fresh` is asked. A fresh answer updates the tree.
   */
  environment(key: string, options?: { fresh?: boolean; signal?: AbortSignal }): Promise<MwaaEnvironment>;
  /** GetEnvironment for one listed environment (status polling). */
  fetch(env: MwaaEnvironment, signal?: AbortSignal): Promise<MwaaEnvironment>;
  /** The environment of a tree node, a key or a name; a quick pick when none is given. */
  pickEnvironment(arg: unknown, purpose: string, filter?: (e: MwaaEnvironment) => boolean): Promise<MwaaEnvironment>;
  /** One Airflow API client per environment (InvokeRestApi, then a web-login session). */
  airflow(env: MwaaEnvironment): AirflowClient;
  /** The Airflow CLI through CreateCliToken, for what only the CLI offers. */
  airflowCli(env: MwaaEnvironment): ReturnType<typeof mwaaCli>;
  /** Lists again (`rereadProfiles`: also re-reads the AWS config files and drops cached credentials). */
  refresh(options?: { rereadProfiles?: boolean }): Promise<void>;
  /** Fires as each refresh starts, with its promise (the view shows progress; status polling starts over). */
  readonly onDidStartRefresh: vscode.Event<Promise<void>>;
  /**
   * The caller announces how this environment's update ends (a rollout follows it): for `forMs`
   * the environments view does not announce it too. 0 hands the announcement back.
   */
  quietSettleNotices(key: string, forMs: number): void;
  /** Whether another feature announces this environment's update end now. */
  isQuiet(key: string): boolean;
}

export interface EnvironmentServicesBase {
  readonly extensionVersion: string;
  readonly state: vscode.Memento;
  readonly settings: SettingsStore;
  readonly trust: WorkspaceTrust;
  readonly logger: Logger;
  /** Where credential questions (MFA codes) are asked. */
  readonly prompts?: Prompts;
}

export function createEnvironmentServices(base: EnvironmentServicesBase): EnvironmentServices & vscode.Disposable {
  const { settings, trust, logger } = base;
  const aws = new AwsClients({ extensionVersion: base.extensionVersion, settings: () => settings.current, logger, ...(base.prompts ? { prompts: base.prompts } : {}) });
  const model = new EnvironmentsModel({
    readCatalog: (reread) => readProfiles({ ignoreCache: reread }),
    source: () => environmentSourceFromFactory(aws.current),
    selection: () => ({ profiles: settings.profiles(), regions: settings.current.regions }),
    isTrusted: () => trust.isTrusted,
    fallbackRegion: () => process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined,
    logger,
  });
  const targetOf = (env: Pick<MwaaEnvironment, 'profile' | 'region'>): ListTarget => model.targetOf(env);
  const airflow = new AirflowClients({ state: base.state, factory: () => aws.current, targetOf, logger });
  const startedRefresh = new vscode.EventEmitter<Promise<void>>();
  // Environments whose update another feature follows and announces (a rollout): key -> until.
  const quietUntil = new Map<string, number>();

  const refresh = async (options: { rereadProfiles?: boolean } = {}) => {
    if (!trust.isTrusted) return model.refresh(); // re-renders the Restricted Mode node
    if (options.rereadProfiles) aws.reset();
    const running = model.refresh(options);
    startedRefresh.fire(running);
    return running;
  };
  const subscriptions = refreshOnChanges(base, model, aws, refresh);
  subscriptions.push(startedRefresh);

  return {
    get factory() {
      return aws.current;
    },
    model,
    logger,
    requireTrust: () => trust.require(),
    targetOf,
    async environment(key, options = {}) {
      trust.require();
      await model.ensureLoaded();
      const listed = model.find(key);
      if (listed && !options.fresh) return listed;
      return fetchEnvironmentByKey(model, aws.current, key, options.signal);
    },
    fetch: (env, signal) => fetchEnvironment(environmentSourceFromFactory(aws.current), targetOf(env), env.name, signal ? { abortSignal: signal } : {}),
    pickEnvironment: (arg, purpose, filter) => pickEnvironment({
      find: (key) => model.find(key),
      listed: async () => (await model.ensureLoaded(), model.environments()),
      byKey: (key) => fetchEnvironmentByKey(model, aws.current, key),
      requireTrust: () => trust.require(),
    }, arg, purpose, filter),
    airflow(env) {
      trust.require();
      return airflow.client(env);
    },
    airflowCli(env) {
      trust.require();
      return airflow.cli(env);
    },
    refresh,
    onDidStartRefresh: startedRefresh.event,
    quietSettleNotices: (key, forMs) => void (forMs > 0 ? quietUntil.set(key, Date.now() + forMs) : quietUntil.delete(key)),
    isQuiet: (key) => (quietUntil.get(key) ?? 0) > Date.now(),
    dispose() {
      airflow.dispose();
      for (const d of subscriptions) d.dispose();
      model.dispose();
      aws.dispose();
    },
  };
}

/**
 * What lists the environments again by itself: the AWS config files changing on disk, the user
 * trusting the workspace, and the regions, endpoints or profiles settings changing.
 */
function refreshOnChanges(base: EnvironmentServicesBase, model: EnvironmentsModel, aws: AwsClients, refresh: (o?: { rereadProfiles?: boolean }) => Promise<void>): vscode.Disposable[] {
  const { settings, trust } = base;
  const watcher = new ProfileFilesWatcher(() => model.isLoaded && void refresh({ rereadProfiles: true }));
  let regions = JSON.stringify(settings.current.regions);
  return [
    watcher,
    // Watch the shared config files once they have been read.
    new vscode.Disposable(model.onDidChange(() => model.isLoaded && watcher.start()).dispose),
    trust.onDidGrant(() => void refresh()),
    settings.onDidChange((s) => {
      const endpointsChanged = aws.settingsChanged(s);
      const regionsChanged = JSON.stringify(s.regions) !== regions;
      regions = JSON.stringify(s.regions);
      if ((endpointsChanged || regionsChanged) && model.isLoaded) void refresh();
    }),
    settings.onDidChangeSetting('profiles', () => model.isLoaded && void refresh()),
  ];
}
