/**
 * The parse gate's agreement with the real scheduler, file for file: the corpus is uploaded to a
 * sandbox environment's DAGs bucket (MWAA's path: S3 -> DAG sync -> scheduler), parsed locally by
 * the DagParseWorker in the same Airflow with the scheduler's effective configuration, and each
 * file's verdict (import error or not, DAG ids) compared with what Airflow's REST API reports.
 * Used by parseAgreement.test.ts and reusable by a bench (`agreement=A/B`, upload-to-visible time).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { RealEnvName, Sandbox } from '../../sandbox/src/main';
import type { AirflowHandle } from '../../sandbox/src/airflow';
import { clientConfig, waitFor } from '../../sandbox/src/mwaa/testing/helpers';
import { listDagFiles } from '../../src/core/runtime/parseFolder';
import { DagParseWorker } from '../../src/core/runtime/parseWorker';
import type { ParseResult } from '../../src/core/runtime/runtimeTypes';

export const PARSE_CORPUS = path.resolve(__dirname, '../../../test/fixtures/parse-corpus/dags');

export interface FileVerdict {
  readonly error: boolean;
  readonly dagIds: readonly string[];
}

export interface AgreementRow {
  /** Path relative to the dags folder (POSIX). */
  readonly file: string;
  readonly local: FileVerdict;
  readonly airflow: FileVerdict | undefined;
  readonly agree: boolean;
  /** The local parse's own time. */
  readonly localParseMs: number;
  /** From the end of the upload to the scheduler's first verdict on the file (poll granularity 1 s). */
  readonly visibleMs: number | undefined;
  /** The local error's kind and message, and the start of Airflow's stack trace, for a report. */
  readonly localMessage?: string;
  readonly airflowMessage?: string;
}

export interface Agreement {
  readonly env: RealEnvName;
  readonly airflowVersion: string;
  readonly rows: readonly AgreementRow[];
  readonly agreed: number;
  readonly total: number;
  /** The scheduler's configuration the local parse used (`section.key`). */
  readonly config: Readonly<Record<string, string>>;
}

/** Options of the scheduler that change what a parse gives, read from its effective configuration. */
const PARSE_OPTIONS = [
  'core.dagbag_import_timeout', 'core.dag_file_processor_timeout', 'dag_processor.dag_file_processor_timeout',
  'core.dag_discovery_safe_mode', 'core.dag_ignore_file_syntax', 'core.dagbag_import_error_tracebacks',
  'core.dagbag_import_error_traceback_depth',
];

