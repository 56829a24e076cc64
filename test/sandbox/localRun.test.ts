// Local runs on the sandbox's real Airflow 2 and 3 (its local MWAA runtimes): a scratch home whose
// database is made once, a task that reads a Variable from .mwaa/variables.json, a task that raises,
// a whole DAG in dependency order, and a task run with its run's conf. Fixtures: test/fixtures/local-run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AIRFLOW_RELEASES, ensureAirflow } from '../../sandbox/src/airflow';
import { cacheDir } from '../../sandbox/src/cacheDir';
import { DATA_DIR } from '../../sandbox/src/airflow/venv';
import { ensureLocalFiles, readLocalFiles } from '../../src/core/localRun/localFiles';
import { prepareLocalHome } from '../../src/core/localRun/localHome';
import { runLocally, type LocalRunResult } from '../../src/core/localRun/localRunner';
import { dagRunArgs, debugLaunchArguments, taskRunArgs } from '../../src/core/localRun/runCommands';
import { localRunEnv } from '../../src/core/localRun/runEnv';
import { findRuntime } from '../../src/core/runtime/provision';
import { runtimeInputs } from '../../src/core/runtime/runtimeInputs';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/local-run');

/** The runtime of a major as the extension sees it (its key names the scratch home). */
async function runtimeOf(major: 2 | 3): Promise<{ key: string; python: string; airflowVersion: string }> {
  const version = AIRFLOW_RELEASES[major].version;
  await ensureAirflow(major);
  const rt = findRuntime(cacheDir('runtimes'), runtimeInputs({ airflowVersion: version, dataDir: DATA_DIR }));
  if (!rt) throw new Error(`the Airflow ${version} runtime is missing after ensureAirflow`);
  return { key: rt.key, python: rt.python, airflowVersion: rt.airflowVersion };
}

