import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EnvironmentState } from './environment';
import type { MotoClients } from '../backends/motoClients';
import type { EnvironmentRegistry } from './registry';
import { resolveRequirements } from './requirements';

export interface UpdateDelays {
  /** Time in UPDATING before the work starts (MWAA: minutes; tests: ~100 ms). */
  startMs: number;
  /** Extra time in UPDATING after the work (MWAA replaces workers and webservers). */
  finishMs: number;
  /** Time in ROLLING_BACK before UPDATE_FAILED; 0 skips that status. */
  rollbackMs: number;
  /** pip timeout, MWAA's Fargate limit is about 10 minutes. */
  pipTimeoutMs: number;
}

export const DEFAULT_DELAYS: UpdateDelays = { startMs: 5_000, finishMs: 5_000, rollbackMs: 2_000, pipTimeoutMs: 600_000 };

export class UpdateRejected extends Error {
  constructor(readonly type: 'ValidationException' | 'ResourceNotFoundException', message: string) {
    super(message);
  }
}

type Artifact = 'Requirements' | 'Plugins' | 'StartupScript';
const ARTIFACTS: Artifact[] = ['Requirements', 'Plugins', 'StartupScript'];

const SCALARS = ['EnvironmentClass', 'MinWorkers', 'MaxWorkers', 'Schedulers', 'WebserverAccessMode', 'AirflowConfigurationOptions'] as const;

/**
 * UpdateEnvironment: validates synchronously (what the API would reject), then runs the update
 * in the background: UPDATING -> AVAILABLE, or -> [ROLLING_BACK ->] UPDATE_FAILED with the previous
 * configuration restored and LastUpdate.Error set.
 */
export class Updater {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly registry: EnvironmentRegistry,
    private readonly moto: MotoClients,
    private readonly delays: UpdateDelays,
    private readonly workDir: string,
  ) {}

  async start(env: EnvironmentState, body: Record<string, unknown>): Promise<void> {
    if (env.status !== 'AVAILABLE' && env.status !== 'UPDATE_FAILED') {
      throw new UpdateRejected('ValidationException', `Environment ${env.name} is ${env.status}; it can be updated only when AVAILABLE or UPDATE_FAILED.`);
    }
    if (body.AirflowVersion !== undefined && body.AirflowVersion !== env.airflowVersion) {
      throw new UpdateRejected('ValidationException', `The sandbox cannot upgrade ${env.name} from Airflow ${env.airflowVersion} to ${String(body.AirflowVersion)}; each sandbox environment runs one installed version.`);
    }
    const changes: Partial<Record<Artifact, { path: string; version: string; text?: string; bytes?: Buffer }>> = {};
    for (const a of ARTIFACTS) {
      const p = body[`${a}S3Path`] as string | undefined;
      const v = body[`${a}S3ObjectVersion`] as string | undefined;
      if (p === undefined && v === undefined) continue;
      const current = a === 'Requirements' ? env.requirementsS3Path : a === 'Plugins' ? env.pluginsS3Path : env.startupScriptS3Path;
      const key = normaliseKey(p ?? current ?? '', env.bucket);
      if (!key) throw new UpdateRejected('ValidationException', `${a}S3ObjectVersion was given without ${a}S3Path.`);
      if (!v) throw new UpdateRejected('ValidationException', `${a}S3ObjectVersion is required when ${a}S3Path is specified.`);
      let bytes: Buffer;
      try {
        bytes = await this.moto.getObjectBytes(env.region, env.bucket, key, v);
      } catch (err) {
        throw new UpdateRejected('ValidationException', `Unable to read version ${v} of s3://${env.bucket}/${key}: ${(err as Error).name}: ${(err as Error).message}`);
      }
      changes[a] = { path: key, version: v, text: bytes.toString('utf8'), bytes };
    }
    const before = snapshot(env);
    for (const k of SCALARS) if (body[k] !== undefined) (env as unknown as Record<string, unknown>)[lowerFirst(k)] = body[k];
    const now = Math.floor(Date.now() / 1000);
    env.status = 'UPDATING';
    env.lastUpdate = {
      Status: 'PENDING', CreatedAt: now, Source: 'Customer',
      WorkerReplacementStrategy: (body.WorkerReplacementStrategy as 'FORCED' | 'GRACEFUL' | undefined) ?? 'GRACEFUL',
    };
    const job = this.run(env, changes, before).catch((err) => {
      this.fail(env, before, 'INTERNAL_ERROR', `sandbox update failed: ${(err as Error).message}`);
    });
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  private async run(env: EnvironmentState, changes: Partial<Record<Artifact, { path: string; version: string; text?: string; bytes?: Buffer }>>, before: Snapshot): Promise<void> {
    await sleep(this.delays.startMs);
    const req = changes.Requirements;
    if (req && req.version !== before.requirementsS3ObjectVersion) {
      const backend = this.registry.backend(env.name);
      if (!backend) {
        this.fail(env, before, 'INCORRECT_CONFIGURATION', `sandbox environment ${env.name} has no Airflow venv to resolve requirements against (synthetic environment).`);
        return;
      }
      const python = await backend.python();
      const res = await resolveRequirements(python, req.text ?? '', path.join(this.workDir, env.name), this.delays.pipTimeoutMs, backend.major);
      const stream = await this.writeInstallLog(env, 'requirements_install_', [`Running: ${res.command}`, ...res.output.split('\n')]);
      if (!res.ok) {
        const tail = res.output.trim().split('\n').filter((l) => l.trim()).slice(-8).join('\n');
        await this.rollback(env, before, 'INCORRECT_CONFIGURATION',
          `Failed to install requirements (log stream ${stream}): ${tail}`);
        return;
      }
    }
    const script = changes.StartupScript;
    if (script && script.version !== before.startupScriptS3ObjectVersion) {
      // Checked, not run: a script written for MWAA's image (yum, sudo) has no business running
      // on the developer's machine. Its syntax is what bash reads before running anything.
      const check = await checkShellSyntax(script.text ?? '', this.delays.pipTimeoutMs);
      await this.writeInstallLog(env, 'startup_script_execution_', [
        `sandbox: startup script s3://${env.bucket}/${script.path} version ${script.version} (${(script.bytes?.length ?? 0)} bytes) checked with bash -n; the sandbox does not run startup scripts`,
        ...check.output.split('\n'),
        check.ok ? 'bash -n: no syntax errors' : `bash -n: exit code ${check.code}`,
      ]);
    }
    const plugins = changes.Plugins;
    if (plugins && !(plugins.bytes?.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'binary')) || plugins.bytes?.subarray(0, 4).equals(Buffer.from('PK\x05\x06', 'binary')))) {
      await this.rollback(env, before, 'INCORRECT_CONFIGURATION', `${plugins.path} (version ${plugins.version}) is not a zip archive.`);
      return;
    }
    await sleep(this.delays.finishMs);
    if (req) { env.requirementsS3Path = req.path; env.requirementsS3ObjectVersion = req.version; }
    if (changes.Plugins) { env.pluginsS3Path = changes.Plugins.path; env.pluginsS3ObjectVersion = changes.Plugins.version; }
    if (changes.StartupScript) { env.startupScriptS3Path = changes.StartupScript.path; env.startupScriptS3ObjectVersion = changes.StartupScript.version; }
    env.status = 'AVAILABLE';
    env.lastUpdate = { ...env.lastUpdate!, Status: 'SUCCESS' };
    delete env.lastUpdate.Error;
  }

  /** One stream per install, as MWAA names them (`{prefix}{hostname}_{epoch}.log`), in the groups MWAA writes them to. */
  private async writeInstallLog(env: EnvironmentState, prefix: string, lines: string[]): Promise<string> {
    const host = `ip-10-0-${10 + Math.floor(Math.random() * 200)}-${1 + Math.floor(Math.random() * 250)}.ec2.internal`;
    const stream = `${prefix}${host}_${Math.floor(Date.now() / 1000)}.log`;
    for (const kind of ['Worker', 'Scheduler', 'WebServer'] as const) {
      await this.moto.writeStream(env.region, env.logGroup(kind), stream, lines);
    }
    return stream;
  }

  private async rollback(env: EnvironmentState, before: Snapshot, code: string, message: string): Promise<void> {
    if (this.delays.rollbackMs > 0) {
      env.status = 'ROLLING_BACK';
      await sleep(this.delays.rollbackMs);
    }
    this.fail(env, before, code, message);
  }

  private fail(env: EnvironmentState, before: Snapshot, code: string, message: string): void {
    restore(env, before);
    env.status = 'UPDATE_FAILED';
    env.lastUpdate = { ...env.lastUpdate!, Status: 'FAILED', Error: { ErrorCode: code, ErrorMessage: message.slice(0, 1024) } };
  }

  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }
}

