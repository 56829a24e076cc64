import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import {
  ensureRuntime, findRuntime, progressMessage, RUNTIME_MARKER, RuntimeBuildError, runtimeDir, uvEnv,
} from '../../../src/core/runtime/provision';
import { LOCAL_RUNTIME_EXTRAS, runtimeInputs } from '../../../src/core/runtime/runtimeInputs';
import { withRuntimeLock } from '../../../src/core/runtime/runtimeLock';
import { listRuntimes, pruneRuntimes } from '../../../src/core/runtime/runtimeStore';
import type { BuildProgress } from '../../../src/core/runtime/runtimeTypes';

// The fake uv is a shell script: POSIX only.
const skip = process.platform === 'win32' ? 'the fake uv is a shell script' : false;
const DATA = path.resolve(__dirname, '../../../../src/data');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-provision-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * A uv that builds a fake venv and logs every `pip install` (arguments, working folder, the
 * environment variables that matter) to $FAKE_UV_LOG. A requirements file holding `dbt-core==1.9.0`
 * fails the way uv does; FAKE_UV_SLEEP makes `pip install` slow (to cancel it).
 */
const FAKE_UV = `#!/bin/sh
if [ "$1" = "venv" ]; then
  dir="$4"; mkdir -p "$dir/bin" "$dir/lib/python3.12/site-packages"
  printf '#!/bin/sh\\necho fake\\n' > "$dir/bin/python"; chmod +x "$dir/bin/python"
  echo "Using CPython \${FAKE_PY:-3.12.1} interpreter at: $3" >&2
  echo "Creating virtual environment at: $dir" >&2
  exit 0
fi
{ echo "ARGS $*"; echo "CWD $(pwd)"; echo "ENV aws=\${AWS_SECRET_ACCESS_KEY:-none} downloads=$UV_PYTHON_DOWNLOADS certs=$UV_SYSTEM_CERTS venv=\${VIRTUAL_ENV:-none} constraint=\${UV_CONSTRAINT:-none} proxy=\${HTTPS_PROXY:-none}"; } >> "$FAKE_UV_LOG"
if [ -n "$FAKE_UV_SLEEP" ]; then echo "Resolved 5 packages in 1ms" >&2; sleep "$FAKE_UV_SLEEP"; fi
prev=""
for a in "$@"; do
  if [ "$prev" = "-r" ] && grep -q 'dbt-core==1.9.0' "$a"; then
    echo "error: No solution found when resolving dependencies" >&2
    echo "  cause: Because dbt-core==1.9.0 depends on pathspec>=0.9,<0.13 and pathspec==1.0.4, we can conclude that dbt-core==1.9.0 cannot be used." >&2
    echo "         And because you require dbt-core==1.9.0, we can conclude that your requirements are unsatisfiable." >&2
    exit 1
  fi
  prev="$a"
done
echo "Resolved 174 packages in 20ms" >&2
echo "Installed 174 packages in 30ms" >&2
`;

function setup(name: string): { root: string; uv: string; log: string; env: NodeJS.ProcessEnv } {
  const root = path.join(tmp, name);
  fs.mkdirSync(root, { recursive: true });
  const uv = path.join(root, 'uv');
  fs.writeFileSync(uv, FAKE_UV, { mode: 0o755 });
  const log = path.join(root, 'uv.log');
  const env = {
    PATH: process.env.PATH, FAKE_UV_LOG: log, AWS_SECRET_ACCESS_KEY: 'not-for-uv', VIRTUAL_ENV: '/some/venv',
    UV_CONSTRAINT: '/user/own.txt', HTTPS_PROXY: 'http://proxy:3128',
  };
  return { root: path.join(root, 'runtimes'), uv, log, env };
}

function writeReq(dir: string, text: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'requirements.txt'), text);
  return path.join(dir, 'requirements.txt');
}

