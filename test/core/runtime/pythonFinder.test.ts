import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { findAnyPython, findPython, MissingPythonError } from '../../../src/core/runtime/pythonFinder';

// Fake interpreters are shell scripts: POSIX only.
const skip = process.platform === 'win32' ? 'fake interpreters are shell scripts' : false;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-pyfind-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fake interpreter that reports `version` (and its own path) the way the finder asks, or fails. */
function fakePython(file: string, version: string | 'broken'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body = version === 'broken'
    ? '#!/bin/sh\necho "pyenv: python3.12: command not found" >&2\nexit 127\n'
    : `#!/bin/sh\necho ${version}\necho "$0"\n`;
  fs.writeFileSync(file, body, { mode: 0o755 });
  return file;
}

function scene(name: string): { root: string; env: NodeJS.ProcessEnv; home: string } {
  const root = path.join(tmp, name);
  const home = path.join(root, 'home');
  fs.mkdirSync(home, { recursive: true });
  return { root, home, env: { PATH: [path.join(root, 'shims'), path.join(root, 'bin')].join(path.delimiter), PYENV_ROOT: path.join(root, 'pyenv') } };
}

test('a broken shim and a wrong version on PATH are passed over; pyenv\'s newest patch is chosen', { skip }, async () => {
  const s = scene('pyenv');
  fakePython(path.join(s.root, 'shims', 'python3.97'), 'broken');
  fakePython(path.join(s.root, 'bin', 'python3.97'), '3.11.7');
  fakePython(path.join(s.root, 'pyenv', 'versions', '3.97.2', 'bin', 'python3.97'), '3.97.2');
  const newest = fakePython(path.join(s.root, 'pyenv', 'versions', '3.97.10', 'bin', 'python3.97'), '3.97.10');
  fakePython(path.join(s.root, 'pyenv', 'versions', '3.970.1', 'bin', 'python3.97'), '3.970.1');
  const found = await findPython('3.97', { env: s.env, homeDir: s.home });
  assert.deepEqual(found, { path: newest, version: '3.97.10' });
});

test('the configured interpreter wins when it is the right version, and is skipped when not', { skip }, async () => {
  const s = scene('configured');
  const onPath = fakePython(path.join(s.root, 'bin', 'python3.97'), '3.97.1');
  const configured = fakePython(path.join(s.root, 'custom', 'py'), '3.97.4');
  assert.equal((await findPython('3.97', { env: s.env, homeDir: s.home, configured })).path, configured);
  const wrong = fakePython(path.join(s.root, 'custom', 'py-old'), '3.96.0');
  assert.equal((await findPython('3.97', { env: s.env, homeDir: s.home, configured: wrong })).path, onPath);
});

test('uv\'s managed Pythons are found (newest patch first)', { skip }, async () => {
  const s = scene('uv');
  const data = path.join(s.root, 'data');
  fakePython(path.join(data, 'uv', 'python', 'cpython-3.97.1-linux-x86_64-gnu', 'bin', 'python3.97'), '3.97.1');
  const newest = fakePython(path.join(data, 'uv', 'python', 'cpython-3.97.3-linux-x86_64-gnu', 'bin', 'python3.97'), '3.97.3');
  const found = await findPython('3.97', { env: { ...s.env, XDG_DATA_HOME: data }, homeDir: s.home });
  assert.equal(found.path, newest);
});

test('none found: MissingPythonError says which version, what was tried, and how to get it', { skip }, async () => {
  const s = scene('none');
  fakePython(path.join(s.root, 'shims', 'python3.97'), 'broken');
  fakePython(path.join(s.root, 'bin', 'python3.97'), '3.96.9');
  const configured = path.join(s.root, 'missing', 'python');
  await assert.rejects(findPython('3.97', { env: s.env, homeDir: s.home, configured }), (err: Error) => {
    assert.ok(err instanceof MissingPythonError);
    assert.match(err.message, /MWAA runs this Airflow version on Python 3\.97/);
    assert.match(err.message, /shims\/python3\.97 did not run/);
    assert.match(err.message, /bin\/python3\.97 is Python 3\.96\.9/);
    assert.ok(err.message.includes(`${configured} not found`));
    assert.match(err.message, /pyenv install 3\.97/);
    assert.match(err.message, /uv python install 3\.97/);
    assert.match(err.message, /mwaa\.localRuntime\.pythonPath/);
    return true;
  });
});

test('a version that is not major.minor is refused before anything runs', async () => {
  await assert.rejects(findPython('3.12; rm -rf /'), MissingPythonError);
});

test('findAnyPython takes the first Python 3.8+ (for installing uv)', { skip }, async () => {
  const s = scene('any');
  fakePython(path.join(s.root, 'shims', 'python3'), '3.7.16');
  const ok = fakePython(path.join(s.root, 'bin', 'python3'), '3.10.13');
  const found = await findAnyPython({ env: s.env, homeDir: s.home });
  assert.deepEqual(found, { path: ok, version: '3.10.13' });
});
