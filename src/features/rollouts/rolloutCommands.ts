/**
 * Dependency rollouts (loaded on first use): upload requirements.txt, a built plugins.zip or a
 * startup script as a new S3 object version, show what UpdateEnvironment will change, ask, call
 * it, tail the install log, and follow the update to AVAILABLE or UPDATE_FAILED.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { loadSdk } from '../../core/aws/loadSdk';
import { describeError, UserFacingError } from '../../core/errors';
import { updateEnvironmentError, uploadError } from '../../core/rollouts/rolloutErrors';
import { cloudWatchTransport } from '../../core/logs/cloudWatchTransport';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { ARTIFACTS, rolloutTarget, updateEnvironmentInput, type ArtifactKind } from '../../core/rollouts/artifacts';
import { assertCanUpdate, changeSummary, lintErrorSummary, startupScriptWarnings } from '../../core/rollouts/changeSummary';
import { followUpdate, outcomeMessage, phaseMessage, type RolloutOutcome } from '../../core/rollouts/followUpdate';
import { installLogTarget, type InstallLogTarget } from '../../core/rollouts/installLog';
import { buildPluginsZip } from '../../core/rollouts/pluginsZip';
import { s3ArtifactBucket, uploadVersioned } from '../../core/rollouts/versionedUpload';
import { environmentKey } from '../environments/environmentKey';
import { openTailTerminal } from '../logs/tailTerminal';
import { checkRequirementsFile } from './requirementsCheck';
import { bindingFor, resolveSource } from './rolloutSources';
import { ROLLOUT_COMMANDS, type RolloutDeps, type RolloutOptions, type RolloutSummary } from './rolloutTypes';

const MAX_LOG_LINES = 400;
/** The status flips to UPDATING within seconds of the call; later polls back off to a minute. */
const FIRST_POLL_MS = 2_000;
/** MWAA updates take 10-40 minutes; past this the notification stops following. */
const FOLLOW_TIMEOUT_MS = 90 * 60_000;
const QUIET_AFTER_MS = 90_000;
const TAIL_LINGER_MS = 20_000;

interface RolloutLog {
  readonly title: string;
  readonly target: InstallLogTarget;
  readonly startTime: number;
  readonly env: MwaaEnvironment;
  terminal?: vscode.Terminal;
  readonly lines: string[];
  /** Ends the open terminal's live tail once the update is over (sessions are billed by the minute). */
  stop?: AbortController;
  /** Set when the update is over: why the tail stops. */
  ended?: string;
}

export interface Rollouts extends vscode.Disposable {
  readonly handlers: ReadonlyMap<string, (...args: unknown[]) => unknown>;
}

