import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LocalRunRecord, LocalRunResult, LocalRunState } from '../../src/features/localRun/testSeams';
import { bindFreshFolder, envKey, unbind } from './syncHelpers';
import { waitFor } from './waitFor';

/**
 * Run/Debug Task and DAG Locally in the real extension host against real Airflow (the sandbox's
 * runtimes, reused through MWAA_TOOLKIT_RUNTIMES, debugpy included): a folder under the
 * workspace's dags/ bound to the sandbox environment of the major, DAG files written into it, and
 * the commands run as the lenses run them. The debugger is ours (`mwaa-airflow`, debugpy's own
 * adapter from the runtime): no Python extension is installed in this host.
 */
export const localRunState = () => vscode.commands.executeCommand<LocalRunState>('_mwaa.localRunState');

export interface DapMessage {
  readonly type: string;
  readonly event?: string;
  readonly command?: string;
  readonly body?: Record<string, unknown>;
}

/** Every message our debugger type's adapters send, per session, seen from the test's own tracker. */
export class DapLog implements vscode.Disposable {
  readonly messages = new Map<string, DapMessage[]>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory('mwaa-airflow', {
      createDebugAdapterTracker: (session) => {
        const list: DapMessage[] = [];
        this.messages.set(session.id, list);
        return { onDidSendMessage: (m: DapMessage) => void list.push(m) };
      },
    });
  }

  events(session: vscode.DebugSession, event: string): DapMessage[] {
    return (this.messages.get(session.id) ?? []).filter((m) => m.type === 'event' && m.event === event);
  }

  /** The next `stopped` event after `seen` of them. */
  async stopped(session: vscode.DebugSession, seen: number, timeoutMs = 120_000): Promise<DapMessage> {
    return waitFor(`stop #${seen + 1} of ${session.name}`, async () => this.events(session, 'stopped')[seen], timeoutMs, 25);
  }

  dispose(): void {
    this.registration.dispose();
  }
}

/** The next debug session of our type to start (after the command that starts it). */
export function nextSession(): Promise<vscode.DebugSession> {
  return new Promise((resolve) => {
    const d = vscode.debug.onDidStartDebugSession((s) => {
      if (s.type !== 'mwaa-airflow') return;
      d.dispose();
      resolve(s);
    });
  });
}

export function ended(session: vscode.DebugSession): Promise<void> {
  return new Promise((resolve) => {
    const d = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id !== session.id) return;
      d.dispose();
      resolve();
    });
  });
}

