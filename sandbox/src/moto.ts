/**
 * moto server from PyPI: the sandbox's real S3 and CloudWatch Logs (one server, all services).
 * Installed in its own venv under the cache; binds 127.0.0.1 on a free port.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, PutBucketVersioningCommand, GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureVenv, type Venv } from './airflow/venv';
import { freePort } from './ports';
import { spawnLogged, tailFile, waitForHttp } from './processes';

/** Pinned in sandbox/python/requirements/moto.txt. */
export const MOTO_VERSION = '5.2.5';

/**
 * Static, obviously fake credentials for moto (which accepts any). Never AKIA-shaped keys.
 * Airflow processes get these through their environment.
 */
export const SANDBOX_CREDENTIALS = { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-secret' } as const;
export const SANDBOX_REGION = 'us-east-1';

export interface MotoHandle {
  /** `http://127.0.0.1:<port>`: S3 (path style), CloudWatch Logs and every other moto service. */
  endpoint: string;
  /** moto's stdout/stderr. */
  logFile: string;
  stop(): Promise<void>;
}

/** Installs moto (idempotent: a marker read when current). Returns the venv. */
export function ensureMoto(): Promise<Venv> {
  return ensureVenv({ name: `moto-${MOTO_VERSION}`, requirements: ['moto.txt'] });
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` and resolves once it answers.
 * `runDir` holds its log, moto-<port>.log (default: a temp folder removed again by stop()).
 */
export async function startMoto(opts: { runDir?: string } = {}): Promise<MotoHandle> {
  const venv = await ensureMoto();
  // Without a run folder, a private temp folder holds the log and is removed on stop().
  const ownDir = opts.runDir === undefined;
  const runDir = opts.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-sandbox-moto-'));
  fs.mkdirSync(runDir, { recursive: true });
  // freePort() releases the port before moto binds it; another process may take it meanwhile.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const logFile = path.join(runDir, `moto-${port}.log`);
    const proc = spawnLogged('moto_server', venv.bin('moto_server'), ['-H', '127.0.0.1', '-p', String(port)], logFile, {
      env: {
        PATH: process.env.PATH,
        HOME: runDir,
        // moto signs nothing, but keep AWS config lookups away from the user's ~/.aws.
        AWS_CONFIG_FILE: path.join(runDir, 'moto-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(runDir, 'moto-aws-credentials'),
        AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: SANDBOX_REGION,
      },
      graceMs: 2000,
    });
    try {
      // /moto-api/ answers once the app is up.
      await waitForHttp(`${endpoint}/moto-api/`, 60_000, {
        ok: (s) => s < 500,
        alive: () => !proc.exited(),
        diagnostics: () => tailFile(logFile),
      });
    } catch (err) {
      await proc.stop();
      if (attempt < 3 && /Address already in use|Errno 98/.test(tailFile(logFile))) continue;
      throw new Error(`moto server did not start: ${(err as Error).message}`);
    }
    const stop = async (): Promise<void> => {
      await proc.stop();
      if (ownDir) fs.rmSync(runDir, { recursive: true, force: true });
    };
    return { endpoint, logFile, stop };
  }
}

/** An S3 client for moto (path-style addressing, the sandbox's fake keys). */
export function motoS3Client(endpoint: string, region = SANDBOX_REGION): S3Client {
  return new S3Client({ region, endpoint, forcePathStyle: true, credentials: SANDBOX_CREDENTIALS });
}

/**
 * Creates `name` with versioning enabled, as MWAA requires of its source bucket.
 * Idempotent: an existing bucket (ours) just gets versioning (re-)enabled.
 */
export async function createVersionedBucket(endpoint: string, name: string, region = SANDBOX_REGION): Promise<void> {
  const s3 = motoS3Client(endpoint, region);
  try {
    try {
      await s3.send(new CreateBucketCommand({
        Bucket: name,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
      }));
    } catch (err) {
      const n = (err as Error).name;
      if (n !== 'BucketAlreadyOwnedByYou' && n !== 'BucketAlreadyExists') throw err;
    }
    await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
    const v = await s3.send(new GetBucketVersioningCommand({ Bucket: name }));
    if (v.Status !== 'Enabled') throw new Error(`bucket ${name}: versioning is ${v.Status ?? 'unset'} after enabling it`);
  } finally {
    s3.destroy();
  }
}