export function createRollouts(deps: RolloutDeps): Rollouts {
  const summaries: RolloutSummary[] = [];
  const logs = new Map<string, RolloutLog>();
  const errors: string[] = [];
  const notifications: string[] = [];

  const notify = (kind: 'info' | 'warning' | 'error', message: string, ...actions: string[]): Thenable<string | undefined> => {
    notifications.push(message);
    const show = kind === 'info' ? vscode.window.showInformationMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    return show(message, ...actions);
  };

  // The install wrote its lines before the status settled; CloudWatch may deliver the last ones late.
  const stopLater = (log: RolloutLog) => {
    const stop = log.stop;
    setTimeout(() => stop?.abort(log.ended), TAIL_LINGER_MS).unref?.();
  };

  const openLog = (log: RolloutLog): vscode.Terminal => {
    if (log.terminal && vscode.window.terminals.includes(log.terminal)) {
      log.terminal.show(true);
      return log.terminal;
    }
    const services = deps.services();
    log.lines.length = 0;
    log.stop = new AbortController();
    if (log.ended) stopLater(log); // reopened after the end: the history, then stop
    log.terminal = openTailTerminal({
      title: log.title,
      transport: cloudWatchTransport(services.factory.logs(services.targetOf(log.env))),
      target: log.target.tail,
      startTime: log.startTime,
      logger: deps.logger,
      stopSignal: log.stop.signal,
      onWrite: (text) => {
        // The last lines, plain, for the rollout's summary and the test seam.
        log.lines.push(...text.replace(/\x1b\[[0-9;]*m/g, '').split('\r\n').filter(Boolean));
        if (log.lines.length > MAX_LOG_LINES) log.lines.splice(0, log.lines.length - MAX_LOG_LINES);
      },
    });
    return log.terminal;
  };

  async function rollout(kind: ArtifactKind, arg: unknown, options: RolloutOptions = {}): Promise<RolloutSummary | undefined> {
    const spec = ARTIFACTS[kind];
    const services = deps.services();
    services.requireTrust();
    const argUri = arg instanceof vscode.Uri ? arg : undefined;
    const source = await resolveSource(kind, argUri ?? (options.source ? vscode.Uri.file(options.source) : undefined));

    // The environment: the node or key it was invoked with, else the source folder's binding, else a pick.
    const envArg = options.environment ?? (argUri ? undefined : arg);
    const binding = envArg === undefined ? bindingFor(deps.bindings, source) : undefined;
    const picked = envArg !== undefined
      ? await services.pickEnvironment(envArg, `Roll out ${spec.label} to`)
      : binding
        ? await services.environment(environmentKey(binding))
        : await services.pickEnvironment(undefined, `Roll out ${spec.label} to`);
    const key = environmentKey(picked);
    const env = await services.environment(key, { fresh: true });
    assertCanUpdate(env, kind);
    const target = rolloutTarget(env, kind);

    const { body, fileCount, lintErrors, warnings } = await prepareContent(deps, kind, source, env);

    const where = { profile: env.profile, region: env.region };
    const uploaded = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Uploading ${spec.label} to s3://${target.bucket}/${target.key}…` },
      async () => {
        try {
          return await uploadVersioned(s3ArtifactBucket(services.factory.s3(services.targetOf(env))), target, body);
        } catch (err) {
          throw uploadError(err, `s3://${target.bucket}/${target.key}`, where);
        }
      },
    );
    const summary = changeSummary({ env, kind, target, newVersion: uploaded.versionId, source: vscode.workspace.asRelativePath(source), ...(lintErrors ? { lintErrors } : {}), ...(fileCount !== undefined ? { fileCount } : {}), warnings });
    const record: RolloutSummary = {
      artifact: kind, environment: key, key: target.key, version: uploaded.versionId,
      ...(target.currentVersion ? { previousVersion: target.currentVersion } : {}), confirmMessage: summary.message, confirmDetail: summary.detail, outcome: 'cancelled',
    };
    summaries.push(record);
    if (!(deps.testMode && options.confirmed)) {
      const show = lintErrors || warnings.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      const answer = await show(summary.message, { modal: true, detail: summary.detail }, summary.confirm);
      if (answer !== summary.confirm) {
        deps.logger.info(`${env.name}: ${spec.label} version ${uploaded.versionId} uploaded but not rolled out (cancelled)`);
        return record;
      }
    }

    const startedAt = Date.now();
    try {
      const { UpdateEnvironmentCommand } = loadSdk();
      await services.factory.mwaa(services.targetOf(env)).send(new UpdateEnvironmentCommand(updateEnvironmentInput(env.name, kind, target.key, uploaded.versionId)));
    } catch (err) {
      record.outcome = 'rejected';
      throw updateEnvironmentError(err, env.name, where);
    }
    deps.logger.info(`${env.name}: UpdateEnvironment ${spec.field}S3Path=${target.key} version ${uploaded.versionId}`);
    record.outcome = 'updating';
    // This rollout announces the end (with its actions); the explorer would say it a second time.
    services.quietSettleNotices(key, FOLLOW_TIMEOUT_MS + QUIET_AFTER_MS);

    const logTarget = installLogTarget(env, kind);
    let log: RolloutLog | undefined;
    if (logTarget) {
      // MWAA stamps the stream with the install's start; a few seconds of slack for clock skew.
      logs.get(key)?.stop?.abort('A newer rollout to this environment started: tail stopped.');
      log = { title: `${env.name} ${spec.label} install`, target: logTarget, startTime: startedAt - 5_000, env, lines: [] };
      logs.set(key, log);
      record.logTerminal = openLog(log).name;
    } else if (spec.streamPrefix) {
      deps.logger.info(`${env.name} sends no logs to CloudWatch, so the ${spec.label} install log cannot be shown; enable Worker or Scheduler logs to see it`);
    }

    let outcome: RolloutOutcome;
    try {
      outcome = await follow(env, key, kind, uploaded.versionId, startedAt);
    } catch (err) {
      services.quietSettleNotices(key, 0); // no longer followed here: the explorer announces it
      throw err;
    }
    // Long enough for the explorer's own poll (at most a minute apart) to see the same end.
    services.quietSettleNotices(key, outcome.kind === 'timedOut' ? 0 : QUIET_AFTER_MS);
    if (log) {
      log.ended = `The update ended (${outcome.env?.status ?? 'still updating'}): tail stopped. Close this terminal when done.`;
      stopLater(log);
    }
    record.outcome = outcome.kind;
    record.status = outcome.env?.status;
    record.elapsedMs = outcome.elapsedMs;
    if (outcome.kind === 'failed' && outcome.error) record.error = { ...outcome.error };
    record.message = outcomeMessage(env.name, kind, outcome);
    void present(outcome, record.message, key, log);
    return record;
  }

  async function follow(env: MwaaEnvironment, key: string, kind: ArtifactKind, version: string, startedAt: number): Promise<RolloutOutcome> {
    const services = deps.services();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${env.name}: rolling out ${ARTIFACTS[kind].label}`, cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        progress.report({ message: 'update requested…' });
        try {
          return await followUpdate((signal) => services.environment(key, { fresh: true, ...(signal ? { signal } : {}) }), {
            artifact: kind, expectedVersion: version, startedAt, initialMs: FIRST_POLL_MS, maxMs: 60_000, timeoutMs: FOLLOW_TIMEOUT_MS, abortSignal: ac.signal,
            onUpdate: (e) => progress.report({ message: phaseMessage(e, Date.now() - startedAt) }),
          });
        } catch (err) {
          if (ac.signal.aborted) {
            void notify('info', `Stopped following the update of ${env.name}; it goes on in AWS, and the MWAA view shows its status.`);
          }
          throw err;
        } finally {
          sub.dispose();
        }
      },
    );
  }

  async function present(outcome: RolloutOutcome, message: string, key: string, log: RolloutLog | undefined): Promise<void> {
    const details = 'Show Details';
    const showLog = 'Show Install Log';
    const actions = outcome.kind === 'succeeded' && outcome.versionMatches ? [] : [details, ...(log ? [showLog] : [])];
    const level = outcome.kind === 'succeeded' ? (outcome.versionMatches ? 'info' : 'warning') : outcome.kind === 'timedOut' ? 'warning' : 'error';
    const picked = await notify(level, message, ...actions);
    if (picked === details) await vscode.commands.executeCommand('mwaa.showEnvironmentDetails', key);
    if (picked === showLog && log) openLog(log);
  }

  const run = (kind: ArtifactKind) => async (arg?: unknown, options?: unknown) => {
    try {
      return await rollout(kind, arg, isOptions(options) ? options : {});
    } catch (err) {
      errors.push(describeError(err));
      throw err;
    }
  };

  const handlers = new Map<string, (...args: unknown[]) => unknown>([
    [ROLLOUT_COMMANDS.requirements, run('requirements')],
    [ROLLOUT_COMMANDS.plugins, run('plugins')],
    [ROLLOUT_COMMANDS.startupScript, run('startupScript')],
    [ROLLOUT_COMMANDS.state, () => ({
      rollouts: summaries.map((s) => ({ ...s })),
      errors: [...errors],
      notifications: [...notifications],
      logs: Object.fromEntries([...logs].map(([k, l]) => [k, { title: l.title, group: l.target.group.kind, prefix: l.target.streamPrefix, lines: [...l.lines] }])),
    })],
  ]);
  return {
    handlers,
    dispose() {
      for (const l of logs.values()) l.stop?.abort();
      logs.clear();
    },
  };
}

interface Content {
  readonly body: Uint8Array;
  /** plugins.zip: files in it. */
  readonly fileCount?: number;
  /** requirements: what the constraints check found for this environment. */
  readonly lintErrors?: string;
  readonly warnings: string[];
}

/** The bytes to upload, and what the confirmation should warn about. */
async function prepareContent(deps: RolloutDeps, kind: ArtifactKind, source: vscode.Uri, env: MwaaEnvironment): Promise<Content> {
  if (kind === 'plugins') {
    const built = await buildPluginsZip(source.fsPath);
    if (built.skipped.length) deps.logger.info(`plugins.zip: left out ${built.skipped.map((s) => s.rel).join(', ')}`);
    return { body: built.zip, fileCount: built.files.length, warnings: [] };
  }
  const rel = vscode.workspace.asRelativePath(source);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
  // What is rolled out is what is on disk: unsaved edits are saved first, so the two agree.
  if (open?.isDirty && !(await open.save())) throw new UserFacingError(`${rel} has unsaved changes that could not be saved; nothing was uploaded.`);
  // An empty requirements.txt is a valid rollout: it removes every extra package.
  const body = fs.readFileSync(source.fsPath);
  if (kind === 'startupScript') return { body, warnings: startupScriptWarnings(body.toString()) };
  const lintErrors = lintErrorSummary(checkRequirementsFile(deps, source.fsPath, body.toString(), env.airflowVersion.raw));
  return { body, warnings: [], ...(lintErrors ? { lintErrors } : {}) };
}

function isOptions(v: unknown): v is RolloutOptions {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && !Array.isArray(v);
}
