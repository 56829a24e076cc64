/**
 * The Python linter off the caller's thread (issue #13): LintSession (the worker's side, tested
 * in-process) and LintWorkerClient with a real worker thread: start, lint, keep a document across
 * edits, abandon a lint that takes too long (the worker is replaced and the queue goes on), and
 * fail clearly when the worker cannot start or dies.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { LintSession, MAX_KEPT_DOCUMENTS } from '../../../src/core/lint/python/lintSession';
import { LintWorkerClient, type LintOutcome } from '../../../src/core/lint/python/lintWorkerClient';
import { bigDag } from './bigDag';
import { DATA_DIR, getLinter, py } from './lintSetup';

const TARGET = { airflowVersion: '3.0.6' };
const DAG = py(
  'from airflow.operators.dummy import DummyOperator',
  'def build():',
  '    x = 1',
  '    return x',
);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-lint-worker-'));
const clients: LintWorkerClient[] = [];
after(() => {
  for (const c of clients) c.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function client(options: Partial<ConstructorParameters<typeof LintWorkerClient>[0]> = {}): { client: LintWorkerClient; log: string[] } {
  const log: string[] = [];
  const c = new LintWorkerClient({ dataDir: DATA_DIR, log: (line) => log.push(line), ...options });
  clients.push(c);
  return { client: c, log };
}

function done(outcome: LintOutcome): Extract<LintOutcome, { status: 'done' }> {
  assert.equal(outcome.status, 'done', JSON.stringify(outcome));
  return outcome as Extract<LintOutcome, { status: 'done' }>;
}

/** A worker script standing in for the real one (what it does with each request is `onRequest`). */
function fakeWorker(name: string, onRequest: string): string {
  const file = path.join(tmp, `${name}.js`);
  fs.writeFileSync(file, `const { parentPort } = require('node:worker_threads');\nparentPort.on('message', (msg) => { if (msg.kind === 'lint') { ${onRequest} } });\nparentPort.postMessage({ type: 'ready' });\n`);
  return file;
}

test('session: a kept document is re-linted statement by statement, and opened afresh when out of step', async () => {
  const session = new LintSession(await getLinter());
  const first = session.lint({ key: 'a', text: DAG, target: TARGET });
  assert.deepEqual([first.mode, first.findings.map((f) => f.code)], ['full', ['AIR302']]);
  const edit = { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } }, text: '2' };
  const edited = DAG.replace('x = 1', 'x = 2');
  assert.equal(session.lint({ key: 'a', text: edited, changes: [edit], target: TARGET }).mode, 'statement');
  // The editor's text is the truth: edits that do not lead to it (one was missed) mean a fresh parse.
  const missed = session.lint({ key: 'a', text: edited.replace('x = 2', 'x = 3'), changes: [], target: TARGET });
  assert.equal(missed.mode, 'full');
  // Another Airflow version re-lints in full as well.
  assert.equal(session.lint({ key: 'a', text: edited.replace('x = 2', 'x = 3'), target: { airflowVersion: '2.10.3' } }).findings[0]!.code, 'MWAA201');
  // No key: linted once, nothing kept.
  assert.equal(session.lint({ text: DAG, target: TARGET }).mode, 'once');
});

test(`session: at most ${MAX_KEPT_DOCUMENTS} documents are kept; the least recently linted is dropped`, async () => {
  const session = new LintSession(await getLinter());
  for (let i = 0; i <= MAX_KEPT_DOCUMENTS; i++) session.lint({ key: `doc${i}`, text: DAG, target: TARGET });
  const edit = { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } }, text: '2' };
  const edited = DAG.replace('x = 1', 'x = 2');
  // doc0 was dropped (opened afresh: a full lint); the newest is still kept (a statement re-lint).
  assert.equal(session.lint({ key: 'doc0', text: edited, changes: [edit], target: TARGET }).mode, 'full');
  assert.equal(session.lint({ key: `doc${MAX_KEPT_DOCUMENTS}`, text: edited, changes: [edit], target: TARGET }).mode, 'statement');
});