/** The 1-based line of `needle` in a fixture DAG. */
function lineOf(file: string, needle: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} in ${file}`);
  return i + 1;
}

type DapMessage = { type: string; seq: number; command?: string; event?: string; request_seq?: number; success?: boolean; message?: string; body?: Record<string, unknown> };

/**
 * A minimal DAP client on debugpy's own adapter (`python -m debugpy.adapter`, stdio): what VS Code
 * does with the launch arguments of runCommands, without VS Code.
 */
function dapClient(python: string, env: NodeJS.ProcessEnv) {
  const child = spawn(python, ['-m', 'debugpy.adapter'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = Buffer.alloc(0);
  let seq = 1;
  const waiters: Array<{ test: (m: DapMessage) => boolean; resolve: (m: DapMessage) => void }> = [];
  const seen: DapMessage[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())?.[1]);
      if (buf.length < head + 4 + len) return;
      const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString()) as DapMessage;
      buf = buf.subarray(head + 4 + len);
      seen.push(msg);
      for (const w of [...waiters]) if (w.test(msg)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(msg); }
    }
  });
  const waitFor = (test: (m: DapMessage) => boolean, what: string, ms = 120_000) => new Promise<DapMessage>((resolve, reject) => {
    const hit = seen.find(test);
    if (hit) return resolve(hit);
    const timer = setTimeout(() => reject(new Error(`no ${what} from debugpy in ${ms} ms`)), ms);
    waiters.push({ test, resolve: (m) => { clearTimeout(timer); resolve(m); } });
  });
  const send = (command: string, args: Record<string, unknown> = {}) => {
    const s = seq++;
    const body = JSON.stringify({ seq: s, type: 'request', command, arguments: args });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return waitFor((m) => m.type === 'response' && m.request_seq === s, `response to ${command}`).then((m) => {
      if (!m.success) throw new Error(`${command}: ${m.message ?? 'failed'}`);
      return m.body ?? {};
    });
  };
  return { send, waitFor, seen, kill: () => child.kill('SIGKILL') };
}

for (const major of [2, 3] as const) {
  describe(`local runs on Airflow ${major}`, { timeout: 20 * 60_000 }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `mwaa-localrun-af${major}-`));
    const ws = path.join(tmp, 'workspace');
    const dags = path.join(ws, 'dags');
    const plugins = path.join(ws, 'plugins');
    let runtime: Awaited<ReturnType<typeof runtimeOf>>;
    let env: NodeJS.ProcessEnv;
    let firstRunMs = 0;
    const greeting = `hello from .mwaa on Airflow ${major}`;

    const run = async (args: string[]): Promise<LocalRunResult & { out: string[] }> => {
      const out: string[] = [];
      const r = await runLocally({ python: runtime.python, args, env, cwd: ws, onLine: (l) => out.push(l), timeoutMs: 5 * 60_000 });
      if (r.code === undefined || r.stopped) console.log(out.slice(-40).join('\n'));
      return { ...r, out };
    };

    before(async () => {
      runtime = await runtimeOf(major);
      fs.cpSync(path.join(FIXTURES, 'dags'), dags, { recursive: true });
      fs.cpSync(path.join(FIXTURES, 'plugins'), plugins, { recursive: true });
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('makes the home\'s database once (airflow db migrate), then reuses it', async () => {
      const root = path.join(tmp, 'homes');
      const t0 = Date.now();
      const first = await prepareLocalHome({ root, runtime, dagsFolder: dags, env: process.env });
      const migrateMs = Date.now() - t0;
      const t1 = Date.now();
      const second = await prepareLocalHome({ root, runtime, dagsFolder: dags, env: process.env });
      const reuseMs = Date.now() - t1;
      assert.equal(first.created, true);
      assert.deepEqual(second, { home: first.home, created: false });
      assert.ok(fs.statSync(path.join(first.home, 'airflow.db')).size > 100_000, 'a migrated SQLite database');
      console.log(`[localrun af${major}] home: first prepare (migrate) ${migrateMs} ms, second ${reuseMs} ms`);
      firstRunMs = migrateMs;
      const files = ensureLocalFiles(ws);
      assert.equal(files.created.length, 3);
      fs.writeFileSync(files.variables, JSON.stringify({ local_run_greeting: greeting }, null, 2));
      readLocalFiles(files);
      env = localRunEnv({
        base: { ...process.env, AIRFLOW_HOME: '/nonexistent/user/airflow', AIRFLOW__CORE__DAGS_FOLDER: '/nonexistent' },
        home: first.home, dagsFolder: dags, pluginsFolder: plugins,
        // The environment's own secrets backend is never what a local run reads.
        configOptions: { 'secrets.backend': 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend', 'core.dagbag_import_timeout': '60' },
        variablesFile: files.variables, connectionsFile: files.connections,
      });
    });

    it('runs a task that reads a Variable from .mwaa/variables.json (cold run with migrate, then warm)', async () => {
      const t0 = Date.now();
      const r = await run(taskRunArgs({ dagId: 'local_vars', taskId: 'read_variable', airflowMajor: major }));
      const coldMs = Date.now() - t0;
      assert.equal(r.code, 0, r.out.slice(-30).join('\n'));
      assert.ok(r.out.includes(`LOCAL_VARIABLE=${greeting}`), 'the task printed the variable');
      assert.deepEqual(r.summary.succeededTasks, ['read_variable']);
      const t1 = Date.now();
      const warm = await run(taskRunArgs({ dagId: 'local_vars', taskId: 'read_variable', airflowMajor: major }));
      const warmMs = Date.now() - t1;
      assert.equal(warm.code, 0);
      console.log(`[localrun af${major}] task run: first ${coldMs} ms (+ ${firstRunMs} ms migrate before it = ${coldMs + firstRunMs} ms), warm ${warmMs} ms`);
    });

    it('a task that raises: non-zero code, the task named, a traceback frame in the DAG file', async () => {
      const r = await run(taskRunArgs({ dagId: 'local_vars', taskId: 'explode', airflowMajor: major }));
      assert.notEqual(r.code, 0);
      assert.deepEqual(r.summary.failedTasks, ['explode']);
      const file = path.join(dags, 'local_vars.py');
      assert.ok(r.summary.userFrames.some((f) => f.file === file && f.line === lineOf(file, 'raise ValueError')), JSON.stringify(r.summary.userFrames));
      assert.ok(r.out.some((l) => l.includes('ValueError: local run fixture failure')));
      console.log(`[localrun af${major}] failed task: process exit ${String(r.processCode)}, reported code ${String(r.code)}, ${r.ms} ms`);
    });

    it('runs a whole DAG (dags test) with every task in dependency order, a plugins-folder module imported', async () => {
      const r = await run(dagRunArgs({ dagId: 'ordered', airflowMajor: major }));
      assert.equal(r.code, 0, r.out.slice(-30).join('\n'));
      const order = r.summary.order;
      assert.deepEqual([...order].sort(), ['extract', 'left', 'load', 'right']);
      assert.equal(order[0], 'extract');
      assert.equal(order[3], 'load');
      assert.deepEqual([...r.summary.succeededTasks].sort(), ['extract', 'left', 'load', 'right']);
      const steps = r.out.filter((l) => l.startsWith('LOCAL_STEP=')).map((l) => l.slice('LOCAL_STEP='.length));
      assert.deepEqual(steps, order, 'the tasks\' own output in the same order');
      console.log(`[localrun af${major}] dags test: ${order.join(' → ')} in ${r.ms} ms`);
    });

    it('runs one task with its run\'s conf and logical date (dags test, the other tasks marked, not run)', async () => {
      const conf = { run: major, note: 'from the MWAA view' };
      const r = await run(taskRunArgs({ dagId: 'local_vars', taskId: 'show_conf', logicalDate: '2024-03-04T05:06:07+00:00', conf, airflowMajor: major }));
      assert.equal(r.code, 0, r.out.slice(-30).join('\n'));
      // json.dumps(conf, sort_keys=True) in the task.
      assert.ok(r.out.includes(`LOCAL_CONF={"note": "from the MWAA view", "run": ${major}}`), r.out.filter((l) => l.includes('LOCAL_')).join('\n'));
      assert.deepEqual(r.summary.order, ['show_conf'], 'read_variable and explode are marked successful, not run');
      assert.equal(r.out.some((l) => l.startsWith('LOCAL_VARIABLE=')), false);
      assert.equal(r.out.some((l) => l.includes('ValueError: local run fixture failure')), false);
    });

    it('debugs a task through debugpy\'s adapter with the launch arguments: the breakpoint in the python_callable is hit, its locals shown', async (t) => {
      if (!spawnSyncOk(runtime.python, ['-c', 'import debugpy'], env)) return t.skip('no debugpy in this runtime');
      const file = path.join(dags, 'local_vars.py');
      const line = lineOf(file, 'print(f"LOCAL_VARIABLE=');
      const args = taskRunArgs({ dagId: 'local_vars', taskId: 'read_variable', airflowMajor: major });
      const dap = dapClient(runtime.python, env);
      const t0 = Date.now();
      try {
        await dap.send('initialize', { clientID: 'mwaa-sandbox-test', adapterID: 'debugpy', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
        const launched = dap.send('launch', debugLaunchArguments({ python: runtime.python, args, env, cwd: ws, justMyCode: true }));
        await dap.waitFor((m) => m.event === 'initialized', 'initialized');
        const bp = await dap.send('setBreakpoints', { source: { path: file }, breakpoints: [{ line }] });
        assert.equal((bp.breakpoints as Array<{ verified: boolean }>).length, 1);
        await dap.send('configurationDone');
        await launched;
        const stopped = await dap.waitFor((m) => m.event === 'stopped', 'stopped');
        const hitMs = Date.now() - t0;
        assert.equal(stopped.body?.reason, 'breakpoint');
        const stack = await dap.send('stackTrace', { threadId: stopped.body?.threadId, levels: 1 });
        const top = (stack.stackFrames as Array<{ id: number; line: number; source: { path: string } }>)[0]!;
        assert.equal(fs.realpathSync(top.source.path), fs.realpathSync(file));
        assert.equal(top.line, line);
        const scopes = await dap.send('scopes', { frameId: top.id });
        const locals = (scopes.scopes as Array<{ name: string; variablesReference: number }>).find((sc) => sc.name === 'Locals')!;
        const vars = await dap.send('variables', { variablesReference: locals.variablesReference });
        const value = (vars.variables as Array<{ name: string; value: string }>).find((v) => v.name === 'value');
        assert.equal(value?.value, `'${greeting}'`);
        await dap.send('continue', { threadId: stopped.body?.threadId });
        const exited = await dap.waitFor((m) => m.event === 'exited', 'exited');
        assert.equal(exited.body?.exitCode, 0);
        const output = dap.seen.filter((m) => m.event === 'output').map((m) => String(m.body?.output ?? '')).join('');
        assert.ok(output.includes(`LOCAL_VARIABLE=${greeting}`), 'the output came back as DAP output events (internalConsole)');
        console.log(`[localrun af${major}] debug: breakpoint hit ${hitMs} ms after initialize, run to exit ${Date.now() - t0} ms`);
      } finally {
        dap.kill();
      }
    });
  });
}

function spawnSyncOk(cmd: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  return spawnSync(cmd, args, { env, timeout: 60_000 }).status === 0;
}
