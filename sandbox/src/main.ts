/**
 * `npm run sandbox`: a local MWAA (emulated control plane) over real Airflow, moto S3 and moto
 * CloudWatch Logs. Prints `export NAME=value` lines, then `sandbox ready in <s>s`, and runs until
 * SIGINT/SIGTERM. `startSandbox()` does the same in-process for tests and the VS Code harness.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDir } from './cacheDir';
import type { FaultRule } from './faults';
import { lazyAirflowBackend } from './mwaa/backends/airflowBackend';
import { writeScratchAwsConfig } from './mwaa/clientSetup/awsConfigFile';
import { REAL_ENVIRONMENTS, syntheticEnvironments, type EnvironmentConfig, type SyntheticOptions } from './mwaa/state/config';
import { startEmulator, type Emulator } from './mwaa/emulator';
import { startSsoServer, type SsoServer } from './mwaa/fronts/ssoFront';
import type { SsoOptions } from './mwaa/state/ssoState';
import type { LiveTailOptions } from './mwaa/fronts/liveTail';
import { MotoClients, ensureVersionedBucket } from './mwaa/backends/motoClients';
import { startMoto, type MotoHandle } from './mwaa/backends/parts';
import { onShutdown } from './processes';
import type { UpdateDelays } from './mwaa/state/updates';

export type RealEnvName = 'sandbox-af2' | 'sandbox-af3';

export interface SandboxOptions {
  /** Real environments whose Airflow starts now (default `['sandbox-af2']`). */
  envs?: RealEnvName[];
  /** Real environments listed but not in `envs` start on first use (InvokeRestApi, CLI, login). Default true. */
  lazy?: boolean;
  /** Only list these real environments (default both). */
  realEnvironments?: RealEnvName[];
  region?: string;
  synthetic?: SyntheticOptions;
  extraEnvironments?: EnvironmentConfig[];
  /** Run folder for dags/, Airflow homes and the scratch AWS config (default: a new temp folder). */
  runDir?: string;
  /** Use a running moto instead of starting one (not stopped by stop()). */
  moto?: MotoHandle;
  dagSyncIntervalMs?: number;
  delays?: Partial<UpdateDelays>;
  liveTail?: Partial<LiveTailOptions>;
  faults?: FaultRule[];
  faultSeed?: number;
  tokenTtlMs?: { cli?: number; web?: number; session?: number };
  /** InvokeRestApi's upstream timeout (MWAA: 10 s). */
  invokeTimeoutMs?: number;
  /** The emulated IAM Identity Center (SSO-OIDC and the access portal). */
  sso?: SsoOptions;
  log?: (line: string) => void;
}

