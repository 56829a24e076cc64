/**
 * MWAA's data path: objects under the environment's DagS3Path are copied into Airflow's dags
 * folder on an interval (MWAA: every 30 s), keeping the hierarchy and any file type; local files
 * whose objects are gone are deleted. Writes are atomic (temp file + rename), so Airflow never
 * parses half a file. Files in the folder that the sync did not write are left alone.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { motoS3Client } from './moto';

export interface DagSyncOptions {
  s3Endpoint: string;
  bucket: string;
  /** Key prefix, e.g. `dags/` (a missing trailing `/` is added; '' syncs the whole bucket). */
  prefix: string;
  /** Local dags folder (created if missing). */
  dagsDir: string;
  /** Period between syncs; MWAA uses 30 000, tests ~1 000. */
  intervalMs: number;
  region?: string;
  /** ListObjectsV2 page size (S3's maximum and default: 1000); small values exercise paging. */
  pageSize?: number;
  /** Called when a periodic sync fails (it is retried on the next tick). */
  onError?: (err: Error) => void;
}

export interface DagSyncResult {
  /** Relative paths written (new or changed). */
  copied: string[];
  /** Relative paths deleted locally. */
  deleted: string[];
}

export interface DagSyncHandle {
  /** Runs a sync pass that starts after this call (after any pass in flight) and resolves with what it did. */
  syncNow(): Promise<DagSyncResult>;
  /** Stops the interval and waits for a sync in flight. */
  stop(): Promise<void>;
}

/** Where the sync remembers the ETag of each file it wrote (inside dagsDir, ignored by Airflow). */
const STATE_FILE = '.mwaa-sandbox-sync.json';
const TMP_PREFIX = '.mwaa-sync-tmp-';

/** A key below the prefix -> a safe relative path (no `..`, no absolute paths), or undefined. */
function relativeFor(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix) || key.endsWith('/')) return undefined; // folder placeholder objects
  const rel = key.slice(prefix.length);
  const norm = path.posix.normalize(rel);
  if (!rel || norm.startsWith('../') || norm === '..' || path.posix.isAbsolute(norm)) return undefined;
  if (norm === STATE_FILE || path.posix.basename(norm).startsWith(TMP_PREFIX)) return undefined;
  return norm;
}

async function listAll(s3: S3Client, bucket: string, prefix: string, pageSize?: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: pageSize }));
    for (const o of page.Contents ?? []) if (o.Key) out.set(o.Key, o.ETag ?? '');
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

async function removeEmptyDirs(root: string, dir: string): Promise<void> {
  if (dir === root || !dir.startsWith(root)) return;
  try {
    await fs.rmdir(dir); // fails when not empty, which ends the walk up
    await removeEmptyDirs(root, path.dirname(dir));
  } catch {
    // not empty or gone
  }
}

/** One sync pass, exported for callers that want a single copy without the interval. */
export async function syncOnce(s3: S3Client, opts: Pick<DagSyncOptions, 'bucket' | 'prefix' | 'dagsDir' | 'pageSize'>): Promise<DagSyncResult> {
  const prefix = opts.prefix === '' || opts.prefix.endsWith('/') ? opts.prefix : `${opts.prefix}/`;
  const root = path.resolve(opts.dagsDir);
  await fs.mkdir(root, { recursive: true });
  const statePath = path.join(root, STATE_FILE);
  let state: Record<string, string> = {};
  try {
    state = JSON.parse(await fs.readFile(statePath, 'utf8')) as Record<string, string>;
  } catch {
    // first run
  }
  const objects = await listAll(s3, opts.bucket, prefix, opts.pageSize);
  const wanted = new Map<string, { key: string; etag: string }>();
  for (const [key, etag] of objects) {
    const rel = relativeFor(key, prefix);
    if (rel) wanted.set(rel, { key, etag });
  }
  const result: DagSyncResult = { copied: [], deleted: [] };
  const next: Record<string, string> = {};

  for (const [rel, { key, etag }] of wanted) {
    const dest = path.join(root, rel);
    const exists = await fs.stat(dest).then((s) => s.isFile(), () => false);
    if (exists && state[rel] === etag) {
      next[rel] = etag;
      continue;
    }
    const got = await s3.send(new GetObjectCommand({ Bucket: opts.bucket, Key: key }));
    const body = await got.Body!.transformToByteArray();
    await fs.mkdir(path.dirname(dest), { recursive: true });
    // No .py ending while partial: Airflow lists *.py files while we write.
    const tmp = path.join(path.dirname(dest), `${TMP_PREFIX}${process.pid}-${path.basename(dest)}.part`);
    await fs.writeFile(tmp, body);
    await fs.rename(tmp, dest);
    next[rel] = got.ETag ?? etag;
    result.copied.push(rel);
  }

  // Delete what this sync wrote earlier and S3 no longer has; files it never wrote are left alone.
  for (const rel of Object.keys(state)) {
    if (wanted.has(rel)) continue;
    const dest = path.join(root, rel);
    await fs.rm(dest, { force: true });
    await removeEmptyDirs(root, path.dirname(dest));
    result.deleted.push(rel);
  }

  const tmpState = `${statePath}.${process.pid}.tmp`;
  await fs.writeFile(tmpState, JSON.stringify(next));
  await fs.rename(tmpState, statePath);
  return result;
}

/**
 * Starts the periodic S3 -> dags folder copy (first pass immediately). `syncNow()` lets a test
 * or the emulator force a pass instead of waiting for the interval.
 */
export function startDagSync(opts: DagSyncOptions): DagSyncHandle {
  const s3 = motoS3Client(opts.s3Endpoint, opts.region);
  let chain: Promise<unknown> = Promise.resolve();
  let busy = 0;
  let stopped = false;

  // Passes never overlap; each syncNow() gets a pass that starts after it was called, so a caller
  // that just wrote to S3 sees its write.
  const syncNow = (): Promise<DagSyncResult> => {
    if (stopped) return Promise.reject(new Error('DAG sync was stopped'));
    busy++;
    const pass = chain.catch(() => undefined).then(() => syncOnce(s3, opts)).finally(() => { busy--; });
    chain = pass;
    return pass;
  };
  const tick = (): void => {
    if (stopped || busy > 0) return;
    syncNow().catch((err: Error) => opts.onError?.(err));
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  tick();

  return {
    syncNow,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await chain.catch(() => undefined);
      s3.destroy();
    },
  };
}
