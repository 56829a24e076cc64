/**
 * One rollout, step by step: the source and the environment, what will be uploaded and what
 * UpdateEnvironment will change (asked in a modal), then the content uploaded as a new S3 object
 * version, the call, the install log's tail, and the update followed to AVAILABLE or UPDATE_FAILED.
 * Nothing is written before the user confirms: a new object version left behind by a cancelled
 * rollout would be what the next console edit or IaC run activates.
 */
import * as vscode from 'vscode';
import { loadSdk } from '../../core/aws/loadSdk';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { ARTIFACTS, rolloutTarget, updateEnvironmentInput, type ArtifactKind, type RolloutTarget } from '../../core/rollouts/artifacts';
import { assertCanUpdate, changeSummary, uploadFacts, type ChangeSummary } from '../../core/rollouts/changeSummary';
import { followUpdate, outcomeMessage, phaseMessage, type RolloutOutcome } from '../../core/rollouts/followUpdate';
import { updateEnvironmentError, uploadError } from '../../core/rollouts/rolloutErrors';
import { assertUploadable, s3ArtifactBucket, uploadVersioned, type ArtifactBucket } from '../../core/rollouts/versionedUpload';
import { toAbortSignal } from '../../host/abortSignal';
import { COMMANDS } from '../../host/commandIds';
import type { NoticeAction } from '../../host/notify';
import type { Services } from '../../services/services';
import type { InstallLog, InstallLogs } from './installLogs';
import { prepareContent, type Content } from './rolloutContent';
import { rolloutResolver } from './rolloutResolve';
import { resolveSource } from './rolloutSources';
import { CONFIRM_PROMPT, NOTICE_SOURCE, type RolloutOptions, type RolloutSummary } from './rolloutTypes';

/** The status flips to UPDATING within seconds of the call; later polls back off to a minute. */
const FIRST_POLL_MS = 2_000;
/** MWAA updates take 10-40 minutes; past this the notification stops following. */
const FOLLOW_TIMEOUT_MS = 90 * 60_000;
const QUIET_AFTER_MS = 90_000;

/** An update requested: what the follow and the final notification need. */
interface Requested {
  readonly env: MwaaEnvironment;
  readonly key: string;
  readonly kind: ArtifactKind;
  readonly version: string;
  readonly startedAt: number;
  readonly record: RolloutSummary;
}

const where = (env: MwaaEnvironment) => ({ profile: env.profile, region: env.region });

/** The resolver's verdict, when the file installs, leads the confirmation's detail. */
const withNote = (summary: ChangeSummary, note: string | undefined): ChangeSummary => (note ? { ...summary, detail: `${note}\n\n${summary.detail}` } : summary);

export class RolloutRunner {
  constructor(
    private readonly services: Services,
    private readonly logs: InstallLogs,
    /** Every rollout of this session, as it goes (the state seam's). */
    private readonly summaries: RolloutSummary[],
  ) {}

  async rollout(kind: ArtifactKind, arg: unknown, options: RolloutOptions): Promise<RolloutSummary | undefined> {
    this.services.trust.require();
    const environments = this.services.environments;
    const argUri = arg instanceof vscode.Uri ? arg : undefined;
    const source = await resolveSource(kind, argUri ?? (options.source ? vscode.Uri.file(options.source) : undefined));
    const key = environmentKey(await this.chooseEnvironment(kind, options.environment ?? (argUri ? undefined : arg), source));
    const env = await environments.environment(key, { fresh: true });
    assertCanUpdate(env, kind);
    const target = rolloutTarget(env, kind);
    const content = await prepareContent({ bundleDir: this.bundleDir(), logger: this.services.logger }, kind, source, env, rolloutResolver(this.services));
    // A bucket that cannot take the rollout is refused before the question, with nothing written.
    await this.checkBucket(env, target);
    const summary = withNote(changeSummary({
      env, kind, target, upload: uploadFacts(content.body), source: vscode.workspace.asRelativePath(source),
      ...(content.lintErrors ? { lintErrors: content.lintErrors } : {}), ...(content.fileCount !== undefined ? { fileCount: content.fileCount } : {}), warnings: content.warnings,
    }), content.resolverNote);
    const record: RolloutSummary = {
      artifact: kind, environment: key, key: target.key,
      ...(target.currentVersion ? { previousVersion: target.currentVersion } : {}), confirmMessage: summary.message, confirmDetail: summary.detail, outcome: 'cancelled',
    };
    this.summaries.push(record);
    if (!(await this.confirm(summary, content))) {
      this.services.logger.info(`${env.name}: ${ARTIFACTS[kind].label} rollout cancelled; nothing was uploaded`);
      return record;
    }
    const version = await this.upload(env, kind, target, content.body, record);
    record.version = version;
    const startedAt = Date.now();
    await this.requestUpdate(env, kind, target, version, record);
    return this.followToEnd({ env, key, kind, version, startedAt, record });
  }

  /** The environment: the node or key given, else the source folder's binding, else a pick. */
  private async chooseEnvironment(kind: ArtifactKind, envArg: unknown, source: vscode.Uri): Promise<MwaaEnvironment> {
    const environments = this.services.environments;
    const purpose = vscode.l10n.t('Roll out {0} to', ARTIFACTS[kind].label);
    if (envArg !== undefined) return environments.pickEnvironment(envArg, purpose);
    const binding = this.services.bindings.bindingOf(source)?.binding;
    return binding ? environments.environment(environmentKey(binding)) : environments.pickEnvironment(undefined, purpose);
  }

  /** Folder of the bundles (dist/): where the lint data is found. */
  private bundleDir(): string {
    return vscode.Uri.joinPath(this.services.context.extensionUri, 'dist').fsPath;
  }