export interface Sandbox {
  /** What a shell (or a child process env) needs: AWS_CONFIG_FILE, AWS_PROFILE, AWS_ENDPOINT_URL_*, … */
  exports: Record<string, string>;
  endpoints: {
    mwaa: string; s3: string; logs: string; webserverHost: string; moto: string; faults: string;
    secretsManager: string; iam: string; kms: string; sts: string;
    /** SSO-OIDC and the SSO portal (one server); its verification page is `${sso}/device`. */
    sso: string;
  };
  region: string;
  runDir: string;
  emulator: Emulator;
  sso: SsoServer;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? (() => undefined);
  const region = options.region ?? 'us-east-1';
  const runDir = options.runDir ?? await fs.mkdtemp(path.join(os.tmpdir(), 'mwaa-sandbox-'));
  const ownRunDir = options.runDir === undefined && !process.env.MWAA_SANDBOX_KEEP_RUN_DIR;
  const eager = options.envs ?? ['sandbox-af2'];
  const listed = options.realEnvironments ?? ['sandbox-af2', 'sandbox-af3'];
  // A temp run folder we made goes away with the sandbox (set MWAA_SANDBOX_KEEP_RUN_DIR to keep it).
  const cleanups: Array<() => Promise<void>> = ownRunDir ? [() => fs.rm(runDir, { recursive: true, force: true })] : [];
  const stopAll = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((err: Error) => log(`stop: ${err.message}`));
  };
  try {
    const moto = options.moto ?? await startMoto({ runDir });
    if (!options.moto) cleanups.push(() => moto.stop());
    log(`moto at ${moto.endpoint}`);

    const real = REAL_ENVIRONMENTS.filter((e) => listed.includes(e.name as RealEnvName)).map((e) => ({ ...e, region }));
    const environments = [...real, ...(options.extraEnvironments ?? []), ...(options.synthetic ? syntheticEnvironments(options.synthetic) : [])];
    const clients = new MotoClients(moto.endpoint);
    for (const env of real) await ensureVersionedBucket(clients, region, `airflow-${env.name}`);
    clients.destroy();

    const emulator = await startEmulator({
      environments, motoEndpoint: moto.endpoint,
      backendFor: (env, major) => lazyAirflowBackend(env, major, {
        runDir, motoEndpoint: moto.endpoint, dagSyncIntervalMs: options.dagSyncIntervalMs ?? 30_000,
        onStarted: (name, h, ms) => log(`${name}: Airflow ${h.version} at ${h.baseUrl} (${(ms / 1000).toFixed(1)}s)`),
      }),
      delays: options.delays, liveTail: options.liveTail, faults: options.faults, faultSeed: options.faultSeed,
      tokenTtlMs: options.tokenTtlMs, workDir: path.join(runDir, 'requirements'), invokeTimeoutMs: options.invokeTimeoutMs,
    });
    cleanups.push(() => emulator.stop());
    const sso = await startSsoServer(options.sso);
    cleanups.push(() => sso.stop());

    for (const name of eager) {
      const backend = emulator.registry.backend(name);
      if (!backend) throw new Error(`--envs names ${name}, which is not a listed real environment (${listed.join(', ')})`);
      await backend.ensure();
    }
    if (options.lazy === false) {
      for (const env of real) await emulator.registry.backend(env.name)?.ensure();
    }

    const aws = await writeScratchAwsConfig(path.join(runDir, 'aws'), region, {
      mwaa: emulator.mwaaEndpoint, s3: emulator.s3Endpoint, logs: emulator.logsEndpoint,
      secretsManager: emulator.secretsManagerEndpoint, iam: emulator.iamEndpoint, kms: emulator.kmsEndpoint, sts: emulator.stsEndpoint,
    });
    const exports: Record<string, string> = {
      AWS_CONFIG_FILE: aws.configFile,
      AWS_SHARED_CREDENTIALS_FILE: aws.credentialsFile,
      AWS_PROFILE: aws.profile,
      AWS_REGION: region,
      AWS_ENDPOINT_URL_MWAA: emulator.mwaaEndpoint,
      AWS_ENDPOINT_URL_S3: emulator.s3Endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: emulator.logsEndpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.secretsManagerEndpoint,
      AWS_ENDPOINT_URL_IAM: emulator.iamEndpoint,
      AWS_ENDPOINT_URL_KMS: emulator.kmsEndpoint,
      AWS_ENDPOINT_URL_STS: emulator.stsEndpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: sso.endpoint,
      AWS_ENDPOINT_URL_SSO: sso.endpoint,
      // Lets clients without `disableHostPrefix: true` resolve api./env./stream- prefixed 127.0.0.1 hosts.
      NODE_OPTIONS: `--require=${path.join(__dirname, 'mwaa', 'clientSetup', 'hostPrefixResolve.js')}`,
      MWAA_SANDBOX_FAULTS_URL: `${emulator.mwaaEndpoint}/__sandbox/faults`,
      MWAA_SANDBOX_RUN_DIR: runDir,
    };
    return {
      exports,
      endpoints: {
        mwaa: emulator.mwaaEndpoint, s3: emulator.s3Endpoint, logs: emulator.logsEndpoint,
        webserverHost: emulator.webserverHost, moto: moto.endpoint, faults: `${emulator.mwaaEndpoint}/__sandbox/faults`,
        secretsManager: emulator.secretsManagerEndpoint, iam: emulator.iamEndpoint, kms: emulator.kmsEndpoint, sts: emulator.stsEndpoint,
        sso: sso.endpoint,
      },
      region,
      runDir,
      emulator,
      sso,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a.startsWith('--envs')) {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (n !== 'sandbox-af2' && n !== 'sandbox-af3') throw new Error(`--envs: unknown environment ${n} (sandbox-af2, sandbox-af3)`);
      opts.envs = names as RealEnvName[];
    } else if (a.startsWith('--synthetic')) opts.synthetic = { count: Number(value()) };
    else if (a.startsWith('--region')) opts.region = value();
    else if (a.startsWith('--run-dir')) opts.runDir = value();
    else if (a.startsWith('--dag-sync-ms')) opts.dagSyncIntervalMs = Number(value());
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run sandbox -- [--envs sandbox-af2,sandbox-af3] [--synthetic N] [--region R] [--run-dir DIR] [--dag-sync-ms MS]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return opts;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  // A persistent run folder by default: Airflow homes keep their migrated DB, so a warm start
  // skips `db migrate`. Outside the repo, next to the venvs.
  const opts = { runDir: cacheDir('sandbox-run'), ...parseArgs(process.argv.slice(2)) };
  await fs.mkdir(opts.runDir, { recursive: true });
  const sandbox = await startSandbox({ ...opts, log: (l) => process.stderr.write(`[sandbox] ${l}\n`) });
  onShutdown(async (signal) => {
    process.stderr.write(`[sandbox] ${signal}: stopping\n`);
    await sandbox.stop();
  });
  for (const [k, v] of Object.entries(sandbox.exports)) process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
  process.stdout.write(`sandbox ready in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
}

function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`sandbox failed to start: ${err.message}\n`);
    process.exit(1);
  });
}