/** `airflow config list` (INI text) -> the parse-relevant `section.key` values. */
export function parseOptionsFrom(ini: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of ini.split('\n')) {
    const line = raw.trim();
    const s = /^\[([\w.-]+)\]$/.exec(line);
    if (s) section = s[1]!.toLowerCase();
    const kv = /^([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (kv && !line.startsWith('#') && PARSE_OPTIONS.includes(`${section}.${kv[1]!.toLowerCase()}`)) out[`${section}.${kv[1]!.toLowerCase()}`] = kv[2]!.trim();
  }
  return out;
}

async function schedulerConfig(h: AirflowHandle): Promise<Record<string, string>> {
  // Airflow 3 prints values only when asked (and then hides the sensitive ones if told).
  const r = await h.runCli(['config', 'list', ...(h.major === 3 ? ['--show-values', '--hide-sensitive'] : [])], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`airflow config list failed: ${r.stderr.slice(-500)}`);
  const options = parseOptionsFrom(r.stdout);
  if (!options['core.dagbag_import_timeout']) throw new Error(`no core.dagbag_import_timeout in \`airflow config list\`:\n${r.stdout.slice(0, 500)}`);
  return options;
}

/** Uploads the corpus files `pick` accepts (paths relative to the corpus, POSIX); returns when done. */
async function uploadCorpus(sb: Sandbox, env: string, corpus: string, pick: (rel: string) => boolean): Promise<number> {
  const s3 = new S3Client(clientConfig(sb.endpoints.s3, sb.region));
  try {
    const files = fs.readdirSync(corpus, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && !f.parentPath.includes('__pycache__'));
    await Promise.all(files.map((f) => {
      const rel = path.relative(corpus, path.join(f.parentPath, f.name)).split(path.sep).join('/');
      if (!pick(rel)) return undefined;
      return s3.send(new PutObjectCommand({ Bucket: `airflow-${env}`, Key: `dags/${rel}`, Body: fs.readFileSync(path.join(corpus, rel)) }));
    }));
    return Date.now();
  } finally {
    s3.destroy();
  }
}

/**
 * Helpers (files Airflow does not parse as DAG files, e.g. `common/`) first, synced into the dags
 * folder before any DAG file is uploaded: a DAG parsed before its helper arrives fails with
 * ModuleNotFoundError on MWAA too, which is the sync order, not the DAG. Returns when the DAG files
 * were uploaded.
 */
async function uploadInOrder(sb: Sandbox, env: string, h: AirflowHandle, corpus: string, dagFiles: ReadonlySet<string>): Promise<number> {
  const helpers: string[] = [];
  await uploadCorpus(sb, env, corpus, (rel) => {
    if (dagFiles.has(rel)) return false;
    helpers.push(rel);
    return true;
  });
  await waitFor(`${env}: the corpus helpers synced into the dags folder`, async () => helpers.every((rel) => fs.existsSync(path.join(h.dagsDir, rel))), 60_000, 250);
  return uploadCorpus(sb, env, corpus, (rel) => dagFiles.has(rel));
}

interface AirflowState {
  readonly errors: Map<string, string>;
  readonly dags: Map<string, string[]>;
}

/** Import errors and DAGs per file (relative to the dags folder), from Airflow's REST API. */
async function airflowState(h: AirflowHandle): Promise<AirflowState> {
  const headers = await h.authHeaders();
  const get = async (p: string) => {
    const res = await fetch(`${h.baseUrl}${h.apiPrefix}${p}`, { headers });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const rel = (f: string) => (path.isAbsolute(f) ? path.relative(h.dagsDir, f) : f).split(path.sep).join('/');
  const errors = new Map<string, string>();
  for (const e of ((await get('/importErrors?limit=100')).import_errors ?? []) as Array<{ filename: string; stack_trace: string }>) {
    errors.set(rel(e.filename), e.stack_trace);
  }
  const dags = new Map<string, string[]>();
  for (const d of ((await get('/dags?limit=100')).dags ?? []) as Array<{ dag_id: string; fileloc: string; relative_fileloc?: string }>) {
    const f = d.relative_fileloc ?? rel(d.fileloc);
    dags.set(f, [...(dags.get(f) ?? []), d.dag_id].sort());
  }
  return { errors, dags };
}

function localVerdict(r: ParseResult): FileVerdict {
  return { error: r.errors.length > 0, dagIds: r.dags.map((d) => d.dagId).sort() };
}

/** Parses the corpus locally with the scheduler's configuration (while the scheduler works). */
async function parseLocally(h: AirflowHandle, corpus: string, config: Record<string, string>, files: readonly string[]): Promise<Map<string, ParseResult>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-agreement-'));
  const worker = new DagParseWorker({ python: h.python, airflowHome: home, dagsFolder: corpus, configOptions: config });
  try {
    const out = new Map<string, ParseResult>();
    for (const f of files) out.set(path.relative(corpus, f).split(path.sep).join('/'), await worker.parseFile(f));
    return out;
  } finally {
    worker.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Uploads the corpus to `env`'s bucket, parses it locally, waits (at most `timeoutMs`) until the
 * scheduler has a verdict on every file Airflow lists, and compares them file for file.
 */
export async function corpusAgreement(sb: Sandbox, env: RealEnvName, opts: { corpus?: string; timeoutMs?: number; log?: (l: string) => void } = {}): Promise<Agreement> {
  const corpus = opts.corpus ?? PARSE_CORPUS;
  const backend = sb.emulator.registry.backend(env);
  if (!backend) throw new Error(`${env} is not a real environment of this sandbox`);
  const h = await backend.ensure();
  const config = await schedulerConfig(h);
  opts.log?.(`${env}: Airflow ${h.version}, scheduler parse options ${JSON.stringify(config)}`);
  const listing = await listDagFiles(corpus, {
    airflowMajor: h.major, ignoreSyntax: config['core.dag_ignore_file_syntax'],
    safeMode: !/^(false|0)$/i.test(config['core.dag_discovery_safe_mode'] ?? 'true'),
  });
  const names = listing.files.map((f) => path.relative(corpus, f).split(path.sep).join('/'));
  const uploaded = await uploadInOrder(sb, env, h, corpus, new Set(names));
  const localPromise = parseLocally(h, corpus, config, listing.files);
  const seenAt = new Map<string, number>();
  let state: AirflowState = { errors: new Map(), dags: new Map() };
  await waitFor(`${env}: the scheduler's verdict on all ${names.length} corpus files`, async () => {
    state = await airflowState(h);
    for (const n of names) if (!seenAt.has(n) && (state.errors.has(n) || state.dags.has(n))) seenAt.set(n, Date.now());
    return seenAt.size === names.length;
  }, opts.timeoutMs ?? 150_000, 1000).catch((err: Error) => opts.log?.(err.message));
  const local = await localPromise;
  const rows = names.map((n): AgreementRow => {
    const l = local.get(n)!;
    const lv = localVerdict(l);
    const av = seenAt.has(n) ? { error: state.errors.has(n), dagIds: state.dags.get(n) ?? [] } : undefined;
    const agree = av !== undefined && av.error === lv.error && JSON.stringify(av.dagIds) === JSON.stringify(lv.dagIds);
    return {
      file: n, local: lv, airflow: av, agree, localParseMs: l.parseMs, visibleMs: seenAt.has(n) ? seenAt.get(n)! - uploaded : undefined,
      ...(l.errors[0] ? { localMessage: `${l.errors[0].kind}: ${l.errors[0].message}` } : {}),
      ...(state.errors.has(n) ? { airflowMessage: state.errors.get(n)!.trim().split('\n').pop()!.slice(0, 300) } : {}),
    };
  });
  return { env, airflowVersion: h.version, rows, agreed: rows.filter((r) => r.agree).length, total: rows.length, config };
}

/** One line per file, for a test's or a bench's log. */
export function formatAgreement(a: Agreement): string {
  const v = (x: FileVerdict | undefined) => (x === undefined ? 'no verdict' : x.error ? 'import error' : `DAGs ${x.dagIds.join(',') || '(none)'}`);
  return [
    `${a.env} (Airflow ${a.airflowVersion}): agreement ${a.agreed}/${a.total}`,
    ...a.rows.map((r) => `  ${r.agree ? 'same' : 'DIFF'} ${r.file}: local ${v(r.local)}${r.localMessage ? ` (${r.localMessage})` : ''}; airflow ${v(r.airflow)}${r.airflowMessage ? ` (${r.airflowMessage})` : ''}; visible after ${r.visibleMs ?? '-'} ms`),
  ].join('\n');
}
