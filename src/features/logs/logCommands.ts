/**
 * "Show Task Log" and "Tail Run": the per-task and per-run entry points the runs view calls
 * (and the command palette, where they ask). Required on first use (dist/logs.js): activation
 * only registers their ids in registerLogs.ts.
 */
import * as vscode from 'vscode';
import { UserFacingError, type UserAction } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { cloudWatchTransport } from '../../core/logs/cloudWatchTransport';
import { isResourceNotFound, listStreams } from '../../core/logs/describeStreams';
import { readStreamText, type StreamText } from '../../core/logs/readStream';
import { parseTaskStreamName, taskLogTemplateFor, taskStreamName, taskStreamPrefix } from '../../core/logs/streamNames';
import {
  RUNNING_STATES, attemptsFromStreams, explainMissingStream, isTreeElement, parseRunLogRef, parseTaskLogRef, runTailPrefix, taskLogTitle,
  type RunLogRef, type TaskLogRef,
} from '../../core/logs/taskLogRef';
import type { TaskInstance } from '../../core/airflow/models';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import type { EnvironmentServices } from '../environments/environmentServices';
import { LOG_COMMANDS } from './logCommandIds';
import type { LogDocuments } from './logDocuments';
import { pickRecentTaskStream, taskLogGroupOf } from './taskLogGroup';
import { openTailTerminal } from './tailTerminal';

export interface LogCommandDeps {
  readonly services: () => EnvironmentServices;
  readonly documents: LogDocuments;
  readonly logger: Logger;
  /** Most lines a log document keeps (the newest); the rest are in CloudWatch. */
  readonly maxDocumentLines?: number;
  /** Under the test runner: keep what each tail terminal wrote, for tailTranscript(). */
  readonly testMode?: boolean;
}

/** What showTaskLogs did, for callers and tests. */
export interface ShownTaskLog {
  /** The document's URI; absent when the task had sent no lines yet (then only `following`). */
  readonly uri?: string;
  readonly stream: string;
  readonly lines: number;
  /** The live-tail terminal's name when the task was still running. */
  readonly following?: string;
}

export interface LogCommands {
  showTaskLogs(arg?: unknown): Promise<ShownTaskLog>;
  tailRun(arg?: unknown): Promise<string>;
  /** Test seam: what a tail terminal has written so far, colours stripped (test mode only). */
  tailTranscript(name: string): string;
}

const TRANSCRIPT_CHARS = 200_000;

const DOCUMENT_LINES = 50_000;