type Snapshot = ReturnType<typeof snapshot>;

function snapshot(env: EnvironmentState) {
  return {
    requirementsS3Path: env.requirementsS3Path, requirementsS3ObjectVersion: env.requirementsS3ObjectVersion,
    pluginsS3Path: env.pluginsS3Path, pluginsS3ObjectVersion: env.pluginsS3ObjectVersion,
    startupScriptS3Path: env.startupScriptS3Path, startupScriptS3ObjectVersion: env.startupScriptS3ObjectVersion,
    environmentClass: env.environmentClass, minWorkers: env.minWorkers, maxWorkers: env.maxWorkers,
    schedulers: env.schedulers, webserverAccessMode: env.webserverAccessMode,
    airflowConfigurationOptions: env.airflowConfigurationOptions,
  };
}

function restore(env: EnvironmentState, s: Snapshot): void {
  Object.assign(env, s);
}

/** `s3://bucket/x`, `/x` and `x` all name key `x` (the docs use both forms). */
export function normaliseKey(p: string, bucket: string): string {
  return p.replace(new RegExp(`^s3://${bucket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`), '').replace(/^\/+/, '');
}

function lowerFirst(s: string): string {
  return s[0]!.toLowerCase() + s.slice(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** `bash -n` on the script's text (stdin): parses without running a single command. */
export function checkShellSyntax(text: string, timeoutMs: number): Promise<{ ok: boolean; code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile('bash', ['-n'], { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as unknown as { code: number }).code : 1) : 0;
      resolve({ ok: code === 0, code, output: `${stdout}${stderr}`.replace(/^bash: /gm, 'startup.sh: ').trim() });
    });
    child.stdin?.end(text);
  });
}

export const defaultWorkDir = (): string => path.join(os.tmpdir(), 'mwaa-sandbox-requirements');