/** A DAP request that must answer (a debuggee that deadlocks fails the test instead of hanging it). */
export function ask<T>(session: vscode.DebugSession, command: string, args: object, timeoutMs = 30_000): Promise<T> {
  return Promise.race([
    Promise.resolve(session.customRequest(command, args)) as Promise<T>,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${command} did not answer in ${timeoutMs} ms`)), timeoutMs)),
  ]);
}

/** The variables of a frame's first scope (Locals), by name. */
export async function frameLocals(session: vscode.DebugSession, frameId: number): Promise<Map<string, string>> {
  const scopes = await ask<{ scopes: Array<{ name: string; variablesReference: number }> }>(session, 'scopes', { frameId });
  const locals = scopes.scopes.find((s) => /local/i.test(s.name)) ?? scopes.scopes[0]!;
  const vars = await ask<{ variables: Array<{ name: string; value: string }> }>(session, 'variables', { variablesReference: locals.variablesReference });
  return new Map(vars.variables.map((v) => [v.name, v.value]));
}

export async function topFrame(session: vscode.DebugSession, threadId: number): Promise<{ id: number; line: number; path: string; name: string }> {
  const trace = await ask<{ stackFrames: Array<{ id: number; line: number; name: string; source?: { path?: string } }> }>(session, 'stackTrace', { threadId, startFrame: 0, levels: 20 });
  const f = trace.stackFrames[0]!;
  // In code-server the workbench hands the tracker paths as remote URIs (vscode-remote://host/path).
  return { id: f.id, line: f.line, name: f.name, path: (f.source?.path ?? '').replace(/^vscode-remote:\/\/[^/]+/, '') };
}

/** 1-based line of the first line holding `marker`. */
export function lineOf(text: string, marker: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(marker));
  assert.ok(i >= 0, `marker ${marker} in the fixture`);
  return i + 1;
}

/** The fixture DAGs of a major: one with a Variable-reading callable (and a helper) and a failing task, one a chain. */
export function fixtureDags(major: 2 | 3, tag: string): { main: string; chain: string; helper: string; dag: string; chainDag: string } {
  const dag = `lr_${tag}_af${major}`;
  const chainDag = `lr_${tag}_chain_af${major}`;
  const imports = [
    'import os',
    'import pendulum',
    'from airflow import DAG',
    'try:',
    '    from airflow.providers.standard.operators.python import PythonOperator',
    'except ImportError:',
    '    from airflow.operators.python import PythonOperator',
    'try:',
    '    from airflow.sdk import Variable',
    'except ImportError:',
    '    from airflow.models import Variable',
  ];
  const main = [
    ...imports,
    `from ${tag}_helpers import shout`,
    '',
    '',
    'def read_var(**context):',
    '    value = Variable.get("local_greeting")',
    '    conf = context["dag_run"].conf',
    '    print(f"greeting={value} conf={conf}")  # BREAK-CALLABLE',
    '    print(f"shouted={shout(value)} leak={os.environ.get(\'AIRFLOW_LEAK_PROBE\')}")',
    '    return value',
    '',
    '',
    'def boom(**context):',
    '    raise ValueError("boom from a local run")  # RAISES',
    '',
    '',
    `with DAG("${dag}", start_date=pendulum.datetime(2024, 1, 1), schedule=None, catchup=False):`,
    '    PythonOperator(task_id="read_var", python_callable=read_var)',
    '    PythonOperator(task_id="boom", python_callable=boom)',
    '',
  ].join('\n');
  const helper = [
    'def shout(text):',
    '    louder = text.upper()  # BREAK-HELPER',
    '    return louder + "!"',
    '',
  ].join('\n');
  const chain = [
    ...imports,
    '',
    '',
    'def step(name):',
    '    return lambda: print(f"step {name} ran")',
    '',
    '',
    `with DAG("${chainDag}", start_date=pendulum.datetime(2024, 1, 1), schedule=None, catchup=False):`,
    '    first = PythonOperator(task_id="first", python_callable=step("first"))',
    '    left = PythonOperator(task_id="left", python_callable=step("left"))',
    '    right = PythonOperator(task_id="right", python_callable=step("right"))',
    '    last = PythonOperator(task_id="last", python_callable=step("last"))',
    '    first >> [left, right] >> last',
    '',
  ].join('\n');
  return { main, chain, helper, dag, chainDag };
}

/** The local-run suite of one major, against the sandbox environment of that major. */
/** Moves the workspace's top requirements.txt aside (it would be the project's: another runtime than the sandbox's). */
export function setTopRequirementsAside(suffix: string): string | undefined {
  const top = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'requirements.txt');
  if (!fs.existsSync(top)) return undefined;
  fs.renameSync(top, `${top}.aside-${suffix}`);
  return top;
}

/** Puts back what setTopRequirementsAside moved (nothing when it moved nothing). */
export function restoreTopRequirements(top: string | undefined, suffix: string): void {
  if (top) fs.renameSync(`${top}.aside-${suffix}`, top);
}

/** Before a local-run suite's tests: the runtime build is confirmed, and the debug adapter's messages recorded. */
export async function startLocalRunTests(): Promise<DapLog> {
  await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runtime.build': 'Build' });
  return new DapLog();
}

/** After them: everything `startLocalRunTests`, the binding and `setTopRequirementsAside` did is undone. */
export async function endLocalRunTests(s: { dap?: DapLog; folder?: vscode.Uri; aside?: string; suffix: string }): Promise<void> {
  s.dap?.dispose();
  await vscode.commands.executeCommand('_mwaa.resetPrompts');
  if (s.folder) await unbind(s.folder);
  restoreTopRequirements(s.aside, s.suffix);
}

export function localRunSuite(major: 2 | 3): void {
  describe(`local run: Airflow ${major} (Run/Debug Task and DAG Locally)`, function () {
    this.timeout(900_000);
    const env = major === 2 ? 'sandbox-af2' : 'sandbox-af3';
    const tag = `t${Date.now().toString(36)}`;
    const fx = fixtureDags(major, tag);
    let folder: vscode.Uri;
    let mainFile: string;
    let movedAside: string | undefined;
    let dap: DapLog;
    const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const run = (command: string, args: object) => vscode.commands.executeCommand<LocalRunResult | undefined>(command, args);

    before(async function () {
      if (!process.env.MWAA_SANDBOX_FAULTS_URL || !process.env.MWAA_TOOLKIT_RUNTIMES) this.skip();
      movedAside = setTopRequirementsAside(String(major));
      folder = await bindFreshFolder(`local-run-af${major}`, env);
      mainFile = path.join(folder.fsPath, `${tag}_main.py`);
      fs.writeFileSync(mainFile, fx.main);
      fs.writeFileSync(path.join(folder.fsPath, `${tag}_helpers.py`), fx.helper);
      fs.writeFileSync(path.join(folder.fsPath, `${tag}_chain.py`), fx.chain);
      // The workspace's local variables (the run creates the rest of .mwaa/ on first use).
      fs.mkdirSync(path.join(root(), '.mwaa'), { recursive: true });
      fs.writeFileSync(path.join(root(), '.mwaa', 'variables.json'), JSON.stringify({ local_greeting: `hello-from-local-file-${major}` }));
      dap = await startLocalRunTests();
    });
    after(() => endLocalRunTests({ dap, folder, aside: movedAside, suffix: String(major) }));

    it('the lenses: Run/Debug DAG Locally above the DAG, Run/Debug Task Locally above each task, with their ids', async () => {
      // CodeLenses are asked of an open document (the workbench needs its model).
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(mainFile));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const ours = lenses.filter((l) => l.command?.command.startsWith('mwaa.') && /Locally/.test(l.command.title));
      const shown = ours.map((l) => [l.range.start.line + 1, l.command!.title.replace(/^\$\([^)]+\) /, ''), JSON.stringify(l.command!.arguments?.[0])]);
      const file = vscode.Uri.file(mainFile).toString();
      const dagLine = lineOf(fx.main, `with DAG("${fx.dag}"`);
      assert.deepEqual(shown, [
        [dagLine, 'Run DAG Locally', JSON.stringify({ file, dagId: fx.dag })],
        [dagLine, 'Debug DAG Locally', JSON.stringify({ file, dagId: fx.dag })],
        [dagLine + 1, 'Run Task Locally', JSON.stringify({ file, dagId: fx.dag, taskId: 'read_var' })],
        [dagLine + 1, 'Debug Task Locally', JSON.stringify({ file, dagId: fx.dag, taskId: 'read_var' })],
        [dagLine + 2, 'Run Task Locally', JSON.stringify({ file, dagId: fx.dag, taskId: 'boom' })],
        [dagLine + 2, 'Debug Task Locally', JSON.stringify({ file, dagId: fx.dag, taskId: 'boom' })],
      ]);
    });

    it('Run Task Locally: the task reads its Variable from .mwaa/variables.json; the terminal says it succeeded', async () => {
      const r = await run('mwaa.runTaskLocally', { file: mainFile, dagId: fx.dag, taskId: 'read_var' });
      assert.ok(r, 'the command returned its result');
      assert.equal(r.record.code, 0, r.transcript.slice(-3000));
      assert.deepEqual(r.record.args.slice(0, 4), ['tasks', 'test', fx.dag, 'read_var']);
      assert.match(r.transcript, new RegExp(`greeting=hello-from-local-file-${major} conf=`));
      assert.match(r.transcript, new RegExp(`shouted=HELLO-FROM-LOCAL-FILE-${major}! leak=None`));
      assert.match(r.record.lastLine ?? '', /Local run succeeded: read_var .* in \d+\.\d s$/);
      const state = await localRunState();
      const term = state.terminals.find((t) => t.name === `MWAA local: ${fx.dag}.read_var`);
      assert.ok(term, `a terminal named for the task: ${state.terminals.map((t) => t.name).join(', ')}`);
      assert.match(term.transcript, /Local run succeeded/);
      assert.ok(fs.existsSync(path.join(root(), '.mwaa', 'connections.json')), 'connections.json made on first use');
      assert.equal(JSON.parse(fs.readFileSync(path.join(root(), '.mwaa', 'variables.json'), 'utf8')).local_greeting, `hello-from-local-file-${major}`, 'the user\'s file untouched');
    });

    it('with a run\'s conf and logical date (as from a task instance): the task sees dag_run.conf', async () => {
      const r = await run('mwaa.runTaskLocally', { file: mainFile, dagId: fx.dag, taskId: 'read_var', conf: { from_run: 'yes' }, logicalDate: '2024-03-04T05:06:07+00:00' });
      assert.ok(r);
      assert.equal(r.record.code, 0, r.transcript.slice(-3000));
      assert.match(r.transcript, /conf=\{'from_run': 'yes'\}/);
      assert.ok(r.record.args.includes('2024-03-04T05:06:07+00:00'), r.record.args.join(' '));
      assert.deepEqual(r.record.order, ['read_var'], 'only the task ran (the others marked successful)');
    });

    it('a task instance node of the MWAA view runs in the folder bound to its environment', async () => {
      const node = { kind: 'task', id: 'fake-task-node', envKey: envKey(env), ti: { dagId: fx.dag, taskId: 'read_var', runId: 'manual__x', mapIndex: -1, tryNumber: 1 } };
      const r = await run('mwaa.runTaskLocally', node);
      assert.ok(r);
      assert.equal(r.record.code, 0, r.transcript.slice(-2000));
      assert.match(r.transcript, /greeting=hello-from-local-file/);
    });

    it('a task that raises: non-zero exit, the last line names it, its traceback frame is in the DAG file', async () => {
      const r = await run('mwaa.runTaskLocally', { file: mainFile, dagId: fx.dag, taskId: 'boom' });
      assert.ok(r);
      assert.notEqual(r.record.code, 0);
      assert.deepEqual(r.record.failedTasks, ['boom']);
      assert.match(r.record.lastLine ?? '', /Local run failed: boom/);
      assert.match(r.transcript, /ValueError: boom from a local run/);
      assert.ok(r.transcript.includes(`File "${mainFile}", line ${lineOf(fx.main, '# RAISES')}`), 'the frame of the raise, a link target');
    });

    it('Run DAG Locally: every task, in dependency order', async () => {
      const r = await run('mwaa.runDagLocally', { file: path.join(folder.fsPath, `${tag}_chain.py`), dagId: fx.chainDag });
      assert.ok(r);
      assert.equal(r.record.code, 0, r.transcript.slice(-3000));
      const order = r.record.order ?? [];
      assert.deepEqual([...order].sort(), ['first', 'last', 'left', 'right']);
      assert.equal(order[0], 'first');
      assert.equal(order[3], 'last');
      assert.deepEqual(r.record.succeededTasks?.slice().sort(), ['first', 'last', 'left', 'right']);
      for (const s of ['first', 'left', 'right', 'last']) assert.match(r.transcript, new RegExp(`step ${s} ran`));
    });

    it('Debug Task Locally: breakpoints in the python_callable and in a helper module are hit, with the task\'s context', async () => {
      const helperFile = path.join(folder.fsPath, `${tag}_helpers.py`);
      const bps = [
        new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(mainFile), new vscode.Position(lineOf(fx.main, 'BREAK-CALLABLE') - 1, 0))),
        new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(helperFile), new vscode.Position(lineOf(fx.helper, 'BREAK-HELPER') - 1, 0))),
      ];
      vscode.debug.addBreakpoints(bps);
      // The user's own AIRFLOW_* settings (here: the extension host's) must not reach the task.
      process.env.AIRFLOW_LEAK_PROBE = 'leaked';
      try {
        const starting = nextSession();
        const t0 = performance.now();
        const started = await vscode.commands.executeCommand<{ started: boolean }>('mwaa.debugTaskLocally', { file: mainFile, dagId: fx.dag, taskId: 'read_var' });
        assert.equal(started?.started, true);
        const session = await starting;
        const done = ended(session);
        const first = await dap.stopped(session, 0);
        const toBreakpoint = Math.round(performance.now() - t0);
        assert.equal(first.body?.reason, 'breakpoint');
        const threadId = first.body!.threadId as number;
        const top = await topFrame(session, threadId);
        assert.equal(top.path, mainFile);
        assert.equal(top.line, lineOf(fx.main, 'BREAK-CALLABLE'));
        assert.equal(top.name, 'read_var');
        const locals = await frameLocals(session, top.id);
        assert.equal(locals.get('value'), `'hello-from-local-file-${major}'`);
        assert.ok(locals.has('context'), `the task's context in the frame: ${[...locals.keys()].join(', ')}`);
        const context = await ask<{ result: string }>(session, 'evaluate', { expression: 'sorted(k for k in ("ti", "dag_run", "task", "logical_date") if k in context)', frameId: top.id, context: 'repl' });
        assert.match(context.result, /'dag_run'.*'task'.*'ti'/);
        // The debug console reaches the task's Variables as the task does (on Airflow 3, through the in-process API).
        const fromConsole = await ask<{ result: string }>(session, 'evaluate', { expression: 'Variable.get("local_greeting")', frameId: top.id, context: 'repl' });
        assert.equal(fromConsole.result, `'hello-from-local-file-${major}'`);

        await ask(session, 'continue', { threadId });
        const second = await dap.stopped(session, 1);
        const inHelper = await topFrame(session, second.body!.threadId as number);
        assert.equal(inHelper.path, helperFile);
        assert.equal(inHelper.line, lineOf(fx.helper, 'BREAK-HELPER'));
        assert.equal((await frameLocals(session, inHelper.id)).get('text'), `'hello-from-local-file-${major}'`);
        await ask(session, 'continue', { threadId: second.body!.threadId });
        await done;
        const record: LocalRunRecord = await waitFor('the session\'s record', async () => {
          const last = (await localRunState()).records.filter((x) => x.mode === 'debug').at(-1);
          return last?.taskId === 'read_var' && last.ms !== undefined && last;
        }, 30_000);
        assert.equal(record.code, 0);
        assert.match(record.lastLine ?? '', /Local run succeeded: read_var/);
        const output = dap.events(session, 'output').map((m) => String(m.body?.output ?? '')).join('');
        assert.match(output, new RegExp(`shouted=HELLO-FROM-LOCAL-FILE-${major}! leak=None`));
        process.stdout.write(`      (Airflow ${major}: command to breakpoint ${toBreakpoint} ms)\n`);
      } finally {
        delete process.env.AIRFLOW_LEAK_PROBE;
        vscode.debug.removeBreakpoints(bps);
      }
    });

    it('Debug Task Locally on a task that raises: the exception stops the debugger or ends the run, named as failed', async () => {
      const starting = nextSession();
      await vscode.commands.executeCommand('mwaa.debugTaskLocally', { file: mainFile, dagId: fx.dag, taskId: 'boom' });
      const session = await starting;
      const done = ended(session);
      const outcome = await waitFor('a stop on the exception or the end', async () => {
        const stop = dap.events(session, 'stopped')[0];
        if (stop) return { stop };
        const exited = dap.events(session, 'exited')[0];
        return exited ? { exited } : undefined;
      }, 180_000, 50);
      if (outcome.stop) {
        assert.equal(outcome.stop.body?.reason, 'exception');
        const info = await ask<{ exceptionId: string; description?: string }>(session, 'exceptionInfo', { threadId: outcome.stop.body!.threadId });
        assert.match(`${info.exceptionId} ${info.description ?? ''}`, /ValueError.*boom from a local run/);
        await ask(session, 'continue', { threadId: outcome.stop.body!.threadId });
      }
      await done;
      const record: LocalRunRecord = await waitFor('the session\'s record', async () => {
        const last = (await localRunState()).records.filter((x) => x.mode === 'debug').at(-1);
        return last?.taskId === 'boom' && last.ms !== undefined && last;
      }, 30_000);
      assert.deepEqual(record.failedTasks, ['boom']);
      assert.match(record.lastLine ?? '', /Local run failed: boom/);
      const output = dap.events(session, 'output').map((m) => String(m.body?.output ?? '')).join('');
      assert.match(output, /ValueError: boom from a local run/);
    });
  });
}
