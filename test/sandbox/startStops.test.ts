/**
 * `npm start` (scripts/start.mjs, then the demo: the sandbox with real Airflow 2, code-server with
 * the packaged extension) leaves no process behind: Ctrl-C as a terminal sends it (SIGINT to the
 * whole foreground group, so each process gets it and start.mjs passes it on again), a plain
 * SIGTERM to start.mjs alone, and a demo that crashes after it is ready. The demo runs in a
 * scratch folder (MWAA_TOOLKIT_DEMO_DIR) so the user's own demo profile is never touched.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { groupTree, readProcs } from '../../sandbox/src/procTable';

const REPO = path.resolve(__dirname, '../../..');
const START = path.join(REPO, 'scripts', 'start.mjs');

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  /** Seconds from spawning start.mjs to its "Ready in" line, as this test measured them. */
  readonly wallSeconds: number;
}

/**
 * What `npm start` prints before the sandbox starts is one line per step (setup, packaging,
 * compiling), never a tool's own output such as vsce's file tree; its "Ready in" counts from the
 * start of start.mjs, packaging included (issue #19 item 8).
 */
function checkStartOutput(out: string, wallSeconds: number): void {
  const lines = out.split('\n');
  const sandboxAt = lines.findIndex((l) => l.startsWith('Starting the sandbox'));
  assert.ok(sandboxAt >= 0, `no "Starting the sandbox" line:\n${out.slice(0, 2000)}`);
  const before = lines.slice(0, sandboxAt).filter((l) => l.trim());
  const unexpected = before.filter((l) => !/^(setup: |Packaging the extension: \d+ s$|Packaging: \S+\.vsix is up to date$|Compiling the sandbox and the harness: \d+ s$)/.test(l));
  assert.deepEqual(unexpected, [], 'only one line per step before the sandbox starts');
  assert.doesNotMatch(out, /^\s*[├└│]/m, 'no package file tree');
  const ready = Number(/Ready in (\d+) s\./.exec(out)![1]);
  assert.ok(Math.abs(ready - wallSeconds) <= 3, `"Ready in ${ready} s" should count from start.mjs's start (measured ${wallSeconds.toFixed(1)} s)`);
}

/** start.mjs in a session of its own (as a terminal runs it), until its "Ready in" line. */
async function start(demoDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [START], {
    cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MWAA_TOOLKIT_DEMO_DIR: demoDir, ...extraEnv },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => {
      const check = () => (/Ready in \d+ s\./.test(out) ? resolve(true) : setTimeout(check, 200).unref());
      check();
    }),
    exited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(false), 8 * 60_000).unref()),
  ]);
  assert.ok(ready, `npm start did not get ready:\n${out.slice(-3000)}`);
  return { child, output: () => out, exited, wallSeconds: (Date.now() - t0) / 1000 };
}

/** Everything start.mjs started, wherever it moved (other process groups, reparented). */
function treeOf(pid: number): { pid: number; start: string }[] {
  const procs = readProcs();
  return groupTree([pid], procs).map(({ pid: p, start: s }) => ({ pid: p, start: s }));
}

function stillAlive(snapshot: readonly { pid: number; start: string }[]): number[] {
  const now = new Map(readProcs().map((p) => [p.pid, p.start]));
  return snapshot.filter((p) => now.get(p.pid) === p.start).map((p) => p.pid);
}

function describeProcs(pids: readonly number[]): string {
  return pids.map((p) => {
    try {
      return `${p}: ${fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`;
    } catch {
      return `${p}: (gone)`;
    }
  }).join('\n');
}

/** Waits until the demo has exited and none of `snapshot` lives on (or the deadline passes). */
async function settle(s: Started, snapshot: readonly { pid: number; start: string }[]): Promise<{ code: number | null; left: number[] }> {
  const code = await Promise.race([s.exited, new Promise<null>((r) => setTimeout(() => r(null), 60_000).unref())]);
  const deadline = Date.now() + 10_000;
  let left = stillAlive(snapshot);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = stillAlive(snapshot);
  }
  return { code, left };
}

describe('npm start stops every process it started', { timeout: 20 * 60_000 }, () => {
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-start-'));
  const leftovers: { pid: number; start: string }[] = [];
  after(() => {
    // Whatever a failed case left is killed here, so one failure does not leak into other suites.
    for (const pid of stillAlive(leftovers)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    fs.rmSync(demoDir, { recursive: true, force: true });
  });

  const cases: { name: string; env?: NodeJS.ProcessEnv; stop: (s: Started) => void; expectCode: (c: number | null) => boolean }[] = [
    // A terminal's Ctrl-C: the whole foreground group gets SIGINT, and start.mjs forwards it once more.
    { name: 'Ctrl-C (SIGINT to the foreground group)', stop: (s) => process.kill(-s.child.pid!, 'SIGINT'), expectCode: (c) => c === 0 },
    // Impatient: Ctrl-C again while the first one is still stopping things.
    {
      name: 'Ctrl-C twice',
      stop: (s) => {
        process.kill(-s.child.pid!, 'SIGINT');
        setTimeout(() => { try { process.kill(-s.child.pid!, 'SIGINT'); } catch { /* already gone */ } }, 400);
      },
      expectCode: (c) => c === 0,
    },
    { name: 'SIGTERM to start.mjs alone', stop: (s) => s.child.kill('SIGTERM'), expectCode: (c) => c === 0 },
    // The demo throws after it is ready: its exit kills what it spawned, and start.mjs exits non-zero.
    { name: 'a crash of the demo', env: { MWAA_START_FAIL_AFTER_READY_MS: '12000' }, stop: () => undefined, expectCode: (c) => c !== 0 && c !== null },
  ];
  for (const c of cases) {
    it(`${c.name}: no process is left`, async () => {
      const s = await start(demoDir, c.env);
      checkStartOutput(s.output(), s.wallSeconds);
      // Let the sandbox's Airflow get going (scheduler, webserver workers): the most processes to stop.
      await new Promise((r) => setTimeout(r, 8_000));
      const snapshot = treeOf(s.child.pid!);
      assert.ok(snapshot.length >= 4, `expected the demo's processes (start, demo, moto, code-server...), found ${snapshot.length}`);
      leftovers.push(...snapshot);
      c.stop(s);
      const { code, left } = await settle(s, snapshot);
      assert.ok(c.expectCode(code), `start.mjs exited with ${code}:\n${s.output().slice(-2000)}`);
      assert.deepEqual(left, [], `processes left after ${c.name}:\n${describeProcs(left)}`);
      assert.doesNotMatch(s.output(), /NodeVersionSupportWarning/);
    });
  }
});