test('a cold build runs the venv, the image, the requirements (MWAA\'s way), writes the marker; the next call is cached', { skip }, async () => {
  const s = setup('cold');
  const ws = path.join(tmp, 'cold-ws');
  const plugins = path.join(ws, 'plugins');
  fs.mkdirSync(plugins, { recursive: true });
  const req = writeReq(path.join(ws, 'reqs'), 'requests\n');
  const inputs = runtimeInputs({ airflowVersion: '2.11.2', dataDir: DATA, requirementsFile: req, pluginsFolder: plugins });
  const progress: BuildProgress[] = [];
  const lines: string[] = [];
  const rt = await ensureRuntime(inputs, { root: s.root, uv: s.uv, python: '/usr/bin/python3.12', env: s.env, onProgress: (p) => progress.push(p), log: (l) => lines.push(l) });
  assert.equal(rt.built, true);
  assert.equal(rt.dir, runtimeDir(s.root, inputs));
  assert.equal(rt.python, path.join(rt.dir, 'bin', 'python'));
  assert.equal(fs.readFileSync(path.join(rt.dir, RUNTIME_MARKER), 'utf8'), rt.key);
  const calls = fs.readFileSync(s.log, 'utf8').split('\n').filter((l) => l.startsWith('ARGS'));
  assert.equal(calls.length, 3, 'the image, the requirements, then the extras (debugpy)');
  const essential = path.join(rt.dir, 'mwaa', 'essential-constraints.txt');
  const airflow = path.join(rt.dir, 'mwaa', 'airflow-constraints.txt');
  assert.equal(fs.readFileSync(essential, 'utf8'), inputs.essentialConstraints);
  assert.equal(fs.readFileSync(airflow, 'utf8'), inputs.airflowConstraints);
  assert.ok(calls[0]!.includes(`${inputs.basePackages.join(' ')} -c ${essential} -c ${airflow}`), calls[0]);
  assert.ok(calls[1]!.endsWith(`-r ${req} -c ${essential} -c ${airflow} --find-links ${plugins}`), calls[1]);
  const log = fs.readFileSync(s.log, 'utf8');
  assert.ok(log.includes(`CWD ${path.dirname(req)}`), 'the requirements step runs in the file\'s folder');
  assert.match(log, /ENV aws=none downloads=never certs=1 venv=none constraint=none proxy=http:\/\/proxy:3128/);
  assert.equal(fs.readFileSync(path.join(rt.dir, 'lib', 'python3.12', 'site-packages', 'mwaa_plugins.pth'), 'utf8'), `${plugins}\n`);
  assert.ok(calls[2]!.includes(LOCAL_RUNTIME_EXTRAS.join(' ')), calls[2]);
  assert.deepEqual([...new Set(progress.map((p) => p.step))], ['venv', 'base', 'requirements', 'extras', 'done']);
  assert.ok(progress.some((p) => p.message.includes('resolved 174 packages')));
  assert.ok(lines.some((l) => l.startsWith('$ uv pip install')));

  const t0 = Date.now();
  const again = await ensureRuntime(inputs, { root: s.root, uv: '/no/uv/needed', python: '/no/python', env: s.env });
  assert.equal(again.built, false);
  assert.equal(again.dir, rt.dir);
  assert.ok(Date.now() - t0 < 200);
  assert.equal(findRuntime(s.root, inputs)?.key, rt.key);
});

test('a commented constraint line: the requirements step runs without Airflow\'s constraints, the image still with them', { skip }, async () => {
  const s = setup('own');
  const req = writeReq(path.join(tmp, 'own-ws'), '# -c https://example.com/constraints.txt\nrequests\n');
  const inputs = runtimeInputs({ airflowVersion: '2.11.2', dataDir: DATA, requirementsFile: req });
  const rt = await ensureRuntime(inputs, { root: s.root, uv: s.uv, python: 'python3.12', env: s.env });
  const calls = fs.readFileSync(s.log, 'utf8').split('\n').filter((l) => l.startsWith('ARGS'));
  const airflow = path.join(rt.dir, 'mwaa', 'airflow-constraints.txt');
  assert.ok(calls[0]!.includes(`-c ${airflow}`));
  assert.ok(!calls[1]!.includes(airflow), calls[1]);
});

