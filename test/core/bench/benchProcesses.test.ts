/**
 * No bench leaves a process behind (issue #13: bench:sync crashed once and left moto running).
 * A miniature bench (fixtures/benchChildren.ts) starts a child group whose own child sits in yet
 * another group; whether the bench throws, is signalled, loses the child first, or is killed
 * outright under the bench supervisor (scripts/benchSupervisor.mjs), none of them survives.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readProcs } from '../../../sandbox/src/procTable';

const FIXTURE = path.join(__dirname, 'fixtures', 'benchChildren.js');
const SUPERVISOR = path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'benchSupervisor.mjs');

interface Pids {
  bench: number;
  child: number;
  attached: number;
  detached: number;
}

/** Starts `command`, resolves with the pids the fixture prints and a promise of its exit code. */
function start(args: string[]): Promise<{ proc: ChildProcess; pids: Pids; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) resolve({ proc, pids: JSON.parse(line) as Pids, exited });
    });
    void exited.then((code) => reject(new Error(`the fixture exited (${code}) before printing its pids`)));
  });
}

const alive = (pid: number) => readProcs().some((p) => p.pid === pid);

/** Waits up to 3 s for all of them to be gone; kills survivors (never leaked from the test) and fails. */
async function assertAllGone(pids: Pids): Promise<void> {
  const all = [pids.child, pids.attached, pids.detached];
  const deadline = Date.now() + 3000;
  while (all.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const left = all.filter(alive);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  assert.deepEqual(left, [], 'processes the bench started outlived it');
}

test('a bench that throws leaves no process behind, its child\'s detached child included', async () => {
  const { pids, exited } = await start([FIXTURE, 'throw']);
  assert.ok([pids.child, pids.attached, pids.detached].every(alive), 'the fixture started its processes');
  const code = await exited;
  await assertAllGone(pids);
  assert.equal(code, 1);
});

test('a bench stopped by SIGTERM or SIGINT leaves no process behind', async () => {
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    const { proc, pids, exited } = await start([FIXTURE, 'wait']);
    proc.kill(sig);
    const code = await exited;
    await assertAllGone(pids);
    assert.equal(code, sig === 'SIGTERM' ? 143 : 130);
  }
});

test('the children of a server that died before the bench are still stopped with it', async () => {
  const { pids, exited } = await start([FIXTURE, 'orphans']);
  const code = await exited;
  await assertAllGone(pids);
  assert.equal(code, 1);
});

test('a bench killed outright (no hook runs) is cleaned up by the supervisor', async () => {
  const run = `import { superviseBench } from ${JSON.stringify(pathToFileURL(SUPERVISOR).href)}; process.exit(await superviseBench(process.argv[1], ['wait']));`;
  const { pids, exited } = await start(['--input-type=module', '-e', run, FIXTURE]);
  // The supervisor polls /proc twice a second: let it see the detached grandchild first.
  await new Promise((r) => setTimeout(r, 1200));
  process.kill(pids.bench, 'SIGKILL');
  const code = await exited;
  await assertAllGone(pids);
  assert.equal(code, 128);
});
