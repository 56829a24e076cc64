import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { findUv, PINNED_UV, UvInstallError } from '../../../src/core/runtime/uvLocator';

// Fake uv and Python are shell scripts: POSIX only.
const skip = process.platform === 'win32' ? 'fake executables are shell scripts' : false;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-uvfind-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}`, { mode: 0o755 });
  return file;
}

/** The fakes' own commands (mkdir, cat...) live in the system folders, after the fake ones. */
const pathOf = (dir: string) => [dir, '/usr/bin', '/bin'].join(path.delimiter);

const fakeUv = (file: string, version: string) => script(file, `echo "uv ${version} (fake)"\n`);

/**
 * A Python 3.11 that makes venvs whose python "installs" uv with pip: writes the pip arguments
 * next to it and a fake uv (or fails like pip when PIP_FAIL is set).
 */
function fakeBootstrapPython(file: string): string {
  return script(file, `
if [ "$1" = "-c" ]; then echo 3.11.7; echo "$0"; exit 0; fi
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  cat > "$3/bin/python" <<'EOS'
#!/bin/sh
d=$(dirname "$0")
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  echo "$@" > "$d/../pip-args"
  if [ -n "$PIP_FAIL" ]; then echo "ERROR: No matching distribution found for uv" >&2; exit 1; fi
  printf '#!/bin/sh\\necho "uv ${PINNED_UV} (installed)"\\n' > "$d/uv"; chmod +x "$d/uv"; exit 0
fi
exit 1
EOS
  chmod +x "$3/bin/python"; exit 0
fi
exit 1
`);
}

test('uv on PATH is used as it is', { skip }, async () => {
  const bin = path.join(tmp, 'path-uv', 'bin');
  const uv = fakeUv(path.join(bin, 'uv'), '0.13.9');
  assert.deepEqual(await findUv({ storageDir: path.join(tmp, 'path-uv', 'storage'), env: { PATH: bin } }), { path: uv, version: '0.13.9' });
});

test('a uv too old on PATH is passed over for ours in the storage folder', { skip }, async () => {
  const root = path.join(tmp, 'old-uv');
  fakeUv(path.join(root, 'bin', 'uv'), '0.4.0');
  const ours = fakeUv(path.join(root, 'storage', 'uv', 'bin', 'uv'), '0.13.9');
  assert.deepEqual(await findUv({ storageDir: path.join(root, 'storage'), env: { PATH: pathOf(path.join(root, 'bin')) } }), { path: ours, version: '0.13.9' });
});

test('no uv: a venv from any Python gets the pinned uv from the package index', { skip }, async () => {
  const root = path.join(tmp, 'install');
  fakeBootstrapPython(path.join(root, 'bin', 'python3'));
  const progress: string[] = [];
  const storage = path.join(root, 'storage');
  const found = await findUv({ storageDir: storage, env: { PATH: pathOf(path.join(root, 'bin')), AWS_SECRET_ACCESS_KEY: 'x' }, onProgress: (m) => progress.push(m) });
  assert.deepEqual(found, { path: path.join(storage, 'uv', 'bin', 'uv'), version: PINNED_UV });
  assert.match(fs.readFileSync(path.join(storage, 'uv', 'pip-args'), 'utf8'), new RegExp(`install .*uv==${PINNED_UV.replace(/\./g, '\\.')}`));
  assert.ok(progress.some((m) => m.includes(`Installing uv ${PINNED_UV}`)), progress.join('\n'));
  assert.ok(!fs.existsSync(`${path.join(storage, 'uv')}.lock`), 'the lock is released');
  // Installed once: the next call finds it without pip.
  fs.rmSync(path.join(storage, 'uv', 'pip-args'));
  assert.equal((await findUv({ storageDir: storage, env: { PATH: pathOf(path.join(root, 'bin')) } })).path, found.path);
  assert.ok(!fs.existsSync(path.join(storage, 'uv', 'pip-args')));
});

test('a failed pip install says so and leaves nothing half-installed', { skip }, async () => {
  const root = path.join(tmp, 'install-fails');
  fakeBootstrapPython(path.join(root, 'bin', 'python3'));
  const storage = path.join(root, 'storage');
  await assert.rejects(findUv({ storageDir: storage, env: { PATH: pathOf(path.join(root, 'bin')), PIP_FAIL: '1' } }), (err: Error) => {
    assert.ok(err instanceof UvInstallError);
    assert.match(err.message, /pip install uv==.* failed: ERROR: No matching distribution found for uv/);
    return true;
  });
  assert.ok(!fs.existsSync(path.join(storage, 'uv')));
});

test('cancelled before it starts: an AbortError', { skip }, async () => {
  const root = path.join(tmp, 'install-cancelled');
  fakeBootstrapPython(path.join(root, 'bin', 'python3'));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(findUv({ storageDir: path.join(root, 'storage'), env: { PATH: pathOf(path.join(root, 'bin')) }, signal: ac.signal }),
    (err: Error) => err.name === 'AbortError');
});
