/**
 * Follows an environment from UpdateEnvironment to its end: AVAILABLE (the new version active),
 * UPDATE_FAILED (rolled back, LastUpdate.Error says why), a state that is not usable (UNAVAILABLE),
 * or a deadline (the update goes on in AWS; we only stop watching). Polls with the status poller's
 * backoff; GetEnvironment may still answer AVAILABLE just after the call, so AVAILABLE counts only
 * once the update was seen running, LastUpdate shows it finished, or a grace period passed.
 */
import type { MwaaEnvironment } from '../mwaa/environment';
import { pollUntilSettled } from '../mwaa/statusPoller';
import { ARTIFACTS, currentArtifact, type ArtifactKind } from './artifacts';

export type RolloutOutcome =
  | { readonly kind: 'succeeded'; readonly env: MwaaEnvironment; readonly activeVersion?: string; readonly versionMatches: boolean; readonly elapsedMs: number }
  | { readonly kind: 'failed'; readonly env: MwaaEnvironment; readonly error?: { readonly code?: string; readonly message?: string }; readonly elapsedMs: number }
  | { readonly kind: 'unusable'; readonly env: MwaaEnvironment; readonly elapsedMs: number }
  | { readonly kind: 'timedOut'; readonly env?: MwaaEnvironment; readonly elapsedMs: number };

export interface FollowOptions {
  readonly artifact: ArtifactKind;
  /** The version UpdateEnvironment was asked to activate. */
  readonly expectedVersion: string;
  /** When UpdateEnvironment was called (ms since epoch). */
  readonly startedAt: number;
  /** Stop watching after this long; default 90 min (MWAA updates take 10–40 min, pip has 10). */
  readonly timeoutMs?: number;
  /** How long a settled status right after the call is taken for the state before it; default 60 s. */
  readonly graceMs?: number;
  readonly initialMs?: number;
  readonly maxMs?: number;
  readonly abortSignal?: AbortSignal;
  readonly onUpdate?: (env: MwaaEnvironment) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

class Deadline extends Error {
  constructor() {
    super('update follow deadline passed');
    this.name = 'RolloutDeadline';
  }
}

export async function followUpdate(getFn: (signal?: AbortSignal) => Promise<MwaaEnvironment>, options: FollowOptions): Promise<RolloutOutcome> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 90 * 60_000;
  const graceMs = options.graceMs ?? 60_000;
  let seenRunning = false;
  let last: MwaaEnvironment | undefined;
  const elapsed = () => now() - options.startedAt;

  const settled = (env: MwaaEnvironment): boolean => {
    if (env.statusInfo.transitional) {
      seenRunning = true;
      return false;
    }
    return seenRunning || finishedSince(env, options.startedAt) || elapsed() >= graceMs;
  };
  let env: MwaaEnvironment;
  try {
    env = await pollUntilSettled(
      async (signal) => {
        if (elapsed() > timeoutMs) throw new Deadline();
        last = await getFn(signal);
        return last;
      },
      {
        settled,
        onUpdate: (e) => options.onUpdate?.(e),
        ...(options.initialMs !== undefined ? { initialMs: options.initialMs } : {}),
        ...(options.maxMs !== undefined ? { maxMs: options.maxMs } : {}),
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      },
    );
  } catch (err) {
    if (err instanceof Deadline) return { kind: 'timedOut', ...(last ? { env: last } : {}), elapsedMs: elapsed() };
    throw err;
  }
  return classifyOutcome(env, options.artifact, options.expectedVersion, elapsed());
}

/** LastUpdate says an update created at or after `startedAt` has ended (SUCCESS or FAILED). */
function finishedSince(env: MwaaEnvironment, startedAt: number): boolean {
  const u = env.lastUpdate;
  // LastUpdate.CreatedAt has one-second resolution (epoch seconds on the wire).
  return !!u?.createdAt && u.createdAt.getTime() >= startedAt - 1_000 && (u.status === 'SUCCESS' || u.status === 'FAILED');
}

export function classifyOutcome(env: MwaaEnvironment, artifact: ArtifactKind, expectedVersion: string, elapsedMs: number): RolloutOutcome {
  if (env.status === 'AVAILABLE') {
    const activeVersion = currentArtifact(env, artifact)?.objectVersion;
    return { kind: 'succeeded', env, ...(activeVersion ? { activeVersion } : {}), versionMatches: activeVersion === expectedVersion, elapsedMs };
  }
  if (env.status === 'UPDATE_FAILED') {
    return { kind: 'failed', env, ...(env.lastUpdate?.error ? { error: env.lastUpdate.error } : {}), elapsedMs };
  }
  return { kind: 'unusable', env, elapsedMs };
}

/** One line for the progress notification: what MWAA is doing now and for how long. */
export function phaseMessage(env: MwaaEnvironment, elapsedMs: number): string {
  const took = formatDuration(elapsedMs);
  switch (env.status) {
    case 'UPDATING':
      return `updating: installing and restarting workers, schedulers and web server (${took})`;
    case 'CREATING_SNAPSHOT':
      return `snapshotting the metadata database before the update (${took})`;
    case 'ROLLING_BACK':
      return `the update failed; MWAA is rolling back to the previous state (${took})`;
    default:
      return `${env.statusInfo.label.toLowerCase()} (${took})`;
  }
}

/** What the user reads when it is over. */
export function outcomeMessage(envName: string, artifact: ArtifactKind, outcome: RolloutOutcome): string {
  const label = ARTIFACTS[artifact].label;
  const took = formatDuration(outcome.elapsedMs);
  switch (outcome.kind) {
    case 'succeeded':
      return outcome.versionMatches
        ? `${envName} is AVAILABLE with the new ${label} (version ${outcome.activeVersion}) after ${took}.`
        : `${envName} is AVAILABLE after ${took}, but its ${label} version is ${outcome.activeVersion ?? 'none'}, not the one rolled out: another update may have replaced it.`;
    case 'failed': {
      const e = outcome.error;
      const why = e ? `${e.code ?? 'error'}: ${e.message ?? 'no message'}` : 'MWAA gave no reason (LastUpdate.Error is empty).';
      return `${envName}: the ${label} rollout failed after ${took} (UPDATE_FAILED; the previous version is still active). ${why}`;
    }
    case 'unusable':
      return `${envName} ended the ${label} update as ${outcome.env.status}: ${outcome.env.statusInfo.description}`;
    case 'timedOut':
      return `${envName} is still ${outcome.env?.status ?? 'updating'} after ${took}; stopped following it here. The update goes on in AWS, and the MWAA view keeps showing its status.`;
  }
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}
