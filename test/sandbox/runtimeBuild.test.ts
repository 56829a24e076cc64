/**
 * The local MWAA runtime built for real (uv, PyPI, the Python MWAA runs): the sandbox's own
 * Airflow 2 and 3 are runtimes of MWAA's image; a requirements line that conflicts with Airflow's
 * pins fails naming its line; a cancelled build leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { ensureRuntime, RUNTIME_MARKER, RuntimeBuildError, runtimeDir } from '../../src/core/runtime/provision';
import { findPython } from '../../src/core/runtime/pythonFinder';
import { runtimeInputs } from '../../src/core/runtime/runtimeInputs';
import { AIRFLOW_RELEASES, ensureAirflow } from '../../sandbox/src/airflow';
import { sandboxUvEnv } from '../../sandbox/src/airflow/install';
import { DATA_DIR, ensureUv } from '../../sandbox/src/airflow/venv';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-runtime-build-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What the runtime's own Python reports: its version and the installed version of each package. */
function report(python: string, packages: string[]): { python: string; amazon: string; versions: Record<string, string> } {
  const code = [
    'import json, sys',
    'from importlib.metadata import version',
    'import airflow.providers.amazon as amazon',
    `names = ${JSON.stringify(packages)}`,
    'print(json.dumps({"python": "%d.%d" % sys.version_info[:2], "amazon": amazon.__version__, "versions": {n: version(n) for n in names}}))',
  ].join('\n');
  return JSON.parse(execFileSync(python, ['-c', code], { encoding: 'utf8', timeout: 120_000 })) as ReturnType<typeof report>;
}

for (const major of [2, 3] as const) {
  const release = AIRFLOW_RELEASES[major];
  test(`ensureAirflow(${major}): Airflow ${release.version} as MWAA's image has it, on the Python MWAA runs; cached the second time`, { timeout: 15 * 60_000 }, async () => {
    const inputs = runtimeInputs({ airflowVersion: release.version, dataDir: DATA_DIR });
    const venv = await ensureAirflow(major);
    console.log(`Airflow ${release.version}: ${venv.installed ? `built in ${venv.installMs} ms` : 'cached'} at ${venv.dir}`);
    const bom = new Map(inputs.basePackages.map((p) => p.split('==') as [string, string]));
    const got = report(venv.python, [...bom.keys()]);
    assert.equal(got.python, inputs.pythonVersion);
    assert.equal(got.amazon, bom.get('apache-airflow-providers-amazon'), 'the Amazon provider of MWAA\'s image');
    for (const [name, version] of bom) assert.equal(got.versions[name], version, name);

    const t0 = Date.now();
    const again = await ensureAirflow(major);
    const ms = Date.now() - t0;
    console.log(`Airflow ${release.version}: cached call ${ms} ms`);
    assert.equal(again.installed, false);
    assert.equal(again.dir, venv.dir);
    assert.ok(ms < 1000, `a cached runtime costs a marker read, took ${ms} ms`);
  });
}

async function buildOptions(root: string): Promise<{ root: string; uv: string; python: string; env: NodeJS.ProcessEnv }> {
  return { root, uv: await ensureUv(), python: (await findPython('3.12')).path, env: sandboxUvEnv() };
}

test('a requirements line that conflicts with Airflow\'s pins: RuntimeBuildError naming that line, nothing left', { timeout: 10 * 60_000 }, async () => {
  const ws = path.join(tmp, 'ws');
  fs.mkdirSync(ws, { recursive: true });
  const req = path.join(ws, 'requirements.txt');
  // dbt-core 1.9.0 needs pathspec<0.13; Airflow 2.11.2's constraints pin pathspec 1.0.4.
  fs.writeFileSync(req, '# transforms\nrequests\ndbt-core==1.9.0\n');
  const inputs = runtimeInputs({ airflowVersion: '2.11.2', dataDir: DATA_DIR, requirementsFile: req });
  const root = path.join(tmp, 'runtimes');
  const steps: string[] = [];
  const err = await ensureRuntime(inputs, { ...await buildOptions(root), onProgress: (p) => steps.push(p.step) }).then(
    () => assert.fail('dbt-core 1.9.0 must not install on Airflow 2.11.2'), (e: Error) => e);
  assert.ok(err instanceof RuntimeBuildError, String(err));
  console.log(`${err.message}`);
  assert.equal(err.step, 'requirements');
  assert.ok(steps.includes('base'), 'the image was installed first');
  const problem = err.problems.find((p) => p.line !== undefined);
  assert.equal(problem?.file, req);
  assert.equal(problem?.line, 3);
  assert.equal(problem?.project, 'dbt-core');
  assert.match(err.message, /^Line 3 of requirements\.txt \(dbt-core\)/);
  assert.match(err.message, /pathspec/);
  assert.match(err.log, /No solution found/);
  assert.ok(!fs.existsSync(runtimeDir(root, inputs)));
});

test('cancelled mid-build: an AbortError, no marker, no folder', { timeout: 5 * 60_000 }, async () => {
  const inputs = runtimeInputs({ airflowVersion: '3.3.1', dataDir: DATA_DIR });
  const root = path.join(tmp, 'cancelled');
  const ac = new AbortController();
  const dir = runtimeDir(root, inputs);
  let sawVenv = false;
  const err = await ensureRuntime(inputs, {
    ...await buildOptions(root),
    signal: ac.signal,
    onProgress: (p) => {
      // Cancel once the image's install has started, with the venv already on disk.
      if (p.step === 'base' && !ac.signal.aborted) {
        sawVenv = fs.existsSync(path.join(dir, 'pyvenv.cfg'));
        ac.abort();
      }
    },
  }).then(() => assert.fail('the build was cancelled'), (e: Error) => e);
  assert.equal(err.name, 'AbortError');
  assert.ok(sawVenv, 'cancelled mid-build, not before it');
  assert.ok(!fs.existsSync(path.join(dir, RUNTIME_MARKER)));
  assert.ok(!fs.existsSync(dir));
  assert.ok(!fs.existsSync(`${dir}.lock`));
});
