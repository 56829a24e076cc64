import type * as vscode from 'vscode';
import { AirflowClient } from '../core/airflow/airflowClient';
import { mwaaCli } from '../core/airflow/cliToken';
import { invokeRestApiTransport } from '../core/airflow/invokeRestApi';
import type { TransportKind } from '../core/airflow/transport';
import { webLoginSessionTransport } from '../core/airflow/webLoginSession';
import type { AwsClientFactory } from '../core/aws/clientFactory';
import type { Logger } from '../core/logger';
import type { MwaaEnvironment } from '../core/mwaa/environment';
import { environmentKey } from '../core/mwaa/environmentKey';
import { createCliToken, createWebLoginToken } from '../core/mwaa/tokens';
import type { ListTarget } from '../core/mwaa/listEnvironments';

const TRANSPORT_MEMORY = 'mwaa.airflowTransports';

export interface AirflowClientsDeps {
  readonly state: vscode.Memento;
  readonly factory: () => AwsClientFactory;
  readonly targetOf: (env: Pick<MwaaEnvironment, 'profile' | 'region'>) => ListTarget;
  readonly logger: Logger;
}

/**
 * One Airflow API client per environment (InvokeRestApi, then a web-login session), remembering
 * across windows which transport worked; and the Airflow CLI through CreateCliToken.
 */
export class AirflowClients {
  private readonly clients = new Map<string, { client: AirflowClient; version: string; factory: AwsClientFactory }>();

  constructor(private readonly deps: AirflowClientsDeps) {}

  client(env: MwaaEnvironment): AirflowClient {
    const key = environmentKey(env);
    const factory = this.deps.factory();
    const cached = this.clients.get(key);
    // A new factory (endpoints changed) or a new Airflow major after an upgrade: a new client.
    if (cached && cached.factory === factory && cached.version === env.airflowVersion.raw) return cached.client;
    cached?.client.dispose();
    const major = (env.airflowVersion.major ?? 2) >= 3 ? 3 : 2;
    const target = this.deps.targetOf(env);
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
          scheme: this.webScheme(target),
          createWebLoginToken: (signal) => createWebLoginToken(mwaa, env.name, signal),
        }),
      ],
      preferred: this.remembered()[key],
      onTransportChange: (kind, reason) => {
        this.deps.logger.info(`${env.name}: Airflow API now through ${kind}${reason ? ` (${reason})` : ''}`);
        void this.deps.state.update(TRANSPORT_MEMORY, { ...this.remembered(), [key]: kind });
      },
    });
    this.clients.set(key, { client, version: env.airflowVersion.raw, factory });
    return client;
  }

  cli(env: MwaaEnvironment): ReturnType<typeof mwaaCli> {
    const target = this.deps.targetOf(env);
    const mwaa = this.deps.factory().mwaa(target);
    return mwaaCli({
      scheme: this.webScheme(target),
      createCliToken: (signal) => createCliToken(mwaa, env.name, signal),
    });
  }

  dispose(): void {
    for (const c of this.clients.values()) c.client.dispose();
    this.clients.clear();
  }

  private remembered(): Record<string, TransportKind> {
    return this.deps.state.get<Record<string, TransportKind>>(TRANSPORT_MEMORY) ?? {};
  }

  /**
   * 'http' permits plain http to a loopback web server only (webserverBaseUrl checks the host the
   * token call returned), and only behind a local MWAA stand-in (a custom endpoint, as the
   * sandbox); with AWS's endpoint always https. Where the MWAA endpoint itself runs does not
   * decide it: a loopback endpoint naming a web server elsewhere gets https.
   */
  private webScheme(target: ListTarget): 'https' | 'http' {
    return this.deps.factory().endpointOf('mwaa', target)?.custom ? 'http' : 'https';
  }
}
