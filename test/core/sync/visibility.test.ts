import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dag, ImportError } from '../../../src/core/airflow/models';
import { isSameFile, waitUntilVisible, type VisibilitySource } from '../../../src/core/sync/visibility';

/** A fake clock and an Airflow whose DAG list changes at set times (what the real API answers, in shape). */
function airflow(script: (t: number) => { dags?: Dag[]; errors?: ImportError[] }) {
  let t = 0;
  const calls = { list: 0, errors: 0 };
  const source: VisibilitySource = {
    async *allDags() {
      calls.list++;
      const dags = script(t).dags ?? [];
      for (let i = 0; i < dags.length; i += 100) yield dags.slice(i, i + 100);
    },
    async importErrors() {
      calls.errors++;
      const items = script(t).errors ?? [];
      return { items, total: items.length };
    },
  };
  return { source, calls, now: () => t, sleep: async (ms: number) => void (t += ms) };
}
const dag = (dagId: string, fileloc: string, lastParsedTime?: string): Dag => ({ dagId, displayName: dagId, isPaused: false, tags: [], owners: [], fileloc, ...(lastParsedTime ? { lastParsedTime } : {}) });
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '123+00:00'); // microseconds, as Airflow writes them

test('same file: Airflow fileloc is absolute on the worker, rel is DAG-folder relative', () => {
  assert.equal(isSameFile('/usr/local/airflow/dags/team/a.py', 'team/a.py'), true);
  assert.equal(isSameFile('/usr/local/airflow/dags/xteam/a.py', 'team/a.py'), false);
  assert.equal(isSameFile('C:\\dags\\team\\a.py', 'team/a.py'), true);
  assert.equal(isSameFile(undefined, 'a.py'), false);
});

test('visible once a DAG of this file is parsed after the upload; a stale parse does not count', async () => {
  const since = Date.parse('2026-01-01T00:00:00Z');
  const a = airflow((t) => ({
    dags: [
      dag('other', '/usr/local/airflow/dags/other.py', iso(since + t)),
      dag('hello', '/usr/local/airflow/dags/team/hello.py', t >= 9_000 ? iso(since + 8_500) : iso(since - 60_000)),
      dag('hello_2', '/usr/local/airflow/dags/team/hello.py', t >= 9_000 ? iso(since + 8_500) : iso(since - 60_000)),
    ],
  }));
  const r = await waitUntilVisible(a.source, { rel: 'team/hello.py', since, now: () => since + a.now(), sleep: a.sleep, pollMs: 1000, maxPollMs: 4000 });
  assert.equal(r.kind, 'visible');
  assert.deepEqual(r.kind === 'visible' && r.dagIds, ['hello', 'hello_2']);
  // Polls at 0, 1, 2.5, 4.75, 8.125, then steps capped at 4 s: 12.125 s is the first after the parse.
  assert.equal(r.ms, 12_125);
  assert.equal(a.calls.list, 6);
});

test('an import error for the file recorded after the upload ends the wait with its last line', async () => {
  const since = Date.parse('2026-01-01T00:00:00Z');
  const a = airflow((t) => ({
    errors: [
      { id: 1, filename: '/usr/local/airflow/dags/broken.py', stackTrace: 'Traceback...\nModuleNotFoundError: old', timestamp: iso(since - 5_000) },
      ...(t >= 3_000 ? [{ id: 2, filename: '/usr/local/airflow/dags/broken.py', stackTrace: 'Traceback (most recent call last):\n  File x\nModuleNotFoundError: No module named nope', timestamp: iso(since + 2_000) }] : []),
    ],
  }));
  const r = await waitUntilVisible(a.source, { rel: 'broken.py', since, now: () => since + a.now(), sleep: a.sleep, pollMs: 1000 });
  assert.deepEqual(r, { kind: 'import-error', message: 'ModuleNotFoundError: No module named nope', ms: 4_750 });
});