  private bucketOf(env: MwaaEnvironment): ArtifactBucket {
    const environments = this.services.environments;
    return s3ArtifactBucket(environments.factory.s3(environments.targetOf(env)));
  }

  /** The key and the bucket's versioning, read only: nothing is written before the confirmation. */
  private async checkBucket(env: MwaaEnvironment, target: RolloutTarget): Promise<void> {
    try {
      await assertUploadable(this.bucketOf(env), target);
    } catch (err) {
      throw uploadError(err, `s3://${target.bucket}/${target.key}`, where(env));
    }
  }

  /** Uploads the content as a new object version (only once confirmed); the version. */
  private upload(env: MwaaEnvironment, kind: ArtifactKind, target: RolloutTarget, body: Uint8Array, record: RolloutSummary): Thenable<string> {
    const url = `s3://${target.bucket}/${target.key}`;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Uploading {0} to {1}…', ARTIFACTS[kind].label, url) }, async () => {
      try {
        return (await uploadVersioned(this.bucketOf(env), target, body)).versionId;
      } catch (err) {
        record.outcome = 'uploadFailed';
        throw uploadError(err, url, where(env));
      }
    });
  }

  /** The modal: what UpdateEnvironment will change, shown as a warning when the check found something. */
  private async confirm(summary: ChangeSummary, content: Content): Promise<boolean> {
    const warning = Boolean(content.lintErrors || content.warnings.length);
    const answer = await this.services.prompts.confirm(CONFIRM_PROMPT, summary.message, { modal: true, detail: summary.detail, warning }, summary.confirm);
    return answer === summary.confirm;
  }

  private async requestUpdate(env: MwaaEnvironment, kind: ArtifactKind, target: RolloutTarget, version: string, record: RolloutSummary): Promise<void> {
    const environments = this.services.environments;
    try {
      const { UpdateEnvironmentCommand } = loadSdk();
      await environments.factory.mwaa(environments.targetOf(env)).send(new UpdateEnvironmentCommand(updateEnvironmentInput(env.name, kind, target.key, version)));
    } catch (err) {
      record.outcome = 'rejected';
      throw updateEnvironmentError(err, env.name, where(env));
    }
    this.services.logger.info(`${env.name}: UpdateEnvironment ${ARTIFACTS[kind].field}S3Path=${target.key} version ${version}`);
    record.outcome = 'updating';
  }

  /** Tails the install log and follows the update to its end, which a notification announces. */
  private async followToEnd(update: Requested): Promise<RolloutSummary> {
    const { env, key, kind, record } = update;
    const environments = this.services.environments;
    // This rollout announces the end (with its actions); the explorer would say it a second time.
    environments.quietSettleNotices(key, FOLLOW_TIMEOUT_MS + QUIET_AFTER_MS);
    const log = this.logs.start(env, key, kind, update.startedAt);
    if (log?.terminal) record.logTerminal = log.terminal.name;
    let outcome: RolloutOutcome;
    try {
      outcome = await this.follow(update);
    } catch (err) {
      environments.quietSettleNotices(key, 0); // no longer followed here: the explorer announces it
      throw err;
    }
    // Long enough for the explorer's own poll (at most a minute apart) to see the same end.
    environments.quietSettleNotices(key, outcome.kind === 'timedOut' ? 0 : QUIET_AFTER_MS);
    if (log) this.logs.end(log, vscode.l10n.t('The update ended ({0}): tail stopped. Close this terminal when done.', outcome.env?.status ?? 'still updating'));
    record.outcome = outcome.kind;
    record.status = outcome.env?.status;
    record.elapsedMs = outcome.elapsedMs;
    if (outcome.kind === 'failed' && outcome.error) record.error = { ...outcome.error };
    record.message = outcomeMessage(env.name, kind, outcome);
    this.present(outcome, record.message, key, log);
    return record;
  }

  /** Polls the environment (with progress, cancellable) until the update ends. */
  private follow({ env, key, kind, version, startedAt }: Requested): Thenable<RolloutOutcome> {
    const environments = this.services.environments;
    const title = vscode.l10n.t('{0}: rolling out {1}', env.name, ARTIFACTS[kind].label);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const cancel = toAbortSignal(token);
      progress.report({ message: vscode.l10n.t('update requested…') });
      try {
        return await followUpdate((signal) => environments.environment(key, { fresh: true, ...(signal ? { signal } : {}) }), {
          artifact: kind, expectedVersion: version, startedAt, initialMs: FIRST_POLL_MS, maxMs: 60_000, timeoutMs: FOLLOW_TIMEOUT_MS, abortSignal: cancel.signal,
          onUpdate: (e) => progress.report({ message: phaseMessage(e, Date.now() - startedAt) }),
        });
      } catch (err) {
        if (cancel.signal.aborted) {
          this.services.notify.info(vscode.l10n.t('Stopped following the update of {0}; it goes on in AWS, and the MWAA view shows its status.', env.name), [], NOTICE_SOURCE);
        }
        throw err;
      } finally {
        cancel.dispose();
      }
    });
  }

  private present(outcome: RolloutOutcome, message: string, key: string, log: InstallLog | undefined): void {
    const actions: NoticeAction[] = outcome.kind === 'succeeded' && outcome.versionMatches ? [] : [
      { label: vscode.l10n.t('Show Details'), command: COMMANDS.environments.showDetails, args: [key] },
      ...(log ? [{ label: vscode.l10n.t('Show Install Log'), run: () => this.logs.open(log) }] : []),
    ];
    const level = outcome.kind === 'succeeded' ? (outcome.versionMatches ? 'info' : 'warn') : outcome.kind === 'timedOut' ? 'warn' : 'error';
    this.services.notify[level](message, actions, NOTICE_SOURCE);
  }
}
