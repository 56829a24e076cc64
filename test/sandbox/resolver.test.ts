/**
 * The resolver for real: uv and PyPI, MWAA's installer model for Airflow 2.11.2 (Python 3.12,
 * Linux x86_64). Wheels for the no-wheel and direct-URL cases are built at run time.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureUv } from '../../sandbox/src/airflow/venv';
import { runResolve } from '../../src/cli/resolveCommand';
import { clearMemoryCache } from '../../src/core/runtime/resolveCache';
import { resolveRequirements, type ResolveOptions } from '../../src/core/runtime/resolver';
import { findPython } from '../../src/core/runtime/pythonFinder';
import { runtimeInputs } from '../../src/core/runtime/runtimeInputs';
import type { ResolveVerdict, RuntimeInputs } from '../../src/core/runtime/runtimeTypes';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DATA = path.join(REPO, 'src', 'data');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'resolver');
const AIRFLOW = '2.11.2';
const AIRFLOW_CONSTRAINTS = `https://raw.githubusercontent.com/apache/airflow/constraints-${AIRFLOW}/constraints-3.12.txt`;

describe('resolveRequirements (uv, PyPI, MWAA installer model)', () => {
  let root: string;
  let wheels: string;
  let opts: ResolveOptions;
  let runs = 0;
  let n = 0;

  before(async () => {
    clearMemoryCache();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-resolver-test-'));
    const python = await findPython('3.12');
    wheels = path.join(root, 'wheels');
    const make = (...args: string[]) => {
      const r = spawnSync(python.path, [path.join(FIXTURES, 'make_wheel.py'), wheels, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    make('mwaa-toolkit-h3-cp39only', '1.0', 'cp39-cp39-manylinux_2_17_x86_64');
    make('mwaa-toolkit-h3-conflict', '1.0', 'py3-none-any', 'pathspec<0.13');
    opts = {
      uv: await ensureUv(),
      env: { ...process.env, UV_CACHE_DIR: path.join(os.homedir(), '.cache', 'mwaa-toolkit', 'uv-cache'), UV_PYTHON_DOWNLOADS: 'never' },
      cacheDir: path.join(root, 'verdicts'),
      python: python.path,
      onUvRun: () => runs++,
    };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Writes the text as a requirements.txt in a folder of its own and builds MWAA's inputs for it. */
  function inputsFor(text: string, pluginsFolder?: string): RuntimeInputs {
    const dir = path.join(root, `case-${++n}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'requirements.txt'), text);
    return runtimeInputs({ airflowVersion: AIRFLOW, dataDir: DATA, requirementsFile: path.join(dir, 'requirements.txt'), ...(pluginsFolder ? { pluginsFolder } : {}) });
  }

  async function resolve(text: string, pluginsFolder?: string, extra: Partial<ResolveOptions> = {}): Promise<ResolveVerdict> {
    return resolveRequirements(inputsFor(text, pluginsFolder), { ...opts, ...extra });
  }

  function problemsOf(v: ResolveVerdict): Array<[number | undefined, string | undefined, string]> {
    assert.equal(v.status, 'conflict', JSON.stringify(v));
    return v.status === 'conflict' ? v.problems.map((p) => [p.line, p.project, p.message]) : [];
  }

  it('a realistic 20-package file resolves, with Airflow and every package it names', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'requirements-20.txt'), 'utf8');
    const v = await resolve(text);
    assert.equal(v.status, 'ok', JSON.stringify(v));
    if (v.status !== 'ok') return;
    assert.equal(v.packages.get('apache-airflow'), AIRFLOW);
    // Airflow's constraints applied: the resolved versions are its pins.
    assert.equal(v.packages.get('pathspec'), '1.0.4');
    assert.equal(v.packages.get('openpyxl'), '3.1.5');
    for (const name of ['apache-airflow-providers-snowflake', 'pandas', 'xlsxwriter', 'simple-salesforce', 'psycopg2-binary']) assert.ok(v.packages.has(name), name);
  });

  it('a transitive conflict (dbt-core 1.9.0 needs pathspec<0.13, Airflow pins 1.0.4) is an error on its line', async () => {
    const problems = problemsOf(await resolve('requests\n\n# transformations\ndbt-core==1.9.0\n'));
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]!.slice(0, 2), [4, 'dbt-core']);
    assert.match(problems[0]![2], /dbt-core 1\.9\.0 needs pathspec >=0\.9,<0\.13, but Airflow 2\.11\.2 pins pathspec 1\.0\.4/);
  });

  it('two conflicts in one file: both lines are reported (uv is run again without the first)', async () => {
    const before = runs;
    const problems = problemsOf(await resolve('dbt-core==1.9.0\nboto3\nrequests==2.20.0\n'));
    assert.deepEqual(problems.map((p) => p[0]).sort(), [1, 3]);
    assert.ok(runs - before >= 2);
  });

  it('lines whose markers are false on MWAA\'s platform are skipped; the same line without its marker is not', async () => {
    const v = await resolve([
      'pywin32==306; sys_platform == "win32"',
      // No wheel for Python 3.12 and an ancient sdist: would fail if uv evaluated it.
      'numpy==1.21.0; python_version < "3.9"',
      'uvloop==0.4.0; sys_platform == "darwin"',
      'requests',
    ].join('\n'));
    assert.equal(v.status, 'ok', JSON.stringify(v));
    const control = problemsOf(await resolve('pywin32==306\n'));
    assert.deepEqual(control[0]!.slice(0, 2), [1, 'pywin32']);
  });

  it('a commented constraint line turns Airflow\'s constraints off (MWAA\'s rule), so a pin only they forbid resolves', async () => {
    const pinned = 'pathspec==0.12.1\n';
    const withComment = inputsFor(`# --constraint ${AIRFLOW_CONSTRAINTS}\n${pinned}`);
    assert.equal(withComment.airflowConstraints, undefined);
    const v = await resolveRequirements(withComment, opts);
    assert.equal(v.status, 'ok', JSON.stringify(v));
    if (v.status === 'ok') assert.equal(v.packages.get('pathspec'), '0.12.1');
    const problems = problemsOf(await resolve(pinned));
    assert.deepEqual(problems[0]!.slice(0, 2), [1, 'pathspec']);
    assert.match(problems[0]![2], /Airflow's constraints/);
  });

  it('a package with only a cp39 wheel (no sdist) in the plugins folder: no wheel for Python 3.12, on its line', async () => {
    const problems = problemsOf(await resolve('requests\nmwaa-toolkit-h3-cp39only==1.0\n', wheels));
    assert.deepEqual(problems[0]!.slice(0, 2), [2, 'mwaa-toolkit-h3-cp39only']);
    assert.match(problems[0]![2], /has no wheel for Python 3\.12 \(only for cp39\)/);
  });

  it('a direct-URL wheel whose dependency clashes with Airflow\'s pins: conflict on its line', async () => {
    const url = `file://${path.join(wheels, 'mwaa_toolkit_h3_conflict-1.0-py3-none-any.whl')}`;
    const problems = problemsOf(await resolve(`requests\nmwaa-toolkit-h3-conflict @ ${url}\n`));
    assert.deepEqual(problems[0]!.slice(0, 2), [2, 'mwaa-toolkit-h3-conflict']);
    assert.match(problems[0]![2], /needs pathspec <0\.13, but Airflow 2\.11\.2 pins pathspec 1\.0\.4/);
  });

  it('an index that cannot be reached: unknown, naming it without its credentials, and never cached', async () => {
    const text = '--index-url http://user:s3cret@127.0.0.1:9/simple\nrequests\n';
    const fast = { env: { ...opts.env, UV_HTTP_RETRIES: '0' } };
    const before = runs;
    const v = await resolve(text, undefined, fast);
    assert.equal(v.status, 'unknown', JSON.stringify(v));
    if (v.status !== 'unknown') return;
    assert.match(v.reason, /127\.0\.0\.1:9/);
    assert.doesNotMatch(v.reason, /s3cret/);
    assert.equal((await resolve(text, undefined, fast)).status, 'unknown');
    assert.equal(runs - before, 2);
  });

  it('verdicts are cached by content: memory, then disk; a changed file is resolved again', async () => {
    const inputs = inputsFor('requests\ntenacity\n');
    const first = await resolveRequirements(inputs, opts);
    assert.equal(first.status, 'ok');
    const before = runs;
    const again = await resolveRequirements(inputs, opts);
    assert.equal(runs, before, 'served from memory');
    assert.deepEqual(again.status === 'ok' && [...again.packages], first.status === 'ok' && [...first.packages]);
    clearMemoryCache();
    assert.equal((await resolveRequirements(inputs, opts)).status, 'ok');
    assert.equal(runs, before, 'served from disk');
    fs.writeFileSync(inputs.requirements!.path, 'requests\ntenacity\ndbt-core==1.9.0\n');
    const changed = runtimeInputs({ airflowVersion: AIRFLOW, dataDir: DATA, requirementsFile: inputs.requirements!.path });
    assert.equal((await resolveRequirements(changed, opts)).status, 'conflict');
    assert.ok(runs > before, 'resolved again');
  });

  it('an included file (-r) is resolved, its conflicts land on its own lines, and it is part of the cache key', async () => {
    const inputs = inputsFor('-r more/extra.txt\nrequests\n');
    const dir = path.dirname(inputs.requirements!.path);
    fs.mkdirSync(path.join(dir, 'more'));
    const extra = path.join(dir, 'more', 'extra.txt');
    fs.writeFileSync(extra, 'tenacity\n');
    assert.equal((await resolveRequirements(inputs, opts)).status, 'ok');
    fs.writeFileSync(extra, 'tenacity\n\ndbt-core==1.9.0\n');
    const v = await resolveRequirements(inputs, opts);
    const problems = problemsOf(v);
    assert.equal(v.status === 'conflict' && v.problems[0]!.file, extra);
    assert.deepEqual(problems[0]!.slice(0, 2), [3, 'dbt-core']);
  });

  it('a relative -c file of the user\'s applies (and turns Airflow\'s constraints off)', async () => {
    const inputs = inputsFor('-c my-constraints.txt\nrequests\n');
    fs.writeFileSync(path.join(path.dirname(inputs.requirements!.path), 'my-constraints.txt'), 'requests==2.32.3\n');
    assert.equal(inputs.airflowConstraints, undefined);
    const v = await resolveRequirements(inputs, opts);
    assert.equal(v.status === 'ok' && v.packages.get('requests'), '2.32.3', JSON.stringify(v));
  });

  it('bounded: a uv that hangs is stopped at the time limit, an abort stops it, a missing uv: all unknown, none cached', async () => {
    const fake = path.join(root, 'fake-uv');
    fs.writeFileSync(fake, '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "uv 0.0.0-fake"; exit 0; fi\nsleep 60\n', { mode: 0o755 });
    const t0 = Date.now();
    const timedOut = await resolve('requests\n', undefined, { uv: fake, timeoutMs: 1500 });
    assert.equal(timedOut.status, 'unknown');
    assert.match(timedOut.status === 'unknown' ? timedOut.reason : '', /time limit/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const aborted = await resolve('requests\n', undefined, { uv: fake, signal: controller.signal });
    assert.match(aborted.status === 'unknown' ? aborted.reason : '', /cancelled/);
    assert.ok(Date.now() - t0 < 10_000, 'stopped, not waited for');
    const missing = await resolve('requests\n', undefined, { uv: path.join(root, 'no-such-uv') });
    assert.match(missing.status === 'unknown' ? missing.reason : '', /uv could not be run/);
    assert.deepEqual(fs.readdirSync(opts.cacheDir!).filter((f) => f.endsWith('.tmp')), []);
  });

  it('mwaa-lint --resolve: exit 1 and file:line errors on a conflict, 0 with JSON on success, 0 and a warning when unknown', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
    const run = (inputs: RuntimeInputs, format: 'text' | 'json', env = opts.env) => runResolve(
      { file: inputs.requirements!.path, airflowVersion: AIRFLOW, format, uv: opts.uv, inputs, env, cacheDir: opts.cacheDir!, python: opts.python! }, io);
    const bad = inputsFor('dbt-core==1.9.0\n');
    assert.equal(await run(bad, 'text'), 1);
    assert.match(out.join(''), new RegExp(`${bad.requirements!.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: error RESOLVE dbt-core 1\\.9\\.0 needs pathspec`));
    out.length = 0;
    assert.equal(await run(inputsFor('requests\n'), 'json'), 0);
    const json = JSON.parse(out.join('')) as { status: string; packages: Record<string, string> };
    assert.equal(json.status, 'ok');
    assert.equal(json.packages['apache-airflow'], AIRFLOW);
    out.length = 0;
    const unreachable = inputsFor('--index-url http://user:s3cret@127.0.0.1:9/simple\nrequests\n');
    assert.equal(await run(unreachable, 'text', { ...opts.env, UV_HTTP_RETRIES: '0' }), 0);
    assert.match(err.join(''), /warning: the resolver could not decide .*127\.0\.0\.1:9/);
    assert.doesNotMatch(err.join('') + out.join(''), /s3cret/);
  });
});