test('worker: lints what the in-process linter does, keeps a document across edits, forgets it on close', async () => {
  const { client: c } = client();
  const linter = await getLinter();
  const text = bigDag(300);
  const once = done(await c.lint({ text, target: TARGET }));
  assert.deepEqual(once.findings, linter.lintText(text, TARGET).findings);
  assert.equal(once.mode, 'once');
  assert.equal(done(await c.lint({ key: 'k', text: DAG, target: TARGET })).mode, 'full');
  const edit = { range: { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } }, text: '2' };
  const edited = done(await c.lint({ key: 'k', text: DAG.replace('x = 1', 'x = 2'), changes: [edit], target: TARGET }));
  assert.deepEqual([edited.mode, edited.findings.map((f) => f.code)], ['statement', ['AIR302']]);
  c.close('k');
  assert.equal(done(await c.lint({ key: 'k', text: DAG.replace('x = 1', 'x = 2'), changes: [], target: TARGET })).mode, 'full');
  assert.equal(c.restarts, 0);
});

test('worker: a lint past the timeout is abandoned, the worker restarted, and the next request answered', async () => {
  const { client: c, log } = client({ timeoutMs: 150 });
  await c.lint({ text: DAG, target: TARGET }); // started and warm
  // About a second of work (a 3 MB file), twenty times the timeout; a small file queued behind it.
  const slow = c.lint({ key: 'big', text: bigDag(60_000), target: TARGET }, 'dags/big.py');
  const next = c.lint({ key: 'small', text: DAG, target: TARGET }, 'dags/small.py');
  assert.deepEqual(await slow, { status: 'abandoned', reason: 'linting took longer than 0.15 s' });
  assert.deepEqual(done(await next).findings.map((f) => f.code), ['AIR302']);
  assert.equal(c.restarts, 1);
  assert.deepEqual(log, ['Python lint: linting took longer than 0.15 s for dags/big.py; abandoned it and restarted the lint worker (that file has no MWAA diagnostics until it changes)']);
});

test('worker: a worker that cannot start fails each request with why, at once for a while after', async () => {
  const { client: c, log } = client({ dataDir: path.join(tmp, 'no-such-folder') });
  await assert.rejects(c.lint({ text: DAG, target: TARGET }), /^Error: cannot load the Python linter: ENOENT/);
  const started = performance.now();
  await assert.rejects(c.lint({ text: DAG, target: TARGET }), /cannot load the Python linter/);
  assert.ok(performance.now() - started < 50, 'the second request waited for another start');
  assert.equal(log.length, 1);
});

test('worker: a worker that dies mid-lint abandons that lint only; an internal error replaces the worker', async () => {
  const exits = client({ script: fakeWorker('exits', 'process.exit(3);') });
  assert.deepEqual(await exits.client.lint({ text: DAG, target: TARGET }, 'dags/a.py'), { status: 'abandoned', reason: 'the lint worker stopped (it exited with code 3)' });
  assert.equal(exits.client.restarts, 1);
  assert.match(exits.log[0]!, /^Python lint: the lint worker stopped \(it exited with code 3\) for dags\/a\.py; abandoned it/);

  const traps = client({ script: fakeWorker('traps', "parentPort.postMessage({ type: 'error', id: msg.id, message: 'RuntimeError: memory access out of bounds', fatal: true });") });
  await assert.rejects(traps.client.lint({ text: DAG, target: TARGET }, 'dags/b.py'), /memory access out of bounds/);
  assert.equal(traps.client.restarts, 1);
  assert.match(traps.log[0]!, /internal error linting dags\/b\.py/);
});

test('worker: dispose stops the worker; waiting and later requests fail', async () => {
  const { client: c } = client({ script: fakeWorker('silent', '') });
  const waiting = c.lint({ text: DAG, target: TARGET });
  c.dispose();
  await assert.rejects(waiting, /the Python lint worker was stopped/);
  await assert.rejects(c.lint({ text: DAG, target: TARGET }), /the Python lint worker was stopped/);
});
