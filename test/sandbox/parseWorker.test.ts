// The DAG parse worker against the sandbox's real Airflow 2 and 3 (their venvs, no scheduler):
// each corpus file's verdict, warm parse time, stdout garbage, hangs, crashes, cancel, restart,
// and `mwaa-lint --parse` (runParse).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureAirflow } from '../../sandbox/src/airflow';
import { runParse } from '../../src/cli/parseCommand';
import { listDagFiles } from '../../src/core/runtime/parseFolder';
import { DagParseWorker } from '../../src/core/runtime/parseWorker';
import type { ParseResult } from '../../src/core/runtime/runtimeTypes';

const CORPUS = path.resolve(__dirname, '../../../test/fixtures/parse-corpus');
const DAGS = path.join(CORPUS, 'dags');
const CASES = path.join(CORPUS, 'worker-cases');
type Expected = { dags: string[] } | { error: string; line: number };
const EXPECTED = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8')) as Record<'2' | '3', Record<string, Expected>>;
/** The corpus's timeout (slow_top_level.py sleeps 12 s). */
const CORPUS_OPTIONS = { 'core.dagbag_import_timeout': '5' };
/** Worker cases: DagBag's timeout 2 s, Airflow's processor kill at 4 s (2.x and 3.x option names). */
const CASE_OPTIONS = { 'core.dagbag_import_timeout': '2', 'core.dag_file_processor_timeout': '4', 'dag_processor.dag_file_processor_timeout': '4' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function verdict(r: ParseResult): Expected {
  if (r.errors.length > 0) return { error: r.errors[0]!.kind, line: r.errors[0]!.line ?? -1 };
  return { dags: r.dags.map((d) => d.dagId).sort() };
}

for (const major of [2, 3] as const) {
  describe(`DAG parse worker on Airflow ${major}`, { timeout: 30 * 60_000 }, () => {
    let python: string;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `mwaa-parse-af${major}-`));
    const workers: DagParseWorker[] = [];
    const make = (dagsFolder: string, configOptions: Record<string, string>, extra: { env?: NodeJS.ProcessEnv; graceMs?: number } = {}) => {
      // One AIRFLOW_HOME for all: its bytecode cache makes every start after the first one fast.
      const w = new DagParseWorker({ python, airflowHome: path.join(home, 'airflow'), dagsFolder, configOptions, ...extra });
      workers.push(w);
      return w;
    };
    before(async () => {
      python = (await ensureAirflow(major)).python;
    });
    after(() => {
      for (const w of workers) w.dispose();
      fs.rmSync(home, { recursive: true, force: true });
    });

    it('starts (cold), lists the corpus as Airflow would, and gives each file its DagBag verdict', async () => {
      const w = make(DAGS, CORPUS_OPTIONS);
      const t0 = Date.now();
      const info = await w.info;
      const coldMs = Date.now() - t0;
      console.log(`[parse af${major}] Airflow ${info.airflow} Python ${info.python}: first worker start (cold bytecode cache) ${coldMs} ms`);
      assert.match(info.airflow, new RegExp(`^${major}\\.`));
      const listing = await listDagFiles(DAGS, { airflowMajor: major });
      const expected = EXPECTED[String(major) as '2' | '3'];
      assert.deepEqual(listing.files.map((f) => path.basename(f)).sort(), Object.keys(expected).sort(), 'common/ is ignored (.airflowignore), the rest is listed');
      for (const f of listing.files) {
        const r = await w.parseFile(f);
        assert.deepEqual(verdict(r), expected[path.basename(f)], `${path.basename(f)}: ${JSON.stringify(r.errors.map((e) => e.message))}`);
        assert.equal(r.timeoutSeconds, 5);
        for (const e of r.errors) assert.equal(e.file, f);
        for (const d of r.dags) assert.ok(d.taskCount > 0 && d.line !== undefined, JSON.stringify(d));
      }
    });

    it('a warm parse costs the file, not Airflow (median of 5 under 500 ms)', async () => {
      const w = make(DAGS, CORPUS_OPTIONS);
      const t0 = Date.now();
      await w.info;
      console.log(`[parse af${major}] worker start with the bytecode cache warm ${Date.now() - t0} ms`);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const r = await w.parseFile(path.join(DAGS, 'healthy_with_helper.py'));
        times.push(performance.now() - t0);
        assert.deepEqual(r.dags.map((d) => [d.dagId, d.taskCount]), [['corpus_healthy_with_helper', 3]]);
      }
      console.log(`[parse af${major}] warm parse median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
      assert.ok(median(times) < 500, `median ${median(times)} ms`);
    });

    it('DAG output on stdout and reads of stdin leave the protocol intact', async () => {
      const w = make(CASES, CASE_OPTIONS);
      const g = await w.parseFile(path.join(CASES, 'prints_garbage.py'));
      assert.deepEqual(g.dags.map((d) => d.dagId), ['worker_prints_garbage']);
      const s = await w.parseFile(path.join(CASES, 'reads_stdin.py'));
      assert.deepEqual(s.dags.map((d) => d.dagId), ['worker_reads_stdin']);
      assert.deepEqual((await w.parseFile(path.join(CASES, 'prints_garbage.py'))).errors, []);
    });

    it('a hang past Airflow\'s processor timeout is a timeout error; a crash is an error; the worker stays warm', async () => {
      const w = make(CASES, CASE_OPTIONS);
      await w.info;
      const pid = w.pid;
      const t0 = Date.now();
      const hang = await w.parseFile(path.join(CASES, 'hangs.py'));
      const hangMs = Date.now() - t0;
      assert.equal(hang.errors[0]?.kind, 'timeout', JSON.stringify(hang.errors));
      assert.match(hang.errors[0]!.message, /dag_file_processor_timeout/);
      assert.ok(hangMs >= 4000 && hangMs < 12_000, `killed at the processor timeout (4 s + grace), took ${hangMs} ms`);
      const crash = await w.parseFile(path.join(CASES, 'crashes.py'));
      assert.equal(crash.errors[0]?.kind, 'other');
      assert.match(crash.errors[0]!.message, /exited with code 3/);
      assert.equal(w.pid, pid, 'the same warm worker (only the forked child died)');
      assert.equal((await w.parseFile(path.join(CASES, 'prints_garbage.py'))).dags.length, 1);
    });

    it('cancel kills the running parse at once; a queued parse cancelled never runs', async () => {
      const w = make(CASES, CASE_OPTIONS);
      await w.info;
      const ac = new AbortController();
      const t0 = Date.now();
      const running = w.parseFile(path.join(CASES, 'hangs.py'), ac.signal);
      const queued = new AbortController();
      const second = w.parseFile(path.join(CASES, 'prints_garbage.py'), queued.signal);
      queued.abort();
      await assert.rejects(second, { name: 'AbortError' });
      setTimeout(() => ac.abort(), 300);
      await assert.rejects(running, { name: 'AbortError' });
      const next = await w.parseFile(path.join(CASES, 'prints_garbage.py'));
      assert.equal(next.dags.length, 1);
      assert.ok(Date.now() - t0 < 3500, `the hang was killed on cancel, not at the 4 s timeout (${Date.now() - t0} ms)`);
    });

    it('without fork: a crash ends the worker and the next parse restarts it; a hang is abandoned after the timeouts + grace', async () => {
      const w = make(CASES, CASE_OPTIONS, { env: { ...process.env, MWAA_PARSE_WORKER_FORK: '0' }, graceMs: 1000 });
      await w.info;
      const first = w.pid;
      const crash = await w.parseFile(path.join(CASES, 'crashes.py'));
      assert.equal(crash.errors[0]?.kind, 'other');
      assert.match(crash.errors[0]!.message, /exited with code 3/);
      assert.equal((await w.parseFile(path.join(CASES, 'prints_garbage.py'))).dags.length, 1);
      const second = w.pid;
      assert.ok(second && second !== first, 'a new worker process');
      const t0 = Date.now();
      const hang = await w.parseFile(path.join(CASES, 'hangs.py'));
      const ms = Date.now() - t0;
      assert.equal(hang.errors[0]?.kind, 'timeout');
      assert.ok(ms >= 5000 && ms < 9000, `abandoned at 4 s + 1 s grace, took ${ms} ms`);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(alive(second), false, 'the hung worker was killed');
      assert.equal((await w.parseFile(path.join(CASES, 'prints_garbage.py'))).dags.length, 1);
    });

    it('refuses files outside the dags folder; dispose kills the worker', async () => {
      const w = make(CASES, CASE_OPTIONS);
      await assert.rejects(w.parseFile(path.join(DAGS, 'healthy_shared.py')), /not inside the dags folder/);
      await assert.rejects(w.parseFile(path.join(CASES, '..', 'expected.json')), /not inside the dags folder/);
      await w.info;
      const pid = w.pid;
      assert.ok(alive(pid));
      w.dispose();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(alive(pid), false);
      await assert.rejects(w.parseFile(path.join(CASES, 'prints_garbage.py')), /disposed/);
    });

    it('mwaa-lint --parse: each DAG with its file and time, every import error as file:line, exit 1', { skip: major === 3 && 'the command is the same on both majors' }, async () => {
      let out = '';
      let err = '';
      const io = { stdout: (s: string) => { out += s; }, stderr: (s: string) => { err += s; } };
      const files = ['healthy_with_helper.py', 'missing_provider.py', 'cycle.py'].map((f) => path.join(DAGS, f));
      const code = await runParse({ paths: files, format: 'text', python, airflowHome: path.join(home, 'airflow'), configOptions: CORPUS_OPTIONS }, io);
      assert.equal(code, 1, err);
      assert.match(out, /healthy_with_helper\.py:8: DAG corpus_healthy_with_helper \(3 tasks, \d+ ms\)/);
      assert.match(out, /missing_provider\.py:5: error: ModuleNotFoundError: No module named 'airflow\.providers\.snowflake' \[import\]/);
      assert.match(out, /cycle\.py:7: error: AirflowDagCycleException: Cycle detected in DAG: corpus_cycle.* \[cycle\]/);
      assert.match(out, /3 files parsed with Airflow 2\.\d+\.\d+ \(Python 3\.\d+\.\d+\): 1 DAG, 2 import errors/);

      out = '';
      const ok = await runParse({ paths: [path.join(DAGS, 'healthy_shared.py'), path.join(DAGS, 'af2_api.py')], format: 'json', python, airflowHome: path.join(home, 'airflow') }, io);
      assert.equal(ok, 0);
      const json = JSON.parse(out) as { files: ParseResult[]; dags: number; errors: number };
      assert.deepEqual([json.dags, json.errors, json.files.length], [2, 0, 2]);
      assert.equal(await runParse({ paths: ['/no/such/dags'], format: 'text', python, airflowHome: home }, io), 2);
    });
  });
}
