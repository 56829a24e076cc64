/**
 * Uploaded -> visible to Airflow: after a DAG file reaches S3, MWAA copies it to the workers
 * (about every 30 s) and the DAG processor parses it. Visible means a DAG whose `fileloc` is this
 * file was parsed after the upload; an import error for the file recorded after the upload ends
 * the wait too (the DAG will not appear). Polling backs off and stops at a bound: it runs only
 * while a file is being followed.
 */
import type { Dag, ImportError, Page } from '../airflow/models';
import { growDelay } from '../backoff';
import { sleepFor } from '../sleep';
import { quotesOtherContent } from './staleImportError';

/** What the Airflow API client offers that tracking needs (AirflowClient fits). */
export interface VisibilitySource {
  allDags(opts?: { pattern?: string }, signal?: AbortSignal): AsyncIterable<Dag[]>;
  importErrors(opts?: { limit?: number; offset?: number }, signal?: AbortSignal): Promise<Page<ImportError>>;
  /** The file's text as Airflow stored it at the DAG's last parse (undefined: cannot say). */
  dagSource?(dag: Pick<Dag, 'dagId' | 'fileToken'>, signal?: AbortSignal): Promise<string | undefined>;
}

export interface VisibilityOptions {
  /** The file's path relative to the DAGs folder (POSIX). */
  readonly rel: string;
  /** When the upload finished (epoch ms); only parses after it count. */
  readonly since: number;
  /**
   * The uploaded text: an import error whose trace quotes other lines of the file came from the
   * version before (still being parsed until the new one reaches the workers) and is not the answer;
   * nor is a DAG parsed after the upload whose stored source is another text (the old version,
   * parsed once more before the new one arrived).
   */
  readonly content?: string;
  readonly signal?: AbortSignal;
  /** First delay between polls, growing 1.5x up to maxPollMs. */
  readonly pollMs?: number;
  readonly maxPollMs?: number;
  /** Give up after this long (MWAA: sync up to ~30 s plus parse interval; default 5 min). */
  readonly timeoutMs?: number;
  /** Stop listing after this many DAGs per poll, so a huge environment cannot make polls unbounded. */
  readonly maxDags?: number;
  /** Consecutive failed polls before giving up with the error (default 3). */
  readonly maxFailures?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type VisibilityResult =
  | { readonly kind: 'visible'; readonly dagIds: readonly string[]; readonly ms: number }
  | { readonly kind: 'import-error'; readonly message: string; readonly ms: number }
  | { readonly kind: 'timeout'; readonly ms: number };

/** Whether Airflow's absolute `fileloc` (or import error filename) is this DAG-folder-relative file. */
export function isSameFile(location: string | undefined, rel: string): boolean {
  if (!location) return false;
  const loc = location.replace(/\\/g, '/');
  return loc === rel || loc.endsWith(`/${rel}`);
}

const parsedAfter = (iso: string | undefined, since: number) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) && t >= since;
};

export async function waitUntilVisible(source: VisibilitySource, o: VisibilityOptions): Promise<VisibilityResult> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? sleepFor;
  const deadline = o.since + (o.timeoutMs ?? 300_000);
  const maxDags = o.maxDags ?? 2_000;
  let delay = o.pollMs ?? 2_000;
  let failures = 0;
  for (;;) {
    o.signal?.throwIfAborted();
    let outcome: VisibilityResult | undefined;
    try {
      outcome = await pollOnce(source, o, maxDags, now);
      failures = 0;
    } catch (err) {
      // A webserver restarting or a throttled call: keep following; a persistent failure is the answer.
      if (o.signal?.aborted || ++failures >= (o.maxFailures ?? 3)) throw err;
    }
    if (outcome) return outcome;
    if (now() + delay > deadline) return { kind: 'timeout', ms: now() - o.since };
    await sleep(delay, o.signal);
    delay = growDelay(delay, 1.5, o.maxPollMs ?? 10_000);
  }
}

async function pollOnce(source: VisibilitySource, o: VisibilityOptions, maxDags: number, now: () => number): Promise<VisibilityResult | undefined> {
  const found: Dag[] = [];
  let seen = 0;
  for await (const page of source.allDags({}, o.signal)) {
    for (const d of page) if (isSameFile(d.fileloc, o.rel) && parsedAfter(d.lastParsedTime, o.since)) found.push(d);
    seen += page.length;
    if (seen >= maxDags) break;
  }
  if (found.length && (await parsedThisText(source, found[0]!, o))) return { kind: 'visible', dagIds: found.map((d) => d.dagId), ms: now() - o.since };
  const errors = await source.importErrors({ limit: 100 }, o.signal);
  const error = errors.items.find((e) => isSameFile(e.filename, o.rel) && parsedAfter(e.timestamp, o.since)
    && !(o.content !== undefined && quotesOtherContent(e.stackTrace, o.rel, o.content)));
  if (!error) return undefined;
  const lines = error.stackTrace.trim().split('\n');
  return { kind: 'import-error', message: lines[lines.length - 1] ?? 'import error', ms: now() - o.since };
}

const normalized = (text: string) => text.replace(/\r\n/g, '\n').trimEnd();

/**
 * Whether the source Airflow stored for the parsed DAG is the uploaded text. True when it cannot
 * tell (no text to compare, an Airflow without the endpoint, a failed call): the timestamp decides.
 */
async function parsedThisText(source: VisibilitySource, dag: Dag, o: VisibilityOptions): Promise<boolean> {
  if (o.content === undefined || !source.dagSource) return true;
  let stored: string | undefined;
  try {
    stored = await source.dagSource(dag, o.signal);
  } catch (err) {
    if (o.signal?.aborted) throw err;
    return true;
  }
  return stored === undefined || normalized(stored) === normalized(o.content);
}
