import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultRule } from '../faults';
import { MotoClients } from './backends/motoClients';
import { RolePolicies } from './backends/rolePolicies';
import { seedExecutionRole } from './backends/secretsSeed';
import { handleAwsService, type AwsServiceName } from './fronts/awsServicesFront';
import { handleControlPlane, handleFaultControl } from './fronts/controlPlane';
import { sendJson } from './fronts/httpUtil';
import { DEFAULT_LIVE_TAIL, type LiveTailOptions } from './fronts/liveTail';
import { handleLogs } from './fronts/logsFront';
import { handleS3 } from './fronts/s3Front';
import { handleWebserver } from './fronts/webserver';
import type { EnvironmentConfig } from './state/config';
import { LOG_TYPES } from './state/config';
import type { EnvironmentState } from './state/environment';
import { EnvironmentRegistry, type AirflowBackend } from './state/registry';
import { TokenStore } from './state/tokens';
import { DEFAULT_DELAYS, Updater, defaultWorkDir, type UpdateDelays } from './state/updates';

export interface EmulatorOptions {
  environments: EnvironmentConfig[];
  motoEndpoint: string;
  /** Makes the real-Airflow backend of an environment that has `airflowMajor`. */
  backendFor?: (env: EnvironmentState, major: 2 | 3) => AirflowBackend;
  delays?: Partial<UpdateDelays>;
  liveTail?: Partial<LiveTailOptions>;
  faults?: FaultRule[];
  faultSeed?: number;
  invokeTimeoutMs?: number;
  tokenTtlMs?: { cli?: number; web?: number; session?: number };
  workDir?: string;
  /** Create the five airflow-<env>-* log groups in moto for these environments (default: real ones). */
  logGroupsFor?: (env: EnvironmentState) => boolean;
}

export interface Emulator {
  /** MWAA API (AWS_ENDPOINT_URL_MWAA); also serves `/__sandbox/faults`. */
  mwaaEndpoint: string;
  /** The environments' webserver, as `WebServerHostname` names it (host:port, http). */
  webserverHost: string;
  logsEndpoint: string;
  s3Endpoint: string;
  /** Secrets Manager, IAM (with the policy simulator moto lacks), KMS and STS, each in front of moto. */
  secretsManagerEndpoint: string;
  iamEndpoint: string;
  kmsEndpoint: string;
  stsEndpoint: string;
  faults: FaultInjector;
  registry: EnvironmentRegistry;
  updater: Updater;
  stop(): Promise<void>;
}

/** Starts the HTTP fronts on free loopback ports. */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const registry = new EnvironmentRegistry(opts.environments);
  const moto = new MotoClients(opts.motoEndpoint);
  const faults = new FaultInjector(opts.faults ?? [], opts.faultSeed ?? 1);
  const tokens = new TokenStore({ cli: 60_000, web: 60_000, session: 12 * 3600_000, ...(opts.tokenTtlMs ?? {}) });
  const updater = new Updater(registry, moto, { ...DEFAULT_DELAYS, ...(opts.delays ?? {}) }, opts.workDir ?? defaultWorkDir());
  const liveTail = { ...DEFAULT_LIVE_TAIL, ...(opts.liveTail ?? {}) };

  for (const env of registry.all()) {
    const cfg = opts.environments.find((c) => c.name === env.name && c.region === env.region);
    if (cfg?.airflowMajor && opts.backendFor) registry.attach(env.name, opts.backendFor(env, cfg.airflowMajor));
    const wantGroups = opts.logGroupsFor ? opts.logGroupsFor(env) : Boolean(cfg?.airflowMajor);
    if (wantGroups) {
      for (const kind of Object.values(LOG_TYPES)) await moto.ensureLogGroup(env.region, env.logGroup(kind));
    }
  }
  const rolePolicies = new RolePolicies(opts.motoEndpoint);
  // The real environments' execution roles and KMS keys, made on the first Secrets Manager, IAM,
  // KMS or STS call (moto's IAM takes about a second to start: suites that never ask pay nothing).
  let seeding: Promise<void> | undefined;
  const seed = (): Promise<void> => {
    seeding ??= (async () => {
      for (const env of registry.all()) if (env.airflowMajor) await seedExecutionRole(opts.motoEndpoint, env.region, env.executionRoleArn);
    })();
    seeding.catch(() => { seeding = undefined; });
    return seeding;
  };

  const servers: http.Server[] = [];
  let webserverHost = '';
  const mwaa = await listen(servers, async (req, res) => {
    if (await handleFaultControl(req, res, faults)) return;
    if (await handleControlPlane(req, res, { registry, tokens, faults, updater, webserverHost: () => webserverHost, invokeTimeoutMs: opts.invokeTimeoutMs ?? 10_000 })) return;
    sendJson(res, 404, { __type: 'UnknownOperationException', message: `The sandbox MWAA API has no operation for ${req.method} ${req.url}` }, { 'x-amzn-errortype': 'UnknownOperationException' });
  });
  const web = await listen(servers, (req, res) => handleWebserver(req, res, { registry, tokens, faults }));
  webserverHost = `127.0.0.1:${web}`;
  const logs = await listen(servers, (req, res) => handleLogs(req, res, { moto, faults, liveTail }));
  const s3 = await listen(servers, (req, res) => handleS3(req, res, { motoEndpoint: opts.motoEndpoint, faults }));
  const awsPorts = {} as Record<AwsServiceName, number>;
  for (const service of ['secretsmanager', 'iam', 'kms', 'sts'] as const) {
    awsPorts[service] = await listen(servers, async (req, res) => {
      await seed();
      await handleAwsService(req, res, { service, motoEndpoint: opts.motoEndpoint, faults, rolePolicies });
    });
  }

  return {
    mwaaEndpoint: `http://127.0.0.1:${mwaa}`,
    webserverHost,
    logsEndpoint: `http://127.0.0.1:${logs}`,
    s3Endpoint: `http://127.0.0.1:${s3}`,
    secretsManagerEndpoint: `http://127.0.0.1:${awsPorts.secretsmanager}`,
    iamEndpoint: `http://127.0.0.1:${awsPorts.iam}`,
    kmsEndpoint: `http://127.0.0.1:${awsPorts.kms}`,
    stsEndpoint: `http://127.0.0.1:${awsPorts.sts}`,
    faults,
    registry,
    updater,
    async stop() {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      await registry.stop();
      moto.destroy();
      rolePolicies.destroy();
    },
  };
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

async function listen(servers: http.Server[], handler: Handler): Promise<number> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: Error) => {
      // A sandbox bug must show as a clear 500, never as a hung request.
      if (!res.headersSent) sendJson(res, 500, { __type: 'InternalServerException', message: `sandbox error: ${err.stack ?? err.message}` }, { 'x-amzn-errortype': 'InternalServerException' });
      else res.destroy();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