test('bounded: gives up at the timeout, and lists at most maxDags per poll', async () => {
  const since = 0;
  const many = Array.from({ length: 1000 }, (_, i) => dag(`d${i}`, `/dags/d${i}.py`, iso(0)));
  let pages = 0;
  const a = airflow(() => ({ dags: many }));
  const counting: VisibilitySource = {
    async *allDags(o, s) {
      for await (const p of a.source.allDags(o, s)) {
        pages++;
        yield p;
      }
    },
    importErrors: a.source.importErrors,
  };
  const r = await waitUntilVisible(counting, { rel: 'never.py', since, now: a.now, sleep: a.sleep, pollMs: 2000, maxPollMs: 10_000, timeoutMs: 30_000, maxDags: 300 });
  assert.equal(r.kind, 'timeout');
  assert.ok(r.ms <= 30_000, String(r.ms));
  assert.equal(pages, a.calls.list * 3, 'three pages of 100 per poll, not ten');
});

test('stops when aborted', async () => {
  const a = airflow(() => ({}));
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(waitUntilVisible(a.source, { rel: 'a.py', since: 0, signal: abort.signal }), /abort/i);
});

test('a failed poll is retried; three in a row end the tracking with the error', async () => {
  const since = 0;
  let calls = 0;
  const a = airflow((t) => ({ dags: t >= 2_000 ? [dag('x', '/dags/x.py', iso(1_500))] : [] }));
  const flaky: VisibilitySource = {
    async *allDags(o, s) {
      if (++calls === 2) throw new Error('503 from the webserver');
      yield* a.source.allDags(o, s);
    },
    importErrors: a.source.importErrors,
  };
  const r = await waitUntilVisible(flaky, { rel: 'x.py', since, now: a.now, sleep: a.sleep, pollMs: 1000 });
  assert.equal(r.kind, 'visible');
  const down: VisibilitySource = { allDags: () => { throw new Error('NoTransport: denied'); }, importErrors: a.source.importErrors };
  await assert.rejects(waitUntilVisible(down, { rel: 'x.py', since, now: a.now, sleep: a.sleep }), /denied/);
});

test('an error the old version still raises after the upload (its trace quotes other lines) is not the new upload\'s', async () => {
  const since = Date.parse('2026-01-01T00:00:00Z');
  const fixed = 'from airflow import DAG\nimport os\n\nwith DAG("fixed") as dag:\n    pass\n';
  const oldTrace = [
    'Traceback (most recent call last):',
    '  File "/usr/local/airflow/dags/team/fixed.py", line 2, in <module>',
    '    import nope_module',
    "ModuleNotFoundError: No module named 'nope_module'",
  ].join('\n');
  // Airflow re-parses the old file until the new one is synced, refreshing the error's timestamp;
  // the new file parses at 6 s.
  const a = airflow((t) => t < 6_000
    ? { errors: [{ id: 1, filename: '/usr/local/airflow/dags/team/fixed.py', stackTrace: oldTrace, timestamp: iso(since + t) }] }
    : { dags: [dag('fixed', '/usr/local/airflow/dags/team/fixed.py', iso(since + 6_000))] });
  const r = await waitUntilVisible(a.source, { rel: 'team/fixed.py', since, content: fixed, now: () => since + a.now(), sleep: a.sleep, pollMs: 1000 });
  assert.equal(r.kind, 'visible');
  // Without the content the refreshed old error was taken for the new upload's (the reported defect).
  const b = airflow((t) => ({ errors: [{ id: 1, filename: '/usr/local/airflow/dags/team/fixed.py', stackTrace: oldTrace, timestamp: iso(since + t) }] }));
  const stale = await waitUntilVisible(b.source, { rel: 'team/fixed.py', since, now: () => since + b.now(), sleep: b.sleep, pollMs: 1000 });
  assert.equal(stale.kind, 'import-error');
});