test('MWAA\'s plugins path in the file: uv gets a copy with the local folder, line for line', { skip }, async () => {
  const s = setup('mapped');
  const ws = path.join(tmp, 'mapped-ws');
  const plugins = path.join(ws, 'plugins');
  fs.mkdirSync(plugins, { recursive: true });
  const req = writeReq(ws, '--find-links /usr/local/airflow/plugins\nmy-plugin-lib\n');
  const rt = await ensureRuntime(runtimeInputs({ airflowVersion: '2.11.2', dataDir: DATA, requirementsFile: req, pluginsFolder: plugins }),
    { root: s.root, uv: s.uv, python: 'python3.12', env: s.env });
  const copy = path.join(rt.dir, 'mwaa', 'requirements.txt');
  assert.equal(fs.readFileSync(copy, 'utf8'), `--find-links ${JSON.stringify(plugins)}\nmy-plugin-lib\n`);
  assert.match(fs.readFileSync(s.log, 'utf8'), new RegExp(`-r ${copy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
});

test('a requirements line that does not install: RuntimeBuildError naming the line; nothing left behind', { skip }, async () => {
  const s = setup('fails');
  const req = writeReq(path.join(tmp, 'fails-ws'), '# analytics\nrequests\ndbt-core==1.9.0\n');
  const inputs = runtimeInputs({ airflowVersion: '2.11.2', dataDir: DATA, requirementsFile: req });
  await assert.rejects(ensureRuntime(inputs, { root: s.root, uv: s.uv, python: 'python3.12', env: s.env }), (err: Error) => {
    assert.ok(err instanceof RuntimeBuildError, String(err));
    assert.equal(err.step, 'requirements');
    assert.ok(err.problems.some((p) => p.line === 3 && p.file === req), JSON.stringify(err.problems));
    assert.match(err.message, /^Line 3 of requirements\.txt/);
    assert.match(err.message, /pathspec/);
    assert.match(err.log, /No solution found/);
    assert.ok(err.log.split('\n').length <= 40);
    return true;
  });
  assert.ok(!fs.existsSync(runtimeDir(s.root, inputs)), 'the half-built runtime is removed');
  assert.ok(!fs.existsSync(`${runtimeDir(s.root, inputs)}.lock`), 'the lock is released');
});

test('an interpreter of the wrong version is refused at the venv step', { skip }, async () => {
  const s = setup('wrong-python');
  const inputs = runtimeInputs({ airflowVersion: '2.11.2', dataDir: DATA });
  await assert.rejects(ensureRuntime(inputs, { root: s.root, uv: s.uv, python: '/usr/bin/python3.11', env: { ...s.env, FAKE_PY: '3.11.7' } }),
    (err: Error) => err instanceof RuntimeBuildError && err.step === 'venv' && /3\.11\.7.*3\.12/.test(err.message));
  assert.ok(!fs.existsSync(runtimeDir(s.root, inputs)));
});

test('cancelled mid-build: an AbortError, no marker, no folder', { skip }, async () => {
  const s = setup('cancel');
  const inputs = runtimeInputs({ airflowVersion: '3.3.1', dataDir: DATA });
  const ac = new AbortController();
  const t0 = Date.now();
  const p = ensureRuntime(inputs, {
    root: s.root, uv: s.uv, python: 'python3.12', env: { ...s.env, FAKE_UV_SLEEP: '30' }, signal: ac.signal,
    onProgress: (e) => { if (e.message.includes('resolved 5')) ac.abort(); },
  });
  await assert.rejects(p, (err: Error) => err.name === 'AbortError');
  assert.ok(Date.now() - t0 < 10_000, 'uv was stopped, not waited for');
  assert.ok(!fs.existsSync(runtimeDir(s.root, inputs)));
});

test('uv\'s environment: no AWS variables, no active venv, no user constraints; never downloads a Python', () => {
  const env = uvEnv({ PATH: '/bin', AWS_PROFILE: 'p', AWS_ACCESS_KEY_ID: 'k', VIRTUAL_ENV: '/v', UV_CONSTRAINT: 'c', UV_INDEX_URL: 'https://idx', UV_CACHE_DIR: '/c' });
  assert.deepEqual(env, { PATH: '/bin', UV_INDEX_URL: 'https://idx', UV_CACHE_DIR: '/c', UV_PYTHON_DOWNLOADS: 'never', UV_SYSTEM_CERTS: '1' });
});

test('progress from uv\'s lines', () => {
  assert.equal(progressMessage('base', 'Resolved 174 packages in 1.2s'), 'MWAA\'s image: resolved 174 packages');
  assert.equal(progressMessage('requirements', 'Installed 1 package in 3ms'), 'requirements: installed 1 package');
  assert.equal(progressMessage('base', 'Downloading numpy (15.1MiB)'), 'MWAA\'s image: downloading numpy (15.1MiB)');
  assert.equal(progressMessage('base', ' + six==1.17.0'), undefined);
});

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('the lock: a dead owner\'s lock is taken over; an ownerless leftover too', async () => {
  const lock = path.join(tmp, 'locks', 'a.lock');
  fs.mkdirSync(lock, { recursive: true });
  fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: deadPid(), host: os.hostname() }));
  assert.equal(await withRuntimeLock(lock, async () => {
    assert.equal(JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8')).pid, process.pid);
    return 'ran';
  }, { pollMs: 20 }), 'ran');
  assert.ok(!fs.existsSync(lock));
  // The sandbox's old lock format (a `pid` file), left by a crash long ago.
  fs.mkdirSync(lock);
  fs.writeFileSync(path.join(lock, 'pid'), '1');
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(lock, old, old);
  assert.equal(await withRuntimeLock(lock, async () => 'ran', { pollMs: 20 }), 'ran');
});

test('the lock: a live owner is waited for (and the wait can be cancelled); holders never overlap', async () => {
  const lock = path.join(tmp, 'locks', 'b.lock');
  let inside = 0;
  let most = 0;
  const hold = () => withRuntimeLock(lock, async () => {
    most = Math.max(most, ++inside);
    await new Promise((r) => setTimeout(r, 50));
    inside--;
  }, { pollMs: 10 });
  await Promise.all([hold(), hold(), hold()]);
  assert.equal(most, 1);

  fs.mkdirSync(lock);
  fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: os.hostname() }));
  const ac = new AbortController();
  const waits: number[] = [];
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(withRuntimeLock(lock, async () => assert.fail('not while it is held'), { signal: ac.signal, pollMs: 10, onWait: (pid) => waits.push(pid) }),
    (err: Error) => err.name === 'AbortError');
  assert.deepEqual(waits, [process.pid]);
  assert.ok(fs.existsSync(lock), 'a waiter never removes a live owner\'s lock');
});

test('the store lists runtimes and prunes the unused and the unfinished, never a kept or running one', { skip }, async () => {
  const s = setup('store');
  const image = runtimeInputs({ airflowVersion: '2.11.2', dataDir: DATA });
  const custom = runtimeInputs({ airflowVersion: '3.3.1', dataDir: DATA, extraPackages: ['debugpy'] });
  const a = await ensureRuntime(image, { root: s.root, uv: s.uv, python: 'python3.12', env: s.env });
  const b = await ensureRuntime(custom, { root: s.root, uv: s.uv, python: 'python3.12', env: s.env });
  const unfinished = path.join(s.root, 'airflow-3.2.1-py3.12-0123456789abcdef');
  const building = path.join(s.root, 'airflow-3.0.6-py3.12-fedcba9876543210');
  for (const d of [unfinished, building]) fs.mkdirSync(path.join(d, 'bin'), { recursive: true });
  fs.mkdirSync(`${building}.lock`);
  fs.writeFileSync(path.join(`${building}.lock`, 'owner.json'), JSON.stringify({ pid: process.pid, host: os.hostname() }));
  fs.mkdirSync(path.join(s.root, 'not-a-runtime'));
  const listed = listRuntimes(s.root);
  assert.deepEqual(listed.map((r) => r.dir).sort(), [a.dir, b.dir, unfinished, building].sort());
  const byDir = new Map(listed.map((r) => [r.dir, r]));
  assert.deepEqual([byDir.get(a.dir)?.complete, byDir.get(a.dir)?.customised, byDir.get(a.dir)?.airflowVersion], [true, false, '2.11.2']);
  assert.deepEqual([byDir.get(b.dir)?.complete, byDir.get(b.dir)?.customised], [true, true]);
  assert.equal(byDir.get(unfinished)?.complete, false);

  // Everything complete counts as unused (a day later, limit one hour); `a` is kept by its user.
  const removed = await pruneRuntimes(s.root, { keep: new Set([a.dir]), unusedForMs: 3600_000, now: Date.now() + 86_400_000 });
  assert.deepEqual(removed.sort(), [b.dir, unfinished].sort());
  assert.ok(fs.existsSync(a.dir) && fs.existsSync(building) && !fs.existsSync(b.dir) && !fs.existsSync(unfinished));
  fs.rmSync(`${building}.lock`, { recursive: true });
});
