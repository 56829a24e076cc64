/**
 * What the other features (sync, runs, logs, rollouts) need of an environment, in one place:
 * the AWS client factory, the latest known state of an environment by key, and one Airflow API
 * client per environment that remembers which transport works. Lives in the explorer bundle so
 * none of it loads before first use.
 */
import type * as vscode from 'vscode';
import { AirflowClient } from '../../core/airflow/airflowClient';
import { mwaaCli } from '../../core/airflow/cliToken';
import { invokeRestApiTransport } from '../../core/airflow/invokeRestApi';
import type { TransportKind } from '../../core/airflow/transport';
import { webLoginSessionTransport } from '../../core/airflow/webLoginSession';
import type { AwsClientFactory } from '../../core/aws/clientFactory';
import { loadSdk } from '../../core/aws/loadSdk';
import { UserFacingError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import type { ListTarget } from '../../core/mwaa/listEnvironments';
import { fetchEnvironmentByKey } from './environmentLookup';
import { environmentKey } from './environmentKey';
import type { EnvironmentsModel } from './environmentsModel';

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
  /** The environment of a tree node, a key or a name; a quick pick when none is given. */
  pickEnvironment(arg: unknown, purpose: string, filter?: (e: MwaaEnvironment) => boolean): Promise<MwaaEnvironment>;
  /** One Airflow API client per environment (InvokeRestApi, then a web-login session). */
  airflow(env: MwaaEnvironment): AirflowClient;
  /** The Airflow CLI through CreateCliToken, for what only the CLI offers. */
  airflowCli(env: MwaaEnvironment): ReturnType<typeof mwaaCli>;
  /**
   * The caller announces how this environment's update ends (a rollout follows it): for `forMs`
   * the explorer does not announce it too. 0 hands the announcement back to the explorer.
   */
  quietSettleNotices(key: string, forMs: number): void;
}

const TRANSPORT_MEMORY = 'mwaa.airflowTransports';

export interface ServicesDeps {
  readonly state: vscode.Memento;
  readonly factory: () => AwsClientFactory;
  readonly model: EnvironmentsModel;
  readonly logger: Logger;
  readonly requireTrust: () => void;
  readonly pick: EnvironmentServices['pickEnvironment'];
  readonly quietSettleNotices: EnvironmentServices['quietSettleNotices'];
}

export function createEnvironmentServices(deps: ServicesDeps): EnvironmentServices & vscode.Disposable {
  const clients = new Map<string, { client: AirflowClient; version: string; factory: AwsClientFactory }>();
  const remembered = () => deps.state.get<Record<string, TransportKind>>(TRANSPORT_MEMORY) ?? {};

  const targetOf = (env: Pick<MwaaEnvironment, 'profile' | 'region'>): ListTarget => deps.model.targetOf(env);

  /** http only for a local plain-http MWAA override (the sandbox); AWS is always https. */
  const webScheme = (target: ListTarget): 'https' | 'http' => {
    const endpoint = deps.factory().endpointOf('mwaa', target);
    if (!endpoint?.custom) return 'https';
    const url = new URL(endpoint.url);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? 'http' : 'https';
  };

  const services: EnvironmentServices & vscode.Disposable = {
    get factory() {
      return deps.factory();
    },
    model: deps.model,
    logger: deps.logger,
    requireTrust: deps.requireTrust,
    targetOf,

    async environment(key, options = {}) {
      deps.requireTrust();
      await deps.model.ensureLoaded();
      const listed = deps.model.find(key);
      if (listed && !options.fresh) return listed;
      return fetchEnvironmentByKey(deps.model, deps.factory(), key, options.signal);
    },

    pickEnvironment: (arg, purpose, filter) => deps.pick(arg, purpose, filter),
    quietSettleNotices: (key, forMs) => deps.quietSettleNotices(key, forMs),

    airflow(env) {
      deps.requireTrust();
      const key = environmentKey(env);
      const factory = deps.factory();
      const cached = clients.get(key);
      // A new factory (endpoints changed) or a new Airflow major after an upgrade: a new client.
      if (cached && cached.factory === factory && cached.version === env.airflowVersion.raw) return cached.client;
      cached?.client.dispose();
      const major = (env.airflowVersion.major ?? 2) >= 3 ? 3 : 2;
      const target = targetOf(env);
      const region = factory.regionOf(target);
      const endpoint = factory.endpointOf('mwaa', target);
      const credentials = factory.credentialsFor(target);
      const mwaa = factory.mwaa(target);
      const client = new AirflowClient({
        major,
        transports: [
          invokeRestApiTransport({
            environmentName: env.name,
            region,
            endpoint: endpoint?.url ?? `https://airflow.${region}.amazonaws.com`,
            hostPrefix: !(endpoint?.custom ?? false),
            credentials: () => credentials(),
          }),
          webLoginSessionTransport({
            major,
            scheme: webScheme(target),
            createWebLoginToken: async (signal) => {
              const { CreateWebLoginTokenCommand } = loadSdk();
              const out = await mwaa.send(new CreateWebLoginTokenCommand({ Name: env.name }), signal ? { abortSignal: signal as never } : {});
              if (!out.WebToken || !out.WebServerHostname) throw new UserFacingError(`MWAA returned no web login token for ${env.name}.`);
              return { webToken: out.WebToken, hostname: out.WebServerHostname };
            },
          }),
        ],
        preferred: remembered()[key],
        onTransportChange: (kind, reason) => {
          deps.logger.info(`${env.name}: Airflow API now through ${kind}${reason ? ` (${reason})` : ''}`);
          void deps.state.update(TRANSPORT_MEMORY, { ...remembered(), [key]: kind });
        },
      });
      clients.set(key, { client, version: env.airflowVersion.raw, factory });
      return client;
    },

    airflowCli(env) {
      deps.requireTrust();
      const target = targetOf(env);
      const mwaa = deps.factory().mwaa(target);
      return mwaaCli({
        scheme: webScheme(target),
        createCliToken: async (signal) => {
          const { CreateCliTokenCommand } = loadSdk();
          const out = await mwaa.send(new CreateCliTokenCommand({ Name: env.name }), signal ? { abortSignal: signal as never } : {});
          if (!out.CliToken || !out.WebServerHostname) throw new UserFacingError(`MWAA returned no CLI token for ${env.name}.`);
          return { cliToken: out.CliToken, hostname: out.WebServerHostname };
        },
      });
    },

    dispose() {
      for (const c of clients.values()) c.client.dispose();
      clients.clear();
    },
  };
  return services;
}