export function createLogCommands(deps: LogCommandDeps): LogCommands {
  const { logger } = deps;
  const transcripts = new Map<string, string>();

  /** A tail terminal; under the test runner its output is kept (bounded) for tailTranscript(). */
  function openTail(opts: Omit<Parameters<typeof openTailTerminal>[0], 'logger'>): string {
    const name = `MWAA: ${opts.title}`;
    if (deps.testMode) transcripts.set(name, '');
    const onWrite = deps.testMode ? (text: string) => transcripts.set(name, ((transcripts.get(name) ?? '') + text).slice(-TRANSCRIPT_CHARS)) : undefined;
    return openTailTerminal({ ...opts, logger, ...(onWrite ? { onWrite } : {}) }).name;
  }

  /** The task instance as Airflow sees it now; undefined when Airflow cannot be asked. */
  async function taskInstance(env: MwaaEnvironment, ref: TaskLogRef): Promise<TaskInstance | undefined> {
    try {
      const tis = await deps.services().airflow(env).listTaskInstances(ref.dagId, ref.runId, AbortSignal.timeout(20_000));
      return tis.find((t) => t.taskId === ref.taskId && t.mapIndex === (ref.mapIndex ?? -1));
    } catch (err) {
      logger.warn(`could not ask Airflow for ${ref.dagId}.${ref.taskId}'s state: ${(err as Error).message}`);
      return undefined;
    }
  }

  async function showStream(env: MwaaEnvironment, arn: string, stream: string, title: string): Promise<{ editor: vscode.TextEditor; first: StreamText }> {
    const client = deps.services().factory.logs(deps.services().targetOf(env));
    const read = (raw: boolean, signal?: AbortSignal) => readStreamText(client, arn, stream, { maxLines: deps.maxDocumentLines ?? DOCUMENT_LINES, raw, ...(signal ? { abortSignal: signal } : {}) });
    // Read once before opening, so a missing stream is an error message rather than an empty tab.
    const first = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading ${title}…` }, () => read(false));
    let cached: StreamText | undefined = first;
    const editor = await deps.documents.open(title, async (token, view) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const out = !view.raw && cached ? cached : await read(view.raw, ac.signal);
      cached = undefined; // reopening or toggling reads again: the log may have grown
      return { text: out.text, structured: out.structured };
    });
    return { editor, first };
  }

  /**
   * The attempts of a task that have streams; throws when the log group itself is missing (asked
   * by listing, since CloudWatch stand-ins word a missing stream like a missing group).
   */
  async function attemptsWithLogs(env: MwaaEnvironment, ref: TaskLogRef, group: { arn: string; name: string }): Promise<number[]> {
    const client = deps.services().factory.logs(deps.services().targetOf(env));
    try {
      const streams = await listStreams(client, group.arn, { prefix: taskStreamPrefix(ref.dagId, ref.runId, ref.taskId), limit: 100 });
      return attemptsFromStreams(streams.map((s) => s.name), ref);
    } catch (err) {
      if (!isResourceNotFound(err)) throw err;
      throw new UserFacingError(`${env.name}'s Task log group ${group.name} does not exist yet: MWAA creates it when the first task logs with Task logs enabled. Check the environment's monitoring settings, then run the task again.`, [], { cause: err });
    }
  }

  function explainMissing(ref: TaskLogRef & { tryNumber: number }, group: { name: string }, stream: string, ti: TaskInstance | undefined, attempts: number[], err: unknown): never {
    const why = explainMissingStream({ title: taskLogTitle(ref), stream, group: group.name, tryNumber: ref.tryNumber, attemptsWithLogs: attempts, ...(ti ? { state: ti.state ?? 'none' } : {}) });
    const actions: UserAction[] = [];
    for (const n of attempts.slice(-2).reverse()) actions.push({ label: `Open Attempt ${n}`, command: LOG_COMMANDS.showTaskLogs, args: [{ ...ref, tryNumber: n }] });
    if (why.kind === 'not-started' || why.kind === 'no-logs') {
      actions.push({ label: 'Follow Live', command: LOG_COMMANDS.tailRun, args: [{ envKey: ref.envKey, dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId }] });
    }
    throw new UserFacingError(why.message, actions, { cause: err });
  }

  async function showTaskLogs(arg?: unknown): Promise<ShownTaskLog> {
    const services = deps.services();
    services.requireTrust();
    const parsed = parseTaskLogRef(arg);
    if (!parsed) {
      if (arg && typeof arg === 'object' && ('taskLog' in arg || 'dagId' in arg)) {
        throw new UserFacingError('Show Task Log needs a task instance ({envKey, dagId, runId, taskId, tryNumber}); this one is incomplete. Open it from a task in the Runs view, or from the command palette to pick a recent task log.');
      }
      // From the palette or an environment: pick one of the environment's recent task logs.
      const env = await services.pickEnvironment(arg, 'Show a task log of');
      const group = taskLogGroupOf(env);
      const stream = await pickRecentTaskStream(services.factory.logs(services.targetOf(env)), env, group, 'tasks');
      const named = parseTaskStreamName(stream);
      const title = named?.dagId && named.taskId ? taskLogTitle({ ...named, dagId: named.dagId, taskId: named.taskId }) : stream;
      const { editor, first } = await showStream(env, group.arn, stream, `${env.name} ${title}`);
      return { uri: editor.document.uri.toString(), stream, lines: first.lines };
    }
    const env = await services.environment(parsed.envKey);
    const group = taskLogGroupOf(env);
    const template = taskLogTemplateFor(env.airflowVersion.raw);
    const ti = await taskInstance(env, parsed);
    const tryNumber = parsed.tryNumber ?? ti?.tryNumber;
    const logicalDate = parsed.logicalDate ?? ti?.logicalDate ?? undefined;
    if (!tryNumber) {
      throw new UserFacingError(`${taskLogTitle(parsed)} has not run yet${ti?.state ? ` (state: ${ti.state})` : ''}, so it has no log.`, [
        { label: 'Follow Live', command: LOG_COMMANDS.tailRun, args: [{ envKey: parsed.envKey, dagId: parsed.dagId, runId: parsed.runId, taskId: parsed.taskId }] },
      ]);
    }
    if (template === 'legacy' && !logicalDate) {
      throw new UserFacingError(`${env.name} runs Airflow ${env.airflowVersion.raw}, whose task log names contain the run's logical date, and Airflow could not be asked for it. Pass logicalDate with the task, or check that the environment's Airflow API is reachable.`);
    }
    const ref = { ...parsed, tryNumber, ...(logicalDate ? { logicalDate } : {}) };
    const stream = taskStreamName(ref, template);
    const title = `${env.name} ${taskLogTitle(ref)}`;
    const stillRunning = ti !== undefined && RUNNING_STATES.has((ti.state ?? '').toLowerCase()) && ti.tryNumber === tryNumber;
    const follow = (startTime: number) => openTail({
      title,
      transport: cloudWatchTransport(services.factory.logs(services.targetOf(env))),
      // A prefix, not a name: the stream may not exist yet (Airflow's handler sends in batches).
      target: { logGroupArns: [group.arn], streamPrefixes: [stream] },
      startTime,
    });
    let shown: Awaited<ReturnType<typeof showStream>>;
    try {
      shown = await showStream(env, group.arn, stream, title);
    } catch (err) {
      if (!isResourceNotFound(err)) throw err;
      const attempts = await attemptsWithLogs(env, ref, group);
      if (!stillRunning) explainMissing(ref, group, stream, ti, attempts, err);
      // Running, nothing sent yet (Airflow's handler sends in batches): follow it live from the start.
      const following = follow(0);
      void vscode.window.showInformationMessage(`${taskLogTitle(ref)} is ${ti?.state} and has sent no lines yet: following it live in "${following}".`);
      return { stream, lines: 0, following };
    }
    let following: string | undefined;
    if (stillRunning) {
      // The document holds what is there now; the terminal carries on from its last line.
      following = follow((shown.first.lastTimestamp ?? Date.now() - 60_000) + 1);
      void vscode.window.showInformationMessage(`${taskLogTitle(ref)} is still ${ti?.state}: its new lines follow live in the terminal "${following}".`);
    }
    return { uri: shown.editor.document.uri.toString(), stream, lines: shown.first.lines, ...(following ? { following } : {}) };
  }

  async function tailRun(arg?: unknown): Promise<string> {
    const services = deps.services();
    services.requireTrust();
    const ref: RunLogRef | undefined = parseRunLogRef(arg);
    // A person (palette or a tree element) is asked for a filter; code passes its own.
    const person = arg === undefined || isTreeElement(arg, 'runLog') || !ref;
    let env: MwaaEnvironment;
    let prefix: string;
    let title: string;
    if (ref) {
      env = await services.environment(ref.envKey);
      prefix = runTailPrefix(ref, taskLogTemplateFor(env.airflowVersion.raw));
      title = `${env.name} ${ref.dagId}${ref.taskId ? `.${ref.taskId}` : ''} ${ref.runId}`;
    } else {
      if (arg && typeof arg === 'object' && ('runLog' in arg || 'dagId' in arg)) {
        throw new UserFacingError('Tail Run needs a DAG run ({envKey, dagId, runId}); this one is incomplete. Use it on a run in the Runs view, or from the command palette to pick a recent run.');
      }
      env = await services.pickEnvironment(arg, 'Tail a run of');
      prefix = await pickRecentTaskStream(services.factory.logs(services.targetOf(env)), env, taskLogGroupOf(env), 'runs');
      title = `${env.name} ${prefix.replace(/^dag_id=/, '').replace('/run_id=', ' ').replace(/\/$/, '')}`;
    }
    const group = taskLogGroupOf(env);
    const pattern = person
      ? await vscode.window.showInputBox({
        title: `Tail ${title}`,
        prompt: 'Optional CloudWatch filter pattern, e.g. ERROR or "Task failed" (empty: every line)',
        placeHolder: 'filter pattern',
      })
      : ref?.filterPattern ?? '';
    if (pattern === undefined) throw new vscode.CancellationError();
    return openTail({
      title,
      transport: cloudWatchTransport(services.factory.logs(services.targetOf(env))),
      target: { logGroupArns: [group.arn], streamPrefixes: [prefix], ...(pattern.trim() ? { filterPattern: pattern.trim() } : {}) },
      // The run's whole history (its streams only), then live.
      startTime: 0,
    });
  }

  return {
    showTaskLogs,
    tailRun,
    tailTranscript: (name) => (transcripts.get(name) ?? '').replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n'),
  };
}
