import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseEnvironment, type MwaaEnvironment } from '../../../src/core/mwaa/environment';
import { followUpdate, formatDuration, outcomeMessage, phaseMessage } from '../../../src/core/rollouts/followUpdate';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

interface State { status: string; version?: string; lastUpdate?: { Status: string; CreatedAt: Date; Error?: { ErrorCode: string; ErrorMessage: string } } }
const env = (s: State): MwaaEnvironment => normaliseEnvironment({
  Name: 'prod', Status: s.status as never, SourceBucketArn: 'arn:aws:s3:::b',
  ...(s.version ? { RequirementsS3Path: 'requirements.txt', RequirementsS3ObjectVersion: s.version } : {}),
  ...(s.lastUpdate ? { LastUpdate: s.lastUpdate as never } : {}),
}, { profile: 'p', region: 'us-east-1' });

/** A fake clock: each poll answers the next state; sleeping advances the clock. */
function run(states: State[], opts: { timeoutMs?: number; graceMs?: number } = {}) {
  let clock = T0;
  let i = 0;
  const seen: string[] = [];
  const result = followUpdate(async () => env(states[Math.min(i++, states.length - 1)]!), {
    artifact: 'requirements', expectedVersion: 'new', startedAt: T0, initialMs: 1000, maxMs: 8000,
    now: () => clock, sleep: async (ms) => { clock += ms; },
    onUpdate: (e) => seen.push(e.status), ...opts,
  });
  return { result, seen, polls: () => i };
}

test('UPDATING -> AVAILABLE with the new version: succeeded', async () => {
  const r = run([{ status: 'UPDATING', version: 'old' }, { status: 'UPDATING', version: 'old' }, { status: 'AVAILABLE', version: 'new' }]);
  const o = await r.result;
  assert.equal(o.kind, 'succeeded');
  assert.ok(o.kind === 'succeeded' && o.versionMatches && o.activeVersion === 'new');
  assert.deepEqual(r.seen, ['UPDATING', 'UPDATING', 'AVAILABLE']);
  assert.equal(o.elapsedMs, 3000); // 1 s + 2 s of backoff
  assert.match(outcomeMessage('prod', 'requirements', o), /prod is AVAILABLE with the new requirements\.txt \(version new\) after 3 s/);
});

test('an AVAILABLE answer right after the call (before UPDATING shows) is not taken for the end', async () => {
  const r = run([{ status: 'AVAILABLE', version: 'old' }, { status: 'AVAILABLE', version: 'old' }, { status: 'UPDATING', version: 'old' }, { status: 'AVAILABLE', version: 'new' }]);
  const o = await r.result;
  assert.equal(o.kind, 'succeeded');
  assert.equal(r.polls(), 4);
  assert.ok(o.kind === 'succeeded' && o.versionMatches);
});

test('LastUpdate showing an update finished since the call ends it without ever seeing UPDATING', async () => {
  const r = run([{ status: 'UPDATE_FAILED', version: 'old', lastUpdate: { Status: 'FAILED', CreatedAt: new Date(T0 + 500), Error: { ErrorCode: 'INCORRECT_CONFIGURATION', ErrorMessage: 'pip failed' } } }]);
  const o = await r.result;
  assert.equal(o.kind, 'failed');
  assert.equal(r.polls(), 1);
  // An older LastUpdate does not count: keeps polling until the grace period has passed.
  const stale = run([{ status: 'AVAILABLE', version: 'old', lastUpdate: { Status: 'SUCCESS', CreatedAt: new Date(T0 - 3_600_000) } }], { graceMs: 10_000 });
  const so = await stale.result;
  assert.equal(so.kind, 'succeeded');
  assert.ok(so.kind === 'succeeded' && !so.versionMatches, 'the old version must not pass for the new one');
  assert.ok(so.elapsedMs >= 10_000);
  assert.match(outcomeMessage('prod', 'requirements', so), /not the one rolled out/);
});

test('UPDATING -> ROLLING_BACK -> UPDATE_FAILED: failed, with LastUpdate.Error', async () => {
  const error = { ErrorCode: 'INCORRECT_CONFIGURATION', ErrorMessage: 'Failed to install requirements: requests==2.31.0 conflicts' };
  const r = run([{ status: 'UPDATING' }, { status: 'CREATING_SNAPSHOT' }, { status: 'ROLLING_BACK' }, { status: 'UPDATE_FAILED', lastUpdate: { Status: 'FAILED', CreatedAt: new Date(T0), Error: error } }]);
  const o = await r.result;
  assert.equal(o.kind, 'failed');
  assert.deepEqual(o.kind === 'failed' && o.error, { code: error.ErrorCode, message: error.ErrorMessage });
  assert.deepEqual(r.seen, ['UPDATING', 'CREATING_SNAPSHOT', 'ROLLING_BACK', 'UPDATE_FAILED']);
  assert.match(outcomeMessage('prod', 'requirements', o), /rollout failed after .*UPDATE_FAILED; the previous version is still active\)\. INCORRECT_CONFIGURATION: Failed to install requirements: requests==2\.31\.0/);
});

test('UNAVAILABLE at the end: unusable, with what the status means', async () => {
  const o = await run([{ status: 'UPDATING' }, { status: 'UNAVAILABLE' }]).result;
  assert.equal(o.kind, 'unusable');
  assert.match(outcomeMessage('prod', 'plugins', o), /prod ended the plugins\.zip update as UNAVAILABLE: .*not stable/);
});

test('still UPDATING at the deadline: timedOut with the last state, no more polls', async () => {
  const r = run([{ status: 'UPDATING' }], { timeoutMs: 30_000 });
  const o = await r.result;
  assert.equal(o.kind, 'timedOut');
  assert.equal(o.env?.status, 'UPDATING');
  assert.ok(o.elapsedMs > 30_000 && o.elapsedMs <= 38_000, String(o.elapsedMs));
  assert.match(outcomeMessage('prod', 'requirements', o), /still UPDATING after .*The update goes on in AWS/);
});

test('cancelling stops following (the abort reason is thrown)', async () => {
  const ac = new AbortController();
  let clock = T0;
  const p = followUpdate(async () => env({ status: 'UPDATING' }), {
    artifact: 'requirements', expectedVersion: 'v', startedAt: T0, abortSignal: ac.signal, now: () => clock,
    sleep: async (ms) => { clock += ms; if (clock > T0 + 10_000) ac.abort(); },
  });
  await assert.rejects(p, (e: Error) => e.name === 'AbortError');
});

test('phase lines and durations read well', () => {
  assert.match(phaseMessage(env({ status: 'UPDATING' }), 65_000), /^updating: .* \(1 min 5 s\)$/);
  assert.match(phaseMessage(env({ status: 'ROLLING_BACK' }), 5_000), /rolling back .*\(5 s\)/);
  assert.match(phaseMessage(env({ status: 'CREATING_SNAPSHOT' }), 120_000), /snapshotting .*\(2 min\)/);
  assert.equal(formatDuration(0), '0 s');
});