test('an error whose trace quotes the uploaded lines is the upload\'s, CRLF and indentation aside', async () => {
  const { quotesOtherContent } = await import('../../../src/core/sync/staleImportError');
  const broken = 'from airflow import DAG\r\nimport nope_module\r\n\r\ndef f():\r\n        return 1/0\r\n';
  const trace = (line: number, code: string) => `Traceback (most recent call last):\n  File "/usr/local/airflow/dags/b.py", line ${line}, in <module>\n    ${code}\nZeroDivisionError`;
  assert.equal(quotesOtherContent(trace(2, 'import nope_module'), 'b.py', broken), false);
  assert.equal(quotesOtherContent(trace(5, 'return 1/0'), 'b.py', broken), false);
  assert.equal(quotesOtherContent(trace(2, 'import other_module'), 'b.py', broken), true);
  // A line past the end of the uploaded file: another version.
  assert.equal(quotesOtherContent(trace(40, 'import nope_module'), 'b.py', broken), true);
  // Frames of other files, or frames without a code line, say nothing either way.
  assert.equal(quotesOtherContent(trace(2, 'import x').replace('/b.py', '/helpers/b2.py'), 'b.py', broken), false);
  assert.equal(quotesOtherContent('  File "/usr/local/airflow/dags/b.py", line 2, in <module>\n  File "/x.py", line 1\nError', 'b.py', broken), false);
  // A SyntaxError's header frame quotes the line, then the caret.
  const syntax = '  File "/usr/local/airflow/dags/b.py", line 4\n    def f():\n           ^\nSyntaxError: invalid syntax';
  assert.equal(quotesOtherContent(syntax, 'b.py', broken), false);
});

test('a DAG parsed after the upload from the old text is not "visible": the new text\'s import error is the answer', async () => {
  // The race of issue #19 item 3: Airflow parses the previous (clean) version once more before
  // the new one reaches the DAGs folder, then the new one fails to import.
  const since = Date.parse('2026-01-01T00:00:00Z');
  const uploaded = 'from airflow import DAG\nimport nope\n';
  const old = 'from airflow import DAG\n';
  const a = airflow((t) => ({
    dags: [dag('etl', '/usr/local/airflow/dags/etl.py', iso(since + 500))],
    errors: t >= 3_000 ? [{ id: 1, filename: '/usr/local/airflow/dags/etl.py', stackTrace: 'Traceback (most recent call last):\n  File "/usr/local/airflow/dags/etl.py", line 2, in <module>\n    import nope\nModuleNotFoundError: No module named \'nope\'', timestamp: iso(since + 2_500) }] : [],
  }));
  const asked: string[] = [];
  const source: VisibilitySource = { ...a.source, dagSource: async (d) => (asked.push(d.dagId), old) };
  const r = await waitUntilVisible(source, { rel: 'etl.py', since, content: uploaded, now: () => since + a.now(), sleep: a.sleep, pollMs: 1000 });
  assert.deepEqual(r, { kind: 'import-error', message: "ModuleNotFoundError: No module named 'nope'", ms: 4_750 });
  assert.ok(asked.length >= 1 && asked.every((id) => id === 'etl'));
});

test('visible when the stored source is the uploaded text (line endings aside), or when Airflow cannot say', async () => {
  const since = Date.parse('2026-01-01T00:00:00Z');
  const uploaded = 'from airflow import DAG\r\nx = 1\r\n';
  const parsed = airflow(() => ({ dags: [dag('etl', '/usr/local/airflow/dags/etl.py', iso(since + 500))] }));
  const opts = { rel: 'etl.py', since, content: uploaded, now: () => since + parsed.now(), sleep: parsed.sleep, pollMs: 1000 };
  const same = await waitUntilVisible({ ...parsed.source, dagSource: async () => 'from airflow import DAG\nx = 1\n' }, opts);
  assert.equal(same.kind, 'visible');
  const failing = await waitUntilVisible({ ...parsed.source, dagSource: async () => { throw new Error('404 on dagSources'); } }, opts);
  assert.equal(failing.kind, 'visible', 'an Airflow that cannot serve the source falls back to the timestamp');
  const unknown = await waitUntilVisible({ ...parsed.source, dagSource: async () => undefined }, opts);
  assert.equal(unknown.kind, 'visible');
});
